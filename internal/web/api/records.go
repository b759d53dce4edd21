package api

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// EmployeePatch edits core and personal fields; omitted fields keep.
type EmployeePatch struct {
	Version       int64   `json:"version,omitempty" doc:"When set, must match the current version (else 409)"`
	GivenName     *string `json:"given_name,omitempty"`
	FamilyName    *string `json:"family_name,omitempty"`
	PreferredName *string `json:"preferred_name,omitempty"`
	WorkEmail     *string `json:"work_email,omitempty"`
	PersonalEmail *string `json:"personal_email,omitempty"`
	Phone         *string `json:"phone,omitempty"`
	HomeAddress   *string `json:"home_address,omitempty"`
}

// JobChangeIn is an effective-dated assignment change.
type JobChangeIn struct {
	EffectiveFrom  string `json:"effective_from" required:"true" format:"date"`
	Reason         string `json:"reason" required:"true" enum:"transfer,promotion,demotion,manager_change,location_change,schedule_change,reorganization,correction"`
	OrgUnitID      int64  `json:"org_unit_id,omitempty"`
	LocationID     int64  `json:"location_id,omitempty"`
	JobID          int64  `json:"job_id,omitempty"`
	ManagerID      *int64 `json:"manager_id,omitempty" doc:"Omit to keep; 0 for no manager"`
	EmploymentType string `json:"employment_type,omitempty"`
	WeeklyHours    int    `json:"weekly_hours,omitempty"`
	Note           string `json:"note,omitempty"`
}

// PayChangeIn is an effective-dated pay change.
type PayChangeIn struct {
	EffectiveFrom string `json:"effective_from" required:"true" format:"date"`
	Reason        string `json:"reason" required:"true" enum:"merit,promotion,market_adjustment,equity_adjustment,cost_of_living,correction,other"`
	Pay           PayIn  `json:"pay" required:"true"`
	Note          string `json:"note,omitempty"`
}

// PayChangeOut says what became of a pay change.
type PayChangeOut struct {
	ID         int64  `json:"id,omitempty" doc:"The pay record, when the change applied at once"`
	Status     string `json:"status" enum:"applied,pending_approval"`
	ApprovalID *int64 `json:"approval_id,omitempty" doc:"The approval request, when the change waits for approval"`
}

type payChangeOutput struct {
	Status int
	Body   PayChangeOut
}

// TerminationIn requests a termination; an HR manager decides it.
type TerminationIn struct {
	LastDay        string `json:"last_day" required:"true" format:"date"`
	Reason         string `json:"reason" required:"true"`
	Voluntary      bool   `json:"voluntary"`
	Regretted      bool   `json:"regretted,omitempty" doc:"A voluntary separation the company wanted to avoid (regretted turnover); refused on an involuntary one"`
	RehireEligible bool   `json:"rehire_eligible"`
	Note           string `json:"note,omitempty"`
}

// RehireIn starts a new employment period.
type RehireIn struct {
	HireDate       string `json:"hire_date" required:"true" format:"date"`
	OrgUnitID      int64  `json:"org_unit_id" required:"true"`
	LocationID     int64  `json:"location_id" required:"true"`
	JobID          int64  `json:"job_id" required:"true"`
	ManagerID      *int64 `json:"manager_id,omitempty"`
	EmploymentType string `json:"employment_type,omitempty"`
	WeeklyHours    int    `json:"weekly_hours,omitempty"`
	Pay            PayIn  `json:"pay" required:"true"`
	BreakReason    string `json:"break_reason,omitempty" enum:"userra,rehire_agreement," doc:"Why the break should not end FMLA service credit"`
}

// IDOut identifies what a request created.
type IDOut struct {
	ID int64 `json:"id"`
}

// AssignmentOut is one history row.
type AssignmentOut struct {
	ID             int64     `json:"id"`
	EffectiveFrom  date.Date `json:"effective_from"`
	Reason         string    `json:"reason"`
	OrgUnitID      int64     `json:"org_unit_id"`
	LocationID     int64     `json:"location_id"`
	JobID          int64     `json:"job_id"`
	ManagerID      *int64    `json:"manager_id"`
	EmploymentType string    `json:"employment_type"`
	WeeklyHours    int       `json:"weekly_hours"`
	Note           string    `json:"note"`
}

// PayRecordOut is one pay history row.
type PayRecordOut struct {
	ID            int64     `json:"id" doc:"Pass it as pay_record_id to ask HR about this change"`
	EffectiveFrom date.Date `json:"effective_from"`
	AmountCents   int64     `json:"amount_cents"`
	Per           string    `json:"per"`
	Currency      string    `json:"currency"`
	Reason        string    `json:"reason"`
}

