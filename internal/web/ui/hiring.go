package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	Items      []hiring.Requisition
	Filter     url.Values
	Statuses   []Option
	OrgUnits   []Option
	CanManage  bool
	CanPlan    bool
	CanMetrics bool
	CanJD      bool
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
		CanManage: access.Can(a, access.RequisitionManage, access.CompanyTarget), CanPlan: access.Can(a, access.HiringPlanView, access.CompanyTarget),
		CanMetrics: access.Can(a, access.RecruitingMetricsView, access.CompanyTarget), CanJD: access.Can(a, access.JDManage, access.CompanyTarget)}
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
	Pipelines []Option
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
	if ts, err := u.Hiring.StageTemplates(r.Context(), actor(r)); err == nil {
		for _, t := range ts {
			name := t.Name
			if t.IsDefault {
				name += " (default)"
			}
			p.Pipelines = append(p.Pipelines, Option{Value: itoa(t.ID), Label: name})
		}
		p.Pipelines = selected(p.Pipelines, f.Get("stage_template_id"))
	}
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
		KeyRole: f.Get("key_role") == "1", Justification: f.Get("justification"), Requirements: f.Get("requirements"), StageTemplateID: int64Of(f, "stage_template_id")}
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
		"target_start": {req.TargetStart.String()}, "justification": {req.Justification}, "requirements": {req.Requirements}, "version": {strconv.FormatInt(req.Version, 10)},
		"stage_template_id": {strconv.FormatInt(req.StageTemplateID, 10)}}
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
	BulkStages   []Option
	Templates    []Option // pipeline templates to switch to
	PipelineName string
	// RejectReasons for the bulk reject.
	RejectReasons []Option
	Plan          []hiring.PlanRound
	CanPlan       bool // hiring.interviews.manage: edit the plan
}

