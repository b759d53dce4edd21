package ui

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

// ApprovalRulesPage lists each kind of request with its approval chain.
type ApprovalRulesPage struct {
	Base
	Chains       []work.Chain
	CanEdit      bool
	SettingsTabs []Tab
}

func (u *UI) approvalRules(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	chains, err := u.Work.Chains(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/approvalrules", ApprovalRulesPage{Base: u.base(r, "Approval chains", "Settings"), Chains: chains,
		CanEdit: access.Can(a, access.ApprovalRulesManage, access.CompanyTarget), SettingsTabs: settingsTabs(a, "/settings/approvals")})
	return nil
}

// ChainEditPage edits one kind's chain.
type ChainEditPage struct {
	Base
	Kind         work.KindDef
	IsDefault    bool
	Describe     []string
	Rows         []ChainRow
	Form         Form
	SettingsTabs []Tab
}

// ChainRow is one step row of the editor.
type ChainRow struct {
	N         int
	Name      string // "steps[0]"
	Approvers []ChainCheck
	Any       bool
	Conds     []ChainCond
	Error     string
}

// ChainCheck is one approver checkbox.
type ChainCheck struct {
	Value, Label, ID string
	Checked          bool
}

// ChainCond is one condition row.
type ChainCond struct {
	Name                       string // "steps[0].when[1]"
	Facts, Ops                 []Option
	Value                      string
	FactErr, OpErr, ValueErr   string
	FactID, OpID, ValueID, Lbl string
}

const condsPerStep = 2

var condOps = []Option{{Value: "", Label: "—"}, {Value: "yes", Label: "is yes"}, {Value: "no", Label: "is no"}, {Value: ">", Label: "is more than"}, {Value: ">=", Label: "is at least"},
	{Value: "<", Label: "is less than"}, {Value: "<=", Label: "is at most"}, {Value: "=", Label: "equals"}, {Value: "!=", Label: "does not equal"}}

func (u *UI) chainEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	c, err := u.Work.ChainOf(r.Context(), a, r.PathValue("kind"))
	if err != nil {
		return err
	}
	if err := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err != nil {
		return err
	}
	u.renderChain(w, r, http.StatusOK, c, chainValues(c.Steps), NewForm(nil))
	return nil
}

// chainValues turns a chain into form values.
func chainValues(steps []work.ChainStep) map[string][]string {
	v := map[string][]string{}
	for i, s := range steps {
		p := fmt.Sprintf("steps[%d]", i)
		v[p+".approvers"] = s.Approvers
		if s.Any {
			v[p+".any"] = []string{"any"}
		}
		for j, c := range s.When {
			q := fmt.Sprintf("%s.when[%d]", p, j)
			v[q+".fact"], v[q+".op"], v[q+".value"] = []string{c.Fact}, []string{c.Op}, []string{strconv.FormatFloat(c.Value, 'f', -1, 64)}
		}
	}
	return v
}

