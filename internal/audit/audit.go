// Package audit is Cadre's append-only, hash-chained audit trail. Every
// write in every domain records an Entry in the same transaction.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Entry is one audited action.
type Entry struct {
	ID          int64
	At          time.Time
	ActorUserID int64
	ActorLabel  string
	OnBehalfOf  int64
	Action      string // e.g. "employee.hire"
	ObjectType  string // e.g. "employee"
	ObjectID    int64
	Summary     string
	Before      string // JSON, sensitive values redacted
	After       string
	RequestID   string
	PrevHash    string
	Hash        string
}

// Genesis is the PrevHash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the entry's chain hash over its content and PrevHash.
func ComputeHash(e Entry) string {
	h := sha256.New()
	parts := []string{
		e.PrevHash, e.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(e.ActorUserID, 10), e.ActorLabel,
		strconv.FormatInt(e.OnBehalfOf, 10), e.Action, e.ObjectType, strconv.FormatInt(e.ObjectID, 10),
		e.Summary, e.Before, e.After, e.RequestID,
	}
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Redacted is what sensitive values become in before/after snapshots.
const Redacted = "[redacted]"

// sensitiveKeys are never written into the trail in clear.
var sensitiveKeys = map[string]bool{
	"ssn": true, "birth_date": true, "date_of_birth": true, "bank": true, "bank_account": true,
	"routing_number": true, "account_number": true, "password": true, "token": true, "medical_reason": true,
}

// Snapshot marshals v to JSON with sensitive keys redacted. v is usually a
// map or a struct with json tags.
func Snapshot(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var m any
	if err := json.Unmarshal(b, &m); err != nil {
		return string(b)
	}
	redact(m)
	out, _ := json.Marshal(m)
	return string(out)
}

func redact(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if sensitiveKeys[strings.ToLower(k)] && val != nil && val != "" {
				x[k] = Redacted
				continue
			}
			redact(val)
		}
	case []any:
		for _, e := range x {
			redact(e)
		}
	}
}

// Filter narrows a read of the trail.
type Filter struct {
	ActorUserID int64
	Action      string // prefix match
	ObjectType  string
	ObjectID    int64
	From, To    time.Time
	BeforeID    int64 // keyset paging: entries with id < BeforeID
	Limit       int
}

// VerifyResult reports the outcome of walking the chain.
type VerifyResult struct {
	Entries  int64
	OK       bool
	BrokenAt int64 // id of the first entry whose hash does not match
	Problem  string
}

// Verify walks entries in id order and checks each link.
func Verify(entries []Entry, prev string) (VerifyResult, string) {
	var r VerifyResult
	r.OK = true
	for _, e := range entries {
		r.Entries++
		if e.PrevHash != prev {
			return VerifyResult{Entries: r.Entries, BrokenAt: e.ID, Problem: "previous-hash link does not match the entry before it"}, prev
		}
		if ComputeHash(e) != e.Hash {
			return VerifyResult{Entries: r.Entries, BrokenAt: e.ID, Problem: "entry content does not match its hash (altered after it was written)"}, prev
		}
		prev = e.Hash
	}
	return r, prev
}
