package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

func fnum(v any) float64 { f, _ := v.(float64); return f }

// TestInsightsDashboardAPI checks the executive dashboard against the
// rules engine, its own drill-downs and the domain pages on the demo
// data, on both databases.
func TestInsightsDashboardAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr := e.api("manager@example.com")
		code, d, _ := mgr.do("GET", "/api/v1/insights/dashboard", nil)
		if code != 200 {
			t.Fatalf("dashboard: %d %v", code, d)
		}
		f := d["filter"].(map[string]any)
		if f["from"] != "2025-12-01" || f["to"] != "2026-11-02" {
			t.Errorf("default period: %v", f)
		}
		months := d["months"].([]any)
		if len(months) != 12 {
			t.Fatalf("months: %d", len(months))
		}
		// Months chain: each starts with the last one's end; the sums match.
		hires, seps := 0.0, 0.0
		var monthly []any
		for i, m := range months {
			mm := m.(map[string]any)
			if i > 0 && mm["headcount_start"] != months[i-1].(map[string]any)["headcount_end"] {
				t.Errorf("month %v does not start where the last ended", mm["month"])
			}
			if fnum(mm["voluntary"])+fnum(mm["involuntary"]) != fnum(mm["separations"]) || fnum(mm["regretted"]) > fnum(mm["voluntary"]) {
				t.Errorf("month %v: kinds do not add up: %v", mm["month"], mm)
			}
			hires += fnum(mm["hires"])
			seps += fnum(mm["separations"])
			monthly = append(monthly, map[string]any{"separations": mm["separations"], "headcount_start": mm["headcount_start"], "headcount_end": mm["headcount_end"]})
		}
		if hires != fnum(d["hires"]) || seps != fnum(d["separations"]) || seps == 0 || hires == 0 {
			t.Errorf("sums: hires %v/%v separations %v/%v", hires, d["hires"], seps, d["separations"])
		}
		// The turnover is the rules engine's.
		code, ev, _ := mgr.do("POST", "/api/v1/rules/turnover/evaluate", map[string]any{"monthly": monthly})
		if code != 200 {
			t.Fatalf("rules: %d %v", code, ev)
		}
		res := ev["result"].(map[string]any)
		total := d["turnover"].(map[string]any)["total"].(map[string]any)
		if total["period_pct"] != res["annual_turnover_pct"] || total["annualized_pct"] != res["annualized_turnover_pct"] || len(total["why"].([]any)) == 0 {
			t.Errorf("turnover %v, rules engine %v", total, res)
		}
		// Each number's list has as many people as the number.
		for kind, want := range map[string]float64{"headcount": fnum(d["headcount"]), "hires": hires, "separations": seps,
			"regretted": fnum(d["turnover"].(map[string]any)["regretted"].(map[string]any)["separations"])} {
			code, p, _ := mgr.do("GET", "/api/v1/insights/people?kind="+kind, nil)
			if code != 200 || fnum(p["total"]) != want {
				t.Errorf("%s list: %d total %v, dashboard %v", kind, code, p["total"], want)
			}
		}
		if fnum(d["turnover"].(map[string]any)["regretted"].(map[string]any)["separations"]) == 0 {
			t.Errorf("the demo has regretted leavers")
		}
		// A month's list.
		m0 := months[len(months)-2].(map[string]any)
		code, p, _ := mgr.do("GET", "/api/v1/insights/people?kind=separations&month="+m0["month"].(string), nil)
		if code != 200 || fnum(p["total"]) != fnum(m0["separations"]) {
			t.Errorf("month list: %d %v vs %v", code, p["total"], m0["separations"])
		}
		// Headcount agrees with the people core: everyone active today.
		hl, err := e.svc.People.Overview(context.Background(), e.actorOf("manager@example.com"))
		if err != nil {
			t.Fatal(err)
		}
		if int(fnum(d["headcount"])) != hl.Active {
			t.Errorf("headcount %v, active employees %d", d["headcount"], hl.Active)
		}
		// The breakdowns add up to the whole.
		for _, k := range []string{"by_org_unit", "by_job_family"} {
			sum := 0.0
			for _, b := range d[k].([]any) {
				sum += fnum(b.(map[string]any)["headcount"])
			}
			if sum != fnum(d["headcount"]) {
				t.Errorf("%s adds to %v, headcount %v", k, sum, d["headcount"])
			}
		}
		// Tenure bands, counted from today's staff and the leavers, add up
		// to the headcount on each date; each has its turnover.
		tsum, tstart, tend, rated := 0.0, 0.0, 0.0, 0
		for _, b := range d["by_tenure"].([]any) {
			bb := b.(map[string]any)
			tsum += fnum(bb["headcount_today"])
			tstart += fnum(bb["headcount_start"])
			tend += fnum(bb["headcount_end"])
			if fnum(bb["annualized_turnover_pct"]) > 0 {
				rated++
			}
		}
		if tsum != fnum(d["headcount"]) || tend != fnum(d["headcount"]) || tstart != fnum(d["headcount_at_start"]) || rated == 0 {
			t.Errorf("tenure adds to %v today, %v at the end, %v at the start; %d rated", tsum, tend, tstart, rated)
		}
		st := d["structure"].(map[string]any)
		if fnum(st["managers"]) == 0 || fnum(st["layers"]) < 3 || fnum(st["average_span"]) <= 0 {
			t.Errorf("structure: %v", st)
		}
		for _, r := range d["new_hire_retention"].([]any) {
			rr := r.(map[string]any)
			if fnum(rr["hired"]) == 0 || fnum(rr["retained"]) > fnum(rr["hired"]) {
				t.Errorf("retention: %v", rr)
			}
		}
		// Compliance health agrees with the I-9 tracker.
		recs, _, err := e.svc.I9.List(context.Background(), e.actorOf("manager@example.com"), "open")
		if err != nil {
			t.Fatal(err)
		}
		overdue := 0
		for _, r := range recs {
			if r.Status == i9.StatusOverdue && r.Employed() {
				overdue++
			}
		}
		if h := d["compliance_health"].(map[string]any); int(fnum(h["i9_overdue"])) != overdue {
			t.Errorf("I-9 overdue %v, tracker %d", h, overdue)
		}

		// A past period works back from today: its end and flows agree with
		// the lists, which read the periods themselves.
		code, dp, _ := mgr.do("GET", "/api/v1/insights/dashboard?from=2025-01-01&to=2025-12-31", nil)
		if code != 200 || len(dp["months"].([]any)) != 12 {
			t.Fatalf("last year: %d %v", code, dp)
		}
		pstart, pend := 0.0, 0.0
		for _, b := range dp["by_tenure"].([]any) {
			pstart += fnum(b.(map[string]any)["headcount_start"])
			pend += fnum(b.(map[string]any)["headcount_end"])
		}
		if pstart != fnum(dp["headcount_at_start"]) || pend != fnum(dp["headcount"]) {
			t.Errorf("last year's tenure bands: %v and %v, headcount %v and %v", pstart, pend, dp["headcount_at_start"], dp["headcount"])
		}
		for kind, want := range map[string]any{"headcount": dp["headcount"], "hires": dp["hires"], "separations": dp["separations"]} {
			code, p, _ := mgr.do("GET", "/api/v1/insights/people?from=2025-01-01&to=2025-12-31&kind="+kind, nil)
			if code != 200 || p["total"] != want {
				t.Errorf("last year's %s: %d %v, dashboard %v", kind, code, p["total"], want)
			}
		}
		code, p0, _ := mgr.do("GET", "/api/v1/insights/people?to=2024-12-31&from=2024-12-01&kind=headcount", nil)
		if code != 200 || p0["total"] != dp["headcount_at_start"] {
			t.Errorf("headcount at the start of last year %v, on 2024-12-31 %v", dp["headcount_at_start"], p0["total"])
		}
		// A unit narrows everything; its org-unit rows are its children.
		sup := e.unitNamed(t, "Customer Support")
		code, ds, _ := mgr.do("GET", fmt.Sprintf("/api/v1/insights/dashboard?org_unit_id=%d", sup), nil)
		if code != 200 || fnum(ds["headcount"]) >= fnum(d["headcount"]) || ds["scope"] != "Customer Support" {
			t.Errorf("unit: %d %v %v", code, ds["headcount"], ds["scope"])
		}
		for _, b := range d["by_org_unit"].([]any) {
			if bb := b.(map[string]any); int64(fnum(bb["org_unit_id"])) == sup && fnum(bb["headcount"]) != fnum(ds["headcount"]) {
				t.Errorf("support's row %v, its dashboard %v", bb["headcount"], ds["headcount"])
			}
		}
		// Bad filters are refused field by field.
		for q, field := range map[string]string{"from=2024-01-01&to=2026-06-30": "from", "to=2027-01-01": "to", "from=x": "from", "from=2026-06-01&to=2026-05-01": "to"} {
			code, p, _ := mgr.do("GET", "/api/v1/insights/dashboard?"+q, nil)
			if code != 422 || fieldsOf(p)[field] == "" {
				t.Errorf("%s: %d %v", q, code, p)
			}
		}
		if code, p, _ := mgr.do("GET", "/api/v1/insights/people?kind=separations&month=2020-01", nil); code != 422 || fieldsOf(p)["month"] == "" {
			t.Errorf("month outside the period: %d %v", code, p)
		}
		// Who may read it.
		for _, who := range []string{"generalist@example.com", "lead@example.com", "employee@example.com", "admin@example.com"} {
			if code, _, _ := e.api(who).do("GET", "/api/v1/insights/dashboard", nil); code != http.StatusForbidden {
				t.Errorf("%s reads the dashboard: %d", who, code)
			}
			if code, _, _ := e.api(who).do("GET", "/api/v1/insights/people?kind=hires", nil); code != http.StatusForbidden {
				t.Errorf("%s reads the people: %d", who, code)
			}
		}
		code, dd, _ := e.api("director@example.com").do("GET", "/api/v1/insights/dashboard", nil)
		if code != 200 || dd["headcount"] != d["headcount"] {
			t.Errorf("director: %d %v", code, dd["headcount"])
		}
		// A manager scoped to one unit sees it alone; another unit is 404.
		uid, err := e.svc.Access.CreateUser(context.Background(), access.System, access.UserInput{Email: "scoped.manager@example.com", Name: "Scoped Manager", Password: "a-long-test-password"})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Access.SetGrants(context.Background(), e.actorOf("admin@example.com"), uid, []access.Grant{{Role: access.RoleManager, OrgUnitID: sup}}); err != nil {
			t.Fatal(err)
		}
		sm := e.api("scoped.manager@example.com")
		code, dsm, _ := sm.do("GET", "/api/v1/insights/dashboard", nil)
		if code != 200 || dsm["headcount"] != ds["headcount"] || dsm["separations"] != ds["separations"] {
			t.Errorf("scoped manager: %d %v/%v vs %v/%v", code, dsm["headcount"], dsm["separations"], ds["headcount"], ds["separations"])
		}
		wh := e.unitNamed(t, "Operations")
		if code, _, _ := sm.do("GET", fmt.Sprintf("/api/v1/insights/dashboard?org_unit_id=%d", wh), nil); code != 404 {
			t.Errorf("another unit: %d", code)
		}
		if code, _, _ := sm.do("GET", "/api/v1/insights/people?kind=headcount&org_unit_id="+url.QueryEscape(fmt.Sprint(wh)), nil); code != 404 {
			t.Errorf("another unit's people: %d", code)
		}
	})
}

