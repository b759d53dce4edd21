package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/people"
)

// anyEmployee resolves a work email or employee ID, current or former.
func (u *UI) anyEmployee(r *http.Request, f Form, k string) int64 {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		f.Errors.Add(k, "Enter the employee's work email")
		return 0
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return id
	}
	page, err := u.People.Directory(r.Context(), actor(r), people.DirectoryFilter{Q: v, Status: "all", Limit: 5})
	if err == nil {
		for _, e := range page.Items {
			if strings.EqualFold(e.WorkEmail, v) {
				return e.ID
			}
		}
	}
	f.Errors.Add(k, "No employee has this work email")
	return 0
}

// RecordsPage is the retention dashboard.
type RecordsPage struct {
	Base
	Tabs         []Tab
	Types        []records.TypeCount
	Due          []records.Item
	DueCount     int
	HeldCount    int
	Holds        []records.Hold
	Purges       []records.Purge
	Pending      bool
	HoldForm     Form
	YearsForm    Form
	PurgeForm    Form
	Action       string
	ReleaseForm  Form
	CanRequest   bool
	CanHold      bool
	CanRetention bool
}

func (u *UI) renderRecords(w http.ResponseWriter, r *http.Request, status int, action string, f Form) error {
	a, ctx := actor(r), r.Context()
	types, due, err := u.Records.Dashboard(ctx, a)
	if err != nil {
		return err
	}
	holds, err := u.Records.Holds(ctx, a)
	if err != nil {
		return err
	}
	purges, err := u.Records.Purges(ctx, a)
	if err != nil {
		return err
	}
	p := RecordsPage{Base: u.base(r, "Records and retention", "Compliance"), Tabs: complianceTabs(a, "/compliance/records"), Types: types, Holds: holds, Purges: purges, Action: action,
		CanRequest: access.CanAnywhere(a, access.RecordsPurgeRequest), CanHold: access.Can(a, access.RecordsHoldManage, access.CompanyTarget),
		CanRetention: access.Can(a, access.RecordsRetentionManage, access.CompanyTarget), HoldForm: NewForm(url.Values{"kind": {"employee"}}), YearsForm: NewForm(url.Values{}), PurgeForm: NewForm(nil), ReleaseForm: NewForm(nil)}
	for _, it := range due {
		if it.Held {
			p.HeldCount++
		} else {
			p.DueCount++
		}
		if len(p.Due) < 300 {
			p.Due = append(p.Due, it)
		}
	}
	for _, pu := range purges {
		if pu.Status == records.PurgePending {
			p.Pending = true
		}
	}
	for _, t := range types {
		if t.Type.Key != "i9" {
			p.YearsForm.Values.Set("years_"+t.Type.Key, strconv.Itoa(t.Years))
		}
	}
	switch action {
	case "hold":
		p.HoldForm = f
	case "years":
		p.YearsForm = f
	case "purge":
		p.PurgeForm = f
	case "release":
		p.ReleaseForm = f
	}
	u.render(w, r, status, "compliance/records", p)
	return nil
}

func (u *UI) recordsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderRecords(w, r, http.StatusOK, "", NewForm(nil))
}

func (u *UI) requestPurge(w http.ResponseWriter, r *http.Request) error {
	id, err := u.Records.RequestPurge(r.Context(), actor(r))
	if err == nil {
		return u.redirect(w, r, "/compliance/records", "Sent purge "+itoa(id)+" to the HR manager for approval.")
	}
	f := NewForm(nil)
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderRecords(w, r, http.StatusConflict, "purge", f)
}

func (u *UI) placeHold(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := records.HoldInput{Kind: f.Get("kind"), Reason: f.Get("reason")}
	switch in.Kind {
	case records.HoldEmployee:
		in.EmployeeID = u.anyEmployee(r, f, "employee")
	case records.HoldCase:
		in.CaseID = int64Of(f, "case_id")
	case records.HoldRange:
		in.From, in.To = dateOf(f, "from"), dateOf(f, "to")
	}
	if len(f.Errors) == 0 {
		_, err := u.Records.PlaceHold(r.Context(), actor(r), in)
		if err == nil {
			return u.redirect(w, r, "/compliance/records", "Placed the legal hold: nothing it covers can be purged until it is released.")
		}
		if err := f.Fail(err, map[string]string{"employee_id": "employee"}); err != nil {
			return err
		}
	}
	return u.renderRecords(w, r, http.StatusUnprocessableEntity, "hold", f)
}

