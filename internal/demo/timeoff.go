package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
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

// leaveCaseWriter is the part of the store the demo's leave cases need.
type leaveCaseWriter interface {
	InsertLeaveCase(ctx context.Context, c leave.Case, determination string) (int64, error)
	work.TaskStore
}

// writeLeaveCases opens FMLA cases for about 2% of the employees (at
// least four): each reason and schedule, some eligible and some not, the
// recent ones with their notice tasks in the compliance queue.
func (g *gen) writeLeaveCases(ctx context.Context, ts leave.TimeOffStore, sealer *kit.Sealer, users [numPersonas]int64) (int, error) {
	lw, ok := ts.(leaveCaseWriter)
	if !ok || sealer == nil {
		return 0, nil
	}
	set := rules.Settings{BusinessCalendar: rules.CalendarUSFed, FMLAMethod: "rolling_backward"}
	settings := func(context.Context) (rules.Settings, error) { return set, nil }
	hr := access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Email: personas[pGeneralist].Account.Email, Grants: []access.Grant{{Role: access.RoleGeneralist}}}
	medical := map[string]string{"own_health": "Surgery and six weeks of recovery", "family_health": "Caring for a parent after a stroke",
		"birth_bonding": "Birth of a child", "placement": "Adoption placement", "military_exigency": "Spouse's deployment: childcare arrangements", "military_caregiver": "Caring for a son injured in service"}
	n := max(4, len(g.active)/50)
	count := 0
	for i := 0; i < n; i++ {
		p := g.active[g.rng.IntN(len(g.active))]
		if p.persona >= 0 {
			continue
		}
		reason := leave.Reasons[i%len(leave.Reasons)]
		schedule := leave.Schedules[i%len(leave.Schedules)]
		start := g.today.AddDays(-150 + g.rng.IntN(190))
		notice := start.AddDays(-14)
		if notice.After(g.today) {
			notice = g.today.AddDays(-g.rng.IntN(4))
		}
		e, err := ts.GetEmployee(ctx, p.id)
		if err != nil {
			return count, err
		}
		det, err := leave.Determine(ctx, ts, settings, e, start, notice, date.Date{})
		if err != nil {
			return count, fmt.Errorf("fmla for %s: %w", p.email, err)
		}
		notices, steps, err := rules.FMLANotices(rules.FMLANoticesFacts{LeaveRequestedOn: notice}, set)
		if err != nil {
			return count, err
		}
		raw, err := leave.CaseRecordJSON(det, notices, steps)
		if err != nil {
			return count, err
		}
		med, err := sealer.Seal([]byte(medical[reason]))
		if err != nil {
			return count, err
		}
		c := leave.Case{EmployeeID: p.id, Reason: reason, Schedule: schedule, Starts: start, Ends: start.AddDays(20 + g.rng.IntN(60)), NoticeOn: notice, Status: leave.CaseOpen,
			Eligible: det.Eligibility.Eligible, MedicalS: med, CreatedBy: users[pGeneralist], CreatedAt: notice.Time().Add(15 * time.Hour)}
		id, err := lw.InsertLeaveCase(ctx, c, raw)
		if err != nil {
			return count, err
		}
		count++
		if notices.RightsNoticeDue.Before(g.today.AddDays(-2)) {
			continue // the notices of older cases were sent
		}
		for _, t := range []struct {
			title string
			due   date.Date
		}{{"FMLA eligibility notice (WH-381): " + p.name(), notices.EligibilityNoticeDue}, {"FMLA rights and responsibilities notice (WH-381): " + p.name(), notices.RightsNoticeDue}} {
			if _, err := work.CreateTx(ctx, lw, hr, work.NewTaskInput{Title: t.title, Kind: "leave_notice", QueueKey: "compliance", EmployeeID: p.id, OrgUnitID: p.unit.id,
				ObjectType: "leave_case", ObjectID: id, DueOn: t.due, Priority: "high", Rule: "fmla-notices"}, c.CreatedAt); err != nil {
				return count, err
			}
		}
	}
	return count, nil
}
