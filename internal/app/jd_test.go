package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestJobDescriptionLibrary: a generalist drafts a job's description from
// its facts (the starter names the skills its requisitions screen for),
// saves versions (too short is a field error; a stale base or no change
// is a conflict), reads an old version, and the script in the Markdown is
// removed when rendered; every save is audited; a new posting for the job
// starts from the latest version; line managers and employees cannot use
// the library.
func TestJobDescriptionLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		req := e.openReq(t)
		rid, jid := itoa(num(req, "id")), itoa(num(req, "job_id"))
		if s, _, _ := gen.do("PUT", "/api/v1/requisitions/"+rid+"/requirements", map[string]any{"requirements": "Zendesk\nescalation handling, written English"}); s != 200 {
			t.Fatalf("requirements: %d", s)
		}
		s, list, _ := gen.do("GET", "/api/v1/job-descriptions", nil)
		var rows []map[string]any
		_ = json.Unmarshal([]byte(fmt.Sprint(list["_raw"])), &rows)
		blank := ""
		for _, r := range rows {
			if num(r, "versions") == 0 {
				blank = itoa(num(r, "job_id"))
			}
		}
		if s != 200 || !strings.Contains(fmt.Sprint(list["_raw"]), `"job_id":`+jid+`,`) || blank == "" {
			t.Fatalf("list: %d %v", s, list)
		}
		s, d, _ := gen.do("GET", "/api/v1/jobs/"+blank+"/description", nil)
		if s != 200 || num(d, "version") != 0 || len(d["history"].([]any)) != 0 {
			t.Fatalf("no description yet: %d %v", s, d)
		}
		// The demo wrote this job's description already.
		_, d, _ = gen.do("GET", "/api/v1/jobs/"+jid+"/description", nil)
		L := int(num(d, "latest_version"))
		if L == 0 || !strings.Contains(d["html"].(string), "<h2") {
			t.Fatalf("demo description: %v", d)
		}
		ver := func(n int) string { return strconv.Itoa(L + n) }
		_, st, _ := gen.do("GET", "/api/v1/jobs/"+jid+"/description/starter", nil)
		starter, _ := st["body_md"].(string)
		for _, want := range []string{"## What you bring", "- Zendesk", "- escalation handling", "equal opportunity employer"} {
			if !strings.Contains(starter, want) {
				t.Fatalf("starter lacks %q:\n%s", want, starter)
			}
		}
		if s, prob, _ := gen.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": "Too short", "base_version": L}); s != 422 || fieldsOf(prob)["body_md"] == "" {
			t.Fatalf("short: %d %v", s, prob)
		}
		v1 := starter + "\nOn call one week in six.\n"
		s, d, _ = gen.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": v1, "note": "From the starter", "base_version": L})
		if s != 200 || int(num(d, "version")) != L+1 || d["saved_by"] == "" {
			t.Fatalf("v1: %d %v", s, d)
		}
		if s, _, _ := gen.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": v1 + "x", "base_version": L}); s != 409 {
			t.Fatalf("stale base: %d", s)
		}
		if s, _, _ := gen.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": v1, "base_version": L + 1}); s != 409 {
			t.Fatalf("nothing changed: %d", s)
		}
		v2 := v1 + "\n<script>alert(1)</script>\n\n**Paid parental leave.**\n"
		s, d, _ = gen.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": v2, "note": "Benefits", "base_version": L + 1})
		if s != 200 || int(num(d, "version")) != L+2 || int(num(d, "latest_version")) != L+2 || len(d["history"].([]any)) != L+2 {
			t.Fatalf("v2: %d %v", s, d)
		}
		if h := d["html"].(string); strings.Contains(h, "<script") || !strings.Contains(h, "<strong>Paid parental leave.</strong>") {
			t.Fatalf("html not sanitised: %s", h)
		}
		if _, old, _ := gen.do("GET", "/api/v1/jobs/"+jid+"/description?version="+ver(1), nil); old["body_md"] != strings.TrimSpace(v1) || int(num(old, "latest_version")) != L+2 {
			t.Fatalf("version 1: %v", old)
		}
		if s, _, _ := gen.do("GET", "/api/v1/jobs/"+jid+"/description?version=9", nil); s != 404 {
			t.Fatalf("missing version: %d", s)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.job_description", nil)
		if !strings.Contains(toJSON(audit), "Saved version "+ver(2)) || !strings.Contains(toJSON(audit), "Benefits") {
			t.Fatalf("audit: %v", audit)
		}
		for _, who := range []string{"lead@example.com", "employee@example.com", "admin@example.com"} {
			c := e.api(who)
			if s, _, _ := c.do("GET", "/api/v1/job-descriptions", nil); s != 403 {
				t.Fatalf("%s listed: %d", who, s)
			}
			if s, _, _ := c.do("PUT", "/api/v1/jobs/"+jid+"/description", map[string]any{"body_md": v2 + "more text here", "base_version": L + 2}); s != 403 {
				t.Fatalf("%s saved: %d", who, s)
			}
		}
		if s, _, _ := e.api("manager@example.com").do("GET", "/api/v1/jobs/"+jid+"/description", nil); s != 200 {
			t.Fatalf("manager read: %d", s)
		}

		// The UI: the library, a version's changes, an edit from a stale
		// page keeps the text, and the posting starts from the description.
		b := e.login("generalist@example.com")
		doc := b.page("/hiring/job-descriptions", http.StatusOK)
		if !strings.Contains(doc.Find("table").Text(), "Version "+ver(2)) {
			t.Fatalf("library: %s", doc.Find("main").Text())
		}
		doc = b.page("/hiring/job-descriptions/"+jid, http.StatusOK)
		if doc.Find(".diff .diff-add").Length() == 0 || !strings.Contains(doc.Find(".diff .diff-add").Text(), "Paid parental leave") {
			t.Fatalf("diff: %s", doc.Find(".diff").Text())
		}
		if doc.Find(".prose script").Length() != 0 || doc.Find("input[name=base]").AttrOr("value", "") != ver(2) {
			t.Fatal("page: script rendered or wrong base")
		}
		doc, _ = b.submit("/hiring/job-descriptions/"+jid, url.Values{"body_md": {"short"}, "base": {ver(2)}}, http.StatusUnprocessableEntity)
		if doc.Find("#f-body_md-error").Length() == 0 && !strings.Contains(doc.Find(".field-error").Text(), "at least") {
			t.Fatalf("no field error: %s", doc.Find("form").Text())
		}
		mine := v2 + "\n## Schedule\n\nMonday to Friday.\n"
		doc, _ = b.submit("/hiring/job-descriptions/"+jid, url.Values{"body_md": {mine}, "base": {ver(1)}}, http.StatusUnprocessableEntity)
		if !strings.Contains(doc.Text(), "version "+ver(2)+" was saved since") || !strings.Contains(doc.Find("textarea[name=body_md]").Text(), "Monday to Friday") ||
			doc.Find("input[name=base]").AttrOr("value", "") != ver(2) {
			t.Fatalf("stale edit lost the text: %s", doc.Find("form").Text())
		}
		res := b.post("/hiring/job-descriptions/"+jid, url.Values{"body_md": {mine}, "base": {ver(2)}, "note": {"Schedule"}})
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		doc = b.page("/hiring/job-descriptions/"+jid+"?version="+ver(1), http.StatusOK)
		if !strings.Contains(doc.Find("#h-read").Text(), "Version "+ver(1)+" (an earlier one)") {
			t.Fatalf("old version: %s", doc.Find("#h-read").Text())
		}
		doc = b.page("/hiring/requisitions/"+rid+"/posting", http.StatusOK)
		if !strings.Contains(doc.Find("textarea[name=description]").Text(), "Monday to Friday") || !strings.Contains(doc.Find(".callout").Text(), "version "+ver(3)) {
			t.Fatalf("posting does not start from the description: %s", doc.Find("form").Text())
		}
		e.login("lead@example.com").page("/hiring/job-descriptions", http.StatusForbidden)
	})
}
