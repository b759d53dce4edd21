package rules

import (
	"encoding/json"
	"testing"
)

// TestCompanySettingsAreDefaultsForTheUnverifiedConventions: roll-forward
// (C1) and counting the trigger day (C2) come from company settings when
// the facts do not say, and facts still win.
func TestCompanySettingsAreDefaultsForTheUnverifiedConventions(t *testing.T) {
	// 2026-11-28 is a Saturday; +30 days from 2026-10-29 lands on it.
	body := []byte(`{"event":"marriage","event_date":"2026-10-29"}`)
	get := func(s Settings, b []byte) map[string]any {
		res, _, err := Evaluate("hipaa-special-enrollment", b, s)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(res)
		out := map[string]any{}
		_ = json.Unmarshal(raw, &out)
		return out
	}
	plain := get(Settings{}, body)["request_deadline"]
	rolled := get(Settings{RollForward: true}, body)["request_deadline"]
	if plain != "2026-11-28" || rolled != "2026-11-30" {
		t.Fatalf("deadline %v, rolled %v", plain, rolled)
	}
	if v := get(Settings{RollForward: true}, []byte(`{"event":"marriage","event_date":"2026-10-29","roll_forward":false}`))["request_deadline"]; v != "2026-11-28" {
		t.Fatalf("facts must override settings: %v", v)
	}
	n := func(s Settings) any {
		res, _, err := Evaluate("fmla-notices", []byte(`{"leave_requested_on":"2026-11-02"}`), s)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(res)
		out := map[string]any{}
		_ = json.Unmarshal(raw, &out)
		return out["eligibility_notice_due"]
	}
	if a, b := n(Settings{}), n(Settings{CountTriggerDay: true}); a != "2026-11-09" || b != "2026-11-06" {
		t.Fatalf("eligibility notice due %v, counting the trigger day %v", a, b)
	}
}
