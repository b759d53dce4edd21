package insights

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// FullTimeHours is the week that counts as one FTE.
const FullTimeHours = 40

// Month is one month of the workforce trend.
type Month struct {
	Month       string  `json:"month"` // "2026-03"
	Start       int     `json:"headcount_start"`
	End         int     `json:"headcount_end"`
	FTE         float64 `json:"fte_end"`
	Hires       int     `json:"hires"`
	Separations int     `json:"separations"`
	Voluntary   int     `json:"voluntary"`
	Involuntary int     `json:"involuntary"`
	Regretted   int     `json:"regretted"`
}

// Rate is a turnover rate by the rules engine: PeriodPct is the sum of
// the monthly rates over the period (SHRM), AnnualPct the same scaled to
// twelve months (equal to PeriodPct for a twelve-month period).
type Rate struct {
	Separations int          `json:"separations"`
	PeriodPct   float64      `json:"period_pct"`
	AnnualPct   float64      `json:"annualized_pct"`
	Why         []rules.Step `json:"why,omitempty"`
}

// Turnover is the period's turnover, total and by kind.
type Turnover struct {
	Total       Rate `json:"total"`
	Voluntary   Rate `json:"voluntary"`
	Involuntary Rate `json:"involuntary"`
	Regretted   Rate `json:"regretted"`
}

// Breakdown is a slice of the workforce (an org unit or a job family).
type Breakdown struct {
	Key         string  `json:"key"`
	Name        string  `json:"name"`
	OrgUnitID   int64   `json:"org_unit_id,omitempty"`
	Headcount   int     `json:"headcount"`
	Hires       int     `json:"hires"`
	Separations int     `json:"separations"`
	Voluntary   int     `json:"voluntary"`
	Regretted   int     `json:"regretted"`
	TurnoverPct float64 `json:"annualized_turnover_pct"`
}

// TenureBand is a tenure band: who left at that tenure and who is there now.
type TenureBand struct {
	Band        string  `json:"band"`
	Separations int     `json:"separations"`
	Voluntary   int     `json:"voluntary"`
	SharePct    float64 `json:"share_of_separations_pct"`
	Headcount   int     `json:"headcount_today"`
	// HeadcountStart and HeadcountEnd are the band's headcount on the
	// eve of the period and at its end (tenure on those dates).
	HeadcountStart int     `json:"headcount_start"`
	HeadcountEnd   int     `json:"headcount_end"`
	TurnoverPct    float64 `json:"annualized_turnover_pct"`
}

// Retention is the share of a hire cohort still employed a given time
// after they started.
type Retention struct {
	After     string    `json:"after"` // "90 days" | "1 year"
	CohortFor string    `json:"cohort"`
	From      date.Date `json:"hired_from"`
	To        date.Date `json:"hired_to"`
	Hired     int       `json:"hired"`
	Retained  int       `json:"retained"`
	Pct       float64   `json:"retained_pct"`
}

// Structure is span of control and layers among the active people.
type Structure struct {
	Managers    int     `json:"managers"`
	AverageSpan float64 `json:"average_span"`
	MedianSpan  float64 `json:"median_span"`
	WidestSpan  int     `json:"widest_span"`
	Narrow      int     `json:"managers_with_1_or_2_reports"`
	Wide        int     `json:"managers_with_15_or_more_reports"`
	Layers      int     `json:"layers"`
	SpanBuckets []Count `json:"span_buckets"`
}

// Count is a labelled number.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Dashboard is the executive dashboard for a filter and a scope.
type Dashboard struct {
	Filter      Filter       `json:"filter"`
	Scope       string       `json:"scope"`
	Months      []Month      `json:"months"`
	Headcount   int          `json:"headcount"`
	FTE         float64      `json:"fte"`
	StartCount  int          `json:"headcount_at_start"`
	Hires       int          `json:"hires"`
	Separations int          `json:"separations"`
	Turnover    Turnover     `json:"turnover"`
	ByUnit      []Breakdown  `json:"by_org_unit"`
	ByFamily    []Breakdown  `json:"by_job_family"`
	ByTenure    []TenureBand `json:"by_tenure"`
	Retention   []Retention  `json:"new_hire_retention"`
	Structure   Structure    `json:"structure"`
	Health      Health       `json:"compliance_health"`
	ComputedAt  time.Time    `json:"computed_at"`
}

