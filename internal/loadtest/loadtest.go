// Package loadtest drives a running Cadre with a realistic mix of
// authenticated requests from every role and checks that no write was
// lost. cmd/cadre-load runs it against a company it seeds; the tests in
// internal/app run it small on every change.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
)

// Password is the password of the accounts Provision makes.
const Password = "cadre-load-password"

// Persona is a demo account that signs in to the pages.
type Persona struct {
	Email, Password, Role string
}

// Personas are the demo company's accounts by role (password cadre-demo).
var Personas = []Persona{
	{"director@example.com", "cadre-demo", "hr_director"},
	{"manager@example.com", "cadre-demo", "hr_manager"},
	{"generalist@example.com", "cadre-demo", "hr_generalist"},
	{"ops.generalist@example.com", "cadre-demo", "hr_generalist"},
	{"lead@example.com", "cadre-demo", "line_manager"},
	{"employee@example.com", "cadre-demo", "employee"},
	{"admin@example.com", "cadre-demo", "admin"},
}

// Employee is an employee with an account and an API token made by
// Provision: they sign in and enroll.
type Employee struct {
	ID    int64
	Email string
	Token string
}

// Setup is what a run needs from the database.
type Setup struct {
	Employees  []Employee
	WindowID   int64 // the open-enrollment window
	EmployeeID []int64
	Names      []string // family names for directory searches
}

// Provision gives n active employees (with work emails and no account
// yet) an employee account with Password and an API token, and finds the
// open-enrollment window. It writes through the access service, as `cadre
// user create` does (with cheap password hashing: the load is not about
// argon2).
func Provision(ctx context.Context, db *store.DB, n int) (Setup, error) {
	var s Setup
	w, ok, err := db.Lookup(ctx, `SELECT min(id) FROM benefit_windows WHERE kind = 'open_enrollment' AND opens <= ? AND closes >= ? AND employee_id IS NULL`, today(), today())
	if err != nil {
		return s, err
	}
	if !ok {
		// A company seeded for another day: the latest window.
		if w, ok, err = db.Lookup(ctx, `SELECT max(id) FROM benefit_windows WHERE kind = 'open_enrollment' AND employee_id IS NULL`); err != nil || !ok {
			return s, fmt.Errorf("no open-enrollment window: %v", err)
		}
	}
	s.WindowID, _ = strconv.ParseInt(w, 10, 64)
	svc := access.NewService(db.Access(), kit.SystemClock{})
	svc.Fast = true
	ids, err := lookupIDs(ctx, db, `SELECT e.id FROM employees e LEFT JOIN users u ON u.employee_id = e.id
		WHERE e.status = 'active' AND e.work_email <> '' AND u.id IS NULL ORDER BY e.id LIMIT ?`, n)
	if err != nil {
		return s, err
	}
	if len(ids) < n {
		return s, fmt.Errorf("only %d active employees without an account; seed a larger company", len(ids))
	}
	for _, id := range ids {
		email, _, err := db.Lookup(ctx, `SELECT work_email FROM employees WHERE id = ?`, id)
		if err != nil {
			return s, err
		}
		name, _, _ := db.Lookup(ctx, `SELECT family_name FROM employees WHERE id = ?`, id)
		if _, err := svc.CreateUser(ctx, access.System, access.UserInput{Email: email, Name: "Load " + email, Password: Password}); err != nil {
			return s, fmt.Errorf("account for %s: %w", email, err)
		}
		tok, err := svc.CreateTokenForEmail(ctx, email, access.TokenRequest{Name: "load test"})
		if err != nil {
			return s, err
		}
		s.Employees = append(s.Employees, Employee{ID: id, Email: email, Token: tok})
		s.Names = append(s.Names, name)
	}
	all, err := lookupIDs(ctx, db, `SELECT id FROM employees WHERE status = 'active' ORDER BY id LIMIT ?`, 5000)
	s.EmployeeID = all
	return s, err
}

func today() string { return time.Now().UTC().Format("2006-01-02") }