// PeriodOut is one employment period.
type PeriodOut struct {
	Start             date.Date `json:"start"`
	End               date.Date `json:"end"`
	TerminationReason string    `json:"termination_reason"`
	Voluntary         *bool     `json:"voluntary"`
	BreakReason       string    `json:"break_reason"`
}

// HistoryOut is the effective-dated record.
type HistoryOut struct {
	Assignments []AssignmentOut `json:"assignments"`
	Pay         []PayRecordOut  `json:"pay" doc:"Empty without people.pay.view"`
	Periods     []PeriodOut     `json:"employment_periods"`
}

// CompensationOut is pay against the grade.
type CompensationOut struct {
	AmountCents      int64    `json:"amount_cents"`
	Per              string   `json:"per"`
	Currency         string   `json:"currency"`
	AnnualCents      int64    `json:"annual_cents" doc:"Hourly rates annualised at 2,080 hours"`
	PayGradeID       *int64   `json:"pay_grade_id"`
	CompaRatio       *float64 `json:"compa_ratio"`
	RangePenetration *float64 `json:"range_penetration"`
	Position         *string  `json:"position" enum:"below_range,in_range,above_range"`
	FTEAnnualCents   int64    `json:"fte_annual_cents" doc:"The pay compared with the range: annualised to full time (a part-time salary scaled to 40 hours a week)"`
	Zone             string   `json:"zone,omitempty" doc:"The worksite's pay zone"`
	RangeMinCents    *int64   `json:"range_min_cents,omitempty" doc:"The grade's range in the pay zone"`
	RangeMidCents    *int64   `json:"range_midpoint_cents,omitempty"`
	RangeMaxCents    *int64   `json:"range_max_cents,omitempty"`
}

// HoursIn imports hours of service.
type HoursIn struct {
	Entries []struct {
		From        string  `json:"from" required:"true" format:"date"`
		To          string  `json:"to" required:"true" format:"date"`
		HoursWorked float64 `json:"hours_worked" required:"true"`
	} `json:"entries" required:"true"`
}

// HoursOut lists imported hours.
type HoursOut struct {
	Entries []HoursEntryOut `json:"entries"`
}

// HoursEntryOut is one entry.
type HoursEntryOut struct {
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
	HoursWorked float64   `json:"hours_worked"`
}

type withBody[T any] struct {
	ID   int64 `path:"id" minimum:"1"`
	Body T
}