// TestInsightsPages walks the dashboard's pages per role: the page with
// its tables, the drill-downs, the exports read back, bad filters on
// their fields, and the roles that may not see it.
func TestInsightsPages(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.login("manager@example.com")
	d := mgr.page("/insights", 200)
	if d.Find("#flow-table tbody tr").Length() != 12 || d.Find("#turnover-table tbody tr").Length() != 4 || d.Find("#health-table tbody tr").Length() != 6 {
		t.Fatalf("dashboard tables: %d months, %d turnover rows", d.Find("#flow-table tbody tr").Length(), d.Find("#turnover-table tbody tr").Length())
	}
	if d.Find("#unit-table tbody tr").Length() == 0 || d.Find("#family-table tbody tr").Length() == 0 || d.Find("#tenure-table tbody tr").Length() != 5 {
		t.Error("breakdown tables are empty")
	}
	if d.Find(`nav a[href="/insights"]`).Length() == 0 {
		t.Error("no Insights in the navigation")
	}
	// The headline links to the list behind it, which has as many people.
	hires := strings.TrimSpace(d.Find("#stat-hires .stat-value").Text())
	href, _ := d.Find("#stat-hires").Attr("href")
	p := mgr.page(href, 200)
	if !strings.Contains(p.Find(".page-sub").Text(), hires+" people") || p.Find("#people-table tbody tr").Length() == 0 {
		t.Errorf("hires list: %q for %s", p.Find(".page-sub").Text(), hires)
	}
	// A month's separations from the table.
	link := d.Find("#flow-table tbody tr").Last().Find("td").Eq(1).Find("a")
	mhref, _ := link.Attr("href")
	mp := mgr.page(mhref, 200)
	if n, _ := strconv.Atoi(strings.TrimSpace(link.Text())); n != mp.Find("#people-table tbody tr").Length() {
		t.Errorf("month list %s: %d rows for %d", mhref, mp.Find("#people-table tbody tr").Length(), n)
	}
	// Exports: every table, read back.
	res := mgr.get("/insights/export?format=xlsx")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	sheets := x.GetSheetList()
	if len(sheets) != 8 || sheets[0] != "Headcount" {
		t.Errorf("sheets: %v", sheets)
	}
	rows, _ := x.GetRows("Headcount")
	if len(rows) != 13 || rows[0][0] != "Month" {
		t.Errorf("headcount sheet: %d rows", len(rows))
	}
	res = mgr.get("/insights/export?format=csv")
	csvBody, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(string(csvBody), "Turnover\n") {
		t.Errorf("csv: %s %q", ct, firstLines(string(csvBody), 3))
	}
	res = mgr.get(href + "&format=csv")
	list, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if n, _ := strconv.Atoi(hires); strings.Count(string(list), "\n") != n+1 {
		t.Errorf("hires export: %d lines for %d hires", strings.Count(string(list), "\n"), n)
	}
	// Bad filters are shown on their fields.
	bad := mgr.page("/insights?from=2020-01-01&to=2026-10-31", 422)
	if bad.Find("#e-if").Length() == 0 {
		t.Error("a period over 12 months: no error on From")
	}
	if bad := mgr.page("/insights?to=not-a-date", 422); bad.Find("#e-it").Length() == 0 {
		t.Error("a bad date: no error on To")
	}
	// An org unit narrows the page.
	sup := e.unitNamed(t, "Customer Support")
	if got := mgr.page(fmt.Sprintf("/insights?org_unit_id=%d", sup), 200).Find(".page-sub").Text(); !strings.HasPrefix(got, "Customer Support,") {
		t.Errorf("unit page: %q", got)
	}
	e.login("director@example.com").page("/insights", 200)
	for _, who := range []string{"generalist@example.com", "lead@example.com", "employee@example.com", "admin@example.com", "ops.generalist@example.com"} {
		b := e.login(who)
		b.page("/insights", 403)
		b.page("/insights/people?kind=hires", 403)
		b.page("/insights/export?format=csv", 403)
		if b.page("/", 200).Find(`nav a[href="/insights"]`).Length() != 0 {
			t.Errorf("%s sees Insights in the navigation", who)
		}
	}
}

