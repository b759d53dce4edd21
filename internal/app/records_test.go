package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// dueItems reads the retention dashboard's records past retention.
func dueItems(t *testing.T, c *apiClient) []map[string]any {
	t.Helper()
	st, r, _ := c.do("GET", "/api/v1/records/retention", nil)
	if st != 200 {
		t.Fatalf("retention: %d %v", st, r)
	}
	var out []map[string]any
	for _, it := range r["due"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestRecordsPurgeAndHoldsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		st, r, _ := mgr.do("GET", "/api/v1/records/retention", nil)
		if st != 200 || len(r["types"].([]any)) != 5 {
			t.Fatalf("dashboard: %d %v", st, r)
		}
		due := dueItems(t, gen)
		var doc, form map[string]any
		held := 0
		for _, it := range due {
			if it["held"] == true {
				held++
				continue
			}
			if it["kind"] == "document" && doc == nil {
				doc = it
			}
			if it["kind"] == "i9" && form == nil {
				form = it
			}
		}
		if doc == nil || form == nil || held == 0 {
			t.Fatalf("demo retention: doc=%v form=%v held=%d of %d", doc, form, held, len(due))
		}
		// A hold on one employee: their records past retention are held,
		// and their form cannot be purged directly either.
		if st, _, _ := gen.do("POST", "/api/v1/legal-holds", map[string]any{"kind": "employee", "employee_id": num64(form["employee_id"]), "reason": "x"}); st != 403 {
			t.Errorf("generalist places a hold: %d", st)
		}
		if st, p, _ := mgr.do("POST", "/api/v1/legal-holds", map[string]any{"kind": "date_range", "from": "2026-01-01", "reason": ""}); st != 422 || fieldsOf(p)["to"] == "" || fieldsOf(p)["reason"] == "" {
			t.Errorf("bad hold: %d %v", st, p)
		}
		st, hold, _ := mgr.do("POST", "/api/v1/legal-holds", map[string]any{"kind": "employee", "employee_id": num64(form["employee_id"]), "reason": "Wage claim filed with the state labor department"})
		if st != 201 || hold["active"] != true {
			t.Fatalf("hold: %d %v", st, hold)
		}
		_, p, _ := mgr.do("GET", fmt.Sprintf("/api/v1/employees/%d/i9?", num64(form["employee_id"])), nil)
		if p["legal_hold"] != true {
			t.Errorf("the form does not show the hold: %v", p["legal_hold"])
		}
		if st, _, _ := mgr.do("POST", fmt.Sprintf("/api/v1/employees/%d/i9/purge", num64(form["employee_id"])), nil); st != 409 {
			t.Errorf("purge under hold: %d", st)
		}
		for _, it := range dueItems(t, gen) {
			if num64(it["employee_id"]) == num64(form["employee_id"]) && it["held"] != true {
				t.Errorf("a held employee's record is not held: %v", it)
			}
		}
		// The generalist asks for the purge; the HR manager approves it.
		st, pu, _ := gen.do("POST", "/api/v1/records/purges", nil)
		if st != 201 || pu["status"] != "pending" || num64(pu["approval_id"]) == 0 {
			t.Fatalf("purge request: %d %v", st, pu)
		}
		for _, it := range pu["items"].([]any) {
			if it.(map[string]any)["held"] == true {
				t.Errorf("a held record was proposed: %v", it)
			}
		}
		if st, _, _ := gen.do("POST", "/api/v1/records/purges", nil); st != 409 {
			t.Errorf("a second purge while one waits: %d", st)
		}
		// Released after the request: the record stays out of this purge.
		if st, b, _ := mgr.do("POST", fmt.Sprintf("/api/v1/legal-holds/%d/release", num64(hold["id"])), map[string]any{"reason": ""}); st != 422 {
			t.Errorf("release without reason: %d %v", st, b)
		}
		// Meanwhile a new hold on the document's owner: skipped on approval.
		if st, _, _ := mgr.do("POST", "/api/v1/legal-holds", map[string]any{"kind": "employee", "employee_id": num64(doc["employee_id"]), "reason": "Subpoena received"}); st != 201 {
			t.Fatal("second hold")
		}
		if st, b, _ := gen.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", num64(pu["approval_id"])), map[string]any{"decision": "approve"}); st == 200 {
			t.Fatalf("the requester approves their own purge: %v", b)
		}
		if st, b, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", num64(pu["approval_id"])), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve: %d %v", st, b)
		}
		_, done, _ := gen.do("GET", fmt.Sprintf("/api/v1/records/purges/%d", num64(pu["id"])), nil)
		if done["status"] != "done" || num(done, "purged") == 0 || num(done, "skipped") == 0 || int(num(done, "purged")+num(done, "skipped")) != len(pu["items"].([]any)) {
			t.Fatalf("purge outcome: %v", done)
		}
		// A purged document keeps its entry; its file is gone.
		var purgedDoc map[string]any
		for _, it := range pu["items"].([]any) {
			m := it.(map[string]any)
			if m["kind"] == "document" && num64(m["employee_id"]) != num64(doc["employee_id"]) {
				purgedDoc = m
				break
			}
		}
		if purgedDoc != nil {
			_, docs, _ := mgr.do("GET", fmt.Sprintf("/api/v1/employees/%d/documents", num64(purgedDoc["employee_id"])), nil)
			found := false
			for _, d := range docs["items"].([]any) {
				dm := d.(map[string]any)
				if num64(dm["id"]) == num64(purgedDoc["id"]) {
					found = dm["purged_at"] != nil
				}
			}
			if !found {
				t.Errorf("purged document entry: %v", docs)
			}
			res := mgr.raw("GET", fmt.Sprintf("/api/v1/employees/%d/documents/%d/content", num64(purgedDoc["employee_id"]), num64(purgedDoc["id"])))
			res.Body.Close()
			if res.StatusCode != http.StatusConflict {
				t.Errorf("download of a purged document: %d", res.StatusCode)
			}
		}
		ents, err := e.db.ListAudit(context.Background(), audit.Filter{Action: "records."})
		if err != nil || len(ents) < 5 {
			t.Fatalf("audit: %v %d", err, len(ents))
		}
	})
}

