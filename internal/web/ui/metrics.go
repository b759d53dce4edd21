package ui

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// RecruitingMetricsPage is the recruiting dashboard: time-to-fill and
// cost-per-hire by the rules engine with their explanations, sources, the
// funnel, time in stage, offers, pipeline aging and hires against plan.
type RecruitingMetricsPage struct {
	Base
	M           hiring.Metrics
	Filter      url.Values
	Problem     string
	OrgUnits    []Option
	Families    []Option
	Presets     []Option
	Export      string // the filter's query string, for the export links
	CanCosts    bool
	SourceChart ChartSpec
	FunnelChart ChartSpec
	StageChart  ChartSpec
	AgingChart  ChartSpec
	PlanChart   ChartSpec
	// The filled requisitions that took longest (at most ttfRows; the
	// export lists them all).
	Slowest []TTFRow
	MoreTTF int
}

// TTFRow is a filled requisition with its days to fill.
type TTFRow struct {
	hiring.FilledReq
	Days int
}

const ttfRows = 50

// metricsPeriod reads from/to (or a preset) with the last 12 months as
// the default. The preset wins over from/to when both are given.
func metricsPeriod(q url.Values, today date.Date) (from, to date.Date, fe kit.FieldErrors) {
	fe = kit.FieldErrors{}
	to, from = today, today.AddMonths(-12).AddDays(1)
	switch q.Get("period") {
	case "ytd":
		from = date.New(today.Year(), 1, 1)
		return
	case "quarter":
		from = date.New(today.Year(), today.Month()-(today.Month()-1)%3, 1)
		return
	case "last_quarter":
		start := date.New(today.Year(), today.Month()-(today.Month()-1)%3, 1)
		from, to = start.AddMonths(-3), start.AddDays(-1)
		return
	case "last_year":
		from, to = date.New(today.Year()-1, 1, 1), date.New(today.Year()-1, 12, 31)
		return
	}
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		d, err := date.Parse(v)
		if err != nil {
			fe.Add("from", "Enter a date as YYYY-MM-DD")
		}
		from = d
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		d, err := date.Parse(v)
		if err != nil {
			fe.Add("to", "Enter a date as YYYY-MM-DD")
		}
		to = d
	}
	return
}

// MetricsFilterOf reads a metrics filter from query parameters (from, to
// or period, org_unit_id, job_family). Shared by the page and the export.
func metricsFilterOf(q url.Values, today date.Date) (hiring.MetricsFilter, error) {
	from, to, fe := metricsPeriod(q, today)
	f := hiring.MetricsFilter{From: from, To: to, JobFamily: strings.TrimSpace(q.Get("job_family"))}
	if v := q.Get("org_unit_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fe.Add("org_unit_id", "Choose an org unit")
		}
		f.OrgUnitID = id
	}
	return f, fe.Err()
}

