// Package payroll turns HR's effective-dated changes into the payroll
// provider's input: the pay calendar, the changes of each pay period
// (new hires, rehires, pay changes, promotions, transfers, hours changes,
// terminations and one-time payments), the export of a period through a
// generic CSV or a provider template, the lock that keeps an exported
// period from being exported twice or changed without a correction
// record, and the payroll registers (changes by period, headcount and
// cost by org unit).
//
// Changes are read from the people history (pay records, assignments,
// employment periods) and one-time payments; the export stores what it
// sent, item by item, keyed by the source row, so a change is exported
// exactly once and a re-download gives the same file.
package payroll

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Kinds of payroll change.
const (
	KindNewHire     = "new_hire"
	KindRehire      = "rehire"
	KindPayChange   = "pay_change"
	KindPromotion   = "promotion"
	KindTransfer    = "transfer"
	KindHoursChange = "hours_change"
	KindJobChange   = "job_change"
	KindTermination = "termination"
	KindOneTime     = "one_time_payment"
	// A benefit coverage that starts (or changes, as a new coverage) and
	// one that ends: the deduction and the employer contribution.
	KindDeductionStart = "deduction_start"
	KindDeductionStop  = "deduction_stop"
)

// Kinds lists the kinds of payroll change in export order.
var Kinds = []string{KindNewHire, KindRehire, KindPayChange, KindPromotion, KindTransfer, KindHoursChange, KindJobChange, KindTermination, KindOneTime, KindDeductionStop, KindDeductionStart}

// KindLabel names a kind for people.
func KindLabel(k string) string {
	switch k {
	case KindNewHire:
		return "New hire"
	case KindRehire:
		return "Rehire"
	case KindPayChange:
		return "Pay change"
	case KindPromotion:
		return "Promotion"
	case KindTransfer:
		return "Transfer"
	case KindHoursChange:
		return "Hours change"
	case KindJobChange:
		return "Job change"
	case KindTermination:
		return "Termination"
	case KindOneTime:
		return "One-time payment"
	case KindDeductionStart:
		return "Benefit deduction starts"
	case KindDeductionStop:
		return "Benefit deduction stops"
	}
	return k
}

// Sources of payroll changes (the table each comes from).
const (
	SourcePay        = "pay_record"
	SourceAssignment = "assignment"
	SourceStart      = "period_start"
	SourceEnd        = "period_end"
	SourcePayment    = "one_time_payment"
	SourceBenefitOn  = "benefit_start"
	SourceBenefitOff = "benefit_end"
)

