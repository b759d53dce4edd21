package people

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// HireInput hires a new employee.
type HireInput struct {
	GivenName        string
	FamilyName       string
	PreferredName    string
	WorkEmail        string
	PersonalEmail    string
	Phone            string
	HomeAddress      string
	HireDate         date.Date
	OrgUnitID        int64
	LocationID       int64
	JobID            int64
	ManagerID        int64
	EmploymentType   string
	WeeklyHours      int
	Pay              Pay
	SSN              string
	BirthDate        date.Date
	Gender           string
	EEORaceEthnicity string
	// Invalid carries errors found before the domain saw the input (fields
	// a form or file could not parse), so one validation pass reports
	// every problem and nothing is written.
	Invalid kit.FieldErrors
}

var ssnRe = regexp.MustCompile(`^(\d{3})-?(\d{2})-?(\d{4})$`)

// normalizeSSN validates a US SSN and returns it as ddd-dd-dddd.
func normalizeSSN(f kit.FieldErrors, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	m := ssnRe.FindStringSubmatch(v)
	if m == nil || m[1] == "000" || m[1] == "666" || m[1][0] == '9' || m[2] == "00" || m[3] == "0000" {
		f.Add("ssn", "Enter a valid SSN, like 123-45-6789")
		return ""
	}
	return m[1] + "-" + m[2] + "-" + m[3]
}

func (s *Service) validatePlacement(ctx context.Context, st Store, f kit.FieldErrors, self int64, org, loc, job, mgr int64, etype *string, hours *int) {
	exists(f, "org_unit_id", org, func() error { _, err := st.GetOrgUnit(ctx, org); return err })
	exists(f, "location_id", loc, func() error { _, err := st.GetLocation(ctx, loc); return err })
	exists(f, "job_id", job, func() error { _, err := st.GetJob(ctx, job); return err })
	if mgr != 0 {
		m, err := st.GetEmployee(ctx, mgr)
		switch {
		case err != nil:
			f.Add("manager_id", "Does not exist")
		case m.Status != StatusActive:
			f.Add("manager_id", "Is not an active employee")
		case self != 0 && mgr == self:
			f.Add("manager_id", "An employee cannot report to themselves")
		case self != 0:
			chain, err := st.ManagerChain(ctx, mgr)
			if err == nil && slices.Contains(chain, self) {
				f.Add("manager_id", "Would create a reporting cycle: "+m.Name()+" already reports (directly or indirectly) to this employee")
			}
		}
	}
	if *etype == "" {
		*etype = "full_time"
	}
	*etype = oneOf(f, "employment_type", *etype, EmploymentTypes)
	if *hours == 0 && *etype == "full_time" {
		*hours = 40
	}
	if *hours < 1 || *hours > 80 {
		f.Add("weekly_hours", "Enter scheduled weekly hours from 1 to 80")
	}
}

func validatePay(f kit.FieldErrors, p *Pay) {
	if p.AmountCents <= 0 {
		f.Add("pay.amount_cents", "Enter a pay amount above zero")
	}
	p.Per = oneOf(f, "pay.per", p.Per, PayPeriods)
	if p.Currency == "" {
		p.Currency = "USD"
	}
	p.Currency = strings.ToUpper(p.Currency)
	if !kit.Currencies[p.Currency] {
		f.Add("pay.currency", "Use a supported ISO currency code, like USD")
	}
	if p.Per == "hour" && p.AmountCents > 100000 {
		f.Add("pay.amount_cents", "An hourly rate above 1,000.00 looks like an annual amount")
	}
}

// Hire creates an employee with their first employment period, assignment
// and pay record, effective on the hire date. Requires people.hire over the
// target org unit. Errors: KindInvalid (one per field), KindForbidden.
func (s *Service) Hire(ctx context.Context, a access.Actor, in HireInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		var err error
		id, err = s.hireTx(ctx, st, a, in)
		return err
	})
	return id, err
}

// HireTx hires inside another domain's transaction (st is the people
// store bound to it): a candidate who accepted an offer becomes an
// employee atomically with the offer's record. Permissions and errors
// are as Hire; the onboarding hooks run in the same transaction.
func (s *Service) HireTx(ctx context.Context, st Store, a access.Actor, in HireInput) (int64, error) {
	id, err := s.hireTx(ctx, st, a, in)
	if err == nil {
		s.changed()
	}
	return id, err
}

