package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestHireStartsOnboardingWithRuleDueDates: a hire creates the onboarding
// checklist; the I-9 Section 2 task is due three business days after the
// first day (skipping the weekend and Veterans Day), with the explanation.
func TestHireStartsOnboardingWithRuleDueDates(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	_, ref, _ := gen.do("GET", "/api/v1/jobs", nil)
	job := ref["items"].([]any)[0].(map[string]any)["id"]
	// First day Friday 2026-11-06: Mon 9, Tue 10, (Wed 11 is Veterans Day), Thu 12.
	s, emp, _ := gen.do("POST", "/api/v1/employees", map[string]any{"given_name": "Rosa", "family_name": "Delgado", "work_email": "rosa.delgado@northwind.example",
		"hire_date": "2026-11-06", "org_unit_id": 2, "location_id": 1, "job_id": job, "pay": map[string]any{"amount_cents": 6500000, "per": "year"}})
	if s != 201 {
		t.Fatalf("hire: %d %v", s, emp)
	}
	_, list, _ := gen.do("GET", "/api/v1/tasks?owner=queue", nil)
	var sec2 map[string]any
	n, enroll := 0, false
	for _, it := range list["items"].([]any) {
		tk := it.(map[string]any)
		if tk["employee_id"] != nil && int64(tk["employee_id"].(float64)) == num(emp, "id") {
			n++
			if strings.HasPrefix(tk["title"].(string), "I-9 Section 2") {
				sec2 = tk
			}
			// The hire also opens the new-hire benefits window, with its task.
			enroll = enroll || strings.HasPrefix(tk["title"].(string), "Benefits enrollment: ")
		}
	}
	if n != 7 || sec2 == nil || !enroll {
		t.Fatalf("onboarding tasks: %d, section 2 %v", n, sec2)
	}
	if sec2["due_on"] != "2026-11-12" || sec2["queue"] != "Compliance" || len(sec2["due_explanation"].([]any)) < 3 {
		t.Fatalf("section 2 task: %v", sec2)
	}
	if !strings.Contains(toJSON(sec2["due_explanation"]), "274a.2") {
		t.Fatalf("no citation in the explanation: %v", sec2["due_explanation"])
	}
	// The generalist takes it, ticks the checklist and finishes it.
	id := itoa(num(sec2, "id"))
	if s, tk, _ := gen.do("PATCH", "/api/v1/tasks/"+id, map[string]any{"claim": true}); s != 200 || tk["owner_name"] != "Priya Raman" {
		t.Fatalf("claim: %d %v", s, tk)
	}
	if s, _, _ := e.api("ops.generalist@example.com").do("PATCH", "/api/v1/tasks/"+id, map[string]any{"claim": true}); s != 409 && s != 404 {
		t.Fatalf("second claim: %d", s)
	}
	_, tk, _ := gen.do("GET", "/api/v1/tasks/"+id, nil)
	item := itoa(num(tk["checklist"].([]any)[0].(map[string]any), "id"))
	if s, tk, _ := gen.do("PUT", "/api/v1/tasks/"+id+"/checklist/"+item, map[string]any{"done": true}); s != 200 || tk["status"] != "in_progress" {
		t.Fatalf("check: %d %v", s, tk)
	}
	if s, tk, _ := gen.do("PATCH", "/api/v1/tasks/"+id, map[string]any{"status": "done", "comment": "Passport seen."}); s != 200 || tk["status"] != "done" || len(tk["comments"].([]any)) != 1 {
		t.Fatalf("done: %d %v", s, tk)
	}
	// Reassigning someone else's task is for managers.
	if s, _, _ := e.api("ops.generalist@example.com").do("PATCH", "/api/v1/tasks/"+id, map[string]any{"owner_user_id": 0}); s != 403 && s != 404 {
		t.Fatalf("generalist reassigned another's task: %d", s)
	}
	mgr := e.api("manager@example.com")
	opsGen := e.actorOf("ops.generalist@example.com").UserID
	if s, tk, _ := mgr.do("PATCH", "/api/v1/tasks/"+id, map[string]any{"owner_user_id": opsGen}); s != 200 || int64(tk["owner_user_id"].(float64)) != opsGen {
		t.Fatalf("manager reassign: %d %v", s, tk)
	}
	if s, wl, _ := mgr.do("GET", "/api/v1/work/workload", nil); s != 200 || len(wl["items"].([]any)) == 0 {
		t.Fatalf("workload: %d %v", s, wl)
	}
	if s, _, _ := gen.do("GET", "/api/v1/work/workload", nil); s != 403 {
		t.Fatalf("generalist read the workload: %d", s)
	}
	for _, who := range []string{"employee@example.com", "lead@example.com", "admin@example.com"} {
		if s, _, _ := e.api(who).do("GET", "/api/v1/tasks/"+id, nil); s != 403 && s != 404 {
			t.Errorf("%s read a task: %d", who, s)
		}
	}
}

