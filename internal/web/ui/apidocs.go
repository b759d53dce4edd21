package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// The API reference renders the OpenAPI document the API serves at
// /api/v1/openapi.json as an ordinary page: one section per tag, each
// operation with its permission, parameters, body fields and a curl
// example to copy. It is drawn on the server, so it needs no script,
// meets the content security policy and reads like the rest of Cadre.

// openAPIDoc is the part of an OpenAPI 3.1 document the page shows.
type openAPIDoc struct {
	Info struct {
		Title, Version, Description string
	} `json:"info"`
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Schemas map[string]*openAPISchema `json:"schemas"`
	} `json:"components"`
}

type openAPIOp struct {
	OperationID string   `json:"operationId"`
	Permissions []string `json:"x-cadre-permissions"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Parameters  []struct {
		Name        string         `json:"name"`
		In          string         `json:"in"`
		Required    bool           `json:"required"`
		Description string         `json:"description"`
		Schema      *openAPISchema `json:"schema"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema *openAPISchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Description string `json:"description"`
		Content     map[string]struct {
			Schema *openAPISchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type openAPISchema struct {
	Ref         string                    `json:"$ref"`
	Type        any                       `json:"type"` // a name or a list (["string","null"])
	Format      string                    `json:"format"`
	Description string                    `json:"description"`
	Enum        []any                     `json:"enum"`
	Items       *openAPISchema            `json:"items"`
	Properties  map[string]*openAPISchema `json:"properties"`
	Required    []string                  `json:"required"`
	Examples    []any                     `json:"examples"`
}

// APIPage is the API reference.
type APIPage struct {
	Base
	SettingsTabs []Tab
	Title        string
	Version      string
	Origin       string
	Tags         []APITag
	Scopes       []ScopeChoice
	Operations   int
}

// APITag is one section of operations.
type APITag struct {
	Name, Anchor string
	Ops          []APIOp
}

// APIOp is one operation as the page shows it.
type APIOp struct {
	ID, Method, Path, Summary, Permission, Scopes string
	Params                                        []APIField
	Body                                          []APIField
	BodyType                                      string
	Responses                                     []APIResponse
	Curl                                          string
}

// APIField is a parameter or a body field.
type APIField struct {
	Name, In, Type, Description string
	Required                    bool
}

// APIResponse is a documented status.
type APIResponse struct {
	Status, Description, Schema string
}

func (u *UI) apiPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.TokenOwn, access.CompanyTarget); err != nil {
		return err
	}
	if u.OpenAPI == nil {
		return kit.NotFound("API reference")
	}
	origin := strings.TrimSuffix(u.absolute(r, "/"), "/")
	doc, tags, err := u.apiReference(origin)
	if err != nil {
		return err
	}
	p := APIPage{Base: u.base(r, "API reference", "Settings"), SettingsTabs: settingsTabs(a, "/settings/api"), Title: doc.Info.Title, Version: doc.Info.Version,
		Origin: origin, Tags: tags}
	for _, t := range p.Tags {
		p.Operations += len(t.Ops)
	}
	for _, s := range access.AllScopes {
		p.Scopes = append(p.Scopes, ScopeChoice{Name: string(s), Description: access.ScopeDescriptions[s]})
	}
	u.render(w, r, http.StatusOK, "admin/api", p)
	return nil
}

// apiRef caches the parsed document and its operations per origin (the
// document does not change while the process runs; the examples carry
// the address the page was asked on).
var apiRef struct {
	sync.Mutex
	doc  *openAPIDoc
	tags map[string][]APITag
}

func (u *UI) apiReference(origin string) (*openAPIDoc, []APITag, error) {
	apiRef.Lock()
	defer apiRef.Unlock()
	if apiRef.doc == nil {
		var doc openAPIDoc
		if err := json.Unmarshal(u.OpenAPI(), &doc); err != nil {
			return nil, nil, fmt.Errorf("reading the OpenAPI document: %w", err)
		}
		apiRef.doc, apiRef.tags = &doc, map[string][]APITag{}
	}
	tags, ok := apiRef.tags[origin]
	if !ok {
		if len(apiRef.tags) > 16 {
			apiRef.tags = map[string][]APITag{}
		}
		tags = apiRef.doc.operations(origin)
		apiRef.tags[origin] = tags
	}
	return apiRef.doc, tags, nil
}