// TestWorkforceForecast: the defaults come from the dashboard's turnover
// and the hiring plan; a scenario changes the projection; bad
// assumptions are refused on their fields; who may see it.
func TestWorkforceForecast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr := e.api("manager@example.com")
		code, f, _ := mgr.do("GET", "/api/v1/insights/forecast", nil)
		if code != 200 {
			t.Fatalf("forecast: %d %v", code, f)
		}
		_, d, _ := mgr.do("GET", "/api/v1/insights/dashboard", nil)
		units := f["units"].([]any)
		if len(units) != len(d["by_org_unit"].([]any)) || len(f["quarters"].([]any)) != 5 {
			t.Fatalf("units %d vs %d, quarters %v", len(units), len(d["by_org_unit"].([]any)), f["quarters"])
		}
		if f["quarters"].([]any)[0] != "2026 Q4 (rest)" || f["quarters"].([]any)[4] != "2027 Q4" {
			t.Errorf("quarters: %v", f["quarters"])
		}
		var ops map[string]any
		for i, u := range units {
			um := u.(map[string]any)
			bu := d["by_org_unit"].([]any)[i].(map[string]any)
			if um["turnover_last_12_months_pct"] != bu["annualized_turnover_pct"] || um["headcount_today"] != bu["headcount"] {
				t.Errorf("%v: %v/%v against the dashboard's %v/%v", um["name"], um["turnover_last_12_months_pct"], um["headcount_today"], bu["annualized_turnover_pct"], bu["headcount"])
			}
			if um["name"] == "Operations" {
				ops = um
			}
		}
		if ops == nil {
			t.Fatal("no Operations")
		}
		// A year of quarters: each ends where the next starts; leavers
		// are a quarter of the attrition.
		steps := ops["quarters"].([]any)
		for i := 1; i < len(steps); i++ {
			prev, cur := steps[i-1].(map[string]any), steps[i].(map[string]any)
			if prev["headcount_end"] != cur["headcount_start"] {
				t.Errorf("quarter %d starts at %v, the last ended at %v", i, cur["headcount_start"], prev["headcount_end"])
			}
		}
		as := ops["defaults"].(map[string]any)
		q1 := steps[1].(map[string]any)
		if want := math.Round(fnum(q1["headcount_start"])*fnum(as["attrition_pct"])/100/4*10) / 10; fnum(q1["exits"]) != want || as["backfill_pct"] != 100.0 {
			t.Errorf("Q1 exits %v, want %v (%v)", q1["exits"], want, as)
		}
		// A scenario: no replacement and a hiring freeze shrink the unit.
		id := ops["org_unit_id"]
		code, s, _ := mgr.do("POST", "/api/v1/insights/forecast", map[string]any{"assumptions": []any{map[string]any{"org_unit_id": id, "attrition_pct": 30, "backfill_pct": 0, "growth": []int{0, 0, 0, 0, 0}}}})
		if code != 200 {
			t.Fatalf("scenario: %d %v", code, s)
		}
		for _, u := range s["units"].([]any) {
			if um := u.(map[string]any); um["org_unit_id"] == id {
				last := um["quarters"].([]any)[4].(map[string]any)
				if fnum(last["headcount_end"]) >= fnum(um["headcount_today"]) || um["assumptions"].(map[string]any)["attrition_pct"] != 30.0 {
					t.Errorf("scenario: %v", um)
				}
			}
		}
		code, bad, _ := mgr.do("POST", "/api/v1/insights/forecast", map[string]any{"assumptions": []any{map[string]any{"org_unit_id": id, "attrition_pct": 300, "backfill_pct": 120, "growth": []int{0, 0, 0, 0, 0}}}})
		if code != 422 || fieldsOf(bad)[fmt.Sprintf("attrition.%v", id)] == "" || fieldsOf(bad)[fmt.Sprintf("backfill.%v", id)] == "" {
			t.Errorf("bad scenario: %d %v", code, bad)
		}
		for _, who := range []string{"generalist@example.com", "lead@example.com", "employee@example.com"} {
			if code, _, _ := e.api(who).do("GET", "/api/v1/insights/forecast", nil); code != 403 {
				t.Errorf("%s: %d", who, code)
			}
		}
		// The page: the defaults, then a scenario in the address, then a
		// bad value on its field.
		b := e.login("manager@example.com")
		pg := b.page("/insights/forecast", 200)
		if pg.Find("#forecast-table tbody tr").Length() != len(units) || pg.Find("#total-table tbody tr").Length() != 5 {
			t.Errorf("forecast page: %d rows", pg.Find("#forecast-table tbody tr").Length())
		}
		pg = b.page(fmt.Sprintf("/insights/forecast?attrition.%v=30&backfill.%v=0", id, id), 200)
		if !strings.Contains(pg.Find(".page-sub").Text(), "Your scenario") {
			t.Error("the scenario is not shown as one")
		}
		pg = b.page(fmt.Sprintf("/insights/forecast?attrition.%v=lots", id), 422)
		if pg.Find(fmt.Sprintf("#f-attrition-%v-error", id)).Length() == 0 {
			t.Error("no error on the attrition field")
		}
		e.login("generalist@example.com").page("/insights/forecast", 403)
	})
}

