package hiring

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
)

// dashTTL is how long a computed dashboard (the recruiting metrics, the
// hiring forecast) is reused for the same scope and filter. Any committed
// recruiting change on this instance (Service.inTx), and any people
// change (the app wires people.Service.OnChange to ForgetDashboards),
// drops them at once; changes on other instances show within the TTL.
// The metrics page says when its numbers were computed.
const dashTTL = time.Minute

type dashCache struct {
	mu sync.Mutex
	m  map[string]dashEntry
}

type dashEntry struct {
	v  any
	at time.Time
}

func (c *dashCache) get(key string, now time.Time) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.Sub(e.at) >= dashTTL || now.Before(e.at) {
		return nil, false
	}
	return e.v, true
}

func (c *dashCache) put(key string, v any, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 500 {
		c.m = map[string]dashEntry{}
	}
	c.m[key] = dashEntry{v: v, at: now}
}

// cached returns the dashboard under key, computing it once however many
// readers ask for it at the same moment: a recruiting dashboard over
// 100,000 employees takes a second or more to compute, and a cold cache
// under load must not compute it once per waiting reader. The computation
// outlives a reader who gives up, for the others waiting on it.
func (s *Service) cached(ctx context.Context, key string, compute func(ctx context.Context) (any, error)) (any, error) {
	if v, ok := s.dash.get(key, s.now()); ok {
		return v, nil
	}
	v, err, _ := s.dashFlight.Do(key, func() (any, error) {
		if v, ok := s.dash.get(key, s.now()); ok {
			return v, nil
		}
		v, err := compute(context.WithoutCancel(ctx))
		if err == nil {
			s.dash.put(key, v, s.now())
		}
		return v, err
	})
	return v, err
}

// ForgetDashboards drops the cached dashboards, so the next read computes
// them from the data (after a change made outside the service).
func (s *Service) ForgetDashboards() {
	s.dash.mu.Lock()
	s.dash.m = nil
	s.dash.mu.Unlock()
}

// scopeKey identifies what an actor may see under the permissions.
func scopeKey(a access.Actor, ps ...access.Permission) string {
	key := ""
	for _, p := range ps {
		paths, whole := access.ScopePaths(a, p)
		key += fmt.Sprintf("%s:%v:%v;", p, whole, paths)
	}
	return key
}
