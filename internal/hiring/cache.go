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
	// gen counts the forgets: a computation started before one must
	// not be stored after it, nor shared with readers who came after.
	gen uint64
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

func (c *dashCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put stores a dashboard computed from the data as of generation gen,
// unless the cache was forgotten since.
func (c *dashCache) put(key string, v any, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) > 500 {
		c.m = map[string]dashEntry{}
	}
	c.m[key] = dashEntry{v: v, at: now}
}

// dashCompute bounds one dashboard computation, which goes on for the
// readers waiting on it after the one who started it has gone.
const dashCompute = 2 * time.Minute

// cached returns the dashboard under key, computing it once however many
// readers ask for it at the same moment: a recruiting dashboard over
// 100,000 employees takes a second or more to compute, and a cold cache
// under load must not compute it once per waiting reader. A reader who
// gives up stops waiting; the computation goes on for the others. After
// a change (ForgetDashboards) readers start a new computation rather than
// join one that began before it, and an older one is not stored.
func (s *Service) cached(ctx context.Context, key string, compute func(ctx context.Context) (any, error)) (any, error) {
	if v, ok := s.dash.get(key, s.now()); ok {
		return v, nil
	}
	gen := s.dash.generation()
	ch := s.dashFlight.DoChan(fmt.Sprintf("%d|%s", gen, key), func() (any, error) {
		if v, ok := s.dash.get(key, s.now()); ok {
			return v, nil
		}
		start := s.now()
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), dashCompute)
		defer cancel()
		v, err := compute(cctx)
		if err == nil {
			s.dash.put(key, v, start, gen)
		}
		return v, err
	})
	select {
	case r := <-ch:
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ForgetDashboards drops the cached dashboards, so the next read computes
// them from the data (after a change made outside the service).
func (s *Service) ForgetDashboards() {
	s.dash.mu.Lock()
	s.dash.m = nil
	s.dash.gen++
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
