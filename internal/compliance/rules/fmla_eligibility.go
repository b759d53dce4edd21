package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EmploymentPeriod is one stint of employment; both dates are inclusive
// and a zero End means ongoing.
type EmploymentPeriod struct {
	Start date.Date `json:"start"`
	End   date.Date `json:"end"`
}

// FMLAEligibilityFacts are the facts of the "fmla-eligibility" rule.
type FMLAEligibilityFacts struct {
	LeaveStart             date.Date          `json:"leave_start"`
	EmploymentPeriods      []EmploymentPeriod `json:"employment_periods"`
	HoursWorked12Months    *float64           `json:"hours_worked_12_months"`
	EmployeesWithin75Miles *int               `json:"employees_within_75_miles"`
	NoticeDate             date.Date          `json:"notice_date"`
	BreakReason            string             `json:"break_reason"` // personal (default), userra, rehire_agreement
	USERRAHoursCredited    *float64           `json:"userra_hours_credited"`
	FLSAExempt             *bool              `json:"flsa_exempt"`
	HourRecordsKept        *bool              `json:"hour_records_kept"` // default true
	LeaveEnd               date.Date          `json:"leave_end"`
}

// FMLAEligibilityResult is the eligibility determination.
type FMLAEligibilityResult struct {
	Eligible               bool      `json:"eligible"`
	FailedTests            []string  `json:"failed_tests"`
	MonthsOfService        int       `json:"months_of_service"`
	HoursCredited          *float64  `json:"hours_credited"` // null when presumed and no hours were given
	HoursPresumed          bool      `json:"hours_presumed"`
	EmployeesWithin75Miles int       `json:"employees_within_75_miles"`
	EligibleFrom           date.Date `json:"eligible_from"`
}

// FMLA eligibility thresholds (29 CFR 825.110(a)).
const (
	fmlaMonths    = 12
	fmlaHours     = 1250
	fmlaEmployees = 50
)

func (f FMLAEligibilityFacts) presumed() bool {
	return f.FLSAExempt != nil && *f.FLSAExempt && f.HourRecordsKept != nil && !*f.HourRecordsKept
}

func (f FMLAEligibilityFacts) validate(fe kit.FieldErrors) {
	if f.LeaveStart.IsZero() {
		fe.Add("leave_start", "is required")
	}
	if !f.LeaveEnd.IsZero() && !f.LeaveStart.IsZero() && f.LeaveEnd.Before(f.LeaveStart) {
		fe.Add("leave_end", "must be on or after leave_start")
	}
	if len(f.EmploymentPeriods) == 0 {
		fe.Add("employment_periods", "must list at least one employment period")
	}
	validatePeriods(f.EmploymentPeriods, fe)
	if f.HoursWorked12Months == nil && !f.presumed() {
		fe.Add("hours_worked_12_months", "is required (unless the employee is FLSA-exempt and no hour records are kept)")
	} else if f.HoursWorked12Months != nil && (*f.HoursWorked12Months < 0 || *f.HoursWorked12Months > 8784) {
		fe.Add("hours_worked_12_months", "must be between 0 and 8784 (the hours in a year)")
	}
	if f.USERRAHoursCredited != nil && *f.USERRAHoursCredited < 0 {
		fe.Add("userra_hours_credited", "must not be negative")
	}
	if f.EmployeesWithin75Miles == nil {
		fe.Add("employees_within_75_miles", "is required")
	} else if *f.EmployeesWithin75Miles < 0 {
		fe.Add("employees_within_75_miles", "must not be negative")
	}
	switch f.BreakReason {
	case "", "personal", "userra", "rehire_agreement":
	default:
		fe.Add("break_reason", "must be personal, userra or rehire_agreement")
	}
}

// validatePeriods checks each period and that no two overlap.
func validatePeriods(ps []EmploymentPeriod, fe kit.FieldErrors) {
	idx := make([]int, len(ps))
	for i, p := range ps {
		idx[i] = i
		if p.Start.IsZero() {
			fe.Add(fieldKey("employment_periods", i, "start"), "is required")
		}
		if !p.End.IsZero() && p.End.Before(p.Start) {
			fe.Add(fieldKey("employment_periods", i, "end"), "must be on or after start")
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]].Start.Before(ps[idx[b]].Start) })
	for k := 1; k < len(idx); k++ {
		prev, cur := ps[idx[k-1]], ps[idx[k]]
		if prev.End.IsZero() || !cur.Start.After(prev.End) {
			fe.Add(fieldKey("employment_periods", idx[k], "start"), "overlaps another employment period")
		}
	}
}

