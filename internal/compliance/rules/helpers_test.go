package rules

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func d(s string) date.Date { return date.MustParse(s) }

// run evaluates a rule through the registry and returns the result as the
// API would render it (a JSON object decoded into a map).
func run(t *testing.T, rule, body string, s Settings) (map[string]any, []Step) {
	t.Helper()
	res, steps, err := Evaluate(rule, []byte(body), s)
	if err != nil {
		t.Fatalf("%s %s: unexpected error %v", rule, body, err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if len(steps) == 0 {
		t.Fatalf("%s: no explanation", rule)
	}
	for _, st := range steps {
		if strings.TrimSpace(st.Text) == "" || strings.TrimSpace(st.Citation) == "" {
			t.Fatalf("%s: explanation step without text or citation: %+v", rule, st)
		}
	}
	return m, steps
}

// field returns a JSON field, failing when it is absent (fields must be
// null, never omitted).
func field(t *testing.T, m map[string]any, name string) any {
	t.Helper()
	v, ok := m[name]
	if !ok {
		t.Fatalf("field %q missing from result %v", name, m)
	}
	return v
}

func wantStr(t *testing.T, m map[string]any, name, want string) {
	t.Helper()
	v := field(t, m, name)
	if want == "" {
		if v != nil {
			t.Errorf("%s = %v, want null", name, v)
		}
		return
	}
	if s, _ := v.(string); s != want {
		t.Errorf("%s = %v, want %s", name, v, want)
	}
}

func wantNum(t *testing.T, m map[string]any, name string, want float64) {
	t.Helper()
	v := field(t, m, name)
	f, ok := v.(float64)
	if !ok || f-want > 0.00001 || want-f > 0.00001 {
		t.Errorf("%s = %v, want %v", name, v, want)
	}
}

func wantBool(t *testing.T, m map[string]any, name string, want bool) {
	t.Helper()
	if v := field(t, m, name); v != want {
		t.Errorf("%s = %v, want %v", name, v, want)
	}
}

func wantNull(t *testing.T, m map[string]any, names ...string) {
	t.Helper()
	for _, n := range names {
		if v := field(t, m, n); v != nil {
			t.Errorf("%s = %v, want null", n, v)
		}
	}
}

// invalid evaluates and expects a KindInvalid error naming every field.
func invalid(t *testing.T, rule, body string, s Settings, fields ...string) kit.FieldErrors {
	t.Helper()
	_, _, err := Evaluate(rule, []byte(body), s)
	if err == nil {
		t.Fatalf("%s %s: want a validation error, got none", rule, body)
	}
	var ke *kit.Error
	if !errors.As(err, &ke) || ke.Kind != kit.KindInvalid {
		t.Fatalf("%s %s: want KindInvalid, got %v", rule, body, err)
	}
	for _, f := range fields {
		if !ke.Fields.Has(f) {
			t.Errorf("%s %s: want an error on %q, got %v", rule, body, f, ke.Fields)
		}
	}
	return ke.Fields
}
