package rules

import (
	"fmt"
	"testing"
)

func eligBody(periods, extra string) string {
	return fmt.Sprintf(`{"leave_start":"2024-03-01","employment_periods":%s,"hours_worked_12_months":1500,"employees_within_75_miles":80%s}`, periods, extra)
}

func failed(t *testing.T, m map[string]any) string {
	t.Helper()
	s := ""
	for _, x := range field(t, m, "failed_tests").([]any) {
		s += x.(string) + " "
	}
	return s
}

// RULES.md §1.1 (29 CFR 825.110): the three eligibility tests and the
// edges systems get wrong.
func TestFMLAEligibility_RULES1_1(t *testing.T) {
	cases := []struct {
		name, body string
		eligible   bool
		failed     string
		months     float64
	}{
		{"§1.1 1,250 is 'at least' 1,250", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":1250,"employees_within_75_miles":50}`, true, "", 50},
		{"§1.1 1,249.5 hours fails", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":1249.5,"employees_within_75_miles":50}`, false, "hours ", 50},
		{"§1.1 49 employees within 75 miles fails the worksite test", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":2000,"employees_within_75_miles":49}`, false, "worksite ", 50},
		{"§1.1 exactly 12 calendar months on the anniversary", eligBody(`[{"start":"2023-03-01"}]`, ""), true, "", 12},
		{"§1.1 one day short of 12 months", eligBody(`[{"start":"2023-03-02"}]`, ""), false, "months ", 11},
		{"§1.1 (b) 12 months need not be consecutive", eligBody(`[{"start":"2019-01-01","end":"2019-06-30"},{"start":"2023-09-01"}]`, ""), true, "", 12},
		{"§1.1 (b)(1) a break of seven years or more drops earlier service", eligBody(`[{"start":"2010-01-01","end":"2016-06-30"},{"start":"2023-09-01"}]`, ""), false, "months ", 6},
		{"§1.1 (b)(1) a break of exactly seven years (personal) drops earlier service", eligBody(`[{"start":"2016-01-01","end":"2016-08-31"},{"start":"2023-09-01"}]`, ""), false, "months ", 6},
		{"§1.1 (b) a break one day under seven years keeps earlier service", eligBody(`[{"start":"2016-01-01","end":"2016-09-01"},{"start":"2023-09-01"}]`, ""), true, "", 14},
		{"§1.1 (b)(2) USERRA break keeps earlier service", eligBody(`[{"start":"2010-01-01","end":"2014-12-31"},{"start":"2023-09-01"}]`, `,"break_reason":"userra"`), true, "", 66},
		{"§1.1 (b)(2) rehire agreement, break of exactly 7 years: counted (unverified branch)", eligBody(`[{"start":"2016-01-01","end":"2016-08-31"},{"start":"2023-09-01"}]`, `,"break_reason":"rehire_agreement"`), true, "", 14},
		{"§1.1 (c)(2) USERRA hours are credited", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":1000,"userra_hours_credited":250,"employees_within_75_miles":50}`, true, "", 50},
		{"§1.1 (c)(3) FLSA-exempt without hour records: presumed", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"flsa_exempt":true,"hour_records_kept":false,"employees_within_75_miles":50}`, true, "", 50},
		{"§1.1 (c)(3) non-exempt without records is not presumed", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":900,"flsa_exempt":false,"hour_records_kept":false,"employees_within_75_miles":50}`, false, "hours ", 50},
		{"§1.1 all three tests fail", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2024-01-01"}],"hours_worked_12_months":300,"employees_within_75_miles":10}`, false, "months hours worksite ", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "fmla-eligibility", c.body, Settings{})
			wantBool(t, m, "eligible", c.eligible)
			if got := failed(t, m); got != c.failed {
				t.Errorf("failed_tests = %q, want %q", got, c.failed)
			}
			wantNum(t, m, "months_of_service", c.months)
			wantNull(t, m, "eligible_from")
		})
	}
}

func TestFMLAEligibility_RULES1_1_HoursFields(t *testing.T) {
	m, _ := run(t, "fmla-eligibility", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":1000,"userra_hours_credited":250.5,"employees_within_75_miles":50}`, Settings{})
	wantNum(t, m, "hours_credited", 1250.5)
	wantBool(t, m, "hours_presumed", false)
	wantNum(t, m, "employees_within_75_miles", 50)
	m, _ = run(t, "fmla-eligibility", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"flsa_exempt":true,"hour_records_kept":false,"employees_within_75_miles":50}`, Settings{})
	wantBool(t, m, "hours_presumed", true)
	wantNull(t, m, "hours_credited")
}

// RULES.md §1.1 timing (825.110(d)): an employee who reaches 12 months
// during the leave is eligible from that day.
func TestFMLAEligibility_RULES1_1_EligibleDuringLeave(t *testing.T) {
	m, _ := run(t, "fmla-eligibility", `{"leave_start":"2024-03-01","leave_end":"2024-04-30","employment_periods":[{"start":"2023-03-15"}],"hours_worked_12_months":1300,"employees_within_75_miles":60,"notice_date":"2024-02-01"}`, Settings{})
	wantBool(t, m, "eligible", false)
	wantStr(t, m, "eligible_from", "2024-03-15")
	// The anniversary falls after the leave ends: no date.
	m, _ = run(t, "fmla-eligibility", `{"leave_start":"2024-03-01","leave_end":"2024-03-10","employment_periods":[{"start":"2023-03-15"}],"hours_worked_12_months":1300,"employees_within_75_miles":60}`, Settings{})
	wantNull(t, m, "eligible_from")
	// Failing the hours test as well: no date.
	m, _ = run(t, "fmla-eligibility", `{"leave_start":"2024-03-01","leave_end":"2024-04-30","employment_periods":[{"start":"2023-03-15"}],"hours_worked_12_months":1000,"employees_within_75_miles":60}`, Settings{})
	wantNull(t, m, "eligible_from")
}

func TestFMLAEligibility_Validation(t *testing.T) {
	invalid(t, "fmla-eligibility", `{}`, Settings{}, "leave_start", "employment_periods", "hours_worked_12_months", "employees_within_75_miles")
	invalid(t, "fmla-eligibility", eligBody(`[]`, ""), Settings{}, "employment_periods")
	invalid(t, "fmla-eligibility", eligBody(`[{"start":"2020-05-01","end":"2020-04-01"}]`, ""), Settings{}, "employment_periods[0].end")
	invalid(t, "fmla-eligibility", eligBody(`[{"start":"2020-01-01"},{"start":"2021-01-01"}]`, ""), Settings{}, "employment_periods[1].start")
	invalid(t, "fmla-eligibility", eligBody(`[{"end":"2020-01-01"}]`, ""), Settings{}, "employment_periods[0].start")
	invalid(t, "fmla-eligibility", eligBody(`[{"start":"2020-01-01"}]`, `,"break_reason":"vacation"`), Settings{}, "break_reason")
	invalid(t, "fmla-eligibility", eligBody(`[{"start":"2020-01-01"}]`, `,"leave_end":"2024-02-01"`), Settings{}, "leave_end")
	invalid(t, "fmla-eligibility", eligBody(`[{"start":"2020-01-01"}]`, `,"userra_hours_credited":-1`), Settings{}, "userra_hours_credited")
	invalid(t, "fmla-eligibility", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01"}],"hours_worked_12_months":-5,"employees_within_75_miles":-1}`, Settings{}, "hours_worked_12_months", "employees_within_75_miles")
}
