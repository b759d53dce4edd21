package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// opUser is an account at the test identity provider.
type opUser struct {
	ID            string
	Username      string
	Password      string
	FirstName     string
	LastName      string
	Email         string
	EmailVerified bool
}

// startProvider runs a real OpenID Connect provider on localhost (the
// ZITADEL OIDC library's example OP: discovery, keys, the authorization
// code flow with PKCE, a login form, userinfo) with these accounts and
// one confidential client, "cadre", allowed to redirect to redirects.
func startProvider(t *testing.T, users []opUser, redirects ...string) string {
	t.Helper()
	byID := map[string]map[string]any{}
	for _, u := range users {
		byID[u.ID] = map[string]any{"ID": u.ID, "Username": u.Username, "Password": u.Password, "FirstName": u.FirstName, "LastName": u.LastName,
			"Email": u.Email, "EmailVerified": u.EmailVerified, "PreferredLanguage": "en"}
	}
	b, _ := json.Marshal(byID)
	path := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	us, err := storage.StoreFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	st := storage.NewStorageWithClients(us, map[string]*storage.Client{"cadre": storage.WebClient("cadre", "cadre-secret", redirects...)})
	h = exampleop.SetupServer(srv.URL, st, nil, false)
	return srv.URL
}

// ssoSignIn goes through the provider's sign-in in a fresh browser-like
// client and returns the page it ends on and the client.
func ssoSignIn(t *testing.T, e *env, slug, username, password string) (*http.Response, *goquery.Document, *http.Client) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(e.srv.URL + "/sso/" + slug + "?next=/time-off")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	form := doc.Find(`form[action="/login/username"]`)
	if form.Length() != 1 {
		t.Fatalf("no provider login form at %s: %d %s", res.Request.URL, res.StatusCode, doc.Text())
	}
	id, _ := form.Find(`input[name=id]`).Attr("value")
	res, err = c.PostForm(res.Request.URL.Scheme+"://"+res.Request.URL.Host+"/login/username", url.Values{"id": {id}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	return res, doc, c
}

// TestSingleSignOn: the admin configures a real local OpenID Connect
// provider; a person signs in with it, matched by their verified email
// and then by the link; unverified emails, unknown people, other
// domains and a forged state are refused; just-in-time linking makes a
// user for an employee; SSO only stops passwords except for break-glass
// administrators.
func TestSingleSignOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		var jitEmail, jitName string
		if err := db.SQLDB().QueryRow(`SELECT work_email, given_name || ' ' || family_name FROM employees e WHERE status = 'active' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.employee_id = e.id) ORDER BY id LIMIT 1`).Scan(&jitEmail, &jitName); err != nil {
			t.Fatal(err)
		}
		issuer := startProvider(t, []opUser{
			{ID: "u1", Username: "taylor", Password: "op-secret-1", FirstName: "Taylor", LastName: "Brooks", Email: "Employee@Example.com", EmailVerified: true},
			{ID: "u2", Username: "unverified", Password: "op-secret-2", FirstName: "Una", LastName: "Verified", Email: "generalist@example.com", EmailVerified: false},
			{ID: "u3", Username: "newhire", Password: "op-secret-3", FirstName: "New", LastName: "Hire", Email: jitEmail, EmailVerified: true},
			{ID: "u4", Username: "stranger", Password: "op-secret-4", FirstName: "Sam", LastName: "Stranger", Email: "stranger@elsewhere.example", EmailVerified: true},
			{ID: "u5", Username: "admin", Password: "op-secret-5", FirstName: "Site", LastName: "Admin", Email: "admin@example.com", EmailVerified: true},
		}, e.srv.URL+"/sso/acme/callback")
		adm := e.api("admin@example.com")

		if st, _, _ := e.api("generalist@example.com").do("GET", "/api/v1/sso/providers", nil); st != 403 {
			t.Fatalf("generalist lists providers: %d", st)
		}
		st, bad, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"name": "", "issuer": "http://idp.example.com", "client_id": ""})
		f := fieldsOf(bad)
		if st != 422 || f["name"] == "" || f["issuer"] == "" || f["client_id"] == "" || f["client_secret"] == "" {
			t.Fatalf("bad provider: %d %v", st, bad)
		}
		st, p, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"name": "Acme ID", "slug": "acme", "issuer": issuer, "client_id": "cadre", "client_secret": "cadre-secret", "domains": []string{"example.com", "northwind.example"}})
		if st != 201 || p["redirect_path"] != "/sso/acme/callback" || p["client_secret"] != nil {
			t.Fatalf("create: %d %v", st, p)
		}
		pid := num(p, "id")
		if st, _, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"name": "Again", "slug": "acme", "issuer": issuer, "client_id": "x", "client_secret": "y"}); st != 422 {
			t.Fatalf("duplicate slug: %d", st)
		}
		// The sign-in page offers it.
		anon := e.client()
		doc := anon.page("/login", 200)
		if doc.Find("#sso-acme").Length() != 1 || doc.Find("#password").Length() != 1 {
			t.Fatalf("sign-in page: %q", doc.Find("main").Text())
		}

		// Taylor signs in: matched by the verified email (case aside), linked.
		res, page, c := ssoSignIn(t, e, "acme", "taylor", "op-secret-1")
		if res.StatusCode != 200 || res.Request.URL.Path != "/time-off" || !strings.Contains(page.Find(".user-menu, header").Text(), "Taylor") {
			t.Fatalf("after sign-in: %d %s %q", res.StatusCode, res.Request.URL, page.Find("header").Text())
		}
		// The session works like a password one.
		r2, _ := c.Get(e.srv.URL + "/")
		if r2.StatusCode != 200 || r2.Request.URL.Path != "/" {
			t.Fatalf("home after SSO: %d %s", r2.StatusCode, r2.Request.URL)
		}
		r2.Body.Close()
		_, au, _ := adm.do("GET", "/api/v1/audit?action=sso.link", nil)
		if len(au["items"].([]any)) != 1 || !strings.Contains(au["items"].([]any)[0].(map[string]any)["summary"].(string), "employee@example.com") {
			t.Fatalf("link audit: %v", au)
		}
		// Again: by the link.
		if res, _, _ := ssoSignIn(t, e, "acme", "taylor", "op-secret-1"); res.Request.URL.Path != "/time-off" {
			t.Fatalf("second sign-in: %s", res.Request.URL)
		}
		_, au, _ = adm.do("GET", "/api/v1/audit?action=auth.login", nil)
		var hows []string
		for _, it := range au["items"].([]any) {
			if s := it.(map[string]any)["summary"].(string); strings.Contains(s, "Acme ID") {
				hows = append(hows, s)
			}
		}
		if len(hows) != 2 || !strings.Contains(hows[0], "(linked)") || !strings.Contains(hows[1], "(email)") {
			t.Fatalf("sign-in audits: %v", hows)
		}

		// Refusals.
		res, page, _ = ssoSignIn(t, e, "acme", "unverified", "op-secret-2")
		if res.StatusCode != 401 || !strings.Contains(page.Find(".error-summary").Text(), "no verified email") {
			t.Fatalf("unverified email: %d %q", res.StatusCode, page.Find(".error-summary").Text())
		}
		res, page, _ = ssoSignIn(t, e, "acme", "stranger", "op-secret-4")
		if res.StatusCode != 401 || !strings.Contains(page.Find(".error-summary").Text(), "may not sign in with Acme ID") {
			t.Fatalf("other domain: %d %q", res.StatusCode, page.Find(".error-summary").Text())
		}
		// The break-glass administrator is never tied to a provider.
		res, page, _ = ssoSignIn(t, e, "acme", "admin", "op-secret-5")
		if res.StatusCode != 401 || !strings.Contains(page.Find(".error-summary").Text(), "break-glass account") {
			t.Fatalf("break-glass by SSO: %d %q", res.StatusCode, page.Find(".error-summary").Text())
		}
		res, page, _ = ssoSignIn(t, e, "acme", "newhire", "op-secret-3")
		if res.StatusCode != 401 || !strings.Contains(page.Find(".error-summary").Text(), "No Cadre account uses") {
			t.Fatalf("no account, no JIT: %d %q", res.StatusCode, page.Find(".error-summary").Text())
		}
		forged, err := http.Get(e.srv.URL + "/sso/acme/callback?code=abc&state=forged")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(forged.Body)
		forged.Body.Close()
		if forged.StatusCode != 401 || !strings.Contains(string(body), "could not be matched to this browser") {
			t.Fatalf("forged state: %d", forged.StatusCode)
		}
		if r, _ := http.Get(e.srv.URL + "/sso/nope"); r.StatusCode != 404 {
			t.Fatalf("unknown provider: %d", r.StatusCode)
		}

		// Just-in-time: the employee gets a user with their own access.
		st, _, _ = adm.do("PUT", "/api/v1/sso/providers/"+itoa(pid), map[string]any{"name": "Acme ID", "slug": "acme", "issuer": issuer, "client_id": "cadre", "jit": true, "domains": []string{}})
		if st != 200 {
			t.Fatalf("turn JIT on: %d", st)
		}
		res, page, c = ssoSignIn(t, e, "acme", "newhire", "op-secret-3")
		if res.StatusCode != 200 || res.Request.URL.Path != "/time-off" {
			t.Fatalf("JIT sign-in: %d %s %q", res.StatusCode, res.Request.URL, page.Find(".error-summary").Text())
		}
		u, err := e.svc.Access.ActorByEmail(ctx, strings.ToLower(jitEmail))
		if err != nil || u.EmployeeID == 0 || len(u.Grants) != 0 || u.Name != jitName {
			t.Fatalf("JIT user: %+v %v", u, err)
		}
		// The client secret kept (the PUT had none) is why that worked.

		// SSO only: needs a break-glass administrator; then passwords stop
		// except theirs.
		admin := e.actorOf("admin@example.com")
		st, bad, _ = adm.do("PUT", "/api/v1/sso/settings", map[string]any{"sso_only": true})
		if st != 422 || fieldsOf(bad)["break_glass"] == "" {
			t.Fatalf("SSO only without break-glass: %d %v", st, bad)
		}
		st, bad, _ = adm.do("PUT", "/api/v1/sso/settings", map[string]any{"sso_only": true, "break_glass_user_ids": []int64{e.actorOf("generalist@example.com").UserID}})
		if st != 422 || fieldsOf(bad)["break_glass"] == "" {
			t.Fatalf("a generalist as break-glass: %d %v", st, bad)
		}
		st, set, _ := adm.do("PUT", "/api/v1/sso/settings", map[string]any{"sso_only": true, "break_glass_user_ids": []int64{admin.UserID}})
		if st != 200 || set["sso_only"] != true || len(set["break_glass"].([]any)) != 1 {
			t.Fatalf("SSO only: %d %v", st, set)
		}
		login := func(email string) (int, string) {
			b := e.client()
			b.page("/login", 200)
			res := b.post("/login", url.Values{"email": {email}, "password": {"cadre-demo"}})
			d, _ := goquery.NewDocumentFromReader(res.Body)
			res.Body.Close()
			return res.StatusCode, d.Find(".error-summary").Text()
		}
		if st, msg := login("generalist@example.com"); st != 403 || !strings.Contains(msg, "single sign-on") {
			t.Fatalf("password under SSO only: %d %q", st, msg)
		}
		if st, _ := login("admin@example.com"); st != 303 {
			t.Fatalf("break-glass password: %d", st)
		}
		// A second administrator, break-glass, then demoted: the flag no
		// longer opens the password form.
		dir := e.actorOf("director@example.com")
		if err := e.svc.Access.SetGrants(ctx, admin, dir.UserID, append(dir.Grants, access.Grant{Role: access.RoleAdmin})); err != nil {
			t.Fatal(err)
		}
		if st, _, _ := adm.do("PUT", "/api/v1/sso/settings", map[string]any{"sso_only": true, "break_glass_user_ids": []int64{admin.UserID, dir.UserID}}); st != 200 {
			t.Fatalf("two break-glass administrators: %d", st)
		}
		if st, _ := login("director@example.com"); st != 303 {
			t.Fatalf("the director as break-glass: %d", st)
		}
		if err := e.svc.Access.SetGrants(ctx, admin, dir.UserID, dir.Grants); err != nil {
			t.Fatal(err)
		}
		if st, msg := login("director@example.com"); st != 403 || !strings.Contains(msg, "single sign-on") {
			t.Fatalf("a demoted break-glass account: %d %q", st, msg)
		}
		doc = anon.page("/login", 200)
		if doc.Find("#password").Length() != 0 || doc.Find("#break-glass").Length() != 1 {
			t.Fatal("the sign-in page still offers the password form under SSO only")
		}
		if anon.page("/login?password=1", 200).Find("#password").Length() != 1 {
			t.Fatal("no break-glass form")
		}
		// The last provider cannot be disabled or removed while SSO only is on.
		if st, _, _ := adm.do("PUT", "/api/v1/sso/providers/"+itoa(pid), map[string]any{"name": "Acme ID", "slug": "acme", "issuer": issuer, "client_id": "cadre", "enabled": false}); st != 409 {
			t.Fatalf("disable the last provider: %d", st)
		}
		if st, _, _ := adm.do("DELETE", "/api/v1/sso/providers/"+itoa(pid), nil); st != 409 {
			t.Fatalf("remove the last provider: %d", st)
		}
		// SSO still works; then off again, passwords return.
		if res, _, _ := ssoSignIn(t, e, "acme", "taylor", "op-secret-1"); res.Request.URL.Path != "/time-off" {
			t.Fatalf("SSO under SSO only: %s", res.Request.URL)
		}
		if st, _, _ := adm.do("PUT", "/api/v1/sso/settings", map[string]any{"sso_only": false, "break_glass_user_ids": []int64{admin.UserID}}); st != 200 {
			t.Fatalf("SSO only off: %d", st)
		}
		if st, _ := login("generalist@example.com"); st != 303 {
			t.Fatalf("password after SSO only: %d", st)
		}
	})
}

