package insights

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PlanLine is a line of the hiring plan: growth hires planned for an org
// unit in a quarter, and how many of them are hired.
type PlanLine struct {
	OrgUnitID int64
	Path      string
	Year      int
	Quarter   int
	Headcount int
	Filled    int
}

// PlanSource reads the hiring plan of a year as the actor may see it
// (the recruiting domain's plan; the app wires it).
type PlanSource func(ctx context.Context, a access.Actor, year int) ([]PlanLine, error)

// SetPlanSource wires the hiring plan into the forecast.
func (s *Service) SetPlanSource(p PlanSource) { s.plan = p }

// Assumption is what the forecast assumes for an org unit; the defaults
// come from the last twelve months and the hiring plan, and each can be
// changed to try a scenario.
type Assumption struct {
	OrgUnitID    int64   `json:"org_unit_id"`
	AttritionPct float64 `json:"attrition_pct" doc:"Annual attrition (default: the unit's annualized turnover over the last 12 months, by the rules engine)"`
	BackfillPct  float64 `json:"backfill_pct" doc:"Share of leavers replaced (default 100)"`
	Growth       [5]int  `json:"growth" doc:"Growth hires for the rest of this quarter and each of the next four (default: the hiring plan; for this quarter, what is not hired yet)"`
}

// ForecastStep is one quarter of a unit's projection.
type ForecastStep struct {
	Label     string    `json:"label"` // "2027 Q1"
	End       date.Date `json:"end"`
	Start     float64   `json:"headcount_start"`
	Exits     float64   `json:"exits"`
	Backfills float64   `json:"backfills"`
	Growth    int       `json:"growth"`
	Headcount float64   `json:"headcount_end"`
}

// ForecastRow is a unit's projection with its assumptions.
type ForecastRow struct {
	OrgUnitID   int64          `json:"org_unit_id"`
	Name        string         `json:"name"`
	Headcount   int            `json:"headcount_today"`
	TurnoverPct float64        `json:"turnover_last_12_months_pct"`
	Why         []rules.Step   `json:"why,omitempty"`
	Assume      Assumption     `json:"assumptions"`
	Defaults    Assumption     `json:"defaults"`
	Steps       []ForecastStep `json:"quarters"`
}

// Forecast is the workforce forecast: from today's headcount to the end
// of this quarter, then four quarters.
type Forecast struct {
	Today  date.Date      `json:"today"`
	Scope  string         `json:"scope"`
	Rows   []ForecastRow  `json:"units"`
	Total  []ForecastStep `json:"total"`
	Labels []string       `json:"quarters"`
}

// ForecastInput narrows the forecast to an org unit and overrides
// assumptions by unit.
type ForecastInput struct {
	OrgUnitID int64
	Assume    map[int64]Assumption
}

