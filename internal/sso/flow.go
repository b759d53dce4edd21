package sso

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// discovered is a provider's discovery document, kept for an hour.
type discovered struct {
	provider *oidc.Provider
	at       time.Time
}

// httpClient talks to providers: discovery, keys and the token endpoint.
var httpClient = &http.Client{Timeout: 10 * time.Second}

func (s *Service) discover(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.mu.Lock()
	d, ok := s.discs[issuer]
	s.mu.Unlock()
	if ok && time.Since(d.at) < time.Hour {
		return d.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, httpClient), issuer)
	if err != nil {
		return nil, fmt.Errorf("discovering %s: %w", issuer, err)
	}
	s.mu.Lock()
	s.discs[issuer] = discovered{provider: p, at: time.Now()}
	s.mu.Unlock()
	return p, nil
}

func (s *Service) forget(issuer string) {
	s.mu.Lock()
	delete(s.discs, issuer)
	s.mu.Unlock()
}

func (s *Service) oauthConfig(ctx context.Context, p Provider, redirectURL string) (*oauth2.Config, *oidc.Provider, error) {
	op, err := s.discover(ctx, p.Issuer)
	if err != nil {
		return nil, nil, err
	}
	secret, err := s.sealer.Open(p.Secret)
	if err != nil {
		return nil, nil, fmt.Errorf("provider %s secret: %w", p.Slug, err)
	}
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: string(secret), Endpoint: op.Endpoint(), RedirectURL: redirectURL, Scopes: p.Scopes}, op, nil
}

// ErrSignIn is what a person sees when a provider sign-in fails for a
// reason that is not theirs to fix or that must not reveal details.
var ErrSignIn = &kit.Error{Kind: kit.KindUnauthenticated, Msg: "Single sign-on did not complete; try again, or ask your administrator"}

// Begin starts a sign-in with the provider: it returns the provider's
// authorization URL and the sealed state for the cookie. next is where
// to go after signing in. Errors: KindNotFound (no such enabled
// provider), ErrSignIn (the provider cannot be reached).
func (s *Service) Begin(ctx context.Context, slug, redirectURL, next string) (string, string, error) {
	p, err := s.store.SSOProviderBySlug(ctx, slug)
	if err != nil || !p.Enabled {
		return "", "", kit.NotFound("sign-in provider")
	}
	if p.Protocol == ProtocolSAML {
		// The request is stored; no cookie is needed (the response comes
		// back as a cross-site POST, which carries no Lax cookie).
		base := strings.TrimSuffix(redirectURL, "/sso/"+slug+"/callback")
		if s.PublicBase != "" {
			base = s.PublicBase
		}
		to, err := s.beginSAML(ctx, p, base, next)
		if err != nil {
			return "", "", fmt.Errorf("%w: %v", ErrSignIn, err)
		}
		return to, "", nil
	}
	cfg, _, err := s.oauthConfig(ctx, p, redirectURL)
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrSignIn, err)
	}
	st := state{Provider: p.ID, State: randomString(24), Nonce: randomString(24), Verifier: oauth2.GenerateVerifier(), Next: next, Expires: s.clock.Now().Add(StateTTL)}
	cookie, err := s.sealState(st)
	if err != nil {
		return "", "", err
	}
	return cfg.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), cookie, nil
}

// Result is a finished sign-in.
type Result struct {
	Login access.LoginResult
	Next  string
	How   string // "linked", "email", "jit": how the user was found
}

// claims are the ID token's claims Cadre reads.
type claims struct {
	Subject       string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"` // a bool, or "true" from some providers
	Name          string `json:"name"`
}

func (c claims) verified() bool {
	switch v := c.EmailVerified.(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// Finish completes a sign-in at the callback: the sealed cookie from
// Begin, the state and code (or error) the provider sent back. It
// returns the new session. Errors: ErrSignIn and kit errors whose
// messages are safe to show.
func (s *Service) Finish(ctx context.Context, slug, redirectURL, cookie, gotState, code, providerError, clientIP string) (Result, error) {
	p, err := s.store.SSOProviderBySlug(ctx, slug)
	if err != nil || !p.Enabled || p.Protocol != ProtocolOIDC {
		return Result{}, kit.NotFound("sign-in provider")
	}
	st, err := s.openState(cookie)
	if err != nil || st.Provider != p.ID || gotState == "" || st.State != gotState {
		return Result{}, &kit.Error{Kind: kit.KindUnauthenticated, Msg: "The sign-in could not be matched to this browser (it may have started in another tab or expired); start again"}
	}
	if s.clock.Now().After(st.Expires) {
		return Result{}, &kit.Error{Kind: kit.KindUnauthenticated, Msg: "The sign-in took too long; start again"}
	}
	if providerError != "" {
		return Result{}, &kit.Error{Kind: kit.KindUnauthenticated, Msg: p.Name + " did not sign you in (" + providerError + ")"}
	}
	if code == "" {
		return Result{}, ErrSignIn
	}
	cfg, op, err := s.oauthConfig(ctx, p, redirectURL)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrSignIn, err)
	}
	cctx := oidc.ClientContext(ctx, httpClient)
	tok, err := cfg.Exchange(cctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return Result{}, s.refuse(ctx, p, "", "the code exchange failed: "+err.Error(), clientIP)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Result{}, s.refuse(ctx, p, "", "the provider sent no ID token", clientIP)
	}
	verifier := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: s.clock.Now})
	idt, err := verifier.Verify(cctx, raw)
	if err != nil {
		return Result{}, s.refuse(ctx, p, "", "the ID token did not verify: "+err.Error(), clientIP)
	}
	if idt.Nonce != st.Nonce {
		return Result{}, s.refuse(ctx, p, "", "the ID token's nonce does not match", clientIP)
	}
	var c claims
	if err := idt.Claims(&c); err != nil {
		return Result{}, s.refuse(ctx, p, "", "unreadable claims: "+err.Error(), clientIP)
	}
	// Some providers put the email in userinfo only.
	if c.Email == "" {
		if ui, err := op.UserInfo(cctx, oauth2.StaticTokenSource(tok)); err == nil {
			var uc claims
			if ui.Claims(&uc) == nil && uc.Subject == idt.Subject {
				c.Email, c.EmailVerified = uc.Email, uc.EmailVerified
			}
		}
	}
	c.Subject, c.Email = idt.Subject, strings.ToLower(strings.TrimSpace(c.Email))
	if c.Email == "" || !c.verified() {
		return Result{}, s.refuse(ctx, p, c.Email, "the provider did not vouch for the email (email_verified is not true)",
			clientIP, "Your "+p.Name+" account has no verified email address; ask your administrator")
	}
	if !domainAllowed(p, c.Email) {
		return Result{}, s.refuse(ctx, p, c.Email, "the email's domain is not allowed for this provider", clientIP,
			c.Email+" may not sign in with "+p.Name+" here")
	}
	userID, how, err := s.resolve(ctx, p, c)
	if err != nil {
		return Result{}, err
	}
	res, err := s.sessions(ctx, userID, fmt.Sprintf("Signed in with %s (%s) from %s", p.Name, how, clientIP))
	if err != nil {
		return Result{}, err
	}
	_ = s.store.TouchSSOIdentity(ctx, p.ID, c.Subject, s.clock.Now())
	return Result{Login: res, Next: st.Next, How: how}, nil
}

