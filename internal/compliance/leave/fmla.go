// Package leave administers leave: the FMLA determination for an
// employee from their own records (employment periods, imported hours of
// service, worksite headcount within 75 miles), computed by the rules
// engine with its explanation.
package leave

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Store is what leave reads.
type Store interface {
	GetEmployee(ctx context.Context, id int64) (people.Employee, error)
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	ListPeriods(ctx context.Context, employeeID int64) ([]people.EmploymentPeriod, error)
	ListHours(ctx context.Context, employeeID int64) ([]people.HoursEntry, error)
	GetLocation(ctx context.Context, id int64) (people.Location, error)
	// ActiveAtLocations counts the employees in an employment period on a
	// day whose worksite is one of the locations.
	ActiveAtLocations(ctx context.Context, locationIDs []int64, day date.Date) (int, error)
}

// Service runs the leave use cases.
type Service struct {
	store    Store
	clock    kit.Clock
	settings func(context.Context) (rules.Settings, error)
}

// NewService builds the service; settings gives the company's rules
// defaults (FMLA method, business calendar).
func NewService(st Store, clock kit.Clock, settings func(context.Context) (rules.Settings, error)) *Service {
	return &Service{store: st, clock: clock, settings: settings}
}

// Hours sources of the 1,250-hour test.
const (
	HoursImported  = "imported"  // hours of service imported from time keeping
	HoursPresumed  = "presumed"  // FLSA-exempt, no records: presumed met
	HoursScheduled = "scheduled" // no records: estimated from the schedule
)

// FMLA is the FMLA determination for one employee and leave start: the
// facts taken from their records and the rules engine's eligibility and
// entitlement, each with its explanation.
type FMLA struct {
	EmployeeID       int64
	LeaveStart       date.Date
	NoticeDate       date.Date
	Facts            rules.FMLAEligibilityFacts
	HoursSource      string
	Eligibility      rules.FMLAEligibilityResult
	EligibilitySteps []rules.Step
	Entitlement      rules.FMLAEntitlementResult
	EntitlementSteps []rules.Step
	// FactSteps say where each fact came from.
	FactSteps []rules.Step
}

// FMLA determines an employee's FMLA eligibility and entitlement for
// leave starting on leaveStart, with the worksite count taken on the
// notice date (today when zero). Requires leave.fmla.view over the
// employee (an employee their own). Errors: KindInvalid, KindForbidden,
// KindNotFound.
func (s *Service) FMLA(ctx context.Context, a access.Actor, employeeID int64, leaveStart, notice date.Date) (FMLA, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return FMLA{}, err
	}
	if err := access.Require(a, access.LeaveFMLAView, t); err != nil {
		return FMLA{}, err
	}
	if leaveStart.IsZero() {
		return FMLA{}, kit.Invalid("leave_start", "Enter the day the leave starts")
	}
	if notice.IsZero() {
		notice = date.Of(s.clock.Now())
	}
	e, err := s.store.GetEmployee(ctx, employeeID)
	if err != nil {
		return FMLA{}, err
	}
	return s.determine(ctx, e, leaveStart, notice, date.Date{})
}

// Determine computes the FMLA determination of an employee from their
// records, with no permission check (the demo history and callers that
// checked their own use it).
func Determine(ctx context.Context, st Store, settings func(context.Context) (rules.Settings, error), e people.Employee, leaveStart, notice, leaveEnd date.Date) (FMLA, error) {
	return (&Service{store: st, settings: settings}).determine(ctx, e, leaveStart, notice, leaveEnd)
}

