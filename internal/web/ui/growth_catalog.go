package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// LaddersPage lists the ladders and paths.
type LaddersPage struct {
	Base
	Tabs      []Tab
	Ladders   []careers.Ladder
	Paths     []careers.Path
	Jobs      []Option
	CanDesign bool
	Form      Form
	RungSlots []int
}

func (u *UI) laddersPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLadders(w, r, http.StatusOK, nil)
}

func (u *UI) renderLadders(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	b, tabs := u.careersBase(r, "Career ladders", "/growth/ladders")
	pg := LaddersPage{Base: b, Tabs: tabs, CanDesign: access.Can(a, access.CareerDesign, access.CompanyTarget), RungSlots: []int{1, 2, 3, 4, 5, 6}}
	var err error
	if pg.Ladders, err = u.Careers.Ladders(ctx, a); err != nil {
		return err
	}
	if pg.Paths, err = u.Careers.Paths(ctx, a); err != nil {
		return err
	}
	jobs, err := u.Careers.Jobs(ctx, a)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		pg.Jobs = append(pg.Jobs, Option{Value: itoa(j.ID), Label: j.Title + " (" + j.Family + ")"})
	}
	pg.Form = NewForm(url.Values{"track": {"individual"}, "kind": {"promotion"}})
	if f != nil {
		pg.Form = *f
	}
	u.render(w, r, status, "growth/ladders", pg)
	return nil
}

// ladderAction adds a ladder or a path.
func (u *UI) ladderAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	f := NewForm(r.PostForm)
	f.Values.Set("_form", r.PathValue("action"))
	var err error
	switch r.PathValue("action") {
	case "ladder":
		l := careers.Ladder{Name: f.Get("name"), Family: f.Get("family"), Track: f.Get("track"), Description: f.Get("description")}
		for i := 1; i <= 6; i++ {
			if id := int64Of(f, fmt.Sprintf("rung_%d", i)); id != 0 {
				l.Rungs = append(l.Rungs, careers.Rung{JobID: id})
			}
		}
		if len(f.Errors) == 0 {
			var id int64
			if id, err = u.Careers.SaveLadder(ctx, a, l); err == nil {
				return u.redirect(w, r, fmt.Sprintf("/growth/ladders/%d", id), "Added the ladder.")
			}
		}
	case "path":
		p := careers.Path{FromJobID: int64Of(f, "from_job_id"), ToJobID: int64Of(f, "to_job_id"), Kind: f.Get("kind"), Note: f.Get("note")}
		if len(f.Errors) == 0 {
			if _, err = u.Careers.AddPath(ctx, a, p); err == nil {
				return u.redirect(w, r, "/growth/ladders", "Added the path.")
			}
		}
	case "delete-path":
		if err = u.Careers.DeletePath(ctx, a, int64Of(f, "path_id")); err == nil {
			return u.redirect(w, r, "/growth/ladders", "Removed the path.")
		}
	default:
		return kit.NotFound("page")
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderLadders(w, r, http.StatusUnprocessableEntity, &f)
}

// LadderPage is a ladder with the requirement matrix.
type LadderPage struct {
	Base
	Tabs     []Tab
	L        careers.Ladder
	Profiles []careers.JobProfile
	Matrix   []MatrixRow
	Mine     int64 // the actor's job
	Me       int64 // the actor's employee record
	// MyLevels are the actor's current levels (the line manager's latest
	// rating, else their own) by competency.
	MyLevels  map[int64]int
	CanDesign bool
	Jobs      []Option
	Form      Form
	Slots     []RungSlot
}

// RungSlot is one rung of the ladder edit form.
type RungSlot struct {
	N                  int
	Job, Months, Field string
}

// MatrixRow is a competency across the rungs.
type MatrixRow struct {
	Competency careers.Competency
	Levels     []int
}

func (u *UI) ladderPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLadder(w, r, http.StatusOK, nil)
}

