// Package date is a calendar date without a time of day or zone.
package date

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date. The zero value is "no date" (IsZero).
type Date struct {
	t time.Time // always midnight UTC
}

// New returns the date y-m-d, normalising overflow like time.Date.
func New(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// Of returns the civil date of an instant in its own location.
func Of(t time.Time) Date { return New(t.Year(), t.Month(), t.Day()) }

// Parse reads YYYY-MM-DD strictly.
func Parse(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in YYYY-MM-DD form", s)
	}
	return Date{t}, nil
}

// MustParse is Parse for literals in tests and tables; it panics on error.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool          { return d.t.IsZero() }
func (d Date) Year() int             { return d.t.Year() }
func (d Date) Month() time.Month     { return d.t.Month() }
func (d Date) Day() int              { return d.t.Day() }
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }
func (d Date) Time() time.Time       { return d.t }

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Format formats with a time layout.
func (d Date) Format(layout string) string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(layout)
}

func (d Date) AddDays(n int) Date           { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) Before(o Date) bool           { return d.t.Before(o.t) }
func (d Date) After(o Date) bool            { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool            { return d.t.Equal(o.t) }
func (d Date) Compare(o Date) int           { return d.t.Compare(o.t) }
func (d Date) DaysUntil(later Date) int     { return int(later.t.Sub(d.t).Hours() / 24) }
func (d Date) OnOrBefore(o Date) bool       { return !d.t.After(o.t) }
func (d Date) OnOrAfter(o Date) bool        { return !d.t.Before(o.t) }
func (d Date) Between(a, b Date) bool       { return d.OnOrAfter(a) && d.OnOrBefore(b) }
func (d Date) YearDay() int                 { return d.t.YearDay() }
func (d Date) FirstOfMonth() Date           { return New(d.Year(), d.Month(), 1) }
func (d Date) IsWeekend() bool              { w := d.Weekday(); return w == time.Saturday || w == time.Sunday }
func (d Date) Sub(o Date) (days int)        { return o.DaysUntil(d) }
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// AddMonths adds calendar months, clamping to the last day of the target
// month when the day does not exist (RULES.md convention C4).
func (d Date) AddMonths(n int) Date {
	y, m := d.Year(), int(d.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := daysIn(y, time.Month(m+1))
	day := d.Day()
	if day > last {
		day = last
	}
	return New(y, time.Month(m+1), day)
}

// AddYears adds calendar years with the same clamping as AddMonths.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// DaysInMonth returns the number of days in the date's month.
func (d Date) DaysInMonth() int { return daysIn(d.Year(), d.Month()) }

// UnmarshalText parses YYYY-MM-DD; an empty string is the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string in YYYY-MM-DD form")
	}
	return d.UnmarshalText([]byte(s))
}

// Value stores the date as TEXT YYYY-MM-DD (SQLite) or DATE (Postgres
// accepts the same literal); the zero date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads TEXT, []byte or time.Time; NULL is the zero date.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(trimTime(x)))
	case []byte:
		return d.UnmarshalText([]byte(trimTime(string(x))))
	case time.Time:
		*d = New(x.Year(), x.Month(), x.Day())
		return nil
	}
	return fmt.Errorf("date: cannot scan %T", v)
}

func trimTime(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// Min returns the earlier date; a zero date loses.
func Min(a, b Date) Date {
	if a.IsZero() {
		return b
	}
	if b.IsZero() || a.Before(b) {
		return a
	}
	return b
}

// Max returns the later date.
func Max(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}
