package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

const userSelect = `SELECT id, email, name, password_hash, COALESCE(employee_id, 0), active, failed_logins, locked_until, last_login_at, created_at, break_glass FROM users`

func scanUser(s interface{ Scan(...any) error }) (access.User, error) {
	var u access.User
	var locked, last sql.NullTime
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.EmployeeID, &u.Active, &u.FailedLogins, &locked, &last, &u.CreatedAt, &u.BreakGlass)
	u.LockedUntil, u.LastLoginAt = locked.Time, last.Time
	return u, err
}

func (c *Conn) InsertUser(ctx context.Context, u access.User) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO users (email, name, password_hash, employee_id, active, failed_logins, created_at, break_glass) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
		strings.ToLower(u.Email), u.Name, u.PasswordHash, nullInt(u.EmployeeID), u.Active, u.CreatedAt.UTC(), u.BreakGlass)
	if isUnique(err) {
		return 0, kit.Invalid("email", "A user with this email already exists")
	}
	return id, err
}

func (c *Conn) GetUser(ctx context.Context, id int64) (access.User, error) {
	u, err := scanUser(c.row(ctx, userSelect+` WHERE id = ?`, id))
	return u, notFound(err, "user")
}

func (c *Conn) UserByEmail(ctx context.Context, email string) (access.User, error) {
	u, err := scanUser(c.row(ctx, userSelect+` WHERE email = ?`, strings.ToLower(email)))
	return u, notFound(err, "user")
}

