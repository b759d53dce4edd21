package app

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/loadtest"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// envInt reads a size from the environment (the full runs set them).
func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil && v > 0 {
		return v
	}
	return def
}

// logReport writes a load report to the test log.
func logReport(t *testing.T, rep loadtest.Report) {
	t.Helper()
	var b strings.Builder
	rep.Format(&b)
	t.Log("\n" + b.String())
}

// checkLoad fails on any error and on any acknowledged write that is not
// in the database as acknowledged.
func checkLoad(t *testing.T, db *store.DB, rep loadtest.Report, wantEnrolled int) {
	t.Helper()
	if rep.Errors != 0 {
		t.Errorf("%d errors: %v", rep.Errors, rep.ErrorSamples)
	}
	problems, err := loadtest.Verify(context.Background(), db, rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lost write: %s", p)
	}
	enrolled := map[int64]bool{}
	for _, e := range rep.Elections {
		enrolled[e.EmployeeID] = true
	}
	if len(enrolled) < wantEnrolled {
		t.Errorf("%d employees enrolled, want %d", len(enrolled), wantEnrolled)
	}
}

// TestLoadMix runs the load harness small: every role's pages, open
// enrollment and time-off requests from 40 employees, for a few seconds
// with four clients; no errors, and every acknowledged write is in the
// database as acknowledged.
func TestLoadMix(t *testing.T) {
	e := newEnvSized(t, 150, 11)
	ctx := context.Background()
	s, err := loadtest.Provision(ctx, e.db, 40)
	if err != nil {
		t.Fatal(err)
	}
	d := 4 * time.Second
	if raceOn {
		d = 8 * time.Second
	}
	rep, err := loadtest.Run(ctx, loadtest.Config{BaseURL: e.srv.URL, Duration: d, Concurrency: len(loadtest.Personas), Seed: 1}, s)
	if err != nil {
		t.Fatal(err)
	}
	logReport(t, rep)
	if rep.Requests < 100 {
		t.Errorf("only %d requests", rep.Requests)
	}
	pages := 0
	for _, r := range rep.Routes {
		if !strings.HasPrefix(r.Route, "GET enrollment") && !strings.Contains(r.Route, "election") && !strings.Contains(r.Route, "time-off request") {
			pages++
		}
	}
	if pages < 10 {
		t.Errorf("only %d kinds of pages in the mix", pages)
	}
	checkLoad(t, e.db, rep, 1)
	if len(rep.TimeOff) == 0 {
		t.Error("no time-off request was acknowledged")
	}
}

// TestOpenEnrollmentSurge: on open enrollment's last day, 2,000 employees
// each read their offers, elect medical, dental and vision (or waive) and
// confirm, all at once: on one instance on SQLite, and on two instances on
// one PostgreSQL behind a round-robin balancer. No errors; every
// acknowledged election is in the database once with the acknowledged
// plan; the p99 is logged. Seeding a large company on PostgreSQL takes
// minutes, so go test runs 400 there (CADRE_SURGE_EMPLOYEES_PG=2000 for
// the full run, docs/performance.md), and fewer under the race detector.
func TestOpenEnrollmentSurge(t *testing.T) {
	// second: the URL of the database for a second instance ("" for one).
	run := func(t *testing.T, db *store.DB, second string, n int) {
		instances := 1
		if second != "" {
			instances = 2
		}
		ctx := context.Background()
		e := newEnvWith(t, db, n+200, 21)
		s, err := loadtest.Provision(ctx, e.db, n)
		if err != nil {
			t.Fatal(err)
		}
		base := e.srv.URL
		if second != "" {
			// A second instance with its own pool on the same database.
			db2, err := store.Open(ctx, second)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db2.Close() })
			sealer, _ := kit.NewSealer("web-test-secret-key-0123456789")
			clock := kit.FixedClock{T: testToday.Time().Add(10 * time.Hour)}
			svc2 := NewServices(db2, clock, sealer)
			h2, err := NewHandler(db2, svc2, HandlerOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			srv2 := httptest.NewServer(h2)
			t.Cleanup(srv2.Close)
			lb, stop, err := loadtest.RoundRobin(e.srv.URL, srv2.URL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(stop)
			base = lb
		}
		start := time.Now()
		rep, err := loadtest.Run(ctx, loadtest.Config{BaseURL: base, Duration: 5 * time.Minute, Concurrency: 16, Surge: true, Seed: 2}, s)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		logReport(t, rep)
		t.Logf("%d employees enrolled in %s on %d instance(s) (%s)", n, took.Round(time.Millisecond), instances, db.Dialect())
		checkLoad(t, e.db, rep, n)
		for _, r := range rep.Routes {
			if r.Route == "PUT election" && r.Count < 2*n {
				t.Errorf("%d elections for %d employees", r.Count, n)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		n := envInt("CADRE_SURGE_EMPLOYEES", 2000)
		if raceOn {
			n = 300
		}
		run(t, storetest.Open(t), "", n)
	})
	t.Run("postgres-two-instances", func(t *testing.T) {
		u, ok := storetest.URL(t, "postgres")
		if !ok {
			t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
		}
		db, err := store.Open(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		n := envInt("CADRE_SURGE_EMPLOYEES_PG", 400)
		if raceOn {
			n = 150
		}
		run(t, db, u, n)
	})
}
