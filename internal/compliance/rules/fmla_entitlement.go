package rules

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// FMLA 12-month methods (29 CFR 825.200(b)).
const (
	MethodCalendarYear   = "calendar_year"
	MethodFixedLeaveYear = "fixed_leave_year"
	MethodForward        = "forward_from_first_leave"
	MethodRolling        = "rolling_backward"
	// MethodMostBeneficial applies 29 CFR 825.200(e) for an employer that
	// has not chosen a method: every method is evaluated and the one most
	// beneficial to the employee is used.
	MethodMostBeneficial = "most_beneficial"
)

// FMLA leave reasons for the entitlement rule.
const (
	ReasonStandard          = "standard"
	ReasonMilitaryCaregiver = "military_caregiver"
)

// LeaveHours is FMLA leave on one day (or a block recorded on one date).
type LeaveHours struct {
	Date  date.Date `json:"date"`
	Hours float64   `json:"hours"`
}

// FMLAEntitlementFacts are the facts of the "fmla-entitlement" rule.
type FMLAEntitlementFacts struct {
	Method                     string       `json:"method"`           // default Settings.FMLAMethod
	LeaveYearStart             string       `json:"leave_year_start"` // MM-DD, default Settings.LeaveYearStart
	WeeklyHours                *float64     `json:"weekly_hours"`
	HoursScheduledPrior52Weeks *float64     `json:"hours_scheduled_prior_52_weeks"`
	AsOf                       date.Date    `json:"as_of"`
	Usage                      []LeaveHours `json:"usage"`
	Requested                  []LeaveHours `json:"requested"`
	Reason                     string       `json:"reason"` // standard (default) or military_caregiver
	FirstCaregiverLeaveDay     date.Date    `json:"first_caregiver_leave_day"`
}

// RequestedDay shows how one requested day was treated.
type RequestedDay struct {
	Date        date.Date `json:"date"`
	Hours       float64   `json:"hours"`
	Protected   float64   `json:"protected"`
	Unprotected float64   `json:"unprotected"`
	Available   float64   `json:"available_before"`
}

// FMLAEntitlementResult is the entitlement as of a date.
type FMLAEntitlementResult struct {
	Method                    string         `json:"method"`
	Reason                    string         `json:"reason"`
	WeeklyHours               float64        `json:"weekly_hours"`
	PeriodStart               date.Date      `json:"period_start"`
	PeriodEnd                 date.Date      `json:"period_end"`
	HoursEntitled             float64        `json:"hours_entitled"`
	HoursUsed                 float64        `json:"hours_used"`
	HoursAvailable            float64        `json:"hours_available"`
	WeeksAvailable            float64        `json:"weeks_available"`
	RequestedHoursProtected   *float64       `json:"requested_hours_protected"`
	RequestedHoursUnprotected *float64       `json:"requested_hours_unprotected"`
	RequestedDays             []RequestedDay `json:"requested_days"`
}

// parseMonthDay reads "MM-DD"; February 29 is refused because it does not
// exist every year.
func parseMonthDay(s string) (time.Month, int, bool) {
	if len(s) != 5 || s[2] != '-' {
		return 0, 0, false
	}
	m, err1 := strconv.Atoi(s[:2])
	d, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 {
		return 0, 0, false
	}
	if d > date.New(2023, time.Month(m), 1).DaysInMonth() {
		return 0, 0, false
	}
	return time.Month(m), d, true
}

func (f FMLAEntitlementFacts) resolve(s Settings) FMLAEntitlementFacts {
	f.Method = pick(f.Method, s.FMLAMethod)
	f.LeaveYearStart = pick(f.LeaveYearStart, s.LeaveYearStart)
	f.Reason = pick(f.Reason, ReasonStandard)
	return f
}