func TestMyWorkPageAndTaskDetail(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	home := b.page("/", http.StatusOK)
	if home.Find("table.table").Length() < 2 {
		t.Fatal("My work shows no task tables")
	}
	take := home.Find(`form[action$="/claim"]`).First()
	action, ok := take.Attr("action")
	if !ok {
		t.Fatal("no queued task to take")
	}
	b.submit(action, url.Values{"next": {"/"}}, http.StatusSeeOther)
	taskPath := strings.TrimSuffix(action, "/claim")
	doc := b.page(taskPath, http.StatusOK)
	if !strings.Contains(doc.Find(".page-sub").Text(), "owned by Priya Raman") {
		t.Fatalf("task not taken: %q", doc.Find(".page-sub").Text())
	}
	if doc.Find("summary.why").Length() == 0 && doc.Find(".kv").Length() == 0 {
		t.Fatal("task page lacks details")
	}
	doc, _ = b.submit(taskPath+"/comment", url.Values{"body": {""}}, http.StatusUnprocessableEntity)
	if doc.Find(".error-summary").Length() == 0 {
		t.Fatal("empty comment accepted")
	}
	b.submit(taskPath+"/comment", url.Values{"body": {"Called the new hire; documents on Monday."}}, http.StatusSeeOther)
	b.submit(taskPath+"/status", url.Values{"status": {"done"}}, http.StatusSeeOther)
	doc = b.page(taskPath, http.StatusOK)
	if !strings.Contains(doc.Text(), "documents on Monday") || !strings.Contains(doc.Text(), "Reopen") {
		t.Fatal("comment or done state missing")
	}
	// The manager's home shows the team workload.
	m := e.login("manager@example.com").page("/", http.StatusOK)
	if !strings.Contains(m.Text(), "Team workload") {
		t.Fatal("no workload on the oversight home")
	}
	for _, who := range []string{"employee@example.com", "lead@example.com", "admin@example.com"} {
		if res := e.login(who).get("/tasks"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET /tasks: %d", who, res.StatusCode)
		}
	}
}

