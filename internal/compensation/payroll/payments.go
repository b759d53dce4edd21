package payroll

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// PaymentKinds are the kinds of one-time payment.
var PaymentKinds = []string{"bonus", "commission", "spot_award", "sign_on", "retention", "referral", "relocation", "severance", "other"}

// Payment statuses.
const (
	PaymentPending  = "pending"
	PaymentApproved = "approved"
	PaymentRejected = "rejected"
)

// Payment is a one-time payment to an employee, paid with the payroll of
// its pay date once approved.
type Payment struct {
	ID            int64     `json:"id"`
	EmployeeID    int64     `json:"employee_id"`
	EmployeeName  string    `json:"employee_name"`
	OrgPath       string    `json:"-"`
	Kind          string    `json:"kind"`
	AmountCents   int64     `json:"amount_cents"`
	Currency      string    `json:"currency"`
	PayDate       date.Date `json:"pay_date"`
	Note          string    `json:"note"`
	Status        string    `json:"status"`
	ApprovalID    int64     `json:"approval_id,omitempty"`
	RequestedBy   int64     `json:"requested_by"`
	RequesterName string    `json:"requested_by_name"`
	// Source says which plan produced it ("" when entered by hand).
	Source    string    `json:"source,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// PaymentStore keeps one-time payments.
type PaymentStore interface {
	InsertPayment(ctx context.Context, p Payment) (int64, error)
	GetPayment(ctx context.Context, id int64) (Payment, error)
	UpdatePaymentStatus(ctx context.Context, id int64, status string, approvalID int64, at time.Time) error
	ListPayments(ctx context.Context, employeeID int64, paths []string, whole bool, limit int) ([]Payment, error)
	// PaymentFacts returns the employee's pay (for the approval facts and
	// the currency check) and the dates of their employment.
	PaymentFacts(ctx context.Context, employeeID int64) (PaymentContext, error)
}

// PaymentContext is the employee's record as a payment sees it.
type PaymentContext struct {
	Name        string
	OrgPath     string
	OrgUnitID   int64
	AnnualCents int64
	Currency    string
	Start       date.Date // the current (or last) employment's first day
	End         date.Date // its last day, zero while employed
}

// PaymentInput is a requested one-time payment.
type PaymentInput struct {
	Kind        string
	AmountCents int64
	Currency    string
	PayDate     date.Date
	Note        string
	Invalid     kit.FieldErrors
}

// PaymentResult says what became of a payment: approved at once, or
// waiting for approval.
type PaymentResult struct {
	ID         int64 `json:"id"`
	ApprovalID int64 `json:"approval_id,omitempty"`
}

func init() {
	work.RegisterKind(work.KindDef{
		Key: "one_time_payment", Label: "One-time payment", Decide: access.PayChangeDecide, Optional: true,
		Facts: []work.FactDef{
			{Key: "amount", Label: "Amount", Type: "money"},
			{Key: "pct_of_annual_pay", Label: "Share of annual pay (%)", Type: "percent"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverLineManager, work.ApproverSkipLevel},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
}

// RequestPayment records a one-time payment to an employee, routed by
// the one-time payment approval chain (by default an HR manager
// approves); it goes to payroll with the period of its pay date once
// approved. The pay date must be in a pay period not yet exported and
// the currency the employee's pay currency. Requires people.pay.change
// over the employee. Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) RequestPayment(ctx context.Context, a access.Actor, employeeID int64, in PaymentInput) (PaymentResult, error) {
	var res PaymentResult
	err := s.store.InTx(ctx, func(st Store) error {
		t, err := st.Target(ctx, employeeID)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.EmployeePayChange, t); err != nil {
			return err
		}
		res, err = s.requestPayment(ctx, st, a, employeeID, in, "")
		return err
	})
	return res, err
}

// ApprovedPaymentTx records a payment already approved elsewhere (a
// bonus plan's payout) inside that domain's transaction: checked like any
// payment, not routed again, no permission check (the plan's approval is
// the authority). source names the plan.
func (s *Service) ApprovedPaymentTx(ctx context.Context, st Store, a access.Actor, employeeID int64, in PaymentInput, source string) error {
	_, err := s.requestPayment(ctx, st, a, employeeID, in, source, true)
	return err
}

func (s *Service) requestPayment(ctx context.Context, st Store, a access.Actor, employeeID int64, in PaymentInput, source string, approved ...bool) (PaymentResult, error) {
	var res PaymentResult
	pc, err := st.PaymentFacts(ctx, employeeID)
	if err != nil {
		return res, err
	}
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	if !slices.Contains(PaymentKinds, in.Kind) {
		f.Add("kind", "Choose the kind of payment: "+strings.Join(PaymentKinds, ", "))
	}
	if in.AmountCents <= 0 && !f.Has("amount_cents") {
		f.Add("amount_cents", "Enter an amount above zero")
	} else if in.AmountCents > 100_000_000_00 {
		f.Add("amount_cents", "Enter at most 100,000,000.00")
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if in.Currency == "" {
		in.Currency = pc.Currency
	}
	if in.Currency != pc.Currency {
		f.Add("currency", "The employee is paid in "+pc.Currency+"; pay the one-time payment in the same currency")
	}
	in.Note = strings.TrimSpace(in.Note)
	if len(in.Note) > 1000 {
		f.Add("note", "Keep the note to 1,000 characters")
	}
	switch {
	case in.PayDate.IsZero():
		if !f.Has("pay_date") {
			f.Add("pay_date", "Enter the pay date")
		}
	case in.PayDate.Before(pc.Start):
		f.Add("pay_date", "The pay date is before the employee's start ("+pc.Start.String()+")")
	case !pc.End.IsZero() && in.PayDate.After(pc.End.AddDays(366)):
		f.Add("pay_date", "The employee left on "+pc.End.String()+"; a final payment is paid within a year")
	case in.PayDate.After(s.today().AddDays(400)):
		f.Add("pay_date", "Choose a pay date within the next year")
	}
	if !f.Has("pay_date") {
		locked, err := s.lockedThrough(ctx, st)
		if err != nil {
			return res, err
		}
		if !locked.IsZero() && !in.PayDate.After(locked) {
			f.Add("pay_date", "Payroll through "+locked.String()+" was exported; choose a pay date from "+locked.AddDays(1).String())
		}
	}
	if err := f.Err(); err != nil {
		return res, err
	}
	p := Payment{EmployeeID: employeeID, Kind: in.Kind, AmountCents: in.AmountCents, Currency: in.Currency, PayDate: in.PayDate, Note: in.Note,
		Status: PaymentPending, RequestedBy: a.UserID, Source: source, CreatedAt: s.clock.Now()}
	pct := 100.0
	if pc.AnnualCents > 0 {
		pct = math.Round(float64(in.AmountCents)*10000/float64(pc.AnnualCents)) / 100
	}
	facts := work.Facts{"amount": float64(in.AmountCents) / 100, "pct_of_annual_pay": pct}
	var steps []work.Step
	if len(approved) == 0 || !approved[0] {
		if steps, err = work.Route(ctx, st, "one_time_payment", work.Subject{EmployeeID: employeeID}, facts, a.UserID); err != nil {
			return res, err
		}
	}
	if len(steps) == 0 {
		p.Status, p.DecidedAt = PaymentApproved, s.clock.Now()
	}
	if res.ID, err = st.InsertPayment(ctx, p); err != nil {
		return res, err
	}
	what := fmt.Sprintf("%s of %s %s for %s, paid %s", label(in.Kind), in.Currency, kit.FormatCents(in.AmountCents), pc.Name, in.PayDate)
	after := map[string]any{"kind": in.Kind, "amount_cents": in.AmountCents, "currency": in.Currency, "pay_date": in.PayDate.String(), "source": source}
	if len(steps) == 0 {
		return res, s.record(ctx, st, a, "payroll.payment", "employee", employeeID, "One-time payment: "+what, nil, after)
	}
	ap := work.Approval{Steps: steps, Kind: "one_time_payment", ObjectType: "one_time_payment", ObjectID: res.ID, Title: "One-time payment for " + pc.Name,
		Summary: what, ScopeOrgUnitID: pc.OrgUnitID, ScopeOrgPath: pc.OrgPath, Step: 1, RequestedBy: a.UserID}
	if res.ApprovalID, err = work.NewRequest(ctx, st, a, ap, s.clock.Now()); err != nil {
		return res, err
	}
	ap.ID = res.ApprovalID
	if err := st.UpdatePaymentStatus(ctx, res.ID, PaymentPending, res.ApprovalID, time.Time{}); err != nil {
		return res, err
	}
	if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: one-time payment for "+pc.Name, a.Name+" requested it: "+what+".", s.clock.Now()); err != nil {
		return res, err
	}
	return res, s.record(ctx, st, a, "payroll.payment_request", "employee", employeeID, "Requested approval of a one-time payment: "+what, nil, after)
}

func label(code string) string {
	s := strings.ReplaceAll(code, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// DecidePayment is the work handler for decisions on a one-time payment.
// An HR role slot needs people.pay.decide over the employee.
func (s *Service) DecidePayment(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "one_time_payment" {
			return kit.NotFound("approval request")
		}
		if d.SendBack {
			return kit.Invalid("decision", "A one-time payment is approved or rejected: reject it with a comment, and the requester asks again")
		}
		p, err := st.GetPayment(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		t, err := st.Target(ctx, p.EmployeeID)
		if err != nil {
			return err
		}
		if ap, err = work.Decide(ctx, st, a, approvalID, d, access.PayChangeDecide, t, s.clock.Now()); err != nil {
			return err
		}
		switch ap.Status {
		case work.StatusApproved:
			locked, err := s.lockedThrough(ctx, st)
			if err != nil {
				return err
			}
			if !locked.IsZero() && !p.PayDate.After(locked) {
				return kit.Conflict("payroll through %s was exported after the request; reject it and request the payment again with a later pay date", locked)
			}
			if err := st.UpdatePaymentStatus(ctx, p.ID, PaymentApproved, approvalID, s.clock.Now()); err != nil {
				return err
			}
			return s.record(ctx, st, a, "payroll.payment_approved", "employee", p.EmployeeID, "Approved the one-time payment: "+ap.Summary, nil, map[string]any{"payment_id": p.ID})
		case work.StatusRejected:
			if err := st.UpdatePaymentStatus(ctx, p.ID, PaymentRejected, approvalID, s.clock.Now()); err != nil {
				return err
			}
			return s.record(ctx, st, a, "payroll.payment_rejected", "employee", p.EmployeeID, "Did not approve the one-time payment: "+ap.Summary, nil, map[string]any{"payment_id": p.ID, "comment": d.Comment})
		}
		return nil
	})
}

// WithdrawPayment is the work handler when the requester withdraws.
func (s *Service) WithdrawPayment(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "one_time_payment" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		return st.UpdatePaymentStatus(ctx, ap.ObjectID, PaymentRejected, approvalID, s.clock.Now())
	})
}

// Payments lists one-time payments: of one employee (employeeID), or all
// in the actor's pay scope (0). Errors: KindForbidden.
func (s *Service) Payments(ctx context.Context, a access.Actor, employeeID int64) ([]Payment, error) {
	if employeeID != 0 {
		t, err := s.store.Target(ctx, employeeID)
		if err != nil {
			return nil, err
		}
		if err := access.Require(a, access.PayView, t); err != nil {
			return nil, err
		}
		return s.store.ListPayments(ctx, employeeID, nil, true, 200)
	}
	paths, whole, err := s.scope(a)
	if err != nil {
		return nil, err
	}
	return s.store.ListPayments(ctx, 0, paths, whole, 500)
}
