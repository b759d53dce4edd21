package rules

import "testing"

// RULES.md §5 (29 CFR 2590.606-1..-4; 29 U.S.C. 1162, 1165; 26 CFR
// 54.4980B-7, -8).
func TestCOBRA_RULES5(t *testing.T) {
	type want struct {
		employer, electionNotice, electionDeadline, premium, qb, general string
		months                                                           float64
	}
	cases := []struct {
		name, body string
		w          want
	}{
		{"§5 DOL model notice: Medicare 8 months before termination -> 36 - 8 = 28 months for the spouse",
			`{"qualifying_event":"termination","qe_date":"2023-09-01","qualified_beneficiary":"spouse","medicare_entitlement_date":"2023-01-01"}`,
			want{employer: "2023-10-01", months: 28}},
		{"§5 Medicare-first: the former employee still gets 18 months",
			`{"qualifying_event":"termination","qe_date":"2023-09-01","qualified_beneficiary":"employee","medicare_entitlement_date":"2023-01-01"}`,
			want{employer: "2023-10-01", months: 18}},
		{"§5 Medicare more than 18 months before: ordinary 18 months",
			`{"qualifying_event":"termination","qe_date":"2023-09-01","qualified_beneficiary":"spouse","medicare_entitlement_date":"2021-01-01"}`,
			want{employer: "2023-10-01", months: 18}},
		{"§5 termination: employer notice 30 days, election notice 14 days after the administrator is notified",
			`{"qualifying_event":"termination","qe_date":"2024-03-15","administrator_notified_on":"2024-04-05"}`,
			want{employer: "2024-04-14", electionNotice: "2024-04-19", months: 18}},
		{"§5 employer is the administrator: 44 days, no separate employer notice",
			`{"qualifying_event":"reduction_in_hours","qe_date":"2024-03-15","employer_is_administrator":true}`,
			want{electionNotice: "2024-04-28", months: 18}},
		{"§5 plan measures from loss of coverage",
			`{"qualifying_event":"termination","qe_date":"2024-03-15","loss_of_coverage_date":"2024-03-31","measure_from_loss_of_coverage":true,"employer_is_administrator":true}`,
			want{electionNotice: "2024-05-14", months: 18}},
		{"§5 election period: 60 days from the LATER of loss of coverage and notice",
			`{"qualifying_event":"termination","qe_date":"2024-03-15","loss_of_coverage_date":"2024-03-31","election_notice_provided":"2024-04-20"}`,
			want{employer: "2024-04-14", electionDeadline: "2024-06-19", months: 18}},
		{"§5 election period: loss of coverage after the notice",
			`{"qualifying_event":"termination","qe_date":"2024-03-15","loss_of_coverage_date":"2024-05-31","election_notice_provided":"2024-04-20"}`,
			want{employer: "2024-04-14", electionDeadline: "2024-07-30", months: 18}},
		{"§5 initial premium: 45 days after the election",
			`{"qualifying_event":"termination","qe_date":"2024-03-15","election_date":"2024-05-01"}`,
			want{employer: "2024-04-14", premium: "2024-06-15", months: 18}},
		{"§5 general notice: 90 days after plan coverage begins",
			`{"qualifying_event":"death","qe_date":"2024-03-15","coverage_begins":"2024-01-01"}`,
			want{employer: "2024-04-14", general: "2024-03-31", months: 36}},
		{"§5 divorce: 60-day notice from the latest of QE, loss and being informed; 36 months",
			`{"qualifying_event":"divorce","qe_date":"2024-03-15","loss_of_coverage_date":"2024-03-31","informed_of_obligation_date":"2024-02-01"}`,
			want{qb: "2024-05-30", months: 36}},
		{"§5 loss of dependent status: informed late",
			`{"qualifying_event":"loss_of_dependent_status","qe_date":"2024-03-15","informed_of_obligation_date":"2024-04-10","administrator_notified_on":"2024-05-01"}`,
			want{qb: "2024-06-09", electionNotice: "2024-05-15", months: 36}},
		{"§5 Medicare entitlement of the employee: 36 months for dependants",
			`{"qualifying_event":"medicare_entitlement","qe_date":"2024-03-15"}`,
			want{employer: "2024-04-14", months: 36}},
		{"§5 SSA disability extension: 29 months, notice within 60 days and within the first 18 months",
			`{"qualifying_event":"ssa_disability_extension","qe_date":"2023-01-15","disability_determination_date":"2024-07-01"}`,
			want{qb: "2024-07-14", months: 29}},
		{"§5 C1: a Sunday deadline is not rolled forward",
			`{"qualifying_event":"termination","qe_date":"2024-03-02"}`,
			want{employer: "2024-04-01", months: 18}},
		{"§5 C1 alternative: roll_forward moves a weekend deadline to Monday",
			`{"qualifying_event":"termination","qe_date":"2024-03-01","roll_forward":true}`,
			want{employer: "2024-04-01", months: 18}},
		{"§5 SSA disability extension: ordinary 60-day notice",
			`{"qualifying_event":"ssa_disability_extension","qe_date":"2023-01-15","disability_determination_date":"2023-06-01"}`,
			want{qb: "2023-07-31", months: 29}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "cobra-deadlines", c.body, Settings{})
			wantStr(t, m, "employer_notice_due", c.w.employer)
			wantStr(t, m, "election_notice_due", c.w.electionNotice)
			wantStr(t, m, "election_deadline", c.w.electionDeadline)
			wantStr(t, m, "initial_premium_due", c.w.premium)
			wantStr(t, m, "qb_notice_due", c.w.qb)
			wantStr(t, m, "general_notice_due", c.w.general)
			wantNum(t, m, "max_coverage_months", c.w.months)
		})
	}
}

func TestCOBRA_Validation(t *testing.T) {
	invalid(t, "cobra-deadlines", `{}`, Settings{}, "qualifying_event", "qe_date")
	invalid(t, "cobra-deadlines", `{"qualifying_event":"resignation","qe_date":"2024-01-01"}`, Settings{}, "qualifying_event")
	invalid(t, "cobra-deadlines", `{"qualifying_event":"termination","qe_date":"2024-01-01","measure_from_loss_of_coverage":true}`, Settings{}, "loss_of_coverage_date")
	invalid(t, "cobra-deadlines", `{"qualifying_event":"termination","qe_date":"2024-01-01","qualified_beneficiary":"cousin"}`, Settings{}, "qualified_beneficiary")
	invalid(t, "cobra-deadlines", `{"qualifying_event":"termination","qe_date":"2024-01-01","employer_is_administrator":"no"}`, Settings{}, "employer_is_administrator")
}