// userWhere is the WHERE clause of a user query.
func (c *Conn) userWhere(q access.UserQuery) (string, []any) {
	var conds []string
	var args []any
	if q.Search != "" {
		like := "%" + escapeLike(strings.ToLower(q.Search)) + "%"
		conds = append(conds, `(lower(name) LIKE ?`+c.db.dialect.likeEscape()+` OR email LIKE ?`+c.db.dialect.likeEscape()+`)`)
		args = append(args, like, like)
	}
	if len(q.Roles) > 0 {
		conds = append(conds, `id IN (SELECT user_id FROM grants WHERE role IN (?`+strings.Repeat(", ?", len(q.Roles)-1)+`))`)
		for _, r := range q.Roles {
			args = append(args, string(r))
		}
	}
	if q.ActiveOnly {
		conds = append(conds, `active = ?`)
		args = append(args, true)
	}
	if q.After != "" {
		conds = append(conds, `email > ?`)
		args = append(args, q.After)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(conds, " AND "), args
}

func (c *Conn) ListUsers(ctx context.Context, q access.UserQuery) ([]access.User, error) {
	where, args := c.userWhere(q)
	sqlq := userSelect + where + ` ORDER BY email`
	if q.Limit > 0 {
		sqlq += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := c.query(ctx, sqlq, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (c *Conn) CountUsers(ctx context.Context, q access.UserQuery) (int, error) {
	q.After = ""
	where, args := c.userWhere(q)
	var n int
	err := c.row(ctx, `SELECT count(*) FROM users`+where, args...).Scan(&n)
	return n, storageError(err)
}

// GrantsOf reads the grants of several users in one query.
func (c *Conn) GrantsOf(ctx context.Context, userIDs []int64) (map[int64][]access.Grant, error) {
	out := map[int64][]access.Grant{}
	if len(userIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(userIDs))
	for i, id := range userIDs {
		args[i] = id
	}
	rows, err := c.query(ctx, `SELECT g.user_id, g.role, COALESCE(g.org_unit_id, 0), COALESCE(o.path, '') FROM grants g LEFT JOIN org_units o ON o.id = g.org_unit_id
		WHERE g.user_id IN (?`+strings.Repeat(", ?", len(userIDs)-1)+`) ORDER BY g.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var g access.Grant
		var uid int64
		var role string
		if err := rows.Scan(&uid, &role, &g.OrgUnitID, &g.OrgPath); err != nil {
			return nil, err
		}
		g.Role = access.Role(role)
		out[uid] = append(out[uid], g)
	}
	return out, rows.Err()
}

func (c *Conn) CountFailedLogin(ctx context.Context, id int64) (int, error) {
	var n int
	err := c.row(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins`, id).Scan(&n)
	return n, storageError(err)
}

func (c *Conn) LockUser(ctx context.Context, id int64, until time.Time) error {
	_, err := c.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, until.UTC(), id)
	return err
}

func (c *Conn) UpdateUserLogin(ctx context.Context, u access.User) error {
	_, err := c.exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ?, last_login_at = ? WHERE id = ?`,
		u.FailedLogins, nullTime(u.LockedUntil), nullTime(u.LastLoginAt), u.ID)
	return err
}

func (c *Conn) SetUserActive(ctx context.Context, id int64, active bool) error {
	_, err := c.exec(ctx, `UPDATE users SET active = ? WHERE id = ?`, active, id)
	return err
}

func (c *Conn) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	_, err := c.exec(ctx, `UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`, hash, id)
	return err
}

func (c *Conn) ReplaceGrants(ctx context.Context, userID int64, grants []access.Grant, at time.Time) error {
	if _, err := c.exec(ctx, `DELETE FROM grants WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, g := range grants {
		if _, err := c.exec(ctx, `INSERT INTO grants (user_id, role, org_unit_id, created_at) VALUES (?, ?, ?, ?)`, userID, string(g.Role), nullInt(g.OrgUnitID), at.UTC()); err != nil {
			return fmt.Errorf("insert grant: %w", err)
		}
	}
	return nil
}

func (c *Conn) Grants(ctx context.Context, userID int64) ([]access.Grant, error) {
	rows, err := c.query(ctx, `SELECT g.role, COALESCE(g.org_unit_id, 0), COALESCE(o.path, '') FROM grants g LEFT JOIN org_units o ON o.id = g.org_unit_id WHERE g.user_id = ? ORDER BY g.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Grant
	for rows.Next() {
		var g access.Grant
		var role string
		if err := rows.Scan(&role, &g.OrgUnitID, &g.OrgPath); err != nil {
			return nil, err
		}
		g.Role = access.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

func (c *Conn) InsertSession(ctx context.Context, s access.Session) error {
	_, err := c.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, flash, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, '', ?, ?, ?)`,
		s.TokenHash, s.UserID, s.CSRFToken, s.CreatedAt.UTC(), s.ExpiresAt.UTC(), s.LastSeenAt.UTC())
	return err
}

func (c *Conn) SessionByHash(ctx context.Context, hash string) (access.Session, error) {
	var s access.Session
	err := c.row(ctx, `SELECT token_hash, user_id, csrf_token, flash, created_at, expires_at, last_seen_at FROM sessions WHERE token_hash = ?`, hash).
		Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, &s.Flash, &s.CreatedAt, &s.ExpiresAt, &s.LastSeenAt)
	return s, notFound(err, "session")
}

func (c *Conn) TouchSession(ctx context.Context, hash string, lastSeen, expires time.Time) error {
	_, err := c.db.Writer().exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`, lastSeen.UTC(), expires.UTC(), hash)
	return err
}

func (c *Conn) SetSessionFlash(ctx context.Context, hash, flash string) error {
	_, err := c.db.Writer().exec(ctx, `UPDATE sessions SET flash = ? WHERE token_hash = ?`, flash, hash)
	return err
}

func (c *Conn) DeleteSession(ctx context.Context, hash string) error {
	_, err := c.db.Writer().exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

func (c *Conn) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

func (c *Conn) DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) (int64, error) {
	res, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepHash)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c *Conn) InsertToken(ctx context.Context, t access.Token) (int64, error) {
	return c.insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at, scopes, rate_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.UserID, t.Name, t.Hash, t.Prefix, t.CreatedAt.UTC(), nullTime(t.ExpiresAt), t.Scopes.String(), t.RateLimit)
}

const tokenSelect = `SELECT id, user_id, name, token_hash, prefix, created_at, expires_at, last_used_at, revoked_at, scopes, rate_limit FROM api_tokens`

func scanToken(s interface{ Scan(...any) error }) (access.Token, error) {
	var t access.Token
	var exp, used, rev sql.NullTime
	var scopes string
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &t.CreatedAt, &exp, &used, &rev, &scopes, &t.RateLimit)
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time, used.Time, rev.Time
	if err == nil && scopes != "" {
		// Stored by InsertToken from parsed scopes; a name this version
		// does not know (written by a newer one) grants nothing.
		for _, f := range strings.Fields(scopes) {
			t.Scopes = append(t.Scopes, access.Scope(f))
		}
	}
	return t, err
}

func (c *Conn) TokenByHash(ctx context.Context, hash string) (access.Token, error) {
	t, err := scanToken(c.row(ctx, tokenSelect+` WHERE token_hash = ?`, hash))
	return t, notFound(err, "token")
}

func (c *Conn) ListTokens(ctx context.Context, userID int64) ([]access.Token, error) {
	rows, err := c.query(ctx, tokenSelect+` WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (c *Conn) RevokeToken(ctx context.Context, userID, id int64, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, at.UTC(), id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("token")
	}
	return nil
}

func (c *Conn) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := c.db.Writer().exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, at.UTC(), id)
	return err
}