// TestSSOPages: the admin's single sign-on pages: a provider added and
// edited with field errors, the policy refused without an enabled
// provider, then saved; 403 for other roles.
func TestSSOPages(t *testing.T) {
	e := sqliteEnv(t)
	for _, who := range []string{"generalist@example.com", "director@example.com", "employee@example.com"} {
		if res := e.login(who).get("/admin/sso"); res.StatusCode != 403 {
			t.Fatalf("%s: %d", who, res.StatusCode)
		}
	}
	b := e.login("admin@example.com")
	doc := b.page("/admin/sso", 200)
	if doc.Find("a[href='/admin/sso']").Length() == 0 || doc.Find("#bg-"+itoa(e.actorOf("admin@example.com").UserID)+"[checked]").Length() != 1 {
		t.Fatal("no nav link, or the demo admin is not break-glass")
	}
	// SSO only with no provider: refused on its field.
	doc, _ = b.submit("/admin/sso/policy", url.Values{"sso_only": {"on"}, "break_glass": {itoa(e.actorOf("admin@example.com").UserID)}}, 422)
	if !strings.Contains(doc.Find("#e-sso-only").Text(), "Enable a sign-in provider first") {
		t.Fatalf("policy without a provider: %q", doc.Find(".error-summary").Text())
	}
	doc, _ = b.submit("/admin/sso", url.Values{"name": {"Okta"}, "issuer": {"ftp://okta"}, "client_id": {"abc"}, "client_secret": {"s3cret"}, "domains": {"not a domain"}}, 422)
	if doc.Find("#f-issuer-error").Length() == 0 || doc.Find("#f-domains-error").Length() == 0 || doc.Find("#f-client-secret").AttrOr("value", "") != "" {
		t.Fatalf("provider errors: %q (the secret must not come back)", doc.Find(".error-summary").Text())
	}
	b.submit("/admin/sso", url.Values{"name": {"Okta"}, "issuer": {"https://northwind.okta.example"}, "client_id": {"abc"}, "client_secret": {"s3cret"}, "enabled": {"on"}, "domains": {"@Northwind.example"}}, 303)
	doc = b.page("/admin/sso", 200)
	row := doc.Find("#providers tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "/sso/okta/callback") {
		t.Fatalf("providers: %q", row.Text())
	}
	href, _ := row.Find("a").Attr("href")
	ed := b.page(href, 200)
	if ed.Find("#f-domains").AttrOr("value", "") != "northwind.example" || ed.Find("#f-client-secret").AttrOr("value", "x") != "" {
		t.Fatalf("edit form: domains %q", ed.Find("#f-domains").AttrOr("value", ""))
	}
	b.submit(href, url.Values{"name": {"Okta"}, "slug": {"okta"}, "issuer": {"https://northwind.okta.example"}, "client_id": {"abc2"}, "enabled": {"on"}, "jit": {"on"}}, 303)
	subs, _ := e.svc.SSO.Providers(context.Background(), e.actorOf("admin@example.com"))
	if len(subs) != 1 || subs[0].ClientID != "abc2" || !subs[0].JIT {
		t.Fatalf("after the edit: %+v", subs)
	}
	b.submit("/admin/sso/policy", url.Values{"sso_only": {"on"}, "break_glass": {itoa(e.actorOf("admin@example.com").UserID)}}, 303)
	if doc := e.client().page("/login", 200); doc.Find("#sso-okta").Length() != 1 || doc.Find("#break-glass").Length() != 1 {
		t.Fatal("the sign-in page under SSO only")
	}
	// Removing the last provider under SSO only is refused with a message.
	res := b.post(href+"/delete", url.Values{})
	if res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if n, _ := e.svc.SSO.Providers(context.Background(), e.actorOf("admin@example.com")); len(n) != 1 {
		t.Fatal("the last provider was removed under SSO only")
	}
}

// TestSignInNext: after signing in, Cadre goes only to its own paths
// ("next" with a scheme, a host, a backslash or a control character goes
// home).
func TestSignInNext(t *testing.T) {
	e := sqliteEnv(t)
	for next, want := range map[string]string{
		"/people?q=a":          "/people?q=a",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/\n/evil.example":     "/",
		"https://evil.example": "/",
		"/%09/evil.example":    "/%09/evil.example",
	} {
		b := e.client()
		b.page("/login", 200)
		res := b.post("/login", url.Values{"email": {"generalist@example.com"}, "password": {"cadre-demo"}, "next": {next}})
		if res.StatusCode != 303 || res.Header.Get("Location") != want {
			t.Errorf("next %q: %d → %q, want %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
		res.Body.Close()
	}
}
