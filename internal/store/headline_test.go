package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestHeadlineMatchesACountByHand: the oversight numbers (computed with
// date-index counts) equal a count over every employment period, for the
// whole company and for one department's subtree, on both engines.
func TestHeadlineMatchesACountByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := date.MustParse("2026-11-02")
		res, err := demo.Seed(ctx, db, demo.Options{Employees: 120, Seed: 3, Today: day, FastHash: true})
		if err != nil {
			t.Fatal(err)
		}
		st := db.People()
		units, err := st.ListOrgUnits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var dept string
		for _, u := range units {
			if u.ParentID != 0 && strings.Count(u.Path, "/") == 3 {
				dept = u.Path
				break
			}
		}
		if dept == "" {
			t.Fatal("no department")
		}
		for _, scope := range []string{"", dept} {
			var want people.Headline
			var startCount int
			y1 := day.AddYears(-1)
			for id := int64(1); id <= int64(res.Employees); id++ {
				tg, err := st.Target(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if scope != "" && !strings.HasPrefix(tg.OrgPath, scope) {
					continue
				}
				e, err := st.GetEmployee(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if e.Status == people.StatusActive {
					want.Active++
				}
				ps, err := st.ListPeriods(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range ps {
					if p.Start.After(day.AddDays(-90)) && !p.Start.After(day) {
						want.HiresLast90++
					}
					if !p.End.IsZero() && p.End.After(day.AddDays(-90)) && !p.End.After(day) {
						want.ExitsLast90++
					}
					if !p.End.IsZero() && p.End.After(y1) && !p.End.After(day) {
						want.ExitsLast365++
					}
					if !p.Start.After(y1) && (p.End.IsZero() || !p.End.Before(y1)) {
						startCount++
					}
				}
			}
			want.AvgHeadcount365 = float64(startCount+want.Active) / 2
			var paths []string
			if scope != "" {
				paths = []string{scope}
			}
			got, err := st.(people.HeadlineStore).Headline(ctx, paths, scope == "", day)
			if err != nil {
				t.Fatal(err)
			}
			if got.Active != want.Active || got.HiresLast90 != want.HiresLast90 || got.ExitsLast90 != want.ExitsLast90 ||
				got.ExitsLast365 != want.ExitsLast365 || got.AvgHeadcount365 != want.AvgHeadcount365 {
				t.Errorf("scope %q: got %+v, want %+v", scope, got, want)
			}
			if want.ExitsLast365 == 0 || want.HiresLast90 == 0 {
				t.Errorf("scope %q: the demo has no exits or hires to count (%+v)", scope, want)
			}
		}
	})
}
