package careers

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Rating is one competency's rating in an assessment.
type Rating struct {
	CompetencyID int64  `json:"competency_id" required:"true"`
	Rating       int    `json:"rating" required:"true" minimum:"1" maximum:"5"`
	Evidence     string `json:"evidence,omitempty" doc:"What shows the level: work done, feedback, results (required from the line manager)"`
}

// Assess records ratings of an employee's competencies: the employee's
// own (careers.assess.self) or their line manager's
// (careers.assess.manager, with evidence for each rating). Each rating is
// a new row: the history stays. Errors: KindInvalid, KindForbidden,
// KindNotFound.
func (s *Service) Assess(ctx context.Context, a access.Actor, employeeID int64, ratings []Rating) error {
	self := a.EmployeeID != 0 && a.EmployeeID == employeeID
	perm, rater := access.CareerManagerAssess, "manager"
	if self {
		perm, rater = access.CareerSelfAssess, "self"
	}
	return s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, perm, employeeID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if len(ratings) == 0 {
			f.Add("ratings", "Rate at least one competency")
		}
		all, err := st.Competencies(ctx)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for i := range ratings {
			r := &ratings[i]
			field := fmt.Sprintf("rating_%d", r.CompetencyID)
			c := slices.IndexFunc(all, func(c Competency) bool { return c.ID == r.CompetencyID })
			if c < 0 {
				f.Add("ratings", "Choose competencies from the framework")
				continue
			}
			if seen[r.CompetencyID] {
				f.Add(field, "Rated twice")
			}
			seen[r.CompetencyID] = true
			if r.Rating < 1 || r.Rating > 5 {
				f.Add(field, "Choose a level from 1 to 5")
			}
			r.Evidence = text(f, fmt.Sprintf("evidence_%d", r.CompetencyID), r.Evidence, rater == "manager", 2000)
		}
		if err := f.Err(); err != nil {
			return err
		}
		name := a.Label()
		for _, r := range ratings {
			c := all[slices.IndexFunc(all, func(c Competency) bool { return c.ID == r.CompetencyID })]
			x := Assessment{EmployeeID: employeeID, CompetencyID: r.CompetencyID, Competency: c.Name, Rater: rater, RaterUserID: a.UserID, RaterName: name,
				Rating: r.Rating, Evidence: r.Evidence, AssessedOn: s.today(), CreatedAt: s.clock.Now()}
			if _, err := st.InsertAssessment(ctx, x); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "careers.assess", "employee", employeeID, fmt.Sprintf("Rated %d competencies of %s (%s)", len(ratings), p.Name, rater), nil, ratings)
	})
}

// Assessments returns an employee's ratings, newest first. Requires
// careers.view over them.
func (s *Service) Assessments(ctx context.Context, a access.Actor, employeeID int64) ([]Assessment, error) {
	if _, err := s.person(ctx, s.store, a, access.CareerView, employeeID); err != nil {
		return nil, err
	}
	return s.store.Assessments(ctx, employeeID)
}

// SetReadiness records the line manager's view of a report's readiness
// for a target job. Requires careers.assess.manager over the employee.
// Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) SetReadiness(ctx context.Context, a access.Actor, employeeID, jobID int64, status, note string) error {
	return s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.CareerManagerAssess, employeeID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if !slices.Contains(ReadinessStatuses, status) {
			f.Add("status", "Choose ready now, in 1–2 years or later")
		}
		note = text(f, "note", note, false, 2000)
		job, err := st.JobProfile(ctx, jobID)
		if err != nil {
			f.Add("target_job_id", "Choose a job from the catalogue")
		} else if job.JobID == p.JobID {
			f.Add("target_job_id", "Choose a job other than their current one")
		}
		if err := f.Err(); err != nil {
			return err
		}
		r := Readiness{EmployeeID: employeeID, TargetJobID: jobID, Status: status, Note: note, SetBy: a.UserID, SetByName: a.Label(), SetOn: s.today(), CreatedAt: s.clock.Now()}
		id, err := st.InsertReadiness(ctx, r)
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.readiness.set", "career_readiness", id, fmt.Sprintf("%s: %s for %s", p.Name, ReadinessLabel(status), job.Title), nil, r)
	})
}