func (u *UI) recruitingMetrics(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.RecruitingMetricsView, access.CompanyTarget); err != nil {
		return err
	}
	q := r.URL.Query()
	p := RecruitingMetricsPage{Base: u.base(r, "Recruiting metrics", "Recruiting"), Filter: url.Values{}, CanCosts: access.Can(a, access.RecruitingMetricsManage, access.CompanyTarget)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Metrics"}}
	today := date.Of(u.now())
	f, err := metricsFilterOf(q, today)
	status := http.StatusOK
	if err == nil {
		p.M, err = u.Hiring.Metrics(r.Context(), a, f)
	}
	if err == nil && p.M.TimeToFill != nil {
		for i, fr := range p.M.Filled {
			if i < len(p.M.TimeToFill.Days) {
				p.Slowest = append(p.Slowest, TTFRow{FilledReq: fr, Days: p.M.TimeToFill.Days[i]})
			}
		}
		sort.SliceStable(p.Slowest, func(i, j int) bool { return p.Slowest[i].Days > p.Slowest[j].Days })
		if len(p.Slowest) > ttfRows {
			p.Slowest, p.MoreTTF = p.Slowest[:ttfRows], len(p.Slowest)-ttfRows
		}
	}
	if err != nil {
		if kit.KindOf(err) != kit.KindInvalid {
			return err
		}
		p.Problem, status = kit.FieldsOf(err).String(), http.StatusUnprocessableEntity
		if p.Problem == "" {
			p.Problem = kit.MessageOf(err)
		}
	}
	p.Filter.Set("from", f.From.String())
	p.Filter.Set("to", f.To.String())
	if f.OrgUnitID != 0 {
		p.Filter.Set("org_unit_id", strconv.FormatInt(f.OrgUnitID, 10))
	}
	if f.JobFamily != "" {
		p.Filter.Set("job_family", f.JobFamily)
	}
	p.Export = p.Filter.Encode()
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p.OrgUnits = selected(orgOptions(ref), p.Filter.Get("org_unit_id"))
	p.Families = familyOptions(ref, f.JobFamily)
	p.Presets = []Option{{Value: "12m", Label: "Last 12 months"}, {Value: "quarter", Label: "This quarter"}, {Value: "last_quarter", Label: "Last quarter"},
		{Value: "ytd", Label: "Year to date"}, {Value: "last_year", Label: "Last year"}}
	period := q.Get("period")
	if period == "" && q.Get("from") == "" && q.Get("to") == "" {
		period = "12m"
	}
	p.Presets = selected(p.Presets, period)
	if status == http.StatusOK {
		p.Charts = u.Asset("vendor/chart.umd.min.js")
		p.chartMetrics()
	}
	u.render(w, r, status, "hiring/metrics", p)
	return nil
}

func (p *RecruitingMetricsPage) chartMetrics() {
	m := p.M
	p.SourceChart = ChartSpec{Type: "bar", Horizontal: true, YLabel: "Hires"}
	hires := ChartSeries{Label: "Hires"}
	for _, s := range m.Sources {
		p.SourceChart.Labels = append(p.SourceChart.Labels, label(s.Source))
		hires.Data = append(hires.Data, float64(s.Hires))
	}
	p.SourceChart.Series = []ChartSeries{hires}
	p.FunnelChart = ChartSpec{Type: "bar", Horizontal: true, YLabel: "Applications"}
	reached := ChartSeries{Label: "Applications reaching the stage"}
	for _, f := range m.Funnel {
		p.FunnelChart.Labels = append(p.FunnelChart.Labels, label(f.Stage))
		reached.Data = append(reached.Data, float64(f.Reached))
	}
	p.FunnelChart.Series = []ChartSeries{reached}
	p.StageChart = ChartSpec{Type: "bar", YLabel: "Average days"}
	days := ChartSeries{Label: "Average days in stage"}
	for _, s := range m.StageDays {
		p.StageChart.Labels = append(p.StageChart.Labels, label(s.Stage))
		days.Data = append(days.Data, s.Days)
	}
	p.StageChart.Series = []ChartSeries{days}
	p.AgingChart = ChartSpec{Type: "bar", YLabel: "Active candidates"}
	aging := ChartSeries{Label: "Active candidates"}
	for _, b := range m.Aging {
		p.AgingChart.Labels = append(p.AgingChart.Labels, b.Bucket)
		aging.Data = append(aging.Data, float64(b.Count))
	}
	p.AgingChart.Series = []ChartSeries{aging}
	p.PlanChart = ChartSpec{Type: "bar", YLabel: "Hires"}
	planned, approved, hired := ChartSeries{Label: "Planned"}, ChartSeries{Label: "Approved"}, ChartSeries{Label: "Hired"}
	for _, v := range m.VsPlan {
		p.PlanChart.Labels = append(p.PlanChart.Labels, v.Quarter)
		planned.Data = append(planned.Data, float64(v.Planned))
		approved.Data = append(approved.Data, float64(v.Approved))
		hired.Data = append(hired.Data, float64(v.Hired))
	}
	p.PlanChart.Series = []ChartSeries{planned, approved, hired}
}

func (u *UI) recruitingMetricsExport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := metricsFilterOf(r.URL.Query(), date.Of(u.now()))
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	m, err := u.Hiring.Metrics(r.Context(), a, f)
	if err != nil {
		return err
	}
	b, err := hiring.ExportMetrics(m, format)
	if err != nil {
		return err
	}
	name := "recruiting-metrics-" + f.From.String() + "-to-" + f.To.String() + "." + format
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(b)
	return err
}

