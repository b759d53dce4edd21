package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
)

// SLAIO is the candidate SLA.
type SLAIO struct {
	Days int `json:"days" doc:"An active candidate longer than this in one stage is waiting on us (1 to 30)"`
}

// WaitingOut is the candidates waiting on the recruiters.
type WaitingOut struct {
	Days  int              `json:"sla_days"`
	Total int              `json:"total"`
	Items []ApplicationOut `json:"items" doc:"The longest waiting first"`
}

func (a *API) registerSLA(h huma.API) {
	huma.Register(h, op("get-candidate-sla", http.MethodGet, "/recruiting/sla", "After how many days in one stage an active candidate is waiting on us", "Recruiting settings", ""), func(ctx context.Context, _ *struct{}) (*body[SLAIO], error) {
		return &body[SLAIO]{SLAIO{Days: a.Hiring.SLADays(ctx)}}, nil
	})
	huma.Register(h, op("put-candidate-sla", http.MethodPut, "/recruiting/sla", "Set the candidate SLA", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *body[SLAIO]) (*body[SLAIO], error) {
		if err := a.Hiring.SetSLADays(ctx, actor(ctx), in.Body.Days); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SLAIO]{SLAIO{Days: a.Hiring.SLADays(ctx)}}, nil
	})
	huma.Register(h, op("list-waiting-candidates", http.MethodGet, "/recruiting/waiting", "Active candidates over the SLA in one stage, in your scope", "Recruiting", access.CandidateManage), func(ctx context.Context, in *struct {
		Limit int `query:"limit" minimum:"0" maximum:"500" doc:"Default 25"`
	}) (*body[WaitingOut], error) {
		w, err := a.Hiring.WaitingOnUs(ctx, actor(ctx), in.Limit)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := WaitingOut{Days: w.Days, Total: w.Total, Items: []ApplicationOut{}}
		for _, ap := range w.Items {
			out.Items = append(out.Items, applicationOut(ap))
		}
		return &body[WaitingOut]{out}, nil
	})
}
