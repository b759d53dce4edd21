package hiring

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PeriodMonth counts employment periods of an org unit by the month
// they started ("2026-03"; empty: before the window) and the month they
// ended (empty: still running at the end of today).
type PeriodMonth struct {
	OrgUnitID int64
	Started   string
	Ended     string
	Count     int
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
	key := fmt.Sprintf("forecast|%s|%d|%s", scopeKey(a, access.HiringPlanView), year, date.Of(s.now()))
	v, err := s.cached(ctx, key, func(ctx context.Context) (any, error) { return s.computeForecast(ctx, a, year) })
	if err != nil {
		return nil, err
	}
	return v.([]ForecastRow), nil
}

// computeForecast computes the forecast that Forecast caches.
func (s *Service) computeForecast(ctx context.Context, a access.Actor, year int) ([]ForecastRow, error) {
	today := date.Of(s.now())
	units, err := s.store.ListOrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	// Month buckets from the first of the 12 full months before this one
	// (or January of the year asked, when earlier).
	first := date.New(today.Year(), today.Month(), 1).AddMonths(-12)
	from := first
	if jan := date.New(year, time.January, 1); jan.Before(from) {
		from = jan
	}
	flows, err := s.store.PeriodMonths(ctx, from, today)
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
	paths := make(map[int64]string, len(units))
	for _, u := range units {
		paths[u.ID] = u.Path
	}
	month := func(d date.Date) string { return d.Time().Format("2006-01") }
	var out []ForecastRow
	for _, u := range units {
		if u.Depth != 1 || !access.Can(a, access.HiringPlanView, access.Target{OrgPath: u.Path, EmployeeID: -1}) {
			continue
		}
		row := ForecastRow{OrgUnitID: u.ID, Name: u.Name, OrgPath: u.Path}
		in := func(path string) bool { return strings.HasPrefix(path, u.Path) }
		var mine []PeriodMonth
		for _, f := range flows {
			if in(paths[f.OrgUnitID]) {
				mine = append(mine, f)
			}
		}
		// employedAfter counts who was employed at the end of month m, or
		// with m empty, at the end of the month before the window (those
		// who started before it: every period here ran into the window).
		employedAfter := func(m string) int {
			n := 0
			for _, f := range mine {
				switch {
				case m == "":
					if f.Started == "" {
						n += f.Count
					}
				case (f.Started == "" || f.Started <= m) && (f.Ended == "" || f.Ended > m):
					n += f.Count
				}
			}
			return n
		}
		left := func(m string) int {
			n := 0
			for _, f := range mine {
				if f.Ended == m {
					n += f.Count
				}
			}
			return n
		}
		for _, f := range mine {
			if f.Ended == "" {
				row.Headcount += f.Count
			}
		}
		var months []rules.TurnoverMonth
		prev := "" // the month before the window
		if first.After(from) {
			prev = month(first.AddMonths(-1))
		}
		for m := 0; m < 12; m++ {
			cur := month(first.AddMonths(m))
			tm := rules.TurnoverMonth{Separations: left(cur), HeadcountStart: employedAfter(prev), HeadcountEnd: employedAfter(cur)}
			prev = cur
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
				for k := 0; k < 3; k++ {
					fq.Exits += float64(left(month(qs.AddMonths(k))))
				}
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
