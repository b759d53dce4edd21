package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// signInFor gives the employee's manager a sign-in (they have none in the
// demo) and returns its email.
func (e *env) signInFor(t *testing.T, employeeID int64) string {
	t.Helper()
	emp, err := e.svc.People.GetProfile(context.Background(), e.actorOf("director@example.com"), employeeID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Access.CreateUser(context.Background(), e.actorOf("admin@example.com"), access.UserInput{Email: emp.Employee.WorkEmail, Name: emp.Employee.Name(), Password: "a-long-test-password"})
	if err != nil {
		t.Fatal(err)
	}
	return emp.Employee.WorkEmail
}

// TestApprovalChainLineManagerThenParallelHR: an HR director sets the
// termination chain to the line manager first, then an HR manager and an
// HR director in parallel for involuntary terminations. Each approver
// decides only their own slot, nobody decides twice, and the termination
// takes effect only after the last approval.
func TestApprovalChainLineManagerThenParallelHR(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		dir, mgr, gen, lead := e.api("director@example.com"), e.api("manager@example.com"), e.api("generalist@example.com"), e.api("lead@example.com")
		chain := map[string]any{"steps": []any{
			map[string]any{"approvers": []string{"line_manager"}},
			map[string]any{"approvers": []string{"hr_manager", "hr_director"}, "when": []any{map[string]any{"fact": "involuntary", "op": "=", "value": 1}}},
		}}
		if s, out, _ := mgr.do("PUT", "/api/v1/approval-chains/termination", chain); s != 403 {
			t.Fatalf("an HR manager changed the chain: %d %v", s, out)
		}
		s, out, _ := dir.do("PUT", "/api/v1/approval-chains/termination", chain)
		if s != 200 || out["is_default"] != false || !strings.Contains(toJSON(out["describe"]), "all of HR manager, HR director (in parallel), only when involuntary") {
			t.Fatalf("set chain: %d %v", s, out)
		}
		emp := e.actorOf("employee@example.com")
		s, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp.EmployeeID)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "misconduct", "voluntary": false})
		if s != 201 {
			t.Fatalf("request: %d %v", s, ap)
		}
		id := itoa(num(ap, "id"))
		_, got, _ := gen.do("GET", "/api/v1/approvals?status=pending", nil)
		leadUser := e.actorOf("lead@example.com").UserID
		if !strings.Contains(toJSON(got), `"steps":["line_manager=`+itoa(leadUser)+`","hr_manager+hr_director"]`) || !strings.Contains(toJSON(got), `"waiting_on":"Jordan Alvarez (line manager)"`) {
			t.Fatalf("route: %v", toJSON(got))
		}
		// The HR manager cannot take the line manager's step.
		if s, prob, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"}); s != 403 || !strings.Contains(toJSON(prob), "waits on Jordan Alvarez") {
			t.Fatalf("manager took the line manager's step: %d %v", s, prob)
		}
		// The line manager sees it waiting on them and approves.
		_, mine, _ := lead.do("GET", "/api/v1/approvals?status=pending", nil)
		terminations := 0
		for _, it := range mine["items"].([]any) {
			if m := it.(map[string]any); m["kind"] == "termination" {
				terminations++
				if itoa(num64(m["id"])) != id {
					t.Fatalf("the line manager sees another termination: %v", m)
				}
			}
		}
		if terminations != 1 {
			t.Fatalf("the line manager's list: %v", mine)
		}
		_, n, _ := lead.do("GET", "/api/v1/notifications?unread=true", nil)
		if !strings.Contains(toJSON(n), "Decision needed: terminate Taylor Brooks") {
			t.Fatalf("the line manager was not told: %v", n)
		}
		s, step, _ := lead.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve", "comment": "Documented warnings."})
		if s != 200 || step["status"] != "pending" || num(step, "step") != 2 {
			t.Fatalf("line manager step: %d %v", s, step)
		}
		if s, _, _ := lead.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"}); s != 403 {
			t.Fatalf("the line manager decided twice: %d", s)
		}
		// Step 2 in parallel: the manager fills the HR manager slot...
		s, half, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"})
		if s != 200 || half["status"] != "pending" || num(half, "step") != 2 || half["waiting_on"] != "an HR director" {
			t.Fatalf("HR manager slot: %d %v", s, half)
		}
		if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"}); s != 403 {
			t.Fatalf("the manager filled a second slot: %d", s)
		}
		if _, p, _ := gen.do("GET", "/api/v1/employees/"+itoa(emp.EmployeeID), nil); p["status"] == "terminated" || p["termination_date"] != nil {
			t.Fatalf("the termination took effect before the last approval: %v", p)
		}
		// ... and the director's approval completes it.
		s, done, _ := dir.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"})
		if s != 200 || done["status"] != "approved" {
			t.Fatalf("director: %d %v", s, done)
		}
		if _, p, _ := gen.do("GET", "/api/v1/employees/"+itoa(emp.EmployeeID), nil); p["termination_date"] != "2026-12-04" {
			t.Fatalf("not terminated after the last approval: %v", p)
		}
		// A voluntary one skips the conditional step: the line manager alone.
		other := e.reportOf(t, "lead@example.com", emp.EmployeeID)
		_, ap2, _ := gen.do("POST", "/api/v1/employees/"+itoa(other)+"/terminations", map[string]any{"last_day": "2026-12-11", "reason": "resignation", "voluntary": true})
		if s, one, _ := lead.do("POST", "/api/v1/approvals/"+itoa(num(ap2, "id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 || one["status"] != "approved" {
			t.Fatalf("voluntary, line manager only: %d %v", s, one)
		}
		// The audit trail records the chain change.
		_, trail, _ := dir.do("GET", "/api/v1/audit?action=approvals.chain", nil)
		if len(trail["items"].([]any)) == 0 {
			t.Fatal("the chain change is not audited")
		}
	})
}

