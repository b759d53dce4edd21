package app

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// resumePDF makes a real one-page PDF resume.
func resumePDF(t *testing.T, lines ...string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	for _, l := range lines {
		pdf.Cell(0, 8, l)
		pdf.Ln(8)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// resumeDOCX makes a minimal DOCX resume.
func resumeDOCX(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

// apply posts the careers form as a browser would (multipart, no cookie).
func (e *env) apply(t *testing.T, slug string, fields map[string]string, filename string, file []byte) (int, *goquery.Document) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("resume", filename)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/careers/"+slug+"/apply", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	return res.StatusCode, doc
}

// openReq returns an open requisition of the demo company with the
// standard pipeline.
func (e *env) openReq(t *testing.T) map[string]any {
	t.Helper()
	_, list, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions?status=open", nil)
	for _, it := range list["items"].([]any) {
		r := it.(map[string]any)
		var keys []string
		for _, s := range r["stages"].([]any) {
			keys = append(keys, s.(map[string]any)["key"].(string))
		}
		if strings.Join(keys, ",") == strings.Join(hiring.DefaultStages, ",") {
			return r
		}
	}
	t.Fatal("no open requisition with the standard pipeline in the demo")
	return nil
}

// TestPostingOnTheCareersPage: a generalist writes and publishes a
// posting; the public page lists it, its JSON-LD is a valid JobPosting,
// the JSON Feed and RSS parse, Markdown is sanitised; unpublished, it is
// gone.
func TestPostingOnTheCareersPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		req := e.openReq(t)
		rid := itoa(num(req, "id"))
		// The demo already posted it: close that one, then write a new one.
		_, ps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/postings", nil)
		for _, p := range ps["items"].([]any) {
			gen.do("POST", "/api/v1/postings/"+itoa(num(p.(map[string]any), "id"))+"/status", map[string]any{"status": "closed"})
		}
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/postings", map[string]any{"description": "short",
			"questions": []any{map[string]any{"text": "Can you lift 50 lb?", "kind": "text", "knockout": "no"}}}); s != 422 || fieldsOf(prob)["description"] == "" || fieldsOf(prob)["questions[0].knockout"] == "" {
			t.Fatalf("bad posting: %d %v", s, prob)
		}
		desc := "## About\n\nHelp customers every day. <script>alert('x')</script>\n\n[click](javascript:alert(1)) and **bold** text for the role."
		s, post, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/postings", map[string]any{"title": "Weekend Sales Associate", "description": desc, "show_salary": true,
			"questions": []any{map[string]any{"text": "Are you 18 or older?", "kind": "yes_no", "knockout": "no"}}})
		if s != 201 || post["status"] != "draft" {
			t.Fatalf("create: %d %v", s, post)
		}
		pid := itoa(num(post, "id"))
		slug := post["slug"].(string)
		if res := e.client().get("/careers/" + slug); res.StatusCode != 404 {
			t.Fatalf("a draft is public: %d", res.StatusCode)
		}
		if s, _, _ := e.api("lead@example.com").do("POST", "/api/v1/postings/"+pid+"/status", map[string]any{"status": "published"}); s != 403 && s != 404 {
			t.Fatalf("a hiring manager published: %d", s)
		}
		if s, out, _ := gen.do("POST", "/api/v1/postings/"+pid+"/status", map[string]any{"status": "published"}); s != 200 || out["status"] != "published" {
			t.Fatalf("publish: %d %v", s, out)
		}
		list := e.client().page("/careers", http.StatusOK)
		if !strings.Contains(list.Text(), "Weekend Sales Associate") {
			t.Fatal("the careers page does not list it")
		}
		job := e.client().page("/careers/"+slug, http.StatusOK)
		if html, _ := job.Find(".prose").Html(); job.Find(".prose").Length() != 1 || strings.Contains(html, "<script") || !strings.Contains(html, "<strong>bold</strong>") {
			t.Fatalf("the description was not rendered and sanitised: %s", html)
		}
		if h, _ := job.Find(".prose a").Attr("href"); strings.HasPrefix(h, "javascript") {
			t.Fatalf("a javascript: link survived: %q", h)
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(job.Find(`script[type="application/ld+json"]`).Text()), &ld); err != nil {
			t.Fatalf("JSON-LD: %v", err)
		}
		if ld["@type"] != "JobPosting" || ld["title"] != "Weekend Sales Associate" || ld["datePosted"] == "" || ld["hiringOrganization"] == nil || ld["baseSalary"] == nil {
			t.Fatalf("JobPosting: %v", ld)
		}
		if strings.Contains(ld["description"].(string), "<script") {
			t.Fatal("the JSON-LD description has a script")
		}
		res := e.client().get("/careers/feed.json")
		var feed struct {
			Version string `json:"version"`
			Items   []struct {
				URL, Title string
			} `json:"items"`
		}
		if err := json.NewDecoder(res.Body).Decode(&feed); err != nil || !strings.Contains(feed.Version, "jsonfeed.org/version/1.1") {
			t.Fatalf("feed: %v %v", err, feed.Version)
		}
		res.Body.Close()
		found := false
		for _, it := range feed.Items {
			found = found || (it.Title == "Weekend Sales Associate" && strings.HasSuffix(it.URL, "/careers/"+slug))
		}
		if !found {
			t.Fatal("the JSON feed lacks the posting")
		}
		res = e.client().get("/careers/rss.xml")
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var rss struct {
			Channel struct {
				Items []struct {
					Title string `xml:"title"`
					Link  string `xml:"link"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		if err := xml.Unmarshal(raw, &rss); err != nil || len(rss.Channel.Items) == 0 {
			t.Fatalf("rss: %v %d", err, len(rss.Channel.Items))
		}
		if s, out, _ := gen.do("POST", "/api/v1/postings/"+pid+"/status", map[string]any{"status": "draft"}); s != 200 || out["status"] != "draft" {
			t.Fatalf("unpublish: %d %v", s, out)
		}
		if res := e.client().get("/careers/" + slug); res.StatusCode != 404 {
			t.Fatalf("an unpublished posting is public: %d", res.StatusCode)
		}
	})
}

// TestApplyFromTheCareersPage: a candidate applies with a PDF resume (its
// text is extracted); applying twice is refused; the same phone is the
// same candidate; a knockout answer screens out; the honeypot stores
// nothing; a disguised file and a missing consent are refused on their
// fields; the self-identification is hidden from the hiring team; the
// status link works.
func TestApplyFromTheCareersPage(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	req := e.openReq(t)
	rid := itoa(num(req, "id"))
	_, ps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/postings", nil)
	post := ps["items"].([]any)[0].(map[string]any)
	if post["status"] != "published" {
		gen.do("POST", "/api/v1/postings/"+itoa(num(post, "id"))+"/status", map[string]any{"status": "published"})
	}
	slug := post["slug"].(string)
	_, before, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
	n0 := len(before["items"].([]any))
	good := map[string]string{"given_name": "Amara", "family_name": "Okonkwo", "email": "Amara.O@Example.org", "phone": "(512) 555-0199",
		"cover_letter": "<script>alert(1)</script> I love the outdoors.", "answers.q1": "yes", "answers.q2": "yes", "consent": "1",
		"self_id": "1", "self_id.gender": "female", "self_id.race_ethnicity": "black_or_african_american", "self_id.veteran": "not_veteran", "self_id.disability": "decline"}
	pdf := resumePDF(t, "Amara Okonkwo", "Six years of retail leadership", "Inventory and scheduling")
	s, doc := e.apply(t, slug, good, "amara.pdf", pdf)
	if s != 200 || !strings.Contains(doc.Text(), "Thank you for applying") {
		t.Fatalf("apply: %d %s", s, doc.Find(".error-summary").Text())
	}
	status, _ := doc.Find(`a[href^="/careers/applications/"]`).Attr("href")
	_, after, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
	items := after["items"].([]any)
	if len(items) != n0+1 {
		t.Fatalf("%d applications, want %d", len(items), n0+1)
	}
	var app map[string]any
	for _, it := range items {
		if m := it.(map[string]any); m["email"] == "amara.o@example.org" {
			app = m
		}
	}
	if app == nil || app["email"] != "amara.o@example.org" || app["phone"] != "5125550199" || app["status"] != "active" || app["has_resume"] != true {
		t.Fatalf("stored: %v", app)
	}
	aid := itoa(num(app, "id"))
	// The resume's text was extracted from the PDF.
	r, err := e.svc.Hiring.ResumeOf(t.Context(), e.actorOf("generalist@example.com"), num(app, "id"))
	if err != nil || !strings.Contains(r.Text, "retail leadership") {
		t.Fatalf("resume text %q: %v", r.Text, err)
	}
	// Again, same email: refused with a clear message; nothing added.
	s, doc = e.apply(t, slug, good, "amara.pdf", pdf)
	if s != 422 || !strings.Contains(doc.Find(".error-summary").Text(), "already applied") {
		t.Fatalf("twice: %d %s", s, doc.Find(".error-summary").Text())
	}
	// Same phone, other email: the same candidate (here: also a repeat).
	other := map[string]string{}
	for k, v := range good {
		other[k] = v
	}
	other["email"] = "amara.work@example.org"
	if s, _ := e.apply(t, slug, other, "amara.pdf", pdf); s != 422 {
		t.Fatalf("same phone, new email: %d", s)
	}
	// Knockout.
	ko := map[string]string{"given_name": "Ben", "family_name": "Lund", "email": "ben@example.org", "answers.q1": "no", "consent": "1"}
	if s, _ := e.apply(t, slug, ko, "ben.docx", resumeDOCX(t, "Ben Lund resume")); s != 200 {
		t.Fatalf("knockout apply: %d", s)
	}
	_, kos, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications?status=rejected", nil)
	if !strings.Contains(toJSON(kos), `"knocked_out":true`) || !strings.Contains(toJSON(kos), "ben@example.org") {
		t.Fatalf("knockout not screened: %s", toJSON(kos))
	}
	// Honeypot: thanks, and nothing stored.
	bot := map[string]string{"given_name": "Bot", "family_name": "Bot", "email": "bot@example.org", "answers.q1": "yes", "consent": "1", "website": "http://spam.example"}
	if s, doc := e.apply(t, slug, bot, "b.pdf", pdf); s != 200 || !strings.Contains(doc.Text(), "Thank you") {
		t.Fatalf("honeypot: %d", s)
	}
	_, all, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
	if strings.Contains(toJSON(all), "bot@example.org") {
		t.Fatal("the honeypot stored a bot")
	}
	// Bad input, field by field; the form keeps what was typed.
	bad := map[string]string{"given_name": "<b>Eve</b>", "family_name": "", "email": "not-an-email", "answers.q1": "", "phone": "12"}
	s, doc = e.apply(t, slug, bad, "cv.pdf", []byte("GIF89a this is not a pdf"))
	if s != 422 {
		t.Fatalf("bad: %d", s)
	}
	for _, f := range []string{"f-given-name", "f-family-name", "f-email", "f-phone"} {
		if doc.Find(".field-error #"+f).Length() == 0 {
			t.Errorf("no error on %s", f)
		}
	}
	for _, f := range []string{"resume", "consent"} {
		if !strings.Contains(doc.Find(".error-summary").Text(), strings.ToUpper(f[:1])+f[1:]) {
			t.Errorf("no %s error in %q", f, doc.Find(".error-summary").Text())
		}
	}
	if v, _ := doc.Find("#f-email").Attr("value"); v != "not-an-email" {
		t.Errorf("the form lost the email: %q", v)
	}
	// The hiring team never sees the self-identification; HR managers do.
	for _, who := range []string{"lead@example.com", "generalist@example.com"} {
		if s, _, _ := e.api(who).do("GET", "/api/v1/applications/"+aid+"/self-id", nil); s != 403 && s != 404 {
			t.Errorf("%s read the self-identification: %d", who, s)
		}
	}
	if s, sid, _ := e.api("manager@example.com").do("GET", "/api/v1/applications/"+aid+"/self-id", nil); s != 200 || sid["gender"] != "female" {
		t.Fatalf("manager self-id: %d %v", s, sid)
	}
	// The resume downloads as the PDF it was.
	res := (&apiClient{e: e, token: e.token("generalist@example.com")}).raw("GET", "/api/v1/applications/"+aid+"/resume")
	if got, _ := io.ReadAll(res.Body); !bytes.Equal(got, pdf) {
		t.Fatal("the resume did not come back unchanged")
	}
	// The status link.
	page := e.client().page(status, http.StatusOK)
	if !strings.Contains(page.Text(), "Application received") {
		t.Fatalf("status page: %s", page.Text())
	}
	e.client().page("/careers/applications/not-a-real-token-000000000", http.StatusNotFound)
	// The requisition page shows the candidates, with the cover letter escaped.
	req2 := e.login("generalist@example.com").page("/hiring/requisitions/"+rid, http.StatusOK)
	if !strings.Contains(req2.Text(), "Amara Okonkwo") {
		t.Fatal("the requisition page lacks the candidate")
	}
	_ = hiring.StageApplied
}

// TestApplyFloodIsLimited: a sixth application in an hour from one
// address is refused with 429.
func TestApplyFloodIsLimited(t *testing.T) {
	e := sqliteEnv(t)
	slug := ""
	_, ps, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions/"+itoa(num(e.openReq(t), "id"))+"/postings", nil)
	slug = ps["items"].([]any)[0].(map[string]any)["slug"].(string)
	for i := range hiring.FloodMax + 1 {
		f := map[string]string{"given_name": "Flo", "family_name": "Od", "email": "flood" + itoa(int64(i)) + "@example.org", "answers.q1": "yes", "consent": "1"}
		s, _ := e.apply(t, slug, f, "f.docx", resumeDOCX(t, "flood"))
		want := 200
		if i == hiring.FloodMax {
			want = 429
		}
		if s != want {
			t.Fatalf("application %d: %d, want %d", i+1, s, want)
		}
	}
}

// TestApplyRefusesMaliciousUploads: a 30 MB PDF is refused on the resume
// field with everything typed kept, even the fields sent after the file;
// a program renamed .docx and a zip bomb are refused; nothing is stored.
func TestApplyRefusesMaliciousUploads(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	rid := itoa(num(e.openReq(t), "id"))
	_, ps, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/postings", nil)
	slug := ps["items"].([]any)[0].(map[string]any)["slug"].(string)
	_, before, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)

	// The resume part sits between the fields.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("given_name", "Mallory")
	mw.WriteField("family_name", "Big")
	fw, _ := mw.CreateFormFile("resume", "huge.pdf")
	fw.Write([]byte("%PDF-1.7\n"))
	fw.Write(bytes.Repeat([]byte("0"), 30<<20))
	mw.WriteField("email", "mallory@example.org")
	mw.WriteField("answers.q1", "yes")
	mw.WriteField("consent", "1")
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/careers/"+slug+"/apply", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(doc.Find(".error-summary").Text(), "5 MB") {
		t.Fatalf("30 MB PDF: %d %s", res.StatusCode, doc.Find(".error-summary").Text())
	}
	if v, _ := doc.Find("#f-email").Attr("value"); v != "mallory@example.org" {
		t.Fatalf("the email typed after the file was lost: %q", v)
	}
	if v, _ := doc.Find("#f-given-name").Attr("value"); v != "Mallory" {
		t.Fatalf("the name was lost: %q", v)
	}
	f := map[string]string{"given_name": "Mal", "family_name": "Ware", "email": "malware@example.org", "answers.q1": "yes", "consent": "1"}
	if s, doc := e.apply(t, slug, f, "cv.docx", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 4096)...)); s != 422 || doc.Find(".error-summary").Length() == 0 {
		t.Fatalf("a program as .docx: %d", s)
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	for i := 0; i < 40; i++ {
		w.Write(bytes.Repeat([]byte("a"), 1<<20))
	}
	zw.Close()
	f["email"] = "bomb@example.org"
	if s, doc := e.apply(t, slug, f, "cv.docx", bomb.Bytes()); s != 422 || !strings.Contains(doc.Find(".error-summary").Text(), "Resume") {
		t.Fatalf("a zip bomb: %d %s", s, doc.Find(".error-summary").Text())
	}
	_, after, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
	if len(after["items"].([]any)) != len(before["items"].([]any)) {
		t.Fatal("a malicious upload was stored")
	}
}
