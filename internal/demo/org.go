package demo

import (
	"fmt"
	"github.com/cadrehq/cadre/internal/hiring"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// gen holds the company being generated, in memory, before it is written.
type gen struct {
	n       int // active employees
	today   date.Date
	window  date.Date // start of the three years of history
	founded date.Date
	rng     *rand.Rand

	grades    []*gradeDef
	jobs      map[string]*jobDef
	jobList   []*jobDef
	jds       map[int64]string          // each requisitioned job's description in use, by job id
	panelists map[int64]hiring.Panelist // interviewers by user id
	busy      map[busyKey]bool          // interviewers' booked slots
	locs      map[string]*locDef
	locList   []*locDef
	remotes   []*locDef

	root    *unit
	units   []*unit // parents before children
	depts   map[string]*unit
	ceo     *person
	persona [numPersonas]*person
	active  []*person // tree order: managers before their reports
	gone    []*person // terminated employees
	emails  map[string]int
	seq     int

	pending, upcoming, rejected []*person
	futureMoves                 int
	reqs                        []demoReq
	candidateSeq                int
	hireLog                     []demoHire
}

// demoHire is a hire of the recruiting history, for the demo's costs.
type demoHire struct {
	month  date.Date
	source string
	annual int64
}

// unit is an org unit: the root, a department or a team.
type unit struct {
	name, kind string
	parent     *unit
	dept       *deptDef
	team       *teamDef
	id         int64
	top        *person
	members    []*person // active
	leads      []*person // active first-line managers
	placed     int       // round-robin counter for fixed-location teams
}

func (u *unit) ics() []weight {
	if u.team != nil && u.team.ics != nil {
		return u.team.ics
	}
	return u.dept.ics
}

func (u *unit) locs() []weight {
	if u.team != nil && u.team.locs != nil {
		return u.team.locs
	}
	return u.dept.locs
}

func (u *unit) ladder() []string {
	if u.team != nil && u.team.ladder != nil {
		return u.team.ladder
	}
	return u.dept.ladder
}

func (u *unit) sched() string {
	if u.team != nil {
		return u.team.sched
	}
	return u.dept.sched
}

func (u *unit) pool() string {
	if u.team != nil {
		return u.team.pool
	}
	return ""
}

// person is one employee with their generated history.
type person struct {
	seq    int
	id     int64
	number string

	given, family, preferred string
	email, phone             string
	gender, race             string

	// Current placement (as of today).
	unit    *unit
	loc     *locDef
	job     *jobDef
	mgr     *person
	reports []*person
	height  int // 0 for individual contributors
	etype   string
	hours   int

	orig, hire date.Date // first and current period start
	mgrSince   date.Date // from when others may report to them
	promo      date.Date // promotion into the current job

	persona     int       // -1 when none
	protected   bool      // kept out of random one-off events
	special     bool      // a scripted rehire
	prior       *stint    // an earlier stint (rehires)
	breakReason string    // for the break before the current stint
	lastDay     date.Date // an approved last day still ahead
	leaving     *people.Termination
	request     *people.Termination // a pending or rejected request
	rejected    bool
	future      bool // has a change effective next month

	periods  []people.EmploymentPeriod
	asg      []asgRow
	pays     []people.PayRecord
	hoursLog []people.HoursEntry
	contacts []people.EmergencyContact
}

func (p *person) name() string {
	g := p.given
	if p.preferred != "" {
		g = p.preferred
	}
	return g + " " + p.family
}

// asgRow is an assignment whose references are resolved at write time.
type asgRow struct {
	from   date.Date
	unit   *unit
	loc    *locDef
	job    *jobDef
	mgr    *person
	etype  string
	hours  int
	reason string
}

func newGen(opts Options) *gen {
	g := &gen{
		n: opts.Employees, today: opts.Today,
		rng:  rand.New(rand.NewPCG(uint64(opts.Seed), 0x4e6f72746877696e)),
		jobs: map[string]*jobDef{}, panelists: map[int64]hiring.Panelist{}, busy: map[busyKey]bool{},
		locs:   map[string]*locDef{},
		depts:  map[string]*unit{},
		emails: map[string]int{},
	}
	g.window = g.today.AddYears(-3)
	g.founded = g.today.AddYears(-15)
	byName := map[string]*gradeDef{}
	for i := range gradeDefs {
		gd := gradeDefs[i]
		g.grades = append(g.grades, &gd)
		byName[gd.name] = &gd
	}
	for i := range jobDefs {
		j := jobDefs[i]
		j.g = byName[j.grade]
		g.jobList = append(g.jobList, &j)
		g.jobs[j.title] = &j
	}
	for i := range locDefs {
		l := locDefs[i]
		g.locList = append(g.locList, &l)
		g.locs[l.key] = &l
		if l.kind == remote {
			g.remotes = append(g.remotes, &l)
		}
	}
	return g
}

// pick draws a key by weight.
func (g *gen) pick(ws []weight) string {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	r := g.rng.Float64() * total
	for _, w := range ws {
		if r < w.w {
			return w.key
		}
		r -= w.w
	}
	return ws[len(ws)-1].key
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a date uniformly in [from, to]; from when the range is empty.
func (g *gen) between(from, to date.Date) date.Date {
	n := from.DaysUntil(to)
	if n <= 0 {
		return from
	}
	return from.AddDays(g.rng.IntN(n + 1))
}

// allocate splits total over weights (largest remainder), at least min each.
func allocate(total int, ws []float64, min int) []int {
	out := make([]int, len(ws))
	left := total - min*len(ws)
	if left < 0 {
		left = 0
	}
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	given := 0
	for i, w := range ws {
		exact := float64(left) * w / sum
		out[i] = min + int(exact)
		given += int(exact)
		rems = append(rems, rem{i, exact - math.Floor(exact)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; k < left-given; k++ {
		out[rems[k%len(rems)].i]++
	}
	return out
}

// deptSizes splits the active headcount over the departments.
func (g *gen) deptSizes() map[string]int {
	n := g.n
	sizes := map[string]int{
		"exec":    1 + min(max(n/100, 0), 3),
		"people":  max(10, int(math.Round(peopleShare*float64(n)))),
		"support": max(minSupport, int(math.Round(0.15*float64(n)))),
	}
	rest := n - sizes["exec"] - sizes["people"] - sizes["support"]
	var keys []string
	var ws []float64
	for _, d := range deptDefs {
		if _, fixed := sizes[d.key]; !fixed {
			keys = append(keys, d.key)
			ws = append(ws, d.share)
		}
	}
	for i, s := range allocate(rest, ws, 1) {
		sizes[keys[i]] = s
	}
	return sizes
}

func (g *gen) addUnit(name, kind string, parent *unit, d *deptDef, t *teamDef) *unit {
	u := &unit{name: name, kind: kind, parent: parent, dept: d, team: t}
	g.units = append(g.units, u)
	return u
}

// newPerson adds an active employee in u reporting to mgr.
func (g *gen) newPerson(u *unit, mgr *person) *person {
	g.seq++
	p := &person{seq: g.seq, unit: u, mgr: mgr, persona: -1}
	if mgr != nil {
		mgr.reports = append(mgr.reports, p)
	}
	u.members = append(u.members, p)
	g.active = append(g.active, p)
	return p
}

func (g *gen) newPersona(key int, u *unit, mgr *person) *person {
	p := g.newPerson(u, mgr)
	p.persona, p.protected = key, true
	g.persona[key] = p
	return p
}

// grow adds k employees under top, who gets between lo and hi direct
// reports when k allows; everyone below gets 3 to 12.
func (g *gen) grow(top *person, u *unit, k, lo, hi int) {
	if k <= 0 {
		return
	}
	if k <= hi {
		for range k {
			g.newPerson(u, top)
		}
		return
	}
	m := min(hi, (k+8)/9)
	d := max(0, lo-m)
	rest := k - m - d
	for range d {
		g.newPerson(u, top)
	}
	for i := range m {
		share := rest / m
		if i < rest%m {
			share++
		}
		g.grow(g.newPerson(u, top), u, share, 3, 12)
	}
}

// buildOrg creates the org units and the active reporting tree.
func (g *gen) buildOrg() {
	g.root = g.addUnit("Northwind Outfitters", "company", nil, nil, nil)
	sizes := g.deptSizes()
	for i := range deptDefs {
		d := &deptDefs[i]
		u := g.addUnit(d.name, "department", g.root, d, nil)
		g.depts[d.key] = u
		size := sizes[d.key]
		switch d.key {
		case "exec":
			g.ceo = g.newPerson(u, nil)
			u.top = g.ceo
			g.grow(g.ceo, u, size-1, 0, 3)
		case "people":
			g.buildPeople(u, size)
		case "support":
			g.buildSupport(u, size)
		default:
			g.buildDept(u, size)
		}
	}
	g.setHeights(g.ceo)
	for _, p := range g.active {
		if p.height == 1 {
			p.unit.leads = append(p.unit.leads, p)
		}
	}
}

func (g *gen) head(u *unit) *person {
	h := g.newPerson(u, g.ceo)
	u.top = h
	return h
}

// teamsFor creates the department's teams and their sizes once it is big.
func (g *gen) teamsFor(u *unit, size int) ([]*unit, []int) {
	d := u.dept
	if size < teamThreshold || len(d.teams) == 0 {
		return nil, nil
	}
	var teams []*unit
	var ws []float64
	fixed := -1
	for i := range d.teams {
		t := &d.teams[i]
		teams = append(teams, g.addUnit(t.name, "team", u, d, t))
		if t.fixed {
			fixed = i
			ws = append(ws, 0)
			continue
		}
		ws = append(ws, t.share)
	}
	if fixed < 0 {
		return teams, allocate(size, ws, 4)
	}
	small := min(max(4, int(math.Round(0.015*float64(g.n)))), 80, size/4)
	out := allocate(size-small, append(ws[:fixed:fixed], ws[fixed+1:]...), 4)
	out = slices.Insert(out, fixed, small)
	return teams, out
}

func (g *gen) buildDept(u *unit, size int) {
	h := g.head(u)
	rest := size - 1
	teams, tsizes := g.teamsFor(u, rest)
	if teams == nil {
		g.grow(h, u, rest, 3, 12)
		return
	}
	direct := max(0, 3-len(teams))
	for range direct {
		g.newPerson(u, h)
	}
	tsizes[0] -= direct
	for i, t := range teams {
		top := g.newPerson(t, h)
		t.top = top
		g.grow(top, t, tsizes[i]-1, 3, 12)
	}
}

// buildSupport places lead@ with six reports (employee@ among them) in
// Tier 1, or directly under the head while the department is small.
func (g *gen) buildSupport(u *unit, size int) {
	h := g.head(u)
	rest := size - 1
	teams, tsizes := g.teamsFor(u, rest)
	home, homeMgr := u, h
	if teams != nil {
		t1 := teams[0]
		t1.top = g.newPerson(t1, h)
		home, homeMgr = t1, t1.top
	}
	lead := g.newPersona(pLead, home, homeMgr)
	g.newPersona(pEmployee, home, lead)
	for range 5 {
		g.newPerson(home, lead).protected = true
	}
	if teams == nil {
		g.grow(h, u, rest-7, 2, 11)
		return
	}
	g.grow(teams[0].top, teams[0], tsizes[0]-1-7, 2, 11)
	for i, t := range teams[1:] {
		t.top = g.newPerson(t, h)
		g.grow(t.top, t, tsizes[i+1]-1, 3, 12)
	}
}

// buildPeople builds the HR team that DEMO.md describes, plus more HR
// staff when the company is large.
func (g *gen) buildPeople(u *unit, size int) {
	dir := g.newPersona(pDirector, u, g.ceo)
	u.top = dir
	mgr := g.newPersona(pManager, u, dir)
	ops := g.newPersona(pOpsManager, u, dir)
	g.newPersona(pCompensation, u, dir)
	for _, k := range []int{pGeneralist, pTechGeneralist, pSeniorGeneralist} {
		g.newPersona(k, u, mgr)
	}
	for _, k := range []int{pOpsGeneralist, pSupportGeneralist, pCoordinator} {
		g.newPersona(k, u, ops)
	}
	g.grow(dir, u, size-10, 0, 9)
}

func (g *gen) setHeights(p *person) int {
	h := 0
	for _, r := range p.reports {
		h = max(h, g.setHeights(r)+1)
	}
	p.height = h
	return h
}

// place sets every active employee's job, location and schedule.
func (g *gen) place() {
	for _, p := range g.active {
		u := p.unit
		switch {
		case p.persona >= 0:
			p.job = g.jobs[personas[p.persona].job]
		case u.top == p && u.kind == "department":
			p.job = g.jobs[u.dept.head]
		case p.height == 0:
			p.job = g.jobs[g.pick(u.ics())]
		default:
			l := u.ladder()
			p.job = g.jobs[l[min(p.height, len(l))-1]]
		}
		p.loc = g.location(u, p.height > 0)
		if p.persona >= 0 {
			p.loc = g.locs[personaLoc[p.persona]]
		}
		p.etype, p.hours = "full_time", 40
		if p.height == 0 && p.persona < 0 && p.job.hourly() {
			p.etype, p.hours = g.schedule(u.sched(), p.loc)
		}
	}
}

// personaLoc places the demo accounts' employees.
var personaLoc = [numPersonas]string{
	pDirector: "austin", pManager: "austin", pGeneralist: "austin", pLead: "roundrock", pEmployee: "roundrock",
	pOpsManager: "reno", pOpsGeneralist: "reno", pSupportGeneralist: "roundrock", pTechGeneralist: "denver",
	pSeniorGeneralist: "austin", pCoordinator: "austin", pCompensation: "austin",
}

// location draws a worksite for someone in u; managers are not remote.
func (g *gen) location(u *unit, manager bool) *locDef {
	ws := u.locs()
	if u.team != nil && u.team.fixed {
		u.placed++
		return g.locs[ws[u.placed%len(ws)].key]
	}
	for range 8 {
		k := g.pick(ws)
		if k != remote {
			return g.locs[k]
		}
		if !manager {
			return g.remotes[g.rng.IntN(len(g.remotes))]
		}
	}
	return g.locs[ws[0].key]
}

// schedule draws the employment type and weekly hours of an hourly IC.
// Reno part-timers are scheduled at most 24 hours a week, so that they stay
// under the FMLA 1,250-hour test.
func (g *gen) schedule(sched string, loc *locDef) (string, int) {
	r := g.rng.Float64()
	switch sched {
	case schedReno:
		if r < 0.30 {
			return "part_time", 20 + g.rng.IntN(5)
		}
		if r < 0.42 && loc.key == "reno" {
			return "seasonal", 20 + g.rng.IntN(13)
		}
	case schedStore:
		if r < 0.4 {
			return "part_time", 20 + g.rng.IntN(11)
		}
	case schedSupport:
		if r < 0.15 {
			return "part_time", 24 + g.rng.IntN(9)
		}
	case schedCTX:
		if r < 0.06 {
			return "temporary", 40
		}
	}
	return "full_time", 40
}

// name gives p a name, email and demographics.
func (g *gen) name(p *person) {
	if p.persona >= 0 {
		ps := personas[p.persona]
		p.given, p.family, p.gender, p.race, p.email = ps.given, ps.family, ps.gender, ps.race, ps.Email
	} else {
		r := g.rng.Float64()
		switch {
		case r < 0.49:
			p.gender, p.given = "Female", femaleNames[g.rng.IntN(len(femaleNames))]
		case r < 0.985:
			p.gender, p.given = "Male", maleNames[g.rng.IntN(len(maleNames))]
		default:
			p.gender = "Non-binary"
			all := append(femaleNames[:len(femaleNames):len(femaleNames)], maleNames...)
			p.given = all[g.rng.IntN(len(all))]
		}
		p.family = familyNames[g.rng.IntN(len(familyNames))]
		p.race = g.pick(raceWeights)
		if nick, ok := preferredNames[p.given]; ok && g.chance(0.4) {
			p.preferred = nick
		}
		base := emailLocal(p.given, p.family)
		g.emails[base]++
		if n := g.emails[base]; n > 1 {
			base += fmt.Sprint(n)
		}
		p.email = base + "@" + emailDomain
	}
	p.phone = g.phone(p.loc)
}

func (g *gen) phone(l *locDef) string {
	return fmt.Sprintf("(%s) 555-01%02d", l.area, g.rng.IntN(100))
}