// reportOf returns another active direct report of a manager.
func (e *env) reportOf(t *testing.T, managerEmail string, not int64) int64 {
	t.Helper()
	m := e.actorOf(managerEmail)
	prof, err := e.svc.People.GetProfile(context.Background(), e.actorOf("director@example.com"), m.EmployeeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range prof.Reports {
		if r.ID != not {
			return r.ID
		}
	}
	t.Fatal("no other report")
	return 0
}

// TestApprovalChainSkipLevelAnyOneAndDelegation: the line manager requests
// a termination of their own report; the line-manager slot moves up to
// their manager (now with a sign-in). With "any one" of the skip-level or
// an HR manager, one approval is enough. A named approver's delegate
// decides on their behalf.
func TestApprovalChainSkipLevelAnyOneAndDelegation(t *testing.T) {
	e := sqliteEnv(t)
	dir, lead := e.api("director@example.com"), e.api("lead@example.com")
	leadEmp := e.actorOf("lead@example.com").EmployeeID
	prof, err := e.svc.People.GetProfile(context.Background(), e.actorOf("director@example.com"), leadEmp)
	if err != nil || prof.Manager == nil {
		t.Fatalf("lead's manager: %v", err)
	}
	bossEmail := e.signInFor(t, prof.Manager.ID)
	boss := e.api(bossEmail)
	if s, out, _ := dir.do("PUT", "/api/v1/approval-chains/termination", map[string]any{"steps": []any{
		map[string]any{"approvers": []string{"line_manager", "hr_manager"}, "any": true},
	}}); s != 200 {
		t.Fatalf("set chain: %d %v", s, out)
	}
	emp := e.actorOf("employee@example.com").EmployeeID
	s, ap, _ := lead.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "performance", "voluntary": false})
	if s != 201 {
		t.Fatalf("a line manager requests for a report: %d %v", s, ap)
	}
	id := itoa(num(ap, "id"))
	_, one, _ := lead.do("GET", "/api/v1/approvals?status=pending", nil)
	bossUser := e.actorOf(bossEmail).UserID
	if !strings.Contains(toJSON(one), `"steps":["line_manager=`+itoa(bossUser)+`|hr_manager"]`) {
		t.Fatalf("the requester's slot did not move up: %s", toJSON(one))
	}
	// A line manager cannot request for someone outside their reports.
	if s, _, _ := lead.do("POST", "/api/v1/employees/"+itoa(e.engineer(t))+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "performance", "voluntary": false}); s != 403 && s != 404 {
		t.Fatalf("a line manager requested outside their reports: %d", s)
	}
	// The boss delegates to the generalist for the week; the generalist
	// decides as the boss's delegate (any one is enough).
	genUser := e.actorOf("generalist@example.com").UserID
	if s, d, _ := boss.do("POST", "/api/v1/delegations", map[string]any{"delegate_user_id": genUser, "starts_on": "2026-11-01", "ends_on": "2026-11-07"}); s != 201 {
		t.Fatalf("the boss delegates: %d %v", s, d)
	}
	s, done, _ := e.api("generalist@example.com").do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"})
	if s != 200 || done["status"] != "approved" || num(done, "on_behalf_of") != bossUser {
		t.Fatalf("delegate decision: %d %v", s, done)
	}
	// The boss sees it among the requests they were part of.
	_, seen, _ := boss.do("GET", "/api/v1/approvals", nil)
	if !strings.Contains(toJSON(seen), `"id":`+id) {
		t.Fatalf("the named approver cannot see the request: %s", toJSON(seen))
	}
	// Employees still see no approvals.
	if s, list, _ := e.api("employee@example.com").do("GET", "/api/v1/approvals", nil); s != 200 || len(list["items"].([]any)) != 0 {
		t.Fatalf("employee approvals: %d %v", s, list)
	}
}

