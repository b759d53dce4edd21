package app

import (
	"strings"
	"testing"
)

// TestPayEquity: the HR manager and director run the analysis on the
// demo company (both dimensions fitted, each gap inside its interval, the
// run audited); generalists, line managers, employees and admins cannot;
// the page explains the method.
func TestPayEquity(t *testing.T) {
	e := sqliteEnv(t)
	st, rep, _ := e.api("manager@example.com").do("GET", "/api/v1/compensation/equity", nil)
	if st != 200 {
		t.Fatalf("equity: %d %v", st, rep)
	}
	for _, dim := range []string{"sex", "race"} {
		an := rep[dim].(map[string]any)
		if an["problem"] != nil && an["problem"] != "" {
			t.Fatalf("%s: %v", dim, an["problem"])
		}
		gaps := an["gaps"].([]any)
		if num64(an["n"]) < 30 || len(gaps) == 0 || len(an["controls"].([]any)) < 3 {
			t.Errorf("%s analysis: %v", dim, an)
		}
		for _, g := range gaps {
			g := g.(map[string]any)
			adj, lo, hi := g["adjusted_gap_pct"].(float64), g["ci_low_pct"].(float64), g["ci_high_pct"].(float64)
			if lo > adj || adj > hi {
				t.Errorf("%s gap outside its interval: %v", dim, g)
			}
		}
	}
	if rep["sex"].(map[string]any)["gaps"].([]any)[0].(map[string]any)["reference"] != "Male" {
		t.Errorf("sex reference: %v", rep["sex"])
	}
	for who, code := range map[string]int{"director@example.com": 200, "generalist@example.com": 403, "lead@example.com": 403, "employee@example.com": 403, "admin@example.com": 403} {
		if st, _, _ := e.api(who).do("GET", "/api/v1/compensation/equity", nil); st != code {
			t.Errorf("%s: %d, want %d", who, st, code)
		}
		e.login(who).page("/pay/equity", code)
	}
	doc := e.login("manager@example.com").page("/pay/equity", 200)
	if !strings.Contains(doc.Find("#m-h").Parent().Parent().Text(), "Student's t") || doc.Find("#h-sex").Length() == 0 {
		t.Error("equity page: no method or no sex analysis")
	}
	if e.login("generalist@example.com").page("/pay/payroll", 200).Find(`a[href="/pay/equity"]`).Length() != 0 {
		t.Error("a generalist sees the Pay equity tab")
	}
	_, au, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=comp.equity_run", nil)
	if !strings.Contains(toJSON(au), "comp.equity_run") {
		t.Error("the run is not audited")
	}
}