func (a *API) registerRecords(h huma.API) {
	huma.Register(h, opAny("update-employee", http.MethodPatch, "/employees/{id}", "Edit an employee", "Employees", access.EmployeeEdit, access.PersonalEdit), func(ctx context.Context, in *withBody[EmployeePatch]) (*body[EmployeeOut], error) {
		b := in.Body
		err := a.People.Update(ctx, actor(ctx), in.ID, people.UpdateInput{Version: b.Version, GivenName: b.GivenName, FamilyName: b.FamilyName, PreferredName: b.PreferredName,
			WorkEmail: b.WorkEmail, PersonalEmail: b.PersonalEmail, Phone: b.Phone, HomeAddress: b.HomeAddress})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out, err := a.employee(ctx, in.ID)
		return &body[EmployeeOut]{out}, err
	})
	post := func(id, path, summary string, perm access.Permission) huma.Operation {
		o := op(id, http.MethodPost, path, summary, "Employees", perm)
		o.DefaultStatus = http.StatusCreated
		return o
	}
	huma.Register(h, post("create-job-change", "/employees/{id}/job-changes", "Record a transfer, promotion, manager, location or schedule change", access.EmployeeJobChange), func(ctx context.Context, in *withBody[JobChangeIn]) (*body[IDOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		jc := people.JobChangeInput{EffectiveFrom: parseDate(f, "effective_from", b.EffectiveFrom), Reason: b.Reason, OrgUnitID: b.OrgUnitID, LocationID: b.LocationID,
			JobID: b.JobID, ManagerID: b.ManagerID, EmploymentType: b.EmploymentType, WeeklyHours: b.WeeklyHours, Note: b.Note, Invalid: f}
		id, err := a.People.ChangeJob(ctx, actor(ctx), in.ID, jc)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, post("create-pay-change", "/employees/{id}/pay-changes", "Record a pay change: 201 when it applies at once, 202 when the pay-change approval chain sends it for approval (it applies when approved)", access.EmployeePayChange), func(ctx context.Context, in *withBody[PayChangeIn]) (*payChangeOutput, error) {
		b, f := in.Body, kit.FieldErrors{}
		pc := people.PayChangeInput{EffectiveFrom: parseDate(f, "effective_from", b.EffectiveFrom), Reason: b.Reason, Note: b.Note,
			Pay: people.Pay{AmountCents: b.Pay.AmountCents, Per: b.Pay.Per, Currency: b.Pay.Currency}, Invalid: f}
		res, err := a.People.ChangePay(ctx, actor(ctx), in.ID, pc)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if res.ApprovalID != 0 {
			return &payChangeOutput{Status: http.StatusAccepted, Body: PayChangeOut{Status: "pending_approval", ApprovalID: &res.ApprovalID}}, nil
		}
		return &payChangeOutput{Status: http.StatusCreated, Body: PayChangeOut{ID: res.RecordID, Status: "applied"}}, nil
	})
	huma.Register(h, post("request-termination", "/employees/{id}/terminations", "Request a termination (an HR manager decides it; the id is the approval request)", access.TerminationRequest), func(ctx context.Context, in *withBody[TerminationIn]) (*body[IDOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		t := people.Termination{LastDay: parseDate(f, "last_day", b.LastDay), Reason: b.Reason, Voluntary: b.Voluntary, Regretted: b.Regretted, RehireEligible: b.RehireEligible, Note: b.Note, Invalid: f}
		id, err := a.People.RequestTermination(ctx, actor(ctx), in.ID, t)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, post("rehire-employee", "/employees/{id}/rehires", "Rehire a former employee (a new employment period)", access.EmployeeHire), func(ctx context.Context, in *withBody[RehireIn]) (*body[EmployeeOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		ri := people.RehireInput{HireDate: parseDate(f, "hire_date", b.HireDate), OrgUnitID: b.OrgUnitID, LocationID: b.LocationID, JobID: b.JobID,
			EmploymentType: b.EmploymentType, WeeklyHours: b.WeeklyHours, BreakReason: b.BreakReason,
			Pay: people.Pay{AmountCents: b.Pay.AmountCents, Per: b.Pay.Per, Currency: b.Pay.Currency}}
		if b.ManagerID != nil {
			ri.ManagerID = *b.ManagerID
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.People.Rehire(ctx, actor(ctx), in.ID, ri); err != nil {
			return nil, a.fail(ctx, err)
		}
		out, err := a.employee(ctx, in.ID)
		return &body[EmployeeOut]{out}, err
	})
	huma.Register(h, op("get-employee-history", http.MethodGet, "/employees/{id}/history", "Effective-dated job, pay and employment history", "Employees", access.JobHistoryView), func(ctx context.Context, in *employeeRef) (*body[HistoryOut], error) {
		hist, err := a.People.GetHistory(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := HistoryOut{Assignments: []AssignmentOut{}, Pay: []PayRecordOut{}, Periods: []PeriodOut{}}
		for _, x := range hist.Assignments {
			ao := AssignmentOut{ID: x.ID, EffectiveFrom: x.EffectiveFrom, Reason: x.Reason, OrgUnitID: x.OrgUnitID, LocationID: x.LocationID, JobID: x.JobID, EmploymentType: x.EmploymentType, WeeklyHours: x.WeeklyHours, Note: x.Note}
			if x.ManagerID != 0 {
				m := x.ManagerID
				ao.ManagerID = &m
			}
			out.Assignments = append(out.Assignments, ao)
		}
		for _, p := range hist.Pay {
			out.Pay = append(out.Pay, PayRecordOut{ID: p.ID, EffectiveFrom: p.EffectiveFrom, AmountCents: p.Pay.AmountCents, Per: p.Pay.Per, Currency: p.Pay.Currency, Reason: p.Reason})
		}
		for _, p := range hist.Periods {
			out.Periods = append(out.Periods, PeriodOut{Start: p.Start, End: p.End, TerminationReason: p.TerminationReason, Voluntary: p.Voluntary, BreakReason: p.BreakReason})
		}
		return &body[HistoryOut]{out}, nil
	})
	huma.Register(h, op("get-employee-compensation", http.MethodGet, "/employees/{id}/compensation", "Pay with compa-ratio and range position", "Employees", access.PayView), func(ctx context.Context, in *employeeRef) (*body[CompensationOut], error) {
		c, err := a.People.GetCompensation(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := CompensationOut{AmountCents: c.Pay.AmountCents, Per: c.Pay.Per, Currency: c.Pay.Currency, AnnualCents: c.AnnualCents, CompaRatio: c.CompaRatio, RangePenetration: c.RangePenetration,
			FTEAnnualCents: c.FTEAnnualCents, Zone: c.Zone}
		if c.PayGradeID != 0 {
			g := c.PayGradeID
			out.PayGradeID = &g
			out.RangeMinCents, out.RangeMidCents, out.RangeMaxCents = &c.Grade.MinCents, &c.Grade.MidpointCents, &c.Grade.MaxCents
		}
		if c.Position != "" {
			p := c.Position
			out.Position = &p
		}
		return &body[CompensationOut]{out}, nil
	})
	put := op("put-employee-hours", http.MethodPut, "/employees/{id}/hours", "Import hours of service (entries replace overlapping entries)", "Employees", access.HoursImport)
	put.MaxBodyBytes = 4 << 20
	huma.Register(h, put, func(ctx context.Context, in *withBody[HoursIn]) (*body[HoursOut], error) {
		f := kit.FieldErrors{}
		entries := make([]people.HoursInput, 0, len(in.Body.Entries))
		for i, e := range in.Body.Entries {
			p := "entries[" + itoa(int64(i)) + "]."
			entries = append(entries, people.HoursInput{From: parseDate(f, p+"from", e.From), To: parseDate(f, p+"to", e.To), HoursWorked: e.HoursWorked})
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.People.PutHours(ctx, actor(ctx), in.ID, entries); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.hours(ctx, in.ID)
	})
	huma.Register(h, op("get-employee-hours", http.MethodGet, "/employees/{id}/hours", "Imported hours of service", "Employees", access.HoursView), func(ctx context.Context, in *employeeRef) (*body[HoursOut], error) {
		return a.hours(ctx, in.ID)
	})
	a.registerFiles(h)
}

func (a *API) hours(ctx context.Context, id int64) (*body[HoursOut], error) {
	hs, err := a.People.ListHours(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := HoursOut{Entries: []HoursEntryOut{}}
	for _, e := range hs {
		out.Entries = append(out.Entries, HoursEntryOut{From: e.From, To: e.To, HoursWorked: float64(e.HoursCenti) / 100})
	}
	return &body[HoursOut]{out}, nil
}

// ContactIn adds an emergency contact.
type ContactIn struct {
	Name         string `json:"name" required:"true"`
	Relationship string `json:"relationship" required:"true"`
	Phone        string `json:"phone" required:"true"`
	Email        string `json:"email,omitempty"`
	Primary      bool   `json:"primary,omitempty"`
}

// ContactOut is an emergency contact.
type ContactOut struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Relationship string `json:"relationship"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	Primary      bool   `json:"primary"`
}

// DocumentOut describes a document in the employee file.
type DocumentOut struct {
	ID          int64      `json:"id"`
	Category    string     `json:"category"`
	Title       string     `json:"title"`
	Filename    string     `json:"filename"`
	ContentType string     `json:"content_type"`
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256"`
	CreatedAt   time.Time  `json:"created_at"`
	PurgedAt    *time.Time `json:"purged_at,omitempty" doc:"Set when the file was purged after retention; the entry stays"`
}

type uploadForm struct {
	File     huma.FormFile `form:"file" required:"true" contentType:"application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/octet-stream"`
	Category string        `form:"category" required:"true"`
	Title    string        `form:"title"`
}

type uploadIn struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[uploadForm]
}

type docRef struct {
	ID    int64 `path:"id" minimum:"1"`
	DocID int64 `path:"doc_id" minimum:"1"`
}

type contactRef struct {
	ID        int64 `path:"id" minimum:"1"`
	ContactID int64 `path:"contact_id" minimum:"1"`
}

type fileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// SensitiveIn records sensitive fields.
type SensitiveIn struct {
	SSN       *string `json:"ssn,omitempty" doc:"123-45-6789"`
	BirthDate *string `json:"birth_date,omitempty" doc:"YYYY-MM-DD"`
	Bank      *string `json:"bank,omitempty" doc:"Bank and account for direct deposit"`
}

// SensitiveOut are decrypted sensitive fields (audited).
type SensitiveOut struct {
	SSN       *string `json:"ssn"`
	BirthDate *string `json:"birth_date"`
	Bank      *string `json:"bank"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (a *API) registerFiles(h huma.API) {
	huma.Register(h, op("list-contacts", http.MethodGet, "/employees/{id}/contacts", "Emergency contacts", "Employees", access.PersonalView), func(ctx context.Context, in *employeeRef) (*body[Page[ContactOut]], error) {
		cs, err := a.People.ListContacts(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ContactOut]{Items: []ContactOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, ContactOut{ID: c.ID, Name: c.Name, Relationship: c.Relationship, Phone: c.Phone, Email: c.Email, Primary: c.Primary})
		}
		return &body[Page[ContactOut]]{out}, nil
	})
	add := op("add-contact", http.MethodPost, "/employees/{id}/contacts", "Add an emergency contact", "Employees", access.ContactsEdit)
	add.DefaultStatus = http.StatusCreated
	huma.Register(h, add, func(ctx context.Context, in *withBody[ContactIn]) (*body[IDOut], error) {
		b := in.Body
		id, err := a.People.AddContact(ctx, actor(ctx), in.ID, people.ContactInput{Name: b.Name, Relationship: b.Relationship, Phone: b.Phone, Email: b.Email, Primary: b.Primary})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	del := op("remove-contact", http.MethodDelete, "/employees/{id}/contacts/{contact_id}", "Remove an emergency contact", "Employees", access.ContactsEdit)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *contactRef) (*struct{}, error) {
		if err := a.People.RemoveContact(ctx, actor(ctx), in.ID, in.ContactID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("list-documents", http.MethodGet, "/employees/{id}/documents", "Documents in the employee file", "Employees", access.DocumentView), func(ctx context.Context, in *employeeRef) (*body[Page[DocumentOut]], error) {
		ds, err := a.People.ListDocuments(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[DocumentOut]{Items: []DocumentOut{}}
		for _, d := range ds {
			out.Items = append(out.Items, docOut(d))
		}
		return &body[Page[DocumentOut]]{out}, nil
	})
	up := op("upload-document", http.MethodPost, "/employees/{id}/documents", "Upload a document (PDF, PNG, JPEG or DOCX, up to 10 MB; checked by content)", "Employees", access.DocumentUpload)
	up.DefaultStatus, up.MaxBodyBytes = http.StatusCreated, people.MaxDocumentSize+(1<<20)
	up.Errors = append(up.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, up, func(ctx context.Context, in *uploadIn) (*body[DocumentOut], error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, people.MaxDocumentSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		id, err := a.People.UploadDocument(ctx, actor(ctx), in.ID, people.DocumentInput{Category: form.Category, Title: form.Title, Filename: form.File.Filename, Data: data})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ds, err := a.People.ListDocuments(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, d := range ds {
			if d.ID == id {
				return &body[DocumentOut]{docOut(d)}, nil
			}
		}
		return nil, a.fail(ctx, kit.NotFound("document"))
	})
	huma.Register(h, op("download-document", http.MethodGet, "/employees/{id}/documents/{doc_id}/content", "Download a document (audited)", "Employees", access.DocumentView), func(ctx context.Context, in *docRef) (*fileOut, error) {
		d, data, err := a.People.OpenDocument(ctx, actor(ctx), in.ID, in.DocID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: d.ContentType, ContentDisposition: `attachment; filename="` + d.Filename + `"`, Body: data}, nil
	})
	huma.Register(h, op("update-sensitive", http.MethodPut, "/employees/{id}/sensitive", "Record SSN, date of birth or bank details (encrypted at rest; omitted fields keep, empty strings clear)", "Employees", access.SensitiveEdit), func(ctx context.Context, in *withBody[SensitiveIn]) (*struct{}, error) {
		if err := a.People.SetSensitive(ctx, actor(ctx), in.ID, people.SensitiveInput{SSN: in.Body.SSN, BirthDate: in.Body.BirthDate, Bank: in.Body.Bank}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, op("reveal-sensitive", http.MethodGet, "/employees/{id}/sensitive", "Reveal SSN, date of birth and bank details (every call is audited)", "Employees", access.SensitiveView), func(ctx context.Context, in *employeeRef) (*body[SensitiveOut], error) {
		v, err := a.People.RevealSensitive(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SensitiveOut]{SensitiveOut{SSN: strPtr(v.SSN), BirthDate: strPtr(v.BirthDate), Bank: strPtr(v.Bank)}}, nil
	})
}

func docOut(d people.Document) DocumentOut {
	out := DocumentOut{ID: d.ID, Category: d.Category, Title: d.Title, Filename: d.Filename, ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256, CreatedAt: d.CreatedAt.UTC()}
	if !d.PurgedAt.IsZero() {
		t := d.PurgedAt.UTC()
		out.PurgedAt = &t
	}
	return out
}
