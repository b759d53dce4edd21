// Package insights is the HR manager's strategic view across the
// domains: the executive dashboard (workforce, turnover, retention,
// structure and compliance health), the lists behind its numbers and
// their exports. It only reads: every number is computed from the
// records the domains keep, with the rules engine's methods where a
// method is defined (turnover), and each number says how it was made.
package insights

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Unit is an org unit with its materialised path ("/1/4/9/").
type Unit struct {
	ID       int64
	ParentID int64
	Name     string
	Path     string
}

// Job is a job of the catalogue with its family.
type Job struct {
	ID     int64
	Family string
}

// Query is what the store is asked for: the org units of the scope (nil:
// the whole company), the jobs of the family (nil: every job), the
// period and today.
type Query struct {
	Units    []int64
	Jobs     []int64
	From, To date.Date
	Today    date.Date
}

// Group counts the people employed at the end of today in an org unit
// and job.
type Group struct {
	OrgUnitID int64
	JobID     int64
	Count     int
	// Hours is the sum of the people's weekly hours, each capped at the
	// full-time week (FTE = Hours / FullTimeHours).
	Hours int64
}

// Flow counts employment periods that started (Started set, Ended "") or
// ended (Ended set, Started "") from the start of the period to today,
// grouped by the employee's org unit (current, or last for those who
// left) and job, and the month: "+" after the period's last day, else
// "2026-03". Separations also carry their kind and tenure band.
type Flow struct {
	OrgUnitID int64
	JobID     int64
	Started   string
	Ended     string
	Voluntary bool
	Regretted bool
	Band      int
	Count     int
	Hours     int64
	// Start and End are a separation's dates (Ends returns one flow per
	// period, Count 1; the service finds its tenure band).
	Start, End date.Date
}

// Span is a manager and how many active people report to them directly.
type Span struct {
	ManagerID int64
	Reports   int
}

// Health is the compliance backlog in scope on a day.
type Health struct {
	I9Overdue           int `json:"i9_overdue"`                   // Forms I-9 of current employees with a section past its deadline
	NoticesOverdue      int `json:"leave_notices_overdue"`        // open leave-case tasks (notices, designations) past their due date
	AcksOutstanding     int `json:"acknowledgments_outstanding"`  // published policy versions not yet acknowledged
	AcksOverdue         int `json:"acknowledgments_overdue"`      // of which past their due date
	CredentialsExpiring int `json:"credentials_expiring_90_days"` // current credentials expiring within 90 days
	CredentialsExpired  int `json:"credentials_expired"`          // credentials that expired and were not renewed, held by current employees
}

// Person is a row of a drill-down list.
type Person struct {
	EmployeeID int64     `json:"employee_id"`
	Number     string    `json:"employee_number"`
	Name       string    `json:"name"`
	OrgUnit    string    `json:"org_unit"`
	Job        string    `json:"job"`
	Family     string    `json:"job_family"`
	Start      date.Date `json:"start_date"`
	End        date.Date `json:"end_date,omitzero"`
	Reason     string    `json:"termination_reason,omitempty"`
	Voluntary  *bool     `json:"voluntary,omitempty"`
	Regretted  *bool     `json:"regretted,omitempty"`
	Hours      int       `json:"weekly_hours"`
}

// PeopleQuery selects the people behind a number.
type PeopleQuery struct {
	Query
	// Kind: headcount (employed on To), hires (started in the period),
	// separations, voluntary, involuntary, regretted (ended in it).
	Kind   string
	Limit  int
	Offset int
}

// Store is what insights reads.
type Store interface {
	InsightUnits(ctx context.Context) ([]Unit, error)
	InsightJobs(ctx context.Context) ([]Job, error)
	// HeadcountNow groups the people employed at the end of q.Today by
	// org unit and job.
	HeadcountNow(ctx context.Context, q Query) ([]Group, error)
	// StartCounts counts the people employed at the end of q.Today by the
	// start of their current employment between thresholds (in
	// descending order): count i holds starts after thresholds[i] and on
	// or before thresholds[i-1] (count 0: after thresholds[0]; the last:
	// on or before the last threshold).
	StartCounts(ctx context.Context, q Query, thresholds []date.Date) ([]int, error)
	// Starts groups the periods that started from q.From to q.Today;
	// Ends lists those that ended in it, one flow each with its dates.
	Starts(ctx context.Context, q Query) ([]Flow, error)
	Ends(ctx context.Context, q Query) ([]Flow, error)
	// HireCohort counts the periods that started from q.From to q.To and
	// those of them that ended before lasting days days (when days > 0)
	// or months completed months.
	HireCohort(ctx context.Context, q Query, days, months int) (hired, left int, err error)
	InsightManagerSpans(ctx context.Context, q Query) ([]Span, error)
	// InsightManagerChain maps every active employee with direct reports
	// to their own manager (0 at the top).
	InsightManagerChain(ctx context.Context) (map[int64]int64, error)
	ComplianceHealth(ctx context.Context, q Query) (Health, error)
	InsightPeople(ctx context.Context, q PeopleQuery) ([]Person, int, error)
	// ReportRows runs a report: at most q.Limit rows, and the total.
	ReportRows(ctx context.Context, q ReportQuery) ([][]string, int, error)
	// ReportGroups counts a report's rows by q.GroupBy (at most 500
	// values, the most frequent first).
	ReportGroups(ctx context.Context, q ReportQuery) ([]ValueCount, error)
}

