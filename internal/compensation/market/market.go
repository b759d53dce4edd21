// Package market is market pricing: survey data imported from CSV or
// XLSX (job code, the 25th, 50th, 75th and 90th percentiles, effective
// date, source), aged to a common date with an annual factor, matched to
// Cadre's jobs, compared with what the company pays, and turned into a
// proposed salary structure at the philosophy's target percentile.
package market

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Point is one survey job's market data, annual minor units.
type Point struct {
	ID          int64     `json:"id"`
	Source      string    `json:"source"`
	JobCode     string    `json:"job_code"`
	JobTitle    string    `json:"job_title"`
	Currency    string    `json:"currency"`
	EffectiveOn date.Date `json:"effective_on"`
	P25         int64     `json:"p25_cents"`
	P50         int64     `json:"p50_cents"`
	P75         int64     `json:"p75_cents"`
	P90         int64     `json:"p90_cents"`
}

// Aged is a point aged to the common date.
type Aged struct {
	Point
	AgedTo  date.Date `json:"aged_to"`
	Factor  float64   `json:"aging_factor" doc:"(1 + annual rate) ^ (days / 365.25)"`
	AgedP25 int64     `json:"aged_p25_cents"`
	AgedP50 int64     `json:"aged_p50_cents"`
	AgedP75 int64     `json:"aged_p75_cents"`
	AgedP90 int64     `json:"aged_p90_cents"`
	Matched []string  `json:"matched_jobs"`
}

// Age ages a point to a date at an annual rate (basis points): each
// percentile × (1 + rate) ^ (days between / 365.25), compounded daily
// over the years, rounded to the cent. Data dated after the common date
// is aged backwards.
func Age(p Point, to date.Date, rateBP int) Aged {
	years := float64(p.EffectiveOn.DaysUntil(to)) / 365.25
	f := math.Pow(1+float64(rateBP)/10000, years)
	a := func(c int64) int64 { return int64(math.Round(float64(c) * f)) }
	return Aged{Point: p, AgedTo: to, Factor: math.Round(f*1e6) / 1e6, AgedP25: a(p.P25), AgedP50: a(p.P50), AgedP75: a(p.P75), AgedP90: a(p.P90)}
}

// At interpolates the aged market at a percentile between the surveyed
// ones (linear; P25 and P90 at the ends).
func (a Aged) At(pct int) int64 {
	pts := []struct {
		p int
		v int64
	}{{25, a.AgedP25}, {50, a.AgedP50}, {75, a.AgedP75}, {90, a.AgedP90}}
	if pct <= 25 {
		return a.AgedP25
	}
	for i := 1; i < len(pts); i++ {
		if pct <= pts[i].p {
			lo, hi := pts[i-1], pts[i]
			return lo.v + int64(math.Round(float64(hi.v-lo.v)*float64(pct-lo.p)/float64(hi.p-lo.p)))
		}
	}
	return a.AgedP90
}

// Match ties a Cadre job to a survey job, with an adjustment for a
// partial match (10000 = the same job; 9000 prices it 10% below).
type Match struct {
	JobID    int64  `json:"job_id"`
	Source   string `json:"source"`
	JobCode  string `json:"job_code"`
	WeightBP int    `json:"adjustment_bp"`
}

// Incumbents is what the company pays in a job.
type Incumbents struct {
	JobID    int64
	Count    int
	FTESum   int64
	Currency string
}

// Store is what market pricing needs.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// MarketPoints lists the newest point per source and job code.
	MarketPoints(ctx context.Context) ([]Point, error)
	InsertMarketImport(ctx context.Context, filename string, rows int, by int64, at time.Time) (int64, error)
	// UpsertMarketPoint adds a point, replacing one of the same source,
	// job code and effective date.
	UpsertMarketPoint(ctx context.Context, importID int64, p Point) error
	MarketMatches(ctx context.Context) ([]Match, error)
	SaveMarketMatch(ctx context.Context, m Match, by int64, at time.Time) error
	// JobIncumbents sums the FTE pay of each job's active employees in
	// scope.
	JobIncumbents(ctx context.Context, paths []string, whole bool) ([]Incumbents, error)
	ListJobs(ctx context.Context) ([]people.Job, error)
	ListPayGrades(ctx context.Context) ([]people.PayGrade, error)
}