func (c *Conn) ThrottleFailures(ctx context.Context, key string, window time.Duration, at time.Time) (int, error) {
	var n int
	var start time.Time
	err := c.row(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = ?`, key).Scan(&n, &start)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if at.Sub(start) > window {
		return 0, nil
	}
	return n, nil
}

func (c *Conn) RecordFailure(ctx context.Context, key string, at time.Time) error {
	w := c.db.Writer()
	if c.tx != nil {
		w = c
	}
	var start time.Time
	err := w.row(ctx, `SELECT window_start FROM login_throttle WHERE key = ?`, key).Scan(&start)
	switch {
	case err == sql.ErrNoRows:
		_, err = w.exec(ctx, `INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1`, key, at.UTC())
	case err != nil:
	case at.Sub(start) > access.ThrottleWindow:
		_, err = w.exec(ctx, `UPDATE login_throttle SET failures = 1, window_start = ? WHERE key = ?`, at.UTC(), key)
	default:
		_, err = w.exec(ctx, `UPDATE login_throttle SET failures = failures + 1 WHERE key = ?`, key)
	}
	return err
}

func (c *Conn) ClearFailures(ctx context.Context, key string) error {
	_, err := c.db.Writer().exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, key)
	return err
}

// UserWithReports reads a user and whether their employee manages anyone
// active, in one query.
func (c *Conn) UserWithReports(ctx context.Context, id int64) (access.User, bool, error) {
	var u access.User
	var locked, last sql.NullTime
	var reports bool
	err := c.row(ctx, `SELECT u.id, u.email, u.name, u.password_hash, COALESCE(u.employee_id, 0), u.active, u.failed_logins, u.locked_until, u.last_login_at, u.created_at,
		EXISTS (SELECT 1 FROM employees r WHERE r.manager_id = u.employee_id AND r.status = 'active')
		FROM users u WHERE u.id = ?`, id).
		Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.EmployeeID, &u.Active, &u.FailedLogins, &locked, &last, &u.CreatedAt, &reports)
	u.LockedUntil, u.LastLoginAt = locked.Time, last.Time
	return u, reports, notFound(err, "user")
}

// ApproverUsers lists active users an approver may delegate to: the HR
// team, and line managers (an employee with active reports).
func (c *Conn) ApproverUsers(ctx context.Context) ([]access.User, error) {
	rows, err := c.query(ctx, userSelect+` WHERE active = ? AND (id IN (SELECT user_id FROM grants WHERE role IN ('hr_generalist', 'hr_manager', 'hr_director'))
		OR employee_id IN (SELECT manager_id FROM employees WHERE status = 'active' AND manager_id IS NOT NULL)) ORDER BY name`, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// HRUsers lists active users holding an HR grant.
func (c *Conn) HRUsers(ctx context.Context) ([]access.User, error) {
	rows, err := c.query(ctx, userSelect+` WHERE active = ? AND id IN (SELECT user_id FROM grants WHERE role IN ('hr_generalist', 'hr_manager', 'hr_director')) ORDER BY name`, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
