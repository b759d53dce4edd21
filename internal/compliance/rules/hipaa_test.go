package rules

import "testing"

// RULES.md §4 (29 CFR 2590.701-6; ERISA 701(f)(3)).
func TestHIPAA_RULES4(t *testing.T) {
	cases := []struct {
		name, body          string
		right               bool
		deadline, effective string
	}{
		{"§4 loss of coverage: 30 days, not 31 or one month",
			`{"event":"loss_of_other_coverage","event_date":"2023-01-31","request_received":"2023-02-15"}`, true, "2023-03-02", "2023-03-01"},
		{"§4 loss of coverage: first of the month after the request is received",
			`{"event":"loss_of_other_coverage","event_date":"2024-05-10","request_received":"2024-05-20","loss_reason":"loss_of_eligibility"}`, true, "2024-06-09", "2024-06-01"},
		{"§4 request received on the 1st: coverage starts the 1st of the next month",
			`{"event":"marriage","event_date":"2024-05-10","request_received":"2024-06-01"}`, true, "2024-06-09", "2024-07-01"},
		{"§4 request received on the deadline day is timely",
			`{"event":"marriage","event_date":"2024-05-10","request_received":"2024-06-09"}`, true, "2024-06-09", "2024-07-01"},
		{"§4 late request: no coverage date",
			`{"event":"marriage","event_date":"2024-05-10","request_received":"2024-06-10"}`, true, "2024-06-09", ""},
		{"§4 birth: coverage on the date of birth",
			`{"event":"birth","event_date":"2024-05-10","request_received":"2024-06-01"}`, true, "2024-06-09", "2024-05-10"},
		{"§4 birth: coverage date known before the request",
			`{"event":"birth","event_date":"2024-05-10"}`, true, "2024-06-09", "2024-05-10"},
		{"§4 adoption: coverage on the date of adoption",
			`{"event":"adoption","event_date":"2024-02-15","request_received":"2024-03-01"}`, true, "2024-03-16", "2024-02-15"},
		{"§4 placement for adoption: coverage on the date of placement",
			`{"event":"placement_for_adoption","event_date":"2024-02-15","request_received":"2024-03-01"}`, true, "2024-03-16", "2024-02-15"},
		{"§4 Medicaid/CHIP: Jan 31 + 60 days = Apr 1 in a non-leap year, not Mar 31",
			`{"event":"medicaid_chip_loss","event_date":"2023-01-31","request_received":"2023-03-31"}`, true, "2023-04-01", "2023-04-01"},
		{"§4 premium assistance eligibility: 60 days",
			`{"event":"medicaid_chip_eligibility","event_date":"2024-01-31","request_received":"2024-02-10"}`, true, "2024-03-31", "2024-03-01"},
		{"§4 Medicaid/CHIP effective date alternative (unverified): event date",
			`{"event":"medicaid_chip_loss","event_date":"2024-01-31","request_received":"2024-02-10","medicaid_chip_effective":"event_date"}`, true, "2024-03-31", "2024-01-31"},
		{"§4 loss for non-payment of premium gives no right",
			`{"event":"loss_of_other_coverage","event_date":"2024-05-10","request_received":"2024-05-20","loss_reason":"nonpayment_of_premium"}`, false, "", ""},
		{"§4 loss for cause (fraud) gives no right",
			`{"event":"loss_of_other_coverage","event_date":"2024-05-10","loss_reason":"fraud"}`, false, "", ""},
		{"§4 C1: no roll-forward of a Saturday deadline",
			`{"event":"marriage","event_date":"2024-05-02"}`, true, "2024-06-01", ""},
		{"§4 C1 alternative: roll_forward",
			`{"event":"marriage","event_date":"2024-05-02","roll_forward":true}`, true, "2024-06-03", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "hipaa-special-enrollment", c.body, Settings{})
			wantBool(t, m, "special_enrollment_right", c.right)
			wantStr(t, m, "request_deadline", c.deadline)
			wantStr(t, m, "coverage_effective", c.effective)
		})
	}
}

func TestHIPAA_Validation(t *testing.T) {
	invalid(t, "hipaa-special-enrollment", `{}`, Settings{}, "event", "event_date")
	invalid(t, "hipaa-special-enrollment", `{"event":"divorce","event_date":"2024-01-01"}`, Settings{}, "event")
	invalid(t, "hipaa-special-enrollment", `{"event":"marriage","event_date":"2024-01-01","loss_reason":"moved"}`, Settings{}, "loss_reason")
	invalid(t, "hipaa-special-enrollment", `{"event":"marriage","event_date":20240101}`, Settings{}, "event_date")
	invalid(t, "hipaa-special-enrollment", `{"event":"medicaid_chip_loss","event_date":"2024-01-01","medicaid_chip_effective":"whenever"}`, Settings{}, "medicaid_chip_effective")
}
