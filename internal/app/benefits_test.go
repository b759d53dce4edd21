package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/benefits/edi834"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/work"
)

// planIDs maps the demo plans' deduction codes to their IDs.
func planIDs(t *testing.T, c *apiClient) map[string]int64 {
	t.Helper()
	st, out, _ := c.do("GET", "/api/v1/benefit-plans", nil)
	if st != 200 {
		t.Fatalf("plans: %d %v", st, out)
	}
	ids := map[string]int64{}
	for _, p := range out["items"].([]any) {
		p := p.(map[string]any)
		ids[p["code"].(string)] = num64(p["id"])
	}
	return ids
}

// openWindow is the demo's open-enrollment window that is open today.
func openWindow(t *testing.T, c *apiClient) int64 {
	t.Helper()
	st, out, _ := c.do("GET", "/api/v1/benefit-windows", nil)
	if st != 200 {
		t.Fatalf("windows: %d %v", st, out)
	}
	for _, w := range out["items"].([]any) {
		w := w.(map[string]any)
		if w["kind"] == "open_enrollment" && w["status"] == "open" {
			return num64(w["id"])
		}
	}
	t.Fatalf("no open enrollment window open: %v", out)
	return 0
}

// x12Check runs the node-x12 strict parser on files when it is
// installed (CADRE_X12_REQUIRED=1 makes it mandatory).
func x12Check(t *testing.T, files ...string) {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "..", "tools", "x12check"))
	node, err := exec.LookPath("node")
	if err != nil || fileMissing(filepath.Join(dir, "node_modules", "node-x12", "package.json")) {
		if os.Getenv("CADRE_X12_REQUIRED") == "1" {
			t.Fatal("node or tools/x12check/node_modules is missing, and CADRE_X12_REQUIRED=1")
		}
		t.Log("skipping the node-x12 check: run npm ci in tools/x12check")
		return
	}
	out, err := exec.Command(node, append([]string{filepath.Join(dir, "check.js")}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("node-x12 rejected the 834: %v\n%s", err, out)
	}
}

func fileMissing(p string) bool {
	_, err := os.Stat(p)
	return err != nil
}

