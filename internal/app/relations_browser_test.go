package app

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/relations"
)

// TestBrowserAnonymousChannel reports a concern anonymously in Chromium,
// follows up with the code, and reads HR's reply; HR sees the report
// and the follow-up on the case. Every page passes axe.
func TestBrowserAnonymousChannel(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	run(t, ctx, "report form", chromedp.Navigate(base+"/report"), chromedp.WaitVisible(chromedp.ID("f-description")))
	axe(t, ctx, "anonymous report form")
	run(t, ctx, "submit empty", chromedp.Click(chromedp.CSS(`form[action="/report"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	shot(t, ctx, "er-report-errors", true)
	axe(t, ctx, "anonymous report with errors")
	run(t, ctx, "report",
		chromedp.SetValue(chromedp.ID("f-category"), "harassment"),
		chromedp.SetValue(chromedp.ID("f-description"), "A shift supervisor in the Reno warehouse makes sexual jokes at the start of every night shift."),
		chromedp.Click(chromedp.CSS(`form[action="/report"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("code")),
	)
	shot(t, ctx, "er-report-received", true)
	axe(t, ctx, "report received")
	code := strings.TrimSpace(text(t, ctx, "#code"))
	if len(code) != 24 {
		t.Fatalf("code %q", code)
	}
	run(t, ctx, "follow up",
		chromedp.Navigate(base+"/report/follow-up"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SetValue(chromedp.ID("f-code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/report/follow-up"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".thread")),
		chromedp.SetValue(chromedp.ID("f-body"), "It happened again on Tuesday; two new hires heard it."),
		chromedp.Click(chromedp.CSS(`form[action="/report/follow-up"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("[role=status]")),
	)
	if got := text(t, ctx, ".thread"); !strings.Contains(got, "two new hires heard it") {
		t.Fatalf("thread: %q", got)
	}
	axe(t, ctx, "anonymous follow-up")

	// HR: the case went to an HR manager; they read it and reply.
	cs, err := e.svc.Relations.List(context.Background(), e.actorOf("director@example.com"), relations.CaseFilter{Category: "harassment", Status: "open"})
	if err != nil || len(cs) == 0 {
		t.Fatal(cs, err)
	}
	c := cs[0]
	owner := map[string]string{"Marcus Bell": "manager@example.com", "Teresa Nguyen": "ops.manager@example.com"}[c.OwnerName]
	if owner == "" || c.Channel != relations.ChannelAnonymous {
		t.Fatalf("the anonymous case: %+v", c)
	}
	hr := newTab(t, ctx)
	signIn(t, hr, base, owner)
	run(t, hr, "case", chromedp.Navigate(base+"/relations/cases/"+itoa(c.ID)), chromedp.WaitVisible(chromedp.ID("record")))
	if got := text(t, hr, "#record"); !strings.Contains(got, "two new hires heard it") {
		t.Fatalf("the follow-up is not on the case: %q", got)
	}
	run(t, hr, "reply",
		chromedp.SetValue(chromedp.ID("f-kind"), "reply"),
		chromedp.SetValue(chromedp.ID("f-body"), "Thank you. We have opened an investigation and will speak to the night shift."),
		chromedp.Click(chromedp.CSS(`form[action$="/entries"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash, [role=status]")),
	)
	shot(t, hr, "er-case-anonymous", true)
	run(t, ctx, "read the reply",
		chromedp.Navigate(base+"/report/follow-up"),
		chromedp.WaitVisible(chromedp.ID("f-code")),
		chromedp.SetValue(chromedp.ID("f-code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/report/follow-up"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".thread li.from-hr")),
	)
	shot(t, ctx, "er-report-follow-up", true)
}

// TestBrowserERPages walks the ER pages of the demo as the generalist,
// the HR manager, the employee and the line manager, with screenshots,
// and checks each with axe.
func TestBrowserERPages(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	gen := newTab(t, ctx)
	signIn(t, gen, base, "generalist@example.com")
	run(t, gen, "cases", chromedp.Navigate(base+"/relations"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, gen, "er-cases", true)
	axe(t, gen, "ER cases")
	run(t, gen, "a case", chromedp.Click(chromedp.CSS(`table.table tbody a[href^="/relations/cases/"]`)), chromedp.WaitVisible(chromedp.ID("record")))
	shot(t, gen, "er-case", true)
	axe(t, gen, "ER case")
	run(t, gen, "log form", chromedp.Navigate(base+"/relations/cases/new"), chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.Click(chromedp.CSS(`form[action="/relations/cases/new"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	axe(t, gen, "log a case with errors")

	mgr := newTab(t, ctx)
	signIn(t, mgr, base, "manager@example.com")
	run(t, mgr, "trends", chromedp.Navigate(base+"/relations/trends"), chromedp.WaitVisible(chromedp.ID("spikes")))
	if got := text(t, mgr, "[role=alert]"); !strings.Contains(got, "Customer Support") {
		t.Errorf("trends alert: %q", got)
	}
	shot(t, mgr, "er-trends", true)
	axe(t, mgr, "ER trends")
	cs, _ := e.svc.Relations.List(context.Background(), e.actorOf("manager@example.com"), relations.CaseFilter{Category: "discrimination", Status: "investigating"})
	if len(cs) > 0 {
		run(t, mgr, "plan", chromedp.Navigate(base+"/relations/cases/"+itoa(cs[0].ID)+"/plan"), chromedp.WaitVisible(chromedp.ID("f-allegation-0")))
		shot(t, mgr, "er-plan", true)
		axe(t, mgr, "investigation plan")
	}
	run(t, mgr, "settings", chromedp.Navigate(base+"/settings/relations"), chromedp.WaitVisible(chromedp.ID("f-lookback-months")))
	axe(t, mgr, "ER settings")

	emp := newTab(t, ctx)
	signIn(t, emp, base, "employee@example.com")
	run(t, emp, "concerns", chromedp.Navigate(base+"/me/concerns"), chromedp.WaitVisible(chromedp.CSS(".page-head h1")))
	shot(t, emp, "er-my-concerns", true)
	axe(t, emp, "my concerns")
	run(t, emp, "a concern", chromedp.Click(chromedp.CSS(`a[href^="/me/concerns/"]:not([href$="/new"])`)), chromedp.WaitVisible(chromedp.CSS(".thread")))
	if got := text(t, emp, ".thread"); !strings.Contains(got, "HR") {
		t.Errorf("no HR reply on the employee's concern: %q", got)
	}
	shot(t, emp, "er-my-concern", true)
	axe(t, emp, "my concern")
	run(t, emp, "raise form", chromedp.Navigate(base+"/me/concerns/new"), chromedp.WaitVisible(chromedp.ID("f-title")))
	axe(t, emp, "raise a concern")

	lead := newTab(t, ctx)
	signIn(t, lead, base, "lead@example.com")
	ds, err := e.svc.Relations.DisciplineOf(context.Background(), e.actorOf("lead@example.com"), pipHolder(t, e))
	if err != nil || len(ds) == 0 {
		t.Fatalf("the PIP on the lead's team: %v %v", ds, err)
	}
	run(t, lead, "the PIP", chromedp.Navigate(base+"/relations/discipline/"+itoa(ds[0].ID)), chromedp.WaitVisible(chromedp.ID("h-pip")))
	shot(t, lead, "er-pip", true)
	axe(t, lead, "PIP")
}

// pipHolder is the lead's report with the demo's PIP.
func pipHolder(t *testing.T, e *env) int64 {
	t.Helper()
	st, body, _ := e.api("generalist@example.com").do("GET", "/api/v1/employees?manager_id="+itoa(e.empOf("lead@example.com")), nil)
	if st != 200 {
		t.Fatalf("reports: %d %v", st, body)
	}
	for _, it := range body["items"].([]any) {
		id := num64(it.(map[string]any)["id"])
		ds, _ := e.svc.Relations.DisciplineOf(context.Background(), e.actorOf("generalist@example.com"), id)
		for _, d := range ds {
			if d.Level == "pip" && d.PIPOutcome == "" {
				return id
			}
		}
	}
	t.Fatal("no open PIP on the lead's team")
	return 0
}

// newTab opens a tab with its own cookies.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action on a tab must not carry a timeout.
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return tab
}
