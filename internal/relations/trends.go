package relations

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// TrendCase is what trends need of a case (no text).
type TrendCase struct {
	ID         int64
	Category   string
	OrgUnitID  int64
	OrgPath    string
	LocationID int64
	ReportedOn date.Date
	ClosedOn   date.Date
	Subjects   []int64
}

// Headcount is the employees active mid-month in one org unit and
// location.
type Headcount struct {
	Month      date.Date // the first of the month
	OrgUnitID  int64
	LocationID int64
	Count      int
}

// TrendStore is what trends read.
type TrendStore interface {
	TrendCases(ctx context.Context, from date.Date) ([]TrendCase, error)
	MonthlyHeadcount(ctx context.Context, months []date.Date) ([]Headcount, error)
	FindingCounts(ctx context.Context, from date.Date) (map[int64][3]int, error) // case -> substantiated, not, inconclusive
}

// Trends is the ER analysis an HR manager reads.
type Trends struct {
	From, To      date.Date // the window (24 months to the end of this month)
	Total         int       // cases in the window
	Per100        float64   // annualised over the window
	Months        []MonthRow
	ByUnit        []RateRow
	ByLocation    []RateRow
	ByCategory    []RateRow
	Resolve       ResolveStats
	Substantiated int
	Decided       int
	Repeat        []RepeatSubject
	Spikes        []Spike
	Alpha         float64 // the per-unit significance level (Bonferroni)
	Method        string
}

// SubstantiationPct is the share of decided allegations substantiated.
func (t Trends) SubstantiationPct() float64 {
	if t.Decided == 0 {
		return 0
	}
	return 100 * float64(t.Substantiated) / float64(t.Decided)
}

// MonthRow is one month.
type MonthRow struct {
	Month     date.Date
	Cases     int
	Headcount int
	Per100    float64 // annualised cases per 100 employees
	// Rolling3 is the annualised rate over this month and the two before
	// (a steadier line than one month's).
	Rolling3 float64
}

// RateRow is cases and their annualised rate per 100 employees for a
// group over the window.
type RateRow struct {
	Key       string
	ID        int64
	Cases     int
	AvgHeads  float64
	Per100    float64 // annualised; 0 when there is no headcount (a category)
	SharePct  float64
	OpenCases int
}

// ResolveStats is time to resolve closed cases, in calendar days.
type ResolveStats struct {
	Closed      int
	MedianDays  int
	P90Days     int
	ByCategory  map[string]int // median per category
	OpenOver60d int
}

// RepeatSubject is an employee who is the subject of several cases in the
// window.
type RepeatSubject struct {
	EmployeeID int64
	Name       string
	Cases      int
}

// Spike is the spike detector's verdict on one org unit, with its
// numbers.
type Spike struct {
	Unit            string
	UnitID          int64
	Observed        int     // cases in the last 3 complete months
	Exposure        float64 // employee-months in the last 3 months
	BaselineCases   int     // the 12 months before
	BaselineExp     float64
	OwnRate         float64 // baseline cases per 100 employee-years
	CompanyRate     float64
	ExpectedOwn     float64
	ExpectedCompany float64
	POwn            float64 // P(X >= Observed) under the unit's own baseline
	PCompany        float64 // ... under the company's baseline rate
	Flagged         bool
}

// SpikeMethod explains the detector in the page and the API.
const SpikeMethod = "Poisson exceedance test. Case counts are rare events over a known exposure (employee-months), so under a steady rate the count in the last 3 complete months is Poisson with mean = baseline rate × exposure. For each department we compute the exact one-sided tail P(X ≥ observed) twice: against the department's own rate over the 12 months before (with half a case added, so a quiet history does not make any case 'significant') and against the whole company's rate over those months. A department is flagged when both tails are below 0.05 divided by the number of departments (a Bonferroni correction, since every department is tested) and it had at least 3 cases."

// PoissonTail is P(X >= k) for X ~ Poisson(lambda).
func PoissonTail(k int, lambda float64) float64 {
	if k <= 0 {
		return 1
	}
	if lambda <= 0 {
		return 0
	}
	// 1 - P(X <= k-1), summed in log space for stability.
	var cdf float64
	for i := 0; i < k; i++ {
		lg, _ := math.Lgamma(float64(i) + 1)
		cdf += math.Exp(float64(i)*math.Log(lambda) - lambda - lg)
	}
	p := 1 - cdf
	if p < 0 {
		return 0
	}
	return p
}

// SpikeInput is one unit's counts and exposures.
type SpikeInput struct {
	Unit          string
	UnitID        int64
	Observed      int
	Exposure      float64
	BaselineCases int
	BaselineExp   float64
}

