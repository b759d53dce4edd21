package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// pages reads every page of a list endpoint.
func (c *apiClient) pages(path string) []map[string]any {
	c.e.t.Helper()
	var out []map[string]any
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	next := path + sep + "limit=200"
	for next != "" {
		st, body, _ := c.do("GET", next, nil)
		if st != 200 {
			c.e.t.Fatalf("GET %s: %d %v", next, st, body)
		}
		for _, it := range body["items"].([]any) {
			out = append(out, it.(map[string]any))
		}
		next = ""
		if cur, ok := body["next_cursor"].(string); ok && cur != "" {
			next = path + sep + "limit=200&cursor=" + cur
		}
	}
	return out
}

// TestFMLAOnTheDemoAgreesWithTheRulesEngine computes, for every active
// employee of the 250-employee demo, the FMLA facts independently from
// the API (employment periods, imported hours, worksite headcounts) and
// checks that GET /employees/{id}/fmla says what the rules workbench says
// on those facts. The demo has employees failing each test.
func TestFMLAOnTheDemoAgreesWithTheRulesEngine(t *testing.T) {
	if raceOn {
		t.Skip("a data check, not a concurrency one: the plain CI run covers it; seeding 250 employees under -race takes minutes")
	}
	e := newEnvSized(t, 250, 1)
	api := e.api("generalist@example.com")
	leaveStart := testToday.AddDays(14)
	from, last := leaveStart.AddMonths(-12), leaveStart.AddDays(-1)
	exempt := map[int64]bool{}
	for _, j := range api.pages("/api/v1/jobs") {
		exempt[num64(j["id"])] = j["flsa_status"] == "exempt"
	}
	active := api.pages("/api/v1/employees?status=active")
	atLocation := map[int64]int{}
	for _, emp := range active {
		atLocation[num64(emp["location_id"])]++
	}
	failed := map[string]int{}
	sources := map[string]int{}
	checked := 0
	for i, emp := range active {
		if i%3 != 0 && i > 60 { // every employee early on, then every third
			continue
		}
		id := num64(emp["id"])
		st, det, _ := api.do("GET", fmt.Sprintf("/api/v1/employees/%d/fmla?leave_start=%s&notice_date=%s", id, leaveStart, testToday), nil)
		if st != 200 {
			t.Fatalf("fmla %d: %d %v", id, st, det)
		}
		// The facts, from the records.
		_, hist, _ := api.do("GET", fmt.Sprintf("/api/v1/employees/%d/history", id), nil)
		var periods []map[string]any
		breakReason := "personal"
		for _, p := range hist["employment_periods"].([]any) {
			pm := p.(map[string]any)
			periods = append(periods, map[string]any{"start": pm["start"], "end": pm["end"]})
			if br, _ := pm["break_reason"].(string); br != "" {
				breakReason = br
			}
		}
		_, hrs, _ := api.do("GET", fmt.Sprintf("/api/v1/employees/%d/hours", id), nil)
		sum, covered := 0.0, false
		for _, h := range hrs["entries"].([]any) {
			hm := h.(map[string]any)
			f, to := date.MustParse(hm["from"].(string)), date.MustParse(hm["to"].(string))
			if to.Before(from) || f.After(last) {
				continue
			}
			covered = true
			in := date.Max(f, from).DaysUntil(date.Min(to, last)) + 1
			sum += hm["hours_worked"].(float64) * float64(in) / float64(f.DaysUntil(to)+1)
		}
		_, loc, _ := api.do("GET", fmt.Sprintf("/api/v1/locations/%d", num64(emp["location_id"])), nil)
		within := atLocation[num64(loc["id"])]
		for _, n := range loc["nearby_location_ids"].([]any) {
			within += atLocation[num64(n)]
		}
		facts := map[string]any{"leave_start": leaveStart.String(), "notice_date": testToday.String(), "employment_periods": periods,
			"employees_within_75_miles": within, "break_reason": breakReason}
		switch {
		case covered:
			facts["hours_worked_12_months"] = float64(int64(sum*100+0.5)) / 100
		case exempt[num64(emp["job_id"])]:
			facts["flsa_exempt"], facts["hour_records_kept"] = true, false
		default:
			t.Logf("employee %d: no hours imported and not exempt (schedule estimate); skipped", id)
			sources["scheduled"]++
			continue
		}
		st, want, _ := api.do("POST", "/api/v1/rules/fmla-eligibility/evaluate", facts)
		if st != 200 {
			t.Fatalf("rules: %d %v", st, want)
		}
		r := want["result"].(map[string]any)
		for _, k := range []string{"eligible", "months_of_service", "hours_credited", "hours_presumed", "employees_within_75_miles", "eligible_from"} {
			if fmt.Sprint(det[k]) != fmt.Sprint(r[k]) {
				t.Errorf("employee %d %s: API %v, rules engine %v (facts %v)", id, k, det[k], r[k], facts)
			}
		}
		got, exp := fmt.Sprint(det["failed_tests"]), fmt.Sprint(r["failed_tests"])
		if got != exp {
			t.Errorf("employee %d failed tests: API %s, rules engine %s", id, got, exp)
		}
		for _, f := range r["failed_tests"].([]any) {
			failed[f.(string)]++
		}
		sources[det["hours_source"].(string)]++
		ent := det["entitlement"].(map[string]any)
		if ent["hours_entitled"].(float64) <= 0 || ent["hours_available"].(float64) != ent["hours_entitled"].(float64)-ent["hours_used"].(float64) {
			t.Errorf("employee %d entitlement: %v", id, ent)
		}
		checked++
	}
	keys := make([]string, 0, len(failed))
	for k := range failed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("checked %d employees; failed tests %v; hours sources %v", checked, failed, sources)
	if checked < 50 || failed["hours"] == 0 || failed["worksite"] == 0 || failed["months"] == 0 || sources["imported"] == 0 || sources["presumed"] == 0 {
		t.Errorf("the demo does not exercise every test: checked %d, failed %v (%v), sources %v", checked, failed, keys, sources)
	}
}

