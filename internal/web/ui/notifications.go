package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/work"
)

// NotificationsPage lists the user's notifications.
type NotificationsPage struct {
	Base
	Items []work.Notification
}

func (u *UI) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	items, err := u.Notifications.List(r.Context(), actor(r), false)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/notifications", NotificationsPage{Base: u.base(r, "Notifications", ""), Items: items})
	return nil
}

func (u *UI) markRead(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "all" {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	if err := u.Notifications.MarkRead(r.Context(), actor(r), id); err != nil {
		return err
	}
	if to := r.PostFormValue("to"); id != 0 && safeNext(to) == to && to != "/" {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	return u.redirect(w, r, "/notifications", "")
}

// NotificationSettingsPage is the user's notification preference.
type NotificationSettingsPage struct {
	Base
	Email        bool
	SettingsTabs []Tab
}

func (u *UI) notificationSettings(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	on, err := u.Notifications.EmailPreference(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/notifsettings", NotificationSettingsPage{Base: u.base(r, "Notifications", "Settings"), Email: on, SettingsTabs: settingsTabs(a, "/settings/notifications")})
	return nil
}

func (u *UI) saveNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	on := r.PostFormValue("email") == "1"
	if err := u.Notifications.SetEmailPreference(r.Context(), actor(r), on); err != nil {
		return err
	}
	msg := "Notification emails are off."
	if on {
		msg = "Notification emails are on."
	}
	return u.redirect(w, r, "/settings/notifications", msg)
}
