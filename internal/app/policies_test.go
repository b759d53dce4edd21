package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestPolicyLifecycleAPI: a generalist drafts a policy for one org unit;
// nobody outside HR sees the draft; it is published only when an HR
// manager approves it (not the generalist who wrote it); publishing
// assigns it to the unit's active employees; an employee acknowledges
// with their own name (a wrong one is refused), once; tracking counts by
// unit; a new version supersedes the old one and starts over; a stale
// draft revision is refused.
func TestPolicyLifecycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr, me := e.api("generalist@example.com"), e.api("manager@example.com"), e.api("employee@example.com")
		_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", e.empOf("employee@example.com")), nil)
		unit := num64(emp["org_unit_id"])
		body := map[string]any{"title": "Remote work", "category": "workplace", "body": "# Remote work\n\nWork from home up to two days a week.", "summary": "First version",
			"audience": map[string]any{"org_unit_ids": []int64{unit}}, "due_days": 10}
		if st, b, _ := gen.do("POST", "/api/v1/policies", map[string]any{"title": "", "category": "nope", "body": ""}); st != 422 || len(fieldsOf(b)) < 3 {
			t.Errorf("bad draft: %d %v", st, b)
		}
		if st, _, _ := me.do("POST", "/api/v1/policies", body); st != 403 {
			t.Errorf("an employee drafts a policy: %d", st)
		}
		st, p, _ := gen.do("POST", "/api/v1/policies", body)
		if st != 201 {
			t.Fatalf("create: %d %v", st, p)
		}
		id := num64(p["id"])
		path := fmt.Sprintf("/api/v1/policies/%d", id)
		if st, _, _ := me.do("GET", path, nil); st != 404 {
			t.Errorf("an employee reads a draft: %d", st)
		}
		// A stale revision of the draft is refused.
		stale := map[string]any{"body": "Changed", "rev": 7}
		if st, _, _ := gen.do("PUT", path+"/draft", stale); st != 409 {
			t.Errorf("stale draft: %d", st)
		}
		st, sub, _ := gen.do("POST", path+"/submission", nil)
		vs := sub["versions"].([]any)
		v1 := vs[0].(map[string]any)
		if st != 200 || v1["status"] != "pending_approval" {
			t.Fatalf("submit: %d %v", st, sub)
		}
		if st, _, _ := gen.do("PUT", path+"/draft", map[string]any{"body": "x"}); st != 409 {
			t.Errorf("edit while waiting for approval: %d", st)
		}
		ap := num64(v1["approval_id"])
		if st, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st == 200 {
			t.Error("the author approved their own policy")
		}
		if st, b, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve: %d %v", st, b)
		}
		st, p, _ = me.do("GET", path, nil)
		cur, _ := p["current"].(map[string]any)
		if st != 200 || cur == nil || cur["sha256"] != policy.Hash("# Remote work\n\nWork from home up to two days a week.") || p["my_acknowledgment"] == nil {
			t.Fatalf("published: %d %v", st, p)
		}
		vid := num64(cur["id"])
		_, mine, _ := me.do("GET", "/api/v1/me/policies", nil)
		found := false
		for _, it := range mine["items"].([]any) {
			if m := it.(map[string]any); num64(m["policy_id"]) == id {
				found = m["due_on"] == testToday.AddDays(10).String()
			}
		}
		if !found {
			t.Errorf("assigned: %v", mine)
		}
		ack := fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgment", vid)
		if st, b, _ := me.do("POST", ack, map[string]any{"signed_name": "Someone Else"}); st != 422 || !strings.Contains(fieldsOf(b)["signed_name"], "Taylor Brooks") {
			t.Errorf("wrong name: %d %v", st, b)
		}
		if st, b, _ := me.do("POST", ack, map[string]any{"signed_name": " taylor  brooks "}); st != 200 || b["acknowledged_at"] == nil || b["sha256"] != cur["sha256"] {
			t.Fatalf("acknowledge: %d %v", st, b)
		}
		if st, _, _ := me.do("POST", ack, map[string]any{"signed_name": "Taylor Brooks"}); st != 409 {
			t.Errorf("twice: %d", st)
		}
		// Someone outside the audience has nothing to acknowledge.
		if st, _, _ := e.api("director@example.com").do("POST", ack, map[string]any{"signed_name": "x"}); st != 404 {
			t.Errorf("outside the audience: %d", st)
		}
		st, tr, _ := gen.do("GET", fmt.Sprintf("/api/v1/policy-versions/%d/tracking", vid), nil)
		items := tr["items"].([]any)
		total, acked := 0, 0
		for _, it := range items {
			m := it.(map[string]any)
			total += int(num64(m["assigned"]))
			acked += int(num64(m["acknowledged"]))
		}
		if st != 200 || acked != 1 || total < 2 {
			t.Errorf("tracking: %d %v", st, tr)
		}
		if st, _, _ := me.do("GET", fmt.Sprintf("/api/v1/policy-versions/%d/tracking", vid), nil); st != 403 {
			t.Errorf("an employee tracks: %d", st)
		}
		_, ev, _ := gen.do("GET", fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgments", vid), nil)
		if !strings.Contains(fmt.Sprint(ev), "taylor  brooks") && !strings.Contains(fmt.Sprint(ev), "taylor brooks") {
			t.Errorf("evidence: %v", ev)
		}
		// Version 2 supersedes version 1 and is assigned again.
		if st, b, _ := gen.do("PUT", path+"/draft", map[string]any{"body": "# Remote work\n\nWork from home up to three days a week.", "summary": "Three days", "audience": map[string]any{"org_unit_ids": []int64{unit}}}); st != 200 {
			t.Fatalf("version 2: %d %v", st, b)
		}
		_, sub, _ = gen.do("POST", path+"/submission", nil)
		vs = sub["versions"].([]any)
		if st, _, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", num64(vs[1].(map[string]any)["approval_id"])), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve v2: %d", st)
		}
		_, p, _ = me.do("GET", path, nil)
		if cur := p["current"].(map[string]any); cur["number"] != 2.0 || p["my_acknowledgment"].(map[string]any)["acknowledged_at"] != nil {
			t.Errorf("version 2 for the employee: %v", p)
		}
		if st, _, _ := me.do("POST", ack, map[string]any{"signed_name": "Taylor Brooks"}); st != 409 {
			t.Errorf("acknowledging a superseded version: %d", st)
		}
	})
}

