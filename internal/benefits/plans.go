package benefits

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Validate checks a carrier field by field.
func (c *Carrier) Validate() error {
	f := kit.FieldErrors{}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" || len(c.Name) > 120 {
		f.Add("name", "Enter a name of up to 120 characters")
	}
	if c.Kind == "" {
		c.Kind = "carrier"
	}
	if !slices.Contains(CarrierKinds, c.Kind) {
		f.Add("kind", "Choose carrier, broker or administrator")
	}
	c.PayerID = strings.TrimSpace(c.PayerID)
	if len(c.PayerID) > 80 || strings.ContainsAny(c.PayerID, "*~:^") {
		f.Add("payer_id", "Enter up to 80 characters, without * ~ : or ^")
	}
	c.ContactName, c.ContactPhone, c.Notes = strings.TrimSpace(c.ContactName), strings.TrimSpace(c.ContactPhone), strings.TrimSpace(c.Notes)
	if c.ContactEmail = strings.TrimSpace(c.ContactEmail); c.ContactEmail != "" {
		if _, err := mail.ParseAddress(c.ContactEmail); err != nil {
			f.Add("contact_email", "Enter an email address, like name@carrier.com")
		}
	}
	if len(c.ContactName) > 120 || len(c.ContactPhone) > 40 {
		f.Add("contact_name", "Use at most 120 characters for the name and 40 for the phone")
	}
	if len(c.Notes) > 8000 {
		f.Add("notes", "Use at most 8,000 characters")
	}
	if !c.ContractStart.IsZero() && !c.RenewalDate.IsZero() && !c.RenewalDate.After(c.ContractStart) {
		f.Add("renewal_date", "The renewal comes after the contract's start")
	}
	if c.RenewalLeadDays == 0 {
		c.RenewalLeadDays = 90
	}
	if c.RenewalLeadDays < 1 || c.RenewalLeadDays > 365 {
		f.Add("renewal_lead_days", "Enter 1 to 365 days")
	}
	return f.Err()
}

// Carriers lists the carriers and brokers. Requires benefits.design or
// benefits.admin.
func (s *Service) Carriers(ctx context.Context, a access.Actor) ([]Carrier, error) {
	if !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.store.BenefitCarriers(ctx)
}

// Carrier returns a carrier with its renewal quotes. Requires
// benefits.design or benefits.admin.
func (s *Service) Carrier(ctx context.Context, a access.Actor, id int64) (Carrier, []Quote, error) {
	if !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return Carrier{}, nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	c, err := s.store.GetBenefitCarrier(ctx, id)
	if err != nil {
		return c, nil, err
	}
	qs, err := s.quotes(ctx, s.store, id)
	return c, qs, err
}

// quotes fills each quote's year-over-year comparison with the rates of
// the year before.
func (s *Service) quotes(ctx context.Context, st Store, carrierID int64) ([]Quote, error) {
	qs, err := st.BenefitQuotes(ctx, carrierID)
	if err != nil {
		return nil, err
	}
	plans := map[int64]Plan{}
	for i, q := range qs {
		p, ok := plans[q.PlanID]
		if !ok {
			if p, err = st.GetBenefitPlan(ctx, q.PlanID); err != nil {
				return nil, err
			}
			plans[q.PlanID] = p
		}
		qs[i].PlanName = p.Name
		if r, ok := p.Rate(q.Year-1, q.Tier); ok {
			qs[i].CurrentCents = r.EmployeeCents + r.EmployerCents
			if qs[i].CurrentCents > 0 {
				qs[i].ChangePercent = float64(q.TotalCents-qs[i].CurrentCents) * 100 / float64(qs[i].CurrentCents)
			}
		}
	}
	return qs, nil
}

