package people

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// JobChangeInput is an effective-dated transfer, promotion, manager or
// location change. Zero IDs keep the current value.
type JobChangeInput struct {
	EffectiveFrom  date.Date
	Reason         string
	OrgUnitID      int64
	LocationID     int64
	JobID          int64
	ManagerID      *int64 // nil keeps; 0 clears (top of the org)
	EmploymentType string
	WeeklyHours    int
	Note           string
	Invalid        kit.FieldErrors // parse failures from the caller
}

// currentPeriod returns the newest employment period.
func currentPeriod(ctx context.Context, st Store, id int64) (EmploymentPeriod, error) {
	ps, err := st.ListPeriods(ctx, id)
	if err != nil {
		return EmploymentPeriod{}, err
	}
	if len(ps) == 0 {
		return EmploymentPeriod{}, kit.NotFound("employment period")
	}
	return ps[0], nil
}

func checkEffective(f kit.FieldErrors, field string, d date.Date, p EmploymentPeriod) {
	requireDate(f, field, d)
	if d.IsZero() {
		return
	}
	if d.Before(p.Start) {
		f.Add(field, "Cannot be before the start of employment ("+p.Start.String()+")")
	}
	if !p.End.IsZero() && d.After(p.End) {
		f.Add(field, "Cannot be after the last day of employment ("+p.End.String()+")")
	}
}

// ChangeJob records an effective-dated assignment change. Requires
// people.job.change over the employee and, for a transfer, over the
// destination org unit. Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) ChangeJob(ctx context.Context, a access.Actor, id int64, in JobChangeInput) (int64, error) {
	var rowID int64
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.EmployeeJobChange, id); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		p, err := currentPeriod(ctx, st, id)
		if err != nil {
			return err
		}
		f := startErrors(in.Invalid)
		checkEffective(f, "effective_from", in.EffectiveFrom, p)
		in.Reason = oneOf(f, "reason", in.Reason, JobChangeReasons)
		in.Note = cleanText(f, "note", in.Note, false, 1000)
		base, err := st.AssignmentAsOf(ctx, id, in.EffectiveFrom)
		if err != nil || in.EffectiveFrom.IsZero() {
			base = Assignment{OrgUnitID: e.OrgUnitID, LocationID: e.LocationID, JobID: e.JobID, ManagerID: e.ManagerID, EmploymentType: e.EmploymentType, WeeklyHours: e.WeeklyHours}
		}
		next := base
		next.ID, next.EmployeeID, next.EffectiveFrom, next.Reason, next.Note = 0, id, in.EffectiveFrom, in.Reason, in.Note
		if in.OrgUnitID != 0 {
			next.OrgUnitID = in.OrgUnitID
		}
		if in.LocationID != 0 {
			next.LocationID = in.LocationID
		}
		if in.JobID != 0 {
			next.JobID = in.JobID
		}
		if in.ManagerID != nil {
			next.ManagerID = *in.ManagerID
		}
		if in.EmploymentType != "" {
			next.EmploymentType = in.EmploymentType
		}
		if in.WeeklyHours != 0 {
			next.WeeklyHours = in.WeeklyHours
		}
		s.validatePlacement(ctx, st, f, id, next.OrgUnitID, next.LocationID, next.JobID, next.ManagerID, &next.EmploymentType, &next.WeeklyHours)
		if next.OrgUnitID == base.OrgUnitID && next.LocationID == base.LocationID && next.JobID == base.JobID &&
			next.ManagerID == base.ManagerID && next.EmploymentType == base.EmploymentType && next.WeeklyHours == base.WeeklyHours && len(f) == 0 {
			f.Add("job_id", "Nothing changes: choose a new job, department, location, manager or schedule")
		}
		// A change payroll sees (org unit, location, job, schedule) dated
		// in an exported pay period is a correction; a change of manager
		// only is not a payroll change.
		payrollChange := next.OrgUnitID != base.OrgUnitID || next.LocationID != base.LocationID || next.JobID != base.JobID ||
			next.EmploymentType != base.EmploymentType || next.WeeklyHours != base.WeeklyHours
		if payrollChange {
			if err := checkPayrollLock(ctx, st, f, "effective_from", in.EffectiveFrom, in.Reason); err != nil {
				return err
			}
		}
		if next.OrgUnitID != base.OrgUnitID && !f.Has("org_unit_id") {
			if err := s.requireOrg(ctx, st, a, access.EmployeeJobChange, next.OrgUnitID); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		next.CreatedBy, next.CreatedAt = a.UserID, s.clock.Now()
		if rowID, err = st.InsertAssignment(ctx, next); err != nil {
			return err
		}
		if err := s.refreshCurrent(ctx, st, id); err != nil {
			return err
		}
		e.JobID = next.JobID
		if err := st.SetSearchTokens(ctx, id, s.searchTokens(ctx, st, e)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.job_change", "employee", id,
			fmt.Sprintf("%s for %s effective %s", label(in.Reason), e.Name(), in.EffectiveFrom), assignmentSnapshot(base), assignmentSnapshot(next))
	})
	return rowID, err
}

