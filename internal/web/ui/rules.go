package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
)

// RulesRoutes registers the rules workbench pages. Every page requires
// rules.evaluate (HR generalists, managers and directors).
func (u *UI) RulesRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /rules", u.authed(u.rulesIndex))           // rules.evaluate
	mux.HandleFunc("GET /rules/{rule}", u.authed(u.ruleForm))      // rules.evaluate
	mux.HandleFunc("POST /rules/{rule}", u.authed(u.ruleEvaluate)) // rules.evaluate
}

// rulesSection is the sidebar label the workbench pages highlight.
const rulesSection = "Rules workbench"

// RulesIndexPage lists the rules.
type RulesIndexPage struct {
	Base
	Rules []RuleSpec
}

// RulePage is one rule's form, with its result once evaluated.
type RulePage struct {
	Base
	Spec      RuleSpec
	Fields    []RuleField
	Errors    []RuleError
	ErrCount  int
	Evaluated bool
	Result    []RuleValue
	Tables    []RuleTable
	Steps     []rules.Step
	Curl      string
}

// RuleField is one fact as the form shows it.
type RuleField struct {
	FactSpec
	ID, Value, Error string
	Checked          bool
	Choices          []Option
	Rows             int
	Days             []RuleDay
}

// RuleDay is one weekday input of a factWeek field.
type RuleDay struct{ Name, ID, Label, Value string }

// RuleError is one entry of the error summary.
type RuleError struct{ ID, Text string }

// RuleValue is one formatted result value (a labelled row or a table cell).
type RuleValue struct {
	Label, Text string
	Date        string // YYYY-MM-DD when the value is a date
	Null        bool
}

// RuleTable is a result field holding a list of objects.
type RuleTable struct {
	Label string
	Cols  []string
	Rows  [][]RuleValue
}

var weekdays = []struct{ key, label string }{{"mon", "Mon"}, {"tue", "Tue"}, {"wed", "Wed"}, {"thu", "Thu"}, {"fri", "Fri"}, {"sat", "Sat"}, {"sun", "Sun"}}

func (u *UI) rulesIndex(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.RulesEvaluate, access.CompanyTarget); err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "rules/index", RulesIndexPage{Base: u.base(r, "Rules workbench", rulesSection), Rules: ruleSpecs})
	return nil
}

// ruleSetup checks the permission and finds the rule and the company settings.
func (u *UI) ruleSetup(r *http.Request) (RuleSpec, rules.Settings, error) {
	if err := access.Require(actor(r), access.RulesEvaluate, access.CompanyTarget); err != nil {
		return RuleSpec{}, rules.Settings{}, err
	}
	spec, ok := ruleSpec(r.PathValue("rule"))
	if !ok {
		return RuleSpec{}, rules.Settings{}, kit.NotFound("rule")
	}
	s := rules.Settings{}
	if u.RuleSettings != nil {
		var err error
		if s, err = u.RuleSettings(r.Context()); err != nil {
			return RuleSpec{}, rules.Settings{}, err
		}
	}
	if s.BusinessCalendar == "" {
		s.BusinessCalendar = "US_FED"
	}
	return spec, s, nil
}

func (u *UI) ruleForm(w http.ResponseWriter, r *http.Request) error {
	spec, s, err := u.ruleSetup(r)
	if err != nil {
		return err
	}
	vals := ruleDefaults(spec, s)
	body, _ := buildRuleFacts(spec, vals)
	p := u.rulePage(r, spec, vals, nil, body)
	u.render(w, r, http.StatusOK, "rules/rule", p)
	return nil
}

func (u *UI) ruleEvaluate(w http.ResponseWriter, r *http.Request) error {
	spec, s, err := u.ruleSetup(r)
	if err != nil {
		return err
	}
	vals := r.PostForm
	body, fe := buildRuleFacts(spec, vals)
	res, steps, err := rules.Evaluate(spec.Name, body, s)
	if err != nil && kit.KindOf(err) != kit.KindInvalid {
		return err
	}
	for k, msg := range kit.FieldsOf(err) {
		fe.Add(k, msg) // the form's own reading errors come first
	}
	if err != nil && len(fe) == 0 {
		fe.Add("", kit.MessageOf(err))
	}
	p := u.rulePage(r, spec, vals, fe, body)
	if len(fe) > 0 {
		u.render(w, r, http.StatusUnprocessableEntity, "rules/rule", p)
		return nil
	}
	if p.Result, p.Tables, err = ruleResult(res); err != nil {
		return err
	}
	p.Evaluated, p.Steps = true, steps
	u.render(w, r, http.StatusOK, "rules/rule", p)
	return nil
}

