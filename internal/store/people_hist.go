package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

func (c *Conn) InsertAssignment(ctx context.Context, a people.Assignment) (int64, error) {
	return c.insert(ctx, `INSERT INTO assignments (employee_id, effective_from, org_unit_id, location_id, job_id, manager_id, employment_type, weekly_hours, reason, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.EmployeeID, a.EffectiveFrom, a.OrgUnitID, a.LocationID, a.JobID, nullInt(a.ManagerID), a.EmploymentType, a.WeeklyHours, a.Reason, a.Note, nullInt(a.CreatedBy), a.CreatedAt.UTC())
}

const asgSelect = `SELECT a.id, a.employee_id, a.effective_from, a.org_unit_id, a.location_id, a.job_id, COALESCE(a.manager_id, 0), a.employment_type,
	a.weekly_hours, a.reason, a.note, COALESCE(a.created_by, 0), a.created_at, o.name, l.name, j.title, COALESCE(` + "CASE WHEN m.preferred_name <> '' THEN m.preferred_name ELSE m.given_name END || ' ' || m.family_name" + `, '')
	FROM assignments a JOIN org_units o ON o.id = a.org_unit_id JOIN locations l ON l.id = a.location_id JOIN jobs j ON j.id = a.job_id
	LEFT JOIN employees m ON m.id = a.manager_id`

func scanAssignment(s interface{ Scan(...any) error }) (people.Assignment, error) {
	var a people.Assignment
	err := s.Scan(&a.ID, &a.EmployeeID, &a.EffectiveFrom, &a.OrgUnitID, &a.LocationID, &a.JobID, &a.ManagerID, &a.EmploymentType,
		&a.WeeklyHours, &a.Reason, &a.Note, &a.CreatedBy, &a.CreatedAt, &a.OrgUnitName, &a.LocationName, &a.JobTitle, &a.ManagerName)
	return a, err
}

// ListAssignments returns history newest first.
func (c *Conn) ListAssignments(ctx context.Context, employeeID int64) ([]people.Assignment, error) {
	rows, err := c.query(ctx, asgSelect+` WHERE a.employee_id = ? ORDER BY a.effective_from DESC, a.id DESC`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssignmentAsOf returns the assignment in force on d.
func (c *Conn) AssignmentAsOf(ctx context.Context, employeeID int64, d date.Date) (people.Assignment, error) {
	a, err := scanAssignment(c.row(ctx, asgSelect+` WHERE a.employee_id = ? AND a.effective_from <= ? ORDER BY a.effective_from DESC, a.id DESC LIMIT 1`, employeeID, d))
	return a, notFound(err, "assignment")
}

func (c *Conn) InsertPayRecord(ctx context.Context, p people.PayRecord) (int64, error) {
	return c.insert(ctx, `INSERT INTO pay_records (employee_id, effective_from, amount_cents, per, currency, reason, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.EmployeeID, p.EffectiveFrom, p.Pay.AmountCents, p.Pay.Per, p.Pay.Currency, p.Reason, p.Note, nullInt(p.CreatedBy), p.CreatedAt.UTC())
}

const paySelect = `SELECT id, employee_id, effective_from, amount_cents, per, currency, reason, note, COALESCE(created_by, 0), created_at FROM pay_records`

func scanPay(s interface{ Scan(...any) error }) (people.PayRecord, error) {
	var p people.PayRecord
	err := s.Scan(&p.ID, &p.EmployeeID, &p.EffectiveFrom, &p.Pay.AmountCents, &p.Pay.Per, &p.Pay.Currency, &p.Reason, &p.Note, &p.CreatedBy, &p.CreatedAt)
	return p, err
}

func (c *Conn) GetPayRecord(ctx context.Context, id int64) (people.PayRecord, error) {
	p, err := scanPay(c.row(ctx, paySelect+` WHERE id = ?`, id))
	return p, notFound(err, "pay record")
}

func (c *Conn) ListPayRecords(ctx context.Context, employeeID int64) ([]people.PayRecord, error) {
	rows, err := c.query(ctx, paySelect+` WHERE employee_id = ? ORDER BY effective_from DESC, id DESC`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.PayRecord
	for rows.Next() {
		p, err := scanPay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) PayAsOf(ctx context.Context, employeeID int64, d date.Date) (people.PayRecord, error) {
	p, err := scanPay(c.row(ctx, paySelect+` WHERE employee_id = ? AND effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1`, employeeID, d))
	return p, notFound(err, "pay record")
}

func (c *Conn) DueChanges(ctx context.Context, from, to date.Date) ([]int64, error) {
	return c.ids(ctx, `SELECT employee_id FROM assignments WHERE effective_from BETWEEN ? AND ?
		UNION SELECT employee_id FROM pay_records WHERE effective_from BETWEEN ? AND ?
		UNION SELECT employee_id FROM employment_periods WHERE end_date BETWEEN ? AND ?`,
		from, to, from, to, from.AddDays(-1), to.AddDays(-1))
}

func (c *Conn) InsertPeriod(ctx context.Context, p people.EmploymentPeriod) (int64, error) {
	return c.insert(ctx, `INSERT INTO employment_periods (employee_id, start_date, end_date, termination_reason, voluntary, regretted, rehire_eligible, break_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.EmployeeID, p.Start, p.End, p.TerminationReason, boolPtr(p.Voluntary), boolPtr(p.Regretted), boolPtr(p.RehireEligible), p.BreakReason)
}

func boolPtr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func (c *Conn) UpdatePeriod(ctx context.Context, p people.EmploymentPeriod) error {
	_, err := c.exec(ctx, `UPDATE employment_periods SET end_date = ?, termination_reason = ?, voluntary = ?, regretted = ?, rehire_eligible = ? WHERE id = ?`,
		p.End, p.TerminationReason, boolPtr(p.Voluntary), boolPtr(p.Regretted), boolPtr(p.RehireEligible), p.ID)
	return err
}

// ListPeriods returns periods newest first.
func (c *Conn) ListPeriods(ctx context.Context, employeeID int64) ([]people.EmploymentPeriod, error) {
	rows, err := c.query(ctx, `SELECT id, employee_id, start_date, end_date, termination_reason, voluntary, regretted, rehire_eligible, break_reason
		FROM employment_periods WHERE employee_id = ? ORDER BY start_date DESC`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.EmploymentPeriod
	for rows.Next() {
		var p people.EmploymentPeriod
		var vol, reg, re sql.NullBool
		if err := rows.Scan(&p.ID, &p.EmployeeID, &p.Start, &p.End, &p.TerminationReason, &vol, &reg, &re, &p.BreakReason); err != nil {
			return nil, err
		}
		if vol.Valid {
			p.Voluntary = &vol.Bool
		}
		if reg.Valid {
			p.Regretted = &reg.Bool
		}
		if re.Valid {
			p.RehireEligible = &re.Bool
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) ReplaceHours(ctx context.Context, employeeID int64, entries []people.HoursEntry) error {
	for _, e := range entries {
		if _, err := c.exec(ctx, `DELETE FROM hours_of_service WHERE employee_id = ? AND from_date <= ? AND to_date >= ?`, employeeID, e.To, e.From); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if _, err := c.exec(ctx, `INSERT INTO hours_of_service (employee_id, from_date, to_date, hours_centi, created_at) VALUES (?, ?, ?, ?, ?)`,
			employeeID, e.From, e.To, e.HoursCenti, e.CreatedAt.UTC()); err != nil {
			return fmt.Errorf("insert hours: %w", err)
		}
	}
	return nil
}

func (c *Conn) ListHours(ctx context.Context, employeeID int64) ([]people.HoursEntry, error) {
	rows, err := c.query(ctx, `SELECT id, employee_id, from_date, to_date, hours_centi, created_at FROM hours_of_service WHERE employee_id = ? ORDER BY from_date`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.HoursEntry
	for rows.Next() {
		var h people.HoursEntry
		if err := rows.Scan(&h.ID, &h.EmployeeID, &h.From, &h.To, &h.HoursCenti, &h.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (c *Conn) InsertContact(ctx context.Context, ec people.EmergencyContact) (int64, error) {
	if ec.Primary {
		if _, err := c.exec(ctx, `UPDATE emergency_contacts SET is_primary = ? WHERE employee_id = ?`, false, ec.EmployeeID); err != nil {
			return 0, err
		}
	}
	return c.insert(ctx, `INSERT INTO emergency_contacts (employee_id, name, relationship, phone, email, is_primary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ec.EmployeeID, ec.Name, ec.Relationship, ec.Phone, ec.Email, ec.Primary, now())
}

func (c *Conn) DeleteContact(ctx context.Context, employeeID, id int64) error {
	res, err := c.exec(ctx, `DELETE FROM emergency_contacts WHERE employee_id = ? AND id = ?`, employeeID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("emergency contact")
	}
	return nil
}

func (c *Conn) ListContacts(ctx context.Context, employeeID int64) ([]people.EmergencyContact, error) {
	rows, err := c.query(ctx, `SELECT id, employee_id, name, relationship, phone, email, is_primary FROM emergency_contacts WHERE employee_id = ? ORDER BY is_primary DESC, id`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.EmergencyContact
	for rows.Next() {
		var e people.EmergencyContact
		if err := rows.Scan(&e.ID, &e.EmployeeID, &e.Name, &e.Relationship, &e.Phone, &e.Email, &e.Primary); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// InsertBlob stores bytes in the database, so several instances share them.
func (c *Conn) InsertBlob(ctx context.Context, data []byte, sha string) (int64, error) {
	return c.insert(ctx, `INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)`, sha, len(data), data, now())
}

func (c *Conn) GetBlob(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := c.row(ctx, `SELECT data FROM blobs WHERE id = ?`, id).Scan(&b)
	return b, notFound(err, "file")
}

func (c *Conn) InsertDocument(ctx context.Context, d people.Document) (int64, error) {
	return c.insert(ctx, `INSERT INTO documents (employee_id, category, title, filename, content_type, size, sha256, blob_id, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.EmployeeID, d.Category, d.Title, d.Filename, d.ContentType, d.Size, d.SHA256, d.BlobID, nullInt(d.UploadedBy), d.CreatedAt.UTC())
}

const docSelect = `SELECT d.id, d.employee_id, d.category, d.title, d.filename, d.content_type, d.size, d.sha256, d.blob_id, COALESCE(d.uploaded_by, 0), COALESCE(u.name, ''), d.created_at, d.purged_at
	FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by`

func scanDoc(s interface{ Scan(...any) error }) (people.Document, error) {
	var d people.Document
	var purged sql.NullTime
	err := s.Scan(&d.ID, &d.EmployeeID, &d.Category, &d.Title, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.BlobID, &d.UploadedBy, &d.UploaderName, &d.CreatedAt, &purged)
	if purged.Valid {
		d.PurgedAt = purged.Time.UTC()
	}
	return d, err
}

func (c *Conn) GetDocument(ctx context.Context, employeeID, id int64) (people.Document, error) {
	d, err := scanDoc(c.row(ctx, docSelect+` WHERE d.employee_id = ? AND d.id = ?`, employeeID, id))
	return d, notFound(err, "document")
}

func (c *Conn) ListDocuments(ctx context.Context, employeeID int64) ([]people.Document, error) {
	rows, err := c.query(ctx, docSelect+` WHERE d.employee_id = ? ORDER BY d.created_at DESC, d.id DESC`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