func assignmentSnapshot(a Assignment) map[string]any {
	return map[string]any{"org_unit_id": a.OrgUnitID, "location_id": a.LocationID, "job_id": a.JobID, "manager_id": a.ManagerID, "employment_type": a.EmploymentType, "weekly_hours": a.WeeklyHours}
}

// PayChangeInput is an effective-dated pay change.
type PayChangeInput struct {
	EffectiveFrom date.Date
	Pay           Pay
	Reason        string
	Note          string
	Invalid       kit.FieldErrors // parse failures from the caller
}

// PayChangeResult says what became of a pay change: applied at once (a
// pay record), or waiting for approval (an approval request) because the
// pay-change approval chain routes it.
type PayChangeResult struct {
	RecordID   int64
	ApprovalID int64
}

// ChangePay records an effective-dated pay change, or, when the pay-change
// approval chain applies to it (for example above a percentage, or outside
// the job's pay grade), requests it for approval; the change applies when
// the last approver approves. Requires people.pay.change over the
// employee. Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict
// (a pay change for the employee is already waiting for approval).
func (s *Service) ChangePay(ctx context.Context, a access.Actor, id int64, in PayChangeInput) (PayChangeResult, error) {
	var res PayChangeResult
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.EmployeePayChange, id); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		before, err := s.checkPayChange(ctx, st, id, &in)
		if err != nil {
			return err
		}
		pending, err := st.ListApprovals(ctx, work.ApprovalFilter{Status: work.StatusPending, Kind: "pay_change", ObjectType: "employee", ObjectID: id, WholeCompany: true})
		if err != nil {
			return err
		}
		sentBack, err := st.ListApprovals(ctx, work.ApprovalFilter{Status: work.StatusChangesRequested, Kind: "pay_change", ObjectType: "employee", ObjectID: id, WholeCompany: true})
		if err != nil {
			return err
		}
		if len(pending)+len(sentBack) > 0 {
			return kit.Conflict("a pay change for %s is already waiting for approval; decide or withdraw it first", e.Name())
		}
		facts, err := s.payFacts(ctx, st, e, before.Pay, in.Pay)
		if err != nil {
			return err
		}
		steps, err := work.Route(ctx, st, "pay_change", work.Subject{EmployeeID: id}, facts, a.UserID)
		if err != nil {
			return err
		}
		if len(steps) == 0 {
			res.RecordID, err = s.applyPayChange(ctx, st, a, e, in)
			return err
		}
		in.Invalid = nil
		payload, _ := json.Marshal(in)
		ap := work.Approval{Steps: steps, Kind: "pay_change", ObjectType: "employee", ObjectID: id, Title: "Pay change for " + e.Name(),
			Summary: paySummary(in, before.Pay, facts), Payload: string(payload), ScopeOrgUnitID: e.OrgUnitID, ScopeOrgPath: e.OrgPath, Step: 1, RequestedBy: a.UserID}
		if res.ApprovalID, err = work.NewRequest(ctx, st, a, ap, s.clock.Now()); err != nil {
			return err
		}
		ap.ID = res.ApprovalID
		if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: pay change for "+e.Name(), a.Name+" requested it, effective "+in.EffectiveFrom.String()+".", s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.pay_change_request", "employee", id, "Requested approval: "+ap.Title+" ("+ap.Summary+")",
			map[string]any{"amount_cents": before.Pay.AmountCents, "per": before.Pay.Per, "currency": before.Pay.Currency},
			map[string]any{"amount_cents": in.Pay.AmountCents, "per": in.Pay.Per, "currency": in.Pay.Currency})
	})
	return res, err
}