func (f FMLAEntitlementFacts) validate(fe kit.FieldErrors) {
	switch f.Method {
	case MethodCalendarYear, MethodForward, MethodRolling, MethodMostBeneficial:
	case MethodFixedLeaveYear:
		if f.LeaveYearStart == "" {
			fe.Add("leave_year_start", "is required for the fixed_leave_year method")
		}
	case "":
		fe.Add("method", "is required (the company has no default FMLA method); when an employer has not chosen one, use most_beneficial (29 CFR 825.200(e))")
	default:
		fe.Add("method", "must be calendar_year, fixed_leave_year, forward_from_first_leave, rolling_backward or most_beneficial")
	}
	if _, _, ok := parseMonthDay(f.LeaveYearStart); f.LeaveYearStart != "" && !ok {
		fe.Add("leave_year_start", "must be a month and day in MM-DD form that exists every year, such as 07-01")
	}
	switch {
	case f.WeeklyHours != nil:
		if *f.WeeklyHours <= 0 || *f.WeeklyHours > 168 {
			fe.Add("weekly_hours", "must be more than 0 and at most 168")
		}
	case f.HoursScheduledPrior52Weeks != nil:
		if *f.HoursScheduledPrior52Weeks <= 0 || *f.HoursScheduledPrior52Weeks > 168*52 {
			fe.Add("hours_scheduled_prior_52_weeks", "must be more than 0 and at most 8736")
		}
	default:
		fe.Add("weekly_hours", "is required (or give hours_scheduled_prior_52_weeks)")
	}
	if f.AsOf.IsZero() {
		fe.Add("as_of", "is required")
	}
	if f.Reason != ReasonStandard && f.Reason != ReasonMilitaryCaregiver {
		fe.Add("reason", "must be standard or military_caregiver")
	}
	validateLeaveHours("usage", f.Usage, date.Date{}, fe)
	validateLeaveHours("requested", f.Requested, f.AsOf, fe)
	if f.Reason == ReasonMilitaryCaregiver && !f.FirstCaregiverLeaveDay.IsZero() {
		for i, q := range f.Requested {
			if q.Date.Before(f.FirstCaregiverLeaveDay) {
				fe.Add(fieldKey("requested", i, "date"), "must be on or after first_caregiver_leave_day")
			}
		}
	}
}

// validateLeaveHours checks dates and hours of a leave list; entries must
// not be earlier than notBefore when it is set.
func validateLeaveHours(list string, ls []LeaveHours, notBefore date.Date, fe kit.FieldErrors) {
	for i, l := range ls {
		if l.Date.IsZero() {
			fe.Add(fieldKey(list, i, "date"), "is required")
		} else if !notBefore.IsZero() && l.Date.Before(notBefore) {
			fe.Add(fieldKey(list, i, "date"), "must be on or after as_of")
		}
		if l.Hours < 0 || l.Hours > 8784 {
			fe.Add(fieldKey(list, i, "hours"), "must be between 0 and 8784")
		}
	}
}

// ledger holds FMLA leave hours in date order with running totals.
type ledger struct {
	dates []date.Date
	cum   []*big.Rat // cum[i] = total of the first i entries
}

func newLedger() *ledger { return &ledger{cum: []*big.Rat{new(big.Rat)}} }

// add records hours on d; d must not be before the last entry.
func (l *ledger) add(d date.Date, h *big.Rat) {
	if h.Sign() <= 0 {
		return
	}
	l.dates = append(l.dates, d)
	l.cum = append(l.cum, add(l.cum[len(l.cum)-1], h))
}

// index returns the number of entries dated before d.
func (l *ledger) index(d date.Date) int {
	return sort.Search(len(l.dates), func(i int) bool { return !l.dates[i].Before(d) })
}

// sum totals the hours dated in [from, to).
func (l *ledger) sum(from, to date.Date) *big.Rat {
	a, b := l.index(from), l.index(to)
	if b < a {
		return new(big.Rat)
	}
	return sub(l.cum[b], l.cum[a])
}

// period is a 12-month FMLA period and the hours used in it before a day.
type period struct {
	start, end date.Date
	used       *big.Rat
	closed     bool // the military caregiver period has ended: nothing is available
}

// periodFor returns the 12-month period that governs leave on day d.
func (f FMLAEntitlementFacts) periodFor(l *ledger, d date.Date) period {
	var p period
	switch {
	case f.Reason == ReasonMilitaryCaregiver:
		p.start = f.FirstCaregiverLeaveDay
		p.closed = d.After(p.start.AddYears(1).AddDays(-1))
	case f.Method == MethodCalendarYear:
		p.start = date.New(d.Year(), time.January, 1)
	case f.Method == MethodFixedLeaveYear:
		m, day, _ := parseMonthDay(f.LeaveYearStart)
		p.start = date.New(d.Year(), m, day)
		if p.start.After(d) {
			p.start = date.New(d.Year()-1, m, day)
		}
	case f.Method == MethodForward:
		p.start = forwardStart(l, d)
	case f.Method == MethodRolling:
		p.start = d.AddMonths(-12)
		p.end = d.AddDays(-1)
	}
	if p.end.IsZero() {
		p.end = p.start.AddYears(1).AddDays(-1)
	}
	// Leave after a (caregiver) period has ended is not part of it.
	p.used = l.sum(p.start, date.Min(d, p.end.AddDays(1)))
	return p
}