// SaveCarrier creates (id 0) or changes a carrier. With a renewal date it
// opens (once per date) a benefits task due RenewalLeadDays before the
// renewal to collect and compare quotes. Requires benefits.design.
// Errors: KindForbidden, KindInvalid, KindNotFound.
func (s *Service) SaveCarrier(ctx context.Context, a access.Actor, id int64, c Carrier) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	if err := c.Validate(); err != nil {
		return 0, err
	}
	c.ID, c.UpdatedAt = id, s.clock.Now()
	err := s.store.InTx(ctx, func(st Store) error {
		var before any
		var prev Carrier
		if id != 0 {
			var err error
			if prev, err = st.GetBenefitCarrier(ctx, id); err != nil {
				return err
			}
			before = prev
		}
		var err error
		if c.ID, err = st.SaveBenefitCarrier(ctx, c); err != nil {
			return err
		}
		if !c.RenewalDate.IsZero() && !c.RenewalDate.Equal(prev.RenewalDate) {
			due := c.RenewalDate.AddDays(-c.RenewalLeadDays)
			if due.Before(s.today()) {
				due = s.today()
			}
			if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: fmt.Sprintf("Benefits renewal: %s renews on %s", c.Name, c.RenewalDate),
				Description: "Ask the carrier or broker for renewal quotes, record them on the carrier's page to compare cost per tier year over year, and negotiate before the renewal.",
				Kind:        "benefits_renewal", QueueKey: "benefits", ObjectType: "benefit_carrier", ObjectID: c.ID, DueOn: due, Priority: "normal",
				Checklist: []string{"Request renewal quotes per plan and tier", "Record the quotes in Cadre", "Compare with the market (broker)", "Decide and sign the renewal"}}, s.clock.Now()); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "benefits.carrier.save", "benefit_carrier", c.ID, "Saved carrier "+c.Name, before, c)
	})
	return c.ID, err
}

// AddQuote records a renewal quote. Requires benefits.design. Errors:
// KindForbidden, KindInvalid, KindNotFound.
func (s *Service) AddQuote(ctx context.Context, a access.Actor, q Quote) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	if !slices.Contains(Tiers, q.Tier) {
		f.Add("tier", "Choose employee, employee_spouse, employee_children or family")
	}
	if q.Year < 2000 || q.Year > 2200 {
		f.Add("plan_year", "Enter the plan year, like 2027")
	}
	if q.TotalCents <= 0 {
		f.Add("total_cents_per_period", "Enter the quoted cost per pay period")
	}
	if q.Note = strings.TrimSpace(q.Note); len(q.Note) > 2000 {
		f.Add("note", "Use at most 2,000 characters")
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		if _, err := st.GetBenefitCarrier(ctx, q.CarrierID); err != nil {
			return err
		}
		p, err := st.GetBenefitPlan(ctx, q.PlanID)
		if err != nil || p.CarrierID != q.CarrierID {
			f.Add("plan_id", "Choose one of this carrier's plans")
		}
		if err := f.Err(); err != nil {
			return err
		}
		q.CreatedAt = s.clock.Now()
		if id, err = st.InsertBenefitQuote(ctx, q); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.quote.add", "benefit_carrier", q.CarrierID, fmt.Sprintf("Recorded a %d renewal quote for %s (%s)", q.Year, p.Name, TierLabel(q.Tier)), nil, q)
	})
	return id, err
}

// Validate checks a plan field by field.
func (p *Plan) Validate() error {
	f := kit.FieldErrors{}
	p.Name, p.Code, p.GroupNumber = strings.TrimSpace(p.Name), strings.ToUpper(strings.TrimSpace(p.Code)), strings.TrimSpace(p.GroupNumber)
	if p.Name == "" || len(p.Name) > 120 {
		f.Add("name", "Enter a name of up to 120 characters")
	}
	if !slices.Contains(Types, p.Type) {
		f.Add("type", "Choose medical, dental, vision, life, disability, fsa, hsa or retirement")
	}
	if p.Code == "" || len(p.Code) > 20 || strings.ContainsAny(p.Code, " ,;|*~:^") {
		f.Add("code", "Enter the payroll deduction code: up to 20 letters, digits, - or _")
	}
	if len(p.GroupNumber) > 50 || strings.ContainsAny(p.GroupNumber, "*~:^") {
		f.Add("group_number", "Enter up to 50 characters, without * ~ : or ^")
	}
	if p.Description = strings.TrimSpace(p.Description); len(p.Description) > 4000 {
		f.Add("description", "Use at most 4,000 characters")
	}
	if p.DocumentURL = strings.TrimSpace(p.DocumentURL); p.DocumentURL != "" && !strings.HasPrefix(p.DocumentURL, "https://") && !strings.HasPrefix(p.DocumentURL, "/") {
		f.Add("document_url", "Link the plan document with an https:// address")
	}
	for _, t := range p.Eligibility.Types {
		if !slices.Contains([]string{"full_time", "part_time", "temporary", "seasonal"}, t) {
			f.Add("employment_types", "Choose full_time, part_time, temporary or seasonal")
		}
	}
	if p.Eligibility.MinHours < 0 || p.Eligibility.MinHours > 80 {
		f.Add("min_weekly_hours", "Enter 0 to 80 hours")
	}
	if p.Eligibility.WaitingDays < 0 || p.Eligibility.WaitingDays > 90 {
		f.Add("waiting_days", "Enter 0 to 90 days: a waiting period may not exceed 90 days (29 CFR 2590.715-2708)")
	}
	if p.ChildAgeLimit == 0 {
		p.ChildAgeLimit = 26
	}
	if p.ChildAgeLimit < 18 || p.ChildAgeLimit > 30 {
		f.Add("child_age_limit", "Enter an age from 18 to 30")
	} else if p.Type == Medical && p.ChildAgeLimit < 26 {
		f.Add("child_age_limit", "Medical plans cover children until age 26 (42 U.S.C. 300gg-14)")
	}
	if len(p.Rates) == 0 {
		f.Add("rates", "Enter the cost per pay period of each tier for at least one plan year")
	}
	for y, rs := range p.Rates {
		if y < 2000 || y > 2200 {
			f.Add("rates", fmt.Sprintf("%d is not a plan year", y))
			continue
		}
		seen := map[string]bool{}
		for _, r := range rs {
			switch {
			case !slices.Contains(Tiers, r.Tier):
				f.Add("rates", "Unknown tier "+r.Tier)
			case !p.Tiered() && r.Tier != TierEmployee:
				f.Add("rates", TypeLabel(p.Type)+" plans have one tier: employee")
			case seen[r.Tier]:
				f.Add("rates", fmt.Sprintf("%d: %s is given twice", y, TierLabel(r.Tier)))
			case r.EmployeeCents < 0 || r.EmployerCents < 0:
				f.Add("rates", "Costs cannot be negative")
			}
			seen[r.Tier] = true
		}
		if !seen[TierEmployee] && p.Type != FSA && p.Type != HSA && p.Type != Retirement {
			f.Add("rates", fmt.Sprintf("%d: enter the employee-only tier", y))
		}
	}
	return f.Err()
}

