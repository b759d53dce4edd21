package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/xuri/excelize/v2"
)

// TestReportsAPI runs reports of every subject on both databases: rows in
// scope, columns by permission, filters, grouping and dates; saved
// reports shared with a role; a schedule delivered as a file.
func TestReportsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		code, subs, _ := gen.do("GET", "/api/v1/reports/subjects", nil)
		if code != 200 || len(items(subs)) != 6 {
			t.Fatalf("subjects: %d %v", code, subs)
		}
		// Everyone employed today, with pay.
		spec := map[string]any{"subject": "employees", "columns": []string{"name", "org_unit", "job_family", "pay_amount", "hire_date"}}
		code, r, _ := gen.do("POST", "/api/v1/reports/run", spec)
		if code != 200 {
			t.Fatalf("run: %d %v", code, r)
		}
		hl, _ := e.svc.People.Overview(ctx, e.actorOf("manager@example.com"))
		rows := r["rows"].([]any)
		if int(fnum(r["total"])) != hl.Active || len(rows) != hl.Active || r["truncated"] != false {
			t.Errorf("employees: total %v rows %d, active %d", r["total"], len(rows), hl.Active)
		}
		first := rows[0].([]any)
		if first[3] == "" || !strings.Contains(first[3].(string), ".") || len(first[4].(string)) != 10 {
			t.Errorf("a row: %v", first)
		}
		// Filters and grouping.
		spec["filters"] = []any{map[string]any{"field": "org_unit", "op": "eq", "value": "operations"}, map[string]any{"field": "pay_amount", "op": "gte", "value": "1"}}
		spec["group_by"] = "job_family"
		_, fr, _ := gen.do("POST", "/api/v1/reports/run", spec)
		sum := 0.0
		for _, g := range fr["groups"].([]any) {
			sum += fnum(g.(map[string]any)["count"])
		}
		if fnum(fr["total"]) == 0 || sum != fnum(fr["total"]) {
			t.Errorf("filtered: total %v, groups %v", fr["total"], fr["groups"])
		}
		for _, row := range fr["rows"].([]any) {
			if row.([]any)[1] != "Operations" {
				t.Errorf("a row outside Operations: %v", row)
			}
		}
		// As of a year ago: the headcount then, as the dashboard counts it.
		code, old, _ := gen.do("POST", "/api/v1/reports/run", map[string]any{"subject": "employees", "columns": []string{"name", "job"}, "as_of": "2025-12-31"})
		_, dp, _ := mgr.do("GET", "/api/v1/insights/people?from=2025-01-01&to=2025-12-31&kind=headcount", nil)
		if code != 200 || old["total"] != dp["total"] {
			t.Errorf("as of 2025-12-31: %d %v, the dashboard's list %v", code, old["total"], dp["total"])
		}
		// Bad specs, field by field.
		for _, c := range []struct {
			spec  map[string]any
			field string
		}{
			{map[string]any{"subject": "payroll", "columns": []string{"name"}}, "subject"},
			{map[string]any{"subject": "employees", "columns": []string{"ssn"}}, "columns"},
			{map[string]any{"subject": "employees", "columns": []string{}}, "columns"},
			{map[string]any{"subject": "employees", "columns": []string{"name"}, "filters": []any{map[string]any{"field": "hire_date", "op": "gt", "value": "last year"}}}, "filters.0.value"},
			{map[string]any{"subject": "employees", "columns": []string{"name"}, "filters": []any{map[string]any{"field": "name", "op": "gt", "value": "A"}}}, "filters.0.op"},
			{map[string]any{"subject": "employees", "columns": []string{"name"}, "group_by": "birth_date"}, "group_by"},
			{map[string]any{"subject": "pay", "columns": []string{"name"}, "from": "2026-06-01", "to": "2026-01-01"}, "to"},
		} {
			code, p, _ := gen.do("POST", "/api/v1/reports/run", c.spec)
			if code != 422 || fieldsOf(p)[c.field] == "" {
				t.Errorf("%v: %d %v", c.spec, code, p)
			}
		}
		// The other subjects.
		for _, s := range []map[string]any{
			{"subject": "job_history", "columns": []string{"name", "effective_from", "reason", "job"}, "from": "2025-11-03", "to": "2026-11-02"},
			{"subject": "pay", "columns": []string{"name", "effective_from", "amount", "reason"}, "from": "2025-11-03", "to": "2026-11-02"},
			{"subject": "leave", "columns": []string{"name", "starts_on", "status", "reason"}, "from": "2024-01-01", "to": "2026-11-02"},
			{"subject": "cases", "columns": []string{"case_id", "category", "status", "reported_on"}, "from": "2023-01-01", "to": "2026-11-02", "group_by": "category"},
		} {
			code, res, _ := gen.do("POST", "/api/v1/reports/run", s)
			if code != 200 || fnum(res["total"]) == 0 {
				t.Errorf("%s: %d %v", s["subject"], code, res["total"])
			}
		}
		// Separations agree with the dashboard's lists, regretted ones too.
		for kind, filters := range map[string][]any{"separations": nil, "regretted": {map[string]any{"field": "regretted", "op": "eq", "value": "yes"}}} {
			code, sp, _ := gen.do("POST", "/api/v1/reports/run", map[string]any{"subject": "separations", "columns": []string{"name", "last_day", "reason", "voluntary", "regretted"}, "from": "2025-12-01", "to": "2026-11-02", "filters": filters})
			_, dl, _ := mgr.do("GET", "/api/v1/insights/people?kind="+kind, nil)
			if code != 200 || sp["total"] != dl["total"] || fnum(sp["total"]) == 0 {
				t.Errorf("%s: report %d %v, dashboard %v", kind, code, sp["total"], dl["total"])
			}
		}
		// ER cases: only those the relations domain shows the generalist.
		cs, err := e.svc.Relations.List(ctx, e.actorOf("generalist@example.com"), relations.CaseFilter{Limit: 2000})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cs {
			if !c.ReportedOn.Before(testToday.AddYears(-10)) {
				n++
			}
		}
		_, cr, _ := gen.do("POST", "/api/v1/reports/run", map[string]any{"subject": "cases", "columns": []string{"case_id"}, "from": "2016-11-02", "to": "2026-11-02"})
		if int(fnum(cr["total"])) != n {
			t.Errorf("cases: %v, visible %d", cr["total"], n)
		}
		// Who may build reports.
		for _, who := range []string{"lead@example.com", "employee@example.com", "admin@example.com"} {
			if code, _, _ := e.api(who).do("POST", "/api/v1/reports/run", spec); code != 403 {
				t.Errorf("%s runs a report: %d", who, code)
			}
		}
		// A scoped generalist sees only their units.
		code, sr, _ := e.api("ops.generalist@example.com").do("POST", "/api/v1/reports/run", map[string]any{"subject": "employees", "columns": []string{"name", "org_unit"}})
		if code != 200 || fnum(sr["total"]) == 0 || fnum(sr["total"]) >= fnum(r["total"]) {
			t.Errorf("scoped: %d %v", code, sr["total"])
		}

		// Save, share with HR managers, run as the manager.
		delete(spec, "group_by")
		code, saved, _ := gen.do("POST", "/api/v1/reports", map[string]any{"name": "Operations pay", "spec": spec, "shared_roles": []string{"hr_manager"}})
		if code != 201 {
			t.Fatalf("save: %d %v", code, saved)
		}
		id := int64(fnum(saved["id"]))
		if code, p, _ := gen.do("POST", "/api/v1/reports", map[string]any{"name": " ", "spec": spec, "shared_roles": []string{"employee"}}); code != 422 || fieldsOf(p)["name"] == "" || fieldsOf(p)["shared_roles"] == "" {
			t.Errorf("bad save: %d %v", code, p)
		}
		_, list, _ := mgr.do("GET", "/api/v1/reports", nil)
		shared := false
		for _, it := range items(list) {
			if m := it.(map[string]any); int64(fnum(m["id"])) == id {
				shared = m["mine"] == false
			}
		}
		if !shared {
			t.Errorf("the manager's list: %v", list)
		}
		if code, _, _ := e.api("director@example.com").do("GET", fmt.Sprintf("/api/v1/reports/%d", id), nil); code != 404 {
			t.Errorf("not shared with directors: %d", code)
		}
		res := mgr.raw("GET", fmt.Sprintf("/api/v1/reports/%d/run?format=csv", id))
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		lines, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if res.StatusCode != 200 || err != nil || len(lines) != int(fnum(fr["total"]))+1 || lines[0][0] != "Name" {
			t.Errorf("the manager's CSV: %d %v %d lines for %v", res.StatusCode, err, len(lines), fr["total"])
		}
		if code, _, _ := mgr.do("PUT", fmt.Sprintf("/api/v1/reports/%d", id), map[string]any{"name": "Mine now", "spec": spec}); code != 403 {
			t.Errorf("the manager changes the generalist's report: %d", code)
		}
		// A weekly schedule, delivered a week later as the generalist.
		if code, p, _ := gen.do("POST", fmt.Sprintf("/api/v1/reports/%d/schedules", id), map[string]any{"frequency": "hourly", "format": "pdf"}); code != 422 || fieldsOf(p)["frequency"] == "" {
			t.Errorf("bad schedule: %d %v", code, p)
		}
		code, sc, _ := gen.do("POST", fmt.Sprintf("/api/v1/reports/%d/schedules", id), map[string]any{"frequency": "weekly", "format": "csv"})
		if code != 201 {
			t.Fatalf("schedule: %d %v", code, sc)
		}
		later := insights.New(db.Insights(), kit.FixedClock{T: testToday.AddDays(7).Time().Add(9 * time.Hour)})
		var got []insights.Delivery
		send := func(_ context.Context, a access.Actor, d insights.Delivery) error {
			if a.Email != "generalist@example.com" {
				t.Errorf("delivered to %s", a.Email)
			}
			got = append(got, d)
			return nil
		}
		// The demo's own weekly schedule is due too.
		if n, err := later.Deliver(ctx, e.svc.Access.ActorByID, send); err != nil || n != 2 {
			t.Fatalf("deliver: %d %v", n, err)
		}
		var mine *insights.Delivery
		for i := range got {
			if got[i].Report.ID == id {
				mine = &got[i]
			}
		}
		if mine == nil {
			t.Fatal("our report was not delivered")
		}
		if lines, _ := csv.NewReader(bytes.NewReader(mine.File)).ReadAll(); len(lines) != int(fnum(fr["total"]))+1 || !strings.HasSuffix(mine.Filename, ".csv") {
			t.Errorf("delivered file: %d lines, %s", len(lines), mine.Filename)
		}
		if n, _ := later.Deliver(ctx, e.svc.Access.ActorByID, send); n != 0 {
			t.Errorf("delivered twice the same day: %d", n)
		}
		_, scs, _ := gen.do("GET", fmt.Sprintf("/api/v1/reports/%d/schedules", id), nil)
		if s0 := items(scs)[0].(map[string]any); s0["next_run_on"] != "2026-11-16" || s0["last_status"] != "sent" {
			t.Errorf("after delivery: %v", s0)
		}
		if code, _, _ := gen.do("DELETE", fmt.Sprintf("/api/v1/reports/%d/schedules/%v", id, sc["id"]), nil); code != 204 {
			t.Errorf("unschedule: %d", code)
		}
		if code, _, _ := mgr.do("DELETE", fmt.Sprintf("/api/v1/reports/%d", id), nil); code != 403 {
			t.Errorf("the manager deletes the generalist's report: %d", code)
		}
		if code, _, _ := gen.do("DELETE", fmt.Sprintf("/api/v1/reports/%d", id), nil); code != 204 {
			t.Errorf("delete: %d", code)
		}
	})
}

