package kit

import "testing"

func TestSlug(t *testing.T) {
	for _, c := range []struct {
		in   string
		sep  byte
		want string
	}{
		{"Operations pay, 2026", '-', "operations-pay-2026"},
		{"  Harassment & Discrimination!  ", '_', "harassment_discrimination"},
		{"ADP — Workforce Now", '-', "adp-workforce-now"},
		{"***", '-', ""},
	} {
		if got := Slug(c.in, c.sep); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
