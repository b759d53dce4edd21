package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// RetentionTypeOut is a record type on the retention dashboard.
type RetentionTypeOut struct {
	Type         string `json:"type"`
	Label        string `json:"label"`
	Rule         string `json:"rule"`
	Citation     string `json:"citation"`
	KeptApart    bool   `json:"kept_apart"`
	Documents    int    `json:"documents"`
	Purged       int    `json:"purged"`
	Due          int    `json:"due" doc:"Past retention and under no hold"`
	Held         int    `json:"held" doc:"Past retention but under a legal hold"`
	CompanyYears int    `json:"company_years" doc:"The company's minimum years after the last day (0: the federal minimum)"`
}

// RetentionItemOut is a record past retention.
type RetentionItemOut struct {
	Kind         string    `json:"kind" enum:"document,i9"`
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name"`
	Type         string    `json:"type"`
	Title        string    `json:"title"`
	LastDay      date.Date `json:"last_day"`
	RetainUntil  date.Date `json:"retain_until"`
	Held         bool      `json:"held"`
}

// RecordsRetentionOut is the retention dashboard.
type RecordsRetentionOut struct {
	Types []RetentionTypeOut `json:"types"`
	Due   []RetentionItemOut `json:"due"`
}

// RecordsPurgeOut is a records purge.
type RecordsPurgeOut struct {
	ID         int64              `json:"id"`
	Status     string             `json:"status" enum:"pending,done,rejected"`
	ApprovalID int64              `json:"approval_id,omitempty"`
	Requester  string             `json:"requested_by"`
	CreatedAt  time.Time          `json:"created_at"`
	Purged     int                `json:"purged"`
	Skipped    int                `json:"skipped"`
	Items      []RetentionItemOut `json:"items"`
}

// HoldOut is a legal hold.
type HoldOut struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind" enum:"employee,case,date_range,matter"`
	EmployeeID    int64      `json:"employee_id,omitempty"`
	CaseID        int64      `json:"case_id,omitempty"`
	MatterID      int64      `json:"matter_id,omitempty"`
	From          *string    `json:"from"`
	To            *string    `json:"to"`
	Covers        string     `json:"covers"`
	Reason        string     `json:"reason"`
	PlacedBy      string     `json:"placed_by"`
	PlacedAt      time.Time  `json:"placed_at"`
	Active        bool       `json:"active"`
	ReleasedAt    *time.Time `json:"released_at,omitempty"`
	ReleaseReason string     `json:"release_reason,omitempty"`
}

// HoldIn places a hold.
type HoldIn struct {
	Kind       string    `json:"kind" required:"true" enum:"employee,case,date_range"`
	EmployeeID int64     `json:"employee_id,omitempty"`
	CaseID     int64     `json:"case_id,omitempty"`
	From       date.Date `json:"from,omitempty"`
	To         date.Date `json:"to,omitempty"`
	Reason     string    `json:"reason" required:"true"`
}

// MatterIn opens a legal matter.
type MatterIn struct {
	Kind        string    `json:"kind" required:"true" enum:"charge,lawsuit,agency_audit,demand_letter"`
	Title       string    `json:"title" required:"true"`
	Agency      string    `json:"agency,omitempty"`
	Reference   string    `json:"reference,omitempty" doc:"The charge, case or notice number"`
	Counsel     string    `json:"counsel,omitempty"`
	ReceivedOn  date.Date `json:"received_on" required:"true"`
	ResponseDue date.Date `json:"response_due,omitempty"`
	Description string    `json:"description,omitempty"`
}

// MatterRequestOut is a line of the document-request checklist.
type MatterRequestOut struct {
	ID     int64   `json:"id"`
	Item   string  `json:"item"`
	DueOn  *string `json:"due_on"`
	DoneOn *string `json:"done_on"`
}

// MatterOut is a legal matter.
type MatterOut struct {
	ID          int64              `json:"id"`
	Kind        string             `json:"kind"`
	Title       string             `json:"title"`
	Agency      string             `json:"agency,omitempty"`
	Reference   string             `json:"reference,omitempty"`
	Counsel     string             `json:"counsel,omitempty"`
	ReceivedOn  date.Date          `json:"received_on"`
	ResponseDue *string            `json:"response_due"`
	Status      string             `json:"status" enum:"open,closed"`
	Description string             `json:"description,omitempty"`
	Outcome     string             `json:"outcome,omitempty"`
	ClosedOn    *string            `json:"closed_on"`
	Version     int                `json:"version"`
	Requests    []MatterRequestOut `json:"requests"`
	Holds       []HoldOut          `json:"holds"`
}

func itemOut(it records.Item) RetentionItemOut {
	return RetentionItemOut{Kind: it.Kind, ID: it.ID, EmployeeID: it.EmployeeID, EmployeeName: it.EmployeeName, Type: it.Type, Title: it.Title, LastDay: it.LastDay, RetainUntil: it.RetainUntil, Held: it.Held}
}

