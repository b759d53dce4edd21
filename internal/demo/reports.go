package demo

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/insights"
)

// writeReports saves the HR team's reports: the generalist's Operations
// roster with pay, shared with the HR managers and emailed to her every
// Monday, and the HR manager's regretted leavers of the last twelve
// months.
func (g *gen) writeReports(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) error {
	px, ok := ts.(interface{ Insights() insights.ReportStore })
	if !ok || users[pGeneralist] == 0 || users[pManager] == 0 {
		return nil
	}
	st := px.Insights()
	at := g.today.AddDays(-40).Time().Add(10 * time.Hour)
	reports := []struct {
		owner int64
		r     insights.SavedReport
		every string
	}{
		{users[pGeneralist], insights.SavedReport{Name: "Operations roster with pay", SharedRoles: []access.Role{access.RoleManager},
			Spec: insights.Spec{Subject: "employees", Columns: []string{"employee_number", "name", "job", "manager", "employment_type", "weekly_hours", "pay_amount", "pay_per"},
				Filters: []insights.Condition{{Field: "org_unit", Op: "eq", Value: "Operations"}}}}, "weekly"},
		{users[pManager], insights.SavedReport{Name: "Regretted leavers", SharedRoles: []access.Role{access.RoleDirector},
			Spec: insights.Spec{Subject: "separations", Columns: []string{"name", "last_day", "reason", "org_unit", "job"},
				Filters: []insights.Condition{{Field: "regretted", Op: "eq", Value: "yes"}}, GroupBy: "org_unit"}}, ""},
	}
	for _, x := range reports {
		x.r.OwnerUserID, x.r.CreatedAt, x.r.UpdatedAt = x.owner, at, at
		id, err := st.InsertSavedReport(ctx, x.r)
		if err != nil {
			return err
		}
		if x.every != "" {
			// The next Monday after today.
			next := g.today.AddDays(1)
			for next.Weekday() != time.Monday {
				next = next.AddDays(1)
			}
			if _, err := st.InsertSchedule(ctx, insights.Schedule{ReportID: id, UserID: x.owner, Frequency: x.every, Format: "xlsx", NextRunOn: next}, at); err != nil {
				return err
			}
		}
	}
	return nil
}
