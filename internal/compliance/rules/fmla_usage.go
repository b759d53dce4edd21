package rules

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// WeekHours are scheduled hours per weekday.
type WeekHours struct {
	Mon float64 `json:"mon"`
	Tue float64 `json:"tue"`
	Wed float64 `json:"wed"`
	Thu float64 `json:"thu"`
	Fri float64 `json:"fri"`
	Sat float64 `json:"sat"`
	Sun float64 `json:"sun"`
}

// Schedule is the employee's usual weekly schedule.
type Schedule struct {
	Hours WeekHours `json:"hours"`
}

func (w WeekHours) on(d time.Weekday) float64 {
	return [...]float64{w.Sun, w.Mon, w.Tue, w.Wed, w.Thu, w.Fri, w.Sat}[d]
}

func (w WeekHours) total() *big.Rat {
	t := new(big.Rat)
	for d := time.Sunday; d <= time.Saturday; d++ {
		t = add(t, dec(w.on(d)))
	}
	return t
}

// FMLAUsageFacts are the facts of the "fmla-usage" rule.
type FMLAUsageFacts struct {
	Schedule               Schedule     `json:"schedule"`
	Leave                  []LeaveHours `json:"leave"`
	MandatoryOvertimeHours *float64     `json:"mandatory_overtime_hours"` // per week
	Closures               []date.Date  `json:"closures"`                 // nil: the company closures
	HolidaysScheduled      bool         `json:"holidays_scheduled"`
	BusinessCalendar       string       `json:"business_calendar"`
}

// UsageWeek shows how one Monday-Sunday workweek was charged.
type UsageWeek struct {
	WeekStart    date.Date `json:"week_start"`
	Full         bool      `json:"full"`
	HoursCharged float64   `json:"hours_charged"`
	WeeksCharged float64   `json:"weeks_charged"`
}

// FMLAUsageResult is the FMLA leave charged for the leave given.
type FMLAUsageResult struct {
	UsualWeekHours float64     `json:"usual_week_hours"`
	HoursCharged   float64     `json:"hours_charged"`
	WeeksCharged   float64     `json:"weeks_charged"`
	Weeks          []UsageWeek `json:"weeks"`
}

func (f FMLAUsageFacts) validate(fe kit.FieldErrors, s Settings) BusinessCalendar {
	cal := companyCalendar(f.BusinessCalendar, s, fe, "business_calendar")
	for d := time.Sunday; d <= time.Saturday; d++ {
		if h := f.Schedule.Hours.on(d); h < 0 || h > 24 {
			fe.Add("schedule.hours."+strings.ToLower(d.String()[:3]), "must be between 0 and 24")
		}
	}
	ot := 0.0
	if f.MandatoryOvertimeHours != nil {
		ot = *f.MandatoryOvertimeHours
		if ot < 0 || ot > 168 {
			fe.Add("mandatory_overtime_hours", "must be between 0 and 168")
		}
	}
	if f.Schedule.Hours.total().Sign() <= 0 && ot <= 0 {
		fe.Add("schedule.hours", "must schedule some hours in the workweek")
	}
	perDay := map[string]float64{}
	for i, l := range f.Leave {
		if l.Date.IsZero() {
			fe.Add(fieldKey("leave", i, "date"), "is required")
		}
		if l.Hours < 0 {
			fe.Add(fieldKey("leave", i, "hours"), "must not be negative")
		}
		if perDay[l.Date.String()] += l.Hours; perDay[l.Date.String()] > 24 {
			fe.Add(fieldKey("leave", i, "hours"), "leave on one day must not exceed 24 hours")
		}
	}
	return cal
}

const (
	citeUsage    = "29 CFR 825.205(b)(1)"
	citeHoliday  = "29 CFR 825.200(h)"
	citeOT       = "29 CFR 825.205(c)"
	citeOpinion  = "29 CFR 825.200(h); WHD Opinion Letter FMLA2023-2-A"
	citeClosures = "29 CFR 825.200(h)"
)

