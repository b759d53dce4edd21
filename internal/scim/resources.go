package scim

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// ETag is a user's version as a weak entity tag.
func ETag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

func displayName(u UserRow) string {
	first := u.GivenName
	if u.PreferredName != "" {
		first = u.PreferredName
	}
	return first + " " + u.FamilyName
}

func scimTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// UserResource renders a user; base is the server's /scim/v2 URL.
func UserResource(u UserRow, base string) map[string]any {
	id := strconv.FormatInt(u.ID, 10)
	r := map[string]any{
		"schemas":  []string{SchemaUser, SchemaEnterprise},
		"id":       id,
		"userName": u.WorkEmail,
		"name": map[string]any{
			"givenName": u.GivenName, "familyName": u.FamilyName, "formatted": u.GivenName + " " + u.FamilyName,
		},
		"displayName": displayName(u),
		"emails":      []map[string]any{{"value": u.WorkEmail, "type": "work", "primary": true}},
		"active":      u.Active,
		"meta": map[string]any{
			"resourceType": "User", "created": scimTime(u.CreatedAt), "lastModified": scimTime(u.UpdatedAt),
			"version": ETag(u.Version), "location": base + "/Users/" + id,
		},
	}
	if u.PreferredName != "" {
		r["nickName"] = u.PreferredName
	}
	if u.Title != "" {
		r["title"] = u.Title
	}
	if u.EmploymentType != "" {
		r["userType"] = u.EmploymentType
	}
	ent := map[string]any{"employeeNumber": u.EmployeeNumber}
	if u.Department != "" {
		ent["department"] = u.Department
	}
	if u.Organization != "" {
		ent["organization"] = u.Organization
	}
	if u.ManagerID != 0 {
		mid := strconv.FormatInt(u.ManagerID, 10)
		ent["manager"] = map[string]any{"value": mid, "$ref": base + "/Users/" + mid, "displayName": u.ManagerName}
	}
	r[SchemaEnterprise] = ent
	return r
}

// GroupResource renders a group.
func GroupResource(g GroupRow, base string, members bool) map[string]any {
	r := map[string]any{
		"schemas":     []string{SchemaGroup},
		"id":          g.ID,
		"displayName": g.DisplayName,
		"meta":        map[string]any{"resourceType": "Group", "location": base + "/Groups/" + g.ID},
	}
	if !g.Created.IsZero() {
		meta := r["meta"].(map[string]any)
		meta["created"], meta["lastModified"] = scimTime(g.Created), scimTime(g.Created)
	}
	if members {
		ms := []map[string]any{}
		for _, m := range g.Members {
			id := strconv.FormatInt(m.ID, 10)
			ms = append(ms, map[string]any{"value": id, "$ref": base + "/Users/" + id, "display": m.Display, "type": "User"})
		}
		r["members"] = ms
	}
	return r
}

// PatchOp is one operation of a PATCH request.
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// change is what a PATCH or PUT asks for: the new preferred name.
type change struct {
	nickName *string
}

// patchChange reads the operations; only nickName may change.
func patchChange(ops []PatchOp) (change, error) {
	var ch change
	if len(ops) == 0 {
		return ch, Bad("invalidValue", "Operations is empty")
	}
	set := func(v any, remove bool) error {
		if remove || v == nil {
			empty := ""
			ch.nickName = &empty
			return nil
		}
		s, ok := v.(string)
		if !ok {
			return Bad("invalidValue", "nickName is a string")
		}
		s = strings.TrimSpace(s)
		if len(s) > 100 {
			return Bad("invalidValue", "nickName is at most 100 characters")
		}
		ch.nickName = &s
		return nil
	}
	for _, op := range ops {
		kind := strings.ToLower(op.Op)
		if kind != "add" && kind != "replace" && kind != "remove" {
			return ch, Bad("invalidSyntax", "op is add, replace or remove, not "+op.Op)
		}
		path := strings.TrimPrefix(op.Path, SchemaUser+":")
		switch {
		case strings.EqualFold(path, "nickName"):
			if err := set(op.Value, kind == "remove"); err != nil {
				return ch, err
			}
		case path == "" && kind != "remove":
			obj, ok := op.Value.(map[string]any)
			if !ok {
				return ch, Bad("invalidValue", "An operation without a path carries an object of attributes")
			}
			for k, v := range obj {
				if strings.EqualFold(k, "nickName") {
					if err := set(v, false); err != nil {
						return ch, err
					}
					continue
				}
				return ch, readOnly(k)
			}
		case path == "":
			return ch, Bad("noTarget", "remove needs a path")
		default:
			if !knownUserPath(path) {
				return ch, Bad("invalidPath", "Users have no attribute "+op.Path)
			}
			return ch, readOnly(op.Path)
		}
	}
	return ch, nil
}

func readOnly(attr string) error {
	return Bad("mutability", attr+" is kept by HR in Cadre and is read-only over SCIM")
}

