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

// NotificationSettingsPage is the user's notification preferences.
type NotificationSettingsPage struct {
	Base
	Email        bool
	Kinds        []KindPref
	SettingsTabs []Tab
}

// KindPref is one kind's email choice.
type KindPref struct {
	Kind, Label string
	On          bool
}

func (u *UI) notificationSettings(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p, err := u.Notifications.GetPreferences(r.Context(), a)
	if err != nil {
		return err
	}
	page := NotificationSettingsPage{Base: u.base(r, "Notifications", "Settings"), Email: p.Email, SettingsTabs: settingsTabs(a, "/settings/notifications")}
	for _, k := range work.NotificationKinds {
		page.Kinds = append(page.Kinds, KindPref{Kind: k.Kind, Label: k.Label, On: !p.Muted[k.Kind]})
	}
	u.render(w, r, http.StatusOK, "admin/notifsettings", page)
	return nil
}

func (u *UI) saveNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	on := r.PostFormValue("email") == "1"
	p := work.Preferences{Email: on, Muted: map[string]bool{}}
	if _, sent := r.PostForm["kinds_shown"]; sent {
		for _, k := range work.NotificationKinds {
			p.Muted[k.Kind] = r.PostFormValue("kind_"+k.Kind) != "1"
		}
	}
	if err := u.Notifications.SetPreferences(r.Context(), actor(r), p); err != nil {
		return err
	}
	msg := "Notification emails are off."
	if on {
		msg = "Notification emails are on."
	}
	return u.redirect(w, r, "/settings/notifications", msg)
}
