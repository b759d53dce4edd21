package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// User is a person who can sign in.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	EmployeeID   int64
	Active       bool
	FailedLogins int
	LockedUntil  time.Time
	LastLoginAt  time.Time
	CreatedAt    time.Time
	Grants       []Grant
	// BreakGlass keeps password sign-in when the company signs in with
	// single sign-on only (an administrator's way in if the provider is
	// down).
	BreakGlass bool
}

// Session is a signed-in browser.
type Session struct {
	TokenHash  string
	UserID     int64
	CSRFToken  string
	Flash      string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// Token is an API bearer token; only its hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	Prefix     string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
	// Scopes narrow the token (nil: every permission of its owner);
	// RateLimit caps its requests per minute (0: no cap).
	Scopes    Scopes
	RateLimit int
}

// TokenRequest is what a new token is made from.
type TokenRequest struct {
	Name      string
	ExpiresAt time.Time // zero: never
	Scopes    Scopes    // nil: every permission of the owner
	RateLimit int       // requests per minute; 0: no cap
}

// MaxRateLimit is the highest per-token cap one can set.
const MaxRateLimit = 100000

// Store is what access needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	AppendAudit(ctx context.Context, e audit.Entry) error

	InsertUser(ctx context.Context, u User) (int64, error)
	GetUser(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	// ListUsers lists the users matching q by email, q.Limit at a time
	// (0: all).
	ListUsers(ctx context.Context, q UserQuery) ([]User, error)
	// CountUsers counts the users matching q, ignoring q.After.
	CountUsers(ctx context.Context, q UserQuery) (int, error)
	// GrantsOf reads the grants of several users in one query.
	GrantsOf(ctx context.Context, userIDs []int64) (map[int64][]Grant, error)
	HRUsers(ctx context.Context) ([]User, error)
	ApproverUsers(ctx context.Context) ([]User, error)
	UpdateUserLogin(ctx context.Context, u User) error
	// CountFailedLogin adds one failure to the user's count atomically
	// (concurrent guesses each count) and returns the new count.
	CountFailedLogin(ctx context.Context, id int64) (int, error)
	// LockUser locks the account until the time and resets the count.
	LockUser(ctx context.Context, id int64, until time.Time) error
	SetUserActive(ctx context.Context, id int64, active bool) error
	// ReturnTasksToQueues hands a user's open tasks back to their queues
	// (tasks without one go to the HR help desk), returning how many.
	ReturnTasksToQueues(ctx context.Context, userID int64) (int, error)
	SetPasswordHash(ctx context.Context, id int64, hash string) error
	ReplaceGrants(ctx context.Context, userID int64, grants []Grant, at time.Time) error
	Grants(ctx context.Context, userID int64) ([]Grant, error)
	HasReports(ctx context.Context, employeeID int64) (bool, error)
	UserWithReports(ctx context.Context, id int64) (User, bool, error)
	// Setting reads a company setting ("" when unset).
	Setting(ctx context.Context, key string) (string, error)
	EmployeeIDByEmail(ctx context.Context, email string) (int64, error)
	OrgUnitPath(ctx context.Context, id int64) (string, error)

	InsertSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash string) (Session, error)
	TouchSession(ctx context.Context, hash string, lastSeen, expires time.Time) error
	SetSessionFlash(ctx context.Context, hash, flash string) error
	DeleteSession(ctx context.Context, hash string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteOtherSessions ends every session of the user but keepHash's.
	DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) (int64, error)

	InsertToken(ctx context.Context, t Token) (int64, error)
	TokenByHash(ctx context.Context, hash string) (Token, error)
	ListTokens(ctx context.Context, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, userID, id int64, at time.Time) error
	TouchToken(ctx context.Context, id int64, at time.Time) error

	// ThrottleFailures returns the failures recorded for key since the
	// window began (restarting the window when it is older than window).
	ThrottleFailures(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
	RecordFailure(ctx context.Context, key string, now time.Time) error
	ClearFailures(ctx context.Context, key string) error
}