func (s *Service) hireTx(ctx context.Context, st Store, a access.Actor, in HireInput) (int64, error) {
	var id int64
	f := startErrors(in.Invalid)
	in.GivenName = cleanText(f, "given_name", in.GivenName, true, 100)
	in.FamilyName = cleanText(f, "family_name", in.FamilyName, true, 100)
	in.PreferredName = cleanText(f, "preferred_name", in.PreferredName, false, 100)
	in.WorkEmail = cleanEmail(f, "work_email", in.WorkEmail, true)
	in.PersonalEmail = cleanEmail(f, "personal_email", in.PersonalEmail, false)
	in.Phone = cleanText(f, "phone", in.Phone, false, 40)
	in.HomeAddress = cleanText(f, "home_address", in.HomeAddress, false, 300)
	in.Gender = cleanText(f, "gender", in.Gender, false, 40)
	in.EEORaceEthnicity = cleanText(f, "eeo_race_ethnicity", in.EEORaceEthnicity, false, 80)
	requireDate(f, "hire_date", in.HireDate)
	today := s.Today()
	if !in.HireDate.IsZero() && (in.HireDate.After(today.AddDays(366)) || in.HireDate.Year() < 1950) {
		f.Add("hire_date", "Must be within the past decades and at most a year ahead")
	}
	if !in.BirthDate.IsZero() && (in.BirthDate.After(today.AddYears(-14)) || in.BirthDate.Year() < 1900) {
		f.Add("birth_date", "Enter a plausible date of birth (at least 14 years ago)")
	}
	ssn := normalizeSSN(f, in.SSN)
	s.validatePlacement(ctx, st, f, 0, in.OrgUnitID, in.LocationID, in.JobID, in.ManagerID, &in.EmploymentType, &in.WeeklyHours)
	validatePay(f, &in.Pay)
	if err := checkMinimumWage(ctx, st, f, in.Pay, in.WeeklyHours); err != nil {
		return 0, err
	}
	if err := checkGradeCurrency(ctx, st, f, in.JobID, in.Pay); err != nil {
		return 0, err
	}
	if in.WorkEmail != "" && !f.Has("work_email") {
		if _, err := st.EmployeeIDByEmail(ctx, in.WorkEmail); err == nil {
			f.Add("work_email", "Another employee already uses this work email")
		}
	}
	if !f.Has("org_unit_id") {
		if err := s.requireOrg(ctx, st, a, access.EmployeeHire, in.OrgUnitID); err != nil {
			return 0, err
		}
	} else if err := access.Require(a, access.EmployeeHire, access.CompanyTarget); err != nil {
		return 0, err
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	sens, err := s.seal(ssn, in.BirthDate, "")
	if err != nil {
		return 0, err
	}
	num, err := st.NextEmployeeNumber(ctx)
	if err != nil {
		return 0, err
	}
	e := Employee{
		Number: num, GivenName: in.GivenName, FamilyName: in.FamilyName, PreferredName: in.PreferredName,
		WorkEmail: in.WorkEmail, PersonalEmail: in.PersonalEmail, Phone: in.Phone, HomeAddress: in.HomeAddress,
		Status: StatusActive, OriginalHireDate: in.HireDate, HireDate: in.HireDate,
		OrgUnitID: in.OrgUnitID, LocationID: in.LocationID, JobID: in.JobID, ManagerID: in.ManagerID,
		EmploymentType: in.EmploymentType, WeeklyHours: in.WeeklyHours, Pay: in.Pay,
		Gender: in.Gender, EEORaceEthnicity: in.EEORaceEthnicity,
	}
	if id, err = st.InsertEmployee(ctx, e, sens); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return 0, kit.Invalid("work_email", "Another employee already uses this work email")
		}
		return 0, err
	}
	e.ID = id
	if err := s.writeStart(ctx, st, a, e, "hire", ""); err != nil {
		return 0, err
	}
	for _, h := range append(s.onStart[:len(s.onStart):len(s.onStart)], s.onHire...) {
		if err := h(ctx, st, a, e); err != nil {
			return 0, fmt.Errorf("after hire: %w", err)
		}
	}
	return id, s.record(ctx, st, a, "employee.hire", "employee", id, "Hired "+e.Name()+" as of "+in.HireDate.String(), nil, hireSnapshot(in, ssn != ""))
}

