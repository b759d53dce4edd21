package store

import (
	"context"
	"fmt"
	"github.com/cadrehq/cadre/internal/people"

	"github.com/cadrehq/cadre/internal/compensation/equity"
)

// Equity returns the equity.Store on this database.
func (db *DB) Equity() equity.Store { return equityStore{db.Reader()} }

type equityStore struct{ *Conn }

// EquityRows reads every active employee in scope with what the pay
// equity model needs, and their rating in the latest applied merit cycle.
func (c *Conn) EquityRows(ctx context.Context, paths []string, whole bool) ([]equity.Row, error) {
	units, err := c.OrgUnitNames(ctx)
	if err != nil {
		return nil, err
	}
	ratings, err := c.latestMeritRatings(ctx)
	if err != nil {
		return nil, err
	}
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT e.id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, j.title, e.org_unit_id, o.path,
		e.pay_amount_cents, e.pay_per, e.pay_currency, e.weekly_hours, COALESCE(g.name, ''), COALESCE(g.midpoint_cents, 0), j.family, COALESCE(z.name, ''), COALESCE(z.differential_bp, 10000), e.hire_date, e.gender, e.eeo_race_ethnicity
		FROM employees e JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id LEFT JOIN pay_grades g ON g.id = j.pay_grade_id
		JOIN locations l ON l.id = e.location_id LEFT JOIN pay_zones z ON z.id = l.pay_zone_id
		WHERE e.status = 'active'`+scope+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("equity rows: %w", err)
	}
	defer rows.Close()
	var out []equity.Row
	for rows.Next() {
		var r equity.Row
		var unit int64
		if err := rows.Scan(&r.EmployeeID, &r.Name, &r.JobTitle, &unit, &r.OrgPath, &r.Pay.AmountCents, &r.Pay.Per, &r.Pay.Currency, &r.WeeklyHours,
			&r.Grade, &r.GradeMid, &r.Family, &r.Zone, &r.ZoneBP, &r.Hired, &r.Gender, &r.Race); err != nil {
			return nil, err
		}
		r.Department, r.Rating = units[people.DepartmentOf(r.OrgPath, unit)], ratings[r.EmployeeID]
		out = append(out, r)
	}
	return out, rows.Err()
}

// latestMeritRatings maps each employee to their rating in the latest
// applied merit cycle.
func (c *Conn) latestMeritRatings(ctx context.Context) (map[int64]int, error) {
	rows, err := c.query(ctx, `SELECT l.employee_id, l.rating FROM merit_lines l WHERE l.cycle_id = (SELECT c.id FROM merit_cycles c WHERE c.status = 'applied' ORDER BY c.effective_on DESC, c.id DESC LIMIT 1)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var r int
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}