func holdOut(h records.Hold) HoldOut {
	out := HoldOut{ID: h.ID, Kind: h.Kind, EmployeeID: h.EmployeeID, CaseID: h.CaseID, MatterID: h.MatterID, From: dayPtr(h.From), To: dayPtr(h.To), Covers: h.Describe(),
		Reason: h.Reason, PlacedBy: h.PlacedByName, PlacedAt: h.PlacedAt, Active: h.Active(), ReleaseReason: h.ReleaseReason}
	if !h.ReleasedAt.IsZero() {
		t := h.ReleasedAt
		out.ReleasedAt = &t
	}
	return out
}

func matterOut(m records.Matter) MatterOut {
	out := MatterOut{ID: m.ID, Kind: m.Kind, Title: m.Title, Agency: m.Agency, Reference: m.Reference, Counsel: m.Counsel, ReceivedOn: m.ReceivedOn, ResponseDue: dayPtr(m.ResponseDue),
		Status: m.Status, Description: m.Description, Outcome: m.Outcome, ClosedOn: dayPtr(m.ClosedOn), Version: m.Version, Requests: []MatterRequestOut{}, Holds: []HoldOut{}}
	for _, r := range m.Requests {
		out.Requests = append(out.Requests, MatterRequestOut{ID: r.ID, Item: r.Item, DueOn: dayPtr(r.DueOn), DoneOn: dayPtr(r.DoneOn)})
	}
	for _, h := range m.Holds {
		out.Holds = append(out.Holds, holdOut(h))
	}
	return out
}

