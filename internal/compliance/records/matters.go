package records

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Matter kinds and statuses.
var (
	MatterKinds = []string{"charge", "lawsuit", "agency_audit", "demand_letter"}
)

// MatterKindLabels name the kinds.
var MatterKindLabels = map[string]string{"charge": "Charge of discrimination", "lawsuit": "Lawsuit", "agency_audit": "Government audit", "demand_letter": "Demand letter"}

const (
	MatterOpen   = "open"
	MatterClosed = "closed"
)

// Matter is a legal claim or a government audit.
type Matter struct {
	ID          int64
	Kind        string
	Title       string
	Agency      string // EEOC, a state agency, DOL WHD, ICE (I-9 audit), a court
	Reference   string // charge, case or notice number
	Counsel     string
	ReceivedOn  date.Date
	ResponseDue date.Date
	Status      string
	Description string
	Outcome     string
	ClosedOn    date.Date
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	// Filled by GetMatter.
	Requests []Request
	Holds    []Hold
}

// Request is a line of the document-request checklist.
type Request struct {
	ID       int64
	MatterID int64
	Item     string
	DueOn    date.Date
	DoneOn   date.Date
	DoneBy   int64
}

// MatterStore keeps matters.
type MatterStore interface {
	InsertMatter(ctx context.Context, m Matter) (int64, error)
	GetMatter(ctx context.Context, id int64) (Matter, error)
	UpdateMatter(ctx context.Context, m Matter, version int) error
	ListMatters(ctx context.Context) ([]Matter, error)
	InsertMatterRequest(ctx context.Context, r Request) (int64, error)
	ListMatterRequests(ctx context.Context, matterID int64) ([]Request, error)
	SetMatterRequestDone(ctx context.Context, id, matterID int64, on date.Date, by int64) error
}

// MatterInput opens or edits a matter.
type MatterInput struct {
	Version     int
	Kind        string
	Title       string
	Agency      string
	Reference   string
	Counsel     string
	ReceivedOn  date.Date
	ResponseDue date.Date
	Description string
}

func (in *MatterInput) validate() error {
	f := kit.FieldErrors{}
	in.Title, in.Agency, in.Reference, in.Counsel, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Agency), strings.TrimSpace(in.Reference), strings.TrimSpace(in.Counsel), strings.TrimSpace(in.Description)
	if !slices.Contains(MatterKinds, in.Kind) {
		f.Add("kind", "Choose charge, lawsuit, agency audit or demand letter")
	}
	if in.Title == "" || len(in.Title) > 200 {
		f.Add("title", "Name the matter in at most 200 characters")
	}
	for k, v := range map[string]string{"agency": in.Agency, "reference": in.Reference, "counsel": in.Counsel} {
		if len(v) > 200 {
			f.Add(k, "At most 200 characters")
		}
	}
	if (in.Kind == "charge" || in.Kind == "agency_audit") && in.Agency == "" {
		f.Add("agency", "Name the agency (EEOC, the state agency, the Department of Labor, ICE…)")
	}
	if in.ReceivedOn.IsZero() {
		f.Add("received_on", "Enter the day it was received")
	}
	if !in.ResponseDue.IsZero() && !in.ReceivedOn.IsZero() && in.ResponseDue.Before(in.ReceivedOn) {
		f.Add("response_due", "Must be on or after the day it was received")
	}
	if len(in.Description) > 8000 {
		f.Add("description", "At most 8,000 characters")
	}
	return f.Err()
}

func (s *Service) requireMatters(a access.Actor) error {
	return access.Require(a, access.LegalMatterManage, access.CompanyTarget)
}

// OpenMatter records a legal matter. Requires legal.matters.manage (HR
// managers and directors). Errors: KindInvalid, KindForbidden.
func (s *Service) OpenMatter(ctx context.Context, a access.Actor, in MatterInput) (int64, error) {
	if err := s.requireMatters(a); err != nil {
		return 0, err
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		m := Matter{Kind: in.Kind, Title: in.Title, Agency: in.Agency, Reference: in.Reference, Counsel: in.Counsel, ReceivedOn: in.ReceivedOn, ResponseDue: in.ResponseDue,
			Description: in.Description, Status: MatterOpen, CreatedBy: a.UserID, CreatedAt: s.clock.Now(), UpdatedAt: s.clock.Now(), Version: 1}
		if id, err = st.InsertMatter(ctx, m); err != nil {
			return err
		}
		return s.record(ctx, st, a, "legal.matter_open", "legal_matter", id, "Opened the legal matter "+in.Title, map[string]any{"kind": in.Kind, "agency": in.Agency, "reference": in.Reference})
	})
	return id, err
}

// Matters lists the matters. Requires legal.matters.manage.
func (s *Service) Matters(ctx context.Context, a access.Actor) ([]Matter, error) {
	if err := s.requireMatters(a); err != nil {
		return nil, err
	}
	return s.store.ListMatters(ctx)
}

