package leave

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// FMLA reasons (29 CFR 825.112) and leave schedules (825.202).
var (
	Reasons   = []string{"own_health", "family_health", "birth_bonding", "placement", "military_exigency", "military_caregiver"}
	Schedules = []string{"continuous", "intermittent", "reduced"}
)

// ReasonLabels name the reasons.
var ReasonLabels = map[string]string{
	"own_health": "Own serious health condition", "family_health": "Care for a family member's serious health condition",
	"birth_bonding": "Birth and bonding with a newborn", "placement": "Adoption or foster placement",
	"military_exigency": "Qualifying exigency (military)", "military_caregiver": "Military caregiver",
}

// Case statuses.
const (
	CaseOpen   = "open"
	CaseClosed = "closed"
)

// Case is an FMLA leave case.
type Case struct {
	ID           int64
	EmployeeID   int64
	EmployeeName string
	OrgPath      string
	Reason       string
	Schedule     string
	Frequency    string // intermittent or reduced: how often and how long
	// OvertimeHours is the overtime the employee is normally required to
	// work each week: it counts in the usual workweek (29 CFR 825.205(c)).
	OvertimeHours float64
	Starts        date.Date
	Ends          date.Date
	NoticeOn      date.Date
	Status        string
	Eligible      bool
	// Determination is the FMLA determination made when the case was
	// opened, with its explanation.
	Determination FMLA
	// Medical is the medical reason: shown only with leave.cases.manage.
	Medical   string
	MedicalS  []byte
	Notices   rules.FMLANoticesResult
	CreatedBy int64
	CreatedAt time.Time

	// The lifecycle (lifecycle.go).
	CertStatus      string
	CertRequestedOn date.Date
	CertDue         date.Date
	CertReceivedOn  date.Date
	Deficiency      string // what an incomplete certification lacks
	DeficiencyOn    date.Date
	CureDue         date.Date
	SufficientOn    date.Date // enough information to designate
	DesignationDue  date.Date
	RecertOn        date.Date // the earliest day recertification may be asked for
	Designation     string
	DesignatedOn    date.Date
	DesignationNote string
	Proposed        string // the outcome waiting for the HR manager's approval
	ApprovalID      int64
	ClosedOn        date.Date
	Version         int

	// Filled by Get.
	Sent      []Notice
	Documents []Document
	Usage     []Usage
	Programs  []CaseProgram
	// Balance is the FMLA entitlement today with the usage recorded.
	Balance      rules.FMLAEntitlementResult
	BalanceSteps []rules.Step
	// Unprotected is leave recorded past the entitlement (not
	// FMLA-protected: it needs a decision).
	Unprotected float64
}

// CaseStore is what leave cases need, inside the caller's transaction.
type CaseStore interface {
	Store
	InTx(ctx context.Context, fn func(CaseStore) error) error
	work.TaskStore
	InsertLeaveCase(ctx context.Context, c Case, determination string) (int64, error)
	GetLeaveCase(ctx context.Context, id int64) (Case, string, error)
	ListLeaveCases(ctx context.Context, employeeID int64, paths []string, whole bool, limit int) ([]Case, error)
	// UpdateLeaveCase writes the lifecycle fields when the case is still
	// at version; it returns KindConflict when someone else changed it.
	UpdateLeaveCase(ctx context.Context, c Case, version int) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	// The employee's user account and address, for notices.
	ActiveUserOf(ctx context.Context, employeeID int64) (int64, string, error)
	InsertLeaveNotice(ctx context.Context, n Notice, pdf []byte) (int64, error)
	ListLeaveNotices(ctx context.Context, caseID int64) ([]Notice, error)
	LeaveNoticePDF(ctx context.Context, id int64) (Notice, []byte, error)
	InsertLeaveDocument(ctx context.Context, d Document, sealed []byte) (int64, error)
	ListLeaveDocuments(ctx context.Context, caseID int64) ([]Document, error)
	LeaveDocument(ctx context.Context, id int64) (Document, []byte, error)
	InsertLeaveUsage(ctx context.Context, u Usage) (int64, error)
	// ListLeaveUsage lists an employee's FMLA leave recorded on every case.
	ListLeaveUsage(ctx context.Context, employeeID int64) ([]Usage, error)
	ListLeavePrograms(ctx context.Context) ([]Program, error)
	SaveLeaveProgram(ctx context.Context, p Program, version int) error
	SetCaseProgram(ctx context.Context, cp CaseProgram) error
	// ListCasePrograms lists the programs of one case, or of every case of
	// an employee (caseID 0).
	ListCasePrograms(ctx context.Context, caseID, employeeID int64) ([]CaseProgram, error)
	// CountActive counts the company's employees in an employment period
	// on a day (a state program's employer size).
	CountActive(ctx context.Context, day date.Date) (int, error)
	LeaveDashboard(ctx context.Context, paths []string, whole bool, today date.Date) (Dashboard, error)
}

