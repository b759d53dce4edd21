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

func TestConventionSettingsReachTheRules(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	facts := map[string]any{"event": "marriage", "event_date": "2026-10-29"}
	_, r1, _ := gen.do("POST", "/api/v1/rules/hipaa-special-enrollment/evaluate", facts)
	if got := r1["result"].(map[string]any)["request_deadline"]; got != "2026-11-28" {
		t.Fatalf("default deadline %v", got)
	}
	mgr := e.api("manager@example.com")
	if s, st, _ := mgr.do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "US_FED", "fmla_method": "rolling_backward", "roll_forward": true}); s != 200 || st["roll_forward"] != true {
		t.Fatalf("set roll_forward: %d %v", s, st)
	}
	_, r2, _ := gen.do("POST", "/api/v1/rules/hipaa-special-enrollment/evaluate", facts)
	if got := r2["result"].(map[string]any)["request_deadline"]; got != "2026-11-30" {
		t.Fatalf("rolled deadline %v", got)
	}
}

// TestEveryRuleThroughTheAPI: each rule answers an empty body with 422 and
// field errors, and garbage with 400, never 500.
func TestEveryRuleThroughTheAPI(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	for _, rule := range []string{"holidays", "i9-deadlines", "fmla-eligibility", "fmla-entitlement", "fmla-usage", "fmla-notices", "hipaa-special-enrollment",
		"cobra-deadlines", "compa-ratio", "cost-per-hire", "time-to-fill", "turnover", "eeo1-race-ethnicity", "eeo1-filing", "retention"} {
		s, prob, _ := gen.do("POST", "/api/v1/rules/"+rule+"/evaluate", map[string]any{})
		if s != 422 || len(fieldsOf(prob)) == 0 {
			t.Errorf("%s with no facts: %d %v", rule, s, prob)
		}
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/rules/"+rule+"/evaluate", strings.NewReader(`[1,2`))
		req.Header.Set("Authorization", "Bearer "+gen.token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("%s with garbage: %d", rule, res.StatusCode)
		}
	}
	if s, _, _ := gen.do("POST", "/api/v1/rules/no-such-rule/evaluate", map[string]any{}); s != 404 {
		t.Errorf("unknown rule: %d", s)
	}
}
