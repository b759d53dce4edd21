package api

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// LeaveLifecycleOut is where a case stands: certification, designation,
// the notices sent, the usage recorded and the balances.
type LeaveLifecycleOut struct {
	Version         int               `json:"version" doc:"Send it back with a change; a stale version gets 409"`
	CertStatus      string            `json:"certification_status" enum:"none,requested,incomplete,complete"`
	CertRequestedOn *date.Date        `json:"certification_requested_on"`
	CertDue         *date.Date        `json:"certification_due"`
	CertReceivedOn  *date.Date        `json:"certification_received_on"`
	Deficiency      string            `json:"deficiency,omitempty"`
	CureDue         *date.Date        `json:"cure_due"`
	SufficientOn    *date.Date        `json:"sufficient_information_on"`
	DesignationDue  *date.Date        `json:"designation_notice_due"`
	RecertOn        *date.Date        `json:"recertification_from"`
	Designation     string            `json:"designation" enum:"pending,awaiting_approval,approved,denied"`
	DesignatedOn    *date.Date        `json:"designated_on"`
	DesignationNote string            `json:"designation_note,omitempty"`
	ApprovalID      int64             `json:"approval_id,omitempty"`
	ClosedOn        *date.Date        `json:"closed_on"`
	Notices         []LeaveNoticeOut  `json:"notices"`
	Certifications  []LeaveDocOut     `json:"certifications,omitempty" doc:"HR with leave.cases.manage only"`
	Usage           []LeaveUsageOut   `json:"usage"`
	Balance         EntitlementOut    `json:"fmla_balance" doc:"The FMLA entitlement today with all the usage recorded"`
	Unprotected     float64           `json:"hours_not_protected" doc:"Hours recorded past the entitlement on this case"`
	Programs        []LeaveProgramBal `json:"state_programs"`
	Explanation     []rules.Step      `json:"balance_explanation,omitempty"`
}

// LeaveNoticeOut is a notice sent.
type LeaveNoticeOut struct {
	ID      int64      `json:"id"`
	Kind    string     `json:"kind"`
	Subject string     `json:"subject"`
	SentTo  string     `json:"sent_to"`
	SentOn  date.Date  `json:"sent_on"`
	DueOn   *date.Date `json:"due_on"`
	OnTime  bool       `json:"on_time"`
	PDF     string     `json:"pdf" doc:"Link to the PDF sent"`
}

// LeaveDocOut is a certification on file.
type LeaveDocOut struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ReceivedOn  date.Date `json:"received_on"`
}

// LeaveUsageOut is one day of leave taken.
type LeaveUsageOut struct {
	Day         date.Date `json:"date"`
	Hours       float64   `json:"hours"`
	Charged     float64   `json:"hours_charged"`
	Protected   float64   `json:"hours_protected"`
	Unprotected float64   `json:"hours_not_protected"`
	Note        string    `json:"note,omitempty"`
}

// LeaveProgramBal is a state program on a case.
type LeaveProgramBal struct {
	Key            string       `json:"key"`
	Name           string       `json:"name"`
	Eligible       bool         `json:"eligible"`
	Designated     bool         `json:"designated"`
	Paid           bool         `json:"paid"`
	HoursEntitled  float64      `json:"hours_entitled"`
	HoursUsed      float64      `json:"hours_used"`
	HoursAvailable float64      `json:"hours_available"`
	PeriodStart    *date.Date   `json:"period_start"`
	PeriodEnd      *date.Date   `json:"period_end"`
	Explanation    []rules.Step `json:"explanation"`
}