// CostsPage lists and records recruiting costs.
type CostsPage struct {
	Base
	Items         []CostRow
	Form          Form
	Categories    []Option
	Sources       []Option
	From, To      date.Date
	PrevFrom      date.Date
	NextFrom      date.Date
	ExternalCents int64
	InternalCents int64
	CanManage     bool
}

// CostRow is a recorded cost with its ANSI/SHRM class.
type CostRow struct {
	hiring.RecruitingCost
	Class string
}

func (u *UI) costsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCosts(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderCosts(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	year := date.Of(u.now()).Year()
	if v, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && v > 2000 && v < 2100 {
		year = v
	}
	from, to := date.New(year, 1, 1), date.New(year, 12, 31)
	items, err := u.Hiring.Costs(r.Context(), a, from, to)
	if err != nil {
		return err
	}
	p := CostsPage{Base: u.base(r, "Recruiting costs "+strconv.Itoa(year), "Recruiting"), Form: f, From: from, To: to,
		PrevFrom: from.AddMonths(-12), NextFrom: from.AddMonths(12), CanManage: access.Can(a, access.RecruitingMetricsManage, access.CompanyTarget)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Metrics", Href: "/hiring/metrics"}, {Label: "Costs"}}
	for _, c := range items {
		row := CostRow{RecruitingCost: c, Class: rules.CostClass(c.Category)}
		if row.Class == rules.CostExternal {
			p.ExternalCents += c.AmountCents
		} else {
			p.InternalCents += c.AmountCents
		}
		p.Items = append(p.Items, row)
	}
	for _, c := range hiring.CostCategories {
		p.Categories = append(p.Categories, Option{Value: c, Label: label(c) + " (" + rules.CostClass(c) + ")"})
	}
	p.Categories = selected(p.Categories, f.Get("category"))
	p.Sources = selected(codeOptions(hiring.Sources), f.Get("source"))
	if f.Get("month") == "" {
		p.Form.Values.Set("month", date.Of(u.now()).Format("2006-01"))
	}
	u.render(w, r, status, "hiring/costs", p)
	return nil
}

func (u *UI) recordCost(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	rename := map[string]string{"amount_cents": "amount"}
	in := hiring.CostInput{Category: f.Get("category"), AmountCents: centsOf(f, "amount"), Source: f.Get("source"), Note: f.Get("note")}
	if m := strings.TrimSpace(f.Get("month")); m != "" {
		d, err := date.Parse(m + "-01")
		if err != nil || len(m) != 7 {
			f.Errors.Add("month", "Choose a month as YYYY-MM")
		}
		in.Month = d
	}
	// The domain checks every field and reports the form's own parse
	// errors with its own, so each field shows its error at once.
	in.Invalid = unrename(f.Errors, rename)
	_, err := u.Hiring.RecordCost(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/hiring/costs?year="+strconv.Itoa(in.Month.Year()), "Recorded "+label(in.Category)+" "+kit.FormatCents(in.AmountCents)+" for "+in.Month.Format("January 2006")+".")
	}
	f.Errors = kit.FieldErrors{}
	if err := f.Fail(err, rename); err != nil {
		return err
	}
	return u.renderCosts(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) deleteCost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Hiring.DeleteCost(r.Context(), actor(r), id); err != nil {
		return err
	}
	back := "/hiring/costs"
	if y := r.PostFormValue("year"); y != "" {
		if _, err := strconv.Atoi(y); err == nil {
			back += "?year=" + y
		}
	}
	return u.redirect(w, r, back, "Deleted the cost.")
}

// familyOptions lists the job families of the catalogue, sorted, with
// the chosen one selected.
func familyOptions(ref people.Reference, chosen string) []Option {
	var out []Option
	seen := map[string]bool{}
	for _, j := range ref.Jobs {
		if j.Family != "" && !seen[j.Family] {
			seen[j.Family] = true
			out = append(out, Option{Value: j.Family, Label: j.Family})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return selected(out, chosen)
}
