package rules

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit"
	"pgregory.net/rapid"
)

// contractRules lists, per CONTRACT.md rule, a valid body and the result
// fields the contract requires.
var contractRules = []struct {
	rule, valid string
	fields      []string
}{
	{"holidays", `{"year":2024}`, []string{"holidays"}},
	{"i9-deadlines", `{"first_day_of_employment":"2024-06-03"}`, []string{"section1_due", "section1_earliest", "section2_due", "receipts_acceptable", "reverification_required", "reverify_by", "retain_until"}},
	{"fmla-eligibility", `{"leave_start":"2024-03-01","employment_periods":[{"start":"2020-01-01","end":null}],"hours_worked_12_months":1500,"employees_within_75_miles":80}`, []string{"eligible", "failed_tests", "months_of_service", "hours_credited", "hours_presumed", "employees_within_75_miles", "eligible_from"}},
	{"fmla-entitlement", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2024-01-02","hours":8}]}`, []string{"period_start", "period_end", "hours_entitled", "hours_used", "hours_available", "weeks_available", "requested_hours_protected", "requested_hours_unprotected"}},
	{"fmla-usage", `{"schedule":{"hours":{"mon":8,"tue":8,"wed":8,"thu":8,"fri":8}},"leave":[{"date":"2024-06-03","hours":8}]}`, []string{"hours_charged", "weeks_charged"}},
	{"fmla-notices", `{"leave_requested_on":"2024-06-03"}`, []string{"eligibility_notice_due", "rights_notice_due", "designation_notice_due", "certification_due", "cure_due"}},
	{"hipaa-special-enrollment", `{"event":"birth","event_date":"2024-05-10"}`, []string{"special_enrollment_right", "request_deadline", "coverage_effective"}},
	{"cobra-deadlines", `{"qualifying_event":"termination","qe_date":"2024-03-15"}`, []string{"employer_notice_due", "election_notice_due", "election_deadline", "initial_premium_due", "max_coverage_months", "qb_notice_due", "general_notice_due"}},
	{"compa-ratio", `{"pay":50000,"midpoint":50000}`, []string{"midpoint", "compa_ratio", "range_penetration", "range_spread", "position"}},
	{"cost-per-hire", `{"hires":2,"costs":[{"category":"advertising","amount":10}]}`, []string{"external_total", "internal_total", "cost_per_hire", "classified"}},
	{"time-to-fill", `{"requisitions":[{"opened":"2024-01-01","offer_accepted":"2024-01-31"}]}`, []string{"days", "average_days"}},
	{"turnover", `{"separations":1,"headcount_start":10,"headcount_end":10}`, []string{"average_headcount", "turnover_pct", "annual_turnover_pct"}},
	{"eeo1-race-ethnicity", `{"hispanic_or_latino":false,"races":["White"]}`, []string{"category"}},
	{"eeo1-filing", `{"employees":10,"federal_contractor":false}`, []string{"must_file", "snapshot_valid"}},
	{"retention", `{"record":"osha_300","calendar_year":2023}`, []string{"retain_until", "rule"}},
}

func TestNamesMatchContract(t *testing.T) {
	var want []string
	for _, c := range contractRules {
		want = append(want, c.rule)
	}
	if got := Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v\nwant %v", got, want)
	}
}

func TestEvaluate_ContractFieldsPresent(t *testing.T) {
	for _, c := range contractRules {
		m, _ := run(t, c.rule, c.valid, Settings{})
		for _, f := range c.fields {
			field(t, m, f)
		}
	}
}

func TestEvaluate_UnknownRule(t *testing.T) {
	_, _, err := Evaluate("minimum-wage", []byte(`{}`), Settings{})
	if kit.KindOf(err) != kit.KindNotFound {
		t.Errorf("unknown rule: %v", err)
	}
}

func TestEvaluate_Malformed(t *testing.T) {
	bodies := []string{`{`, `[]`, `null`, `"facts"`, `42`, `{"year":2024} {}`, `{"year":2024}x`, "\x00", `{year:2024}`}
	for _, c := range contractRules {
		for _, b := range bodies {
			_, _, err := Evaluate(c.rule, []byte(b), Settings{})
			if kit.KindOf(err) != kit.KindMalformed {
				t.Errorf("%s %q: want KindMalformed, got %v", c.rule, b, err)
			}
		}
		// An empty body is read as {}: missing facts, not malformed.
		if _, _, err := Evaluate(c.rule, nil, Settings{}); kit.KindOf(err) != kit.KindInvalid && err != nil {
			t.Errorf("%s empty body: %v", c.rule, err)
		}
	}
}