// TestApprovalChainValidationAndRoles: bad chains are refused field by
// field; every role's access to the chains.
func TestApprovalChainValidationAndRoles(t *testing.T) {
	e := sqliteEnv(t)
	dir := e.api("director@example.com")
	s, prob, _ := dir.do("PUT", "/api/v1/approval-chains/termination", map[string]any{"steps": []any{
		map[string]any{"approvers": []string{"ceo"}},
		map[string]any{"approvers": []string{"hr_manager"}, "when": []any{map[string]any{"fact": "shoe_size", "op": ">", "value": 1}}},
	}})
	if s != 422 || fieldsOf(prob)["steps[0].approvers"] == "" || fieldsOf(prob)["steps[1].when[0].fact"] == "" {
		t.Fatalf("bad chain: %d %v", s, prob)
	}
	if s, prob, _ := dir.do("PUT", "/api/v1/approval-chains/termination", map[string]any{"steps": []any{}}); s != 422 || fieldsOf(prob)["steps"] == "" {
		t.Fatalf("empty chain: %d %v", s, prob)
	}
	if s, _, _ := dir.do("PUT", "/api/v1/approval-chains/no_such_kind", map[string]any{"steps": []any{}}); s != 404 {
		t.Fatalf("unknown kind: %d", s)
	}
	// Nothing was saved.
	if _, c, _ := dir.do("GET", "/api/v1/approval-chains/termination", nil); c["is_default"] != true {
		t.Fatalf("a refused chain was saved: %v", c)
	}
	for who, want := range map[string][2]int{
		"admin@example.com": {200, 200}, "director@example.com": {200, 200}, "manager@example.com": {200, 403},
		"generalist@example.com": {200, 403}, "lead@example.com": {403, 403}, "employee@example.com": {403, 403},
	} {
		c := e.api(who)
		if s, _, _ := c.do("GET", "/api/v1/approval-chains", nil); s != want[0] {
			t.Errorf("%s GET chains: %d, want %d", who, s, want[0])
		}
		if s, _, _ := c.do("PUT", "/api/v1/approval-chains/termination", map[string]any{"steps": []any{map[string]any{"approvers": []string{"hr_manager"}}}}); s != want[1] {
			t.Errorf("%s PUT chain: %d, want %d", who, s, want[1])
		}
		if s, _, _ := c.do("DELETE", "/api/v1/approval-chains/termination", nil); s != want[1] {
			t.Errorf("%s DELETE chain: %d, want %d", who, s, want[1])
		}
	}
	// The legacy rule API reads and writes the same chain.
	if s, _, _ := dir.do("PUT", "/api/v1/settings/approvals", map[string]any{"involuntary_termination_needs_director": true}); s != 200 {
		t.Fatal("legacy rule")
	}
	if _, c, _ := dir.do("GET", "/api/v1/approval-chains/termination", nil); !strings.Contains(toJSON(c["describe"]), "HR director, only when involuntary") {
		t.Fatalf("legacy rule not in the chain: %v", c)
	}
}

