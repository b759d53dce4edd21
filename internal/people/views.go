package people

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Directory lists employees with search, filters and keyset paging. Every
// employee may browse the directory. Errors: KindForbidden, KindInvalid
// (bad cursor).
func (s *Service) Directory(ctx context.Context, a access.Actor, f DirectoryFilter) (DirectoryPage, error) {
	if err := access.Require(a, access.DirectoryView, access.CompanyTarget); err != nil {
		return DirectoryPage{}, err
	}
	f.Q = strings.ToLower(strings.TrimSpace(f.Q))
	if len(f.Q) > 100 {
		f.Q = f.Q[:100]
	}
	switch f.Status {
	case "", StatusActive:
		f.Status = StatusActive
	case StatusTerminated, "all":
	default:
		return DirectoryPage{}, kit.Invalid("status", "Must be active, terminated or all")
	}
	if f.Status != StatusActive {
		// Former employees are HR records.
		paths, whole := access.ScopePaths(a, access.JobHistoryView)
		if !whole && len(paths) == 0 {
			return DirectoryPage{}, kit.Forbidden("only HR can list former employees")
		}
		if !whole {
			f.ScopePaths = paths
		}
	}
	f.Limit = kit.Page{Limit: f.Limit}.Normalize().Limit
	total, cached, err := s.cachedTotal(ctx, a, f)
	if err != nil {
		return DirectoryPage{}, err
	}
	if cached {
		f.SkipCount = true
	} else {
		f.CountCap = directoryCountCap
	}
	page, err := s.store.Directory(ctx, f)
	if cached {
		page.Total = total
	}
	return page, err
}

// cachedTotal answers the directory's count from the cached headcounts
// when the only filters are one department subtree or one location (the
// commonest views), instead of counting up to 100,000 rows per page.
func (s *Service) cachedTotal(ctx context.Context, a access.Actor, f DirectoryFilter) (int, bool, error) {
	if f.Q != "" || f.JobID != 0 || f.ManagerID != 0 || len(f.ScopePaths) != 0 || f.Status != StatusActive || (f.OrgUnitID != 0 && f.LocationID != 0) {
		return 0, false, nil
	}
	c, err := s.headcounts(ctx)
	if err != nil {
		return 0, false, err
	}
	total := 0
	switch {
	case f.LocationID != 0:
		total = c.byLocation[f.LocationID]
	case f.OrgUnitID != 0:
		ref, err := s.LoadReference(ctx, a)
		if err != nil {
			return 0, false, err
		}
		var prefix string
		for _, u := range ref.OrgUnits {
			if u.ID == f.OrgUnitID {
				prefix = u.Path
			}
		}
		if prefix == "" {
			return 0, false, nil
		}
		for _, u := range ref.OrgUnits {
			if strings.HasPrefix(u.Path, prefix) {
				total += c.byOrg[u.ID]
			}
		}
	default:
		for _, n := range c.byOrg {
			total += n
		}
	}
	return total, true, nil
}

// directoryCountCap bounds the count behind a filtered directory page.
const directoryCountCap = 10000

// Profile is an employee as the actor may see them.
type Profile struct {
	Employee Employee
	Manager  *Employee
	Reports  []Employee
	Job      Job
	Can      map[access.Permission]bool
	Self     bool
}

// profilePerms are the permissions the profile page shows or hides by.
var profilePerms = []access.Permission{
	access.PersonalView, access.PersonalEdit, access.JobHistoryView, access.PayView, access.SensitiveView,
	access.SensitiveEdit, access.EmployeeEdit, access.EmployeeJobChange, access.EmployeePayChange,
	access.TerminationRequest, access.TerminationDecide, access.HoursView, access.HoursImport,
	access.DocumentView, access.DocumentUpload, access.ContactsEdit, access.EmployeeHire,
}

