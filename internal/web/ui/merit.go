package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// meritTabs are the Pay tabs for HR, none for a line manager.
func meritTabs(a access.Actor) []Tab {
	if !access.CanAnywhere(a, access.PayView) {
		return nil
	}
	return payTabs(a, "/pay/merit")
}

func meritSection(a access.Actor) string {
	if access.CanAnywhere(a, access.PayView) {
		return "Pay"
	}
	return "Merit"
}

// MeritPage lists the cycles.
type MeritPage struct {
	Base
	Tabs   []Tab
	Cycles []merit.Cycle
	Form   Form
	CanRun bool
}

func (u *UI) renderMerit(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	cs, err := u.Merit.Cycles(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, status, "pay/merit", MeritPage{Base: u.base(r, "Merit cycles", meritSection(a)), Tabs: meritTabs(a), Cycles: cs, Form: f,
		CanRun: access.Can(a, access.MeritManage, access.CompanyTarget)})
	return nil
}

func (u *UI) meritPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMerit(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) createMeritCycle(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := merit.CycleInput{Name: f.Get("name"), Effective: dateOf(f, "effective_date"), EligibleBy: dateOf(f, "eligible_hired_by"), BudgetBP: bpOf(f, "budget"), Invalid: f.Errors}
	phil, err := u.Structures.Current(r.Context())
	if err != nil {
		return err
	}
	id, err := u.Merit.SaveCycle(r.Context(), actor(r), 0, in, phil.MeritBudgetBP)
	if err == nil {
		return u.redirect(w, r, "/pay/merit/"+itoa(id), "Drafted the cycle. Check the budget and the matrix, then open it to the managers.")
	}
	if err := f.Fail(err, map[string]string{"budget_bp": "budget"}); err != nil {
		return err
	}
	return u.renderMerit(w, r, http.StatusUnprocessableEntity, f)
}

// MeritCyclePage is the HR manager's view of a cycle.
type MeritCyclePage struct {
	Base
	Tabs    []Tab
	O       merit.Overview
	Ratings []string
	Form    Form
	// Depts are the departments whose budget can differ.
	Depts []people.OrgUnit
}

func (u *UI) renderMeritCycle(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("merit cycle")
	}
	o, err := u.Merit.CycleOverview(r.Context(), a, id)
	if err != nil {
		return err
	}
	if f.Get("name") == "" && f.Get("budget") == "" {
		// Not the cycle form coming back: show the cycle as saved.
		v := url.Values{"name": {o.Cycle.Name}, "effective_date": {o.Cycle.Effective.String()}, "eligible_hired_by": {o.Cycle.EligibleBy.String()}, "budget": {bpText(o.Cycle.BudgetBP)}}
		for d, bp := range o.Cycle.DeptBudgets {
			v.Set("dept_"+itoa(d), bpText(bp))
		}
		for ri, row := range o.Cycle.Matrix {
			for qi, bp := range row {
				v.Set("m"+strconv.Itoa(ri+1)+strconv.Itoa(qi+1), bpText(bp))
			}
		}
		errs, problem := f.Errors, f.Problem
		f = NewForm(v)
		f.Errors, f.Problem = errs, problem
	}
	ref, err := u.People.LoadReference(r.Context(), a)
	if err != nil {
		return err
	}
	var depts []people.OrgUnit
	for _, ou := range ref.OrgUnits {
		if ou.Depth == 1 {
			depts = append(depts, ou)
		}
	}
	u.render(w, r, status, "pay/meritcycle", MeritCyclePage{Base: u.base(r, o.Cycle.Name, "Pay"), Tabs: payTabs(a, "/pay/merit"), O: o, Ratings: merit.Ratings, Form: f, Depts: depts})
	return nil
}

func (u *UI) meritCyclePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMeritCycle(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) meritCycleAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("merit cycle")
	}
	f := NewForm(r.PostForm)
	back := "/pay/merit/" + itoa(id)
	var msg string
	switch r.PathValue("action") {
	case "save":
		var m merit.Matrix
		for ri := range 5 {
			for qi := range 4 {
				m[ri][qi] = bpOf(f, "m"+strconv.Itoa(ri+1)+strconv.Itoa(qi+1))
			}
		}
		in := merit.CycleInput{Name: f.Get("name"), Effective: dateOf(f, "effective_date"), EligibleBy: dateOf(f, "eligible_hired_by"), BudgetBP: bpOf(f, "budget"), Matrix: &m, Invalid: f.Errors,
			DeptBudgets: map[int64]int{}}
		for k := range f.Values {
			if d, ok := strings.CutPrefix(k, "dept_"); ok && strings.TrimSpace(f.Get(k)) != "" {
				if id, err := strconv.ParseInt(d, 10, 64); err == nil {
					in.DeptBudgets[id] = bpOf(f, k)
				}
			}
		}
		phil, perr := u.Structures.Current(ctx)
		if perr != nil {
			return perr
		}
		_, err = u.Merit.SaveCycle(ctx, a, id, in, phil.MeritBudgetBP)
		msg = "Saved the cycle."
	case "open":
		err, msg = u.Merit.Open(ctx, a, id), "Opened the cycle: every manager has their worksheet."
	case "apply":
		var n int
		n, err = u.Merit.Apply(ctx, a, id)
		msg = "Applied the cycle: " + plural(n, "increase") + " effective on the cycle date, on their way to payroll."
	default:
		return kit.NotFound("action")
	}
	if err == nil {
		return u.redirect(w, r, back, msg)
	}
	if err := f.Fail(err, map[string]string{"budget_bp": "budget"}); err != nil {
		return err
	}
	return u.renderMeritCycle(w, r, http.StatusUnprocessableEntity, f)
}

