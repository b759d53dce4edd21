// Package merit runs merit cycles: the HR manager sets the budget (a
// share of payroll, per department if need be) and the merit matrix
// (performance rating × position in range → guideline increase); opening
// the cycle gives every line manager a worksheet for their direct
// reports with each one's pay, position in range and guideline; managers
// rate and propose, see the budget left, and submit through the merit
// worksheet approval chain (their own manager, then HR; over budget, the
// HR director too); the HR manager follows the roll-up by department and,
// once every worksheet is approved, applies the cycle: each increase
// becomes a pay record effective on the cycle date, and so a payroll
// change.
package merit

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Cycle statuses.
const (
	CycleDraft   = "draft"
	CycleOpen    = "open"
	CycleApplied = "applied"
)

// Worksheet statuses.
const (
	SheetOpen      = "open"
	SheetSubmitted = "submitted"
	SheetApproved  = "approved"
)

// Ratings are the performance ratings, 1 (does not meet) to 5
// (exceptional).
var Ratings = []string{"", "Does not meet", "Partly meets", "Meets", "Exceeds", "Exceptional"}

// Quartile is an employee's position in range for the matrix: 1 is the
// bottom quarter of the range (and below it), 4 the top (and above it).
func Quartile(penetration *float64, position string) int {
	switch {
	case position == "below_range":
		return 1
	case position == "above_range":
		return 4
	case penetration == nil:
		return 2
	}
	return min(max(int(*penetration*4)+1, 1), 4)
}

// Matrix is the guideline increase in basis points by rating (1–5) and
// quartile (1–4).
type Matrix [5][4]int

// DefaultMatrix gives more to strong performers low in their range and
// nothing to those who do not meet expectations.
var DefaultMatrix = Matrix{
	{0, 0, 0, 0},
	{200, 150, 100, 50},
	{400, 350, 300, 200},
	{550, 500, 400, 300},
	{700, 650, 550, 400},
}

// Guideline is the matrix cell of a rating and quartile (0 unrated).
func (m Matrix) Guideline(rating, quartile int) int {
	if rating < 1 || rating > 5 || quartile < 1 || quartile > 4 {
		return 0
	}
	return m[rating-1][quartile-1]
}

// Cycle is a merit cycle.
type Cycle struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Status    string    `json:"status" enum:"draft,open,applied"`
	Effective date.Date `json:"effective_date" doc:"The increases take effect on this day"`
	// EligibleBy: employees hired on or before it take part.
	EligibleBy date.Date `json:"eligible_hired_by"`
	BudgetBP   int       `json:"budget_bp" doc:"The budget as a share of the eligible payroll, in basis points"`
	// DeptBudgets override the budget for a department (org unit ID).
	DeptBudgets map[int64]int `json:"department_budgets_bp"`
	Matrix      Matrix        `json:"matrix"`
	CreatedAt   time.Time     `json:"created_at"`
	OpenedAt    time.Time     `json:"opened_at,omitzero"`
	AppliedAt   time.Time     `json:"applied_at,omitzero"`
}

// Line is one employee in a cycle.
type Line struct {
	ID         int64      `json:"id"`
	CycleID    int64      `json:"-"`
	EmployeeID int64      `json:"employee_id"`
	Name       string     `json:"name"`
	JobTitle   string     `json:"job_title"`
	OwnerID    int64      `json:"worksheet_owner_id" doc:"The line manager's employee ID (0: HR's worksheet)"`
	DeptID     int64      `json:"department_id"`
	Department string     `json:"department"`
	OrgPath    string     `json:"-"`
	Pay        people.Pay `json:"-"`
	// AnnualCents is the annual pay the budget and increases are on.
	AnnualCents int64    `json:"annual_cents"`
	Currency    string   `json:"currency"`
	CompaRatio  *float64 `json:"compa_ratio"`
	Quartile    int      `json:"quartile"`
	Rating      int      `json:"rating"`
	// GuidelineBP comes from the matrix; ProposedBP is the manager's.
	GuidelineBP int    `json:"guideline_bp"`
	ProposedBP  int    `json:"proposed_bp"`
	Note        string `json:"note"`
	// PayRecordID is the pay record the cycle wrote when applied.
	PayRecordID int64 `json:"pay_record_id,omitempty"`
}

// IncreaseCents is the proposed annual increase.
func (l Line) IncreaseCents() int64 {
	return int64(math.Round(float64(l.AnnualCents) * float64(l.ProposedBP) / 10000))
}

