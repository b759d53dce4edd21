package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/riverqueue/river"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

type jobsProbeArgs struct {
	N int `json:"n"`
}

func (jobsProbeArgs) Kind() string { return "store_jobs_probe" }

// TestJobsMigrateAndInsertTx checks that River's tables migrate
// idempotently and that a job inserted with Conn.Tx exists only when the
// store transaction commits.
func TestJobsMigrateAndInsertTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if err := db.MigrateJobs(ctx); err != nil {
				t.Fatalf("MigrateJobs: %v", err)
			}
		}
		if db.Writer().Tx() != nil || db.Reader().Tx() != nil {
			t.Fatal("Tx outside InTx should be nil")
		}
		// An insert-only client: no queues, so it never works jobs.
		client, err := river.NewClient(db.JobDriver(), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(c *store.Conn) error {
			if c.Tx() == nil {
				t.Fatal("Tx inside InTx is nil")
			}
			_, err := client.InsertTx(ctx, c.Tx(), jobsProbeArgs{N: 1}, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		rollback := errors.New("roll back")
		err = db.InTx(ctx, func(c *store.Conn) error {
			if _, err := client.InsertTx(ctx, c.Tx(), jobsProbeArgs{N: 2}, nil); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("InTx = %v, want the rollback error", err)
		}
		res, err := client.JobList(ctx, river.NewJobListParams().Kinds("store_jobs_probe"))
		if err != nil {
			t.Fatal(err)
		}
		var first jobsProbeArgs
		if len(res.Jobs) == 1 {
			if err := json.Unmarshal(res.Jobs[0].EncodedArgs, &first); err != nil {
				t.Fatal(err)
			}
		}
		if len(res.Jobs) != 1 || first.N != 1 {
			var got []string
			for _, j := range res.Jobs {
				got = append(got, string(j.EncodedArgs))
			}
			t.Fatalf("jobs = %v, want only the committed one", got)
		}
	})
}

// TestJobsMigrateConcurrent runs MigrateJobs from several instances of one
// PostgreSQL database at once; the advisory lock makes them take turns.
func TestJobsMigrateConcurrent(t *testing.T) {
	u, ok := storetest.URL(t, "postgres")
	if !ok {
		t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		db, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		wg.Go(func() { errs <- db.MigrateJobs(ctx) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("MigrateJobs: %v", err)
		}
	}
}
