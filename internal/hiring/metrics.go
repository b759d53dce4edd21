package hiring

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ---- recruiting costs ----

// CostCategories are the ANSI/SHRM cost-per-hire categories (the rules
// engine classifies them external or internal).
var CostCategories = []string{"advertising", "job_boards", "background_checks", "campus_recruiting", "consulting", "contingency_fees", "drug_testing",
	"employee_referral_awards", "immigration", "job_fairs", "pre_hire_health_screens", "pre_screening", "rpo_fees", "relocation", "sign_on_bonuses",
	"sourcing", "candidate_travel", "recruiter_travel", "technology", "third_party_agency_fees",
	"recruiting_staff", "sourcing_staff", "compliance_overhead", "non_labor_office", "recruiting_learning", "management_time"}

// RecruitingCost is a cost recorded for a month, optionally for a source
// channel (to measure the channel's cost per hire).
type RecruitingCost struct {
	ID          int64
	Month       date.Date // the first of the month
	Category    string
	AmountCents int64
	Source      string // "" or one of Sources
	Note        string
	CreatedBy   int64
	CreatedAt   time.Time
}

// CostInput records a cost.
type CostInput struct {
	Month       date.Date
	Category    string
	AmountCents int64
	Source      string
	Note        string
	Invalid     kit.FieldErrors
}

// RecordCost records a recruiting cost. Requires hiring.metrics.manage.
// Errors: KindInvalid, KindForbidden.
func (s *Service) RecordCost(ctx context.Context, a access.Actor, in CostInput) (int64, error) {
	if err := access.Require(a, access.RecruitingMetricsManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	if in.Month.IsZero() && !f.Has("month") {
		f.Add("month", "Choose the month")
	}
	if !oneOf(in.Category, CostCategories) {
		f.Add("category", "Choose a cost category")
	}
	if in.AmountCents <= 0 && !f.Has("amount_cents") {
		f.Add("amount_cents", "Enter an amount above zero")
	}
	if in.Source != "" && !oneOf(in.Source, Sources) {
		f.Add("source", "Choose a source channel, or none")
	}
	if len(in.Note) > 500 {
		f.Add("note", "Keep the note under 500 characters")
	}
	if !in.Month.IsZero() && in.Month.After(s.today()) {
		f.Add("month", "Record costs for past or current months")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	c := RecruitingCost{Month: date.New(in.Month.Year(), in.Month.Month(), 1), Category: in.Category, AmountCents: in.AmountCents, Source: in.Source,
		Note: strings.TrimSpace(in.Note), CreatedBy: a.UserID, CreatedAt: s.now()}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		var err error
		if id, err = st.InsertCost(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.cost", "recruiting_cost", id, fmt.Sprintf("Recorded %s %s for %s", label(c.Category), kit.FormatCents(c.AmountCents), c.Month.Format("January 2006")), nil, c)
	})
	return id, err
}

// DeleteCost removes a recorded cost. Errors: KindForbidden, KindNotFound.
func (s *Service) DeleteCost(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.RecruitingMetricsManage, access.CompanyTarget); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		if err := st.DeleteCost(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.cost_delete", "recruiting_cost", id, "Deleted a recruiting cost", nil, nil)
	})
}