// Tenure bands (by the start of the current or ended period).
var tenureBands = []struct {
	Label  string
	Months int // upper bound, exclusive; 0: no bound
}{{"Under 1 year", 12}, {"1–2 years", 24}, {"2–5 years", 60}, {"5–10 years", 120}, {"10 years or more", 0}}

// Dashboard computes the executive dashboard for the filter. Requires
// insights.view; the numbers cover the actor's scope (narrowed to the
// filter's org unit and job family). Errors: KindInvalid (the filter),
// KindForbidden, KindNotFound (an org unit outside the scope).
func (s *Service) Dashboard(ctx context.Context, a access.Actor, f Filter) (Dashboard, error) {
	if err := f.Normalize(s.Today()); err != nil {
		return Dashboard{}, err
	}
	q, v, err := s.scope(ctx, a, f)
	if err != nil {
		return Dashboard{}, err
	}
	key := "dash|" + scopeKey(q)
	if c, ok := s.cached(key); ok {
		d := c.(Dashboard)
		d.Filter = f
		return d, nil
	}
	d := Dashboard{Filter: f, Scope: "Everyone in your scope", ComputedAt: s.now().UTC()}
	if v.root.ID != 0 {
		d.Scope = v.root.Name
	}
	// The independent reads run side by side on the read pool.
	var (
		now          []Group
		starts, ends []Flow
		g            errgroup
	)
	// Today's staff by the start of their employment, between the
	// tenure cutoffs of today, the end of the period and its eve.
	refs := []date.Date{q.Today, q.To, q.From.AddDays(-1)}
	thresholds := startThresholds(refs)
	var starts0 []int
	g.Go(func() (err error) { now, err = s.store.HeadcountNow(ctx, q); return })
	g.Go(func() (err error) { starts0, err = s.store.StartCounts(ctx, q, thresholds); return })
	g.Go(func() (err error) { starts, err = s.store.Starts(ctx, q); return })
	g.Go(func() (err error) {
		if ends, err = s.store.Ends(ctx, q); err != nil {
			return err
		}
		for i := range ends {
			ends[i].Band = bandOf(completedMonths(ends[i].Start, ends[i].End))
		}
		return nil
	})
	g.Go(func() (err error) { d.Retention, err = s.retention(ctx, q); return })
	g.Go(func() (err error) { d.Structure, err = s.structure(ctx, q); return })
	g.Go(func() (err error) { d.Health, err = s.store.ComplianceHealth(ctx, q); return })
	if err := g.Wait(); err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	moves := append(starts, ends...)
	months := monthList(q.From, q.To)
	d.Months = trend(months, now, moves)
	last := d.Months[len(d.Months)-1]
	d.Headcount, d.FTE, d.StartCount = last.End, last.FTE, d.Months[0].Start
	for _, m := range d.Months {
		d.Hires += m.Hires
		d.Separations += m.Separations
	}
	d.Turnover = turnoverOf(d.Months)
	d.ByUnit, d.ByFamily = breakdowns(months, now, moves, v)
	d.ByTenure = tenure(bandsAt(refs, thresholds, starts0), ends, q, len(months))
	if d.ByUnit == nil {
		d.ByUnit = []Breakdown{}
	}
	if d.ByFamily == nil {
		d.ByFamily = []Breakdown{}
	}
	if d.Structure.SpanBuckets == nil {
		d.Structure.SpanBuckets = []Count{}
	}
	s.keep(key, d)
	return d, nil
}

// errgroup runs functions concurrently and keeps the first error.
type errgroup struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

func (g *errgroup) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

