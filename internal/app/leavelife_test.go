package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/notify/mailtest"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// uploadForm posts a multipart form with fields and, when data is not
// nil, a file.
func (c *apiClient) uploadForm(path string, fields map[string]string, filename string, data []byte) (int, map[string]any) {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if data != nil {
		fw, _ := w.CreateFormFile("file", filename)
		_, _ = fw.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

// noticeMail waits for a notice email and returns its PDF's text.
func noticeMail(t *testing.T, srv *mailtest.Server, to, subject string) string {
	t.Helper()
	m := waitMail(t, srv, to, subject)
	full := srv.Message(t, m.ID)
	if len(full.Attachments) != 1 || full.Attachments[0].ContentType != "application/pdf" {
		t.Fatalf("notice %q attachments: %+v", subject, full.Attachments)
	}
	text, err := hiring.ExtractText("application/pdf", srv.PartBody(t, m.ID, full.Attachments[0].PartID))
	if err != nil {
		t.Fatalf("notice PDF: %v", err)
	}
	// The PDF's text comes back line by line without the breaks: compare
	// without spaces.
	return strings.Join(strings.Fields(text), "")
}

// TestFMLALifecycleAPI walks an FMLA case through its life on both
// databases: the notices (PDF, emailed through SMTP, dates kept, late
// ones marked), the certification requested, incomplete (the deficiency
// notice and the 7-day cure), then complete with its file sealed; the
// designation through the HR manager's approval; usage charged by the
// usage rule until the entitlement runs out (flagged, with a task); who
// sees what; stale versions; and closing.
func TestFMLALifecycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, srv, _ := mailEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		lead := e.empOf("lead@example.com")
		leadEmail := "lead@example.com"
		eligibleWorksite(t, e, db, "lead@example.com")
		_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", lead), nil)
		if w, _ := emp["work_email"].(string); w != "" {
			leadEmail = w
		}
		st, c, _ := gen.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": lead, "reason": "own_health", "schedule": "continuous",
			"starts_on": "2026-07-27", "ends_on": "2026-11-30", "notice_on": "2026-07-20", "medical_reason": "Back surgery"})
		if st != 201 {
			t.Fatalf("open: %d %v", st, c)
		}
		if c["eligible"] != true {
			t.Fatalf("the lead should be eligible: %v", c["fmla"])
		}
		id := num64(c["id"])
		base := fmt.Sprintf("/api/v1/leave-cases/%d", id)
		life := func(who *apiClient) map[string]any {
			t.Helper()
			st, b, _ := who.do("GET", base+"/lifecycle", nil)
			if st != 200 {
				t.Fatalf("lifecycle: %d %v", st, b)
			}
			return b
		}
		l := life(gen)
		if l["designation"] != "pending" || l["certification_status"] != "none" || num64(l["version"]) != 1 {
			t.Fatalf("new case: %v", l)
		}

		// The eligibility notice, 5 business days after July 20, is sent
		// late today: the PDF goes by email and the date is kept.
		if st, b, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "eligibility", "version": 1}); st != 201 {
			t.Fatalf("eligibility notice: %d %v", st, b)
		}
		text := noticeMail(t, srv, leadEmail, "eligibility")
		if !strings.Contains(text, nospace("You are eligible for leave under the Family and Medical Leave Act")) {
			t.Errorf("eligibility PDF: %s", text)
		}
		l = life(gen)
		ns := l["notices"].([]any)
		n0 := ns[0].(map[string]any)
		if len(ns) != 1 || n0["sent_on"] != testToday.String() || n0["due_on"] != "2026-07-27" || n0["on_time"] != false {
			t.Errorf("notice record: %v", ns)
		}
		// A stale version is refused, and nothing is sent.
		if st, _, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "rights", "version": 1}); st != 409 {
			t.Errorf("stale version: %d", st)
		}
		if st, _, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "designation"}); st != 409 {
			t.Errorf("designation notice before designating: %d", st)
		}

		// Certification: asked today, due in 15 calendar days.
		if st, b, _ := gen.do("POST", base+"/certification-request", map[string]any{"requested_on": testToday.String()}); st != 200 || b["certification_due"] != testToday.AddDays(15).String() {
			t.Fatalf("certification request: %d %v", st, b)
		}
		if st, _, _ := gen.do("POST", base+"/designation", map[string]any{"approve": true}); st != 409 {
			t.Errorf("designated with the certification outstanding: %d", st)
		}
		cert := certPDF(t)
		if st, b := gen.uploadForm(base+"/certification", map[string]string{"complete": "false"}, "", nil); st != 422 || fieldsOf(b)["deficiency"] == "" {
			t.Errorf("incomplete without saying what is missing: %d %v", st, b)
		}
		if st, b := gen.uploadForm(base+"/certification", map[string]string{"complete": "true"}, "note.txt", []byte("just text")); st != 422 || fieldsOf(b)["file"] == "" {
			t.Errorf("a text file as certification: %d %v", st, b)
		}
		if st, b := gen.uploadForm(base+"/certification", map[string]string{"complete": "false", "deficiency": "The expected duration is missing."}, "", nil); st != 200 || b["certification_status"] != "incomplete" {
			t.Fatalf("incomplete: %d %v", st, b)
		}
		if st, b, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "deficiency"}); st != 201 || b["cure_due"] != testToday.AddDays(7).String() {
			t.Fatalf("deficiency notice: %d %v", st, b)
		}
		if text := noticeMail(t, srv, leadEmail, "incomplete"); !strings.Contains(text, nospace("The expected duration is missing.")) {
			t.Errorf("deficiency PDF: %s", text)
		}
		st, b := gen.uploadForm(base+"/certification", map[string]string{"complete": "true", "recert_on": testToday.AddDays(3).String()}, "cert.pdf", cert)
		if st != 422 || fieldsOf(b)["recert_on"] == "" {
			t.Errorf("recertification sooner than 30 days: %d %v", st, b)
		}
		st, b = gen.uploadForm(base+"/certification", map[string]string{"complete": "true"}, "cert.pdf", cert)
		if st != 200 || b["certification_status"] != "complete" || b["recertification_from"] != "2026-12-02" {
			t.Fatalf("complete: %d %v", st, b)
		}
		_, want, _ := gen.do("POST", "/api/v1/rules/fmla-notices/evaluate", map[string]any{"leave_requested_on": "2026-07-20", "sufficient_information_on": testToday.String()})
		if b["designation_notice_due"] != want["result"].(map[string]any)["designation_notice_due"] {
			t.Errorf("designation due %v, rules engine %v", b["designation_notice_due"], want["result"])
		}
		docs := b["certifications"].([]any)
		doc := docs[len(docs)-1].(map[string]any)
		if res := gen.raw("GET", fmt.Sprintf("/api/v1/leave-certifications/%d", num64(doc["id"]))); res.StatusCode != 200 {
			t.Errorf("certification download: %d", res.StatusCode)
		} else if got, _ := io.ReadAll(res.Body); !bytes.Equal(got, cert) {
			t.Error("the certification does not come back as uploaded")
		}

		// The HR manager asks to approve designations; the generalist may not.
		if st, _, _ := gen.do("PUT", "/api/v1/leave/settings", map[string]any{"designation_approval": true}); st != 403 {
			t.Errorf("generalist turns on approvals: %d", st)
		}
		if st, _, _ := mgr.do("PUT", "/api/v1/leave/settings", map[string]any{"designation_approval": true}); st != 200 {
			t.Fatalf("manager turns on approvals: %d", st)
		}
		if st, b, _ := gen.do("POST", base+"/designation", map[string]any{"approve": true}); st != 200 || b["designation"] != "awaiting_approval" || num64(b["approval_id"]) == 0 {
			t.Fatalf("propose: %d %v", st, b)
		} else {
			ap := num64(b["approval_id"])
			if st, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st == 200 {
				t.Error("the generalist approved their own designation")
			}
			if st, b, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st != 200 {
				t.Fatalf("manager approves: %d %v", st, b)
			}
		}
		if l = life(gen); l["designation"] != "approved" || l["designated_on"] != testToday.String() {
			t.Fatalf("after approval: %v", l)
		}
		if st, _, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "designation"}); st != 201 {
			t.Fatalf("designation notice: %d", st)
		}
		if text := noticeMail(t, srv, leadEmail, "Designation"); !strings.Contains(text, nospace("approved and designated as FMLA-protected leave")) {
			t.Errorf("designation PDF: %s", text)
		}

		// Usage: the first full week is one workweek, as the rules engine
		// charges it; a day in the future or twice is refused.
		week := []map[string]any{}
		for d := date.MustParse("2026-07-27"); d.Before(date.MustParse("2026-08-01")); d = d.AddDays(1) {
			week = append(week, map[string]any{"date": d.String(), "hours": 8})
		}
		st, u, _ := gen.do("POST", base+"/usage", map[string]any{"days": week})
		if st != 200 {
			t.Fatalf("usage: %d %v", st, u)
		}
		_, ru, _ := gen.do("POST", "/api/v1/rules/fmla-usage/evaluate", map[string]any{"schedule": map[string]any{"hours": map[string]any{"mon": 8, "tue": 8, "wed": 8, "thu": 8, "fri": 8}}, "leave": week})
		if fmt.Sprint(u["hours_charged"]) != fmt.Sprint(ru["result"].(map[string]any)["hours_charged"]) || u["hours_not_protected"] != 0.0 {
			t.Errorf("charged %v, rules engine %v", u, ru["result"])
		}
		if st, b, _ := gen.do("POST", base+"/usage", map[string]any{"days": []map[string]any{{"date": "2026-07-27", "hours": 8}, {"date": testToday.AddDays(1).String(), "hours": 8}}}); st != 422 || len(fieldsOf(b)) != 2 {
			t.Errorf("twice and in the future: %d %v", st, b)
		}
		// Then every weekday to October 30: 14 weeks in all, 2 past the
		// 12-week entitlement, flagged and queued for a decision.
		var rest []map[string]any
		for d := date.MustParse("2026-08-03"); !d.After(date.MustParse("2026-10-30")); d = d.AddDays(1) {
			if !d.IsWeekend() {
				rest = append(rest, map[string]any{"date": d.String(), "hours": 8})
			}
		}
		st, u, _ = gen.do("POST", base+"/usage", map[string]any{"days": rest})
		if st != 200 || u["hours_not_protected"] != 80.0 || u["hours_available"] != 0.0 {
			t.Errorf("past the entitlement: %d %v", st, u)
		}
		l = life(gen)
		if bal := l["fmla_balance"].(map[string]any); bal["hours_available"] != 0.0 || l["hours_not_protected"] != 80.0 {
			t.Errorf("balance: %v %v", bal, l["hours_not_protected"])
		}
		_, tasks, _ := gen.do("GET", "/api/v1/tasks?owner=queue&limit=500", nil)
		if !strings.Contains(fmt.Sprint(tasks), "FMLA exhausted: decide on 80 hours of Jordan Alvarez") {
			t.Errorf("no decision task: %v", tasks)
		}

		// Who sees what: the employee their own case (no certification,
		// no medical reason) and notices; nobody else.
		me := e.api("lead@example.com")
		l = life(me)
		if l["certifications"] != nil || l["balance_explanation"] != nil {
			t.Errorf("the employee sees HR's details: %v", l)
		}
		if res := me.raw("GET", n0["pdf"].(string)); res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("the employee's notice: %d", res.StatusCode)
		}
		for _, who := range []string{"employee@example.com", "manager@example.com", "admin@example.com"} {
			if who == "manager@example.com" {
				continue // HR manager: in scope
			}
			if st, _, _ := e.api(who).do("GET", base+"/lifecycle", nil); st != 404 {
				t.Errorf("%s reads the case: %d", who, st)
			}
			if res := e.api(who).raw("GET", n0["pdf"].(string)); res.StatusCode != 404 {
				t.Errorf("%s reads the notice: %d", who, res.StatusCode)
			}
		}
		if res := me.raw("GET", fmt.Sprintf("/api/v1/leave-certifications/%d", num64(doc["id"]))); res.StatusCode == 200 {
			t.Error("the employee downloads the certification through HR's route")
		}
		if st, _, _ := me.do("POST", base+"/notices", map[string]any{"kind": "rights"}); st != 403 {
			t.Errorf("the employee sends a notice: %d", st)
		}

		// The dashboard is the HR manager's.
		if st, d, _ := mgr.do("GET", "/api/v1/leave/dashboard", nil); st != 200 || num64(d["open_cases"]) == 0 {
			t.Errorf("dashboard: %d %v", st, d)
		}
		for _, who := range []string{"generalist@example.com", "employee@example.com"} {
			if st, _, _ := e.api(who).do("GET", "/api/v1/leave/dashboard", nil); st != 403 {
				t.Errorf("%s reads the dashboard: %d", who, st)
			}
		}

		// Closing cancels the open tasks; a closed case takes no change.
		if st, b, _ := gen.do("POST", base+"/close", map[string]any{"note": "Back at work"}); st != 200 || b["closed_on"] != testToday.String() {
			t.Fatalf("close: %d %v", st, b)
		}
		if st, _, _ := gen.do("POST", base+"/notices", map[string]any{"kind": "rights"}); st != 409 {
			t.Errorf("notice on a closed case: %d", st)
		}
		_, tasks, _ = gen.do("GET", "/api/v1/tasks?owner=queue&limit=500", nil)
		if strings.Contains(fmt.Sprint(tasks), "Jordan Alvarez") {
			t.Errorf("open tasks left: %v", tasks)
		}
		// The audit trail never carries the medical reason.
		_, au, _ := e.api("admin@example.com").do("GET", fmt.Sprintf("/api/v1/audit?object_type=leave_case&object_id=%d", id), nil)
		if s := fmt.Sprint(au); strings.Contains(s, "Back surgery") || !strings.Contains(s, "leave.notice_send") {
			t.Errorf("audit: %.400s", s)
		}
	})
}

