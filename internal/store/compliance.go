package store

import (
	"context"
	"database/sql"
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
