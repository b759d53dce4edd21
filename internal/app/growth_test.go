package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/work"
)

func items(m map[string]any) []any {
	if v, ok := m["items"].([]any); ok {
		return v
	}
	return nil
}

// TestCareersAPI walks the careers use cases through the API on both
// databases: the pre-loaded catalogue, the employee's gap analysis to a
// plan with an action (a task), assessments by role, readiness,
// credentials with credits and the expiry reminders.
func TestCareersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		emp, lead, gen, mgr := e.api("employee@example.com"), e.api("lead@example.com"), e.api("generalist@example.com"), e.api("manager@example.com")
		me := e.empOf("employee@example.com")

		// The reference catalogue is pre-loaded.
		_, certs, _ := emp.do("GET", "/api/v1/certifications", nil)
		abbr := map[string]int64{}
		for _, c := range items(certs) {
			m := c.(map[string]any)
			abbr[m["abbreviation"].(string)] = int64(m["id"].(float64))
		}
		for _, a := range []string{"aPHR", "PHR", "SPHR", "GPHR", "SHRM-CP", "SHRM-SCP", "Forklift"} {
			if abbr[a] == 0 {
				t.Fatalf("certification %s not pre-loaded: %v", a, abbr)
			}
		}
		_, ladders, _ := emp.do("GET", "/api/v1/career-ladders", nil)
		names := map[string]bool{}
		for _, l := range items(ladders) {
			names[l.(map[string]any)["name"].(string)] = true
		}
		if !names["HR generalist track"] || !names["HR management track"] || !names["Customer support track"] {
			t.Fatalf("ladders: %v", names)
		}
		_, comps, _ := emp.do("GET", "/api/v1/competencies", nil)
		if len(items(comps)) < 10 {
			t.Fatalf("competencies: %d", len(items(comps)))
		}
		// Only HR managers design.
		bad := map[string]any{"name": "", "kind": "skill", "levels": []string{"a", "", "c", "d", "e"}}
		if code, _, _ := gen.do("POST", "/api/v1/competencies", map[string]any{"name": "Negotiation", "kind": "skill", "levels": []string{"a", "b", "c", "d", "e"}}); code != http.StatusForbidden {
			t.Errorf("generalist designs a competency: %d", code)
		}
		code, p, _ := mgr.do("POST", "/api/v1/competencies", bad)
		if code != 422 || fieldsOf(p)["name"] == "" || fieldsOf(p)["level_2"] == "" {
			t.Errorf("bad competency: %d %v", code, p)
		}
		code, p, _ = mgr.do("POST", "/api/v1/certifications", map[string]any{"name": "Forklift II", "issuer": "X", "kind": "licence", "validity_months": 0, "credits_required": 10})
		if code != 422 || fieldsOf(p)["credits_required"] == "" {
			t.Errorf("credits without a cycle: %d %v", code, p)
		}

		// The employee's gap analysis against the next rung.
		code, g, _ := emp.do("GET", fmt.Sprintf("/api/v1/employees/%d/career/gaps", me), nil)
		if code != 200 {
			t.Fatalf("gaps: %d %v", code, g)
		}
		target := g["target_job"].(map[string]any)
		if target["title"] != "Customer Support Specialist II" {
			t.Fatalf("next step: %v", target["title"])
		}
		var gaps []map[string]any
		for _, x := range g["competencies"].([]any) {
			m := x.(map[string]any)
			if m["gap"].(float64) > 0 {
				gaps = append(gaps, m)
			}
		}
		if len(gaps) == 0 || g["gap_count"].(float64) == 0 {
			t.Fatalf("no gaps: %v", g["competencies"])
		}
		// Current is the manager's rating when there is one.
		for _, x := range g["competencies"].([]any) {
			m := x.(map[string]any)
			if m["manager"].(float64) > 0 && m["current"] != m["manager"] {
				t.Errorf("current is not the manager's rating: %v", m)
			}
		}
		if r, _ := g["readiness"].(map[string]any); r == nil || r["status"] != "one_to_two_years" {
			t.Errorf("readiness: %v", g["readiness"])
		}
		// Others' careers: the lead (line manager) and HR see it; a
		// colleague does not.
		if code, _, _ := lead.do("GET", fmt.Sprintf("/api/v1/employees/%d/career", me), nil); code != 200 {
			t.Errorf("lead reads the report's career: %d", code)
		}
		if code, _, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/career", me), nil); code != 200 {
			t.Errorf("generalist reads the career: %d", code)
		}
		other := e.empOf("generalist@example.com")
		if code, _, _ := emp.do("GET", fmt.Sprintf("/api/v1/employees/%d/career", other), nil); code != 404 {
			t.Errorf("employee reads a colleague's career: %d", code)
		}

		// A plan from the gaps, an action that opens the employee's task.
		tid := int64(target["job_id"].(float64))
		goals := []map[string]any{}
		for _, x := range gaps {
			goals = append(goals, map[string]any{"competency_id": x["competency_id"], "target_level": x["required"]})
		}
		code, plan, _ := emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/development-plans", me), map[string]any{"target_job_id": tid, "goals": goals})
		if code != 201 || len(plan["goals"].([]any)) != len(gaps) || plan["title"] != "Toward Customer Support Specialist II" {
			t.Fatalf("plan: %d %v", code, plan)
		}
		pid := int64(plan["id"].(float64))
		code, p, _ = emp.do("POST", fmt.Sprintf("/api/v1/development-plans/%d/actions", pid), map[string]any{"kind": "training", "title": "", "due_on": "2020-01-01"})
		if code != 422 || fieldsOf(p)["title"] == "" || fieldsOf(p)["due_on"] == "" {
			t.Errorf("bad action: %d %v", code, p)
		}
		code, plan, _ = emp.do("POST", fmt.Sprintf("/api/v1/development-plans/%d/actions", pid), map[string]any{"kind": "training", "title": "Advanced troubleshooting course", "due_on": testToday.AddDays(30).String(),
			"goal_id": plan["goals"].([]any)[0].(map[string]any)["id"]})
		if code != 201 {
			t.Fatalf("action: %d %v", code, plan)
		}
		act := plan["actions"].([]any)[0].(map[string]any)
		task, err := e.svc.Tasks.Get(ctx, e.actorOf("employee@example.com"), int64(act["task_id"].(float64)))
		if err != nil || task.DueOn != testToday.AddDays(30) || task.OwnerUserID != e.actorOf("employee@example.com").UserID {
			t.Errorf("action task: %+v %v", task, err)
		}
		if code, _, _ := lead.do("POST", fmt.Sprintf("/api/v1/development-plans/%d/checkins", pid), map[string]any{"note": "Good progress"}); code != 201 {
			t.Errorf("lead checks in: %d", code)
		}
		if code, _, _ := e.api("director@example.com").do("GET", fmt.Sprintf("/api/v1/development-plans/%d", pid), nil); code != 200 {
			t.Errorf("director reads the plan: %d", code)
		}
		code, plan, _ = emp.do("POST", fmt.Sprintf("/api/v1/development-plans/%d/actions/%d/complete", pid, int64(act["id"].(float64))), nil)
		if code != 200 {
			t.Fatalf("complete: %d %v", code, plan)
		}
		if task, _ := e.svc.Tasks.Get(ctx, e.actorOf("employee@example.com"), int64(act["task_id"].(float64))); task.Status != work.TaskDone {
			t.Errorf("task after the action is done: %s", task.Status)
		}

		// Assessments: self by the employee, manager ratings (with
		// evidence) by the lead; HR does not rate.
		cid := int64(gaps[0]["competency_id"].(float64))
		if code, _, _ := emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/assessments", me), map[string]any{"ratings": []map[string]any{{"competency_id": cid, "rating": 3}}}); code != 201 {
			t.Errorf("self assessment: %d", code)
		}
		code, p, _ = lead.do("POST", fmt.Sprintf("/api/v1/employees/%d/assessments", me), map[string]any{"ratings": []map[string]any{{"competency_id": cid, "rating": 4}}})
		if code != 422 || fieldsOf(p)[fmt.Sprintf("evidence_%d", cid)] == "" {
			t.Errorf("manager rating without evidence: %d %v", code, p)
		}
		if code, _, _ := lead.do("POST", fmt.Sprintf("/api/v1/employees/%d/assessments", me), map[string]any{"ratings": []map[string]any{{"competency_id": cid, "rating": 4, "evidence": "Solved the hardest tickets this month"}}}); code != 201 {
			t.Errorf("manager rating: %d", code)
		}
		if code, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/employees/%d/assessments", me), map[string]any{"ratings": []map[string]any{{"competency_id": cid, "rating": 4, "evidence": "x"}}}); code != 403 {
			t.Errorf("generalist rates: %d", code)
		}
		_, g, _ = emp.do("GET", fmt.Sprintf("/api/v1/employees/%d/career/gaps?target_job_id=%d", me, tid), nil)
		for _, x := range g["competencies"].([]any) {
			m := x.(map[string]any)
			if int64(m["competency_id"].(float64)) == cid && (m["manager"].(float64) != 4 || m["self"].(float64) != 3 || m["current"].(float64) != 4) {
				t.Errorf("latest ratings: %v", m)
			}
		}
		// Readiness: the line manager only.
		if code, _, _ := lead.do("POST", fmt.Sprintf("/api/v1/employees/%d/readiness", me), map[string]any{"target_job_id": tid, "status": "ready_now"}); code != 201 {
			t.Errorf("lead sets readiness: %d", code)
		}
		if code, _, _ := emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/readiness", me), map[string]any{"target_job_id": tid, "status": "ready_now"}); code != 403 {
			t.Errorf("employee sets own readiness: %d", code)
		}
		if code, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/employees/%d/readiness", me), map[string]any{"target_job_id": tid, "status": "ready_now"}); code != 403 {
			t.Errorf("generalist sets readiness: %d", code)
		}

		// Credentials: the employee records one with a reimbursement
		// request; HR verifies and pays; credits within the cycle only.
		code, c, _ := emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/credentials", me), map[string]any{"certification_id": abbr["CPR/AED"], "issued_on": testToday.AddDays(-30).String(), "cost_cents": 9000, "request_reimbursement": true})
		if code != 201 {
			t.Fatalf("credential: %d %v", code, c)
		}
		cred := c["credential"].(map[string]any)
		credID := int64(cred["id"].(float64))
		if cred["expires_on"] != testToday.AddDays(-30).AddMonths(24).AddDays(-1).String() || cred["reimbursement"] != "requested" {
			t.Errorf("credential defaults: %v", cred)
		}
		if code, _, _ := emp.do("POST", fmt.Sprintf("/api/v1/credentials/%d/verify", credID), nil); code != 403 {
			t.Errorf("employee verifies own credential: %d", code)
		}
		if code, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/credentials/%d/verify", credID), nil); code != 200 {
			t.Errorf("verify: %d", code)
		}
		if code, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/credentials/%d/reimbursement", credID), map[string]any{"status": "paid", "reimbursed_cents": 9000}); code != 200 {
			t.Errorf("reimburse: %d", code)
		}
		code, p, _ = emp.do("POST", fmt.Sprintf("/api/v1/employees/%d/credentials", me), map[string]any{"certification_id": 0, "issued_on": testToday.AddDays(3).String()})
		if code != 422 || fieldsOf(p)["certification_id"] == "" || fieldsOf(p)["issued_on"] == "" {
			t.Errorf("bad credential: %d %v", code, p)
		}
		code, p, _ = gen.do("POST", fmt.Sprintf("/api/v1/credentials/%d/credits", credID), map[string]any{"earned_on": testToday.AddDays(-60).String(), "credits": 2, "activity": "Course"})
		if code != 422 || fieldsOf(p)["earned_on"] == "" {
			t.Errorf("credits before the cycle: %d %v", code, p)
		}
		if code, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/credentials/%d/credits", credID), map[string]any{"earned_on": testToday.AddDays(-1).String(), "credits": 1.5, "activity": "Refresher"}); code != 201 {
			t.Errorf("credits: %d", code)
		}
		if code, _, _ := lead.do("POST", fmt.Sprintf("/api/v1/credentials/%d/credits", credID), map[string]any{"earned_on": testToday.AddDays(-1).String(), "credits": 1, "activity": "x"}); code != 403 {
			t.Errorf("lead logs credits: %d", code)
		}
		_, c, _ = emp.do("GET", fmt.Sprintf("/api/v1/credentials/%d", credID), nil)
		if cr := c["credential"].(map[string]any); cr["credits_earned"].(float64) != 1.5 || cr["verified_by"] == nil || cr["reimbursed_cents"].(float64) != 9000 {
			t.Errorf("credential after: %v", cr)
		}
		// Corrections: the holder cannot change a verified credential;
		// HR can, and the verification is cleared.
		fix := map[string]any{"certification_id": abbr["CPR/AED"], "number": "RC-12345", "issued_on": testToday.AddDays(-31).String(), "cost_cents": 9000}
		if code, _, _ := emp.do("PUT", fmt.Sprintf("/api/v1/credentials/%d", credID), fix); code != 403 {
			t.Errorf("holder corrects a verified credential: %d", code)
		}
		fix["expires_on"] = testToday.AddDays(-40).String()
		if code, p, _ := gen.do("PUT", fmt.Sprintf("/api/v1/credentials/%d", credID), fix); code != 422 || fieldsOf(p)["expires_on"] == "" {
			t.Errorf("expiry before issue: %d %v", code, p)
		}
		delete(fix, "expires_on")
		code, c, _ = gen.do("PUT", fmt.Sprintf("/api/v1/credentials/%d", credID), fix)
		if cr := c["credential"].(map[string]any); code != 200 || cr["number"] != "RC-12345" || cr["verified_by"] != nil || cr["expires_on"] != testToday.AddDays(-31).AddMonths(24).AddDays(-1).String() {
			t.Errorf("corrected: %d %v", code, c)
		}

		// The generalist's PHR expires in 45 days: the 90-day reminder,
		// once, with a renewal task; training credits count.
		n, err := e.svc.Careers.Remind(ctx)
		if err != nil || n == 0 {
			t.Fatalf("remind: %d %v", n, err)
		}
		if again, _ := e.svc.Careers.Remind(ctx); again != 0 {
			t.Errorf("reminders sent twice: %d", again)
		}
		all, err := db.Careers().ListTasks(ctx, work.TaskFilter{EmployeeID: other, WholeCompany: true, Limit: 100})
		var ts []work.Task
		for _, x := range all {
			if x.ObjectType == "credential" {
				ts = append(ts, x)
			}
		}
		if err != nil || len(ts) != 1 || ts[0].Rule != "careers.renewal" || ts[0].OwnerUserID != e.actorOf("generalist@example.com").UserID {
			t.Errorf("renewal task: %+v", ts)
		}
		// Sixteen days on, 29 days are left: the 30-day reminder, and no
		// second renewal task.
		later := careers.NewService(db.Careers(), kit.FixedClock{T: testToday.AddDays(16).Time().Add(10 * time.Hour)})
		if n, err := later.Remind(ctx); err != nil || n == 0 {
			t.Errorf("30-day reminders: %d %v", n, err)
		}
		all, _ = db.Careers().ListTasks(ctx, work.TaskFilter{EmployeeID: other, WholeCompany: true, Limit: 100})
		renewals := 0
		for _, x := range all {
			if x.Rule == "careers.renewal" {
				renewals++
			}
		}
		if renewals != 1 {
			t.Errorf("renewal tasks after the 30-day reminder: %d", renewals)
		}
		ns, _ := e.svc.Notifications.List(ctx, e.actorOf("generalist@example.com"), false)
		expiring := 0
		for _, x := range ns {
			if x.Kind == "credential_expiring" && strings.Contains(x.Body, "Raman's Professional in Human Resources") {
				expiring++
			}
		}
		if expiring != 2 {
			t.Errorf("expiry notifications to the holder: %d", expiring)
		}
		_, list, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/credentials", other), nil)
		found := false
		for _, x := range items(list) {
			m := x.(map[string]any)
			if m["abbreviation"] == "PHR" && m["status"] == "expiring" {
				found = true
				_, one, _ := gen.do("GET", fmt.Sprintf("/api/v1/credentials/%d", int64(m["id"].(float64))), nil)
				training := false
				for _, k := range one["credits"].([]any) {
					if k.(map[string]any)["training_id"] != nil {
						training = true
					}
				}
				if !training {
					t.Errorf("training session credits missing from the PHR log")
				}
			}
		}
		if !found {
			t.Errorf("the generalist's PHR is not expiring: %v", items(list))
		}

		// Compliance: HR sees missing or expiring forklift evaluations;
		// the employee sees none of it.
		code, rows, _ := gen.do("GET", "/api/v1/credentials/compliance?all=true", nil)
		if code != 200 {
			t.Errorf("compliance: %d", code)
		}
		for _, x := range items(rows) {
			if x.(map[string]any)["certification"] != "Powered industrial truck (forklift) operator" {
				t.Errorf("compliance row: %v", x)
			}
		}
		// Succession: HR managers; not generalists.
		code, s, _ := mgr.do("GET", "/api/v1/careers/succession", nil)
		if code != 200 || len(items(s)) < 3 {
			t.Errorf("succession: %d %v", code, s)
		}
		if code, _, _ := gen.do("GET", "/api/v1/careers/succession", nil); code != 403 {
			t.Errorf("generalist reads succession: %d", code)
		}
		code, team, _ := lead.do("GET", "/api/v1/careers/team", nil)
		if code != 200 || len(items(team)) == 0 {
			t.Errorf("team: %d %v", code, team)
		}
		if code, _, _ := emp.do("GET", "/api/v1/careers/team", nil); code != 403 {
			t.Errorf("employee reads a team: %d", code)
		}
	})
}