// Item is one payroll change: what the provider needs to act on it.
type Item struct {
	Source     string    `json:"source"`
	SourceID   int64     `json:"source_id"`
	Kind       string    `json:"kind"`
	Effective  date.Date `json:"effective_date"`
	EmployeeID int64     `json:"employee_id"`
	Number     string    `json:"employee_number"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	WorkEmail  string    `json:"work_email"`
	OrgUnit    string    `json:"org_unit"`
	OrgPath    string    `json:"-"`
	JobTitle   string    `json:"job_title"`
	Location   string    `json:"location"`
	// EmploymentType and WeeklyHours are the schedule in force.
	EmploymentType string `json:"employment_type"`
	WeeklyHours    int    `json:"weekly_hours"`
	FLSA           string `json:"flsa_status"`
	// AmountCents, Per and Currency are the rate in force after the change.
	AmountCents     int64     `json:"pay_amount_cents"`
	Per             string    `json:"pay_per"`
	Currency        string    `json:"pay_currency"`
	PrevAmountCents int64     `json:"previous_pay_amount_cents,omitempty"`
	PrevPer         string    `json:"previous_pay_per,omitempty"`
	Reason          string    `json:"reason"`
	Note            string    `json:"note,omitempty"`
	PaymentKind     string    `json:"payment_type,omitempty"`
	PaymentCents    int64     `json:"payment_amount_cents,omitempty"`
	LastDay         date.Date `json:"last_day,omitzero"`
	// Benefit deductions: the plan's code and name with the tier, the
	// employee's deduction and the employer's contribution per pay period
	// (0 when it stops), and a 401(k) deferral in basis points.
	DeductionCode  string    `json:"deduction_code,omitempty"`
	DeductionPlan  string    `json:"deduction_plan,omitempty"`
	DeductionCents int64     `json:"deduction_amount_cents,omitempty"`
	EmployerCents  int64     `json:"employer_contribution_cents,omitempty"`
	DeductionBP    int       `json:"deduction_percent_bp,omitempty"`
	Voluntary      *bool     `json:"voluntary,omitempty"`
	RecordedAt     time.Time `json:"recorded_at"`
	// Corrects is the exported pay period the change falls in: it came
	// after that period's export and goes out as a correction.
	Corrects *Period `json:"corrects_period,omitempty"`

	// Exported items only: the export and its period's last day.
	ExportID        int64     `json:"export_id,omitempty"`
	ExportPeriodEnd date.Date `json:"export_period_end,omitzero"`

	// Diff is what an assignment changed (from the store; not exported).
	Diff *Diff `json:"-"`
}

// Diff is the assignment before an assignment change.
type Diff struct {
	OrgUnitID, PrevOrgUnitID   int64
	LocationID, PrevLocationID int64
	JobID, PrevJobID           int64
	Type, PrevType             string
	Hours, PrevHours           int
}

// EmployeeName is "Given Family".
func (it Item) EmployeeName() string { return strings.TrimSpace(it.GivenName + " " + it.FamilyName) }

// KindLabel names the item's kind.
func (it Item) KindLabel() string { return KindLabel(it.Kind) }

// AnnualCents annualises the rate (2,080 hours for hourly pay).
func (it Item) AnnualCents() int64 {
	if it.Per == "hour" {
		return it.AmountCents * 2080
	}
	return it.AmountCents
}

// classify sets an assignment change's kind from what it changed; a
// change of manager only does not concern payroll (false).
func (it *Item) classify() bool {
	if it.Source != SourceAssignment || it.Diff == nil {
		return true
	}
	d := it.Diff
	switch {
	case it.Reason == "promotion" || it.Reason == "demotion":
		it.Kind = KindPromotion
		if it.Reason == "demotion" {
			it.Kind = KindJobChange
		}
	case d.OrgUnitID != d.PrevOrgUnitID || d.LocationID != d.PrevLocationID:
		it.Kind = KindTransfer
	case d.Type != d.PrevType || d.Hours != d.PrevHours:
		it.Kind = KindHoursChange
	case d.JobID != d.PrevJobID:
		it.Kind = KindJobChange
	default:
		return false
	}
	return true
}

// Export is one pay period sent to payroll.
type Export struct {
	ID           int64     `json:"id"`
	Period       Period    `json:"period"`
	Items        int       `json:"items"`
	Corrections  int       `json:"corrections"`
	ExportedBy   int64     `json:"exported_by"`
	ExporterName string    `json:"exported_by_name"`
	ExportedAt   time.Time `json:"exported_at"`
}

// Store is what payroll needs.
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
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// PayrollChanges lists the changes effective from..through that no
	// export holds yet, in scope (org paths of the org unit in force).
	PayrollChanges(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]Item, error)
	// PayrollCoreChanges is PayrollChanges without the benefit
	// deductions, and PayrollDeductionCount counts those.
	PayrollCoreChanges(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]Item, error)
	PayrollDeductionCount(ctx context.Context, from, through date.Date, paths []string, whole bool) (int, error)
	InsertPayrollExport(ctx context.Context, e Export, items []Item) (int64, error)
	PayrollExports(ctx context.Context, limit int) ([]Export, error)
	GetPayrollExport(ctx context.Context, id int64) (Export, error)
	// PayrollExportItems lists what exports sent: one export (id), or the
	// exports of the periods ending from..through (id 0), in scope.
	PayrollExportItems(ctx context.Context, id int64, from, through date.Date, paths []string, whole bool) ([]Item, error)
	TemplateStore
	PaymentStore
	// OrgCosts sums the active employees of each org unit in scope.
	OrgCosts(ctx context.Context, paths []string, whole bool) ([]OrgCost, error)
}

// Service runs payroll.
type Service struct {
	store      Store
	clock      kit.Clock
	onSettings []func()
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

// OnSettings registers f to run after the settings change (the access
// service caches the line managers' pay setting).
func (s *Service) OnSettings(f func()) { s.onSettings = append(s.onSettings, f) }

// ReportsPay reports whether line managers see their reports' pay.
func (s *Service) ReportsPay(ctx context.Context) (bool, error) {
	v, err := s.store.Setting(ctx, access.KeyReportsPay)
	return v == "true", err
}

func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

// Setting keys.
const (
	keyFrequency = "payroll.frequency"
	keyStart     = "payroll.first_period_start"
)

// DefaultMinimumWageCents is the federal minimum wage (people keeps the
// setting and refuses pay below it).
const DefaultMinimumWageCents = people.DefaultMinimumWageCents

func (s *Service) calendar(ctx context.Context, st Store) (Calendar, error) {
	f, err := st.Setting(ctx, keyFrequency)
	if err != nil {
		return Calendar{}, err
	}
	v, err := st.Setting(ctx, keyStart)
	if err != nil {
		return Calendar{}, err
	}
	c := Calendar{Frequency: f}
	c.Start, _ = date.Parse(v)
	return c, nil
}

// Calendar returns the pay calendar (not configured: zero). Anyone who
// works with pay may read it.
func (s *Service) Calendar(ctx context.Context) (Calendar, error) { return s.calendar(ctx, s.store) }

// MinimumWage returns the company's minimum hourly wage in cents.
func (s *Service) MinimumWage(ctx context.Context) (int64, error) {
	return minimumWage(ctx, s.store)
}

func minimumWage(ctx context.Context, st interface {
	Setting(ctx context.Context, key string) (string, error)
}) (int64, error) {
	v, err := st.Setting(ctx, people.KeyMinimumWage)
	if err != nil || v == "" {
		return DefaultMinimumWageCents, err
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n, nil
}

// Settings are the payroll settings an HR manager keeps.
type Settings struct {
	Calendar         Calendar
	MinimumWageCents int64
	// ReportsPay lets line managers see the pay of their reports (off by
	// default: pay is HR's and the employee's).
	ReportsPay bool
	Invalid    kit.FieldErrors
}

// SaveSettings sets the pay calendar and the minimum wage. Once a period
// was exported the calendar may only change from the day after the last
// exported period, so exported periods keep their bounds. Requires
// payroll.settings. Errors: KindInvalid, KindForbidden.
func (s *Service) SaveSettings(ctx context.Context, a access.Actor, in Settings) error {
	if err := access.Require(a, access.PayrollSettings, access.CompanyTarget); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	if err := in.Calendar.Validate(); err != nil {
		for k, v := range kit.FieldsOf(err) {
			f.Add(k, v)
		}
	}
	if in.MinimumWageCents < DefaultMinimumWageCents || in.MinimumWageCents > 10000 {
		f.Add("minimum_wage", "Enter an hourly minimum from 7.25 (the federal minimum) to 100.00")
	}
	err := s.store.InTx(ctx, func(st Store) error {
		old, err := s.calendar(ctx, st)
		if err != nil {
			return err
		}
		locked, err := s.lockedThrough(ctx, st)
		if err != nil {
			return err
		}
		if !locked.IsZero() && old != in.Calendar && !f.Has("first_period_start") && !in.Calendar.Start.Equal(locked.AddDays(1)) {
			f.Add("first_period_start", "Pay periods through "+locked.String()+" were exported; a new calendar starts on "+locked.AddDays(1).String())
		}
		if err := f.Err(); err != nil {
			return err
		}
		for k, v := range map[string]string{keyFrequency: in.Calendar.Frequency, keyStart: in.Calendar.Start.String(), people.KeyMinimumWage: strconv.FormatInt(in.MinimumWageCents, 10),
			access.KeyReportsPay: strconv.FormatBool(in.ReportsPay)} {
			if err := st.SetSetting(ctx, k, v); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "payroll.settings", "setting", 0, "Set the pay calendar ("+in.Calendar.Frequency+" from "+in.Calendar.Start.String()+") and minimum wage",
			map[string]any{"frequency": old.Frequency, "first_period_start": old.Start.String()},
			map[string]any{"frequency": in.Calendar.Frequency, "first_period_start": in.Calendar.Start.String(), "minimum_hourly_cents": in.MinimumWageCents, "line_managers_see_reports_pay": in.ReportsPay})
	})
	if err == nil {
		for _, f := range s.onSettings {
			f()
		}
	}
	return err
}

// lockedThrough is the last day of the last exported period.
func (s *Service) lockedThrough(ctx context.Context, st Store) (date.Date, error) {
	ex, err := st.PayrollExports(ctx, 1)
	if err != nil || len(ex) == 0 {
		return date.Date{}, err
	}
	return ex[0].Period.End, nil
}

// floor is the first day whose changes are exported: the start of the
// first export, else the calendar's start.
func (s *Service) floor(ctx context.Context, st Store, c Calendar) (date.Date, error) {
	ex, err := st.PayrollExports(ctx, 100000)
	if err != nil || len(ex) == 0 {
		return c.Start, err
	}
	return ex[len(ex)-1].Period.Start, nil
}

// Overview is the payroll page: the calendar, the next period to export
// with its changes, the periods after it, and the exports.
type Overview struct {
	Calendar      Calendar
	LockedThrough date.Date
	Next          Period
	// Changes are the changes the next export sends, in the actor's
	// scope; Corrections counts those that correct exported periods.
	Changes     []Item
	Corrections int
	Upcoming    []PeriodCount
	Exports     []Export
	CanExport   bool
	WholeScope  bool
}

// PeriodCount is a future period and its changes so far.
type PeriodCount struct {
	Period  Period
	Changes int
}

func (s *Service) scope(a access.Actor) ([]string, bool, error) {
	paths, whole := access.ScopePaths(a, access.PayView)
	if !whole && len(paths) == 0 {
		return nil, false, kit.Forbidden("only HR with the pay permission works with payroll")
	}
	return paths, whole, nil
}

// Overview returns the payroll page in the actor's pay scope. Requires
// people.pay.view over some scope. Errors: KindForbidden.
func (s *Service) Overview(ctx context.Context, a access.Actor) (Overview, error) {
	paths, whole, err := s.scope(a)
	if err != nil {
		return Overview{}, err
	}
	st := s.store
	var o Overview
	if o.Calendar, err = s.calendar(ctx, st); err != nil {
		return o, err
	}
	if o.Exports, err = st.PayrollExports(ctx, 26); err != nil {
		return o, err
	}
	o.WholeScope = whole
	_, wholeExport := access.ScopePaths(a, access.PayrollExport)
	o.CanExport = wholeExport
	if !o.Calendar.Configured() {
		return o, nil
	}
	next, floor, locked, err := s.next(ctx, st, o.Calendar)
	if err != nil {
		return o, err
	}
	o.Next, o.LockedThrough = next, locked
	if o.Changes, err = s.changes(ctx, st, floor, next.End, paths, whole); err != nil {
		return o, err
	}
	for _, it := range o.Changes {
		if it.Corrects != nil {
			o.Corrections++
		}
	}
	p := next
	for range 3 {
		p = o.Calendar.Next(p)
		// Counted, not read: open enrollment puts a deduction per
		// coverage in the plan year's first period.
		items, err := st.PayrollCoreChanges(ctx, p.Start, p.End, paths, whole)
		if err != nil {
			return o, err
		}
		n := 0
		for _, it := range items {
			if it.classify() {
				n++
			}
		}
		d, err := st.PayrollDeductionCount(ctx, p.Start, p.End, paths, whole)
		if err != nil {
			return o, err
		}
		o.Upcoming = append(o.Upcoming, PeriodCount{Period: p, Changes: n + d})
	}
	return o, nil
}

// next is the period to export next, the first day exported, and the
// last day already exported.
func (s *Service) next(ctx context.Context, st Store, c Calendar) (Period, date.Date, date.Date, error) {
	locked, err := s.lockedThrough(ctx, st)
	if err != nil {
		return Period{}, date.Date{}, date.Date{}, err
	}
	floor, err := s.floor(ctx, st, c)
	if err != nil {
		return Period{}, date.Date{}, date.Date{}, err
	}
	if locked.IsZero() {
		return c.Containing(c.Start), floor, locked, nil
	}
	return c.Containing(locked.AddDays(1)), floor, locked, nil
}

// changes lists and classifies the unexported changes effective
// from..through, marking those in exported periods as corrections.
func (s *Service) changes(ctx context.Context, st Store, from, through date.Date, paths []string, whole bool) ([]Item, error) {
	raw, err := st.PayrollChanges(ctx, from, through, paths, whole)
	if err != nil {
		return nil, err
	}
	exports, err := st.PayrollExports(ctx, 100000)
	if err != nil {
		return nil, err
	}
	out := raw[:0]
	for _, it := range raw {
		if !it.classify() {
			continue
		}
		for _, e := range exports {
			if e.Period.Contains(it.Effective) {
				p := e.Period
				it.Corrects = &p
				break
			}
		}
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(x, y Item) int {
		if c := x.Effective.Compare(y.Effective); c != 0 {
			return c
		}
		if c := strings.Compare(x.Number, y.Number); c != 0 {
			return c
		}
		return slices.Index(Kinds, x.Kind) - slices.Index(Kinds, y.Kind)
	})
	return out, nil
}

// ExportPeriod exports the next pay period: every change effective up to
// its last day that no export holds (with the late ones for exported
// periods as corrections), and locks it. Periods go out in order, each
// once. Requires payroll.export over the whole company. Errors:
// KindForbidden, KindConflict (no calendar, not the next period, already
// exported), KindInvalid.
func (s *Service) ExportPeriod(ctx context.Context, a access.Actor, periodEnd date.Date) (Export, error) {
	if _, whole := access.ScopePaths(a, access.PayrollExport); !whole {
		return Export{}, kit.Forbidden("payroll is exported for the whole company; your grant covers part of it")
	}
	var out Export
	err := s.store.InTx(ctx, func(st Store) error {
		c, err := s.calendar(ctx, st)
		if err != nil {
			return err
		}
		if !c.Configured() {
			return kit.Conflict("set up the pay calendar first (Pay → Payroll settings)")
		}
		next, floor, _, err := s.next(ctx, st, c)
		if err != nil {
			return err
		}
		if !periodEnd.Equal(next.End) {
			if periodEnd.Before(next.Start) {
				return kit.Conflict("the pay period ending %s was already exported; a change to it goes out as a correction with the next period (%s)", periodEnd, next)
			}
			return kit.Conflict("export the pay period %s first: periods go to payroll in order", next)
		}
		items, err := s.changes(ctx, st, floor, next.End, nil, true)
		if err != nil {
			return err
		}
		out = Export{Period: next, Items: len(items), ExportedBy: a.UserID, ExporterName: a.Name, ExportedAt: s.clock.Now()}
		for _, it := range items {
			if it.Corrects != nil {
				out.Corrections++
			}
		}
		if out.ID, err = st.InsertPayrollExport(ctx, out, items); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return kit.Conflict("the pay period %s was exported a moment ago by someone else", next)
			}
			return err
		}
		return s.record(ctx, st, a, "payroll.export", "payroll_export", out.ID,
			fmt.Sprintf("Exported pay period %s to payroll: %d changes (%d corrections); the period is locked", next, out.Items, out.Corrections), nil,
			map[string]any{"period_start": next.Start.String(), "period_end": next.End.String(), "items": out.Items, "corrections": out.Corrections})
	})
	return out, err
}

// Exports lists the exports, newest first. Requires people.pay.view over
// some scope. Errors: KindForbidden.
func (s *Service) Exports(ctx context.Context, a access.Actor) ([]Export, error) {
	if _, _, err := s.scope(a); err != nil {
		return nil, err
	}
	return s.store.PayrollExports(ctx, 1000)
}

// ExportDetail returns an export and its items in the actor's pay scope.
// Errors: KindForbidden, KindNotFound.
func (s *Service) ExportDetail(ctx context.Context, a access.Actor, id int64) (Export, []Item, error) {
	paths, whole, err := s.scope(a)
	if err != nil {
		return Export{}, nil, err
	}
	e, err := s.store.GetPayrollExport(ctx, id)
	if err != nil {
		return e, nil, err
	}
	items, err := s.store.PayrollExportItems(ctx, id, date.Date{}, date.Date{}, paths, whole)
	return e, items, err
}

// ExportFile renders an export through a template ("generic" or a saved
// template's ID) for the payroll provider; the download is audited.
// Requires payroll.export over the whole company. Errors: KindForbidden,
// KindNotFound.
func (s *Service) ExportFile(ctx context.Context, a access.Actor, id int64, template string) (string, []byte, error) {
	if _, whole := access.ScopePaths(a, access.PayrollExport); !whole {
		return "", nil, kit.Forbidden("payroll files cover the whole company; your grant covers part of it")
	}
	var name string
	var data []byte
	err := s.store.InTx(ctx, func(st Store) error {
		e, err := st.GetPayrollExport(ctx, id)
		if err != nil {
			return err
		}
		t, err := s.template(ctx, st, template)
		if err != nil {
			return err
		}
		items, err := st.PayrollExportItems(ctx, id, date.Date{}, date.Date{}, nil, true)
		if err != nil {
			return err
		}
		if data, err = t.Render(items); err != nil {
			return err
		}
		name = fmt.Sprintf("payroll-%s-%s.%s", e.Period.End, kit.Slug(t.Name, '-'), t.Extension())
		return s.record(ctx, st, a, "payroll.export_download", "payroll_export", id, "Downloaded the payroll file for "+e.Period.String()+" ("+t.Name+")", nil, map[string]any{"template": t.Name})
	})
	return name, data, err
}

// Register lists the payroll changes of the pay periods ending
// from..through: what was exported, and what is waiting for the next
// export (Export 0) when it falls in the range. In the actor's pay
// scope. Errors: KindForbidden, KindInvalid.
func (s *Service) Register(ctx context.Context, a access.Actor, from, through date.Date) ([]Item, error) {
	paths, whole, err := s.scope(a)
	if err != nil {
		return nil, err
	}
	if from.IsZero() || through.IsZero() || through.Before(from) {
		return nil, kit.Invalid("from", "Choose a date range: from, then through")
	}
	if from.AddYears(3).Before(through) {
		return nil, kit.Invalid("through", "Choose at most three years")
	}
	out, err := s.store.PayrollExportItems(ctx, 0, from, through, paths, whole)
	if err != nil {
		return nil, err
	}
	c, err := s.calendar(ctx, s.store)
	if err != nil || !c.Configured() {
		return out, err
	}
	_, floor, _, err := s.next(ctx, s.store, c)
	if err != nil {
		return nil, err
	}
	pending, err := s.changes(ctx, s.store, date.Max(from, floor), through, paths, whole)
	if err != nil {
		return nil, err
	}
	return append(out, pending...), nil
}

// RegisterColumns are the register's columns.
var RegisterColumns = []string{"Export", "Period end", "Effective", "Change", "Employee number", "Employee", "Org unit", "Job", "Pay", "Per", "Currency",
	"Previous pay", "Reason", "One-time payment", "Last day", "Corrects period"}

// RegisterRows renders register items as rows.
func RegisterRows(items []Item) [][]string {
	var rows [][]string
	for _, it := range items {
		exp, end := "not yet exported", ""
		if it.ExportID != 0 {
			exp = strconv.FormatInt(it.ExportID, 10)
		}
		corr := ""
		if it.Corrects != nil {
			corr = it.Corrects.String()
		}
		end = dateText(it.ExportPeriodEnd)
		rows = append(rows, []string{exp, end, it.Effective.String(), it.KindLabel(), it.Number, it.EmployeeName(), it.OrgUnit, it.JobTitle,
			cents(it.AmountCents), it.Per, it.Currency, cents(it.PrevAmountCents), it.Reason, cents(it.PaymentCents), dateText(it.LastDay), corr})
	}
	return rows
}

func cents(c int64) string {
	if c == 0 {
		return ""
	}
	return kit.FormatCents(c)
}

func dateText(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// OrgCost is one org unit's headcount and base pay cost.
type OrgCost struct {
	OrgUnitID   int64   `json:"org_unit_id"`
	OrgUnit     string  `json:"org_unit"`
	Path        string  `json:"-"`
	Depth       int     `json:"depth"`
	Currency    string  `json:"currency"`
	Headcount   int     `json:"headcount"`
	FTE         float64 `json:"fte"`
	AnnualCents int64   `json:"annual_base_cents"`
	// Subtree totals include every unit below.
	TotalHeadcount   int     `json:"total_headcount"`
	TotalFTE         float64 `json:"total_fte"`
	TotalAnnualCents int64   `json:"total_annual_base_cents"`
}

// Costs returns headcount, FTE (weekly hours / 40) and annual base pay of
// today's active employees per org unit and currency, with subtree
// totals, in the actor's pay scope. Hourly pay is annualised at the
// employee's scheduled hours (rate × weekly hours × 52); salaries count
// as they are. Errors: KindForbidden.
func (s *Service) Costs(ctx context.Context, a access.Actor) ([]OrgCost, error) {
	paths, whole, err := s.scope(a)
	if err != nil {
		return nil, err
	}
	direct, err := s.store.OrgCosts(ctx, paths, whole)
	if err != nil {
		return nil, err
	}
	// One row per unit and per currency paid in its subtree.
	type unit struct {
		id    int64
		name  string
		path  string
		depth int
	}
	units := map[int64]unit{}
	for _, r := range direct {
		units[r.OrgUnitID] = unit{r.OrgUnitID, r.OrgUnit, r.Path, r.Depth}
	}
	var rows []OrgCost
	for _, u := range units {
		byCur := map[string]*OrgCost{}
		for _, r := range direct {
			if r.Currency == "" || !strings.HasPrefix(r.Path, u.path) {
				continue
			}
			c := byCur[r.Currency]
			if c == nil {
				c = &OrgCost{OrgUnitID: u.id, OrgUnit: u.name, Path: u.path, Depth: u.depth, Currency: r.Currency}
				byCur[r.Currency] = c
			}
			if r.OrgUnitID == u.id {
				c.Headcount, c.FTE, c.AnnualCents = r.Headcount, r.FTE, r.AnnualCents
			}
			c.TotalHeadcount += r.Headcount
			c.TotalFTE += r.FTE
			c.TotalAnnualCents += r.AnnualCents
		}
		for _, c := range byCur {
			rows = append(rows, *c)
		}
	}
	slices.SortStableFunc(rows, func(x, y OrgCost) int {
		if c := strings.Compare(x.Path, y.Path); c != 0 {
			return c
		}
		return strings.Compare(x.Currency, y.Currency)
	})
	return rows, nil
}

// CostRows renders the cost report as rows.
func CostRows(rows []OrgCost) [][]string {
	var out [][]string
	for _, r := range rows {
		out = append(out, []string{r.OrgUnit, r.Currency, strconv.Itoa(r.Headcount), strconv.FormatFloat(r.FTE, 'f', 2, 64), kit.FormatCents(r.AnnualCents),
			strconv.Itoa(r.TotalHeadcount), strconv.FormatFloat(r.TotalFTE, 'f', 2, 64), kit.FormatCents(r.TotalAnnualCents)})
	}
	return out
}

// CostColumns are the cost report's columns.
var CostColumns = []string{"Org unit", "Currency", "Headcount", "FTE", "Annual base pay", "Headcount incl. below", "FTE incl. below", "Annual base pay incl. below"}

// marshalItem is the stored form of an exported item.
func marshalItem(it Item) string {
	b, _ := json.Marshal(it)
	return string(b)
}

// MarshalItem is the stored form of an exported item (for the store).
func MarshalItem(it Item) string { return marshalItem(it) }

// UnmarshalItem reads a stored item.
func UnmarshalItem(s string) (Item, error) {
	var it Item
	err := json.Unmarshal([]byte(s), &it)
	return it, err
}