// TestBenefitsAPI walks open enrollment end to end on both databases: an
// employee adds a spouse and a child and elects family coverage (with
// every bad input refused), HR follows progress and closes the window,
// coverage and payroll deductions follow, a late life event is accepted
// with a reason, a termination starts COBRA with the rules engine's
// deadlines, and the carrier's 834 validates with our validator and
// node-x12.
func TestBenefitsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		emp, gen, mgr := e.api("employee@example.com"), e.api("generalist@example.com"), e.api("manager@example.com")
		me := e.empOf("employee@example.com")
		ids := planIDs(t, emp)
		if ids["MEDPPO"] == 0 || ids["DENPPO"] == 0 || ids["VISVSP"] == 0 {
			t.Fatalf("demo plans: %v", ids)
		}
		// Plan design is the HR manager's; bad plans are refused field by field.
		bad := map[string]any{"carrier_id": 1, "type": "medical", "name": "X", "code": "X1", "eligibility": map[string]any{"waiting_days": 120}, "child_age_limit": 20, "rates": map[string]any{}}
		if st, _, _ := gen.do("POST", "/api/v1/benefit-plans", bad); st != 403 {
			t.Errorf("a generalist designs a plan: %d", st)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/benefit-plans", bad); st != 422 || fieldsOf(r)["waiting_days"] == "" || fieldsOf(r)["child_age_limit"] == "" || fieldsOf(r)["rates"] == "" {
			t.Errorf("bad plan: %d %v", st, r)
		}
		w := openWindow(t, emp)
		base := fmt.Sprintf("/api/v1/employees/%d", me)
		// Dependents: a spouse once, a child; bad dates refused.
		st, sp, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "spouse", "given_name": "Morgan", "family_name": "Brooks", "gender": "F", "birth_date": "1990-05-14", "ssn": "123-45-6789"})
		if st != 201 {
			t.Fatalf("spouse: %d %v", st, sp)
		}
		spouse := num64(sp["id"])
		if st, r, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "domestic_partner", "given_name": "Alex", "family_name": "Brooks", "birth_date": "1991-01-01"}); st != 422 || fieldsOf(r)["relationship"] == "" {
			t.Errorf("a second partner: %d %v", st, r)
		}
		if st, r, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "child", "given_name": "Sam", "family_name": "Brooks", "birth_date": "2030-01-01"}); st != 422 || fieldsOf(r)["birth_date"] == "" {
			t.Errorf("a child born in the future: %d %v", st, r)
		}
		st, ch, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "child", "given_name": "Riley", "family_name": "Brooks", "gender": "M", "birth_date": "2019-03-02"})
		if st != 201 {
			t.Fatalf("child: %d %v", st, ch)
		}
		child := num64(ch["id"])
		st, old, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "child", "given_name": "Casey", "family_name": "Brooks", "birth_date": "2000-06-01"})
		if st != 201 {
			t.Fatalf("adult child: %d %v", st, old)
		}
		if st, r, _ := emp.do("POST", base+"/dependents", map[string]any{"relationship": "child", "given_name": "riley", "family_name": "Brooks", "birth_date": "2019-03-02"}); st != 422 {
			t.Errorf("the same child twice: %d %v", st, r)
		}
		// Elections: the tier must match; the child over 26 on the coverage date is refused.
		el := fmt.Sprintf("%s/enrollments/%d", base, w)
		if st, r, _ := emp.do("PUT", el+"/elections/medical", map[string]any{"plan_id": ids["MEDPPO"], "tier": "employee", "dependent_ids": []int64{spouse, child}}); st != 422 || fieldsOf(r)["tier"] == "" {
			t.Errorf("tier mismatch: %d %v", st, r)
		}
		if st, r, _ := emp.do("PUT", el+"/elections/medical", map[string]any{"plan_id": ids["MEDPPO"], "tier": "family", "dependent_ids": []int64{spouse, child, num64(old["id"])}}); st != 422 || !strings.Contains(fieldsOf(r)["dependent_ids"], "26") {
			t.Errorf("a child over the age limit: %d %v", st, r)
		}
		if st, r, _ := emp.do("PUT", el+"/elections/medical", map[string]any{"plan_id": ids["MEDPPO"], "tier": "family", "dependent_ids": []int64{spouse, child}}); st != 204 {
			t.Fatalf("medical: %d %v", st, r)
		}
		// A passive window keeps the dental and vision in force when nothing
		// else is chosen; the employee can confirm, change and confirm again.
		if st, r, _ := emp.do("POST", el+"/confirmation", nil); st != 201 {
			t.Errorf("confirming with the rest kept: %d %v", st, r)
		}
		if st, r, _ := emp.do("PUT", el+"/elections/dental", map[string]any{"waive": true}); st != 422 || fieldsOf(r)["waive_reason"] == "" {
			t.Errorf("waiving without a reason: %d %v", st, r)
		}
		if st, r, _ := emp.do("PUT", el+"/elections/dental", map[string]any{"plan_id": ids["DENPPO"], "tier": "family", "dependent_ids": []int64{spouse, child}}); st != 204 {
			t.Fatalf("dental: %d %v", st, r)
		}
		if st, r, _ := emp.do("PUT", el+"/elections/vision", map[string]any{"waive": true, "waive_reason": "covered_by_spouse_plan"}); st != 204 {
			t.Fatalf("vision: %d %v", st, r)
		}
		if st, r, _ := emp.do("POST", el+"/confirmation", nil); st != 201 {
			t.Fatalf("confirm: %d %v", st, r)
		}
		// The employee sees dates of birth; HR sees the age, masked.
		_, mine, _ := emp.do("GET", base+"/dependents", nil)
		_, theirs, _ := gen.do("GET", base+"/dependents", nil)
		for i, d := range theirs["items"].([]any) {
			d, m := d.(map[string]any), mine["items"].([]any)[i].(map[string]any)
			if d["birth_date"] != nil || d["birth_date_masked"] != "••••-••-••" || m["birth_date"] == nil || num64(d["age"]) == 0 {
				t.Errorf("masking: HR %v, employee %v", d, m)
			}
		}
		if st, r, _ := gen.do("POST", fmt.Sprintf("%s/dependents/%d/reveal", base, spouse), nil); st != 200 || r["ssn"] != "123-45-6789" {
			t.Errorf("reveal: %d %v", st, r)
		}
		// Another employee's benefits are not theirs to read.
		lead := e.empOf("lead@example.com")
		if st, _, _ := emp.do("GET", fmt.Sprintf("/api/v1/employees/%d/benefits", lead), nil); st != 404 && st != 403 {
			t.Errorf("an employee reads a colleague's benefits: %d", st)
		}
		// Progress shows the employee done.
		st, pr, _ := gen.do("GET", fmt.Sprintf("/api/v1/benefit-windows/%d/progress", w), nil)
		if st != 200 {
			t.Fatalf("progress: %d %v", st, pr)
		}
		found := false
		for _, x := range pr["employees"].([]any) {
			x := x.(map[string]any)
			if num64(x["employee_id"]) == me {
				found = x["status"] == "done"
			}
		}
		total := pr["total"].(map[string]any)
		if !found || num64(total["done"]) == 0 || num64(total["not_started"]) == 0 || num64(total["eligible"]) != num64(total["done"])+num64(total["in_progress"])+num64(total["not_started"]) {
			t.Errorf("progress: %v", total)
		}
		if st, page, _ := gen.do("GET", fmt.Sprintf("/api/v1/benefit-windows/%d/progress?status=not_started&limit=5", w), nil); st != 200 || len(page["employees"].([]any)) > 5 || num64(page["employees_matching"]) != num64(total["not_started"]) {
			t.Errorf("a page of the employees not started: %d %v", st, page["employees_matching"])
		}
		if st, _, _ := emp.do("GET", fmt.Sprintf("/api/v1/benefit-windows/%d/progress", w), nil); st != 403 {
			t.Errorf("an employee reads the progress: %d", st)
		}
		// Close: elections become coverage from January 1; deductions follow.
		if st, r, _ := emp.do("POST", fmt.Sprintf("/api/v1/benefit-windows/%d/close", w), nil); st != 403 {
			t.Errorf("an employee closes the window: %d %v", st, r)
		}
		st, res, _ := gen.do("POST", fmt.Sprintf("/api/v1/benefit-windows/%d/close", w), nil)
		if st != 200 || num64(res["confirmed"]) == 0 || num64(res["rolled_over"]) == 0 {
			t.Fatalf("close: %d %v", st, res)
		}
		if st, _, _ := emp.do("PUT", el+"/elections/vision", map[string]any{"waive": true, "waive_reason": "cost"}); st != 409 {
			t.Errorf("a change after the window closed: %d", st)
		}
		st, b, _ := emp.do("GET", base+"/benefits", nil)
		if st != 200 {
			t.Fatalf("benefits: %d", st)
		}
		var newMed, oldMedEnds, dental bool
		for _, c := range b["coverages"].([]any) {
			c := c.(map[string]any)
			switch {
			case c["type"] == "medical" && c["effective_from"] == "2027-01-01" && c["tier"] == "family" && len(c["dependent_ids"].([]any)) == 2:
				newMed = true
			case c["type"] == "medical" && c["effective_to"] == "2026-12-31":
				oldMedEnds = true
			case c["type"] == "dental" && c["effective_from"] == "2027-01-01":
				dental = true
			}
		}
		if !newMed || !oldMedEnds || !dental {
			t.Errorf("coverage after the close: %v", b["coverages"])
		}
		items, err := db.Payroll().PayrollChanges(ctx, date.MustParse("2026-12-01"), date.MustParse("2027-01-31"), nil, true)
		if err != nil {
			t.Fatal(err)
		}
		var start, stop bool
		for _, it := range items {
			if it.EmployeeID != me {
				continue
			}
			if it.Kind == payroll.KindDeductionStart && it.DeductionCode == "MEDPPO" && it.Effective.String() == "2027-01-01" && it.DeductionCents > 0 && strings.Contains(it.DeductionPlan, "family") {
				start = true
			}
			if it.Kind == payroll.KindDeductionStop && it.DeductionCode == "MEDPPO" && it.Effective.String() == "2026-12-31" {
				stop = true
			}
		}
		if !start || !stop {
			t.Errorf("payroll deductions for the new coverage: start %v stop %v", start, stop)
		}
		// A life event after its deadline: refused, then accepted by HR with a reason.
		late := map[string]any{"event": "loss_of_other_coverage", "event_date": "2026-09-01"}
		if st, r, _ := emp.do("POST", base+"/life-events", late); st != 422 || fieldsOf(r)["event_date"] == "" {
			t.Errorf("a late life event: %d %v", st, r)
		}
		late["override_reason"] = "Asked on time by email; the letter came late."
		if st, r, _ := emp.do("POST", base+"/life-events", late); st != 422 {
			t.Errorf("an employee overrides the deadline: %d %v", st, r)
		}
		st, le, _ := gen.do("POST", base+"/life-events", late)
		if st != 201 || le["late"] != true || le["request_deadline"] != "2026-10-01" {
			t.Fatalf("late life event accepted: %d %v", st, le)
		}
		st, v, _ := gen.do("POST", fmt.Sprintf("/api/v1/benefit-life-events/%d/verification", num64(le["id"])), map[string]any{"approve": true})
		if st != 200 || num64(v["window_id"]) == 0 {
			t.Fatalf("verify: %d %v", st, v)
		}
		if st, r, _ := emp.do("PUT", fmt.Sprintf("%s/enrollments/%d/elections/fsa", base, num64(v["window_id"])), map[string]any{"plan_id": ids["FSAHC"], "annual_amount_cents": 100000}); st != 422 || fieldsOf(r)["type"] == "" {
			t.Errorf("a life event changes an FSA: %d %v", st, r)
		}
		// A birth reported in time: the HIPAA dates from the rules engine.
		st, birth, _ := emp.do("POST", base+"/life-events", map[string]any{"event": "birth", "event_date": "2026-10-20"})
		_, rule, _ := gen.do("POST", "/api/v1/rules/hipaa-special-enrollment/evaluate", map[string]any{"event": "birth", "event_date": "2026-10-20", "request_received": "2026-11-02"})
		rr, _ := rule["result"].(map[string]any)
		if st != 201 || rr == nil || birth["request_deadline"] != rr["request_deadline"] || birth["coverage_effective"] != "2026-10-20" {
			t.Errorf("birth: %d %v vs rules %v", st, birth, rule)
		}
		// The lead's eldest turns 26 this plan year: the age-limit report.
		overAge := gen.raw("GET", "/api/v1/benefits/reports/over-age?format=csv")
		oa, err := csv.NewReader(overAge.Body).ReadAll()
		leadName := ""
		if _, l, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", lead), nil); l != nil {
			leadName = fmt.Sprint(l["given_name"], " ", l["family_name"])
		}
		found = false
		for _, row := range oa[1:] {
			found = found || (row[0] == leadName && row[4] == "26" && row[5] == "2026-12-20")
		}
		if err != nil || !found {
			t.Errorf("age-limit report without %s's child: %v %v", leadName, err, oa)
		}
		// A termination starts COBRA with the rules engine's deadlines.
		ga, ma := e.actorOf("generalist@example.com"), e.actorOf("manager@example.com")
		if _, err := e.svc.People.RequestTermination(ctx, ga, lead, people.TerminationInput{LastDay: date.MustParse("2026-11-13"), Reason: "resignation", Voluntary: true, RehireEligible: true}); err != nil {
			t.Fatal(err)
		}
		list, err := e.svc.Work.List(ctx, ma, "pending")
		if err != nil {
			t.Fatal(err)
		}
		for _, ap := range list {
			if ap.ObjectID == lead && ap.Kind == "termination" {
				if err := e.svc.People.DecideTerminationAs(ctx, ma, ap.ID, work.Decision{Approve: true}); err != nil {
					t.Fatal(err)
				}
			}
		}
		st, cs, _ := gen.do("GET", "/api/v1/cobra-cases", nil)
		var cobra map[string]any
		for _, c := range cs["items"].([]any) {
			if c := c.(map[string]any); num64(c["employee_id"]) == lead {
				cobra = c
			}
		}
		if st != 200 || cobra == nil {
			t.Fatalf("no COBRA case after the termination: %d %v", st, cs)
		}
		_, rule, _ = gen.do("POST", "/api/v1/rules/cobra-deadlines/evaluate", map[string]any{"qualifying_event": "termination", "qe_date": "2026-11-13", "loss_of_coverage_date": "2026-11-30", "employer_is_administrator": true})
		rr = rule["result"].(map[string]any)
		if cobra["election_notice_due"] != rr["election_notice_due"] || num64(cobra["max_coverage_months"]) != 18 || cobra["loss_of_coverage_date"] != "2026-11-30" || len(cobra["beneficiaries"].([]any)) < 2 {
			t.Errorf("COBRA: %v vs rules %v", cobra, rr)
		}
		cid := num64(cobra["id"])
		if st, r, _ := gen.do("POST", fmt.Sprintf("/api/v1/cobra-cases/%d/steps", cid), map[string]any{"step": "elected", "on": "2026-11-02"}); st != 200 || r["status"] != "elected" {
			t.Errorf("COBRA election: %d %v", st, r)
		}
		// The carrier feed: full and changes, validated by our validator and node-x12.
		carriers := map[string]int64{}
		_, cl, _ := mgr.do("GET", "/api/v1/benefit-carriers", nil)
		for _, c := range cl["items"].([]any) {
			c := c.(map[string]any)
			carriers[c["name"].(string)] = num64(c["id"])
		}
		if st, r, _ := gen.do("POST", fmt.Sprintf("/api/v1/benefit-carriers/%d/feeds", carriers["HealthEquity"]), map[string]any{"full": true}); st != 422 || fieldsOf(r)["payer_id"] == "" {
			t.Errorf("an 834 for a carrier without an ID: %d %v", st, r)
		}
		dir := t.TempDir()
		var files []string
		for _, full := range []bool{false, true} {
			st, f, _ := gen.do("POST", fmt.Sprintf("/api/v1/benefit-carriers/%d/feeds", carriers["Aetna"]), map[string]any{"full": full})
			if st != 201 || num64(f["members"]) == 0 {
				t.Fatalf("feed (full %v): %d %v", full, st, f)
			}
			res := gen.raw("GET", fmt.Sprintf("/api/v1/benefit-feeds/%d/file", num64(f["id"])))
			data, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("feed file: %d %s", res.StatusCode, data)
			}
			if errs := edi834.Validate(data); len(errs) > 0 {
				t.Errorf("our validator rejects the feed: %v", errs)
			}
			text := string(data)
			if !strings.Contains(text, "N1*IN*AETNA*FI*060876836~") || !strings.Contains(text, "N1*P5*NORTHWIND OUTFITTERS*FI*742918350~") {
				t.Errorf("sponsor and payer: %.600s", text)
			}
			if n := strings.Count(text, "~\nINS*"); int64(n) != num64(f["members"]) {
				t.Errorf("INS count %d, members %d", n, num64(f["members"]))
			}
			if full && !strings.Contains(text, "INS*Y*18*030") {
				t.Errorf("a full file is an audit (030): %.400s", text)
			}
			if !full && (!strings.Contains(text, "*021*") || !strings.Contains(text, "*024*") || !strings.Contains(text, "HD*021**HLT*AETNA CHOICE PPO*FAM~")) {
				t.Errorf("a changes file adds (021) and ends (024): %.2000s", text)
			}
			p := filepath.Join(dir, fmt.Sprintf("feed-%v.x12", full))
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		x12Check(t, files...)
		// A claims question with the plan linked lands in the help desk.
		st, q, _ := emp.do("POST", "/api/v1/inquiries", map[string]any{"topic": "benefits", "subject": "A claim was denied", "question": "My claim for Riley's visit was denied as out of network.", "benefit_plan_id": ids["MEDPPO"]})
		if st != 201 || q["object_type"] != "benefit_plan" || num64(q["object_id"]) != ids["MEDPPO"] {
			t.Errorf("a benefits question: %d %v", st, q)
		}
		// Reports and budget.
		census := gen.raw("GET", "/api/v1/benefits/reports/census?format=csv")
		rows, err := csv.NewReader(census.Body).ReadAll()
		if err != nil || len(rows) < 5 || rows[0][1] != "Plan" {
			t.Errorf("census: %v %v", err, rows)
		}
		if st, _, _ := emp.do("GET", "/api/v1/benefits/budget", nil); st != 403 {
			t.Errorf("an employee reads the budget: %d", st)
		}
		st, bud, _ := mgr.do("GET", "/api/v1/benefits/budget", nil)
		if st != 200 || num64(bud["total"].(map[string]any)["year_cents"]) <= 0 || len(bud["by_plan"].([]any)) == 0 {
			t.Errorf("budget: %d %v", st, bud)
		}
	})
}

