package relations

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// ---- closure and legal hold ----

// Close closes a case with its resolution. An escalated case closes only
// once its findings are approved and its outcome decided. Requires
// working the case. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) Close(ctx context.Context, a access.Actor, id int64, resolution string) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		resolution = clean(f, "resolution", resolution, true, maxBody)
		if err := f.Err(); err != nil {
			return err
		}
		c := v.c
		if c.Escalated && c.FindingsStatus != StepApproved {
			return kit.Conflict("case %s is escalated: its findings need an HR manager's approval before it closes", c.Number())
		}
		if c.OutcomeStatus == StepPending {
			return kit.Conflict("the outcome of case %s is waiting for an HR manager's decision", c.Number())
		}
		if c.Escalated && c.OutcomeStatus != StepApproved {
			return kit.Conflict("case %s is escalated: record its outcome and have it decided before closing", c.Number())
		}
		c.Status, c.Resolution, c.ClosedAt, c.ClosedOn = StatusClosed, resolution, s.now(), s.today()
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		if c.ReporterUserID != 0 {
			if err := work.Notify(ctx, st, a, work.Notification{UserID: c.ReporterUserID, Kind: "er_reply", Title: "Your concern " + c.Number() + " is closed",
				Link: fmt.Sprintf("/me/concerns/%d", id)}, s.now()); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "er_case.close", "er_case", id, "Closed case "+c.Number(), map[string]any{"closed_on": c.ClosedOn.String(), "outcome": c.Outcome.Kind})
	})
}

// Reopen reopens a closed case. Requires relations.cases.assign. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) Reopen(ctx context.Context, a access.Actor, id int64, reason string) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseAssign, v.target()); err != nil {
			return err
		}
		if v.c.Open() {
			return kit.Conflict("case %s is open", v.c.Number())
		}
		f := kit.FieldErrors{}
		reason = clean(f, "reason", reason, true, 2000)
		if err := f.Err(); err != nil {
			return err
		}
		c := v.c
		c.Status, c.ClosedAt, c.ClosedOn = StatusOpen, time.Time{}, date.Date{}
		if c.FindingsStatus == StepApproved || c.PlanStatus == StepApproved {
			c.Status = StatusInvestigating
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		body, err := s.seal("Reopened: " + reason)
		if err != nil {
			return err
		}
		if _, err := st.InsertEntry(ctx, SealedEntry{Entry: Entry{CaseID: id, Kind: "note", OccurredOn: s.today(), CreatedBy: a.UserID, CreatedAt: s.now()}, BodyS: body}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.reopen", "er_case", id, "Reopened case "+c.Number(), nil)
	})
}

// SetHold places or releases a legal hold: while held, nothing in the
// case can be removed and its people's records cannot be deleted or
// purged by retention. Requires relations.cases.hold. Errors:
// KindInvalid, KindForbidden, KindNotFound.
func (s *Service) SetHold(ctx context.Context, a access.Actor, id int64, on bool, reason string) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseHold, v.target()); err != nil {
			return err
		}
		f := kit.FieldErrors{}
		reason = clean(f, "reason", reason, on, 500)
		if err := f.Err(); err != nil {
			return err
		}
		c := v.c
		c.Hold, c.HoldReason, c.HoldAt = on, reason, s.now()
		if !on {
			c.HoldReason = ""
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		what := "Released the legal hold on case "
		if on {
			what = "Placed a legal hold on case "
		}
		return s.record(ctx, st, a, "er_case.hold", "er_case", id, what+c.Number(), map[string]any{"hold": on, "reason": reason})
	})
}

// HeldEmployees lists employees who are parties to a case on legal hold
// (their records must not be deleted or purged). No permission: the
// people and retention code ask it.
func (s *Service) HeldEmployees(ctx context.Context) (map[int64]bool, error) {
	return s.heldEmployees(ctx, s.store)
}

func (s *Service) heldEmployees(ctx context.Context, st Store) (map[int64]bool, error) {
	rows, err := st.ListCases(ctx, CaseFilter{Hold: true}, Visibility{Whole: true, DirectorWhole: true})
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, r := range rows {
		ps, err := st.ListParties(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.EmployeeID != 0 {
				out[p.EmployeeID] = true
			}
		}
	}
	return out, nil
}
