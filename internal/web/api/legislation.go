package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ChangeIn records a legislative change.
type ChangeIn struct {
	Jurisdiction string    `json:"jurisdiction" required:"true" doc:"US for federal law, or the two-letter state"`
	Title        string    `json:"title" required:"true"`
	Summary      string    `json:"summary" required:"true"`
	SourceURL    string    `json:"source_url,omitempty"`
	EffectiveOn  date.Date `json:"effective_on" required:"true"`
}

// ChangeTaskIn is a task an assessment creates.
type ChangeTaskIn struct {
	Title string    `json:"title" required:"true"`
	DueOn date.Date `json:"due_on,omitempty" doc:"The effective date by default"`
}

// ChangeAffectedIO is what a change touches.
type ChangeAffectedIO struct {
	PolicyIDs   []int64 `json:"policy_ids,omitempty"`
	LocationIDs []int64 `json:"location_ids,omitempty"`
	JobIDs      []int64 `json:"job_ids,omitempty"`
}

// AssessIn assesses a change.
type AssessIn struct {
	Version  int              `json:"version,omitempty"`
	Impact   string           `json:"impact" required:"true"`
	Affected ChangeAffectedIO `json:"affected"`
	Tasks    []ChangeTaskIn   `json:"tasks,omitempty"`
}

// ChangeOut is a legislative change.
type ChangeOut struct {
	ID           int64            `json:"id"`
	Jurisdiction string           `json:"jurisdiction"`
	Title        string           `json:"title"`
	Summary      string           `json:"summary"`
	SourceURL    string           `json:"source_url,omitempty"`
	EffectiveOn  date.Date        `json:"effective_on"`
	Status       string           `json:"status" enum:"open,assessed,closed"`
	Impact       string           `json:"impact,omitempty"`
	Affected     ChangeAffectedIO `json:"affected"`
	Version      int              `json:"version"`
	UpdatedAt    time.Time        `json:"updated_at"`
	Tasks        []TaskOut        `json:"tasks,omitempty"`
}

// CalendarItemOut is a dated obligation.
type CalendarItemOut struct {
	Date  date.Date `json:"date"`
	Kind  string    `json:"kind" enum:"legislation,policy,leave,i9,closure,fmla_method"`
	Title string    `json:"title"`
	Link  string    `json:"link"`
}

func changeOut(c compliance.Change) ChangeOut {
	out := ChangeOut{ID: c.ID, Jurisdiction: c.Jurisdiction, Title: c.Title, Summary: c.Summary, SourceURL: c.SourceURL, EffectiveOn: c.EffectiveOn, Status: c.Status,
		Impact: c.Impact, Affected: ChangeAffectedIO(c.Affected), Version: c.Version, UpdatedAt: c.UpdatedAt}
	for _, t := range c.Tasks {
		out.Tasks = append(out.Tasks, taskOut(t, date.Of(timeNow())))
	}
	return out
}

func (a *API) registerLegislation(h huma.API) {
	const tag = "Compliance"
	get := func(ctx context.Context, id int64) (*body[ChangeOut], error) {
		c, err := a.Compliance.GetChange(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ChangeOut]{changeOut(c)}, nil
	}
	huma.Register(h, op("list-legislative-changes", http.MethodGet, "/legislative-changes", "The legislative change log", tag, access.CalendarView), func(ctx context.Context, _ *struct{}) (*body[Page[ChangeOut]], error) {
		cs, err := a.Compliance.Changes(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ChangeOut]{Items: []ChangeOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, changeOut(c))
		}
		return &body[Page[ChangeOut]]{out}, nil
	})
	cr := op("record-legislative-change", http.MethodPost, "/legislative-changes", "Record a change in the law", tag, access.LegislationManage)
	cr.DefaultStatus = http.StatusCreated
	huma.Register(h, cr, func(ctx context.Context, in *body[ChangeIn]) (*body[ChangeOut], error) {
		b := in.Body
		id, err := a.Compliance.RecordChange(ctx, actor(ctx), compliance.ChangeInput{Jurisdiction: b.Jurisdiction, Title: b.Title, Summary: b.Summary, SourceURL: b.SourceURL, EffectiveOn: b.EffectiveOn})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, id)
	})
	huma.Register(h, op("get-legislative-change", http.MethodGet, "/legislative-changes/{id}", "A legislative change with its tasks", tag, access.CalendarView), func(ctx context.Context, in *idPath) (*body[ChangeOut], error) {
		return get(ctx, in.ID)
	})
	huma.Register(h, op("assess-legislative-change", http.MethodPost, "/legislative-changes/{id}/assessment", "Assess a change's impact and create its tasks in the compliance queue", tag, access.LegislationManage), func(ctx context.Context, in *withBody[AssessIn]) (*body[ChangeOut], error) {
		b := in.Body
		ai := compliance.AssessInput{Version: b.Version, Impact: b.Impact, Affected: compliance.Affected(b.Affected)}
		for _, t := range b.Tasks {
			ai.Tasks = append(ai.Tasks, compliance.TaskInput{Title: t.Title, DueOn: t.DueOn})
		}
		if err := a.Compliance.AssessChange(ctx, actor(ctx), in.ID, ai); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("close-legislative-change", http.MethodPost, "/legislative-changes/{id}/closure", "Close a change once acted on", tag, access.LegislationManage), func(ctx context.Context, in *idPath) (*body[ChangeOut], error) {
		if err := a.Compliance.CloseChange(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("compliance-calendar", http.MethodGet, "/compliance/calendar", "The compliance calendar: laws taking effect, policy acknowledgments, leave notices and Form I-9 deadlines due, a change of the FMLA method, closures", tag, access.CalendarView), func(ctx context.Context, in *struct {
		From string `query:"from" format:"date" doc:"Default: today"`
		Days int    `query:"days" doc:"Default 90, at most 400"`
	}) (*body[Page[CalendarItemOut]], error) {
		from := date.Of(timeNow())
		if in.From != "" {
			d, err := date.Parse(in.From)
			if err != nil {
				return nil, a.fail(ctx, kit.Invalid("from", "Use YYYY-MM-DD"))
			}
			from = d
		}
		days := in.Days
		if days == 0 {
			days = 90
		}
		items, err := a.Compliance.Calendar(ctx, actor(ctx), from, days)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[CalendarItemOut]{Items: []CalendarItemOut{}}
		for _, it := range items {
			out.Items = append(out.Items, CalendarItemOut{Date: it.Date, Kind: it.Kind, Title: it.Title, Link: it.Link})
		}
		return &body[Page[CalendarItemOut]]{out}, nil
	})
}