// TestBenefitsPerRole opens every benefits page as each persona: the
// employee has their own page and the enrollment flow, line managers no
// more than an employee, generalists the enrollment work (scoped ones in
// their scope), HR managers and directors the design too.
func TestBenefitsPerRole(t *testing.T) {
	e := sqliteEnv(t)
	admin := []string{"/benefits", "/benefits/life-events", "/benefits/cobra", "/benefits/reports", "/benefits/windows/1", "/benefits/life-events/1", "/benefits/cobra/1"}
	design := []string{"/benefits/plans", "/benefits/plans/1", "/benefits/budget"}
	mine := []string{"/benefits/me", "/benefits/enroll/2", "/benefits/enroll/2?step=medical", "/benefits/enroll/2?step=review"}
	for who, want := range map[string]struct{ admin, design, mine int }{
		"employee@example.com":   {403, 403, 200},
		"lead@example.com":       {403, 403, 200},
		"generalist@example.com": {200, 403, 200},
		"manager@example.com":    {200, 200, 200},
		"director@example.com":   {200, 200, 200},
	} {
		b := e.login(who)
		for _, p := range admin {
			code := want.admin
			if p == "/benefits" && code == 403 {
				code = 303 // employees go to their own page
			}
			b.page(p, code)
		}
		for _, p := range design {
			b.page(p, want.design)
		}
		for _, p := range mine {
			b.page(p, want.mine)
		}
	}
	// The admin's user has no employee record: no own page.
	e.login("admin@example.com").page("/benefits/me", 404)
	// A scoped generalist sees progress in scope only.
	ops := e.login("ops.generalist@example.com")
	all := e.login("generalist@example.com").page("/benefits/windows/2", 200).Find("tbody tr").Length()
	if some := ops.page("/benefits/windows/2", 200).Find("tbody tr").Length(); some == 0 || some >= all {
		t.Errorf("scoped progress: %d rows vs %d", some, all)
	}
	ops.page("/benefits/carriers/1", 200)
	// Bad input on the forms shows errors on the fields.
	emp := e.login("employee@example.com")
	d, _ := emp.submit("/benefits/me/dependents", map[string][]string{"relationship": {"child"}, "given_name": {""}, "family_name": {"Brooks"}, "birth_date": {"2031-01-01"}}, 422)
	if d.Find("#f-given-name-error").Length() == 0 || d.Find("#f-birth-date-error").Length() == 0 {
		t.Error("dependent form: no field errors")
	}
	d, _ = emp.submit("/benefits/enroll/2/elect/medical", map[string][]string{"next": {"dental"}}, 422)
	if d.Find("#f-choice-error").Length() == 0 {
		t.Error("election form: no error on the choice")
	}
	d, _ = emp.submit("/benefits/me/life-events", map[string][]string{"event": {"marriage"}, "event_date": {"2026-08-01"}}, 422)
	if d.Find("#f-event-date-error").Length() == 0 {
		t.Error("late life event: no error on the date")
	}
	mgr := e.login("manager@example.com")
	d, _ = mgr.submit("/benefits/plans", map[string][]string{"carrier_id": {"1"}, "type": {"medical"}, "name": {"X"}, "code": {"X 1"}, "waiting_days": {"120"}, "year": {"2027"}}, 422)
	if d.Find("#f-code-error").Length() == 0 || d.Find("#f-waiting-days-error").Length() == 0 || d.Find("#f-year-error").Length() == 0 {
		t.Error("plan form: no field errors")
	}
	d, _ = e.login("generalist@example.com").submit("/benefits/carriers/5/feed", map[string][]string{"format": {"834"}, "kind": {"full"}}, 422)
	if !strings.Contains(d.Find(".error-summary").Text(), "carrier ID") {
		t.Errorf("an 834 for a carrier without an ID: %q", d.Find(".error-summary").Text())
	}
}

