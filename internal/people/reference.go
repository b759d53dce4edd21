package people

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// OrgUnitInput creates an org unit.
type OrgUnitInput struct {
	Name          string
	ParentID      int64
	LegalEntityID int64
	Kind          string
}

// CreateOrgUnit adds an org unit under a parent (or a root when ParentID
// is 0). Requires org.manage over the parent. Errors: KindInvalid,
// KindForbidden.
func (s *Service) CreateOrgUnit(ctx context.Context, a access.Actor, in OrgUnitInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		f := kit.FieldErrors{}
		in.Name = cleanText(f, "name", in.Name, true, 120)
		if in.Kind == "" {
			in.Kind = "department"
		}
		in.Kind = oneOf(f, "kind", in.Kind, []string{"company", "division", "department", "team"})
		var t access.Target
		if in.ParentID != 0 {
			p, err := st.GetOrgUnit(ctx, in.ParentID)
			if err != nil {
				f.Add("parent_id", "Does not exist")
			} else {
				t.OrgPath = p.Path
			}
		}
		if err := access.Require(a, access.OrgManage, t); err != nil {
			return err
		}
		if in.LegalEntityID != 0 {
			les, err := st.ListLegalEntities(ctx)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(les, func(le LegalEntity) bool { return le.ID == in.LegalEntityID }) {
				f.Add("legal_entity_id", "Does not exist")
			}
		}
		if in.ParentID == 0 {
			// A new root needs whole-company reach.
			if _, whole := access.ScopePaths(a, access.OrgManage); !whole {
				return kit.Forbidden("only a whole-company grant may create a top-level org unit")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		id, err = st.InsertOrgUnit(ctx, OrgUnit{Name: in.Name, ParentID: in.ParentID, LegalEntityID: in.LegalEntityID, Kind: in.Kind})
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "org_unit.create", "org_unit", id, "Created org unit "+in.Name, nil, in)
	})
	s.forgetReference()
	return id, err
}

// LegalEntityInput creates an employing legal entity.
type LegalEntityInput struct {
	Name string
	EIN  string
}

var einRe = regexp.MustCompile(`^\d{2}-?\d{7}$`)

// CreateLegalEntity adds an employing company (EIN holder). Requires
// org.manage over the whole company. Errors: KindInvalid, KindForbidden.
func (s *Service) CreateLegalEntity(ctx context.Context, a access.Actor, in LegalEntityInput) (int64, error) {
	if err := access.Require(a, access.OrgManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	if _, whole := access.ScopePaths(a, access.OrgManage); !whole {
		return 0, kit.Forbidden("legal entities need a whole-company grant")
	}
	f := kit.FieldErrors{}
	in.Name = cleanText(f, "name", in.Name, true, 160)
	in.EIN = strings.TrimSpace(in.EIN)
	if in.EIN != "" && !einRe.MatchString(in.EIN) {
		f.Add("ein", "Enter a 9-digit EIN, like 12-3456789")
	}
	if len(in.EIN) == 9 {
		in.EIN = in.EIN[:2] + "-" + in.EIN[2:]
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		var err error
		if id, err = st.InsertLegalEntity(ctx, LegalEntity{Name: in.Name, EIN: in.EIN}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "legal_entity.create", "legal_entity", id, "Created legal entity "+in.Name, nil, in)
	})
	return id, err
}

// ListLegalEntities returns the employing companies. Any employee may
// read them.
func (s *Service) ListLegalEntities(ctx context.Context, a access.Actor) ([]LegalEntity, error) {
	if err := access.Require(a, access.DirectoryView, access.CompanyTarget); err != nil {
		if err2 := access.Require(a, access.OrgManage, access.CompanyTarget); err2 != nil {
			return nil, err
		}
	}
	return s.store.ListLegalEntities(ctx)
}

// LocationInput creates a location.
type LocationInput struct {
	Name      string
	Country   string
	Region    string
	City      string
	Kind      string
	NearbyIDs []int64
}

