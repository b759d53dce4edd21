package kit

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	l := NewRateLimiter()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 60; i++ {
		d := l.Allow(1, 60, now)
		if !d.Allowed || d.Remaining != 59-i || d.Limit != 60 {
			t.Fatalf("request %d: %+v", i, d)
		}
	}
	d := l.Allow(1, 60, now)
	if d.Allowed || d.RetryAfter != time.Second || d.Remaining != 0 {
		t.Fatalf("61st request at once: %+v", d)
	}
	// Another key has its own budget.
	if d := l.Allow(2, 60, now); !d.Allowed || d.Remaining != 59 {
		t.Fatalf("other key: %+v", d)
	}
	// One request a second later; refused again just after.
	if d := l.Allow(1, 60, now.Add(time.Second)); !d.Allowed || d.Remaining != 0 {
		t.Fatalf("a second later: %+v", d)
	}
	if d := l.Allow(1, 60, now.Add(1500*time.Millisecond)); d.Allowed || d.RetryAfter != 500*time.Millisecond {
		t.Fatalf("half a second after that: %+v", d)
	}
	// After a quiet minute the whole burst is back.
	if d := l.Allow(1, 60, now.Add(2*time.Minute)); !d.Allowed || d.Remaining != 59 {
		t.Fatalf("after a minute: %+v", d)
	}
	// No limit: always allowed.
	for i := 0; i < 1000; i++ {
		if d := l.Allow(3, 0, now); !d.Allowed {
			t.Fatal("a zero limit refused")
		}
	}
	// Sweeping forgets only recovered keys.
	l.sweep(now.Add(90 * time.Second))
	if _, ok := l.tat[1]; !ok {
		t.Fatal("swept a key still inside its window")
	}
	l.sweep(now.Add(5 * time.Minute))
	if len(l.tat) != 0 {
		t.Fatalf("sweep left %d keys", len(l.tat))
	}
}
