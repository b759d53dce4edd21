package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// HelpPage is the employee's "Ask HR" page: their questions and a form.
type HelpPage struct {
	Base
	Rows   []TaskRow
	Form   Form
	Topics []Option
	Me     int64 // the asker's employee ID
}

func (u *UI) helpPage(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	// ?policy=ID asks about a policy.
	if id, err := strconv.ParseInt(r.URL.Query().Get("policy"), 10, 64); err == nil && id > 0 {
		p, err := u.Policies.Get(r.Context(), actor(r), id)
		if err != nil {
			return err
		}
		f = NewForm(url.Values{"topic": {"policy"}, "subject": {"About " + p.Title}, "policy_id": {itoa(id)}})
	}
	// ?pay_record=ID asks about one of the asker's pay changes.
	if id, err := strconv.ParseInt(r.URL.Query().Get("pay_record"), 10, 64); err == nil && id > 0 {
		pr, err := u.ownPayRecord(r, id)
		if err != nil {
			return err
		}
		f = NewForm(url.Values{"topic": {"pay"}, "subject": {"About my pay change of " + pr.EffectiveFrom.Format("Jan 2, 2006")}, "pay_record_id": {itoa(id)}})
	}
	// ?plan=ID asks about a benefit plan (a claim, a coverage question).
	if id, err := strconv.ParseInt(r.URL.Query().Get("plan"), 10, 64); err == nil && id > 0 {
		p, err := u.Benefits.Plan(r.Context(), actor(r), id)
		if err != nil {
			return err
		}
		f = NewForm(url.Values{"topic": {"benefits"}, "subject": {"About " + p.Name}, "plan_id": {itoa(id)}})
	}
	return u.renderHelp(w, r, http.StatusOK, f)
}

func (u *UI) renderHelp(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ts, err := u.Tasks.MyInquiries(r.Context(), a)
	if err != nil {
		return err
	}
	p := HelpPage{Base: u.base(r, "Ask HR", "Ask HR"), Rows: taskRows(ts, date.Of(u.now()), a.UserID), Form: f, Topics: codeOptions(work.InquiryTopics), Me: a.EmployeeID}
	u.render(w, r, status, "help/list", p)
	return nil
}

func (u *UI) ask(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := work.InquiryInput{Topic: f.Get("topic"), Subject: f.Get("subject"), Question: f.Get("question")}
	if pid, err := strconv.ParseInt(f.Get("policy_id"), 10, 64); err == nil && pid > 0 {
		if _, err := u.Policies.Get(r.Context(), actor(r), pid); err != nil {
			return err
		}
		in.ObjectType, in.ObjectID = "policy", pid
	}
	if rid, err := strconv.ParseInt(f.Get("pay_record_id"), 10, 64); err == nil && rid > 0 {
		if _, err := u.ownPayRecord(r, rid); err != nil {
			return err
		}
		in.ObjectType, in.ObjectID = "pay_record", rid
	}
	if pid, err := strconv.ParseInt(f.Get("plan_id"), 10, 64); err == nil && pid > 0 {
		if _, err := u.Benefits.Plan(r.Context(), actor(r), pid); err != nil {
			return err
		}
		in.ObjectType, in.ObjectID = "benefit_plan", pid
	}
	id, err := u.Tasks.Ask(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/help/"+itoa(id), "Your question is with the HR help desk.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderHelp(w, r, http.StatusUnprocessableEntity, f)
}

// ownPayRecord returns one of the actor's own pay records.
func (u *UI) ownPayRecord(r *http.Request, id int64) (people.PayRecord, error) {
	a := actor(r)
	pr, err := u.People.PayRecord(r.Context(), a, id)
	if err != nil || pr.EmployeeID != a.EmployeeID {
		return people.PayRecord{}, kit.NotFound("pay record")
	}
	return pr, nil
}

// InquiryPage is one question with its thread.
type InquiryPage struct {
	Base
	T    TaskRow
	Form Form
}

func (u *UI) inquiryPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderInquiry(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderInquiry(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	t, err := u.Tasks.Inquiry(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := InquiryPage{Base: u.base(r, t.Title, "Ask HR"), T: taskRows([]work.Task{t}, date.Of(u.now()), a.UserID)[0], Form: f}
	p.Crumbs = []Crumb{{Label: "Ask HR", Href: "/help"}, {Label: t.Title}}
	u.render(w, r, status, "help/detail", p)
	return nil
}

func (u *UI) followUp(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = u.Tasks.FollowUp(r.Context(), actor(r), id, f.Get("body"))
	if err == nil {
		return u.redirect(w, r, "/help/"+itoa(id), "Sent your reply.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderInquiry(w, r, http.StatusUnprocessableEntity, f)
}
