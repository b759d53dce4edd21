package app

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestMarketPricingAPI: a market file with missing percentiles, falling
// percentiles and a duplicate job imports nothing and reports each row;
// a good one imports; data is aged to the common date; a job matched to
// a survey job is priced (gap against P50, the target percentile from the
// philosophy); a structure is proposed from the market; roles.
func TestMarketPricingAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, comp := e.api("generalist@example.com"), e.api("manager@example.com")
		st, d, _ := gen.do("GET", "/api/v1/market/data", nil)
		if st != 200 || len(d["items"].([]any)) == 0 || num64(d["aging"].(map[string]any)["annual_rate_bp"]) != 300 {
			t.Fatalf("demo market data: %d %v", st, d["aging"])
		}
		bad := "job_code,job_title,p25,p50,p75,p90,effective_date,source\n" +
			"ZZ-1,Payroll Specialist,60000,70000,80000,90000,2026-07-01,Test Survey\n" +
			"ZZ-2,Payroll Manager,90000,,120000,140000,2026-07-01,Test Survey\n" +
			"ZZ-3,Payroll Analyst,80000,70000,90000,95000,2026-07-01,Test Survey\n" +
			"ZZ-1,Payroll Specialist again,61000,71000,81000,91000,2026-07-01,Test Survey\n"
		if st, _ := gen.uploadFile("/api/v1/market/imports", "market.csv", []byte(bad)); st != 403 {
			t.Errorf("a generalist imports market data: %d", st)
		}
		st, rep := comp.uploadFile("/api/v1/market/imports", "market.csv", []byte(bad))
		if st != 422 || rep["imported"] != false {
			t.Fatalf("bad file: %d %v", st, rep)
		}
		errs := toJSON(rep["errors"])
		for _, want := range []string{`"field":"p50","line":3,"message":"missing`, `"field":"p50","line":4,"message":"the percentiles must rise`, `"field":"job_code","line":5,"message":"duplicate: the same job, source and date as line 2"`} {
			if !strings.Contains(errs, want) {
				t.Errorf("report lacks %s: %s", want, errs)
			}
		}
		_, d2, _ := gen.do("GET", "/api/v1/market/data", nil)
		if strings.Contains(toJSON(d2), "ZZ-1") {
			t.Fatal("a failed import left rows behind")
		}
		if st, rep := comp.uploadFile("/api/v1/market/imports", "market.csv", []byte("job_code,p50\nX,1\n")); st != 422 || !strings.Contains(toJSON(rep["problems"]), `missing required column \"p25\"`) {
			t.Errorf("file without columns: %d %v", st, rep)
		}
		good := "job_code,job_title,p25,p50,p75,p90,effective_date,source\n" +
			"ZZ-1,Payroll Specialist,\"60,000\",70000,80000,90000,2025-11-02,Test Survey\n"
		if st, rep := comp.uploadFile("/api/v1/market/imports", "market.csv", []byte(good)); st != 201 || rep["imported"] != true {
			t.Fatalf("good file: %d %v", st, rep)
		}
		// Aged one year (2025-11-02 to 2026-11-02, 365 days) at 3%.
		_, d3, _ := gen.do("GET", "/api/v1/market/data", nil)
		var zz map[string]any
		for _, it := range d3["items"].([]any) {
			if it := it.(map[string]any); it["job_code"] == "ZZ-1" {
				zz = it
			}
		}
		want := market.Age(market.Point{EffectiveOn: date.MustParse("2025-11-02"), P50: 7000000}, date.MustParse("2026-11-02"), 300).AgedP50
		if zz == nil || num64(zz["aged_p50_cents"]) != want || math.Abs(float64(want)/7000000-math.Pow(1.03, 365/365.25)) > 1e-6 {
			t.Fatalf("aged: %v, want %d", zz, want)
		}
		if st, _, _ := comp.do("PUT", "/api/v1/market/aging", map[string]any{"annual_rate_bp": 5000}); st != 422 {
			t.Errorf("aging of 50%%: %d", st)
		}
		// Match the employee's job to the new survey job and price it.
		emp := e.empOf("employee@example.com")
		_, prof, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d", emp), nil)
		job := num64(prof["job_id"])
		if st, r, _ := comp.do("PUT", fmt.Sprintf("/api/v1/jobs/%d/market-match", job), map[string]any{"source": "Test Survey", "job_code": "NOPE"}); st != 422 {
			t.Errorf("match to an unknown survey job: %d %v", st, r)
		}
		if st, r, _ := comp.do("PUT", fmt.Sprintf("/api/v1/jobs/%d/market-match", job), map[string]any{"source": "Test Survey", "job_code": "ZZ-1", "adjustment_bp": 9000}); st != 204 && st != 200 {
			t.Fatalf("match: %d %v", st, r)
		}
		_, pricing, _ := gen.do("GET", "/api/v1/market/pricing", nil)
		var price map[string]any
		for _, p := range pricing["items"].([]any) {
			if p := p.(map[string]any); num64(p["job_id"]) == job {
				price = p
			}
		}
		p50 := int64(math.Round(float64(want) * 0.9))
		if price == nil || num64(price["market_p50_cents"]) != p50 || num64(pricing["target_percentile"]) != 50 || num64(price["market_target_cents"]) != p50 {
			t.Fatalf("price: %v (want P50 %d)", price, p50)
		}
		if avg := num64(price["average_fte_cents"]); avg == 0 || math.Abs(price["gap_pct"].(float64)-math.Round(float64(avg-p50)*1000/float64(p50))/10) > 1e-9 {
			t.Errorf("gap: %v", price)
		}
		// A P60 philosophy prices the job 10/25 of the way from P50 to P75.
		if st, r, _ := comp.do("PUT", "/api/v1/compensation/philosophy", map[string]any{"target_percentile": 60, "base_mix_bp": 9000, "range_spread_bp": 5000, "midpoint_progression_bp": 1200, "merit_budget_bp": 350, "text": "P60."}); st != 200 {
			t.Fatalf("philosophy: %d %v", st, r)
		}
		_, pricing, _ = gen.do("GET", "/api/v1/market/pricing", nil)
		for _, p := range pricing["items"].([]any) {
			if p := p.(map[string]any); num64(p["job_id"]) == job {
				aged75 := num64(zz["aged_p75_cents"])
				at60 := want + int64(math.Round(float64(aged75-want)*10/25))
				if num64(p["market_target_cents"]) != int64(math.Round(float64(at60)*0.9)) {
					t.Errorf("P60 target: %v, want %d", p["market_target_cents"], int64(math.Round(float64(at60)*0.9)))
				}
			}
		}
		// Propose a structure from the market.
		if st, _, _ := gen.do("POST", "/api/v1/market/proposals", map[string]any{"name": "Market 2027", "currency": "USD", "effective_from": "2027-01-01"}); st != 403 {
			t.Errorf("a generalist proposes: %d", st)
		}
		st, pr, _ := comp.do("POST", "/api/v1/market/proposals", map[string]any{"name": "Market 2027", "currency": "USD", "effective_from": "2027-01-01"})
		if st != 201 {
			t.Fatalf("proposal: %d %v", st, pr)
		}
		_, s, _ := gen.do("GET", fmt.Sprintf("/api/v1/pay-structures/%d", num64(pr["id"])), nil)
		if s["status"] != "draft" || len(s["grades"].([]any)) == 0 || !strings.Contains(s["note"].(string), "P60") {
			t.Errorf("proposed structure: %v", s)
		}
		for _, g := range s["grades"].([]any) {
			g := g.(map[string]any)
			if lo, mid, hi := num64(g["min_cents"]), num64(g["midpoint_cents"]), num64(g["max_cents"]); !(lo < mid && mid < hi) {
				t.Errorf("grade %v: %d %d %d", g["name"], lo, mid, hi)
			}
		}
		for _, who := range []string{"employee@example.com", "lead@example.com"} {
			if st, _, _ := e.api(who).do("GET", "/api/v1/market/pricing", nil); st != 403 {
				t.Errorf("%s reads market pricing: %d", who, st)
			}
		}
	})
}

// TestMarketPage: the market page per role; a bad file shows the row
// report on the page.
func TestMarketPage(t *testing.T) {
	e := sqliteEnv(t)
	for who, code := range map[string]int{"generalist@example.com": 200, "manager@example.com": 200, "employee@example.com": 403, "lead@example.com": 403} {
		e.login(who).page("/pay/market", code)
	}
	mgr := e.login("manager@example.com")
	doc := mgr.page("/pay/market", 200)
	if doc.Find("#price-h").Length() == 0 || doc.Find(`form[action="/pay/market/imports"]`).Length() == 0 {
		t.Fatal("market page: no pricing or import form")
	}
	if e.login("generalist@example.com").page("/pay/market", 200).Find(`form[action="/pay/market/imports"]`).Length() != 0 {
		t.Error("a generalist sees the import form")
	}
}
