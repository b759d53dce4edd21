package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/work"
)

// ---- the case list ----

// CasesPage lists ER cases.
type CasesPage struct {
	Base
	Cases      []relations.Case
	Status     string
	Category   string
	Mine       bool
	Categories []Option
	CanIntake  bool
	CanTrends  bool
	// Older links to the next page (keyset: cases older than the last).
	Older string
}

// casesPerPage is the case list's page size.
const casesPerPage = 100

func (u *UI) casesPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	p := CasesPage{Base: u.base(r, "Employee relations", "Relations"), Status: q.Get("status"), Category: q.Get("category"), Mine: q.Get("mine") == "1",
		CanIntake: access.Can(a, access.CaseIntake, access.CompanyTarget), CanTrends: access.Can(a, access.RelationsTrends, access.CompanyTarget)}
	if p.Status == "" && !q.Has("status") {
		p.Status = "open"
	}
	var err error
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	if p.Cases, err = u.Relations.List(r.Context(), a, relations.CaseFilter{Status: p.Status, Category: p.Category, Mine: p.Mine, BeforeID: before, Limit: casesPerPage + 1}); err != nil {
		return err
	}
	if len(p.Cases) > casesPerPage {
		p.Cases = p.Cases[:casesPerPage]
		next := url.Values{"status": {p.Status}, "category": {p.Category}, "before": {itoa(p.Cases[casesPerPage-1].ID)}}
		if p.Mine {
			next.Set("mine", "1")
		}
		p.Older = "/relations?" + next.Encode()
	}
	p.Categories = selected(categoryOptions(), p.Category)
	u.render(w, r, http.StatusOK, "relations/list", p)
	return nil
}

func categoryOptions() []Option {
	var out []Option
	for _, c := range relations.Categories {
		out = append(out, Option{Value: c, Label: relations.CategoryLabels[c]})
	}
	return out
}

func erOptions(codes []string, labels map[string]string) []Option {
	var out []Option
	for _, c := range codes {
		l := labels[c]
		if l == "" {
			l = relations.Label(c)
		}
		out = append(out, Option{Value: c, Label: l})
	}
	return out
}

// ---- intake: HR logs, an employee raises, a line manager refers ----

// IntakePage is the form that opens a case.
type IntakePage struct {
	Base
	Form       Form
	Mode       string // hr, self, refer
	Action     string
	Categories []Option
	Severities []Option
	Units      []Option
	Reports    []Option
}

func (u *UI) renderIntake(w http.ResponseWriter, r *http.Request, status int, mode string, f Form) error {
	a := actor(r)
	p := IntakePage{Base: u.base(r, "Log a case", "Relations"), Form: f, Mode: mode, Categories: categoryOptions(), Severities: erOptions(relations.Severities, nil)}
	switch mode {
	case "hr":
		if err := access.Require(a, access.CaseIntake, access.CompanyTarget); err != nil {
			return err
		}
		p.Action = "/relations/cases/new"
		p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: "Log a case"}}
		ref, err := u.People.LoadReference(r.Context(), a)
		if err != nil {
			return err
		}
		p.Units = []Option{{Value: "", Label: "The first subject's unit"}}
		for _, o := range ref.OrgUnits {
			p.Units = append(p.Units, Option{Value: itoa(o.ID), Label: o.Name})
		}
	case "refer":
		p.Title, p.Action = "Refer a concern to HR", "/me/concerns/refer"
		p.Base.Section = "Me"
		reports, err := u.People.Directory(r.Context(), a, people.DirectoryFilter{ManagerID: a.EmployeeID, Limit: 200})
		if err != nil {
			return err
		}
		for _, e := range reports.Items {
			p.Reports = append(p.Reports, Option{Value: itoa(e.ID), Label: e.Name() + " · " + e.JobTitle})
		}
	default:
		p.Title, p.Action = "Raise a concern", "/me/concerns/new"
		p.Base.Section = "Me"
	}
	u.render(w, r, status, "relations/intake", p)
	return nil
}

