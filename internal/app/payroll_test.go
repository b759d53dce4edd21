package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// readCSV downloads a file through the API and parses it with comma.
func readCSV(t *testing.T, c *apiClient, path string, comma rune) [][]string {
	t.Helper()
	res := c.raw("GET", path)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	return rows
}

// TestPayrollExportAPI: the demo pays biweekly and exported every closed
// period; the open period collects pay changes and one-time payments; a
// change in an exported period needs the reason Correction and goes out
// as a correction; the export locks the period, goes out once, and
// renders through the generic CSV and a provider template; the register
// and the cost report read the same data; bad input is refused field by
// field.
func TestPayrollExportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		st, o, _ := gen.do("GET", "/api/v1/payroll", nil)
		cal, _ := o["calendar"].(map[string]any)
		if st != 200 || cal["frequency"] != "biweekly" || cal["locked_through"] != "2026-11-01" || len(o["exports"].([]any)) != 6 {
			t.Fatalf("overview: %d %v", st, cal)
		}
		if next := cal["next_period"].(map[string]any); next["start"] != "2026-11-02" || next["end"] != "2026-11-15" {
			t.Fatalf("next period: %v", next)
		}
		emp := e.empOf("employee@example.com")
		_, comp, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/compensation", emp), nil)
		amount, per := num64(comp["amount_cents"]), comp["per"].(string)
		payPath := fmt.Sprintf("/api/v1/employees/%d/pay-changes", emp)
		raise := func(pct int64) int64 { return amount + amount*pct/100 }
		// A raise in the open period.
		if st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-11-09", "reason": "merit", "pay": map[string]any{"amount_cents": raise(3), "per": per}}); st != 201 {
			t.Fatalf("raise: %d %v", st, r)
		}
		// A change in an exported period: refused, unless a correction.
		st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-10-20", "reason": "merit", "pay": map[string]any{"amount_cents": raise(1), "per": per}})
		if st != 422 || !strings.Contains(fieldsOf(r)["effective_from"], "exported") {
			t.Fatalf("change in an exported period: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-10-20", "reason": "correction", "note": "Missed merit increase", "pay": map[string]any{"amount_cents": raise(1), "per": per}}); st != 201 {
			t.Fatalf("correction: %d %v", st, r)
		}
		// A change of manager only is no payroll change: it may be dated
		// in an exported period; a change of location is one.
		jobPath := fmt.Sprintf("/api/v1/employees/%d/job-changes", emp)
		if st, r, _ := gen.do("POST", jobPath, map[string]any{"effective_from": "2026-10-21", "reason": "manager_change", "manager_id": e.empOf("manager@example.com")}); st != 201 {
			t.Errorf("a back-dated manager change: %d %v", st, r)
		}
		_, locs, _ := gen.do("GET", "/api/v1/locations", nil)
		var loc int64
		for _, l := range locs["items"].([]any) {
			if l := l.(map[string]any); l["name"] == "Denver, CO" {
				loc = num64(l["id"])
			}
		}
		if st, r, _ := gen.do("POST", jobPath, map[string]any{"effective_from": "2026-10-22", "reason": "location_change", "location_id": loc}); st != 422 || !strings.Contains(fieldsOf(r)["effective_from"], "exported") {
			t.Errorf("a back-dated transfer: %d %v", st, r)
		}
		// Below the minimum wage, and in another currency than the grade.
		if st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-11-10", "reason": "other", "pay": map[string]any{"amount_cents": 500, "per": "hour"}}); st != 422 || !strings.Contains(fieldsOf(r)["pay.amount_cents"], "minimum wage") {
			t.Errorf("below the minimum wage: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-11-10", "reason": "other", "pay": map[string]any{"amount_cents": raise(2), "per": per, "currency": "EUR"}}); st != 422 || fieldsOf(r)["pay.currency"] == "" {
			t.Errorf("currency mismatch: %d %v", st, r)
		}
		// One-time payments: in the open period, under the threshold at
		// once, above it through the HR manager.
		otp := fmt.Sprintf("/api/v1/employees/%d/one-time-payments", emp)
		if st, r, _ := gen.do("POST", otp, map[string]any{"kind": "bonus", "amount_cents": 100000, "pay_date": "2026-10-30"}); st != 422 || !strings.Contains(fieldsOf(r)["pay_date"], "exported") {
			t.Errorf("payment in an exported period: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", otp, map[string]any{"kind": "bonus", "amount_cents": 100000, "pay_date": "2026-11-13", "currency": "EUR"}); st != 422 || fieldsOf(r)["currency"] == "" {
			t.Errorf("payment currency: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", otp, map[string]any{"kind": "tip", "amount_cents": 5, "pay_date": "2026-11-13"}); st != 422 || !strings.Contains(toJSON(r), "kind") {
			t.Errorf("bad payment kind: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", otp, map[string]any{"kind": "bonus", "amount_cents": -5, "pay_date": "2026-11-13"}); st != 422 || fieldsOf(r)["amount_cents"] == "" {
			t.Errorf("bad payment: %d %v", st, r)
		}
		if st, r, _ := gen.do("POST", otp, map[string]any{"kind": "spot_award", "amount_cents": 100000, "pay_date": "2026-11-13"}); st != 201 || num64(r["approval_id"]) != 0 {
			t.Fatalf("small payment: %d %v", st, r)
		}
		st, r, _ = gen.do("POST", otp, map[string]any{"kind": "bonus", "amount_cents": 500000, "pay_date": "2026-11-13", "note": "Project delivery"})
		if st != 202 || num64(r["approval_id"]) == 0 {
			t.Fatalf("large payment: %d %v", st, r)
		}
		apID := fmt.Sprint(num64(r["approval_id"]))
		if st, r, _ := gen.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); st != 403 {
			t.Errorf("the requester approves: %d %v", st, r)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("manager approves: %d %v", st, r)
		}
		// Who may export.
		if st, _, _ := e.api("ops.generalist@example.com").do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-15"}); st != 403 {
			t.Errorf("a scoped generalist exports: %d", st)
		}
		if st, _, _ := e.api("employee@example.com").do("GET", "/api/v1/payroll", nil); st != 403 {
			t.Errorf("an employee reads payroll: %d", st)
		}
		_, o, _ = gen.do("GET", "/api/v1/payroll", nil)
		want := 0
		for _, c := range o["changes"].([]any) {
			c := c.(map[string]any)
			if num64(c["employee_id"]) == emp {
				want++
			}
		}
		if want != 4 || int(num64(o["corrections"])) < 1 {
			t.Fatalf("pending changes of the employee: %d (corrections %v)", want, o["corrections"])
		}
		pending := len(o["changes"].([]any))
		// Periods go out in order, once.
		if st, r, _ := gen.do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-29"}); st != 409 {
			t.Errorf("skipping a period: %d %v", st, r)
		}
		st, x, _ := gen.do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-15"})
		if st != 201 || int(num64(x["changes"])) != pending || num64(x["corrections"]) < 1 {
			t.Fatalf("export: %d %v (pending %d)", st, x, pending)
		}
		if st, _, _ := gen.do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-15"}); st != 409 {
			t.Errorf("exported twice: %d", st)
		}
		id := num64(x["id"])
		rows := readCSV(t, gen, fmt.Sprintf("/api/v1/payroll/exports/%d/file", id), ',')
		if len(rows) != pending+1 || rows[0][0] != "change_type" || len(rows[0]) != len(payroll.Fields) {
			t.Fatalf("generic file: %d rows, header %v", len(rows), rows[0])
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		var sawRaise, sawCorrection, sawBonus bool
		for _, row := range rows[1:] {
			if row[col["change_type"]] == "pay_change" && row[col["effective_date"]] == "2026-11-09" && row[col["reason"]] == "merit" {
				sawRaise = row[col["corrects_period_end"]] == ""
			}
			if row[col["effective_date"]] == "2026-10-20" && row[col["reason"]] == "correction" {
				sawCorrection = row[col["corrects_period_start"]] == "2026-10-19" && row[col["corrects_period_end"]] == "2026-11-01"
			}
			if row[col["change_type"]] == "one_time_payment" && row[col["payment_amount"]] == "5000.00" {
				sawBonus = row[col["payment_type"]] == "bonus" && row[col["effective_date"]] == "2026-11-13"
			}
		}
		if !sawRaise || !sawCorrection || !sawBonus {
			t.Errorf("generic file: raise %v correction %v bonus %v", sawRaise, sawCorrection, sawBonus)
		}
		// Nothing is left for the exported period, and it is locked.
		_, o, _ = gen.do("GET", "/api/v1/payroll", nil)
		for _, c := range o["changes"].([]any) {
			if d := c.(map[string]any)["effective_date"].(string); d <= "2026-11-15" {
				t.Errorf("left after the export: %v", c)
			}
		}
		if o["calendar"].(map[string]any)["locked_through"] != "2026-11-15" {
			t.Errorf("after the export: %v", o["calendar"])
		}
		if st, r, _ := gen.do("POST", payPath, map[string]any{"effective_from": "2026-11-10", "reason": "merit", "pay": map[string]any{"amount_cents": raise(5), "per": per}}); st != 422 || fieldsOf(r)["effective_from"] == "" {
			t.Errorf("change in the period just exported: %d %v", st, r)
		}
		// Provider templates: HR managers keep them.
		tpl := map[string]any{"name": "Bonus import", "delimiter": "semicolon", "header": true, "date_format": "us", "amount_format": "cents", "kinds": []string{"one_time_payment"},
			"columns": []map[string]any{{"header": "CO", "field": "const:ACME"}, {"header": "EMP", "field": "employee_number"}, {"header": "DATE", "field": "effective_date"}, {"header": "AMT", "field": "payment_amount"}}}
		if st, _, _ := gen.do("POST", "/api/v1/payroll/templates", tpl); st != 403 {
			t.Errorf("a generalist saves a template: %d", st)
		}
		if st, r, _ := mgr.do("POST", "/api/v1/payroll/templates", map[string]any{"name": "", "delimiter": "colon", "header": true, "date_format": "iso", "amount_format": "decimal",
			"columns": []map[string]any{{"header": "X", "field": "salary"}}}); st != 422 || fieldsOf(r)["name"] == "" || fieldsOf(r)["delimiter"] == "" || !strings.Contains(fieldsOf(r)["columns"], "unknown field") {
			t.Errorf("bad template: %d %v", st, r)
		}
		st, tr, _ := mgr.do("POST", "/api/v1/payroll/templates", tpl)
		if st != 201 {
			t.Fatalf("template: %d %v", st, tr)
		}
		rows = readCSV(t, gen, fmt.Sprintf("/api/v1/payroll/exports/%d/file?template=%s", id, tr["key"]), ';')
		found := false
		for _, row := range rows[1:] {
			if len(row) != 4 || row[0] != "ACME" {
				t.Errorf("template row: %v", row)
			}
			found = found || (row[2] == "11/13/2026" && row[3] == "500000")
		}
		if rows[0][1] != "EMP" || !found {
			t.Errorf("template file: %v", rows)
		}
		// The register and the cost report.
		st, reg, _ := gen.do("GET", "/api/v1/payroll/register?from=2026-11-01&through=2026-11-15", nil)
		if st != 200 || len(reg["items"].([]any)) != pending {
			t.Errorf("register: %d %d items, want %d", st, len(reg["items"].([]any)), pending)
		}
		res := gen.raw("GET", "/api/v1/payroll/register/file?from=2026-11-01&through=2026-11-15&format=xlsx")
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("register file: %d %s", res.StatusCode, b)
		}
		xf, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("register xlsx: %v", err)
		}
		xrows, _ := xf.GetRows("Payroll changes")
		if len(xrows) != pending+1 || xrows[0][3] != "Change" {
			t.Errorf("register xlsx: %d rows", len(xrows))
		}
		st, costs, _ := gen.do("GET", "/api/v1/payroll/costs", nil)
		total := 0
		for _, c := range costs["items"].([]any) {
			c := c.(map[string]any)
			if num64(c["depth"]) == 0 {
				total += int(num64(c["total_headcount"]))
			}
		}
		dir, err := e.svc.People.Directory(context.Background(), access.System, people.DirectoryFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		active := dir.Total
		if st != 200 || total != active {
			t.Errorf("costs: %d, total headcount %d, active %d", st, total, active)
		}
		// The export is audited.
		_, au, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=payroll.export", nil)
		if !strings.Contains(toJSON(au), "payroll.export") {
			t.Errorf("audit: %v", au)
		}
	})
}

