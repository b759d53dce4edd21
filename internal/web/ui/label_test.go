package ui

import "testing"

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"hr_generalist":  "HR generalist",
		"fmla":           "FMLA",
		"not_started":    "Not started",
		"er_case_opened": "ER case opened",
		"hire":           "Hire",
		"errand":         "Errand",
	} {
		if got := label(in); got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
	}
}
