package work

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/audit"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// ServiceStore is what the approvals service needs.
type ServiceStore interface {
	ApprovalStore
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	InTx(ctx context.Context, fn func(ServiceStore) error) error
}

// Service reads approvals for the oversight pages and keeps the approval
// rules.
type Service struct{ store ServiceStore }

// NewService builds the work service.
func NewService(st ServiceStore) *Service { return &Service{store: st} }

// ApprovalRules are the configurable approver rules.
type ApprovalRules struct {
	// InvoluntaryTerminationNeedsDirector adds an HR director step after
	// the HR manager's for involuntary terminations.
	InvoluntaryTerminationNeedsDirector bool
}

// RuleInvoluntaryNeedsDirector is the settings key of that rule.
const RuleInvoluntaryNeedsDirector = "approvals.involuntary_termination_needs_director"

// Rules returns the approval rules. Any HR role may read them.
func (s *Service) Rules(ctx context.Context, a access.Actor) (ApprovalRules, error) {
	if err := access.Require(a, access.ApprovalView, access.CompanyTarget); err != nil {
		if err2 := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err2 != nil {
			return ApprovalRules{}, err
		}
	}
	v, err := s.store.Setting(ctx, RuleInvoluntaryNeedsDirector)
	return ApprovalRules{InvoluntaryTerminationNeedsDirector: v == "true"}, err
}

// SetRules changes the approval rules (they apply to new requests).
// Requires work.approvals.configure (HR directors, admins). Errors:
// KindForbidden.
func (s *Service) SetRules(ctx context.Context, a access.Actor, r ApprovalRules, now time.Time) error {
	if err := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err != nil {
		return err
	}
	v := "false"
	if r.InvoluntaryTerminationNeedsDirector {
		v = "true"
	}
	return s.store.InTx(ctx, func(st ServiceStore) error {
		if err := st.SetSetting(ctx, RuleInvoluntaryNeedsDirector, v); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "approvals.rules", ObjectType: "settings",
			Summary: "Involuntary terminations need an HR director: " + v, RequestID: a.RequestID})
	})
}

// List returns approvals with a status ("" for all) in the actor's scope,
// plus the ones the actor requested. Requires work.approvals.view.
// Errors: KindForbidden.
func (s *Service) List(ctx context.Context, a access.Actor, status string) ([]Approval, error) {
	paths, whole := access.ScopePaths(a, access.ApprovalView)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.ApprovalView))
	}
	return s.store.ListApprovals(ctx, ApprovalFilter{Status: status, ScopePaths: paths, WholeCompany: whole})
}

// Get returns one approval in the actor's scope. Errors: KindNotFound
// (also when out of scope).
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Approval, error) {
	ap, err := s.store.GetApproval(ctx, id)
	if err != nil {
		return ap, err
	}
	if !access.Can(a, access.ApprovalView, access.Target{OrgPath: ap.ScopeOrgPath, EmployeeID: -1}) && ap.DecidedBy != a.UserID && ap.RequestedBy != a.UserID {
		return Approval{}, kit.NotFound("approval request")
	}
	return ap, nil
}

// Kind returns an approval's kind so that a decision can be routed to the
// domain that owns it; the domain checks who may decide (including
// delegates). Errors: KindNotFound.
func (s *Service) Kind(ctx context.Context, id int64) (string, error) {
	ap, err := s.store.GetApproval(ctx, id)
	return ap.Kind, err
}
