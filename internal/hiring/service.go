package hiring

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Store is what hiring needs from storage; methods run inside the
// transaction of the Store that InTx hands to fn.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	AppendAudit(ctx context.Context, e audit.Entry) error

	// People reference data.
	GetOrgUnit(ctx context.Context, id int64) (people.OrgUnit, error)
	ListOrgUnits(ctx context.Context) ([]people.OrgUnit, error)
	GetLocation(ctx context.Context, id int64) (people.Location, error)
	GetJob(ctx context.Context, id int64) (people.Job, error)
	GetPayGrade(ctx context.Context, id int64) (people.PayGrade, error)
	GetEmployee(ctx context.Context, id int64) (people.Employee, error)
	UserActive(ctx context.Context, userID int64) (bool, error)

	SavePlanLine(ctx context.Context, l PlanLine) (int64, error)
	ListPlanLines(ctx context.Context, year int) ([]PlanLine, error)
	// PlanUsage sums requisition headcount per plan line (org unit,
	// year, quarter) by status group, and the committed salary.
	PlanUsage(ctx context.Context, year int) (map[[3]int64]PlanUsage, error)

	InsertRequisition(ctx context.Context, r Requisition) (int64, error)
	UpdateRequisition(ctx context.Context, r Requisition) error
	GetRequisition(ctx context.Context, id int64) (Requisition, error)
	ListRequisitions(ctx context.Context, f RequisitionFilter) ([]Requisition, error)

	InsertPosting(ctx context.Context, p Posting) (int64, error)
	UpdatePosting(ctx context.Context, p Posting) error
	GetPosting(ctx context.Context, id int64) (Posting, error)
	PostingBySlug(ctx context.Context, slug string) (Posting, error)
	ListPostings(ctx context.Context, f PostingFilter) ([]Posting, error)

	FindCandidate(ctx context.Context, email, phone string) (Candidate, bool, error)
	InsertCandidate(ctx context.Context, c Candidate) (int64, error)
	UpdateCandidate(ctx context.Context, c Candidate) error
	InsertResume(ctx context.Context, r Resume) (int64, error)
	GetResume(ctx context.Context, id int64) (Resume, error)
	// InsertApplication stores an application with the hash of its status
	// token, the sender's hash (flood limit) and the consent text agreed.
	InsertApplication(ctx context.Context, a Application, tokenHash, clientHash, consent string) (int64, error)
	GetApplication(ctx context.Context, id int64) (Application, error)
	ApplicationByToken(ctx context.Context, tokenHash string) (Application, error)
	ListApplications(ctx context.Context, f ApplicationFilter) ([]Application, error)
	ListStageTemplates(ctx context.Context) ([]StageTemplate, error)
	InsertStageTemplate(ctx context.Context, t StageTemplate) (int64, error)
	UpdateStageTemplate(ctx context.Context, t StageTemplate) error
	SetDefaultStageTemplate(ctx context.Context, id int64) error
	DeleteStageTemplate(ctx context.Context, id int64) error
	SetRequisitionPipeline(ctx context.Context, reqID, templateID int64, stages []Stage) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	ListLegalEntities(ctx context.Context) ([]people.LegalEntity, error)
	ListQuestionSets(ctx context.Context) ([]QuestionSet, error)
	InsertQuestionSet(ctx context.Context, q QuestionSet) (int64, error)
	UpdateQuestionSet(ctx context.Context, q QuestionSet) error
	SetDefaultQuestionSet(ctx context.Context, id int64) error
	DeleteQuestionSet(ctx context.Context, id int64) error
	GetCandidatePrivacy(ctx context.Context, id int64) (CandidatePrivacy, error)
	GetCandidate(ctx context.Context, id int64) (Candidate, error)
	ListJobDescriptions(ctx context.Context) ([]JDSummary, error)
	JobDescriptionVersions(ctx context.Context, jobID int64) ([]JobDescription, error)
	InsertJobDescription(ctx context.Context, d JobDescription) (int64, error)
	RequirementsForJob(ctx context.Context, jobID int64) ([]string, error)
	InsertPhoneScreen(ctx context.Context, p PhoneScreen) (int64, error)
	PeriodMonths(ctx context.Context, from, today date.Date) ([]PeriodMonth, error)
	WaitingApplications(ctx context.Context, before time.Time, paths []string, whole bool, limit int) ([]Application, int, error)
	ApprovedOpenings(ctx context.Context, year int) ([]Opening, error)
	ListPhoneScreens(ctx context.Context, appID int64) ([]PhoneScreen, error)
	ApplicationConsent(ctx context.Context, applicationID int64) (string, error)
	SetCandidateHold(ctx context.Context, id int64, on bool, reason string) error
	SetEraseRequested(ctx context.Context, id int64, at time.Time) error
	PurgeCandidates(ctx context.Context, decidedBefore time.Time, limit int) ([]int64, error)
	PurgeCandidate(ctx context.Context, id int64, at time.Time) error
	RecentApplications(ctx context.Context, clientHash string, since time.Time) (int, error)
	InsertStageEvent(ctx context.Context, e StageEvent) error
	ListStageEvents(ctx context.Context, applicationID int64) ([]StageEvent, error)
	MoveApplication(ctx context.Context, id int64, stage string, at time.Time) error
	RejectApplication(ctx context.Context, id int64, reason string, at time.Time) error
	SetApplicationApproval(ctx context.Context, id, approvalID int64) error
	HireApplication(ctx context.Context, id int64, at time.Time) error

	InsertOffer(ctx context.Context, o Offer) (int64, error)
	UpdateOffer(ctx context.Context, o Offer) error
	GetOffer(ctx context.Context, id int64) (Offer, error)
	ListOffers(ctx context.Context, f OfferFilter) ([]Offer, error)
	OfferByToken(ctx context.Context, tokenHash string) (Offer, error)
	SetOfferToken(ctx context.Context, id int64, tokenHash string) error
	SetOfferCheck(ctx context.Context, id int64, c Check) error
	SetOfferEmployee(ctx context.Context, id, employeeID int64, at time.Time) error
	// People is the people store on the same transaction (for the hire).
	People() people.Store

	InterviewerOf(ctx context.Context, userID int64) (Panelist, error)
	StaffUsers(ctx context.Context) ([]Panelist, error)
	BusyInterviews(ctx context.Context, from, to time.Time) ([]Interview, error)
	InsertInterview(ctx context.Context, iv Interview) (int64, error)
	SetInterviewUID(ctx context.Context, id int64, uid string) error
	UpdateInterview(ctx context.Context, iv Interview) error
	SetInterviewStatus(ctx context.Context, id int64, status string) error
	GetInterview(ctx context.Context, id int64) (Interview, error)
	ListInterviews(ctx context.Context, f InterviewFilter) ([]Interview, error)
	GetScorecard(ctx context.Context, interviewID, userID int64) (Scorecard, bool, error)
	InsertScorecard(ctx context.Context, sc Scorecard) error
	ListScorecards(ctx context.Context, interviewID int64) ([]Scorecard, error)
	InsertSchedulingLink(ctx context.Context, l SchedulingLink, tokenHash string) (int64, error)
	SchedulingLinkByToken(ctx context.Context, tokenHash string) (SchedulingLink, error)
	UseSchedulingLink(ctx context.Context, id, interviewID int64) error

	InsertCost(ctx context.Context, c RecruitingCost) (int64, error)
	DeleteCost(ctx context.Context, id int64) error
	ListCosts(ctx context.Context, from, to date.Date) ([]RecruitingCost, error)
	InsertSelfID(ctx context.Context, s SelfID) error
	GetSelfID(ctx context.Context, applicationID int64) (SelfID, error)
}