// Costs lists the costs of a period. Requires hiring.metrics.view.
func (s *Service) Costs(ctx context.Context, a access.Actor, from, to date.Date) ([]RecruitingCost, error) {
	if err := access.Require(a, access.RecruitingMetricsView, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListCosts(ctx, from, to)
}

// ---- metrics ----

// MetricsFilter chooses the period and the slice of requisitions.
type MetricsFilter struct {
	From, To  date.Date // the period, both days included
	OrgUnitID int64     // with its subtree
	JobFamily string
}

// FilledReq is a filled requisition for time-to-fill.
type FilledReq struct {
	ID            int64
	Number        string
	Opened        date.Date
	OfferAccepted date.Date
}

// HireRow is a hire of the period (an application hired).
type HireRow struct {
	ApplicationID int64
	Source        string
	AppliedAt     time.Time
	AcceptedOn    date.Date
	HiredAt       time.Time
}

// AppRow is an application of the period, for the funnel and aging.
type AppRow struct {
	ID            int64
	RequisitionID int64
	Stage         string
	Status        string
	Source        string
	AppliedAt     time.Time
	Changed       time.Time
}

// AppCount counts applications made in a period with the same pipeline,
// stage and source.
type AppCount struct {
	Stages []Stage // the requisition's pipeline (nil: the standard one)
	Stage  string
	Source string
	Count  int
}

// StageTimeSum adds up the visits to one stage of one pipeline.
type StageTimeSum struct {
	Stages []Stage
	Stage  string
	Count  int
	Days   float64 // the total
}

// Metrics is the recruiting dashboard of a period and scope.
type Metrics struct {
	Filter         MetricsFilter
	TimeToFill     *rules.TimeToFillResult
	TimeToFillWhy  []rules.Step
	Filled         []FilledReq
	TimeToHire     float64 // mean days applied -> offer accepted
	Hires          int
	CostPerHire    *rules.CostPerHireResult
	CostPerHireWhy []rules.Step
	CostNote       string
	Sources        []SourceRow
	Funnel         []FunnelRow
	StageDays      []StageDaysRow
	OffersAccepted int
	OffersDeclined int
	AcceptanceRate float64 // percent; 0 with no answered offer
	Aging          []AgingRow
	Untouched      int
	SLADays        int       // the SLA Untouched counts against
	ComputedAt     time.Time // dashboards are reused for a minute (dashTTL)
	VsPlan         []PlanVsActual
}

// SourceRow is a source channel's applications, hires and cost per hire.
type SourceRow struct {
	Source       string
	Applications int
	Hires        int
	Conversion   float64 // hires per 100 applications
	CostCents    int64
	CostPerHire  float64 // in currency units, 0 without costs or hires
	ShareOfHires float64 // percent
}

// FunnelRow is how many applications of the period reached a stage, and
// what share of them went on to the next.
type FunnelRow struct {
	Stage      string
	Reached    int
	Conversion float64 // percent reaching the next stage
}

// StageDaysRow is the mean days applications spent in a stage.
type StageDaysRow struct {
	Stage string
	Days  float64
	Count int
}

// AgingRow counts active applications by days since they applied.
type AgingRow struct {
	Bucket string
	Count  int
}

// PlanVsActual is one quarter's planned and actual hires.
type PlanVsActual struct {
	Quarter  string
	Planned  int
	Approved int
	Hired    int
}

// MetricsStore reads the raw rows the metrics are computed from.
type MetricsStore interface {
	FilledRequisitions(ctx context.Context, f MetricsFilter, paths []string, whole bool) ([]FilledReq, error)
	HiresIn(ctx context.Context, f MetricsFilter, paths []string, whole bool) ([]HireRow, error)
	ApplicationCounts(ctx context.Context, f MetricsFilter, paths []string, whole bool) ([]AppCount, error)
	ActiveApplications(ctx context.Context, f MetricsFilter, paths []string, whole bool) ([]AppRow, error)
	StageTimeSums(ctx context.Context, f MetricsFilter, paths []string, whole bool) ([]StageTimeSum, error)
	OfferAnswers(ctx context.Context, f MetricsFilter, paths []string, whole bool) (accepted, declined int, err error)
}

// Metrics computes the recruiting dashboard for a period, in the actor's
// scope: time-to-fill and cost-per-hire by the rules engine (with their
// explanations), time-to-hire, source of hire and source effectiveness,
// the funnel, time in stage, offer acceptance, pipeline aging and hires
// against the plan. Requires hiring.metrics.view. Errors: KindInvalid,
// KindForbidden.
func (s *Service) Metrics(ctx context.Context, a access.Actor, f MetricsFilter) (Metrics, error) {
	m := Metrics{Filter: f}
	if err := access.Require(a, access.RecruitingMetricsView, access.CompanyTarget); err != nil {
		return m, err
	}
	m.SLADays = slaDays(ctx, s.store)
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return m, kit.Invalid("from", "Choose a period: from a day to a later day")
	}
	if f.From.DaysUntil(f.To) > 3*366 {
		return m, kit.Invalid("to", "Choose a period of at most three years")
	}
	key := fmt.Sprintf("metrics|%s|%+v|%s", scopeKey(a, access.RecruitingMetricsView, access.HiringPlanView), f, date.Of(s.now()))
	v, err := s.cached(ctx, key, func(ctx context.Context) (any, error) { return s.computeMetrics(ctx, a, f, m) })
	if err != nil {
		return m, err
	}
	return v.(Metrics), nil
}

