package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestPipelineMovesRejectsAndKeyRoleOffer: a generalist moves a candidate
// through the stages (each move recorded with who and when), rejects one
// with a reason, acts in bulk all-or-nothing; on a key-role requisition
// the move to offer waits for the HR manager's final call; a hiring
// manager sees the candidates but cannot move them; the screening score
// explains itself.
func TestPipelineMovesRejectsAndKeyRoleOffer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		req := e.openReq(t)
		rid := itoa(num(req, "id"))
		_, list, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications?status=active", nil)
		items := list["items"].([]any)
		if len(items) < 3 {
			t.Fatalf("the demo requisition has %d active candidates", len(items))
		}
		first := items[0].(map[string]any)
		aid := itoa(num(first, "id"))
		next := "screen"
		if first["stage"] == "screen" {
			next = "phone_screen"
		}
		if s, prob, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": next, "version": 999}); s != 409 {
			t.Fatalf("stale move: %d %v", s, prob)
		}
		s, mv, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": next, "note": "Strong retail background", "version": num(first, "version")})
		if s != 200 || mv["moved"] != true || mv["application"].(map[string]any)["stage"] != next {
			t.Fatalf("move: %d %v", s, mv)
		}
		if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "hired"}); s != 422 {
			t.Fatalf("moved to hired: %d", s)
		}
		_, evs, _ := gen.do("GET", "/api/v1/applications/"+aid+"/events", nil)
		last := evs["items"].([]any)[len(evs["items"].([]any))-1].(map[string]any)
		if last["to_stage"] != next || last["note"] != "Strong retail background" || last["by_user_id"] == nil {
			t.Fatalf("event: %v", last)
		}
		// The hiring manager sees the candidates but does not move them.
		lead := e.api("lead@example.com")
		if num(req, "hiring_manager_id") == e.actorOf("lead@example.com").EmployeeID {
			if s, _, _ := lead.do("GET", "/api/v1/applications/"+aid, nil); s != 200 {
				t.Fatalf("hiring manager read: %d", s)
			}
		}
		if s, _, _ := lead.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "interview"}); s != 403 && s != 404 {
			t.Fatalf("a line manager moved a candidate: %d", s)
		}
		if s, _, _ := e.api("employee@example.com").do("GET", "/api/v1/applications/"+aid, nil); s != 404 {
			t.Fatalf("an employee read an application: %d", s)
		}
		// Reject with a reason.
		second := items[1].(map[string]any)
		sid := itoa(num(second, "id"))
		if s, prob, _ := gen.do("POST", "/api/v1/applications/"+sid+"/rejection", map[string]any{"reason": "because"}); s != 422 {
			t.Fatalf("bad reason: %d %v", s, prob)
		}
		if s, rj, _ := gen.do("POST", "/api/v1/applications/"+sid+"/rejection", map[string]any{"reason": "experience_level", "note": "Needs more floor time"}); s != 200 || rj["status"] != "rejected" || !strings.Contains(rj["reject_reason"].(string), "Experience level") {
			t.Fatalf("reject: %d %v", s, rj)
		}
		if s, _, _ := gen.do("POST", "/api/v1/applications/"+sid+"/rejection", map[string]any{"reason": "other"}); s != 409 {
			t.Fatalf("rejected twice: %d", s)
		}
		// Bulk: one bad id (already rejected) fails the whole batch.
		third := itoa(num(items[2].(map[string]any), "id"))
		if s, _, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/applications/bulk", map[string]any{"ids": []any{num(items[2].(map[string]any), "id"), num(second, "id")}, "action": "move", "to_stage": "interview"}); s != 409 {
			t.Fatalf("bulk with a rejected one: %d", s)
		}
		if _, a3, _ := gen.do("GET", "/api/v1/applications/"+third, nil); a3["stage"] == "interview" {
			t.Fatal("a failed bulk action moved someone")
		}
		if s, out, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/applications/bulk", map[string]any{"ids": []any{num(items[2].(map[string]any), "id")}, "action": "move", "to_stage": "interview"}); s != 200 || num(out, "changed") != 1 {
			t.Fatalf("bulk: %d %v", s, out)
		}
	})
}

