package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// homes are where the people of each region live (city and ZIP prefix):
// every employee has a home address, which carriers' 834 feeds need.
var homes = map[string]struct{ city, zip string }{
	"TX": {"Austin", "787"}, "CO": {"Denver", "802"}, "NV": {"Reno", "895"}, "ID": {"Boise", "837"}, "MT": {"Bozeman", "597"},
	"WA": {"Seattle", "981"}, "OR": {"Portland", "972"}, "CA": {"San Francisco", "941"}, "IL": {"Chicago", "606"}, "NY": {"Brooklyn", "112"},
	"NJ": {"Jersey City", "073"}, "MA": {"Boston", "021"}, "FL": {"Miami", "331"}, "GA": {"Atlanta", "303"}, "NC": {"Raleigh", "276"},
	"MN": {"Minneapolis", "554"}, "AZ": {"Phoenix", "850"},
}

var streets = []string{"Oak Street", "Maple Avenue", "Cedar Lane", "Elm Street", "Pine Road", "Lakeview Drive", "Hillcrest Avenue", "Willow Way", "Park Place", "Sunset Boulevard", "River Road", "Main Street"}

// homeAddress is "street, city, ST 12345" in the region of the person's
// work location.
func homeAddress(p *person, loc *locDef) string {
	h, ok := homes[loc.region]
	if !ok {
		h = homes["TX"]
	}
	city := h.city
	if loc.city != "" {
		city = loc.city
	}
	return fmt.Sprintf("%d %s, %s, %s %s%02d", 100+(p.seq*37)%9800, streets[p.seq%len(streets)], city, loc.region, h.zip, (p.seq*7)%100)
}

// ageOf is a person's age in the demo: 23 to 62; the support team lead
// is 52 (their eldest turns 26 this plan year).
func (g *gen) ageOf(p *person) int {
	if p == g.persona[pLead] {
		return 52
	}
	return 23 + mix(p.seq, 70, 40)
}

// mix is a deterministic number in [0, n) for a person and a purpose, so
// the benefits data does not disturb the generator's random sequence.
func mix(seq, salt, n int) int {
	x := uint64(seq)*2654435761 + uint64(salt)*40503
	x ^= x >> 13
	x *= 0x9E3779B97F4A7C15
	x ^= x >> 29
	return int(x % uint64(n))
}

type demoBenefitPlan struct {
	carrier int
	typ     string
	name    string
	code    string
	group   string
	desc    string
	types   []string
	hours   int
	wait    int
	// ee, er are this year's cost per pay period by tier (employee,
	// +spouse, +children, family); the year before costs 6% less, next
	// year 7.5% more (the renewal).
	ee, er [4]int64
}

var demoCarriers = []benefits.Carrier{
	{Name: "Aetna", Kind: "carrier", PayerID: "060876836", ContactName: "Dana Whitfield", ContactEmail: "dana.whitfield@aetna.example", ContactPhone: "800-555-0142", RenewalLeadDays: 120,
		Notes: "Renewal came in at +9.8%; the broker's market check (UHC, Cigna) supports +7.5% with a two-year rate cap. Countered at +6% with the HDHP deductible moved to $3,200."},
	{Name: "Delta Dental", Kind: "carrier", PayerID: "941461312", ContactName: "Luis Ortega", ContactEmail: "lortega@deltadental.example", RenewalLeadDays: 90},
	{Name: "VSP Vision Care", Kind: "carrier", PayerID: "941632821", ContactName: "Amy Chen", ContactEmail: "amy.chen@vsp.example", RenewalLeadDays: 90},
	{Name: "MetLife", Kind: "carrier", PayerID: "135581829", ContactName: "Grace Kim", ContactEmail: "gkim@metlife.example", RenewalLeadDays: 90},
	{Name: "HealthEquity", Kind: "administrator", ContactName: "Support team", ContactEmail: "employers@healthequity.example", RenewalLeadDays: 60},
	{Name: "Fidelity Investments", Kind: "administrator", ContactName: "Retirement desk", ContactEmail: "plansponsor@fidelity.example", RenewalLeadDays: 60},
	{Name: "Marsh McLennan Agency", Kind: "broker", ContactName: "Tom Becker", ContactEmail: "tom.becker@mma.example", ContactPhone: "512-555-0188", RenewalLeadDays: 150,
		Notes: "Broker of record since 2022. Commission 3% of premium. Annual stewardship report in September; market the medical line every other year."},
}

