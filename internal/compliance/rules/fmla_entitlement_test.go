package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"pgregory.net/rapid"
)

// workdays returns LeaveHours of `hours` on each of the next n weekdays
// starting on or after from.
func workdays(from string, n int, hours float64) []LeaveHours {
	var out []LeaveHours
	for x := d(from); len(out) < n; x = x.AddDays(1) {
		if !x.IsWeekend() {
			out = append(out, LeaveHours{Date: x, Hours: hours})
		}
	}
	return out
}

func leaveJSON(ls []LeaveHours) string {
	b, _ := json.Marshal(ls)
	return string(b)
}

// rollingExampleUsage is 29 CFR 825.200(c): four weeks of leave beginning
// Feb 1, 2008, June 1, 2008 and Dec 1, 2008, for a 40-hour, Monday-Friday
// employee (June 1, 2008 was a Sunday, so that leave starts on Monday).
func rollingExampleUsage() []LeaveHours {
	u := workdays("2008-02-01", 20, 8)
	u = append(u, workdays("2008-06-01", 20, 8)...)
	return append(u, workdays("2008-12-01", 20, 8)...)
}

// RULES.md §1.2, the regulation's own rolling example (825.200(c)).
func TestFMLAEntitlement_RULES1_2_825_200c_RollingExample(t *testing.T) {
	usage := leaveJSON(rollingExampleUsage())
	body := func(asOf, extra string) string {
		return fmt.Sprintf(`{"method":"rolling_backward","weekly_hours":40,"as_of":%q,"usage":%s%s}`, asOf, usage, extra)
	}
	t.Run("no additional leave before Feb 1, 2009", func(t *testing.T) {
		m, _ := run(t, "fmla-entitlement", body("2009-01-30", ""), Settings{})
		wantNum(t, m, "hours_entitled", 480)
		wantNum(t, m, "hours_used", 480)
		wantNum(t, m, "hours_available", 0)
		wantStr(t, m, "period_start", "2008-01-30")
		wantStr(t, m, "period_end", "2009-01-29")
		wantNull(t, m, "requested_hours_protected", "requested_hours_unprotected")
	})
	t.Run("C5: on Feb 1, 2009 the leave of Feb 1, 2008 is still inside the window", func(t *testing.T) {
		m, _ := run(t, "fmla-entitlement", body("2009-02-01", ""), Settings{})
		wantNum(t, m, "hours_available", 0)
	})
	t.Run("recoup begins: Monday Feb 2, 2009 has the day used Feb 1, 2008", func(t *testing.T) {
		m, _ := run(t, "fmla-entitlement", body("2009-02-02", ""), Settings{})
		wantNum(t, m, "hours_available", 8)
		wantNum(t, m, "weeks_available", 0.2)
	})
	t.Run("six weeks needed from Feb 2009: only four weeks are FMLA leave", func(t *testing.T) {
		req := leaveJSON(workdays("2009-02-02", 30, 8))
		m, _ := run(t, "fmla-entitlement", body("2009-02-02", `,"requested":`+req), Settings{})
		wantNum(t, m, "requested_hours_protected", 160)
		wantNum(t, m, "requested_hours_unprotected", 80)
	})
	t.Run("the June block is recouped from June 2009", func(t *testing.T) {
		m, _ := run(t, "fmla-entitlement", body("2009-07-01", ""), Settings{})
		wantNum(t, m, "hours_available", 320)
	})
}