// GetMatter returns a matter with its checklist and holds. Requires
// legal.matters.manage. Errors: KindForbidden, KindNotFound.
func (s *Service) GetMatter(ctx context.Context, a access.Actor, id int64) (Matter, error) {
	if err := s.requireMatters(a); err != nil {
		return Matter{}, err
	}
	m, err := s.store.GetMatter(ctx, id)
	if err != nil {
		return m, err
	}
	if m.Requests, err = s.store.ListMatterRequests(ctx, id); err != nil {
		return m, err
	}
	m.Holds, err = s.store.ListHolds(ctx, id)
	return m, err
}

// AddPeople puts employees under the matter: each gets a legal hold on
// all their records (I-9, personnel, medical, payroll, benefits), in the
// same transaction. Requires legal.matters.manage. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (closed).
func (s *Service) AddPeople(ctx context.Context, a access.Actor, id int64, employeeIDs []int64) error {
	if err := s.requireMatters(a); err != nil {
		return err
	}
	if len(employeeIDs) == 0 || len(employeeIDs) > 200 {
		return kit.Invalid("employee_ids", "Choose 1 to 200 people")
	}
	return s.store.InTx(ctx, func(st Store) error {
		m, err := st.GetMatter(ctx, id)
		if err != nil {
			return err
		}
		if m.Status == MatterClosed {
			return kit.Conflict("the matter is closed")
		}
		hs, err := st.ListHolds(ctx, id)
		if err != nil {
			return err
		}
		for i, e := range employeeIDs {
			if slices.ContainsFunc(hs, func(h Hold) bool { return h.EmployeeID == e && h.Active() }) {
				continue
			}
			if _, err := s.placeHold(ctx, st, a, HoldInput{Kind: HoldMatter, EmployeeID: e, Reason: fmt.Sprintf("%s: %s", MatterKindLabels[m.Kind], m.Title)}, id); err != nil {
				if fe := kit.FieldsOf(err); fe["employee_id"] != "" {
					return kit.Invalid(fmt.Sprintf("employee_ids[%d]", i), fe["employee_id"])
				}
				return err
			}
		}
		return nil
	})
}

// AddRequest adds a line to the document-request checklist. Requires
// legal.matters.manage. Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) AddRequest(ctx context.Context, a access.Actor, id int64, item string, due date.Date) (int64, error) {
	if err := s.requireMatters(a); err != nil {
		return 0, err
	}
	item = strings.TrimSpace(item)
	if item == "" || len(item) > 500 {
		return 0, kit.Invalid("item", "Describe the documents requested (at most 500 characters)")
	}
	var rid int64
	err := s.store.InTx(ctx, func(st Store) error {
		if _, err := st.GetMatter(ctx, id); err != nil {
			return err
		}
		var err error
		if rid, err = st.InsertMatterRequest(ctx, Request{MatterID: id, Item: item, DueOn: due}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "legal.request_add", "legal_matter", id, "Document request: "+item, map[string]any{"due_on": due.String()})
	})
	return rid, err
}

// CompleteRequest ticks a checklist line. Requires legal.matters.manage.
func (s *Service) CompleteRequest(ctx context.Context, a access.Actor, id, requestID int64) error {
	if err := s.requireMatters(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.SetMatterRequestDone(ctx, requestID, id, s.today(), a.UserID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "legal.request_done", "legal_matter", id, "Document request produced", map[string]any{"request_id": requestID})
	})
}

// CloseMatter records the outcome and closes the matter. Its holds stay
// until released one by one with counsel's confirmation (a claim can
// be appealed or refiled). Requires legal.matters.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) CloseMatter(ctx context.Context, a access.Actor, id int64, outcome string, version int) error {
	if err := s.requireMatters(a); err != nil {
		return err
	}
	outcome = strings.TrimSpace(outcome)
	if outcome == "" || len(outcome) > 4000 {
		return kit.Invalid("outcome", "Record the outcome (dismissed, settled, no cause, findings…)")
	}
	return s.store.InTx(ctx, func(st Store) error {
		m, err := st.GetMatter(ctx, id)
		if err != nil {
			return err
		}
		if m.Status == MatterClosed {
			return kit.Conflict("the matter is already closed")
		}
		if version != 0 && version != m.Version {
			return kit.Conflict("someone else changed this matter since you opened it; reload it and try again")
		}
		was := m.Version
		m.Status, m.Outcome, m.ClosedOn, m.UpdatedAt = MatterClosed, outcome, s.today(), s.clock.Now()
		if err := st.UpdateMatter(ctx, m, was); err != nil {
			return err
		}
		return s.record(ctx, st, a, "legal.matter_close", "legal_matter", m.ID, "Closed the legal matter "+m.Title, map[string]any{"outcome": outcome})
	})
}
