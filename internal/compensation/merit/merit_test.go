package merit

import (
	"testing"

	"github.com/cadrehq/cadre/internal/people"
)

func TestQuartileAndMatrix(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		pen  *float64
		pos  string
		want int
	}{{f(-0.2), "below_range", 1}, {f(0), "in_range", 1}, {f(0.25), "in_range", 2}, {f(0.74), "in_range", 3}, {f(1), "in_range", 4}, {f(1.3), "above_range", 4}, {nil, "", 2}} {
		if got := Quartile(c.pen, c.pos); got != c.want {
			t.Errorf("Quartile(%v, %s) = %d, want %d", c.pen, c.pos, got, c.want)
		}
	}
	if DefaultMatrix.Guideline(5, 1) != 700 || DefaultMatrix.Guideline(1, 4) != 0 || DefaultMatrix.Guideline(0, 1) != 0 {
		t.Error("matrix lookups")
	}
	l := Line{Pay: people.Pay{AmountCents: 2500, Per: "hour"}, AnnualCents: 2500 * 40 * 52, ProposedBP: 400}
	if l.IncreaseCents() != 208000 || l.NewPay().AmountCents != 2600 {
		t.Errorf("increase: %d, new rate %d", l.IncreaseCents(), l.NewPay().AmountCents)
	}
}
