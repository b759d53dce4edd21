package insights

import (
	"slices"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestFilterNormalize(t *testing.T) {
	today := date.MustParse("2026-11-02")
	f := Filter{}
	if err := f.Normalize(today); err != nil || f.From.String() != "2025-12-01" || f.To != today {
		t.Errorf("default: %v %v", f, err)
	}
	f = Filter{From: date.MustParse("2026-03-17"), To: date.MustParse("2026-05-31")}
	if err := f.Normalize(today); err != nil || f.From.String() != "2026-03-01" {
		t.Errorf("from moves to the first: %v %v", f, err)
	}
	for _, c := range []struct {
		f     Filter
		field string
	}{
		{Filter{From: date.MustParse("2025-11-01")}, "from"}, // 13 months
		{Filter{To: date.MustParse("2026-11-03")}, "to"},
		{Filter{From: date.MustParse("2026-06-01"), To: date.MustParse("2026-05-31")}, "to"},
		{Filter{OrgUnitID: -1}, "org_unit_id"},
	} {
		err := c.f.Normalize(today)
		if kit.FieldsOf(err)[c.field] == "" {
			t.Errorf("%+v: %v", c.f, err)
		}
	}
}

// trend works back from today: the months chain, hires after the period
// come off its end, leavers after it are added back.
func TestTrendWorksBack(t *testing.T) {
	months := monthList(date.MustParse("2026-01-01"), date.MustParse("2026-03-31"))
	now := []Group{{Count: 100, Hours: 3900}}
	moves := []Flow{
		{Started: "2026-01", Count: 5, Hours: 200},
		{Started: "2026-03", Count: 2, Hours: 80},
		{Started: "+", Count: 4, Hours: 160},                      // hired after March
		{Ended: "2026-02", Voluntary: true, Count: 3, Hours: 120}, // left in February
		{Ended: "2026-02", Voluntary: true, Regretted: true, Count: 1, Hours: 40},
		{Ended: "2026-03", Count: 2, Hours: 60},
		{Ended: "+", Voluntary: true, Count: 6, Hours: 240}, // left after March
	}
	got := trend(months, now, moves)
	// End of March = 100 now - 4 hired since + 6 left since = 102.
	want := []Month{
		{Month: "2026-01", Start: 101, End: 106, Hires: 5},
		{Month: "2026-02", Start: 106, End: 102, Separations: 4, Voluntary: 4, Regretted: 1},
		{Month: "2026-03", Start: 102, End: 102, Hires: 2, Separations: 2, Involuntary: 2},
	}
	for i, w := range want {
		g := got[i]
		g.FTE = 0
		if g != w {
			t.Errorf("month %d: %+v, want %+v", i, g, w)
		}
	}
	// FTE at the end of March: (3900 - 160 + 240) / 40.
	if got[2].FTE != 99.5 {
		t.Errorf("FTE: %v", got[2].FTE)
	}
}

// The dashboard's rate is the rules engine's SHRM turnover.
func TestRateIsTheRulesEngines(t *testing.T) {
	ms := []Month{{Start: 100, End: 98, Separations: 3}, {Start: 98, End: 102, Separations: 1}, {Start: 0, End: 0, Separations: 1}}
	r := rateOf(ms, func(m Month) int { return m.Separations })
	res, _, err := rules.Turnover(rules.TurnoverFacts{Monthly: []rules.TurnoverMonth{{Separations: 3, HeadcountStart: 100, HeadcountEnd: 98}, {Separations: 1, HeadcountStart: 98, HeadcountEnd: 102}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Separations != 5 || r.PeriodPct != *res.AnnualTurnoverPct || r.AnnualPct != *res.AnnualizedTurnoverPct {
		t.Errorf("rate %+v, rules %+v", r, res)
	}
	if last := r.Why[len(r.Why)-1].Text; last == "" {
		t.Error("the month without headcount is not explained")
	}
	one := rateOf(ms[:1], func(m Month) int { return m.Separations })
	if one.PeriodPct != 3.03 || one.AnnualPct != 36.36 {
		t.Errorf("one month: %+v", one)
	}
	if none := rateOf(nil, func(m Month) int { return 0 }); none.PeriodPct != 0 || none.Why != nil {
		t.Errorf("no months: %+v", none)
	}
}

func TestTenureBands(t *testing.T) {
	q := Query{From: date.MustParse("2026-01-01"), To: date.MustParse("2026-06-30"), Today: date.MustParse("2026-11-02")}
	// Bands today, at the end of the period and on its eve.
	now := [][]int{{2, 3, 1, 4, 0}, {1, 3, 2, 4, 0}, {0, 4, 2, 3, 0}}
	ends := []Flow{
		{Ended: "2026-03", Band: 0, Voluntary: true, Count: 1, Start: date.MustParse("2025-09-01"), End: date.MustParse("2026-03-15")},
		{Ended: "+", Band: 2, Count: 1, Start: date.MustParse("2023-01-10"), End: date.MustParse("2026-08-01")},
	}
	got := tenure(now, ends, q, 6)
	if got[0].Separations != 1 || got[0].Voluntary != 1 || got[2].Separations != 0 || got[0].SharePct != 100 {
		t.Errorf("separations: %+v", got)
	}
	if got[0].Headcount != 2 || got[3].Headcount != 4 {
		t.Errorf("headcount today: %+v", got)
	}
	// The March leaver was under a year on the eve (4 months); the August
	// one was at 2–5 years on both dates.
	if got[0].HeadcountStart != 1 || got[2].HeadcountStart != 3 || got[2].HeadcountEnd != 3 || got[0].HeadcountEnd != 1 {
		t.Errorf("band headcounts: %+v", got)
	}
	// Under a year: 1 separation over (1 + 1) / 2 = 100% in six months,
	// 200% annualized.
	if got[0].TurnoverPct != 200 || got[1].TurnoverPct != 0 {
		t.Errorf("rates: %v %v", got[0].TurnoverPct, got[1].TurnoverPct)
	}
}

// Completed months in Go are the SQL ones (store's TestDateArithmetic
// has the same cases), and comparing a start with today's cutoff gives
// the same band as counting completed months, every day for six years.
func TestCompletedMonthsAndCutoffs(t *testing.T) {
	for _, c := range []struct {
		a, b string
		n    int
	}{{"2025-03-15", "2026-03-14", 11}, {"2025-03-15", "2026-03-15", 12}, {"2025-01-31", "2025-02-28", 0}, {"2024-02-29", "2025-02-28", 11}, {"2024-02-29", "2025-03-01", 12}, {"2016-07-01", "2026-06-30", 119}} {
		if got := completedMonths(date.MustParse(c.a), date.MustParse(c.b)); got != c.n {
			t.Errorf("%s → %s: %d, want %d", c.a, c.b, got, c.n)
		}
	}
	for _, today := range []string{"2026-11-02", "2026-03-31", "2024-02-29", "2025-02-28", "2026-12-31"} {
		td := date.MustParse(today)
		cuts := tenureCutoffs(td)
		for h := td.AddYears(-12); !h.After(td); h = h.AddDays(1) {
			byCut := len(cuts)
			for i := len(cuts) - 1; i >= 0; i-- {
				if h.After(cuts[i]) {
					byCut = i
				}
			}
			if want := bandOf(completedMonths(h, td)); byCut != want {
				t.Fatalf("today %s, start %s: cutoff band %d, months band %d", today, h, byCut, want)
			}
		}
	}
}

// A column needing another permission shows only when the reader holds
// it over all of the report's scope.
func TestColumnsNeedTheirPermissionOverTheScope(t *testing.T) {
	sub, _ := SubjectOf("employees")
	s := New(nil, kit.FixedClock{})
	wide := access.Actor{UserID: 1, Grants: []access.Grant{{Role: access.RoleGeneralist, OrgUnitID: 2, OrgPath: "/1/2/"}}}
	if got := s.AllowedFields(wide, sub); !slices.Contains(got, "pay_amount") || !slices.Contains(got, "name") {
		t.Errorf("a generalist's fields: %v", got)
	}
	// Two units for job history, pay over only one of them: no pay.
	if coversScope(wide, access.PayView, []string{"/1/2/", "/1/3/"}, false) {
		t.Error("pay over /1/2/ covers /1/3/")
	}
	if !coversScope(wide, access.PayView, []string{"/1/2/4/"}, false) || coversScope(wide, access.PayView, nil, true) {
		t.Error("covering a subtree, or the whole company")
	}
	none := access.Actor{UserID: 2}
	if got := s.AllowedFields(none, sub); len(got) != 0 {
		t.Errorf("no grant: %v", got)
	}
	// Conditions in Go (the ER cases) behave as the SQL ones.
	for _, c := range []struct {
		v, kind, op, want string
		ok                bool
	}{
		{"Harassment", KindText, "eq", "harassment", true},
		{"Harassment", KindText, "contains", "RASS", true},
		{"", KindDate, "empty", "", true},
		{"2026-03-01", KindDate, "gte", "2026-03-01", true},
		{"", KindDate, "lt", "2026-03-01", false},
		{"12", KindNumber, "gt", "9", true},
	} {
		if got := match(c.v, c.kind, c.op, c.want); got != c.ok {
			t.Errorf("%+v: %v", c, got)
		}
	}
}

// Counting starts between the thresholds of several dates, then summing
// the intervals inside each band, gives every date's bands exactly: for
// a start every few days over twelve years.
func TestBandsAtFromThresholds(t *testing.T) {
	today := date.MustParse("2026-11-02")
	refs := []date.Date{today, date.MustParse("2026-06-30"), date.MustParse("2025-12-31")}
	ts := startThresholds(refs)
	var starts []date.Date
	for d := today.AddYears(-12); !d.After(today); d = d.AddDays(3) {
		starts = append(starts, d)
	}
	counts := make([]int, len(ts)+1)
	for _, h := range starts {
		i := len(ts)
		for j := len(ts) - 1; j >= 0; j-- {
			if h.After(ts[j]) {
				i = j
			}
		}
		counts[i]++
	}
	got := bandsAt(refs, ts, counts)
	for k, d := range refs {
		want := make([]int, len(tenureBands))
		for _, h := range starts {
			if !h.After(d) {
				want[bandOf(completedMonths(h, d))]++
			}
		}
		if !slices.Equal(got[k], want) {
			t.Errorf("%s: %v, want %v", d, got[k], want)
		}
	}
}