// NewPay is the pay after the increase in the employee's own basis
// (hourly rates to the cent).
func (l Line) NewPay() people.Pay {
	p := l.Pay
	p.AmountCents = int64(math.Round(float64(p.AmountCents) * (1 + float64(l.ProposedBP)/10000)))
	return p
}

// Sheet is a manager's worksheet.
type Sheet struct {
	CycleID    int64  `json:"cycle_id"`
	OwnerID    int64  `json:"owner_id"`
	OwnerName  string `json:"owner"`
	Status     string `json:"status" enum:"open,submitted,approved"`
	ApprovalID int64  `json:"approval_id,omitempty"`
	Lines      []Line `json:"lines"`
	// BudgetCents is the team's budget; Proposed the sum of the proposals.
	BudgetCents   int64  `json:"budget_cents"`
	ProposedCents int64  `json:"proposed_cents"`
	PayrollCents  int64  `json:"payroll_cents"`
	Currency      string `json:"currency"`
}

// RemainingCents is the budget left.
func (s Sheet) RemainingCents() int64 { return s.BudgetCents - s.ProposedCents }

// OverBudget reports a worksheet spending more than its budget.
func (s Sheet) OverBudget() bool { return s.ProposedCents > s.BudgetCents }

// Rollup is a department's line on the HR manager's roll-up.
type Rollup struct {
	DeptID        int64  `json:"department_id"`
	Department    string `json:"department"`
	People        int    `json:"people"`
	PayrollCents  int64  `json:"payroll_cents"`
	BudgetBP      int    `json:"budget_bp"`
	BudgetCents   int64  `json:"budget_cents"`
	ProposedCents int64  `json:"proposed_cents"`
	Sheets        int    `json:"worksheets"`
	Submitted     int    `json:"submitted"`
	Approved      int    `json:"approved"`
}

// SheetState is a worksheet's stored state.
type SheetState struct {
	CycleID     int64
	OwnerID     int64
	Status      string
	ApprovalID  int64
	SubmittedAt time.Time
}

// Eligible is an employee as the cycle snapshots them.
type Eligible struct {
	EmployeeID  int64
	Name        string
	JobTitle    string
	ManagerID   int64
	OrgUnitID   int64
	OrgPath     string
	LocationID  int64
	JobID       int64
	WeeklyHours int
	Pay         people.Pay
	Hired       date.Date
}

// Store is what merit cycles need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	People() people.Store
	MeritCycles(ctx context.Context) ([]Cycle, error)
	GetMeritCycle(ctx context.Context, id int64) (Cycle, error)
	SaveMeritCycle(ctx context.Context, c Cycle) (int64, error)
	// EligibleEmployees lists active employees hired on or before a date.
	MeritEligible(ctx context.Context, hiredBy date.Date) ([]Eligible, error)
	InsertMeritLine(ctx context.Context, l Line) error
	// Lines lists a cycle's lines: one worksheet (owner ≥ 0) or all (-1).
	MeritLines(ctx context.Context, cycleID, owner int64) ([]Line, error)
	UpdateMeritLine(ctx context.Context, l Line) error
	MeritSheets(ctx context.Context, cycleID int64) ([]SheetState, error)
	SaveMeritSheet(ctx context.Context, s SheetState) error
	OrgUnitNames(ctx context.Context) (map[int64]string, error)
	EmployeeNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Applier writes an approved increase as a pay record inside the cycle's
// transaction (the people core).
type Applier func(ctx context.Context, st people.Store, a access.Actor, employeeID int64, on date.Date, pay people.Pay, note string) (int64, error)

// Service runs merit cycles.
type Service struct {
	store Store
	clock kit.Clock
	apply Applier
}

// NewService builds the service; increases are written through apply.
func NewService(st Store, clock kit.Clock, apply Applier) *Service {
	return &Service{store: st, clock: clock, apply: apply}
}

func init() {
	work.RegisterKind(work.KindDef{
		Key: "merit_worksheet", Label: "Merit worksheet", Decide: access.MeritApprove,
		Facts: []work.FactDef{
			{Key: "over_budget", Label: "Over budget", Type: "bool"},
			{Key: "spend_pct_of_budget", Label: "Proposals as a share of the budget (%)", Type: "percent"},
			{Key: "proposed", Label: "Total proposed increase", Type: "money"},
		},
		Approvers: []string{work.ApproverLineManager, work.ApproverSkipLevel, work.ApproverHRManager, work.ApproverHRDirector},
		Default: []work.ChainStep{
			{Approvers: []string{work.ApproverLineManager}},
			{Approvers: []string{work.ApproverHRManager}},
			{Approvers: []string{work.ApproverHRDirector}, When: []work.Condition{{Fact: "over_budget", Op: "=", Value: 1}}},
		},
	})
}

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