// FMLAUsage converts leave taken into hours and workweeks of FMLA leave,
// week by week (Monday to Sunday), following the CONTRACT.md semantics: a
// full week of leave counts as one workweek, holidays included; in any
// other week the leave hours count except hours on closures and on
// holidays the employee was not scheduled to work, as a fraction of the
// usual workweek (scheduled hours plus mandatory overtime).
func FMLAUsage(f FMLAUsageFacts, s Settings) (FMLAUsageResult, []Step, error) {
	fe := kit.FieldErrors{}
	cal := f.validate(fe, s)
	if err := fe.Err(); err != nil {
		return FMLAUsageResult{}, nil, err
	}
	closures := f.Closures
	if closures == nil {
		closures = s.Closures
	}
	closed := map[string]bool{}
	for _, c := range closures {
		closed[c.String()] = true
	}
	usual := f.Schedule.Hours.total()
	steps := []Step{{Text: fmt.Sprintf("The workweek runs Monday to Sunday. The employee's usual workweek is %s scheduled hours.", num(money(usual))), Citation: citeUsage}}
	if f.MandatoryOvertimeHours != nil && *f.MandatoryOvertimeHours > 0 {
		usual = add(usual, dec(*f.MandatoryOvertimeHours))
		steps = append(steps, Step{Text: fmt.Sprintf("The employee is normally required to work %s hours of overtime a week, so missed mandatory overtime counts and the usual workweek is %s hours. Voluntary overtime never counts.", num(*f.MandatoryOvertimeHours), num(money(usual))), Citation: citeOT})
	}
	steps = append(steps, holidayRuleStep(cal, f.HolidaysScheduled))
	r := FMLAUsageResult{UsualWeekHours: money(usual), Weeks: []UsageWeek{}}
	totalH, totalW := new(big.Rat), new(big.Rat)
	for _, wk := range groupWeeks(f.Leave) {
		w, step := f.chargeWeek(wk, usual, cal, closed)
		totalH, totalW = add(totalH, w.hours), add(totalW, w.weeks)
		r.Weeks = append(r.Weeks, UsageWeek{WeekStart: wk.start, Full: w.full, HoursCharged: money(w.hours), WeeksCharged: ratio(w.weeks)})
		steps = append(steps, step)
	}
	r.HoursCharged, r.WeeksCharged = money(totalH), ratio(totalW)
	steps = append(steps, Step{Text: fmt.Sprintf("In total %s hours are charged, %s workweeks of FMLA leave.", num(r.HoursCharged), num(r.WeeksCharged)), Citation: citeUsage})
	return r, steps, nil
}

func holidayRuleStep(cal BusinessCalendar, scheduled bool) Step {
	if cal.Kind == CalendarSevenDay {
		return Step{Text: "The SEVEN_DAY calendar has no holidays, so every day of leave is charged unless it is a company closure.", Citation: citeHoliday}
	}
	if scheduled {
		return Step{Text: "The employee is scheduled and expected to work on federal holidays, so a holiday is a working day and leave on it is charged.", Citation: citeHoliday}
	}
	return Step{Text: "The employee is not expected to work on federal holidays: in a week of leave that is not a full week, a holiday is not charged, while the fraction still uses the usual full workweek (holiday included). A holiday in a full week of leave is charged with the week.", Citation: citeOpinion}
}

// leaveWeek is the leave of one Monday-Sunday week by date.
type leaveWeek struct {
	start date.Date
	hours map[string]*big.Rat
}

func weekStart(d date.Date) date.Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

func groupWeeks(ls []LeaveHours) []leaveWeek {
	at := map[string]int{}
	var out []leaveWeek
	for _, l := range ls {
		ws := weekStart(l.Date)
		i, ok := at[ws.String()]
		if !ok {
			i = len(out)
			at[ws.String()] = i
			out = append(out, leaveWeek{start: ws, hours: map[string]*big.Rat{}})
		}
		prev := out[i].hours[l.Date.String()]
		if prev == nil {
			prev = new(big.Rat)
		}
		out[i].hours[l.Date.String()] = add(prev, dec(l.Hours))
	}
	sort.Slice(out, func(a, b int) bool { return out[a].start.Before(out[b].start) })
	return out
}

