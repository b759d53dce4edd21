package access

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// LoginResult is a new session: the raw token goes in the cookie.
type LoginResult struct {
	Token   string
	Session Session
	User    User
}

// ErrBadCredentials is the one message for every sign-in failure, so that
// it does not reveal which emails exist.
var ErrBadCredentials = &kit.Error{Kind: kit.KindUnauthenticated, Msg: "The email or password is not right"}

// Login checks a password and opens a session. Failures are throttled per
// account (lockout after LockoutFailures) and per client address. Errors:
// ErrBadCredentials, KindRateLimited.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (LoginResult, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.clock.Now()
	ipKey := "ip:" + clientIP
	n, err := s.store.ThrottleFailures(ctx, ipKey, ThrottleWindow, now)
	if err != nil {
		return LoginResult{}, err
	}
	if n >= IPFailureLimit {
		return LoginResult{}, &kit.Error{Kind: kit.KindRateLimited, Msg: "Too many failed sign-ins from this address; wait 15 minutes and try again"}
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil {
		CheckPassword(dummyHash, password)
		_ = s.store.RecordFailure(ctx, ipKey, now)
		return LoginResult{}, ErrBadCredentials
	}
	if u.LockedUntil.After(now) {
		_ = s.store.RecordFailure(ctx, ipKey, now)
		return LoginResult{}, &kit.Error{Kind: kit.KindRateLimited, Msg: "This account is locked after repeated failed sign-ins; try again after " + u.LockedUntil.Format("15:04 MST")}
	}
	if !u.Active || !CheckPassword(u.PasswordHash, password) {
		_ = s.store.RecordFailure(ctx, ipKey, now)
		err := s.store.InTx(ctx, func(st Store) error {
			// Counted in the database, so guesses sent at once each count.
			n, err := st.CountFailedLogin(ctx, u.ID)
			if err != nil {
				return err
			}
			summary := "Failed sign-in"
			if n >= LockoutFailures {
				if err := st.LockUser(ctx, u.ID, now.Add(LockoutDuration)); err != nil {
					return err
				}
				summary = "Account locked after repeated failed sign-ins"
			}
			return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: u.ID, ActorLabel: u.Email, Action: "auth.login_failed", ObjectType: "user", ObjectID: u.ID, Summary: summary + " from " + clientIP})
		})
		if err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, ErrBadCredentials
	}
	// The password was right: under SSO only, only break-glass accounts
	// may use it (checked after the password so the answer reveals
	// nothing to someone guessing).
	if !u.BreakGlass || !s.isAdmin(ctx, u.ID) {
		if v, err := s.store.Setting(ctx, KeySSOOnly); err != nil {
			return LoginResult{}, err
		} else if v == "true" {
			_ = s.store.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: u.ID, ActorLabel: u.Email, Action: "auth.login_failed", ObjectType: "user", ObjectID: u.ID, Summary: "Password sign-in refused: single sign-on only, from " + clientIP})
			return LoginResult{}, ErrSSOOnly
		}
	}
	return s.openSession(ctx, u, "Signed in from "+clientIP)
}

// isAdmin: break-glass counts only for a user who is still an
// administrator (a demoted one loses it without anyone clearing a flag).
func (s *Service) isAdmin(ctx context.Context, userID int64) bool {
	gs, err := s.store.Grants(ctx, userID)
	if err != nil {
		return false
	}
	for _, g := range gs {
		if g.Role == RoleAdmin {
			return true
		}
	}
	return false
}

// ErrSSOOnly refuses a password sign-in when the company signs in with
// single sign-on only.
var ErrSSOOnly = &kit.Error{Kind: kit.KindForbidden, Msg: "Your company signs in with single sign-on: use the button above"}

