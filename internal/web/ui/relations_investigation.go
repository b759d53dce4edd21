package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/relations"
)

// ---- the investigation plan, findings and outcome ----

// InvestigationPage edits the plan, the findings or the outcome.
type InvestigationPage struct {
	Base
	D         relations.Detail
	Form      Form
	Step      string // plan, findings, outcome
	Rows      []AllegationRow
	Subjects  []Option
	Outcomes  []Option
	Evidence  []Option
	FindOpts  []Option
	NeedsDecn bool
}

// AllegationRow is one allegation on the plan or findings form.
type AllegationRow struct {
	N                  int
	ID                 int64
	Text, Subject      string
	Finding, Reasoning string
	Err, FErr, RErr    string
}

const planRows = 6

func (u *UI) renderInvestigation(w http.ResponseWriter, r *http.Request, status int, step string, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := u.Relations.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if !d.CanWork {
		return kit.Forbidden("only the case team or an HR manager over it may change this case")
	}
	title := map[string]string{"plan": "Investigation plan", "findings": "Findings", "outcome": "Outcome"}[step]
	p := InvestigationPage{Base: u.base(r, title+" · "+d.Case.Number(), "Relations"), D: d, Form: f, Step: step,
		FindOpts: erOptions(relations.FindingValues, nil), NeedsDecn: relations.NeedsDecision(f.Get("kind"), d.Case.Escalated)}
	p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: d.Case.Number(), Href: "/relations/cases/" + itoa(id)}, {Label: title}}
	for _, s := range d.Subjects() {
		p.Subjects = append(p.Subjects, Option{Value: itoa(s.ID), Label: s.Name})
	}
	fresh := len(f.Values) == 0
	if fresh {
		f.Values = url.Values{}
		pl := d.Case.Plan
		f.Values.Set("scope", pl.Scope)
		f.Values.Set("approach", pl.Approach)
		f.Values.Set("questions", strings.Join(pl.Questions, "\n"))
		f.Values.Set("witnesses", strings.Join(pl.Witnesses, "\n"))
		f.Values.Set("evidence", strings.Join(pl.Evidence, "\n"))
		f.Values.Set("summary", d.Case.Findings)
		p.Form.Values = f.Values
	}
	n := planRows
	if step == "findings" {
		n = len(d.Allegations)
	}
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		row := AllegationRow{N: i, Err: f.Err("allegations[" + k + "]"), FErr: f.Err("findings[" + k + "].finding"), RErr: f.Err("findings[" + k + "].reasoning")}
		if i < len(d.Allegations) {
			al := d.Allegations[i]
			row.ID, row.Text, row.Subject, row.Finding, row.Reasoning = al.ID, al.Text, itoa(al.SubjectID), al.Finding, al.Reasoning
		}
		if !fresh {
			row.Text, row.Subject = f.Get("allegation_"+k), f.Get("subject_"+k)
			row.Finding, row.Reasoning = f.Get("finding_"+k), f.Get("reasoning_"+k)
		}
		p.Rows = append(p.Rows, row)
	}
	p.Outcomes = selected(erOptions(relations.Outcomes, nil), f.Get("kind"))
	for _, e := range d.Evidence {
		p.Evidence = append(p.Evidence, Option{Value: itoa(e.ID), Label: "E" + itoa(e.ID) + " · " + e.Title, Selected: slices.Contains(f.Values["evidence_ids"], itoa(e.ID))})
	}
	var subjects []Option
	for _, s := range d.Subjects() {
		if s.EmployeeID != 0 {
			subjects = append(subjects, Option{Value: itoa(s.EmployeeID), Label: s.Name})
		}
	}
	if step == "outcome" {
		p.Subjects = subjects
	}
	u.render(w, r, status, "relations/investigation", p)
	return nil
}

func (u *UI) investigationForm(w http.ResponseWriter, r *http.Request) error {
	step := r.PathValue("step")
	if step != "plan" && step != "findings" && step != "outcome" {
		return kit.NotFound("page")
	}
	return u.renderInvestigation(w, r, http.StatusOK, step, Form{Errors: kit.FieldErrors{}})
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (u *UI) saveInvestigation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	f := NewForm(r.PostForm)
	a := actor(r)
	rename := map[string]string{}
	switch step {
	case "plan":
		in := relations.PlanInput{Plan: relations.Plan{Scope: f.Get("scope"), Approach: f.Get("approach"), Questions: splitLines(f.Get("questions")),
			Witnesses: splitLines(f.Get("witnesses")), Evidence: splitLines(f.Get("evidence"))}}
		for i := 0; i < planRows; i++ {
			k := strconv.Itoa(i)
			in.Allegations = append(in.Allegations, relations.AllegationInput{ID: int64Of(f, "id_"+k), Text: f.Get("allegation_" + k), SubjectID: int64Of(f, "subject_"+k)})
		}
		err = u.Relations.SavePlan(r.Context(), a, id, in)
	case "findings":
		in := relations.FindingsInput{Summary: f.Get("summary")}
		for i := 0; f.Values.Has("id_" + strconv.Itoa(i)); i++ {
			k := strconv.Itoa(i)
			in.Findings = append(in.Findings, relations.FindingInput{AllegationID: int64Of(f, "id_"+k), Finding: f.Get("finding_" + k), Reasoning: f.Get("reasoning_" + k)})
		}
		err = u.Relations.RecordFindings(r.Context(), a, id, in)
	case "outcome":
		o := relations.Outcome{Kind: f.Get("kind"), EmployeeID: int64Of(f, "employee_id"), Reasons: f.Get("reasons"), LastDay: dateOf(f, "last_day"),
			From: dateOf(f, "from"), To: dateOf(f, "to"), Paid: f.Get("paid") == "1"}
		for _, v := range f.Values["evidence_ids"] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				o.EvidenceIDs = append(o.EvidenceIDs, n)
			}
		}
		if len(f.Errors) == 0 {
			err = u.Relations.Recommend(r.Context(), a, id, o)
		}
	default:
		return kit.NotFound("page")
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, "/relations/cases/"+itoa(id)+"#investigation", map[string]string{"plan": "Saved the plan.", "findings": "Recorded the findings.", "outcome": "Recorded the outcome."}[step])
	}
	if err != nil {
		if err := f.Fail(err, rename); err != nil {
			return err
		}
	}
	return u.renderInvestigation(w, r, http.StatusUnprocessableEntity, step, f)
}