// writeStart records the period, assignment and pay that begin a stint.
func (s *Service) writeStart(ctx context.Context, st Store, a access.Actor, e Employee, reason, breakReason string) error {
	if _, err := st.InsertPeriod(ctx, EmploymentPeriod{EmployeeID: e.ID, Start: e.HireDate, BreakReason: breakReason}); err != nil {
		return err
	}
	now := s.clock.Now()
	if _, err := st.InsertAssignment(ctx, Assignment{EmployeeID: e.ID, EffectiveFrom: e.HireDate, OrgUnitID: e.OrgUnitID, LocationID: e.LocationID, JobID: e.JobID, ManagerID: e.ManagerID, EmploymentType: e.EmploymentType, WeeklyHours: e.WeeklyHours, Reason: reason, CreatedBy: a.UserID, CreatedAt: now}); err != nil {
		return err
	}
	if _, err := st.InsertPayRecord(ctx, PayRecord{EmployeeID: e.ID, EffectiveFrom: e.HireDate, Pay: e.Pay, Reason: reason, CreatedBy: a.UserID, CreatedAt: now}); err != nil {
		return err
	}
	if err := s.refreshCurrent(ctx, st, e.ID); err != nil {
		return err
	}
	return st.SetSearchTokens(ctx, e.ID, s.searchTokens(ctx, st, e))
}

func hireSnapshot(in HireInput, hasSSN bool) map[string]any {
	m := map[string]any{
		"given_name": in.GivenName, "family_name": in.FamilyName, "work_email": in.WorkEmail,
		"hire_date": in.HireDate.String(), "org_unit_id": in.OrgUnitID, "location_id": in.LocationID,
		"job_id": in.JobID, "manager_id": in.ManagerID, "employment_type": in.EmploymentType,
		"weekly_hours": in.WeeklyHours, "pay": "[redacted]",
	}
	if hasSSN {
		m["ssn"] = "[redacted]"
	}
	return m
}

func (s *Service) seal(ssn string, birth date.Date, bank string) (Sensitive, error) {
	var out Sensitive
	var err error
	if ssn != "" {
		if out.SSN, err = s.sealer.Seal([]byte(ssn)); err != nil {
			return out, err
		}
		out.SSNLast4 = ssn[len(ssn)-4:]
	}
	if !birth.IsZero() {
		if out.BirthDate, err = s.sealer.Seal([]byte(birth.String())); err != nil {
			return out, err
		}
	}
	if bank != "" {
		if out.Bank, err = s.sealer.Seal([]byte(bank)); err != nil {
			return out, err
		}
	}
	return out, nil
}

// searchTokens are the lower-cased words a directory search matches.
func (s *Service) searchTokens(ctx context.Context, st Store, e Employee) []string {
	title := ""
	if j, err := st.GetJob(ctx, e.JobID); err == nil {
		title = j.Title
	}
	return SearchTokens(e, title)
}

// SearchTokens are the lower-cased words and phrases a directory search
// matches for an employee: names, employee number, email and job title.
// Bulk loaders use it to index exactly as the service does.
func SearchTokens(e Employee, jobTitle string) []string {
	words := []string{e.GivenName, e.FamilyName, e.PreferredName, e.Number}
	if at := strings.IndexByte(e.WorkEmail, '@'); at > 0 {
		words = append(words, e.WorkEmail[:at], e.WorkEmail)
	}
	words = append(words, jobTitle)
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		for _, t := range strings.FieldsFunc(strings.ToLower(w), func(r rune) bool { return r == ' ' || r == '-' || r == ',' || r == '(' || r == ')' }) {
			if t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
		if full := strings.ToLower(strings.TrimSpace(w)); full != "" && !seen[full] {
			seen[full] = true
			out = append(out, full)
		}
	}
	return out
}

