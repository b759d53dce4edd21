package benefits

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// CensusRow is the store's sum of coverage by plan and tier.
type CensusRow struct {
	PlanID           int64
	PlanName, Type   string
	Tier             string
	Count            int
	Dependents       int
	EmployeeCents    int64
	EmployerCents    int64
	COBRA            int
	EmployerNonCOBRA int64
}

// CensusLine is one plan's enrollment by tier.
type CensusLine struct {
	PlanID    int64          `json:"plan_id"`
	PlanName  string         `json:"plan_name"`
	Type      string         `json:"type"`
	ByTier    map[string]int `json:"by_tier"`
	Enrolled  int            `json:"enrolled"`
	Covered   int            `json:"covered_lives" doc:"Employees and dependents"`
	Employee  int64          `json:"employee_cents_per_period"`
	Employer  int64          `json:"employer_cents_per_period"`
	COBRA     int            `json:"cobra"`
	Waived    int            `json:"waived,omitempty"`
	TypeLabel string         `json:"-"`
}

// scope is the actor's benefits.admin scope.
func scope(a access.Actor) ([]string, bool, error) {
	paths, whole := access.ScopePaths(a, access.BenefitsAdmin)
	if !whole && len(paths) == 0 {
		return nil, false, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return paths, whole, nil
}

// Census is the enrollment census on a day: per plan, the employees by
// tier, the covered lives and the cost per pay period, in scope.
// Requires benefits.admin.
func (s *Service) Census(ctx context.Context, a access.Actor, day date.Date) ([]CensusLine, error) {
	paths, whole, err := scope(a)
	if err != nil {
		return nil, err
	}
	if day.IsZero() {
		day = s.today()
	}
	rows, err := s.store.BenefitCensus(ctx, day, paths, whole)
	if err != nil {
		return nil, err
	}
	by := map[int64]*CensusLine{}
	for _, r := range rows {
		l := by[r.PlanID]
		if l == nil {
			l = &CensusLine{PlanID: r.PlanID, PlanName: r.PlanName, Type: r.Type, TypeLabel: TypeLabel(r.Type), ByTier: map[string]int{}}
			by[r.PlanID] = l
		}
		l.ByTier[r.Tier] += r.Count
		l.Enrolled += r.Count
		l.Covered += r.Count + r.Dependents
		l.Employee += r.EmployeeCents
		l.Employer += r.EmployerCents
		l.COBRA += r.COBRA
	}
	out := make([]CensusLine, 0, len(by))
	for _, l := range by {
		out = append(out, *l)
	}
	rank := map[string]int{}
	for i, t := range Types {
		rank[t] = i
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return rank[out[i].Type] < rank[out[j].Type]
		}
		return out[i].PlanName < out[j].PlanName
	})
	return out, nil
}

// Deductions is the deductions register on a day: every coverage in force
// with its employee deduction and employer contribution per pay period,
// in scope. Requires benefits.admin.
func (s *Service) Deductions(ctx context.Context, a access.Actor, day date.Date) ([]Coverage, error) {
	paths, whole, err := scope(a)
	if err != nil {
		return nil, err
	}
	if day.IsZero() {
		day = s.today()
	}
	cs, err := s.store.Coverages(ctx, 0, day, paths, whole)
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].EmployeeName != cs[j].EmployeeName {
			return cs[i].EmployeeName < cs[j].EmployeeName
		}
		return cs[i].PlanName < cs[j].PlanName
	})
	return cs, err
}

// OverAge is a covered child at or past the plan's age limit.
type OverAge struct {
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name"`
	DependentID  int64     `json:"dependent_id"`
	Dependent    string    `json:"dependent_name"`
	Age          int       `json:"age"`
	PlanName     string    `json:"plan_name"`
	AgeLimit     int       `json:"age_limit"`
	LimitDate    date.Date `json:"reaches_limit_on"`
	Disabled     bool      `json:"disabled"`
}

// OverAgeLimit lists covered children who reach their plan's age limit by
// the day given (the end of the plan year when zero): their coverage ends
// and COBRA (loss of dependent status) applies, unless disabled.
// Requires benefits.admin.
func (s *Service) OverAgeLimit(ctx context.Context, a access.Actor, by date.Date) ([]OverAge, error) {
	paths, whole, err := scope(a)
	if err != nil {
		return nil, err
	}
	today := s.today()
	if by.IsZero() {
		by = date.New(today.Year(), 12, 31)
	}
	plans, err := s.store.BenefitPlans(ctx, date.Date{})
	if err != nil {
		return nil, err
	}
	minLimit := 0
	byID := map[int64]Plan{}
	for _, p := range plans {
		byID[p.ID] = p
		if p.Tiered() && (minLimit == 0 || p.ChildAgeLimit < minLimit) {
			minLimit = p.ChildAgeLimit
		}
	}
	if minLimit == 0 {
		return nil, nil
	}
	// Only the children born early enough to reach the lowest limit by
	// the day (the year of birth is kept in clear for this).
	kids, err := s.store.ChildDependents(ctx, by.Year()-minLimit)
	if err != nil {
		return nil, err
	}
	var out []OverAge
	seen := map[int64][]Coverage{}
	for _, d := range kids {
		if err := s.open(&d); err != nil {
			return nil, err
		}
		cs, ok := seen[d.EmployeeID]
		if !ok {
			if cs, err = s.store.Coverages(ctx, d.EmployeeID, date.Date{}, nil, true); err != nil {
				return nil, err
			}
			seen[d.EmployeeID] = cs
		}
		for _, c := range cs {
			if c.COBRA || !c.InForce(today) || !containsID(c.DependentIDs, d.ID) {
				continue
			}
			pl := byID[c.PlanID]
			limit := d.BirthDate.AddYears(pl.ChildAgeLimit)
			if limit.After(by) {
				continue
			}
			if len(paths) > 0 || !whole {
				p, err := s.store.BenefitPerson(ctx, c.EmployeeID)
				if err != nil {
					return nil, err
				}
				if !inScope(p.OrgPath, paths, whole) {
					continue
				}
			}
			out = append(out, OverAge{EmployeeID: c.EmployeeID, EmployeeName: c.EmployeeName, DependentID: d.ID, Dependent: d.Name(), Age: AgeOn(d.BirthDate, today), PlanName: pl.Name, AgeLimit: pl.ChildAgeLimit, LimitDate: limit, Disabled: d.Disabled})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LimitDate.Before(out[j].LimitDate) })
	return out, nil
}

