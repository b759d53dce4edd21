package store

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"time"

	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Careers returns the careers.Store on this database.
func (db *DB) Careers() careers.Store { return careersStore{db.Reader()} }

type careersStore struct{ *Conn }

func (s careersStore) InTx(ctx context.Context, fn func(careers.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(careersStore{c}) })
}

func toX100(v float64) int64   { return int64(math.Round(v * 100)) }
func fromX100(v int64) float64 { return float64(v) / 100 }

// Jobs and competencies.

func (c *Conn) CareerJobs(ctx context.Context) ([]careers.Job, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Job, error) {
		var j careers.Job
		return j, sc.Scan(&j.ID, &j.Title, &j.Family, &j.Level)
	}, `SELECT id, title, family, level FROM jobs ORDER BY family, level, title`)
}

const competencyCols = `id, name, kind, category, description, levels, active, updated_at FROM competencies`

func scanCompetency(sc interface{ Scan(...any) error }) (careers.Competency, error) {
	var x careers.Competency
	var levels string
	if err := sc.Scan(&x.ID, &x.Name, &x.Kind, &x.Category, &x.Description, &levels, &x.Active, &x.UpdatedAt); err != nil {
		return x, err
	}
	x.UpdatedAt = x.UpdatedAt.UTC()
	_ = json.Unmarshal([]byte(levels), &x.Levels)
	return x, nil
}

func (c *Conn) Competencies(ctx context.Context) ([]careers.Competency, error) {
	return scanAll(ctx, c, scanCompetency, `SELECT `+competencyCols+` ORDER BY kind DESC, category, name`)
}

func (c *Conn) GetCompetency(ctx context.Context, id int64) (careers.Competency, error) {
	x, err := scanCompetency(c.row(ctx, `SELECT `+competencyCols+` WHERE id = ?`, id))
	return x, notFound(err, "competency")
}