// forwardStart finds the start of the forward-measured period in effect on
// d: the first leave starts a period of 12 months, and the next period
// starts with the first leave after that period ends. When no period is
// running on d, leave taken on d would start one.
func forwardStart(l *ledger, d date.Date) date.Date {
	n := l.index(d)
	start := date.Date{}
	for i := 0; i < n; {
		start = l.dates[i]
		end := start.AddYears(1).AddDays(-1)
		next := l.index(end.AddDays(1))
		if next >= n {
			if d.After(end) {
				return d
			}
			return start
		}
		i = next
	}
	return d
}

// FMLAEntitlement computes the hours of FMLA leave available as of a date
// under the employer's 12-month method and, for requested leave, how many
// requested hours are protected, day by day.
func FMLAEntitlement(f FMLAEntitlementFacts, s Settings) (FMLAEntitlementResult, []Step, error) {
	f = f.resolve(s)
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return FMLAEntitlementResult{}, nil, err
	}
	if f.Method == MethodMostBeneficial {
		return f.mostBeneficial()
	}
	weekly, steps := f.weekly()
	if f.Reason == ReasonMilitaryCaregiver && f.FirstCaregiverLeaveDay.IsZero() {
		f.FirstCaregiverLeaveDay = f.AsOf
		if len(f.Requested) > 0 {
			f.FirstCaregiverLeaveDay = earliest(f.Requested)
		}
		steps = append(steps, Step{Text: fmt.Sprintf("No first day of military caregiver leave was given, so the single 12-month period is taken to begin on %s.", f.FirstCaregiverLeaveDay), Citation: "29 CFR 825.127(e)(1)"})
	}
	weeks := 12
	if f.Reason == ReasonMilitaryCaregiver {
		weeks = 26
	}
	entitled := mul(weekly, ratInt(weeks))
	l := newLedger()
	for _, u := range sortedLeave(f.Usage) {
		if u.d.Before(f.AsOf) {
			l.add(u.d, u.h)
		}
	}
	p := f.periodFor(l, f.AsOf)
	avail := available(entitled, p)
	r := FMLAEntitlementResult{
		Method: f.Method, Reason: f.Reason, WeeklyHours: money(weekly),
		PeriodStart: p.start, PeriodEnd: p.end,
		HoursEntitled: money(entitled), HoursUsed: money(p.used), HoursAvailable: money(avail),
		WeeksAvailable: ratio(quo(avail, weekly)),
	}
	steps = append(steps, f.entitlementSteps(r, weeks, l)...)
	if f.Requested != nil {
		steps = append(steps, f.request(&r, l, entitled))
	}
	return r, steps, nil
}

// mostBeneficial evaluates every method and keeps the one that protects
// the most requested hours, then leaves the most hours available.
func (f FMLAEntitlementFacts) mostBeneficial() (FMLAEntitlementResult, []Step, error) {
	methods := []string{MethodCalendarYear, MethodFixedLeaveYear, MethodForward, MethodRolling}
	var best FMLAEntitlementResult
	var bestSteps []Step
	compared := ""
	for _, m := range methods {
		if m == MethodFixedLeaveYear && f.LeaveYearStart == "" {
			continue
		}
		g := f
		g.Method = m
		r, steps, err := FMLAEntitlement(g, Settings{})
		if err != nil {
			return FMLAEntitlementResult{}, nil, err
		}
		compared += fmt.Sprintf(" %s: %s hours available", m, num(r.HoursAvailable))
		if r.RequestedHoursProtected != nil {
			compared += fmt.Sprintf(", %s requested hours protected", num(*r.RequestedHoursProtected))
		}
		compared += ";"
		if bestSteps == nil || better(r, best) {
			best, bestSteps = r, steps
		}
	}
	head := Step{Text: fmt.Sprintf("The method most beneficial to the employee applies: the employer has not chosen a 12-month method, or is in the year after changing it (29 CFR 825.200(d)(1)). Compared:%s the most beneficial is %s.", compared, best.Method), Citation: "29 CFR 825.200(e)"}
	return best, append([]Step{head}, bestSteps...), nil
}

func better(a, b FMLAEntitlementResult) bool {
	if a.RequestedHoursProtected != nil && b.RequestedHoursProtected != nil && *a.RequestedHoursProtected != *b.RequestedHoursProtected {
		return *a.RequestedHoursProtected > *b.RequestedHoursProtected
	}
	return a.HoursAvailable > b.HoursAvailable
}

func available(entitled *big.Rat, p period) *big.Rat {
	if p.closed {
		return new(big.Rat)
	}
	a := sub(entitled, p.used)
	if a.Sign() < 0 {
		return new(big.Rat)
	}
	return a
}

