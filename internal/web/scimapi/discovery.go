package scimapi

import (
	"net/http"
	"strings"

	"github.com/cadrehq/cadre/internal/scim"
)

// The discovery endpoints (RFC 7644 §4): what this server supports and
// the schemas of what it serves, with Cadre's mutability (read-only but
// for what HR can delegate).

func (h *Handler) spConfig(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":          []string{scim.SchemaSPConfig},
		"documentationUri": "https://github.com/cadrehq/cadre/blob/main/docs/integrations.md#scim-20-provisioning",
		"patch":            map[string]any{"supported": true},
		"bulk":             map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           map[string]any{"supported": true, "maxResults": scim.MaxCount},
		"changePassword":   map[string]any{"supported": false},
		"sort":             map[string]any{"supported": false},
		"etag":             map[string]any{"supported": true},
		"authenticationSchemes": []map[string]any{{
			"type": "oauthbearertoken", "name": "Bearer token", "primary": true,
			"description": "A SCIM client's token from Cadre (admin → SCIM), sent as Authorization: Bearer TOKEN",
		}},
		"meta": map[string]any{"resourceType": "ServiceProviderConfig", "location": h.base(r) + "/ServiceProviderConfig"},
	})
	return nil
}

func (h *Handler) resourceTypeDocs(base string) []map[string]any {
	return []map[string]any{
		{"schemas": []string{scim.SchemaResourceType}, "id": "User", "name": "User", "endpoint": "/Users", "description": "Cadre's employees",
			"schema": scim.SchemaUser, "schemaExtensions": []map[string]any{{"schema": scim.SchemaEnterprise, "required": true}},
			"meta": map[string]any{"resourceType": "ResourceType", "location": base + "/ResourceTypes/User"}},
		{"schemas": []string{scim.SchemaResourceType}, "id": "Group", "name": "Group", "endpoint": "/Groups", "description": "Cadre's org units (ou-ID) and HR roles (role-NAME)",
			"schema": scim.SchemaGroup, "meta": map[string]any{"resourceType": "ResourceType", "location": base + "/ResourceTypes/Group"}},
	}
}

func (h *Handler) resourceTypes(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	docs := h.resourceTypeDocs(h.base(r))
	res := make([]map[string]any, len(docs))
	copy(res, docs)
	writeJSON(w, http.StatusOK, listResponse(len(res), scim.Query{StartIndex: 1}, res))
	return nil
}

func (h *Handler) resourceType(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	for _, d := range h.resourceTypeDocs(h.base(r)) {
		if strings.EqualFold(d["id"].(string), r.PathValue("name")) {
			writeJSON(w, http.StatusOK, d)
			return nil
		}
	}
	return scim.NotFound("ResourceType " + r.PathValue("name"))
}

// attr describes one attribute.
func attr(name, typ, mutability, desc string, multi bool, subs ...map[string]any) map[string]any {
	a := map[string]any{"name": name, "type": typ, "multiValued": multi, "description": desc, "required": false, "caseExact": false,
		"mutability": mutability, "returned": "default", "uniqueness": "none"}
	if len(subs) > 0 {
		a["subAttributes"] = subs
	}
	return a
}

func (h *Handler) schemaDocs(base string) []map[string]any {
	ro, rw := "readOnly", "readWrite"
	id := attr("id", "string", ro, "The employee's id in Cadre", false)
	id["returned"], id["caseExact"], id["uniqueness"] = "always", true, "server"
	userName := attr("userName", "string", ro, "The work email", false)
	userName["required"], userName["uniqueness"] = true, "server"
	user := []map[string]any{
		id, userName,
		attr("name", "complex", ro, "Legal name", false,
			attr("formatted", "string", ro, "Given and family name", false), attr("givenName", "string", ro, "", false), attr("familyName", "string", ro, "", false)),
		attr("displayName", "string", ro, "The preferred (or given) name and the family name", false),
		attr("nickName", "string", rw, "The preferred name; writable by clients allowed to write when HR delegates it", false),
		attr("title", "string", ro, "The job title", false),
		attr("userType", "string", ro, "full_time, part_time, temporary or seasonal", false),
		attr("active", "boolean", ro, "False once terminated", false),
		attr("emails", "complex", ro, "The work email, primary", true,
			attr("value", "string", ro, "", false), attr("type", "string", ro, "work", false), attr("primary", "boolean", ro, "", false)),
	}
	mgr := attr("manager", "complex", ro, "The line manager", false,
		attr("value", "string", ro, "The manager's id", false), attr("$ref", "reference", ro, "", false), attr("displayName", "string", ro, "", false))
	ent := []map[string]any{
		attr("employeeNumber", "string", ro, "Cadre's employee number", false),
		attr("organization", "string", ro, "The legal entity", false),
		attr("department", "string", ro, "The org unit", false),
		mgr,
	}
	gid := attr("id", "string", ro, "ou-ID for an org unit, role-NAME for an HR role", false)
	gid["returned"], gid["caseExact"] = "always", true
	group := []map[string]any{
		gid,
		attr("displayName", "string", ro, "The org unit's or role's name", false),
		attr("members", "complex", ro, "The org unit's active employees (directly in it) or the role's holders", true,
			attr("value", "string", ro, "", false), attr("$ref", "reference", ro, "", false), attr("display", "string", ro, "", false), attr("type", "string", ro, "User", false)),
	}
	doc := func(id, name, desc string, attrs []map[string]any) map[string]any {
		return map[string]any{"schemas": []string{scim.SchemaSchema}, "id": id, "name": name, "description": desc, "attributes": attrs,
			"meta": map[string]any{"resourceType": "Schema", "location": base + "/Schemas/" + id}}
	}
	return []map[string]any{
		doc(scim.SchemaUser, "User", "An employee", user),
		doc(scim.SchemaEnterprise, "EnterpriseUser", "Enterprise attributes", ent),
		doc(scim.SchemaGroup, "Group", "An org unit or HR role", group),
	}
}

func (h *Handler) schemas(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	docs := h.schemaDocs(h.base(r))
	writeJSON(w, http.StatusOK, listResponse(len(docs), scim.Query{StartIndex: 1}, docs))
	return nil
}

func (h *Handler) schema(w http.ResponseWriter, r *http.Request, c scim.Client) error {
	for _, d := range h.schemaDocs(h.base(r)) {
		if d["id"] == r.PathValue("urn") {
			writeJSON(w, http.StatusOK, d)
			return nil
		}
	}
	return scim.NotFound("Schema " + r.PathValue("urn"))
}
