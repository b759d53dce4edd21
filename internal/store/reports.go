package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/insights"
)

// reportSource is a report subject in SQL: its FROM clause ending with
// its WHERE clause (with the date parameters it takes), the column holding its rows' org unit (for
// the scope), its order and the SQL of each field.
type reportSource struct {
	from   string
	args   func(q insights.ReportQuery) []any
	unit   string
	order  string
	fields map[string]string
}

// The person's and the as-of assignment's columns shared by subjects.
var reportPersonCols = map[string]string{
	"employee_number": "e.employee_number",
	"name":            "e.given_name || ' ' || e.family_name",
	"work_email":      "e.work_email",
}

func withPerson(m map[string]string) map[string]string {
	for k, v := range reportPersonCols {
		m[k] = v
	}
	return m
}

var reportAssignmentCols = map[string]string{
	"org_unit": "o.name", "location": "l.name", "job": "j.title", "job_family": "COALESCE(j.family, '')", "job_level": "j.level",
	"manager": "COALESCE(m.given_name || ' ' || m.family_name, '')", "employment_type": "a.employment_type", "weekly_hours": "a.weekly_hours",
}

func withAssignment(m map[string]string) map[string]string {
	for k, v := range reportAssignmentCols {
		m[k] = v
	}
	return withPerson(m)
}

const reportAssignmentJoins = ` JOIN org_units o ON o.id = a.org_unit_id JOIN locations l ON l.id = a.location_id JOIN jobs j ON j.id = a.job_id
	LEFT JOIN employees m ON m.id = a.manager_id`

var reportSources = map[string]reportSource{
	// Employees on the as-of date, with the assignment and pay in force
	// then.
	"employees": {
		from: ` FROM employees e
			JOIN employment_periods p ON p.employee_id = e.id AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)
			JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2 WHERE a2.employee_id = e.id AND a2.effective_from <= ? ORDER BY a2.effective_from DESC, a2.id DESC LIMIT 1)
			LEFT JOIN pay_records pr ON pr.id = (SELECT r2.id FROM pay_records r2 WHERE r2.employee_id = e.id AND r2.effective_from <= ? ORDER BY r2.effective_from DESC, r2.id DESC LIMIT 1)` + reportAssignmentJoins + ` WHERE 1 = 1`,
		args:  func(q insights.ReportQuery) []any { return []any{q.AsOf, q.AsOf, q.AsOf, q.AsOf} },
		unit:  "a.org_unit_id",
		order: "e.family_name, e.given_name, e.id",
		fields: withAssignment(map[string]string{
			"hire_date": "p.start_date", "original_hire_date": "e.original_hire_date", "last_day": "p.end_date",
			"pay_amount": "pr.amount_cents", "pay_per": "pr.per", "pay_currency": "pr.currency",
		}),
	},
	"job_history": {
		from:   ` FROM assignments a JOIN employees e ON e.id = a.employee_id` + reportAssignmentJoins + ` WHERE a.effective_from >= ? AND a.effective_from <= ?`,
		args:   func(q insights.ReportQuery) []any { return []any{q.From, q.To} },
		unit:   "a.org_unit_id",
		order:  "a.effective_from DESC, e.family_name, e.given_name, a.id",
		fields: withAssignment(map[string]string{"effective_from": "a.effective_from", "reason": "a.reason"}),
	},
	// Employment periods that ended in the period, with the unit and job
	// the person had last.
	"separations": {
		from: ` FROM employment_periods p JOIN employees e ON e.id = p.employee_id JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id
			WHERE p.end_date >= ? AND p.end_date <= ?`,
		args:  func(q insights.ReportQuery) []any { return []any{q.From, q.To} },
		unit:  "e.org_unit_id",
		order: "p.end_date DESC, e.family_name, e.given_name, p.id",
		fields: withPerson(map[string]string{"start_date": "p.start_date", "last_day": "p.end_date", "reason": "p.termination_reason",
			"voluntary": yesNoSQL("p.voluntary"), "regretted": yesNoSQL("p.regretted"), "rehire_eligible": yesNoSQL("p.rehire_eligible"),
			"org_unit": "o.name", "job": "j.title", "job_family": "COALESCE(j.family, '')"}),
	},
	"pay": {
		from: ` FROM pay_records r JOIN employees e ON e.id = r.employee_id JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id
			WHERE r.effective_from >= ? AND r.effective_from <= ?`,
		args:  func(q insights.ReportQuery) []any { return []any{q.From, q.To} },
		unit:  "e.org_unit_id",
		order: "r.effective_from DESC, e.family_name, e.given_name, r.id",
		fields: withPerson(map[string]string{"effective_from": "r.effective_from", "reason": "r.reason", "amount": "r.amount_cents", "per": "r.per",
			"currency": "r.currency", "org_unit": "o.name", "job": "j.title"}),
	},
	"leave": {
		from:  ` FROM leave_cases k JOIN employees e ON e.id = k.employee_id JOIN org_units o ON o.id = e.org_unit_id WHERE k.starts_on >= ? AND k.starts_on <= ?`,
		args:  func(q insights.ReportQuery) []any { return []any{q.From, q.To} },
		unit:  "e.org_unit_id",
		order: "k.starts_on DESC, e.family_name, e.given_name, k.id",
		fields: withPerson(map[string]string{"case_id": "k.id", "starts_on": "k.starts_on", "ends_on": "k.ends_on", "schedule": "k.schedule",
			"status": "k.status", "reason": "k.reason", "org_unit": "o.name"}),
	},
}

