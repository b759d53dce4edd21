package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/sso"
)

// SSOProviderIn creates or changes a sign-in provider.
type SSOProviderIn struct {
	Protocol     string   `json:"protocol,omitempty" enum:"oidc,saml" doc:"oidc (default) or saml; a provider keeps its protocol"`
	IDPMetadata  string   `json:"idp_metadata,omitempty" doc:"SAML: the identity provider's metadata (XML)"`
	Name         string   `json:"name" required:"true" doc:"On the sign-in button"`
	Slug         string   `json:"slug,omitempty" doc:"In the redirect URI /sso/{slug}/callback; made from the name when empty"`
	Issuer       string   `json:"issuer,omitempty" doc:"OpenID Connect: the issuer URL (https)"`
	ClientID     string   `json:"client_id,omitempty" doc:"OpenID Connect: the client id"`
	ClientSecret string   `json:"client_secret,omitempty" doc:"Required when creating; empty on a change keeps the current one. Never returned."`
	Scopes       []string `json:"scopes,omitempty" doc:"openid and email are always included"`
	Domains      []string `json:"domains,omitempty" doc:"Allowed email domains; empty: any"`
	JIT          bool     `json:"jit,omitempty" doc:"Make a user at first sign-in for the active employee with that work email"`
	Enabled      *bool    `json:"enabled,omitempty" doc:"Default true"`
}

// SSOProviderOut is a provider (never its secret).
type SSOProviderOut struct {
	ID           int64     `json:"id"`
	Protocol     string    `json:"protocol"`
	SAMLMetadata string    `json:"saml_metadata_path,omitempty" doc:"SAML: Cadre's service provider metadata, to give the identity provider"`
	SAMLACS      string    `json:"saml_acs_path,omitempty" doc:"SAML: the assertion consumer service"`
	Name         string    `json:"name"`
	Slug         string    `json:"slug"`
	Issuer       string    `json:"issuer"`
	ClientID     string    `json:"client_id"`
	Scopes       []string  `json:"scopes"`
	Domains      []string  `json:"domains"`
	JIT          bool      `json:"jit"`
	Enabled      bool      `json:"enabled"`
	RedirectPath string    `json:"redirect_path" doc:"Append to Cadre's address for the redirect URI to register at the provider"`
	Linked       int       `json:"linked" doc:"People linked to it"`
	CreatedAt    time.Time `json:"created_at"`
}

// SSOSettingsIn sets the sign-in policy.
type SSOSettingsIn struct {
	SSOOnly    bool    `json:"sso_only" doc:"Passwords stop working except for the break-glass administrators"`
	BreakGlass []int64 `json:"break_glass_user_ids" doc:"Active administrators who keep their password"`
}

// SSOSettingsOut is the sign-in policy.
type SSOSettingsOut struct {
	SSOOnly    bool       `json:"sso_only"`
	BreakGlass []UserLink `json:"break_glass"`
}

// UserLink names a user.
type UserLink struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func ssoProviderOut(p sso.Provider) SSOProviderOut {
	o := SSOProviderOut{ID: p.ID, Protocol: p.Protocol, Name: p.Name, Slug: p.Slug, Issuer: p.Issuer, ClientID: p.ClientID, Scopes: p.Scopes, Domains: p.Domains, JIT: p.JIT, Enabled: p.Enabled,
		RedirectPath: "/sso/" + p.Slug + "/callback", Linked: p.Linked, CreatedAt: p.CreatedAt.UTC()}
	if o.Domains == nil {
		o.Domains = []string{}
	}
	if p.Protocol == sso.ProtocolSAML {
		o.RedirectPath, o.SAMLMetadata, o.SAMLACS = "", "/saml/"+p.Slug+"/metadata", "/saml/"+p.Slug+"/acs"
	}
	return o
}

func ssoSettingsOut(s sso.Settings) SSOSettingsOut {
	out := SSOSettingsOut{SSOOnly: s.SSOOnly, BreakGlass: []UserLink{}}
	for _, u := range s.BreakGlass {
		out.BreakGlass = append(out.BreakGlass, UserLink{ID: u.ID, Email: u.Email, Name: u.Name})
	}
	return out
}

func ssoInput(b SSOProviderIn) sso.Input {
	enabled := b.Enabled == nil || *b.Enabled
	return sso.Input{Protocol: b.Protocol, IDPMetadata: b.IDPMetadata, Name: b.Name, Slug: b.Slug, Issuer: b.Issuer, ClientID: b.ClientID, Secret: b.ClientSecret, Scopes: b.Scopes, Domains: b.Domains, JIT: b.JIT, Enabled: enabled}
}

func (a *API) registerSSO(h huma.API) {
	tag := "Single sign-on"
	perm := access.IntegrationsManage
	huma.Register(h, op("list-sso-providers", http.MethodGet, "/sso/providers", "OpenID Connect sign-in providers", tag, perm), func(ctx context.Context, _ *struct{}) (*body[Page[SSOProviderOut]], error) {
		ps, err := a.SSO.Providers(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[SSOProviderOut]{Items: []SSOProviderOut{}}
		for _, p := range ps {
			out.Items = append(out.Items, ssoProviderOut(p))
		}
		return &body[Page[SSOProviderOut]]{out}, nil
	})
	create := op("create-sso-provider", http.MethodPost, "/sso/providers", "Add a sign-in provider", tag, perm)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[SSOProviderIn]) (*body[SSOProviderOut], error) {
		p, err := a.SSO.Create(ctx, actor(ctx), ssoInput(in.Body))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SSOProviderOut]{ssoProviderOut(p)}, nil
	})
	huma.Register(h, op("get-sso-provider", http.MethodGet, "/sso/providers/{id}", "A sign-in provider", tag, perm), func(ctx context.Context, in *idPath) (*body[SSOProviderOut], error) {
		p, err := a.SSO.Provider(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SSOProviderOut]{ssoProviderOut(p)}, nil
	})
	huma.Register(h, op("update-sso-provider", http.MethodPut, "/sso/providers/{id}", "Change a sign-in provider (an empty client_secret keeps the current one); 409 when disabling the last provider under SSO only", tag, perm), func(ctx context.Context, in *withBody[SSOProviderIn]) (*body[SSOProviderOut], error) {
		p, err := a.SSO.Update(ctx, actor(ctx), in.ID, ssoInput(in.Body))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SSOProviderOut]{ssoProviderOut(p)}, nil
	})
	del := op("delete-sso-provider", http.MethodDelete, "/sso/providers/{id}", "Remove a sign-in provider and its links", tag, perm)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.SSO.Delete(ctx, actor(ctx), in.ID))
	})
	huma.Register(h, op("get-sso-settings", http.MethodGet, "/sso/settings", "The sign-in policy: SSO only, break-glass administrators", tag, perm), func(ctx context.Context, _ *struct{}) (*body[SSOSettingsOut], error) {
		s, err := a.SSO.GetSettings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SSOSettingsOut]{ssoSettingsOut(s)}, nil
	})
	huma.Register(h, op("put-sso-settings", http.MethodPut, "/sso/settings", "Set the sign-in policy; SSO only needs an enabled provider and a break-glass administrator", tag, perm), func(ctx context.Context, in *body[SSOSettingsIn]) (*body[SSOSettingsOut], error) {
		s, err := a.SSO.SetSettings(ctx, actor(ctx), in.Body.SSOOnly, in.Body.BreakGlass)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SSOSettingsOut]{ssoSettingsOut(s)}, nil
	})
}