// refreshCurrent recomputes an employee's current columns from the
// effective-dated history as of today.
func (s *Service) refreshCurrent(ctx context.Context, st Store, id int64) error {
	today := s.Today()
	asg, err := st.AssignmentAsOf(ctx, id, today)
	if kit.KindOf(err) == kit.KindNotFound {
		all, lerr := st.ListAssignments(ctx, id)
		if lerr != nil || len(all) == 0 {
			return err
		}
		asg, err = all[len(all)-1], nil // only future rows: show the first
	}
	if err != nil {
		return err
	}
	pay, err := st.PayAsOf(ctx, id, today)
	if kit.KindOf(err) == kit.KindNotFound {
		all, lerr := st.ListPayRecords(ctx, id)
		if lerr != nil || len(all) == 0 {
			return err
		}
		pay, err = all[len(all)-1], nil
	}
	if err != nil {
		return err
	}
	periods, err := st.ListPeriods(ctx, id)
	if err != nil {
		return err
	}
	status, term := StatusActive, date.Date{}
	if len(periods) > 0 && !periods[0].End.IsZero() {
		// periods are newest first
		term = periods[0].End
		if term.Before(today) {
			status = StatusTerminated
		}
	}
	return st.SetCurrent(ctx, id, asg, pay.Pay, status, term)
}

// UpdateInput edits an employee's core and personal fields. Version, when
// set, must match the record's version (optimistic concurrency).
type UpdateInput struct {
	Version          int64
	GivenName        *string
	FamilyName       *string
	PreferredName    *string
	WorkEmail        *string
	PersonalEmail    *string
	Phone            *string
	HomeAddress      *string
	Gender           *string
	EEORaceEthnicity *string
}

// Update edits an employee. Names and the work email need people.edit;
// personal fields need people.personal.edit (employees may edit their own).
// Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict (stale
// version).
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in UpdateInput) error {
	return s.inTx(ctx, func(st Store) error {
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		t, err := s.target(ctx, st, id)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != e.Version {
			return kit.Conflict("this employee was changed by someone else since you opened it; reload and try again")
		}
		before := e
		f := kit.FieldErrors{}
		if err := access.Require(a, access.PersonalEdit, t); err != nil && !access.Can(a, access.EmployeeEdit, t) {
			return err
		}
		core := in.GivenName != nil || in.FamilyName != nil || in.PreferredName != nil || in.WorkEmail != nil || in.Gender != nil || in.EEORaceEthnicity != nil
		personal := in.PersonalEmail != nil || in.Phone != nil || in.HomeAddress != nil
		if core {
			if err := access.Require(a, access.EmployeeEdit, t); err != nil {
				return err
			}
		}
		if personal {
			if err := access.Require(a, access.PersonalEdit, t); err != nil {
				return err
			}
		}
		set := func(dst *string, v *string, field string, required bool, max int) {
			if v != nil {
				*dst = cleanText(f, field, *v, required, max)
			}
		}
		set(&e.GivenName, in.GivenName, "given_name", true, 100)
		set(&e.FamilyName, in.FamilyName, "family_name", true, 100)
		set(&e.PreferredName, in.PreferredName, "preferred_name", false, 100)
		set(&e.Phone, in.Phone, "phone", false, 40)
		set(&e.HomeAddress, in.HomeAddress, "home_address", false, 300)
		set(&e.Gender, in.Gender, "gender", false, 40)
		set(&e.EEORaceEthnicity, in.EEORaceEthnicity, "eeo_race_ethnicity", false, 80)
		if in.WorkEmail != nil {
			e.WorkEmail = cleanEmail(f, "work_email", *in.WorkEmail, true)
			if e.WorkEmail != before.WorkEmail && !f.Has("work_email") {
				if other, err := st.EmployeeIDByEmail(ctx, e.WorkEmail); err == nil && other != id {
					f.Add("work_email", "Another employee already uses this work email")
				}
			}
		}
		if in.PersonalEmail != nil {
			e.PersonalEmail = cleanEmail(f, "personal_email", *in.PersonalEmail, false)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := st.UpdateEmployeeCore(ctx, e); err != nil {
			return err
		}
		if err := st.SetSearchTokens(ctx, id, s.searchTokens(ctx, st, e)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.update", "employee", id, "Updated "+e.Name(), coreSnapshot(before), coreSnapshot(e))
	})
}

func coreSnapshot(e Employee) map[string]any {
	return map[string]any{
		"given_name": e.GivenName, "family_name": e.FamilyName, "preferred_name": e.PreferredName,
		"work_email": e.WorkEmail, "personal_email": e.PersonalEmail, "phone": e.Phone,
		"home_address": e.HomeAddress, "gender": e.Gender, "eeo_race_ethnicity": e.EEORaceEthnicity,
	}
}
