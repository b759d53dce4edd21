package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestPhoneScreens: the HR manager sets the phone screen template (a
// prompt too long or repeated is a field error; generalists cannot); a
// generalist records a screen against it (a future day, no
// recommendation and nothing noted are field errors) and the pay
// expected is compared with the requisition's range; the hiring team
// reads the screens; a line manager and an employee cannot record one.
func TestPhoneScreens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen, mgr := e.api("generalist@example.com"), e.api("manager@example.com")
		req := e.openReq(t)
		_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications?status=active", nil)
		app := apps["items"].([]any)[0].(map[string]any)
		aid := itoa(num(app, "id"))

		if s, tpl, _ := gen.do("GET", "/api/v1/recruiting/phone-screen-template", nil); s != 200 || len(tpl["prompts"].([]any)) != 4 {
			t.Fatalf("default template: %d %v", s, tpl)
		}
		if s, prob, _ := mgr.do("PUT", "/api/v1/recruiting/phone-screen-template", map[string]any{"prompts": []string{"Why us?", strings.Repeat("x", 201), "why US?"}}); s != 422 ||
			fieldsOf(prob)["prompts[1]"] == "" || fieldsOf(prob)["prompts[2]"] == "" {
			t.Fatalf("bad template: %d %v", s, prob)
		}
		if s, _, _ := gen.do("PUT", "/api/v1/recruiting/phone-screen-template", map[string]any{"prompts": []string{"Why us?"}}); s != 403 {
			t.Fatalf("a generalist set the template: %d", s)
		}
		prompts := []string{"Why this role?", "Most relevant experience", "Can they work weekends?"}
		if s, tpl, _ := mgr.do("PUT", "/api/v1/recruiting/phone-screen-template", map[string]any{"prompts": prompts}); s != 200 || toJSON(tpl["prompts"]) != toJSON(prompts) {
			t.Fatalf("template: %d %v", s, tpl)
		}

		s, prob, _ := gen.do("POST", "/api/v1/applications/"+aid+"/phone-screens", map[string]any{"held_on": testToday.AddDays(3).String(), "work_authorization": "maybe", "recommendation": ""})
		if f := fieldsOf(prob); s != 422 || f["held_on"] == "" || f["work_auth"] == "" || f["recommendation"] == "" || f["summary"] == "" {
			t.Fatalf("bad screen: %d %v", s, prob)
		}
		above := num(req, "salary_max_cents") + 500000
		s, ps, _ := gen.do("POST", "/api/v1/applications/"+aid+"/phone-screens", map[string]any{"held_on": testToday.String(),
			"answers": []string{"Loves the product", "", "Yes, any weekend"}, "pay_expectation_cents": above, "available_from": testToday.AddDays(30).String(),
			"work_authorization": "authorized", "recommendation": "advance", "summary": "Clear communicator"})
		if s != 201 || ps["pay_fit"] != "above" || ps["screener"] != "Priya Raman" || len(ps["notes"].([]any)) != 3 || ps["notes"].([]any)[2].(map[string]any)["prompt"] != "Can they work weekends?" {
			t.Fatalf("screen: %d %v", s, ps)
		}
		within := num(req, "salary_min_cents") + 1
		gen.do("POST", "/api/v1/applications/"+aid+"/phone-screens", map[string]any{"held_on": testToday.String(), "pay_expectation_cents": within,
			"work_authorization": "not_discussed", "recommendation": "hold", "summary": "Second call about the schedule"})
		_, list, _ := mgr.do("GET", "/api/v1/applications/"+aid+"/phone-screens", nil)
		if raw := toJSON(list); !strings.Contains(raw, `pay_fit\":\"within`) || !strings.Contains(raw, `pay_fit\":\"above`) {
			t.Fatalf("list: %s", raw)
		}
		for _, who := range []string{"lead@example.com", "employee@example.com", "admin@example.com"} {
			if s, _, _ := e.api(who).do("POST", "/api/v1/applications/"+aid+"/phone-screens", map[string]any{"held_on": testToday.String(), "work_authorization": "authorized",
				"recommendation": "advance", "summary": "x"}); s != 403 && s != 404 {
				t.Fatalf("%s recorded a screen: %d", who, s)
			}
		}
		if s, _, _ := e.api("employee@example.com").do("GET", "/api/v1/applications/"+aid+"/phone-screens", nil); s != 403 && s != 404 {
			t.Fatalf("an employee read the screens: %d", s)
		}
		_, audit, _ := e.api("director@example.com").do("GET", "/api/v1/audit?action=hiring.phone_screen", nil)
		if !strings.Contains(toJSON(audit), "Recorded a phone screen") {
			t.Fatalf("audit: %v", audit)
		}

		// The UI: the form follows the template; errors keep the notes.
		b := e.login("generalist@example.com")
		doc := b.page("/hiring/applications/"+aid+"/phone-screen", http.StatusOK)
		if doc.Find("textarea[name='answers[2]']").Length() != 1 || !strings.Contains(doc.Find("form").Text(), "Can they work weekends?") {
			t.Fatalf("form: %s", doc.Find("form").Text())
		}
		v := url.Values{"held_on": {testToday.AddDays(2).String()}, "prompt[0]": {"Why this role?"}, "prompt[1]": {"Most relevant experience"}, "prompt[2]": {"Can they work weekends?"},
			"answers[0]": {"Wants to grow into a lead"}, "work_auth": {"authorized"}, "recommendation": {""}, "pay_expectation": {"abc"}}
		doc, _ = b.submit("/hiring/applications/"+aid+"/phone-screen", v, http.StatusUnprocessableEntity)
		if doc.Find("#"+fieldIDFor("pay_expectation")+"-error").Length() == 0 || !strings.Contains(doc.Find("textarea[name='answers[0]']").Text(), "Wants to grow into a lead") {
			t.Fatalf("bad amount: %s", doc.Find("form").Text())
		}
		v.Set("pay_expectation", "")
		doc, _ = b.submit("/hiring/applications/"+aid+"/phone-screen", v, http.StatusUnprocessableEntity)
		for _, f := range []string{"held_on", "recommendation"} {
			if doc.Find("#"+fieldIDFor(f)+"-error").Length() == 0 {
				t.Errorf("no error on %s", f)
			}
		}
		if !strings.Contains(doc.Find("textarea[name='answers[0]']").Text(), "Wants to grow into a lead") {
			t.Fatal("the notes were lost")
		}
		v.Set("held_on", testToday.String())
		v.Set("recommendation", "advance")
		res := b.post("/hiring/applications/"+aid+"/phone-screen", v)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		doc = b.page("/hiring/applications/"+aid, http.StatusOK)
		card := doc.Find("#phone-screens")
		if !strings.Contains(card.Text(), "Wants to grow into a lead") || !strings.Contains(card.Text(), "Above the range") || card.Find("article").Length() != 3 {
			t.Fatalf("card: %s", card.Text())
		}
		e.login("employee@example.com").page("/hiring/applications/"+aid+"/phone-screen", http.StatusNotFound)
	})
}
