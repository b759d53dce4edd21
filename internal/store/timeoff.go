package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/kit"
)

// TimeOff returns the leave.TimeOffStore on this database.
func (db *DB) TimeOff() leave.TimeOffStore { return timeOffStore{db.Reader()} }

type timeOffStore struct{ *Conn }

func (s timeOffStore) InTx(ctx context.Context, fn func(leave.TimeOffStore) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(timeOffStore{c}) })
}

const leaveTypeCols = `id, key, name, unit, paid, policy, employment_types, min_tenure_days, second_approval, active, position, regions`

func scanLeaveType(s interface{ Scan(...any) error }) (leave.LeaveType, error) {
	var t leave.LeaveType
	var policy, types, regions string
	if err := s.Scan(&t.ID, &t.Key, &t.Name, &t.Unit, &t.Paid, &policy, &types, &t.MinTenureDays, &t.SecondApproval, &t.Active, &t.Position, &regions); err != nil {
		return t, err
	}
	if types != "" {
		t.EmploymentTypes = strings.Split(types, ",")
	}
	if regions != "" {
		t.Regions = strings.Split(regions, ",")
	}
	return t, json.Unmarshal([]byte(policy), &t.Policy)
}

func (c *Conn) ListLeaveTypes(ctx context.Context) ([]leave.LeaveType, error) {
	rows, err := c.query(ctx, `SELECT `+leaveTypeCols+` FROM leave_types ORDER BY active DESC, position, name`)
	if err != nil {
		return nil, fmt.Errorf("leave types: %w", err)
	}
	defer rows.Close()
	var out []leave.LeaveType
	for rows.Next() {
		t, err := scanLeaveType(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (c *Conn) GetLeaveType(ctx context.Context, id int64) (leave.LeaveType, error) {
	t, err := scanLeaveType(c.row(ctx, `SELECT `+leaveTypeCols+` FROM leave_types WHERE id = ?`, id))
	return t, notFound(err, "leave type")
}

func (c *Conn) SaveLeaveType(ctx context.Context, t leave.LeaveType) (int64, error) {
	policy, _ := json.Marshal(t.Policy)
	types := strings.Join(t.EmploymentTypes, ",")
	if t.ID == 0 {
		id, err := c.insert(ctx, `INSERT INTO leave_types (key, name, unit, paid, policy, employment_types, min_tenure_days, second_approval, active, position, regions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.Key, t.Name, t.Unit, t.Paid, string(policy), types, t.MinTenureDays, t.SecondApproval, t.Active, t.Position, strings.Join(t.Regions, ","))
		if isUnique(err) {
			return 0, kit.Conflict("a leave type named %s exists", t.Name)
		}
		return id, err
	}
	_, err := c.exec(ctx, `UPDATE leave_types SET name = ?, unit = ?, paid = ?, policy = ?, employment_types = ?, min_tenure_days = ?, second_approval = ?, active = ?, position = ?, regions = ? WHERE id = ?`,
		t.Name, t.Unit, t.Paid, string(policy), types, t.MinTenureDays, t.SecondApproval, t.Active, t.Position, strings.Join(t.Regions, ","), t.ID)
	return t.ID, err
}

func (c *Conn) ListAdjustments(ctx context.Context, employeeID int64) ([]leave.Adjustment, error) {
	rows, err := c.query(ctx, `SELECT a.id, a.employee_id, a.leave_type_id, a.effective_on, a.hours_centi, a.reason, COALESCE(u.name, ''), a.created_at
		FROM leave_adjustments a LEFT JOIN users u ON u.id = a.created_by WHERE a.employee_id = ? ORDER BY a.effective_on, a.id`, employeeID)
	if err != nil {
		return nil, fmt.Errorf("leave adjustments: %w", err)
	}
	defer rows.Close()
	var out []leave.Adjustment
	for rows.Next() {
		var a leave.Adjustment
		var centi int64
		if err := rows.Scan(&a.ID, &a.EmployeeID, &a.TypeID, &a.On, &centi, &a.Reason, &a.ByName, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.Hours = float64(centi) / 100
		out = append(out, a)
	}
	return out, rows.Err()
}

func (c *Conn) InsertAdjustment(ctx context.Context, a leave.Adjustment, by int64) (int64, error) {
	return c.insert(ctx, `INSERT INTO leave_adjustments (employee_id, leave_type_id, effective_on, hours_centi, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.EmployeeID, a.TypeID, a.On, centi(a.Hours), a.Reason, nullInt(by), a.CreatedAt.UTC())
}

func centi(h float64) int64 {
	if h < 0 {
		return -int64(-h*100 + 0.5)
	}
	return int64(h*100 + 0.5)
}

func (c *Conn) InsertRequest(ctx context.Context, r leave.Request) (int64, error) {
	days, _ := json.Marshal(r.Days)
	return c.insert(ctx, `INSERT INTO time_off_requests (employee_id, leave_type_id, starts_on, ends_on, days, hours_centi, status, note, approval_id, requested_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.EmployeeID, r.TypeID, r.Starts, r.Ends, string(days), centi(r.Hours), r.Status, r.Note, nullInt(r.ApprovalID), nullInt(r.RequestedBy), r.CreatedAt.UTC())
}

const requestCols = `r.id, r.employee_id, e.given_name || ' ' || e.family_name, o.path, r.leave_type_id, t.name, r.starts_on, r.ends_on, r.days, r.hours_centi, r.status, r.note,
	COALESCE(r.approval_id, 0), COALESCE(r.requested_by, 0), r.created_at, r.decided_at, r.version`

const requestFrom = ` FROM time_off_requests r JOIN employees e ON e.id = r.employee_id JOIN org_units o ON o.id = e.org_unit_id JOIN leave_types t ON t.id = r.leave_type_id`

func scanRequest(s interface{ Scan(...any) error }) (leave.Request, error) {
	var r leave.Request
	var days string
	var hc int64
	var decided sql.NullTime
	if err := s.Scan(&r.ID, &r.EmployeeID, &r.EmployeeName, &r.OrgPath, &r.TypeID, &r.TypeName, &r.Starts, &r.Ends, &days, &hc, &r.Status, &r.Note,
		&r.ApprovalID, &r.RequestedBy, &r.CreatedAt, &decided, &r.Version); err != nil {
		return r, err
	}
	r.Hours, r.DecidedAt, r.CreatedAt = float64(hc)/100, timeOf(decided), r.CreatedAt.UTC()
	return r, json.Unmarshal([]byte(days), &r.Days)
}

func (c *Conn) GetRequest(ctx context.Context, id int64) (leave.Request, error) {
	r, err := scanRequest(c.row(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = ?`, id))
	return r, notFound(err, "time-off request")
}

func (c *Conn) SetRequestStatus(ctx context.Context, id int64, status string, approvalID int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE time_off_requests SET status = ?, approval_id = ?, decided_at = ?, version = version + 1 WHERE id = ?`, status, nullInt(approvalID), nullTime(at), id)
	return err
}

func (c *Conn) ListRequests(ctx context.Context, f leave.RequestFilter) ([]leave.Request, error) {
	q, args := `SELECT `+requestCols+requestFrom+` WHERE 1 = 1`, []any{}
	if f.EmployeeID != 0 {
		q, args = q+` AND r.employee_id = ?`, append(args, f.EmployeeID)
	}
	if f.ManagerID != 0 {
		q, args = q+` AND e.manager_id = ?`, append(args, f.ManagerID)
	}
	if !f.From.IsZero() {
		q, args = q+` AND r.ends_on >= ?`, append(args, f.From)
	}
	if !f.To.IsZero() {
		q, args = q+` AND r.starts_on <= ?`, append(args, f.To)
	}
	if len(f.Statuses) > 0 {
		q += ` AND r.status IN (` + strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",") + `)`
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if !f.Whole {
		if len(f.Paths) == 0 {
			return nil, nil
		}
		var ors []string
		for _, p := range f.Paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		q += ` AND (` + strings.Join(ors, " OR ") + `)`
	}
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 500
	}
	rows, err := c.query(ctx, q+` ORDER BY r.starts_on DESC, r.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("time-off requests: %w", err)
	}
	defer rows.Close()
	var out []leave.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (c *Conn) InsertFeed(ctx context.Context, owner, manager int64, hash string, at time.Time) error {
	_, err := c.exec(ctx, `INSERT INTO time_off_feeds (owner_user_id, manager_employee_id, token_hash, created_at) VALUES (?, ?, ?, ?)`, owner, manager, hash, at.UTC())
	return err
}

func (c *Conn) FeedManager(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := c.row(ctx, `SELECT f.manager_employee_id FROM time_off_feeds f JOIN users u ON u.id = f.owner_user_id WHERE f.token_hash = ? AND u.active = ?`, hash, true).Scan(&id)
	return id, notFound(err, "calendar feed")
}

// Cases is the leave case store in the same transaction (the demo
// replays its leave cases through the service).
func (s timeOffStore) Cases() leave.CaseStore { return leaveCaseStore{s.Conn} }

// Policies is the policy store in the same transaction (the demo's
// policy library goes through the service).
func (s timeOffStore) Policies() policy.Store { return policyStore{s.Conn} }

// I9 reaches the Forms I-9 in the same transaction (the demo).
func (s timeOffStore) I9() i9.Store { return i9Store{s.Conn} }

// Records reaches retention and legal matters in the same transaction
// (the demo).
func (s timeOffStore) Records() records.Store { return recordsStore{s.Conn} }

// Payroll is the payroll store in the same transaction (demo seeding).
func (s timeOffStore) Payroll() payroll.Store { return payrollStore{s.Conn} }

// Structures is the pay design store in the same transaction (demo seeding).
func (s timeOffStore) Structures() structure.Store { return structureStore{s.Conn} }

// Market is the market pricing store in the same transaction (demo seeding).
func (s timeOffStore) Market() market.Store { return marketStore{s.Conn} }

// Merit is the merit cycle store in the same transaction (demo seeding).
func (s timeOffStore) Merit() merit.Store { return meritStore{s.Conn} }

// Benefits is the benefits store in the same transaction (demo seeding).
func (s timeOffStore) Benefits() benefits.Store { return benefitsStore{s.Conn} }

// Bonus is the bonus plan store in the same transaction (demo seeding).
func (s timeOffStore) Bonus() bonus.Store { return bonusStore{s.Conn} }