// TestPayrollPerRole: who sees payroll, exports it and sets it up, in the
// pages and the API.
func TestPayrollPerRole(t *testing.T) {
	e := sqliteEnv(t)
	type want struct{ page, settings, export, payments int }
	exported := 0
	for who, w := range map[string]want{
		"employee@example.com":       {403, 403, 403, 403},
		"lead@example.com":           {403, 403, 403, 403},
		"admin@example.com":          {403, 403, 403, 403},
		"ops.generalist@example.com": {200, 403, 403, 200},
		"generalist@example.com":     {200, 403, 201, 200},
		"manager@example.com":        {200, 200, 201, 200},
		"director@example.com":       {200, 200, 201, 200},
	} {
		b := e.login(who)
		b.page("/pay/payroll", w.page)
		b.page("/pay/reports", w.page)
		b.page("/pay/payments", w.payments)
		b.page("/pay/settings", w.settings)
		b.page("/pay/templates/new", w.settings)
		nav := b.page("/", 200).Find(`nav a[href="/pay/payroll"]`).Length()
		if (nav > 0) != (w.page == 200) {
			t.Errorf("%s: Pay in the menu: %v", who, nav > 0)
		}
		// The first of them to export gets 201; the others find the period
		// exported (409).
		if st, r, _ := e.api(who).do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-15"}); st != w.export && !(w.export == 201 && st == 409) {
			t.Errorf("%s: export %d %v", who, st, r)
		} else if st == 201 {
			exported++
		}
		if st, _, _ := e.api(who).do("PUT", "/api/v1/payroll/settings", map[string]any{"frequency": "weekly", "first_period_start": "2026-08-10", "minimum_hourly_cents": 725}); (st == 403) != (w.settings == 403) {
			t.Errorf("%s: settings %d", who, st)
		}
	}
	if exported != 1 {
		t.Errorf("the period was exported %d times", exported)
	}
}