func earliest(ls []LeaveHours) date.Date {
	d := ls[0].Date
	for _, l := range ls {
		d = date.Min(d, l.Date)
	}
	return d
}

// leaveDay is the total FMLA leave on one date, kept exact.
type leaveDay struct {
	d date.Date
	h *big.Rat
}

// sortedLeave merges entries on the same date and sorts them by date.
func sortedLeave(ls []LeaveHours) []leaveDay {
	at := map[string]int{}
	var out []leaveDay
	for _, l := range ls {
		if i, ok := at[l.Date.String()]; ok {
			out[i].h = add(out[i].h, dec(l.Hours))
			continue
		}
		at[l.Date.String()] = len(out)
		out = append(out, leaveDay{d: l.Date, h: dec(l.Hours)})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].d.Before(out[b].d) })
	return out
}

// weekly returns the hours of the employee's workweek used to convert
// workweeks to hours.
func (f FMLAEntitlementFacts) weekly() (*big.Rat, []Step) {
	if f.WeeklyHours != nil {
		return dec(*f.WeeklyHours), []Step{{Text: fmt.Sprintf("The employee's normal workweek is %s hours, so one workweek of leave is %s hours.", num(*f.WeeklyHours), num(*f.WeeklyHours)), Citation: "29 CFR 825.205(b)(1)"}}
	}
	w := quo(dec(*f.HoursScheduledPrior52Weeks), ratInt(52))
	return w, []Step{{Text: fmt.Sprintf("The schedule varies, so the workweek is the weekly average of the hours scheduled over the 12 months before the leave (including hours on any kind of leave): %s / 52 = %s hours.", num(*f.HoursScheduledPrior52Weeks), num(money(w))), Citation: "29 CFR 825.205(b)(3)"}}
}

func (f FMLAEntitlementFacts) methodStep(p period) Step {
	switch {
	case f.Reason == ReasonMilitaryCaregiver:
		return Step{Text: fmt.Sprintf("Military caregiver leave uses a single 12-month period that begins on the first day of caregiver leave, %s, and ends on %s, whatever method the employer uses for other FMLA leave. Caregiver weeks not used in that period are forfeited.", p.start, p.end), Citation: "29 CFR 825.127(e)(1)"}
	case f.Method == MethodCalendarYear:
		return Step{Text: fmt.Sprintf("The employer measures the 12-month period as the calendar year: %s to %s.", p.start, p.end), Citation: "29 CFR 825.200(b)(1)"}
	case f.Method == MethodFixedLeaveYear:
		return Step{Text: fmt.Sprintf("The employer uses a fixed leave year starting each %s: the current leave year runs %s to %s.", f.LeaveYearStart, p.start, p.end), Citation: "29 CFR 825.200(b)(2)"}
	case f.Method == MethodForward:
		return Step{Text: fmt.Sprintf("The employer measures 12 months forward from the first day of FMLA leave; the next period begins with the first leave taken after the previous period ends. The period that applies runs %s to %s.", p.start, p.end), Citation: "29 CFR 825.200(b)(3)"}
	}
	return Step{Text: fmt.Sprintf("The employer uses a rolling 12-month period measured backward from each day leave is used. The look-back for %s is %s to %s: the same date one year earlier is inside the window and the day itself is outside (Cadre convention C5; the regulation sets no day-level boundary). Leave used more than 12 months ago is recouped day by day.", p.end.AddDays(1), p.start, p.end), Citation: "29 CFR 825.200(b)(4), (c); Cadre RULES.md §0 C5"}
}

