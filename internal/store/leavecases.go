package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/compliance/leave"
)

// LeaveCases returns the leave.CaseStore on this database.
func (db *DB) LeaveCases() leave.CaseStore { return leaveCaseStore{db.Reader()} }

type leaveCaseStore struct{ *Conn }

func (s leaveCaseStore) InTx(ctx context.Context, fn func(leave.CaseStore) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(leaveCaseStore{c}) })
}

func (c *Conn) InsertLeaveCase(ctx context.Context, k leave.Case, determination string) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_cases (employee_id, reason, schedule, starts_on, ends_on, notice_on, status, eligible, determination, medical, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.EmployeeID, k.Reason, k.Schedule, k.Starts, k.Ends, k.NoticeOn, k.Status, k.Eligible, determination, k.MedicalS,
		nullInt(k.CreatedBy), k.CreatedAt.UTC(), k.CreatedAt.UTC())
}

const leaveCaseCols = `k.id, k.employee_id, e.given_name || ' ' || e.family_name, o.path, k.reason, k.schedule, k.starts_on, k.ends_on, k.notice_on, k.status, k.eligible,
	k.medical, COALESCE(k.created_by, 0), k.created_at`

const leaveCaseFrom = ` FROM leave_cases k JOIN employees e ON e.id = k.employee_id JOIN org_units o ON o.id = e.org_unit_id`

func scanLeaveCase(s interface{ Scan(...any) error }, extra ...any) (leave.Case, error) {
	var k leave.Case
	err := s.Scan(append([]any{&k.ID, &k.EmployeeID, &k.EmployeeName, &k.OrgPath, &k.Reason, &k.Schedule, &k.Starts, &k.Ends, &k.NoticeOn, &k.Status, &k.Eligible,
		&k.MedicalS, &k.CreatedBy, &k.CreatedAt}, extra...)...)
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
