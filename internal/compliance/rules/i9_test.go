package rules

import (
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

// RULES.md §2 worked examples and edge cases for Form I-9.
func TestI9_RULES2_Section2(t *testing.T) {
	cases := []struct {
		name, body, section2, everify string
		receipts                      bool
	}{
		{"§2 M-274: Monday start -> Thursday (not Wednesday)", `{"first_day_of_employment":"2024-06-03"}`, "2024-06-06", "2024-06-06", true},
		{"§2 Independence Day skipped on US_FED", `{"first_day_of_employment":"2024-07-01"}`, "2024-07-05", "2024-07-05", true},
		{"§2 SEVEN_DAY employer counts weekends and holidays", `{"first_day_of_employment":"2024-07-03","business_calendar":"SEVEN_DAY"}`, "2024-07-06", "2024-07-06", true},
		{"§2 Friday start on US_FED -> Wednesday", `{"first_day_of_employment":"2024-06-07"}`, "2024-06-12", "2024-06-12", true},
		{"§2 employment under 3 business days: Section 2 on day 1, no receipts; E-Verify still day 3", `{"first_day_of_employment":"2024-06-03","expected_employment_business_days":2}`, "2024-06-03", "2024-06-06", false},
		{"§2 employment of exactly 3 business days uses the 3-day rule", `{"first_day_of_employment":"2024-06-03","expected_employment_business_days":3}`, "2024-06-06", "2024-06-06", true},
		{"§2 year boundary: 2021-12-31 observed New Year's Day", `{"first_day_of_employment":"2021-12-29"}`, "2022-01-04", "2022-01-04", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "i9-deadlines", c.body, Settings{})
			wantStr(t, m, "section2_due", c.section2)
			wantStr(t, m, "everify_case_due", c.everify)
			wantBool(t, m, "receipts_acceptable", c.receipts)
		})
	}
}

func TestI9_RULES2_SettingsCalendarAndOverride(t *testing.T) {
	s := Settings{BusinessCalendar: CalendarSevenDay}
	m, _ := run(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-07"}`, s)
	wantStr(t, m, "section2_due", "2024-06-10")
	m, _ = run(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-07","business_calendar":"US_FED"}`, s)
	wantStr(t, m, "section2_due", "2024-06-12")
	m, _ = run(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03"}`, Settings{Closures: []date.Date{d("2024-06-04")}})
	wantStr(t, m, "section2_due", "2024-06-07")
}

func TestI9_RULES2_Section1(t *testing.T) {
	m, _ := run(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","offer_accepted_on":"2024-05-20"}`, Settings{})
	wantStr(t, m, "section1_due", "2024-06-03")
	wantStr(t, m, "section1_earliest", "2024-05-20")
	m, _ = run(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03"}`, Settings{})
	wantNull(t, m, "section1_earliest", "reverify_by", "retain_until")
	wantBool(t, m, "reverification_required", false)
}

func TestI9_RULES2_Reverification(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"§2 earlier of Section 1 authorization and List A/C expiry", `{"first_day_of_employment":"2024-06-03","work_authorization_expires":"2025-09-30","documents":[{"type":"employment_authorization_card","expires":"2025-08-31"}]}`, "2025-08-31"},
		{"§2 Section 1 expiry earlier than document", `{"first_day_of_employment":"2024-06-03","work_authorization_expires":"2025-01-15","documents":[{"type":"foreign_passport_with_i94","expires":"2026-01-01"}]}`, "2025-01-15"},
		{"§2 List C DHS employment authorization document", `{"first_day_of_employment":"2024-06-03","documents":[{"type":"drivers_license","expires":"2025-01-01"},{"type":"dhs_employment_authorization_document","expires":"2026-03-01"}]}`, "2026-03-01"},
		{"§2 never reverify U.S. passports", `{"first_day_of_employment":"2024-06-03","documents":[{"type":"us_passport","expires":"2025-01-01"}]}`, ""},
		{"§2 never reverify the permanent resident card", `{"first_day_of_employment":"2024-06-03","documents":[{"type":"permanent_resident_card","expires":"2025-01-01"}]}`, ""},
		{"§2 never reverify List B documents", `{"first_day_of_employment":"2024-06-03","documents":[{"type":"drivers_license","expires":"2025-01-01"},{"type":"social_security_card"}]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "i9-deadlines", c.body, Settings{})
			wantStr(t, m, "reverify_by", c.want)
			wantBool(t, m, "reverification_required", c.want != "")
		})
	}
}

// RULES.md §2 retention: later of 3 years after hire and 1 year after
// termination (M-274 §10.0 calculator); none while employed.
func TestI9_RULES2_Retention(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"§2 short tenure: 3 years after hire is later", `{"first_day_of_employment":"2020-01-15","termination_date":"2021-06-30"}`, "2023-01-15"},
		{"§2 long tenure: 1 year after termination is later", `{"first_day_of_employment":"2020-01-15","termination_date":"2024-03-01"}`, "2025-03-01"},
		{"§2 hire_date overrides first day", `{"first_day_of_employment":"2020-01-15","hire_date":"2020-01-20","termination_date":"2020-02-01"}`, "2023-01-20"},
		{"§2 C4 (unverified) leap day clamps to Feb 28", `{"first_day_of_employment":"2020-02-29","termination_date":"2020-03-15"}`, "2023-02-28"},
		{"§2 still employed: kept indefinitely", `{"first_day_of_employment":"2020-01-15"}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "i9-deadlines", c.body, Settings{})
			wantStr(t, m, "retain_until", c.want)
		})
	}
}

func TestI9_Validation(t *testing.T) {
	invalid(t, "i9-deadlines", `{}`, Settings{}, "first_day_of_employment")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-02-30"}`, Settings{}, "first_day_of_employment")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","termination_date":"2024-06-01"}`, Settings{}, "termination_date")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","offer_accepted_on":"2024-06-04"}`, Settings{}, "offer_accepted_on")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","business_calendar":"MON_SAT"}`, Settings{}, "business_calendar")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","expected_employment_business_days":0}`, Settings{}, "expected_employment_business_days")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03","documents":[{"type":"us_passport"},{"type":"library_card"},{}]}`, Settings{}, "documents[1].type", "documents[2].type")
	invalid(t, "i9-deadlines", `{"first_day_of_employment":"2024-06-03"}`, Settings{BusinessCalendar: "BOGUS"}, "business_calendar")
}