// PlanUsage is what requisitions use of one plan line.
type PlanUsage struct {
	Requested, Approved, Filled int
	CommittedCents              int64
}

// Service runs the hiring use cases.
type Service struct {
	store    Store
	clock    kit.Clock
	onApply  []ApplyHook
	onEmail  []EmailHook
	onOffer  []OfferHook
	onInvite []InviteHook
	onLink   []LinkHook
	hirer    Hirer
	site     siteCache
	dash     dashCache // computed dashboards, see dashTTL
	// dashFlight computes each missing dashboard once for every reader
	// waiting on it.
	dashFlight singleflight.Group
	// Organizer is the address that organizes interviews in calendars
	// (the app sets the address emails are sent from).
	Organizer string
}

func (s *Service) organizer() string {
	if s.Organizer == "" {
		return "recruiting@localhost"
	}
	return s.Organizer
}

// inTx runs a use case in one transaction and, once it has committed,
// drops the cached dashboards, so no reader keeps the state from before
// the change (see dashTTL).
func (s *Service) inTx(ctx context.Context, fn func(Store) error) error {
	if err := s.store.InTx(ctx, fn); err != nil {
		return err
	}
	s.ForgetDashboards()
	return nil
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

func init() {
	work.RegisterKind(work.KindDef{
		Key: "requisition", Label: "Requisition", Decide: access.RequisitionApprove,
		Facts: []work.FactDef{
			{Key: "key_role", Label: "Key role", Type: "bool"},
			{Key: "over_plan", Label: "Beyond the hiring plan", Type: "bool"},
			{Key: "backfill", Label: "Backfill", Type: "bool"},
			{Key: "headcount", Label: "Headcount", Type: "number"},
			{Key: "salary_max", Label: "Salary maximum (annual)", Type: "money"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverHiringManager, work.ApproverLineManager},
		Default: []work.ChainStep{
			{Approvers: []string{work.ApproverHRManager}},
			{Approvers: []string{work.ApproverHRDirector}, When: []work.Condition{{Fact: "over_plan", Op: "=", Value: 1}, {Fact: "key_role", Op: "=", Value: 1}}},
		},
	})
}

func (s *Service) now() time.Time   { return s.clock.Now() }
func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, objID int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: objID,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

// ---- hiring plan ----

// Plan returns the plan lines of a year in the actor's scope, each with
// what requisitions have used of it. Requires hiring.plan.view.
// Errors: KindForbidden.
func (s *Service) Plan(ctx context.Context, a access.Actor, year int) ([]PlanRow, error) {
	if err := access.Require(a, access.HiringPlanView, access.CompanyTarget); err != nil {
		return nil, err
	}
	lines, err := s.store.ListPlanLines(ctx, year)
	if err != nil {
		return nil, err
	}
	usage, err := s.store.PlanUsage(ctx, year)
	if err != nil {
		return nil, err
	}
	var out []PlanRow
	for _, l := range lines {
		if !access.Can(a, access.HiringPlanView, access.Target{OrgPath: l.OrgPath, EmployeeID: -1}) {
			continue
		}
		u := usage[[3]int64{l.OrgUnitID, int64(l.Year), int64(l.Quarter)}]
		out = append(out, PlanRow{PlanLine: l, Requested: u.Requested, Approved: u.Approved, Filled: u.Filled, CommittedCents: u.CommittedCents})
	}
	return out, nil
}

// SetPlan creates or replaces the plan line of an org unit and quarter.
// Requires hiring.plan.manage over the org unit. Errors: KindInvalid,
// KindForbidden, KindNotFound.
func (s *Service) SetPlan(ctx context.Context, a access.Actor, in PlanInput) (int64, error) {
	if err := access.Require(a, access.HiringPlanManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	if in.OrgUnitID == 0 {
		f.Add("org_unit_id", "Choose an org unit")
	}
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "Enter a year like 2027")
	}
	if in.Quarter < 1 || in.Quarter > 4 {
		f.Add("quarter", "Choose a quarter from 1 to 4")
	}
	if in.Headcount < 0 || in.Headcount > 10000 {
		f.Add("headcount", "Enter a headcount from 0 to 10,000")
	}
	if in.BudgetCents < 0 {
		f.Add("budget_cents", "The budget cannot be negative")
	}
	if len(in.Note) > 1000 {
		f.Add("note", "Keep the note under 1,000 characters")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		u, err := st.GetOrgUnit(ctx, in.OrgUnitID)
		if err != nil {
			return kit.Invalid("org_unit_id", "No such org unit")
		}
		if err := access.Require(a, access.HiringPlanManage, access.Target{OrgPath: u.Path, EmployeeID: -1}); err != nil {
			return err
		}
		l := PlanLine{OrgUnitID: u.ID, Year: in.Year, Quarter: in.Quarter, Headcount: in.Headcount, BudgetCents: in.BudgetCents, Note: strings.TrimSpace(in.Note), UpdatedAt: s.now()}
		if id, err = st.SavePlanLine(ctx, l); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.plan", "hiring_plan", id, fmt.Sprintf("Hiring plan for %s, Q%d %d: %d hires, budget %s", u.Name, in.Quarter, in.Year, in.Headcount, kit.FormatCents(in.BudgetCents)), nil, l)
	})
	return id, err
}

