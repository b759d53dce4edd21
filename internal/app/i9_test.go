package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/work"
)

// hireFor hires someone into the employee persona's org unit through the
// API and returns their ID.
func hireFor(t *testing.T, e *env, email, hireDate string) int64 {
	t.Helper()
	gen := e.api("generalist@example.com")
	_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", e.empOf("employee@example.com")), nil)
	body := map[string]any{"given_name": "Ines", "family_name": "Okafor", "work_email": email, "hire_date": hireDate,
		"org_unit_id": num(emp, "org_unit_id"), "location_id": num(emp, "location_id"), "job_id": num(emp, "job_id"), "manager_id": nil, "employment_type": "full_time",
		"weekly_hours": 40, "pay": map[string]any{"amount_cents": 5500000, "per": "year", "currency": "USD"}}
	st, out, _ := gen.do("POST", "/api/v1/employees", body)
	if st != 201 {
		t.Fatalf("hire: %d %v", st, out)
	}
	return num64(out["id"])
}

func TestI9LifecycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		// Hired on Monday Oct 26: Section 1 is due that day, Section 2 on
		// Thursday Oct 29 (three business days, not counting the first).
		id := hireFor(t, e, "ines.okafor@northwind.example", "2026-10-26")
		path := fmt.Sprintf("/api/v1/employees/%d/i9", id)
		st, r, _ := gen.do("GET", path, nil)
		if st != 200 || r["first_day_of_employment"] != "2026-10-26" || r["section1_due"] != "2026-10-26" || r["section2_due"] != "2026-10-29" ||
			r["status"] != "overdue" || r["section1_completed_on"] != nil || r["retain_until"] != nil || r["recorded"] != true {
			t.Fatalf("new form: %d %v", st, r)
		}
		for _, k := range []string{"first_day_of_employment", "section1_due", "section2_due", "section1_completed_on", "section2_completed_on", "reverify_by", "retain_until", "status"} {
			if _, ok := r[k]; !ok {
				t.Errorf("CONTRACT.md field %s missing", k)
			}
		}
		if len(r["explanation"].([]any)) < 4 {
			t.Errorf("no explanation: %v", r["explanation"])
		}
		// The hire started the onboarding I-9 tasks.
		tasks := func() map[string]string {
			ts, err := e.db.Tasks().ListTasks(context.Background(), work.TaskFilter{EmployeeID: id, WholeCompany: true, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, x := range ts {
				out[x.Rule] = x.Status
			}
			return out
		}
		if ts := tasks(); ts["onboarding.i9_section1"] != "open" || ts["onboarding.i9_section2"] != "open" {
			t.Fatalf("onboarding tasks: %v", ts)
		}
		// The overdue form is escalated once: a high-priority task and a
		// notification to the HR managers over the employee.
		if n, err := e.svc.I9.Escalate(context.Background()); err != nil || n < 1 {
			t.Fatalf("escalate: %d %v", n, err)
		}
		if n, err := e.svc.I9.Escalate(context.Background()); err != nil || n != 0 {
			t.Fatalf("second escalation: %d %v", n, err)
		}
		if ts := tasks(); ts["i9.overdue"] != "open" {
			t.Fatalf("no overdue task: %v", ts)
		}
		_, notes, _ := mgr.do("GET", "/api/v1/notifications", nil)
		if !strings.Contains(fmt.Sprint(notes), "Form I-9 overdue: Ines Okafor") {
			t.Errorf("the HR manager was not told: %v", notes)
		}
		// Section 2 before Section 1 is refused.
		if st, b, _ := gen.do("PUT", path+"/section2", map[string]any{"examiner_name": "Priya Raman", "documents": []any{map[string]any{"type": "us_passport", "number": "123456789"}}}); st != 422 || fieldsOf(b)["completed_on"] == "" {
			t.Errorf("section 2 first: %d %v", st, b)
		}
		if st, b, _ := gen.do("PUT", path+"/section1", map[string]any{"citizenship": "authorized_alien", "completed_on": "2026-10-26"}); st != 422 || fieldsOf(b)["work_authorization_expires"] == "" && fieldsOf(b)["work_auth_expires"] == "" {
			t.Errorf("alien without expiry: %d %v", st, b)
		}
		st, r, _ = gen.do("PUT", path+"/section1", map[string]any{"citizenship": "authorized_alien", "work_authorization_expires": "2027-01-15", "completed_on": "2026-10-26", "offer_accepted_on": "2026-10-01"})
		if st != 200 || r["section1_completed_on"] != "2026-10-26" || r["citizenship"] != "authorized_alien" {
			t.Fatalf("section 1: %d %v", st, r)
		}
		version := num(r, "version")
		// Documents must be one List A or a List B and a List C one.
		bad := []map[string]any{
			{"examiner_name": "Priya Raman", "documents": []any{map[string]any{"type": "drivers_license", "number": "D1234567", "expires": "2030-01-01"}}},
			{"examiner_name": "Priya Raman", "documents": []any{map[string]any{"type": "us_passport", "number": "5123456789"}, map[string]any{"type": "social_security_card", "number": "123456789"}}},
			{"examiner_name": "Priya Raman", "documents": []any{map[string]any{"type": "employment_authorization_card", "number": "SRC1234567890"}}},
			{"examiner_name": "", "documents": []any{map[string]any{"type": "employment_authorization_card", "number": "SRC1234567890", "expires": "2027-01-15"}}},
		}
		wantField := []string{"documents", "documents", "documents[0].expires", "examiner_name"}
		for i, b := range bad {
			if st, p, _ := gen.do("PUT", path+"/section2", b); st != 422 || fieldsOf(p)[wantField[i]] == "" {
				t.Errorf("bad section 2 #%d: %d %v", i, st, p)
			}
		}
		good := map[string]any{"version": version, "examiner_name": "Priya Raman", "examiner_title": "HR Generalist",
			"documents": []any{map[string]any{"type": "employment_authorization_card", "issuer": "USCIS", "number": "SRC1234567890", "expires": "2027-01-15"}}}
		// Today is Nov 2: Section 2 is late and needs a note.
		if st, p, _ := gen.do("PUT", path+"/section2", good); st != 422 || fieldsOf(p)["note"] == "" {
			t.Fatalf("late without note: %d %v", st, p)
		}
		good["note"] = "The employee was on a client site all week; documents examined on their first day in the office."
		st, r, _ = gen.do("PUT", path+"/section2", good)
		raw, _ := json.Marshal(r)
		if st != 200 || strings.Contains(string(raw), "SRC1234567890") || !strings.Contains(string(raw), `"number_last4":"7890"`) {
			t.Fatalf("section 2: %d %s", st, raw)
		}
		_, r, _ = gen.do("GET", path, nil)
		if r["section2_completed_on"] != "2026-11-02" || r["reverify_by"] != "2027-01-15" || r["status"] != "reverification_due" {
			t.Fatalf("after section 2: %v", r)
		}
		if ts := tasks(); ts["onboarding.i9_section1"] != "done" || ts["onboarding.i9_section2"] != "done" {
			t.Fatalf("onboarding tasks not closed: %v", ts)
		}
		// The numbers are sealed at rest.
		var sealed []byte
		if err := db.SQLDB().QueryRow(`SELECT numbers_sealed FROM i9_records WHERE employee_id = ` + itoa(id)).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if len(sealed) == 0 || bytes.Contains(sealed, []byte("SRC1234567890")) {
			t.Fatalf("numbers not sealed: %q", sealed)
		}
		// Reverification tasks: 90 days ahead now, once.
		for range 2 {
			if _, err := e.svc.I9.ReverifyTasks(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		ts, _ := e.db.Tasks().ListTasks(context.Background(), work.TaskFilter{EmployeeID: id, WholeCompany: true, Limit: 100})
		n90, n30 := 0, 0
		for _, x := range ts {
			switch x.Rule {
			case "i9.reverify_90":
				n90++
				if x.DueOn.String() != "2027-01-15" || x.Status != "open" {
					t.Errorf("reverify task: %+v", x)
				}
			case "i9.reverify_30":
				n30++
			}
		}
		if n90 != 1 || n30 != 0 {
			t.Fatalf("reverification tasks: 90=%d 30=%d", n90, n30)
		}
		// Supplement B: a List B document is refused; a new EAD is recorded.
		if st, p, _ := gen.do("POST", path+"/reverifications", map[string]any{"type": "drivers_license", "number": "D7654321", "expires": "2030-01-01"}); st != 422 || fieldsOf(p)["type"] == "" {
			t.Errorf("List B reverification: %d %v", st, p)
		}
		st, r, _ = gen.do("POST", path+"/reverifications", map[string]any{"type": "employment_authorization_card", "number": "SRC9999999999", "expires": "2028-06-01"})
		if st != 201 || r["reverify_by"] != "2028-06-01" || r["status"] != "complete" || len(r["reverifications"].([]any)) != 1 {
			t.Fatalf("reverify: %d %v", st, r)
		}
		if ts := tasks(); ts["i9.reverify_90"] != "done" {
			t.Fatalf("reverification task not closed: %v", ts)
		}
		// E-Verify update and a scanned copy.
		if st, p, _ := gen.do("PUT", path+"/everify", map[string]any{"everify_case": "2026123456789", "everify_result": "employment_authorized"}); st != 200 || p["everify_case"] != "2026123456789" {
			t.Errorf("e-verify: %d %v", st, p)
		}
		if st, p := gen.uploadFile(path+"/files", "form.exe", []byte("MZ")); st != 422 {
			t.Errorf("an executable: %d %v", st, p)
		}
		if st, p := gen.uploadFile(path+"/files", "i9.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")); st != 201 || len(p["files"].([]any)) != 1 {
			t.Fatalf("upload: %d %v", st, p)
		}
		// The audit report flags the late Section 2 (explained).
		st, rep, _ := mgr.do("GET", "/api/v1/i9/audit", nil)
		if st != 200 {
			t.Fatalf("audit: %d %v", st, rep)
		}
		found := false
		for _, f := range rep["findings"].([]any) {
			m := f.(map[string]any)
			if num64(m["employee_id"]) == id && m["kind"] == "late_section2" {
				found = true
			}
			if num64(m["employee_id"]) == id && m["kind"] == "late_unexplained" {
				t.Errorf("an explained late form is flagged unexplained")
			}
		}
		if !found || len(rep["checklist"].([]any)) < 8 {
			t.Fatalf("audit findings: %v", rep)
		}
		// A purge before retention is refused: the employee is employed.
		if st, _, _ := mgr.do("POST", path+"/purge", nil); st != 409 {
			t.Errorf("purge while employed: %d", st)
		}
		// The tracker's open view no longer lists the form.
		_, open, _ := gen.do("GET", "/api/v1/i9?view=open", nil)
		for _, it := range open["items"].([]any) {
			if num64(it.(map[string]any)["employee_id"]) == id {
				t.Errorf("a complete form in the open view")
			}
		}
	})
}

