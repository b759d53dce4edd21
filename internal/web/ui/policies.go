package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PoliciesPage is the policy library.
type PoliciesPage struct {
	Base
	Policies []policy.Policy
	ToAck    []policy.Assignment
	Done     []policy.Assignment
	CanDraft bool
	Today    date.Date
}

func (u *UI) policiesPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ps, err := u.Policies.List(r.Context(), a)
	if err != nil {
		return err
	}
	mine, err := u.Policies.Mine(r.Context(), a)
	if err != nil {
		return err
	}
	p := PoliciesPage{Base: u.base(r, "Policies", "Policies"), Policies: ps, CanDraft: access.Can(a, access.PolicyDraft, access.CompanyTarget), Today: date.Of(u.now())}
	for _, m := range mine {
		if m.Done() {
			p.Done = append(p.Done, m)
		} else {
			p.ToAck = append(p.ToAck, m)
		}
	}
	u.render(w, r, http.StatusOK, "policies/list", p)
	return nil
}

// PolicyFormPage drafts a policy or a version.
type PolicyFormPage struct {
	Base
	Form       Form
	New        bool
	P          policy.Policy
	Categories []Option
	OrgUnits   []Option
	Locations  []Option
}

func (u *UI) renderPolicyForm(w http.ResponseWriter, r *http.Request, status int, f Form, p policy.Policy) error {
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	pg := PolicyFormPage{Base: u.base(r, "New policy", "Policies"), Form: f, New: p.ID == 0, P: p}
	if p.ID != 0 {
		pg.Title = "Edit " + p.Title
		pg.Crumbs = []Crumb{{Label: "Policies", Href: "/policies"}, {Label: p.Title, Href: "/policies/" + itoa(p.ID)}, {Label: "Draft"}}
	}
	for _, c := range policy.Categories {
		pg.Categories = append(pg.Categories, Option{Value: c, Label: label(c)})
	}
	pg.Categories = selected(pg.Categories, f.Get("category"))
	for _, o := range orgOptions(ref) {
		o.Selected = containsValue(f.Values["org_unit_ids"], o.Value)
		pg.OrgUnits = append(pg.OrgUnits, o)
	}
	for _, o := range locationOptions(ref) {
		o.Selected = containsValue(f.Values["location_ids"], o.Value)
		pg.Locations = append(pg.Locations, o)
	}
	u.render(w, r, status, "policies/form", pg)
	return nil
}

func (u *UI) newPolicyForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.PolicyDraft, access.CompanyTarget); err != nil {
		return err
	}
	return u.renderPolicyForm(w, r, http.StatusOK, NewForm(url.Values{"due_days": {"14"}}), policy.Policy{})
}

func policyInput(f Form) policy.Input {
	in := policy.Input{Title: f.Get("title"), Category: f.Get("category"), Body: f.Get("body"), Summary: f.Get("summary"), EffectiveOn: dateOf(f, "effective_on"),
		DueDays: intOf(f, "due_days"), Rev: intOf(f, "rev")}
	for _, v := range f.Values["org_unit_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Audience.OrgUnitIDs = append(in.Audience.OrgUnitIDs, id)
		}
	}
	for _, v := range f.Values["location_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Audience.LocationIDs = append(in.Audience.LocationIDs, id)
		}
	}
	return in
}