// TestApprovalChainEditorPage: the form shows errors on the fields and
// keeps the input; a good chain saves and shows in words.
func TestApprovalChainEditorPage(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("director@example.com")
	doc := b.page("/settings/approvals/termination", http.StatusOK)
	if doc.Find(`input[name="steps[0].approvers"][value=hr_manager][checked]`).Length() != 1 {
		t.Fatal("the default chain is not shown in the editor")
	}
	bad := url.Values{"steps[0].approvers": {"line_manager"}, "steps[1].approvers": {"hr_director"},
		"steps[1].when[0].fact": {"tenure_years"}, "steps[1].when[0].op": {">"}, "steps[1].when[0].value": {"lots"}}
	doc, res := b.submit("/settings/approvals/termination", bad, http.StatusUnprocessableEntity)
	_ = res
	if doc.Find(`.field-error input[name="steps[1].when[0].value"]`).Length() != 1 || doc.Find(".error-summary").Length() == 0 {
		t.Fatal("the bad value is not marked on its field")
	}
	if doc.Find(`input[name="steps[0].approvers"][value=line_manager][checked]`).Length() != 1 {
		t.Fatal("the form lost the input")
	}
	// A yes/no fact with a numeric comparison is refused on the operator.
	bad2 := url.Values{"steps[0].approvers": {"hr_manager"}, "steps[0].when[0].fact": {"involuntary"}, "steps[0].when[0].op": {">"}, "steps[0].when[0].value": {"1"}}
	doc, _ = b.submit("/settings/approvals/termination", bad2, http.StatusUnprocessableEntity)
	if doc.Find(`.field-error select[name="steps[0].when[0].op"]`).Length() != 1 {
		t.Fatal("the yes/no comparison error is not on the operator")
	}
	good := url.Values{"steps[0].approvers": {"line_manager"}, "steps[2].approvers": {"hr_manager", "hr_director"}, "steps[2].any": {"any"},
		"steps[2].when[0].fact": {"involuntary"}, "steps[2].when[0].op": {"yes"}, "steps[2].when[1].fact": {"tenure_years"}, "steps[2].when[1].op": {">="}, "steps[2].when[1].value": {"10"}}
	b.submit("/settings/approvals/termination", good, http.StatusSeeOther)
	doc = b.page("/settings/approvals", http.StatusOK)
	text := doc.Find("#chain-termination").Text()
	if !strings.Contains(text, "Step 1: Line manager") || !strings.Contains(text, "Step 2: any one of HR manager, HR director, only when involuntary or years of service in this stint >= 10") {
		t.Fatalf("saved chain shows as: %s", text)
	}
	// The editor reloads it, the yes/no condition as "is yes".
	doc = b.page("/settings/approvals/termination", http.StatusOK)
	if doc.Find(`select[name="steps[1].when[0].op"] option[value=yes][selected]`).Length() != 1 {
		t.Fatal("the saved yes/no condition does not reload")
	}
	b.submit("/settings/approvals/termination/reset", url.Values{}, http.StatusSeeOther)
	if !strings.Contains(b.page("/settings/approvals", http.StatusOK).Find("#chain-termination").Text(), "Default") {
		t.Fatal("reset did not return to the default")
	}
	// An HR manager reads the chains but has no editor.
	m := e.login("manager@example.com")
	if m.page("/settings/approvals", http.StatusOK).Find(`a[href="/settings/approvals/termination"]`).Length() != 0 {
		t.Fatal("a manager sees the edit link")
	}
	if res := m.get("/settings/approvals/termination"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("manager opened the editor: %d", res.StatusCode)
	}
}

