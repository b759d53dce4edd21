package kit

import (
	"bytes"
	"testing"
)

func TestSealerRoundTripAndTamper(t *testing.T) {
	s, err := NewSealer("0123456789abcdef-test")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Seal([]byte("123-45-6789"))
	if err != nil || bytes.Contains(c, []byte("123-45")) {
		t.Fatalf("seal: %v %q", err, c)
	}
	p, err := s.Open(c)
	if err != nil || string(p) != "123-45-6789" {
		t.Fatalf("open: %v %q", err, p)
	}
	c[len(c)-1] ^= 1
	if _, err := s.Open(c); err == nil {
		t.Fatal("tampered ciphertext opened")
	}
	other, _ := NewSealer("another-secret-key-123")
	if _, err := other.Open(p); err == nil {
		t.Fatal("opened with the wrong key")
	}
}

func TestParseCents(t *testing.T) {
	cases := map[string]int64{"85000": 8500000, "85,000.5": 8500050, "$12.34": 1234, "0.07": 7}
	for in, want := range cases {
		if got, err := ParseCents(in); err != nil || got != want {
			t.Errorf("ParseCents(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.234", "1e5"} {
		if _, err := ParseCents(bad); err == nil {
			t.Errorf("ParseCents(%q) accepted", bad)
		}
	}
	if FormatCents(123456789) != "1,234,567.89" {
		t.Fatal(FormatCents(123456789))
	}
}