// ---- requisitions ----

// target is who may see and act on a requisition: HR over its org unit,
// the hiring manager (as an employee) and the hiring manager's manager.
func (s *Service) target(ctx context.Context, st Store, r Requisition) access.Target {
	t := access.Target{OrgPath: r.OrgPath, EmployeeID: r.HiringManagerID}
	if t.EmployeeID == 0 {
		t.EmployeeID = -1
	} else {
		t.ManagerChain = []int64{r.HiringManagerID}
		if m, err := st.ManagerOf(ctx, r.HiringManagerID); err == nil && m != 0 {
			t.ManagerChain = append(t.ManagerChain, m)
		}
	}
	return t
}

// Requisitions lists the requisitions the actor may see: those in the HR
// scope, or, for a line manager, those they are hiring for or whose
// hiring manager reports to them. Errors: KindForbidden.
func (s *Service) Requisitions(ctx context.Context, a access.Actor, f RequisitionFilter) ([]Requisition, error) {
	paths, whole := access.ScopePaths(a, access.RequisitionView)
	f.ScopePaths, f.WholeCompany, f.HiringManagers = paths, whole, nil
	if a.EmployeeID != 0 && access.Can(a, access.RequisitionView, access.Target{EmployeeID: a.EmployeeID}) {
		f.HiringManagers = []int64{a.EmployeeID}
	}
	if !whole && len(paths) == 0 && len(f.HiringManagers) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.RequisitionView))
	}
	return s.store.ListRequisitions(ctx, f)
}

