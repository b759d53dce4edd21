package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"

	"github.com/cadrehq/cadre/internal/compliance/leave"
)

// LeaveCases returns the leave.CaseStore on this database.
func (db *DB) LeaveCases() leave.CaseStore { return leaveCaseStore{db.Reader()} }

type leaveCaseStore struct{ *Conn }

func (s leaveCaseStore) InTx(ctx context.Context, fn func(leave.CaseStore) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(leaveCaseStore{c}) })
}

func (c *Conn) InsertLeaveCase(ctx context.Context, k leave.Case, determination string) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_cases (employee_id, reason, schedule, frequency, overtime_centi, starts_on, ends_on, notice_on, status, eligible, determination, medical, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.EmployeeID, k.Reason, k.Schedule, k.Frequency, centi(k.OvertimeHours), k.Starts, k.Ends, k.NoticeOn, k.Status, k.Eligible, determination, k.MedicalS,
		nullInt(k.CreatedBy), k.CreatedAt.UTC(), k.CreatedAt.UTC())
}

const leaveCaseCols = `k.id, k.employee_id, e.given_name || ' ' || e.family_name, o.path, k.reason, k.schedule, k.starts_on, k.ends_on, k.notice_on, k.status, k.eligible,
	k.medical, COALESCE(k.created_by, 0), k.created_at, k.cert_status, k.cert_requested_on, k.cert_due_on, k.cert_received_on, k.deficiency, k.deficiency_on, k.cure_due_on,
	k.sufficient_on, k.designation_due_on, k.recert_on, k.designation, k.designated_on, k.designation_note, k.proposed, COALESCE(k.approval_id, 0), k.closed_on, k.version, k.frequency, k.overtime_centi`

const leaveCaseFrom = ` FROM leave_cases k JOIN employees e ON e.id = k.employee_id JOIN org_units o ON o.id = e.org_unit_id`

func scanLeaveCase(s interface{ Scan(...any) error }, extra ...any) (leave.Case, error) {
	var k leave.Case
	var ot int64
	err := s.Scan(append([]any{&k.ID, &k.EmployeeID, &k.EmployeeName, &k.OrgPath, &k.Reason, &k.Schedule, &k.Starts, &k.Ends, &k.NoticeOn, &k.Status, &k.Eligible,
		&k.MedicalS, &k.CreatedBy, &k.CreatedAt, &k.CertStatus, &k.CertRequestedOn, &k.CertDue, &k.CertReceivedOn, &k.Deficiency, &k.DeficiencyOn, &k.CureDue,
		&k.SufficientOn, &k.DesignationDue, &k.RecertOn, &k.Designation, &k.DesignatedOn, &k.DesignationNote, &k.Proposed, &k.ApprovalID, &k.ClosedOn, &k.Version, &k.Frequency, &ot}, extra...)...)
	k.OvertimeHours = float64(ot) / 100
	k.CreatedAt = k.CreatedAt.UTC()
	return k, err
}

func (c *Conn) GetLeaveCase(ctx context.Context, id int64) (leave.Case, string, error) {
	var det string
	k, err := scanLeaveCase(c.row(ctx, `SELECT `+leaveCaseCols+`, k.determination`+leaveCaseFrom+` WHERE k.id = ?`, id), &det)
	return k, det, notFound(err, "leave case")
}

