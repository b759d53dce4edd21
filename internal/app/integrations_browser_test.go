package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserIntegrations: the generalist makes a scoped, rate-limited
// token and reads the API reference (a copy button on each example); the
// admin adds a webhook, sees its secret once, sends a test event and
// opens the delivery; axe on every page.
func TestBrowserIntegrations(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	tab := newTab(t, ctx)
	signIn(t, tab, e.srv.URL, "generalist@example.com")
	run(t, tab, "tokens", chromedp.Navigate(e.srv.URL+"/settings/tokens"), chromedp.WaitVisible(chromedp.ID("f-scopes")))
	axe(t, tab, "API tokens")
	// Scoped without a scope: refused on the field.
	run(t, tab, "no scope", chromedp.SetValue(chromedp.ID("f-name"), "Org chart sync"), chromedp.Click(chromedp.ID("access-scoped")),
		chromedp.Click(chromedp.CSS(`form[action="/settings/tokens"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("e-scopes")))
	axe(t, tab, "API tokens: an error")
	run(t, tab, "scoped token", chromedp.Click(chromedp.ID("scope-org-read")), chromedp.Click(chromedp.ID("scope-employees-read")),
		chromedp.SetValue(chromedp.ID("f-rate-limit"), "120"), chromedp.Click(chromedp.CSS(`form[action="/settings/tokens"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new-token")))
	if got := text(t, tab, "tbody tr:first-child"); !strings.Contains(got, "employees:read") || !strings.Contains(got, "120/min") {
		t.Errorf("the new token's row: %q", got)
	}
	shot(t, tab, "integrations-tokens", true)
	run(t, tab, "API reference", chromedp.Navigate(e.srv.URL+"/settings/api"), chromedp.WaitVisible(chromedp.ID("h-scopes")))
	run(t, tab, "an operation", chromedp.Click(chromedp.CSS("#op-list-employees summary")), chromedp.WaitVisible(chromedp.CSS("#op-list-employees pre.code-block")))
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#op-list-employees .copy-btn").length`)); err != nil || n != 1 {
		t.Errorf("copy buttons on the example: %d %v", n, err)
	}
	// The page is long: a picture of the viewport at the opened operation.
	run(t, tab, "scroll", chromedp.ScrollIntoView(chromedp.ID("op-list-employees")))
	if png, err := chromedp.Run(tab, chromedp.CaptureScreenshot()); err != nil {
		t.Error(err)
	} else if dir := os.Getenv("CADRE_SCREENSHOT_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "integrations-api.png"), png, 0o644)
	}
	axe(t, tab, "API reference")

	run(t, tab, "export feeds", chromedp.Navigate(e.srv.URL+"/settings/feeds"), chromedp.WaitVisible(chromedp.ID("h-add")))
	axe(t, tab, "export feeds")
	run(t, tab, "payroll feed", chromedp.SetValue(chromedp.ID("f-name"), "Payroll bridge"), chromedp.SetValue(chromedp.ID("f-url"), "https://payroll.example.com/in"),
		chromedp.Click(chromedp.CSS(`form[action="/settings/feeds"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("new-secret")))
	axe(t, tab, "a feed's page")
	shot(t, tab, "integrations-feed", true)

	adm := newTab(t, ctx)
	signIn(t, adm, e.srv.URL, "admin@example.com")
	run(t, adm, "webhooks", chromedp.Navigate(e.srv.URL+"/admin/webhooks"), chromedp.WaitVisible(chromedp.ID("h-add")))
	axe(t, adm, "webhooks")
	run(t, adm, "bad webhook", chromedp.SetValue(chromedp.ID("f-url"), "http://hooks.example.com"), chromedp.Click(chromedp.CSS(`form[action="/admin/webhooks"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("f-url-error")))
	axe(t, adm, "webhooks: errors")
	run(t, adm, "add webhook", chromedp.SetValue(chromedp.ID("f-name"), "IT provisioning"), chromedp.SetValue(chromedp.ID("f-url"), "https://hooks.example.com/cadre"),
		chromedp.Click(chromedp.ID("ev-employee-hired")), chromedp.Click(chromedp.ID("ev-employee-terminated")),
		chromedp.Click(chromedp.CSS(`form[action="/admin/webhooks"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("new-secret")))
	if got := text(t, adm, "#new-secret"); !strings.HasPrefix(got, "whsec_") {
		t.Errorf("secret: %q", got)
	}
	shot(t, adm, "integrations-webhook-created", true)
	run(t, adm, "ping", chromedp.Click(chromedp.ID("send-ping")), chromedp.WaitVisible(chromedp.ID("deliveries")))
	axe(t, adm, "webhook")
	shot(t, adm, "integrations-webhook", true)
	run(t, adm, "delivery", chromedp.Click(chromedp.CSS("#deliveries tbody tr:first-child a")), chromedp.WaitVisible(chromedp.ID("payload")))
	axe(t, adm, "webhook delivery")
	shot(t, adm, "integrations-delivery", true)

	// Single sign-on against a real local OpenID Connect provider: the
	// admin adds it in the UI; the employee signs in with it in a fresh
	// browser context.
	issuer := startProvider(t, []opUser{{ID: "u1", Username: "taylor", Password: "op-secret-1", FirstName: "Taylor", LastName: "Brooks", Email: "employee@example.com", EmailVerified: true}},
		e.srv.URL+"/sso/acme/callback")
	run(t, adm, "SSO page", chromedp.Navigate(e.srv.URL+"/admin/sso"), chromedp.WaitVisible(chromedp.ID("h-add")))
	axe(t, adm, "single sign-on")
	run(t, adm, "bad provider", chromedp.Click(chromedp.CSS(`form[action="/admin/sso"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("f-issuer-error")))
	axe(t, adm, "single sign-on: errors")
	run(t, adm, "add provider", chromedp.SetValue(chromedp.ID("f-name"), "Acme ID"), chromedp.SetValue(chromedp.ID("f-slug"), "acme"),
		chromedp.SetValue(chromedp.ID("f-issuer"), issuer), chromedp.SetValue(chromedp.ID("f-client-id"), "cadre"), chromedp.SetValue(chromedp.ID("f-client-secret"), "cadre-secret"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/sso"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("providers")))
	if got := text(t, adm, "#providers tbody"); !strings.Contains(got, "/sso/acme/callback") {
		t.Errorf("providers: %q", got)
	}
	shot(t, adm, "integrations-sso", true)
	run(t, adm, "SCIM", chromedp.Navigate(e.srv.URL+"/admin/scim"), chromedp.WaitVisible(chromedp.ID("h-add")))
	axe(t, adm, "SCIM")
	run(t, adm, "SCIM client", chromedp.SetValue(chromedp.ID("f-name"), "Okta provisioning"), chromedp.Click(chromedp.ID("f-can-write")),
		chromedp.Click(chromedp.CSS(`form[action="/admin/scim"] button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("new-scim-token")))
	shot(t, adm, "integrations-scim", true)
	mgr := newTab(t, ctx)
	signIn(t, mgr, e.srv.URL, "manager@example.com")
	run(t, mgr, "provisioning", chromedp.Navigate(e.srv.URL+"/settings/provisioning"), chromedp.WaitVisible(chromedp.ID("wr-nickName")))
	axe(t, mgr, "provisioning settings")
	emp := newTab(t, ctx)
	run(t, emp, "sign-in page", chromedp.Navigate(e.srv.URL+"/login"), chromedp.WaitVisible(chromedp.ID("sso-acme")))
	shot(t, emp, "integrations-sso-login", true)
	axe(t, emp, "sign-in with a provider")
	run(t, emp, "provider", chromedp.Click(chromedp.ID("sso-acme")), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SetValue(chromedp.ID("username"), "taylor"), chromedp.SetValue(chromedp.ID("password"), "op-secret-1"),
		chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".page-head h1")))
	if got := text(t, emp, ".user-menu summary"); !strings.Contains(got, "Taylor") {
		t.Errorf("signed in as %q", got)
	}
}
