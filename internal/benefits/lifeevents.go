package benefits

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Life events.
const (
	Marriage            = "marriage"
	Birth               = "birth"
	Adoption            = "adoption"
	Placement           = "placement_for_adoption"
	LossOfCoverage      = "loss_of_other_coverage"
	MedicaidCHIPLoss    = "medicaid_chip_loss"
	MedicaidCHIPEligibl = "medicaid_chip_eligibility"
	Divorce             = "divorce"
	Death               = "death"
	Move                = "move"
)

// Events lists the life events an employee can report.
var Events = []string{Marriage, Birth, Adoption, Placement, LossOfCoverage, MedicaidCHIPLoss, MedicaidCHIPEligibl, Divorce, Death, Move}

// EventLabel names a life event.
func EventLabel(e string) string {
	switch e {
	case Marriage:
		return "Marriage"
	case Birth:
		return "Birth"
	case Adoption:
		return "Adoption"
	case Placement:
		return "Placement for adoption"
	case LossOfCoverage:
		return "Loss of other coverage"
	case MedicaidCHIPLoss:
		return "Loss of Medicaid or CHIP"
	case MedicaidCHIPEligibl:
		return "Eligible for Medicaid/CHIP premium assistance"
	case Divorce:
		return "Divorce or legal separation"
	case Death:
		return "Death of a dependent"
	case Move:
		return "Move out of the plan's service area"
	}
	return e
}

// hipaaEvent is the rules engine's event for a HIPAA special-enrollment
// life event ("" for the others).
func hipaaEvent(e string) string {
	switch e {
	case Marriage, Birth, Adoption, LossOfCoverage:
		return e
	case Placement:
		return "placement_for_adoption"
	case MedicaidCHIPLoss:
		return "medicaid_chip_loss"
	case MedicaidCHIPEligibl:
		return "medicaid_chip_eligibility"
	}
	return ""
}

// gains are the events that let the employee add coverage; losses let
// them drop a dependent; a move lets them change plans.
func gains(e string) bool { return hipaaEvent(e) != "" }

// EventDocuments lists what the generalist verifies for each event.
func EventDocuments(e string) []string {
	switch e {
	case Marriage:
		return []string{"Marriage certificate"}
	case Birth:
		return []string{"Birth certificate or hospital record"}
	case Adoption, Placement:
		return []string{"Adoption decree or placement agreement"}
	case LossOfCoverage:
		return []string{"Letter from the other plan or employer showing the date coverage ended"}
	case MedicaidCHIPLoss, MedicaidCHIPEligibl:
		return []string{"State Medicaid or CHIP notice with the determination date"}
	case Divorce:
		return []string{"Divorce decree or legal separation order"}
	case Death:
		return []string{"Death certificate"}
	case Move:
		return []string{"Proof of the new address (lease, utility bill)"}
	}
	return nil
}

