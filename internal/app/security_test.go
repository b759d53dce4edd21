package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"

	"golang.org/x/net/html"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/web"
)

// TestSecurityHeaders: every kind of response (a page, the sign-in page,
// a careers page, the API, an API error, a static file, a 404) carries the
// security headers, the Content-Security-Policy allows no inline script or
// style, and Strict-Transport-Security is sent only where it means
// something: over TLS, or when Cadre is told it is reached over HTTPS.
func TestSecurityHeaders(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	tok := e.token("generalist@example.com")
	css := ""
	doc := gen.page("/", http.StatusOK)
	css, _ = doc.Find(`link[rel=stylesheet]`).First().Attr("href")
	check := func(name string, res *http.Response) {
		t.Helper()
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		h := res.Header
		want := map[string]string{
			"Content-Security-Policy":    web.ContentSecurityPolicy,
			"X-Content-Type-Options":     "nosniff",
			"X-Frame-Options":            "DENY",
			"Referrer-Policy":            "same-origin",
			"Cross-Origin-Opener-Policy": "same-origin",
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", name, k, h.Get(k), v)
			}
		}
		csp := h.Get("Content-Security-Policy")
		for _, must := range []string{"frame-ancestors 'none'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"} {
			if !strings.Contains(csp, must) {
				t.Errorf("%s: CSP lacks %s", name, must)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe sources: %s", name, csp)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", name)
		}
	}
	check("page", gen.get("/people"))
	check("sign-in", e.client().get("/login"))
	check("careers", e.client().get("/careers"))
	check("static", e.client().get(css))
	check("404", gen.get("/no-such-page"))
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	check("api", res)
	res, err = http.Get(e.srv.URL + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	check("api error", res)

	// HTTPS: told (behind a TLS proxy), or Cadre's own TLS.
	h, err := NewHandler(e.db, e.svc, HandlerOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: kit.FixedClock{T: testToday.Time()}, HSTS: true, SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	proxied := httptest.NewServer(h)
	defer proxied.Close()
	res, err = http.Get(proxied.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") != web.HSTSValue {
		t.Errorf("behind HTTPS: HSTS = %q", res.Header.Get("Strict-Transport-Security"))
	}
	h2, _ := NewHandler(e.db, e.svc, HandlerOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: kit.FixedClock{T: testToday.Time()}})
	tlsSrv := httptest.NewTLSServer(h2)
	defer tlsSrv.Close()
	res, err = tlsSrv.Client().Get(tlsSrv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") != web.HSTSValue {
		t.Errorf("over TLS: HSTS = %q", res.Header.Get("Strict-Transport-Security"))
	}
}

