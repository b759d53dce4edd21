package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// sensitiveOf makes a person's SSN, date of birth and bank details,
// sealed like the hire form seals them. They come from a hash of the
// employee number, not the generator's random source, so every other
// generated value stays the same. The SSNs have a valid form (never area
// 000, 666 or 9xx, group 00 or serial 0000) and are invented.
func sensitiveOf(p *person, s *kit.Sealer) (people.Sensitive, error) {
	if s == nil {
		return people.Sensitive{}, nil
	}
	h := fnv.New64a()
	h.Write([]byte("cadre-demo-sensitive:" + p.number))
	x := h.Sum64()
	area := 1 + x%665 // 001–665
	group := 1 + (x>>10)%99
	serial := 1 + (x>>17)%9999
	ssn := fmt.Sprintf("%03d-%02d-%04d", area, group, serial)
	age := 22 + int((x>>31)%38)
	birth := p.orig.AddDays(-(age*365 + int((x>>37)%365)))
	bank := fmt.Sprintf("Routing %09d, checking account %010d", 10000000+(x>>13)%89999999, (x>>5)%10000000000)
	var out people.Sensitive
	var err error
	if out.SSN, err = s.Seal([]byte(ssn)); err != nil {
		return out, err
	}
	out.SSNLast4 = ssn[len(ssn)-4:]
	if out.BirthDate, err = s.Seal([]byte(birth.String())); err != nil {
		return out, err
	}
	out.Bank, err = s.Seal([]byte(bank))
	return out, err
}

// actorLabel names the generator in the audit trail.
const actorLabel = "Cadre demo generator"

