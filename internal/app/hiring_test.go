package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// unitNamed returns the id of the org unit with a name.
func (e *env) unitNamed(t *testing.T, name string) int64 {
	t.Helper()
	ref, err := e.svc.People.LoadReference(context.Background(), e.actorOf("director@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ref.OrgUnits {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no org unit %q", name)
	return 0
}

// reqBody is a valid requisition for the support lead's team.
func (e *env) reqBody(t *testing.T) map[string]any {
	t.Helper()
	lead := e.actorOf("lead@example.com").EmployeeID
	prof, err := e.svc.People.GetProfile(context.Background(), e.actorOf("director@example.com"), lead)
	if err != nil {
		t.Fatal(err)
	}
	emp := prof.Reports[0]
	return map[string]any{"job_id": emp.JobID, "org_unit_id": emp.OrgUnitID, "location_id": emp.LocationID, "hiring_manager_id": lead,
		"target_start": testToday.AddDays(40).String(), "headcount": 2, "justification": "Ticket volume is up 30% since October."}
}

// TestRequisitionFromDraftToFilled: a generalist drafts, edits and submits
// a requisition; the HR manager approves it (time-to-fill starts); it is
// held, reopened and filled. Bad input is refused field by field; every
// change is audited; the hiring manager sees it, an employee does not.
func TestRequisitionFromDraftToFilled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		s, prob, _ := gen.do("POST", "/api/v1/requisitions", map[string]any{"job_id": 0, "org_unit_id": 0, "location_id": 0, "hiring_manager_id": 0, "target_start": "2026-02-30"})
		fe := fieldsOf(prob)
		if s != 422 || fe["job_id"] == "" || fe["org_unit_id"] == "" || fe["location_id"] == "" || fe["hiring_manager_id"] == "" || fe["target_start"] == "" {
			t.Fatalf("bad requisition: %d %v", s, prob)
		}
		body := e.reqBody(t)
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["target_start"], bad["salary_min_cents"], bad["salary_max_cents"] = "2020-01-01", 9000000, 8000000
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions", bad); s != 422 || fieldsOf(prob)["target_start"] == "" || fieldsOf(prob)["salary_max_cents"] == "" {
			t.Fatalf("past start, inverted range: %d %v", s, prob)
		}
		s, req, _ := gen.do("POST", "/api/v1/requisitions", body)
		if s != 201 || req["status"] != "draft" || !strings.HasPrefix(req["number"].(string), "REQ-") || num(req, "salary_max_cents") == 0 {
			t.Fatalf("create: %d %v", s, req)
		}
		id := itoa(num(req, "id"))
		body["headcount"], body["version"] = 3, num(req, "version")
		if s, up, _ := gen.do("PATCH", "/api/v1/requisitions/"+id, body); s != 200 || num(up, "headcount") != 3 {
			t.Fatalf("edit: %d %v", s, up)
		}
		if s, _, _ := gen.do("PATCH", "/api/v1/requisitions/"+id, body); s != 409 {
			t.Fatalf("stale edit: %d", s)
		}
		s, sub, _ := gen.do("POST", "/api/v1/requisitions/"+id+"/submission", nil)
		if s != 200 || sub["status"] != "pending_approval" || sub["approval_id"] == nil {
			t.Fatalf("submit: %d %v", s, sub)
		}
		if s, _, _ := gen.do("POST", "/api/v1/requisitions/"+id+"/submission", nil); s != 409 {
			t.Fatalf("submitted twice: %d", s)
		}
		apID := itoa(num(sub, "approval_id"))
		if s, _, _ := gen.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 403 {
			t.Fatalf("the generalist approved their own requisition: %d", s)
		}
		s, ap, _ := mgr.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve", "comment": "In the Q4 plan."})
		if s != 200 {
			t.Fatalf("approve: %d %v", s, ap)
		}
		if ap["status"] == "pending" {
			// Beyond the plan (the demo plan may be full): the director too.
			if s, ap, _ = e.api("director@example.com").do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); s != 200 || ap["status"] != "approved" {
				t.Fatalf("director: %d %v", s, ap)
			}
		}
		_, open, _ := gen.do("GET", "/api/v1/requisitions/"+id, nil)
		if open["status"] != "open" || open["opened_on"] != testToday.String() {
			t.Fatalf("after approval: %v", open)
		}
		for _, st := range []string{"on_hold", "open", "filled"} {
			if s, out, _ := gen.do("POST", "/api/v1/requisitions/"+id+"/status", map[string]any{"status": st}); s != 200 || out["status"] != st {
				t.Fatalf("-> %s: %d %v", st, s, out)
			}
		}
		if s, _, _ := gen.do("POST", "/api/v1/requisitions/"+id+"/status", map[string]any{"status": "open"}); s != 409 {
			t.Fatalf("reopened a filled requisition: %d", s)
		}
		// Cancelling needs a reason.
		s, other, _ := gen.do("POST", "/api/v1/requisitions", e.reqBody(t))
		if s != 201 {
			t.Fatal("second requisition")
		}
		oid := itoa(num(other, "id"))
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions/"+oid+"/status", map[string]any{"status": "cancelled"}); s != 422 || fieldsOf(prob)["reason"] == "" {
			t.Fatalf("cancel without reason: %d %v", s, prob)
		}
		if s, out, _ := gen.do("POST", "/api/v1/requisitions/"+oid+"/status", map[string]any{"status": "cancelled", "reason": "Merged into " + open["number"].(string)}); s != 200 || out["status"] != "cancelled" {
			t.Fatalf("cancel: %d %v", s, out)
		}
		// Who sees what.
		if _, list, _ := e.api("lead@example.com").do("GET", "/api/v1/requisitions", nil); !strings.Contains(toJSON(list), `"id":`+id) {
			t.Fatal("the hiring manager cannot see their requisition")
		}
		if s, _, _ := e.api("lead@example.com").do("POST", "/api/v1/requisitions", e.reqBody(t)); s != 403 {
			t.Fatalf("a line manager drafted a requisition: %d", s)
		}
		if s, _, _ := e.api("employee@example.com").do("GET", "/api/v1/requisitions/"+id, nil); s != 404 {
			t.Fatalf("an employee read a requisition: %d", s)
		}
		if s, _, _ := e.api("admin@example.com").do("GET", "/api/v1/requisitions", nil); s != 403 {
			t.Fatalf("an admin listed requisitions: %d", s)
		}
		eng := e.unitNamed(t, "Engineering")
		eb := e.reqBody(t)
		eb["org_unit_id"] = eng
		if s, _, _ := e.api("ops.generalist@example.com").do("POST", "/api/v1/requisitions", eb); s != 403 {
			t.Fatalf("an Operations generalist opened an Engineering requisition: %d", s)
		}
		_, trail, _ := e.api("director@example.com").do("GET", "/api/v1/audit?object_type=requisition&object_id="+id, nil)
		for _, action := range []string{"hiring.requisition_create", "hiring.requisition_update", "hiring.requisition_submit", "hiring.requisition_approve", "hiring.requisition_status"} {
			if !strings.Contains(toJSON(trail), action) {
				t.Errorf("no %s in the audit trail", action)
			}
		}
	})
}

