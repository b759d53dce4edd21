package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// I9DocumentOut is a document examined (number masked).
type I9DocumentOut struct {
	List        string    `json:"list" enum:"A,B,C"`
	Type        string    `json:"type"`
	Issuer      string    `json:"issuer,omitempty"`
	NumberLast4 string    `json:"number_last4" doc:"Only the last four characters; the full number is sealed"`
	Expires     date.Date `json:"expires,omitempty"`
	Receipt     bool      `json:"receipt,omitempty"`
}

// I9ReverificationOut is a Supplement B entry.
type I9ReverificationOut struct {
	On          date.Date `json:"on"`
	Type        string    `json:"type"`
	NumberLast4 string    `json:"number_last4"`
	Expires     date.Date `json:"expires,omitempty"`
	By          string    `json:"by"`
}

// I9FileOut is a scanned copy.
type I9FileOut struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// I9Out is an employee's Form I-9. The first fields are CONTRACT.md's.
type I9Out struct {
	FirstDayOfEmployment string  `json:"first_day_of_employment"`
	Section1Due          string  `json:"section1_due"`
	Section2Due          string  `json:"section2_due"`
	Section1CompletedOn  *string `json:"section1_completed_on"`
	Section2CompletedOn  *string `json:"section2_completed_on"`
	ReverifyBy           *string `json:"reverify_by"`
	RetainUntil          *string `json:"retain_until" doc:"Null while employed"`
	Status               string  `json:"status" enum:"pending,complete,overdue,reverification_due"`

	EmployeeID      int64                 `json:"employee_id"`
	EmployeeName    string                `json:"employee_name"`
	LastDay         *string               `json:"last_day_of_employment"`
	Recorded        bool                  `json:"recorded" doc:"False until a form is stored for the employment"`
	Citizenship     string                `json:"citizenship,omitempty" enum:"citizen,noncitizen_national,lpr,authorized_alien,"`
	WorkAuthExpires *string               `json:"work_authorization_expires"`
	ExaminerName    string                `json:"examiner_name,omitempty"`
	ExaminerTitle   string                `json:"examiner_title,omitempty"`
	RemoteExam      bool                  `json:"remote_examination"`
	Documents       []I9DocumentOut       `json:"documents"`
	ReceiptsOK      bool                  `json:"receipts_acceptable"`
	EVerifyCase     string                `json:"everify_case,omitempty"`
	EVerifyResult   string                `json:"everify_result,omitempty"`
	EVerifyOn       *string               `json:"everify_on"`
	EVerifyCaseDue  string                `json:"everify_case_due"`
	Reverifications []I9ReverificationOut `json:"reverifications"`
	Note            string                `json:"note,omitempty"`
	LegalHold       bool                  `json:"legal_hold"`
	PurgedOn        *string               `json:"purged_on"`
	Files           []I9FileOut           `json:"files"`
	Explanation     []ExplainStep         `json:"explanation"`
	Version         int                   `json:"version"`
}

// ExplainStep is one line of a rule's explanation.
type ExplainStep struct {
	Text     string `json:"text"`
	Citation string `json:"citation"`
}

