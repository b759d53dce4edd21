package kit

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents) and an ISO 4217 currency code.
type Money struct {
	Cents    int64
	Currency string
}

// Currencies Cadre accepts; all use two minor digits.
var Currencies = map[string]bool{"USD": true, "CAD": true, "EUR": true, "GBP": true, "MXN": true}

// ParseCents parses a decimal amount such as "85000", "85,000.50" or
// "$85000" into minor units. It rejects more than two decimals.
func ParseCents(s string) (int64, error) {
	s = strings.TrimSpace(strings.NewReplacer(",", "", "$", "", " ", "").Replace(s))
	if s == "" {
		return 0, fmt.Errorf("amount is empty")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (len(frac) == 0 || len(frac) > 2) {
		return 0, fmt.Errorf("amount %q must have at most two decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e13 {
		return 0, fmt.Errorf("amount %q is not a number", s)
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q is not a number", s)
	}
	c := w*100 + f
	if neg {
		c = -c
	}
	return c, nil
}

// FormatCents renders minor units as "85,000.00".
func FormatCents(c int64) string {
	neg := c < 0
	if neg {
		c = -c
	}
	whole := strconv.FormatInt(c/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("%s.%02d", b.String(), c%100)
	if neg {
		return "-" + out
	}
	return out
}

// String renders money as "USD 85,000.00".
func (m Money) String() string { return m.Currency + " " + FormatCents(m.Cents) }

// FormatInt formats an integer in base 10.
func FormatInt(v int64) string { return strconv.FormatInt(v, 10) }
