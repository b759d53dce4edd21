package hiring

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// DefaultSLADays is how many days an active candidate may sit in one
// stage before being flagged "waiting on us", until an HR manager sets
// another number.
const DefaultSLADays = 5

const slaKey = "recruiting.sla_days"

// SLADays is the candidate SLA in force.
func (s *Service) SLADays(ctx context.Context) int { return slaDays(ctx, s.store) }

func slaDays(ctx context.Context, st Store) int {
	if v, err := st.Setting(ctx, slaKey); err == nil {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 30 {
			return n
		}
	}
	return DefaultSLADays
}

// SetSLADays sets after how many days in one stage an active candidate
// is flagged (1 to 30). Requires hiring.ats.manage. Errors: KindInvalid,
// KindForbidden.
func (s *Service) SetSLADays(ctx context.Context, a access.Actor, days int) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	if days < 1 || days > 30 {
		return kit.Invalid("sla_days", "Choose from 1 to 30 days")
	}
	return s.inTx(ctx, func(st Store) error {
		before := slaDays(ctx, st)
		if err := st.SetSetting(ctx, slaKey, strconv.Itoa(days)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.sla", "setting", 0, fmt.Sprintf("Candidates are flagged after %d days in one stage", days),
			map[string]int{"days": before}, map[string]int{"days": days})
	})
}

// Waiting is the candidates waiting on the recruiters: active, longer
// than the SLA in one stage, oldest first.
type Waiting struct {
	Days  int
	Total int
	Items []Application
}

// WaitingOnUs lists the active candidates in the actor's scope who have
// sat in one stage longer than the SLA, the longest first (at most
// limit), with their total. Requires hiring.candidates.manage over some
// org unit; the list covers the units it reaches. Errors: KindForbidden.
func (s *Service) WaitingOnUs(ctx context.Context, a access.Actor, limit int) (Waiting, error) {
	paths, whole := access.ScopePaths(a, access.CandidateManage)
	if !whole && len(paths) == 0 {
		return Waiting{}, access.Require(a, access.CandidateManage, access.CompanyTarget)
	}
	w := Waiting{Days: slaDays(ctx, s.store)}
	var err error
	w.Items, w.Total, err = s.store.WaitingApplications(ctx, s.now().Add(-time.Duration(w.Days)*24*time.Hour), paths, whole, limit)
	return w, err
}