// TestPolicyPerRole: who drafts, who reads drafts, who tracks; and the
// pages' forms.
func TestPolicyPerRole(t *testing.T) {
	e := sqliteEnv(t)
	st, p, _ := e.api("generalist@example.com").do("POST", "/api/v1/policies", map[string]any{"title": "Travel", "category": "pay", "body": "Book economy.", "audience": map[string]any{}})
	if st != 201 {
		t.Fatalf("create: %d %v", st, p)
	}
	id := num64(p["id"])
	hr := roles("generalist", "manager", "director")
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		api := e.api(who + "@example.com")
		st, _, _ := api.do("GET", fmt.Sprintf("/api/v1/policies/%d", id), nil)
		if (st == 200) != hr[who] {
			t.Errorf("%s reads a draft: %d", who, st)
		}
		st, _, _ = api.do("POST", "/api/v1/policies", map[string]any{"title": "", "category": "x", "body": ""})
		if denied := st == 403; denied == hr[who] {
			t.Errorf("%s drafts: %d", who, st)
		}
		page := e.login(who + "@example.com")
		res := page.post("/policies/new", url.Values{"title": {""}})
		res.Body.Close()
		if denied := res.StatusCode == 403; denied == hr[who] || (hr[who] && res.StatusCode != 422) {
			t.Errorf("%s posts the new policy form: %d", who, res.StatusCode)
		}
		page.page("/policies", http.StatusOK)
	}
}