func (u *UI) logCaseForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderIntake(w, r, http.StatusOK, "hr", NewForm(nil))
}

func (u *UI) raiseForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.RequireHeld(actor(r), access.CaseReport); err != nil {
		return err
	}
	return u.renderIntake(w, r, http.StatusOK, "self", NewForm(nil))
}

func (u *UI) referForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.RequireHeld(actor(r), access.CaseRefer); err != nil {
		return err
	}
	return u.renderIntake(w, r, http.StatusOK, "refer", NewForm(nil))
}

// employeesFromEmails reads work emails (comma or line separated).
func (u *UI) employeesFromEmails(r *http.Request, f Form, k string) []int64 {
	var out []int64
	for _, v := range strings.FieldsFunc(f.Get(k), func(c rune) bool { return c == ',' || c == '\n' || c == ';' || c == ' ' }) {
		sub := NewForm(url.Values{k: {v}})
		if id := u.managerFromEmail(r, sub, k); id != 0 {
			out = append(out, id)
		} else {
			f.Errors.Add(k, "No active employee has the work email "+v)
		}
	}
	return out
}

var renameIntake = map[string]string{"subjects": "subject_emails", "witnesses": "witness_emails", "reporter_id": "reporter_email"}

func (u *UI) intake(w http.ResponseWriter, r *http.Request, mode string) error {
	f := NewForm(r.PostForm)
	in := relations.IntakeInput{Category: f.Get("category"), Severity: f.Get("severity"), Title: f.Get("title"), Description: f.Get("description"),
		OccurredOn: dateOf(f, "occurred_on"), OrgUnitID: int64Of(f, "org_unit_id"), Invalid: f.Errors}
	if mode == "refer" {
		if id := int64Of(f, "subject_id"); id != 0 {
			in.SubjectIDs = []int64{id}
		}
		renameIntake["subjects"] = "subject_id"
	} else {
		in.SubjectIDs = u.employeesFromEmails(r, f, "subject_emails")
		renameIntake["subjects"] = "subject_emails"
	}
	in.WitnessIDs = u.employeesFromEmails(r, f, "witness_emails")
	if mode == "hr" && f.Get("reporter_email") != "" {
		in.ReporterID = u.managerFromEmail(r, f, "reporter_email")
	}
	var res relations.Intake
	var err error
	switch mode {
	case "hr":
		res, err = u.Relations.LogCase(r.Context(), actor(r), in)
	case "refer":
		res, err = u.Relations.ReferConcern(r.Context(), actor(r), in)
	default:
		res, err = u.Relations.RaiseConcern(r.Context(), actor(r), in)
	}
	if err == nil {
		if mode == "hr" {
			msg := "Opened " + res.Number + "."
			if res.Escalate {
				msg += " It is escalated: " + res.Owner + " owns it and you assist."
			}
			return u.redirect(w, r, "/relations/cases/"+itoa(res.ID), msg)
		}
		return u.redirect(w, r, "/me/concerns/"+itoa(res.ID), "HR received your concern "+res.Number+". You will be told here when they reply.")
	}
	if err := f.Fail(err, renameIntake); err != nil {
		return err
	}
	return u.renderIntake(w, r, http.StatusUnprocessableEntity, mode, f)
}

func (u *UI) logCase(w http.ResponseWriter, r *http.Request) error { return u.intake(w, r, "hr") }
func (u *UI) raise(w http.ResponseWriter, r *http.Request) error   { return u.intake(w, r, "self") }
func (u *UI) refer(w http.ResponseWriter, r *http.Request) error   { return u.intake(w, r, "refer") }

// ---- the case ----

// CasePage is one case.
type CasePage struct {
	Base
	D           relations.Detail
	Actions     []work.Task
	Subjects    []relations.Party
	Witnesses   []Option
	PartyOpts   []Option
	TeamOpts    []Option
	Staff       []Option
	EntryKinds  []Option
	Form        Form
	Today       date.Date
	Outcomes    []Option
	Findings    map[int64]string
	CanReply    bool
	CanDecideUI bool
	// PolicyOpts are the published policies to link (those linked
	// selected).
	PolicyOpts []Option
}

