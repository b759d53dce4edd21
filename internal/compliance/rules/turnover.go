package rules

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
)

// TurnoverMonth is one month's separations and headcounts.
type TurnoverMonth struct {
	Separations    int `json:"separations"`
	HeadcountStart int `json:"headcount_start"`
	HeadcountEnd   int `json:"headcount_end"`
}

// TurnoverFacts are the facts of the "turnover" rule: either one period
// (Separations, HeadcountStart, HeadcountEnd) or a Monthly list.
type TurnoverFacts struct {
	Separations    *int            `json:"separations"`
	HeadcountStart *int            `json:"headcount_start"`
	HeadcountEnd   *int            `json:"headcount_end"`
	Monthly        []TurnoverMonth `json:"monthly"`
}

// TurnoverResult is the turnover rate.
type TurnoverResult struct {
	Separations           int       `json:"separations"`
	AverageHeadcount      float64   `json:"average_headcount"`
	TurnoverPct           float64   `json:"turnover_pct"`
	AnnualTurnoverPct     *float64  `json:"annual_turnover_pct"`
	AnnualizedTurnoverPct *float64  `json:"annualized_turnover_pct"`
	MonthlyPct            []float64 `json:"monthly_pct"`
}

func (f TurnoverFacts) single() bool {
	return f.Separations != nil || f.HeadcountStart != nil || f.HeadcountEnd != nil
}

func (f TurnoverFacts) validate(fe kit.FieldErrors) {
	if f.Monthly != nil {
		if f.single() {
			fe.Add("monthly", "give either separations with headcount_start and headcount_end, or monthly, not both")
		}
		if len(f.Monthly) == 0 || len(f.Monthly) > 12 {
			fe.Add("monthly", "must list from 1 to 12 months")
		}
		for i, m := range f.Monthly {
			checkTurnover(fe, fmt.Sprintf("monthly[%d].", i), m)
		}
		return
	}
	for _, n := range []struct {
		name string
		v    *int
	}{{"separations", f.Separations}, {"headcount_start", f.HeadcountStart}, {"headcount_end", f.HeadcountEnd}} {
		if n.v == nil {
			fe.Add(n.name, "is required (or give monthly)")
		}
	}
	if f.Separations != nil && f.HeadcountStart != nil && f.HeadcountEnd != nil {
		checkTurnover(fe, "", TurnoverMonth{*f.Separations, *f.HeadcountStart, *f.HeadcountEnd})
	}
}

func checkTurnover(fe kit.FieldErrors, prefix string, m TurnoverMonth) {
	if m.Separations < 0 {
		fe.Add(prefix+"separations", "must not be negative")
	}
	if m.HeadcountStart < 0 {
		fe.Add(prefix+"headcount_start", "must not be negative")
	}
	if m.HeadcountEnd < 0 {
		fe.Add(prefix+"headcount_end", "must not be negative")
	}
	if m.HeadcountStart+m.HeadcountEnd == 0 {
		fe.Add(prefix+"headcount_start", "average headcount is 0, so the turnover rate is undefined")
	}
}

const (
	citeTurnover = "SHRM, \"How to Determine Turnover Rate\""
	citeJOLTS    = "BLS JOLTS definitions (https://www.bls.gov/jlt/jltdef.htm)"
)

func avgHeadcount(m TurnoverMonth) *big.Rat {
	return big.NewRat(int64(m.HeadcountStart+m.HeadcountEnd), 2)
}

