package audit

import (
	"strings"
	"testing"
	"time"
)

func TestSnapshotRedactsSensitiveKeys(t *testing.T) {
	s := Snapshot(map[string]any{"name": "Maya", "ssn": "123-45-6789", "nested": map[string]any{"bank_account": "999"}})
	if strings.Contains(s, "123-45") || strings.Contains(s, "999") {
		t.Fatalf("sensitive value leaked: %s", s)
	}
	if !strings.Contains(s, "Maya") {
		t.Fatalf("lost plain value: %s", s)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	var chain []Entry
	prev := Genesis
	for i := 1; i <= 3; i++ {
		e := Entry{ID: int64(i), At: time.Date(2026, 1, i, 0, 0, 0, 0, time.UTC), Action: "x", Summary: "s", PrevHash: prev}
		e.Hash = ComputeHash(e)
		prev = e.Hash
		chain = append(chain, e)
	}
	if r, _ := Verify(chain, Genesis); !r.OK || r.Entries != 3 {
		t.Fatalf("clean chain failed: %+v", r)
	}
	chain[1].Summary = "edited"
	r, _ := Verify(chain, Genesis)
	if r.OK || r.BrokenAt != 2 {
		t.Fatalf("tampering not detected: %+v", r)
	}
}
