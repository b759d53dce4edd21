package leave

import (
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestCompute(t *testing.T) {
	d := date.MustParse
	monthly := Policy{Frequency: AccrueMonthly, Hours: 10, CarryoverMax: -1}
	for _, tc := range []struct {
		name string
		p    Policy
		hire string
		asOf string
		uses []Txn
		adj  []Txn
		want float64
		forf float64
	}{
		{"monthly, hire on the 1st, three months", monthly, "2026-01-01", "2026-03-15", nil, nil, 30, 0},
		{"monthly prorated from mid-month", Policy{Frequency: AccrueMonthly, Hours: 10, CarryoverMax: -1, Prorate: true}, "2026-04-16", "2026-05-01", nil, nil, 15, 0},
		{"uses and an adjustment", monthly, "2026-01-01", "2026-06-30", []Txn{{On: d("2026-03-02"), Hours: 16}}, []Txn{{On: d("2026-02-01"), Hours: 4, Note: "correction"}}, 48, 0},
		{"cap stops accrual", Policy{Frequency: AccrueMonthly, Hours: 10, Cap: 25, CarryoverMax: -1}, "2026-01-01", "2026-12-31", nil, nil, 25, 0},
		{"carry-over cut on January 1", Policy{Frequency: AccrueMonthly, Hours: 10, CarryoverMax: 40}, "2025-01-01", "2026-01-01", nil, nil, 50, 80},
		{"carried hours expire when unused", Policy{Frequency: AccrueMonthly, Hours: 10, CarryoverMax: 40, CarryoverExpiresMonths: 3}, "2025-01-01", "2026-04-01", []Txn{{On: d("2026-02-10"), Hours: 16}}, nil, 40, 104},
		{"biweekly from the hire date", Policy{Frequency: AccrueBiweekly, Hours: 4, CarryoverMax: -1}, "2026-01-05", "2026-03-01", nil, nil, 12, 0},
		{"annual front-load prorated", Policy{Frequency: AccrueAnnual, Hours: 120, CarryoverMax: 0, Prorate: true}, "2026-07-10", "2026-08-01", nil, nil, 60, 0},
		{"annual, next year, nothing carried", Policy{Frequency: AccrueAnnual, Hours: 120, CarryoverMax: 0}, "2025-07-10", "2026-01-01", []Txn{{On: d("2025-08-01"), Hours: 20}}, nil, 120, 100},
		{"tenure tier after two years", Policy{Frequency: AccrueMonthly, Hours: 10, Tiers: []Tier{{AfterYears: 2, Hours: 15}}, CarryoverMax: -1}, "2024-03-01", "2026-05-01", nil, nil, 240 + 15*3, 0},
		{"use before the hire is ignored", monthly, "2026-01-01", "2026-01-31", []Txn{{On: d("2025-12-20"), Hours: 8}}, nil, 10, 0},
	} {
		b := Compute(tc.p, d(tc.hire), d(tc.asOf), tc.uses, tc.adj)
		if b.Hours != tc.want || b.Forfeited != tc.forf {
			t.Errorf("%s: balance %v forfeited %v, want %v and %v; ledger %+v", tc.name, b.Hours, b.Forfeited, tc.want, tc.forf, b.Ledger)
		}
		if got := b.Accrued - b.Used + b.Adjusted - b.Forfeited; round2(got) != b.Hours {
			t.Errorf("%s: the parts do not add up: %v", tc.name, b)
		}
	}
}