// knownUserPath accepts the User attributes Cadre serves, as written in
// a PATCH path (to tell "read-only" from "no such attribute").
func knownUserPath(p string) bool {
	root := strings.ToLower(strings.SplitN(strings.SplitN(p, "[", 2)[0], ".", 2)[0])
	if i := strings.LastIndex(root, ":"); i >= 0 {
		root = root[i+1:]
	}
	return slices.Contains([]string{"id", "externalid", "username", "name", "displayname", "nickname", "emails", "active", "title", "usertype", "meta",
		"employeenumber", "department", "organization", "manager", "schemas", "phonenumbers", "addresses", "groups", "password"}, root)
}

// Patch applies a PATCH from a client. ifMatch is the If-Match header
// ("" or "*": any version). Errors: *Error (403 without write access,
// 400 mutability, 404, 412 precondition failed).
func (s *Service) Patch(ctx context.Context, c Client, id, ifMatch string, ops []PatchOp) (UserRow, error) {
	ch, err := patchChange(ops)
	if err != nil {
		return UserRow{}, err
	}
	return s.apply(ctx, c, id, ifMatch, ch)
}

// Replace applies a PUT: the attributes HR keeps must be unchanged (or
// left out); only delegated ones may differ.
func (s *Service) Replace(ctx context.Context, c Client, id, ifMatch string, body map[string]any) (UserRow, error) {
	cur, err := s.User(ctx, c, id)
	if err != nil {
		return UserRow{}, err
	}
	str := func(v any) (string, bool) { x, ok := v.(string); return x, ok }
	for k, v := range body {
		switch strings.ToLower(k) {
		case "schemas", "id", "meta", "nickname", strings.ToLower(SchemaEnterprise), "externalid", "displayname", "emails", "usertype":
			// Checked below, derived, or not kept by Cadre.
		case "title":
			if x, _ := str(v); x != cur.Title {
				return UserRow{}, readOnly("title")
			}
		case "username":
			if x, _ := str(v); !strings.EqualFold(x, cur.WorkEmail) {
				return UserRow{}, readOnly("userName")
			}
		case "active":
			if b, ok := v.(bool); !ok || b != cur.Active {
				return UserRow{}, readOnly("active")
			}
		case "name":
			if m, ok := v.(map[string]any); ok {
				if g, ok := str(m["givenName"]); ok && g != cur.GivenName {
					return UserRow{}, readOnly("name.givenName")
				}
				if f, ok := str(m["familyName"]); ok && f != cur.FamilyName {
					return UserRow{}, readOnly("name.familyName")
				}
			}
		default:
			return UserRow{}, readOnly(k)
		}
	}
	nick := ""
	if v, ok := body["nickName"]; ok {
		x, ok := str(v)
		if !ok {
			return UserRow{}, Bad("invalidValue", "nickName is a string")
		}
		nick = strings.TrimSpace(x)
	}
	if nick == cur.PreferredName {
		return cur, nil // nothing delegated changed
	}
	return s.apply(ctx, c, id, ifMatch, change{nickName: &nick})
}

func (s *Service) apply(ctx context.Context, c Client, id, ifMatch string, ch change) (UserRow, error) {
	if ch.nickName == nil {
		return s.User(ctx, c, id)
	}
	if !c.CanWrite {
		return UserRow{}, &Error{Status: 403, Detail: "This SCIM client may only read; an administrator can allow it to write the attributes HR delegates"}
	}
	writable, err := s.Writable(ctx)
	if err != nil {
		return UserRow{}, err
	}
	if !slices.Contains(writable, "nickName") {
		return UserRow{}, Bad("mutability", "HR has not delegated nickName (the preferred name) to SCIM clients")
	}
	var out UserRow
	err = s.store.InTx(ctx, func(st Store) error {
		n, ok := parseID(id)
		if !ok {
			return NotFound("User " + id)
		}
		u, err := st.SCIMUser(ctx, n)
		if kit.KindOf(err) == kit.KindNotFound {
			return NotFound("User " + id)
		}
		if err != nil {
			return err
		}
		if ifMatch != "" && ifMatch != "*" && ifMatch != ETag(u.Version) {
			return &Error{Status: 412, Detail: "The user changed since " + ifMatch + "; it is now " + ETag(u.Version)}
		}
		if *ch.nickName == u.PreferredName {
			out = u
			return nil
		}
		now := s.clock.Now()
		if err := st.SCIMSetPreferredName(ctx, u.ID, u.Version, *ch.nickName, now); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return &Error{Status: 412, Detail: "The user changed meanwhile; read it again"}
			}
			return err
		}
		if err := st.AppendAudit(ctx, audit.Entry{At: now, ActorLabel: "SCIM client " + c.Name, Action: "employee.update", ObjectType: "employee", ObjectID: u.ID,
			Summary: fmt.Sprintf("SCIM client %s set the preferred name of %s %s to %q", c.Name, u.GivenName, u.FamilyName, *ch.nickName),
			Before:  audit.Snapshot(map[string]any{"preferred_name": u.PreferredName}), After: audit.Snapshot(map[string]any{"preferred_name": *ch.nickName})}); err != nil {
			return err
		}
		out, err = st.SCIMUser(ctx, u.ID)
		return err
	})
	return out, err
}