// Service runs sign-in, sessions, tokens and user administration.
type Service struct {
	store Store
	clock kit.Clock
	// Fast lowers the argon2id cost; only tests set it.
	Fast bool

	// The company's "line managers see their reports' pay" setting,
	// cached for a few seconds per instance.
	payMu   sync.Mutex
	payOn   bool
	payRead time.Time
}

// KeyReportsPay is the setting that lets line managers see their
// reports' pay ("true"); off by default.
const KeyReportsPay = "pay.line_managers_see_reports"

// KeySSOOnly is the setting ("true") under which only break-glass
// accounts may sign in with a password; everyone else uses single
// sign-on.
const KeySSOOnly = "auth.sso_only"

// reportsPay reads the setting, cached for 10 seconds.
func (s *Service) reportsPay(ctx context.Context) bool {
	s.payMu.Lock()
	defer s.payMu.Unlock()
	now := s.clock.Now()
	if !s.payRead.IsZero() && now.Sub(s.payRead) < 10*time.Second && now.After(s.payRead.Add(-time.Second)) {
		return s.payOn
	}
	v, err := s.store.Setting(ctx, KeyReportsPay)
	if err != nil {
		return s.payOn
	}
	s.payOn, s.payRead = v == "true", now
	return s.payOn
}

// ForgetSettings drops the cached setting (after this instance changed
// it).
func (s *Service) ForgetSettings() {
	s.payMu.Lock()
	s.payRead = time.Time{}
	s.payMu.Unlock()
}

// NewService builds the access service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

// Session and lockout policy. An HR system holds SSNs, pay and case
// files: a session ends after an hour without a request and, however
// active, after twelve hours (a working day); then one signs in again.
const (
	SessionIdle       = time.Hour
	SessionAbsolute   = 12 * time.Hour
	LockoutFailures   = 5
	LockoutDuration   = 15 * time.Minute
	IPFailureLimit    = 30
	ThrottleWindow    = 15 * time.Minute
	MinPasswordLength = 10
)

// HashPassword returns an argon2id PHC string.
func (s *Service) HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	t, m := uint32(2), uint32(19*1024)
	if s.Fast {
		t, m = 1, 1024
	}
	key := argon2.IDKey([]byte(pw), salt, t, m, 1, 32)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=1$%s$%s", m, t,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword verifies pw against an argon2id PHC string.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash keeps sign-in timing the same for unknown emails.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3cbmqvJwXbJbmpzTPbYNVc7iVMtvrmCqvJzL6SQB9gA"

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS random source failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is the stored form of a session or API token.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// PasswordChange is a signed-in user's new password.
type PasswordChange struct {
	Current, New, Confirm string
	// SessionToken is the session the change is made in: it stays signed
	// in; every other session of the user ends.
	SessionToken string
}