// write stores the generated company through the stores of one
// transaction.
func (g *gen) write(ctx context.Context, ps people.Store, as access.Store, hs hiring.Store, opts Options) (Result, error) {
	if units, err := ps.ListOrgUnits(ctx); err != nil || len(units) > 0 {
		return Result{}, notEmpty(err)
	}
	if users, err := as.ListUsers(ctx, access.UserQuery{Limit: 1}); err != nil || len(users) > 0 {
		return Result{}, notEmpty(err)
	}
	if err := g.writeReference(ctx, ps); err != nil {
		return Result{}, err
	}
	all := g.everyone()
	slices.SortStableFunc(all, func(a, b *person) int {
		if c := a.orig.Compare(b.orig); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	res := Result{Employees: len(all), OrgUnits: len(g.units), Locations: len(g.locList), Jobs: len(g.jobList), Accounts: Accounts()}
	for i, p := range all {
		p.number = fmt.Sprintf("E%06d", i+1)
		var err error
		sens, err := sensitiveOf(p, opts.Sealer)
		if err != nil {
			return res, err
		}
		if p.id, err = ps.InsertEmployee(ctx, g.employee(p), sens); err != nil {
			return res, fmt.Errorf("employee %s: %w", p.email, err)
		}
	}
	for _, p := range all {
		if err := g.writeHistory(ctx, ps, p); err != nil {
			return res, fmt.Errorf("employee %s: %w", p.email, err)
		}
		if st, _ := p.status(g.today); st == people.StatusActive {
			res.Active++
		} else {
			res.Terminated++
		}
	}
	users, err := g.writeUsers(ctx, as, opts)
	if err != nil {
		return res, err
	}
	res.Users = numPersonas
	res.users = users
	if _, err := g.writeTasks(ctx, ps, users); err != nil {
		return res, err
	}
	approvals, err := g.writeApprovals(ctx, ps, users)
	if err != nil {
		return res, err
	}
	reqs, err := g.writeHiring(ctx, hs, users)
	if err != nil {
		return res, err
	}
	res.Requisitions = reqs
	if err := g.writeJobDescriptions(ctx, hs, users); err != nil {
		return res, err
	}
	if res.Applications, err = g.writeCandidates(ctx, hs); err != nil {
		return res, err
	}
	if err := g.writeCosts(ctx, hs, users[pManager]); err != nil {
		return res, err
	}
	return res, ps.AppendAudit(ctx, audit.Entry{
		At: time.Now().UTC(), ActorLabel: actorLabel, Action: "demo.seed", ObjectType: "org_unit", ObjectID: g.root.id,
		Summary: fmt.Sprintf("Generated the Northwind Outfitters demo company (seed %d): %d active and %d former employees, %d org units, %d locations, %d jobs, %d users, %d approval requests, %d requisitions, %d applications",
			opts.Seed, res.Active, res.Terminated, res.OrgUnits, res.Locations, res.Jobs, res.Users, approvals, reqs, res.Applications),
		After: audit.Snapshot(map[string]any{
			"seed": opts.Seed, "today": g.today.String(), "employees": res.Employees, "active": res.Active, "terminated": res.Terminated,
			"org_units": res.OrgUnits, "locations": res.Locations, "jobs": res.Jobs, "pay_grades": len(g.grades), "users": res.Users,
			"approvals": approvals, "requisitions": reqs, "password": "[redacted]",
		}),
	})
}

func notEmpty(err error) error {
	if err != nil {
		return err
	}
	return kit.Conflict("database is not empty")
}

// writeReference stores the legal entity, org units, locations, pay grades
// and jobs.
func (g *gen) writeReference(ctx context.Context, ps people.Store) error {
	le, err := ps.InsertLegalEntity(ctx, people.LegalEntity{Name: "Northwind Outfitters, Inc.", EIN: "74-3829156"})
	if err != nil {
		return fmt.Errorf("legal entity: %w", err)
	}
	for _, u := range g.units {
		var parent int64
		if u.parent != nil {
			parent = u.parent.id
		}
		if u.id, err = ps.InsertOrgUnit(ctx, people.OrgUnit{Name: u.name, ParentID: parent, LegalEntityID: le, Kind: u.kind}); err != nil {
			return fmt.Errorf("org unit %s: %w", u.name, err)
		}
	}
	for _, l := range g.locList {
		if l.id, err = ps.InsertLocation(ctx, people.Location{Name: l.name, Country: "US", Region: l.region, City: l.city, Kind: l.kind}); err != nil {
			return fmt.Errorf("location %s: %w", l.name, err)
		}
	}
	for _, pair := range nearbyPairs {
		if err := ps.SetNearby(ctx, g.locs[pair[0]].id, []int64{g.locs[pair[1]].id}); err != nil {
			return fmt.Errorf("nearby locations: %w", err)
		}
	}
	for _, gr := range g.grades {
		if gr.id, err = ps.InsertPayGrade(ctx, people.PayGrade{Name: gr.name, Currency: "USD", MinCents: gr.min, MaxCents: gr.max, MidpointCents: (gr.min + gr.max) / 2}); err != nil {
			return fmt.Errorf("pay grade %s: %w", gr.name, err)
		}
	}
	for _, j := range g.jobList {
		if j.id, err = ps.InsertJob(ctx, people.Job{Title: j.title, Family: j.family, Level: j.level, FLSAStatus: j.flsa, EEO1Category: j.eeo, PayGradeID: j.g.id}); err != nil {
			return fmt.Errorf("job %s: %w", j.title, err)
		}
	}
	return nil
}

// current is the assignment and pay in force today (the first ones when
// everything lies ahead, as the people service shows it).
func (g *gen) current(p *person) (*asgRow, *people.PayRecord) {
	a, pay := p.rowAt(g.today), p.payOn(g.today)
	if a == nil {
		a = &p.asg[0]
	}
	if pay == nil {
		pay = &p.pays[0]
	}
	return a, pay
}

// employee is the row inserted before the history; the manager is set by
// SetCurrent once everyone exists.
func (g *gen) employee(p *person) people.Employee {
	a, pay := g.current(p)
	status, term := p.status(g.today)
	return people.Employee{
		Number: p.number, GivenName: p.given, FamilyName: p.family, PreferredName: p.preferred, WorkEmail: p.email,
		Phone: p.phone, Status: status, OriginalHireDate: p.orig, HireDate: p.hire, TerminationDate: term,
		OrgUnitID: a.unit.id, LocationID: a.loc.id, JobID: a.job.id, EmploymentType: a.etype, WeeklyHours: a.hours,
		Pay: pay.Pay, Gender: p.gender, EEORaceEthnicity: p.race, HomeAddress: homeAddress(p, a.loc),
	}
}

// stamp is when a generated row was recorded: on its effective date, or
// yesterday for rows that take effect later.
func (g *gen) stamp(d date.Date, minutes int) time.Time {
	if !d.Before(g.today) {
		d = g.today.AddDays(-1)
	}
	return d.Time().Add(time.Duration(15*60+minutes) * time.Minute)
}

func (g *gen) writeHistory(ctx context.Context, ps people.Store, p *person) error {
	for _, per := range p.periods {
		per.EmployeeID = p.id
		if _, err := ps.InsertPeriod(ctx, per); err != nil {
			return fmt.Errorf("period: %w", err)
		}
	}
	for i, a := range p.asg {
		var mgr int64
		if a.mgr != nil {
			mgr = a.mgr.id
		}
		row := people.Assignment{EmployeeID: p.id, EffectiveFrom: a.from, OrgUnitID: a.unit.id, LocationID: a.loc.id, JobID: a.job.id,
			ManagerID: mgr, EmploymentType: a.etype, WeeklyHours: a.hours, Reason: a.reason, CreatedAt: g.stamp(a.from, i)}
		if _, err := ps.InsertAssignment(ctx, row); err != nil {
			return fmt.Errorf("assignment: %w", err)
		}
	}
	for i, pr := range p.pays {
		pr.EmployeeID, pr.CreatedAt = p.id, g.stamp(pr.EffectiveFrom, i)
		if _, err := ps.InsertPayRecord(ctx, pr); err != nil {
			return fmt.Errorf("pay record: %w", err)
		}
	}
	a, pay := g.current(p)
	status, term := p.status(g.today)
	cur := people.Assignment{OrgUnitID: a.unit.id, LocationID: a.loc.id, JobID: a.job.id, EmploymentType: a.etype, WeeklyHours: a.hours}
	if a.mgr != nil {
		cur.ManagerID = a.mgr.id
	}
	if err := ps.SetCurrent(ctx, p.id, cur, pay.Pay, status, term); err != nil {
		return err
	}
	e := g.employee(p)
	if err := ps.SetSearchTokens(ctx, p.id, searchTokens(e, a.job.title)); err != nil {
		return err
	}
	for _, c := range p.contacts {
		c.EmployeeID = p.id
		if _, err := ps.InsertContact(ctx, c); err != nil {
			return fmt.Errorf("emergency contact: %w", err)
		}
	}
	if len(p.hoursLog) > 0 {
		for i := range p.hoursLog {
			p.hoursLog[i].EmployeeID, p.hoursLog[i].CreatedAt = p.id, g.today.AddDays(-1).Time().Add(6*time.Hour)
		}
		if err := ps.ReplaceHours(ctx, p.id, p.hoursLog); err != nil {
			return fmt.Errorf("hours: %w", err)
		}
	}
	p.hoursLog, p.contacts = nil, nil // written; let a large company's memory go
	return nil
}

// writeUsers creates the demo sign-ins with their grants.
func (g *gen) writeUsers(ctx context.Context, as access.Store, opts Options) ([numPersonas]int64, error) {
	var ids [numPersonas]int64
	svc := access.NewService(as, kit.SystemClock{})
	svc.Fast = opts.FastHash
	now := time.Now().UTC()
	for k, ps := range personas {
		hash, err := svc.HashPassword(opts.Password)
		if err != nil {
			return ids, err
		}
		// The administrator keeps a password if single sign-on only is
		// turned on (break-glass).
		u := access.User{Email: ps.Email, Name: ps.given + " " + ps.family, PasswordHash: hash, Active: true, CreatedAt: now, BreakGlass: k == pAdmin}
		if p := g.persona[k]; p != nil {
			u.EmployeeID, u.Name = p.id, p.name()
		}
		if ids[k], err = as.InsertUser(ctx, u); err != nil {
			return ids, fmt.Errorf("user %s: %w", ps.Email, err)
		}
		var grants []access.Grant
		for _, pg := range ps.grants {
			gr := access.Grant{Role: access.Role(pg.role)}
			if pg.dept != "" {
				gr.OrgUnitID = g.depts[pg.dept].id
			}
			grants = append(grants, gr)
		}
		if err := as.ReplaceGrants(ctx, ids[k], grants, now); err != nil {
			return ids, fmt.Errorf("grants of %s: %w", ps.Email, err)
		}
	}
	return ids, nil
}

// requester and decider are the HR staff who handle a department.
func requester(dept string) int {
	switch dept {
	case "ops":
		return pOpsGeneralist
	case "support":
		return pSupportGeneralist
	case "eng", "product":
		return pTechGeneralist
	}
	return pGeneralist
}

func decider(dept string) int {
	if dept == "ops" || dept == "support" {
		return pOpsManager
	}
	return pManager
}

var rejections = []string{
	"Please document the coaching and a performance plan first.",
	"Talk to Legal before we proceed; this needs a documented warning.",
	"Not enough documentation yet. Let's revisit after the 60-day plan.",
}

// writeApprovals records pending termination requests for the HR
// managers to decide, plus decided ones: approved for everyone who left in
// the last six months or has a last day ahead, and a few rejected.
func (g *gen) writeApprovals(ctx context.Context, ps people.Store, users [numPersonas]int64) (int, error) {
	n := 0
	request := func(p *person, t people.Termination, created time.Time) (int64, error) {
		payload, _ := json.Marshal(t)
		a, _ := g.current(p)
		n++
		return ps.InsertApproval(ctx, work.Approval{
			Kind: "termination", ObjectType: "employee", ObjectID: p.id, Title: "Terminate " + p.name(),
			Summary: terminationSummary(t), Payload: string(payload), ScopeOrgUnitID: a.unit.id,
			RequestedBy: users[requester(p.unit.dept.key)], Status: work.StatusPending, CreatedAt: created,
		})
	}
	at := func(d date.Date, minutes int) time.Time {
		return d.Time().Add(time.Duration(13*60+minutes) * time.Minute)
	}
	for _, p := range g.pending {
		if _, err := request(p, *p.request, at(g.today.AddDays(-1-g.rng.IntN(6)), g.rng.IntN(240))); err != nil {
			return n, fmt.Errorf("termination request: %w", err)
		}
	}
	decide := func(p *person, t people.Termination, asked date.Date, status, comment string) error {
		asked = date.Max(date.Min(asked, g.today.AddDays(-2)), p.hire)
		id, err := request(p, t, at(asked, g.rng.IntN(240)))
		if err != nil {
			return err
		}
		decided := date.Min(asked.AddDays(1+g.rng.IntN(3)), g.today.AddDays(-1))
		return ps.DecideApproval(ctx, id, status, users[decider(p.unit.dept.key)], 0, comment, at(decided, 240+g.rng.IntN(180)))
	}
	for _, p := range append(append([]*person{}, g.gone...), g.upcoming...) {
		per := p.periods[len(p.periods)-1]
		if per.End.Before(g.today.AddDays(-180)) {
			continue
		}
		t := people.Termination{LastDay: per.End, Reason: per.TerminationReason, Voluntary: *per.Voluntary, RehireEligible: *per.RehireEligible, Regretted: per.Regretted != nil && *per.Regretted}
		if err := decide(p, t, per.End.AddDays(-7-g.rng.IntN(21)), work.StatusApproved, ""); err != nil {
			return n, fmt.Errorf("approved termination: %w", err)
		}
	}
	for _, p := range g.rejected {
		comment := rejections[g.rng.IntN(len(rejections))]
		if err := decide(p, *p.request, p.request.LastDay.AddDays(-14), work.StatusRejected, comment); err != nil {
			return n, fmt.Errorf("rejected termination: %w", err)
		}
	}
	return n, nil
}