// inlineProblems lists what the Content-Security-Policy would block on a
// page, from its parsed elements: style attributes, <style> elements,
// inline scripts (a script without src that is not a JSON data block),
// event handler attributes (on…) and javascript: URLs.
func inlineProblems(page string) []string {
	var out []string
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"unparseable HTML: " + err.Error()}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			tag := "<" + n.Data + ">"
			src, typ := false, ""
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case key == "style":
					out = append(out, "style attribute on "+tag+": "+a.Val)
				case strings.HasPrefix(key, "on"):
					out = append(out, "event handler "+key+" on "+tag)
				case (key == "href" || key == "src" || key == "action" || key == "formaction") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
					out = append(out, "javascript: URL in "+key+" of "+tag)
				case key == "src":
					src = true
				case key == "type":
					typ = strings.ToLower(a.Val)
				}
			}
			switch n.Data {
			case "style":
				out = append(out, "<style> element")
			case "script":
				if !src && typ != "application/ld+json" && typ != "application/json" {
					out = append(out, "inline script")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// TestPagesNeedNoUnsafeInline renders every page without path parameters
// (from the route table) for the roles that see the most, plus the
// detail pages with bars and charts and the public careers pages with a
// brand colour, and finds nothing the strict policy would block.
func TestPagesNeedNoUnsafeInline(t *testing.T) {
	if raceOn {
		t.Skip("thousands of sequential requests, no concurrency to race: the plain run covers it")
	}
	e := sqliteEnv(t)
	routes := loadUIRoutes(t)
	taylor := itoa(e.actorOf("employee@example.com").EmployeeID)
	pages := 0
	for _, email := range []string{"director@example.com", "generalist@example.com", "admin@example.com", "lead@example.com", "employee@example.com"} {
		b := e.login(email)
		paths := []string{"/people/" + taylor, "/people/" + taylor + "?tab=pay", "/org", "/policies"}
		for _, r := range routes {
			if r.Method == "GET" && r.Authed && !strings.Contains(r.Pattern, "{") && !strings.Contains(r.Pattern, "export") && !strings.HasSuffix(r.Pattern, ".csv") && !strings.HasSuffix(r.Pattern, ".pdf") {
				paths = append(paths, strings.ReplaceAll(r.Pattern, "{$}", ""))
			}
		}
		for _, p := range paths {
			res := b.get(p)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			pages++
			for _, prob := range inlineProblems(string(body)) {
				t.Errorf("%s as %s: %s", p, email, prob)
			}
		}
	}
	// The careers site with a brand colour: the colour is a stylesheet.
	mgr := e.login("manager@example.com")
	mgr.submit("/settings/recruiting/careers", url.Values{"company_name": {"Northwind"}, "headline": {"Work with us"}, "brand_color": {"#1d4ed8"}, "feeds": {"json_feed"}}, http.StatusSeeOther)
	doc := e.client().page("/careers", http.StatusOK)
	href, ok := doc.Find(`link[href^="/careers/brand.css"]`).Attr("href")
	if !ok {
		t.Fatal("the careers page does not link its brand stylesheet")
	}
	html, _ := doc.Html()
	for _, prob := range inlineProblems(html) {
		t.Errorf("/careers: %s", prob)
	}
	res := e.client().get(href)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(string(body), "--accent: #1d4ed8") {
		t.Errorf("brand.css: %s %q", res.Header.Get("Content-Type"), body)
	}
	if pages < 200 {
		t.Errorf("only %d pages rendered", pages)
	}
	t.Logf("%d pages checked", pages)
}

// stepClock is a clock the test moves.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestSessionSecurity: the session cookie's flags; a session id chosen
// before sign-in is never adopted (fixation); signing out ends the session
// on the server, not just in the browser; changing the password ends the
// other sessions and needs the current one; a session ends after the idle
// timeout and, however active, after the absolute one.
func TestSessionSecurity(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	sealer, _ := kit.NewSealer("web-test-secret-key-0123456789")
	if _, err := demo.Seed(ctx, db, demo.Options{Employees: 40, Seed: 3, Today: testToday, FastHash: true, Sealer: sealer}); err != nil {
		t.Fatal(err)
	}
	clock := &stepClock{t: testToday.Time().Add(9 * time.Hour)}
	svc := NewServices(db, clock, sealer)
	svc.Access.Fast = true
	h, err := NewHandler(db, svc, HandlerOptions{Log: slog.New(slog.NewTextHandler(testLogWriter(t), nil)), Clock: clock, SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	newClient := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	password := "cadre-demo"
	login := func(c *http.Client) *http.Cookie {
		t.Helper()
		res, err := c.PostForm(srv.URL+"/login", url.Values{"email": {"generalist@example.com"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		for _, ck := range res.Cookies() {
			if ck.Name == "cadre_session" {
				return ck
			}
		}
		t.Fatal("no session cookie")
		return nil
	}
	// signedIn reports whether a raw cookie value is a live session.
	signedIn := func(value string) bool {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/people", nil)
		req.AddCookie(&http.Cookie{Name: "cadre_session", Value: value})
		res, err := newClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}

	// Cookie flags.
	c := newClient()
	ck := login(c)
	if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
		t.Errorf("session cookie flags: HttpOnly=%v Secure=%v SameSite=%v Path=%q", ck.HttpOnly, ck.Secure, ck.SameSite, ck.Path)
	}
	if ck.MaxAge <= 0 || time.Duration(ck.MaxAge)*time.Second > access.SessionAbsolute {
		t.Errorf("session cookie lives %ds, beyond the absolute timeout", ck.MaxAge)
	}
	if len(ck.Value) < 32 {
		t.Errorf("session token of %d characters", len(ck.Value))
	}

	// Fixation: a planted id is replaced at sign-in and never works.
	c = newClient()
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "cadre_session", Value: "attacker-chosen-session-id-0123456789abcdef", Path: "/"}})
	ck = login(c)
	if ck.Value == "attacker-chosen-session-id-0123456789abcdef" {
		t.Error("sign-in kept the planted session id")
	}
	if signedIn("attacker-chosen-session-id-0123456789abcdef") {
		t.Error("a planted session id is signed in")
	}
	// Two sign-ins are two sessions.
	if other := login(newClient()); other.Value == ck.Value {
		t.Error("two sign-ins share a session token")
	}

	// Sign-out ends the session on the server: the old cookie replayed
	// is not signed in.
	if !signedIn(ck.Value) {
		t.Fatal("the new session is not signed in")
	}
	res, err := c.Get(srv.URL + "/settings/tokens")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(body))
	if csrf == nil {
		t.Fatal("no CSRF token")
	}
	res, err = c.PostForm(srv.URL+"/logout", url.Values{"_csrf": {csrf[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	if signedIn(ck.Value) {
		t.Error("the session still works after signing out")
	}

	// Changing the password (Settings → Password) ends every other
	// session, keeps this one, and needs the current password.
	c1, c2 := newClient(), newClient()
	ck1, ck2 := login(c1), login(c2)
	form := func(c *http.Client, path string, v url.Values) (int, string) {
		t.Helper()
		res, err := c.Get(srv.URL + "/settings/password")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(page))
		if m == nil {
			t.Fatalf("no CSRF token on the password page (%d)", res.StatusCode)
		}
		v.Set("_csrf", m[1])
		res, err = c.PostForm(srv.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(body)
	}
	st, pbody := form(c1, "/settings/password", url.Values{"current_password": {"wrong-password"}, "new_password": {"a-new-passphrase-42"}, "confirm_password": {"a-new-passphrase-42"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(pbody, "This is not your current password") || strings.Contains(pbody, "a-new-passphrase-42") {
		t.Fatalf("a wrong current password: %d", st)
	}
	st, pbody = form(c1, "/settings/password", url.Values{"current_password": {"cadre-demo"}, "new_password": {"a-new-passphrase-42"}, "confirm_password": {"something-else-42"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(pbody, "The two new passwords differ") {
		t.Fatalf("a mistyped confirmation: %d", st)
	}
	if st, _ = form(c1, "/settings/password", url.Values{"current_password": {"cadre-demo"}, "new_password": {"a-new-passphrase-42"}, "confirm_password": {"a-new-passphrase-42"}}); st != http.StatusSeeOther {
		t.Fatalf("change the password: %d", st)
	}
	if !signedIn(ck1.Value) || signedIn(ck2.Value) {
		t.Errorf("after a password change: this session signed in %v (want true), the other %v (want false)", signedIn(ck1.Value), signedIn(ck2.Value))
	}
	for pw, want := range map[string]int{"cadre-demo": http.StatusUnauthorized, "a-new-passphrase-42": http.StatusSeeOther} {
		res, err := newClient().PostForm(srv.URL+"/login", url.Values{"email": {"generalist@example.com"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("sign in with %q after the change: %d, want %d", pw, res.StatusCode, want)
		}
	}
	// The rest of the test signs in with the new password.
	password = "a-new-passphrase-42"

	// Idle timeout: an hour without a request ends the session.
	ck = login(newClient())
	clock.add(access.SessionIdle - 2*time.Minute)
	if !signedIn(ck.Value) {
		t.Fatal("signed out before the idle timeout")
	}
	clock.add(access.SessionIdle + time.Minute) // measured from the last request
	if signedIn(ck.Value) {
		t.Error("still signed in after the idle timeout")
	}

	// Absolute timeout: active all day, signed out after twelve hours.
	ck = login(newClient())
	for elapsed := time.Duration(0); elapsed < access.SessionAbsolute-30*time.Minute; elapsed += 30 * time.Minute {
		clock.add(30 * time.Minute)
		if !signedIn(ck.Value) {
			t.Fatalf("signed out after %s of activity", elapsed+30*time.Minute)
		}
	}
	clock.add(time.Hour)
	if signedIn(ck.Value) {
		t.Error("still signed in after the absolute timeout")
	}
}

// TestConcurrentGuessesLockTheAccount: wrong passwords sent at once each
// count (the failure count is kept in the database), so a burst of
// guesses locks the account like the same guesses one by one.
func TestConcurrentGuessesLockTheAccount(t *testing.T) {
	e := sqliteEnv(t)
	var wg sync.WaitGroup
	for i := 0; i < 2*access.LockoutFailures; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res, err := http.PostForm(e.srv.URL+"/login", url.Values{"email": {"lead@example.com"}, "password": {"guess-" + strconv.Itoa(i)}})
			if err == nil {
				res.Body.Close()
			}
		}(i)
	}
	wg.Wait()
	res, err := e.client().c.PostForm(e.srv.URL+"/login", url.Values{"email": {"lead@example.com"}, "password": {"cadre-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d guesses at once the right password: %d, want 429 (locked)", 2*access.LockoutFailures, res.StatusCode)
	}
}