func TestFMLAEntitlement_RULES1_2_Methods(t *testing.T) {
	late2024 := leaveJSON(workdays("2024-10-07", 60, 8)) // 480 hours ending in late December 2024
	cases := []struct {
		name, body       string
		start, end       string
		used, available  float64
		settings         Settings
		protect, unprote float64
	}{
		{"§1.2 calendar year: stacking 12 weeks at the end of one year and 12 at the start of the next", `{"method":"calendar_year","weekly_hours":40,"as_of":"2025-01-02","usage":` + late2024 + `}`, "2025-01-01", "2025-12-31", 0, 480, Settings{}, -1, -1},
		{"§1.2 calendar year: exhausted in December", `{"method":"calendar_year","weekly_hours":40,"as_of":"2024-12-31","usage":` + late2024 + `}`, "2024-01-01", "2024-12-31", 480, 0, Settings{}, -1, -1},
		{"§1.2 fixed leave year from 07-01", `{"method":"fixed_leave_year","leave_year_start":"07-01","weekly_hours":40,"as_of":"2025-02-03","usage":[{"date":"2024-06-28","hours":40},{"date":"2024-08-01","hours":80}]}`, "2024-07-01", "2025-06-30", 80, 400, Settings{}, -1, -1},
		{"§1.2 fixed leave year from company settings", `{"weekly_hours":40,"as_of":"2025-02-03","usage":[]}`, "2024-10-01", "2025-09-30", 0, 480, Settings{FMLAMethod: MethodFixedLeaveYear, LeaveYearStart: "10-01"}, -1, -1},
		{"§1.2 facts override the company method", `{"method":"calendar_year","weekly_hours":40,"as_of":"2025-02-03","usage":[]}`, "2025-01-01", "2025-12-31", 0, 480, Settings{FMLAMethod: MethodRolling}, -1, -1},
		{"§1.2 forward from first leave", `{"method":"forward_from_first_leave","weekly_hours":40,"as_of":"2024-09-01","usage":[{"date":"2024-03-10","hours":40},{"date":"2024-05-01","hours":40}]}`, "2024-03-10", "2025-03-09", 80, 400, Settings{}, -1, -1},
		{"§1.2 forward: next period begins with the first leave after the prior one ends", `{"method":"forward_from_first_leave","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2023-01-10","hours":200},{"date":"2023-06-01","hours":80},{"date":"2024-02-01","hours":40}]}`, "2024-02-01", "2025-01-31", 40, 440, Settings{}, -1, -1},
		{"§1.2 forward: no period running shows a new one from as_of", `{"method":"forward_from_first_leave","weekly_hours":40,"as_of":"2025-04-01","usage":[{"date":"2024-03-10","hours":480}]}`, "2025-04-01", "2026-03-31", 0, 480, Settings{}, -1, -1},
		{"§1.2 rolling: usage on or after as_of is not counted", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2024-05-31","hours":8},{"date":"2024-06-01","hours":8},{"date":"2024-07-01","hours":8}]}`, "2023-06-01", "2024-05-31", 8, 472, Settings{}, -1, -1},
		{"§1.2 C5: same date one year earlier is inside the window", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2023-06-01","hours":8},{"date":"2023-05-31","hours":8}]}`, "2023-06-01", "2024-05-31", 8, 472, Settings{}, -1, -1},
		{"§1.2 C4/C5 leap day: window from Feb 28 (clamped)", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-02-29","usage":[{"date":"2023-02-28","hours":8},{"date":"2023-02-27","hours":8}]}`, "2023-02-28", "2024-02-28", 8, 472, Settings{}, -1, -1},
		{"§1.3 part-time 30 hours -> 360 hours", `{"method":"calendar_year","weekly_hours":30,"as_of":"2024-06-01","usage":[]}`, "2024-01-01", "2024-12-31", 0, 360, Settings{}, -1, -1},
		{"§1.3 opinion letter: 84 hours per 2 weeks -> 504 hours", `{"method":"calendar_year","weekly_hours":42,"as_of":"2024-06-01","usage":[]}`, "2024-01-01", "2024-12-31", 0, 504, Settings{}, -1, -1},
		{"§1.3 (b)(3) variable schedule: 52-week average", `{"method":"calendar_year","hours_scheduled_prior_52_weeks":2184,"as_of":"2024-06-01","usage":[]}`, "2024-01-01", "2024-12-31", 0, 504, Settings{}, -1, -1},
		{"§1.2 825.127(e) military caregiver: 26 weeks in a single 12-month period", `{"method":"calendar_year","reason":"military_caregiver","first_caregiver_leave_day":"2024-03-15","weekly_hours":40,"as_of":"2024-09-01","usage":[{"date":"2024-01-10","hours":80},{"date":"2024-04-01","hours":400}]}`, "2024-03-15", "2025-03-14", 400, 640, Settings{}, -1, -1},
		{"§1.2 825.127(e) caregiver weeks are forfeited after the period", `{"method":"calendar_year","reason":"military_caregiver","first_caregiver_leave_day":"2023-03-15","weekly_hours":40,"as_of":"2024-09-01","usage":[{"date":"2023-04-01","hours":400}]}`, "2023-03-15", "2024-03-14", 400, 0, Settings{}, -1, -1},
		{"§1.2 request recoups as it runs (rolling)", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-03","usage":[{"date":"2023-06-03","hours":8},{"date":"2023-06-04","hours":8},{"date":"2024-01-02","hours":464}],"requested":[{"date":"2024-06-03","hours":8},{"date":"2024-06-04","hours":8},{"date":"2024-06-05","hours":8}]}`, "2023-06-03", "2024-06-02", 480, 0, Settings{}, 16, 8},
		{"§1.2 request exhausts the entitlement part-way through a day", `{"method":"calendar_year","weekly_hours":40,"as_of":"2024-06-03","usage":[{"date":"2024-01-02","hours":476}],"requested":[{"date":"2024-06-03","hours":8},{"date":"2024-06-04","hours":8}]}`, "2024-01-01", "2024-12-31", 476, 4, Settings{}, 4, 12},
		{"§1.2 request crossing into a new calendar year", `{"method":"calendar_year","weekly_hours":40,"as_of":"2024-12-30","usage":[{"date":"2024-01-02","hours":480}],"requested":[{"date":"2024-12-30","hours":8},{"date":"2025-01-02","hours":8}]}`, "2024-01-01", "2024-12-31", 480, 0, Settings{}, 8, 8},
		{"§1.2 forward: request after the period ends starts a new period", `{"method":"forward_from_first_leave","weekly_hours":40,"as_of":"2025-03-01","usage":[{"date":"2024-03-10","hours":480}],"requested":[{"date":"2025-03-09","hours":8},{"date":"2025-03-10","hours":8}]}`, "2024-03-10", "2025-03-09", 480, 0, Settings{}, 8, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "fmla-entitlement", c.body, c.settings)
			wantStr(t, m, "period_start", c.start)
			wantStr(t, m, "period_end", c.end)
			wantNum(t, m, "hours_used", c.used)
			wantNum(t, m, "hours_available", c.available)
			if c.protect >= 0 {
				wantNum(t, m, "requested_hours_protected", c.protect)
				wantNum(t, m, "requested_hours_unprotected", c.unprote)
			}
		})
	}
}

func TestFMLAEntitlement_CaregiverDefaultsToFirstRequestedDay(t *testing.T) {
	m, steps := run(t, "fmla-entitlement", `{"method":"rolling_backward","reason":"military_caregiver","weekly_hours":40,"as_of":"2024-05-01","usage":[],"requested":[{"date":"2024-05-06","hours":8}]}`, Settings{})
	wantStr(t, m, "period_start", "2024-05-06")
	wantNum(t, m, "hours_entitled", 1040)
	wantNum(t, m, "requested_hours_protected", 8)
	found := false
	for _, s := range steps {
		found = found || strings.Contains(s.Text, "No first day of military caregiver leave")
	}
	if !found {
		t.Error("explanation does not say the caregiver period start was assumed")
	}
}

func TestFMLAEntitlement_Validation(t *testing.T) {
	invalid(t, "fmla-entitlement", `{}`, Settings{}, "method", "as_of", "usage", "weekly_hours")
	invalid(t, "fmla-entitlement", `{"method":"fixed_leave_year","weekly_hours":40,"as_of":"2024-06-01","usage":[]}`, Settings{}, "leave_year_start")
	invalid(t, "fmla-entitlement", `{"method":"fixed_leave_year","leave_year_start":"02-29","weekly_hours":40,"as_of":"2024-06-01","usage":[]}`, Settings{}, "leave_year_start")
	invalid(t, "fmla-entitlement", `{"method":"fiscal","weekly_hours":40,"as_of":"2024-06-01","usage":[]}`, Settings{FMLAMethod: MethodRolling}, "method")
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":0,"as_of":"2024-06-01","usage":[]}`, Settings{}, "weekly_hours")
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2024-01-01","hours":-8},{"hours":8}]}`, Settings{}, "usage[0].hours", "usage[1].date")
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[],"requested":[{"date":"2024-05-01","hours":8}]}`, Settings{}, "requested[0].date")
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[],"reason":"vacation"}`, Settings{}, "reason")
	invalid(t, "fmla-entitlement", `{"weekly_hours":40,"as_of":"2024-06-01","usage":[]}`, Settings{FMLAMethod: "bogus"}, "method")
	if _, _, err := Evaluate("fmla-entitlement", []byte(`{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[]}`), Settings{FMLAMethod: "bogus"}); err != nil {
		t.Errorf("a valid method in the facts overrides a bad company setting: %v", err)
	}
}