func (g *errgroup) Wait() error {
	g.wg.Wait()
	return g.err
}

// monthSpan is a month of the period: its key, first and last day counted.
type monthSpan struct {
	Key         string
	First, Last date.Date
}

func monthList(from, to date.Date) []monthSpan {
	var out []monthSpan
	for m := from.FirstOfMonth(); !m.After(to); m = m.AddMonths(1) {
		last := m.AddMonths(1).AddDays(-1)
		if last.After(to) {
			last = to
		}
		out = append(out, monthSpan{Key: m.String()[:7], First: m, Last: last})
	}
	return out
}

// trend works back from today: the people employed at the end of the
// period are those employed today, less those who started after it,
// plus those whose last day came after it; each month then starts with
// its end, less its hires, plus its separations.
func trend(months []monthSpan, now []Group, moves []Flow) []Month {
	idx := map[string]int{}
	out := make([]Month, len(months))
	for i, m := range months {
		idx[m.Key] = i
		out[i].Month = m.Key
	}
	end, hours := 0, int64(0)
	for _, g := range now {
		end += g.Count
		hours += g.Hours
	}
	inHours := make([]int64, len(months)) // hours that joined (+) and left (-) in each month
	for _, f := range moves {
		switch f.Started {
		case "+":
			end -= f.Count
			hours -= f.Hours
		case "":
		default:
			if i, ok := idx[f.Started]; ok {
				out[i].Hires += f.Count
				inHours[i] += f.Hours
			}
		}
		switch f.Ended {
		case "+":
			end += f.Count
			hours += f.Hours
		case "":
		default:
			if i, ok := idx[f.Ended]; ok {
				m := &out[i]
				m.Separations += f.Count
				switch {
				case f.Voluntary && f.Regretted:
					m.Voluntary += f.Count
					m.Regretted += f.Count
				case f.Voluntary:
					m.Voluntary += f.Count
				default:
					m.Involuntary += f.Count
				}
				inHours[i] -= f.Hours
			}
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		out[i].End = end
		out[i].FTE = math.Round(float64(hours)/FullTimeHours*10) / 10
		out[i].Start = end - out[i].Hires + out[i].Separations
		end, hours = out[i].Start, hours-inHours[i]
	}
	return out
}

// rateOf runs the rules engine's turnover method over the months with
// the separations sep(m) picks. Months with no headcount at all (none at
// the start or the end) have no defined rate and are left out, said in
// the explanation.
func rateOf(months []Month, sep func(Month) int) Rate {
	var tm []rules.TurnoverMonth
	r := Rate{}
	skipped := 0
	for _, m := range months {
		n := sep(m)
		r.Separations += n
		if m.Start+m.End == 0 {
			if n > 0 {
				skipped++
			}
			continue
		}
		tm = append(tm, rules.TurnoverMonth{Separations: n, HeadcountStart: m.Start, HeadcountEnd: m.End})
	}
	if len(tm) == 0 {
		return r
	}
	res, why, err := rules.Turnover(rules.TurnoverFacts{Monthly: tm})
	if err != nil {
		return r
	}
	switch {
	case len(tm) == 1:
		r.PeriodPct, r.AnnualPct = res.TurnoverPct, math.Round(res.TurnoverPct*12*100)/100
	default:
		r.PeriodPct, r.AnnualPct = *res.AnnualTurnoverPct, *res.AnnualizedTurnoverPct
	}
	r.Why = why
	if skipped > 0 {
		r.Why = append(r.Why, rules.Step{Text: fmt.Sprintf("%d month(s) with separations but no headcount at the start or the end have no defined rate and are left out.", skipped)})
	}
	return r
}

func turnoverOf(months []Month) Turnover {
	return Turnover{
		Total:       rateOf(months, func(m Month) int { return m.Separations }),
		Voluntary:   rateOf(months, func(m Month) int { return m.Voluntary }),
		Involuntary: rateOf(months, func(m Month) int { return m.Involuntary }),
		Regretted:   rateOf(months, func(m Month) int { return m.Regretted }),
	}
}

// breakdowns splits the workforce by the org units one level below the
// root of the view (the filter's unit, or the top of the reader's scope)
// and by job family, each with its own monthly turnover.
func breakdowns(months []monthSpan, now []Group, moves []Flow, v view) ([]Breakdown, []Breakdown) {
	byID := map[int64]Unit{}
	for _, u := range v.units {
		byID[u.ID] = u
	}
	var shown []Unit
	switch {
	case v.root.ID != 0:
		for _, u := range v.units {
			if u.ParentID == v.root.ID {
				shown = append(shown, u)
			}
		}
	case v.whole:
		var top int64
		for _, u := range v.units {
			if u.ParentID == 0 {
				top = u.ID
			}
		}
		for _, u := range v.units {
			if u.ParentID == top && top != 0 {
				shown = append(shown, u)
			}
		}
	default:
		for _, u := range v.units {
			for _, p := range v.paths {
				if u.Path == p {
					shown = append(shown, u)
				}
			}
		}
	}
	unitOf := func(id int64) (Unit, bool) {
		p := byID[id].Path
		for _, u := range shown {
			if strings.HasPrefix(p, u.Path) {
				return u, true
			}
		}
		if v.root.ID != 0 && id == v.root.ID {
			return v.root, true
		}
		return Unit{}, false
	}
	family := func(job int64) string {
		if f := v.jobs[job]; f != "" {
			return f
		}
		return "No family"
	}
	type part struct {
		now   []Group
		moves []Flow
		unit  Unit
	}
	units, fams := map[int64]*part{}, map[string]*part{}
	get := func(u Unit, fam string) (*part, *part) {
		up, fp := units[u.ID], fams[fam]
		if up == nil && u.ID != 0 {
			up = &part{unit: u}
			units[u.ID] = up
		}
		if fp == nil {
			fp = &part{}
			fams[fam] = fp
		}
		return up, fp
	}
	for _, g := range now {
		u, _ := unitOf(g.OrgUnitID)
		up, fp := get(u, family(g.JobID))
		if up != nil {
			up.now = append(up.now, g)
		}
		fp.now = append(fp.now, g)
	}
	for _, f := range moves {
		u, _ := unitOf(f.OrgUnitID)
		up, fp := get(u, family(f.JobID))
		if up != nil {
			up.moves = append(up.moves, f)
		}
		fp.moves = append(fp.moves, f)
	}
	mk := func(key, name string, id int64, p *part) Breakdown {
		ms := trend(months, p.now, p.moves)
		b := Breakdown{Key: key, Name: name, OrgUnitID: id, Headcount: ms[len(ms)-1].End}
		for _, m := range ms {
			b.Hires += m.Hires
			b.Separations += m.Separations
			b.Voluntary += m.Voluntary
			b.Regretted += m.Regretted
		}
		b.TurnoverPct = rateOf(ms, func(m Month) int { return m.Separations }).AnnualPct
		return b
	}
	var bu, bf []Breakdown
	for id, p := range units {
		bu = append(bu, mk(fmt.Sprint(id), p.unit.Name, id, p))
	}
	for k, p := range fams {
		bf = append(bf, mk(k, k, 0, p))
	}
	order := func(xs []Breakdown) {
		sort.Slice(xs, func(i, j int) bool {
			if xs[i].Headcount != xs[j].Headcount {
				return xs[i].Headcount > xs[j].Headcount
			}
			return xs[i].Name < xs[j].Name
		})
	}
	order(bu)
	order(bf)
	return bu, bf
}

// completedMonths is the number of whole months from a to b: the
// difference of their months, less one when b's day of the month is
// before a's (2025-03-15 to 2026-03-14 is 11).
func completedMonths(a, b date.Date) int {
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		n--
	}
	return n
}