func (u *UI) renderChain(w http.ResponseWriter, r *http.Request, status int, c work.Chain, values map[string][]string, f Form) {
	facts := map[string]work.FactDef{}
	factOpts := []Option{}
	for _, fd := range c.Kind.Facts {
		facts[fd.Key] = fd
		factOpts = append(factOpts, Option{Value: fd.Key, Label: fd.Label})
	}
	get := func(k string) string {
		if x := values[k]; len(x) > 0 {
			return x[0]
		}
		return ""
	}
	rowsShown := len(c.Steps) + 2
	for k := range values {
		if m := stepIndex.FindStringSubmatch(k); m != nil {
			if i, _ := strconv.Atoi(m[1]); i+2 > rowsShown {
				rowsShown = i + 2
			}
		}
	}
	rowsShown = min(max(rowsShown, 2), work.MaxChainSteps)
	p := ChainEditPage{Base: u.base(r, c.Kind.Label+" approvals", "Settings"), Kind: c.Kind, IsDefault: c.IsDefault, Describe: c.Describe, Form: f,
		SettingsTabs: settingsTabs(actor(r), "/settings/approvals")}
	for i := 0; i < rowsShown; i++ {
		name := fmt.Sprintf("steps[%d]", i)
		row := ChainRow{N: i + 1, Name: name, Any: get(name+".any") == "any", Error: f.Err(name + ".approvers")}
		chosen := map[string]bool{}
		for _, v := range values[name+".approvers"] {
			chosen[v] = true
		}
		for _, ak := range c.Kind.Approvers {
			row.Approvers = append(row.Approvers, ChainCheck{Value: ak, Label: work.ApproverLabels[ak], ID: fieldID(name + ".approvers." + ak), Checked: chosen[ak]})
		}
		for j := 0; j < condsPerStep; j++ {
			q := fmt.Sprintf("%s.when[%d]", name, j)
			fact, op, val := get(q+".fact"), get(q+".op"), get(q+".value")
			if fd, ok := facts[fact]; ok && fd.Type == "bool" && (op == "=" || op == "!=") && (val == "0" || val == "1") {
				if (op == "=") == (val == "1") {
					op = "yes"
				} else {
					op = "no"
				}
				val = ""
			}
			cond := ChainCond{Name: q, Value: val, FactErr: f.Err(q + ".fact"), OpErr: f.Err(q + ".op"), ValueErr: f.Err(q + ".value"),
				FactID: fieldID(q + ".fact"), OpID: fieldID(q + ".op"), ValueID: fieldID(q + ".value")}
			cond.Lbl = fmt.Sprintf("Condition %d of step %d", j+1, i+1)
			for _, o := range factOpts {
				o.Selected = o.Value == fact
				cond.Facts = append(cond.Facts, o)
			}
			for _, o := range condOps {
				o.Selected = o.Value == op
				cond.Ops = append(cond.Ops, o)
			}
			row.Conds = append(row.Conds, cond)
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, status, "admin/chainedit", p)
}

var stepIndex = regexp.MustCompile(`^steps\[(\d+)\]`)

// parseChain reads the editor: rows with no approver and no condition are
// left out; field errors come back under the row's own names.
func parseChain(k work.KindDef, form map[string][]string) ([]work.ChainStep, map[int]int, kit.FieldErrors) {
	f := kit.FieldErrors{}
	facts := map[string]work.FactDef{}
	for _, fd := range k.Facts {
		facts[fd.Key] = fd
	}
	get := func(key string) string {
		if x := form[key]; len(x) > 0 {
			return strings.TrimSpace(x[0])
		}
		return ""
	}
	var steps []work.ChainStep
	rowOf := map[int]int{}
	for i := 0; i < work.MaxChainSteps; i++ {
		name := fmt.Sprintf("steps[%d]", i)
		st := work.ChainStep{Approvers: form[name+".approvers"], Any: get(name+".any") == "any"}
		for j := 0; j < condsPerStep; j++ {
			q := fmt.Sprintf("%s.when[%d]", name, j)
			fact, op, val := get(q+".fact"), get(q+".op"), get(q+".value")
			if fact == "" && val == "" && op == "" {
				continue
			}
			if fact == "" {
				f.Add(q+".fact", "Choose what the condition tests")
				continue
			}
			c := work.Condition{Fact: fact, Op: op}
			fd := facts[fact]
			switch op {
			case "":
				f.Add(q+".op", "Choose a comparison")
				continue
			case "yes", "no":
				if fd.Type != "bool" {
					f.Add(q+".op", "Choose a comparison with a number: "+fd.Label+" is not yes/no")
					continue
				}
				c.Op, c.Value = "=", work.Bool(op == "yes")
			default:
				if fd.Type == "bool" {
					f.Add(q+".op", "Choose “is yes” or “is no” for "+strings.ToLower(fd.Label))
					continue
				}
				n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(val, "$"), "%"), 64)
				if err != nil {
					f.Add(q+".value", "Enter a number")
					continue
				}
				c.Value = n
			}
			st.When = append(st.When, c)
		}
		if len(st.Approvers) == 0 && len(st.When) == 0 {
			continue
		}
		rowOf[len(steps)] = i
		steps = append(steps, st)
	}
	return steps, rowOf, f
}

func (u *UI) saveChain(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	kind := r.PathValue("kind")
	if err := access.Require(a, access.ApprovalRulesManage, access.CompanyTarget); err != nil {
		return err
	}
	c, err := u.Work.ChainOf(r.Context(), a, kind)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.Invalid("form", "The form could not be read")
	}
	steps, rowOf, perr := parseChain(c.Kind, r.PostForm)
	f := NewForm(r.PostForm)
	if len(perr) == 0 {
		_, err = u.Work.SetChain(r.Context(), a, kind, steps)
		if err == nil {
			return u.redirect(w, r, "/settings/approvals", "Saved the "+strings.ToLower(c.Kind.Label)+" approval chain. It applies to requests made from now on.")
		}
		if kit.KindOf(err) != kit.KindInvalid {
			return err
		}
		for key, msg := range kit.FieldsOf(err) {
			if m := stepIndex.FindStringSubmatch(key); m != nil {
				i, _ := strconv.Atoi(m[1])
				key = fmt.Sprintf("steps[%d]", rowOf[i]) + key[len(m[0]):]
			}
			f.Errors.Add(key, msg)
		}
	} else {
		f.Errors = perr
	}
	u.renderChain(w, r, http.StatusUnprocessableEntity, c, r.PostForm, f)
	return nil
}

func (u *UI) resetChain(w http.ResponseWriter, r *http.Request) error {
	c, err := u.Work.ResetChain(r.Context(), actor(r), r.PathValue("kind"))
	if err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/approvals", "The "+strings.ToLower(c.Kind.Label)+" approval chain is back to the default.")
}
