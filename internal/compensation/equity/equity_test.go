package equity

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// synthetic builds a company where women are paid 5% less than men in
// the same grade and are concentrated in the lower grades, with one
// woman paid 35% below her peers.
func synthetic() []Row {
	rng := rand.New(rand.NewPCG(7, 11))
	var rows []Row
	grades := []string{"G1", "G2", "G3", "G4"}
	base := []float64{50000, 65000, 85000, 110000}
	for i := range 600 {
		g := i % 4
		female := rng.Float64() < []float64{0.7, 0.55, 0.4, 0.3}[g]
		pay := base[g] * math.Exp(rng.NormFloat64()*0.04)
		gender, race := "Male", "White"
		if female {
			pay *= 0.95
			gender = "Female"
		}
		if i%3 == 0 {
			race = "Asian"
		}
		rows = append(rows, Row{EmployeeID: int64(i + 1), Name: "E", Grade: grades[g], GradeMid: int64(base[g] * 100), Family: "Ops", Zone: "National", ZoneBP: 10000, Hired: date.MustParse("2022-01-01").AddDays(i),
			Gender: gender, Race: race, Pay: people.Pay{AmountCents: int64(pay * 100), Per: "year", Currency: "USD"}, WeeklyHours: 40})
	}
	rows[1].Gender, rows[1].Pay.AmountCents = "Female", rows[1].Pay.AmountCents*65/100
	return rows
}

func TestAdjustedGap(t *testing.T) {
	rows := synthetic()
	today := date.MustParse("2026-11-02")
	an := analyze("sex", rows, today, func(r Row) string { return r.Gender }, "Male")
	if an.Problem != "" || len(an.Gaps) != 1 {
		t.Fatalf("analysis: %+v", an)
	}
	g := an.Gaps[0]
	if g.Group != "Female" || g.Reference != "Male" {
		t.Fatalf("groups: %+v", g)
	}
	// The adjusted gap is the 5% planted, within its interval; the raw
	// gap is larger because women sit in lower grades.
	if g.AdjPct > -3.5 || g.AdjPct < -6.5 || g.LowPct > -5 || g.HighPct < -5 || !g.Significant || g.PValue > 0.001 {
		t.Errorf("adjusted gap: %+v", g)
	}
	if g.RawPct > g.AdjPct-5 {
		t.Errorf("raw gap %.1f should be far below the adjusted %.1f", g.RawPct, g.AdjPct)
	}
	if an.R2 < 0.9 {
		t.Errorf("R²: %v", an.R2)
	}
	found := false
	for _, f := range an.Flags {
		found = found || f.EmployeeID == 2
	}
	if !found {
		t.Errorf("the underpaid employee is not flagged: %+v", an.Flags)
	}
	// Race: no gap was planted, so the interval holds zero.
	ra := analyze("race", rows, today, func(r Row) string { return r.Race })
	if len(ra.Gaps) != 1 || ra.Gaps[0].Significant || ra.Gaps[0].LowPct > 0 || ra.Gaps[0].HighPct < 0 {
		t.Errorf("race: %+v", ra.Gaps)
	}
}

func TestTooFew(t *testing.T) {
	rows := synthetic()[:20]
	an := analyze("sex", rows, date.MustParse("2026-11-02"), func(r Row) string { return r.Gender })
	if an.Problem == "" || len(an.Gaps) != 0 {
		t.Errorf("20 employees: %+v", an)
	}
}