// ChangePassword sets a signed-in user's password after checking the
// current one (a wrong one counts towards the account lockout). Every
// other session of the user ends; API tokens are separate credentials and
// stay. A user who signs in only with single sign-on has no password to
// change. Errors: KindInvalid (per field), KindUnauthenticated,
// KindRateLimited (locked).
func (s *Service) ChangePassword(ctx context.Context, a Actor, in PasswordChange) error {
	if a.UserID == 0 || a.TokenID != 0 {
		return kit.Forbidden("change your password signed in to Cadre, not with an API token")
	}
	now := s.clock.Now()
	u, err := s.store.GetUser(ctx, a.UserID)
	if err != nil {
		return err
	}
	if u.PasswordHash == "" || strings.HasPrefix(u.PasswordHash, "!") {
		return kit.Invalid("current_password", "You sign in with single sign-on; change your password with your identity provider")
	}
	if u.LockedUntil.After(now) {
		return &kit.Error{Kind: kit.KindRateLimited, Msg: "This account is locked after repeated wrong passwords; try again after " + u.LockedUntil.Format("15:04 MST")}
	}
	if !CheckPassword(u.PasswordHash, in.Current) {
		// A wrong current password counts towards the lockout, as at
		// sign-in: the form is no way round it.
		err := s.store.InTx(ctx, func(st Store) error {
			n, err := st.CountFailedLogin(ctx, u.ID)
			if err != nil {
				return err
			}
			summary := "Wrong current password when changing it"
			if n >= LockoutFailures {
				if err := st.LockUser(ctx, u.ID, now.Add(LockoutDuration)); err != nil {
					return err
				}
				summary = "Account locked after repeated wrong passwords"
			}
			return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: u.ID, ActorLabel: u.Email, Action: "auth.password_change_failed", ObjectType: "user", ObjectID: u.ID, Summary: summary})
		})
		if err != nil {
			return err
		}
		return kit.Invalid("current_password", "This is not your current password")
	}
	f := kit.FieldErrors{}
	switch {
	case len(in.New) < MinPasswordLength:
		f.Add("new_password", fmt.Sprintf("Use at least %d characters", MinPasswordLength))
	case len(in.New) > 256:
		f.Add("new_password", "Use at most 256 characters")
	case in.New == in.Current:
		f.Add("new_password", "Choose a password different from the current one")
	case strings.EqualFold(in.New, u.Email):
		f.Add("new_password", "Do not use your email address as your password")
	}
	if in.Confirm != in.New {
		f.Add("confirm_password", "The two new passwords differ")
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := s.HashPassword(in.New)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.SetPasswordHash(ctx, u.ID, hash); err != nil {
			return err
		}
		u.FailedLogins = 0
		if err := st.UpdateUserLogin(ctx, u); err != nil {
			return err
		}
		n, err := st.DeleteOtherSessions(ctx, u.ID, HashToken(in.SessionToken))
		if err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: u.ID, ActorLabel: u.Email, Action: "auth.password_changed", ObjectType: "user", ObjectID: u.ID,
			Summary: fmt.Sprintf("Changed their password; %d other sessions signed out", n)})
	})
}

// UserInput creates a user.
type UserInput struct {
	Email    string
	Name     string
	Password string
	Grants   []Grant // Role + OrgUnitID; OrgPath is filled in
}

