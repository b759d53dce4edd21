package scim

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// Cond is a parsed User filter in Cadre's terms, which the store turns
// into SQL. Op is "and", "or", "not", "cmp", "true" or "false".
type Cond struct {
	Op    string
	Attr  string // a key of UserAttrs
	Cmp   string // eq ne co sw ew pr gt ge lt le
	Value any    // string, bool or time.Time
	Kids  []*Cond
}

// AttrKind is how an attribute compares.
type AttrKind int

// Attribute kinds.
const (
	KindString   AttrKind = iota // case-insensitive text
	KindBool                     // true/false
	KindDateTime                 // RFC 3339
	KindID                       // a numeric id given as a string
)

// UserAttrs are the filterable User attributes (canonical names) and
// their kinds.
var UserAttrs = map[string]AttrKind{
	"id": KindID, "userName": KindString, "name.givenName": KindString, "name.familyName": KindString, "name.formatted": KindString,
	"displayName": KindString, "nickName": KindString, "emails.value": KindString, "active": KindBool, "title": KindString,
	"userType": KindString, "meta.created": KindDateTime, "meta.lastModified": KindDateTime,
	"employeeNumber": KindString, "department": KindString, "organization": KindString, "manager.value": KindID,
}

// MaxFilter bounds a filter's length.
const MaxFilter = 2000

// ParseUserFilter parses a SCIM filter over Users; "" matches everyone
// (nil). Errors: *Error with scimType invalidFilter.
func ParseUserFilter(raw string) (*Cond, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	if len(raw) > MaxFilter {
		return nil, Bad("invalidFilter", "The filter is too long")
	}
	expr, err := filter.ParseFilter([]byte(raw))
	if err != nil {
		return nil, Bad("invalidFilter", "The filter is not valid SCIM filter syntax: "+err.Error())
	}
	return userCond(expr, 0)
}

func userCond(e filter.Expression, depth int) (*Cond, error) {
	if depth > 20 {
		return nil, Bad("invalidFilter", "The filter nests too deeply")
	}
	switch x := e.(type) {
	case *filter.LogicalExpression:
		l, err := userCond(x.Left, depth+1)
		if err != nil {
			return nil, err
		}
		r, err := userCond(x.Right, depth+1)
		if err != nil {
			return nil, err
		}
		return &Cond{Op: string(x.Operator), Kids: []*Cond{l, r}}, nil
	case *filter.NotExpression:
		k, err := userCond(x.Expression, depth+1)
		if err != nil {
			return nil, err
		}
		return &Cond{Op: "not", Kids: []*Cond{k}}, nil
	case *filter.AttributeExpression:
		return attrCond(x.AttributePath, string(x.Operator), x.CompareValue)
	case *filter.ValuePath:
		return valuePathCond(x, depth)
	}
	return nil, Bad("invalidFilter", fmt.Sprintf("Unsupported filter expression %v", e))
}

// userAttr resolves an attribute path to its canonical name; "" for
// one Cadre does not keep (externalId: matches nothing).
func userAttr(p filter.AttributePath) (string, bool, error) {
	uri := strings.ToLower(p.URI())
	name := strings.ToLower(p.AttributeName)
	sub := strings.ToLower(p.SubAttributeName())
	switch uri {
	case "", strings.ToLower(SchemaUser):
		switch name {
		case "id":
			return "id", true, nil
		case "externalid":
			return "", true, nil
		case "username":
			return "userName", true, nil
		case "name":
			switch sub {
			case "givenname":
				return "name.givenName", true, nil
			case "familyname":
				return "name.familyName", true, nil
			case "formatted":
				return "name.formatted", true, nil
			}
		case "displayname":
			return "displayName", true, nil
		case "nickname":
			return "nickName", true, nil
		case "emails":
			if sub == "" || sub == "value" {
				return "emails.value", true, nil
			}
		case "active":
			return "active", true, nil
		case "title":
			return "title", true, nil
		case "usertype":
			return "userType", true, nil
		case "meta":
			switch sub {
			case "created":
				return "meta.created", true, nil
			case "lastmodified":
				return "meta.lastModified", true, nil
			}
		}
		if uri != "" {
			break
		}
		fallthrough
	case strings.ToLower(SchemaEnterprise):
		switch name {
		case "employeenumber":
			return "employeeNumber", true, nil
		case "department":
			return "department", true, nil
		case "organization":
			return "organization", true, nil
		case "manager":
			if sub == "" || sub == "value" {
				return "manager.value", true, nil
			}
		}
	}
	return "", false, Bad("invalidFilter", "Cadre cannot filter Users on "+p.String())
}

