package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// testToday is the fixed "today" of every web test.
var testToday = date.MustParse("2026-11-02")

type env struct {
	t   *testing.T
	srv *httptest.Server
	db  *store.DB
	svc Services
}

// newEnv seeds a small demo company on db and serves the whole product.
func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return newEnvWith(t, db, 60, 7)
}

// newEnvSized is newEnv on a fresh SQLite database with a company of size
// employees from seed.
func newEnvSized(t *testing.T, size int, seed int64) *env {
	t.Helper()
	return newEnvWith(t, storetest.Open(t), size, seed)
}

func newEnvWith(t *testing.T, db *store.DB, size int, seed int64) *env {
	t.Helper()
	ctx := context.Background()
	sealer, err := kit.NewSealer("web-test-secret-key-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, demo.Options{Employees: size, Seed: seed, Today: testToday, FastHash: true, Sealer: sealer}); err != nil {
		t.Fatal(err)
	}
	clock := kit.FixedClock{T: testToday.Time().Add(10 * time.Hour)}
	svc := NewServices(db, clock, sealer)
	svc.Access.Fast = true
	svc.Webhooks.AllowPrivate = true // the test endpoints listen on 127.0.0.1
	log := slog.New(slog.NewTextHandler(testLogWriter(t), nil))
	h, err := NewHandler(db, svc, HandlerOptions{Log: log, Clock: clock, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, db: db, svc: svc}
}

// sqliteEnv is newEnv on a fresh SQLite database.
func sqliteEnv(t *testing.T) *env { return newEnv(t, storetest.Open(t)) }

// browser is a cookie-carrying client signed in as one user.
type browser struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) client() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in and returns the browser.
func (e *env) login(email string) *browser {
	e.t.Helper()
	b := e.client()
	res := b.post("/login", url.Values{"email": {email}, "password": {"cadre-demo"}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", email, res.StatusCode)
	}
	b.refreshCSRF()
	return b
}

func (b *browser) refreshCSRF() {
	doc := b.page("/settings/tokens", http.StatusOK)
	b.csrf, _ = doc.Find(`input[name=_csrf]`).First().Attr("value")
	if b.csrf == "" {
		b.e.t.Fatal("no CSRF token on the page")
	}
}

func (b *browser) get(path string) *http.Response {
	b.e.t.Helper()
	res, err := b.c.Get(b.e.srv.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return res
}

// page GETs a page, checks the status and parses it.
func (b *browser) page(path string, want int) *goquery.Document {
	b.e.t.Helper()
	res := b.get(path)
	defer res.Body.Close()
	if res.StatusCode != want {
		body, _ := io.ReadAll(res.Body)
		b.e.t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, want, firstLines(string(body), 40))
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return doc
}

func (b *browser) post(path string, v url.Values) *http.Response {
	b.e.t.Helper()
	if b.csrf != "" && v.Get("_csrf") == "" {
		v.Set("_csrf", b.csrf)
	}
	res, err := b.c.PostForm(b.e.srv.URL+path, v)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return res
}

// submit POSTs a form and parses the response.
func (b *browser) submit(path string, v url.Values, want int) (*goquery.Document, *http.Response) {
	b.e.t.Helper()
	res := b.post(path, v)
	defer res.Body.Close()
	if res.StatusCode != want {
		body, _ := io.ReadAll(res.Body)
		b.e.t.Fatalf("POST %s: status %d, want %d\n%s", path, res.StatusCode, want, firstLines(string(body), 60))
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	return doc, res
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// actorOf returns the actor of a demo user.
func (e *env) actorOf(email string) access.Actor {
	e.t.Helper()
	a, err := e.svc.Access.ActorByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatalf("actor %s: %v", email, err)
	}
	return a
}

// token issues an API token for a demo user.
func (e *env) token(email string) string {
	e.t.Helper()
	raw, err := e.svc.Access.CreateTokenForEmail(context.Background(), email, access.TokenRequest{Name: "test"})
	if err != nil {
		e.t.Fatal(err)
	}
	return raw
}

// testLogWriter sends server logs to the test log, so failures show them.
func testLogWriter(t *testing.T) io.Writer { return tlog{t} }

type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "level=ERROR") {
		l.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}