// CreateUser adds a user, linking them to the employee with the same work
// email. Requires admin.users.manage. Errors: KindInvalid, KindForbidden,
// KindConflict (email in use).
func (s *Service) CreateUser(ctx context.Context, a Actor, in UserInput) (int64, error) {
	if err := Require(a, UserManage, CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email {
		f.Add("email", "Enter a valid email address")
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 120 {
		f.Add("name", "Enter a name of at most 120 characters")
	}
	if len(in.Password) < MinPasswordLength {
		f.Add("password", fmt.Sprintf("Use at least %d characters", MinPasswordLength))
	}
	for _, g := range in.Grants {
		if !slices.Contains(GrantableRoles, g.Role) {
			f.Add("role", "Must be one of hr_generalist, hr_manager, hr_director, admin (employee and line_manager come from the employee record)")
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	hash, err := s.HashPassword(in.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.store.InTx(ctx, func(st Store) error {
		if _, err := st.UserByEmail(ctx, in.Email); err == nil {
			return kit.Invalid("email", "A user with this email already exists")
		}
		empID, _ := st.EmployeeIDByEmail(ctx, in.Email)
		now := s.clock.Now()
		var err error
		if id, err = st.InsertUser(ctx, User{Email: in.Email, Name: in.Name, PasswordHash: hash, EmployeeID: empID, Active: true, CreatedAt: now}); err != nil {
			return err
		}
		for i, g := range in.Grants {
			if g.OrgUnitID != 0 {
				if in.Grants[i].OrgPath, err = st.OrgUnitPath(ctx, g.OrgUnitID); err != nil {
					return kit.Invalid("scope", fmt.Sprintf("Org unit %d does not exist", g.OrgUnitID))
				}
			}
		}
		if err := st.ReplaceGrants(ctx, id, in.Grants, now); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "user.create", ObjectType: "user", ObjectID: id,
			Summary: "Created user " + in.Email, After: audit.Snapshot(map[string]any{"email": in.Email, "name": in.Name, "grants": grantList(in.Grants)}), RequestID: a.RequestID})
	})
	return id, err
}

func grantList(gs []Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g.Role)
		if g.OrgUnitID != 0 {
			out[i] += fmt.Sprintf("@org_unit:%d", g.OrgUnitID)
		}
	}
	return out
}

// SetGrants replaces a user's grants. Requires admin.users.manage; nobody
// changes their own grants. Errors: KindInvalid, KindForbidden,
// KindNotFound.
func (s *Service) SetGrants(ctx context.Context, a Actor, userID int64, grants []Grant) error {
	if err := Require(a, UserManage, CompanyTarget); err != nil {
		return err
	}
	if userID == a.UserID {
		return kit.Forbidden("you cannot change your own roles; ask another admin")
	}
	for _, g := range grants {
		if !slices.Contains(GrantableRoles, g.Role) {
			return kit.Invalid("role", "Unknown role "+string(g.Role))
		}
	}
	return s.store.InTx(ctx, func(st Store) error {
		before, err := st.Grants(ctx, userID)
		if err != nil {
			return err
		}
		if _, err := st.GetUser(ctx, userID); err != nil {
			return err
		}
		for i, g := range grants {
			if g.OrgUnitID != 0 {
				if grants[i].OrgPath, err = st.OrgUnitPath(ctx, g.OrgUnitID); err != nil {
					return kit.Invalid("scope", fmt.Sprintf("Org unit %d does not exist", g.OrgUnitID))
				}
			}
		}
		now := s.clock.Now()
		if err := st.ReplaceGrants(ctx, userID, grants, now); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "user.grants", ObjectType: "user", ObjectID: userID,
			Summary: "Changed roles", Before: audit.Snapshot(grantList(before)), After: audit.Snapshot(grantList(grants)), RequestID: a.RequestID})
	})
}

// SetActive activates or deactivates a user; deactivation ends their
// sessions. Requires admin.users.manage. Errors: KindForbidden,
// KindNotFound.
func (s *Service) SetActive(ctx context.Context, a Actor, userID int64, active bool) error {
	if err := Require(a, UserManage, CompanyTarget); err != nil {
		return err
	}
	if userID == a.UserID && !active {
		return kit.Forbidden("you cannot deactivate yourself")
	}
	return s.store.InTx(ctx, func(st Store) error {
		u, err := st.GetUser(ctx, userID)
		if err != nil {
			return err
		}
		if err := st.SetUserActive(ctx, userID, active); err != nil {
			return err
		}
		verb := "Reactivated"
		if !active {
			if err := st.DeleteUserSessions(ctx, userID); err != nil {
				return err
			}
			n, err := st.ReturnTasksToQueues(ctx, userID)
			if err != nil {
				return err
			}
			verb = fmt.Sprintf("Deactivated (and returned %d open tasks to their queues)", n)
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "user.active", ObjectType: "user", ObjectID: userID, Summary: verb + " " + u.Email, RequestID: a.RequestID})
	})
}

// UserQuery selects users: by part of the name or email, by HR role,
// active only, after an email (keyset paging), Limit at a time.
type UserQuery struct {
	Search     string
	Roles      []Role
	ActiveOnly bool
	After      string
	Limit      int
}

// UserPage is a page of users with their grants.
type UserPage struct {
	Users []User
	// Total counts the users matching the filter, across pages.
	Total int
	// Next is the cursor of the following page, empty on the last.
	Next string
}

