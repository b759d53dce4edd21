package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/work"
)

// TestDelegationStaleVersionsAndEscalation: a manager's delegate decides
// on their behalf (audited as such), a loop is refused, a decision on a
// stale version is a 409, and an overdue request is escalated once.
func TestDelegationStaleVersionsAndEscalation(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	mgr := e.api("manager@example.com")
	opsMgr := e.actorOf("ops.manager@example.com")
	// ops.manager may decide only in Operations and Customer Support; an
	// engineer's termination needs a whole-company decider.
	eng := e.engineer(t)
	s, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(eng)+"/terminations", map[string]any{"last_day": "2026-12-11", "reason": "layoff", "voluntary": false})
	if s != 201 {
		t.Fatalf("request: %d %v", s, ap)
	}
	apID := itoa(num(ap, "id"))
	ops := e.api("ops.manager@example.com")
	if s, _, _ := ops.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 403 && s != 404 {
		t.Fatalf("out-of-scope manager decided: %d", s)
	}
	// The whole-company manager delegates to ops.manager for this week.
	s, d, _ := mgr.do("POST", "/api/v1/delegations", map[string]any{"delegate_user_id": opsMgr.UserID, "starts_on": "2026-11-01", "ends_on": "2026-11-07"})
	if s != 201 {
		t.Fatalf("delegate: %d %v", s, d)
	}
	if s, _, _ := ops.do("POST", "/api/v1/delegations", map[string]any{"delegate_user_id": e.actorOf("manager@example.com").UserID, "starts_on": "2026-11-03", "ends_on": "2026-11-04"}); s != 409 {
		t.Fatalf("delegation loop: %d", s)
	}
	if s, prob, _ := mgr.do("POST", "/api/v1/delegations", map[string]any{"delegate_user_id": opsMgr.UserID, "starts_on": "2026-11-07", "ends_on": "2026-11-01"}); s != 422 || fieldsOf(prob)["ends_on"] == "" {
		t.Fatalf("backwards dates: %d %v", s, prob)
	}
	// A stale version is a conflict; the current one decides.
	if s, _, _ := ops.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve", "version": 99}); s != 409 {
		t.Fatalf("stale version: %d", s)
	}
	s, dec, _ := ops.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve", "version": num(ap, "version")})
	if s != 200 || dec["status"] != "approved" || dec["on_behalf_of"] == nil {
		t.Fatalf("delegate decision: %d %v", s, dec)
	}
	_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=employee.terminate", nil)
	if !strings.Contains(toJSON(audit), "on behalf of user") {
		t.Fatalf("audit does not say on behalf of: %v", audit)
	}
	// Escalation: a request older than three business days notifies the
	// director once.
	emp := e.actorOf("employee@example.com").EmployeeID
	_, ap2, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-18", "reason": "resignation", "voluntary": true})
	dir := e.api("director@example.com")
	_, before, _ := dir.do("GET", "/api/v1/notifications?unread=true", nil)
	later := testToday.Time().Add(8 * 24 * time.Hour)
	cal := rules.NewBusinessCalendar("US_FED", nil)
	n, err := work.EscalateOverdue(context.Background(), e.db.Escalations(), cal, later)
	if err != nil || n == 0 {
		t.Fatalf("escalate: %d %v", n, err)
	}
	if n2, _ := work.EscalateOverdue(context.Background(), e.db.Escalations(), cal, later); n2 != 0 {
		t.Fatalf("escalated twice: %d", n2)
	}
	_, after, _ := dir.do("GET", "/api/v1/notifications?unread=true", nil)
	if len(after["items"].([]any)) <= len(before["items"].([]any)) || !strings.Contains(toJSON(after), "Overdue for a decision") {
		t.Fatalf("director not told: %v", after)
	}
	_, got, _ := dir.do("GET", "/api/v1/approvals?status=pending", nil)
	if !strings.Contains(toJSON(got), "escalated_at\":\"") {
		t.Fatalf("escalation not recorded on %v (%v)", ap2["id"], got)
	}
	// The UI: the delegation page for managers; forbidden for generalists.
	b := e.login("manager@example.com")
	doc := b.page("/settings/delegation", http.StatusOK)
	if !strings.Contains(doc.Text(), "Teresa Nguyen") {
		t.Fatal("delegation not listed")
	}
	if res := e.login("generalist@example.com").get("/settings/delegation"); res.StatusCode != 403 {
		t.Fatalf("generalist opened delegation: %d", res.StatusCode)
	}
	doc, _ = b.submit("/settings/delegation", url.Values{"delegate_user_id": {""}, "starts_on": {"x"}}, http.StatusUnprocessableEntity)
	if doc.Find(".error-summary").Length() == 0 {
		t.Fatal("no errors on a bad delegation")
	}
}

