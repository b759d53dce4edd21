package app

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPayroll walks payroll in Chromium: the generalist requests a
// one-time payment (a field error first), exports the open pay period and
// reaches the export's download form; the HR manager reads the reports
// and saves a provider template. Each page passes axe.
func TestBrowserPayroll(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "payments", chromedp.Navigate(e.srv.URL+"/pay/payments"), chromedp.WaitVisible(chromedp.ID("new-h")))
	run(t, gen, "payment error", chromedp.SetValue(chromedp.ID("f-employee"), "employee@example.com"), chromedp.SetValue(chromedp.ID("f-kind"), "bonus"),
		chromedp.SetValue(chromedp.ID("f-amount"), "1200"), chromedp.SetValue(chromedp.ID("f-pay-date"), "2026-10-15"),
		chromedp.Click(chromedp.CSS(`form[action="/pay/payments"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-pay-date-error")))
	if got := text(t, gen, "#f-pay-date-error"); !strings.Contains(got, "exported") {
		t.Fatalf("pay date error: %q", got)
	}
	axe(t, gen, "payment with an error")
	run(t, gen, "payment", chromedp.SetValue(chromedp.ID("f-pay-date"), "2026-11-13"),
		chromedp.Click(chromedp.CSS(`form[action="/pay/payments"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	run(t, gen, "payroll", chromedp.Navigate(e.srv.URL+"/pay/payroll"), chromedp.WaitVisible(chromedp.ID("next-h")))
	if got := text(t, gen, "section[aria-labelledby=next-h]"); !strings.Contains(got, "One-time payment") {
		t.Fatalf("next period: %q", got)
	}
	shot(t, gen, "payroll", true)
	axe(t, gen, "payroll")
	run(t, gen, "export", chromedp.Click(chromedp.CSS(`form[action="/pay/exports"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("dl-h")))
	if got := text(t, gen, ".flash"); !strings.Contains(got, "The period is locked") {
		t.Fatalf("after the export: %q", got)
	}
	shot(t, gen, "payroll-export", true)
	axe(t, gen, "payroll export")

	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "reports", chromedp.Navigate(e.srv.URL+"/pay/reports?from=2026-10-01&through=2026-11-15"), chromedp.WaitVisible(chromedp.ID("cost-h")))
	shot(t, mgr, "payroll-reports", true)
	axe(t, mgr, "payroll reports")
	run(t, mgr, "new template", chromedp.Navigate(e.srv.URL+"/pay/templates/new"), chromedp.WaitVisible(chromedp.ID("f-name")))
	run(t, mgr, "template error", chromedp.Click(chromedp.CSS(`form[action="/pay/templates"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-name-error")))
	axe(t, mgr, "template with an error")
	run(t, mgr, "template", chromedp.SetValue(chromedp.ID("f-name"), "Weekly provider file"),
		chromedp.Click(chromedp.CSS(`form[action="/pay/templates"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("tpl-h")))
	if got := text(t, mgr, "section[aria-labelledby=tpl-h]"); !strings.Contains(got, "Weekly provider file") {
		t.Fatalf("templates: %q", got)
	}
	shot(t, mgr, "payroll-settings", true)
	axe(t, mgr, "payroll settings")
}