// Plans lists the plans with today's enrollment. Any HR benefits role,
// and employees (self-service compares plans), may list them.
func (s *Service) Plans(ctx context.Context, a access.Actor) ([]Plan, error) {
	if a.EmployeeID == 0 && !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.store.BenefitPlans(ctx, s.today())
}

// PlanList lists the plans without today's enrollment (cheaper: pickers
// and forms).
func (s *Service) PlanList(ctx context.Context, a access.Actor) ([]Plan, error) {
	if a.EmployeeID == 0 && !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.store.BenefitPlans(ctx, date.Date{})
}

// Plan returns a plan.
func (s *Service) Plan(ctx context.Context, a access.Actor, id int64) (Plan, error) {
	if a.EmployeeID == 0 && !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return Plan{}, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.store.GetBenefitPlan(ctx, id)
}

// SavePlan creates (id 0) or changes a plan. The rates of a plan year
// that coverages are using cannot change under them: they are recorded
// on each coverage, and a new year's rates take effect at open
// enrollment. Requires benefits.design. Errors: KindForbidden,
// KindInvalid, KindNotFound, KindConflict (duplicate code).
func (s *Service) SavePlan(ctx context.Context, a access.Actor, id int64, p Plan) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	p.ID, p.UpdatedAt = id, s.clock.Now()
	err := s.store.InTx(ctx, func(st Store) error {
		if _, err := st.GetBenefitCarrier(ctx, p.CarrierID); err != nil {
			return kit.Invalid("carrier_id", "Choose the plan's carrier")
		}
		var before any
		if id != 0 {
			prev, err := st.GetBenefitPlan(ctx, id)
			if err != nil {
				return err
			}
			if prev.Type != p.Type {
				return kit.Invalid("type", "A plan's type cannot change; add a new plan")
			}
			before = prev
		}
		var err error
		if p.ID, err = st.SaveBenefitPlan(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.plan.save", "benefit_plan", p.ID, "Saved plan "+p.Name, before, p)
	})
	return p.ID, err
}

// BudgetLine is the employer's annual benefits cost for a plan or an org
// unit in a plan year.
type BudgetLine struct {
	Key        string  `json:"key"`
	Label      string  `json:"label"`
	Enrolled   int     `json:"enrolled"`
	LastYear   int64   `json:"previous_year_cents"`
	ThisYear   int64   `json:"year_cents"`
	NextYear   int64   `json:"next_year_cents"`
	ChangePct  float64 `json:"change_percent" doc:"Next year against this year"`
	EmployeeCY int64   `json:"employee_year_cents" doc:"What employees pay this year"`
}

