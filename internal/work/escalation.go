package work

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ApprovalSLABusinessDays is how long a request may wait for a decision
// before it is overdue and escalated to the HR directors.
const ApprovalSLABusinessDays = 3

// DueBy is when a pending approval becomes overdue.
func (a Approval) DueBy(cal rules.BusinessCalendar) date.Date {
	return cal.AddBusinessDays(date.Of(a.CreatedAt), ApprovalSLABusinessDays)
}

// EscalationStore is what escalation needs, inside one transaction.
type EscalationStore interface {
	ApprovalStore
	NotificationStore
	MarkEscalated(ctx context.Context, id int64, at time.Time) error
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
}

// EscalationStoreTx can open its own transaction.
type EscalationStoreTx interface {
	EscalationStore
	InTx(ctx context.Context, fn func(EscalationStore) error) error
}

// EscalateOverdue escalates, once, every pending approval past its SLA:
// it notifies the HR directors over its scope and marks it escalated; from
// then on an HR director may also decide in place of a named approver
// (line manager, skip-level, hiring manager) who has not acted. The
// hourly job runs it; it is idempotent. Returns how many it escalated.
func EscalateOverdue(ctx context.Context, st EscalationStoreTx, cal rules.BusinessCalendar, now time.Time) (int, error) {
	pending, err := st.ListApprovals(ctx, ApprovalFilter{Status: StatusPending, WholeCompany: true, Limit: 500})
	if err != nil {
		return 0, err
	}
	today := date.Of(now)
	n := 0
	for _, ap := range pending {
		if !ap.EscalatedAt.IsZero() || !ap.DueBy(cal).Before(today) {
			continue
		}
		err := st.InTx(ctx, func(st EscalationStore) error {
			if err := st.MarkEscalated(ctx, ap.ID, now); err != nil {
				return err
			}
			directors, err := st.DirectorsFor(ctx, ap.ScopeOrgPath)
			if err != nil {
				return err
			}
			for _, d := range directors {
				if err := Notify(ctx, st, access.System, Notification{UserID: d, Kind: "approval_escalated",
					Title: "Overdue for a decision: " + ap.Title, Body: fmt.Sprintf("Waiting on %s since %s, past the %d-business-day service level.", ap.WaitingOn(), ap.CreatedAt.Format("Jan 2"), ApprovalSLABusinessDays),
					Link: fmt.Sprintf("/approvals/%d", ap.ID)}, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