// Requisition returns one requisition. Errors: KindNotFound (also when
// the actor may not see it).
func (s *Service) Requisition(ctx context.Context, a access.Actor, id int64) (Requisition, error) {
	r, err := s.store.GetRequisition(ctx, id)
	if err != nil {
		return r, err
	}
	if !access.Can(a, access.RequisitionView, s.target(ctx, s.store, r)) {
		return Requisition{}, kit.NotFound("requisition")
	}
	return r, nil
}

// Can reports whether the actor holds p over a requisition (for pages).
func (s *Service) Can(ctx context.Context, a access.Actor, p access.Permission, r Requisition) bool {
	return access.Can(a, p, s.target(ctx, s.store, r))
}

// validate checks a requisition input and fills the defaults (title from
// the job, salary range from the pay grade); it returns the org unit.
func (s *Service) validate(ctx context.Context, st Store, in *RequisitionInput) (people.OrgUnit, people.Job, error) {
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	var u people.OrgUnit
	var j people.Job
	var err error
	if in.OrgUnitID == 0 {
		f.Add("org_unit_id", "Choose the org unit that will hire")
	} else if u, err = st.GetOrgUnit(ctx, in.OrgUnitID); err != nil {
		f.Add("org_unit_id", "No such org unit")
	}
	if in.JobID == 0 {
		f.Add("job_id", "Choose the job")
	} else if j, err = st.GetJob(ctx, in.JobID); err != nil {
		f.Add("job_id", "No such job")
	}
	if in.LocationID == 0 {
		f.Add("location_id", "Choose the work location")
	} else if _, err := st.GetLocation(ctx, in.LocationID); err != nil {
		f.Add("location_id", "No such location")
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		in.Title = j.Title
	}
	if len(in.Title) > 200 {
		f.Add("title", "Keep the title under 200 characters")
	}
	if in.Headcount == 0 {
		in.Headcount = 1
	}
	if in.Headcount < 1 || in.Headcount > 500 {
		f.Add("headcount", "Enter a headcount from 1 to 500")
	}
	if in.EmploymentType == "" {
		in.EmploymentType = "full_time"
	}
	if !oneOf(in.EmploymentType, EmploymentTypes) {
		f.Add("employment_type", "Choose full time, part time, temporary or seasonal")
	}
	if in.Reason == "" {
		in.Reason = "new_headcount"
	}
	if !oneOf(in.Reason, ReqReasons) {
		f.Add("reason", "Choose new headcount, backfill, replacement upgrade or temporary cover")
	}
	if in.Reason == "backfill" && in.BackfillFor == 0 {
		f.Add("backfill_for", "Name the employee this backfills")
	}
	if in.BackfillFor != 0 {
		if _, err := st.GetEmployee(ctx, in.BackfillFor); err != nil {
			f.Add("backfill_for", "No such employee")
		}
	}
	if in.HiringManagerID == 0 {
		f.Add("hiring_manager_id", "Choose the hiring manager")
	} else if hm, err := st.GetEmployee(ctx, in.HiringManagerID); err != nil || hm.Status != people.StatusActive {
		f.Add("hiring_manager_id", "The hiring manager must be an active employee")
	}
	if in.RecruiterUserID != 0 {
		if ok, err := st.UserActive(ctx, in.RecruiterUserID); err != nil || !ok {
			f.Add("recruiter_user_id", "The recruiter must be an active user")
		}
	}
	if in.TargetStart.IsZero() {
		if !f.Has("target_start") {
			f.Add("target_start", "Enter the target start date")
		}
	} else if in.TargetStart.Before(s.today()) {
		f.Add("target_start", "The target start cannot be in the past")
	} else if in.TargetStart.After(s.today().AddYears(2)) {
		f.Add("target_start", "Plan at most two years ahead")
	}
	if len(in.Justification) > 4000 {
		f.Add("justification", "Keep the justification under 4,000 characters")
	}
	in.Justification = strings.TrimSpace(in.Justification)
	in.Requirements = strings.TrimSpace(in.Requirements)
	if len(in.Requirements) > 4000 {
		f.Add("requirements", "Keep the requirements under 4,000 characters")
	}
	if terms := Terms(in.Requirements); len(terms) > 50 {
		f.Add("requirements", "List at most 50 skills or keywords")
	}
	if j.PayGradeID != 0 {
		if g, err := st.GetPayGrade(ctx, j.PayGradeID); err == nil {
			if in.SalaryMinCents == 0 {
				in.SalaryMinCents = g.MinCents
			}
			if in.SalaryMaxCents == 0 {
				in.SalaryMaxCents = g.MaxCents
			}
		}
	}
	switch {
	case in.SalaryMinCents <= 0 && !f.Has("salary_min_cents"):
		f.Add("salary_min_cents", "Enter the salary range (the job has no pay grade to take it from)")
	case in.SalaryMaxCents < in.SalaryMinCents:
		f.Add("salary_max_cents", "The maximum must be at least the minimum")
	}
	return u, j, f.Err()
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// CreateRequisition saves a draft requisition. Requires
// hiring.requisitions.manage over the org unit. Errors: KindInvalid,
// KindForbidden.
func (s *Service) CreateRequisition(ctx context.Context, a access.Actor, in RequisitionInput) (int64, error) {
	if err := access.Require(a, access.RequisitionManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		u, j, err := s.validate(ctx, st, &in)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.RequisitionManage, access.Target{OrgPath: u.Path, EmployeeID: -1}); err != nil {
			return err
		}
		if in.RecruiterUserID == 0 {
			in.RecruiterUserID = a.UserID
		}
		r := requisitionOf(in)
		r.Status, r.Currency, r.CreatedBy, r.CreatedAt, r.UpdatedAt = ReqDraft, "USD", a.UserID, s.now(), s.now()
		if r.StageTemplateID, r.Stages, err = s.pipelineFor(ctx, st, in.StageTemplateID); err != nil {
			return err
		}
		if g, err := st.GetPayGrade(ctx, j.PayGradeID); err == nil && g.Currency != "" {
			r.Currency = g.Currency
		}
		if id, err = st.InsertRequisition(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_create", "requisition", id, fmt.Sprintf("Drafted a requisition for %s × %d in %s", r.Title, r.Headcount, u.Name), nil, r)
	})
	return id, err
}