var demoBenefitPlans = []demoBenefitPlan{
	{carrier: 0, typ: benefits.Medical, name: "Aetna Choice PPO", code: "MEDPPO", group: "0865123-10", desc: "$1,000 deductible, 80% coinsurance, $4,000 out-of-pocket maximum; national PPO network.",
		types: []string{"full_time", "part_time"}, hours: 30, wait: 30, ee: [4]int64{4800, 14400, 12000, 21600}, er: [4]int64{21600, 38400, 33600, 52800}},
	{carrier: 0, typ: benefits.Medical, name: "Aetna HDHP 3000 with HSA", code: "MEDHDHP", group: "0865123-20", desc: "$3,000 deductible (HSA-qualified), 90% after deductible; pairs with the HSA and the company's seed.",
		types: []string{"full_time", "part_time"}, hours: 30, wait: 30, ee: [4]int64{1800, 7200, 6000, 10800}, er: [4]int64{18000, 31200, 27600, 43200}},
	{carrier: 1, typ: benefits.Dental, name: "Delta Dental PPO", code: "DENPPO", group: "21457-0001", desc: "Preventive at 100%, basic 80%, major 50%; $1,500 annual maximum; orthodontia for children.",
		types: []string{"full_time", "part_time"}, hours: 30, wait: 30, ee: [4]int64{600, 1500, 1700, 2600}, er: [4]int64{1400, 2300, 2500, 3600}},
	{carrier: 2, typ: benefits.Vision, name: "VSP Choice", code: "VISVSP", group: "30044187", desc: "$10 exam, $25 materials; frames every 24 months.",
		types: []string{"full_time", "part_time"}, hours: 30, wait: 30, ee: [4]int64{200, 400, 420, 650}, er: [4]int64{300, 500, 520, 750}},
	{carrier: 3, typ: benefits.Life, name: "Basic life and AD&D (1x salary)", code: "LIFEBASIC", group: "MLB-552901", desc: "Company-paid life and AD&D insurance of one year's base pay, up to $500,000.",
		types: []string{"full_time"}, ee: [4]int64{0}, er: [4]int64{350}},
	{carrier: 3, typ: benefits.Disability, name: "Long-term disability (60%)", code: "LTD60", group: "MLB-552902", desc: "Company-paid: 60% of base pay after 90 days, to $10,000 a month.",
		types: []string{"full_time"}, wait: 30, ee: [4]int64{0}, er: [4]int64{600}},
	{carrier: 4, typ: benefits.FSA, name: "Health care FSA", code: "FSAHC", desc: "Pre-tax spending on eligible health expenses; up to $660 carries over.",
		types: []string{"full_time", "part_time"}, hours: 30, ee: [4]int64{0}, er: [4]int64{0}},
	{carrier: 4, typ: benefits.HSA, name: "Health savings account", code: "HSA", desc: "With the HDHP only. The company seeds $520 a year ($20 per pay period).",
		types: []string{"full_time", "part_time"}, hours: 30, ee: [4]int64{0}, er: [4]int64{2000}},
	{carrier: 5, typ: benefits.Retirement, name: "401(k) savings plan", code: "401K", desc: "Pre-tax or Roth; the company matches 100% of the first 4% of pay, vested immediately.",
		ee: [4]int64{0}, er: [4]int64{0}},
}

