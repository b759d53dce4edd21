package insights

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// BoardPack renders the dashboard of a filter, with the workforce
// forecast, as a PDF for presenting to leadership: the headline numbers,
// the headcount trend (a chart and its table), turnover with its method,
// the breakdowns, retention, structure, compliance health and the
// forecast. Requires insights.view. Errors: as Dashboard.
func (s *Service) BoardPack(ctx context.Context, a access.Actor, f Filter, company string) ([]byte, error) {
	d, err := s.Dashboard(ctx, a, f)
	if err != nil {
		return nil, err
	}
	fc, err := s.Forecast(ctx, a, ForecastInput{OrgUnitID: f.OrgUnitID})
	if err != nil {
		return nil, err
	}
	dom, err := s.Domains(ctx, a, f)
	if err != nil {
		return nil, err
	}
	return boardPackPDF(d, fc, dom, company)
}

// Table lays the cross-domain numbers out as a table (the parts the
// reader may see).
func (dom Domains) Table() Table {
	t := Table{Name: "Across the domains", Header: []string{"Measure", "Value"}}
	add := func(k, v string) { t.Rows = append(t.Rows, []string{k, v}) }
	money := func(c int64) string { return "$" + kit.FormatCents(c) }
	if r := dom.Recruiting; r != nil {
		if r.TimeToFillDays != nil {
			add("Average time to fill", fmt.Sprintf("%.1f days (%d filled)", *r.TimeToFillDays, r.Filled))
		}
		if r.CostPerHire != nil {
			add("Cost per hire", money(int64(math.Round(*r.CostPerHire*100))))
		}
		add("Hires against the plan", fmt.Sprintf("%d of %d planned", r.HiredVsPlan, r.Planned))
		add("Offer acceptance", pct(r.AcceptancePct)+"%")
	}
	if r := dom.ER; r != nil {
		add("ER cases per 100 employees a year", fmt.Sprintf("%.1f (%d cases, %s to %s)", r.Per100, r.Cases, r.From, r.To))
		spikes := "none"
		if len(r.Spikes) > 0 {
			spikes = strings.Join(r.Spikes, ", ")
		}
		add("ER spikes", spikes)
	}
	if r := dom.Pay; r != nil {
		add("Annual base payroll", fmt.Sprintf("%s (%d people)", money(r.PayrollCents), r.Headcount))
		add("Average compa-ratio", fmt.Sprintf("%.2f (%d below range, %d above)", r.AvgCompa, r.BelowRange, r.AboveRange))
		if r.AdjustedGapPct != nil {
			sig := "not significant"
			if r.GapSignificant {
				sig = "significant"
			}
			add("Adjusted pay gap", fmt.Sprintf("%s%% (%s, %s)", pct(*r.AdjustedGapPct), r.GapGroup, sig))
		}
	}
	if r := dom.Benefits; r != nil {
		add(fmt.Sprintf("Benefits employer cost, %d", r.Year), fmt.Sprintf("%s (%d coverages; employees pay %s)", money(r.EmployerCents), r.Enrolled, money(r.EmployeeCents)))
	}
	return t
}

// pack is a page writer with the pack's conventions.
type pack struct {
	*fpdf.Fpdf
	tr func(string) string
}

