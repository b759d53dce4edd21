package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// uploadFile posts a file as multipart form data with the client's token.
func (c *apiClient) uploadFile(path, filename string, data []byte) (int, map[string]any) {
	c.e.t.Helper()
	return c.uploadForm(path, nil, filename, data)
}

// TestSourcedCandidates: a generalist adds a candidate they found (field
// errors first; a resume checked by content; the same person twice is
// refused), then imports a file: one bad row and a duplicate stop the
// whole file with a row-by-row report, the fixed file (CSV or XLSX)
// goes in whole; a closed requisition takes none; line managers and
// employees cannot add.
func TestSourcedCandidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")
		rid := itoa(num(e.openReq(t), "id"))
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": " ", "family_name": "Ng", "email": "not-an-email", "phone": "12", "source": "referral"}); s != 422 ||
			fieldsOf(prob)["given_name"] == "" || fieldsOf(prob)["email"] == "" || fieldsOf(prob)["phone"] == "" {
			t.Fatalf("bad candidate: %d %v", s, prob)
		}
		fake := base64.StdEncoding.EncodeToString([]byte("MZ this is not a PDF"))
		if s, prob, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": "Ana", "family_name": "Ng", "email": "ana.ng@example.org", "resume_filename": "ana.pdf", "resume_base64": fake}); s != 422 || fieldsOf(prob)["resume"] == "" {
			t.Fatalf("a fake PDF: %d %v", s, prob)
		}
		pdf := base64.StdEncoding.EncodeToString(resumePDF(t, "Ana Ng", "Store manager, eight years of retail"))
		s, app, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": "Ana", "family_name": "Ng", "email": "Ana.Ng@example.org", "phone": "(512) 555-0199",
			"source": "referral", "note": "Referred by Priya Raman", "resume_filename": "ana.pdf", "resume_base64": pdf})
		if s != 201 || app["stage"] != "applied" || app["status"] != "active" || app["source"] != "referral" || app["has_resume"] != true || app["email"] != "ana.ng@example.org" {
			t.Fatalf("add: %d %v", s, app)
		}
		_, evs, _ := gen.do("GET", "/api/v1/applications/"+itoa(num(app, "id"))+"/events", nil)
		if !strings.Contains(toJSON(evs), "Referred by Priya Raman") || !strings.Contains(toJSON(evs), "Added by") {
			t.Fatalf("no sourcing note: %v", evs)
		}
		if s, _, _ := gen.do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": "Ana", "family_name": "Ng", "email": "other@example.org", "phone": "5125550199"}); s != 409 {
			t.Fatalf("the same phone twice: %d", s)
		}
		for _, who := range []string{"lead@example.com", "employee@example.com"} {
			if s, _, _ := e.api(who).do("POST", "/api/v1/requisitions/"+rid+"/candidates", map[string]any{"given_name": "X", "family_name": "Y", "email": "x.y@example.org"}); s != 403 && s != 404 {
				t.Fatalf("%s added a candidate: %d", who, s)
			}
		}
		// A file with a bad row and a duplicate: nothing goes in.
		bad := "given_name,family_name,email,phone,source,note\nLi,Wei,li.wei@example.org,,job_board,Met at the Austin fair\nSam,,sam@example.org,,sourced,\nLi,Wei,li.wei@example.org,,sourced,\nAna,Ng,ana.ng@example.org,,referral,\n"
		s, rep := gen.uploadFile("/api/v1/requisitions/"+rid+"/candidates/import", "fair.csv", []byte(bad))
		if s != 422 || rep["applied"] != false || num(rep, "invalid") != 3 || num(rep, "valid") != 1 {
			t.Fatalf("bad import: %d %v", s, rep)
		}
		rows := rep["rows"].([]any)
		if !strings.Contains(toJSON(rows[1]), "family_name") || !strings.Contains(toJSON(rows[2]), "Line 2 has the same email") || !strings.Contains(toJSON(rows[3]), "already a candidate") {
			t.Fatalf("row report: %v", rows)
		}
		_, list, _ := gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
		if strings.Contains(toJSON(list), "li.wei@example.org") {
			t.Fatal("a failed import left a candidate behind")
		}
		if s, rep := gen.uploadFile("/api/v1/requisitions/"+rid+"/candidates/import", "fair.csv", []byte("name,email\nX,x@example.org\n")); s != 422 || len(rep["file_errors"].([]any)) == 0 {
			t.Fatalf("wrong columns: %d %v", s, rep)
		}
		// The fixed file, as XLSX.
		x := excelize.NewFile()
		for r, row := range [][]any{{"given_name", "family_name", "email", "source", "note"}, {"Li", "Wei", "li.wei@example.org", "job_board", "Met at the Austin fair"}, {"Sam", "Okafor", "sam.okafor@example.org", "agency", "From Talent Partners"}} {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			_ = x.SetSheetRow("Sheet1", cell, &row)
		}
		var buf bytes.Buffer
		_ = x.Write(&buf)
		s, rep = gen.uploadFile("/api/v1/requisitions/"+rid+"/candidates/import", "fair.xlsx", buf.Bytes())
		if s != 201 || rep["applied"] != true || num(rep, "valid") != 2 {
			t.Fatalf("import: %d %v", s, rep)
		}
		_, list, _ = gen.do("GET", "/api/v1/requisitions/"+rid+"/applications", nil)
		if !strings.Contains(toJSON(list), "li.wei@example.org") || !strings.Contains(toJSON(list), "sam.okafor@example.org") {
			t.Fatal("the imported candidates are not on the requisition")
		}
		// A filled requisition takes no one.
		_, filled, _ := gen.do("GET", "/api/v1/requisitions?status=filled", nil)
		fid := itoa(num(filled["items"].([]any)[0].(map[string]any), "id"))
		if s, _, _ := gen.do("POST", "/api/v1/requisitions/"+fid+"/candidates", map[string]any{"given_name": "Z", "family_name": "Z", "email": "z@example.org"}); s != 409 {
			t.Fatalf("added to a filled requisition: %d", s)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.candidate_", nil)
		if !strings.Contains(toJSON(audit), "Added Ana Ng") || !strings.Contains(toJSON(audit), "Imported 2 sourced candidates") {
			t.Fatalf("not audited: %s", toJSON(audit))
		}
	})
}

