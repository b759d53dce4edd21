package app

import (
	"context"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
)

// insightDomains reads the executive dashboard's cross-domain numbers
// from the domains' own services, so they are the numbers their pages
// show (and each domain's permission decides whether the reader sees
// them). It takes the services by pointer: the later ones are built
// after it is called.
func insightDomains(svc *Services) insights.DomainSources {
	return insights.DomainSources{
		Recruiting: func(ctx context.Context, a access.Actor, f insights.Filter) (insights.RecruitingSummary, error) {
			m, err := svc.Hiring.Metrics(ctx, a, hiring.MetricsFilter{From: f.From, To: f.To, OrgUnitID: f.OrgUnitID, JobFamily: f.JobFamily})
			if err != nil {
				return insights.RecruitingSummary{}, err
			}
			r := insights.RecruitingSummary{Filled: len(m.Filled), Hires: m.Hires, AcceptancePct: m.AcceptanceRate}
			if m.TimeToFill != nil {
				v := m.TimeToFill.AverageDays
				r.TimeToFillDays = &v
			}
			if m.CostPerHire != nil {
				v := m.CostPerHire.CostPerHire
				r.CostPerHire = &v
			}
			for _, q := range m.VsPlan {
				r.Planned += q.Planned
				r.HiredVsPlan += q.Hired
			}
			return r, nil
		},
		ER: func(ctx context.Context, a access.Actor) (insights.ERSummary, error) {
			t, err := svc.Relations.Trends(ctx, a)
			if err != nil {
				return insights.ERSummary{}, err
			}
			r := insights.ERSummary{From: t.From, To: t.To, Cases: t.Total, Per100: t.Per100, Spikes: []string{}}
			for _, sp := range t.Spikes {
				if sp.Flagged {
					r.Spikes = append(r.Spikes, sp.Unit)
				}
			}
			return r, nil
		},
		Pay: func(ctx context.Context, a access.Actor) (insights.PaySummary, error) {
			sum, err := svc.Rewards.SummaryFor(ctx, a)
			if err != nil {
				return insights.PaySummary{}, err
			}
			r := insights.PaySummary{Currency: sum.Currency, Headcount: sum.Headcount}
			if len(sum.Lines) > 0 {
				r.PayrollCents = sum.Lines[0].ThisYear
			}
			pos, err := svc.Structures.PositionsFor(ctx, a, structure.PositionFilter{Limit: 1})
			if err != nil {
				return r, err
			}
			r.AvgCompa, r.BelowRange, r.AboveRange = pos.Overall.AvgCompa, pos.Overall.Below, pos.Overall.Above
			rep, err := svc.Equity.Analyze(ctx, a)
			if err != nil && kit.KindOf(err) != kit.KindForbidden {
				return r, err
			}
			if err == nil && len(rep.Sex.Gaps) > 0 {
				g := rep.Sex.Gaps[0]
				r.AdjustedGapPct, r.GapGroup, r.GapSignificant = &g.AdjPct, g.Group+" against "+g.Reference, g.Significant
			}
			return r, nil
		},
		Benefits: func(ctx context.Context, a access.Actor) (insights.BenefitsSummary, error) {
			b, err := svc.Benefits.Budget(ctx, a)
			if err != nil {
				return insights.BenefitsSummary{}, err
			}
			return insights.BenefitsSummary{Year: b.Year, Enrolled: b.Total.Enrolled, EmployerCents: b.Total.ThisYear, EmployeeCents: b.Total.EmployeeCY}, nil
		},
	}
}