func (u *UI) renderCase(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	d, err := u.Relations.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := CasePage{Base: u.base(r, d.Case.Number()+" · "+d.Case.Title, "Relations"), D: d, Form: f, Today: date.Of(u.now())}
	p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: d.Case.Number()}}
	if d.CanWork {
		ps, err := u.Policies.List(r.Context(), a)
		if err != nil {
			return err
		}
		linked := map[int64]bool{}
		for _, lp := range d.Policies {
			linked[lp.ID] = true
		}
		for _, pol := range ps {
			if pol.Current.ID != 0 || linked[pol.ID] {
				p.PolicyOpts = append(p.PolicyOpts, Option{Value: itoa(pol.ID), Label: pol.Title, Selected: linked[pol.ID]})
			}
		}
	}
	if p.Actions, err = u.Relations.Actions(r.Context(), a, id); err != nil {
		return err
	}
	for _, pt := range d.Parties {
		p.PartyOpts = append(p.PartyOpts, Option{Value: itoa(pt.ID), Label: pt.Name + " (" + pt.Role + ")"})
	}
	p.TeamOpts = []Option{{Value: itoa(d.Case.OwnerUserID), Label: d.Case.OwnerName + " (owner)"}}
	for _, m := range d.Team {
		if !m.External {
			p.TeamOpts = append(p.TeamOpts, Option{Value: itoa(m.UserID), Label: m.Name})
		}
	}
	kinds := slices.DeleteFunc(slices.Clone(relations.EntryKinds), func(k string) bool { return k == "reporter_message" })
	p.CanReply = d.Case.ReporterUserID != 0 || d.Case.Channel == relations.ChannelAnonymous
	if !p.CanReply {
		kinds = slices.DeleteFunc(kinds, func(k string) bool { return k == "reply" })
	}
	p.EntryKinds = selected(erOptions(kinds, relations.EntryLabels), f.Get("kind"))
	if d.CanAssign {
		staff, err := u.Access.ListHRUsers(r.Context(), a)
		if err != nil {
			return err
		}
		for _, s := range staff {
			p.Staff = append(p.Staff, Option{Value: itoa(s.ID), Label: s.Name})
		}
	}
	u.render(w, r, status, "relations/case", p)
	return nil
}

func (u *UI) casePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCase(w, r, http.StatusOK, NewForm(url.Values{"occurred_on": {date.Of(u.now()).String()}}))
}

// sectionName is a case page section to return to.
var sectionName = regexp.MustCompile(`^[a-z][a-z-]{0,30}$`)

// renameFields moves a use case's field errors onto the form's names.
func renameFields(f Form, err error, names map[string]string) bool {
	if kit.KindOf(err) != kit.KindInvalid {
		return false
	}
	for k, v := range kit.FieldsOf(err) {
		if n, ok := names[k]; ok {
			k = n
		}
		f.Errors.Add(k, v)
	}
	return true
}

// caseAction runs one change on a case from a form on its page: success
// redirects back with a flash; a validation error or conflict re-renders
// the page with the form's errors.
func (u *UI) caseAction(w http.ResponseWriter, r *http.Request, flash string, fn func(a access.Actor, id int64, f Form) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = fn(actor(r), id, f)
	if err == nil && len(f.Errors) == 0 {
		to := "/relations/cases/" + itoa(id)
		if sec := f.Get("_section"); sectionName.MatchString(sec) {
			to += "#" + sec
		}
		return u.redirect(w, r, to, flash)
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCase(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) caseEntry(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Added to the record.", func(a access.Actor, id int64, f Form) error {
		_, err := u.Relations.AddEntry(r.Context(), a, id, relations.EntryInput{Kind: f.Get("kind"), OccurredOn: dateOf(f, "occurred_on"), Body: f.Get("body"),
			PartyID: int64Of(f, "party_id"), Invalid: f.Errors})
		return err
	})
}

