package hiring

import (
	"context"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Candidate data retention. Applications are employment records under 29
// CFR 1602.14: kept at least one year from the later of making the record
// and the decision. The company may keep them longer, never shorter.
const (
	retentionKey          = "recruiting.retention_months"
	DefaultRetentionMonth = 12
	MinRetentionMonths    = 12
	MaxRetentionMonths    = 120
)

func (s *Service) retentionMonths(ctx context.Context, st Store) int {
	raw, err := st.Setting(ctx, retentionKey)
	if err != nil || raw == "" {
		return DefaultRetentionMonth
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < MinRetentionMonths || n > MaxRetentionMonths {
		return DefaultRetentionMonth
	}
	return n
}

// RetentionMonths is how long a decided candidate's personal data is kept.
func (s *Service) RetentionMonths(ctx context.Context) int { return s.retentionMonths(ctx, s.store) }

// SetRetentionMonths sets how many months after the decision a rejected
// or withdrawn candidate's personal data is kept (12 to 120: the federal
// minimum is a year). Requires hiring.ats.manage. Errors: KindInvalid,
// KindForbidden.
func (s *Service) SetRetentionMonths(ctx context.Context, a access.Actor, months int) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	if months < MinRetentionMonths || months > MaxRetentionMonths {
		return kit.Invalid("retention_months", "Keep candidates' data between 12 months (the federal minimum, 29 CFR 1602.14) and 120 months")
	}
	return s.store.InTx(ctx, func(st Store) error {
		before := s.retentionMonths(ctx, st)
		if err := st.SetSetting(ctx, retentionKey, strconv.Itoa(months)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.retention", "setting", 0, "Set candidate data retention to "+strconv.Itoa(months)+" months after the decision",
			map[string]int{"months": before}, map[string]int{"months": months})
	})
}