func (u *UI) renderLadder(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, ps, err := u.Careers.Ladder(ctx, a, id)
	if err != nil {
		return err
	}
	comps, err := u.Careers.Competencies(ctx, a)
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, l.Name, "/growth/ladders")
	b.Crumbs = []Crumb{{Label: "Ladders", Href: "/growth/ladders"}, {Label: l.Name}}
	pg := LadderPage{Base: b, Tabs: tabs, L: l, Profiles: ps, CanDesign: access.Can(a, access.CareerDesign, access.CompanyTarget)}
	for _, c := range comps {
		row := MatrixRow{Competency: c, Levels: make([]int, len(ps))}
		any := false
		for i, p := range ps {
			for _, q := range p.Competencies {
				if q.CompetencyID == c.ID {
					row.Levels[i], any = q.Level, true
				}
			}
		}
		if any {
			pg.Matrix = append(pg.Matrix, row)
		}
	}
	if a.EmployeeID != 0 {
		if p, err := u.Careers.Person(ctx, a, a.EmployeeID); err == nil {
			pg.Mine, pg.Me = p.JobID, a.EmployeeID
			as, err := u.Careers.Assessments(ctx, a, a.EmployeeID)
			if err != nil {
				return err
			}
			pg.MyLevels = map[int64]int{}
			for _, x := range as {
				if x.Rater == "manager" && pg.MyLevels[x.CompetencyID] <= 0 {
					pg.MyLevels[x.CompetencyID] = x.Rating
				} else if x.Rater == "self" && pg.MyLevels[x.CompetencyID] == 0 {
					pg.MyLevels[x.CompetencyID] = -x.Rating // a self rating, until a manager's
				}
			}
			for k, v := range pg.MyLevels {
				if v < 0 {
					pg.MyLevels[k] = -v
				}
			}
		}
	}
	if pg.CanDesign {
		jobs, err := u.Careers.Jobs(ctx, a)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			pg.Jobs = append(pg.Jobs, Option{Value: itoa(j.ID), Label: j.Title + " (" + j.Family + ")"})
		}
		v := url.Values{"name": {l.Name}, "family": {l.Family}, "track": {l.Track}, "description": {l.Description}}
		for i, rg := range l.Rungs {
			v.Set(fmt.Sprintf("rung_%d", i+1), itoa(rg.JobID))
			v.Set(fmt.Sprintf("months_%d", i+1), strconv.Itoa(rg.TypicalMonths))
			v.Set(fmt.Sprintf("summary_%d", i+1), rg.Summary)
		}
		pg.Form = NewForm(v)
		if f != nil {
			pg.Form = *f
		}
		for i := 1; i <= max(len(l.Rungs)+2, 6); i++ {
			pg.Slots = append(pg.Slots, RungSlot{N: i})
		}
	}
	u.render(w, r, status, "growth/ladder", pg)
	return nil
}