func (u *UI) rulePage(r *http.Request, spec RuleSpec, vals url.Values, fe kit.FieldErrors, body []byte) RulePage {
	p := RulePage{Base: u.base(r, spec.Title, rulesSection), Spec: spec, Curl: u.ruleCurl(r, spec.Name, body)}
	p.Crumbs = []Crumb{{Label: "Rules workbench", Href: "/rules"}, {Label: spec.Title}}
	lines := ruleLines(spec, vals)
	byField, summary := ruleErrors(spec, fe, lines)
	p.Errors, p.ErrCount = summary, len(fe)
	for _, f := range spec.Facts {
		rf := RuleField{FactSpec: f, ID: fieldID(f.Name), Value: vals.Get(f.Name), Error: byField[f.Name]}
		switch f.Kind {
		case factSelect:
			rf.Choices = selected(f.Options, rf.Value)
		case factBool, factNotBool:
			rf.Checked = rf.Value != ""
		case factRows, factDateList, factTextList:
			rf.Rows = min(max(strings.Count(strings.TrimRight(rf.Value, "\r\n"), "\n")+2, 3), 14)
		case factWeek:
			for _, d := range weekdays {
				n := f.Name + "_" + d.key
				rf.Days = append(rf.Days, RuleDay{Name: n, ID: fieldID(n), Label: d.label, Value: vals.Get(n)})
			}
		}
		p.Fields = append(p.Fields, rf)
	}
	return p
}

// ruleDefaults is the worked example with the company settings applied.
func ruleDefaults(spec RuleSpec, s rules.Settings) url.Values {
	v := url.Values{}
	for _, f := range spec.Facts {
		val := f.Example
		switch {
		case f.Setting == settingCalendar && s.BusinessCalendar != "":
			val = s.BusinessCalendar
		case f.Setting == settingFMLAMethod && s.FMLAMethod != "":
			val = s.FMLAMethod
		case f.Setting == settingLeaveYearStart && s.LeaveYearStart != "":
			val = s.LeaveYearStart
		case f.Setting == settingClosures && len(s.Closures) > 0:
			ds := make([]string, len(s.Closures))
			for i, d := range s.Closures {
				ds[i] = d.String()
			}
			val = strings.Join(ds, "\n")
		}
		if f.Kind == factWeek {
			hours := strings.Split(val, ",")
			for i, d := range weekdays {
				if i < len(hours) {
					v.Set(f.Name+"_"+d.key, strings.TrimSpace(hours[i]))
				}
			}
			continue
		}
		if val != "" {
			v.Set(f.Name, val)
		}
	}
	return v
}

// jsonObj is a JSON object that keeps its keys in order.
type jsonObj []jsonKV

type jsonKV struct {
	K string
	V any
}

func (o jsonObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.K)
		v, err := json.Marshal(kv.V)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// listLines returns the non-blank lines of a textarea with their 1-based
// line numbers.
func listLines(s string) (rows []string, nums []int) {
	for i, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			rows, nums = append(rows, l), append(nums, i+1)
		}
	}
	return rows, nums
}

// ruleLines maps each list fact to the textarea line number of each entry.
func ruleLines(spec RuleSpec, vals url.Values) map[string][]int {
	out := map[string][]int{}
	for _, f := range spec.Facts {
		switch f.Kind {
		case factRows, factDateList, factTextList:
			_, out[f.Name] = listLines(vals.Get(f.Name))
		}
	}
	return out
}

// ruleNumber parses a number typed by a person ("1,250", "$85000", "21.5").
func ruleNumber(s string) (json.Number, bool) {
	s = strings.NewReplacer(",", "", "$", "", " ", "", "_", "").Replace(strings.TrimSpace(s))
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return "", false
	}
	return json.Number(strconv.FormatFloat(x, 'f', -1, 64)), true
}

