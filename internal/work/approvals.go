// Package work is the doing/directing backbone: approval requests that the
// directing roles decide, and (later) tasks and queues for the doing roles.
// Domains create approvals inside their own transaction through
// ApprovalStore, and move their object's state only on the decision.
package work

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Approval statuses.
const (
	StatusPending   = "pending"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusWithdrawn = "withdrawn"
	// StatusChangesRequested: the decider sent the request back; the
	// requester resubmits (back to pending) or withdraws it.
	StatusChangesRequested = "changes_requested"
)

// Approval is a request attached to an object (by type and id).
type Approval struct {
	ID             int64
	Kind           string // e.g. "termination"
	ObjectType     string
	ObjectID       int64
	Title          string
	Summary        string
	Payload        string // JSON the owning domain interprets on decision
	ScopeOrgUnitID int64
	ScopeOrgPath   string
	RequestedBy    int64
	RequesterName  string
	Status         string
	DecidedBy      int64
	DeciderName    string
	DecidedAt      time.Time
	Comment        string
	CreatedAt      time.Time
	Version        int64
	OnBehalfOf     int64
	OnBehalfOfName string
	EscalatedAt    time.Time
	// Step is the current step (1-based) of Steps, the approver kind of
	// each step: "hr_manager" (an HR manager or director over the scope)
	// or "hr_director" (an HR director over the scope).
	Step      int
	Steps     []string
	Decisions []StepDecision
}

// StepDecision is one step's decision.
type StepDecision struct {
	Step        int
	Approver    string
	DecidedBy   int64
	DeciderName string
	OnBehalfOf  int64
	Decision    string
	Comment     string
	At          time.Time
}

// Approver kinds of a step.
const (
	ApproverHRManager  = "hr_manager"
	ApproverHRDirector = "hr_director"
)

// CurrentApprover is the approver kind of the current step.
func (a Approval) CurrentApprover() string {
	if a.Step >= 1 && a.Step <= len(a.Steps) {
		return a.Steps[a.Step-1]
	}
	return ApproverHRManager
}

// Qualifies reports whether authority (a decider, or the approver a
// delegate stands for) may decide a step of this kind over the scope.
func Qualifies(authority access.Actor, approver, scopePath string) bool {
	if approver != ApproverHRDirector {
		return true
	}
	for _, g := range authority.Grants {
		if g.Role == access.RoleDirector && g.Covers(scopePath) {
			return true
		}
	}
	return false
}

// ApprovalFilter narrows a list of approvals.
type ApprovalFilter struct {
	Status     string
	Kind       string
	ObjectType string
	ObjectID   int64
	// ScopePaths limits to approvals whose scope is inside one of these org
	// paths; WholeCompany lifts the limit.
	ScopePaths   []string
	WholeCompany bool
	Limit        int
}

// ApprovalStore is what work needs from the store, inside the caller's
// transaction.
type ApprovalStore interface {
	InsertApproval(ctx context.Context, a Approval) (int64, error)
	GetApproval(ctx context.Context, id int64) (Approval, error)
	// DecideApproval moves a pending approval to status; it returns a
	// conflict error when the approval is no longer pending.
	DecideApproval(ctx context.Context, id int64, status string, by, onBehalfOf int64, comment string, at time.Time) error
	ListApprovals(ctx context.Context, f ApprovalFilter) ([]Approval, error)
	// ReviseApproval replaces a sent-back request's text and payload and
	// makes it pending again (a new version); WithdrawApproval ends it.
	ReviseApproval(ctx context.Context, id int64, title, summary, payload string, at time.Time) error
	WithdrawApproval(ctx context.Context, id int64, at time.Time) error
	// InsertStepDecision keeps a step's decision; AdvanceApproval moves an
	// approved step to the next one (the request stays pending).
	InsertStepDecision(ctx context.Context, approvalID int64, d StepDecision) error
	AdvanceApproval(ctx context.Context, id int64, step int, at time.Time) error
}

// Resubmit puts a sent-back request back in front of the deciders with
// revised content. Only the requester may. Errors: KindNotFound,
// KindConflict (not sent back).
func Resubmit(ctx context.Context, st ApprovalStore, actor access.Actor, id int64, title, summary, payload string, now time.Time) (Approval, error) {
	a, err := st.GetApproval(ctx, id)
	if err != nil || a.RequestedBy != actor.UserID {
		return Approval{}, kit.NotFound("approval request")
	}
	if a.Status != StatusChangesRequested {
		return a, kit.Conflict("only a request sent back for changes can be resubmitted; this one is %s", a.Status)
	}
	if err := st.ReviseApproval(ctx, id, title, summary, payload, now); err != nil {
		return a, err
	}
	return st.GetApproval(ctx, id)
}