func requisitionOf(in RequisitionInput) Requisition {
	return Requisition{Title: in.Title, JobID: in.JobID, OrgUnitID: in.OrgUnitID, LocationID: in.LocationID, Headcount: in.Headcount,
		EmploymentType: in.EmploymentType, Reason: in.Reason, BackfillFor: in.BackfillFor, SalaryMinCents: in.SalaryMinCents, SalaryMaxCents: in.SalaryMaxCents,
		HiringManagerID: in.HiringManagerID, RecruiterUserID: in.RecruiterUserID, TargetStart: in.TargetStart, KeyRole: in.KeyRole, Justification: in.Justification,
		Requirements: in.Requirements}
}

// UpdateRequisition edits a draft or sent-back requisition (an approved
// one is changed by cancelling it and opening another). version, when
// set, must match. Requires hiring.requisitions.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) UpdateRequisition(ctx context.Context, a access.Actor, id int64, in RequisitionInput, version int64) error {
	return s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if version != 0 && version != r.Version {
			return kit.Conflict("the requisition changed since you opened it; reload and edit again")
		}
		if r.Status != ReqDraft {
			return kit.Conflict("only a draft can be edited; this requisition is %s", label(r.Status))
		}
		u, _, err := s.validate(ctx, st, &in)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.RequisitionManage, access.Target{OrgPath: u.Path, EmployeeID: -1}); err != nil {
			return err
		}
		before := r
		next := requisitionOf(in)
		next.ID, next.Number, next.Status, next.Currency, next.CreatedBy, next.CreatedAt, next.UpdatedAt, next.Version = r.ID, r.Number, r.Status, r.Currency, r.CreatedBy, r.CreatedAt, s.now(), r.Version
		next.ApprovalID = r.ApprovalID
		next.StageTemplateID, next.Stages = r.StageTemplateID, r.Stages
		if in.StageTemplateID != 0 && in.StageTemplateID != r.StageTemplateID {
			if next.StageTemplateID, next.Stages, err = s.pipelineFor(ctx, st, in.StageTemplateID); err != nil {
				return err
			}
		}
		if next.RecruiterUserID == 0 {
			next.RecruiterUserID = r.RecruiterUserID
		}
		if err := st.UpdateRequisition(ctx, next); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_update", "requisition", id, "Edited requisition "+r.Number, before, next)
	})
}