func manage(a access.Actor) error { return access.Require(a, access.MeritManage, access.CompanyTarget) }

// Cycles lists the cycles: for HR with merit.manage all of them, for a
// line manager those with a worksheet of theirs.
func (s *Service) Cycles(ctx context.Context, a access.Actor) ([]Cycle, error) {
	if !access.Can(a, access.MeritManage, access.CompanyTarget) && !a.HasReports {
		return nil, kit.Forbidden("merit cycles are for HR and line managers")
	}
	cs, err := s.store.MeritCycles(ctx)
	if err != nil || access.Can(a, access.MeritManage, access.CompanyTarget) {
		return cs, err
	}
	var out []Cycle
	for _, c := range cs {
		if c.Status == CycleDraft {
			continue
		}
		lines, err := s.store.MeritLines(ctx, c.ID, a.EmployeeID)
		if err != nil {
			return nil, err
		}
		if len(lines) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// CycleInput creates or edits a draft cycle.
type CycleInput struct {
	Name        string
	Effective   date.Date
	EligibleBy  date.Date
	BudgetBP    int
	DeptBudgets map[int64]int
	Matrix      *Matrix
	Invalid     kit.FieldErrors
}

// SaveCycle creates (id 0) or edits a draft cycle. The budget defaults to
// the philosophy's merit budget (budgetDefault) and the matrix to
// DefaultMatrix. Requires merit.manage. Errors: KindInvalid,
// KindForbidden, KindConflict (no longer a draft).
func (s *Service) SaveCycle(ctx context.Context, a access.Actor, id int64, in CycleInput, budgetDefault int) (int64, error) {
	if err := manage(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		f.Add("name", "Enter a name of up to 100 characters")
	}
	if in.Effective.IsZero() && !f.Has("effective_date") {
		f.Add("effective_date", "Enter the date the increases take effect")
	}
	if in.EligibleBy.IsZero() {
		in.EligibleBy = in.Effective.AddDays(-90)
	} else if !in.Effective.IsZero() && in.EligibleBy.After(in.Effective) {
		f.Add("eligible_hired_by", "Must be on or before the effective date")
	}
	if in.BudgetBP == 0 {
		in.BudgetBP = budgetDefault
	}
	if in.BudgetBP < 0 || in.BudgetBP > 2000 {
		f.Add("budget_bp", "The budget is 0% to 20% of payroll")
	}
	for d, bp := range in.DeptBudgets {
		if bp < 0 || bp > 2000 {
			f.Add("department_budgets_bp", fmt.Sprintf("Department %d: the budget is 0%% to 20%%", d))
		}
	}
	m := DefaultMatrix
	if in.Matrix != nil {
		m = *in.Matrix
		for _, row := range m {
			for _, v := range row {
				if v < 0 || v > 3000 {
					f.Add("matrix", "Each guideline is 0% to 30%")
				}
			}
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.store.InTx(ctx, func(st Store) error {
		c := Cycle{ID: id, Status: CycleDraft, CreatedAt: s.clock.Now()}
		var before any
		if id != 0 {
			old, err := st.GetMeritCycle(ctx, id)
			if err != nil {
				return err
			}
			if old.Status != CycleDraft {
				return kit.Conflict("the cycle is %s; its budget and matrix are fixed", old.Status)
			}
			c, before = old, old
		}
		c.Name, c.Effective, c.EligibleBy, c.BudgetBP, c.DeptBudgets, c.Matrix = in.Name, in.Effective, in.EligibleBy, in.BudgetBP, in.DeptBudgets, m
		var err error
		if id, err = st.SaveMeritCycle(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.cycle_save", "merit_cycle", id, fmt.Sprintf("Merit cycle %s: %.2f%% budget, effective %s", c.Name, float64(c.BudgetBP)/100, c.Effective), before, c)
	})
	return id, err
}

// Open snapshots every eligible employee into the cycle: their pay, their
// position in range (on full-time-equivalent pay against the zoned range)
// and quartile, and their line manager's worksheet; each manager is told.
// Requires merit.manage. Errors: KindForbidden, KindNotFound,
// KindConflict (not a draft).
func (s *Service) Open(ctx context.Context, a access.Actor, id int64) error {
	if err := manage(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetMeritCycle(ctx, id)
		if err != nil {
			return err
		}
		if c.Status != CycleDraft {
			return kit.Conflict("the cycle is already %s", c.Status)
		}
		emps, err := st.MeritEligible(ctx, c.EligibleBy)
		if err != nil {
			return err
		}
		if len(emps) == 0 {
			return kit.Conflict("nobody was hired by %s", c.EligibleBy)
		}
		ps := st.People()
		owners := map[int64]bool{}
		for _, e := range emps {
			l := Line{CycleID: id, EmployeeID: e.EmployeeID, OwnerID: e.ManagerID, OrgPath: e.OrgPath, Pay: e.Pay, Currency: e.Pay.Currency, AnnualCents: people.ScheduledAnnualCents(e.Pay, e.WeeklyHours)}
			l.DeptID = people.DepartmentOf(e.OrgPath, e.OrgUnitID)
			pos, pen, cr, err := placeOf(ctx, ps, e)
			if err != nil {
				return err
			}
			l.CompaRatio, l.Quartile = cr, Quartile(pen, pos)
			if err := st.InsertMeritLine(ctx, l); err != nil {
				return err
			}
			owners[e.ManagerID] = true
		}
		for o := range owners {
			if err := st.SaveMeritSheet(ctx, SheetState{CycleID: id, OwnerID: o, Status: SheetOpen}); err != nil {
				return err
			}
			if o == 0 {
				continue
			}
			uid, _, err := st.ActiveUserOf(ctx, o)
			if err != nil {
				return err
			}
			if uid != 0 {
				if err := st.InsertNotification(ctx, work.Notification{UserID: uid, Kind: "merit_worksheet", Title: "Your merit worksheet for " + c.Name + " is open",
					Body: "Rate your team and propose increases within the budget by the cycle's deadline.", Link: fmt.Sprintf("/pay/merit/%d/worksheet", id), CreatedAt: s.clock.Now()}); err != nil {
					return err
				}
			}
		}
		c.Status, c.OpenedAt = CycleOpen, s.clock.Now()
		if _, err := st.SaveMeritCycle(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.cycle_open", "merit_cycle", id, fmt.Sprintf("Opened the merit cycle %s: %d employees on %d worksheets", c.Name, len(emps), len(owners)), nil, nil)
	})
}

// placeOf computes an employee's position in range as the compensation
// view does: FTE pay against the job's grade in the worksite's zone.
func placeOf(ctx context.Context, ps people.Store, e Eligible) (string, *float64, *float64, error) {
	j, err := ps.GetJob(ctx, e.JobID)
	if err != nil || j.PayGradeID == 0 {
		return "", nil, nil, nil
	}
	g, err := ps.GetPayGrade(ctx, j.PayGradeID)
	if err != nil {
		return "", nil, nil, err
	}
	if g.Currency != "" && g.Currency != e.Pay.Currency {
		return "", nil, nil, nil
	}
	_, bp, err := ps.PayZoneOf(ctx, e.LocationID)
	if err != nil {
		return "", nil, nil, err
	}
	cr, pen, pos := people.CompaRatio(people.FTEAnnualCents(e.Pay, e.WeeklyHours), g.Zoned(bp))
	return pos, pen, &cr, nil
}

// sheetOwner resolves the worksheet asked for (-1: the actor's own) and
// checks the actor may work on it: its owner, or HR with merit.manage
// (who also keeps the worksheet of those without a manager).
func sheetOwner(a access.Actor, owner int64) (int64, error) {
	if owner < 0 {
		owner = a.EmployeeID
	}
	if (owner != 0 && a.EmployeeID == owner) || access.Can(a, access.MeritManage, access.CompanyTarget) {
		return owner, nil
	}
	return 0, kit.Forbidden("this worksheet belongs to another manager")
}

// openSheet reads an open worksheet of an open cycle for a change;
// submitted says why a submitted one cannot change.
func (s *Service) openSheet(ctx context.Context, st Store, cycleID, owner int64, submitted string) (Cycle, Sheet, error) {
	c, err := st.GetMeritCycle(ctx, cycleID)
	if err != nil {
		return c, Sheet{}, err
	}
	if c.Status != CycleOpen {
		return c, Sheet{}, kit.Conflict("the cycle is %s", c.Status)
	}
	sh, err := s.sheet(ctx, st, c, owner)
	if err != nil {
		return c, sh, err
	}
	if sh.Status != SheetOpen {
		return c, sh, kit.Conflict("%s", submitted)
	}
	return c, sh, nil
}

func (s *Service) budgetOf(c Cycle, dept int64) int {
	if bp, ok := c.DeptBudgets[dept]; ok {
		return bp
	}
	return c.BudgetBP
}

func (s *Service) sheet(ctx context.Context, st Store, c Cycle, owner int64) (Sheet, error) {
	lines, err := st.MeritLines(ctx, c.ID, owner)
	if err != nil {
		return Sheet{}, err
	}
	sh := Sheet{CycleID: c.ID, OwnerID: owner, Status: SheetOpen, Lines: lines}
	states, err := st.MeritSheets(ctx, c.ID)
	if err != nil {
		return sh, err
	}
	for _, x := range states {
		if x.OwnerID == owner {
			sh.Status, sh.ApprovalID = x.Status, x.ApprovalID
		}
	}
	for i := range sh.Lines {
		l := &sh.Lines[i]
		l.GuidelineBP = c.Matrix.Guideline(l.Rating, l.Quartile)
		sh.Currency = l.Currency
		sh.PayrollCents += l.AnnualCents
		sh.BudgetCents += int64(math.Round(float64(l.AnnualCents) * float64(s.budgetOf(c, l.DeptID)) / 10000))
		sh.ProposedCents += l.IncreaseCents()
	}
	if owner == 0 {
		sh.OwnerName = "HR (employees without a manager)"
	} else {
		names, err := st.EmployeeNames(ctx, []int64{owner})
		if err != nil {
			return sh, err
		}
		sh.OwnerName = names[owner]
	}
	return sh, nil
}

// Worksheet returns a manager's worksheet: their own (owner -1 means the
// actor's), or any for HR with merit.manage. Errors: KindForbidden,
// KindNotFound.
func (s *Service) Worksheet(ctx context.Context, a access.Actor, cycleID, owner int64) (Cycle, Sheet, error) {
	owner, err := sheetOwner(a, owner)
	if err != nil {
		return Cycle{}, Sheet{}, err
	}
	c, err := s.store.GetMeritCycle(ctx, cycleID)
	if err != nil {
		return c, Sheet{}, err
	}
	sh, err := s.sheet(ctx, s.store, c, owner)
	if err != nil {
		return c, sh, err
	}
	if len(sh.Lines) == 0 {
		return c, sh, kit.NotFound("worksheet")
	}
	return c, sh, nil
}

// Proposal is a manager's rating and increase for one employee.
type Proposal struct {
	EmployeeID int64
	Rating     int
	ProposedBP int
	Note       string
}

// Propose saves ratings and proposals on an open worksheet. An increase
// above twice the guideline or 30% is refused; an overspent budget is
// allowed (the worksheet then needs the HR director's approval too).
// Errors: KindInvalid (field "lines.N.…"), KindForbidden, KindConflict.
func (s *Service) Propose(ctx context.Context, a access.Actor, cycleID, owner int64, ps []Proposal) (Sheet, error) {
	owner, err := sheetOwner(a, owner)
	if err != nil {
		return Sheet{}, err
	}
	var out Sheet
	err = s.store.InTx(ctx, func(st Store) error {
		c, sh, err := s.openSheet(ctx, st, cycleID, owner, "the worksheet was submitted; it changes only if it is sent back")
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		byEmp := map[int64]*Line{}
		for i := range sh.Lines {
			byEmp[sh.Lines[i].EmployeeID] = &sh.Lines[i]
		}
		for i, p := range ps {
			l := byEmp[p.EmployeeID]
			key := fmt.Sprintf("lines.%d.", i)
			if l == nil {
				f.Add(key+"employee_id", "Not on this worksheet")
				continue
			}
			if p.Rating < 0 || p.Rating > 5 {
				f.Add(key+"rating", "Rate 1 to 5")
			}
			if p.ProposedBP < 0 || p.ProposedBP > 3000 {
				f.Add(key+"proposed_bp", "Propose 0% to 30%")
			} else if p.ProposedBP > 0 && p.Rating == 0 {
				f.Add(key+"rating", "Rate the employee before proposing an increase")
			} else if g := c.Matrix.Guideline(p.Rating, l.Quartile); p.ProposedBP > 2*g+100 && p.ProposedBP > 0 {
				f.Add(key+"proposed_bp", fmt.Sprintf("More than twice the guideline (%.2f%%): a promotion or market adjustment is a pay change of its own", float64(g)/100))
			}
			if p.Rating == 1 && p.ProposedBP > 0 {
				f.Add(key+"proposed_bp", "No merit increase for a rating of Does not meet")
			}
			p.Note = strings.TrimSpace(p.Note)
			if len(p.Note) > 500 {
				f.Add(key+"note", "Keep the note to 500 characters")
			}
			l.Rating, l.ProposedBP, l.Note = p.Rating, p.ProposedBP, p.Note
		}
		if err := f.Err(); err != nil {
			return err
		}
		for _, p := range ps {
			if err := st.UpdateMeritLine(ctx, *byEmp[p.EmployeeID]); err != nil {
				return err
			}
		}
		if out, err = s.sheet(ctx, st, c, owner); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.propose", "merit_cycle", cycleID, fmt.Sprintf("Saved %d proposals on %s's worksheet", len(ps), out.OwnerName), nil,
			map[string]any{"owner": owner, "proposed_cents": out.ProposedCents, "budget_cents": out.BudgetCents})
	})
	return out, err
}

// Submit sends a worksheet through the merit worksheet approval chain
// (by default the manager's own manager, then an HR manager, and the HR
// director when it is over budget, in which case a justification is
// required). Every employee must be rated. Errors: KindInvalid,
// KindForbidden, KindConflict.
func (s *Service) Submit(ctx context.Context, a access.Actor, cycleID, owner int64, justification string) (int64, error) {
	owner, err := sheetOwner(a, owner)
	if err != nil {
		return 0, err
	}
	var apID int64
	err = s.store.InTx(ctx, func(st Store) error {
		c, sh, err := s.openSheet(ctx, st, cycleID, owner, "the worksheet was already submitted")
		if err != nil {
			return err
		}
		var unrated []string
		for _, l := range sh.Lines {
			if l.Rating == 0 {
				unrated = append(unrated, l.Name)
			}
		}
		if len(unrated) > 0 {
			return kit.Invalid("lines", "Rate everyone first: "+strings.Join(unrated, ", "))
		}
		justification = strings.TrimSpace(justification)
		if sh.OverBudget() && justification == "" {
			return kit.Invalid("justification", fmt.Sprintf("The worksheet is %s over budget: explain why, for the HR director", kit.FormatCents(-sh.RemainingCents())))
		}
		pct := 0.0
		if sh.BudgetCents > 0 {
			pct = math.Round(float64(sh.ProposedCents)*1000/float64(sh.BudgetCents)) / 10
		}
		facts := work.Facts{"over_budget": work.Bool(sh.OverBudget()), "spend_pct_of_budget": pct, "proposed": float64(sh.ProposedCents) / 100}
		subject := work.Subject{EmployeeID: owner}
		steps, err := work.Route(ctx, st, "merit_worksheet", subject, facts, a.UserID)
		if err != nil {
			return err
		}
		title := "Merit worksheet: " + sh.OwnerName + " (" + c.Name + ")"
		summary := fmt.Sprintf("%d people, %s proposed of a %s budget (%.1f%%)", len(sh.Lines), sh.Currency+" "+kit.FormatCents(sh.ProposedCents), kit.FormatCents(sh.BudgetCents), pct)
		if justification != "" {
			summary += ". Over budget: " + justification
		}
		state := SheetState{CycleID: cycleID, OwnerID: owner, Status: SheetSubmitted, SubmittedAt: s.clock.Now()}
		if len(steps) == 0 {
			state.Status = SheetApproved
		} else {
			payload, _ := json.Marshal(map[string]int64{"cycle_id": cycleID, "owner": owner})
			scope := sh.Lines[0].OrgPath
			ap := work.Approval{Steps: steps, Kind: "merit_worksheet", ObjectType: "merit_cycle", ObjectID: cycleID, Title: title, Summary: summary, Payload: string(payload),
				ScopeOrgPath: commonPath(sh.Lines, scope), Step: 1, RequestedBy: a.UserID}
			if apID, err = work.NewRequest(ctx, st, a, ap, s.clock.Now()); err != nil {
				return err
			}
			ap.ID = apID
			state.ApprovalID = apID
			if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: "+title, summary, s.clock.Now()); err != nil {
				return err
			}
		}
		if err := st.SaveMeritSheet(ctx, state); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.submit", "merit_cycle", cycleID, "Submitted "+title+": "+summary, nil, map[string]any{"owner": owner, "approval_id": apID})
	})
	return apID, err
}

// commonPath is the deepest org path every line shares (the approval's
// scope).
func commonPath(lines []Line, first string) string {
	p := first
	for _, l := range lines {
		for !strings.HasPrefix(l.OrgPath, p) {
			i := strings.LastIndex(strings.TrimSuffix(p, "/"), "/")
			if i <= 0 {
				return "/"
			}
			p = p[:i+1]
		}
	}
	return p
}

// Decide is the work handler for decisions on a worksheet: approved, it
// is final; rejected or sent back, it reopens for the manager to revise.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "merit_worksheet" {
			return kit.NotFound("approval request")
		}
		var p struct {
			CycleID int64 `json:"cycle_id"`
			Owner   int64 `json:"owner"`
		}
		if err := json.Unmarshal([]byte(ap.Payload), &p); err != nil {
			return err
		}
		if ap, err = work.Decide(ctx, st, a, approvalID, d, access.MeritApprove, access.Target{OrgPath: ap.ScopeOrgPath}, s.clock.Now()); err != nil {
			return err
		}
		state := SheetState{CycleID: p.CycleID, OwnerID: p.Owner, ApprovalID: approvalID}
		switch ap.Status {
		case work.StatusPending:
			return nil
		case work.StatusApproved:
			state.Status = SheetApproved
		default:
			// Rejected or sent back: the manager revises and submits again.
			state.Status, state.ApprovalID = SheetOpen, 0
		}
		if err := st.SaveMeritSheet(ctx, state); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.worksheet_"+ap.Status, "merit_cycle", p.CycleID, ap.Title+": "+ap.Status, nil, map[string]any{"owner": p.Owner, "comment": d.Comment})
	})
}