// bandOf is the tenure band of a number of completed months.
func bandOf(months int) int {
	for i, b := range tenureBands {
		if b.Months == 0 || months < b.Months {
			return i
		}
	}
	return len(tenureBands) - 1
}

// tenureCutoffs: someone employed today has completed under m months
// exactly when their employment started after today less m months (the
// month arithmetic clamps to the month's end, so the two agree at month
// ends and on 29 February).
func tenureCutoffs(today date.Date) []date.Date {
	var out []date.Date
	for _, b := range tenureBands[:len(tenureBands)-1] {
		out = append(out, today.AddMonths(-b.Months))
	}
	return out
}

// startThresholds are the tenure cutoffs of every reference date and the
// dates themselves, newest first, without repeats.
func startThresholds(refs []date.Date) []date.Date {
	var ts []date.Date
	for _, d := range refs {
		ts = append(ts, d)
		ts = append(ts, tenureCutoffs(d)...)
	}
	slices.SortFunc(ts, func(a, b date.Date) int { return b.Compare(a) })
	return slices.CompactFunc(ts, func(a, b date.Date) bool { return a.Equal(b) })
}

// bandsAt turns the counts between thresholds into, for each reference
// date, the staff who had started by it per tenure band on it: a band
// (lo, hi] is the sum of the intervals between thresholds inside it
// (its bounds are thresholds, so the sum is exact).
func bandsAt(refs, thresholds []date.Date, counts []int) [][]int {
	out := make([][]int, len(refs))
	for k, d := range refs {
		cuts := tenureCutoffs(d)
		out[k] = make([]int, len(tenureBands))
		for b := range tenureBands {
			hi := d
			if b > 0 {
				hi = cuts[b-1]
			}
			var lo *date.Date
			if b < len(cuts) {
				lo = &cuts[b]
			}
			// Interval j holds starts in (thresholds[j], thresholds[j-1]]
			// (j = 0: after thresholds[0]; the last: on or before the last).
			for j := range counts {
				var upper, lower *date.Date
				if j > 0 {
					upper = &thresholds[j-1]
				}
				if j < len(thresholds) {
					lower = &thresholds[j]
				}
				inside := upper != nil && !upper.After(hi) && (lo == nil || (lower != nil && !lower.Before(*lo)))
				if inside {
					out[k][b] += counts[j]
				}
			}
		}
	}
	return out
}

