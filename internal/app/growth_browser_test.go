package app

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCareers walks an employee from their ladder through the gap
// analysis to a development plan with an action, then the line manager's,
// HR's and the HR manager's careers pages, with axe on each.
func TestBrowserCareers(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	tab := newTab(t, ctx)
	signIn(t, tab, e.srv.URL, "employee@example.com")
	run(t, tab, "my career", chromedp.Navigate(e.srv.URL+"/growth"), chromedp.WaitVisible(chromedp.ID("lad-h")))
	if got := text(t, tab, "section[aria-labelledby=lad-h]"); !strings.Contains(got, "Customer Support Specialist I") || !strings.Contains(got, "You are here") {
		t.Errorf("ladder: %q", got)
	}
	if got := text(t, tab, "section[aria-labelledby=next-h]"); !strings.Contains(got, "short") {
		t.Errorf("next step's gaps: %q", got)
	}
	shot(t, tab, "careers-me", true)
	axe(t, tab, "my career")
	run(t, tab, "gap analysis", chromedp.Click(chromedp.CSS(`.page-head a.btn-primary`)), chromedp.WaitVisible(chromedp.ID("c-h")))
	shot(t, tab, "careers-gaps", true)
	axe(t, tab, "gap analysis")
	if got := text(t, tab, "h1 + p"); !strings.Contains(got, "Customer Support Specialist II") {
		t.Errorf("gap target: %q", got)
	}
	// An empty title is refused on its field; the gaps stay checked.
	run(t, tab, "plan without a title", chromedp.SetValue(chromedp.ID("f-title"), " "), chromedp.Click(chromedp.CSS(`section[aria-labelledby=p-h] button`)), chromedp.WaitVisible(chromedp.ID("f-title-error")))
	axe(t, tab, "gap analysis: an error")
	run(t, tab, "start the plan", chromedp.SetValue(chromedp.ID("f-title"), "Toward Specialist II"), chromedp.Click(chromedp.CSS(`section[aria-labelledby=p-h] button`)), chromedp.WaitVisible(chromedp.ID("a-h")))
	if got := text(t, tab, "section[aria-labelledby=g-h]"); !strings.Contains(got, "Reach level") {
		t.Errorf("plan goals: %q", got)
	}
	run(t, tab, "add an action", chromedp.SetValue(chromedp.ID("f-title"), "Shadow a tier-2 engineer for two weeks"), chromedp.SetValue(chromedp.ID("f-kind"), "stretch_assignment"),
		chromedp.Click(chromedp.CSS(`form[action$="/actions"] button`)), chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby=a-h] a[href^="/tasks/"]`)))
	if got := text(t, tab, "section[aria-labelledby=a-h]"); !strings.Contains(got, "Shadow a tier-2 engineer") {
		t.Errorf("plan actions: %q", got)
	}
	shot(t, tab, "careers-plan", true)
	axe(t, tab, "development plan")
	run(t, tab, "the task", chromedp.Click(chromedp.CSS(`section[aria-labelledby=a-h] a[href^="/tasks/"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, tab, "h1"); !strings.Contains(got, "Shadow a tier-2 engineer") {
		t.Errorf("task: %q", got)
	}
	for _, p := range []string{"/growth/ladders", "/growth/ladders/1", "/growth/competencies", "/growth/certifications"} {
		run(t, tab, p, chromedp.Navigate(e.srv.URL+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		shot(t, tab, "careers"+strings.ReplaceAll(strings.TrimPrefix(p, "/growth"), "/", "-"), true)
		axe(t, tab, p)
	}

	lead := newTab(t, ctx)
	signIn(t, lead, e.srv.URL, "lead@example.com")
	run(t, lead, "team", chromedp.Navigate(e.srv.URL+"/growth/team"), chromedp.WaitVisible(chromedp.ID("t-h")))
	if got := text(t, lead, "table"); !strings.Contains(got, "Taylor Brooks") {
		t.Errorf("team: %q", got)
	}
	axe(t, lead, "my team")
	run(t, lead, "report", chromedp.Navigate(e.srv.URL+"/growth/people/"+itoa(e.empOf("employee@example.com"))), chromedp.WaitVisible(chromedp.ID("rd-h")))
	shot(t, lead, "careers-report", true)
	axe(t, lead, "a report's career")

	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "compliance", chromedp.Navigate(e.srv.URL+"/growth/compliance?all=1"), chromedp.WaitVisible(chromedp.CSS("h1")))
	shot(t, gen, "careers-compliance", true)
	axe(t, gen, "credential compliance")
	run(t, gen, "my credentials", chromedp.Navigate(e.srv.URL+"/growth"), chromedp.WaitVisible(chromedp.ID("cr-h")))
	if got := text(t, gen, "section[aria-labelledby=cr-h]"); !strings.Contains(got, "Expires in 45 days") {
		t.Errorf("the generalist's PHR: %q", got)
	}
	run(t, gen, "credential", chromedp.Click(chromedp.CSS(`section[aria-labelledby=cr-h] a[href^="/growth/credentials/"]`)), chromedp.WaitVisible(chromedp.ID("k-h")))
	shot(t, gen, "careers-credential", true)
	axe(t, gen, "credential")
	run(t, gen, "plan", chromedp.Navigate(e.srv.URL+"/growth"), chromedp.WaitVisible(chromedp.ID("pl-h")),
		chromedp.Click(chromedp.CSS(`section[aria-labelledby=pl-h] a[href^="/growth/plans/"]`)), chromedp.WaitVisible(chromedp.ID("ci-h")))
	shot(t, gen, "careers-generalist-plan", true)

	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "succession", chromedp.Navigate(e.srv.URL+"/growth/succession"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, mgr, "main"); !strings.Contains(got, "HR Director") || !strings.Contains(got, "bench") {
		t.Errorf("succession: %.300q", got)
	}
	shot(t, mgr, "careers-succession", true)
	axe(t, mgr, "succession")
	run(t, mgr, "job", chromedp.Navigate(e.srv.URL+"/growth/ladders"), chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`.ladder a[href^="/growth/jobs/"]`)), chromedp.WaitVisible(chromedp.ID("e-h")))
	shot(t, mgr, "careers-job", true)
	axe(t, mgr, "job requirements")
}
