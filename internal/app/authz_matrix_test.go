package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/web/api"
	"github.com/cadrehq/cadre/internal/work"
)

// The authorization matrix: every operation of the API (read from the
// OpenAPI document the server publishes, so a new route is in the matrix
// the moment it exists) × every role × a record in the caller's scope and
// one outside it. The rule for an operation is the permission it declares
// (op(…, perm)); an operation that declares none must be listed in
// apiOwnerRules with who may use it, and every path parameter must have a
// real record to aim at in apiObjects. A new route without either fails
// TestAuthorizationMatrixAPI.

// apiOwnerRules are the operations with no single permission: their use
// case decides by ownership or by several permissions. The matrix checks
// them for sign-in, a 404 for another user's record where it can, and no
// server errors; their own tests cover who may.
var apiOwnerRules = map[string]string{
	"POST /approvals/{id}/decision":                "the approver the request is routed to (work_test)",
	"GET /approvals":                               "one's own requests and those routed to one, and with work.approvals.view those in scope",
	"GET /delegations":                             "the delegations one gave or received",
	"GET /interviews":                              "the interviews one is on the panel of",
	"GET /concerns":                                "the reporter's own concerns",
	"GET /concerns/{id}":                           "the reporter",
	"POST /concerns/{id}/messages":                 "the reporter",
	"DELETE /delegations/{id}":                     "the delegator",
	"GET /leave-types":                             "signed in (the types one may request)",
	"GET /me":                                      "signed in",
	"GET /me/calendar-feeds":                       "signed in (own feeds)",
	"POST /me/calendar-feeds":                      "signed in (kinds by permission)",
	"DELETE /me/calendar-feeds/{id}":               "the feed's owner",
	"GET /merit-cycles":                            "merit.manage or a worksheet's manager",
	"GET /merit-cycles/{id}/worksheet":             "the worksheet's manager, or merit.manage",
	"PUT /merit-cycles/{id}/worksheet":             "the worksheet's manager, or merit.manage",
	"POST /merit-cycles/{id}/worksheet/submission": "the worksheet's manager",
	"GET /notifications":                           "signed in (own)",
	"GET /notifications/preferences":               "signed in (own)",
	"PUT /notifications/preferences":               "signed in (own)",
	"POST /notifications/read":                     "signed in (own)",
	"GET /recruiting/sla":                          "hiring.metrics.view or hiring.requisitions.view",
	"GET /statements":                              "the witness's own statements",
	"GET /webhook-deliveries/{id}":                 "the webhook's or feed's owner",
	"POST /webhook-deliveries/{id}/replays":        "the webhook's or feed's owner",
	"DELETE /webhooks/{id}":                        "the webhook's or feed's owner",
	"GET /webhooks/{id}":                           "the webhook's or feed's owner",
	"PUT /webhooks/{id}":                           "the webhook's or feed's owner",
	"GET /webhooks/{id}/deliveries":                "the webhook's or feed's owner",
	"POST /webhooks/{id}/pings":                    "the webhook's or feed's owner",
	"POST /webhooks/{id}/secret-rotation":          "the webhook's or feed's owner",
}