// LifeEvent is a qualifying life event an employee reported.
type LifeEvent struct {
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name,omitempty"`
	OrgPath      string    `json:"-"`
	Event        string    `json:"event"`
	EventDate    date.Date `json:"event_date"`
	ReportedOn   date.Date `json:"reported_on"`
	// Deadline is the last day to request the change; CoverageEffective
	// the day the change takes effect (the rules engine's HIPAA dates for
	// special-enrollment events, 30 days and the first of the next month
	// for the others).
	Deadline          date.Date `json:"request_deadline"`
	CoverageEffective date.Date `json:"coverage_effective"`
	// Late marks a report after the deadline accepted by HR with a reason.
	Late           bool   `json:"late"`
	OverrideReason string `json:"override_reason,omitempty"`
	DependentID    int64  `json:"dependent_id,omitempty"`
	Note           string `json:"note,omitempty"`
	// Status: reported (documents to verify), verified (the window is
	// open), done (the employee confirmed), rejected.
	Status     string    `json:"status" enum:"reported,verified,done,rejected"`
	VerifiedBy string    `json:"verified_by,omitempty"`
	VerifiedAt time.Time `json:"verified_at,omitzero"`
	Decision   string    `json:"decision_note,omitempty"`
	WindowID   int64     `json:"window_id,omitempty"`
	// DocumentIDs are the proofs uploaded, kept in the employee file
	// (category benefits).
	DocumentIDs []int64   `json:"document_ids"`
	Steps       string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// Explanation is the rules engine's explanation of the dates.
func (l LifeEvent) Explanation() []rules.Step {
	var st []rules.Step
	_ = json.Unmarshal([]byte(l.Steps), &st)
	return st
}

// Label names the event.
func (l LifeEvent) Label() string { return EventLabel(l.Event) }

// Documents lists what to verify.
func (l LifeEvent) Documents() []string { return EventDocuments(l.Event) }

// BenefitsLifeEventStore keeps life events.
type BenefitsLifeEventStore interface {
	InsertLifeEvent(ctx context.Context, l LifeEvent) (int64, error)
	GetLifeEvent(ctx context.Context, id int64) (LifeEvent, error)
	UpdateLifeEvent(ctx context.Context, l LifeEvent) error
	SetLifeEventStatus(ctx context.Context, id int64, status string) error
	SetLifeEventDocuments(ctx context.Context, id int64, docIDs []int64) error
	InsertBlob(ctx context.Context, data []byte, sha string) (int64, error)
	InsertDocument(ctx context.Context, d people.Document) (int64, error)
	// LifeEvents lists one employee's events (employeeID), or every one in
	// scope (0), newest first.
	LifeEvents(ctx context.Context, employeeID int64, paths []string, whole bool) ([]LifeEvent, error)
	CountWindowCoverages(ctx context.Context, windowID int64) (int, error)
}

// LifeEventInput reports a life event.
type LifeEventInput struct {
	Event       string
	EventDate   string
	DependentID int64
	Note        string
	// Override accepts a late report (HR only) with its reason.
	OverrideReason string
}

// Dates computes a life event's request deadline and coverage date on the
// day it is reported, with the explanation. HIPAA special-enrollment
// events use the rules engine (30 or 60 days; the coverage date by the
// event); divorce, a death and a move are plan-defined events with the
// stricter common terms: 30 days to report, effective the first of the
// month after the report.
func (s *Service) Dates(ctx context.Context, event string, eventDate, reported date.Date) (deadline, effective date.Date, steps []rules.Step, err error) {
	if h := hipaaEvent(event); h != "" {
		set, err := s.ruleSettings(ctx)
		if err != nil {
			return deadline, effective, nil, err
		}
		r, st, err := rules.HIPAASpecialEnrollment(rules.HIPAAFacts{Event: h, EventDate: eventDate, RequestReceived: reported, RollForward: set.RollForward})
		if err != nil {
			return deadline, effective, nil, err
		}
		eff := r.CoverageEffective
		if eff.IsZero() && r.RequestTimely != nil && !*r.RequestTimely {
			// A late request accepted by HR takes effect like a timely one
			// received today: the first of the next month, or the day of
			// the birth, adoption or placement.
			eff = FirstOfMonthOnOrAfter(reported.AddDays(1))
			if h == Birth || h == Adoption || h == "placement_for_adoption" {
				eff = eventDate
			}
		}
		return r.RequestDeadline, eff, st, nil
	}
	deadline = eventDate.AddDays(30)
	effective = FirstOfMonthOnOrAfter(reported.AddDays(1))
	steps = []rules.Step{
		{Text: fmt.Sprintf("%s is a plan-defined change in status, not a HIPAA special enrollment: Cadre applies the stricter common plan term of 30 days from the event, so the request is due by %s.", EventLabel(event), deadline), Citation: "26 CFR 1.125-4(c)"},
		{Text: fmt.Sprintf("The change takes effect on the first day of the month after the request: %s.", effective), Citation: "Plan terms (Cadre default)"},
	}
	return deadline, effective, steps, nil
}

// ReportLifeEvent records a qualifying life event with its deadline and
// coverage date from the rules engine and opens a benefits task for the
// generalist to verify the documents. A report after the deadline is
// refused unless HR overrides it with a reason (audited). Requires
// benefits.enroll (the employee, or HR for them); the override requires
// benefits.admin. Errors: KindForbidden, KindNotFound, KindInvalid.
func (s *Service) ReportLifeEvent(ctx context.Context, a access.Actor, employeeID int64, in LifeEventInput) (LifeEvent, error) {
	f := kit.FieldErrors{}
	l := LifeEvent{EmployeeID: employeeID, Event: in.Event, ReportedOn: s.today(), DependentID: in.DependentID, Note: strings.TrimSpace(in.Note), Status: "reported", CreatedAt: s.clock.Now()}
	if !slices.Contains(Events, in.Event) {
		f.Add("event", "Choose the life event")
	}
	d, err := date.Parse(strings.TrimSpace(in.EventDate))
	switch {
	case in.EventDate == "":
		f.Add("event_date", "Enter the date of the event")
	case err != nil:
		f.Add("event_date", "Enter a date like 2026-10-17")
	case d.After(s.today()):
		f.Add("event_date", "Report an event once it has happened")
	}
	l.EventDate = d
	if len(l.Note) > 2000 {
		f.Add("note", "Use at most 2,000 characters")
	}
	err = s.store.InTx(ctx, func(st Store) error {
		// Who may report comes first: a caller without benefits.enroll over
		// the employee learns nothing from the validation.
		p, err := s.person(ctx, st, a, access.BenefitsEnroll, employeeID)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if l.DependentID != 0 {
			dep, err := st.GetDependent(ctx, l.DependentID)
			if err != nil || dep.EmployeeID != employeeID {
				return kit.Invalid("dependent_id", "Choose one of the employee's dependents")
			}
		}
		if (l.Event == Divorce || l.Event == Death) && l.DependentID == 0 {
			return kit.Invalid("dependent_id", "Choose the dependent the event concerns")
		}
		var steps []rules.Step
		if l.Deadline, l.CoverageEffective, steps, err = s.Dates(ctx, l.Event, l.EventDate, l.ReportedOn); err != nil {
			return err
		}
		if l.ReportedOn.After(l.Deadline) {
			reason := strings.TrimSpace(in.OverrideReason)
			if reason == "" || !access.Can(a, access.BenefitsAdmin, target(p)) {
				return kit.Invalid("event_date", fmt.Sprintf("The deadline to report a %s on %s was %s. HR can accept a late report with a reason.", strings.ToLower(EventLabel(l.Event)), l.EventDate, l.Deadline))
			}
			l.Late, l.OverrideReason = true, reason
			steps = append(steps, rules.Step{Text: fmt.Sprintf("Reported on %s, after the deadline; %s accepted it: %s", l.ReportedOn, a.Name, reason), Citation: "Cadre audit trail"})
		}
		b, _ := json.Marshal(steps)
		l.Steps = string(b)
		if l.ID, err = st.InsertLifeEvent(ctx, l); err != nil {
			return err
		}
		if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: fmt.Sprintf("Life event to verify: %s, %s on %s", p.Name, strings.ToLower(EventLabel(l.Event)), l.EventDate),
			Description: fmt.Sprintf("Verify the documents, then open the change window from the life event's page. The request deadline is %s; coverage changes take effect on %s.", l.Deadline, l.CoverageEffective),
			Kind:        "benefits_life_event", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "benefit_life_event", ObjectID: l.ID,
			DueOn: date.Max(s.today().AddDays(2), date.Min(l.Deadline, s.today().AddDays(5))), Priority: "high", Checklist: EventDocuments(l.Event)}, s.clock.Now()); err != nil {
			return err
		}
		action := "benefits.life_event.report"
		if l.Late {
			action = "benefits.life_event.override"
		}
		return s.record(ctx, st, a, action, "benefit_life_event", l.ID, fmt.Sprintf("%s reported %s on %s (deadline %s)", p.Name, strings.ToLower(EventLabel(l.Event)), l.EventDate, l.Deadline), nil, l)
	})
	return l, err
}