func (a *API) registerRetention(h huma.API) {
	const tag = "Records and legal"
	huma.Register(h, op("records-retention", http.MethodGet, "/records/retention", "The retention dashboard: documents by type with their rule, and the records in scope past retention (held ones marked)", tag, access.RecordsView), func(ctx context.Context, _ *struct{}) (*body[RecordsRetentionOut], error) {
		types, due, err := a.Records.Dashboard(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := RecordsRetentionOut{Types: []RetentionTypeOut{}, Due: []RetentionItemOut{}}
		for _, t := range types {
			out.Types = append(out.Types, RetentionTypeOut{Type: t.Type.Key, Label: t.Type.Label, Rule: t.Type.Rule, Citation: t.Type.Citation, KeptApart: t.Type.Apart,
				Documents: t.Documents, Purged: t.Purged, Due: t.Due, Held: t.Held, CompanyYears: t.Years})
		}
		for _, it := range due {
			out.Due = append(out.Due, itemOut(it))
		}
		return &body[RecordsRetentionOut]{out}, nil
	})
	huma.Register(h, op("set-retention-years", http.MethodPut, "/records/retention/years", "Set the company's minimum years after the last day per record type (personnel, medical, payroll, benefits)", tag, access.RecordsRetentionManage), func(ctx context.Context, in *body[map[string]int]) (*struct{}, error) {
		if err := a.Records.SetRetentionYears(ctx, actor(ctx), in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	getPurge := func(ctx context.Context, id int64) (*body[RecordsPurgeOut], error) {
		p, err := a.Records.GetPurge(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := RecordsPurgeOut{ID: p.ID, Status: p.Status, ApprovalID: p.ApprovalID, Requester: p.Requester, CreatedAt: p.CreatedAt, Purged: p.Purged, Skipped: p.Skipped, Items: []RetentionItemOut{}}
		for _, it := range p.Items {
			out.Items = append(out.Items, itemOut(it))
		}
		return &body[RecordsPurgeOut]{out}, nil
	}
	rq := op("request-records-purge", http.MethodPost, "/records/purges", "Propose purging every record in scope past retention and under no legal hold; an HR manager approves it on the Approvals page", tag, access.RecordsPurgeRequest)
	rq.DefaultStatus = http.StatusCreated
	huma.Register(h, rq, func(ctx context.Context, _ *struct{}) (*body[RecordsPurgeOut], error) {
		id, err := a.Records.RequestPurge(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPurge(ctx, id)
	})
	huma.Register(h, op("get-records-purge", http.MethodGet, "/records/purges/{id}", "A records purge with its items and outcome", tag, access.RecordsView), func(ctx context.Context, in *idPath) (*body[RecordsPurgeOut], error) {
		return getPurge(ctx, in.ID)
	})
	huma.Register(h, op("list-legal-holds", http.MethodGet, "/legal-holds", "Legal holds, active first (a legal matter's shown without its details unless you may see matters)", tag, access.RecordsView), func(ctx context.Context, _ *struct{}) (*body[Page[HoldOut]], error) {
		hs, err := a.Records.Holds(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[HoldOut]{Items: []HoldOut{}}
		for _, x := range hs {
			out.Items = append(out.Items, holdOut(x))
		}
		return &body[Page[HoldOut]]{out}, nil
	})
	ph := op("place-legal-hold", http.MethodPost, "/legal-holds", "Place a legal hold on an employee's records, an ER case's people, or every record dated within a range", tag, access.RecordsHoldManage)
	ph.DefaultStatus = http.StatusCreated
	huma.Register(h, ph, func(ctx context.Context, in *body[HoldIn]) (*body[HoldOut], error) {
		b := in.Body
		id, err := a.Records.PlaceHold(ctx, actor(ctx), records.HoldInput{Kind: b.Kind, EmployeeID: b.EmployeeID, CaseID: b.CaseID, From: b.From, To: b.To, Reason: b.Reason})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.hold(ctx, id)
	})
	huma.Register(h, op("release-legal-hold", http.MethodPost, "/legal-holds/{id}/release", "Release a legal hold, with the reason", tag, access.RecordsHoldManage), func(ctx context.Context, in *withBody[struct {
		Reason string `json:"reason" required:"true"`
	}]) (*body[HoldOut], error) {
		if err := a.Records.ReleaseHold(ctx, actor(ctx), in.ID, in.Body.Reason); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.hold(ctx, in.ID)
	})

	getMatter := func(ctx context.Context, id int64) (*body[MatterOut], error) {
		m, err := a.Records.GetMatter(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[MatterOut]{matterOut(m)}, nil
	}
	huma.Register(h, op("list-legal-matters", http.MethodGet, "/legal-matters", "Legal claims and government audits (HR managers and directors)", tag, access.LegalMatterManage), func(ctx context.Context, _ *struct{}) (*body[Page[MatterOut]], error) {
		ms, err := a.Records.Matters(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[MatterOut]{Items: []MatterOut{}}
		for _, m := range ms {
			out.Items = append(out.Items, matterOut(m))
		}
		return &body[Page[MatterOut]]{out}, nil
	})
	om := op("open-legal-matter", http.MethodPost, "/legal-matters", "Record a charge, lawsuit, agency audit or demand letter", tag, access.LegalMatterManage)
	om.DefaultStatus = http.StatusCreated
	huma.Register(h, om, func(ctx context.Context, in *body[MatterIn]) (*body[MatterOut], error) {
		b := in.Body
		id, err := a.Records.OpenMatter(ctx, actor(ctx), records.MatterInput{Kind: b.Kind, Title: b.Title, Agency: b.Agency, Reference: b.Reference, Counsel: b.Counsel,
			ReceivedOn: b.ReceivedOn, ResponseDue: b.ResponseDue, Description: b.Description})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getMatter(ctx, id)
	})
	huma.Register(h, op("get-legal-matter", http.MethodGet, "/legal-matters/{id}", "A legal matter with its document requests and holds", tag, access.LegalMatterManage), func(ctx context.Context, in *idPath) (*body[MatterOut], error) {
		return getMatter(ctx, in.ID)
	})
	huma.Register(h, op("add-legal-matter-people", http.MethodPost, "/legal-matters/{id}/people", "Put people under the matter: each gets a legal hold on all their records", tag, access.LegalMatterManage), func(ctx context.Context, in *withBody[struct {
		EmployeeIDs []int64 `json:"employee_ids" required:"true"`
	}]) (*body[MatterOut], error) {
		if err := a.Records.AddPeople(ctx, actor(ctx), in.ID, in.Body.EmployeeIDs); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getMatter(ctx, in.ID)
	})
	ar := op("add-legal-matter-request", http.MethodPost, "/legal-matters/{id}/requests", "Add a line to the document-request checklist", tag, access.LegalMatterManage)
	ar.DefaultStatus = http.StatusCreated
	huma.Register(h, ar, func(ctx context.Context, in *withBody[struct {
		Item  string    `json:"item" required:"true"`
		DueOn date.Date `json:"due_on,omitempty"`
	}]) (*body[MatterOut], error) {
		if _, err := a.Records.AddRequest(ctx, actor(ctx), in.ID, in.Body.Item, in.Body.DueOn); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getMatter(ctx, in.ID)
	})
	huma.Register(h, op("complete-legal-matter-request", http.MethodPost, "/legal-matters/{id}/requests/{request}/done", "Tick a document request as produced", tag, access.LegalMatterManage), func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		Request int64 `path:"request" minimum:"1"`
	}) (*body[MatterOut], error) {
		if err := a.Records.CompleteRequest(ctx, actor(ctx), in.ID, in.Request); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getMatter(ctx, in.ID)
	})
	huma.Register(h, op("close-legal-matter", http.MethodPost, "/legal-matters/{id}/closure", "Record the outcome and close the matter (its holds stay until released)", tag, access.LegalMatterManage), func(ctx context.Context, in *withBody[struct {
		Outcome string `json:"outcome" required:"true"`
		Version int    `json:"version,omitempty"`
	}]) (*body[MatterOut], error) {
		if err := a.Records.CloseMatter(ctx, actor(ctx), in.ID, in.Body.Outcome, in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getMatter(ctx, in.ID)
	})
}

func (a *API) hold(ctx context.Context, id int64) (*body[HoldOut], error) {
	hs, err := a.Records.Holds(ctx, actor(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	for _, h := range hs {
		if h.ID == id {
			return &body[HoldOut]{holdOut(h)}, nil
		}
	}
	return nil, a.fail(ctx, kit.NotFound("legal hold"))
}
