package store

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EmploymentSpans groups the employment periods still running on or
// after from by the employee's org unit, start and end. The org unit is
// the employee's current one (or last, for those who left): turnover
// history follows people's present place in the organization.
func (c *Conn) EmploymentSpans(ctx context.Context, from date.Date) ([]hiring.Span, error) {
	rows, err := c.query(ctx, `SELECT s.path, p.start_date, p.end_date, count(*)
		FROM employment_periods p JOIN employees e ON e.id = p.employee_id JOIN org_units s ON s.id = e.org_unit_id
		WHERE p.end_date IS NULL OR p.end_date >= ?
		GROUP BY s.path, p.start_date, p.end_date`, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.Span
	for rows.Next() {
		var sp hiring.Span
		if err := rows.Scan(&sp.OrgPath, &sp.Start, &sp.End, &sp.Count); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// ApprovedOpenings returns the openings of approved requisitions (open,
// on hold or filled) with a target start in the year.
func (c *Conn) ApprovedOpenings(ctx context.Context, year int) ([]hiring.Opening, error) {
	rows, err := c.query(ctx, `SELECT o.path, r.target_start, r.headcount FROM requisitions r JOIN org_units o ON o.id = r.org_unit_id
		WHERE r.target_start >= ? AND r.target_start < ? AND r.status IN ('open', 'on_hold', 'filled')`,
		date.New(year, time.January, 1), date.New(year+1, time.January, 1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.Opening
	for rows.Next() {
		var o hiring.Opening
		if err := rows.Scan(&o.OrgPath, &o.TargetStart, &o.Headcount); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
