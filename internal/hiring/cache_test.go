package hiring

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
)

// TestCachedComputesOnceForConcurrentReaders: readers who miss the cache
// together wait for one computation, and a reader who gives up does not
// cancel it for the others.
func TestCachedComputesOnceForConcurrentReaders(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	s := &Service{clock: kit.FixedClock{T: now}}
	var runs atomic.Int32
	release := make(chan struct{})
	compute := func(ctx context.Context) (any, error) {
		runs.Add(1)
		<-release
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return 42, nil
	}
	gone, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	results := make([]any, 8)
	read := func(i int, ctx context.Context) {
		defer wg.Done()
		results[i], _ = s.cached(ctx, "k", compute)
	}
	// The first reader starts the computation, then gives up.
	wg.Add(1)
	go read(0, gone)
	for runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < len(results); i++ {
		wg.Add(1)
		go read(i, context.Background())
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	close(release)
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}
	for i, r := range results {
		if r != 42 {
			t.Errorf("reader %d got %v", i, r)
		}
	}
	if v, _ := s.cached(context.Background(), "k", compute); v != 42 || runs.Load() != 1 {
		t.Errorf("a later reader recomputed: %v after %d runs", v, runs.Load())
	}
}