func lookupIDs(ctx context.Context, db *store.DB, q string, limit int) ([]int64, error) {
	// Lookup returns one value: the ids come back as one list.
	v, _, err := db.Lookup(ctx, `SELECT `+concat(db)+` FROM (`+q+`) x`, limit)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, f := range strings.Split(v, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out, nil
}

func concat(db *store.DB) string {
	if db.Dialect() == "postgres" {
		return `string_agg(CAST(id AS TEXT), ',')`
	}
	return `group_concat(id, ',')`
}

// Config is one run.
type Config struct {
	BaseURL     string
	Duration    time.Duration
	Concurrency int
	// Rate is the target requests per second over all workers (0: as
	// fast as the server answers).
	Rate float64
	// Seed makes the mix repeatable.
	Seed uint64
	// Client is the HTTP client (default: one with a 30 s timeout).
	Client *http.Client
	// Surge: every worker only enrolls employees, until each has; the
	// duration is then a limit, not a target (open enrollment's last day).
	Surge bool
}

// Stat is one route's numbers.
type Stat struct {
	Route                   string
	Count, Errors, Refusals int
	P50, P95, P99, Max      time.Duration
}

// Report is a run's numbers.
type Report struct {
	Duration   time.Duration
	Requests   int
	Errors     int
	Throughput float64
	Routes     []Stat
	// Elections and time-off requests the server acknowledged.
	Elections []Election
	TimeOff   []TimeOff
	// ErrorSamples are the first few errors, for the log; RefusalSamples
	// the first answers where a business rule said no (a time-off balance
	// too small, say), which are not errors.
	ErrorSamples, RefusalSamples []string
}

// Election is an acknowledged election.
type Election struct {
	EmployeeID, WindowID int64
	Type                 string
	PlanID               int64     // 0: waived
	At                   time.Time // when the server acknowledged it
}

// TimeOff is an acknowledged time-off request.
type TimeOff struct {
	ID, EmployeeID int64
	StartsOn       string
	At             time.Time
}

// Before keeps the writes acknowledged before t.
func (rep Report) Before(t time.Time) Report {
	out := Report{}
	for _, e := range rep.Elections {
		if e.At.Before(t) {
			out.Elections = append(out.Elections, e)
		}
	}
	for _, x := range rep.TimeOff {
		if x.At.Before(t) {
			out.TimeOff = append(out.TimeOff, x)
		}
	}
	return out
}

type recorder struct {
	mu        sync.Mutex
	durations map[string][]time.Duration
	errors    map[string]int
	refusals  map[string]int
	samples   []string
	// refusalSamples are the first business-rule refusals.
	refusalSamples []string
	elections      []Election
	timeOff        []TimeOff
}

func (r *recorder) add(route string, d time.Duration, err error, refused bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.durations[route] = append(r.durations[route], d)
	if refused {
		r.refusals[route]++
	}
	if err != nil {
		r.errors[route]++
		if len(r.samples) < 20 {
			r.samples = append(r.samples, route+": "+err.Error())
		}
	}
}

// worker is one virtual user's connection: a signed-in browser for the
// pages and the API tokens of the employees it enrolls.
type worker struct {
	cfg Config
	c   *http.Client
	rec *recorder
	rng *rand.Rand
}

func (w *worker) signIn(p Persona) error {
	jar, _ := cookiejar.New(nil)
	w.c = &http.Client{Jar: jar, Timeout: w.cfg.Client.Timeout, Transport: w.cfg.Client.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := w.c.PostForm(w.cfg.BaseURL+"/login", url.Values{"email": {p.Email}, "password": {p.Password}})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in %s: %d", p.Email, res.StatusCode)
	}
	return nil
}

// page GETs a page and records it under route.
func (w *worker) page(route, path string) {
	start := time.Now()
	res, err := w.c.Get(w.cfg.BaseURL + path)
	if err == nil {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	w.rec.add(route, time.Since(start), err, false)
}

// api sends a JSON request with a bearer token; out receives the body.
func (w *worker) api(route, method, path, token string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.cfg.BaseURL+"/api/v1"+path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	res, err := w.cfg.Client.Do(req)
	status := 0
	var refused bool
	if err == nil {
		status = res.StatusCode
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case status < 300:
			if out != nil {
				err = json.Unmarshal(raw, out)
			}
		case status == http.StatusConflict || status == http.StatusUnprocessableEntity:
			refused = true // a business rule said no: not an error of the server
			w.rec.mu.Lock()
			if len(w.rec.refusalSamples) < 5 {
				w.rec.refusalSamples = append(w.rec.refusalSamples, route+": "+strings.TrimSpace(string(raw[:min(len(raw), 300)])))
			}
			w.rec.mu.Unlock()
		default:
			err = fmt.Errorf("%s %s: %d %s", method, path, status, strings.TrimSpace(string(raw[:min(len(raw), 200)])))
		}
	}
	w.rec.add(route, time.Since(start), err, refused)
	return status, err
}

// enroll is one employee's open enrollment: read the offers, elect the
// first eligible medical, dental and vision plan for the employee alone
// (or waive), confirm.
func (w *worker) enroll(e Employee, window int64) {
	path := fmt.Sprintf("/employees/%d/enrollments/%d", e.ID, window)
	var en struct {
		Editable bool `json:"editable"`
		Offers   []struct {
			Type    string `json:"type"`
			Allowed bool   `json:"allowed"`
			Options []struct {
				PlanID   int64 `json:"plan_id"`
				Eligible bool  `json:"eligible"`
				Rates    []struct {
					Tier string `json:"tier"`
				} `json:"rates"`
			} `json:"options"`
		} `json:"offers"`
	}
	if _, err := w.api("GET enrollment", "GET", path, e.Token, nil, &en); err != nil || !en.Editable {
		return
	}
	for _, o := range en.Offers {
		if !o.Allowed || !slices.Contains([]string{"medical", "dental", "vision"}, o.Type) {
			continue
		}
		el := map[string]any{"waive": true, "waive_reason": "not_needed"}
		var plan int64
		for _, op := range o.Options {
			if op.Eligible && slices.ContainsFunc(op.Rates, func(r struct {
				Tier string `json:"tier"`
			}) bool {
				return r.Tier == "employee"
			}) {
				plan = op.PlanID
				el = map[string]any{"plan_id": plan, "tier": "employee"}
				break
			}
		}
		if st, err := w.api("PUT election", "PUT", path+"/elections/"+o.Type, e.Token, el, nil); err == nil && st < 300 {
			w.rec.mu.Lock()
			w.rec.elections = append(w.rec.elections, Election{EmployeeID: e.ID, WindowID: window, Type: o.Type, PlanID: plan, At: time.Now()})
			w.rec.mu.Unlock()
		}
	}
	w.api("POST confirm enrollment", "POST", path+"/confirmation", e.Token, map[string]any{}, nil)
}

// requestTimeOff asks for one day off, on a weekday of its own.
func (w *worker) requestTimeOff(e Employee, leaveType int64, day time.Time) {
	var out struct {
		ID int64 `json:"id"`
	}
	in := map[string]any{"leave_type_id": leaveType, "starts_on": day.Format("2006-01-02"), "note": "load test"}
	if st, err := w.api("POST time-off request", "POST", "/time-off/requests", e.Token, in, &out); err == nil && st < 300 && out.ID != 0 {
		w.rec.mu.Lock()
		w.rec.timeOff = append(w.rec.timeOff, TimeOff{ID: out.ID, EmployeeID: e.ID, StartsOn: day.Format("2006-01-02"), At: time.Now()})
		w.rec.mu.Unlock()
	}
}

// Run drives the mix until cfg.Duration passes: each worker signs in as
// a persona and loops over that role's pages, and the employees of s are
// shared out to enroll and ask for time off, each once. It returns when
// the time is up and every worker finished its request.
func Run(ctx context.Context, cfg Config, s Setup) (Report, error) {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	rec := &recorder{durations: map[string][]time.Duration{}, errors: map[string]int{}, refusals: map[string]int{}}
	var leaveType int64
	if len(s.Employees) > 0 {
		// The employee's first paid type open to them (vacation, usually).
		w := &worker{cfg: cfg, rec: rec}
		var types []struct {
			ID   int64  `json:"id"`
			Key  string `json:"key"`
			Unit string `json:"unit"`
		}
		if _, err := w.api("GET leave types", "GET", "/leave-types", s.Employees[0].Token, nil, &types); err != nil {
			return Report{}, err
		}
		for _, t := range types {
			if t.Key == "vacation" || t.Key == "pto" || leaveType == 0 {
				leaveType = t.ID
			}
		}
	}
	var next atomic.Int64 // the next employee to enroll
	var limiter <-chan time.Time
	if cfg.Rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / cfg.Rate))
		defer t.Stop()
		limiter = t.C
	}
	deadline := time.Now().Add(cfg.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	errc := make(chan error, cfg.Concurrency)
	for i := 0; i < cfg.Concurrency; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			w := &worker{cfg: cfg, rec: rec, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i)))}
			p := Personas[i%len(Personas)]
			if err := w.signIn(p); err != nil {
				errc <- err
				return
			}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if limiter != nil {
					select {
					case <-limiter:
					case <-ctx.Done():
						return
					}
				}
				// One in three turns enrolls the next employee while any are
				// left (every turn in a surge); the rest are the persona's
				// pages.
				if len(s.Employees) > 0 && (cfg.Surge || w.rng.IntN(3) == 0) {
					if k := next.Add(1) - 1; k < int64(len(s.Employees)) {
						e := s.Employees[k]
						w.enroll(e, s.WindowID)
						day := time.Now().UTC().AddDate(0, 2, 0).AddDate(0, 0, int(k%20))
						for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
							day = day.AddDate(0, 0, 1)
						}
						if leaveType != 0 && !cfg.Surge {
							w.requestTimeOff(e, leaveType, day)
						}
						continue
					}
					if cfg.Surge {
						return // everyone has enrolled
					}
				}
				w.browse(p, s)
			}
		}(i)
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return Report{}, err
	}
	return rec.report(time.Since(start)), nil
}

