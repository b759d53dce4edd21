package api

import (
	"time"

	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// MetricsQuery chooses the period and slice of the recruiting metrics.
type MetricsQuery struct {
	From      string `query:"from" format:"date" doc:"First day of the period. Default: a year before to, plus a day"`
	To        string `query:"to" format:"date" doc:"Last day of the period. Default: today"`
	OrgUnitID int64  `query:"org_unit_id" doc:"Requisitions of this org unit and its subtree"`
	JobFamily string `query:"job_family" doc:"Requisitions for jobs of this family"`
}

func (q MetricsQuery) filter() (hiring.MetricsFilter, error) {
	f := kit.FieldErrors{}
	from, to := parseDate(f, "from", q.From), parseDate(f, "to", q.To)
	if err := f.Err(); err != nil {
		return hiring.MetricsFilter{}, err
	}
	if to.IsZero() {
		to = date.Of(timeNow())
	}
	if from.IsZero() {
		from = to.AddMonths(-12).AddDays(1)
	}
	return hiring.MetricsFilter{From: from, To: to, OrgUnitID: q.OrgUnitID, JobFamily: strings.TrimSpace(q.JobFamily)}, nil
}

// FilledOut is a filled requisition and its days to fill.
type FilledOut struct {
	ID            int64  `json:"id"`
	Number        string `json:"number"`
	Opened        string `json:"opened" format:"date"`
	OfferAccepted string `json:"offer_accepted" format:"date"`
	Days          int    `json:"days"`
}

// TimeToFillOut is time-to-fill by the rules engine, explained.
type TimeToFillOut struct {
	AverageDays  float64      `json:"average_days"`
	Requisitions []FilledOut  `json:"requisitions"`
	Why          []rules.Step `json:"why"`
}

// CostPerHireOut is cost-per-hire by the rules engine, explained.
type CostPerHireOut struct {
	CostPerHire   float64      `json:"cost_per_hire"`
	ExternalTotal float64      `json:"external_total"`
	InternalTotal float64      `json:"internal_total"`
	TotalCost     float64      `json:"total_cost"`
	Hires         int          `json:"hires"`
	Note          string       `json:"note,omitempty" doc:"Set when the view is narrowed: costs are company-wide"`
	Why           []rules.Step `json:"why"`
}

// SourceOut is a source channel's effectiveness.
type SourceOut struct {
	Source       string  `json:"source"`
	Applications int     `json:"applications"`
	Hires        int     `json:"hires"`
	HiresPer100  float64 `json:"hires_per_100_applications"`
	ShareOfHires float64 `json:"share_of_hires_pct"`
	CostCents    int64   `json:"cost_cents"`
	CostPerHire  float64 `json:"cost_per_hire" doc:"0 without channel costs or hires"`
}

// FunnelOut is a funnel stage.
type FunnelOut struct {
	Stage      string  `json:"stage"`
	Reached    int     `json:"reached"`
	Conversion float64 `json:"went_on_pct"`
}

// StageDaysOut is the mean days in a stage.
type StageDaysOut struct {
	Stage string  `json:"stage"`
	Days  float64 `json:"average_days"`
	Count int     `json:"visits"`
}

// AgingOut counts active candidates by days since they applied.
type AgingOut struct {
	Bucket string `json:"bucket"`
	Count  int    `json:"count"`
}

// PlanVsActualOut is a quarter's planned, approved and hired.
type PlanVsActualOut struct {
	Quarter  string `json:"quarter"`
	Planned  int    `json:"planned"`
	Approved int    `json:"approved"`
	Hired    int    `json:"hired"`
}

// RecruitingMetricsOut is the recruiting dashboard.
type RecruitingMetricsOut struct {
	From           string            `json:"from" format:"date"`
	To             string            `json:"to" format:"date"`
	TimeToFill     *TimeToFillOut    `json:"time_to_fill" doc:"null when no requisition was filled in the period"`
	TimeToHireDays float64           `json:"time_to_hire_days" doc:"Mean days from applying to accepting the offer"`
	Hires          int               `json:"hires"`
	CostPerHire    *CostPerHireOut   `json:"cost_per_hire" doc:"null without costs or hires"`
	Sources        []SourceOut       `json:"sources"`
	Funnel         []FunnelOut       `json:"funnel"`
	StageDays      []StageDaysOut    `json:"time_in_stage"`
	OffersAccepted int               `json:"offers_accepted"`
	OffersDeclined int               `json:"offers_declined"`
	AcceptanceRate float64           `json:"offer_acceptance_pct"`
	Aging          []AgingOut        `json:"aging"`
	Untouched      int               `json:"untouched" doc:"Active candidates over sla_days in one stage"`
	SLADays        int               `json:"sla_days" doc:"The candidate SLA set by the HR manager"`
	ComputedAt     time.Time         `json:"computed_at" doc:"Dashboards are reused for a minute; recruiting and people changes made through this instance drop them at once"`
	VsPlan         []PlanVsActualOut `json:"vs_plan"`
}

func metricsOut(m hiring.Metrics) RecruitingMetricsOut {
	out := RecruitingMetricsOut{From: m.Filter.From.String(), To: m.Filter.To.String(), TimeToHireDays: m.TimeToHire, Hires: m.Hires,
		OffersAccepted: m.OffersAccepted, OffersDeclined: m.OffersDeclined, AcceptanceRate: m.AcceptanceRate, Untouched: m.Untouched, SLADays: m.SLADays, ComputedAt: m.ComputedAt.UTC(),
		Sources: []SourceOut{}, Funnel: []FunnelOut{}, StageDays: []StageDaysOut{}, Aging: []AgingOut{}, VsPlan: []PlanVsActualOut{}}
	if m.TimeToFill != nil {
		t := &TimeToFillOut{AverageDays: m.TimeToFill.AverageDays, Why: m.TimeToFillWhy, Requisitions: []FilledOut{}}
		for i, r := range m.Filled {
			t.Requisitions = append(t.Requisitions, FilledOut{ID: r.ID, Number: r.Number, Opened: r.Opened.String(), OfferAccepted: r.OfferAccepted.String(), Days: m.TimeToFill.Days[i]})
		}
		out.TimeToFill = t
	}
	if c := m.CostPerHire; c != nil {
		out.CostPerHire = &CostPerHireOut{CostPerHire: c.CostPerHire, ExternalTotal: c.ExternalTotal, InternalTotal: c.InternalTotal, TotalCost: c.TotalCost,
			Hires: c.Hires, Note: m.CostNote, Why: m.CostPerHireWhy}
	}
	for _, s := range m.Sources {
		out.Sources = append(out.Sources, SourceOut{Source: s.Source, Applications: s.Applications, Hires: s.Hires, HiresPer100: s.Conversion,
			ShareOfHires: s.ShareOfHires, CostCents: s.CostCents, CostPerHire: s.CostPerHire})
	}
	for _, f := range m.Funnel {
		out.Funnel = append(out.Funnel, FunnelOut{Stage: f.Stage, Reached: f.Reached, Conversion: f.Conversion})
	}
	for _, s := range m.StageDays {
		out.StageDays = append(out.StageDays, StageDaysOut{Stage: s.Stage, Days: s.Days, Count: s.Count})
	}
	for _, b := range m.Aging {
		out.Aging = append(out.Aging, AgingOut{Bucket: b.Bucket, Count: b.Count})
	}
	for _, v := range m.VsPlan {
		out.VsPlan = append(out.VsPlan, PlanVsActualOut{Quarter: v.Quarter, Planned: v.Planned, Approved: v.Approved, Hired: v.Hired})
	}
	return out
}

// CostOut is a recorded recruiting cost.
type CostOut struct {
	ID          int64  `json:"id"`
	Month       string `json:"month" doc:"YYYY-MM"`
	Category    string `json:"category"`
	Class       string `json:"class" enum:"external,internal"`
	AmountCents int64  `json:"amount_cents"`
	Source      string `json:"source,omitempty"`
	Note        string `json:"note,omitempty"`
}

// CostIn records a recruiting cost.
type CostIn struct {
	Month       string `json:"month" required:"true" doc:"YYYY-MM, the month the cost was incurred"`
	Category    string `json:"category" required:"true" doc:"An ANSI/SHRM cost-per-hire category, like advertising or recruiting_staff"`
	AmountCents int64  `json:"amount_cents" required:"true"`
	Source      string `json:"source,omitempty" doc:"A source channel, for a channel's own cost"`
	Note        string `json:"note,omitempty"`
}

func (a *API) registerRecruitingMetrics(h huma.API) {
	huma.Register(h, op("get-recruiting-metrics", http.MethodGet, "/recruiting/metrics", "Recruiting metrics of a period: time-to-fill and cost-per-hire by the rules engine with their explanations, sources, funnel, time in stage, offers, aging and hires against plan", "Recruiting", access.RecruitingMetricsView), func(ctx context.Context, in *MetricsQuery) (*body[RecruitingMetricsOut], error) {
		f, err := in.filter()
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		m, err := a.Hiring.Metrics(ctx, actor(ctx), f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RecruitingMetricsOut]{metricsOut(m)}, nil
	})
	huma.Register(h, op("export-recruiting-metrics", http.MethodGet, "/recruiting/metrics/export", "The recruiting metrics as CSV or XLSX (a sheet per table)", "Recruiting", access.RecruitingMetricsView), func(ctx context.Context, in *struct {
		MetricsQuery
		Format string `query:"format" enum:"csv,xlsx" required:"true"`
	}) (*fileOut, error) {
		f, err := in.filter()
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		m, err := a.Hiring.Metrics(ctx, actor(ctx), f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		data, err := hiring.ExportMetrics(m, in.Format)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "text/csv; charset=utf-8"
		if in.Format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		name := "recruiting-metrics-" + f.From.String() + "-to-" + f.To.String() + "." + in.Format
		return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="` + name + `"`, Body: data}, nil
	})
	huma.Register(h, op("list-recruiting-costs", http.MethodGet, "/recruiting/costs", "Recruiting costs recorded for the months of a period", "Recruiting", access.RecruitingMetricsView), func(ctx context.Context, in *struct {
		From string `query:"from" format:"date" doc:"Default: January 1 of this year"`
		To   string `query:"to" format:"date" doc:"Default: December 31 of this year"`
	}) (*body[Page[CostOut]], error) {
		f := kit.FieldErrors{}
		from, to := parseDate(f, "from", in.From), parseDate(f, "to", in.To)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		today := date.Of(timeNow())
		if from.IsZero() {
			from = date.New(today.Year(), 1, 1)
		}
		if to.IsZero() {
			to = date.New(today.Year(), 12, 31)
		}
		cs, err := a.Hiring.Costs(ctx, actor(ctx), from, to)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[CostOut]{Items: []CostOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, costOut(c))
		}
		return &body[Page[CostOut]]{out}, nil
	})
	rec := op("record-recruiting-cost", http.MethodPost, "/recruiting/costs", "Record a recruiting cost for a month", "Recruiting", access.RecruitingMetricsManage)
	rec.DefaultStatus = http.StatusCreated
	huma.Register(h, rec, func(ctx context.Context, in *body[CostIn]) (*body[IDOut], error) {
		b := in.Body
		ci := hiring.CostInput{Category: b.Category, AmountCents: b.AmountCents, Source: b.Source, Note: b.Note, Invalid: kit.FieldErrors{}}
		if d, err := date.Parse(strings.TrimSpace(b.Month) + "-01"); err != nil || len(strings.TrimSpace(b.Month)) != 7 {
			ci.Invalid.Add("month", "Give the month as YYYY-MM")
		} else {
			ci.Month = d
		}
		id, err := a.Hiring.RecordCost(ctx, actor(ctx), ci)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	del := op("delete-recruiting-cost", http.MethodDelete, "/recruiting/costs/{id}", "Delete a recorded recruiting cost", "Recruiting", access.RecruitingMetricsManage)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Hiring.DeleteCost(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
}

func costOut(c hiring.RecruitingCost) CostOut {
	return CostOut{ID: c.ID, Month: c.Month.Format("2006-01"), Category: c.Category, Class: rules.CostClass(c.Category), AmountCents: c.AmountCents, Source: c.Source, Note: c.Note}
}
