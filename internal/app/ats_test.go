package app

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// get fetches a public page.
func (e *env) public(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestCareersSiteBrandingAndFeeds: the HR manager brands the careers
// site (name, headline, Markdown content sanitised, a colour dark enough
// for white text) and chooses the feeds; a feed that is off is not
// served; the Indeed XML feed parses with every live job; the name is
// the one candidates see in the consent text.
func TestCareersSiteBrandingAndFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr := e.api("manager@example.com")
		s, site, _ := mgr.do("GET", "/api/v1/careers-site", nil)
		if s != 200 || site["company_name"] != "Northwind Outfitters" || len(site["feeds"].([]any)) != 4 {
			t.Fatalf("site: %d %v", s, site)
		}
		bad := map[string]any{"company_name": "", "brand_color": "#ffff00", "feeds": []string{"rss", "myspace"}}
		if s, prob, _ := mgr.do("PUT", "/api/v1/careers-site", bad); s != 422 || fieldsOf(prob)["brand_color"] == "" || fieldsOf(prob)["company_name"] == "" || fieldsOf(prob)["feeds"] == "" {
			t.Fatalf("bad site: %d %v", s, prob)
		}
		good := map[string]any{"company_name": "Northwind Outfitters Co-op", "headline": "Adventure awaits", "intro_md": "We **love** the outdoors.<script>alert(1)</script>",
			"about_md": "## Perks\n\n- A gear allowance", "brand_color": "#7c2d12", "feeds": []string{"rss", "indeed_xml"}}
		if s, _, _ := e.api("generalist@example.com").do("PUT", "/api/v1/careers-site", good); s != 403 {
			t.Fatalf("a generalist branded the site: %d", s)
		}
		if s, out, _ := mgr.do("PUT", "/api/v1/careers-site", good); s != 200 || out["headline"] != "Adventure awaits" {
			t.Fatalf("save: %d %v", s, out)
		}
		s, page := e.public(t, "/careers")
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
		if s != 200 || doc.Find("h1").Text() != "Adventure awaits" || doc.Find(".prose strong").Text() != "love" || strings.Contains(page, "<script>alert") ||
			doc.Find(`link[href="/careers/brand.css?v=7c2d12"]`).Length() != 1 || !strings.Contains(doc.Find(".public-head .brand").Text(), "Northwind Outfitters Co-op") || doc.Find("#about-h").Length() != 1 {
			t.Fatalf("the careers page does not carry the branding: %d\n%s", s, doc.Find("main").Text())
		}
		// The colour is a stylesheet (the policy allows no inline style).
		if s, css := e.public(t, "/careers/brand.css?v=7c2d12"); s != 200 || !strings.Contains(css, "--accent: #7c2d12") {
			t.Fatalf("brand.css: %d %q", s, css)
		}
		if doc.Find(`a[href="/careers/feed.json"]`).Length() != 0 || doc.Find(`a[href="/careers/rss.xml"]`).Length() != 1 {
			t.Fatal("the footer links a feed that is off, or not the one that is on")
		}
		if s, _ := e.public(t, "/careers/feed.json"); s != 404 {
			t.Fatalf("a feed that is off: %d", s)
		}
		if s, _ := e.public(t, "/careers/rss.xml"); s != 200 {
			t.Fatalf("rss: %d", s)
		}
		s, raw := e.public(t, "/careers/indeed.xml")
		type rawJob struct {
			Title     string `xml:"title"`
			Company   string `xml:"company"`
			Reference string `xml:"referencenumber"`
			URL       string `xml:"url"`
			State     string `xml:"state"`
			JobType   string `xml:"jobtype"`
		}
		var parsed struct {
			Publisher string   `xml:"publisher"`
			Jobs      []rawJob `xml:"job"`
		}
		if err := xml.Unmarshal([]byte(raw), &parsed); err != nil || s != 200 {
			t.Fatalf("indeed: %d %v", s, err)
		}
		live, err := e.svc.Hiring.Careers(context.Background(), hiring.PostingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(live); n == 0 || len(parsed.Jobs) != n || parsed.Publisher != "Northwind Outfitters Co-op" {
			t.Fatalf("indeed: %d jobs, %d live, publisher %q", len(parsed.Jobs), n, parsed.Publisher)
		}
		for _, j := range parsed.Jobs {
			if j.Title == "" || !strings.HasPrefix(j.Reference, "REQ-") || !strings.Contains(j.URL, "/careers/") || len(j.State) != 2 || j.JobType == "" || j.Company != parsed.Publisher {
				t.Fatalf("indeed job: %+v", j)
			}
		}
		// Google for Jobs is off: no JobPosting data; the consent names the company.
		_, job := e.public(t, "/careers/"+live[0].Slug)
		if strings.Contains(job, "application/ld+json") || !strings.Contains(job, "I agree that Northwind Outfitters Co-op may store") {
			t.Fatal("the job page has JobPosting data with Google for Jobs off, or the consent does not name the company")
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.careers_site", nil)
		if !strings.Contains(toJSON(audit), "Changed the careers site") {
			t.Fatal("not audited")
		}
	})
}

