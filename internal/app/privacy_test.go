package app

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// later is the hiring service as it will run on a later day (for the
// retention job).
func (e *env) later(day date.Date) *hiring.Service {
	return hiring.NewService(e.db.Hiring(), kit.FixedClock{T: day.Time().Add(3 * time.Hour)})
}

// TestCandidateRetentionPurgeAndErasure: a rejected candidate's data is
// kept for the company's period after the decision (never under the
// federal year, 29 CFR 1602.14), explained; it exports as a ZIP; a legal
// hold keeps it past the date; an erasure request shortens it to the
// federal minimum; on that day the job erases the person and keeps the
// anonymous facts, so the metrics do not move; an open application
// cannot be erased; only HR managers act, and every step is audited.
func TestCandidateRetentionPurgeAndErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
		rejected := e.rejectedApp(t)
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(e.openReq(t), "id"))+"/applications?status=active", nil)
		active := apps["items"].([]any)[0].(map[string]any)
		cid := itoa(num(rejected, "candidate_id"))
		if s, _, _ := gen.do("GET", "/api/v1/candidates/"+cid+"/retention", nil); s != 403 {
			t.Fatalf("a generalist read the retention: %d", s)
		}
		s, ret, _ := mgr.do("GET", "/api/v1/candidates/"+cid+"/retention", nil)
		if s != 200 || ret["erase_on"] == nil || ret["federal_minimum_on"] == nil || !strings.Contains(toJSON(ret["why"]), "29 CFR 1602.14") {
			t.Fatalf("retention: %d %v", s, ret)
		}
		eraseOn, federal := date.MustParse(ret["erase_on"].(string)), date.MustParse(ret["federal_minimum_on"].(string))
		if eraseOn.Before(federal) || !eraseOn.After(testToday) {
			t.Fatalf("erase on %s, federal %s", eraseOn, federal)
		}
		// A longer company period moves the date by a year.
		mgr.do("PUT", "/api/v1/recruiting/retention", map[string]any{"months": 24})
		_, ret2, _ := mgr.do("GET", "/api/v1/candidates/"+cid+"/retention", nil)
		if got := date.MustParse(ret2["erase_on"].(string)); !got.Equal(eraseOn.AddMonths(12)) {
			t.Fatalf("with 24 months: %s, want %s", got, eraseOn.AddMonths(12))
		}
		// A phone screen on the application goes into the export and is
		// erased with the rest.
		if s, ps, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(rejected, "id"))+"/phone-screens", map[string]any{"held_on": rejected["applied_at"].(string)[:10],
			"answers": []string{"Wants a shorter commute"}, "work_authorization": "authorized", "recommendation": "reject", "summary": "Strong but far away"}); s != 201 {
			t.Fatalf("phone screen: %d %v", s, ps)
		}
		// Export: the candidate's data as they would receive it.
		res := mgr.raw("GET", "/api/v1/candidates/"+cid+"/export")
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("export: %d %v", res.StatusCode, err)
		}
		var ex struct {
			Candidate struct {
				Email string `json:"email"`
			} `json:"candidate"`
			Applications []struct {
				Requisition  string `json:"requisition"`
				History      []any  `json:"history"`
				PhoneScreens []struct {
					Summary string `json:"summary"`
				} `json:"phone_screens"`
			} `json:"applications"`
			Retention struct {
				EraseOn string `json:"erased_on"`
			} `json:"retention"`
		}
		for _, f := range zr.File {
			if f.Name == "candidate.json" {
				rc, _ := f.Open()
				err = json.NewDecoder(rc).Decode(&ex)
				rc.Close()
			}
		}
		if err != nil || ex.Candidate.Email != rejected["email"] || len(ex.Applications) == 0 || len(ex.Applications[0].History) == 0 || ex.Retention.EraseOn == "" ||
			!strings.Contains(fmt.Sprint(ex.Applications), "Strong but far away") {
			t.Fatalf("export contents: %v %+v", err, ex)
		}
		if res := gen.raw("GET", "/api/v1/candidates/"+cid+"/export"); res.StatusCode != 403 {
			t.Fatalf("a generalist exported a candidate: %d", res.StatusCode)
		}
		// A legal hold keeps the data past its date.
		if s, prob, _ := mgr.do("PUT", "/api/v1/candidates/"+cid+"/legal-hold", map[string]any{"on": true}); s != 422 || fieldsOf(prob)["reason"] == "" {
			t.Fatalf("a hold without a reason: %d %v", s, prob)
		}
		if s, h, _ := mgr.do("PUT", "/api/v1/candidates/"+cid+"/legal-hold", map[string]any{"on": true, "reason": "EEOC charge 451-2026-00123"}); s != 200 || h["erase_on"] != nil || !strings.Contains(h["kept_because"].(string), "legal hold") {
			t.Fatalf("hold: %d %v", s, h)
		}
		farFuture := eraseOn.AddYears(3)
		if _, err := e.later(farFuture).PurgeDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, a, _ := gen.do("GET", "/api/v1/applications/"+itoa(num(rejected, "id")), nil); a["email"] != rejected["email"] {
			t.Fatalf("the hold did not keep the data: %v", a)
		}
		mgr.do("PUT", "/api/v1/candidates/"+cid+"/legal-hold", map[string]any{"on": false})
		// An open application cannot be erased.
		if s, prob, _ := mgr.do("POST", "/api/v1/candidates/"+itoa(num(active, "candidate_id"))+"/erasure", nil); s != 409 || !strings.Contains(toJSON(prob), "still open") {
			t.Fatalf("erasure with an open application: %d %v", s, prob)
		}
		// The request drops the company's period: erased on the federal date.
		s, er, _ := mgr.do("POST", "/api/v1/candidates/"+cid+"/erasure", nil)
		if s != 200 || er["erase_on"] != federal.String() || er["erasure_requested_at"] == nil {
			t.Fatalf("erasure request: %d %v (federal %s)", s, er, federal)
		}
		_, before, _ := mgr.do("GET", "/api/v1/recruiting/metrics?from="+testToday.AddMonths(-12).String()+"&to="+testToday.String(), nil)
		if n, err := e.later(federal.AddDays(-1)).PurgeDue(context.Background()); err != nil || n != 0 {
			t.Fatalf("the day before: %d erased, %v", n, err)
		}
		n, err := e.later(federal).PurgeDue(context.Background())
		if err != nil || n < 1 {
			t.Fatalf("on the day: %d erased, %v", n, err)
		}
		_, a, _ := gen.do("GET", "/api/v1/applications/"+itoa(num(rejected, "id")), nil)
		if a["email"] != "" || a["name"] != "Erased candidate" || a["cover_letter"] != "" || a["has_resume"] != false || len(a["answers"].(map[string]any)) != 0 ||
			a["status"] != "rejected" || a["stage"] != rejected["stage"] || strings.Contains(a["reject_reason"].(string), ":") {
			t.Fatalf("after the purge: %v", a)
		}
		_, evs, _ := gen.do("GET", "/api/v1/applications/"+itoa(num(rejected, "id"))+"/events", nil)
		for _, ev := range evs["items"].([]any) {
			if ev.(map[string]any)["note"] != "" {
				t.Fatalf("a note survived: %v", ev)
			}
		}
		if _, ps, _ := gen.do("GET", "/api/v1/applications/"+itoa(num(rejected, "id"))+"/phone-screens", nil); strings.Contains(toJSON(ps), "far away") {
			t.Fatalf("a phone screen survived: %v", ps)
		}
		_, after, _ := mgr.do("GET", "/api/v1/recruiting/metrics?from="+testToday.AddMonths(-12).String()+"&to="+testToday.String(), nil)
		if toJSON(before["funnel"]) != toJSON(after["funnel"]) || toJSON(before["sources"]) != toJSON(after["sources"]) {
			t.Fatalf("the purge moved the metrics:\n%v\n%v", before["funnel"], after["funnel"])
		}
		if s, _, _ := mgr.do("POST", "/api/v1/candidates/"+cid+"/erasure", nil); s != 409 {
			t.Fatalf("erased twice: %d", s)
		}
		if res := mgr.raw("GET", "/api/v1/candidates/"+cid+"/export"); res.StatusCode != 409 {
			t.Fatalf("exported an erased candidate: %d", res.StatusCode)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?object_type=candidate", nil)
		for _, want := range []string{"Exported the personal data", "Placed a legal hold", "Lifted the legal hold", "request to erase", "Erased the personal data"} {
			if !strings.Contains(toJSON(audit), want) {
				t.Errorf("no audit entry %q", want)
			}
		}
	})
}

