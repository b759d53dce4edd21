package ui

import (
	"net/http"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/web"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	Base
	Email, Next, Error string
	Demo               []DemoAccount
}

func safeNext(n string) string {
	if n == "" || !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") || strings.HasPrefix(n, "/\\") {
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
	u.render(w, r, http.StatusOK, "auth/login", LoginPage{Base: u.base(r, "Sign in", ""), Next: safeNext(r.URL.Query().Get("next")), Demo: u.DemoAccounts})
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
		u.render(w, r, status, "auth/login", LoginPage{Base: u.base(r, "Sign in", ""), Email: email, Next: safeNext(r.PostFormValue("next")), Error: kit.MessageOf(err), Demo: u.DemoAccounts})
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