// TestReportPages: the builder runs, shows errors on fields, saves,
// shares and schedules in the browser's plain HTML flow.
func TestReportPages(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.login("generalist@example.com")
	if gen.page("/", 200).Find(`nav a[href="/insights/reports"]`).Length() == 0 {
		t.Error("no Reports in the generalist's navigation")
	}
	gen.page("/insights/reports", 200)
	b := gen.page("/insights/reports/new", 200)
	if b.Find(`input[name=columns]:checked`).Length() != 4 {
		t.Errorf("a new report starts with four columns: %d", b.Find(`input[name=columns]:checked`).Length())
	}
	run := gen.page("/insights/reports/new?subject=employees&columns=name&columns=org_unit&columns=pay_amount&filters.0.field=org_unit&filters.0.op=eq&filters.0.value=Operations&group_by=job&run=1", 200)
	if run.Find("#report-table tbody tr").Length() == 0 || run.Find("#groups-table tbody tr").Length() == 0 {
		t.Fatal("the run shows no rows or groups")
	}
	bad := gen.page("/insights/reports/new?subject=employees&columns=name&filters.0.field=hire_date&filters.0.op=gt&filters.0.value=soon&run=1", 422)
	if bad.Find("#f0-value-error").Length() == 0 {
		t.Error("no error on the filter's value")
	}
	if gen.page("/insights/reports/new?subject=pay&columns=name&columns=org_unit&choose=1", 200).Find(`input[name=columns][value=org_unit]:checked`).Length() != 1 {
		t.Error("changing the subject keeps the columns it has")
	}
	// Save: a name is required, on its field.
	form := url.Values{"subject": {"employees"}, "columns": {"name", "org_unit"}, "filters.0.field": {"org_unit"}, "filters.0.op": {"eq"}, "filters.0.value": {"Operations"}}
	d, _ := gen.submit("/insights/reports", form, 422)
	if d.Find("#f-name-error").Length() == 0 {
		t.Error("saving without a name: no error on the name")
	}
	form.Set("name", "Operations roster (test)")
	form.Add("shared_roles", "hr_manager")
	_, res := gen.submit("/insights/reports", form, 303)
	loc := res.Header.Get("Location")
	page := gen.page(loc, 200)
	if page.Find("#report-table tbody tr").Length() == 0 || page.Find("h1").Text() != "Operations roster (test)" {
		t.Fatalf("saved report page %s", loc)
	}
	// The manager sees it shared and may copy, not change it.
	mgr := e.login("manager@example.com")
	if !strings.Contains(mgr.page("/insights/reports", 200).Find("#reports-table").Text(), "Operations roster (test)") {
		t.Error("not shared with the manager")
	}
	mp := mgr.page(loc, 200)
	if mp.Find(`a[href^="/insights/reports/new?id="]`).Length() != 0 || mp.Find(`a[href^="/insights/reports/new?"]`).Length() != 1 {
		t.Error("the manager is offered to change the generalist's report")
	}
	mgr.page(strings.Replace(loc, "/insights/reports/", "/insights/reports/new?id=", 1), 403)
	// Schedule it, with a bad frequency shown on its field.
	d, _ = gen.submit(loc+"/schedules", url.Values{"frequency": {"yearly"}, "format": {"xlsx"}}, 422)
	if d.Find("#f-frequency-error").Length() == 0 {
		t.Error("bad frequency: no error on its field")
	}
	gen.submit(loc+"/schedules", url.Values{"frequency": {"monthly"}, "format": {"xlsx"}}, 303)
	if gen.page(loc, 200).Find("#schedules-table tbody tr").Length() != 1 {
		t.Error("the schedule is not listed")
	}
	// Exports read back.
	r := gen.get(loc + "?format=xlsx")
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Report")
	if len(rows) < 2 || rows[0][1] != "Org unit" || rows[1][1] != "Operations" {
		t.Errorf("xlsx rows: %v", rows[:min(2, len(rows))])
	}
	for _, who := range []string{"lead@example.com", "employee@example.com", "admin@example.com"} {
		b := e.login(who)
		b.page("/insights/reports", 403)
		b.page("/insights/reports/new", 403)
		b.page(loc, 403)
	}
	e.login("director@example.com").page(loc, 404)
	gen.submit(loc+"/delete", url.Values{}, 303)
	gen.page(loc, 404)
}