// wholeMonths is the largest m with s + m months <= e (RULES.md C4).
func wholeMonths(s, e date.Date) int {
	m := (e.Year()-s.Year())*12 + int(e.Month()) - int(s.Month())
	for m > 0 && s.AddMonths(m).After(e) {
		m--
	}
	for !s.AddMonths(m + 1).After(e) {
		m++
	}
	if m < 0 {
		return 0
	}
	return m
}

// countedPeriods sorts the periods and drops those before a break in
// service of seven years or more, unless the break was for USERRA service
// or covered by a written rehire agreement. It returns the kept periods and
// an explanation step when something was dropped or kept by exception.
func countedPeriods(ps []EmploymentPeriod, reason string) ([]EmploymentPeriod, []Step) {
	s := append([]EmploymentPeriod(nil), ps...)
	sort.Slice(s, func(a, b int) bool { return s[a].Start.Before(s[b].Start) })
	var steps []Step
	for i := len(s) - 1; i > 0; i-- {
		breakStart := s[i-1].End.AddDays(1)
		if s[i].Start.Before(breakStart.AddYears(7)) {
			continue
		}
		if reason == "userra" || reason == "rehire_agreement" {
			steps = append(steps, Step{Text: fmt.Sprintf("The break in service from %s to %s is seven years or more, but it was due to %s, so earlier employment still counts.", breakStart, s[i].Start.AddDays(-1), reasonText(reason)), Citation: "29 CFR 825.110(b)(2)"})
			continue
		}
		steps = append(steps, Step{Text: fmt.Sprintf("The break in service from %s to %s is seven years or more, so employment before %s is not counted.", breakStart, s[i].Start.AddDays(-1), s[i].Start), Citation: "29 CFR 825.110(b)(1)"})
		return s[i:], steps
	}
	return s, steps
}

func reasonText(r string) string {
	if r == "userra" {
		return "USERRA-covered military service"
	}
	return "a written agreement (including a collective bargaining agreement) to rehire"
}

// monthsOfService counts calendar months of employment before asOf: whole
// calendar months per period, plus the leftover days of all periods pooled
// with every 30 days counting as one more month.
func monthsOfService(ps []EmploymentPeriod, asOf date.Date) int {
	months, days := 0, 0
	for _, p := range ps {
		end := asOf
		if !p.End.IsZero() && p.End.AddDays(1).Before(asOf) {
			end = p.End.AddDays(1)
		}
		if !p.Start.Before(end) {
			continue
		}
		m := wholeMonths(p.Start, end)
		months += m
		days += p.Start.AddMonths(m).DaysUntil(end)
	}
	return months + days/30
}

// FMLAEligibility applies the three FMLA eligibility tests: 12 months of
// employment and 1,250 hours of service as of the first day of leave, and
// 50 employees within 75 miles as of the date of notice.
func FMLAEligibility(f FMLAEligibilityFacts) (FMLAEligibilityResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return FMLAEligibilityResult{}, nil, err
	}
	r := FMLAEligibilityResult{FailedTests: []string{}, EmployeesWithin75Miles: *f.EmployeesWithin75Miles}
	var before []EmploymentPeriod
	for _, p := range f.EmploymentPeriods {
		if p.Start.Before(f.LeaveStart) {
			before = append(before, p)
		}
	}
	periods, steps := countedPeriods(before, f.BreakReason)
	r.MonthsOfService = monthsOfService(periods, f.LeaveStart)
	steps = append(steps, Step{Text: fmt.Sprintf("Months of employment before leave starts on %s: %d, counting calendar months (the months need not be consecutive; leftover days of separate periods are pooled, 30 days to a month). At least 12 are required.", f.LeaveStart, r.MonthsOfService), Citation: "29 CFR 825.110(a)(1), (b)"})
	if r.MonthsOfService < fmlaMonths {
		r.FailedTests = append(r.FailedTests, "months")
	}
	steps = append(steps, f.hoursTest(&r)...)
	ws := fmt.Sprintf("%d employees work within 75 surface miles of the worksite", r.EmployeesWithin75Miles)
	if !f.NoticeDate.IsZero() {
		ws += fmt.Sprintf(" as of the notice date, %s", f.NoticeDate)
	}
	steps = append(steps, Step{Text: ws + "; at least 50 are required. The count is taken when the employee gives notice, and later drops do not matter. Distances are surface miles by the shortest public route, not straight-line miles.", Citation: "29 CFR 825.110(a)(3), (e); 29 CFR 825.111(b)"})
	if r.EmployeesWithin75Miles < fmlaEmployees {
		r.FailedTests = append(r.FailedTests, "worksite")
	}
	r.Eligible = len(r.FailedTests) == 0
	steps = append(steps, f.eligibleDuringLeave(&r, periods)...)
	if r.Eligible {
		steps = append(steps, Step{Text: "All three tests are met: the employee is eligible for FMLA leave.", Citation: "29 CFR 825.110(a)"})
	} else {
		steps = append(steps, Step{Text: fmt.Sprintf("The employee is not eligible when leave starts. Tests not met: %s.", strings.Join(r.FailedTests, ", ")), Citation: "29 CFR 825.110(a)"})
	}
	return r, steps, nil
}

