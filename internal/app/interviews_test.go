package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// invites records the invitations the hiring service sends.
type invites struct {
	mu   sync.Mutex
	sent []hiring.Invite
}

func (iv *invites) hook(ctx context.Context, st hiring.Store, in hiring.Invite) error {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	iv.sent = append(iv.sent, in)
	return nil
}

func (iv *invites) take() []hiring.Invite {
	iv.mu.Lock()
	defer iv.mu.Unlock()
	out := iv.sent
	iv.sent = nil
	return out
}

// event parses an invitation's calendar object back.
func event(t *testing.T, in hiring.Invite) (*ics.Calendar, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(string(in.ICS)))
	if err != nil {
		t.Fatalf("the invitation does not parse: %v\n%s", err, in.ICS)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events in the invitation", len(evs))
	}
	return cal, evs[0]
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func calMethod(cal *ics.Calendar) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			return p.Value
		}
	}
	return ""
}

// TestInterviewsWithCalendarInvitations: scheduling sends everyone a
// METHOD:REQUEST invitation that parses back with the right time, UID and
// attendees; double-booking, weekends and hours outside the working day
// are refused; a reschedule keeps the UID and bumps the SEQUENCE; a cancel
// sends METHOD:CANCEL; a cancelled interview cannot be moved.
func TestInterviewsWithCalendarInvitations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var sent invites
		e.svc.Hiring.OnInvite(sent.hook)
		gen := e.api("generalist@example.com")
		req := e.openReq(t)
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications?status=active", nil)
		items := apps["items"].([]any)
		a1, a2 := items[0].(map[string]any), items[1].(map[string]any)
		lead, me := e.actorOf("lead@example.com").UserID, e.actorOf("generalist@example.com").UserID
		body := map[string]any{"round": "Hiring manager interview", "start": "2026-11-03T10:00", "minutes": 60, "location": "Room 2", "panel": []int64{lead, me}}
		s, iv, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(a1, "id"))+"/interviews", body)
		if s != 201 || iv["status"] != "scheduled" || num(iv, "sequence") != 0 {
			t.Fatalf("schedule: %d %v", s, iv)
		}
		tz, _ := time.LoadLocation(iv["time_zone"].(string))
		wantStart := time.Date(2026, 11, 3, 10, 0, 0, 0, tz).UTC()
		got := sent.take()
		if len(got) != 3 {
			t.Fatalf("%d invitations, want the candidate and two interviewers", len(got))
		}
		for _, in := range got {
			cal, ev := event(t, in)
			start, err := ev.GetStartAt()
			if calMethod(cal) != "REQUEST" || err != nil || !start.Equal(wantStart) || ev.Id() != iv["uid"] || prop(ev, ics.ComponentPropertySequence) != "0" || len(ev.Attendees()) != 3 ||
				!strings.Contains(prop(ev, ics.ComponentPropertyOrganizer), "mailto:") {
				t.Fatalf("invitation to %s: method %s start %v (want %v) %v\n%s", in.To, calMethod(cal), start, wantStart, err, in.ICS)
			}
		}
		// The lead is busy then: a second candidate cannot take them.
		clash := map[string]any{"start": "2026-11-03T10:30", "minutes": 30, "panel": []int64{lead}}
		if s, prob, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(a2, "id"))+"/interviews", clash); s != 409 || !strings.Contains(toJSON(prob), "already interviewing") {
			t.Fatalf("double-booked: %d %v", s, prob)
		}
		for _, bad := range []string{"2026-11-07T10:00", "2026-11-03T07:00", "2026-11-03T17:45", "2026-10-30T10:00", "tomorrow"} {
			b := map[string]any{"start": bad, "minutes": 30, "panel": []int64{me}}
			if s, prob, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(a2, "id"))+"/interviews", b); s != 422 || fieldsOf(prob)["start"] == "" {
				t.Errorf("start %s: %d %v", bad, s, prob)
			}
		}
		if len(sent.take()) != 0 {
			t.Fatal("a refused booking sent invitations")
		}
		// Reschedule: same UID, SEQUENCE 1.
		id := itoa(num(iv, "id"))
		move := map[string]any{"round": "Hiring manager interview", "start": "2026-11-03T14:00", "minutes": 60, "panel": []int64{lead, me}, "version": num(iv, "version")}
		if s, out, _ := gen.do("PATCH", "/api/v1/interviews/"+id, move); s != 200 || num(out, "sequence") != 1 {
			t.Fatalf("reschedule: %d %v", s, out)
		}
		for _, in := range sent.take() {
			_, ev := event(t, in)
			if ev.Id() != iv["uid"] || prop(ev, ics.ComponentPropertySequence) != "1" {
				t.Fatalf("update: %s", in.ICS)
			}
		}
		// The 10:00 slot is free again for the second candidate.
		if s, _, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(a2, "id"))+"/interviews", clash); s != 201 {
			t.Fatalf("the freed slot: %d", s)
		}
		sent.take()
		if s, _, _ := gen.do("POST", "/api/v1/interviews/"+id+"/cancellation", map[string]any{"reason": "Candidate asked to move"}); s != 200 {
			t.Fatal("cancel")
		}
		cancels := sent.take()
		if len(cancels) != 3 {
			t.Fatalf("%d cancellations", len(cancels))
		}
		cal, ev := event(t, cancels[0])
		if calMethod(cal) != "CANCEL" || prop(ev, ics.ComponentPropertyStatus) != "CANCELLED" || prop(ev, ics.ComponentPropertySequence) != "2" {
			t.Fatalf("cancel: %s", cancels[0].ICS)
		}
		if s, _, _ := gen.do("PATCH", "/api/v1/interviews/"+id, move); s != 409 {
			t.Fatalf("rescheduled after cancel: %d", s)
		}
		if s, _, _ := e.api("employee@example.com").do("GET", "/api/v1/interviews/"+id+"/invite.ics", nil); s != 404 {
			t.Fatalf("an employee read an interview: %d", s)
		}
	})
}

