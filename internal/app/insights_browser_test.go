package app

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserInsights opens the executive dashboard as the HR manager
// with its charts drawn, follows a number to its people, narrows to an
// org unit and shows a bad period's error, with axe on each page.
func TestBrowserInsights(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	tab := newTab(t, ctx)
	signIn(t, tab, e.srv.URL, "manager@example.com")
	run(t, tab, "dashboard", chromedp.Navigate(e.srv.URL+"/insights"), chromedp.WaitVisible(chromedp.ID("h-trend")),
		chromedp.WaitVisible(chromedp.CSS(`canvas[data-chart="chart-trend"]`)))
	drawn, err := chromedp.Run(tab, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll('canvas[data-chart]')).every(c => c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0))`))
	if err != nil || !drawn {
		t.Error("a chart was not drawn")
	}
	if got := text(t, tab, "#stat-turnover"); !strings.Contains(got, "%") {
		t.Errorf("turnover stat: %q", got)
	}
	// The cross-domain section loads after the page.
	run(t, tab, "domains", chromedp.WaitVisible(chromedp.ID("dom-recruiting")))
	shot(t, tab, "insights-dashboard", true)
	axe(t, tab, "insights dashboard")
	run(t, tab, "separations list", chromedp.Click(chromedp.ID("stat-separations")), chromedp.WaitVisible(chromedp.ID("people-table")))
	if got := text(t, tab, "h1"); got != "Left in the period" {
		t.Errorf("list title: %q", got)
	}
	shot(t, tab, "insights-people", true)
	axe(t, tab, "insights people")
	run(t, tab, "back", chromedp.Navigate(e.srv.URL+"/insights"), chromedp.WaitVisible(chromedp.ID("unit-table")))
	run(t, tab, "a unit", chromedp.Click(chromedp.CSS("#unit-table tbody tr:first-child a")), chromedp.WaitVisible(chromedp.ID("h-trend")))
	if got := text(t, tab, ".page-sub"); strings.HasPrefix(got, "Everyone") {
		t.Errorf("unit view: %q", got)
	}
	shot(t, tab, "insights-unit", true)
	run(t, tab, "a bad period", chromedp.SetValue(chromedp.ID("if"), "2020-01-01"), chromedp.Click(chromedp.CSS("form.filters button")), chromedp.WaitVisible(chromedp.ID("e-if")))
	axe(t, tab, "insights: a bad period")
	// The forecast: the defaults, then a scenario with no replacements.
	run(t, tab, "forecast", chromedp.Navigate(e.srv.URL+"/insights/forecast"), chromedp.WaitVisible(chromedp.ID("forecast-table")))
	shot(t, tab, "insights-forecast", true)
	axe(t, tab, "workforce forecast")
	before := text(t, tab, "#total-table tbody tr:last-child td:last-child")
	run(t, tab, "a scenario", chromedp.SetValue(chromedp.CSS(`#forecast-table tbody tr:first-child input[name^="backfill."]`), "0"),
		chromedp.Click(chromedp.CSS(`#h-units + button`)), chromedp.WaitVisible(chromedp.CSS(`.page-sub strong`)))
	if after := text(t, tab, "#total-table tbody tr:last-child td:last-child"); after == before {
		t.Errorf("the scenario did not change the projection: %s", after)
	}
	run(t, tab, "a bad assumption", chromedp.SetValue(chromedp.CSS(`#forecast-table tbody tr:first-child input[name^="attrition."]`), "lots"),
		chromedp.Click(chromedp.CSS(`#h-units + button`)), chromedp.WaitVisible(chromedp.CSS(`#forecast-table .error`)))
	axe(t, tab, "workforce forecast: an error")
}

// TestBrowserReports builds a report as the generalist: columns, a
// filter, grouping, run, save and schedule, with axe on each page.
func TestBrowserReports(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	tab := newTab(t, ctx)
	signIn(t, tab, e.srv.URL, "generalist@example.com")
	run(t, tab, "reports", chromedp.Navigate(e.srv.URL+"/insights/reports"), chromedp.WaitVisible(chromedp.CSS("h1")))
	axe(t, tab, "reports")
	run(t, tab, "builder", chromedp.Click(chromedp.CSS(`.page-head a.btn-primary`)), chromedp.WaitVisible(chromedp.ID("h-def")))
	run(t, tab, "define", chromedp.Click(chromedp.ID("col-pay_amount")), chromedp.SetValue(chromedp.ID("f0-field"), "org_unit"),
		chromedp.SetValue(chromedp.ID("f0-op"), "eq"), chromedp.SetValue(chromedp.ID("f0-value"), "Operations"), chromedp.SetValue(chromedp.ID("r-group"), "job"),
		chromedp.Click(chromedp.CSS(`button[name=run]`)), chromedp.WaitVisible(chromedp.ID("report-table")))
	if got := text(t, tab, "#h-res"); !strings.Contains(got, "rows") {
		t.Errorf("result: %q", got)
	}
	shot(t, tab, "reports-builder", true)
	axe(t, tab, "report builder with a result")
	run(t, tab, "save", chromedp.SetValue(chromedp.ID("f-name"), "Operations pay"), chromedp.Click(chromedp.ID("share-hr_manager")),
		chromedp.Click(chromedp.CSS(`form[action="/insights/reports"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("h-sched")))
	if got := text(t, tab, "h1"); got != "Operations pay" {
		t.Errorf("saved: %q", got)
	}
	run(t, tab, "schedule", chromedp.Click(chromedp.CSS(`form[action$="/schedules"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("schedules-table")))
	shot(t, tab, "reports-saved", true)
	axe(t, tab, "saved report")
	// Her deadlines as a calendar feed.
	run(t, tab, "calendar feeds", chromedp.Navigate(e.srv.URL+"/settings/calendars"), chromedp.WaitVisible(chromedp.ID("create-deadlines")))
	axe(t, tab, "calendar feeds")
	run(t, tab, "create a feed", chromedp.Click(chromedp.ID("create-deadlines")), chromedp.WaitVisible(chromedp.ID("new-feed")))
	if got := text(t, tab, "#new-feed"); !strings.Contains(got, "/calendar/") {
		t.Errorf("feed address: %q", got)
	}
	shot(t, tab, "calendar-feeds", true)
	axe(t, tab, "calendar feeds: a new feed")
}
