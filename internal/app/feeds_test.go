package app

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// TestExportFeeds: the generalist pushes the payroll file to an HTTPS
// endpoint after each pay-period export, and the directory daily, signed
// like webhooks; the admin's webhook gets the export's metadata only; a
// feed runs as its owner and fails cleanly when the owner may no longer
// export; the permissions of each kind.
func TestExportFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := jobsEnv(t, db)
		ctx := context.Background()
		rcv := newReceiver(t)
		gen, adm := e.api("generalist@example.com"), e.api("admin@example.com")
		now := testToday.Time().Add(10 * time.Hour)

		// Who may add which feed.
		if st, _, _ := e.api("ops.generalist@example.com").do("POST", "/api/v1/export-feeds", map[string]any{"kind": "payroll_file", "name": "x", "url": rcv.srv.URL}); st != 403 {
			t.Fatalf("a scoped generalist adds a payroll feed: %d", st)
		}
		for _, who := range []string{"employee@example.com", "admin@example.com"} {
			if st, _, _ := e.api(who).do("GET", "/api/v1/export-feeds", nil); st != 403 {
				t.Fatalf("%s lists feeds: %d", who, st)
			}
		}
		if st, bad, _ := gen.do("POST", "/api/v1/export-feeds", map[string]any{"kind": "directory_file", "name": "Dir", "url": rcv.srv.URL, "frequency": "hourly"}); st != 422 || fieldsOf(bad)["frequency"] == "" {
			t.Fatalf("bad frequency: %d %v", st, bad)
		}
		st, pf, _ := gen.do("POST", "/api/v1/export-feeds", map[string]any{"kind": "payroll_file", "name": "Payroll bridge", "url": rcv.srv.URL + "/payroll"})
		if st != 201 || pf["kind"] != "payroll_file" || pf["template"] != "generic" || pf["secret"] == nil {
			t.Fatalf("payroll feed: %d %v", st, pf)
		}
		payrollSecret := pf["secret"].(string)
		// The admin cannot see or touch it, nor can another HR user with
		// the same permission (a feed is its owner's); the owner opens its log.
		if st, _, _ := adm.do("GET", "/api/v1/webhooks/"+itoa(num(pf, "id")), nil); st != 404 {
			t.Fatalf("the admin opens a payroll feed: %d", st)
		}
		other := e.api("manager@example.com")
		for _, call := range [][3]string{{"GET", "", ""}, {"PUT", "", `{"name":"Mine now","url":"https://attacker.example/x"}`}, {"POST", "/secret-rotation", ""}, {"DELETE", "", ""}} {
			var body any
			if call[2] != "" {
				_ = json.Unmarshal([]byte(call[2]), &body)
			}
			if st, _, _ := other.do(call[0], "/api/v1/webhooks/"+itoa(num(pf, "id"))+call[1], body); st != 404 {
				t.Fatalf("another HR manager %s %s on the generalist's feed: %d", call[0], call[1], st)
			}
		}
		if _, l, _ := other.do("GET", "/api/v1/export-feeds", nil); len(l["items"].([]any)) != 0 {
			t.Fatalf("another's feeds listed: %v", l)
		}
		// A scoped token cannot set a feed up (it would run unscoped).
		_, tok, _ := gen.do("POST", "/api/v1/tokens", map[string]any{"name": "ro", "scopes": []string{"employees:read", "pay:read"}})
		if st, _, _ := (&apiClient{e: e, token: tok["token"].(string)}).do("POST", "/api/v1/export-feeds", map[string]any{"kind": "directory_file", "name": "x", "url": rcv.srv.URL, "frequency": "daily"}); st != 403 {
			t.Fatalf("a scoped token adds a feed: %d", st)
		}
		if st, _, _ := gen.do("GET", "/api/v1/webhooks/"+itoa(num(pf, "id"))+"/deliveries", nil); st != 200 {
			t.Fatalf("the owner reads the log: %d", st)
		}
		// The admin's webhook of the export event (metadata only).
		st, wh, _ := adm.do("POST", "/api/v1/webhooks", map[string]any{"name": "Finance notices", "url": rcv.srv.URL + "/events", "events": []string{"payroll.exported"}})
		if st != 201 {
			t.Fatalf("webhook: %d %v", st, wh)
		}

		// Export a pay period: both go out.
		st, x, _ := gen.do("POST", "/api/v1/payroll/exports", map[string]any{"period_end": "2026-11-15"})
		if st != 201 {
			t.Fatalf("export: %d %v", st, x)
		}
		if n, err := e.svc.Webhooks.Dispatch(ctx); err != nil || n != 2 {
			t.Fatalf("dispatch: %d %v", n, err)
		}
		rcv.wait(t, 2)
		byType := map[string]received{}
		for _, r := range rcv.got {
			byType[r.Header.Get("Cadre-Event-Type")] = r
		}
		file, meta := byType["payroll.file"], byType["payroll.exported"]
		if err := webhooks.Verify(file.Header.Get("Cadre-Signature"), file.Body, payrollSecret, now, 5*time.Minute); err != nil {
			t.Fatalf("file signature: %v", err)
		}
		if err := webhooks.Verify(meta.Header.Get("Cadre-Signature"), meta.Body, wh["secret"].(string), now, 5*time.Minute); err != nil {
			t.Fatalf("event signature: %v", err)
		}
		var fb struct {
			Type string
			Data struct {
				ExportID float64 `json:"export_id"`
				Template string
				File     struct {
					Name, Encoding, Content, Sha256 string
					ContentType                     string `json:"content_type"`
					Bytes                           int
				}
			}
		}
		if err := json.Unmarshal(file.Body, &fb); err != nil {
			t.Fatal(err)
		}
		raw, err := base64.StdEncoding.DecodeString(fb.Data.File.Content)
		sum := sha256.Sum256(raw)
		if err != nil || fb.Type != "payroll.file" || int64(fb.Data.ExportID) != num(x, "id") || fb.Data.File.Bytes != len(raw) || fb.Data.File.Sha256 != hex.EncodeToString(sum[:]) ||
			!strings.HasPrefix(fb.Data.File.Name, "payroll-2026-11-15") || fb.Data.File.ContentType != "text/csv" {
			t.Fatalf("file envelope: %+v %v", fb.Data, err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		if err != nil || rows[0][0] != "change_type" || len(rows)-1 != int(num(x, "changes")) {
			t.Fatalf("the payroll file: %d rows (export had %v) %v", len(rows), x["changes"], err)
		}
		var mb map[string]any
		_ = json.Unmarshal(meta.Body, &mb)
		ex := mb["data"].(map[string]any)["export"].(map[string]any)
		if ex["period_end"] != "2026-11-15" || strings.Contains(string(meta.Body), "content") || strings.Contains(string(meta.Body), "amount") {
			t.Fatalf("export event: %s", meta.Body)
		}
		// The log keeps the reference, not the file.
		_, log, _ := gen.do("GET", "/api/v1/webhooks/"+itoa(num(pf, "id"))+"/deliveries", nil)
		d := log["items"].([]any)[0].(map[string]any)
		_, full, _ := gen.do("GET", "/api/v1/webhook-deliveries/"+itoa(num(d, "id")), nil)
		if full["status"] != "delivered" || strings.Contains(toJSON(full["payload"]), "content") || full["payload"].(map[string]any)["data"].(map[string]any)["export_id"] == nil {
			t.Fatalf("the file's delivery: %v", full)
		}
		// A feed's name and address change like a webhook's; it keeps its kind and template.
		if st, up, _ := gen.do("PUT", "/api/v1/webhooks/"+itoa(num(pf, "id")), map[string]any{"name": "Payroll bridge (new)", "url": rcv.srv.URL + "/payroll"}); st != 200 || up["kind"] != "payroll_file" || up["template"] != "generic" || up["name"] != "Payroll bridge (new)" {
			t.Fatalf("update a feed: %d %v", st, up)
		}
		// Each send is the owner's audited download.
		_, au, _ := adm.do("GET", "/api/v1/audit?action=payroll.export_download", nil)
		if len(au["items"].([]any)) != 1 {
			t.Fatalf("download audits: %v", au["items"])
		}

		// A directory feed, daily: once a day.
		st, df, _ := gen.do("POST", "/api/v1/export-feeds", map[string]any{"kind": "directory_file", "name": "IT directory", "url": rcv.srv.URL + "/dir", "frequency": "daily"})
		if st != 201 {
			t.Fatalf("directory feed: %d %v", st, df)
		}
		notToday := (int(now.Weekday()) + 1) % 7
		if st, _, _ := gen.do("POST", "/api/v1/export-feeds", map[string]any{"kind": "directory_file", "name": "Weekly", "url": rcv.srv.URL + "/weekly", "frequency": "weekly", "weekday": notToday}); st != 201 {
			t.Fatalf("weekly feed: %d", st)
		}
		if n, err := e.svc.Webhooks.QueueDirectoryFeeds(ctx); err != nil || n != 1 {
			t.Fatalf("queue directory feeds: %d %v", n, err)
		}
		if n, _ := e.svc.Webhooks.QueueDirectoryFeeds(ctx); n != 0 {
			t.Fatalf("queued twice in a day: %d", n)
		}
		dir := rcv.wait(t, 3)
		var db2 struct {
			Data struct{ File struct{ Content string } }
		}
		_ = json.Unmarshal(dir.Body, &db2)
		content, _ := base64.StdEncoding.DecodeString(db2.Data.File.Content)
		drows, err := csv.NewReader(strings.NewReader(string(content))).ReadAll()
		var active int
		_ = db.SQLDB().QueryRow(`SELECT COUNT(*) FROM employees WHERE status <> 'terminated'`).Scan(&active)
		if err != nil || dir.Header.Get("Cadre-Event-Type") != "directory.file" || len(drows)-1 != active {
			t.Fatalf("directory: %d rows for %d active: %v", len(drows), active, err)
		}
		if strings.Join(drows[0], ",") != strings.Join(people.DirectoryColumns, ",") {
			t.Fatalf("directory columns: %v", drows[0])
		}
		for _, leak := range []string{"pay", "personal", "phone", "address", "ssn"} {
			if strings.Contains(strings.ToLower(strings.Join(drows[0], ",")), leak) {
				t.Fatalf("the directory carries %s: %v", leak, drows[0])
			}
		}
		if err := webhooks.Verify(dir.Header.Get("Cadre-Signature"), dir.Body, df["secret"].(string), now, 5*time.Minute); err != nil {
			t.Fatal(err)
		}

		// A feed whose owner may no longer export fails at once, logged.
		st, sf, _ := e.api("support.generalist@example.com").do("POST", "/api/v1/export-feeds", map[string]any{"kind": "directory_file", "name": "Support list", "url": rcv.srv.URL + "/support", "frequency": "daily"})
		if st != 201 {
			t.Fatalf("scoped directory feed: %d %v", st, sf)
		}
		owner := e.actorOf("support.generalist@example.com")
		if err := e.svc.Access.SetActive(ctx, e.actorOf("admin@example.com"), owner.UserID, false); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.svc.Webhooks.QueueDirectoryFeeds(ctx); n != 1 {
			t.Fatalf("the support feed was not queued: %d", n)
		}
		var failed map[string]any
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			ds, _ := e.svc.Webhooks.Deliveries(ctx, e.actorOf("support.generalist@example.com"), webhooks.DeliveryFilter{SubscriptionID: num(sf, "id")})
			if len(ds) == 1 && ds[0].Status == webhooks.StatusFailed {
				failed = map[string]any{"error": ds[0].Error}
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if failed == nil || !strings.Contains(failed["error"].(string), "could not make the file") {
			t.Fatalf("the deactivated owner's feed: %v", failed)
		}
		if rcv.count() != 3 {
			t.Fatalf("something was sent for the deactivated owner: %d requests", rcv.count())
		}
	})
}