// Service computes the insights.
type Service struct {
	store   Store
	clock   kit.Clock
	plan    PlanSource
	cases   CaseSource
	domains DomainSources

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	v  any
	at time.Time
}

// cacheTTL is how long a computed dashboard is reused for the same scope
// and filter on this instance. Forget drops them all (the app calls it
// after people changes on this instance).
const cacheTTL = time.Minute

// New returns the service.
func New(st Store, clock kit.Clock) *Service {
	return &Service{store: st, clock: clock}
}

func (s *Service) now() time.Time { return s.clock.Now() }

// Forget drops the cached dashboards, so the next read computes them.
func (s *Service) Forget() {
	s.mu.Lock()
	s.cache = nil
	s.mu.Unlock()
}

func (s *Service) cached(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[key]
	now := s.now()
	if !ok || now.Sub(c.at) >= cacheTTL || now.Before(c.at) {
		return nil, false
	}
	return c.v, true
}

func (s *Service) keep(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil || len(s.cache) > 200 {
		s.cache = map[string]cached{}
	}
	s.cache[key] = cached{v: v, at: s.now()}
}

// Today is the service's current date.
func (s *Service) Today() date.Date { return date.Of(s.now()) }

// Filter is what the dashboard shows: a period of whole months (From is
// moved to the first of its month; To is the last day counted), an org
// unit within the reader's scope (0: all of it) and a job family.
type Filter struct {
	From      date.Date `json:"from"`
	To        date.Date `json:"to"`
	OrgUnitID int64     `json:"org_unit_id,omitempty"`
	JobFamily string    `json:"job_family,omitempty"`
}

// MaxMonths is the longest period the dashboard takes: turnover is an
// annual measure (the sum of twelve monthly rates).
const MaxMonths = 12

// Normalize fills the defaults (the twelve months to today) and checks
// the period. Errors: KindInvalid with field errors.
func (f *Filter) Normalize(today date.Date) error {
	fe := kit.FieldErrors{}
	if f.To.IsZero() {
		f.To = today
	}
	if f.From.IsZero() {
		f.From = f.To.FirstOfMonth().AddMonths(-(MaxMonths - 1))
	}
	f.From = f.From.FirstOfMonth()
	switch {
	case f.To.After(today):
		fe.Add("to", "Cannot be in the future")
	case f.To.Before(f.From):
		fe.Add("to", "Must be on or after the start of the period")
	case monthsBetween(f.From, f.To) > MaxMonths:
		fe.Add("from", fmt.Sprintf("The period can cover at most %d months", MaxMonths))
	}
	if f.OrgUnitID < 0 {
		fe.Add("org_unit_id", "Choose an org unit")
	}
	f.JobFamily = strings.TrimSpace(f.JobFamily)
	return fe.Err()
}

// monthsBetween counts the calendar months from's month through to's.
func monthsBetween(from, to date.Date) int {
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
}

// scope resolves what the actor may read under insights.view, narrowed to
// the filter's org unit and job family. Errors: KindForbidden (no
// grant), KindNotFound (an org unit outside the scope or unknown).
func (s *Service) scope(ctx context.Context, a access.Actor, f Filter) (Query, view, error) {
	paths, whole := access.ScopePaths(a, access.InsightsView)
	if !whole && len(paths) == 0 {
		return Query{}, view{}, kit.Forbidden("the executive dashboard is for HR managers and directors")
	}
	units, err := s.store.InsightUnits(ctx)
	if err != nil {
		return Query{}, view{}, err
	}
	jobs, err := s.store.InsightJobs(ctx)
	if err != nil {
		return Query{}, view{}, err
	}
	v := view{units: units, jobs: map[int64]string{}, paths: paths, whole: whole}
	for _, j := range jobs {
		v.jobs[j.ID] = j.Family
	}
	q := Query{From: f.From, To: f.To, Today: s.Today()}
	if f.OrgUnitID != 0 {
		for _, u := range units {
			if u.ID == f.OrgUnitID {
				v.root = u
			}
		}
		if v.root.ID == 0 || !covered(v.root.Path, paths, whole) {
			return Query{}, view{}, kit.NotFound("org unit")
		}
		paths, whole = []string{v.root.Path}, false
	}
	if !whole {
		q.Units = []int64{}
		for _, u := range units {
			if covered(u.Path, paths, false) {
				q.Units = append(q.Units, u.ID)
			}
		}
	}
	v.whole = whole && f.OrgUnitID == 0
	if f.JobFamily != "" {
		q.Jobs = []int64{}
		for _, j := range jobs {
			if j.Family == f.JobFamily {
				q.Jobs = append(q.Jobs, j.ID)
			}
		}
	}
	return q, v, nil
}

// view is what the breakdowns need besides the query.
type view struct {
	units []Unit
	jobs  map[int64]string // family by job
	root  Unit             // the filter's org unit
	paths []string         // the reader's scope
	whole bool             // the whole company, no org unit chosen
}

func covered(path string, paths []string, whole bool) bool {
	if whole {
		return true
	}
	for _, p := range paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

func scopeKey(q Query) string {
	return fmt.Sprintf("%v|%v|%s|%s|%s", q.Units, q.Jobs, q.From, q.To, q.Today)
}