// tenure: who left in the period at which tenure (completed months at
// the last day), today's headcount by tenure, and each band's turnover:
// its separations over the average of its headcount on the eve of the
// period and at its end (the rules engine's single-period method),
// annualized. A band's headcount on a date counts the people employed
// then by their tenure then: today's staff who had started by it, and
// those who left after it.
func tenure(bands [][]int, ends []Flow, q Query, months int) []TenureBand {
	out := make([]TenureBand, len(tenureBands))
	for i, b := range tenureBands {
		out[i].Band = b.Label
	}
	eve := q.From.AddDays(-1)
	start, end := make([]int, len(out)), make([]int, len(out))
	total := 0
	for _, f := range ends {
		if f.Ended != "" && f.Ended != "+" && f.Band >= 0 && f.Band < len(out) {
			out[f.Band].Separations += f.Count
			total += f.Count
			if f.Voluntary {
				out[f.Band].Voluntary += f.Count
			}
		}
		// Left after the date, started by it: on the payroll that day.
		if f.End.After(q.To) && !f.Start.After(q.To) {
			end[bandOf(completedMonths(f.Start, q.To))] += f.Count
		}
		if f.End.After(eve) && !f.Start.After(eve) {
			start[bandOf(completedMonths(f.Start, eve))] += f.Count
		}
	}
	for i := range out {
		if len(bands) == 3 {
			out[i].Headcount += bands[0][i]
			end[i] += bands[1][i]
			start[i] += bands[2][i]
		}
	}
	for i := range out {
		if total > 0 {
			out[i].SharePct = math.Round(float64(out[i].Separations)/float64(total)*1000) / 10
		}
		out[i].HeadcountStart, out[i].HeadcountEnd = start[i], end[i]
		if start[i]+end[i] == 0 {
			continue
		}
		sep, hs, he := out[i].Separations, start[i], end[i]
		res, _, err := rules.Turnover(rules.TurnoverFacts{Separations: &sep, HeadcountStart: &hs, HeadcountEnd: &he})
		if err == nil && months > 0 {
			out[i].TurnoverPct = math.Round(res.TurnoverPct*12/float64(months)*10) / 10
		}
	}
	return out
}

