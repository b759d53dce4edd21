// Package scim serves Cadre's people to identity systems over SCIM 2.0
// (RFC 7643, RFC 7644): Users (core and enterprise extension) and Groups
// (org units and HR roles), with filtering, pagination, ETags and PATCH.
//
// Cadre is the source of truth: clients read, and may write only the
// attributes HR delegates (today the preferred name, nickName), and only
// when the client itself is allowed to write. Users are hired and
// terminated in Cadre, never created or deleted over SCIM. Personal data
// (addresses, personal phone and email, SSN, pay) is never served.
package scim

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// Schema and message URNs.
const (
	SchemaUser         = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaEnterprise   = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	SchemaGroup        = "urn:ietf:params:scim:schemas:core:2.0:Group"
	SchemaListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	SchemaPatchOp      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaError        = "urn:ietf:params:scim:api:messages:2.0:Error"
	SchemaSPConfig     = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	SchemaResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	SchemaSchema       = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

// Client is a system allowed to call /scim/v2 with its bearer token.
type Client struct {
	ID         int64
	Name       string
	Prefix     string
	CanWrite   bool
	CreatedBy  int64
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Writable attributes HR can delegate to SCIM clients.
var Delegable = []string{"nickName"}

// KeyWritable is the setting listing the delegated attributes.
const KeyWritable = "scim.writable"

// UserRow is an employee as SCIM shows them.
type UserRow struct {
	ID                                   int64
	EmployeeNumber                       string
	GivenName, FamilyName, PreferredName string
	WorkEmail                            string
	Active                               bool
	Title, EmploymentType                string
	OrgUnitID                            int64
	Department                           string
	Organization                         string
	ManagerID                            int64
	ManagerName                          string
	CreatedAt, UpdatedAt                 time.Time
	Version                              int64
}

// GroupRow is an org unit or an HR role with its members.
type GroupRow struct {
	ID          string // "ou-12" or "role-hr_manager"
	DisplayName string
	Kind        string // "org_unit" or "role"
	Members     []Member
	Created     time.Time
}

// RoleGroups are the HR roles served as groups (by the grant, whatever
// its org scope).
var RoleGroups = []struct{ Key, Name string }{
	{string(access.RoleGeneralist), "HR generalists"},
	{string(access.RoleManager), "HR managers"},
	{string(access.RoleDirector), "HR directors"},
	{string(access.RoleAdmin), "Cadre administrators"},
}

// Member is a group's member (a User).
type Member struct {
	ID      int64
	Display string
}

// Store is what scim needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	SCIMClients(ctx context.Context) ([]Client, error)
	SCIMClientByHash(ctx context.Context, hash string) (Client, error)
	InsertSCIMClient(ctx context.Context, c Client, hash string) (int64, error)
	RevokeSCIMClient(ctx context.Context, id int64, at time.Time) error
	TouchSCIMClient(ctx context.Context, id int64, at time.Time) error
	// SCIMUsers returns the total matching cond and the page from
	// startIndex (1-based), count long, in id order.
	SCIMUsers(ctx context.Context, cond *Cond, startIndex, count int) (int, []UserRow, error)
	SCIMUser(ctx context.Context, id int64) (UserRow, error)
	// SCIMSetPreferredName changes the preferred name if the employee is
	// still at version; KindConflict otherwise.
	SCIMSetPreferredName(ctx context.Context, id, version int64, name string, at time.Time) error
	SCIMGroups(ctx context.Context, members bool) ([]GroupRow, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AppendAudit(ctx context.Context, e audit.Entry) error
}

// Service runs the SCIM server's use cases.
type Service struct {
	store Store
	clock kit.Clock
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

// TokenPrefix starts every SCIM token.
const TokenPrefix = "cadre_scim_"

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Clients lists the SCIM clients (admin).
func (s *Service) Clients(ctx context.Context, a access.Actor) ([]Client, error) {
	if err := access.Require(a, access.IntegrationsManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.SCIMClients(ctx)
}

// CreateClient adds a client and returns its token, shown once.
func (s *Service) CreateClient(ctx context.Context, a access.Actor, name string, canWrite bool) (Client, string, error) {
	if err := access.Require(a, access.IntegrationsManage, access.CompanyTarget); err != nil {
		return Client{}, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 80 {
		return Client{}, "", kit.Invalid("name", "Name the system, e.g. Okta provisioning (at most 80 characters)")
	}
	raw := randomToken()
	c := Client{Name: name, Prefix: raw[:len(TokenPrefix)+6], CanWrite: canWrite, CreatedBy: a.UserID, CreatedAt: s.clock.Now()}
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if c.ID, err = st.InsertSCIMClient(ctx, c, access.HashToken(raw)); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: c.CreatedAt, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "scim.client_create", ObjectType: "scim_client", ObjectID: c.ID,
			Summary: fmt.Sprintf("Added SCIM client %s (may write delegated attributes: %t)", name, canWrite), RequestID: a.RequestID})
	})
	return c, raw, err
}

// RevokeClient stops a client's token. Errors: KindNotFound.
func (s *Service) RevokeClient(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.IntegrationsManage, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		now := s.clock.Now()
		if err := st.RevokeSCIMClient(ctx, id, now); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "scim.client_revoke", ObjectType: "scim_client", ObjectID: id, Summary: "Revoked a SCIM client", RequestID: a.RequestID})
	})
}

