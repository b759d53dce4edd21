package hiring

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Span is a group of employment periods with the same org unit, start
// and end (end zero: still employed), for turnover history.
type Span struct {
	OrgPath string
	Start   date.Date
	End     date.Date
	Count   int
}

// Opening is an approved requisition's openings in a quarter.
type Opening struct {
	OrgPath     string
	TargetStart date.Date
	Headcount   int
}

// ForecastQuarter is one quarter of a department's forecast.
type ForecastQuarter struct {
	Quarter  int
	Past     bool    // ended before today: Exits are what happened
	Planned  int     // growth hires in the plan
	Exits    float64 // projected separations (actual for a past quarter)
	Needs    int     // hires needed: planned + exits, rounded up
	Approved int     // openings on approved requisitions starting in the quarter
}

// ForecastRow is a department's hiring forecast for a year.
type ForecastRow struct {
	OrgUnitID   int64
	Name        string
	OrgPath     string
	Headcount   int     // active today
	Separations int     // in the last 12 months
	TurnoverPct float64 // annual turnover over the last 12 months (SHRM: sum of monthly rates)
	Why         []rules.Step
	Quarters    [4]ForecastQuarter
	Total       ForecastQuarter
}

// Forecast projects each department's hiring needs for a year: the
// plan's growth hires plus the separations its turnover of the last 12
// months predicts (the rules engine's SHRM turnover rate, spread evenly
// over the quarters, on today's headcount); a quarter already over shows
// the separations that happened instead. Requires hiring.plan.view;
// departments outside the actor's scope are left out.
func (s *Service) Forecast(ctx context.Context, a access.Actor, year int) ([]ForecastRow, error) {
	if err := access.Require(a, access.HiringPlanView, access.CompanyTarget); err != nil {
		return nil, err
	}
	today := date.Of(s.now())
	from := date.New(today.Year(), today.Month(), 1).AddMonths(-12)
	yearStart := date.New(year, time.January, 1)
	if yearStart.Before(from) {
		from = yearStart
	}
	units, err := s.store.ListOrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	spans, err := s.store.EmploymentSpans(ctx, from)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.ListPlanLines(ctx, year)
	if err != nil {
		return nil, err
	}
	openings, err := s.store.ApprovedOpenings(ctx, year)
	if err != nil {
		return nil, err
	}
	var out []ForecastRow
	for _, u := range units {
		if u.Depth != 1 || !access.Can(a, access.HiringPlanView, access.Target{OrgPath: u.Path, EmployeeID: -1}) {
			continue
		}
		row := ForecastRow{OrgUnitID: u.ID, Name: u.Name, OrgPath: u.Path}
		in := func(path string) bool { return strings.HasPrefix(path, u.Path) }
		var mine []Span
		for _, sp := range spans {
			if in(sp.OrgPath) {
				mine = append(mine, sp)
			}
		}
		headcount := func(d date.Date) int {
			n := 0
			for _, sp := range mine {
				if !sp.Start.After(d) && (sp.End.IsZero() || !sp.End.Before(d)) {
					n += sp.Count
				}
			}
			return n
		}
		exits := func(a, b date.Date) int { // separations with a <= end <= b
			n := 0
			for _, sp := range mine {
				if !sp.End.IsZero() && !sp.End.Before(a) && !sp.End.After(b) {
					n += sp.Count
				}
			}
			return n
		}
		row.Headcount = headcount(today)
		// The last 12 full months.
		var months []rules.TurnoverMonth
		start := date.New(today.Year(), today.Month(), 1).AddMonths(-12)
		for m := 0; m < 12; m++ {
			ms := start.AddMonths(m)
			me := ms.AddMonths(1).AddDays(-1)
			tm := rules.TurnoverMonth{Separations: exits(ms, me), HeadcountStart: headcount(ms), HeadcountEnd: headcount(me)}
			if tm.HeadcountStart+tm.HeadcountEnd == 0 {
				continue // the department did not exist yet
			}
			months = append(months, tm)
			row.Separations += tm.Separations
		}
		annual := 0.0
		if len(months) > 0 {
			res, why, err := rules.Turnover(rules.TurnoverFacts{Monthly: months})
			if err != nil {
				return nil, err
			}
			row.Why = why
			switch {
			case res.AnnualizedTurnoverPct != nil && len(months) < 12:
				annual = *res.AnnualizedTurnoverPct
			case res.AnnualTurnoverPct != nil:
				annual = *res.AnnualTurnoverPct
			default:
				annual = res.TurnoverPct * 12 // one month of history
			}
		}
		row.TurnoverPct = annual
		for q := 1; q <= 4; q++ {
			qs := date.New(year, time.Month(3*q-2), 1)
			qe := qs.AddMonths(3).AddDays(-1)
			fq := ForecastQuarter{Quarter: q, Past: qe.Before(today)}
			for _, l := range lines {
				if l.Quarter == q && in(l.OrgPath) {
					fq.Planned += l.Headcount
				}
			}
			if fq.Past {
				fq.Exits = float64(exits(qs, qe))
			} else {
				fq.Exits = math.Round(float64(row.Headcount)*annual/4) / 100
			}
			fq.Needs = fq.Planned + int(math.Ceil(fq.Exits-1e-9))
			for _, o := range openings {
				if in(o.OrgPath) && !o.TargetStart.Before(qs) && !o.TargetStart.After(qe) {
					fq.Approved += o.Headcount
				}
			}
			row.Quarters[q-1] = fq
			row.Total.Planned += fq.Planned
			row.Total.Exits += fq.Exits
			row.Total.Needs += fq.Needs
			row.Total.Approved += fq.Approved
		}
		out = append(out, row)
	}
	return out, nil
}
