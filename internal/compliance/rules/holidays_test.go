package rules

import (
	"strings"
	"testing"
)

func holidayDates(year int) []string {
	var out []string
	for _, h := range FederalHolidays(year) {
		out = append(out, h.Date.String())
	}
	return out
}

// RULES.md §3: the 11 legal public holidays and the observance rule, checked
// against OPM's published federal holiday tables.
func TestHolidays_RULES3_OPMTables(t *testing.T) {
	cases := map[int]string{
		2020: "2020-01-01 2020-01-20 2020-02-17 2020-05-25 2020-07-03 2020-09-07 2020-10-12 2020-11-11 2020-11-26 2020-12-25",
		2021: "2021-01-01 2021-01-18 2021-02-15 2021-05-31 2021-06-18 2021-07-05 2021-09-06 2021-10-11 2021-11-11 2021-11-25 2021-12-24 2021-12-31",
		2022: "2022-01-17 2022-02-21 2022-05-30 2022-06-20 2022-07-04 2022-09-05 2022-10-10 2022-11-11 2022-11-24 2022-12-26",
		2023: "2023-01-02 2023-01-16 2023-02-20 2023-05-29 2023-06-19 2023-07-04 2023-09-04 2023-10-09 2023-11-10 2023-11-23 2023-12-25",
		2024: "2024-01-01 2024-01-15 2024-02-19 2024-05-27 2024-06-19 2024-07-04 2024-09-02 2024-10-14 2024-11-11 2024-11-28 2024-12-25",
		2025: "2025-01-01 2025-01-20 2025-02-17 2025-05-26 2025-06-19 2025-07-04 2025-09-01 2025-10-13 2025-11-11 2025-11-27 2025-12-25",
		2027: "2027-01-01 2027-01-18 2027-02-15 2027-05-31 2027-06-18 2027-07-05 2027-09-06 2027-10-11 2027-11-11 2027-11-25 2027-12-24 2027-12-31",
		2028: "2028-01-17 2028-02-21 2028-05-29 2028-06-19 2028-07-04 2028-09-04 2028-10-09 2028-11-10 2028-11-23 2028-12-25",
	}
	for year, want := range cases {
		if got := strings.Join(holidayDates(year), " "); got != want {
			t.Errorf("%d:\n got %s\nwant %s", year, got, want)
		}
	}
}

// RULES.md §3 edge case: a Saturday New Year's Day is observed on Dec 31 of
// the previous year (2021-12-31 for 2022, 2027-12-31 for 2028).
func TestHolidays_RULES3_SaturdayNewYearObservedInPreviousYear(t *testing.T) {
	for _, c := range []struct{ day, legal string }{{"2021-12-31", "2022-01-01"}, {"2027-12-31", "2028-01-01"}} {
		h, ok := FederalHoliday(d(c.day))
		if !ok || h.Name != "New Year's Day" || h.LegalDate.String() != c.legal {
			t.Errorf("%s: got %+v %v", c.day, h, ok)
		}
	}
	m, _ := run(t, "holidays", `{"year":2022}`, Settings{})
	for _, h := range field(t, m, "holidays").([]any) {
		if h.(map[string]any)["name"] == "New Year's Day" {
			t.Errorf("2022 lists New Year's Day %v, but it was observed on 2021-12-31", h)
		}
	}
}

func TestHolidays_RULES3_EdgeCases(t *testing.T) {
	notHolidays := map[string]string{
		"2024-11-29": "day after Thanksgiving",
		"2021-01-20": "Inauguration Day (DC area only, 6103(c))",
		"2024-12-24": "Christmas Eve (ad hoc executive-order closures are not 6103 holidays)",
		"2020-06-19": "Juneteenth before 2021",
		"2022-01-01": "Saturday New Year's Day itself (observed the Friday before)",
	}
	for day, why := range notHolidays {
		if _, ok := FederalHoliday(d(day)); ok {
			t.Errorf("%s (%s) must not be a holiday", day, why)
		}
	}
	// Sunday -> Monday (E.O. 11582), Saturday -> Friday (6103(b)).
	for day, name := range map[string]string{"2023-01-02": "New Year's Day", "2020-07-03": "Independence Day", "2021-06-18": "Juneteenth National Independence Day", "1975-10-27": "Veterans Day", "1990-01-15": "Birthday of Martin Luther King, Jr."} {
		if h, ok := FederalHoliday(d(day)); !ok || h.Name != name {
			t.Errorf("%s: got %+v, want %s", day, h, name)
		}
	}
	if _, ok := FederalHoliday(d("1985-01-21")); ok {
		t.Error("MLK Day was first observed in 1986")
	}
}

func TestHolidays_Evaluate(t *testing.T) {
	m, steps := run(t, "holidays", `{"year":2021,"calendar":"US_FED"}`, Settings{})
	hs := field(t, m, "holidays").([]any)
	if len(hs) != 12 {
		t.Fatalf("2021 has %d observed holidays, want 12", len(hs))
	}
	last := hs[11].(map[string]any)
	if last["date"] != "2021-12-31" || last["name"] != "New Year's Day" {
		t.Errorf("last = %v", last)
	}
	if !strings.Contains(steps[len(steps)-1].Text, "2021-12-31") {
		t.Errorf("explanation does not mention the Dec 31 observance: %v", steps)
	}
	m, _ = run(t, "holidays", `{"year":2024,"calendar":"SEVEN_DAY"}`, Settings{})
	if hs := field(t, m, "holidays").([]any); len(hs) != 0 {
		t.Errorf("SEVEN_DAY holidays = %v", hs)
	}
	invalid(t, "holidays", `{}`, Settings{}, "year")
	invalid(t, "holidays", `{"year":"2024"}`, Settings{}, "year")
	invalid(t, "holidays", `{"year":2024.5}`, Settings{}, "year")
	invalid(t, "holidays", `{"year":1900}`, Settings{}, "year")
	invalid(t, "holidays", `{"year":2024,"calendar":"UK"}`, Settings{}, "calendar")
}

func TestHolidays_AllObservedOnWeekdays(t *testing.T) {
	for y := 1971; y <= 2100; y++ {
		hs := FederalHolidays(y)
		if len(hs) < 8 || len(hs) > 12 {
			t.Errorf("%d: %d holidays", y, len(hs))
		}
		for _, h := range hs {
			if h.Date.IsWeekend() || h.Date.Year() != y {
				t.Errorf("%d: %+v", y, h)
			}
		}
	}
}
