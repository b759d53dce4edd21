package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Payroll returns the payroll.Store on this database.
func (db *DB) Payroll() payroll.Store { return payrollStore{db.Reader()} }

type payrollStore struct{ *Conn }

func (s payrollStore) InTx(ctx context.Context, fn func(payroll.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(payrollStore{c}) })
}

// asOf joins the assignment (a, with o, j, l) and the pay record (pr) in
// force on the date expression d for the employee expression emp.
func asOf(emp, d string) string {
	return ` JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2 WHERE a2.employee_id = ` + emp + ` AND a2.effective_from <= ` + d + ` ORDER BY a2.effective_from DESC, a2.id DESC LIMIT 1)
	JOIN org_units o ON o.id = a.org_unit_id JOIN jobs j ON j.id = a.job_id JOIN locations l ON l.id = a.location_id
	LEFT JOIN pay_records pr ON pr.id = (SELECT p2.id FROM pay_records p2 WHERE p2.employee_id = ` + emp + ` AND p2.effective_from <= ` + d + ` ORDER BY p2.effective_from DESC, p2.id DESC LIMIT 1)
	JOIN employees e ON e.id = ` + emp
}

// itemCols are the employee and placement columns every change reads.
const itemCols = `e.id, e.employee_number, e.given_name, e.family_name, e.work_email, o.name, o.path, j.title, j.flsa_status, l.name, a.employment_type, a.weekly_hours,
	COALESCE(pr.amount_cents, 0), COALESCE(pr.per, ''), COALESCE(pr.currency, '')`

func itemDest(it *payroll.Item) []any {
	return []any{&it.EmployeeID, &it.Number, &it.GivenName, &it.FamilyName, &it.WorkEmail, &it.OrgUnit, &it.OrgPath, &it.JobTitle, &it.FLSA, &it.Location,
		&it.EmploymentType, &it.WeeklyHours, &it.AmountCents, &it.Per, &it.Currency}
}

func notExported(source, idExpr string) string {
	return ` AND NOT EXISTS (SELECT 1 FROM payroll_export_items pxi WHERE pxi.source = '` + source + `' AND pxi.source_id = ` + idExpr + `)`
}

func (c *Conn) PayrollChanges(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]payroll.Item, error) {
	out, err := c.payrollChanges(ctx, from, through, paths, whole)
	if err != nil {
		return nil, err
	}
	out2, err := c.payrollDeductions(ctx, from, through, paths, whole)
	return append(out, out2...), err
}

