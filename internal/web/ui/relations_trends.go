package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/relations"
)

// TrendsPage is the ER trends dashboard.
type TrendsPage struct {
	Base
	T          relations.Trends
	MonthChart ChartSpec
	UnitChart  ChartSpec
	Flagged    []relations.Spike
}

func (u *UI) trendsPage(w http.ResponseWriter, r *http.Request) error {
	t, err := u.Relations.Trends(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := TrendsPage{Base: u.base(r, "ER trends", "Relations"), T: t}
	p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: "Trends"}}
	p.Charts = u.Asset("vendor/chart.umd.min.js")
	p.MonthChart = ChartSpec{Type: "line", YLabel: "Cases per 100 employees a year"}
	rate := ChartSeries{Label: "Cases per 100 employees a year (3-month rolling)"}
	for _, m := range t.Months {
		p.MonthChart.Labels = append(p.MonthChart.Labels, m.Month.Format("Jan 2006"))
		rate.Data = append(rate.Data, round1(m.Rolling3))
	}
	p.MonthChart.Series = []ChartSeries{rate}
	p.UnitChart = ChartSpec{Type: "bar", Horizontal: true, YLabel: "Cases per 100 employees a year"}
	ur := ChartSeries{Label: "Cases per 100 employees a year"}
	for _, x := range t.ByUnit {
		p.UnitChart.Labels = append(p.UnitChart.Labels, x.Key)
		ur.Data = append(ur.Data, round1(x.Per100))
	}
	p.UnitChart.Series = []ChartSeries{ur}
	for _, s := range t.Spikes {
		if s.Flagged {
			p.Flagged = append(p.Flagged, s)
		}
	}
	u.render(w, r, http.StatusOK, "relations/trends", p)
	return nil
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }
