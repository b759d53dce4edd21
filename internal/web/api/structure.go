package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/kit"
)

// PhilosophyOut is the compensation philosophy in force and its versions.
type PhilosophyOut struct {
	Current  structure.Philosophy   `json:"current"`
	Versions []structure.Philosophy `json:"versions"`
}

// PhilosophyIn is a new version of the philosophy.
type PhilosophyIn struct {
	TargetPercentile int    `json:"target_percentile" required:"true"`
	BaseMixBP        int    `json:"base_mix_bp" required:"true"`
	RangeSpreadBP    int    `json:"range_spread_bp" required:"true"`
	ProgressionBP    int    `json:"midpoint_progression_bp" required:"true"`
	MeritBudgetBP    int    `json:"merit_budget_bp" required:"true"`
	Text             string `json:"text" required:"true"`
}

// PayZoneIn creates or updates a pay zone.
type PayZoneIn struct {
	Name           string `json:"name" required:"true"`
	DifferentialBP int    `json:"differential_bp" required:"true"`
	Note           string `json:"note,omitempty"`
}

// StructureIn drafts a salary structure.
type StructureIn struct {
	Name          string `json:"name" required:"true"`
	Currency      string `json:"currency" required:"true"`
	EffectiveFrom string `json:"effective_from" required:"true" format:"date"`
	Note          string `json:"note,omitempty"`
	From          string `json:"from" required:"true" enum:"current,generate" doc:"Copy the grades in force (adjusted by adjust_bp) or generate grades from the philosophy's progression and spread"`
	AdjustBP      int    `json:"adjust_bp,omitempty" doc:"current: the structure increase in basis points (300 = +3%)"`
	Grades        int    `json:"grades,omitempty" doc:"generate: how many grades"`
	FirstMidCents int64  `json:"first_midpoint_cents,omitempty" doc:"generate: the lowest grade's midpoint"`
	Prefix        string `json:"prefix,omitempty" doc:"generate: grade names (G gives G1, G2…)"`
}

// StructureOut is a salary structure with where each job lands.
type StructureOut struct {
	structure.Structure
	Jobs []structure.JobGrade `json:"jobs"`
}

// StructureGradeIn sets a grade of a draft structure.
type StructureGradeIn struct {
	MinCents int64 `json:"min_cents" required:"true"`
	MidCents int64 `json:"midpoint_cents" required:"true"`
	MaxCents int64 `json:"max_cents" required:"true"`
}