func leaveLifecycleOut(c leave.Case, hr bool) LeaveLifecycleOut {
	b := c.Balance
	out := LeaveLifecycleOut{Version: c.Version, CertStatus: c.CertStatus, CertRequestedOn: dptr(c.CertRequestedOn), CertDue: dptr(c.CertDue), CertReceivedOn: dptr(c.CertReceivedOn),
		Deficiency: c.Deficiency, CureDue: dptr(c.CureDue), SufficientOn: dptr(c.SufficientOn), DesignationDue: dptr(c.DesignationDue), RecertOn: dptr(c.RecertOn),
		Designation: c.Designation, DesignatedOn: dptr(c.DesignatedOn), DesignationNote: c.DesignationNote, ApprovalID: c.ApprovalID, ClosedOn: dptr(c.ClosedOn),
		Notices: []LeaveNoticeOut{}, Usage: []LeaveUsageOut{}, Programs: []LeaveProgramBal{}, Unprotected: c.Unprotected,
		Balance: EntitlementOut{Method: b.Method, PeriodStart: b.PeriodStart, PeriodEnd: b.PeriodEnd, HoursEntitled: b.HoursEntitled, HoursUsed: b.HoursUsed, HoursAvailable: b.HoursAvailable}}
	for _, n := range c.Sent {
		out.Notices = append(out.Notices, LeaveNoticeOut{ID: n.ID, Kind: n.Kind, Subject: n.Subject, SentTo: n.SentTo, SentOn: n.SentOn, DueOn: dptr(n.DueOn), OnTime: n.OnTime(),
			PDF: fmt.Sprintf("/api/v1/leave-notices/%d/pdf", n.ID)})
	}
	if hr {
		for _, d := range c.Documents {
			out.Certifications = append(out.Certifications, LeaveDocOut{ID: d.ID, Kind: d.Kind, Filename: d.Filename, ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256, ReceivedOn: d.ReceivedOn})
		}
		out.Explanation = c.BalanceSteps
	}
	for _, u := range c.Usage {
		out.Usage = append(out.Usage, LeaveUsageOut{Day: u.Day, Hours: u.Hours, Charged: u.Charged, Protected: u.Protected, Unprotected: u.Unprotected, Note: u.Note})
	}
	for _, p := range c.Programs {
		out.Programs = append(out.Programs, LeaveProgramBal{Key: p.Key, Name: p.Name, Eligible: p.Eligible, Designated: p.Designated, Paid: p.Paid, HoursEntitled: p.HoursEntitled,
			HoursUsed: p.HoursUsed, HoursAvailable: p.HoursAvailable, PeriodStart: dptr(p.PeriodStart), PeriodEnd: dptr(p.PeriodEnd), Explanation: p.Steps})
	}
	return out
}

// LeaveCertRequestIn asks for certification.
type LeaveCertRequestIn struct {
	Version     int       `json:"version,omitempty"`
	RequestedOn date.Date `json:"requested_on,omitempty" doc:"Today by default"`
}

type leaveCertForm struct {
	File       huma.FormFile `form:"file" doc:"The certification (PDF, PNG or JPEG, up to 10 MB; sealed at rest)"`
	Complete   bool          `form:"complete" doc:"true: complete and sufficient; false: incomplete (say what is missing in deficiency)"`
	Deficiency string        `form:"deficiency"`
	ReceivedOn string        `form:"received_on" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"YYYY-MM-DD; today by default"`
	RecertOn   string        `form:"recert_on" pattern:"^(\\d{4}-\\d{2}-\\d{2})?$" doc:"YYYY-MM-DD; not before the earliest day the regulation allows"`
	Version    int           `form:"version"`
}

type leaveCertIn struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[leaveCertForm]
}

// LeaveDesignationIn designates the leave.
type LeaveDesignationIn struct {
	Version int    `json:"version,omitempty"`
	Approve bool   `json:"approve"`
	Note    string `json:"note,omitempty" doc:"Required to deny"`
}

// LeaveNoticeIn sends a notice.
type LeaveNoticeIn struct {
	Version int    `json:"version,omitempty"`
	Kind    string `json:"kind" required:"true" enum:"eligibility,rights,deficiency,designation"`
}

// LeaveUsageIn records leave taken.
type LeaveUsageIn struct {
	Version int             `json:"version,omitempty"`
	Days    []LeaveUsageDay `json:"days" required:"true"`
	Note    string          `json:"note,omitempty"`
}

// LeaveUsageDay is a day of leave taken.
type LeaveUsageDay struct {
	Date  date.Date `json:"date" required:"true"`
	Hours float64   `json:"hours" required:"true"`
}

