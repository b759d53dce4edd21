package rules

import (
	"fmt"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

const monFri8 = `{"hours":{"mon":8,"tue":8,"wed":8,"thu":8,"fri":8}}`

func usageBody(schedule, leave, extra string) string {
	return fmt.Sprintf(`{"schedule":%s,"leave":%s%s}`, schedule, leave, extra)
}

// RULES.md §1.3 (29 CFR 825.205, 825.200(h), Opinion Letter FMLA2023-2-A).
func TestFMLAUsage_RULES1_3(t *testing.T) {
	cases := []struct {
		name, body   string
		hours, weeks float64
		settings     Settings
	}{
		{"§1.3 825.205(b)(1): one day off of a 5-day week is 1/5 week",
			usageBody(monFri8, `[{"date":"2024-06-05","hours":8}]`, ""), 8, 0.2, Settings{}},
		{"§1.3 825.205(b)(1): 8-hour days reduced to 4-hour days is 1/2 week",
			usageBody(monFri8, `[{"date":"2024-06-03","hours":4},{"date":"2024-06-04","hours":4},{"date":"2024-06-05","hours":4},{"date":"2024-06-06","hours":4},{"date":"2024-06-07","hours":4}]`, ""), 20, 0.5, Settings{}},
		{"§1.3 825.205(b): part-time 30 h/week reduced to 20 h/week is 1/3 week",
			usageBody(`{"hours":{"mon":6,"tue":6,"wed":6,"thu":6,"fri":6}}`, `[{"date":"2024-06-03","hours":2},{"date":"2024-06-04","hours":2},{"date":"2024-06-05","hours":2},{"date":"2024-06-06","hours":2},{"date":"2024-06-07","hours":2}]`, ""), 10, 0.3333, Settings{}},
		{"§1.3 825.205(b): the same reduction over four weeks is 4/3 weeks",
			usageBody(`{"hours":{"mon":6,"tue":6,"wed":6,"thu":6,"fri":6}}`, `[{"date":"2024-06-03","hours":10},{"date":"2024-06-10","hours":10},{"date":"2024-06-17","hours":10},{"date":"2024-06-24","hours":10}]`, ""), 40, 1.3333, Settings{}},
		{"§1.3 825.205(c): required 48 hours, works 40 -> 8 hours is 1/6 week",
			usageBody(monFri8, `[{"date":"2024-06-08","hours":8}]`, `,"mandatory_overtime_hours":8`), 8, 0.1667, Settings{}},
		{"§1.3 825.205(c): voluntary overtime is not part of the workweek",
			usageBody(monFri8, `[{"date":"2024-06-05","hours":8}]`, ""), 8, 0.2, Settings{}},
		{"§1.3 825.200(h): a holiday in a full week of leave has no effect (whole week counts)",
			usageBody(monFri8, `[{"date":"2024-07-01","hours":8},{"date":"2024-07-02","hours":8},{"date":"2024-07-03","hours":8},{"date":"2024-07-05","hours":8}]`, ""), 40, 1, Settings{}},
		{"§1.3 825.200(h): full week including leave recorded on the holiday",
			usageBody(monFri8, `[{"date":"2024-07-01","hours":8},{"date":"2024-07-02","hours":8},{"date":"2024-07-03","hours":8},{"date":"2024-07-04","hours":8},{"date":"2024-07-05","hours":8}]`, ""), 40, 1, Settings{}},
		{"§1.3 FMLA2023-2-A: Friday holiday, leave Wed-Fri uses 2/5 of a week",
			usageBody(monFri8, `[{"date":"2025-07-02","hours":8},{"date":"2025-07-03","hours":8},{"date":"2025-07-04","hours":8}]`, ""), 16, 0.4, Settings{}},
		{"§1.3 825.200(h): holiday counted when the employee is scheduled to work it",
			usageBody(monFri8, `[{"date":"2025-07-02","hours":8},{"date":"2025-07-03","hours":8},{"date":"2025-07-04","hours":8}]`, `,"holidays_scheduled":true`), 24, 0.6, Settings{}},
		{"§1.3 SEVEN_DAY calendar has no holidays",
			usageBody(monFri8, `[{"date":"2025-07-02","hours":8},{"date":"2025-07-03","hours":8},{"date":"2025-07-04","hours":8}]`, `,"business_calendar":"SEVEN_DAY"`), 24, 0.6, Settings{}},
		{"§1.3 825.200(h): a week the business is closed is not counted",
			usageBody(monFri8, `[{"date":"2024-12-23","hours":8},{"date":"2024-12-24","hours":8},{"date":"2024-12-26","hours":8},{"date":"2024-12-27","hours":8}]`, `,"closures":["2024-12-23","2024-12-24","2024-12-25","2024-12-26","2024-12-27"]`), 0, 0, Settings{}},
		{"§1.3 company closures from settings: a week with a closure is never full",
			usageBody(monFri8, `[{"date":"2024-06-03","hours":8},{"date":"2024-06-04","hours":8},{"date":"2024-06-05","hours":8},{"date":"2024-06-06","hours":8}]`, ""), 32, 0.8, Settings{Closures: []date.Date{d("2024-06-07")}}},
		{"§1.3 facts closures override the company closures",
			usageBody(monFri8, `[{"date":"2024-06-03","hours":8},{"date":"2024-06-04","hours":8},{"date":"2024-06-05","hours":8},{"date":"2024-06-06","hours":8},{"date":"2024-06-07","hours":8}]`, `,"closures":[]`), 40, 1, Settings{Closures: []date.Date{d("2024-06-07")}}},
		{"§1.3 a partial week and two full weeks (Juneteenth inside the second full week)",
			usageBody(monFri8, `[{"date":"2024-06-03","hours":8},{"date":"2024-06-04","hours":8},{"date":"2024-06-10","hours":8},{"date":"2024-06-11","hours":8},{"date":"2024-06-12","hours":8},{"date":"2024-06-13","hours":8},{"date":"2024-06-14","hours":8},{"date":"2024-06-17","hours":8},{"date":"2024-06-18","hours":8},{"date":"2024-06-19","hours":8},{"date":"2024-06-20","hours":8},{"date":"2024-06-21","hours":8}]`, ""), 96, 2.4, Settings{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "fmla-usage", c.body, c.settings)
			wantNum(t, m, "hours_charged", c.hours)
			wantNum(t, m, "weeks_charged", c.weeks)
		})
	}
}

