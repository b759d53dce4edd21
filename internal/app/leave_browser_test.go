package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/store/storetest"
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

// TestBrowserFMLACaseToDesignation walks an FMLA case from the
// employee's request to the designation notice in Chromium: the employee
// asks for leave; the generalist sends the eligibility and rights
// notices, asks for certification, records it incomplete (a field error
// first), sends the deficiency notice, records it complete with the file,
// designates the leave and sends the designation notice; the employee
// then sees their case, its notices and balance. The notices arrive
// through SMTP with their PDFs. Each page passes axe.
func TestBrowserFMLACaseToDesignation(t *testing.T) {
	ctx := browserCtx(t)
	db := storetest.Open(t)
	e, srv, _ := mailEnv(t, db)
	eligibleWorksite(t, e, db, "employee@example.com")
	emp := newTab(t, ctx)
	signIn(t, emp, e.srv.URL, "employee@example.com")
	start := testToday.AddDays(21)
	run(t, emp, "request", chromedp.Navigate(e.srv.URL+"/leave/cases/new"), chromedp.WaitVisible(chromedp.ID("f-reason")),
		chromedp.SetValue(chromedp.ID("f-reason"), "family_health"), chromedp.SetValue(chromedp.ID("f-schedule"), "continuous"),
		chromedp.SetValue(chromedp.ID("f-starts-on"), start.String()), chromedp.SetValue(chromedp.ID("f-ends-on"), start.AddDays(27).String()),
		chromedp.Click(chromedp.CSS(`form[action="/leave/cases/new"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("progress-h")))
	loc, err := chromedp.Run(emp, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text(t, emp, "h1"), "Your family and medical leave") {
		t.Errorf("employee's heading: %s", text(t, emp, "h1"))
	}
	axe(t, emp, "employee's new case")

	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	caseURL := loc
	send := func(kind string) {
		t.Helper()
		run(t, gen, "send "+kind, chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("f-kind")), chromedp.SetValue(chromedp.ID("f-kind"), kind),
			chromedp.Click(chromedp.CSS(`form[action$="/notices"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	}
	send("eligibility")
	send("rights")
	run(t, gen, "ask for certification", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("f-requested-on")),
		chromedp.Click(chromedp.CSS(`form[action$="/certification-request"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-complete")))
	shot(t, gen, "leave-case-certification", true)
	axe(t, gen, "case with the certification form")
	// Incomplete without saying what is missing: a field error.
	run(t, gen, "incomplete, no text", chromedp.Click(chromedp.ID("f-complete-no")),
		chromedp.Click(chromedp.CSS(`form[action$="/certification"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-deficiency-error")))
	axe(t, gen, "certification errors")
	run(t, gen, "incomplete", chromedp.Click(chromedp.ID("f-complete-no")), chromedp.SetValue(chromedp.ID("f-deficiency"), "The expected duration of care is missing."),
		chromedp.Click(chromedp.CSS(`form[action$="/certification"] button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`#f-kind option[value="deficiency"]`)))
	send("deficiency")
	dir := t.TempDir()
	certFile := filepath.Join(dir, "certification.pdf")
	if b, err := leave.NoticePDF("Dr. Ada Lane", "WH-380-F", "Certification", "Signed."); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(certFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, gen, "complete", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("f-complete-yes")), chromedp.Click(chromedp.ID("f-complete-yes")),
		chromedp.SetUploadFiles(`#f-file`, []string{certFile}),
		chromedp.Click(chromedp.CSS(`form[action$="/certification"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#certification a[href^="/leave/certifications/"]`)))
	if !strings.Contains(text(t, gen, "#certification"), "certification.pdf") {
		t.Errorf("certification card: %s", text(t, gen, "#certification"))
	}
	run(t, gen, "designate", chromedp.Click(chromedp.ID("f-outcome-approve")),
		chromedp.Click(chromedp.CSS(`form[action$="/designation"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#designation .badge-approved`)))
	send("designation")
	run(t, gen, "case", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("notices")))
	shot(t, gen, "leave-case-designated", true)
	axe(t, gen, "designated case")
	if n := text(t, gen, "#notices"); strings.Count(n, "Open PDF") != 4 {
		t.Errorf("notices: %s", n)
	}

	// The employee sees the notices and the balance, not the medical file.
	run(t, emp, "own case", chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("notices")))
	shot(t, emp, "leave-case-employee", true)
	if s := text(t, emp, "main"); !strings.Contains(s, "Designated") || !strings.Contains(s, "hours available") || strings.Contains(s, "Medical details") || strings.Contains(s, "certification.pdf") {
		t.Errorf("employee's view: %s", s)
	}
	axe(t, emp, "employee's designated case")
	for _, subject := range []string{"eligibility", "rights and responsibilities", "incomplete", "Designation"} {
		waitMail(t, srv, "employee@example.com", subject)
	}

	// The HR manager's dashboard and settings.
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "dashboard", chromedp.Navigate(e.srv.URL+"/leave/dashboard"), chromedp.WaitVisible(chromedp.ID("due-h")))
	shot(t, mgr, "leave-dashboard", true)
	axe(t, mgr, "leave dashboard")
	run(t, mgr, "settings", chromedp.Navigate(e.srv.URL+"/settings/leave?edit=ny_pfl#program-form"), chromedp.WaitVisible(chromedp.ID("f-weeks")))
	shot(t, mgr, "leave-settings", true)
	axe(t, mgr, "leave settings")
}

// TestBrowserPolicyPages: the employee reads a policy and acknowledges it
// (a wrong name first); the generalist sees the library, the tracking and
// the draft form. Each page passes axe.
func TestBrowserPolicyPages(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	emp := newTab(t, ctx)
	signIn(t, emp, e.srv.URL, "employee@example.com")
	run(t, emp, "library", chromedp.Navigate(e.srv.URL+"/policies"), chromedp.WaitVisible(chromedp.ID("ack-h")))
	axe(t, emp, "policy library")
	run(t, emp, "policy", chromedp.Click(chromedp.CSS(`section[aria-labelledby="ack-h"] ul a`)), chromedp.WaitVisible(chromedp.ID("f-signed-name")))
	run(t, emp, "wrong name", chromedp.SetValue(chromedp.ID("f-signed-name"), "Someone"), chromedp.Click(chromedp.CSS(`form[action$="/acknowledge"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("f-signed-name-error")))
	shot(t, emp, "policy-acknowledge", true)
	axe(t, emp, "policy with the acknowledgment form")
	run(t, emp, "sign", chromedp.SetValue(chromedp.ID("f-signed-name"), "Taylor Brooks"), chromedp.Click(chromedp.CSS(`form[action$="/acknowledge"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if s := text(t, emp, "main"); !strings.Contains(s, "You acknowledged version") {
		t.Errorf("after signing: %s", s)
	}
	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "library", chromedp.Navigate(e.srv.URL+"/policies"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, gen, "policy-library", true)
	run(t, gen, "tracking", chromedp.Click(chromedp.CSS(`table.table a[href^="/policies/"]`)), chromedp.WaitVisible(chromedp.ID("track-h")))
	shot(t, gen, "policy-tracking", true)
	axe(t, gen, "policy tracking")
	run(t, gen, "form", chromedp.Navigate(e.srv.URL+"/policies/new"), chromedp.WaitVisible(chromedp.ID("f-body")))
	axe(t, gen, "policy form")
}
