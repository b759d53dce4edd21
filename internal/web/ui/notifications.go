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
