package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
)

// InsightFilterIn is the dashboard's filter.
type InsightFilterIn struct {
	From      string `query:"from" format:"date" doc:"Start of the period (moved to the first of its month). Default: eleven months before the month of to"`
	To        string `query:"to" format:"date" doc:"Last day of the period. Default: today"`
	OrgUnitID int64  `query:"org_unit_id" doc:"An org unit within your scope. Default: all of your scope"`
	JobFamily string `query:"job_family" doc:"Only this job family"`
}

func (in InsightFilterIn) filter() (insights.Filter, kit.FieldErrors) {
	f := kit.FieldErrors{}
	return insights.Filter{From: parseDate(f, "from", in.From), To: parseDate(f, "to", in.To), OrgUnitID: in.OrgUnitID, JobFamily: in.JobFamily}, f
}

// InsightPeopleIn selects the people behind a number.
type InsightPeopleIn struct {
	InsightFilterIn
	Kind   string `query:"kind" required:"true" enum:"headcount,hires,separations,voluntary,involuntary,regretted"`
	Month  string `query:"month" doc:"A month of the period (YYYY-MM): only that month"`
	Limit  int    `query:"limit" doc:"At most 500 (the default)"`
	Offset int    `query:"offset"`
}

// InsightPeopleOut is a page of the people behind a number.
type InsightPeopleOut struct {
	Items []insights.Person `json:"items"`
	Total int               `json:"total"`
}

func (a *API) registerInsights(h huma.API) {
	huma.Register(h, op("get-insights-dashboard", http.MethodGet, "/insights/dashboard", "The executive dashboard: headcount and FTE by month, hires and separations, turnover (voluntary, involuntary, regretted; by the rules engine's SHRM method), breakdowns by org unit, job family and tenure, new-hire retention, span of control and layers, compliance health", "Insights", access.InsightsView), func(ctx context.Context, in *InsightFilterIn) (*body[insights.Dashboard], error) {
		f, fe := in.filter()
		if err := fe.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		d, err := a.Insights.Dashboard(ctx, actor(ctx), f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.Dashboard]{d}, nil
	})
	huma.Register(h, op("list-insights-people", http.MethodGet, "/insights/people", "The people behind a number of the dashboard: employed on the last day, hires, separations (all, voluntary, involuntary, regretted), optionally in one month", "Insights", access.InsightsView), func(ctx context.Context, in *InsightPeopleIn) (*body[InsightPeopleOut], error) {
		f, fe := in.filter()
		if err := fe.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		rows, total, err := a.Insights.People(ctx, actor(ctx), f, in.Kind, in.Month, in.Limit, in.Offset)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if rows == nil {
			rows = []insights.Person{}
		}
		return &body[InsightPeopleOut]{InsightPeopleOut{Items: rows, Total: total}}, nil
	})
}

// ForecastIn is a forecast scenario: assumptions that replace the
// defaults for their org units.
type ForecastIn struct {
	OrgUnitID   int64                 `json:"org_unit_id,omitempty" doc:"An org unit within your scope: its children are forecast. Default: your scope"`
	Assumptions []insights.Assumption `json:"assumptions,omitempty"`
}

func (a *API) registerForecastInsights(h huma.API) {
	huma.Register(h, op("get-workforce-forecast", http.MethodGet, "/insights/forecast", "The workforce forecast with its default assumptions: headcount per org unit at the end of this quarter and the next four, from today's headcount, the last 12 months' attrition (rules engine) and the hiring plan", "Insights", access.InsightsView), func(ctx context.Context, in *struct {
		OrgUnitID int64 `query:"org_unit_id"`
	}) (*body[insights.Forecast], error) {
		f, err := a.Insights.Forecast(ctx, actor(ctx), insights.ForecastInput{OrgUnitID: in.OrgUnitID})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.Forecast]{f}, nil
	})
	huma.Register(h, op("evaluate-workforce-forecast", http.MethodPost, "/insights/forecast", "The workforce forecast under your assumptions (attrition, backfill share, growth hires per quarter by org unit); nothing is stored", "Insights", access.InsightsView), func(ctx context.Context, in *body[ForecastIn]) (*body[insights.Forecast], error) {
		fi := insights.ForecastInput{OrgUnitID: in.Body.OrgUnitID, Assume: map[int64]insights.Assumption{}}
		for _, as := range in.Body.Assumptions {
			fi.Assume[as.OrgUnitID] = as
		}
		f, err := a.Insights.Forecast(ctx, actor(ctx), fi)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.Forecast]{f}, nil
	})
}

func (a *API) registerInsightFiles(h huma.API) {
	huma.Register(h, op("get-insights-board-pack", http.MethodGet, "/insights/board-pack", "The dashboard of the filter with the workforce forecast as a PDF for leadership", "Insights", access.InsightsView), func(ctx context.Context, in *InsightFilterIn) (*fileOut, error) {
		f, fe := in.filter()
		if err := fe.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := a.Insights.BoardPack(ctx, actor(ctx), f, a.Employer(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/pdf", ContentDisposition: `attachment; filename="board-pack.pdf"`, Body: b}, nil
	})
	huma.Register(h, op("export-insights-dashboard", http.MethodGet, "/insights/export", "Every table of the dashboard as XLSX (a sheet each) or CSV", "Insights", access.InsightsView), func(ctx context.Context, in *struct {
		InsightFilterIn
		Format string `query:"format" enum:"xlsx,csv" default:"xlsx"`
	}) (*fileOut, error) {
		f, fe := in.filter()
		if err := fe.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		d, err := a.Insights.Dashboard(ctx, actor(ctx), f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := kit.WriteSheets(in.Format, d.Tables())
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "text/csv; charset=utf-8"
		if in.Format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="insights.` + in.Format + `"`, Body: b}, nil
	})
}