// TestCareersPerRole opens every careers page as each persona.
func TestCareersPerRole(t *testing.T) {
	e := sqliteEnv(t)
	me := e.empOf("employee@example.com")
	catalog := []string{"/growth/ladders", "/growth/ladders/1", "/growth/competencies", "/growth/certifications", "/growth/jobs/1"}
	for who, want := range map[string]struct{ own, report, succession, compliance, team int }{
		"employee@example.com":   {200, 200, 403, 403, 403},
		"lead@example.com":       {200, 200, 403, 200, 200},
		"generalist@example.com": {200, 200, 403, 200, 403},
		"manager@example.com":    {200, 200, 200, 200, 403},
		"director@example.com":   {200, 200, 200, 200, 200},
	} {
		b := e.login(who)
		b.page("/growth", want.own)
		b.page(fmt.Sprintf("/growth/people/%d", me), want.report)
		b.page(fmt.Sprintf("/growth/people/%d/gaps", me), want.report)
		b.page("/growth/succession", want.succession)
		b.page("/growth/compliance", want.compliance)
		if who == "employee@example.com" || who == "lead@example.com" {
			b.page("/growth/team", want.team)
		}
		for _, p := range catalog {
			b.page(p, 200)
		}
	}
	// HR in scope: the operations generalist does not see a support
	// employee's career; the support generalist does.
	e.login("ops.generalist@example.com").page(fmt.Sprintf("/growth/people/%d", me), 404)
	e.login("support.generalist@example.com").page(fmt.Sprintf("/growth/people/%d", me), 200)
	// The home page asks the generalist to renew her PHR.
	if got := e.login("generalist@example.com").page("/", 200).Find("#acks").Text(); !strings.Contains(got, "Renew your Professional in Human Resources") {
		t.Errorf("home: %q", got)
	}
	// A colleague's career is not found for an employee.
	e.login("employee@example.com").page(fmt.Sprintf("/growth/people/%d", e.empOf("generalist@example.com")), 404)
	// Field errors on the forms.
	emp := e.login("employee@example.com")
	d, _ := emp.submit(fmt.Sprintf("/growth/people/%d/credential", me), map[string][]string{"certification_id": {""}, "issued_on": {"2099-01-01"}}, 422)
	if d.Find("#f-certification-id-error").Length() == 0 || d.Find("#f-issued-on-error").Length() == 0 {
		t.Error("credential form: no field errors")
	}
	mgr := e.login("manager@example.com")
	d, _ = mgr.submit("/growth/certifications", map[string][]string{"name": {""}, "kind": {"licence"}, "issuer": {""}}, 422)
	if d.Find("#f-name-error").Length() == 0 || d.Find("#f-issuer-error").Length() == 0 {
		t.Error("certification form: no field errors")
	}
	d, _ = mgr.submit("/growth/competencies", map[string][]string{"name": {"X"}, "kind": {"skill"}}, 422)
	if d.Find("#f-level-1-error").Length() == 0 {
		t.Error("competency form: no field errors")
	}
	// Editing: HR managers only; errors on the fields; a ladder's rungs.
	e.login("generalist@example.com").page("/growth/competencies/1", 403)
	e.login("generalist@example.com").page("/growth/certifications/1", 403)
	mgr.page("/growth/competencies/1", 200)
	mgr.page("/growth/certifications/1", 200)
	d, _ = mgr.submit("/growth/certifications/1", map[string][]string{"name": {"Associate Professional in Human Resources"}, "issuer": {"HRCI"}, "kind": {"certification"}, "validity_months": {"200"}}, 422)
	if d.Find("#f-validity-months-error").Length() == 0 {
		t.Error("certification edit: no field error")
	}
	doc := mgr.page("/growth/ladders/1", 200)
	if doc.Find("#f-rung-1").Length() == 0 {
		t.Fatal("ladder edit form missing")
	}
	v := map[string][]string{"name": {"HR generalist track"}, "family": {"People"}, "track": {"individual"}}
	d, _ = mgr.submit("/growth/ladders/1/edit", v, 422)
	if d.Find("#f-rungs").Length() == 0 {
		t.Error("ladder without rungs: no error")
	}
	v["rung_1"] = []string{doc.Find("#f-rung-1 option[selected]").AttrOr("value", "")}
	v["rung_2"] = []string{doc.Find("#f-rung-2 option[selected]").AttrOr("value", "")}
	mgr.submit("/growth/ladders/1/edit", v, 303)
	if n := mgr.page("/growth/ladders/1", 200).Find("ol.ladder li").Length(); n != 2 {
		t.Errorf("rungs after the edit: %d", n)
	}
}
