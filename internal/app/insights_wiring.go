package app

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/calendar"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
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

// calendarSources feeds the calendar subscriptions from the domains'
// own lists, as the feed's owner.
func calendarSources(svc *Services, clock kit.Clock) {
	svc.Calendar.SetSource(calendar.KindInterviews, func(ctx context.Context, a access.Actor) ([]calendar.Event, error) {
		ivs, err := svc.Hiring.MyInterviews(ctx, a, clock.Now().AddDate(0, -1, 0))
		if err != nil {
			return nil, err
		}
		var out []calendar.Event
		for _, iv := range ivs {
			if iv.Status == "cancelled" {
				continue
			}
			summary := "Interview: " + iv.Candidate.Name() + " for " + iv.ReqTitle
			if iv.Round != "" {
				summary += " (" + iv.Round + ")"
			}
			out = append(out, calendar.Event{UID: "feed-" + iv.UID, Summary: summary, Details: "Requisition " + iv.ReqNumber, Location: iv.Location,
				Start: iv.StartsAt, End: iv.EndsAt, Sequence: iv.Sequence, Stamp: iv.UpdatedAt})
		}
		return out, nil
	})
	svc.Calendar.SetSource(calendar.KindDeadlines, func(ctx context.Context, a access.Actor) ([]calendar.Event, error) {
		ts, err := svc.Tasks.List(ctx, a, work.TaskFilter{OwnerUserID: a.UserID, Statuses: []string{"open", "in_progress", "waiting"}})
		if err != nil {
			return nil, err
		}
		var out []calendar.Event
		for _, t := range ts {
			if t.DueOn.IsZero() {
				continue
			}
			details := t.Description
			if t.EmployeeName != "" {
				details = t.EmployeeName + ". " + details
			}
			out = append(out, calendar.Event{UID: fmt.Sprintf("task-%d@cadre", t.ID), Summary: "Due: " + t.Title, Details: details, Day: t.DueOn, Stamp: t.UpdatedAt})
		}
		return out, nil
	})
}
