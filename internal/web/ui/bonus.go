package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// BonusPage lists the plans.
type BonusPage struct {
	Base
	Tabs  []Tab
	Plans []bonus.Plan
	Form  Form
}

func (u *UI) renderBonus(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ps, err := u.Bonus.Plans(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, status, "pay/bonus", BonusPage{Base: u.base(r, "Bonus plans", "Pay"), Tabs: payTabs(a, "/pay/bonus"), Plans: ps, Form: f})
	return nil
}

func (u *UI) bonusPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderBonus(w, r, http.StatusOK, NewForm(url.Values{"default_target": {"10"}, "company": {"100"}, "cap": {"200"}}))
}

// planOf reads the plan form: targets per grade ("target_<grade>"),
// factors and the cap as percentages.
func planOf(f Form, grades []people.PayGrade) bonus.Plan {
	p := bonus.Plan{Name: f.Get("name"), PeriodStart: dateOf(f, "period_start"), PeriodEnd: dateOf(f, "period_end"), PayDate: dateOf(f, "pay_date"),
		DefaultBP: bpOf(f, "default_target"), CompanyBP: bpOf(f, "company"), CapBP: bpOf(f, "cap"), TargetBP: map[string]int{}, RatingBP: bonus.DefaultRatingBP}
	for _, g := range grades {
		if v := f.Get("target_" + g.Name); v != "" {
			p.TargetBP[g.Name] = bpOf(f, "target_"+g.Name)
		}
	}
	for i := range 6 {
		if v := f.Get("rating_" + strconv.Itoa(i)); v != "" {
			p.RatingBP[i] = bpOf(f, "rating_"+strconv.Itoa(i))
		}
	}
	return p
}

var bonusRename = map[string]string{"default_target_bp": "default_target", "company_factor_bp": "company", "cap_bp": "cap", "target_bp_by_grade": "default_target", "individual_factor_bp_by_rating": "rating_3"}

func (u *UI) createBonus(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	f := NewForm(r.PostForm)
	ref, err := u.People.LoadReference(ctx, a)
	if err != nil {
		return err
	}
	p := planOf(f, ref.PayGrades)
	if len(f.Errors) == 0 {
		id, err := u.Bonus.Save(ctx, a, 0, p)
		if err == nil {
			return u.redirect(w, r, "/pay/bonus/"+itoa(id), "Designed the plan. Set the targets by grade and read the payouts below.")
		}
		if err := f.Fail(err, bonusRename); err != nil {
			return err
		}
	}
	return u.renderBonus(w, r, http.StatusUnprocessableEntity, f)
}

// BonusPlanPage is one plan with its calculator.
type BonusPlanPage struct {
	Base
	Tabs    []Tab
	P       bonus.Plan
	C       bonus.Calculation
	Shown   []bonus.Payout
	Grades  []people.PayGrade
	Ratings []string
	Form    Form
}

func (u *UI) renderBonusPlan(w http.ResponseWriter, r *http.Request, status int, f *Form, problem string) error {
	a, ctx := actor(r), r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("bonus plan")
	}
	p, c, err := u.Bonus.Calculator(ctx, a, id)
	if err != nil {
		return err
	}
	ref, err := u.People.LoadReference(ctx, a)
	if err != nil {
		return err
	}
	if f == nil {
		v := url.Values{"name": {p.Name}, "period_start": {p.PeriodStart.String()}, "period_end": {p.PeriodEnd.String()}, "pay_date": {p.PayDate.String()},
			"default_target": {bpText(p.DefaultBP)}, "company": {bpText(p.CompanyBP)}, "cap": {bpText(p.CapBP)}}
		for g, bp := range p.TargetBP {
			v.Set("target_"+g, bpText(bp))
		}
		for i, bp := range p.RatingBP {
			v.Set("rating_"+strconv.Itoa(i), bpText(bp))
		}
		nf := NewForm(v)
		f = &nf
	}
	if problem != "" {
		f.Problem = problem
	}
	pg := BonusPlanPage{Base: u.base(r, p.Name, "Pay"), Tabs: payTabs(a, "/pay/bonus"), P: p, C: c, Shown: c.Payouts, Grades: ref.PayGrades, Ratings: []string{"No rating", "1 Does not meet", "2 Partly meets", "3 Meets", "4 Exceeds", "5 Exceptional"}, Form: *f}
	if len(pg.Shown) > 300 {
		pg.Shown = pg.Shown[:300]
	}
	u.render(w, r, status, "pay/bonusplan", pg)
	return nil
}

func (u *UI) bonusPlanPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderBonusPlan(w, r, http.StatusOK, nil, "")
}

func (u *UI) bonusPlanAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("bonus plan")
	}
	f := NewForm(r.PostForm)
	back := "/pay/bonus/" + itoa(id)
	var msg string
	switch r.PathValue("action") {
	case "save":
		ref, rerr := u.People.LoadReference(ctx, a)
		if rerr != nil {
			return rerr
		}
		p := planOf(f, ref.PayGrades)
		if len(f.Errors) == 0 {
			_, err = u.Bonus.Save(ctx, a, id, p)
		}
		msg = "Saved the plan."
	case "submit":
		_, err = u.Bonus.Submit(ctx, a, id)
		msg = "Sent the payouts for approval."
	case "payout":
		var n int
		n, err = u.Bonus.PayOut(ctx, a, id)
		msg = "Paid the plan: " + plural(n, "one-time payment") + " on its pay date, on their way to payroll."
	default:
		return kit.NotFound("action")
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, back, msg)
	}
	if err != nil {
		if err := f.Fail(err, bonusRename); err != nil {
			return err
		}
	}
	if r.PathValue("action") != "save" {
		// Keep the stored design on the page; show the problem.
		return u.renderBonusPlan(w, r, http.StatusConflict, nil, f.Problem)
	}
	return u.renderBonusPlan(w, r, http.StatusUnprocessableEntity, &f, "")
}