// NoPassword is the password hash of a user made at a first single
// sign-on: it is not a hash, so no password matches it.
const NoPassword = "!sso"

// domainAllowed: a provider with allowed domains signs in only emails
// of those domains.
func domainAllowed(p Provider, email string) bool {
	if len(p.Domains) == 0 {
		return true
	}
	at := strings.LastIndex(email, "@")
	return at >= 0 && slices.Contains(p.Domains, email[at+1:])
}

// refuse audits a refused sign-in and returns what the person sees (the
// generic message unless one is given).
func (s *Service) refuse(ctx context.Context, p Provider, email, why, clientIP string, shown ...string) error {
	label := "unknown"
	if email != "" {
		label = email
	}
	_ = s.store.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorLabel: label, Action: "auth.sso_refused", ObjectType: "sso_provider", ObjectID: p.ID,
		Summary: "Refused a sign-in with " + p.Name + " from " + clientIP + ": " + why})
	if len(shown) > 0 {
		return &kit.Error{Kind: kit.KindUnauthenticated, Msg: shown[0]}
	}
	return ErrSignIn
}

// resolve finds (and links, or makes) the user a verified identity
// belongs to.
func (s *Service) resolve(ctx context.Context, p Provider, c claims) (int64, string, error) {
	var userID int64
	how := "linked"
	err := s.store.InTx(ctx, func(st Store) error {
		id, err := st.SSOIdentity(ctx, p.ID, c.Subject)
		if err == nil {
			userID = id.UserID
			return nil
		}
		if kit.KindOf(err) != kit.KindNotFound {
			return err
		}
		now := s.clock.Now()
		u, err := st.UserByEmail(ctx, c.Email)
		switch {
		case err == nil:
			if !u.Active {
				return &kit.Error{Kind: kit.KindUnauthenticated, Msg: "Your Cadre account is deactivated; ask your administrator"}
			}
			if u.BreakGlass {
				// The way in when the provider is down is never tied to it.
				return &kit.Error{Kind: kit.KindUnauthenticated, Msg: "This is a break-glass account: it signs in with its password only"}
			}
			userID, how = u.ID, "email"
		case kit.KindOf(err) != kit.KindNotFound:
			return err
		case !p.JIT:
			return &kit.Error{Kind: kit.KindUnauthenticated, Msg: "No Cadre account uses " + c.Email + "; ask HR or your administrator to add you"}
		default:
			empID, name, err := st.JITEmployee(ctx, c.Email)
			if err != nil {
				if kit.KindOf(err) == kit.KindNotFound {
					return &kit.Error{Kind: kit.KindUnauthenticated, Msg: "No Cadre account or active employee uses " + c.Email + "; ask HR to check your work email"}
				}
				return err
			}
			// No password (a marker no password matches): this person signs
			// in with the provider; HR can set one if they need it.
			if userID, err = st.InsertUser(ctx, access.User{Email: c.Email, Name: name, PasswordHash: NoPassword, EmployeeID: empID, Active: true, CreatedAt: now}); err != nil {
				return err
			}
			how = "jit"
			if err := st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: userID, ActorLabel: c.Email, Action: "sso.user_create", ObjectType: "user", ObjectID: userID,
				Summary: fmt.Sprintf("Made a user for employee %d (%s) at their first sign-in with %s", empID, name, p.Name)}); err != nil {
				return err
			}
		}
		if err := st.InsertSSOIdentity(ctx, Identity{ProviderID: p.ID, Subject: c.Subject, UserID: userID, Email: c.Email, LinkedAt: now}); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: userID, ActorLabel: c.Email, Action: "sso.link", ObjectType: "user", ObjectID: userID,
			Summary: fmt.Sprintf("Linked %s account %s (verified email %s)", p.Name, c.Subject, c.Email)})
	})
	if err != nil {
		return 0, "", err
	}
	return userID, how, nil
}