func (f FMLAEntitlementFacts) entitlementSteps(r FMLAEntitlementResult, weeks int, l *ledger) []Step {
	p := period{start: r.PeriodStart, end: r.PeriodEnd}
	steps := []Step{f.methodStep(p)}
	if f.Method == MethodForward && f.Reason == ReasonStandard && r.PeriodStart.Equal(f.AsOf) {
		steps = append(steps, Step{Text: fmt.Sprintf("No forward-measured period is running on %s; a new one begins with the next FMLA leave, so the period is shown as if leave began that day.", f.AsOf), Citation: "29 CFR 825.200(b)(3)"})
	}
	cite := "29 CFR 825.200(a)"
	text := fmt.Sprintf("The entitlement is %d workweeks: %d x %s = %s hours.", weeks, weeks, num(r.WeeklyHours), num(r.HoursEntitled))
	if f.Reason == ReasonMilitaryCaregiver {
		cite = "29 CFR 825.127(e)"
		text = fmt.Sprintf("Military caregiver leave allows a combined 26 workweeks for all FMLA reasons in the single 12-month period: 26 x %s = %s hours, of which no more than 12 workweeks may be for other FMLA reasons (the usage given is not split by reason, so that cap is not checked here).", num(r.WeeklyHours), num(r.HoursEntitled))
	}
	steps = append(steps,
		Step{Text: text, Citation: cite},
		Step{Text: fmt.Sprintf("FMLA leave used in the period before %s: %s hours (%d day(s) of usage recorded before %s; usage dated on or after %s is not counted).", f.AsOf, num(r.HoursUsed), l.index(f.AsOf), f.AsOf, f.AsOf), Citation: "29 CFR 825.205(b)(1)"})
	if f.Reason == ReasonMilitaryCaregiver && f.AsOf.After(r.PeriodEnd) {
		steps = append(steps, Step{Text: fmt.Sprintf("The single 12-month period ended on %s, so no military caregiver leave remains; any unused weeks were forfeited.", r.PeriodEnd), Citation: "29 CFR 825.127(e)(1)"})
	}
	steps = append(steps, Step{Text: fmt.Sprintf("Available on %s: %s hours (%s workweeks).", f.AsOf, num(r.HoursAvailable), num(r.WeeksAvailable)), Citation: cite})
	return steps
}

// request evaluates requested days one by one in date order. A day is
// protected up to the hours available on it; protected hours count as
// usage for later days, and hours recouped under a rolling or new period
// while the request runs become available as they are recouped.
func (f FMLAEntitlementFacts) request(r *FMLAEntitlementResult, l *ledger, entitled *big.Rat) Step {
	prot, unprot := new(big.Rat), new(big.Rat)
	r.RequestedDays = []RequestedDay{}
	firstUnprotected := date.Date{}
	for _, q := range sortedLeave(f.Requested) {
		avail := available(entitled, f.periodFor(l, q.d))
		pr := q.h
		if pr.Cmp(avail) > 0 {
			pr = avail
		}
		un := sub(q.h, pr)
		l.add(q.d, pr)
		prot, unprot = add(prot, pr), add(unprot, un)
		if un.Sign() > 0 && firstUnprotected.IsZero() {
			firstUnprotected = q.d
		}
		r.RequestedDays = append(r.RequestedDays, RequestedDay{Date: q.d, Hours: money(q.h), Protected: money(pr), Unprotected: money(un), Available: money(avail)})
	}
	r.RequestedHoursProtected, r.RequestedHoursUnprotected = ptr(money(prot)), ptr(money(unprot))
	text := fmt.Sprintf("The requested leave was checked day by day in date order: %s hours are FMLA-protected and %s hours are not.", num(*r.RequestedHoursProtected), num(*r.RequestedHoursUnprotected))
	if !firstUnprotected.IsZero() {
		text += fmt.Sprintf(" The first day without enough FMLA leave is %s; leave recouped later in the request is protected again as it becomes available.", firstUnprotected)
	}
	return Step{Text: text, Citation: "29 CFR 825.200(c)"}
}

func readLeaveHours(f *facts, list string) []LeaveHours {
	items, ok := f.objects(list)
	if !ok {
		return nil
	}
	out := []LeaveHours{}
	for _, it := range items {
		it.require("date", "hours")
		l := LeaveHours{Date: it.date("date")}
		if h := it.number("hours"); h != nil {
			l.Hours = *h
		}
		out = append(out, l)
	}
	return out
}

func evalFMLAEntitlement(f *facts, s Settings) (any, []Step, error) {
	f.require("as_of", "usage")
	e := FMLAEntitlementFacts{
		Method:                     f.enum("method", MethodCalendarYear, MethodFixedLeaveYear, MethodForward, MethodRolling, MethodMostBeneficial),
		LeaveYearStart:             f.str("leave_year_start"),
		WeeklyHours:                f.number("weekly_hours"),
		HoursScheduledPrior52Weeks: f.number("hours_scheduled_prior_52_weeks"),
		AsOf:                       f.date("as_of"),
		Usage:                      readLeaveHours(f, "usage"),
		Requested:                  readLeaveHours(f, "requested"),
		Reason:                     f.enum("reason", ReasonStandard, ReasonMilitaryCaregiver),
		FirstCaregiverLeaveDay:     f.date("first_caregiver_leave_day"),
	}
	if f.fe.Has("method") {
		e.Method = "-" // keep the reader's message instead of falling back on the settings
	}
	if err := finish(f, e.resolve(s).validate); err != nil {
		return nil, nil, err
	}
	return call(FMLAEntitlement(e, s))
}