// Service prices jobs against the market.
type Service struct {
	store      Store
	clock      kit.Clock
	structures *structure.Service
}

// NewService builds the service; proposals are drafted through ss.
func NewService(st Store, clock kit.Clock, ss *structure.Service) *Service {
	return &Service{store: st, clock: clock, structures: ss}
}

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

// Aging settings.
const (
	keyRate = "market.aging_rate_bp"
	keyDate = "market.aging_date"
	// DefaultAgingBP is 3% a year until the HR manager sets another.
	DefaultAgingBP = 300
)

// Aging is the annual factor and the common date (zero: today).
type Aging struct {
	RateBP int       `json:"annual_rate_bp"`
	Date   date.Date `json:"common_date"`
}

func (s *Service) aging(ctx context.Context, st Store) (Aging, error) {
	r, err := st.Setting(ctx, keyRate)
	if err != nil {
		return Aging{}, err
	}
	d, err := st.Setting(ctx, keyDate)
	if err != nil {
		return Aging{}, err
	}
	ag := Aging{RateBP: DefaultAgingBP}
	if n, err := strconv.Atoi(r); err == nil {
		ag.RateBP = n
	}
	ag.Date, _ = date.Parse(d)
	return ag, nil
}

// SetAging sets the annual aging rate and the common date (zero: always
// today). Requires comp.design. Errors: KindInvalid, KindForbidden.
func (s *Service) SetAging(ctx context.Context, a access.Actor, ag Aging) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	if ag.RateBP < 0 || ag.RateBP > 2000 {
		return kit.Invalid("annual_rate_bp", "Age the data by 0% to 20% a year")
	}
	return s.store.InTx(ctx, func(st Store) error {
		d := ""
		if !ag.Date.IsZero() {
			d = ag.Date.String()
		}
		if err := st.SetSetting(ctx, keyRate, strconv.Itoa(ag.RateBP)); err != nil {
			return err
		}
		if err := st.SetSetting(ctx, keyDate, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "market.aging", "setting", 0, fmt.Sprintf("Market data aged at %.2f%% a year", float64(ag.RateBP)/100), ag)
	})
}

func viewer(a access.Actor) error {
	if !access.CanAnywhere(a, access.PayView) {
		return kit.Forbidden("only HR with the pay permission sees market data")
	}
	return nil
}

// Data returns the newest point of each survey job aged to the common
// date, with the jobs matched to it, and the aging in force.
func (s *Service) Data(ctx context.Context, a access.Actor) ([]Aged, Aging, error) {
	if err := viewer(a); err != nil {
		return nil, Aging{}, err
	}
	return s.data(ctx, s.store)
}

func (s *Service) data(ctx context.Context, st Store) ([]Aged, Aging, error) {
	ag, err := s.aging(ctx, st)
	if err != nil {
		return nil, ag, err
	}
	to := ag.Date
	if to.IsZero() {
		to = date.Of(s.clock.Now())
	}
	pts, err := st.MarketPoints(ctx)
	if err != nil {
		return nil, ag, err
	}
	matches, err := st.MarketMatches(ctx)
	if err != nil {
		return nil, ag, err
	}
	jobs, err := st.ListJobs(ctx)
	if err != nil {
		return nil, ag, err
	}
	title := map[int64]string{}
	for _, j := range jobs {
		title[j.ID] = j.Title
	}
	var out []Aged
	for _, p := range pts {
		x := Age(p, to, ag.RateBP)
		x.Matched = []string{}
		for _, m := range matches {
			if m.Source == p.Source && m.JobCode == p.JobCode {
				x.Matched = append(x.Matched, title[m.JobID])
			}
		}
		out = append(out, x)
	}
	return out, ag, nil
}

// ImportColumns are the market file's columns.
var ImportColumns = []string{"job_code", "job_title", "p25", "p50", "p75", "p90", "effective_date", "source", "currency"}

