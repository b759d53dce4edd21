package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestLegislativeChanges: the HR manager records a change in the law
// (bad input refused per field), assesses its impact with the affected
// policy and creates tasks in the compliance queue (a stale version is
// refused), and closes it; generalists read the log and the calendar,
// which shows the law taking effect, the acknowledgments due and the
// closures; employees see none of it.
func TestLegislativeChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { legislativeChanges(t, newEnv(t, db)) })
}

func legislativeChanges(t *testing.T, e *env) {
	mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
	if st, b, _ := mgr.do("POST", "/api/v1/legislative-changes", map[string]any{"jurisdiction": "California", "title": "", "summary": "", "source_url": "ftp://x", "effective_on": "2027-01-01"}); st != 422 || len(fieldsOf(b)) < 4 {
		t.Errorf("bad change: %d %v", st, b)
	}
	body := map[string]any{"jurisdiction": "ca", "title": "Paid sick leave rises to 5 days", "summary": "Employers must provide 40 hours or 5 days of paid sick leave a year.",
		"source_url": "https://leginfo.legislature.ca.gov/", "effective_on": "2026-12-15"}
	if st, _, _ := gen.do("POST", "/api/v1/legislative-changes", body); st != 403 {
		t.Errorf("a generalist records a change: %d", st)
	}
	st, c, _ := mgr.do("POST", "/api/v1/legislative-changes", body)
	if st != 201 || c["jurisdiction"] != "CA" || c["status"] != "open" {
		t.Fatalf("record: %d %v", st, c)
	}
	id := num64(c["id"])
	_, lib, _ := gen.do("GET", "/api/v1/policies", nil)
	pid := num64(lib["items"].([]any)[0].(map[string]any)["id"])
	assess := map[string]any{"version": 1, "impact": "Sick leave accrual for California employees must change.", "affected": map[string]any{"policy_ids": []int64{pid}},
		"tasks": []map[string]any{{"title": "Update the sick leave type for CA", "due_on": "2026-12-01"}, {"title": "Tell CA managers"}}}
	st, a, _ := mgr.do("POST", fmt.Sprintf("/api/v1/legislative-changes/%d/assessment", id), assess)
	if st != 200 || a["status"] != "assessed" || len(a["tasks"].([]any)) != 2 {
		t.Fatalf("assess: %d %v", st, a)
	}
	if t2 := a["tasks"].([]any)[1].(map[string]any); t2["due_on"] != "2026-12-15" {
		t.Errorf("a task without a due date is due on the effective date: %v", t2["due_on"])
	}
	if st, _, _ := mgr.do("POST", fmt.Sprintf("/api/v1/legislative-changes/%d/assessment", id), assess); st != 409 {
		t.Errorf("a stale assessment: %d", st)
	}
	_, cal, _ := gen.do("GET", "/api/v1/compliance/calendar?from="+testToday.String()+"&days=120", nil)
	s := fmt.Sprint(cal)
	for _, want := range []string{"Paid sick leave rises to 5 days takes effect (CA)", "Company closure: Christmas Eve"} {
		if !strings.Contains(s, want) {
			t.Errorf("calendar lacks %q: %.500s", want, s)
		}
	}
	if st, _, _ := e.api("employee@example.com").do("GET", "/api/v1/compliance/calendar", nil); st != 403 {
		t.Errorf("an employee reads the calendar: %d", st)
	}
	if st, b, _ := mgr.do("POST", fmt.Sprintf("/api/v1/legislative-changes/%d/closure", id), nil); st != 200 || b["status"] != "closed" {
		t.Errorf("close: %d %v", st, b)
	}
	// The pages.
	page := e.login("manager@example.com")
	doc, _ := page.submit("/compliance/changes", url.Values{"jurisdiction": {"NY"}, "title": {""}, "summary": {"x"}, "effective_on": {"2027-01-01"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-title-error").Length() == 0 {
		t.Error("no error on the title")
	}
	res := page.post("/compliance/changes", url.Values{"jurisdiction": {"NY"}, "title": {"Salary ranges in job ads"}, "summary": {"Postings must show pay ranges."}, "effective_on": {"2027-01-01"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record through the page: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	res = page.post(loc+"/assess", url.Values{"version": {"1"}, "impact": {"Update postings."}, "tasks": {"Add ranges to NY postings | 2026-12-20\nBrief recruiters"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("assess through the page: %d", res.StatusCode)
	}
	if d := e.login("generalist@example.com").page(loc, http.StatusOK); !strings.Contains(d.Text(), "Add ranges to NY postings") {
		t.Error("the change's page lacks its tasks")
	}
	e.login("generalist@example.com").page("/compliance/calendar", http.StatusOK)
	e.login("employee@example.com").page("/compliance/calendar", http.StatusForbidden)
	if res := e.login("generalist@example.com").post("/compliance/changes", url.Values{"title": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a generalist posts a change: %d", res.StatusCode)
	}
}

// TestDemoLegislation: the demo's log has an assessed California change
// with its tasks and a New York change waiting for assessment.
func TestDemoLegislation(t *testing.T) {
	e := sqliteEnv(t)
	_, log, _ := e.api("generalist@example.com").do("GET", "/api/v1/legislative-changes", nil)
	s := fmt.Sprint(log)
	if !strings.Contains(s, "status:assessed") || !strings.Contains(s, "status:open") || !strings.Contains(s, "jurisdiction:NY") {
		t.Errorf("demo log: %.400s", s)
	}
}
