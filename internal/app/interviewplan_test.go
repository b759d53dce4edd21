package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestInterviewPlan: a generalist plans a requisition's interview rounds
// (bad rounds are field errors per round; a stale version and a filled
// requisition are conflicts; employees and line managers cannot); a
// round's scorecards rate only its focus criteria; the application page
// shows the plan round by round and prepares a round's scheduling.
func TestInterviewPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		req := e.openReq(t)
		rid := itoa(num(req, "id"))
		lead, me := e.actorOf("lead@example.com").UserID, e.actorOf("generalist@example.com").UserID
		if s, _, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/requirements", map[string]any{"requirements": "Zendesk\nwritten English\nde-escalation"}); s != 200 {
			t.Fatalf("requirements: %d", s)
		}
		s, prob, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/interview-plan", map[string]any{"rounds": []any{
			map[string]any{"name": " ", "minutes": 5, "interviewer_ids": []int64{}},
			map[string]any{"name": "Team", "minutes": 60, "interviewer_ids": []int64{999999}, "focus": []string{"Juggling"}},
			map[string]any{"name": "team", "minutes": 60, "interviewer_ids": []int64{me}}}})
		f := fieldsOf(prob)
		for _, k := range []string{"rounds[0].name", "rounds[0].minutes", "rounds[0].interviewer_ids", "rounds[1].interviewer_ids", "rounds[1].focus", "rounds[2].name"} {
			if s != 422 || f[k] == "" {
				t.Errorf("no error on %s: %d %v", k, s, prob)
			}
		}
		s, plan, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/interview-plan", map[string]any{"rounds": []any{
			map[string]any{"name": "Hiring manager", "minutes": 45, "interviewer_ids": []int64{lead}, "focus": []string{"Zendesk", "written English"}},
			map[string]any{"name": "Team", "minutes": 60, "interviewer_ids": []int64{lead, me, lead}}}})
		rounds, _ := plan["rounds"].([]any)
		if s != 200 || len(rounds) != 2 || len(rounds[1].(map[string]any)["interviewer_ids"].([]any)) != 2 || !strings.Contains(toJSON(rounds[1]), "Priya Raman") {
			t.Fatalf("plan: %d %v", s, plan)
		}
		if s, _, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/interview-plan", map[string]any{"rounds": []any{}, "version": num(plan, "version") - 1}); s != 409 {
			t.Fatalf("stale version: %d", s)
		}
		for _, who := range []string{"lead@example.com", "employee@example.com"} {
			if s, _, _ := e.api(who).do("PUT", "/api/v1/requisitions/"+rid+"/interview-plan", map[string]any{"rounds": []any{}}); s != 403 && s != 404 {
				t.Fatalf("%s changed the plan: %d", who, s)
			}
		}
		_, filled, _ := gen.do("GET", "/api/v1/requisitions?status=filled", nil)
		fid := itoa(num(filled["items"].([]any)[0].(map[string]any), "id"))
		if s, _, _ := gen.do("PUT", "/api/v1/requisitions/"+fid+"/interview-plan", map[string]any{"rounds": []any{}}); s != 409 {
			t.Fatalf("a filled requisition's plan changed: %d", s)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.interview_plan", nil)
		if !strings.Contains(toJSON(audit), "Hiring manager, Team") {
			t.Fatalf("audit: %v", audit)
		}

		// A past "Hiring manager" round: its scorecards rate its focus only.
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications?status=active", nil)
		app := apps["items"].([]any)[0].(map[string]any)
		ctx := context.Background()
		st := db.Hiring()
		a1, _ := st.GetApplication(ctx, num(app, "id"))
		past := hiring.Interview{ApplicationID: a1.ID, RequisitionID: a1.RequisitionID, Round: "Hiring manager", StartsAt: testToday.Time().Add(-2*24*time.Hour + 15*time.Hour),
			TimeZone: "America/Chicago", Status: hiring.InterviewScheduled, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		past.EndsAt = past.StartsAt.Add(45 * time.Minute)
		lp, _ := st.InterviewerOf(ctx, lead)
		past.Panel = []hiring.Panelist{lp}
		var pid int64
		if err := st.InTx(ctx, func(tx hiring.Store) error {
			var err error
			pid, err = tx.InsertInterview(ctx, past)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		rate := func(cs ...string) []any {
			var out []any
			for _, c := range cs {
				out = append(out, map[string]any{"criterion": c, "score": 3, "evidence": "Walked through a real ticket queue."})
			}
			return out
		}
		la := e.api("lead@example.com")
		if s, prob, _ := la.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": rate("Zendesk", "written English", "de-escalation")}); s != 422 ||
			fieldsOf(prob)["ratings[2].criterion"] == "" {
			t.Fatalf("rated outside the round's focus: %d %v", s, prob)
		}
		if s, out, _ := la.do("POST", "/api/v1/interviews/"+itoa(pid)+"/scorecards", map[string]any{"recommendation": "yes", "ratings": rate("Zendesk", "written English")}); s != 201 {
			t.Fatalf("scorecard on the focus: %d %v", s, out)
		}

		// The UI: the plan on the application, and a round's scheduling.
		b := e.login("generalist@example.com")
		doc := b.page("/hiring/applications/"+itoa(a1.ID), http.StatusOK)
		plan1 := doc.Find("#interviews .route")
		if !strings.Contains(plan1.Text(), "Hiring manager") || !strings.Contains(plan1.Text(), "done") || plan1.Find("a").Length() != 1 {
			t.Fatalf("plan on the application: %s", plan1.Text())
		}
		href, _ := plan1.Find("a").Attr("href")
		doc = b.page(href, http.StatusOK)
		if doc.Find("input[name=round][type=hidden]").AttrOr("value", "") != "Team" || doc.Find("input[name=minutes][type=hidden]").AttrOr("value", "") != "60" {
			t.Fatalf("scheduling the round: %s", doc.Find("#interviews").Text())
		}
		doc = b.page("/hiring/requisitions/"+rid, http.StatusOK)
		if !strings.Contains(doc.Find("#plan").Text(), "Rates: Zendesk, written English") {
			t.Fatalf("plan card: %s", doc.Find("#plan").Text())
		}
		form := b.page("/hiring/requisitions/"+rid+"/interview-plan", http.StatusOK)
		v := url.Values{"version": {form.Find("input[name=version]").AttrOr("value", "")}, "rounds[2].name": {"Case study"}, "rounds[2].minutes": {"500"}}
		doc, _ = b.submit("/hiring/requisitions/"+rid+"/interview-plan", v, http.StatusUnprocessableEntity)
		if doc.Find("#f-rounds-2-minutes-error").Length() == 0 || doc.Find("#f-rounds-2-interviewer-ids-error").Length() == 0 ||
			doc.Find("input[name='rounds[2].name']").AttrOr("value", "") != "Case study" {
			t.Fatalf("form errors: %s", doc.Find("form").Text())
		}
		v = url.Values{"version": v["version"], "rounds[0].name": {"Case study"}, "rounds[0].minutes": {"90"}, "rounds[0].interviewer_ids": {itoa(me)}}
		res := b.post("/hiring/requisitions/"+rid+"/interview-plan", v)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		if _, p, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/interview-plan", nil); len(p["rounds"].([]any)) != 1 {
			t.Fatalf("after the form: %v", p)
		}
	})
}
