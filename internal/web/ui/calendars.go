package ui

import (
	"net/http"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/calendar"
	"github.com/cadrehq/cadre/internal/kit"
)

// CalendarsPage lists the user's calendar subscriptions.
type CalendarsPage struct {
	Base
	SettingsTabs []Tab
	Feeds        []calendar.Feed
	Kinds        []CalendarKind
	NewURL       string // shown once, after creating a feed
	NewKind      string
}

// CalendarKind is a kind of feed and whether it is the user's.
type CalendarKind struct {
	Key, Label, About string
	Available         bool
}

func (u *UI) calendarsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCalendars(w, r, "", "")
}

func (u *UI) renderCalendars(w http.ResponseWriter, r *http.Request, newURL, newKind string) error {
	a := actor(r)
	fs, err := u.Calendar.Feeds(r.Context(), a)
	if err != nil {
		return err
	}
	avail := u.Calendar.Available(r.Context(), a)
	p := CalendarsPage{Base: u.base(r, "Calendar feeds", "Settings"), SettingsTabs: settingsTabs(a, "/settings/calendars"), Feeds: fs, NewURL: newURL, NewKind: newKind}
	for _, k := range calendar.Kinds {
		p.Kinds = append(p.Kinds, CalendarKind{Key: k.Key, Label: k.Label, About: k.About, Available: slices.Contains(avail, k.Key)})
	}
	u.render(w, r, http.StatusOK, "admin/calendars", p)
	return nil
}

// createCalendar makes a feed and shows its address once, on the page
// itself (never in a redirect's flash that could be logged).
func (u *UI) createCalendar(w http.ResponseWriter, r *http.Request) error {
	f, tok, err := u.Calendar.Create(r.Context(), actor(r), r.PostForm.Get("kind"))
	if err != nil {
		return err
	}
	return u.renderCalendars(w, r, u.absolute(r, "/calendar/"+tok+".ics"), f.Kind)
}

func (u *UI) revokeCalendar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Calendar.Revoke(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/calendars", "Calendar feed revoked: its address no longer works.")
}

// calendarByToken serves a feed to a calendar app (no session: the
// secret address is the credential).
func (u *UI) calendarByToken(w http.ResponseWriter, r *http.Request) error {
	tok := strings.TrimSuffix(r.PathValue("token"), ".ics")
	if tok == "" {
		return kit.NotFound("calendar")
	}
	b, err := u.Calendar.Render(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(b)
	return err
}
