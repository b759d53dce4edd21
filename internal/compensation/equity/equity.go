// Package equity is the pay equity analysis: an ordinary least squares
// regression of log full-time-equivalent base pay on a group (sex, or
// race/ethnicity) and the legitimate factors (the grade's zoned midpoint,
// job family, tenure, and the latest merit rating where most employees
// have one),
// reporting each group's adjusted gap against the reference group with a
// 95% confidence interval, the raw gap beside it, and the employees whose
// pay sits far below what the model predicts.
package equity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Row is an active employee as the analysis reads them.
type Row struct {
	EmployeeID  int64
	Name        string
	JobTitle    string
	Department  string
	OrgPath     string
	Pay         people.Pay
	WeeklyHours int
	Grade       string
	GradeMid    int64 // the grade's midpoint, national range
	Family      string
	Zone        string
	ZoneBP      int // the zone's differential (10000 without one)
	Hired       date.Date
	Gender      string
	Race        string
	Rating      int // the latest merit rating, 0 without one
}

// Store reads the employees.
type Store interface {
	EquityRows(ctx context.Context, paths []string, whole bool) ([]Row, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
}

// Service runs the analysis.
type Service struct {
	store Store
	clock kit.Clock
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

// Gap is one group against the reference group.
type Gap struct {
	Group     string  `json:"group"`
	Reference string  `json:"reference"`
	N         int     `json:"n"`
	RawPct    float64 `json:"raw_gap_pct" doc:"exp(difference in mean log pay) - 1, in percent, no controls"`
	AdjPct    float64 `json:"adjusted_gap_pct" doc:"exp(coefficient) - 1, in percent, with the controls"`
	LowPct    float64 `json:"ci_low_pct"`
	HighPct   float64 `json:"ci_high_pct"`
	PValue    float64 `json:"p_value"`
	// Significant: the 95% interval excludes zero.
	Significant bool `json:"significant"`
}

// Flag is an employee paid well below the model's prediction.
type Flag struct {
	EmployeeID  int64   `json:"employee_id"`
	Name        string  `json:"name"`
	JobTitle    string  `json:"job_title"`
	Department  string  `json:"department"`
	Group       string  `json:"group"`
	ResidualPct float64 `json:"residual_pct" doc:"Pay against the model's prediction: exp(residual) - 1, in percent"`
	StdResidual float64 `json:"standardized_residual"`
}

// Analysis is one regression.
type Analysis struct {
	Dimension string   `json:"dimension" enum:"sex,race"`
	N         int      `json:"n"`
	Excluded  int      `json:"excluded" doc:"Employees left out: no group recorded, a group under 5 people, or no grade"`
	R2        float64  `json:"r_squared"`
	Controls  []string `json:"controls"`
	Gaps      []Gap    `json:"gaps"`
	Flags     []Flag   `json:"flags"`
	Problem   string   `json:"problem,omitempty" doc:"Why no model could be fitted"`
}

// Report is the pay equity report.
type Report struct {
	Sex  Analysis `json:"sex"`
	Race Analysis `json:"race"`
	// Threshold is the standardized residual below which an employee is
	// flagged.
	Threshold float64 `json:"flag_threshold"`
}

// FlagThreshold flags pay more than two standard deviations below the
// model.
const FlagThreshold = -2.0

// minGroup is the smallest group analysed; smaller ones are left out
// (too few to estimate, and too easy to identify).
const minGroup = 5

// Analyze runs the analysis over the active employees in the actor's
// scope. Only HR managers and directors see it (comp.equity), never line
// managers; each run is audited. Errors: KindForbidden.
func (s *Service) Analyze(ctx context.Context, a access.Actor) (Report, error) {
	paths, whole := access.ScopePaths(a, access.CompEquity)
	if !whole && len(paths) == 0 {
		return Report{}, kit.Forbidden("pay equity results are for HR managers and directors")
	}
	rows, err := s.store.EquityRows(ctx, paths, whole)
	if err != nil {
		return Report{}, err
	}
	today := date.Of(s.clock.Now())
	rep := Report{Threshold: FlagThreshold}
	rep.Sex = analyze("sex", rows, today, func(r Row) string {
		switch strings.ToLower(r.Gender) {
		case "female", "woman":
			return "Female"
		case "male", "man":
			return "Male"
		}
		return ""
	}, "Male")
	rep.Race = analyze("race", rows, today, func(r Row) string {
		if strings.EqualFold(r.Race, "decline to state") || strings.EqualFold(r.Race, "declined") {
			return ""
		}
		return r.Race
	})
	err = s.store.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "comp.equity_run", ObjectType: "pay_equity",
		Summary: fmt.Sprintf("Ran the pay equity analysis (%d employees by sex, %d by race/ethnicity)", rep.Sex.N, rep.Race.N), RequestID: a.RequestID})
	return rep, err
}