func (c *Conn) SaveCompetency(ctx context.Context, x careers.Competency) (int64, error) {
	levels, _ := json.Marshal(x.Levels)
	args := []any{x.Name, x.Kind, x.Category, x.Description, string(levels), x.Active, x.UpdatedAt.UTC()}
	if x.ID == 0 {
		id, err := c.insert(ctx, `INSERT INTO competencies (name, kind, category, description, levels, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, args...)
		if isUnique(err) {
			return 0, kit.Invalid("name", "A competency has this name")
		}
		return id, err
	}
	res, err := c.exec(ctx, `UPDATE competencies SET name = ?, kind = ?, category = ?, description = ?, levels = ?, active = ?, updated_at = ? WHERE id = ?`, append(args, x.ID)...)
	if isUnique(err) {
		return 0, kit.Invalid("name", "A competency has this name")
	}
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, kit.NotFound("competency")
	}
	return x.ID, nil
}

// Ladders.

func (c *Conn) ladderRungs(ctx context.Context, ladderID int64) ([]careers.Rung, error) {
	q := `SELECT r.id, r.ladder_id, r.position, r.job_id, j.title, j.level, r.summary, r.typical_months,
		(SELECT count(*) FROM employees e WHERE e.job_id = r.job_id AND e.status <> 'terminated')
		FROM career_rungs r JOIN jobs j ON j.id = r.job_id`
	args := []any{}
	if ladderID != 0 {
		q += ` WHERE r.ladder_id = ?`
		args = append(args, ladderID)
	}
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Rung, error) {
		var r careers.Rung
		return r, sc.Scan(&r.ID, &r.LadderID, &r.Position, &r.JobID, &r.JobTitle, &r.JobLevel, &r.Summary, &r.TypicalMonths, &r.Holders)
	}, q+` ORDER BY r.ladder_id, r.position`, args...)
}

func scanLadder(sc interface{ Scan(...any) error }) (careers.Ladder, error) {
	var l careers.Ladder
	err := sc.Scan(&l.ID, &l.Name, &l.Family, &l.Track, &l.Description, &l.UpdatedAt)
	l.UpdatedAt = l.UpdatedAt.UTC()
	return l, err
}

func (c *Conn) Ladders(ctx context.Context) ([]careers.Ladder, error) {
	ls, err := scanAll(ctx, c, scanLadder, `SELECT id, name, family, track, description, updated_at FROM career_ladders ORDER BY family, track DESC, name`)
	if err != nil {
		return nil, err
	}
	rs, err := c.ladderRungs(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range ls {
		ls[i].Rungs = []careers.Rung{}
		for _, r := range rs {
			if r.LadderID == ls[i].ID {
				ls[i].Rungs = append(ls[i].Rungs, r)
			}
		}
	}
	return ls, nil
}

func (c *Conn) GetLadder(ctx context.Context, id int64) (careers.Ladder, error) {
	l, err := scanLadder(c.row(ctx, `SELECT id, name, family, track, description, updated_at FROM career_ladders WHERE id = ?`, id))
	if err != nil {
		return l, notFound(err, "ladder")
	}
	if l.Rungs, err = c.ladderRungs(ctx, id); err != nil {
		return l, err
	}
	if l.Rungs == nil {
		l.Rungs = []careers.Rung{}
	}
	return l, nil
}

func (c *Conn) SaveLadder(ctx context.Context, l careers.Ladder) (int64, error) {
	args := []any{l.Name, l.Family, l.Track, l.Description, l.UpdatedAt.UTC()}
	id := l.ID
	if id == 0 {
		var err error
		id, err = c.insert(ctx, `INSERT INTO career_ladders (name, family, track, description, updated_at) VALUES (?, ?, ?, ?, ?)`, args...)
		if isUnique(err) {
			return 0, kit.Invalid("name", "A ladder has this name")
		}
		if err != nil {
			return 0, err
		}
	} else {
		res, err := c.exec(ctx, `UPDATE career_ladders SET name = ?, family = ?, track = ?, description = ?, updated_at = ? WHERE id = ?`, append(args, id)...)
		if isUnique(err) {
			return 0, kit.Invalid("name", "A ladder has this name")
		}
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, kit.NotFound("ladder")
		}
		if _, err := c.exec(ctx, `DELETE FROM career_rungs WHERE ladder_id = ?`, id); err != nil {
			return 0, err
		}
	}
	for _, r := range l.Rungs {
		if _, err := c.exec(ctx, `INSERT INTO career_rungs (ladder_id, position, job_id, summary, typical_months) VALUES (?, ?, ?, ?, ?)`, id, r.Position, r.JobID, r.Summary, r.TypicalMonths); err != nil {
			if isUnique(err) {
				return 0, kit.Invalid("rungs", "A job sits on one ladder only")
			}
			return 0, err
		}
	}
	return id, nil
}

func (c *Conn) CareerPaths(ctx context.Context) ([]careers.Path, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Path, error) {
		var p careers.Path
		return p, sc.Scan(&p.ID, &p.FromJobID, &p.FromTitle, &p.ToJobID, &p.ToTitle, &p.Kind, &p.Note)
	}, `SELECT p.id, p.from_job_id, f.title, p.to_job_id, t.title, p.kind, p.note FROM career_paths p JOIN jobs f ON f.id = p.from_job_id JOIN jobs t ON t.id = p.to_job_id ORDER BY f.title, t.title`)
}

func (c *Conn) InsertCareerPath(ctx context.Context, p careers.Path) (int64, error) {
	return c.insert(ctx, `INSERT INTO career_paths (from_job_id, to_job_id, kind, note) VALUES (?, ?, ?, ?)`, p.FromJobID, p.ToJobID, p.Kind, p.Note)
}

func (c *Conn) DeleteCareerPath(ctx context.Context, id int64) error {
	res, err := c.exec(ctx, `DELETE FROM career_paths WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("path")
	}
	return nil
}

func (c *Conn) JobProfile(ctx context.Context, jobID int64) (careers.JobProfile, error) {
	var p careers.JobProfile
	var note string
	var key bool
	err := c.row(ctx, `SELECT j.id, j.title, j.family, j.level, COALESCE(r.ladder_id, 0), COALESCE(l.name, ''), COALESCE(r.position, 0), COALESCE(r.summary, ''), COALESCE(r.typical_months, 0),
		CASE WHEN k.job_id IS NULL THEN 0 ELSE 1 END, COALESCE(k.note, '')
		FROM jobs j LEFT JOIN career_rungs r ON r.job_id = j.id LEFT JOIN career_ladders l ON l.id = r.ladder_id LEFT JOIN succession_roles k ON k.job_id = j.id WHERE j.id = ?`, jobID).
		Scan(&p.JobID, &p.Title, &p.Family, &p.Level, &p.LadderID, &p.LadderName, &p.Position, &p.Summary, &p.TypicalMonths, &key, &note)
	if err != nil {
		return p, notFound(err, "job")
	}
	p.KeyRole = key
	if p.Summary == "" {
		p.Summary = note
	}
	if p.Competencies, err = scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Requirement, error) {
		var r careers.Requirement
		return r, sc.Scan(&r.CompetencyID, &r.Competency, &r.Kind, &r.Level)
	}, `SELECT x.competency_id, m.name, m.kind, x.level FROM job_competencies x JOIN competencies m ON m.id = x.competency_id WHERE x.job_id = ? ORDER BY m.kind DESC, m.category, m.name`, jobID); err != nil {
		return p, err
	}
	if p.Certifications, err = scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.CertRequirement, error) {
		var r careers.CertRequirement
		return r, sc.Scan(&r.CertificationID, &r.Name, &r.Abbreviation, &r.Required)
	}, `SELECT x.certification_id, k.name, k.abbreviation, x.required FROM job_certifications x JOIN certifications k ON k.id = x.certification_id WHERE x.job_id = ? ORDER BY x.required DESC, k.name`, jobID); err != nil {
		return p, err
	}
	if p.Competencies == nil {
		p.Competencies = []careers.Requirement{}
	}
	if p.Certifications == nil {
		p.Certifications = []careers.CertRequirement{}
	}
	return p, nil
}