// Turnover computes the turnover rate: separations / average headcount x
// 100, where the average is the mean of the start and end headcounts. For
// a monthly list, the annual rate is the sum of the monthly rates (SHRM).
func Turnover(f TurnoverFacts) (TurnoverResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return TurnoverResult{}, nil, err
	}
	hundred := ratInt(100)
	steps := []Step{{Text: "Separations include voluntary and involuntary departures; headcount counts people on the payroll (not FTE), including those on leave, and excludes contractors and agency temps.", Citation: citeTurnover}}
	if f.Monthly == nil {
		m := TurnoverMonth{*f.Separations, *f.HeadcountStart, *f.HeadcountEnd}
		avg := avgHeadcount(m)
		pct := quo(mul(ratInt(m.Separations), hundred), avg)
		r := TurnoverResult{Separations: m.Separations, AverageHeadcount: money(avg), TurnoverPct: money(pct)}
		steps = append(steps, Step{Text: fmt.Sprintf("Average headcount = (%d + %d) / 2 = %s. Turnover = %d / %s x 100 = %s%%.", m.HeadcountStart, m.HeadcountEnd, num(r.AverageHeadcount), m.Separations, num(r.AverageHeadcount), num2(r.TurnoverPct)), Citation: citeTurnover})
		return r, steps, nil
	}
	sumRates, sumAvg := new(big.Rat), new(big.Rat)
	r := TurnoverResult{MonthlyPct: []float64{}}
	for _, m := range f.Monthly {
		avg := avgHeadcount(m)
		rate := quo(mul(ratInt(m.Separations), hundred), avg)
		sumRates, sumAvg = add(sumRates, rate), add(sumAvg, avg)
		r.Separations += m.Separations
		r.MonthlyPct = append(r.MonthlyPct, money(rate))
	}
	n := ratInt(len(f.Monthly))
	meanAvg := quo(sumAvg, n)
	r.AverageHeadcount = money(meanAvg)
	r.TurnoverPct = money(quo(mul(ratInt(r.Separations), hundred), meanAvg))
	steps = append(steps,
		Step{Text: fmt.Sprintf("Each month's rate is its separations divided by the average of its start and end headcount, x 100: %s.", pctList(r.MonthlyPct)), Citation: citeTurnover},
		Step{Text: fmt.Sprintf("Over the %d months: %d separations / mean monthly average headcount %s x 100 = %s%%.", len(f.Monthly), r.Separations, num(r.AverageHeadcount), num2(r.TurnoverPct)), Citation: citeTurnover})
	if len(f.Monthly) > 1 {
		r.AnnualTurnoverPct = ptr(money(sumRates))
		r.AnnualizedTurnoverPct = ptr(money(quo(mul(sumRates, ratInt(12)), n)))
		steps = append(steps, Step{Text: fmt.Sprintf("Annual turnover is the sum of the monthly rates: %s%%. Annualised to 12 months (sum x 12 / %d, a common practice but not a standard): %s%%.", num2(*r.AnnualTurnoverPct), len(f.Monthly), num2(*r.AnnualizedTurnoverPct)), Citation: citeTurnover})
	}
	steps = append(steps, Step{Text: "This is an HR turnover rate. It is not comparable to the BLS JOLTS annual separations rate, which since January 2023 data is an average monthly rate.", Citation: citeJOLTS})
	return r, steps, nil
}

func evalTurnover(f *facts, _ Settings) (any, []Step, error) {
	t := TurnoverFacts{Separations: f.integer("separations"), HeadcountStart: f.integer("headcount_start"), HeadcountEnd: f.integer("headcount_end")}
	if items, ok := f.objects("monthly"); ok {
		t.Monthly = []TurnoverMonth{}
		for _, it := range items {
			it.require("separations", "headcount_start", "headcount_end")
			var m TurnoverMonth
			for _, p := range []struct {
				name string
				dst  *int
			}{{"separations", &m.Separations}, {"headcount_start", &m.HeadcountStart}, {"headcount_end", &m.HeadcountEnd}} {
				if v := it.integer(p.name); v != nil {
					*p.dst = *v
				}
			}
			t.Monthly = append(t.Monthly, m)
		}
	}
	if err := finish(f, t.validate); err != nil {
		return nil, nil, err
	}
	return call(Turnover(t))
}

func pctList(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = num2(x) + "%"
	}
	return strings.Join(parts, ", ")
}
