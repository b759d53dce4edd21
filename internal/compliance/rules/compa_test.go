package rules

import "testing"

// RULES.md §7: compa-ratio, range penetration and range spread.
func TestCompa_RULES7(t *testing.T) {
	cases := []struct {
		name, body  string
		mid, compa  float64
		pen, spread any // nil for null
		position    string
	}{
		{"§7 compa-ratio = pay / midpoint", `{"pay":55000,"midpoint":50000}`, 50000, 1.1, nil, nil, ""},
		{"§7 midpoint defaults to (min + max) / 2", `{"pay":45000,"min":40000,"max":60000}`, 50000, 0.9, 0.25, 0.5, InRange},
		{"§7 penetration: 0 at minimum", `{"pay":40000,"min":40000,"max":60000}`, 50000, 0.8, 0.0, 0.5, InRange},
		{"§7 penetration: 100% at maximum", `{"pay":60000,"min":40000,"max":60000}`, 50000, 1.2, 1.0, 0.5, InRange},
		{"§7 below minimum is negative, not clamped (green circle)", `{"pay":36000,"min":40000,"max":60000}`, 50000, 0.72, -0.2, 0.5, BelowRange},
		{"§7 above maximum exceeds 100%, not clamped (red circle)", `{"pay":66000,"min":40000,"max":60000}`, 50000, 1.32, 1.3, 0.5, AboveRange},
		{"§7 explicit control point for an asymmetric range", `{"pay":52000,"min":40000,"max":70000,"midpoint":52000}`, 52000, 1, 0.4, 0.75, InRange},
		{"§7 hourly pay: ratios use the exact midpoint 23.125 and round to 4 decimals", `{"pay":23.17,"min":18.5,"max":27.75}`, 23.13, 1.0019, 0.5049, 0.5, InRange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(t, "compa-ratio", c.body, Settings{})
			wantNum(t, m, "midpoint", c.mid)
			wantNum(t, m, "compa_ratio", c.compa)
			if c.pen == nil {
				wantNull(t, m, "range_penetration", "range_spread", "position")
				return
			}
			wantNum(t, m, "range_penetration", c.pen.(float64))
			wantNum(t, m, "range_spread", c.spread.(float64))
			wantStr(t, m, "position", c.position)
		})
	}
}

func TestCompa_Validation(t *testing.T) {
	invalid(t, "compa-ratio", `{}`, Settings{}, "pay", "midpoint")
	invalid(t, "compa-ratio", `{"pay":50000,"min":50000,"max":50000}`, Settings{}, "max")
	invalid(t, "compa-ratio", `{"pay":50000,"min":60000,"max":50000}`, Settings{}, "max")
	invalid(t, "compa-ratio", `{"pay":50000,"min":40000}`, Settings{}, "max")
	invalid(t, "compa-ratio", `{"pay":50000,"max":40000}`, Settings{}, "min")
	invalid(t, "compa-ratio", `{"pay":-1,"midpoint":50000}`, Settings{}, "pay")
	invalid(t, "compa-ratio", `{"pay":50000,"midpoint":0}`, Settings{}, "midpoint")
	invalid(t, "compa-ratio", `{"pay":50000,"min":40000,"max":60000,"midpoint":70000}`, Settings{}, "midpoint")
	invalid(t, "compa-ratio", `{"pay":"50000","midpoint":50000}`, Settings{}, "pay")
}
