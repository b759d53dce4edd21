package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// maxListLen bounds every list in a facts body so that a hostile request
// cannot make a rule do unbounded work.
const maxListLen = 10000

// facts reads one JSON object of facts field by field. Type errors and
// missing required fields are recorded in fe under the JSON path of the
// field (for example "usage[2].hours"), so that one request reports every
// bad field at once.
type facts struct {
	path string
	m    map[string]json.RawMessage
	fe   kit.FieldErrors
}

// parseFacts decodes a request body into a facts reader. A body that is
// not a single JSON object is malformed; an empty body is read as {}.
func parseFacts(body []byte) (*facts, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return nil, kit.Malformed("the facts must be a JSON object: %v", err)
	}
	if m == nil {
		return nil, kit.Malformed("the facts must be a JSON object, not null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, kit.Malformed("the facts must be a single JSON object")
	}
	return &facts{m: m, fe: kit.FieldErrors{}}, nil
}

func (f *facts) key(name string) string {
	if f.path == "" {
		return name
	}
	return f.path + "." + name
}

func (f *facts) fail(name, msg string) { f.fe.Add(f.key(name), msg) }

// raw returns the value of a field; an absent field and JSON null are both
// "not given".
func (f *facts) raw(name string) (json.RawMessage, bool) {
	v, ok := f.m[name]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, false
	}
	return v, true
}

func (f *facts) has(name string) bool { _, ok := f.raw(name); return ok }

// require records "is required" for each field that is absent or null.
func (f *facts) require(names ...string) {
	for _, n := range names {
		if !f.has(n) {
			f.fail(n, "is required")
		}
	}
}

func (f *facts) date(name string) date.Date {
	v, ok := f.raw(name)
	if !ok {
		return date.Date{}
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		f.fail(name, "must be a date in YYYY-MM-DD form")
		return date.Date{}
	}
	d, err := date.Parse(s)
	if err != nil {
		f.fail(name, fmt.Sprintf("%q is not a valid date in YYYY-MM-DD form", s))
		return date.Date{}
	}
	return d
}

func (f *facts) number(name string) *float64 {
	v, ok := f.raw(name)
	if !ok {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil || !isJSONNumber(v) {
		f.fail(name, "must be a number")
		return nil
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) > 1e15 || (x != 0 && math.Abs(x) < 1e-6) {
		f.fail(name, "must be a number of reasonable size (0, or between 0.000001 and 1e15 in magnitude)")
		return nil
	}
	return &x
}

func isJSONNumber(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))
}

func (f *facts) integer(name string) *int {
	x := f.number(name)
	if x == nil {
		return nil
	}
	if *x != math.Trunc(*x) || math.Abs(*x) > 1e9 {
		f.fail(name, "must be a whole number")
		return nil
	}
	i := int(*x)
	return &i
}

func (f *facts) boolean(name string) *bool {
	v, ok := f.raw(name)
	if !ok {
		return nil
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		f.fail(name, "must be true or false")
		return nil
	}
	return &b
}

func (f *facts) str(name string) string {
	v, ok := f.raw(name)
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		f.fail(name, "must be a string")
		return ""
	}
	return strings.TrimSpace(s)
}

// enum reads a string that must be one of allowed; "" when absent.
func (f *facts) enum(name string, allowed ...string) string {
	s := f.str(name)
	if s == "" || f.fe.Has(f.key(name)) {
		return s
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	f.fail(name, fmt.Sprintf("%q is not one of: %s", s, strings.Join(allowed, ", ")))
	return ""
}

// elems reads an array; ok is false when the field is absent, null or not
// an array (the latter also records an error).
func (f *facts) elems(name string) ([]json.RawMessage, bool) {
	v, ok := f.raw(name)
	if !ok {
		return nil, false
	}
	var list []json.RawMessage
	if err := json.Unmarshal(v, &list); err != nil {
		f.fail(name, "must be a list")
		return nil, false
	}
	if len(list) > maxListLen {
		f.fail(name, fmt.Sprintf("must have at most %d entries", maxListLen))
		return nil, false
	}
	if list == nil {
		list = []json.RawMessage{}
	}
	return list, true
}

// objects reads a list of objects; each element gets its own reader whose
// errors are keyed "name[i].field".
func (f *facts) objects(name string) ([]*facts, bool) {
	list, ok := f.elems(name)
	if !ok {
		return nil, false
	}
	out := make([]*facts, 0, len(list))
	for i, v := range list {
		p := fmt.Sprintf("%s[%d]", f.key(name), i)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(v, &m); err != nil || m == nil {
			f.fe.Add(p, "must be an object")
			m = map[string]json.RawMessage{}
		}
		out = append(out, &facts{path: p, m: m, fe: f.fe})
	}
	return out, true
}

// object reads a nested object.
func (f *facts) object(name string) (*facts, bool) {
	v, ok := f.raw(name)
	if !ok {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		f.fail(name, "must be an object")
		return nil, false
	}
	return &facts{path: f.key(name), m: m, fe: f.fe}, true
}

// dates reads a list of dates.
func (f *facts) dates(name string) ([]date.Date, bool) {
	list, ok := f.elems(name)
	if !ok {
		return nil, false
	}
	out := make([]date.Date, 0, len(list))
	for i, v := range list {
		var s string
		d, err := date.Date{}, json.Unmarshal(v, &s)
		if err == nil {
			d, err = date.Parse(s)
		}
		if err != nil {
			f.fe.Add(fmt.Sprintf("%s[%d]", f.key(name), i), "must be a date in YYYY-MM-DD form")
			continue
		}
		out = append(out, d)
	}
	return out, true
}

// strs reads a list of strings.
func (f *facts) strs(name string) ([]string, bool) {
	list, ok := f.elems(name)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for i, v := range list {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			f.fe.Add(fmt.Sprintf("%s[%d]", f.key(name), i), "must be a string")
			continue
		}
		out = append(out, s)
	}
	return out, true
}

// dateOrBool reads a field that may be true/false or a date (a date means
// true, on that date).
func (f *facts) dateOrBool(name string) (bool, date.Date) {
	v, ok := f.raw(name)
	if !ok {
		return false, date.Date{}
	}
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return b, date.Date{}
	}
	d := f.date(name)
	if f.fe.Has(f.key(name)) {
		f.fe[f.key(name)] = "must be true, false or a date in YYYY-MM-DD form"
	}
	return !d.IsZero(), d
}

// fieldKey builds "list[i].field" for validation messages on lists.
func fieldKey(list string, i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", list, i, field)
}