func TestI9EmployeeSection1(t *testing.T) {
	e := sqliteEnv(t)
	id := hireFor(t, e, "ines.okafor@northwind.example", "2026-11-09")
	if _, err := e.svc.Access.CreateUser(context.Background(), access.System, access.UserInput{Email: "ines.okafor@northwind.example", Name: "Ines Okafor", Password: "a-long-test-password"}); err != nil {
		t.Fatal(err)
	}
	me := e.api("ines.okafor@northwind.example")
	path := fmt.Sprintf("/api/v1/employees/%d/i9", id)
	st, r, _ := me.do("GET", path, nil)
	if st != 200 || r["status"] != "pending" || r["section1_due"] != "2026-11-09" || r["section2_due"] != "2026-11-13" {
		t.Fatalf("own form: %d %v", st, r)
	}
	if st, p, _ := me.do("PUT", path+"/section1", map[string]any{"citizenship": "citizen"}); st != 422 || fieldsOf(p)["attest"] == "" {
		t.Errorf("no attestation: %d %v", st, p)
	}
	// The employee's date is today whatever they send.
	st, r, _ = me.do("PUT", path+"/section1", map[string]any{"citizenship": "citizen", "attest": true, "completed_on": "2026-10-01"})
	if st != 200 || r["section1_completed_on"] != "2026-11-02" {
		t.Fatalf("self section 1: %d %v", st, r)
	}
	if st, _, _ := me.do("PUT", path+"/section2", map[string]any{"examiner_name": "Me", "documents": []any{map[string]any{"type": "us_passport", "number": "512345678"}}}); st != 403 {
		t.Errorf("employee completes section 2: %d", st)
	}
	// An employee sees only their own.
	if st, _, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/i9", e.empOf("employee@example.com")), nil); st != 403 {
		t.Errorf("employee reads another's form: %d", st)
	}
	// A citizen presenting an EAD does not agree with Section 1.
	gen := e.api("generalist@example.com")
	if st, p, _ := gen.do("PUT", path+"/section2", map[string]any{"examiner_name": "Priya Raman", "documents": []any{map[string]any{"type": "employment_authorization_card", "number": "SRC1234567890", "expires": "2028-01-01"}}}); st != 422 || fieldsOf(p)["documents[0].type"] == "" {
		t.Errorf("citizen with EAD: %d %v", st, p)
	}
	st, r, _ = gen.do("PUT", path+"/section2", map[string]any{"examiner_name": "Priya Raman", "documents": []any{
		map[string]any{"type": "drivers_license", "issuer": "California", "number": "D1234567", "expires": "2030-05-01"},
		map[string]any{"type": "social_security_card", "number": "123456789"}}})
	if st != 200 || r["status"] != "complete" || r["reverify_by"] != nil {
		t.Fatalf("B+C: %d %v", st, r)
	}
}

