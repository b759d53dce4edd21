package rules

import (
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"pgregory.net/rapid"
)

// RULES.md §0 C2 and C3: Monday + 3 business days = Thursday (the start day
// is not counted); holidays are skipped on US_FED, not on SEVEN_DAY.
func TestCalendar_RULES0_C2_C3(t *testing.T) {
	fed := NewBusinessCalendar(CalendarUSFed, nil)
	seven := NewBusinessCalendar(CalendarSevenDay, nil)
	closed := NewBusinessCalendar(CalendarUSFed, []date.Date{d("2024-06-05")})
	cases := []struct {
		name string
		cal  BusinessCalendar
		from string
		n    int
		want string
	}{
		{"C2 Monday->Thursday", fed, "2024-06-03", 3, "2024-06-06"},
		{"C2 Friday start skips weekend", fed, "2024-06-07", 3, "2024-06-12"},
		{"C3 US_FED skips Independence Day", fed, "2024-07-01", 3, "2024-07-05"},
		{"C3 SEVEN_DAY counts the weekend", seven, "2024-06-07", 3, "2024-06-10"},
		{"C3 SEVEN_DAY counts holidays", seven, "2024-07-03", 1, "2024-07-04"},
		{"year boundary: 2021-12-31 is New Year's Day 2022 observed", fed, "2021-12-30", 1, "2022-01-03"},
		{"year boundary: Christmas and New Year 2022/2023", fed, "2022-12-23", 5, "2023-01-03"},
		{"company closure skipped", closed, "2024-06-03", 3, "2024-06-07"},
		{"zero days", fed, "2024-06-08", 0, "2024-06-08"},
	}
	for _, c := range cases {
		if got := c.cal.AddBusinessDays(d(c.from), c.n).String(); got != c.want {
			t.Errorf("%s: %s + %d = %s, want %s", c.name, c.from, c.n, got, c.want)
		}
	}
	if got := fed.NextBusinessDay(d("2024-08-31")).String(); got != "2024-09-03" {
		t.Errorf("next business day after Labor Day weekend = %s", got)
	}
}

// Property: on US_FED a business-day deadline is never a weekend or a
// holiday, is after the start, and exactly n business days are counted.
func TestCalendar_PropertyDeadlineIsBusinessDay(t *testing.T) {
	fed := NewBusinessCalendar(CalendarUSFed, nil)
	rapid.Check(t, func(rt *rapid.T) {
		start := date.New(1990, time.January, 1).AddDays(rapid.IntRange(0, 365*60).Draw(rt, "offset"))
		n := rapid.IntRange(1, 30).Draw(rt, "n")
		due := fed.AddBusinessDays(start, n)
		if due.IsWeekend() {
			rt.Fatalf("%s + %d = %s, a weekend", start, n, due)
		}
		if h, ok := FederalHoliday(due); ok {
			rt.Fatalf("%s + %d = %s, %s", start, n, due, h.Name)
		}
		count := 0
		for x := start.AddDays(1); !x.After(due); x = x.AddDays(1) {
			if fed.IsBusinessDay(x) {
				count++
			}
		}
		if count != n {
			rt.Fatalf("%s + %d = %s spans %d business days", start, n, due, count)
		}
	})
}

// Property: AddMonths never moves by more than the intended months: the
// result is in the target month and never past the original day-of-month.
func TestCalendar_PropertyAddMonths(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		start := date.New(1900, time.January, 1).AddDays(rapid.IntRange(0, 365*300).Draw(rt, "offset"))
		n := rapid.IntRange(-240, 240).Draw(rt, "n")
		got := start.AddMonths(n)
		months := (got.Year()-start.Year())*12 + int(got.Month()) - int(start.Month())
		if months != n {
			rt.Fatalf("%s + %d months = %s (%d months)", start, n, got, months)
		}
		if got.Day() > start.Day() || (got.Day() < start.Day() && got.AddDays(1).Month() == got.Month()) {
			rt.Fatalf("%s + %d months = %s: day not kept or clamped to month end", start, n, got)
		}
	})
}