func randomUsage(rt *rapid.T, label string) []LeaveHours {
	n := rapid.IntRange(0, 40).Draw(rt, label+"_n")
	var out []LeaveHours
	for i := 0; i < n; i++ {
		out = append(out, LeaveHours{
			Date:  date.New(2022, time.January, 1).AddDays(rapid.IntRange(0, 3*365).Draw(rt, label+"_day")),
			Hours: float64(rapid.IntRange(0, 160).Draw(rt, label+"_hours")) / 2,
		})
	}
	return out
}

// Properties: availability never exceeds the entitlement and never goes
// negative; adding usage never increases availability (for the calendar,
// fixed and rolling methods; under the forward method extra earlier leave
// can legitimately move the period boundaries).
func TestFMLAEntitlement_Properties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		method := rapid.SampledFrom([]string{MethodRolling, MethodCalendarYear, MethodFixedLeaveYear, MethodForward}).Draw(rt, "method")
		f := FMLAEntitlementFacts{
			Method: method, LeaveYearStart: "04-15", WeeklyHours: ptr(float64(rapid.IntRange(1, 60).Draw(rt, "weekly"))),
			AsOf:  date.New(2023, time.January, 1).AddDays(rapid.IntRange(0, 2*365).Draw(rt, "asof")),
			Usage: randomUsage(rt, "usage"),
		}
		r, _, err := FMLAEntitlement(f, Settings{})
		if err != nil {
			rt.Fatalf("error: %v", err)
		}
		if r.HoursAvailable < 0 || r.HoursAvailable > r.HoursEntitled+1e-9 {
			rt.Fatalf("available %v outside [0, %v]", r.HoursAvailable, r.HoursEntitled)
		}
		if !r.PeriodStart.OnOrBefore(f.AsOf) || !r.PeriodEnd.OnOrAfter(r.PeriodStart) {
			rt.Fatalf("period %s..%s does not fit as_of %s", r.PeriodStart, r.PeriodEnd, f.AsOf)
		}
		if method == MethodForward {
			return
		}
		g := f
		g.Usage = append(append([]LeaveHours{}, f.Usage...), randomUsage(rt, "extra")...)
		r2, _, _ := FMLAEntitlement(g, Settings{})
		if r2.HoursAvailable > r.HoursAvailable+1e-9 {
			rt.Fatalf("adding usage raised availability from %v to %v", r.HoursAvailable, r2.HoursAvailable)
		}
	})
}

