package api

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// ApprovalOut is an approval request.
type ApprovalOut struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	ObjectType  string     `json:"object_type"`
	ObjectID    int64      `json:"object_id"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	Status      string     `json:"status" enum:"pending,changes_requested,approved,rejected,withdrawn"`
	RequestedBy int64      `json:"requested_by"`
	DecidedBy   *int64     `json:"decided_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	Comment     string     `json:"comment"`
	CreatedAt   time.Time  `json:"created_at"`
	Version     int64      `json:"version"`
	Step        int        `json:"step" doc:"The current step, 1-based"`
	Steps       []string   `json:"steps" doc:"Each step's approvers in short form: hr_manager, hr_director, or several joined by + (all must approve) or | (any one), a named person as line_manager=USER_ID"`
	Route       []StepOut  `json:"route" doc:"The steps in full"`
	WaitingOn   string     `json:"waiting_on" doc:"Who the request waits on now, in words (empty once decided)"`
	OnBehalfOf  *int64     `json:"on_behalf_of" doc:"The approver a delegate decided for"`
	EscalatedAt *time.Time `json:"escalated_at"`
}

// StepOut is one step of a request's route.
type StepOut struct {
	Any       bool      `json:"any" doc:"Any one approver suffices (otherwise all must approve)"`
	Approvers []SlotOut `json:"approvers"`
}

// SlotOut is one approver of a step.
type SlotOut struct {
	Approver string `json:"approver" enum:"hr_manager,hr_director,line_manager,skip_level,hiring_manager"`
	UserID   *int64 `json:"user_id" doc:"The named person (line manager, skip-level, hiring manager)"`
	Name     string `json:"name,omitempty"`
}

func approvalOut(ap work.Approval) ApprovalOut {
	o := ApprovalOut{ID: ap.ID, Kind: ap.Kind, ObjectType: ap.ObjectType, ObjectID: ap.ObjectID, Title: ap.Title, Summary: ap.Summary, Status: ap.Status,
		RequestedBy: ap.RequestedBy, Comment: ap.Comment, CreatedAt: ap.CreatedAt.UTC()}
	if ap.DecidedBy != 0 {
		d, t := ap.DecidedBy, ap.DecidedAt.UTC()
		o.DecidedBy, o.DecidedAt = &d, &t
	}
	o.Version, o.EscalatedAt, o.Step, o.WaitingOn = ap.Version, timePtr(ap.EscalatedAt), ap.Step, ap.WaitingOn()
	o.Steps, o.Route = []string{}, []StepOut{}
	for _, st := range ap.Steps {
		o.Steps = append(o.Steps, work.EncodeSteps([]work.Step{st}))
		so := StepOut{Any: st.Any, Approvers: []SlotOut{}}
		for _, sl := range st.Slots {
			so.Approvers = append(so.Approvers, SlotOut{Approver: sl.Approver, UserID: idPtr(sl.UserID), Name: sl.Name})
		}
		o.Route = append(o.Route, so)
	}
	if ap.OnBehalfOf != 0 {
		b := ap.OnBehalfOf
		o.OnBehalfOf = &b
	}
	return o
}

// DecisionIn decides an approval.
type DecisionIn struct {
	Decision string `json:"decision" required:"true" enum:"approve,reject,send_back"`
	Comment  string `json:"comment,omitempty" doc:"Required to reject"`
	Version  int64  `json:"version,omitempty" doc:"The request version you saw; a request changed since is a 409"`
}

// DelegationIn names a delegate.
type DelegationIn struct {
	DelegateUserID int64  `json:"delegate_user_id" required:"true"`
	StartsOn       string `json:"starts_on" required:"true" format:"date"`
	EndsOn         string `json:"ends_on" required:"true" format:"date"`
}

// DelegationOut is a delegation.
type DelegationOut struct {
	ID             int64  `json:"id"`
	UserID         int64  `json:"user_id"`
	DelegateUserID int64  `json:"delegate_user_id"`
	StartsOn       string `json:"starts_on"`
	EndsOn         string `json:"ends_on"`
}

