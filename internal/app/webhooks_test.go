package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// receiver is a webhook endpoint that records what it is sent and
// answers with a status the test sets.
type receiver struct {
	srv    *httptest.Server
	status atomic.Int32
	mu     sync.Mutex
	got    []received
}

type received struct {
	Header http.Header
	Body   []byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.status.Store(200)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{Header: req.Header.Clone(), Body: b})
		r.mu.Unlock()
		w.WriteHeader(int(r.status.Load()))
		_, _ = w.Write([]byte(`{"ok":` + map[bool]string{true: "true", false: "false"}[r.status.Load() < 300] + `}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// wait returns the n-th request (1-based), waiting for it.
func (r *receiver) wait(t *testing.T, n int) received {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		if len(r.got) >= n {
			got := r.got[n-1]
			r.mu.Unlock()
			return got
		}
		r.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the endpoint got %d requests, waited for %d", len(r.got), n)
	return received{}
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// jobsEnv starts the background jobs (River) on an env, email logged.
func jobsEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := newEnv(t, db)
	ctx := context.Background()
	if err := db.MigrateJobs(ctx); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := startJobs(ctx, db, e.svc, notify.LogMailer{Logger: log}, log, e.srv.URL, func() time.Time { return testToday.Time().Add(13 * time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = m.Jobs.Stop(sctx)
	})
	return e
}

// TestWebhooksEndToEnd: an admin subscribes an endpoint; a hire, a case
// and a ping reach it through the jobs engine, signed so that the
// documented verification accepts them; a failing endpoint is retried and
// logged; deliveries replay; a rotated secret signs alongside the old one
// for a day; a paused webhook gets nothing; only the admin manages them.
func TestWebhooksEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := jobsEnv(t, db)
		ctx := context.Background()
		rcv := newReceiver(t)
		adm := e.api("admin@example.com")
		now := testToday.Time().Add(10 * time.Hour) // the services' clock

		// Only the admin manages webhooks.
		for _, who := range []string{"generalist@example.com", "manager@example.com", "director@example.com", "employee@example.com"} {
			if st, _, _ := e.api(who).do("GET", "/api/v1/webhooks", nil); st != 403 {
				t.Fatalf("%s lists webhooks: %d", who, st)
			}
		}
		// Bad input, field by field.
		st, bad, _ := adm.do("POST", "/api/v1/webhooks", map[string]any{"name": "", "url": "http://hooks.example.com/x", "events": []string{"employee.hired", "employee.promoted"}})
		f := fieldsOf(bad)
		if st != 422 || f["name"] == "" || !strings.Contains(f["url"], "https://") || !strings.Contains(f["events"], "employee.promoted") {
			t.Fatalf("bad webhook: %d %v", st, bad)
		}
		if st, bad, _ := adm.do("POST", "/api/v1/webhooks", map[string]any{"name": "x", "url": "https://user:pw@hooks.example.com", "events": []string{}}); st != 422 || fieldsOf(bad)["events"] == "" || fieldsOf(bad)["url"] == "" {
			t.Fatalf("credentials in the URL, no events: %d %v", st, bad)
		}
		st, evs, _ := adm.do("GET", "/api/v1/webhooks/events", nil)
		if st != 200 || len(evs["items"].([]any)) != len(webhooks.Events) {
			t.Fatalf("events: %d %v", st, evs)
		}

		// Events from before the webhook existed are not sent.
		gen := e.api("generalist@example.com")
		lead := e.actorOf("lead@example.com").EmployeeID
		st, one, _ := gen.do("GET", "/api/v1/employees/"+itoa(lead), nil)
		if st != 200 {
			t.Fatalf("lead: %d", st)
		}
		hire := func(email string) int64 {
			st, h, _ := gen.do("POST", "/api/v1/employees", map[string]any{"given_name": "Hook", "family_name": strings.Split(email, "@")[0], "hire_date": "2026-11-16",
				"work_email": email, "job_id": num(one, "job_id"), "location_id": num(one, "location_id"), "org_unit_id": num(one, "org_unit_id"),
				"pay": map[string]any{"amount_cents": 6100000, "per": "year"}, "ssn": "123-45-6789"})
			if st != 201 {
				t.Fatalf("hire %s: %d %v", email, st, h)
			}
			return num(h, "id")
		}
		hire("before.hooks@northwind.example")

		st, w, _ := adm.do("POST", "/api/v1/webhooks", map[string]any{"name": "IT provisioning", "url": rcv.srv.URL + "/cadre", "events": []string{"employee.hired", "case.opened", "employee.hired"}})
		if st != 201 || w["secret"] == nil || !strings.HasPrefix(w["secret"].(string), "whsec_") || len(w["events"].([]any)) != 2 {
			t.Fatalf("create: %d %v", st, w)
		}
		id, secret := num(w, "id"), w["secret"].(string)
		if st, got, _ := adm.do("GET", "/api/v1/webhooks/"+itoa(id), nil); st != 200 || got["secret"] != nil {
			t.Fatalf("the secret is shown again: %d %v", st, got)
		}
		if n, err := e.svc.Webhooks.Dispatch(ctx); err != nil || n != 0 {
			t.Fatalf("the earlier hire was dispatched: %d %v", n, err)
		}

		// A hire reaches the endpoint, signed.
		empID := hire("ada.hooks@northwind.example")
		// Two dispatchers at once (two instances) queue it once.
		var wg sync.WaitGroup
		var queued atomic.Int64
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := e.svc.Webhooks.Dispatch(ctx)
				if err != nil {
					t.Error(err)
				}
				queued.Add(int64(n))
			}()
		}
		wg.Wait()
		if queued.Load() != 1 {
			t.Fatalf("the hire was queued %d times", queued.Load())
		}
		got := rcv.wait(t, 1)
		if err := webhooks.Verify(got.Header.Get("Cadre-Signature"), got.Body, secret, now, 5*time.Minute); err != nil {
			t.Fatalf("signature: %v (%s)", err, got.Header.Get("Cadre-Signature"))
		}
		if err := webhooks.Verify(got.Header.Get("Cadre-Signature"), append(got.Body, ' '), secret, now, 5*time.Minute); err == nil {
			t.Fatal("a changed body verified")
		}
		if err := webhooks.Verify(got.Header.Get("Cadre-Signature"), got.Body, "whsec_wrong", now, 5*time.Minute); err == nil {
			t.Fatal("a wrong secret verified")
		}
		if err := webhooks.Verify(got.Header.Get("Cadre-Signature"), got.Body, secret, now.Add(10*time.Minute), 5*time.Minute); err == nil {
			t.Fatal("a stale timestamp verified")
		}
		var ev struct {
			ID, Type   string
			OccurredAt string `json:"occurred_at"`
			Data       struct {
				Employee map[string]any
			}
		}
		if err := json.Unmarshal(got.Body, &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Type != "employee.hired" || got.Header.Get("Cadre-Event-Type") != "employee.hired" || ev.ID != got.Header.Get("Cadre-Event-Id") ||
			ev.Data.Employee["work_email"] != "ada.hooks@northwind.example" || int64(ev.Data.Employee["id"].(float64)) != empID || ev.Data.Employee["hire_date"] != "2026-11-16" {
			t.Fatalf("payload: %s", got.Body)
		}
		for _, secretField := range []string{"pay", "amount_cents", "ssn", "123-45-6789", "6100000", "birth"} {
			if strings.Contains(string(got.Body), secretField) {
				t.Fatalf("the payload carries %q: %s", secretField, got.Body)
			}
		}
		waitDelivery := func(status string) map[string]any {
			t.Helper()
			deadline := time.Now().Add(10 * time.Second)
			for {
				_, log, _ := adm.do("GET", "/api/v1/webhooks/"+itoa(id)+"/deliveries", nil)
				items := log["items"].([]any)
				if len(items) > 0 && items[0].(map[string]any)["status"] == status {
					return items[0].(map[string]any)
				}
				if time.Now().After(deadline) {
					t.Fatalf("the newest delivery is not %s: %v", status, items)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		d := waitDelivery("delivered")
		if num(d, "attempts") != 1 || num(d, "response_code") != 200 || d["event_type"] != "employee.hired" {
			t.Fatalf("log: %v", d)
		}
		hireDelivery := num(d, "id")

		// A case opened: metadata only.
		st, c, _ := gen.do("POST", "/api/v1/cases", map[string]any{"category": "harassment", "title": "Comments in the team chat",
			"description": "Repeated comments about a colleague's appearance.", "occurred_on": "2026-10-28", "subject_ids": []int64{lead}})
		if st != 201 {
			t.Fatalf("case: %d %v", st, c)
		}
		if n, err := e.svc.Webhooks.Dispatch(ctx); err != nil || n != 1 {
			t.Fatalf("case dispatch: %d %v", n, err)
		}
		got = rcv.wait(t, 2)
		var caseEv map[string]any
		_ = json.Unmarshal(got.Body, &caseEv)
		cd := caseEv["data"].(map[string]any)["case"].(map[string]any)
		if caseEv["type"] != "case.opened" || int64(cd["id"].(float64)) != num(c, "id") || len(cd) != 4 {
			t.Fatalf("case payload: %s", got.Body)
		}
		for _, leak := range []string{"harassment", "Comments", "appearance", "Jordan", "subject"} {
			if strings.Contains(string(got.Body), leak) {
				t.Fatalf("the case payload carries %q: %s", leak, got.Body)
			}
		}
		// Nothing more to dispatch.
		if n, _ := e.svc.Webhooks.Dispatch(ctx); n != 0 {
			t.Fatalf("dispatched again: %d", n)
		}

		// A failing endpoint: logged and retried.
		rcv.status.Store(500)
		st, q, _ := adm.do("POST", "/api/v1/webhooks/"+itoa(id)+"/pings", nil)
		if st != 202 {
			t.Fatalf("ping: %d %v", st, q)
		}
		pingID := num(q, "delivery_id")
		rcv.wait(t, 3)
		d = waitDelivery("retrying")
		if num(d, "attempts") != 1 || num(d, "response_code") != 500 || d["error"] != "HTTP 500" || d["next_attempt_at"] == nil {
			t.Fatalf("failed attempt: %v", d)
		}
		rcv.status.Store(204)
		if err := e.svc.Webhooks.Deliver(ctx, pingID); err != nil { // the retry, without waiting for the backoff
			t.Fatal(err)
		}
		st, full, _ := adm.do("GET", "/api/v1/webhook-deliveries/"+itoa(pingID), nil)
		attempts := full["attempt_log"].([]any)
		if st != 200 || full["status"] != "delivered" || len(attempts) != 2 || num(attempts[0].(map[string]any), "status_code") != 500 || num(attempts[1].(map[string]any), "status_code") != 204 {
			t.Fatalf("after the retry: %d %v", st, full)
		}
		if full["payload"].(map[string]any)["type"] != "ping" {
			t.Fatalf("ping payload: %v", full["payload"])
		}
		// Delivered is final: running the job again sends nothing.
		before := rcv.count()
		if err := e.svc.Webhooks.Deliver(ctx, pingID); err != nil || rcv.count() != before {
			t.Fatalf("a delivered delivery was sent again: %v %d", err, rcv.count()-before)
		}

		// Replay: a new delivery of the same event.
		st, q, _ = adm.do("POST", "/api/v1/webhook-deliveries/"+itoa(hireDelivery)+"/replays", nil)
		if st != 202 || num(q, "delivery_id") == hireDelivery {
			t.Fatalf("replay: %d %v", st, q)
		}
		again := rcv.wait(t, 5)
		if again.Header.Get("Cadre-Event-Id") != ev.ID || string(again.Body) != string(rcv.wait(t, 1).Body) {
			t.Fatalf("the replay is not the same event: %s", again.Body)
		}

		// Rotation: both secrets sign for a day.
		st, rot, _ := adm.do("POST", "/api/v1/webhooks/"+itoa(id)+"/secret-rotation", nil)
		if st != 200 || rot["secret"] == secret {
			t.Fatalf("rotate: %d %v", st, rot)
		}
		adm.do("POST", "/api/v1/webhooks/"+itoa(id)+"/pings", nil)
		pinged := rcv.wait(t, 6)
		sig := pinged.Header.Get("Cadre-Signature")
		if strings.Count(sig, "v1=") != 2 || webhooks.Verify(sig, pinged.Body, rot["secret"].(string), now, 5*time.Minute) != nil || webhooks.Verify(sig, pinged.Body, secret, now, 5*time.Minute) != nil {
			t.Fatalf("signatures after rotation: %s", sig)
		}

		// Paused: no test events, and what happens meanwhile is not sent.
		st, p, _ := adm.do("PUT", "/api/v1/webhooks/"+itoa(id), map[string]any{"name": "IT provisioning", "url": rcv.srv.URL + "/cadre", "events": []string{"employee.hired"}, "active": false})
		if st != 200 || p["active"] != false {
			t.Fatalf("pause: %d %v", st, p)
		}
		if st, _, _ := adm.do("POST", "/api/v1/webhooks/"+itoa(id)+"/pings", nil); st != 409 {
			t.Fatalf("ping while paused: %d", st)
		}
		hire("paused.hooks@northwind.example")
		if n, _ := e.svc.Webhooks.Dispatch(ctx); n != 0 {
			t.Fatalf("dispatched to a paused webhook: %d", n)
		}
		if st, _, _ := adm.do("PUT", "/api/v1/webhooks/"+itoa(id), map[string]any{"name": "IT provisioning", "url": rcv.srv.URL + "/cadre", "events": []string{"employee.hired"}, "active": true}); st != 200 {
			t.Fatalf("resume: %d", st)
		}
		if n, _ := e.svc.Webhooks.Dispatch(ctx); n != 0 {
			t.Fatalf("sent what happened while paused: %d", n)
		}

		// The audit trail records each change; a scoped admin token lacking
		// admin cannot touch webhooks.
		_, au, _ := adm.do("GET", "/api/v1/audit?action=webhook.", nil)
		actions := map[string]bool{}
		for _, it := range au["items"].([]any) {
			actions[it.(map[string]any)["action"].(string)] = true
		}
		for _, want := range []string{"webhook.create", "webhook.ping", "webhook.replay", "webhook.rotate_secret", "webhook.update"} {
			if !actions[want] {
				t.Fatalf("no %s in the audit: %v", want, actions)
			}
		}
		st, tok, _ := adm.do("POST", "/api/v1/tokens", map[string]any{"name": "ro", "scopes": []string{"audit:read"}})
		if st != 201 {
			t.Fatalf("token: %d", st)
		}
		if st, _, _ := (&apiClient{e: e, token: tok["token"].(string)}).do("GET", "/api/v1/webhooks", nil); st != 403 {
			t.Fatalf("an audit:read token lists webhooks: %d", st)
		}

		// Delete: gone with its log.
		if st, _, _ := adm.do("DELETE", "/api/v1/webhooks/"+itoa(id), nil); st != 204 {
			t.Fatalf("delete: %d", st)
		}
		if st, _, _ := adm.do("GET", "/api/v1/webhook-deliveries/"+itoa(hireDelivery), nil); st != 404 {
			t.Fatalf("a deleted webhook's delivery: %d", st)
		}
	})
}

// TestWebhookPayloads: every event type's payload reads from the demo
// company on both databases, and none carries pay, SSN, a leave reason or
// a case's substance.
func TestWebhookPayloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		pick := func(q string) (string, int64) {
			var typ string
			var id int64
			if err := db.SQLDB().QueryRow(q).Scan(&typ, &id); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return typ, id
		}
		cases := map[string]string{
			"employee.hired":       `SELECT 'employee', MIN(id) FROM employees`,
			"employee.changed":     `SELECT 'employee', MAX(id) FROM employees`,
			"employee.terminated":  `SELECT 'employee', MIN(id) FROM employees WHERE status = 'terminated'`,
			"requisition.approved": `SELECT 'requisition', MIN(id) FROM requisitions`,
			"offer.accepted":       `SELECT 'offer', MIN(id) FROM offers`,
			"case.opened":          `SELECT 'er_case', MIN(id) FROM er_cases`,
			"time_off.approved":    `SELECT 'time_off_request', MIN(id) FROM time_off_requests`,
			"leave.approved":       `SELECT 'leave_case', MIN(id) FROM leave_cases WHERE designation = 'approved'`,
			"payroll.exported":     `SELECT 'payroll_export', MIN(id) FROM payroll_exports`,
		}
		if len(cases) != len(webhooks.Events) {
			t.Fatalf("%d cases for %d event types", len(cases), len(webhooks.Events))
		}
		// The small company may have no leave designated yet: designate one.
		if _, err := db.SQLDB().Exec(`UPDATE leave_cases SET designation = 'approved' WHERE id = (SELECT MIN(id) FROM leave_cases)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQLDB().Exec(`UPDATE leave_cases SET designation = 'denied' WHERE id = (SELECT MAX(id) FROM leave_cases)`); err != nil {
			t.Fatal(err)
		}
		st := db.Webhooks()
		for _, ev := range webhooks.Events {
			typ, id := pick(cases[ev.Key])
			data, err := st.WebhookData(ctx, ev.Key, typ, id)
			if err != nil {
				t.Fatalf("%s on %s %d: %v", ev.Key, typ, id, err)
			}
			b, _ := json.Marshal(data)
			for _, leak := range []string{"pay", "amount", "salary", "ssn", "birth", "bank", "reason", "category", "severity", "description", "title\":\"Comments", "medical", "note"} {
				if strings.Contains(strings.ToLower(string(b)), leak) {
					t.Errorf("%s carries %q: %s", ev.Key, leak, b)
				}
			}
		}
		// A leave case not designated raises nothing.
		typ, id := pick(`SELECT 'leave_case', MIN(id) FROM leave_cases WHERE designation <> 'approved'`)
		if _, err := st.WebhookData(ctx, "leave.approved", typ, id); err == nil {
			t.Fatal("a leave not designated has a leave.approved payload")
		}
		_ = e
	})
}