// MeritSheetPage is a worksheet.
type MeritSheetPage struct {
	Base
	Tabs    []Tab
	C       merit.Cycle
	S       merit.Sheet
	Rows    []SheetRow
	Form    Form
	Owner   string
	CanEdit bool
	Ratings []string
}

// SheetRow is a worksheet line with its rating choices.
type SheetRow struct {
	merit.Line
	Ratings []Option
	Key     string
}

func (u *UI) renderMeritSheet(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("merit cycle")
	}
	owner := int64(-1)
	if v := r.URL.Query().Get("owner"); v != "" {
		if owner, err = strconv.ParseInt(v, 10, 64); err != nil {
			return kit.NotFound("worksheet")
		}
	}
	c, sh, err := u.Merit.Worksheet(r.Context(), a, id, owner)
	if err != nil {
		return err
	}
	p := MeritSheetPage{Base: u.base(r, "Merit worksheet", meritSection(a)), Tabs: meritTabs(a), C: c, S: sh, Form: f, Ratings: merit.Ratings,
		CanEdit: c.Status == merit.CycleOpen && sh.Status == merit.SheetOpen}
	if owner >= 0 {
		p.Owner = "?owner=" + itoa(owner)
	}
	for i, l := range sh.Lines {
		key := strconv.Itoa(i)
		opts := []Option{{Value: "0", Label: "Not rated"}}
		for ri := 1; ri <= 5; ri++ {
			opts = append(opts, Option{Value: strconv.Itoa(ri), Label: strconv.Itoa(ri) + " " + merit.Ratings[ri]})
		}
		rating, prop, note := strconv.Itoa(l.Rating), bpText(l.ProposedBP), l.Note
		if f.Values.Get("rating_"+key) != "" {
			rating, prop, note = f.Get("rating_"+key), f.Get("proposed_"+key), f.Get("note_"+key)
		}
		f.Values.Set("proposed_"+key, prop)
		f.Values.Set("note_"+key, note)
		p.Rows = append(p.Rows, SheetRow{Line: l, Ratings: selected(opts, rating), Key: key})
	}
	u.render(w, r, status, "pay/meritsheet", p)
	return nil
}

func (u *UI) meritSheetPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMeritSheet(w, r, http.StatusOK, NewForm(url.Values{}))
}

func (u *UI) meritSheetAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("merit cycle")
	}
	owner := int64(-1)
	if v := r.URL.Query().Get("owner"); v != "" {
		if owner, err = strconv.ParseInt(v, 10, 64); err != nil {
			return kit.NotFound("worksheet")
		}
	}
	f := NewForm(r.PostForm)
	back := "/pay/merit/" + itoa(id) + "/worksheet"
	if owner >= 0 {
		back += "?owner=" + itoa(owner)
	}
	var ps []merit.Proposal
	for i := 0; f.Get("employee_"+strconv.Itoa(i)) != ""; i++ {
		k := strconv.Itoa(i)
		ps = append(ps, merit.Proposal{EmployeeID: int64Of(f, "employee_"+k), Rating: intOf(f, "rating_"+k), ProposedBP: bpOf(f, "proposed_"+k), Note: f.Get("note_" + k)})
	}
	if len(f.Errors) == 0 {
		_, err = u.Merit.Propose(ctx, a, id, owner, ps)
		if err == nil && r.PathValue("action") == "submit" {
			_, err = u.Merit.Submit(ctx, a, id, owner, f.Get("justification"))
			if err == nil {
				return u.redirect(w, r, back, "Submitted the worksheet for approval.")
			}
		} else if err == nil {
			return u.redirect(w, r, back, "Saved the worksheet.")
		}
		rename := map[string]string{}
		for i := range ps {
			k := strconv.Itoa(i)
			rename["lines."+k+".rating"], rename["lines."+k+".proposed_bp"], rename["lines."+k+".note"] = "rating_"+k, "proposed_"+k, "note_"+k
		}
		if err := f.Fail(err, rename); err != nil {
			return err
		}
	}
	return u.renderMeritSheet(w, r, http.StatusUnprocessableEntity, f)
}
