package demo

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// writeMarket imports this year's market survey for the main jobs (two
// surveys: a professional one dated January 1 and a retail and
// warehouse one dated last April, so aging shows) and matches most jobs
// to it, a few as partial matches.
func (g *gen) writeMarket(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) (int, error) {
	px, ok := ts.(interface{ Market() market.Store })
	if !ok {
		return 0, nil
	}
	st := px.Market()
	jan := date.New(g.today.Year(), time.January, 1)
	apr := date.New(g.today.Year()-1, time.April, 1)
	at := jan.AddDays(20).Time().Add(14 * time.Hour)
	type src struct {
		name string
		on   date.Date
		id   int64
	}
	pro := &src{name: "Northstar Professional Pay Survey", on: jan}
	ops := &src{name: "Regional Retail & Warehouse Pay Survey", on: apr}
	n := 0
	for i := range g.jobList {
		j := g.jobList[i]
		s := pro
		if j.hourly() {
			s = ops
		}
		if s.id == 0 {
			var err error
			if s.id, err = st.InsertMarketImport(ctx, strings.ToLower(strings.ReplaceAll(s.name, " ", "-"))+".xlsx", 0, users[pCompensation], at); err != nil {
				return n, err
			}
		}
		// The market median sits around the grade midpoint (±8%), the
		// other percentiles at the usual distances from it.
		mid := float64(j.g.min+j.g.max) / 2 * (0.92 + 0.16*g.rng.Float64())
		if s == ops {
			mid /= math.Pow(1.03, float64(apr.DaysUntil(g.today))/365.25)
		}
		r := func(f float64) int64 { return int64(math.Round(mid*f/10000)) * 10000 }
		p := market.Point{Source: s.name, JobCode: fmt.Sprintf("%s-%03d", strings.ToUpper(j.family[:min(3, len(j.family))]), 100+i), JobTitle: j.title, Currency: "USD", EffectiveOn: s.on,
			P25: r(0.88), P50: r(1), P75: r(1.13), P90: r(1.27)}
		if err := st.UpsertMarketPoint(ctx, s.id, p); err != nil {
			return n, err
		}
		n++
		// Most jobs are matched; a few only partly, and one in ten not yet.
		switch {
		case i%10 == 7:
		case i%10 == 3:
			err := st.SaveMarketMatch(ctx, market.Match{JobID: j.id, Source: s.name, JobCode: p.JobCode, WeightBP: 9500}, users[pCompensation], at)
			if err != nil {
				return n, err
			}
		default:
			if err := st.SaveMarketMatch(ctx, market.Match{JobID: j.id, Source: s.name, JobCode: p.JobCode, WeightBP: 10000}, users[pCompensation], at); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