func attrCond(p filter.AttributePath, op string, v any) (*Cond, error) {
	attr, _, err := userAttr(p)
	if err != nil {
		return nil, err
	}
	if attr == "" {
		return &Cond{Op: "false"}, nil // externalId: Cadre keeps none
	}
	c := &Cond{Op: "cmp", Attr: attr, Cmp: op}
	if op == string(filter.PR) {
		return c, nil
	}
	switch UserAttrs[attr] {
	case KindBool:
		b, ok := v.(bool)
		if !ok || (op != "eq" && op != "ne") {
			return nil, Bad("invalidFilter", attr+" compares with eq or ne against true or false")
		}
		c.Value = b
	case KindDateTime:
		s, ok := v.(string)
		t, err := time.Parse(time.RFC3339, s)
		if !ok || err != nil {
			return nil, Bad("invalidFilter", attr+" compares against an RFC 3339 date-time, e.g. \"2026-11-01T00:00:00Z\"")
		}
		if op == "co" || op == "sw" || op == "ew" {
			return nil, Bad("invalidFilter", attr+" does not take "+op)
		}
		c.Value = t.UTC()
	case KindID:
		s := fmt.Sprint(v)
		if op != "eq" && op != "ne" {
			return nil, Bad("invalidFilter", attr+" compares with eq or ne")
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return &Cond{Op: map[bool]string{true: "false", false: "true"}[op == "eq"]}, nil // no such id
		}
		c.Value = n
	default:
		s, ok := v.(string)
		if !ok {
			return nil, Bad("invalidFilter", attr+" compares against a string")
		}
		c.Value = s
	}
	return c, nil
}

// valuePathCond handles emails[type eq "work" and value co "x"]: Cadre
// serves one email, the work one, primary.
func valuePathCond(x *filter.ValuePath, depth int) (*Cond, error) {
	if !strings.EqualFold(x.AttributePath.AttributeName, "emails") {
		return nil, Bad("invalidFilter", "Cadre filters only emails[…] by value path")
	}
	var walk func(e filter.Expression, d int) (*Cond, error)
	walk = func(e filter.Expression, d int) (*Cond, error) {
		if d > 20 {
			return nil, Bad("invalidFilter", "The filter nests too deeply")
		}
		switch y := e.(type) {
		case *filter.LogicalExpression:
			l, err := walk(y.Left, d+1)
			if err != nil {
				return nil, err
			}
			r, err := walk(y.Right, d+1)
			if err != nil {
				return nil, err
			}
			return &Cond{Op: string(y.Operator), Kids: []*Cond{l, r}}, nil
		case *filter.NotExpression:
			k, err := walk(y.Expression, d+1)
			if err != nil {
				return nil, err
			}
			return &Cond{Op: "not", Kids: []*Cond{k}}, nil
		case *filter.AttributeExpression:
			switch strings.ToLower(y.AttributePath.AttributeName) {
			case "value":
				return attrCond(filter.AttributePath{AttributeName: "emails"}, string(y.Operator), y.CompareValue)
			case "type":
				s, _ := y.CompareValue.(string)
				hit := strings.EqualFold(s, "work")
				switch string(y.Operator) {
				case "eq":
				case "ne":
					hit = !hit
				case "pr":
					hit = true
				default:
					return nil, Bad("invalidFilter", "emails.type compares with eq, ne or pr")
				}
				return &Cond{Op: map[bool]string{true: "true", false: "false"}[hit]}, nil
			case "primary":
				b, _ := y.CompareValue.(bool)
				hit := b == (string(y.Operator) == "eq") || string(y.Operator) == "pr"
				return &Cond{Op: map[bool]string{true: "true", false: "false"}[hit]}, nil
			}
		}
		return nil, Bad("invalidFilter", fmt.Sprintf("Unsupported filter inside emails[…]: %v", e))
	}
	return walk(x.ValueFilter, depth+1)
}