// TestSendBackResubmitWithdraw: a decider sends a request back with a
// comment; the requester is told, resubmits (a new version, pending
// again) and the old version can no longer be decided; a withdrawn
// request cannot be approved.
func TestSendBackResubmitWithdraw(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	mgr := e.api("manager@example.com")
	emp := e.actorOf("employee@example.com").EmployeeID
	_, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "performance", "voluntary": false})
	id := itoa(num(ap, "id"))
	if s, p, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "send_back"}); s != 422 || fieldsOf(p)["comment"] == "" {
		t.Fatalf("send back without a comment: %d %v", s, p)
	}
	s, sb, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "send_back", "comment": "Document the PIP first; make the last day after it ends."})
	if s != 200 || sb["status"] != "changes_requested" {
		t.Fatalf("send back: %d %v", s, sb)
	}
	_, n, _ := gen.do("GET", "/api/v1/notifications?unread=true", nil)
	if !strings.Contains(toJSON(n), "Changes requested") {
		t.Fatalf("requester not told: %v", n)
	}
	if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/resubmission", map[string]any{"last_day": "2027-01-15", "reason": "performance", "voluntary": false}); s != 404 {
		t.Fatalf("someone else resubmitted: %d", s)
	}
	s, rs, _ := gen.do("POST", "/api/v1/approvals/"+id+"/resubmission", map[string]any{"last_day": "2027-01-15", "reason": "performance", "voluntary": false, "note": "PIP ends Jan 8."})
	if s != 200 || rs["status"] != "pending" || num(rs, "version") <= num(sb, "version") || !strings.Contains(rs["summary"].(string), "2027-01-15") {
		t.Fatalf("resubmit: %d %v", s, rs)
	}
	if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve", "version": num(sb, "version")}); s != 409 {
		t.Fatalf("decided an old version: %d", s)
	}
	if s, w, _ := gen.do("POST", "/api/v1/approvals/"+id+"/withdrawal", nil); s != 200 || w["status"] != "withdrawn" {
		t.Fatalf("withdraw: %d %v", s, w)
	}
	if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"}); s != 409 {
		t.Fatalf("approved after withdrawal: %d", s)
	}
	// The UI offers send back to the decider.
	page := e.login("manager@example.com").page("/approvals", http.StatusOK)
	if page.Find(`button[value=send_back]`).Length() == 0 {
		t.Fatal("no send-back button")
	}
}

// TestTwoStepInvoluntaryTermination: with the rule on, an involuntary
// termination needs the HR manager and then an HR director; a manager
// cannot take the director's step, and nobody decides two steps.
func TestTwoStepInvoluntaryTermination(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	mgr := e.api("manager@example.com")
	dir := e.api("director@example.com")
	if s, _, _ := mgr.do("PUT", "/api/v1/settings/approvals", map[string]any{"involuntary_termination_needs_director": true}); s != 403 {
		t.Fatalf("a manager changed the approval rules: %d", s)
	}
	if s, _, _ := dir.do("PUT", "/api/v1/settings/approvals", map[string]any{"involuntary_termination_needs_director": true}); s != 200 {
		t.Fatalf("director set the rule: %d", s)
	}
	emp := e.actorOf("employee@example.com").EmployeeID
	_, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "misconduct", "voluntary": false})
	id := itoa(num(ap, "id"))
	s, step1, _ := mgr.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve", "comment": "Investigation report attached."})
	if s != 200 || step1["status"] != "pending" || num(step1, "step") != 2 {
		t.Fatalf("step 1: %d %v", s, step1)
	}
	if s, _, _ := e.api("ops.manager@example.com").do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"}); s != 403 {
		t.Fatalf("a manager took the director's step: %d", s)
	}
	_, n, _ := dir.do("GET", "/api/v1/notifications?unread=true", nil)
	if !strings.Contains(toJSON(n), "step 2 is yours to decide") {
		t.Fatalf("director not told: %v", n)
	}
	s, done, _ := dir.do("POST", "/api/v1/approvals/"+id+"/decision", map[string]any{"decision": "approve"})
	if s != 200 || done["status"] != "approved" {
		t.Fatalf("step 2: %d %v", s, done)
	}
	prof, _ := e.svc.People.GetProfile(context.Background(), e.actorOf("director@example.com"), emp)
	if prof.Employee.TerminationDate.String() != "2026-12-04" {
		t.Fatal("the termination did not take effect after the last step")
	}
	// A voluntary one still needs one step.
	lead := e.actorOf("lead@example.com").EmployeeID
	_, ap2, _ := gen.do("POST", "/api/v1/employees/"+itoa(lead)+"/terminations", map[string]any{"last_day": "2026-12-11", "reason": "resignation", "voluntary": true})
	if s, one, _ := mgr.do("POST", "/api/v1/approvals/"+itoa(num(ap2, "id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 || one["status"] != "approved" {
		t.Fatalf("voluntary: %d %v", s, one)
	}
	page := e.login("director@example.com").page("/settings/approvals", http.StatusOK)
	if !strings.Contains(page.Find("#chain-termination").Text(), "Step 2: HR director, only when involuntary") {
		t.Fatalf("the rule is not shown as on: %s", page.Find("#chain-termination").Text())
	}
}