// TestEmailTemplatesAndQuestionSets: a template takes only its merge
// fields and previews with sample details; a reset brings the default
// back; question sets validate like postings, fill a new posting (the
// default) or replace its questions (on request), and the default set
// cannot be deleted; retention cannot go under the federal year.
func TestEmailTemplatesAndQuestionSets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
		s, list, _ := mgr.do("GET", "/api/v1/email-templates", nil)
		if s != 200 || len(list["items"].([]any)) != 6 {
			t.Fatalf("templates: %d %v", s, list)
		}
		if s, _, _ := gen.do("GET", "/api/v1/email-templates", nil); s != 403 {
			t.Fatalf("a generalist read the templates: %d", s)
		}
		if s, prob, _ := mgr.do("PUT", "/api/v1/email-templates/interview", map[string]any{"subject": "Hi {{candidate_first_name}}", "body": "Your pay is {{salary}} and {{offer_deadline}}."}); s != 422 ||
			!strings.Contains(fieldsOf(prob)["body"], "{{offer_deadline}}, {{salary}}") {
			t.Fatalf("unknown merge fields: %d %v", s, prob)
		}
		s, tpl, _ := mgr.do("PUT", "/api/v1/email-templates/interview", map[string]any{"subject": "Let's meet, {{candidate_first_name}}", "body": "We'd like you to interview for {{job_title}} at {{company}}.\n\nSee you soon."})
		pv, _ := tpl["preview"].(map[string]any)
		if s != 200 || tpl["customized"] != true || pv["subject"] != "Let's meet, Jordan" || len(pv["paragraphs"].([]any)) != 2 || !strings.Contains(toJSON(pv), "at Northwind Outfitters") {
			t.Fatalf("save template: %d %v", s, tpl)
		}
		if s, _, _ := mgr.do("DELETE", "/api/v1/email-templates/interview", nil); s != 204 {
			t.Fatalf("reset: %d", s)
		}
		if _, tpl, _ = mgr.do("GET", "/api/v1/email-templates/interview", nil); tpl["customized"] != false || tpl["subject"] != "Next step for {{job_title}}" {
			t.Fatalf("after reset: %v", tpl)
		}
		// Question sets.
		if s, prob, _ := mgr.do("POST", "/api/v1/question-sets", map[string]any{"name": "Drivers", "questions": []map[string]any{{"text": "Do you hold a CDL?", "kind": "text", "knockout": "no"}}}); s != 422 ||
			fieldsOf(prob)["questions[0].knockout"] == "" {
			t.Fatalf("a free-text knockout: %d %v", s, prob)
		}
		s, set, _ := mgr.do("POST", "/api/v1/question-sets", map[string]any{"name": "Drivers", "questions": []map[string]any{
			{"text": "Do you hold a valid commercial driver's license?", "kind": "yes_no", "knockout": "no"}, {"text": "Which routes have you driven?", "kind": "text"}}})
		if s != 201 || len(set["questions"].([]any)) != 2 {
			t.Fatalf("create set: %d %v", s, set)
		}
		if s, _, _ := gen.do("POST", "/api/v1/question-sets", map[string]any{"name": "X", "questions": []map[string]any{{"text": "Y?"}}}); s != 403 {
			t.Fatalf("a generalist made a set: %d", s)
		}
		_, sets, _ := gen.do("GET", "/api/v1/question-sets", nil)
		def := sets["items"].([]any)[0].(map[string]any)
		if def["is_default"] != true {
			t.Fatalf("the default set is not first: %v", sets)
		}
		if s, _, _ := mgr.do("DELETE", "/api/v1/question-sets/"+itoa(num(def, "id")), nil); s != 409 {
			t.Fatalf("deleted the default set: %d", s)
		}
		b := e.login("generalist@example.com")
		rid := itoa(num(e.openReq(t), "id"))
		form := b.page("/hiring/requisitions/"+rid+"/posting", http.StatusOK)
		if v, _ := form.Find("#f-questions-0-text").Attr("value"); v != "Are you legally authorized to work in the United States?" {
			t.Fatalf("a new posting does not start from the default set: %q", v)
		}
		form = b.page("/hiring/requisitions/"+rid+"/posting?set="+itoa(num(set, "id")), http.StatusOK)
		if v, _ := form.Find("#f-questions-1-text").Attr("value"); v != "Which routes have you driven?" {
			t.Fatalf("the chosen set did not fill the questions: %q", v)
		}
		// Retention: never under a year.
		if s, prob, _ := mgr.do("PUT", "/api/v1/recruiting/retention", map[string]any{"months": 6}); s != 422 || len(fieldsOf(prob)) == 0 {
			t.Fatalf("six months: %d %v", s, prob)
		}
		if s, out, _ := mgr.do("PUT", "/api/v1/recruiting/retention", map[string]any{"months": 24}); s != 200 || num(out, "months") != 24 {
			t.Fatalf("retention: %d %v", s, out)
		}
		live, err := e.svc.Hiring.Careers(context.Background(), hiring.PostingFilter{})
		if err != nil || len(live) == 0 {
			t.Fatal("no live posting", err)
		}
		if _, job := e.public(t, "/careers/"+live[0].Slug); !strings.Contains(job, "within 2 years after a decision") {
			t.Fatal("the consent text does not state the retention period")
		}
	})
}

