package leave

import (
	"fmt"
	"math"
	"sort"

	"github.com/cadrehq/cadre/internal/kit/date"
)

// Accrual frequencies.
const (
	AccrueNone     = "none"     // no balance: the type is not tracked (jury duty, unpaid)
	AccrueMonthly  = "monthly"  // on the first of each month
	AccrueBiweekly = "biweekly" // every 14 days from the hire date (a pay period)
	AccrueAnnual   = "annual"   // front-loaded on January 1
)

// Frequencies lists them for forms.
var Frequencies = []string{AccrueMonthly, AccrueBiweekly, AccrueAnnual, AccrueNone}

// Tier raises the rate once an employee has served a number of years.
type Tier struct {
	AfterYears int     `json:"after_years"`
	Hours      float64 `json:"hours"`
}

// Policy is how a leave type accrues.
type Policy struct {
	Frequency string  `json:"frequency"`
	Hours     float64 `json:"hours"` // per period (monthly, biweekly) or per year (annual)
	Tiers     []Tier  `json:"tiers,omitempty"`
	// Cap is the most a balance may hold (0: no cap); accrual stops there.
	Cap float64 `json:"cap,omitempty"`
	// CarryoverMax is what may cross into a new year; the rest is
	// forfeited on January 1. Negative: everything carries over.
	CarryoverMax float64 `json:"carryover_max"`
	// CarryoverExpiresMonths: hours carried over and not used within
	// this many months of January 1 expire (0: never).
	CarryoverExpiresMonths int `json:"carryover_expires_months,omitempty"`
	// AllowNegative lets a balance go below zero, down to -NegativeLimit.
	AllowNegative bool    `json:"allow_negative,omitempty"`
	NegativeLimit float64 `json:"negative_limit,omitempty"`
	// Prorate credits the hire month (or, front-loaded, the hire year) in
	// proportion to the part served.
	Prorate bool `json:"prorate,omitempty"`
}

// Tracked reports whether the type keeps a balance.
func (p Policy) Tracked() bool { return p.Frequency != AccrueNone && p.Frequency != "" }

// rate is the accrual per period at a day, by tenure.
func (p Policy) rate(hire, on date.Date) float64 {
	r := p.Hours
	years := 0
	for d := hire.AddYears(1); !d.After(on); d = d.AddYears(1) {
		years++
	}
	for _, t := range p.Tiers {
		if years >= t.AfterYears && t.AfterYears > 0 {
			r = t.Hours
		}
	}
	return r
}

// Txn is a dated change to a balance: a credit (accrual, adjustment) is
// positive, a use negative.
type Txn struct {
	On    date.Date `json:"on"`
	Hours float64   `json:"hours"`
	Kind  string    `json:"kind"` // accrual, used, adjustment, forfeited, expired
	Note  string    `json:"note,omitempty"`
}

// Balance is a balance as of a day, with the ledger behind it.
type Balance struct {
	AsOf      date.Date `json:"as_of"`
	Accrued   float64   `json:"accrued"`
	Used      float64   `json:"used"`
	Adjusted  float64   `json:"adjusted"`
	Forfeited float64   `json:"forfeited"`
	Hours     float64   `json:"hours"`
	Ledger    []Txn     `json:"ledger"`
}

