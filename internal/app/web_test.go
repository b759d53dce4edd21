package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

func TestHealthAndMetrics(t *testing.T) {
	e := sqliteEnv(t)
	b := e.client()
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		res := b.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		res.Body.Close()
		_ = want
	}
	b.get("/login").Body.Close()
	res := b.get("/metrics")
	defer res.Body.Close()
	buf := new(strings.Builder)
	_, _ = ioCopy(buf, res)
	if !strings.Contains(buf.String(), "cadre_http_requests_total") {
		t.Fatal("metrics lack the request counter")
	}
}

func TestEveryDemoRoleLandsOnItsHome(t *testing.T) {
	e := sqliteEnv(t)
	cases := []struct{ email, title string }{
		{"admin@example.com", "Administration"},
		{"director@example.com", "Oversight"},
		{"manager@example.com", "Oversight"},
		{"generalist@example.com", "My work"},
		{"lead@example.com", "My team"},
		{"employee@example.com", "Me"},
	}
	for _, c := range cases {
		t.Run(c.email, func(t *testing.T) {
			b := e.login(c.email)
			doc := b.page("/", http.StatusOK)
			if got := doc.Find(".page-sub").First().Text(); !strings.HasPrefix(got, c.title) {
				t.Fatalf("home subtitle %q, want %q", got, c.title)
			}
			nav := doc.Find(".nav").Text()
			if c.email == "admin@example.com" && strings.Contains(nav, "People") {
				t.Fatal("admin without an HR grant sees People")
			}
			if c.email == "lead@example.com" && doc.Find(".list li").Length() < 5 {
				t.Fatal("lead's home does not list the team")
			}
		})
	}
}

func TestSignInFailuresAndLockout(t *testing.T) {
	e := sqliteEnv(t)
	b := e.client()
	for i := 0; i < access.LockoutFailures; i++ {
		doc, _ := b.submit("/login", url.Values{"email": {"employee@example.com"}, "password": {"wrong-password"}}, http.StatusUnauthorized)
		if !strings.Contains(doc.Find(".error-summary").Text(), "not right") {
			t.Fatal("no sign-in error shown")
		}
	}
	doc, _ := b.submit("/login", url.Values{"email": {"employee@example.com"}, "password": {"cadre-demo"}}, http.StatusTooManyRequests)
	if !strings.Contains(doc.Find(".error-summary").Text(), "locked") {
		t.Fatal("locked account signed in")
	}
	// Pages need a session.
	res := e.client().get("/people")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous /people: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestDirectoryProfileAndOrgChart(t *testing.T) {
	e := sqliteEnv(t)
	emp := e.actorOf("employee@example.com")
	b := e.login("employee@example.com")
	doc := b.page("/people", http.StatusOK)
	if n := doc.Find("table.table tbody tr").Length(); n == 0 || n > 50 {
		t.Fatalf("directory rows: %d", n)
	}
	me, _ := e.svc.People.GetProfile(context.Background(), emp, emp.EmployeeID)
	q := strings.ToLower(me.Employee.FamilyName)
	doc = b.page("/people?q="+url.QueryEscape(q), http.StatusOK)
	if !strings.Contains(doc.Find("table").Text(), me.Employee.Name()) {
		t.Fatalf("search %q did not find %s", q, me.Employee.Name())
	}
	// Own profile: pay tab visible; a colleague's: not.
	doc = b.page("/people/"+itoa(emp.EmployeeID)+"?tab=pay", http.StatusOK)
	if !strings.Contains(doc.Find(".tabs").Text(), "Pay") || doc.Find(".confidential").Length() == 0 {
		t.Fatal("employee cannot see own pay")
	}
	doc = b.page("/people/"+itoa(me.Employee.ManagerID)+"?tab=pay", http.StatusOK)
	if strings.Contains(doc.Find(".tabs").Text(), "Pay") || strings.Contains(doc.Text(), "Compa-ratio") {
		t.Fatal("employee sees the manager's pay")
	}
	doc = b.page("/org-chart", http.StatusOK)
	if doc.Find(".orgchart .org-node").Length() == 0 {
		t.Fatal("org chart is empty")
	}
	b.page("/org-chart?root="+itoa(me.Employee.ManagerID), http.StatusOK)
	// Employees cannot reach HR-only pages.
	for _, p := range []string{"/people/new", "/people/import", "/approvals", "/audit", "/admin/users", "/org"} {
		if res := b.get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("employee GET %s: %d, want 403", p, res.StatusCode)
		}
	}
}