// LeaveUsageResultOut is what a recording charged.
type LeaveUsageResultOut struct {
	Charged     float64 `json:"hours_charged"`
	Protected   float64 `json:"hours_protected"`
	Unprotected float64 `json:"hours_not_protected" doc:"Past the entitlement: not FMLA-protected, and a task asks HR to decide"`
	Available   float64 `json:"hours_available"`
}

// LeaveCloseIn closes a case.
type LeaveCloseIn struct {
	Version int    `json:"version,omitempty"`
	Note    string `json:"note,omitempty"`
}

// LeaveProgramIO is a state leave program.
type LeaveProgramIO struct {
	Key              string   `json:"key" required:"true"`
	Name             string   `json:"name" required:"true"`
	Jurisdiction     string   `json:"jurisdiction" required:"true" doc:"Two-letter state of the worksite"`
	Weeks            int      `json:"weeks" required:"true"`
	Period           string   `json:"period" required:"true" enum:"fmla_method,rolling_52_weeks,calendar_year"`
	MinEmployees     int      `json:"min_employees"`
	MinMonths        int      `json:"min_months"`
	MinHours         int      `json:"min_hours"`
	MinWeeksEmployed int      `json:"min_weeks_employed"`
	Reasons          []string `json:"reasons" required:"true"`
	Paid             bool     `json:"paid"`
	Concurrent       bool     `json:"concurrent_with_fmla"`
	Active           bool     `json:"active"`
	Notes            string   `json:"notes,omitempty"`
	Sources          string   `json:"sources,omitempty"`
	Version          int      `json:"version,omitempty" doc:"0 adds a program; otherwise the version you read"`
}

func programIO(p leave.Program) LeaveProgramIO {
	return LeaveProgramIO{Key: p.Key, Name: p.Name, Jurisdiction: p.Jurisdiction, Weeks: p.Weeks, Period: p.Period, MinEmployees: p.MinEmployees, MinMonths: p.MinMonths, MinHours: p.MinHours,
		MinWeeksEmployed: p.MinWeeksEmployed, Reasons: p.Reasons, Paid: p.Paid, Concurrent: p.Concurrent, Active: p.Active, Notes: p.Notes, Sources: p.Sources, Version: p.Version}
}

// LeaveSettingsIO are the leave settings.
type LeaveSettingsIO struct {
	DesignationApproval bool `json:"designation_approval" doc:"Every designation waits for an HR manager's approval"`
}

// LeaveTemplateIO is a notice template.
type LeaveTemplateIO struct {
	Template string `json:"template" doc:"Go text/template; the first line is \"Subject: …\"; empty restores the default"`
}

// LeaveDashboardOut is the HR manager's leave dashboard.
type LeaveDashboardOut struct {
	Open               int               `json:"open_cases"`
	AwaitingApproval   int               `json:"awaiting_approval"`
	PendingDesignation int               `json:"pending_designation"`
	CertOutstanding    int               `json:"certifications_outstanding"`
	NoticesOverdue     int               `json:"notices_overdue"`
	NoticesDueSoon     int               `json:"notices_due_soon"`
	ByReason           []LeaveCountOut   `json:"by_reason"`
	ByUnit             []LeaveCountOut   `json:"by_org_unit"`
	Due                []LeaveDueOut     `json:"due"`
	Patterns           []LeavePatternOut `json:"intermittent_patterns"`
}

