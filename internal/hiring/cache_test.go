package hiring

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
)

// TestCachedComputesOnceForConcurrentReaders: readers who miss the cache
// together wait for one computation; a reader who gives up stops waiting
// without cancelling it for the others.
func TestCachedComputesOnceForConcurrentReaders(t *testing.T) {
	s := &Service{clock: kit.FixedClock{T: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}}
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
	errs := make([]error, 8)
	read := func(i int, ctx context.Context) {
		defer wg.Done()
		results[i], errs[i] = s.cached(ctx, "k", compute)
	}
	// The first reader starts the computation, then gives up: it returns
	// while the computation is still running.
	first := make(chan struct{})
	go func() {
		defer close(first)
		results[0], errs[0] = s.cached(gone, "k", compute)
	}()
	for runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < len(results); i++ {
		wg.Add(1)
		go read(i, context.Background())
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-first
	close(release)
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}
	if !errors.Is(errs[0], context.Canceled) {
		t.Errorf("the reader who gave up got %v, %v", results[0], errs[0])
	}
	for i := 1; i < len(results); i++ {
		if results[i] != 42 || errs[i] != nil {
			t.Errorf("reader %d got %v, %v", i, results[i], errs[i])
		}
	}
	if v, _ := s.cached(context.Background(), "k", compute); v != 42 || runs.Load() != 1 {
		t.Errorf("a later reader recomputed: %v after %d runs", v, runs.Load())
	}
}

// TestCachedAfterAChange: a reader who comes after a change does not join
// a computation that began before it, and the older result is not kept.
func TestCachedAfterAChange(t *testing.T) {
	s := &Service{clock: kit.FixedClock{T: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}}
	var runs atomic.Int32
	release := make(chan struct{})
	old := make(chan any, 1)
	go func() {
		v, _ := s.cached(context.Background(), "k", func(context.Context) (any, error) {
			runs.Add(1)
			<-release
			return "before", nil
		})
		old <- v
	}()
	for runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.ForgetDashboards() // a change commits while the old computation runs
	v, err := s.cached(context.Background(), "k", func(context.Context) (any, error) {
		runs.Add(1)
		return "after", nil
	})
	if v != "after" || err != nil || runs.Load() != 2 {
		t.Errorf("after the change: %v %v (%d runs)", v, err, runs.Load())
	}
	close(release)
	if v := <-old; v != "before" {
		t.Errorf("the reader from before the change: %v", v)
	}
	if v, _ := s.cached(context.Background(), "k", func(context.Context) (any, error) { return "again", nil }); v != "after" {
		t.Errorf("the cache holds %v, want the result computed after the change", v)
	}
}