// Cases runs the leave case use cases.
type Cases struct {
	store    CaseStore
	clock    kit.Clock
	sealer   *kit.Sealer
	settings func(context.Context) (rules.Settings, error)
	onNotice []NoticeHook
	company  func(context.Context) string
}

// NewCases builds the service; sealer encrypts medical reasons.
func NewCases(st CaseStore, clock kit.Clock, sealer *kit.Sealer, settings func(context.Context) (rules.Settings, error)) *Cases {
	return &Cases{store: st, clock: clock, sealer: sealer, settings: settings}
}

// CaseInput opens a case.
type CaseInput struct {
	EmployeeID int64 // 0: the actor's own
	Reason     string
	Schedule   string
	Frequency  string // intermittent or reduced: the expected frequency and duration
	// OvertimeHours is mandatory overtime a week (voluntary overtime never
	// counts).
	OvertimeHours float64
	Starts        date.Date
	Ends          date.Date // expected; empty when unknown
	NoticeOn      date.Date // when the employee told the employer; today by default
	Medical       string    // the medical reason (HR only)
	Invalid       kit.FieldErrors
}

// Open opens an FMLA case: it determines eligibility and entitlement from
// the employee's records (the rules engine, explained), computes the
// notice deadlines (eligibility and rights and responsibilities notices,
// 5 business days after the notice), and puts a task for each notice in
// the compliance queue. An employee may open their own case (the request
// for leave); HR opens one for anyone in scope. Requires
// leave.cases.manage over the employee, or leave.cases.view for oneself.
// Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict
// (terminated employee).
func (s *Cases) Open(ctx context.Context, a access.Actor, in CaseInput) (int64, error) {
	if in.EmployeeID == 0 {
		in.EmployeeID = a.EmployeeID
	}
	set, err := s.settings(ctx)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.store.InTx(ctx, func(st CaseStore) error {
		t, err := st.Target(ctx, in.EmployeeID)
		if err != nil {
			return err
		}
		self := in.EmployeeID == a.EmployeeID && a.EmployeeID != 0
		if !access.Can(a, access.LeaveCaseManage, t) && !(self && access.Can(a, access.LeaveCaseView, t)) {
			return kit.Forbidden("you may request leave for yourself only")
		}
		e, err := st.GetEmployee(ctx, in.EmployeeID)
		if err != nil {
			return err
		}
		if e.Status == "terminated" {
			return kit.Conflict("%s is no longer employed: a leave case needs a current employee", e.Name())
		}
		f := in.Invalid
		if f == nil {
			f = kit.FieldErrors{}
		}
		if !slices.Contains(Reasons, in.Reason) {
			f.Add("reason", "Choose the reason for the leave")
		}
		if !slices.Contains(Schedules, in.Schedule) {
			f.Add("schedule", "Choose continuous, intermittent or reduced schedule")
		}
		if in.Starts.IsZero() {
			f.Add("starts_on", "Enter the first day of leave")
		}
		if !in.Ends.IsZero() && !in.Starts.IsZero() && in.Ends.Before(in.Starts) {
			f.Add("ends_on", "The expected end cannot be before the start")
		}
		if in.NoticeOn.IsZero() {
			in.NoticeOn = date.Of(s.clock.Now())
		}
		if in.NoticeOn.After(date.Of(s.clock.Now())) {
			f.Add("notice_on", "Notice cannot be given in the future")
		}
		in.Frequency = strings.TrimSpace(in.Frequency)
		if in.Schedule == "intermittent" && in.Frequency == "" {
			f.Add("frequency", "Say how often and how long the episodes are expected to be, such as 2 a month, 1 day each")
		}
		if in.OvertimeHours < 0 || in.OvertimeHours > 40 {
			f.Add("mandatory_overtime_hours", "Enter the mandatory overtime a week, 0 to 40 hours (voluntary overtime never counts)")
		}
		if len(in.Frequency) > 300 {
			f.Add("frequency", "Use at most 300 characters")
		}
		in.Medical = strings.TrimSpace(in.Medical)
		if len(in.Medical) > 4000 {
			f.Add("medical", "Use at most 4,000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		det, err := (&Service{store: st, clock: s.clock, settings: s.settings}).determine(ctx, e, in.Starts, in.NoticeOn, in.Ends)
		if err != nil {
			return err
		}
		notices, nsteps, err := rules.FMLANotices(rules.FMLANoticesFacts{LeaveRequestedOn: in.NoticeOn}, set)
		if err != nil {
			return err
		}
		c := Case{EmployeeID: e.ID, Reason: in.Reason, Schedule: in.Schedule, Frequency: in.Frequency, OvertimeHours: in.OvertimeHours, Starts: in.Starts, Ends: in.Ends, NoticeOn: in.NoticeOn, Status: CaseOpen,
			Eligible: det.Eligibility.Eligible, Determination: det, CreatedBy: a.UserID, CreatedAt: s.clock.Now(), CertStatus: CertNone, Designation: DesignationPending, Version: 1}
		if in.Medical != "" {
			if c.MedicalS, err = s.sealer.Seal([]byte(in.Medical)); err != nil {
				return err
			}
		}
		raw, err := json.Marshal(caseRecord{Determination: det, Notices: notices, NoticeSteps: nsteps})
		if err != nil {
			return err
		}
		if id, err = st.InsertLeaveCase(ctx, c, string(raw)); err != nil {
			return err
		}
		if err := AttachPrograms(ctx, st, id, e, in.Reason, det); err != nil {
			return err
		}
		if err := NoticeTasks(ctx, st, a, id, e, notices, nsteps, s.clock.Now()); err != nil {
			return err
		}
		// The audit entry never carries the medical reason.
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "leave.case_open", ObjectType: "leave_case", ObjectID: id,
			Summary: fmt.Sprintf("Opened an FMLA leave case for %s from %s (%s)", e.Name(), in.Starts, map[bool]string{true: "eligible", false: "not eligible"}[det.Eligibility.Eligible]),
			After:   audit.Snapshot(map[string]any{"reason": in.Reason, "schedule": in.Schedule, "eligible": det.Eligibility.Eligible, "failed_tests": det.Eligibility.FailedTests}), RequestID: a.RequestID})
	})
	return id, err
}