// checkPayChange validates a pay change against the employee's record
// and returns the pay in force on its effective date.
func (s *Service) checkPayChange(ctx context.Context, st Store, id int64, in *PayChangeInput) (PayRecord, error) {
	p, err := currentPeriod(ctx, st, id)
	if err != nil {
		return PayRecord{}, err
	}
	f := startErrors(in.Invalid)
	checkEffective(f, "effective_from", in.EffectiveFrom, p)
	in.Reason = oneOf(f, "reason", in.Reason, PayChangeReasons)
	in.Note = cleanText(f, "note", in.Note, false, 1000)
	validatePay(f, &in.Pay)
	if err := checkPayrollLock(ctx, st, f, "effective_from", in.EffectiveFrom, in.Reason); err != nil {
		return PayRecord{}, err
	}
	if !f.Has("effective_from") {
		asg, err := st.AssignmentAsOf(ctx, id, in.EffectiveFrom)
		if err == nil {
			if err := checkMinimumWage(ctx, st, f, in.Pay, asg.WeeklyHours); err != nil {
				return PayRecord{}, err
			}
			if err := checkGradeCurrency(ctx, st, f, asg.JobID, in.Pay); err != nil {
				return PayRecord{}, err
			}
		}
	}
	if err := f.Err(); err != nil {
		return PayRecord{}, err
	}
	before, _ := st.PayAsOf(ctx, id, in.EffectiveFrom)
	if before.Pay == in.Pay {
		return before, kit.Invalid("pay.amount_cents", "The new pay is the same as the pay in force on that date")
	}
	if before.EffectiveFrom.Equal(in.EffectiveFrom) && in.Reason != "correction" {
		return before, kit.Invalid("effective_from", "Another pay record takes effect on "+in.EffectiveFrom.String()+"; choose another date, or the reason Correction to replace it")
	}
	return before, nil
}

// ApplyMeritTx records a merit increase approved through a merit cycle,
// inside the cycle's transaction: checked like any pay change (within
// the employment, the minimum wage, the grade's currency, no other pay
// record that day, the payroll lock) but not routed again. No permission
// check: the cycle's approvals are the authority.
func (s *Service) ApplyMeritTx(ctx context.Context, st Store, a access.Actor, id int64, on date.Date, pay Pay, note string) (int64, error) {
	in := PayChangeInput{EffectiveFrom: on, Pay: pay, Reason: "merit", Note: note}
	if _, err := s.checkPayChange(ctx, st, id, &in); err != nil {
		return 0, err
	}
	e, err := st.GetEmployee(ctx, id)
	if err != nil {
		return 0, err
	}
	return s.applyPayChange(ctx, st, a, e, in)
}

// applyPayChange records the pay change (no permission check: callers do).
func (s *Service) applyPayChange(ctx context.Context, st Store, a access.Actor, e Employee, in PayChangeInput) (int64, error) {
	before, _ := st.PayAsOf(ctx, e.ID, in.EffectiveFrom)
	rowID, err := st.InsertPayRecord(ctx, PayRecord{EmployeeID: e.ID, EffectiveFrom: in.EffectiveFrom, Pay: in.Pay, Reason: in.Reason, Note: in.Note, CreatedBy: a.UserID, CreatedAt: s.clock.Now()})
	if err != nil {
		return 0, err
	}
	if err := s.refreshCurrent(ctx, st, e.ID); err != nil {
		return 0, err
	}
	return rowID, s.record(ctx, st, a, "employee.pay_change", "employee", e.ID,
		fmt.Sprintf("Pay change (%s) for %s effective %s", label(in.Reason), e.Name(), in.EffectiveFrom),
		map[string]any{"amount_cents": before.Pay.AmountCents, "per": before.Pay.Per, "currency": before.Pay.Currency},
		map[string]any{"amount_cents": in.Pay.AmountCents, "per": in.Pay.Per, "currency": in.Pay.Currency})
}