// Gap is a competency the target job requires, against the employee's
// current proficiency: the line manager's latest rating, else their own.
type Gap struct {
	CompetencyID int64  `json:"competency_id"`
	Competency   string `json:"competency"`
	Kind         string `json:"kind"`
	Required     int    `json:"required"`
	Self         int    `json:"self" doc:"The latest self rating (0: none)"`
	Manager      int    `json:"manager" doc:"The latest line manager rating (0: none)"`
	Current      int    `json:"current" doc:"The manager's rating, else the self rating, else 0"`
	Gap          int    `json:"gap" doc:"Levels short of the requirement (0: met)"`
	NextLevel    string `json:"next_level" doc:"What the required level looks like"`
}

// CertGap is a credential the target job requires or recommends.
type CertGap struct {
	CertificationID int64     `json:"certification_id"`
	Name            string    `json:"name"`
	Abbreviation    string    `json:"abbreviation"`
	Required        bool      `json:"required"`
	Held            bool      `json:"held" doc:"A current credential"`
	ExpiresOn       date.Date `json:"expires_on,omitzero"`
}

// GapAnalysis is an employee against a target job.
type GapAnalysis struct {
	Person         Person     `json:"employee"`
	Current        JobProfile `json:"current_job"`
	Target         JobProfile `json:"target_job"`
	Competencies   []Gap      `json:"competencies"`
	Certifications []CertGap  `json:"certifications"`
	// MonthsInJob is the time in the current job; TypicalMonths the
	// current rung's typical time before the next.
	MonthsInJob   int        `json:"months_in_job"`
	TypicalMonths int        `json:"typical_months"`
	Readiness     *Readiness `json:"readiness,omitempty" doc:"The line manager's latest view for this target"`
	// GapCount counts competencies short of the requirement and
	// credentials missing.
	GapCount int       `json:"gap_count"`
	Plans    []DevPlan `json:"plans" doc:"Development plans toward this target"`
}

// Gaps analyses an employee against a target job (0: the next move out of
// their current job). Requires careers.view over the employee. Errors:
// KindNotFound, KindInvalid (no target).
func (s *Service) Gaps(ctx context.Context, a access.Actor, employeeID, targetJobID int64) (GapAnalysis, error) {
	var g GapAnalysis
	p, err := s.person(ctx, s.store, a, access.CareerView, employeeID)
	if err != nil {
		return g, err
	}
	g.Person = p
	if p.JobID != 0 {
		if g.Current, err = s.profile(ctx, s.store, p.JobID); err != nil {
			return g, err
		}
	}
	if targetJobID == 0 {
		if len(g.Current.Next) == 0 {
			return g, kit.Invalid("target_job_id", "Choose a target job: "+p.JobTitle+" has no next step on a ladder")
		}
		targetJobID = g.Current.Next[0].ToJobID
	}
	if g.Target, err = s.profile(ctx, s.store, targetJobID); err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return g, kit.Invalid("target_job_id", "Choose a job from the catalogue")
		}
		return g, err
	}
	as, err := s.store.Assessments(ctx, employeeID)
	if err != nil {
		return g, err
	}
	comps, err := s.store.Competencies(ctx)
	if err != nil {
		return g, err
	}
	for _, r := range g.Target.Competencies {
		x := Gap{CompetencyID: r.CompetencyID, Competency: r.Competency, Kind: r.Kind, Required: r.Level}
		x.Self, x.Manager = latest(as, r.CompetencyID)
		x.Current = x.Self
		if x.Manager > 0 {
			x.Current = x.Manager
		}
		if x.Current < x.Required {
			x.Gap = x.Required - x.Current
			g.GapCount++
		}
		if i := slices.IndexFunc(comps, func(c Competency) bool { return c.ID == r.CompetencyID }); i >= 0 && r.Level >= 1 && r.Level <= 5 {
			x.NextLevel = comps[i].Levels[r.Level-1]
		}
		g.Competencies = append(g.Competencies, x)
	}
	sort.SliceStable(g.Competencies, func(i, j int) bool { return g.Competencies[i].Gap > g.Competencies[j].Gap })
	creds, err := s.store.Credentials(ctx, employeeID)
	if err != nil {
		return g, err
	}
	today := s.today()
	for _, r := range g.Target.Certifications {
		x := CertGap{CertificationID: r.CertificationID, Name: r.Name, Abbreviation: r.Abbreviation, Required: r.Required}
		for _, c := range creds {
			if c.CertificationID == r.CertificationID && c.Current(today) {
				x.Held, x.ExpiresOn = true, c.ExpiresOn
			}
		}
		if !x.Held {
			g.GapCount++
		}
		g.Certifications = append(g.Certifications, x)
	}
	g.Competencies, g.Certifications = nonNil(g.Competencies), nonNil(g.Certifications)
	if !p.InJobSince.IsZero() {
		g.MonthsInJob = monthsBetween(p.InJobSince, today)
	}
	g.TypicalMonths = g.Current.TypicalMonths
	rs, err := s.store.ReadinessOf(ctx, employeeID)
	if err != nil {
		return g, err
	}
	for i := range rs {
		if rs[i].TargetJobID == targetJobID {
			g.Readiness = &rs[i]
			break
		}
	}
	plans, err := s.store.DevPlans(ctx, employeeID)
	if err != nil {
		return g, err
	}
	g.Plans = []DevPlan{}
	for _, pl := range plans {
		if pl.TargetJobID == targetJobID {
			g.Plans = append(g.Plans, pl)
		}
	}
	return g, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// latest returns the latest self and manager ratings of a competency
