package api

import (
	"context"
	"encoding/json"
	"fmt"
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
	huma.Register(h, op("get-insights-domains", http.MethodGet, "/insights/domains", "The dashboard's cross-domain numbers, each as its domain computes it: recruiting (time to fill, cost per hire, hires against plan), employee relations (case rate, spikes), compensation (base payroll, compa-ratio, adjusted pay gap) and benefits (coverages, employer cost); parts you may not see are left out", "Insights", access.InsightsView), func(ctx context.Context, in *InsightFilterIn) (*body[insights.Domains], error) {
		f, fe := in.filter()
		if err := fe.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		d, err := a.Insights.Domains(ctx, actor(ctx), f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.Domains]{d}, nil
	})
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

// SubjectOut is a report subject with the fields the caller may use.
type SubjectOut struct {
	insights.Subject
	Allowed []string `json:"allowed_fields" doc:"The fields you may see over all of your scope"`
}

// SavedReportIn saves a report.
type SavedReportIn struct {
	Name        string        `json:"name" required:"true"`
	Spec        insights.Spec `json:"spec" required:"true"`
	SharedRoles []string      `json:"shared_roles,omitempty" doc:"hr_generalist, hr_manager, hr_director"`
}

// ScheduleIn schedules a report by email.
type ScheduleIn struct {
	Frequency string `json:"frequency" enum:"daily,weekly,monthly"`
	Format    string `json:"format" enum:"csv,xlsx"`
}

type reportFileIn struct {
	ID     int64  `path:"id" minimum:"1"`
	Format string `query:"format" enum:"csv,xlsx,json" default:"json"`
}

func reportFile(res insights.Result, format, name string) (*fileOut, error) {
	b, err := kit.WriteTable(format, "Report", reportLabels(res.Columns), res.Rows)
	if err != nil {
		return nil, err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="` + name + "." + format + `"`, Body: b}, nil
}

func reportLabels(fs []insights.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Label
	}
	return out
}

func (a *API) registerReports(h huma.API) {
	tag := "Reports"
	post := func(id, path, summary string, perm access.Permission) huma.Operation {
		o := op(id, http.MethodPost, path, summary, tag, perm)
		o.DefaultStatus = http.StatusCreated
		return o
	}
	huma.Register(h, op("list-report-subjects", http.MethodGet, "/reports/subjects", "What reports can list, with each subject's fields and which of them you may see", tag, access.ReportsBuild), func(ctx context.Context, _ *struct{}) (*body[Page[SubjectOut]], error) {
		subs, err := a.Insights.ReportSubjects(actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[SubjectOut]{Items: []SubjectOut{}}
		for _, sf := range subs {
			out.Items = append(out.Items, SubjectOut{Subject: sf.Subject, Allowed: sf.Allowed})
		}
		return &body[Page[SubjectOut]]{out}, nil
	})
	huma.Register(h, op("run-report", http.MethodPost, "/reports/run", "Run a report without saving it: rows you may see, columns you may see, at most 1,000 rows (total counts all)", tag, access.ReportsBuild), func(ctx context.Context, in *body[insights.Spec]) (*body[insights.Result], error) {
		res, err := a.Insights.Run(ctx, actor(ctx), in.Body, 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.Result]{res}, nil
	})
	huma.Register(h, op("list-saved-reports", http.MethodGet, "/reports", "Your saved reports and those shared with one of your roles", tag, access.ReportsBuild), func(ctx context.Context, _ *struct{}) (*body[Page[insights.SavedReport]], error) {
		rs, err := a.Insights.SavedReports(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if rs == nil {
			rs = []insights.SavedReport{}
		}
		return &body[Page[insights.SavedReport]]{Page[insights.SavedReport]{Items: rs}}, nil
	})
	roles := func(xs []string) []access.Role {
		out := []access.Role{}
		for _, x := range xs {
			out = append(out, access.Role(x))
		}
		return out
	}
	huma.Register(h, post("save-report", "/reports", "Save a report (checked as it would run for you); share it with HR roles", access.ReportsBuild), func(ctx context.Context, in *body[SavedReportIn]) (*body[IDOut], error) {
		id, err := a.Insights.SaveReport(ctx, actor(ctx), 0, in.Body.Name, in.Body.Spec, roles(in.Body.SharedRoles))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("get-saved-report", http.MethodGet, "/reports/{id}", "A saved report you may open", tag, access.ReportsBuild), func(ctx context.Context, in *idPath) (*body[insights.SavedReport], error) {
		r, err := a.Insights.SavedReport(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[insights.SavedReport]{r}, nil
	})
	huma.Register(h, op("update-saved-report", http.MethodPut, "/reports/{id}", "Change one of your reports", tag, access.ReportsBuild), func(ctx context.Context, in *withBody[SavedReportIn]) (*body[IDOut], error) {
		id, err := a.Insights.SaveReport(ctx, actor(ctx), in.ID, in.Body.Name, in.Body.Spec, roles(in.Body.SharedRoles))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	del := op("delete-saved-report", http.MethodDelete, "/reports/{id}", "Delete one of your reports and its schedules", tag, access.ReportsBuild)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Insights.DeleteReport(ctx, actor(ctx), in.ID))
	})
	huma.Register(h, op("run-saved-report", http.MethodGet, "/reports/{id}/run", "Run a saved report as you (your scope and columns); format csv or xlsx downloads every row", tag, access.ReportsBuild), func(ctx context.Context, in *reportFileIn) (*fileOut, error) {
		limit := 0
		if in.Format != "json" {
			limit = insights.MaxExportRows
		}
		r, res, err := a.Insights.RunSaved(ctx, actor(ctx), in.ID, limit)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if in.Format == "json" {
			b, err := json.Marshal(res)
			if err != nil {
				return nil, err
			}
			return &fileOut{ContentType: "application/json", Body: b}, nil
		}
		out, err := reportFile(res, in.Format, fmt.Sprintf("report-%d", r.ID))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return out, nil
	})
	huma.Register(h, op("list-report-schedules", http.MethodGet, "/reports/{id}/schedules", "Your email schedules of a report", tag, access.ReportsBuild), func(ctx context.Context, in *idPath) (*body[Page[insights.Schedule]], error) {
		scs, err := a.Insights.Schedules(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if scs == nil {
			scs = []insights.Schedule{}
		}
		return &body[Page[insights.Schedule]]{Page[insights.Schedule]{Items: scs}}, nil
	})
	huma.Register(h, post("schedule-report", "/reports/{id}/schedules", "Email a report to yourself daily, weekly or monthly as CSV or XLSX", access.ReportsBuild), func(ctx context.Context, in *withBody[ScheduleIn]) (*body[IDOut], error) {
		id, err := a.Insights.ScheduleReport(ctx, actor(ctx), in.ID, in.Body.Frequency, in.Body.Format)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	unschedule := op("delete-report-schedule", http.MethodDelete, "/reports/{id}/schedules/{schedule}", "Stop one of your schedules", tag, access.ReportsBuild)
	unschedule.DefaultStatus = http.StatusNoContent
	huma.Register(h, unschedule, func(ctx context.Context, in *schedulePath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Insights.Unschedule(ctx, actor(ctx), in.ID, in.Schedule))
	})
}

type schedulePath struct {
	ID       int64 `path:"id" minimum:"1"`
	Schedule int64 `path:"schedule" minimum:"1"`
}
