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
	"github.com/cadrehq/cadre/internal/kit/date"
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
	// Step is the current step (1-based) of Steps, the route found from
	// the kind's approval chain when the request was made.
	Step      int
	Steps     []Step
	Decisions []StepDecision
}

// StepDecision is one approver's decision on a step. Approver is the
// slot's token ("hr_manager", "line_manager=42").
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

// CurrentStep is the step being decided (a zero Step when out of range).
func (a Approval) CurrentStep() Step {
	if a.Step >= 1 && a.Step <= len(a.Steps) {
		return a.Steps[a.Step-1]
	}
	return Step{}
}

// round is the decisions since the request was last sent back.
func (a Approval) round() []StepDecision {
	start := 0
	for i, d := range a.Decisions {
		if d.Decision == "send_back" {
			start = i + 1
		}
	}
	return a.Decisions[start:]
}

// OpenSlots are the current step's slots that have not approved yet
// (empty when an any-one step has an approval).
func (a Approval) OpenSlots() []Slot {
	step := a.CurrentStep()
	done := map[string]int{}
	for _, d := range a.round() {
		if d.Step == a.Step && d.Decision == "approve" {
			done[d.Approver]++
		}
	}
	if step.Any && len(done) > 0 {
		return nil
	}
	var open []Slot
	for _, s := range step.Slots {
		if done[s.Token()] > 0 {
			done[s.Token()]--
			continue
		}
		open = append(open, s)
	}
	return open
}

// WaitingOn describes who the request waits on now.
func (a Approval) WaitingOn() string {
	open := a.OpenSlots()
	if a.Status != StatusPending || len(open) == 0 {
		return ""
	}
	st := a.CurrentStep()
	return Step{Slots: open, Any: st.Any}.Label()
}

// AssignedTo reports whether a person slot of the current step waits on
// one of these users.
func (a Approval) AssignedTo(users ...int64) bool {
	for _, s := range a.OpenSlots() {
		for _, u := range users {
			if s.UserID != 0 && s.UserID == u {
				return true
			}
		}
	}
	return false
}

// Involves reports whether a user requested the request, is named in
// one of its steps, or decided a step of it (for themself or for another).
func (a Approval) Involves(user int64) bool {
	if user == 0 {
		return false
	}
	if a.RequestedBy == user || a.DecidedBy == user || a.OnBehalfOf == user {
		return true
	}
	for _, st := range a.Steps {
		for _, sl := range st.Slots {
			if sl.UserID == user {
				return true
			}
		}
	}
	for _, d := range a.Decisions {
		if d.DecidedBy == user || d.OnBehalfOf == user {
			return true
		}
	}
	return false
}

// qualifies reports whether authority may fill a slot: the named person;
// for a role slot, someone holding the kind's decide permission over the
// object (an HR director's grant for an HR director slot); and, once the
// request is escalated, an HR director over the scope for a person slot.
func (a Approval) qualifies(authority access.Actor, s Slot, perm access.Permission, t access.Target) bool {
	if s.UserID != 0 {
		return authority.UserID == s.UserID || !a.EscalatedAt.IsZero() && isDirectorOver(authority, a.ScopeOrgPath) && access.Can(authority, perm, t)
	}
	if !access.Can(authority, perm, t) {
		return false
	}
	return s.Approver != ApproverHRDirector || isDirectorOver(authority, a.ScopeOrgPath)
}