// GetProfile returns an employee's profile with what the actor may do.
// Every employee may open a profile; personal fields are blanked without
// people.personal.view. Errors: KindForbidden, KindNotFound.
func (s *Service) GetProfile(ctx context.Context, a access.Actor, id int64) (Profile, error) {
	st := s.store
	t, err := s.target(ctx, st, id)
	if err != nil {
		return Profile{}, err
	}
	if err := access.Require(a, access.ProfileView, t); err != nil {
		return Profile{}, err
	}
	e, err := st.GetEmployee(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{Employee: e, Can: map[access.Permission]bool{}, Self: a.EmployeeID == id}
	for _, perm := range profilePerms {
		p.Can[perm] = access.Can(a, perm, t)
	}
	if e.Status != StatusActive && !p.Can[access.JobHistoryView] {
		return Profile{}, kit.NotFound("employee")
	}
	if !p.Can[access.PersonalView] {
		p.Employee.PersonalEmail, p.Employee.Phone, p.Employee.HomeAddress = "", "", ""
		p.Employee.Gender, p.Employee.EEORaceEthnicity = "", ""
	}
	if !p.Can[access.PayView] {
		p.Employee.Pay = Pay{}
	}
	if !p.Can[access.SensitiveView] {
		p.Employee.SSNLast4 = ""
	}
	if e.ManagerID != 0 {
		if m, err := st.GetEmployee(ctx, e.ManagerID); err == nil {
			p.Manager = &m
		}
	}
	if p.Reports, err = st.DirectReports(ctx, id); err != nil {
		return p, err
	}
	p.Job, _ = st.GetJob(ctx, e.JobID)
	return p, nil
}

// History is the effective-dated record of an employee.
type History struct {
	Assignments []Assignment
	Pay         []PayRecord // empty without people.pay.view
	Periods     []EmploymentPeriod
}

// GetHistory returns job, manager, location and (with permission) pay
// history, newest first. Requires people.job_history.view. Errors:
// KindForbidden, KindNotFound.
func (s *Service) GetHistory(ctx context.Context, a access.Actor, id int64) (History, error) {
	var h History
	t, err := s.target(ctx, s.store, id)
	if err != nil {
		return h, err
	}
	if err := access.Require(a, access.JobHistoryView, t); err != nil {
		return h, err
	}
	if h.Assignments, err = s.store.ListAssignments(ctx, id); err != nil {
		return h, err
	}
	if h.Periods, err = s.store.ListPeriods(ctx, id); err != nil {
		return h, err
	}
	if access.Can(a, access.PayView, t) {
		if h.Pay, err = s.store.ListPayRecords(ctx, id); err != nil {
			return h, err
		}
	}
	return h, nil
}

// PayRecord returns one pay record: the employee's own, or HR with
// people.pay.view over the employee (a pay question links to it).
// Errors: KindNotFound (also when the actor may not see it).
func (s *Service) PayRecord(ctx context.Context, a access.Actor, id int64) (PayRecord, error) {
	p, err := s.store.GetPayRecord(ctx, id)
	if err != nil {
		return p, err
	}
	t, err := s.store.Target(ctx, p.EmployeeID)
	if err != nil || !access.Can(a, access.PayView, t) {
		return PayRecord{}, kit.NotFound("pay record")
	}
	return p, nil
}

// Compensation is current pay against the pay grade.
type Compensation struct {
	Pay         Pay
	PayGradeID  int64
	Grade       *PayGrade // the grade's range in the worksite's pay zone
	AnnualCents int64
	// FTEAnnualCents is the pay compared with the range: annualised to
	// full time (a part-time salary scaled to 40 hours a week).
	FTEAnnualCents   int64
	Zone             string // the worksite's pay zone ("" for none)
	ZoneBP           int    // its differential in basis points (10000 = 100%)
	CompaRatio       *float64
	RangePenetration *float64
	Position         string // below_range | in_range | above_range | "" without a grade
}

// GetCompensation returns pay with compa-ratio and range position.
// Requires people.pay.view. Errors: KindForbidden, KindNotFound.
func (s *Service) GetCompensation(ctx context.Context, a access.Actor, id int64) (Compensation, error) {
	var c Compensation
	if err := s.require(ctx, s.store, a, access.PayView, id); err != nil {
		return c, err
	}
	e, err := s.store.GetEmployee(ctx, id)
	if err != nil {
		return c, err
	}
	c.Pay, c.AnnualCents, c.FTEAnnualCents = e.Pay, e.Pay.AnnualCents(), FTEAnnualCents(e.Pay, e.WeeklyHours)
	j, err := s.store.GetJob(ctx, e.JobID)
	if err != nil || j.PayGradeID == 0 {
		return c, nil
	}
	g, err := s.store.GetPayGrade(ctx, j.PayGradeID)
	if err != nil {
		return c, nil
	}
	if c.Zone, c.ZoneBP, err = s.store.PayZoneOf(ctx, e.LocationID); err != nil {
		return c, err
	}
	g = g.Zoned(c.ZoneBP)
	c.PayGradeID, c.Grade = g.ID, &g
	if g.Currency != "" && g.Currency != e.Pay.Currency {
		return c, nil
	}
	cr, rp, pos := CompaRatio(c.FTEAnnualCents, g)
	c.CompaRatio, c.RangePenetration, c.Position = &cr, rp, pos
	return c, nil
}

// FTEAnnualCents annualises pay to a full-time equivalent, the basis of
// pay ranges: hourly rates at 2,080 hours, a part-time salary scaled to
// 40 hours a week.
func FTEAnnualCents(p Pay, weeklyHours int) int64 {
	if p.Per == "hour" {
		return p.AmountCents * 2080
	}
	if weeklyHours > 0 && weeklyHours < 40 {
		return int64(math.Round(float64(p.AmountCents) * 40 / float64(weeklyHours)))
	}
	return p.AmountCents
}

// ScheduledAnnualCents is what pay costs in a year: a salary as it is, an
// hourly rate over the scheduled weekly hours (40 when unknown) × 52.
// Budgets (merit, bonus, payroll cost, total rewards) are set on it;
// ranges compare FTEAnnualCents.
func ScheduledAnnualCents(p Pay, weeklyHours int) int64 {
	if p.Per != "hour" {
		return p.AmountCents
	}
	if weeklyHours <= 0 {
		weeklyHours = 40
	}
	return p.AmountCents * int64(weeklyHours) * 52
}

// DepartmentOf is the department of an org unit from its path: the unit
// just under the root ("/1/4/9/" → 4), or the unit itself at the root.
func DepartmentOf(path string, unit int64) int64 {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) > 1 {
		if id, err := strconv.ParseInt(parts[1], 10, 64); err == nil {
			return id
		}
	}
	return unit
}

