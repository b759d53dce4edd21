package rules

import (
	"math"
	"math/big"
	"strconv"
)

// dec converts a float that came from a decimal literal (JSON or Go source)
// back to that exact decimal, so that sums and quotients are computed
// without binary floating-point drift before the single final rounding.
func dec(x float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

func ratInt(n int) *big.Rat { return new(big.Rat).SetInt64(int64(n)) }

func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

// quo divides; callers guarantee b is not zero.
func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

// roundHalfUp rounds to the given number of decimal places, halves away from
// zero (RULES.md C7: "rounded half-up"), and returns the nearest float64.
func roundHalfUp(r *big.Rat, places int) float64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	neg := scaled.Sign() < 0
	if neg {
		scaled.Neg(scaled)
	}
	// floor(scaled + 1/2)
	scaled.Add(scaled, big.NewRat(1, 2))
	q := new(big.Int).Quo(scaled.Num(), scaled.Denom())
	if neg {
		q.Neg(q)
	}
	f, _ := new(big.Rat).SetFrac(q, scale).Float64()
	if math.IsInf(f, 0) { // keep results JSON-encodable whatever a Go caller passes
		return math.Copysign(math.MaxFloat64, f)
	}
	return f
}

// money rounds currency amounts and percentages to 2 decimals.
func money(r *big.Rat) float64 { return roundHalfUp(r, 2) }

// ratio rounds ratios to 4 decimals.
func ratio(r *big.Rat) float64 { return roundHalfUp(r, 4) }

// num formats a float for explanation text without trailing zeros.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// num2 formats a rounded amount with exactly two decimals.
func num2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

func ptr[T any](v T) *T { return &v }