func (u *UI) createPolicy(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	id, err := u.Policies.Create(r.Context(), actor(r), policyInput(f))
	if err == nil {
		return u.redirect(w, r, "/policies/"+itoa(id), "Drafted the policy. Send it for approval when it is ready: nothing is published without an HR manager's approval.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderPolicyForm(w, r, http.StatusUnprocessableEntity, f, policy.Policy{})
}

func (u *UI) editPolicyForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	if err := access.Require(a, access.PolicyDraft, access.CompanyTarget); err != nil {
		return err
	}
	p, err := u.Policies.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := p.Latest
	vals := url.Values{"body": {v.Body}, "summary": {v.Summary}, "due_days": {itoa(int64(v.DueDays))}}
	if v.Status == policy.Draft {
		vals.Set("rev", itoa(int64(v.Rev)))
	} else {
		vals.Set("summary", "")
	}
	if !v.EffectiveOn.IsZero() && v.Status == policy.Draft {
		vals.Set("effective_on", v.EffectiveOn.String())
	}
	for _, o := range v.Audience.OrgUnitIDs {
		vals.Add("org_unit_ids", itoa(o))
	}
	for _, o := range v.Audience.LocationIDs {
		vals.Add("location_ids", itoa(o))
	}
	return u.renderPolicyForm(w, r, http.StatusOK, NewForm(vals), p)
}

func (u *UI) savePolicyDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	_, err = u.Policies.SaveDraft(r.Context(), actor(r), id, policyInput(f))
	if err == nil {
		return u.redirect(w, r, "/policies/"+itoa(id), "Saved the draft.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	p, gerr := u.Policies.Get(r.Context(), actor(r), id)
	if gerr != nil {
		return gerr
	}
	return u.renderPolicyForm(w, r, http.StatusUnprocessableEntity, f, p)
}

// PolicyPage is one policy.
type PolicyPage struct {
	Base
	P        policy.Policy
	HR       bool
	CanTrack bool
	Tracking []policy.UnitCount
	Total    policy.UnitCount
	Diff     []kit.DiffLine
	DiffFrom int
	DiffTo   int
	Form     Form
	Today    date.Date
	// Cases is how many ER cases in the actor's oversight cite the policy.
	Cases     int
	SeesCases bool
}

func (u *UI) policyPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPolicy(w, r, http.StatusOK, NewForm(url.Values{}))
}

func (u *UI) renderPolicy(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	p, err := u.Policies.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	pg := PolicyPage{Base: u.base(r, p.Title, "Policies"), P: p, HR: policy.HR(a), CanTrack: access.CanAnywhere(a, access.PolicyTrack), Form: f, Today: date.Of(u.now())}
	pg.Crumbs = []Crumb{{Label: "Policies", Href: "/policies"}, {Label: p.Title}}
	if pg.Cases, pg.SeesCases, err = u.Policies.CitedInCases(r.Context(), a, id); err != nil {
		return err
	}
	if pg.CanTrack && p.Current.ID != 0 {
		if pg.Tracking, err = u.Policies.Tracking(r.Context(), a, p.Current.ID); err != nil {
			return err
		}
		for _, t := range pg.Tracking {
			pg.Total.Assigned += t.Assigned
			pg.Total.Acknowledged += t.Acknowledged
			pg.Total.Overdue += t.Overdue
		}
	}
	if d := r.URL.Query().Get("diff"); d != "" {
		from, to, ok := strings.Cut(d, "-")
		fi, e1 := strconv.Atoi(from)
		ti, e2 := strconv.Atoi(to)
		if ok && e1 == nil && e2 == nil {
			if pg.Diff, err = u.Policies.Diff(r.Context(), a, id, fi, ti); err != nil {
				return err
			}
			pg.DiffFrom, pg.DiffTo = fi, ti
		}
	}
	u.render(w, r, status, "policies/policy", pg)
	return nil
}

func (u *UI) submitPolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := u.Policies.Submit(r.Context(), actor(r), id); err != nil {
		f := NewForm(r.PostForm)
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderPolicy(w, r, http.StatusConflict, f)
	}
	return u.redirect(w, r, "/policies/"+itoa(id), "Sent for approval. An HR manager approves it, which publishes it and asks its audience to acknowledge.")
}

func (u *UI) acknowledgePolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	vid, _ := strconv.ParseInt(f.Get("version_id"), 10, 64)
	err = u.Policies.Acknowledge(r.Context(), actor(r), vid, f.Get("signed_name"))
	if err == nil {
		return u.redirect(w, r, "/policies/"+itoa(id), "Thank you: your acknowledgment is recorded.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderPolicy(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) policyEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	b, name, err := u.Policies.EvidenceFile(r.Context(), actor(r), id, format)
	if err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}
