package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/hiring"
)

// browserCtx starts headless Chromium, or skips unless CADRE_BROWSER_TESTS=1
// (which .ci/run sets, making a missing browser a failure).
func browserCtx(t *testing.T) context.Context {
	t.Helper()
	if os.Getenv("CADRE_BROWSER_TESTS") != "1" {
		t.Skip("set CADRE_BROWSER_TESTS=1 (with Debian's chromium installed) to run browser tests")
	}
	path := "/usr/bin/chromium"
	if p := os.Getenv("CADRE_CHROMIUM"); p != "" {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("CADRE_BROWSER_TESTS=1 but no Chromium at %s: %v", path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	watchCSP(t, ctx)
	return ctx
}

// cspWatcher records the page's Content-Security-Policy violations (the
// script runs before the page's own, from the DevTools protocol, which the
// policy does not apply to); axe reports them with its findings.
const cspWatcher = `if (!window.__cspViolations) { window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || location.pathname) + ':' + e.lineNumber)); }`

// watchCSP installs cspWatcher in a tab's future documents.
func watchCSP(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatcher}); err != nil {
		t.Fatalf("install the CSP watcher: %v", err)
	}
}

// shot saves a screenshot into CADRE_SCREENSHOT_DIR (always) or, on
// failure, into the test's output directory.
func shot(t *testing.T, ctx context.Context, name string, always bool) {
	t.Helper()
	dir := os.Getenv("CADRE_SCREENSHOT_DIR")
	if dir == "" {
		if !always && !t.Failed() {
			return
		}
		dir = filepath.Join(os.TempDir(), "cadre-screenshots")
	}
	if !always && !t.Failed() {
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err == nil {
		t.Logf("screenshot: %s", p)
	}
}

func run(t *testing.T, ctx context.Context, name string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		shot(t, ctx, "failed-"+name, true)
		t.Fatalf("%s: %v", name, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		shot(t, ctx, "failed-text", true)
		t.Fatalf("text %s: %v", sel, err)
	}
	return s
}

// axe runs the vendored axe-core and fails on serious or critical issues.
func axe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src, err := os.ReadFile("../web/ui/static/vendor/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	found, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe run: %v", err)
	}
	for _, f := range found {
		t.Errorf("axe on %s: %s", page, f)
	}
	csp, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`window.__cspViolations || []`))
	if err != nil {
		t.Fatalf("read CSP violations: %v", err)
	}
	for _, v := range csp {
		t.Errorf("Content-Security-Policy on %s: %s", page, v)
	}
}

func signIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	watchCSP(t, ctx)
	run(t, ctx, "sign in "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SetValue(chromedp.ID("email"), email),
		chromedp.SetValue(chromedp.ID("password"), "cadre-demo"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".page-head h1")),
	)
}

