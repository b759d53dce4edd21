package ui

import (
	"net/http"
	"slices"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/scim"
)

// SCIMPage lists the SCIM clients and adds one.
type SCIMPage struct {
	Base
	Clients  []scim.Client
	Form     Form
	Token    string // just created, shown once
	Base2    string // the SCIM base URL
	Writable []string
}

func (u *UI) scimPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderSCIM(w, r, http.StatusOK, NewForm(nil), "")
}

func (u *UI) renderSCIM(w http.ResponseWriter, r *http.Request, status int, f Form, token string) error {
	cs, err := u.SCIM.Clients(r.Context(), actor(r))
	if err != nil {
		return err
	}
	wr, err := u.SCIM.Writable(r.Context())
	if err != nil {
		return err
	}
	u.render(w, r, status, "admin/scim", SCIMPage{Base: u.base(r, "SCIM provisioning", "SCIM"), Clients: cs, Form: f, Token: token, Base2: u.absolute(r, "/scim/v2"), Writable: wr})
	return nil
}

func (u *UI) createSCIMClient(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	_, tok, err := u.SCIM.CreateClient(r.Context(), actor(r), f.Get("name"), f.Get("can_write") != "")
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderSCIM(w, r, http.StatusUnprocessableEntity, f, "")
	}
	return u.renderSCIM(w, r, http.StatusCreated, NewForm(nil), tok)
}

func (u *UI) revokeSCIMClient(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.SCIM.RevokeClient(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/admin/scim", "Revoked the client's token.")
}

// ProvisioningPage is HR's choice of what SCIM clients may write.
type ProvisioningPage struct {
	Base
	SettingsTabs []Tab
	Attrs        []ScopeChoice
}

func (u *UI) provisioningPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.FieldsDelegate, access.CompanyTarget); err != nil {
		return err
	}
	wr, err := u.SCIM.Writable(r.Context())
	if err != nil {
		return err
	}
	p := ProvisioningPage{Base: u.base(r, "Provisioning", "Settings"), SettingsTabs: settingsTabs(a, "/settings/provisioning")}
	labels := map[string]string{"nickName": "Preferred name (SCIM nickName): people can update it in the company directory or identity provider, and it flows back"}
	for _, x := range scim.Delegable {
		p.Attrs = append(p.Attrs, ScopeChoice{Name: x, Description: labels[x], Checked: slices.Contains(wr, x)})
	}
	u.render(w, r, http.StatusOK, "admin/provisioning", p)
	return nil
}

func (u *UI) saveProvisioning(w http.ResponseWriter, r *http.Request) error {
	if err := u.SCIM.SetWritable(r.Context(), actor(r), r.PostForm["writable"]); err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/provisioning", "Saved what provisioning clients may write.")
}
