package demo

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
	"github.com/cadrehq/cadre/internal/work"
)

var today = date.MustParse("2026-06-15")

func seed(t *testing.T, db *store.DB, n int, s int64) Result {
	t.Helper()
	res, err := Seed(context.Background(), db, Options{Employees: n, Seed: s, Today: today, FastHash: true})
	if err != nil {
		t.Fatalf("seed %d: %v", n, err)
	}
	return res
}

// TestSeed is the core check on every configured engine: the demo
// accounts, reporting lines, history consistency and pay bands.
func TestSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res := seed(t, db, 250, 1)
		if res.Active != 250 || res.Terminated < 80 || res.Employees != res.Active+res.Terminated || res.Users != len(Accounts()) {
			t.Fatalf("result: %+v", res)
		}
		checkCompany(t, db, res)
	})
}

// TestSeedThirty seeds the smallest company.
func TestSeedThirty(t *testing.T) {
	db := storetest.Open(t)
	res := seed(t, db, 30, 3)
	if res.Active != 30 {
		t.Fatalf("result: %+v", res)
	}
	checkCompany(t, db, res)
}

func TestSeedRefusesNonEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	svc := access.NewService(db.Access(), kit.SystemClock{})
	svc.Fast = true
	admin := access.Actor{Name: "admin", Grants: []access.Grant{{Role: access.RoleAdmin}}}
	if _, err := svc.CreateUser(ctx, admin, access.UserInput{Email: "someone@example.com", Name: "Someone", Password: "correct-horse-battery", Grants: []access.Grant{{Role: access.RoleAdmin}}}); err != nil {
		t.Fatal(err)
	}
	_, err := Seed(ctx, db, Options{Employees: 30, Today: today, FastHash: true})
	if kit.KindOf(err) != kit.KindConflict || kit.MessageOf(err) != "database is not empty" {
		t.Fatalf("seeded a non-empty database: %v", err)
	}
	db = storetest.Open(t)
	seed(t, db, 30, 1)
	if _, err := Seed(ctx, db, Options{Employees: 30, Today: today, FastHash: true}); kit.KindOf(err) != kit.KindConflict {
		t.Fatalf("seeded twice: %v", err)
	}
}

func TestOptions(t *testing.T) {
	for _, n := range []int{-1, 29, 100_001} {
		if _, err := Seed(context.Background(), nil, Options{Employees: n}); !kit.FieldsOf(err).Has("employees") {
			t.Errorf("%d employees: %v", n, err)
		}
	}
	o, err := Options{}.withDefaults()
	if err != nil || o.Employees != 250 || o.Seed != 1 || o.Password != "cadre-demo" || o.Today.IsZero() {
		t.Fatalf("defaults: %+v %v", o, err)
	}
	acc := Accounts()
	want := []string{"admin@example.com", "director@example.com", "manager@example.com", "generalist@example.com", "lead@example.com", "employee@example.com"}
	for i, e := range want {
		if acc[i].Email != e || acc[i].Description == "" {
			t.Errorf("account %d: %+v", i, acc[i])
		}
	}
}

// TestDeterminism: the same seed gives the same company, in the database
// too; another seed gives another.
func TestDeterminism(t *testing.T) {
	ctx := context.Background()
	a, b := storetest.Open(t), storetest.Open(t)
	ra, rb := seed(t, a, 60, 42), seed(t, b, 60, 42)
	if !reflect.DeepEqual(ra, rb) {
		t.Fatalf("results differ: %+v vs %+v", ra, rb)
	}
	for id := int64(1); id <= int64(ra.Employees); id += 7 {
		ea, err1 := a.People().GetEmployee(ctx, id)
		eb, err2 := b.People().GetEmployee(ctx, id)
		if err1 != nil || err2 != nil || ea.Name() != eb.Name() || ea.WorkEmail != eb.WorkEmail || ea.Pay != eb.Pay || ea.HireDate != eb.HireDate || ea.ManagerID != eb.ManagerID {
			t.Fatalf("employee %d differs: %+v %v / %+v %v", id, ea, err1, eb, err2)
		}
	}
	opts := mustDefaults(t, Options{Employees: 500, Seed: 42, Today: today})
	g1, g2 := generate(opts), generate(opts)
	opts.Seed = 43
	g3 := generate(opts)
	same := 0
	for i, p := range g1.everyone() {
		q := g2.everyone()[i]
		if p.email != q.email || p.name() != q.name() || len(p.asg) != len(q.asg) || len(p.pays) != len(q.pays) || p.pays[len(p.pays)-1] != q.pays[len(q.pays)-1] {
			t.Fatalf("generation %d differs: %s vs %s", i, p.email, q.email)
		}
		if i < len(g3.everyone()) && g3.everyone()[i].email == p.email {
			same++
		}
	}
	if same > len(g1.everyone())/4 {
		t.Fatalf("seed 43 repeats %d emails of seed 42", same)
	}
}

