package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// writeBonus runs last year's annual bonus plan through the product: the
// HR manager designs it (10% target, more for managers and executives, a
// 105% company factor, the merit ratings as individual factors, a 200%
// cap), the HR director approves it, and it is paid in March as one-time
// payments.
func (g *gen) writeBonus(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) error {
	px, ok := ts.(interface{ Bonus() bonus.Store })
	if !ok {
		return nil
	}
	st := px.Bonus()
	year := g.today.Year() - 1
	pay := date.New(year+1, time.March, 13)
	if pay.After(g.today) {
		return nil
	}
	at := func(d date.Date, h int) kit.Clock {
		return kit.FixedClock{T: d.Time().Add(time.Duration(h) * time.Hour)}
	}
	mgr := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	dir := access.Actor{UserID: users[pDirector], Name: "Renee Okafor", Grants: []access.Grant{{Role: access.RoleDirector}}}
	designed := pay.AddDays(-30)
	svc := func(c kit.Clock) *bonus.Service { return bonus.NewService(st, c, payroll.NewService(st.Payroll(), c)) }
	targets := map[string]int{}
	for _, gr := range g.grades {
		switch gr.name[0] {
		case 'M':
			targets[gr.name] = 1500
		case 'E':
			targets[gr.name] = 3000
		}
	}
	id, err := svc(at(designed, 15)).Save(ctx, mgr, 0, bonus.Plan{Name: fmt.Sprintf("%d annual bonus", year), PeriodStart: date.New(year, time.January, 1), PeriodEnd: date.New(year, time.December, 31),
		PayDate: pay, TargetBP: targets, DefaultBP: 1000, CompanyBP: 10500, RatingBP: bonus.DefaultRatingBP, CapBP: 20000})
	if err != nil {
		return fmt.Errorf("bonus plan: %w", err)
	}
	apID, err := svc(at(designed.AddDays(2), 10)).Submit(ctx, mgr, id)
	if err != nil {
		return fmt.Errorf("bonus plan: %w", err)
	}
	if apID != 0 {
		if err := svc(at(designed.AddDays(5), 11)).Decide(ctx, dir, apID, work.Decision{Approve: true, Comment: "Within the total rewards budget; company factor as agreed with the CFO."}); err != nil {
			return fmt.Errorf("bonus plan approval: %w", err)
		}
	}
	if _, err := svc(at(pay.AddDays(-7), 9)).PayOut(ctx, mgr, id); err != nil {
		return fmt.Errorf("bonus payout: %w", err)
	}
	return nil
}
