package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// empOf returns the employee id of a demo user.
func (e *env) empOf(email string) int64 {
	e.t.Helper()
	a := e.actorOf(email)
	if a.EmployeeID == 0 {
		e.t.Fatalf("%s has no employee", email)
	}
	return a.EmployeeID
}

func num64(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

// approvalOf returns the pending approval id of a case's request kind.
func approvalOf(t *testing.T, c *apiClient, caseNumber, what string) int64 {
	t.Helper()
	st, body, _ := c.do("GET", "/api/v1/approvals?status=pending", nil)
	if st != 200 {
		t.Fatalf("approvals: %d %v", st, body)
	}
	items, _ := body["items"].([]any)
	for _, it := range items {
		m := it.(map[string]any)
		if title, _ := m["title"].(string); strings.HasPrefix(title, caseNumber+": "+what) {
			return num64(m["id"])
		}
	}
	t.Fatalf("no pending %q approval for %s in %v", what, caseNumber, items)
	return 0
}

// TestERCaseLifecycleAPI walks a harassment case from HR intake to
// closure through the API, checking who may see it at each turn.
func TestERCaseLifecycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr, ops, dir := e.api("generalist@example.com"), e.api("manager@example.com"), e.api("ops.manager@example.com"), e.api("director@example.com")
		taylor, jordan := e.empOf("employee@example.com"), e.empOf("lead@example.com")

		// Intake: a harassment case is escalated to the HR manager whose
		// scope is narrowest over Customer Support, the generalist assists.
		st, res, _ := gen.do("POST", "/api/v1/cases", map[string]any{"category": "harassment", "title": "Comments in the team chat",
			"description": "A colleague reported repeated comments about her appearance in the team chat.", "occurred_on": "2026-10-28",
			"subject_ids": []int64{taylor}, "witness_ids": []int64{jordan}})
		if st != 201 || res["escalated"] != true || res["owner"] != "Teresa Nguyen" {
			t.Fatalf("log case: %d %v", st, res)
		}
		id := num64(res["id"])
		number := res["number"].(string)
		path := fmt.Sprintf("/api/v1/cases/%d", id)

		// Need-to-know: the subject, their manager, unassigned generalists
		// and the admin get a 404; the team, HR managers and directors over
		// it see it.
		for email, want := range map[string]int{"employee@example.com": 404, "lead@example.com": 404, "support.generalist@example.com": 404,
			"tech.generalist@example.com": 404, "admin@example.com": 404, "generalist@example.com": 200, "ops.manager@example.com": 200,
			"manager@example.com": 200, "director@example.com": 200} {
			if st, body, _ := e.api(email).do("GET", path, nil); st != want {
				t.Errorf("%s GET case: %d, want %d (%v)", email, st, want, body["detail"])
			}
		}
		if st, body, _ := e.api("support.generalist@example.com").do("GET", "/api/v1/cases", nil); st != 200 || strings.Contains(toJSON(body), number) {
			t.Errorf("an unassigned generalist lists the case: %d", st)
		}
		if st, body, _ := gen.do("GET", "/api/v1/cases?mine=true", nil); st != 200 || !strings.Contains(toJSON(body), number) {
			t.Errorf("the assisting generalist does not list the case: %d %v", st, body)
		}

		// Evidence is sealed at rest with its hash; a download checks it.
		doc := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		if st, body := gen.uploadFile(path+"/evidence", "chat-export.pdf", doc); st != 201 || body["sha256"] == "" {
			t.Fatalf("evidence: %d %v", st, body)
		}
		evs, err := db.Relations().ListEvidence(context.Background(), id)
		if err != nil || len(evs) != 1 {
			t.Fatal(evs, err)
		}
		raw, err := db.Reader().GetBlob(context.Background(), evs[0].BlobID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(raw), "%PDF") {
			t.Error("evidence is stored in the clear")
		}
		_, det, _ := ops.do("GET", path, nil)
		ev := det["evidence"].([]any)[0].(map[string]any)
		dl := ops.raw("GET", fmt.Sprintf("%s/evidence/%d/content", path, num64(ev["id"])))
		got, _ := io.ReadAll(dl.Body)
		dl.Body.Close()
		if dl.StatusCode != 200 || string(got) != string(doc) {
			t.Fatalf("evidence download: %d", dl.StatusCode)
		}

		// The plan goes to an HR manager who is not its requester.
		parties := det["parties"].([]any)
		var subjectParty, witnessParty int64
		for _, p := range parties {
			m := p.(map[string]any)
			switch m["role"] {
			case "subject":
				subjectParty = num64(m["id"])
			case "witness":
				witnessParty = num64(m["id"])
			}
		}
		if st, body, _ := ops.do("PUT", path+"/plan", map[string]any{"scope": "The chat messages of October", "questions": []string{"What was said?"},
			"allegations": []map[string]any{{"text": "Made comments about a colleague's appearance", "subject_party_id": subjectParty}}}); st != 200 {
			t.Fatalf("plan: %d %v", st, body)
		}
		if st, body, _ := ops.do("PUT", path+"/findings", map[string]any{"summary": "x", "findings": []any{}}); st != 409 {
			t.Errorf("findings before the plan's approval: %d %v", st, body)
		}
		if st, body, _ := ops.do("POST", path+"/plan/submission", nil); st != 200 || body["plan_status"] != "pending" {
			t.Fatalf("submit plan: %d %v", st, body)
		}
		ap := approvalOf(t, mgr, number, "investigation plan")
		if st, _, _ := ops.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st == 200 {
			t.Error("the requester approved their own plan")
		}
		if st, _, _ := e.api("support.generalist@example.com").do("GET", fmt.Sprintf("/api/v1/approvals/%d", ap), nil); st != 404 {
			t.Errorf("an unassigned generalist reads the plan approval: %d", st)
		}
		if st, body, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve plan: %d %v", st, body)
		}

		// An interview with the subject's manager as witness: he confirms
		// his statement without ever seeing the case.
		if st, body, _ := ops.do("POST", path+"/entries", map[string]any{"kind": "interview", "party_id": witnessParty, "body": "Jordan saw two of the messages."}); st != 200 {
			t.Fatalf("interview: %d %v", st, body)
		}
		lead := e.api("lead@example.com")
		_, stm, _ := lead.do("GET", "/api/v1/statements", nil)
		var sid int64
		for _, it := range stm["items"].([]any) {
			if m := it.(map[string]any); m["case_number"] == number {
				sid = num64(m["id"])
			}
		}
		if sid == 0 {
			t.Fatalf("statements: %v", stm)
		}
		if st, body, _ := lead.do("POST", fmt.Sprintf("/api/v1/statements/%d/acknowledgement", sid), map[string]any{"accept": false}); st != 422 || fieldsOf(body)["comment"] == "" {
			t.Errorf("a dispute without a comment: %d %v", st, body)
		}
		if st, body, _ := lead.do("POST", fmt.Sprintf("/api/v1/statements/%d/acknowledgement", sid), map[string]any{"accept": true}); st != 204 && st != 200 {
			t.Fatalf("acknowledge: %d %v", st, body)
		}

		// Findings per allegation, approved by an HR manager.
		_, det, _ = ops.do("GET", path, nil)
		alID := num64(det["allegations"].([]any)[0].(map[string]any)["id"])
		if st, body, _ := ops.do("PUT", path+"/findings", map[string]any{"summary": "The messages were sent.", "findings": []map[string]any{{"id": alID, "finding": "maybe"}}}); st != 422 {
			t.Errorf("a bad finding: %d %v", st, body)
		}
		if st, body, _ := ops.do("PUT", path+"/findings", map[string]any{"summary": "The messages were sent.",
			"findings": []map[string]any{{"id": alID, "finding": "substantiated", "reasoning": "Two witnesses and the export agree."}}}); st != 200 {
			t.Fatalf("findings: %d %v", st, body)
		}
		if st, body, _ := ops.do("POST", path+"/findings/submission", nil); st != 200 {
			t.Fatalf("submit findings: %d %v", st, body)
		}
		if st, body, _ := dir.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", approvalOf(t, dir, number, "findings report")), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve findings: %d %v", st, body)
		}

		// The outcome of an escalated case is an HR manager's decision; on
		// approval the written warning is a record the employee acknowledges.
		if st, body, _ := gen.do("POST", path+"/outcome", map[string]any{"kind": "written_warning", "employee_id": taylor, "reasons": "Substantiated harassment in writing."}); st != 200 || body["outcome_status"] != "pending" {
			t.Fatalf("recommend: %d %v", st, body)
		}
		if st, body, _ := gen.do("POST", path+"/closure", map[string]any{"text": "Done"}); st != 409 {
			t.Errorf("closing with the outcome undecided: %d %v", st, body)
		}
		if st, body, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", approvalOf(t, mgr, number, "outcome")), map[string]any{"decision": "approve", "comment": "Agreed."}); st != 200 {
			t.Fatalf("decide outcome: %d %v", st, body)
		}
		_, det, _ = gen.do("GET", path, nil)
		did := num64(det["outcome"].(map[string]any)["discipline_id"])
		if did == 0 || det["status"] != "decided" {
			t.Fatalf("no discipline record from the decision: %v", det["outcome"])
		}
		me := e.api("employee@example.com")
		if st, body, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/discipline", taylor), nil); st != 200 || len(body["items"].([]any)) == 0 {
			t.Fatalf("own discipline: %d %v", st, body)
		}
		if st, body, _ := me.do("POST", fmt.Sprintf("/api/v1/discipline/%d/acknowledgement", did), map[string]any{"accept": true, "comment": "I did not mean harm."}); st != 200 || body["acknowledgement"] != "acknowledged" {
			t.Fatalf("acknowledge record: %d %v", st, body)
		}
		res2 := me.raw("GET", fmt.Sprintf("/api/v1/discipline/%d/letter", did))
		pdf, _ := io.ReadAll(res2.Body)
		res2.Body.Close()
		text, err := hiring.ExtractText("application/pdf", pdf)
		if res2.StatusCode != 200 || err != nil || !strings.Contains(text, "Written warning") || !strings.Contains(text, "Acknowledged electronically") {
			t.Fatalf("letter: %d %v %q", res2.StatusCode, err, text)
		}
		if st, _, _ := e.api("tech.generalist@example.com").do("GET", fmt.Sprintf("/api/v1/discipline/%d", did), nil); st != 404 && st != 403 {
			t.Errorf("a generalist out of scope reads the record: %d", st)
		}

		// Closure; then the access log shows every view.
		if st, body, _ := gen.do("POST", path+"/closure", map[string]any{"text": "Warning issued and acknowledged; team reminded of the policy."}); st != 200 || body["status"] != "closed" {
			t.Fatalf("close: %d %v", st, body)
		}
		if st, _, _ := gen.do("GET", path+"/access-log", nil); st != 403 {
			t.Errorf("a generalist reads the access log: %d", st)
		}
		st, logb, _ := ops.do("GET", path+"/access-log", nil)
		if st != 200 || !strings.Contains(logb["_raw"].(string), "Viewed case "+number) || !strings.Contains(logb["_raw"].(string), "Downloaded evidence") {
			t.Fatalf("access log: %d %v", st, logb)
		}

		// Restriction: the case team and HR directors only.
		if st, body, _ := ops.do("PUT", path+"/restricted", map[string]any{"on": true}); st != 200 {
			t.Fatalf("restrict: %d %v", st, body)
		}
		for email, want := range map[string]int{"manager@example.com": 404, "director@example.com": 200, "generalist@example.com": 200} {
			if st, _, _ := e.api(email).do("GET", path, nil); st != want {
				t.Errorf("%s on a restricted case: %d, want %d", email, st, want)
			}
		}
	})
}

