package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/work"
)

// TestCalendarFeeds: a generalist subscribes to their deadlines and a
// panelist to their interviews; the feeds are read without a session,
// hold what the domains list for their owner, and stop when revoked or
// when the account is deactivated.
func TestCalendarFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		read := func(path string) (int, *ics.Calendar) {
			res, err := http.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				return res.StatusCode, nil
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
				t.Errorf("content type %s", ct)
			}
			cal, err := ics.ParseCalendar(strings.NewReader(string(b)))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			return res.StatusCode, cal
		}
		gen := e.api("generalist@example.com")
		code, f, _ := gen.do("POST", "/api/v1/me/calendar-feeds", map[string]any{"kind": "deadlines"})
		if code != 201 || !strings.HasPrefix(f["path"].(string), "/calendar/") {
			t.Fatalf("create: %d %v", code, f)
		}
		tasks, err := e.svc.Tasks.List(ctx, e.actorOf("generalist@example.com"), work.TaskFilter{OwnerUserID: e.actorOf("generalist@example.com").UserID, Statuses: []string{"open", "in_progress", "waiting"}})
		if err != nil {
			t.Fatal(err)
		}
		due := 0
		for _, tk := range tasks {
			if !tk.DueOn.IsZero() {
				due++
			}
		}
		code, cal := read(f["path"].(string))
		if code != 200 || len(cal.Events()) != due || due == 0 {
			t.Fatalf("deadlines feed: %d, %d events for %d tasks", code, len(cal.Events()), due)
		}
		if s := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; !strings.HasPrefix(s, "Due: ") {
			t.Errorf("summary: %q", s)
		}
		// A panelist's interviews: the generalist schedules one with the
		// lead on the panel.
		req := e.openReq(t)
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications?status=active", nil)
		app := apps["items"].([]any)[0].(map[string]any)
		panelist := "lead@example.com"
		body := map[string]any{"round": "Hiring manager interview", "start": "2026-11-03T10:00", "minutes": 60, "location": "Room 2", "panel": []int64{e.actorOf(panelist).UserID}}
		if s, iv, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(app, "id"))+"/interviews", body); s != 201 {
			t.Fatalf("schedule: %d %v", s, iv)
		}
		ivs, _ := e.svc.Hiring.MyInterviews(ctx, e.actorOf(panelist), testToday.Time().AddDate(0, -1, 0))
		want := 0
		for _, iv := range ivs {
			if iv.Status != "cancelled" {
				want++
			}
		}
		code, fi, _ := e.api(panelist).do("POST", "/api/v1/me/calendar-feeds", map[string]any{"kind": "interviews"})
		if code != 201 {
			t.Fatalf("interviews feed: %d %v", code, fi)
		}
		if code, cal := read(fi["path"].(string)); code != 200 || len(cal.Events()) != want || !strings.HasPrefix(cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value, "Interview: ") {
			t.Errorf("interviews: %d, want %d", code, want)
		}
		// An employee has no task queue; a bad kind is refused on its field.
		if code, _, _ := e.api("employee@example.com").do("POST", "/api/v1/me/calendar-feeds", map[string]any{"kind": "deadlines"}); code != 403 {
			t.Errorf("employee's deadlines: %d", code)
		}
		if code, _, _ := gen.do("POST", "/api/v1/me/calendar-feeds", map[string]any{"kind": "birthdays"}); code != 422 {
			t.Errorf("bad kind: %d", code)
		}
		if code, _ := read("/calendar/not-a-token.ics"); code != 404 {
			t.Errorf("unknown token: %d", code)
		}
		// Revoked: gone.
		id := int64(fnum(f["id"]))
		if code, _, _ := e.api("manager@example.com").do("DELETE", "/api/v1/me/calendar-feeds/"+itoa(id), nil); code != 404 {
			t.Errorf("someone else revokes: %d", code)
		}
		if code, _, _ := gen.do("DELETE", "/api/v1/me/calendar-feeds/"+itoa(id), nil); code != 204 {
			t.Errorf("revoke: %d", code)
		}
		if code, _ := read(f["path"].(string)); code != 404 {
			t.Errorf("revoked feed: %d", code)
		}
		// A deactivated account's feed stops.
		if err := e.svc.Access.SetActive(ctx, e.actorOf("admin@example.com"), e.actorOf(panelist).UserID, false); err != nil {
			t.Fatal(err)
		}
		if code, _ := read(fi["path"].(string)); code != 404 {
			t.Errorf("deactivated owner's feed: %d", code)
		}
	})
}

// TestCalendarFeedPages: the settings page creates a feed, shows its
// address once, and revokes it.
func TestCalendarFeedPages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	p := b.page("/settings/calendars", 200)
	if p.Find("#create-deadlines").Length() != 1 || p.Find("#create-interviews").Length() != 1 {
		t.Fatal("the kinds are not offered")
	}
	d, _ := b.submit("/settings/calendars", url.Values{"kind": {"deadlines"}}, 200)
	addr := strings.TrimSpace(d.Find("#new-feed").Text())
	if !strings.Contains(addr, "/calendar/") || d.Find("#feeds-table tbody tr").Length() != 1 {
		t.Fatalf("new feed: %q", addr)
	}
	if b.page("/settings/calendars", 200).Find("#new-feed").Length() != 0 {
		t.Error("the address is shown again")
	}
	res, err := http.Get(e.srv.URL + addr[strings.Index(addr, "/calendar/"):])
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("read: %v %d", err, res.StatusCode)
	}
	res.Body.Close()
	emp := e.login("employee@example.com").page("/settings/calendars", 200)
	if emp.Find("#create-deadlines").Length() != 0 {
		t.Error("an employee is offered a deadlines feed")
	}
	action, _ := d.Find("#feeds-table form").Attr("action")
	b.submit(action, url.Values{}, 303)
	if b.page("/settings/calendars", 200).Find("#feeds-table").Length() != 0 {
		t.Error("the feed is still listed")
	}
}