// ListUsers returns a page of the users matching the filter, by email,
// with their grants: a company with 100,000 self-service users is read a
// page at a time. Cursor continues after the previous page's Next.
// Requires admin.users.manage. Errors: KindForbidden, KindInvalid (a bad
// cursor or role).
func (s *Service) ListUsers(ctx context.Context, a Actor, search, role, cursor string, limit int) (UserPage, error) {
	if err := Require(a, UserManage, CompanyTarget); err != nil {
		return UserPage{}, err
	}
	q := UserQuery{Search: strings.TrimSpace(search), Limit: limit}
	if role != "" {
		if !slices.Contains(GrantableRoles, Role(role)) {
			return UserPage{}, kit.Invalid("role", "Choose one of the HR roles")
		}
		q.Roles = []Role{Role(role)}
	}
	if cursor != "" {
		parts, err := kit.DecodeCursor(cursor, 1)
		if err != nil {
			return UserPage{}, err
		}
		q.After = parts[0]
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	var out UserPage
	var err error
	if out.Total, err = s.store.CountUsers(ctx, q); err != nil {
		return out, err
	}
	want := q.Limit
	q.Limit++
	if out.Users, err = s.store.ListUsers(ctx, q); err != nil {
		return out, err
	}
	if len(out.Users) > want {
		out.Users = out.Users[:want]
		out.Next = kit.EncodeCursor(out.Users[want-1].Email)
	}
	ids := make([]int64, len(out.Users))
	for i, u := range out.Users {
		ids[i] = u.ID
	}
	grants, err := s.store.GrantsOf(ctx, ids)
	if err != nil {
		return out, err
	}
	for i := range out.Users {
		out.Users[i].Grants = grants[out.Users[i].ID]
	}
	return out, nil
}

// ActorFor builds the actor for a user: grants, employee link and the
// derived line_manager role.
func (s *Service) ActorFor(ctx context.Context, u User) (Actor, error) {
	grants, err := s.store.Grants(ctx, u.ID)
	if err != nil {
		return Actor{}, err
	}
	a := Actor{UserID: u.ID, Email: u.Email, Name: u.Name, EmployeeID: u.EmployeeID, Grants: grants}
	if u.EmployeeID != 0 {
		if a.HasReports, err = s.store.HasReports(ctx, u.EmployeeID); err != nil {
			return Actor{}, err
		}
	}
	a.ReportsPay = a.HasReports && s.reportsPay(ctx)
	return a, nil
}

// ActorByID builds the actor for an active user (background work done
// on a user's behalf, like a scheduled report). Errors: KindNotFound,
// KindForbidden (the account is deactivated).
func (s *Service) ActorByID(ctx context.Context, id int64) (Actor, error) {
	u, err := s.store.GetUser(ctx, id)
	if err != nil {
		return Actor{}, err
	}
	if !u.Active {
		return Actor{}, kit.Forbidden("the account is deactivated")
	}
	return s.ActorFor(ctx, u)
}

// ActorByEmail builds the actor for the user with email (CLI and tests).
func (s *Service) ActorByEmail(ctx context.Context, email string) (Actor, error) {
	u, err := s.store.UserByEmail(ctx, strings.ToLower(email))
	if err != nil {
		return Actor{}, err
	}
	return s.ActorFor(ctx, u)
}

// ListDelegateCandidates returns the users an approver may name as
// delegate: the HR team and line managers. Requires
// work.approvals.delegate. Errors: KindForbidden.
func (s *Service) ListDelegateCandidates(ctx context.Context, a Actor) ([]User, error) {
	if err := Require(a, ApprovalDelegate, CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ApproverUsers(ctx)
}

// ListHRUsers returns active users with an HR grant (people tasks can be
// assigned to). Requires work.tasks.assign. Errors: KindForbidden.
func (s *Service) ListHRUsers(ctx context.Context, a Actor) ([]User, error) {
	if err := Require(a, TaskAssign, CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.HRUsers(ctx)
}