func TestLegalMattersAPI(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
	st, list, _ := mgr.do("GET", "/api/v1/legal-matters", nil)
	if st != 200 || len(list["items"].([]any)) != 1 {
		t.Fatalf("demo matter: %d %v", st, list)
	}
	for _, who := range []string{"generalist@example.com", "employee@example.com", "lead@example.com", "admin@example.com", "compensation@example.com"} {
		if st, _, _ := e.api(who).do("GET", "/api/v1/legal-matters", nil); st != 403 {
			t.Errorf("%s lists matters: %d", who, st)
		}
	}
	if st, _, _ := e.api("director@example.com").do("GET", "/api/v1/legal-matters", nil); st != 200 {
		t.Errorf("director: %d", st)
	}
	if st, p, _ := mgr.do("POST", "/api/v1/legal-matters", map[string]any{"kind": "agency_audit", "title": "", "received_on": "2026-10-30"}); st != 422 || fieldsOf(p)["agency"] == "" || fieldsOf(p)["title"] == "" {
		t.Errorf("bad matter: %d %v", st, p)
	}
	st, m, _ := mgr.do("POST", "/api/v1/legal-matters", map[string]any{"kind": "agency_audit", "title": "ICE Notice of Inspection (Form I-9)", "agency": "ICE HSI",
		"reference": "NOI-2026-0042", "received_on": "2026-10-30", "response_due": "2026-11-04"})
	if st != 201 {
		t.Fatalf("open: %d %v", st, m)
	}
	path := fmt.Sprintf("/api/v1/legal-matters/%d", num64(m["id"]))
	emp := e.empOf("employee@example.com")
	st, m, _ = mgr.do("POST", path+"/people", map[string]any{"employee_ids": []int64{emp}})
	if st != 200 || len(m["holds"].([]any)) != 1 {
		t.Fatalf("people: %d %v", st, m)
	}
	// The generalist sees that a hold exists, not the matter.
	_, holds, _ := gen.do("GET", "/api/v1/legal-holds", nil)
	seen := false
	for _, h := range holds["items"].([]any) {
		hm := h.(map[string]any)
		if hm["kind"] == "matter" && num64(hm["employee_id"]) == emp {
			seen = true
			if strings.Contains(fmt.Sprint(hm), "ICE") {
				t.Errorf("the generalist sees the matter: %v", hm)
			}
		}
	}
	if !seen {
		t.Errorf("the matter's hold is not listed")
	}
	if st, _, _ := gen.do("GET", path, nil); st != 403 {
		t.Errorf("generalist reads the matter: %d", st)
	}
	st, m, _ = mgr.do("POST", path+"/requests", map[string]any{"item": "Forms I-9 for all current employees", "due_on": "2026-11-04"})
	if st != 201 || len(m["requests"].([]any)) != 1 {
		t.Fatalf("request: %d %v", st, m)
	}
	rid := num64(m["requests"].([]any)[0].(map[string]any)["id"])
	if st, m, _ = mgr.do("POST", fmt.Sprintf("%s/requests/%d/done", path, rid), nil); st != 200 || m["requests"].([]any)[0].(map[string]any)["done_on"] != "2026-11-02" {
		t.Errorf("done: %d %v", st, m)
	}
	if st, _, _ := mgr.do("POST", path+"/closure", map[string]any{"outcome": ""}); st != 422 {
		t.Errorf("close without outcome: %d", st)
	}
	st, m, _ = mgr.do("POST", path+"/closure", map[string]any{"outcome": "Warning notice: two technical violations corrected within 10 business days; no fine."})
	if st != 200 || m["status"] != "closed" || m["holds"].([]any)[0].(map[string]any)["active"] != true {
		t.Fatalf("close: %d %v", st, m)
	}
	if st, _, _ := mgr.do("POST", path+"/people", map[string]any{"employee_ids": []int64{emp}}); st != 409 {
		t.Errorf("people on a closed matter: %d", st)
	}
}