// RowError is a problem with one row of a market file.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ImportReport says what an import did: every row, or nothing and why.
type ImportReport struct {
	Rows     int        `json:"rows"`
	Imported bool       `json:"imported"`
	Problems []string   `json:"problems" doc:"Problems with the file as a whole"`
	Errors   []RowError `json:"errors"`
}

// Import reads a CSV or XLSX market file: job_code, p25, p50, p75, p90,
// effective_date and source required; job_title and currency (USD by
// default) optional; amounts annual, like 85000 or 85,000.00. Every
// percentile must be present and rising; a job code may appear once per
// source and date. All rows or none: any error imports nothing and the
// report lists each. Requires comp.design. Errors: KindForbidden,
// KindTooLarge, KindInvalid (the file).
func (s *Service) Import(ctx context.Context, a access.Actor, filename string, data []byte) (ImportReport, error) {
	rep := ImportReport{Problems: []string{}, Errors: []RowError{}}
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return rep, err
	}
	rows, lines, problems, err := kit.ParseTable(filename, data, ImportColumns, []string{"job_code", "p25", "p50", "p75", "p90", "effective_date", "source"}, 5<<20, 20000)
	if err != nil {
		return rep, err
	}
	if len(problems) > 0 {
		rep.Problems = problems
		return rep, nil
	}
	rep.Rows = len(rows)
	seen := map[string]int{}
	var pts []Point
	for i, r := range rows {
		line := lines[i]
		bad := func(field, msg string) {
			rep.Errors = append(rep.Errors, RowError{Line: line, Field: field, Message: msg})
		}
		if r["_extra"] != "" {
			bad("", r["_extra"])
		}
		p := Point{Source: strings.TrimSpace(r["source"]), JobCode: strings.TrimSpace(r["job_code"]), JobTitle: strings.TrimSpace(r["job_title"]), Currency: strings.ToUpper(strings.TrimSpace(r["currency"]))}
		if p.Currency == "" {
			p.Currency = "USD"
		}
		if !kit.Currencies[p.Currency] {
			bad("currency", "not a supported currency code")
		}
		if p.JobCode == "" || len(p.JobCode) > 40 {
			bad("job_code", "required, up to 40 characters")
		}
		if p.Source == "" || len(p.Source) > 100 {
			bad("source", "required, up to 100 characters")
		}
		if len(p.JobTitle) > 200 {
			bad("job_title", "up to 200 characters")
		}
		var ok bool
		if p.EffectiveOn, err = date.Parse(strings.TrimSpace(r["effective_date"])); err != nil {
			bad("effective_date", "required, as YYYY-MM-DD")
		} else if p.EffectiveOn.After(date.Of(s.clock.Now()).AddDays(366)) || p.EffectiveOn.Year() < 2000 {
			bad("effective_date", "must be after 2000 and at most a year ahead")
		}
		vals := make([]int64, 4)
		ok = true
		for k, col := range []string{"p25", "p50", "p75", "p90"} {
			v := strings.TrimSpace(r[col])
			if v == "" {
				bad(col, "missing: every row needs the 25th, 50th, 75th and 90th percentiles")
				ok = false
				continue
			}
			c, err := kit.ParseCents(v)
			if err != nil || c <= 0 {
				bad(col, "not an amount above zero")
				ok = false
				continue
			}
			vals[k] = c
		}
		if ok && !(vals[0] <= vals[1] && vals[1] <= vals[2] && vals[2] <= vals[3]) {
			bad("p50", "the percentiles must rise: p25 ≤ p50 ≤ p75 ≤ p90")
		}
		p.P25, p.P50, p.P75, p.P90 = vals[0], vals[1], vals[2], vals[3]
		key := strings.ToLower(p.Source + "\x00" + p.JobCode + "\x00" + p.EffectiveOn.String())
		if first, dup := seen[key]; dup && p.JobCode != "" {
			bad("job_code", fmt.Sprintf("duplicate: the same job, source and date as line %d", first))
		} else {
			seen[key] = line
		}
		pts = append(pts, p)
	}
	if len(rep.Errors) > 0 {
		return rep, nil
	}
	err = s.store.InTx(ctx, func(st Store) error {
		id, err := st.InsertMarketImport(ctx, filename, len(pts), a.UserID, s.clock.Now())
		if err != nil {
			return err
		}
		for _, p := range pts {
			if err := st.UpsertMarketPoint(ctx, id, p); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "market.import", "market_import", id, fmt.Sprintf("Imported %d rows of market data from %s", len(pts), filename), map[string]any{"rows": len(pts), "file": filename})
	})
	rep.Imported = err == nil
	return rep, err
}