// TestPayrollPages: the generalist exports from the payroll page and
// downloads the file; a one-time payment with bad input shows field
// errors; the HR manager saves a provider template from the form.
func TestPayrollPages(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	doc := gen.page("/pay/payroll", 200)
	end, ok := doc.Find(`form[action="/pay/exports"] input[name="period_end"]`).Attr("value")
	if !ok || end != "2026-11-15" || doc.Find("#next-h").Length() == 0 {
		t.Fatalf("payroll page: export form for %q", end)
	}
	_, res := gen.submit("/pay/exports", map[string][]string{"period_end": {end}}, 303)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/pay/exports/") {
		t.Fatalf("export redirect: %q", loc)
	}
	page := gen.page(loc, 200)
	if !strings.Contains(page.Find("h1").Text(), "2026-11-02") && !strings.Contains(page.Find("h1").Text(), "Nov") {
		t.Errorf("export page: %q", page.Find("h1").Text())
	}
	file := gen.get(loc + "/file?template=generic")
	body, _ := io.ReadAll(file.Body)
	file.Body.Close()
	if file.StatusCode != 200 || !strings.HasPrefix(string(body), "change_type,effective_date") || !strings.Contains(file.Header.Get("Content-Disposition"), "payroll-2026-11-15") {
		t.Errorf("download: %d %q", file.StatusCode, file.Header.Get("Content-Disposition"))
	}
	// Exporting the same period again is a conflict on the page.
	d, _ := gen.submit("/pay/exports", map[string][]string{"period_end": {end}}, 409)
	if !strings.Contains(d.Find(".error-summary").Text(), "already exported") {
		t.Errorf("second export: %q", d.Find(".error-summary").Text())
	}
	d, _ = gen.submit("/pay/payments", map[string][]string{"employee": {"employee@example.com"}, "kind": {""}, "amount": {"abc"}, "pay_date": {"2026-11-03"}}, 422)
	for _, id := range []string{"#f-kind-error", "#f-amount-error", "#f-pay-date-error"} {
		if d.Find(id).Length() == 0 {
			t.Errorf("payment form: no %s", id)
		}
	}
	gen.submit("/pay/payments", map[string][]string{"employee": {"employee@example.com"}, "kind": {"spot_award"}, "amount": {"250"}, "pay_date": {"2026-11-20"}}, 303)
	if !strings.Contains(gen.page("/pay/payments", 200).Text(), "Spot award") {
		t.Error("the payment is not listed")
	}
	gen.page("/pay/reports?from=2026-11-01&through=2026-11-15", 200)
	if d := gen.page("/pay/reports?from=2026-11-15&through=2026-11-01", 422); d.Find(".error-summary").Length() == 0 {
		t.Error("reversed report range: no error")
	}
	mgr := e.login("manager@example.com")
	d, _ = mgr.submit("/pay/templates", map[string][]string{"name": {"Bonus file"}, "delimiter": {"comma"}, "date_format": {"iso"}, "amount_format": {"cents"}, "columns": {"EMP = employee_number\nno separator"}}, 422)
	if !strings.Contains(d.Find("#f-columns-error").Text(), "Header = field") {
		t.Errorf("template form: %q", d.Find("#f-columns-error").Text())
	}
	mgr.submit("/pay/templates", map[string][]string{"name": {"Bonus file"}, "delimiter": {"comma"}, "header": {"on"}, "date_format": {"iso"}, "amount_format": {"cents"},
		"kinds": {"one_time_payment"}, "columns": {"EMP = employee_number\nAMT = payment_amount"}}, 303)
	if !strings.Contains(mgr.page("/pay/settings", 200).Text(), "Bonus file") {
		t.Error("the template is not listed")
	}
}

