package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// I9 returns the i9.Store on this database.
func (db *DB) I9() i9.Store { return i9Store{db.Reader()} }

type i9Store struct{ *Conn }

func (s i9Store) InTx(ctx context.Context, fn func(i9.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(i9Store{c}) })
}

// i9From joins each employment period with its form (if any), the
// employee and their org unit.
const i9From = ` FROM employment_periods p JOIN employees e ON e.id = p.employee_id JOIN org_units o ON o.id = e.org_unit_id
	LEFT JOIN i9_records r ON r.employee_id = p.employee_id AND r.period_start = p.start_date LEFT JOIN users u ON u.id = r.section2_by`

const i9Cols = `p.employee_id, p.start_date, p.end_date, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name,
	e.employee_number, o.name, o.path, COALESCE(r.id, 0), r.offer_accepted_on, r.expected_days, r.section1_due, r.section2_due, r.section1_completed_on,
	COALESCE(r.citizenship, ''), r.work_auth_expires, r.section2_completed_on, COALESCE(r.section2_by, 0), COALESCE(u.name, ''), COALESCE(r.examiner_name, ''),
	COALESCE(r.examiner_title, ''), COALESCE(r.remote_exam, FALSE), COALESCE(r.documents, '[]'), r.numbers_sealed, COALESCE(r.everify_case, ''),
	COALESCE(r.everify_result, ''), r.everify_on, r.reverify_by, COALESCE(r.reverifications, '[]'), COALESCE(r.note, ''), r.purged_on, COALESCE(r.purged_by, 0),
	COALESCE(r.version, 0), r.created_at, r.updated_at`

func scanI9(s interface{ Scan(...any) error }) (i9.Record, error) {
	var r i9.Record
	var days sql.NullInt64
	var docs, revs string
	var created, updated *time.Time
	err := s.Scan(&r.EmployeeID, &r.PeriodStart, &r.PeriodEnd, &r.EmployeeName, &r.EmployeeNumber, &r.OrgUnit, &r.OrgPath, &r.ID, &r.OfferAcceptedOn, &days,
		&r.Section1Due, &r.Section2Due, &r.Section1On, &r.Citizenship, &r.WorkAuthExpires, &r.Section2On, &r.Section2By, &r.Section2ByName, &r.ExaminerName,
		&r.ExaminerTitle, &r.RemoteExam, &docs, &r.NumbersSealed, &r.EVerifyCase, &r.EVerifyResult, &r.EVerifyOn, &r.ReverifyBy, &revs, &r.Note, &r.PurgedOn, &r.PurgedBy,
		&r.Version, &created, &updated)
	if err != nil {
		return r, err
	}
	r.Stored = r.ID != 0
	if days.Valid {
		n := int(days.Int64)
		r.ExpectedDays = &n
	}
	if created != nil {
		r.CreatedAt = created.UTC()
	}
	if updated != nil {
		r.UpdatedAt = updated.UTC()
	}
	if err := json.Unmarshal([]byte(docs), &r.Documents); err != nil {
		return r, fmt.Errorf("i9 documents: %w", err)
	}
	if err := json.Unmarshal([]byte(revs), &r.Reverifications); err != nil {
		return r, fmt.Errorf("i9 reverifications: %w", err)
	}
	return r, nil
}

func (c *Conn) listI9(ctx context.Context, q string, args ...any) ([]i9.Record, error) {
	return c.listI9From(ctx, i9From, q, args...)
}

