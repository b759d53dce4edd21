// Package sso signs people in with OpenID Connect identity providers
// (Okta, Microsoft Entra ID, Google Workspace, Keycloak, ZITADEL…).
//
// The flow is the authorization code flow with PKCE. Begin seals the
// state, nonce and code verifier into a short-lived cookie value;
// Finish checks the state, exchanges the code, verifies the ID token's
// signature, issuer, audience, expiry and nonce (coreos/go-oidc), and
// then finds the Cadre user: by the link made at an earlier sign-in (the
// provider's subject), else by the verified email (and links it), else,
// when the provider allows just-in-time linking, by an active employee's
// work email (a user is made for them, with the employee's own access).
// An unverified email never signs anyone in.
package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
)

// Provider is an OpenID Connect identity provider.
type Provider struct {
	ID        int64
	Protocol  string // ProtocolOIDC or ProtocolSAML
	Slug      string // in the callback URL: /sso/{slug}/callback
	Name      string // on the sign-in button
	Issuer    string
	ClientID  string
	Secret    []byte   // sealed client secret
	Scopes    []string // always with openid and email
	Domains   []string // allowed email domains; empty: any
	JIT       bool     // make a user for an employee signing in the first time
	Enabled   bool
	CreatedAt time.Time
	UpdatedAt time.Time
	Linked    int // people linked (lists only)
	// SAML: the identity provider's metadata (XML), and Cadre's own
	// signing key (sealed PEM) and certificate (PEM) for this provider.
	IDPMetadata string
	SPKey       []byte
	SPCert      string
}

// Protocols.
const (
	ProtocolOIDC = "oidc"
	ProtocolSAML = "saml"
)

// Identity links a provider's account to a Cadre user.
type Identity struct {
	ProviderID  int64
	Subject     string
	UserID      int64
	Email       string
	LinkedAt    time.Time
	LastLoginAt time.Time
}

// Store is what sso needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	SSOProviders(ctx context.Context) ([]Provider, error)
	SSOProvider(ctx context.Context, id int64) (Provider, error)
	SSOProviderBySlug(ctx context.Context, slug string) (Provider, error)
	InsertSSOProvider(ctx context.Context, p Provider) (int64, error)
	UpdateSSOProvider(ctx context.Context, p Provider) error
	DeleteSSOProvider(ctx context.Context, id int64) error
	SSOIdentity(ctx context.Context, providerID int64, subject string) (Identity, error)
	// SAML authentication requests awaiting their response.
	InsertSAMLRequest(ctx context.Context, id string, providerID int64, next string, expires time.Time) error
	// SAMLRequestIDs returns id if it is an open request of the provider
	// (none otherwise).
	SAMLRequestIDs(ctx context.Context, providerID int64, now time.Time, id string) ([]string, error)
	// TakeSAMLRequest deletes a request and returns where to go next
	// (KindNotFound when it was used or never made).
	TakeSAMLRequest(ctx context.Context, id string, providerID int64) (string, error)
	InsertSSOIdentity(ctx context.Context, i Identity) error
	TouchSSOIdentity(ctx context.Context, providerID int64, subject string, at time.Time) error
	UserByEmail(ctx context.Context, email string) (access.User, error)
	InsertUser(ctx context.Context, u access.User) (int64, error)
	// JITEmployee is the active employee whose work email this is and who
	// has no user yet (KindNotFound otherwise).
	JITEmployee(ctx context.Context, email string) (id int64, name string, err error)
	ListUsers(ctx context.Context, q access.UserQuery) ([]access.User, error)
	SetBreakGlass(ctx context.Context, userID int64, on bool) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AppendAudit(ctx context.Context, e audit.Entry) error
}

// Sessions opens a session for a user (access.Service.StartSession).
type Sessions func(ctx context.Context, userID int64, summary string) (access.LoginResult, error)

// Service manages providers and runs sign-ins.
type Service struct {
	store    Store
	clock    kit.Clock
	sealer   *kit.Sealer
	sessions Sessions

	mu    sync.Mutex
	discs map[string]discovered // by issuer
	// PublicBase is Cadre's public address (CADRE_BASE_URL); when set,
	// SAML's entity id and ACS come from it, not from a request's Host.
	PublicBase string
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer, sessions Sessions) *Service {
	return &Service{store: st, clock: clock, sealer: sealer, sessions: sessions, discs: map[string]discovered{}}
}

func (s *Service) require(a access.Actor) error {
	return access.Require(a, access.IntegrationsManage, access.CompanyTarget)
}

