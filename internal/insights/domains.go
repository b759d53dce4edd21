package insights

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// RecruitingSummary is the recruiting domain's numbers for the period
// (its metrics page computes the same, by the rules engine).
type RecruitingSummary struct {
	TimeToFillDays *float64 `json:"time_to_fill_days"`
	Filled         int      `json:"requisitions_filled"`
	CostPerHire    *float64 `json:"cost_per_hire"`
	Hires          int      `json:"hires"`
	Planned        int      `json:"planned_hires" doc:"Growth hires in the hiring plan for the period's quarters"`
	HiredVsPlan    int      `json:"hired_against_plan" doc:"Hires on plan requisitions in those quarters"`
	AcceptancePct  float64  `json:"offer_acceptance_pct"`
}

// ERSummary is the employee relations domain's trend numbers (its own
// window: the 24 months to the end of this month).
type ERSummary struct {
	From, To date.Date `json:"-"`
	Cases    int       `json:"cases"`
	Per100   float64   `json:"cases_per_100_employees_a_year"`
	Spikes   []string  `json:"spikes" doc:"Org units whose last three months are significantly above their own and the company's rate"`
}

// PaySummary is the compensation domain's numbers today.
type PaySummary struct {
	Currency       string   `json:"currency"`
	PayrollCents   int64    `json:"annual_base_payroll_cents"`
	Headcount      int      `json:"headcount"`
	AvgCompa       float64  `json:"average_compa_ratio"`
	BelowRange     int      `json:"below_range"`
	AboveRange     int      `json:"above_range"`
	AdjustedGapPct *float64 `json:"adjusted_gender_gap_pct,omitempty" doc:"The pay equity analysis's adjusted gap for the first group against the reference (each run is audited)"`
	GapGroup       string   `json:"gap_group,omitempty"`
	GapSignificant bool     `json:"gap_significant"`
}

// BenefitsSummary is the benefits domain's numbers for this plan year.
type BenefitsSummary struct {
	Year          int   `json:"year"`
	Enrolled      int   `json:"coverages"`
	EmployerCents int64 `json:"employer_cost_year_cents"`
	EmployeeCents int64 `json:"employee_cost_year_cents"`
}

// Domains is the dashboard's cross-domain section; a part the reader may
// not see is nil.
type Domains struct {
	Recruiting *RecruitingSummary `json:"recruiting,omitempty"`
	ER         *ERSummary         `json:"employee_relations,omitempty"`
	Pay        *PaySummary        `json:"compensation,omitempty"`
	Benefits   *BenefitsSummary   `json:"benefits,omitempty"`
	ComputedAt time.Time          `json:"computed_at"`
}

// DomainSources read each domain's own numbers (the app wires the
// domains' services, so the numbers are the domain pages').
type DomainSources struct {
	Recruiting func(ctx context.Context, a access.Actor, f Filter) (RecruitingSummary, error)
	ER         func(ctx context.Context, a access.Actor) (ERSummary, error)
	Pay        func(ctx context.Context, a access.Actor) (PaySummary, error)
	Benefits   func(ctx context.Context, a access.Actor) (BenefitsSummary, error)
}

// SetDomainSources wires the domains into the dashboard.
func (s *Service) SetDomainSources(d DomainSources) { s.domains = d }

// Domains computes the cross-domain section for the filter: each
// domain's numbers as that domain computes them, for the parts the
// reader may see (the others are left out). Requires insights.view.
// Errors: KindInvalid (the filter), KindForbidden, KindNotFound.
func (s *Service) Domains(ctx context.Context, a access.Actor, f Filter) (Domains, error) {
	if err := f.Normalize(s.Today()); err != nil {
		return Domains{}, err
	}
	q, _, err := s.scope(ctx, a, f)
	if err != nil {
		return Domains{}, err
	}
	key := "domains|" + scopeKey(q) + "|" + fmt.Sprint(a.UserID)
	if c, ok := s.cached(key); ok {
		return c.(Domains), nil
	}
	d := Domains{ComputedAt: s.now().UTC()}
	keep := func(err error) error {
		if k := kit.KindOf(err); k == kit.KindForbidden || k == kit.KindNotFound {
			return nil
		}
		return err
	}
	var g errgroup
	if src := s.domains.Recruiting; src != nil {
		g.Go(func() error {
			r, err := src(ctx, a, f)
			if err == nil {
				d.Recruiting = &r
			}
			return keep(err)
		})
	}
	if src := s.domains.ER; src != nil && f.OrgUnitID == 0 && f.JobFamily == "" {
		g.Go(func() error {
			r, err := src(ctx, a)
			if err == nil {
				d.ER = &r
			}
			return keep(err)
		})
	}
	if src := s.domains.Pay; src != nil && f.OrgUnitID == 0 && f.JobFamily == "" {
		g.Go(func() error {
			r, err := src(ctx, a)
			if err == nil {
				d.Pay = &r
			}
			return keep(err)
		})
	}
	if src := s.domains.Benefits; src != nil && f.OrgUnitID == 0 && f.JobFamily == "" {
		g.Go(func() error {
			r, err := src(ctx, a)
			if err == nil {
				d.Benefits = &r
			}
			return keep(err)
		})
	}
	if err := g.Wait(); err != nil {
		return d, fmt.Errorf("domains: %w", err)
	}
	s.keep(key, d)
	return d, nil
}