func (u *UI) caseParty(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Added the person.", func(a access.Actor, id int64, f Form) error {
		var emp int64
		if f.Get("party_email") != "" {
			emp = u.managerFromEmail(r, f, "party_email")
			if emp == 0 {
				return nil
			}
		}
		err := u.Relations.AddParty(r.Context(), a, id, relations.PartyInput{EmployeeID: emp, Name: f.Get("party_name"), Role: f.Get("party_role")})
		if renameFields(f, err, map[string]string{"employee_id": "party_email", "name": "party_name", "role": "party_role"}) {
			return nil
		}
		return err
	})
}

func (u *UI) casePartyRemove(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Removed the person.", func(a access.Actor, id int64, f Form) error {
		pid, err := pathID(r, "pid")
		if err != nil {
			return err
		}
		return u.Relations.RemoveParty(r.Context(), a, id, pid)
	})
}

func (u *UI) caseMember(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Updated the team.", func(a access.Actor, id int64, f Form) error {
		if f.Get("remove") != "" {
			return u.Relations.RemoveMember(r.Context(), a, id, int64Of(f, "user_id"), f.Get("name"))
		}
		err := u.Relations.AddMember(r.Context(), a, id, relations.MemberInput{UserID: int64Of(f, "member_user_id"), Name: f.Get("member_name"), Firm: f.Get("member_firm"), Role: f.Get("member_role")})
		if renameFields(f, err, map[string]string{"user_id": "member_user_id", "name": "member_name", "firm": "member_firm", "role": "member_role"}) {
			return nil
		}
		return err
	})
}

func (u *UI) caseOwner(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Reassigned the case.", func(a access.Actor, id int64, f Form) error {
		return u.Relations.Reassign(r.Context(), a, id, int64Of(f, "owner"))
	})
}

func (u *UI) caseRestrict(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Changed who may see the case.", func(a access.Actor, id int64, f Form) error {
		return u.Relations.SetRestricted(r.Context(), a, id, f.Get("on") == "1")
	})
}

func (u *UI) caseHold(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Changed the legal hold.", func(a access.Actor, id int64, f Form) error {
		err := u.Relations.SetHold(r.Context(), a, id, f.Get("on") == "1", f.Get("hold_reason"))
		if renameFields(f, err, map[string]string{"reason": "hold_reason"}) {
			return nil
		}
		return err
	})
}

func (u *UI) caseActionAdd(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Added the action; its owner has it in their tasks.", func(a access.Actor, id int64, f Form) error {
		_, err := u.Relations.AddAction(r.Context(), a, id, relations.ActionInput{Title: f.Get("action_title"), DueOn: dateOf(f, "due_on"), OwnerUserID: int64Of(f, "owner_user_id")})
		if renameFields(f, err, map[string]string{"title": "action_title"}) {
			return nil
		}
		return err
	})
}

func (u *UI) caseEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	f.Values.Set("_section", "evidence")
	data, name, err := readUpload(w, r, "file", relations.MaxEvidenceSize)
	if err != nil {
		f.Errors.Add("file", kit.MessageOf(err))
		return u.renderCase(w, r, http.StatusUnprocessableEntity, f)
	}
	_, err = u.Relations.AddEvidence(r.Context(), actor(r), id, relations.EvidenceInput{Title: f.Get("title"), Description: f.Get("evidence_description"), Filename: name, Data: data})
	if err == nil {
		return u.redirect(w, r, "/relations/cases/"+itoa(id)+"#evidence", "Added the evidence; its SHA-256 starts its chain of custody.")
	}
	if kit.KindOf(err) == kit.KindTooLarge {
		f.Errors.Add("file", kit.MessageOf(err))
	} else if err := f.Fail(err, map[string]string{"description": "evidence_description"}); err != nil {
		return err
	}
	return u.renderCase(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) caseEvidenceDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	e, data, err := u.Relations.OpenEvidence(r.Context(), actor(r), id, eid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(e.Filename)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 32 {
			return '_'
		}
		return r
	}, s)
}