// TestPayChangeThresholds: with a pay-change chain, small in-band raises
// apply at once; a raise over 10% or outside the pay grade waits for an HR
// manager; 25% or more also needs an HR director. A sent-back change is
// revised, routed again and approved; only then does the pay change.
func TestPayChangeThresholds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		dir, mgr, gen := e.api("director@example.com"), e.api("manager@example.com"), e.api("generalist@example.com")
		s, out, _ := dir.do("PUT", "/api/v1/approval-chains/pay_change", map[string]any{"steps": []any{
			map[string]any{"approvers": []string{"hr_manager"}, "when": []any{
				map[string]any{"fact": "change_pct", "op": ">", "value": 10}, map[string]any{"fact": "outside_band", "op": "=", "value": 1}}},
			map[string]any{"approvers": []string{"hr_director"}, "when": []any{map[string]any{"fact": "change_pct", "op": ">=", "value": 25}}},
		}})
		if s != 200 {
			t.Fatalf("chain: %d %v", s, out)
		}
		s, grade, _ := mgr.do("POST", "/api/v1/pay-grades", map[string]any{"name": "Test payroll grade", "currency": "USD", "min_cents": 8000000, "max_cents": 12000000})
		if s != 201 {
			t.Fatalf("grade: %d %v", s, grade)
		}
		s, job, _ := mgr.do("POST", "/api/v1/jobs", map[string]any{"title": "Payroll Analyst", "flsa_status": "exempt", "eeo1_category": "professionals", "pay_grade_id": num(grade, "id")})
		if s != 201 {
			t.Fatalf("job: %d %v", s, job)
		}
		_, ref, _ := gen.do("GET", "/api/v1/org-units", nil)
		unit := num(ref["items"].([]any)[0].(map[string]any), "id")
		s, emp, _ := gen.do("POST", "/api/v1/employees", map[string]any{"given_name": "Iris", "family_name": "Moreau", "work_email": "iris.moreau@northwind.example",
			"hire_date": "2026-10-01", "org_unit_id": unit, "location_id": 1, "job_id": num(job, "id"), "pay": map[string]any{"amount_cents": 10000000, "per": "year"}})
		if s != 201 {
			t.Fatalf("hire: %d %v", s, emp)
		}
		id := itoa(num(emp, "id"))
		// The demo exported payroll through 2026-11-01: changes dated in
		// October are corrections to exported periods.
		change := func(amount int64, on string) (int, map[string]any) {
			s, out, _ := gen.do("POST", "/api/v1/employees/"+id+"/pay-changes", map[string]any{"effective_from": on, "reason": "correction", "pay": map[string]any{"amount_cents": amount, "per": "year"}})
			return s, out
		}
		pay := func() int64 {
			_, c, _ := gen.do("GET", "/api/v1/employees/"+id+"/compensation", nil)
			return num(c, "amount_cents")
		}
		// +5%, in band: applies at once.
		if s, out := change(10500000, "2026-10-12"); s != 201 || out["status"] != "applied" || pay() != 10500000 {
			t.Fatalf("small raise: %d %v", s, out)
		}
		// +12%, in band: waits for an HR manager.
		s, out = change(11760000, "2026-10-19")
		if s != 202 || out["status"] != "pending_approval" || pay() != 10500000 {
			t.Fatalf("12%% raise: %d %v", s, out)
		}
		apID := itoa(num(out, "approval_id"))
		if s, _ := change(11000000, "2026-10-19"); s != 409 {
			t.Fatalf("a second pay change while one waits: %d", s)
		}
		if s, _, _ := gen.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 403 {
			t.Fatalf("the requesting generalist decided: %d", s)
		}
		if s, _, _ := e.api("lead@example.com").do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 404 {
			t.Fatalf("a line manager decided a pay change they cannot see: %d", s)
		}
		_, list, _ := mgr.do("GET", "/api/v1/approvals?status=pending", nil)
		if !strings.Contains(toJSON(list), "Correction: USD 105,000.00/year → USD 117,600.00/year (+12.0%)") {
			t.Fatalf("summary: %s", toJSON(list))
		}
		if s, done, _ := mgr.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 200 || done["status"] != "approved" || pay() != 11760000 {
			t.Fatalf("manager approval: %d %v, pay %d", s, done, pay())
		}
		// +3% but above the grade's maximum: waits for an HR manager, who
		// sends it back; the generalist revises it to +27.6%, which is
		// routed again, now to an HR manager and an HR director.
		s, out = change(12112800, "2026-10-26")
		if s != 202 {
			t.Fatalf("outside the band: %d %v", s, out)
		}
		apID = itoa(num(out, "approval_id"))
		if s, sb, _ := mgr.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "send_back", "comment": "Keep it inside the grade."}); s != 200 || sb["status"] != "changes_requested" {
			t.Fatalf("send back: %d %v", s, sb)
		}
		s, re, _ := gen.do("POST", "/api/v1/approvals/"+apID+"/pay-resubmission", map[string]any{"effective_from": "2026-10-26", "reason": "correction", "pay": map[string]any{"amount_cents": 15000000, "per": "year"}})
		if s != 200 || re["status"] != "pending" || len(re["steps"].([]any)) != 2 {
			t.Fatalf("resubmitted at +27.6%%, routed to two steps: %d %v", s, re)
		}
		if s, half, _ := mgr.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 200 || half["status"] != "pending" || pay() != 11760000 {
			t.Fatalf("step 1 of 2: %d %v", s, half)
		}
		if s, done, _ := dir.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 200 || done["status"] != "approved" || pay() != 15000000 {
			t.Fatalf("director: %d %v, pay %d", s, done, pay())
		}
		_, trail, _ := dir.do("GET", "/api/v1/audit?action=employee.pay_change_approved", nil)
		if len(trail["items"].([]any)) != 2 {
			t.Fatalf("approved pay changes audited: %v", trail)
		}
		// Without a chain, pay changes apply at once again.
		if s, _, _ := dir.do("DELETE", "/api/v1/approval-chains/pay_change", nil); s != 200 {
			t.Fatal("reset")
		}
		if s, out := change(20000000, "2026-11-02"); s != 201 || pay() != 20000000 {
			t.Fatalf("default chain: %d %v", s, out)
		}
	})
}

