package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// FMLAOut is an employee's FMLA determination: the fmla-eligibility
// result computed from their records, with the entitlement.
type FMLAOut struct {
	Eligible               bool           `json:"eligible"`
	FailedTests            []string       `json:"failed_tests" doc:"Subset of months, hours, worksite"`
	MonthsOfService        int            `json:"months_of_service"`
	HoursCredited          *float64       `json:"hours_credited"`
	HoursPresumed          bool           `json:"hours_presumed"`
	HoursSource            string         `json:"hours_source" enum:"imported,presumed,scheduled" doc:"Where the hours came from: imported hours of service, the FLSA-exempt presumption, or the schedule when no hours were imported"`
	EmployeesWithin75Miles int            `json:"employees_within_75_miles"`
	EligibleFrom           *date.Date     `json:"eligible_from"`
	LeaveStart             date.Date      `json:"leave_start"`
	NoticeDate             date.Date      `json:"notice_date"`
	Entitlement            EntitlementOut `json:"entitlement"`
	Explanation            []rules.Step   `json:"explanation"`
}

// EntitlementOut is the FMLA entitlement as of the leave start.
type EntitlementOut struct {
	Method         string    `json:"method"`
	PeriodStart    date.Date `json:"period_start"`
	PeriodEnd      date.Date `json:"period_end"`
	HoursEntitled  float64   `json:"hours_entitled"`
	HoursUsed      float64   `json:"hours_used"`
	HoursAvailable float64   `json:"hours_available"`
}

func (a *API) registerLeave(h huma.API) {
	huma.Register(h, op("employee-fmla", http.MethodGet, "/employees/{id}/fmla", "FMLA eligibility and entitlement for a leave start, from the employee's own records (employment periods, hours of service, worksite headcount within 75 miles), with the rules engine's explanation", "Leave", access.LeaveFMLAView), func(ctx context.Context, in *struct {
		ID         int64     `path:"id" minimum:"1"`
		LeaveStart date.Date `query:"leave_start" required:"true"`
		NoticeDate date.Date `query:"notice_date" doc:"When the employee gave notice (the 50/75 count is taken then); today by default"`
	}) (*body[FMLAOut], error) {
		d, err := a.Leave.FMLA(ctx, actor(ctx), in.ID, in.LeaveStart, in.NoticeDate)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		el, en := d.Eligibility, d.Entitlement
		out := FMLAOut{Eligible: el.Eligible, FailedTests: el.FailedTests, MonthsOfService: el.MonthsOfService, HoursCredited: el.HoursCredited, HoursPresumed: el.HoursPresumed,
			HoursSource: d.HoursSource, EmployeesWithin75Miles: el.EmployeesWithin75Miles, EligibleFrom: dptr(el.EligibleFrom), LeaveStart: d.LeaveStart, NoticeDate: d.NoticeDate,
			Entitlement: EntitlementOut{Method: en.Method, PeriodStart: en.PeriodStart, PeriodEnd: en.PeriodEnd, HoursEntitled: en.HoursEntitled, HoursUsed: en.HoursUsed, HoursAvailable: en.HoursAvailable}}
		out.Explanation = append(append(append([]rules.Step{}, d.FactSteps...), d.EligibilitySteps...), d.EntitlementSteps...)
		if out.FailedTests == nil {
			out.FailedTests = []string{}
		}
		return &body[FMLAOut]{out}, nil
	})
}
