package app

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestCandidateSLA: the HR manager sets after how many days a candidate
// waits on us (out of range is a field error; generalists cannot); the
// generalist's queue lists the active candidates over it, longest first,
// on the API, the home page and its own page; a line manager has no such
// queue; the metrics count against the same number.
func TestCandidateSLA(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		if s, prob, _ := mgr.do("PUT", "/api/v1/recruiting/sla", map[string]any{"days": 0}); s != 422 || fieldsOf(prob)["sla_days"] == "" {
			t.Fatalf("0 days: %d %v", s, prob)
		}
		if s, _, _ := gen.do("PUT", "/api/v1/recruiting/sla", map[string]any{"days": 3}); s != 403 {
			t.Fatalf("a generalist set the SLA: %d", s)
		}
		if s, out, _ := mgr.do("PUT", "/api/v1/recruiting/sla", map[string]any{"days": 2}); s != 200 || num(out, "days") != 2 {
			t.Fatalf("set: %d %v", s, out)
		}
		s, w2, _ := gen.do("GET", "/api/v1/recruiting/waiting?limit=500", nil)
		items, _ := w2["items"].([]any)
		if s != 200 || num(w2, "sla_days") != 2 || num(w2, "total") == 0 || int64(len(items)) != num(w2, "total") {
			t.Fatalf("waiting: %d %v", s, w2)
		}
		cutoff := testToday.Time().Add(10*time.Hour - 48*time.Hour)
		var changed []string
		for _, it := range items {
			m := it.(map[string]any)
			at, _ := time.Parse(time.RFC3339, m["stage_changed_at"].(string))
			if m["status"] != "active" || !at.Before(cutoff) {
				t.Fatalf("not waiting: %v", m)
			}
			changed = append(changed, m["stage_changed_at"].(string))
		}
		if !sort.StringsAreSorted(changed) {
			t.Fatalf("not the longest first: %v", changed)
		}
		mgr.do("PUT", "/api/v1/recruiting/sla", map[string]any{"days": 30})
		if _, w30, _ := gen.do("GET", "/api/v1/recruiting/waiting", nil); num(w30, "total") >= num(w2, "total") {
			t.Fatalf("a longer SLA flags as many: %v vs %v", num(w30, "total"), num(w2, "total"))
		}
		mgr.do("PUT", "/api/v1/recruiting/sla", map[string]any{"days": 2})
		if s, _, _ := e.api("lead@example.com").do("GET", "/api/v1/recruiting/waiting", nil); s != 403 {
			t.Fatalf("a line manager's queue: %d", s)
		}
		if _, m, _ := mgr.do("GET", "/api/v1/recruiting/metrics", nil); num(m, "sla_days") != 2 {
			t.Fatalf("metrics SLA: %v", m["sla_days"])
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.sla", nil)
		if !strings.Contains(toJSON(audit), "flagged after 2 days") {
			t.Fatalf("audit: %v", audit)
		}

		// The UI: the home card, the page, the setting with its error.
		b := e.login("generalist@example.com")
		first := items[0].(map[string]any)
		doc := b.page("/", http.StatusOK)
		if !strings.Contains(doc.Find("#waiting").Text(), first["name"].(string)) {
			t.Fatalf("home: %s", doc.Find("#waiting").Text())
		}
		doc = b.page("/hiring/waiting", http.StatusOK)
		if doc.Find("tbody tr").Length() != len(items) && doc.Find("tbody tr").Length() != 200 {
			t.Fatalf("page rows: %d of %d", doc.Find("tbody tr").Length(), len(items))
		}
		doc = b.page("/hiring/applications/"+itoa(num(first, "id")), http.StatusOK)
		if !strings.Contains(doc.Text(), "Waiting on us") {
			t.Fatal("no flag on the application")
		}
		m := e.login("manager@example.com")
		doc, _ = m.submit("/settings/recruiting/sla", url.Values{"sla_days": {"99"}}, http.StatusUnprocessableEntity)
		if doc.Find("#f-sla-days-error").Length() == 0 {
			t.Fatalf("no field error: %s", doc.Find("#sla").Text())
		}
		e.login("lead@example.com").page("/hiring/waiting", http.StatusForbidden)
	})
}