// CreateLocation adds a worksite and links it, symmetrically, to the
// worksites within 75 surface miles. Requires org.manage. Errors:
// KindInvalid (one per field), KindForbidden, KindConflict (duplicate name).
func (s *Service) CreateLocation(ctx context.Context, a access.Actor, in LocationInput) (int64, error) {
	if err := access.Require(a, access.OrgManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		f := kit.FieldErrors{}
		in.Name = cleanText(f, "name", in.Name, true, 120)
		in.Country = strings.ToUpper(cleanText(f, "country", in.Country, true, 2))
		if len(in.Country) != 2 && !f.Has("country") {
			f.Add("country", "Use a two-letter ISO country code, like US")
		}
		in.Region = cleanText(f, "region", in.Region, false, 60)
		in.City = cleanText(f, "city", in.City, false, 120)
		if in.Kind == "" {
			in.Kind = "office"
		}
		in.Kind = oneOf(f, "kind", in.Kind, []string{"headquarters", "office", "warehouse", "store", "remote"})
		for _, n := range in.NearbyIDs {
			if _, err := st.GetLocation(ctx, n); err != nil {
				f.Add("nearby_location_ids", "Location "+itoa(n)+" does not exist")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		id, err = st.InsertLocation(ctx, Location{Name: in.Name, Country: in.Country, Region: in.Region, City: in.City, Kind: in.Kind})
		if err != nil {
			return err
		}
		if err := st.SetNearby(ctx, id, in.NearbyIDs); err != nil {
			return err
		}
		return s.record(ctx, st, a, "location.create", "location", id, "Created location "+in.Name, nil, in)
	})
	s.forgetReference()
	return id, err
}

// PayGradeInput creates a pay grade; amounts are annual minor units.
type PayGradeInput struct {
	Name          string
	Currency      string
	MinCents      int64
	MaxCents      int64
	MidpointCents int64 // 0 means (min+max)/2
}

// CreatePayGrade adds a pay grade. Requires org.jobs.manage. Errors:
// KindInvalid, KindForbidden, KindConflict.
func (s *Service) CreatePayGrade(ctx context.Context, a access.Actor, in PayGradeInput) (int64, error) {
	if err := access.Require(a, access.JobArchitectureManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	in.Name = cleanText(f, "name", in.Name, true, 60)
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !kit.Currencies[in.Currency] {
		f.Add("currency", "Use a supported ISO currency code, like USD")
	}
	if in.MinCents <= 0 {
		f.Add("min_cents", "Must be more than zero")
	}
	if in.MaxCents <= in.MinCents {
		f.Add("max_cents", "Must be more than the minimum")
	}
	if in.MidpointCents == 0 {
		in.MidpointCents = (in.MinCents + in.MaxCents) / 2
	} else if in.MidpointCents < in.MinCents || in.MidpointCents > in.MaxCents {
		f.Add("midpoint_cents", "Must lie between the minimum and the maximum")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		var err error
		id, err = st.InsertPayGrade(ctx, PayGrade{Name: in.Name, Currency: in.Currency, MinCents: in.MinCents, MaxCents: in.MaxCents, MidpointCents: in.MidpointCents})
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "pay_grade.create", "pay_grade", id, "Created pay grade "+in.Name, nil, in)
	})
	s.forgetReference()
	return id, err
}

// JobInput creates a job.
type JobInput struct {
	Title        string
	Family       string
	Level        string
	FLSAStatus   string
	EEO1Category string
	PayGradeID   int64
}

// CreateJob adds a job to the job architecture. Requires org.jobs.manage.
// Errors: KindInvalid, KindForbidden, KindConflict (same title and level).
func (s *Service) CreateJob(ctx context.Context, a access.Actor, in JobInput) (int64, error) {
	if err := access.Require(a, access.JobArchitectureManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		f := kit.FieldErrors{}
		in.Title = cleanText(f, "title", in.Title, true, 120)
		in.Family = cleanText(f, "family", in.Family, false, 60)
		in.Level = cleanText(f, "level", in.Level, false, 30)
		in.FLSAStatus = oneOf(f, "flsa_status", in.FLSAStatus, FLSAStatuses)
		in.EEO1Category = oneOf(f, "eeo1_category", in.EEO1Category, EEO1Categories)
		if in.PayGradeID != 0 {
			if _, err := st.GetPayGrade(ctx, in.PayGradeID); err != nil {
				f.Add("pay_grade_id", "Does not exist")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		id, err = st.InsertJob(ctx, Job{Title: in.Title, Family: in.Family, Level: in.Level, FLSAStatus: in.FLSAStatus, EEO1Category: in.EEO1Category, PayGradeID: in.PayGradeID})
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "job.create", "job", id, "Created job "+in.Title, nil, in)
	})
	s.forgetReference()
	return id, err
}