// TestLineManagerPaySetting: line managers see no pay until the HR
// manager allows it in Payroll settings; then they see their reporting
// line's pay only, and still no payroll pages.
func TestLineManagerPaySetting(t *testing.T) {
	e := sqliteEnv(t)
	lead, mgr := e.api("lead@example.com"), e.api("manager@example.com")
	report := e.empOf("employee@example.com") // Taylor Brooks reports to the lead
	other := e.empOf("generalist@example.com")
	path := func(id int64) string { return fmt.Sprintf("/api/v1/employees/%d/compensation", id) }
	if st, _, _ := lead.do("GET", path(report), nil); st != 403 {
		t.Fatalf("a line manager reads a report's pay by default: %d", st)
	}
	_, o, _ := mgr.do("GET", "/api/v1/payroll", nil)
	cal := o["calendar"].(map[string]any)
	body := map[string]any{"frequency": cal["frequency"], "first_period_start": cal["first_period_start"], "minimum_hourly_cents": 725, "line_managers_see_reports_pay": true}
	if st, r, _ := e.api("generalist@example.com").do("PUT", "/api/v1/payroll/settings", body); st != 403 {
		t.Errorf("a generalist changes the setting: %d %v", st, r)
	}
	if st, r, _ := mgr.do("PUT", "/api/v1/payroll/settings", body); st != 200 || r["line_managers_see_reports_pay"] != true {
		t.Fatalf("setting: %d %v", st, r)
	}
	if st, r, _ := lead.do("GET", path(report), nil); st != 200 || num64(r["amount_cents"]) == 0 {
		t.Errorf("a report's pay once allowed: %d %v", st, r)
	}
	if st, _, _ := lead.do("GET", path(other), nil); st != 403 {
		t.Errorf("someone outside the reporting line: %d", st)
	}
	if st, _, _ := lead.do("GET", "/api/v1/payroll", nil); st != 403 {
		t.Errorf("payroll for a line manager: %d", st)
	}
	e.login("lead@example.com").page(fmt.Sprintf("/people/%d?tab=pay", report), 200)
}