// payFacts are what a pay-change chain can test: the change in annual
// pay as a percentage and an amount, and whether the new pay is outside
// the job's pay grade.
func (s *Service) payFacts(ctx context.Context, st Store, e Employee, before, after Pay) (work.Facts, error) {
	from, to := before.AnnualCents(), after.AnnualCents()
	pct := 100.0
	if from > 0 {
		pct = math.Round(float64(to-from)*10000/float64(from)) / 100
	}
	f := work.Facts{"change_pct": pct, "annual_change": float64(to-from) / 100, "new_annual_pay": float64(to) / 100}
	j, err := st.GetJob(ctx, e.JobID)
	if err != nil {
		return nil, err
	}
	if j.PayGradeID != 0 {
		g, err := st.GetPayGrade(ctx, j.PayGradeID)
		if err != nil {
			return nil, err
		}
		if g.Currency == "" || g.Currency == after.Currency {
			_, bp, err := st.PayZoneOf(ctx, e.LocationID)
			if err != nil {
				return nil, err
			}
			_, _, pos := CompaRatio(FTEAnnualCents(after, e.WeeklyHours), g.Zoned(bp))
			f["outside_band"] = work.Bool(pos != "in_range")
		}
	}
	return f, nil
}

func paySummary(in PayChangeInput, before Pay, f work.Facts) string {
	s := fmt.Sprintf("%s: %s → %s (%+.1f%%), effective %s", label(in.Reason), payText(before), payText(in.Pay), f["change_pct"], in.EffectiveFrom)
	if f["outside_band"] == 1 {
		s += "; outside the pay grade"
	}
	return s
}

func payText(p Pay) string {
	if p.AmountCents == 0 {
		return "none"
	}
	cur := p.Currency
	if cur == "" {
		cur = "USD"
	}
	return cur + " " + kit.FormatCents(p.AmountCents) + "/" + p.Per
}

var payChangeRequest = employeeRequest{kind: "pay_change", what: "pay change request", perm: access.PayChangeDecide, prefix: "employee.pay_change",
	apply: func(ctx context.Context, s *Service, st Store, ap work.Approval) (string, any, error) {
		var in PayChangeInput
		if err := json.Unmarshal([]byte(ap.Payload), &in); err != nil {
			return "", nil, fmt.Errorf("pay change payload: %w", err)
		}
		e, err := st.GetEmployee(ctx, ap.ObjectID)
		if err != nil {
			return "", nil, err
		}
		if _, err := s.checkPayChange(ctx, st, e.ID, &in); err != nil {
			return "", nil, kit.Conflict("the pay change no longer fits the employee's record (%s); send it back or reject it", kit.MessageOf(err))
		}
		requester := access.Actor{UserID: ap.RequestedBy, Name: ap.RequesterName}
		if _, err := s.applyPayChange(ctx, st, requester, e, in); err != nil {
			return "", nil, err
		}
		return "employee.pay_change_approved", map[string]any{"amount_cents": in.Pay.AmountCents, "per": in.Pay.Per, "currency": in.Pay.Currency, "effective_from": in.EffectiveFrom}, nil
	}}

// DecidePayChange records a decision on a pay change waiting for
// approval. The actor fills an open slot of the current step (an HR role
// slot needs people.pay.decide over the employee). Errors: as
// DecideTermination.
func (s *Service) DecidePayChange(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.decideRequest(ctx, a, approvalID, d, payChangeRequest)
}

// ResubmitPayChange revises a pay change that an approver sent back; it is
// routed again. Only the requester may. Errors: KindInvalid,
// KindNotFound, KindConflict.
func (s *Service) ResubmitPayChange(ctx context.Context, a access.Actor, approvalID int64, in PayChangeInput) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "pay_change" || ap.RequestedBy != a.UserID {
			return kit.NotFound("pay change request")
		}
		e, err := st.GetEmployee(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		before, err := s.checkPayChange(ctx, st, e.ID, &in)
		if err != nil {
			return err
		}
		facts, err := s.payFacts(ctx, st, e, before.Pay, in.Pay)
		if err != nil {
			return err
		}
		steps, err := work.Route(ctx, st, "pay_change", work.Subject{EmployeeID: e.ID}, facts, a.UserID)
		if err != nil {
			return err
		}
		in.Invalid = nil
		payload, _ := json.Marshal(in)
		ap, err = work.Resubmit(ctx, st, a, approvalID, "Pay change for "+e.Name(), paySummary(in, before.Pay, facts), string(payload), steps, s.clock.Now())
		if err != nil {
			return err
		}
		if err := work.NotifyApprovers(ctx, st, a, ap, "Resubmitted for a decision: pay change for "+e.Name(), a.Name+" revised the request.", s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.pay_change_resubmit", "employee", e.ID, "Resubmitted: "+ap.Title+" ("+ap.Summary+")", nil, nil)
	})
}

