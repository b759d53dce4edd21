package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/work"
)

// ApprovalRulesPage shows and edits the approval rules.
type ApprovalRulesPage struct {
	Base
	Rules        work.ApprovalRules
	CanEdit      bool
	SettingsTabs []Tab
}

func (u *UI) approvalRules(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rules, err := u.Work.Rules(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/approvalrules", ApprovalRulesPage{Base: u.base(r, "Approval rules", "Settings"), Rules: rules,
		CanEdit: access.Can(a, access.ApprovalRulesManage, access.CompanyTarget), SettingsTabs: settingsTabs(a, "/settings/approvals")})
	return nil
}

func (u *UI) saveApprovalRules(w http.ResponseWriter, r *http.Request) error {
	err := u.Work.SetRules(r.Context(), actor(r), work.ApprovalRules{InvoluntaryTerminationNeedsDirector: r.PostFormValue("involuntary_director") == "1"}, u.now())
	if err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/approvals", "Saved the approval rules. They apply to new requests.")
}