// TestSourcedCandidatePages: the add form shows an error on each field
// and keeps the input; the import shows the row-by-row report.
func TestSourcedCandidatePages(t *testing.T) {
	e := sqliteEnv(t)
	rid := itoa(num(e.openReq(t), "id"))
	b := e.login("generalist@example.com")
	if b.page("/hiring/requisitions/"+rid, http.StatusOK).Find(`a[href$="/candidates/new"]`).Length() != 1 {
		t.Fatal("no link to add candidates")
	}
	b.page("/hiring/requisitions/"+rid+"/candidates/new", http.StatusOK)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"_csrf": b.csrf, "given_name": "Mo", "family_name": "", "email": "mo@", "source": "referral"} {
		_ = w.WriteField(k, v)
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/hiring/requisitions/"+rid+"/candidates/new", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", e.srv.URL)
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || doc.Find(".field-error #f-family-name").Length() != 1 || doc.Find(".field-error #f-email").Length() != 1 {
		t.Fatalf("add form: %d %s", res.StatusCode, doc.Find(".error-summary").Text())
	}
	if v, _ := doc.Find("#f-given-name").Attr("value"); v != "Mo" {
		t.Fatalf("the form lost the input: %q", v)
	}
	res = b.get("/hiring/candidates/import-template.csv")
	tpl, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.HasPrefix(string(tpl), "given_name,family_name,email") {
		t.Fatalf("template: %q", tpl)
	}
}
