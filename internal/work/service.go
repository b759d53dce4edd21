package work

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ServiceStore is what the approvals service needs.
type ServiceStore interface {
	ApprovalStore
	RouteStore
	SaveApprovalChain(ctx context.Context, kind string, steps []ChainStep, by int64, at time.Time) error
	DeleteApprovalChain(ctx context.Context, kind string) error
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	InTx(ctx context.Context, fn func(ServiceStore) error) error
}

// Service reads approvals for the approvals pages and keeps the approval
// chains.
type Service struct {
	store    ServiceStore
	clock    kit.Clock
	handlers map[string]Handler
}

// Handler is how the domain that owns a kind of request decides and
// withdraws it (the domain checks who may, applies the change and
// audits, in one transaction).
type Handler struct {
	Decide   func(ctx context.Context, a access.Actor, approvalID int64, d Decision) error
	Withdraw func(ctx context.Context, a access.Actor, approvalID int64) error
	// Visible, when set, narrows who sees a request of the kind beyond
	// the scope rule (confidential objects: an ER case's approvals show
	// only to those who may see the case).
	Visible func(ctx context.Context, a access.Actor, ap Approval) bool
}

// visible applies the kind's own visibility rule.
func (s *Service) visible(ctx context.Context, a access.Actor, ap Approval) bool {
	h, ok := s.handlers[ap.Kind]
	return !ok || h.Visible == nil || h.Visible(ctx, a, ap)
}

// Handle registers the handler of a kind of request (the app wires each
// domain's at start-up).
func (s *Service) Handle(kind string, h Handler) {
	if s.handlers == nil {
		s.handlers = map[string]Handler{}
	}
	s.handlers[kind] = h
}

// Decide routes a decision to the domain that owns the request's kind.
// Errors: KindNotFound, and the domain's.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d Decision) error {
	ap, err := s.store.GetApproval(ctx, approvalID)
	if err != nil {
		return err
	}
	h, ok := s.handlers[ap.Kind]
	if !ok || h.Decide == nil {
		return kit.NotFound("approval request")
	}
	return h.Decide(ctx, a, approvalID, d)
}

// Withdraw routes the requester's withdrawal to the owning domain.
// Errors: KindNotFound, KindConflict, and the domain's.
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	ap, err := s.store.GetApproval(ctx, approvalID)
	if err != nil {
		return err
	}
	h, ok := s.handlers[ap.Kind]
	if !ok || h.Withdraw == nil {
		return kit.NotFound("approval request")
	}
	return h.Withdraw(ctx, a, approvalID)
}

// NewService builds the work service.
func NewService(st ServiceStore, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

// Chain is a kind of request with the chain in force.
type Chain struct {
	Kind      KindDef
	Steps     []ChainStep
	IsDefault bool     // no chain was saved; the kind's default applies
	Describe  []string // the chain in words
}

func (s *Service) requireChainsRead(a access.Actor) error {
	if err := access.Require(a, access.ApprovalView, access.CompanyTarget); err != nil {
		if access.Can(a, access.ApprovalRulesManage, access.CompanyTarget) {
			return nil
		}
		return err
	}
	return nil
}

// Chains lists every kind of request with its chain. Any HR role may read
// them. Errors: KindForbidden.
func (s *Service) Chains(ctx context.Context, a access.Actor) ([]Chain, error) {
	if err := s.requireChainsRead(a); err != nil {
		return nil, err
	}
	var out []Chain
	for _, k := range Kinds() {
		c, err := s.chain(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ChainOf returns one kind's chain. Errors: KindForbidden, KindNotFound.
func (s *Service) ChainOf(ctx context.Context, a access.Actor, kind string) (Chain, error) {
	if err := s.requireChainsRead(a); err != nil {
		return Chain{}, err
	}
	k, ok := KindOf(kind)
	if !ok {
		return Chain{}, kit.NotFound("kind of request")
	}
	return s.chain(ctx, k)
}

func (s *Service) chain(ctx context.Context, k KindDef) (Chain, error) {
	steps, found, err := s.store.ApprovalChain(ctx, k.Key)
	if err != nil {
		return Chain{}, err
	}
	if !found {
		steps = k.Default
	}
	if steps == nil {
		steps = []ChainStep{}
	}
	return Chain{Kind: k, Steps: steps, IsDefault: !found, Describe: DescribeChain(k, steps)}, nil
}

// SetChain replaces a kind's chain; it applies to requests made from now
// on (requests in flight keep their route). Requires
// work.approvals.configure. Errors: KindForbidden, KindNotFound,
// KindInvalid (field by field).
func (s *Service) SetChain(ctx context.Context, a access.Actor, kind string, steps []ChainStep) (Chain, error) {
	if err := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err != nil {
		return Chain{}, err
	}
	k, ok := KindOf(kind)
	if !ok {
		return Chain{}, kit.NotFound("kind of request")
	}
	for i := range steps {
		if len(steps[i].Approvers) < 2 {
			steps[i].Any = false
		}
	}
	if err := ValidateChain(k, steps); err != nil {
		return Chain{}, err
	}
	var before Chain
	err := s.store.InTx(ctx, func(st ServiceStore) error {
		var err error
		if before, err = (&Service{store: st}).chain(ctx, k); err != nil {
			return err
		}
		if err := st.SaveApprovalChain(ctx, kind, steps, a.UserID, s.clock.Now()); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "approvals.chain", ObjectType: "approval_chain",
			Summary: k.Label + " approvals: " + strings.Join(DescribeChain(k, steps), "; "), Before: audit.Snapshot(before.Steps), After: audit.Snapshot(steps), RequestID: a.RequestID})
	})
	if err != nil {
		return Chain{}, err
	}
	return Chain{Kind: k, Steps: steps, Describe: DescribeChain(k, steps)}, nil
}

// ResetChain returns a kind to its default chain. Requires
// work.approvals.configure. Errors: KindForbidden, KindNotFound.
func (s *Service) ResetChain(ctx context.Context, a access.Actor, kind string) (Chain, error) {
	if err := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err != nil {
		return Chain{}, err
	}
	k, ok := KindOf(kind)
	if !ok {
		return Chain{}, kit.NotFound("kind of request")
	}
	err := s.store.InTx(ctx, func(st ServiceStore) error {
		if err := st.DeleteApprovalChain(ctx, kind); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "approvals.chain", ObjectType: "approval_chain",
			Summary: k.Label + " approvals back to the default: " + strings.Join(DescribeChain(k, k.Default), "; "), RequestID: a.RequestID})
	})
	if err != nil {
		return Chain{}, err
	}
	return s.chain(ctx, k)
}