func TestFMLAUsage_Validation(t *testing.T) {
	invalid(t, "fmla-usage", `{}`, Settings{}, "schedule", "leave")
	invalid(t, "fmla-usage", `{"schedule":{},"leave":[]}`, Settings{}, "schedule.hours")
	invalid(t, "fmla-usage", usageBody(`{"hours":{"monday":8}}`, `[]`, ""), Settings{}, "schedule.hours.monday")
	invalid(t, "fmla-usage", usageBody(`{"hours":{"mon":0}}`, `[]`, ""), Settings{}, "schedule.hours")
	invalid(t, "fmla-usage", usageBody(`{"hours":{"mon":-8}}`, `[]`, ""), Settings{}, "schedule.hours.mon")
	invalid(t, "fmla-usage", usageBody(monFri8, `[{"date":"2024-06-03","hours":-1}]`, ""), Settings{}, "leave[0].hours")
	invalid(t, "fmla-usage", usageBody(monFri8, `[{"date":"2024-06-03","hours":20},{"date":"2024-06-03","hours":8}]`, ""), Settings{}, "leave[1].hours")
	invalid(t, "fmla-usage", usageBody(monFri8, `[{"date":"06/03/2024","hours":8}]`, ""), Settings{}, "leave[0].date")
	invalid(t, "fmla-usage", usageBody(monFri8, `[]`, `,"closures":["x"]`), Settings{}, "closures[0]")
	invalid(t, "fmla-usage", usageBody(monFri8, `[]`, `,"mandatory_overtime_hours":-2`), Settings{}, "mandatory_overtime_hours")
	invalid(t, "fmla-usage", usageBody(monFri8, `[]`, `,"business_calendar":"X"`), Settings{}, "business_calendar")
	m, _ := run(t, "fmla-usage", usageBody(monFri8, `[]`, ""), Settings{})
	wantNum(t, m, "weeks_charged", 0)
}