// TokenIn creates an API token.
type TokenIn struct {
	Name      string     `json:"name,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	Scopes    []string   `json:"scopes,omitempty" doc:"What the token may do, e.g. [\"employees:read\", \"org:read\"]; empty or absent: every permission you hold. GET /tokens/scopes lists them."`
	RateLimit int        `json:"rate_limit,omitempty" doc:"Requests a minute (0 or absent: no cap); over it the API answers 429 with Retry-After"`
}

// TokenOut describes a token; Token is set only when it was just created.
type TokenOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Token      *string    `json:"token" doc:"The secret, returned once at creation"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	Scopes     []string   `json:"scopes" doc:"Empty: every permission of the owner"`
	RateLimit  int        `json:"rate_limit" doc:"Requests a minute; 0: no cap"`
}

// ScopeOut describes a token scope.
type ScopeOut struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Permissions []string `json:"permissions" doc:"The permissions it grants (of those the owner holds)"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func tokenOut(t access.Token) TokenOut {
	sc := []string{}
	for _, x := range t.Scopes {
		sc = append(sc, string(x))
	}
	return TokenOut{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt.UTC(), ExpiresAt: timePtr(t.ExpiresAt), LastUsedAt: timePtr(t.LastUsedAt), RevokedAt: timePtr(t.RevokedAt),
		Scopes: sc, RateLimit: t.RateLimit}
}

func scopesOut() []ScopeOut {
	out := []ScopeOut{}
	for _, s := range access.AllScopes {
		o := ScopeOut{Name: string(s), Description: access.ScopeDescriptions[s], Permissions: []string{}}
		for _, p := range access.AllPermissions {
			if (access.Scopes{s}).Allow(p) {
				o.Permissions = append(o.Permissions, string(p))
			}
		}
		out = append(out, o)
	}
	return out
}

// AuditOut is an audit entry.
type AuditOut struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id"`
	Summary    string    `json:"summary"`
	Before     string    `json:"before"`
	After      string    `json:"after"`
	RequestID  string    `json:"request_id"`
	Hash       string    `json:"hash"`
}

// VerifyOut reports the chain check.
type VerifyOut struct {
	OK       bool   `json:"ok"`
	Entries  int64  `json:"entries"`
	BrokenAt *int64 `json:"broken_at"`
	Problem  string `json:"problem"`
}

// OrgChartOut is one level of reporting lines.
type OrgChartOut struct {
	Root    *EmployeeOut  `json:"root"`
	Chain   []EmployeeOut `json:"chain" doc:"The root's managers, top first"`
	Reports []OrgNodeOut  `json:"reports" doc:"Direct reports of the root, or the top of the organization"`
}

// OrgNodeOut is a person in the chart with their report count.
type OrgNodeOut struct {
	EmployeeOut
	ReportCount int `json:"report_count"`
}

// ImportOut is the import report.
type ImportOut struct {
	Applied    bool           `json:"applied"`
	Valid      int            `json:"valid"`
	Invalid    int            `json:"invalid"`
	FileErrors []string       `json:"file_errors"`
	Rows       []ImportRowOut `json:"rows"`
}

// ImportRowOut is one row's outcome.
type ImportRowOut struct {
	Line       int          `json:"line"`
	WorkEmail  string       `json:"work_email"`
	EmployeeID *int64       `json:"employee_id"`
	Errors     []FieldError `json:"errors"`
}

type importForm struct {
	File huma.FormFile `form:"file" required:"true" contentType:"text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/octet-stream"`
}

