package rules

import "testing"

// RULES.md §8: ANSI/SHRM 06001.2012 cost-per-hire and its external/internal
// classification.
func TestCostPerHire_RULES8(t *testing.T) {
	m, _ := run(t, "cost-per-hire", `{"hires":10,"costs":[
		{"category":"advertising","amount":4000},
		{"category":"sign_on_bonuses","amount":5000},
		{"category":"employee_referral_awards","amount":1000.5},
		{"category":"recruiting_staff","amount":6000},
		{"category":"management_time","amount":999.5}]}`, Settings{})
	wantNum(t, m, "external_total", 10000.5)
	wantNum(t, m, "internal_total", 6999.5)
	wantNum(t, m, "cost_per_hire", 1700)
	wantNull(t, m, "hire_cost_ratio")
	classes := map[string]string{}
	for _, c := range field(t, m, "classified").([]any) {
		cm := c.(map[string]any)
		classes[cm["category"].(string)] = cm["class"].(string)
	}
	want := map[string]string{"advertising": "external", "sign_on_bonuses": "external", "employee_referral_awards": "external", "recruiting_staff": "internal", "management_time": "internal"}
	for k, v := range want {
		if classes[k] != v {
			t.Errorf("%s classified %q, want %q", k, classes[k], v)
		}
	}
}

// Every contract category has the class CONTRACT.md gives it.
func TestCostPerHire_RULES8_Classification(t *testing.T) {
	external := []string{"advertising", "job_boards", "background_checks", "campus_recruiting", "consulting", "contingency_fees", "drug_testing", "employee_referral_awards", "immigration", "job_fairs", "pre_hire_health_screens", "pre_screening", "rpo_fees", "relocation", "sign_on_bonuses", "sourcing", "candidate_travel", "recruiter_travel", "technology", "third_party_agency_fees"}
	internal := []string{"recruiting_staff", "sourcing_staff", "compliance_overhead", "non_labor_office", "recruiting_learning", "management_time"}
	classes := costClasses()
	if len(classes) != len(external)+len(internal) {
		t.Errorf("%d categories, want %d", len(classes), len(external)+len(internal))
	}
	for _, c := range external {
		if classes[c] != CostExternal {
			t.Errorf("%s: %q", c, classes[c])
		}
	}
	for _, c := range internal {
		if classes[c] != CostInternal {
			t.Errorf("%s: %q", c, classes[c])
		}
	}
}

func TestCostPerHire_RoundingAndRatio(t *testing.T) {
	m, _ := run(t, "cost-per-hire", `{"hires":3,"costs":[{"category":"job_boards","amount":100}],"total_first_year_compensation":150000}`, Settings{})
	wantNum(t, m, "cost_per_hire", 33.33)
	wantNum(t, m, "hire_cost_ratio", 0.0007)
	m, _ = run(t, "cost-per-hire", `{"hires":8,"costs":[{"category":"job_boards","amount":0.2}]}`, Settings{})
	wantNum(t, m, "cost_per_hire", 0.03) // 0.025 rounds half-up
	m, _ = run(t, "cost-per-hire", `{"hires":2,"costs":[]}`, Settings{})
	wantNum(t, m, "cost_per_hire", 0)
}

func TestCostPerHire_Validation(t *testing.T) {
	invalid(t, "cost-per-hire", `{}`, Settings{}, "hires", "costs")
	invalid(t, "cost-per-hire", `{"hires":0,"costs":[]}`, Settings{}, "hires")
	invalid(t, "cost-per-hire", `{"hires":-3,"costs":[]}`, Settings{}, "hires")
	invalid(t, "cost-per-hire", `{"hires":2.5,"costs":[]}`, Settings{}, "hires")
	invalid(t, "cost-per-hire", `{"hires":2,"costs":[{"category":"advertising","amount":1},{"category":"pizza","amount":5}]}`, Settings{}, "costs[1].category")
	invalid(t, "cost-per-hire", `{"hires":2,"costs":[{"category":"advertising","amount":-1}]}`, Settings{}, "costs[0].amount")
	invalid(t, "cost-per-hire", `{"hires":2,"costs":[{"category":"advertising"}]}`, Settings{}, "costs[0].amount")
	invalid(t, "cost-per-hire", `{"hires":2,"costs":{"advertising":1}}`, Settings{}, "costs")
}

// RULES.md §8 / C6: time-to-fill in calendar days, opening day not counted.
func TestTimeToFill_RULES8_C6(t *testing.T) {
	m, _ := run(t, "time-to-fill", `{"requisitions":[
		{"opened":"2024-01-01","offer_accepted":"2024-01-31"},
		{"opened":"2024-02-01","offer_accepted":"2024-03-01"},
		{"opened":"2024-03-04","offer_accepted":"2024-03-04"}]}`, Settings{})
	days := field(t, m, "days").([]any)
	if len(days) != 3 || days[0] != 30.0 || days[1] != 29.0 || days[2] != 0.0 {
		t.Errorf("days = %v, want [30 29 0] (2024 is a leap year)", days)
	}
	wantNum(t, m, "average_days", 19.67)
}

func TestTimeToFill_Validation(t *testing.T) {
	invalid(t, "time-to-fill", `{}`, Settings{}, "requisitions")
	invalid(t, "time-to-fill", `{"requisitions":[]}`, Settings{}, "requisitions")
	invalid(t, "time-to-fill", `{"requisitions":[{"opened":"2024-03-01","offer_accepted":"2024-02-01"}]}`, Settings{}, "requisitions[0].offer_accepted")
	invalid(t, "time-to-fill", `{"requisitions":[{"opened":"2024-03-01"}]}`, Settings{}, "requisitions[0].offer_accepted")
	invalid(t, "time-to-fill", `{"requisitions":[7]}`, Settings{}, "requisitions[0]")
}