// visible loads a requisition the actor holds p over; one they cannot
// even see is not found.
func (s *Service) visible(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Requisition, error) {
	r, err := st.GetRequisition(ctx, id)
	if err != nil {
		return r, err
	}
	t := s.target(ctx, st, r)
	if !access.Can(a, access.RequisitionView, t) {
		return Requisition{}, kit.NotFound("requisition")
	}
	return r, access.Require(a, p, t)
}

// facts are what a requisition approval chain can test.
func (s *Service) facts(ctx context.Context, st Store, r Requisition) (work.Facts, error) {
	f := work.Facts{"key_role": work.Bool(r.KeyRole), "backfill": work.Bool(r.Reason == "backfill"), "headcount": float64(r.Headcount),
		"salary_max": float64(r.SalaryMaxCents) / 100}
	over, err := s.overPlan(ctx, st, r)
	if err != nil {
		return nil, err
	}
	f["over_plan"] = work.Bool(over)
	return f, nil
}

// overPlan reports whether the requisition would take its plan line past
// its headcount (or its budget), or has no plan line at all. The plan
// line is the org unit's, or its nearest ancestor's, for the quarter of
// the target start.
func (s *Service) overPlan(ctx context.Context, st Store, r Requisition) (bool, error) {
	year, q := r.Quarter()
	line, ok, err := s.planLineFor(ctx, st, r.OrgUnitID, year, q)
	if err != nil || !ok {
		return true, err
	}
	usage, err := st.PlanUsage(ctx, year)
	if err != nil {
		return false, err
	}
	u := usage[[3]int64{line.OrgUnitID, int64(year), int64(q)}]
	if u.Requested+u.Approved+r.Headcount > line.Headcount {
		return true, nil
	}
	return line.BudgetCents > 0 && u.CommittedCents+r.SalaryMaxCents*int64(r.Headcount) > line.BudgetCents, nil
}

// planLineFor finds the plan line covering an org unit in a quarter.
func (s *Service) planLineFor(ctx context.Context, st Store, orgUnitID int64, year, q int) (PlanLine, bool, error) {
	lines, err := st.ListPlanLines(ctx, year)
	if err != nil {
		return PlanLine{}, false, err
	}
	u, err := st.GetOrgUnit(ctx, orgUnitID)
	if err != nil {
		return PlanLine{}, false, err
	}
	best := PlanLine{}
	for _, l := range lines {
		if l.Quarter == q && strings.HasPrefix(u.Path, l.OrgPath) && len(l.OrgPath) > len(best.OrgPath) {
			best = l
		}
	}
	return best, best.ID != 0, nil
}