// Input is what a provider is made or changed from. An empty Secret on
// a change keeps the current one.
type Input struct {
	Protocol                             string
	IDPMetadata                          string
	Name, Slug, Issuer, ClientID, Secret string
	Scopes, Domains                      []string
	JIT, Enabled                         bool
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
var domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)

func (in *Input) validate(creating bool) error {
	f := kit.FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 60 {
		f.Add("name", "Name the provider as people know it, e.g. Okta (at most 60 characters)")
	}
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if in.Slug == "" {
		in.Slug = kit.Slug(in.Name, '-')
	}
	if !slugRe.MatchString(in.Slug) {
		f.Add("slug", "Use lowercase letters, digits and dashes (it goes in the callback URL)")
	}
	var domains []string
	for _, d := range in.Domains {
		for _, x := range strings.Fields(strings.ReplaceAll(d, ",", " ")) {
			x = strings.ToLower(strings.TrimPrefix(x, "@"))
			if !domainRe.MatchString(x) {
				f.Add("domains", "“"+x+"” is not a domain; write them like example.com, comma-separated")
				continue
			}
			if !slices.Contains(domains, x) {
				domains = append(domains, x)
			}
		}
	}
	in.Domains = domains
	if in.Protocol == "" {
		in.Protocol = ProtocolOIDC
	}
	switch in.Protocol {
	case ProtocolSAML:
		// A SAML IdP's word on an email is taken as is: say which
		// domains it may vouch for.
		if len(in.Domains) == 0 && !f.Has("domains") {
			f.Add("domains", "List the email domains this identity provider may sign people in for, e.g. northwind.example")
		}
		in.IDPMetadata = strings.TrimSpace(in.IDPMetadata)
		if creating || in.IDPMetadata != "" {
			if _, err := parseIDPMetadata(in.IDPMetadata); err != nil {
				f.Add("idp_metadata", err.Error())
			}
		}
		return f.Err()
	case ProtocolOIDC:
	default:
		f.Add("protocol", "Choose oidc or saml")
		return f.Err()
	}
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	if u, err := url.Parse(in.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) || u.RawQuery != "" || u.Fragment != "" {
		f.Add("issuer", "Enter the issuer URL, e.g. https://example.okta.com (https; http only to localhost)")
	}
	in.ClientID = strings.TrimSpace(in.ClientID)
	if in.ClientID == "" || len(in.ClientID) > 200 {
		f.Add("client_id", "Enter the client ID the provider gave Cadre")
	}
	in.Secret = strings.TrimSpace(in.Secret)
	if creating && in.Secret == "" {
		f.Add("client_secret", "Enter the client secret the provider gave Cadre")
	}
	if len(in.Secret) > 500 {
		f.Add("client_secret", "Use at most 500 characters")
	}
	scopes := []string{"openid", "email"}
	for _, sc := range in.Scopes {
		for _, x := range strings.Fields(strings.ReplaceAll(sc, ",", " ")) {
			if !slices.Contains(scopes, x) {
				scopes = append(scopes, x)
			}
		}
	}
	in.Scopes = scopes
	return f.Err()
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

func (s *Service) audit(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id, Summary: summary, RequestID: a.RequestID})
}

// Providers lists every provider (for the admin).
func (s *Service) Providers(ctx context.Context, a access.Actor) ([]Provider, error) {
	if err := s.require(a); err != nil {
		return nil, err
	}
	return s.store.SSOProviders(ctx)
}

// Provider returns one provider (for the admin). Errors: KindNotFound.
func (s *Service) Provider(ctx context.Context, a access.Actor, id int64) (Provider, error) {
	if err := s.require(a); err != nil {
		return Provider{}, err
	}
	return s.store.SSOProvider(ctx, id)
}

// SignInOptions lists the enabled providers for the sign-in page (no
// actor: it is public) and whether passwords are for break-glass
// accounts only.
func (s *Service) SignInOptions(ctx context.Context) ([]Provider, bool, error) {
	ps, err := s.store.SSOProviders(ctx)
	if err != nil {
		return nil, false, err
	}
	var out []Provider
	for _, p := range ps {
		if p.Enabled {
			out = append(out, Provider{Slug: p.Slug, Name: p.Name})
		}
	}
	v, err := s.store.Setting(ctx, access.KeySSOOnly)
	return out, v == "true" && len(out) > 0, err
}

