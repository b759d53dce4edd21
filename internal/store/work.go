package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

func (c *Conn) InsertApproval(ctx context.Context, a work.Approval) (int64, error) {
	if len(a.Steps) == 0 {
		a.Steps = work.StepsOf(work.ApproverHRManager)
	}
	id, err := c.insert(ctx, `INSERT INTO approval_requests (kind, object_type, object_id, title, summary, payload, scope_org_unit_id, requested_by, status, created_at, step, steps)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		a.Kind, a.ObjectType, a.ObjectID, a.Title, a.Summary, a.Payload, nullInt(a.ScopeOrgUnitID), a.RequestedBy, a.Status, a.CreatedAt.UTC(), work.EncodeSteps(a.Steps))
	if err != nil {
		return 0, err
	}
	return id, c.insertAssignees(ctx, id, a.Steps)
}

// insertAssignees records the named people of a route's steps.
func (c *Conn) insertAssignees(ctx context.Context, id int64, steps []work.Step) error {
	for i, st := range steps {
		seen := map[int64]bool{}
		for _, sl := range st.Slots {
			if sl.UserID == 0 || seen[sl.UserID] {
				continue
			}
			seen[sl.UserID] = true
			if _, err := c.exec(ctx, `INSERT INTO approval_assignees (approval_id, step, user_id) VALUES (?, ?, ?)`, id, i+1, sl.UserID); err != nil {
				return err
			}
		}
	}
	return nil
}

// nameSlots fills in the names of the people in the approvals' steps.
func (c *Conn) nameSlots(ctx context.Context, aps []work.Approval) error {
	var ids []int64
	for _, a := range aps {
		for _, st := range a.Steps {
			for _, sl := range st.Slots {
				if sl.UserID != 0 {
					ids = append(ids, sl.UserID)
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	seen, args := map[int64]bool{}, []any{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	rows, err := c.query(ctx, `SELECT id, name FROM users WHERE id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		names[id] = n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range aps {
		for j := range aps[i].Steps {
			for k := range aps[i].Steps[j].Slots {
				sl := &aps[i].Steps[j].Slots[k]
				sl.Name = names[sl.UserID]
			}
		}
	}
	return nil
}

const apSelect = `SELECT a.id, a.kind, a.object_type, a.object_id, a.title, a.summary, a.payload, COALESCE(a.scope_org_unit_id, 0), COALESCE(o.path, ''),
	a.requested_by, r.name, a.status, COALESCE(a.decided_by, 0), COALESCE(d.name, ''), a.decided_at, a.decision_comment, a.created_at,
	a.version, COALESCE(a.on_behalf_of, 0), COALESCE(b.name, ''), a.escalated_at, a.step, a.steps
	FROM approval_requests a JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by LEFT JOIN users b ON b.id = a.on_behalf_of
	LEFT JOIN org_units o ON o.id = a.scope_org_unit_id`

func scanApproval(s interface{ Scan(...any) error }) (work.Approval, error) {
	var a work.Approval
	var decided, escalated sql.NullTime
	var steps string
	err := s.Scan(&a.ID, &a.Kind, &a.ObjectType, &a.ObjectID, &a.Title, &a.Summary, &a.Payload, &a.ScopeOrgUnitID, &a.ScopeOrgPath,
		&a.RequestedBy, &a.RequesterName, &a.Status, &a.DecidedBy, &a.DeciderName, &decided, &a.Comment, &a.CreatedAt,
		&a.Version, &a.OnBehalfOf, &a.OnBehalfOfName, &escalated, &a.Step, &steps)
	a.Steps = work.ParseSteps(steps)
	if decided.Valid {
		a.DecidedAt = decided.Time.UTC()
	}
	a.EscalatedAt = escalated.Time
	return a, err
}

func (c *Conn) GetApproval(ctx context.Context, id int64) (work.Approval, error) {
	a, err := scanApproval(c.row(ctx, apSelect+` WHERE a.id = ?`, id))
	if err != nil {
		return a, notFound(err, "approval request")
	}
	rows, err := c.query(ctx, `SELECT d.step, d.approver, d.decided_by, u.name, COALESCE(d.on_behalf_of, 0), d.decision, d.comment, d.decided_at
		FROM approval_decisions d JOIN users u ON u.id = d.decided_by WHERE d.approval_id = ? ORDER BY d.id`, id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var sd work.StepDecision
		if err := rows.Scan(&sd.Step, &sd.Approver, &sd.DecidedBy, &sd.DeciderName, &sd.OnBehalfOf, &sd.Decision, &sd.Comment, &sd.At); err != nil {
			return a, err
		}
		a.Decisions = append(a.Decisions, sd)
	}
	if err := rows.Err(); err != nil {
		return a, err
	}
	one := []work.Approval{a}
	err = c.nameSlots(ctx, one)
	return one[0], err
}

// InsertStepDecision keeps one step's decision.
func (c *Conn) InsertStepDecision(ctx context.Context, approvalID int64, d work.StepDecision) error {
	_, err := c.exec(ctx, `INSERT INTO approval_decisions (approval_id, step, approver, decided_by, on_behalf_of, decision, comment, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		approvalID, d.Step, d.Approver, d.DecidedBy, nullInt(d.OnBehalfOf), d.Decision, d.Comment, d.At.UTC())
	return err
}

// AdvanceApproval moves a pending request to its next step.
func (c *Conn) AdvanceApproval(ctx context.Context, id int64, step int, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE approval_requests SET step = ?, version = version + 1, escalated_at = NULL, created_at = ? WHERE id = ? AND status = 'pending'`, step, at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("this request was already decided")
	}
	return nil
}

// DecideApproval moves a pending request; a concurrent decision loses.
func (c *Conn) DecideApproval(ctx context.Context, id int64, status string, by, onBehalfOf int64, comment string, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE approval_requests SET status = ?, decided_by = ?, on_behalf_of = ?, decided_at = ?, decision_comment = ?, version = version + 1 WHERE id = ? AND status = 'pending'`,
		status, by, nullInt(onBehalfOf), at.UTC(), comment, id)
	if err != nil {
		return fmt.Errorf("decide approval: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("this request was already decided")
	}
	return nil
}

func (c *Conn) ListApprovals(ctx context.Context, f work.ApprovalFilter) ([]work.Approval, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "a.status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "a.kind = ?"), append(args, f.Kind)
	}
	if f.ObjectType != "" {
		where, args = append(where, "a.object_type = ? AND a.object_id = ?"), append(args, f.ObjectType, f.ObjectID)
	}
	if f.OnlyRequestedBy != 0 {
		where, args = append(where, "a.requested_by = ?"), append(args, f.OnlyRequestedBy)
	}
	if !f.WholeCompany {
		var ors []string
		for _, p := range f.ScopePaths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		if f.AlsoRequestedBy != 0 {
			ors, args = append(ors, "a.requested_by = ?"), append(args, f.AlsoRequestedBy)
		}
		if f.AlsoDecidedBy != 0 {
			ors, args = append(ors, "EXISTS (SELECT 1 FROM approval_decisions x WHERE x.approval_id = a.id AND (x.decided_by = ? OR x.on_behalf_of = ?))"), append(args, f.AlsoDecidedBy, f.AlsoDecidedBy)
		}
		if len(f.AlsoAssignedTo) > 0 {
			ors = append(ors, "EXISTS (SELECT 1 FROM approval_assignees s WHERE s.approval_id = a.id AND s.step = a.step AND s.user_id IN ("+placeholders(len(f.AlsoAssignedTo))+"))")
			for _, u := range f.AlsoAssignedTo {
				args = append(args, u)
			}
		}
		if len(ors) == 0 {
			return nil, nil
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if b := f.Before; b != nil {
		where, args = append(where, "(a.created_at < ? OR (a.created_at = ? AND a.id < ?))"), append(args, b.CreatedAt.UTC(), b.CreatedAt.UTC(), b.ID)
	}
	q := apSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	// Up to 1,000: a page of 500 asks for one more to know there is a next.
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	q += " ORDER BY a.created_at DESC, a.id DESC LIMIT ?"
	rows, err := c.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list approvals: %w", err)
	}
	defer rows.Close()
	var out []work.Approval
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, c.nameSlots(ctx, out)
}

// ApprovalChain returns the saved chain of a kind of request.
func (c *Conn) ApprovalChain(ctx context.Context, kind string) ([]work.ChainStep, bool, error) {
	var def string
	err := c.row(ctx, `SELECT definition FROM approval_chains WHERE kind = ?`, kind).Scan(&def)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	steps, err := work.ParseChainJSON(def)
	if err != nil {
		return nil, false, fmt.Errorf("approval chain %s: %w", kind, err)
	}
	return steps, true, nil
}

// SaveApprovalChain stores a kind's chain.
func (c *Conn) SaveApprovalChain(ctx context.Context, kind string, steps []work.ChainStep, by int64, at time.Time) error {
	_, err := c.exec(ctx, `INSERT INTO approval_chains (kind, definition, updated_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind) DO UPDATE SET definition = excluded.definition, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		kind, work.ChainJSON(steps), nullInt(by), at.UTC())
	return err
}