// TestCandidatePrivacyPage: the HR manager sees the personal-data card
// on an application and records a legal hold; a generalist does not see
// the card.
func TestCandidatePrivacyPage(t *testing.T) {
	e := sqliteEnv(t)
	app := e.rejectedApp(t)
	path := "/hiring/applications/" + itoa(num(app, "id"))
	b := e.login("manager@example.com")
	page := b.page(path, http.StatusOK)
	if page.Find("#h-privacy").Length() != 1 || !strings.Contains(page.Find("section[aria-labelledby=h-privacy]").Text(), "Erased on") {
		t.Fatal("no personal-data card with the erasure date")
	}
	b.submit("/hiring/candidates/"+itoa(num(app, "candidate_id"))+"/hold", map[string][]string{"on": {"1"}, "reason": {"Lawsuit 26-cv-1042"}, "application_id": {itoa(num(app, "id"))}}, http.StatusSeeOther)
	if text := b.page(path, http.StatusOK).Find("section[aria-labelledby=h-privacy]").Text(); !strings.Contains(text, "Lawsuit 26-cv-1042") || !strings.Contains(text, "Kept:") {
		t.Fatalf("the hold is not shown: %s", text)
	}
	if e.login("generalist@example.com").page(path, http.StatusOK).Find("#h-privacy").Length() != 0 {
		t.Fatal("a generalist sees the personal-data card")
	}
	res := b.get("/hiring/candidates/" + itoa(num(app, "candidate_id")) + "/export")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export from the page: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// rejectedApp is a recently rejected application of the demo company
// (the latest decided among the filled requisitions' runners-up).
func (e *env) rejectedApp(t *testing.T) map[string]any {
	t.Helper()
	gen := e.api("generalist@example.com")
	_, reqs, _ := gen.do("GET", "/api/v1/requisitions?status=filled", nil)
	var best map[string]any
	for _, it := range reqs["items"].([]any) {
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(it.(map[string]any), "id"))+"/applications?status=rejected", nil)
		for _, a := range apps["items"].([]any) {
			m := a.(map[string]any)
			if best == nil || m["applied_at"].(string) > best["applied_at"].(string) {
				best = m
			}
		}
	}
	if best == nil {
		t.Fatal("the demo has no rejected application")
	}
	return best
}
