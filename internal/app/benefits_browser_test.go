package app

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOpenEnrollment completes open enrollment as an employee in
// Chromium: add a spouse and a child, elect family medical and dental
// coverage, waive vision with a reason, confirm; with a field error on
// the way, and axe on every step. Then HR reads the progress.
func TestBrowserOpenEnrollment(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	tab := newTab(t, ctx)
	// checkAll ticks every dependent on the plan step.
	checkAll := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`document.querySelectorAll('input[name=dependent_ids]').forEach(c => c.checked = true); true`)(ctx, tg)
		return chromedp.Void{}, err
	})
	signIn(t, tab, e.srv.URL, "employee@example.com")
	run(t, tab, "my benefits", chromedp.Navigate(e.srv.URL+"/benefits"), chromedp.WaitVisible(chromedp.ID("cov-h")))
	axe(t, tab, "my benefits")
	run(t, tab, "enroll", chromedp.Click(chromedp.CSS(`.callout a.btn-primary`)), chromedp.WaitVisible(chromedp.ID("d-h")))
	shot(t, tab, "benefits-enroll-dependents", true)
	axe(t, tab, "enrollment: dependents")
	add := func(rel, given, birth string) {
		run(t, tab, "add "+given, chromedp.Click(chromedp.CSS("section[aria-labelledby=d-h] details summary")), chromedp.WaitVisible(chromedp.ID("f-relationship")),
			chromedp.SetValue(chromedp.ID("f-relationship"), rel), chromedp.SetValue(chromedp.ID("f-given-name"), given), chromedp.SetValue(chromedp.ID("f-family-name"), "Brooks"),
			chromedp.SetValue(chromedp.ID("f-birth-date"), birth), chromedp.SetValue(chromedp.ID("f-gender"), "F"),
			chromedp.Click(chromedp.CSS(`form[action="/benefits/me/dependents"] button`)), chromedp.WaitVisible(chromedp.CSS(`li[data-dependent="`+given+`"]`)))
	}
	add("spouse", "Morgan", "1990-05-14")
	add("child", "Riley", "2019-03-02")
	if got := text(t, tab, "section[aria-labelledby=d-h]"); !strings.Contains(got, "Morgan Brooks") || !strings.Contains(got, "Riley Brooks") {
		t.Fatalf("dependents: %q", got)
	}
	run(t, tab, "medical", chromedp.Click(chromedp.CSS(`.form-actions a.btn-primary`)), chromedp.WaitVisible(chromedp.ID("o-h")))
	// Family coverage with the employee-only tier: refused on the field.
	run(t, tab, "wrong tier", chromedp.Click(chromedp.CSS(`input[name=choice]:not([value=waive])`)),
		chromedp.Click(chromedp.CSS(`input[name=dependent_ids]`)), chromedp.SetValue(chromedp.ID("f-tier"), "employee"),
		chromedp.Click(chromedp.CSS(`form[action*="/elect/"] .form-actions button`)), chromedp.WaitVisible(chromedp.ID("f-tier-error")))
	axe(t, tab, "enrollment: an error")
	run(t, tab, "family", checkAll,
		chromedp.SetValue(chromedp.ID("f-tier"), "family"), chromedp.Click(chromedp.CSS(`form[action*="/elect/"] .form-actions button`)), chromedp.WaitVisible(chromedp.CSS(`li.done a[href$="step=medical"]`)))
	shot(t, tab, "benefits-enroll-dental", true)
	run(t, tab, "dental", chromedp.Click(chromedp.CSS(`input[name=choice]:not([value=waive])`)),
		checkAll, chromedp.SetValue(chromedp.ID("f-tier"), "family"),
		chromedp.Click(chromedp.CSS(`form[action*="/elect/"] .form-actions button`)), chromedp.WaitVisible(chromedp.CSS(`li.done a[href$="step=dental"]`)))
	run(t, tab, "vision", chromedp.Click(chromedp.ID("f-choice-waive")), chromedp.SetValue(chromedp.ID("f-waive-reason"), "covered_by_spouse_plan"),
		chromedp.Click(chromedp.CSS(`form[action*="/elect/"] .form-actions button`)), chromedp.WaitVisible(chromedp.CSS(`li.done a[href$="step=vision"]`)))
	// Skip the remaining steps to the review.
	run(t, tab, "review", chromedp.Navigate(e.srv.URL+"/benefits/enroll/2?step=review"), chromedp.WaitVisible(chromedp.ID("r-h")))
	shot(t, tab, "benefits-enroll-review", true)
	axe(t, tab, "enrollment: review")
	review := text(t, tab, "section[aria-labelledby=r-h]")
	if !strings.Contains(review, "Family") || !strings.Contains(review, "Morgan") || !strings.Contains(review, "Waived") {
		t.Errorf("review: %q", review)
	}
	run(t, tab, "confirm", chromedp.Click(chromedp.CSS(`form[action$="/confirm"] button`)), chromedp.WaitVisible(chromedp.ID("cov-h")))
	if got := text(t, tab, ".flash"); !strings.Contains(got, "confirmed") {
		t.Errorf("after confirming: %q", got)
	}
	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "progress", chromedp.Navigate(e.srv.URL+"/benefits/windows/2"), chromedp.WaitVisible(chromedp.ID("p-h")))
	if got := text(t, gen, "section[aria-labelledby=e-h]"); !strings.Contains(got, "Taylor Brooks") {
		t.Errorf("progress lists: %.300q", got)
	}
	shot(t, gen, "benefits-progress", true)
	axe(t, gen, "enrollment progress")
	run(t, gen, "profile tab", chromedp.Navigate(e.srv.URL+"/people/"+itoa(e.empOf("lead@example.com"))+"?tab=benefits"), chromedp.WaitVisible(chromedp.CSS("h1")))
	shot(t, gen, "benefits-profile-tab", true)
	axe(t, gen, "profile benefits tab")
	for _, p := range []string{"/benefits/carriers/1", "/benefits/life-events", "/benefits/life-events/1", "/benefits/cobra", "/benefits/cobra/1", "/benefits/reports"} {
		run(t, gen, p, chromedp.Navigate(e.srv.URL+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		shot(t, gen, "benefits"+strings.ReplaceAll(strings.TrimPrefix(p, "/benefits"), "/", "-"), true)
		axe(t, gen, p)
	}
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	for _, p := range []string{"/benefits/plans", "/benefits/plans/1", "/benefits/budget", "/benefits/settings"} {
		run(t, mgr, p, chromedp.Navigate(e.srv.URL+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		shot(t, mgr, "benefits"+strings.ReplaceAll(strings.TrimPrefix(p, "/benefits"), "/", "-"), true)
		axe(t, mgr, p)
	}
	run(t, tab, "my benefits after", chromedp.Navigate(e.srv.URL+"/benefits/me"), chromedp.WaitVisible(chromedp.ID("cov-h")))
	shot(t, tab, "benefits-me", true)
}