// (assessments come newest first).
func latest(as []Assessment, competencyID int64) (self, manager int) {
	for _, x := range as {
		if x.CompetencyID != competencyID {
			continue
		}
		if x.Rater == "self" && self == 0 {
			self = x.Rating
		}
		if x.Rater == "manager" && manager == 0 {
			manager = x.Rating
		}
	}
	return self, manager
}

// monthsBetween counts whole months from a to b.
func monthsBetween(a, b date.Date) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(m, 0)
}

// Person returns an employee as careers read them. Requires careers.view
// over them.
func (s *Service) Person(ctx context.Context, a access.Actor, employeeID int64) (Person, error) {
	return s.person(ctx, s.store, a, access.CareerView, employeeID)
}

// Overview is an employee's career: where they are, what comes next,
// their assessments, readiness, plans, credentials and training.
type Overview struct {
	Person      Person           `json:"employee"`
	Job         JobProfile       `json:"job"`
	Ladder      *Ladder          `json:"ladder,omitempty"`
	Next        *GapAnalysis     `json:"next,omitempty" doc:"The gap analysis for the next step, when the job has one"`
	Assessments []Assessment     `json:"assessments"`
	Readiness   []Readiness      `json:"readiness"`
	Plans       []DevPlan        `json:"plans"`
	Credentials []Credential     `json:"credentials"`
	Training    []TrainingRecord `json:"training"`
}

// Overview returns an employee's career. Requires careers.view over them.
func (s *Service) Overview(ctx context.Context, a access.Actor, employeeID int64) (Overview, error) {
	var o Overview
	p, err := s.person(ctx, s.store, a, access.CareerView, employeeID)
	if err != nil {
		return o, err
	}
	o.Person = p
	if p.JobID != 0 {
		if o.Job, err = s.profile(ctx, s.store, p.JobID); err != nil {
			return o, err
		}
		if o.Job.LadderID != 0 {
			l, err := s.store.GetLadder(ctx, o.Job.LadderID)
			if err != nil {
				return o, err
			}
			o.Ladder = &l
		}
		if len(o.Job.Next) > 0 {
			g, err := s.Gaps(ctx, a, employeeID, 0)
			if err != nil {
				return o, err
			}
			o.Next = &g
		}
	}
	if o.Assessments, err = s.store.Assessments(ctx, employeeID); err != nil {
		return o, err
	}
	if o.Readiness, err = s.store.ReadinessOf(ctx, employeeID); err != nil {
		return o, err
	}
	if o.Plans, err = s.store.DevPlans(ctx, employeeID); err != nil {
		return o, err
	}
	if o.Credentials, err = s.credentials(ctx, s.store, employeeID); err != nil {
		return o, err
	}
	if o.Training, err = s.store.TrainingRecords(ctx, employeeID); err != nil {
		return o, err
	}
	o.Assessments, o.Readiness, o.Plans, o.Credentials, o.Training = nonNil(o.Assessments), nonNil(o.Readiness), nonNil(o.Plans), nonNil(o.Credentials), nonNil(o.Training)
	return o, nil
}

// TeamMember is a direct report with their career at a glance.
type TeamMember struct {
	Person      Person     `json:"employee"`
	Readiness   *Readiness `json:"readiness,omitempty" doc:"The latest readiness set"`
	LastRated   date.Date  `json:"last_rated,omitzero" doc:"The last line manager rating"`
	ActivePlans int        `json:"active_plans"`
	Expiring    int        `json:"credentials_expiring" doc:"Credentials expired or expiring within 90 days"`
}