// TestSelfSchedulingAndScorecards: the candidate picks one of the offered
// times through their link (a time taken meanwhile is not offered); a
// panelist sees the others' scorecards only after submitting theirs.
func TestSelfSchedulingAndScorecards(t *testing.T) {
	e := sqliteEnv(t)
	var sent invites
	e.svc.Hiring.OnInvite(sent.hook)
	var token string
	e.svc.Hiring.OnSchedulingLink(func(ctx context.Context, st hiring.Store, l hiring.LinkSent) error { token = l.Token; return nil })
	gen := e.api("generalist@example.com")
	req := e.openReq(t)
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications?status=active", nil)
	app := apps["items"].([]any)[0].(map[string]any)
	aid := itoa(num(app, "id"))
	lead, me := e.actorOf("lead@example.com").UserID, e.actorOf("generalist@example.com").UserID
	_, times, _ := gen.do("GET", "/api/v1/applications/"+aid+"/interview-times?panel="+itoa(lead)+"&panel="+itoa(me)+"&minutes=45", nil)
	slots := times["items"].([]any)
	if len(slots) < 3 {
		t.Fatalf("suggested %d times", len(slots))
	}
	offer := []any{slots[0].(map[string]any)["start"], slots[1].(map[string]any)["start"]}
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/scheduling-links", map[string]any{"round": "Panel", "panel": []int64{lead, me}, "slots": offer}); s != 201 || token == "" {
		t.Fatalf("link: %d", s)
	}
	// The lead's first offered time gets taken by another interview.
	other := itoa(num(apps["items"].([]any)[1].(map[string]any), "id"))
	first, _ := time.Parse(time.RFC3339, slots[0].(map[string]any)["start"].(string))
	tz, _ := time.LoadLocation(slots[0].(map[string]any)["time_zone"].(string))
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+other+"/interviews", map[string]any{"start": first.In(tz).Format("2006-01-02T15:04"), "minutes": 30, "panel": []int64{lead}}); s != 201 {
		t.Fatal("taking the first time")
	}
	sent.take()
	c := e.client()
	page := c.page("/careers/schedule/"+token, http.StatusOK)
	radios := page.Find(`input[name=slot]`)
	if radios.Length() != 1 {
		t.Fatalf("%d times offered, want 1 still free", radios.Length())
	}
	v, _ := radios.First().Attr("value")
	// The taken time, posted anyway, is refused: it is no longer free.
	c.submit("/careers/schedule/"+token+"/book", url.Values{"slot": {offer[0].(string)}}, http.StatusUnprocessableEntity)
	doc, _ := c.submit("/careers/schedule/"+token+"/book", url.Values{"slot": {v}}, http.StatusOK)
	if !strings.Contains(doc.Text(), "You are booked") {
		t.Fatalf("booking: %s", doc.Text())
	}
	if len(sent.take()) != 3 {
		t.Fatal("the booking sent no invitations")
	}
	c.submit("/careers/schedule/"+token+"/book", url.Values{"slot": {v}}, http.StatusUnprocessableEntity)
	// Scorecards need a past interview: one from last week.
	ctx := context.Background()
	st := e.db.Hiring()
	a1, _ := st.GetApplication(ctx, num(app, "id"))
	past := hiring.Interview{ApplicationID: a1.ID, RequisitionID: a1.RequisitionID, Round: "Phone screen", StartsAt: testToday.Time().Add(-3*24*time.Hour + 15*time.Hour),
		TimeZone: "America/Chicago", Status: hiring.InterviewScheduled, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	past.EndsAt = past.StartsAt.Add(30 * time.Minute)
	lp, _ := st.InterviewerOf(ctx, lead)
	mp, _ := st.InterviewerOf(ctx, me)
	past.Panel = []hiring.Panelist{lp, mp}
	var pid int64
	if err := st.InTx(ctx, func(tx hiring.Store) error {
		var err error
		pid, err = tx.InsertInterview(ctx, past)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	r, _ := st.GetRequisition(ctx, a1.RequisitionID)
	crit := hiring.Criteria(r)
	ratings := func(score int) []any {
		var out []any
		for _, c := range crit {
			out = append(out, map[string]any{"criterion": c, "score": score, "evidence": "Gave a clear example from their last job."})
		}
		return out
	}
	leadAPI := e.api("lead@example.com")
	if s, prob, _ := leadAPI.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": []any{map[string]any{"criterion": crit[0], "score": 9, "evidence": "ok"}}}); s != 422 ||
		fieldsOf(prob)["ratings[0].score"] == "" || fieldsOf(prob)["ratings[0].evidence"] == "" || fieldsOf(prob)["ratings"] == "" {
		t.Fatalf("bad scorecard: %d %v", s, prob)
	}
	if s, out, _ := leadAPI.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "strong_yes", "ratings": ratings(4)}); s != 201 || out["mine"] == nil {
		t.Fatalf("lead scorecard: %d %v", s, out)
	}
	if s, _, _ := leadAPI.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": ratings(3)}); s != 409 {
		t.Fatalf("submitted twice: %d", s)
	}
	_, before, _ := gen.do("GET", "/api/v1/interviews/"+itoa(pid)+"/scorecards", nil)
	if num(before, "hidden") != 1 || len(before["others"].([]any)) != 0 {
		t.Fatalf("the generalist saw the lead's scorecard before submitting: %v", before)
	}
	if s, after, _ := gen.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": ratings(3)}); s != 201 || len(after["others"].([]any)) != 1 {
		t.Fatalf("after submitting: %d %v", s, after)
	}
	if _, mgr, _ := e.api("manager@example.com").do("GET", "/api/v1/interviews/"+itoa(pid)+"/scorecards", nil); len(mgr["others"].([]any)) != 2 {
		t.Fatalf("the HR manager sees: %v", mgr)
	}
	if s, _, _ := e.api("employee@example.com").do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": ratings(3)}); s != 404 && s != 403 {
		t.Fatalf("a non-panelist submitted: %d", s)
	}
	// The scorecard page for the lead.
	b := e.login("lead@example.com")
	sp := b.page("/hiring/interviews/"+itoa(pid)+"/scorecard", http.StatusOK)
	if !strings.Contains(sp.Text(), "Your scorecard") || !strings.Contains(sp.Text(), "Priya Raman") {
		t.Fatal("the lead's scorecard page lacks the scorecards")
	}
	b.page("/hiring/interviews", http.StatusOK)
}
