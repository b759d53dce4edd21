package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/loadtest"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestTwoProcessesBehindABalancer runs two `cadre serve` processes on one
// PostgreSQL behind a round-robin balancer, as a deployment would, and
// checks they behave as one: a session made on one works on the other; a
// document uploaded through one downloads through the other; a time-off
// request made on one is decided by the line manager on the other and
// shows approved on the first; and every background job runs once: each
// hire's webhook event reaches the endpoint exactly once although both
// instances run the jobs engine.
func TestTwoProcessesBehindABalancer(t *testing.T) {
	if raceOn {
		t.Skip("runs separate binaries; the plain run covers it")
	}
	u, ok := storetest.URL(t, "postgres")
	if !ok {
		t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	bin := buildCadre(t)
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--data", dir, "--database-url", u, "--employees", "60"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("demo: %s", errb.String())
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := access.NewService(db.Access(), kit.SystemClock{})
	token := func(email string) string {
		tok, err := svc.CreateTokenForEmail(ctx, email, access.TokenRequest{Name: "two instances"})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	admin, gen, emp, lead := token("admin@example.com"), token("generalist@example.com"), token("employee@example.com"), token("lead@example.com")
	args := []string{"--data", dir, "--database-url", u}
	env := []string{"CADRE_WEBHOOKS_ALLOW_PRIVATE=1"}
	a, err := loadtest.Spawn(ctx, bin, args, env)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	b, err := loadtest.Spawn(ctx, bin, args, env)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	lb, stop, err := loadtest.RoundRobin(a.URL, b.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	call := func(base, method, path, tok string, in any) (int, map[string]any) {
		t.Helper()
		var body io.Reader
		if in != nil {
			raw, _ := json.Marshal(in)
			body = bytes.NewReader(raw)
		}
		req, _ := http.NewRequest(method, base+"/api/v1"+path, body)
		req.Header.Set("Authorization", "Bearer "+tok)
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		m := map[string]any{}
		_ = json.NewDecoder(res.Body).Decode(&m)
		return res.StatusCode, m
	}

	// A session made on A works on B.
	jar := loadtestJar(t)
	res, err := jar.PostForm(a.URL+"/login", url.Values{"email": {"generalist@example.com"}, "password": {"cadre-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "cadre_session" {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatalf("no session from A: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", b.URL+"/people", nil)
	req.AddCookie(cookie)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("A's session on B: %v %v", err, res)
	} else {
		res.Body.Close()
	}

	// An upload through A downloads through B.
	taylor, _, _ := db.Lookup(ctx, `SELECT id FROM employees WHERE work_email = 'employee@example.com'`)
	st, raw := uploadFileTo(t, a.URL, gen, "/api/v1/employees/"+taylor+"/documents", "contract.pdf", []byte("%PDF-1.4 across instances"), map[string]string{"category": "contract"})
	if st != http.StatusCreated {
		t.Fatalf("upload on A: %d %s", st, raw)
	}
	var doc struct {
		ID int64 `json:"id"`
	}
	_ = json.Unmarshal(raw, &doc)
	req, _ = http.NewRequest("GET", fmt.Sprintf("%s/api/v1/employees/%s/documents/%d/content", b.URL, taylor, doc.ID), nil)
	req.Header.Set("Authorization", "Bearer "+gen)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(got) != "%PDF-1.4 across instances" {
		t.Fatalf("download on B: %d %q", res.StatusCode, got)
	}

	// A time-off request made on A, decided on B, approved on A.
	var leaveType int64
	{
		req, _ := http.NewRequest("GET", a.URL+"/api/v1/leave-types", nil)
		req.Header.Set("Authorization", "Bearer "+emp)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var list []struct {
			ID  int64  `json:"id"`
			Key string `json:"key"`
		}
		_ = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		for _, lt := range list {
			if lt.Key == "vacation" || leaveType == 0 {
				leaveType = lt.ID
			}
		}
	}
	day := time.Now().UTC().AddDate(0, 0, 45)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	var tor map[string]any
	for i := 0; i < 10; i++ { // the first weekday that is not a holiday
		st, tor = call(a.URL, "POST", "/time-off/requests", emp, map[string]any{"leave_type_id": leaveType, "starts_on": day.Format("2006-01-02")})
		if st == http.StatusCreated {
			break
		}
		day = day.AddDate(0, 0, 1)
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
	}
	if st != http.StatusCreated {
		t.Fatalf("time-off request on A: %d %v", st, tor)
	}
	approval := strconv.FormatInt(int64(tor["approval_id"].(float64)), 10)
	request := strconv.FormatInt(int64(tor["id"].(float64)), 10)
	if st, out := call(b.URL, "POST", "/approvals/"+approval+"/decision", lead, map[string]any{"decision": "approve"}); st != http.StatusOK {
		t.Fatalf("decision on B: %d %v", st, out)
	}
	status := ""
	if st, out := call(a.URL, "GET", "/time-off/requests?mine=true", emp, nil); st == http.StatusOK {
		items, _ := out["items"].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok && strconv.FormatInt(int64(m["id"].(float64)), 10) == request {
				status, _ = m["status"].(string)
			}
		}
	}
	if status != "approved" {
		t.Fatalf("the request on A after B's decision: %q", status)
	}

	// Jobs run once: hires through the balancer, each event delivered once.
	rcv := newReceiver(t)
	if st, out := call(lb, "POST", "/webhooks", admin, map[string]any{"name": "Two instances", "url": rcv.srv.URL + "/hook", "events": []string{"employee.hired"}}); st != http.StatusCreated {
		t.Fatalf("webhook: %d %v", st, out)
	}
	var org, loc, job string
	org, _, _ = db.Lookup(ctx, `SELECT org_unit_id FROM employees WHERE work_email = 'employee@example.com'`)
	loc, _, _ = db.Lookup(ctx, `SELECT location_id FROM employees WHERE work_email = 'employee@example.com'`)
	job, _, _ = db.Lookup(ctx, `SELECT job_id FROM employees WHERE work_email = 'employee@example.com'`)
	atoi := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	const hires = 6
	for i := 0; i < hires; i++ {
		st, out := call(lb, "POST", "/employees", gen, map[string]any{"given_name": "Twin", "family_name": fmt.Sprintf("Instance%d", i),
			"work_email": fmt.Sprintf("twin.instance%d@northwind.example", i), "hire_date": time.Now().UTC().AddDate(0, 0, 7).Format("2006-01-02"),
			"org_unit_id": atoi(org), "location_id": atoi(loc), "job_id": atoi(job), "pay": map[string]any{"amount_cents": 2100, "per": "hour"}})
		if st != http.StatusCreated {
			t.Fatalf("hire %d through the balancer: %d %v", i, st, out)
		}
	}
	deadline := time.Now().Add(90 * time.Second)
	for rcv.count() < hires && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(12 * time.Second) // another dispatch round on each instance
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	seen := map[string]int{}
	for _, r := range rcv.got {
		var ev struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		_ = json.Unmarshal(r.Body, &ev)
		if ev.Type == "employee.hired" && strings.Contains(string(r.Body), "Instance") {
			seen[ev.ID]++
		}
	}
	if len(seen) != hires {
		t.Fatalf("%d of %d hire events delivered (%d requests)", len(seen), hires, len(rcv.got))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
}

// loadtestJar is a client that keeps cookies and does not follow
// redirects.
func loadtestJar(t *testing.T) *http.Client {
	t.Helper()
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
