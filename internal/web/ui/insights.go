package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// InsightsPage is the executive dashboard.
type InsightsPage struct {
	Base
	D            insights.Dashboard
	Problem      string
	Filter       url.Values
	FilterQuery  string // the filter as a query string, for links
	OrgUnits     []Option
	Families     []Option
	Presets      []Option
	TrendChart   ChartSpec
	FlowChart    ChartSpec
	UnitChart    ChartSpec
	TenureChart  ChartSpec
	SpanChart    ChartSpec
	Turnover     []TurnoverRow
	HealthLinks  []HealthRow
	FilterErrors kit.FieldErrors
}

// TurnoverRow is a kind of turnover with its drill-down.
type TurnoverRow struct {
	Label string
	Kind  string
	Rate  insights.Rate
}

// HealthRow is a compliance measure with the page that works it.
type HealthRow struct {
	Label string
	N     int
	Href  string
	Warn  bool
}

// insightsFilter reads the dashboard filter (from, to or a preset,
// org_unit_id, job_family); parse failures are field errors.
func insightsFilter(q url.Values, today date.Date) (insights.Filter, kit.FieldErrors) {
	fe := kit.FieldErrors{}
	f := insights.Filter{JobFamily: strings.TrimSpace(q.Get("job_family"))}
	switch q.Get("period") {
	case "ytd":
		f.From, f.To = date.New(today.Year(), 1, 1), today
	case "last_quarter":
		start := date.New(today.Year(), today.Month()-(today.Month()-1)%3, 1)
		f.From, f.To = start.AddMonths(-3), start.AddDays(-1)
	case "last_year":
		f.From, f.To = date.New(today.Year()-1, 1, 1), date.New(today.Year()-1, 12, 31)
	case "", "12m":
		for _, k := range []string{"from", "to"} {
			v := strings.TrimSpace(q.Get(k))
			if v == "" {
				continue
			}
			d, err := date.Parse(v)
			if err != nil {
				fe.Add(k, "Enter a date as YYYY-MM-DD")
				continue
			}
			if k == "from" {
				f.From = d
			} else {
				f.To = d
			}
		}
	default:
		fe.Add("period", "Choose a period")
	}
	if v := q.Get("org_unit_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fe.Add("org_unit_id", "Choose an org unit")
		}
		f.OrgUnitID = id
	}
	return f, fe
}

func filterValues(f insights.Filter) url.Values {
	v := url.Values{}
	v.Set("from", f.From.String())
	v.Set("to", f.To.String())
	if f.OrgUnitID != 0 {
		v.Set("org_unit_id", strconv.FormatInt(f.OrgUnitID, 10))
	}
	if f.JobFamily != "" {
		v.Set("job_family", f.JobFamily)
	}
	return v
}

// dashboardFor computes the dashboard for the request's filter: a bad
// filter is KindInvalid with its field errors.
func (u *UI) dashboardFor(r *http.Request) (insights.Dashboard, insights.Filter, error) {
	f, fe := insightsFilter(r.URL.Query(), u.Insights.Today())
	if err := fe.Err(); err != nil {
		return insights.Dashboard{}, f, err
	}
	d, err := u.Insights.Dashboard(r.Context(), actor(r), f)
	if err == nil {
		f = d.Filter
	}
	return d, f, err
}

func (u *UI) insightsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !access.CanAnywhere(a, access.InsightsView) {
		return kit.Forbidden("the executive dashboard is for HR managers and directors")
	}
	p := InsightsPage{Base: u.base(r, "Insights", "Insights")}
	d, f, err := u.dashboardFor(r)
	status := http.StatusOK
	if err != nil {
		if kit.KindOf(err) != kit.KindInvalid {
			return err
		}
		status, p.FilterErrors = http.StatusUnprocessableEntity, kit.FieldsOf(err)
		p.Problem = p.FilterErrors.String()
		if p.Problem == "" {
			p.Problem = kit.MessageOf(err)
		}
	}
	p.D = d
	p.Filter = filterValues(f)
	if status != http.StatusOK {
		// Keep what was typed.
		for _, k := range []string{"from", "to"} {
			p.Filter.Set(k, r.URL.Query().Get(k))
		}
	}
	p.FilterQuery = p.Filter.Encode()
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p.OrgUnits = selected(orgOptions(ref), p.Filter.Get("org_unit_id"))
	p.Families = familyOptions(ref, f.JobFamily)
	period := r.URL.Query().Get("period")
	if period == "" && r.URL.Query().Get("from") == "" && r.URL.Query().Get("to") == "" {
		period = "12m"
	}
	p.Presets = selected([]Option{{Value: "12m", Label: "Last 12 months"}, {Value: "ytd", Label: "Year to date"},
		{Value: "last_quarter", Label: "Last quarter"}, {Value: "last_year", Label: "Last year"}}, period)
	if status == http.StatusOK {
		p.Charts = u.Asset("vendor/chart.umd.min.js")
		p.charts()
	}
	u.render(w, r, status, "insights/dashboard", p)
	return nil
}

