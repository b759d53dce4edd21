package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// RequisitionsPage lists requisitions.
type RequisitionsPage struct {
	Base
	Items     []hiring.Requisition
	Filter    url.Values
	Statuses  []Option
	OrgUnits  []Option
	CanManage bool
	CanPlan   bool
}

func (u *UI) requisitions(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	status := q.Get("status")
	if status == "" {
		status = "active"
	}
	f := hiring.RequisitionFilter{Status: status, Q: q.Get("q")}
	if status == "all" {
		f.Status = ""
	}
	if v := q.Get("org_unit_id"); v != "" {
		f.OrgUnitID, _ = strconv.ParseInt(v, 10, 64)
	}
	items, err := u.Hiring.Requisitions(r.Context(), a, f)
	if err != nil {
		return err
	}
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p := RequisitionsPage{Base: u.base(r, "Recruiting", "Recruiting"), Items: items, Filter: q,
		CanManage: access.Can(a, access.RequisitionManage, access.CompanyTarget), CanPlan: access.Can(a, access.HiringPlanView, access.CompanyTarget)}
	st := []Option{{Value: "active", Label: "Active (draft, waiting, open, on hold)"}}
	for _, s := range hiring.ReqStatuses {
		st = append(st, Option{Value: s, Label: label(s)})
	}
	p.Statuses = selected(append(st, Option{Value: "all", Label: "All"}), status)
	p.OrgUnits = selected(orgOptions(ref), q.Get("org_unit_id"))
	u.render(w, r, http.StatusOK, "hiring/list", p)
	return nil
}

// RequisitionFormPage creates or edits a requisition.
type RequisitionFormPage struct {
	Base
	Form      Form
	R         *hiring.Requisition
	OrgUnits  []Option
	Locations []Option
	Jobs      []Option
	Types     []Option
	Reasons   []Option
	Approval  []string
}

func (u *UI) requisitionFormPage(r *http.Request, title string, f Form, req *hiring.Requisition) (RequisitionFormPage, error) {
	ref, err := u.reference(r)
	if err != nil {
		return RequisitionFormPage{}, err
	}
	p := RequisitionFormPage{Base: u.base(r, title, "Recruiting"), Form: f, R: req, OrgUnits: orgOptions(ref), Locations: locationOptions(ref), Jobs: jobOptions(ref),
		Types: codeOptions(hiring.EmploymentTypes), Reasons: codeOptions(hiring.ReqReasons)}
	p.Approval = u.chainNote(r, "requisition")
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: title}}
	return p, nil
}

func (u *UI) newRequisitionForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.RequisitionManage, access.CompanyTarget); err != nil {
		return err
	}
	f := NewForm(url.Values{"headcount": {"1"}, "employment_type": {"full_time"}, "reason": {"new_headcount"},
		"target_start": {date.Of(u.now()).AddDays(45).String()}})
	p, err := u.requisitionFormPage(r, "New requisition", f, nil)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "hiring/form", p)
	return nil
}

// requisitionInput reads the form; parse failures go on the form.
func (u *UI) requisitionInput(r *http.Request, f Form) hiring.RequisitionInput {
	in := hiring.RequisitionInput{Title: f.Get("title"), JobID: int64Of(f, "job_id"), OrgUnitID: int64Of(f, "org_unit_id"), LocationID: int64Of(f, "location_id"),
		Headcount: intOf(f, "headcount"), EmploymentType: f.Get("employment_type"), Reason: f.Get("reason"),
		SalaryMinCents: centsOf(f, "salary_min"), SalaryMaxCents: centsOf(f, "salary_max"),
		HiringManagerID: u.managerFromEmail(r, f, "hiring_manager_email"), TargetStart: dateOf(f, "target_start"),
		KeyRole: f.Get("key_role") == "1", Justification: f.Get("justification")}
	if strings.TrimSpace(f.Get("backfill_email")) != "" {
		in.BackfillFor = u.employeeFromEmail(r, f, "backfill_email")
	}
	in.Invalid = unrename(f.Errors, renameRequisition)
	return in
}

