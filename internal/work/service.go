package work

import (
	"context"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Service reads approvals for the oversight pages.
type Service struct{ store ApprovalStore }

// NewService builds the work service.
func NewService(st ApprovalStore) *Service { return &Service{store: st} }

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
