package demo

import (
	"math"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// state is what an assignment row says, with home the employee whose
// management chain supplies the manager (the nearest one already managing
// on the row's date).
type state struct {
	unit  *unit
	loc   *locDef
	job   *jobDef
	etype string
	hours int
	home  *person
}

// change is an effective-dated move to a new state.
type change struct {
	d      date.Date
	reason string
	after  state
	raise  float64 // pay increase that goes with it (promotions)
}

// stint is one employment period with its changes.
type stint struct {
	start, end  date.Date // end zero while ongoing
	reason      string    // hire | rehire
	breakReason string
	init        state
	changes     []change // ascending; may reach past today
	target      float64  // annual-equivalent cents of the last pay record
	term        people.Termination
}

// history builds three years of history for every active employee and
// adds the employees who left in that time.
func (g *gen) history() {
	for _, p := range g.active {
		g.hireDate(p)
	}
	g.scriptRehires()
	g.chooseEvents()
	for _, p := range g.active {
		if p.prior != nil {
			g.emit(p, *p.prior)
		}
		g.emit(p, g.currentStint(p))
	}
	g.leavers()
}

func (g *gen) yearsAgo(lo, hi float64) date.Date {
	d := g.today.AddDays(-int((lo + (hi-lo)*g.rng.Float64()) * 365.25))
	if !d.After(g.founded) {
		d = g.founded.AddDays(1 + g.rng.IntN(60))
	}
	return d
}

// hireDate sets when an active employee joined, and any promotion into
// their current job during the three years.
func (g *gen) hireDate(p *person) {
	switch {
	case p == g.ceo:
		p.hire = g.founded
	case p.unit.top == p && p.unit.kind == "department":
		p.hire = g.yearsAgo(7, 14.5)
	case p.persona >= 0 && p.height == 0:
		p.hire = g.yearsAgo(1.5, 6)
	case p.height >= 2:
		p.hire = g.yearsAgo(1.5, 12)
	case p.height == 1:
		p.hire = g.yearsAgo(1, 10)
	case p.etype == "seasonal":
		p.hire = g.today.AddDays(-14 - g.rng.IntN(226))
	case g.chance(p.unit.dept.recent):
		p.hire = g.between(g.window.AddDays(1), g.today.AddDays(-14))
	default:
		p.hire = g.yearsAgo(3, 12)
	}
	p.orig, p.mgrSince = p.hire, p.hire
	if p.job.prev == "" || p.unit.top == p && p.unit.kind == "department" {
		return
	}
	odds := 0.22
	switch {
	case p.height == 1:
		odds = 0.35
	case p.height > 1:
		odds = 0.15
	}
	from, to := date.Max(p.hire.AddYears(1), g.window.AddDays(1)), g.today.AddDays(-14)
	if from.After(to) || !g.chance(odds) {
		return
	}
	p.promo = g.between(from, to)
	if p.promo.Month() == time.March && p.promo.Day() == 1 {
		p.promo = p.promo.AddDays(1)
	}
	if p.height == 1 {
		p.mgrSince = p.promo
	}
}

// candidates are active individual contributors free for one-off events.
func (g *gen) candidates() []*person {
	var out []*person
	for _, p := range g.active {
		if p.height == 0 && !p.protected && !p.special {
			out = append(out, p)
		}
	}
	return out
}

// scriptRehires sets up the rehires: one after a break of more than seven
// years, one back from military service (USERRA), and returning seasonal
// warehouse staff.
func (g *gen) scriptRehires() {
	var office, floor []*person
	for _, p := range g.candidates() {
		switch {
		case p.etype == "seasonal":
			if g.chance(0.3) {
				g.seasonalRehire(p)
			}
		case p.etype != "full_time":
		case p.unit.dept.key == "ops" || p.unit.dept.key == "support":
			floor = append(floor, p)
		case p.unit.dept.key != "exec":
			office = append(office, p)
		}
	}
	if len(office) > 0 {
		p := office[g.rng.IntN(len(office))]
		p.special, p.promo = true, date.Date{}
		p.hire = g.today.AddDays(-60 - g.rng.IntN(440))
		end := p.hire.AddYears(-7).AddDays(-120 - g.rng.IntN(600))
		start := date.Max(end.AddDays(-730-g.rng.IntN(730)), g.founded.AddDays(30))
		job := p.job
		if job.prev != "" {
			job = g.jobs[job.prev]
		}
		p.prior = &stint{start: start, end: end, reason: "hire", target: g.payFor(job) * 0.8,
			init: state{unit: p.unit, loc: g.locs["austin"], job: job, etype: "full_time", hours: 40, home: p.mgr},
			term: people.Termination{LastDay: end, Reason: "resignation", Voluntary: true, RehireEligible: true}}
		p.orig = start
	}
	if len(floor) > 0 {
		p := floor[g.rng.IntN(len(floor))]
		p.special, p.promo = true, date.Date{}
		p.hire = g.today.AddDays(-90 - g.rng.IntN(210))
		end := p.hire.AddDays(-400 - g.rng.IntN(400))
		start := end.AddDays(-730 - g.rng.IntN(1100))
		p.prior = &stint{start: start, end: end, reason: "hire", target: g.payFor(p.job) * 0.92,
			init: state{unit: p.unit, loc: p.loc, job: p.job, etype: "full_time", hours: 40, home: p.mgr},
			term: people.Termination{LastDay: end, Reason: "other", Voluntary: true, RehireEligible: true, Note: "Military service (USERRA)"}}
		p.orig, p.breakReason = start, "userra"
	}
}

func (g *gen) seasonalRehire(p *person) {
	end := p.hire.AddDays(-200 - g.rng.IntN(100))
	start := end.AddDays(-60 - g.rng.IntN(60))
	p.special = true
	p.prior = &stint{start: start, end: end, reason: "hire", target: g.payFor(p.job) * 0.97,
		init: state{unit: p.unit, loc: p.loc, job: p.job, etype: "seasonal", hours: p.hours, home: p.mgr},
		term: people.Termination{LastDay: end, Reason: "end_of_assignment", Voluntary: true, RehireEligible: true}}
	p.orig = start
}

// chooseEvents picks who has a change effective next month, an approved
// last day ahead, a pending termination request or a rejected one.
func (g *gen) chooseEvents() {
	cs := g.candidates()
	order := g.rng.Perm(len(cs))
	take := func(n int, ok func(*person) bool) []*person {
		var out []*person
		for _, i := range order {
			p := cs[i]
			if len(out) == n {
				break
			}
			if p.future || p.leaving != nil || p.request != nil || !ok(p) {
				continue
			}
			out = append(out, p)
		}
		return out
	}
	anyone := func(*person) bool { return true }
	movers := take(1, func(p *person) bool { return len(g.poolmates(p.unit)) > 0 })
	movers = append(movers, take(max(2, g.n/250)-len(movers), func(p *person) bool { return len(g.poolmates(p.unit)) > 0 || g.canRelocate(p.unit) })...)
	for _, p := range movers {
		p.future = true
	}
	g.futureMoves = len(movers)
	for _, p := range take(max(1, g.n/150), anyone) {
		p.lastDay = g.today.AddDays(3 + g.rng.IntN(28))
		t := g.termination(p.etype, p.hire, p.lastDay)
		p.leaving = &t
		g.upcoming = append(g.upcoming, p)
	}
	for _, p := range take(max(3, g.n/200), anyone) {
		t := g.termination(p.etype, p.hire, g.today.AddDays(7+g.rng.IntN(28)))
		if t.Reason == "end_of_assignment" {
			t.Reason = "resignation"
		}
		p.request = &t
		g.pending = append(g.pending, p)
	}
	for _, p := range take(max(2, g.n/1000), anyone) {
		t := people.Termination{LastDay: g.today.AddDays(-10 - g.rng.IntN(60)), Reason: "performance", Note: "Performance below expectations after coaching."}
		p.request, p.rejected = &t, true
		g.rejected = append(g.rejected, p)
	}
}

// poolmates are the other teams that trade people with u.
func (g *gen) poolmates(u *unit) []*unit {
	if u.pool() == "" {
		return nil
	}
	var out []*unit
	for _, o := range g.units {
		if o != u && o.team != nil && o.pool() == u.pool() && o.top != nil {
			out = append(out, o)
		}
	}
	return out
}

func (g *gen) canRelocate(u *unit) bool {
	ws := u.locs()
	return len(ws) > 1 || ws[0].key == remote
}

// move returns s in another team of the same pool, or at another
// worksite; ok is false when neither is possible.
func (g *gen) move(s state, manager bool) (state, string, bool) {
	if mates := g.poolmates(s.unit); len(mates) > 0 {
		u := mates[g.rng.IntN(len(mates))]
		s.unit, s.home = u, g.leadOf(u)
		if !hasLoc(u, s.loc) {
			s.loc = g.location(u, false)
		}
		return s, "transfer", true
	}
	if !g.canRelocate(s.unit) {
		return s, "", false
	}
	for range 6 {
		if l := g.location(s.unit, manager); l != s.loc {
			s.loc = l
			return s, "location_change", true
		}
	}
	return s, "", false
}

func hasLoc(u *unit, l *locDef) bool {
	for _, w := range u.locs() {
		if w.key == l.key || w.key == remote && l.kind == remote {
			return true
		}
	}
	return false
}

// leadOf picks a first-line manager of u (its top when it has none).
func (g *gen) leadOf(u *unit) *person {
	if len(u.leads) > 0 {
		return u.leads[g.rng.IntN(len(u.leads))]
	}
	if u.top != nil {
		return u.top
	}
	return u.parent.top
}

// undo reverses one past change of an active employee; it reports false
// when the change turns out impossible (and is then left out).
type undo struct {
	d      date.Date
	reason string
	raise  float64
	apply  func(*state) bool
}

// pastChanges draws the changes of the last three years: a promotion into
// the current job, and for some individual contributors a transfer from a
// sister team, a move from another worksite or a move up from part time.
func (g *gen) pastChanges(p *person) []undo {
	var past []undo
	add := func(u undo) {
		for _, o := range past {
			if o.d.Equal(u.d) {
				return
			}
		}
		past = append(past, u)
	}
	if !p.promo.IsZero() {
		prev := g.jobs[p.job.prev]
		add(undo{d: p.promo, reason: "promotion", raise: 0.08 + 0.05*g.rng.Float64(), apply: func(s *state) bool { s.job = prev; return true }})
	}
	from, to := date.Max(p.hire.AddDays(60), g.window.AddDays(1)), g.today.AddDays(-7)
	if p.height > 0 || p.special || from.After(to) {
		return past
	}
	if len(g.poolmates(p.unit)) > 0 && g.chance(0.07) {
		add(undo{d: g.between(from, to), reason: "transfer", apply: func(s *state) bool {
			next, reason, ok := g.move(*s, false)
			if ok && reason == "transfer" {
				*s = next
			}
			return ok && reason == "transfer"
		}})
	}
	if g.canRelocate(p.unit) && g.chance(0.03) {
		add(undo{d: g.between(from, to), reason: "location_change", apply: func(s *state) bool {
			for range 6 {
				if l := g.location(s.unit, false); l != s.loc {
					s.loc = l
					return true
				}
			}
			return false
		}})
	}
	if p.etype == "full_time" && p.job.hourly() && p.loc.key == "reno" && g.chance(0.08) {
		add(undo{d: g.between(from, to), reason: "schedule_change", apply: func(s *state) bool {
			s.etype, s.hours = "part_time", 20+g.rng.IntN(5)
			return true
		}})
	}
	slices.SortFunc(past, func(a, b undo) int { return b.d.Compare(a.d) })
	return past
}

// currentStint works back from an active employee's current state through
// the changes of the last three years, and forward to next month's.
func (g *gen) currentStint(p *person) stint {
	cur := state{unit: p.unit, loc: p.loc, job: p.job, etype: p.etype, hours: p.hours, home: p.mgr}
	s := stint{start: p.hire, reason: "hire", breakReason: p.breakReason, target: g.payFor(p.job) * zoneFactor(p.loc)}
	if p.prior != nil {
		s.reason = "rehire"
	}
	st := cur
	for _, u := range g.pastChanges(p) {
		after := st
		if u.apply(&st) {
			s.changes = append(s.changes, change{d: u.d, reason: u.reason, raise: u.raise, after: after})
		}
	}
	slices.Reverse(s.changes)
	s.init = st
	if p.future {
		if next, reason, ok := g.move(cur, false); ok {
			s.changes = append(s.changes, change{d: g.today.FirstOfMonth().AddMonths(1), reason: reason, after: next})
		}
	}
	if p.leaving != nil {
		s.end, s.term = p.lastDay, *p.leaving
	}
	return s
}

// leavers adds the employees who left during the three years, at about
// each department's annual turnover.
func (g *gen) leavers() {
	for i := range deptDefs {
		d := &deptDefs[i]
		var units []*unit
		var ws []weight
		size := 0
		for _, u := range g.units {
			if u.dept == d {
				size += len(u.members)
			}
			if u.dept == d && len(u.members) > 0 && (u.team != nil || len(g.teamsOf(u)) == 0) {
				units = append(units, u)
				ws = append(ws, weight{key: u.name, w: float64(len(u.members))})
			}
		}
		count := int(math.Round(float64(size) * d.turnover * 3))
		for range count {
			k := g.pick(ws)
			for _, u := range units {
				if u.name == k {
					g.leaver(u)
					break
				}
			}
		}
	}
}

func (g *gen) teamsOf(u *unit) []*unit {
	var out []*unit
	for _, o := range g.units {
		if o.parent == u && o.kind == "team" {
			out = append(out, o)
		}
	}
	return out
}

func (g *gen) leaver(u *unit) {
	g.seq++
	p := &person{seq: g.seq, unit: u, persona: -1}
	p.job = g.jobs[g.pick(u.ics())]
	p.loc = g.location(u, false)
	p.etype, p.hours = "full_time", 40
	if p.job.hourly() {
		p.etype, p.hours = g.schedule(u.sched(), p.loc)
	}
	last := g.between(g.window.AddDays(1), g.today.AddDays(-1))
	if p.etype == "seasonal" {
		p.hire = last.AddDays(-60 - g.rng.IntN(90))
	} else {
		mean := 900.0
		switch u.sched() {
		case schedReno, schedStore, schedCTX:
			mean = 320
		case schedSupport:
			mean = 450
		}
		p.hire = last.AddDays(-14 - int(g.rng.ExpFloat64()*mean))
		if !p.hire.After(g.founded) {
			p.hire = g.founded.AddDays(30 + g.rng.IntN(365))
		}
	}
	p.orig = p.hire
	t := g.termination(p.etype, p.hire, last)
	g.emit(p, stint{start: p.hire, end: last, reason: "hire", target: g.payFor(p.job) * zoneFactor(p.loc), term: t,
		init: state{unit: u, loc: p.loc, job: p.job, etype: p.etype, hours: p.hours, home: g.leadOf(u)}})
	g.name(p)
	g.gone = append(g.gone, p)
}

// termination draws why someone leaves, and whether they may come back.
func (g *gen) termination(etype string, start, last date.Date) people.Termination {
	t := people.Termination{LastDay: last, Voluntary: true, RehireEligible: true}
	r := g.rng.Float64()
	switch {
	case etype == "seasonal" || etype == "temporary":
		t.Reason, t.RehireEligible = "end_of_assignment", g.chance(0.95)
	case r < 0.58:
		t.Reason, t.RehireEligible = "resignation", g.chance(0.92)
		// About a third of resignations are people the company wanted to
		// keep (drawn from the dates, so the random sequence is unchanged).
		t.Regretted = (start.Day()+last.Day())%3 == 0
	case r < 0.64 && start.AddYears(5).Before(last):
		t.Reason = "retirement"
	case r < 0.70:
		t.Reason, t.RehireEligible = "job_abandonment", false
		if r < 0.67 {
			t.Reason, t.RehireEligible = "resignation", true
		}
	case r < 0.82:
		t.Reason, t.Voluntary, t.RehireEligible = "performance", false, g.chance(0.3)
	case r < 0.87:
		t.Reason, t.Voluntary, t.RehireEligible = "misconduct", false, false
	case r < 0.92:
		t.Reason, t.Voluntary = "layoff", false
	case r < 0.96:
		t.Reason, t.Voluntary = "position_eliminated", false
	default:
		t.Reason, t.Voluntary, t.RehireEligible = "other", false, g.chance(0.5)
	}
	return t
}

// effective is the nearest manager in home's chain already managing on d.
func effective(home *person, d date.Date) *person {
	for a := home; a != nil; a = a.mgr {
		if !a.mgrSince.After(d) {
			return a
		}
	}
	return nil
}

// emit turns a stint into the period, assignment rows (with manager
// changes as new managers take over) and pay records.
func (g *gen) emit(p *person, s stint) {
	per := people.EmploymentPeriod{Start: s.start, End: s.end, BreakReason: s.breakReason}
	if !s.end.IsZero() {
		v, r, reg := s.term.Voluntary, s.term.RehireEligible, s.term.Voluntary && s.term.Regretted
		per.TerminationReason, per.Voluntary, per.RehireEligible, per.Regretted = s.term.Reason, &v, &r, &reg
	}
	p.periods = append(p.periods, per)
	first := len(p.asg)
	segs := append([]change{{d: s.start, reason: s.reason, after: s.init}}, s.changes...)
	for i, c := range segs {
		end := g.today.AddYears(5)
		if i+1 < len(segs) {
			end = segs[i+1].d
		}
		if !s.end.IsZero() && s.end.AddDays(1).Before(end) {
			end = s.end.AddDays(1)
		}
		g.segment(p, c, end)
	}
	g.pay(p, s, p.asg[first:])
}

func (g *gen) segment(p *person, c change, end date.Date) {
	dates := []date.Date{c.d}
	for a := c.after.home; a != nil; a = a.mgr {
		if a.mgrSince.After(c.d) && a.mgrSince.Before(end) && !slices.ContainsFunc(dates, a.mgrSince.Equal) {
			dates = append(dates, a.mgrSince)
		}
	}
	slices.SortFunc(dates, date.Date.Compare)
	var last *person
	for i, d := range dates {
		m := effective(c.after.home, d)
		if i > 0 && m == last {
			continue
		}
		reason := c.reason
		if i > 0 {
			reason = "manager_change"
		}
		a := c.after
		p.asg = append(p.asg, asgRow{from: d, unit: a.unit, loc: a.loc, job: a.job, mgr: m, etype: a.etype, hours: a.hours, reason: reason})
		last = m
	}
}