// renameRequisition maps domain field names to the form's.
var renameRequisition = map[string]string{"hiring_manager_id": "hiring_manager_email", "backfill_for": "backfill_email",
	"salary_min_cents": "salary_min", "salary_max_cents": "salary_max"}

// employeeFromEmail finds any employee (active or former) by work email.
func (u *UI) employeeFromEmail(r *http.Request, f Form, k string) int64 {
	v := strings.TrimSpace(f.Get(k))
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

func (u *UI) createRequisition(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := u.requisitionInput(r, f)
	id, err := u.Hiring.CreateRequisition(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Saved the requisition as a draft. Submit it for approval when it is ready.")
	}
	if err := f.Fail(err, renameRequisition); err != nil {
		return err
	}
	p, err := u.requisitionFormPage(r, "New requisition", f, nil)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "hiring/form", p)
	return nil
}

func (u *UI) editRequisitionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if !u.Hiring.Can(r.Context(), actor(r), access.RequisitionManage, req) {
		return kit.Forbidden("you may not edit this requisition")
	}
	v := url.Values{"title": {req.Title}, "job_id": {itoa(req.JobID)}, "org_unit_id": {itoa(req.OrgUnitID)}, "location_id": {itoa(req.LocationID)},
		"headcount": {strconv.Itoa(req.Headcount)}, "employment_type": {req.EmploymentType}, "reason": {req.Reason},
		"salary_min": {kit.FormatCents(req.SalaryMinCents)}, "salary_max": {kit.FormatCents(req.SalaryMaxCents)},
		"target_start": {req.TargetStart.String()}, "justification": {req.Justification}, "version": {strconv.FormatInt(req.Version, 10)}}
	if hm, err := u.People.GetProfile(r.Context(), actor(r), req.HiringManagerID); err == nil {
		v.Set("hiring_manager_email", hm.Employee.WorkEmail)
	}
	if req.BackfillFor != 0 {
		if b, err := u.People.GetProfile(r.Context(), actor(r), req.BackfillFor); err == nil {
			v.Set("backfill_email", b.Employee.WorkEmail)
		}
	}
	if req.KeyRole {
		v.Set("key_role", "1")
	}
	p, err := u.requisitionFormPage(r, "Edit "+req.Number, NewForm(v), &req)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "hiring/form", p)
	return nil
}

func (u *UI) updateRequisition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := u.requisitionInput(r, f)
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	err = u.Hiring.UpdateRequisition(r.Context(), actor(r), id, in, version)
	if err == nil {
		return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Saved the requisition.")
	}
	if err := f.Fail(err, renameRequisition); err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p, err := u.requisitionFormPage(r, "Edit "+req.Number, f, &req)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "hiring/form", p)
	return nil
}

// RequisitionPage shows one requisition.
type RequisitionPage struct {
	Base
	R            hiring.Requisition
	Approval     *work.Approval
	CanManage    bool
	Next         []Option // statuses it may move to
	Postings     []hiring.Posting
	Applications []hiring.Application
	CanSeeApps   bool
	ByStage      []StageCount
}

// StageCount is how many active applications sit in a stage.
type StageCount struct {
	Stage string
	Count int
}

func (u *UI) requisitionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	req, err := u.Hiring.Requisition(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := RequisitionPage{Base: u.base(r, req.Number+" · "+req.Title, "Recruiting"), R: req, CanManage: u.Hiring.Can(r.Context(), a, access.RequisitionManage, req)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number}}
	if req.ApprovalID != 0 {
		if ap, err := u.Work.Get(r.Context(), a, req.ApprovalID); err == nil {
			p.Approval = &ap
		}
	}
	if p.Postings, err = u.Hiring.PostingsOf(r.Context(), a, id); err != nil {
		return err
	}
	if u.Hiring.Can(r.Context(), a, access.CandidateView, req) {
		p.CanSeeApps = true
		if p.Applications, err = u.Hiring.Applications(r.Context(), a, id, hiring.ApplicationFilter{}); err != nil {
			return err
		}
		counts := map[string]int{}
		for _, ap := range p.Applications {
			if ap.Status == hiring.AppActive {
				counts[ap.Stage]++
			}
		}
		for _, s := range hiring.DefaultStages {
			p.ByStage = append(p.ByStage, StageCount{Stage: s, Count: counts[s]})
		}
	}
	switch req.Status {
	case hiring.ReqOpen:
		p.Next = []Option{{Value: hiring.ReqOnHold, Label: "Put on hold"}, {Value: hiring.ReqFilled, Label: "Mark filled"}}
	case hiring.ReqOnHold:
		p.Next = []Option{{Value: hiring.ReqOpen, Label: "Reopen"}, {Value: hiring.ReqFilled, Label: "Mark filled"}}
	}
	u.render(w, r, http.StatusOK, "hiring/detail", p)
	return nil
}