func (p pack) heading(text string) {
	if p.GetY() > 230 {
		p.AddPage()
	}
	p.Ln(4)
	p.SetFont("Helvetica", "B", 13)
	p.SetTextColor(30, 30, 60)
	p.CellFormat(0, 8, p.tr(text), "", 1, "L", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

func (p pack) note(text string) {
	p.SetFont("Helvetica", "", 8.5)
	p.SetTextColor(90, 90, 90)
	p.MultiCell(0, 4.2, p.tr(text), "", "L", false)
	p.SetTextColor(0, 0, 0)
}

// table draws a header and rows; the first column is wider and left
// aligned, the rest right aligned.
func (p pack) table(t Table) {
	w, _ := p.GetPageSize()
	l, _, r, _ := p.GetMargins()
	avail := w - l - r
	n := len(t.Header)
	first := avail * 0.3
	if n == 2 {
		first = avail * 0.6
	}
	rest := (avail - first) / float64(max(1, n-1))
	row := func(cells []string, bold bool) {
		if p.GetY() > 255 {
			p.AddPage()
		}
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont("Helvetica", style, 8.5)
		for i, c := range cells {
			cw, align := rest, "R"
			if i == 0 {
				cw, align = first, "L"
			}
			border := ""
			if bold {
				border = "B"
			}
			p.CellFormat(cw, 5.5, p.tr(c), border, 0, align, false, 0, "")
		}
		p.Ln(-1)
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
}

// bars draws a simple grouped bar chart of two series over labels.
func (p pack) bars(labels []string, a, b []float64, la, lb string) {
	x0, y0 := p.GetX()+10, p.GetY()+2
	w, h := 165.0, 45.0
	top := 1.0
	for i := range labels {
		top = math.Max(top, math.Max(a[i], b[i]))
	}
	p.SetDrawColor(200, 200, 200)
	p.Line(x0, y0+h, x0+w, y0+h)
	slot := w / float64(len(labels))
	bw := slot * 0.35
	p.SetFont("Helvetica", "", 7)
	for i, lab := range labels {
		x := x0 + float64(i)*slot + slot*0.15
		ha, hb := a[i]/top*h, b[i]/top*h
		p.SetFillColor(79, 70, 229)
		p.Rect(x, y0+h-ha, bw, ha, "F")
		p.SetFillColor(13, 148, 136)
		p.Rect(x+bw, y0+h-hb, bw, hb, "F")
		p.Text(x, y0+h+4, p.tr(lab))
	}
	p.SetFillColor(79, 70, 229)
	p.Rect(x0, y0+h+7, 3, 3, "F")
	p.Text(x0+4, y0+h+9.5, p.tr(la))
	p.SetFillColor(13, 148, 136)
	p.Rect(x0+40, y0+h+7, 3, 3, "F")
	p.Text(x0+44, y0+h+9.5, p.tr(lb))
	p.SetY(y0 + h + 13)
}

func boardPackPDF(d Dashboard, fc Forecast, dom Domains, company string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	p := pack{Fpdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
	pdf.SetTitle("Workforce board pack", true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 7.5)
		pdf.SetTextColor(120, 120, 120)
		pdf.CellFormat(0, 5, p.tr(fmt.Sprintf("%s · Workforce board pack · %s to %s · page %d", company, d.Filter.From.Format("Jan 2, 2006"), d.Filter.To.Format("Jan 2, 2006"), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 20)
	pdf.CellFormat(0, 11, p.tr("Workforce board pack"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	pdf.CellFormat(0, 6, p.tr(fmt.Sprintf("%s · %s", company, d.Scope)), "", 1, "L", false, 0, "")
	pdf.CellFormat(0, 6, p.tr(fmt.Sprintf("%s to %s%s · computed %s UTC", d.Filter.From.Format("January 2, 2006"), d.Filter.To.Format("January 2, 2006"),
		familyNote(d.Filter.JobFamily), d.ComputedAt.Format("2006-01-02 15:04"))), "", 1, "L", false, 0, "")
	p.heading("Headline")
	p.table(Table{Header: []string{"Measure", "Value"}, Rows: [][]string{
		{"Headcount at the end of the period", fmt.Sprintf("%d (%.1f FTE)", d.Headcount, d.FTE)},
		{"Headcount at the start", itoa(d.StartCount)},
		{"Hires", itoa(d.Hires)},
		{"Separations (voluntary, involuntary, regretted)", fmt.Sprintf("%d (%d, %d, %d)", d.Separations, d.Turnover.Voluntary.Separations, d.Turnover.Involuntary.Separations, d.Turnover.Regretted.Separations)},
		{"Turnover, annualized (voluntary, regretted)", fmt.Sprintf("%s%% (%s%%, %s%%)", pct(d.Turnover.Total.AnnualPct), pct(d.Turnover.Voluntary.AnnualPct), pct(d.Turnover.Regretted.AnnualPct))},
		{"Still here after 90 days; after 1 year", retentionText(d.Retention)},
		{"Managers; average span; layers", fmt.Sprintf("%d; %.1f; %d", d.Structure.Managers, d.Structure.AverageSpan, d.Structure.Layers)},
	}})
	p.heading("Hires and separations by month")
	var labels []string
	var hires, seps []float64
	for _, m := range d.Months {
		labels = append(labels, m.Month[2:])
		hires = append(hires, float64(m.Hires))
		seps = append(seps, float64(m.Separations))
	}
	if len(labels) > 0 {
		p.bars(labels, hires, seps, "Hires", "Separations")
	}
	tables := d.Tables()
	p.table(tables[0])
	p.heading("Turnover")
	p.table(tables[1])
	p.note("Each month's rate is its separations over the average of its start and end headcount, x 100; the period's rate is the sum of the monthly rates (SHRM), annualized over the months of the period. Headcount counts people on the payroll, not FTE. Not comparable with BLS JOLTS annual rates.")
	for _, t := range tables[2:6] {
		p.heading(t.Name)
		p.table(t)
	}
	p.heading("Span of control and layers")
	p.table(tables[6])
	p.heading("Compliance health today")
	p.table(tables[7])
	if t := dom.Table(); len(t.Rows) > 0 {
		p.heading(t.Name)
		p.table(t)
		p.note("Each number is its domain's own: recruiting for the period (and the org unit and job family chosen), employee relations over its trend window, pay and benefits today over your scope.")
	}
	if len(fc.Rows) > 0 {
		p.heading("Workforce forecast")
		ft := Table{Header: append([]string{"Org unit", "Today"}, fc.Labels...)}
		for _, r := range fc.Rows {
			cells := []string{r.Name, itoa(r.Headcount)}
			for _, st := range r.Steps {
				cells = append(cells, fmt.Sprintf("%.1f", st.Headcount))
			}
			ft.Rows = append(ft.Rows, cells)
		}
		today := 0
		for _, r := range fc.Rows {
			today += r.Headcount
		}
		total := []string{"All", itoa(today)}
		for _, st := range fc.Total {
			total = append(total, fmt.Sprintf("%.1f", st.Headcount))
		}
		ft.Rows = append(ft.Rows, total)
		p.table(ft)
		p.note("Default assumptions: each unit's annualized turnover of the last 12 months as its attrition, every leaver replaced, and the hiring plan's growth hires (this quarter: what is planned and not yet hired).")
	}
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}

func familyNote(f string) string {
	if f == "" {
		return ""
	}
	return " · job family " + f
}

func retentionText(rs []Retention) string {
	var parts []string
	for _, r := range rs {
		if r.Hired == 0 {
			parts = append(parts, "no cohort")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s%% of %d", pct(r.Pct), r.Hired))
	}
	return strings.Join(parts, "; ")
}
