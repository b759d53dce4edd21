package app

import (
	"net/url"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestTokenScopesAPI: a token narrowed to scopes can do only what its
// scopes and its owner's roles both allow; it cannot mint tokens; bad
// scopes and limits are refused on their fields; a per-token limit
// answers 429 with Retry-After once spent.
func TestTokenScopesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		gen := e.api("generalist@example.com")

		st, sc, _ := gen.do("GET", "/api/v1/tokens/scopes", nil)
		items, _ := sc["items"].([]any)
		if st != 200 || len(items) != len(access.AllScopes) {
			t.Fatalf("scopes: %d %v", st, sc)
		}
		first := items[0].(map[string]any)
		if first["name"] != "employees:read" || !strings.Contains(first["description"].(string), "directory") || len(first["permissions"].([]any)) == 0 {
			t.Fatalf("first scope: %v", first)
		}

		// Bad input, field by field.
		st, bad, _ := gen.do("POST", "/api/v1/tokens", map[string]any{"name": "x", "scopes": []string{"employees:read", "everything"}})
		if st != 422 || !strings.Contains(fieldsOf(bad)["scopes"], "everything") {
			t.Fatalf("unknown scope: %d %v", st, bad)
		}
		st, bad, _ = gen.do("POST", "/api/v1/tokens", map[string]any{"name": "x", "rate_limit": -1})
		if st != 422 || fieldsOf(bad)["rate_limit"] == "" {
			t.Fatalf("negative limit: %d %v", st, bad)
		}

		// A read-only employees token.
		st, tok, _ := gen.do("POST", "/api/v1/tokens", map[string]any{"name": "directory sync", "scopes": []string{"employees:read"}})
		if st != 201 || tok["token"] == nil {
			t.Fatalf("create scoped: %d %v", st, tok)
		}
		if sc := tok["scopes"].([]any); len(sc) != 1 || sc[0] != "employees:read" {
			t.Fatalf("scopes echoed: %v", tok["scopes"])
		}
		ro := &apiClient{e: e, token: tok["token"].(string)}
		st, list, _ := ro.do("GET", "/api/v1/employees?limit=5", nil)
		if st != 200 || len(list["items"].([]any)) == 0 {
			t.Fatalf("read employees with employees:read: %d %v", st, list)
		}
		emp := list["items"].([]any)[0].(map[string]any)
		if st, _, _ := ro.do("GET", "/api/v1/employees/"+itoa(num(emp, "id")), nil); st != 200 {
			t.Fatalf("a profile with employees:read: %d", st)
		}
		// Writing, pay and other areas are outside the scope.
		st, one, _ := gen.do("GET", "/api/v1/employees/"+itoa(num(emp, "id")), nil)
		if st != 200 {
			t.Fatalf("profile: %d", st)
		}
		hire := map[string]any{"given_name": "Ada", "family_name": "Scope", "hire_date": "2026-12-01", "work_email": "ada.scope@example.com",
			"job_id": num(one, "job_id"), "location_id": num(one, "location_id"), "org_unit_id": num(one, "org_unit_id"), "pay": map[string]any{"amount_cents": 5000000, "per": "year"}}
		st, denied, _ := ro.do("POST", "/api/v1/employees", hire)
		if st != 403 || !strings.Contains(denied["detail"].(string), "scopes do not allow") || !strings.Contains(denied["detail"].(string), "employees:write") {
			t.Fatalf("hire with employees:read: %d %v", st, denied)
		}
		if st, _, _ := ro.do("GET", "/api/v1/requisitions", nil); st != 403 {
			t.Fatalf("requisitions with employees:read: %d", st)
		}
		if st, _, _ := ro.do("GET", "/api/v1/audit", nil); st != 403 {
			t.Fatalf("audit with employees:read: %d", st)
		}
		// A scoped token cannot mint tokens (even narrower ones) nor list them.
		if st, _, _ := ro.do("POST", "/api/v1/tokens", map[string]any{"name": "escalate"}); st != 403 {
			t.Fatalf("a scoped token minted a token: %d", st)
		}
		if st, _, _ := ro.do("GET", "/api/v1/tokens", nil); st != 403 {
			t.Fatalf("a scoped token listed tokens: %d", st)
		}
		// The same requests with the owner's full token work.
		if st, _, _ := gen.do("GET", "/api/v1/requisitions", nil); st != 200 {
			t.Fatalf("requisitions with a full token: %d", st)
		}

		// A write scope includes its read scope; hiring:write covers hiring reads.
		st, tok, _ = gen.do("POST", "/api/v1/tokens", map[string]any{"name": "ats", "scopes": []string{"hiring:write"}})
		if st != 201 {
			t.Fatalf("hiring token: %d %v", st, tok)
		}
		ats := &apiClient{e: e, token: tok["token"].(string)}
		if st, _, _ := ats.do("GET", "/api/v1/requisitions", nil); st != 200 {
			t.Fatalf("requisitions with hiring:write: %d", st)
		}
		if st, _, _ := ats.do("GET", "/api/v1/employees", nil); st != 403 {
			t.Fatalf("employees with hiring:write: %d", st)
		}

		// Scopes never widen: an employee's token with audit:read still
		// lacks audit.view.
		emps := e.api("employee@example.com")
		st, tok, _ = emps.do("POST", "/api/v1/tokens", map[string]any{"name": "mine", "scopes": []string{"audit:read", "employees:read"}})
		if st != 201 {
			t.Fatalf("employee token: %d %v", st, tok)
		}
		mine := &apiClient{e: e, token: tok["token"].(string)}
		if st, _, _ := mine.do("GET", "/api/v1/audit", nil); st != 403 {
			t.Fatalf("an employee's audit:read token read the audit: %d", st)
		}
		if st, _, _ := mine.do("GET", "/api/v1/me", nil); st != 200 {
			t.Fatalf("me with a scoped token: %d", st)
		}

		// A rate limit of three a minute.
		st, tok, _ = gen.do("POST", "/api/v1/tokens", map[string]any{"name": "slow", "rate_limit": 3})
		if st != 201 || num(tok, "rate_limit") != 3 {
			t.Fatalf("limited token: %d %v", st, tok)
		}
		slow := &apiClient{e: e, token: tok["token"].(string)}
		for i := 0; i < 3; i++ {
			st, _, h := slow.do("GET", "/api/v1/me", nil)
			if st != 200 || h.Get("RateLimit-Limit") != "3" || h.Get("RateLimit-Remaining") != itoa(int64(2-i)) {
				t.Fatalf("request %d: %d limit %q remaining %q", i, st, h.Get("RateLimit-Limit"), h.Get("RateLimit-Remaining"))
			}
		}
		st, over, h := slow.do("GET", "/api/v1/me", nil)
		if st != 429 || h.Get("Retry-After") == "" || h.Get("Retry-After") == "0" || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") || !strings.Contains(over["detail"].(string), "3 requests a minute") {
			t.Fatalf("over the limit: %d %v %v", st, over, h)
		}
		// Other tokens are not affected.
		if st, _, h := gen.do("GET", "/api/v1/me", nil); st != 200 || h.Get("RateLimit-Limit") != "" {
			t.Fatalf("an unlimited token: %d %v", st, h)
		}

		// The list shows scopes and limits, and the audit names the scopes.
		st, all, _ := gen.do("GET", "/api/v1/tokens", nil)
		if st != 200 {
			t.Fatalf("list: %d", st)
		}
		seen := map[string]map[string]any{}
		for _, it := range all["items"].([]any) {
			m := it.(map[string]any)
			seen[m["name"].(string)] = m
			if m["token"] != nil {
				t.Fatal("a listed token carries its secret")
			}
		}
		if len(seen["directory sync"]["scopes"].([]any)) != 1 || num(seen["slow"], "rate_limit") != 3 || len(seen["slow"]["scopes"].([]any)) != 0 {
			t.Fatalf("listed: %v", seen)
		}
		st, au, _ := gen.do("GET", "/api/v1/audit?action=token.create", nil)
		if st != 403 { // generalists do not read the audit; the admin does
			t.Fatalf("audit as generalist: %d", st)
		}
		st, au, _ = e.api("admin@example.com").do("GET", "/api/v1/audit?action=token.create", nil)
		found := false
		for _, it := range au["items"].([]any) {
			found = found || strings.Contains(it.(map[string]any)["summary"].(string), "directory sync (scopes: employees:read)")
		}
		if st != 200 || !found {
			t.Fatalf("audit of the scoped token: %d %v", st, au)
		}
	})
}

