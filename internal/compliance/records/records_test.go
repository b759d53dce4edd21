package records

import (
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestRetain(t *testing.T) {
	d := date.MustParse
	cases := []struct {
		typ, category       string
		created, last, want string
		involuntary         bool
		years               int
	}{
		{"personnel", "offer_letter", "2020-03-01", "2024-06-30", "2025-06-30", false, 0},
		{"personnel", "performance", "2024-06-15", "2024-06-30", "2025-06-30", true, 0},
		{"personnel", "offer_letter", "2020-03-01", "2024-06-30", "2031-06-30", false, 7},
		{"medical", "medical", "2023-01-10", "2024-06-30", "2027-06-30", false, 0},
		{"payroll", "payroll", "2024-06-30", "2024-06-30", "2027-06-30", false, 0},
		{"benefits", "benefits", "2020-03-20", "2024-06-30", "2030-06-30", false, 0},
		{"personnel", "other", "2020-03-01", "", "", false, 0}, // still employed
	}
	for _, c := range cases {
		typ := TypeOf(c.category)
		if typ.Key != c.typ {
			t.Fatalf("%s is %s, want %s", c.category, typ.Key, c.typ)
		}
		var last date.Date
		if c.last != "" {
			last = d(c.last)
		}
		got, steps := Retain(typ, d(c.created), last, c.involuntary, c.years)
		want := date.Date{}
		if c.want != "" {
			want = d(c.want)
		}
		if got != want || len(steps) == 0 {
			t.Errorf("%s %s→%s: %s, want %s", c.category, c.created, c.last, got, want)
		}
	}
}

func TestFirstOf(t *testing.T) {
	a, b := date.MustParse("2024-01-01"), date.MustParse("2023-01-01")
	if firstOf(a, b) != b || firstOf(date.Date{}, a) != a || firstOf(a, date.Date{}) != a {
		t.Error("firstOf")
	}
}