// browse opens one of the persona's usual pages.
func (w *worker) browse(p Persona, s Setup) {
	pick := func(xs []int64) int64 {
		if len(xs) == 0 {
			return 1
		}
		return xs[w.rng.IntN(len(xs))]
	}
	name := "a"
	if len(s.Names) > 0 {
		name = s.Names[w.rng.IntN(len(s.Names))]
	}
	switch p.Role {
	case "employee":
		switch w.rng.IntN(4) {
		case 0:
			w.page("home", "/")
		case 1:
			w.page("directory search", "/people?q="+url.QueryEscape(name))
		case 2:
			w.page("profile", fmt.Sprintf("/people/%d", pick(s.EmployeeID)))
		default:
			w.page("org chart", "/org-chart")
		}
	case "line_manager":
		switch w.rng.IntN(3) {
		case 0:
			w.page("approvals", "/approvals")
		case 1:
			w.page("home", "/")
		default:
			w.page("team time off", "/time-off")
		}
	case "admin":
		switch w.rng.IntN(2) {
		case 0:
			w.page("audit log", "/audit")
		default:
			w.page("users", "/admin/users")
		}
	case "hr_manager", "hr_director":
		switch w.rng.IntN(5) {
		case 0:
			w.page("insights", "/insights")
		case 1:
			w.page("approvals", "/approvals")
		case 2:
			w.page("recruiting metrics", "/hiring/metrics")
		case 3:
			w.page("benefits enrollment progress", fmt.Sprintf("/benefits/windows/%d", s.WindowID))
		default:
			w.page("directory", "/people")
		}
	default: // generalists
		switch w.rng.IntN(5) {
		case 0:
			w.page("tasks", "/tasks")
		case 1:
			w.page("directory search", "/people?q="+url.QueryEscape(name))
		case 2:
			w.page("profile", fmt.Sprintf("/people/%d", pick(s.EmployeeID)))
		case 3:
			w.page("home", "/")
		default:
			w.page("leave cases", "/leave")
		}
	}
}

