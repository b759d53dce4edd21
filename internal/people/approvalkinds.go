package people

import (
	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// The kinds of approval request the people domain raises, with the facts
// their approval chains may test.
func init() {
	work.RegisterKind(work.KindDef{
		Key: "termination", Label: "Termination", Decide: access.TerminationDecide,
		Facts: []work.FactDef{
			{Key: "involuntary", Label: "Involuntary", Type: "bool"},
			{Key: "rehire_eligible", Label: "Eligible for rehire", Type: "bool"},
			{Key: "tenure_years", Label: "Years of service in this stint", Type: "number"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverLineManager, work.ApproverSkipLevel},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
	// Pay changes apply at once unless the chain routes them: an empty
	// chain (the default) needs no approval.
	work.RegisterKind(work.KindDef{
		Key: "pay_change", Label: "Pay change", Decide: access.PayChangeDecide, Optional: true,
		Facts: []work.FactDef{
			{Key: "change_pct", Label: "Change in annual pay (%)", Type: "percent"},
			{Key: "annual_change", Label: "Change in annual pay", Type: "money"},
			{Key: "new_annual_pay", Label: "New annual pay", Type: "money"},
			{Key: "outside_band", Label: "Outside the pay grade", Type: "bool"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverLineManager, work.ApproverSkipLevel},
	})
}

// terminationFacts are what a termination chain can test.
func terminationFacts(t Termination, p EmploymentPeriod, lastDay date.Date) work.Facts {
	years := 0.0
	if !p.Start.IsZero() && !lastDay.Before(p.Start) {
		years = float64(p.Start.DaysUntil(lastDay)) / 365.25
	}
	return work.Facts{"involuntary": work.Bool(!t.Voluntary), "rehire_eligible": work.Bool(t.RehireEligible), "tenure_years": years}
}
