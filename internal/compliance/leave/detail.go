package leave

import (
	"context"
	"slices"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// fill reads a case's notices, documents, usage, programs and balances.
func (s *Cases) fill(ctx context.Context, st CaseStore, c *Case) error {
	var err error
	if c.Sent, err = st.ListLeaveNotices(ctx, c.ID); err != nil {
		return err
	}
	if c.Documents, err = st.ListLeaveDocuments(ctx, c.ID); err != nil {
		return err
	}
	e, err := st.GetEmployee(ctx, c.EmployeeID)
	if err != nil {
		return err
	}
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	usage, err := st.ListLeaveUsage(ctx, c.EmployeeID)
	if err != nil {
		return err
	}
	c.Usage = nil
	for _, u := range usage {
		if u.CaseID == c.ID {
			c.Usage = append(c.Usage, u)
			c.Unprotected += u.Unprotected
		}
	}
	c.Unprotected = round2(c.Unprotected)
	if err := s.balance(ctx, st, c, e, set, usage); err != nil {
		return err
	}
	return nil
}

// balance computes the FMLA entitlement today with all the employee's
// recorded usage, and each program's balance.
func (s *Cases) balance(ctx context.Context, st CaseStore, c *Case, e people.Employee, set rules.Settings, usage []Usage) error {
	cg, err := s.caregiverCases(ctx, st, e.ID)
	if err != nil {
		return err
	}
	f := entitlementFacts(*c, e, usage, cg)
	f.Method, f.AsOf = methodFor(set), s.today()
	if c.Reason == "military_caregiver" && f.FirstCaregiverLeaveDay.IsZero() {
		f.FirstCaregiverLeaveDay = date.Max(c.Starts, s.today().AddMonths(-12).AddDays(1))
	}
	if f.AsOf.Before(c.Starts) {
		f.AsOf = c.Starts
	}
	if c.Balance, c.BalanceSteps, err = rules.FMLAEntitlement(f, set); err != nil {
		return err
	}
	progs, err := st.ListCasePrograms(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	if len(progs) == 0 {
		c.Programs = nil
		return nil
	}
	all, err := st.ListLeavePrograms(ctx)
	if err != nil {
		return err
	}
	mine, err := st.ListCasePrograms(ctx, 0, e.ID)
	if err != nil {
		return err
	}
	for i := range progs {
		j := slices.IndexFunc(all, func(p Program) bool { return p.Key == progs[i].Key })
		if j < 0 {
			continue
		}
		designated := map[int64]bool{}
		for _, m := range mine {
			if m.Key == progs[i].Key && m.Designated {
				designated[m.CaseID] = true
			}
		}
		programBalance(&progs[i], all[j], weeklyOf(e), usage, designated, f.AsOf, c.Balance)
	}
	c.Programs = progs
	return nil
}

func weeklyOf(e people.Employee) float64 {
	if e.WeeklyHours <= 0 {
		return 40
	}
	return float64(e.WeeklyHours)
}

// Dashboard is the HR manager's view of leave in their scope.
type Dashboard struct {
	Open               int
	AwaitingApproval   int
	PendingDesignation int
	CertOutstanding    int
	NoticesOverdue     int
	NoticesDueSoon     int // due in the next 5 days
	ByReason           []Count
	ByUnit             []Count
	Due                []DueItem
	Patterns           []Pattern
}

// Count is one bar of a breakdown.
type Count struct {
	Key   string
	Label string
	N     int
}

// DueItem is a notice or certification task coming due.
type DueItem struct {
	CaseID       int64
	EmployeeName string
	Title        string
	DueOn        date.Date
	Overdue      bool
}

// Pattern flags intermittent leave that falls mostly next to weekends:
// a reason an employer may ask for recertification sooner (29 CFR
// 825.308(c)(2)).
type Pattern struct {
	CaseID       int64
	EmployeeName string
	OrgUnit      string
	Episodes     int
	AdjacentDays int // Mondays and Fridays
	Share        float64
}

// Dashboard returns the leave dashboard for the actor's scope. Requires
// leave.dashboard.view. Errors: KindForbidden.
func (s *Cases) Dashboard(ctx context.Context, a access.Actor) (Dashboard, error) {
	if !access.CanAnywhere(a, access.LeaveDashboard) {
		return Dashboard{}, kit.Forbidden("the leave dashboard is for HR managers and directors")
	}
	paths, whole := access.ScopePaths(a, access.LeaveDashboard)
	d, err := s.store.LeaveDashboard(ctx, paths, whole, s.today())
	if err != nil {
		return d, err
	}
	for i := range d.ByReason {
		d.ByReason[i].Label = ReasonLabels[d.ByReason[i].Key]
	}
	for i := range d.Patterns {
		if d.Patterns[i].Episodes > 0 {
			d.Patterns[i].Share = float64(d.Patterns[i].AdjacentDays) / float64(d.Patterns[i].Episodes)
		}
	}
	return d, nil
}

// CanManage reports whether the actor administers the case (HR with
// leave.cases.manage over the employee).
func (s *Cases) CanManage(ctx context.Context, a access.Actor, c Case) bool {
	t, err := s.store.Target(ctx, c.EmployeeID)
	return err == nil && access.Can(a, access.LeaveCaseManage, t)
}
