package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// PayIn is a rate of pay.
type PayIn struct {
	AmountCents int64  `json:"amount_cents" required:"true" doc:"Minor units: annual salary or hourly rate"`
	Per         string `json:"per" required:"true" enum:"year,hour"`
	Currency    string `json:"currency,omitempty" doc:"ISO 4217; defaults to USD"`
}

// EmployeeIn hires an employee.
type EmployeeIn struct {
	GivenName      string `json:"given_name" required:"true"`
	FamilyName     string `json:"family_name" required:"true"`
	PreferredName  string `json:"preferred_name,omitempty"`
	WorkEmail      string `json:"work_email" required:"true"`
	PersonalEmail  string `json:"personal_email,omitempty"`
	Phone          string `json:"phone,omitempty"`
	HomeAddress    string `json:"home_address,omitempty"`
	HireDate       string `json:"hire_date" required:"true" format:"date"`
	OrgUnitID      int64  `json:"org_unit_id" required:"true"`
	LocationID     int64  `json:"location_id" required:"true"`
	JobID          int64  `json:"job_id" required:"true"`
	ManagerID      *int64 `json:"manager_id,omitempty" doc:"null or omitted for the top of the organization"`
	EmploymentType string `json:"employment_type,omitempty" enum:"full_time,part_time,temporary,seasonal"`
	WeeklyHours    int    `json:"weekly_hours,omitempty" doc:"Scheduled hours per week; defaults to 40 for full time"`
	Pay            PayIn  `json:"pay" required:"true"`
	SSN            string `json:"ssn,omitempty" doc:"Encrypted at rest; never returned except by the audited sensitive endpoint"`
	BirthDate      string `json:"birth_date,omitempty" format:"date"`
}

// PayOut is a rate of pay.
type PayOut struct {
	AmountCents int64  `json:"amount_cents"`
	Per         string `json:"per"`
	Currency    string `json:"currency"`
}

// EmployeeOut is an employee as the caller may see them. Fields the caller
// may not see are null.
type EmployeeOut struct {
	ID               int64     `json:"id"`
	EmployeeNumber   string    `json:"employee_number"`
	GivenName        string    `json:"given_name"`
	FamilyName       string    `json:"family_name"`
	PreferredName    string    `json:"preferred_name"`
	Name             string    `json:"name"`
	WorkEmail        string    `json:"work_email"`
	PersonalEmail    *string   `json:"personal_email"`
	Phone            *string   `json:"phone"`
	HomeAddress      *string   `json:"home_address"`
	Status           string    `json:"status" enum:"active,terminated"`
	HireDate         date.Date `json:"hire_date"`
	OriginalHireDate date.Date `json:"original_hire_date"`
	TerminationDate  date.Date `json:"termination_date" doc:"The last day, when one is set"`
	OrgUnitID        int64     `json:"org_unit_id"`
	OrgUnitName      string    `json:"org_unit_name"`
	LocationID       int64     `json:"location_id"`
	LocationName     string    `json:"location_name"`
	JobID            int64     `json:"job_id"`
	JobTitle         string    `json:"job_title"`
	ManagerID        *int64    `json:"manager_id"`
	ManagerName      *string   `json:"manager_name"`
	EmploymentType   string    `json:"employment_type"`
	WeeklyHours      int       `json:"weekly_hours"`
	Pay              *PayOut   `json:"pay" doc:"null without people.pay.view"`
	SSNLast4         *string   `json:"ssn_last4" doc:"null without people.sensitive.view"`
	Version          int64     `json:"version" doc:"Send back in PATCH to detect concurrent edits"`
}

func employeeOut(e people.Employee, personal, pay, sensitive bool) EmployeeOut {
	o := EmployeeOut{ID: e.ID, EmployeeNumber: e.Number, GivenName: e.GivenName, FamilyName: e.FamilyName, PreferredName: e.PreferredName, Name: e.Name(),
		WorkEmail: e.WorkEmail, Status: e.Status, HireDate: e.HireDate, OriginalHireDate: e.OriginalHireDate, TerminationDate: e.TerminationDate,
		OrgUnitID: e.OrgUnitID, OrgUnitName: e.OrgUnitName, LocationID: e.LocationID, LocationName: e.LocationName, JobID: e.JobID, JobTitle: e.JobTitle,
		EmploymentType: e.EmploymentType, WeeklyHours: e.WeeklyHours, Version: e.Version}
	if e.ManagerID != 0 {
		m, n := e.ManagerID, e.ManagerName
		o.ManagerID, o.ManagerName = &m, &n
	}
	if personal {
		pe, ph, ad := e.PersonalEmail, e.Phone, e.HomeAddress
		o.PersonalEmail, o.Phone, o.HomeAddress = &pe, &ph, &ad
	}
	if pay {
		o.Pay = &PayOut{AmountCents: e.Pay.AmountCents, Per: e.Pay.Per, Currency: e.Pay.Currency}
	}
	if sensitive && e.SSNLast4 != "" {
		s := e.SSNLast4
		o.SSNLast4 = &s
	}
	return o
}