// design is the model's columns for a set of employees.
type design struct {
	names []string
	cols  [][]float64
}

func (d *design) add(name string, col []float64) {
	d.names, d.cols = append(d.names, name), append(d.cols, col)
}

// dummies adds one column per level of a category except the reference
// (prefer when present, else the most common), merging levels under
// minGroup into "other".
func (d *design) dummies(label string, vals []string, prefer ...string) string {
	count := map[string]int{}
	for _, v := range vals {
		count[v]++
	}
	for i, v := range vals {
		if count[v] < minGroup {
			vals[i] = "(other)"
		}
	}
	count = map[string]int{}
	for _, v := range vals {
		count[v]++
	}
	levels := make([]string, 0, len(count))
	for v := range count {
		levels = append(levels, v)
	}
	sort.Slice(levels, func(i, j int) bool {
		if len(prefer) > 0 && (levels[i] == prefer[0]) != (levels[j] == prefer[0]) {
			return levels[i] == prefer[0]
		}
		if count[levels[i]] != count[levels[j]] {
			return count[levels[i]] > count[levels[j]]
		}
		return levels[i] < levels[j]
	})
	for _, lv := range levels[1:] {
		col := make([]float64, len(vals))
		for i, v := range vals {
			if v == lv {
				col[i] = 1
			}
		}
		d.add(label+": "+lv, col)
	}
	return levels[0]
}

// fit solves least squares through QR; it returns the coefficients,
// their standard errors, the residuals, R² and the residual degrees of
// freedom.
func fit(d design, y []float64) (beta, se, resid []float64, r2 float64, df int, err error) {
	n, p := len(y), len(d.cols)
	if n <= p+1 {
		return nil, nil, nil, 0, 0, errors.New("too few employees for the number of factors")
	}
	x := mat.NewDense(n, p, nil)
	for j, c := range d.cols {
		for i, v := range c {
			x.Set(i, j, v)
		}
	}
	yv := mat.NewVecDense(n, y)
	var qr mat.QR
	qr.Factorize(x)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, yv); err != nil {
		return nil, nil, nil, 0, 0, fmt.Errorf("the factors are collinear: %w", err)
	}
	var xtx mat.Dense
	xtx.Mul(x.T(), x)
	var inv mat.Dense
	if err := inv.Inverse(&xtx); err != nil {
		return nil, nil, nil, 0, 0, fmt.Errorf("the factors are collinear: %w", err)
	}
	var fitted mat.VecDense
	fitted.MulVec(x, &b)
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	rss, tss := 0.0, 0.0
	resid = make([]float64, n)
	for i := range y {
		resid[i] = y[i] - fitted.AtVec(i)
		rss += resid[i] * resid[i]
		tss += (y[i] - mean) * (y[i] - mean)
	}
	df = n - p
	s2 := rss / float64(df)
	beta, se = make([]float64, p), make([]float64, p)
	for j := range p {
		beta[j] = b.AtVec(j)
		se[j] = math.Sqrt(s2 * inv.At(j, j))
	}
	if tss > 0 {
		r2 = 1 - rss/tss
	}
	return beta, se, resid, r2, df, nil
}

func pct(v float64) float64 { return math.Round((math.Exp(v)-1)*1000) / 10 }