func (p *InsightsPage) charts() {
	d := p.D
	p.TrendChart = ChartSpec{Type: "line", YLabel: "People"}
	hc, fte := ChartSeries{Label: "Headcount at month end"}, ChartSeries{Label: "FTE at month end"}
	p.FlowChart = ChartSpec{Type: "bar", YLabel: "People"}
	hires, seps := ChartSeries{Label: "Hires"}, ChartSeries{Label: "Separations"}
	for _, m := range d.Months {
		p.TrendChart.Labels = append(p.TrendChart.Labels, m.Month)
		p.FlowChart.Labels = append(p.FlowChart.Labels, m.Month)
		hc.Data = append(hc.Data, float64(m.End))
		fte.Data = append(fte.Data, m.FTE)
		hires.Data = append(hires.Data, float64(m.Hires))
		seps.Data = append(seps.Data, float64(m.Separations))
	}
	p.TrendChart.Series = []ChartSeries{hc, fte}
	p.FlowChart.Series = []ChartSeries{hires, seps}
	p.UnitChart = ChartSpec{Type: "bar", Horizontal: true, YLabel: "Annualized turnover %"}
	ut := ChartSeries{Label: "Annualized turnover %"}
	for _, b := range d.ByUnit {
		p.UnitChart.Labels = append(p.UnitChart.Labels, b.Name)
		ut.Data = append(ut.Data, b.TurnoverPct)
	}
	p.UnitChart.Series = []ChartSeries{ut}
	p.TenureChart = ChartSpec{Type: "bar", YLabel: "Separations"}
	vol, inv := ChartSeries{Label: "Voluntary"}, ChartSeries{Label: "Involuntary"}
	for _, b := range d.ByTenure {
		p.TenureChart.Labels = append(p.TenureChart.Labels, b.Band)
		vol.Data = append(vol.Data, float64(b.Voluntary))
		inv.Data = append(inv.Data, float64(b.Separations-b.Voluntary))
	}
	p.TenureChart.Series, p.TenureChart.Stacked = []ChartSeries{vol, inv}, true
	p.SpanChart = ChartSpec{Type: "bar", YLabel: "Managers"}
	sp := ChartSeries{Label: "Managers"}
	for _, b := range d.Structure.SpanBuckets {
		p.SpanChart.Labels = append(p.SpanChart.Labels, b.Label)
		sp.Data = append(sp.Data, float64(b.N))
	}
	p.SpanChart.Series = []ChartSeries{sp}
	p.Turnover = []TurnoverRow{{"All separations", "separations", d.Turnover.Total}, {"Voluntary", "voluntary", d.Turnover.Voluntary},
		{"Involuntary", "involuntary", d.Turnover.Involuntary}, {"Regretted", "regretted", d.Turnover.Regretted}}
	h := d.Health
	p.HealthLinks = []HealthRow{
		{"Forms I-9 overdue", h.I9Overdue, "/compliance/i9?view=open", h.I9Overdue > 0},
		{"Leave notices overdue", h.NoticesOverdue, "/leave", h.NoticesOverdue > 0},
		{"Policy acknowledgments outstanding", h.AcksOutstanding, "/policies", false},
		{"Policy acknowledgments overdue", h.AcksOverdue, "/policies", h.AcksOverdue > 0},
		{"Credentials expiring within 90 days", h.CredentialsExpiring, "/growth/compliance", false},
		{"Credentials expired", h.CredentialsExpired, "/growth/compliance", h.CredentialsExpired > 0},
	}
}

func sendTable(w http.ResponseWriter, name, format string, b []byte) error {
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	_, err := w.Write(b)
	return err
}

