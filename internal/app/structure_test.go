package app

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestPayStructuresAPI: the demo's philosophy (two versions), pay zones
// and structures; a new version of the philosophy; a structure drafted
// from the grades in force with an increase, edited, blocked while a job
// has no grade, then activated: jobs move, ranges change, the old
// structure retires; positions in range agree with the rules engine and
// the employee's compensation, zones included.
func TestPayStructuresAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		st, ph, _ := gen.do("GET", "/api/v1/compensation/philosophy", nil)
		cur, _ := ph["current"].(map[string]any)
		if st != 200 || num64(cur["version"]) != 2 || num64(cur["merit_budget_bp"]) != 350 || len(ph["versions"].([]any)) != 2 {
			t.Fatalf("philosophy: %d %v", st, ph)
		}
		body := map[string]any{"target_percentile": 60, "base_mix_bp": 8500, "range_spread_bp": 6000, "midpoint_progression_bp": 1000, "merit_budget_bp": 400, "text": "P60 for hard-to-fill roles."}
		if st, _, _ := gen.do("PUT", "/api/v1/compensation/philosophy", body); st != 403 {
			t.Errorf("a generalist writes the philosophy: %d", st)
		}
		if st, r, _ := mgr.do("PUT", "/api/v1/compensation/philosophy", map[string]any{"target_percentile": 55, "base_mix_bp": 12000, "range_spread_bp": 6000, "midpoint_progression_bp": 1000, "merit_budget_bp": 400, "text": " "}); st != 422 ||
			fieldsOf(r)["target_percentile"] == "" || fieldsOf(r)["base_mix_bp"] == "" || fieldsOf(r)["text"] == "" {
			t.Errorf("bad philosophy: %d %v", st, r)
		}
		if st, r, _ := mgr.do("PUT", "/api/v1/compensation/philosophy", body); st != 200 || num64(r["version"]) != 3 {
			t.Fatalf("philosophy v3: %d %v", st, r)
		}
		_, zones, _ := gen.do("GET", "/api/v1/pay-zones", nil)
		var metro map[string]any
		for _, z := range zones["items"].([]any) {
			if z := z.(map[string]any); z["name"] == "Tier 1 metro" {
				metro = z
			}
		}
		if metro == nil || num64(metro["differential_bp"]) != 11500 || !strings.Contains(toJSON(metro["locations"]), "Remote - CA") {
			t.Fatalf("zones: %v", zones)
		}
		_, ss, _ := gen.do("GET", "/api/v1/pay-structures", nil)
		items := ss["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["status"] != "draft" || items[1].(map[string]any)["status"] != "active" {
			t.Fatalf("structures: %v", toJSON(ss))
		}
		draft, active := items[0].(map[string]any), items[1].(map[string]any)
		g0, d0 := active["grades"].([]any)[0].(map[string]any), draft["grades"].([]any)[0].(map[string]any)
		if want := math.Round(float64(num64(g0["min_cents"]))*1.03/10000) * 10000; float64(num64(d0["min_cents"])) != want {
			t.Errorf("draft +3%%: %v from %v (want %v)", d0["min_cents"], g0["min_cents"], want)
		}
		if st, r, _ := mgr.do("POST", fmt.Sprintf("/api/v1/pay-structures/%d/activation", num64(draft["id"])), nil); st != 409 || !strings.Contains(toJSON(r), "takes effect on") {
			t.Errorf("activating before the effective date: %d %v", st, r)
		}
		// A structure in force from today: +5%, one grade dropped.
		mk := map[string]any{"name": "Mid-year market adjustment", "currency": "USD", "effective_from": "2026-11-02", "from": "current", "adjust_bp": 500}
		if st, _, _ := gen.do("POST", "/api/v1/pay-structures", mk); st != 403 {
			t.Errorf("a generalist drafts a structure: %d", st)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/pay-structures", map[string]any{"name": "", "currency": "XYZ", "effective_from": "2026-11-02", "from": "generate", "grades": 0}); st != 422 ||
			fieldsOf(r)["name"] == "" || fieldsOf(r)["currency"] == "" || fieldsOf(r)["grades"] == "" {
			t.Errorf("bad structure: %d %v", st, r)
		}
		st, s, _ := mgr.do("POST", "/api/v1/pay-structures", mk)
		if st != 201 {
			t.Fatalf("draft: %d %v", st, s)
		}
		sid := num64(s["id"])
		base := fmt.Sprintf("/api/v1/pay-structures/%d", sid)
		if st, r, _ := mgr.do("PUT", base+"/grades/X1", map[string]any{"min_cents": 5000000, "midpoint_cents": 4000000, "max_cents": 6000000}); st != 422 || fieldsOf(r)["midpoint_cents"] == "" {
			t.Errorf("bad grade: %d %v", st, r)
		}
		if st, r, _ := mgr.do("PUT", base+"/grades/X1", map[string]any{"min_cents": 5000000, "midpoint_cents": 6250000, "max_cents": 7500000}); st != 200 || !strings.Contains(toJSON(r["grades"]), `"X1"`) {
			t.Errorf("grade: %d", st)
		}
		// Drop the grade of the employee's job: activation is blocked
		// until the job is mapped.
		emp := e.empOf("employee@example.com")
		_, comp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/compensation", emp), nil)
		_, prof, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", emp), nil)
		_, detail, _ := gen.do("GET", base, nil)
		var jobID int64
		var grade string
		for _, j := range detail["jobs"].([]any) {
			j := j.(map[string]any)
			if num64(j["job_id"]) == num64(prof["job_id"]) {
				jobID, grade = num64(j["job_id"]), j["current_grade"].(string)
			}
		}
		if jobID == 0 || grade == "" {
			t.Fatalf("the employee's job under the structure: %v", prof["job_id"])
		}
		if st, r, _ := mgr.do("DELETE", base+"/grades/"+grade, nil); st != 200 {
			t.Fatalf("drop grade: %d %v", st, r)
		}
		if st, r, _ := mgr.do("POST", base+"/activation", nil); st != 409 || !strings.Contains(toJSON(r), "map these jobs") {
			t.Fatalf("activation with an unmapped job: %d %v", st, r)
		}
		if st, r, _ := mgr.do("PUT", fmt.Sprintf("%s/jobs/%d", base, jobID), map[string]any{"grade": "NOPE"}); st != 422 {
			t.Errorf("map to an unknown grade: %d %v", st, r)
		}
		// Map every job that lost its grade to X1.
		_, detail, _ = gen.do("GET", base, nil)
		for _, j := range detail["jobs"].([]any) {
			j := j.(map[string]any)
			if j["current_grade"] != "" && j["new_grade"] == "" {
				if st, r, _ := mgr.do("PUT", fmt.Sprintf("%s/jobs/%d", base, num64(j["job_id"])), map[string]any{"grade": "X1"}); st != 200 {
					t.Fatalf("map: %d %v", st, r)
				}
			}
		}
		if st, r, _ := mgr.do("POST", base+"/activation", nil); st != 200 || r["status"] != "active" {
			t.Fatalf("activate: %d %v", st, r)
		}
		if st, _, _ := mgr.do("PUT", base+"/grades/X2", map[string]any{"min_cents": 1, "midpoint_cents": 2, "max_cents": 3}); st != 409 {
			t.Errorf("editing an active structure: %d", st)
		}
		_, ss, _ = gen.do("GET", "/api/v1/pay-structures", nil)
		statuses := map[string]string{}
		for _, x := range ss["items"].([]any) {
			x := x.(map[string]any)
			statuses[x["name"].(string)] = x["status"].(string)
		}
		if statuses[active["name"].(string)] != "retired" {
			t.Errorf("the old structure: %v", statuses)
		}
		_, comp2, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/compensation", emp), nil)
		if comp2["zone"] != "National" || num64(comp2["range_min_cents"]) != 5000000 || num64(comp2["pay_grade_id"]) == num64(comp["pay_grade_id"]) {
			t.Errorf("the employee's range after activation: %v (before %v)", comp2, comp)
		}
		// Positions in range agree with the compensation endpoint and the
		// rules engine.
		st, pos, _ := gen.do("GET", "/api/v1/compensation/positions?limit=100000", nil)
		if st != 200 {
			t.Fatalf("positions: %d %v", st, pos)
		}
		overall := pos["overall"].(map[string]any)
		if num64(overall["below_range"])+num64(overall["in_range"])+num64(overall["above_range"]) != num64(overall["count"]) || num64(overall["count"]) == 0 {
			t.Errorf("overall: %v", overall)
		}
		checked := 0
		for _, p := range pos["items"].([]any) {
			p := p.(map[string]any)
			if p["compa_ratio"] == nil {
				continue
			}
			_, c, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/compensation", num64(p["employee_id"])), nil)
			if c["compa_ratio"] != p["compa_ratio"] || c["position"] != p["position"] {
				t.Errorf("employee %v: positions %v/%v, compensation %v/%v", p["employee_id"], p["compa_ratio"], p["position"], c["compa_ratio"], c["position"])
			}
			_, rule, _ := gen.do("POST", "/api/v1/rules/compa-ratio/evaluate", map[string]any{"pay": num64(p["fte_annual_cents"]), "min": num64(p["min_cents"]), "midpoint": num64(p["midpoint_cents"]), "max": num64(p["max_cents"])})
			res := rule["result"].(map[string]any)
			if math.Abs(res["compa_ratio"].(float64)-p["compa_ratio"].(float64)) > 0.0001 || res["position"] != p["position"] {
				t.Errorf("employee %v: rules engine %v, positions %v", p["employee_id"], res, p)
			}
			checked++
		}
		if checked < 10 {
			t.Errorf("positions checked: %d", checked)
		}
		// Moving to a Tier 1 metro worksite moves the range 15% up.
		_, locs, _ := gen.do("GET", "/api/v1/locations", nil)
		var ca int64
		for _, l := range locs["items"].([]any) {
			if l := l.(map[string]any); l["name"] == "Remote - CA" {
				ca = num64(l["id"])
			}
		}
		if st, r, _ := gen.do("POST", fmt.Sprintf("/api/v1/employees/%d/job-changes", emp), map[string]any{"effective_from": "2026-11-02", "reason": "location_change", "location_id": ca}); st != 201 {
			t.Fatalf("move to California: %d %v", st, r)
		}
		_, comp3, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/compensation", emp), nil)
		if comp3["zone"] != "Tier 1 metro" || num64(comp3["range_midpoint_cents"]) != int64(math.Round(float64(num64(comp2["range_midpoint_cents"]))*1.15)) {
			t.Errorf("range in the metro zone: %v (national %v)", comp3, comp2)
		}
		// Scope and roles.
		_, scoped, _ := e.api("ops.generalist@example.com").do("GET", "/api/v1/compensation/positions?limit=100000", nil)
		if n := num64(scoped["total"]); n == 0 || n >= num64(pos["total"]) {
			t.Errorf("scoped positions: %d of %d", n, num64(pos["total"]))
		}
		for _, who := range []string{"employee@example.com", "lead@example.com", "admin@example.com"} {
			if st, _, _ := e.api(who).do("GET", "/api/v1/compensation/positions", nil); st != 403 {
				t.Errorf("%s reads positions: %d", who, st)
			}
		}
	})
}

