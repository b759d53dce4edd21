package api

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/kit"
)

// MarketDataOut is the market data aged to the common date.
type MarketDataOut struct {
	Aging market.Aging  `json:"aging"`
	Items []market.Aged `json:"items"`
}

// MarketPricingOut prices every job against the market.
type MarketPricingOut struct {
	TargetPercentile int            `json:"target_percentile"`
	Items            []market.Price `json:"items"`
}

const maxMarketFile = 5 << 20

func (a *API) registerMarket(h huma.API) {
	const tag = "Pay design"
	huma.Register(h, op("market-data", http.MethodGet, "/market/data", "The newest market data per survey job, aged to the common date, with the jobs matched to it", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[MarketDataOut], error) {
		items, ag, err := a.Market.Data(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if items == nil {
			items = []market.Aged{}
		}
		return &body[MarketDataOut]{MarketDataOut{ag, items}}, nil
	})
	huma.Register(h, op("set-market-aging", http.MethodPut, "/market/aging", "Set the annual aging rate and the common date (empty: today)", tag, access.CompDesign), func(ctx context.Context, in *body[struct {
		RateBP     int    `json:"annual_rate_bp" required:"true"`
		CommonDate string `json:"common_date,omitempty" format:"date"`
	}]) (*struct{}, error) {
		f := kit.FieldErrors{}
		ag := market.Aging{RateBP: in.Body.RateBP}
		if in.Body.CommonDate != "" {
			ag.Date = parseDate(f, "common_date", in.Body.CommonDate)
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.Market.SetAging(ctx, actor(ctx), ag); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	imp := op("import-market-data", http.MethodPost, "/market/imports", "Import market survey data from CSV or XLSX (job_code, p25, p50, p75, p90, effective_date, source; job_title, currency optional): all rows or none, with a row-by-row report (201 imported, 422 with the problems)", tag, access.CompDesign)
	imp.MaxBodyBytes = maxMarketFile + (1 << 20)
	imp.Errors = append(imp.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, imp, func(ctx context.Context, in *struct {
		RawBody huma.MultipartFormFiles[importForm]
	}) (*struct {
		Status int
		Body   market.ImportReport
	}, error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, maxMarketFile+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		rep, err := a.Market.Import(ctx, actor(ctx), form.File.Filename, data)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		status := http.StatusCreated
		if !rep.Imported {
			status = http.StatusUnprocessableEntity
		}
		return &struct {
			Status int
			Body   market.ImportReport
		}{status, rep}, nil
	})
	huma.Register(h, op("set-market-match", http.MethodPut, "/jobs/{id}/market-match", "Match a job to a survey job (empty job_code removes the match); adjustment_bp prices a partial match (10000 = the same job)", tag, access.CompDesign), func(ctx context.Context, in *withBody[struct {
		Source   string `json:"source"`
		JobCode  string `json:"job_code"`
		WeightBP int    `json:"adjustment_bp,omitempty"`
	}]) (*struct{}, error) {
		if err := a.Market.SetMatch(ctx, actor(ctx), market.Match{JobID: in.ID, Source: in.Body.Source, JobCode: in.Body.JobCode, WeightBP: in.Body.WeightBP}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("market-pricing", http.MethodGet, "/market/pricing", "Every job priced against the market: average FTE pay of the incumbents in your scope, the matched survey job aged, market P50 and at the philosophy's target percentile, the gap, and the grade midpoint against the target", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[MarketPricingOut], error) {
		items, phil, err := a.Market.Pricing(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if items == nil {
			items = []market.Price{}
		}
		return &body[MarketPricingOut]{MarketPricingOut{phil.TargetPercentile, items}}, nil
	})
	pr := op("propose-pay-structure", http.MethodPost, "/market/proposals", "Draft a salary structure from the market: each grade's midpoint at the philosophy's target percentile of its priced jobs, ranges at the philosophy's spread", tag, access.CompDesign)
	pr.DefaultStatus = http.StatusCreated
	huma.Register(h, pr, func(ctx context.Context, in *body[struct {
		Name          string `json:"name" required:"true"`
		Currency      string `json:"currency" required:"true"`
		EffectiveFrom string `json:"effective_from" required:"true" format:"date"`
	}]) (*body[IDOut], error) {
		f := kit.FieldErrors{}
		eff := parseDate(f, "effective_from", in.Body.EffectiveFrom)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Market.Propose(ctx, actor(ctx), in.Body.Name, in.Body.Currency, eff)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
}