func TestFMLAPerRole(t *testing.T) {
	e := sqliteEnv(t)
	taylor, jordan := e.empOf("employee@example.com"), e.empOf("lead@example.com")
	path := func(id int64) string { return fmt.Sprintf("/api/v1/employees/%d/fmla?leave_start=%s", id, testToday) }
	for _, tc := range []struct {
		who  string
		id   int64
		want int
	}{
		{"employee@example.com", taylor, 200}, {"employee@example.com", jordan, 403}, {"lead@example.com", taylor, 403},
		{"generalist@example.com", taylor, 200}, {"manager@example.com", taylor, 200}, {"admin@example.com", taylor, 403},
	} {
		if st, body, _ := e.api(tc.who).do("GET", path(tc.id), nil); st != tc.want {
			t.Errorf("%s on %d: %d, want %d %v", tc.who, tc.id, st, tc.want, body["detail"])
		}
	}
	if st, body, _ := e.api("generalist@example.com").do("GET", fmt.Sprintf("/api/v1/employees/%d/fmla", taylor), nil); st != 422 {
		t.Errorf("no leave start: %d %v", st, body)
	}
	st, body, _ := e.api("employee@example.com").do("GET", path(taylor), nil)
	if st != 200 || len(body["explanation"].([]any)) < 4 {
		t.Fatalf("explanation: %v", body)
	}
	for _, s := range body["explanation"].([]any) {
		if strings.Contains(s.(map[string]any)["text"].(string), "825.110(a)") {
			return
		}
	}
	if !strings.Contains(toJSON(body["explanation"]), "825.110") {
		t.Error("no citation of 29 CFR 825.110 in the explanation")
	}
}

func TestFMLAOnTheProfile(t *testing.T) {
	e := sqliteEnv(t)
	taylor := e.empOf("employee@example.com")
	d := e.login("employee@example.com").page(fmt.Sprintf("/people/%d?tab=leave&leave_start=%s", taylor, testToday.AddDays(30)), 200)
	if got := d.Find("main").Text(); !strings.Contains(got, "FMLA eligibility") || !strings.Contains(got, "Months of employment") || !strings.Contains(got, "825.110") {
		t.Fatalf("leave tab: %s", firstLines(got, 20))
	}
	// A line manager has no leave tab on a report (medical leave is HR's).
	if d := e.login("lead@example.com").page(fmt.Sprintf("/people/%d?tab=leave", taylor), 200); strings.Contains(d.Text(), "FMLA eligibility") {
		t.Error("the line manager sees the FMLA determination")
	}
}