// TestPayStructurePages: the pay design pages per role, and the HR
// manager drafts a structure and edits a grade through the forms.
func TestPayStructurePages(t *testing.T) {
	e := sqliteEnv(t)
	for who, code := range map[string]int{"generalist@example.com": 200, "manager@example.com": 200, "ops.generalist@example.com": 200, "employee@example.com": 403, "lead@example.com": 403, "admin@example.com": 403} {
		b := e.login(who)
		for _, path := range []string{"/pay/structures", "/pay/philosophy", "/pay/positions"} {
			b.page(path, code)
		}
	}
	gen := e.login("generalist@example.com")
	if d := gen.page("/pay/structures", 200); d.Find(`form[action="/pay/structures"]`).Length() != 0 {
		t.Error("a generalist sees the draft form")
	}
	if d := gen.page("/pay/positions?position=below_range", 200); d.Find("#pp-h").Length() == 0 || strings.Contains(d.Find("table").Last().Text(), "Red circle") {
		t.Error("positions filtered to green circles")
	}
	mgr := e.login("manager@example.com")
	d, _ := mgr.submit("/pay/structures", map[string][]string{"name": {""}, "currency": {"USD"}, "effective_from": {"2026-11-02"}, "from": {"generate"}, "grades": {"0"}, "first_mid": {"x"}}, http.StatusUnprocessableEntity)
	for _, id := range []string{"#f-name-error", "#f-grades-error", "#f-first-mid-error"} {
		if d.Find(id).Length() == 0 {
			t.Errorf("structure form: no %s", id)
		}
	}
	_, res := mgr.submit("/pay/structures", map[string][]string{"name": {"Generated bands"}, "currency": {"USD"}, "effective_from": {"2026-11-02"}, "from": {"generate"}, "grades": {"6"}, "first_mid": {"45000"}, "prefix": {"B"}}, 303)
	loc := res.Header.Get("Location")
	page := mgr.page(loc, 200)
	if got := page.Find("#gr-h").Parent().Parent().Find("tbody tr").Length(); got != 6 {
		t.Errorf("generated grades: %d", got)
	}
	d, _ = mgr.submit(loc+"/grade", map[string][]string{"name": {"B7"}, "min": {"90000"}, "mid": {"80000"}, "max": {"120000"}}, http.StatusUnprocessableEntity)
	if d.Find("#f-mid-error").Length() == 0 {
		t.Error("grade form: no midpoint error")
	}
	mgr.submit(loc+"/grade", map[string][]string{"name": {"B7"}, "min": {"90000"}, "mid": {"112500"}, "max": {"135000"}}, 303)
	if !strings.Contains(mgr.page(loc, 200).Text(), "B7") {
		t.Error("the grade is not listed")
	}
	d, _ = mgr.submit("/pay/philosophy", map[string][]string{"target_percentile": {"50"}, "base_mix": {"90"}, "range_spread": {"abc"}, "progression": {"12"}, "merit_budget": {"3.5"}, "text": {"x"}}, http.StatusUnprocessableEntity)
	if d.Find("#f-range-spread-error").Length() == 0 {
		t.Error("philosophy form: no spread error")
	}
}