// hoursTest applies the 1,250-hour test.
func (f FMLAEligibilityFacts) hoursTest(r *FMLAEligibilityResult) []Step {
	var steps []Step
	if f.HoursWorked12Months != nil {
		h := dec(*f.HoursWorked12Months)
		text := fmt.Sprintf("Hours actually worked in the 12 months before leave starts: %s (paid leave and holidays are not hours worked).", num(*f.HoursWorked12Months))
		if f.USERRAHoursCredited != nil && *f.USERRAHoursCredited > 0 {
			h = add(h, dec(*f.USERRAHoursCredited))
			text += fmt.Sprintf(" Hours the employee would have worked but for USERRA-covered service are credited: %s.", num(*f.USERRAHoursCredited))
		}
		r.HoursCredited = ptr(money(h))
		steps = append(steps, Step{Text: fmt.Sprintf("%s Hours credited: %s; at least 1,250 are required.", text, num(*r.HoursCredited)), Citation: "29 CFR 825.110(a)(2), (c)"})
	}
	if f.presumed() {
		r.HoursPresumed = true
		steps = append(steps, Step{Text: "The employee is FLSA-exempt and the employer keeps no record of hours worked, so the employee is presumed to have worked 1,250 hours; the employer must clearly show otherwise.", Citation: "29 CFR 825.110(c)(3); 29 CFR 825.500(f)"})
		return steps
	}
	if f.HourRecordsKept != nil && !*f.HourRecordsKept {
		steps = append(steps, Step{Text: "No accurate hour records are kept, so the employer bears the burden of showing the 1,250 hours were not worked.", Citation: "29 CFR 825.110(c)(3)"})
	}
	if *r.HoursCredited < fmlaHours {
		r.FailedTests = append(r.FailedTests, "hours")
	}
	return steps
}

// eligibleDuringLeave finds the day inside the leave on which an employee
// who fails only the months test completes 12 months; qualifying leave from
// then on is FMLA leave.
func (f FMLAEligibilityFacts) eligibleDuringLeave(r *FMLAEligibilityResult, ps []EmploymentPeriod) []Step {
	if len(r.FailedTests) != 1 || r.FailedTests[0] != "months" || f.LeaveEnd.IsZero() {
		return nil
	}
	for d, i := f.LeaveStart.AddDays(1), 0; !d.After(f.LeaveEnd) && i < 400; d, i = d.AddDays(1), i+1 {
		if monthsOfService(ps, d) >= fmlaMonths {
			r.EligibleFrom = d
			return []Step{{Text: fmt.Sprintf("The employee completes 12 months of employment on %s, during the leave. From that day the employee is eligible, and qualifying leave from then on is FMLA leave; the hours test is still measured as of the day leave began.", d), Citation: "29 CFR 825.110(d)"}}
		}
	}
	return nil
}

func evalFMLAEligibility(f *facts, _ Settings) (any, []Step, error) {
	f.require("leave_start", "employment_periods", "employees_within_75_miles")
	e := FMLAEligibilityFacts{
		LeaveStart:             f.date("leave_start"),
		HoursWorked12Months:    f.number("hours_worked_12_months"),
		EmployeesWithin75Miles: f.integer("employees_within_75_miles"),
		NoticeDate:             f.date("notice_date"),
		BreakReason:            f.enum("break_reason", "personal", "userra", "rehire_agreement"),
		USERRAHoursCredited:    f.number("userra_hours_credited"),
		FLSAExempt:             f.boolean("flsa_exempt"),
		HourRecordsKept:        f.boolean("hour_records_kept"),
		LeaveEnd:               f.date("leave_end"),
	}
	ps, _ := f.objects("employment_periods")
	for _, p := range ps {
		p.require("start")
		e.EmploymentPeriods = append(e.EmploymentPeriods, EmploymentPeriod{Start: p.date("start"), End: p.date("end")})
	}
	if err := finish(f, e.validate); err != nil {
		return nil, nil, err
	}
	return call(FMLAEligibility(e))
}