// saveLadder changes a ladder and its rungs.
func (u *UI) saveLadder(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	l := careers.Ladder{ID: id, Name: f.Get("name"), Family: f.Get("family"), Track: f.Get("track"), Description: f.Get("description")}
	for i := 1; i <= 20; i++ {
		if jid := int64Of(f, fmt.Sprintf("rung_%d", i)); jid != 0 {
			l.Rungs = append(l.Rungs, careers.Rung{JobID: jid, TypicalMonths: intOf(f, fmt.Sprintf("months_%d", i)), Summary: f.Get(fmt.Sprintf("summary_%d", i))})
		}
	}
	if len(f.Errors) == 0 {
		if _, err = u.Careers.SaveLadder(ctx, a, l); err == nil {
			return u.redirect(w, r, fmt.Sprintf("/growth/ladders/%d", id), "Saved the ladder.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderLadder(w, r, http.StatusUnprocessableEntity, &f)
}

// JobProfilePage is a job's requirements.
type JobProfilePage struct {
	Base
	Tabs      []Tab
	P         careers.JobProfile
	Comps     []careers.Competency
	Certs     []careers.Certification
	Levels    map[int64]int
	CertReq   map[int64]string
	CanDesign bool
	Form      Form
}

func (u *UI) jobProfilePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderJobProfile(w, r, http.StatusOK, nil)
}

func (u *UI) renderJobProfile(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := u.Careers.JobProfile(ctx, a, id)
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, p.Title, "/growth/ladders")
	b.Crumbs = []Crumb{{Label: "Ladders", Href: "/growth/ladders"}, {Label: p.Title}}
	pg := JobProfilePage{Base: b, Tabs: tabs, P: p, Levels: map[int64]int{}, CertReq: map[int64]string{}, CanDesign: access.Can(a, access.CareerDesign, access.CompanyTarget)}
	for _, q := range p.Competencies {
		pg.Levels[q.CompetencyID] = q.Level
	}
	for _, q := range p.Certifications {
		pg.CertReq[q.CertificationID] = map[bool]string{true: "required", false: "recommended"}[q.Required]
	}
	if pg.CanDesign {
		if pg.Comps, err = u.Careers.Competencies(ctx, a); err != nil {
			return err
		}
		if pg.Certs, err = u.Careers.Certifications(ctx, a); err != nil {
			return err
		}
	}
	pg.Form = NewForm(url.Values{})
	if f != nil {
		pg.Form = *f
	}
	u.render(w, r, status, "growth/job", pg)
	return nil
}

func (u *UI) jobProfileAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	switch r.PathValue("action") {
	case "requirements":
		comps, err := u.Careers.Competencies(ctx, a)
		if err != nil {
			return err
		}
		var rs []careers.Requirement
		for _, c := range comps {
			if v := f.Get(fmt.Sprintf("level_%d", c.ID)); v != "" && v != "0" {
				n, _ := strconv.Atoi(v)
				rs = append(rs, careers.Requirement{CompetencyID: c.ID, Level: n})
			}
		}
		certs, err := u.Careers.Certifications(ctx, a)
		if err != nil {
			return err
		}
		var cs []careers.CertRequirement
		for _, c := range certs {
			switch f.Get(fmt.Sprintf("cert_%d", c.ID)) {
			case "required":
				cs = append(cs, careers.CertRequirement{CertificationID: c.ID, Required: true})
			case "recommended":
				cs = append(cs, careers.CertRequirement{CertificationID: c.ID})
			}
		}
		err = u.Careers.SetRequirements(ctx, a, id, rs, cs)
		if err == nil {
			return u.redirect(w, r, fmt.Sprintf("/growth/jobs/%d", id), "Saved what the job requires.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	case "key-role":
		err = u.Careers.SetKeyRole(ctx, a, id, f.Get("key_role") == "yes", f.Get("note"))
		if err == nil {
			return u.redirect(w, r, fmt.Sprintf("/growth/jobs/%d", id), "Saved.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	default:
		return kit.NotFound("page")
	}
	return u.renderJobProfile(w, r, http.StatusUnprocessableEntity, &f)
}

// CompetenciesPage lists the framework.
type CompetenciesPage struct {
	Base
	Tabs      []Tab
	Comps     []careers.Competency
	Names     [5]string
	CanDesign bool
	Form      Form
}

func (u *UI) competenciesPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCompetencies(w, r, http.StatusOK, NewForm(url.Values{"kind": {"skill"}}))
}

func (u *UI) renderCompetencies(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a, ctx := actor(r), r.Context()
	b, tabs := u.careersBase(r, "Competencies", "/growth/competencies")
	pg := CompetenciesPage{Base: b, Tabs: tabs, Names: careers.ProficiencyNames, CanDesign: access.Can(a, access.CareerDesign, access.CompanyTarget), Form: f}
	var err error
	if pg.Comps, err = u.Careers.Competencies(ctx, a); err != nil {
		return err
	}
	u.render(w, r, status, "growth/competencies", pg)
	return nil
}

// CatalogEditPage edits a competency or a certification.
type CatalogEditPage struct {
	Base
	Tabs   []Tab
	Kind   string // competency or certification
	Action string
	Form   Form
}

func (u *UI) competencyEditPage(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	if err := access.Require(a, access.CareerDesign, access.CompanyTarget); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := u.Careers.Competency(ctx, a, id)
	if err != nil {
		return err
	}
	v := url.Values{"name": {c.Name}, "kind": {c.Kind}, "category": {c.Category}, "description": {c.Description}}
	for i, l := range c.Levels {
		v.Set(fmt.Sprintf("level_%d", i+1), l)
	}
	return u.renderCatalogEdit(w, r, http.StatusOK, "competency", fmt.Sprintf("/growth/competencies/%d", id), c.Name, NewForm(v))
}

func (u *UI) certificationEditPage(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	if err := access.Require(a, access.CareerDesign, access.CompanyTarget); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := u.Careers.Certification(ctx, a, id)
	if err != nil {
		return err
	}
	v := url.Values{"name": {c.Name}, "abbreviation": {c.Abbreviation}, "issuer": {c.Issuer}, "kind": {c.Kind}, "validity_months": {strconv.Itoa(c.ValidityMonths)},
		"credits_required": {strconv.FormatFloat(c.CreditsRequired, 'f', -1, 64)}, "credit_unit": {c.CreditUnit}, "description": {c.Description}, "url": {c.URL}}
	return u.renderCatalogEdit(w, r, http.StatusOK, "certification", fmt.Sprintf("/growth/certifications/%d", id), c.Name, NewForm(v))
}

func (u *UI) renderCatalogEdit(w http.ResponseWriter, r *http.Request, status int, kind, action, name string, f Form) error {
	tab := "/growth/competencies"
	if kind == "certification" {
		tab = "/growth/certifications"
	}
	b, tabs := u.careersBase(r, "Edit "+name, tab)
	u.render(w, r, status, "growth/edit", CatalogEditPage{Base: b, Tabs: tabs, Kind: kind, Action: action, Form: f})
	return nil
}

func (u *UI) saveCompetency(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	c := careers.Competency{Name: f.Get("name"), Kind: f.Get("kind"), Category: f.Get("category"), Description: f.Get("description"), Active: true}
	if id := r.PathValue("id"); id != "" {
		c.ID, _ = strconv.ParseInt(id, 10, 64)
	}
	for i := range c.Levels {
		c.Levels[i] = f.Get(fmt.Sprintf("level_%d", i+1))
	}
	if _, err := u.Careers.SaveCompetency(r.Context(), actor(r), c); err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		if c.ID != 0 {
			return u.renderCatalogEdit(w, r, http.StatusUnprocessableEntity, "competency", r.URL.Path, c.Name, f)
		}
		return u.renderCompetencies(w, r, http.StatusUnprocessableEntity, f)
	}
	return u.redirect(w, r, "/growth/competencies", "Saved "+c.Name+".")
}

// CertificationsPage is the catalogue.
type CertificationsPage struct {
	Base
	Tabs      []Tab
	Certs     []careers.Certification
	CanDesign bool
	Form      Form
}

func (u *UI) certificationsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCertifications(w, r, http.StatusOK, NewForm(url.Values{"kind": {"certification"}, "validity_months": {"36"}}))
}

func (u *UI) renderCertifications(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a, ctx := actor(r), r.Context()
	b, tabs := u.careersBase(r, "Certifications and licences", "/growth/certifications")
	pg := CertificationsPage{Base: b, Tabs: tabs, CanDesign: access.Can(a, access.CareerDesign, access.CompanyTarget), Form: f}
	var err error
	if pg.Certs, err = u.Careers.Certifications(ctx, a); err != nil {
		return err
	}
	u.render(w, r, status, "growth/certifications", pg)
	return nil
}

func (u *UI) saveCertification(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	var id int64
	if v := r.PathValue("id"); v != "" {
		id, _ = strconv.ParseInt(v, 10, 64)
	}
	c := careers.Certification{ID: id, Name: f.Get("name"), Abbreviation: f.Get("abbreviation"), Issuer: f.Get("issuer"), Kind: f.Get("kind"), ValidityMonths: intOf(f, "validity_months"),
		CreditUnit: f.Get("credit_unit"), Description: f.Get("description"), URL: f.Get("url"), Active: true}
	if v := f.Get("credits_required"); v != "" {
		if x, ok := careers.ParseCredits(v); ok {
			c.CreditsRequired = x
		} else {
			f.Errors.Add("credits_required", "Enter a number like 60")
		}
	}
	if len(f.Errors) == 0 {
		if _, err := u.Careers.SaveCertification(r.Context(), actor(r), c); err == nil {
			return u.redirect(w, r, "/growth/certifications", "Saved "+c.Name+" in the catalogue.")
		} else if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	if id != 0 {
		return u.renderCatalogEdit(w, r, http.StatusUnprocessableEntity, "certification", r.URL.Path, c.Name, f)
	}
	return u.renderCertifications(w, r, http.StatusUnprocessableEntity, f)
}

// TeamPage is the line manager's team.
type TeamPage struct {
	Base
	Tabs    []Tab
	Members []careers.TeamMember
}

func (u *UI) teamPage(w http.ResponseWriter, r *http.Request) error {
	ms, err := u.Careers.Team(r.Context(), actor(r))
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, "My team's careers", "/growth/team")
	u.render(w, r, http.StatusOK, "growth/team", TeamPage{Base: b, Tabs: tabs, Members: ms})
	return nil
}

// SuccessionPage is the HR manager's succession view.
type SuccessionPage struct {
	Base
	Tabs  []Tab
	Roles []careers.SuccessionRole
}

func (u *UI) successionPage(w http.ResponseWriter, r *http.Request) error {
	rs, err := u.Careers.Succession(r.Context(), actor(r))
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, "Succession", "/growth/succession")
	u.render(w, r, http.StatusOK, "growth/succession", SuccessionPage{Base: b, Tabs: tabs, Roles: rs})
	return nil
}

// CredentialCompliancePage lists credential gaps.
type CredentialCompliancePage struct {
	Base
	Tabs  []Tab
	Rows  []careers.ComplianceRow
	All   bool
	Count map[string]int
	Today date.Date
}

func (u *UI) credentialCompliancePage(w http.ResponseWriter, r *http.Request) error {
	all := r.URL.Query().Get("all") == "1"
	rs, err := u.Careers.Compliance(r.Context(), actor(r), all)
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, "Credential compliance", "/growth/compliance")
	pg := CredentialCompliancePage{Base: b, Tabs: tabs, Rows: rs, All: all, Count: map[string]int{}, Today: date.Of(u.now())}
	for _, x := range rs {
		pg.Count[x.Status]++
	}
	u.render(w, r, http.StatusOK, "growth/compliance", pg)
	return nil
}
