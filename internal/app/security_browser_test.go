package app

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStrictCSPAndPassword walks, in Chromium under the strict
// Content-Security-Policy, the pages whose look came from style
// attributes (the pay range bar on a profile, the org chart's indents,
// progress bars, the rule form's week grid, the branded careers site) and
// changes a password with a mistake first; axe and the CSP watcher check
// each page.
func TestBrowserStrictCSPAndPassword(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	taylor := itoa(e.actorOf("employee@example.com").EmployeeID)
	mgr := e.login("manager@example.com")
	mgr.submit("/settings/recruiting/careers", map[string][]string{"company_name": {"Northwind Outfitters"}, "headline": {"Work outside"}, "brand_color": {"#7c2d12"}, "feeds": {"json_feed"}}, 303)

	signIn(t, ctx, base, "director@example.com")
	for _, p := range []struct{ name, path, wait string }{
		{"csp-profile-pay", "/people/" + taylor + "?tab=pay", ".range-bar"},
		{"csp-org-structure", "/org-chart", "main"},
		{"csp-home", "/", ".progress"},
		{"csp-rule", "/rules/fmla-usage", ".week-grid"},
		{"csp-policies", "/policies", "main"},
	} {
		run(t, ctx, p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		shot(t, ctx, p.name, true)
		axe(t, ctx, p.name)
		if p.name == "csp-profile-pay" {
			// The range bar is drawn from classes: the band has a width.
			w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('.range-band').getBoundingClientRect().width`))
			if err != nil || w <= 0 {
				t.Errorf("the pay range band is not drawn: %v %v", w, err)
			}
		}
	}

	// Careers with the brand colour from brand.css.
	run(t, ctx, "careers", chromedp.Navigate(base+"/careers"), chromedp.WaitVisible(chromedp.CSS("main")))
	accent, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).getPropertyValue('--accent').trim()`))
	if err != nil || !strings.EqualFold(accent, "#7c2d12") {
		t.Errorf("the careers site's accent is %q, want the brand colour: %v", accent, err)
	}
	shot(t, ctx, "csp-careers", true)
	axe(t, ctx, "careers")

	// Password: a mistake, then the change.
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	signIn(t, tab, base, "employee@example.com")
	run(t, tab, "password page", chromedp.Navigate(base+"/settings/password"), chromedp.WaitVisible(chromedp.ID("f-current-password")),
		chromedp.SetValue(chromedp.ID("f-current-password"), "cadre-demo"),
		chromedp.SetValue(chromedp.ID("f-new-password"), "short"),
		chromedp.SetValue(chromedp.ID("f-confirm-password"), "short"),
		chromedp.Click(chromedp.CSS(`form[action="/settings/password"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if msg := text(t, tab, "#f-new-password-error"); !strings.Contains(msg, "at least 10") {
		t.Errorf("new password error: %q", msg)
	}
	shot(t, tab, "password-errors", true)
	axe(t, tab, "password with errors")
	run(t, tab, "change password",
		chromedp.SetValue(chromedp.ID("f-current-password"), "cadre-demo"),
		chromedp.SetValue(chromedp.ID("f-new-password"), "river stones and pine"),
		chromedp.SetValue(chromedp.ID("f-confirm-password"), "river stones and pine"),
		chromedp.Click(chromedp.CSS(`form[action="/settings/password"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if msg := text(t, tab, ".flash"); !strings.Contains(msg, "password is changed") {
		t.Errorf("after the change: %q", msg)
	}
	shot(t, tab, "password-changed", true)
}