func TestI9PerRole(t *testing.T) {
	e := sqliteEnv(t)
	emp := e.empOf("employee@example.com")
	path := fmt.Sprintf("/api/v1/employees/%d/i9", emp)
	want := map[string]map[string]int{
		"employee@example.com":           {"get": 200, "list": 403, "audit": 403, "section2": 403},
		"lead@example.com":               {"get": 403, "list": 403, "audit": 403, "section2": 403},
		"generalist@example.com":         {"get": 200, "list": 200, "audit": 200, "section2": 409},
		"manager@example.com":            {"get": 200, "list": 200, "audit": 200, "section2": 409},
		"director@example.com":           {"get": 200, "list": 200, "audit": 200, "section2": 409},
		"admin@example.com":              {"get": 403, "list": 403, "audit": 403, "section2": 403},
		"tech.generalist@example.com":    {"get": 403, "list": 200, "audit": 200, "section2": 403},
		"compensation@example.com":       {"get": 200, "list": 200, "audit": 200, "section2": 409},
		"support.generalist@example.com": {"get": 200, "list": 200, "audit": 200, "section2": 409},
	}
	for who, w := range want {
		c := e.api(who)
		st, _, _ := c.do("GET", path, nil)
		if st != w["get"] {
			t.Errorf("%s GET form: %d, want %d", who, st, w["get"])
		}
		if st, _, _ := c.do("GET", "/api/v1/i9?view=open", nil); st != w["list"] {
			t.Errorf("%s tracker: %d, want %d", who, st, w["list"])
		}
		if st, _, _ := c.do("GET", "/api/v1/i9/audit", nil); st != w["audit"] {
			t.Errorf("%s audit: %d, want %d", who, st, w["audit"])
		}
		// Taylor's Section 2 is complete in the demo: HR in scope gets a
		// field error for the bad body (no documents), others 403.
		st, p, _ := c.do("PUT", path+"/section2", map[string]any{"examiner_name": "X", "documents": []any{}})
		if got := st; !(got == w["section2"] || (w["section2"] == 409 && got == 422)) {
			t.Errorf("%s section 2: %d %v, want %d", who, st, p, w["section2"])
		}
	}
	// Page access.
	for who, code := range map[string]int{"employee@example.com": 200, "generalist@example.com": 200, "lead@example.com": 403, "admin@example.com": 403} {
		e.login(who).page(fmt.Sprintf("/people/%d/i9", emp), code)
	}
	for who, code := range map[string]int{"generalist@example.com": 200, "manager@example.com": 200, "employee@example.com": 403} {
		b := e.login(who)
		b.page("/compliance/i9", code)
		b.page("/compliance/i9/audit", code)
	}
}