// TestDemoPolicies: the demo's library has published policies partly
// acknowledged, one waiting for the HR manager's approval, and policies
// for the employee persona to read.
func TestDemoPolicies(t *testing.T) {
	e := sqliteEnv(t)
	_, lib, _ := e.api("generalist@example.com").do("GET", "/api/v1/policies", nil)
	pending, published := 0, 0
	for _, it := range lib["items"].([]any) {
		m := it.(map[string]any)
		if m["current"] != nil {
			published++
		} else {
			pending++
		}
	}
	if published != 3 || pending != 1 {
		t.Errorf("library: %d published, %d not yet: %v", published, pending, lib)
	}
	_, aps, _ := e.api("manager@example.com").do("GET", "/api/v1/approvals?status=pending", nil)
	if !strings.Contains(fmt.Sprint(aps), "Policy: Remote and hybrid work") {
		t.Errorf("no policy waiting for the HR manager: %.300v", aps)
	}
	_, mine, _ := e.api("employee@example.com").do("GET", "/api/v1/me/policies", nil)
	if n := len(mine["items"].([]any)); n < 2 {
		t.Errorf("the employee has %d policies to read", n)
	}
	_, lib2, _ := e.api("employee@example.com").do("GET", "/api/v1/policies", nil)
	if n := len(lib2["items"].([]any)); n != 3 {
		t.Errorf("the employee sees %d policies, want the 3 published", n)
	}
}

// TestPolicyQuestion: an employee asks HR about a policy from the policy
// page; the question lands in the help desk linked to the policy; a
// policy they may not read (a draft) cannot be named.
func TestPolicyQuestion(t *testing.T) {
	e := sqliteEnv(t)
	me, gen := e.api("employee@example.com"), e.api("generalist@example.com")
	_, lib, _ := me.do("GET", "/api/v1/policies", nil)
	pid := num64(lib["items"].([]any)[0].(map[string]any)["id"])
	st, q, _ := me.do("POST", "/api/v1/inquiries", map[string]any{"topic": "policy", "subject": "Gift cards", "question": "Is a $20 gift card from a supplier allowed?", "policy_id": pid})
	if st != 201 || q["object_type"] != "policy" || num64(q["object_id"]) != pid {
		t.Fatalf("question: %d %v", st, q)
	}
	_, d, _ := gen.do("POST", "/api/v1/policies", map[string]any{"title": "Secret draft", "category": "other", "body": "x", "audience": map[string]any{}})
	if st, _, _ := me.do("POST", "/api/v1/inquiries", map[string]any{"topic": "policy", "subject": "x", "question": "y", "policy_id": num64(d["id"])}); st != 404 {
		t.Errorf("asking about a draft: %d", st)
	}
	doc := e.login("employee@example.com").page(fmt.Sprintf("/help?policy=%d", pid), http.StatusOK)
	if v, _ := doc.Find(`input[name=policy_id]`).Attr("value"); v != itoa(pid) || doc.Find("#f-topic option[selected]").AttrOr("value", "") != "policy" {
		t.Errorf("the question form about a policy: %q", v)
	}
}

// TestPolicyReminders: employees with an acknowledgment due are reminded
// in the app, once a week until they sign.
func TestPolicyReminders(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	n, err := e.svc.Policies.Remind(ctx)
	if err != nil || n == 0 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	_, ns, _ := e.api("employee@example.com").do("GET", "/api/v1/notifications", nil)
	if c := strings.Count(fmt.Sprint(ns), "Overdue: please acknowledge"); c != 2 {
		t.Errorf("the employee's reminders: %d in %v", c, ns)
	}
	if n, err := e.svc.Policies.Remind(ctx); err != nil || n != 0 {
		t.Errorf("a second run the same week: %d %v", n, err)
	}
}