// Writable returns the attributes HR delegated to SCIM clients.
func (s *Service) Writable(ctx context.Context) ([]string, error) {
	v, err := s.store.Setting(ctx, KeyWritable)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range strings.Fields(v) {
		if slices.Contains(Delegable, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// SetWritable delegates attributes to SCIM clients: an HR decision
// (people.fields.delegate). Errors: KindInvalid.
func (s *Service) SetWritable(ctx context.Context, a access.Actor, attrs []string) error {
	if err := access.Require(a, access.FieldsDelegate, access.CompanyTarget); err != nil {
		return err
	}
	for _, x := range attrs {
		if !slices.Contains(Delegable, x) {
			return kit.Invalid("writable", "Only "+strings.Join(Delegable, ", ")+" can be delegated")
		}
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.SetSetting(ctx, KeyWritable, strings.Join(attrs, " ")); err != nil {
			return err
		}
		what := "nothing"
		if len(attrs) > 0 {
			what = strings.Join(attrs, ", ")
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "scim.delegate", ObjectType: "setting", Summary: "SCIM clients may write: " + what, RequestID: a.RequestID})
	})
}

// Authenticate resolves a bearer token to its client. Errors:
// kit.ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, raw string) (Client, error) {
	if !strings.HasPrefix(raw, TokenPrefix) {
		return Client{}, kit.ErrUnauthenticated
	}
	c, err := s.store.SCIMClientByHash(ctx, access.HashToken(raw))
	if err != nil || !c.RevokedAt.IsZero() {
		return Client{}, kit.ErrUnauthenticated
	}
	if now := s.clock.Now(); now.Sub(c.LastUsedAt) > time.Minute {
		_ = s.store.TouchSCIMClient(ctx, c.ID, now)
	}
	return c, nil
}

// Query is a list request. Count < 0 means the client gave none (100);
// 0 asks for the total only.
type Query struct {
	Filter     string
	StartIndex int
	Count      int
}

// MaxCount caps a page.
const MaxCount = 500

func (q *Query) normalize() {
	if q.StartIndex < 1 {
		q.StartIndex = 1
	}
	if q.Count < 0 {
		q.Count = 100
	}
	if q.Count > MaxCount {
		q.Count = MaxCount
	}
}

// Users lists users matching the query. Errors: *Error (invalidFilter).
func (s *Service) Users(ctx context.Context, c Client, q Query) (int, []UserRow, Query, error) {
	q.normalize()
	cond, err := ParseUserFilter(q.Filter)
	if err != nil {
		return 0, nil, q, err
	}
	total, rows, err := s.store.SCIMUsers(ctx, cond, q.StartIndex, q.Count)
	return total, rows, q, err
}

// User returns one user. Errors: *Error (404).
func (s *Service) User(ctx context.Context, c Client, id string) (UserRow, error) {
	n, ok := parseID(id)
	if !ok {
		return UserRow{}, NotFound("User " + id)
	}
	u, err := s.store.SCIMUser(ctx, n)
	if kit.KindOf(err) == kit.KindNotFound {
		return u, NotFound("User " + id)
	}
	return u, err
}

// Groups lists the groups (org units and HR roles), members included
// unless excluded.
func (s *Service) Groups(ctx context.Context, c Client, q Query, members bool) (int, []GroupRow, Query, error) {
	q.normalize()
	match, err := ParseGroupFilter(q.Filter)
	if err != nil {
		return 0, nil, q, err
	}
	all, err := s.store.SCIMGroups(ctx, members)
	if err != nil {
		return 0, nil, q, err
	}
	var hits []GroupRow
	for _, g := range all {
		if match(g) {
			hits = append(hits, g)
		}
	}
	from := min(q.StartIndex-1, len(hits))
	to := min(from+q.Count, len(hits))
	return len(hits), hits[from:to], q, nil
}

// Group returns one group. Errors: *Error (404).
func (s *Service) Group(ctx context.Context, c Client, id string, members bool) (GroupRow, error) {
	all, err := s.store.SCIMGroups(ctx, members)
	if err != nil {
		return GroupRow{}, err
	}
	for _, g := range all {
		if g.ID == id {
			return g, nil
		}
	}
	return GroupRow{}, NotFound("Group " + id)
}

func parseID(id string) (int64, bool) {
	var n int64
	if _, err := fmt.Sscan(id, &n); err != nil || n <= 0 || fmt.Sprint(n) != id {
		return 0, false
	}
	return n, true
}

// Error is a SCIM error response (RFC 7644 §3.12).
type Error struct {
	Status   int
	ScimType string
	Detail   string
}

func (e *Error) Error() string { return e.Detail }

// NotFound is a 404 for what.
func NotFound(what string) *Error {
	return &Error{Status: 404, Detail: what + " not found"}
}

// Bad is a 400 of a scimType.
func Bad(scimType, detail string) *Error {
	return &Error{Status: 400, ScimType: scimType, Detail: detail}
}