// payrollChanges lists the changes of the people core and one-time
// payments.
func (c *Conn) payrollChanges(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]payroll.Item, error) {
	scope, sargs := scopeSQL(paths, whole)
	var out []payroll.Item
	collect := func(what, q string, args []any, scan func(rows *sql.Rows) (payroll.Item, error)) error {
		rows, err := c.query(ctx, q, append(args, sargs...)...)
		if err != nil {
			return fmt.Errorf("payroll %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scan(rows)
			if err != nil {
				return fmt.Errorf("payroll %s: %w", what, err)
			}
			it.RecordedAt = it.RecordedAt.UTC()
			out = append(out, it)
		}
		return rows.Err()
	}
	// Pay changes, with the rate before each.
	err := collect("pay changes", `SELECT x.id, x.effective_from, x.reason, x.note, x.created_at, COALESCE(x.prev_amount, 0), COALESCE(x.prev_per, ''), `+itemCols+`
		FROM (SELECT p.id, p.employee_id, p.effective_from, p.reason, p.note, p.created_at,
			LAG(p.amount_cents) OVER (PARTITION BY p.employee_id ORDER BY p.effective_from, p.id) AS prev_amount,
			LAG(p.per) OVER (PARTITION BY p.employee_id ORDER BY p.effective_from, p.id) AS prev_per
			FROM pay_records p WHERE p.employee_id IN (SELECT employee_id FROM pay_records WHERE effective_from BETWEEN ? AND ?)) x`+asOf("x.employee_id", "x.effective_from")+`
		WHERE x.effective_from BETWEEN ? AND ? AND x.reason NOT IN ('hire', 'rehire')`+notExported(payroll.SourcePay, "x.id")+scope,
		[]any{from, through, from, through}, func(rows *sql.Rows) (payroll.Item, error) {
			it := payroll.Item{Source: payroll.SourcePay, Kind: payroll.KindPayChange}
			err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &it.Reason, &it.Note, &it.RecordedAt, &it.PrevAmountCents, &it.PrevPer}, itemDest(&it)...)...)
			return it, err
		})
	if err != nil {
		return nil, err
	}
	// Assignment changes, with the assignment before each.
	err = collect("assignments", `SELECT x.id, x.effective_from, x.reason, x.note, x.created_at,
		x.org_unit_id, COALESCE(x.prev_org, 0), x.location_id, COALESCE(x.prev_loc, 0), x.job_id, COALESCE(x.prev_job, 0),
		x.employment_type, COALESCE(x.prev_type, ''), x.weekly_hours, COALESCE(x.prev_hours, 0), `+itemCols+`
		FROM (SELECT a.id, a.employee_id, a.effective_from, a.reason, a.note, a.created_at, a.org_unit_id, a.location_id, a.job_id, a.employment_type, a.weekly_hours,
			LAG(a.org_unit_id) OVER w AS prev_org, LAG(a.location_id) OVER w AS prev_loc, LAG(a.job_id) OVER w AS prev_job,
			LAG(a.employment_type) OVER w AS prev_type, LAG(a.weekly_hours) OVER w AS prev_hours
			FROM assignments a WHERE a.employee_id IN (SELECT employee_id FROM assignments WHERE effective_from BETWEEN ? AND ?)
			WINDOW w AS (PARTITION BY a.employee_id ORDER BY a.effective_from, a.id)) x`+asOf("x.employee_id", "x.effective_from")+`
		WHERE x.effective_from BETWEEN ? AND ? AND x.reason NOT IN ('hire', 'rehire')`+notExported(payroll.SourceAssignment, "x.id")+scope,
		[]any{from, through, from, through}, func(rows *sql.Rows) (payroll.Item, error) {
			it := payroll.Item{Source: payroll.SourceAssignment, Diff: &payroll.Diff{}}
			d := it.Diff
			err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &it.Reason, &it.Note, &it.RecordedAt,
				&d.OrgUnitID, &d.PrevOrgUnitID, &d.LocationID, &d.PrevLocationID, &d.JobID, &d.PrevJobID, &d.Type, &d.PrevType, &d.Hours, &d.PrevHours}, itemDest(&it)...)...)
			return it, err
		})
	if err != nil {
		return nil, err
	}
	// Starts: hires and rehires.
	err = collect("starts", `SELECT p.id, p.start_date, (SELECT count(*) FROM employment_periods p0 WHERE p0.employee_id = p.employee_id AND p0.start_date < p.start_date),
		a.created_at, `+itemCols+` FROM employment_periods p`+asOf("p.employee_id", "p.start_date")+`
		WHERE p.start_date BETWEEN ? AND ?`+notExported(payroll.SourceStart, "p.id")+scope,
		[]any{from, through}, func(rows *sql.Rows) (payroll.Item, error) {
			it := payroll.Item{Source: payroll.SourceStart, Kind: payroll.KindNewHire, Reason: "hire"}
			var earlier int
			err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &earlier, &it.RecordedAt}, itemDest(&it)...)...)
			if earlier > 0 {
				it.Kind, it.Reason = payroll.KindRehire, "rehire"
			}
			return it, err
		})
	if err != nil {
		return nil, err
	}
	// Ends: terminations.
	err = collect("terminations", `SELECT p.id, p.end_date, p.termination_reason, p.voluntary, a.created_at, `+itemCols+` FROM employment_periods p`+asOf("p.employee_id", "p.end_date")+`
		WHERE p.end_date IS NOT NULL AND p.end_date BETWEEN ? AND ?`+notExported(payroll.SourceEnd, "p.id")+scope,
		[]any{from, through}, func(rows *sql.Rows) (payroll.Item, error) {
			it := payroll.Item{Source: payroll.SourceEnd, Kind: payroll.KindTermination}
			var vol sql.NullBool
			err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &it.Reason, &vol, &it.RecordedAt}, itemDest(&it)...)...)
			it.LastDay = it.Effective
			if vol.Valid {
				v := vol.Bool
				it.Voluntary = &v
			}
			return it, err
		})
	if err != nil {
		return nil, err
	}
	// One-time payments, approved.
	err = collect("payments", `SELECT t.id, t.pay_date, t.kind, t.amount_cents, t.note, t.created_at, `+itemCols+` FROM one_time_payments t`+asOf("t.employee_id", "t.pay_date")+`
		WHERE t.status = 'approved' AND t.pay_date BETWEEN ? AND ?`+notExported(payroll.SourcePayment, "t.id")+scope,
		[]any{from, through}, func(rows *sql.Rows) (payroll.Item, error) {
			it := payroll.Item{Source: payroll.SourcePayment, Kind: payroll.KindOneTime}
			err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &it.PaymentKind, &it.PaymentCents, &it.Note, &it.RecordedAt}, itemDest(&it)...)...)
			it.Reason = it.PaymentKind
			return it, err
		})
	return out, err
}

