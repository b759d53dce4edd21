package payroll

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Pay frequencies.
const (
	Weekly      = "weekly"
	Biweekly    = "biweekly"
	Semimonthly = "semimonthly"
	Monthly     = "monthly"
)

// Frequencies lists the pay frequencies Cadre's calendar knows.
var Frequencies = []string{Weekly, Biweekly, Semimonthly, Monthly}

// PeriodsPerYear is the pay periods in a year at a frequency (26 for
// biweekly, and when the calendar is not set up).
func PeriodsPerYear(frequency string) int {
	switch frequency {
	case Weekly:
		return 52
	case Semimonthly:
		return 24
	case Monthly:
		return 12
	}
	return 26
}

// Calendar is the company's pay calendar: how often it pays and the
// first day of the first pay period Cadre exports (changes effective
// before it are history, never exported).
type Calendar struct {
	Frequency string    `json:"frequency"`
	Start     date.Date `json:"first_period_start"`
}

// Configured reports whether the calendar was set up.
func (c Calendar) Configured() bool { return c.Frequency != "" && !c.Start.IsZero() }

// Period is one pay period, both days included.
type Period struct {
	Start date.Date `json:"start"`
	End   date.Date `json:"end"`
}

// String is "2026-11-02 to 2026-11-15".
func (p Period) String() string { return p.Start.String() + " to " + p.End.String() }

// Contains reports whether d falls in the period.
func (p Period) Contains(d date.Date) bool { return d.Between(p.Start, p.End) }

// Containing returns the pay period that contains d. Weekly and biweekly
// periods count from the calendar's start (also backwards); semimonthly
// periods are the 1st–15th and the 16th–last day; monthly periods are
// calendar months.
func (c Calendar) Containing(d date.Date) Period {
	switch c.Frequency {
	case Weekly, Biweekly:
		n := 7
		if c.Frequency == Biweekly {
			n = 14
		}
		days := c.Start.DaysUntil(d)
		k := days / n
		if days < 0 && days%n != 0 {
			k--
		}
		s := c.Start.AddDays(k * n)
		return Period{s, s.AddDays(n - 1)}
	case Semimonthly:
		if d.Day() <= 15 {
			return Period{d.FirstOfMonth(), date.New(d.Year(), d.Month(), 15)}
		}
		return Period{date.New(d.Year(), d.Month(), 16), date.New(d.Year(), d.Month(), d.DaysInMonth())}
	default:
		return Period{d.FirstOfMonth(), date.New(d.Year(), d.Month(), d.DaysInMonth())}
	}
}

// Next is the period after p.
func (c Calendar) Next(p Period) Period { return c.Containing(p.End.AddDays(1)) }

// Validate checks the calendar: a known frequency and a start that opens
// a period (the 1st or 16th for semimonthly, the 1st for monthly).
func (c *Calendar) Validate() error {
	f := kit.FieldErrors{}
	known := false
	for _, v := range Frequencies {
		known = known || v == c.Frequency
	}
	if !known {
		f.Add("frequency", "Choose weekly, biweekly, semimonthly or monthly")
	}
	if c.Start.IsZero() {
		f.Add("first_period_start", "Enter the first day of the first pay period Cadre exports")
	} else if known && !c.Containing(c.Start).Start.Equal(c.Start) {
		want := "the 1st of a month"
		if c.Frequency == Semimonthly {
			want = "the 1st or the 16th of a month"
		}
		f.Add("first_period_start", fmt.Sprintf("A %s period starts on %s", c.Frequency, want))
	}
	return f.Err()
}
