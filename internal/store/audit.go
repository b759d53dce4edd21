package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/audit"
)

// AppendAudit chains and writes an audit entry. It must run inside the
// transaction of the change it records.
func (c *Conn) AppendAudit(ctx context.Context, e audit.Entry) error {
	if c.tx == nil {
		return c.db.InTx(ctx, func(t *Conn) error { return t.AppendAudit(ctx, e) })
	}
	if l := c.db.dialect.auditLock(); l != "" {
		if _, err := c.exec(ctx, l); err != nil {
			return fmt.Errorf("audit lock: %w", err)
		}
	}
	prev := audit.Genesis
	err := c.row(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit chain head: %w", err)
	}
	e.PrevHash = prev
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = audit.ComputeHash(e)
	_, err = c.exec(ctx, `INSERT INTO audit_log (at, actor_user_id, actor_label, on_behalf_of, action, object_type, object_id, summary, before_json, after_json, request_id, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At, nullInt(e.ActorUserID), e.ActorLabel, nullInt(e.OnBehalfOf), e.Action, e.ObjectType, nullInt(e.ObjectID),
		e.Summary, e.Before, e.After, e.RequestID, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

const auditCols = `id, at, COALESCE(actor_user_id, 0), actor_label, COALESCE(on_behalf_of, 0), action, object_type, COALESCE(object_id, 0), summary, before_json, after_json, request_id, prev_hash, hash`

func scanAudit(rows *sql.Rows) (audit.Entry, error) {
	var e audit.Entry
	err := rows.Scan(&e.ID, &e.At, &e.ActorUserID, &e.ActorLabel, &e.OnBehalfOf, &e.Action, &e.ObjectType, &e.ObjectID, &e.Summary, &e.Before, &e.After, &e.RequestID, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}

// ListAudit reads entries newest first.
func (db *DB) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	return db.Reader().ListAudit(ctx, f)
}

// ListAudit reads entries newest first (inside a transaction when c is
// one).
func (c *Conn) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var where []string
	var args []any
	if f.ActorUserID != 0 {
		where, args = append(where, "actor_user_id = ?"), append(args, f.ActorUserID)
	}
	if f.Action != "" {
		where, args = append(where, "action LIKE ?"+c.db.dialect.likeEscape()), append(args, escapeLike(f.Action)+"%")
	}
	if f.ObjectType != "" {
		where, args = append(where, "object_type = ?"), append(args, f.ObjectType)
	}
	if f.ObjectID != 0 {
		where, args = append(where, "object_id = ?"), append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.UTC())
	}
	if f.BeforeID != 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT ` + auditCols + ` FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q += " ORDER BY id DESC LIMIT ?"
	rows, err := c.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit walks the whole chain in id order, in batches.
func (db *DB) VerifyAudit(ctx context.Context) (audit.VerifyResult, error) {
	c := db.Reader()
	prev := audit.Genesis
	var total audit.VerifyResult
	total.OK = true
	var after int64
	for {
		rows, err := c.query(ctx, `SELECT `+auditCols+` FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000`, after)
		if err != nil {
			return total, err
		}
		var batch []audit.Entry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return total, err
			}
			batch = append(batch, e)
		}
		rows.Close()
		if len(batch) == 0 {
			return total, nil
		}
		r, next := audit.Verify(batch, prev)
		total.Entries += r.Entries
		if !r.OK {
			r.Entries = total.Entries
			return r, nil
		}
		prev = next
		after = batch[len(batch)-1].ID
	}
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}
