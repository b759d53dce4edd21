package app

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/cadrehq/cadre/internal/compliance/rules"
)

// rulesFormValues reads a rules workbench form the way a browser would
// submit it: inputs (checkboxes only when checked), textareas and selects.
func rulesFormValues(t *testing.T, doc *goquery.Document) url.Values {
	t.Helper()
	form := doc.Find(`form[action^="/rules/"]`).First()
	if form.Length() == 0 {
		t.Fatal("no rules form on the page")
	}
	v := url.Values{}
	form.Find("input").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		if name == "" || name == "_csrf" {
			return
		}
		if _, checked := s.Attr("checked"); (typ == "checkbox" || typ == "radio") && !checked {
			return
		}
		val, _ := s.Attr("value")
		v.Add(name, val)
	})
	form.Find("textarea").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v.Add(name, s.Text())
	})
	form.Find("select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Find("option[selected]").First().Attr("value")
		v.Add(name, val)
	})
	return v
}

func TestRulesWorkbenchIndexListsEveryRule(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	doc := b.page("/rules", http.StatusOK)
	main := doc.Find("main")
	for _, name := range rules.Names() {
		link := main.Find(`a[href="/rules/` + name + `"]`)
		if link.Length() != 1 {
			t.Errorf("index has %d links to %s, want 1", link.Length(), name)
			continue
		}
		card := link.Closest(".card")
		if strings.TrimSpace(link.Text()) == "" || strings.TrimSpace(card.Find("p").First().Text()) == "" || strings.TrimSpace(card.Find("p.muted").Text()) == "" {
			t.Errorf("%s: card lacks a title, a description or a citation", name)
		}
	}
	if n := main.Find(".card").Length(); n != len(rules.Names()) {
		t.Errorf("index has %d cards, want %d", n, len(rules.Names()))
	}
	for _, title := range []string{"FMLA eligibility", "I-9 deadlines", "HIPAA special enrollment"} {
		if !strings.Contains(main.Text(), title) {
			t.Errorf("index lacks %q", title)
		}
	}
}

// Every rule's worked example evaluates as the browser would submit it,
// shows a result with cited steps, and its "Copy as API request" body
// evaluates the same way through the JSON API.
func TestRulesWorkbenchExamplesEvaluate(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	token := e.token("generalist@example.com")
	for _, name := range rules.Names() {
		t.Run(name, func(t *testing.T) {
			doc := b.page("/rules/"+name, http.StatusOK)
			if doc.Find("#rule-result").Length() != 0 {
				t.Fatal("a result is shown before Evaluate")
			}
			doc, _ = b.submit("/rules/"+name, rulesFormValues(t, doc), http.StatusOK)
			if s := doc.Find(".error-summary"); s.Length() != 0 {
				t.Fatalf("example has errors: %s", strings.Join(strings.Fields(s.Text()), " "))
			}
			res := doc.Find("#rule-result")
			if res.Length() != 1 || res.Find("dt, th").Length() == 0 {
				t.Fatal("no result card with labelled values")
			}
			steps := doc.Find("ol.explain > li")
			if steps.Length() == 0 {
				t.Fatal("no explanation steps")
			}
			cited := 0
			steps.Each(func(_ int, s *goquery.Selection) {
				if strings.TrimSpace(s.Find(".citation").Text()) != "" {
					cited++
				}
			})
			if cited == 0 {
				t.Fatal("no explanation step has a citation")
			}
			curl := doc.Find("pre").Text()
			if !strings.Contains(curl, "/api/v1/rules/"+name+"/evaluate") {
				t.Fatalf("curl block does not call the rule's API:\n%s", curl)
			}
			i := strings.Index(curl, "--data-raw '")
			if i < 0 || !strings.HasSuffix(curl, "'") {
				t.Fatalf("curl block has no body:\n%s", curl)
			}
			body := strings.ReplaceAll(curl[i+len("--data-raw '"):len(curl)-1], `'\''`, "'")
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/rules/"+name+"/evaluate", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				out, _ := io.ReadAll(resp.Body)
				t.Fatalf("the curl body gets %d from the API: %s\n%s", resp.StatusCode, out, body)
			}
		})
	}
}