// TestAskHR: an employee's question lands in the help-desk queue with an
// SLA due date; HR answers by comment; the employee sees the answer and
// nobody else's questions.
func TestAskHR(t *testing.T) {
	e := sqliteEnv(t)
	emp := e.api("employee@example.com")
	s, prob, _ := emp.do("POST", "/api/v1/inquiries", map[string]any{"topic": "pay", "subject": "", "question": "x"})
	if s != 422 || fieldsOf(prob)["subject"] == "" {
		t.Fatalf("empty subject: %d %v", s, prob)
	}
	s, q, _ := emp.do("POST", "/api/v1/inquiries", map[string]any{"topic": "pay", "subject": "Overtime missing", "question": "My stub shows 6 OT hours; I worked 9."})
	if s != 201 || q["queue"] != "HR help desk" || q["due_on"] == nil {
		t.Fatalf("ask: %d %v", s, q)
	}
	// Two business days from Monday 2026-11-02 is Wednesday 2026-11-04.
	if q["due_on"] != "2026-11-04" {
		t.Fatalf("SLA due date %v", q["due_on"])
	}
	id := itoa(num(q, "id"))
	gen := e.api("generalist@example.com")
	if s, _, _ := gen.do("PATCH", "/api/v1/tasks/"+id, map[string]any{"claim": true, "comment": "Payroll will correct it on the next run.", "status": "done"}); s != 200 {
		t.Fatalf("HR answer: %d", s)
	}
	_, got, _ := emp.do("GET", "/api/v1/inquiries/"+id, nil)
	if got["status"] != "done" || !strings.Contains(toJSON(got["comments"]), "next run") {
		t.Fatalf("employee does not see the answer: %v", got)
	}
	if s, got, _ := emp.do("POST", "/api/v1/inquiries/"+id+"/replies", map[string]any{"body": "It is still wrong."}); s != 201 || got["status"] != "open" {
		t.Fatalf("follow-up does not reopen: %d %v", s, got)
	}
	if s, _, _ := e.api("lead@example.com").do("GET", "/api/v1/inquiries/"+id, nil); s != 404 {
		t.Fatalf("someone else read the question: %d", s)
	}
	if s, _, _ := e.api("admin@example.com").do("POST", "/api/v1/inquiries", map[string]any{"topic": "pay", "subject": "x", "question": "y"}); s != 403 {
		t.Fatalf("a non-employee asked: %d", s)
	}
	// The UI: ask, then see the thread.
	b := e.login("employee@example.com")
	doc, _ := b.submit("/help", url.Values{"topic": {""}, "subject": {"Dental plan"}, "question": {"Does it cover implants?"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-topic-error").Length() == 0 {
		t.Fatal("no topic error")
	}
	_, res := b.submit("/help", url.Values{"topic": {"benefits"}, "subject": {"Dental plan"}, "question": {"Does it cover implants?"}}, http.StatusSeeOther)
	doc = b.page(res.Header.Get("Location"), http.StatusOK)
	if !strings.Contains(doc.Text(), "Does it cover implants?") {
		t.Fatal("question thread missing")
	}
}

// TestNotificationsFollowEvents: a termination request notifies the HR
// managers who may decide it, the decision notifies the requester, an
// assignment notifies the new owner, an answer notifies the asker.
func TestNotificationsFollowEvents(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	mgr := e.api("manager@example.com")
	emp := e.actorOf("employee@example.com").EmployeeID
	unread := func(c *apiClient) []any {
		_, l, _ := c.do("GET", "/api/v1/notifications?unread=true", nil)
		return l["items"].([]any)
	}
	before := len(unread(mgr))
	s, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "resignation", "voluntary": true})
	if s != 201 {
		t.Fatalf("request: %d %v", s, ap)
	}
	after := unread(mgr)
	if len(after) != before+1 || !strings.Contains(toJSON(after[0]), "Decision needed") {
		t.Fatalf("manager not notified: %v", after)
	}
	genBefore := len(unread(gen))
	if s, _, _ := mgr.do("POST", "/api/v1/approvals/"+itoa(num(ap, "id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 {
		t.Fatalf("decide: %d", s)
	}
	if got := unread(gen); len(got) != genBefore+1 || !strings.Contains(toJSON(got[0]), "Approved") {
		t.Fatalf("requester not notified: %v", got)
	}
	// The bell shows the count; marking all read clears it.
	b := e.login("generalist@example.com")
	if c := b.page("/", http.StatusOK).Find(".bell-count").Text(); c == "" {
		t.Fatal("no unread count on the bell")
	}
	b.submit("/notifications/all/read", url.Values{}, http.StatusSeeOther)
	if c := b.page("/", http.StatusOK).Find(".bell-count").Length(); c != 0 {
		t.Fatal("bell still shows unread after marking all read")
	}
	// Nobody is notified of what they did themselves.
	mgrUnread := len(unread(mgr))
	s, tk, _ := mgr.do("POST", "/api/v1/tasks", map[string]any{"title": "Call the benefits broker"})
	if s != 201 || len(unread(mgr)) != mgrUnread {
		t.Fatalf("create: %d %v", s, tk)
	}
	genUser := e.actorOf("generalist@example.com").UserID
	mgr.do("PATCH", "/api/v1/tasks/"+itoa(num(tk, "id")), map[string]any{"owner_user_id": genUser})
	if got := unread(gen); len(got) != 1 || !strings.Contains(toJSON(got[0]), "assigned you") {
		t.Fatalf("assignee not notified: %v", got)
	}
}

func TestDeactivatedUsersTasksReturnToQueues(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	_, mine, _ := gen.do("GET", "/api/v1/tasks", nil)
	if len(mine["items"].([]any)) == 0 {
		t.Fatal("the demo generalist has no tasks")
	}
	s, own, _ := gen.do("POST", "/api/v1/tasks", map[string]any{"title": "Follow up with payroll"})
	if s != 201 {
		t.Fatal(s)
	}
	adminB := e.login("admin@example.com")
	adminB.submit("/admin/users/"+itoa(e.actorOf("generalist@example.com").UserID)+"/active", url.Values{"active": {"0"}}, http.StatusSeeOther)
	_, left, _ := e.api("manager@example.com").do("GET", "/api/v1/tasks?owner="+itoa(e.actorOf("generalist@example.com").UserID), nil)
	if n := len(left["items"].([]any)); n != 0 {
		t.Fatalf("%d tasks still assigned to a deactivated user", n)
	}
	_, q, _ := e.api("manager@example.com").do("GET", "/api/v1/tasks?owner=queue", nil)
	if !strings.Contains(toJSON(q), "Follow up with payroll") {
		t.Fatalf("a personal task was not moved to a queue: %v", own)
	}
}

func TestSLATrendCountsOnTimeAndLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { testSLATrend(t, newEnv(t, db)) })
}