// TestPayFormShowsTheChainAndSendsForApproval: the pay form says which
// changes need approval; a change over the threshold lands on the
// approvals page instead of the pay history.
func TestPayFormShowsTheChainAndSendsForApproval(t *testing.T) {
	e := sqliteEnv(t)
	if s, _, _ := e.api("director@example.com").do("PUT", "/api/v1/approval-chains/pay_change", map[string]any{"steps": []any{
		map[string]any{"approvers": []string{"hr_manager"}, "when": []any{map[string]any{"fact": "change_pct", "op": ">", "value": 10}}}}}); s != 200 {
		t.Fatal("chain")
	}
	b := e.login("generalist@example.com")
	emp := e.actorOf("employee@example.com").EmployeeID
	doc := b.page("/people/"+itoa(emp)+"/pay", http.StatusOK)
	if !strings.Contains(doc.Find(".callout").Text(), "only when change in annual pay (%) > 10%") {
		t.Fatalf("the pay form does not show the chain: %q", doc.Find(".callout").Text())
	}
	_, c, _ := e.api("generalist@example.com").do("GET", "/api/v1/employees/"+itoa(emp)+"/compensation", nil)
	amount := float64(num(c, "amount_cents")) * 1.5 / 100
	_, res := b.submit("/people/"+itoa(emp)+"/pay", url.Values{"effective_from": {"2026-11-02"}, "reason": {"promotion"}, "pay_amount": {strconv.FormatFloat(amount, 'f', 2, 64)},
		"pay_per": {c["per"].(string)}, "currency": {"USD"}}, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/approvals/") {
		t.Fatalf("went to %q, want the approval", loc)
	}
	if _, c2, _ := e.api("generalist@example.com").do("GET", "/api/v1/employees/"+itoa(emp)+"/compensation", nil); num(c2, "amount_cents") != num(c, "amount_cents") {
		t.Fatal("the pay changed before approval")
	}
	doc = e.login("manager@example.com").page("/approvals", http.StatusOK)
	if doc.Find(`form[action$="/decide"]`).Length() == 0 || !strings.Contains(doc.Text(), "Pay change for Taylor Brooks") {
		t.Fatal("the HR manager cannot decide the pay change")
	}
}
