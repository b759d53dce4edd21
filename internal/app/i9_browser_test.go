package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/access"
)

// TestBrowserI9 walks a new hire's Form I-9 in Chromium: the employee
// completes Section 1 (the attestation missing first, a field error), the
// generalist completes Section 2 with a List B and a List C document,
// then reads the tracker and the audit report. Each page passes axe.
func TestBrowserI9(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	id := hireFor(t, e, "ines.okafor@northwind.example", "2026-11-09")
	if _, err := e.svc.Access.CreateUser(context.Background(), access.System, access.UserInput{Email: "ines.okafor@northwind.example", Name: "Ines Okafor", Password: "cadre-demo"}); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/people/%d/i9", e.srv.URL, id)
	me := newTab(t, ctx)
	signIn(t, me, e.srv.URL, "ines.okafor@northwind.example")
	// The new hire's home page asks for Section 1.
	run(t, me, "home", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("h-acks")))
	if got := text(t, me, "#acks"); !strings.Contains(got, "Section 1 of your Form I-9, due Nov 9") {
		t.Fatalf("home: %q", got)
	}
	run(t, me, "own form", chromedp.Click(chromedp.CSS(`#acks a[href$="/i9"]`)), chromedp.WaitVisible(chromedp.ID("f-citizenship")))
	run(t, me, "no attestation", chromedp.SetValue(chromedp.ID("f-citizenship"), "citizen"),
		chromedp.Click(chromedp.CSS(`form[action$="/i9/section1"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-attest-error")))
	axe(t, me, "section 1 with an error")
	run(t, me, "sign", chromedp.SetValue(chromedp.ID("f-citizenship"), "citizen"), chromedp.Click(chromedp.ID("f-attest")),
		chromedp.Click(chromedp.CSS(`form[action$="/i9/section1"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, me, "#s1-h + .card-body, section[aria-labelledby=s1-h]"); !strings.Contains(got, "A citizen of the United States") {
		t.Fatalf("section 1 after signing: %q", got)
	}
	shot(t, me, "i9-employee", true)

	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "form", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("f-choice-bc")))
	run(t, gen, "section 2", chromedp.Click(chromedp.ID("f-choice-bc")),
		chromedp.SetValue(chromedp.ID("f-b-type"), "drivers_license"), chromedp.SetValue(chromedp.ID("f-b-issuer"), "California"),
		chromedp.SetValue(chromedp.ID("f-b-number"), "D7654321"), chromedp.SetValue(chromedp.ID("f-b-expires"), "2030-04-01"),
		chromedp.SetValue(chromedp.ID("f-c-type"), "social_security_card"), chromedp.SetValue(chromedp.ID("f-c-number"), "123456789"),
		chromedp.Click(chromedp.CSS(`form[action$="/i9/section2"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, gen, ".page-head"); !strings.Contains(got, "Complete") {
		t.Fatalf("status after section 2: %q", got)
	}
	if got := text(t, gen, "section[aria-labelledby=s2-h]"); !strings.Contains(got, "•••• 4321") || strings.Contains(got, "D7654321") {
		t.Fatalf("documents shown: %q", got)
	}
	shot(t, gen, "i9-form", true)
	axe(t, gen, "form I-9")
	run(t, gen, "tracker", chromedp.Navigate(e.srv.URL+"/compliance/i9?view=reverify"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, gen, "i9-tracker", true)
	axe(t, gen, "I-9 tracker")
	run(t, gen, "audit", chromedp.Navigate(e.srv.URL+"/compliance/i9/audit"), chromedp.WaitVisible(chromedp.ID("ck-h")))
	shot(t, gen, "i9-audit", true)
	axe(t, gen, "I-9 audit")
}

// TestBrowserRecordsAndMatters walks the retention dashboard and the
// legal matters in Chromium: the HR manager places a legal hold (an
// error first), the generalist asks for the purge, and the manager reads
// the demo's EEOC charge. Each page passes axe.
func TestBrowserRecordsAndMatters(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "records", chromedp.Navigate(e.srv.URL+"/compliance/records"), chromedp.WaitVisible(chromedp.ID("types-h")))
	run(t, mgr, "hold error", chromedp.SetValue(chromedp.ID("f-employee"), "employee@example.com"),
		chromedp.Click(chromedp.CSS(`form[action="/compliance/holds"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-reason-error")))
	axe(t, mgr, "records with an error")
	run(t, mgr, "hold", chromedp.SetValue(chromedp.ID("f-reason"), "Preservation letter from counsel"),
		chromedp.Click(chromedp.CSS(`form[action="/compliance/holds"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, mgr, "section[aria-labelledby=holds-h]"); !strings.Contains(got, "Preservation letter from counsel") {
		t.Fatalf("hold not listed: %q", got)
	}
	shot(t, mgr, "records", true)
	axe(t, mgr, "records")
	run(t, mgr, "matters", chromedp.Navigate(e.srv.URL+"/compliance/matters"), chromedp.WaitVisible(chromedp.ID("list-h")))
	axe(t, mgr, "legal matters")
	run(t, mgr, "matter", chromedp.Click(chromedp.CSS(`a[href^="/compliance/matters/"]`)), chromedp.WaitVisible(chromedp.ID("req-h")))
	shot(t, mgr, "legal-matter", true)
	axe(t, mgr, "legal matter")

	gen := newTab(t, ctx)
	signIn(t, gen, e.srv.URL, "generalist@example.com")
	run(t, gen, "purge", chromedp.Navigate(e.srv.URL+"/compliance/records"), chromedp.WaitVisible(chromedp.ID("due-h")),
		chromedp.Click(chromedp.CSS(`form[action="/compliance/records/purges"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, gen, "section[aria-labelledby=due-h]"); !strings.Contains(got, "waiting for the HR manager") {
		t.Fatalf("purge not pending: %q", got)
	}
}
