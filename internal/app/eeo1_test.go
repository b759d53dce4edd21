package app

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"testing"
)

// TestEEO1Report: the HR manager builds the EEO-1 report for an October
// pay period; the establishments add up to the company, the people who
// cannot be reported are counted apart; the filing test follows the
// rules engine (under 100: no, unless a federal contractor with 50 or
// more); a pay period outside October to December is refused; the CSV
// has a line per establishment and category; only HR managers and
// directors build it.
func TestEEO1Report(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.api("manager@example.com")
	q := "/api/v1/eeo1?year=2026&snapshot_start=2026-10-01&snapshot_end=2026-10-14"
	st, r, _ := mgr.do("GET", q, nil)
	if st != 200 {
		t.Fatalf("report: %d %v", st, r)
	}
	n := int(num64(r["employees"]))
	company := r["company"].(map[string]any)
	total := int(num64(company["total"].(map[string]any)["total"]))
	sum := 0
	for _, es := range r["establishments"].([]any) {
		sum += int(num64(es.(map[string]any)["total"].(map[string]any)["total"]))
	}
	apart := int(num64(r["race_not_identified"]) + num64(r["sex_not_reportable"]) + num64(r["job_without_category"]))
	if n < 50 || sum != total || total+apart != n || total == 0 {
		t.Errorf("employees %d, company %d, establishments %d, apart %d", n, total, sum, apart)
	}
	if r["must_file"] != (n >= 100) {
		t.Errorf("must file with %d employees: %v", n, r["must_file"])
	}
	if _, fc, _ := mgr.do("GET", q+"&federal_contractor=true", nil); fc["must_file"] != true {
		t.Errorf("a federal contractor with %d employees: %v", n, fc["must_file"])
	}
	if st, b, _ := mgr.do("GET", "/api/v1/eeo1?year=2026&snapshot_start=2026-09-20&snapshot_end=2026-10-03", nil); st != 422 || fieldsOf(b)["snapshot_start"] == "" {
		t.Errorf("a September pay period: %d %v", st, b)
	}
	res := mgr.raw("GET", "/api/v1/eeo1/export?year=2026&snapshot_start=2026-10-01&snapshot_end=2026-10-14")
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) != 1+11*(len(r["establishments"].([]any))+1) || len(recs[0]) != 3+14+1 {
		t.Errorf("csv: %d lines, %v", len(recs), err)
	}
	for _, who := range []string{"generalist", "employee", "lead", "admin"} {
		if st, _, _ := e.api(who+"@example.com").do("GET", q, nil); st != 403 {
			t.Errorf("%s builds the EEO-1 report: %d", who, st)
		}
	}
	e.login("manager@example.com").page("/compliance/eeo1", http.StatusOK)
	e.login("director@example.com").page("/compliance/eeo1?year=2026&snapshot_start=2026-11-01&snapshot_end=2026-11-14", http.StatusOK)
	e.login("generalist@example.com").page("/compliance/eeo1", http.StatusForbidden)
}