// Unknown extra fields are allowed; wrong types are field errors.
func TestEvaluate_ExtraFieldsAndTypes(t *testing.T) {
	for _, c := range contractRules {
		body := strings.TrimSuffix(c.valid, "}") + `,"client_note":"ignored"}`
		run(t, c.rule, body, Settings{})
	}
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":"forty","as_of":"2024-06-01","usage":"none"}`, Settings{}, "weekly_hours", "usage")
	invalid(t, "fmla-entitlement", `{"method":"rolling_backward","weekly_hours":40,"as_of":"2024-06-01","usage":[{"date":"2024-01-02","hours":"8"}]}`, Settings{}, "usage[0].hours")
}

// checkNoCrash evaluates and fails if the rule panicked or returned an
// unclassified error.
func checkNoCrash(t interface{ Fatalf(string, ...any) }, rule string, body []byte) {
	res, steps, err := Evaluate(rule, body, Settings{})
	if err != nil {
		switch kit.KindOf(err) {
		case kit.KindInvalid, kit.KindMalformed:
			return
		}
		t.Fatalf("%s %s: unexpected error %v", rule, body, err)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatalf("%s %s: result does not marshal: %v", rule, body, err)
	}
	if len(steps) == 0 {
		t.Fatalf("%s %s: no explanation", rule, body)
	}
}

// jsonValue draws an arbitrary JSON value, biased towards values the rules
// read (dates, numbers, enum words).
func jsonValue(rt *rapid.T, depth int) any {
	kinds := []string{"null", "bool", "int", "float", "date", "word", "string"}
	if depth < 3 {
		kinds = append(kinds, "list", "object")
	}
	switch rapid.SampledFrom(kinds).Draw(rt, "kind") {
	case "bool":
		return rapid.Bool().Draw(rt, "b")
	case "int":
		return rapid.IntRange(-100000, 100000).Draw(rt, "i")
	case "float":
		return rapid.Float64().Draw(rt, "f")
	case "date":
		return fmt.Sprintf("%04d-%02d-%02d", rapid.IntRange(0, 9999).Draw(rt, "y"), rapid.IntRange(0, 13).Draw(rt, "m"), rapid.IntRange(0, 32).Draw(rt, "d"))
	case "word":
		return rapid.SampledFrom([]string{"US_FED", "SEVEN_DAY", "rolling_backward", "fixed_leave_year", "military_caregiver", "termination", "birth", "White", "advertising", "i9", "osha_300", "02-29", "12-31"}).Draw(rt, "w")
	case "string":
		return rapid.String().Draw(rt, "s")
	case "list":
		n := rapid.IntRange(0, 4).Draw(rt, "n")
		l := make([]any, n)
		for i := range l {
			l[i] = jsonValue(rt, depth+1)
		}
		return l
	case "object":
		return jsonObject(rt, depth+1)
	}
	return nil
}

var factNames = []string{"year", "calendar", "first_day_of_employment", "offer_accepted_on", "expected_employment_business_days", "business_calendar", "hire_date", "termination_date", "work_authorization_expires", "documents", "type", "expires",
	"leave_start", "employment_periods", "start", "end", "hours_worked_12_months", "employees_within_75_miles", "notice_date", "break_reason", "userra_hours_credited", "flsa_exempt", "hour_records_kept", "leave_end",
	"method", "leave_year_start", "weekly_hours", "hours_scheduled_prior_52_weeks", "as_of", "usage", "date", "hours", "requested", "reason", "first_caregiver_leave_day",
	"schedule", "mon", "fri", "leave", "mandatory_overtime_hours", "closures", "holidays_scheduled", "leave_requested_on", "sufficient_information_on", "certification_requested_on", "deficiency_notice_on",
	"event", "event_date", "request_received", "loss_reason", "qualifying_event", "qe_date", "loss_of_coverage_date", "employer_is_administrator", "administrator_notified_on", "election_notice_provided", "election_date",
	"pay", "midpoint", "min", "max", "hires", "costs", "category", "amount", "requisitions", "opened", "offer_accepted", "separations", "headcount_start", "headcount_end", "monthly",
	"hispanic_or_latino", "races", "employees", "federal_contractor", "contract_value", "snapshot_start", "snapshot_end", "record", "last_entry", "record_made", "action_date", "created", "calendar_year", "involuntary", "charge_filed"}