func (a *API) registerAdmin(h huma.API) {
	huma.Register(h, opAny("list-approvals", http.MethodGet, "/approvals", "Approval requests in scope, newest first, a page at a time (next_cursor)", "Approvals"), func(ctx context.Context, in *struct {
		Status string `query:"status" enum:"pending,changes_requested,approved,rejected,withdrawn,"`
		Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"200"`
		Cursor string `query:"cursor" doc:"The previous page's next_cursor"`
	}) (*body[Page[ApprovalOut]], error) {
		list, next, err := a.Work.ListPage(ctx, actor(ctx), in.Status, in.Cursor, in.Limit)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ApprovalOut]{Items: []ApprovalOut{}}
		if next != "" {
			out.NextCursor = &next
		}
		for _, ap := range list {
			out.Items = append(out.Items, approvalOut(ap))
		}
		return &body[Page[ApprovalOut]]{out}, nil
	})
	huma.Register(h, op("decide-approval", http.MethodPost, "/approvals/{id}/decision", "Approve, reject or send back a request (never your own): as the named approver of the current step, or holding the kind's decide permission (people.termination.decide for terminations)", "Approvals", ""), func(ctx context.Context, in *withBody[DecisionIn]) (*body[ApprovalOut], error) {
		act := actor(ctx)
		err := a.Work.Decide(ctx, act, in.ID, work.Decision{Approve: in.Body.Decision == "approve", SendBack: in.Body.Decision == "send_back", Comment: in.Body.Comment, Version: in.Body.Version})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Work.Get(ctx, act, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalOut]{approvalOut(ap)}, nil
	})
	huma.Register(h, op("resubmit-approval", http.MethodPost, "/approvals/{id}/resubmission", "Revise and resubmit your request that was sent back for changes", "Approvals", access.TerminationRequest), func(ctx context.Context, in *withBody[TerminationIn]) (*body[ApprovalOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		t := people.Termination{LastDay: parseDate(f, "last_day", b.LastDay), Reason: b.Reason, Voluntary: b.Voluntary, RehireEligible: b.RehireEligible, Note: b.Note, Invalid: f}
		if err := a.People.ResubmitTermination(ctx, actor(ctx), in.ID, t); err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Work.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalOut]{approvalOut(ap)}, nil
	})
	huma.Register(h, op("resubmit-pay-change", http.MethodPost, "/approvals/{id}/pay-resubmission", "Revise and resubmit your pay change that was sent back for changes (it is routed again)", "Approvals", access.EmployeePayChange), func(ctx context.Context, in *withBody[PayChangeIn]) (*body[ApprovalOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		pc := people.PayChangeInput{EffectiveFrom: parseDate(f, "effective_from", b.EffectiveFrom), Reason: b.Reason, Note: b.Note,
			Pay: people.Pay{AmountCents: b.Pay.AmountCents, Per: b.Pay.Per, Currency: b.Pay.Currency}, Invalid: f}
		if err := a.People.ResubmitPayChange(ctx, actor(ctx), in.ID, pc); err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Work.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalOut]{approvalOut(ap)}, nil
	})
	huma.Register(h, op("withdraw-approval", http.MethodPost, "/approvals/{id}/withdrawal", "Withdraw your pending or sent-back request", "Approvals", access.TerminationRequest), func(ctx context.Context, in *idPath) (*body[ApprovalOut], error) {
		if err := a.Work.Withdraw(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Work.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApprovalOut]{approvalOut(ap)}, nil
	})
	huma.Register(h, opAny("list-delegations", http.MethodGet, "/delegations", "Delegations you gave or received", "Approvals"), func(ctx context.Context, _ *struct{}) (*body[Page[DelegationOut]], error) {
		ds, err := a.Delegations.List(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[DelegationOut]{Items: []DelegationOut{}}
		for _, d := range ds {
			out.Items = append(out.Items, DelegationOut{ID: d.ID, UserID: d.UserID, DelegateUserID: d.DelegateUserID, StartsOn: d.StartsOn.String(), EndsOn: d.EndsOn.String()})
		}
		return &body[Page[DelegationOut]]{out}, nil
	})
	dl := op("create-delegation", http.MethodPost, "/delegations", "Let someone decide your approvals for a date range", "Approvals", access.ApprovalDelegate)
	dl.DefaultStatus = http.StatusCreated
	huma.Register(h, dl, func(ctx context.Context, in *body[DelegationIn]) (*body[DelegationOut], error) {
		f := kit.FieldErrors{}
		from, to := parseDate(f, "starts_on", in.Body.StartsOn), parseDate(f, "ends_on", in.Body.EndsOn)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Delegations.Delegate(ctx, actor(ctx), in.Body.DelegateUserID, from, to)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[DelegationOut]{DelegationOut{ID: id, UserID: actor(ctx).UserID, DelegateUserID: in.Body.DelegateUserID, StartsOn: from.String(), EndsOn: to.String()}}, nil
	})
	rv := op("revoke-delegation", http.MethodDelete, "/delegations/{id}", "End one of your delegations", "Approvals", "")
	rv.DefaultStatus = http.StatusNoContent
	huma.Register(h, rv, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Delegations.Revoke(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("list-tokens", http.MethodGet, "/tokens", "Your API tokens", "Tokens", access.TokenOwn), func(ctx context.Context, _ *struct{}) (*body[Page[TokenOut]], error) {
		ts, err := a.Access.ListTokens(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TokenOut]{Items: []TokenOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, tokenOut(t))
		}
		return &body[Page[TokenOut]]{out}, nil
	})
	huma.Register(h, op("list-token-scopes", http.MethodGet, "/tokens/scopes", "The scopes a token can be narrowed to", "Tokens", access.TokenOwn), func(ctx context.Context, _ *struct{}) (*body[Page[ScopeOut]], error) {
		if err := access.Require(actor(ctx), access.TokenOwn, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[ScopeOut]]{Page[ScopeOut]{Items: scopesOut()}}, nil
	})
	create := op("create-token", http.MethodPost, "/tokens", "Create an API token (the secret is returned once)", "Tokens", access.TokenOwn)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[TokenIn]) (*body[TokenOut], error) {
		var exp time.Time
		if in.Body.ExpiresAt != nil {
			exp = *in.Body.ExpiresAt
		}
		scopes, err := access.ParseScopes("scopes", in.Body.Scopes)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		raw, t, err := a.Access.CreateToken(ctx, actor(ctx), access.TokenRequest{Name: in.Body.Name, ExpiresAt: exp, Scopes: scopes, RateLimit: in.Body.RateLimit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := tokenOut(t)
		out.Token = &raw
		return &body[TokenOut]{out}, nil
	})
	revoke := op("revoke-token", http.MethodDelete, "/tokens/{id}", "Revoke one of your tokens", "Tokens", access.TokenOwn)
	revoke.DefaultStatus = http.StatusNoContent
	huma.Register(h, revoke, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Access.RevokeToken(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("list-audit", http.MethodGet, "/audit", "Audit trail, newest first", "Audit", access.AuditView), func(ctx context.Context, in *struct {
		Action     string `query:"action" doc:"Prefix, e.g. employee."`
		ObjectType string `query:"object_type"`
		ObjectID   int64  `query:"object_id"`
		Before     int64  `query:"before" doc:"Entries with a smaller id (paging)"`
		Limit      int    `query:"limit" minimum:"0" maximum:"500"`
	}) (*body[Page[AuditOut]], error) {
		es, err := a.Audit.List(ctx, actor(ctx), audit.Filter{Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID, BeforeID: in.Before, Limit: in.Limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[AuditOut]{Items: []AuditOut{}}
		for _, e := range es {
			out.Items = append(out.Items, AuditOut{ID: e.ID, At: e.At.UTC(), Actor: e.ActorLabel, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Summary: e.Summary, Before: e.Before, After: e.After, RequestID: e.RequestID, Hash: e.Hash})
		}
		if n := len(es); n > 0 && (in.Limit == 0 && n == 100 || n == in.Limit) {
			c := itoa(es[n-1].ID)
			out.NextCursor = &c
		}
		return &body[Page[AuditOut]]{out}, nil
	})
	huma.Register(h, op("verify-audit", http.MethodGet, "/audit/verify", "Verify the audit hash chain", "Audit", access.AuditView), func(ctx context.Context, _ *struct{}) (*body[VerifyOut], error) {
		r, err := a.Audit.Verify(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := VerifyOut{OK: r.OK, Entries: r.Entries, Problem: r.Problem}
		if !r.OK {
			b := r.BrokenAt
			out.BrokenAt = &b
		}
		return &body[VerifyOut]{out}, nil
	})
	huma.Register(h, op("get-org-chart", http.MethodGet, "/org-chart", "Reporting lines one level at a time", "Organization", access.DirectoryView), func(ctx context.Context, in *struct {
		Root int64 `query:"root" doc:"Employee id; omit for the top of the organization"`
	}) (*body[OrgChartOut], error) {
		oc, err := a.People.GetOrgChart(ctx, actor(ctx), in.Root)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := OrgChartOut{Chain: []EmployeeOut{}, Reports: []OrgNodeOut{}}
		if oc.Root != nil {
			r := employeeOut(*oc.Root, false, false, false)
			out.Root = &r
		}
		for _, m := range oc.Chain {
			out.Chain = append(out.Chain, employeeOut(m, false, false, false))
		}
		list := oc.Reports
		if oc.Root == nil {
			list = oc.Tops
		}
		for _, e := range list {
			out.Reports = append(out.Reports, OrgNodeOut{EmployeeOut: employeeOut(e, false, false, false), ReportCount: e.ReportCount})
		}
		return &body[OrgChartOut]{out}, nil
	})
	imp := op("import-employees", http.MethodPost, "/employees/import", "Import employees from CSV or XLSX: all rows or none, with a row-by-row report", "Employees", access.EmployeeImport)
	imp.MaxBodyBytes = people.MaxImportSize + (1 << 20)
	imp.Errors = append(imp.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, imp, func(ctx context.Context, in *struct {
		RawBody huma.MultipartFormFiles[importForm]
	}) (*struct {
		Status int
		Body   ImportOut
	}, error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, people.MaxImportSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		rep, err := a.People.Import(ctx, actor(ctx), form.File.Filename, data)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := ImportOut{Applied: rep.Applied, Valid: rep.Valid, Invalid: rep.Invalid, FileErrors: rep.FileErrors, Rows: []ImportRowOut{}}
		if out.FileErrors == nil {
			out.FileErrors = []string{}
		}
		for _, r := range rep.Rows {
			ro := ImportRowOut{Line: r.Line, WorkEmail: r.Email, Errors: []FieldError{}}
			if r.EmployeeID != 0 {
				id := r.EmployeeID
				ro.EmployeeID = &id
			}
			for _, k := range r.Errors.Sorted() {
				ro.Errors = append(ro.Errors, FieldError{Field: k, Message: r.Errors[k]})
			}
			out.Rows = append(out.Rows, ro)
		}
		status := http.StatusCreated
		if !rep.Applied {
			status = http.StatusUnprocessableEntity
		}
		return &struct {
			Status int
			Body   ImportOut
		}{status, out}, nil
	})
	huma.Register(h, op("export-employees", http.MethodGet, "/employees/export", "Export employees in your scope as CSV or XLSX (the import columns)", "Employees", access.EmployeeExport), func(ctx context.Context, in *struct {
		Format    string `query:"format" enum:"csv,xlsx" required:"true"`
		OrgUnitID int64  `query:"org_unit_id"`
		Status    string `query:"status" enum:"active,terminated,all,"`
	}) (*fileOut, error) {
		data, err := a.People.Export(ctx, actor(ctx), in.Format, people.DirectoryFilter{OrgUnitID: in.OrgUnitID, Status: in.Status})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "text/csv; charset=utf-8"
		if in.Format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="employees.` + in.Format + `"`, Body: data}, nil
	})
}

