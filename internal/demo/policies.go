package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// demoPolicies is Northwind's policy library.
var demoPolicies = []struct {
	title, category, unit string
	versions              []string // bodies, oldest first
	summaries             []string
	publishedDaysAgo      []int // one per version; -1: waiting for approval
	ackShare              float64
}{
	{title: "Code of conduct", category: "conduct",
		versions: []string{
			"# Code of conduct\n\nWe treat customers, colleagues and partners with respect.\n\n## Conflicts of interest\n\nTell your manager about any outside work for a competitor or supplier.\n\n## Gifts\n\nDo not accept gifts worth more than $50.",
			"# Code of conduct\n\nWe treat customers, colleagues and partners with respect.\n\n## Conflicts of interest\n\nTell your manager and HR about any outside work for a competitor or supplier, and about relatives who work for one.\n\n## Gifts\n\nDo not accept gifts worth more than $75, and never cash or gift cards.\n\n## Speaking up\n\nRaise concerns with your manager, HR or the anonymous line at /report. We do not tolerate retaliation.",
		},
		summaries: []string{"First version", "Conflicts now include relatives; the gift limit rises to $75 and excludes cash; a speaking-up section"}, publishedDaysAgo: []int{400, 20}, ackShare: 0.7},
	{title: "Anti-harassment and equal opportunity", category: "conduct",
		versions:  []string{"# Anti-harassment and equal opportunity\n\nNorthwind prohibits harassment and discrimination on the basis of any protected characteristic.\n\n## Reporting\n\nReport to your manager, any HR team member or the anonymous line. HR investigates every report promptly and confidentially.\n\n## No retaliation\n\nNobody is penalised for a report made in good faith."},
		summaries: []string{"First version"}, publishedDaysAgo: []int{60}, ackShare: 0.9},
	{title: "Travel and expenses", category: "pay", unit: "Sales",
		versions:  []string{"# Travel and expenses\n\nBook economy travel through the company portal at least 14 days ahead.\n\n## Meals\n\nUp to $60 a day while travelling; keep itemised receipts.\n\n## Claims\n\nSubmit expenses within 30 days of the trip."},
		summaries: []string{"First version"}, publishedDaysAgo: []int{10}, ackShare: 0.4},
	{title: "Remote and hybrid work", category: "workplace",
		versions:  []string{"# Remote and hybrid work\n\nOffice-based employees may work from home up to two days a week with their manager's agreement.\n\n## Equipment\n\nThe company provides a laptop and a monitor; a $300 allowance covers a chair or desk.\n\n## Hours\n\nCore hours are 10:00 to 15:00 in your location's time zone."},
		summaries: []string{"A new policy for hybrid schedules"}, publishedDaysAgo: []int{-1}},
}

