package people

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

// employeeRequest is how one kind of request about an employee is
// decided: which permission fills its HR role slots, the audit action
// prefix, and what an approval applies.
type employeeRequest struct {
	kind, what string
	perm       access.Permission
	prefix     string // audit actions: prefix_step, prefix_send_back, prefix_reject
	// apply makes the approved change inside the decision's transaction;
	// it returns the audit action and the recorded state.
	apply func(ctx context.Context, s *Service, st Store, ap work.Approval) (string, any, error)
}

// decideRequest records a decision on a request about an employee: a
// step (others still decide), a send-back, a rejection, or the final
// approval that applies the change, each audited (on behalf of the
// principal when a delegate decides) and notified.
func (s *Service) decideRequest(ctx context.Context, a access.Actor, approvalID int64, d work.Decision, r employeeRequest) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil {
			return err
		}
		if ap.Kind != r.kind {
			return kit.NotFound(r.what)
		}
		t, err := s.target(ctx, st, ap.ObjectID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		comment := cleanText(f, "comment", d.Comment, false, 2000)
		if err := f.Err(); err != nil {
			return err
		}
		d.Comment = comment
		ap, err = work.Decide(ctx, st, a, approvalID, d, r.perm, t, s.clock.Now())
		if err != nil {
			return err
		}
		last := ap.Decisions[len(ap.Decisions)-1]
		rec := func(action, summary string, after any) error {
			e := audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), OnBehalfOf: last.OnBehalfOf, Action: action,
				ObjectType: "employee", ObjectID: ap.ObjectID, Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID}
			if last.OnBehalfOf != 0 {
				e.Summary += fmt.Sprintf(" (on behalf of user %d)", last.OnBehalfOf)
			}
			return st.AppendAudit(ctx, e)
		}
		note := map[string]any{"comment": comment}
		switch {
		case ap.Status == work.StatusPending && last.Step == ap.Step:
			// One slot of a parallel step; the others still decide.
			return rec(r.prefix+"_step", fmt.Sprintf("Approved step %d of %d (waiting on %s): %s", ap.Step, len(ap.Steps), ap.WaitingOn(), ap.Title), note)
		case ap.Status == work.StatusPending:
			if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: "+ap.Title,
				fmt.Sprintf("%s approved step %d; step %d is yours to decide.", a.Name, ap.Step-1, ap.Step), s.clock.Now()); err != nil {
				return err
			}
			return rec(r.prefix+"_step", fmt.Sprintf("Approved step %d of %d: %s", ap.Step-1, len(ap.Steps), ap.Title), note)
		case d.SendBack:
			if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_sent_back", Title: "Changes requested: " + ap.Title,
				Body: comment, Link: fmt.Sprintf("/approvals?status=changes_requested#a%d", ap.ID)}, s.clock.Now()); err != nil {
				return err
			}
			return rec(r.prefix+"_send_back", "Sent back for changes: "+ap.Title, note)
		}
		verdict := "Rejected"
		if d.Approve {
			verdict = "Approved"
		}
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_decided", Title: verdict + ": " + ap.Title,
			Body: comment, Link: fmt.Sprintf("/people/%d", ap.ObjectID)}, s.clock.Now()); err != nil {
			return err
		}
		if !d.Approve {
			return rec(r.prefix+"_reject", "Rejected: "+ap.Title, note)
		}
		action, after, err := r.apply(ctx, s, st, ap)
		if err != nil {
			return err
		}
		return rec(action, "Approved: "+ap.Title, after)
	})
}

// withdrawRequest ends the actor's own pending or sent-back request.
func (s *Service) withdrawRequest(ctx context.Context, a access.Actor, approvalID int64, r employeeRequest) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != r.kind {
			return kit.NotFound(r.what)
		}
		if ap, err = work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, r.prefix+"_withdraw", "employee", ap.ObjectID, "Withdrew: "+ap.Title, nil, nil)
	})
}

// WithdrawRequest ends the actor's own pending or sent-back request of
// any people kind (termination, pay change). Errors: KindNotFound,
// KindConflict.
func (s *Service) WithdrawRequest(ctx context.Context, a access.Actor, approvalID int64) error {
	ap, err := s.store.GetApproval(ctx, approvalID)
	if err != nil {
		return err
	}
	switch ap.Kind {
	case terminationRequest.kind:
		return s.withdrawRequest(ctx, a, approvalID, terminationRequest)
	case payChangeRequest.kind:
		return s.withdrawRequest(ctx, a, approvalID, payChangeRequest)
	}
	return kit.NotFound("request")
}

// DecideRequest decides a request of any people kind. Errors: as
// DecideTermination.
func (s *Service) DecideRequest(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	ap, err := s.store.GetApproval(ctx, approvalID)
	if err != nil {
		return err
	}
	switch ap.Kind {
	case terminationRequest.kind:
		return s.decideRequest(ctx, a, approvalID, d, terminationRequest)
	case payChangeRequest.kind:
		return s.decideRequest(ctx, a, approvalID, d, payChangeRequest)
	}
	return kit.NotFound("request")
}