// computeMetrics computes the dashboard that Metrics caches.
func (s *Service) computeMetrics(ctx context.Context, a access.Actor, f MetricsFilter, m Metrics) (Metrics, error) {
	m.ComputedAt = s.now()
	paths, whole := access.ScopePaths(a, access.RecruitingMetricsView)
	st, ok := s.store.(MetricsStore)
	if !ok {
		return m, fmt.Errorf("hiring: the store has no metrics")
	}
	filled, err := st.FilledRequisitions(ctx, f, paths, whole)
	if err != nil {
		return m, err
	}
	m.Filled = filled
	if len(filled) > 0 {
		var facts rules.TimeToFillFacts
		for _, r := range filled {
			facts.Requisitions = append(facts.Requisitions, rules.Requisition{Opened: r.Opened, OfferAccepted: r.OfferAccepted})
		}
		res, why, err := rules.TimeToFill(facts)
		if err != nil {
			return m, err
		}
		m.TimeToFill, m.TimeToFillWhy = &res, why
	}
	hires, err := st.HiresIn(ctx, f, paths, whole)
	if err != nil {
		return m, err
	}
	m.Hires = len(hires)
	var tth float64
	bySource := map[string]*SourceRow{}
	row := func(src string) *SourceRow {
		if bySource[src] == nil {
			bySource[src] = &SourceRow{Source: src}
		}
		return bySource[src]
	}
	for _, h := range hires {
		tth += float64(date.Of(h.AppliedAt).DaysUntil(h.AcceptedOn))
		row(h.Source).Hires++
	}
	if m.Hires > 0 {
		m.TimeToHire = math.Round(tth/float64(m.Hires)*100) / 100
	}
	// Costs are company-wide: cost-per-hire is computed for the whole
	// company (or says so when the view is narrowed).
	costs, err := s.store.ListCosts(ctx, f.From, f.To)
	if err != nil {
		return m, err
	}
	narrowed := f.OrgUnitID != 0 || f.JobFamily != "" || !whole
	hiresForCost := m.Hires
	if narrowed {
		all, err := st.HiresIn(ctx, MetricsFilter{From: f.From, To: f.To}, nil, true)
		if err != nil {
			return m, err
		}
		hiresForCost = len(all)
		m.CostNote = "Recruiting costs are recorded for the whole company, so cost-per-hire divides them by all the company's hires in the period."
	}
	if hiresForCost > 0 && len(costs) > 0 {
		facts := rules.CostPerHireFacts{Hires: &hiresForCost}
		for _, c := range costs {
			facts.Costs = append(facts.Costs, rules.Cost{Category: c.Category, Amount: float64(c.AmountCents) / 100})
			if c.Source != "" {
				row(c.Source).CostCents += c.AmountCents
			}
		}
		res, why, err := rules.CostPerHire(facts)
		if err != nil {
			return m, err
		}
		m.CostPerHire, m.CostPerHireWhy = &res, why
	}
	apps, err := st.ApplicationCounts(ctx, f, paths, whole)
	if err != nil {
		return m, err
	}
	times, err := st.StageTimeSums(ctx, f, paths, whole)
	if err != nil {
		return m, err
	}
	reached := make([]int, len(DefaultStages))
	for _, ap := range apps {
		row(ap.Source).Applications += ap.Count
		idx := kindIndex(KindOf(ap.Stages, ap.Stage))
		for i := 0; i <= idx && i < len(reached); i++ {
			reached[i] += ap.Count
		}
	}
	for i, stg := range DefaultStages {
		fr := FunnelRow{Stage: stg, Reached: reached[i]}
		if i+1 < len(reached) && reached[i] > 0 {
			fr.Conversion = math.Round(float64(reached[i+1])*1000/float64(reached[i])) / 10
		}
		m.Funnel = append(m.Funnel, fr)
	}
	for _, r := range bySource {
		if r.Applications > 0 {
			r.Conversion = math.Round(float64(r.Hires)*1000/float64(r.Applications)) / 10
		}
		if r.Hires > 0 && r.CostCents > 0 {
			r.CostPerHire = math.Round(float64(r.CostCents)/float64(r.Hires)) / 100
		}
		if m.Hires > 0 {
			r.ShareOfHires = math.Round(float64(r.Hires)*1000/float64(m.Hires)) / 10
		}
		m.Sources = append(m.Sources, *r)
	}
	sort.Slice(m.Sources, func(i, j int) bool {
		if m.Sources[i].Hires != m.Sources[j].Hires {
			return m.Sources[i].Hires > m.Sources[j].Hires
		}
		return m.Sources[i].Source < m.Sources[j].Source
	})
	sum, cnt := map[string]float64{}, map[string]int{}
	for _, t := range times {
		k := KindOf(t.Stages, t.Stage)
		sum[k] += t.Days
		cnt[k] += t.Count
	}
	for _, stg := range DefaultStages[:len(DefaultStages)-1] {
		r := StageDaysRow{Stage: stg, Count: cnt[stg]}
		if cnt[stg] > 0 {
			r.Days = math.Round(sum[stg]/float64(cnt[stg])*10) / 10
		}
		m.StageDays = append(m.StageDays, r)
	}
	if m.OffersAccepted, m.OffersDeclined, err = st.OfferAnswers(ctx, f, paths, whole); err != nil {
		return m, err
	}
	if n := m.OffersAccepted + m.OffersDeclined; n > 0 {
		m.AcceptanceRate = math.Round(float64(m.OffersAccepted)*1000/float64(n)) / 10
	}
	active, err := st.ActiveApplications(ctx, f, paths, whole)
	if err != nil {
		return m, err
	}
	buckets := []AgingRow{{Bucket: "0–7 days"}, {Bucket: "8–14 days"}, {Bucket: "15–30 days"}, {Bucket: "31–60 days"}, {Bucket: "Over 60 days"}}
	now := s.now()
	for _, ap := range active {
		d := int(now.Sub(ap.AppliedAt).Hours() / 24)
		switch {
		case d <= 7:
			buckets[0].Count++
		case d <= 14:
			buckets[1].Count++
		case d <= 30:
			buckets[2].Count++
		case d <= 60:
			buckets[3].Count++
		default:
			buckets[4].Count++
		}
		if now.Sub(ap.Changed) > time.Duration(m.SLADays)*24*time.Hour {
			m.Untouched++
		}
	}
	m.Aging = buckets
	for y := f.From.Year(); y <= f.To.Year(); y++ {
		rows, err := s.Plan(ctx, a, y)
		if err != nil {
			if kit.KindOf(err) == kit.KindForbidden {
				break
			}
			return m, err
		}
		for q := 1; q <= 4; q++ {
			qStart := date.New(y, time.Month(3*(q-1)+1), 1)
			qEnd := qStart.AddMonths(3).AddDays(-1)
			if qEnd.Before(f.From) || qStart.After(f.To) {
				continue
			}
			pv := PlanVsActual{Quarter: fmt.Sprintf("Q%d %d", q, y)}
			for _, r := range rows {
				if r.Quarter == q && (f.OrgUnitID == 0 || r.OrgUnitID == f.OrgUnitID) {
					pv.Planned += r.Headcount
					pv.Approved += r.Approved
					pv.Hired += r.Filled
				}
			}
			m.VsPlan = append(m.VsPlan, pv)
		}
	}
	return m, nil
}
