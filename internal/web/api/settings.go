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
	BusinessCalendar   string     `json:"business_calendar" enum:"US_FED,SEVEN_DAY"`
	FMLAMethod         *string    `json:"fmla_method" doc:"null until the employer chooses (each leave then gets the most beneficial method)"`
	FMLALeaveYearStart *string    `json:"fmla_leave_year_start" doc:"MM-DD for a fixed leave year"`
	RollForward        bool       `json:"roll_forward" doc:"Move calendar-day deadlines off weekends and holidays (RULES.md C1; default false)"`
	CountTriggerDay    bool       `json:"count_trigger_day" doc:"Count the request day as day 1 of the FMLA 5-business-day notices (RULES.md C2; default false)"`
	PendingMethod      *string    `json:"fmla_method_pending,omitempty" doc:"A scheduled change of the 12-month method"`
	PendingFrom        *date.Date `json:"fmla_method_pending_from,omitempty" doc:"When the scheduled change takes effect (at least 60 days after it was made)"`
	TransitionUntil    *date.Date `json:"fmla_transition_until,omitempty" doc:"The end of the year after a change, in which each employee gets the most beneficial method (29 CFR 825.200(d)(1))"`
}

// RulesSettingsIn changes them.
type RulesSettingsIn struct {
	BusinessCalendar   string `json:"business_calendar" required:"true" enum:"US_FED,SEVEN_DAY"`
	FMLAMethod         string `json:"fmla_method,omitempty" enum:"calendar_year,fixed_leave_year,forward_from_first_leave,rolling_backward,"`
	FMLALeaveYearStart string `json:"fmla_leave_year_start,omitempty"`
	RollForward        bool   `json:"roll_forward,omitempty"`
	CountTriggerDay    bool   `json:"count_trigger_day,omitempty"`
	FMLAMethodFrom     string `json:"fmla_method_from,omitempty" format:"date" doc:"When a change of the FMLA method takes effect: at least 60 days ahead (29 CFR 825.200(d)(1)); not needed for the first choice"`
}

// ClosureIO is a company closure day.
type ClosureIO struct {
	Date string `json:"date" required:"true" format:"date"`
	Name string `json:"name" required:"true"`
}

