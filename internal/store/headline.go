package store

import (
	"context"
	"strings"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Headline computes the oversight numbers within scope.
func (c *Conn) Headline(ctx context.Context, paths []string, whole bool, today date.Date) (people.Headline, error) {
	var h people.Headline
	scope, args := "", []any{}
	if !whole {
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "s.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		scope = " AND e.org_unit_id IN (SELECT s.id FROM org_units s WHERE " + strings.Join(ors, " OR ") + ")"
	}
	q := func(sql string, extra ...any) *int {
		var n int
		_ = c.row(ctx, sql, append(extra, args...)...).Scan(&n)
		return &n
	}
	y1 := today.AddYears(-1)
	// Whole-company counts need no join to employees (the date indexes
	// answer them); scoped counts join for the org unit.
	periods := `employment_periods p JOIN employees e ON e.id = p.employee_id`
	if whole {
		periods = `employment_periods p`
	}
	h.Active = *q(`SELECT count(*) FROM employees e WHERE e.status = 'active'` + scope)
	h.HiresLast90 = *q(`SELECT count(*) FROM `+periods+` WHERE p.start_date > ? AND p.start_date <= ?`+scope, today.AddDays(-90), today)
	h.ExitsLast90 = *q(`SELECT count(*) FROM `+periods+` WHERE p.end_date > ? AND p.end_date <= ?`+scope, today.AddDays(-90), today)
	h.ExitsLast365 = *q(`SELECT count(*) FROM `+periods+` WHERE p.end_date > ? AND p.end_date <= ?`+scope, y1, today)
	// Headcount a year ago: periods started by then, less those that had
	// ended before it (an ended period started before it ended).
	startedBy := *q(`SELECT count(*) FROM `+periods+` WHERE p.start_date <= ?`+scope, y1)
	endedBefore := *q(`SELECT count(*) FROM `+periods+` WHERE p.end_date < ?`+scope, y1)
	start := startedBy - endedBefore
	h.AvgHeadcount365 = float64(start+h.Active) / 2

	rows, err := c.query(ctx, `SELECT d.id, d.name, count(e.id) FROM org_units d
		JOIN org_units s ON s.path LIKE d.path || '%'
		JOIN employees e ON e.org_unit_id = s.id AND e.status = 'active'
		WHERE d.parent_id IN (SELECT id FROM org_units WHERE parent_id IS NULL)`+scope+`
		GROUP BY d.id, d.name ORDER BY count(e.id) DESC`, args...)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var d people.DeptCount
		if err := rows.Scan(&d.OrgUnitID, &d.Name, &d.Count); err != nil {
			return h, err
		}
		h.ByDepartment = append(h.ByDepartment, d)
	}
	return h, rows.Err()
}