// Create adds a provider. Errors: KindInvalid (slug taken too).
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Provider, error) {
	if err := s.require(a); err != nil {
		return Provider{}, err
	}
	if err := in.validate(true); err != nil {
		return Provider{}, err
	}
	sealed, err := s.sealer.Seal([]byte(in.Secret))
	if err != nil {
		return Provider{}, err
	}
	if sealed == nil {
		sealed = []byte{} // SAML has no client secret
	}
	now := s.clock.Now()
	p := Provider{Protocol: in.Protocol, Slug: in.Slug, Name: in.Name, Issuer: in.Issuer, ClientID: in.ClientID, Secret: sealed, Scopes: in.Scopes, Domains: in.Domains, JIT: in.JIT, Enabled: in.Enabled, CreatedAt: now, UpdatedAt: now,
		IDPMetadata: in.IDPMetadata}
	if p.Protocol == ProtocolSAML {
		keyPEM, certPEM, err := newSPKey(in.Slug, now)
		if err != nil {
			return Provider{}, err
		}
		if p.SPKey, err = s.sealer.Seal(keyPEM); err != nil {
			return Provider{}, err
		}
		p.SPCert = string(certPEM)
		md, _ := parseIDPMetadata(in.IDPMetadata)
		p.Issuer = md.EntityID
	}
	err = s.store.InTx(ctx, func(st Store) error {
		if _, err := st.SSOProviderBySlug(ctx, p.Slug); err == nil {
			return kit.Invalid("slug", "Another provider uses "+p.Slug)
		}
		var err error
		if p.ID, err = st.InsertSSOProvider(ctx, p); err != nil {
			return err
		}
		return s.audit(ctx, st, a, "sso.provider_create", "sso_provider", p.ID, fmt.Sprintf("Added sign-in provider %s (%s, client %s, just-in-time %t, enabled %t)", p.Name, p.Issuer, p.ClientID, p.JIT, p.Enabled))
	})
	return p, err
}

// Update changes a provider; an empty secret keeps the current one.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Provider, error) {
	if err := s.require(a); err != nil {
		return Provider{}, err
	}
	var p Provider
	err := s.store.InTx(ctx, func(st Store) error {
		cur, err := st.SSOProvider(ctx, id)
		if err != nil {
			return err
		}
		in.Protocol = cur.Protocol // a provider keeps its protocol
		if err := in.validate(false); err != nil {
			return err
		}
		p = cur
		if p.Protocol == ProtocolSAML {
			if in.IDPMetadata != "" {
				p.IDPMetadata = in.IDPMetadata
				md, _ := parseIDPMetadata(in.IDPMetadata)
				in.Issuer = md.EntityID
			} else {
				in.Issuer = p.Issuer
			}
			in.ClientID = p.ClientID
		}
		if other, err := st.SSOProviderBySlug(ctx, in.Slug); err == nil && other.ID != id {
			return kit.Invalid("slug", "Another provider uses "+in.Slug)
		}
		secretNote := ""
		if in.Secret != "" {
			if p.Secret, err = s.sealer.Seal([]byte(in.Secret)); err != nil {
				return err
			}
			secretNote = ", new client secret"
		}
		p.Slug, p.Name, p.Issuer, p.ClientID, p.Scopes, p.Domains, p.JIT, p.Enabled, p.UpdatedAt = in.Slug, in.Name, in.Issuer, in.ClientID, in.Scopes, in.Domains, in.JIT, in.Enabled, s.clock.Now()
		if err := st.UpdateSSOProvider(ctx, p); err != nil {
			return err
		}
		if !p.Enabled {
			if err := s.checkSSOOnly(ctx, st, true); err != nil {
				return err
			}
		}
		return s.audit(ctx, st, a, "sso.provider_update", "sso_provider", id, fmt.Sprintf("Changed sign-in provider %s (%s, client %s, just-in-time %t, enabled %t%s)", p.Name, p.Issuer, p.ClientID, p.JIT, p.Enabled, secretNote))
	})
	s.forget(p.Issuer)
	return p, err
}

// Delete removes a provider and its links.
func (s *Service) Delete(ctx context.Context, a access.Actor, id int64) error {
	if err := s.require(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		p, err := st.SSOProvider(ctx, id)
		if err != nil {
			return err
		}
		if err := st.DeleteSSOProvider(ctx, id); err != nil {
			return err
		}
		if err := s.checkSSOOnly(ctx, st, true); err != nil {
			return err
		}
		return s.audit(ctx, st, a, "sso.provider_delete", "sso_provider", id, "Removed sign-in provider "+p.Name)
	})
}