func (u *UI) submitRequisition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := u.Hiring.SubmitRequisition(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Submitted for approval.")
}

func (u *UI) requisitionStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	status := r.PostFormValue("status")
	if err := u.Hiring.SetRequisitionStatus(r.Context(), actor(r), id, status, r.PostFormValue("reason")); err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Not changed: "+msg)
		}
		return err
	}
	return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "The requisition is now "+label(status)+".")
}

// PlanPage shows the hiring plan of a year.
type PlanPage struct {
	Base
	Year       int
	Years      []Option
	Rows       []hiring.PlanRow
	Form       Form
	OrgUnits   []Option
	Quarters   []Option
	CanManage  bool
	Totals     hiring.PlanRow
	PrevYear   int
	NextYear   int
	ByQuarter  [4]hiring.PlanRow
	HasCommits bool
}

func (u *UI) planPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPlan(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderPlan(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	year := date.Of(u.now()).Year()
	if v, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && v > 2000 && v < 2100 {
		year = v
	}
	if v, err := strconv.Atoi(f.Get("year")); err == nil && v > 2000 && v < 2100 {
		year = v
	}
	rows, err := u.Hiring.Plan(r.Context(), a, year)
	if err != nil {
		return err
	}
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p := PlanPage{Base: u.base(r, "Hiring plan "+strconv.Itoa(year), "Recruiting"), Year: year, Rows: rows, Form: f, OrgUnits: orgOptions(ref),
		CanManage: access.Can(a, access.HiringPlanManage, access.CompanyTarget), PrevYear: year - 1, NextYear: year + 1}
	p.Quarters = []Option{{Value: "1", Label: "Q1 (Jan–Mar)"}, {Value: "2", Label: "Q2 (Apr–Jun)"}, {Value: "3", Label: "Q3 (Jul–Sep)"}, {Value: "4", Label: "Q4 (Oct–Dec)"}}
	for _, row := range rows {
		p.Totals.Headcount += row.Headcount
		p.Totals.BudgetCents += row.BudgetCents
		p.Totals.Requested += row.Requested
		p.Totals.Approved += row.Approved
		p.Totals.Filled += row.Filled
		p.Totals.CommittedCents += row.CommittedCents
	}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Hiring plan"}}
	if f.Get("year") == "" {
		p.Form.Values.Set("year", strconv.Itoa(year))
	}
	u.render(w, r, status, "hiring/plan", p)
	return nil
}

func (u *UI) savePlan(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := hiring.PlanInput{OrgUnitID: int64Of(f, "org_unit_id"), Year: intOf(f, "year"), Quarter: intOf(f, "quarter"), Headcount: intOf(f, "headcount"),
		BudgetCents: centsOf(f, "budget"), Note: f.Get("note")}
	if len(f.Errors) == 0 {
		_, err := u.Hiring.SetPlan(r.Context(), actor(r), in)
		if err == nil {
			return u.redirect(w, r, "/hiring/plan?year="+strconv.Itoa(in.Year), "Saved the plan for Q"+strconv.Itoa(in.Quarter)+" "+strconv.Itoa(in.Year)+".")
		}
		if err := f.Fail(err, map[string]string{"budget_cents": "budget"}); err != nil {
			return err
		}
	}
	return u.renderPlan(w, r, http.StatusUnprocessableEntity, f)
}