// Forecast projects headcount per org unit (one level below the view's
// root) to the end of this quarter and the four after it: each quarter
// loses the unit's annual attrition ÷ 4 of its headcount (this quarter
// only for the days left), replaces the backfill share of the leavers
// and adds the planned growth hires. The assumptions are shown and can
// be overridden per unit. Requires insights.view. Errors: KindInvalid
// (an assumption, keyed "<field>.<org_unit_id>[.<step>]"),
// KindForbidden, KindNotFound.
func (s *Service) Forecast(ctx context.Context, a access.Actor, in ForecastInput) (Forecast, error) {
	d, err := s.Dashboard(ctx, a, Filter{OrgUnitID: in.OrgUnitID})
	if err != nil {
		return Forecast{}, err
	}
	today := s.Today()
	steps := forecastSteps(today)
	fc := Forecast{Today: today, Scope: d.Scope}
	for _, st := range steps {
		fc.Labels = append(fc.Labels, st.label)
	}
	// The plan's growth per unit and step: this quarter's unfilled
	// remainder, then each quarter's planned headcount.
	units, err := s.store.InsightUnits(ctx)
	if err != nil {
		return fc, err
	}
	path := map[int64]string{}
	for _, u := range units {
		path[u.ID] = u.Path
	}
	growth := map[int64][5]int{}
	if s.plan != nil {
		byYear := map[int][]PlanLine{}
		for _, st := range steps {
			if _, ok := byYear[st.year]; ok {
				continue
			}
			lines, err := s.plan(ctx, a, st.year)
			if err != nil && kitForbidden(err) {
				lines, err = nil, nil
			}
			if err != nil {
				return fc, fmt.Errorf("hiring plan: %w", err)
			}
			byYear[st.year] = lines
		}
		for _, b := range d.ByUnit {
			var g [5]int
			for i, st := range steps {
				for _, l := range byYear[st.year] {
					if l.Quarter == st.quarter && hasPrefix(l.Path, path[b.OrgUnitID]) {
						if i == 0 {
							// This quarter: what is planned and not hired yet.
							g[i] += max(0, l.Headcount-l.Filled)
						} else {
							g[i] += l.Headcount
						}
					}
				}
			}
			growth[b.OrgUnitID] = g
		}
	}
	fe := kit.FieldErrors{}
	total := make([]ForecastStep, len(steps))
	for _, b := range d.ByUnit {
		def := Assumption{OrgUnitID: b.OrgUnitID, AttritionPct: b.TurnoverPct, BackfillPct: 100, Growth: growth[b.OrgUnitID]}
		as := def
		if o, ok := in.Assume[b.OrgUnitID]; ok {
			as = o
			as.OrgUnitID = b.OrgUnitID
			checkAssumption(fe, as)
		}
		row := ForecastRow{OrgUnitID: b.OrgUnitID, Name: b.Name, Headcount: b.Headcount, TurnoverPct: b.TurnoverPct, Assume: as, Defaults: def}
		hc := float64(b.Headcount)
		for i, st := range steps {
			g := as.Growth[i]
			exits := round1(hc * as.AttritionPct / 100 / 4 * st.fraction)
			back := round1(exits * as.BackfillPct / 100)
			step := ForecastStep{Label: st.label, End: st.end, Start: round1(hc), Exits: exits, Backfills: back, Growth: g}
			hc = math.Max(0, hc-exits+back+float64(g))
			step.Headcount = round1(hc)
			row.Steps = append(row.Steps, step)
			t := &total[i]
			t.Label, t.End = st.label, st.end
			t.Start, t.Exits, t.Backfills, t.Growth, t.Headcount = round1(t.Start+step.Start), round1(t.Exits+exits), round1(t.Backfills+back), t.Growth+g, round1(t.Headcount+step.Headcount)
		}
		fc.Rows = append(fc.Rows, row)
	}
	if err := fe.Err(); err != nil {
		return fc, err
	}
	fc.Total = total
	return fc, nil
}

func kitForbidden(err error) bool { return kit.KindOf(err) == kit.KindForbidden }

func hasPrefix(s, p string) bool { return p != "" && len(s) >= len(p) && s[:len(p)] == p }

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// checkAssumption refuses what cannot be: attrition outside 0–200% a
// year, a backfill share outside 0–100%, a growth beyond ±100,000.
func checkAssumption(fe kit.FieldErrors, as Assumption) {
	id := fmt.Sprint(as.OrgUnitID)
	if math.IsNaN(as.AttritionPct) || as.AttritionPct < 0 || as.AttritionPct > 200 {
		fe.Add("attrition."+id, "Enter an annual attrition from 0 to 200%")
	}
	if math.IsNaN(as.BackfillPct) || as.BackfillPct < 0 || as.BackfillPct > 100 {
		fe.Add("backfill."+id, "Enter a share from 0 to 100%")
	}
	for i, g := range as.Growth {
		if g < -100000 || g > 100000 {
			fe.Add(fmt.Sprintf("growth.%s.%d", id, i), "Enter a whole number of hires (negative for reductions)")
		}
	}
}

type step struct {
	label         string
	year, quarter int
	end           date.Date
	fraction      float64 // of a quarter's attrition
}

// forecastSteps: the rest of this quarter (its days left over the
// quarter's days), then the next four quarters.
func forecastSteps(today date.Date) []step {
	q := (int(today.Month())-1)/3 + 1
	start := date.New(today.Year(), time.Month(3*q-2), 1)
	end := start.AddMonths(3).AddDays(-1)
	out := []step{{label: fmt.Sprintf("%d Q%d (rest)", today.Year(), q), year: today.Year(), quarter: q, end: end,
		fraction: float64(today.DaysUntil(end)) / float64(start.DaysUntil(end)+1)}}
	for i := 1; i <= 4; i++ {
		s := start.AddMonths(3 * i)
		qq := (int(s.Month())-1)/3 + 1
		out = append(out, step{label: fmt.Sprintf("%d Q%d", s.Year(), qq), year: s.Year(), quarter: qq, end: s.AddMonths(3).AddDays(-1), fraction: 1})
	}
	return out
}
