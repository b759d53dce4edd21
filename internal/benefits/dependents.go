package benefits

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// DependentInput adds or changes a dependent.
type DependentInput struct {
	Relationship string
	GivenName    string
	FamilyName   string
	Gender       string
	BirthDate    string // YYYY-MM-DD
	SSN          string // optional; 9 digits
	Disabled     bool
	Since        string // optional: date of marriage, birth or adoption
}

// normalizeSSN returns ddd-dd-dddd, or adds a field error.
func normalizeSSN(f kit.FieldErrors, v string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == '-' || r == ' ' {
			return -1
		}
		return 'x'
	}, v)
	if len(d) != 9 || strings.Contains(d, "x") || d[:3] == "000" || d[:3] == "666" || d[0] == '9' || d[3:5] == "00" || d[5:] == "0000" {
		f.Add("ssn", "Enter a valid SSN, like 123-45-6789")
		return ""
	}
	return d[:3] + "-" + d[3:5] + "-" + d[5:]
}

func (in DependentInput) check(f kit.FieldErrors, today date.Date) (Dependent, string) {
	d := Dependent{Relationship: in.Relationship, GivenName: strings.TrimSpace(in.GivenName), FamilyName: strings.TrimSpace(in.FamilyName), Gender: strings.ToUpper(strings.TrimSpace(in.Gender)), Disabled: in.Disabled}
	if !slices.Contains(Relationships, d.Relationship) {
		f.Add("relationship", "Choose spouse, domestic partner or child")
	}
	if d.GivenName == "" || len(d.GivenName) > 80 {
		f.Add("given_name", "Enter the given name")
	}
	if d.FamilyName == "" || len(d.FamilyName) > 80 {
		f.Add("family_name", "Enter the family name")
	}
	if d.Gender == "" {
		d.Gender = "U"
	}
	if !slices.Contains([]string{"F", "M", "U"}, d.Gender) {
		f.Add("gender", "Choose F, M or U (not given)")
	}
	b, err := date.Parse(strings.TrimSpace(in.BirthDate))
	switch {
	case in.BirthDate == "":
		f.Add("birth_date", "Enter the date of birth: carriers need it")
	case err != nil:
		f.Add("birth_date", "Enter a date like 2019-04-30")
	case b.After(today):
		f.Add("birth_date", "The date of birth is in the future")
	case b.Before(today.AddYears(-120)):
		f.Add("birth_date", "Check the year")
	}
	d.BirthDate = b
	if in.Since != "" {
		s, err := date.Parse(strings.TrimSpace(in.Since))
		if err != nil || s.After(today) {
			f.Add("since", "Enter a date on or before today, like 2026-06-20")
		}
		d.Since = s
	}
	var ssn string
	if strings.TrimSpace(in.SSN) != "" {
		ssn = normalizeSSN(f, in.SSN)
	}
	return d, ssn
}

// mask hides the date of birth from HR (the age stays visible for
// eligibility).
func (s *Service) mask(a access.Actor, d *Dependent) {
	d.Age = AgeOn(d.BirthDate, s.today())
	d.BirthMasked = "••••-••-••"
	if a.EmployeeID != 0 && a.EmployeeID == d.EmployeeID {
		d.BirthMasked = d.BirthDate.String()
		return
	}
	d.BirthDate = date.Date{}
}

// open decrypts a dependent's date of birth into BirthDate.
func (s *Service) open(d *Dependent) error {
	if len(d.sealedBirth) == 0 {
		return nil
	}
	b, err := s.sealer.Open(d.sealedBirth)
	if err != nil {
		return fmt.Errorf("dependent birth date: %w", err)
	}
	d.BirthDate, err = date.Parse(string(b))
	return err
}