func isDirectorOver(a access.Actor, path string) bool {
	for _, g := range a.Grants {
		if g.Role == access.RoleDirector && g.Covers(path) {
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
	// AlsoRequestedBy and AlsoAssignedTo add, beyond the scope, requests
	// this user made and requests whose current step waits on one of
	// these users by name.
	AlsoRequestedBy int64
	AlsoDecidedBy   int64
	AlsoAssignedTo  []int64
	Limit           int
	// Before continues the newest-first listing after this request
	// (keyset paging).
	Before *ApprovalCursor
	// OnlyRequestedBy keeps only this user's own requests.
	OnlyRequestedBy int64
}

// ApprovalCursor is where a newest-first page of requests ended.
type ApprovalCursor struct {
	CreatedAt time.Time
	ID        int64
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
	ReviseApproval(ctx context.Context, id int64, title, summary, payload string, steps []Step, at time.Time) error
	WithdrawApproval(ctx context.Context, id int64, at time.Time) error
	// InsertStepDecision keeps a step's decision; AdvanceApproval moves an
	// approved step to the next one (the request stays pending).
	InsertStepDecision(ctx context.Context, approvalID int64, d StepDecision) error
	AdvanceApproval(ctx context.Context, id int64, step int, at time.Time) error
}

// Resubmit puts a sent-back request back in front of the deciders with
// revised content, routed again (steps: the route for the revised
// content). Only the requester may. Errors: KindNotFound,
// KindConflict (not sent back).
func Resubmit(ctx context.Context, st ApprovalStore, actor access.Actor, id int64, title, summary, payload string, steps []Step, now time.Time) (Approval, error) {
	a, err := st.GetApproval(ctx, id)
	if err != nil || a.RequestedBy != actor.UserID {
		return Approval{}, kit.NotFound("approval request")
	}
	if a.Status != StatusChangesRequested {
		return a, kit.Conflict("only a request sent back for changes can be resubmitted; this one is %s", a.Status)
	}
	if len(steps) == 0 {
		steps = StepsOf(ApproverHRManager)
	}
	if err := st.ReviseApproval(ctx, id, title, summary, payload, steps, now); err != nil {
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

// NewRequest records a pending approval for actor. Without steps it is
// one HR manager step.
func NewRequest(ctx context.Context, st ApprovalStore, actor access.Actor, a Approval, now time.Time) (int64, error) {
	a.Status = StatusPending
	if len(a.Steps) == 0 {
		a.Steps = StepsOf(ApproverHRManager)
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
	// SendBack returns the request to the requester for changes instead
	// of approving or rejecting it (a comment is required).
	SendBack bool
}

// DecideStore is what a decision needs, inside the caller's transaction.
type DecideStore interface {
	ApprovalStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
}

// Decide records a decision on a pending request. The actor fills an open
// slot of the current step: as the named person, as a holder of perm (the
// kind's decide permission) over t for a role slot, or as the delegate of
// someone who could (the decision records on whose behalf). Separation
// of duties: nobody decides their own request, a delegate does not decide
// for its requester, and nobody fills two slots of one request. Approving
// the last open slot of a step (any one slot of an any-one step) moves to
// the next step, or approves the request after the last; a rejection ends
// it; a send-back returns it to the requester. The returned approval's
// last decision is this one. Errors: KindNotFound (not visible to the
// actor), KindForbidden, KindConflict (decided, or a stale version),
// KindInvalid (a rejection or send-back needs a comment).
func Decide(ctx context.Context, st DecideStore, actor access.Actor, id int64, d Decision, perm access.Permission, t access.Target, now time.Time) (Approval, error) {
	a, err := st.GetApproval(ctx, id)
	if err != nil {
		return Approval{}, err
	}
	slot, onBehalf, err := a.fill(ctx, st, actor, perm, t, now)
	if err != nil {
		return a, err
	}
	if d.Version != 0 && d.Version != a.Version {
		return a, kit.Conflict("this request changed since you opened it; reload the page and decide again")
	}
	status := StatusRejected
	switch {
	case d.SendBack:
		status = StatusChangesRequested
		if len(d.Comment) == 0 {
			return a, kit.Invalid("comment", "Say what should change")
		}
	case d.Approve:
		status = StatusApproved
	case len(d.Comment) == 0:
		return a, kit.Invalid("comment", "Say why the request is rejected")
	}
	decision := map[string]string{StatusApproved: "approve", StatusRejected: "reject", StatusChangesRequested: "send_back"}[status]
	sd := StepDecision{Step: a.Step, Approver: slot.Token(), DecidedBy: actor.UserID, DeciderName: actor.Name, OnBehalfOf: onBehalf, Decision: decision, Comment: d.Comment, At: now}
	if err := st.InsertStepDecision(ctx, id, sd); err != nil {
		return a, err
	}
	a.Decisions = append(a.Decisions, sd)
	if status == StatusApproved && len(a.OpenSlots()) > 0 {
		return a, nil // others in this step still approve
	}
	if status == StatusApproved && a.Step < len(a.Steps) {
		if err := st.AdvanceApproval(ctx, id, a.Step+1, now); err != nil {
			return a, err
		}
		a.Step++
		a.Version++
		a.EscalatedAt = time.Time{}
		return a, nil // still pending: the next step's approvers decide
	}
	if err := st.DecideApproval(ctx, id, status, actor.UserID, onBehalf, d.Comment, now); err != nil {
		return a, err
	}
	a.Status, a.DecidedBy, a.Comment, a.DecidedAt, a.OnBehalfOf = status, actor.UserID, d.Comment, now, onBehalf
	return a, nil
}

// fill finds the open slot the actor fills, and on whose behalf.
func (a Approval) fill(ctx context.Context, st DecideStore, actor access.Actor, perm access.Permission, t access.Target, now time.Time) (Slot, int64, error) {
	principals, err := loadPrincipals(ctx, st, actor, now)
	if err != nil {
		return Slot{}, 0, err
	}
	return a.fillAs(actor, principals, perm, t)
}

// loadPrincipals returns the approvers who delegated to the actor today,
// with their grants.
func loadPrincipals(ctx context.Context, st DecideStore, actor access.Actor, now time.Time) ([]access.Actor, error) {
	ids, err := st.ActivePrincipals(ctx, actor.UserID, date.Of(now))
	if err != nil {
		return nil, err
	}
	principals := make([]access.Actor, 0, len(ids))
	for _, p := range ids {
		grants, err := st.Grants(ctx, p)
		if err != nil {
			return nil, err
		}
		principals = append(principals, access.Actor{UserID: p, Grants: grants})
	}
	return principals, nil
}

// fillAs is fill with the principals already loaded.
func (a Approval) fillAs(actor access.Actor, principals []access.Actor, perm access.Permission, t access.Target) (Slot, int64, error) {
	scope := access.Target{OrgPath: a.ScopeOrgPath, EmployeeID: -1}
	visible := func(x access.Actor) bool {
		return a.Involves(x.UserID) || access.Can(x, access.ApprovalView, scope) || access.Can(x, perm, t)
	}
	seen := visible(actor)
	for _, p := range principals {
		seen = seen || visible(p)
	}
	if !seen {
		return Slot{}, 0, kit.NotFound("approval request") // do not reveal it exists
	}
	if a.Status != StatusPending {
		return Slot{}, 0, kit.Conflict("this request was already %s", statusWord(a.Status))
	}
	if a.RequestedBy == actor.UserID {
		return Slot{}, 0, kit.Forbidden("you cannot decide your own request; someone else must decide it")
	}
	decided := map[int64]bool{}
	for _, d := range a.round() {
		decided[d.DecidedBy], decided[d.OnBehalfOf] = true, true
	}
	if decided[actor.UserID] {
		return Slot{}, 0, kit.Forbidden("you already decided on this request; someone else decides this step")
	}
	open := a.OpenSlots()
	// Deciding as the named person needs work.approvals.decide_named,
	// also when standing in for them as a delegate.
	named := access.Can(actor, access.ApprovalDecideNamed, access.CompanyTarget)
	for _, s := range open {
		if (s.UserID != actor.UserID || named) && a.qualifies(actor, s, perm, t) {
			return s, 0, nil
		}
	}
	for _, p := range principals {
		if p.UserID == a.RequestedBy || decided[p.UserID] {
			continue
		}
		for _, s := range open {
			if (s.UserID != p.UserID || named) && a.qualifies(p, s, perm, t) {
				return s, p.UserID, nil
			}
		}
	}
	return Slot{}, 0, kit.Forbidden("step %d of this request waits on %s", a.Step, a.WaitingOn())
}

func statusWord(status string) string {
	if status == StatusChangesRequested {
		return "sent back for changes"
	}
	return status
}
