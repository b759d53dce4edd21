package store

import (
	"context"

	"github.com/cadrehq/cadre/internal/compensation/rewards"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Rewards returns the rewards.Store on this database.
func (db *DB) Rewards() rewards.Store { return rewardsStore{db.Reader()} }

type rewardsStore struct{ *Conn }

func (c *Conn) RewardsBase(ctx context.Context, employeeID int64) (rewards.Base, error) {
	var b rewards.Base
	err := c.row(ctx, `SELECT e.id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, j.title, o.name,
		e.pay_amount_cents, e.pay_per, e.pay_currency, e.weekly_hours, e.hire_date
		FROM employees e JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id WHERE e.id = ?`, employeeID).
		Scan(&b.EmployeeID, &b.Name, &b.JobTitle, &b.OrgUnit, &b.Pay.AmountCents, &b.Pay.Per, &b.Pay.Currency, &b.WeeklyHours, &b.Hired)
	return b, notFound(err, "employee")
}

func (c *Conn) PaymentTotals(ctx context.Context, employeeID int64, from, to date.Date, paths []string, whole bool) ([]rewards.PaymentSum, error) {
	scope, sargs := scopeSQL(paths, whole)
	where, args := `t.status = 'approved' AND t.pay_date BETWEEN ? AND ?`, []any{from, to}
	if employeeID != 0 {
		where, args = where+` AND t.employee_id = ?`, append(args, employeeID)
	}
	rows, err := c.query(ctx, `SELECT t.kind, COALESCE(sum(t.amount_cents), 0), count(*) FROM one_time_payments t JOIN employees e ON e.id = t.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE `+where+scope+` GROUP BY t.kind ORDER BY t.kind`, append(args, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.PaymentSum
	for rows.Next() {
		var p rewards.PaymentSum
		if err := rows.Scan(&p.Kind, &p.Cents, &p.Count); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// BasePayroll sums the base pay in force on a day of everyone employed
// that day, hourly pay at the scheduled hours.
func (c *Conn) BasePayroll(ctx context.Context, on date.Date, paths []string, whole bool) (map[string]int64, int, error) {
	scope, sargs := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT pr.currency, COALESCE(sum(CASE WHEN pr.per = 'hour' THEN pr.amount_cents * a.weekly_hours * 52 ELSE pr.amount_cents END), 0), count(*)
		FROM employment_periods p`+asOf("p.employee_id", "?")+`
		WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)`+scope+` GROUP BY pr.currency`,
		append([]any{on, on, on, on}, sargs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out, n := map[string]int64{}, 0
	for rows.Next() {
		var cur *string
		var v int64
		var k int
		if err := rows.Scan(&cur, &v, &k); err != nil {
			return nil, 0, err
		}
		if cur != nil {
			out[*cur] += v
		}
		n += k
	}
	return out, n, rows.Err()
}

// MeritIncreases sums the annual value of merit pay records effective
// from..to: the new rate less the one before, hourly at scheduled hours.
func (c *Conn) MeritIncreases(ctx context.Context, from, to date.Date, paths []string, whole bool) (int64, int, error) {
	scope, sargs := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT x.amount_cents, COALESCE(x.prev_amount, 0), x.per, COALESCE(x.prev_per, ''), a.weekly_hours
		FROM (SELECT p.id, p.employee_id, p.effective_from, p.amount_cents, p.per, p.reason,
			LAG(p.amount_cents) OVER (PARTITION BY p.employee_id ORDER BY p.effective_from, p.id) AS prev_amount,
			LAG(p.per) OVER (PARTITION BY p.employee_id ORDER BY p.effective_from, p.id) AS prev_per
			FROM pay_records p WHERE p.employee_id IN (SELECT employee_id FROM pay_records WHERE reason = 'merit' AND effective_from BETWEEN ? AND ?)) x`+asOf("x.employee_id", "x.effective_from")+`
		WHERE x.reason = 'merit' AND x.effective_from BETWEEN ? AND ?`+scope, append([]any{from, to, from, to}, sargs...)...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var sum int64
	n := 0
	for rows.Next() {
		var amount, prev int64
		var per, prevPer string
		var hours int64
		if err := rows.Scan(&amount, &prev, &per, &prevPer, &hours); err != nil {
			return 0, 0, err
		}
		if prev == 0 || per != prevPer {
			continue
		}
		d := amount - prev
		if per == "hour" {
			if hours <= 0 {
				hours = 40
			}
			d *= hours * 52
		}
		sum += d
		n++
	}
	return sum, n, rows.Err()
}
