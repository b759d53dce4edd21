package app

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// scimClient calls /scim/v2 with a SCIM client's token.
type scimClient struct {
	e     *env
	token string
}

func (c scimClient) do(method, path string, body any, headers ...string) (int, map[string]any, http.Header) {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+"/scim/v2"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	if res.StatusCode != 304 && len(raw) > 0 && res.Header.Get("Content-Type") != "application/scim+json" {
		c.e.t.Errorf("%s %s: content type %q", method, path, res.Header.Get("Content-Type"))
	}
	return res.StatusCode, out, res.Header
}

func resources(m map[string]any) []map[string]any {
	var out []map[string]any
	for _, r := range m["Resources"].([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

const entURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// TestSCIM: the SCIM 2.0 server on both databases: discovery, Users with
// the enterprise extension, filters, paging, ETags, PATCH and PUT of
// what HR delegates only, Groups of org units and roles, the source-of-
// truth refusals, tokens; and every kind of document validated by the
// scimmy library (tools/scimcheck; required in CI).
func TestSCIM(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		adm := e.api("admin@example.com")
		collected := map[string][]any{}
		keep := func(kind string, v any) { collected[kind] = append(collected[kind], v) }

		if st, _, _ := e.api("generalist@example.com").do("POST", "/api/v1/scim/clients", map[string]any{"name": "x"}); st != 403 {
			t.Fatalf("generalist adds a SCIM client: %d", st)
		}
		if st, bad, _ := adm.do("POST", "/api/v1/scim/clients", map[string]any{"name": " "}); st != 422 || fieldsOf(bad)["name"] == "" {
			t.Fatalf("empty name: %d %v", st, bad)
		}
		_, ro, _ := adm.do("POST", "/api/v1/scim/clients", map[string]any{"name": "Directory reader"})
		st, rw, _ := adm.do("POST", "/api/v1/scim/clients", map[string]any{"name": "Okta provisioning", "can_write": true})
		if st != 201 || !strings.HasPrefix(rw["token"].(string), "cadre_scim_") {
			t.Fatalf("client: %d %v", st, rw)
		}
		reader, writer := scimClient{e, ro["token"].(string)}, scimClient{e, rw["token"].(string)}

		// Tokens.
		if st, body, _ := (scimClient{e: e}).do("GET", "/Users", nil); st != 401 || body["status"] != "401" || body["schemas"].([]any)[0] != "urn:ietf:params:scim:api:messages:2.0:Error" {
			t.Fatalf("no token: %d %v", st, body)
		} else {
			keep("errors", body)
		}
		if st, _, _ := (scimClient{e, "cadre_scim_nope"}).do("GET", "/Users", nil); st != 401 {
			t.Fatalf("bad token: %d", st)
		}
		// An API token is not a SCIM token.
		if st, _, _ := (scimClient{e, e.token("admin@example.com")}).do("GET", "/Users", nil); st != 401 {
			t.Fatalf("API token on SCIM: %d", st)
		}

		// Discovery.
		st, spc, _ := reader.do("GET", "/ServiceProviderConfig", nil)
		if st != 200 || spc["patch"].(map[string]any)["supported"] != true || spc["etag"].(map[string]any)["supported"] != true {
			t.Fatalf("service provider config: %d %v", st, spc)
		}
		collected["serviceProviderConfig"] = []any{spc}
		st, rts, _ := reader.do("GET", "/ResourceTypes", nil)
		if st != 200 || num(rts, "totalResults") != 2 {
			t.Fatalf("resource types: %d %v", st, rts)
		}
		for _, r := range resources(rts) {
			keep("resourceTypes", r)
		}
		st, sch, _ := reader.do("GET", "/Schemas", nil)
		if st != 200 || num(sch, "totalResults") != 3 {
			t.Fatalf("schemas: %d", st)
		}
		if st, _, _ := reader.do("GET", "/Schemas/"+entURN, nil); st != 200 {
			t.Fatalf("enterprise schema: %d", st)
		}

		// Users: everyone, paged by id.
		var total, terminated int
		_ = db.SQLDB().QueryRow(`SELECT COUNT(*), SUM(CASE WHEN status = 'terminated' THEN 1 ELSE 0 END) FROM employees`).Scan(&total, &terminated)
		st, page1, _ := reader.do("GET", "/Users?count=10", nil)
		if st != 200 || int(num(page1, "totalResults")) != total || num(page1, "itemsPerPage") != 10 || num(page1, "startIndex") != 1 {
			t.Fatalf("users: %d total %v (want %d)", st, page1["totalResults"], total)
		}
		keep("lists", page1)
		_, page2, _ := reader.do("GET", "/Users?count=10&startIndex=11", nil)
		p1, p2 := resources(page1), resources(page2)
		if len(p2) != 10 || p1[9]["id"] == p2[0]["id"] {
			t.Fatal("page 2 repeats page 1")
		}
		if _, c0, _ := reader.do("GET", "/Users?count=0", nil); int(num(c0, "totalResults")) != total || len(resources(c0)) != 0 {
			t.Fatal("count=0 is the total only")
		}

		// Filters.
		taylor := e.actorOf("employee@example.com").EmployeeID
		lead := e.actorOf("lead@example.com").EmployeeID
		st, one, _ := reader.do("GET", "/Users?filter="+url.QueryEscape(`userName eq "EMPLOYEE@example.com"`), nil)
		us := resources(one)
		if st != 200 || len(us) != 1 || us[0]["id"] != itoa(taylor) {
			t.Fatalf("userName eq: %d %v", st, one)
		}
		u := us[0]
		ent := u[entURN].(map[string]any)
		if ent["employeeNumber"] == "" || ent["department"] != "Customer Support" || ent["manager"].(map[string]any)["value"] != itoa(lead) || u["active"] != true ||
			u["emails"].([]any)[0].(map[string]any)["primary"] != true || u["meta"].(map[string]any)["version"] == nil {
			t.Fatalf("user: %v", u)
		}
		for _, k := range []string{"phoneNumbers", "addresses", "password"} {
			if _, ok := u[k]; ok {
				t.Fatalf("the user carries %s", k)
			}
		}
		for _, r := range append(p1, u) {
			keep("users", r)
		}
		count := func(f string) int {
			st, m, _ := reader.do("GET", "/Users?count=0&filter="+url.QueryEscape(f), nil)
			if st != 200 {
				t.Fatalf("filter %s: %d %v", f, st, m)
			}
			return int(num(m, "totalResults"))
		}
		if n := count(`active eq false`); n != terminated {
			t.Fatalf("active eq false: %d, want %d", n, terminated)
		}
		if count(`active eq true`)+count(`not (active eq true)`) != total {
			t.Fatal("active and not active do not add up")
		}
		if n := count(`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "customer support" and title co "SUPPORT"`); n == 0 || n >= total {
			t.Fatalf("department and title: %d", n)
		}
		if n := count(`emails[type eq "work" and value ew "@example.com"]`); n < 1 {
			t.Fatalf("emails value path: %d", n)
		}
		if n := count(`manager.value eq "` + itoa(lead) + `"`); n < 1 || n+count(`not (manager.value eq "`+itoa(lead)+`")`) != total {
			t.Fatalf("manager and not-manager (people without a manager included) do not add up: %d", n)
		}
		if count(`meta.lastModified gt "2000-01-01T00:00:00Z"`) != total || count(`externalId eq "abc"`) != 0 || count(`userName sw "employee@" or userName eq "lead@example.com"`) != 2 {
			t.Fatal("date, externalId or or-filters")
		}
		if count(`name.givenName eq "x_%"`) != 0 {
			t.Fatal("LIKE wildcards leak into eq")
		}
		st, bad, _ := reader.do("GET", "/Users?filter="+url.QueryEscape(`userName eq`), nil)
		if st != 400 || bad["scimType"] != "invalidFilter" {
			t.Fatalf("bad filter: %d %v", st, bad)
		}
		keep("errors", bad)
		if st, bad, _ := reader.do("GET", "/Users?filter="+url.QueryEscape(`password eq "x"`), nil); st != 400 || bad["scimType"] != "invalidFilter" {
			t.Fatalf("unfilterable attribute: %d %v", st, bad)
		}
		// Projection.
		_, pr, _ := reader.do("GET", "/Users/"+itoa(taylor)+"?attributes=userName,"+entURN+":department", nil)
		if pr["userName"] == nil || pr["name"] != nil || pr[entURN].(map[string]any)["department"] != "Customer Support" || pr[entURN].(map[string]any)["employeeNumber"] != nil {
			t.Fatalf("attributes: %v", pr)
		}
		// POST /.search.
		st, srch, _ := reader.do("POST", "/Users/.search", map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}, "filter": `userName eq "lead@example.com"`, "count": 5})
		if st != 200 || num(srch, "totalResults") != 1 {
			t.Fatalf(".search: %d %v", st, srch)
		}

		// One user, ETags.
		st, got, h := reader.do("GET", "/Users/"+itoa(taylor), nil)
		etag := h.Get("ETag")
		if st != 200 || etag == "" || etag != got["meta"].(map[string]any)["version"] {
			t.Fatalf("get: %d etag %q", st, etag)
		}
		if st, _, _ := reader.do("GET", "/Users/"+itoa(taylor), nil, "If-None-Match", etag); st != 304 {
			t.Fatalf("If-None-Match: %d", st)
		}
		if st, nf, _ := reader.do("GET", "/Users/999999", nil); st != 404 || nf["status"] != "404" {
			t.Fatalf("unknown user: %d", st)
		} else {
			keep("errors", nf)
		}

		// Writes: only what HR delegated, only by a client allowed to write.
		patch := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": []map[string]any{{"op": "replace", "path": "nickName", "value": "Tay"}}}
		keep("patches", patch)
		if st, body, _ := reader.do("PATCH", "/Users/"+itoa(taylor), patch); st != 403 {
			t.Fatalf("read-only client patches: %d %v", st, body)
		}
		st, body, _ := writer.do("PATCH", "/Users/"+itoa(taylor), patch)
		if st != 400 || body["scimType"] != "mutability" || !strings.Contains(body["detail"].(string), "not delegated") {
			t.Fatalf("undelegated: %d %v", st, body)
		}
		keep("errors", body)
		if st, _, _ := e.api("generalist@example.com").do("PUT", "/api/v1/scim/writable", map[string]any{"attributes": []string{"nickName"}}); st != 403 {
			t.Fatalf("a generalist delegates: %d", st)
		}
		if st, bad, _ := e.api("manager@example.com").do("PUT", "/api/v1/scim/writable", map[string]any{"attributes": []string{"userName"}}); st != 422 || fieldsOf(bad)["writable"] == "" {
			t.Fatalf("delegate userName: %d %v", st, bad)
		}
		if st, w, _ := e.api("manager@example.com").do("PUT", "/api/v1/scim/writable", map[string]any{"attributes": []string{"nickName"}}); st != 200 || len(w["attributes"].([]any)) != 1 {
			t.Fatalf("HR delegates nickName: %d %v", st, w)
		}
		if st, _, _ := writer.do("PATCH", "/Users/"+itoa(taylor), patch, "If-Match", `W/"1"`); st != 412 {
			t.Fatalf("stale If-Match: %d", st)
		}
		st, after, h2 := writer.do("PATCH", "/Users/"+itoa(taylor), patch, "If-Match", etag)
		if st != 200 || after["nickName"] != "Tay" || !strings.HasPrefix(after["displayName"].(string), "Tay ") || h2.Get("ETag") == etag {
			t.Fatalf("patch: %d %v", st, after)
		}
		if st, p, _ := gen(e).do("GET", "/api/v1/employees/"+itoa(taylor), nil); st != 200 || p["preferred_name"] != "Tay" {
			t.Fatalf("the people core after the patch: %v", p["preferred_name"])
		}
		// The directory finds people by a preferred name set over SCIM.
		if _, found, _ := gen(e).do("GET", "/api/v1/employees?q=zephyrine", nil); strings.Contains(toJSON(found), `"id":`+itoa(taylor)) {
			t.Fatal("found before the name was set")
		}
		if st, _, _ := writer.do("PATCH", "/Users/"+itoa(taylor), map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []map[string]any{{"op": "replace", "path": "nickName", "value": "Zephyrine"}}}); st != 200 {
			t.Fatalf("patch: %d", st)
		}
		if _, found, _ := gen(e).do("GET", "/api/v1/employees?q=zephyrine", nil); !strings.Contains(toJSON(found), `"id":`+itoa(taylor)) {
			t.Fatalf("the directory does not find the preferred name set over SCIM: %v", found)
		}
		_, au, _ := adm.do("GET", "/api/v1/audit?action=employee.update&object_id="+itoa(taylor), nil)
		if items := au["items"].([]any); len(items) == 0 || !strings.Contains(items[0].(map[string]any)["actor"].(string), "SCIM client Okta provisioning") {
			t.Fatalf("audit: %v", au)
		}
		for path, want := range map[string]string{"title": "mutability", "name.givenName": "mutability", "active": "mutability", "favouriteColour": "invalidPath"} {
			p := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": []map[string]any{{"op": "replace", "path": path, "value": "x"}}}
			if st, b, _ := writer.do("PATCH", "/Users/"+itoa(taylor), p); st != 400 || b["scimType"] != want {
				t.Fatalf("patch %s: %d %v", path, st, b)
			}
		}
		// Without a path, an object of attributes.
		if st, b, _ := writer.do("PATCH", "/Users/"+itoa(taylor), map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"nickName": "Taylor B", "userName": "x@example.com"}}}}); st != 400 || b["scimType"] != "mutability" {
			t.Fatalf("a pathless replace touching userName: %d %v", st, b)
		}
		// PUT: what HR keeps must not change.
		put := map[string]any{}
		for k, v := range after {
			put[k] = v
		}
		put["userName"] = "someone.else@example.com"
		if st, b, _ := writer.do("PUT", "/Users/"+itoa(taylor), put); st != 400 || b["scimType"] != "mutability" {
			t.Fatalf("PUT changing userName: %d %v", st, b)
		}
		put["userName"], put["title"] = after["userName"], "Chief Everything"
		if st, b, _ := writer.do("PUT", "/Users/"+itoa(taylor), put); st != 400 || b["scimType"] != "mutability" {
			t.Fatalf("PUT changing the title: %d %v", st, b)
		}
		put["title"], put["nickName"] = after["title"], "TB"
		if st, b, _ := writer.do("PUT", "/Users/"+itoa(taylor), put); st != 200 || b["nickName"] != "TB" {
			t.Fatalf("PUT: %d %v", st, b)
		}
		// Remove the preferred name.
		if st, b, _ := writer.do("PATCH", "/Users/"+itoa(taylor), map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []map[string]any{{"op": "remove", "path": "nickName"}}}); st != 200 || b["nickName"] != nil {
			t.Fatalf("remove nickName: %d %v", st, b)
		}
		// Cadre is the source of truth.
		if st, b, _ := writer.do("POST", "/Users", map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}, "userName": "new@example.com"}); st != 403 || !strings.Contains(b["detail"].(string), "source of truth") {
			t.Fatalf("create: %d %v", st, b)
		} else {
			keep("errors", b)
		}
		if st, _, _ := writer.do("DELETE", "/Users/"+itoa(taylor), nil); st != 403 {
			t.Fatalf("delete: %d", st)
		}

		// Groups: org units and HR roles.
		st, gs, _ := reader.do("GET", "/Groups?filter="+url.QueryEscape(`displayName eq "customer support"`), nil)
		groups := resources(gs)
		if st != 200 || len(groups) != 1 || !strings.HasPrefix(groups[0]["id"].(string), "ou-") {
			t.Fatalf("groups: %d %v", st, gs)
		}
		found := false
		for _, m := range groups[0]["members"].([]any) {
			found = found || m.(map[string]any)["value"] == itoa(taylor)
		}
		if !found {
			t.Fatal("Taylor is not a member of Customer Support")
		}
		keep("groups", groups[0])
		keep("lists", gs)
		st, role, _ := reader.do("GET", "/Groups/role-hr_manager", nil)
		marcus := e.actorOf("manager@example.com").EmployeeID
		found = false
		for _, m := range role["members"].([]any) {
			found = found || m.(map[string]any)["value"] == itoa(marcus)
		}
		if st != 200 || !found {
			t.Fatalf("HR managers: %d %v", st, role)
		}
		keep("groups", role)
		_, lean, _ := reader.do("GET", "/Groups?excludedAttributes=members&count=500", nil)
		var ouCount int
		_ = db.SQLDB().QueryRow(`SELECT COUNT(*) FROM org_units`).Scan(&ouCount)
		if int(num(lean, "totalResults")) != ouCount+4 || resources(lean)[0]["members"] != nil {
			t.Fatalf("groups without members: %v of %d", lean["totalResults"], ouCount+4)
		}
		if _, mem, _ := reader.do("GET", "/Groups?filter="+url.QueryEscape(`members.value eq "`+itoa(taylor)+`"`), nil); num(mem, "totalResults") < 1 {
			t.Fatal("groups by member")
		}
		if st, _, _ := writer.do("PATCH", "/Groups/role-hr_manager", map[string]any{}); st != 403 {
			t.Fatalf("patch a group: %d", st)
		}

		// Revoked: 401.
		if st, _, _ := adm.do("DELETE", "/api/v1/scim/clients/"+itoa(num(ro, "id")), nil); st != 204 {
			t.Fatalf("revoke: %d", st)
		}
		if st, _, _ := reader.do("GET", "/Users", nil); st != 401 {
			t.Fatalf("revoked client: %d", st)
		}

		// The outside validator.
		dir, _ := filepath.Abs(filepath.Join("..", "..", "tools", "scimcheck"))
		node, err := exec.LookPath("node")
		if err != nil || fileMissing(filepath.Join(dir, "node_modules", "scimmy", "package.json")) {
			if os.Getenv("CADRE_SCIMMY_REQUIRED") == "1" {
				t.Fatal("node or tools/scimcheck/node_modules is missing, and CADRE_SCIMMY_REQUIRED=1")
			}
			t.Log("skipping the scimmy validation: run npm ci in tools/scimcheck")
			return
		}
		b, _ := json.Marshal(collected)
		in := filepath.Join(t.TempDir(), "resources.json")
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, filepath.Join(dir, "validate.mjs"), in).CombinedOutput()
		if err != nil {
			t.Fatalf("scimmy rejected what the server sent: %v\n%s", err, out)
		}
		t.Logf("%s", out)
	})
}