func (c *Conn) ListLeaveCases(ctx context.Context, employeeID int64, paths []string, whole bool, limit int) ([]leave.Case, error) {
	q, args := `SELECT `+leaveCaseCols+leaveCaseFrom+` WHERE 1 = 1`, []any{}
	if employeeID != 0 {
		q, args = q+` AND k.employee_id = ?`, append(args, employeeID)
	}
	if !whole {
		if len(paths) == 0 {
			return nil, nil
		}
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		q += ` AND (` + strings.Join(ors, " OR ") + `)`
	}
	rows, err := c.query(ctx, q+` ORDER BY k.starts_on DESC, k.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("leave cases: %w", err)
	}
	defer rows.Close()
	var out []leave.Case
	for rows.Next() {
		k, err := scanLeaveCase(rows)
		if err != nil {
			return nil, err
		}
		k.MedicalS = nil
		out = append(out, k)
	}
	return out, rows.Err()
}

func (c *Conn) UpdateLeaveCase(ctx context.Context, k leave.Case, version int) error {
	res, err := c.exec(ctx, `UPDATE leave_cases SET status = ?, cert_status = ?, cert_requested_on = ?, cert_due_on = ?, cert_received_on = ?, deficiency = ?, deficiency_on = ?,
		cure_due_on = ?, sufficient_on = ?, designation_due_on = ?, recert_on = ?, designation = ?, designated_on = ?, designation_note = ?, proposed = ?, approval_id = ?, closed_on = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, k.Status, k.CertStatus, k.CertRequestedOn, k.CertDue, k.CertReceivedOn, k.Deficiency, k.DeficiencyOn,
		k.CureDue, k.SufficientOn, k.DesignationDue, k.RecertOn, k.Designation, k.DesignatedOn, k.DesignationNote, k.Proposed, nullInt(k.ApprovalID), k.ClosedOn, now(), k.ID, version)
	if err != nil {
		return fmt.Errorf("update leave case: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("someone else changed this case at the same time; reload it and try again")
	}
	return nil
}

func (c *Conn) InsertLeaveNotice(ctx context.Context, n leave.Notice, pdf []byte) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_notices (case_id, kind, subject, sent_to, sent_on, due_on, pdf, sent_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.CaseID, n.Kind, n.Subject, n.SentTo, n.SentOn, n.DueOn, pdf, nullInt(n.SentBy), n.CreatedAt.UTC())
}

const leaveNoticeCols = `n.id, n.case_id, n.kind, n.subject, n.sent_to, n.sent_on, n.due_on, COALESCE(n.sent_by, 0), COALESCE(u.name, ''), n.created_at`

func scanLeaveNotice(s interface{ Scan(...any) error }, extra ...any) (leave.Notice, error) {
	var n leave.Notice
	err := s.Scan(append([]any{&n.ID, &n.CaseID, &n.Kind, &n.Subject, &n.SentTo, &n.SentOn, &n.DueOn, &n.SentBy, &n.SentName, &n.CreatedAt}, extra...)...)
	n.CreatedAt = n.CreatedAt.UTC()
	return n, err
}

