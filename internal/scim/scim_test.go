package scim

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseUserFilter(t *testing.T) {
	c, err := ParseUserFilter(`userName eq "A@B.com" and (title co "lead" or not (active eq false))`)
	if err != nil {
		t.Fatal(err)
	}
	if c.Op != "and" || c.Kids[0].Attr != "userName" || c.Kids[0].Value != "A@B.com" || c.Kids[1].Op != "or" || c.Kids[1].Kids[1].Op != "not" {
		t.Fatalf("tree: %+v", c)
	}
	for raw, attr := range map[string]string{
		`USERNAME eq "x"`: "userName",
		`urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "B"`:                 "name.familyName",
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "E1"`: "employeeNumber",
		`department eq "Sales"`:                       "department",
		`manager.value eq "12"`:                       "manager.value",
		`meta.lastModified gt "2026-11-01T00:00:00Z"`: "meta.lastModified",
		`emails.value co "@example.com"`:              "emails.value",
		`emails co "@example.com"`:                    "emails.value",
	} {
		c, err := ParseUserFilter(raw)
		if err != nil || c.Attr != attr {
			t.Errorf("%s: %+v %v", raw, c, err)
		}
	}
	if c, _ := ParseUserFilter(`meta.created ge "2026-01-02T03:04:05+01:00"`); !c.Value.(time.Time).Equal(time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC)) {
		t.Fatalf("time: %v", c.Value)
	}
	if c, _ := ParseUserFilter(`externalId eq "x"`); c.Op != "false" {
		t.Fatal("externalId matches")
	}
	if c, _ := ParseUserFilter(`id eq "abc"`); c.Op != "false" {
		t.Fatal("a non-numeric id matches")
	}
	if c, _ := ParseUserFilter(`emails[type eq "home"]`); c.Op != "false" {
		t.Fatal("home emails match")
	}
	if c, _ := ParseUserFilter(`emails[type eq "work" and value eq "a@b.com"]`); c.Op != "and" || c.Kids[0].Op != "true" || c.Kids[1].Attr != "emails.value" {
		t.Fatalf("value path: %+v", c)
	}
	for _, bad := range []string{`userName eq`, `password eq "x"`, `active eq "yes"`, `active gt true`, `meta.created eq "yesterday"`, `meta.created co "2026"`,
		`manager.value gt "3"`, `phoneNumbers[type eq "work"]`, `emails[display eq "x"]`, strings.Repeat("(", 3000)} {
		_, err := ParseUserFilter(bad)
		var se *Error
		if !errors.As(err, &se) || se.Status != 400 || se.ScimType != "invalidFilter" {
			t.Errorf("%.40s: %v", bad, err)
		}
	}
	if c, err := ParseUserFilter("  "); c != nil || err != nil {
		t.Fatal("an empty filter is not everyone")
	}
}

func TestParseGroupFilter(t *testing.T) {
	g := GroupRow{ID: "ou-3", DisplayName: "Customer Support", Members: []Member{{ID: 7}}}
	for raw, want := range map[string]bool{
		`displayName eq "customer support"`:             true,
		`displayName sw "Cust" and id eq "ou-3"`:        true,
		`id ne "ou-3"`:                                  false,
		`members.value eq "7"`:                          true,
		`members eq "8"`:                                false,
		`not (displayName co "Sales")`:                  true,
		`externalId eq "x" or displayName ew "SUPPORT"`: true,
	} {
		p, err := ParseGroupFilter(raw)
		if err != nil || p(g) != want {
			t.Errorf("%s: %v %v", raw, err, err == nil && p(g))
		}
	}
	if _, err := ParseGroupFilter(`members.display eq "x"`); err == nil {
		t.Fatal("unsupported group filter accepted")
	}
}

func TestPatchChange(t *testing.T) {
	ch, err := patchChange([]PatchOp{{Op: "Replace", Path: "urn:ietf:params:scim:schemas:core:2.0:User:nickName", Value: " Tay "}})
	if err != nil || *ch.nickName != "Tay" {
		t.Fatalf("%v %v", ch.nickName, err)
	}
	ch, err = patchChange([]PatchOp{{Op: "add", Value: map[string]any{"NICKNAME": "T"}}})
	if err != nil || *ch.nickName != "T" {
		t.Fatalf("pathless: %v", err)
	}
	ch, err = patchChange([]PatchOp{{Op: "remove", Path: "nickName"}})
	if err != nil || *ch.nickName != "" {
		t.Fatalf("remove: %v", err)
	}
	for _, c := range []struct {
		ops  []PatchOp
		want string
	}{
		{nil, "invalidValue"},
		{[]PatchOp{{Op: "move", Path: "nickName"}}, "invalidSyntax"},
		{[]PatchOp{{Op: "replace", Path: "userName", Value: "x"}}, "mutability"},
		{[]PatchOp{{Op: "replace", Path: `emails[type eq "work"].value`, Value: "x"}}, "mutability"},
		{[]PatchOp{{Op: "replace", Path: "shoeSize", Value: "x"}}, "invalidPath"},
		{[]PatchOp{{Op: "replace", Path: "nickName", Value: 3}}, "invalidValue"},
		{[]PatchOp{{Op: "replace", Path: "nickName", Value: strings.Repeat("x", 101)}}, "invalidValue"},
		{[]PatchOp{{Op: "remove"}}, "noTarget"},
		{[]PatchOp{{Op: "replace", Value: "x"}}, "invalidValue"},
	} {
		_, err := patchChange(c.ops)
		var se *Error
		if !errors.As(err, &se) || se.ScimType != c.want {
			t.Errorf("%+v: %v, want %s", c.ops, err, c.want)
		}
	}
}

func TestUserResource(t *testing.T) {
	u := UserRow{ID: 12, EmployeeNumber: "E00012", GivenName: "Taylor", FamilyName: "Brooks", PreferredName: "Tay", WorkEmail: "t@example.com", Active: true,
		Title: "Specialist", Department: "Support", ManagerID: 3, ManagerName: "Jordan Alvarez", Version: 4,
		CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	r := UserResource(u, "https://c.example/scim/v2")
	if r["id"] != "12" || r["displayName"] != "Tay Brooks" || r["nickName"] != "Tay" || r["meta"].(map[string]any)["version"] != `W/"4"` ||
		r["meta"].(map[string]any)["location"] != "https://c.example/scim/v2/Users/12" {
		t.Fatalf("%v", r)
	}
	ent := r[SchemaEnterprise].(map[string]any)
	if ent["manager"].(map[string]any)["value"] != "3" || ent["department"] != "Support" {
		t.Fatalf("enterprise: %v", ent)
	}
	u.PreferredName, u.ManagerID = "", 0
	r = UserResource(u, "")
	if _, ok := r["nickName"]; ok || r["displayName"] != "Taylor Brooks" {
		t.Fatalf("no preferred name: %v", r)
	}
	if _, ok := r[SchemaEnterprise].(map[string]any)["manager"]; ok {
		t.Fatal("a manager without one")
	}
}
