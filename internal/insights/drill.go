package insights

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// DrillKinds are the lists behind the dashboard's numbers.
var DrillKinds = []string{"headcount", "hires", "separations", "voluntary", "involuntary", "regretted"}

// DrillLabels names each list.
var DrillLabels = map[string]string{
	"headcount": "Employed on the last day", "hires": "Started in the period", "separations": "Left in the period",
	"voluntary": "Left voluntarily", "involuntary": "Left involuntarily", "regretted": "Regretted leavers",
}

// MaxPage is the most rows a page of a drill-down returns.
const MaxPage = 500

// People lists the people behind a number of the dashboard: kind is one
// of DrillKinds, for the filter (its org unit and family) and the
// actor's scope; a month ("2026-03") narrows the period to that month.
// Returns the page and the total. Requires insights.view. Errors:
// KindInvalid, KindForbidden, KindNotFound.
func (s *Service) People(ctx context.Context, a access.Actor, f Filter, kind, month string, limit, offset int) ([]Person, int, error) {
	if err := f.Normalize(s.Today()); err != nil {
		return nil, 0, err
	}
	fe := kit.FieldErrors{}
	if _, ok := DrillLabels[kind]; !ok {
		fe.Add("kind", "Choose one of headcount, hires, separations, voluntary, involuntary, regretted")
	}
	if month != "" {
		found := false
		for _, m := range monthList(f.From, f.To) {
			if m.Key == month {
				f.From, f.To, found = m.First, m.Last, true
			}
		}
		if !found {
			fe.Add("month", "Choose a month of the period (YYYY-MM)")
		}
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	if offset < 0 {
		fe.Add("offset", "Must not be negative")
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	q, _, err := s.scope(ctx, a, f)
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.store.InsightPeople(ctx, PeopleQuery{Query: q, Kind: kind, Limit: limit, Offset: offset})
	if err != nil {
		return nil, 0, fmt.Errorf("insight people: %w", err)
	}
	return rows, total, nil
}

// Table is a named table of the dashboard, for the exports and the
// board pack.
type Table = kit.Sheet

func pct(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
func itoa(n int) string    { return strconv.Itoa(n) }

// Tables lays the dashboard out as tables, one per chart or section,
// each with the same numbers the page shows.
func (d Dashboard) Tables() []Table {
	trend := Table{Name: "Headcount", Header: []string{"Month", "Headcount at start", "Hires", "Separations", "Voluntary", "Involuntary", "Regretted", "Headcount at end", "FTE at end"}}
	for _, m := range d.Months {
		trend.Rows = append(trend.Rows, []string{m.Month, itoa(m.Start), itoa(m.Hires), itoa(m.Separations), itoa(m.Voluntary), itoa(m.Involuntary), itoa(m.Regretted), itoa(m.End), strconv.FormatFloat(m.FTE, 'f', 1, 64)})
	}
	turn := Table{Name: "Turnover", Header: []string{"Kind", "Separations", "Period turnover %", "Annualized turnover %"}}
	for _, r := range []struct {
		k string
		r Rate
	}{{"All", d.Turnover.Total}, {"Voluntary", d.Turnover.Voluntary}, {"Involuntary", d.Turnover.Involuntary}, {"Regretted", d.Turnover.Regretted}} {
		turn.Rows = append(turn.Rows, []string{r.k, itoa(r.r.Separations), pct(r.r.PeriodPct), pct(r.r.AnnualPct)})
	}
	bd := func(name, first string, xs []Breakdown) Table {
		t := Table{Name: name, Header: []string{first, "Headcount", "Hires", "Separations", "Voluntary", "Regretted", "Annualized turnover %"}}
		for _, b := range xs {
			t.Rows = append(t.Rows, []string{b.Name, itoa(b.Headcount), itoa(b.Hires), itoa(b.Separations), itoa(b.Voluntary), itoa(b.Regretted), pct(b.TurnoverPct)})
		}
		return t
	}
	ten := Table{Name: "Tenure", Header: []string{"Tenure", "Separations", "Voluntary", "Share of separations %", "Headcount at start", "Headcount at end", "Annualized turnover %", "Headcount now"}}
	for _, b := range d.ByTenure {
		ten.Rows = append(ten.Rows, []string{b.Band, itoa(b.Separations), itoa(b.Voluntary), pct(b.SharePct), itoa(b.HeadcountStart), itoa(b.HeadcountEnd), pct(b.TurnoverPct), itoa(b.Headcount)})
	}
	ret := Table{Name: "Retention", Header: []string{"Retained after", "Hired from", "Hired to", "Hired", "Retained", "Retained %"}}
	for _, r := range d.Retention {
		ret.Rows = append(ret.Rows, []string{r.After, r.From.String(), r.To.String(), itoa(r.Hired), itoa(r.Retained), pct(r.Pct)})
	}
	st := d.Structure
	str := Table{Name: "Structure", Header: []string{"Measure", "Value"}, Rows: [][]string{
		{"Managers", itoa(st.Managers)}, {"Average span", pct(st.AverageSpan)}, {"Median span", pct(st.MedianSpan)},
		{"Widest span", itoa(st.WidestSpan)}, {"Managers with 1–2 reports", itoa(st.Narrow)}, {"Managers with 15 or more", itoa(st.Wide)}, {"Layers", itoa(st.Layers)}}}
	h := d.Health
	health := Table{Name: "Compliance", Header: []string{"Measure", "Count"}, Rows: [][]string{
		{"Forms I-9 overdue", itoa(h.I9Overdue)}, {"Leave notices overdue", itoa(h.NoticesOverdue)},
		{"Policy acknowledgments outstanding", itoa(h.AcksOutstanding)}, {"Policy acknowledgments overdue", itoa(h.AcksOverdue)},
		{"Credentials expiring within 90 days", itoa(h.CredentialsExpiring)}, {"Credentials expired", itoa(h.CredentialsExpired)}}}
	return []Table{trend, turn, bd("By org unit", "Org unit", d.ByUnit), bd("By job family", "Job family", d.ByFamily), ten, ret, str, health}
}

// SeparationKind is "voluntary", "involuntary" or "" (not ended).
func (p Person) SeparationKind() string {
	if p.End.IsZero() || p.Voluntary == nil {
		return ""
	}
	if *p.Voluntary {
		return "voluntary"
	}
	return "involuntary"
}

// RegrettedText is "Yes", "No" or "" (not asked).
func (p Person) RegrettedText() string {
	if p.Regretted == nil {
		return ""
	}
	if *p.Regretted {
		return "Yes"
	}
	return "No"
}
