package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Compliance returns the compliance.Store on this database.
func (db *DB) Compliance() compliance.Store { return complianceStore{db.Reader()} }

type complianceStore struct{ *Conn }

func (s complianceStore) InTx(ctx context.Context, fn func(compliance.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(complianceStore{c}) })
}

// Setting reads a settings value ("" when unset).
func (c *Conn) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := c.row(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting writes a settings value.
func (c *Conn) SetSetting(ctx context.Context, key, value string) error {
	_, err := c.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func (c *Conn) ListClosures(ctx context.Context, from, to date.Date) ([]compliance.Closure, error) {
	rows, err := c.query(ctx, `SELECT closure_date, name FROM company_closures WHERE closure_date BETWEEN ? AND ? ORDER BY closure_date`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []compliance.Closure
	for rows.Next() {
		var cl compliance.Closure
		if err := rows.Scan(&cl.Date, &cl.Name); err != nil {
			return nil, err
		}
		out = append(out, cl)
	}
	return out, rows.Err()
}

func (c *Conn) AddClosure(ctx context.Context, cl compliance.Closure) error {
	_, err := c.exec(ctx, `INSERT INTO company_closures (closure_date, name) VALUES (?, ?)`, cl.Date, cl.Name)
	if isUnique(err) {
		return kit.Invalid("date", "There is already a closure on "+cl.Date.String())
	}
	if err != nil {
		return fmt.Errorf("add closure: %w", err)
	}
	return nil
}

func (c *Conn) RemoveClosure(ctx context.Context, d date.Date) error {
	res, err := c.exec(ctx, `DELETE FROM company_closures WHERE closure_date = ?`, d)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("closure")
	}
	return nil
}

// EEO1Rows counts the employees on the payroll at any time in [from, to]
// by worksite, job category, race and sex.
func (c *Conn) EEO1Rows(ctx context.Context, from, to date.Date) ([]compliance.EEO1Row, error) {
	rows, err := c.query(ctx, `SELECT l.id, l.name, COALESCE(j.eeo1_category, ''), COALESCE(e.eeo_race_ethnicity, ''), COALESCE(e.gender, ''), count(*)
		FROM employees e JOIN locations l ON l.id = e.location_id LEFT JOIN jobs j ON j.id = e.job_id
		WHERE EXISTS (SELECT 1 FROM employment_periods p WHERE p.employee_id = e.id AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?))
		GROUP BY l.id, l.name, j.eeo1_category, e.eeo_race_ethnicity, e.gender`, to, from)
	if err != nil {
		return nil, fmt.Errorf("eeo-1: %w", err)
	}
	defer rows.Close()
	var out []compliance.EEO1Row
	for rows.Next() {
		var r compliance.EEO1Row
		if err := rows.Scan(&r.LocationID, &r.LocationName, &r.Category, &r.Race, &r.Sex, &r.Count); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const changeCols = `id, jurisdiction, title, summary, source_url, effective_on, status, impact, affected, COALESCE(created_by, 0), created_at, updated_at, version`

func scanChange(s interface{ Scan(...any) error }) (compliance.Change, error) {
	var c compliance.Change
	var aff string
	if err := s.Scan(&c.ID, &c.Jurisdiction, &c.Title, &c.Summary, &c.SourceURL, &c.EffectiveOn, &c.Status, &c.Impact, &aff, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Version); err != nil {
		return c, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, json.Unmarshal([]byte(aff), &c.Affected)
}

func (c *Conn) InsertChange(ctx context.Context, ch compliance.Change) (int64, error) {
	aff, _ := json.Marshal(ch.Affected)
	return c.insert(ctx, `INSERT INTO legislative_changes (jurisdiction, title, summary, source_url, effective_on, status, impact, affected, created_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, ch.Jurisdiction, ch.Title, ch.Summary, ch.SourceURL, ch.EffectiveOn, ch.Status, ch.Impact, string(aff), nullInt(ch.CreatedBy),
		ch.CreatedAt.UTC(), ch.UpdatedAt.UTC())
}

func (c *Conn) GetChange(ctx context.Context, id int64) (compliance.Change, error) {
	ch, err := scanChange(c.row(ctx, `SELECT `+changeCols+` FROM legislative_changes WHERE id = ?`, id))
	return ch, notFound(err, "legislative change")
}

func (c *Conn) UpdateChange(ctx context.Context, ch compliance.Change, version int) error {
	aff, _ := json.Marshal(ch.Affected)
	res, err := c.exec(ctx, `UPDATE legislative_changes SET status = ?, impact = ?, affected = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		ch.Status, ch.Impact, string(aff), ch.UpdatedAt.UTC(), ch.ID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("someone else changed this entry at the same time; reload it and try again")
	}
	return nil
}

func (c *Conn) ListChanges(ctx context.Context) ([]compliance.Change, error) {
	rows, err := c.query(ctx, `SELECT `+changeCols+` FROM legislative_changes ORDER BY effective_on DESC, id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("legislative changes: %w", err)
	}
	defer rows.Close()
	var out []compliance.Change
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// CalendarItems reads the dated obligations in [from, to]: laws taking
// effect, policy acknowledgments due, leave notices and certifications
// due, and company closures.
func (c *Conn) CalendarItems(ctx context.Context, from, to date.Date) ([]compliance.CalendarItem, error) {
	var out []compliance.CalendarItem
	read := func(q string, fn func(rows *sql.Rows) error, args ...any) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if err := read(`SELECT id, jurisdiction, title, effective_on FROM legislative_changes WHERE status <> 'closed' AND effective_on BETWEEN ? AND ?`, func(rows *sql.Rows) error {
		var id int64
		var j, t string
		var d date.Date
		if err := rows.Scan(&id, &j, &t, &d); err != nil {
			return err
		}
		out = append(out, compliance.CalendarItem{Date: d, Kind: "legislation", Title: fmt.Sprintf("%s takes effect (%s)", t, j), Link: fmt.Sprintf("/compliance/changes/%d", id)})
		return nil
	}, from, to); err != nil {
		return nil, err
	}
	if err := read(`SELECT a.due_on, p.id, p.title, count(*) FROM policy_assignments a JOIN policy_versions v ON v.id = a.version_id JOIN policies p ON p.id = v.policy_id
		WHERE a.acknowledged_at IS NULL AND v.status = 'published' AND a.due_on BETWEEN ? AND ? GROUP BY a.due_on, p.id, p.title`, func(rows *sql.Rows) error {
		var d date.Date
		var id int64
		var t string
		var n int
		if err := rows.Scan(&d, &id, &t, &n); err != nil {
			return err
		}
		out = append(out, compliance.CalendarItem{Date: d, Kind: "policy", Title: fmt.Sprintf("%d acknowledgment(s) of %s due", n, t), Link: fmt.Sprintf("/policies/%d", id)})
		return nil
	}, from, to); err != nil {
		return nil, err
	}
	if err := read(`SELECT due_on, count(*) FROM tasks WHERE object_type = 'leave_case' AND status IN ('open', 'in_progress', 'waiting') AND due_on BETWEEN ? AND ? GROUP BY due_on`, func(rows *sql.Rows) error {
		var d date.Date
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return err
		}
		out = append(out, compliance.CalendarItem{Date: d, Kind: "leave", Title: fmt.Sprintf("%d leave notice(s) or certification(s) due", n), Link: "/leave/dashboard"})
		return nil
	}, from, to); err != nil {
		return nil, err
	}
	// Forms I-9: Section 2 due for forms not complete, and
	// reverifications due for current employees.
	for _, q := range []struct{ sql, title, link string }{
		{`SELECT section2_due, count(*) FROM i9_records WHERE section2_completed_on IS NULL AND purged_on IS NULL AND section2_due BETWEEN ? AND ? GROUP BY section2_due`,
			"%d Form(s) I-9 Section 2 due", "/compliance/i9?view=open"},
		{`SELECT r.reverify_by, count(*) FROM i9_records r JOIN employment_periods p ON p.employee_id = r.employee_id AND p.start_date = r.period_start
			WHERE p.end_date IS NULL AND r.purged_on IS NULL AND r.reverify_by BETWEEN ? AND ? GROUP BY r.reverify_by`, "%d Form(s) I-9 to reverify by this day", "/compliance/i9?view=reverify"},
	} {
		if err := read(q.sql, func(rows *sql.Rows) error {
			var d date.Date
			var n int
			if err := rows.Scan(&d, &n); err != nil {
				return err
			}
			out = append(out, compliance.CalendarItem{Date: d, Kind: "i9", Title: fmt.Sprintf(q.title, n), Link: q.link})
			return nil
		}, from, to); err != nil {
			return nil, err
		}
	}
	cs, err := c.ListClosures(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for _, cl := range cs {
		out = append(out, compliance.CalendarItem{Date: cl.Date, Kind: "closure", Title: "Company closure: " + cl.Name, Link: "/settings/company"})
	}
	return out, nil
}