func jsonObject(rt *rapid.T, depth int) map[string]any {
	m := map[string]any{}
	for i, n := 0, rapid.IntRange(0, 8).Draw(rt, "fields"); i < n; i++ {
		m[rapid.SampledFrom(factNames).Draw(rt, "name")] = jsonValue(rt, depth)
	}
	return m
}

// Random JSON objects built from real fact names never panic any rule.
func TestEvaluate_RandomFactsNeverPanic(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		body, err := json.Marshal(jsonObject(rt, 0))
		if err != nil {
			return
		}
		for _, r := range Names() {
			checkNoCrash(rt, r, body)
		}
	})
}

// Mutating the valid bodies byte by byte never panics.
func TestEvaluate_MutatedBodiesNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte(`{}[]",:-0123456789.eE nulltruefalse`)
	for _, c := range contractRules {
		for i := 0; i < 300; i++ {
			b := []byte(c.valid)
			for k := rng.Intn(4) + 1; k > 0; k-- {
				p := rng.Intn(len(b))
				switch rng.Intn(3) {
				case 0:
					b[p] = alphabet[rng.Intn(len(alphabet))]
				case 1:
					b = append(b[:p], b[p+1:]...)
				default:
					b = append(b[:p], append([]byte{alphabet[rng.Intn(len(alphabet))]}, b[p:]...)...)
				}
				if len(b) == 0 {
					b = []byte("{")
				}
			}
			checkNoCrash(t, c.rule, b)
		}
	}
}

type fatalfT struct{ *testing.T }

func (f fatalfT) Fatalf(format string, args ...any) { f.T.Fatalf(format, args...) }

func FuzzEvaluate(f *testing.F) {
	for i, c := range contractRules {
		f.Add(i, []byte(c.valid))
		f.Add(i, []byte(`{}`))
	}
	f.Fuzz(func(t *testing.T, i int, body []byte) {
		rules := Names()
		if i < 0 {
			i = -i
		}
		checkNoCrash(fatalfT{t}, rules[i%len(rules)], body)
	})
}

// Extreme but well-formed values stay within bounds and do not panic.
func TestEvaluate_ExtremeValues(t *testing.T) {
	bodies := map[string]string{
		"holidays":         `{"year":9998}`,
		"i9-deadlines":     `{"first_day_of_employment":"9999-12-31","termination_date":"9999-12-31","documents":[{"type":"us_passport","expires":"0001-01-01"}]}`,
		"fmla-eligibility": `{"leave_start":"0001-01-01","leave_end":"9999-12-31","employment_periods":[{"start":"0001-01-01"}],"hours_worked_12_months":0,"employees_within_75_miles":1000000000}`,
		"fmla-entitlement": `{"method":"forward_from_first_leave","weekly_hours":168,"as_of":"9999-12-31","usage":[{"date":"0001-01-01","hours":8784}],"requested":[{"date":"9999-12-31","hours":8784}],"reason":"military_caregiver"}`,
		"fmla-usage":       `{"schedule":{"hours":{"sun":24}},"leave":[{"date":"9999-12-31","hours":24},{"date":"0001-01-01","hours":24}],"mandatory_overtime_hours":168}`,
		"fmla-notices":     `{"leave_requested_on":"9999-12-20","certification_requested_on":"9999-12-31","deficiency_notice_on":"9999-12-31","roll_forward":true}`,
		"cobra-deadlines":  `{"qualifying_event":"ssa_disability_extension","qe_date":"9999-12-31","coverage_begins":"9999-12-31"}`,
		"compa-ratio":      `{"pay":1e15,"min":0.000001,"max":1e15}`,
		"cost-per-hire":    `{"hires":1000000000,"costs":[{"category":"advertising","amount":1e15}]}`,
		"turnover":         `{"separations":1000000000,"headcount_start":1,"headcount_end":0}`,
		"retention":        `{"record":"osha_300","calendar_year":9990}`,
	}
	for rule, body := range bodies {
		checkNoCrash(t, rule, []byte(body))
	}
}
