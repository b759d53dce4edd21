package rules

import (
	"fmt"
	"strings"
	"testing"
)

// RULES.md §9: SHRM monthly turnover and annual = sum of monthly rates.
func TestTurnover_RULES9(t *testing.T) {
	m, _ := run(t, "turnover", `{"separations":2,"headcount_start":100,"headcount_end":98}`, Settings{})
	wantNum(t, m, "average_headcount", 99)
	wantNum(t, m, "turnover_pct", 2.02)
	wantNull(t, m, "annual_turnover_pct")

	// Twelve months of 2 separations on a steady 100 headcount: 2% a month,
	// 24% a year (SHRM), not the ~2% JOLTS-style annual average.
	months := make([]string, 12)
	for i := range months {
		months[i] = `{"separations":2,"headcount_start":100,"headcount_end":100}`
	}
	m, _ = run(t, "turnover", fmt.Sprintf(`{"monthly":[%s]}`, strings.Join(months, ",")), Settings{})
	wantNum(t, m, "annual_turnover_pct", 24)
	wantNum(t, m, "turnover_pct", 24)
	wantNum(t, m, "average_headcount", 100)

	// Monthly list: total separations / mean of the monthly averages.
	m, _ = run(t, "turnover", `{"monthly":[{"separations":3,"headcount_start":100,"headcount_end":110},{"separations":1,"headcount_start":110,"headcount_end":90}]}`, Settings{})
	wantNum(t, m, "average_headcount", 102.5)
	wantNum(t, m, "turnover_pct", 3.9)
	wantNum(t, m, "annual_turnover_pct", 3.86) // 3/105 + 1/100 = 2.857% + 1%
}

func TestTurnover_Validation(t *testing.T) {
	invalid(t, "turnover", `{}`, Settings{}, "separations", "headcount_start", "headcount_end")
	invalid(t, "turnover", `{"separations":1.5,"headcount_start":10,"headcount_end":10}`, Settings{}, "separations")
	invalid(t, "turnover", `{"separations":-1,"headcount_start":10,"headcount_end":10}`, Settings{}, "separations")
	invalid(t, "turnover", `{"separations":1,"headcount_start":0,"headcount_end":0}`, Settings{}, "headcount_start")
	invalid(t, "turnover", `{"separations":1,"headcount_start":10,"headcount_end":10,"monthly":[]}`, Settings{}, "monthly")
	invalid(t, "turnover", `{"monthly":[{"separations":1,"headcount_start":10}]}`, Settings{}, "monthly[0].headcount_end")
}