// apiObjects gives every path parameter, by the collection before it, a
// real record: a query (its ? is the parameter before it in the path) or
// a fixed value. Employees are chosen per caller (in and out of scope).
var apiObjects = map[string]string{
	"actions/{sub}":             "SELECT min(id) FROM development_actions WHERE plan_id = ?",
	"applications/{id}":         "SELECT min(id) FROM applications",
	"approval-chains/{kind}":    "=kind",
	"approvals/{id}":            "SELECT min(id) FROM approval_requests",
	"benefit-carriers/{id}":     "SELECT min(id) FROM benefit_carriers",
	"benefit-documents/{id}":    "SELECT min(id) FROM benefit_documents",
	"benefit-feeds/{id}":        "SELECT min(id) FROM benefit_feeds",
	"benefit-life-events/{id}":  "SELECT min(id) FROM benefit_life_events",
	"benefit-plans/{id}":        "SELECT min(id) FROM benefit_plans",
	"benefit-windows/{id}":      "SELECT min(id) FROM benefit_windows",
	"bonus-plans/{id}":          "SELECT min(id) FROM bonus_plans",
	"calendar-feeds/{id}":       "SELECT min(id) FROM calendar_feeds",
	"candidates/{id}":           "SELECT min(id) FROM candidates",
	"career-ladders/{id}":       "SELECT min(id) FROM career_ladders",
	"career-paths/{id}":         "SELECT min(id) FROM career_paths",
	"cases/{id}":                "SELECT min(id) FROM er_cases",
	"certifications/{id}":       "SELECT min(id) FROM certifications",
	"checklist/{item_id}":       "SELECT min(id) FROM task_checklist WHERE task_id = ?",
	"checks/{kind}":             "=background",
	"clients/{id}":              "SELECT min(id) FROM scim_clients",
	"closures/{date}":           "=2026-12-24",
	"cobra-cases/{id}":          "SELECT min(id) FROM benefit_cobra",
	"competencies/{id}":         "SELECT min(id) FROM competencies",
	"concerns/{id}":             "SELECT min(id) FROM er_cases",
	"contacts/{contact_id}":     "SELECT min(id) FROM emergency_contacts WHERE employee_id = ?",
	"costs/{id}":                "SELECT min(id) FROM recruiting_costs",
	"credentials/{id}":          "SELECT min(id) FROM credentials",
	"delegations/{id}":          "SELECT min(id) FROM delegations",
	"dependents/{dependent}":    "SELECT min(id) FROM benefit_dependents WHERE employee_id = ?",
	"development-plans/{id}":    "SELECT min(id) FROM development_plans",
	"discipline/{id}":           "SELECT min(id) FROM er_discipline",
	"documents/{doc_id}":        "SELECT min(id) FROM documents WHERE employee_id = ?",
	"elections/{type}":          "=medical",
	"email-templates/{key}":     "=application_received",
	"employees/{id}":            "=employee",
	"enrollments/{window}":      "SELECT min(id) FROM benefit_windows",
	"evidence/{evidence_id}":    "SELECT min(id) FROM er_evidence WHERE case_id = ?",
	"exports/{id}":              "SELECT min(id) FROM payroll_exports",
	"files/{file}":              "SELECT min(f.id) FROM i9_files f JOIN i9_records r ON r.id = f.record_id WHERE r.employee_id = ?",
	"goals/{sub}":               "SELECT min(id) FROM development_goals WHERE plan_id = ?",
	"grades/{name}":             "SELECT min(name) FROM pay_structure_grades WHERE structure_id = ?",
	"inquiries/{id}":            "SELECT min(id) FROM tasks",
	"interviews/{id}":           "SELECT min(id) FROM interviews",
	"jobs/{id}":                 "SELECT min(id) FROM jobs",
	"jobs/{job}":                "SELECT min(job_id) FROM pay_structure_jobs WHERE structure_id = ?",
	"leave-cases/{id}":          "SELECT min(id) FROM leave_cases",
	"leave-certifications/{id}": "SELECT min(id) FROM leave_documents",
	"leave-notices/{id}":        "SELECT min(id) FROM leave_notices",
	"leave-programs/{key}":      "SELECT min(key) FROM leave_programs",
	"leave-types/{id}":          "SELECT min(id) FROM leave_types",
	"legal-holds/{id}":          "SELECT min(id) FROM legal_holds",
	"legal-matters/{id}":        "SELECT min(id) FROM legal_matters",
	"legislative-changes/{id}":  "SELECT min(id) FROM legislative_changes",
	"locations/{id}":            "SELECT min(id) FROM locations",
	"merit-cycles/{id}":         "SELECT min(id) FROM merit_cycles",
	"notice-templates/{kind}":   "=eligibility",
	"offers/{id}":               "SELECT min(id) FROM offers",
	"org-units/{id}":            "SELECT min(id) FROM org_units",
	"parties/{party_id}":        "SELECT min(id) FROM er_parties WHERE case_id = ?",
	"pay-grades/{id}":           "SELECT min(id) FROM pay_grades",
	"pay-structures/{id}":       "SELECT min(id) FROM pay_structures",
	"pay-zones/{id}":            "SELECT min(id) FROM pay_zones",
	"policies/{id}":             "SELECT min(id) FROM policies",
	"policy-versions/{id}":      "SELECT min(id) FROM policy_versions",
	"postings/{id}":             "SELECT min(id) FROM postings",
	"providers/{id}":            "SELECT min(id) FROM sso_providers",
	"purges/{id}":               "SELECT min(id) FROM records_purges",
	"question-sets/{id}":        "SELECT min(id) FROM question_sets",
	"reports/{id}":              "SELECT min(id) FROM saved_reports",
	"reports/{report}":          "=census",
	"requests/{id}":             "SELECT min(id) FROM time_off_requests",
	"requests/{request}":        "SELECT min(id) FROM legal_matter_requests WHERE matter_id = ?",
	"requisitions/{id}":         "SELECT min(id) FROM requisitions",
	"rules/{rule}":              "=rule",
	"schedules/{schedule}":      "SELECT min(id) FROM report_schedules WHERE report_id = ?",
	"stage-templates/{id}":      "SELECT min(id) FROM stage_templates",
	"statements/{id}":           "SELECT min(id) FROM er_entries",
	"tasks/{id}":                "SELECT min(id) FROM tasks",
	"templates/{id}":            "SELECT min(id) FROM payroll_templates",
	"tokens/{id}":               "SELECT min(id) FROM api_tokens",
	"webhook-deliveries/{id}":   "SELECT min(id) FROM webhook_deliveries",
	"webhooks/{id}":             "SELECT min(id) FROM webhook_subscriptions",
}

// apiBodies are request bodies for creates whose generated body the use
// case would refuse: they make the records the other operations aim at.
var apiBodies = map[string]string{
	"POST /webhooks":                  `{"name":"Matrix","url":"https://hooks.example.com/cadre","events":["employee.hired"]}`,
	"POST /scim/clients":              `{"name":"Matrix directory"}`,
	"POST /employees/{id}/contacts":   `{"name":"Sam Brooks","relationship":"Spouse","phone":"555-201-0100"}`,
	"POST /employees/{id}/dependents": `{"relationship":"child","given_name":"Ava","family_name":"Brooks","birth_date":"2015-04-02"}`,
	"POST /delegations":               `{"delegate_user_id":2,"starts_on":"2026-11-10","ends_on":"2026-11-20"}`,
	"POST /reports/{id}/schedules":    `{"frequency":"weekly","format":"csv"}`,
	"POST /me/calendar-feeds":         `{"kind":"deadlines"}`,
}

// apiFinerRules are the operations where a caller holding the declared
// permission may still be refused, with the rule that refuses: the
// company-wide operations a scoped grant does not cover, separation of
// duties, records that are another's. A refusal anywhere else fails
// TestAuthorizationMatrixAPI.
var apiFinerRules = map[string]string{
	"DELETE /reports/{id}":                         "only its owner deletes a report",
	"GET /benefit-feeds":                           "carrier feeds cover the whole company; your grant covers part of it",
	"GET /benefit-feeds/{id}/file":                 "carrier feeds cover the whole company; your grant covers part of it",
	"GET /benefit-life-events/{id}":                "you do not have permission \"benefits.view\" for this record",
	"GET /cobra-cases/{id}":                        "you do not have permission \"benefits.admin\" for this record",
	"GET /compensation/philosophy":                 "only HR with the pay permission sees pay structures",
	"GET /compensation/positions":                  "only HR with the pay permission sees positions in range",
	"GET /credentials/compliance":                  "you do not have permission \"careers.view\" for this record",
	"GET /leave-cases":                             "only HR lists leave cases",
	"GET /market/data":                             "only HR with the pay permission sees market data",
	"GET /market/pricing":                          "only HR with the pay permission prices jobs",
	"GET /merit-cycles":                            "merit cycles are for HR and line managers",
	"GET /merit-cycles/{id}/worksheet":             "this worksheet belongs to another manager",
	"GET /one-time-payments":                       "only HR with the pay permission works with payroll",
	"GET /pay-structures":                          "only HR with the pay permission sees pay structures",
	"GET /pay-structures/{id}":                     "only HR with the pay permission sees pay structures",
	"GET /pay-zones":                               "only HR with the pay permission sees pay structures",
	"GET /payroll":                                 "only HR with the pay permission works with payroll",
	"GET /payroll/costs":                           "only HR with the pay permission works with payroll",
	"GET /payroll/costs/file":                      "only HR with the pay permission works with payroll",
	"GET /payroll/exports":                         "only HR with the pay permission works with payroll",
	"GET /payroll/exports/{id}":                    "only HR with the pay permission works with payroll",
	"GET /payroll/exports/{id}/file":               "payroll files cover the whole company; your grant covers part of it",
	"GET /payroll/register":                        "only HR with the pay permission works with payroll",
	"GET /payroll/register/file":                   "only HR with the pay permission works with payroll",
	"GET /payroll/templates":                       "only HR with the pay permission works with payroll",
	"GET /recruiting/phone-screen-template":        "you do not have permission \"hiring.ats.manage\" for this record",
	"GET /time-off/requests":                       "only HR sees time off across teams",
	"POST /benefit-carriers/{id}/feeds":            "carrier feeds cover the whole company; your grant covers part of it",
	"POST /benefit-life-events/{id}/documents":     "you do not have permission \"benefits.enroll\" for this record",
	"POST /benefit-life-events/{id}/verification":  "you do not have permission \"benefits.admin\" for this record",
	"POST /benefit-windows":                        "open enrollment covers the whole company; your grant covers part of it",
	"POST /benefit-windows/{id}/close":             "open enrollment covers the whole company; your grant covers part of it",
	"POST /cobra-cases/{id}/steps":                 "you do not have permission \"benefits.admin\" for this record",
	"POST /credentials/{id}/reimbursement":         "nobody decides their own reimbursement",
	"POST /credentials/{id}/verify":                "nobody verifies their own credential",
	"POST /discipline":                             "you do not have permission \"relations.discipline.issue\" for this record",
	"POST /employees":                              "you do not have permission \"people.hire\" for this record",
	"POST /export-feeds":                           "a payroll file feed needs permission \"payroll.export\" over the whole company",
	"POST /interviews/{id}/scorecards":             "only the interviewers submit scorecards for this interview",
	"POST /me/calendar-feeds":                      "you do not have permission \"work.tasks.work\" for this record",
	"POST /merit-cycles/{id}/worksheet/submission": "this worksheet belongs to another manager",
	"POST /payroll/exports":                        "payroll is exported for the whole company; your grant covers part of it",
	"POST /time-off/feeds":                         "calendar feeds are for line managers' teams",
	"POST /time-off/requests/{id}/cancellation":    "you do not have permission \"leave.time_off.request\" for this record",
	"POST /time-off/requests/{id}/change":          "you do not have permission \"leave.time_off.request\" for this record",
	"PUT /merit-cycles/{id}/worksheet":             "this worksheet belongs to another manager",
}

// apiNoDemoRecord are the kinds of record the small demo company has none
// of for the callers' in- and out-of-scope employees: calls aimed at them
// are still checked (a refusal must be 403 or 404), but cannot tell a
// refusal from a missing record.
var apiNoDemoRecord = map[string]string{
	"calendar-feeds/{id}":     "feeds are made by their users",
	"contacts/{contact_id}":   "the out-of-scope employees have no emergency contacts",
	"delegations/{id}":        "made by the matrix's own calls",
	"dependents/{dependent}":  "the out-of-scope employees have no dependents",
	"documents/{doc_id}":      "the demo employees have no uploaded documents",
	"evidence/{evidence_id}":  "the demo ER cases have no evidence files",
	"files/{file}":            "the demo I-9s have no scanned copies",
	"jobs/{job}":              "no job is assigned to a pay structure in the small demo",
	"providers/{id}":          "single sign-on providers need a live identity provider",
	"schedules/{schedule}":    "made by the matrix's own calls",
	"webhooks/{id}":           "made by the matrix's own calls",
	"purges/{id}":             "no records purge has run",
	"benefit-documents/{id}":  "no carrier documents in the small demo",
	"webhook-deliveries/{id}": "no deliveries in the small demo",
	"clients/{id}":            "made by the matrix's own calls",
	"templates/{id}":          "payroll templates are made by HR",
}

// matrixParamRE finds a path parameter with the collection before it.
var matrixParamRE = regexp.MustCompile(`([a-z0-9-]+)/\{([a-z_]+)\}`)

// apiOp is one operation of the published API.
type apiOp struct {
	Method, Path string
	Perms        []access.Permission // any one of them
	Rule         string              // apiOwnerRules entry when Perm is empty
	Body         map[string]any
	Multipart    map[string]string // a multipart body's fields ("@csv", "@pdf": a file)
	Query        url.Values
}

func (o apiOp) key() string { return o.Method + " " + o.Path }

// loadAPIOps reads the operations from the server's OpenAPI document and
// builds, for each, a request body its schema accepts.
func loadAPIOps(t *testing.T, e *env) []apiOp {
	t.Helper()
	res := e.client().get("/api/v1/openapi.json")
	defer res.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var ops []apiOp
	for path, item := range doc["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			o, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			op := apiOp{Method: strings.ToUpper(method), Path: path, Query: url.Values{}}
			if ps, ok := o[api.PermissionsExtension].([]any); ok {
				for _, p := range ps {
					op.Perms = append(op.Perms, access.Permission(p.(string)))
				}
			} else {
				op.Rule = apiOwnerRules[op.key()]
			}
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				p := p.(map[string]any)
				if p["in"] == "query" && p["required"] == true {
					s := p["schema"].(map[string]any)
					v := sample(s, schemas, p["name"].(string), 0)
					if arr, ok := v.([]any); ok {
						if len(arr) == 0 { // required: at least one
							items, _ := s["items"].(map[string]any)
							arr = append(arr, sample(items, schemas, p["name"].(string), 1))
						}
						for _, x := range arr {
							op.Query.Add(p["name"].(string), fmt.Sprint(x))
						}
					} else {
						op.Query.Set(p["name"].(string), fmt.Sprint(v))
					}
				}
			}
			if raw, ok := apiBodies[op.key()]; ok {
				if err := json.Unmarshal([]byte(raw), &op.Body); err != nil {
					t.Fatalf("apiBodies[%s]: %v", op.key(), err)
				}
			} else if rb, ok := o["requestBody"].(map[string]any); ok {
				content := rb["content"].(map[string]any)
				if mp, ok := content["multipart/form-data"].(map[string]any); ok {
					s := resolve(mp["schema"].(map[string]any), schemas)
					props, _ := s["properties"].(map[string]any)
					enc, _ := mp["encoding"].(map[string]any)
					op.Multipart = map[string]string{}
					for name, ps := range props {
						ps := ps.(map[string]any)
						if ps["format"] == "binary" {
							op.Multipart[name] = "@pdf"
							if e, ok := enc[name].(map[string]any); ok && strings.Contains(fmt.Sprint(e["contentType"]), "text/csv") {
								op.Multipart[name] = "@csv"
							}
							continue
						}
						op.Multipart[name] = fmt.Sprint(sample(ps, schemas, name, 1))
					}
				} else if js, ok := content["application/json"].(map[string]any); ok {
					body, _ := sample(js["schema"].(map[string]any), schemas, "", 0).(map[string]any)
					op.Body = body
				}
			}
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].key() < ops[j].key() })
	return ops
}

func resolve(s map[string]any, schemas map[string]any) map[string]any {
	if ref, ok := s["$ref"].(string); ok {
		return schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
	}
	return s
}

// sample makes a value the schema accepts: required properties only,
// the first enum value, the least number and length allowed.
func sample(s map[string]any, schemas map[string]any, name string, depth int) any {
	return sampleWith(s, schemas, name, depth, nil)
}

