package app

import (
	"bytes"
	"encoding/json"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/xuri/excelize/v2"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

type apiClient struct {
	e     *env
	token string
}

func (e *env) api(email string) *apiClient { return &apiClient{e: e, token: e.token(email)} }

// do sends a JSON request and decodes the JSON answer into a map.
func (c *apiClient) do(method, path string, body any) (int, map[string]any, http.Header) {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	if len(out) == 0 && len(raw) > 0 && raw[0] == '[' {
		out["_raw"] = string(raw)
	}
	return res.StatusCode, out, res.Header
}

func fieldsOf(m map[string]any) map[string]string {
	out := map[string]string{}
	errs, _ := m["errors"].([]any)
	for _, e := range errs {
		em := e.(map[string]any)
		out[em["field"].(string)] = em["message"].(string)
	}
	return out
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

func TestAPIAuthAndProblems(t *testing.T) {
	e := sqliteEnv(t)
	anon := &apiClient{e: e}
	status, body, hdr := anon.do("GET", "/api/v1/me", nil)
	if status != 401 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") || body["status"].(float64) != 401 {
		t.Fatalf("no token: %d %v %s", status, body, hdr.Get("Content-Type"))
	}
	bogus := &apiClient{e: e, token: "cadre_not-a-real-token"}
	if status, _, _ := bogus.do("GET", "/api/v1/me", nil); status != 401 {
		t.Fatalf("bogus token: %d", status)
	}
	gen := e.api("generalist@example.com")
	status, me, _ := gen.do("GET", "/api/v1/me", nil)
	if status != 200 || me["user"].(map[string]any)["email"] != "generalist@example.com" || me["employee_id"] == nil {
		t.Fatalf("me: %d %v", status, me)
	}
	// Session cookies are never accepted by the API.
	b := e.login("generalist@example.com")
	res := b.get("/api/v1/me")
	if res.StatusCode != 401 {
		t.Fatalf("cookie accepted by the API: %d", res.StatusCode)
	}
	// Revoked tokens stop working.
	status, tok, _ := gen.do("POST", "/api/v1/tokens", map[string]any{"name": "temp"})
	if status != 201 || tok["token"] == nil {
		t.Fatalf("create token: %d %v", status, tok)
	}
	temp := &apiClient{e: e, token: tok["token"].(string)}
	if s, _, _ := temp.do("GET", "/api/v1/me", nil); s != 200 {
		t.Fatalf("new token: %d", s)
	}
	if s, _, _ := gen.do("DELETE", "/api/v1/tokens/"+itoa(num(tok, "id")), nil); s != 204 {
		t.Fatalf("revoke: %d", s)
	}
	if s, _, _ := temp.do("GET", "/api/v1/me", nil); s != 401 {
		t.Fatalf("revoked token: %d", s)
	}
	// Malformed JSON is 400; unknown routes are problem 404s.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/employees", strings.NewReader("{not json"))
	req.Header.Set("Authorization", "Bearer "+gen.token)
	req.Header.Set("Content-Type", "application/json")
	r2, _ := http.DefaultClient.Do(req)
	if r2.StatusCode != 400 {
		t.Fatalf("malformed body: %d", r2.StatusCode)
	}
	if s, _, h := gen.do("GET", "/api/v1/nope", nil); s != 404 || !strings.Contains(h.Get("Content-Type"), "problem+json") {
		t.Fatalf("unknown route: %d", s)
	}
}

func TestAPIEmployeesContract(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	mgr := e.api("manager@example.com")
	// Reference data through the API.
	s, ou, _ := mgr.do("POST", "/api/v1/org-units", map[string]any{"name": "Research", "parent_id": 1})
	if s != 201 || num(ou, "id") == 0 {
		t.Fatalf("org unit: %d %v", s, ou)
	}
	s, loc, _ := mgr.do("POST", "/api/v1/locations", map[string]any{"name": "Portland, OR", "country": "US", "region": "OR", "city": "Portland", "nearby_location_ids": []int{}})
	if s != 201 {
		t.Fatalf("location: %d %v", s, loc)
	}
	s, grade, _ := mgr.do("POST", "/api/v1/pay-grades", map[string]any{"name": "R1", "currency": "USD", "min_cents": 9000000, "max_cents": 13000000})
	if s != 201 || num(grade, "midpoint_cents") != 11000000 {
		t.Fatalf("grade: %d %v", s, grade)
	}
	s, job, _ := mgr.do("POST", "/api/v1/jobs", map[string]any{"title": "Research Scientist", "flsa_status": "exempt", "eeo1_category": "professionals", "pay_grade_id": num(grade, "id")})
	if s != 201 {
		t.Fatalf("job: %d %v", s, job)
	}
	if s, _, _ := gen.do("POST", "/api/v1/jobs", map[string]any{"title": "X", "flsa_status": "exempt", "eeo1_category": "professionals"}); s != 403 {
		t.Fatalf("generalist created a job: %d", s)
	}
	// Validation: one error per bad field.
	s, prob, _ := gen.do("POST", "/api/v1/employees", map[string]any{"given_name": "Ana"})
	if s != 422 {
		t.Fatalf("missing fields: %d %v", s, prob)
	}
	fe := fieldsOf(prob)
	for _, f := range []string{"family_name", "work_email", "hire_date", "org_unit_id", "location_id", "job_id", "pay"} {
		if fe[f] == "" {
			t.Errorf("no error for %s: %v", f, fe)
		}
	}
	hire := map[string]any{"given_name": "Ana", "family_name": "Silva", "work_email": "ana.silva@northwind.example", "hire_date": "2026-11-16",
		"org_unit_id": num(ou, "id"), "location_id": num(loc, "id"), "job_id": num(job, "id"), "manager_id": nil, "employment_type": "full_time",
		"weekly_hours": 40, "pay": map[string]any{"amount_cents": 12100000, "per": "year", "currency": "USD"}}
	bad := map[string]any{}
	for k, v := range hire {
		bad[k] = v
	}
	bad["hire_date"], bad["work_email"], bad["org_unit_id"] = "2026-02-30", "not-an-email", 999999
	s, prob, _ = gen.do("POST", "/api/v1/employees", bad)
	fe = fieldsOf(prob)
	if s != 422 || fe["hire_date"] == "" {
		t.Fatalf("bad date: %d %v", s, prob)
	}
	delete(bad, "hire_date")
	bad["hire_date"] = "2026-11-16"
	s, prob, _ = gen.do("POST", "/api/v1/employees", bad)
	fe = fieldsOf(prob)
	if s != 422 || fe["work_email"] == "" || fe["org_unit_id"] == "" {
		t.Fatalf("bad fields: %d %v", s, prob)
	}
	s, emp, hdr := gen.do("POST", "/api/v1/employees", hire)
	if s != 201 || hdr.Get("Location") == "" || emp["status"] != "active" || emp["pay"] == nil {
		t.Fatalf("hire: %d %v", s, emp)
	}
	id := itoa(num(emp, "id"))
	s, comp, _ := gen.do("GET", "/api/v1/employees/"+id+"/compensation", nil)
	if s != 200 || comp["compa_ratio"].(float64) != 1.1 || comp["position"] != "in_range" || comp["range_penetration"].(float64) != 0.775 {
		t.Fatalf("compensation: %d %v", s, comp)
	}
	s, list, _ := gen.do("GET", "/api/v1/employees?q=silva", nil)
	if s != 200 || len(list["items"].([]any)) != 1 {
		t.Fatalf("search: %d %v", s, list)
	}
	if _, ok := list["next_cursor"]; !ok {
		t.Fatal("list lacks next_cursor")
	}
	s, page, _ := gen.do("GET", "/api/v1/employees?limit=5", nil)
	if s != 200 || len(page["items"].([]any)) != 5 || page["next_cursor"] == nil {
		t.Fatalf("paging: %d %v", s, page)
	}
	s, page2, _ := gen.do("GET", "/api/v1/employees?limit=5&cursor="+page["next_cursor"].(string), nil)
	if s != 200 || page2["items"].([]any)[0].(map[string]any)["id"] == page["items"].([]any)[0].(map[string]any)["id"] {
		t.Fatalf("second page: %d", s)
	}
	// Hours of service.
	s, hrs, _ := gen.do("PUT", "/api/v1/employees/"+id+"/hours", map[string]any{"entries": []any{map[string]any{"from": "2026-11-16", "to": "2026-11-20", "hours_worked": 40}}})
	if s != 200 || len(hrs["entries"].([]any)) != 1 {
		t.Fatalf("hours: %d %v", s, hrs)
	}
	s, prob, _ = gen.do("PUT", "/api/v1/employees/"+id+"/hours", map[string]any{"entries": []any{map[string]any{"from": "2026-11-20", "to": "2026-11-16", "hours_worked": -3}}})
	if fe = fieldsOf(prob); s != 422 || fe["entries[0].to"] == "" || fe["entries[0].hours_worked"] == "" {
		t.Fatalf("bad hours: %d %v", s, prob)
	}
	// Effective-dated changes and a manager cycle.
	lead := e.actorOf("lead@example.com").EmployeeID
	emp2 := e.actorOf("employee@example.com").EmployeeID
	s, prob, _ = gen.do("POST", "/api/v1/employees/"+itoa(lead)+"/job-changes", map[string]any{"effective_from": "2026-11-02", "reason": "manager_change", "manager_id": emp2})
	if fe = fieldsOf(prob); s != 422 || !strings.Contains(fe["manager_id"], "cycle") {
		t.Fatalf("cycle: %d %v", s, prob)
	}
	s, _, _ = gen.do("POST", "/api/v1/employees/"+id+"/pay-changes", map[string]any{"effective_from": "2026-12-01", "reason": "market_adjustment", "pay": map[string]any{"amount_cents": 12500000, "per": "year"}})
	if s != 201 {
		t.Fatalf("pay change: %d", s)
	}
	s, hist, _ := gen.do("GET", "/api/v1/employees/"+id+"/history", nil)
	if s != 200 || len(hist["pay"].([]any)) != 2 {
		t.Fatalf("history: %d %v", s, hist)
	}
	// An employee may read their own compensation, not someone else's.
	self := e.api("employee@example.com")
	if s, _, _ := self.do("GET", "/api/v1/employees/"+itoa(emp2)+"/compensation", nil); s != 200 {
		t.Fatalf("own compensation: %d", s)
	}
	if s, _, _ := self.do("GET", "/api/v1/employees/"+id+"/compensation", nil); s != 403 {
		t.Fatalf("other's compensation: %d", s)
	}
	// Rules workbench through the API.
	s, rule, _ := gen.do("POST", "/api/v1/rules/compa-ratio/evaluate", map[string]any{"pay": 55000, "min": 40000, "max": 60000})
	if s != 200 || rule["result"].(map[string]any)["compa_ratio"].(float64) != 1.1 || len(rule["explanation"].([]any)) == 0 {
		t.Fatalf("rule: %d %v", s, rule)
	}
	if s, _, _ := self.do("POST", "/api/v1/rules/compa-ratio/evaluate", map[string]any{"pay": 1, "midpoint": 1}); s != 403 {
		t.Fatalf("employee used the workbench: %d", s)
	}
}

func TestAPIUploadAndImport(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	emp := itoa(e.actorOf("employee@example.com").EmployeeID)
	send := func(path, field, filename string, data []byte, extra map[string]string) (int, map[string]any) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for k, v := range extra {
			_ = w.WriteField(k, v)
		}
		fw, _ := w.CreateFormFile(field, filename)
		_, _ = fw.Write(data)
		w.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+path, &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+gen.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out := map[string]any{}
		_ = json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	s, doc := send("/api/v1/employees/"+emp+"/documents", "file", "offer.pdf", []byte("%PDF-1.7 offer"), map[string]string{"category": "offer_letter"})
	if s != 201 || doc["content_type"] != "application/pdf" {
		t.Fatalf("upload: %d %v", s, doc)
	}
	s, prob := send("/api/v1/employees/"+emp+"/documents", "file", "photo.png", []byte("MZ executable"), map[string]string{"category": "identity"})
	if s != 422 || fieldsOf(prob)["file"] == "" {
		t.Fatalf("disguised upload: %d %v", s, prob)
	}
	big := bytes.Repeat([]byte("a"), 12<<20)
	if s, _ := send("/api/v1/employees/"+emp+"/documents", "file", "big.pdf", append([]byte("%PDF-"), big...), map[string]string{"category": "other"}); s != 413 {
		t.Fatalf("oversize upload: %d", s)
	}
	// Import: one bad row rolls everything back.
	csv := "\xEF\xBB\xBFgiven_name,family_name,work_email,hire_date,department,location,job_title,pay_amount,pay_per,manager_email\n" +
		"Lena,Park,lena.park@northwind.example,2026-11-16,Customer Support,\"Austin, TX\",Customer Support Specialist I,21.50,hour,ravi.iyer@northwind.example\n" +
		"Ravi,Iyer,ravi.iyer@northwind.example,2026-11-16,Customer Support,\"Austin, TX\",Customer Support Specialist I,22,hour,\n" +
		"Bad,Row,employee@example.com,2026-99-01,Nowhere,\"Austin, TX\",Customer Support Specialist I,x,week,\n"
	s, rep := send("/api/v1/employees/import", "file", "hires.csv", []byte(csv), nil)
	if s != 422 || rep["applied"] != false || rep["invalid"].(float64) != 1 {
		t.Fatalf("bad import: %d %v", s, rep)
	}
	rows := rep["rows"].([]any)
	bad := fieldsOf(rows[2].(map[string]any))
	for _, f := range []string{"hire_date", "department", "pay_amount", "pay_per"} {
		if bad[f] == "" {
			t.Errorf("row 4 lacks an error for %s: %v", f, bad)
		}
	}
	if s, l, _ := gen.do("GET", "/api/v1/employees?q=lena", nil); s != 200 || len(l["items"].([]any)) != 0 {
		t.Fatal("a rejected import wrote rows")
	}
	good := strings.Join(strings.Split(csv, "\n")[:3], "\n") + "\n"
	s, rep = send("/api/v1/employees/import", "file", "hires.csv", []byte(good), nil)
	if s != 201 || rep["applied"] != true || rep["valid"].(float64) != 2 {
		t.Fatalf("good import: %d %v", s, rep)
	}
	_, l, _ := gen.do("GET", "/api/v1/employees?q=lena", nil)
	lena := l["items"].([]any)[0].(map[string]any)
	if lena["manager_name"] != "Ravi Iyer" {
		t.Fatalf("manager from a later row not linked: %v", lena["manager_name"])
	}
	s, prob = send("/api/v1/employees/import", "file", "x.csv", []byte("name,email\nA,b\n"), nil)
	if s != 422 || len(prob["file_errors"].([]any)) == 0 {
		t.Fatalf("wrong columns: %d %v", s, prob)
	}
}

func TestOpenAPIDocumentCoversRoutes(t *testing.T) {
	e := sqliteEnv(t)
	res := e.client().get("/api/v1/openapi.json")
	defer res.Body.Close()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	for _, p := range []string{"/me", "/employees", "/employees/{id}", "/employees/{id}/compensation", "/employees/{id}/hours", "/org-units", "/locations", "/jobs", "/pay-grades", "/rules/{rule}/evaluate", "/approvals", "/tokens", "/audit"} {
		if doc.Paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
}

func TestLegalEntities(t *testing.T) {
	e := sqliteEnv(t)
	mgr := e.api("manager@example.com")
	s, le, _ := mgr.do("POST", "/api/v1/legal-entities", map[string]any{"name": "Northwind Logistics LLC", "ein": "981234567"})
	if s != 201 || le["ein"] != "98-1234567" {
		t.Fatalf("create: %d %v", s, le)
	}
	if s, p, _ := mgr.do("POST", "/api/v1/legal-entities", map[string]any{"name": "X", "ein": "12-34"}); s != 422 || fieldsOf(p)["ein"] == "" {
		t.Fatalf("bad EIN: %d %v", s, p)
	}
	if s, _, _ := e.api("ops.manager@example.com").do("POST", "/api/v1/legal-entities", map[string]any{"name": "Y"}); s != 403 {
		t.Fatalf("scoped manager created a legal entity: %d", s)
	}
	if s, p, _ := mgr.do("POST", "/api/v1/org-units", map[string]any{"name": "Fleet", "parent_id": 1, "legal_entity_id": 9999}); s != 422 || fieldsOf(p)["legal_entity_id"] == "" {
		t.Fatalf("unknown legal entity: %d %v", s, p)
	}
	if s, l, _ := e.api("employee@example.com").do("GET", "/api/v1/legal-entities", nil); s != 200 || len(l["items"].([]any)) < 2 {
		t.Fatalf("list: %d %v", s, l)
	}
}

func TestExportAndReimportXLSX(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/employees/export?format=xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+gen.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("export: %v %d", err, res.StatusCode)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the export is not a readable workbook: %v", err)
	}
	rows, err := x.GetRows("Employees")
	if err != nil || len(rows) < 50 {
		t.Fatalf("rows: %d %v", len(rows), err)
	}
	if strings.Join(rows[0], ",") != strings.Join(people.ImportColumns, ",") {
		t.Fatalf("header %v", rows[0])
	}
	// Re-import one exported row under a new name and email.
	row := append([]string(nil), rows[1]...)
	row[0], row[1], row[3], row[11] = "Ines", "Okonkwo", "ines.okonkwo@northwind.example", ""
	out := excelize.NewFile()
	for i, v := range rows[0] {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		_ = out.SetCellValue("Sheet1", cell, v)
	}
	for i, v := range row {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		_ = out.SetCellValue("Sheet1", cell, v)
	}
	var buf bytes.Buffer
	_ = out.Write(&buf)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "hires.xlsx")
	_, _ = fw.Write(buf.Bytes())
	w.Close()
	req, _ = http.NewRequest("POST", e.srv.URL+"/api/v1/employees/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+gen.token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("XLSX import: %d %s", res.StatusCode, raw)
	}
	if s, l, _ := gen.do("GET", "/api/v1/employees?q=okonkwo", nil); s != 200 || len(l["items"].([]any)) != 1 {
		t.Fatal("imported employee not found")
	}
	// CSV export neutralises formula injection.
	name := "=HYPERLINK(\"http://x\")"
	emp := e.actorOf("employee@example.com").EmployeeID
	if s, _, _ := gen.do("PATCH", "/api/v1/employees/"+itoa(emp), map[string]any{"preferred_name": name}); s != 200 {
		t.Fatalf("patch: %d", s)
	}
	req, _ = http.NewRequest("GET", e.srv.URL+"/api/v1/employees/export?format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+gen.token)
	res, _ = http.DefaultClient.Do(req)
	csvData, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(csvData), `'=HYPERLINK`) {
		t.Fatal("formula in CSV export not neutralised")
	}
}

// raw sends a GET and returns the response (the caller closes it).
func (c *apiClient) raw(method, path string) *http.Response {
	c.e.t.Helper()
	req, _ := http.NewRequest(method, c.e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	c.e.t.Cleanup(func() { res.Body.Close() })
	return res
}
