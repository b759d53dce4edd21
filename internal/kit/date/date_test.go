package date

import (
	"encoding/json"
	"testing"
)

func TestAddMonthsClamps(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-05-15", -17, "2022-12-15"},
		{"2024-12-10", 1, "2025-01-10"},
	}
	for _, c := range cases {
		if got := MustParse(c.in).AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.in, c.n, got, c.want)
		}
	}
}

func TestJSONRoundTripAndNull(t *testing.T) {
	var v struct {
		D Date `json:"d"`
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &v); err == nil {
		t.Fatal("accepted an impossible date")
	}
	if err := json.Unmarshal([]byte(`{"d":null}`), &v); err != nil || !v.D.IsZero() {
		t.Fatalf("null: %v %v", err, v.D)
	}
	v.D = MustParse("2026-11-25")
	b, _ := json.Marshal(v)
	if string(b) != `{"d":"2026-11-25"}` {
		t.Fatalf("got %s", b)
	}
}

func TestScan(t *testing.T) {
	var d Date
	if err := d.Scan("2026-01-02T00:00:00Z"); err != nil || d.String() != "2026-01-02" {
		t.Fatalf("%v %v", err, d)
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Fatal("nil scan")
	}
}
