package demo

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// writeCompanySettings gives Northwind its rules settings (DEMO.md: the
// FMLA year is measured rolling backward; the business calendar is the US
// federal one) and its closures: the day after Thanksgiving and Christmas
// Eve, from three years back to next year.
func writeCompanySettings(ctx context.Context, cs compliance.Store, today date.Date) error {
	if err := compliance.WriteSettings(ctx, cs, compliance.Settings{BusinessCalendar: "US_FED", FMLAMethod: "rolling_backward"}); err != nil {
		return err
	}
	for y := today.Year() - 3; y <= today.Year()+1; y++ {
		// Thanksgiving is the fourth Thursday of November.
		first := date.New(y, time.November, 1)
		offset := (int(time.Thursday) - int(first.Weekday()) + 7) % 7
		thanksgiving := first.AddDays(offset + 21)
		for _, c := range []compliance.Closure{
			{Date: thanksgiving.AddDays(1), Name: "Day after Thanksgiving"},
			{Date: date.New(y, time.December, 24), Name: "Christmas Eve"},
		} {
			if c.Date.IsWeekend() {
				continue
			}
			if err := cs.AddClosure(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}