// SubmitRequisition sends a draft for approval along the requisition
// approval chain (by default an HR manager, plus an HR director when it
// is beyond the plan or a key role). Requires hiring.requisitions.manage.
// Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) SubmitRequisition(ctx context.Context, a access.Actor, id int64) (int64, error) {
	var apID int64
	err := s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if r.Status != ReqDraft {
			return kit.Conflict("only a draft can be submitted; this requisition is %s", label(r.Status))
		}
		facts, err := s.facts(ctx, st, r)
		if err != nil {
			return err
		}
		steps, err := work.Route(ctx, st, "requisition", work.Subject{EmployeeID: r.HiringManagerID, HiringManagerEmployeeID: r.HiringManagerID}, facts, a.UserID)
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("%s × %d in %s, %s %s–%s a year, target start %s", r.Title, r.Headcount, r.OrgUnitName, r.Currency,
			strings.TrimSuffix(kit.FormatCents(r.SalaryMinCents), ".00"), strings.TrimSuffix(kit.FormatCents(r.SalaryMaxCents), ".00"), r.TargetStart)
		if facts["over_plan"] == 1 {
			summary += "; beyond the hiring plan"
		}
		if r.KeyRole {
			summary += "; key role"
		}
		ap := work.Approval{Steps: steps, Kind: "requisition", ObjectType: "requisition", ObjectID: r.ID, Title: "Requisition " + r.Number + ": " + r.Title,
			Summary: summary, ScopeOrgUnitID: r.OrgUnitID, ScopeOrgPath: r.OrgPath, Step: 1, RequestedBy: a.UserID}
		if apID, err = work.NewRequest(ctx, st, a, ap, s.now()); err != nil {
			return err
		}
		ap.ID = apID
		r.Status, r.ApprovalID, r.UpdatedAt = ReqPending, apID, s.now()
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: requisition "+r.Number, a.Name+" asks to hire "+r.Title+".", s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_submit", "requisition", r.ID, "Submitted "+r.Number+" for approval ("+summary+")", nil, map[string]any{"approval_id": apID, "facts": facts})
	})
	return apID, err
}

// DecideRequisition records a decision on a requisition's approval: the
// last approval opens it (time-to-fill starts); a rejection closes it; a
// send-back returns it to draft. Errors: as work.Decide.
func (s *Service) DecideRequisition(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "requisition" {
			return kit.NotFound("requisition request")
		}
		r, err := st.GetRequisition(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		if len(d.Comment) > 2000 {
			return kit.Invalid("comment", "Keep the comment under 2,000 characters")
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.RequisitionApprove, s.target(ctx, st, r), s.now())
		if err != nil {
			return err
		}
		last := ap.Decisions[len(ap.Decisions)-1]
		rec := func(action, summary string, after any) error {
			e := audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), OnBehalfOf: last.OnBehalfOf, Action: action, ObjectType: "requisition",
				ObjectID: r.ID, Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID}
			if last.OnBehalfOf != 0 {
				e.Summary += fmt.Sprintf(" (on behalf of user %d)", last.OnBehalfOf)
			}
			return st.AppendAudit(ctx, e)
		}
		note := map[string]any{"comment": d.Comment}
		switch {
		case ap.Status == work.StatusPending && last.Step == ap.Step:
			return rec("hiring.requisition_step", fmt.Sprintf("Approved step %d of %d of %s (waiting on %s)", ap.Step, len(ap.Steps), r.Number, ap.WaitingOn()), note)
		case ap.Status == work.StatusPending:
			if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: requisition "+r.Number, fmt.Sprintf("%s approved step %d; step %d is yours to decide.", a.Name, ap.Step-1, ap.Step), s.now()); err != nil {
				return err
			}
			return rec("hiring.requisition_step", fmt.Sprintf("Approved step %d of %d of %s", ap.Step-1, len(ap.Steps), r.Number), note)
		}
		verdict := map[string]string{work.StatusApproved: "Approved", work.StatusRejected: "Rejected", work.StatusChangesRequested: "Changes requested"}[ap.Status]
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: map[bool]string{true: "approval_sent_back", false: "approval_decided"}[d.SendBack],
			Title: verdict + ": requisition " + r.Number, Body: d.Comment, Link: fmt.Sprintf("/hiring/requisitions/%d", r.ID)}, s.now()); err != nil {
			return err
		}
		before := r.Status
		switch ap.Status {
		case work.StatusApproved:
			r.Status, r.OpenedOn = ReqOpen, s.today()
		case work.StatusRejected:
			r.Status, r.ClosedOn = ReqRejected, s.today()
		case work.StatusChangesRequested:
			r.Status, r.ApprovalID = ReqDraft, 0
		}
		r.UpdatedAt = s.now()
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		return rec("hiring.requisition_"+map[string]string{work.StatusApproved: "approve", work.StatusRejected: "reject", work.StatusChangesRequested: "send_back"}[ap.Status],
			verdict+": "+r.Number+" ("+label(before)+" → "+label(r.Status)+")", map[string]any{"status": r.Status, "comment": d.Comment})
	})
}