// Compute runs a policy from the hire date to asOf (inclusive) with the
// uses and adjustments dated up to then, and returns the balance. Events
// on one day apply in this order: the new year's carry-over cut, expiry
// of unused carried hours, accrual, adjustments, uses.
func Compute(p Policy, hire, asOf date.Date, uses, adjustments []Txn) Balance {
	b := Balance{AsOf: asOf}
	if asOf.Before(hire) {
		return b
	}
	type event struct {
		on    date.Date
		order int
		txn   Txn
	}
	var evs []event
	add := func(on date.Date, order int, t Txn) {
		if !on.After(asOf) && !on.Before(hire) {
			evs = append(evs, event{on, order, t})
		}
	}
	for _, u := range uses {
		add(u.On, 4, Txn{On: u.On, Hours: -math.Abs(u.Hours), Kind: "used", Note: u.Note})
	}
	for _, a := range adjustments {
		add(a.On, 3, Txn{On: a.On, Hours: a.Hours, Kind: "adjustment", Note: a.Note})
	}
	for y := hire.Year() + 1; y <= asOf.Year(); y++ {
		ny := date.New(y, 1, 1)
		add(ny, 0, Txn{On: ny, Kind: "year_end"})
		if p.CarryoverExpiresMonths > 0 {
			ex := ny.AddMonths(p.CarryoverExpiresMonths)
			add(ex, 1, Txn{On: ex, Kind: "expiry"})
		}
	}
	switch p.Frequency {
	case AccrueMonthly:
		first := p.rate(hire, hire)
		if p.Prorate {
			left := hire.DaysInMonth() - hire.Day() + 1
			first = first * float64(left) / float64(hire.DaysInMonth())
		}
		add(hire, 2, Txn{On: hire, Hours: first, Kind: "accrual", Note: "hire month"})
		for m := hire.FirstOfMonth().AddMonths(1); !m.After(asOf); m = m.AddMonths(1) {
			add(m, 2, Txn{On: m, Hours: p.rate(hire, m), Kind: "accrual"})
		}
	case AccrueBiweekly:
		for d := hire.AddDays(14); !d.After(asOf); d = d.AddDays(14) {
			add(d, 2, Txn{On: d, Hours: p.rate(hire, d), Kind: "accrual"})
		}
	case AccrueAnnual:
		first := p.rate(hire, hire)
		if p.Prorate {
			first = first * float64(13-int(hire.Month())) / 12
		}
		add(hire, 2, Txn{On: hire, Hours: first, Kind: "accrual", Note: "hire year"})
		for y := hire.Year() + 1; y <= asOf.Year(); y++ {
			ny := date.New(y, 1, 1)
			add(ny, 2, Txn{On: ny, Hours: p.rate(hire, ny), Kind: "accrual"})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if c := evs[i].on.Compare(evs[j].on); c != 0 {
			return c < 0
		}
		return evs[i].order < evs[j].order
	})
	bal, carried := 0.0, 0.0
	for _, e := range evs {
		t := e.txn
		switch t.Kind {
		case "year_end":
			carried = bal
			if p.CarryoverMax >= 0 && bal > p.CarryoverMax {
				t = Txn{On: t.On, Hours: -(bal - p.CarryoverMax), Kind: "forfeited", Note: fmt.Sprintf("above the %s-hour carry-over", fmtHours(p.CarryoverMax))}
				carried = p.CarryoverMax
			} else {
				continue
			}
		case "expiry":
			// Uses since January 1 consumed the carried hours first.
			left := carried
			for _, l := range b.Ledger {
				if l.Kind == "used" && l.On.Year() == t.On.Year() && l.On.Before(t.On) {
					left += l.Hours
				}
			}
			carried = 0
			if left <= 0 || bal <= 0 {
				continue
			}
			t = Txn{On: t.On, Hours: -math.Min(left, bal), Kind: "expired", Note: "carried-over hours not used in time"}
		case "accrual":
			if p.Cap > 0 && bal+t.Hours > p.Cap {
				t.Hours = math.Max(0, p.Cap-bal)
				t.Note = fmt.Sprintf("capped at %s hours", fmtHours(p.Cap))
			}
		}
		t.Hours = round2(t.Hours)
		bal = round2(bal + t.Hours)
		switch t.Kind {
		case "accrual":
			b.Accrued += t.Hours
		case "used":
			b.Used -= t.Hours
		case "adjustment":
			b.Adjusted += t.Hours
		default:
			b.Forfeited -= t.Hours
		}
		b.Ledger = append(b.Ledger, t)
	}
	b.Accrued, b.Used, b.Adjusted, b.Forfeited, b.Hours = round2(b.Accrued), round2(b.Used), round2(b.Adjusted), round2(b.Forfeited), bal
	return b
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func fmtHours(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