// DetectSpikes applies the Poisson exceedance test to every unit, given
// the company's baseline cases and exposure. alpha is the family-wide
// level.
func DetectSpikes(units []SpikeInput, companyCases int, companyExp float64, alpha float64) ([]Spike, float64) {
	if len(units) == 0 {
		return nil, alpha
	}
	per := alpha / float64(len(units))
	companyRate := 0.0
	if companyExp > 0 {
		companyRate = float64(companyCases) / companyExp
	}
	var out []Spike
	for _, u := range units {
		s := Spike{Unit: u.Unit, UnitID: u.UnitID, Observed: u.Observed, Exposure: u.Exposure, BaselineCases: u.BaselineCases, BaselineExp: u.BaselineExp}
		own := 0.0
		if u.BaselineExp > 0 {
			own = (float64(u.BaselineCases) + 0.5) / u.BaselineExp
		} else {
			own = companyRate
		}
		s.OwnRate, s.CompanyRate = own*1200, companyRate*1200
		s.ExpectedOwn, s.ExpectedCompany = own*u.Exposure, companyRate*u.Exposure
		s.POwn, s.PCompany = PoissonTail(u.Observed, s.ExpectedOwn), PoissonTail(u.Observed, s.ExpectedCompany)
		s.Flagged = u.Observed >= 3 && s.POwn < per && s.PCompany < per
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Flagged != out[j].Flagged {
			return out[i].Flagged
		}
		return out[i].POwn < out[j].POwn
	})
	return out, per
}