// certPDF is a small PDF standing in for a provider's certification.
func certPDF(t *testing.T) []byte {
	t.Helper()
	b, err := leave.NoticePDF("Dr. Ada Lane, MD", "Certification of Health Care Provider (WH-380)", "Certification", "Signed.")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestStatePrograms: the HR manager keeps programs as data (a stale
// version and bad input refused, the generalist may not edit); a
// program added for the worksite's state is evaluated when a case opens,
// designated with FMLA, and leave taken is charged against both.
func TestStatePrograms(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
	st, ps, _ := gen.do("GET", "/api/v1/leave-programs", nil)
	items, _ := ps["items"].([]any)
	if st != 200 || len(items) != 2 {
		t.Fatalf("programs: %d %v", st, ps)
	}
	cfra := items[0].(map[string]any)
	if cfra["key"] != "ca_cfra" || cfra["min_employees"] != 5.0 || fmt.Sprint(cfra["reasons"]) != "[own_health family_health birth_bonding placement military_exigency]" {
		t.Errorf("CFRA: %v", cfra)
	}
	cfra["weeks"] = 13.0
	if st, _, _ := gen.do("PUT", "/api/v1/leave-programs/ca_cfra", cfra); st != 403 {
		t.Errorf("generalist edits a program: %d", st)
	}
	cfra["version"] = 7.0
	if st, _, _ := mgr.do("PUT", "/api/v1/leave-programs/ca_cfra", cfra); st != 409 {
		t.Errorf("stale version: %d", st)
	}
	// A program for the lead's worksite state.
	lead := e.empOf("lead@example.com")
	_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", lead), nil)
	_, locs, _ := gen.do("GET", "/api/v1/locations", nil)
	region := ""
	for _, l := range locs["items"].([]any) {
		if m := l.(map[string]any); num64(m["id"]) == num64(emp["location_id"]) {
			region, _ = m["region"].(string)
		}
	}
	if region == "" {
		t.Fatalf("no region for the lead's location %v", emp["location_id"])
	}
	prog := map[string]any{"key": "test_pfl", "name": "Test Paid Family Leave", "jurisdiction": region, "weeks": 8, "period": "rolling_52_weeks", "min_employees": 1,
		"min_weeks_employed": 26, "reasons": []string{"own_health", "family_health"}, "paid": true, "concurrent_with_fmla": true, "active": true, "sources": "Test Act § 1"}
	bad := map[string]any{}
	for k, v := range prog {
		bad[k] = v
	}
	bad["weeks"], bad["reasons"] = 0, []string{"vacation"}
	if st, b, _ := mgr.do("PUT", "/api/v1/leave-programs/test_pfl", bad); st != 422 || fieldsOf(b)["weeks"] == "" || fieldsOf(b)["reasons"] == "" {
		t.Errorf("bad program: %d %v", st, b)
	}
	if st, b, _ := mgr.do("PUT", "/api/v1/leave-programs/test_pfl", prog); st != 200 || b["version"] != 1.0 {
		t.Fatalf("add program: %d %v", st, b)
	}
	st, c, _ := gen.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": lead, "reason": "family_health", "schedule": "intermittent", "frequency": "Weekly appointments, half a day", "starts_on": "2026-10-05", "notice_on": "2026-10-01"})
	if st != 201 {
		t.Fatalf("open: %d %v", st, c)
	}
	base := fmt.Sprintf("/api/v1/leave-cases/%d", num64(c["id"]))
	if st, b, _ := gen.do("POST", base+"/designation", map[string]any{"approve": true}); st != 200 || b["designation"] != "approved" {
		t.Fatalf("designate: %d %v", st, b)
	}
	if st, b, _ := gen.do("POST", base+"/usage", map[string]any{"days": []map[string]any{{"date": "2026-10-06", "hours": 4}, {"date": "2026-10-13", "hours": 6}}}); st != 200 || b["hours_charged"] != 10.0 {
		t.Fatalf("usage: %d %v", st, b)
	}
	_, l, _ := gen.do("GET", base+"/lifecycle", nil)
	var got map[string]any
	for _, p := range l["state_programs"].([]any) {
		if m := p.(map[string]any); m["key"] == "test_pfl" {
			got = m
		}
	}
	if got == nil || got["eligible"] != true || got["designated"] != true || got["hours_used"] != 10.0 || got["hours_entitled"] != 8*float64(num(emp, "weekly_hours")) {
		t.Errorf("program on the case: %v", got)
	}
	// The test company is too small for FMLA (the worksite test), so the
	// leave is the state program's alone: nothing is charged to FMLA.
	if c["eligible"] != false || l["fmla_balance"].(map[string]any)["hours_used"] != 0.0 || l["hours_not_protected"] != 0.0 {
		t.Errorf("FMLA charged for an ineligible employee: %v %v", c["eligible"], l["fmla_balance"])
	}
	// A case for a reason the program does not cover: evaluated, not eligible.
	_, c2, _ := gen.do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": lead, "reason": "birth_bonding", "schedule": "continuous", "starts_on": "2027-01-04"})
	_, l2, _ := gen.do("GET", fmt.Sprintf("/api/v1/leave-cases/%d/lifecycle", num64(c2["id"])), nil)
	if s := fmt.Sprint(l2["state_programs"]); !strings.Contains(s, "test_pfl") || !strings.Contains(s, "eligible:false") {
		t.Errorf("uncovered reason: %s", s)
	}
}

func nospace(s string) string { return strings.Join(strings.Fields(s), "") }

// eligibleWorksite makes an employee's worksite count the whole test
// company (as if every site were within 75 miles): with 60 people no
// one passes the 50-employee test otherwise.
func eligibleWorksite(t *testing.T, e *env, db *store.DB, email string) {
	t.Helper()
	gen := e.api("generalist@example.com")
	_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", e.empOf(email)), nil)
	_, locs, _ := gen.do("GET", "/api/v1/locations", nil)
	var others []int64
	for _, l := range locs["items"].([]any) {
		if id := num64(l.(map[string]any)["id"]); id != num64(emp["location_id"]) {
			others = append(others, id)
		}
	}
	ctx := context.Background()
	if err := db.InTx(ctx, func(c *store.Conn) error { return c.SetNearby(ctx, num64(emp["location_id"]), others) }); err != nil {
		t.Fatal(err)
	}
}

// TestLeaveLifecyclePerRole: every leave case action and leave setting,
// as each demo persona, on the case of someone else (the line manager's
// report): HR acts (the domain then answers), everyone else is refused.
// The bodies are refused by the domain after the permission check, so
// nothing changes.
func TestLeaveLifecyclePerRole(t *testing.T) {
	e := sqliteEnv(t)
	lead := e.empOf("lead@example.com")
	st, c, _ := e.api("generalist@example.com").do("POST", "/api/v1/leave-cases", map[string]any{"employee_id": lead, "reason": "own_health", "schedule": "continuous", "starts_on": "2026-11-16"})
	if st != 201 {
		t.Fatalf("open: %d %v", st, c)
	}
	base := fmt.Sprintf("/api/v1/leave-cases/%d", num64(c["id"]))
	hr := roles("generalist", "manager", "director")
	type route struct {
		method, path string
		body         any
		allowed      map[string]bool
	}
	routes := []route{
		{"GET", base + "/lifecycle", nil, roles("generalist", "manager", "director", "lead")},
		{"POST", base + "/certification-request", map[string]any{"requested_on": "2027-01-01"}, hr},
		{"POST", base + "/designation", map[string]any{"approve": false}, hr},
		{"POST", base + "/notices", map[string]any{"kind": "designation"}, hr},
		{"POST", base + "/usage", map[string]any{"days": []map[string]any{{"date": "2026-11-16", "hours": 8}}}, hr},
		{"POST", base + "/close", map[string]any{"version": 99}, hr},
		{"GET", "/api/v1/leave/dashboard", nil, roles("manager", "director")},
		{"GET", "/api/v1/leave-programs", nil, hr},
		{"PUT", "/api/v1/leave-programs/ca_cfra", map[string]any{"key": "ca_cfra", "name": "x", "jurisdiction": "CA", "weeks": 12, "period": "fmla_method", "reasons": []string{"own_health"}, "version": 99}, roles("manager", "director")},
		{"PUT", "/api/v1/leave/settings", map[string]any{"designation_approval": false}, roles("manager", "director")},
		{"PUT", "/api/v1/leave/notice-templates/rights", map[string]any{"template": "no subject"}, roles("manager", "director")},
	}
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		api := e.api(who + "@example.com")
		for _, r := range routes {
			st, body, _ := api.do(r.method, r.path, r.body)
			denied := st == 403 || st == 404
			if r.allowed[who] == denied {
				t.Errorf("%s %s %s: %d (allowed %v) %v", who, r.method, r.path, st, r.allowed[who], body["detail"])
			}
			if !denied && r.method != "GET" && st < 400 && !strings.HasSuffix(r.path, "/leave/settings") { // the setting is written as it was
				t.Errorf("%s %s %s changed something: %d", who, r.method, r.path, st)
			}
		}
		// The pages' forms: HR gets the form back with its errors (422),
		// everyone else is refused.
		page := e.login(who + "@example.com")
		ui := "/leave/cases/" + itoa(num64(c["id"]))
		for path, form := range map[string]url.Values{
			ui + "/certification-request": {"requested_on": {"2027-01-01"}},
			ui + "/designation":           {"outcome": {"deny"}},
			ui + "/notices":               {"kind": {"designation"}},
			ui + "/usage":                 {"from": {"2026-11-16"}},
			ui + "/close":                 {"version": {"99"}},
			"/settings/leave":             {"_form": {"template"}, "kind": {"rights"}, "template": {"no subject"}},
		} {
			res := page.post(path, form)
			res.Body.Close()
			want := hr[who]
			if path == "/settings/leave" {
				want = who == "manager" || who == "director"
			}
			if denied := res.StatusCode == 403 || res.StatusCode == 404; want == denied || (want && res.StatusCode != 422) {
				t.Errorf("%s posts %s: %d", who, path, res.StatusCode)
			}
		}
		// The multipart certification route.
		st, b := api.uploadForm(base+"/certification", map[string]string{"complete": "true"}, "", nil)
		if denied := st == 403 || st == 404; hr[who] == denied {
			t.Errorf("%s records a certification: %d %v", who, st, b["detail"])
		}
	}
}

// TestFMLAMethodChangeNeedsNotice: changing the 12-month method needs 60
// days' notice; the old method stays until then, the year after the
// change gives each employee the most beneficial method, and then the
// new method applies (29 CFR 825.200(d)(1)).
func TestFMLAMethodChangeNeedsNotice(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.api("manager@example.com")
	put := func(from string) (int, map[string]any) {
		st, b, _ := mgr.do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "US_FED", "fmla_method": "calendar_year", "fmla_method_from": from})
		return st, b
	}
	if st, b := put(""); st != 422 || fieldsOf(b)["fmla_method_from"] == "" {
		t.Errorf("no effective day: %d %v", st, b)
	}
	if st, b := put(testToday.AddDays(59).String()); st != 422 || !strings.Contains(fieldsOf(b)["fmla_method_from"], testToday.AddDays(60).String()) {
		t.Errorf("59 days: %d %v", st, b)
	}
	from := testToday.AddDays(60)
	st, b := put(from.String())
	if st != 200 || b["fmla_method"] != "rolling_backward" || b["fmla_method_pending"] != "calendar_year" || b["fmla_method_pending_from"] != from.String() ||
		b["fmla_transition_until"] != from.AddMonths(12).String() {
		t.Fatalf("scheduled: %d %v", st, b)
	}
	ctx := context.Background()
	for _, c := range []struct {
		on   date.Date
		want string
	}{{testToday, "rolling_backward"}, {from.AddDays(-1), "rolling_backward"}, {from, "most_beneficial"}, {from.AddMonths(12).AddDays(-1), "most_beneficial"}, {from.AddMonths(12), "calendar_year"}} {
		set, err := compliance.NewService(e.db.Compliance(), kit.FixedClock{T: c.on.Time()}).RuleSettings(ctx)
		if err != nil || set.FMLAMethod != c.want {
			t.Errorf("on %s: %q %v, want %s", c.on, set.FMLAMethod, err, c.want)
		}
	}
	// Submitting the current method again cancels the scheduled change.
	if st, b, _ := mgr.do("PUT", "/api/v1/settings/rules", map[string]any{"business_calendar": "US_FED", "fmla_method": "rolling_backward"}); st != 200 || b["fmla_method_pending"] != nil {
		t.Errorf("cancel: %d %v", st, b)
	}
	if set, _ := compliance.NewService(e.db.Compliance(), kit.FixedClock{T: from.Time()}).RuleSettings(ctx); set.FMLAMethod != "rolling_backward" {
		t.Errorf("after cancelling, on %s: %s", from, set.FMLAMethod)
	}
}