// ApprovalRules is the first release's single approval rule, kept for
// the /settings/approvals API: whether involuntary terminations need an
// HR director after the HR manager.
type ApprovalRules struct {
	InvoluntaryTerminationNeedsDirector bool
}

var directorWhenInvoluntary = ChainStep{Approvers: []string{ApproverHRDirector}, When: []Condition{{Fact: "involuntary", Op: "=", Value: 1}}}

func isDirectorWhenInvoluntary(c ChainStep) bool {
	return len(c.Approvers) == 1 && c.Approvers[0] == ApproverHRDirector && len(c.When) == 1 && c.When[0] == directorWhenInvoluntary.When[0]
}

// Rules reads the rule from the termination chain. Any HR role may read
// it. Errors: KindForbidden.
func (s *Service) Rules(ctx context.Context, a access.Actor) (ApprovalRules, error) {
	c, err := s.ChainOf(ctx, a, "termination")
	if err != nil {
		return ApprovalRules{}, err
	}
	for _, st := range c.Steps {
		if isDirectorWhenInvoluntary(st) {
			return ApprovalRules{InvoluntaryTerminationNeedsDirector: true}, nil
		}
	}
	return ApprovalRules{}, nil
}

// SetRules adds or removes the "HR director when involuntary" step of the
// termination chain, leaving its other steps alone. Requires
// work.approvals.configure. Errors: KindForbidden.
func (s *Service) SetRules(ctx context.Context, a access.Actor, r ApprovalRules) error {
	c, err := s.ChainOf(ctx, a, "termination")
	if err != nil {
		return err
	}
	var steps []ChainStep
	for _, st := range c.Steps {
		if !isDirectorWhenInvoluntary(st) {
			steps = append(steps, st)
		}
	}
	if r.InvoluntaryTerminationNeedsDirector {
		steps = append(steps, directorWhenInvoluntary)
	}
	_, err = s.SetChain(ctx, a, "termination", steps)
	return err
}

// List returns the newest 200 approvals the actor may see with a status
// ("" for all): those in the actor's scope, the ones the actor requested,
// and the ones whose current step waits on the actor by name (or on
// someone who delegated to the actor). ListPage reaches the rest. Errors:
// none beyond the store's.
func (s *Service) List(ctx context.Context, a access.Actor, status string) ([]Approval, error) {
	list, _, err := s.ListPage(ctx, a, status, "", 200)
	return list, err
}

