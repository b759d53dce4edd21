package relations

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// ReporterView is what a reporter sees of their concern: what they said,
// whether it is open, and the messages between them and HR. Never the
// investigation, the team or the outcome for others.
type ReporterView struct {
	ID         int64
	Number     string
	Category   string
	Title      string
	Open       bool
	ReportedOn date.Date
	Messages   []Message
}

// Message is one message between the reporter and HR.
type Message struct {
	At     time.Time
	FromHR bool
	Body   string
}

func (s *Service) reporterView(ctx context.Context, st Store, sc SealedCase) (ReporterView, error) {
	c, err := s.openCase(sc)
	if err != nil {
		return ReporterView{}, err
	}
	rv := ReporterView{ID: c.ID, Number: c.Number(), Category: c.Category, Title: c.Title, Open: c.Open(), ReportedOn: c.ReportedOn}
	rv.Messages = append(rv.Messages, Message{At: c.OpenedAt, Body: c.Description})
	es, err := s.entries(ctx, st, c.ID)
	if err != nil {
		return rv, err
	}
	for _, e := range es {
		switch e.Kind {
		case "reporter_message":
			rv.Messages = append(rv.Messages, Message{At: e.CreatedAt, Body: e.Body})
		case "reply":
			rv.Messages = append(rv.Messages, Message{At: e.CreatedAt, FromHR: true, Body: e.Body})
		}
	}
	return rv, nil
}

// FollowUp opens an anonymous report by its follow-up code. A wrong code
// is NotFound. Errors: KindNotFound.
func (s *Service) FollowUp(ctx context.Context, code string) (ReporterView, error) {
	h := hashCode(code)
	if h == "" {
		return ReporterView{}, kit.NotFound("report")
	}
	sc, err := s.store.CaseByFollowUp(ctx, h)
	if err != nil {
		return ReporterView{}, err
	}
	return s.reporterView(ctx, s.store, sc)
}

// AddAnonymousMessage adds information to an anonymous report by its
// code; the case owner is notified. Errors: KindInvalid, KindNotFound,
// KindConflict (closed).
func (s *Service) AddAnonymousMessage(ctx context.Context, code, body string) error {
	h := hashCode(code)
	if h == "" {
		return kit.NotFound("report")
	}
	return s.store.InTx(ctx, func(st Store) error {
		sc, err := st.CaseByFollowUp(ctx, h)
		if err != nil {
			return err
		}
		return s.reporterMessage(ctx, st, anonymous, sc, body)
	})
}

func (s *Service) reporterMessage(ctx context.Context, st Store, a access.Actor, sc SealedCase, body string) error {
	f := kit.FieldErrors{}
	body = clean(f, "body", body, true, maxBody)
	if err := f.Err(); err != nil {
		return err
	}
	if sc.Status == StatusClosed {
		return kit.Conflict("this report is closed; raise a new one if something else happened")
	}
	b, err := s.seal(body)
	if err != nil {
		return err
	}
	if _, err := st.InsertEntry(ctx, SealedEntry{Entry: Entry{CaseID: sc.ID, Kind: "reporter_message", OccurredOn: s.today(), CreatedBy: a.UserID, CreatedAt: s.now()}, BodyS: b}); err != nil {
		return err
	}
	if sc.OwnerUserID != 0 {
		if err := work.Notify(ctx, st, a, work.Notification{UserID: sc.OwnerUserID, Kind: "er_case", Title: "The reporter added to ER case " + CaseNumber(sc.ID),
			Link: fmt.Sprintf("/relations/cases/%d", sc.ID)}, s.now()); err != nil {
			return err
		}
	}
	return s.record(ctx, st, a, "er_case.reporter_message", "er_case", sc.ID, "The reporter added to case "+CaseNumber(sc.ID), nil)
}

