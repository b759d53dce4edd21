package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/kit"
)

// BonusPlanIn designs a bonus plan.
type BonusPlanIn struct {
	Name        string         `json:"name" required:"true"`
	PeriodStart string         `json:"period_start" required:"true" format:"date"`
	PeriodEnd   string         `json:"period_end" required:"true" format:"date"`
	PayDate     string         `json:"pay_date" required:"true" format:"date"`
	TargetBP    map[string]int `json:"target_bp_by_grade,omitempty" doc:"Target bonus as basis points of base pay, by grade name"`
	DefaultBP   int            `json:"default_target_bp" doc:"For grades not listed (0: not in the plan)"`
	CompanyBP   int            `json:"company_factor_bp" required:"true" doc:"10000 = 100%"`
	RatingBP    *[6]int        `json:"individual_factor_bp_by_rating,omitempty" doc:"Index 0 without a rating, then ratings 1-5 (default 100%, 0, 50%, 100%, 125%, 150%)"`
	CapBP       int            `json:"cap_bp" required:"true" doc:"The most a payout can be, as basis points of the target bonus"`
}

// BonusPlanOut is a plan with its calculation.
type BonusPlanOut struct {
	Plan        bonus.Plan        `json:"plan"`
	Calculation bonus.Calculation `json:"calculation"`
}

func (a *API) registerBonus(h huma.API) {
	const tag = "Bonus plans"
	huma.Register(h, op("list-bonus-plans", http.MethodGet, "/bonus-plans", "Bonus plans", tag, access.BonusManage), func(ctx context.Context, _ *struct{}) (*body[Page[bonus.Plan]], error) {
		ps, err := a.Bonus.Plans(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if ps == nil {
			ps = []bonus.Plan{}
		}
		return &body[Page[bonus.Plan]]{Page[bonus.Plan]{Items: ps}}, nil
	})
	get := func(ctx context.Context, id int64) (*body[BonusPlanOut], error) {
		p, c, err := a.Bonus.Calculator(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if c.Payouts == nil {
			c.Payouts = []bonus.Payout{}
		}
		return &body[BonusPlanOut]{BonusPlanOut{p, c}}, nil
	}
	save := func(ctx context.Context, id int64, b BonusPlanIn) (*body[BonusPlanOut], error) {
		f := kit.FieldErrors{}
		p := bonus.Plan{Name: b.Name, PeriodStart: parseDate(f, "period_start", b.PeriodStart), PeriodEnd: parseDate(f, "period_end", b.PeriodEnd), PayDate: parseDate(f, "pay_date", b.PayDate),
			TargetBP: b.TargetBP, DefaultBP: b.DefaultBP, CompanyBP: b.CompanyBP, RatingBP: bonus.DefaultRatingBP, CapBP: b.CapBP}
		if b.RatingBP != nil {
			p.RatingBP = *b.RatingBP
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Bonus.Save(ctx, actor(ctx), id, p)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, id)
	}
	cp := op("create-bonus-plan", http.MethodPost, "/bonus-plans", "Design a bonus plan", tag, access.BonusManage)
	cp.DefaultStatus = http.StatusCreated
	huma.Register(h, cp, func(ctx context.Context, in *body[BonusPlanIn]) (*body[BonusPlanOut], error) {
		return save(ctx, 0, in.Body)
	})
	huma.Register(h, op("update-bonus-plan", http.MethodPut, "/bonus-plans/{id}", "Change a draft bonus plan", tag, access.BonusManage), func(ctx context.Context, in *withBody[BonusPlanIn]) (*body[BonusPlanOut], error) {
		return save(ctx, in.ID, in.Body)
	})
	huma.Register(h, op("get-bonus-plan", http.MethodGet, "/bonus-plans/{id}", "A bonus plan with the calculator: every employee's payout (target × company factor × individual factor, capped, prorated) and the totals", tag, access.BonusManage), func(ctx context.Context, in *idPath) (*body[BonusPlanOut], error) {
		return get(ctx, in.ID)
	})
	sp := op("submit-bonus-plan", http.MethodPost, "/bonus-plans/{id}/submission", "Send the plan's payouts for approval (the bonus plan chain; by default an HR director)", tag, access.BonusManage)
	sp.DefaultStatus = http.StatusCreated
	huma.Register(h, sp, func(ctx context.Context, in *idPath) (*body[IDOut], error) {
		id, err := a.Bonus.Submit(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("pay-bonus-plan", http.MethodPost, "/bonus-plans/{id}/payout", "Pay an approved plan: each payout becomes an approved one-time payment (bonus) on the pay date, exported with that payroll", tag, access.BonusManage), func(ctx context.Context, in *idPath) (*body[BonusPlanOut], error) {
		if _, err := a.Bonus.PayOut(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
}
