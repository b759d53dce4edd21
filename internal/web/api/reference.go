package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// MeOut is the signed-in user.
type MeOut struct {
	User struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
		Name  string `json:"name"`
	} `json:"user"`
	Roles      []RoleOut `json:"roles"`
	EmployeeID *int64    `json:"employee_id"`
}

// RoleOut is a role and its scope ("company" or "org_unit:ID", or
// "self"/"reports" for derived roles).
type RoleOut struct {
	Role      string `json:"role"`
	Scope     string `json:"scope"`
	OrgUnitID *int64 `json:"org_unit_id"`
}

type idPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type body[T any] struct{ Body T }

func (a *API) registerMe(h huma.API) {
	huma.Register(h, op("get-me", http.MethodGet, "/me", "The signed-in user, roles and linked employee", "Me", ""), func(ctx context.Context, _ *struct{}) (*body[MeOut], error) {
		act := actor(ctx)
		var out MeOut
		out.User.ID, out.User.Email, out.User.Name = act.UserID, act.Email, act.Name
		out.Roles = []RoleOut{}
		if act.EmployeeID != 0 {
			id := act.EmployeeID
			out.EmployeeID = &id
			out.Roles = append(out.Roles, RoleOut{Role: string(access.RoleEmployee), Scope: "self"})
		}
		if act.HasReports {
			out.Roles = append(out.Roles, RoleOut{Role: string(access.RoleLineManager), Scope: "reports"})
		}
		for _, g := range act.Grants {
			r := RoleOut{Role: string(g.Role), Scope: "company"}
			if g.OrgUnitID != 0 {
				id := g.OrgUnitID
				r.Scope, r.OrgUnitID = "org_unit:"+itoa(id), &id
			}
			out.Roles = append(out.Roles, r)
		}
		return &body[MeOut]{out}, nil
	})
}

// OrgUnitIn creates an org unit.
type OrgUnitIn struct {
	Name     string `json:"name" required:"true" maxLength:"120"`
	ParentID int64  `json:"parent_id,omitempty" doc:"Parent org unit; omit or 0 for a top-level unit"`
	Kind     string `json:"kind,omitempty" enum:"division,department,team,company"`
	// LegalEntityID is the employing company of the unit's people.
	LegalEntityID int64 `json:"legal_entity_id,omitempty"`
}

// LegalEntityIO is an employing company.
type LegalEntityIO struct {
	ID   int64  `json:"id" readOnly:"true"`
	Name string `json:"name" required:"true"`
	EIN  string `json:"ein,omitempty" doc:"Employer Identification Number, 12-3456789"`
}

// OrgUnitOut is an org unit.
type OrgUnitOut struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	ParentID  *int64 `json:"parent_id"`
	Kind      string `json:"kind"`
	Path      string `json:"path" doc:"Materialised ancestry, e.g. /1/4/"`
	Headcount int    `json:"headcount"`
}

func orgOut(u people.OrgUnit) OrgUnitOut {
	o := OrgUnitOut{ID: u.ID, Name: u.Name, Kind: u.Kind, Path: u.Path, Headcount: u.Headcount}
	if u.ParentID != 0 {
		p := u.ParentID
		o.ParentID = &p
	}
	return o
}

// LocationIn creates a location.
type LocationIn struct {
	Name              string  `json:"name" required:"true"`
	Country           string  `json:"country" required:"true" doc:"ISO 3166-1 alpha-2, e.g. US"`
	Region            string  `json:"region,omitempty"`
	City              string  `json:"city,omitempty"`
	Kind              string  `json:"kind,omitempty" enum:"headquarters,office,warehouse,store,remote"`
	NearbyLocationIDs []int64 `json:"nearby_location_ids,omitempty" doc:"Worksites within 75 surface miles (kept symmetric); used by the FMLA 50/75 test"`
}

