package scim

import (
	"errors"
	"testing"
)

// FuzzParseUserFilter: any input either parses into a tree whose every
// comparison names a known attribute with a value of its kind, or is
// refused as invalidFilter; nothing panics. The store builds SQL only
// from those names, so this is the boundary that keeps input out of it.
func FuzzParseUserFilter(f *testing.F) {
	for _, seed := range []string{
		`userName eq "a@b.com"`, `name.familyName sw "B" and (title co "lead" or not (active eq false))`,
		`emails[type eq "work" and value co "@example.com"]`, `meta.lastModified gt "2026-11-01T00:00:00Z"`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"`, `manager.value eq "12"`,
		`externalId eq "x"`, `id eq "7"`, `userName pr`, `userName eq`, `((((`, `active eq "yes"`, `emails[`, `"`,
		`userName eq "x" or userName eq "y" and not (nickName ew "z")`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseUserFilter(raw)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || se.Status != 400 || se.ScimType != "invalidFilter" {
				t.Fatalf("%q: an error that is not invalidFilter: %v", raw, err)
			}
			return
		}
		var walk func(c *Cond)
		walk = func(c *Cond) {
			if c == nil {
				return
			}
			switch c.Op {
			case "and", "or":
				if len(c.Kids) != 2 {
					t.Fatalf("%q: %s with %d operands", raw, c.Op, len(c.Kids))
				}
			case "not":
				if len(c.Kids) != 1 {
					t.Fatalf("%q: not with %d operands", raw, len(c.Kids))
				}
			case "true", "false":
			case "cmp":
				kind, ok := UserAttrs[c.Attr]
				if !ok {
					t.Fatalf("%q: unknown attribute %q reached the tree", raw, c.Attr)
				}
				if c.Cmp == "pr" {
					return
				}
				switch kind {
				case KindBool:
					_, ok = c.Value.(bool)
				case KindString:
					_, ok = c.Value.(string)
				case KindID:
					_, ok = c.Value.(int64)
				default:
					ok = c.Value != nil
				}
				if !ok {
					t.Fatalf("%q: %s compared with %T", raw, c.Attr, c.Value)
				}
			default:
				t.Fatalf("%q: unknown node %q", raw, c.Op)
			}
			for _, k := range c.Kids {
				walk(k)
			}
		}
		walk(c)
	})
}

// FuzzParseGroupFilter: parses or refuses, never panics, and a parsed
// predicate runs on a group.
func FuzzParseGroupFilter(f *testing.F) {
	for _, seed := range []string{`displayName eq "Sales"`, `members.value eq "3" or id eq "ou-1"`, `not (displayName co "x")`, `members pr`, `(`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := ParseGroupFilter(raw)
		if err != nil {
			return
		}
		_ = p(GroupRow{ID: "ou-1", DisplayName: "Sales", Members: []Member{{ID: 3}}})
	})
}
