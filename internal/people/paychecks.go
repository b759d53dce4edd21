package people

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// KeyMinimumWage is the company's minimum hourly wage in US cents (the
// payroll settings keep it); DefaultMinimumWageCents, the federal minimum
// wage of $7.25 (29 U.S.C. 206(a)(1)(C)), applies until it is set.
const (
	KeyMinimumWage          = "pay.minimum_hourly_cents"
	DefaultMinimumWageCents = 725
)

// checkPayrollLock refuses a change effective in a pay period already
// exported to payroll unless it is recorded as a correction (which then
// goes to payroll with the next export, marked as correcting that
// period).
func checkPayrollLock(ctx context.Context, st Store, f kit.FieldErrors, field string, d date.Date, reason string) error {
	if d.IsZero() || f.Has(field) || reason == "correction" {
		return nil
	}
	locked, err := st.PayrollLockedThrough(ctx)
	if err != nil {
		return err
	}
	if !locked.IsZero() && !d.After(locked) {
		f.Add(field, "Payroll through "+locked.String()+" was exported; choose a date from "+locked.AddDays(1).String()+", or the reason Correction to correct an exported pay period")
	}
	return nil
}

// checkMinimumWage refuses US pay below the company's minimum hourly
// wage. A salary is compared at its hourly equivalent over the scheduled
// weekly hours (the stricter reading: the salary must cover every
// scheduled hour at the minimum).
func checkMinimumWage(ctx context.Context, st Store, f kit.FieldErrors, p Pay, weeklyHours int) error {
	if p.Currency != "USD" || p.AmountCents <= 0 || f.Has("pay.amount_cents") {
		return nil
	}
	v, err := st.Setting(ctx, KeyMinimumWage)
	if err != nil {
		return err
	}
	min := int64(DefaultMinimumWageCents)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		min = n
	}
	if weeklyHours <= 0 {
		weeklyHours = 40
	}
	hourly := p.AmountCents
	if p.Per == "year" {
		hourly = p.AmountCents / int64(weeklyHours*52)
	}
	if hourly < min {
		msg := fmt.Sprintf("Below the minimum wage of USD %s an hour", kit.FormatCents(min))
		if p.Per == "year" {
			msg += fmt.Sprintf(" (this salary is USD %s an hour at %d hours a week)", kit.FormatCents(hourly), weeklyHours)
		}
		f.Add("pay.amount_cents", msg)
	}
	return nil
}

// checkGradeCurrency refuses pay in another currency than the job's pay
// grade.
func checkGradeCurrency(ctx context.Context, st Store, f kit.FieldErrors, jobID int64, p Pay) error {
	if jobID == 0 || f.Has("pay.currency") || f.Has("job_id") {
		return nil
	}
	j, err := st.GetJob(ctx, jobID)
	if err != nil || j.PayGradeID == 0 {
		return nil
	}
	g, err := st.GetPayGrade(ctx, j.PayGradeID)
	if err != nil {
		return err
	}
	if g.Currency != "" && g.Currency != p.Currency {
		f.Add("pay.currency", "The job's pay grade ("+g.Name+") is in "+g.Currency+"; pay in the same currency")
	}
	return nil
}
