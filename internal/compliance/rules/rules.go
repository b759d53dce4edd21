package rules

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Step is one line of a rule's explanation: a plain-English statement and
// the legal (or standard) source it rests on.
type Step struct {
	Text     string `json:"text"`
	Citation string `json:"citation"`
}

// Settings are the company defaults a rule uses when the facts leave a
// setting out. Facts always override settings.
type Settings struct {
	// BusinessCalendar is "US_FED" (default) or "SEVEN_DAY".
	BusinessCalendar string
	// Closures are company closure days: non-business days in the company
	// calendar, and days on which FMLA leave is not charged.
	Closures []date.Date
	// FMLAMethod is the employer's 12-month method (see FMLAEntitlementFacts.Method).
	FMLAMethod string
	// LeaveYearStart is "MM-DD", the first day of a fixed FMLA leave year.
	LeaveYearStart string
	// RollForward moves calendar-day deadlines (FMLA certification and
	// cure, HIPAA, COBRA) that land on a weekend or holiday to the next
	// business day. Off by default: no source provides a roll-forward
	// (RULES.md C1, unverified).
	RollForward bool
	// CountTriggerDay counts the trigger day as day 1 of the FMLA
	// 5-business-day notices. Off by default (RULES.md C2).
	CountTriggerDay bool
}

// evaluator reads the facts of one rule, validates them and runs the rule.
type evaluator func(f *facts, s Settings) (any, []Step, error)

// ruleTable lists every rule under its CONTRACT.md name, in the order of
// the contract.
func ruleTable() []struct {
	name string
	eval evaluator
} {
	return []struct {
		name string
		eval evaluator
	}{
		{"holidays", evalHolidays},
		{"i9-deadlines", evalI9},
		{"fmla-eligibility", evalFMLAEligibility},
		{"fmla-entitlement", evalFMLAEntitlement},
		{"fmla-usage", evalFMLAUsage},
		{"fmla-notices", evalFMLANotices},
		{"hipaa-special-enrollment", evalHIPAA},
		{"cobra-deadlines", evalCOBRA},
		{"compa-ratio", evalCompa},
		{"cost-per-hire", evalCostPerHire},
		{"time-to-fill", evalTimeToFill},
		{"turnover", evalTurnover},
		{"eeo1-race-ethnicity", evalEEO1Race},
		{"eeo1-filing", evalEEO1Filing},
		{"retention", evalRetention},
	}
}

// Names returns the rule names Evaluate accepts, in contract order.
func Names() []string {
	t := ruleTable()
	out := make([]string, len(t))
	for i, r := range t {
		out[i] = r.name
	}
	return out
}

// Evaluate runs the named rule on a JSON body of facts, with s supplying
// company defaults for facts the body leaves out.
//
// Errors: KindNotFound for an unknown rule; KindMalformed when the body is
// not a JSON object; KindInvalid, with one field error per bad or missing
// fact, when the facts are incomplete, inconsistent or make the result
// undefined. Evaluate never panics on any input.
func Evaluate(rule string, body []byte, s Settings) (result any, explanation []Step, err error) {
	var eval evaluator
	for _, r := range ruleTable() {
		if r.name == rule {
			eval = r.eval
		}
	}
	if eval == nil {
		return nil, nil, kit.NotFound("rule")
	}
	defer func() {
		if p := recover(); p != nil {
			// A panic here is a bug in a rule; report it as an internal
			// error rather than crashing the server.
			result, explanation = nil, nil
			err = fmt.Errorf("rules: %s: internal error: %v", rule, p)
		}
	}()
	f, err := parseFacts(body)
	if err != nil {
		return nil, nil, err
	}
	return eval(f, s)
}

// finish merges the reader's errors with a validator's and decides whether
// the rule may run.
func finish(f *facts, validate func(kit.FieldErrors)) error {
	validate(f.fe)
	return f.fe.Err()
}

// pick returns the first non-empty string.
func pick(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