// Zoned applies a pay zone's differential (basis points of the national
// range; 0 or 10000 leave it as it is) to the grade's range.
func (g PayGrade) Zoned(bp int) PayGrade {
	if bp <= 0 || bp == 10000 {
		return g
	}
	z := func(c int64) int64 { return int64(math.Round(float64(c) * float64(bp) / 10000)) }
	g.MinCents, g.MidpointCents, g.MaxCents = z(g.MinCents), z(g.MidpointCents), z(g.MaxCents)
	return g
}

// CompaRatio computes pay / midpoint (4 decimals), range penetration
// ((pay - min) / (max - min), nil when max = min) and the range position.
func CompaRatio(annualCents int64, g PayGrade) (float64, *float64, string) {
	cr := round4(float64(annualCents) / float64(g.MidpointCents))
	var rp *float64
	if g.MaxCents > g.MinCents {
		v := round4(float64(annualCents-g.MinCents) / float64(g.MaxCents-g.MinCents))
		rp = &v
	}
	pos := "in_range"
	switch {
	case annualCents < g.MinCents:
		pos = "below_range"
	case annualCents > g.MaxCents:
		pos = "above_range"
	}
	return cr, rp, pos
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// OrgChart is a node of the reporting-line tree with its direct reports.
type OrgChart struct {
	Root    *Employee
	Chain   []Employee // the root's managers, top first
	Reports []Employee
	Tops    []Employee // when no root: the people at the top of the org
}

// GetOrgChart returns the reporting lines around root (or the top of the
// org when root is 0), one level at a time so that 100,000-person trees
// stay fast. Every employee may view it. Errors: KindForbidden,
// KindNotFound.
func (s *Service) GetOrgChart(ctx context.Context, a access.Actor, root int64) (OrgChart, error) {
	var oc OrgChart
	if err := access.Require(a, access.DirectoryView, access.CompanyTarget); err != nil {
		return oc, err
	}
	if root == 0 {
		var err error
		oc.Tops, err = s.store.TopOfOrg(ctx)
		return oc, err
	}
	e, err := s.store.GetEmployee(ctx, root)
	if err != nil {
		return oc, err
	}
	if e.Status != StatusActive {
		return oc, kit.NotFound("employee")
	}
	oc.Root = &e
	chain, err := s.store.ManagerChain(ctx, root)
	if err != nil {
		return oc, err
	}
	for i := len(chain) - 1; i >= 0; i-- {
		m, err := s.store.GetEmployee(ctx, chain[i])
		if err != nil {
			return oc, err
		}
		oc.Chain = append(oc.Chain, m)
	}
	oc.Reports, err = s.store.DirectReports(ctx, root)
	return oc, err
}

// OrgTree returns every org unit with its headcount, in tree order. Every
// employee may view it. Errors: KindForbidden.
func (s *Service) OrgTree(ctx context.Context, a access.Actor) ([]OrgUnit, error) {
	if err := access.Require(a, access.DirectoryView, access.CompanyTarget); err != nil {
		return nil, err
	}
	ref, err := s.LoadReference(ctx, a)
	if err != nil {
		return nil, err
	}
	units := ref.OrgUnits
	c, err := s.headcounts(ctx)
	if err != nil {
		return nil, err
	}
	for i := range units {
		units[i].Headcount = c.byOrg[units[i].ID]
	}
	return units, nil
}

// Overview returns headcount, hires, exits and annualised turnover over
// the actor's HR scope. Requires people.job_history.view (HR roles).
// Errors: KindForbidden.
func (s *Service) Overview(ctx context.Context, a access.Actor) (Headline, error) {
	paths, whole := access.ScopePaths(a, access.JobHistoryView)
	if !whole && len(paths) == 0 {
		return Headline{}, kit.Forbidden("only HR sees company numbers")
	}
	hs, ok := s.store.(HeadlineStore)
	if !ok {
		return Headline{}, kit.Forbidden("headline numbers are not available")
	}
	today, now := s.Today(), s.clock.Now()
	key := fmt.Sprintf("%v|%s|%s", whole, strings.Join(paths, ","), today)
	s.refMu.Lock()
	if c, ok := s.headlines[key]; ok && now.Sub(c.at) < refTTL && !now.Before(c.at) {
		s.refMu.Unlock()
		return c.h, nil
	}
	s.refMu.Unlock()
	h, err := hs.Headline(ctx, paths, whole, today)
	if err != nil {
		return h, err
	}
	s.refMu.Lock()
	if s.headlines == nil || len(s.headlines) > 1000 {
		s.headlines = map[string]cachedHeadline{}
	}
	s.headlines[key] = cachedHeadline{h: h, at: now}
	s.refMu.Unlock()
	return h, nil
}

// TurnoverPct is separations over the last year divided by the average
// headcount, as a percentage (SHRM/BLS method), or 0 without headcount.
func (h Headline) TurnoverPct() float64 {
	if h.AvgHeadcount365 == 0 {
		return 0
	}
	return math.Round(float64(h.ExitsLast365)/h.AvgHeadcount365*10000) / 100
}