// TestBoardPack: the PDF of the dashboard, read back: its numbers are the
// dashboard's, for the period asked; only those who see the dashboard
// get it.
func TestBoardPack(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.login("manager@example.com")
	res := mgr.get("/insights/board-pack?period=last_year")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("board pack: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text, err := hiring.ExtractText("application/pdf", body)
	if err != nil {
		t.Fatal(err)
	}
	_, d, _ := e.api("manager@example.com").do("GET", "/api/v1/insights/dashboard?from=2025-01-01&to=2025-12-31", nil)
	// The extracted text runs the cells of a row together.
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Workforce board pack", "Northwind", "January 1, 2025 to December 31, 2025", "Turnover", "By org unit", "Compliance health today", "Across the domains", "Average time to fill", "Annual base payroll", "Workforce forecast",
		fmt.Sprintf("Hires%v", d["hires"]), fmt.Sprintf("Turnover, annualized (voluntary, regretted)%.1f%%", fnum(d["turnover"].(map[string]any)["total"].(map[string]any)["annualized_pct"]))} {
		if !strings.Contains(flat, want) {
			t.Errorf("board pack lacks %q: %s", want, firstLines(flat, 3))
		}
	}
	for _, who := range []string{"generalist@example.com", "employee@example.com", "admin@example.com"} {
		if r := e.login(who).get("/insights/board-pack"); r.StatusCode != 403 {
			t.Errorf("%s: %d", who, r.StatusCode)
		}
	}
	if r := mgr.get("/insights/board-pack?from=2020-01-01"); r.StatusCode != 422 {
		t.Errorf("bad period: %d", r.StatusCode)
	}
	// The same files through the API.
	api := e.api("manager@example.com")
	read := func(path string) (int, []byte) {
		r := api.raw("GET", path)
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, b
	}
	if code, raw := read("/api/v1/insights/board-pack?from=2025-01-01&to=2025-12-31"); code != 200 || !bytes.HasPrefix(raw, []byte("%PDF")) {
		t.Errorf("API board pack: %d", code)
	}
	code, raw := read("/api/v1/insights/export?format=xlsx")
	if x, err := excelize.OpenReader(bytes.NewReader(raw)); code != 200 || err != nil || len(x.GetSheetList()) != 8 {
		t.Errorf("API export: %d %v", code, err)
	}
	if code, _, _ := e.api("generalist@example.com").do("GET", "/api/v1/insights/board-pack", nil); code != 403 {
		t.Errorf("generalist's board pack: %d", code)
	}
}