// TestPolicyEvidenceExport: the evidence of a version comes back as XLSX
// (parsed back) and CSV, one row per employee in scope; an employee may
// not export it.
func TestPolicyEvidenceExport(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	_, lib, _ := gen.do("GET", "/api/v1/policies", nil)
	var vid int64
	for _, it := range lib["items"].([]any) {
		if c, ok := it.(map[string]any)["current"].(map[string]any); ok && it.(map[string]any)["title"] == "Code of conduct" {
			vid = num64(c["id"])
		}
	}
	_, ev, _ := gen.do("GET", fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgments", vid), nil)
	want := len(ev["items"].([]any))
	res := gen.raw("GET", fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgments/export?format=xlsx", vid))
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("xlsx: %d %v", res.StatusCode, err)
	}
	rows, _ := x.GetRows("Acknowledgments")
	if len(rows) != want+1 || rows[0][4] != "Version SHA-256" || want < 10 {
		t.Errorf("xlsx rows %d, want %d + header: %v", len(rows), want, rows[:min(2, len(rows))])
	}
	signed := 0
	for _, r := range rows[1:] {
		if len(r) > 8 && r[8] != "" {
			signed++
			if r[8] != r[4] {
				t.Errorf("signed another text: %v", r)
			}
		}
	}
	if signed == 0 {
		t.Error("no signatures in the evidence")
	}
	res = gen.raw("GET", fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgments/export?format=csv", vid))
	csvData, _ := io.ReadAll(res.Body)
	res.Body.Close()
	recs, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil || len(recs) != want+1 {
		t.Errorf("csv: %d records, %v", len(recs), err)
	}
	if res := e.api("employee@example.com").raw("GET", fmt.Sprintf("/api/v1/policy-versions/%d/acknowledgments/export", vid)); res.StatusCode != 403 {
		t.Errorf("an employee exports: %d", res.StatusCode)
	}
	page := e.login("generalist@example.com")
	r2, err := page.c.Get(e.srv.URL + fmt.Sprintf("/policy-versions/%d/evidence?format=xlsx", vid))
	if err != nil || r2.StatusCode != 200 || !strings.Contains(r2.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("the page's export: %v %v", r2, err)
	}
	if r2 != nil {
		r2.Body.Close()
	}
}

// TestERCasePolicies: an ER case names the policies it involves (an
// unknown one is refused); the case shows them; the policy shows the
// count of cases to those who oversee ER, and nothing to others.
func TestERCasePolicies(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	id := e.erCase("harassment")
	_, lib, _ := gen.do("GET", "/api/v1/policies", nil)
	var pid int64
	for _, it := range lib["items"].([]any) {
		if m := it.(map[string]any); m["title"] == "Anti-harassment and equal opportunity" {
			pid = num64(m["id"])
		}
	}
	path := fmt.Sprintf("/api/v1/cases/%d/policies", id)
	if st, b, _ := gen.do("PUT", path, map[string]any{"policy_ids": []int64{pid, 99999}}); st != 422 || fieldsOf(b)["policy_ids"] == "" {
		t.Errorf("an unknown policy: %d %v", st, b)
	}
	st, c, _ := gen.do("PUT", path, map[string]any{"policy_ids": []int64{pid}})
	if st != 200 || !strings.Contains(fmt.Sprint(c["policies"]), "Anti-harassment") {
		t.Fatalf("link: %d %v", st, c["policies"])
	}
	if st, _, _ := e.api("employee@example.com").do("PUT", path, map[string]any{"policy_ids": []int64{}}); st != 403 && st != 404 {
		t.Errorf("an employee links policies: %d", st)
	}
	doc := e.login("manager@example.com").page(fmt.Sprintf("/policies/%d", pid), http.StatusOK)
	if !strings.Contains(doc.Text(), "1 case in your oversight involves this policy") {
		t.Errorf("the policy page for the HR manager: %s", firstLines(doc.Find("main").Text(), 20))
	}
	if doc := e.login("employee@example.com").page(fmt.Sprintf("/policies/%d", pid), http.StatusOK); strings.Contains(doc.Text(), "in your oversight") {
		t.Error("an employee sees the ER count")
	}
	cd := e.login("generalist@example.com").page(fmt.Sprintf("/relations/cases/%d", id), http.StatusOK)
	if cd.Find(`#policies a[href="/policies/`+itoa(pid)+`"]`).Length() != 1 {
		t.Error("the case page does not link the policy")
	}
}