// Property: a request never protects more than was available plus what is
// recouped, protected + unprotected equals the request, and no day is
// protected beyond the entitlement.
func TestFMLAEntitlement_PropertyRequest(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		asOf := date.New(2024, time.January, 1).AddDays(rapid.IntRange(0, 365).Draw(rt, "asof"))
		var req []LeaveHours
		for i, n := 0, rapid.IntRange(1, 30).Draw(rt, "req_n"); i < n; i++ {
			req = append(req, LeaveHours{Date: asOf.AddDays(rapid.IntRange(0, 200).Draw(rt, "req_day")), Hours: float64(rapid.IntRange(0, 12).Draw(rt, "req_hours"))})
		}
		f := FMLAEntitlementFacts{Method: MethodRolling, WeeklyHours: ptr(40.0), AsOf: asOf, Usage: randomUsage(rt, "usage"), Requested: req}
		r, _, err := FMLAEntitlement(f, Settings{})
		if err != nil {
			rt.Fatalf("error: %v", err)
		}
		total := 0.0
		for _, q := range req {
			total += q.Hours
		}
		if p, u := *r.RequestedHoursProtected, *r.RequestedHoursUnprotected; p < 0 || u < 0 || p+u-total > 1e-6 || total-p-u > 1e-6 {
			rt.Fatalf("protected %v + unprotected %v != requested %v", p, u, total)
		}
		for _, day := range r.RequestedDays {
			if day.Protected > day.Available+1e-9 || day.Available > r.HoursEntitled+1e-9 {
				rt.Fatalf("day %+v protects more than available", day)
			}
		}
	})
}

// RULES.md §1.2 (825.200(e), unverified wording): without an employer
// method, the option most beneficial to the employee is used.
func TestFMLAEntitlement_RULES1_2_825_200e_MostBeneficial(t *testing.T) {
	late2024 := leaveJSON(workdays("2024-10-07", 60, 8))
	m, steps := run(t, "fmla-entitlement", `{"method":"most_beneficial","weekly_hours":40,"as_of":"2025-01-02","usage":`+late2024+`}`, Settings{})
	wantStr(t, m, "method", MethodCalendarYear)
	wantNum(t, m, "hours_available", 480)
	if steps[0].Citation != "29 CFR 825.200(e)" {
		t.Errorf("first step = %+v", steps[0])
	}
	m, _ = run(t, "fmla-entitlement", `{"weekly_hours":40,"as_of":"2025-01-02","usage":`+late2024+`}`, Settings{FMLAMethod: MethodMostBeneficial})
	wantStr(t, m, "method", MethodCalendarYear)
}