// Budget is the employer benefits cost projected from enrollment.
type Budget struct {
	Year           int          `json:"year"`
	PeriodsPerYear int          `json:"periods_per_year"`
	ByPlan         []BudgetLine `json:"by_plan"`
	ByOrgUnit      []BudgetLine `json:"by_org_unit"`
	Total          BudgetLine   `json:"total"`
	// Assumption explains the projection.
	Assumption string `json:"assumption"`
}

// Budget projects the employer's benefits cost: the coverages in force
// today priced at the previous, current and next plan years' rates for
// their tier (the rates of the year a coverage was elected in when the
// plan has none for a year), times the pay periods per year. By plan and
// by org unit. Requires benefits.design (the HR manager owns the budget).
func (s *Service) Budget(ctx context.Context, a access.Actor) (Budget, error) {
	if err := design(a); err != nil {
		return Budget{}, err
	}
	paths, whole := access.ScopePaths(a, access.BenefitsDesign)
	today := s.today()
	n := s.PeriodsPerYear(ctx)
	b := Budget{Year: today.Year(), PeriodsPerYear: n, Assumption: fmt.Sprintf("Coverages in force on %s, each priced at its tier's employer cost per pay period in the plan year, times %d pay periods. Plans without rates for a year keep the rate the coverage was elected at.", today, n)}
	rows, err := s.store.BenefitBudgetRows(ctx, today, paths, whole)
	if err != nil {
		return b, err
	}
	plans, err := s.store.BenefitPlans(ctx, date.Date{})
	if err != nil {
		return b, err
	}
	byID := map[int64]Plan{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	plan, unit := map[string]*BudgetLine{}, map[string]*BudgetLine{}
	b.Total.Label = "All plans"
	for _, r := range rows {
		p := byID[r.PlanID]
		// A year's rate for the tier, or the rates the coverage was
		// elected at when the plan has none for that year.
		cost := func(y int) int64 {
			if rt, ok := p.Rate(y, r.Tier); ok {
				return rt.EmployerCents * int64(r.Count) * int64(n)
			}
			return r.EmployerCents * int64(n)
		}
		u := r.OrgUnit
		if u == "" {
			u = "(not employed today)"
		}
		for _, l := range []*BudgetLine{line(plan, fmt.Sprint(r.PlanID), p.Name), line(unit, u, u), &b.Total} {
			l.Enrolled += r.Count
			l.LastYear += cost(b.Year - 1)
			l.ThisYear += cost(b.Year)
			l.NextYear += cost(b.Year + 1)
			l.EmployeeCY += r.EmployeeCents * int64(n)
		}
	}
	flat := func(m map[string]*BudgetLine) []BudgetLine {
		out := make([]BudgetLine, 0, len(m))
		for _, l := range m {
			if l.ThisYear > 0 {
				l.ChangePct = float64(l.NextYear-l.ThisYear) * 100 / float64(l.ThisYear)
			}
			out = append(out, *l)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].ThisYear != out[j].ThisYear {
				return out[i].ThisYear > out[j].ThisYear
			}
			return out[i].Label < out[j].Label
		})
		return out
	}
	b.ByPlan, b.ByOrgUnit = flat(plan), flat(unit)
	if b.Total.ThisYear > 0 {
		b.Total.ChangePct = float64(b.Total.NextYear-b.Total.ThisYear) * 100 / float64(b.Total.ThisYear)
	}
	return b, nil
}

// line finds or adds a budget line.
func line(m map[string]*BudgetLine, key, label string) *BudgetLine {
	l := m[key]
	if l == nil {
		l = &BudgetLine{Key: key, Label: label}
		m[key] = l
	}
	return l
}

// BudgetRow is the employer-paid coverage in force of one plan, tier and
// org unit.
type BudgetRow struct {
	PlanID        int64
	Tier          string
	OrgUnit       string
	Count         int
	EmployeeCents int64
	EmployerCents int64
}

// ratesFor is the plan's rate for a tier in the year of day, with a clear
// error when it has none.
func ratesFor(p Plan, day date.Date, tier string) (Rate, error) {
	r, ok := p.Rate(day.Year(), tier)
	if !ok {
		if len(p.Rates[day.Year()]) == 0 {
			return r, kit.Invalid("plan_id", fmt.Sprintf("%s has no rates for the %d plan year", p.Name, day.Year()))
		}
		return r, kit.Invalid("tier", fmt.Sprintf("%s does not offer %s coverage", p.Name, strings.ToLower(TierLabel(tier))))
	}
	return r, nil
}