// TestBrowserEveryRoleWalksDirectoryProfileOrgChart signs in as each demo
// role in real Chromium and walks home → directory → profile → org chart.
func TestBrowserEveryRoleWalksDirectoryProfileOrgChart(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	roles := []struct {
		email, who string
		directory  bool
	}{
		{"generalist@example.com", "generalist", true},
		{"manager@example.com", "manager", true},
		{"director@example.com", "director", true},
		{"lead@example.com", "lead", true},
		{"employee@example.com", "employee", true},
		{"admin@example.com", "admin", false},
	}
	for _, r := range roles {
		// Each role gets a fresh browser tab with its own cookies.
		tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		// The first action on a tab must not carry a timeout (it would
		// close the tab when it expires).
		if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		signIn(t, tab, base, r.email)
		shot(t, tab, r.who+"-home", true)
		if r.who == "manager" || r.who == "generalist" {
			axe(t, tab, r.who+" home")
		}
		if r.who == "generalist" {
			run(t, tab, "a task", chromedp.Click(chromedp.CSS(`table.table a[href^="/tasks/"]`)), chromedp.WaitVisible(chromedp.CSS(".with-side")))
			shot(t, tab, "generalist-task", true)
			axe(t, tab, "task")
		}
		if !r.directory {
			run(t, tab, "admin users", chromedp.Navigate(base+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("table.table")))
			shot(t, tab, r.who+"-users", true)
			cancel()
			continue
		}
		run(t, tab, r.who+" directory",
			chromedp.Navigate(base+"/people"),
			chromedp.WaitVisible(chromedp.CSS("table.table tbody tr")),
			chromedp.SetValue(chromedp.ID("dq"), "taylor brooks"),
			chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips")),
		)
		if got := text(t, tab, "table.table tbody"); !strings.Contains(got, "Taylor Brooks") {
			t.Fatalf("%s: search for brooks shows %q", r.who, got)
		}
		shot(t, tab, r.who+"-directory", true)
		if r.who == "generalist" {
			axe(t, tab, "directory")
		}
		run(t, tab, r.who+" profile",
			chromedp.Click(chromedp.CSS(`table.table tbody tr a[href^="/people/"]`)),
			chromedp.WaitVisible(chromedp.CSS(".profile-head h1")),
		)
		if got := text(t, tab, ".profile-head h1"); got != "Taylor Brooks" {
			t.Fatalf("%s: profile shows %q", r.who, got)
		}
		tabs := text(t, tab, ".tabs")
		canPay := r.who != "lead"
		if strings.Contains(tabs, "Pay") != canPay {
			t.Errorf("%s: pay tab shown=%v, want %v (tabs %q)", r.who, strings.Contains(tabs, "Pay"), canPay, tabs)
		}
		shot(t, tab, r.who+"-profile", true)
		if r.who == "generalist" {
			axe(t, tab, "profile")
			run(t, tab, "pay tab", chromedp.Click(chromedp.CSS(`.tabs a[href="?tab=pay"]`)), chromedp.WaitVisible(chromedp.CSS(".confidential")))
			shot(t, tab, "generalist-profile-pay", true)
			run(t, tab, "history tab", chromedp.Click(chromedp.CSS(`.tabs a[href="?tab=history"]`)), chromedp.WaitVisible(chromedp.CSS(".timeline")))
			shot(t, tab, "generalist-profile-history", true)
		}
		run(t, tab, r.who+" org chart",
			chromedp.Click(chromedp.CSS(`.nav a[href="/org-chart"]`)),
			chromedp.WaitVisible(chromedp.CSS(".orgchart .org-node")),
		)
		// Expand the first person with reports (htmx loads the level).
		run(t, tab, r.who+" expand",
			chromedp.Click(chromedp.CSS(`.orgchart details > summary`)),
			chromedp.WaitVisible(chromedp.CSS(`.orgchart details[open] ul .org-node`)),
		)
		shot(t, tab, r.who+"-orgchart", true)
		if r.who == "employee" {
			axe(t, tab, "org chart")
		}
		cancel()
	}
}

// TestBrowserHireWithErrorsThenSuccess fills the hire form as a generalist.
func TestBrowserHireWithErrorsThenSuccess(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	signIn(t, ctx, base, "generalist@example.com")
	run(t, ctx, "open hire form",
		chromedp.Navigate(base+"/people/new"),
		chromedp.WaitVisible(chromedp.ID("f-given-name")),
		chromedp.SetValue(chromedp.ID("f-given-name"), "Noor"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	shot(t, ctx, "hire-errors", true)
	axe(t, ctx, "hire form with errors")
	if got := text(t, ctx, "#f-family-name-error"); got == "" {
		t.Fatal("no family name error")
	}
	run(t, ctx, "fix and hire",
		chromedp.SetValue(chromedp.ID("f-family-name"), "Haddad"),
		chromedp.SetValue(chromedp.ID("f-work-email"), "noor.haddad@northwind.example"),
		chromedp.SetValue(chromedp.ID("f-org-unit-id"), "2"),
		chromedp.SetValue(chromedp.ID("f-location-id"), "1"),
		chromedp.SetValue(chromedp.ID("f-job-id"), "1"),
		chromedp.SetValue(chromedp.ID("f-pay-amount"), "98000"),
		chromedp.SetValue(chromedp.ID("f-pay-per"), "year"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".profile-head")),
	)
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "Hired Noor Haddad") {
		t.Fatalf("flash %q", got)
	}
	shot(t, ctx, "hire-done", true)
}