func testSLATrend(t *testing.T, e *env) {
	mgr := e.api("manager@example.com")
	last := func() (done, onTime float64) {
		t.Helper()
		s, out, _ := mgr.do("GET", "/api/v1/work/sla-trend?weeks=4", nil)
		items, _ := out["items"].([]any)
		if s != 200 || len(items) != 4 {
			t.Fatalf("sla-trend: %d %v", s, out)
		}
		w := items[3].(map[string]any)
		return w["done"].(float64), w["on_time"].(float64)
	}
	done0, onTime0 := last()
	for _, due := range []string{testToday.AddDays(-10).String(), testToday.AddDays(10).String()} {
		s, tk, _ := mgr.do("POST", "/api/v1/tasks", map[string]any{"title": "Check file due " + due, "due_on": due})
		if s != 201 {
			t.Fatalf("create: %d %v", s, tk)
		}
		id := itoa(int64(tk["id"].(float64)))
		if s, tk, _ := mgr.do("PATCH", "/api/v1/tasks/"+id, map[string]any{"status": "done"}); s != 200 {
			t.Fatalf("done: %d %v", s, tk)
		}
	}
	done1, onTime1 := last()
	if done1-done0 != 2 || onTime1-onTime0 != 1 {
		t.Fatalf("this week went from %v done (%v on time) to %v (%v); want +2 done, +1 on time", done0, onTime0, done1, onTime1)
	}
	if s, _, _ := mgr.do("GET", "/api/v1/work/sla-trend?weeks=0", nil); s != 422 {
		t.Fatalf("weeks=0: %d", s)
	}
	if s, _, _ := e.api("generalist@example.com").do("GET", "/api/v1/work/sla-trend", nil); s != 403 {
		t.Fatalf("generalist read the SLA trend: %d", s)
	}
	home := e.login("manager@example.com").page("/", http.StatusOK)
	if home.Find(`canvas[data-chart="sla-trend"]`).Length() != 1 || home.Find(`script[src*="chart.umd"]`).Length() != 1 {
		t.Fatal("oversight home has no SLA chart")
	}
	if !strings.Contains(home.Find("script#sla-trend").Text(), `"On time"`) {
		t.Fatalf("chart data: %s", home.Find("script#sla-trend").Text())
	}
	if home.Find("details.chart-table tbody tr").Length() != 12 {
		t.Fatal("SLA data table should list 12 weeks")
	}
}

