package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// EmployeeFormPage is the hire, edit, job, pay and termination forms.
type EmployeeFormPage struct {
	Base
	Form        Form
	E           *people.Employee
	OrgUnits    []Option
	Locations   []Option
	Jobs        []Option
	Managers    []Option
	Types       []Option
	Pers        []Option
	Reasons     []Option
	CanCore     bool
	CanPersonal bool
	CanHire     bool
	// Approval describes the approval chain that applies to this change
	// (empty when it applies at once).
	Approval []string
}

// chainNote describes a kind's approval chain for a form, or nothing
// when the kind needs no approval or the chain is not visible.
func (u *UI) chainNote(r *http.Request, kind string) []string {
	c, err := u.Work.ChainOf(r.Context(), actor(r), kind)
	if err != nil || len(c.Steps) == 0 {
		return nil
	}
	return c.Describe
}

// renameHire maps service field names to form field names.
var renameHire = map[string]string{"pay.amount_cents": "pay_amount", "pay.per": "pay_per", "pay.currency": "currency", "manager_id": "manager_email"}

func (u *UI) formPage(r *http.Request, title string, f Form) (EmployeeFormPage, error) {
	ref, err := u.reference(r)
	if err != nil {
		return EmployeeFormPage{}, err
	}
	p := EmployeeFormPage{Base: u.base(r, title, "People"), Form: f, OrgUnits: orgOptions(ref), Locations: locationOptions(ref), Jobs: jobOptions(ref),
		Types: codeOptions(people.EmploymentTypes), Pers: []Option{{Value: "year", Label: "Per year"}, {Value: "hour", Label: "Per hour"}}}
	return p, nil
}

func (u *UI) hireForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.EmployeeHire, access.CompanyTarget); err != nil {
		return err
	}
	f := NewForm(url.Values{"hire_date": {u.now().Format("2006-01-02")}, "employment_type": {"full_time"}, "weekly_hours": {"40"}, "pay_per": {"year"}, "currency": {"USD"}})
	p, err := u.formPage(r, "Hire an employee", f)
	if err != nil {
		return err
	}
	p.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: "Hire"}}
	u.render(w, r, http.StatusOK, "people/hire", p)
	return nil
}

func (u *UI) hire(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := people.HireInput{
		GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), PreferredName: f.Get("preferred_name"),
		WorkEmail: f.Get("work_email"), PersonalEmail: f.Get("personal_email"), Phone: f.Get("phone"), HomeAddress: f.Get("home_address"),
		HireDate: dateOf(f, "hire_date"), OrgUnitID: int64Of(f, "org_unit_id"), LocationID: int64Of(f, "location_id"),
		JobID: int64Of(f, "job_id"), ManagerID: u.managerFromEmail(r, f, "manager_email"), EmploymentType: f.Get("employment_type"),
		WeeklyHours: intOf(f, "weekly_hours"), SSN: f.Get("ssn"), BirthDate: dateOf(f, "birth_date"),
		Pay: people.Pay{AmountCents: centsOf(f, "pay_amount"), Per: f.Get("pay_per"), Currency: f.Get("currency")},
	}
	in.Invalid = unrename(f.Errors, renameHire)
	id, err := u.People.Hire(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/people/"+strconv.FormatInt(id, 10), "Hired "+in.GivenName+" "+in.FamilyName+".")
	}
	if err := f.Fail(err, renameHire); err != nil {
		return err
	}
	p, err := u.formPage(r, "Hire an employee", f)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "people/hire", p)
	return nil
}

// managerFromEmail resolves a manager typed as a work email (or an id).
func (u *UI) managerFromEmail(r *http.Request, f Form, k string) int64 {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return 0
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		return id
	}
	page, err := u.People.Directory(r.Context(), actor(r), people.DirectoryFilter{Q: v, Limit: 2})
	if err != nil || len(page.Items) == 0 {
		f.Errors.Add(k, "No active employee has this work email")
		return 0
	}
	for _, e := range page.Items {
		if strings.EqualFold(e.WorkEmail, v) {
			return e.ID
		}
	}
	f.Errors.Add(k, "No active employee has this work email")
	return 0
}

func (u *UI) loadEmployeeForm(r *http.Request, title string, f Form) (EmployeeFormPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return EmployeeFormPage{}, err
	}
	prof, err := u.People.GetProfile(r.Context(), actor(r), id)
	if err != nil {
		return EmployeeFormPage{}, err
	}
	p, err := u.formPage(r, title+" · "+prof.Employee.Name(), f)
	if err != nil {
		return p, err
	}
	e := prof.Employee
	p.E, p.CanCore, p.CanPersonal, p.CanHire = &e, prof.Can[access.EmployeeEdit], prof.Can[access.PersonalEdit], prof.Can[access.EmployeeHire]
	p.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: e.Name(), Href: "/people/" + strconv.FormatInt(e.ID, 10)}, {Label: title}}
	return p, nil
}