// dependents loads an employee's dependents with their dates of birth
// opened (for the service's checks; callers mask them).
func (s *Service) dependents(ctx context.Context, st Store, employeeID int64) ([]Dependent, error) {
	ds, err := st.Dependents(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		if err := s.open(&ds[i]); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// Dependents lists an employee's dependents (removed ones too). The
// employee sees dates of birth; HR sees the age and a masked date.
// Requires benefits.view. Errors: KindForbidden, KindNotFound.
func (s *Service) Dependents(ctx context.Context, a access.Actor, employeeID int64) ([]Dependent, error) {
	if _, err := s.person(ctx, s.store, a, access.BenefitsView, employeeID); err != nil {
		return nil, err
	}
	ds, err := s.dependents(ctx, s.store, employeeID)
	for i := range ds {
		s.mask(a, &ds[i])
	}
	return ds, err
}

// AddDependent records a dependent with the SSN and date of birth sealed.
// One spouse or domestic partner at a time; the same child is not added
// twice. Requires benefits.enroll (the employee, or HR in scope). Errors:
// KindForbidden, KindNotFound, KindInvalid.
func (s *Service) AddDependent(ctx context.Context, a access.Actor, employeeID int64, in DependentInput) (int64, error) {
	f := kit.FieldErrors{}
	d, ssn := in.check(f, s.today())
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		if _, err := s.person(ctx, st, a, access.BenefitsEnroll, employeeID); err != nil {
			return err
		}
		ds, err := s.dependents(ctx, st, employeeID)
		if err != nil {
			return err
		}
		for _, o := range ds {
			if !o.RemovedOn.IsZero() {
				continue
			}
			if d.Partner() && o.Partner() {
				f.Add("relationship", fmt.Sprintf("%s is already recorded as your %s; a plan covers one spouse or partner", o.Name(), strings.ToLower(o.RelationshipLabel())))
			}
			if o.Relationship == d.Relationship && strings.EqualFold(o.GivenName, d.GivenName) && strings.EqualFold(o.FamilyName, d.FamilyName) && o.BirthDate.Equal(d.BirthDate) {
				f.Add("given_name", o.Name()+" is already a dependent")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		d.EmployeeID, d.CreatedAt = employeeID, s.clock.Now()
		if d.sealedBirth, err = s.sealer.Seal([]byte(d.BirthDate.String())); err != nil {
			return err
		}
		if ssn != "" {
			if d.sealedSSN, err = s.sealer.Seal([]byte(ssn)); err != nil {
				return err
			}
			d.SSNLast4 = ssn[len(ssn)-4:]
		}
		if id, err = st.SaveDependent(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.dependent.add", "employee", employeeID, fmt.Sprintf("Added dependent %s (%s)", d.Name(), strings.ToLower(d.RelationshipLabel())), nil,
			map[string]any{"dependent_id": id, "relationship": d.Relationship, "name": d.Name(), "ssn": ssn != "", "birth_date": "sealed"})
	})
	return id, err
}

// RemoveDependent ends a dependent's record. A dependent covered today or
// in an open election is ended by a life event (divorce, death) instead,
// which opens COBRA where it applies. Requires benefits.enroll. Errors:
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) RemoveDependent(ctx context.Context, a access.Actor, employeeID, dependentID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		if _, err := s.person(ctx, st, a, access.BenefitsEnroll, employeeID); err != nil {
			return err
		}
		d, err := st.GetDependent(ctx, dependentID)
		if err != nil || d.EmployeeID != employeeID {
			return kit.NotFound("dependent")
		}
		if !d.RemovedOn.IsZero() {
			return kit.Conflict("%s was removed on %s", d.Name(), d.RemovedOn)
		}
		cs, err := st.Coverages(ctx, employeeID, date.Date{}, nil, true)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if (c.To.IsZero() || c.To.OnOrAfter(s.today())) && slices.Contains(c.DependentIDs, dependentID) {
				return kit.Conflict("%s is covered by %s: report a life event (divorce or death) to change the coverage", d.Name(), c.PlanName)
			}
		}
		d.RemovedOn = s.today()
		if _, err := st.SaveDependent(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.dependent.remove", "employee", employeeID, "Removed dependent "+d.Name(), nil, map[string]any{"dependent_id": dependentID})
	})
}

// RevealDependent decrypts a dependent's SSN and date of birth. Each
// reveal is audited. Requires people.sensitive.view over the employee.
// Errors: KindForbidden, KindNotFound.
func (s *Service) RevealDependent(ctx context.Context, a access.Actor, employeeID, dependentID int64) (ssn, birth string, err error) {
	err = s.store.InTx(ctx, func(st Store) error {
		if _, err := s.person(ctx, st, a, access.SensitiveView, employeeID); err != nil {
			return err
		}
		d, err := st.GetDependent(ctx, dependentID)
		if err != nil || d.EmployeeID != employeeID {
			return kit.NotFound("dependent")
		}
		if len(d.sealedSSN) > 0 {
			b, err := s.sealer.Open(d.sealedSSN)
			if err != nil {
				return err
			}
			ssn = string(b)
		}
		if err := s.open(&d); err != nil {
			return err
		}
		birth = d.BirthDate.String()
		return s.record(ctx, st, a, "benefits.dependent.reveal", "employee", employeeID, "Viewed the SSN and date of birth of dependent "+d.Name(), nil, map[string]any{"dependent_id": dependentID})
	})
	return ssn, birth, err
}