// LeaveCountOut is one bar.
type LeaveCountOut struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"count"`
}

// LeaveDueOut is a task coming due.
type LeaveDueOut struct {
	CaseID   int64     `json:"case_id"`
	Employee string    `json:"employee"`
	Title    string    `json:"title"`
	DueOn    date.Date `json:"due_on"`
	Overdue  bool      `json:"overdue"`
}

// LeavePatternOut flags intermittent leave next to weekends.
type LeavePatternOut struct {
	CaseID       int64   `json:"case_id"`
	Employee     string  `json:"employee"`
	OrgUnit      string  `json:"org_unit"`
	Episodes     int     `json:"episodes"`
	MondayFriday int     `json:"monday_or_friday"`
	Share        float64 `json:"share"`
}

func parseDay(field, s string) (date.Date, error) {
	if s == "" {
		return date.Date{}, nil
	}
	d, err := date.Parse(s)
	if err != nil {
		return d, kit.Invalid(field, "Use YYYY-MM-DD")
	}
	return d, nil
}

func (a *API) registerLeaveLifecycle(h huma.API) {
	const tag = "Leave"
	caseOut := func(ctx context.Context, id int64) (*body[LeaveLifecycleOut], error) {
		c, err := a.LeaveCases.Get(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveLifecycleOut]{leaveLifecycleOut(c, c.Medical != "" || a.LeaveCases.CanManage(ctx, actor(ctx), c))}, nil
	}
	huma.Register(h, op("get-leave-case-lifecycle", http.MethodGet, "/leave-cases/{id}/lifecycle", "Where a case stands: certification, designation, notices sent, leave taken, the FMLA and state program balances (an employee sees their own)", tag, access.LeaveCaseView), func(ctx context.Context, in *idPath) (*body[LeaveLifecycleOut], error) {
		return caseOut(ctx, in.ID)
	})
	huma.Register(h, op("request-leave-certification", http.MethodPost, "/leave-cases/{id}/certification-request", "Ask for medical certification (or recertification): due 15 calendar days after the request (29 CFR 825.305(b))", tag, access.LeaveCaseManage), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body LeaveCertRequestIn
	}) (*body[LeaveLifecycleOut], error) {
		if err := a.LeaveCases.RequestCertification(ctx, actor(ctx), in.ID, in.Body.Version, in.Body.RequestedOn); err != nil {
			return nil, a.fail(ctx, err)
		}
		return caseOut(ctx, in.ID)
	})
	up := op("record-leave-certification", http.MethodPost, "/leave-cases/{id}/certification", "Record the certification received, complete or incomplete, with the file (sealed at rest)", tag, access.LeaveCaseManage)
	up.MaxBodyBytes = leave.MaxCertificationSize + (1 << 20)
	up.Errors = append(up.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, up, func(ctx context.Context, in *leaveCertIn) (*body[LeaveLifecycleOut], error) {
		form := in.RawBody.Data()
		ci := leave.CertificationInput{Version: form.Version, Complete: form.Complete, Deficiency: form.Deficiency}
		var err error
		if ci.ReceivedOn, err = parseDay("received_on", form.ReceivedOn); err != nil {
			return nil, a.fail(ctx, err)
		}
		if ci.RecertOn, err = parseDay("recert_on", form.RecertOn); err != nil {
			return nil, a.fail(ctx, err)
		}
		if form.File.File != nil {
			if ci.Data, err = io.ReadAll(io.LimitReader(form.File, leave.MaxCertificationSize+1)); err != nil {
				return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
			}
			ci.Filename = form.File.Filename
		}
		if err := a.LeaveCases.RecordCertification(ctx, actor(ctx), in.ID, ci); err != nil {
			return nil, a.fail(ctx, err)
		}
		return caseOut(ctx, in.ID)
	})
	huma.Register(h, op("designate-leave", http.MethodPost, "/leave-cases/{id}/designation", "Designate the leave as FMLA leave (and state program leave where the employee qualifies) or not; with designation approval on, it waits for an HR manager", tag, access.LeaveCaseManage), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body LeaveDesignationIn
	}) (*body[LeaveLifecycleOut], error) {
		if err := a.LeaveCases.Designate(ctx, actor(ctx), in.ID, leave.DesignationInput{Version: in.Body.Version, Approve: in.Body.Approve, Note: in.Body.Note}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return caseOut(ctx, in.ID)
	})
	sn := op("send-leave-notice", http.MethodPost, "/leave-cases/{id}/notices", "Send a notice: generated from its template as a PDF, kept with the date sent, and emailed to the employee", tag, access.LeaveCaseManage)
	sn.DefaultStatus = http.StatusCreated
	huma.Register(h, sn, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body LeaveNoticeIn
	}) (*body[LeaveLifecycleOut], error) {
		if _, err := a.LeaveCases.SendNotice(ctx, actor(ctx), in.ID, in.Body.Version, in.Body.Kind); err != nil {
			return nil, a.fail(ctx, err)
		}
		return caseOut(ctx, in.ID)
	})
	huma.Register(h, op("get-leave-notice-pdf", http.MethodGet, "/leave-notices/{id}/pdf", "The PDF of a notice as sent (HR, or the employee it was sent to)", tag, access.LeaveCaseView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		n, pdf, err := a.LeaveCases.NoticePDF(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/pdf", ContentDisposition: fmt.Sprintf(`attachment; filename="fmla-%s-notice-%d.pdf"`, n.Kind, n.CaseID), Body: pdf}, nil
	})
	huma.Register(h, op("get-leave-certification", http.MethodGet, "/leave-certifications/{id}", "A certification file (HR with leave.cases.manage; the download is audited)", tag, access.LeaveCaseManage), func(ctx context.Context, in *idPath) (*fileOut, error) {
		d, data, err := a.LeaveCases.Certification(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: d.ContentType, ContentDisposition: `attachment; filename="` + safeFilename(d.Filename) + `"`, Body: data}, nil
	})
	huma.Register(h, op("record-leave-usage", http.MethodPost, "/leave-cases/{id}/usage", "Record leave taken (days or intermittent episodes, in hours), charged by the usage rule against the entitlement; hours past it are flagged not FMLA-protected", tag, access.LeaveCaseManage), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body LeaveUsageIn
	}) (*body[LeaveUsageResultOut], error) {
		ui := leave.UsageInput{Version: in.Body.Version, Note: in.Body.Note}
		for _, d := range in.Body.Days {
			ui.Days = append(ui.Days, rules.LeaveHours{Date: d.Date, Hours: d.Hours})
		}
		r, err := a.LeaveCases.RecordUsage(ctx, actor(ctx), in.ID, ui)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveUsageResultOut]{LeaveUsageResultOut{Charged: r.Charged, Protected: r.Protected, Unprotected: r.Unprotected, Available: r.Available}}, nil
	})
	huma.Register(h, op("close-leave-case", http.MethodPost, "/leave-cases/{id}/close", "Close a case; its open tasks are cancelled", tag, access.LeaveCaseManage), func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body LeaveCloseIn
	}) (*body[LeaveLifecycleOut], error) {
		if err := a.LeaveCases.Close(ctx, actor(ctx), in.ID, in.Body.Version, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		return caseOut(ctx, in.ID)
	})
	huma.Register(h, op("get-leave-dashboard", http.MethodGet, "/leave/dashboard", "The leave dashboard: open cases, notices due and overdue, cases by reason and org unit, intermittent leave falling next to weekends", tag, access.LeaveDashboard), func(ctx context.Context, _ *struct{}) (*body[LeaveDashboardOut], error) {
		d, err := a.LeaveCases.Dashboard(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := LeaveDashboardOut{Open: d.Open, AwaitingApproval: d.AwaitingApproval, PendingDesignation: d.PendingDesignation, CertOutstanding: d.CertOutstanding,
			NoticesOverdue: d.NoticesOverdue, NoticesDueSoon: d.NoticesDueSoon, ByReason: []LeaveCountOut{}, ByUnit: []LeaveCountOut{}, Due: []LeaveDueOut{}, Patterns: []LeavePatternOut{}}
		for _, c := range d.ByReason {
			out.ByReason = append(out.ByReason, LeaveCountOut{Key: c.Key, Label: c.Label, N: c.N})
		}
		for _, c := range d.ByUnit {
			out.ByUnit = append(out.ByUnit, LeaveCountOut{Key: c.Key, Label: c.Label, N: c.N})
		}
		for _, it := range d.Due {
			out.Due = append(out.Due, LeaveDueOut{CaseID: it.CaseID, Employee: it.EmployeeName, Title: it.Title, DueOn: it.DueOn, Overdue: it.Overdue})
		}
		for _, p := range d.Patterns {
			out.Patterns = append(out.Patterns, LeavePatternOut{CaseID: p.CaseID, Employee: p.EmployeeName, OrgUnit: p.OrgUnit, Episodes: p.Episodes, MondayFriday: p.AdjacentDays, Share: p.Share})
		}
		return &body[LeaveDashboardOut]{out}, nil
	})
	huma.Register(h, op("list-leave-programs", http.MethodGet, "/leave-programs", "The state leave programs kept as data (CFRA, NY PFL, …)", tag, access.LeaveCaseManage), func(ctx context.Context, _ *struct{}) (*body[Page[LeaveProgramIO]], error) {
		ps, err := a.LeaveCases.Programs(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[LeaveProgramIO]{Items: []LeaveProgramIO{}}
		for _, p := range ps {
			out.Items = append(out.Items, programIO(p))
		}
		return &body[Page[LeaveProgramIO]]{out}, nil
	})
	huma.Register(h, op("save-leave-program", http.MethodPut, "/leave-programs/{key}", "Add (version 0) or change a state leave program; cases already opened keep their evaluation", tag, access.LeaveProgramsManage), func(ctx context.Context, in *struct {
		Key  string `path:"key"`
		Body LeaveProgramIO
	}) (*body[LeaveProgramIO], error) {
		b := in.Body
		if b.Key != in.Key {
			return nil, a.fail(ctx, kit.Invalid("key", "The key in the body must match the path"))
		}
		p := leave.Program{Key: b.Key, Name: b.Name, Jurisdiction: b.Jurisdiction, Weeks: b.Weeks, Period: b.Period, MinEmployees: b.MinEmployees, MinMonths: b.MinMonths, MinHours: b.MinHours,
			MinWeeksEmployed: b.MinWeeksEmployed, Reasons: b.Reasons, Paid: b.Paid, Concurrent: b.Concurrent, Active: b.Active, Notes: b.Notes, Sources: b.Sources}
		if err := a.LeaveCases.SaveProgram(ctx, actor(ctx), p, b.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		ps, err := a.LeaveCases.Programs(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, q := range ps {
			if q.Key == in.Key {
				return &body[LeaveProgramIO]{programIO(q)}, nil
			}
		}
		return nil, a.fail(ctx, kit.NotFound("leave program"))
	})
	huma.Register(h, op("get-leave-settings", http.MethodGet, "/leave/settings", "The leave settings", tag, access.LeaveCaseManage), func(ctx context.Context, _ *struct{}) (*body[LeaveSettingsIO], error) {
		if !access.CanAnywhere(actor(ctx), access.LeaveCaseManage) {
			return nil, a.fail(ctx, kit.Forbidden("only HR reads the leave settings"))
		}
		on, err := a.LeaveCases.DesignationApproval(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveSettingsIO]{LeaveSettingsIO{DesignationApproval: on}}, nil
	})
	huma.Register(h, op("put-leave-settings", http.MethodPut, "/leave/settings", "Change the leave settings", tag, access.LeaveProgramsManage), func(ctx context.Context, in *body[LeaveSettingsIO]) (*body[LeaveSettingsIO], error) {
		if err := a.LeaveCases.SetDesignationApproval(ctx, actor(ctx), in.Body.DesignationApproval); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveSettingsIO]{in.Body}, nil
	})
	huma.Register(h, op("get-leave-notice-template", http.MethodGet, "/leave/notice-templates/{kind}", "A notice template (the company's or the default)", tag, access.LeaveProgramsManage), func(ctx context.Context, in *struct {
		Kind string `path:"kind" enum:"eligibility,rights,deficiency,designation"`
	}) (*body[LeaveTemplateIO], error) {
		ts, err := a.LeaveCases.Templates(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveTemplateIO]{LeaveTemplateIO{Template: ts[in.Kind]}}, nil
	})
	huma.Register(h, op("put-leave-notice-template", http.MethodPut, "/leave/notice-templates/{kind}", "Change a notice template; it must render", tag, access.LeaveProgramsManage), func(ctx context.Context, in *struct {
		Kind string `path:"kind" enum:"eligibility,rights,deficiency,designation"`
		Body LeaveTemplateIO
	}) (*body[LeaveTemplateIO], error) {
		if err := a.LeaveCases.SaveTemplate(ctx, actor(ctx), in.Kind, in.Body.Template); err != nil {
			return nil, a.fail(ctx, err)
		}
		ts, err := a.LeaveCases.Templates(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LeaveTemplateIO]{LeaveTemplateIO{Template: ts[in.Kind]}}, nil
	})
}
