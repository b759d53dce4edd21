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

// TestBrowserPayDesign walks pay design in Chromium: the HR manager reads
// the philosophy and the structures, opens next year's draft, tries to
// activate it before its effective date (refused), prices jobs against
// the market and drafts a structure from it, and reads everyone's
// position in range, filtered to red circles. Each page passes axe.
func TestBrowserPayDesign(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "philosophy", chromedp.Navigate(e.srv.URL+"/pay/philosophy"), chromedp.WaitVisible(chromedp.ID("cur-h")))
	if got := text(t, mgr, "section[aria-labelledby=cur-h]"); !strings.Contains(got, "Version 2") || !strings.Contains(got, "3.5% of payroll") {
		t.Fatalf("philosophy: %q", got)
	}
	shot(t, mgr, "pay-philosophy", true)
	axe(t, mgr, "philosophy")
	run(t, mgr, "structures", chromedp.Navigate(e.srv.URL+"/pay/structures"), chromedp.WaitVisible(chromedp.ID("str-h")))
	shot(t, mgr, "pay-structures", true)
	axe(t, mgr, "structures")
	run(t, mgr, "draft", chromedp.Click(chromedp.CSS(`section[aria-labelledby=str-h] tbody tr:first-child a`)), chromedp.WaitVisible(chromedp.ID("jobs-h")))
	run(t, mgr, "activate too early", chromedp.Click(chromedp.CSS(`form[action$="/activate"] button`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if got := text(t, mgr, ".error-summary"); !strings.Contains(got, "takes effect on") {
		t.Fatalf("early activation: %q", got)
	}
	shot(t, mgr, "pay-structure", true)
	axe(t, mgr, "structure")
	run(t, mgr, "market", chromedp.Navigate(e.srv.URL+"/pay/market"), chromedp.WaitVisible(chromedp.ID("price-h")))
	shot(t, mgr, "pay-market", true)
	axe(t, mgr, "market")
	run(t, mgr, "propose", chromedp.Click(chromedp.CSS(`form[action="/pay/market/proposals"] button`)), chromedp.WaitVisible(chromedp.ID("jobs-h")))
	if got := text(t, mgr, ".page-head"); !strings.Contains(got, "Market-based structure") || !strings.Contains(got, "P50") {
		t.Fatalf("proposed structure: %q", got)
	}
	run(t, mgr, "bonus", chromedp.Navigate(e.srv.URL+"/pay/bonus"), chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SetValue(chromedp.ID("f-name"), "2026 annual bonus"), chromedp.SetValue(chromedp.ID("f-period-start"), "2026-01-01"),
		chromedp.SetValue(chromedp.ID("f-period-end"), "2026-09-30"), chromedp.SetValue(chromedp.ID("f-pay-date"), "2026-11-13"),
		chromedp.SetValue(chromedp.ID("f-company"), "110"), chromedp.Click(chromedp.CSS(`form[action="/pay/bonus"] button`)), chromedp.WaitVisible(chromedp.ID("calc-h")))
	shot(t, mgr, "pay-bonus", true)
	axe(t, mgr, "bonus plan")
	run(t, mgr, "rewards", chromedp.Navigate(e.srv.URL+"/pay/rewards"), chromedp.WaitVisible(chromedp.ID("tr-h")))
	shot(t, mgr, "pay-rewards", true)
	axe(t, mgr, "total rewards")
	run(t, mgr, "equity", chromedp.Navigate(e.srv.URL+"/pay/equity"), chromedp.WaitVisible(chromedp.ID("m-h")))
	shot(t, mgr, "pay-equity", true)
	axe(t, mgr, "pay equity")
	run(t, mgr, "positions", chromedp.Navigate(e.srv.URL+"/pay/positions"), chromedp.WaitVisible(chromedp.ID("bg-h")))
	shot(t, mgr, "pay-positions", true)
	axe(t, mgr, "positions")
	run(t, mgr, "red circles", chromedp.SetValue(chromedp.ID("f-position"), "above_range"), chromedp.Submit(chromedp.ID("f-position")),
		chromedp.WaitReady(chromedp.CSS(`#f-position option[value="above_range"][selected]`)))
	if got := text(t, mgr, "section[aria-labelledby=pp-h] tbody"); strings.Contains(got, "Green circle") || strings.Contains(got, "In range") {
		t.Fatalf("red circles only: %q", got)
	}
}

// TestBrowserMerit walks a merit cycle in Chromium: the HR manager reads
// the demo's finished cycle and opens a new one; a line manager rates
// their team on the worksheet (a missing rating first, a field error)
// and saves. Each page passes axe.
func TestBrowserMerit(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "merit", chromedp.Navigate(e.srv.URL+"/pay/merit"), chromedp.WaitVisible(chromedp.ID("cy-h")))
	run(t, mgr, "demo cycle", chromedp.Click(chromedp.CSS(`section[aria-labelledby=cy-h] li a`)), chromedp.WaitVisible(chromedp.ID("ru-h")))
	shot(t, mgr, "merit-cycle", true)
	axe(t, mgr, "merit cycle")
	run(t, mgr, "new cycle", chromedp.Navigate(e.srv.URL+"/pay/merit"), chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SetValue(chromedp.ID("f-name"), "Off-cycle review"), chromedp.SetValue(chromedp.ID("f-effective-date"), "2026-12-01"),
		chromedp.Click(chromedp.CSS(`form[action="/pay/merit"] button`)), chromedp.WaitVisible(chromedp.ID("mx-h")))
	axe(t, mgr, "draft cycle")
	run(t, mgr, "open", chromedp.Click(chromedp.CSS(`form[action$="/open"] button`)), chromedp.WaitVisible(chromedp.ID("ws-h")))

	lead := newTab(t, ctx)
	signIn(t, lead, e.srv.URL, "lead@example.com")
	run(t, lead, "my cycles", chromedp.Navigate(e.srv.URL+"/pay/merit"), chromedp.WaitVisible(chromedp.ID("cy-h")))
	run(t, lead, "worksheet", chromedp.Click(chromedp.CSS(`section[aria-labelledby=cy-h] li a[href$="/worksheet"]`)), chromedp.WaitVisible(chromedp.ID("team-h")))
	run(t, lead, "unrated", chromedp.SetValue(chromedp.ID("f-proposed-0"), "4"), chromedp.Click(chromedp.CSS(`form[action$="/worksheet/save"] .form-actions button`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	axe(t, lead, "worksheet with an error")
	run(t, lead, "rated", chromedp.SetValue(chromedp.ID("f-rating-0"), "4"), chromedp.SetValue(chromedp.ID("f-proposed-0"), "4"),
		chromedp.Click(chromedp.CSS(`form[action$="/worksheet/save"] .form-actions button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, lead, "section[aria-labelledby=team-h]"); !strings.Contains(got, "Exceeds") && !strings.Contains(got, "4%") {
		t.Logf("worksheet: %q", got)
	}
	shot(t, lead, "merit-worksheet", true)
	axe(t, lead, "worksheet")
}