// LocationOut is a location.
type LocationOut struct {
	ID                int64   `json:"id"`
	Name              string  `json:"name"`
	Country           string  `json:"country"`
	Region            string  `json:"region"`
	City              string  `json:"city"`
	Kind              string  `json:"kind"`
	NearbyLocationIDs []int64 `json:"nearby_location_ids"`
	Headcount         int     `json:"headcount"`
}

func locOut(l people.Location) LocationOut {
	if l.NearbyIDs == nil {
		l.NearbyIDs = []int64{}
	}
	return LocationOut{ID: l.ID, Name: l.Name, Country: l.Country, Region: l.Region, City: l.City, Kind: l.Kind, NearbyLocationIDs: l.NearbyIDs, Headcount: l.Headcount}
}

// PayGradeIn creates a pay grade (annual amounts in cents).
type PayGradeIn struct {
	Name          string `json:"name" required:"true"`
	Currency      string `json:"currency" required:"true" doc:"ISO 4217, e.g. USD"`
	MinCents      int64  `json:"min_cents" required:"true"`
	MaxCents      int64  `json:"max_cents" required:"true"`
	MidpointCents int64  `json:"midpoint_cents,omitempty" doc:"Defaults to (min+max)/2"`
}

// PayGradeOut is a pay grade.
type PayGradeOut struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Currency      string `json:"currency"`
	MinCents      int64  `json:"min_cents"`
	MaxCents      int64  `json:"max_cents"`
	MidpointCents int64  `json:"midpoint_cents"`
}

func gradeOut(g people.PayGrade) PayGradeOut {
	return PayGradeOut{ID: g.ID, Name: g.Name, Currency: g.Currency, MinCents: g.MinCents, MaxCents: g.MaxCents, MidpointCents: g.MidpointCents}
}

// JobIn creates a job.
type JobIn struct {
	Title        string `json:"title" required:"true"`
	Family       string `json:"family,omitempty"`
	Level        string `json:"level,omitempty"`
	FLSAStatus   string `json:"flsa_status" required:"true" enum:"exempt,nonexempt"`
	EEO1Category string `json:"eeo1_category" required:"true"`
	PayGradeID   int64  `json:"pay_grade_id,omitempty"`
}

// JobOut is a job.
type JobOut struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	Family       string `json:"family"`
	Level        string `json:"level"`
	FLSAStatus   string `json:"flsa_status"`
	EEO1Category string `json:"eeo1_category"`
	PayGradeID   *int64 `json:"pay_grade_id"`
}

func jobOut(j people.Job) JobOut {
	o := JobOut{ID: j.ID, Title: j.Title, Family: j.Family, Level: j.Level, FLSAStatus: j.FLSAStatus, EEO1Category: j.EEO1Category}
	if j.PayGradeID != 0 {
		g := j.PayGradeID
		o.PayGradeID = &g
	}
	return o
}

type created[T any] struct {
	Location string `header:"Location"`
	Body     T
}

