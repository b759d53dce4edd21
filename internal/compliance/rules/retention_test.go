package rules

import "testing"

// RULES.md §10: federal minimum retention periods.
func TestRetention_RULES10(t *testing.T) {
	cases := []struct{ name, body, until, rule string }{
		{"§10 FLSA payroll: 3 years from last entry", `{"record":"flsa_payroll","last_entry":"2024-03-15"}`, "2027-03-15", "29 CFR 516.5"},
		{"§10 FLSA time cards: 2 years from last entry", `{"record":"flsa_time_card","last_entry":"2024-03-15"}`, "2026-03-15", "29 CFR 516.6"},
		{"§10 FMLA records: 3 years", `{"record":"fmla","created":"2024-03-15"}`, "2027-03-15", "29 CFR 825.500(b)"},
		{"§10 FMLA records: from the later of created and last entry", `{"record":"fmla","created":"2024-03-15","last_entry":"2024-09-01"}`, "2027-09-01", "29 CFR 825.500(b)"},
		{"§10 I-9: later of hire + 3 years and termination + 1 year", `{"record":"i9","hire_date":"2020-01-15","termination_date":"2024-03-01"}`, "2025-03-01", "8 CFR 274a.2(b)(2)(i)(A)"},
		{"§10 I-9 while employed: indefinite", `{"record":"i9","hire_date":"2020-01-15"}`, "", "8 CFR 274a.2(b)(2)(i)(A)"},
		{"§10 EEOC: 1 year from the LATER of record and action", `{"record":"eeoc_personnel","record_made":"2024-01-10","action_date":"2024-02-20"}`, "2025-02-20", "29 CFR 1602.14"},
		{"§10 EEOC: involuntary termination, 1 year from termination", `{"record":"eeoc_personnel","record_made":"2023-01-10","involuntary":true,"termination_date":"2024-05-31"}`, "2025-05-31", "29 CFR 1602.14"},
		{"§10 EEOC: charge pending suspends destruction (no date)", `{"record":"eeoc_personnel","record_made":"2023-01-10","charge_filed":true}`, "", "29 CFR 1602.14"},
		{"§10 EEOC: charge filed (as a date) and finally disposed of", `{"record":"eeoc_personnel","record_made":"2023-01-10","charge_filed":"2023-06-01","charge_final_disposition":"2025-08-15"}`, "2025-08-15", "29 CFR 1602.14"},
		{"§10 contractor with 150+ employees and $150,000+: 2 years", `{"record":"federal_contractor_personnel","record_made":"2024-01-10","employees":150,"contract_value":150000}`, "2026-01-10", "41 CFR 60-1.12(a)"},
		{"§10 smaller contractor: 1 year", `{"record":"federal_contractor_personnel","record_made":"2024-01-10","employees":149,"contract_value":1000000}`, "2025-01-10", "41 CFR 60-1.12(a)"},
		{"§10 contractor size unknown: the longer 2 years", `{"record":"federal_contractor_personnel","action_date":"2024-01-10"}`, "2026-01-10", "41 CFR 60-1.12(a)"},
		{"§10 OSHA 300: 5 years after the end of the calendar year", `{"record":"osha_300","calendar_year":2023}`, "2028-12-31", "29 CFR 1904.33(a)"},
		{"§10 C4 leap day: 3 years after Feb 29 clamps to Feb 28 (unverified)", `{"record":"flsa_payroll","last_entry":"2024-02-29"}`, "2027-02-28", "29 CFR 516.5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "retention", c.body, Settings{})
			wantStr(t, m, "retain_until", c.until)
			wantStr(t, m, "rule", c.rule)
		})
	}
}

func TestRetention_Validation(t *testing.T) {
	invalid(t, "retention", `{}`, Settings{}, "record")
	invalid(t, "retention", `{"record":"tax"}`, Settings{}, "record")
	invalid(t, "retention", `{"record":"i9"}`, Settings{}, "hire_date")
	invalid(t, "retention", `{"record":"i9","hire_date":"2024-01-01","termination_date":"2023-01-01"}`, Settings{}, "termination_date")
	invalid(t, "retention", `{"record":"flsa_payroll"}`, Settings{}, "last_entry")
	invalid(t, "retention", `{"record":"fmla"}`, Settings{}, "created")
	invalid(t, "retention", `{"record":"eeoc_personnel"}`, Settings{}, "record_made")
	invalid(t, "retention", `{"record":"eeoc_personnel","record_made":"2024-01-01","involuntary":true}`, Settings{}, "termination_date")
	invalid(t, "retention", `{"record":"osha_300"}`, Settings{}, "calendar_year")
	invalid(t, "retention", `{"record":"osha_300","calendar_year":"2023"}`, Settings{}, "calendar_year")
	invalid(t, "retention", `{"record":"eeoc_personnel","record_made":"2024-01-01","charge_filed":"soon"}`, Settings{}, "charge_filed")
}
