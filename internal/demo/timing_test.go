package demo

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestSeedTiming measures Seed on each configured engine for the sizes in
// CADRE_DEMO_TIMING (comma-separated, e.g. "250,5000,100000"); it is
// skipped when that is unset.
func TestSeedTiming(t *testing.T) {
	sizes := os.Getenv("CADRE_DEMO_TIMING")
	if sizes == "" {
		t.Skip("set CADRE_DEMO_TIMING=250,5000,100000 to measure seeding")
	}
	engines := strings.Split(envOr("CADRE_DEMO_TIMING_ENGINES", "sqlite,postgres"), ",")
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatal(err)
		}
		for _, engine := range engines {
			t.Run(engine+"/"+s, func(t *testing.T) {
				u, ok := storetest.URL(t, engine)
				if !ok {
					t.Skip("PostgreSQL not configured")
				}
				db := openURL(t, u)
				opts := Options{Employees: n, Today: date.MustParse("2026-06-15"), FastHash: true}
				gen := time.Now()
				generate(mustDefaults(t, opts))
				genTime := time.Since(gen)
				start := time.Now()
				res, err := Seed(context.Background(), db, opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s %d employees: seeded %d records (%d active, %d terminated) in %s (generation alone %s)",
					engine, n, res.Employees, res.Active, res.Terminated, time.Since(start).Round(time.Millisecond), genTime.Round(time.Millisecond))
			})
		}
	}
}

// openURL opens and migrates a database from storetest.URL.
func openURL(t testing.TB, u string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func mustDefaults(t testing.TB, o Options) Options {
	t.Helper()
	o, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return o
}