// sampleWith is sample with free-text strings (no enum, format or
// pattern) from text, when given.
func sampleWith(s map[string]any, schemas map[string]any, name string, depth int, text func(field string) string) any {
	s = resolve(s, schemas)
	if depth > 8 {
		return nil
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	typ := s["type"]
	if arr, ok := typ.([]any); ok { // ["array", "null"]
		typ = arr[0]
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			n := r.(string)
			if p, ok := props[n].(map[string]any); ok {
				out[n] = sampleWith(p, schemas, n, depth+1, text)
			}
		}
		return out
	case "array":
		min := 0
		if m, ok := s["minItems"].(float64); ok {
			min = int(m)
		}
		items, _ := s["items"].(map[string]any)
		out := []any{}
		for i := 0; i < min; i++ {
			out = append(out, sampleWith(items, schemas, name, depth+1, text))
		}
		return out
	case "integer", "number":
		if m, ok := s["minimum"].(float64); ok {
			return m
		}
		if m, ok := s["exclusiveMinimum"].(float64); ok {
			return m + 1
		}
		return 1
	case "boolean":
		return false
	case "string":
		switch s["format"] {
		case "date":
			return "2026-12-01"
		case "date-time":
			return "2026-12-01T10:00:00Z"
		case "email":
			return "matrix@example.com"
		case "uri":
			return "https://example.com/matrix"
		}
		if p, _ := s["pattern"].(string); strings.Contains(p, `\d{4}-\d{2}-\d{2}`) {
			return "2026-12-01"
		}
		v := "matrix"
		if _, hasPattern := s["pattern"]; text != nil && !hasPattern {
			v = text(name)
		}
		if m, ok := s["minLength"].(float64); ok && int(m) > len(v) {
			v = strings.Repeat("m", int(m))
		}
		if m, ok := s["maxLength"].(float64); ok && int(m) < len(v) {
			v = v[:int(m)]
		}
		return v
	}
	return nil
}

// matrixCaller is a role in the matrix with the employees that are in and
// out of its scope.
type matrixCaller struct {
	email    string
	actor    access.Actor
	token    string
	in, out  int64 // employees in and out of scope (out 0: the whole company is in scope)
	hasScope bool
}

// mayReachAny reports whether the caller holds one of perms over some
// record at all (employees: over that employee): the matrix's
// expectation.
func mayReachAny(a access.Actor, perms []access.Permission, target *access.Target) bool {
	for _, p := range perms {
		if target != nil && access.Can(a, p, *target) || target == nil && access.Holds(a, p) {
			return true
		}
	}
	return false
}

type matrixResult struct {
	op      apiOp
	caller  string
	target  string
	status  int
	problem string
}

