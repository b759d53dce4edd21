package access

import (
	"context"

	"github.com/cadrehq/cadre/internal/audit"
)

// AuditReader is what reading the audit trail needs from storage.
type AuditReader interface {
	ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
	VerifyAudit(ctx context.Context) (audit.VerifyResult, error)
}

// AuditService reads and verifies the audit trail.
type AuditService struct{ store AuditReader }

// NewAuditService builds the audit reader.
func NewAuditService(st AuditReader) *AuditService { return &AuditService{store: st} }

// List returns entries newest first. Requires audit.view (hr_director,
// admin). Errors: KindForbidden.
func (s *AuditService) List(ctx context.Context, a Actor, f audit.Filter) ([]audit.Entry, error) {
	if err := Require(a, AuditView, CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListAudit(ctx, f)
}

// Verify walks the hash chain and reports the first broken link. Requires
// audit.view. Errors: KindForbidden.
func (s *AuditService) Verify(ctx context.Context, a Actor) (audit.VerifyResult, error) {
	if err := Require(a, AuditView, CompanyTarget); err != nil {
		return audit.VerifyResult{}, err
	}
	return s.store.VerifyAudit(ctx)
}