// buildRuleFacts turns the form into the JSON facts body. Empty optional
// facts are left out. Values the form cannot read become errors keyed the
// way the engine keys them ("usage[2].hours"); the entry is still sent, so
// that the engine's indexes match the form's lines.
func buildRuleFacts(spec RuleSpec, vals url.Values) ([]byte, kit.FieldErrors) {
	fe := kit.FieldErrors{}
	obj := jsonObj{}
	for _, f := range spec.Facts {
		raw := strings.TrimSpace(vals.Get(f.Name))
		switch f.Kind {
		case factDate, factText, factSelect:
			if raw != "" {
				obj = append(obj, jsonKV{f.Name, raw})
			}
		case factNumber, factInteger:
			if raw == "" {
				continue
			}
			if n, ok := ruleNumber(raw); ok {
				obj = append(obj, jsonKV{f.Name, n})
			} else {
				fe.Add(f.Name, "must be a number")
			}
		case factBool:
			if raw != "" {
				obj = append(obj, jsonKV{f.Name, true})
			} else if f.Required {
				obj = append(obj, jsonKV{f.Name, false})
			}
		case factNotBool:
			if raw != "" {
				obj = append(obj, jsonKV{f.Name, false})
			}
		case factDateList, factTextList:
			rows, _ := listLines(raw)
			if len(rows) > 0 || f.Required {
				if rows == nil {
					rows = []string{}
				}
				obj = append(obj, jsonKV{f.Name, rows})
			}
		case factRows:
			rows, _ := listLines(raw)
			if len(rows) == 0 && !f.Required {
				continue
			}
			list := make([]jsonObj, 0, len(rows))
			for i, row := range rows {
				list = append(list, ruleRow(f, i, row, fe))
			}
			obj = append(obj, jsonKV{f.Name, list})
		case factWeek:
			hours := jsonObj{}
			for _, d := range weekdays {
				s := strings.TrimSpace(vals.Get(f.Name + "_" + d.key))
				if s == "" {
					continue
				}
				if n, ok := ruleNumber(s); ok {
					hours = append(hours, jsonKV{d.key, n})
				} else {
					fe.Add(f.Name+".hours."+d.key, "must be a number")
				}
			}
			if len(hours) > 0 {
				obj = append(obj, jsonKV{f.Name, jsonObj{{"hours", hours}}})
			}
		}
	}
	body, err := json.Marshal(obj)
	if err != nil { // unreachable: every value is a string, number, bool or list of them
		return []byte("{}"), kit.FieldErrors{"": "The facts could not be encoded."}
	}
	return body, fe
}

// ruleRow reads one comma-separated line of a list fact into an object.
func ruleRow(f FactSpec, i int, row string, fe kit.FieldErrors) jsonObj {
	cells := strings.Split(row, ",")
	for len(cells) > len(f.Columns) && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1] // a trailing comma
	}
	if len(cells) > len(f.Columns) {
		names := make([]string, len(f.Columns))
		for j, c := range f.Columns {
			names[j] = c.Name
		}
		fe.Add(fmt.Sprintf("%s[%d]", f.Name, i), fmt.Sprintf("has %d values; expected %d (%s)", len(cells), len(f.Columns), strings.Join(names, ", ")))
	}
	obj := jsonObj{}
	for j, c := range f.Columns {
		if j >= len(cells) {
			break
		}
		cell := strings.TrimSpace(cells[j])
		if cell == "" {
			continue
		}
		if c.Kind == factNumber || c.Kind == factInteger {
			n, ok := ruleNumber(cell)
			if !ok {
				fe.Add(fmt.Sprintf("%s[%d].%s", f.Name, i, c.Name), fmt.Sprintf("must be a number, not %q", cell))
				continue
			}
			obj = append(obj, jsonKV{c.Name, n})
			continue
		}
		obj = append(obj, jsonKV{c.Name, cell})
	}
	return obj
}

var errKeyRE = regexp.MustCompile(`^([a-z0-9_]*)(?:\[(\d+)\])?(?:\.(.+))?$`)