func (u *UI) caseClose(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Closed the case.", func(a access.Actor, id int64, f Form) error {
		return u.Relations.Close(r.Context(), a, id, f.Get("resolution"))
	})
}

func (u *UI) caseReopen(w http.ResponseWriter, r *http.Request) error {
	return u.caseAction(w, r, "Reopened the case.", func(a access.Actor, id int64, f Form) error {
		return u.Relations.Reopen(r.Context(), a, id, f.Get("reason"))
	})
}

func (u *UI) caseSubmit(w http.ResponseWriter, r *http.Request) error {
	what := r.PathValue("what")
	return u.caseAction(w, r, "Sent to an HR manager for a decision.", func(a access.Actor, id int64, f Form) error {
		switch what {
		case "plan":
			return u.Relations.SubmitPlan(r.Context(), a, id)
		case "findings":
			return u.Relations.SubmitFindings(r.Context(), a, id)
		}
		return kit.NotFound("page")
	})
}

// ---- editing the facts ----

// CaseFormPage edits a case's facts.
type CaseFormPage struct {
	Base
	C          relations.Case
	Form       Form
	Categories []Option
	Severities []Option
}

func (u *UI) renderCaseEdit(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := u.Relations.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if len(f.Values) == 0 {
		c := d.Case
		f = NewForm(url.Values{"category": {c.Category}, "severity": {c.Severity}, "title": {c.Title}, "description": {c.Description}, "occurred_on": {dateText(c.OccurredOn)}})
	}
	p := CaseFormPage{Base: u.base(r, "Edit "+d.Case.Number(), "Relations"), C: d.Case, Form: f, Categories: categoryOptions(), Severities: erOptions(relations.Severities, nil)}
	p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: d.Case.Number(), Href: "/relations/cases/" + itoa(id)}, {Label: "Edit"}}
	u.render(w, r, status, "relations/edit", p)
	return nil
}

func dateText(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (u *UI) caseEditForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderCaseEdit(w, r, http.StatusOK, Form{})
}

func (u *UI) caseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	err = u.Relations.Update(r.Context(), actor(r), id, relations.UpdateInput{Category: f.Get("category"), Severity: f.Get("severity"), Title: f.Get("title"),
		Description: f.Get("description"), OccurredOn: dateOf(f, "occurred_on"), Invalid: f.Errors})
	if err == nil {
		return u.redirect(w, r, "/relations/cases/"+itoa(id), "Saved the case.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderCaseEdit(w, r, http.StatusUnprocessableEntity, f)
}

// erLabel names an ER code (category, entry kind, discipline level,
// status) for the pages.
func erLabel(code string) string {
	if l, ok := relations.LevelLabels[code]; ok {
		return l
	}
	if l, ok := relations.TopicLabels[code]; ok {
		return l
	}
	if l, ok := map[string]string{relations.StatusDecision: "Awaiting decision", relations.StatusInvestigating: "Investigating", relations.StatusDecided: "Decided",
		relations.ChannelSelf: "Raised by the employee", relations.ChannelReferral: "Referred by a line manager", relations.ChannelHR: "Logged by HR",
		relations.ChannelAnonymous: "Anonymous report", "not_substantiated": "Not substantiated"}[code]; ok {
		return l
	}
	return relations.Label(code)
}

func (u *UI) casePolicies(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	f.Values.Set("_section", "policies")
	var ids []int64
	for _, v := range f.Values["policy_ids"] {
		if pid, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, pid)
		}
	}
	err = u.Relations.SetPolicies(r.Context(), actor(r), id, ids)
	if err == nil {
		return u.redirect(w, r, "/relations/cases/"+itoa(id)+"#policies", "Saved the policies the case involves.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderCase(w, r, http.StatusUnprocessableEntity, f)
}
