package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/cadrehq/cadre/internal/people"

	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Bonus returns the bonus.Store on this database.
func (db *DB) Bonus() bonus.Store { return bonusStore{db.Reader()} }

type bonusStore struct{ *Conn }

func (s bonusStore) InTx(ctx context.Context, fn func(bonus.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(bonusStore{c}) })
}

func (s bonusStore) Payroll() payroll.Store { return payrollStore{s.Conn} }

type bonusDesign struct {
	TargetBP  map[string]int `json:"target_bp"`
	DefaultBP int            `json:"default_bp"`
	CompanyBP int            `json:"company_bp"`
	RatingBP  [6]int         `json:"rating_bp"`
	CapBP     int            `json:"cap_bp"`
}

const bonusCols = `id, name, status, period_start, period_end, pay_date, design, COALESCE(approval_id, 0), created_at, paid_at FROM bonus_plans`

func scanBonus(sc interface{ Scan(...any) error }) (bonus.Plan, error) {
	var p bonus.Plan
	var design string
	var paid sql.NullTime
	if err := sc.Scan(&p.ID, &p.Name, &p.Status, &p.PeriodStart, &p.PeriodEnd, &p.PayDate, &design, &p.ApprovalID, &p.CreatedAt, &paid); err != nil {
		return p, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	if paid.Valid {
		p.PaidAt = paid.Time.UTC()
	}
	var d bonusDesign
	if err := json.Unmarshal([]byte(design), &d); err != nil {
		return p, fmt.Errorf("bonus plan design: %w", err)
	}
	p.TargetBP, p.DefaultBP, p.CompanyBP, p.RatingBP, p.CapBP = d.TargetBP, d.DefaultBP, d.CompanyBP, d.RatingBP, d.CapBP
	if p.TargetBP == nil {
		p.TargetBP = map[string]int{}
	}
	return p, nil
}

func (c *Conn) BonusPlans(ctx context.Context) ([]bonus.Plan, error) {
	rows, err := c.query(ctx, `SELECT `+bonusCols+` ORDER BY pay_date DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bonus.Plan
	for rows.Next() {
		p, err := scanBonus(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) GetBonusPlan(ctx context.Context, id int64) (bonus.Plan, error) {
	p, err := scanBonus(c.row(ctx, `SELECT `+bonusCols+` WHERE id = ?`, id))
	return p, notFound(err, "bonus plan")
}

func (c *Conn) SaveBonusPlan(ctx context.Context, p bonus.Plan) (int64, error) {
	d, _ := json.Marshal(bonusDesign{p.TargetBP, p.DefaultBP, p.CompanyBP, p.RatingBP, p.CapBP})
	if p.ID == 0 {
		return c.insert(ctx, `INSERT INTO bonus_plans (name, status, period_start, period_end, pay_date, design, approval_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, p.Status, p.PeriodStart, p.PeriodEnd, p.PayDate, string(d), nullInt(p.ApprovalID), p.CreatedAt.UTC())
	}
	_, err := c.exec(ctx, `UPDATE bonus_plans SET name = ?, status = ?, period_start = ?, period_end = ?, pay_date = ?, design = ?, approval_id = ?, paid_at = ? WHERE id = ?`,
		p.Name, p.Status, p.PeriodStart, p.PeriodEnd, p.PayDate, string(d), nullInt(p.ApprovalID), nullTime(p.PaidAt), p.ID)
	return p.ID, err
}

// BonusEmployees reads everyone whose latest employment overlaps the
// period, with their base pay, grade and latest merit rating.
func (c *Conn) BonusEmployees(ctx context.Context, from, to date.Date) ([]bonus.Employee, error) {
	units, err := c.OrgUnitNames(ctx)
	if err != nil {
		return nil, err
	}
	ratings, err := c.latestMeritRatings(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT e.id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, j.title, COALESCE(g.name, ''),
		o.path, e.org_unit_id, e.pay_amount_cents, e.pay_per, e.pay_currency, e.weekly_hours, p.start_date, p.end_date
		FROM employees e JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id LEFT JOIN pay_grades g ON g.id = j.pay_grade_id
		JOIN employment_periods p ON p.id = (SELECT p2.id FROM employment_periods p2 WHERE p2.employee_id = e.id ORDER BY p2.start_date DESC LIMIT 1)
		WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) ORDER BY e.id`, to, from)
	if err != nil {
		return nil, fmt.Errorf("bonus employees: %w", err)
	}
	defer rows.Close()
	var out []bonus.Employee
	for rows.Next() {
		var x bonus.Employee
		var unit, amount int64
		var per string
		var hours int
		if err := rows.Scan(&x.EmployeeID, &x.Name, &x.JobTitle, &x.Grade, &x.OrgPath, &unit, &amount, &per, &x.Currency, &hours, &x.Start, &x.End); err != nil {
			return nil, err
		}
		x.AnnualCents = people.ScheduledAnnualCents(people.Pay{AmountCents: amount, Per: per}, hours)
		x.Department, x.Rating = units[people.DepartmentOf(x.OrgPath, unit)], ratings[x.EmployeeID]
		out = append(out, x)
	}
	return out, rows.Err()
}