func TestDemoI9(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.api("manager@example.com")
	_, r, _ := mgr.do("GET", fmt.Sprintf("/api/v1/employees/%d/i9", e.empOf("employee@example.com")), nil)
	if r["status"] != "complete" || len(r["documents"].([]any)) == 0 {
		t.Fatalf("Taylor's form: %v", r)
	}
	// The demo leaves one employment without a form: the audit finds it,
	// and the hourly backfill starts it, so the tracker lists it.
	_, rep, _ := mgr.do("GET", "/api/v1/i9/audit", nil)
	if c := rep["counts"].(map[string]any); num64(c["missing"]) < 1 {
		t.Fatalf("audit counts: %v", c)
	}
	if n, err := e.svc.I9.Backfill(context.Background()); err != nil || n != 1 {
		t.Fatalf("backfill: %d %v", n, err)
	}
	if n, err := e.svc.I9.Backfill(context.Background()); err != nil || n != 0 {
		t.Fatalf("second backfill: %d %v", n, err)
	}
	counts := map[string]int{}
	for _, v := range []string{"open", "reverify", "retention", "late"} {
		st, l, _ := mgr.do("GET", "/api/v1/i9?view="+v, nil)
		if st != 200 {
			t.Fatalf("%s: %d", v, st)
		}
		counts[v] = len(l["items"].([]any))
	}
	if counts["reverify"] < 2 || counts["retention"] < 1 || counts["late"] < 1 || counts["open"] < 1 {
		t.Fatalf("demo views: %v", counts)
	}
	// The compliance calendar shows the reverifications coming due.
	_, cal, _ := e.api("generalist@example.com").do("GET", "/api/v1/compliance/calendar?from="+testToday.String()+"&days=120", nil)
	if !strings.Contains(fmt.Sprint(cal), "Form(s) I-9 to reverify by this day") {
		t.Errorf("calendar lacks the reverifications: %.400v", cal)
	}
	// The audit report exports as XLSX and PDF, parsed back.
	res := mgr.raw("GET", "/api/v1/i9/audit/export?format=xlsx")
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("xlsx: %d %v", res.StatusCode, err)
	}
	rows, _ := x.GetRows("I-9 audit")
	if len(rows) < 4 || rows[0][0] != "Finding" {
		t.Fatalf("xlsx rows: %v", rows)
	}
	res = mgr.raw("GET", "/api/v1/i9/audit/export?format=pdf")
	data, _ = io.ReadAll(res.Body)
	res.Body.Close()
	text, err := hiring.ExtractText("application/pdf", data)
	if err != nil || !strings.Contains(text, "Self-audit checklist") || !strings.Contains(text, "Reverification") {
		t.Fatalf("pdf: %v %q", err, text)
	}
	// A form past retention is purged by the HR manager: documents and
	// copies gone, the dates kept; the generalist may not purge.
	_, ret, _ := mgr.do("GET", "/api/v1/i9?view=retention", nil)
	first := ret["items"].([]any)[0].(map[string]any)
	pid := num64(first["employee_id"])
	purge := fmt.Sprintf("/api/v1/employees/%d/i9/purge?first_day=%s", pid, first["first_day_of_employment"])
	if st, _, _ := e.api("generalist@example.com").do("POST", purge, nil); st != 403 {
		t.Errorf("generalist purges: %d", st)
	}
	st, p, _ := mgr.do("POST", purge, nil)
	if st != 200 || p["purged_on"] != "2026-11-02" || len(p["documents"].([]any)) != 0 || p["section2_completed_on"] == nil {
		t.Fatalf("purge: %d %v", st, p)
	}
	if st, _, _ := mgr.do("POST", purge, nil); st != 409 {
		t.Errorf("second purge: %d", st)
	}
	ents, err := e.db.ListAudit(context.Background(), audit.Filter{Action: "i9.purge"})
	if err != nil || len(ents) != 1 {
		t.Fatalf("purge audit: %v %d", err, len(ents))
	}
}