type listEmployeesIn struct {
	Q          string `query:"q" doc:"Name, title or email prefix"`
	OrgUnitID  int64  `query:"org_unit_id" doc:"The org unit and its subtree"`
	LocationID int64  `query:"location_id"`
	JobID      int64  `query:"job_id"`
	ManagerID  int64  `query:"manager_id"`
	Status     string `query:"status" enum:"active,terminated,all," doc:"Default active; terminated and all need an HR role"`
	Limit      int    `query:"limit" minimum:"0" maximum:"500" doc:"Default 50, max 500"`
	Cursor     string `query:"cursor"`
}

type employeeRef struct {
	ID int64 `path:"id" minimum:"1"`
}

func (a *API) registerEmployees(h huma.API) {
	create := op("create-employee", http.MethodPost, "/employees", "Hire an employee", "Employees", access.EmployeeHire)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[EmployeeIn]) (*created[EmployeeOut], error) {
		b := in.Body
		f := kit.FieldErrors{}
		hi := people.HireInput{GivenName: b.GivenName, FamilyName: b.FamilyName, PreferredName: b.PreferredName, WorkEmail: b.WorkEmail,
			PersonalEmail: b.PersonalEmail, Phone: b.Phone, HomeAddress: b.HomeAddress, HireDate: parseDate(f, "hire_date", b.HireDate),
			OrgUnitID: b.OrgUnitID, LocationID: b.LocationID, JobID: b.JobID, EmploymentType: b.EmploymentType, WeeklyHours: b.WeeklyHours,
			Pay: people.Pay{AmountCents: b.Pay.AmountCents, Per: b.Pay.Per, Currency: b.Pay.Currency}, SSN: b.SSN, BirthDate: parseDate(f, "birth_date", b.BirthDate)}
		if b.ManagerID != nil {
			hi.ManagerID = *b.ManagerID
		}
		hi.Invalid = f
		id, err := a.People.Hire(ctx, actor(ctx), hi)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out, err := a.employee(ctx, id)
		if err != nil {
			return nil, err
		}
		return &created[EmployeeOut]{Location: "/api/v1/employees/" + itoa(id), Body: out}, nil
	})
	huma.Register(h, op("list-employees", http.MethodGet, "/employees", "Search and list employees", "Employees", access.DirectoryView), func(ctx context.Context, in *listEmployeesIn) (*body[Page[EmployeeOut]], error) {
		act := actor(ctx)
		f := people.DirectoryFilter{Q: in.Q, OrgUnitID: in.OrgUnitID, LocationID: in.LocationID, JobID: in.JobID, ManagerID: in.ManagerID, Status: in.Status, Limit: in.Limit}
		if in.Cursor != "" {
			parts, err := kit.DecodeCursor(in.Cursor, 2)
			if err != nil {
				return nil, a.fail(ctx, err)
			}
			f.After = parts[0]
			if f.AfterID, err = kit.CursorInt(parts[1]); err != nil {
				return nil, a.fail(ctx, err)
			}
		}
		page, err := a.People.Directory(ctx, act, f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[EmployeeOut]{Items: make([]EmployeeOut, 0, len(page.Items))}
		payPaths, payWhole := access.ScopePaths(act, access.PayView)
		for _, e := range page.Items {
			// Lists carry pay only where an HR grant covers the row; the
			// employee's own pay is on GET /employees/{id}.
			out.Items = append(out.Items, employeeOut(e, false, payWhole || covers(payPaths, e.OrgPath), false))
		}
		if page.NextID != 0 {
			c := kit.EncodeCursor(page.NextSortKey, strconv.FormatInt(page.NextID, 10))
			out.NextCursor = &c
		}
		return &body[Page[EmployeeOut]]{out}, nil
	})
	huma.Register(h, op("get-employee", http.MethodGet, "/employees/{id}", "Get an employee", "Employees", access.ProfileView), func(ctx context.Context, in *employeeRef) (*body[EmployeeOut], error) {
		out, err := a.employee(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &body[EmployeeOut]{out}, nil
	})
}

func covers(paths []string, p string) bool {
	for _, x := range paths {
		if len(p) >= len(x) && p[:len(x)] == x {
			return true
		}
	}
	return false
}

func (a *API) employee(ctx context.Context, id int64) (EmployeeOut, error) {
	prof, err := a.People.GetProfile(ctx, actor(ctx), id)
	if err != nil {
		return EmployeeOut{}, a.fail(ctx, err)
	}
	e := prof.Employee
	return employeeOut(e, prof.Can[access.PersonalView], prof.Can[access.PayView], prof.Can[access.SensitiveView]), nil
}
