package calendar

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/kit/date"
)

// Serialize writes timed events in UTC and all-day events as dates
// ending the next day, transparent, and the result parses back.
func TestSerialize(t *testing.T) {
	start := time.Date(2026, 11, 3, 16, 0, 0, 0, time.UTC)
	b := Serialize("My deadlines", []Event{
		{UID: "a@cadre", Summary: "Interview: Ana Lima for Analyst", Location: "Room 2", Start: start, End: start.Add(time.Hour), Sequence: 2},
		{UID: "b@cadre", Summary: "Due: Form I-9 Section 2", Day: date.MustParse("2026-11-05"), Details: "Ana Lima."},
	}, start)
	cal, err := ics.ParseCalendar(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	if v := evs[0].GetProperty(ics.ComponentPropertyDtStart).Value; v != "20261103T160000Z" {
		t.Errorf("timed start %q", v)
	}
	if v := evs[0].GetProperty(ics.ComponentPropertySequence).Value; v != "2" {
		t.Errorf("sequence %q", v)
	}
	if v := evs[1].GetProperty(ics.ComponentPropertyDtStart).Value; v != "20261105" {
		t.Errorf("all-day start %q", v)
	}
	if v := evs[1].GetProperty(ics.ComponentPropertyDtEnd).Value; v != "20261106" {
		t.Errorf("all-day end %q", v)
	}
	if !strings.Contains(string(b), "METHOD:PUBLISH") || !strings.Contains(string(b), "X-WR-CALNAME:My deadlines") {
		t.Errorf("calendar header: %s", b[:200])
	}
	if Label(KindInterviews) != "My interviews" || Label("other") != "other" {
		t.Error("labels")
	}
}