// StageCount is how many active applications sit in a stage.
type StageCount struct {
	Stage string
	Name  string
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
	p := RequisitionPage{Base: u.base(r, req.Number+" · "+req.Title, "Recruiting"), R: req, CanManage: u.Hiring.Can(r.Context(), a, access.RequisitionManage, req) && u.Hiring.Can(r.Context(), a, access.CandidateManage, req)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number}}
	if req.ApprovalID != 0 {
		if ap, err := u.Work.Get(r.Context(), a, req.ApprovalID); err == nil {
			p.Approval = &ap
		}
	}
	if p.Postings, err = u.Hiring.PostingsOf(r.Context(), a, id); err != nil {
		return err
	}
	if _, p.Plan, err = u.Hiring.InterviewPlan(r.Context(), a, id); err != nil {
		return err
	}
	p.CanPlan = u.Hiring.Can(r.Context(), a, access.InterviewManage, req)
	p.RejectReasons = codeOptions(hiring.RejectReasons)
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
		for _, s := range req.Pipeline() {
			p.ByStage = append(p.ByStage, StageCount{Stage: s.Key, Name: s.Name, Count: counts[s.Key]})
			if s.Kind != hiring.StageApplied && s.Kind != hiring.StageOffer && s.Kind != hiring.StageHired {
				p.BulkStages = append(p.BulkStages, Option{Value: s.Key, Label: s.Name})
			}
		}
	}
	if ts, err := u.Hiring.StageTemplates(r.Context(), a); err == nil {
		for _, t := range ts {
			if t.ID == req.StageTemplateID {
				p.PipelineName = t.Name
			}
			p.Templates = append(p.Templates, Option{Value: itoa(t.ID), Label: t.Name, Selected: t.ID == req.StageTemplateID})
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

func (u *UI) setPipeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	tid, _ := strconv.ParseInt(r.PostFormValue("stage_template_id"), 10, 64)
	if err := u.Hiring.SetPipeline(r.Context(), actor(r), id, tid); err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Not changed: "+msg)
		}
		return err
	}
	return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Changed the pipeline.")
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
	Forecast   []hiring.ForecastRow
	FTotal     hiring.ForecastRow
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
	if p.Forecast, err = u.Hiring.Forecast(r.Context(), a, year); err != nil {
		return err
	}
	for _, fr := range p.Forecast {
		p.FTotal.Headcount += fr.Headcount
		p.FTotal.Separations += fr.Separations
		for q := range fr.Quarters {
			p.FTotal.Quarters[q].Quarter = q + 1
			p.FTotal.Quarters[q].Needs += fr.Quarters[q].Needs
			p.FTotal.Quarters[q].Planned += fr.Quarters[q].Planned
			p.FTotal.Quarters[q].Exits += fr.Quarters[q].Exits
			p.FTotal.Quarters[q].Approved += fr.Quarters[q].Approved
		}
		p.FTotal.Total.Needs += fr.Total.Needs
		p.FTotal.Total.Approved += fr.Total.Approved
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

// ApplicationPage shows one application to the hiring team.
type ApplicationPage struct {
	Base
	App        hiring.Application
	R          hiring.Requisition
	Questions  []AnswerRow
	Screening  hiring.Screening
	Resume     template.HTML
	Events     []EventRow
	Stages     []Option
	Reasons    []Option
	CanManage  bool
	Untouched  bool
	Days       int
	Offers     []hiring.Offer
	Interviews InterviewsCard
	Retention  *hiring.RetentionStatus // for hiring.candidates.privacy
	Phones     []hiring.PhoneScreen
}

// AnswerRow is a screening question and its answer.
type AnswerRow struct{ Question, Answer, Knockout string }

// EventRow is a stage move with the time spent before it.
type EventRow struct {
	hiring.StageEvent
	Spent string // time in the previous stage
}

func (u *UI) applicationPage(w http.ResponseWriter, r *http.Request) error {
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
	p := ApplicationPage{Base: u.base(r, app.Candidate.Name()+" · "+req.Number, "Recruiting"), App: app, R: req,
		CanManage: u.Hiring.Can(r.Context(), a, access.CandidateManage, req), Untouched: app.Untouched(u.now(), u.Hiring.SLADays(r.Context())), Days: app.DaysInStage(u.now())}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)}, {Label: app.Candidate.Name()}}
	if app.PostingID != 0 {
		if post, err := u.Hiring.Posting(r.Context(), a, app.PostingID); err == nil {
			for _, q := range post.Questions {
				p.Questions = append(p.Questions, AnswerRow{Question: q.Text, Answer: app.Answers[q.ID], Knockout: q.Knockout})
			}
		}
	}
	sc, text, err := u.Hiring.ScreeningOf(r.Context(), a, id)
	if err != nil {
		return err
	}
	p.Screening, p.Resume = sc, hiring.Highlight(text, sc.Matched)
	events, err := u.Hiring.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	for i, e := range events {
		row := EventRow{StageEvent: e}
		if i > 0 {
			row.Spent = spent(e.At.Sub(events[i-1].At))
		}
		p.Events = append(p.Events, row)
	}
	for _, s := range req.Pipeline() {
		if s.Kind != hiring.StageHired && s.Key != app.Stage {
			p.Stages = append(p.Stages, Option{Value: s.Key, Label: s.Name})
		}
	}
	p.Reasons = codeOptions(hiring.RejectReasons)
	if p.Offers, err = u.Hiring.OffersOf(r.Context(), a, id); err != nil {
		return err
	}
	if p.Interviews, err = u.interviewsCard(r, app, req, u.Hiring.Can(r.Context(), a, access.InterviewManage, req) && app.Status == hiring.AppActive); err != nil {
		return err
	}
	if p.Phones, err = u.Hiring.PhoneScreens(r.Context(), a, id); err != nil {
		return err
	}
	if access.Can(a, access.CandidatePrivacy, access.CompanyTarget) {
		rs, err := u.Hiring.Retention(r.Context(), a, app.CandidateID)
		if err != nil {
			return err
		}
		p.Retention = &rs
	}
	u.render(w, r, http.StatusOK, "hiring/application", p)
	return nil
}

// spent renders a duration in days or hours.
func spent(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return strconv.Itoa(int(d.Hours()/24)) + " days"
	case d >= time.Hour:
		return strconv.Itoa(int(d.Hours())) + " hours"
	}
	return "under an hour"
}

