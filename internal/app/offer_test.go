package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestFromPlanToHire walks a requisition from the hiring plan to a hire
// through the API and the candidate's links: plan, requisition, approval,
// posting, application, pipeline, an out-of-band offer approved by the HR
// manager, the candidate accepting by typed signature, the PDF letter
// (parsed back), pre-employment checks, and the hire that creates the
// employee with their onboarding checklist and fills the requisition.
func TestFromPlanToHire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var token string
		e.svc.Hiring.OnOfferSent(func(ctx context.Context, st hiring.Store, o hiring.SentOffer) error { token = o.Token; return nil })
		gen, mgr, dir := e.api("generalist@example.com"), e.api("manager@example.com"), e.api("director@example.com")
		body := e.reqBody(t)
		body["headcount"], body["target_start"] = 1, "2026-12-14"
		if s, _, _ := mgr.do("PUT", "/api/v1/hiring-plan", map[string]any{"org_unit_id": body["org_unit_id"], "year": 2026, "quarter": 4, "headcount": 20}); s != 200 {
			t.Fatal("plan")
		}
		_, r, _ := gen.do("POST", "/api/v1/requisitions", body)
		rid := itoa(num(r, "id"))
		_, sub, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/submission", nil)
		mgr.do("POST", "/api/v1/approvals/"+itoa(num(sub, "approval_id"))+"/decision", map[string]any{"decision": "approve"})
		if _, got, _ := gen.do("GET", "/api/v1/requisitions/"+rid, nil); got["status"] != "open" {
			dir.do("POST", "/api/v1/approvals/"+itoa(num(sub, "approval_id"))+"/decision", map[string]any{"decision": "approve"})
		}
		_, post, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/postings", map[string]any{"description": "Answer customers by phone and chat, and solve their problems on the first contact.",
			"questions": []any{map[string]any{"text": "Are you authorized to work in the US?", "kind": "yes_no", "knockout": "no"}}})
		gen.do("POST", "/api/v1/postings/"+itoa(num(post, "id"))+"/status", map[string]any{"status": "published"})
		f := map[string]string{"given_name": "Maya", "family_name": "Okafor", "email": "maya.okafor@example.org", "phone": "512-555-0142", "answers.q1": "yes", "consent": "1"}
		if s, _ := e.apply(t, post["slug"].(string), f, "maya.docx", resumeDOCX(t, "Maya Okafor customer service")); s != 200 {
			t.Fatalf("apply: %d", s)
		}
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
		aid := itoa(num(apps["items"].([]any)[0].(map[string]any), "id"))
		// An offer before the offer stage is refused.
		offer := map[string]any{"pay": map[string]any{"amount_cents": 6500000, "per": "year"}, "start_date": "2026-12-14", "expires_on": "2026-11-09"}
		if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/offers", offer); s != 409 {
			t.Fatalf("offer too early: %d", s)
		}
		for _, st := range []string{"screen", "phone_screen", "interview", "offer"} {
			if s, mv, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": st}); s != 200 || mv["moved"] != true {
				t.Fatalf("move %s: %d %v", st, s, mv)
			}
		}
		if s, prob, _ := gen.do("POST", "/api/v1/applications/"+aid+"/offers", map[string]any{"pay": map[string]any{"amount_cents": 0, "per": "year"}, "start_date": "2026-10-01", "expires_on": "2027-01-01"}); s != 422 ||
			fieldsOf(prob)["pay.amount_cents"] == "" || fieldsOf(prob)["start_date"] == "" {
			t.Fatalf("bad offer: %d %v", s, prob)
		}
		s, o, _ := gen.do("POST", "/api/v1/applications/"+aid+"/offers", offer)
		if s != 201 || o["outside_band"] != true || !strings.Contains(o["letter"].(string), "Dear Maya Okafor") || !strings.Contains(o["letter"].(string), "$65,000 a year") {
			t.Fatalf("draft: %d %v", s, o)
		}
		oid := itoa(num(o, "id"))
		s, o, _ = gen.do("POST", "/api/v1/offers/"+oid+"/submission", nil)
		if s != 200 || o["status"] != "pending_approval" {
			t.Fatalf("out of band goes to approval: %d %v", s, o)
		}
		ap := itoa(num(o, "approval_id"))
		if s, _, _ := gen.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve"}); s != 403 {
			t.Fatalf("the generalist approved their own out-of-band offer: %d", s)
		}
		if s, _, _ := gen.do("POST", "/api/v1/offers/"+oid+"/sending", nil); s != 409 {
			t.Fatalf("sent before approval: %d", s)
		}
		if s, d, _ := mgr.do("POST", "/api/v1/approvals/"+ap+"/decision", map[string]any{"decision": "approve", "comment": "Strong candidate; approved above range."}); s != 200 || d["status"] != "approved" {
			t.Fatalf("approve: %d %v", s, d)
		}
		if s, o, _ = gen.do("POST", "/api/v1/offers/"+oid+"/sending", nil); s != 200 || o["status"] != "sent" || token == "" {
			t.Fatalf("send: %d %v (token %q)", s, o, token)
		}
		// The candidate reads the offer and signs.
		c := e.client()
		page := c.page("/careers/offers/"+token, http.StatusOK)
		if !strings.Contains(page.Text(), "Dear Maya Okafor") {
			t.Fatal("the candidate's page lacks the letter")
		}
		doc, _ := c.submit("/careers/offers/"+token+"/answer", url.Values{"answer": {"accept"}, "signed_name": {"Someone Else"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(doc.Text(), "Type your full name") {
			t.Fatal("a wrong signature was not refused")
		}
		doc, _ = c.submit("/careers/offers/"+token+"/answer", url.Values{"answer": {"accept"}, "signed_name": {"maya  okafor"}}, http.StatusOK)
		if !strings.Contains(doc.Text(), "You accepted the offer") {
			t.Fatalf("accept: %s", doc.Text())
		}
		if doc, _ := c.submit("/careers/offers/"+token+"/answer", url.Values{"answer": {"decline"}}, http.StatusUnprocessableEntity); !strings.Contains(doc.Text(), "already accepted") {
			t.Fatal("answered twice")
		}
		res := c.get("/careers/offers/" + token + "/letter.pdf")
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		text, err := hiring.ExtractText("application/pdf", pdf)
		if err != nil || !strings.Contains(text, "Maya Okafor") || !strings.Contains(text, "Accepted electronically") {
			t.Fatalf("the PDF letter reads %q (%v)", text, err)
		}
		// Hire only with every check clear or waived.
		if s, _, _ := gen.do("POST", "/api/v1/offers/"+oid+"/hire", map[string]any{"work_email": "maya.okafor@northwind.example"}); s != 409 {
			t.Fatalf("hired before the checks: %d", s)
		}
		if s, prob, _ := gen.do("PUT", "/api/v1/offers/"+oid+"/checks/drug_test", map[string]any{"result": "waived"}); s != 422 || fieldsOf(prob)["note"] == "" {
			t.Fatalf("waive without a note: %d %v", s, prob)
		}
		for _, k := range []string{"background", "references", "work_authorization"} {
			gen.do("PUT", "/api/v1/offers/"+oid+"/checks/"+k, map[string]any{"result": "clear"})
		}
		if s, o, _ = gen.do("PUT", "/api/v1/offers/"+oid+"/checks/drug_test", map[string]any{"result": "waived", "note": "Not required for this role"}); s != 200 || o["checks_cleared"] != true {
			t.Fatalf("checks: %d %v", s, o)
		}
		if s, _, _ := e.api("lead@example.com").do("POST", "/api/v1/offers/"+oid+"/hire", map[string]any{"work_email": "maya.okafor@northwind.example"}); s != 403 && s != 404 {
			t.Fatalf("a line manager hired: %d", s)
		}
		s, emp, _ := gen.do("POST", "/api/v1/offers/"+oid+"/hire", map[string]any{"work_email": "maya.okafor@northwind.example"})
		if s != 201 || emp["hire_date"] != "2026-12-14" || num(emp, "manager_id") != e.actorOf("lead@example.com").EmployeeID {
			t.Fatalf("hire: %d %v", s, emp)
		}
		if s, _, _ := gen.do("POST", "/api/v1/offers/"+oid+"/hire", map[string]any{"work_email": "maya.okafor2@northwind.example"}); s != 409 {
			t.Fatalf("hired twice: %d", s)
		}
		_, tasks, _ := gen.do("GET", "/api/v1/tasks?owner=queue", nil)
		if !strings.Contains(toJSON(tasks), "I-9 Section 2: examine documents: Maya Okafor") {
			t.Fatal("the hire started no onboarding")
		}
		if _, got, _ := gen.do("GET", "/api/v1/requisitions/"+rid, nil); got["status"] != "filled" || num(got, "filled_count") != 1 {
			t.Fatalf("requisition after the hire: %v", got)
		}
		if _, a, _ := gen.do("GET", "/api/v1/applications/"+aid, nil); a["status"] != "hired" || a["stage"] != "hired" {
			t.Fatalf("application after the hire: %v", a)
		}
		_, trail, _ := dir.do("GET", "/api/v1/audit?object_type=offer&object_id="+oid, nil)
		for _, act := range []string{"hiring.offer_create", "hiring.offer_submit", "hiring.offer_approve", "hiring.offer_send", "hiring.offer_accepted", "hiring.offer_check", "hiring.hire"} {
			if !strings.Contains(toJSON(trail), act) {
				t.Errorf("no %s in the audit trail", act)
			}
		}
	})
}

