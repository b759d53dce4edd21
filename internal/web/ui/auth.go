package ui

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/sso"
	"github.com/cadrehq/cadre/internal/web"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Base
	Email, Next, Error string
	Demo               []DemoAccount
	// Providers are the enabled single sign-on providers; SSOOnly keeps
	// the password form for break-glass administrators only.
	Providers []sso.Provider
	SSOOnly   bool
	Password  bool // ?password=1: show the password form under SSO only
}

// loginPageData fills the sign-in page's providers.
func (u *UI) loginPageData(r *http.Request, email, next, msg string) LoginPage {
	p := LoginPage{Base: u.base(r, "Sign in", ""), Email: email, Next: safeNext(next), Error: msg, Demo: u.DemoAccounts, Password: r.FormValue("password") == "1" || r.Method == http.MethodPost}
	if u.SSO != nil {
		ps, only, err := u.SSO.SignInOptions(r.Context())
		if err != nil {
			u.Log.Error("sign-in providers", "err", err)
		}
		p.Providers, p.SSOOnly = ps, only
	}
	return p
}

// safeNext keeps a "next" address only when it is a path on this site:
// no scheme or host, no backslash or control character (browsers drop
// tabs and newlines, so "/\t/evil.example" would become "//evil.example").
func safeNext(n string) string {
	if n == "" || !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") || strings.ContainsAny(n, "\\") {
		return "/"
	}
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(n)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return n
}

func (u *UI) loginPage(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(cookieName); err == nil {
		if _, _, err := u.Access.Authenticate(r.Context(), c.Value); err == nil {
			http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
			return nil
		}
	}
	u.render(w, r, http.StatusOK, "auth/login", u.loginPageData(r, "", r.URL.Query().Get("next"), ""))
	return nil
}

func (u *UI) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	email, pw := r.PostFormValue("email"), r.PostFormValue("password")
	res, err := u.Access.Login(r.Context(), email, pw, web.ClientIP(r))
	if err != nil {
		status := web.Status(err)
		if status == http.StatusInternalServerError {
			return err
		}
		u.render(w, r, status, "auth/login", u.loginPageData(r, email, r.PostFormValue("next"), kit.MessageOf(err)))
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: res.Token, Path: "/", HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(access.SessionAbsolute.Seconds())})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) error {
	s, _ := current(r)
	if err := u.Access.Logout(r.Context(), s.Token); err != nil {
		return err
	}
	u.clearCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

var _ = time.Second

// ssoCookie carries a sign-in's sealed state to the callback.
const ssoCookie = "cadre_sso"

// ssoStart sends the browser to the provider.
func (u *UI) ssoStart(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	to, state, err := u.SSO.Begin(r.Context(), slug, u.absolute(r, "/sso/"+slug+"/callback"), safeNext(r.URL.Query().Get("next")))
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return err
		}
		u.Log.Error("single sign-on start", "provider", slug, "err", err)
		u.render(w, r, http.StatusBadGateway, "auth/login", u.loginPageData(r, "", r.URL.Query().Get("next"), sso.ErrSignIn.Msg))
		return nil
	}
	if state == "" { // SAML keeps its request server-side
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	// Lax: the provider's redirect back is a top-level GET, which carries it.
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: state, Path: "/sso/" + slug + "/", HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(sso.StateTTL.Seconds())})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// ssoCallback finishes the sign-in the provider sent back.
func (u *UI) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	var state string
	if c, err := r.Cookie(ssoCookie); err == nil {
		state = c.Value
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/sso/" + slug + "/", HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	q := r.URL.Query()
	providerErr := q.Get("error")
	if d := q.Get("error_description"); d != "" {
		providerErr += ": " + d
	}
	res, err := u.SSO.Finish(r.Context(), slug, u.absolute(r, "/sso/"+slug+"/callback"), state, q.Get("state"), q.Get("code"), providerErr, web.ClientIP(r))
	if err != nil {
		status := web.Status(err)
		if status == http.StatusInternalServerError {
			u.Log.Error("single sign-on", "provider", slug, "err", err)
			status, err = http.StatusBadGateway, sso.ErrSignIn
		}
		if kit.KindOf(err) == kit.KindNotFound {
			return err
		}
		u.render(w, r, status, "auth/login", u.loginPageData(r, "", "", kit.MessageOf(err)))
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: res.Login.Token, Path: "/", HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(access.SessionAbsolute.Seconds())})
	http.Redirect(w, r, safeNext(res.Next), http.StatusSeeOther)
	return nil
}

// samlMetadata serves a SAML provider's service provider metadata, to
// give the identity provider.
func (u *UI) samlMetadata(w http.ResponseWriter, r *http.Request) error {
	b, err := u.SSO.SAMLMetadata(r.Context(), r.PathValue("slug"), u.absolute(r, ""))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	_, _ = w.Write(b)
	return nil
}

// samlACS takes the identity provider's response (HTTP-POST binding).
// It is a cross-site POST by design: the response's signature and the
// stored request it answers stand in for the CSRF check.
func (u *UI) samlACS(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		u.render(w, r, http.StatusBadRequest, "auth/login", u.loginPageData(r, "", "", sso.ErrSignIn.Msg))
		return nil
	}
	res, err := u.SSO.FinishSAML(r.Context(), r.PathValue("slug"), u.absolute(r, ""), r, web.ClientIP(r))
	if err != nil {
		status := web.Status(err)
		if status == http.StatusInternalServerError {
			u.Log.Error("SAML sign-in", "provider", r.PathValue("slug"), "err", err)
			status, err = http.StatusBadGateway, sso.ErrSignIn
		}
		if kit.KindOf(err) == kit.KindNotFound {
			return err
		}
		u.render(w, r, status, "auth/login", u.loginPageData(r, "", "", kit.MessageOf(err)))
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: res.Login.Token, Path: "/", HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(access.SessionAbsolute.Seconds())})
	http.Redirect(w, r, safeNext(res.Next), http.StatusSeeOther)
	return nil
}