// ruleErrors maps engine error keys to form fields: "usage[2].hours" is
// shown on the usage field as "line 3: hours …" (the textarea line), and
// fact names inside messages become their labels.
func ruleErrors(spec RuleSpec, fe kit.FieldErrors, lines map[string][]int) (map[string]string, []RuleError) {
	type entry struct {
		field, text, summary string
		order, idx           int
	}
	order, labels := map[string]int{}, map[string]string{}
	for i, f := range spec.Facts {
		order[f.Name], labels[f.Name] = i, f.Label
	}
	var es []entry
	for key, msg := range fe {
		msg = ruleHumanize(spec, msg)
		m := errKeyRE.FindStringSubmatch(key)
		field, idx, sub := key, -1, ""
		if m != nil {
			field, sub = m[1], m[3]
			if m[2] != "" {
				idx, _ = strconv.Atoi(m[2])
			}
		}
		lbl, known := labels[field]
		e := entry{field: field, order: len(spec.Facts), idx: idx}
		if known {
			e.order = order[field]
		} else {
			lbl = label(strings.ReplaceAll(key, ".", " "))
		}
		switch {
		case idx >= 0:
			line := idx + 1
			if ns := lines[field]; idx < len(ns) {
				line = ns[idx]
			}
			e.text = fmt.Sprintf("line %d: %s", line, strings.TrimSpace(sub+" "+msg))
			e.summary = lbl + ": " + e.text
		case sub != "" && known:
			day := strings.TrimPrefix(sub, "hours")
			for _, d := range weekdays {
				if day == "."+d.key {
					msg = d.label + " " + msg
				}
			}
			e.text = ruleSentence(lbl, msg)
			e.summary = lbl + ": " + e.text
		case key == "":
			e.text, e.summary = msg, msg
		default:
			e.text = ruleSentence(lbl, msg)
			e.summary = e.text
		}
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].order != es[j].order {
			return es[i].order < es[j].order
		}
		if es[i].idx != es[j].idx {
			return es[i].idx < es[j].idx
		}
		return es[i].text < es[j].text
	})
	// A long list can have thousands of bad lines; show the first few.
	const perField, inSummary = 5, 20
	byField, count := map[string]string{}, map[string]int{}
	var summary []RuleError
	for _, e := range es {
		count[e.field]++
		switch n := count[e.field]; {
		case n == 1:
			byField[e.field] = e.text
		case n <= perField:
			byField[e.field] += "; " + e.text
		}
		id := ""
		if _, ok := order[e.field]; ok {
			id = fieldID(e.field)
		}
		if len(summary) < inSummary {
			summary = append(summary, RuleError{ID: id, Text: e.summary})
		}
	}
	for f, n := range count {
		if n > perField {
			byField[f] += fmt.Sprintf("; and %d more", n-perField)
		}
	}
	if len(es) > inSummary {
		summary = append(summary, RuleError{Text: fmt.Sprintf("…and %d more problems", len(es)-inSummary)})
	}
	return byField, summary
}

// ruleSentence makes a field message read as a sentence.
func ruleSentence(lbl, msg string) string {
	for _, p := range []string{"is ", "must ", "equals ", "has ", "overlaps "} {
		if strings.HasPrefix(msg, p) {
			return lbl + " " + msg
		}
	}
	if msg == "" {
		return lbl
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// ruleHumanize replaces snake_case fact names in an engine message with
// their labels ("must be on or after as_of" → `must be on or after “As of”`).
func ruleHumanize(spec RuleSpec, msg string) string {
	fs := append([]FactSpec(nil), spec.Facts...)
	sort.Slice(fs, func(i, j int) bool { return len(fs[i].Name) > len(fs[j].Name) })
	for _, f := range fs {
		if strings.Contains(f.Name, "_") && strings.Contains(msg, f.Name) {
			msg = regexp.MustCompile(`\b`+regexp.QuoteMeta(f.Name)+`\b`).ReplaceAllString(msg, "“"+f.Label+"”")
		}
	}
	return msg
}

// ruleCurl is the equivalent JSON API call, for the "Copy as API request"
// block. Single quotes are escaped for the shell; html/template escapes the
// rest for the page.
func (u *UI) ruleCurl(r *http.Request, rule string, body []byte) string {
	scheme := "http"
	if r.TLS != nil || u.SecureCookies || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	return "curl -X POST " + q(scheme+"://"+r.Host+"/api/v1/rules/"+rule+"/evaluate") + " \\\n" +
		"  -H \"Authorization: Bearer $CADRE_TOKEN\" \\\n" +
		"  -H 'Content-Type: application/json' \\\n" +
		"  --data-raw " + q(prettyFacts(body))
}

// prettyFacts lays out a facts body for reading: one fact per line, and one
// line per entry of a list.
func prettyFacts(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	root, err := decodeOrdered(dec, 0)
	if err != nil || root.kind != 'o' || len(root.keys) == 0 {
		return string(body)
	}
	var b strings.Builder
	b.WriteString("{")
	for i, k := range root.keys {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  " + jnode{kind: 's', s: k}.inline() + ": ")
		if v := root.vals[i]; v.kind == 'a' && len(v.vals) > 0 {
			b.WriteString("[")
			for j, item := range v.vals {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString("\n    " + item.inline())
			}
			b.WriteString("\n  ]")
		} else {
			b.WriteString(v.inline())
		}
	}
	b.WriteString("\n}")
	return b.String()
}