// TerminationInput requests a termination.
type TerminationInput = Termination

// RequestTermination records a termination request that an HR manager
// decides (separation of duties: never the requester). Requires
// people.termination.request over the employee. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (already terminated or a
// request is pending).
func (s *Service) RequestTermination(ctx context.Context, a access.Actor, id int64, in TerminationInput) (int64, error) {
	var apID int64
	err := s.inTx(ctx, func(st Store) error {
		var err error
		apID, err = s.requestTermination(ctx, st, a, id, in)
		return err
	})
	return apID, err
}

// RequestTerminationTx is RequestTermination inside the caller's
// transaction (st is the people store bound to it): an ER outcome decided
// as a termination files the request atomically with the decision.
// Permissions and errors are as RequestTermination.
func (s *Service) RequestTerminationTx(ctx context.Context, st Store, a access.Actor, id int64, in TerminationInput) (int64, error) {
	return s.requestTermination(ctx, st, a, id, in)
}

func (s *Service) requestTermination(ctx context.Context, st Store, a access.Actor, id int64, in TerminationInput) (int64, error) {
	var apID int64
	err := func() error {
		if err := s.require(ctx, st, a, access.TerminationRequest, id); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		p, err := currentPeriod(ctx, st, id)
		if err != nil {
			return err
		}
		if !p.End.IsZero() {
			return kit.Conflict("%s already has a last day (%s)", e.Name(), p.End)
		}
		pending, err := st.ListApprovals(ctx, work.ApprovalFilter{Status: work.StatusPending, Kind: "termination", ObjectType: "employee", ObjectID: id, WholeCompany: true})
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			return kit.Conflict("a termination request for %s is already waiting for a decision", e.Name())
		}
		if err := validateTermination(&in, p); err != nil {
			return err
		}
		payload, _ := json.Marshal(in)
		kind := in.kind()
		steps, err := work.Route(ctx, st, "termination", work.Subject{EmployeeID: id}, terminationFacts(in, p, in.LastDay), a.UserID)
		if err != nil {
			return err
		}
		ap := work.Approval{
			Steps: steps, Kind: "termination", ObjectType: "employee", ObjectID: id,
			Title:   "Terminate " + e.Name(),
			Summary: fmt.Sprintf("%s termination (%s), last day %s", label(kind), label(in.Reason), in.LastDay),
			Payload: string(payload), ScopeOrgUnitID: e.OrgUnitID, ScopeOrgPath: e.OrgPath, Step: 1, RequestedBy: a.UserID,
		}
		if apID, err = work.NewRequest(ctx, st, a, ap, s.clock.Now()); err != nil {
			return err
		}
		ap.ID = apID
		if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: terminate "+e.Name(),
			a.Name+" requested it; last day "+in.LastDay.String()+".", s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.termination_request", "employee", id, "Requested termination of "+e.Name()+", last day "+in.LastDay.String(), nil, in)
	}()
	return apID, err
}

// DecideTermination approves or rejects a pending termination request. On
// approval the employment period ends on the last day. Requires
// people.termination.decide over the employee and never the requester.
// Errors: KindForbidden, KindNotFound, KindConflict (already decided),
// KindInvalid (a rejection needs a comment).
func (s *Service) DecideTermination(ctx context.Context, a access.Actor, approvalID int64, approve bool, comment string) error {
	return s.DecideTerminationVersion(ctx, a, approvalID, approve, comment, 0)
}

// DecideTerminationVersion is DecideTermination with the request version
// the decider saw (0 skips the check): a request changed since is a
// conflict. A delegate of an HR manager decides on their behalf, and the
// audit trail says so. Errors: as DecideTermination, and KindConflict for
// a stale version.
func (s *Service) DecideTerminationVersion(ctx context.Context, a access.Actor, approvalID int64, approve bool, comment string, version int64) error {
	return s.DecideTerminationAs(ctx, a, approvalID, work.Decision{Approve: approve, Comment: comment, Version: version})
}