// Team lists the actor's direct reports with their readiness, last
// rating, plans and expiring credentials. Requires
// careers.assess.manager (line managers).
func (s *Service) Team(ctx context.Context, a access.Actor) ([]TeamMember, error) {
	if a.EmployeeID == 0 || !a.HasReports {
		return nil, access.Require(a, access.CareerManagerAssess, access.Target{EmployeeID: -1})
	}
	ps, err := s.store.CareerReports(ctx, a.EmployeeID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []TeamMember{}
	for _, p := range ps {
		if !access.Can(a, access.CareerManagerAssess, p.target()) {
			continue
		}
		m := TeamMember{Person: p}
		rs, err := s.store.ReadinessOf(ctx, p.EmployeeID)
		if err != nil {
			return nil, err
		}
		if len(rs) > 0 {
			m.Readiness = &rs[0]
		}
		as, err := s.store.Assessments(ctx, p.EmployeeID)
		if err != nil {
			return nil, err
		}
		for _, x := range as {
			if x.Rater == "manager" {
				m.LastRated = x.AssessedOn
				break
			}
		}
		plans, err := s.store.DevPlans(ctx, p.EmployeeID)
		if err != nil {
			return nil, err
		}
		for _, pl := range plans {
			if pl.Status == PlanActive {
				m.ActivePlans++
			}
		}
		cs, err := s.store.Credentials(ctx, p.EmployeeID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			c.derive(today)
			if c.Status == "expiring" || c.Status == "expired" {
				m.Expiring++
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// SuccessionRole is a key role with its incumbents and candidates.
type SuccessionRole struct {
	Job        JobProfile  `json:"job"`
	Note       string      `json:"note"`
	Incumbents []Person    `json:"incumbents"`
	Candidates []Readiness `json:"candidates" doc:"The latest readiness of each candidate, readiest first"`
	ReadyNow   int         `json:"ready_now"`
	OneToTwo   int         `json:"one_to_two_years"`
	Later      int         `json:"later"`
	// Bench is strong (two or more ready now), adequate (one ready now,
	// or two in 1–2 years), weak (someone later or in 1–2 years) or none.
	Bench string `json:"bench" enum:"strong,adequate,weak,none"`
}

// Succession lists the key roles with incumbents and candidates in the
// actor's scope. Requires careers.succession.
func (s *Service) Succession(ctx context.Context, a access.Actor) ([]SuccessionRole, error) {
	paths, whole := access.ScopePaths(a, access.SuccessionView)
	if !whole && len(paths) == 0 {
		return nil, access.Require(a, access.SuccessionView, access.Target{EmployeeID: -1})
	}
	roles, err := s.store.KeyRoles(ctx)
	if err != nil {
		return nil, err
	}
	out := []SuccessionRole{}
	for _, j := range roles {
		r := SuccessionRole{Job: j, Note: j.Summary}
		if r.Incumbents, err = s.store.CareerPeople(ctx, j.JobID, paths, whole); err != nil {
			return nil, err
		}
		rs, err := s.store.ReadinessFor(ctx, j.JobID)
		if err != nil {
			return nil, err
		}
		for _, x := range rs {
			if !access.Can(a, access.SuccessionView, access.Target{EmployeeID: x.EmployeeID, OrgPath: x.OrgPath}) {
				continue
			}
			r.Candidates = append(r.Candidates, x)
			switch x.Status {
			case ReadyNow:
				r.ReadyNow++
			case ReadyOneToTwo:
				r.OneToTwo++
			default:
				r.Later++
			}
		}
		sort.SliceStable(r.Candidates, func(i, k int) bool {
			return slices.Index(ReadinessStatuses, r.Candidates[i].Status) < slices.Index(ReadinessStatuses, r.Candidates[k].Status)
		})
		switch {
		case r.ReadyNow >= 2:
			r.Bench = "strong"
		case r.ReadyNow == 1 || r.OneToTwo >= 2:
			r.Bench = "adequate"
		case r.OneToTwo+r.Later > 0:
			r.Bench = "weak"
		default:
			r.Bench = "none"
		}
		r.Incumbents, r.Candidates = nonNil(r.Incumbents), nonNil(r.Candidates)
		out = append(out, r)
	}
	return out, nil
}