// TestScheduledReportBySMTP: a due schedule emails the report to its
// user through real SMTP with the XLSX attached, readable.
func TestScheduledReportBySMTP(t *testing.T) {
	e, srv, m := mailEnv(t, storetest.Open(t))
	gen := e.api("generalist@example.com")
	_, saved, _ := gen.do("POST", "/api/v1/reports", map[string]any{"name": "Weekly roster", "spec": map[string]any{"subject": "employees", "columns": []string{"name", "org_unit"}}})
	id := int64(fnum(saved["id"]))
	if code, p, _ := gen.do("POST", fmt.Sprintf("/api/v1/reports/%d/schedules", id), map[string]any{"frequency": "daily", "format": "xlsx"}); code != 201 {
		t.Fatalf("schedule: %d %v", code, p)
	}
	later := insights.New(e.db.Insights(), kit.FixedClock{T: testToday.AddDays(1).Time().Add(8 * time.Hour)})
	if n, err := later.Deliver(context.Background(), e.svc.Access.ActorByID, m.reportDelivery()); err != nil || n != 1 {
		t.Fatalf("deliver: %d %v", n, err)
	}
	msg := waitMail(t, srv, "generalist@example.com", "Weekly roster")
	full := srv.Message(t, msg.ID)
	if len(full.Attachments) != 1 || !strings.HasSuffix(full.Attachments[0].FileName, ".xlsx") || !strings.Contains(full.Text, "/insights/reports/") {
		t.Fatalf("email: %+v", full)
	}
	x, err := excelize.OpenReader(bytes.NewReader(srv.PartBody(t, msg.ID, full.Attachments[0].PartID)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Report")
	hl, _ := e.svc.People.Overview(context.Background(), e.actorOf("manager@example.com"))
	if len(rows) != hl.Active+1 || rows[0][0] != "Name" {
		t.Errorf("attachment: %d rows for %d people", len(rows), hl.Active)
	}
}

// TestDemoReports: the demo's saved reports run for their owners and for
// those they are shared with, and the generalist's is scheduled.
func TestDemoReports(t *testing.T) {
	e := sqliteEnv(t)
	for who, want := range map[string][]string{
		"generalist@example.com": {"Operations roster with pay"},
		"manager@example.com":    {"Operations roster with pay", "Regretted leavers"},
		"director@example.com":   {"Regretted leavers"},
	} {
		_, list, _ := e.api(who).do("GET", "/api/v1/reports", nil)
		var names []string
		for _, it := range items(list) {
			m := it.(map[string]any)
			names = append(names, m["name"].(string))
			code, r, _ := e.api(who).do("GET", fmt.Sprintf("/api/v1/reports/%v/run", m["id"]), nil)
			if code != 200 || fnum(r["total"]) == 0 {
				t.Errorf("%s runs %q: %d %v", who, m["name"], code, r["total"])
			}
		}
		if strings.Join(names, "|") != strings.Join(want, "|") {
			t.Errorf("%s's reports: %v", who, names)
		}
	}
	_, list, _ := e.api("generalist@example.com").do("GET", "/api/v1/reports", nil)
	_, scs, _ := e.api("generalist@example.com").do("GET", fmt.Sprintf("/api/v1/reports/%v/schedules", items(list)[0].(map[string]any)["id"]), nil)
	if len(items(scs)) != 1 || items(scs)[0].(map[string]any)["next_run_on"] != "2026-11-09" {
		t.Errorf("schedule: %v", scs)
	}
}