// LifeEvents lists life events: the employee's own, or every one in the
// actor's benefits.admin scope (employeeID 0).
func (s *Service) LifeEvents(ctx context.Context, a access.Actor, employeeID int64) ([]LifeEvent, error) {
	if employeeID != 0 {
		if _, err := s.person(ctx, s.store, a, access.BenefitsView, employeeID); err != nil {
			return nil, err
		}
		return s.store.LifeEvents(ctx, employeeID, nil, true)
	}
	paths, whole := access.ScopePaths(a, access.BenefitsAdmin)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.store.LifeEvents(ctx, 0, paths, whole)
}

// LifeEvent returns one life event. Requires benefits.view over the
// employee.
func (s *Service) LifeEvent(ctx context.Context, a access.Actor, id int64) (LifeEvent, error) {
	l, err := s.store.GetLifeEvent(ctx, id)
	if err != nil {
		return l, err
	}
	if _, err := s.person(ctx, s.store, a, access.BenefitsView, l.EmployeeID); err != nil {
		return l, err
	}
	return l, nil
}

// VerifyLifeEvent records the generalist's check of the documents. Approved,
// it opens the employee's change window (until the later of the request
// deadline and a week from today), and a divorce starts COBRA for the
// former spouse; rejected, it closes the event. Requires benefits.admin.
// Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) VerifyLifeEvent(ctx context.Context, a access.Actor, id int64, approve bool, note string) (LifeEvent, error) {
	var l LifeEvent
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if l, err = st.GetLifeEvent(ctx, id); err != nil {
			return err
		}
		p, err := s.person(ctx, st, a, access.BenefitsAdmin, l.EmployeeID)
		if err != nil {
			return err
		}
		if l.Status != "reported" {
			return kit.Conflict("the life event was already %s", l.Status)
		}
		if a.EmployeeID != 0 && a.EmployeeID == l.EmployeeID {
			return kit.Forbidden("another HR colleague verifies your own life event")
		}
		note = strings.TrimSpace(note)
		if !approve && note == "" {
			return kit.Invalid("note", "Say why the documents do not support the event")
		}
		l.VerifiedBy, l.VerifiedAt, l.Decision = a.Name, s.clock.Now(), note
		if !approve {
			l.Status = "rejected"
		} else {
			l.Status = "verified"
			w := Window{Kind: LifeEventKind, Name: fmt.Sprintf("%s: %s", EventLabel(l.Event), p.Name), Opens: s.today(), Closes: date.Max(l.Deadline, s.today().AddDays(7)),
				CoverageStart: l.CoverageEffective, EmployeeID: l.EmployeeID, LifeEventID: l.ID, CreatedAt: s.clock.Now()}
			if l.WindowID, err = st.SaveBenefitWindow(ctx, w); err != nil {
				return err
			}
			if l.Event == Divorce {
				// The former spouse's coverage ends the day before the
				// change takes effect.
				if _, err := s.startCOBRA(ctx, st, a, p, COBRAInput{Event: "divorce", QEDate: l.EventDate, LossDate: l.CoverageEffective.AddDays(-1), DependentID: l.DependentID}); err != nil {
					return err
				}
			}
			if p.UserID != 0 {
				if err := work.Notify(ctx, st, a, work.Notification{UserID: p.UserID, Kind: "benefits_life_event", Title: "Your life event is verified: change your benefits",
					Body: fmt.Sprintf("Make your changes by %s. They take effect on %s.", w.Closes, w.CoverageStart), Link: fmt.Sprintf("/benefits/enroll/%d", l.WindowID)}, s.clock.Now()); err != nil {
					return err
				}
			}
		}
		if err := st.UpdateLifeEvent(ctx, l); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.life_event.verify", "benefit_life_event", l.ID, fmt.Sprintf("%s the %s of %s", map[bool]string{true: "Verified", false: "Rejected"}[approve], strings.ToLower(EventLabel(l.Event)), p.Name), nil, map[string]any{"status": l.Status, "note": note})
	})
	return l, err
}