// TestMyWorkShowsTheFirstTasksAndTotals: the home page shows the 25 tasks
// due soonest with the true totals and a link to the rest.
func TestMyWorkShowsTheFirstTasksAndTotals(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	for i := range 30 {
		due := testToday.AddDays(i - 3).String()
		if s, out, _ := gen.do("POST", "/api/v1/tasks", map[string]any{"title": "Filing " + itoa(int64(i)), "due_on": due}); s != 201 {
			t.Fatalf("create: %d %v", s, out)
		}
	}
	_, mine, _ := gen.do("GET", "/api/v1/tasks?limit=500", nil)
	total := len(mine["items"].([]any))
	overdue := 0
	for _, it := range mine["items"].([]any) {
		if d, _ := it.(map[string]any)["due_on"].(string); d != "" && d < testToday.String() {
			overdue++
		}
	}
	home := e.login("generalist@example.com").page("/", http.StatusOK)
	head := home.Find("section.card h2").First().Text()
	if want := "(" + itoa(int64(total)) + ", " + itoa(int64(overdue)) + " overdue)"; !strings.Contains(head, want) {
		t.Fatalf("heading %q, want %q", head, want)
	}
	if n := home.Find(`table.table`).First().Find("tbody tr").Length(); n != 25 {
		t.Fatalf("%d rows, want 25", n)
	}
	if !strings.Contains(home.Text(), "See all my tasks") {
		t.Fatal("no link to the rest")
	}
}

// TestWorkloadCounts: the team workload counts one generalist's tasks in
// the database as the page shows them: open, overdue, due this week, the
// average age of the open ones, and the share done on time in 30 days.
func TestWorkloadCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id, err := e.svc.Access.CreateUser(ctx, e.actorOf("admin@example.com"), access.UserInput{Email: "temp.generalist@example.com", Name: "Temp Generalist", Password: "long enough password",
			Grants: []access.Grant{{Role: access.RoleGeneralist}}})
		if err != nil {
			t.Fatal(err)
		}
		mgr := e.api("manager@example.com")
		var created []time.Time
		add := func(due string, done bool) {
			t.Helper()
			body := map[string]any{"title": "Workload check " + due, "owner_user_id": id}
			if due != "" {
				body["due_on"] = due
			}
			s, tk, _ := mgr.do("POST", "/api/v1/tasks", body)
			if s != 201 {
				t.Fatalf("create: %d %v", s, tk)
			}
			if done {
				if s, r, _ := mgr.do("PATCH", "/api/v1/tasks/"+itoa(num64(tk["id"])), map[string]any{"status": "done"}); s != 200 {
					t.Fatalf("done: %d %v", s, r)
				}
				return
			}
			_, got, _ := mgr.do("GET", "/api/v1/tasks/"+itoa(num64(tk["id"])), nil)
			at, err := time.Parse(time.RFC3339Nano, fmt.Sprint(got["created_at"]))
			if err != nil {
				t.Fatalf("created_at: %v in %v", err, got)
			}
			created = append(created, at)
		}
		day := func(n int) string { return testToday.AddDays(n).String() }
		add(day(-3), false)
		add(day(2), false)
		add(day(20), false)
		add("", false)
		add(day(-5), true)
		add(day(5), true)
		_, wl, _ := mgr.do("GET", "/api/v1/work/workload", nil)
		var mine map[string]any
		for _, x := range wl["items"].([]any) {
			if x := x.(map[string]any); num64(x["user_id"]) == id {
				mine = x
			}
		}
		if mine == nil {
			t.Fatalf("no workload row for the new generalist: %v", wl)
		}
		var age float64
		for _, c := range created {
			age += testToday.Time().Sub(c).Hours() / 24
		}
		age /= float64(len(created))
		if num64(mine["open"]) != 4 || num64(mine["overdue"]) != 1 || num64(mine["due_this_week"]) != 1 || num64(mine["done_last_30_days"]) != 2 || mine["sla_met_pct"] != 50.0 {
			t.Errorf("workload: %v", mine)
		}
		if got := mine["average_age_days"].(float64); got < age-0.001 || got > age+0.001 {
			t.Errorf("average age %v, want %v", got, age)
		}
	})
}