// MyConcerns lists the concerns the actor raised or referred. Any user
// may call it (they see their own only). Errors: none beyond the store's.
func (s *Service) MyConcerns(ctx context.Context, a access.Actor) ([]ReporterView, error) {
	rows, err := s.store.CasesReportedBy(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	var out []ReporterView
	for _, r := range rows {
		c, err := s.openCase(r)
		if err != nil {
			return nil, err
		}
		out = append(out, ReporterView{ID: c.ID, Number: c.Number(), Category: c.Category, Title: c.Title, Open: c.Open(), ReportedOn: c.ReportedOn})
	}
	return out, nil
}

// MyConcern returns one of the actor's concerns with its messages.
// Errors: KindNotFound (not theirs).
func (s *Service) MyConcern(ctx context.Context, a access.Actor, id int64) (ReporterView, error) {
	sc, err := s.store.GetCase(ctx, id)
	if err != nil || sc.ReporterUserID == 0 || sc.ReporterUserID != a.UserID {
		return ReporterView{}, kit.NotFound("concern")
	}
	return s.reporterView(ctx, s.store, sc)
}

// AddMyMessage adds information to the actor's own concern. Errors:
// KindInvalid, KindNotFound, KindConflict (closed).
func (s *Service) AddMyMessage(ctx context.Context, a access.Actor, id int64, body string) error {
	return s.store.InTx(ctx, func(st Store) error {
		sc, err := st.GetCase(ctx, id)
		if err != nil || sc.ReporterUserID == 0 || sc.ReporterUserID != a.UserID {
			return kit.NotFound("concern")
		}
		return s.reporterMessage(ctx, st, a, sc, body)
	})
}

// ---- witness statements ----

// Statement is a witness's own interview notes, for them to acknowledge.
type Statement struct {
	ID         int64
	CaseNumber string
	HeldOn     date.Date
	Body       string
	AckStatus  string
	AckComment string
	AckAt      time.Time
}

// MyStatements lists the interview notes of the actor as a witness.
// Errors: none beyond the store's.
func (s *Service) MyStatements(ctx context.Context, a access.Actor) ([]Statement, error) {
	if a.EmployeeID == 0 {
		return nil, nil
	}
	rows, err := s.store.StatementsFor(ctx, a.EmployeeID)
	if err != nil {
		return nil, err
	}
	var out []Statement
	for _, r := range rows {
		st, err := s.statement(r)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func (s *Service) statement(r SealedEntry) (Statement, error) {
	st := Statement{ID: r.ID, CaseNumber: CaseNumber(r.CaseID), HeldOn: r.OccurredOn, AckStatus: r.AckStatus, AckAt: r.AckAt}
	var err error
	if st.Body, err = s.open(r.BodyS); err != nil {
		return st, err
	}
	st.AckComment, err = s.open(r.AckCommentS)
	return st, err
}

// MyStatement returns one of the actor's statements. Errors:
// KindNotFound.
func (s *Service) MyStatement(ctx context.Context, a access.Actor, id int64) (Statement, error) {
	all, err := s.MyStatements(ctx, a)
	if err != nil {
		return Statement{}, err
	}
	for _, st := range all {
		if st.ID == id {
			return st, nil
		}
	}
	return Statement{}, kit.NotFound("statement")
}

// AcknowledgeStatement records the witness's answer to their interview
// notes: accurate, or disputed with what is wrong. Requires
// relations.discipline.acknowledge (the witness themselves). Errors:
// KindInvalid, KindNotFound, KindConflict (already answered).
func (s *Service) AcknowledgeStatement(ctx context.Context, a access.Actor, id int64, accurate bool, comment string) error {
	if err := access.Require(a, access.DisciplineAcknowledge, access.Target{EmployeeID: a.EmployeeID}); err != nil {
		return err
	}
	st, err := s.MyStatement(ctx, a, id)
	if err != nil {
		return err
	}
	if st.AckStatus != "pending" {
		return kit.Conflict("you already answered on %s", st.AckAt.Format("2 Jan 2006"))
	}
	f := kit.FieldErrors{}
	comment = clean(f, "comment", comment, !accurate, 4000)
	if err := f.Err(); err != nil {
		return err
	}
	status := "acknowledged"
	if !accurate {
		status = "disputed"
	}
	return s.store.InTx(ctx, func(tx Store) error {
		e, err := tx.GetEntry(ctx, id)
		if err != nil {
			return err
		}
		c, err := s.seal(comment)
		if err != nil {
			return err
		}
		if err := tx.AcknowledgeEntry(ctx, id, status, c, s.now()); err != nil {
			return err
		}
		sc, err := tx.GetCase(ctx, e.CaseID)
		if err != nil {
			return err
		}
		if err := work.Notify(ctx, tx, a, work.Notification{UserID: sc.OwnerUserID, Kind: "er_case", Title: "A witness answered on ER case " + CaseNumber(sc.ID),
			Body: "Their interview notes were " + status + ".", Link: fmt.Sprintf("/relations/cases/%d", sc.ID)}, s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, a, "er_case.statement_ack", "er_case", e.CaseID, fmt.Sprintf("A witness %s their statement on case %s", status, CaseNumber(e.CaseID)), map[string]any{"entry_id": id, "status": status})
	})
}