var methodOrder = map[string]int{"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}

// operations groups the document's operations by their first tag, tags
// and operations sorted by path.
func (d openAPIDoc) operations(origin string) []APITag {
	byTag := map[string][]APIOp{}
	for path, methods := range d.Paths {
		for method, o := range methods {
			if _, ok := methodOrder[method]; !ok {
				continue
			}
			tag := "Other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			op := APIOp{ID: o.OperationID, Method: strings.ToUpper(method), Path: path, Summary: o.Summary}
			if len(o.Permissions) > 0 {
				// Any one of the permissions; a token needs a scope of one.
				op.Permission = strings.Join(o.Permissions, " or ")
				var scopes access.Scopes
				for _, p := range o.Permissions {
					for _, sc := range access.ScopesOf(access.Permission(p)) {
						if !slices.Contains(scopes, sc) {
							scopes = append(scopes, sc)
						}
					}
				}
				op.Scopes = strings.ReplaceAll(scopes.String(), " ", ", ")
			}
			for _, prm := range o.Parameters {
				op.Params = append(op.Params, APIField{Name: prm.Name, In: prm.In, Type: d.typeName(prm.Schema), Description: prm.Description, Required: prm.Required})
			}
			var example string
			if o.RequestBody != nil {
				for ct, c := range o.RequestBody.Content {
					s := d.resolve(c.Schema)
					op.BodyType = ct
					if s != nil {
						names := make([]string, 0, len(s.Properties))
						for n := range s.Properties {
							if n != "$schema" {
								names = append(names, n)
							}
						}
						sort.Strings(names)
						for _, n := range names {
							ps := s.Properties[n]
							op.Body = append(op.Body, APIField{Name: n, Type: d.typeName(ps), Description: ps.Description, Required: slices.Contains(s.Required, n)})
						}
						if ct == "application/json" {
							example = d.example(s)
						}
					}
					break
				}
			}
			codes := make([]string, 0, len(o.Responses))
			for c := range o.Responses {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				resp := o.Responses[c]
				rs := APIResponse{Status: c, Description: resp.Description}
				for _, x := range resp.Content {
					rs.Schema = d.typeName(x.Schema)
					break
				}
				op.Responses = append(op.Responses, rs)
			}
			op.Curl = curlExample(origin, op, example)
			byTag[tag] = append(byTag[tag], op)
		}
	}
	var tags []APITag
	for name, ops := range byTag {
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Path != ops[j].Path {
				return ops[i].Path < ops[j].Path
			}
			return methodOrder[strings.ToLower(ops[i].Method)] < methodOrder[strings.ToLower(ops[j].Method)]
		})
		tags = append(tags, APITag{Name: name, Anchor: "tag-" + kit.Slug(name, '-'), Ops: ops})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	return tags
}

// resolve follows a $ref into components.
func (d openAPIDoc) resolve(s *openAPISchema) *openAPISchema {
	for i := 0; s != nil && s.Ref != "" && i < 8; i++ {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// typeName describes a schema briefly: "string (date-time)", "[]Employee".
func (d openAPIDoc) typeName(s *openAPISchema) string {
	if s == nil {
		return ""
	}
	if s.Ref != "" {
		return strings.TrimPrefix(s.Ref, "#/components/schemas/")
	}
	t := schemaType(s)
	if t == "array" && s.Items != nil {
		return "[]" + d.typeName(s.Items)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, e := range s.Enum {
			if v := fmt.Sprint(e); v != "" {
				vals = append(vals, v)
			}
		}
		return t + ": " + strings.Join(vals, " | ")
	}
	if s.Format != "" {
		return t + " (" + s.Format + ")"
	}
	return t
}

func schemaType(s *openAPISchema) string {
	switch t := s.Type.(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if x != "null" {
				return fmt.Sprint(x)
			}
		}
	}
	return "object"
}

// example builds a request body from the schema: required fields first,
// each with a value of its type (its first example or enum value).
func (d openAPIDoc) example(s *openAPISchema) string {
	body := map[string]any{}
	for _, n := range s.Required {
		if p := s.Properties[n]; p != nil {
			body[n] = d.sampleNamed(n, p, 0)
		}
	}
	if len(body) == 0 {
		n := 0
		for name, p := range s.Properties {
			if name == "$schema" || n >= 3 {
				continue
			}
			body[name] = d.sampleNamed(name, p, 0)
			n++
		}
	}
	b, err := json.MarshalIndent(body, "", "  ")
	if err != nil {
		return "{}"
	}
	return string(b)
}

// sampleNamed is sample with a better string for well-known names.
func (d openAPIDoc) sampleNamed(name string, s *openAPISchema, depth int) any {
	v := d.sample(s, depth)
	if v != "…" {
		return v
	}
	switch {
	case strings.HasSuffix(name, "email"):
		return "someone@example.com"
	case strings.HasSuffix(name, "url"):
		return "https://example.com/hook"
	case name == "given_name":
		return "Alex"
	case name == "family_name":
		return "Rivera"
	case name == "name" || name == "title":
		return "Example"
	}
	return v
}

func (d openAPIDoc) sample(s *openAPISchema, depth int) any {
	s = d.resolve(s)
	if s == nil || depth > 2 {
		return nil
	}
	if len(s.Examples) > 0 {
		return s.Examples[0]
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch schemaType(s) {
	case "string":
		switch s.Format {
		case "date-time":
			return "2026-12-01T09:00:00Z"
		case "date":
			return "2026-12-01"
		case "email":
			return "someone@example.com"
		}
		return "…"
	case "integer":
		return 1
	case "number":
		return 1.5
	case "boolean":
		return true
	case "array":
		if s.Items != nil {
			return []any{d.sample(s.Items, depth+1)}
		}
		return []any{}
	}
	obj := map[string]any{}
	for _, n := range s.Required {
		if p := s.Properties[n]; p != nil {
			obj[n] = d.sampleNamed(n, p, depth+1)
		}
	}
	return obj
}

// curlExample is a command that works when CADRE_TOKEN holds a token.
func curlExample(origin string, op APIOp, body string) string {
	path := op.Path
	for _, p := range op.Params {
		if p.In == "path" {
			path = strings.ReplaceAll(path, "{"+p.Name+"}", "1")
		}
	}
	var b strings.Builder
	b.WriteString("curl")
	if op.Method != "GET" {
		b.WriteString(" -X " + op.Method)
	}
	b.WriteString(" \\\n  -H \"Authorization: Bearer $CADRE_TOKEN\"")
	if body != "" {
		b.WriteString(" \\\n  -H \"Content-Type: application/json\" \\\n  -d '" + strings.ReplaceAll(body, "'", "'\\''") + "'")
	}
	b.WriteString(" \\\n  " + origin + "/api/v1" + path)
	return b.String()
}