// TestHiringPlanRoutesBeyondPlanToTheDirector: the HR manager sets a plan
// line; a requisition within it needs the HR manager only, one beyond it
// also the HR director; the plan shows waiting and approved openings.
func TestHiringPlanRoutesBeyondPlanToTheDirector(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr, dir := e.api("generalist@example.com"), e.api("manager@example.com"), e.api("director@example.com")
	body := e.reqBody(t)
	unit := body["org_unit_id"].(int64)
	line := map[string]any{"org_unit_id": unit, "year": 2026, "quarter": 4, "headcount": 3, "budget_cents": 0}
	if s, out, _ := gen.do("PUT", "/api/v1/hiring-plan", line); s != 403 {
		t.Fatalf("a generalist set the plan: %d %v", s, out)
	}
	if s, prob, _ := mgr.do("PUT", "/api/v1/hiring-plan", map[string]any{"org_unit_id": unit, "year": 2026, "quarter": 4, "headcount": -1}); s != 422 || fieldsOf(prob)["headcount"] == "" {
		t.Fatalf("negative headcount: %d %v", s, prob)
	}
	if s, out, _ := mgr.do("PUT", "/api/v1/hiring-plan", line); s != 200 {
		t.Fatalf("plan: %d %v", s, out)
	}
	body["target_start"], body["headcount"] = "2026-12-07", 2
	_, r1, _ := gen.do("POST", "/api/v1/requisitions", body)
	_, sub1, _ := gen.do("POST", "/api/v1/requisitions/"+itoa(num(r1, "id"))+"/submission", nil)
	_, list, _ := mgr.do("GET", "/api/v1/approvals?status=pending", nil)
	if !strings.Contains(toJSON(list), `"steps":["hr_manager"]`) {
		t.Fatalf("within the plan, one HR manager step: %s", toJSON(list))
	}
	_, plan, _ := gen.do("GET", "/api/v1/hiring-plan?year=2026", nil)
	if !strings.Contains(toJSON(plan), `"requested":2`) {
		t.Fatalf("plan usage: %s", toJSON(plan))
	}
	if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+itoa(num(sub1, "approval_id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 {
		t.Fatal("approve")
	}
	_, r2, _ := gen.do("POST", "/api/v1/requisitions", body)
	_, sub2, _ := gen.do("POST", "/api/v1/requisitions/"+itoa(num(r2, "id"))+"/submission", nil)
	ap2 := itoa(num(sub2, "approval_id"))
	_, one, _ := dir.do("GET", "/api/v1/approvals?status=pending", nil)
	if !strings.Contains(toJSON(one), `"steps":["hr_manager","hr_director"]`) || !strings.Contains(toJSON(one), "beyond the hiring plan") {
		t.Fatalf("beyond the plan (2 approved + 2 > 3): %s", toJSON(one))
	}
	mgr.do("POST", "/api/v1/approvals/"+ap2+"/decision", map[string]any{"decision": "approve"})
	if _, r, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(r2, "id")), nil); r["status"] != "pending_approval" {
		t.Fatalf("opened before the director decided: %v", r)
	}
	if s, done, _ := dir.do("POST", "/api/v1/approvals/"+ap2+"/decision", map[string]any{"decision": "reject", "comment": "Not this quarter."}); s != 200 || done["status"] != "rejected" {
		t.Fatalf("director reject: %d %v", s, done)
	}
	if _, r, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(r2, "id")), nil); r["status"] != "rejected" {
		t.Fatalf("after rejection: %v", r)
	}
	_, plan, _ = gen.do("GET", "/api/v1/hiring-plan?year=2026", nil)
	if !strings.Contains(toJSON(plan), `"approved":2`) || !strings.Contains(toJSON(plan), `"remaining":1`) {
		t.Fatalf("plan after: %s", toJSON(plan))
	}
	// The hiring manager can be put in the chain; they approve as named.
	if s, _, _ := dir.do("PUT", "/api/v1/approval-chains/requisition", map[string]any{"steps": []any{map[string]any{"approvers": []string{"hiring_manager"}}, map[string]any{"approvers": []string{"hr_manager"}}}}); s != 200 {
		t.Fatal("chain")
	}
	_, r3, _ := gen.do("POST", "/api/v1/requisitions", body)
	_, sub3, _ := gen.do("POST", "/api/v1/requisitions/"+itoa(num(r3, "id"))+"/submission", nil)
	if s, step, _ := e.api("lead@example.com").do("POST", "/api/v1/approvals/"+itoa(num(sub3, "approval_id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 || num(step, "step") != 2 {
		t.Fatalf("the hiring manager's step: %d %v", s, step)
	}
}

// TestRecruitingPages: the requisition form shows errors on its fields
// and keeps the input; a draft is created, submitted and shown with its
// route; the plan page renders; the demo company has requisitions in
// every status.
func TestRecruitingPages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	list := b.page("/hiring", http.StatusOK)
	if list.Find("table.table tbody tr").Length() == 0 {
		t.Fatal("the demo has no active requisitions")
	}
	all := b.page("/hiring?status=all", http.StatusOK).Text()
	for _, st := range []string{"Open", "Filled", "Waiting for approval", "Draft", "On hold", "Cancelled", "Rejected"} {
		if !strings.Contains(all, st) {
			t.Errorf("the demo has no %s requisition", st)
		}
	}
	b.page("/hiring/requisitions/new", http.StatusOK)
	doc, _ := b.submit("/hiring/requisitions/new", url.Values{"headcount": {"0"}, "target_start": {"tomorrow"}, "hiring_manager_email": {"nobody@example.com"}, "salary_min": {"abc"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"job_id", "org_unit_id", "location_id", "target_start", "hiring_manager_email", "salary_min"} {
		if doc.Find(".field-error #"+fieldIDFor(f)).Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	if v, _ := doc.Find("#f-hiring-manager-email").Attr("value"); v != "nobody@example.com" {
		t.Errorf("the form lost the input: %q", v)
	}
	body := e.reqBody(t)
	form := url.Values{"job_id": {itoa(body["job_id"].(int64))}, "org_unit_id": {itoa(body["org_unit_id"].(int64))}, "location_id": {itoa(body["location_id"].(int64))},
		"hiring_manager_email": {"lead@example.com"}, "target_start": {testToday.AddDays(30).String()}, "headcount": {"1"}, "employment_type": {"full_time"}, "reason": {"new_headcount"}, "key_role": {"1"}}
	res := b.post("/hiring/requisitions/new", form)
	if res.StatusCode != http.StatusSeeOther {
		d, _ := goquery.NewDocumentFromReader(res.Body)
		t.Fatalf("create: %d %s", res.StatusCode, d.Find(".error-summary").Text())
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/hiring/requisitions/") {
		t.Fatalf("went to %q", loc)
	}
	b.submit(loc+"/submit", url.Values{}, http.StatusSeeOther)
	page := b.page(loc, http.StatusOK)
	if !strings.Contains(page.Text(), "Waiting for approval") || page.Find(`.route[aria-label="Approval steps"] li`).Length() != 2 {
		t.Fatalf("the key role did not get two steps: %s", page.Find(".route").Text())
	}
	plan := e.login("manager@example.com").page("/hiring/plan", http.StatusOK)
	if plan.Find("table.table tbody tr").Length() == 0 || plan.Find(`form[action="/hiring/plan"]`).Length() != 1 {
		t.Fatal("the plan page has no lines or no form for the manager")
	}
	if b.page("/hiring/plan", http.StatusOK).Find(`form[action="/hiring/plan"]`).Length() != 0 {
		t.Fatal("a generalist sees the plan form")
	}
	if res := e.login("employee@example.com").get("/hiring/plan"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("employee plan: %d", res.StatusCode)
	}
	_ = people.StatusActive
}

func fieldIDFor(name string) string { return strings.NewReplacer("_", "-").Replace("f-" + name) }