// lifeEventAllows limits a life event window's election to what the event
// allows: gaining a dependent or losing other coverage adds coverage
// (any plan, the new dependents) and never drops anyone already covered;
// a divorce or a death removes the dependent only; a move changes the
// plan only.
func (s *Service) lifeEventAllows(ctx context.Context, st Store, w Window, p Person, e Election) error {
	if w.Kind != LifeEventKind {
		return nil
	}
	l, err := st.GetLifeEvent(ctx, w.LifeEventID)
	if err != nil {
		return err
	}
	cs, err := st.Coverages(ctx, p.EmployeeID, date.Date{}, nil, true)
	if err != nil {
		return err
	}
	var cur *Coverage
	for i := range cs {
		if cs[i].Type == e.Type && !cs[i].COBRA && cs[i].InForce(w.CoverageStart.AddDays(-1)) {
			cur = &cs[i]
		}
	}
	label := strings.ToLower(EventLabel(l.Event))
	switch {
	case gains(l.Event):
		if cur == nil {
			return nil
		}
		if e.Waived {
			return kit.Invalid("waive_reason", fmt.Sprintf("A %s adds coverage; it does not let you drop your %s plan", label, strings.ToLower(TypeLabel(e.Type))))
		}
		for _, id := range cur.DependentIDs {
			if !slices.Contains(e.DependentIDs, id) {
				return kit.Invalid("dependent_ids", fmt.Sprintf("A %s adds dependents; keep everyone your %s plan covers now", label, strings.ToLower(TypeLabel(e.Type))))
			}
		}
	case l.Event == Divorce || l.Event == Death:
		if cur == nil {
			return kit.Invalid("plan_id", fmt.Sprintf("You have no %s coverage to change", strings.ToLower(TypeLabel(e.Type))))
		}
		if e.Waived || e.PlanID != cur.PlanID {
			return kit.Invalid("plan_id", fmt.Sprintf("A %s removes the dependent from your current plan; it does not change plans", label))
		}
		for _, id := range e.DependentIDs {
			if !slices.Contains(cur.DependentIDs, id) {
				return kit.Invalid("dependent_ids", fmt.Sprintf("A %s does not add dependents", label))
			}
		}
		if slices.Contains(e.DependentIDs, l.DependentID) {
			return kit.Invalid("dependent_ids", "Remove the dependent the event concerns")
		}
	case l.Event == Move:
		if e.Waived {
			return kit.Invalid("waive_reason", "A move changes plans; it does not drop coverage")
		}
		if cur != nil {
			if !slices.Equal(sortedIDs(e.DependentIDs), sortedIDs(cur.DependentIDs)) {
				return kit.Invalid("dependent_ids", "A move changes the plan; keep the same dependents")
			}
		}
	}
	return nil
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// AttachLifeEventDocument uploads a proof of a life event (a marriage
// certificate, a birth certificate…) to the employee file, category
// benefits, and links it to the event for the generalist who verifies it.
// Size and type are checked by content. Requires benefits.enroll over the
// employee (the employee for their own event). Errors: KindInvalid,
// KindTooLarge, KindForbidden, KindNotFound, KindConflict (the event was
// decided).
func (s *Service) AttachLifeEventDocument(ctx context.Context, a access.Actor, id int64, filename string, data []byte) (int64, error) {
	if len(data) > people.MaxDocumentSize {
		return 0, kit.TooLarge("the file is larger than %d MB", people.MaxDocumentSize>>20)
	}
	var docID int64
	err := s.store.InTx(ctx, func(st Store) error {
		l, err := st.GetLifeEvent(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.person(ctx, st, a, access.BenefitsEnroll, l.EmployeeID); err != nil {
			return err
		}
		if l.Status != "reported" {
			return kit.Conflict("the life event was already %s", l.Status)
		}
		filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(filename), `\`, "/"))
		if len(data) == 0 || filename == "" || filename == "." {
			return kit.Invalid("file", "Choose a file to upload")
		}
		if len(filename) > 200 {
			return kit.Invalid("file", "Use a file name of at most 200 characters")
		}
		ct, err := people.SniffDocument(filename, data)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		blob, err := st.InsertBlob(ctx, data, sha)
		if err != nil {
			return err
		}
		title := EventLabel(l.Event) + " proof: " + strings.TrimSuffix(filename, filepath.Ext(filename))
		if docID, err = st.InsertDocument(ctx, people.Document{EmployeeID: l.EmployeeID, Category: "benefits", Title: title, Filename: filename, ContentType: ct, Size: int64(len(data)), SHA256: sha,
			BlobID: blob, UploadedBy: a.UserID, CreatedAt: s.clock.Now()}); err != nil {
			return err
		}
		if err := st.SetLifeEventDocuments(ctx, id, append(l.DocumentIDs, docID)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.life_event.document", "benefit_life_event", id, "Attached "+filename+" to the "+strings.ToLower(EventLabel(l.Event)), nil,
			map[string]any{"document_id": docID, "size": len(data), "sha256": sha})
	})
	return docID, err
}
