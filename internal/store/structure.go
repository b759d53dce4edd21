package store

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/cadrehq/cadre/internal/people"
	"time"

	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/kit"
)

// Structures returns the structure.Store on this database.
func (db *DB) Structures() structure.Store { return structureStore{db.Reader()} }

type structureStore struct{ *Conn }

func (s structureStore) InTx(ctx context.Context, fn func(structure.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(structureStore{c}) })
}

func (c *Conn) Philosophies(ctx context.Context) ([]structure.Philosophy, error) {
	rows, err := c.query(ctx, `SELECT p.id, p.version, p.target_percentile, p.base_mix_bp, p.range_spread_bp, p.progression_bp, p.merit_budget_bp, p.body,
		COALESCE(p.created_by, 0), COALESCE(u.name, ''), p.created_at FROM comp_philosophies p LEFT JOIN users u ON u.id = p.created_by ORDER BY p.version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.Philosophy
	for rows.Next() {
		var p structure.Philosophy
		if err := rows.Scan(&p.ID, &p.Version, &p.TargetPercentile, &p.BaseMixBP, &p.RangeSpreadBP, &p.ProgressionBP, &p.MeritBudgetBP, &p.Text, &p.CreatedBy, &p.CreatedByName, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) InsertPhilosophy(ctx context.Context, p structure.Philosophy) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO comp_philosophies (version, target_percentile, base_mix_bp, range_spread_bp, progression_bp, merit_budget_bp, body, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Version, p.TargetPercentile, p.BaseMixBP, p.RangeSpreadBP, p.ProgressionBP, p.MeritBudgetBP, p.Text, nullInt(p.CreatedBy), p.CreatedAt.UTC())
	if isUnique(err) {
		return 0, kit.Conflict("another version of the philosophy was saved a moment ago; reload and save again")
	}
	return id, err
}

func (c *Conn) Zones(ctx context.Context) ([]structure.Zone, error) {
	rows, err := c.query(ctx, `SELECT z.id, z.name, z.differential_bp, z.note, COALESCE(l.name, '') FROM pay_zones z LEFT JOIN locations l ON l.pay_zone_id = z.id ORDER BY z.differential_bp DESC, z.name, l.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.Zone
	for rows.Next() {
		var z structure.Zone
		var loc string
		if err := rows.Scan(&z.ID, &z.Name, &z.DifferentialBP, &z.Note, &loc); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == z.ID {
			out[n-1].Locations = append(out[n-1].Locations, loc)
			continue
		}
		z.Locations = []string{}
		if loc != "" {
			z.Locations = append(z.Locations, loc)
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

func (c *Conn) SaveZone(ctx context.Context, z structure.Zone) (int64, error) {
	if z.ID == 0 {
		id, err := c.insert(ctx, `INSERT INTO pay_zones (name, differential_bp, note) VALUES (?, ?, ?)`, z.Name, z.DifferentialBP, z.Note)
		if isUnique(err) {
			return 0, kit.Conflict("another zone has this name")
		}
		return id, err
	}
	res, err := c.exec(ctx, `UPDATE pay_zones SET name = ?, differential_bp = ?, note = ? WHERE id = ?`, z.Name, z.DifferentialBP, z.Note, z.ID)
	if isUnique(err) {
		return 0, kit.Conflict("another zone has this name")
	}
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, kit.NotFound("pay zone")
	}
	return z.ID, nil
}

func (c *Conn) SetLocationZone(ctx context.Context, locationID, zoneID int64) error {
	_, err := c.exec(ctx, `UPDATE locations SET pay_zone_id = ? WHERE id = ?`, nullInt(zoneID), locationID)
	return err
}

func (c *Conn) LocationExists(ctx context.Context, id int64) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM locations WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

const structureCols = `s.id, s.name, s.currency, s.effective_from, s.status, s.note, COALESCE(s.created_by, 0), s.created_at, s.activated_at, COALESCE(u.name, '')
	FROM pay_structures s LEFT JOIN users u ON u.id = s.activated_by`

func scanStructure(sc interface{ Scan(...any) error }) (structure.Structure, error) {
	var s structure.Structure
	var act sql.NullTime
	err := sc.Scan(&s.ID, &s.Name, &s.Currency, &s.EffectiveFrom, &s.Status, &s.Note, &s.CreatedBy, &s.CreatedAt, &act, &s.ActivatedName)
	s.CreatedAt = s.CreatedAt.UTC()
	if act.Valid {
		s.ActivatedAt = act.Time.UTC()
	}
	return s, err
}

func (c *Conn) Structures(ctx context.Context) ([]structure.Structure, error) {
	rows, err := c.query(ctx, `SELECT `+structureCols+` ORDER BY s.effective_from DESC, s.id DESC`)
	if err != nil {
		return nil, err
	}
	var out []structure.Structure
	for rows.Next() {
		s, err := scanStructure(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := c.structureParts(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *Conn) structureParts(ctx context.Context, s *structure.Structure) error {
	rows, err := c.query(ctx, `SELECT name, min_cents, mid_cents, max_cents, position FROM pay_structure_grades WHERE structure_id = ? ORDER BY position, name`, s.ID)
	if err != nil {
		return err
	}
	s.Grades = []structure.Grade{}
	for rows.Next() {
		var g structure.Grade
		if err := rows.Scan(&g.Name, &g.MinCents, &g.MidCents, &g.MaxCents, &g.Position); err != nil {
			rows.Close()
			return err
		}
		s.Grades = append(s.Grades, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	jobs, err := c.query(ctx, `SELECT job_id, grade_name FROM pay_structure_jobs WHERE structure_id = ?`, s.ID)
	if err != nil {
		return err
	}
	defer jobs.Close()
	s.Jobs = map[int64]string{}
	for jobs.Next() {
		var id int64
		var g string
		if err := jobs.Scan(&id, &g); err != nil {
			return err
		}
		s.Jobs[id] = g
	}
	return jobs.Err()
}

func (c *Conn) GetStructure(ctx context.Context, id int64) (structure.Structure, error) {
	s, err := scanStructure(c.row(ctx, `SELECT `+structureCols+` WHERE s.id = ?`, id))
	if err != nil {
		return s, notFound(err, "salary structure")
	}
	return s, c.structureParts(ctx, &s)
}

func (c *Conn) InsertStructure(ctx context.Context, s structure.Structure) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO pay_structures (name, currency, effective_from, status, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Name, s.Currency, s.EffectiveFrom, s.Status, s.Note, nullInt(s.CreatedBy), s.CreatedAt.UTC())
	if isUnique(err) {
		return 0, kit.Conflict("another structure has this name")
	}
	return id, err
}

func (c *Conn) SetStructureStatus(ctx context.Context, id int64, status string, by int64, at time.Time) error {
	if status == structure.StatusActive {
		_, err := c.exec(ctx, `UPDATE pay_structures SET status = ?, activated_by = ?, activated_at = ? WHERE id = ?`, status, nullInt(by), at.UTC(), id)
		return err
	}
	_, err := c.exec(ctx, `UPDATE pay_structures SET status = ? WHERE id = ?`, status, id)
	return err
}

func (c *Conn) SaveStructureGrade(ctx context.Context, structureID int64, g structure.Grade) error {
	res, err := c.exec(ctx, `UPDATE pay_structure_grades SET min_cents = ?, mid_cents = ?, max_cents = ? WHERE structure_id = ? AND name = ?`, g.MinCents, g.MidCents, g.MaxCents, structureID, g.Name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = c.exec(ctx, `INSERT INTO pay_structure_grades (structure_id, name, min_cents, mid_cents, max_cents, position) VALUES (?, ?, ?, ?, ?, ?)`,
		structureID, g.Name, g.MinCents, g.MidCents, g.MaxCents, g.Position)
	return err
}

func (c *Conn) DeleteStructureGrade(ctx context.Context, structureID int64, name string) error {
	if _, err := c.exec(ctx, `DELETE FROM pay_structure_jobs WHERE structure_id = ? AND grade_name = ?`, structureID, name); err != nil {
		return err
	}
	_, err := c.exec(ctx, `DELETE FROM pay_structure_grades WHERE structure_id = ? AND name = ?`, structureID, name)
	return err
}

func (c *Conn) MapStructureJob(ctx context.Context, structureID, jobID int64, grade string) error {
	if _, err := c.exec(ctx, `DELETE FROM pay_structure_jobs WHERE structure_id = ? AND job_id = ?`, structureID, jobID); err != nil || grade == "" {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO pay_structure_jobs (structure_id, job_id, grade_name) VALUES (?, ?, ?)`, structureID, jobID, grade)
	return err
}

func (c *Conn) JobGrades(ctx context.Context) ([]structure.JobGrade, error) {
	rows, err := c.query(ctx, `SELECT j.id, j.title, j.family, j.level, COALESCE(g.name, ''), COALESCE(g.currency, ''),
		(SELECT count(*) FROM employees e WHERE e.job_id = j.id AND e.status = 'active')
		FROM jobs j LEFT JOIN pay_grades g ON g.id = j.pay_grade_id ORDER BY j.family, j.title, j.level`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.JobGrade
	for rows.Next() {
		var j structure.JobGrade
		if err := rows.Scan(&j.JobID, &j.Title, &j.Family, &j.Level, &j.CurrentGrade, &j.Currency, &j.Employees); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func (c *Conn) CurrentGrades(ctx context.Context) ([]structure.CurrentGrade, error) {
	rows, err := c.query(ctx, `SELECT id, name, currency, min_cents, midpoint_cents, max_cents FROM pay_grades ORDER BY min_cents, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.CurrentGrade
	for rows.Next() {
		var g structure.CurrentGrade
		if err := rows.Scan(&g.ID, &g.Name, &g.Currency, &g.Min, &g.Mid, &g.Max); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (c *Conn) ApplyGrade(ctx context.Context, name, currency string, min, mid, max int64, at time.Time) (int64, error) {
	var id int64
	var cur string
	err := c.row(ctx, `SELECT id, currency FROM pay_grades WHERE name = ?`, name).Scan(&id, &cur)
	switch {
	case err == sql.ErrNoRows:
		return c.insert(ctx, `INSERT INTO pay_grades (name, currency, min_cents, max_cents, midpoint_cents, created_at) VALUES (?, ?, ?, ?, ?, ?)`, name, currency, min, max, mid, at.UTC())
	case err != nil:
		return 0, err
	case cur != currency:
		return 0, kit.Conflict("the grade %s is in force in %s", name, cur)
	}
	_, err = c.exec(ctx, `UPDATE pay_grades SET min_cents = ?, midpoint_cents = ?, max_cents = ? WHERE id = ?`, min, mid, max, id)
	return id, err
}

func (c *Conn) SetJobGrade(ctx context.Context, jobID, gradeID int64) error {
	_, err := c.exec(ctx, `UPDATE jobs SET pay_grade_id = ? WHERE id = ?`, nullInt(gradeID), jobID)
	return err
}

// PayRows reads every active employee in scope with the grade of their
// job and the zone of their worksite, and their department (the org unit
// under the root on their path).
func (c *Conn) PayRows(ctx context.Context, paths []string, whole bool) ([]structure.PayRow, error) {
	units := map[int64]string{}
	urows, err := c.query(ctx, `SELECT id, name FROM org_units`)
	if err != nil {
		return nil, err
	}
	for urows.Next() {
		var id int64
		var n string
		if err := urows.Scan(&id, &n); err != nil {
			urows.Close()
			return nil, err
		}
		units[id] = n
	}
	urows.Close()
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT e.id, e.employee_number, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name,
		o.id, o.path, j.title, COALESCE(g.id, 0), COALESCE(g.name, ''), COALESCE(g.currency, ''), COALESCE(g.min_cents, 0), COALESCE(g.midpoint_cents, 0), COALESCE(g.max_cents, 0),
		e.pay_amount_cents, e.pay_per, e.pay_currency, e.weekly_hours, COALESCE(z.name, ''), COALESCE(z.differential_bp, 10000)
		FROM employees e JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id LEFT JOIN pay_grades g ON g.id = j.pay_grade_id
		JOIN locations l ON l.id = e.location_id LEFT JOIN pay_zones z ON z.id = l.pay_zone_id
		WHERE e.status = 'active'`+scope+` ORDER BY e.family_name, e.given_name, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("pay rows: %w", err)
	}
	defer rows.Close()
	var out []structure.PayRow
	for rows.Next() {
		var r structure.PayRow
		if err := rows.Scan(&r.EmployeeID, &r.Number, &r.Name, &r.OrgUnitID, &r.OrgPath, &r.JobTitle, &r.GradeID, &r.GradeName, &r.GradeCur, &r.Min, &r.Mid, &r.Max,
			&r.AmountCents, &r.Per, &r.Currency, &r.WeeklyHours, &r.ZoneName, &r.ZoneBP); err != nil {
			return nil, err
		}
		r.DeptID = people.DepartmentOf(r.OrgPath, r.OrgUnitID)
		r.DeptName = units[r.DeptID]
		out = append(out, r)
	}
	return out, rows.Err()
}

// PayZoneOf returns a worksite's pay zone and differential.
func (c *Conn) PayZoneOf(ctx context.Context, locationID int64) (string, int, error) {
	var name string
	var bp int
	err := c.row(ctx, `SELECT COALESCE(z.name, ''), COALESCE(z.differential_bp, 10000) FROM locations l LEFT JOIN pay_zones z ON z.id = l.pay_zone_id WHERE l.id = ?`, locationID).Scan(&name, &bp)
	if err == sql.ErrNoRows {
		return "", 10000, nil
	}
	return name, bp, err
}