// ParseGroupFilter parses a filter over Groups into a predicate:
// displayName (text operators), id (eq, ne), members.value (eq: has this
// member), and, or, not.
func ParseGroupFilter(raw string) (func(GroupRow) bool, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return func(GroupRow) bool { return true }, nil
	}
	if len(raw) > MaxFilter {
		return nil, Bad("invalidFilter", "The filter is too long")
	}
	expr, err := filter.ParseFilter([]byte(raw))
	if err != nil {
		return nil, Bad("invalidFilter", "The filter is not valid SCIM filter syntax: "+err.Error())
	}
	return groupPred(expr, 0)
}

func groupPred(e filter.Expression, depth int) (func(GroupRow) bool, error) {
	if depth > 20 {
		return nil, Bad("invalidFilter", "The filter nests too deeply")
	}
	switch x := e.(type) {
	case *filter.LogicalExpression:
		l, err := groupPred(x.Left, depth+1)
		if err != nil {
			return nil, err
		}
		r, err := groupPred(x.Right, depth+1)
		if err != nil {
			return nil, err
		}
		if x.Operator == filter.AND {
			return func(g GroupRow) bool { return l(g) && r(g) }, nil
		}
		return func(g GroupRow) bool { return l(g) || r(g) }, nil
	case *filter.NotExpression:
		k, err := groupPred(x.Expression, depth+1)
		if err != nil {
			return nil, err
		}
		return func(g GroupRow) bool { return !k(g) }, nil
	case *filter.AttributeExpression:
		name, sub := strings.ToLower(x.AttributePath.AttributeName), strings.ToLower(x.AttributePath.SubAttributeName())
		op := string(x.Operator)
		val := fmt.Sprint(x.CompareValue)
		switch {
		case name == "displayname":
			return func(g GroupRow) bool { return compareText(g.DisplayName, op, val) }, nil
		case name == "id" && (op == "eq" || op == "ne"):
			return func(g GroupRow) bool { return (g.ID == val) == (op == "eq") }, nil
		case name == "members" && (sub == "" || sub == "value") && (op == "eq" || op == "pr"):
			return func(g GroupRow) bool {
				if op == "pr" {
					return len(g.Members) > 0
				}
				for _, m := range g.Members {
					if strconv.FormatInt(m.ID, 10) == val {
						return true
					}
				}
				return false
			}, nil
		case name == "externalid":
			return func(GroupRow) bool { return false }, nil
		}
		return nil, Bad("invalidFilter", "Cadre cannot filter Groups on "+x.AttributePath.String()+" "+op)
	}
	return nil, Bad("invalidFilter", fmt.Sprintf("Unsupported filter expression %v", e))
}

// compareText compares case-insensitively, as SCIM's caseExact=false
// strings do.
func compareText(have, op, want string) bool {
	h, w := strings.ToLower(have), strings.ToLower(want)
	switch op {
	case "eq":
		return h == w
	case "ne":
		return h != w
	case "co":
		return strings.Contains(h, w)
	case "sw":
		return strings.HasPrefix(h, w)
	case "ew":
		return strings.HasSuffix(h, w)
	case "pr":
		return have != ""
	case "gt":
		return h > w
	case "ge":
		return h >= w
	case "lt":
		return h < w
	case "le":
		return h <= w
	}
	return false
}