func (a *API) registerStructures(h huma.API) {
	const tag = "Pay design"
	huma.Register(h, op("get-comp-philosophy", http.MethodGet, "/compensation/philosophy", "The compensation philosophy in force (the defaults until one is written) and its versions", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[PhilosophyOut], error) {
		cur, all, err := a.Structures.Philosophy(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if all == nil {
			all = []structure.Philosophy{}
		}
		return &body[PhilosophyOut]{PhilosophyOut{cur, all}}, nil
	})
	huma.Register(h, op("save-comp-philosophy", http.MethodPut, "/compensation/philosophy", "Save a new version of the compensation philosophy", tag, access.CompDesign), func(ctx context.Context, in *body[PhilosophyIn]) (*body[structure.Philosophy], error) {
		b := in.Body
		p, err := a.Structures.SavePhilosophy(ctx, actor(ctx), structure.Philosophy{TargetPercentile: b.TargetPercentile, BaseMixBP: b.BaseMixBP, RangeSpreadBP: b.RangeSpreadBP,
			ProgressionBP: b.ProgressionBP, MeritBudgetBP: b.MeritBudgetBP, Text: b.Text})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[structure.Philosophy]{p}, nil
	})
	huma.Register(h, op("list-pay-zones", http.MethodGet, "/pay-zones", "Pay zones with their differential and worksites", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[structure.Zone]], error) {
		zs, err := a.Structures.Zones(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if zs == nil {
			zs = []structure.Zone{}
		}
		return &body[Page[structure.Zone]]{Page[structure.Zone]{Items: zs}}, nil
	})
	cz := op("create-pay-zone", http.MethodPost, "/pay-zones", "Create a pay zone", tag, access.CompDesign)
	cz.DefaultStatus = http.StatusCreated
	huma.Register(h, cz, func(ctx context.Context, in *body[PayZoneIn]) (*body[IDOut], error) {
		id, err := a.Structures.SaveZone(ctx, actor(ctx), structure.Zone{Name: in.Body.Name, DifferentialBP: in.Body.DifferentialBP, Note: in.Body.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("update-pay-zone", http.MethodPut, "/pay-zones/{id}", "Change a pay zone's name or differential (every range at its worksites moves with it)", tag, access.CompDesign), func(ctx context.Context, in *withBody[PayZoneIn]) (*body[IDOut], error) {
		id, err := a.Structures.SaveZone(ctx, actor(ctx), structure.Zone{ID: in.ID, Name: in.Body.Name, DifferentialBP: in.Body.DifferentialBP, Note: in.Body.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("set-location-pay-zone", http.MethodPut, "/locations/{id}/pay-zone", "Put a worksite in a pay zone (zone_id 0: the national range)", tag, access.CompDesign), func(ctx context.Context, in *withBody[struct {
		ZoneID int64 `json:"zone_id"`
	}]) (*struct{}, error) {
		if err := a.Structures.AssignZone(ctx, actor(ctx), in.ID, in.Body.ZoneID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("list-pay-structures", http.MethodGet, "/pay-structures", "Salary structures, newest first, with their grades", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[structure.Structure]], error) {
		ss, err := a.Structures.Structures(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if ss == nil {
			ss = []structure.Structure{}
		}
		return &body[Page[structure.Structure]]{Page[structure.Structure]{Items: ss}}, nil
	})
	get := func(ctx context.Context, id int64) (*body[StructureOut], error) {
		s, jobs, err := a.Structures.Detail(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if jobs == nil {
			jobs = []structure.JobGrade{}
		}
		return &body[StructureOut]{StructureOut{s, jobs}}, nil
	}
	huma.Register(h, op("get-pay-structure", http.MethodGet, "/pay-structures/{id}", "A salary structure: its grades and the grade each job moves to", tag, access.PayView), func(ctx context.Context, in *idPath) (*body[StructureOut], error) {
		return get(ctx, in.ID)
	})
	cs := op("create-pay-structure", http.MethodPost, "/pay-structures", "Draft a salary structure from the grades in force (with a structure increase) or generated from the philosophy", tag, access.CompDesign)
	cs.DefaultStatus = http.StatusCreated
	huma.Register(h, cs, func(ctx context.Context, in *body[StructureIn]) (*body[StructureOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		id, err := a.Structures.CreateStructure(ctx, actor(ctx), structure.NewStructureInput{Name: b.Name, Currency: b.Currency, EffectiveFrom: parseDate(f, "effective_from", b.EffectiveFrom),
			Note: b.Note, From: b.From, AdjustBP: b.AdjustBP, Grades: b.Grades, FirstMidCents: b.FirstMidCents, Prefix: b.Prefix, Invalid: f})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, id)
	})
	huma.Register(h, op("set-pay-structure-grade", http.MethodPut, "/pay-structures/{id}/grades/{name}", "Add or change a grade of a draft structure", tag, access.CompDesign), func(ctx context.Context, in *struct {
		ID   int64  `path:"id" minimum:"1"`
		Name string `path:"name"`
		Body StructureGradeIn
	}) (*body[StructureOut], error) {
		if err := a.Structures.SaveGrade(ctx, actor(ctx), in.ID, structure.Grade{Name: in.Name, MinCents: in.Body.MinCents, MidCents: in.Body.MidCents, MaxCents: in.Body.MaxCents}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("delete-pay-structure-grade", http.MethodDelete, "/pay-structures/{id}/grades/{name}", "Remove a grade from a draft structure", tag, access.CompDesign), func(ctx context.Context, in *struct {
		ID   int64  `path:"id" minimum:"1"`
		Name string `path:"name"`
	}) (*body[StructureOut], error) {
		if err := a.Structures.DeleteGrade(ctx, actor(ctx), in.ID, in.Name); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("map-pay-structure-job", http.MethodPut, "/pay-structures/{id}/jobs/{job}", "Set the grade a job moves to under a draft structure (empty: the grade of the same name)", tag, access.CompDesign), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Job  int64 `path:"job" minimum:"1"`
		Body struct {
			Grade string `json:"grade"`
		}
	}) (*body[StructureOut], error) {
		if err := a.Structures.MapJob(ctx, actor(ctx), in.ID, in.Job, in.Body.Grade); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("activate-pay-structure", http.MethodPost, "/pay-structures/{id}/activation", "Put a draft structure in force (on or after its effective date): its grades replace the ranges in force, every job moves to its grade, the structure it replaces is retired", tag, access.CompDesign), func(ctx context.Context, in *idPath) (*body[StructureOut], error) {
		if err := a.Structures.Activate(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("pay-positions", http.MethodGet, "/compensation/positions", "Every active employee in your pay scope against their range (zoned, FTE pay): compa-ratio, range penetration, below or above range, with the distributions per grade and department", tag, access.PayView), func(ctx context.Context, in *struct {
		OrgUnitID int64  `query:"org_unit_id" doc:"The unit and everything under it"`
		GradeID   int64  `query:"pay_grade_id"`
		Position  string `query:"position" enum:"below_range,in_range,above_range,no_grade,"`
		Limit     int    `query:"limit" default:"500" maximum:"100000"`
	}) (*body[structure.Positions], error) {
		p, err := a.Structures.PositionsFor(ctx, actor(ctx), structure.PositionFilter{OrgUnitID: in.OrgUnitID, GradeID: in.GradeID, Position: in.Position, Limit: in.Limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if p.Items == nil {
			p.Items = []structure.Position{}
		}
		return &body[structure.Positions]{p}, nil
	})
}
