package app

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

func balanceOf(t *testing.T, c *apiClient, emp int64, typeName, asOf string) map[string]any {
	t.Helper()
	st, body, _ := c.do("GET", fmt.Sprintf("/api/v1/employees/%d/time-off/balances?as_of=%s", emp, asOf), nil)
	if st != 200 {
		t.Fatalf("balances: %d %v", st, body)
	}
	for _, b := range fromRaw(t, body) {
		if b["leave_type"] == typeName {
			return b
		}
	}
	t.Fatalf("no %s balance", typeName)
	return nil
}

func fromRaw(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := jsonDecode(body["_raw"].(string), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func leaveTypeID(t *testing.T, c *apiClient, name string) int64 {
	t.Helper()
	_, body, _ := c.do("GET", "/api/v1/leave-types", nil)
	for _, lt := range fromRaw(t, body) {
		if lt["name"] == name {
			return num64(lt["id"])
		}
	}
	t.Fatalf("no leave type %s", name)
	return 0
}

// TestTimeOffRequestAndApproval: an employee asks for a week around
// Christmas (the holiday is not charged), the line manager approves it by
// name, the balance moves, overlaps and short balances are refused, and
// the team's calendar feed carries it.
func TestTimeOffRequestAndApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		me, lead, gen := e.api("employee@example.com"), e.api("lead@example.com"), e.api("generalist@example.com")
		taylor := e.empOf("employee@example.com")
		pto := leaveTypeID(t, me, "Paid time off")
		before := balanceOf(t, me, taylor, "Paid time off", "2026-12-31")
		st, req, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2026-12-21", "ends_on": "2026-12-25", "note": "Family visit"})
		// Dec 24 is a company closure in the demo and Dec 25 a federal holiday.
		if st != 201 || req["status"] != "pending" || len(req["days"].([]any)) != 3 {
			t.Fatalf("request: %d %v", st, req)
		}
		hours := req["hours"].(float64)
		for _, d := range req["days"].([]any) {
			if on := d.(map[string]any)["on"]; on == "2026-12-25" || on == "2026-12-24" {
				t.Errorf("%v was charged", on)
			}
		}
		// Refusals: the same days again, a weekend, more than the balance.
		if st, body, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2026-12-22"}); st != 409 {
			t.Errorf("overlap: %d %v", st, body)
		}
		if st, body, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2026-12-12", "ends_on": "2026-12-13"}); st != 422 || fieldsOf(body)["starts_on"] == "" {
			t.Errorf("a weekend: %d %v", st, body)
		}
		if st, body, _ := me.do("POST", "/api/v1/time-off/requests", map[string]any{"leave_type_id": pto, "starts_on": "2027-01-04", "ends_on": "2027-03-26"}); st != 422 || !strings.Contains(fieldsOf(body)["ends_on"], "Not enough") {
			t.Errorf("a short balance: %d %v", st, body)
		}
		// Only the employee's line manager (by name) decides it.
		ap := num64(req["approval_id"])
		if st, _, _ := gen.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st == 200 {
			t.Error("a generalist approved the line manager's step")
		}
		if st, body, _ := lead.do("POST", fmt.Sprintf("/api/v1/approvals/%d/decision", ap), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("lead approves: %d %v", st, body)
		}
		after := balanceOf(t, me, taylor, "Paid time off", "2026-12-31")
		if after["hours"].(float64) != before["hours"].(float64)-hours {
			t.Errorf("balance %v → %v after %v hours", before["hours"], after["hours"], hours)
		}
		// The lead's team feed carries it, without the type.
		st, feed, _ := lead.do("POST", "/api/v1/time-off/feeds", nil)
		if st != 201 {
			t.Fatalf("feed: %d %v", st, feed)
		}
		res, err := http.Get(e.srv.URL + feed["path"].(string))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cal, err := ics.ParseCalendar(strings.NewReader(string(raw)))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("feed %d: %v", res.StatusCode, err)
		}
		found := false
		for _, ev := range cal.Events() {
			if p := ev.GetProperty(ics.ComponentPropertySummary); p != nil && p.Value == "Taylor Brooks: out" {
				if s := ev.GetProperty(ics.ComponentPropertyDtStart); s != nil && strings.Contains(s.Value, "20261221") {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("the feed lacks Taylor's week: %s", raw)
		}
		if strings.Contains(string(raw), "Paid time off") || strings.Contains(string(raw), "Sick") {
			t.Error("the feed names leave types")
		}
		if res, _ := http.Get(e.srv.URL + "/time-off/calendar/nope.ics"); res.StatusCode != 404 {
			t.Errorf("a wrong feed token: %d", res.StatusCode)
		}
		if st, _, _ := me.do("POST", "/api/v1/time-off/feeds", nil); st != 403 {
			t.Errorf("an employee without reports makes a feed: %d", st)
		}
		// Cancel restores the balance.
		if st, body, _ := me.do("POST", fmt.Sprintf("/api/v1/time-off/requests/%d/cancellation", num64(req["id"])), nil); st != 200 || body["status"] != "cancelled" {
			t.Fatalf("cancel: %d %v", st, body)
		}
		if b := balanceOf(t, me, taylor, "Paid time off", "2026-12-31"); b["hours"] != before["hours"] {
			t.Errorf("after cancelling: %v, want %v", b["hours"], before["hours"])
		}
		// HR adjusts a balance with a reason; others may not.
		if st, _, _ := me.do("POST", fmt.Sprintf("/api/v1/employees/%d/time-off/adjustments", taylor), map[string]any{"leave_type_id": pto, "hours": 8, "reason": "x"}); st != 403 {
			t.Errorf("an employee adjusts their own balance: %d", st)
		}
		if st, body, _ := gen.do("POST", fmt.Sprintf("/api/v1/employees/%d/time-off/adjustments", taylor), map[string]any{"leave_type_id": pto, "hours": 8, "reason": "Worked the holiday weekend"}); st != 201 {
			t.Fatalf("adjust: %d %v", st, body)
		}
		if b := balanceOf(t, gen, taylor, "Paid time off", "2026-12-31"); b["hours"].(float64) != before["hours"].(float64)+8 {
			t.Errorf("after the adjustment: %v", b["hours"])
		}
		// The line manager sees the team's balances; another employee not.
		if st, _, _ := lead.do("GET", fmt.Sprintf("/api/v1/employees/%d/time-off/balances", taylor), nil); st != 200 {
			t.Errorf("the lead reads the report's balances: %d", st)
		}
		if st, _, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/time-off/balances", e.empOf("lead@example.com")), nil); st != 403 {
			t.Errorf("an employee reads their manager's balances: %d", st)
		}
	})
}