// TestKeyRoleOfferNeedsTheHRManager: for a key role, moving a candidate
// to offer becomes an approval request; approved, the candidate is at
// offer.
func TestKeyRoleOfferNeedsTheHRManager(t *testing.T) {
	e := sqliteEnv(t)
	gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
	body := e.reqBody(t)
	body["key_role"], body["headcount"] = true, 1
	_, r, _ := gen.do("POST", "/api/v1/requisitions", body)
	rid := itoa(num(r, "id"))
	_, sub, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/submission", nil)
	ap := itoa(num(sub, "approval_id"))
	mgr.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"})
	e.api("director@example.com").do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"})
	if _, got, _ := gen.do("GET", "/api/v1/requisitions/"+rid, nil); got["status"] != "open" {
		t.Fatalf("requisition not open: %v", got)
	}
	_, post, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/postings", map[string]any{"description": "Lead the weekend support shift and coach a team of six specialists."})
	gen.do("POST", "/api/v1/postings/"+itoa(num(post, "id"))+"/status", map[string]any{"status": "published"})
	f := map[string]string{"given_name": "Kai", "family_name": "Lee", "email": "kai.lee@example.org", "answers.q1": "yes", "consent": "1"}
	if s, _ := e.apply(t, post["slug"].(string), f, "kai.docx", resumeDOCX(t, "Kai Lee customer service")); s != 200 {
		t.Fatalf("apply: %d", s)
	}
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
	aid := itoa(num(apps["items"].([]any)[0].(map[string]any), "id"))
	s, mv, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "offer"})
	if s != 200 || mv["moved"] != false || mv["approval_id"] == nil || mv["application"].(map[string]any)["stage"] == "offer" {
		t.Fatalf("key-role offer: %d %v", s, mv)
	}
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "interview"}); s != 409 {
		t.Fatalf("moved while the decision waits: %d", s)
	}
	offerAp := itoa(num(mv, "approval_id"))
	if s, _, _ := gen.do("POST", "/api/v1/approvals/"+offerAp+"/decision", map[string]any{"decision": "approve"}); s != 403 {
		t.Fatalf("the generalist made the final call: %d", s)
	}
	if s, d, _ := mgr.do("POST", "/api/v1/approvals/"+offerAp+"/decision", map[string]any{"decision": "approve", "comment": "Yes, make the offer."}); s != 200 || d["status"] != "approved" {
		t.Fatalf("manager: %d %v", s, d)
	}
	if _, a, _ := gen.do("GET", "/api/v1/applications/"+aid, nil); a["stage"] != "offer" {
		t.Fatalf("not at offer after approval: %v", a)
	}
	// Screening: the requisition's requirements found in the resume.
	if s, sc, _ := gen.do("GET", "/api/v1/applications/"+aid+"/screening", nil); s != 200 || num(sc, "score") != 0 {
		t.Fatalf("no requirements, no score: %d %v", s, sc)
	}
}

// TestScreeningAndPipelinePages: the requisition's requirements are
// matched and highlighted on the application page; the board shows the
// columns; a move through the board's form works without JavaScript.
func TestScreeningAndPipelinePages(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	req := e.openReq(t)
	rid := num(req, "id")
	if err := e.svc.Hiring.UpdateRequirements(t.Context(), e.actorOf("generalist@example.com"), rid, "customer service\ninventory\nforklift certification"); err != nil {
		t.Fatal(err)
	}
	_, ps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(rid)+"/postings", nil)
	slug := ps["items"].([]any)[0].(map[string]any)["slug"].(string)
	f := map[string]string{"given_name": "Ola", "family_name": "Berg", "email": "ola.berg@example.org", "answers.q1": "yes", "consent": "1"}
	if s, _ := e.apply(t, slug, f, "ola.pdf", resumePDF(t, "Ola Berg", "Ten years of customer service and inventory control")); s != 200 {
		t.Fatalf("apply: %d", s)
	}
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(rid)+"/applications", nil)
	var aid int64
	for _, it := range apps["items"].([]any) {
		if m := it.(map[string]any); m["email"] == "ola.berg@example.org" {
			aid = num(m, "id")
		}
	}
	_, sc, _ := gen.do("GET", "/api/v1/applications/"+itoa(aid)+"/screening", nil)
	if num(sc, "score") != 66 || !strings.Contains(toJSON(sc["missing"]), "forklift certification") {
		t.Fatalf("screening: %v", sc)
	}
	b := e.login("generalist@example.com")
	page := b.page("/hiring/applications/"+itoa(aid), http.StatusOK)
	marks := page.Find(".resume-text mark")
	if marks.Length() < 2 || !strings.Contains(strings.ToLower(marks.Text()), "customer service") {
		t.Fatalf("highlights: %d %q", marks.Length(), marks.Text())
	}
	board := b.page("/hiring/requisitions/"+itoa(rid)+"/pipeline", http.StatusOK)
	if board.Find(".board-col").Length() != len(hiring.DefaultStages)-1 || !strings.Contains(board.Text(), "Ola Berg") {
		t.Fatal("the board lacks its columns or the candidate")
	}
	b.submit("/hiring/applications/"+itoa(aid)+"/move", url.Values{"to_stage": {"phone_screen"}, "next": {"/hiring/requisitions/" + itoa(rid) + "/pipeline"}}, http.StatusSeeOther)
	if _, a, _ := gen.do("GET", "/api/v1/applications/"+itoa(aid), nil); a["stage"] != "phone_screen" {
		t.Fatalf("board move: %v", a)
	}
}