// SetMatch ties a job to a survey job (an empty code removes the match).
// Requires comp.design. Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) SetMatch(ctx context.Context, a access.Actor, m Match) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	if m.WeightBP == 0 {
		m.WeightBP = 10000
	}
	if m.WeightBP < 5000 || m.WeightBP > 15000 {
		return kit.Invalid("adjustment_bp", "Adjust a partial match by 50% to 150%")
	}
	return s.store.InTx(ctx, func(st Store) error {
		jobs, err := st.ListJobs(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(jobs, func(j people.Job) bool { return j.ID == m.JobID }) {
			return kit.NotFound("job")
		}
		if m.JobCode != "" {
			pts, err := st.MarketPoints(ctx)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(pts, func(p Point) bool { return p.Source == m.Source && p.JobCode == m.JobCode }) {
				return kit.Invalid("job_code", "No market data for "+m.JobCode+" from "+m.Source)
			}
		}
		if err := st.SaveMarketMatch(ctx, m, a.UserID, s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "market.match", "job", m.JobID, "Matched a job to survey job "+m.JobCode, m)
	})
}

// Price is one job priced against the market.
type Price struct {
	JobID      int64  `json:"job_id"`
	Title      string `json:"title"`
	Family     string `json:"family"`
	Grade      string `json:"grade"`
	GradeMid   int64  `json:"grade_midpoint_cents"`
	Currency   string `json:"currency"`
	Incumbents int    `json:"incumbents"`
	// AvgFTE is the average full-time-equivalent base pay of the
	// incumbents in your scope (0 without any).
	AvgFTE int64  `json:"average_fte_cents"`
	Match  *Match `json:"match"`
	Market *Aged  `json:"market,omitempty"`
	// MarketP50 and MarketTarget are adjusted by the match.
	MarketP50    int64 `json:"market_p50_cents"`
	MarketTarget int64 `json:"market_target_cents" doc:"The market at the philosophy's target percentile"`
	// GapPct is (average pay - market P50) / market P50, in percent.
	GapPct *float64 `json:"gap_pct"`
	// MidVsTarget is (grade midpoint - market target) / market target.
	MidVsTarget *float64 `json:"midpoint_vs_target_pct"`
}

// Pricing prices every job: what the company pays (in the actor's pay
// scope) against the matched survey job aged to the common date, at P50
// and at the philosophy's target percentile, and the grade's midpoint
// against that target. Requires people.pay.view over some scope.
func (s *Service) Pricing(ctx context.Context, a access.Actor) ([]Price, structure.Philosophy, error) {
	paths, whole := access.ScopePaths(a, access.PayView)
	if !whole && len(paths) == 0 {
		return nil, structure.Philosophy{}, kit.Forbidden("only HR with the pay permission prices jobs")
	}
	phil, err := s.structures.Current(ctx)
	if err != nil {
		return nil, phil, err
	}
	out, err := s.pricing(ctx, s.store, paths, whole, phil)
	return out, phil, err
}