// TestBenefitsProfileTab shows an employee's benefits on their profile to
// HR in scope and to the employee, not to a colleague.
func TestBenefitsProfileTab(t *testing.T) {
	e := sqliteEnv(t)
	lead := e.empOf("lead@example.com")
	d := e.login("generalist@example.com").page(fmt.Sprintf("/people/%d?tab=benefits", lead), 200)
	if !strings.Contains(d.Text(), "Aetna Choice PPO") || !strings.Contains(d.Text(), "Family") {
		t.Error("HR does not see the lead's coverage on the profile")
	}
	if strings.Contains(d.Text(), "born") {
		t.Error("HR sees dates of birth")
	}
	own := e.login("lead@example.com").page(fmt.Sprintf("/people/%d?tab=benefits", lead), 200)
	if !strings.Contains(own.Text(), "Aetna Choice PPO") {
		t.Error("the employee does not see their coverage on their profile")
	}
	other := e.login("employee@example.com").page(fmt.Sprintf("/people/%d?tab=benefits", lead), 200)
	if strings.Contains(other.Text(), "Aetna Choice PPO") {
		t.Error("a colleague sees the lead's benefits")
	}
}

// TestLifeEventDocuments uploads a proof of a life event as the employee
// (checked by content), and the generalist sees it before verifying.
func TestLifeEventDocuments(t *testing.T) {
	e := sqliteEnv(t)
	emp := e.api("employee@example.com")
	me := e.empOf("employee@example.com")
	st, l, _ := emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/life-events", me), map[string]any{"event": "marriage", "event_date": "2026-10-24"})
	if st != 201 {
		t.Fatalf("life event: %d %v", st, l)
	}
	path := fmt.Sprintf("/api/v1/benefit-life-events/%d/documents", num64(l["id"]))
	if st, r := emp.uploadFile(path, "certificate.pdf", []byte("MZ\x90\x00 not a pdf")); st != 422 {
		t.Errorf("a file that is not a PDF: %d %v", st, r)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	st, doc := emp.uploadFile(path, "certificate.pdf", pdf)
	if st != 201 || num64(doc["id"]) == 0 {
		t.Fatalf("upload: %d %v", st, doc)
	}
	if st, r := e.api("lead@example.com").uploadFile(path, "x.pdf", pdf); st != 403 && st != 404 {
		t.Errorf("a colleague uploads to someone's life event: %d %v", st, r)
	}
	page := e.login("generalist@example.com").page(fmt.Sprintf("/benefits/life-events/%d", num64(l["id"])), 200)
	if page.Find(fmt.Sprintf(`a[href="/people/%d/documents/%d"]`, me, num64(doc["id"]))).Length() == 0 {
		t.Error("the generalist does not see the proof")
	}
	// The employee file holds it, category benefits.
	_, docs, _ := e.api("generalist@example.com").do("GET", fmt.Sprintf("/api/v1/employees/%d/documents", me), nil)
	found := false
	for _, d := range docs["items"].([]any) {
		d := d.(map[string]any)
		found = found || (num64(d["id"]) == num64(doc["id"]) && d["category"] == "benefits")
	}
	if !found {
		t.Errorf("not in the employee file: %v", docs)
	}
}

// TestBenefitsAPIPerRole checks each persona against the benefits API:
// need to know for an employee's benefits (line managers do not see
// their reports'), plan design for HR managers and directors, enrollment
// administration for HR in scope, company-wide actions for whole-company
// grants only.
func TestBenefitsAPIPerRole(t *testing.T) {
	e := sqliteEnv(t)
	me := e.empOf("employee@example.com")
	mine := fmt.Sprintf("/api/v1/employees/%d/benefits", me)
	badPlan := map[string]any{"carrier_id": 1, "type": "dental", "name": "", "code": "", "rates": map[string]any{}}
	badWindow := map[string]any{"name": "", "opens": "2026-11-10", "closes": "2026-11-01", "coverage_start": "2027-01-01"}
	allowed := func(st int) bool { return st != 403 && st != 404 }
	for who, want := range map[string]struct{ benefits, design, window, cobra, feed bool }{
		"employee@example.com":       {true, false, false, false, false},
		"lead@example.com":           {false, false, false, false, false},
		"generalist@example.com":     {true, false, true, true, true},
		"ops.generalist@example.com": {false, false, false, true, false},
		"manager@example.com":        {true, true, true, true, true},
		"director@example.com":       {true, true, true, true, true},
		"admin@example.com":          {false, false, false, false, false},
	} {
		c := e.api(who)
		st, _, _ := c.do("GET", mine, nil)
		if allowed(st) != want.benefits {
			t.Errorf("%s reads the employee's benefits: %d", who, st)
		}
		if st, _, _ := c.do("POST", "/api/v1/benefit-plans", badPlan); allowed(st) != want.design {
			t.Errorf("%s designs a plan: %d", who, st)
		}
		if st, _, _ := c.do("POST", "/api/v1/benefit-windows", badWindow); allowed(st) != want.window {
			t.Errorf("%s schedules open enrollment: %d", who, st)
		}
		if st, _, _ := c.do("GET", "/api/v1/cobra-cases", nil); allowed(st) != want.cobra {
			t.Errorf("%s lists COBRA cases: %d", who, st)
		}
		if st, _, _ := c.do("POST", "/api/v1/benefit-carriers/1/feeds", map[string]any{"full": true}); allowed(st) != want.feed {
			t.Errorf("%s generates an 834: %d", who, st)
		}
	}
}

// TestEnrollOnBehalf: a generalist enrolls an employee from the profile;
// the audit names the generalist; HR out of scope and colleagues cannot.
func TestEnrollOnBehalf(t *testing.T) {
	e := sqliteEnv(t)
	me := e.empOf("employee@example.com")
	gen := e.login("generalist@example.com")
	prof := gen.page(fmt.Sprintf("/people/%d?tab=benefits", me), 200)
	link := prof.Find(`a[href^="/benefits/enroll/2?employee="]`)
	if link.Length() == 0 {
		t.Fatal("no enroll-on-behalf link on the profile")
	}
	href, _ := link.Attr("href")
	page := gen.page(href+"&step=medical", 200)
	if !strings.Contains(page.Text(), "on behalf of Taylor Brooks") {
		t.Error("the flow does not say whose enrollment it is")
	}
	action, _ := page.Find(`form[action*="/elect/medical"]`).Attr("action")
	if !strings.Contains(action, fmt.Sprintf("employee=%d", me)) {
		t.Fatalf("the election form loses the employee: %q", action)
	}
	_, res := gen.submit(action, map[string][]string{"choice": {"waive"}, "waive_reason": {"covered_by_spouse_plan"}, "next": {"review"}}, 303)
	if loc := res.Header.Get("Location"); !strings.Contains(loc, fmt.Sprintf("employee=%d", me)) {
		t.Errorf("redirected without the employee: %s", loc)
	}
	_, r, _ := e.api("employee@example.com").do("GET", fmt.Sprintf("/api/v1/employees/%d/enrollments/2", me), nil)
	waived := false
	for _, o := range r["offers"].([]any) {
		o := o.(map[string]any)
		if el, ok := o["election"].(map[string]any); ok && o["type"] == "medical" && el["waived"] == true {
			waived = true
		}
	}
	if !waived {
		t.Errorf("the employee does not see the election HR made: %v", r["offers"])
	}
	e.login("ops.generalist@example.com").submit(action, map[string][]string{"choice": {"waive"}, "waive_reason": {"cost"}}, 403)
	e.login("lead@example.com").page(href, 403)
}

// TestBenefitDocuments: the HR manager uploads a contract and a plan's
// SBC on the carrier's page; employees read the SBC from the enrollment
// flow but not the contract.
func TestBenefitDocuments(t *testing.T) {
	e := sqliteEnv(t)
	mgr, emp := e.api("manager@example.com"), e.api("employee@example.com")
	ids := planIDs(t, emp)
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if st, r := e.api("generalist@example.com").uploadForm("/api/v1/benefit-carriers/1/documents", map[string]string{"kind": "contract"}, "contract.pdf", pdf); st != 403 {
		t.Errorf("a generalist uploads a contract: %d %v", st, r)
	}
	if st, r := mgr.uploadForm("/api/v1/benefit-carriers/1/documents", map[string]string{"kind": "plan_document"}, "sbc.pdf", pdf); st != 422 || fieldsOf(r)["plan_id"] == "" {
		t.Errorf("a plan document without its plan: %d %v", st, r)
	}
	st, c := mgr.uploadForm("/api/v1/benefit-carriers/1/documents", map[string]string{"kind": "contract", "title": "2026–2027 contract"}, "contract.pdf", pdf)
	if st != 201 {
		t.Fatalf("contract: %d %v", st, c)
	}
	st, sbc := mgr.uploadForm("/api/v1/benefit-carriers/1/documents", map[string]string{"kind": "plan_document", "plan_id": fmt.Sprint(ids["MEDPPO"]), "title": "Summary of benefits and coverage"}, "sbc.pdf", pdf)
	if st != 201 {
		t.Fatalf("SBC: %d %v", st, sbc)
	}
	if res := emp.raw("GET", fmt.Sprintf("/api/v1/benefit-documents/%d/content", num64(sbc["id"]))); res.StatusCode != 200 {
		t.Errorf("an employee reads the SBC: %d", res.StatusCode)
	}
	if res := emp.raw("GET", fmt.Sprintf("/api/v1/benefit-documents/%d/content", num64(c["id"]))); res.StatusCode != 404 {
		t.Errorf("an employee reads the contract: %d", res.StatusCode)
	}
	page := e.login("employee@example.com").page("/benefits/enroll/2?step=medical", 200)
	if page.Find(fmt.Sprintf(`a[href="/benefits/documents/%d"]`, num64(sbc["id"]))).Length() == 0 {
		t.Error("the enrollment flow does not link the SBC")
	}
	carrier := e.login("manager@example.com").page("/benefits/carriers/1", 200)
	if carrier.Find(fmt.Sprintf(`a[href="/benefits/documents/%d"]`, num64(c["id"]))).Length() == 0 {
		t.Error("the carrier page does not list the contract")
	}
}

// TestHomeEnrollmentPrompt: an employee who has not confirmed open
// enrollment sees it on their home page.
func TestHomeEnrollmentPrompt(t *testing.T) {
	e := sqliteEnv(t)
	if e.login("employee@example.com").page("/", 200).Find(`#acks a[href="/benefits/enroll/2"]`).Length() == 0 {
		t.Error("no open enrollment prompt on the employee's home page")
	}
}

// TestDivorceStartsCOBRA: a verified divorce opens COBRA for the former
// spouse alone, losing coverage the day before the change takes effect.
func TestDivorceStartsCOBRA(t *testing.T) {
	e := sqliteEnv(t)
	lead := e.empOf("lead@example.com")
	gen := e.api("generalist@example.com")
	_, ds, _ := e.api("lead@example.com").do("GET", fmt.Sprintf("/api/v1/employees/%d/dependents", lead), nil)
	var spouse map[string]any
	for _, d := range ds["items"].([]any) {
		if d := d.(map[string]any); d["relationship"] == "spouse" {
			spouse = d
		}
	}
	if spouse == nil {
		t.Fatal("the lead has no spouse in the demo")
	}
	st, l, _ := e.api("lead@example.com").do("POST", fmt.Sprintf("/api/v1/employees/%d/life-events", lead), map[string]any{"event": "divorce", "event_date": "2026-10-20", "dependent_id": num64(spouse["id"])})
	if st != 201 {
		t.Fatalf("divorce: %d %v", st, l)
	}
	if st, r, _ := e.api("lead@example.com").do("POST", fmt.Sprintf("/api/v1/benefit-life-events/%d/verification", num64(l["id"])), map[string]any{"approve": true}); st != 403 {
		t.Errorf("the employee verifies their own life event: %d %v", st, r)
	}
	if st, r, _ := gen.do("POST", fmt.Sprintf("/api/v1/benefit-life-events/%d/verification", num64(l["id"])), map[string]any{"approve": true}); st != 200 {
		t.Fatalf("verify: %d %v", st, r)
	}
	_, cs, _ := gen.do("GET", "/api/v1/cobra-cases", nil)
	var c map[string]any
	for _, x := range cs["items"].([]any) {
		if x := x.(map[string]any); num64(x["employee_id"]) == lead && x["qualifying_event"] == "divorce" {
			c = x
		}
	}
	eff := date.MustParse(l["coverage_effective"].(string))
	want := fmt.Sprint(spouse["given_name"], " ", spouse["family_name"])
	if c == nil || c["loss_of_coverage_date"] != eff.AddDays(-1).String() || len(c["beneficiaries"].([]any)) != 1 || c["beneficiaries"].([]any)[0] != want || num64(c["max_coverage_months"]) != 36 {
		t.Errorf("COBRA after the divorce: %v (want %s losing coverage on %s)", c, want, eff.AddDays(-1))
	}
}

// TestEnrollmentProgressPages: the progress dashboard counts in the
// database and pages the employees by keyset. Walking the pages by cursor
// gives exactly the offset listing (not started first, then by name), each
// status filter gives its count, bad filters and cursors are refused, the
// page walks the same way, and a reminder reaches exactly the eligible
// employees with an account who have not confirmed.
func TestEnrollmentProgressPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		gen := e.api("generalist@example.com")
		var w int64
		_, ws, _ := gen.do("GET", "/api/v1/benefit-windows", nil)
		for _, x := range ws["items"].([]any) {
			x := x.(map[string]any)
			if x["kind"] == "open_enrollment" && x["status"] == "open" {
				w = num64(x["id"])
			}
		}
		if w == 0 {
			t.Fatalf("no open enrollment window: %v", ws)
		}
		// A personal window (a new hire's) is its one employee's.
		for _, x := range ws["items"].([]any) {
			if x := x.(map[string]any); x["kind"] == "new_hire" {
				_, pr, _ := gen.do("GET", fmt.Sprintf("/api/v1/benefit-windows/%d/progress", num64(x["id"])), nil)
				if tot := pr["total"].(map[string]any); num64(tot["eligible"]) != 1 {
					t.Errorf("new-hire window %v: %v eligible", x["name"], tot["eligible"])
				}
			}
		}
		base := fmt.Sprintf("/api/v1/benefit-windows/%d/progress", w)
		st, all, _ := gen.do("GET", base+"?limit=10000", nil)
		if st != 200 {
			t.Fatalf("progress: %d %v", st, all)
		}
		total := all["total"].(map[string]any)
		ref := all["employees"].([]any)
		if int64(len(ref)) != num64(total["eligible"]) || num64(all["employees_matching"]) != num64(total["eligible"]) || len(ref) < 20 {
			t.Fatalf("every eligible employee: %d listed, %v", len(ref), total)
		}
		rank := map[any]int{"not_started": 0, "in_progress": 1, "done": 2}
		for i := 1; i < len(ref); i++ {
			if rank[ref[i].(map[string]any)["status"]] < rank[ref[i-1].(map[string]any)["status"]] {
				t.Fatalf("not started first: %v before %v", ref[i-1], ref[i])
			}
		}
		var sum int64
		for _, u := range all["by_org_unit"].([]any) {
			u := u.(map[string]any)
			if num64(u["eligible"]) != num64(u["not_started"])+num64(u["in_progress"])+num64(u["done"]) {
				t.Errorf("org unit does not add up: %v", u)
			}
			sum += num64(u["eligible"])
		}
		if sum != num64(total["eligible"]) {
			t.Errorf("org units add up to %d of %v", sum, total["eligible"])
		}
		// By cursor, seven at a time, for everyone and for each status.
		for _, status := range []string{"", "not_started", "in_progress", "done"} {
			var got []any
			cursor := ""
			for pages := 0; ; pages++ {
				q := "?limit=7&status=" + status
				if cursor != "" {
					q += "&cursor=" + cursor
				}
				st, page, _ := gen.do("GET", base+q, nil)
				if st != 200 || pages > 100 {
					t.Fatalf("page %d of %q: %d %v", pages, status, st, page)
				}
				got = append(got, page["employees"].([]any)...)
				next, _ := page["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = next
			}
			var want []any
			for _, x := range ref {
				if status == "" || x.(map[string]any)["status"] == status {
					want = append(want, x)
				}
			}
			if status != "" && int64(len(want)) != num64(total[status]) {
				t.Errorf("%s: %d listed, total says %v", status, len(want), total[status])
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("walking %q by cursor: %d employees, want %d in the same order", status, len(got), len(want))
			}
		}
		// By offset, across the statuses' boundaries.
		var byOffset []any
		for off := 0; off < len(ref)+7; off += 7 {
			_, page, _ := gen.do("GET", fmt.Sprintf("%s?limit=7&offset=%d", base, off), nil)
			byOffset = append(byOffset, page["employees"].([]any)...)
		}
		if fmt.Sprint(byOffset) != fmt.Sprint(ref) {
			t.Errorf("walking by offset: %d employees, want %d in the same order", len(byOffset), len(ref))
		}
		for _, q := range []string{"?status=maybe", "?cursor=nonsense", "?status=done&cursor=" + kit.EncodeCursor("0", "a", "1"), "?cursor=" + kit.EncodeCursor("x", "a", "b", "1")} {
			if st, p, _ := gen.do("GET", base+q, nil); st != 422 {
				t.Errorf("%s: %d %v", q, st, p)
			}
		}
		// Reminders: everyone eligible with an account who has not confirmed.
		want, _, err := db.Lookup(ctx, `SELECT count(DISTINCT e.id) FROM employees e JOIN users u ON u.employee_id = e.id
			LEFT JOIN benefit_enrollments n ON n.window_id = ? AND n.employee_id = e.id
			WHERE e.hire_date <= ? AND (e.termination_date IS NULL OR e.termination_date >= ?) AND (n.status IS NULL OR n.status <> 'done')`, w, testToday, testToday)
		if err != nil {
			t.Fatal(err)
		}
		st, n, _ := gen.do("POST", base[:len(base)-len("/progress")]+"/reminders", nil)
		if st != 200 || fmt.Sprint(num64(n["count"])) != want {
			t.Errorf("reminded %d %v, want %s", st, n, want)
		}
		if sent, _, _ := db.Lookup(ctx, `SELECT count(*) FROM notifications WHERE kind = 'benefits_reminder'`); sent != want {
			t.Errorf("%s reminders stored, want %s", sent, want)
		}
	})
}