// Reference lists the reference data any signed-in user may read (org
// units, locations, jobs, pay grades), for forms and filters.
type Reference struct {
	OrgUnits  []OrgUnit
	Locations []Location
	Jobs      []Job
	PayGrades []PayGrade
}

// LoadReference returns org units, locations, jobs and pay grades. Any
// signed-in actor may call it. Errors: internal only.
func (s *Service) LoadReference(ctx context.Context, a access.Actor) (Reference, error) {
	s.refMu.Lock()
	if s.ref != nil && s.clock.Now().Sub(s.refTime) < refTTL && s.clock.Now().After(s.refTime.Add(-time.Second)) {
		r := s.ref.clone()
		s.refMu.Unlock()
		return r, nil
	}
	s.refMu.Unlock()
	r, err := s.loadReference(ctx)
	if err != nil {
		return r, err
	}
	s.refMu.Lock()
	c := r.clone()
	s.ref, s.refTime = &c, s.clock.Now()
	s.refMu.Unlock()
	return r, nil
}

// ForgetReference drops the cached reference lists: another domain
// changed jobs or pay grades (a salary structure put in force).
func (s *Service) ForgetReference() { s.forgetReference() }

// forgetReference drops the cached reference lists after a write.
func (s *Service) forgetReference() {
	s.refMu.Lock()
	s.ref, s.counts = nil, nil
	s.refMu.Unlock()
}

func (r Reference) clone() Reference {
	return Reference{
		OrgUnits:  append([]OrgUnit(nil), r.OrgUnits...),
		Locations: append([]Location(nil), r.Locations...),
		Jobs:      append([]Job(nil), r.Jobs...),
		PayGrades: append([]PayGrade(nil), r.PayGrades...),
	}
}

func (s *Service) loadReference(ctx context.Context) (Reference, error) {
	var r Reference
	var err error
	if r.OrgUnits, err = s.store.ListOrgUnits(ctx); err != nil {
		return r, err
	}
	if r.Locations, err = s.store.ListLocations(ctx); err != nil {
		return r, err
	}
	if r.Jobs, err = s.store.ListJobs(ctx); err != nil {
		return r, err
	}
	r.PayGrades, err = s.store.ListPayGrades(ctx)
	return r, err
}

// LoadReferenceWithCounts is LoadReference with active headcounts per org
// unit and location (a grouped scan; for the organization pages).
func (s *Service) LoadReferenceWithCounts(ctx context.Context, a access.Actor) (Reference, error) {
	r, err := s.LoadReference(ctx, a)
	if err != nil {
		return r, err
	}
	c, err := s.headcounts(ctx)
	if err != nil {
		return r, err
	}
	for i := range r.OrgUnits {
		r.OrgUnits[i].Headcount = c.byOrg[r.OrgUnits[i].ID]
	}
	for i := range r.Locations {
		r.Locations[i].Headcount = c.byLocation[r.Locations[i].ID]
	}
	return r, nil
}

// GetOrgUnit, GetLocation, GetJob and GetPayGrade read one reference row.
// Any signed-in actor may call them. Errors: KindNotFound.
func (s *Service) GetOrgUnit(ctx context.Context, id int64) (OrgUnit, error) {
	return s.store.GetOrgUnit(ctx, id)
}

// GetLocation reads a location with its nearby worksites.
func (s *Service) GetLocation(ctx context.Context, id int64) (Location, error) {
	return s.store.GetLocation(ctx, id)
}

// GetJob reads a job.
func (s *Service) GetJob(ctx context.Context, id int64) (Job, error) { return s.store.GetJob(ctx, id) }

// GetPayGrade reads a pay grade.
func (s *Service) GetPayGrade(ctx context.Context, id int64) (PayGrade, error) {
	return s.store.GetPayGrade(ctx, id)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