// TestAuthorizationMatrixAPI sends every operation as every role at a
// record in and out of the role's scope: without a sign-in every one is
// 401; a role without the operation's permission gets 403 or 404 and
// changes nothing (the audit log does not grow); a role with it is not
// refused; and nothing is a server error.
func TestAuthorizationMatrixAPI(t *testing.T) {
	if raceOn {
		t.Skip("thousands of sequential requests, no concurrency to race: the plain run covers it")
	}
	e := sqliteEnv(t)
	ctx := context.Background()
	ops := loadAPIOps(t, e)
	if len(ops) < 400 {
		t.Fatalf("only %d operations in the OpenAPI document", len(ops))
	}

	// Every operation has a rule, and every path parameter a record.
	paramRE := matrixParamRE
	for _, o := range ops {
		if len(o.Perms) == 0 && o.Rule == "" {
			t.Errorf("%s declares no permission and has no rule in apiOwnerRules: say who may call it", o.key())
		}
		for _, p := range o.Perms {
			if !knownPermission(p) {
				t.Errorf("%s declares unknown permission %q", o.key(), p)
			}
		}
		if len(o.Perms) > 0 && o.Rule == "" && apiOwnerRules[o.key()] != "" {
			t.Errorf("%s declares permissions and is also in apiOwnerRules", o.key())
		}
		for _, m := range paramRE.FindAllStringSubmatch(o.Path, -1) {
			if _, ok := apiObjects[m[1]+"/{"+m[2]+"}"]; !ok {
				t.Errorf("%s: no record for %s/{%s} in apiObjects", o.key(), m[1], m[2])
			}
		}
	}
	for k := range apiOwnerRules {
		found := false
		for _, o := range ops {
			found = found || o.key() == k
		}
		if !found {
			t.Errorf("apiOwnerRules names %s, which is not an operation", k)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	engineer := e.engineer(t)
	taylor := e.actorOf("employee@example.com").EmployeeID
	var opsEmployee int64
	if v, ok, err := e.db.Lookup(ctx, `SELECT min(e.id) FROM employees e JOIN org_units o ON o.id = e.org_unit_id WHERE o.name = 'Operations' AND e.status = 'active'`); err != nil || !ok {
		t.Fatalf("no Operations employee: %v", err)
	} else {
		fmt.Sscan(v, &opsEmployee)
	}
	callers := []*matrixCaller{
		{email: "admin@example.com"},
		{email: "director@example.com", in: taylor},
		{email: "manager@example.com", in: taylor},
		{email: "generalist@example.com", in: taylor},
		{email: "ops.generalist@example.com", in: opsEmployee, out: engineer},
		{email: "lead@example.com", in: taylor, out: engineer},
		{email: "employee@example.com", in: taylor, out: engineer},
	}
	// The token DELETE /tokens/{id} aims at (the first one) is a spare, so
	// the callers' own tokens stay valid.
	e.token("generalist@example.com")
	for _, c := range callers {
		c.actor = e.actorOf(c.email)
		c.token = e.token(c.email)
		if c.in == 0 {
			c.in = taylor
		}
	}

	targetOf := map[int64]access.Target{}
	for _, id := range []int64{taylor, engineer, opsEmployee} {
		tg, err := e.db.Reader().Target(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		targetOf[id] = tg
	}

	// The path with records filled in; ok false when a record is missing
	// from the demo data (the operation is then checked without a record).
	noRecord := map[string]bool{}
	fill := func(path string, employee int64) (string, map[string]string, bool) {
		out := path
		params := map[string]string{}
		prev := ""
		complete := true
		for _, m := range paramRE.FindAllStringSubmatch(path, -1) {
			src := apiObjects[m[1]+"/{"+m[2]+"}"]
			var v string
			switch {
			case src == "=employee":
				v = fmt.Sprint(employee)
			case src == "=kind":
				v = work.Kinds()[0].Key
			case src == "=rule":
				v = rules.Names()[0]
			case strings.HasPrefix(src, "="):
				v = src[1:]
			default:
				var args []any
				if strings.Contains(src, "?") {
					args = append(args, prev)
				}
				got, ok, err := e.db.Lookup(ctx, src, args...)
				if err != nil {
					t.Fatalf("%s: %v", src, err)
				}
				if !ok {
					noRecord[m[1]+"/{"+m[2]+"}"] = true
					v, complete = "999999", false
				} else {
					v = got
				}
			}
			out = strings.Replace(out, "{"+m[2]+"}", url.PathEscape(v), 1)
			params[m[2]] = v
			prev = v
		}
		return out, params, complete
	}

	send := func(o apiOp, path string, params map[string]string, token string) (int, string) {
		var body io.Reader
		ct := ""
		switch {
		case o.Multipart != nil:
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			for f, v := range o.Multipart {
				switch v {
				case "@pdf":
					fw, _ := w.CreateFormFile(f, "matrix.pdf")
					_, _ = fw.Write([]byte("%PDF-1.4 matrix\n"))
				case "@csv":
					fw, _ := w.CreateFormFile(f, "matrix.csv")
					_, _ = fw.Write([]byte("name,email\nMatrix Test,matrix@example.com\n"))
				default:
					_ = w.WriteField(f, v)
				}
			}
			w.Close()
			body, ct = &buf, w.FormDataContentType()
		case o.Body != nil || o.Method == "POST" || o.Method == "PUT" || o.Method == "PATCH":
			b := map[string]any{}
			for k, v := range o.Body {
				b[k] = v
			}
			for name, v := range params {
				if _, ok := b[name]; ok {
					b[name] = v
				}
			}
			raw, _ := json.Marshal(b)
			body, ct = bytes.NewReader(raw), "application/json"
		}
		u := e.srv.URL + "/api/v1" + path
		if len(o.Query) > 0 {
			u += "?" + o.Query.Encode()
		}
		req, _ := http.NewRequest(o.Method, u, body)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", o.Method, path, err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		var p struct {
			Detail string `json:"detail"`
			Errors []struct {
				Location string `json:"location"`
				Message  string `json:"message"`
			} `json:"errors"`
		}
		_ = json.Unmarshal(raw, &p)
		msg := p.Detail
		for _, er := range p.Errors {
			msg += "; " + er.Location + ": " + er.Message
		}
		return res.StatusCode, msg
	}

	auditCount := func() string {
		v, _, err := e.db.Lookup(ctx, `SELECT count(*) FROM audit_log`)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// 1. No sign-in: 401 everywhere (the API has no public operation).
	for _, o := range ops {
		path, params, _ := fill(o.Path, taylor)
		if st, msg := send(o, path, params, ""); st != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d %s, want 401", o.key(), st, msg)
		}
	}

	// Who may call what, before anything is sent.
	type call struct {
		op     apiOp
		caller *matrixCaller
		emp    int64
		where  string
	}
	var allowed, refusedCalls []call
	for _, o := range ops {
		if len(o.Perms) == 0 {
			// Ownership decides: every caller may try; nothing fails.
			for _, c := range callers {
				allowed = append(allowed, call{op: o, caller: c, emp: c.in, where: "own"})
			}
			continue
		}
		employeeKeyed := strings.HasPrefix(o.Path, "/employees/{id}")
		for _, c := range callers {
			targets := []int64{c.in}
			if employeeKeyed && c.out != 0 {
				targets = append(targets, c.out)
			}
			for _, emp := range targets {
				var tg *access.Target
				if employeeKeyed {
					x := targetOf[emp]
					tg = &x
				}
				cl := call{op: o, caller: c, emp: emp, where: "in scope"}
				if emp == c.out {
					cl.where = "out of scope"
				}
				if mayReachAny(c.actor, o.Perms, tg) {
					allowed = append(allowed, cl)
				} else {
					refusedCalls = append(refusedCalls, cl)
				}
			}
		}
	}
	// Allowed calls run creates first (they give the refused calls more
	// records to aim at), then reads, changes and deletes last.
	rank := map[string]int{"POST": 0, "GET": 1, "PUT": 2, "PATCH": 2, "DELETE": 3}
	sort.SliceStable(allowed, func(i, j int) bool { return rank[allowed[i].op.Method] < rank[allowed[j].op.Method] })
	refusedAllowed := 0
	runAllowed := func(cs []call) {
		for _, r := range cs {
			path, params, _ := fill(r.op.Path, r.emp)
			st, msg := send(r.op, path, params, r.caller.token)
			if _, ok := apiBodies[r.op.key()]; ok && testing.Verbose() {
				t.Logf("create %s as %s: %d %s", r.op.key(), r.caller.email, st, msg)
			}
			if st >= 500 {
				t.Errorf("%s as %s: %d %s", r.op.key(), r.caller.email, st, msg)
			}
			if st == http.StatusUnauthorized {
				t.Errorf("%s as %s: 401 %s (the token was valid)", r.op.key(), r.caller.email, msg)
			}
			// HR with a whole-company grant reads everything its permissions
			// name (writes may still be refused by a finer rule: separation
			// of duties, the interview panel, the record's owner).
			if r.op.Method == "GET" && st == http.StatusForbidden && wholeCompanyHR[r.caller.email] && len(r.op.Perms) > 0 {
				t.Errorf("%s as %s (holds %v): 403 %s", r.op.key(), r.caller.email, r.op.Perms, msg)
			}
			if st == http.StatusForbidden && len(r.op.Perms) > 0 && apiFinerRules[r.op.key()] == "" {
				t.Errorf("%s as %s (%s, holds %v): 403 %s; if a finer rule refuses it, name it in apiFinerRules", r.op.key(), r.caller.email, r.where, r.op.Perms, msg)
			}
			if st == http.StatusUnauthorized || st == http.StatusForbidden {
				refusedAllowed++
				t.Logf("REFUSED %s as %s (%s, holds %v): %d %s", r.op.key(), r.caller.email, r.where, r.op.Perms, st, msg)
			}
		}
	}
	creates := 0
	for creates < len(allowed) && allowed[creates].op.Method == "POST" {
		creates++
	}
	runAllowed(allowed[:creates])

	// 2. Roles without the permission: refused, and nothing changes.
	noRecord = map[string]bool{}
	before := auditCount()
	missing := 0
	for _, r := range refusedCalls {
		path, params, complete := fill(r.op.Path, r.emp)
		if !complete {
			missing++
		}
		st, msg := send(r.op, path, params, r.caller.token)
		if now := auditCount(); now != before {
			t.Errorf("%s as %s (%s, refused %d) wrote to the audit log", r.op.key(), r.caller.email, r.where, st)
			before = now
		}
		if st != http.StatusForbidden && st != http.StatusNotFound {
			t.Errorf("%s as %s (%s, lacks %v): %d %s, want 403 or 404", r.op.key(), r.caller.email, r.where, r.op.Perms, st, msg)
		}
	}

	// 3. Roles with the permission are not refused, and nothing fails on
	// the server.
	runAllowed(allowed[creates:])
	for kind := range noRecord {
		if apiNoDemoRecord[kind] == "" {
			t.Errorf("refused calls aimed at %s found no record: add one to the demo, or say why in apiNoDemoRecord", kind)
		}
	}
	t.Logf("refused calls that found no record to aim at: %v", noRecord)
	t.Logf("%d operations; %d calls refused as expected; %d allowed calls (%d refused by a finer rule); %d refused calls without a demo record", len(ops), len(refusedCalls), len(allowed), refusedAllowed, missing)
}

// wholeCompanyHR are the demo's HR roles granted over the whole company.
var wholeCompanyHR = map[string]bool{"director@example.com": true, "manager@example.com": true, "generalist@example.com": true}

func knownPermission(p access.Permission) bool {
	for _, q := range access.AllPermissions {
		if q == p {
			return true
		}
	}
	return false
}

// uiRoute is one page route with its rule, read from the route table's
// source (internal/web/ui): the comment on each registration names the
// permission the use case checks, or says the page is public.
type uiRoute struct {
	Method, Pattern, Rule string
	Authed                bool
}

// loadUIRoutes parses the UI's route registrations.
func loadUIRoutes(t *testing.T) []uiRoute {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../web/ui/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []uiRoute
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		comments := map[int]string{}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				comments[fset.Position(c.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "HandleFunc" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			pat, _ := strconv.Unquote(lit.Value)
			method, path, _ := strings.Cut(pat, " ")
			r := uiRoute{Method: method, Pattern: path, Rule: comments[fset.Position(call.Pos()).Line]}
			if inner, ok := call.Args[1].(*ast.CallExpr); ok {
				if s, ok := inner.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "authed" {
					r.Authed = true
				}
			}
			if fl, ok := call.Args[1].(*ast.FuncLit); ok { // an inline handler that signs in itself
				ast.Inspect(fl, func(n ast.Node) bool {
					if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Name == "authed" {
						r.Authed = true
					}
					return true
				})
			}
			out = append(out, r)
			return true
		})
	}
	return out
}

// uiPath fills a pattern's parameters with a value that routes.
func uiPath(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	return regexp.MustCompile(`\{[a-z_]+(\.\.\.)?\}`).ReplaceAllStringFunc(p, func(s string) string {
		if strings.HasSuffix(s, "...}") {
			return "x"
		}
		return "1"
	})
}

// uiQuery is the query a page needs to answer at all (the report to
// export, the list to drill into).
var uiQuery = map[string]string{
	"/people/export":              "format=csv",
	"/compliance/i9/audit/export": "format=csv",
	"/compliance/eeo1.csv":        "year=2025&snapshot_start=2025-10-05&snapshot_end=2025-10-11",
	"/relations/discipline/new":   "employee=@taylor",
	"/insights/export":            "format=csv",
	"/insights/people":            "kind=headcount",
	"/insights/reports/export":    "subject=employees&columns=name&format=csv",
	"/hiring/metrics/export":      "format=csv",
}

// TestAuthorizationMatrixUI checks every page route from the route table:
// each names its rule; without a session every page sends to sign-in
// (public pages excepted); every form POST is refused without the form's
// CSRF token and from another site; and each page whose rule is one
// permission answers every role by it: refused without it, shown to HR
// holding it over the whole company.
func TestAuthorizationMatrixUI(t *testing.T) {
	if raceOn {
		t.Skip("thousands of sequential requests, no concurrency to race: the plain run covers it")
	}
	routes := loadUIRoutes(t)
	if len(routes) < 400 {
		t.Fatalf("found only %d routes in internal/web/ui", len(routes))
	}
	for _, r := range routes {
		switch {
		case r.Pattern == "/static/{hash}/{name...}":
		case r.Rule == "":
			t.Errorf("%s %s has no rule comment: name the permission its use case checks, or say it is public", r.Method, r.Pattern)
		case !r.Authed && !strings.HasPrefix(r.Rule, "public"):
			t.Errorf("%s %s does not require a session but its rule (%q) does not say public", r.Method, r.Pattern, r.Rule)
		case r.Authed && strings.HasPrefix(r.Rule, "public"):
			t.Errorf("%s %s requires a session but its rule says public", r.Method, r.Pattern)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	e := sqliteEnv(t)
	anon := e.client()
	gen := e.login("generalist@example.com")
	send := func(b *browser, method, path string, form url.Values, header map[string]string) *http.Response {
		var body io.Reader
		req, _ := http.NewRequest(method, e.srv.URL+path, body)
		if form != nil {
			req, _ = http.NewRequest(method, e.srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	checked := map[string]int{}
	for _, r := range routes {
		if r.Pattern == "/static/{hash}/{name...}" {
			continue
		}
		path := uiPath(r.Pattern)
		// Without a session: to sign-in, with the page to come back to.
		if r.Authed {
			res := send(anon, r.Method, path, url.Values{}, nil)
			if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
				t.Errorf("%s %s without a session: %d %q, want 303 to /login", r.Method, path, res.StatusCode, loc)
			}
			checked["sign-in"]++
		}
		if r.Method != "POST" {
			continue
		}
		// Another site's form: refused before any handler, signed in or not.
		if r.Pattern != "/saml/{slug}/acs" {
			res := send(gen, "POST", path, url.Values{"_csrf": {gen.csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s from another site: %d, want 403", path, res.StatusCode)
			}
			checked["cross-site"]++
		}
		// A signed-in form without its CSRF token, or with another one.
		if r.Authed {
			for _, tok := range []string{"", "not-the-token"} {
				res := send(gen, "POST", path, url.Values{"_csrf": {tok}}, nil)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s with CSRF token %q: %d, want 403", path, tok, res.StatusCode)
				}
			}
			checked["csrf"]++
		}
	}

	// Pages whose rule is one permission, per role.
	callers := map[string]*browser{}
	for _, email := range []string{"admin@example.com", "director@example.com", "manager@example.com", "generalist@example.com", "ops.generalist@example.com", "lead@example.com", "employee@example.com"} {
		callers[email] = e.login(email)
	}
	for _, r := range routes {
		perm := access.Permission(r.Rule)
		if r.Method != "GET" || strings.Contains(r.Pattern, "{") || !knownPermission(perm) {
			continue
		}
		for email, b := range callers {
			a := e.actorOf(email)
			path := r.Pattern
			if q, ok := uiQuery[path]; ok {
				path += "?" + strings.ReplaceAll(q, "@taylor", itoa(e.actorOf("employee@example.com").EmployeeID))
			}
			res := send(b, "GET", path, nil, nil)
			switch {
			case !access.Holds(a, perm):
				if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s as %s (lacks %s): %d, want 403 or 404", r.Pattern, email, perm, res.StatusCode)
				}
			case wholeCompanyHR[email]:
				if res.StatusCode != http.StatusOK {
					t.Errorf("GET %s as %s (holds %s): %d, want 200", r.Pattern, email, perm, res.StatusCode)
				}
			default:
				if res.StatusCode >= 500 {
					t.Errorf("GET %s as %s: %d", r.Pattern, email, res.StatusCode)
				}
			}
			checked["by permission"]++
		}
	}
	t.Logf("%d routes; checked %v", len(routes), checked)
}
