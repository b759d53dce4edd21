package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// AccrualIO is a leave type's accrual policy.
type AccrualIO struct {
	Frequency              string   `json:"frequency" enum:"monthly,biweekly,annual,none"`
	Hours                  float64  `json:"hours" doc:"Per period; per year when annual"`
	Tiers                  []TierIO `json:"tiers,omitempty" doc:"Rates by years served"`
	Cap                    float64  `json:"cap,omitempty" doc:"The most a balance may hold (0: no cap)"`
	CarryoverMax           float64  `json:"carryover_max" doc:"What may cross into a new year (negative: all)"`
	CarryoverExpiresMonths int      `json:"carryover_expires_months,omitempty"`
	AllowNegative          bool     `json:"allow_negative,omitempty"`
	NegativeLimit          float64  `json:"negative_limit,omitempty"`
	Prorate                bool     `json:"prorate,omitempty"`
}

// TierIO is a tenure tier.
type TierIO struct {
	AfterYears int     `json:"after_years"`
	Hours      float64 `json:"hours"`
}

// LedgerIO is a line of a balance's ledger.
type LedgerIO struct {
	On    date.Date `json:"on"`
	Hours float64   `json:"hours"`
	Kind  string    `json:"kind" enum:"accrual,used,adjustment,forfeited,expired"`
	Note  string    `json:"note,omitempty"`
}

// DayIO is a charged day.
type DayIO struct {
	On    date.Date `json:"on"`
	Hours float64   `json:"hours"`
}

func accrualIO(p leave.Policy) AccrualIO {
	out := AccrualIO{Frequency: p.Frequency, Hours: p.Hours, Cap: p.Cap, CarryoverMax: p.CarryoverMax, CarryoverExpiresMonths: p.CarryoverExpiresMonths,
		AllowNegative: p.AllowNegative, NegativeLimit: p.NegativeLimit, Prorate: p.Prorate}
	for _, t := range p.Tiers {
		out.Tiers = append(out.Tiers, TierIO(t))
	}
	return out
}

func (a AccrualIO) policy() leave.Policy {
	p := leave.Policy{Frequency: a.Frequency, Hours: a.Hours, Cap: a.Cap, CarryoverMax: a.CarryoverMax, CarryoverExpiresMonths: a.CarryoverExpiresMonths,
		AllowNegative: a.AllowNegative, NegativeLimit: a.NegativeLimit, Prorate: a.Prorate}
	for _, t := range a.Tiers {
		p.Tiers = append(p.Tiers, leave.Tier(t))
	}
	return p
}

// LeaveTypeIO is a leave type with its accrual policy.
type LeaveTypeIO struct {
	ID              int64     `json:"id,omitempty" readOnly:"true"`
	Key             string    `json:"key,omitempty"`
	Name            string    `json:"name" required:"true"`
	Unit            string    `json:"unit" required:"true" enum:"days,hours"`
	Paid            bool      `json:"paid"`
	Policy          AccrualIO `json:"policy"`
	EmploymentTypes []string  `json:"employment_types,omitempty" doc:"Empty: every employee"`
	Regions         []string  `json:"regions,omitempty" doc:"Worksite states (CA, NY…) where the type is offered; empty: everywhere"`
	MinTenureDays   int       `json:"min_tenure_days,omitempty"`
	SecondApproval  bool      `json:"second_approval" doc:"An HR manager approves after the line manager"`
	Active          bool      `json:"active"`
}

// BalanceOut is one type's balance.
type BalanceOut struct {
	LeaveTypeID int64      `json:"leave_type_id"`
	LeaveType   string     `json:"leave_type"`
	AsOf        date.Date  `json:"as_of"`
	Hours       float64    `json:"hours" doc:"As of the day: accrued − used + adjusted − forfeited"`
	Accrued     float64    `json:"accrued"`
	Used        float64    `json:"used"`
	Adjusted    float64    `json:"adjusted"`
	Forfeited   float64    `json:"forfeited"`
	Pending     float64    `json:"pending_hours"`
	Projected   float64    `json:"projected_year_end" doc:"At the end of the year, after the accruals to come and every approved and pending request"`
	Ledger      []LedgerIO `json:"ledger"`
}

// TimeOffRequestIn asks for time off.
type TimeOffRequestIn struct {
	EmployeeID  int64     `json:"employee_id,omitempty" doc:"HR on an employee's behalf; empty: yourself"`
	LeaveTypeID int64     `json:"leave_type_id" required:"true"`
	StartsOn    date.Date `json:"starts_on" required:"true"`
	EndsOn      date.Date `json:"ends_on,omitempty" doc:"Empty: one day"`
	Hours       float64   `json:"hours,omitempty" doc:"For a single day: the hours off (empty: the full day)"`
	Note        string    `json:"note,omitempty"`
}