// StartSession opens a session for a user a single sign-on provider
// vouched for (the caller checked the provider's answer). Inactive and
// locked accounts are refused. Errors: ErrBadCredentials, KindRateLimited.
func (s *Service) StartSession(ctx context.Context, userID int64, summary string) (LoginResult, error) {
	u, err := s.store.GetUser(ctx, userID)
	if err != nil || !u.Active {
		return LoginResult{}, ErrBadCredentials
	}
	if u.LockedUntil.After(s.clock.Now()) {
		return LoginResult{}, &kit.Error{Kind: kit.KindRateLimited, Msg: "This account is locked after repeated failed sign-ins; try again after " + u.LockedUntil.Format("15:04 MST")}
	}
	return s.openSession(ctx, u, summary)
}

func (s *Service) openSession(ctx context.Context, u User, summary string) (LoginResult, error) {
	now := s.clock.Now()
	tok := randomToken(32)
	sess := Session{TokenHash: HashToken(tok), UserID: u.ID, CSRFToken: randomToken(24), CreatedAt: now, ExpiresAt: now.Add(SessionIdle), LastSeenAt: now}
	err := s.store.InTx(ctx, func(st Store) error {
		u.FailedLogins, u.LockedUntil, u.LastLoginAt = 0, time.Time{}, now
		if err := st.UpdateUserLogin(ctx, u); err != nil {
			return err
		}
		if err := st.InsertSession(ctx, sess); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: u.ID, ActorLabel: u.Email, Action: "auth.login", ObjectType: "user", ObjectID: u.ID, Summary: summary})
	})
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: tok, Session: sess, User: u}, nil
}

// Authenticate resolves a session cookie to its session and actor. Idle
// sessions expire after SessionIdle and every session after
// SessionAbsolute. Errors: kit.ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (Session, Actor, error) {
	if token == "" {
		return Session{}, Actor{}, kit.ErrUnauthenticated
	}
	hash := HashToken(token)
	sess, err := s.store.SessionByHash(ctx, hash)
	if err != nil {
		return Session{}, Actor{}, kit.ErrUnauthenticated
	}
	now := s.clock.Now()
	if now.After(sess.ExpiresAt) || now.After(sess.CreatedAt.Add(SessionAbsolute)) {
		_ = s.store.DeleteSession(ctx, hash)
		return Session{}, Actor{}, kit.ErrUnauthenticated
	}
	u, reports, err := s.store.UserWithReports(ctx, sess.UserID)
	if err != nil || !u.Active {
		return Session{}, Actor{}, kit.ErrUnauthenticated
	}
	// Slide the idle window at most once a minute to keep reads cheap.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		sess.LastSeenAt, sess.ExpiresAt = now, now.Add(SessionIdle)
		if err := s.store.TouchSession(ctx, hash, now, sess.ExpiresAt); err != nil && kit.KindOf(err) != kit.KindUnavailable {
			return Session{}, Actor{}, err
		}
		// A database that cannot take writes (disk full, read-only) still
		// serves reads: the idle window is then not extended.
	}
	grants, err := s.store.Grants(ctx, u.ID)
	if err != nil {
		return Session{}, Actor{}, err
	}
	has := reports && u.EmployeeID != 0
	return sess, Actor{UserID: u.ID, Email: u.Email, Name: u.Name, EmployeeID: u.EmployeeID, Grants: grants, HasReports: has, ReportsPay: has && s.reportsPay(ctx)}, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, HashToken(token))
}

// SetFlash stores a one-time message for the session's next page.
func (s *Service) SetFlash(ctx context.Context, sess Session, msg string) error {
	return s.store.SetSessionFlash(ctx, sess.TokenHash, msg)
}

// TokenPrefix starts every API token, so that secret scanners spot them.
const TokenPrefix = "cadre_"