// insightsExport downloads every table of the dashboard (CSV or XLSX).
func (u *UI) insightsExport(w http.ResponseWriter, r *http.Request) error {
	d, f, err := u.dashboardFor(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	b, err := kit.WriteSheets(format, d.Tables())
	if err != nil {
		return err
	}
	return sendTable(w, "insights-"+f.From.String()+"-to-"+f.To.String(), format, b)
}

// InsightPeoplePage lists the people behind a number.
type InsightPeoplePage struct {
	Base
	Kind, Label, Month string
	Items              []insights.Person
	Total              int
	ListQuery          string // filter, kind and month, for the export and paging
	Back               string
	Prev, Next         string
	From, To           int
}

const insightPage = 100

func (u *UI) insightPeople(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, fe := insightsFilter(q, u.Insights.Today())
	if err := fe.Err(); err != nil {
		return err
	}
	kind, month := q.Get("kind"), q.Get("month")
	offset, _ := strconv.Atoi(q.Get("offset"))
	format := q.Get("format")
	limit := insightPage
	if format != "" {
		limit = insights.MaxPage
	}
	rows, total, err := u.Insights.People(r.Context(), actor(r), f, kind, month, limit, offset)
	if err != nil {
		return err
	}
	if f.From.IsZero() || f.To.IsZero() {
		_ = f.Normalize(u.Insights.Today())
	}
	v := filterValues(f)
	v.Set("kind", kind)
	if month != "" {
		v.Set("month", month)
	}
	if format != "" {
		// The export holds every row, read in pages.
		for len(rows) < total {
			more, _, err := u.Insights.People(r.Context(), actor(r), f, kind, month, insights.MaxPage, len(rows))
			if err != nil {
				return err
			}
			if len(more) == 0 {
				break
			}
			rows = append(rows, more...)
		}
		t := kit.Sheet{Name: insights.DrillLabels[kind], Header: []string{"Employee number", "Name", "Org unit", "Job", "Job family", "Start", "Last day", "Reason", "Voluntary", "Regretted", "Weekly hours"}}
		for _, x := range rows {
			t.Rows = append(t.Rows, []string{x.Number, x.Name, x.OrgUnit, x.Job, x.Family, x.Start.String(), dateOrEmpty(x.End), x.Reason, yesNo(x.Voluntary), yesNo(x.Regretted), strconv.Itoa(x.Hours)})
		}
		b, err := kit.WriteTable(format, t.Name, t.Header, t.Rows)
		if err != nil {
			return err
		}
		return sendTable(w, "insights-"+kind, format, b)
	}
	p := InsightPeoplePage{Base: u.base(r, insights.DrillLabels[kind], "Insights"), Kind: kind, Label: insights.DrillLabels[kind], Month: month, Items: rows, Total: total, ListQuery: v.Encode()}
	back := filterValues(f)
	p.Back = "/insights?" + back.Encode()
	p.Crumbs = []Crumb{{Label: "Insights", Href: p.Back}, {Label: p.Label}}
	p.From, p.To = offset+1, offset+len(rows)
	if offset > 0 {
		pv := v
		pv.Set("offset", strconv.Itoa(max(0, offset-insightPage)))
		p.Prev = "/insights/people?" + pv.Encode()
	}
	if offset+len(rows) < total {
		nv := filterValues(f)
		nv.Set("kind", kind)
		if month != "" {
			nv.Set("month", month)
		}
		nv.Set("offset", strconv.Itoa(offset+insightPage))
		p.Next = "/insights/people?" + nv.Encode()
	}
	u.render(w, r, http.StatusOK, "insights/people", p)
	return nil
}

func dateOrEmpty(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}

// insightsBoardPack downloads the dashboard of the filter as a PDF.
func (u *UI) insightsBoardPack(w http.ResponseWriter, r *http.Request) error {
	f, fe := insightsFilter(r.URL.Query(), u.Insights.Today())
	if err := fe.Err(); err != nil {
		return err
	}
	b, err := u.Insights.BoardPack(r.Context(), actor(r), f, u.Hiring.Employer(r.Context()))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="board-pack-`+u.Insights.Today().String()+`.pdf"`)
	_, err = w.Write(b)
	return err
}

// DomainsPage is the dashboard's cross-domain section on its own.
type DomainsPage struct {
	Base
	D           insights.Domains
	FilterQuery string
	Narrowed    bool
}

// insightsDomains renders the cross-domain section: the fragment alone
// for htmx (the dashboard loads it after itself), else a page.
func (u *UI) insightsDomains(w http.ResponseWriter, r *http.Request) error {
	f, fe := insightsFilter(r.URL.Query(), u.Insights.Today())
	if err := fe.Err(); err != nil {
		return err
	}
	d, err := u.Insights.Domains(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	p := DomainsPage{Base: u.base(r, "Across the domains", "Insights"), D: d, FilterQuery: filterValues(f).Encode(), Narrowed: f.OrgUnitID != 0 || f.JobFamily != ""}
	p.Crumbs = []Crumb{{Label: "Insights", Href: "/insights?" + p.FilterQuery}, {Label: "Across the domains"}}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		return u.pages["insights/domains"].ExecuteTemplate(w, "domains", p)
	}
	u.render(w, r, http.StatusOK, "insights/domains", p)
	return nil
}
