package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// stageKeys lists the keys of a requisition's or template's stages.
func stageKeys(m map[string]any) []string {
	var keys []string
	for _, s := range m["stages"].([]any) {
		keys = append(keys, s.(map[string]any)["key"].(string))
	}
	return keys
}

// TestPipelineTemplates: the HR manager designs a pipeline; bad ones are
// refused stage by stage; a requisition opened from it has its stages and
// candidates move along them (a stage of another pipeline is refused); a
// requisition cannot switch to a pipeline that lacks a stage its active
// candidates are at; editing the template leaves the requisition's copy;
// the default cannot be deleted; the generalist reads but does not edit.
func TestPipelineTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
		s, list, _ := mgr.do("GET", "/api/v1/stage-templates", nil)
		if s != 200 || len(list["items"].([]any)) != 3 || list["items"].([]any)[0].(map[string]any)["is_default"] != true {
			t.Fatalf("templates: %d %v", s, list)
		}
		std := list["items"].([]any)[0].(map[string]any)
		var eng map[string]any
		for _, it := range list["items"].([]any) {
			if m := it.(map[string]any); m["name"] == "Engineering" {
				eng = m
			}
		}
		if eng == nil || num(eng, "requisitions") == 0 {
			t.Fatalf("the demo's engineering pipeline is unused: %v", eng)
		}
		bad := map[string]any{"name": "Broken", "stages": []map[string]any{{"name": "Applied", "kind": "applied"}, {"name": "Panel", "kind": "interview"},
			{"name": "Screen", "kind": "screen"}, {"name": "Offer", "kind": "offer"}}}
		if s, prob, _ := mgr.do("POST", "/api/v1/stage-templates", bad); s != 422 || fieldsOf(prob)["stages[2].kind"] == "" || fieldsOf(prob)["stages"] == "" {
			t.Fatalf("bad pipeline: %d %v", s, prob)
		}
		sales := map[string]any{"name": "Sales", "description": "With a case study", "stages": []map[string]any{{"name": "Applied", "kind": "applied"},
			{"name": "Screen", "kind": "screen"}, {"name": "Discovery call", "kind": "phone_screen"}, {"name": "Panel", "kind": "interview"},
			{"name": "Case study", "kind": "interview"}, {"name": "Offer", "kind": "offer"}, {"name": "Hired", "kind": "hired"}}}
		if s, _, _ := gen.do("POST", "/api/v1/stage-templates", sales); s != 403 {
			t.Fatalf("a generalist made a pipeline: %d", s)
		}
		if s, _, _ := gen.do("GET", "/api/v1/stage-templates", nil); s != 200 {
			t.Fatalf("a generalist cannot read the pipelines: %d", s)
		}
		if s, _, _ := e.api("employee@example.com").do("GET", "/api/v1/stage-templates", nil); s != 403 {
			t.Fatalf("an employee read the pipelines: %d", s)
		}
		s, tpl, _ := mgr.do("POST", "/api/v1/stage-templates", sales)
		if s != 201 || strings.Join(stageKeys(tpl), ",") != "applied,screen,discovery_call,panel,case_study,offer,hired" {
			t.Fatalf("create: %d %v", s, tpl)
		}
		if s, prob, _ := mgr.do("POST", "/api/v1/stage-templates", sales); s != 422 || fieldsOf(prob)["name"] == "" {
			t.Fatalf("a second Sales: %d %v", s, prob)
		}
		// A requisition from the new pipeline, approved, with a candidate.
		body := e.reqBody(t)
		body["stage_template_id"] = num(tpl, "id")
		s, req, _ := gen.do("POST", "/api/v1/requisitions", body)
		if s != 201 || strings.Join(stageKeys(req), ",") != strings.Join(stageKeys(tpl), ",") || num(req, "stage_template_id") != num(tpl, "id") {
			t.Fatalf("requisition: %d %v", s, req)
		}
		rid := itoa(num(req, "id"))
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions", map[string]any{"job_id": body["job_id"], "org_unit_id": body["org_unit_id"], "location_id": body["location_id"],
			"hiring_manager_id": body["hiring_manager_id"], "target_start": body["target_start"], "stage_template_id": 99999}); s != 422 || fieldsOf(prob)["stage_template_id"] == "" {
			t.Fatalf("unknown pipeline: %d %v", s, prob)
		}
		e.approveReq(t, rid)
		s, post, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/postings", map[string]any{"description": "Sell our gear to outfitters and clubs across Texas. You will own a territory, build relationships and hit a quarterly target."})
		if s != 201 {
			t.Fatalf("posting: %d %v", s, post)
		}
		gen.do("POST", "/api/v1/postings/"+itoa(num(post, "id"))+"/status", map[string]any{"status": "published"})
		if s, _ := e.apply(t, post["slug"].(string), map[string]string{"given_name": "Noor", "family_name": "Haddad", "email": "noor.haddad@example.org", "consent": "1"}, "noor.pdf", resumePDF(t, "Noor Haddad", "Five years of B2B sales")); s != 200 {
			t.Fatalf("apply: %d", s)
		}
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
		aid := itoa(num(apps["items"].([]any)[0].(map[string]any), "id"))
		if s, prob, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "phone_screen"}); s != 422 || fieldsOf(prob)["to_stage"] == "" {
			t.Fatalf("a stage of another pipeline: %d %v", s, prob)
		}
		for _, st := range []string{"discovery_call", "case_study"} {
			if s, mv, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": st}); s != 200 || mv["application"].(map[string]any)["stage"] != st {
				t.Fatalf("move to %s: %d %v", st, s, mv)
			}
		}
		// The standard pipeline has no case study: switching is refused.
		if s, prob, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/pipeline", map[string]any{"stage_template_id": num(std, "id")}); s != 409 || !strings.Contains(toJSON(prob), "Case study") {
			t.Fatalf("switch with a candidate at a missing stage: %d %v", s, prob)
		}
		// Editing the template does not touch the requisition's copy.
		sales["stages"] = []map[string]any{{"name": "Applied", "kind": "applied"}, {"name": "Interview", "kind": "interview"}, {"name": "Offer", "kind": "offer"}, {"name": "Hired", "kind": "hired"}}
		sales["version"] = num(tpl, "version")
		if s, out, _ := mgr.do("PUT", "/api/v1/stage-templates/"+itoa(num(tpl, "id")), sales); s != 200 || len(stageKeys(out)) != 4 {
			t.Fatalf("edit template: %d %v", s, out)
		}
		if s, _, _ := mgr.do("PUT", "/api/v1/stage-templates/"+itoa(num(tpl, "id")), sales); s != 409 {
			t.Fatalf("a stale edit: %d", s)
		}
		if _, r2, _ := gen.do("GET", "/api/v1/requisitions/"+rid, nil); len(stageKeys(r2)) != 7 {
			t.Fatalf("the requisition lost its stages: %v", stageKeys(r2))
		}
		// The funnel counts the case study as an interview.
		_, m, _ := mgr.do("GET", "/api/v1/recruiting/metrics?from="+testToday.AddDays(-1).String()+"&to="+testToday.String(), nil)
		var interviews int64
		for _, f := range m["funnel"].([]any) {
			if fm := f.(map[string]any); fm["stage"] == "interview" {
				interviews = num(fm, "reached")
			}
		}
		if interviews < 1 {
			t.Fatalf("the case study did not count as an interview: %v", m["funnel"])
		}
		// The default cannot be deleted; another can, and the requisition keeps its stages.
		if s, _, _ := mgr.do("DELETE", "/api/v1/stage-templates/"+itoa(num(std, "id")), nil); s != 409 {
			t.Fatalf("deleted the default: %d", s)
		}
		if s, _, _ := mgr.do("DELETE", "/api/v1/stage-templates/"+itoa(num(tpl, "id")), nil); s != 204 {
			t.Fatalf("delete: %d", s)
		}
		if _, r2, _ := gen.do("GET", "/api/v1/requisitions/"+rid, nil); len(stageKeys(r2)) != 7 || r2["stage_template_id"] != nil {
			t.Fatalf("after delete: %v", r2)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?object_type=stage_template", nil)
		if !strings.Contains(toJSON(audit), "Saved the pipeline Sales") || !strings.Contains(toJSON(audit), "Deleted the pipeline Sales") {
			t.Fatalf("not audited: %s", toJSON(audit))
		}
	})
}