// Trends computes the ER trends over the 24 months to the end of this
// month, for the org units in the actor's scope. Requires
// relations.trends.view. Errors: KindForbidden.
func (s *Service) Trends(ctx context.Context, a access.Actor) (Trends, error) {
	st := s.store
	if err := access.Require(a, access.RelationsTrends, access.CompanyTarget); err != nil {
		return Trends{}, err
	}
	paths, whole := access.ScopePaths(a, access.RelationsTrends)
	inScope := func(path string) bool {
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
	today := s.today()
	this := today.FirstOfMonth()
	var months []date.Date
	for i := 23; i >= 0; i-- {
		months = append(months, this.AddMonths(-i))
	}
	t := Trends{From: months[0], To: this.AddMonths(1).AddDays(-1), Method: SpikeMethod}
	units, err := s.store.ListOrgUnits(ctx)
	if err != nil {
		return t, err
	}
	locs, err := s.store.ListLocations(ctx)
	if err != nil {
		return t, err
	}
	// Departments are the units right under the top of the organisation.
	unitPath := map[int64]string{}
	var root string
	for _, u := range units {
		unitPath[u.ID] = u.Path
		if u.ParentID == 0 {
			root = u.Path
		}
	}
	dept := map[string]int64{}
	deptName := map[int64]string{}
	for _, u := range units {
		if u.ParentID != 0 && strings.Count(strings.TrimPrefix(u.Path, root), "/") == 1 {
			dept[u.Path], deptName[u.ID] = u.ID, u.Name
		}
	}
	deptOf := func(path string) int64 {
		for p, id := range dept {
			if strings.HasPrefix(path, p) {
				return id
			}
		}
		return 0
	}
	locName := map[int64]string{}
	for _, l := range locs {
		locName[l.ID] = l.Name
	}
	heads, err := st.MonthlyHeadcount(ctx, months)
	if err != nil {
		return t, err
	}
	mi := map[date.Date]int{}
	for i, m := range months {
		mi[m] = i
		t.Months = append(t.Months, MonthRow{Month: m})
	}
	unitHeads := map[int64][]float64{}
	locHeads := map[int64]float64{}
	for _, h := range heads {
		path := unitPath[h.OrgUnitID]
		if !inScope(path) {
			continue
		}
		i := mi[h.Month]
		t.Months[i].Headcount += h.Count
		d := deptOf(path)
		if unitHeads[d] == nil {
			unitHeads[d] = make([]float64, len(months))
		}
		unitHeads[d][i] += float64(h.Count)
		locHeads[h.LocationID] += float64(h.Count)
	}
	cases, err := st.TrendCases(ctx, months[0])
	if err != nil {
		return t, err
	}
	findings, err := st.FindingCounts(ctx, months[0])
	if err != nil {
		return t, err
	}
	unitCases := map[int64][]int{}
	byLoc, byCat, openByUnit := map[int64]int{}, map[string]int{}, map[int64]int{}
	var resolve []int
	resolveCat := map[string][]int{}
	subjects := map[int64]int{}
	total := 0
	for _, c := range cases {
		if !inScope(c.OrgPath) {
			continue
		}
		i, ok := mi[c.ReportedOn.FirstOfMonth()]
		if !ok {
			continue
		}
		total++
		t.Months[i].Cases++
		d := deptOf(c.OrgPath)
		if unitCases[d] == nil {
			unitCases[d] = make([]int, len(months))
		}
		unitCases[d][i]++
		byLoc[c.LocationID]++
		byCat[c.Category]++
		if c.ClosedOn.IsZero() {
			openByUnit[d]++
			if today.Sub(c.ReportedOn) > 60 {
				t.Resolve.OpenOver60d++
			}
		} else {
			days := c.ClosedOn.Sub(c.ReportedOn)
			resolve = append(resolve, days)
			resolveCat[c.Category] = append(resolveCat[c.Category], days)
		}
		for _, e := range c.Subjects {
			subjects[e]++
		}
		f := findings[c.ID]
		t.Substantiated += f[0]
		t.Decided += f[0] + f[1] + f[2]
	}
	t.Total = total
	empMonths := 0
	for _, m := range t.Months {
		empMonths += m.Headcount
	}
	if empMonths > 0 {
		t.Per100 = 100 * 12 * float64(total) / float64(empMonths)
	}
	for i := range t.Months {
		if h := t.Months[i].Headcount; h > 0 {
			t.Months[i].Per100 = 100 * 12 * float64(t.Months[i].Cases) / float64(h)
		}
		cs, hs := 0, 0
		for j := max(0, i-2); j <= i; j++ {
			cs, hs = cs+t.Months[j].Cases, hs+t.Months[j].Headcount
		}
		if hs > 0 {
			t.Months[i].Rolling3 = 100 * 12 * float64(cs) / float64(hs)
		}
	}
	n := float64(len(months))
	for d, hs := range unitHeads {
		sum := 0.0
		for _, h := range hs {
			sum += h
		}
		cs := 0
		for _, c := range unitCases[d] {
			cs += c
		}
		row := RateRow{Key: deptName[d], ID: d, Cases: cs, AvgHeads: sum / n, OpenCases: openByUnit[d]}
		if row.Key == "" {
			row.Key = "Company level"
		}
		if sum > 0 {
			row.Per100 = 100 * 12 * float64(cs) / sum
		}
		t.ByUnit = append(t.ByUnit, row)
	}
	sort.Slice(t.ByUnit, func(i, j int) bool { return t.ByUnit[i].Per100 > t.ByUnit[j].Per100 })
	for l, c := range byLoc {
		row := RateRow{Key: locName[l], ID: l, Cases: c, AvgHeads: locHeads[l] / n}
		if row.Key == "" {
			row.Key = "Not recorded"
		}
		if locHeads[l] > 0 {
			row.Per100 = 100 * 12 * float64(c) / locHeads[l]
		}
		t.ByLocation = append(t.ByLocation, row)
	}
	sort.Slice(t.ByLocation, func(i, j int) bool { return t.ByLocation[i].Cases > t.ByLocation[j].Cases })
	for _, c := range Categories {
		if byCat[c] == 0 {
			continue
		}
		row := RateRow{Key: c, Cases: byCat[c]}
		if total > 0 {
			row.SharePct = 100 * float64(byCat[c]) / float64(total)
		}
		t.ByCategory = append(t.ByCategory, row)
	}
	sort.SliceStable(t.ByCategory, func(i, j int) bool { return t.ByCategory[i].Cases > t.ByCategory[j].Cases })
	t.Resolve.Closed = len(resolve)
	t.Resolve.MedianDays, t.Resolve.P90Days = percentile(resolve, 50), percentile(resolve, 90)
	t.Resolve.ByCategory = map[string]int{}
	for c, ds := range resolveCat {
		t.Resolve.ByCategory[c] = percentile(ds, 50)
	}
	// Repeat subjects (need-to-know: never the viewer or their reports).
	for e, c := range subjects {
		if c < 2 || e == a.EmployeeID {
			continue
		}
		chain, err := st.ManagerChain(ctx, e)
		if err != nil {
			return t, err
		}
		if a.EmployeeID != 0 && slices.Contains(chain, a.EmployeeID) {
			continue
		}
		emp, err := st.GetEmployee(ctx, e)
		if err != nil {
			return t, err
		}
		t.Repeat = append(t.Repeat, RepeatSubject{EmployeeID: e, Name: emp.Name(), Cases: c})
	}
	{
		sort.Slice(t.Repeat, func(i, j int) bool {
			if t.Repeat[i].Cases != t.Repeat[j].Cases {
				return t.Repeat[i].Cases > t.Repeat[j].Cases
			}
			return t.Repeat[i].Name < t.Repeat[j].Name
		})
	}
	// The spike detector: the last 3 complete months against the 12
	// before them (this month is still running).
	end := len(months) - 1
	last, base := end-3, end-15
	var in []SpikeInput
	var coCases int
	var coExp float64
	for d, hs := range unitHeads {
		if d == 0 {
			continue
		}
		u := SpikeInput{Unit: deptName[d], UnitID: d}
		for i := base; i < end; i++ {
			c := 0
			if unitCases[d] != nil {
				c = unitCases[d][i]
			}
			if i >= last {
				u.Observed += c
				u.Exposure += hs[i]
			} else {
				u.BaselineCases += c
				u.BaselineExp += hs[i]
			}
		}
		coCases += u.BaselineCases
		coExp += u.BaselineExp
		in = append(in, u)
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Unit < in[j].Unit })
	t.Spikes, t.Alpha = DetectSpikes(in, coCases, coExp, 0.05)
	return t, nil
}

func percentile(xs []int, p int) int {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return s[i-1]
}