// TestGeneratedHistory checks the generated history in memory at a size
// where every team exists: reporting lines at every month of the history
// point at employed managers without cycles, spans stay within 3 to 12,
// and the scripted rehires, future changes and hours are there.
func TestGeneratedHistory(t *testing.T) {
	g := generate(mustDefaults(t, Options{Employees: 5000, Seed: 9, Today: today}))
	employed := func(p *person, d date.Date) bool {
		for _, per := range p.periods {
			if !per.Start.After(d) && (per.End.IsZero() || !per.End.Before(d)) {
				return true
			}
		}
		return false
	}
	for d := g.window; d.Before(today.AddMonths(2)); d = d.AddMonths(1) {
		mgr := map[*person]*person{}
		for _, p := range g.everyone() {
			if r := p.rowAt(d); r != nil && employed(p, d) {
				mgr[p] = r.mgr
				if r.mgr != nil && !employed(r.mgr, d) {
					t.Fatalf("%s: %s reports to %s who is not employed", d, p.email, r.mgr.email)
				}
			}
		}
		for p := range mgr {
			seen := map[*person]bool{}
			for q := p; q != nil; q = mgr[q] {
				if seen[q] {
					t.Fatalf("%s: reporting cycle through %s", d, p.email)
				}
				seen[q] = true
			}
		}
	}
	bad := 0
	for _, p := range g.active {
		if n := len(p.reports); n > 12 || n > 0 && n < 3 {
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%d managers with a span outside 3 to 12", bad)
	}
	var longBreak, userra, future bool
	for _, p := range g.active {
		if len(p.periods) == 2 {
			gap := p.periods[0].End.AddYears(7).Before(p.periods[1].Start)
			longBreak = longBreak || gap
			userra = userra || p.periods[1].BreakReason == "userra"
		}
		for _, a := range p.asg {
			future = future || a.from.After(today) && a.reason == "transfer"
		}
	}
	if !longBreak || !userra || !future {
		t.Errorf("rehire after 7+ years %v, USERRA rehire %v, future transfer %v", longBreak, userra, future)
	}
	for _, p := range g.everyone() {
		for i, r := range p.asg {
			if i == 0 && r.reason != "hire" || !slices.Contains(append([]string{"hire", "rehire"}, people.JobChangeReasons...), r.reason) {
				t.Fatalf("%s: assignment reason %q", p.email, r.reason)
			}
		}
		for _, r := range p.pays {
			if !slices.Contains(append([]string{"hire", "rehire"}, people.PayChangeReasons...), r.Reason) || r.Pay.AmountCents <= 0 {
				t.Fatalf("%s: pay record %+v", p.email, r)
			}
		}
	}
}

// checkCompany verifies a seeded database.
func checkCompany(t *testing.T, db *store.DB, res Result) {
	t.Helper()
	ctx := context.Background()
	ps, as := db.People(), db.Access()
	all, err := ps.AllEmployees(ctx, people.DirectoryFilter{Status: "all"})
	if err != nil || len(all) != res.Employees {
		t.Fatalf("employees: %d of %d, %v", len(all), res.Employees, err)
	}
	byID := map[int64]people.Employee{}
	for _, e := range all {
		byID[e.ID] = e
	}
	checkAccounts(t, db, byID)
	grades := map[int64]people.PayGrade{}
	gs, _ := ps.ListPayGrades(ctx)
	for _, g := range gs {
		grades[g.ID] = g
	}
	active, inBand, reno := 0, 0, map[int64]bool{}
	locs, _ := ps.ListLocations(ctx)
	for _, l := range locs {
		if l.Name == "Reno, NV" {
			reno[l.ID] = true
		}
		if l.Kind == "store" && l.Headcount >= 50 {
			t.Errorf("%s has %d employees", l.Name, l.Headcount)
		}
		if l.Name == "Austin, TX" && len(l.NearbyIDs) != 1 {
			t.Errorf("Austin nearby: %v", l.NearbyIDs)
		}
	}
	for _, e := range all {
		checkCurrent(t, db, e)
		seen := map[int64]bool{e.ID: true}
		for m := e.ManagerID; m != 0; m = byID[m].ManagerID {
			if seen[m] {
				t.Fatalf("reporting cycle through %s", e.WorkEmail)
			}
			seen[m] = true
		}
		if e.Status != people.StatusActive {
			continue
		}
		active++
		if g := grades[e.PayGradeID]; e.Pay.AnnualCents() >= g.MinCents && e.Pay.AnnualCents() <= g.MaxCents {
			inBand++
		}
		if e.ManagerID != 0 && byID[e.ManagerID].Status != people.StatusActive {
			t.Errorf("%s reports to a former employee", e.WorkEmail)
		}
		if reno[e.LocationID] && e.FLSAStatus == "nonexempt" {
			checkHours(t, db, e)
		}
	}
	if active != res.Active || float64(inBand) < 0.85*float64(active) || float64(inBand) > 0.97*float64(active) {
		t.Errorf("%d active, %d paid inside their grade's range", active, inBand)
	}
	top, _ := ps.TopOfOrg(ctx)
	if len(top) != 1 || top[0].JobTitle != "Chief Executive Officer" {
		t.Errorf("top of org: %+v", top)
	}
	pending, err := ps.ListApprovals(ctx, work.ApprovalFilter{Status: work.StatusPending, Kind: "termination", WholeCompany: true})
	if err != nil || len(pending) < 3 {
		t.Errorf("pending termination requests: %d %v", len(pending), err)
	}
	decided, _ := ps.ListApprovals(ctx, work.ApprovalFilter{Status: work.StatusApproved, Kind: "termination", WholeCompany: true})
	if len(decided) == 0 {
		t.Error("no approved termination requests")
	}
	for _, a := range append(pending, decided...) {
		if a.RequestedBy == a.DecidedBy || a.Title != "Terminate "+byID[a.ObjectID].Name() || a.ScopeOrgUnitID == 0 {
			t.Errorf("approval: %+v", a)
		}
	}
	page, err := ps.Directory(ctx, people.DirectoryFilter{Q: "employee@example", Status: "active", Limit: 10})
	if err != nil || page.Total != 1 || page.Items[0].WorkEmail != "employee@example.com" {
		t.Errorf("search: %+v %v", page, err)
	}
	entries, err := db.ListAudit(ctx, audit.Filter{Action: "demo.seed"})
	if err != nil || len(entries) != 1 || entries[0].ActorLabel != actorLabel {
		t.Errorf("audit: %+v %v", entries, err)
	}
	if v, err := db.VerifyAudit(ctx); err != nil || !v.OK {
		t.Errorf("audit chain: %+v %v", v, err)
	}
	if _, err := as.UserByEmail(ctx, "admin@example.com"); err != nil {
		t.Error(err)
	}
}

// checkCurrent: the current columns equal the history as of today.
func checkCurrent(t *testing.T, db *store.DB, e people.Employee) {
	t.Helper()
	ctx := context.Background()
	ps := db.People()
	a, err := ps.AssignmentAsOf(ctx, e.ID, today)
	if err != nil {
		t.Fatalf("%s: %v", e.WorkEmail, err)
	}
	p, err := ps.PayAsOf(ctx, e.ID, today)
	if err != nil {
		t.Fatalf("%s: %v", e.WorkEmail, err)
	}
	periods, err := ps.ListPeriods(ctx, e.ID)
	if err != nil || len(periods) == 0 {
		t.Fatalf("%s: periods %v", e.WorkEmail, err)
	}
	status := people.StatusActive
	if !periods[0].End.IsZero() && periods[0].End.Before(today) {
		status = people.StatusTerminated
	}
	if a.OrgUnitID != e.OrgUnitID || a.LocationID != e.LocationID || a.JobID != e.JobID || a.ManagerID != e.ManagerID ||
		a.EmploymentType != e.EmploymentType || a.WeeklyHours != e.WeeklyHours || p.Pay != e.Pay ||
		status != e.Status || periods[0].End != e.TerminationDate || periods[0].Start != e.HireDate ||
		periods[len(periods)-1].Start != e.OriginalHireDate {
		t.Fatalf("%s: current %+v\nassignment %+v\npay %+v\nperiods %+v", e.WorkEmail, e, a, p, periods)
	}
	if (e.Pay.Per == "hour") != (e.FLSAStatus == "nonexempt") {
		t.Fatalf("%s: %s paid per %s", e.WorkEmail, e.FLSAStatus, e.Pay.Per)
	}
}

// checkHours: Reno part-timers stay under 1,250 hours a year and full-timers
// employed all year are well over it.
func checkHours(t *testing.T, db *store.DB, e people.Employee) {
	t.Helper()
	hs, err := db.People().ListHours(context.Background(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var centi int64
	for _, h := range hs {
		centi += h.HoursCenti
	}
	switch {
	case e.EmploymentType == "part_time" && centi >= 125000:
		t.Errorf("%s part-time with %d hours", e.WorkEmail, centi/100)
	case e.EmploymentType == "full_time" && e.HireDate.Before(today.AddMonths(-14)) && centi < 125000:
		t.Errorf("%s full-time with %d hours", e.WorkEmail, centi/100)
	case len(hs) == 0:
		t.Errorf("%s: no hours of service", e.WorkEmail)
	}
}

// checkAccounts: the demo sign-ins exist with their grants and reporting
// lines.
func checkAccounts(t *testing.T, db *store.DB, byID map[int64]people.Employee) {
	t.Helper()
	ctx := context.Background()
	as := db.Access()
	svc := access.NewService(as, kit.SystemClock{})
	emp := map[string]people.Employee{}
	for i, acc := range Accounts() {
		u, err := as.UserByEmail(ctx, acc.Email)
		if err != nil || !u.Active || !access.CheckPassword(u.PasswordHash, "cadre-demo") {
			t.Fatalf("%s: %+v %v", acc.Email, u, err)
		}
		actor, err := svc.ActorFor(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if i == pAdmin {
			if u.EmployeeID != 0 || len(actor.Grants) != 1 || actor.Grants[0].Role != access.RoleAdmin || actor.IsHR() {
				t.Fatalf("admin: %+v", actor)
			}
			continue
		}
		e, ok := byID[u.EmployeeID]
		if !ok || e.WorkEmail != acc.Email || e.Status != people.StatusActive {
			t.Fatalf("%s is linked to %+v", acc.Email, e)
		}
		emp[acc.Email] = e
		if !actor.Has(access.Role(acc.Role)) {
			t.Errorf("%s lacks %s: %+v", acc.Email, acc.Role, actor.Roles())
		}
		whole := len(actor.Grants) > 0 && actor.Grants[0].WholeCompany()
		if wantWhole := i == pDirector || i == pManager || i == pGeneralist; wantWhole != whole && i <= pEmployee {
			t.Errorf("%s grants: %+v", acc.Email, actor.Grants)
		}
		if (i == pLead || i == pEmployee) && actor.IsHR() {
			t.Errorf("%s has HR grants: %+v", acc.Email, actor.Grants)
		}
	}
	ops, _ := as.Grants(ctx, mustUser(t, db, "ops.manager@example.com"))
	if len(ops) != 2 || ops[0].Role != access.RoleManager || ops[0].WholeCompany() || ops[1].WholeCompany() {
		t.Errorf("ops.manager grants: %+v", ops)
	}
	lead, worker := emp["lead@example.com"], emp["employee@example.com"]
	reports, err := db.People().DirectReports(ctx, lead.ID)
	if err != nil || len(reports) < 5 || !slices.ContainsFunc(reports, func(e people.Employee) bool { return e.ID == worker.ID }) {
		t.Fatalf("lead's reports: %d %v", len(reports), err)
	}
	if worker.ManagerID != lead.ID || lead.OrgPath == "" || worker.OrgPath != lead.OrgPath {
		t.Fatalf("employee %+v, lead %+v", worker, lead)
	}
	dir := emp["director@example.com"]
	if dir.JobTitle != "HR Director" || byID[dir.ManagerID].JobTitle != "Chief Executive Officer" || byID[emp["manager@example.com"].ManagerID].ID != dir.ID {
		t.Errorf("HR ladder: director %+v", dir)
	}
}

func mustUser(t *testing.T, db *store.DB, email string) int64 {
	t.Helper()
	u, err := db.Access().UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestGenerateSizes builds companies of many sizes and seeds in memory and
// checks the invariants that the accounts and the story rely on.
func TestGenerateSizes(t *testing.T) {
	for _, n := range []int{30, 31, 44, 99, 100, 150, 401, 999, 1000, 2500} {
		for s := int64(1); s <= 4; s++ {
			g := generate(mustDefaults(t, Options{Employees: n, Seed: s, Today: today}))
			lead, worker := g.persona[pLead], g.persona[pEmployee]
			if len(g.active) != n || len(lead.reports) < 5 || worker.mgr != lead || lead.job.title != "Support Team Lead" {
				t.Fatalf("n=%d seed=%d: %d active, lead has %d reports", n, s, len(g.active), len(lead.reports))
			}
			emails := map[string]bool{}
			roots := 0
			for _, p := range g.everyone() {
				if emails[p.email] {
					t.Fatalf("n=%d seed=%d: duplicate email %s", n, s, p.email)
				}
				emails[p.email] = true
				if st, _ := p.status(today); (st == people.StatusActive) != slices.Contains(g.active, p) {
					t.Fatalf("n=%d seed=%d: %s has status %s", n, s, p.email, st)
				}
				if r := p.rowAt(today); r == nil || r.mgr == nil && p != g.ceo {
					roots++
				}
				if len(p.pays) == 0 || !p.pays[0].EffectiveFrom.Equal(p.asg[0].from) || !p.periods[0].Start.Equal(p.asg[0].from) {
					t.Fatalf("n=%d seed=%d: %s history starts inconsistently", n, s, p.email)
				}
			}
			if roots != 0 || len(g.pending) < 3 || n >= 100 && len(g.rejected) == 0 || g.futureMoves == 0 {
				t.Fatalf("n=%d seed=%d: %d roots, %d pending, %d rejected, %d future moves", n, s, roots, len(g.pending), len(g.rejected), g.futureMoves)
			}
		}
	}
}

// TestCatalog checks the job architecture against the vocabularies.
func TestCatalog(t *testing.T) {
	g := newGen(mustDefaults(t, Options{Today: today}))
	for _, j := range g.jobList {
		if j.g == nil || !slices.Contains(people.EEO1Categories, j.eeo) || !slices.Contains(people.FLSAStatuses, j.flsa) || j.prev != "" && g.jobs[j.prev] == nil {
			t.Errorf("job %+v", j)
		}
	}
	for _, gr := range g.grades {
		if gr.min <= 0 || gr.max <= gr.min {
			t.Errorf("grade %+v", gr)
		}
	}
	for _, d := range deptDefs {
		for _, ws := range append([][]weight{d.ics}, teamICs(d)...) {
			for _, w := range ws {
				if g.jobs[w.key] == nil {
					t.Errorf("%s: unknown job %q", d.name, w.key)
				}
			}
		}
		for _, title := range append([]string{d.head}, d.ladder...) {
			if g.jobs[title] == nil {
				t.Errorf("%s: unknown job %q", d.name, title)
			}
		}
	}
	for _, p := range personas[1:] {
		if g.jobs[p.job] == nil {
			t.Errorf("persona %s: unknown job %q", p.Email, p.job)
		}
	}
}

func teamICs(d deptDef) [][]weight {
	var out [][]weight
	for _, t := range d.teams {
		out = append(out, t.ics)
		for _, title := range t.ladder {
			out = append(out, []weight{{title, 1}})
		}
	}
	return out
}
