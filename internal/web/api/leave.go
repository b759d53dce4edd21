package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
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
		return &body[FMLAOut]{fmlaOut(d)}, nil
	})
}

// LeaveCaseIn opens an FMLA leave case.
type LeaveCaseIn struct {
	EmployeeID int64     `json:"employee_id,omitempty" doc:"HR: the employee; empty: yourself"`
	Reason     string    `json:"reason" required:"true" enum:"own_health,family_health,birth_bonding,placement,military_exigency,military_caregiver"`
	Schedule   string    `json:"schedule" required:"true" enum:"continuous,intermittent,reduced"`
	Frequency  string    `json:"frequency,omitempty" doc:"Intermittent (required) or reduced schedule: the expected frequency and duration, such as 2 episodes a month, 1 day each"`
	Overtime   float64   `json:"mandatory_overtime_hours,omitempty" doc:"Overtime the employee is normally required to work each week: part of the usual workweek the leave is measured against (29 CFR 825.205(c)); voluntary overtime never counts"`
	StartsOn   date.Date `json:"starts_on" required:"true"`
	EndsOn     date.Date `json:"ends_on,omitempty"`
	NoticeOn   date.Date `json:"notice_on,omitempty" doc:"When the employee told the employer; today by default"`
	Medical    string    `json:"medical_reason,omitempty" doc:"Stored encrypted; shown only to HR with leave.cases.manage"`
}

// LeaveCaseOut is an FMLA leave case.
type LeaveCaseOut struct {
	ID                   int64      `json:"id"`
	EmployeeID           int64      `json:"employee_id"`
	Employee             string     `json:"employee"`
	Reason               string     `json:"reason"`
	Schedule             string     `json:"schedule"`
	Frequency            string     `json:"frequency,omitempty"`
	Overtime             float64    `json:"mandatory_overtime_hours"`
	StartsOn             date.Date  `json:"starts_on"`
	EndsOn               *date.Date `json:"ends_on"`
	NoticeOn             date.Date  `json:"notice_on"`
	Status               string     `json:"status"`
	Eligible             bool       `json:"eligible"`
	FMLA                 *FMLAOut   `json:"fmla,omitempty" doc:"The determination made when the case was opened"`
	EligibilityNoticeDue *date.Date `json:"eligibility_notice_due,omitempty"`
	RightsNoticeDue      *date.Date `json:"rights_notice_due,omitempty"`
	Medical              string     `json:"medical_reason,omitempty"`
	Designation          string     `json:"designation"`
	CertStatus           string     `json:"certification_status"`
	Version              int        `json:"version"`
}

func fmlaOut(d leave.FMLA) FMLAOut {
	el, en := d.Eligibility, d.Entitlement
	out := FMLAOut{Eligible: el.Eligible, FailedTests: el.FailedTests, MonthsOfService: el.MonthsOfService, HoursCredited: el.HoursCredited, HoursPresumed: el.HoursPresumed,
		HoursSource: d.HoursSource, EmployeesWithin75Miles: el.EmployeesWithin75Miles, EligibleFrom: dptr(el.EligibleFrom), LeaveStart: d.LeaveStart, NoticeDate: d.NoticeDate,
		Entitlement: EntitlementOut{Method: en.Method, PeriodStart: en.PeriodStart, PeriodEnd: en.PeriodEnd, HoursEntitled: en.HoursEntitled, HoursUsed: en.HoursUsed, HoursAvailable: en.HoursAvailable}}
	out.Explanation = append(append(append([]rules.Step{}, d.FactSteps...), d.EligibilitySteps...), d.EntitlementSteps...)
	if out.FailedTests == nil {
		out.FailedTests = []string{}
	}
	return out
}

func leaveCaseOut(c leave.Case, full bool) LeaveCaseOut {
	out := LeaveCaseOut{ID: c.ID, EmployeeID: c.EmployeeID, Employee: c.EmployeeName, Reason: c.Reason, Schedule: c.Schedule, Frequency: c.Frequency, Overtime: c.OvertimeHours, StartsOn: c.Starts, EndsOn: dptr(c.Ends),
		NoticeOn: c.NoticeOn, Status: c.Status, Eligible: c.Eligible, Medical: c.Medical,
		Designation: c.Designation, CertStatus: c.CertStatus, Version: c.Version}
	if full {
		f := fmlaOut(c.Determination)
		out.FMLA = &f
		out.EligibilityNoticeDue, out.RightsNoticeDue = dptr(c.Notices.EligibilityNoticeDue), dptr(c.Notices.RightsNoticeDue)
	}
	return out
}

func (a *API) registerLeaveCases(h huma.API) {
	a.registerLeaveLifecycle(h)
	cr := op("open-leave-case", http.MethodPost, "/leave-cases", "Open an FMLA leave case: the determination from the employee's records, and tasks for the eligibility and rights notices due 5 business days after the notice (an employee may open their own)", "Leave", access.LeaveCaseView)
	cr.DefaultStatus = http.StatusCreated
	huma.Register(h, cr, func(ctx context.Context, in *body[LeaveCaseIn]) (*body[LeaveCaseOut], error) {
		b := in.Body
		id, err := a.LeaveCases.Open(ctx, actor(ctx), leave.CaseInput{EmployeeID: b.EmployeeID, Reason: b.Reason, Schedule: b.Schedule, Frequency: b.Frequency, OvertimeHours: b.Overtime, Starts: b.StartsOn, Ends: b.EndsOn, NoticeOn: b.NoticeOn, Medical: b.Medical})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		c, err := a.LeaveCases.Get(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveCaseOut]{leaveCaseOut(c, true)}, nil
	})
	huma.Register(h, op("list-leave-cases", http.MethodGet, "/leave-cases", "FMLA leave cases: an employee's (employee_id), or every case in your scope (HR)", "Leave", access.LeaveCaseView), func(ctx context.Context, in *struct {
		EmployeeID int64 `query:"employee_id"`
	}) (*body[Page[LeaveCaseOut]], error) {
		cs, err := a.LeaveCases.List(ctx, actor(ctx), in.EmployeeID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[LeaveCaseOut]{Items: []LeaveCaseOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, leaveCaseOut(c, false))
		}
		return &body[Page[LeaveCaseOut]]{out}, nil
	})
	huma.Register(h, op("get-leave-case", http.MethodGet, "/leave-cases/{id}", "An FMLA leave case with its determination and notice deadlines (the medical reason only for HR with leave.cases.manage)", "Leave", access.LeaveCaseView), func(ctx context.Context, in *idPath) (*body[LeaveCaseOut], error) {
		c, err := a.LeaveCases.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveCaseOut]{leaveCaseOut(c, true)}, nil
	})
}