// DecideTerminationAs records a decision (approve, reject or send back
// for changes) on a termination request. Permissions and errors are as
// DecideTermination; a send-back needs a comment.
func (s *Service) DecideTerminationAs(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.decideRequest(ctx, a, approvalID, d, terminationRequest)
}

var terminationRequest = employeeRequest{kind: "termination", what: "termination request", perm: access.TerminationDecide, prefix: "employee.termination",
	apply: func(ctx context.Context, s *Service, st Store, ap work.Approval) (string, any, error) {
		var term Termination
		if err := json.Unmarshal([]byte(ap.Payload), &term); err != nil {
			return "", nil, fmt.Errorf("termination payload: %w", err)
		}
		return "employee.terminate", term, s.terminate(ctx, st, ap.ObjectID, term)
	}}

// terminate ends the current period; no permission check (callers do).
func (s *Service) terminate(ctx context.Context, st Store, id int64, t Termination) error {
	p, err := currentPeriod(ctx, st, id)
	if err != nil {
		return err
	}
	if !p.End.IsZero() {
		return kit.Conflict("this employee already has a last day (%s)", p.End)
	}
	p.End, p.TerminationReason = t.LastDay, t.Reason
	v, r, g := t.Voluntary, t.RehireEligible, t.Regretted && t.Voluntary
	p.Voluntary, p.RehireEligible, p.Regretted = &v, &r, &g
	if err := st.UpdatePeriod(ctx, p); err != nil {
		return err
	}
	if err := s.refreshCurrent(ctx, st, id); err != nil {
		return err
	}
	for _, h := range s.onEnd {
		if err := h(ctx, st, id, t.LastDay, t.Reason); err != nil {
			return err
		}
	}
	return nil
}

// RehireInput starts a new stint for a former employee.
type RehireInput struct {
	HireDate       date.Date
	OrgUnitID      int64
	LocationID     int64
	JobID          int64
	ManagerID      int64
	EmploymentType string
	WeeklyHours    int
	Pay            Pay
	// BreakReason explains the break for FMLA service counting:
	// "" (none), "userra" or "rehire_agreement".
	BreakReason string
	Invalid     kit.FieldErrors // parse failures from the caller
}

// Rehire starts a new employment period for a terminated employee.
// Requires people.hire over the destination org unit. Errors: KindInvalid,
// KindForbidden, KindConflict (still employed).
func (s *Service) Rehire(ctx context.Context, a access.Actor, id int64, in RehireInput) error {
	if err := access.Require(a, access.EmployeeHire, access.CompanyTarget); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		// The person must be in the caller's hire scope (where they last
		// worked) before Cadre says anything about them.
		t, err := st.Target(ctx, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.EmployeeHire, t); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		p, err := currentPeriod(ctx, st, id)
		if err != nil {
			return err
		}
		if p.End.IsZero() {
			return kit.Conflict("%s is still employed", e.Name())
		}
		f := startErrors(in.Invalid)
		requireDate(f, "hire_date", in.HireDate)
		if !in.HireDate.IsZero() && !in.HireDate.After(p.End) {
			f.Add("hire_date", "Must be after the last day of the previous employment ("+p.End.String()+")")
		}
		if in.BreakReason != "" && !slices.Contains([]string{"userra", "rehire_agreement"}, in.BreakReason) {
			f.Add("break_reason", "Must be userra or rehire_agreement, or empty")
		}
		s.validatePlacement(ctx, st, f, id, in.OrgUnitID, in.LocationID, in.JobID, in.ManagerID, &in.EmploymentType, &in.WeeklyHours)
		validatePay(f, &in.Pay)
		if err := checkMinimumWage(ctx, st, f, in.Pay, in.WeeklyHours); err != nil {
			return err
		}
		if err := checkGradeCurrency(ctx, st, f, in.JobID, in.Pay); err != nil {
			return err
		}
		if !f.Has("org_unit_id") {
			if err := s.requireOrg(ctx, st, a, access.EmployeeHire, in.OrgUnitID); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		e.HireDate, e.OrgUnitID, e.LocationID, e.JobID, e.ManagerID = in.HireDate, in.OrgUnitID, in.LocationID, in.JobID, in.ManagerID
		e.EmploymentType, e.WeeklyHours, e.Pay = in.EmploymentType, in.WeeklyHours, in.Pay
		if err := st.UpdateEmployeeCore(ctx, e); err != nil {
			return err
		}
		if err := s.writeStart(ctx, st, a, e, "rehire", in.BreakReason); err != nil {
			return err
		}
		for _, h := range s.onStart {
			if err := h(ctx, st, a, e); err != nil {
				return fmt.Errorf("after rehire: %w", err)
			}
		}
		return s.record(ctx, st, a, "employee.rehire", "employee", id, "Rehired "+e.Name()+" as of "+in.HireDate.String(), nil, map[string]any{"hire_date": in.HireDate.String(), "break_reason": in.BreakReason})
	})
}

