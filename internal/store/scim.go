package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/scim"
)

// SCIM returns the SCIM server's store.
func (db *DB) SCIM() scim.Store { return scimStore{db.Reader()} }

type scimStore struct{ *Conn }

func (s scimStore) InTx(ctx context.Context, fn func(scim.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(scimStore{c}) })
}

const scimClientCols = `id, name, prefix, can_write, created_by, created_at, last_used_at, revoked_at`

func scanSCIMClient(sc interface{ Scan(...any) error }) (scim.Client, error) {
	var c scim.Client
	var used, rev sql.NullTime
	err := sc.Scan(&c.ID, &c.Name, &c.Prefix, &c.CanWrite, &c.CreatedBy, &c.CreatedAt, &used, &rev)
	c.LastUsedAt, c.RevokedAt = used.Time, rev.Time
	return c, err
}

func (s scimStore) SCIMClients(ctx context.Context) ([]scim.Client, error) {
	return scanAll(ctx, s.Conn, scanSCIMClient, `SELECT `+scimClientCols+` FROM scim_clients ORDER BY id DESC`)
}

func (s scimStore) SCIMClientByHash(ctx context.Context, hash string) (scim.Client, error) {
	c, err := scanSCIMClient(s.row(ctx, `SELECT `+scimClientCols+` FROM scim_clients WHERE token_hash = ?`, hash))
	return c, notFound(err, "SCIM client")
}

