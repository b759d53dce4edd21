package ui

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Form carries submitted values and per-field errors back into a page.
type Form struct {
	Values url.Values
	Errors kit.FieldErrors
	// Problem is a form-level error (e.g. a conflict).
	Problem string
	// Labels name fields in the error summary where the field name is not
	// a good label (a screening question's text, for example).
	Labels map[string]string
}

// NewForm starts a form with values.
func NewForm(v url.Values) Form {
	if v == nil {
		v = url.Values{}
	}
	return Form{Values: v, Errors: kit.FieldErrors{}}
}

// Get returns a submitted value.
func (f Form) Get(k string) string { return f.Values.Get(k) }

// Err returns the error for a field.
func (f Form) Err(k string) string { return f.Errors[k] }

// ErrorList lists the errors for the summary, in field order.
func (f Form) ErrorList() []FieldView {
	var out []FieldView
	for _, k := range f.Errors.Sorted() {
		lbl := f.Labels[k]
		if lbl == "" {
			lbl = label(strings.ReplaceAll(k, ".", " "))
		}
		out = append(out, FieldView{ID: fieldID(k), Label: lbl, Error: f.Errors[k]})
	}
	return out
}

// Fail records the error of a failed use case on the form; it returns the
// error back when it is not a validation or conflict error.
func (f *Form) Fail(err error, rename map[string]string) error {
	switch kit.KindOf(err) {
	case kit.KindInvalid:
		for k, v := range kit.FieldsOf(err) {
			if n, ok := rename[k]; ok {
				k = n
			}
			f.Errors.Add(k, v)
		}
		return nil
	case kit.KindConflict:
		f.Problem = kit.MessageOf(err)
		return nil
	}
	return err
}

// Option is a select option.
type Option struct {
	Value, Label string
	Selected     bool
}

// FieldView is what the "field" partial renders.
type FieldView struct {
	Name, ID, Label, Type, Help, Value, Error string
	Options                                   []Option
}

func fieldID(name string) string {
	return "f-" + strings.NewReplacer(".", "-", "_", "-", "[", "-", "]", "").Replace(name)
}

func fieldView(f Form, name, lbl, typ, help string, opts ...[]Option) FieldView {
	fv := FieldView{Name: name, ID: fieldID(name), Label: lbl, Type: typ, Help: help, Value: f.Get(name), Error: f.Err(name)}
	if len(opts) > 0 {
		for _, o := range opts[0] {
			o.Selected = o.Value == fv.Value
			fv.Options = append(fv.Options, o)
		}
	}
	return fv
}

// int64Of parses an id field; bad input becomes a field error.
func int64Of(f Form, k string) int64 {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.Errors.Add(k, "Choose a valid value")
		return 0
	}
	return n
}

func intOf(f Form, k string) int {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.Errors.Add(k, "Enter a whole number")
	}
	return n
}

func dateOf(f Form, k string) date.Date {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return date.Date{}
	}
	d, err := date.Parse(v)
	if err != nil {
		f.Errors.Add(k, "Enter a date as YYYY-MM-DD")
	}
	return d
}

func centsOf(f Form, k string) int64 {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return 0
	}
	c, err := kit.ParseCents(v)
	if err != nil {
		f.Errors.Add(k, "Enter an amount like 85000 or 21.50")
	}
	return c
}

// optionsHTML renders <option> elements in Go: selects with a hundred jobs
// are the largest part of a page, and reflection in the template engine
// made them the slowest.
func optionsHTML(opts []Option) template.HTML {
	var b strings.Builder
	b.Grow(len(opts) * 48)
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(o.Value))
		if o.Selected {
			b.WriteString(`" selected>`)
		} else {
			b.WriteString(`">`)
		}
		b.WriteString(html.EscapeString(o.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// pagerLinks are a keyset-paged list's "first page" link (only when this
// page came from a cursor) and "next" link (when there is a next cursor),
// both keeping the list's filters.
func pagerLinks(base string, filters url.Values, cursor, next string) (first, nextHref string) {
	q := url.Values{}
	for k, v := range filters {
		if k != "cursor" {
			q[k] = v
		}
	}
	if cursor != "" {
		first = base
		if len(q) > 0 {
			first += "?" + q.Encode()
		}
	}
	if next != "" {
		q.Set("cursor", next)
		nextHref = base + "?" + q.Encode()
	}
	return first, nextHref
}

// backTo is where a form posted from a page of base returns: the page
// named by its "back" field when that is base itself, one of its filtered
// pages or one of its records, else base.
func backTo(r *http.Request, base string) string {
	back := r.PostFormValue("back")
	if strings.ContainsAny(back, "\\\r\n") {
		return base
	}
	if back == base || strings.HasPrefix(back, base+"?") || strings.HasPrefix(back, base+"/") {
		return back
	}
	return base
}