// Withdraw is the work handler when the manager withdraws a submitted
// worksheet: it reopens.
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "merit_worksheet" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		var p struct {
			CycleID int64 `json:"cycle_id"`
			Owner   int64 `json:"owner"`
		}
		if err := json.Unmarshal([]byte(ap.Payload), &p); err != nil {
			return err
		}
		return st.SaveMeritSheet(ctx, SheetState{CycleID: p.CycleID, OwnerID: p.Owner, Status: SheetOpen})
	})
}

// Overview is the HR manager's view of a cycle: the roll-up by
// department and every worksheet's state.
type Overview struct {
	Cycle  Cycle    `json:"cycle"`
	Depts  []Rollup `json:"departments"`
	Total  Rollup   `json:"total"`
	Sheets []Sheet  `json:"worksheets"`
}

// CycleOverview returns the roll-up. Requires merit.manage.
func (s *Service) CycleOverview(ctx context.Context, a access.Actor, id int64) (Overview, error) {
	if err := manage(a); err != nil {
		return Overview{}, err
	}
	c, err := s.store.GetMeritCycle(ctx, id)
	if err != nil {
		return Overview{}, err
	}
	o := Overview{Cycle: c}
	if c.Status == CycleDraft {
		return o, nil
	}
	names, err := s.store.OrgUnitNames(ctx)
	if err != nil {
		return o, err
	}
	lines, err := s.store.MeritLines(ctx, id, -1)
	if err != nil {
		return o, err
	}
	states, err := s.store.MeritSheets(ctx, id)
	if err != nil {
		return o, err
	}
	status := map[int64]string{}
	for _, st := range states {
		status[st.OwnerID] = st.Status
	}
	depts := map[int64]*Rollup{}
	seen := map[[2]int64]bool{}
	for _, l := range lines {
		r := depts[l.DeptID]
		if r == nil {
			r = &Rollup{DeptID: l.DeptID, Department: names[l.DeptID], BudgetBP: s.budgetOf(c, l.DeptID)}
			depts[l.DeptID] = r
		}
		r.People++
		r.PayrollCents += l.AnnualCents
		r.BudgetCents += int64(math.Round(float64(l.AnnualCents) * float64(r.BudgetBP) / 10000))
		r.ProposedCents += l.IncreaseCents()
		if k := [2]int64{l.DeptID, l.OwnerID}; !seen[k] {
			seen[k] = true
			r.Sheets++
			switch status[l.OwnerID] {
			case SheetSubmitted:
				r.Submitted++
			case SheetApproved:
				r.Approved++
			}
		}
	}
	for _, r := range depts {
		o.Depts = append(o.Depts, *r)
		o.Total.People += r.People
		o.Total.PayrollCents += r.PayrollCents
		o.Total.BudgetCents += r.BudgetCents
		o.Total.ProposedCents += r.ProposedCents
	}
	slices.SortFunc(o.Depts, func(x, y Rollup) int { return strings.Compare(x.Department, y.Department) })
	o.Total.Department, o.Total.Sheets = "Company", len(states)
	// Each worksheet's totals from the lines already read (one query for
	// the owners' names), not a query per worksheet.
	sheets := map[int64]*Sheet{}
	var owners []int64
	for _, st := range states {
		sheets[st.OwnerID] = &Sheet{CycleID: id, OwnerID: st.OwnerID, Status: st.Status, ApprovalID: st.ApprovalID}
		if st.OwnerID != 0 {
			owners = append(owners, st.OwnerID)
		}
		switch st.Status {
		case SheetSubmitted:
			o.Total.Submitted++
		case SheetApproved:
			o.Total.Approved++
		}
	}
	for _, l := range lines {
		sh := sheets[l.OwnerID]
		if sh == nil {
			continue
		}
		sh.Currency = l.Currency
		sh.PayrollCents += l.AnnualCents
		sh.BudgetCents += int64(math.Round(float64(l.AnnualCents) * float64(s.budgetOf(c, l.DeptID)) / 10000))
		sh.ProposedCents += l.IncreaseCents()
	}
	who, err := s.store.EmployeeNames(ctx, owners)
	if err != nil {
		return o, err
	}
	for _, sh := range sheets {
		sh.OwnerName = who[sh.OwnerID]
		if sh.OwnerID == 0 {
			sh.OwnerName = "HR (employees without a manager)"
		}
		o.Sheets = append(o.Sheets, *sh)
	}
	slices.SortFunc(o.Sheets, func(x, y Sheet) int { return strings.Compare(x.OwnerName, y.OwnerName) })
	return o, nil
}