// writeBenefits sets up benefits: the carriers and the broker with their
// contracts and renewal quotes, the plans with three years of rates, last
// year's open enrollment (closed; coverage in force since January) with
// the dependents it covers, this year's open enrollment in progress, new
// hires' windows, life events and a COBRA case.
func (g *gen) writeBenefits(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64, sealer *kit.Sealer, settings rules.Settings) error {
	px, ok := ts.(interface{ Benefits() benefits.Store })
	if !ok || sealer == nil {
		return nil
	}
	st := px.Benefits()
	y := g.today.Year()
	planYear := date.New(y, time.January, 1)
	created := planYear.AddDays(-40).Time().Add(10 * time.Hour)
	if err := st.SetSetting(ctx, benefits.KeySponsorTaxID, "74-2918350"); err != nil {
		return err
	}
	var carrierIDs []int64
	for i, c := range demoCarriers {
		c.ContractStart = date.New(y-3, time.January, 1)
		if c.Kind != "broker" {
			c.RenewalDate = date.New(y+1, time.January, 1)
		} else {
			c.RenewalDate = date.New(y+1, time.October, 1)
		}
		c.UpdatedAt = created
		id, err := st.SaveBenefitCarrier(ctx, c)
		if err != nil {
			return fmt.Errorf("carrier %d: %w", i, err)
		}
		carrierIDs = append(carrierIDs, id)
	}
	plans := make([]benefits.Plan, len(demoBenefitPlans))
	for i, d := range demoBenefitPlans {
		p := benefits.Plan{CarrierID: carrierIDs[d.carrier], Type: d.typ, Name: d.name, Code: d.code, GroupNumber: d.group, Description: d.desc, ChildAgeLimit: 26, Active: true,
			Eligibility: benefits.Eligibility{Types: d.types, MinHours: d.hours, WaitingDays: d.wait}, Rates: map[int][]benefits.Rate{}, UpdatedAt: created}
		for yi, factor := range map[int]float64{y - 1: 0.94, y: 1, y + 1: 1.075} {
			for t, tier := range benefits.Tiers {
				if !benefits.IsHealth(d.typ) && t > 0 {
					break
				}
				p.Rates[yi] = append(p.Rates[yi], benefits.Rate{Tier: tier, EmployeeCents: int64(float64(d.ee[t])*factor) / 100 * 100, EmployerCents: int64(float64(d.er[t])*factor) / 100 * 100})
			}
		}
		id, err := st.SaveBenefitPlan(ctx, p)
		if err != nil {
			return fmt.Errorf("plan %s: %w", d.name, err)
		}
		p.ID = id
		plans[i] = p
	}
	// Renewal quotes for next year, recorded in the fall.
	for _, pi := range []int{0, 1, 2} {
		for t, tier := range benefits.Tiers {
			cur := plans[pi].Rates[y][t]
			pct := []float64{1.098, 1.091, 1.042}[pi]
			if _, err := st.InsertBenefitQuote(ctx, benefits.Quote{CarrierID: plans[pi].CarrierID, PlanID: plans[pi].ID, Year: y + 1, Tier: tier, TotalCents: int64(float64(cur.EmployeeCents+cur.EmployerCents) * pct),
				Note: "Initial renewal", CreatedAt: date.New(y, time.September, 15).Time()}); err != nil {
				return err
			}
		}
	}

	// Last year's open enrollment: closed, coverage from January 1.
	oeLast, err := st.SaveBenefitWindow(ctx, benefits.Window{Kind: benefits.OpenEnrollment, Name: fmt.Sprintf("%d open enrollment", y), Opens: planYear.AddDays(-60), Closes: planYear.AddDays(-45),
		CoverageStart: planYear, Passive: true, ClosedAt: planYear.AddDays(-40).Time().Add(9 * time.Hour), CreatedAt: planYear.AddDays(-75).Time()})
	if err != nil {
		return err
	}
	// This year's open enrollment, open around today (in the fall).
	var oeNow int64
	if g.today.Month() >= time.October {
		if oeNow, err = st.SaveBenefitWindow(ctx, benefits.Window{Kind: benefits.OpenEnrollment, Name: fmt.Sprintf("%d open enrollment", y+1), Opens: g.today.AddDays(-10), Closes: g.today.AddDays(18),
			CoverageStart: date.New(y+1, time.January, 1), Passive: true, CreatedAt: g.today.AddDays(-30).Time()}); err != nil {
			return err
		}
	}
	persona := map[*person]int{}
	for k, p := range g.persona {
		if p != nil {
			persona[p] = k
		}
	}
	seal := func(s string) ([]byte, error) { return sealer.Seal([]byte(s)) }
	sens, _ := ts.(interface {
		SetSensitive(ctx context.Context, id int64, s people.Sensitive) error
	})
	birth := func(p *person) error {
		if sens == nil {
			return nil
		}
		b, err := seal(g.today.AddYears(-g.ageOf(p)).AddDays(-mix(p.seq, 71, 360)).String())
		if err != nil {
			return err
		}
		return sens.SetSensitive(ctx, p.id, people.Sensitive{BirthDate: b})
	}
	for _, p := range g.active {
		if p.hire.After(g.today) {
			continue
		}
		cur, _ := g.current(p)
		who := benefits.Person{EmployeeID: p.id, Type: cur.etype, Hours: cur.hours, Start: p.hire}
		from := planYear
		window := oeLast
		if p.hire.After(planYear.AddDays(-30)) {
			from = benefits.FirstOfMonthOnOrAfter(p.hire.AddDays(30))
			window = 0
		}
		if from.After(g.today) {
			continue // still in the waiting period: their new-hire window is below
		}
		// Carriers need the employee's date of birth (sealed like the
		// people core's).
		if err := birth(p); err != nil {
			return err
		}
		k, isPersona := persona[p]
		med := mix(p.seq, 1, 1000)
		tierN := mix(p.seq, 2, 100)
		tier := benefits.TierEmployee
		switch {
		case tierN >= 80:
			tier = benefits.TierFamily
		case tierN >= 65:
			tier = benefits.TierEmployeeChildren
		case tierN >= 45:
			tier = benefits.TierEmployeeSpouse
		}
		if isPersona && k == pEmployee {
			med, tier = 0, benefits.TierEmployee // the walkthrough adds a spouse and a child
		}
		if isPersona && k == pLead {
			med, tier = 0, benefits.TierFamily
		}
		// Dependents for the tier.
		var deps []int64
		add := func(rel, given string, birth date.Date, disabled bool) error {
			b, err := seal(birth.String())
			if err != nil {
				return err
			}
			d := benefits.Dependent{EmployeeID: p.id, Relationship: rel, GivenName: given, FamilyName: p.family, Gender: []string{"F", "M"}[mix(p.seq, len(given), 2)], BirthDate: birth, Disabled: disabled, CreatedAt: created}
			d = d.WithSealed(nil, b)
			id, err := st.SaveDependent(ctx, d)
			deps = append(deps, id)
			return err
		}
		if tier == benefits.TierEmployeeSpouse || tier == benefits.TierFamily {
			if err := add(benefits.Spouse, femaleNames[mix(p.seq, 3, len(femaleNames))], g.today.AddYears(-max(21, g.ageOf(p)+mix(p.seq, 4, 9)-4)).AddDays(-mix(p.seq, 5, 360)), false); err != nil {
				return err
			}
		}
		if tier == benefits.TierEmployeeChildren || tier == benefits.TierFamily {
			for c := range 1 + mix(p.seq, 6, 3) {
				age := 1 + mix(p.seq, 7+c, max(1, min(24, g.ageOf(p)-20)))
				born := g.today.AddYears(-age).AddDays(-mix(p.seq, 20+c, 360))
				if c == 0 && ((mix(p.seq, 11, 40) == 0 && g.ageOf(p) >= 48) || (isPersona && k == pLead)) {
					// Turns 26 at the end of this plan year: the age-limit
					// report.
					born = date.New(g.today.Year()-26, time.December, 20)
				}
				if err := add(benefits.Child, [][]string{femaleNames, maleNames}[mix(p.seq, 13+c, 2)][mix(p.seq, 12+c, 20)%len(femaleNames)], born, mix(p.seq, 30+c, 200) == 0); err != nil {
					return err
				}
			}
		}
		eligible := func(pi int) bool {
			ok, _ := plans[pi].Eligible(who)
			return ok
		}
		cover := func(pi int, tier string, deps []int64, amount int64, pct int) error {
			r, ok := plans[pi].Rate(from.Year(), tier)
			if !ok {
				return nil
			}
			ee := r.EmployeeCents
			if amount > 0 {
				ee += (amount + 25) / 26
			}
			_, err := st.InsertCoverage(ctx, benefits.Coverage{EmployeeID: p.id, PlanID: plans[pi].ID, Type: plans[pi].Type, Tier: tier, DependentIDs: deps, AmountCents: amount, PercentBP: pct,
				EmployeeCents: ee, EmployerCents: r.EmployerCents, From: from, WindowID: window, CreatedAt: g.stamp(from.AddDays(-30), 600)})
			return err
		}
		medical := -1
		if eligible(0) && med < 800 {
			medical = 0
			if med >= 550 {
				medical = 1
			}
			if err := cover(medical, tier, deps, 0, 0); err != nil {
				return err
			}
		}
		if eligible(2) && mix(p.seq, 40, 100) < 85 {
			if err := cover(2, tier, deps, 0, 0); err != nil {
				return err
			}
		}
		if eligible(3) && mix(p.seq, 41, 100) < 60 {
			if err := cover(3, tier, deps, 0, 0); err != nil {
				return err
			}
		}
		for _, pi := range []int{4, 5} {
			if eligible(pi) {
				if err := cover(pi, benefits.TierEmployee, nil, 0, 0); err != nil {
					return err
				}
			}
		}
		if medical == 0 && mix(p.seq, 42, 100) < 20 {
			if err := cover(6, benefits.TierEmployee, nil, int64(1500+mix(p.seq, 43, 16)*100)*100, 0); err != nil {
				return err
			}
		}
		if medical == 1 && mix(p.seq, 44, 100) < 60 {
			if err := cover(7, benefits.TierEmployee, nil, int64(1000+mix(p.seq, 45, 31)*100)*100, 0); err != nil {
				return err
			}
		}
		if mix(p.seq, 46, 100) < 70 {
			if err := cover(8, benefits.TierEmployee, nil, 0, 300+mix(p.seq, 47, 8)*100); err != nil {
				return err
			}
		}
		if window != 0 {
			if err := st.SaveEnrollment(ctx, benefits.Enrollment{WindowID: oeLast, EmployeeID: p.id, Status: benefits.Done, ConfirmedAt: planYear.AddDays(-50 + mix(p.seq, 48, 14)).Time().Add(13 * time.Hour)}); err != nil {
				return err
			}
		}
		// This year's open enrollment: about a third confirmed (keeping
		// their medical and dental at next year's rates), some started.
		if oeNow == 0 || (isPersona && k == pEmployee) {
			continue
		}
		switch s := mix(p.seq, 50, 100); {
		case s < 45 && medical >= 0:
			status := benefits.Done
			if s >= 32 {
				status = benefits.InProgress
			}
			at := g.today.AddDays(-mix(p.seq, 51, 10)).Time().Add(time.Duration(9+mix(p.seq, 52, 8)) * time.Hour)
			r, _ := plans[medical].Rate(y+1, tier)
			if err := st.SaveElection(ctx, benefits.Election{WindowID: oeNow, EmployeeID: p.id, Type: benefits.Medical, PlanID: plans[medical].ID, Tier: tier, DependentIDs: deps,
				EmployeeCents: r.EmployeeCents, EmployerCents: r.EmployerCents, UpdatedAt: at}); err != nil {
				return err
			}
			if status == benefits.Done {
				for _, t := range []string{benefits.Dental, benefits.Vision} {
					if err := st.SaveElection(ctx, benefits.Election{WindowID: oeNow, EmployeeID: p.id, Type: t, Waived: true, WaiveReason: "not_needed", DependentIDs: []int64{}, UpdatedAt: at}); err != nil {
						return err
					}
				}
			}
			en := benefits.Enrollment{WindowID: oeNow, EmployeeID: p.id, Status: status}
			if status == benefits.Done {
				en.ConfirmedAt = at
			}
			if err := st.SaveEnrollment(ctx, en); err != nil {
				return err
			}
		}
	}
	// New hires in their enrollment window.
	for _, p := range g.active {
		if p.hire.After(g.today) || p.hire.Before(g.today.AddDays(-30)) {
			continue
		}
		clock := func() date.Date { return p.hire }
		if err := benefits.StartNewHire(ctx, st, access.System, p.id, clock); err != nil {
			return fmt.Errorf("new-hire window: %w", err)
		}
	}
	gen := access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Grants: []access.Grant{{Role: access.RoleGeneralist}}}
	svc := func(d date.Date) *benefits.Service {
		return benefits.NewService(st, kit.FixedClock{T: d.Time().Add(10 * time.Hour)}, sealer, func(context.Context) (int, error) { return 26, nil },
			func(context.Context) (rules.Settings, error) { return settings, nil }, func(context.Context) (benefits.Company, error) {
				return benefits.Company{Name: "Northwind Outfitters"}, nil
			})
	}
	// Life events: a marriage verified and changed, a birth waiting for
	// the generalist, and a late loss of coverage HR accepted.
	events := 0
	for _, p := range g.active {
		if _, isPersona := persona[p]; isPersona || p.hire.After(planYear.AddDays(-30)) || events >= 3 {
			continue
		}
		cur, _ := g.current(p)
		if cur.etype != "full_time" {
			continue
		}
		switch events {
		case 0: // a birth five days ago, reported yesterday: to verify
			if mix(p.seq, 60, 3) != 0 {
				continue
			}
			born := g.today.AddDays(-5)
			if _, err := svc(g.today.AddDays(-1)).AddDependent(ctx, gen, p.id, benefits.DependentInput{Relationship: benefits.Child, GivenName: "Noah", FamilyName: p.family, Gender: "M", BirthDate: born.String(), Since: born.String()}); err != nil {
				return fmt.Errorf("life event dependent: %w", err)
			}
			if _, err := svc(g.today.AddDays(-1)).ReportLifeEvent(ctx, gen, p.id, benefits.LifeEventInput{Event: benefits.Birth, EventDate: born.String(), Note: "Reported by phone; the birth certificate will follow."}); err != nil {
				return fmt.Errorf("life event: %w", err)
			}
		case 1: // a marriage six weeks ago, verified
			if ds, err := st.Dependents(ctx, p.id); err != nil || len(ds) > 0 {
				continue
			}
			wed := g.today.AddDays(-42)
			if _, err := svc(wed.AddDays(9)).AddDependent(ctx, gen, p.id, benefits.DependentInput{Relationship: benefits.Spouse, GivenName: "Jamie", FamilyName: p.family, Gender: "F", BirthDate: wed.AddYears(-31).String(), Since: wed.String()}); err != nil {
				return fmt.Errorf("life event dependent: %w", err)
			}
			l, err := svc(wed.AddDays(9)).ReportLifeEvent(ctx, gen, p.id, benefits.LifeEventInput{Event: benefits.Marriage, EventDate: wed.String()})
			if err != nil {
				return fmt.Errorf("life event: %w", err)
			}
			if _, err := svc(wed.AddDays(11)).VerifyLifeEvent(ctx, gen, l.ID, true, "Marriage certificate seen."); err != nil {
				return fmt.Errorf("life event verification: %w", err)
			}
		case 2: // lost a spouse's coverage 40 days ago, reported late, accepted
			lost := g.today.AddDays(-40)
			if _, err := svc(g.today.AddDays(-3)).ReportLifeEvent(ctx, gen, p.id, benefits.LifeEventInput{Event: benefits.LossOfCoverage, EventDate: lost.String(),
				OverrideReason: "The other employer's termination letter arrived late; the employee asked on time by email (attached to the help desk ticket)."}); err != nil {
				return fmt.Errorf("late life event: %w", err)
			}
		}
		events++
	}
	// COBRA for the most recent leaver with group health coverage.
	for _, p := range g.gone {
		if len(p.periods) == 0 {
			continue
		}
		last := p.periods[len(p.periods)-1].End
		if last.IsZero() || last.Before(g.today.AddDays(-40)) || !last.Before(g.today.AddDays(-3)) || p.hire.After(planYear.AddDays(-30)) {
			continue
		}
		if err := birth(p); err != nil {
			return err
		}
		if _, err := st.InsertCoverage(ctx, benefits.Coverage{EmployeeID: p.id, PlanID: plans[0].ID, Type: benefits.Medical, Tier: benefits.TierEmployee, DependentIDs: []int64{},
			EmployeeCents: plans[0].Rates[y][0].EmployeeCents, EmployerCents: plans[0].Rates[y][0].EmployerCents, From: planYear, WindowID: oeLast, CreatedAt: created}); err != nil {
			return err
		}
		id, err := svc(last.AddDays(1)).StartCOBRA(ctx, gen, p.id, benefits.COBRAInput{Event: "termination", QEDate: last})
		if err != nil {
			return fmt.Errorf("COBRA: %w", err)
		}
		if sent := last.AddDays(12); sent.Before(g.today) {
			if _, err := svc(sent).COBRAUpdate(ctx, gen, id, "notice_sent", sent); err != nil {
				return fmt.Errorf("COBRA notice: %w", err)
			}
		}
		break
	}
	// The first full 834 to the medical carrier, in January (small
	// companies only: a 100,000-employee file is a download, not demo
	// data).
	if len(g.active) <= 5000 {
		if _, _, err := svc(planYear.AddDays(1)).GenerateFeed(ctx, access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Grants: []access.Grant{{Role: access.RoleGeneralist}}}, carrierIDs[0], "834", true); err != nil {
			return fmt.Errorf("834 feed: %w", err)
		}
	}
	return nil
}
