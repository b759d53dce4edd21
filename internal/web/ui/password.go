package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/access"
)

// PasswordPage is the form to change one's own password.
type PasswordPage struct {
	Base
	Form         Form
	SettingsTabs []Tab
}

func (u *UI) passwordPage(w http.ResponseWriter, r *http.Request) error {
	u.render(w, r, http.StatusOK, "admin/password", PasswordPage{Base: u.base(r, "Password", "Settings"), Form: NewForm(nil), SettingsTabs: settingsTabs(actor(r), "/settings/password")})
	return nil
}

func (u *UI) changePassword(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	s, _ := current(r)
	err := u.Access.ChangePassword(r.Context(), actor(r), access.PasswordChange{
		Current: f.Get("current_password"), New: f.Get("new_password"), Confirm: f.Get("confirm_password"), SessionToken: s.Token})
	if err == nil {
		return u.redirect(w, r, "/settings/password", "Your password is changed. Your other sessions were signed out.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	// Passwords are never sent back to the page.
	for _, k := range []string{"current_password", "new_password", "confirm_password"} {
		f.Values.Del(k)
	}
	u.render(w, r, http.StatusUnprocessableEntity, "admin/password", PasswordPage{Base: u.base(r, "Password", "Settings"), Form: f, SettingsTabs: settingsTabs(actor(r), "/settings/password")})
	return nil
}
