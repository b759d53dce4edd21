package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCompanyRulesSettingsAndClosures(t *testing.T) {
	e := sqliteEnv(t)
	// The demo company measures FMLA rolling backward and closes the day
	// after Thanksgiving.
	gen := e.api("generalist@example.com")
	s, st, _ := gen.do("GET", "/api/v1/settings/rules", nil)
	if s != 200 || st["fmla_method"] != "rolling_backward" || st["business_calendar"] != "US_FED" {
		t.Fatalf("settings: %d %v", s, st)
	}
	s, cl, _ := gen.do("GET", "/api/v1/calendar/closures?from=2026-01-01&to=2026-12-31", nil)
	if s != 200 || !strings.Contains(toJSON(cl), "2026-11-27") {
		t.Fatalf("closures: %d %v", s, cl)
	}
	// Generalists read but do not change them; a whole-company manager does.
	if s, _, _ := gen.do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "SEVEN_DAY"}); s != 403 {
		t.Fatalf("generalist changed settings: %d", s)
	}
	if s, _, _ := e.api("ops.manager@example.com").do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "SEVEN_DAY"}); s != 403 {
		t.Fatalf("scoped manager changed company settings: %d", s)
	}
	mgr := e.api("manager@example.com")
	s, prob, _ := mgr.do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "US_FED", "fmla_method": "fixed_leave_year", "fmla_leave_year_start": "13-01"})
	if s != 422 || fieldsOf(prob)["fmla_leave_year_start"] == "" {
		t.Fatalf("bad leave year: %d %v", s, prob)
	}
	// A closure moves an I-9 business-day deadline.
	facts := map[string]any{"first_day_of_employment": "2026-12-21"}
	_, before, _ := gen.do("POST", "/api/v1/rules/i9-deadlines/evaluate", facts)
	if s, _, _ := mgr.do("POST", "/api/v1/calendar/closures", map[string]any{"date": "2026-12-22", "name": "Inventory day"}); s != 201 {
		t.Fatalf("add closure: %d", s)
	}
	if s, prob, _ := mgr.do("POST", "/api/v1/calendar/closures", map[string]any{"date": "2026-12-22", "name": "Again"}); s != 422 || fieldsOf(prob)["date"] == "" {
		t.Fatalf("duplicate closure: %d %v", s, prob)
	}
	_, after, _ := gen.do("POST", "/api/v1/rules/i9-deadlines/evaluate", facts)
	b4 := before["result"].(map[string]any)["section2_due"]
	af := after["result"].(map[string]any)["section2_due"]
	if b4 == af {
		t.Fatalf("closure did not move the Section 2 deadline (%v)", af)
	}
	if s, _, _ := mgr.do("DELETE", "/api/v1/calendar/closures/2026-12-22", nil); s != 204 {
		t.Fatalf("remove closure: %d", s)
	}
	// The settings page: read-only for the generalist, editable for the manager.
	page := e.login("generalist@example.com").page("/settings/company", http.StatusOK)
	if page.Find(`form[action="/settings/company"]`).Length() != 0 {
		t.Fatal("generalist sees the settings form")
	}
	mb := e.login("manager@example.com")
	doc, _ := mb.submit("/settings/closures", url.Values{"date": {"2026-02-30"}, "name": {""}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-date-error").Length() == 0 {
		t.Fatal("no date error on the closure form")
	}
	mb.submit("/settings/company", url.Values{"business_calendar": {"SEVEN_DAY"}, "fmla_method": {"rolling_backward"}}, http.StatusSeeOther)
	if _, st, _ := gen.do("GET", "/api/v1/settings/rules", nil); st["business_calendar"] != "SEVEN_DAY" {
		t.Fatalf("UI change not saved: %v", st)
	}
	if res := e.login("employee@example.com").get("/settings/company"); res.StatusCode != 403 {
		t.Fatalf("employee reads company settings: %d", res.StatusCode)
	}
}