func inScope(path string, paths []string, whole bool) bool {
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

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// Report is a benefits report as a table.
type Report struct {
	Key, Title string
	Header     []string
	Rows       [][]string
}

// Reports names the benefits reports.
var Reports = map[string]string{"census": "Enrollment census", "deductions": "Deductions register", "over-age": "Dependents over the age limit"}

// ReportTable builds a report's table on a day (the census and the
// register) or through a day (the age limit). Requires benefits.admin.
func (s *Service) ReportTable(ctx context.Context, a access.Actor, key string, day date.Date) (Report, error) {
	r := Report{Key: key, Title: Reports[key]}
	switch key {
	case "census":
		ls, err := s.Census(ctx, a, day)
		if err != nil {
			return r, err
		}
		r.Header = []string{"Type", "Plan", "Employee only", "Employee + spouse", "Employee + children", "Family", "Enrolled", "Covered lives", "COBRA", "Employee cost per period", "Employer cost per period"}
		for _, l := range ls {
			r.Rows = append(r.Rows, []string{l.TypeLabel, l.PlanName, fmt.Sprint(l.ByTier[TierEmployee]), fmt.Sprint(l.ByTier[TierEmployeeSpouse]), fmt.Sprint(l.ByTier[TierEmployeeChildren]), fmt.Sprint(l.ByTier[TierFamily]),
				fmt.Sprint(l.Enrolled), fmt.Sprint(l.Covered), fmt.Sprint(l.COBRA), cents(l.Employee), cents(l.Employer)})
		}
	case "deductions":
		cs, err := s.Deductions(ctx, a, day)
		if err != nil {
			return r, err
		}
		r.Header = []string{"Employee", "Type", "Plan", "Tier", "From", "To", "Employee deduction per period", "Employer contribution per period", "401(k) %", "COBRA"}
		for _, c := range cs {
			pct := ""
			if c.PercentBP != 0 {
				pct = fmt.Sprintf("%.2f", float64(c.PercentBP)/100)
			}
			to := ""
			if !c.To.IsZero() {
				to = c.To.String()
			}
			r.Rows = append(r.Rows, []string{c.EmployeeName, TypeLabel(c.Type), c.PlanName, TierLabel(c.Tier), c.From.String(), to, cents(c.EmployeeCents), cents(c.EmployerCents), pct, yesNo(c.COBRA)})
		}
	case "over-age":
		os, err := s.OverAgeLimit(ctx, a, day)
		if err != nil {
			return r, err
		}
		r.Header = []string{"Employee", "Dependent", "Age", "Plan", "Age limit", "Reaches the limit on", "Disabled (stays eligible)"}
		for _, o := range os {
			r.Rows = append(r.Rows, []string{o.EmployeeName, o.Dependent, fmt.Sprint(o.Age), o.PlanName, fmt.Sprint(o.AgeLimit), o.LimitDate.String(), yesNo(o.Disabled)})
		}
	default:
		return r, kit.NotFound("report")
	}
	return r, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// EmployerCost lists an employee's coverage in force on a day with the
// employer's annual cost of each (total rewards statements; the caller
// checks its own permission). Continuation coverage is left out.
func (s *Service) EmployerCost(ctx context.Context, employeeID int64, on date.Date) ([]CostLine, error) {
	cs, err := s.store.Coverages(ctx, employeeID, date.Date{}, nil, true)
	if err != nil {
		return nil, err
	}
	n := int64(s.PeriodsPerYear(ctx))
	var out []CostLine
	for _, c := range cs {
		if c.COBRA || !c.InForce(on) || c.EmployerCents == 0 {
			continue
		}
		out = append(out, CostLine{Label: TypeLabel(c.Type) + ": " + c.PlanName, Note: fmt.Sprintf("company share, %s, %s × %d pay periods", strings.ToLower(TierLabel(c.Tier)), cents(c.EmployerCents), n), Cents: c.EmployerCents * n})
	}
	return out, nil
}

// CostLine is the employer's annual cost of one coverage.
type CostLine struct {
	Label, Note string
	Cents       int64
}

// EmployerTotals is the employer's annual cost of the coverage in force
// on each day, in scope, from one pass over the coverage (the total
// rewards summary; the caller checks its own permission). Continuation
// coverage is left out.
func (s *Service) EmployerTotals(ctx context.Context, days []date.Date, paths []string, whole bool) ([]int64, error) {
	ts, err := s.store.BenefitEmployerTotals(ctx, days, paths, whole)
	if err != nil {
		return nil, err
	}
	n := int64(s.PeriodsPerYear(ctx))
	for i := range ts {
		ts[i] *= n
	}
	return ts, nil
}