func (r *recorder) report(d time.Duration) Report {
	rep := Report{Duration: d, Elections: r.elections, TimeOff: r.timeOff, ErrorSamples: r.samples, RefusalSamples: r.refusalSamples}
	for route, ds := range r.durations {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(float64(len(ds))*p))] }
		rep.Routes = append(rep.Routes, Stat{Route: route, Count: len(ds), Errors: r.errors[route], Refusals: r.refusals[route], P50: q(0.50), P95: q(0.95), P99: q(0.99), Max: ds[len(ds)-1]})
		rep.Requests += len(ds)
		rep.Errors += r.errors[route]
	}
	sort.Slice(rep.Routes, func(i, j int) bool { return rep.Routes[i].Route < rep.Routes[j].Route })
	rep.Throughput = float64(rep.Requests) / d.Seconds()
	return rep
}

// Verify checks every acknowledged write against the database: each
// election is there with the plan (or waiver) acknowledged, once; each
// time-off request exists for its employee and day. It returns the
// problems (none: no write was lost).
func Verify(ctx context.Context, db *store.DB, rep Report) ([]string, error) {
	var problems []string
	for _, e := range rep.Elections {
		q := `SELECT count(*) FROM benefit_elections WHERE window_id = ? AND employee_id = ? AND type = ? AND `
		args := []any{e.WindowID, e.EmployeeID, e.Type}
		if e.PlanID == 0 {
			q += `waived`
		} else {
			q += `plan_id = ? AND NOT waived`
			args = append(args, e.PlanID)
		}
		n, _, err := db.Lookup(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		if n != "1" {
			problems = append(problems, fmt.Sprintf("election of employee %d, %s: %s rows as acknowledged", e.EmployeeID, e.Type, n))
		}
	}
	for _, t := range rep.TimeOff {
		n, _, err := db.Lookup(ctx, `SELECT count(*) FROM time_off_requests WHERE id = ? AND employee_id = ? AND starts_on = ?`, t.ID, t.EmployeeID, t.StartsOn)
		if err != nil {
			return nil, err
		}
		if n != "1" {
			problems = append(problems, fmt.Sprintf("time-off request %d of employee %d on %s: %s rows", t.ID, t.EmployeeID, t.StartsOn, n))
		}
	}
	return problems, nil
}

// Format writes the report as a table.
func (rep Report) Format(w io.Writer) {
	fmt.Fprintf(w, "%d requests in %s: %.0f/s, %d errors\n", rep.Requests, rep.Duration.Round(time.Millisecond), rep.Throughput, rep.Errors)
	fmt.Fprintf(w, "%-30s %7s %6s %6s %9s %9s %9s %9s\n", "route", "count", "errors", "no", "p50", "p95", "p99", "max")
	for _, s := range rep.Routes {
		fmt.Fprintf(w, "%-30s %7d %6d %6d %9s %9s %9s %9s\n", s.Route, s.Count, s.Errors, s.Refusals, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
	}
	fmt.Fprintf(w, "acknowledged: %d elections, %d time-off requests\n", len(rep.Elections), len(rep.TimeOff))
	for _, e := range rep.ErrorSamples {
		fmt.Fprintln(w, "error: "+e)
	}
	for _, e := range rep.RefusalSamples {
		fmt.Fprintln(w, "refused by a rule: "+e)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// RSS returns a process's peak resident memory in MB (VmHWM), or 0.
func RSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// Server is a `cadre serve` process the harness started.
type Server struct {
	URL     string
	cmd     *exec.Cmd
	log     *lockedWriter
	exited  chan struct{}
	waitErr error
}

// Spawn starts `bin serve` with args on a free loopback port and waits
// until it answers /readyz.
func Spawn(ctx context.Context, bin string, args []string, env []string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	lw := &lockedWriter{w: &bytes.Buffer{}}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = lw, lw
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, log: lw, exited: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("cadre serve exited (%v): %s", s.waitErr, s.Log())
		case <-ctx.Done():
			s.Kill()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.Kill()
	return nil, fmt.Errorf("cadre serve did not become ready: %s", s.Log())
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Log is what the server printed.
func (s *Server) Log() string {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return s.log.w.String()
}

// Kill ends the server at once (SIGKILL: no shutdown, as in a crash or a
// power cut) and waits for it.
func (s *Server) Kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// Stop asks the server to shut down (SIGTERM) and waits.
func (s *Server) Stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.exited
	return s.waitErr
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w.Len() > 1<<20 {
		return len(p), nil
	}
	return l.w.Write(p)
}

// RoundRobin serves on a loopback port and passes each request to the
// next of backends, as a load balancer in front of several instances.
func RoundRobin(backends ...string) (string, func(), error) {
	var proxies []*httputil.ReverseProxy
	for _, b := range backends {
		u, err := url.Parse(b)
		if err != nil {
			return "", nil, err
		}
		proxies = append(proxies, httputil.NewSingleHostReverseProxy(u))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	var n atomic.Uint64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxies[n.Add(1)%uint64(len(proxies))].ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