// TestWebhookPages: the admin adds, tests, edits, rotates and deletes a
// webhook in the UI, with field errors; others get 403.
func TestWebhookPages(t *testing.T) {
	e := sqliteEnv(t)
	for _, who := range []string{"generalist@example.com", "director@example.com", "employee@example.com"} {
		b := e.login(who)
		if res := b.get("/admin/webhooks"); res.StatusCode != 403 {
			t.Fatalf("%s: %d", who, res.StatusCode)
		}
		if doc := b.page("/", 200); doc.Find("a[href='/admin/webhooks']").Length() != 0 {
			t.Fatalf("%s sees the Webhooks link", who)
		}
	}
	b := e.login("admin@example.com")
	doc := b.page("/admin/webhooks", 200)
	if doc.Find("a[href='/admin/webhooks']").Length() == 0 || doc.Find("input[name=events]").Length() != len(webhooks.Events) {
		t.Fatal("the page or its nav link is missing")
	}
	doc, _ = b.submit("/admin/webhooks", url.Values{"name": {""}, "url": {"http://hooks.example.com"}}, 422)
	for _, id := range []string{"#f-name-error", "#f-url-error", "#e-events"} {
		if doc.Find(id).Length() == 0 {
			t.Fatalf("no %s: %q", id, doc.Find(".error-summary").Text())
		}
	}
	doc, _ = b.submit("/admin/webhooks", url.Values{"name": {"Directory sync"}, "url": {"https://hooks.example.com/cadre"}, "events": {"employee.hired", "employee.terminated"}}, 201)
	secret := strings.TrimSpace(doc.Find("#new-secret").Text())
	if !strings.HasPrefix(secret, "whsec_") || doc.Find("h1").Text() != "Directory sync" {
		t.Fatalf("created: %q %q", secret, doc.Find("h1").Text())
	}
	subs, _ := e.svc.Webhooks.List(context.Background(), e.actorOf("admin@example.com"))
	id := itoa(subs[0].ID)
	// A test event: queued (no jobs run here), listed, its payload shown.
	res := b.post("/admin/webhooks/"+id+"/ping", url.Values{})
	if res.StatusCode != 303 {
		t.Fatalf("ping: %d", res.StatusCode)
	}
	doc = b.page("/admin/webhooks/"+id, 200)
	row := doc.Find("#deliveries tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "ping") || !strings.Contains(row.Text(), "Pending") {
		t.Fatalf("the log: %q", row.Text())
	}
	href, _ := row.Find("a").Attr("href")
	dp := b.page(href, 200)
	if !strings.Contains(dp.Find("#payload").Text(), `"type": "ping"`) {
		t.Fatalf("payload: %q", dp.Find("#payload").Text())
	}
	if res := b.post(href+"/replay", url.Values{}); res.StatusCode != 303 {
		t.Fatalf("replay: %d", res.StatusCode)
	}
	if n := b.page("/admin/webhooks/"+id+"?status=pending", 200).Find("#deliveries tbody tr").Length(); n != 2 {
		t.Fatalf("pending after the replay: %d", n)
	}
	if n := b.page("/admin/webhooks/"+id+"?status=delivered", 200).Find("#deliveries tbody tr").Length(); n != 0 {
		t.Fatalf("delivered: %d", n)
	}
	// Edit with an error, then pause.
	doc, _ = b.submit("/admin/webhooks/"+id, url.Values{"name": {"Directory sync"}, "url": {"https://hooks.example.com/cadre"}}, 422)
	if doc.Find("#e-events").Length() == 0 {
		t.Fatal("no events error on the edit")
	}
	b.submit("/admin/webhooks/"+id, url.Values{"name": {"Directory sync"}, "url": {"https://hooks.example.com/v2"}, "events": {"employee.changed"}}, 303)
	doc = b.page("/admin/webhooks/"+id, 200)
	if !strings.Contains(doc.Find(".page-sub").Text(), "Paused") || !strings.Contains(doc.Find(".page-sub").Text(), "/v2") {
		t.Fatalf("after the edit: %q", doc.Find(".page-sub").Text())
	}
	doc, _ = b.submit("/admin/webhooks/"+id+"/rotate", url.Values{}, 200)
	if s := strings.TrimSpace(doc.Find("#new-secret").Text()); !strings.HasPrefix(s, "whsec_") || s == secret {
		t.Fatalf("rotated: %q", s)
	}
	if res := b.post("/admin/webhooks/"+id+"/delete", url.Values{}); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res := b.get("/admin/webhooks/" + id); res.StatusCode != 404 {
		t.Fatalf("deleted: %d", res.StatusCode)
	}
}
