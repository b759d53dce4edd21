package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
)

// StageIO is a pipeline stage.
type StageIO struct {
	Key  string `json:"key,omitempty" doc:"Kept across renames; given on save when blank. applied, offer and hired are fixed."`
	Name string `json:"name" required:"true" maxLength:"40"`
	Kind string `json:"kind" required:"true" enum:"applied,screen,phone_screen,interview,offer,hired" doc:"What the stage is, for metrics and candidate emails"`
}

func stagesOut(st []hiring.Stage) []StageIO {
	out := make([]StageIO, len(st))
	for i, s := range st {
		out[i] = StageIO{Key: s.Key, Name: s.Name, Kind: s.Kind}
	}
	return out
}

// StageTemplateOut is a pipeline template.
type StageTemplateOut struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	IsDefault   bool      `json:"is_default"`
	Stages      []StageIO `json:"stages"`
	InUse       int       `json:"requisitions" doc:"Requisitions whose pipeline came from it"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

// StageTemplateIn creates or replaces a pipeline template.
type StageTemplateIn struct {
	Name        string    `json:"name" required:"true"`
	Description string    `json:"description,omitempty"`
	IsDefault   bool      `json:"is_default,omitempty" doc:"New requisitions use it unless another is chosen"`
	Stages      []StageIO `json:"stages" required:"true" doc:"3 to 12 stages in kind order: one applied first, one offer, one hired last"`
	Version     int64     `json:"version,omitempty" doc:"On PUT: the version you saw"`
}

func stageTemplateOut(t hiring.StageTemplate) StageTemplateOut {
	return StageTemplateOut{ID: t.ID, Name: t.Name, Description: t.Description, IsDefault: t.IsDefault, Stages: stagesOut(t.Stages), InUse: t.InUse,
		UpdatedAt: t.UpdatedAt.UTC(), Version: t.Version}
}

func (b StageTemplateIn) input() hiring.StageTemplateInput {
	in := hiring.StageTemplateInput{Name: b.Name, Description: b.Description, IsDefault: b.IsDefault}
	for _, s := range b.Stages {
		in.Stages = append(in.Stages, hiring.Stage{Key: s.Key, Name: s.Name, Kind: s.Kind})
	}
	return in
}

func (a *API) registerPipelines(h huma.API) {
	huma.Register(h, opAny("list-stage-templates", http.MethodGet, "/stage-templates", "Pipeline templates (readable with hiring.requisitions.manage too)", "Recruiting", access.ATSManage, access.RequisitionManage), func(ctx context.Context, _ *struct{}) (*body[Page[StageTemplateOut]], error) {
		ts, err := a.Hiring.StageTemplates(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[StageTemplateOut]{Items: []StageTemplateOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, stageTemplateOut(t))
		}
		return &body[Page[StageTemplateOut]]{out}, nil
	})
	create := op("create-stage-template", http.MethodPost, "/stage-templates", "Create a pipeline template", "Recruiting", access.ATSManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[StageTemplateIn]) (*body[StageTemplateOut], error) {
		id, err := a.Hiring.SaveStageTemplate(ctx, actor(ctx), 0, in.Body.input(), 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.stageTemplate(ctx, id)
	})
	huma.Register(h, opAny("get-stage-template", http.MethodGet, "/stage-templates/{id}", "One pipeline template", "Recruiting", access.ATSManage, access.RequisitionManage), func(ctx context.Context, in *idPath) (*body[StageTemplateOut], error) {
		return a.stageTemplate(ctx, in.ID)
	})
	huma.Register(h, op("replace-stage-template", http.MethodPut, "/stage-templates/{id}", "Replace a pipeline template (requisitions already using it keep their copy)", "Recruiting", access.ATSManage), func(ctx context.Context, in *withBody[StageTemplateIn]) (*body[StageTemplateOut], error) {
		if _, err := a.Hiring.SaveStageTemplate(ctx, actor(ctx), in.ID, in.Body.input(), in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.stageTemplate(ctx, in.ID)
	})
	del := op("delete-stage-template", http.MethodDelete, "/stage-templates/{id}", "Delete a pipeline template that is not the default", "Recruiting", access.ATSManage)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Hiring.DeleteStageTemplate(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("set-requisition-pipeline", http.MethodPut, "/requisitions/{id}/pipeline", "Give a requisition another pipeline (every active candidate's stage must exist in it)", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[struct {
		StageTemplateID int64 `json:"stage_template_id" doc:"0 for the default pipeline"`
	}]) (*body[RequisitionOut], error) {
		if err := a.Hiring.SetPipeline(ctx, actor(ctx), in.ID, in.Body.StageTemplateID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, in.ID)
	})
}

func (a *API) stageTemplate(ctx context.Context, id int64) (*body[StageTemplateOut], error) {
	t, err := a.Hiring.StageTemplate(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[StageTemplateOut]{stageTemplateOut(t)}, nil
}
