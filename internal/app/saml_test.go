package app

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/crewjam/saml/samlidp"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// startSAMLIdP runs a real SAML 2.0 identity provider on localhost
// (crewjam/saml's samlidp: metadata, the redirect binding, a login form,
// signed responses by the POST binding) with these users (name →
// email, password "idp-secret").
func startSAMLIdP(t *testing.T, users map[string]string) (*httptest.Server, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Test IdP"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	idp, err := samlidp.New(samlidp.Options{URL: *u, Key: key, Certificate: cert, Store: &samlidp.MemoryStore{}})
	if err != nil {
		t.Fatal(err)
	}
	h = idp
	for name, email := range users {
		body := `{"name":"` + name + `","password":"idp-secret","email":"` + email + `","given_name":"` + name + `","surname":"Test"}`
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/users/"+name, strings.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 204 {
			t.Fatalf("IdP user %s: %v %v", name, err, res)
		}
		res.Body.Close()
	}
	res, err := http.Get(srv.URL + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	md, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return srv, string(md)
}

// samlSignIn goes through the IdP's login and posts its response to
// Cadre's ACS, as a browser would.
func samlSignIn(t *testing.T, e *env, slug, user, password string) (*http.Response, *goquery.Document, *http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(e.srv.URL + "/sso/" + slug + "?next=/time-off")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	form := doc.Find("form")
	if form.Find(`input[name=user]`).Length() != 1 {
		t.Fatalf("no IdP login form at %s: %d %s", res.Request.URL, res.StatusCode, doc.Text())
	}
	action, _ := form.Attr("action")
	vals := url.Values{"user": {user}, "password": {password}}
	form.Find(`input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		vals.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	res, err = c.PostForm(action, vals)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	post := doc.Find(`form input[name=SAMLResponse]`).Closest("form")
	if post.Length() != 1 {
		t.Fatalf("the IdP did not answer with a SAML response: %s", doc.Text())
	}
	acs, _ := post.Attr("action")
	resp := url.Values{}
	post.Find(`input[type=hidden]`).Each(func(_ int, s *goquery.Selection) { resp.Set(s.AttrOr("name", ""), s.AttrOr("value", "")) })
	res, err = c.PostForm(acs, resp)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	return res, doc, c, resp.Get("SAMLResponse")
}

// TestSAMLSignOn: SAML 2.0 sign-in against a real local identity
// provider: the admin pastes its metadata, hands it Cadre's, and people
// sign in; a replayed response, a forged one and an unknown person are
// refused.
func TestSAMLSignOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		idp, md := startSAMLIdP(t, map[string]string{"taylor": "employee@example.com", "sam": "sam.stranger@elsewhere.example"})
		adm := e.api("admin@example.com")
		if st, bad, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"protocol": "saml", "name": "Corp IdP", "idp_metadata": "<nope/>"}); st != 422 || fieldsOf(bad)["idp_metadata"] == "" {
			t.Fatalf("bad metadata: %d %v", st, bad)
		}
		if st, bad, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"protocol": "saml", "name": "Corp IdP", "slug": "corp", "idp_metadata": md}); st != 422 || fieldsOf(bad)["domains"] == "" {
			t.Fatalf("SAML without domains: %d %v", st, bad)
		}
		st, p, _ := adm.do("POST", "/api/v1/sso/providers", map[string]any{"protocol": "saml", "name": "Corp IdP", "slug": "corp", "idp_metadata": md, "domains": []string{"Example.com", "@elsewhere.example"}})
		if st != 201 || p["protocol"] != "saml" || p["saml_metadata_path"] != "/saml/corp/metadata" {
			t.Fatalf("create: %d %v", st, p)
		}
		// Cadre's metadata goes to the IdP.
		res, err := http.Get(e.srv.URL + "/saml/corp/metadata")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("SP metadata: %v %v", err, res)
		}
		spmd, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Contains(spmd, []byte(e.srv.URL+"/saml/corp/acs")) || !bytes.Contains(spmd, []byte("X509Certificate")) {
			t.Fatalf("SP metadata: %s", spmd)
		}
		req, _ := http.NewRequest(http.MethodPut, idp.URL+"/services/cadre", bytes.NewReader(spmd))
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 204 {
			t.Fatalf("register with the IdP: %v %v", err, res)
		}
		if doc := e.client().page("/login", 200); doc.Find("#sso-corp").Length() != 1 {
			t.Fatal("no SAML button on the sign-in page")
		}

		// Taylor signs in.
		res, page, c, samlResponse := samlSignIn(t, e, "corp", "taylor", "idp-secret")
		if res.StatusCode != 200 || res.Request.URL.Path != "/time-off" || !strings.Contains(page.Find(".user-menu summary").Text(), "Taylor") {
			t.Fatalf("after SAML sign-in: %d %s %q", res.StatusCode, res.Request.URL, page.Find(".error-summary").Text())
		}
		if r2, _ := c.Get(e.srv.URL + "/"); r2.StatusCode != 200 {
			t.Fatalf("home: %d", r2.StatusCode)
		}
		_, au, _ := adm.do("GET", "/api/v1/audit?action=auth.login", nil)
		if !strings.Contains(toJSON(au), "Signed in with Corp IdP (SAML, email)") {
			t.Fatalf("audit: %v", au)
		}
		// The same response again: refused (its request is spent).
		replay, err := http.PostForm(e.srv.URL+"/saml/corp/acs", url.Values{"SAMLResponse": {samlResponse}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(replay.Body)
		replay.Body.Close()
		if replay.StatusCode != 401 || !strings.Contains(string(body), "Single sign-on did not complete") {
			t.Fatalf("replayed response: %d", replay.StatusCode)
		}
		// A forged response.
		if r, _ := http.PostForm(e.srv.URL+"/saml/corp/acs", url.Values{"SAMLResponse": {"PHNhbWxwOlJlc3BvbnNlLz4="}}); r.StatusCode != 401 {
			t.Fatalf("forged response: %d", r.StatusCode)
		}
		// Again: by the link.
		if res, _, _, _ := samlSignIn(t, e, "corp", "taylor", "idp-secret"); res.Request.URL.Path != "/time-off" {
			t.Fatalf("second SAML sign-in: %s", res.Request.URL)
		}
		// Someone Cadre does not know.
		res, page, _, _ = samlSignIn(t, e, "corp", "sam", "idp-secret")
		if res.StatusCode != 401 || !strings.Contains(page.Find(".error-summary").Text(), "No Cadre account uses sam.stranger@elsewhere.example") {
			t.Fatalf("stranger: %d %q", res.StatusCode, page.Find(".error-summary").Text())
		}
		_, au, _ = adm.do("GET", "/api/v1/audit?action=auth.sso_refused", nil)
		if len(au["items"].([]any)) < 2 {
			t.Fatalf("refusals not audited: %v", au)
		}
	})
}

// TestSAMLPages: the admin adds a SAML provider in the UI (its metadata
// refused field by field when it is not an IdP's), and its page shows
// Cadre's metadata and ACS.
func TestSAMLPages(t *testing.T) {
	e := sqliteEnv(t)
	_, md := startSAMLIdP(t, map[string]string{"taylor": "employee@example.com"})
	b := e.login("admin@example.com")
	if doc := b.page("/admin/sso", 200); doc.Find("#f-protocol option[value=saml]").Length() != 1 || doc.Find("#f-idp-metadata").Length() != 1 {
		t.Fatal("no SAML fields on the form")
	}
	doc, _ := b.submit("/admin/sso", url.Values{"protocol": {"saml"}, "name": {"Corp IdP"}, "idp_metadata": {`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>`}, "enabled": {"on"}}, 422)
	if !strings.Contains(doc.Find("#f-idp-metadata-error").Text(), "no identity provider") {
		t.Fatalf("metadata error: %q", doc.Find(".error-summary").Text())
	}
	b.submit("/admin/sso", url.Values{"protocol": {"saml"}, "name": {"Corp IdP"}, "idp_metadata": {md}, "enabled": {"on"}, "domains": {"example.com, northwind.example"}}, 303)
	doc = b.page("/admin/sso", 200)
	row := doc.Find("#providers tbody tr")
	if !strings.Contains(row.Text(), "/saml/corp-idp/acs") || !strings.Contains(row.Text(), "/saml/corp-idp/metadata") {
		t.Fatalf("providers: %q", row.Text())
	}
	href, _ := row.Find("a").First().Attr("href")
	ed := b.page(href, 200)
	if ed.Find("#f-idp-metadata").Length() != 1 || ed.Find("#f-issuer").Length() != 0 || !strings.Contains(ed.Find(".page-sub").Text(), "SAML 2.0") {
		t.Fatalf("edit page: %q", ed.Find(".page-sub").Text())
	}
	// Saving without new metadata keeps it.
	b.submit(href, url.Values{"name": {"Corp IdP"}, "slug": {"corp-idp"}, "enabled": {"on"}, "jit": {"on"}, "domains": {"example.com, northwind.example"}}, 303)
	if res, _ := http.Get(e.srv.URL + "/saml/corp-idp/metadata"); res.StatusCode != 200 {
		t.Fatalf("metadata after the edit: %d", res.StatusCode)
	}
}