// Settings is the company's sign-in policy.
type Settings struct {
	SSOOnly    bool
	BreakGlass []access.User // active administrators who keep their password
	Admins     []access.User // active administrators (candidates for break-glass)
}

// GetSettings returns the sign-in policy.
func (s *Service) GetSettings(ctx context.Context, a access.Actor) (Settings, error) {
	if err := s.require(a); err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, s.store)
}

func (s *Service) settings(ctx context.Context, st Store) (Settings, error) {
	var out Settings
	v, err := st.Setting(ctx, access.KeySSOOnly)
	if err != nil {
		return out, err
	}
	out.SSOOnly = v == "true"
	users, err := st.ListUsers(ctx, access.UserQuery{Roles: []access.Role{access.RoleAdmin}, ActiveOnly: true})
	if err != nil {
		return out, err
	}
	for _, u := range users {
		out.Admins = append(out.Admins, u)
		if u.BreakGlass {
			out.BreakGlass = append(out.BreakGlass, u)
		}
	}
	return out, nil
}

// SetSettings turns SSO-only on or off and names the break-glass
// administrators (user ids; only active administrators qualify). SSO
// only needs an enabled provider and a break-glass administrator, so
// nobody is locked out. Errors: KindInvalid.
func (s *Service) SetSettings(ctx context.Context, a access.Actor, ssoOnly bool, breakGlass []int64) (Settings, error) {
	if err := s.require(a); err != nil {
		return Settings{}, err
	}
	var out Settings
	err := s.store.InTx(ctx, func(st Store) error {
		cur, err := s.settings(ctx, st)
		if err != nil {
			return err
		}
		var names []string
		for _, id := range breakGlass {
			if !slices.ContainsFunc(cur.Admins, func(u access.User) bool { return u.ID == id }) {
				return kit.Invalid("break_glass", fmt.Sprintf("User %d is not an active administrator", id))
			}
		}
		for _, u := range cur.Admins {
			on := slices.Contains(breakGlass, u.ID)
			if on != u.BreakGlass {
				if err := st.SetBreakGlass(ctx, u.ID, on); err != nil {
					return err
				}
			}
			if on {
				names = append(names, u.Email)
			}
		}
		v := "false"
		if ssoOnly {
			v = "true"
		}
		if err := st.SetSetting(ctx, access.KeySSOOnly, v); err != nil {
			return err
		}
		if err := s.checkSSOOnly(ctx, st, false); err != nil {
			return err
		}
		if out, err = s.settings(ctx, st); err != nil {
			return err
		}
		return s.audit(ctx, st, a, "sso.settings", "setting", 0, fmt.Sprintf("Single sign-on only: %t; break-glass administrators: %s", ssoOnly, strings.Join(append([]string{}, names...), ", ")))
	})
	return out, err
}

// checkSSOOnly refuses a state where SSO-only would lock people out: no
// enabled provider, or no break-glass administrator. provider says the
// change was to providers (the error then names the provider).
func (s *Service) checkSSOOnly(ctx context.Context, st Store, provider bool) error {
	v, err := st.Setting(ctx, access.KeySSOOnly)
	if err != nil || v != "true" {
		return err
	}
	ps, err := st.SSOProviders(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(ps, func(p Provider) bool { return p.Enabled }) {
		if provider {
			return kit.Conflict("single sign-on only is on and this is the last enabled provider; turn SSO only off first")
		}
		return kit.Invalid("sso_only", "Enable a sign-in provider first: with none, nobody could sign in")
	}
	cur, err := s.settings(ctx, st)
	if err != nil {
		return err
	}
	if len(cur.BreakGlass) == 0 {
		return kit.Invalid("break_glass", "Name at least one break-glass administrator, who keeps a password in case the provider is down")
	}
	return nil
}

// randomString is URL-safe randomness for state, nonce and verifier.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// state travels sealed in a cookie between Begin and Finish.
type state struct {
	Provider int64     `json:"p"`
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"x"`
	Expires  time.Time `json:"e"`
}

// StateTTL is how long a sign-in may take at the provider.
const StateTTL = 10 * time.Minute

func (s *Service) sealState(st state) (string, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	sealed, err := s.sealer.Seal(b)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

func (s *Service) openState(v string) (state, error) {
	var st state
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return st, err
	}
	b, err := s.sealer.Open(raw)
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(b, &st)
}