func TestRulesWorkbenchFieldErrors(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	fieldError := func(doc *goquery.Document, id string) string {
		return strings.TrimSpace(doc.Find("#" + id).Closest(".field-error").Find(".error").Text())
	}

	// A bad date and a list row with a bad date and too many values.
	v := rulesFormValues(t, b.page("/rules/fmla-eligibility", http.StatusOK))
	v.Set("leave_start", "2026-02-30")
	v.Set("employment_periods", "2018-05-07, 2020-02-28\n\n2025-09-08, 2025-13-01\n2025-12-01, 2025-12-31, extra")
	doc, _ := b.submit("/rules/fmla-eligibility", v, http.StatusUnprocessableEntity)
	if doc.Find(".error-summary li").Length() < 3 {
		t.Fatalf("error summary: %q", doc.Find(".error-summary").Text())
	}
	if msg := fieldError(doc, "f-leave-start"); !strings.Contains(msg, "2026-02-30") {
		t.Errorf("leave_start error: %q", msg)
	}
	msg := fieldError(doc, "f-employment-periods")
	if !strings.Contains(msg, "line 3: end") || !strings.Contains(msg, "line 4:") {
		t.Errorf("employment_periods error: %q", msg)
	}
	if doc.Find("#rule-result").Length() != 0 {
		t.Error("a result is shown with errors")
	}
	if got := doc.Find("#f-employment-periods").Text(); !strings.Contains(got, "2025-13-01") {
		t.Errorf("the submitted rows are not kept: %q", got)
	}

	// A number that is not a number, in a row and in a scalar fact.
	v = rulesFormValues(t, b.page("/rules/fmla-entitlement", http.StatusOK))
	v.Set("usage", "2025-09-15, 8\n2025-09-16, eight")
	v.Set("weekly_hours", "forty")
	doc, _ = b.submit("/rules/fmla-entitlement", v, http.StatusUnprocessableEntity)
	if msg := fieldError(doc, "f-usage"); !strings.HasPrefix(msg, "line 2: hours must be a number") {
		t.Errorf("usage error: %q", msg)
	}
	if msg := fieldError(doc, "f-weekly-hours"); !strings.Contains(msg, "must be a number") {
		t.Errorf("weekly_hours error: %q", msg)
	}

	// A missing required fact and an undefined result.
	doc, _ = b.submit("/rules/compa-ratio", url.Values{"pay": {"50000"}, "min": {"60000"}, "max": {"60000"}}, http.StatusUnprocessableEntity)
	if msg := fieldError(doc, "f-max"); !strings.Contains(msg, "undefined") {
		t.Errorf("max error: %q", msg)
	}
	doc, _ = b.submit("/rules/i9-deadlines", url.Values{}, http.StatusUnprocessableEntity)
	if msg := fieldError(doc, "f-first-day-of-employment"); !strings.Contains(msg, "required") {
		t.Errorf("first_day_of_employment error: %q", msg)
	}

	res := b.get("/rules/minimum-wage")
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown rule: %d, want 404", res.StatusCode)
	}
}

func TestRulesWorkbenchNeedsAnHRRole(t *testing.T) {
	e := sqliteEnv(t)
	for _, email := range []string{"employee@example.com", "lead@example.com", "admin@example.com"} {
		b := e.login(email)
		for _, p := range []string{"/rules", "/rules/fmla-eligibility"} {
			res := b.get(p)
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", email, p, res.StatusCode)
			}
		}
		res := b.post("/rules/holidays", url.Values{"year": {"2026"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST /rules/holidays: %d, want 403", email, res.StatusCode)
		}
		res.Body.Close()
		if strings.Contains(b.page("/", http.StatusOK).Find(".nav").Text(), "Rules workbench") {
			t.Errorf("%s sees the Rules workbench link", email)
		}
	}
	for _, email := range []string{"generalist@example.com", "manager@example.com", "director@example.com"} {
		b := e.login(email)
		b.page("/rules/holidays", http.StatusOK)
		if nav := b.page("/", http.StatusOK).Find(`.nav a[href="/rules"]`); nav.Length() != 1 {
			t.Errorf("%s has no Rules workbench link in the sidebar", email)
		}
	}
}

// TestBrowserRulesWorkbench evaluates a worked example in Chromium, with
// screenshots and an axe check of the index, a result and an error.
func TestBrowserRulesWorkbench(t *testing.T) {
	ctx := browserCtx(t)
	e := sqliteEnv(t)
	base := e.srv.URL
	signIn(t, ctx, base, "generalist@example.com")
	run(t, ctx, "rules index", chromedp.Navigate(base+"/rules"), chromedp.WaitVisible(chromedp.CSS(`a[href="/rules/fmla-eligibility"]`)))
	shot(t, ctx, "rules-index", true)
	axe(t, ctx, "rules index")
	run(t, ctx, "evaluate the example",
		chromedp.Click(chromedp.CSS(`a[href="/rules/fmla-eligibility"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action^="/rules/"] button[type=submit]`)),
		chromedp.Click(chromedp.CSS(`form[action^="/rules/"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("rule-result")),
	)
	if got := text(t, ctx, "ol.explain"); got == "" {
		t.Fatal("no explanation")
	}
	shot(t, ctx, "rules-fmla-eligibility-result", true)
	axe(t, ctx, "rules result")
	run(t, ctx, "a malformed row",
		chromedp.SetValue(chromedp.ID("f-employment-periods"), "2018-05-07, 2020-02-28\n2025-09-08, someday"),
		chromedp.Click(chromedp.CSS(`form[action^="/rules/"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if got := text(t, ctx, ".error-summary"); !strings.Contains(got, "line 2") {
		t.Errorf("error summary: %q", got)
	}
	shot(t, ctx, "rules-fmla-eligibility-errors", true)
	axe(t, ctx, "rules errors")
	run(t, ctx, "a weekly schedule and a table result",
		chromedp.Navigate(base+"/rules/fmla-usage"),
		chromedp.WaitVisible(chromedp.ID("f-schedule-mon")),
		chromedp.Click(chromedp.CSS(`form[action^="/rules/"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#rule-result table")),
	)
	shot(t, ctx, "rules-fmla-usage-result", true)
	axe(t, ctx, "rules fmla-usage result")
}
