package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestRecruitingMetricsMatchTheRulesEngine: on the demo company, the
// dashboard's time-to-fill equals the rules engine's result for the
// filled requisitions it lists (and each requisition's days are the
// calendar days from opened to offer accepted); cost-per-hire equals the
// rule's result for the recorded costs and the hires; recording a cost
// moves it; the exports carry the same numbers; roles are enforced.
func TestRecruitingMetricsMatchTheRulesEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
		from, to := testToday.AddMonths(-12).AddDays(1), testToday
		q := "?from=" + from.String() + "&to=" + to.String()
		s, m, _ := mgr.do("GET", "/api/v1/recruiting/metrics"+q, nil)
		if s != 200 {
			t.Fatalf("metrics: %d %v", s, m)
		}
		ttf, _ := m["time_to_fill"].(map[string]any)
		if ttf == nil {
			t.Fatalf("the demo filled no requisition in the last year: %v", m)
		}
		reqs := ttf["requisitions"].([]any)
		var facts []map[string]any
		sum := 0
		for _, r := range reqs {
			rm := r.(map[string]any)
			op, acc := date.MustParse(rm["opened"].(string)), date.MustParse(rm["offer_accepted"].(string))
			if acc.Before(from) || acc.After(to) {
				t.Errorf("%s was filled outside the period: %s", rm["number"], acc)
			}
			if d := op.DaysUntil(acc); int64(d) != num(rm, "days") {
				t.Errorf("%s: %d days, want %d", rm["number"], num(rm, "days"), d)
			}
			sum += op.DaysUntil(acc)
			facts = append(facts, map[string]any{"opened": op.String(), "offer_accepted": acc.String()})
		}
		s, rule, _ := mgr.do("POST", "/api/v1/rules/time-to-fill/evaluate", map[string]any{"requisitions": facts})
		if s != 200 {
			t.Fatalf("time-to-fill rule: %d %v", s, rule)
		}
		avg := rule["result"].(map[string]any)["average_days"].(float64)
		if avg != ttf["average_days"].(float64) || math.Abs(avg-float64(sum)/float64(len(reqs))) > 0.01 {
			t.Fatalf("time to fill %v, the rule says %v, by hand %v", ttf["average_days"], avg, float64(sum)/float64(len(reqs)))
		}
		if len(ttf["why"].([]any)) == 0 {
			t.Fatal("time to fill has no explanation")
		}
		// Cost per hire: the period's recorded costs over its hires.
		s, costs, _ := mgr.do("GET", "/api/v1/recruiting/costs"+q, nil)
		if s != 200 || len(costs["items"].([]any)) == 0 {
			t.Fatalf("costs: %d %v", s, costs)
		}
		var costFacts []map[string]any
		for _, c := range costs["items"].([]any) {
			cm := c.(map[string]any)
			costFacts = append(costFacts, map[string]any{"category": cm["category"], "amount": cm["amount_cents"].(float64) / 100})
		}
		hires := num(m, "hires")
		cph, _ := m["cost_per_hire"].(map[string]any)
		if hires == 0 || cph == nil {
			t.Fatalf("no hires or no cost per hire: %v", m)
		}
		s, rule, _ = mgr.do("POST", "/api/v1/rules/cost-per-hire/evaluate", map[string]any{"hires": hires, "costs": costFacts})
		if s != 200 || rule["result"].(map[string]any)["cost_per_hire"].(float64) != cph["cost_per_hire"].(float64) {
			t.Fatalf("cost per hire %v, the rule says %d %v", cph["cost_per_hire"], s, rule["result"])
		}
		// Sources add up to the hires; the funnel starts with every application.
		var srcHires, srcApps int64
		for _, r := range m["sources"].([]any) {
			srcHires += num(r.(map[string]any), "hires")
			srcApps += num(r.(map[string]any), "applications")
		}
		funnel := m["funnel"].([]any)
		if srcHires != hires || srcApps != num(funnel[0].(map[string]any), "reached") || srcApps == 0 {
			t.Fatalf("sources %d hires / %d applications; %d hires; funnel %v", srcHires, srcApps, hires, funnel[0])
		}
		if num(m, "offers_accepted") == 0 || num(m, "offers_declined") == 0 {
			t.Fatalf("the demo has no accepted or no declined offers: %v", m)
		}

		// Recording a cost: bad input field by field; a good one moves cost per hire.
		s, prob, _ := mgr.do("POST", "/api/v1/recruiting/costs", map[string]any{"month": "2026-13", "category": "pizza", "amount_cents": 0, "source": "carrier_pigeon"})
		if fe := fieldsOf(prob); s != 422 || fe["month"] == "" || fe["category"] == "" || fe["amount_cents"] == "" || fe["source"] == "" {
			t.Fatalf("bad cost: %d %v", s, prob)
		}
		if s, prob, _ := mgr.do("POST", "/api/v1/recruiting/costs", map[string]any{"month": "2027-01", "category": "advertising", "amount_cents": 100}); s != 422 || fieldsOf(prob)["month"] == "" {
			t.Fatalf("a future month was accepted: %d %v", s, prob)
		}
		if s, _, _ := gen.do("POST", "/api/v1/recruiting/costs", map[string]any{"month": "2026-10", "category": "advertising", "amount_cents": 100}); s != 403 {
			t.Fatalf("a generalist recorded a cost: %d", s)
		}
		add := int64(hires) * 1000 * 100 // $1,000 per hire
		s, created, _ := mgr.do("POST", "/api/v1/recruiting/costs", map[string]any{"month": "2026-10", "category": "job_boards", "amount_cents": add, "source": "job_board", "note": "Autumn campaign"})
		if s != 201 {
			t.Fatalf("record cost: %d %v", s, created)
		}
		_, m2, _ := mgr.do("GET", "/api/v1/recruiting/metrics"+q, nil)
		before, after := cph["cost_per_hire"].(float64), m2["cost_per_hire"].(map[string]any)["cost_per_hire"].(float64)
		if math.Abs(after-before-1000) > 0.01 {
			t.Fatalf("cost per hire went from %v to %v, want +1000", before, after)
		}
		for _, r := range m2["sources"].([]any) {
			if rm := r.(map[string]any); rm["source"] == "job_board" && num(rm, "cost_cents") < add {
				t.Fatalf("the job-board channel cost did not grow: %v", rm)
			}
		}
		if s, _, _ := mgr.do("DELETE", "/api/v1/recruiting/costs/"+itoa(num(created, "id")), nil); s != 204 {
			t.Fatalf("delete cost: %d", s)
		}
		if s, _, _ := mgr.do("DELETE", "/api/v1/recruiting/costs/"+itoa(num(created, "id")), nil); s != 404 {
			t.Fatalf("delete again: %d", s)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?object_type=recruiting_cost", nil)
		if !strings.Contains(toJSON(audit), "Autumn campaign") || !strings.Contains(toJSON(audit), "Deleted a recruiting cost") {
			t.Fatalf("the cost was not audited: %s", toJSON(audit))
		}

		// Narrowed to an org unit: costs stay company-wide, and it says so.
		_, nm, _ := mgr.do("GET", "/api/v1/recruiting/metrics"+q+"&org_unit_id="+itoa(e.unitNamed(t, "Engineering")), nil)
		if c, _ := nm["cost_per_hire"].(map[string]any); c != nil && (c["note"] == "" || num(c, "hires") != hires) {
			t.Fatalf("narrowed cost per hire: %v", c)
		}
		if num(nm, "hires") > hires {
			t.Fatalf("an org unit has more hires (%d) than the company (%d)", num(nm, "hires"), hires)
		}

		// Exports carry the same numbers.
		res := mgr.raw("GET", "/api/v1/recruiting/metrics/export"+q+"&format=xlsx")
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("xlsx: %d %s", res.StatusCode, res.Header)
		}
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Summary")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if len(r) > 1 && r[0] == "Average time to fill (days)" {
				v, _ := strconv.ParseFloat(r[1], 64)
				found = v == avg
			}
		}
		if !found {
			t.Fatalf("the XLSX summary has no matching time to fill: %v", rows)
		}
		if sheets := x.GetSheetList(); len(sheets) != 7 || sheets[2] != "Sources" {
			t.Fatalf("sheets: %v", sheets)
		}
		x.Close()
		res = mgr.raw("GET", "/api/v1/recruiting/metrics/export"+q+"&format=csv")
		r := csv.NewReader(res.Body)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		res.Body.Close()
		if err != nil || len(recs) < 10 || recs[0][0] != "Summary" {
			t.Fatalf("csv: %v %v", err, recs)
		}

		// Roles: the generalist reads; line managers and employees do not.
		if s, _, _ := gen.do("GET", "/api/v1/recruiting/metrics"+q, nil); s != 200 {
			t.Fatalf("generalist metrics: %d", s)
		}
		for _, who := range []string{"lead@example.com", "employee@example.com"} {
			if s, _, _ := e.api(who).do("GET", "/api/v1/recruiting/metrics", nil); s != 403 {
				t.Fatalf("%s metrics: %d", who, s)
			}
			if s, _, _ := e.api(who).do("GET", "/api/v1/recruiting/costs", nil); s != 403 {
				t.Fatalf("%s costs: %d", who, s)
			}
		}
		if s, prob, _ := mgr.do("GET", "/api/v1/recruiting/metrics?from=2026-05-01&to=2026-01-01", nil); s != 422 || len(fieldsOf(prob)) == 0 {
			t.Fatalf("a backwards period: %d %v", s, prob)
		}
	})
}