// TimeOffRequestOut is a request.
type TimeOffRequestOut struct {
	ID          int64     `json:"id"`
	EmployeeID  int64     `json:"employee_id"`
	Employee    string    `json:"employee"`
	LeaveTypeID int64     `json:"leave_type_id"`
	LeaveType   string    `json:"leave_type"`
	StartsOn    date.Date `json:"starts_on"`
	EndsOn      date.Date `json:"ends_on"`
	Days        []DayIO   `json:"days" doc:"The charged days: weekdays that are not company holidays or closures"`
	Hours       float64   `json:"hours"`
	Status      string    `json:"status" enum:"pending,approved,rejected,cancelled"`
	Note        string    `json:"note,omitempty"`
	ApprovalID  int64     `json:"approval_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// AdjustmentIn changes a balance by hand.
type AdjustmentIn struct {
	LeaveTypeID int64     `json:"leave_type_id" required:"true"`
	Hours       float64   `json:"hours" required:"true" doc:"Positive adds, negative takes off"`
	EffectiveOn date.Date `json:"effective_on,omitempty"`
	Reason      string    `json:"reason" required:"true"`
}

func typeIO(t leave.LeaveType) LeaveTypeIO {
	return LeaveTypeIO{ID: t.ID, Key: t.Key, Name: t.Name, Unit: t.Unit, Paid: t.Paid, Policy: accrualIO(t.Policy), EmploymentTypes: t.EmploymentTypes, Regions: t.Regions, MinTenureDays: t.MinTenureDays,
		SecondApproval: t.SecondApproval, Active: t.Active}
}

func requestOut(r leave.Request) TimeOffRequestOut {
	days := []DayIO{}
	for _, d := range r.Days {
		days = append(days, DayIO(d))
	}
	return TimeOffRequestOut{ID: r.ID, EmployeeID: r.EmployeeID, Employee: r.EmployeeName, LeaveTypeID: r.TypeID, LeaveType: r.TypeName, StartsOn: r.Starts, EndsOn: r.Ends,
		Days: days, Hours: r.Hours, Status: r.Status, Note: r.Note, ApprovalID: r.ApprovalID, CreatedAt: r.CreatedAt}
}

const timeOffTag = "Time off"

func (a *API) registerTimeOff(h huma.API) {
	huma.Register(h, op("list-leave-types", http.MethodGet, "/leave-types", "Leave types with their accrual policies", timeOffTag, ""), func(ctx context.Context, _ *struct{}) (*body[[]LeaveTypeIO], error) {
		ts, err := a.TimeOff.LeaveTypes(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := []LeaveTypeIO{}
		for _, t := range ts {
			out = append(out, typeIO(t))
		}
		return &body[[]LeaveTypeIO]{out}, nil
	})
	save := func(ctx context.Context, id int64, b LeaveTypeIO) (*body[LeaveTypeIO], error) {
		t := leave.LeaveType{ID: id, Key: b.Key, Name: b.Name, Unit: b.Unit, Paid: b.Paid, Policy: b.Policy.policy(), EmploymentTypes: b.EmploymentTypes, Regions: b.Regions, MinTenureDays: b.MinTenureDays,
			SecondApproval: b.SecondApproval, Active: b.Active}
		nid, err := a.TimeOff.SaveLeaveType(ctx, actor(ctx), t)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ts, _ := a.TimeOff.LeaveTypes(ctx)
		for _, x := range ts {
			if x.ID == nid {
				return &body[LeaveTypeIO]{typeIO(x)}, nil
			}
		}
		return nil, a.fail(ctx, err)
	}
	cr := op("create-leave-type", http.MethodPost, "/leave-types", "Create a leave type", timeOffTag, access.LeaveTypesManage)
	cr.DefaultStatus = http.StatusCreated
	huma.Register(h, cr, func(ctx context.Context, in *body[LeaveTypeIO]) (*body[LeaveTypeIO], error) {
		return save(ctx, 0, in.Body)
	})
	huma.Register(h, op("update-leave-type", http.MethodPut, "/leave-types/{id}", "Edit a leave type (its policy applies to balances at once)", timeOffTag, access.LeaveTypesManage), func(ctx context.Context, in *withBody[LeaveTypeIO]) (*body[LeaveTypeIO], error) {
		return save(ctx, in.ID, in.Body)
	})
	huma.Register(h, op("time-off-balances", http.MethodGet, "/employees/{id}/time-off/balances", "An employee's time-off balances as of a day, with the ledger behind each", timeOffTag, access.TimeOffView), func(ctx context.Context, in *struct {
		ID   int64     `path:"id" minimum:"1"`
		AsOf date.Date `query:"as_of" doc:"Today by default"`
	}) (*body[[]BalanceOut], error) {
		bs, err := a.TimeOff.Balances(ctx, actor(ctx), in.ID, in.AsOf)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := []BalanceOut{}
		for _, b := range bs {
			l := []LedgerIO{}
			for _, x := range b.Now.Ledger {
				l = append(l, LedgerIO(x))
			}
			out = append(out, BalanceOut{LeaveTypeID: b.Type.ID, LeaveType: b.Type.Name, AsOf: b.Now.AsOf, Hours: b.Now.Hours, Accrued: b.Now.Accrued, Used: b.Now.Used,
				Adjusted: b.Now.Adjusted, Forfeited: b.Now.Forfeited, Pending: b.Pending, Projected: b.Projected.Hours, Ledger: l})
		}
		return &body[[]BalanceOut]{out}, nil
	})
	adj := op("adjust-time-off", http.MethodPost, "/employees/{id}/time-off/adjustments", "Adjust a balance by hand, with a reason (audited)", timeOffTag, access.TimeOffAdjust)
	adj.DefaultStatus = http.StatusCreated
	huma.Register(h, adj, func(ctx context.Context, in *withBody[AdjustmentIn]) (*body[IDOut], error) {
		id, err := a.TimeOff.Adjust(ctx, actor(ctx), in.ID, in.Body.LeaveTypeID, in.Body.Hours, in.Body.EffectiveOn, in.Body.Reason)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("list-time-off", http.MethodGet, "/time-off/requests", "Time-off requests: yours (mine=true), an employee's, your team's (team=true), or HR's scope", timeOffTag, access.TimeOffView), func(ctx context.Context, in *struct {
		EmployeeID int64     `query:"employee_id"`
		Mine       bool      `query:"mine"`
		Team       bool      `query:"team" doc:"Your direct reports"`
		From       date.Date `query:"from"`
		To         date.Date `query:"to"`
		Status     string    `query:"status" enum:",pending,approved,rejected,cancelled"`
	}) (*body[Page[TimeOffRequestOut]], error) {
		act := actor(ctx)
		f := leave.RequestFilter{EmployeeID: in.EmployeeID, From: in.From, To: in.To}
		if in.Mine {
			f.EmployeeID = act.EmployeeID
		}
		if in.Team {
			f.ManagerID = act.EmployeeID
		}
		if in.Status != "" {
			f.Statuses = []string{in.Status}
		}
		rs, err := a.TimeOff.Requests(ctx, act, f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TimeOffRequestOut]{Items: []TimeOffRequestOut{}}
		for _, r := range rs {
			out.Items = append(out.Items, requestOut(r))
		}
		return &body[Page[TimeOffRequestOut]]{out}, nil
	})
	rq := op("request-time-off", http.MethodPost, "/time-off/requests", "Request time off: the weekdays in the range that are not company holidays or closures are charged; it goes to the line manager (and an HR manager when the type asks)", timeOffTag, access.TimeOffRequest)
	rq.DefaultStatus = http.StatusCreated
	huma.Register(h, rq, func(ctx context.Context, in *body[TimeOffRequestIn]) (*body[TimeOffRequestOut], error) {
		b := in.Body
		id, err := a.TimeOff.Request(ctx, actor(ctx), leave.RequestInput{EmployeeID: b.EmployeeID, TypeID: b.LeaveTypeID, Starts: b.StartsOn, Ends: b.EndsOn, Hours: b.Hours, Note: b.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requestAfter(ctx, id)
	})
	huma.Register(h, op("cancel-time-off", http.MethodPost, "/time-off/requests/{id}/cancellation", "Cancel a pending request, or approved time off not yet taken", timeOffTag, access.TimeOffRequest), func(ctx context.Context, in *idPath) (*body[TimeOffRequestOut], error) {
		if err := a.TimeOff.Cancel(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requestAfter(ctx, in.ID)
	})
	ch := op("change-time-off", http.MethodPost, "/time-off/requests/{id}/change", "Change a pending request, or approved time off not yet over: the old request is cancelled and the new one asked for in one step (it goes through approval again); a change that does not fit leaves the old request as it was", timeOffTag, access.TimeOffRequest)
	ch.DefaultStatus = http.StatusCreated
	huma.Register(h, ch, func(ctx context.Context, in *withBody[TimeOffRequestIn]) (*body[TimeOffRequestOut], error) {
		b := in.Body
		id, err := a.TimeOff.Change(ctx, actor(ctx), in.ID, leave.RequestInput{TypeID: b.LeaveTypeID, Starts: b.StartsOn, Ends: b.EndsOn, Hours: b.Hours, Note: b.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requestAfter(ctx, id)
	})
	fd := op("create-time-off-feed", http.MethodPost, "/time-off/feeds", "A private iCalendar feed of your team's approved time off (line managers); the URL carries a token shown once", timeOffTag, access.TimeOffView)
	fd.DefaultStatus = http.StatusCreated
	huma.Register(h, fd, func(ctx context.Context, _ *struct{}) (*body[struct {
		Path string `json:"path"`
	}], error) {
		tok, err := a.TimeOff.CreateFeed(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := body[struct {
			Path string `json:"path"`
		}]{}
		out.Body.Path = "/time-off/calendar/" + tok + ".ics"
		return &out, nil
	})
}

func (a *API) requestAfter(ctx context.Context, id int64) (*body[TimeOffRequestOut], error) {
	r, err := a.TimeOff.Get(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[TimeOffRequestOut]{requestOut(r)}, nil
}
