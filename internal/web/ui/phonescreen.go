package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ---- the template, in the recruiting settings ----

// PhoneTemplatePage edits the phone screen template's prompts.
type PhoneTemplatePage struct {
	Base
	Form         Form
	Rows         []PromptRow
	SettingsTabs []Tab
	Sections     []Tab
}

// PromptRow is one prompt input.
type PromptRow struct {
	N          int
	Name, Text string
	Err        string
}

func (u *UI) renderPhoneTemplate(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	p := PhoneTemplatePage{Base: u.base(r, "Recruiting settings", "Settings"), Form: f,
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting/phone-screen")}
	current, err := u.Hiring.PhoneTemplate(r.Context(), a)
	if err != nil {
		return err
	}
	for i := 0; i < hiring.MaxPhonePrompts; i++ {
		name := "prompts[" + strconv.Itoa(i) + "]"
		row := PromptRow{N: i + 1, Name: name, Err: f.Err(name)}
		if len(f.Values) > 0 { // a submitted form shows what was typed
			row.Text = f.Get(name)
		} else if i < len(current) {
			row.Text = current[i]
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, status, "admin/phonetemplate", p)
	return nil
}

func (u *UI) phoneTemplatePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPhoneTemplate(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) savePhoneTemplate(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	var prompts []string
	if f.Get("reset") != "1" {
		for i := 0; i < hiring.MaxPhonePrompts; i++ {
			prompts = append(prompts, f.Get("prompts["+strconv.Itoa(i)+"]"))
		}
	}
	err := u.Hiring.SetPhonePrompts(r.Context(), actor(r), prompts)
	if err == nil {
		return u.redirect(w, r, "/settings/recruiting/phone-screen", "Saved the phone screen template.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderPhoneTemplate(w, r, http.StatusUnprocessableEntity, f)
}

// ---- recording a phone screen ----

// PhoneScreenPage records a phone screen on an application.
type PhoneScreenPage struct {
	Base
	App      hiring.Application
	R        hiring.Requisition
	Form     Form
	Prompts  []PromptRow
	PayPer   string
	PayLabel string
	WorkAuth []Option
	Recs     []Option
}

func (u *UI) renderPhoneScreen(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	app, err := u.Hiring.ApplicationByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), a, app.RequisitionID)
	if err != nil {
		return err
	}
	if err := access.Require(a, access.CandidateManage, access.Target{OrgPath: req.OrgPath, EmployeeID: -1}); err != nil {
		return err
	}
	p := PhoneScreenPage{Base: u.base(r, "Phone screen · "+app.Candidate.Name(), "Recruiting"), App: app, R: req, Form: f}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)},
		{Label: app.Candidate.Name(), Href: "/hiring/applications/" + itoa(app.ID)}, {Label: "Phone screen"}}
	p.PayPer = u.Hiring.PayUnit(r.Context(), req)
	p.PayLabel = map[string]string{"hour": "Pay expected, an hour (optional)", "year": "Pay expected, a year (optional)"}[p.PayPer]
	// The prompts the form was drawn with travel with it, so a template
	// changed meanwhile does not shift the answers.
	var prompts []string
	for i := 0; f.Values.Has("prompt[" + strconv.Itoa(i) + "]"); i++ {
		prompts = append(prompts, f.Get("prompt["+strconv.Itoa(i)+"]"))
	}
	if len(prompts) == 0 {
		if prompts, err = u.Hiring.PhoneTemplate(r.Context(), a); err != nil {
			return err
		}
	}
	for i, q := range prompts {
		n := "answers[" + strconv.Itoa(i) + "]"
		p.Prompts = append(p.Prompts, PromptRow{N: i, Name: n, Text: q, Err: f.Err(n)})
	}
	p.WorkAuth = selected([]Option{{Value: "not_discussed", Label: "Not discussed"}, {Value: "authorized", Label: "Authorized to work in the US, no sponsorship needed"},
		{Value: "needs_sponsorship", Label: "Will need visa sponsorship"}}, f.Get("work_auth"))
	p.Recs = selected([]Option{{Value: "", Label: "Choose…"}, {Value: "advance", Label: "Advance to the next stage"}, {Value: "hold", Label: "Hold: not sure yet"},
		{Value: "reject", Label: "Reject"}}, f.Get("recommendation"))
	u.render(w, r, status, "hiring/phonescreen", p)
	return nil
}

func (u *UI) phoneScreenForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderPhoneScreen(w, r, http.StatusOK, NewForm(url.Values{"held_on": {date.Of(u.now()).String()}, "work_auth": {"not_discussed"}}))
}

func (u *UI) recordPhoneScreen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := hiring.PhoneScreenIn{WorkAuth: f.Get("work_auth"), Recommendation: f.Get("recommendation"), Summary: f.Get("summary"),
		PayCents: centsOf(f, "pay_expectation"), AvailableFrom: dateOf(f, "available_from")}
	in.HeldOn = dateOf(f, "held_on")
	for i := 0; f.Values.Has("prompt[" + strconv.Itoa(i) + "]"); i++ {
		in.Prompts = append(in.Prompts, f.Get("prompt["+strconv.Itoa(i)+"]"))
		in.Answers = append(in.Answers, f.Get("answers["+strconv.Itoa(i)+"]"))
	}
	if len(f.Errors) == 0 {
		_, err := u.Hiring.RecordPhoneScreen(r.Context(), actor(r), id, in)
		if err == nil {
			return u.redirect(w, r, "/hiring/applications/"+itoa(id)+"#phone-screens", "Recorded the phone screen.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderPhoneScreen(w, r, http.StatusUnprocessableEntity, f)
}