func TestRecordsPages(t *testing.T) {
	e := sqliteEnv(t)
	for who, code := range map[string]int{"generalist@example.com": 200, "manager@example.com": 200, "employee@example.com": 403, "admin@example.com": 403} {
		e.login(who).page("/compliance/records", code)
	}
	for who, code := range map[string]int{"manager@example.com": 200, "director@example.com": 200, "generalist@example.com": 403} {
		e.login(who).page("/compliance/matters", code)
	}
	mgr := e.login("manager@example.com")
	// The employee file groups documents by record type, each with its
	// retention rule.
	for _, it := range dueItems(t, e.api("manager@example.com")) {
		if it["kind"] != "document" {
			continue
		}
		file := mgr.page(fmt.Sprintf("/people/%d?tab=documents", num64(it["employee_id"])), 200)
		if h := file.Find("h3").Text(); !strings.Contains(h, "Personnel") || !strings.Contains(h, "Payroll") || !strings.Contains(file.Text(), "29 CFR 516.5") {
			t.Errorf("employee file groups: %q", h)
		}
		break
	}
	doc := mgr.page("/compliance/matters", 200)
	href, _ := doc.Find(`a[href^="/compliance/matters/"]`).First().Attr("href")
	page := mgr.page(href, 200)
	if !strings.Contains(page.Find("h1").Text(), "EEOC charge") || page.Find("#ppl-h").Length() == 0 {
		t.Fatalf("matter page: %q", page.Find("h1").Text())
	}
	// A hold with a missing reason shows a field error.
	d, res := mgr.submit("/compliance/holds", map[string][]string{"kind": {"employee"}, "employee": {"employee@example.com"}, "reason": {""}}, http.StatusUnprocessableEntity)
	if res.StatusCode != 422 || d.Find("#f-reason-error").Length() == 0 {
		t.Fatalf("hold form error: %d", res.StatusCode)
	}
	mgr.submit("/compliance/holds", map[string][]string{"kind": {"employee"}, "employee": {"employee@example.com"}, "reason": {"Preservation letter from counsel"}}, http.StatusSeeOther)
	gen := e.login("generalist@example.com")
	if p := gen.page("/compliance/records", 200); !strings.Contains(p.Find("#holds-h").Parent().Parent().Text(), "Preservation letter") {
		t.Errorf("hold not listed for the generalist")
	}
	gen.submit("/compliance/records/purges", map[string][]string{}, http.StatusSeeOther)
	if p := gen.page("/compliance/records", 200); !strings.Contains(p.Text(), "waiting for the HR manager") {
		t.Errorf("purge not pending on the page")
	}
}