// analyze fits the model for one dimension; ref is the preferred
// reference group (the most common one when absent).
func analyze(dim string, all []Row, today date.Date, groupOf func(Row) string, ref ...string) Analysis {
	an := Analysis{Dimension: dim, Gaps: []Gap{}, Flags: []Flag{}, Controls: []string{}}
	var rows []Row
	var groups []string
	count := map[string]int{}
	for _, r := range all {
		g := groupOf(r)
		if g == "" || r.Grade == "" || r.GradeMid <= 0 || r.Pay.AmountCents <= 0 {
			continue
		}
		count[g]++
	}
	for _, r := range all {
		g := groupOf(r)
		if g == "" || r.Grade == "" || r.GradeMid <= 0 || r.Pay.AmountCents <= 0 || count[g] < minGroup {
			an.Excluded++
			continue
		}
		rows, groups = append(rows, r), append(groups, g)
	}
	an.N = len(rows)
	if len(count) < 2 || an.N < 30 {
		an.Problem = fmt.Sprintf("Too few employees to compare: %d with a recorded %s and a grade (at least 30, in two groups of %d or more)", an.N, dim, minGroup)
		return an
	}
	n := len(rows)
	y := make([]float64, n)
	for i, r := range rows {
		y[i] = math.Log(float64(people.FTEAnnualCents(r.Pay, r.WeeklyHours)))
	}
	// The raw gaps: group dummies only.
	var raw design
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	raw.add("intercept", ones)
	reference := raw.dummies("group", slices.Clone(groups), ref...)
	rawBeta, _, _, _, _, rawErr := fit(raw, y)
	// The adjusted model: group dummies and the controls.
	var d design
	d.add("intercept", ones)
	d.dummies("group", slices.Clone(groups), ref...)
	ng := len(d.cols) - 1
	col := func(f func(Row) string) []string {
		out := make([]string, n)
		for i, r := range rows {
			out[i] = f(r)
		}
		return out
	}
	// The grade and zone enter through the range they set: the log of the
	// zoned midpoint. It stays well defined in small companies, where a
	// dummy per grade would leave a handful of people per cell.
	mid := make([]float64, n)
	for i, r := range rows {
		bp := r.ZoneBP
		if bp <= 0 {
			bp = 10000
		}
		mid[i] = math.Log(float64(r.GradeMid) * float64(bp) / 10000)
	}
	d.add("grade midpoint (log, zoned)", mid)
	an.Controls = append(an.Controls, "grade (its zoned midpoint)")
	if fam := col(func(r Row) string { return r.Family }); distinct(fam) > 1 {
		d.dummies("job family", fam)
		an.Controls = append(an.Controls, "job family")
	}
	tenure, tenure2 := make([]float64, n), make([]float64, n)
	for i, r := range rows {
		t := float64(r.Hired.DaysUntil(today)) / 365.25
		tenure[i], tenure2[i] = t, t*t
	}
	d.add("tenure (years)", tenure)
	d.add("tenure²", tenure2)
	an.Controls = append(an.Controls, "tenure and tenure²")
	rated := 0
	for _, r := range rows {
		if r.Rating > 0 {
			rated++
		}
	}
	if rated*5 >= n*4 {
		rating := make([]float64, n)
		mean := 0.0
		for _, r := range rows {
			mean += float64(r.Rating)
		}
		mean /= float64(rated)
		for i, r := range rows {
			rating[i] = float64(r.Rating)
			if r.Rating == 0 {
				rating[i] = mean
			}
		}
		d.add("merit rating", rating)
		an.Controls = append(an.Controls, "latest merit rating")
	}
	beta, se, resid, r2, df, err := fit(d, y)
	if err != nil || rawErr != nil {
		if err == nil {
			err = rawErr
		}
		an.Problem = err.Error()
		return an
	}
	an.R2 = math.Round(r2*10000) / 10000
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
	crit := t.Quantile(0.975)
	for j := 1; j <= ng; j++ {
		g := strings.TrimPrefix(d.names[j], "group: ")
		tv := beta[j] / se[j]
		p := 2 * (1 - t.CDF(math.Abs(tv)))
		lo, hi := beta[j]-crit*se[j], beta[j]+crit*se[j]
		an.Gaps = append(an.Gaps, Gap{Group: g, Reference: reference, N: count[g], RawPct: pct(rawBeta[j]), AdjPct: pct(beta[j]), LowPct: pct(lo), HighPct: pct(hi),
			PValue: math.Round(p*10000) / 10000, Significant: lo > 0 || hi < 0})
	}
	slices.SortFunc(an.Gaps, func(x, y Gap) int { return strings.Compare(x.Group, y.Group) })
	rss := 0.0
	for _, r := range resid {
		rss += r * r
	}
	sd := math.Sqrt(rss / float64(df))
	for i, r := range resid {
		z := r / sd
		if z < FlagThreshold {
			an.Flags = append(an.Flags, Flag{EmployeeID: rows[i].EmployeeID, Name: rows[i].Name, JobTitle: rows[i].JobTitle, Department: rows[i].Department, Group: groups[i],
				ResidualPct: pct(r), StdResidual: math.Round(z*100) / 100})
		}
	}
	slices.SortFunc(an.Flags, func(x, y Flag) int { return cmpFloat(x.StdResidual, y.StdResidual) })
	return an
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func distinct(vals []string) int {
	m := map[string]bool{}
	for _, v := range vals {
		m[v] = true
	}
	return len(m)
}
