package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Merit returns the merit.Store on this database.
func (db *DB) Merit() merit.Store { return meritStore{db.Reader()} }

type meritStore struct{ *Conn }

func (s meritStore) InTx(ctx context.Context, fn func(merit.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(meritStore{c}) })
}

func (s meritStore) People() people.Store { return peopleStore{s.Conn} }

const cycleCols = `id, name, status, effective_on, eligible_by, budget_bp, dept_budgets, matrix, created_at, opened_at, applied_at FROM merit_cycles`

func scanCycle(sc interface{ Scan(...any) error }) (merit.Cycle, error) {
	var c merit.Cycle
	var depts, matrix string
	var opened, applied sql.NullTime
	if err := sc.Scan(&c.ID, &c.Name, &c.Status, &c.Effective, &c.EligibleBy, &c.BudgetBP, &depts, &matrix, &c.CreatedAt, &opened, &applied); err != nil {
		return c, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if opened.Valid {
		c.OpenedAt = opened.Time.UTC()
	}
	if applied.Valid {
		c.AppliedAt = applied.Time.UTC()
	}
	if err := json.Unmarshal([]byte(depts), &c.DeptBudgets); err != nil {
		return c, fmt.Errorf("merit cycle budgets: %w", err)
	}
	return c, json.Unmarshal([]byte(matrix), &c.Matrix)
}

func (c *Conn) MeritCycles(ctx context.Context) ([]merit.Cycle, error) {
	rows, err := c.query(ctx, `SELECT `+cycleCols+` ORDER BY effective_on DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []merit.Cycle
	for rows.Next() {
		cy, err := scanCycle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, cy)
	}
	return out, rows.Err()
}

func (c *Conn) GetMeritCycle(ctx context.Context, id int64) (merit.Cycle, error) {
	cy, err := scanCycle(c.row(ctx, `SELECT `+cycleCols+` WHERE id = ?`, id))
	return cy, notFound(err, "merit cycle")
}

func (c *Conn) SaveMeritCycle(ctx context.Context, cy merit.Cycle) (int64, error) {
	if cy.DeptBudgets == nil {
		cy.DeptBudgets = map[int64]int{}
	}
	depts, _ := json.Marshal(cy.DeptBudgets)
	matrix, _ := json.Marshal(cy.Matrix)
	if cy.ID == 0 {
		return c.insert(ctx, `INSERT INTO merit_cycles (name, status, effective_on, eligible_by, budget_bp, dept_budgets, matrix, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			cy.Name, cy.Status, cy.Effective, cy.EligibleBy, cy.BudgetBP, string(depts), string(matrix), cy.CreatedAt.UTC())
	}
	_, err := c.exec(ctx, `UPDATE merit_cycles SET name = ?, status = ?, effective_on = ?, eligible_by = ?, budget_bp = ?, dept_budgets = ?, matrix = ?, opened_at = ?, applied_at = ? WHERE id = ?`,
		cy.Name, cy.Status, cy.Effective, cy.EligibleBy, cy.BudgetBP, string(depts), string(matrix), nullTime(cy.OpenedAt), nullTime(cy.AppliedAt), cy.ID)
	return cy.ID, err
}

func (c *Conn) MeritEligible(ctx context.Context, hiredBy date.Date) ([]merit.Eligible, error) {
	rows, err := c.query(ctx, `SELECT e.id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, j.title,
		COALESCE(e.manager_id, 0), e.org_unit_id, o.path, e.location_id, e.job_id, e.weekly_hours, e.pay_amount_cents, e.pay_per, e.pay_currency, e.hire_date
		FROM employees e JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id
		WHERE e.status = 'active' AND e.hire_date <= ? ORDER BY e.id`, hiredBy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []merit.Eligible
	for rows.Next() {
		var x merit.Eligible
		if err := rows.Scan(&x.EmployeeID, &x.Name, &x.JobTitle, &x.ManagerID, &x.OrgUnitID, &x.OrgPath, &x.LocationID, &x.JobID, &x.WeeklyHours,
			&x.Pay.AmountCents, &x.Pay.Per, &x.Pay.Currency, &x.Hired); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func (c *Conn) InsertMeritLine(ctx context.Context, l merit.Line) error {
	var cr any
	if l.CompaRatio != nil {
		cr = *l.CompaRatio
	}
	_, err := c.exec(ctx, `INSERT INTO merit_lines (cycle_id, employee_id, owner_id, dept_id, org_path, amount_cents, per, currency, annual_cents, compa_ratio, quartile, rating, proposed_bp, note, pay_record_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.CycleID, l.EmployeeID, l.OwnerID, l.DeptID, l.OrgPath, l.Pay.AmountCents, l.Pay.Per, l.Pay.Currency, l.AnnualCents, cr, l.Quartile, l.Rating, l.ProposedBP, l.Note, nullInt(l.PayRecordID))
	return err
}

func (c *Conn) MeritLines(ctx context.Context, cycleID, owner int64) ([]merit.Line, error) {
	where, args := `l.cycle_id = ?`, []any{cycleID}
	if owner >= 0 {
		where, args = where+` AND l.owner_id = ?`, append(args, owner)
	}
	rows, err := c.query(ctx, `SELECT l.id, l.cycle_id, l.employee_id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, j.title,
		l.owner_id, l.dept_id, COALESCE(d.name, ''), l.org_path, l.amount_cents, l.per, l.currency, l.annual_cents, l.compa_ratio, l.quartile, l.rating, l.proposed_bp, l.note, COALESCE(l.pay_record_id, 0)
		FROM merit_lines l JOIN employees e ON e.id = l.employee_id JOIN jobs j ON j.id = e.job_id LEFT JOIN org_units d ON d.id = l.dept_id
		WHERE `+where+` ORDER BY e.family_name, e.given_name, l.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []merit.Line
	for rows.Next() {
		var l merit.Line
		var cr sql.NullFloat64
		if err := rows.Scan(&l.ID, &l.CycleID, &l.EmployeeID, &l.Name, &l.JobTitle, &l.OwnerID, &l.DeptID, &l.Department, &l.OrgPath, &l.Pay.AmountCents, &l.Pay.Per, &l.Pay.Currency,
			&l.AnnualCents, &cr, &l.Quartile, &l.Rating, &l.ProposedBP, &l.Note, &l.PayRecordID); err != nil {
			return nil, err
		}
		l.Currency = l.Pay.Currency
		if cr.Valid {
			v := cr.Float64
			l.CompaRatio = &v
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (c *Conn) UpdateMeritLine(ctx context.Context, l merit.Line) error {
	_, err := c.exec(ctx, `UPDATE merit_lines SET rating = ?, proposed_bp = ?, note = ?, pay_record_id = ? WHERE cycle_id = ? AND employee_id = ?`,
		l.Rating, l.ProposedBP, l.Note, nullInt(l.PayRecordID), l.CycleID, l.EmployeeID)
	return err
}

func (c *Conn) MeritSheets(ctx context.Context, cycleID int64) ([]merit.SheetState, error) {
	rows, err := c.query(ctx, `SELECT cycle_id, owner_id, status, COALESCE(approval_id, 0), submitted_at FROM merit_sheets WHERE cycle_id = ? ORDER BY owner_id`, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []merit.SheetState
	for rows.Next() {
		var s merit.SheetState
		var at sql.NullTime
		if err := rows.Scan(&s.CycleID, &s.OwnerID, &s.Status, &s.ApprovalID, &at); err != nil {
			return nil, err
		}
		if at.Valid {
			s.SubmittedAt = at.Time.UTC()
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (c *Conn) SaveMeritSheet(ctx context.Context, s merit.SheetState) error {
	res, err := c.exec(ctx, `UPDATE merit_sheets SET status = ?, approval_id = ?, submitted_at = COALESCE(?, submitted_at) WHERE cycle_id = ? AND owner_id = ?`,
		s.Status, nullInt(s.ApprovalID), nullTime(s.SubmittedAt), s.CycleID, s.OwnerID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = c.exec(ctx, `INSERT INTO merit_sheets (cycle_id, owner_id, status, approval_id, submitted_at) VALUES (?, ?, ?, ?, ?)`, s.CycleID, s.OwnerID, s.Status, nullInt(s.ApprovalID), nullTime(s.SubmittedAt))
	return err
}

func (c *Conn) OrgUnitNames(ctx context.Context) (map[int64]string, error) {
	rows, err := c.query(ctx, `SELECT id, name FROM org_units`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

func (c *Conn) EmployeeNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(ctx, `SELECT id, CASE WHEN preferred_name <> '' THEN preferred_name ELSE given_name END || ' ' || family_name FROM employees WHERE id IN (`+ph+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
