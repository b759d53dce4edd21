package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

func (c *Conn) InsertApproval(ctx context.Context, a work.Approval) (int64, error) {
	return c.insert(ctx, `INSERT INTO approval_requests (kind, object_type, object_id, title, summary, payload, scope_org_unit_id, requested_by, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Kind, a.ObjectType, a.ObjectID, a.Title, a.Summary, a.Payload, nullInt(a.ScopeOrgUnitID), a.RequestedBy, a.Status, a.CreatedAt.UTC())
}

const apSelect = `SELECT a.id, a.kind, a.object_type, a.object_id, a.title, a.summary, a.payload, COALESCE(a.scope_org_unit_id, 0), COALESCE(o.path, ''),
	a.requested_by, r.name, a.status, COALESCE(a.decided_by, 0), COALESCE(d.name, ''), a.decided_at, a.decision_comment, a.created_at
	FROM approval_requests a JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by LEFT JOIN org_units o ON o.id = a.scope_org_unit_id`

func scanApproval(s interface{ Scan(...any) error }) (work.Approval, error) {
	var a work.Approval
	var decided sql.NullTime
	err := s.Scan(&a.ID, &a.Kind, &a.ObjectType, &a.ObjectID, &a.Title, &a.Summary, &a.Payload, &a.ScopeOrgUnitID, &a.ScopeOrgPath,
		&a.RequestedBy, &a.RequesterName, &a.Status, &a.DecidedBy, &a.DeciderName, &decided, &a.Comment, &a.CreatedAt)
	if decided.Valid {
		a.DecidedAt = decided.Time.UTC()
	}
	return a, err
}

func (c *Conn) GetApproval(ctx context.Context, id int64) (work.Approval, error) {
	a, err := scanApproval(c.row(ctx, apSelect+` WHERE a.id = ?`, id))
	return a, notFound(err, "approval request")
}

// DecideApproval moves a pending request; a concurrent decision loses.
func (c *Conn) DecideApproval(ctx context.Context, id int64, status string, by int64, comment string, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE approval_requests SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ? WHERE id = ? AND status = 'pending'`,
		status, by, at.UTC(), comment, id)
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
	if !f.WholeCompany {
		if len(f.ScopePaths) == 0 {
			return nil, nil
		}
		var ors []string
		for _, p := range f.ScopePaths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	q := apSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 500 {
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
	return out, rows.Err()
}
