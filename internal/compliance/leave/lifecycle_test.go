package leave

import (
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

func detFor(months int, hours float64, start date.Date, hired date.Date) FMLA {
	h := hours
	return FMLA{LeaveStart: start, NoticeDate: start,
		Facts:       rules.FMLAEligibilityFacts{EmploymentPeriods: []rules.EmploymentPeriod{{Start: hired}}},
		Eligibility: rules.FMLAEligibilityResult{MonthsOfService: months, HoursCredited: &h}}
}

// TestDefaultPrograms checks what the shipped programs encode against
// the statutes (docs/leave-programs.md): CFRA covers a 5-employee
// employer with no distance test but not military caregiver leave; NY PFL
// needs 26 weeks of employment, has no hours or size threshold beyond one
// employee, and does not cover the employee's own illness.
func TestDefaultPrograms(t *testing.T) {
	ps := DefaultPrograms()
	by := map[string]Program{}
	for _, p := range ps {
		if err := p.validate().Err(); err != nil {
			t.Errorf("%s: %v", p.Key, err)
		}
		by[p.Key] = p
	}
	start := date.MustParse("2026-12-01")
	ca := people.Location{Name: "Remote - CA", Region: "CA"}
	ny := people.Location{Name: "Remote - NY", Region: "NY"}
	cases := []struct {
		name      string
		p         Program
		loc       people.Location
		reason    string
		det       FMLA
		headcount int
		want      bool
		says      string
	}{
		{"CFRA, 6 employees (FMLA needs 50)", by["ca_cfra"], ca, "own_health", detFor(14, 1400, start, start.AddMonths(-14)), 6, true, "no distance test"},
		{"CFRA, 4 employees", by["ca_cfra"], ca, "own_health", detFor(14, 1400, start, start.AddMonths(-14)), 4, false, "at least 5 employees"},
		{"CFRA, 1,249 hours", by["ca_cfra"], ca, "family_health", detFor(14, 1249, start, start.AddMonths(-14)), 60, false, "1250 hours"},
		{"CFRA, military caregiver", by["ca_cfra"], ca, "military_caregiver", detFor(14, 1400, start, start.AddMonths(-14)), 60, false, "military caregiver"},
		{"PFL, bonding after 26 weeks", by["ny_pfl"], ny, "birth_bonding", detFor(6, 700, start, start.AddDays(-26*7)), 60, true, "26 consecutive weeks"},
		{"PFL, 25 weeks", by["ny_pfl"], ny, "birth_bonding", detFor(5, 700, start, start.AddDays(-25*7-6)), 60, false, "26 consecutive weeks"},
		{"PFL, own illness", by["ny_pfl"], ny, "own_health", detFor(30, 2000, start, start.AddMonths(-30)), 60, false, "own serious health condition"},
	}
	for _, c := range cases {
		ok, steps := EvaluateProgram(c.p, c.loc, c.reason, c.det, c.headcount)
		text := ""
		for _, s := range steps {
			text += s.Text + " "
		}
		if ok != c.want || !strings.Contains(text, c.says) {
			t.Errorf("%s: %v, %s", c.name, ok, text)
		}
	}
}

// TestRecertificationFrom: 29 CFR 825.308.
func TestRecertificationFrom(t *testing.T) {
	got := date.MustParse("2026-03-02")
	for _, c := range []struct{ end, want string }{
		{"", "2026-04-01"},           // 30 days
		{"2026-03-20", "2026-04-01"}, // a shorter duration: still 30 days
		{"2026-06-15", "2026-06-15"}, // the duration certified
		{"2027-06-01", "2026-09-02"}, // longer than 6 months: every 6 months
	} {
		var end date.Date
		if c.end != "" {
			end = date.MustParse(c.end)
		}
		if d, st := RecertificationFrom(got, end); d.String() != c.want || st.Citation == "" {
			t.Errorf("end %q: %s, want %s", c.end, d, c.want)
		}
	}
}

// TestNoticeTemplates: every default renders; a template without a
// subject line or with an unknown field is refused.
func TestNoticeTemplates(t *testing.T) {
	d := NoticeData{Company: "Northwind", FirstName: "Ana", Eligible: false, FailedTests: []string{"hours"}, Designation: DesignationApproved, StatePrograms: []string{"CFRA"},
		HoursAvailable: "480.00", WeeksAvailable: "12.00", Deficiency: "The frequency is missing.", CureDue: "December 9, 2026"}
	for _, k := range NoticeKinds {
		subj, body, err := RenderNotice(DefaultTemplate(k), d)
		if err != nil || subj == "" || strings.Contains(body, "\n\n\n") {
			t.Errorf("%s: %q %v", k, subj, err)
		}
		if _, err := NoticePDF("Northwind", NoticeLabels[k], subj, body); err != nil {
			t.Errorf("%s PDF: %v", k, err)
		}
	}
	if _, body, _ := RenderNotice(DefaultTemplate(NoticeEligibility), d); !strings.Contains(body, "not eligible") || !strings.Contains(body, "hours") || !strings.Contains(body, "CFRA") {
		t.Errorf("eligibility: %s", body)
	}
	if _, _, err := RenderNotice("Dear {{.FirstName}}", d); err == nil {
		t.Error("no subject line accepted")
	}
	if _, _, err := RenderNotice("Subject: x\n{{.Salary}}", d); err == nil {
		t.Error("an unknown field accepted")
	}
}

// TestChargeDays: a full week is one workweek spread over its days; in a
// partial week a holiday the employee was not scheduled to work and a
// closure are not charged (29 CFR 825.200(h)).
func TestChargeDays(t *testing.T) {
	set := rules.Settings{BusinessCalendar: rules.CalendarUSFed, Closures: []date.Date{date.MustParse("2026-12-24")}}
	sched := weekSchedule(people.Employee{WeeklyHours: 40})
	full := []rules.LeaveHours{}
	for d := date.MustParse("2026-11-23"); d.Before(date.MustParse("2026-11-28")); d = d.AddDays(1) { // Thanksgiving week
		full = append(full, rules.LeaveHours{Date: d, Hours: 8})
	}
	got, _, _, err := chargeDays(full, sched, 0, set)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, v := range got {
		sum += v
	}
	if sum != 40 || got["2026-11-26"] != 8 {
		t.Errorf("full week with a holiday: %v", got)
	}
	partial := []rules.LeaveHours{{Date: date.MustParse("2026-12-23"), Hours: 8}, {Date: date.MustParse("2026-12-24"), Hours: 8}, {Date: date.MustParse("2026-12-25"), Hours: 8}}
	if got, _, _, _ = chargeDays(partial, sched, 0, set); got["2026-12-23"] != 8 || got["2026-12-24"] != 0 || got["2026-12-25"] != 0 {
		t.Errorf("partial week: %v", got)
	}
}

// TestChargeDaysMandatoryOvertime: with 8 hours of mandatory overtime a
// week, a missed 8-hour day is 8 of a 48-hour workweek (1/6), and a full
// week of leave is 48 hours (29 CFR 825.205(c)).
func TestChargeDaysMandatoryOvertime(t *testing.T) {
	set := rules.Settings{BusinessCalendar: rules.CalendarUSFed}
	sched := weekSchedule(people.Employee{WeeklyHours: 40})
	got, res, _, err := chargeDays([]rules.LeaveHours{{Date: date.MustParse("2026-12-01"), Hours: 8}}, sched, 8, set)
	if err != nil || got["2026-12-01"] != 8 || res.WeeksCharged != 0.1667 && res.WeeksCharged != float64(1)/6 {
		t.Errorf("one day: %v %+v %v", got, res, err)
	}
	var week []rules.LeaveHours
	for d := date.MustParse("2026-11-30"); d.Before(date.MustParse("2026-12-05")); d = d.AddDays(1) {
		week = append(week, rules.LeaveHours{Date: d, Hours: 8})
	}
	got, _, _, _ = chargeDays(week, sched, 8, set)
	sum := 0.0
	for _, v := range got {
		sum += v
	}
	if sum < 47.99 || sum > 48.01 {
		t.Errorf("a full week with overtime: %v", sum)
	}
	f := entitlementFacts(Case{OvertimeHours: 8}, people.Employee{WeeklyHours: 40}, nil, nil)
	if *f.WeeklyHours != 48 {
		t.Errorf("usual workweek %v", *f.WeeklyHours)
	}
}
