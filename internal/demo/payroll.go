package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// writePayroll sets the company up to pay biweekly through Cadre since
// twelve weeks ago: the pay calendar, the federal minimum wage, two
// provider templates, the pay-change and one-time payment approval
// chains, a few one-time payments (spot awards, a referral bonus, one
// waiting for the HR manager), and every closed pay period exported by
// the generalist, so the next period is open with today's changes.
func (g *gen) writePayroll(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) (int, error) {
	px, ok := ts.(interface{ Payroll() payroll.Store })
	if !ok {
		return 0, nil
	}
	st := px.Payroll()
	chains, ok := st.(interface {
		SaveApprovalChain(ctx context.Context, kind string, steps []work.ChainStep, by int64, at time.Time) error
	})
	if !ok {
		return 0, fmt.Errorf("the store cannot save approval chains")
	}
	at := g.today.AddDays(-90).Time().Add(10 * time.Hour)
	// Pay changes above 10% or outside the grade go to an HR manager, and
	// those adding more than 25,000 a year to an HR director too.
	if err := chains.SaveApprovalChain(ctx, "pay_change", []work.ChainStep{
		{Approvers: []string{work.ApproverHRManager}, When: []work.Condition{{Fact: "change_pct", Op: ">", Value: 10}, {Fact: "outside_band", Op: "=", Value: 1}}},
		{Approvers: []string{work.ApproverHRDirector}, When: []work.Condition{{Fact: "annual_change", Op: ">", Value: 25000}}},
	}, users[pManager], at); err != nil {
		return 0, err
	}
	// One-time payments above 2,500 go to an HR manager.
	if err := chains.SaveApprovalChain(ctx, "one_time_payment", []work.ChainStep{
		{Approvers: []string{work.ApproverHRManager}, When: []work.Condition{{Fact: "amount", Op: ">", Value: 2500}}},
	}, users[pManager], at); err != nil {
		return 0, err
	}
	start := g.today.AddDays(-84)
	for start.Weekday() != time.Monday {
		start = start.AddDays(-1)
	}
	manager := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	svc := payroll.NewService(st, kit.FixedClock{T: at})
	if err := svc.SaveSettings(ctx, manager, payroll.Settings{Calendar: payroll.Calendar{Frequency: payroll.Biweekly, Start: start}, MinimumWageCents: payroll.DefaultMinimumWageCents}); err != nil {
		return 0, fmt.Errorf("pay calendar: %w", err)
	}
	for _, t := range []payroll.Template{
		{Name: "Provider import: pay changes (semicolon, cents)", Delimiter: "semicolon", Header: true, DateFormat: "us", AmountFormat: "cents",
			Kinds: []string{payroll.KindPayChange, payroll.KindPromotion}, Columns: []payroll.Column{
				{Header: "CO", Field: "const:CADRE01"}, {Header: "EMPID", Field: "employee_number"}, {Header: "EFFDT", Field: "effective_date"},
				{Header: "RATE", Field: "pay_amount"}, {Header: "RATETYPE", Field: "pay_per"}, {Header: "REASON", Field: "reason"}, {Header: "REF", Field: "change_id"}}},
		{Name: "Provider import: new hires and terminations", Delimiter: "comma", Header: true, DateFormat: "iso", AmountFormat: "decimal",
			Kinds: []string{payroll.KindNewHire, payroll.KindRehire, payroll.KindTermination}, Columns: []payroll.Column{
				{Header: "Employee ID", Field: "employee_number"}, {Header: "First name", Field: "given_name"}, {Header: "Last name", Field: "family_name"},
				{Header: "Action", Field: "change_type"}, {Header: "Date", Field: "effective_date"}, {Header: "Department", Field: "org_unit"},
				{Header: "Pay rate", Field: "pay_amount"}, {Header: "Pay basis", Field: "pay_per"}, {Header: "FLSA", Field: "flsa_status"}, {Header: "Reason", Field: "reason"}}},
	} {
		if _, err := svc.SaveTemplate(ctx, manager, t); err != nil {
			return 0, fmt.Errorf("payroll template: %w", err)
		}
	}
	// One-time payments: awards paid in closed periods, a referral bonus
	// in the open one, and a retention bonus waiting for approval.
	n := 0
	pay := func(p *person, kind string, cents int64, on date.Date, status, note string) error {
		if p == nil || on.Before(p.hire) {
			return nil
		}
		py := payroll.Payment{EmployeeID: p.id, Kind: kind, AmountCents: cents, Currency: "USD", PayDate: on, Note: note, Status: status,
			RequestedBy: users[pGeneralist], CreatedAt: on.AddDays(-10).Time().Add(11 * time.Hour)}
		if status == payroll.PaymentApproved {
			py.DecidedAt = py.CreatedAt.Add(2 * time.Hour)
		}
		id, err := st.InsertPayment(ctx, py)
		if err != nil {
			return err
		}
		n++
		if status != payroll.PaymentPending {
			return nil
		}
		ap := work.Approval{Steps: []work.Step{{Slots: []work.Slot{{Approver: work.ApproverHRManager}}}}, Kind: "one_time_payment", ObjectType: "one_time_payment", ObjectID: id,
			Title: "One-time payment for " + p.name(), Summary: fmt.Sprintf("Retention of USD %s for %s, paid %s", kit.FormatCents(cents), p.name(), on),
			ScopeOrgUnitID: p.unit.id, Step: 1, RequestedBy: users[pGeneralist]}
		apID, err := work.NewRequest(ctx, st, access.Actor{UserID: users[pGeneralist], Name: "Priya Raman"}, ap, py.CreatedAt)
		if err != nil {
			return err
		}
		return st.UpdatePaymentStatus(ctx, id, payroll.PaymentPending, apID, time.Time{})
	}
	var picks []*person
	for _, p := range g.active {
		if p.persona < 0 && !p.protected && p.hire.Before(start) && len(picks) < 6 && p.seq%17 == 3 {
			picks = append(picks, p)
		}
	}
	next := payroll.Calendar{Frequency: payroll.Biweekly, Start: start}.Containing(g.today)
	for i, p := range picks {
		var err error
		switch {
		case i < 3:
			err = pay(p, "spot_award", 50000, start.AddDays(11+14*i), payroll.PaymentApproved, "Spot award for the quarter-end inventory count")
		case i == 3:
			err = pay(p, "referral", 150000, next.End, payroll.PaymentApproved, "Referral bonus: the referred hire completed 90 days")
		case i == 4:
			err = pay(p, "retention", 800000, next.End, payroll.PaymentPending, "Retention bonus through the warehouse system cut-over")
		}
		if err != nil {
			return n, fmt.Errorf("one-time payment: %w", err)
		}
	}
	// Export every closed period, two days after it ends.
	gen := access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Grants: []access.Grant{{Role: access.RoleGeneralist}}}
	cal := payroll.Calendar{Frequency: payroll.Biweekly, Start: start}
	for p := cal.Containing(start); p.End.Before(g.today); p = cal.Next(p) {
		es := payroll.NewService(st, kit.FixedClock{T: p.End.AddDays(2).Time().Add(14 * time.Hour)})
		if !p.End.AddDays(2).Before(g.today) {
			es = payroll.NewService(st, kit.FixedClock{T: g.today.Time().Add(8 * time.Hour)})
		}
		if _, err := es.ExportPeriod(ctx, gen, p.End); err != nil {
			return n, fmt.Errorf("export %s: %w", p, err)
		}
	}
	return n, nil
}