// Apply writes every approved increase as a pay record (reason merit)
// effective on the cycle date, in one transaction; they reach payroll as
// pay changes. Someone whose last day falls before the cycle date gets
// none. Every worksheet must be approved. Requires merit.manage.
// Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) Apply(ctx context.Context, a access.Actor, id int64) (int, error) {
	if err := manage(a); err != nil {
		return 0, err
	}
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetMeritCycle(ctx, id)
		if err != nil {
			return err
		}
		if c.Status != CycleOpen {
			return kit.Conflict("the cycle is %s", c.Status)
		}
		states, err := st.MeritSheets(ctx, id)
		if err != nil {
			return err
		}
		waiting := 0
		for _, x := range states {
			if x.Status != SheetApproved {
				waiting++
			}
		}
		if waiting > 0 {
			return kit.Conflict("%d worksheet(s) are not approved yet", waiting)
		}
		lines, err := st.MeritLines(ctx, id, -1)
		if err != nil {
			return err
		}
		skipped := 0
		for _, l := range lines {
			if l.ProposedBP == 0 {
				continue
			}
			// Someone leaving before the cycle date gets no increase.
			periods, err := st.People().ListPeriods(ctx, l.EmployeeID)
			if err != nil {
				return err
			}
			if len(periods) > 0 && !periods[0].End.IsZero() && periods[0].End.Before(c.Effective) {
				skipped++
				continue
			}
			note := fmt.Sprintf("%s: %s rating, %.2f%%", c.Name, Ratings[l.Rating], float64(l.ProposedBP)/100)
			if l.PayRecordID, err = s.apply(ctx, st.People(), a, l.EmployeeID, c.Effective, l.NewPay(), note); err != nil {
				return fmt.Errorf("merit increase for %s: %w", l.Name, err)
			}
			if err := st.UpdateMeritLine(ctx, l); err != nil {
				return err
			}
			n++
		}
		c.Status, c.AppliedAt = CycleApplied, s.clock.Now()
		if _, err := st.SaveMeritCycle(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "merit.cycle_apply", "merit_cycle", id, fmt.Sprintf("Applied the merit cycle %s: %d increases effective %s (%d skipped: leaving before that day)", c.Name, n, c.Effective, skipped),
			nil, map[string]any{"increases": n, "skipped_leaving": skipped})
	})
	return n, err
}