func TestHireFormShowsFieldErrorsThenHires(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	form := b.page("/people/new", http.StatusOK)
	org, _ := form.Find(`#f-org-unit-id option`).Eq(2).Attr("value")
	loc, _ := form.Find(`#f-location-id option`).Eq(1).Attr("value")
	job, _ := form.Find(`#f-job-id option`).Eq(1).Attr("value")
	v := url.Values{"given_name": {"<script>alert(1)</script>"}, "family_name": {""}, "work_email": {"employee@example.com"},
		"hire_date": {"2026-13-40"}, "org_unit_id": {org}, "location_id": {loc}, "job_id": {job}, "employment_type": {"full_time"},
		"weekly_hours": {"40"}, "pay_amount": {"abc"}, "pay_per": {"year"}, "currency": {"USD"}}
	doc, _ := b.submit("/people/new", v, http.StatusUnprocessableEntity)
	for _, id := range []string{"f-family-name-error", "f-hire-date-error", "f-pay-amount-error"} {
		if doc.Find("#"+id).Length() == 0 {
			t.Errorf("no error shown for %s", id)
		}
	}
	if doc.Find(".error-summary").Length() == 0 {
		t.Error("no error summary")
	}
	if val, _ := doc.Find("#f-given-name").Attr("value"); val != "<script>alert(1)</script>" {
		t.Errorf("input lost: %q", val)
	}
	// Fix the errors (the duplicate email is reported by the domain).
	v.Set("family_name", "O'Brien; DROP TABLE employees;--")
	v.Set("hire_date", "2026-11-09")
	v.Set("pay_amount", "72000")
	doc, _ = b.submit("/people/new", v, http.StatusUnprocessableEntity)
	if !strings.Contains(doc.Find("#f-work-email-error").Text(), "already uses") {
		t.Fatal("duplicate email not reported on the field")
	}
	v.Set("work_email", "new.hire@northwind.example")
	_, res := b.submit("/people/new", v, http.StatusSeeOther)
	loc2 := res.Header.Get("Location")
	doc = b.page(loc2, http.StatusOK)
	if h := doc.Find("h1").First().Text(); !strings.Contains(h, "<script>") || !strings.Contains(h, "DROP TABLE") {
		t.Fatalf("hired name not shown escaped: %q", h)
	}
	if doc.Find("script:contains('alert(1)')").Length() != 0 {
		t.Fatal("injected script rendered as a script element")
	}
}