// TestPipelinePages: the settings page lists the pipelines; the editor
// shows an error on each bad row and keeps the input; the requisition
// page shows its stages and the board has a column per stage.
func TestPipelinePages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("manager@example.com")
	page := b.page("/settings/recruiting", http.StatusOK)
	if page.Find("section.card[id^=pipeline-]").Length() != 3 || !strings.Contains(page.Text(), "Team interviews") {
		t.Fatal("the pipelines are not listed")
	}
	b.page("/settings/recruiting/pipelines/new", http.StatusOK)
	form := url.Values{"name": {"Seasonal"}, "stages[0].name": {"Applied"}, "stages[0].kind": {"applied"}, "stages[1].name": {"Group interview"},
		"stages[1].kind": {"interview"}, "stages[3].name": {"Screen"}, "stages[3].kind": {"screen"}, "stages[4].name": {"Offer"}, "stages[4].kind": {"offer"},
		"stages[5].name": {"Hired"}, "stages[5].kind": {"hired"}}
	doc, _ := b.submit("/settings/recruiting/pipelines/new", form, http.StatusUnprocessableEntity)
	if doc.Find(".field-error #f-stages-3-kind").Length() != 1 {
		t.Fatalf("no error on the out-of-order row (row 4): %s", doc.Find(".error-summary").Text())
	}
	if v, _ := doc.Find("#f-stages-1-name").Attr("value"); v != "Group interview" {
		t.Fatalf("the editor lost the input: %q", v)
	}
	form.Set("stages[3].kind", "interview")
	form.Set("stages[3].name", "Final interview")
	_, res := b.submit("/settings/recruiting/pipelines/new", form, http.StatusSeeOther)
	if !strings.Contains(b.page(res.Header.Get("Location"), http.StatusOK).Text(), "Final interview") {
		t.Fatal("the new pipeline is not listed")
	}
	g := e.login("generalist@example.com")
	if res := g.get("/settings/recruiting"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a generalist opened the recruiting settings: %d", res.StatusCode)
	}
	// An engineering requisition shows its stages and its board has them.
	_, list, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions?status=open", nil)
	for _, it := range list["items"].([]any) {
		r := it.(map[string]any)
		if len(stageKeys(r)) != 7 {
			continue
		}
		detail := g.page("/hiring/requisitions/"+itoa(num(r, "id")), http.StatusOK)
		if !strings.Contains(detail.Text(), "Technical interview") || detail.Find(`form[action$="/pipeline"]`).Length() != 1 {
			t.Fatal("the requisition does not show its pipeline")
		}
		board := g.page("/hiring/requisitions/"+itoa(num(r, "id"))+"/pipeline", http.StatusOK)
		if board.Find(".board-col").Length() != 6 || board.Find(`[data-stage="team_interviews"]`).Length() != 1 {
			t.Fatalf("the board has %d columns", board.Find(".board-col").Length())
		}
		return
	}
	t.Fatal("no open engineering requisition in the demo")
}

// approveReq submits a draft requisition and approves it (with the
// director too when it is beyond the plan).
func (e *env) approveReq(t *testing.T, rid string) {
	t.Helper()
	s, sub, _ := e.api("generalist@example.com").do("POST", "/api/v1/requisitions/"+rid+"/submission", nil)
	if s != 200 {
		t.Fatalf("submit: %d %v", s, sub)
	}
	apID := itoa(num(sub, "approval_id"))
	for _, who := range []string{"manager@example.com", "director@example.com"} {
		s, ap, _ := e.api(who).do("POST", "/api/v1/approvals/"+apID+"/decision", map[string]any{"decision": "approve"})
		if s != 200 {
			t.Fatalf("%s approve: %d %v", who, s, ap)
		}
		if ap["status"] == "approved" {
			return
		}
	}
	t.Fatal("the requisition was not approved")
}