// TestRegrettedSeparation: a termination request says whether a voluntary
// separation is regretted; an involuntary one cannot be; the decided
// termination counts as regretted on the dashboard.
func TestRegrettedSeparation(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
	id := e.empOf("employee@example.com")
	path := fmt.Sprintf("/api/v1/employees/%d/terminations", id)
	if code, p, _ := gen.do("POST", path, map[string]any{"last_day": "2026-11-02", "reason": "performance", "voluntary": false, "regretted": true}); code != 422 || fieldsOf(p)["regretted"] == "" {
		t.Errorf("regretted involuntary: %d %v", code, p)
	}
	d := e.login("generalist@example.com")
	doc, _ := d.submit(fmt.Sprintf("/people/%d/terminate", id), url.Values{"last_day": {"2026-11-02"}, "reason": {"layoff"}, "voluntary": {"no"}, "regretted": {"yes"}}, 422)
	if doc.Find("#e-regretted").Length() == 0 {
		t.Error("the form shows no error on Regretted")
	}
	_, before, _ := mgr.do("GET", "/api/v1/insights/dashboard", nil)
	code, p, _ := gen.do("POST", path, map[string]any{"last_day": "2026-11-02", "reason": "resignation", "voluntary": true, "regretted": true})
	if code != 200 && code != 201 {
		t.Fatalf("request: %d %v", code, p)
	}
	if code, r, _ := mgr.do("POST", fmt.Sprintf("/api/v1/approvals/%v/decision", p["id"]), map[string]any{"decision": "approve"}); code != 200 {
		t.Fatalf("decide: %d %v", code, r)
	}
	_, after, _ := mgr.do("GET", "/api/v1/insights/dashboard", nil)
	reg := func(d map[string]any) float64 {
		return fnum(d["turnover"].(map[string]any)["regretted"].(map[string]any)["separations"])
	}
	if reg(after) != reg(before)+1 || fnum(after["separations"]) != fnum(before["separations"])+1 {
		t.Errorf("regretted %v → %v, separations %v → %v", reg(before), reg(after), before["separations"], after["separations"])
	}
	_, list, _ := mgr.do("GET", "/api/v1/insights/people?kind=regretted&month=2026-11", nil)
	found := false
	for _, it := range list["items"].([]any) {
		if int64(fnum(it.(map[string]any)["employee_id"])) == id {
			found = true
		}
	}
	if !found {
		t.Errorf("the leaver is not in November's regretted list: %v", list)
	}
}

