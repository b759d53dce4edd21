package rules

import "testing"

// RULES.md §1.4 (29 CFR 825.300, 825.305) with conventions C1 and C2.
func TestFMLANotices_RULES1_4(t *testing.T) {
	cases := []struct {
		name, body                                    string
		settings                                      Settings
		eligibility, designation, certification, cure string
	}{
		{"§1.4 5 business days, trigger day not counted (C2): Monday -> next Monday",
			`{"leave_requested_on":"2024-06-03"}`, Settings{}, "2024-06-10", "", "", ""},
		{"§1.4 holiday skipped on US_FED (C3)",
			`{"leave_requested_on":"2024-07-01"}`, Settings{}, "2024-07-09", "", "", ""},
		{"§1.4 SEVEN_DAY counts weekends",
			`{"leave_requested_on":"2024-06-03","business_calendar":"SEVEN_DAY"}`, Settings{}, "2024-06-08", "", "", ""},
		{"§1.4 company default calendar",
			`{"leave_requested_on":"2024-06-03"}`, Settings{BusinessCalendar: CalendarSevenDay}, "2024-06-08", "", "", ""},
		{"§1.4 C2 alternative: count the trigger day (unverified for FMLA)",
			`{"leave_requested_on":"2024-06-03","count_trigger_day":true}`, Settings{}, "2024-06-07", "", "", ""},
		{"§1.4 designation runs from sufficient information, not from the request",
			`{"leave_requested_on":"2024-06-03","sufficient_information_on":"2024-06-20"}`, Settings{}, "2024-06-10", "2024-06-27", "", ""},
		{"§1.4 certification: 15 calendar days, not business days (C1)",
			`{"leave_requested_on":"2024-06-03","certification_requested_on":"2024-06-03"}`, Settings{}, "2024-06-10", "", "2024-06-18", ""},
		{"§1.4 C1: a weekend deadline is not rolled forward",
			`{"leave_requested_on":"2024-06-03","certification_requested_on":"2024-06-07"}`, Settings{}, "2024-06-10", "", "2024-06-22", ""},
		{"§1.4 C1 alternative: roll_forward moves a weekend deadline",
			`{"leave_requested_on":"2024-06-03","certification_requested_on":"2024-06-07","roll_forward":true}`, Settings{}, "2024-06-10", "", "2024-06-24", ""},
		{"§1.4 7 calendar days to cure a deficient certification",
			`{"leave_requested_on":"2024-06-03","certification_requested_on":"2024-06-03","deficiency_notice_on":"2024-06-20"}`, Settings{}, "2024-06-10", "", "2024-06-18", "2024-06-27"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "fmla-notices", c.body, c.settings)
			wantStr(t, m, "eligibility_notice_due", c.eligibility)
			wantStr(t, m, "rights_notice_due", c.eligibility)
			wantStr(t, m, "designation_notice_due", c.designation)
			wantStr(t, m, "certification_due", c.certification)
			wantStr(t, m, "cure_due", c.cure)
		})
	}
}

func TestFMLANotices_Validation(t *testing.T) {
	invalid(t, "fmla-notices", `{}`, Settings{}, "leave_requested_on")
	invalid(t, "fmla-notices", `{"leave_requested_on":"2024-13-01"}`, Settings{}, "leave_requested_on")
	invalid(t, "fmla-notices", `{"leave_requested_on":"2024-06-03","business_calendar":"WEEKDAYS"}`, Settings{}, "business_calendar")
	invalid(t, "fmla-notices", `{"leave_requested_on":"2024-06-03","certification_requested_on":"2024-06-10","deficiency_notice_on":"2024-06-05"}`, Settings{}, "deficiency_notice_on")
	invalid(t, "fmla-notices", `{"leave_requested_on":"2024-06-03","roll_forward":"yes"}`, Settings{}, "roll_forward")
}