// DeleteApprovalChain returns a kind to its default chain.
func (c *Conn) DeleteApprovalChain(ctx context.Context, kind string) error {
	_, err := c.exec(ctx, `DELETE FROM approval_chains WHERE kind = ?`, kind)
	return err
}

// ManagerOf returns an employee's current manager (0 for none).
func (c *Conn) ManagerOf(ctx context.Context, employeeID int64) (int64, error) {
	var m sql.NullInt64
	err := c.row(ctx, `SELECT manager_id FROM employees WHERE id = ?`, employeeID).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return m.Int64, err
}

// ActiveUserOf returns the active user linked to an active employee.
func (c *Conn) ActiveUserOf(ctx context.Context, employeeID int64) (int64, string, error) {
	var id int64
	var name string
	err := c.row(ctx, `SELECT u.id, u.name FROM users u JOIN employees e ON e.id = u.employee_id
		WHERE u.employee_id = ? AND u.active = ? AND e.status <> 'terminated' ORDER BY u.id LIMIT 1`, employeeID, true).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, name, err
}

// Delegations returns the work.DelegationStoreTx on this database.
func (db *DB) Delegations() work.DelegationStoreTx { return delegationStore{db.Reader()} }

type delegationStore struct{ *Conn }

func (d delegationStore) InTx(ctx context.Context, fn func(work.DelegationStore) error) error {
	return d.Conn.inTx(ctx, func(c *Conn) error { return fn(delegationStore{c}) })
}