// CreateToken issues an API token for the actor's own user and returns the
// raw token once. Requires tokens.own, which only a session or an
// unscoped token holds, so a scoped token cannot mint a wider one.
// Errors: KindInvalid (name, expires_at, scopes, rate_limit), KindForbidden.
func (s *Service) CreateToken(ctx context.Context, a Actor, req TokenRequest) (string, Token, error) {
	if err := Require(a, TokenOwn, CompanyTarget); err != nil {
		return "", Token{}, err
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name = "API token"
	}
	f := kit.FieldErrors{}
	if len(name) > 80 {
		f.Add("name", "Use at most 80 characters")
	}
	now := s.clock.Now()
	if !req.ExpiresAt.IsZero() && !req.ExpiresAt.After(now) {
		f.Add("expires_at", "Must be in the future")
	}
	if req.RateLimit < 0 || req.RateLimit > MaxRateLimit {
		f.Add("rate_limit", fmt.Sprintf("Use 0 (no limit) to %d requests a minute", MaxRateLimit))
	}
	if err := f.Err(); err != nil {
		return "", Token{}, err
	}
	raw := TokenPrefix + randomToken(32)
	t := Token{UserID: a.UserID, Name: name, Hash: HashToken(raw), Prefix: raw[:len(TokenPrefix)+6], CreatedAt: now, ExpiresAt: req.ExpiresAt,
		Scopes: req.Scopes, RateLimit: req.RateLimit}
	summary := "Created API token " + name
	if t.Scopes != nil {
		summary += " (scopes: " + t.Scopes.String() + ")"
	} else {
		summary += " (every permission)"
	}
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if t.ID, err = st.InsertToken(ctx, t); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "token.create", ObjectType: "api_token", ObjectID: t.ID, Summary: summary, RequestID: a.RequestID})
	})
	return raw, t, err
}

// ListTokens returns the actor's own tokens (never the secrets).
func (s *Service) ListTokens(ctx context.Context, a Actor) ([]Token, error) {
	if err := Require(a, TokenOwn, CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListTokens(ctx, a.UserID)
}

// RevokeToken revokes one of the actor's own tokens. Errors: KindNotFound.
func (s *Service) RevokeToken(ctx context.Context, a Actor, id int64) error {
	if err := Require(a, TokenOwn, CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		now := s.clock.Now()
		if err := st.RevokeToken(ctx, a.UserID, id, now); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "token.revoke", ObjectType: "api_token", ObjectID: id, Summary: "Revoked API token", RequestID: a.RequestID})
	})
}

// AuthenticateToken resolves a bearer token to its actor. Revoked and
// expired tokens fail. Errors: kit.ErrUnauthenticated.
func (s *Service) AuthenticateToken(ctx context.Context, raw string) (Actor, error) {
	if !strings.HasPrefix(raw, TokenPrefix) {
		return Actor{}, kit.ErrUnauthenticated
	}
	t, err := s.store.TokenByHash(ctx, HashToken(raw))
	if err != nil {
		return Actor{}, kit.ErrUnauthenticated
	}
	now := s.clock.Now()
	if !t.RevokedAt.IsZero() || (!t.ExpiresAt.IsZero() && now.After(t.ExpiresAt)) {
		return Actor{}, kit.ErrUnauthenticated
	}
	u, reports, err := s.store.UserWithReports(ctx, t.UserID)
	if err != nil || !u.Active {
		return Actor{}, kit.ErrUnauthenticated
	}
	if now.Sub(t.LastUsedAt) > time.Minute {
		_ = s.store.TouchToken(ctx, t.ID, now)
	}
	grants, err := s.store.Grants(ctx, u.ID)
	if err != nil {
		return Actor{}, err
	}
	has := reports && u.EmployeeID != 0
	return Actor{UserID: u.ID, Email: u.Email, Name: u.Name, EmployeeID: u.EmployeeID, Grants: grants, HasReports: has, ReportsPay: has && s.reportsPay(ctx),
		TokenID: t.ID, Scopes: t.Scopes, RateLimit: t.RateLimit}, nil
}

// CreateTokenForEmail issues a token for a user by email (the CLI's
// `cadre token create`, run by an operator on the server).
func (s *Service) CreateTokenForEmail(ctx context.Context, email string, req TokenRequest) (string, error) {
	a, err := s.ActorByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	raw, _, err := s.CreateToken(ctx, a, req)
	return raw, err
}
