// Package scimapi serves SCIM 2.0 (RFC 7644) at /scim/v2 over the scim
// domain: bearer tokens of SCIM clients, application/scim+json bodies
// and SCIM error responses.
package scimapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/scim"
)

// ContentType is SCIM's media type.
const ContentType = "application/scim+json"

// Handler serves /scim/v2.
type Handler struct {
	SCIM *scim.Service
	Log  *slog.Logger
	// Secure says the public address is https (behind TLS or a proxy).
	Secure bool
}

// Routes registers the SCIM endpoints on mux.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /scim/v2/ServiceProviderConfig", h.auth(h.spConfig))
	mux.HandleFunc("GET /scim/v2/ResourceTypes", h.auth(h.resourceTypes))
	mux.HandleFunc("GET /scim/v2/ResourceTypes/{name}", h.auth(h.resourceType))
	mux.HandleFunc("GET /scim/v2/Schemas", h.auth(h.schemas))
	mux.HandleFunc("GET /scim/v2/Schemas/{urn}", h.auth(h.schema))
	mux.HandleFunc("GET /scim/v2/Users", h.auth(h.listUsers))
	mux.HandleFunc("POST /scim/v2/Users/.search", h.auth(h.searchUsers))
	mux.HandleFunc("GET /scim/v2/Users/{id}", h.auth(h.getUser))
	mux.HandleFunc("PATCH /scim/v2/Users/{id}", h.auth(h.patchUser))
	mux.HandleFunc("PUT /scim/v2/Users/{id}", h.auth(h.putUser))
	mux.HandleFunc("POST /scim/v2/Users", h.auth(sourceOfTruth("Hire people in Cadre: SCIM clients cannot create users")))
	mux.HandleFunc("DELETE /scim/v2/Users/{id}", h.auth(sourceOfTruth("Terminations go through HR in Cadre: SCIM clients cannot delete users")))
	mux.HandleFunc("GET /scim/v2/Groups", h.auth(h.listGroups))
	mux.HandleFunc("GET /scim/v2/Groups/{id}", h.auth(h.getGroup))
	for _, m := range []string{"POST /scim/v2/Groups", "PUT /scim/v2/Groups/{id}", "PATCH /scim/v2/Groups/{id}", "DELETE /scim/v2/Groups/{id}"} {
		mux.HandleFunc(m, h.auth(sourceOfTruth("Groups are Cadre's org units and HR roles: change them in Cadre")))
	}
	mux.HandleFunc("/scim/v2/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &scim.Error{Status: http.StatusNotFound, Detail: "No SCIM endpoint " + r.Method + " " + r.URL.Path})
	})
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, c scim.Client) error

func (h *Handler) auth(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cadre-scim"`)
			writeError(w, &scim.Error{Status: 401, Detail: "A SCIM client's bearer token is required"})
			return
		}
		c, err := h.SCIM.Authenticate(r.Context(), strings.TrimSpace(tok))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cadre-scim", error="invalid_token"`)
			writeError(w, &scim.Error{Status: 401, Detail: "The token is invalid or revoked"})
			return
		}
		if err := fn(w, r, c); err != nil {
			var se *scim.Error
			if errors.As(err, &se) {
				writeError(w, se)
				return
			}
			h.Log.Error("scim", "path", r.URL.Path, "err", err)
			writeError(w, &scim.Error{Status: 500, Detail: "Internal error"})
		}
	}
}

func sourceOfTruth(msg string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, c scim.Client) error {
		return &scim.Error{Status: http.StatusForbidden, Detail: "Cadre is the source of truth. " + msg}
	}
}

func writeError(w http.ResponseWriter, e *scim.Error) {
	body := map[string]any{"schemas": []string{scim.SchemaError}, "status": strconv.Itoa(e.Status), "detail": e.Detail}
	if e.ScimType != "" {
		body["scimType"] = e.ScimType
	}
	writeJSON(w, e.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", ContentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *Handler) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || h.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/scim/v2"
}

// query reads startIndex, count and filter.
func query(r *http.Request) (scim.Query, error) {
	q := scim.Query{Filter: r.URL.Query().Get("filter"), Count: -1}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"startIndex", &q.StartIndex}, {"count", &q.Count}} {
		if v := r.URL.Query().Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return q, scim.Bad("invalidValue", p.name+" is a whole number")
			}
			*p.dst = n
		}
	}
	return q, nil
}

// listResponse wraps resources (RFC 7644 §3.4.2).
func listResponse(total int, q scim.Query, res []map[string]any) map[string]any {
	if res == nil {
		res = []map[string]any{}
	}
	return map[string]any{"schemas": []string{scim.SchemaListResponse}, "totalResults": total, "startIndex": q.StartIndex, "itemsPerPage": len(res), "Resources": res}
}

