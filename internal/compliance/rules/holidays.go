package rules

import (
	"fmt"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Holiday is one US federal legal public holiday. Date is the day it is
// observed by a Monday-Friday employer; LegalDate is the statutory date,
// which differs when the holiday falls on a weekend.
type Holiday struct {
	Date      date.Date `json:"date"`
	Name      string    `json:"name"`
	LegalDate date.Date `json:"legal_date"`
	Observed  bool      `json:"observed"` // true when Date != LegalDate
}

const (
	citeHolidays  = "5 U.S.C. 6103(a)"
	citeSaturday  = "5 U.S.C. 6103(b)(1)"
	citeSunday    = "Executive Order 11582, §3(a)"
	citeInaugural = "5 U.S.C. 6103(c)"
)

// legalHolidays returns the legal public holidays of 5 U.S.C. 6103(a) whose
// statutory date is in year, on their statutory dates. It follows the
// Uniform Monday Holiday Act (in force from 1971): MLK Day from 1986,
// Veterans Day on the fourth Monday of October from 1971 to 1977, and
// Juneteenth from 2021. Inauguration Day (6103(c)) is deliberately left out:
// it is a holiday only for certain federal employees in the Washington, DC
// area, not for a generic business calendar.
func legalHolidays(year int) []Holiday {
	h := func(d date.Date, name string) Holiday { return Holiday{Date: d, Name: name, LegalDate: d} }
	out := []Holiday{h(date.New(year, time.January, 1), "New Year's Day")}
	if year >= 1986 {
		out = append(out, h(nthWeekday(year, time.January, time.Monday, 3), "Birthday of Martin Luther King, Jr."))
	}
	out = append(out,
		h(nthWeekday(year, time.February, time.Monday, 3), "Washington's Birthday"),
		h(lastWeekday(year, time.May, time.Monday), "Memorial Day"))
	if year >= 2021 {
		out = append(out, h(date.New(year, time.June, 19), "Juneteenth National Independence Day"))
	}
	out = append(out,
		h(date.New(year, time.July, 4), "Independence Day"),
		h(nthWeekday(year, time.September, time.Monday, 1), "Labor Day"),
		h(nthWeekday(year, time.October, time.Monday, 2), "Columbus Day"))
	veterans := date.New(year, time.November, 11)
	if year >= 1971 && year <= 1977 {
		veterans = nthWeekday(year, time.October, time.Monday, 4)
	}
	out = append(out,
		h(veterans, "Veterans Day"),
		h(nthWeekday(year, time.November, time.Thursday, 4), "Thanksgiving Day"),
		h(date.New(year, time.December, 25), "Christmas Day"))
	return out
}

// observe moves a weekend holiday to the weekday a Monday-Friday employer
// observes: Saturday to the Friday before, Sunday to the Monday after.
func observe(h Holiday) Holiday {
	switch h.LegalDate.Weekday() {
	case time.Saturday:
		h.Date, h.Observed = h.LegalDate.AddDays(-1), true
	case time.Sunday:
		h.Date, h.Observed = h.LegalDate.AddDays(1), true
	}
	return h
}

// FederalHolidays returns the US federal holidays observed on days of the
// calendar year, in date order. Because a Saturday New Year's Day is
// observed on the Friday before, the list for year Y includes
// Y-12-31 when Y+1 begins on a Saturday, and the list for Y+1 then has no
// New Year's Day (for example 2021-12-31 belongs to 2021, and 2022 has no
// observed New Year's Day).
func FederalHolidays(year int) []Holiday {
	if v, ok := observedByYear.Load(year); ok {
		return append([]Holiday(nil), v.([]Holiday)...)
	}
	out := federalHolidays(year)
	observedByYear.Store(year, out)
	return append([]Holiday(nil), out...)
}

// observedByYear memoises the observed holidays per year: deadline
// arithmetic asks about every day it steps over. The rules stay pure.
var observedByYear sync.Map

func federalHolidays(year int) []Holiday {
	var out []Holiday
	for _, y := range []int{year, year + 1} {
		for _, h := range legalHolidays(y) {
			if h = observe(h); h.Date.Year() == year {
				out = append(out, h)
			}
		}
	}
	return out
}

// FederalHoliday reports whether d is an observed US federal holiday and
// which one.
func FederalHoliday(d date.Date) (Holiday, bool) {
	year := d.Year()
	v, ok := observedByYear.Load(year)
	if !ok {
		v = federalHolidays(year)
		observedByYear.Store(year, v)
	}
	for _, h := range v.([]Holiday) {
		if h.Date.Equal(d) {
			return h, true
		}
	}
	return Holiday{}, false
}

func nthWeekday(year int, m time.Month, wd time.Weekday, n int) date.Date {
	first := date.New(year, m, 1)
	offset := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDays(offset + 7*(n-1))
}

func lastWeekday(year int, m time.Month, wd time.Weekday) date.Date {
	last := date.New(year, m+1, 0)
	back := (int(last.Weekday()) - int(wd) + 7) % 7
	return last.AddDays(-back)
}

// HolidaysFacts are the facts of the "holidays" rule.
type HolidaysFacts struct {
	Year     int    `json:"year"`
	Calendar string `json:"calendar"` // US_FED (default) or SEVEN_DAY
}

// HolidaysResult lists the observed holidays of a calendar year.
type HolidaysResult struct {
	Calendar string    `json:"calendar"`
	Holidays []Holiday `json:"holidays"`
}

func (f HolidaysFacts) validate(fe kit.FieldErrors) {
	if f.Year < 1971 || f.Year > 9998 {
		fe.Add("year", "must be a year from 1971 (when the current observance rules began) to 9998")
	}
	if f.Calendar != "" && f.Calendar != CalendarUSFed && f.Calendar != CalendarSevenDay {
		fe.Add("calendar", "must be US_FED or SEVEN_DAY")
	}
}

// Holidays lists the holidays observed in f.Year on the requested calendar:
// the 11 legal public holidays of 5 U.S.C. 6103(a) for US_FED, none for
// SEVEN_DAY (an employer open every day).
func Holidays(f HolidaysFacts) (HolidaysResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return HolidaysResult{}, nil, err
	}
	cal := pick(f.Calendar, CalendarUSFed)
	res := HolidaysResult{Calendar: cal, Holidays: []Holiday{}}
	if cal == CalendarSevenDay {
		return res, []Step{{
			Text:     "The SEVEN_DAY calendar treats every day as a business day, so no holidays are excluded. Use US_FED for a Monday-Friday employer that closes on federal holidays.",
			Citation: "Cadre RULES.md §0 C3",
		}}, nil
	}
	res.Holidays = FederalHolidays(f.Year)
	steps := []Step{
		{Text: "There are 11 legal public holidays: New Year's Day, Birthday of Martin Luther King, Jr. (from 1986), Washington's Birthday, Memorial Day, Juneteenth National Independence Day (from 2021), Independence Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving Day and Christmas Day.", Citation: citeHolidays},
		{Text: "A holiday that falls on a Saturday is observed on the Friday before.", Citation: citeSaturday},
		{Text: "A holiday that falls on a Sunday is observed on the Monday after.", Citation: citeSunday},
		{Text: fmt.Sprintf("The list shows every holiday observed on a day of %d. A New Year's Day that falls on a Saturday is observed on December 31 of the year before, so it appears in the earlier year's list.", f.Year), Citation: citeSaturday},
		{Text: "Inauguration Day is not included: it is a holiday only for certain federal employees in the Washington, DC area. One-off closures by executive order (for example Christmas Eve in some years) are not legal public holidays; add them as company closures instead.", Citation: citeInaugural},
	}
	for _, h := range res.Holidays {
		if h.Observed {
			steps = append(steps, Step{
				Text:     fmt.Sprintf("%s falls on %s, %s, so it is observed on %s, %s.", h.Name, h.LegalDate.Weekday(), h.LegalDate, h.Date.Weekday(), h.Date),
				Citation: observedCite(h),
			})
		}
	}
	return res, steps, nil
}

func observedCite(h Holiday) string {
	if h.LegalDate.Weekday() == time.Saturday {
		return citeSaturday
	}
	return citeSunday
}

func evalHolidays(f *facts, _ Settings) (any, []Step, error) {
	f.require("year")
	hf := HolidaysFacts{Calendar: f.enum("calendar", CalendarUSFed, CalendarSevenDay)}
	if y := f.integer("year"); y != nil {
		hf.Year = *y
	}
	if err := finish(f, hf.validate); err != nil {
		return nil, nil, err
	}
	return call(Holidays(hf))
}

// call adapts a typed rule result to the registry's any.
func call[R any](r R, steps []Step, err error) (any, []Step, error) {
	if err != nil {
		return nil, nil, err
	}
	return r, steps, nil
}
