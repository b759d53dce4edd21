package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit"
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
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "eeo-1", chromedp.Navigate(e.srv.URL+"/compliance/eeo1"), chromedp.WaitVisible(chromedp.ID("filing-h")))
	shot(t, mgr, "eeo1", true)
	axe(t, mgr, "EEO-1 report")
	run(t, mgr, "calendar", chromedp.Navigate(e.srv.URL+"/compliance/calendar?from=2026-11-02"), chromedp.WaitVisible(chromedp.CSS(".page-head h1")))
	shot(t, mgr, "compliance-calendar", true)
	axe(t, mgr, "compliance calendar")
	run(t, mgr, "changes", chromedp.Navigate(e.srv.URL+"/compliance/changes"), chromedp.WaitVisible(chromedp.ID("f-title")))
	axe(t, mgr, "legislative changes")
}

// TestBrowserPolicyToFullAcknowledgment walks a policy from draft to 100%
// acknowledged in one org unit: the generalist drafts it for the employee
// persona's unit and sends it for approval; the HR manager approves it
// on the approvals page; every member of the unit signs in and
// acknowledges; the tracking shows the unit at 100%.
func TestBrowserPolicyToFullAcknowledgment(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	_, emp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", e.empOf("employee@example.com")), nil)
	unit := num64(emp["org_unit_id"])
	_, members, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees?org_unit_id=%d&limit=500", unit), nil)
	var emails []string
	for _, it := range members["items"].([]any) {
		m := it.(map[string]any)
		email, _ := m["work_email"].(string)
		if email == "" {
			t.Fatalf("a member without a work email: %v", m)
		}
		emails = append(emails, email)
		// Everyone in the unit gets an account to sign in with.
		if _, err := e.svc.Access.CreateUser(context.Background(), access.System, access.UserInput{Email: email, Name: fmt.Sprint(m["given_name"], " ", m["family_name"]),
			Password: "cadre-demo"}); err != nil && !strings.Contains(kit.FieldsOf(err)["email"], "already exists") {
			t.Fatal(err)
		}
	}
	if len(emails) < 2 {
		t.Fatalf("the unit has %d members", len(emails))
	}

	g := newTab(t, ctx)
	signIn(t, g, e.srv.URL, "generalist@example.com")
	run(t, g, "draft", chromedp.Navigate(e.srv.URL+"/policies/new"), chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SetValue(chromedp.ID("f-title"), "Team phone etiquette"), chromedp.SetValue(chromedp.ID("f-category"), "workplace"),
		chromedp.SetValue(chromedp.ID("f-body"), "# Phone etiquette\n\nAnswer within three rings and give your name."),
		chromedp.SetValue(chromedp.ID("f-org-unit-ids"), itoa(unit)),
		chromedp.Click(chromedp.CSS(`form[action="/policies/new"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`form[action$="/submit"]`)))
	// Wait for the submission's own page: the draft's page also has a
	// flash, so waiting for any flash could read the draft's.
	run(t, g, "submit", chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)), chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/submit"]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	loc, err := chromedp.Run(g, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	var pid int64
	fmt.Sscanf(loc, "/policies/%d", &pid)
	_, p, _ := gen.do("GET", fmt.Sprintf("/api/v1/policies/%d", pid), nil)
	ap := num64(p["versions"].([]any)[0].(map[string]any)["approval_id"])

	m := newTab(t, ctx)
	signIn(t, m, e.srv.URL, "manager@example.com")
	card := "section#a" + itoa(ap)
	run(t, m, "approvals", chromedp.Navigate(e.srv.URL+"/approvals"), chromedp.WaitVisible(chromedp.CSS(card)))
	if _, err := chromedp.Run(m, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	run(t, m, "approve", chromedp.Click(chromedp.CSS(card+` form[action$="/decide"] button[value=approve]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))

	for _, email := range emails {
		tab := newTab(t, ctx)
		signIn(t, tab, e.srv.URL, email)
		_, who, _ := e.api(email).do("GET", "/api/v1/me", nil)
		if num64(who["employee_id"]) == 0 {
			t.Fatalf("%s has no employee: %v", email, who)
		}
		_, rec, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", num64(who["employee_id"])), nil)
		name := fmt.Sprint(rec["given_name"], " ", rec["family_name"])
		run(t, tab, "acknowledge "+email, chromedp.Navigate(fmt.Sprintf("%s/policies/%d", e.srv.URL, pid)), chromedp.WaitVisible(chromedp.ID("f-signed-name")),
			chromedp.SetValue(chromedp.ID("f-signed-name"), name), chromedp.Click(chromedp.CSS(`form[action$="/acknowledge"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".flash")))
	}
	run(t, g, "tracking", chromedp.Navigate(fmt.Sprintf("%s/policies/%d", e.srv.URL, pid)), chromedp.WaitVisible(chromedp.ID("track-h")))
	shot(t, g, "policy-fully-acknowledged", true)
	axe(t, g, "policy tracking at 100%")
	if s := text(t, g, "#tracking"); !strings.Contains(s, fmt.Sprintf("%d of %d", len(emails), len(emails))) || !strings.Contains(s, "100%") {
		t.Errorf("tracking: %s", s)
	}
}