// ListPage returns a page of the requests List would show, newest first,
// limit at a time (at most 500): cursor continues after the previous
// page's next cursor, which is empty on the last page. Requests the actor
// may not see are skipped without shortening the page. Errors:
// KindInvalid (a bad cursor).
func (s *Service) ListPage(ctx context.Context, a access.Actor, status, cursor string, limit int) ([]Approval, string, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	f := ApprovalFilter{Status: status, AlsoRequestedBy: a.UserID, AlsoDecidedBy: a.UserID}
	f.ScopePaths, f.WholeCompany = access.ScopePaths(a, access.ApprovalView)
	principals, err := s.store.ActivePrincipals(ctx, a.UserID, date.Of(s.clock.Now()))
	if err != nil {
		return nil, "", err
	}
	f.AlsoAssignedTo = append([]int64{a.UserID}, principals...)
	if cursor != "" {
		parts, err := kit.DecodeCursor(cursor, 2)
		if err != nil {
			return nil, "", err
		}
		at, err1 := time.Parse(time.RFC3339Nano, parts[0])
		id, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, "", kit.Invalid("cursor", "is not a valid cursor")
		}
		f.Before = &ApprovalCursor{CreatedAt: at, ID: id}
	}
	var out []Approval
	for {
		f.Limit = limit + 1
		batch, err := s.store.ListApprovals(ctx, f)
		if err != nil {
			return nil, "", err
		}
		for _, ap := range batch {
			if len(out) > limit {
				break
			}
			if s.visible(ctx, a, ap) {
				out = append(out, ap)
			}
		}
		if len(out) > limit || len(batch) < f.Limit {
			break
		}
		last := batch[len(batch)-1]
		f.Before = &ApprovalCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = kit.EncodeCursor(last.CreatedAt.UTC().Format(time.RFC3339Nano), strconv.FormatInt(last.ID, 10))
	}
	return out, next, nil
}

// Waiting is what a home page shows of the pending requests: the newest
// n others' requests the actor can decide now (or, with all, every
// other's request they may see), whether there are more, and the actor's
// own pending requests. It reads newest first, a batch at a time, and
// stops once it has n+1, so a company with thousands pending costs a
// batch or two rather than a cut at the newest few hundred.
func (s *Service) Waiting(ctx context.Context, a access.Actor, n int, all bool) (others []Approval, more bool, mine []Approval, err error) {
	if mine, err = s.store.ListApprovals(ctx, ApprovalFilter{Status: StatusPending, OnlyRequestedBy: a.UserID, WholeCompany: true, Limit: 200}); err != nil {
		return nil, false, nil, err
	}
	cursor := ""
	for {
		page, next, err := s.ListPage(ctx, a, StatusPending, cursor, 200)
		if err != nil {
			return nil, false, nil, err
		}
		ok := make([]bool, len(page))
		if !all {
			if ok, err = s.Decidable(ctx, a, page); err != nil {
				return nil, false, nil, err
			}
		}
		for i, ap := range page {
			if ap.RequestedBy != a.UserID && (all || ok[i]) {
				if len(others) == n {
					return others, true, mine, nil
				}
				others = append(others, ap)
			}
		}
		if next == "" {
			return others, false, mine, nil
		}
		cursor = next
	}
}

// CanDecide reports whether the actor could decide the request now (for
// the pages: the decision itself checks again).
func (s *Service) CanDecide(ctx context.Context, a access.Actor, ap Approval) (bool, error) {
	ok, err := s.Decidable(ctx, a, []Approval{ap})
	if err != nil {
		return false, err
	}
	return ok[0], nil
}

// Decidable is CanDecide for a list, loading the actor's delegations once.
func (s *Service) Decidable(ctx context.Context, a access.Actor, aps []Approval) ([]bool, error) {
	out := make([]bool, len(aps))
	principals, err := loadPrincipals(ctx, s.store, a, s.clock.Now())
	if err != nil {
		return nil, err
	}
	for i, ap := range aps {
		k, ok := KindOf(ap.Kind)
		if !ok || ap.Status != StatusPending {
			continue
		}
		_, _, err := ap.fillAs(a, principals, k.Decide, access.Target{OrgPath: ap.ScopeOrgPath, EmployeeID: -1})
		out[i] = err == nil
	}
	return out, nil
}

// Get returns one approval in the actor's scope. Errors: KindNotFound
// (also when out of scope).
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Approval, error) {
	ap, err := s.store.GetApproval(ctx, id)
	if err != nil {
		return ap, err
	}
	if !s.visible(ctx, a, ap) {
		return Approval{}, kit.NotFound("approval request")
	}
	if access.Can(a, access.ApprovalView, access.Target{OrgPath: ap.ScopeOrgPath, EmployeeID: -1}) || ap.Involves(a.UserID) {
		return ap, nil
	}
	principals, err := s.store.ActivePrincipals(ctx, a.UserID, date.Of(s.clock.Now()))
	if err != nil {
		return Approval{}, err
	}
	for _, p := range principals {
		if ap.AssignedTo(p) {
			return ap, nil
		}
	}
	return Approval{}, kit.NotFound("approval request")
}

// Kind returns an approval's kind so that a decision can be routed to the
// domain that owns it; the domain checks who may decide (including
// delegates). Errors: KindNotFound.
func (s *Service) Kind(ctx context.Context, id int64) (string, error) {
	ap, err := s.store.GetApproval(ctx, id)
	return ap.Kind, err
}
