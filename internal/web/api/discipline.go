package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// ConcernOut is a concern as its reporter sees it.
type ConcernOut struct {
	ID         int64        `json:"id"`
	Number     string       `json:"number"`
	Category   string       `json:"category"`
	Title      string       `json:"title"`
	Open       bool         `json:"open"`
	ReportedOn date.Date    `json:"reported_on"`
	Messages   []MessageOut `json:"messages,omitempty"`
}

// MessageOut is a message between a reporter and HR.
type MessageOut struct {
	At     time.Time `json:"at"`
	FromHR bool      `json:"from_hr"`
	Body   string    `json:"body"`
}

// StatementOut is a witness's interview notes.
type StatementOut struct {
	ID         int64     `json:"id"`
	CaseNumber string    `json:"case_number"`
	HeldOn     date.Date `json:"held_on"`
	Body       string    `json:"body"`
	AckStatus  string    `json:"acknowledgement" enum:"pending,acknowledged,disputed"`
	AckComment string    `json:"comment,omitempty"`
}

// AckIn answers a record or statement.
type AckIn struct {
	Accept  bool   `json:"accept" doc:"true: acknowledge (receipt, not agreement) or confirm accurate; false: refuse to sign or dispute"`
	Comment string `json:"comment,omitempty" doc:"Required when refusing or disputing"`
}

// DisciplineOut is a discipline record.
type DisciplineOut struct {
	ID           int64               `json:"id"`
	EmployeeID   int64               `json:"employee_id"`
	Employee     string              `json:"employee"`
	CaseID       int64               `json:"case_id,omitempty"`
	Level        string              `json:"level" enum:"coaching,verbal_warning,written_warning,final_warning,pip,suspension"`
	IssuedOn     date.Date           `json:"issued_on"`
	Summary      string              `json:"summary"`
	Expectations string              `json:"expectations,omitempty"`
	Consequences string              `json:"consequences,omitempty"`
	Goals        []string            `json:"goals,omitempty"`
	CheckIns     []relations.CheckIn `json:"check_ins,omitempty"`
	PIPEnd       *date.Date          `json:"pip_end,omitempty"`
	PIPOutcome   string              `json:"pip_outcome,omitempty" enum:",successful,extended,unsuccessful"`
	From         *date.Date          `json:"from,omitempty"`
	To           *date.Date          `json:"to,omitempty"`
	Paid         bool                `json:"paid,omitempty"`
	AckStatus    string              `json:"acknowledgement" enum:"pending,acknowledged,refused"`
	AckAt        *time.Time          `json:"acknowledged_at,omitempty"`
	AckComment   string              `json:"employee_comment,omitempty"`
	Witness      string              `json:"refusal_witness,omitempty"`
	IssuedBy     string              `json:"issued_by"`
}

// DisciplineIn issues a record.
type DisciplineIn struct {
	EmployeeID   int64     `json:"employee_id" required:"true"`
	CaseID       int64     `json:"case_id,omitempty"`
	Level        string    `json:"level" required:"true"`
	IssuedOn     date.Date `json:"issued_on,omitempty"`
	Summary      string    `json:"summary" required:"true"`
	Expectations string    `json:"expectations,omitempty"`
	Consequences string    `json:"consequences,omitempty"`
	Goals        []string  `json:"goals,omitempty" doc:"A PIP's measurable goals"`
	PIPEnd       date.Date `json:"pip_end,omitempty"`
	From         date.Date `json:"from,omitempty"`
	To           date.Date `json:"to,omitempty"`
	Paid         bool      `json:"paid,omitempty"`
}

// CheckInIn records a PIP check-in.
type CheckInIn struct {
	On     date.Date `json:"on,omitempty"`
	Note   string    `json:"note" required:"true"`
	OnPace bool      `json:"on_pace"`
}

// PIPCloseIn closes or extends a PIP.
type PIPCloseIn struct {
	Outcome string    `json:"outcome" required:"true" enum:"successful,extended,unsuccessful"`
	Note    string    `json:"note" required:"true"`
	NewEnd  date.Date `json:"new_end,omitempty" doc:"When extended"`
}

// RefusalIn records a refusal to sign in a meeting.
type RefusalIn struct {
	Witness string `json:"witness" required:"true"`
	Note    string `json:"note,omitempty"`
}

