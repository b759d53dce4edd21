package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
)

// PlanRoundIO is a round of an interview plan.
type PlanRoundIO struct {
	Name         string   `json:"name" required:"true" maxLength:"100"`
	Minutes      int      `json:"minutes" required:"true" doc:"15 to 240"`
	Interviewers []int64  `json:"interviewer_ids" required:"true" doc:"User ids; 1 to 8"`
	Names        []string `json:"interviewer_names,omitempty" readOnly:"true"`
	Focus        []string `json:"focus,omitempty" doc:"The requisition's criteria this round rates; empty: all"`
}

// InterviewPlanIO is a requisition's interview plan.
type InterviewPlanIO struct {
	Rounds   []PlanRoundIO `json:"rounds" maxItems:"8" doc:"In order; empty removes the plan"`
	Criteria []string      `json:"criteria,omitempty" readOnly:"true" doc:"The requisition's scorecard criteria to choose a round's focus from"`
	Version  int64         `json:"version,omitempty" doc:"The requisition's version; on PUT, the one you saw (0: skip the check)"`
}

func (a *API) interviewPlan(ctx context.Context, id int64) (*body[InterviewPlanIO], error) {
	r, plan, err := a.Hiring.InterviewPlan(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := InterviewPlanIO{Rounds: []PlanRoundIO{}, Criteria: hiring.Criteria(r), Version: r.Version}
	for _, rd := range plan {
		io := PlanRoundIO{Name: rd.Name, Minutes: rd.Minutes, Interviewers: rd.Interviewers, Focus: rd.Focus}
		for _, p := range rd.Panel {
			io.Names = append(io.Names, p.Name)
		}
		out.Rounds = append(out.Rounds, io)
	}
	return &body[InterviewPlanIO]{out}, nil
}

func (a *API) registerInterviewPlans(h huma.API) {
	huma.Register(h, op("get-interview-plan", http.MethodGet, "/requisitions/{id}/interview-plan", "A requisition's interview plan: rounds, interviewers, length, the criteria each rates", "Recruiting", access.RequisitionView), func(ctx context.Context, in *idPath) (*body[InterviewPlanIO], error) {
		return a.interviewPlan(ctx, in.ID)
	})
	huma.Register(h, op("put-interview-plan", http.MethodPut, "/requisitions/{id}/interview-plan", "Set a requisition's interview plan", "Recruiting", access.InterviewManage), func(ctx context.Context, in *withBody[InterviewPlanIO]) (*body[InterviewPlanIO], error) {
		var rounds []hiring.InterviewRound
		for _, rd := range in.Body.Rounds {
			rounds = append(rounds, hiring.InterviewRound{Name: rd.Name, Minutes: rd.Minutes, Interviewers: rd.Interviewers, Focus: rd.Focus})
		}
		if err := a.Hiring.SetInterviewPlan(ctx, actor(ctx), in.ID, rounds, in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.interviewPlan(ctx, in.ID)
	})
}
