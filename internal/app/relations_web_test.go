package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/relations"
)

// erCase opens a harassment case about employee@ (escalated to the
// Operations and Customer Support HR manager, the generalist assisting)
// and returns its id.
func (e *env) erCase(category string) int64 {
	e.t.Helper()
	in, err := e.svc.Relations.LogCase(context.Background(), e.actorOf("generalist@example.com"), relations.IntakeInput{Category: category,
		Title: "Remarks at the team huddle", Description: "Two colleagues reported remarks about a coworker's religion at the huddle.",
		SubjectIDs: []int64{e.empOf("employee@example.com")}})
	if err != nil {
		e.t.Fatal(err)
	}
	return in.ID
}

func TestERCaseThroughUI(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")

	// Bad input comes back with an error on each field and keeps the text.
	doc, res := gen.submit("/relations/cases/new", url.Values{"category": {"rumours"}, "description": {"Keep this text"}, "subject_emails": {"nobody@example.com"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"category", "title", "subject-emails"} {
		if doc.Find("#f-"+f+"-error").Length() == 0 {
			t.Errorf("no error on %s: %s", f, firstLines(doc.Find(".error-summary").Text(), 5))
		}
	}
	if doc.Find("#f-description").Text() != "Keep this text" {
		t.Error("the description was lost")
	}
	_ = res

	// A conflict case stays with the generalist who logged it.
	lead := e.actorOf("lead@example.com")
	res = gen.post("/relations/cases/new", url.Values{"category": {"conflict"}, "severity": {"low"}, "title": {"Shift swap dispute"},
		"description": {"Two agents disagree over weekend shift swaps."}, "subject_emails": {"employee@example.com"}, "witness_emails": {lead.Email}})
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/relations/cases/") {
		t.Fatalf("log case: %d %s", res.StatusCode, loc)
	}
	page := gen.page(loc, http.StatusOK)
	if !strings.Contains(page.Find(".confidential").Text(), "Confidential") || !strings.Contains(page.Find("h1").Text(), "Shift swap dispute") {
		t.Fatalf("case page: %s", firstLines(page.Text(), 10))
	}
	if !strings.Contains(page.Find("#h-team").Parent().Parent().Text(), "Priya Raman") {
		t.Error("the logging generalist does not own a low-risk case")
	}
	// Mediation notes, an agreed action as a private task, advice.
	res = gen.post(loc+"/entries", url.Values{"kind": {"meeting"}, "body": {"Met both agents; agreed a swap rota."}, "occurred_on": {testToday.String()}, "_section": {"record"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("entry: %d", res.StatusCode)
	}
	gen.submit(loc+"/entries", url.Values{"kind": {"meeting"}, "body": {""}}, http.StatusUnprocessableEntity)
	res = gen.post(loc+"/actions", url.Values{"action_title": {"Check the rota works"}, "due_on": {testToday.AddDays(14).String()}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("action: %d", res.StatusCode)
	}
	if d := gen.page(loc, http.StatusOK); !strings.Contains(d.Find("#actions").Text(), "Check the rota works") || !strings.Contains(d.Find("#record").Text(), "agreed a swap rota") {
		t.Errorf("the action or note is missing: %s", firstLines(d.Find("#actions").Text(), 4))
	}
	// The private task shows in the owner's task list, not in another
	// generalist's queue.
	if d := e.login("senior.generalist@example.com").page("/tasks", http.StatusOK); strings.Contains(d.Text(), "Check the rota works") {
		t.Error("another generalist sees the case's private task")
	}
	// Need-to-know: the subject's manager and other generalists get 404.
	for _, who := range []string{"lead@example.com", "support.generalist@example.com", "employee@example.com", "admin@example.com"} {
		r := e.login(who).get(loc)
		r.Body.Close()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s opens the case: %d", who, r.StatusCode)
		}
	}
	// Re-categorising it as harassment escalates it to an HR manager.
	res = gen.post(loc+"/edit", url.Values{"category": {"harassment"}, "severity": {"high"}, "title": {"Shift swap dispute"}, "description": {"It turned out to include slurs."}})
	res.Body.Close()
	if d := gen.page(loc, http.StatusOK); !strings.Contains(d.Find("#h-team").Parent().Parent().Text(), "Teresa Nguyen") || !strings.Contains(d.Text(), "Escalated") {
		t.Errorf("not escalated: %s", firstLines(d.Find("#team").Text(), 6))
	}
	// The HR manager sees the access log with the generalist's views.
	d := e.login("ops.manager@example.com").page(loc, http.StatusOK)
	if !strings.Contains(d.Find("#access-log").Text(), "Priya Raman") {
		t.Errorf("access log: %s", firstLines(d.Find("#access-log").Text(), 5))
	}
	// Relations settings: an HR manager sets routing and the ladder.
	mgr := e.login("manager@example.com")
	mgr.page("/settings/relations", http.StatusOK)
	doc, _ = mgr.submit("/settings/relations", url.Values{"escalate": {"harassment"}, "lookback_months": {"0"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-lookback-months-error").Length() == 0 || !strings.Contains(doc.Text(), "at least one step") {
		t.Errorf("settings errors: %s", firstLines(doc.Find(".error-summary").Text(), 4))
	}
	res = mgr.post("/settings/relations", url.Values{"escalate": {"harassment", "discrimination"}, "ladder": {"coaching", "written_warning", "final_warning"}, "lookback_months": {"18"},
		"policy_title_0": {"Respect at work"}, "policy_summary_0": {"Treat everyone with respect."}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", res.StatusCode)
	}
	set, _ := e.svc.Relations.Settings(context.Background(), e.actorOf("manager@example.com"))
	if len(set.Escalate) != 2 || set.Ladder.LookbackMonths != 18 || len(set.Policies) != 1 {
		t.Errorf("settings saved: %+v", set)
	}
}

func TestERSelfServiceAndDisciplineUI(t *testing.T) {
	e := sqliteEnv(t)
	me := e.login("employee@example.com")
	me.page("/me/concerns/new", http.StatusOK)
	res := me.post("/me/concerns/new", url.Values{"category": {"safety"}, "title": {"Blocked fire exit"}, "description": {"The east fire exit is blocked by pallets."}})
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/me/concerns/") {
		t.Fatalf("raise: %d %s", res.StatusCode, loc)
	}
	id := strings.TrimPrefix(loc, "/me/concerns/")
	// HR replies on the case; the reporter reads it and answers.
	mgr := e.login("ops.manager@example.com")
	res = mgr.post("/relations/cases/"+id+"/entries", url.Values{"kind": {"reply"}, "body": {"Thank you: the exit was cleared today."}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		d := mgr.page("/relations/cases/"+id, http.StatusOK)
		t.Fatalf("reply: %d %s", res.StatusCode, firstLines(d.Text(), 5))
	}
	d := me.page(loc, http.StatusOK)
	if !strings.Contains(d.Find(".thread").Text(), "the exit was cleared today") || strings.Contains(d.Text(), "Teresa") {
		t.Errorf("reporter view: %s", firstLines(d.Find(".thread").Text(), 6))
	}
	res = me.post(loc, url.Values{"body": {"It is blocked again on Fridays."}})
	res.Body.Close()
	if d := mgr.page("/relations/cases/"+id, http.StatusOK); !strings.Contains(d.Find("#record").Text(), "blocked again on Fridays") {
		t.Error("the reporter's message did not reach the case")
	}
	// Someone else cannot read the concern.
	if r := e.login("lead@example.com").get(loc); r.StatusCode != http.StatusNotFound {
		t.Errorf("another employee reads the concern: %d", r.StatusCode)
	}

	// Discipline: the generalist records a written warning; the employee
	// acknowledges it; the letter says so.
	taylor := e.empOf("employee@example.com")
	gen := e.login("generalist@example.com")
	gen.page("/relations/discipline/new?employee="+itoa(taylor), http.StatusOK)
	gen.submit("/relations/discipline/new", url.Values{"employee_id": {itoa(taylor)}, "level": {"pip"}, "summary": {"Missed targets"}}, http.StatusUnprocessableEntity)
	res = gen.post("/relations/discipline/new", url.Values{"employee_id": {itoa(taylor)}, "level": {"written_warning"}, "issued_on": {testToday.String()},
		"summary": {"Three late shift starts in October."}, "expectations": {"Start every shift on time."}})
	res.Body.Close()
	dloc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %d", res.StatusCode)
	}
	did := regexp.MustCompile(`\d+$`).FindString(dloc)
	if r := e.login("employee@example.com").post("/relations/discipline/"+did+"/suspension", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown action: %d", r.StatusCode)
	}
	me.submit("/relations/discipline/"+did+"/acknowledge", url.Values{"accept": {"0"}}, http.StatusUnprocessableEntity)
	res = me.post("/relations/discipline/"+did+"/acknowledge", url.Values{"accept": {"1"}})
	res.Body.Close()
	if d := me.page("/me/discipline/"+did, http.StatusOK); !strings.Contains(d.Text(), "Acknowledged") {
		t.Errorf("acknowledged: %s", firstLines(d.Text(), 5))
	}
	// The profile's discipline tab: the employee's line manager sees it.
	if d := e.login("lead@example.com").page("/people/"+itoa(taylor)+"?tab=discipline", http.StatusOK); !strings.Contains(d.Text(), "Written warning") {
		t.Errorf("the line manager's discipline tab: %s", firstLines(d.Find("main").Text(), 8))
	}
	// A generalist cannot suspend (an HR manager decides).
	gen.submit("/relations/discipline/new", url.Values{"employee_id": {itoa(taylor)}, "level": {"suspension"}, "summary": {"x"}, "from": {"2026-11-03"}, "to": {"2026-11-04"}}, http.StatusForbidden)
}

// TestAnonymousChannel reports without signing in, follows up with the
// code, and checks nothing identifying was stored.
func TestAnonymousChannel(t *testing.T) {
	e := sqliteEnv(t)
	anon := e.client()
	anon.page("/report", http.StatusOK)
	doc, _ := anon.submit("/report", url.Values{"category": {"ethics"}, "description": {"short"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-description-error").Length() == 0 {
		t.Error("no error for a too short report")
	}
	doc, _ = anon.submit("/report", url.Values{"category": {"ethics"}, "description": {"Expense reports in the warehouse are being padded with fake mileage."}}, http.StatusOK)
	code := strings.TrimSpace(doc.Find("#code").Text())
	if len(code) != 24 {
		t.Fatalf("no follow-up code: %q", firstLines(doc.Text(), 6))
	}
	ctx := context.Background()
	cases, err := e.svc.Relations.List(ctx, e.actorOf("director@example.com"), relations.CaseFilter{})
	if err != nil || len(cases) == 0 {
		t.Fatal(cases, err)
	}
	c := cases[0]
	if c.Channel != relations.ChannelAnonymous || c.ReporterUserID != 0 || !c.Escalated {
		t.Fatalf("anonymous case: %+v", c)
	}
	entries, _ := e.db.ListAudit(ctx, audit.Filter{ObjectType: "er_case", ObjectID: c.ID})
	for _, en := range entries {
		if en.Action == "er_case.open" && (en.ActorUserID != 0 || en.ActorLabel != "Anonymous reporter" || en.RequestID != "") {
			t.Errorf("the audit entry identifies the reporter: %+v", en)
		}
	}
	// HR replies; the reporter reads it by code and adds information.
	if _, err := e.svc.Relations.AddEntry(ctx, e.actorOf("manager@example.com"), c.ID, relations.EntryInput{Kind: "reply", Body: "Which cost centre?"}); err != nil {
		owner := c.OwnerName
		t.Fatalf("reply as %s: %v", owner, err)
	}
	anon.page("/report/follow-up", http.StatusOK)
	doc, _ = anon.submit("/report/follow-up", url.Values{"code": {"AAAA-BBBB-CCCC-DDDD-EEEE"}}, http.StatusNotFound)
	if doc.Find("#f-code-error").Length() == 0 {
		t.Error("a wrong code gives no error")
	}
	doc, _ = anon.submit("/report/follow-up", url.Values{"code": {strings.ToLower(code)}}, http.StatusOK)
	if !strings.Contains(doc.Find(".thread").Text(), "Which cost centre?") {
		t.Fatalf("follow-up: %s", firstLines(doc.Text(), 8))
	}
	doc, _ = anon.submit("/report/follow-up", url.Values{"code": {code}, "send": {"1"}, "body": {"Cost centre 4410, since August."}}, http.StatusOK)
	if !strings.Contains(doc.Find(".thread").Text(), "Cost centre 4410") {
		t.Errorf("message not shown: %s", firstLines(doc.Text(), 8))
	}
}

// TestERRoutesPerRole posts every ER form as each demo persona: the ones
// that may not get 403 or 404, the ones that may do not.
func TestERRoutesPerRole(t *testing.T) {
	e := sqliteEnv(t)
	caseID := e.erCase("harassment")
	id := itoa(caseID)
	taylor := itoa(e.empOf("employee@example.com"))
	// A witness named in an interview: removing them is refused (422) for
	// those who may work the case.
	ctx := context.Background()
	gena := e.actorOf("generalist@example.com")
	if err := e.svc.Relations.AddParty(ctx, gena, caseID, relations.PartyInput{Name: "A courier", Role: "witness"}); err != nil {
		t.Fatal(err)
	}
	d, _ := e.svc.Relations.Get(ctx, gena, caseID)
	witness := d.Parties[len(d.Parties)-1].ID
	if _, err := e.svc.Relations.AddEntry(ctx, gena, caseID, relations.EntryInput{Kind: "interview", PartyID: witness, Body: "Saw it."}); err != nil {
		t.Fatal(err)
	}
	c := "/relations/cases/" + id
	routes := []struct {
		path    string
		form    url.Values
		allowed map[string]bool
	}{
		{"/relations/cases/new", url.Values{"category": {"conflict"}}, roles("generalist", "manager", "director")},
		{c + "/edit", url.Values{"category": {"harassment"}}, roles("generalist", "manager", "director")},
		{c + "/entries", url.Values{"kind": {"note"}}, roles("generalist", "manager", "director")},
		{c + "/policies", url.Values{"policy_ids": {"99999"}}, roles("generalist", "manager", "director")},
		{c + "/parties", url.Values{"party_role": {"witness"}}, roles("generalist", "manager", "director")},
		{c + "/parties/" + itoa(witness) + "/remove", url.Values{}, roles("generalist", "manager", "director")},
		{c + "/team", url.Values{"member_role": {"investigator"}}, roles("manager", "director")},
		{c + "/owner", url.Values{"owner": {"1"}}, roles("manager", "director")},
		{c + "/restrict", url.Values{"on": {"0"}}, roles("manager", "director")},
		{c + "/hold", url.Values{"on": {"1"}}, roles("manager", "director")},
		{c + "/actions", url.Values{"action_title": {"X"}}, roles("generalist", "manager", "director")},
		{c + "/plan", url.Values{"allegation_0": {""}}, roles("generalist", "manager", "director")},
		{c + "/findings", url.Values{"summary": {""}}, roles("generalist", "manager", "director")},
		{c + "/outcome", url.Values{"kind": {"x"}}, roles("generalist", "manager", "director")},
		{c + "/submit/plan", url.Values{}, roles("generalist", "manager", "director")},
		{c + "/close", url.Values{"resolution": {""}}, roles("generalist", "manager", "director")},
		{c + "/reopen", url.Values{"reason": {""}}, roles("manager", "director")},
		{"/relations/discipline/new", url.Values{"employee_id": {taylor}, "level": {"coaching"}}, roles("generalist", "manager", "director")},
		{"/settings/relations", url.Values{"lookback_months": {"0"}}, roles("manager", "director")},
		{"/relations/trainings", url.Values{"topic": {"other"}}, roles("generalist", "manager", "director")},
	}
	managers := map[string]bool{}
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		managers[who] = e.actorOf(who + "@example.com").HasReports
	}
	if !managers["lead"] || managers["employee"] {
		t.Fatal("the demo's line manager has no reports")
	}
	routes = append(routes, struct {
		path    string
		form    url.Values
		allowed map[string]bool
	}{"/me/concerns/refer", url.Values{"category": {"conflict"}}, managers})
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		b := e.login(who + "@example.com")
		for _, r := range routes {
			v := url.Values{}
			for k, x := range r.form {
				v[k] = x
			}
			res := b.post(r.path, v)
			res.Body.Close()
			denied := res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound
			if r.allowed[who] == denied {
				t.Errorf("%s POST %s: status %d (allowed %v)", who, r.path, res.StatusCode, r.allowed[who])
			}
		}
	}
}

// TestERTrendsFindTheDemoSpike reads the trends of the demo company: the
// spike planted in Customer Support over the last three complete months
// is flagged, with its numbers, and no other department is.
func TestERTrendsFindTheDemoSpike(t *testing.T) {
	for _, size := range []int{60, 250} {
		t.Run(itoa(int64(size)), func(t *testing.T) {
			if size > 60 && raceOn {
				t.Skip("a data check, not a concurrency one: the plain CI run seeds the 250-employee company; under -race that takes minutes")
			}
			var e *env
			if size == 60 {
				e = sqliteEnv(t)
			} else {
				e = newEnvSized(t, size, 1)
			}
			st, body, _ := e.api("manager@example.com").do("GET", "/api/v1/relations/trends", nil)
			if st != 200 {
				t.Fatalf("trends: %d %v", st, body)
			}
			var flagged []string
			for _, s := range body["spikes"].([]any) {
				m := s.(map[string]any)
				if m["flagged"] == true {
					flagged = append(flagged, m["org_unit"].(string))
					if m["p_own"].(float64) >= body["spike_alpha_per_unit"].(float64) || m["observed"].(float64) < 3 {
						t.Errorf("flagged without the numbers: %v", m)
					}
				}
			}
			if len(flagged) != 1 || flagged[0] != "Customer Support" {
				t.Fatalf("flagged %v, want Customer Support; spikes %v", flagged, body["spikes"])
			}
			if body["cases"].(float64) < float64(size)*0.06*2 || body["substantiation_pct"].(float64) <= 0 || body["median_days_to_resolve"].(float64) <= 0 {
				t.Errorf("the demo history is thin: cases %v, substantiation %v, median days %v", body["cases"], body["substantiation_pct"], body["median_days_to_resolve"])
			}
			if rate := body["cases_per_100_employees_per_year"].(float64); rate < 4 || rate > 20 {
				t.Errorf("rate %v per 100 a year, want about 6 plus the spike (which weighs more in a small company)", rate)
			}
			// Scope: the Operations and Customer Support HR manager sees those
			// departments only; a generalist may not read trends.
			_, ops, _ := e.api("ops.manager@example.com").do("GET", "/api/v1/relations/trends", nil)
			for _, u := range ops["by_org_unit"].([]any) {
				if k := u.(map[string]any)["key"]; k != "Customer Support" && k != "Operations" {
					t.Errorf("ops manager sees %v", k)
				}
			}
			if st, _, _ := e.api("generalist@example.com").do("GET", "/api/v1/relations/trends", nil); st != 403 {
				t.Errorf("a generalist reads trends: %d", st)
			}
			d := e.login("manager@example.com").page("/relations/trends", http.StatusOK)
			if !strings.Contains(d.Find("[role=alert]").Text(), "Customer Support") {
				t.Errorf("the page does not call out the spike: %s", firstLines(d.Text(), 10))
			}
		})
	}
}

func TestManagerTraining(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	d := gen.page("/relations/trainings", http.StatusOK)
	if !strings.Contains(d.Text(), "Jordan Alvarez") || d.Find("#h-cov").Length() == 0 {
		t.Fatalf("coverage: %s", firstLines(d.Text(), 10))
	}
	// Jordan trained 26 months ago: due now.
	st, cov, _ := e.api("generalist@example.com").do("GET", "/api/v1/relations/trainings/coverage", nil)
	var jordan map[string]any
	if st != 200 {
		t.Fatalf("coverage: %d", st)
	}
	var rows []map[string]any
	_ = json.Unmarshal([]byte(cov["_raw"].(string)), &rows)
	for _, r := range rows {
		if r["name"] == "Jordan Alvarez" {
			jordan = r
		}
	}
	if jordan == nil || jordan["last_trained_on"] == nil || jordan["due_on"].(string) > testToday.String() {
		t.Fatalf("Jordan's coverage: %v", jordan)
	}
	gen.submit("/relations/trainings", url.Values{"topic": {"harassment_prevention"}, "title": {""}, "attended": {"nobody@example.com"}}, http.StatusUnprocessableEntity)
	res := gen.post("/relations/trainings", url.Values{"topic": {"harassment_prevention"}, "title": {"Refresher"}, "held_on": {testToday.String()}, "trainer": {"Hannah Kim"},
		"hours": {"2"}, "attended": {"lead@example.com"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d", res.StatusCode)
	}
	_, cov, _ = e.api("generalist@example.com").do("GET", "/api/v1/relations/trainings/coverage", nil)
	rows = nil
	_ = json.Unmarshal([]byte(cov["_raw"].(string)), &rows)
	for _, r := range rows {
		if r["name"] == "Jordan Alvarez" && r["last_trained_on"] != testToday.String() {
			t.Errorf("after the refresher: %v", r)
		}
	}
	if st, _, _ := e.api("lead@example.com").do("GET", "/api/v1/relations/trainings", nil); st != 403 {
		t.Errorf("a line manager lists trainings: %d", st)
	}
}

// TestERAPIPerRole calls every mutating ER API route as each persona: the
// ones that may not get 403 or 404; the ones that may get past the
// permission check (a validation error or success).
func TestERAPIPerRole(t *testing.T) {
	e := sqliteEnv(t)
	id := itoa(e.erCase("harassment"))
	taylor := e.empOf("employee@example.com")
	c := "/api/v1/cases/" + id
	type route struct {
		method, path string
		body         any
		allowed      map[string]bool
	}
	team := roles("generalist", "manager", "director")
	routes := []route{
		{"POST", "/api/v1/cases", map[string]any{"category": "x", "title": "t", "description": "d"}, team},
		{"PUT", c, map[string]any{"category": "x", "severity": "low", "title": "t", "description": "d"}, team},
		{"POST", c + "/parties", map[string]any{"role": "x"}, team},
		{"POST", c + "/team", map[string]any{"role": "investigator"}, roles("manager", "director")},
		{"PUT", c + "/owner", map[string]any{"user_id": 1}, roles("manager", "director")},
		{"PUT", c + "/restricted", map[string]any{"on": false}, roles("manager", "director")},
		{"PUT", c + "/legal-hold", map[string]any{"on": true}, roles("manager", "director")},
		{"POST", c + "/entries", map[string]any{"kind": "note", "body": ""}, team},
		{"POST", c + "/actions", map[string]any{"title": "", "due_on": "2026-11-30"}, team},
		{"PUT", c + "/plan", map[string]any{"allegations": []any{}}, team},
		{"PUT", c + "/policies", map[string]any{"policy_ids": []int64{}}, team},
		{"POST", c + "/plan/submission", nil, team},
		{"PUT", c + "/findings", map[string]any{"summary": "", "findings": []any{}}, team},
		{"POST", c + "/findings/submission", nil, team},
		{"POST", c + "/outcome", map[string]any{"kind": "no_action", "reasons": ""}, team},
		{"POST", c + "/closure", map[string]any{"text": ""}, team},
		{"POST", c + "/reopening", map[string]any{"text": ""}, roles("manager", "director")},
		{"POST", "/api/v1/discipline", map[string]any{"employee_id": taylor, "level": "coaching", "summary": ""}, team},
		{"PUT", "/api/v1/relations/settings", map[string]any{"escalate_categories": []string{}, "discipline_ladder": []string{}, "lookback_months": 0}, roles("manager", "director")},
		{"POST", "/api/v1/relations/trainings", map[string]any{"topic": "x", "title": "", "held_on": "2026-11-01", "trainer": "", "attended": []int64{}}, team},
		{"POST", "/api/v1/concerns/referrals", map[string]any{"category": "conflict", "title": "x", "description": "y"}, nil},
	}
	for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
		api := e.api(who + "@example.com")
		for _, r := range routes {
			allowed := r.allowed[who]
			if r.allowed == nil {
				allowed = e.actorOf(who + "@example.com").HasReports
			}
			st, body, _ := api.do(r.method, r.path, r.body)
			denied := st == 403 || st == 404
			if allowed == denied {
				t.Errorf("%s %s %s: %d (allowed %v) %v", who, r.method, r.path, st, allowed, body["detail"])
			}
		}
	}
}

// TestERScope: grants' scopes bound who oversees and who logs a case.
func TestERScope(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	cs, err := e.svc.Relations.List(ctx, e.actorOf("director@example.com"), relations.CaseFilter{Category: "discrimination", Status: "investigating"})
	if err != nil || len(cs) == 0 || cs[0].OrgUnitName != "Marketing" {
		t.Fatalf("the demo's Marketing case: %v %v", cs, err)
	}
	path := "/api/v1/cases/" + itoa(cs[0].ID)
	for who, want := range map[string]int{"ops.manager@example.com": 404, "tech.generalist@example.com": 404, "ops.generalist@example.com": 404,
		"manager@example.com": 200, "director@example.com": 200, "generalist@example.com": 200} {
		if st, _, _ := e.api(who).do("GET", path, nil); st != want {
			t.Errorf("%s reads the Marketing case: %d, want %d", who, st, want)
		}
	}
	// The Operations HR manager's list holds only Operations and Customer
	// Support cases; the Operations generalist cannot log one in Marketing.
	ref, err := e.svc.People.LoadReference(ctx, e.actorOf("director@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	paths, roots := map[int64]string{}, []string{}
	for _, u := range ref.OrgUnits {
		paths[u.ID] = u.Path
		if u.Name == "Operations" || u.Name == "Customer Support" {
			roots = append(roots, u.Path)
		}
	}
	_, body, _ := e.api("ops.manager@example.com").do("GET", "/api/v1/cases", nil)
	items := body["items"].([]any)
	if len(items) == 0 {
		t.Fatal("the ops manager sees no case")
	}
	for _, it := range items {
		m := it.(map[string]any)
		p := paths[num64(m["org_unit_id"])]
		if !strings.HasPrefix(p, roots[0]) && !strings.HasPrefix(p, roots[len(roots)-1]) {
			t.Errorf("ops manager lists a case in %v", m["org_unit"])
		}
	}
	st, res, _ := e.api("ops.generalist@example.com").do("POST", "/api/v1/cases", map[string]any{"category": "conflict", "title": "x", "description": "y",
		"org_unit_id": cs[0].OrgUnitID})
	if st != 403 {
		t.Errorf("ops generalist logs a Marketing case: %d %v", st, res)
	}
	// Form errors of the team form land on their own fields.
	b := e.login("manager@example.com")
	doc, _ := b.submit("/relations/cases/"+itoa(cs[0].ID)+"/team", url.Values{"member_role": {"investigator"}, "_section": {"team"}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-member-user-id-error").Length() == 0 {
		t.Errorf("no error on the team member: %s", firstLines(doc.Find(".error-summary").Text(), 4))
	}
}

// TestERLifecycleThroughUI: intake → routing → plan → findings →
// decision → discipline record → closure, all through the pages.
func TestERLifecycleThroughUI(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	gen, ops, mgr, dir := e.login("generalist@example.com"), e.login("ops.manager@example.com"), e.login("manager@example.com"), e.login("director@example.com")
	res := gen.post("/relations/cases/new", url.Values{"category": {"harassment"}, "title": {"Remarks on the night shift"}, "description": {"Repeated remarks about a colleague's accent."},
		"subject_emails": {"employee@example.com"}, "occurred_on": {testToday.AddDays(-3).String()}})
	res.Body.Close()
	loc := res.Header.Get("Location")
	id := int64(0)
	if _, err := fmt.Sscanf(loc, "/relations/cases/%d", &id); err != nil {
		t.Fatalf("log: %d %s", res.StatusCode, loc)
	}
	c := func() relations.Case {
		d, err := e.svc.Relations.Get(ctx, e.actorOf("director@example.com"), id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Case
	}
	if got := c(); got.OwnerName != "Teresa Nguyen" || !got.Escalated {
		t.Fatalf("routing: %+v", got)
	}
	approve := func(b *browser, what string) {
		t.Helper()
		aps, _ := e.svc.Work.List(ctx, e.actorOf("director@example.com"), "pending")
		for _, ap := range aps {
			if ap.ObjectID == id && strings.HasSuffix(ap.Title, what) {
				r := b.post("/approvals/"+itoa(ap.ID)+"/decide", url.Values{"decision": {"approve"}, "comment": {"Agreed."}})
				r.Body.Close()
				if r.StatusCode != http.StatusSeeOther {
					t.Fatalf("approve %s: %d", what, r.StatusCode)
				}
				return
			}
		}
		t.Fatalf("no pending %s", what)
	}
	ops.page(loc+"/plan", http.StatusOK)
	doc, _ := ops.submit(loc+"/plan", url.Values{"allegation_0": {""}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-allegation-0-error").Length() == 0 {
		t.Error("no error on the first allegation")
	}
	res = ops.post(loc+"/plan", url.Values{"allegation_0": {"Mocked a colleague's accent in front of the team"}, "scope": {"October night shifts"}, "witnesses": {"The night lead\nTwo agents"}})
	res.Body.Close()
	res = ops.post(loc+"/submit/plan", url.Values{"_section": {"investigation"}})
	res.Body.Close()
	if c().PlanStatus != relations.StepPending {
		t.Fatal("the plan was not submitted")
	}
	approve(mgr, "investigation plan")
	if c().PlanStatus != relations.StepApproved {
		t.Fatal("the plan was not approved")
	}
	f := ops.page(loc+"/findings", http.StatusOK)
	alID, _ := f.Find(`input[name=id_0]`).Attr("value")
	res = ops.post(loc+"/findings", url.Values{"id_0": {alID}, "finding_0": {"substantiated"}, "reasoning_0": {"Three witnesses agree."}, "summary": {"The remarks were made."}})
	res.Body.Close()
	res = ops.post(loc+"/submit/findings", url.Values{})
	res.Body.Close()
	approve(dir, "findings report")
	res = ops.post(loc+"/outcome", url.Values{"kind": {"final_warning"}, "employee_id": {itoa(e.empOf("employee@example.com"))}, "reasons": {"Substantiated harassment."}})
	res.Body.Close()
	if c().OutcomeStatus != relations.StepPending {
		t.Fatalf("outcome: %d %+v", res.StatusCode, c().Outcome)
	}
	approve(mgr, "outcome (Final warning)")
	got := c()
	if got.Outcome.Discipline == 0 || got.Status != relations.StatusDecided {
		t.Fatalf("decision: %+v", got)
	}
	if d := e.login("employee@example.com").page("/me/discipline/"+itoa(got.Outcome.Discipline), http.StatusOK); !strings.Contains(d.Text(), "Final written warning") {
		t.Error("the employee does not see the final warning")
	}
	res = ops.post(loc+"/close", url.Values{"resolution": {"Final warning issued; the team was briefed on the policy."}})
	res.Body.Close()
	if c().Status != relations.StatusClosed {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if d := ops.page(loc, http.StatusOK); !strings.Contains(d.Text(), "Closed") || !strings.Contains(d.Find("#access-log").Text(), "Closed case") {
		t.Errorf("closed page: %s", firstLines(d.Find("#access-log").Text(), 4))
	}
}

func TestERCaseListPages(t *testing.T) {
	e := sqliteEnv(t)
	api := e.api("director@example.com")
	seen := map[int64]bool{}
	path, pages := "/api/v1/cases?limit=5", 0
	for path != "" && pages < 50 {
		st, body, _ := api.do("GET", path, nil)
		if st != 200 {
			t.Fatalf("%s: %d %v", path, st, body)
		}
		pages++
		for _, it := range body["items"].([]any) {
			id := num64(it.(map[string]any)["id"])
			if seen[id] {
				t.Fatalf("case %d twice", id)
			}
			seen[id] = true
		}
		path = ""
		if c, ok := body["next_cursor"].(string); ok {
			path = "/api/v1/cases?limit=5&cursor=" + c
		}
	}
	all, _ := e.svc.Relations.List(context.Background(), e.actorOf("director@example.com"), relations.CaseFilter{})
	if pages < 2 || len(seen) != len(all) {
		t.Errorf("%d pages, %d cases, want %d", pages, len(seen), len(all))
	}
	if st, _, _ := api.do("GET", "/api/v1/cases?cursor=abc", nil); st != 422 {
		t.Errorf("a bad cursor: %d", st)
	}
}

// TestERReassign: an HR manager hands an escalated case to the director;
// the previous owner assists and the new one leaves the team list.
func TestERReassign(t *testing.T) {
	e := sqliteEnv(t)
	id := e.erCase("harassment")
	dir := e.actorOf("director@example.com")
	ops := e.api("ops.manager@example.com")
	st, body, _ := ops.do("PUT", "/api/v1/cases/"+itoa(id)+"/owner", map[string]any{"user_id": dir.UserID})
	if st != 200 || num64(body["owner_user_id"]) != dir.UserID {
		t.Fatalf("reassign: %d %v", st, body)
	}
	for _, m := range body["team"].([]any) {
		if num64(m.(map[string]any)["user_id"]) == dir.UserID {
			t.Error("the new owner is also listed on the team")
		}
	}
	if !strings.Contains(toJSON(body["team"]), "Teresa Nguyen") {
		t.Errorf("the previous owner does not assist: %v", body["team"])
	}
	// An escalated case cannot go to a generalist.
	if st, _, _ := ops.do("PUT", "/api/v1/cases/"+itoa(id)+"/owner", map[string]any{"user_id": e.actorOf("support.generalist@example.com").UserID}); st != 422 {
		t.Errorf("an escalated case to a generalist: %d", st)
	}
}
