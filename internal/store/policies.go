package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Policies returns the policy.Store on this database.
func (db *DB) Policies() policy.Store { return policyStore{db.Reader()} }

type policyStore struct{ *Conn }

func (s policyStore) InTx(ctx context.Context, fn func(policy.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(policyStore{c}) })
}

func (c *Conn) InsertPolicy(ctx context.Context, p policy.Policy) (int64, error) {
	return c.insert(ctx, `INSERT INTO policies (title, category, owner_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		p.Title, p.Category, nullInt(p.OwnerID), p.CreatedAt.UTC(), p.UpdatedAt.UTC())
}

const policyCols = `p.id, p.title, p.category, COALESCE(p.owner_user_id, 0), COALESCE(u.name, ''), p.created_at, p.updated_at`

func scanPolicy(s interface{ Scan(...any) error }) (policy.Policy, error) {
	var p policy.Policy
	err := s.Scan(&p.ID, &p.Title, &p.Category, &p.OwnerID, &p.OwnerName, &p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func (c *Conn) GetPolicy(ctx context.Context, id int64) (policy.Policy, error) {
	p, err := scanPolicy(c.row(ctx, `SELECT `+policyCols+` FROM policies p LEFT JOIN users u ON u.id = p.owner_user_id WHERE p.id = ?`, id))
	return p, notFound(err, "policy")
}

// ListPolicies lists every policy with its published and latest versions
// (without their texts).
func (c *Conn) ListPolicies(ctx context.Context) ([]policy.Policy, error) {
	rows, err := c.query(ctx, `SELECT `+policyCols+` FROM policies p LEFT JOIN users u ON u.id = p.owner_user_id ORDER BY p.title`)
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	var out []policy.Policy
	at := map[int64]int{}
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	vrows, err := c.query(ctx, `SELECT `+versionCols+`, '' FROM policy_versions v ORDER BY v.policy_id, v.number`)
	if err != nil {
		return nil, fmt.Errorf("policy versions: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		v, err := scanVersion(vrows)
		if err != nil {
			return nil, err
		}
		i, ok := at[v.PolicyID]
		if !ok {
			continue
		}
		if v.Status == policy.Published {
			out[i].Current = v
		}
		out[i].Latest = v
	}
	return out, vrows.Err()
}

const versionCols = `v.id, v.policy_id, v.number, v.summary, v.effective_on, v.status, v.hash, v.audience, v.due_days, COALESCE(v.approval_id, 0),
	COALESCE(v.created_by, 0), v.created_at, v.published_at, v.rev`

func scanVersion(s interface{ Scan(...any) error }) (policy.Version, error) {
	var v policy.Version
	var aud string
	var pub *time.Time
	err := s.Scan(&v.ID, &v.PolicyID, &v.Number, &v.Summary, &v.EffectiveOn, &v.Status, &v.Hash, &aud, &v.DueDays, &v.ApprovalID, &v.CreatedBy, &v.CreatedAt, &pub, &v.Rev, &v.Body)
	if err != nil {
		return v, err
	}
	if pub != nil {
		v.PublishedAt = pub.UTC()
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, json.Unmarshal([]byte(aud), &v.Audience)
}

func (c *Conn) InsertPolicyVersion(ctx context.Context, v policy.Version) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO policy_versions (policy_id, number, body, summary, effective_on, status, hash, audience, due_days, approval_id, created_by, created_at, rev)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, v.PolicyID, v.Number, v.Body, v.Summary, v.EffectiveOn, v.Status, v.Hash, policy.AudienceJSON(v.Audience), v.DueDays,
		nullInt(v.ApprovalID), nullInt(v.CreatedBy), v.CreatedAt.UTC())
	if isUnique(err) {
		return 0, kit.Conflict("someone else started version %d at the same time; reload and try again", v.Number)
	}
	return id, err
}

func (c *Conn) UpdatePolicyVersion(ctx context.Context, v policy.Version, rev int) error {
	var pub any
	if !v.PublishedAt.IsZero() {
		pub = v.PublishedAt.UTC()
	}
	res, err := c.exec(ctx, `UPDATE policy_versions SET body = ?, summary = ?, effective_on = ?, status = ?, hash = ?, audience = ?, due_days = ?, approval_id = ?, published_at = ?, rev = rev + 1
		WHERE id = ? AND rev = ?`, v.Body, v.Summary, v.EffectiveOn, v.Status, v.Hash, policy.AudienceJSON(v.Audience), v.DueDays, nullInt(v.ApprovalID), pub, v.ID, rev)
	if err != nil {
		return fmt.Errorf("update policy version: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("someone else changed this version at the same time; reload it and try again")
	}
	if _, err := c.exec(ctx, `UPDATE policies SET updated_at = ? WHERE id = ?`, now(), v.PolicyID); err != nil {
		return err
	}
	return nil
}

func (c *Conn) GetPolicyVersion(ctx context.Context, id int64) (policy.Version, error) {
	v, err := scanVersion(c.row(ctx, `SELECT `+versionCols+`, v.body FROM policy_versions v WHERE v.id = ?`, id))
	return v, notFound(err, "policy version")
}

func (c *Conn) ListPolicyVersions(ctx context.Context, policyID int64) ([]policy.Version, error) {
	rows, err := c.query(ctx, `SELECT `+versionCols+`, v.body FROM policy_versions v WHERE v.policy_id = ? ORDER BY v.number`, policyID)
	if err != nil {
		return nil, fmt.Errorf("policy versions: %w", err)
	}
	defer rows.Close()
	var out []policy.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, kit.NotFound("policy")
	}
	return out, nil
}

// AssignPolicyVersion assigns a version to the active employees of its
// audience in one statement.
func (c *Conn) AssignPolicyVersion(ctx context.Context, v policy.Version, due date.Date) (int, error) {
	q := `INSERT INTO policy_assignments (version_id, employee_id, org_unit_id, due_on)
		SELECT ?, e.id, e.org_unit_id, ? FROM employees e JOIN org_units o ON o.id = e.org_unit_id WHERE e.status = 'active'`
	args := []any{v.ID, due}
	a := v.Audience
	if len(a.OrgUnitIDs) > 0 {
		var ors []string
		for _, id := range a.OrgUnitIDs {
			ors, args = append(ors, `o.path LIKE (SELECT path FROM org_units WHERE id = ?) || '%'`), append(args, id)
		}
		q += ` AND (` + strings.Join(ors, " OR ") + `)`
	}
	if len(a.LocationIDs) > 0 {
		q += ` AND e.location_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(a.LocationIDs)), ",") + `)`
		for _, id := range a.LocationIDs {
			args = append(args, id)
		}
	}
	if len(a.EmploymentTypes) > 0 {
		q += ` AND e.employment_type IN (` + strings.TrimSuffix(strings.Repeat("?,", len(a.EmploymentTypes)), ",") + `)`
		for _, t := range a.EmploymentTypes {
			args = append(args, t)
		}
	}
	res, err := c.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("assign policy: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

const policyAssignmentCols = `a.version_id, v.policy_id, p.title, v.number, a.employee_id, e.given_name || ' ' || e.family_name, a.due_on, a.acknowledged_at, a.signed_name, a.hash`

const policyAssignmentFrom = ` FROM policy_assignments a JOIN policy_versions v ON v.id = a.version_id JOIN policies p ON p.id = v.policy_id JOIN employees e ON e.id = a.employee_id`

func scanPolicyAssignment(s interface{ Scan(...any) error }) (policy.Assignment, error) {
	var a policy.Assignment
	var at *time.Time
	err := s.Scan(&a.VersionID, &a.PolicyID, &a.PolicyTitle, &a.VersionNumber, &a.EmployeeID, &a.EmployeeName, &a.DueOn, &at, &a.SignedName, &a.Hash)
	if at != nil {
		a.AcknowledgedAt = at.UTC()
	}
	return a, err
}

func (c *Conn) GetPolicyAssignment(ctx context.Context, versionID, employeeID int64) (policy.Assignment, error) {
	a, err := scanPolicyAssignment(c.row(ctx, `SELECT `+policyAssignmentCols+policyAssignmentFrom+` WHERE a.version_id = ? AND a.employee_id = ?`, versionID, employeeID))
	return a, notFound(err, "policy assignment")
}

func (c *Conn) AcknowledgePolicyAssignment(ctx context.Context, a policy.Assignment) error {
	res, err := c.exec(ctx, `UPDATE policy_assignments SET acknowledged_at = ?, signed_name = ?, hash = ? WHERE version_id = ? AND employee_id = ? AND acknowledged_at IS NULL`,
		a.AcknowledgedAt.UTC(), a.SignedName, a.Hash, a.VersionID, a.EmployeeID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("this version is already acknowledged")
	}
	return nil
}

func (c *Conn) listPolicyAssignments(ctx context.Context, q string, args ...any) ([]policy.Assignment, error) {
	rows, err := c.query(ctx, `SELECT `+policyAssignmentCols+policyAssignmentFrom+q, args...)
	if err != nil {
		return nil, fmt.Errorf("policy assignments: %w", err)
	}
	defer rows.Close()
	var out []policy.Assignment
	for rows.Next() {
		a, err := scanPolicyAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (c *Conn) ListPolicyAssignmentsOf(ctx context.Context, employeeID int64) ([]policy.Assignment, error) {
	return c.listPolicyAssignments(ctx, ` WHERE a.employee_id = ? AND v.status = 'published' ORDER BY a.acknowledged_at IS NOT NULL, a.due_on, p.title`, employeeID)
}

func (c *Conn) DuePolicyAssignments(ctx context.Context, due, remindedBefore date.Date, limit int) ([]policy.Assignment, error) {
	return c.listPolicyAssignments(ctx, ` WHERE a.acknowledged_at IS NULL AND a.due_on <= ? AND v.status = 'published' AND e.status = 'active'
		AND (a.reminded_on IS NULL OR a.reminded_on <= ?) ORDER BY a.due_on LIMIT ?`, due, remindedBefore, limit)
}

func (c *Conn) MarkPolicyReminded(ctx context.Context, versionID, employeeID int64, on date.Date) error {
	_, err := c.exec(ctx, `UPDATE policy_assignments SET reminded_on = ? WHERE version_id = ? AND employee_id = ?`, on, versionID, employeeID)
	return err
}

func scopeSQL(paths []string, whole bool) (string, []any) {
	if whole {
		return "", nil
	}
	if len(paths) == 0 {
		return " AND 1 = 0", nil
	}
	var ors []string
	var args []any
	for _, p := range paths {
		ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
	}
	return ` AND (` + strings.Join(ors, " OR ") + `)`, args
}

func (c *Conn) ListPolicyAssignments(ctx context.Context, versionID int64, paths []string, whole bool) ([]policy.Assignment, error) {
	scope, args := scopeSQL(paths, whole)
	return c.listPolicyAssignments(ctx, ` JOIN org_units o ON o.id = a.org_unit_id WHERE a.version_id = ?`+scope+` ORDER BY e.family_name, e.given_name`, append([]any{versionID}, args...)...)
}

func (c *Conn) PolicyTracking(ctx context.Context, versionID int64, paths []string, whole bool, today date.Date) ([]policy.UnitCount, error) {
	scope, args := scopeSQL(paths, whole)
	label := `CASE WHEN pu.parent_id IS NULL THEN o.name ELSE pu.name || ' · ' || o.name END`
	rows, err := c.query(ctx, `SELECT `+label+`, count(*), COALESCE(sum(CASE WHEN a.acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN a.acknowledged_at IS NULL AND a.due_on < ? THEN 1 ELSE 0 END), 0)
		FROM policy_assignments a JOIN org_units o ON o.id = a.org_unit_id LEFT JOIN org_units pu ON pu.id = o.parent_id
		WHERE a.version_id = ?`+scope+` GROUP BY `+label+` ORDER BY `+label, append([]any{today, versionID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("policy tracking: %w", err)
	}
	defer rows.Close()
	var out []policy.UnitCount
	for rows.Next() {
		var u policy.UnitCount
		if err := rows.Scan(&u.OrgUnit, &u.Assigned, &u.Acknowledged, &u.Overdue); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

var _ policy.Store = policyStore{}
