package benefits

import (
	"context"
	"testing"

	"github.com/cadrehq/cadre/internal/benefits/edi834"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestTierFor(t *testing.T) {
	sp, ch := Dependent{Relationship: Spouse}, Dependent{Relationship: Child}
	dp := Dependent{Relationship: DomesticPartner}
	for _, c := range []struct {
		deps []Dependent
		want string
	}{{nil, TierEmployee}, {[]Dependent{sp}, TierEmployeeSpouse}, {[]Dependent{dp}, TierEmployeeSpouse}, {[]Dependent{ch, ch}, TierEmployeeChildren}, {[]Dependent{ch, sp}, TierFamily}} {
		if got := TierFor(c.deps); got != c.want {
			t.Errorf("TierFor(%v) = %s, want %s", c.deps, got, c.want)
		}
	}
}

func TestAgeAndDates(t *testing.T) {
	d := date.MustParse
	for _, c := range []struct {
		birth, on string
		want      int
	}{{"2000-06-01", "2026-05-31", 25}, {"2000-06-01", "2026-06-01", 26}, {"2004-02-29", "2030-02-28", 25}, {"2004-02-29", "2030-03-01", 26}} {
		if got := AgeOn(d(c.birth), d(c.on)); got != c.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", c.birth, c.on, got, c.want)
		}
	}
	if got := FirstOfMonthOnOrAfter(d("2026-11-01")); got.String() != "2026-11-01" {
		t.Errorf("the 1st stays: %s", got)
	}
	if got := FirstOfMonthOnOrAfter(d("2026-12-05")); got.String() != "2027-01-01" {
		t.Errorf("next month: %s", got)
	}
	p := Plan{Eligibility: Eligibility{WaitingDays: 30}}
	if got := p.EligibleFrom(d("2026-11-05")); got.String() != "2027-01-01" {
		t.Errorf("30-day wait from Nov 5: %s", got)
	}
	p.Eligibility.WaitingDays = 0
	if got := p.EligibleFrom(d("2026-11-01")); got.String() != "2026-11-01" {
		t.Errorf("no wait from the 1st: %s", got)
	}
}

func TestPlanValidate(t *testing.T) {
	p := Plan{CarrierID: 1, Type: Medical, Name: "PPO", Code: "ppo 1", Eligibility: Eligibility{WaitingDays: 91}, ChildAgeLimit: 25,
		Rates: map[int][]Rate{2027: {{Tier: TierFamily, EmployeeCents: 1}, {Tier: TierFamily, EmployeeCents: 2}}}}
	f := kit.FieldsOf(p.Validate())
	for _, k := range []string{"code", "waiting_days", "child_age_limit", "rates"} {
		if f[k] == "" {
			t.Errorf("no error on %s: %v", k, f)
		}
	}
	life := Plan{CarrierID: 1, Type: Life, Name: "Life", Code: "LIFE", Rates: map[int][]Rate{2027: {{Tier: TierFamily}}}}
	if f := kit.FieldsOf(life.Validate()); f["rates"] == "" {
		t.Errorf("a life plan with a family tier: %v", f)
	}
	ok := Plan{CarrierID: 1, Type: Dental, Name: "Dental", Code: "DEN", Rates: map[int][]Rate{2027: {{Tier: TierEmployee, EmployeeCents: 600, EmployerCents: 1400}}}}
	if err := ok.Validate(); err != nil || ok.ChildAgeLimit != 26 {
		t.Errorf("a good plan: %v (age limit %d)", err, ok.ChildAgeLimit)
	}
}

func TestEligible(t *testing.T) {
	p := Plan{Active: true, Eligibility: Eligibility{Types: []string{"full_time", "part_time"}, MinHours: 30}}
	if ok, why := p.Eligible(Person{Type: "temporary", Hours: 40}); ok || why == "" {
		t.Error("a temporary employee is eligible")
	}
	if ok, _ := p.Eligible(Person{Type: "part_time", Hours: 20}); ok {
		t.Error("20 hours are enough")
	}
	if ok, _ := p.Eligible(Person{Type: "part_time", Hours: 30}); !ok {
		t.Error("30 hours are not enough")
	}
	p.Active = false
	if ok, _ := p.Eligible(Person{Type: "full_time", Hours: 40}); ok {
		t.Error("a closed plan takes enrollment")
	}
}

// TestLifeEventDates checks the HIPAA dates come from the rules engine
// and the plan-defined events use the stricter common terms.
func TestLifeEventDates(t *testing.T) {
	s := NewService(nil, kit.FixedClock{}, nil, nil, nil, nil)
	d := date.MustParse
	for _, c := range []struct {
		event, on, reported, deadline, effective string
	}{
		{Marriage, "2026-10-01", "2026-10-15", "2026-10-31", "2026-11-01"},
		{Birth, "2026-10-20", "2026-11-02", "2026-11-19", "2026-10-20"},
		{MedicaidCHIPLoss, "2026-09-01", "2026-10-20", "2026-10-31", "2026-11-01"},
		{Divorce, "2026-10-10", "2026-10-12", "2026-11-09", "2026-11-01"},
		{Move, "2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01"},
		// A late report accepted by HR takes effect as if received then.
		{LossOfCoverage, "2026-09-01", "2026-11-02", "2026-10-01", "2026-12-01"},
	} {
		dl, eff, steps, err := s.Dates(context.Background(), c.event, d(c.on), d(c.reported))
		if err != nil || dl.String() != c.deadline || eff.String() != c.effective || len(steps) == 0 {
			t.Errorf("%s on %s reported %s: deadline %s, effective %s, %d steps, %v; want %s and %s", c.event, c.on, c.reported, dl, eff, len(steps), err, c.deadline, c.effective)
		}
	}
}

func TestFeedHelpers(t *testing.T) {
	street, city, st, zip := splitAddress("4412 Oak Street, Apt 3, Austin, TX 78701")
	if street != "4412 Oak Street, Apt 3" || city != "Austin" || st != "TX" || zip != "78701" {
		t.Errorf("splitAddress: %q %q %q %q", street, city, st, zip)
	}
	if _, city, _, _ := splitAddress("somewhere"); city != "" {
		t.Error("an address without a city and state")
	}
	for in, want := range map[string]string{"Female": "F", "male": "M", "Non-binary": "U", "": "U"} {
		if got := gender(in); got != want {
			t.Errorf("gender(%q) = %s", in, got)
		}
	}
	if got := memberMaint([]edi834.Coverage{{Maintenance: "021"}, {Maintenance: "021"}}); got != "021" {
		t.Errorf("all additions: %s", got)
	}
	if got := memberMaint([]edi834.Coverage{{Maintenance: "021"}, {Maintenance: "024"}}); got != "001" {
		t.Errorf("an addition and a termination: %s", got)
	}
}