// TestEnrollmentProgressPagesUI: on a company larger than a page, the
// progress page walks every employee with Next, for everyone and for each
// status tab, and a bad filter is refused.
func TestEnrollmentProgressPagesUI(t *testing.T) {
	if raceOn {
		t.Skip("a 240-employee company; the plain run covers it")
	}
	e := newEnvSized(t, 240, 7)
	gen := e.api("generalist@example.com")
	_, ws, _ := gen.do("GET", "/api/v1/benefit-windows", nil)
	var w int64
	for _, x := range ws["items"].([]any) {
		if x := x.(map[string]any); x["kind"] == "open_enrollment" && x["status"] == "open" {
			w = num64(x["id"])
		}
	}
	_, all, _ := gen.do("GET", fmt.Sprintf("/api/v1/benefit-windows/%d/progress?limit=1", w), nil)
	total := all["total"].(map[string]any)
	if num64(total["eligible"]) <= 2*100 {
		t.Fatalf("the company fits in two pages: %v", total)
	}
	b := e.login("generalist@example.com")
	for _, status := range []string{"", "not_started", "in_progress", "done"} {
		path, key := fmt.Sprintf("/benefits/windows/%d", w), "eligible"
		if status != "" {
			path, key = path+"?status="+status, status
		}
		if got := e.srvPageCount(b, path); got != num64(total[key]) {
			t.Errorf("%s: %d rows over the pages, want %v", path, got, total[key])
		}
	}
	d := b.page(fmt.Sprintf("/benefits/windows/%d?status=done", w), 200)
	if cur := d.Find(`nav[aria-label="Filter employees by status"] a[aria-current="page"]`).Text(); !strings.HasPrefix(cur, "Done") || d.Find(`nav[aria-label="Filter employees by status"] a`).Length() != 4 {
		t.Errorf("status tabs: current %q", cur)
	}
	b.page(fmt.Sprintf("/benefits/windows/%d?status=maybe", w), 422)
	b.page(fmt.Sprintf("/benefits/windows/%d?cursor=nonsense", w), 422)
}

// srvPageCount follows a listing page's Next links and counts the rows of
// its employees table.
func (e *env) srvPageCount(b *browser, path string) int64 {
	e.t.Helper()
	var n int64
	first := true
	for pages := 0; path != "" && pages < 100; pages++ {
		d := b.page(path, 200)
		n += int64(d.Find(`table caption:contains("Employees and their enrollment status")`).Parent().Find("tbody tr").Length())
		if rows := d.Find(`table caption:contains("Employees and their enrollment status")`).Parent().Find("tbody tr").Length(); rows > 100 {
			e.t.Errorf("%s: %d rows on one page", path, rows)
		}
		if !first && d.Find(`.pager a:contains("First page")`).Length() == 0 {
			e.t.Errorf("%s: no link back to the first page", path)
		}
		first = false
		path, _ = d.Find(`.pager a[rel="next"]`).Attr("href")
	}
	return n
}
