package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Insights is the read side of the executive dashboard.
func (db *DB) Insights() insights.TxStore { return insightsStore{db.Reader()} }

// inIDs is "AND col IN (?, …)" for a list of ids; nil means no
// condition, an empty list matches nothing.
func inIDs(col string, ids []int64) (string, []any) {
	if ids == nil {
		return "", nil
	}
	if len(ids) == 0 {
		return " AND 1 = 0", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return " AND " + col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

// insightScope is the scope and family conditions on employees aliased
// e, each starting with AND.
func insightScope(q insights.Query) (string, []any) {
	w1, a1 := inIDs("e.org_unit_id", q.Units)
	w2, a2 := inIDs("e.job_id", q.Jobs)
	return w1 + w2, append(a1, a2...)
}

func (c *Conn) InsightJobs(ctx context.Context) ([]insights.Job, error) {
	rows, err := c.query(ctx, `SELECT id, COALESCE(family, '') FROM jobs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []insights.Job
	for rows.Next() {
		var j insights.Job
		if err := rows.Scan(&j.ID, &j.Family); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// HeadcountNow reads the employees' current state from one covering
// index, in its order (no sort): the people employed at the end of today
// by org unit and job.
func (c *Conn) HeadcountNow(ctx context.Context, q insights.Query) ([]insights.Group, error) {
	where, args := insightScope(q)
	rows, err := c.query(ctx, `SELECT e.org_unit_id, e.job_id, count(*), COALESCE(sum(CASE WHEN e.weekly_hours > ? THEN ? ELSE e.weekly_hours END), 0)
		FROM employees e WHERE e.status = 'active' AND e.hire_date <= ? AND (e.termination_date IS NULL OR e.termination_date > ?)`+where+`
		GROUP BY e.org_unit_id, e.job_id`, append([]any{insights.FullTimeHours, insights.FullTimeHours, q.Today, q.Today}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("headcount now: %w", err)
	}
	defer rows.Close()
	var out []insights.Group
	for rows.Next() {
		var g insights.Group
		if err := rows.Scan(&g.OrgUnitID, &g.JobID, &g.Count, &g.Hours); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// StartCounts counts today's staff between start-date thresholds with one
// CASE per row over the same index.
func (c *Conn) StartCounts(ctx context.Context, q insights.Query, thresholds []date.Date) ([]int, error) {
	where, args := insightScope(q)
	var k strings.Builder
	var pre []any
	k.WriteString("CASE")
	for i, t := range thresholds {
		fmt.Fprintf(&k, " WHEN e.hire_date > ? THEN %d", i)
		pre = append(pre, t)
	}
	fmt.Fprintf(&k, " ELSE %d END", len(thresholds))
	rows, err := c.query(ctx, `SELECT `+k.String()+`, count(*)
		FROM employees e WHERE e.status = 'active' AND e.hire_date <= ? AND (e.termination_date IS NULL OR e.termination_date > ?)`+where+` GROUP BY 1`,
		append(append(pre, q.Today, q.Today), args...)...)
	if err != nil {
		return nil, fmt.Errorf("start counts: %w", err)
	}
	defer rows.Close()
	out := make([]int, len(thresholds)+1)
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return nil, err
		}
		if i >= 0 && i < len(out) {
			out[i] = n
		}
	}
	return out, rows.Err()
}

// Starts groups the periods that started from the start of the period to
// today (the start-date index finds them) by org unit, job and month.
func (c *Conn) Starts(ctx context.Context, q insights.Query) ([]insights.Flow, error) {
	where, args := insightScope(q)
	rows, err := c.query(ctx, `SELECT e.org_unit_id, e.job_id, CASE WHEN p.start_date > ? THEN '+' ELSE `+c.db.dialect.month("p.start_date")+` END,
		count(*), COALESCE(sum(CASE WHEN e.weekly_hours > ? THEN ? ELSE e.weekly_hours END), 0)
		FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE p.start_date >= ? AND p.start_date <= ?`+where+` GROUP BY 1, 2, 3`,
		append([]any{q.To, insights.FullTimeHours, insights.FullTimeHours, q.From, q.Today}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("starts: %w", err)
	}
	defer rows.Close()
	var out []insights.Flow
	for rows.Next() {
		var f insights.Flow
		if err := rows.Scan(&f.OrgUnitID, &f.JobID, &f.Started, &f.Count, &f.Hours); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Ends lists the periods that ended from the start of the period to
// today (the end-date index finds them), each with its dates, kind and
// month ("+" after the period).
func (c *Conn) Ends(ctx context.Context, q insights.Query) ([]insights.Flow, error) {
	where, args := insightScope(q)
	rows, err := c.query(ctx, `SELECT e.org_unit_id, e.job_id, p.start_date, p.end_date, p.voluntary, p.regretted,
		CASE WHEN e.weekly_hours > ? THEN ? ELSE e.weekly_hours END
		FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE p.end_date >= ? AND p.end_date <= ?`+where,
		append([]any{insights.FullTimeHours, insights.FullTimeHours, q.From, q.Today}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("ends: %w", err)
	}
	defer rows.Close()
	var out []insights.Flow
	for rows.Next() {
		f := insights.Flow{Count: 1}
		var vol, reg sql.NullBool
		if err := rows.Scan(&f.OrgUnitID, &f.JobID, &f.Start, &f.End, &vol, &reg, &f.Hours); err != nil {
			return nil, err
		}
		f.Voluntary = vol.Valid && vol.Bool
		f.Regretted = f.Voluntary && reg.Valid && reg.Bool
		f.Ended = "+"
		if !f.End.After(q.To) {
			f.Ended = f.End.String()[:7]
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// HireCohort counts a cohort of starts and its early leavers in one pass
// over the start-date index's range.
func (c *Conn) HireCohort(ctx context.Context, q insights.Query, days, months int) (int, int, error) {
	d := c.db.dialect
	where, args := insightScope(q)
	early := d.completedMonths("p.start_date", "p.end_date") + " < ?"
	limit := months
	if days > 0 {
		early, limit = d.daysBetween("p.start_date", "p.end_date")+" < ?", days
	}
	var hired, left int
	err := c.row(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN p.end_date IS NOT NULL AND `+early+` THEN 1 ELSE 0 END), 0)
		FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE p.start_date >= ? AND p.start_date <= ?`+where, append([]any{limit, q.From, q.To}, args...)...).Scan(&hired, &left)
	if err != nil {
		return 0, 0, fmt.Errorf("hire cohort: %w", err)
	}
	return hired, left, nil
}

// InsightManagerSpans counts each manager's active direct reports in
// scope (the manager index answers it for the whole company).
func (c *Conn) InsightManagerSpans(ctx context.Context, q insights.Query) ([]insights.Span, error) {
	where, args := insightScope(q)
	rows, err := c.query(ctx, `SELECT e.manager_id, count(*) FROM employees e
		WHERE e.manager_id IS NOT NULL AND e.status = 'active'`+where+` GROUP BY e.manager_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("manager spans: %w", err)
	}
	defer rows.Close()
	var out []insights.Span
	for rows.Next() {
		var s insights.Span
		if err := rows.Scan(&s.ManagerID, &s.Reports); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (c *Conn) ComplianceHealth(ctx context.Context, q insights.Query) (insights.Health, error) {
	where, args := insightScope(q)
	today := q.Today
	var h insights.Health
	count := func(dst *int, sql string, pre ...any) error {
		return c.row(ctx, sql, append(pre, args...)...).Scan(dst)
	}
	// Section 2 needs Section 1, so an overdue form has no Section 2 (the
	// open forms' index finds them).
	if err := count(&h.I9Overdue, `SELECT count(*) FROM i9_records r JOIN employment_periods p ON p.employee_id = r.employee_id AND p.start_date = r.period_start
		JOIN employees e ON e.id = r.employee_id
		WHERE r.section2_completed_on IS NULL AND r.purged_on IS NULL AND p.end_date IS NULL
		AND ((r.section1_completed_on IS NULL AND r.section1_due < ?) OR r.section2_due < ?)`+where, today, today); err != nil {
		return h, fmt.Errorf("i9 overdue: %w", err)
	}
	if err := count(&h.NoticesOverdue, `SELECT count(*) FROM tasks t JOIN leave_cases k ON k.id = t.object_id JOIN employees e ON e.id = k.employee_id
		WHERE t.object_type = 'leave_case' AND t.status IN ('open', 'in_progress', 'waiting') AND t.due_on IS NOT NULL AND t.due_on < ?`+where, today); err != nil {
		return h, fmt.Errorf("notices overdue: %w", err)
	}
	// Acknowledgments count by the unit each was assigned to, as the
	// policy's tracking does (the outstanding ones have their own index).
	aw, aa := inIDs("a.org_unit_id", q.Units)
	if q.Jobs != nil {
		jw, ja := inIDs("x.job_id", q.Jobs)
		aw += ` AND a.employee_id IN (SELECT x.id FROM employees x WHERE 1 = 1` + jw + `)`
		aa = append(aa, ja...)
	}
	if err := c.row(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN a.due_on < ? THEN 1 ELSE 0 END), 0)
		FROM policy_assignments a JOIN policy_versions v ON v.id = a.version_id
		WHERE a.acknowledged_at IS NULL AND v.status = 'published'`+aw, append([]any{today}, aa...)...).Scan(&h.AcksOutstanding, &h.AcksOverdue); err != nil {
		return h, fmt.Errorf("acknowledgments: %w", err)
	}
	if err := c.row(ctx, `SELECT COALESCE(sum(CASE WHEN c.expires_on >= ? AND c.expires_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN c.expires_on < ? THEN 1 ELSE 0 END), 0)
		FROM credentials c JOIN employees e ON e.id = c.employee_id
		WHERE c.renewed_by IS NULL AND c.expires_on IS NOT NULL AND e.status = 'active'`+where,
		append([]any{today, today.AddDays(90), today}, args...)...).Scan(&h.CredentialsExpiring, &h.CredentialsExpired); err != nil {
		return h, fmt.Errorf("credentials: %w", err)
	}
	return h, nil
}

func (c *Conn) InsightUnits(ctx context.Context) ([]insights.Unit, error) {
	rows, err := c.query(ctx, `SELECT id, COALESCE(parent_id, 0), name, path FROM org_units ORDER BY path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []insights.Unit
	for rows.Next() {
		var u insights.Unit
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name, &u.Path); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (c *Conn) InsightManagerChain(ctx context.Context) (map[int64]int64, error) {
	rows, err := c.query(ctx, `SELECT m.id, COALESCE(m.manager_id, 0) FROM employees m
		WHERE m.status = 'active' AND m.id IN (SELECT r.manager_id FROM employees r WHERE r.status = 'active' AND r.manager_id IS NOT NULL)`)
	if err != nil {
		return nil, fmt.Errorf("manager chain: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, mgr int64
		if err := rows.Scan(&id, &mgr); err != nil {
			return nil, err
		}
		out[id] = mgr
	}
	return out, rows.Err()
}

func (c *Conn) InsightPeople(ctx context.Context, q insights.PeopleQuery) ([]insights.Person, int, error) {
	where, args := insightScope(q.Query)
	joins := ` JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id`
	var cond string
	var pre []any
	switch q.Kind {
	case "headcount":
		cond, pre = `p.start_date <= ? AND (p.end_date IS NULL OR p.end_date > ?)`, []any{q.To, q.To}
	case "hires":
		cond, pre = `p.start_date >= ? AND p.start_date <= ?`, []any{q.From, q.To}
	case "separations", "voluntary", "involuntary", "regretted":
		cond, pre = `p.end_date >= ? AND p.end_date <= ?`, []any{q.From, q.To}
		switch q.Kind {
		case "voluntary":
			cond += ` AND p.voluntary`
		case "involuntary":
			cond += ` AND (p.voluntary IS NULL OR NOT p.voluntary)`
		case "regretted":
			cond += ` AND p.voluntary AND p.regretted`
		}
	default:
		return nil, 0, fmt.Errorf("insight people: kind %q", q.Kind)
	}
	from := ` FROM employment_periods p JOIN employees e ON e.id = p.employee_id` + joins + ` WHERE ` + cond + where
	all := append(pre, args...)
	var total int
	if err := c.row(ctx, `SELECT count(*)`+from, all...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := c.query(ctx, `SELECT e.id, e.employee_number, e.given_name || ' ' || e.family_name, o.name, j.title, COALESCE(j.family, ''),
		p.start_date, p.end_date, p.termination_reason, p.voluntary, p.regretted, e.weekly_hours`+from+`
		ORDER BY e.family_name, e.given_name, e.id, p.start_date LIMIT ? OFFSET ?`, append(all, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []insights.Person
	for rows.Next() {
		var x insights.Person
		var vol, reg sql.NullBool
		if err := rows.Scan(&x.EmployeeID, &x.Number, &x.Name, &x.OrgUnit, &x.Job, &x.Family, &x.Start, &x.End, &x.Reason, &vol, &reg, &x.Hours); err != nil {
			return nil, 0, err
		}
		if vol.Valid {
			v := vol.Bool
			x.Voluntary = &v
		}
		if reg.Valid {
			g := reg.Bool
			x.Regretted = &g
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}