// ApplyDueChanges refreshes the current state of every employee whose
// history has a change taking effect in the past week (future-dated
// transfers, pay changes and last days), so a sweep missed while no
// instance ran is caught up. The daily sweep calls it; it is idempotent.
func (s *Service) ApplyDueChanges(ctx context.Context) (int, error) {
	today := s.Today()
	ids, err := s.store.DueChanges(ctx, today.AddDays(-7), today)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := s.inTx(ctx, func(st Store) error { return s.refreshCurrent(ctx, st, id) }); err != nil {
			return 0, fmt.Errorf("apply due changes for employee %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// label turns a snake_case code into words for summaries.
func label(code string) string {
	b := []byte(code)
	for i := range b {
		if b[i] == '_' {
			b[i] = ' '
		}
	}
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// ResubmitTermination revises a termination request that a decider sent
// back, and puts it in front of the deciders again. Only the requester
// may. Errors: KindInvalid, KindNotFound, KindConflict.
func (s *Service) ResubmitTermination(ctx context.Context, a access.Actor, approvalID int64, in TerminationInput) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "termination" || ap.RequestedBy != a.UserID {
			return kit.NotFound("termination request")
		}
		e, err := st.GetEmployee(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		p, err := currentPeriod(ctx, st, e.ID)
		if err != nil {
			return err
		}
		if err := validateTermination(&in, p); err != nil {
			return err
		}
		payload, _ := json.Marshal(in)
		kind := in.kind()
		steps, err := work.Route(ctx, st, "termination", work.Subject{EmployeeID: e.ID}, terminationFacts(in, p, in.LastDay), a.UserID)
		if err != nil {
			return err
		}
		ap, err = work.Resubmit(ctx, st, a, approvalID, "Terminate "+e.Name(),
			fmt.Sprintf("%s termination (%s), last day %s", label(kind), label(in.Reason), in.LastDay), string(payload), steps, s.clock.Now())
		if err != nil {
			return err
		}
		if err := work.NotifyApprovers(ctx, st, a, ap, "Resubmitted for a decision: terminate "+e.Name(),
			a.Name+" revised the request; last day "+in.LastDay.String()+".", s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.termination_resubmit", "employee", e.ID, "Resubmitted: "+ap.Title, nil, in)
	})
}

// WithdrawTermination ends the actor's own pending or sent-back
// termination request. Errors: KindNotFound, KindConflict.
func (s *Service) WithdrawTermination(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.withdrawRequest(ctx, a, approvalID, terminationRequest)
}

// validateTermination checks a termination request against the current
// employment period.
func validateTermination(in *TerminationInput, p EmploymentPeriod) error {
	f := startErrors(in.Invalid)
	requireDate(f, "last_day", in.LastDay)
	if !in.LastDay.IsZero() && in.LastDay.Before(p.Start) {
		f.Add("last_day", "Cannot be before the start of employment ("+p.Start.String()+")")
	}
	in.Reason = oneOf(f, "reason", in.Reason, TerminationReasons)
	if in.Regretted && !in.Voluntary {
		f.Add("regretted", "Only a voluntary separation can be regretted")
	}
	in.Note = cleanText(f, "note", in.Note, false, 2000)
	return f.Err()
}

func (t Termination) kind() string {
	if t.Voluntary {
		return "voluntary"
	}
	return "involuntary"
}