func disciplineOut(d relations.Discipline) DisciplineOut {
	out := DisciplineOut{ID: d.ID, EmployeeID: d.EmployeeID, Employee: d.EmployeeName, CaseID: d.CaseID, Level: d.Level, IssuedOn: d.IssuedOn,
		Summary: d.Details.Summary, Expectations: d.Details.Expectations, Consequences: d.Details.Consequences, Goals: d.Details.Goals,
		CheckIns: d.Details.CheckIns, PIPEnd: dptr(d.PIPEnd), PIPOutcome: d.PIPOutcome, From: dptr(d.From), To: dptr(d.To), Paid: d.Paid,
		AckStatus: d.AckStatus, AckComment: d.Details.AckComment, Witness: d.Details.RefusalWitness, IssuedBy: d.IssuerName}
	if !d.AckAt.IsZero() {
		t := d.AckAt
		out.AckAt = &t
	}
	return out
}

func concernOut(v relations.ReporterView) ConcernOut {
	out := ConcernOut{ID: v.ID, Number: v.Number, Category: v.Category, Title: v.Title, Open: v.Open, ReportedOn: v.ReportedOn}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, MessageOut{At: m.At, FromHR: m.FromHR, Body: m.Body})
	}
	return out
}

func (a *API) registerRelationsSelf(h huma.API) {
	huma.Register(h, op("list-my-concerns", http.MethodGet, "/concerns", "The concerns you raised or referred", erTag, ""), func(ctx context.Context, _ *struct{}) (*body[Page[ConcernOut]], error) {
		vs, err := a.Relations.MyConcerns(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ConcernOut]{Items: []ConcernOut{}}
		for _, v := range vs {
			out.Items = append(out.Items, concernOut(v))
		}
		return &body[Page[ConcernOut]]{out}, nil
	})
	huma.Register(h, op("get-my-concern", http.MethodGet, "/concerns/{id}", "One of your concerns with HR's replies", erTag, ""), func(ctx context.Context, in *idPath) (*body[ConcernOut], error) {
		v, err := a.Relations.MyConcern(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ConcernOut]{concernOut(v)}, nil
	})
	msg := op("add-concern-message", http.MethodPost, "/concerns/{id}/messages", "Add information to your concern", erTag, "")
	msg.DefaultStatus = http.StatusCreated
	huma.Register(h, msg, func(ctx context.Context, in *withBody[TextIn]) (*body[ConcernOut], error) {
		if err := a.Relations.AddMyMessage(ctx, actor(ctx), in.ID, in.Body.Text); err != nil {
			return nil, a.fail(ctx, err)
		}
		v, err := a.Relations.MyConcern(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ConcernOut]{concernOut(v)}, nil
	})
	huma.Register(h, op("list-my-statements", http.MethodGet, "/statements", "Your interview notes as a witness, to acknowledge", erTag, ""), func(ctx context.Context, _ *struct{}) (*body[Page[StatementOut]], error) {
		ss, err := a.Relations.MyStatements(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[StatementOut]{Items: []StatementOut{}}
		for _, s := range ss {
			out.Items = append(out.Items, StatementOut{ID: s.ID, CaseNumber: s.CaseNumber, HeldOn: s.HeldOn, Body: s.Body, AckStatus: s.AckStatus, AckComment: s.AckComment})
		}
		return &body[Page[StatementOut]]{out}, nil
	})
	huma.Register(h, op("acknowledge-statement", http.MethodPost, "/statements/{id}/acknowledgement", "Confirm your interview notes are accurate, or dispute them", erTag, access.DisciplineAcknowledge), func(ctx context.Context, in *withBody[AckIn]) (*struct{}, error) {
		if err := a.Relations.AcknowledgeStatement(ctx, actor(ctx), in.ID, in.Body.Accept, in.Body.Comment); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
}

func (a *API) registerDiscipline(h huma.API) {
	huma.Register(h, op("list-discipline", http.MethodGet, "/employees/{id}/discipline", "An employee's discipline records, newest first", erTag, access.DisciplineView), func(ctx context.Context, in *idPath) (*body[Page[DisciplineOut]], error) {
		ds, err := a.Relations.DisciplineOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[DisciplineOut]{Items: []DisciplineOut{}}
		for _, d := range ds {
			out.Items = append(out.Items, disciplineOut(d))
		}
		return &body[Page[DisciplineOut]]{out}, nil
	})
	huma.Register(h, op("discipline-next-step", http.MethodGet, "/employees/{id}/discipline/next-step", "The progressive discipline ladder's next level for an employee, from their records in the look-back window", erTag, access.DisciplineIssue), func(ctx context.Context, in *idPath) (*body[struct {
		Level  string `json:"level"`
		Counts int    `json:"records_in_window"`
	}], error) {
		lvl, active, err := a.Relations.NextStep(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := body[struct {
			Level  string `json:"level"`
			Counts int    `json:"records_in_window"`
		}]{}
		out.Body.Level, out.Body.Counts = lvl, len(active)
		return &out, nil
	})
	iss := op("issue-discipline", http.MethodPost, "/discipline", "Issue a discipline record (a suspension needs an HR manager); the employee is asked to acknowledge it", erTag, access.DisciplineIssue)
	iss.DefaultStatus = http.StatusCreated
	huma.Register(h, iss, func(ctx context.Context, in *body[DisciplineIn]) (*body[DisciplineOut], error) {
		b := in.Body
		id, err := a.Relations.Issue(ctx, actor(ctx), relations.DisciplineInput{EmployeeID: b.EmployeeID, CaseID: b.CaseID, Level: b.Level, IssuedOn: b.IssuedOn,
			Summary: b.Summary, Expectations: b.Expectations, Consequences: b.Consequences, Goals: b.Goals, PIPEnd: b.PIPEnd, From: b.From, To: b.To, Paid: b.Paid})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.disciplineAfter(ctx, id)
	})
	huma.Register(h, op("get-discipline", http.MethodGet, "/discipline/{id}", "A discipline record", erTag, access.DisciplineView), func(ctx context.Context, in *idPath) (*body[DisciplineOut], error) {
		return a.disciplineAfter(ctx, in.ID)
	})
	huma.Register(h, op("discipline-letter", http.MethodGet, "/discipline/{id}/letter", "The record's letter as a PDF (audited)", erTag, access.DisciplineView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		name, pdf, err := a.Relations.Letter(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/pdf", ContentDisposition: `attachment; filename="` + safeFilename(name) + `"`, Body: pdf}, nil
	})
	huma.Register(h, op("acknowledge-discipline", http.MethodPost, "/discipline/{id}/acknowledgement", "Your answer to your own record: acknowledge receipt, or refuse to sign with a comment", erTag, access.DisciplineAcknowledge), func(ctx context.Context, in *withBody[AckIn]) (*body[DisciplineOut], error) {
		if err := a.Relations.Acknowledge(ctx, actor(ctx), in.ID, in.Body.Accept, in.Body.Comment); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.disciplineAfter(ctx, in.ID)
	})
	huma.Register(h, op("record-discipline-refusal", http.MethodPost, "/discipline/{id}/refusal", "Record that the employee refused to sign in a meeting, with the witness", erTag, access.DisciplineIssue), func(ctx context.Context, in *withBody[RefusalIn]) (*body[DisciplineOut], error) {
		if err := a.Relations.RecordRefusal(ctx, actor(ctx), in.ID, in.Body.Witness, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.disciplineAfter(ctx, in.ID)
	})
	huma.Register(h, op("add-pip-checkin", http.MethodPost, "/discipline/{id}/check-ins", "Record a PIP check-in", erTag, access.DisciplineIssue), func(ctx context.Context, in *withBody[CheckInIn]) (*body[DisciplineOut], error) {
		if err := a.Relations.AddCheckIn(ctx, actor(ctx), in.ID, relations.CheckIn{On: in.Body.On, Note: in.Body.Note, OnPace: in.Body.OnPace}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.disciplineAfter(ctx, in.ID)
	})
	huma.Register(h, op("close-pip", http.MethodPost, "/discipline/{id}/pip-outcome", "Close a PIP (successful or unsuccessful) or extend it", erTag, access.DisciplineIssue), func(ctx context.Context, in *withBody[PIPCloseIn]) (*body[DisciplineOut], error) {
		if err := a.Relations.ClosePIP(ctx, actor(ctx), in.ID, in.Body.Outcome, in.Body.Note, in.Body.NewEnd); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.disciplineAfter(ctx, in.ID)
	})
}

func (a *API) disciplineAfter(ctx context.Context, id int64) (*body[DisciplineOut], error) {
	d, err := a.Relations.GetDiscipline(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[DisciplineOut]{disciplineOut(d)}, nil
}