func (u *UI) editForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.loadEmployeeForm(r, "Edit", NewForm(nil))
	if err != nil {
		return err
	}
	if !p.CanCore && !p.CanPersonal {
		return kit.Forbidden("you may not edit this employee")
	}
	e := p.E
	p.Form = NewForm(url.Values{"version": {strconv.FormatInt(e.Version, 10)}, "given_name": {e.GivenName}, "family_name": {e.FamilyName}, "preferred_name": {e.PreferredName},
		"work_email": {e.WorkEmail}, "personal_email": {e.PersonalEmail}, "phone": {e.Phone}, "home_address": {e.HomeAddress}})
	u.render(w, r, http.StatusOK, "people/edit", p)
	return nil
}

func (u *UI) edit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	p, err := u.loadEmployeeForm(r, "Edit", f)
	if err != nil {
		return err
	}
	ptr := func(k string) *string {
		if _, ok := r.PostForm[k]; !ok {
			return nil
		}
		v := f.Get(k)
		return &v
	}
	in := people.UpdateInput{Version: int64Of(f, "version"), PersonalEmail: ptr("personal_email"), Phone: ptr("phone"), HomeAddress: ptr("home_address"), PreferredName: ptr("preferred_name")}
	if p.CanCore {
		in.GivenName, in.FamilyName, in.WorkEmail = ptr("given_name"), ptr("family_name"), ptr("work_email")
	} else {
		in.PreferredName = nil
	}
	err = u.People.Update(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"?tab=personal", "Saved.")
	}
	if err := p.Form.Fail(err, nil); err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "people/edit", p)
	return nil
}

func (u *UI) jobChangeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.loadEmployeeForm(r, "Change job", NewForm(nil))
	if err != nil {
		return err
	}
	e := p.E
	p.Form = NewForm(url.Values{"effective_from": {u.now().Format("2006-01-02")}, "org_unit_id": {itoa(e.OrgUnitID)}, "location_id": {itoa(e.LocationID)},
		"job_id": {itoa(e.JobID)}, "employment_type": {e.EmploymentType}, "weekly_hours": {strconv.Itoa(e.WeeklyHours)}})
	if e.ManagerID != 0 {
		if m, err := u.People.GetProfile(r.Context(), actor(r), e.ManagerID); err == nil {
			p.Form.Values.Set("manager_email", m.Employee.WorkEmail)
		}
	}
	p.Reasons = codeOptions(people.JobChangeReasons)
	u.render(w, r, http.StatusOK, "people/job", p)
	return nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func (u *UI) jobChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := people.JobChangeInput{EffectiveFrom: dateOf(f, "effective_from"), Reason: f.Get("reason"), OrgUnitID: int64Of(f, "org_unit_id"),
		LocationID: int64Of(f, "location_id"), JobID: int64Of(f, "job_id"), EmploymentType: f.Get("employment_type"), WeeklyHours: intOf(f, "weekly_hours"), Note: f.Get("note")}
	m := u.managerFromEmail(r, f, "manager_email")
	in.ManagerID = &m
	in.Invalid = unrename(f.Errors, map[string]string{"manager_id": "manager_email"})
	_, err = u.People.ChangeJob(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=history", "Recorded the "+strings.ToLower(label(in.Reason))+" effective "+in.EffectiveFrom.String()+".")
	}
	if err := f.Fail(err, map[string]string{"manager_id": "manager_email"}); err != nil {
		return err
	}
	p, err := u.loadEmployeeForm(r, "Change job", f)
	if err != nil {
		return err
	}
	p.Reasons = codeOptions(people.JobChangeReasons)
	u.render(w, r, http.StatusUnprocessableEntity, "people/job", p)
	return nil
}

func (u *UI) payChangeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.loadEmployeeForm(r, "Change pay", NewForm(nil))
	if err != nil {
		return err
	}
	p.Form = NewForm(url.Values{"effective_from": {u.now().Format("2006-01-02")}, "pay_per": {"year"}, "currency": {"USD"}})
	p.Reasons, p.Approval = codeOptions(people.PayChangeReasons), u.chainNote(r, "pay_change")
	u.render(w, r, http.StatusOK, "people/pay", p)
	return nil
}

