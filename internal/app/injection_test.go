package app

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// injectionPayloads are what an attacker types into a text field: markup
// and script for the pages (stored XSS), SQL, template syntax, and
// spreadsheet formulas for the exports (CSV injection).
var injectionPayloads = []string{
	`<script>alert("cadre-xss-1")</script>`,
	`"><img src=x onerror=alert("cadre-xss-2")>`,
	`javascript:alert("cadre-xss-3")`,
	`'; DROP TABLE employees; --`,
	`=cmd|' /C calc'!A0`,
	`{{.Actor}}{{template "layout"}}`,
	`</textarea><svg/onload=alert("cadre-xss-7")>`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	`+HYPERLINK("http://evil.example","x")`,
	`[click](javascript:alert("cadre-xss-10"))`,
	`-2+3+cmd|' /C calc'!A0`,
	"\u202e\u0000 nul and bidi",
}

// executable reports markup from a payload that a browser would run.
var executable = []string{`<script>alert("cadre-xss`, `<img src=x onerror`, `<svg/onload`, `href="javascript:`, `src="javascript:`, `<a href="javascript:`}

// TestInjectionCorpus writes every text field of every API write with the
// payloads (as the roles that may), then reads every page the roles reach
// by following links, and the exports: nothing fails on the server, no
// page carries a payload in a form a browser would run (the escaped form
// is there: the payloads were stored), the database is intact, and no
// exported cell starts a formula.
func TestInjectionCorpus(t *testing.T) {
	if raceOn {
		t.Skip("thousands of sequential requests, no concurrency to race: the plain run covers it")
	}
	e := sqliteEnv(t)
	ops := loadAPIOps(t, e)
	// The schemas again, to make payload bodies.
	res := e.client().get("/api/v1/openapi.json")
	var doc map[string]any
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	paths := doc["paths"].(map[string]any)
	taylor := itoa(e.actorOf("employee@example.com").EmployeeID)
	tokens := map[string]string{}
	writers := []string{"generalist@example.com", "manager@example.com", "director@example.com", "admin@example.com", "employee@example.com"}
	for _, w := range writers {
		tokens[w] = e.token(w)
	}

	// 1. Every write, every payload, as each writer.
	writes, stored, serverErrors := 0, 0, 0
	for _, o := range ops {
		if o.Method == "GET" || o.Method == "DELETE" || o.Multipart != nil {
			continue
		}
		raw := paths[o.Path].(map[string]any)[strings.ToLower(o.Method)].(map[string]any)
		rb, ok := raw["requestBody"].(map[string]any)
		if !ok {
			continue
		}
		js, ok := rb["content"].(map[string]any)["application/json"].(map[string]any)
		if !ok {
			continue
		}
		path := o.Path
		for _, m := range []string{"{id}", "{kind}", "{key}"} {
			if m == "{id}" && strings.HasPrefix(path, "/employees/") {
				path = strings.Replace(path, m, taylor, 1)
			}
		}
		if strings.Contains(path, "{") {
			// Records other than employees: the first of each.
			p, _, complete := fillFirst(t, e, path)
			if !complete {
				continue
			}
			path = p
		}
		for i, payload := range injectionPayloads {
			body := sampleWith(js["schema"].(map[string]any), schemas, "", 0, func(string) string { return payload })
			b, _ := json.Marshal(body)
			who := writers[i%len(writers)]
			req, _ := http.NewRequest(o.Method, e.srv.URL+"/api/v1"+path, bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tokens[who])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
			res.Body.Close()
			writes++
			if res.StatusCode >= 500 {
				serverErrors++
				t.Errorf("%s %s as %s with %q: %d %s", o.Method, path, who, payload, res.StatusCode, msg)
			}
			if res.StatusCode < 300 {
				stored++
			}
		}
	}
	if stored < 50 {
		t.Fatalf("only %d of %d writes stored a payload", stored, writes)
	}

	// 2. Every page the roles reach by links: no payload in executable
	// form; the escaped form shows the payloads were stored and shown.
	escapedSeen := 0
	pages := 0
	for _, email := range []string{"director@example.com", "generalist@example.com", "manager@example.com", "admin@example.com", "lead@example.com", "employee@example.com"} {
		b := e.login(email)
		seen := map[string]bool{}
		queue := []string{"/", "/people/" + taylor, "/careers", "/policies"}
		for len(queue) > 0 && len(seen) < 500 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] {
				continue
			}
			seen[p] = true
			res := b.get(p)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Errorf("GET %s as %s: %d", p, email, res.StatusCode)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			pages++
			html := string(body)
			for _, x := range executable {
				if strings.Contains(html, x) {
					i := strings.Index(html, x)
					t.Errorf("GET %s as %s: executable payload %q: …%s…", p, email, x, html[max(0, i-80):min(len(html), i+80)])
				}
			}
			for _, prob := range inlineProblems(html) {
				t.Errorf("GET %s as %s: %s", p, email, prob)
			}
			if strings.Contains(html, "&lt;script&gt;alert(&#34;cadre-xss-1&#34;)") {
				escapedSeen++
			}
			d, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
			if err != nil {
				continue
			}
			d.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
				h, _ := s.Attr("href")
				u, err := url.Parse(h)
				if err != nil || u.IsAbs() || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
					return
				}
				skip := strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/logout") || strings.HasPrefix(u.Path, "/sso/") ||
					strings.Contains(u.Path, "export") || strings.Contains(u.RawQuery, "format=")
				for _, ext := range []string{".csv", ".xlsx", ".pdf", ".ics", ".json", ".xml", ".zip"} {
					skip = skip || strings.HasSuffix(u.Path, ext)
				}
				if !skip && !seen[u.RequestURI()] {
					queue = append(queue, u.RequestURI())
				}
			})
		}
	}
	if escapedSeen == 0 {
		t.Error("no page shows a stored payload (escaped): the corpus never reached the pages")
	}
	t.Logf("%d writes (%d stored, %d server errors); %d pages read; the escaped script payload on %d of them", writes, stored, serverErrors, pages, escapedSeen)

	// 3. The database is intact.
	if n, ok, err := e.db.Lookup(t.Context(), `SELECT count(*) FROM employees`); err != nil || !ok || n == "0" {
		t.Fatalf("employees after the corpus: %s %v", n, err)
	}

	// 4. Exports: no cell starts a formula.
	gen := e.login("generalist@example.com")
	for _, p := range []string{"/people/export?format=csv", "/insights/reports/export?subject=employees&columns=name&columns=work_email&columns=job&columns=manager&format=csv"} {
		res := gen.get(p)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
			continue
		}
		r := csv.NewReader(bytes.NewReader(body))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s: cell %q starts a formula", p, cell)
					}
				}
			}
		}
	}
}

// fillFirst fills a path's parameters with the first record of each kind
// (apiObjects), or reports that one is missing.
func fillFirst(t *testing.T, e *env, path string) (string, map[string]string, bool) {
	t.Helper()
	out := path
	params := map[string]string{}
	prev := ""
	for _, m := range matrixParamRE.FindAllStringSubmatch(path, -1) {
		src, ok := apiObjects[m[1]+"/{"+m[2]+"}"]
		if !ok || src == "=employee" || src == "=kind" || src == "=rule" {
			return out, params, false
		}
		v := strings.TrimPrefix(src, "=")
		if !strings.HasPrefix(src, "=") {
			var args []any
			if strings.Contains(src, "?") {
				args = append(args, prev)
			}
			got, ok, err := e.db.Lookup(t.Context(), src, args...)
			if err != nil || !ok {
				return out, params, false
			}
			v = got
		}
		out = strings.Replace(out, "{"+m[2]+"}", url.PathEscape(v), 1)
		params[m[2]], prev = v, v
	}
	return out, params, true
}
