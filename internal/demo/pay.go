package demo

import (
	"math"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

type payEvent struct {
	d      date.Date
	reason string
	pct    float64
}

// pay writes the stint's pay records: the start, promotions, a merit raise
// each March 1 and the odd market or equity adjustment, worked back from
// the target so that the pay in force last sits where payFor put it.
func (g *gen) pay(p *person, s stint, rows []asgRow) {
	last := g.today
	if !s.end.IsZero() && s.end.Before(last) {
		last = s.end
	}
	evs := []payEvent{{d: s.start, reason: s.reason}}
	var promos []date.Date
	for _, c := range s.changes {
		if c.raise > 0 && !c.d.After(last) {
			evs = append(evs, payEvent{d: c.d, reason: "promotion", pct: c.raise})
			promos = append(promos, c.d)
		}
	}
	taken := func(d date.Date, gap int) bool {
		for _, e := range evs {
			if n := e.d.DaysUntil(d); n < gap && n > -gap {
				return true
			}
		}
		return false
	}
	for y := g.window.Year(); y <= g.today.Year(); y++ {
		m := date.New(y, time.March, 1)
		if !m.After(g.window) || m.After(last) || m.Before(s.start.AddDays(90)) || taken(m, 60) || !g.chance(0.92) {
			continue
		}
		evs = append(evs, payEvent{d: m, reason: "merit", pct: 0.02 + 0.03*(g.rng.Float64()+g.rng.Float64())/2})
	}
	if g.chance(0.03) {
		if d := g.between(date.Max(s.start.AddDays(120), g.window.AddDays(1)), last); !taken(d, 30) && d.After(s.start) {
			reason := "market_adjustment"
			if g.chance(0.4) {
				reason = "equity_adjustment"
			}
			evs = append(evs, payEvent{d: d, reason: reason, pct: 0.04 + 0.04*g.rng.Float64()})
		}
	}
	slices.SortFunc(evs, func(a, b payEvent) int { return a.d.Compare(b.d) })
	amounts := make([]float64, len(evs))
	amounts[len(evs)-1] = s.target
	for i := len(evs) - 1; i > 0; i-- {
		amounts[i-1] = amounts[i] / (1 + evs[i].pct)
	}
	for i, e := range evs {
		job := rows[0].job
		for _, r := range rows {
			if !r.from.After(e.d) {
				job = r.job
			}
		}
		p.pays = append(p.pays, people.PayRecord{EffectiveFrom: e.d, Pay: payAt(job, amounts[i]), Reason: e.reason})
	}
}

// payFor draws the annual-equivalent pay (cents) for a job: mostly inside
// the grade's range, about 5% below it and 5% above it.
func (g *gen) payFor(j *jobDef) float64 {
	lo, hi := float64(j.g.min), float64(j.g.max)
	r := g.rng.Float64()
	var a float64
	switch {
	case r < 0.05:
		return lo * (0.88 + 0.1*g.rng.Float64())
	case r < 0.10:
		return hi * (1.015 + 0.085*g.rng.Float64())
	default:
		a = lo + (hi-lo)*(g.rng.Float64()+g.rng.Float64())/2
	}
	// Inside the range: keep it inside after rounding.
	if j.hourly() {
		rate := math.Min(math.Max(math.Round(a/2080/5)*5, math.Ceil(lo/2080/5)*5), math.Floor(hi/2080/5)*5)
		return rate * 2080
	}
	return math.Min(math.Max(math.Round(a/10000)*10000, math.Ceil(lo/10000)*10000), math.Floor(hi/10000)*10000)
}

// payAt expresses annual-equivalent cents in the job's pay basis: hourly
// rates to 5 cents, salaries to $10.
func payAt(j *jobDef, annual float64) people.Pay {
	if j.hourly() {
		return people.Pay{AmountCents: int64(math.Round(annual/2080/5)) * 5, Per: "hour", Currency: "USD"}
	}
	return people.Pay{AmountCents: int64(math.Round(annual/1000)) * 1000, Per: "year", Currency: "USD"}
}
