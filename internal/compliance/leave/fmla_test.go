package leave

import (
	"context"
	"testing"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

type hoursOnly struct {
	Store
	entries []people.HoursEntry
}

func (h hoursOnly) ListHours(context.Context, int64) ([]people.HoursEntry, error) {
	return h.entries, nil
}

func TestHoursWorkedCutsEntriesAtTheWindow(t *testing.T) {
	d := date.MustParse
	s := &Service{store: hoursOnly{entries: []people.HoursEntry{
		{From: d("2025-10-27"), To: d("2025-11-09"), HoursCenti: 8000},  // 14 days, 8 inside (Nov 2-9)
		{From: d("2026-01-05"), To: d("2026-01-18"), HoursCenti: 6000},  // inside
		{From: d("2026-10-26"), To: d("2026-11-08"), HoursCenti: 7000},  // 14 days, 7 inside (Oct 26-Nov 1)
		{From: d("2024-01-01"), To: d("2024-01-14"), HoursCenti: 10000}, // outside
	}}}
	got, covered, err := s.hoursWorked(context.Background(), 1, d("2025-11-02"), d("2026-11-02"))
	if err != nil || !covered {
		t.Fatal(err)
	}
	// 80 × 8/14 + 60 + 70 × 7/14 = 45.71 + 60 + 35
	if got != 140.71 {
		t.Errorf("hours %v, want 140.71", got)
	}
	if _, covered, _ := s.hoursWorked(context.Background(), 1, d("2020-01-01"), d("2021-01-01")); covered {
		t.Error("no entry in the window, yet covered")
	}
}

func TestScheduledEstimate(t *testing.T) {
	d := date.MustParse
	s := &Service{}
	e := people.Employee{WeeklyHours: 20}
	// Employed from 2026-05-04 (182 days before 2026-11-02): 26 weeks × 20 h.
	got := s.scheduled(e, []rules.EmploymentPeriod{{Start: d("2026-05-04")}}, d("2025-11-02"), d("2026-11-02"))
	if got != 520 {
		t.Errorf("estimate %v, want 520", got)
	}
}