func (s *Service) pricing(ctx context.Context, st Store, paths []string, whole bool, phil structure.Philosophy) ([]Price, error) {
	data, _, err := s.data(ctx, st)
	if err != nil {
		return nil, err
	}
	matches, err := st.MarketMatches(ctx)
	if err != nil {
		return nil, err
	}
	inc, err := st.JobIncumbents(ctx, paths, whole)
	if err != nil {
		return nil, err
	}
	jobs, err := st.ListJobs(ctx)
	if err != nil {
		return nil, err
	}
	grades, err := st.ListPayGrades(ctx)
	if err != nil {
		return nil, err
	}
	gradeOf := map[int64]people.PayGrade{}
	for _, g := range grades {
		gradeOf[g.ID] = g
	}
	var out []Price
	for _, j := range jobs {
		p := Price{JobID: j.ID, Title: j.Title, Family: j.Family}
		if g, ok := gradeOf[j.PayGradeID]; ok {
			p.Grade, p.GradeMid, p.Currency = g.Name, g.MidpointCents, g.Currency
		}
		for _, in := range inc {
			if in.JobID == j.ID && in.Count > 0 {
				p.Incumbents, p.AvgFTE = in.Count, in.FTESum/int64(in.Count)
				if p.Currency == "" {
					p.Currency = in.Currency
				}
			}
		}
		for _, m := range matches {
			if m.JobID != j.ID {
				continue
			}
			m := m
			p.Match = &m
			for _, d := range data {
				if d.Source == m.Source && d.JobCode == m.JobCode {
					d := d
					p.Market = &d
					adj := func(c int64) int64 { return int64(math.Round(float64(c) * float64(m.WeightBP) / 10000)) }
					p.MarketP50, p.MarketTarget = adj(d.AgedP50), adj(d.At(phil.TargetPercentile))
				}
			}
		}
		if p.MarketP50 > 0 && p.AvgFTE > 0 && (p.Market.Currency == p.Currency) {
			v := math.Round(float64(p.AvgFTE-p.MarketP50)*1000/float64(p.MarketP50)) / 10
			p.GapPct = &v
		}
		if p.MarketTarget > 0 && p.GradeMid > 0 && p.Market.Currency == p.Currency {
			v := math.Round(float64(p.GradeMid-p.MarketTarget)*1000/float64(p.MarketTarget)) / 10
			p.MidVsTarget = &v
		}
		out = append(out, p)
	}
	return out, nil
}

// Propose drafts a salary structure from the market: each grade's
// midpoint is the average market at the philosophy's target percentile of
// the jobs in it that are priced (grades with none keep their midpoint),
// its range the philosophy's spread around it. Requires comp.design.
// Errors: KindInvalid, KindForbidden.
func (s *Service) Propose(ctx context.Context, a access.Actor, name, currency string, effective date.Date) (int64, error) {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return 0, err
	}
	phil, err := s.structures.Current(ctx)
	if err != nil {
		return 0, err
	}
	prices, err := s.pricing(ctx, s.store, nil, true, phil)
	if err != nil {
		return 0, err
	}
	grades, err := s.store.ListPayGrades(ctx)
	if err != nil {
		return 0, err
	}
	sum, n := map[string]int64{}, map[string]int64{}
	for _, p := range prices {
		if p.MarketTarget > 0 && p.Grade != "" && p.Market.Currency == currency {
			sum[p.Grade] += p.MarketTarget
			n[p.Grade]++
		}
	}
	spread := float64(phil.RangeSpreadBP) / 10000
	var out []structure.Grade
	for _, g := range grades {
		if g.Currency != currency {
			continue
		}
		mid := float64(g.MidpointCents)
		if n[g.Name] > 0 {
			mid = float64(sum[g.Name]) / float64(n[g.Name])
		}
		lo := mid * 2 / (2 + spread)
		r := func(v float64) int64 { return int64(math.Round(v/10000)) * 10000 }
		out = append(out, structure.Grade{Name: g.Name, MinCents: r(lo), MidCents: r(mid), MaxCents: r(lo * (1 + spread))})
	}
	note := fmt.Sprintf("Proposed from market data at P%d with a %s%% spread; %d of %d grades priced from matched jobs.", phil.TargetPercentile,
		strconv.FormatFloat(spread*100, 'f', -1, 64), len(n), len(out))
	return s.structures.CreateWithGrades(ctx, a, structure.NewStructureInput{Name: name, Currency: currency, EffectiveFrom: effective, Note: note, From: "market"}, out)
}
