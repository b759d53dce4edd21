package ui

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
)

// ForecastPage is the workforce forecast with its editable assumptions.
type ForecastPage struct {
	Base
	F        insights.Forecast
	Errors   kit.FieldErrors
	Values   url.Values // what was typed, shown back on an error
	OrgUnit  int64
	OrgUnits []Option
	Chart    ChartSpec
	Changed  bool
	Rows     []ForecastRowView
}

// ForecastRowView is a unit's projection with its assumption fields.
type ForecastRowView struct {
	insights.ForecastRow
	Attrition, Backfill AssumptionField
	Growth              []AssumptionField
}

// AssumptionField is one editable assumption.
type AssumptionField struct {
	Name, ID, Value, Err, Label, Default string
}

// Input is the value shown in an assumption's field: what was typed, or
// the assumption in force.
func (p ForecastPage) Input(name string, v float64) string {
	if p.Values != nil {
		if s, ok := p.Values[name]; ok && len(s) > 0 {
			return s[0]
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Err is an assumption field's error.
func (p ForecastPage) Err(name string) string { return p.Errors[name] }

// forecastInput reads assumptions from the query: attrition.<unit>,
// backfill.<unit> and growth.<unit>.<step> (0: the rest of this quarter, 1–4). Only units with a
// value given are overridden; a unit's missing values keep their
// defaults (filled in by the service's defaults through the page's
// hidden state: every field is always sent by the form).
func forecastInput(q url.Values) (insights.ForecastInput, kit.FieldErrors) {
	in := insights.ForecastInput{Assume: map[int64]insights.Assumption{}}
	fe := kit.FieldErrors{}
	if v := q.Get("org_unit_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fe.Add("org_unit_id", "Choose an org unit")
		}
		in.OrgUnitID = id
	}
	unit := func(key string) (int64, []string, bool) {
		parts := strings.Split(key, ".")
		if len(parts) < 2 {
			return 0, nil, false
		}
		id, err := strconv.ParseInt(parts[1], 10, 64)
		return id, parts, err == nil
	}
	for key, vals := range q {
		id, parts, ok := unit(key)
		if !ok || len(vals) == 0 {
			continue
		}
		v := strings.TrimSpace(vals[0])
		as, seen := in.Assume[id]
		if !seen {
			as = insights.Assumption{OrgUnitID: id, AttritionPct: math.NaN(), BackfillPct: math.NaN(), Growth: [5]int{math.MinInt32, math.MinInt32, math.MinInt32, math.MinInt32, math.MinInt32}}
		}
		switch {
		case parts[0] == "attrition" && len(parts) == 2:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				fe.Add(key, "Enter a number")
				f = 0
			}
			as.AttritionPct = f
		case parts[0] == "backfill" && len(parts) == 2:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				fe.Add(key, "Enter a number")
				f = 0
			}
			as.BackfillPct = f
		case parts[0] == "growth" && len(parts) == 3:
			i, err := strconv.Atoi(parts[2])
			if err != nil || i < 0 || i > 4 {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				fe.Add(key, "Enter a whole number")
				n = 0
			}
			as.Growth[i] = n
		default:
			continue
		}
		in.Assume[id] = as
	}
	return in, fe
}

// fillDefaults completes partial overrides with the defaults.
func fillDefaults(in insights.ForecastInput, f insights.Forecast) insights.ForecastInput {
	for _, r := range f.Rows {
		as, ok := in.Assume[r.OrgUnitID]
		if !ok {
			continue
		}
		if math.IsNaN(as.AttritionPct) {
			as.AttritionPct = r.Defaults.AttritionPct
		}
		if math.IsNaN(as.BackfillPct) {
			as.BackfillPct = r.Defaults.BackfillPct
		}
		for i := range as.Growth {
			if as.Growth[i] == math.MinInt32 {
				as.Growth[i] = r.Defaults.Growth[i]
			}
		}
		in.Assume[r.OrgUnitID] = as
	}
	return in
}

func (u *UI) insightsForecast(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !access.CanAnywhere(a, access.InsightsView) {
		return kit.Forbidden("the workforce forecast is for HR managers and directors")
	}
	q := r.URL.Query()
	in, fe := forecastInput(q)
	p := ForecastPage{Base: u.base(r, "Workforce forecast", "Insights"), OrgUnit: in.OrgUnitID}
	p.Crumbs = []Crumb{{Label: "Insights", Href: "/insights"}, {Label: "Workforce forecast"}}
	// The defaults first: they fill what a scenario leaves out.
	def, err := u.Insights.Forecast(r.Context(), a, insights.ForecastInput{OrgUnitID: in.OrgUnitID})
	if err != nil {
		return err
	}
	p.F = def
	status := http.StatusOK
	if len(in.Assume) > 0 {
		in = fillDefaults(in, def)
		if err := fe.Err(); err != nil {
			p.Errors, status, p.Values = fe, http.StatusUnprocessableEntity, q
		} else if f, err := u.Insights.Forecast(r.Context(), a, in); err != nil {
			if kit.KindOf(err) != kit.KindInvalid {
				return err
			}
			p.Errors, status, p.Values = kit.FieldsOf(err), http.StatusUnprocessableEntity, q
		} else {
			p.F, p.Changed = f, true
		}
	}
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p.OrgUnits = selected(orgOptions(ref), strconv.FormatInt(in.OrgUnitID, 10))
	p.Charts = u.Asset("vendor/chart.umd.min.js")
	p.Chart = ChartSpec{Type: "line", YLabel: "Headcount"}
	total := ChartSeries{Label: "Projected headcount"}
	p.Chart.Labels = append(p.Chart.Labels, "Today")
	today := 0
	for _, row := range p.F.Rows {
		today += row.Headcount
	}
	total.Data = append(total.Data, float64(today))
	for _, s := range p.F.Total {
		p.Chart.Labels = append(p.Chart.Labels, s.Label)
		total.Data = append(total.Data, s.Headcount)
	}
	p.Chart.Series = []ChartSeries{total}
	p.fields()
	u.render(w, r, status, "insights/forecast", p)
	return nil
}

func (p *ForecastPage) fields() {
	mk := func(name, label string, v, def float64) AssumptionField {
		return AssumptionField{Name: name, ID: "f-" + strings.ReplaceAll(name, ".", "-"), Value: p.Input(name, v), Err: p.Err(name), Label: label,
			Default: strconv.FormatFloat(def, 'f', -1, 64)}
	}
	for _, r := range p.F.Rows {
		v := ForecastRowView{ForecastRow: r}
		id := r.OrgUnitID
		v.Attrition = mk(fmt.Sprintf("attrition.%d", id), "Annual attrition % for "+r.Name, r.Assume.AttritionPct, r.Defaults.AttritionPct)
		v.Backfill = mk(fmt.Sprintf("backfill.%d", id), "Leavers replaced % for "+r.Name, r.Assume.BackfillPct, r.Defaults.BackfillPct)
		for i := 0; i < 5; i++ {
			label := ""
			if i < len(p.F.Labels) {
				label = p.F.Labels[i]
			}
			v.Growth = append(v.Growth, mk(fmt.Sprintf("growth.%d.%d", id, i), "Growth hires in "+label+" for "+r.Name, float64(r.Assume.Growth[i]), float64(r.Defaults.Growth[i])))
		}
		p.Rows = append(p.Rows, v)
	}
}
