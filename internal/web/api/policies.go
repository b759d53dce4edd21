package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PolicyIn drafts a policy or its next version.
type PolicyIn struct {
	Title       string         `json:"title,omitempty" doc:"Required for a new policy"`
	Category    string         `json:"category,omitempty" doc:"Required for a new policy: conduct, workplace, leave, pay, benefits, safety, privacy, it or other"`
	Body        string         `json:"body" required:"true" doc:"Markdown (sanitised when shown)"`
	Summary     string         `json:"summary,omitempty" doc:"What changed in this version"`
	EffectiveOn date.Date      `json:"effective_on,omitempty"`
	Audience    PolicyAudience `json:"audience" doc:"Who must acknowledge: empty lists mean everyone"`
	DueDays     int            `json:"due_days,omitempty" doc:"Days to acknowledge after publishing (default 14)"`
	Rev         int            `json:"rev,omitempty" doc:"The draft revision you edited; a stale one is 409"`
}

// PolicyAudience is who must acknowledge.
type PolicyAudience struct {
	OrgUnitIDs      []int64  `json:"org_unit_ids,omitempty" doc:"The org units, with their subtrees"`
	LocationIDs     []int64  `json:"location_ids,omitempty"`
	EmploymentTypes []string `json:"employment_types,omitempty"`
}

// PolicyVersionOut is one version.
type PolicyVersionOut struct {
	ID          int64          `json:"id"`
	Number      int            `json:"number"`
	Status      string         `json:"status" enum:"draft,pending_approval,published,superseded,rejected"`
	Body        string         `json:"body"`
	Summary     string         `json:"summary"`
	EffectiveOn *date.Date     `json:"effective_on"`
	Hash        string         `json:"sha256"`
	Audience    PolicyAudience `json:"audience"`
	DueDays     int            `json:"due_days"`
	ApprovalID  int64          `json:"approval_id,omitempty"`
	PublishedAt *time.Time     `json:"published_at"`
	Rev         int            `json:"rev"`
}

// PolicyOut is a policy.
type PolicyOut struct {
	ID       int64              `json:"id"`
	Title    string             `json:"title"`
	Category string             `json:"category"`
	Owner    string             `json:"owner"`
	Current  *PolicyVersionOut  `json:"current" doc:"The published version"`
	Versions []PolicyVersionOut `json:"versions,omitempty" doc:"HR sees drafts too"`
	Mine     *PolicyAckOut      `json:"my_acknowledgment,omitempty"`
}