// TestRecruitingMetricsPages: the dashboard shows the rules engine's
// numbers with their explanations and a chart per section with its data;
// the costs page records a cost with field errors; exports download;
// the generalist has no cost form; an employee is refused.
func TestRecruitingMetricsPages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("manager@example.com")
	doc := b.page("/hiring/metrics", http.StatusOK)
	_, m, _ := e.api("manager@example.com").do("GET", "/api/v1/recruiting/metrics", nil)
	ttf := m["time_to_fill"].(map[string]any)
	want := strconv.FormatFloat(ttf["average_days"].(float64), 'f', 1, 64) + " days"
	if got := strings.TrimSpace(doc.Find("#stat-ttf .stat-value").Text()); got != want {
		t.Fatalf("time to fill on the page %q, API %q", got, want)
	}
	for _, id := range []string{"chart-sources", "chart-funnel", "chart-stages", "chart-aging", "chart-plan"} {
		if doc.Find(`canvas[data-chart="`+id+`"]`).Length() != 1 || doc.Find("script#"+id).Length() != 1 {
			t.Errorf("no chart %s", id)
		}
	}
	if doc.Find("ol.explain").Length() < 2 {
		t.Fatal("time to fill and cost per hire are not explained")
	}
	if doc.Find(`a[href="/hiring/costs"]`).Length() == 0 {
		t.Fatal("no link to the costs page")
	}
	bad := b.page("/hiring/metrics?from=2026-05-01&to=2026-01-01", http.StatusUnprocessableEntity)
	if bad.Find(".error-summary").Length() != 1 {
		t.Fatal("a backwards period shows no error")
	}
	res := b.get("/hiring/metrics/export?format=xlsx")
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if _, err := excelize.OpenReader(bytes.NewReader(data)); err != nil || res.StatusCode != 200 {
		t.Fatalf("page export: %d %v", res.StatusCode, err)
	}
	// Costs: errors per field, the input kept; then recorded and listed.
	b.page("/hiring/costs", http.StatusOK)
	d, _ := b.submit("/hiring/costs", url.Values{"month": {"2026-10"}, "category": {""}, "amount": {"lots"}, "note": {"Career fair booth"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"category", "amount"} {
		if d.Find(".field-error #"+fieldIDFor(f)).Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	if v, _ := d.Find("#f-note").Attr("value"); v != "Career fair booth" {
		t.Fatalf("the form lost the note: %q", v)
	}
	_, res = b.submit("/hiring/costs", url.Values{"month": {"2026-10"}, "category": {"job_fairs"}, "amount": {"2400"}, "note": {"Career fair booth"}}, http.StatusSeeOther)
	list := b.page(res.Header.Get("Location"), http.StatusOK)
	if !strings.Contains(list.Text(), "Career fair booth") || !strings.Contains(list.Text(), "$2,400.00") {
		t.Fatal("the recorded cost is not listed")
	}
	g := e.login("generalist@example.com")
	if g.page("/hiring/costs", http.StatusOK).Find(`form[action="/hiring/costs"]`).Length() != 0 {
		t.Fatal("a generalist sees the cost form")
	}
	if g.page("/hiring", http.StatusOK).Find(`a[href="/hiring/metrics"]`).Length() != 1 {
		t.Fatal("no metrics link for the generalist")
	}
	if res := e.login("employee@example.com").get("/hiring/metrics"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("employee metrics page: %d", res.StatusCode)
	}
}

// TestFunnelAndTimeInStageMatchTheEvents: the funnel and the time in
// stage (added up in SQL) equal what each application's own stage
// history says, read one application at a time.
func TestFunnelAndTimeInStageMatchTheEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		from, to := testToday.AddMonths(-12).AddDays(1), testToday
		_, m, _ := e.api("manager@example.com").do("GET", "/api/v1/recruiting/metrics?from="+from.String()+"&to="+to.String(), nil)
		ctx := context.Background()
		hs := db.Hiring()
		reqs, err := hs.ListRequisitions(ctx, hiring.RequisitionFilter{WholeCompany: true})
		if err != nil {
			t.Fatal(err)
		}
		reached := make([]int, len(hiring.DefaultStages))
		sum, cnt := map[string]float64{}, map[string]int{}
		end := to.AddDays(1).Time()
		for _, r := range reqs {
			apps, err := hs.ListApplications(ctx, hiring.ApplicationFilter{RequisitionID: r.ID, Limit: 2000})
			if err != nil {
				t.Fatal(err)
			}
			for _, ap := range apps {
				if ap.AppliedAt.Before(from.Time()) || !ap.AppliedAt.Before(end) {
					continue
				}
				idx := slices.Index(hiring.DefaultStages, hiring.KindOf(r.Stages, ap.Stage))
				for i := 0; i <= idx; i++ {
					reached[i]++
				}
				evs, err := hs.ListStageEvents(ctx, ap.ID)
				if err != nil {
					t.Fatal(err)
				}
				var prev *hiring.StageEvent
				for i := range evs {
					ev := &evs[i]
					if ev.FromStage == ev.ToStage && ev.FromStage != "" {
						continue
					}
					if prev != nil {
						k := hiring.KindOf(r.Stages, prev.ToStage)
						sum[k] += ev.At.Sub(prev.At).Hours() / 24
						cnt[k]++
					}
					prev = ev
				}
			}
		}
		for i, f := range m["funnel"].([]any) {
			if got := num(f.(map[string]any), "reached"); int(got) != reached[i] {
				t.Errorf("funnel %s: %d, want %d", hiring.DefaultStages[i], got, reached[i])
			}
		}
		visits := 0
		for _, x := range m["time_in_stage"].([]any) {
			row := x.(map[string]any)
			k := row["stage"].(string)
			visits += cnt[k]
			if int(num(row, "visits")) != cnt[k] {
				t.Errorf("%s: %d visits, want %d", k, num(row, "visits"), cnt[k])
			}
			if cnt[k] > 0 && math.Abs(row["average_days"].(float64)-sum[k]/float64(cnt[k])) > 0.051 {
				t.Errorf("%s: %.2f days, want %.2f", k, row["average_days"], sum[k]/float64(cnt[k]))
			}
		}
		if visits == 0 || reached[0] == 0 {
			t.Fatal("nothing to compare")
		}
	})
}