// Withdraw ends the actor's own pending or sent-back request. Errors:
// KindNotFound, KindConflict (already decided).
func Withdraw(ctx context.Context, st ApprovalStore, actor access.Actor, id int64, now time.Time) (Approval, error) {
	a, err := st.GetApproval(ctx, id)
	if err != nil || a.RequestedBy != actor.UserID {
		return Approval{}, kit.NotFound("approval request")
	}
	if a.Status != StatusPending && a.Status != StatusChangesRequested {
		return a, kit.Conflict("this request was already %s", a.Status)
	}
	if err := st.WithdrawApproval(ctx, id, now); err != nil {
		return a, err
	}
	a.Status = StatusWithdrawn
	return a, nil
}

// NewRequest records a pending approval for actor.
func NewRequest(ctx context.Context, st ApprovalStore, actor access.Actor, a Approval, now time.Time) (int64, error) {
	a.Status = StatusPending
	if len(a.Steps) == 0 {
		a.Steps = []string{ApproverHRManager}
	}
	a.Step = 1
	a.RequestedBy = actor.UserID
	a.CreatedAt = now
	return st.InsertApproval(ctx, a)
}

// Decision is an approver's answer.
type Decision struct {
	Approve bool
	Comment string
	// Version, when set, must match the request's version: a request
	// resubmitted after the decider opened it is a conflict.
	Version int64
	// OnBehalfOf is the approver a delegate acts for (0 for oneself).
	OnBehalfOf int64
	// SendBack returns the request to the requester for changes instead
	// of approving or rejecting it (a comment is required).
	SendBack bool
	// Authority is whose grants decide the step: the decider, or the
	// approver a delegate stands for.
	Authority access.Actor
}

// Decide records approve or reject on a pending approval. It enforces
// separation of duties: nobody decides their own request, nor a delegate
// a request of the approver they act for. The caller has already checked
// the domain permission (or the delegation) for the approval's kind.
func Decide(ctx context.Context, st ApprovalStore, actor access.Actor, id int64, d Decision, now time.Time) (Approval, error) {
	approve, comment := d.Approve, d.Comment
	a, err := st.GetApproval(ctx, id)
	if err != nil {
		return Approval{}, err
	}
	if a.Status != StatusPending {
		return a, kit.Conflict("this request was already %s", a.Status)
	}
	if d.Version != 0 && d.Version != a.Version {
		return a, kit.Conflict("this request changed since you opened it; reload the page and decide again")
	}
	if a.RequestedBy == actor.UserID || (d.OnBehalfOf != 0 && a.RequestedBy == d.OnBehalfOf) {
		return a, kit.Forbidden("you cannot decide your own request; another HR manager must decide it")
	}
	approver := a.CurrentApprover()
	authority := d.Authority
	if authority.UserID == 0 {
		authority = actor
	}
	if !Qualifies(authority, approver, a.ScopeOrgPath) {
		return a, kit.Forbidden("step %d of this request needs an HR director", a.Step)
	}
	for _, prev := range a.Decisions {
		if prev.At.Before(a.CreatedAt) {
			continue // before a resubmission
		}
		for _, was := range []int64{prev.DecidedBy, prev.OnBehalfOf} {
			if was != 0 && (was == actor.UserID || was == d.OnBehalfOf) {
				return a, kit.Forbidden("you decided an earlier step of this request; someone else decides this one")
			}
		}
	}
	status := StatusRejected
	switch {
	case d.SendBack:
		status = StatusChangesRequested
		if len(comment) == 0 {
			return a, kit.Invalid("comment", "Say what should change")
		}
	case approve:
		status = StatusApproved
	case len(comment) == 0:
		return a, kit.Invalid("comment", "Say why the request is rejected")
	}
	decision := map[string]string{StatusApproved: "approve", StatusRejected: "reject", StatusChangesRequested: "send_back"}[status]
	if err := st.InsertStepDecision(ctx, id, StepDecision{Step: a.Step, Approver: approver, DecidedBy: actor.UserID, OnBehalfOf: d.OnBehalfOf, Decision: decision, Comment: comment, At: now}); err != nil {
		return a, err
	}
	if status == StatusApproved && a.Step < len(a.Steps) {
		if err := st.AdvanceApproval(ctx, id, a.Step+1, now); err != nil {
			return a, err
		}
		a.Step++
		a.Version++
		return a, nil // still pending: the next step's approver decides
	}
	if err := st.DecideApproval(ctx, id, status, actor.UserID, d.OnBehalfOf, comment, now); err != nil {
		return a, err
	}
	a.Status, a.DecidedBy, a.Comment, a.DecidedAt, a.OnBehalfOf = status, actor.UserID, comment, now, d.OnBehalfOf
	return a, nil
}
