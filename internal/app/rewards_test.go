package app

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

func download(t *testing.T, c *apiClient, path string) []byte {
	t.Helper()
	res := c.raw("GET", path)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	return b
}

// TestTotalRewards: an employee's statement (their own only; HR in
// scope), read back from the PDF; the HR manager's summary with last
// year's bonus plan and the merit cycle, as PDF and XLSX; who may read
// them.
func TestTotalRewards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { totalRewards(t, newEnv(t, db)) })
}

func totalRewards(t *testing.T, e *env) {
	me := e.api("employee@example.com")
	self := e.empOf("employee@example.com")
	st, s, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/total-rewards", self), nil)
	if st != 200 {
		t.Fatalf("own statement: %d %v", st, s)
	}
	var sum int64
	labels := ""
	for _, l := range s["lines"].([]any) {
		l := l.(map[string]any)
		sum += num64(l["cents"])
		labels += l["label"].(string) + ";"
	}
	// The employer's share of benefits: medical at least (the demo persona
	// has Aetna Choice PPO).
	if sum != num64(s["total_cents"]) || !strings.HasPrefix(labels, "Base pay;") || !strings.Contains(labels, "Bonuses") || !strings.Contains(labels, "Medical: Aetna Choice PPO") {
		t.Errorf("statement: %s total %d vs %d", labels, sum, num64(s["total_cents"]))
	}
	text, err := hiring.ExtractText("application/pdf", download(t, me, fmt.Sprintf("/api/v1/employees/%d/total-rewards/statement.pdf", self)))
	if err != nil || !strings.Contains(text, "Your total rewards") || !strings.Contains(text, "Base pay") {
		t.Errorf("statement PDF: %v %q", err, text)
	}
	other := e.empOf("lead@example.com")
	if st, _, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/total-rewards", other), nil); st != 403 && st != 404 {
		t.Errorf("someone else's statement: %d", st)
	}
	if st, _, _ := e.api("generalist@example.com").do("GET", fmt.Sprintf("/api/v1/employees/%d/total-rewards", other), nil); st != 200 {
		t.Errorf("HR reads a statement: %d", st)
	}
	mgr := e.api("manager@example.com")
	st, sm, _ := mgr.do("GET", "/api/v1/total-rewards", nil)
	if st != 200 {
		t.Fatalf("summary: %d %v", st, sm)
	}
	var total int64
	got := ""
	for _, l := range sm["lines"].([]any) {
		l := l.(map[string]any)
		total += num64(l["this_year_cents"])
		got += l["label"].(string) + ";"
		if l["label"] == "Benefits (employer share)" && num64(l["this_year_cents"]) == 0 {
			t.Errorf("no benefits cost in the summary: %v", l)
		}
		if l["label"] == "Merit increases" && num64(l["this_year_cents"]) == 0 {
			t.Error("no merit increases this year")
		}
	}
	if !strings.HasPrefix(got, "Base payroll;Merit increases;") || !strings.Contains(got, "Bonuses") || total != num64(sm["total"].(map[string]any)["this_year_cents"]) {
		t.Errorf("summary lines: %s", got)
	}
	x, err := excelize.OpenReader(bytes.NewReader(download(t, mgr, "/api/v1/total-rewards/file?format=xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Total rewards")
	if len(rows) < 4 || rows[2][0] != "Base payroll" {
		t.Errorf("summary XLSX: %v", rows)
	}
	ptext, err := hiring.ExtractText("application/pdf", download(t, mgr, "/api/v1/total-rewards/file?format=pdf"))
	if err != nil || !strings.Contains(ptext, "total rewards") || !strings.Contains(ptext, "Merit increases") {
		t.Errorf("summary PDF: %v %q", err, ptext)
	}
	for who, code := range map[string]int{"generalist@example.com": 403, "lead@example.com": 403, "employee@example.com": 403, "director@example.com": 200} {
		if st, _, _ := e.api(who).do("GET", "/api/v1/total-rewards", nil); st != code {
			t.Errorf("%s summary: %d, want %d", who, st, code)
		}
	}
	e.login("manager@example.com").page("/pay/rewards", 200)
	e.login("generalist@example.com").page("/pay/rewards", 403)
	b := e.login("employee@example.com")
	res := b.get(fmt.Sprintf("/people/%d/total-rewards.pdf", self))
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("statement from the profile: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