func (s scimStore) InsertSCIMClient(ctx context.Context, c scim.Client, hash string) (int64, error) {
	return s.insert(ctx, `INSERT INTO scim_clients (name, token_hash, prefix, can_write, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Name, hash, c.Prefix, c.CanWrite, c.CreatedBy, c.CreatedAt.UTC())
}

func (s scimStore) RevokeSCIMClient(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE scim_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("SCIM client")
	}
	return nil
}

func (s scimStore) TouchSCIMClient(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.Writer().exec(ctx, `UPDATE scim_clients SET last_used_at = ? WHERE id = ?`, at.UTC(), id)
	return err
}

// scimUserFrom joins what a SCIM User shows. The organization is the
// org unit's legal entity.
const scimUserFrom = ` FROM employees e JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id
	LEFT JOIN legal_entities le ON le.id = o.legal_entity_id LEFT JOIN employees m ON m.id = e.manager_id`

const scimUserCols = `e.id, e.employee_number, e.given_name, e.family_name, e.preferred_name, e.work_email, e.status <> 'terminated', j.title, e.employment_type,
	e.org_unit_id, o.name, COALESCE(le.name, ''), COALESCE(e.manager_id, 0), COALESCE(m.given_name || ' ' || m.family_name, ''), e.created_at, e.updated_at, e.version`

func scanSCIMUser(sc interface{ Scan(...any) error }) (scim.UserRow, error) {
	var u scim.UserRow
	err := sc.Scan(&u.ID, &u.EmployeeNumber, &u.GivenName, &u.FamilyName, &u.PreferredName, &u.WorkEmail, &u.Active, &u.Title, &u.EmploymentType,
		&u.OrgUnitID, &u.Department, &u.Organization, &u.ManagerID, &u.ManagerName, &u.CreatedAt, &u.UpdatedAt, &u.Version)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// scimColumns maps filterable attributes to SQL.
var scimColumns = map[string]string{
	"id": "e.id", "userName": "e.work_email", "name.givenName": "e.given_name", "name.familyName": "e.family_name",
	"name.formatted": "(e.given_name || ' ' || e.family_name)", "nickName": "e.preferred_name",
	"displayName":  "((CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END) || ' ' || e.family_name)",
	"emails.value": "e.work_email", "title": "j.title", "userType": "e.employment_type", "meta.created": "e.created_at",
	"meta.lastModified": "e.updated_at", "employeeNumber": "e.employee_number", "department": "o.name", "organization": "COALESCE(le.name, '')",
	"manager.value": "e.manager_id",
}

// scimJoins says whether a filter reads the job, org unit or legal
// entity (the count needs the joins only then).
func scimJoins(c *scim.Cond) bool {
	if c == nil {
		return false
	}
	switch c.Attr {
	case "title", "department", "organization":
		return true
	}
	for _, k := range c.Kids {
		if scimJoins(k) {
			return true
		}
	}
	return false
}

// scimWhere turns a filter into SQL.
func (s scimStore) scimWhere(c *scim.Cond) (string, []any, error) {
	if c == nil {
		return "1 = 1", nil, nil
	}
	switch c.Op {
	case "true":
		return "1 = 1", nil, nil
	case "false":
		return "1 = 0", nil, nil
	case "and", "or":
		l, la, err := s.scimWhere(c.Kids[0])
		if err != nil {
			return "", nil, err
		}
		r, ra, err := s.scimWhere(c.Kids[1])
		if err != nil {
			return "", nil, err
		}
		return "(" + l + " " + strings.ToUpper(c.Op) + " " + r + ")", append(la, ra...), nil
	case "not":
		k, ka, err := s.scimWhere(c.Kids[0])
		return "NOT (" + k + ")", ka, err
	}
	if c.Attr == "active" {
		active := "e.status <> 'terminated'"
		switch c.Cmp {
		case "pr":
			return "1 = 1", nil, nil
		case "eq":
			if c.Value == true {
				return active, nil, nil
			}
			return "NOT (" + active + ")", nil, nil
		case "ne":
			if c.Value == true {
				return "NOT (" + active + ")", nil, nil
			}
			return active, nil, nil
		}
	}
	col, ok := scimColumns[c.Attr]
	if !ok {
		return "", nil, fmt.Errorf("scim: no column for %s", c.Attr)
	}
	kind := scim.UserAttrs[c.Attr]
	if c.Cmp == "pr" {
		switch kind {
		case scim.KindString:
			return "(" + col + " IS NOT NULL AND " + col + " <> '')", nil, nil
		default:
			return col + " IS NOT NULL", nil, nil
		}
	}
	ops := map[string]string{"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
	switch kind {
	case scim.KindDateTime:
		t := c.Value.(time.Time)
		return col + " " + ops[c.Cmp] + " ?", []any{t}, nil
	case scim.KindID:
		// COALESCE: "no manager" is a value that is not 5, also under not().
		if c.Cmp == "ne" {
			return "COALESCE(" + col + ", 0) <> ?", []any{c.Value}, nil
		}
		return "COALESCE(" + col + ", 0) = ?", []any{c.Value}, nil
	}
	v := strings.ToLower(c.Value.(string))
	lc := "lower(" + col + ")"
	switch c.Cmp {
	case "co":
		return lc + " LIKE ?" + s.db.dialect.likeEscape(), []any{"%" + escapeLike(v) + "%"}, nil
	case "sw":
		return lc + " LIKE ?" + s.db.dialect.likeEscape(), []any{escapeLike(v) + "%"}, nil
	case "ew":
		return lc + " LIKE ?" + s.db.dialect.likeEscape(), []any{"%" + escapeLike(v)}, nil
	}
	return lc + " " + ops[c.Cmp] + " ?", []any{v}, nil
}

func (s scimStore) SCIMUsers(ctx context.Context, cond *scim.Cond, startIndex, count int) (int, []scim.UserRow, error) {
	where, args, err := s.scimWhere(cond)
	if err != nil {
		return 0, nil, err
	}
	var total int
	countFrom := scimUserFrom
	if !scimJoins(cond) {
		countFrom = ` FROM employees e` // every employee has a job and a unit
	}
	if err := s.row(ctx, `SELECT COUNT(*)`+countFrom+` WHERE `+where, args...).Scan(&total); err != nil {
		return 0, nil, err
	}
	if count == 0 {
		return total, nil, nil
	}
	rows, err := scanAll(ctx, s.Conn, scanSCIMUser, `SELECT `+scimUserCols+scimUserFrom+` WHERE `+where+` ORDER BY e.id LIMIT ? OFFSET ?`, append(args, count, startIndex-1)...)
	return total, rows, err
}

func (s scimStore) SCIMUser(ctx context.Context, id int64) (scim.UserRow, error) {
	u, err := scanSCIMUser(s.row(ctx, `SELECT `+scimUserCols+scimUserFrom+` WHERE e.id = ?`, id))
	return u, notFound(err, "user")
}

func (s scimStore) SCIMSetPreferredName(ctx context.Context, id, version int64, name string, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE employees SET preferred_name = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, name, at.UTC(), id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("the employee changed meanwhile")
	}
	// The directory finds people by their preferred name too: its search
	// tokens follow, made as the people core makes them.
	var e people.Employee
	var title string
	if err := s.row(ctx, `SELECT e.given_name, e.family_name, e.preferred_name, e.employee_number, e.work_email, j.title FROM employees e JOIN jobs j ON j.id = e.job_id WHERE e.id = ?`, id).
		Scan(&e.GivenName, &e.FamilyName, &e.PreferredName, &e.Number, &e.WorkEmail, &title); err != nil {
		return err
	}
	return s.SetSearchTokens(ctx, id, people.SearchTokens(e, title))
}

// SCIMGroups lists org units (members: their active employees, directly
// in the unit) and HR roles (members: the employees holding the role).
func (s scimStore) SCIMGroups(ctx context.Context, members bool) ([]scim.GroupRow, error) {
	type unit struct {
		id      int64
		name    string
		created time.Time
	}
	units, err := scanAll(ctx, s.Conn, func(sc interface{ Scan(...any) error }) (unit, error) {
		var u unit
		err := sc.Scan(&u.id, &u.name, &u.created)
		return u, err
	}, `SELECT id, name, created_at FROM org_units ORDER BY id`)
	if err != nil {
		return nil, err
	}
	byUnit := map[int64][]scim.Member{}
	byRole := map[string][]scim.Member{}
	if members {
		rows, err := s.query(ctx, `SELECT id, org_unit_id, (CASE WHEN preferred_name <> '' THEN preferred_name ELSE given_name END) || ' ' || family_name FROM employees WHERE status <> 'terminated' ORDER BY id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var m scim.Member
			var ou int64
			if err := rows.Scan(&m.ID, &ou, &m.Display); err != nil {
				rows.Close()
				return nil, err
			}
			byUnit[ou] = append(byUnit[ou], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rrows, err := s.query(ctx, `SELECT DISTINCT g.role, e.id, (CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END) || ' ' || e.family_name
			FROM grants g JOIN users u ON u.id = g.user_id AND u.active JOIN employees e ON e.id = u.employee_id AND e.status <> 'terminated' ORDER BY e.id`)
		if err != nil {
			return nil, err
		}
		for rrows.Next() {
			var role string
			var m scim.Member
			if err := rrows.Scan(&role, &m.ID, &m.Display); err != nil {
				rrows.Close()
				return nil, err
			}
			byRole[role] = append(byRole[role], m)
		}
		rrows.Close()
		if err := rrows.Err(); err != nil {
			return nil, err
		}
	}
	var out []scim.GroupRow
	for _, u := range units {
		out = append(out, scim.GroupRow{ID: fmt.Sprintf("ou-%d", u.id), DisplayName: u.name, Kind: "org_unit", Members: byUnit[u.id], Created: u.created.UTC()})
	}
	for _, r := range scim.RoleGroups {
		out = append(out, scim.GroupRow{ID: "role-" + r.Key, DisplayName: r.Name, Kind: "role", Members: byRole[r.Key]})
	}
	return out, nil
}
