package app

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestBonusPlanAPI: an HR manager designs a plan (bad input refused),
// the calculator's payouts follow the formula with the demo's merit
// ratings, the HR director approves it (not its author), and the payout
// becomes approved one-time payments that reach payroll, once.
func TestBonusPlanAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, dir := e.api("manager@example.com"), e.api("director@example.com")
		plan := map[string]any{"name": "2026 annual bonus", "period_start": "2026-01-01", "period_end": "2026-09-30", "pay_date": "2026-11-13",
			"default_target_bp": 1000, "target_bp_by_grade": map[string]int{"E1": 3000, "E2": 5000}, "company_factor_bp": 11000, "cap_bp": 20000}
		if st, _, _ := e.api("generalist@example.com").do("POST", "/api/v1/bonus-plans", plan); st != 403 {
			t.Errorf("a generalist designs a plan: %d", st)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/bonus-plans", map[string]any{"name": "", "period_start": "2026-01-01", "period_end": "2026-09-30", "pay_date": "2026-09-01",
			"default_target_bp": 1000, "company_factor_bp": 11000, "cap_bp": 5000}); st != 422 || fieldsOf(r)["name"] == "" || fieldsOf(r)["pay_date"] == "" || fieldsOf(r)["cap_bp"] == "" {
			t.Errorf("bad plan: %d %v", st, r)
		}
		st, out, _ := mgr.do("POST", "/api/v1/bonus-plans", plan)
		if st != 201 {
			t.Fatalf("plan: %d %v", st, out)
		}
		id := num64(out["plan"].(map[string]any)["id"])
		calc := out["calculation"].(map[string]any)
		if num64(calc["people"]) == 0 || num64(calc["payout_total_cents"]) == 0 {
			t.Fatalf("calculation: %v", calc)
		}
		ind := map[int64]float64{0: 1, 1: 0, 2: 0.5, 3: 1, 4: 1.25, 5: 1.5}
		rated, total := 0, int64(0)
		for _, p := range calc["payouts"].([]any) {
			p := p.(map[string]any)
			base, target := float64(num64(p["base_cents"])), float64(num64(p["target_bp"]))/10000
			want := base * target * 1.1 * ind[num64(p["rating"])]
			if cap := base * target * 2; want > cap {
				want = cap
			}
			full := want
			want *= p["proration_pct"].(float64) / 100
			// The proration is shown rounded to 0.1 percentage point.
			if math.Abs(want-float64(num64(p["payout_cents"]))) > full*0.0005+1 {
				t.Errorf("payout of %v: %d, want %.0f", p["name"], num64(p["payout_cents"]), want)
			}
			if num64(p["rating"]) > 0 {
				rated++
			}
			if p["grade"] == "E1" && num64(p["target_bp"]) != 3000 {
				t.Errorf("E1 target: %v", p)
			}
			total += num64(p["payout_cents"])
		}
		if rated == 0 || total != num64(calc["payout_total_cents"]) {
			t.Errorf("rated %d, total %d vs %d", rated, total, num64(calc["payout_total_cents"]))
		}
		base := fmt.Sprintf("/api/v1/bonus-plans/%d", id)
		if st, _, _ := mgr.do("POST", base+"/payout", nil); st != 409 {
			t.Errorf("paying a draft: %d", st)
		}
		st, sub, _ := mgr.do("POST", base+"/submission", nil)
		if st != 201 || num64(sub["id"]) == 0 {
			t.Fatalf("submit: %d %v", st, sub)
		}
		ap := fmt.Sprint(num64(sub["id"]))
		if st, _, _ := mgr.do("PUT", base, plan); st != 409 {
			t.Errorf("editing a plan waiting for approval: %d", st)
		}
		if st, _, _ := mgr.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"}); st != 403 {
			t.Errorf("the author approves: %d", st)
		}
		if st, r, _ := dir.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("director: %d %v", st, r)
		}
		st, paid, _ := mgr.do("POST", base+"/payout", nil)
		if st != 200 || paid["plan"].(map[string]any)["status"] != "paid" {
			t.Fatalf("payout: %d %v", st, paid)
		}
		if st, _, _ := mgr.do("POST", base+"/payout", nil); st != 409 {
			t.Errorf("paying twice: %d", st)
		}
		_, pays, _ := mgr.do("GET", "/api/v1/one-time-payments", nil)
		n := 0
		for _, p := range pays["items"].([]any) {
			if p := p.(map[string]any); p["source"] == fmt.Sprintf("bonus_plan:%d", id) && p["status"] == "approved" && p["kind"] == "bonus" {
				n++
			}
		}
		if n == 0 || n > int(num64(calc["people"])) {
			t.Errorf("bonus payments: %d of %d", n, num64(calc["people"]))
		}
		_, o, _ := mgr.do("GET", "/api/v1/payroll", nil)
		if !strings.Contains(toJSON(o["changes"]), `"payment_type":"bonus"`) {
			t.Error("the bonuses are not in the next payroll export")
		}
	})
}

// TestBonusPages: the bonus pages per role and the design form's errors.
func TestBonusPages(t *testing.T) {
	e := sqliteEnv(t)
	for who, code := range map[string]int{"manager@example.com": 200, "director@example.com": 200, "generalist@example.com": 403, "lead@example.com": 403, "employee@example.com": 403} {
		e.login(who).page("/pay/bonus", code)
	}
	mgr := e.login("manager@example.com")
	d, _ := mgr.submit("/pay/bonus", map[string][]string{"name": {""}, "period_start": {"2026-01-01"}, "period_end": {"2026-06-30"}, "pay_date": {"2026-11-20"}, "default_target": {"10"}, "company": {"100"}, "cap": {"50"}}, 422)
	if d.Find("#f-name-error").Length() == 0 || d.Find("#f-cap-error").Length() == 0 {
		t.Error("plan form: no field errors")
	}
	_, res := mgr.submit("/pay/bonus", map[string][]string{"name": {"H1 spot bonus"}, "period_start": {"2026-01-01"}, "period_end": {"2026-06-30"}, "pay_date": {"2026-11-20"}, "default_target": {"5"}, "company": {"100"}, "cap": {"150"}}, 303)
	page := mgr.page(res.Header.Get("Location"), 200)
	if page.Find("#calc-h").Length() == 0 || page.Find(`input[name="target_E1"]`).Length() == 0 {
		t.Error("plan page: no calculator or grade targets")
	}
}
