package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
)

// ForecastQuarterOut is one quarter of a department's forecast.
type ForecastQuarterOut struct {
	Quarter  int     `json:"quarter"`
	Past     bool    `json:"past" doc:"The quarter is over: exits are what happened"`
	Planned  int     `json:"planned" doc:"Growth hires in the plan"`
	Exits    float64 `json:"exits" doc:"Projected separations (actual for a past quarter)"`
	Needs    int     `json:"needs" doc:"Hires needed: planned + exits, rounded up"`
	Approved int     `json:"approved" doc:"Openings on approved requisitions starting in the quarter"`
}

// ForecastOut is a department's hiring forecast.
type ForecastOut struct {
	OrgUnitID   int64                `json:"org_unit_id"`
	Name        string               `json:"name"`
	Headcount   int                  `json:"headcount" doc:"Active today"`
	Separations int                  `json:"separations_12m"`
	TurnoverPct float64              `json:"turnover_pct" doc:"Annual turnover over the last 12 months (SHRM: the sum of the monthly rates)"`
	Why         []rules.Step         `json:"why"`
	Quarters    []ForecastQuarterOut `json:"quarters"`
	Total       ForecastQuarterOut   `json:"total"`
}

func quarterOut(q hiring.ForecastQuarter) ForecastQuarterOut {
	return ForecastQuarterOut{Quarter: q.Quarter, Past: q.Past, Planned: q.Planned, Exits: q.Exits, Needs: q.Needs, Approved: q.Approved}
}

func (a *API) registerForecast(h huma.API) {
	huma.Register(h, op("get-hiring-forecast", http.MethodGet, "/hiring-plan/forecast", "Hires needed per department and quarter: the plan's growth hires plus the separations turnover predicts", "Recruiting", access.HiringPlanView), func(ctx context.Context, in *struct {
		Year int `query:"year" doc:"Default: this year"`
	}) (*body[Page[ForecastOut]], error) {
		year := in.Year
		if year == 0 {
			year = timeNow().Year()
		}
		rows, err := a.Hiring.Forecast(ctx, actor(ctx), year)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ForecastOut]{Items: []ForecastOut{}}
		for _, r := range rows {
			o := ForecastOut{OrgUnitID: r.OrgUnitID, Name: r.Name, Headcount: r.Headcount, Separations: r.Separations, TurnoverPct: r.TurnoverPct, Why: r.Why, Total: quarterOut(r.Total)}
			if o.Why == nil {
				o.Why = []rules.Step{}
			}
			for _, q := range r.Quarters {
				o.Quarters = append(o.Quarters, quarterOut(q))
			}
			out.Items = append(out.Items, o)
		}
		return &body[Page[ForecastOut]]{out}, nil
	})
}