func TestERAPIRefusesBadInput(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	st, body, _ := gen.do("POST", "/api/v1/cases", map[string]any{"category": "gossip", "title": "", "description": ""})
	f := fieldsOf(body)
	if st != 422 || f["category"] == "" || f["title"] == "" || f["description"] == "" {
		t.Fatalf("bad case: %d %v", st, body)
	}
	if st, body, _ := e.api("employee@example.com").do("POST", "/api/v1/cases", map[string]any{"category": "conflict", "title": "x", "description": "y"}); st != 403 {
		t.Errorf("an employee logs a case as HR: %d %v", st, body)
	}
	// A line manager refers concerns about their own reports only.
	st, body, _ = e.api("lead@example.com").do("POST", "/api/v1/concerns/referrals", map[string]any{"category": "attendance", "title": "Late again",
		"description": "Missed three shift starts.", "subject_ids": []int64{e.empOf("generalist@example.com")}})
	if st != 403 {
		t.Errorf("referral about someone else's report: %d %v", st, body)
	}
	_ = http.StatusOK
}

// TestERTerminationFlowsIntoPeople: a termination outcome needs an HR
// manager's decision, which files the people core's termination request;
// that request is decided by someone else (never its requester).
func TestERTerminationFlowsIntoPeople(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr, dir := e.api("generalist@example.com"), e.api("manager@example.com"), e.api("director@example.com")
	taylor := e.empOf("employee@example.com")
	st, res, _ := gen.do("POST", "/api/v1/cases", map[string]any{"category": "policy_violation", "title": "Customer refunds to a personal card",
		"description": "Refunds were routed to a card in the employee's name.", "subject_ids": []int64{taylor}})
	if st != 201 || res["escalated"] != false {
		t.Fatalf("log: %d %v", st, res)
	}
	path := fmt.Sprintf("/api/v1/cases/%d", num64(res["id"]))
	number := res["number"].(string)
	// The case text is sealed at rest.
	sc, err := e.db.Relations().GetCase(context.Background(), num64(res["id"]))
	if err != nil || strings.Contains(string(sc.TitleS), "refunds") || strings.Contains(string(sc.DescriptionS), "card") {
		t.Fatalf("case text in the clear: %v", err)
	}
	lastDay := testToday.AddDays(14).String()
	if st, body, _ := gen.do("POST", path+"/outcome", map[string]any{"kind": "termination", "employee_id": taylor, "reasons": "Theft of company funds."}); st != 422 || fieldsOf(body)["last_day"] == "" {
		t.Errorf("termination without a last day: %d %v", st, body)
	}
	if st, body, _ := gen.do("POST", path+"/outcome", map[string]any{"kind": "termination", "employee_id": taylor, "reasons": "Theft of company funds.", "last_day": lastDay}); st != 200 || body["outcome_status"] != "pending" {
		t.Fatalf("recommend: %d %v", st, body)
	}
	if st, _, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", approvalOf(t, mgr, number, "outcome")), map[string]any{"decision": "approve", "comment": "Terminate."}); st != 200 {
		t.Fatalf("decide: %d", st)
	}
	_, det, _ := gen.do("GET", path, nil)
	out := det["outcome"].(map[string]any)
	if det["status"] != "decided" || num64(out["termination_request_id"]) == 0 || out["decided_by"] != "Marcus Bell" {
		t.Fatalf("outcome: %v %v", det["status"], out)
	}
	// The termination request waits for someone other than its requester.
	ap := num64(out["termination_request_id"])
	if st, _, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st == 200 {
		t.Fatal("the HR manager approved their own termination request")
	}
	if st, body, _ := dir.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st != 200 {
		t.Fatalf("director decides the termination: %d %v", st, body)
	}
	_, emp, _ := dir.do("GET", fmt.Sprintf("/api/v1/employees/%d", taylor), nil)
	if !strings.Contains(toJSON(emp), lastDay) {
		t.Errorf("the employee has no last day %s: %v", lastDay, emp)
	}
}