func (c *Conn) SetJobCompetencies(ctx context.Context, jobID int64, rs []careers.Requirement) error {
	if _, err := c.exec(ctx, `DELETE FROM job_competencies WHERE job_id = ?`, jobID); err != nil {
		return err
	}
	for _, r := range rs {
		if _, err := c.exec(ctx, `INSERT INTO job_competencies (job_id, competency_id, level) VALUES (?, ?, ?)`, jobID, r.CompetencyID, r.Level); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) SetJobCertifications(ctx context.Context, jobID int64, rs []careers.CertRequirement) error {
	if _, err := c.exec(ctx, `DELETE FROM job_certifications WHERE job_id = ?`, jobID); err != nil {
		return err
	}
	for _, r := range rs {
		if _, err := c.exec(ctx, `INSERT INTO job_certifications (job_id, certification_id, required) VALUES (?, ?, ?)`, jobID, r.CertificationID, r.Required); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) SetKeyRole(ctx context.Context, jobID int64, key bool, note string, at time.Time) error {
	if _, err := c.exec(ctx, `DELETE FROM succession_roles WHERE job_id = ?`, jobID); err != nil {
		return err
	}
	if !key {
		return nil
	}
	_, err := c.exec(ctx, `INSERT INTO succession_roles (job_id, note, created_at) VALUES (?, ?, ?)`, jobID, note, at.UTC())
	return err
}

func (c *Conn) KeyRoles(ctx context.Context) ([]careers.JobProfile, error) {
	ids, err := scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `SELECT k.job_id FROM succession_roles k JOIN jobs j ON j.id = k.job_id ORDER BY j.family, j.level DESC, j.title`)
	if err != nil {
		return nil, err
	}
	var out []careers.JobProfile
	for _, id := range ids {
		p, err := c.JobProfile(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Certifications.

const certCols = `k.id, k.name, k.abbreviation, k.issuer, k.kind, k.validity_months, k.credits_required, k.credit_unit, k.description, k.url, k.active, k.updated_at`

func scanCert(sc interface{ Scan(...any) error }, holders bool) (careers.Certification, error) {
	var x careers.Certification
	var credits int64
	dest := []any{&x.ID, &x.Name, &x.Abbreviation, &x.Issuer, &x.Kind, &x.ValidityMonths, &credits, &x.CreditUnit, &x.Description, &x.URL, &x.Active, &x.UpdatedAt}
	if holders {
		dest = append(dest, &x.Holders)
	}
	err := sc.Scan(dest...)
	x.CreditsRequired, x.UpdatedAt = fromX100(credits), x.UpdatedAt.UTC()
	return x, err
}

func (c *Conn) Certifications(ctx context.Context, today date.Date) ([]careers.Certification, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Certification, error) { return scanCert(sc, true) },
		`SELECT `+certCols+`, (SELECT count(DISTINCT d.employee_id) FROM credentials d JOIN employees e ON e.id = d.employee_id
			WHERE d.certification_id = k.id AND d.renewed_by IS NULL AND d.issued_on <= ? AND (d.expires_on IS NULL OR d.expires_on >= ?) AND e.status <> 'terminated')
		FROM certifications k ORDER BY k.kind, k.name`, today, today)
}

func (c *Conn) GetCertification(ctx context.Context, id int64) (careers.Certification, error) {
	x, err := scanCert(c.row(ctx, `SELECT `+certCols+` FROM certifications k WHERE k.id = ?`, id), false)
	return x, notFound(err, "certification")
}

func (c *Conn) SaveCertification(ctx context.Context, x careers.Certification) (int64, error) {
	args := []any{x.Name, x.Abbreviation, x.Issuer, x.Kind, x.ValidityMonths, toX100(x.CreditsRequired), x.CreditUnit, x.Description, x.URL, x.Active, x.UpdatedAt.UTC()}
	if x.ID == 0 {
		id, err := c.insert(ctx, `INSERT INTO certifications (name, abbreviation, issuer, kind, validity_months, credits_required, credit_unit, description, url, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if isUnique(err) {
			return 0, kit.Invalid("name", "The catalogue has a certification of this name")
		}
		return id, err
	}
	res, err := c.exec(ctx, `UPDATE certifications SET name = ?, abbreviation = ?, issuer = ?, kind = ?, validity_months = ?, credits_required = ?, credit_unit = ?, description = ?, url = ?, active = ?, updated_at = ? WHERE id = ?`, append(args, x.ID)...)
	if isUnique(err) {
		return 0, kit.Invalid("name", "The catalogue has a certification of this name")
	}
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, kit.NotFound("certification")
	}
	return x.ID, nil
}

// People.

const careerPersonCols = `e.id, COALESCE((SELECT min(u.id) FROM users u WHERE u.employee_id = e.id AND u.active), 0), e.given_name || ' ' || e.family_name, e.employee_number,
	e.job_id, j.title, j.family, o.name, o.path, COALESCE((SELECT min(u.id) FROM users u WHERE u.employee_id = e.manager_id AND u.active), 0), e.status <> 'terminated'
	FROM employees e JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id`

func scanCareerPerson(sc interface{ Scan(...any) error }) (careers.Person, error) {
	var p careers.Person
	err := sc.Scan(&p.EmployeeID, &p.UserID, &p.Name, &p.Number, &p.JobID, &p.JobTitle, &p.JobFamily, &p.OrgUnit, &p.OrgPath, &p.ManagerUser, &p.Employed)
	return p, err
}

func (c *Conn) CareerPerson(ctx context.Context, employeeID int64) (careers.Person, error) {
	p, err := scanCareerPerson(c.row(ctx, `SELECT `+careerPersonCols+` WHERE e.id = ?`, employeeID))
	if err != nil {
		return p, notFound(err, "employee")
	}
	if p.ManagerChain, err = c.ManagerChain(ctx, employeeID); err != nil {
		return p, err
	}
	// In the job since the first day of the latest unbroken run of
	// assignments to it.
	as, err := scanAll(ctx, c, func(sc interface{ Scan(...any) error }) ([2]any, error) {
		var d date.Date
		var job int64
		err := sc.Scan(&d, &job)
		return [2]any{d, job}, err
	}, `SELECT effective_from, job_id FROM assignments WHERE employee_id = ? ORDER BY effective_from DESC, id DESC`, employeeID)
	if err != nil {
		return p, err
	}
	for _, a := range as {
		if a[1].(int64) != p.JobID {
			break
		}
		p.InJobSince = a[0].(date.Date)
	}
	return p, nil
}

func (c *Conn) CareerPeople(ctx context.Context, jobID int64, paths []string, whole bool) ([]careers.Person, error) {
	scope, args := scopeSQL(paths, whole)
	return scanAll(ctx, c, scanCareerPerson, `SELECT `+careerPersonCols+` WHERE e.job_id = ? AND e.status <> 'terminated'`+scope+` ORDER BY e.sort_key, e.id`, append([]any{jobID}, args...)...)
}

func (c *Conn) CareerReports(ctx context.Context, managerEmployeeID int64) ([]careers.Person, error) {
	ps, err := scanAll(ctx, c, scanCareerPerson, `SELECT `+careerPersonCols+` WHERE e.manager_id = ? AND e.status <> 'terminated' ORDER BY e.sort_key, e.id`, managerEmployeeID)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ManagerChain, err = c.ManagerChain(ctx, ps[i].EmployeeID); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// Assessments and readiness.

func (c *Conn) Assessments(ctx context.Context, employeeID int64) ([]careers.Assessment, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Assessment, error) {
		var x careers.Assessment
		err := sc.Scan(&x.ID, &x.EmployeeID, &x.CompetencyID, &x.Competency, &x.Rater, &x.RaterUserID, &x.RaterName, &x.Rating, &x.Evidence, &x.AssessedOn, &x.CreatedAt)
		x.CreatedAt = x.CreatedAt.UTC()
		return x, err
	}, `SELECT a.id, a.employee_id, a.competency_id, m.name, a.rater, COALESCE(a.rater_user_id, 0), a.rater_name, a.rating, a.evidence, a.assessed_on, a.created_at
		FROM competency_assessments a JOIN competencies m ON m.id = a.competency_id WHERE a.employee_id = ? ORDER BY a.assessed_on DESC, a.id DESC`, employeeID)
}

func (c *Conn) InsertAssessment(ctx context.Context, x careers.Assessment) (int64, error) {
	return c.insert(ctx, `INSERT INTO competency_assessments (employee_id, competency_id, rater, rater_user_id, rater_name, rating, evidence, assessed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.EmployeeID, x.CompetencyID, x.Rater, nullInt(x.RaterUserID), x.RaterName, x.Rating, x.Evidence, x.AssessedOn, x.CreatedAt.UTC())
}

const readinessCols = `r.id, r.employee_id, e.given_name || ' ' || e.family_name, ej.title, o.name, o.path, r.job_id, j.title, r.status, r.note, COALESCE(r.set_by, 0), r.set_by_name, r.set_on, r.created_at
	FROM career_readiness r JOIN employees e ON e.id = r.employee_id JOIN jobs ej ON ej.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = r.job_id`

func scanReadiness(sc interface{ Scan(...any) error }) (careers.Readiness, error) {
	var r careers.Readiness
	err := sc.Scan(&r.ID, &r.EmployeeID, &r.EmployeeName, &r.JobTitle, &r.OrgUnit, &r.OrgPath, &r.TargetJobID, &r.TargetTitle, &r.Status, &r.Note, &r.SetBy, &r.SetByName, &r.SetOn, &r.CreatedAt)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

// ReadinessOf lists an employee's latest readiness per target job, newest
// first.
func (c *Conn) ReadinessOf(ctx context.Context, employeeID int64) ([]careers.Readiness, error) {
	return scanAll(ctx, c, scanReadiness, `SELECT `+readinessCols+` WHERE r.employee_id = ?
		AND r.id = (SELECT max(x.id) FROM career_readiness x WHERE x.employee_id = r.employee_id AND x.job_id = r.job_id) ORDER BY r.set_on DESC, r.id DESC`, employeeID)
}

func (c *Conn) ReadinessFor(ctx context.Context, jobID int64) ([]careers.Readiness, error) {
	return scanAll(ctx, c, scanReadiness, `SELECT `+readinessCols+` WHERE r.job_id = ? AND e.status <> 'terminated'
		AND r.id = (SELECT max(x.id) FROM career_readiness x WHERE x.employee_id = r.employee_id AND x.job_id = r.job_id) ORDER BY r.set_on DESC, r.id DESC`, jobID)
}

func (c *Conn) InsertReadiness(ctx context.Context, r careers.Readiness) (int64, error) {
	return c.insert(ctx, `INSERT INTO career_readiness (employee_id, job_id, status, note, set_by, set_by_name, set_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.EmployeeID, r.TargetJobID, r.Status, r.Note, nullInt(r.SetBy), r.SetByName, r.SetOn, r.CreatedAt.UTC())
}

// Development plans.

const devPlanCols = `p.id, p.employee_id, e.given_name || ' ' || e.family_name, COALESCE(p.target_job_id, 0), COALESCE(j.title, ''), p.title, p.status, COALESCE(p.created_by, 0), p.created_at, p.updated_at
	FROM development_plans p JOIN employees e ON e.id = p.employee_id LEFT JOIN jobs j ON j.id = p.target_job_id`

func scanDevPlan(sc interface{ Scan(...any) error }) (careers.DevPlan, error) {
	var p careers.DevPlan
	err := sc.Scan(&p.ID, &p.EmployeeID, &p.EmployeeName, &p.TargetJobID, &p.TargetTitle, &p.Title, &p.Status, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func (c *Conn) fillDevPlan(ctx context.Context, p *careers.DevPlan) error {
	var err error
	if p.Goals, err = scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Goal, error) {
		var g careers.Goal
		var done *time.Time
		err := sc.Scan(&g.ID, &g.PlanID, &g.CompetencyID, &g.Competency, &g.CertificationID, &g.Certification, &g.TargetLevel, &g.Description, &done)
		if done != nil {
			g.DoneAt = done.UTC()
		}
		return g, err
	}, `SELECT g.id, g.plan_id, COALESCE(g.competency_id, 0), COALESCE(m.name, ''), COALESCE(g.certification_id, 0), COALESCE(k.name, ''), g.target_level, g.description, g.done_at
		FROM development_goals g LEFT JOIN competencies m ON m.id = g.competency_id LEFT JOIN certifications k ON k.id = g.certification_id WHERE g.plan_id = ? ORDER BY g.id`, p.ID); err != nil {
		return err
	}
	if p.Actions, err = scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Action, error) {
		var x careers.Action
		var done *time.Time
		err := sc.Scan(&x.ID, &x.PlanID, &x.GoalID, &x.Kind, &x.Title, &x.DueOn, &x.TaskID, &x.TaskStatus, &done, &x.CreatedAt)
		if done != nil {
			x.DoneAt = done.UTC()
		}
		x.CreatedAt = x.CreatedAt.UTC()
		return x, err
	}, `SELECT x.id, x.plan_id, COALESCE(x.goal_id, 0), x.kind, x.title, x.due_on, COALESCE(x.task_id, 0), COALESCE(t.status, ''), x.done_at, x.created_at
		FROM development_actions x LEFT JOIN tasks t ON t.id = x.task_id WHERE x.plan_id = ? ORDER BY x.due_on, x.id`, p.ID); err != nil {
		return err
	}
	if p.Checkins, err = scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Checkin, error) {
		var x careers.Checkin
		err := sc.Scan(&x.ID, &x.PlanID, &x.AuthorID, &x.AuthorName, &x.Note, &x.CreatedAt)
		x.CreatedAt = x.CreatedAt.UTC()
		return x, err
	}, `SELECT id, plan_id, COALESCE(author_id, 0), author_name, note, created_at FROM development_checkins WHERE plan_id = ? ORDER BY created_at DESC, id DESC`, p.ID); err != nil {
		return err
	}
	if p.Goals == nil {
		p.Goals = []careers.Goal{}
	}
	if p.Actions == nil {
		p.Actions = []careers.Action{}
	}
	if p.Checkins == nil {
		p.Checkins = []careers.Checkin{}
	}
	return nil
}

func (c *Conn) DevPlans(ctx context.Context, employeeID int64) ([]careers.DevPlan, error) {
	ps, err := scanAll(ctx, c, scanDevPlan, `SELECT `+devPlanCols+` WHERE p.employee_id = ? ORDER BY CASE WHEN p.status = 'active' THEN 0 ELSE 1 END, p.created_at DESC, p.id DESC`, employeeID)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if err := c.fillDevPlan(ctx, &ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func (c *Conn) GetDevPlan(ctx context.Context, id int64) (careers.DevPlan, error) {
	p, err := scanDevPlan(c.row(ctx, `SELECT `+devPlanCols+` WHERE p.id = ?`, id))
	if err != nil {
		return p, notFound(err, "development plan")
	}
	return p, c.fillDevPlan(ctx, &p)
}

func (c *Conn) InsertDevPlan(ctx context.Context, p careers.DevPlan) (int64, error) {
	return c.insert(ctx, `INSERT INTO development_plans (employee_id, target_job_id, title, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.EmployeeID, nullInt(p.TargetJobID), p.Title, p.Status, nullInt(p.CreatedBy), p.CreatedAt.UTC(), p.UpdatedAt.UTC())
}

func (c *Conn) SetDevPlanStatus(ctx context.Context, id int64, status string, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE development_plans SET status = ?, updated_at = ? WHERE id = ?`, status, at.UTC(), id)
	return err
}

func (c *Conn) InsertDevGoal(ctx context.Context, g careers.Goal) (int64, error) {
	return c.insert(ctx, `INSERT INTO development_goals (plan_id, competency_id, certification_id, target_level, description) VALUES (?, ?, ?, ?, ?)`,
		g.PlanID, nullInt(g.CompetencyID), nullInt(g.CertificationID), g.TargetLevel, g.Description)
}

func (c *Conn) SetDevGoalDone(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE development_goals SET done_at = ? WHERE id = ?`, at.UTC(), id)
	return err
}

func (c *Conn) InsertDevAction(ctx context.Context, x careers.Action) (int64, error) {
	return c.insert(ctx, `INSERT INTO development_actions (plan_id, goal_id, kind, title, due_on, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		x.PlanID, nullInt(x.GoalID), x.Kind, x.Title, x.DueOn, nullInt(x.TaskID), x.CreatedAt.UTC())
}

func (c *Conn) SetDevActionDone(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE development_actions SET done_at = ? WHERE id = ?`, at.UTC(), id)
	return err
}

func (c *Conn) InsertDevCheckin(ctx context.Context, x careers.Checkin) (int64, error) {
	return c.insert(ctx, `INSERT INTO development_checkins (plan_id, author_id, author_name, note, created_at) VALUES (?, ?, ?, ?, ?)`,
		x.PlanID, nullInt(x.AuthorID), x.AuthorName, x.Note, x.CreatedAt.UTC())
}

// Credentials.

const credentialCols = `d.id, d.employee_id, e.given_name || ' ' || e.family_name, d.certification_id, k.name, k.abbreviation, d.number, d.issued_on, d.expires_on, COALESCE(d.document_id, 0),
	COALESCE(d.verified_by, 0), COALESCE(u.name, ''), d.verified_at, d.cost_cents, d.reimbursement, d.reimbursed_cents, d.notes, COALESCE(d.renewed_by, 0), d.created_at, d.updated_at,
	k.credits_required, k.credit_unit, o.path
	FROM credentials d JOIN certifications k ON k.id = d.certification_id JOIN employees e ON e.id = d.employee_id JOIN org_units o ON o.id = e.org_unit_id LEFT JOIN users u ON u.id = d.verified_by`

func scanCredential(sc interface{ Scan(...any) error }) (careers.Credential, error) {
	var x careers.Credential
	var verified *time.Time
	var credits int64
	err := sc.Scan(&x.ID, &x.EmployeeID, &x.EmployeeName, &x.CertificationID, &x.Certification, &x.Abbreviation, &x.Number, &x.IssuedOn, &x.ExpiresOn, &x.DocumentID,
		&x.VerifiedBy, &x.VerifiedByName, &verified, &x.CostCents, &x.Reimbursement, &x.ReimbursedCents, &x.Notes, &x.RenewedBy, &x.CreatedAt, &x.UpdatedAt,
		&credits, &x.CreditUnit, &x.OrgPath)
	if verified != nil {
		x.VerifiedAt = verified.UTC()
	}
	x.CreditsRequired, x.CreatedAt, x.UpdatedAt = fromX100(credits), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, err
}

func (c *Conn) Credentials(ctx context.Context, employeeID int64) ([]careers.Credential, error) {
	return scanAll(ctx, c, scanCredential, `SELECT `+credentialCols+` WHERE d.employee_id = ? ORDER BY CASE WHEN d.renewed_by IS NULL THEN 0 ELSE 1 END, d.expires_on, d.id`, employeeID)
}

func (c *Conn) GetCredential(ctx context.Context, id int64) (careers.Credential, error) {
	x, err := scanCredential(c.row(ctx, `SELECT `+credentialCols+` WHERE d.id = ?`, id))
	return x, notFound(err, "credential")
}

func (c *Conn) InsertCredential(ctx context.Context, x careers.Credential) (int64, error) {
	return c.insert(ctx, `INSERT INTO credentials (employee_id, certification_id, number, issued_on, expires_on, document_id, cost_cents, reimbursement, reimbursed_cents, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.EmployeeID, x.CertificationID, x.Number, x.IssuedOn, x.ExpiresOn, nullInt(x.DocumentID), x.CostCents, x.Reimbursement, x.ReimbursedCents, x.Notes, x.CreatedAt.UTC(), x.UpdatedAt.UTC())
}

func (c *Conn) UpdateCredential(ctx context.Context, x careers.Credential) error {
	_, err := c.exec(ctx, `UPDATE credentials SET number = ?, issued_on = ?, expires_on = ?, document_id = ?, verified_by = ?, verified_at = ?, cost_cents = ?, reimbursement = ?, reimbursed_cents = ?, notes = ?, renewed_by = ?, updated_at = ? WHERE id = ?`,
		x.Number, x.IssuedOn, x.ExpiresOn, nullInt(x.DocumentID), nullInt(x.VerifiedBy), nullTime(x.VerifiedAt), x.CostCents, x.Reimbursement, x.ReimbursedCents, x.Notes, nullInt(x.RenewedBy), x.UpdatedAt.UTC(), x.ID)
	return err
}

func (c *Conn) Credits(ctx context.Context, credentialID int64) ([]careers.Credit, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.Credit, error) {
		var x careers.Credit
		var credits int64
		err := sc.Scan(&x.ID, &x.CredentialID, &x.EarnedOn, &credits, &x.Activity, &x.Category, &x.CreatedAt)
		x.Credits, x.CreatedAt = fromX100(credits), x.CreatedAt.UTC()
		return x, err
	}, `SELECT id, credential_id, earned_on, credits_x100, activity, category, created_at FROM credential_credits WHERE credential_id = ? ORDER BY earned_on DESC, id DESC`, credentialID)
}

func (c *Conn) InsertCredit(ctx context.Context, x careers.Credit) (int64, error) {
	return c.insert(ctx, `INSERT INTO credential_credits (credential_id, earned_on, credits_x100, activity, category, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		x.CredentialID, x.EarnedOn, toX100(x.Credits), x.Activity, x.Category, x.CreatedAt.UTC())
}

func (c *Conn) TrainingRecords(ctx context.Context, employeeID int64) ([]careers.TrainingRecord, error) {
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.TrainingRecord, error) {
		var x careers.TrainingRecord
		var credits int64
		err := sc.Scan(&x.TrainingID, &x.Topic, &x.Title, &x.HeldOn, &x.Trainer, &x.Hours, &credits, &x.CertificationID, &x.Certification, &x.Attended)
		x.Credits = fromX100(credits)
		return x, err
	}, `SELECT t.id, t.topic, t.title, t.held_on, t.trainer, t.hours, t.credits_x100, COALESCE(t.certification_id, 0), COALESCE(k.name, ''), a.attended
		FROM er_training_attendees a JOIN er_trainings t ON t.id = a.training_id LEFT JOIN certifications k ON k.id = t.certification_id
		WHERE a.employee_id = ? ORDER BY t.held_on DESC, t.id DESC`, employeeID)
}

func (c *Conn) ExpiringCredentials(ctx context.Context, by date.Date) ([]careers.Credential, error) {
	return scanAll(ctx, c, scanCredential, `SELECT `+credentialCols+` WHERE d.renewed_by IS NULL AND d.expires_on IS NOT NULL AND d.expires_on <= ? AND e.status <> 'terminated' ORDER BY d.expires_on, d.id`, by)
}

func (c *Conn) ReminderSent(ctx context.Context, credentialID int64, days int, expires date.Date) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM credential_reminders WHERE credential_id = ? AND days = ? AND expires_on = ?`, credentialID, days, expires).Scan(&n)
	return n > 0, err
}

func (c *Conn) InsertReminder(ctx context.Context, credentialID int64, days int, expires date.Date, at time.Time) error {
	_, err := c.exec(ctx, `INSERT INTO credential_reminders (credential_id, days, expires_on, sent_at) VALUES (?, ?, ?, ?)`, credentialID, days, expires, at.UTC())
	return err
}

func (c *Conn) RequiredCredentialRows(ctx context.Context, paths []string, whole bool, underManager int64) ([]careers.ComplianceRow, error) {
	scope, args := scopeSQL(paths, whole)
	rows, err := scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (careers.ComplianceRow, error) {
		var r careers.ComplianceRow
		return r, sc.Scan(&r.EmployeeID, &r.Name, &r.OrgUnit, &r.OrgPath, &r.JobTitle, &r.CertificationID, &r.Certification, &r.CredentialID, &r.ExpiresOn)
	}, `SELECT e.id, e.given_name || ' ' || e.family_name, o.name, o.path, j.title, k.id, k.name,
		COALESCE((SELECT max(d.id) FROM credentials d WHERE d.employee_id = e.id AND d.certification_id = k.id AND d.renewed_by IS NULL), 0),
		(SELECT max(d.expires_on) FROM credentials d WHERE d.employee_id = e.id AND d.certification_id = k.id AND d.renewed_by IS NULL)
		FROM employees e JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id
		JOIN job_certifications x ON x.job_id = e.job_id AND x.required JOIN certifications k ON k.id = x.certification_id
		WHERE e.status <> 'terminated'`+scope+` ORDER BY o.path, e.sort_key, e.id, k.name`, args...)
	if err != nil {
		return nil, err
	}
	if underManager == 0 {
		return rows, nil
	}
	// The manager's reporting subtree, once: its rows carry the manager
	// in their chain (all the authorization check needs).
	sub, err := scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `WITH RECURSIVE sub(id) AS (SELECT id FROM employees WHERE manager_id = ? UNION SELECT e.id FROM employees e JOIN sub ON e.manager_id = sub.id) SELECT id FROM sub`, underManager)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, id := range sub {
		in[id] = true
	}
	for i := range rows {
		if in[rows[i].EmployeeID] {
			rows[i].ManagerChain = []int64{underManager}
		}
	}
	return rows, nil
}

func (c *Conn) InsertCareerDocument(ctx context.Context, employeeID int64, title, filename, contentType string, size int64, sha string, blobID, by int64, at time.Time) (int64, error) {
	return c.insert(ctx, `INSERT INTO documents (employee_id, category, title, filename, content_type, size, sha256, blob_id, uploaded_by, created_at) VALUES (?, 'certification', ?, ?, ?, ?, ?, ?, ?, ?)`,
		employeeID, title, filename, contentType, size, sha, blobID, nullInt(by), at.UTC())
}

// InstallCareersReference installs the careers reference content in one
// transaction, once, when the company exists (the demo installs it as it
// seeds).
func (db *DB) InstallCareersReference(ctx context.Context, at time.Time) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil || empty {
		return err
	}
	var v string
	if err := db.Reader().row(ctx, `SELECT COALESCE(max(value), '') FROM settings WHERE key = ?`, careers.KeyReferenceInstalled).Scan(&v); err != nil || v != "" {
		return err
	}
	err = db.InTx(ctx, func(c *Conn) error {
		// Claim the installation: of instances starting together, the
		// others wait on the key, then find it taken.
		if _, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, careers.KeyReferenceInstalled, "installing"); err != nil {
			if isUnique(err) {
				return errInstalled
			}
			return err
		}
		return careers.InstallReference(ctx, careersStore{c}, at)
	})
	if errors.Is(err, errInstalled) {
		return nil
	}
	return err
}

var errInstalled = errors.New("careers reference already installed")

// Careers returns the careers store inside a seed transaction.
func (s timeOffStore) Careers() careers.ReferenceStore { return careersStore{s.Conn} }

func (c *Conn) EnsureJob(ctx context.Context, title, family, level, flsa, eeo string, at time.Time) (int64, error) {
	var id int64
	if err := c.row(ctx, `SELECT COALESCE(min(id), 0) FROM jobs WHERE title = ?`, title).Scan(&id); err != nil || id != 0 {
		return id, err
	}
	return c.insert(ctx, `INSERT INTO jobs (title, family, level, flsa_status, eeo1_category, created_at) VALUES (?, ?, ?, ?, ?, ?)`, title, family, level, flsa, eeo, at.UTC())
}
