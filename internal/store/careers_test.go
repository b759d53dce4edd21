package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestCareersReferenceInstallsOnce: a company without the careers
// reference gets it when instances start, once even when two start
// together; an empty database gets nothing (the demo or the next start
// installs it).
func TestCareersReferenceInstallsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		if err := db.InstallCareersReference(ctx, at); err != nil {
			t.Fatal(err)
		}
		cs, err := db.Careers().Competencies(ctx)
		if err != nil || len(cs) != 0 {
			t.Fatalf("an empty database got competencies: %d %v", len(cs), err)
		}
		if err := db.InTx(ctx, func(c *store.Conn) error {
			_, err := c.InsertOrgUnit(ctx, people.OrgUnit{Name: "Company", Kind: "company"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = db.InstallCareersReference(ctx, at)
			}(i)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		cs, err = db.Careers().Competencies(ctx)
		if err != nil || len(cs) != 10 {
			t.Fatalf("competencies: %d %v", len(cs), err)
		}
		ls, _ := db.Careers().Ladders(ctx)
		if len(ls) != 2 || len(ls[0].Rungs)+len(ls[1].Rungs) != 9 {
			t.Fatalf("ladders: %+v", ls)
		}
		jobs, _ := db.Careers().CareerJobs(ctx)
		if len(jobs) != 10 {
			t.Errorf("reference jobs created: %d", len(jobs))
		}
		// HR removes a competency's requirement; a restart leaves it so.
		if err := db.InTx(ctx, func(c *store.Conn) error { return c.SetJobCompetencies(ctx, jobs[0].ID, nil) }); err != nil {
			t.Fatal(err)
		}
		if err := db.InstallCareersReference(ctx, at); err != nil {
			t.Fatal(err)
		}
		if p, _ := db.Careers().JobProfile(ctx, jobs[0].ID); len(p.Competencies) != 0 {
			t.Errorf("a restart reinstalled the requirements")
		}
	})
}