func (u *UI) payChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := people.PayChangeInput{EffectiveFrom: dateOf(f, "effective_from"), Reason: f.Get("reason"), Note: f.Get("note"),
		Pay: people.Pay{AmountCents: centsOf(f, "pay_amount"), Per: f.Get("pay_per"), Currency: f.Get("currency")}}
	in.Invalid = unrename(f.Errors, renameHire)
	res, err := u.People.ChangePay(r.Context(), actor(r), id, in)
	if err == nil && res.ApprovalID != 0 {
		return u.redirect(w, r, "/approvals/"+itoa(res.ApprovalID), "The pay change needs approval under the pay-change approval chain; it applies when approved.")
	}
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=pay", "Recorded the pay change effective "+in.EffectiveFrom.String()+".")
	}
	if err := f.Fail(err, renameHire); err != nil {
		return err
	}
	p, err := u.loadEmployeeForm(r, "Change pay", f)
	if err != nil {
		return err
	}
	p.Reasons, p.Approval = codeOptions(people.PayChangeReasons), u.chainNote(r, "pay_change")
	u.render(w, r, http.StatusUnprocessableEntity, "people/pay", p)
	return nil
}

func (u *UI) terminateForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.loadEmployeeForm(r, "Terminate", NewForm(nil))
	if err != nil {
		return err
	}
	p.Reasons = codeOptions(people.TerminationReasons)
	u.render(w, r, http.StatusOK, "people/terminate", p)
	return nil
}

func (u *UI) terminate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := people.Termination{LastDay: dateOf(f, "last_day"), Reason: f.Get("reason"), Voluntary: f.Get("voluntary") == "yes", Regretted: f.Get("regretted") == "yes",
		RehireEligible: f.Get("rehire_eligible") == "yes", Note: f.Get("note")}
	if v := f.Get("voluntary"); v != "yes" && v != "no" {
		f.Errors.Add("voluntary", "Say whether the separation is voluntary")
	}
	in.Invalid = f.Errors
	_, err = u.People.RequestTermination(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id), "Termination requested. An HR manager decides it on the Approvals page.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	p, err := u.loadEmployeeForm(r, "Terminate", f)
	if err != nil {
		return err
	}
	p.Reasons = codeOptions(people.TerminationReasons)
	u.render(w, r, http.StatusUnprocessableEntity, "people/terminate", p)
	return nil
}

// unrename maps form field names back to the domain's names, so parse
// errors travel into the domain's single validation pass.
func unrename(f kit.FieldErrors, rename map[string]string) kit.FieldErrors {
	back := map[string]string{}
	for k, v := range rename {
		back[v] = k
	}
	out := kit.FieldErrors{}
	for k, v := range f {
		if d, ok := back[k]; ok {
			k = d
		}
		out[k] = v
	}
	return out
}

func (u *UI) rehireForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.loadEmployeeForm(r, "Rehire", NewForm(nil))
	if err != nil {
		return err
	}
	if !p.CanHire {
		return kit.Forbidden("you may not rehire employees")
	}
	e := p.E
	p.Form = NewForm(url.Values{"hire_date": {u.now().Format("2006-01-02")}, "org_unit_id": {itoa(e.OrgUnitID)}, "location_id": {itoa(e.LocationID)},
		"job_id": {itoa(e.JobID)}, "employment_type": {e.EmploymentType}, "weekly_hours": {strconv.Itoa(e.WeeklyHours)}, "pay_per": {"year"}, "currency": {"USD"}})
	u.render(w, r, http.StatusOK, "people/rehire", p)
	return nil
}

func (u *UI) rehire(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := people.RehireInput{HireDate: dateOf(f, "hire_date"), OrgUnitID: int64Of(f, "org_unit_id"), LocationID: int64Of(f, "location_id"),
		JobID: int64Of(f, "job_id"), ManagerID: u.managerFromEmail(r, f, "manager_email"), EmploymentType: f.Get("employment_type"),
		WeeklyHours: intOf(f, "weekly_hours"), BreakReason: f.Get("break_reason"),
		Pay: people.Pay{AmountCents: centsOf(f, "pay_amount"), Per: f.Get("pay_per"), Currency: f.Get("currency")}}
	in.Invalid = unrename(f.Errors, renameHire)
	err = u.People.Rehire(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=history", "Rehired as of "+in.HireDate.String()+".")
	}
	if err := f.Fail(err, renameHire); err != nil {
		return err
	}
	p, err := u.loadEmployeeForm(r, "Rehire", f)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "people/rehire", p)
	return nil
}