type weekCharge struct {
	full         bool
	hours, weeks *big.Rat
}

// chargeWeek charges one week and explains it.
func (f FMLAUsageFacts) chargeWeek(wk leaveWeek, usual *big.Rat, cal BusinessCalendar, closed map[string]bool) (weekCharge, Step) {
	full, anyScheduled, hasClosure := true, false, false
	charged := new(big.Rat)
	var notes []string
	for i := 0; i < 7; i++ {
		d := wk.start.AddDays(i)
		leave := wk.hours[d.String()]
		if leave == nil {
			leave = new(big.Rat)
		}
		hol, isHol := FederalHoliday(d)
		isHol = isHol && cal.Kind == CalendarUSFed
		if closed[d.String()] {
			hasClosure = true
			if leave.Sign() > 0 {
				notes = append(notes, fmt.Sprintf("%s is a company closure, so its %s hours are not charged", d, num(money(leave))))
			}
			continue
		}
		if isHol && !f.HolidaysScheduled {
			if leave.Sign() > 0 {
				notes = append(notes, fmt.Sprintf("%s is %s, which the employee was not scheduled to work", d, hol.Name))
			}
		} else {
			charged = add(charged, leave)
		}
		sched := dec(f.Schedule.Hours.on(d.Weekday()))
		if sched.Sign() > 0 && (!isHol || f.HolidaysScheduled) {
			anyScheduled = true
			if leave.Cmp(sched) < 0 {
				full = false
			}
		}
	}
	full = full && anyScheduled && !hasClosure
	if full {
		return weekCharge{full: true, hours: usual, weeks: ratInt(1)}, Step{
			Text:     fmt.Sprintf("Week of %s: leave covers every scheduled working day in full, so it counts as one whole workweek (%s hours), holidays included.", wk.start, num(money(usual))),
			Citation: citeHoliday,
		}
	}
	w := quo(charged, usual)
	text := fmt.Sprintf("Week of %s: not a full week of leave, so the hours taken are charged: %s of %s usual hours = %s of a workweek.", wk.start, num(money(charged)), num(money(usual)), num(ratio(w)))
	if len(notes) > 0 {
		text += " Not charged: " + strings.Join(notes, "; ") + "."
	}
	cite := citeUsage
	if hasClosure {
		cite = citeClosures
	}
	return weekCharge{hours: charged, weeks: w}, Step{Text: text, Citation: cite}
}

func evalFMLAUsage(f *facts, s Settings) (any, []Step, error) {
	f.require("schedule", "leave")
	u := FMLAUsageFacts{
		MandatoryOvertimeHours: f.number("mandatory_overtime_hours"),
		BusinessCalendar:       f.enum("business_calendar", CalendarUSFed, CalendarSevenDay),
	}
	if b := f.boolean("holidays_scheduled"); b != nil {
		u.HolidaysScheduled = *b
	}
	if c, ok := f.dates("closures"); ok {
		u.Closures = c
	}
	if sch, ok := f.object("schedule"); ok {
		sch.require("hours")
		if h, ok := sch.object("hours"); ok {
			u.Schedule.Hours = readWeekHours(h)
		}
	}
	u.Leave = readLeaveHours(f, "leave")
	if err := finish(f, func(fe kit.FieldErrors) { u.validate(fe, s) }); err != nil {
		return nil, nil, err
	}
	return call(FMLAUsage(u, s))
}

func readWeekHours(h *facts) WeekHours {
	for k := range h.m {
		switch k {
		case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
		default:
			h.fail(k, "is not a day; use mon, tue, wed, thu, fri, sat or sun")
		}
	}
	get := func(k string) float64 {
		if v := h.number(k); v != nil {
			return *v
		}
		return 0
	}
	return WeekHours{Mon: get("mon"), Tue: get("tue"), Wed: get("wed"), Thu: get("thu"), Fri: get("fri"), Sat: get("sat"), Sun: get("sun")}
}