// deductionCols are the employee columns of a benefit deduction: the
// placement and pay on the employees row (the current ones), which spares
// the effective-dated lookups a year's enrollment would make by the
// hundred thousand.
const deductionCols = `e.id, e.employee_number, e.given_name, e.family_name, e.work_email, o.name, o.path, j.title, j.flsa_status, l.name, e.employment_type, e.weekly_hours,
	e.pay_amount_cents, e.pay_per, e.pay_currency`

const deductionFrom = ` FROM benefit_coverages v JOIN benefit_plans p ON p.id = v.plan_id JOIN employees e ON e.id = v.employee_id
	JOIN org_units o ON o.id = e.org_unit_id JOIN jobs j ON j.id = e.job_id JOIN locations l ON l.id = e.location_id`

// payrollDeductions lists the benefit deductions: coverages that start,
// and coverages that end (on their last covered day). Continuation
// (COBRA) coverage is paid by the former employee, not through payroll.
func (c *Conn) payrollDeductions(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]payroll.Item, error) {
	scope, sargs := scopeSQL(paths, whole)
	var out []payroll.Item
	for _, k := range []struct{ kind, source, col string }{
		{payroll.KindDeductionStart, payroll.SourceBenefitOn, "effective_from"},
		{payroll.KindDeductionStop, payroll.SourceBenefitOff, "effective_to"},
	} {
		rows, err := c.query(ctx, `SELECT v.id, v.`+k.col+`, p.code, p.name, v.tier, v.employee_cents, v.employer_cents, v.percent_bp, v.end_reason, v.created_at, `+deductionCols+deductionFrom+`
			WHERE v.cobra = FALSE AND v.`+k.col+` BETWEEN ? AND ?`+notExported(k.source, "v.id")+scope, append([]any{from, through}, sargs...)...)
		if err != nil {
			return nil, fmt.Errorf("payroll benefit deductions: %w", err)
		}
		for rows.Next() {
			it := payroll.Item{Source: k.source, Kind: k.kind}
			var tier string
			if err := rows.Scan(append([]any{&it.SourceID, &it.Effective, &it.DeductionCode, &it.DeductionPlan, &tier, &it.DeductionCents, &it.EmployerCents, &it.DeductionBP, &it.Reason, &it.RecordedAt}, itemDest(&it)...)...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("payroll benefit deductions: %w", err)
			}
			it.RecordedAt = it.RecordedAt.UTC()
			it.DeductionPlan += " (" + strings.ReplaceAll(tier, "_", " + ") + ")"
			if k.kind == payroll.KindDeductionStop {
				it.DeductionCents, it.EmployerCents, it.DeductionBP = 0, 0, 0
			} else {
				it.Reason = "enrollment"
			}
			out = append(out, it)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PayrollDeductionCount counts the benefit deductions not exported yet
// effective from..through, in scope (the coming periods' totals).
func (c *Conn) PayrollDeductionCount(ctx context.Context, from, through date.Date, paths []string, whole bool) (int, error) {
	scope, sargs := scopeSQL(paths, whole)
	from_ := deductionFrom
	if whole {
		from_ = ` FROM benefit_coverages v` // no scope: no joins
	}
	var total int
	for _, k := range []struct{ source, col string }{{payroll.SourceBenefitOn, "effective_from"}, {payroll.SourceBenefitOff, "effective_to"}} {
		var n int
		if err := c.row(ctx, `SELECT count(*)`+from_+` WHERE v.cobra = FALSE AND v.`+k.col+` BETWEEN ? AND ?`+notExported(k.source, "v.id")+scope,
			append([]any{from, through}, sargs...)...).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// PayrollCoreChanges is PayrollChanges without the benefit deductions.
func (c *Conn) PayrollCoreChanges(ctx context.Context, from, through date.Date, paths []string, whole bool) ([]payroll.Item, error) {
	return c.payrollChanges(ctx, from, through, paths, whole)
}

func (c *Conn) InsertPayrollExport(ctx context.Context, e payroll.Export, items []payroll.Item) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO payroll_exports (period_start, period_end, items, corrections, exported_by, exported_at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.Period.Start, e.Period.End, e.Items, e.Corrections, nullInt(e.ExportedBy), e.ExportedAt.UTC())
	if err != nil {
		if isUnique(err) {
			return 0, kit.Conflict("the pay period was already exported")
		}
		return 0, err
	}
	for _, it := range items {
		var corr any
		if it.Corrects != nil {
			corr = it.Corrects.End
		}
		if _, err := c.exec(ctx, `INSERT INTO payroll_export_items (export_id, source, source_id, employee_id, kind, effective, corrects_end, org_path, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, it.Source, it.SourceID, it.EmployeeID, it.Kind, it.Effective, corr, it.OrgPath, payroll.MarshalItem(it)); err != nil {
			if isUnique(err) {
				return 0, kit.Conflict("a change was exported by another export a moment ago")
			}
			return 0, err
		}
	}
	return id, nil
}

const exportCols = `x.id, x.period_start, x.period_end, x.items, x.corrections, COALESCE(x.exported_by, 0), COALESCE(u.name, ''), x.exported_at
	FROM payroll_exports x LEFT JOIN users u ON u.id = x.exported_by`

func scanExport(s interface{ Scan(...any) error }) (payroll.Export, error) {
	var e payroll.Export
	err := s.Scan(&e.ID, &e.Period.Start, &e.Period.End, &e.Items, &e.Corrections, &e.ExportedBy, &e.ExporterName, &e.ExportedAt)
	e.ExportedAt = e.ExportedAt.UTC()
	return e, err
}

func (c *Conn) PayrollExports(ctx context.Context, limit int) ([]payroll.Export, error) {
	rows, err := c.query(ctx, `SELECT `+exportCols+` ORDER BY x.period_end DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payroll.Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) GetPayrollExport(ctx context.Context, id int64) (payroll.Export, error) {
	e, err := scanExport(c.row(ctx, `SELECT `+exportCols+` WHERE x.id = ?`, id))
	return e, notFound(err, "payroll export")
}

func (c *Conn) PayrollExportItems(ctx context.Context, id int64, from, through date.Date, paths []string, whole bool) ([]payroll.Item, error) {
	where, args := `i.export_id = ?`, []any{id}
	if id == 0 {
		where, args = `x.period_end BETWEEN ? AND ?`, []any{from, through}
	}
	scope, sargs := scopeSQL(paths, whole)
	scope = strings.ReplaceAll(scope, "o.path", "i.org_path")
	rows, err := c.query(ctx, `SELECT i.export_id, x.period_end, i.data FROM payroll_export_items i JOIN payroll_exports x ON x.id = i.export_id
		WHERE `+where+scope+` ORDER BY x.period_end, i.id`, append(args, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payroll.Item
	for rows.Next() {
		var exportID int64
		var end date.Date
		var data string
		if err := rows.Scan(&exportID, &end, &data); err != nil {
			return nil, err
		}
		it, err := payroll.UnmarshalItem(data)
		if err != nil {
			return nil, fmt.Errorf("payroll export item: %w", err)
		}
		it.ExportID, it.ExportPeriodEnd = exportID, end
		out = append(out, it)
	}
	return out, rows.Err()
}

// PayrollLockedThrough is the last day of the last exported pay period
// (zero before any export): changes effective then or earlier are
// corrections.
func (c *Conn) PayrollLockedThrough(ctx context.Context) (date.Date, error) {
	var d date.Date
	err := c.row(ctx, `SELECT max(period_end) FROM payroll_exports`).Scan(&d)
	return d, err
}

// Templates.

func scanTemplate(s interface{ Scan(...any) error }) (payroll.Template, error) {
	var t payroll.Template
	var kinds, cols string
	err := s.Scan(&t.ID, &t.Name, &t.Delimiter, &t.Header, &t.DateFormat, &t.AmountFormat, &kinds, &cols, &t.UpdatedAt)
	if err != nil {
		return t, err
	}
	t.UpdatedAt = t.UpdatedAt.UTC()
	if kinds != "" {
		t.Kinds = strings.Split(kinds, ",")
	}
	return t, json.Unmarshal([]byte(cols), &t.Columns)
}

const templateCols = `id, name, delimiter, header, date_format, amount_format, kinds, columns, updated_at FROM payroll_templates`

func (c *Conn) PayrollTemplates(ctx context.Context) ([]payroll.Template, error) {
	rows, err := c.query(ctx, `SELECT `+templateCols+` ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payroll.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (c *Conn) GetPayrollTemplate(ctx context.Context, id int64) (payroll.Template, error) {
	t, err := scanTemplate(c.row(ctx, `SELECT `+templateCols+` WHERE id = ?`, id))
	return t, notFound(err, "payroll template")
}

func (c *Conn) SavePayrollTemplate(ctx context.Context, t payroll.Template) (int64, error) {
	cols, _ := json.Marshal(t.Columns)
	kinds := strings.Join(t.Kinds, ",")
	if t.ID == 0 {
		id, err := c.insert(ctx, `INSERT INTO payroll_templates (name, delimiter, header, date_format, amount_format, kinds, columns, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.Name, t.Delimiter, t.Header, t.DateFormat, t.AmountFormat, kinds, string(cols), t.UpdatedAt.UTC())
		if isUnique(err) {
			return 0, kit.Conflict("another template has this name")
		}
		return id, err
	}
	_, err := c.exec(ctx, `UPDATE payroll_templates SET name = ?, delimiter = ?, header = ?, date_format = ?, amount_format = ?, kinds = ?, columns = ?, updated_at = ? WHERE id = ?`,
		t.Name, t.Delimiter, t.Header, t.DateFormat, t.AmountFormat, kinds, string(cols), t.UpdatedAt.UTC(), t.ID)
	if isUnique(err) {
		return 0, kit.Conflict("another template has this name")
	}
	return t.ID, err
}

func (c *Conn) DeletePayrollTemplate(ctx context.Context, id int64) error {
	_, err := c.exec(ctx, `DELETE FROM payroll_templates WHERE id = ?`, id)
	return err
}

// One-time payments.

const paymentCols = `t.id, t.employee_id, e.given_name || ' ' || e.family_name, o.path, t.kind, t.amount_cents, t.currency, t.pay_date, t.note, t.status,
	COALESCE(t.approval_id, 0), COALESCE(t.requested_by, 0), COALESCE(u.name, ''), t.source, t.created_at, t.decided_at
	FROM one_time_payments t JOIN employees e ON e.id = t.employee_id JOIN org_units o ON o.id = e.org_unit_id LEFT JOIN users u ON u.id = t.requested_by`

func scanPayment(s interface{ Scan(...any) error }) (payroll.Payment, error) {
	var p payroll.Payment
	var decided sql.NullTime
	err := s.Scan(&p.ID, &p.EmployeeID, &p.EmployeeName, &p.OrgPath, &p.Kind, &p.AmountCents, &p.Currency, &p.PayDate, &p.Note, &p.Status,
		&p.ApprovalID, &p.RequestedBy, &p.RequesterName, &p.Source, &p.CreatedAt, &decided)
	p.CreatedAt = p.CreatedAt.UTC()
	if decided.Valid {
		p.DecidedAt = decided.Time.UTC()
	}
	return p, err
}

func (c *Conn) InsertPayment(ctx context.Context, p payroll.Payment) (int64, error) {
	return c.insert(ctx, `INSERT INTO one_time_payments (employee_id, kind, amount_cents, currency, pay_date, note, status, approval_id, source, requested_by, created_at, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.EmployeeID, p.Kind, p.AmountCents, p.Currency, p.PayDate, p.Note, p.Status, nullInt(p.ApprovalID), p.Source, nullInt(p.RequestedBy), p.CreatedAt.UTC(), nullTime(p.DecidedAt))
}

func (c *Conn) GetPayment(ctx context.Context, id int64) (payroll.Payment, error) {
	p, err := scanPayment(c.row(ctx, `SELECT `+paymentCols+` WHERE t.id = ?`, id))
	return p, notFound(err, "one-time payment")
}

func (c *Conn) UpdatePaymentStatus(ctx context.Context, id int64, status string, approvalID int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE one_time_payments SET status = ?, approval_id = ?, decided_at = ? WHERE id = ?`, status, nullInt(approvalID), nullTime(at), id)
	return err
}

func (c *Conn) ListPayments(ctx context.Context, employeeID int64, paths []string, whole bool, limit int) ([]payroll.Payment, error) {
	scope, args := scopeSQL(paths, whole)
	where := `1 = 1`
	if employeeID != 0 {
		where, args = `t.employee_id = ?`, append([]any{employeeID}, args...)
	}
	rows, err := c.query(ctx, `SELECT `+paymentCols+` WHERE `+where+scope+` ORDER BY t.pay_date DESC, t.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payroll.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) PaymentFacts(ctx context.Context, employeeID int64) (payroll.PaymentContext, error) {
	var pc payroll.PaymentContext
	var amount int64
	var per string
	err := c.row(ctx, `SELECT e.given_name || ' ' || e.family_name, o.path, e.org_unit_id, e.pay_amount_cents, e.pay_per, e.pay_currency, p.start_date, p.end_date
		FROM employees e JOIN org_units o ON o.id = e.org_unit_id
		JOIN employment_periods p ON p.id = (SELECT p2.id FROM employment_periods p2 WHERE p2.employee_id = e.id ORDER BY p2.start_date DESC LIMIT 1)
		WHERE e.id = ?`, employeeID).Scan(&pc.Name, &pc.OrgPath, &pc.OrgUnitID, &amount, &per, &pc.Currency, &pc.Start, &pc.End)
	if err != nil {
		return pc, notFound(err, "employee")
	}
	pc.AnnualCents = amount
	if per == "hour" {
		pc.AnnualCents = amount * 2080
	}
	return pc, nil
}

// OrgCosts sums today's active employees per org unit and currency.
func (c *Conn) OrgCosts(ctx context.Context, paths []string, whole bool) ([]payroll.OrgCost, error) {
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT o.id, o.name, o.path, COALESCE(e.pay_currency, ''), count(e.id), COALESCE(sum(e.weekly_hours), 0),
		COALESCE(sum(CASE WHEN e.pay_per = 'hour' THEN e.pay_amount_cents * e.weekly_hours * 52 ELSE e.pay_amount_cents END), 0)
		FROM org_units o LEFT JOIN employees e ON e.org_unit_id = o.id AND e.status = 'active' WHERE 1 = 1`+scope+` GROUP BY o.id, o.name, o.path, e.pay_currency`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payroll.OrgCost
	for rows.Next() {
		var r payroll.OrgCost
		var hours int64
		if err := rows.Scan(&r.OrgUnitID, &r.OrgUnit, &r.Path, &r.Currency, &r.Headcount, &hours, &r.AnnualCents); err != nil {
			return nil, err
		}
		r.FTE = float64(hours) / 40
		r.Depth = strings.Count(r.Path, "/") - 2
		out = append(out, r)
	}
	return out, rows.Err()
}
