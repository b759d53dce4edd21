package app

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestPayQuestion: an employee asks HR about one of their pay changes;
// the question lands in the help desk linked to the pay record, which the
// generalist sees; nobody can link someone else's record.
func TestPayQuestion(t *testing.T) {
	e := sqliteEnv(t)
	me, gen := e.api("employee@example.com"), e.api("generalist@example.com")
	self := e.empOf("employee@example.com")
	st, h, _ := me.do("GET", fmt.Sprintf("/api/v1/employees/%d/history", self), nil)
	if st != 200 || len(h["pay"].([]any)) == 0 {
		t.Fatalf("own pay history: %d %v", st, h)
	}
	rec := h["pay"].([]any)[0].(map[string]any)
	rid := num64(rec["id"])
	_, other, _ := gen.do("GET", fmt.Sprintf("/api/v1/employees/%d/history", e.empOf("lead@example.com")), nil)
	otherID := num64(other["pay"].([]any)[0].(map[string]any)["id"])
	if st, _, _ := me.do("POST", "/api/v1/inquiries", map[string]any{"topic": "pay", "subject": "Raise", "question": "Why?", "pay_record_id": otherID}); st != 404 {
		t.Errorf("linking someone else's pay record: %d", st)
	}
	st, q, _ := me.do("POST", "/api/v1/inquiries", map[string]any{"topic": "pay", "subject": "My last raise", "question": "Is the new rate in my next paycheck?", "pay_record_id": rid})
	if st != 201 || q["object_type"] != "pay_record" || num64(q["object_id"]) != rid {
		t.Fatalf("ask: %d %v", st, q)
	}
	// The generalist's task page shows the pay change.
	page := e.login("generalist@example.com").page(fmt.Sprintf("/tasks/%d", num64(q["id"])), http.StatusOK)
	if got := page.Find(".kv").Text(); !strings.Contains(got, "the pay change of") {
		t.Errorf("task page: %q", got)
	}
	// The employee's pay history offers the question, prefilled.
	b := e.login("employee@example.com")
	prof := b.page(fmt.Sprintf("/people/%d?tab=pay", self), http.StatusOK)
	href, ok := prof.Find(`a[href^="/help?pay_record="]`).First().Attr("href")
	if !ok {
		t.Fatal("no Ask HR link in the pay history")
	}
	form := b.page(href, http.StatusOK)
	if v, _ := form.Find(`input[name="pay_record_id"]`).Attr("value"); v == "" || !strings.Contains(form.Find("#f-subject").AttrOr("value", ""), "About my pay change of") {
		t.Errorf("prefilled form: %q", v)
	}
	b.page(fmt.Sprintf("/help?pay_record=%d", otherID), http.StatusNotFound)
}
