package app

import (
	"context"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestHiringForecast: the forecast gives each department its turnover of
// the last 12 full months (the rules engine's explanation attached; it is
// reused for a minute, and dropped by any people change);
// someone who left last month counts once, in their department only;
// planned hires and projected exits add up to the hires needed per
// quarter; line managers cannot see it.
func TestHiringForecast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr := e.api("manager@example.com")
		rows := func(year string) map[float64]map[string]any {
			t.Helper()
			s, out, _ := mgr.do("GET", "/api/v1/hiring-plan/forecast?year="+year, nil)
			if s != 200 {
				t.Fatalf("forecast: %d %v", s, out)
			}
			m := map[float64]map[string]any{}
			for _, it := range out["items"].([]any) {
				r := it.(map[string]any)
				m[r["org_unit_id"].(float64)] = r
			}
			return m
		}
		before := rows("2026")
		if len(before) == 0 {
			t.Fatal("no departments")
		}
		for _, r := range before {
			qs := r["quarters"].([]any)
			if len(qs) != 4 || qs[2].(map[string]any)["past"] != true || qs[3].(map[string]any)["past"] != false {
				t.Fatalf("quarters of 2026 seen on 2026-11-02: %v", qs)
			}
			if num(r, "separations_12m") > 0 && !strings.Contains(toJSON(r["why"]), "sum of the monthly rates") {
				t.Fatalf("no explanation: %v", r["why"])
			}
		}
		// Someone who left on October 15 counts in their department.
		ctx := context.Background()
		lead := e.actorOf("lead@example.com").EmployeeID
		prof, err := e.svc.People.GetProfile(ctx, e.actorOf("director@example.com"), lead)
		if err != nil {
			t.Fatal(err)
		}
		leaver := prof.Reports[0].ID
		ps, err := db.Writer().ListPeriods(ctx, leaver)
		if err != nil || len(ps) == 0 {
			t.Fatal(err)
		}
		p := ps[len(ps)-1]
		p.End, p.TerminationReason = date.New(2026, 10, 15), "resignation"
		if err := db.Writer().UpdatePeriod(ctx, p); err != nil {
			t.Fatal(err)
		}
		if cached := rows("2026"); toJSON(cached) != toJSON(before) {
			t.Fatal("the forecast was computed again within a minute, with no change through Cadre")
		}
		// Any change to people data through Cadre drops the forecast.
		if s, out, _ := e.api("generalist@example.com").do("POST", "/api/v1/employees/"+itoa(lead)+"/contacts", map[string]any{"name": "Sam Alvarez",
			"relationship": "spouse", "phone": "512-555-0101"}); s != 201 {
			t.Fatalf("a people change: %d %v", s, out)
		}
		after := rows("2026")
		changed := 0
		for id, r := range after {
			b := before[id]
			if num(r, "separations_12m") == num(b, "separations_12m")+1 && num(r, "headcount") == num(b, "headcount")-1 {
				changed++
				if r["turnover_pct"].(float64) <= b["turnover_pct"].(float64) {
					t.Fatalf("turnover did not rise: %v -> %v", b["turnover_pct"], r["turnover_pct"])
				}
			} else if toJSON(r) != toJSON(b) {
				t.Fatalf("another department moved: %v\n%v", b, r)
			}
		}
		if changed != 1 {
			t.Fatalf("%d departments counted the leaver", changed)
		}
		// Next year: the plan's hires plus the projected exits.
		var dept float64
		for id, r := range after {
			if num(r, "headcount") > 0 && r["turnover_pct"].(float64) > 0 {
				dept = id
			}
		}
		if dept == 0 {
			t.Fatal("no department with turnover")
		}
		if s, _, _ := mgr.do("PUT", "/api/v1/hiring-plan", map[string]any{"org_unit_id": int64(dept), "year": 2027, "quarter": 2, "headcount": 4}); s != 200 {
			t.Fatalf("plan line: %d", s)
		}
		r := rows("2027")[dept]
		for i, q := range r["quarters"].([]any) {
			q := q.(map[string]any)
			exits := q["exits"].(float64)
			want := float64(num(r, "headcount")) * r["turnover_pct"].(float64) / 400
			if q["past"] != false || math.Abs(exits-want) > 0.006 {
				t.Fatalf("Q%d exits %v, want %v", i+1, exits, want)
			}
			planned := int64(0)
			if i == 1 {
				planned = 4
			}
			if num(q, "planned") != planned || num(q, "needs") != planned+int64(math.Ceil(exits-1e-9)) {
				t.Fatalf("Q%d: %v", i+1, q)
			}
		}
		if s, _, _ := e.api("lead@example.com").do("GET", "/api/v1/hiring-plan/forecast", nil); s != 403 {
			t.Fatalf("a line manager saw the forecast: %d", s)
		}
		doc := e.login("manager@example.com").page("/hiring/plan?year=2027", http.StatusOK)
		if !strings.Contains(doc.Find("#forecast").Text(), r["name"].(string)) || doc.Find("#forecast tfoot").Length() != 1 {
			t.Fatalf("forecast section: %s", doc.Find("#forecast").Text())
		}
	})
}