// RuleOut is a rule evaluation.
type RuleOut struct {
	Result      any          `json:"result"`
	Explanation []rules.Step `json:"explanation"`
}

func (a *API) registerRules(h huma.API) {
	o := op("evaluate-rule", http.MethodPost, "/rules/{rule}/evaluate", "Evaluate a compliance or metrics rule on facts, with an explanation and citations", "Rules", access.RulesEvaluate)
	o.Description += " Rules: " + joinNames() + ". See the contract for each rule's facts."
	o.SkipValidateBody = true
	huma.Register(h, o, func(ctx context.Context, in *struct {
		Rule    string `path:"rule"`
		RawBody []byte `contentType:"application/json"`
	}) (*body[RuleOut], error) {
		if err := access.Require(actor(ctx), access.RulesEvaluate, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		settings, err := a.Compliance.RuleSettings(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		res, steps, err := rules.Evaluate(in.Rule, in.RawBody, settings)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if steps == nil {
			steps = []rules.Step{}
		}
		return &body[RuleOut]{RuleOut{Result: res, Explanation: steps}}, nil
	})
}

func joinNames() string {
	s := ""
	for i, n := range rules.Names() {
		if i > 0 {
			s += ", "
		}
		s += "`" + n + "`"
	}
	return s
}

func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