func dayPtr(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func i9Out(r i9.Record) I9Out {
	out := I9Out{FirstDayOfEmployment: r.PeriodStart.String(), Section1Due: r.Section1Due.String(), Section2Due: r.Section2Due.String(),
		Section1CompletedOn: dayPtr(r.Section1On), Section2CompletedOn: dayPtr(r.Section2On), ReverifyBy: dayPtr(r.ReverifyBy), RetainUntil: dayPtr(r.Result.RetainUntil),
		Status: r.Status, EmployeeID: r.EmployeeID, EmployeeName: r.EmployeeName, LastDay: dayPtr(r.PeriodEnd), Recorded: r.Stored, Citizenship: r.Citizenship,
		WorkAuthExpires: dayPtr(r.WorkAuthExpires), ExaminerName: r.ExaminerName, ExaminerTitle: r.ExaminerTitle, RemoteExam: r.RemoteExam, ReceiptsOK: r.Result.ReceiptsAcceptable,
		EVerifyCase: r.EVerifyCase, EVerifyResult: r.EVerifyResult, EVerifyOn: dayPtr(r.EVerifyOn), EVerifyCaseDue: r.Result.EVerifyCaseDue.String(), Note: r.Note,
		LegalHold: r.Held, PurgedOn: dayPtr(r.PurgedOn), Version: r.Version,
		Documents: []I9DocumentOut{}, Reverifications: []I9ReverificationOut{}, Files: []I9FileOut{}, Explanation: []ExplainStep{}}
	for _, d := range r.Documents {
		out.Documents = append(out.Documents, I9DocumentOut(d))
	}
	for _, v := range r.Reverifications {
		out.Reverifications = append(out.Reverifications, I9ReverificationOut(v))
	}
	for _, f := range r.Files {
		out.Files = append(out.Files, I9FileOut{ID: f.ID, Filename: f.Filename, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, CreatedAt: f.CreatedAt})
	}
	for _, s := range r.Steps {
		out.Explanation = append(out.Explanation, ExplainStep{Text: s.Text, Citation: s.Citation})
	}
	return out
}

// I9Section1In is Section 1.
type I9Section1In struct {
	Version                  int       `json:"version,omitempty"`
	CompletedOn              date.Date `json:"completed_on,omitempty" doc:"HR recording a paper Section 1; the employee's own is dated today"`
	Citizenship              string    `json:"citizenship" required:"true" enum:"citizen,noncitizen_national,lpr,authorized_alien"`
	WorkAuthorizationExpires date.Date `json:"work_authorization_expires,omitempty" doc:"For authorized_alien"`
	WorkAuthorizationNA      bool      `json:"work_authorization_na,omitempty" doc:"An authorized noncitizen whose authorization does not expire"`
	OfferAcceptedOn          date.Date `json:"offer_accepted_on,omitempty"`
	ExpectedBusinessDays     *int      `json:"expected_employment_business_days,omitempty" doc:"For jobs of fewer than three business days"`
	Attest                   bool      `json:"attest,omitempty" doc:"Required when the employee signs their own Section 1"`
}

// I9DocumentIn is a document examined.
type I9DocumentIn struct {
	Type    string    `json:"type" required:"true"`
	Issuer  string    `json:"issuer,omitempty"`
	Number  string    `json:"number" required:"true" doc:"Sealed at rest; only the last four characters are shown"`
	Expires date.Date `json:"expires,omitempty"`
	Receipt bool      `json:"receipt,omitempty"`
}

// I9Section2In is Section 2.
type I9Section2In struct {
	Version       int            `json:"version,omitempty"`
	CompletedOn   date.Date      `json:"completed_on,omitempty" doc:"Today by default"`
	ExaminerName  string         `json:"examiner_name" required:"true"`
	ExaminerTitle string         `json:"examiner_title,omitempty"`
	RemoteExam    bool           `json:"remote_examination,omitempty" doc:"The DHS alternative procedure (E-Verify employers only)"`
	Documents     []I9DocumentIn `json:"documents" required:"true" doc:"One List A document, or one List B and one List C"`
	EVerifyCase   string         `json:"everify_case,omitempty"`
	EVerifyResult string         `json:"everify_result,omitempty"`
	EVerifyOn     date.Date      `json:"everify_on,omitempty"`
	Note          string         `json:"note,omitempty" doc:"Required when Section 2 is late"`
}

// I9ReverifyIn is Supplement B.
type I9ReverifyIn struct {
	Version int       `json:"version,omitempty"`
	On      date.Date `json:"on,omitempty"`
	Type    string    `json:"type" required:"true" doc:"A List A or List C document"`
	Number  string    `json:"number" required:"true"`
	Expires date.Date `json:"expires,omitempty"`
}

// I9EVerifyIn is an E-Verify case update.
type I9EVerifyIn struct {
	Version int       `json:"version,omitempty"`
	Case    string    `json:"everify_case" required:"true"`
	Result  string    `json:"everify_result" required:"true" enum:"employment_authorized,tentative_nonconfirmation,final_nonconfirmation,close_case_and_resubmit,case_closed"`
	On      date.Date `json:"everify_on,omitempty"`
}

type i9FileForm struct {
	File huma.FormFile `form:"file" required:"true"`
}

// I9PageOut is a tracker view: the first forms and how many there are.
type I9PageOut struct {
	Items []I9Out `json:"items"`
	Total int     `json:"total" doc:"How many forms the view has; items holds at most 500"`
}

// I9FindingOut is a line of the audit report.
type I9FindingOut struct {
	Kind         string `json:"kind"`
	EmployeeID   int64  `json:"employee_id"`
	EmployeeName string `json:"employee_name"`
	FirstDay     string `json:"first_day_of_employment"`
	Detail       string `json:"detail"`
}

// I9CheckOut is a line of the self-audit checklist.
type I9CheckOut struct {
	Title    string `json:"title"`
	Detail   string `json:"detail,omitempty"`
	Citation string `json:"citation"`
	Computed bool   `json:"computed" doc:"False for a check only a person can make"`
	Failing  int    `json:"failing"`
}

// I9AuditOut is the audit report.
type I9AuditOut struct {
	AsOf      date.Date      `json:"as_of"`
	Counts    map[string]int `json:"counts"`
	Findings  []I9FindingOut `json:"findings"`
	Checklist []I9CheckOut   `json:"checklist"`
}

func (a *API) registerI9(h huma.API) {
	const tag = "Form I-9"
	get := func(ctx context.Context, id int64) (*body[I9Out], error) {
		r, err := a.I9.Get(ctx, actor(ctx), id, date.Date{})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[I9Out]{i9Out(r)}, nil
	}
	huma.Register(h, op("get-employee-i9", http.MethodGet, "/employees/{id}/i9", "The employee's Form I-9 for the current employment: deadlines (rules engine), completion, documents (masked), reverification, retention", tag, access.I9View), func(ctx context.Context, in *idPath) (*body[I9Out], error) {
		return get(ctx, in.ID)
	})
	huma.Register(h, op("list-employee-i9-history", http.MethodGet, "/employees/{id}/i9/history", "The Forms I-9 of every employment of the employee, newest first", tag, access.I9View), func(ctx context.Context, in *idPath) (*body[Page[I9Out]], error) {
		rs, err := a.I9.Periods(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[I9Out]{Items: []I9Out{}}
		for _, r := range rs {
			out.Items = append(out.Items, i9Out(r))
		}
		return &body[Page[I9Out]]{out}, nil
	})
	huma.Register(h, op("complete-i9-section1", http.MethodPut, "/employees/{id}/i9/section1", "Complete Section 1 (the employee, attesting; or HR recording a paper Section 1)", tag, access.I9Section1), func(ctx context.Context, in *withBody[I9Section1In]) (*body[I9Out], error) {
		b := in.Body
		if _, err := a.I9.CompleteSection1(ctx, actor(ctx), in.ID, i9.Section1Input{Version: b.Version, CompletedOn: b.CompletedOn, Citizenship: b.Citizenship,
			WorkAuthExpires: b.WorkAuthorizationExpires, WorkAuthNA: b.WorkAuthorizationNA, OfferAcceptedOn: b.OfferAcceptedOn, ExpectedDays: b.ExpectedBusinessDays, Attest: b.Attest}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("complete-i9-section2", http.MethodPut, "/employees/{id}/i9/section2", "Complete Section 2: the documents examined (numbers sealed), who examined them, remote examination, E-Verify", tag, access.I9Manage), func(ctx context.Context, in *withBody[I9Section2In]) (*body[I9Out], error) {
		b := in.Body
		si := i9.Section2Input{Version: b.Version, CompletedOn: b.CompletedOn, ExaminerName: b.ExaminerName, ExaminerTitle: b.ExaminerTitle, RemoteExam: b.RemoteExam,
			EVerifyCase: b.EVerifyCase, EVerifyResult: b.EVerifyResult, EVerifyOn: b.EVerifyOn, Note: b.Note}
		for _, d := range b.Documents {
			si.Documents = append(si.Documents, i9.DocumentInput(d))
		}
		if _, err := a.I9.CompleteSection2(ctx, actor(ctx), in.ID, si); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("record-i9-everify", http.MethodPut, "/employees/{id}/i9/everify", "Record or update the E-Verify case and its result", tag, access.I9Manage), func(ctx context.Context, in *withBody[I9EVerifyIn]) (*body[I9Out], error) {
		b := in.Body
		if _, err := a.I9.RecordEVerify(ctx, actor(ctx), in.ID, i9.EVerifyInput{Version: b.Version, Case: b.Case, Result: b.Result, On: b.On}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	rv := op("reverify-i9", http.MethodPost, "/employees/{id}/i9/reverifications", "Reverify (Supplement B) with a List A or List C document", tag, access.I9Manage)
	rv.DefaultStatus = http.StatusCreated
	huma.Register(h, rv, func(ctx context.Context, in *withBody[I9ReverifyIn]) (*body[I9Out], error) {
		b := in.Body
		if _, err := a.I9.Reverify(ctx, actor(ctx), in.ID, i9.ReverifyInput{Version: b.Version, On: b.On, Type: b.Type, Number: b.Number, Expires: b.Expires}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	up := op("add-i9-file", http.MethodPost, "/employees/{id}/i9/files", "Keep a scanned copy (PDF, PNG or JPEG, at most 10 MB) with the form", tag, access.I9Manage)
	up.MaxBodyBytes = i9.MaxFileSize + (1 << 20)
	up.DefaultStatus = http.StatusCreated
	up.Errors = append(up.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, up, func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		RawBody huma.MultipartFormFiles[i9FileForm]
	}) (*body[I9Out], error) {
		form := in.RawBody.Data()
		if form.File.File == nil {
			return nil, a.fail(ctx, kit.Invalid("file", "Choose a file to upload"))
		}
		data, err := io.ReadAll(io.LimitReader(form.File, i9.MaxFileSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		if _, err := a.I9.AddFile(ctx, actor(ctx), in.ID, form.File.Filename, data); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("get-i9-file", http.MethodGet, "/employees/{id}/i9/files/{file}", "A scanned copy (the download is audited)", tag, access.I9Manage), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		File int64 `path:"file" minimum:"1"`
	}) (*fileOut, error) {
		f, data, err := a.I9.OpenFile(ctx, actor(ctx), in.ID, in.File)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: f.ContentType, ContentDisposition: `attachment; filename="` + safeFilename(f.Filename) + `"`, Body: data}, nil
	})
	pu := op("purge-i9", http.MethodPost, "/employees/{id}/i9/purge", "Purge a form past its retention date (never under a legal hold): documents, numbers and copies deleted, the dates kept", tag, access.I9Purge)
	huma.Register(h, pu, func(ctx context.Context, in *struct {
		ID          int64  `path:"id" minimum:"1"`
		PeriodStart string `query:"first_day" format:"date" doc:"The employment's first day; the latest employment by default"`
	}) (*body[I9Out], error) {
		start, err := parseDay("first_day", in.PeriodStart)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.I9.Purge(ctx, actor(ctx), in.ID, start); err != nil {
			return nil, a.fail(ctx, err)
		}
		r, err := a.I9.Get(ctx, actor(ctx), in.ID, start)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[I9Out]{i9Out(r)}, nil
	})
	huma.Register(h, op("list-i9", http.MethodGet, "/i9", "The I-9 tracker in scope, at most 500 forms with the total: open (not complete), reverify (due within 90 days or expired), retention (past retention, not purged), late (the latest first)", tag, access.I9Manage), func(ctx context.Context, in *struct {
		View string `query:"view" enum:"open,reverify,retention,late" default:"open"`
	}) (*body[I9PageOut], error) {
		rs, total, err := a.I9.List(ctx, actor(ctx), in.View)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := I9PageOut{Items: []I9Out{}, Total: total}
		for _, r := range rs {
			o := i9Out(r)
			o.Explanation = []ExplainStep{}
			out.Items = append(out.Items, o)
		}
		return &body[I9PageOut]{out}, nil
	})
	huma.Register(h, op("i9-audit", http.MethodGet, "/i9/audit", "The I-9 audit report (missing, late, reverification overdue, retention due) and the self-audit checklist", tag, access.I9Audit), func(ctx context.Context, _ *struct{}) (*body[I9AuditOut], error) {
		rep, err := a.I9.Audit(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := I9AuditOut{AsOf: rep.AsOf, Counts: rep.Counts, Findings: []I9FindingOut{}, Checklist: []I9CheckOut{}}
		for _, f := range rep.Findings {
			out.Findings = append(out.Findings, I9FindingOut{Kind: f.Kind, EmployeeID: f.Record.EmployeeID, EmployeeName: f.Record.EmployeeName, FirstDay: f.Record.PeriodStart.String(), Detail: f.Detail})
		}
		for _, c := range rep.Checklist {
			out.Checklist = append(out.Checklist, I9CheckOut{Title: c.Title, Detail: c.Detail, Citation: c.Citation, Computed: c.Computed, Failing: c.Count})
		}
		return &body[I9AuditOut]{out}, nil
	})
	huma.Register(h, op("i9-audit-export", http.MethodGet, "/i9/audit/export", "The I-9 audit report as XLSX, CSV or PDF", tag, access.I9Audit), func(ctx context.Context, in *struct {
		Format string `query:"format" enum:"xlsx,csv,pdf" default:"xlsx"`
	}) (*fileOut, error) {
		b, name, err := a.I9.AuditFile(ctx, actor(ctx), in.Format, a.Employer(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: i9.ContentType(in.Format), ContentDisposition: fmt.Sprintf(`attachment; filename="%s"`, name), Body: b}, nil
	})
}
