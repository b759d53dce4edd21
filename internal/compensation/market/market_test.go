package market

import (
	"math"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestAgeAndInterpolate(t *testing.T) {
	p := Point{EffectiveOn: date.MustParse("2025-01-01"), P25: 8000000, P50: 10000000, P75: 12000000, P90: 14000000}
	a := Age(p, date.MustParse("2026-01-01"), 300)
	want := math.Pow(1.03, 365/365.25)
	if math.Abs(a.Factor-want) > 1e-6 || a.AgedP50 != int64(math.Round(10000000*want)) {
		t.Errorf("aged: %+v (factor want %v)", a, want)
	}
	back := Age(p, date.MustParse("2024-01-01"), 300)
	if back.AgedP50 >= p.P50 {
		t.Errorf("aging backwards: %d", back.AgedP50)
	}
	flat := Age(p, p.EffectiveOn, 300)
	if flat.At(25) != p.P25 || flat.At(50) != p.P50 || flat.At(60) != 10800000 || flat.At(90) != p.P90 || flat.At(10) != p.P25 || flat.At(99) != p.P90 {
		t.Errorf("interpolation: P60 %d", flat.At(60))
	}
}