func (u *UI) applicationResume(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := u.Hiring.ResumeOf(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", res.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.NewReplacer(`"`, "_", `\`, "_").Replace(res.Filename)+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(res.Data)
	return err
}

func (u *UI) moveApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	back := "/hiring/applications/" + itoa(id)
	if next := r.PostFormValue("next"); strings.HasPrefix(next, "/hiring/") {
		back = next
	}
	res, err := u.Hiring.MoveApplication(r.Context(), actor(r), id, r.PostFormValue("to_stage"), r.PostFormValue("note"), version)
	if err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, back, "Not moved: "+msg)
		}
		return err
	}
	if res.ApprovalID != 0 {
		return u.redirect(w, r, back, "This is a key role: the HR manager makes the final call on the offer. The request is on the approvals page.")
	}
	return u.redirect(w, r, back, "Moved to "+label(r.PostFormValue("to_stage"))+".")
}

func (u *UI) rejectApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/hiring/applications/" + itoa(id)
	err = u.Hiring.RejectApplication(r.Context(), actor(r), id, r.PostFormValue("reason"), r.PostFormValue("note"), r.PostFormValue("notify") == "1")
	if err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, back, "Not rejected: "+msg)
		}
		return err
	}
	return u.redirect(w, r, back, "Rejected the application.")
}

func (u *UI) bulkApplications(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var ids []int64
	for _, v := range r.PostForm["ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	back := "/hiring/requisitions/" + itoa(id)
	if r.PostFormValue("next") == "pipeline" {
		back += "/pipeline"
	}
	n, err := u.Hiring.BulkAction(r.Context(), actor(r), id, ids, r.PostFormValue("action"), r.PostFormValue("to_stage"), r.PostFormValue("reason"))
	if err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, back, "Nothing changed: "+msg)
		}
		return err
	}
	return u.redirect(w, r, back, strconv.Itoa(n)+" application(s) updated.")
}

// PipelinePage is the kanban board of a requisition.
type PipelinePage struct {
	Base
	R         hiring.Requisition
	Columns   []PipelineColumn
	CanManage bool
	Stages    []Option
}

// PipelineColumn is one stage and its active applications.
type PipelineColumn struct {
	Stage string
	Name  string
	Cards []PipelineCard
}

// PipelineCard is one application on the board.
type PipelineCard struct {
	hiring.Application
	Days      int
	Untouched bool
	Score     int
	HasScore  bool
}

func (u *UI) pipelinePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	req, err := u.Hiring.Requisition(r.Context(), a, id)
	if err != nil {
		return err
	}
	apps, err := u.Hiring.Applications(r.Context(), a, id, hiring.ApplicationFilter{Status: hiring.AppActive})
	if err != nil {
		return err
	}
	p := PipelinePage{Base: u.base(r, "Pipeline · "+req.Number, "Recruiting"), R: req, CanManage: u.Hiring.Can(r.Context(), a, access.CandidateManage, req)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)}, {Label: "Pipeline"}}
	terms := hiring.Terms(req.Requirements)
	now, sla := u.now(), u.Hiring.SLADays(r.Context())
	for _, s := range req.Pipeline() {
		if s.Kind == hiring.StageHired {
			continue
		}
		col := PipelineColumn{Stage: s.Key, Name: s.Name}
		for _, ap := range apps {
			if ap.Stage != s.Key {
				continue
			}
			card := PipelineCard{Application: ap, Days: ap.DaysInStage(now), Untouched: ap.Untouched(now, sla)}
			if len(terms) > 0 {
				if sc, _, err := u.Hiring.ScreeningOf(r.Context(), a, ap.ID); err == nil {
					card.Score, card.HasScore = sc.Score, true
				}
			}
			col.Cards = append(col.Cards, card)
		}
		p.Columns = append(p.Columns, col)
		p.Stages = append(p.Stages, Option{Value: s.Key, Label: s.Name})
	}
	u.render(w, r, http.StatusOK, "hiring/pipeline", p)
	return nil
}

func (u *UI) saveRequirements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Hiring.UpdateRequirements(r.Context(), actor(r), id, r.PostFormValue("requirements")); err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Not saved: "+msg)
		}
		return err
	}
	return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Saved the screening requirements.")
}
