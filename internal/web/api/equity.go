package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/equity"
)

func (a *API) registerEquity(h huma.API) {
	huma.Register(h, op("pay-equity", http.MethodGet, "/compensation/equity", "The pay equity analysis over the active employees in your scope: OLS of log FTE base pay on sex (or race/ethnicity) with grade, job family, pay zone, tenure and the latest merit rating as controls; each group's adjusted gap with its 95% confidence interval, the raw gap, and employees paid more than two standard deviations below the model (each run is audited)", "Pay design", access.CompEquity), func(ctx context.Context, _ *struct{}) (*body[equity.Report], error) {
		rep, err := a.Equity.Analyze(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[equity.Report]{rep}, nil
	})
}