// TestOfferWithdrawnAndDeclined: a withdrawn offer cannot be accepted,
// nor one past its response date; a declined one rejects the
// application.
func TestOfferWithdrawnAndDeclined(t *testing.T) {
	e := sqliteEnv(t)
	var token string
	e.svc.Hiring.OnOfferSent(func(ctx context.Context, st hiring.Store, o hiring.SentOffer) error { token = o.Token; return nil })
	gen := e.api("generalist@example.com")
	req := e.openReq(t)
	rid := itoa(num(req, "id"))
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications?status=active", nil)
	ids := []string{}
	for _, it := range apps["items"].([]any)[:2] {
		id := itoa(num(it.(map[string]any), "id"))
		ids = append(ids, id)
		if it.(map[string]any)["stage"] != "offer" {
			if s, mv, _ := gen.do("POST", "/api/v1/applications/"+id+"/moves", map[string]any{"to_stage": "offer"}); s != 200 {
				t.Fatalf("to offer: %d %v", s, mv)
			}
		}
	}
	in := map[string]any{"pay": map[string]any{"amount_cents": num(req, "salary_min_cents"), "per": "year"}, "start_date": "2026-12-07", "expires_on": "2026-11-09"}
	names := map[string]string{}
	for _, it := range apps["items"].([]any)[:2] {
		names[itoa(num(it.(map[string]any), "id"))] = it.(map[string]any)["name"].(string)
	}
	send := func(aid string) (string, string) {
		_, o, _ := gen.do("POST", "/api/v1/applications/"+aid+"/offers", in)
		oid := itoa(num(o, "id"))
		if s, o, _ := gen.do("POST", "/api/v1/offers/"+oid+"/submission", nil); s != 200 || o["status"] != "approved" {
			t.Fatalf("within the range, approved at once: %d %v", s, o)
		}
		gen.do("POST", "/api/v1/offers/"+oid+"/sending", nil)
		return oid, token
	}
	oid, tok := send(ids[0])
	if s, _, _ := gen.do("POST", "/api/v1/offers/"+oid+"/withdrawal", map[string]any{"reason": "Position restructured"}); s != 200 {
		t.Fatal("withdraw")
	}
	if doc, _ := e.client().submit("/careers/offers/"+tok+"/answer", url.Values{"answer": {"accept"}, "signed_name": {names[ids[0]]}}, http.StatusUnprocessableEntity); !strings.Contains(doc.Text(), "withdrawn") {
		t.Fatalf("accepting a withdrawn offer: %s", doc.Text())
	}
	_, tok2 := send(ids[1])
	err := e.later(date.MustParse("2026-11-10")).RespondToOffer(context.Background(), tok2, true, names[ids[1]], "")
	if kit.KindOf(err) != kit.KindConflict || !strings.Contains(kit.MessageOf(err), "expired on November 9, 2026") {
		t.Fatalf("accepting after the response date: %v", err)
	}
	e.client().submit("/careers/offers/"+tok2+"/answer", url.Values{"answer": {"decline"}, "reason": {"Accepted another offer"}}, http.StatusOK)
	if _, a, _ := gen.do("GET", "/api/v1/applications/"+ids[1], nil); a["status"] != "rejected" || !strings.Contains(a["reject_reason"].(string), "Declined the offer") {
		t.Fatalf("after decline: %v", a)
	}
}
