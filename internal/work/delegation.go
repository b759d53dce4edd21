package work

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Delegation lets a delegate decide approvals for an approver over a date
// range (both days included), for example during leave.
type Delegation struct {
	ID             int64
	UserID         int64
	UserName       string
	DelegateUserID int64
	DelegateName   string
	StartsOn       date.Date
	EndsOn         date.Date
}

// DelegationStore stores delegations.
type DelegationStore interface {
	AppendAudit(ctx context.Context, e audit.Entry) error
	InsertDelegation(ctx context.Context, d Delegation) (int64, error)
	DeleteDelegation(ctx context.Context, userID, id int64) error
	ListDelegations(ctx context.Context, userID int64) ([]Delegation, error)
	// ActivePrincipals lists the users who delegated to delegate on day.
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	UserActive(ctx context.Context, userID int64) (bool, error)
}

// DelegationStoreTx can open its own transaction.
type DelegationStoreTx interface {
	DelegationStore
	InTx(ctx context.Context, fn func(DelegationStore) error) error
}

// Delegations manages approvers' delegates.
type Delegations struct {
	store DelegationStoreTx
	clock kit.Clock
}

// NewDelegations builds the service.
func NewDelegations(st DelegationStoreTx, clock kit.Clock) *Delegations {
	return &Delegations{store: st, clock: clock}
}

// Delegate names a delegate for a date range. Approvers (line managers,
// HR managers and directors: work.approvals.delegate) may; the delegate must be an active user other than the
// actor, and a delegation back to the actor over the same days (a loop)
// is refused. Errors: KindInvalid, KindForbidden, KindConflict.
func (s *Delegations) Delegate(ctx context.Context, a access.Actor, delegate int64, from, to date.Date) (int64, error) {
	if err := access.Require(a, access.ApprovalDelegate, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	if delegate == 0 || delegate == a.UserID {
		f.Add("delegate_user_id", "Choose someone other than yourself")
	}
	if from.IsZero() {
		f.Add("starts_on", "Enter the first day")
	}
	if to.IsZero() {
		f.Add("ends_on", "Enter the last day")
	} else if !from.IsZero() && to.Before(from) {
		f.Add("ends_on", "Must be on or after the first day")
	} else if !from.IsZero() && from.DaysUntil(to) > 366 {
		f.Add("ends_on", "Delegate for at most a year at a time")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st DelegationStore) error {
		if ok, err := st.UserActive(ctx, delegate); err != nil || !ok {
			return kit.Invalid("delegate_user_id", "Not an active user")
		}
		for day := from; !day.After(to); day = day.AddDays(1) {
			back, err := st.ActivePrincipals(ctx, a.UserID, day)
			if err != nil {
				return err
			}
			for _, p := range back {
				if p == delegate {
					return kit.Conflict("that person has delegated their approvals to you on %s; delegating back would make a loop", day)
				}
			}
		}
		var err error
		if id, err = st.InsertDelegation(ctx, Delegation{UserID: a.UserID, DelegateUserID: delegate, StartsOn: from, EndsOn: to}); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "delegation.create", ObjectType: "delegation", ObjectID: id,
			Summary: fmt.Sprintf("Delegated approvals to user %d from %s to %s", delegate, from, to), RequestID: a.RequestID})
	})
	return id, err
}

// Revoke ends one of the actor's delegations. Errors: KindNotFound.
func (s *Delegations) Revoke(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st DelegationStore) error {
		if err := st.DeleteDelegation(ctx, a.UserID, id); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "delegation.revoke", ObjectType: "delegation", ObjectID: id, Summary: "Revoked a delegation", RequestID: a.RequestID})
	})
}

// List returns the delegations the actor gave or received.
func (s *Delegations) List(ctx context.Context, a access.Actor) ([]Delegation, error) {
	return s.store.ListDelegations(ctx, a.UserID)
}

// Principal finds whom the actor may act for on day with permission p
// over t: the actor themself when they hold it, else an approver who
// delegated to them. ok is false when neither. onBehalfOf is 0 when the
// actor acts for themself.
func Principal(ctx context.Context, st DelegationStore, a access.Actor, p access.Permission, t access.Target, day date.Date) (onBehalfOf int64, ok bool, err error) {
	if access.Can(a, p, t) {
		return 0, true, nil
	}
	ps, err := st.ActivePrincipals(ctx, a.UserID, day)
	if err != nil {
		return 0, false, err
	}
	for _, pid := range ps {
		grants, err := st.Grants(ctx, pid)
		if err != nil {
			return 0, false, err
		}
		if access.Can(access.Actor{UserID: pid, Grants: grants}, p, t) {
			return pid, true, nil
		}
	}
	return 0, false, nil
}

// ActiveFor lists the approvers the actor stands in for on day.
func (s *Delegations) ActiveFor(ctx context.Context, a access.Actor, day date.Date) ([]int64, error) {
	return s.store.ActivePrincipals(ctx, a.UserID, day)
}