func TestTerminationRequestIsDecidedByAManager(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	emp := e.actorOf("employee@example.com")
	doc, _ := gen.submit("/people/"+itoa(emp.EmployeeID)+"/terminate", url.Values{"last_day": {""}, "reason": {"resignation"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-last-day-error").Length() == 0 || doc.Find("#f-voluntary .error").Length() == 0 {
		t.Fatal("missing field errors on the termination form")
	}
	gen.submit("/people/"+itoa(emp.EmployeeID)+"/terminate", url.Values{"last_day": {"2026-11-30"}, "reason": {"resignation"}, "voluntary": {"yes"}}, http.StatusSeeOther)
	// The generalist cannot decide; the manager can.
	list, err := e.svc.Work.List(context.Background(), e.actorOf("manager@example.com"), "pending")
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, ap := range list {
		if ap.ObjectID == emp.EmployeeID {
			id = ap.ID
		}
	}
	if id == 0 {
		t.Fatal("termination request not listed for the manager")
	}
	gen.submit("/approvals/"+itoa(id)+"/decide", url.Values{"decision": {"approve"}}, http.StatusForbidden)
	ap, _ := e.svc.Work.Get(context.Background(), e.actorOf("manager@example.com"), id)
	if ap.Status != "pending" {
		t.Fatal("the generalist decided a termination")
	}
	mgr := e.login("manager@example.com")
	page := mgr.page("/approvals", http.StatusOK)
	if page.Find("#a"+itoa(id)+" button[value=approve]").Length() == 0 {
		t.Fatal("manager sees no approve button")
	}
	mgr.submit("/approvals/"+itoa(id)+"/decide", url.Values{"decision": {"approve"}, "comment": {"Confirmed with the lead."}}, http.StatusSeeOther)
	ap, _ = e.svc.Work.Get(context.Background(), e.actorOf("manager@example.com"), id)
	if ap.Status != "approved" {
		t.Fatalf("status %s after approval", ap.Status)
	}
	prof, _ := e.svc.People.GetProfile(context.Background(), e.actorOf("manager@example.com"), emp.EmployeeID)
	if prof.Employee.TerminationDate.String() != "2026-11-30" {
		t.Fatalf("last day not set: %v", prof.Employee.TerminationDate)
	}
}

func TestCSRFIsRequired(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	emp := e.actorOf("employee@example.com")
	res := b.post("/people/"+itoa(emp.EmployeeID)+"/contacts", url.Values{"_csrf": {"forged"}, "name": {"X"}, "relationship": {"y"}, "phone": {"1"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged CSRF token: %d", res.StatusCode)
	}
}

// TestMutatingRoutesForbiddenPerRole tries every mutating page as each role
// that must not pass it.
func TestMutatingRoutesForbiddenPerRole(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	emp := e.actorOf("employee@example.com")
	colleague := e.actorOf("lead@example.com").EmployeeID
	approvals, _ := e.svc.Work.List(ctx, e.actorOf("director@example.com"), "pending")
	apID := int64(1)
	// A request that waits on HR (time off waits on the line manager by
	// name, who may decide it).
	for _, ap := range approvals {
		if ap.Kind != "time_off" {
			apID = ap.ID
			break
		}
	}
	target := itoa(colleague)
	routes := []struct {
		path    string
		form    url.Values
		allowed map[string]bool
	}{
		{"/people/new", url.Values{"given_name": {"A"}}, roles("generalist", "manager", "director")},
		{"/people/" + target + "/job", url.Values{"reason": {"transfer"}}, roles("generalist", "manager", "director")},
		{"/people/" + target + "/pay", url.Values{"reason": {"merit"}}, roles("generalist", "manager", "director")},
		{"/people/" + target + "/terminate", url.Values{"reason": {"resignation"}}, roles("generalist", "manager", "director")},
		{"/people/" + target + "/edit", url.Values{"given_name": {"A"}}, roles("generalist", "manager", "director", "lead")},
		{"/people/" + target + "/contacts", url.Values{"name": {"A"}}, roles("generalist", "manager", "director", "lead")},
		{"/people/" + target + "/sensitive", url.Values{}, roles("generalist", "manager", "director")},
		{"/org/units", url.Values{"name": {"X"}}, roles("manager", "director", "admin")},
		{"/org/jobs", url.Values{"title": {"X"}}, roles("manager", "director")},
		{"/org/grades", url.Values{"name": {"X"}}, roles("manager", "director")},
		{"/approvals/" + itoa(apID) + "/decide", url.Values{"decision": {"approve"}}, roles("manager", "director")},
		{"/admin/users", url.Values{"email": {"x@example.com"}}, roles("admin")},
		{"/tasks/new", url.Values{"title": {"X"}, "queue": {"me"}}, roles("generalist", "manager", "director")},
		{"/settings/approvals/termination", url.Values{"steps[0].approvers": {"hr_manager"}}, roles("director", "admin")},
		{"/settings/approvals/termination/reset", url.Values{}, roles("director", "admin")},
		{"/settings/delegation", url.Values{"delegate_user_id": {"1"}}, roles("manager", "director", "lead")},
		{"/settings/company", url.Values{"business_calendar": {"US_FED"}}, roles("manager", "director")},
		{"/hiring/requisitions/new", url.Values{"title": {"X"}}, roles("generalist", "manager", "director")},
		{"/hiring/plan", url.Values{"headcount": {"1"}}, roles("manager", "director")},
		{"/hiring/requisitions/1/submit", url.Values{}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/status", url.Values{"status": {"on_hold"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/edit", url.Values{"title": {"X"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/posting", url.Values{"description": {"X"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/posting/status", url.Values{"posting_id": {"1"}, "status": {"published"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/requirements", url.Values{"requirements": {"x"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/applications/bulk", url.Values{"ids": {"1"}, "action": {"move"}, "to_stage": {"screen"}}, roles("generalist", "manager", "director")},
		{"/hiring/applications/1/move", url.Values{"to_stage": {"screen"}}, roles("generalist", "manager", "director")},
		{"/hiring/applications/1/reject", url.Values{"reason": {"other"}}, roles("generalist", "manager", "director")},
		{"/hiring/applications/1/offer", url.Values{"pay_amount": {"1"}}, roles("generalist", "manager", "director")},
		{"/hiring/applications/1/interviews", url.Values{"start": {"2026-11-03T10:00"}}, roles("generalist", "manager", "director")},
		{"/hiring/costs", url.Values{"month": {"2026-10"}, "category": {"advertising"}, "amount": {"10"}}, roles("manager", "director")},
		{"/hiring/costs/1/delete", url.Values{}, roles("manager", "director")},
		{"/settings/recruiting/pipelines/new", url.Values{"name": {"X"}}, roles("manager", "director")},
		{"/settings/recruiting/pipelines/1", url.Values{"name": {"X"}}, roles("manager", "director")},
		{"/settings/recruiting/pipelines/2/delete", url.Values{}, roles("manager", "director")},
		{"/hiring/requisitions/1/pipeline", url.Values{"stage_template_id": {"1"}}, roles("generalist", "manager", "director")},
		{"/settings/recruiting/careers", url.Values{"company_name": {"X"}}, roles("manager", "director")},
		{"/settings/recruiting/emails/rejection", url.Values{"subject": {"X"}, "body": {"Y"}}, roles("manager", "director")},
		{"/settings/recruiting/questions/new", url.Values{"name": {"X"}}, roles("manager", "director")},
		{"/settings/recruiting/questions/1", url.Values{"name": {"X"}}, roles("manager", "director")},
		{"/settings/recruiting/questions/2/delete", url.Values{}, roles("manager", "director")},
		{"/settings/recruiting/retention", url.Values{"retention_months": {"24"}}, roles("manager", "director")},
		{"/settings/recruiting/retention/purge", url.Values{}, roles("manager", "director")},
		{"/hiring/candidates/1/hold", url.Values{"on": {"1"}, "reason": {"X"}}, roles("manager", "director")},
		{"/hiring/candidates/1/erasure", url.Values{}, roles("manager", "director")},
		{"/hiring/requisitions/1/candidates/new", url.Values{"given_name": {"X"}}, roles("generalist", "manager", "director")},
		{"/hiring/requisitions/1/candidates/import", url.Values{}, roles("generalist", "manager", "director")},
		{"/settings/closures", url.Values{"date": {"2026-12-31"}, "name": {"X"}}, roles("manager", "director")},
		{"/hiring/job-descriptions/1", url.Values{"body_md": {"X"}}, roles("generalist", "manager", "director")},
		{"/hiring/applications/1/phone-screen", url.Values{"summary": {"X"}}, roles("generalist", "manager", "director")},
		{"/settings/recruiting/phone-screen", url.Values{"prompts[0]": {"X"}}, roles("manager", "director")},
		{"/hiring/requisitions/1/interview-plan", url.Values{"rounds[0].name": {"X"}}, roles("generalist", "manager", "director")},
		{"/settings/recruiting/sla", url.Values{"sla_days": {"3"}}, roles("manager", "director")},
	}
	_ = emp
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		b := e.login(who + "@example.com")
		for _, r := range routes {
			if r.allowed[who] {
				continue
			}
			v := url.Values{}
			for k, x := range r.form {
				v[k] = x
			}
			res := b.post(r.path, v)
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST %s: status %d, want 403/404", who, r.path, res.StatusCode)
			}
		}
	}
}

func roles(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func TestWebOnPostgres(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := e.login("generalist@example.com")
		doc := b.page("/people?q=a", http.StatusOK)
		if doc.Find("table.table tbody tr").Length() == 0 {
			t.Fatal("directory search found nobody")
		}
		emp := e.actorOf("employee@example.com")
		b.page("/people/"+itoa(emp.EmployeeID)+"?tab=history", http.StatusOK)
		b.page("/people/"+itoa(emp.EmployeeID)+"?tab=pay", http.StatusOK)
		d := e.login("director@example.com").page("/audit?verify=1", http.StatusOK)
		if !strings.Contains(d.Text(), "The chain is intact") {
			t.Fatal("audit chain not verified intact")
		}
		_, err := e.svc.People.ChangePay(context.Background(), e.actorOf("generalist@example.com"), emp.EmployeeID, people.PayChangeInput{EffectiveFrom: testToday, Reason: "market_adjustment", Pay: people.Pay{AmountCents: 5555500, Per: "year", Currency: "USD"}})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestRehireThroughUIAndAPI(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	dir := e.actorOf("director@example.com")
	page, err := e.svc.People.Directory(ctx, dir, people.DirectoryFilter{Status: "terminated", Limit: 2})
	if err != nil || len(page.Items) < 2 {
		t.Fatalf("need two former employees: %v", err)
	}
	first, second := page.Items[0], page.Items[1]
	b := e.login("generalist@example.com")
	form := b.page("/people/"+itoa(first.ID)+"/rehire", http.StatusOK)
	v := url.Values{"hire_date": {"2020-01-01"}}
	for _, k := range []string{"org_unit_id", "location_id", "job_id"} {
		val, _ := form.Find("#f-" + strings.ReplaceAll(k, "_", "-") + " option[selected]").Attr("value")
		v.Set(k, val)
	}
	v.Set("employment_type", "full_time")
	v.Set("weekly_hours", "40")
	v.Set("pay_per", "year")
	v.Set("currency", "USD")
	v.Set("pay_amount", "61000")
	doc, _ := b.submit("/people/"+itoa(first.ID)+"/rehire", v, http.StatusUnprocessableEntity)
	if doc.Find("#f-hire-date-error").Length() == 0 {
		t.Fatal("a rehire date before the last day was accepted")
	}
	v.Set("hire_date", "2026-11-09")
	b.submit("/people/"+itoa(first.ID)+"/rehire", v, http.StatusSeeOther)
	prof, _ := e.svc.People.GetHistory(ctx, dir, first.ID)
	if len(prof.Periods) < 2 || prof.Periods[0].Start.String() != "2026-11-09" {
		t.Fatalf("periods after rehire: %+v", prof.Periods)
	}
	gen := e.api("generalist@example.com")
	body := map[string]any{"hire_date": "2026-11-16", "org_unit_id": second.OrgUnitID, "location_id": second.LocationID, "job_id": second.JobID,
		"pay": map[string]any{"amount_cents": 2000, "per": "hour"}, "break_reason": "userra", "employment_type": "part_time", "weekly_hours": 24}
	if s, out, _ := gen.do("POST", "/api/v1/employees/"+itoa(second.ID)+"/rehires", body); s != 201 || out["hire_date"] != "2026-11-16" {
		t.Fatalf("API rehire: %d %v", s, out)
	}
	if s, _, _ := e.api("employee@example.com").do("POST", "/api/v1/employees/"+itoa(second.ID)+"/rehires", body); s != 403 {
		t.Fatalf("employee rehired someone: %d", s)
	}
}

func TestSensitiveDetailsRecordRevealAudit(t *testing.T) {
	e := sqliteEnv(t)
	emp := itoa(e.actorOf("employee@example.com").EmployeeID)
	b := e.login("generalist@example.com")
	doc, _ := b.submit("/people/"+emp+"/sensitive/edit", url.Values{"ssn": {"000-12-3456"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-ssn-error").Length() == 0 {
		t.Fatal("invalid SSN accepted")
	}
	b.submit("/people/"+emp+"/sensitive/edit", url.Values{"ssn": {"123-45-6789"}, "bank": {"Frost Bank 114000093 / 55501234"}}, http.StatusSeeOther)
	doc = b.page("/people/"+emp+"?tab=personal", http.StatusOK)
	if strings.Contains(doc.Text(), "123-45-6789") || !strings.Contains(doc.Text(), "•••-••-6789") {
		t.Fatal("SSN shown before reveal, or masked form missing")
	}
	doc, _ = b.submit("/people/"+emp+"/sensitive", url.Values{}, http.StatusOK)
	if !strings.Contains(doc.Text(), "123-45-6789") {
		t.Fatal("reveal does not show the SSN")
	}
	gen := e.api("generalist@example.com")
	if s, v, _ := gen.do("GET", "/api/v1/employees/"+emp+"/sensitive", nil); s != 200 || v["ssn"] != "123-45-6789" || v["bank"] == nil {
		t.Fatalf("API reveal: %d %v", s, v)
	}
	if s, _, _ := e.api("lead@example.com").do("GET", "/api/v1/employees/"+emp+"/sensitive", nil); s != 403 {
		t.Fatalf("lead revealed a report's SSN: %d", s)
	}
	_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=employee.sensitive_view", nil)
	if len(audit["items"].([]any)) < 2 {
		t.Fatalf("reveals not audited: %v", audit)
	}
	if strings.Contains(toJSON(audit), "123-45") {
		t.Fatal("the audit trail holds the SSN")
	}
}

// TestAdminUsersPages: the administrator's users page reads a page of 50
// at a time by email with the grants in one query. Walking Next lists
// every user once; the search and the role filter find what they should;
// a scoped grant names its org unit; a bad filter or cursor is refused.
func TestAdminUsersPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		adm := e.login("admin@example.com")
		// Enough accounts for three pages, in an order that interleaves.
		admin := e.actorOf("admin@example.com")
		for i := range 90 {
			if _, err := e.svc.Access.CreateUser(ctx, admin, access.UserInput{Email: fmt.Sprintf("contractor%02d.%c@example.com", i, 'a'+i%26), Name: fmt.Sprintf("Contractor %02d", i), Password: "long enough password"}); err != nil {
				t.Fatal(err)
			}
		}
		want, _, err := db.Lookup(ctx, `SELECT count(*) FROM users`)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		path, pages, last := "/admin/users", 0, ""
		for ; path != "" && pages < 50; pages++ {
			d := adm.page(path, 200)
			rows := d.Find(`table caption:contains("Users")`).Parent().Find("tbody tr")
			if rows.Length() > 50 {
				t.Errorf("%s: %d rows", path, rows.Length())
			}
			rows.Each(func(_ int, r *goquery.Selection) {
				email := strings.TrimSpace(r.Find("td .muted").First().Text())
				if seen[email] || email <= last {
					t.Errorf("%q repeated or out of order after %q", email, last)
				}
				seen[email], last = true, email
			})
			if pages > 0 && d.Find(`.pager a:contains("First page")`).Length() == 0 {
				t.Errorf("%s: no way back to the first page", path)
			}
			if h := d.Find("#u-h").Text(); !strings.HasPrefix(h, want+" users") {
				t.Errorf("heading %q, want %s users", h, want)
			}
			path, _ = d.Find(`.pager a[rel="next"]`).Attr("href")
		}
		if fmt.Sprint(len(seen)) != want || pages != 3 {
			t.Errorf("walked %d users over %d pages, want %s", len(seen), pages, want)
		}
		// Search by part of a name, and by email.
		d := adm.page("/admin/users?q=priya", 200)
		if got := d.Find("tbody tr").Text(); !strings.Contains(got, "generalist@example.com") || d.Find("tbody tr").Length() != 1 {
			t.Errorf("searching priya: %q", got)
		}
		if n := adm.page("/admin/users?q=nobody-has-this%25", 200).Find("tbody tr").Length(); n != 0 {
			t.Errorf("a search matching no one lists %d (a %% must not match everything)", n)
		}
		// The role filter, and a scoped grant shows its org unit's name.
		d = adm.page("/admin/users?role=hr_generalist", 200)
		gens, _, _ := db.Lookup(ctx, `SELECT count(DISTINCT user_id) FROM grants WHERE role = 'hr_generalist'`)
		if fmt.Sprint(d.Find("tbody tr").Length()) != gens {
			t.Errorf("generalists: %d rows, want %s", d.Find("tbody tr").Length(), gens)
		}
		unit, _, _ := db.Lookup(ctx, `SELECT o.name FROM grants g JOIN users u ON u.id = g.user_id JOIN org_units o ON o.id = g.org_unit_id WHERE u.email = 'ops.generalist@example.com'`)
		row := d.Find(`tbody tr:contains("ops.generalist@example.com")`).Text()
		if unit == "" || !strings.Contains(row, unit) {
			t.Errorf("the scoped generalist's grant does not name %q: %q", unit, row)
		}
		// Deactivating someone from a filtered page returns to it.
		if back, _ := d.Find(`form[action$="/active"] input[name="back"]`).First().Attr("value"); back != "/admin/users?role=hr_generalist" {
			t.Errorf("activating returns to %q", back)
		}
		adm.page("/admin/users?role=employee", 422)
		adm.page("/admin/users?cursor=!!!", 422)
		e.login("generalist@example.com").page("/admin/users", 403)
	})
}

// TestApprovalsPages: the approvals list reaches every request in pages,
// newest first (it stopped at the newest 200 before): the API by
// next_cursor gives exactly the one-page listing, the page walks the same
// requests with "Older", and a bad cursor is refused.
func TestApprovalsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
		// Enough pending requests for two pages of the approvals page.
		_, emps, _ := gen.do("GET", "/api/v1/employees?limit=200", nil)
		made := 0
		for _, x := range emps["items"].([]any) {
			if made == 45 {
				break
			}
			id := num64(x.(map[string]any)["id"])
			if st, _, _ := gen.do("POST", "/api/v1/employees/"+itoa(id)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "resignation", "voluntary": true}); st == 201 {
				made++
			}
		}
		if made < 45 {
			t.Fatalf("made %d termination requests", made)
		}
		for _, status := range []string{"", "pending"} {
			st, all, _ := mgr.do("GET", "/api/v1/approvals?limit=500&status="+status, nil)
			if st != 200 || all["next_cursor"] != nil {
				t.Fatalf("one page: %d %v", st, all["next_cursor"])
			}
			ref := all["items"].([]any)
			if len(ref) < 15 {
				t.Fatalf("the demo has %d requests (%q): too few to page", len(ref), status)
			}
			var got []any
			cursor := ""
			for pages := 0; ; pages++ {
				q := "/api/v1/approvals?limit=7&status=" + status
				if cursor != "" {
					q += "&cursor=" + url.QueryEscape(cursor)
				}
				st, page, _ := mgr.do("GET", q, nil)
				if st != 200 || pages > 200 {
					t.Fatalf("page %d: %d %v", pages, st, page)
				}
				got = append(got, page["items"].([]any)...)
				next, _ := page["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = next
			}
			ids := func(xs []any) []int64 {
				var out []int64
				for _, x := range xs {
					out = append(out, num64(x.(map[string]any)["id"]))
				}
				return out
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(ref)) {
				t.Errorf("%q by cursor: %v, want %v", status, ids(got), ids(ref))
			}
			if status == "" {
				// The page: 50 at a time, "Older" to the end.
				b := e.login("manager@example.com")
				path, n := "/approvals?status=all", 0
				for pages := 0; path != "" && pages < 100; pages++ {
					d := b.page(path, 200)
					n += d.Find(`section.card[id^="a"]`).Length()
					if pages > 0 && d.Find(`.pager a:contains("Newest")`).Length() == 0 {
						t.Errorf("%s: no way back to the newest", path)
					}
					path, _ = d.Find(`.pager a[rel="next"]`).Attr("href")
				}
				if n != len(ref) || len(ref) <= 50 {
					t.Errorf("the pages show %d requests, want %d (more than a page)", n, len(ref))
				}
			}
		}
		if st, _, _ := mgr.do("GET", "/api/v1/approvals?cursor=nonsense", nil); st != 422 {
			t.Errorf("a bad cursor: %d", st)
		}
		// One request has its own page, where links from the home page,
		// the digest and notifications land, and a decision made there
		// returns there.
		_, oldest, _ := mgr.do("GET", "/api/v1/approvals?limit=500&status=pending", nil)
		items := oldest["items"].([]any)
		last := items[len(items)-1].(map[string]any)
		id := itoa(num64(last["id"]))
		b := e.login("manager@example.com")
		d := b.page("/approvals/"+id, 200)
		if d.Find(`section.card[id="a`+id+`"]`).Length() != 1 || d.Find(`section.card[id^="a"]`).Length() != 1 {
			t.Errorf("the request's page does not show it alone")
		}
		if back, _ := d.Find(`form[action="/approvals/` + id + `/decide"] input[name="back"]`).Attr("value"); back != "/approvals/"+id {
			t.Errorf("a decision there returns to %q", back)
		}
		e.login("employee@example.com").page("/approvals/"+id, 404)
		b.page("/approvals/999999", 404)
		// The HR manager's home lists the newest 10 they can decide, with
		// the way to the rest; the generalist's lists their own requests.
		home := b.page("/", 200)
		if n := home.Find(`.card:contains("Waiting on your decision") a[href^="/approvals/"]`).Length(); n != 10 {
			t.Errorf("the home lists %d requests waiting on the manager, want 10", n)
		}
		if home.Find(`a:contains("More waiting in Approvals")`).Length() == 0 {
			t.Error("no way from the home page to the other requests waiting")
		}
		if n := e.login("generalist@example.com").page("/", 200).Find(`.card:contains("Requests you submitted") li`).Length(); n < 45 {
			t.Errorf("the generalist's home lists %d of their 45 requests", n)
		}
	})
}