// project keeps the requested attributes (plus id and schemas), or drops
// the excluded ones (RFC 7644 §3.9).
func project(res map[string]any, attributes, excluded string) map[string]any {
	split := func(s string) []string {
		var out []string
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	top := func(a string) (string, string) {
		if strings.HasPrefix(strings.ToLower(a), strings.ToLower(scim.SchemaEnterprise)+":") {
			return scim.SchemaEnterprise, strings.SplitN(a[len(scim.SchemaEnterprise)+1:], ".", 2)[0]
		}
		if i := strings.LastIndex(a, ":"); i >= 0 {
			a = a[i+1:]
		}
		return strings.SplitN(a, ".", 2)[0], ""
	}
	find := func(key string) string {
		for k := range res {
			if strings.EqualFold(k, key) {
				return k
			}
		}
		return ""
	}
	if attrs := split(attributes); len(attrs) > 0 {
		out := map[string]any{"id": res["id"], "schemas": res["schemas"]}
		for _, a := range attrs {
			t, sub := top(a)
			k := find(t)
			if k == "" {
				continue
			}
			if sub != "" {
				ent, _ := res[k].(map[string]any)
				dst, _ := out[k].(map[string]any)
				if dst == nil {
					dst = map[string]any{}
					out[k] = dst
				}
				for ek, ev := range ent {
					if strings.EqualFold(ek, sub) {
						dst[ek] = ev
					}
				}
				continue
			}
			out[k] = res[k]
		}
		return out
	}
	for _, a := range split(excluded) {
		t, sub := top(a)
		if k := find(t); k != "" && k != "id" && k != "schemas" {
			if sub != "" {
				if ent, ok := res[k].(map[string]any); ok {
					for ek := range ent {
						if strings.EqualFold(ek, sub) {
							delete(ent, ek)
						}
					}
				}
				continue
			}
			delete(res, k)
		}
	}
	return res
}

func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	return h.users(w, r, c, q, r.URL.Query().Get("attributes"), r.URL.Query().Get("excludedAttributes"))
}

// searchUsers is POST /Users/.search (RFC 7644 §3.4.3).
func (h *Handler) searchUsers(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	body := struct {
		Filter             string   `json:"filter"`
		StartIndex         int      `json:"startIndex"`
		Count              int      `json:"count"`
		Attributes         []string `json:"attributes"`
		ExcludedAttributes []string `json:"excludedAttributes"`
	}{Count: -1}
	if err := decode(r, &body); err != nil {
		return err
	}
	return h.users(w, r, c, scim.Query{Filter: body.Filter, StartIndex: body.StartIndex, Count: body.Count}, strings.Join(body.Attributes, ","), strings.Join(body.ExcludedAttributes, ","))
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request, c scim.Client, q scim.Query, attrs, excluded string) error {
	total, rows, q, err := h.SCIM.Users(r.Context(), c, q)
	if err != nil {
		return err
	}
	base := h.base(r)
	var res []map[string]any
	for _, u := range rows {
		res = append(res, project(scim.UserResource(u, base), attrs, excluded))
	}
	writeJSON(w, http.StatusOK, listResponse(total, q, res))
	return nil
}

func (h *Handler) writeUser(w http.ResponseWriter, r *http.Request, u scim.UserRow) {
	tag := scim.ETag(u.Version)
	w.Header().Set("ETag", tag)
	w.Header().Set("Location", h.base(r)+"/Users/"+strconv.FormatInt(u.ID, 10))
	if r.Method == http.MethodGet && r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, project(scim.UserResource(u, h.base(r)), r.URL.Query().Get("attributes"), r.URL.Query().Get("excludedAttributes")))
}

func (h *Handler) getUser(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	u, err := h.SCIM.User(r.Context(), c, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeUser(w, r, u)
	return nil
}

func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		return scim.Bad("invalidSyntax", "Unreadable body")
	}
	if len(body) > 1<<20 {
		return &scim.Error{Status: http.StatusRequestEntityTooLarge, Detail: "The body is over 1 MiB"}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return scim.Bad("invalidSyntax", "The body is not valid JSON: "+err.Error())
	}
	return nil
}

func (h *Handler) patchUser(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	var body struct {
		Schemas    []string       `json:"schemas"`
		Operations []scim.PatchOp `json:"Operations"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	if len(body.Schemas) != 1 || body.Schemas[0] != scim.SchemaPatchOp {
		return scim.Bad("invalidSyntax", "A PATCH body has schemas [\""+scim.SchemaPatchOp+"\"]")
	}
	u, err := h.SCIM.Patch(r.Context(), c, r.PathValue("id"), r.Header.Get("If-Match"), body.Operations)
	if err != nil {
		return err
	}
	h.writeUser(w, r, u)
	return nil
}

func (h *Handler) putUser(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	var body map[string]any
	if err := decode(r, &body); err != nil {
		return err
	}
	u, err := h.SCIM.Replace(r.Context(), c, r.PathValue("id"), r.Header.Get("If-Match"), body)
	if err != nil {
		return err
	}
	h.writeUser(w, r, u)
	return nil
}

func (h *Handler) listGroups(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	attrs, excluded := r.URL.Query().Get("attributes"), r.URL.Query().Get("excludedAttributes")
	members := wantsMembers(attrs, excluded)
	total, rows, q, err := h.SCIM.Groups(r.Context(), c, q, members || strings.Contains(strings.ToLower(q.Filter), "members"))
	if err != nil {
		return err
	}
	var res []map[string]any
	for _, g := range rows {
		res = append(res, project(scim.GroupResource(g, h.base(r), members), attrs, excluded))
	}
	writeJSON(w, http.StatusOK, listResponse(total, q, res))
	return nil
}

// wantsMembers: members are costly at scale; leave them out when the
// client excludes them or asks for other attributes only.
func wantsMembers(attrs, excluded string) bool {
	lower := strings.ToLower
	if attrs != "" {
		return strings.Contains(lower(attrs), "members")
	}
	return !strings.Contains(lower(excluded), "members")
}

func (h *Handler) getGroup(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	attrs, excluded := r.URL.Query().Get("attributes"), r.URL.Query().Get("excludedAttributes")
	members := wantsMembers(attrs, excluded)
	g, err := h.SCIM.Group(r.Context(), c, r.PathValue("id"), members)
	if err != nil {
		return err
	}
	w.Header().Set("Location", h.base(r)+"/Groups/"+g.ID)
	writeJSON(w, http.StatusOK, project(scim.GroupResource(g, h.base(r), members), attrs, excluded))
	return nil
}