// TestATSSettingsPages: each settings page renders for the HR manager,
// saves with an error on each bad field, and is refused to a generalist.
func TestATSSettingsPages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("manager@example.com")
	for _, p := range []string{"/settings/recruiting/careers", "/settings/recruiting/emails", "/settings/recruiting/emails/rejection", "/settings/recruiting/questions",
		"/settings/recruiting/questions/new", "/settings/recruiting/retention"} {
		b.page(p, http.StatusOK)
		if res := e.login("generalist@example.com").get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("a generalist opened %s: %d", p, res.StatusCode)
		}
	}
	doc, _ := b.submit("/settings/recruiting/careers", url.Values{"company_name": {""}, "brand_color": {"teal"}, "headline": {"Hello"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"company_name", "brand_color"} {
		if doc.Find(".field-error #"+fieldIDFor(f)).Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	if v, _ := doc.Find("#f-headline").Attr("value"); v != "Hello" {
		t.Fatalf("the form lost the headline: %q", v)
	}
	doc, _ = b.submit("/settings/recruiting/emails/rejection", url.Values{"subject": {""}, "body": {"Sorry, {{nope}}"}}, http.StatusUnprocessableEntity)
	if doc.Find(".field-error #f-subject").Length() == 0 || !strings.Contains(doc.Find(".field-error").Text(), "{{nope}}") {
		t.Fatal("the email editor does not show both errors")
	}
	_, res := b.submit("/settings/recruiting/emails/rejection", url.Values{"subject": {"About {{job_title}}"}, "body": {"Thank you, {{candidate_first_name}}."}}, http.StatusSeeOther)
	if page := b.page(res.Header.Get("Location"), http.StatusOK); !strings.Contains(page.Text(), "Thank you, Jordan.") {
		t.Fatal("no preview with sample details")
	}
	doc, _ = b.submit("/settings/recruiting/questions/new", url.Values{"name": {""}, "questions[0].text": {"Free?"}, "questions[0].kind": {"text"}, "questions[0].knockout": {"yes"}}, http.StatusUnprocessableEntity)
	if doc.Find(".field-error #f-name").Length() == 0 || doc.Find(".field-error #f-questions-0-knockout").Length() == 0 {
		t.Fatal("the question set editor does not show its errors")
	}
	doc, _ = b.submit("/settings/recruiting/retention", url.Values{"retention_months": {"3"}}, http.StatusUnprocessableEntity)
	if doc.Find(".field-error #f-retention-months").Length() == 0 {
		t.Fatal("no error on the retention period")
	}
}
