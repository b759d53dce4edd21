package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestMeritCycleAPI: the demo's finished cycle; a new cycle drafted
// (budget from the philosophy), refused with bad input, opened; a line
// manager works their team's worksheet (guideline limits, ratings, an
// overspend that needs a justification and the HR director); HR keeps
// the other worksheets; nothing applies until every worksheet is
// approved; applying writes merit pay records that reach payroll.
func TestMeritCycleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, dir, lead := e.api("manager@example.com"), e.api("director@example.com"), e.api("lead@example.com")
		st, list, _ := mgr.do("GET", "/api/v1/merit-cycles", nil)
		if st != 200 || len(list["items"].([]any)) != 1 || list["items"].([]any)[0].(map[string]any)["status"] != "applied" {
			t.Fatalf("demo cycle: %d %v", st, list)
		}
		demo := num64(list["items"].([]any)[0].(map[string]any)["id"])
		_, ov, _ := mgr.do("GET", fmt.Sprintf("/api/v1/merit-cycles/%d", demo), nil)
		tot := ov["total"].(map[string]any)
		if num64(tot["people"]) == 0 || num64(tot["approved"]) != num64(tot["worksheets"]) || num64(tot["proposed_cents"]) == 0 {
			t.Errorf("demo roll-up: %v", tot)
		}
		if st, _, _ := e.api("generalist@example.com").do("POST", "/api/v1/merit-cycles", map[string]any{"name": "X", "effective_date": "2026-12-01"}); st != 403 {
			t.Errorf("a generalist drafts a cycle: %d", st)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/merit-cycles", map[string]any{"name": "", "effective_date": "2026-12-01", "budget_bp": 5000}); st != 422 || fieldsOf(r)["name"] == "" || fieldsOf(r)["budget_bp"] == "" {
			t.Errorf("bad cycle: %d %v", st, r)
		}
		st, c, _ := mgr.do("POST", "/api/v1/merit-cycles", map[string]any{"name": "Off-cycle review", "effective_date": "2026-12-01"})
		cy, _ := c["cycle"].(map[string]any)
		if st != 201 || num64(cy["budget_bp"]) != 350 || cy["status"] != "draft" {
			t.Fatalf("cycle: %d %v", st, c)
		}
		id := num64(cy["id"])
		base := fmt.Sprintf("/api/v1/merit-cycles/%d", id)
		// HR directors approve worksheets in this test.
		if st, r, _ := dir.do("PUT", "/api/v1/approval-chains/merit_worksheet", map[string]any{"steps": []any{map[string]any{"approvers": []string{"hr_director"}}}}); st != 200 {
			t.Fatalf("chain: %d %v", st, r)
		}
		if st, r, _ := mgr.do("POST", base+"/opening", nil); st != 200 || r["cycle"].(map[string]any)["status"] != "open" {
			t.Fatalf("open: %d %v", st, r)
		}
		if st, _, _ := mgr.do("PUT", base, map[string]any{"name": "Renamed", "effective_date": "2026-12-01"}); st != 409 {
			t.Errorf("editing an open cycle: %d", st)
		}
		// The line manager's worksheet.
		st, sh, _ := lead.do("GET", base+"/worksheet", nil)
		if st != 200 || len(sh["lines"].([]any)) == 0 {
			t.Fatalf("lead's worksheet: %d %v", st, sh)
		}
		leadEmp := e.empOf("lead@example.com")
		if st, _, _ := e.api("employee@example.com").do("GET", fmt.Sprintf("%s/worksheet?owner=%d", base, leadEmp), nil); st != 403 {
			t.Errorf("an employee reads their manager's worksheet: %d", st)
		}
		lines := sh["lines"].([]any)
		first := lines[0].(map[string]any)
		fid := num64(first["employee_id"])
		if st, r, _ := lead.do("PUT", base+"/worksheet", map[string]any{"lines": []any{map[string]any{"employee_id": fid, "rating": 5, "proposed_bp": 3000}}}); st != 422 || !strings.Contains(fieldsOf(r)["lines.0.proposed_bp"], "twice the guideline") {
			t.Errorf("far above the guideline: %d %v", st, r)
		}
		if st, r, _ := lead.do("PUT", base+"/worksheet", map[string]any{"lines": []any{map[string]any{"employee_id": fid, "rating": 1, "proposed_bp": 100}}}); st != 422 || fieldsOf(r)["lines.0.proposed_bp"] == "" {
			t.Errorf("raise for Does not meet: %d %v", st, r)
		}
		if st, r, _ := lead.do("PUT", base+"/worksheet", map[string]any{"lines": []any{map[string]any{"employee_id": e.empOf("manager@example.com"), "rating": 3, "proposed_bp": 100}}}); st != 422 {
			t.Errorf("someone else's report: %d %v", st, r)
		}
		// Rate only the first: submitting is refused until everyone is.
		st, sh, _ = lead.do("PUT", base+"/worksheet", map[string]any{"lines": []any{map[string]any{"employee_id": fid, "rating": 5, "proposed_bp": 1200, "note": "Led the migration"}}})
		if st != 200 {
			t.Fatalf("proposal: %d %v", st, sh)
		}
		if len(lines) > 1 {
			if st, r, _ := lead.do("POST", base+"/worksheet/submission", map[string]any{}); st != 422 || !strings.Contains(toJSON(r), "Rate everyone first") {
				t.Errorf("submitting unrated: %d %v", st, r)
			}
		}
		var props []any
		for _, l := range lines {
			l := l.(map[string]any)
			bp := 1200
			if num64(l["employee_id"]) != fid {
				bp = 600
			}
			props = append(props, map[string]any{"employee_id": num64(l["employee_id"]), "rating": 5, "proposed_bp": bp})
		}
		_, sh, _ = lead.do("PUT", base+"/worksheet", map[string]any{"lines": props})
		if sh["over_budget"] != true || num64(sh["remaining_cents"]) >= 0 {
			t.Fatalf("an overspent worksheet: %v", sh)
		}
		if st, r, _ := lead.do("POST", base+"/worksheet/submission", map[string]any{}); st != 422 || fieldsOf(r)["justification"] == "" {
			t.Errorf("over budget without a justification: %d %v", st, r)
		}
		st, sub, _ := lead.do("POST", base+"/worksheet/submission", map[string]any{"justification": "Two retention risks after the reorg."})
		if st != 201 || num64(sub["id"]) == 0 {
			t.Fatalf("submit: %d %v", st, sub)
		}
		if st, _, _ := lead.do("PUT", base+"/worksheet", map[string]any{"lines": props}); st != 409 {
			t.Errorf("editing a submitted worksheet: %d", st)
		}
		leadAp := fmt.Sprint(num64(sub["id"]))
		// HR keeps the other worksheets: a 3% raise for everyone.
		_, ov, _ = mgr.do("GET", base, nil)
		if st, _, _ := mgr.do("POST", base+"/application", nil); st != 409 {
			t.Errorf("applying before approvals: %d", st)
		}
		var aps []string
		for _, s := range ov["worksheets"].([]any) {
			s := s.(map[string]any)
			owner := num64(s["owner_id"])
			if owner == leadEmp {
				continue
			}
			_, w, _ := mgr.do("GET", fmt.Sprintf("%s/worksheet?owner=%d", base, owner), nil)
			var ps []any
			for _, l := range w["lines"].([]any) {
				ps = append(ps, map[string]any{"employee_id": num64(l.(map[string]any)["employee_id"]), "rating": 3, "proposed_bp": 300})
			}
			if st, r, _ := mgr.do("PUT", fmt.Sprintf("%s/worksheet?owner=%d", base, owner), map[string]any{"lines": ps}); st != 200 {
				t.Fatalf("HR proposals for %d: %d %v", owner, st, r)
			}
			st, r, _ := mgr.do("POST", fmt.Sprintf("%s/worksheet/submission?owner=%d", base, owner), map[string]any{"justification": "Over budget through rounding."})
			if st != 201 {
				t.Fatalf("HR submits for %d: %d %v", owner, st, r)
			}
			aps = append(aps, fmt.Sprint(num64(r["id"])))
		}
		if st, _, _ := mgr.do("POST", "/api/v1/approvals/"+leadAp+"/decision", map[string]any{"decision": "approve"}); st != 403 {
			t.Errorf("an HR manager fills the HR director's step: %d", st)
		}
		for _, ap := range append(aps, leadAp) {
			if st, r, _ := dir.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"}); st != 200 {
				t.Fatalf("director approves %s: %d %v", ap, st, r)
			}
		}
		st, done, _ := mgr.do("POST", base+"/application", nil)
		if st != 200 || done["cycle"].(map[string]any)["status"] != "applied" {
			t.Fatalf("apply: %d %v", st, done)
		}
		// The increase is a merit pay record effective on the cycle date,
		// and a payroll change of the period holding it.
		_, h, _ := mgr.do("GET", fmt.Sprintf("/api/v1/employees/%d/history", fid), nil)
		found := false
		for _, p := range h["pay"].([]any) {
			p := p.(map[string]any)
			if p["effective_from"] == "2026-12-01" && p["reason"] == "merit" {
				found = true
			}
		}
		if !found {
			t.Errorf("no merit pay record: %v", h["pay"])
		}
		_, reg, _ := mgr.do("GET", "/api/v1/payroll/register?from=2026-11-30&through=2026-12-13", nil)
		if !strings.Contains(toJSON(reg), `"reason":"merit"`) {
			t.Errorf("the increases are not in the payroll register")
		}
		if st, _, _ := mgr.do("POST", base+"/application", nil); st != 409 {
			t.Errorf("applying twice: %d", st)
		}
	})
}