// writePolicies builds the policy library through the policy service on
// the days it happened: drafted by the generalist, approved by the HR
// manager (which publishes and assigns them), acknowledged by part of
// each audience (up to 400 people a version, so the large demo stays
// quick), and one new policy waiting for the HR manager's approval.
func (g *gen) writePolicies(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) (int, error) {
	px, ok := ts.(interface{ Policies() policy.Store })
	if !ok {
		return 0, nil
	}
	st := px.Policies()
	on := func(d date.Date, hour int) *policy.Service {
		return policy.NewService(st, kit.FixedClock{T: d.Time().Add(time.Duration(hour) * time.Hour)})
	}
	gen := access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Grants: []access.Grant{{Role: access.RoleGeneralist}}}
	mgr := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	count := 0
	for _, dp := range demoPolicies {
		var aud policy.Audience
		if dp.unit != "" {
			for _, u := range g.units {
				if u.name == dp.unit {
					aud.OrgUnitIDs = []int64{u.id}
				}
			}
		}
		var id int64
		for i, body := range dp.versions {
			days := dp.publishedDaysAgo[i]
			drafted := g.today.AddDays(-max(days, 0) - 7)
			in := policy.Input{Title: dp.title, Category: dp.category, Body: body, Summary: dp.summaries[i], Audience: aud, DueDays: 14}
			var err error
			if i == 0 {
				id, err = on(drafted, 10).Create(ctx, gen, in)
			} else {
				_, err = on(drafted, 10).SaveDraft(ctx, gen, id, in)
			}
			if err != nil {
				return count, fmt.Errorf("policy %s: %w", dp.title, err)
			}
			apID, err := on(drafted, 11).Submit(ctx, gen, id)
			if err != nil {
				return count, fmt.Errorf("submit %s: %w", dp.title, err)
			}
			if days < 0 {
				continue // waiting for the HR manager
			}
			published := g.today.AddDays(-days)
			if err := on(published, 9).Decide(ctx, mgr, apID, work.Decision{Approve: true, Comment: "Reviewed with counsel."}); err != nil {
				return count, fmt.Errorf("approve %s: %w", dp.title, err)
			}
		}
		count++
		p, err := on(g.today, 8).Get(ctx, mgr, id)
		if err != nil || p.Current.ID == 0 {
			continue
		}
		// Part of the audience acknowledges, over the days after
		// publishing.
		acked := 0
		for _, per := range g.active {
			if acked >= 400 {
				break
			}
			if per.persona >= 0 || g.rng.Float64() >= dp.ackShare {
				continue // the personas have theirs still to read
			}
			if _, err := st.GetPolicyAssignment(ctx, p.Current.ID, per.id); err != nil {
				continue // not in the audience
			}
			when := date.Of(p.Current.PublishedAt).AddDays(g.rng.IntN(max(1, date.Of(p.Current.PublishedAt).DaysUntil(g.today))))
			emp := access.Actor{UserID: 0, EmployeeID: per.id, Name: per.name()}
			if err := on(when, 9+g.rng.IntN(8)).Acknowledge(ctx, emp, p.Current.ID, per.given+" "+per.family); err != nil {
				return count, fmt.Errorf("acknowledge %s: %w", dp.title, err)
			}
			acked++
		}
	}
	return count, nil
}

// writeLegislation records the legislative changes Northwind is acting
// on: California's larger paid sick leave entitlement, assessed with its
// tasks, and a New York pay transparency rule not yet assessed.
func (g *gen) writeLegislation(ctx context.Context, cs compliance.Store, users [numPersonas]int64) error {
	mgr := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	on := func(d date.Date) *compliance.Service {
		return compliance.NewService(cs, kit.FixedClock{T: d.Time().Add(14 * time.Hour)})
	}
	recorded := g.today.AddDays(-12)
	id, err := on(recorded).RecordChange(ctx, mgr, compliance.ChangeInput{Jurisdiction: "CA", Title: "Paid sick leave rises to 5 days (40 hours)",
		Summary:   "Employers must provide at least 40 hours or 5 days of paid sick leave a year, with a usage cap no lower than that and carry-over up to 80 hours.",
		SourceURL: "https://leginfo.legislature.ca.gov/", EffectiveOn: g.today.AddDays(35)})
	if err != nil {
		return err
	}
	if err := on(recorded.AddDays(2)).AssessChange(ctx, mgr, id, compliance.AssessInput{Impact: "The sick leave type for California employees accrues 24 hours today; it must reach 40 hours, with the cap and carry-over raised.",
		Tasks: []compliance.TaskInput{{Title: "Raise the California sick leave accrual to 40 hours", DueOn: g.today.AddDays(20)}, {Title: "Tell California managers and employees about the change"}}}); err != nil {
		return err
	}
	_, err = on(g.today.AddDays(-3)).RecordChange(ctx, mgr, compliance.ChangeInput{Jurisdiction: "NY", Title: "Pay ranges in every job posting",
		Summary: "Postings for jobs performed in New York must show the good-faith pay range.", SourceURL: "https://dol.ny.gov/pay-transparency", EffectiveOn: g.today.AddDays(60)})
	return err
}
