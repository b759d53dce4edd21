package kit

import (
	"sync"
	"time"
)

// RateLimiter caps requests per key with the generic cell rate algorithm
// (GCRA): a limit of N a minute lets a burst of N through and then one
// every 60/N seconds, with no fixed window edge to game. It keeps one
// timestamp per key in memory, so with several instances behind a load
// balancer each instance counts its own share.
type RateLimiter struct {
	mu  sync.Mutex
	tat map[int64]time.Time // theoretical arrival time per key
}

// NewRateLimiter returns an empty limiter.
func NewRateLimiter() *RateLimiter { return &RateLimiter{tat: map[int64]time.Time{}} }

// RateDecision is the answer for one request.
type RateDecision struct {
	Allowed    bool
	Limit      int
	Remaining  int           // requests still allowed right now
	Reset      time.Duration // until the full burst is available again
	RetryAfter time.Duration // when refused, until the next request passes
}

// Allow counts one request for key against perMinute at now.
func (l *RateLimiter) Allow(key int64, perMinute int, now time.Time) RateDecision {
	d := RateDecision{Allowed: true, Limit: perMinute}
	if perMinute <= 0 {
		return d
	}
	interval := time.Minute / time.Duration(perMinute)
	burst := time.Minute - interval // tolerance: perMinute requests at once
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.tat) > 100000 {
		l.sweep(now)
	}
	tat := l.tat[key]
	if tat.Before(now) {
		tat = now
	}
	if wait := tat.Sub(now) - burst; wait > 0 {
		d.Allowed, d.RetryAfter, d.Reset = false, wait, tat.Sub(now)
		return d
	}
	tat = tat.Add(interval)
	l.tat[key] = tat
	d.Reset = tat.Sub(now)
	d.Remaining = int((burst - (tat.Sub(now) - interval)) / interval)
	if d.Remaining < 0 {
		d.Remaining = 0
	}
	return d
}

// sweep drops keys whose burst has fully recovered.
func (l *RateLimiter) sweep(now time.Time) {
	for k, t := range l.tat {
		if t.Before(now) {
			delete(l.tat, k)
		}
	}
}
