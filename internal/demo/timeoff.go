package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// The demo's leave types: PTO accruing monthly with a tenure tier, a cap,
// a carry-over limit and expiry; sick leave with a small negative
// allowance; and untracked types.
var demoLeaveTypes = []leave.LeaveType{
	{Key: "pto", Name: "Paid time off", Unit: "days", Paid: true, Active: true, Position: 1,
		Policy: leave.Policy{Frequency: leave.AccrueMonthly, Hours: 6.67, Tiers: []leave.Tier{{AfterYears: 3, Hours: 10}}, Cap: 240, CarryoverMax: 40, CarryoverExpiresMonths: 3, Prorate: true}},
	{Key: "sick", Name: "Sick leave", Unit: "hours", Paid: true, Active: true, Position: 2,
		Policy: leave.Policy{Frequency: leave.AccrueMonthly, Hours: 4, Cap: 72, CarryoverMax: 40, AllowNegative: true, NegativeLimit: 16, Prorate: true}},
	{Key: "bereavement", Name: "Bereavement", Unit: "days", Paid: true, Active: true, Position: 3, Policy: leave.Policy{Frequency: leave.AccrueNone, CarryoverMax: -1}},
	{Key: "jury_duty", Name: "Jury duty", Unit: "days", Paid: true, Active: true, Position: 4, Policy: leave.Policy{Frequency: leave.AccrueNone, CarryoverMax: -1}},
	{Key: "unpaid", Name: "Unpaid leave", Unit: "days", Paid: false, Active: true, Position: 5, SecondApproval: true, Policy: leave.Policy{Frequency: leave.AccrueNone, CarryoverMax: -1}},
}

// writeTimeOff stores the leave types and a year of requests: past time
// off taken, approved time off to come, and pending requests (the line
// manager's queue, with the team calendar showing overlaps).
func (g *gen) writeTimeOff(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) (int, error) {
	ids := map[string]int64{}
	for _, t := range demoLeaveTypes {
		id, err := ts.SaveLeaveType(ctx, t)
		if err != nil {
			return 0, fmt.Errorf("leave type %s: %w", t.Name, err)
		}
		ids[t.Key] = id
	}
	cal := rules.NewBusinessCalendar(rules.CalendarUSFed, nil)
	n := 0
	request := func(p *person, key string, from date.Date, days int, status string) error {
		daysList := leave.Days(cal, p.hours, from, from.AddDays(days-1), 0)
		if len(daysList) == 0 {
			return nil
		}
		total := 0.0
		for _, d := range daysList {
			total += d.Hours
		}
		created := from.AddDays(-14 - g.rng.IntN(20)).Time().Add(10 * time.Hour)
		r := leave.Request{EmployeeID: p.id, TypeID: ids[key], Starts: from, Ends: from.AddDays(days - 1), Days: daysList, Hours: total, Status: status, CreatedAt: created, Version: 1}
		id, err := ts.InsertRequest(ctx, r)
		if err != nil {
			return err
		}
		n++
		var apID int64
		if status == leave.RequestPending {
			steps, err := work.Route(ctx, ts, "time_off", work.Subject{EmployeeID: p.id}, work.Facts{"hours": total}, 0)
			if err != nil {
				return err
			}
			apID, err = ts.InsertApproval(ctx, work.Approval{Steps: steps, Kind: "time_off", ObjectType: "time_off_request", ObjectID: id,
				Title: fmt.Sprintf("%s: %s, %s", p.name(), demoName(key), from.Format("Jan 2")), Summary: fmt.Sprintf("%.1f hours over %d day(s)", total, len(daysList)),
				ScopeOrgUnitID: p.unit.id, Status: work.StatusPending, Step: 1, RequestedBy: users[pCoordinator], CreatedAt: created})
			if err != nil {
				return err
			}
		}
		decided := time.Time{}
		if status != leave.RequestPending {
			decided = created.Add(26 * time.Hour)
		}
		return ts.SetRequestStatus(ctx, id, status, apID, decided)
	}
	for _, p := range g.active {
		if p.hire.After(g.today.AddMonths(-2)) {
			continue
		}
		// One or two PTO breaks and a sick day or two in the last year.
		start := date.Max(p.hire.AddDays(30), g.today.AddMonths(-11))
		if start.After(g.today.AddDays(-20)) {
			continue
		}
		for i := 0; i < 1+g.rng.IntN(2); i++ {
			from := g.between(start, g.today.AddDays(-20))
			if err := request(p, "pto", from, 1+g.rng.IntN(5), leave.RequestApproved); err != nil {
				return n, err
			}
			start = from.AddDays(10)
			if start.After(g.today.AddDays(-20)) {
				break
			}
		}
		if g.chance(0.5) && !start.After(g.today.AddDays(-5)) {
			if err := request(p, "sick", g.between(start, g.today.AddDays(-5)), 1, leave.RequestApproved); err != nil {
				return n, err
			}
		}
		// Time off to come: approved for some, pending for others.
		switch roll := g.rng.IntN(10); {
		case p.persona == pEmployee:
			if err := request(p, "pto", g.today.AddDays(20), 4, leave.RequestApproved); err != nil {
				return n, err
			}
		case roll < 2:
			if err := request(p, "pto", g.today.AddDays(10+g.rng.IntN(40)), 2+g.rng.IntN(4), leave.RequestApproved); err != nil {
				return n, err
			}
		case roll < 3:
			if err := request(p, "pto", g.today.AddDays(14+g.rng.IntN(40)), 1+g.rng.IntN(3), leave.RequestPending); err != nil {
				return n, err
			}
		}
	}
	// Jordan's team: a pending request waiting on Jordan that overlaps
	// Taylor's approved days, so the team calendar shows it.
	if lead, emp := g.persona[pLead], g.persona[pEmployee]; lead != nil && emp != nil {
		for _, r := range lead.reports {
			if r != emp && r.persona < 0 && !r.hire.After(g.today.AddMonths(-2)) {
				if err := request(r, "pto", g.today.AddDays(21), 3, leave.RequestPending); err != nil {
					return n, err
				}
				break
			}
		}
	}
	return n, nil
}

func demoName(key string) string {
	for _, t := range demoLeaveTypes {
		if t.Key == key {
			return t.Name
		}
	}
	return key
}
