package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// ---- an employee's own concerns, statements and records ----

// ConcernsPage lists what the actor raised, statements to review and
// discipline records to acknowledge.
type ConcernsPage struct {
	Base
	Concerns   []relations.ReporterView
	Statements []relations.Statement
	Records    []relations.Discipline
	CanRefer   bool
}

func (u *UI) concernsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := ConcernsPage{Base: u.base(r, "Concerns and records", "Me"), CanRefer: a.HasReports}
	var err error
	if p.Concerns, err = u.Relations.MyConcerns(r.Context(), a); err != nil {
		return err
	}
	if p.Statements, err = u.Relations.MyStatements(r.Context(), a); err != nil {
		return err
	}
	if p.Records, err = u.Relations.MyDiscipline(r.Context(), a); err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "relations/concerns", p)
	return nil
}

// ConcernPage is one concern as its reporter sees it (also the anonymous
// follow-up page).
type ConcernPage struct {
	Base
	V      relations.ReporterView
	Form   Form
	Action string
	Code   string
	Anon   bool
}

func (u *UI) renderConcern(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := u.Relations.MyConcern(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := ConcernPage{Base: u.base(r, "Your concern "+v.Number, "Me"), V: v, Form: f, Action: "/me/concerns/" + itoa(id)}
	p.Crumbs = []Crumb{{Label: "Concerns and records", Href: "/me/concerns"}, {Label: v.Number}}
	u.render(w, r, status, "relations/concern", p)
	return nil
}

func (u *UI) concernPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderConcern(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) concernMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = u.Relations.AddMyMessage(r.Context(), actor(r), id, f.Get("body"))
	if err == nil {
		return u.redirect(w, r, "/me/concerns/"+itoa(id), "Sent to HR.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderConcern(w, r, http.StatusUnprocessableEntity, f)
}

// StatementPage is a witness's interview notes to acknowledge.
type StatementPage struct {
	Base
	S    relations.Statement
	Form Form
}

func (u *UI) renderStatement(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	s, err := u.Relations.MyStatement(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := StatementPage{Base: u.base(r, "Your statement", "Me"), S: s, Form: f}
	p.Crumbs = []Crumb{{Label: "Concerns and records", Href: "/me/concerns"}, {Label: "Statement"}}
	u.render(w, r, status, "relations/statement", p)
	return nil
}

func (u *UI) statementPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderStatement(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) statementAck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = u.Relations.AcknowledgeStatement(r.Context(), actor(r), id, f.Get("accept") == "1", f.Get("comment"))
	if err == nil {
		return u.redirect(w, r, "/me/concerns", "Thank you: HR has your answer.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderStatement(w, r, http.StatusUnprocessableEntity, f)
}

// ---- discipline records ----

// DisciplinePage is one record.
type DisciplinePage struct {
	Base
	D        relations.Discipline
	Form     Form
	Own      bool
	CanIssue bool
	Outcomes []Option
	Today    date.Date
}

func (u *UI) renderDiscipline(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	d, err := u.Relations.GetDiscipline(r.Context(), a, id)
	if err != nil {
		return err
	}
	own := d.EmployeeID == a.EmployeeID
	p := DisciplinePage{Base: u.base(r, relations.LevelLabels[d.Level]+" · "+d.EmployeeName, map[bool]string{true: "Me", false: "Relations"}[own]), D: d, Form: f, Own: own,
		CanIssue: !own && u.People.Can(r.Context(), a, access.DisciplineIssue, d.EmployeeID), Outcomes: erOptions(relations.PIPOutcomes, nil), Today: date.Of(u.now())}
	if own {
		p.Crumbs = []Crumb{{Label: "Concerns and records", Href: "/me/concerns"}, {Label: "D" + itoa(d.ID)}}
	} else {
		p.Crumbs = []Crumb{{Label: d.EmployeeName, Href: "/people/" + itoa(d.EmployeeID) + "?tab=discipline"}, {Label: "D" + itoa(d.ID)}}
	}
	u.render(w, r, status, "relations/discipline", p)
	return nil
}

func (u *UI) disciplinePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderDiscipline(w, r, http.StatusOK, NewForm(url.Values{"on": {date.Of(u.now()).String()}}))
}

func (u *UI) disciplineAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	a := actor(r)
	var flash string
	switch r.PathValue("action") {
	case "acknowledge":
		err, flash = u.Relations.Acknowledge(r.Context(), a, id, f.Get("accept") == "1", f.Get("comment")), "Recorded your answer."
	case "refusal":
		err, flash = u.Relations.RecordRefusal(r.Context(), a, id, f.Get("witness"), f.Get("note")), "Recorded the refusal to sign."
	case "check-in":
		err, flash = u.Relations.AddCheckIn(r.Context(), a, id, relations.CheckIn{On: dateOf(f, "on"), Note: f.Get("note"), OnPace: f.Get("on_pace") == "1"}), "Recorded the check-in."
	case "pip":
		err, flash = u.Relations.ClosePIP(r.Context(), a, id, f.Get("outcome"), f.Get("outcome_note"), dateOf(f, "pip_end")), "Recorded the plan's outcome."
	default:
		return kit.NotFound("page")
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, "/relations/discipline/"+itoa(id), flash)
	}
	if err != nil {
		if err := f.Fail(err, map[string]string{"note": map[bool]string{true: "outcome_note", false: "note"}[r.PathValue("action") == "pip"]}); err != nil {
			return err
		}
	}
	return u.renderDiscipline(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) disciplineLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, pdf, err := u.Relations.Letter(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(name)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}

// IssuePage issues a discipline record.
type IssuePage struct {
	Base
	Form     Form
	Employee string
	EmpID    int64
	Next     string
	Active   []relations.Discipline
	Levels   []Option
	Ladder   []string
}

func (u *UI) renderIssue(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	emp, err := strconv.ParseInt(f.Get("employee_id"), 10, 64)
	if err != nil || emp == 0 {
		return kit.NotFound("employee")
	}
	prof, err := u.People.GetProfile(r.Context(), a, emp)
	if err != nil {
		return err
	}
	next, active, err := u.Relations.NextStep(r.Context(), a, emp)
	if err != nil {
		return err
	}
	if f.Get("level") == "" {
		f.Values.Set("level", next)
	}
	set, err := u.Relations.Settings(r.Context(), a)
	if err != nil {
		return err
	}
	p := IssuePage{Base: u.base(r, "Discipline · "+prof.Employee.Name(), "Relations"), Form: f, Employee: prof.Employee.Name(), EmpID: emp, Next: next, Active: active,
		Levels: erOptions(relations.Levels, relations.LevelLabels), Ladder: set.Ladder.Steps}
	p.Crumbs = []Crumb{{Label: prof.Employee.Name(), Href: "/people/" + itoa(emp) + "?tab=discipline"}, {Label: "Record discipline"}}
	u.render(w, r, status, "relations/issue", p)
	return nil
}

func (u *UI) issueForm(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"employee_id": {r.URL.Query().Get("employee")}, "issued_on": {date.Of(u.now()).String()}, "case_id": {r.URL.Query().Get("case")}}
	return u.renderIssue(w, r, http.StatusOK, NewForm(v))
}

func (u *UI) issue(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := relations.DisciplineInput{EmployeeID: int64Of(f, "employee_id"), CaseID: int64Of(f, "case_id"), Level: f.Get("level"), IssuedOn: dateOf(f, "issued_on"),
		Summary: f.Get("summary"), Expectations: f.Get("expectations"), Consequences: f.Get("consequences"), Goals: splitLines(f.Get("goals")),
		PIPEnd: dateOf(f, "pip_end"), From: dateOf(f, "from"), To: dateOf(f, "to"), Paid: f.Get("paid") == "1", Invalid: f.Errors}
	id, err := u.Relations.Issue(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/relations/discipline/"+itoa(id), "Recorded. The employee is asked to acknowledge it; download the letter below.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderIssue(w, r, http.StatusUnprocessableEntity, f)
}

// ---- the anonymous channel (public, no sign-in) ----

// ReportPage is the public anonymous report form and its follow-up.
type ReportPage struct {
	Base
	Form       Form
	Categories []Option
	Units      []Option
	Code       string
	Number     string
	V          *relations.ReporterView
}

func (u *UI) anonHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (u *UI) renderReport(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	u.anonHeaders(w)
	p := ReportPage{Base: u.publicBase(r, "Report a concern anonymously · "+u.company(r)), Form: f, Categories: categoryOptions()}
	ref, err := u.People.LoadReference(r.Context(), access.System)
	if err != nil {
		return err
	}
	p.Units = []Option{{Value: "", Label: "I would rather not say"}}
	for _, o := range ref.OrgUnits {
		if strings.Count(o.Path, "/") <= 3 { // the company and its departments
			p.Units = append(p.Units, Option{Value: itoa(o.ID), Label: o.Name})
		}
	}
	u.render(w, r, status, "relations/report", p)
	return nil
}

func (u *UI) reportForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderReport(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) report(w http.ResponseWriter, r *http.Request) error {
	if err := parseBody(w, r); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if f.Get("website") != "" { // a bot filled the hidden field
		return u.renderReport(w, r, http.StatusUnprocessableEntity, f)
	}
	in := relations.AnonymousInput{Category: f.Get("category"), Description: f.Get("description"), OccurredOn: dateOf(f, "occurred_on"), OrgUnitID: int64Of(f, "org_unit_id"),
		ClientKey: clientIP(r)}
	if len(f.Errors) > 0 {
		return u.renderReport(w, r, http.StatusUnprocessableEntity, f)
	}
	res, err := u.Relations.ReportAnonymously(r.Context(), in)
	if kit.KindOf(err) == kit.KindRateLimited {
		f.Problem = kit.MessageOf(err)
		return u.renderReport(w, r, http.StatusTooManyRequests, f)
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderReport(w, r, http.StatusUnprocessableEntity, f)
	}
	u.anonHeaders(w)
	p := ReportPage{Base: u.publicBase(r, "Report received · "+u.company(r)), Code: res.Code, Number: res.Number}
	u.render(w, r, http.StatusOK, "relations/reported", p)
	return nil
}

func (u *UI) renderFollowUp(w http.ResponseWriter, r *http.Request, status int, code string, f Form) error {
	u.anonHeaders(w)
	p := ReportPage{Base: u.publicBase(r, "Follow up on a report · "+u.company(r)), Form: f, Code: code}
	if code != "" {
		v, err := u.Relations.FollowUp(r.Context(), code)
		if err != nil {
			if kit.KindOf(err) != kit.KindNotFound {
				return err
			}
			p.Form.Errors.Add("code", "No report has this code. Check it and try again.")
			status = http.StatusNotFound
		} else {
			p.V = &v
		}
	}
	u.render(w, r, status, "relations/followup", p)
	return nil
}

// followUpPage takes the code by POST only, so it never sits in a URL,
// a browser history or a server log.
func (u *UI) reportFollowUpPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderFollowUp(w, r, http.StatusOK, "", NewForm(nil))
}

func (u *UI) reportFollowUp(w http.ResponseWriter, r *http.Request) error {
	if err := parseBody(w, r); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	code := f.Get("code")
	if f.Get("body") != "" || f.Values.Has("send") {
		if err := u.Relations.AddAnonymousMessage(r.Context(), code, f.Get("body")); err != nil {
			if err := f.Fail(err, nil); err != nil {
				if kit.KindOf(err) == kit.KindNotFound {
					return u.renderFollowUp(w, r, http.StatusNotFound, code, f)
				}
				return err
			}
			return u.renderFollowUp(w, r, http.StatusUnprocessableEntity, code, f)
		}
		f = NewForm(nil)
		f.Problem = ""
		return u.renderFollowUp(w, r, http.StatusOK, code, withNote(f, "Sent. HR will see it on the report."))
	}
	return u.renderFollowUp(w, r, http.StatusOK, code, f)
}

func withNote(f Form, note string) Form {
	f.Values.Set("_note", note)
	return f
}

// ---- settings ----

// RelationsSettingsPage sets routing, the ladder and the policies.
type RelationsSettingsPage struct {
	Base
	Form         Form
	Categories   []CheckOption
	Steps        []CheckOption
	Policies     []relations.Policy
	SettingsTabs []Tab
}

// CheckOption is a checkbox.
type CheckOption struct {
	Value, Label string
	Checked      bool
}

func (u *UI) renderRelationsSettings(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.RelationsSettings, access.CompanyTarget); err != nil {
		return err
	}
	set, err := u.Relations.Settings(r.Context(), a)
	if err != nil {
		return err
	}
	p := RelationsSettingsPage{Base: u.base(r, "Employee relations settings", "Settings"), Form: f, Policies: set.Policies, SettingsTabs: settingsTabs(a, "/settings/relations")}
	submitted := len(f.Values) > 0
	for _, c := range relations.Categories {
		on := slices.Contains(set.Escalate, c)
		if submitted {
			on = slices.Contains(f.Values["escalate"], c)
		}
		p.Categories = append(p.Categories, CheckOption{Value: c, Label: relations.CategoryLabels[c], Checked: on})
	}
	for _, l := range relations.Levels {
		on := slices.Contains(set.Ladder.Steps, l)
		if submitted {
			on = slices.Contains(f.Values["ladder"], l)
		}
		p.Steps = append(p.Steps, CheckOption{Value: l, Label: relations.LevelLabels[l], Checked: on})
	}
	if !submitted {
		p.Form.Values = url.Values{"lookback_months": {strconv.Itoa(set.Ladder.LookbackMonths)}}
		for i, pol := range set.Policies {
			p.Form.Values.Set("policy_title_"+strconv.Itoa(i), pol.Title)
			p.Form.Values.Set("policy_summary_"+strconv.Itoa(i), pol.Summary)
		}
	}
	n := len(set.Policies) + 1
	p.Policies = make([]relations.Policy, n)
	u.render(w, r, status, "relations/settings", p)
	return nil
}

func (u *UI) relationsSettingsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderRelationsSettings(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) saveRelationsSettings(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := relations.Settings{Escalate: f.Values["escalate"], Ladder: relations.Ladder{LookbackMonths: intOf(f, "lookback_months")}}
	// The ladder keeps the levels' canonical order.
	for _, l := range relations.Levels {
		if slices.Contains(f.Values["ladder"], l) {
			in.Ladder.Steps = append(in.Ladder.Steps, l)
		}
	}
	for i := 0; f.Values.Has("policy_title_" + strconv.Itoa(i)); i++ {
		t, s := f.Get("policy_title_"+strconv.Itoa(i)), f.Get("policy_summary_"+strconv.Itoa(i))
		if strings.TrimSpace(t) == "" && strings.TrimSpace(s) == "" {
			continue
		}
		in.Policies = append(in.Policies, relations.Policy{Title: t, Summary: s})
	}
	var err error
	if len(f.Errors) == 0 {
		err = u.Relations.SetSettings(r.Context(), actor(r), in)
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, "/settings/relations", "Saved the employee relations settings.")
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderRelationsSettings(w, r, http.StatusUnprocessableEntity, f)
}