// determine computes the determination from the employee's records.
func (s *Service) determine(ctx context.Context, e people.Employee, leaveStart, notice, leaveEnd date.Date) (FMLA, error) {
	employeeID := e.ID
	out := FMLA{EmployeeID: employeeID, LeaveStart: leaveStart, NoticeDate: notice}
	f := rules.FMLAEligibilityFacts{LeaveStart: leaveStart, NoticeDate: notice, BreakReason: "personal", LeaveEnd: leaveEnd}

	periods, err := s.store.ListPeriods(ctx, employeeID)
	if err != nil {
		return out, err
	}
	for _, p := range periods {
		f.EmploymentPeriods = append(f.EmploymentPeriods, rules.EmploymentPeriod{Start: p.Start, End: p.End})
		if p.BreakReason != "" && !p.Start.After(leaveStart) {
			f.BreakReason = p.BreakReason
		}
	}
	out.FactSteps = append(out.FactSteps, rules.Step{Text: fmt.Sprintf("Employment periods from the employee's record: %d.", len(periods))})

	// The 1,250-hour test: hours actually worked in the 12 months before
	// the leave, from the imported hours of service.
	from := leaveStart.AddMonths(-12)
	hours, covered, err := s.hoursWorked(ctx, employeeID, from, leaveStart)
	if err != nil {
		return out, err
	}
	exempt := e.FLSAStatus == "exempt"
	switch {
	case covered:
		f.HoursWorked12Months, out.HoursSource = &hours, HoursImported
		out.FactSteps = append(out.FactSteps, rules.Step{Text: fmt.Sprintf("Hours worked from %s to %s, from the imported hours of service (entries cut at the window's edges in proportion to their days): %.2f.", from, leaveStart.AddDays(-1), hours)})
	case exempt:
		kept := false
		f.FLSAExempt, f.HourRecordsKept, out.HoursSource = &exempt, &kept, HoursPresumed
		out.FactSteps = append(out.FactSteps, rules.Step{Text: "No hours of service are recorded for this FLSA-exempt employee in the 12 months before the leave."})
	default:
		// No records for a non-exempt employee: the employer bears the
		// burden; the best evidence it holds is the schedule (weekly hours
		// over the days employed in the window).
		est := s.scheduled(e, f.EmploymentPeriods, from, leaveStart)
		kept := false
		f.HoursWorked12Months, f.HourRecordsKept, out.HoursSource = &est, &kept, HoursScheduled
		out.FactSteps = append(out.FactSteps, rules.Step{Text: fmt.Sprintf("No hours of service are recorded in the 12 months before the leave, so the hours are estimated from the schedule: %d hours a week over the days employed in the window, %.2f. Import the actual hours to replace the estimate.", e.WeeklyHours, est), Citation: "29 CFR 825.110(c)(3)"})
	}

	// The 50/75 test: employees at the worksite and every worksite within
	// 75 surface miles of it, on the notice date.
	loc, err := s.store.GetLocation(ctx, e.LocationID)
	if err != nil {
		return out, err
	}
	ids := append([]int64{loc.ID}, loc.NearbyIDs...)
	n, err := s.store.ActiveAtLocations(ctx, ids, notice)
	if err != nil {
		return out, err
	}
	f.EmployeesWithin75Miles = &n
	out.FactSteps = append(out.FactSteps, rules.Step{Text: fmt.Sprintf("Employees on %s at %s and the %d worksites within 75 surface miles of it: %d.", notice, loc.Name, len(loc.NearbyIDs), n), Citation: "29 CFR 825.111"})
	out.Facts = f
	if out.Eligibility, out.EligibilitySteps, err = rules.FMLAEligibility(f); err != nil {
		return out, err
	}

	set, err := s.settings(ctx)
	if err != nil {
		return out, err
	}
	weekly := float64(e.WeeklyHours)
	if weekly <= 0 {
		weekly = 40
	}
	ef := rules.FMLAEntitlementFacts{WeeklyHours: &weekly, AsOf: leaveStart}
	if set.FMLAMethod == "" {
		ef.Method = rules.MethodMostBeneficial
	}
	if out.Entitlement, out.EntitlementSteps, err = rules.FMLAEntitlement(ef, set); err != nil {
		return out, err
	}
	return out, nil
}

// hoursWorked sums the imported hours in [from, to), cutting entries
// that cross the window's edges in proportion to their days; covered
// reports whether any entry falls in the window.
func (s *Service) hoursWorked(ctx context.Context, id int64, from, to date.Date) (float64, bool, error) {
	entries, err := s.store.ListHours(ctx, id)
	if err != nil {
		return 0, false, err
	}
	var sum float64
	covered := false
	last := to.AddDays(-1)
	for _, h := range entries {
		if h.To.Before(from) || h.From.After(last) {
			continue
		}
		covered = true
		days := h.From.DaysUntil(h.To) + 1
		in := date.Max(h.From, from).DaysUntil(date.Min(h.To, last)) + 1
		sum += float64(h.HoursCenti) / 100 * float64(in) / float64(days)
	}
	return float64(int64(sum*100+0.5)) / 100, covered, nil
}

// scheduled estimates hours worked from the weekly schedule over the
// days employed in [from, to).
func (s *Service) scheduled(e people.Employee, ps []rules.EmploymentPeriod, from, to date.Date) float64 {
	last := to.AddDays(-1)
	days := 0
	for _, p := range ps {
		end := p.End
		if end.IsZero() || end.After(last) {
			end = last
		}
		start := date.Max(p.Start, from)
		if !end.Before(start) {
			days += start.DaysUntil(end) + 1
		}
	}
	return float64(int64(float64(e.WeeklyHours)*float64(days)/7*100+0.5)) / 100
}