// TestMeritPages: the merit pages per role; a line manager saves a
// worksheet with a bad increase (field error) and a good one.
func TestMeritPages(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.api("manager@example.com")
	_, c, _ := mgr.do("POST", "/api/v1/merit-cycles", map[string]any{"name": "Pages cycle", "effective_date": "2026-12-01"})
	id := num64(c["cycle"].(map[string]any)["id"])
	mgr.do("POST", fmt.Sprintf("/api/v1/merit-cycles/%d/opening", id), nil)
	for who, code := range map[string]int{"manager@example.com": 200, "director@example.com": 200, "lead@example.com": 200, "employee@example.com": 403, "generalist@example.com": 403} {
		e.login(who).page("/pay/merit", code)
	}
	e.login("lead@example.com").page(fmt.Sprintf("/pay/merit/%d", id), 403)
	b := e.login("lead@example.com")
	if nav := b.page("/", 200).Find(`nav a[href="/pay/merit"]`).Length(); nav == 0 {
		t.Error("a line manager has no Merit link")
	}
	page := b.page(fmt.Sprintf("/pay/merit/%d/worksheet", id), 200)
	emp, _ := page.Find(`input[name="employee_0"]`).Attr("value")
	d, _ := b.submit(fmt.Sprintf("/pay/merit/%d/worksheet/save", id), map[string][]string{"employee_0": {emp}, "rating_0": {"0"}, "proposed_0": {"4"}}, 422)
	if d.Find(".error-summary").Length() == 0 || !strings.Contains(d.Text(), "Rate the employee") {
		t.Error("worksheet: no rating error")
	}
	b.submit(fmt.Sprintf("/pay/merit/%d/worksheet/save", id), map[string][]string{"employee_0": {emp}, "rating_0": {"4"}, "proposed_0": {"4"}}, 303)
	if got := b.page(fmt.Sprintf("/pay/merit/%d/worksheet", id), 200).Find(`#f-proposed-0`).AttrOr("value", ""); got != "4" {
		t.Errorf("saved proposal: %q", got)
	}
	e.login("manager@example.com").page(fmt.Sprintf("/pay/merit/%d", id), 200)
	// A department's own budget, set on the draft's form.
	_, d2, _ := mgr.do("POST", "/api/v1/merit-cycles", map[string]any{"name": "Department budgets", "effective_date": "2026-12-15"})
	did := num64(d2["cycle"].(map[string]any)["id"])
	m := e.login("manager@example.com")
	form := m.page(fmt.Sprintf("/pay/merit/%d", did), 200)
	field, ok := form.Find(`input[name^="dept_"]`).First().Attr("name")
	if !ok {
		t.Fatal("no department budget field")
	}
	vals := map[string][]string{"name": {"Department budgets"}, "effective_date": {"2026-12-15"}, "budget": {"3.5"}, field: {"5"}}
	form.Find(`input[name^="m"]`).Each(func(_ int, sel *goquery.Selection) {
		n, _ := sel.Attr("name")
		v, _ := sel.Attr("value")
		vals[n] = []string{v}
	})
	m.submit(fmt.Sprintf("/pay/merit/%d/save", did), vals, 303)
	_, c2, _ := mgr.do("GET", fmt.Sprintf("/api/v1/merit-cycles/%d", did), nil)
	if !strings.Contains(toJSON(c2["cycle"]), `"`+strings.TrimPrefix(field, "dept_")+`":500`) {
		t.Errorf("department budget: %v", c2["cycle"])
	}
}