// TestI9Rehire: a rehire is a new employment with a new Form I-9; the
// earlier one stays in the history with its retention date.
func TestI9Rehire(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	_, list, _ := gen.do("GET", "/api/v1/employees?status=terminated&limit=50", nil)
	_, me, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", e.empOf("employee@example.com")), nil)
	var id int64
	for _, it := range list["items"].([]any) {
		m := it.(map[string]any)
		if td, _ := m["termination_date"].(string); td != "" && td < "2026-10-01" {
			id = num64(m["id"])
			break
		}
	}
	if id == 0 {
		t.Fatal("no former employee in the demo")
	}
	body := map[string]any{"hire_date": "2026-11-02", "org_unit_id": num(me, "org_unit_id"), "location_id": num(me, "location_id"), "job_id": num(me, "job_id"),
		"pay": map[string]any{"amount_cents": 5200000, "per": "year", "currency": "USD"}}
	if st, b, _ := gen.do("POST", fmt.Sprintf("/api/v1/employees/%d/rehires", id), body); st != 200 && st != 201 {
		t.Fatalf("rehire: %d %v", st, b)
	}
	st, r, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/i9", id), nil)
	if st != 200 || r["first_day_of_employment"] != "2026-11-02" || r["section1_completed_on"] != nil || r["status"] != "pending" || r["recorded"] != true {
		t.Fatalf("the rehire's form: %d %v", st, r)
	}
	_, h, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/i9/history", id), nil)
	items := h["items"].([]any)
	if len(items) < 2 || items[1].(map[string]any)["retain_until"] == nil {
		t.Fatalf("history: %v", h)
	}
}