// TestFMLACaseOpened: HR opens a case; the determination and the notice
// deadlines come from the rules engine, the tasks land in the compliance
// queue, the medical reason is sealed and shown to HR only.
func TestFMLACaseOpened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		taylor := e.empOf("employee@example.com")
		notice := testToday.AddDays(-1).String()
		st, c, _ := gen.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": taylor, "reason": "own_health", "schedule": "continuous",
			"starts_on": "2026-11-16", "ends_on": "2026-12-11", "notice_on": notice, "medical_reason": "Knee surgery and rehabilitation"})
		if st != 201 {
			t.Fatalf("open: %d %v", st, c)
		}
		_, want, _ := gen.do("POST", "/api/v1/rules/fmla-notices/evaluate", map[string]any{"leave_requested_on": notice})
		r := want["result"].(map[string]any)
		if c["eligibility_notice_due"] != r["eligibility_notice_due"] || c["rights_notice_due"] != r["rights_notice_due"] {
			t.Errorf("notices %v %v, rules engine %v", c["eligibility_notice_due"], c["rights_notice_due"], r)
		}
		_, det, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/fmla?leave_start=2026-11-16&notice_date=%s", taylor, notice), nil)
		if c["eligible"] != det["eligible"] || fmt.Sprint(c["fmla"].(map[string]any)["months_of_service"]) != fmt.Sprint(det["months_of_service"]) {
			t.Errorf("case determination %v, employee determination %v", c["fmla"], det)
		}
		_, tasks, _ := gen.do("GET", "/api/v1/tasks?owner=queue&limit=500", nil)
		n := 0
		for _, it := range tasks["items"].([]any) {
			if m := it.(map[string]any); strings.Contains(m["title"].(string), "Taylor Brooks") && strings.Contains(m["title"].(string), "FMLA") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d notice tasks, want 2", n)
		}
		id := num64(c["id"])
		k, _, err := db.LeaveCases().GetLeaveCase(context.Background(), id)
		if err != nil || len(k.MedicalS) == 0 || strings.Contains(string(k.MedicalS), "Knee") {
			t.Fatalf("medical reason at rest: %v", err)
		}
		// Who sees what.
		for who, want := range map[string]int{"generalist@example.com": 200, "employee@example.com": 200, "lead@example.com": 404, "admin@example.com": 404, "tech.generalist@example.com": 404} {
			st, body, _ := e.api(who).do("GET", fmt.Sprintf("/api/v1/leave-cases/%d", id), nil)
			if st != want {
				t.Errorf("%s reads the case: %d, want %d", who, st, want)
			}
			if st == 200 && (body["medical_reason"] != nil) != (who == "generalist@example.com") {
				t.Errorf("%s and the medical reason: %v", who, body["medical_reason"])
			}
		}
		// An employee opens their own; not someone else's.
		me := e.api("employee@example.com")
		if st, body, _ := me.do("POST", "/api/v1/leave-cases", map[string]any{"reason": "family_health", "schedule": "intermittent", "starts_on": "2027-01-04"}); st != 422 || fieldsOf(body)["frequency"] == "" {
			t.Errorf("intermittent leave without its frequency: %d %v", st, body)
		}
		if st, body, _ := me.do("POST", "/api/v1/leave-cases", map[string]any{"reason": "family_health", "schedule": "intermittent", "frequency": "Twice a month, a day each", "starts_on": "2027-01-04"}); st != 201 || body["frequency"] != "Twice a month, a day each" {
			t.Errorf("own case: %d %v", st, body)
		}
		if st, _, _ := me.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": e.empOf("lead@example.com"), "reason": "own_health", "schedule": "continuous", "starts_on": "2027-01-04"}); st != 403 {
			t.Errorf("someone else's case: %d", st)
		}
		if st, body, _ := gen.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": taylor, "reason": "own_health", "schedule": "continuous", "starts_on": "2027-01-04", "ends_on": "2026-12-01"}); st != 422 || fieldsOf(body)["ends_on"] == "" {
			t.Errorf("end before start: %d %v", st, body)
		}
	})
}

func TestFMLACaseThroughUI(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	gen.page("/leave/cases/new", http.StatusOK)
	doc, _ := gen.submit("/leave/cases/new", url.Values{"employee_email": {"employee@example.com"}, "reason": {""}, "schedule": {"continuous"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"reason", "starts-on"} {
		if doc.Find("#f-"+f+"-error").Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	res := gen.post("/leave/cases/new", url.Values{"employee_email": {"employee@example.com"}, "reason": {"birth_bonding"}, "schedule": {"continuous"}, "starts_on": {"2026-12-07"}})
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/leave/cases/") {
		t.Fatalf("open: %d %s", res.StatusCode, loc)
	}
	d := gen.page(loc, http.StatusOK)
	if !strings.Contains(d.Text(), "Eligibility and rights notices") || !strings.Contains(d.Text(), "825.110") {
		t.Errorf("case page: %s", firstLines(d.Find("main").Text(), 10))
	}
	if l := gen.page("/leave", http.StatusOK); !strings.Contains(l.Text(), "Taylor Brooks") {
		t.Error("the case is not listed")
	}
	if r := e.login("lead@example.com").get(loc); r.StatusCode != http.StatusNotFound {
		t.Errorf("the line manager opens the case: %d", r.StatusCode)
	}
}

// TestDemoLeaveCases: the demo has FMLA cases of each reason, and each
// one's stored determination is what the records give today.
func TestDemoLeaveCases(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	st, body, _ := gen.do("GET", "/api/v1/leave-cases", nil)
	items, _ := body["items"].([]any)
	if st != 200 || len(items) < 4 {
		t.Fatalf("demo cases: %d %v", st, body)
	}
	reasons := map[string]bool{}
	for _, it := range items {
		m := it.(map[string]any)
		reasons[m["reason"].(string)] = true
		_, c, _ := gen.do("GET", fmt.Sprintf("/api/v1/leave-cases/%d", num64(m["id"])), nil)
		_, det, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/fmla?leave_start=%s&notice_date=%s", num64(m["employee_id"]), c["starts_on"], c["notice_on"]), nil)
		f := c["fmla"].(map[string]any)
		for _, k := range []string{"eligible", "months_of_service", "hours_credited", "employees_within_75_miles"} {
			if fmt.Sprint(f[k]) != fmt.Sprint(det[k]) {
				t.Errorf("case %v %s: stored %v, now %v", m["id"], k, f[k], det[k])
			}
		}
		if c["medical_reason"] == nil {
			t.Errorf("case %v has no medical reason for HR", m["id"])
		}
	}
	if len(reasons) < 4 {
		t.Errorf("reasons %v", reasons)
	}
}
