package hiring

import (
	"fmt"
	"strconv"

	"github.com/cadrehq/cadre/internal/kit"
)

// Table is one titled table of the metrics, for the pages and exports.
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
}

// Tables lays the metrics out as tables.
func (m Metrics) Tables() []Table {
	period := m.Filter.From.String() + " to " + m.Filter.To.String()
	summary := Table{Name: "Summary", Header: []string{"Metric", "Value", "Basis"}}
	if m.TimeToFill != nil {
		summary.Rows = append(summary.Rows, []any{"Average time to fill (days)", m.TimeToFill.AverageDays, fmt.Sprintf("%d requisitions filled, %s", len(m.Filled), period)})
	}
	summary.Rows = append(summary.Rows, []any{"Average time to hire (days)", m.TimeToHire, fmt.Sprintf("%d hires, applied to offer accepted", m.Hires)})
	if m.CostPerHire != nil {
		summary.Rows = append(summary.Rows, []any{"Cost per hire", m.CostPerHire.CostPerHire, fmt.Sprintf("%.2f external + %.2f internal / %d hires", m.CostPerHire.ExternalTotal, m.CostPerHire.InternalTotal, m.CostPerHire.Hires)})
	}
	summary.Rows = append(summary.Rows, []any{"Offer acceptance rate (%)", m.AcceptanceRate, fmt.Sprintf("%d accepted, %d declined", m.OffersAccepted, m.OffersDeclined)})
	summary.Rows = append(summary.Rows, []any{"Active candidates waiting on us", m.Untouched, fmt.Sprintf("over %d days in one stage", m.SLADays)})
	ttf := Table{Name: "Time to fill", Header: []string{"Requisition", "Opened", "Offer accepted", "Days"}}
	for i, r := range m.Filled {
		days := 0
		if m.TimeToFill != nil && i < len(m.TimeToFill.Days) {
			days = m.TimeToFill.Days[i]
		}
		ttf.Rows = append(ttf.Rows, []any{r.Number, r.Opened.String(), r.OfferAccepted.String(), days})
	}
	src := Table{Name: "Sources", Header: []string{"Source", "Applications", "Hires", "Hires per 100 applications", "Share of hires (%)", "Channel cost", "Cost per hire"}}
	for _, r := range m.Sources {
		src.Rows = append(src.Rows, []any{label(r.Source), r.Applications, r.Hires, r.Conversion, r.ShareOfHires, float64(r.CostCents) / 100, r.CostPerHire})
	}
	fun := Table{Name: "Funnel", Header: []string{"Stage", "Applications reaching it", "Went on to the next (%)"}}
	for _, r := range m.Funnel {
		fun.Rows = append(fun.Rows, []any{label(r.Stage), r.Reached, r.Conversion})
	}
	sd := Table{Name: "Time in stage", Header: []string{"Stage", "Average days", "Visits"}}
	for _, r := range m.StageDays {
		sd.Rows = append(sd.Rows, []any{label(r.Stage), r.Days, r.Count})
	}
	ag := Table{Name: "Pipeline aging", Header: []string{"Days since applying", "Active candidates"}}
	for _, r := range m.Aging {
		ag.Rows = append(ag.Rows, []any{r.Bucket, r.Count})
	}
	vp := Table{Name: "Hires vs plan", Header: []string{"Quarter", "Planned", "Approved", "Hired"}}
	for _, r := range m.VsPlan {
		vp.Rows = append(vp.Rows, []any{r.Quarter, r.Planned, r.Approved, r.Hired})
	}
	return []Table{summary, ttf, src, fun, sd, ag, vp}
}

// ExportMetrics writes the metrics as CSV (the tables one after another)
// or XLSX (a sheet per table), with kit.WriteSheets (formula injection
// neutralised in both). Errors: KindInvalid for another format.
func ExportMetrics(m Metrics, format string) ([]byte, error) {
	var sheets []kit.Sheet
	for _, t := range m.Tables() {
		sh := kit.Sheet{Name: t.Name, Header: t.Header}
		for _, r := range t.Rows {
			rec := make([]string, len(r))
			for j, v := range r {
				rec[j] = cellText(v)
			}
			sh.Rows = append(sh.Rows, rec)
		}
		sheets = append(sheets, sh)
	}
	return kit.WriteSheets(format, sheets)
}

// cellText renders a value as text (kit.WriteSheets neutralises it).
func cellText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
