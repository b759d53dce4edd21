package rules

import (
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Business calendars (RULES.md C3).
const (
	// CalendarUSFed is Monday to Friday, excluding observed federal holidays
	// under 5 U.S.C. 6103 and company closures.
	CalendarUSFed = "US_FED"
	// CalendarSevenDay is every day, excluding only company closures: an
	// employer open daily counts weekends and holidays as business days.
	CalendarSevenDay = "SEVEN_DAY"
)

const citeCalendar = "Cadre RULES.md §0 C3 (business day is not defined in 8 CFR 274a.2 or 29 CFR 825.300)"

// BusinessCalendar decides which days are business days.
type BusinessCalendar struct {
	Kind     string
	closures map[string]bool // keyed by YYYY-MM-DD
}

// NewBusinessCalendar builds a calendar; an empty kind means US_FED.
func NewBusinessCalendar(kind string, closures []date.Date) BusinessCalendar {
	c := BusinessCalendar{Kind: pick(kind, CalendarUSFed), closures: map[string]bool{}}
	for _, d := range closures {
		c.closures[d.String()] = true
	}
	return c
}

// companyCalendar resolves the calendar from a fact, falling back on the
// company settings, and reports an unknown name under field.
func companyCalendar(fact string, s Settings, fe kit.FieldErrors, field string) BusinessCalendar {
	kind := pick(fact, s.BusinessCalendar, CalendarUSFed)
	if kind != CalendarUSFed && kind != CalendarSevenDay {
		fe.Add(field, fmt.Sprintf("%q is not one of: US_FED, SEVEN_DAY", kind))
	}
	return NewBusinessCalendar(kind, s.Closures)
}

// closedReason says why d is not a business day, or "" when it is one.
func (c BusinessCalendar) closedReason(d date.Date) string {
	if c.closures[d.String()] {
		return "company closure"
	}
	if c.Kind == CalendarSevenDay {
		return ""
	}
	if d.IsWeekend() {
		return d.Weekday().String()
	}
	if h, ok := FederalHoliday(d); ok {
		return h.Name
	}
	return ""
}

// IsBusinessDay reports whether d is a business day on this calendar.
func (c BusinessCalendar) IsBusinessDay(d date.Date) bool { return c.closedReason(d) == "" }

// AddBusinessDays returns the n-th business day after d; d itself is never
// counted (RULES.md C2: a Monday start plus 3 business days is Thursday).
// n <= 0 returns d.
func (c BusinessCalendar) AddBusinessDays(d date.Date, n int) date.Date {
	got, _ := c.addBusinessDays(d, n)
	return got
}

// addBusinessDays also returns the non-business days it skipped, for the
// explanation.
func (c BusinessCalendar) addBusinessDays(d date.Date, n int) (date.Date, []string) {
	var skipped []string
	for n > 0 {
		d = d.AddDays(1)
		if why := c.closedReason(d); why != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", d, why))
			continue
		}
		n--
	}
	return d, skipped
}

// NextBusinessDay returns d when it is a business day, else the first
// business day after it.
func (c BusinessCalendar) NextBusinessDay(d date.Date) date.Date {
	for i := 0; i < 400 && !c.IsBusinessDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// describe explains the calendar in one step.
func (c BusinessCalendar) describe() Step {
	extra := ""
	if len(c.closures) > 0 {
		extra = fmt.Sprintf(" Company closure days (%d configured) are not business days either.", len(c.closures))
	}
	if c.Kind == CalendarSevenDay {
		return Step{Text: "Business days follow the SEVEN_DAY calendar: the employer is open every day, so weekends and holidays count as business days." + extra, Citation: citeCalendar}
	}
	return Step{Text: "Business days follow the US_FED calendar: Monday to Friday, excluding federal holidays as observed under 5 U.S.C. 6103. Whether holidays are excluded is a Cadre assumption; an employer open on weekends or holidays should use the SEVEN_DAY calendar." + extra, Citation: citeCalendar}
}

// businessDeadline computes trigger + n business days and explains it.
func (c BusinessCalendar) businessDeadline(what string, trigger date.Date, n int, cite string) (date.Date, Step) {
	due, skipped := c.addBusinessDays(trigger, n)
	text := fmt.Sprintf("%s: %d business days after %s (%s), not counting that day itself, is %s (%s).",
		what, n, trigger, trigger.Weekday(), due, due.Weekday())
	if len(skipped) > 0 {
		text += " Skipped non-business days: " + strings.Join(skipped, ", ") + "."
	}
	return due, Step{Text: text, Citation: cite}
}

// calendarDeadline computes trigger + n calendar days (RULES.md C1) and,
// only when roll is true, moves a deadline that lands on a non-business
// day to the next business day.
func (c BusinessCalendar) calendarDeadline(what string, trigger date.Date, n int, roll bool, cite string) (date.Date, Step) {
	due := trigger.AddDays(n)
	text := fmt.Sprintf("%s: %d calendar days after %s is %s (%s). The day of %s is day 0; weekends and holidays are counted.",
		what, n, trigger, due, due.Weekday(), trigger)
	if roll {
		if next := c.NextBusinessDay(due); !next.Equal(due) {
			text += fmt.Sprintf(" Because roll_forward is set, the deadline moves to the next business day, %s (%s).", next, next.Weekday())
			due = next
		}
	} else {
		text += " A deadline on a weekend or holiday is not moved (no source found provides a roll-forward; set roll_forward to apply one)."
	}
	return due, Step{Text: text, Citation: cite}
}