func (a *API) registerReference(h huma.API) {
	post := func(id, path, summary string, perm access.Permission) huma.Operation {
		o := op(id, http.MethodPost, path, summary, "Organization", perm)
		o.DefaultStatus = http.StatusCreated
		return o
	}
	huma.Register(h, post("create-org-unit", "/org-units", "Create an org unit", access.OrgManage), func(ctx context.Context, in *body[OrgUnitIn]) (*created[OrgUnitOut], error) {
		id, err := a.People.CreateOrgUnit(ctx, actor(ctx), people.OrgUnitInput{Name: in.Body.Name, ParentID: in.Body.ParentID, Kind: in.Body.Kind, LegalEntityID: in.Body.LegalEntityID})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		u, err := a.People.GetOrgUnit(ctx, id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &created[OrgUnitOut]{Location: "/api/v1/org-units/" + itoa(id), Body: orgOut(u)}, nil
	})
	huma.Register(h, post("create-legal-entity", "/legal-entities", "Create an employing legal entity", access.OrgManage), func(ctx context.Context, in *body[LegalEntityIO]) (*created[LegalEntityIO], error) {
		id, err := a.People.CreateLegalEntity(ctx, actor(ctx), people.LegalEntityInput{Name: in.Body.Name, EIN: in.Body.EIN})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		les, err := a.People.ListLegalEntities(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, le := range les {
			if le.ID == id {
				return &created[LegalEntityIO]{Location: "/api/v1/legal-entities", Body: LegalEntityIO{ID: le.ID, Name: le.Name, EIN: le.EIN}}, nil
			}
		}
		return nil, a.fail(ctx, kit.NotFound("legal entity"))
	})
	huma.Register(h, opAny("list-legal-entities", http.MethodGet, "/legal-entities", "List employing legal entities", "Organization", access.DirectoryView, access.OrgManage), func(ctx context.Context, _ *struct{}) (*body[Page[LegalEntityIO]], error) {
		les, err := a.People.ListLegalEntities(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[LegalEntityIO]{Items: []LegalEntityIO{}}
		for _, le := range les {
			out.Items = append(out.Items, LegalEntityIO{ID: le.ID, Name: le.Name, EIN: le.EIN})
		}
		return &body[Page[LegalEntityIO]]{out}, nil
	})
	huma.Register(h, op("list-org-units", http.MethodGet, "/org-units", "List org units in tree order with headcounts", "Organization", access.DirectoryView), func(ctx context.Context, _ *struct{}) (*body[Page[OrgUnitOut]], error) {
		us, err := a.People.OrgTree(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[OrgUnitOut]{Items: make([]OrgUnitOut, 0, len(us))}
		for _, u := range us {
			out.Items = append(out.Items, orgOut(u))
		}
		return &body[Page[OrgUnitOut]]{out}, nil
	})
	huma.Register(h, op("get-org-unit", http.MethodGet, "/org-units/{id}", "Get an org unit", "Organization", access.DirectoryView), func(ctx context.Context, in *idPath) (*body[OrgUnitOut], error) {
		if err := access.Require(actor(ctx), access.DirectoryView, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		u, err := a.People.GetOrgUnit(ctx, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[OrgUnitOut]{orgOut(u)}, nil
	})
	huma.Register(h, post("create-location", "/locations", "Create a location (worksite)", access.OrgManage), func(ctx context.Context, in *body[LocationIn]) (*created[LocationOut], error) {
		b := in.Body
		id, err := a.People.CreateLocation(ctx, actor(ctx), people.LocationInput{Name: b.Name, Country: b.Country, Region: b.Region, City: b.City, Kind: b.Kind, NearbyIDs: b.NearbyLocationIDs})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		l, err := a.People.GetLocation(ctx, id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &created[LocationOut]{Location: "/api/v1/locations/" + itoa(id), Body: locOut(l)}, nil
	})
	huma.Register(h, op("list-locations", http.MethodGet, "/locations", "List locations", "Organization", access.DirectoryView), func(ctx context.Context, _ *struct{}) (*body[Page[LocationOut]], error) {
		ref, err := a.reference(ctx)
		if err != nil {
			return nil, err
		}
		out := Page[LocationOut]{Items: []LocationOut{}}
		for _, l := range ref.Locations {
			out.Items = append(out.Items, locOut(l))
		}
		return &body[Page[LocationOut]]{out}, nil
	})
	huma.Register(h, op("get-location", http.MethodGet, "/locations/{id}", "Get a location", "Organization", access.DirectoryView), func(ctx context.Context, in *idPath) (*body[LocationOut], error) {
		if err := access.Require(actor(ctx), access.DirectoryView, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		l, err := a.People.GetLocation(ctx, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LocationOut]{locOut(l)}, nil
	})
	huma.Register(h, post("create-pay-grade", "/pay-grades", "Create a pay grade", access.JobArchitectureManage), func(ctx context.Context, in *body[PayGradeIn]) (*created[PayGradeOut], error) {
		b := in.Body
		id, err := a.People.CreatePayGrade(ctx, actor(ctx), people.PayGradeInput{Name: b.Name, Currency: b.Currency, MinCents: b.MinCents, MaxCents: b.MaxCents, MidpointCents: b.MidpointCents})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		g, err := a.People.GetPayGrade(ctx, id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &created[PayGradeOut]{Location: "/api/v1/pay-grades/" + itoa(id), Body: gradeOut(g)}, nil
	})
	huma.Register(h, op("list-pay-grades", http.MethodGet, "/pay-grades", "List pay grades", "Organization", access.DirectoryView), func(ctx context.Context, _ *struct{}) (*body[Page[PayGradeOut]], error) {
		ref, err := a.reference(ctx)
		if err != nil {
			return nil, err
		}
		out := Page[PayGradeOut]{Items: []PayGradeOut{}}
		for _, g := range ref.PayGrades {
			out.Items = append(out.Items, gradeOut(g))
		}
		return &body[Page[PayGradeOut]]{out}, nil
	})
	huma.Register(h, op("get-pay-grade", http.MethodGet, "/pay-grades/{id}", "Get a pay grade", "Organization", access.DirectoryView), func(ctx context.Context, in *idPath) (*body[PayGradeOut], error) {
		if err := access.Require(actor(ctx), access.DirectoryView, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		g, err := a.People.GetPayGrade(ctx, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PayGradeOut]{gradeOut(g)}, nil
	})
	huma.Register(h, post("create-job", "/jobs", "Create a job", access.JobArchitectureManage), func(ctx context.Context, in *body[JobIn]) (*created[JobOut], error) {
		b := in.Body
		id, err := a.People.CreateJob(ctx, actor(ctx), people.JobInput{Title: b.Title, Family: b.Family, Level: b.Level, FLSAStatus: b.FLSAStatus, EEO1Category: b.EEO1Category, PayGradeID: b.PayGradeID})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		j, err := a.People.GetJob(ctx, id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &created[JobOut]{Location: "/api/v1/jobs/" + itoa(id), Body: jobOut(j)}, nil
	})
	huma.Register(h, op("list-jobs", http.MethodGet, "/jobs", "List jobs", "Organization", access.DirectoryView), func(ctx context.Context, _ *struct{}) (*body[Page[JobOut]], error) {
		ref, err := a.reference(ctx)
		if err != nil {
			return nil, err
		}
		out := Page[JobOut]{Items: []JobOut{}}
		for _, j := range ref.Jobs {
			out.Items = append(out.Items, jobOut(j))
		}
		return &body[Page[JobOut]]{out}, nil
	})
	huma.Register(h, op("get-job", http.MethodGet, "/jobs/{id}", "Get a job", "Organization", access.DirectoryView), func(ctx context.Context, in *idPath) (*body[JobOut], error) {
		if err := access.Require(actor(ctx), access.DirectoryView, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		j, err := a.People.GetJob(ctx, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[JobOut]{jobOut(j)}, nil
	})
}

func (a *API) reference(ctx context.Context) (people.Reference, error) {
	act := actor(ctx)
	if err := access.Require(act, access.DirectoryView, access.CompanyTarget); err != nil {
		return people.Reference{}, a.fail(ctx, err)
	}
	ref, err := a.People.LoadReference(ctx, act)
	if err != nil {
		return ref, a.fail(ctx, err)
	}
	return ref, nil
}

func itoa(v int64) string { return kit.FormatInt(v) }

// parseDate reads an optional YYYY-MM-DD field into f.
func parseDate(f kit.FieldErrors, field, v string) date.Date {
	if v == "" {
		return date.Date{}
	}
	d, err := date.Parse(v)
	if err != nil {
		f.Add(field, "must be a date in YYYY-MM-DD form")
	}
	return d
}