// WithdrawRequisition takes a requisition back from approval: the
// request is withdrawn and the requisition returns to draft. Only the
// requester may. Errors: KindNotFound, KindConflict.
func (s *Service) WithdrawRequisition(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "requisition" {
			return kit.NotFound("requisition request")
		}
		if ap, err = work.Withdraw(ctx, st, a, approvalID, s.now()); err != nil {
			return err
		}
		r, err := st.GetRequisition(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		r.Status, r.ApprovalID, r.UpdatedAt = ReqDraft, 0, s.now()
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_withdraw", "requisition", r.ID, "Withdrew "+r.Number+" from approval; it is a draft again", nil, nil)
	})
}

// SetRequisitionStatus puts an open requisition on hold, reopens it,
// marks it filled, or cancels it (a draft or pending one too: a pending
// request is withdrawn). Requires hiring.requisitions.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) SetRequisitionStatus(ctx context.Context, a access.Actor, id int64, status, reason string) error {
	allowed := map[string][]string{
		ReqOnHold:    {ReqOpen},
		ReqOpen:      {ReqOnHold},
		ReqFilled:    {ReqOpen, ReqOnHold},
		ReqCancelled: {ReqDraft, ReqPending, ReqOpen, ReqOnHold},
	}
	from, ok := allowed[status]
	if !ok {
		return kit.Invalid("status", "Choose on hold, open, filled or cancelled")
	}
	reason = strings.TrimSpace(reason)
	if status == ReqCancelled && reason == "" {
		return kit.Invalid("reason", "Say why the requisition is cancelled")
	}
	if len(reason) > 1000 {
		return kit.Invalid("reason", "Keep the reason under 1,000 characters")
	}
	return s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if !oneOf(r.Status, from) {
			return kit.Conflict("a requisition that is %s cannot become %s", label(r.Status), label(status))
		}
		before := r.Status
		if r.Status == ReqPending && r.ApprovalID != 0 {
			ap, err := st.GetApproval(ctx, r.ApprovalID)
			if err != nil {
				return err
			}
			if ap.Status == work.StatusPending || ap.Status == work.StatusChangesRequested {
				if err := st.WithdrawApproval(ctx, ap.ID, s.now()); err != nil {
					return err
				}
			}
		}
		r.Status, r.UpdatedAt = status, s.now()
		if status == ReqFilled || status == ReqCancelled {
			r.ClosedOn = s.today()
		}
		if status == ReqFilled && r.FilledCount < r.Headcount {
			r.FilledCount = r.Headcount
		}
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_status", "requisition", id, fmt.Sprintf("%s: %s → %s%s", r.Number, label(before), label(status), map[bool]string{true: " (" + reason + ")", false: ""}[reason != ""]),
			map[string]any{"status": before}, map[string]any{"status": status, "reason": reason})
	})
}

// label turns a snake_case code into words.
func label(code string) string {
	s := strings.ReplaceAll(code, "_", " ")
	return s
}

// RequisitionUnchecked loads a requisition without an access check, for
// callers that already checked access to something it owns (an interview
// the actor is on the panel of).
func (s *Service) RequisitionUnchecked(ctx context.Context, id int64) (Requisition, error) {
	return s.store.GetRequisition(ctx, id)
}