// TestBrowserApprovalChainLineManager: an HR director puts the line
// manager in front of the HR manager for terminations; the line manager
// finds the request on their home page and approves it in Chromium.
func TestBrowserApprovalChainLineManager(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	dirTab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(dirTab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	signIn(t, dirTab, base, "director@example.com")
	run(t, dirTab, "chain editor",
		chromedp.Navigate(base+"/settings/approvals/termination"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="steps[0].approvers"]`)),
		// Step 1: the line manager instead of the HR manager; step 2: the HR manager.
		chromedp.Click(chromedp.ID("f-steps-0-approvers-hr-manager")),
		chromedp.Click(chromedp.ID("f-steps-0-approvers-line-manager")),
		chromedp.Click(chromedp.ID("f-steps-1-approvers-hr-manager")),
	)
	shot(t, dirTab, "chain-editor", true)
	axe(t, dirTab, "chain editor")
	run(t, dirTab, "save chain",
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("chain-termination")),
	)
	if got := text(t, dirTab, "#chain-termination"); !strings.Contains(got, "Step 1: Line manager") || !strings.Contains(got, "Step 2: HR manager") {
		t.Fatalf("saved chain: %q", got)
	}
	shot(t, dirTab, "chain-list", true)
	emp := e.actorOf("employee@example.com").EmployeeID
	s, ap, _ := e.api("generalist@example.com").do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "resignation", "voluntary": true})
	if s != 201 {
		t.Fatalf("request: %d %v", s, ap)
	}
	// The demo's line manager has time-off requests waiting too: act on
	// the termination's card.
	card := "section#a" + itoa(num64(ap["id"]))
	leadTab, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	if err := chromedp.Do(leadTab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	signIn(t, leadTab, base, "lead@example.com")
	if got := text(t, leadTab, "main"); !strings.Contains(got, "Waiting on your decision") || !strings.Contains(got, "Terminate Taylor Brooks") {
		t.Fatalf("the line manager's home does not show the request: %q", got)
	}
	shot(t, leadTab, "lead-home-approval", true)
	run(t, leadTab, "approve",
		chromedp.Click(chromedp.CSS(`a[href="/approvals/`+itoa(num64(ap["id"]))+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/decide"]`)),
	)
	if _, err := chromedp.Run(leadTab, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	axe(t, leadTab, "approvals")
	run(t, leadTab, "approve click",
		chromedp.Click(chromedp.CSS(card+` form[action$="/decide"] button[value=approve]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Navigate(base+"/approvals?status=all"),
		chromedp.WaitVisible(chromedp.CSS(".route")),
	)
	if got := text(t, leadTab, "main"); !strings.Contains(got, "Waiting on an HR manager") {
		t.Fatalf("after the line manager's approval: %q", got)
	}
	shot(t, leadTab, "lead-approvals-after", true)
}

// TestBrowserRecruitingRequisition: a generalist drafts a requisition in
// Chromium, submits it, and the HR manager approves it; the plan and the
// requisition pages pass axe.
func TestBrowserRecruitingRequisition(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	body := e.reqBody(t)
	genTab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(genTab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	signIn(t, genTab, base, "generalist@example.com")
	run(t, genTab, "recruiting list", chromedp.Click(chromedp.CSS(`.nav a[href="/hiring"]`)), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, genTab, "recruiting-list", true)
	axe(t, genTab, "recruiting list")
	run(t, genTab, "new requisition",
		chromedp.Navigate(base+"/hiring/requisitions/new"),
		chromedp.WaitVisible(chromedp.ID("f-job-id")),
		chromedp.SetValue(chromedp.ID("f-job-id"), itoa(body["job_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-org-unit-id"), itoa(body["org_unit_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-location-id"), itoa(body["location_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-headcount"), "2"),
		chromedp.SetValue(chromedp.ID("f-hiring-manager-email"), "lead@example.com"),
		chromedp.SetValue(chromedp.ID("f-justification"), "Holiday season volume."),
	)
	shot(t, genTab, "requisition-form", true)
	axe(t, genTab, "requisition form")
	run(t, genTab, "save and submit",
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/submit"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.route[aria-label="Approval steps"]`)),
	)
	if got := text(t, genTab, "main"); !strings.Contains(got, "Waiting for approval") {
		t.Fatalf("after submit: %q", got)
	}
	shot(t, genTab, "requisition-submitted", true)
	axe(t, genTab, "requisition")
	// The generalist's other recruiting pages: the job description library
	// (a demo description in its second version, with its changes), the
	// interview plan, an application with its plan and phone screens, the
	// phone screen form, and adding a candidate.
	open := e.openReq(t)
	gen := e.api("generalist@example.com")
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(open, "id"))+"/applications?status=active", nil)
	screened := itoa(num(apps["items"].([]any)[0].(map[string]any), "id"))
	if s, ps, _ := gen.do("POST", "/api/v1/applications/"+screened+"/phone-screens", map[string]any{"held_on": testToday.String(), "answers": []string{"Wants to lead a team within two years",
		"Four years on a support desk, Zendesk daily"}, "pay_expectation_cents": num(open, "salary_max_cents") + 100000, "work_authorization": "authorized",
		"recommendation": "advance", "summary": "Warm and precise; probe the escalation example"}); s != 201 {
		t.Fatalf("phone screen: %d %v", s, ps)
	}
	_, jds, _ := gen.do("GET", "/api/v1/job-descriptions", nil)
	var rows []map[string]any
	_ = json.Unmarshal([]byte(fmt.Sprint(jds["_raw"])), &rows)
	twice := ""
	for _, r := range rows {
		if num(r, "versions") == 2 {
			twice = itoa(num(r, "job_id"))
		}
	}
	for _, pg := range []struct{ path, wait, name string }{
		{"/hiring/job-descriptions", "table.table", "job-descriptions"},
		{"/hiring/job-descriptions/" + twice, ".diff .diff-add", "job-description"},
		{"/hiring/requisitions/" + itoa(num(open, "id")) + "/interview-plan", "#f-rounds-0-name", "interview-plan"},
		{"/hiring/applications/" + screened, "#phone-screens article", "application-screens"},
		{"/hiring/applications/" + screened + "/phone-screen", "#f-answers-0", "phone-screen-form"},
		{"/hiring/requisitions/" + itoa(num(open, "id")) + "/candidates/new", "#f-given-name", "add-candidates"},
		{"/hiring/waiting", "main h1", "waiting-on-us"},
		{"/", "#waiting", "home-generalist"},
	} {
		run(t, genTab, pg.name, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait)))
		shot(t, genTab, pg.name, true)
		axe(t, genTab, pg.name)
	}
	mgrTab, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	if err := chromedp.Do(mgrTab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	signIn(t, mgrTab, base, "manager@example.com")
	run(t, mgrTab, "plan", chromedp.Navigate(base+"/hiring/plan"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, mgrTab, "hiring-plan", true)
	axe(t, mgrTab, "hiring plan")
	// The metrics dashboard draws its charts (Chart.js wraps each canvas)
	// and explains time-to-fill when asked. Reduced motion draws them at
	// once (a background tab's animation frames are throttled).
	if _, err := chromedp.Call(mgrTab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	run(t, mgrTab, "metrics", chromedp.Navigate(base+"/hiring/metrics"), chromedp.WaitVisible(chromedp.CSS(`.chart-box canvas[data-chart="chart-plan"]`)),
		chromedp.Click(chromedp.CSS("#h-ttf ~ * details summary, section[aria-labelledby=h-ttf] details summary")), chromedp.WaitVisible(chromedp.CSS("section[aria-labelledby=h-ttf] ol.explain")))
	shot(t, mgrTab, "recruiting-metrics", true)
	axe(t, mgrTab, "recruiting metrics")
	run(t, mgrTab, "costs", chromedp.Navigate(base+"/hiring/costs"), chromedp.WaitVisible(chromedp.CSS("table.table")))
	shot(t, mgrTab, "recruiting-costs", true)
	axe(t, mgrTab, "recruiting costs")
	run(t, mgrTab, "pipelines", chromedp.Navigate(base+"/settings/recruiting"), chromedp.WaitVisible(chromedp.CSS("section.card[id^=pipeline-]")))
	shot(t, mgrTab, "settings-pipelines", true)
	axe(t, mgrTab, "pipeline settings")
	run(t, mgrTab, "pipeline editor", chromedp.Click(chromedp.CSS(`a[href="/settings/recruiting/pipelines/new"]`)), chromedp.WaitVisible(chromedp.CSS("#f-stages-0-name")),
		chromedp.SetValue(chromedp.CSS("#f-stages-2-kind"), "hired"), chromedp.Click(chromedp.CSS("form.form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	shot(t, mgrTab, "settings-pipeline-errors", true)
	axe(t, mgrTab, "pipeline editor with errors")
	for _, pg := range []struct{ path, name string }{{"/settings/recruiting/careers", "settings-careers-site"}, {"/settings/recruiting/emails/interview", "settings-email"},
		{"/settings/recruiting/questions", "settings-question-sets"}, {"/settings/recruiting/retention", "settings-retention"},
		{"/settings/recruiting/phone-screen", "settings-phone-screen"}} {
		run(t, mgrTab, pg.name, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		shot(t, mgrTab, pg.name, true)
		axe(t, mgrTab, pg.name)
	}
}

// TestBrowserApplyOnTheCareersPage: a candidate, signed out, finds a job
// on the careers page and applies with a resume in Chromium; the pages
// pass axe.
func TestBrowserApplyOnTheCareersPage(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	resume := filepath.Join(t.TempDir(), "noor-resume.pdf")
	if err := os.WriteFile(resume, resumePDF(t, "Noor Haddad", "Eight years in outdoor retail"), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "careers", chromedp.Navigate(base+"/careers"), chromedp.WaitVisible(chromedp.CSS(".job-list a.job")))
	shot(t, ctx, "careers-list", true)
	axe(t, ctx, "careers list")
	run(t, ctx, "open a job", chromedp.Click(chromedp.CSS(".job-list a.job")), chromedp.WaitVisible(chromedp.ID("apply")))
	axe(t, ctx, "job page")
	run(t, ctx, "submit empty", chromedp.Click(chromedp.CSS(`#apply button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	shot(t, ctx, "careers-apply-errors", true)
	axe(t, ctx, "apply form with errors")
	run(t, ctx, "apply",
		chromedp.SetValue(chromedp.ID("f-given-name"), "Noor"),
		chromedp.SetValue(chromedp.ID("f-family-name"), "Haddad"),
		chromedp.SetValue(chromedp.ID("f-email"), "noor.haddad@example.org"),
		chromedp.SetUploadFiles(chromedp.ID("f-resume"), []string{resume}),
		chromedp.Click(chromedp.ID("f-answers-q1-yes")),
		chromedp.Click(chromedp.ID("f-consent")),
		chromedp.Click(chromedp.CSS(`#apply button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/careers/applications/"]`)),
	)
	shot(t, ctx, "careers-applied", true)
	run(t, ctx, "status", chromedp.Click(chromedp.CSS(`a[href^="/careers/applications/"]`)), chromedp.WaitVisible(chromedp.CSS(".route")))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Application received") {
		t.Fatalf("status page: %q", got)
	}
	axe(t, ctx, "status page")
}

// TestBrowserPipelineBoard: the generalist drags a card to another column
// (HTML5 drag events in Chromium) and the move is saved; the application
// page shows the highlighted resume; both pass axe.
func TestBrowserPipelineBoard(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	req := e.openReq(t)
	rid := itoa(num(req, "id"))
	if err := e.svc.Hiring.UpdateRequirements(context.Background(), e.actorOf("generalist@example.com"), num(req, "id"), "customer service, inventory, scheduling, safety"); err != nil {
		t.Fatal(err)
	}
	// A candidate at "applied" to drag, whatever the demo holds.
	s, added, _ := e.api("generalist@example.com").do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": "Drew", "family_name": "Board",
		"email": "drew.board@example.org", "source": "referral", "resume_filename": "drew.docx",
		"resume_base64": base64.StdEncoding.EncodeToString(resumeDOCX(t, "Drew Board: five years of customer service, inventory counts and safety walks"))})
	if s != 201 || added["stage"] != "applied" {
		t.Fatalf("add a candidate: %d %v", s, added)
	}
	aid := itoa(num(added, "id"))
	signIn(t, ctx, base, "generalist@example.com")
	run(t, ctx, "board", chromedp.Navigate(base+"/hiring/requisitions/"+rid+"/pipeline"), chromedp.WaitVisible(chromedp.CSS(".board")))
	shot(t, ctx, "pipeline-board", true)
	axe(t, ctx, "pipeline board")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){
		var card = document.querySelector('[data-move-form="mv-`+aid+`"]'), col = document.querySelector('[data-stage="screen"]');
		var dt = new DataTransfer();
		card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
		col.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
		col.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
		return true; })()`)); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "after drop", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "Moved to Screen") {
		t.Fatalf("flash after drop: %q", got)
	}
	if _, a, _ := e.api("generalist@example.com").do("GET", "/api/v1/applications/"+aid, nil); a["stage"] != "screen" {
		t.Fatalf("the drop did not move the card: %v", a["stage"])
	}
	run(t, ctx, "application", chromedp.Navigate(base+"/hiring/applications/"+aid), chromedp.WaitVisible(chromedp.CSS(".resume-text mark")))
	shot(t, ctx, "application-page", true)
	axe(t, ctx, "application page")
}

// TestBrowserFromPlanToHire walks the whole recruiting path in Chromium:
// the HR manager sets the plan; a generalist drafts and submits a
// requisition; the manager approves it; the generalist posts it; a
// candidate applies on the careers page; the generalist moves them to
// offer and sends an offer; the candidate accepts by signing; the
// generalist clears the checks and hires, landing on the new employee.
func TestBrowserFromPlanToHire(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	var token string
	e.svc.Hiring.OnOfferSent(func(ctx context.Context, st hiring.Store, o hiring.SentOffer) error { token = o.Token; return nil })
	body := e.reqBody(t)
	tab := func(email string) context.Context {
		c, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(c, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		if email != "" {
			signIn(t, c, base, email)
		}
		if _, err := chromedp.Run(c, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
			t.Fatal(err)
		}
		return c
	}
	confirmOK := func(c context.Context) {
		if _, err := chromedp.Run(c, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
			t.Fatal(err)
		}
	}
	mgr, gen := tab("manager@example.com"), tab("generalist@example.com")
	run(t, mgr, "plan",
		chromedp.Navigate(base+"/hiring/plan"),
		chromedp.WaitVisible(chromedp.ID("f-org-unit-id")),
		chromedp.SetValue(chromedp.ID("f-org-unit-id"), itoa(body["org_unit_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-quarter"), "4"),
		chromedp.SetValue(chromedp.ID("f-headcount"), "10"),
		chromedp.SetValue(chromedp.ID("f-budget"), "600000"),
		chromedp.Click(chromedp.CSS(`form[action="/hiring/plan"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	run(t, gen, "requisition",
		chromedp.Navigate(base+"/hiring/requisitions/new"),
		chromedp.WaitVisible(chromedp.ID("f-job-id")),
		chromedp.SetValue(chromedp.ID("f-job-id"), itoa(body["job_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-org-unit-id"), itoa(body["org_unit_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-location-id"), itoa(body["location_id"].(int64))),
		chromedp.SetValue(chromedp.ID("f-target-start"), "2026-12-14"),
		chromedp.SetValue(chromedp.ID("f-hiring-manager-email"), "lead@example.com"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/submit"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.route[aria-label="Approval steps"]`)),
	)
	_, list, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions?status=pending_approval&q="+url.QueryEscape("Customer"), nil)
	var rid, apID int64
	for _, it := range list["items"].([]any) {
		m := it.(map[string]any)
		if m["target_start"] == "2026-12-14" {
			rid, apID = num(m, "id"), num(m, "approval_id")
		}
	}
	if rid == 0 {
		t.Fatalf("the drafted requisition is not waiting: %v", list)
	}
	confirmOK(mgr)
	run(t, mgr, "approve the requisition",
		chromedp.Navigate(base+"/approvals"),
		chromedp.WaitVisible(chromedp.ID("a"+itoa(apID))),
	)
	confirmOK(mgr)
	run(t, mgr, "approve click", chromedp.Click(chromedp.CSS("#a"+itoa(apID)+` button[value=approve]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	run(t, gen, "post it",
		chromedp.Navigate(base+"/hiring/requisitions/"+itoa(rid)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/posting"]`)),
		chromedp.Click(chromedp.CSS(`a[href$="/posting"]`)),
		chromedp.WaitVisible(chromedp.ID("f-description")),
		chromedp.SetValue(chromedp.ID("f-title"), "Customer Care Specialist (Holiday)"),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value=published]`)),
		chromedp.Click(chromedp.CSS(`button[value=published]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value=draft]`)),
	)
	resume := filepath.Join(t.TempDir(), "lina-resume.pdf")
	if err := os.WriteFile(resume, resumePDF(t, "Lina Petrova", "Customer service for five years"), 0o600); err != nil {
		t.Fatal(err)
	}
	cand := tab("")
	run(t, cand, "apply",
		chromedp.Navigate(base+"/careers?q=Holiday"),
		chromedp.WaitVisible(chromedp.CSS(".job-list a.job")),
		chromedp.Click(chromedp.CSS(".job-list a.job")),
		chromedp.WaitVisible(chromedp.ID("apply")),
		chromedp.SetValue(chromedp.ID("f-given-name"), "Lina"),
		chromedp.SetValue(chromedp.ID("f-family-name"), "Petrova"),
		chromedp.SetValue(chromedp.ID("f-email"), "lina.petrova@example.org"),
		chromedp.SetUploadFiles(chromedp.ID("f-resume"), []string{resume}),
		chromedp.Click(chromedp.ID("f-answers-q1-yes")),
		chromedp.Click(chromedp.ID("f-consent")),
		chromedp.Click(chromedp.CSS(`#apply button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/careers/applications/"]`)),
	)
	_, apps, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions/"+itoa(rid)+"/applications", nil)
	aid := itoa(num(apps["items"].([]any)[0].(map[string]any), "id"))
	for _, st := range []string{"screen", "phone_screen", "interview", "offer"} {
		run(t, gen, "move to "+st,
			chromedp.Navigate(base+"/hiring/applications/"+aid),
			chromedp.WaitVisible(chromedp.ID("mv-to")),
			chromedp.SetValue(chromedp.ID("mv-to"), st),
			chromedp.Click(chromedp.CSS(`form[action$="/move"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".flash")),
		)
	}
	confirmOK(gen)
	run(t, gen, "offer",
		chromedp.Click(chromedp.CSS(`a[href$="/offer"]`)),
		chromedp.WaitVisible(chromedp.ID("f-pay-amount")),
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value=submit]`)),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value=send]`)),
	)
	confirmOK(gen)
	run(t, gen, "send", chromedp.Click(chromedp.CSS(`button[value=send]`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	shot(t, gen, "offer-sent", true)
	if token == "" {
		t.Fatal("no offer link was sent")
	}
	run(t, cand, "accept",
		chromedp.Navigate(base+"/careers/offers/"+token),
		chromedp.WaitVisible(chromedp.ID("f-signed-name")),
		chromedp.SetValue(chromedp.ID("f-signed-name"), "Lina Petrova"),
		chromedp.Click(chromedp.CSS(`input[value=accept] ~ button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".callout")),
	)
	shot(t, cand, "offer-accepted", true)
	axe(t, cand, "candidate offer page")
	_, offers, _ := e.api("generalist@example.com").do("GET", "/api/v1/applications/"+aid+"/offers", nil)
	oid := itoa(num(offers["items"].([]any)[0].(map[string]any), "id"))
	for _, k := range hiring.CheckKinds {
		run(t, gen, "check "+k,
			chromedp.Navigate(base+"/hiring/offers/"+oid),
			chromedp.WaitVisible(chromedp.ID("ck-kind")),
			chromedp.SetValue(chromedp.ID("ck-kind"), k),
			chromedp.SetValue(chromedp.ID("ck-result"), "clear"),
			chromedp.Click(chromedp.CSS(`input[value=check] ~ button`)),
			chromedp.WaitVisible(chromedp.CSS(".flash")),
		)
	}
	shot(t, gen, "offer-cleared", true)
	run(t, gen, "hire",
		chromedp.WaitVisible(chromedp.ID("f-work-email")),
		chromedp.Click(chromedp.CSS(`input[value=hire] ~ button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".profile-head h1")),
	)
	if got := text(t, gen, ".profile-head h1"); got != "Lina Petrova" {
		t.Fatalf("after the hire: %q", got)
	}
	shot(t, gen, "hired-profile", true)
}