func (u *UI) releaseHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = u.Records.ReleaseHold(r.Context(), actor(r), id, f.Get("reason"))
	if err == nil {
		back := "/compliance/records"
		if m := f.Get("matter"); m != "" {
			back = "/compliance/matters/" + m
		}
		return u.redirect(w, r, back, "Released the hold.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderRecords(w, r, http.StatusUnprocessableEntity, "release", f)
}

func (u *UI) setRetentionYears(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	years := map[string]int{}
	for _, t := range records.Types {
		if t.Key == "i9" {
			continue
		}
		years[t.Key] = intOf(f, "years_"+t.Key)
	}
	if len(f.Errors) == 0 {
		err := u.Records.SetRetentionYears(r.Context(), actor(r), years)
		if err == nil {
			return u.redirect(w, r, "/compliance/records", "Saved the company's retention years.")
		}
		fields := map[string]string{}
		for k := range years {
			fields["years."+k] = "years_" + k
		}
		if err := f.Fail(err, fields); err != nil {
			return err
		}
	}
	return u.renderRecords(w, r, http.StatusUnprocessableEntity, "years", f)
}

// MattersPage lists legal matters.
type MattersPage struct {
	Base
	Tabs       []Tab
	Matters    []records.Matter
	Form       Form
	Kinds      []Option
	KindLabels map[string]string
}

func matterKinds() []Option {
	var out []Option
	for _, k := range records.MatterKinds {
		out = append(out, Option{Value: k, Label: records.MatterKindLabels[k]})
	}
	return out
}

func (u *UI) renderMatters(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ms, err := u.Records.Matters(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, status, "compliance/matters", MattersPage{Base: u.base(r, "Legal matters", "Compliance"), Tabs: complianceTabs(a, "/compliance/matters"), Matters: ms, Form: f, Kinds: matterKinds(), KindLabels: records.MatterKindLabels})
	return nil
}

func (u *UI) mattersPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMatters(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) openMatter(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := records.MatterInput{Kind: f.Get("kind"), Title: f.Get("title"), Agency: f.Get("agency"), Reference: f.Get("reference"), Counsel: f.Get("counsel"),
		ReceivedOn: dateOf(f, "received_on"), ResponseDue: dateOf(f, "response_due"), Description: f.Get("description")}
	if len(f.Errors) == 0 {
		id, err := u.Records.OpenMatter(r.Context(), actor(r), in)
		if err == nil {
			return u.redirect(w, r, "/compliance/matters/"+itoa(id), "Recorded the matter. Add the people involved to hold their records.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderMatters(w, r, http.StatusUnprocessableEntity, f)
}

// MatterPage is one legal matter.
type MatterPage struct {
	Base
	M          records.Matter
	Form       Form
	Action     string
	KindLabels map[string]string
}

func (u *UI) renderMatter(w http.ResponseWriter, r *http.Request, status int, action string, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := u.Records.GetMatter(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := MatterPage{Base: u.base(r, m.Title, "Compliance"), M: m, Form: f, Action: action, KindLabels: records.MatterKindLabels}
	p.Crumbs = []Crumb{{Label: "Legal matters", Href: "/compliance/matters"}, {Label: m.Title}}
	u.render(w, r, status, "compliance/matter", p)
	return nil
}

func (u *UI) matterPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMatter(w, r, http.StatusOK, "", NewForm(nil))
}

// matterPost runs a matter action and shows the page again on errors.
func (u *UI) matterPost(action, done string, run func(r *http.Request, id int64, f Form) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		f := NewForm(r.PostForm)
		err = run(r, id, f)
		if err == nil && len(f.Errors) == 0 {
			return u.redirect(w, r, "/compliance/matters/"+itoa(id), done)
		}
		if err != nil {
			if err := f.Fail(err, map[string]string{"employee_ids[0]": "employee", "employee_ids": "employee"}); err != nil {
				return err
			}
		}
		return u.renderMatter(w, r, http.StatusUnprocessableEntity, action, f)
	}
}

func (u *UI) matterPeople(r *http.Request, id int64, f Form) error {
	e := u.anyEmployee(r, f, "employee")
	if len(f.Errors) > 0 {
		return nil
	}
	return u.Records.AddPeople(r.Context(), actor(r), id, []int64{e})
}

func (u *UI) matterRequest(r *http.Request, id int64, f Form) error {
	due := dateOf(f, "due_on")
	if len(f.Errors) > 0 {
		return nil
	}
	_, err := u.Records.AddRequest(r.Context(), actor(r), id, f.Get("item"), due)
	return err
}

func (u *UI) matterRequestDone(r *http.Request, id int64, f Form) error {
	rid := int64Of(f, "request")
	if len(f.Errors) > 0 {
		return nil
	}
	return u.Records.CompleteRequest(r.Context(), actor(r), id, rid)
}

func (u *UI) matterClose(r *http.Request, id int64, f Form) error {
	return u.Records.CloseMatter(r.Context(), actor(r), id, f.Get("outcome"), intOf(f, "version"))
}