// NoticeTasks puts the eligibility and rights and responsibilities
// notice tasks of a new case in the compliance queue (the demo history
// uses it too).
func NoticeTasks(ctx context.Context, st work.TaskStore, a access.Actor, id int64, e people.Employee, notices rules.FMLANoticesResult, nsteps []rules.Step, now time.Time) error {
	steps, _ := json.Marshal(nsteps)
	for _, n := range []struct {
		title, rule string
		due         date.Date
	}{
		{"FMLA eligibility notice (WH-381): " + e.Name(), RuleEligibility, notices.EligibilityNoticeDue},
		{"FMLA rights and responsibilities notice (WH-381): " + e.Name(), RuleRights, notices.RightsNoticeDue},
	} {
		if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: n.title, Kind: "leave_notice", QueueKey: "compliance", EmployeeID: e.ID, OrgUnitID: e.OrgUnitID,
			ObjectType: "leave_case", ObjectID: id, DueOn: n.due, DueSteps: string(steps), Priority: "high", Rule: n.rule}, now); err != nil {
			return err
		}
	}
	return nil
}

// CaseRecordJSON is what a case keeps of its determination and notice
// deadlines (the demo history writes it too).
func CaseRecordJSON(det FMLA, notices rules.FMLANoticesResult, steps []rules.Step) (string, error) {
	b, err := json.Marshal(caseRecord{Determination: det, Notices: notices, NoticeSteps: steps})
	return string(b), err
}

// caseRecord is what a case keeps of its determination.
type caseRecord struct {
	Determination FMLA                    `json:"determination"`
	Notices       rules.FMLANoticesResult `json:"notices"`
	NoticeSteps   []rules.Step            `json:"notice_steps"`
}

// Get returns a case: the employee sees their own (without the medical
// reason), HR with leave.cases.manage everything. A case the actor may
// not see is NotFound. Errors: KindNotFound.
func (s *Cases) Get(ctx context.Context, a access.Actor, id int64) (Case, error) {
	c, raw, err := s.store.GetLeaveCase(ctx, id)
	if err != nil {
		return c, err
	}
	t, err := s.store.Target(ctx, c.EmployeeID)
	if err != nil {
		return c, err
	}
	if !access.Can(a, access.LeaveCaseView, t) {
		return Case{}, kit.NotFound("leave case")
	}
	var rec caseRecord
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return c, err
	}
	c.Determination, c.Notices = rec.Determination, rec.Notices
	if err := s.fill(ctx, s.store, &c); err != nil {
		return c, err
	}
	if access.Can(a, access.LeaveCaseManage, t) && len(c.MedicalS) > 0 {
		m, err := s.sealer.Open(c.MedicalS)
		if err != nil {
			return c, err
		}
		c.Medical = string(m)
	}
	c.MedicalS = nil
	return c, nil
}

// List returns cases: an employee's (employeeID), or every case in the
// actor's scope (employeeID 0, HR). Errors: KindForbidden.
func (s *Cases) List(ctx context.Context, a access.Actor, employeeID int64) ([]Case, error) {
	if employeeID != 0 {
		t, err := s.store.Target(ctx, employeeID)
		if err != nil {
			return nil, err
		}
		if err := access.Require(a, access.LeaveCaseView, t); err != nil {
			return nil, err
		}
		return s.store.ListLeaveCases(ctx, employeeID, nil, true, 200)
	}
	paths, whole := access.ScopePaths(a, access.LeaveCaseManage)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("only HR lists leave cases")
	}
	return s.store.ListLeaveCases(ctx, 0, paths, whole, 500)
}