// TestInsightsDomains: the cross-domain numbers are each domain's own,
// as its service computes them; the page loads them after itself.
func TestInsightsDomains(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	mgr := e.api("manager@example.com")
	code, d, _ := mgr.do("GET", "/api/v1/insights/domains", nil)
	if code != 200 {
		t.Fatalf("domains: %d %v", code, d)
	}
	a := e.actorOf("manager@example.com")
	m, err := e.svc.Hiring.Metrics(ctx, a, hiring.MetricsFilter{From: date.MustParse("2025-12-01"), To: testToday})
	if err != nil {
		t.Fatal(err)
	}
	rec := d["recruiting"].(map[string]any)
	if m.TimeToFill == nil || fnum(rec["time_to_fill_days"]) != m.TimeToFill.AverageDays || int(fnum(rec["hires"])) != m.Hires {
		t.Errorf("recruiting %v, metrics %+v", rec, m.TimeToFill)
	}
	tr, err := e.svc.Relations.Trends(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, sp := range tr.Spikes {
		if sp.Flagged {
			flagged++
		}
	}
	if er := d["employee_relations"].(map[string]any); int(fnum(er["cases"])) != tr.Total || fnum(er["cases_per_100_employees_a_year"]) != tr.Per100 || len(er["spikes"].([]any)) != flagged {
		t.Errorf("ER %v, trends %d %v, %d flagged", er, tr.Total, tr.Per100, flagged)
	}
	sum, err := e.svc.Rewards.SummaryFor(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	pay := d["compensation"].(map[string]any)
	if int64(fnum(pay["annual_base_payroll_cents"])) != sum.Lines[0].ThisYear || fnum(pay["average_compa_ratio"]) <= 0 {
		t.Errorf("pay %v, total rewards %v", pay, sum.Lines[0])
	}
	b, err := e.svc.Benefits.Budget(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if ben := d["benefits"].(map[string]any); int64(fnum(ben["employer_cost_year_cents"])) != b.Total.ThisYear || b.Total.ThisYear == 0 {
		t.Errorf("benefits %v, budget %v", ben, b.Total)
	}
	// A unit narrows recruiting; the other domains are whole-scope.
	sup := e.unitNamed(t, "Customer Support")
	_, dn, _ := mgr.do("GET", fmt.Sprintf("/api/v1/insights/domains?org_unit_id=%d", sup), nil)
	if dn["recruiting"] == nil || dn["compensation"] != nil {
		t.Errorf("narrowed: %v", dn)
	}
	if code, _, _ := e.api("generalist@example.com").do("GET", "/api/v1/insights/domains", nil); code != 403 {
		t.Errorf("generalist: %d", code)
	}
	// The dashboard loads the section after itself; the section alone is
	// a fragment for htmx and a page without it.
	b2 := e.login("manager@example.com")
	if slot, _ := b2.page("/insights", 200).Find("#domains-slot").Attr("hx-get"); !strings.HasPrefix(slot, "/insights/domains?") {
		t.Errorf("slot: %q", slot)
	}
	pg := b2.page("/insights/domains", 200)
	if pg.Find("#dom-recruiting").Length() != 1 || pg.Find("#dom-er").Length() != 1 || pg.Find("#dom-pay").Length() != 1 || pg.Find("#dom-benefits").Length() != 1 {
		t.Error("the domains page lacks a section")
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/insights/domains", nil)
	req.Header.Set("HX-Request", "true")
	res, err := b2.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	frag, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.HasPrefix(strings.TrimSpace(string(frag)), `<section class="mt-4" id="domains"`) || strings.Contains(string(frag), "<nav") {
		t.Errorf("fragment: %s", firstLines(string(frag), 2))
	}
	e.login("generalist@example.com").page("/insights/domains", 403)
}
