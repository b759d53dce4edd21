package rules

import (
	"fmt"
	"math/big"

	"github.com/cadrehq/cadre/internal/kit"
)

// Pay positions against a range.
const (
	BelowRange = "below_range"
	InRange    = "in_range"
	AboveRange = "above_range"
)

// CompaFacts are the facts of the "compa-ratio" rule: pay and either a
// midpoint or a min and max (or all three), in the same currency units and
// the same pay basis (annual or hourly).
type CompaFacts struct {
	Pay      *float64 `json:"pay"`
	Midpoint *float64 `json:"midpoint"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
}

// CompaResult is the pay position. RangePenetration, RangeSpread and
// Position are null without a min and max.
type CompaResult struct {
	Midpoint         float64  `json:"midpoint"`
	CompaRatio       float64  `json:"compa_ratio"`
	RangePenetration *float64 `json:"range_penetration"`
	RangeSpread      *float64 `json:"range_spread"`
	Position         *string  `json:"position"`
}

func positive(fe kit.FieldErrors, field string, v *float64) {
	if v != nil && *v <= 0 {
		fe.Add(field, "must be greater than 0")
	}
}

func (f CompaFacts) validate(fe kit.FieldErrors) {
	if f.Pay == nil {
		fe.Add("pay", "is required")
	}
	positive(fe, "pay", f.Pay)
	positive(fe, "midpoint", f.Midpoint)
	positive(fe, "min", f.Min)
	positive(fe, "max", f.Max)
	switch {
	case f.Min != nil && f.Max == nil:
		fe.Add("max", "is required with min")
	case f.Max != nil && f.Min == nil:
		fe.Add("min", "is required with max")
	case f.Min == nil && f.Midpoint == nil:
		fe.Add("midpoint", "is required (or give min and max)")
	case f.Min != nil && f.Max != nil:
		if *f.Max < *f.Min {
			fe.Add("max", "must not be less than min")
		} else if *f.Max == *f.Min {
			fe.Add("max", "equals min, so range penetration ((pay - min) / (max - min)) is undefined")
		} else if f.Midpoint != nil && (*f.Midpoint < *f.Min || *f.Midpoint > *f.Max) {
			fe.Add("midpoint", "must lie between min and max")
		}
	}
}

const (
	citeCompa       = "WorldatWork Glossary, \"compa-ratio\""
	citePenetration = "Paycor HR Glossary, \"range penetration\""
	citeSpread      = "Common practice (Cadre RULES.md §7; unverified against a WorldatWork primary text)"
)

// CompaRatio computes the compa-ratio against the midpoint (the control
// point), and with a range the range penetration, spread and position.
// Values outside the range are never clamped.
func CompaRatio(f CompaFacts) (CompaResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return CompaResult{}, nil, err
	}
	pay := dec(*f.Pay)
	var mid *big.Rat
	var steps []Step
	if f.Midpoint != nil {
		mid = dec(*f.Midpoint)
		steps = append(steps, Step{Text: fmt.Sprintf("The range midpoint (control point) is %s.", num(*f.Midpoint)), Citation: citeCompa})
	} else {
		mid = quo(add(dec(*f.Min), dec(*f.Max)), ratInt(2))
		steps = append(steps, Step{Text: fmt.Sprintf("No midpoint was given, so it is the middle of the range: (%s + %s) / 2 = %s.", num(*f.Min), num(*f.Max), num2(money(mid))), Citation: citeSpread})
	}
	r := CompaResult{Midpoint: money(mid), CompaRatio: ratio(quo(pay, mid))}
	steps = append(steps, Step{Text: fmt.Sprintf("Compa-ratio = pay / midpoint = %s / %s = %s. 1.0 means paid at the midpoint.", num(*f.Pay), num2(r.Midpoint), num(r.CompaRatio)), Citation: citeCompa})
	if f.Min == nil {
		steps = append(steps, Step{Text: "Without a minimum and maximum, range penetration, range spread and position cannot be computed.", Citation: citePenetration})
		return r, steps, nil
	}
	lo, hi := dec(*f.Min), dec(*f.Max)
	r.RangePenetration = ptr(ratio(quo(sub(pay, lo), sub(hi, lo))))
	r.RangeSpread = ptr(ratio(quo(sub(hi, lo), lo)))
	pos := InRange
	switch {
	case pay.Cmp(lo) < 0:
		pos = BelowRange
	case pay.Cmp(hi) > 0:
		pos = AboveRange
	}
	r.Position = &pos
	steps = append(steps,
		Step{Text: fmt.Sprintf("Range penetration = (pay - min) / (max - min) = (%s - %s) / (%s - %s) = %s. 0 is the minimum, 1 the maximum; values below 0 or above 1 are shown as they are, not clamped.", num(*f.Pay), num(*f.Min), num(*f.Max), num(*f.Min), num(*r.RangePenetration)), Citation: citePenetration},
		Step{Text: fmt.Sprintf("Range spread = (max - min) / min = %s.", num(*r.RangeSpread)), Citation: citeSpread},
		Step{Text: positionText(pos), Citation: citePenetration})
	return r, steps, nil
}

func positionText(pos string) string {
	switch pos {
	case BelowRange:
		return "Pay is below the range minimum (a \"green circle\" rate)."
	case AboveRange:
		return "Pay is above the range maximum (a \"red circle\" rate)."
	}
	return "Pay is within the range (minimum and maximum included)."
}

func evalCompa(f *facts, _ Settings) (any, []Step, error) {
	f.require("pay")
	c := CompaFacts{Pay: f.number("pay"), Midpoint: f.number("midpoint"), Min: f.number("min"), Max: f.number("max")}
	if err := finish(f, c.validate); err != nil {
		return nil, nil, err
	}
	return call(CompaRatio(c))
}
