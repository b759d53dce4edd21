package structure

import "testing"

func TestGenerate(t *testing.T) {
	gs := Generate("G", 3, 5000000, 1200, 5000)
	if len(gs) != 3 || gs[0].Name != "G1" || gs[0].MidCents != 5000000 || gs[1].MidCents != 5600000 {
		t.Fatalf("grades: %+v", gs)
	}
	for _, g := range gs {
		// A 50% spread around the midpoint: min = mid × 2 / 2.5.
		if g.SpreadBP() < 4990 || g.SpreadBP() > 5010 || g.MinCents >= g.MidCents || g.MidCents >= g.MaxCents {
			t.Errorf("grade %s: %+v spread %d", g.Name, g, g.SpreadBP())
		}
	}
	if gs[0].MinCents != 4000000 || gs[0].MaxCents != 6000000 {
		t.Errorf("G1 range: %d–%d", gs[0].MinCents, gs[0].MaxCents)
	}
	bad := Grade{Name: "X", MinCents: 100, MidCents: 90, MaxCents: 200}
	if err := ValidateGrade(&bad); err == nil {
		t.Error("midpoint below the minimum validated")
	}
}