// PolicyAckOut is an assignment and its e-signature.
type PolicyAckOut struct {
	PolicyID       int64      `json:"policy_id"`
	Policy         string     `json:"policy"`
	VersionID      int64      `json:"version_id"`
	VersionNumber  int        `json:"version"`
	EmployeeID     int64      `json:"employee_id"`
	Employee       string     `json:"employee"`
	DueOn          date.Date  `json:"due_on"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	SignedName     string     `json:"signed_name,omitempty"`
	Hash           string     `json:"sha256,omitempty" doc:"The hash of the text acknowledged"`
}

// PolicyUnitOut is one org unit's tracking.
type PolicyUnitOut struct {
	OrgUnit      string  `json:"org_unit"`
	Assigned     int     `json:"assigned"`
	Acknowledged int     `json:"acknowledged"`
	Overdue      int     `json:"overdue"`
	Pct          float64 `json:"acknowledged_pct"`
}

func versionOut(v policy.Version) PolicyVersionOut {
	out := PolicyVersionOut{ID: v.ID, Number: v.Number, Status: v.Status, Body: v.Body, Summary: v.Summary, EffectiveOn: dptr(v.EffectiveOn), Hash: v.Hash,
		Audience: PolicyAudience(v.Audience), DueDays: v.DueDays, ApprovalID: v.ApprovalID, Rev: v.Rev}
	if !v.PublishedAt.IsZero() {
		t := v.PublishedAt
		out.PublishedAt = &t
	}
	return out
}

func ackOut(a policy.Assignment) PolicyAckOut {
	out := PolicyAckOut{PolicyID: a.PolicyID, Policy: a.PolicyTitle, VersionID: a.VersionID, VersionNumber: a.VersionNumber, EmployeeID: a.EmployeeID, Employee: a.EmployeeName,
		DueOn: a.DueOn, SignedName: a.SignedName, Hash: a.Hash}
	if a.Done() {
		t := a.AcknowledgedAt
		out.AcknowledgedAt = &t
	}
	return out
}

func policyOut(p policy.Policy, full bool) PolicyOut {
	out := PolicyOut{ID: p.ID, Title: p.Title, Category: p.Category, Owner: p.OwnerName}
	if p.Current.ID != 0 {
		c := versionOut(p.Current)
		if !full {
			c.Body = ""
		}
		out.Current = &c
	}
	if full {
		for _, v := range p.Versions {
			out.Versions = append(out.Versions, versionOut(v))
		}
	}
	if p.Mine != nil {
		m := ackOut(*p.Mine)
		out.Mine = &m
	}
	return out
}

func (in PolicyIn) input() policy.Input {
	return policy.Input{Title: in.Title, Category: in.Category, Body: in.Body, Summary: in.Summary, EffectiveOn: in.EffectiveOn, Audience: policy.Audience(in.Audience), DueDays: in.DueDays, Rev: in.Rev}
}

func (a *API) registerPolicies(h huma.API) {
	const tag = "Policies"
	get := func(ctx context.Context, id int64) (*body[PolicyOut], error) {
		p, err := a.Policies.Get(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PolicyOut]{policyOut(p, true)}, nil
	}
	huma.Register(h, op("list-policies", http.MethodGet, "/policies", "The policy library: the published policies (HR: every policy)", tag, access.PolicyView), func(ctx context.Context, _ *struct{}) (*body[Page[PolicyOut]], error) {
		ps, err := a.Policies.List(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PolicyOut]{Items: []PolicyOut{}}
		for _, p := range ps {
			out.Items = append(out.Items, policyOut(p, false))
		}
		return &body[Page[PolicyOut]]{out}, nil
	})
	cr := op("create-policy", http.MethodPost, "/policies", "Draft a new policy (version 1)", tag, access.PolicyDraft)
	cr.DefaultStatus = http.StatusCreated
	huma.Register(h, cr, func(ctx context.Context, in *body[PolicyIn]) (*body[PolicyOut], error) {
		id, err := a.Policies.Create(ctx, actor(ctx), in.Body.input())
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, id)
	})
	huma.Register(h, op("get-policy", http.MethodGet, "/policies/{id}", "A policy with its versions (HR: drafts too) and your own acknowledgment", tag, access.PolicyView), func(ctx context.Context, in *idPath) (*body[PolicyOut], error) {
		return get(ctx, in.ID)
	})
	huma.Register(h, op("save-policy-draft", http.MethodPut, "/policies/{id}/draft", "Save the draft (or start the next version from the published text)", tag, access.PolicyDraft), func(ctx context.Context, in *withBody[PolicyIn]) (*body[PolicyOut], error) {
		if _, err := a.Policies.SaveDraft(ctx, actor(ctx), in.ID, in.Body.input()); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("submit-policy", http.MethodPost, "/policies/{id}/submission", "Send the draft for approval (decide it with POST /approvals/{id}/decision; approving publishes and assigns it)", tag, access.PolicyDraft), func(ctx context.Context, in *idPath) (*body[PolicyOut], error) {
		if _, err := a.Policies.Submit(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("acknowledge-policy", http.MethodPost, "/policy-versions/{id}/acknowledgment", "Acknowledge a version assigned to you: type your full name (the e-signature keeps it, the time and the text's hash)", tag, access.PolicyView), func(ctx context.Context, in *withBody[struct {
		SignedName string `json:"signed_name" required:"true"`
	}]) (*body[PolicyAckOut], error) {
		act := actor(ctx)
		if err := a.Policies.Acknowledge(ctx, act, in.ID, in.Body.SignedName); err != nil {
			return nil, a.fail(ctx, err)
		}
		as, err := a.Policies.Mine(ctx, act)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, x := range as {
			if x.VersionID == in.ID {
				return &body[PolicyAckOut]{ackOut(x)}, nil
			}
		}
		return nil, a.fail(ctx, kit.NotFound("policy assignment"))
	})
	huma.Register(h, op("my-policies", http.MethodGet, "/me/policies", "The policies assigned to you and whether you acknowledged them", tag, access.PolicyView), func(ctx context.Context, _ *struct{}) (*body[Page[PolicyAckOut]], error) {
		as, err := a.Policies.Mine(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PolicyAckOut]{Items: []PolicyAckOut{}}
		for _, x := range as {
			out.Items = append(out.Items, ackOut(x))
		}
		return &body[Page[PolicyAckOut]]{out}, nil
	})
	huma.Register(h, op("policy-tracking", http.MethodGet, "/policy-versions/{id}/tracking", "Acknowledgments of a version by org unit, in your scope", tag, access.PolicyTrack), func(ctx context.Context, in *idPath) (*body[Page[PolicyUnitOut]], error) {
		us, err := a.Policies.Tracking(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PolicyUnitOut]{Items: []PolicyUnitOut{}}
		for _, u := range us {
			out.Items = append(out.Items, PolicyUnitOut{OrgUnit: u.OrgUnit, Assigned: u.Assigned, Acknowledged: u.Acknowledged, Overdue: u.Overdue, Pct: u.Pct()})
		}
		return &body[Page[PolicyUnitOut]]{out}, nil
	})
	huma.Register(h, op("export-policy-evidence", http.MethodGet, "/policy-versions/{id}/acknowledgments/export", "The acknowledgments of a version in your scope as CSV or XLSX (format=csv|xlsx): the evidence per employee", tag, access.PolicyTrack), func(ctx context.Context, in *struct {
		ID     int64  `path:"id" minimum:"1"`
		Format string `query:"format" enum:"csv,xlsx," doc:"Default xlsx"`
	}) (*fileOut, error) {
		format := in.Format
		if format == "" {
			format = "xlsx"
		}
		b, name, err := a.Policies.EvidenceFile(ctx, actor(ctx), in.ID, format)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "text/csv; charset=utf-8"
		if format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="` + name + `"`, Body: b}, nil
	})
	huma.Register(h, op("policy-evidence", http.MethodGet, "/policy-versions/{id}/acknowledgments", "Each employee's acknowledgment of a version, in your scope: the evidence (name typed, time, hash)", tag, access.PolicyTrack), func(ctx context.Context, in *idPath) (*body[Page[PolicyAckOut]], error) {
		as, err := a.Policies.Evidence(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PolicyAckOut]{Items: []PolicyAckOut{}}
		for _, x := range as {
			out.Items = append(out.Items, ackOut(x))
		}
		return &body[Page[PolicyAckOut]]{out}, nil
	})
}