// TestExportFeedPages: the generalist adds feeds in Settings → Export
// feeds, with field errors; the feed's page is the webhook page; others
// get 403.
func TestExportFeedPages(t *testing.T) {
	e := sqliteEnv(t)
	for _, who := range []string{"admin@example.com", "employee@example.com", "lead@example.com"} {
		if res := e.login(who).get("/settings/feeds"); res.StatusCode != 403 {
			t.Fatalf("%s: %d", who, res.StatusCode)
		}
	}
	b := e.login("generalist@example.com")
	doc := b.page("/settings/feeds", 200)
	if doc.Find("#f-kind option").Length() != 3 || doc.Find("#f-template option").Length() < 2 || doc.Find("a.tab[href='/settings/feeds']").Length() != 1 {
		t.Fatalf("the form: %d kinds", doc.Find("#f-kind option").Length())
	}
	doc, _ = b.submit("/settings/feeds", url.Values{"kind": {"directory_file"}, "name": {""}, "url": {"http://files.example.com"}, "frequency": {"hourly"}}, 422)
	for _, id := range []string{"#f-name-error", "#f-url-error", "#f-frequency-error"} {
		if doc.Find(id).Length() == 0 {
			t.Fatalf("no %s: %q", id, doc.Find(".error-summary").Text())
		}
	}
	doc, _ = b.submit("/settings/feeds", url.Values{"kind": {"payroll_file"}, "name": {"Payroll bridge"}, "url": {"https://payroll.example.com/in"}, "template": {"generic"}}, 201)
	if !strings.HasPrefix(strings.TrimSpace(doc.Find("#new-secret").Text()), "whsec_") || !strings.Contains(doc.Find(".page-sub").Text(), "payroll file") {
		t.Fatalf("created: %q", doc.Find(".page-sub").Text())
	}
	if doc.Find("#f-events").Length() != 0 {
		t.Fatal("a feed's page offers event types")
	}
	doc = b.page("/settings/feeds", 200)
	if row := doc.Find("#feeds tbody tr"); row.Length() != 1 || !strings.Contains(row.Text(), "Payroll file (generic)") {
		t.Fatalf("feeds: %q", doc.Find("#feeds").Text())
	}
	// The admin's webhooks page does not list it.
	if strings.Contains(e.login("admin@example.com").page("/admin/webhooks", 200).Text(), "Payroll bridge") {
		t.Fatal("the admin sees the payroll feed")
	}
}
