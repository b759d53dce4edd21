package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// RulesSettingsOut are the company defaults for the rules engine.
type RulesSettingsOut struct {
	BusinessCalendar   string  `json:"business_calendar" enum:"US_FED,SEVEN_DAY"`
	FMLAMethod         *string `json:"fmla_method" doc:"null until the employer chooses (each leave then gets the most beneficial method)"`
	FMLALeaveYearStart *string `json:"fmla_leave_year_start" doc:"MM-DD for a fixed leave year"`
	RollForward        bool    `json:"roll_forward" doc:"Move calendar-day deadlines off weekends and holidays (RULES.md C1; default false)"`
	CountTriggerDay    bool    `json:"count_trigger_day" doc:"Count the request day as day 1 of the FMLA 5-business-day notices (RULES.md C2; default false)"`
}

// RulesSettingsIn changes them.
type RulesSettingsIn struct {
	BusinessCalendar   string `json:"business_calendar" required:"true" enum:"US_FED,SEVEN_DAY"`
	FMLAMethod         string `json:"fmla_method,omitempty" enum:"calendar_year,fixed_leave_year,forward_from_first_leave,rolling_backward,"`
	FMLALeaveYearStart string `json:"fmla_leave_year_start,omitempty"`
	RollForward        bool   `json:"roll_forward,omitempty"`
	CountTriggerDay    bool   `json:"count_trigger_day,omitempty"`
}

// ClosureIO is a company closure day.
type ClosureIO struct {
	Date string `json:"date" required:"true" format:"date"`
	Name string `json:"name" required:"true"`
}

func settingsOut(s compliance.Settings) RulesSettingsOut {
	return RulesSettingsOut{BusinessCalendar: s.BusinessCalendar, FMLAMethod: strPtr(s.FMLAMethod), FMLALeaveYearStart: strPtr(s.LeaveYearStart),
		RollForward: s.RollForward, CountTriggerDay: s.CountTriggerDay}
}

func (a *API) registerSettings(h huma.API) {
	huma.Register(h, op("get-rules-settings", http.MethodGet, "/settings/rules", "The company's rules defaults", "Settings", access.RulesEvaluate), func(ctx context.Context, _ *struct{}) (*body[RulesSettingsOut], error) {
		s, err := a.Compliance.Get(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RulesSettingsOut]{settingsOut(s)}, nil
	})
	huma.Register(h, op("put-rules-settings", http.MethodPut, "/settings/rules", "Change the company's rules defaults (whole-company grant)", "Settings", access.CompanyRulesManage), func(ctx context.Context, in *body[RulesSettingsIn]) (*body[RulesSettingsOut], error) {
		b := in.Body
		if err := a.Compliance.Update(ctx, actor(ctx), compliance.Settings{BusinessCalendar: b.BusinessCalendar, FMLAMethod: b.FMLAMethod, LeaveYearStart: b.FMLALeaveYearStart,
			RollForward: b.RollForward, CountTriggerDay: b.CountTriggerDay}); err != nil {
			return nil, a.fail(ctx, err)
		}
		s, err := a.Compliance.Get(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RulesSettingsOut]{settingsOut(s)}, nil
	})
	huma.Register(h, op("list-closures", http.MethodGet, "/calendar/closures", "Company closure days", "Settings", access.RulesEvaluate), func(ctx context.Context, in *struct {
		From string `query:"from" format:"date" doc:"Default: one year ago"`
		To   string `query:"to" format:"date" doc:"Default: two years ahead"`
	}) (*body[Page[ClosureIO]], error) {
		f := kit.FieldErrors{}
		today := date.Of(timeNow())
		from, to := parseDate(f, "from", in.From), parseDate(f, "to", in.To)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if from.IsZero() {
			from = today.AddYears(-1)
		}
		if to.IsZero() {
			to = today.AddYears(2)
		}
		cs, err := a.Compliance.Closures(ctx, actor(ctx), from, to)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ClosureIO]{Items: []ClosureIO{}}
		for _, c := range cs {
			out.Items = append(out.Items, ClosureIO{Date: c.Date.String(), Name: c.Name})
		}
		return &body[Page[ClosureIO]]{out}, nil
	})
	add := op("add-closure", http.MethodPost, "/calendar/closures", "Add a company closure day", "Settings", access.CompanyRulesManage)
	add.DefaultStatus = http.StatusCreated
	huma.Register(h, add, func(ctx context.Context, in *body[ClosureIO]) (*body[ClosureIO], error) {
		f := kit.FieldErrors{}
		d := parseDate(f, "date", in.Body.Date)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.Compliance.AddClosure(ctx, actor(ctx), compliance.Closure{Date: d, Name: in.Body.Name}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ClosureIO]{ClosureIO{Date: d.String(), Name: in.Body.Name}}, nil
	})
	del := op("remove-closure", http.MethodDelete, "/calendar/closures/{date}", "Remove a company closure day", "Settings", access.CompanyRulesManage)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *struct {
		Date string `path:"date" format:"date"`
	}) (*struct{}, error) {
		f := kit.FieldErrors{}
		d := parseDate(f, "date", in.Date)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.Compliance.RemoveClosure(ctx, actor(ctx), d); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
}

// ApprovalRulesIO are the approval rules.
type ApprovalRulesIO struct {
	InvoluntaryTerminationNeedsDirector bool `json:"involuntary_termination_needs_director" doc:"Involuntary terminations also need an HR director's approval"`
}

func (a *API) registerApprovalRules(h huma.API) {
	huma.Register(h, op("get-approval-rules", http.MethodGet, "/settings/approvals", "The approval rules", "Settings", access.ApprovalView), func(ctx context.Context, _ *struct{}) (*body[ApprovalRulesIO], error) {
		r, err := a.Work.Rules(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalRulesIO]{ApprovalRulesIO{r.InvoluntaryTerminationNeedsDirector}}, nil
	})
	huma.Register(h, op("put-approval-rules", http.MethodPut, "/settings/approvals", "Change the approval rules (they apply to new requests)", "Settings", access.ApprovalRulesManage), func(ctx context.Context, in *body[ApprovalRulesIO]) (*body[ApprovalRulesIO], error) {
		if err := a.Work.SetRules(ctx, actor(ctx), work.ApprovalRules{InvoluntaryTerminationNeedsDirector: in.Body.InvoluntaryTerminationNeedsDirector}, timeNow()); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalRulesIO]{in.Body}, nil
	})
}
