package ui

import (
	"net/http"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
)

// InterviewPlanPage edits a requisition's interview plan.
type InterviewPlanPage struct {
	Base
	R        hiring.Requisition
	Form     Form
	Rows     []PlanRow
	Criteria []string
}

// PlanRow is one round's inputs.
type PlanRow struct {
	N                             int
	Prefix                        string // rounds[i]
	Name, Minutes                 string
	People                        []Option
	Focus                         map[string]bool
	NameErr, MinutesErr, PanelErr string
	FocusErr                      string
}

func (u *UI) renderInterviewPlan(w http.ResponseWriter, r *http.Request, status int, f Form, fromPlan bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	req, plan, err := u.Hiring.InterviewPlan(r.Context(), a, id)
	if err != nil {
		return err
	}
	if !u.Hiring.Can(r.Context(), a, access.InterviewManage, req) {
		return access.Require(a, access.InterviewManage, access.Target{OrgPath: req.OrgPath, EmployeeID: -1})
	}
	people, err := u.Hiring.Interviewers(r.Context(), a)
	if err != nil {
		return err
	}
	p := InterviewPlanPage{Base: u.base(r, "Interview plan · "+req.Number, "Recruiting"), R: req, Form: f, Criteria: hiring.Criteria(req)}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)}, {Label: "Interview plan"}}
	n := len(plan) + 2
	if !fromPlan {
		n = hiring.MaxRounds
	}
	n = min(n, hiring.MaxRounds)
	for i := 0; i < n; i++ {
		pre := "rounds[" + strconv.Itoa(i) + "]"
		row := PlanRow{N: i + 1, Prefix: pre, Focus: map[string]bool{}, NameErr: f.Err(pre + ".name"), MinutesErr: f.Err(pre + ".minutes"),
			PanelErr: f.Err(pre + ".interviewer_ids"), FocusErr: f.Err(pre + ".focus")}
		chosen := map[string]bool{}
		if fromPlan {
			if i < len(plan) {
				rd := plan[i]
				row.Name, row.Minutes = rd.Name, strconv.Itoa(rd.Minutes)
				for _, uid := range rd.Interviewers {
					chosen[itoa(uid)] = true
				}
				for _, c := range rd.Focus {
					row.Focus[c] = true
				}
			}
		} else {
			row.Name, row.Minutes = f.Get(pre+".name"), f.Get(pre+".minutes")
			for _, v := range f.Values[pre+".interviewer_ids"] {
				chosen[v] = true
			}
			for _, v := range f.Values[pre+".focus"] {
				row.Focus[v] = true
			}
		}
		for _, pp := range people {
			row.People = append(row.People, Option{Value: itoa(pp.UserID), Label: pp.Name, Selected: chosen[itoa(pp.UserID)]})
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, status, "hiring/interviewplan", p)
	return nil
}

func (u *UI) interviewPlanForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderInterviewPlan(w, r, http.StatusOK, NewForm(nil), true)
}

func (u *UI) saveInterviewPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	// Rows left blank are not rounds; the domain numbers the rest, so its
	// field errors are renamed back to the rows they came from.
	var rounds []hiring.InterviewRound
	rename := map[string]string{}
	for i := 0; i < hiring.MaxRounds; i++ {
		pre := "rounds[" + strconv.Itoa(i) + "]"
		name, ids := f.Get(pre+".name"), f.Values[pre+".interviewer_ids"]
		if name == "" && len(ids) == 0 {
			continue
		}
		rd := hiring.InterviewRound{Name: name, Focus: f.Values[pre+".focus"]}
		rd.Minutes, _ = strconv.Atoi(f.Get(pre + ".minutes"))
		for _, v := range ids {
			if uid, err := strconv.ParseInt(v, 10, 64); err == nil {
				rd.Interviewers = append(rd.Interviewers, uid)
			}
		}
		at := "rounds[" + strconv.Itoa(len(rounds)) + "]"
		for _, k := range []string{".name", ".minutes", ".interviewer_ids", ".focus"} {
			rename[at+k] = pre + k
		}
		rounds = append(rounds, rd)
	}
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	err = u.Hiring.SetInterviewPlan(r.Context(), actor(r), id, rounds, version)
	if err == nil {
		msg := "Saved the interview plan."
		if len(rounds) == 0 {
			msg = "Removed the interview plan."
		}
		return u.redirect(w, r, "/hiring/requisitions/"+itoa(id)+"#plan", msg)
	}
	if err := f.Fail(err, rename); err != nil {
		return err
	}
	return u.renderInterviewPlan(w, r, http.StatusUnprocessableEntity, f, false)
}