// yesNoSQL shows a nullable boolean column as yes, no or empty.
func yesNoSQL(col string) string {
	return "CASE WHEN " + col + " IS NULL THEN '' WHEN " + col + " THEN 'yes' ELSE 'no' END"
}

// reportWhere is the scope and the filters as SQL conditions (each
// starting with AND) with their arguments.
func (c *Conn) reportWhere(q insights.ReportQuery, src reportSource, sub insights.Subject) (string, []any, error) {
	where, args := inIDs(src.unit, q.Units)
	for _, f := range q.Filters {
		expr, ok := src.fields[f.Field]
		fd, _ := sub.FieldOf(f.Field)
		if !ok {
			return "", nil, fmt.Errorf("report field %q", f.Field)
		}
		var val any = f.Value
		switch fd.Kind {
		case insights.KindDate:
			val = f.Value
		case insights.KindNumber:
			n, _ := strconv.ParseFloat(f.Value, 64)
			val = n
		case insights.KindMoney:
			n, _ := strconv.ParseInt(f.Value, 10, 64)
			val = n
		}
		text := fd.Kind == insights.KindText
		switch f.Op {
		case "empty":
			if text {
				where += " AND (" + expr + " IS NULL OR " + expr + " = '')"
			} else {
				where += " AND " + expr + " IS NULL"
			}
			continue
		case "not_empty":
			if text {
				where += " AND " + expr + " <> ''"
			} else {
				where += " AND " + expr + " IS NOT NULL"
			}
			continue
		case "contains":
			where += " AND lower(" + expr + ") LIKE ?" + c.db.dialect.likeEscape()
			args = append(args, "%"+escapeLike(strings.ToLower(f.Value))+"%")
			continue
		}
		ops := map[string]string{"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
		op, ok := ops[f.Op]
		if !ok {
			return "", nil, fmt.Errorf("report operator %q", f.Op)
		}
		if text {
			expr, val = "lower("+expr+")", strings.ToLower(f.Value)
		}
		if f.Op == "ne" {
			where += " AND (" + expr + " IS NULL OR " + expr + " <> ?)"
		} else {
			where += " AND " + expr + " " + op + " ?"
		}
		args = append(args, val)
	}
	return where, args, nil
}

// reportFrom joins the subject's FROM with the scope and filters.
func (c *Conn) reportFrom(q insights.ReportQuery) (string, []any, reportSource, insights.Subject, error) {
	src, ok := reportSources[q.Subject]
	sub, _ := insights.SubjectOf(q.Subject)
	if !ok {
		return "", nil, src, sub, fmt.Errorf("report subject %q", q.Subject)
	}
	where, args, err := c.reportWhere(q, src, sub)
	if err != nil {
		return "", nil, src, sub, err
	}
	// Every source's FROM ends with its WHERE clause, so the scope and
	// the filters are further conditions of it.
	return src.from + where, append(src.args(q), args...), src, sub, nil
}

func (c *Conn) ReportRows(ctx context.Context, q insights.ReportQuery) ([][]string, int, error) {
	from, args, src, sub, err := c.reportFrom(q)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := c.row(ctx, `SELECT count(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("report count: %w", err)
	}
	cols := make([]string, len(q.Columns))
	kinds := make([]string, len(q.Columns))
	for i, k := range q.Columns {
		cols[i] = src.fields[k]
		f, _ := sub.FieldOf(k)
		kinds[i] = f.Kind
	}
	rows, err := c.query(ctx, `SELECT `+strings.Join(cols, ", ")+from+` ORDER BY `+src.order+` LIMIT ?`, append(args, q.Limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("report rows: %w", err)
	}
	defer rows.Close()
	var out [][]string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, 0, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = reportValue(v, kinds[i])
		}
		out = append(out, row)
	}
	return out, total, rows.Err()
}

func (c *Conn) ReportGroups(ctx context.Context, q insights.ReportQuery) ([]insights.ValueCount, error) {
	from, args, src, sub, err := c.reportFrom(q)
	if err != nil {
		return nil, err
	}
	expr := src.fields[q.GroupBy]
	f, _ := sub.FieldOf(q.GroupBy)
	rows, err := c.query(ctx, `SELECT `+expr+`, count(*)`+from+` GROUP BY `+expr+` ORDER BY count(*) DESC, `+expr+` LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("report groups: %w", err)
	}
	defer rows.Close()
	var out []insights.ValueCount
	for rows.Next() {
		var v any
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, err
		}
		out = append(out, insights.ValueCount{Value: reportValue(v, f.Kind), Count: n})
	}
	return out, rows.Err()
}

// reportValue formats a scanned value: dates as YYYY-MM-DD, money in
// major units with two decimals.
func reportValue(v any, kind string) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		s = string(x)
	case string:
		s = x
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case int64:
		if kind == insights.KindMoney {
			return strconv.FormatFloat(float64(x)/100, 'f', 2, 64)
		}
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	default:
		s = fmt.Sprint(x)
	}
	if kind == insights.KindDate && len(s) > 10 {
		s = s[:10]
	}
	if kind == insights.KindMoney {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.FormatFloat(float64(n)/100, 'f', 2, 64)
		}
	}
	return s
}
