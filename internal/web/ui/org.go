package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// OrgChartPage shows reporting lines one level at a time, and the
// department tree.
type OrgChartPage struct {
	Base
	Chart people.OrgChart
	Units []people.OrgUnit
}

func (u *UI) orgChart(w http.ResponseWriter, r *http.Request) error {
	root := int64(0)
	if v := r.URL.Query().Get("root"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return kit.NotFound("employee")
		}
		root = id
	}
	a := actor(r)
	oc, err := u.People.GetOrgChart(r.Context(), a, root)
	if err != nil {
		return err
	}
	units, err := u.People.OrgTree(r.Context(), a)
	if err != nil {
		return err
	}
	p := OrgChartPage{Base: u.base(r, "Org chart", "Org chart"), Chart: oc, Units: units}
	if oc.Root != nil {
		p.Crumbs = []Crumb{{Label: "Org chart", Href: "/org-chart"}}
		for _, m := range oc.Chain {
			p.Crumbs = append(p.Crumbs, Crumb{Label: m.Name(), Href: "/org-chart?root=" + itoa(m.ID)})
		}
		p.Crumbs = append(p.Crumbs, Crumb{Label: oc.Root.Name()})
	}
	// htmx asks for just the children of one node.
	if r.Header.Get("HX-Request") == "true" && oc.Root != nil {
		t := u.pages["org/chart"]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		return t.ExecuteTemplate(w, "reports", oc.Reports)
	}
	u.render(w, r, http.StatusOK, "org/chart", p)
	return nil
}

// OrgPage manages org units, locations, pay grades and jobs.
type OrgPage struct {
	Base
	Ref                                               people.Reference
	Units                                             []Option
	Grades                                            []Option
	Locations                                         []Option
	FLSA                                              []Option
	EEO1                                              []Option
	Kinds                                             []Option
	LocKinds                                          []Option
	UnitForm, LocForm, GradeForm, JobForm, EntityForm Form
	Entities                                          []people.LegalEntity
	EntityOptions                                     []Option
	CanOrg, CanJobs                                   bool
}

func (u *UI) orgPageData(r *http.Request) (OrgPage, error) {
	a := actor(r)
	p := OrgPage{Base: u.base(r, "Organization", "Organization"), CanOrg: access.Can(a, access.OrgManage, access.CompanyTarget), CanJobs: access.Can(a, access.JobArchitectureManage, access.CompanyTarget)}
	if !p.CanOrg && !p.CanJobs {
		return p, kit.Forbidden("you may not manage the organization")
	}
	ref, err := u.People.LoadReferenceWithCounts(r.Context(), a)
	if err != nil {
		return p, err
	}
	p.Ref, p.Units, p.Locations = ref, orgOptions(ref), locationOptions(ref)
	for _, g := range ref.PayGrades {
		p.Grades = append(p.Grades, Option{Value: itoa(g.ID), Label: g.Name})
	}
	p.FLSA, p.EEO1 = codeOptions(people.FLSAStatuses), codeOptions(people.EEO1Categories)
	p.Kinds = codeOptions([]string{"division", "department", "team"})
	p.LocKinds = codeOptions([]string{"headquarters", "office", "warehouse", "store", "remote"})
	p.UnitForm, p.LocForm, p.GradeForm, p.JobForm, p.EntityForm = NewForm(nil), NewForm(nil), NewForm(nil), NewForm(nil), NewForm(nil)
	if p.Entities, err = u.People.ListLegalEntities(r.Context(), a); err != nil {
		return p, err
	}
	for _, le := range p.Entities {
		p.EntityOptions = append(p.EntityOptions, Option{Value: itoa(le.ID), Label: le.Name})
	}
	return p, nil
}

func (u *UI) orgPage(w http.ResponseWriter, r *http.Request) error {
	p, err := u.orgPageData(r)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "org/manage", p)
	return nil
}

func (u *UI) orgFail(w http.ResponseWriter, r *http.Request, err error, set func(*OrgPage, Form), f Form) error {
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	p, perr := u.orgPageData(r)
	if perr != nil {
		return perr
	}
	set(&p, f)
	u.render(w, r, http.StatusUnprocessableEntity, "org/manage", p)
	return nil
}

func (u *UI) createOrgUnit(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	_, err := u.People.CreateOrgUnit(r.Context(), actor(r), people.OrgUnitInput{Name: f.Get("name"), ParentID: int64Of(f, "parent_id"), Kind: f.Get("kind"), LegalEntityID: int64Of(f, "legal_entity_id")})
	if err == nil {
		return u.redirect(w, r, "/org", "Created "+f.Get("name")+".")
	}
	return u.orgFail(w, r, err, func(p *OrgPage, f Form) { p.UnitForm = f }, f)
}

func (u *UI) createLocation(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	var nearby []int64
	for _, v := range r.PostForm["nearby_location_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			nearby = append(nearby, id)
		}
	}
	_, err := u.People.CreateLocation(r.Context(), actor(r), people.LocationInput{Name: f.Get("name"), Country: f.Get("country"), Region: f.Get("region"), City: f.Get("city"), Kind: f.Get("kind"), NearbyIDs: nearby})
	if err == nil {
		return u.redirect(w, r, "/org", "Created "+f.Get("name")+".")
	}
	return u.orgFail(w, r, err, func(p *OrgPage, f Form) { p.LocForm = f }, f)
}

func (u *UI) createGrade(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := people.PayGradeInput{Name: f.Get("name"), Currency: strings.ToUpper(f.Get("currency")), MinCents: centsOf(f, "min"), MaxCents: centsOf(f, "max"), MidpointCents: centsOf(f, "midpoint")}
	var err error
	if len(f.Errors) == 0 {
		if _, err = u.People.CreatePayGrade(r.Context(), actor(r), in); err == nil {
			return u.redirect(w, r, "/org", "Created pay grade "+in.Name+".")
		}
	}
	return u.orgFail(w, r, err, func(p *OrgPage, f Form) { p.GradeForm = f }, NewFormRenamed(f, err, map[string]string{"min_cents": "min", "max_cents": "max", "midpoint_cents": "midpoint"}))
}

// NewFormRenamed copies field errors of err into f under form names.
func NewFormRenamed(f Form, err error, rename map[string]string) Form {
	if err != nil {
		_ = f.Fail(err, rename)
	}
	return f
}

func (u *UI) createJob(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	_, err := u.People.CreateJob(r.Context(), actor(r), people.JobInput{Title: f.Get("title"), Family: f.Get("family"), Level: f.Get("level"), FLSAStatus: f.Get("flsa_status"), EEO1Category: f.Get("eeo1_category"), PayGradeID: int64Of(f, "pay_grade_id")})
	if err == nil {
		return u.redirect(w, r, "/org", "Created job "+f.Get("title")+".")
	}
	return u.orgFail(w, r, err, func(p *OrgPage, f Form) { p.JobForm = f }, f)
}

func (u *UI) createLegalEntity(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	_, err := u.People.CreateLegalEntity(r.Context(), actor(r), people.LegalEntityInput{Name: f.Get("name"), EIN: f.Get("ein")})
	if err == nil {
		return u.redirect(w, r, "/org", "Created "+f.Get("name")+".")
	}
	return u.orgFail(w, r, err, func(p *OrgPage, f Form) { p.EntityForm = f }, f)
}