// retention: of the people who started in the twelve months whose
// anniversary (90 days, one year) fell by the end of the period, the
// share who had not left before it (a last day at least 90 days, or
// twelve completed months, after the start).
func (s *Service) retention(ctx context.Context, q Query) ([]Retention, error) {
	var out []Retention
	for _, r := range []struct {
		after        string
		days, months int
		back         func(date.Date) date.Date
	}{
		{"90 days", 90, 0, func(d date.Date) date.Date { return d.AddDays(-90) }},
		{"1 year", 0, 12, func(d date.Date) date.Date { return d.AddYears(-1) }},
	} {
		to := r.back(q.To)
		from := to.AddYears(-1).AddDays(1)
		cq := q
		cq.From, cq.To = from, to
		hired, left, err := s.store.HireCohort(ctx, cq, r.days, r.months)
		if err != nil {
			return nil, fmt.Errorf("hire cohort: %w", err)
		}
		ret := Retention{After: r.after, From: from, To: to, Hired: hired, Retained: hired - left,
			CohortFor: fmt.Sprintf("People who started from %s to %s", from, to)}
		if hired > 0 {
			ret.Pct = math.Round(float64(ret.Retained)/float64(hired)*1000) / 10
		}
		out = append(out, ret)
	}
	return out, nil
}

// structure: spans of the managers of the active people in scope, and
// layers: the longest reporting chain from the top of the company down
// to someone in scope, counted in people.
func (s *Service) structure(ctx context.Context, q Query) (Structure, error) {
	spans, err := s.store.InsightManagerSpans(ctx, q)
	if err != nil {
		return Structure{}, fmt.Errorf("spans: %w", err)
	}
	st := Structure{Managers: len(spans)}
	if len(spans) == 0 {
		return st, nil
	}
	chain, err := s.store.InsightManagerChain(ctx)
	if err != nil {
		return st, fmt.Errorf("manager chain: %w", err)
	}
	depth := map[int64]int{}
	var depthOf func(id int64, guard int) int
	depthOf = func(id int64, guard int) int {
		if id == 0 || guard > 64 {
			return 0
		}
		if d, ok := depth[id]; ok {
			return d
		}
		d := 1 + depthOf(chain[id], guard+1)
		depth[id] = d
		return d
	}
	ns := make([]int, 0, len(spans))
	total := 0
	buckets := []Count{{Label: "1–2 reports"}, {Label: "3–5"}, {Label: "6–9"}, {Label: "10–14"}, {Label: "15 or more"}}
	for _, sp := range spans {
		ns = append(ns, sp.Reports)
		total += sp.Reports
		if sp.Reports > st.WidestSpan {
			st.WidestSpan = sp.Reports
		}
		switch {
		case sp.Reports <= 2:
			st.Narrow++
			buckets[0].N++
		case sp.Reports <= 5:
			buckets[1].N++
		case sp.Reports <= 9:
			buckets[2].N++
		case sp.Reports <= 14:
			buckets[3].N++
		default:
			st.Wide++
			buckets[4].N++
		}
		// The reports sit one layer below their manager.
		if d := depthOf(sp.ManagerID, 0) + 1; d > st.Layers {
			st.Layers = d
		}
	}
	sort.Ints(ns)
	st.AverageSpan = math.Round(float64(total)/float64(len(ns))*10) / 10
	if n := len(ns); n%2 == 1 {
		st.MedianSpan = float64(ns[n/2])
	} else {
		st.MedianSpan = float64(ns[n/2-1]+ns[n/2]) / 2
	}
	st.SpanBuckets = buckets
	return st, nil
}