// TestTokenAndAPIPages: the token form narrows a token to scopes with a
// limit, refuses a scoped token without scopes and a bad limit on their
// fields; the API reference renders the OpenAPI document.
func TestTokenAndAPIPages(t *testing.T) {
	e := sqliteEnv(t)
	b := e.login("generalist@example.com")
	doc := b.page("/settings/tokens", 200)
	if doc.Find("input[name=scopes]").Length() != len(access.AllScopes) || doc.Find("#access-all[checked]").Length() != 1 {
		t.Fatalf("the form's scopes: %d", doc.Find("input[name=scopes]").Length())
	}
	doc, _ = b.submit("/settings/tokens", url.Values{"name": {"x"}, "access": {"scoped"}}, 422)
	if !strings.Contains(doc.Find("#e-scopes").Text(), "at least one scope") {
		t.Fatalf("no scopes: %q", doc.Find(".error").Text())
	}
	doc, _ = b.submit("/settings/tokens", url.Values{"name": {"x"}, "access": {"scoped"}, "scopes": {"org:read"}, "rate_limit": {"lots"}}, 422)
	if doc.Find("#f-rate_limit .error, #e-rate_limit").Length() == 0 && !strings.Contains(doc.Text(), "whole number") {
		t.Fatalf("bad limit: %q", doc.Find(".error").Text())
	}
	if doc.Find("#scope-org-read[checked]").Length() != 1 {
		t.Fatal("the checked scope was lost on the error")
	}
	doc, _ = b.submit("/settings/tokens", url.Values{"name": {"Org chart sync"}, "access": {"scoped"}, "scopes": {"org:read", "employees:read"}, "rate_limit": {"60"}}, 200)
	raw := strings.TrimSpace(doc.Find("#new-token").Text())
	if !strings.HasPrefix(raw, "cadre_") {
		t.Fatalf("no new token shown: %q", doc.Find(".flash").Text())
	}
	row := doc.Find("tr:contains('Org chart sync')")
	if !strings.Contains(row.Text(), "employees:read") || !strings.Contains(row.Text(), "org:read") || !strings.Contains(row.Text(), "60/min") {
		t.Fatalf("the new token's row: %q", row.Text())
	}
	c := &apiClient{e: e, token: raw}
	if st, _, _ := c.do("GET", "/api/v1/org-units", nil); st != 200 {
		t.Fatalf("org units with org:read: %d", st)
	}
	if st, _, _ := c.do("GET", "/api/v1/requisitions", nil); st != 403 {
		t.Fatalf("requisitions with org:read: %d", st)
	}

	// The API reference.
	doc = b.page("/settings/api", 200)
	if doc.Find(".api-op").Length() < 300 {
		t.Fatalf("only %d operations rendered", doc.Find(".api-op").Length())
	}
	op := doc.Find("#op-list-employees")
	if !strings.Contains(op.Find("summary").Text(), "/employees") || !strings.Contains(op.Text(), "people.directory.view") || !strings.Contains(op.Text(), "employees:read") {
		t.Fatalf("list-employees: %q", op.Text())
	}
	curl := op.Find("pre.code-block").Text()
	if !strings.Contains(curl, `Authorization: Bearer $CADRE_TOKEN`) || !strings.Contains(curl, e.srv.URL+"/api/v1/employees") {
		t.Fatalf("curl example: %q", curl)
	}
	hire := doc.Find("#op-create-employee")
	if !strings.Contains(hire.Find("pre.code-block").Text(), "-X POST") || !strings.Contains(hire.Find("pre.code-block").Text(), `"given_name": "Alex"`) || hire.Find("caption:contains('Body')").Length() != 1 {
		t.Fatalf("create-employee: %q", hire.Text())
	}
	if !strings.Contains(doc.Find("#op-create-token").Text(), "tokens with scopes cannot use it") {
		t.Fatalf("create-token: %q", doc.Find("#op-create-token").Text())
	}
	if doc.Find(".tabs a[href='/settings/api'], nav a[href='/settings/api']").Length() == 0 {
		t.Fatal("no settings tab for the API reference")
	}
	// Every signed-in role has tokens, so every role reads the reference.
	for _, who := range []string{"employee@example.com", "admin@example.com", "manager@example.com"} {
		e.login(who).page("/settings/api", 200)
	}
}