func settingsOut(s compliance.Settings) RulesSettingsOut {
	return RulesSettingsOut{BusinessCalendar: s.BusinessCalendar, FMLAMethod: strPtr(s.FMLAMethod), FMLALeaveYearStart: strPtr(s.LeaveYearStart),
		RollForward: s.RollForward, CountTriggerDay: s.CountTriggerDay, PendingMethod: strPtr(s.PendingMethod), PendingFrom: dptr(s.PendingFrom), TransitionUntil: dptr(s.TransitionUntil)}
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
		from, _ := date.Parse(b.FMLAMethodFrom)
		if err := a.Compliance.Update(ctx, actor(ctx), compliance.Settings{BusinessCalendar: b.BusinessCalendar, FMLAMethod: b.FMLAMethod, LeaveYearStart: b.FMLALeaveYearStart,
			RollForward: b.RollForward, CountTriggerDay: b.CountTriggerDay, FMLAMethodFrom: from}); err != nil {
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

// ChainOut is a kind of request with its approval chain.
type ChainOut struct {
	Kind      string           `json:"kind"`
	Label     string           `json:"label"`
	Steps     []work.ChainStep `json:"steps"`
	IsDefault bool             `json:"is_default" doc:"No chain was saved; the kind's default applies"`
	Describe  []string         `json:"describe" doc:"The chain in words"`
	Facts     []work.FactDef   `json:"facts" doc:"What conditions on this kind may test"`
	Approvers []string         `json:"approvers" doc:"The approver kinds that make sense for this kind"`
	Optional  bool             `json:"optional" doc:"An empty chain means the change applies without approval"`
}

// ChainIn replaces a chain.
type ChainIn struct {
	Steps []work.ChainStep `json:"steps" required:"true" maxItems:"6" doc:"In order; each step's approvers decide in parallel (all, or any one with any=true); a step with conditions (when) applies only when one holds"`
}

func chainOut(c work.Chain) ChainOut {
	o := ChainOut{Kind: c.Kind.Key, Label: c.Kind.Label, Steps: c.Steps, IsDefault: c.IsDefault, Describe: c.Describe, Facts: c.Kind.Facts, Approvers: c.Kind.Approvers, Optional: c.Kind.Optional}
	if o.Steps == nil {
		o.Steps = []work.ChainStep{}
	}
	for i := range o.Steps {
		if o.Steps[i].When == nil {
			o.Steps[i].When = []work.Condition{}
		}
	}
	if o.Facts == nil {
		o.Facts = []work.FactDef{}
	}
	return o
}

func (a *API) registerApprovalChains(h huma.API) {
	huma.Register(h, opAny("list-approval-chains", http.MethodGet, "/approval-chains", "Every kind of request with its approval chain", "Settings", access.ApprovalView, access.ApprovalRulesManage), func(ctx context.Context, _ *struct{}) (*body[Page[ChainOut]], error) {
		cs, err := a.Work.Chains(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ChainOut]{Items: []ChainOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, chainOut(c))
		}
		return &body[Page[ChainOut]]{out}, nil
	})
	huma.Register(h, opAny("get-approval-chain", http.MethodGet, "/approval-chains/{kind}", "One kind's approval chain", "Settings", access.ApprovalView, access.ApprovalRulesManage), func(ctx context.Context, in *struct {
		Kind string `path:"kind"`
	}) (*body[ChainOut], error) {
		c, err := a.Work.ChainOf(ctx, actor(ctx), in.Kind)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ChainOut]{chainOut(c)}, nil
	})
	huma.Register(h, op("put-approval-chain", http.MethodPut, "/approval-chains/{kind}", "Replace a kind's approval chain (applies to new requests)", "Settings", access.ApprovalRulesManage), func(ctx context.Context, in *struct {
		Kind string `path:"kind"`
		Body ChainIn
	}) (*body[ChainOut], error) {
		c, err := a.Work.SetChain(ctx, actor(ctx), in.Kind, in.Body.Steps)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ChainOut]{chainOut(c)}, nil
	})
	huma.Register(h, op("reset-approval-chain", http.MethodDelete, "/approval-chains/{kind}", "Return a kind to its default approval chain", "Settings", access.ApprovalRulesManage), func(ctx context.Context, in *struct {
		Kind string `path:"kind"`
	}) (*body[ChainOut], error) {
		c, err := a.Work.ResetChain(ctx, actor(ctx), in.Kind)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ChainOut]{chainOut(c)}, nil
	})
}

func (a *API) registerApprovalRules(h huma.API) {
	huma.Register(h, opAny("get-approval-rules", http.MethodGet, "/settings/approvals", "Whether the termination chain has an HR director step for involuntary terminations (see /approval-chains for the full chains)", "Settings", access.ApprovalView, access.ApprovalRulesManage), func(ctx context.Context, _ *struct{}) (*body[ApprovalRulesIO], error) {
		r, err := a.Work.Rules(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalRulesIO]{ApprovalRulesIO{r.InvoluntaryTerminationNeedsDirector}}, nil
	})
	huma.Register(h, op("put-approval-rules", http.MethodPut, "/settings/approvals", "Add or remove the termination chain's HR director step for involuntary terminations (applies to new requests)", "Settings", access.ApprovalRulesManage), func(ctx context.Context, in *body[ApprovalRulesIO]) (*body[ApprovalRulesIO], error) {
		if err := a.Work.SetRules(ctx, actor(ctx), work.ApprovalRules{InvoluntaryTerminationNeedsDirector: in.Body.InvoluntaryTerminationNeedsDirector}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalRulesIO]{in.Body}, nil
	})
}