func (c *Conn) InsertDelegation(ctx context.Context, d work.Delegation) (int64, error) {
	return c.insert(ctx, `INSERT INTO delegations (user_id, delegate_user_id, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)`,
		d.UserID, d.DelegateUserID, d.StartsOn, d.EndsOn, now())
}

func (c *Conn) DeleteDelegation(ctx context.Context, userID, id int64) error {
	res, err := c.exec(ctx, `DELETE FROM delegations WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("delegation")
	}
	return nil
}

func (c *Conn) ListDelegations(ctx context.Context, userID int64) ([]work.Delegation, error) {
	rows, err := c.query(ctx, `SELECT d.id, d.user_id, u.name, d.delegate_user_id, v.name, d.starts_on, d.ends_on FROM delegations d
		JOIN users u ON u.id = d.user_id JOIN users v ON v.id = d.delegate_user_id
		WHERE d.user_id = ? OR d.delegate_user_id = ? ORDER BY d.starts_on DESC, d.id DESC`, userID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Delegation
	for rows.Next() {
		var d work.Delegation
		if err := rows.Scan(&d.ID, &d.UserID, &d.UserName, &d.DelegateUserID, &d.DelegateName, &d.StartsOn, &d.EndsOn); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (c *Conn) ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error) {
	return c.ids(ctx, `SELECT DISTINCT d.user_id FROM delegations d JOIN users u ON u.id = d.user_id
		WHERE d.delegate_user_id = ? AND d.starts_on <= ? AND d.ends_on >= ? AND u.active = ?`, delegate, day, day, true)
}

// Escalations returns the work.EscalationStoreTx on this database.
func (db *DB) Escalations() work.EscalationStoreTx { return escalationStore{db.Reader()} }

type escalationStore struct{ *Conn }

func (e escalationStore) InTx(ctx context.Context, fn func(work.EscalationStore) error) error {
	return e.Conn.inTx(ctx, func(c *Conn) error { return fn(escalationStore{c}) })
}

// MarkEscalated records that an approval was escalated.
func (c *Conn) MarkEscalated(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE approval_requests SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL`, at.UTC(), id)
	return err
}

// DirectorsFor lists active HR directors whose grant covers an org path.
func (c *Conn) DirectorsFor(ctx context.Context, orgPath string) ([]int64, error) {
	return c.ids(ctx, `SELECT DISTINCT g.user_id FROM grants g JOIN users u ON u.id = g.user_id LEFT JOIN org_units o ON o.id = g.org_unit_id
		WHERE u.active = ? AND g.role = 'hr_director' AND (g.org_unit_id IS NULL OR ? LIKE o.path || '%')`, true, orgPath)
}

// ReviseApproval makes a sent-back request pending again with new
// content and a new route.
func (c *Conn) ReviseApproval(ctx context.Context, id int64, title, summary, payload string, steps []work.Step, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE approval_requests SET title = ?, summary = ?, payload = ?, status = 'pending', decided_by = NULL, decided_at = NULL,
		on_behalf_of = NULL, escalated_at = NULL, created_at = ?, step = 1, steps = ?, version = version + 1 WHERE id = ? AND status = 'changes_requested'`,
		title, summary, payload, at.UTC(), work.EncodeSteps(steps), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("this request is no longer waiting for changes")
	}
	if _, err := c.exec(ctx, `DELETE FROM approval_assignees WHERE approval_id = ?`, id); err != nil {
		return err
	}
	return c.insertAssignees(ctx, id, steps)
}

// WithdrawApproval ends a pending or sent-back request.
func (c *Conn) WithdrawApproval(ctx context.Context, id int64, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE approval_requests SET status = 'withdrawn', decided_at = ?, version = version + 1 WHERE id = ? AND status IN ('pending', 'changes_requested')`, at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("this request was already decided")
	}
	return nil
}
