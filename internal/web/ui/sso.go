package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/sso"
)

// SSOPage lists the sign-in providers, adds one and sets the sign-in
// policy.
type SSOPage struct {
	Base
	Providers []sso.Provider
	Form      Form // a new provider
	Settings  sso.Settings
	Policy    Form
	Callback  string // the redirect URI to register, with {slug}
	SAMLBase  string // the SAML endpoints' base, with {slug}
	Protocols []Option
}

func protocolOptions() []Option {
	return []Option{{Value: "oidc", Label: "OpenID Connect"}, {Value: "saml", Label: "SAML 2.0"}}
}

func (u *UI) ssoPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderSSO(w, r, http.StatusOK, NewForm(url.Values{"enabled": {"on"}, "scopes": {"openid email profile"}, "protocol": {"oidc"}}), Form{})
}

func (u *UI) renderSSO(w http.ResponseWriter, r *http.Request, status int, f, policy Form) error {
	a := actor(r)
	ps, err := u.SSO.Providers(r.Context(), a)
	if err != nil {
		return err
	}
	st, err := u.SSO.GetSettings(r.Context(), a)
	if err != nil {
		return err
	}
	if policy.Values == nil {
		policy = NewForm(url.Values{})
		if st.SSOOnly {
			policy.Values.Set("sso_only", "on")
		}
		for _, b := range st.BreakGlass {
			policy.Values.Add("break_glass", strconv.FormatInt(b.ID, 10))
		}
	}
	u.render(w, r, status, "admin/sso", SSOPage{Base: u.base(r, "Single sign-on", "Single sign-on"), Providers: ps, Form: f, Settings: st, Policy: policy,
		Callback: u.absolute(r, "/sso/"), SAMLBase: u.absolute(r, "/saml/"), Protocols: protocolOptions()})
	return nil
}

func providerInput(f Form) sso.Input {
	return sso.Input{Protocol: f.Get("protocol"), IDPMetadata: f.Get("idp_metadata"), Name: f.Get("name"), Slug: f.Get("slug"), Issuer: f.Get("issuer"), ClientID: f.Get("client_id"), Secret: f.Get("client_secret"),
		Scopes: []string{f.Get("scopes")}, Domains: []string{f.Get("domains")}, JIT: f.Get("jit") != "", Enabled: f.Get("enabled") != ""}
}

func (u *UI) createSSOProvider(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	if _, err := u.SSO.Create(r.Context(), actor(r), providerInput(f)); err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		f.Values.Del("client_secret")
		return u.renderSSO(w, r, http.StatusUnprocessableEntity, f, Form{})
	}
	return u.redirect(w, r, "/admin/sso", "Added the provider. Register the redirect URI shown with it at the provider, then try signing in.")
}

func (u *UI) saveSSOPolicy(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	var ids []int64
	for _, v := range f.Values["break_glass"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return kit.Invalid("break_glass", "Choose administrators from the list")
		}
		ids = append(ids, id)
	}
	if _, err := u.SSO.SetSettings(r.Context(), actor(r), f.Get("sso_only") != "", ids); err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderSSO(w, r, http.StatusUnprocessableEntity, NewForm(url.Values{"enabled": {"on"}, "scopes": {"openid email profile"}}), f)
	}
	return u.redirect(w, r, "/admin/sso", "Saved the sign-in policy.")
}

// SSOProviderPage edits one provider.
type SSOProviderPage struct {
	Base
	Provider  sso.Provider
	Form      Form
	Callback  string
	SAMLBase  string
	Protocols []Option
}

func (u *UI) ssoProviderPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderSSOProvider(w, r, http.StatusOK, id, Form{})
}

func (u *UI) renderSSOProvider(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) error {
	p, err := u.SSO.Provider(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f = NewForm(url.Values{"protocol": {p.Protocol}, "name": {p.Name}, "slug": {p.Slug}, "issuer": {p.Issuer}, "client_id": {p.ClientID}, "scopes": {strings.Join(p.Scopes, " ")}, "domains": {strings.Join(p.Domains, ", ")}})
		if p.JIT {
			f.Values.Set("jit", "on")
		}
		if p.Enabled {
			f.Values.Set("enabled", "on")
		}
	}
	u.render(w, r, status, "admin/sso_provider", SSOProviderPage{Base: u.base(r, p.Name, "Single sign-on"), Provider: p, Form: f, Callback: u.absolute(r, "/sso/"+p.Slug+"/callback"),
		SAMLBase: u.absolute(r, "/saml/"+p.Slug), Protocols: protocolOptions()})
	return nil
}

func (u *UI) updateSSOProvider(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	if _, err := u.SSO.Update(r.Context(), actor(r), id, providerInput(f)); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/admin/sso/"+strconv.FormatInt(id, 10), kit.MessageOf(err))
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		f.Values.Del("client_secret")
		return u.renderSSOProvider(w, r, http.StatusUnprocessableEntity, id, f)
	}
	return u.redirect(w, r, "/admin/sso", "Saved the provider.")
}

func (u *UI) deleteSSOProvider(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.SSO.Delete(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/admin/sso/"+strconv.FormatInt(id, 10), kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/admin/sso", "Removed the provider; people linked to it sign in another way.")
}

// checkedID says whether id is among the form's values of name.
func checkedID(f Form, name string, id int64) bool {
	return slices.Contains(f.Values[name], strconv.FormatInt(id, 10))
}
