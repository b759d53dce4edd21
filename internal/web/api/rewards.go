package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/rewards"
)

// RewardsSummaryOut is the total rewards summary with each line's change.
type RewardsSummaryOut struct {
	rewards.Summary
	Changes map[string]*float64 `json:"change_pct_by_line"`
}

func (a *API) registerRewards(h huma.API) {
	const tag = "Total rewards"
	huma.Register(h, op("total-rewards-statement", http.MethodGet, "/employees/{id}/total-rewards", "An employee's total rewards statement for the last 12 months: base pay, one-time payments by kind, paid time off earned at the hourly equivalent (an employee reads their own; audited)", tag, access.PayView), func(ctx context.Context, in *idPath) (*body[rewards.Statement], error) {
		st, err := a.Rewards.StatementFor(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[rewards.Statement]{st}, nil
	})
	huma.Register(h, op("total-rewards-statement-pdf", http.MethodGet, "/employees/{id}/total-rewards/statement.pdf", "The statement as a PDF", tag, access.PayView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		st, err := a.Rewards.StatementFor(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := a.Rewards.StatementPDF(ctx, st)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/pdf", ContentDisposition: fmt.Sprintf(`attachment; filename="total-rewards-%d.pdf"`, in.ID), Body: b}, nil
	})
	summary := func(ctx context.Context) (rewards.Summary, error) { return a.Rewards.SummaryFor(ctx, actor(ctx)) }
	huma.Register(h, op("total-rewards-summary", http.MethodGet, "/total-rewards", "The total rewards budget in your scope: base payroll, merit increases and one-time payments by kind, this year to date against the same dates last year", tag, access.CompDesign), func(ctx context.Context, _ *struct{}) (*body[RewardsSummaryOut], error) {
		s, err := summary(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := RewardsSummaryOut{Summary: s, Changes: map[string]*float64{}}
		for _, l := range append(s.Lines, s.Total) {
			out.Changes[l.Label] = l.ChangePct()
		}
		return &body[RewardsSummaryOut]{out}, nil
	})
	huma.Register(h, op("total-rewards-summary-file", http.MethodGet, "/total-rewards/file", "The total rewards summary for leadership as PDF or XLSX", tag, access.CompDesign), func(ctx context.Context, in *struct {
		Format string `query:"format" enum:"pdf,xlsx" default:"pdf"`
	}) (*fileOut, error) {
		s, err := summary(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := a.Rewards.SummaryFile(ctx, s, in.Format)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "application/pdf"
		if in.Format == "xlsx" {
			ct = tableType("xlsx")
		}
		return &fileOut{ContentType: ct, ContentDisposition: fmt.Sprintf(`attachment; filename="total-rewards-%s.%s"`, s.AsOf, in.Format), Body: b}, nil
	})
}