func (c *Conn) listI9From(ctx context.Context, from, q string, args ...any) ([]i9.Record, error) {
	rows, err := c.query(ctx, `SELECT `+i9Cols+from+q, args...)
	if err != nil {
		return nil, fmt.Errorf("i9 records: %w", err)
	}
	defer rows.Close()
	var out []i9.Record
	for rows.Next() {
		r, err := scanI9(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// i9Stored drives a list from the stored forms (indexed views).
const i9Stored = ` FROM i9_records r JOIN employment_periods p ON p.employee_id = r.employee_id AND p.start_date = r.period_start
	JOIN employees e ON e.id = r.employee_id JOIN org_units o ON o.id = e.org_unit_id LEFT JOIN users u ON u.id = r.section2_by`

// I9Periods lists the employee's employment periods, newest first, each
// with its form when there is one.
func (c *Conn) I9Periods(ctx context.Context, employeeID int64) ([]i9.Record, error) {
	return c.listI9(ctx, ` WHERE p.employee_id = ? ORDER BY p.start_date DESC`, employeeID)
}

func (c *Conn) SaveI9(ctx context.Context, r i9.Record, version int) (int64, error) {
	docs, _ := json.Marshal(orEmpty(r.Documents))
	revs, _ := json.Marshal(orEmpty(r.Reverifications))
	var days any
	if r.ExpectedDays != nil {
		days = *r.ExpectedDays
	}
	var sealed any
	if len(r.NumbersSealed) > 0 {
		sealed = r.NumbersSealed
	}
	if r.ID == 0 {
		return c.insert(ctx, `INSERT INTO i9_records (employee_id, period_start, offer_accepted_on, expected_days, section1_due, section2_due, section1_completed_on,
			citizenship, work_auth_expires, section2_completed_on, section2_by, examiner_name, examiner_title, remote_exam, documents, numbers_sealed,
			everify_case, everify_result, everify_on, reverify_by, reverifications, note, late, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			r.EmployeeID, r.PeriodStart, r.OfferAcceptedOn, days, r.Section1Due, r.Section2Due, r.Section1On, r.Citizenship, r.WorkAuthExpires, r.Section2On,
			nullInt(r.Section2By), r.ExaminerName, r.ExaminerTitle, r.RemoteExam, string(docs), sealed, r.EVerifyCase, r.EVerifyResult, r.EVerifyOn, r.ReverifyBy,
			string(revs), r.Note, r.Late, r.CreatedAt.UTC(), r.UpdatedAt.UTC())
	}
	res, err := c.exec(ctx, `UPDATE i9_records SET offer_accepted_on = ?, expected_days = ?, section1_due = ?, section2_due = ?, section1_completed_on = ?,
		citizenship = ?, work_auth_expires = ?, section2_completed_on = ?, section2_by = ?, examiner_name = ?, examiner_title = ?, remote_exam = ?, documents = ?,
		numbers_sealed = ?, everify_case = ?, everify_result = ?, everify_on = ?, reverify_by = ?, reverifications = ?, note = ?, late = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		r.OfferAcceptedOn, days, r.Section1Due, r.Section2Due, r.Section1On, r.Citizenship, r.WorkAuthExpires, r.Section2On, nullInt(r.Section2By), r.ExaminerName,
		r.ExaminerTitle, r.RemoteExam, string(docs), sealed, r.EVerifyCase, r.EVerifyResult, r.EVerifyOn, r.ReverifyBy, string(revs), r.Note, r.Late, r.UpdatedAt.UTC(), r.ID, version)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, kit.Conflict("someone else changed this Form I-9 at the same time; reload it and try again")
	}
	return r.ID, nil
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// ListI9 lists stored forms for a tracker view, in scope.
func i9ViewWhere(f i9.ListFilter) (string, []any, error) {
	scope, args := scopeSQL(f.Paths, f.Whole)
	var where string
	var pre []any
	switch f.View {
	case "open":
		// Section 2 needs Section 1, so a form without Section 2 is open.
		where = `r.section2_completed_on IS NULL`
	case "reverify":
		where, pre = `r.reverify_by IS NOT NULL AND r.reverify_by <= ? AND p.end_date IS NULL`, []any{f.Until}
	case "retention":
		// Kept until the later of 3 years after hire and 1 year after the
		// last day: both must have passed.
		where, pre = `p.end_date IS NOT NULL AND p.end_date <= ? AND r.period_start <= ?`, []any{f.Until, f.Today.AddYears(-3)}
	case "late":
		where = `r.late`
	default:
		return "", nil, fmt.Errorf("i9 view %q", f.View)
	}
	return ` WHERE r.purged_on IS NULL AND ` + where + scope, append(pre, args...), nil
}

// ListI9 lists stored forms for a tracker view, in scope: the latest
// first for the late view, the earliest first otherwise.
func (c *Conn) ListI9(ctx context.Context, f i9.ListFilter) ([]i9.Record, error) {
	where, args, err := i9ViewWhere(f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	order := ` ORDER BY r.period_start, r.employee_id`
	if f.View == "late" {
		order = ` ORDER BY r.period_start DESC, r.employee_id`
	}
	return c.listI9From(ctx, i9Stored, where+order+` LIMIT ?`, append(args, limit)...)
}

// CountI9 counts the stored forms of a tracker view, in scope.
func (c *Conn) CountI9(ctx context.Context, f i9.ListFilter) (int, error) {
	where, args, err := i9ViewWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	err = c.row(ctx, `SELECT count(*)`+i9Stored+where, args...).Scan(&n)
	return n, err
}

// I9Missing lists employment periods with no form, in scope.
func (c *Conn) I9Missing(ctx context.Context, paths []string, whole bool, limit int) ([]i9.Record, error) {
	scope, args := scopeSQL(paths, whole)
	return c.listI9(ctx, ` WHERE r.id IS NULL AND NOT EXISTS (SELECT 1 FROM i9_records x WHERE x.employee_id = p.employee_id AND x.period_start = p.start_date)`+scope+
		` ORDER BY p.start_date DESC LIMIT ?`, append(args, limit)...)
}

func (c *Conn) I9CopyCounts(ctx context.Context, paths []string, whole bool) (with, without int, err error) {
	scope, args := scopeSQL(paths, whole)
	from := ` FROM i9_records r JOIN employees e ON e.id = r.employee_id JOIN org_units o ON o.id = e.org_unit_id`
	if whole {
		from = ` FROM i9_records r`
	}
	var total int
	if err = c.row(ctx, `SELECT count(*)`+from+` WHERE r.section2_completed_on IS NOT NULL AND r.purged_on IS NULL`+scope, args...).Scan(&total); err != nil {
		return 0, 0, err
	}
	err = c.row(ctx, `SELECT count(DISTINCT f.record_id) FROM i9_files f JOIN i9_records r ON r.id = f.record_id JOIN employees e ON e.id = r.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE r.section2_completed_on IS NOT NULL AND r.purged_on IS NULL`+scope, args...).Scan(&with)
	return with, total - with, err
}

func (c *Conn) InsertI9File(ctx context.Context, f i9.File, data []byte) (int64, error) {
	return c.insert(ctx, `INSERT INTO i9_files (record_id, filename, content_type, size, sha256, data, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		f.RecordID, f.Filename, f.ContentType, f.Size, f.SHA256, data, nullInt(f.UploadedBy), f.CreatedAt.UTC())
}

func (c *Conn) ListI9Files(ctx context.Context, recordID int64) ([]i9.File, error) {
	rows, err := c.query(ctx, `SELECT id, record_id, filename, content_type, size, sha256, COALESCE(uploaded_by, 0), created_at FROM i9_files WHERE record_id = ? ORDER BY id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("i9 files: %w", err)
	}
	defer rows.Close()
	var out []i9.File
	for rows.Next() {
		var f i9.File
		if err := rows.Scan(&f.ID, &f.RecordID, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

func (c *Conn) I9File(ctx context.Context, id int64) (i9.File, []byte, error) {
	var f i9.File
	var data []byte
	err := c.row(ctx, `SELECT id, record_id, filename, content_type, size, sha256, COALESCE(uploaded_by, 0), created_at, data FROM i9_files WHERE id = ?`, id).
		Scan(&f.ID, &f.RecordID, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt, &data)
	return f, data, notFound(err, "file")
}

func (c *Conn) PurgeI9(ctx context.Context, recordID, by int64, on date.Date) error {
	if _, err := c.exec(ctx, `DELETE FROM i9_files WHERE record_id = ?`, recordID); err != nil {
		return err
	}
	_, err := c.exec(ctx, `UPDATE i9_records SET documents = '[]', numbers_sealed = NULL, reverifications = '[]', citizenship = '', work_auth_expires = NULL,
		examiner_name = '', examiner_title = '', everify_case = '', note = '', purged_on = ?, purged_by = ?, version = version + 1 WHERE id = ?`, on, nullInt(by), recordID)
	return err
}

// Held reports whether an active legal hold covers the employee's records
// dated from..to.
func (c *Conn) Held(ctx context.Context, employeeID int64, from, to date.Date) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM legal_holds h WHERE h.released_at IS NULL AND (
			(h.kind IN ('employee', 'matter') AND h.employee_id = ?)
			OR (h.kind = 'date_range' AND h.from_date <= ? AND h.to_date >= ?)
			OR (h.kind = 'case' AND EXISTS (SELECT 1 FROM er_parties pa WHERE pa.case_id = h.er_case_id AND pa.employee_id = ?)))`,
		employeeID, to, from, employeeID).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	err = c.row(ctx, `SELECT count(*) FROM er_cases k JOIN er_parties pa ON pa.case_id = k.id WHERE k.hold AND pa.employee_id = ?`, employeeID).Scan(&n)
	return n > 0, err
}

var _ i9.Store = i9Store{}

// InsertI9Batch writes many forms in one statement per 500 (the demo).
func (c *Conn) InsertI9Batch(ctx context.Context, rs []i9.Record) error {
	if len(rs) == 0 {
		return nil
	}
	const cols = 26
	var b strings.Builder
	b.WriteString(`INSERT INTO i9_records (employee_id, period_start, offer_accepted_on, expected_days, section1_due, section2_due, section1_completed_on,
		citizenship, work_auth_expires, section2_completed_on, section2_by, examiner_name, examiner_title, remote_exam, documents, numbers_sealed,
		everify_case, everify_result, everify_on, reverify_by, reverifications, note, late, purged_on, created_at, updated_at) VALUES `)
	args := make([]any, 0, len(rs)*cols)
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")")
		docs, _ := json.Marshal(orEmpty(r.Documents))
		revs, _ := json.Marshal(orEmpty(r.Reverifications))
		var sealed any
		if len(r.NumbersSealed) > 0 {
			sealed = r.NumbersSealed
		}
		args = append(args, r.EmployeeID, r.PeriodStart, r.OfferAcceptedOn, nil, r.Section1Due, r.Section2Due, r.Section1On, r.Citizenship, r.WorkAuthExpires,
			r.Section2On, nullInt(r.Section2By), r.ExaminerName, r.ExaminerTitle, r.RemoteExam, string(docs), sealed, r.EVerifyCase, r.EVerifyResult, r.EVerifyOn,
			r.ReverifyBy, string(revs), r.Note, r.Late, r.PurgedOn, r.CreatedAt.UTC(), r.UpdatedAt.UTC())
	}
	_, err := c.exec(ctx, b.String(), args...)
	return err
}