func TestTimeOffThroughUI(t *testing.T) {
	e := sqliteEnv(t)
	me := e.login("employee@example.com")
	me.page("/time-off", http.StatusOK)
	doc, _ := me.submit("/time-off", url.Values{"leave_type_id": {""}, "starts_on": {"2026-12-21"}, "ends_on": {"2026-12-18"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"leave-type-id", "ends-on"} {
		if doc.Find("#f-"+f+"-error").Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	pto := leaveTypeID(t, e.api("employee@example.com"), "Paid time off")
	res := me.post("/time-off", url.Values{"leave_type_id": {itoa(pto)}, "starts_on": {"2026-12-28"}, "ends_on": {"2026-12-30"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", res.StatusCode)
	}
	d := e.login("lead@example.com").page("/time-off/team?from=2026-12-28", http.StatusOK)
	if !strings.Contains(d.Find("table.cal").Text(), "Taylor Brooks") || d.Find("td.cal-pending").Length() < 3 {
		t.Errorf("team calendar: %s", firstLines(d.Find("main").Text(), 10))
	}
	// The HR manager's leave types: errors per field, then a new type.
	mgr := e.login("manager@example.com")
	mgr.page("/settings/time-off", http.StatusOK)
	doc, _ = mgr.submit("/settings/time-off", url.Values{"name": {""}, "unit": {"weeks"}, "frequency": {"monthly"}, "hours": {"0"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"name", "unit", "hours"} {
		if doc.Find("#f-"+f+"-error").Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	res = mgr.post("/settings/time-off", url.Values{"name": {"Volunteer day"}, "unit": {"days"}, "frequency": {"annual"}, "hours": {"8"}, "carryover_max": {"0"}, "active": {"1"}, "paid": {"1"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || leaveTypeID(t, e.api("manager@example.com"), "Volunteer day") == 0 {
		t.Fatalf("new type: %d", res.StatusCode)
	}
	// The generalist adjusts from the profile's time-off tab.
	gen := e.login("generalist@example.com")
	taylor := e.empOf("employee@example.com")
	gen.page(fmt.Sprintf("/people/%d?tab=time-off", taylor), http.StatusOK)
	doc, _ = gen.submit(fmt.Sprintf("/people/%d/time-off/adjust", taylor), url.Values{"leave_type_id": {itoa(pto)}, "hours": {"4"}, "reason": {""}}, http.StatusUnprocessableEntity)
	if doc.Find("#f-reason-error").Length() == 0 {
		t.Error("no error on the reason")
	}
	// Routes per role.
	for _, r := range []struct {
		path    string
		form    url.Values
		allowed map[string]bool
	}{
		{"/settings/time-off", url.Values{"name": {""}}, roles("manager", "director")},
		{fmt.Sprintf("/people/%d/time-off/adjust", taylor), url.Values{"hours": {"1"}}, roles("generalist", "manager", "director")},
	} {
		for _, who := range []string{"admin", "director", "manager", "generalist", "lead", "employee"} {
			v := url.Values{}
			for k, x := range r.form {
				v[k] = x
			}
			res := e.login(who+"@example.com").post(r.path, v)
			res.Body.Close()
			denied := res.StatusCode == 403 || res.StatusCode == 404
			if r.allowed[who] == denied {
				t.Errorf("%s POST %s: %d", who, r.path, res.StatusCode)
			}
		}
	}
}

func jsonDecode(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestBrowserTimeOff requests time off in Chromium and sees it on the
// line manager's team calendar; the pages pass axe.
func TestBrowserTimeOff(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	emp := newTab(t, ctx)
	signIn(t, emp, base, "employee@example.com")
	run(t, emp, "time off", chromedp.Navigate(base+"/time-off"), chromedp.WaitVisible(chromedp.ID("f-leave-type-id")))
	axe(t, emp, "time off")
	pto := itoa(leaveTypeID(t, e.api("employee@example.com"), "Paid time off"))
	run(t, emp, "request",
		chromedp.SetValue(chromedp.ID("f-leave-type-id"), pto),
		chromedp.SetValue(chromedp.ID("f-starts-on"), "2026-12-28"),
		chromedp.SetValue(chromedp.ID("f-ends-on"), "2026-12-30"),
		chromedp.Click(chromedp.CSS(`form[action="/time-off"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	shot(t, emp, "time-off", true)
	lead := newTab(t, ctx)
	signIn(t, lead, base, "lead@example.com")
	run(t, lead, "team", chromedp.Navigate(base+"/time-off/team?from=2026-12-28"), chromedp.WaitVisible(chromedp.CSS("table.cal")))
	if got := text(t, lead, "table.cal"); !strings.Contains(got, "Taylor Brooks") {
		t.Errorf("team calendar: %q", got)
	}
	shot(t, lead, "time-off-team", true)
	axe(t, lead, "team calendar")
	mgr := newTab(t, ctx)
	signIn(t, mgr, base, "manager@example.com")
	run(t, mgr, "types", chromedp.Navigate(base+"/settings/time-off"), chromedp.WaitVisible(chromedp.ID("f-name")))
	axe(t, mgr, "leave types")
}