// TestLeaveTypeByState: a leave type offered only in some states is
// refused to an employee working elsewhere, with the reason.
func TestLeaveTypeByState(t *testing.T) {
	e := sqliteEnv(t)
	mgr, me := e.api("manager@example.com"), e.api("employee@example.com")
	typ := map[string]any{"key": "ak_sick", "name": "Alaska sick leave", "unit": "hours", "paid": true, "active": true, "regions": []string{"ak"},
		"policy": map[string]any{"frequency": "none"}}
	st, b, _ := mgr.do("POST", "/api/v1/leave-types", typ)
	if st != 201 || fmt.Sprint(b["regions"]) != "[AK]" {
		t.Fatalf("create: %d %v", st, b)
	}
	if st, r, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": num64(b["id"]), "starts_on": "2026-12-07"}); st != 422 || !strings.Contains(fieldsOf(r)["leave_type_id"], "working in AK") {
		t.Errorf("request elsewhere: %d %v", st, r)
	}
	typ["regions"] = []string{"Alaska"}
	if st, r, _ := mgr.do("POST", "/api/v1/leave-types", typ); st != 422 || fieldsOf(r)["regions"] == "" {
		t.Errorf("a bad state: %d %v", st, r)
	}
}

// TestTimeOffChange: a request is changed to new dates in one step (the
// old one cancelled, the new one waiting for approval); a change that
// overlaps another request is refused and the old request stays; someone
// else may not change it; the page offers the change.
func TestTimeOffChange(t *testing.T) {
	e := sqliteEnv(t)
	me := e.api("employee@example.com")
	pto := leaveTypeID(t, me, "Paid time off")
	_, a, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2027-01-11", "ends_on": "2027-01-12"})
	_, b, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2027-01-20"})
	if num64(a["id"]) == 0 || num64(b["id"]) == 0 {
		t.Fatalf("requests: %v %v", a, b)
	}
	path := fmt.Sprintf("/api/v1/time-off/requests/%d/change", num64(a["id"]))
	if st, r, _ := me.do("POST", path, map[string]any{"leave_type_id": pto, "starts_on": "2027-01-19", "ends_on": "2027-01-20"}); st != 409 {
		t.Errorf("change onto another request: %d %v", st, r)
	}
	if st, _, _ := e.api("lead@example.com").do("POST", path, map[string]any{"leave_type_id": pto, "starts_on": "2027-01-25"}); st != 403 && st != 404 {
		t.Errorf("the line manager changes the request: %d", st)
	}
	st, n, _ := me.do("POST", path, map[string]any{"leave_type_id": pto, "starts_on": "2027-01-25", "ends_on": "2027-01-26", "note": "Moved"})
	if st != 201 || n["status"] != "pending" || n["starts_on"] != "2027-01-25" {
		t.Fatalf("change: %d %v", st, n)
	}
	if old, err := e.svc.TimeOff.Get(context.Background(), e.actorOf("employee@example.com"), num64(a["id"])); err != nil || old.Status != "cancelled" {
		t.Errorf("the old request: %v %v", old.Status, err)
	}
	page := e.login("employee@example.com")
	doc := page.page(fmt.Sprintf("/time-off?change=%d", num64(b["id"])), http.StatusOK)
	if v, _ := doc.Find(`input[name=change_id]`).Attr("value"); v != itoa(num64(b["id"])) || doc.Find("#f-starts-on").AttrOr("value", "") != "2027-01-20" {
		t.Errorf("the change form: %q", v)
	}
	res := page.post("/time-off", url.Values{"change_id": {itoa(num64(b["id"]))}, "leave_type_id": {itoa(pto)}, "starts_on": {"2027-02-01"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("change through the page: %d", res.StatusCode)
	}
}

// TestFMLAMandatoryOvertime: overtime the employee is normally required
// to work is part of the usual workweek, so 12 workweeks are 12 x 48
// hours for a 40-hour schedule with 8 hours of it (29 CFR 825.205(c)).
func TestFMLAMandatoryOvertime(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	lead := e.empOf("lead@example.com")
	body := map[string]any{"employee_id": lead, "reason": "own_health", "schedule": "continuous", "starts_on": "2026-12-07", "mandatory_overtime_hours": 50}
	if st, b, _ := gen.do("POST", "/api/v1/leave-cases", body); st != 422 || fieldsOf(b)["mandatory_overtime_hours"] == "" {
		t.Errorf("50 hours of overtime: %d %v", st, b)
	}
	body["mandatory_overtime_hours"] = 8
	st, c, _ := gen.do("POST", "/api/v1/leave-cases", body)
	if st != 201 || c["mandatory_overtime_hours"] != 8.0 {
		t.Fatalf("open: %d %v", st, c)
	}
	_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", lead), nil)
	_, l, _ := gen.do("GET", fmt.Sprintf("/api/v1/leave-cases/%d/lifecycle", num64(c["id"])), nil)
	want := 12 * (float64(num(emp, "weekly_hours")) + 8)
	if got := l["fmla_balance"].(map[string]any)["hours_entitled"]; got != want {
		t.Errorf("entitled %v, want %v", got, want)
	}
}
