// Package bonus runs bonus and incentive plans: the HR manager designs a
// plan (a performance period, the target bonus as a share of base pay by
// grade, a company-performance factor, individual factors by merit
// rating, a cap, proration for people hired or leaving during the
// period), reads every employee's payout in the calculator with the
// budget totals, sends the plan for approval through the Work backbone,
// and once approved pays it out: each payout becomes an approved
// one-time payment on the plan's pay date, exported with that payroll.
package bonus

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Plan statuses.
const (
	Draft    = "draft"
	Pending  = "pending"
	Approved = "approved"
	Paid     = "paid"
)

// Plan is a bonus plan. Factors and percentages are basis points.
type Plan struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Status      string    `json:"status" enum:"draft,pending,approved,paid"`
	PeriodStart date.Date `json:"period_start"`
	PeriodEnd   date.Date `json:"period_end"`
	PayDate     date.Date `json:"pay_date"`
	// TargetBP is the target bonus as a share of base pay by grade name;
	// DefaultBP applies to grades not listed (0: not in the plan).
	TargetBP  map[string]int `json:"target_bp_by_grade"`
	DefaultBP int            `json:"default_target_bp"`
	// CompanyBP is the company-performance factor (10000 = 100%).
	CompanyBP int `json:"company_factor_bp"`
	// RatingBP is the individual factor by merit rating 1–5 (index 0 for
	// no rating).
	RatingBP [6]int `json:"individual_factor_bp_by_rating"`
	// CapBP caps a payout as a share of the target bonus.
	CapBP      int       `json:"cap_bp"`
	ApprovalID int64     `json:"approval_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	PaidAt     time.Time `json:"paid_at,omitzero"`
}

// DefaultRatingBP pays nothing to Does not meet, half to Partly meets, the
// target to Meets, and more to the strong performers; without a rating
// the target.
var DefaultRatingBP = [6]int{10000, 0, 5000, 10000, 12500, 15000}

// Employee is an employee as the calculator reads them.
type Employee struct {
	EmployeeID  int64
	Name        string
	JobTitle    string
	Grade       string
	OrgPath     string
	Department  string
	AnnualCents int64 // base pay, annual (hourly at scheduled hours)
	Currency    string
	Start       date.Date // the current employment's first day
	End         date.Date // its last day, zero while employed
	Rating      int       // the latest applied merit cycle, 0 without
}

// Payout is one employee's bonus.
type Payout struct {
	EmployeeID   int64   `json:"employee_id"`
	Name         string  `json:"name"`
	JobTitle     string  `json:"job_title"`
	Department   string  `json:"department"`
	Grade        string  `json:"grade"`
	BaseCents    int64   `json:"base_cents"`
	Currency     string  `json:"currency"`
	TargetBP     int     `json:"target_bp"`
	TargetCents  int64   `json:"target_cents"`
	Rating       int     `json:"rating"`
	IndividualBP int     `json:"individual_factor_bp"`
	ProrationPct float64 `json:"proration_pct" doc:"Days employed in the period ÷ days in the period"`
	Capped       bool    `json:"capped"`
	PayoutCents  int64   `json:"payout_cents"`
}

// Calculation is the calculator: every payout and the totals.
type Calculation struct {
	Payouts      []Payout `json:"payouts"`
	People       int      `json:"people"`
	TargetCents  int64    `json:"target_total_cents"`
	PayoutCents  int64    `json:"payout_total_cents"`
	PayrollCents int64    `json:"eligible_payroll_cents"`
	Currency     string   `json:"currency"`
}

// Store is what bonus plans need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	BonusPlans(ctx context.Context) ([]Plan, error)
	GetBonusPlan(ctx context.Context, id int64) (Plan, error)
	SaveBonusPlan(ctx context.Context, p Plan) (int64, error)
	// BonusEmployees lists the employees whose employment overlaps the
	// period (the current or last one), with their latest merit rating.
	BonusEmployees(ctx context.Context, from, to date.Date) ([]Employee, error)
	Payroll() payroll.Store
}

// Service runs bonus plans.
type Service struct {
	store   Store
	clock   kit.Clock
	payroll *payroll.Service
}

// NewService builds the service; payouts become one-time payments
// through ps.
func NewService(st Store, clock kit.Clock, ps *payroll.Service) *Service {
	return &Service{store: st, clock: clock, payroll: ps}
}

func init() {
	work.RegisterKind(work.KindDef{
		Key: "bonus_plan", Label: "Bonus plan payout", Decide: access.BonusApprove,
		Facts: []work.FactDef{
			{Key: "payout_total", Label: "Total payout", Type: "money"},
			{Key: "pct_of_payroll", Label: "Payout as a share of eligible payroll (%)", Type: "percent"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRDirector}}},
	})
}

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "bonus_plan", ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

func manage(a access.Actor) error { return access.Require(a, access.BonusManage, access.CompanyTarget) }

// Plans lists the plans. Requires bonus.manage.
func (s *Service) Plans(ctx context.Context, a access.Actor) ([]Plan, error) {
	if err := manage(a); err != nil {
		return nil, err
	}
	return s.store.BonusPlans(ctx)
}

// Validate checks a plan's design field by field.
func (p *Plan) Validate() error {
	f := kit.FieldErrors{}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || len(p.Name) > 100 {
		f.Add("name", "Enter a name of up to 100 characters")
	}
	switch {
	case p.PeriodStart.IsZero():
		f.Add("period_start", "Enter the first day of the performance period")
	case p.PeriodEnd.IsZero() || !p.PeriodEnd.After(p.PeriodStart):
		f.Add("period_end", "Enter a last day after the first")
	case p.PeriodStart.AddYears(2).Before(p.PeriodEnd):
		f.Add("period_end", "A performance period is at most two years")
	}
	if p.PayDate.IsZero() {
		f.Add("pay_date", "Enter the pay date")
	} else if !p.PeriodEnd.IsZero() && p.PayDate.Before(p.PeriodEnd) {
		f.Add("pay_date", "Pay after the period ends")
	}
	for g, bp := range p.TargetBP {
		if bp < 0 || bp > 20000 {
			f.Add("target_bp_by_grade", fmt.Sprintf("Grade %s: a target is 0%% to 200%% of base pay", g))
		}
	}
	if p.DefaultBP < 0 || p.DefaultBP > 20000 {
		f.Add("default_target_bp", "A target is 0% to 200% of base pay")
	}
	if p.CompanyBP < 0 || p.CompanyBP > 30000 {
		f.Add("company_factor_bp", "The company factor is 0% to 300%")
	}
	for i, bp := range p.RatingBP {
		if bp < 0 || bp > 30000 {
			f.Add("individual_factor_bp_by_rating", fmt.Sprintf("Rating %d: the factor is 0%% to 300%%", i))
		}
	}
	if p.CapBP < 10000 || p.CapBP > 50000 {
		f.Add("cap_bp", "The cap is 100% to 500% of the target bonus")
	}
	return f.Err()
}

// Save creates (id 0) or edits a draft plan. Requires bonus.manage.
// Errors: KindInvalid, KindForbidden, KindConflict (not a draft).
func (s *Service) Save(ctx context.Context, a access.Actor, id int64, p Plan) (int64, error) {
	if err := manage(a); err != nil {
		return 0, err
	}
	if p.TargetBP == nil {
		p.TargetBP = map[string]int{}
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	err := s.store.InTx(ctx, func(st Store) error {
		var before any
		p.ID, p.Status, p.CreatedAt = id, Draft, s.clock.Now()
		if id != 0 {
			old, err := st.GetBonusPlan(ctx, id)
			if err != nil {
				return err
			}
			if old.Status != Draft {
				return kit.Conflict("the plan is %s; its design is fixed", old.Status)
			}
			p.CreatedAt, before = old.CreatedAt, old
		}
		var err error
		if id, err = st.SaveBonusPlan(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "bonus.plan_save", id, "Bonus plan "+p.Name, before, p)
	})
	return id, err
}

// Calculate computes every payout: base pay × target (by grade) ×
// company factor × individual factor (by the latest merit rating),
// capped at the cap × target, prorated by the days employed in the
// period. Someone whose employment ended before the pay date gets
// nothing (the stricter reading of "employed on the pay date" plans).
func Calculate(p Plan, emps []Employee) Calculation {
	var c Calculation
	days := float64(p.PeriodStart.DaysUntil(p.PeriodEnd) + 1)
	for _, e := range emps {
		if !e.End.IsZero() && e.End.Before(p.PayDate) {
			continue
		}
		target, ok := p.TargetBP[e.Grade]
		if !ok {
			target = p.DefaultBP
		}
		if target == 0 {
			continue
		}
		from, to := date.Max(e.Start, p.PeriodStart), p.PeriodEnd
		if !e.End.IsZero() {
			to = date.Min(e.End, p.PeriodEnd)
		}
		if to.Before(from) {
			continue
		}
		prorate := float64(from.DaysUntil(to)+1) / days
		ind := p.RatingBP[min(max(e.Rating, 0), 5)]
		tgt := float64(e.AnnualCents) * float64(target) / 10000
		pay := tgt * float64(p.CompanyBP) / 10000 * float64(ind) / 10000
		capped := false
		if limit := tgt * float64(p.CapBP) / 10000; pay > limit {
			pay, capped = limit, true
		}
		pay *= prorate
		o := Payout{EmployeeID: e.EmployeeID, Name: e.Name, JobTitle: e.JobTitle, Department: e.Department, Grade: e.Grade, BaseCents: e.AnnualCents, Currency: e.Currency,
			TargetBP: target, TargetCents: int64(math.Round(tgt * prorate)), Rating: e.Rating, IndividualBP: ind, ProrationPct: math.Round(prorate*1000) / 10,
			Capped: capped, PayoutCents: int64(math.Round(pay))}
		c.Payouts = append(c.Payouts, o)
		c.People++
		c.TargetCents += o.TargetCents
		c.PayoutCents += o.PayoutCents
		c.PayrollCents += e.AnnualCents
		c.Currency = e.Currency
	}
	slices.SortFunc(c.Payouts, func(x, y Payout) int { return strings.Compare(x.Name, y.Name) })
	return c
}

// Calculator returns a plan and every payout. Requires bonus.manage.
func (s *Service) Calculator(ctx context.Context, a access.Actor, id int64) (Plan, Calculation, error) {
	if err := manage(a); err != nil {
		return Plan{}, Calculation{}, err
	}
	p, err := s.store.GetBonusPlan(ctx, id)
	if err != nil {
		return p, Calculation{}, err
	}
	emps, err := s.store.BonusEmployees(ctx, p.PeriodStart, p.PeriodEnd)
	return p, Calculate(p, emps), err
}

// Submit sends a draft plan's payouts for approval (the bonus plan
// chain; by default an HR director). Requires bonus.manage. Errors:
// KindForbidden, KindConflict.
func (s *Service) Submit(ctx context.Context, a access.Actor, id int64) (int64, error) {
	if err := manage(a); err != nil {
		return 0, err
	}
	var apID int64
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := st.GetBonusPlan(ctx, id)
		if err != nil {
			return err
		}
		if p.Status != Draft {
			return kit.Conflict("the plan is already %s", p.Status)
		}
		emps, err := st.BonusEmployees(ctx, p.PeriodStart, p.PeriodEnd)
		if err != nil {
			return err
		}
		c := Calculate(p, emps)
		if c.People == 0 {
			return kit.Conflict("nobody is in the plan: set a target for their grades")
		}
		pct := 0.0
		if c.PayrollCents > 0 {
			pct = math.Round(float64(c.PayoutCents)*10000/float64(c.PayrollCents)) / 100
		}
		facts := work.Facts{"payout_total": float64(c.PayoutCents) / 100, "pct_of_payroll": pct}
		steps, err := work.Route(ctx, st, "bonus_plan", work.Subject{}, facts, a.UserID)
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("%d people, %s %s paid %s (%.2f%% of their base pay), company factor %.0f%%", c.People, c.Currency, kit.FormatCents(c.PayoutCents), p.PayDate, pct, float64(p.CompanyBP)/100)
		p.Status = Pending
		if len(steps) == 0 {
			p.Status = Approved
		} else {
			payload, _ := json.Marshal(map[string]int64{"plan_id": id})
			ap := work.Approval{Steps: steps, Kind: "bonus_plan", ObjectType: "bonus_plan", ObjectID: id, Title: "Bonus payout: " + p.Name, Summary: summary, Payload: string(payload),
				ScopeOrgPath: "/", Step: 1, RequestedBy: a.UserID}
			if apID, err = work.NewRequest(ctx, st, a, ap, s.clock.Now()); err != nil {
				return err
			}
			ap.ID = apID
			p.ApprovalID = apID
			if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: bonus payout "+p.Name, summary, s.clock.Now()); err != nil {
				return err
			}
		}
		if _, err := st.SaveBonusPlan(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "bonus.plan_submit", id, "Sent the bonus payout for approval: "+summary, nil, map[string]any{"approval_id": apID, "payout_cents": c.PayoutCents})
	})
	return apID, err
}

// Decide is the work handler for decisions on a plan: approved, it can be
// paid; otherwise it returns to draft.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "bonus_plan" {
			return kit.NotFound("approval request")
		}
		if ap, err = work.Decide(ctx, st, a, approvalID, d, access.BonusApprove, access.CompanyTarget, s.clock.Now()); err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			return nil
		}
		p, err := st.GetBonusPlan(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		p.Status = Draft
		if ap.Status == work.StatusApproved {
			p.Status = Approved
		}
		if _, err := st.SaveBonusPlan(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "bonus.plan_"+ap.Status, p.ID, "Bonus payout "+p.Name+": "+ap.Status, nil, map[string]any{"comment": d.Comment})
	})
}

// Withdraw is the work handler when the HR manager withdraws the plan.
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "bonus_plan" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		p, err := st.GetBonusPlan(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		p.Status, p.ApprovalID = Draft, 0
		_, err = st.SaveBonusPlan(ctx, p)
		return err
	})
}

// PayOut turns an approved plan's payouts into approved one-time payments
// (kind bonus) on its pay date, in one transaction; they go to payroll
// with that period. The calculation is run again on the day. Requires
// bonus.manage. Errors: KindForbidden, KindConflict (not approved, or the
// pay date's period was exported).
func (s *Service) PayOut(ctx context.Context, a access.Actor, id int64) (int, error) {
	if err := manage(a); err != nil {
		return 0, err
	}
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := st.GetBonusPlan(ctx, id)
		if err != nil {
			return err
		}
		if p.Status != Approved {
			return kit.Conflict("the plan is %s; only an approved plan is paid", p.Status)
		}
		emps, err := st.BonusEmployees(ctx, p.PeriodStart, p.PeriodEnd)
		if err != nil {
			return err
		}
		c := Calculate(p, emps)
		for _, o := range c.Payouts {
			if o.PayoutCents <= 0 {
				continue
			}
			in := payroll.PaymentInput{Kind: "bonus", AmountCents: o.PayoutCents, Currency: o.Currency, PayDate: p.PayDate,
				Note: fmt.Sprintf("%s: target %.1f%%, company %.0f%%, individual %.0f%%, %.0f%% of the period", p.Name, float64(o.TargetBP)/100, float64(p.CompanyBP)/100, float64(o.IndividualBP)/100, o.ProrationPct)}
			if err := s.payroll.ApprovedPaymentTx(ctx, st.Payroll(), a, o.EmployeeID, in, fmt.Sprintf("bonus_plan:%d", id)); err != nil {
				if kit.KindOf(err) == kit.KindInvalid {
					return kit.Conflict("%s: %s", o.Name, kit.MessageOf(err))
				}
				return err
			}
			n++
		}
		p.Status, p.PaidAt = Paid, s.clock.Now()
		if _, err := st.SaveBonusPlan(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "bonus.plan_paid", id, fmt.Sprintf("Paid the bonus plan %s: %d one-time payments on %s", p.Name, n, p.PayDate), nil, map[string]any{"payments": n, "payout_cents": c.PayoutCents})
	})
	return n, err
}