func (c *Conn) ListLeaveNotices(ctx context.Context, caseID int64) ([]leave.Notice, error) {
	rows, err := c.query(ctx, `SELECT `+leaveNoticeCols+` FROM leave_notices n LEFT JOIN users u ON u.id = n.sent_by WHERE n.case_id = ? ORDER BY n.created_at, n.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("leave notices: %w", err)
	}
	defer rows.Close()
	var out []leave.Notice
	for rows.Next() {
		n, err := scanLeaveNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (c *Conn) LeaveNoticePDF(ctx context.Context, id int64) (leave.Notice, []byte, error) {
	var pdf []byte
	n, err := scanLeaveNotice(c.row(ctx, `SELECT `+leaveNoticeCols+`, n.pdf FROM leave_notices n LEFT JOIN users u ON u.id = n.sent_by WHERE n.id = ?`, id), &pdf)
	return n, pdf, notFound(err, "notice")
}

func (c *Conn) InsertLeaveDocument(ctx context.Context, d leave.Document, sealed []byte) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_documents (case_id, kind, filename, content_type, size, sha256, data, received_on, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.CaseID, d.Kind, d.Filename, d.ContentType, d.Size, d.SHA256, sealed, d.ReceivedOn, nullInt(d.UploadedBy), d.CreatedAt.UTC())
}

const leaveDocCols = `id, case_id, kind, filename, content_type, size, sha256, received_on, COALESCE(uploaded_by, 0), created_at`

func scanLeaveDoc(s interface{ Scan(...any) error }, extra ...any) (leave.Document, error) {
	var d leave.Document
	err := s.Scan(append([]any{&d.ID, &d.CaseID, &d.Kind, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.ReceivedOn, &d.UploadedBy, &d.CreatedAt}, extra...)...)
	d.CreatedAt = d.CreatedAt.UTC()
	return d, err
}

func (c *Conn) ListLeaveDocuments(ctx context.Context, caseID int64) ([]leave.Document, error) {
	rows, err := c.query(ctx, `SELECT `+leaveDocCols+` FROM leave_documents WHERE case_id = ? ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("leave documents: %w", err)
	}
	defer rows.Close()
	var out []leave.Document
	for rows.Next() {
		d, err := scanLeaveDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (c *Conn) LeaveDocument(ctx context.Context, id int64) (leave.Document, []byte, error) {
	var data []byte
	d, err := scanLeaveDoc(c.row(ctx, `SELECT `+leaveDocCols+`, data FROM leave_documents WHERE id = ?`, id), &data)
	return d, data, notFound(err, "certification")
}

func (c *Conn) InsertLeaveUsage(ctx context.Context, u leave.Usage) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_usage (case_id, employee_id, day, hours_centi, charged_centi, protected_centi, unprotected_centi, note, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.CaseID, u.EmployeeID, u.Day, centi(u.Hours), centi(u.Charged), centi(u.Protected), centi(u.Unprotected), u.Note, nullInt(u.RecordedBy), u.CreatedAt.UTC())
}

func (c *Conn) ListLeaveUsage(ctx context.Context, employeeID int64) ([]leave.Usage, error) {
	rows, err := c.query(ctx, `SELECT id, case_id, employee_id, day, hours_centi, charged_centi, protected_centi, unprotected_centi, note, COALESCE(recorded_by, 0), created_at
		FROM leave_usage WHERE employee_id = ? ORDER BY day, id`, employeeID)
	if err != nil {
		return nil, fmt.Errorf("leave usage: %w", err)
	}
	defer rows.Close()
	var out []leave.Usage
	for rows.Next() {
		var u leave.Usage
		var h, ch, p, up int64
		if err := rows.Scan(&u.ID, &u.CaseID, &u.EmployeeID, &u.Day, &h, &ch, &p, &up, &u.Note, &u.RecordedBy, &u.CreatedAt); err != nil {
			return nil, err
		}
		u.Hours, u.Charged, u.Protected, u.Unprotected = float64(h)/100, float64(ch)/100, float64(p)/100, float64(up)/100
		u.CreatedAt = u.CreatedAt.UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}

func (c *Conn) ListLeavePrograms(ctx context.Context) ([]leave.Program, error) {
	rows, err := c.query(ctx, `SELECT key, name, jurisdiction, weeks, period, min_employees, min_months, min_hours, min_weeks_employed, reasons, paid, concurrent, active, notes, sources, version, updated_at
		FROM leave_programs ORDER BY jurisdiction, name`)
	if err != nil {
		return nil, fmt.Errorf("leave programs: %w", err)
	}
	defer rows.Close()
	var out []leave.Program
	for rows.Next() {
		var p leave.Program
		var reasons string
		if err := rows.Scan(&p.Key, &p.Name, &p.Jurisdiction, &p.Weeks, &p.Period, &p.MinEmployees, &p.MinMonths, &p.MinHours, &p.MinWeeksEmployed, &reasons, &p.Paid, &p.Concurrent, &p.Active,
			&p.Notes, &p.Sources, &p.Version, &p.UpdatedAt); err != nil {
			return nil, err
		}
		if reasons != "" {
			p.Reasons = strings.Split(reasons, ",")
		}
		p.UpdatedAt = p.UpdatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) SaveLeaveProgram(ctx context.Context, p leave.Program, version int) error {
	if version == 0 {
		_, err := c.exec(ctx, `INSERT INTO leave_programs (key, name, jurisdiction, weeks, period, min_employees, min_months, min_hours, min_weeks_employed, reasons, paid, concurrent, active, notes, sources, version, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`, p.Key, p.Name, p.Jurisdiction, p.Weeks, p.Period, p.MinEmployees, p.MinMonths, p.MinHours, p.MinWeeksEmployed,
			strings.Join(p.Reasons, ","), p.Paid, p.Concurrent, p.Active, p.Notes, p.Sources, p.UpdatedAt.UTC())
		return err
	}
	res, err := c.exec(ctx, `UPDATE leave_programs SET name = ?, jurisdiction = ?, weeks = ?, period = ?, min_employees = ?, min_months = ?, min_hours = ?, min_weeks_employed = ?, reasons = ?,
		paid = ?, concurrent = ?, active = ?, notes = ?, sources = ?, version = version + 1, updated_at = ? WHERE key = ? AND version = ?`, p.Name, p.Jurisdiction, p.Weeks, p.Period,
		p.MinEmployees, p.MinMonths, p.MinHours, p.MinWeeksEmployed, strings.Join(p.Reasons, ","), p.Paid, p.Concurrent, p.Active, p.Notes, p.Sources, p.UpdatedAt.UTC(), p.Key, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("someone else changed this program since you opened it; reload it and try again")
	}
	return nil
}

func (c *Conn) SetCaseProgram(ctx context.Context, cp leave.CaseProgram) error {
	res, err := c.exec(ctx, `UPDATE leave_case_programs SET eligible = ?, designated = ?, explanation = ? WHERE case_id = ? AND program_key = ?`, cp.Eligible, cp.Designated, cp.StepsJSON(), cp.CaseID, cp.Key)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = c.exec(ctx, `INSERT INTO leave_case_programs (case_id, program_key, eligible, designated, explanation) VALUES (?, ?, ?, ?, ?)`, cp.CaseID, cp.Key, cp.Eligible, cp.Designated, cp.StepsJSON())
	return err
}

func (c *Conn) ListCasePrograms(ctx context.Context, caseID, employeeID int64) ([]leave.CaseProgram, error) {
	q, arg := `SELECT cp.case_id, cp.program_key, p.name, cp.eligible, cp.designated, cp.explanation FROM leave_case_programs cp JOIN leave_programs p ON p.key = cp.program_key `, any(caseID)
	if caseID != 0 {
		q += `WHERE cp.case_id = ?`
	} else {
		q, arg = q+`JOIN leave_cases k ON k.id = cp.case_id WHERE k.employee_id = ?`, employeeID
	}
	rows, err := c.query(ctx, q+` ORDER BY p.jurisdiction, p.name`, arg)
	if err != nil {
		return nil, fmt.Errorf("case programs: %w", err)
	}
	defer rows.Close()
	var out []leave.CaseProgram
	for rows.Next() {
		var cp leave.CaseProgram
		var expl string
		if err := rows.Scan(&cp.CaseID, &cp.Key, &cp.Name, &cp.Eligible, &cp.Designated, &expl); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(expl), &cp.Steps)
		out = append(out, cp)
	}
	return out, rows.Err()
}

func (c *Conn) CountActive(ctx context.Context, day date.Date) (int, error) {
	var n int
	err := c.row(ctx, `SELECT count(DISTINCT employee_id) FROM employment_periods WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)`, day, day).Scan(&n)
	return n, err
}

// LeaveDashboard counts the open cases in scope and reads the notice
// tasks coming due and the intermittent leave of the last 12 months.
func (c *Conn) LeaveDashboard(ctx context.Context, paths []string, whole bool, today date.Date) (leave.Dashboard, error) {
	var d leave.Dashboard
	scope, args := "", []any{}
	if !whole {
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		scope = ` AND (` + strings.Join(ors, " OR ") + `)`
	}
	from := leaveCaseFrom + ` WHERE k.status = 'open'` + scope
	err := c.row(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN k.designation = 'awaiting_approval' THEN 1 ELSE 0 END), 0), COALESCE(sum(CASE WHEN k.designation = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN k.cert_status IN ('requested', 'incomplete') THEN 1 ELSE 0 END), 0)`+from, args...).Scan(&d.Open, &d.AwaitingApproval, &d.PendingDesignation, &d.CertOutstanding)
	if err != nil {
		return d, fmt.Errorf("leave dashboard: %w", err)
	}
	count := func(col, join string) ([]leave.Count, error) {
		rows, err := c.query(ctx, `SELECT `+col+`, count(*)`+strings.Replace(from, " WHERE ", join+" WHERE ", 1)+` GROUP BY `+col+` ORDER BY count(*) DESC, `+col, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []leave.Count
		for rows.Next() {
			var k leave.Count
			if err := rows.Scan(&k.Key, &k.N); err != nil {
				return nil, err
			}
			k.Label = k.Key
			out = append(out, k)
		}
		return out, rows.Err()
	}
	if d.ByReason, err = count("k.reason", ""); err != nil {
		return d, err
	}
	// The unit with its parent ("Customer Support · Tier 1").
	if d.ByUnit, err = count("CASE WHEN pu.parent_id IS NULL THEN o.name ELSE pu.name || ' · ' || o.name END", " LEFT JOIN org_units pu ON pu.id = o.parent_id"); err != nil {
		return d, err
	}
	rows, err := c.query(ctx, `SELECT k.id, e.given_name || ' ' || e.family_name, t.title, t.due_on FROM tasks t JOIN leave_cases k ON k.id = t.object_id
		JOIN employees e ON e.id = k.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE t.object_type = 'leave_case' AND t.status IN ('open', 'in_progress', 'waiting') AND t.due_on IS NOT NULL AND t.due_on <= ?`+scope+` ORDER BY t.due_on, t.id`, append([]any{today.AddDays(5)}, args...)...)
	if err != nil {
		return d, fmt.Errorf("leave dashboard tasks: %w", err)
	}
	for rows.Next() {
		var it leave.DueItem
		if err := rows.Scan(&it.CaseID, &it.EmployeeName, &it.Title, &it.DueOn); err != nil {
			rows.Close()
			return d, err
		}
		it.Overdue = it.DueOn.Before(today)
		if it.Overdue {
			d.NoticesOverdue++
		} else {
			d.NoticesDueSoon++
		}
		if len(d.Due) < 30 {
			d.Due = append(d.Due, it)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}
	// Intermittent leave of the last 12 months by weekday, per case.
	urows, err := c.query(ctx, `SELECT k.id, e.given_name || ' ' || e.family_name, o.name, u.day FROM leave_usage u JOIN leave_cases k ON k.id = u.case_id
		JOIN employees e ON e.id = k.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE k.schedule = 'intermittent' AND u.day >= ?`+scope+` ORDER BY k.id, u.day`, append([]any{today.AddMonths(-12)}, args...)...)
	if err != nil {
		return d, fmt.Errorf("leave dashboard usage: %w", err)
	}
	defer urows.Close()
	byCase := map[int64]*leave.Pattern{}
	var order []int64
	for urows.Next() {
		var id int64
		var name, unit string
		var day date.Date
		if err := urows.Scan(&id, &name, &unit, &day); err != nil {
			return d, err
		}
		p := byCase[id]
		if p == nil {
			p = &leave.Pattern{CaseID: id, EmployeeName: name, OrgUnit: unit}
			byCase[id], order = p, append(order, id)
		}
		p.Episodes++
		if w := day.Weekday(); w == time.Monday || w == time.Friday {
			p.AdjacentDays++
		}
	}
	for _, id := range order {
		if p := byCase[id]; p.Episodes >= 4 {
			d.Patterns = append(d.Patterns, *p)
		}
	}
	return d, urows.Err()
}
