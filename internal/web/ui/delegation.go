package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/work"
)

// DelegationPage lists and sets an approver's delegates.
type DelegationPage struct {
	Base
	Items        []work.Delegation
	Form         Form
	Users        []Option
	Me           int64
	SettingsTabs []Tab
}

func (u *UI) renderDelegation(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.ApprovalDelegate, access.CompanyTarget); err != nil {
		return err
	}
	items, err := u.Delegations.List(r.Context(), a)
	if err != nil {
		return err
	}
	users, err := u.Access.ListDelegateCandidates(r.Context(), a)
	if err != nil {
		return err
	}
	p := DelegationPage{Base: u.base(r, "Delegation", "Settings"), Items: items, Form: f, Me: a.UserID, SettingsTabs: settingsTabs(a, "/settings/delegation")}
	for _, us := range users {
		if us.ID != a.UserID {
			p.Users = append(p.Users, Option{Value: itoa(us.ID), Label: us.Name})
		}
	}
	u.render(w, r, status, "admin/delegation", p)
	return nil
}

func (u *UI) delegationPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderDelegation(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) delegate(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	from, to, who := dateOf(f, "starts_on"), dateOf(f, "ends_on"), int64Of(f, "delegate_user_id")
	var err error
	if len(f.Errors) == 0 {
		if _, err = u.Delegations.Delegate(r.Context(), actor(r), who, from, to); err == nil {
			return u.redirect(w, r, "/settings/delegation", "Your delegate can decide your approvals from "+from.String()+" to "+to.String()+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderDelegation(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) revokeDelegation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Delegations.Revoke(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/delegation", "Ended the delegation.")
}
