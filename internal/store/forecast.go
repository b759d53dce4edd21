package store

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PeriodMonths groups the employment periods that started by today and
// were still running on from, by the employee's org unit (current, or
// last for those who left), the month each started (empty: before from)
// and the month each ended (empty: still running at the end of today).
// Month buckets are all the hiring forecast needs, and they keep the
// result small whatever the size of the company.
func (c *Conn) PeriodMonths(ctx context.Context, from, today date.Date) ([]hiring.PeriodMonth, error) {
	d := c.db.dialect
	rows, err := c.query(ctx, `SELECT e.org_unit_id,
		CASE WHEN p.start_date < ? THEN '' ELSE `+d.month("p.start_date")+` END,
		CASE WHEN p.end_date IS NULL OR p.end_date > ? THEN '' ELSE `+d.month("p.end_date")+` END, count(*)
		FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE (p.end_date IS NULL OR p.end_date >= ?) AND p.start_date <= ?
		GROUP BY 1, 2, 3`, from, today, from, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.PeriodMonth
	for rows.Next() {
		var m hiring.PeriodMonth
		if err := rows.Scan(&m.OrgUnitID, &m.Started, &m.Ended, &m.Count); err != nil {
			return nil, err
		}
		out = append(out, m)
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