func gen(e *env) *apiClient { return e.api("generalist@example.com") }

// TestSCIMPages: the admin adds a SCIM client (token shown once) and
// revokes it; HR managers choose what clients may write; others get 403.
func TestSCIMPages(t *testing.T) {
	e := sqliteEnv(t)
	for _, who := range []string{"generalist@example.com", "manager@example.com", "employee@example.com"} {
		if res := e.login(who).get("/admin/scim"); res.StatusCode != 403 {
			t.Fatalf("%s on /admin/scim: %d", who, res.StatusCode)
		}
	}
	for _, who := range []string{"generalist@example.com", "admin@example.com", "employee@example.com"} {
		if res := e.login(who).get("/settings/provisioning"); res.StatusCode != 403 {
			t.Fatalf("%s on /settings/provisioning: %d", who, res.StatusCode)
		}
	}
	b := e.login("admin@example.com")
	doc := b.page("/admin/scim", 200)
	if !strings.HasSuffix(doc.Find("#scim-base").Text(), "/scim/v2") || !strings.Contains(doc.Find(".page-sub").Text(), "now: nothing") {
		t.Fatalf("page: %q", doc.Find(".page-sub").Text())
	}
	doc, _ = b.submit("/admin/scim", url.Values{"name": {""}}, 422)
	if doc.Find("#f-name-error").Length() == 0 {
		t.Fatal("no name error")
	}
	doc, _ = b.submit("/admin/scim", url.Values{"name": {"Okta provisioning"}, "can_write": {"on"}}, 201)
	tok := strings.TrimSpace(doc.Find("#new-scim-token").Text())
	if !strings.HasPrefix(tok, "cadre_scim_") || !strings.Contains(doc.Find("#scim-clients").Text(), "Delegated attributes") {
		t.Fatalf("created: %q", tok)
	}
	if st, _, _ := (scimClient{e, tok}).do("GET", "/Users?count=1", nil); st != 200 {
		t.Fatalf("the new token: %d", st)
	}
	// HR delegates the preferred name.
	m := e.login("manager@example.com")
	pd := m.page("/settings/provisioning", 200)
	if pd.Find("#wr-nickName").Length() != 1 || pd.Find("a.tab[href='/settings/provisioning']").Length() != 1 {
		t.Fatal("the provisioning settings page")
	}
	m.submit("/settings/provisioning", url.Values{"writable": {"nickName"}}, 303)
	if !strings.Contains(b.page("/admin/scim", 200).Find(".page-sub").Text(), "nickName") {
		t.Fatal("the delegation is not shown to the admin")
	}
	action, _ := b.page("/admin/scim", 200).Find("#scim-clients form").Attr("action")
	if res := b.post(action, url.Values{}); res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if st, _, _ := (scimClient{e, tok}).do("GET", "/Users?count=1", nil); st != 401 {
		t.Fatalf("revoked token: %d", st)
	}
}
