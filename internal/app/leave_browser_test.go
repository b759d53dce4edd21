package app

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLeaveCases walks the leave case pages of the demo as a
// generalist; each passes axe.
func TestBrowserLeaveCases(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "leave", chromedp.Navigate(e.srv.URL+"/leave"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, gen, "leave-list", true)
	axe(t, gen, "leave list")
	run(t, gen, "case", chromedp.Click(chromedp.CSS(`table.table a[href^="/leave/cases/"]`)), chromedp.WaitVisible(chromedp.CSS(".facts")))
	shot(t, gen, "leave-case", true)
	axe(t, gen, "leave case")
	run(t, gen, "new", chromedp.Navigate(e.srv.URL+"/leave/cases/new"), chromedp.WaitVisible(chromedp.ID("f-reason")))
	axe(t, gen, "leave form")
}
