package rules

import "testing"

// RULES.md §6: EEO-1 two-question race/ethnicity mapping.
func TestEEO1Race_RULES6(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"§6 Hispanic or Latino regardless of race", `{"hispanic_or_latino":true,"races":["White","Black or African American"]}`, "Hispanic or Latino"},
		{"§6 Hispanic or Latino with no race", `{"hispanic_or_latino":true}`, "Hispanic or Latino"},
		{"§6 one race", `{"hispanic_or_latino":false,"races":["Asian"]}`, "Asian"},
		{"§6 two races -> Two or More Races", `{"hispanic_or_latino":false,"races":["White","American Indian or Alaska Native"]}`, "Two or More Races"},
		{"§6 duplicate race is one race", `{"hispanic_or_latino":false,"races":["White","white"]}`, "White"},
		{"§6 snake_case OMB name", `{"hispanic_or_latino":false,"races":["native_hawaiian_or_other_pacific_islander"]}`, "Native Hawaiian or Other Pacific Islander"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "eeo1-race-ethnicity", c.body, Settings{})
			wantStr(t, m, "category", c.want)
		})
	}
	invalid(t, "eeo1-race-ethnicity", `{}`, Settings{}, "hispanic_or_latino")
	invalid(t, "eeo1-race-ethnicity", `{"hispanic_or_latino":false,"races":[]}`, Settings{}, "races")
	invalid(t, "eeo1-race-ethnicity", `{"hispanic_or_latino":false,"races":["Martian"]}`, Settings{}, "races[0]")
	invalid(t, "eeo1-race-ethnicity", `{"hispanic_or_latino":false,"races":["Middle Eastern or North African"]}`, Settings{}, "races[0]")
	invalid(t, "eeo1-race-ethnicity", `{"hispanic_or_latino":"no","races":["White"]}`, Settings{}, "hispanic_or_latino")
}

// RULES.md §6: who files and the Q4 workforce snapshot.
func TestEEO1Filing_RULES6(t *testing.T) {
	cases := []struct {
		name, body string
		must       bool
		snapshot   any
	}{
		{"§6 100 employees must file", `{"employees":100,"federal_contractor":false}`, true, nil},
		{"§6 99 employees, not a contractor", `{"employees":99,"federal_contractor":false}`, false, nil},
		{"§6 contractor with 50 employees and a $50,000 contract", `{"employees":50,"federal_contractor":true,"contract_value":50000}`, true, nil},
		{"§6 contractor with a $49,999 contract", `{"employees":60,"federal_contractor":true,"contract_value":49999}`, false, nil},
		{"§6 contractor with 49 employees", `{"employees":49,"federal_contractor":true,"contract_value":1000000}`, false, nil},
		{"§6 depository of federal funds with 50 employees", `{"employees":50,"federal_contractor":false,"federal_funds_depository":true}`, true, nil},
		{"§6 snapshot in November is valid", `{"employees":150,"federal_contractor":false,"reporting_year":2024,"snapshot_start":"2024-11-04","snapshot_end":"2024-11-17"}`, true, true},
		{"§6 snapshot in September (pre-2017 window) is not valid", `{"employees":150,"federal_contractor":false,"reporting_year":2024,"snapshot_start":"2024-09-02","snapshot_end":"2024-09-15"}`, true, false},
		{"§6 snapshot straddling September/October is not wholly in Q4", `{"employees":150,"federal_contractor":false,"snapshot_start":"2024-09-23","snapshot_end":"2024-10-06"}`, true, false},
		{"§6 snapshot in a different year from the reporting year", `{"employees":150,"federal_contractor":false,"reporting_year":2023,"snapshot_start":"2024-11-04","snapshot_end":"2024-11-17"}`, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "eeo1-filing", c.body, Settings{})
			wantBool(t, m, "must_file", c.must)
			if c.snapshot == nil {
				wantNull(t, m, "snapshot_valid")
			} else {
				wantBool(t, m, "snapshot_valid", c.snapshot.(bool))
			}
		})
	}
	invalid(t, "eeo1-filing", `{}`, Settings{}, "employees", "federal_contractor")
	invalid(t, "eeo1-filing", `{"employees":-1,"federal_contractor":false}`, Settings{}, "employees")
	invalid(t, "eeo1-filing", `{"employees":60,"federal_contractor":true}`, Settings{}, "contract_value")
	invalid(t, "eeo1-filing", `{"employees":150,"federal_contractor":false,"snapshot_start":"2024-11-17","snapshot_end":"2024-11-04"}`, Settings{}, "snapshot_end")
	invalid(t, "eeo1-filing", `{"employees":150,"federal_contractor":false,"snapshot_start":"2024-11-17"}`, Settings{}, "snapshot_end")
}
