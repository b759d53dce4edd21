// Package i9 keeps the Form I-9 of every employment: Section 1 and
// Section 2 with their deadlines from the rules engine, the documents
// examined (numbers sealed, shown masked), E-Verify, reverification
// (Supplement B) with its tasks, retention after termination, the
// purge of forms past retention, and the audit report and self-audit
// checklist. The rules are in compliance/rules (i9-deadlines).
package i9

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
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Statuses (CONTRACT.md: GET /employees/{id}/i9).
const (
	StatusPending      = "pending"
	StatusComplete     = "complete"
	StatusOverdue      = "overdue"
	StatusReverifyDue  = "reverification_due"
	ReverifyNoticeDays = 90 // the first reverification task, days before
	ReverifyUrgentDays = 30 // the second, urgent one
	ReceiptDays        = 90 // a receipt's actual document is due 90 days after hire
)

// Vocabularies.
var (
	// Citizenships are the Section 1 attestations.
	Citizenships = []string{"citizen", "noncitizen_national", "lpr", "authorized_alien"}
	// EVerifyResults are the E-Verify case results Cadre records.
	EVerifyResults = []string{"employment_authorized", "tentative_nonconfirmation", "final_nonconfirmation", "close_case_and_resubmit", "case_closed"}
	// ListA, ListB and ListC are the Lists of Acceptable Documents.
	ListA = []string{"us_passport", "us_passport_card", "permanent_resident_card", "foreign_passport_with_i94", "employment_authorization_card"}
	ListB = []string{"drivers_license", "state_id_card", "school_id", "voter_registration_card", "military_card"}
	ListC = []string{"social_security_card", "birth_certificate", "dhs_employment_authorization_document"}
)

// CitizenshipLabels name the attestations as Section 1 words them.
var CitizenshipLabels = map[string]string{
	"citizen": "A citizen of the United States", "noncitizen_national": "A noncitizen national of the United States",
	"lpr": "A lawful permanent resident", "authorized_alien": "A noncitizen authorized to work",
}

// DocLabels name the document types.
var DocLabels = map[string]string{
	"us_passport": "U.S. passport", "us_passport_card": "U.S. passport card", "permanent_resident_card": "Permanent resident card (I-551)",
	"foreign_passport_with_i94": "Foreign passport with I-94", "employment_authorization_card": "Employment authorization document (I-766)",
	"drivers_license": "Driver's license", "state_id_card": "State ID card", "school_id": "School ID card", "voter_registration_card": "Voter registration card",
	"military_card": "U.S. military card", "social_security_card": "Social Security card", "birth_certificate": "Birth certificate",
	"dhs_employment_authorization_document": "DHS employment authorization document (List C)",
}

// reverifiable documents: their expiry triggers reverification, so the
// expiry must be recorded.
var reverifiable = []string{"foreign_passport_with_i94", "employment_authorization_card", "dhs_employment_authorization_document"}

// ListOf says which list a document type is on ("" when unknown).
func ListOf(t string) string {
	switch {
	case slices.Contains(ListA, t):
		return "A"
	case slices.Contains(ListB, t):
		return "B"
	case slices.Contains(ListC, t):
		return "C"
	}
	return ""
}

// Document is a document examined for Section 2 (the number masked).
type Document struct {
	List        string    `json:"list"`
	Type        string    `json:"type"`
	Issuer      string    `json:"issuer"`
	NumberLast4 string    `json:"number_last4"`
	Expires     date.Date `json:"expires"`
	Receipt     bool      `json:"receipt"`
}

// Masked shows the number as its last four characters.
func (d Document) Masked() string {
	if d.NumberLast4 == "" {
		return ""
	}
	return "•••• " + d.NumberLast4
}

// Reverification is a Supplement B entry.
type Reverification struct {
	On          date.Date `json:"on"`
	Type        string    `json:"type"`
	NumberLast4 string    `json:"number_last4"`
	Expires     date.Date `json:"expires"`
	By          string    `json:"by"`
}

// File is a scanned copy kept with the form.
type File struct {
	ID          int64
	RecordID    int64
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  int64
	CreatedAt   time.Time
}

// Record is the Form I-9 of one employment period. A period without a
// stored record is shown with Stored false (nothing completed yet).
type Record struct {
	ID             int64
	EmployeeID     int64
	EmployeeName   string
	EmployeeNumber string
	OrgUnit        string
	OrgPath        string
	PeriodStart    date.Date // the first day of employment
	PeriodEnd      date.Date // zero while employed
	Stored         bool

	OfferAcceptedOn date.Date
	ExpectedDays    *int
	Section1Due     date.Date
	Section2Due     date.Date
	Section1On      date.Date
	Citizenship     string
	WorkAuthExpires date.Date
	Section2On      date.Date
	Section2By      int64
	Section2ByName  string
	ExaminerName    string
	ExaminerTitle   string
	RemoteExam      bool
	Documents       []Document
	NumbersSealed   []byte
	EVerifyCase     string
	EVerifyResult   string
	EVerifyOn       date.Date
	ReverifyBy      date.Date
	Reverifications []Reverification
	Note            string
	PurgedOn        date.Date
	PurgedBy        int64
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// Computed on read.
	Result rules.I9Result
	Steps  []rules.Step
	Status string
	// Late is set when a section or the E-Verify case was completed after
	// its deadline (stored, so the audit finds late forms by index).
	Late  bool
	Files []File
	Held  bool // under a legal hold
}

// Employed reports whether the period is ongoing.
func (r Record) Employed() bool { return r.PeriodEnd.IsZero() }

// Late1 and Late2 report a section completed after its deadline.
func (r Record) Late1() bool { return !r.Section1On.IsZero() && r.Section1On.After(r.Section1Due) }
func (r Record) Late2() bool { return !r.Section2On.IsZero() && r.Section2On.After(r.Section2Due) }

func (r Record) periodEndOr(d date.Date) date.Date {
	if r.PeriodEnd.IsZero() {
		return d
	}
	return r.PeriodEnd
}

// Purged reports whether the form was purged after retention.
func (r Record) Purged() bool { return !r.PurgedOn.IsZero() }

// facts are the rules engine's facts for the record.
func (r Record) facts() rules.I9Facts {
	f := rules.I9Facts{FirstDayOfEmployment: r.PeriodStart, OfferAcceptedOn: r.OfferAcceptedOn, ExpectedEmploymentBusinessDays: r.ExpectedDays, TerminationDate: r.PeriodEnd}
	if n := len(r.Reverifications); n > 0 {
		// Supplement B: the newest document examined is the authorization
		// now on record.
		last := r.Reverifications[n-1]
		f.Documents = []rules.I9Document{{Type: last.Type, Expires: last.Expires}}
		return f
	}
	f.WorkAuthorizationExpires = r.WorkAuthExpires
	for _, d := range r.Documents {
		f.Documents = append(f.Documents, rules.I9Document{Type: d.Type, Expires: d.Expires})
	}
	return f
}

// compute fills the deadlines, the explanation and the status.
func (r *Record) compute(s rules.Settings, today date.Date) error {
	if r.OfferAcceptedOn.After(r.PeriodStart) {
		r.OfferAcceptedOn = date.Date{}
	}
	res, steps, err := rules.I9Deadlines(r.facts(), s)
	if err != nil {
		return err
	}
	r.Result, r.Steps = res, steps
	r.Section1Due, r.Section2Due = res.Section1Due, res.Section2Due
	r.ReverifyBy = date.Date{}
	if res.ReverificationRequired {
		r.ReverifyBy = res.ReverifyBy
	}
	r.Status = status(*r, today)
	r.Late = r.Late1() || r.Late2() || (!r.EVerifyOn.IsZero() && r.EVerifyOn.After(res.EVerifyCaseDue))
	return nil
}

func status(r Record, today date.Date) string {
	switch {
	case r.Section1On.IsZero() || r.Section2On.IsZero():
		if (r.Section1On.IsZero() && today.After(r.Section1Due)) || (r.Section2On.IsZero() && today.After(r.Section2Due)) {
			return StatusOverdue
		}
		return StatusPending
	case !r.ReverifyBy.IsZero() && r.Employed() && !today.Before(r.ReverifyBy.AddDays(-ReverifyNoticeDays)):
		return StatusReverifyDue
	}
	return StatusComplete
}

// Store is what the I-9 area needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.TaskStore
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	// I9Periods returns the employee's employment periods, newest first,
	// each with its stored record when there is one.
	I9Periods(ctx context.Context, employeeID int64) ([]Record, error)
	// SaveI9 inserts a record (ID 0) or updates it at version (else
	// KindConflict).
	SaveI9(ctx context.Context, r Record, version int) (int64, error)
	ListI9(ctx context.Context, f ListFilter) ([]Record, error)
	CountI9(ctx context.Context, f ListFilter) (int, error)
	// I9Missing lists employment periods that have no record, in scope.
	I9Missing(ctx context.Context, paths []string, whole bool, limit int) ([]Record, error)
	InsertI9File(ctx context.Context, f File, data []byte) (int64, error)
	ListI9Files(ctx context.Context, recordID int64) ([]File, error)
	I9File(ctx context.Context, id int64) (File, []byte, error)
	// PurgeI9 deletes the record's files and sensitive fields and marks it
	// purged, leaving the dates as the audit stub.
	PurgeI9(ctx context.Context, recordID, by int64, on date.Date) error
	// Held reports whether an active legal hold covers the employee's
	// records dated from..to (an employee or case hold on them, a date
	// range hold overlapping the dates, an ER case on hold they are a
	// party to).
	Held(ctx context.Context, employeeID int64, from, to date.Date) (bool, error)
	// I9CopyCounts counts complete, unpurged forms in scope with and
	// without scanned copies.
	I9CopyCounts(ctx context.Context, paths []string, whole bool) (with, without int, err error)
}

// ListFilter selects records for the tracker and the audit.
type ListFilter struct {
	View  string // open | reverify | retention | late | everify
	Today date.Date
	// Until bounds the reverify view (reverify_by on or before) and the
	// retention view (periods ended on or before).
	Until date.Date
	Paths []string
	Whole bool
	Limit int
}

// Views are the tracker's lists.
var Views = []string{"open", "reverify", "retention", "late"}

// Service runs the I-9 use cases.
type Service struct {
	store    Store
	clock    kit.Clock
	sealer   *kit.Sealer
	settings func(context.Context) (rules.Settings, error)
}

// NewService builds the service; sealer encrypts document numbers.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer, settings func(context.Context) (rules.Settings, error)) *Service {
	return &Service{store: st, clock: clock, sealer: sealer, settings: settings}
}

func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) audit(ctx context.Context, st Store, a access.Actor, action string, r Record, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "i9", ObjectID: r.ID,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

// Start creates the record for a new employment inside the hire's
// transaction, with its deadlines. The caller has checked permission.
func Start(ctx context.Context, st interface {
	SaveI9(ctx context.Context, r Record, version int) (int64, error)
}, employeeID int64, firstDay date.Date, s rules.Settings, now time.Time) error {
	r := Record{EmployeeID: employeeID, PeriodStart: firstDay, CreatedAt: now, UpdatedAt: now}
	if err := r.compute(s, date.Of(now)); err != nil {
		return err
	}
	_, err := st.SaveI9(ctx, r, 0)
	return err
}

// load reads the record of the employee's period that starts on start
// (the current period when start is zero), computed for today.
func (s *Service) load(ctx context.Context, st Store, employeeID int64, start date.Date) (Record, error) {
	ps, err := st.I9Periods(ctx, employeeID)
	if err != nil {
		return Record{}, err
	}
	if len(ps) == 0 {
		return Record{}, kit.NotFound("employment")
	}
	r := ps[0]
	if !start.IsZero() {
		found := false
		for _, p := range ps {
			if p.PeriodStart == start {
				r, found = p, true
			}
		}
		if !found {
			return Record{}, kit.NotFound("employment period")
		}
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return r, err
	}
	if err := r.compute(settings, s.today()); err != nil {
		return r, err
	}
	return r, nil
}

// Get returns the employee's current Form I-9 (or the one of the period
// starting on start) with its deadlines and their explanation, files and
// hold. Document numbers stay masked. Requires i9.view (an employee their
// own). Errors: KindForbidden, KindNotFound.
func (s *Service) Get(ctx context.Context, a access.Actor, employeeID int64, start date.Date) (Record, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return Record{}, err
	}
	if err := access.Require(a, access.I9View, t); err != nil {
		return Record{}, err
	}
	r, err := s.load(ctx, s.store, employeeID, start)
	if err != nil {
		return r, err
	}
	if r.Stored {
		if r.Files, err = s.store.ListI9Files(ctx, r.ID); err != nil {
			return r, err
		}
	}
	r.Held, err = s.store.Held(ctx, employeeID, r.PeriodStart, r.periodEndOr(s.today()))
	return r, err
}

// Periods lists every employment's form for the employee, newest first.
// Requires i9.view. Errors: KindForbidden, KindNotFound.
func (s *Service) Periods(ctx context.Context, a access.Actor, employeeID int64) ([]Record, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	if err := access.Require(a, access.I9View, t); err != nil {
		return nil, err
	}
	ps, err := s.store.I9Periods(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if err := ps[i].compute(settings, s.today()); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// CanManage reports whether the actor may complete Section 2 for the
// employee; CanSection1 whether they may complete Section 1.
func (s *Service) CanManage(ctx context.Context, a access.Actor, employeeID int64) bool {
	t, err := s.store.Target(ctx, employeeID)
	return err == nil && access.Can(a, access.I9Manage, t)
}

// CanView reports whether the actor may see the employee's form.
func (s *Service) CanView(ctx context.Context, a access.Actor, employeeID int64) bool {
	t, err := s.store.Target(ctx, employeeID)
	return err == nil && access.Can(a, access.I9View, t)
}

// CanPurge reports whether the actor may purge the employee's forms.
func (s *Service) CanPurge(ctx context.Context, a access.Actor, employeeID int64) bool {
	t, err := s.store.Target(ctx, employeeID)
	return err == nil && access.Can(a, access.I9Purge, t)
}

// CanSection1 reports whether the actor may complete Section 1.
func (s *Service) CanSection1(ctx context.Context, a access.Actor, employeeID int64) bool {
	t, err := s.store.Target(ctx, employeeID)
	return err == nil && access.Can(a, access.I9Section1, t)
}

// change loads the current record under permission, lets fn change it
// and saves it at its version, in one transaction.
func (s *Service) change(ctx context.Context, a access.Actor, p access.Permission, employeeID int64, version int, fn func(st Store, r *Record, settings rules.Settings) error) (Record, error) {
	var out Record
	err := s.store.InTx(ctx, func(st Store) error {
		t, err := st.Target(ctx, employeeID)
		if err != nil {
			return err
		}
		if err := access.Require(a, p, t); err != nil {
			return err
		}
		r, err := s.load(ctx, st, employeeID, date.Date{})
		if err != nil {
			return err
		}
		if r.Stored && version != 0 && version != r.Version {
			return kit.Conflict("someone else changed this Form I-9 since you opened it; reload it and try again")
		}
		if r.Purged() {
			return kit.Conflict("this Form I-9 was purged after its retention period")
		}
		settings, err := s.settings(ctx)
		if err != nil {
			return err
		}
		if !r.Stored {
			// A period with no form yet (an employee imported rather than
			// hired in Cadre): create it first.
			r.CreatedAt, r.UpdatedAt = s.clock.Now(), s.clock.Now()
			if r.ID, err = st.SaveI9(ctx, r, 0); err != nil {
				return err
			}
			r.Stored, r.Version = true, 1
		}
		was := r.Version
		if err := fn(st, &r, settings); err != nil {
			return err
		}
		if err := r.compute(settings, s.today()); err != nil {
			return err
		}
		r.UpdatedAt = s.clock.Now()
		if _, err = st.SaveI9(ctx, r, was); err != nil {
			return err
		}
		r.Version = was + 1
		out = r
		return nil
	})
	return out, err
}

// completeTasks closes the employee's open tasks with the given rules
// (the onboarding I-9 tasks, the reverification tasks).
func (s *Service) completeTasks(ctx context.Context, st Store, a access.Actor, employeeID int64, ruleNames ...string) error {
	ts, err := st.ListTasks(ctx, work.TaskFilter{EmployeeID: employeeID, Statuses: []string{work.TaskOpen, work.TaskInProgress, work.TaskWaiting}, WholeCompany: true, Limit: 200})
	if err != nil {
		return err
	}
	for _, t := range ts {
		if !slices.Contains(ruleNames, t.Rule) {
			continue
		}
		t.Status, t.CompletedAt = work.TaskDone, s.clock.Now()
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
		if err := st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "task.status", ObjectType: "task", ObjectID: t.ID,
			Summary: "Completed by the Form I-9: " + t.Title, RequestID: a.RequestID}); err != nil {
			return err
		}
	}
	return nil
}

// Section1Input is the employee's Section 1 (or HR recording a paper
// Section 1 and its date).
type Section1Input struct {
	Version         int
	CompletedOn     date.Date // HR only; the employee completes it today
	Citizenship     string
	WorkAuthExpires date.Date
	WorkAuthNA      bool // an authorized noncitizen whose authorization has no expiry (N/A on the form)
	OfferAcceptedOn date.Date
	ExpectedDays    *int
	Attest          bool // the employee's attestation under penalty of perjury
}

// CompleteSection1 records Section 1. The employee completes their own
// (attesting, dated today); HR may record a paper Section 1 with its date.
// Completing it closes the onboarding "Section 1" task. Requires
// i9.section1. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) CompleteSection1(ctx context.Context, a access.Actor, employeeID int64, in Section1Input) (Record, error) {
	self := a.EmployeeID == employeeID
	return s.change(ctx, a, access.I9Section1, employeeID, in.Version, func(st Store, r *Record, _ rules.Settings) error {
		f := kit.FieldErrors{}
		today := s.today()
		if self || in.CompletedOn.IsZero() {
			in.CompletedOn = today
		}
		if self && !in.Attest {
			f.Add("attest", "Confirm the attestation to sign Section 1")
		}
		if in.CompletedOn.After(today) {
			f.Add("completed_on", "Cannot be in the future")
		}
		if !in.OfferAcceptedOn.IsZero() && in.OfferAcceptedOn.After(r.PeriodStart) {
			f.Add("offer_accepted_on", "Must be on or before the first day of employment ("+r.PeriodStart.String()+")")
		}
		earliest := in.OfferAcceptedOn
		if earliest.IsZero() {
			earliest = r.OfferAcceptedOn
		}
		if !earliest.IsZero() && in.CompletedOn.Before(earliest) {
			f.Add("completed_on", "Section 1 can be completed only after the job offer is accepted ("+earliest.String()+")")
		}
		if !slices.Contains(Citizenships, in.Citizenship) {
			f.Add("citizenship", "Choose the attestation from Section 1")
		}
		switch {
		case in.Citizenship == "authorized_alien" && in.WorkAuthExpires.IsZero() && !in.WorkAuthNA:
			f.Add("work_auth_expires", "Enter when the work authorization expires, or tick N/A when it does not")
		case in.Citizenship == "authorized_alien" && !in.WorkAuthExpires.IsZero() && !in.WorkAuthExpires.After(in.CompletedOn):
			f.Add("work_auth_expires", "The authorization has expired: the employee may not work until it is renewed")
		case in.Citizenship != "authorized_alien":
			in.WorkAuthExpires = date.Date{}
		}
		if in.ExpectedDays != nil && *in.ExpectedDays < 1 {
			f.Add("expected_days", "Must be at least 1 business day")
		}
		if !r.Section2On.IsZero() && in.Citizenship != r.Citizenship {
			f.Add("citizenship", "Section 2 is already complete; correct Section 1 on the paper form and note the correction")
		}
		if err := f.Err(); err != nil {
			return err
		}
		r.Section1On, r.Citizenship, r.WorkAuthExpires = in.CompletedOn, in.Citizenship, in.WorkAuthExpires
		if !in.OfferAcceptedOn.IsZero() {
			r.OfferAcceptedOn = in.OfferAcceptedOn
		}
		if in.ExpectedDays != nil {
			r.ExpectedDays = in.ExpectedDays
		}
		who := "HR recorded"
		if self {
			who = "The employee completed"
		}
		if err := s.completeTasks(ctx, st, a, employeeID, "onboarding.i9_section1"); err != nil {
			return err
		}
		return s.audit(ctx, st, a, "i9.section1", *r, fmt.Sprintf("%s Section 1 of Form I-9 for %s on %s", who, r.EmployeeName, in.CompletedOn),
			map[string]any{"employee_id": employeeID, "completed_on": in.CompletedOn.String(), "citizenship": in.Citizenship, "work_auth_expires": in.WorkAuthExpires.String()})
	})
}

// DocumentInput is a document examined, with its full number.
type DocumentInput struct {
	Type    string
	Issuer  string
	Number  string
	Expires date.Date
	Receipt bool
}

// Section2Input is the employer's review.
type Section2Input struct {
	Version       int
	CompletedOn   date.Date
	ExaminerName  string
	ExaminerTitle string
	RemoteExam    bool
	Documents     []DocumentInput
	EVerifyCase   string
	EVerifyResult string
	EVerifyOn     date.Date
	Note          string // why, when completed late
}

// lastFour is what is kept in clear of a document number.
func lastFour(n string) string {
	if len(n) > 4 {
		return n[len(n)-4:]
	}
	return n
}

func (s *Service) validateDocs(f kit.FieldErrors, docs []DocumentInput, receipts bool, asOf date.Date) ([]Document, []string) {
	var lists []string
	out := make([]Document, 0, len(docs))
	nums := make([]string, 0, len(docs))
	for i := range docs {
		d := &docs[i]
		p := fmt.Sprintf("documents[%d].", i)
		d.Number, d.Issuer = strings.TrimSpace(d.Number), strings.TrimSpace(d.Issuer)
		l := ListOf(d.Type)
		if l == "" {
			f.Add(p+"type", "Choose a document from the Lists of Acceptable Documents")
		}
		lists = append(lists, l)
		if len(d.Number) < 4 || len(d.Number) > 40 {
			f.Add(p+"number", "Enter the document number (4 to 40 characters)")
		}
		if len(d.Issuer) > 100 {
			f.Add(p+"issuer", "At most 100 characters")
		}
		if slices.Contains(reverifiable, d.Type) && d.Expires.IsZero() {
			f.Add(p+"expires", "Enter the expiry: it decides when the employee must be reverified")
		}
		if !d.Expires.IsZero() && !d.Expires.After(asOf) && !d.Receipt {
			f.Add(p+"expires", "The document has expired; an expired document is not acceptable")
		}
		if d.Receipt && !receipts {
			f.Add(p+"receipt", "Receipts are not acceptable for a job of fewer than three business days")
		}
		out = append(out, Document{List: l, Type: d.Type, Issuer: d.Issuer, NumberLast4: lastFour(d.Number), Expires: d.Expires, Receipt: d.Receipt})
		nums = append(nums, d.Number)
	}
	slices.Sort(lists)
	if l := strings.Join(lists, ""); l != "A" && l != "BC" && !f.Has("documents[0].type") && !f.Has("documents[1].type") {
		f.Add("documents", "Record one document from List A, or one from List B and one from List C")
	}
	return out, nums
}

// CompleteSection2 records the employer's review of the documents: who
// examined them and when, each document (its number sealed, shown
// masked), remote examination and E-Verify. Section 1 must be complete.
// A Section 2 completed after its deadline needs a note explaining why.
// A receipt creates a task for the actual document, due 90 days after
// hire. Completing it closes the onboarding "Section 2" task. Requires
// i9.manage. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) CompleteSection2(ctx context.Context, a access.Actor, employeeID int64, in Section2Input) (Record, error) {
	return s.change(ctx, a, access.I9Manage, employeeID, in.Version, func(st Store, r *Record, settings rules.Settings) error {
		f := kit.FieldErrors{}
		today := s.today()
		in.ExaminerName, in.ExaminerTitle = strings.TrimSpace(in.ExaminerName), strings.TrimSpace(in.ExaminerTitle)
		in.EVerifyCase, in.Note = strings.TrimSpace(in.EVerifyCase), strings.TrimSpace(in.Note)
		if r.Section1On.IsZero() {
			f.Add("completed_on", "Section 1 must be completed first")
		}
		if in.CompletedOn.IsZero() {
			in.CompletedOn = today
		}
		if in.CompletedOn.After(today) {
			f.Add("completed_on", "Cannot be in the future")
		}
		if !r.Section1On.IsZero() && in.CompletedOn.Before(r.Section1On) {
			f.Add("completed_on", "Must be on or after Section 1 ("+r.Section1On.String()+")")
		}
		if in.ExaminerName == "" || len(in.ExaminerName) > 120 {
			f.Add("examiner_name", "Enter the name of the person who examined the documents")
		}
		if len(in.ExaminerTitle) > 120 {
			f.Add("examiner_title", "At most 120 characters")
		}
		docs, nums := s.validateDocs(f, in.Documents, r.Result.ReceiptsAcceptable, in.CompletedOn)
		if r.Citizenship == "citizen" || r.Citizenship == "noncitizen_national" {
			for i, d := range docs {
				if d.Type == "permanent_resident_card" || d.Type == "employment_authorization_card" || d.Type == "foreign_passport_with_i94" {
					f.Add(fmt.Sprintf("documents[%d].type", i), "Does not agree with Section 1: the employee attested to U.S. citizenship or nationality")
				}
			}
		}
		if in.EVerifyResult != "" && !slices.Contains(EVerifyResults, in.EVerifyResult) {
			f.Add("everify_result", "Choose an E-Verify result")
		}
		if len(in.EVerifyCase) > 30 {
			f.Add("everify_case", "At most 30 characters")
		}
		if in.RemoteExam && in.EVerifyCase == "" {
			f.Add("everify_case", "Remote examination (the DHS alternative procedure) is only for E-Verify employers: enter the E-Verify case number")
		}
		if in.EVerifyResult != "" && in.EVerifyCase == "" {
			f.Add("everify_case", "Enter the case number the result belongs to")
		}
		if in.CompletedOn.After(r.Section2Due) && in.Note == "" {
			f.Add("note", "Section 2 is late (due "+r.Section2Due.String()+"): say why, as an auditor will ask")
		}
		if len(in.Note) > 2000 {
			f.Add("note", "At most 2,000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		sealed, err := json.Marshal(nums)
		if err != nil {
			return err
		}
		if r.NumbersSealed, err = s.sealer.Seal(sealed); err != nil {
			return err
		}
		r.Section2On, r.Section2By, r.ExaminerName, r.ExaminerTitle, r.RemoteExam, r.Documents = in.CompletedOn, a.UserID, in.ExaminerName, in.ExaminerTitle, in.RemoteExam, docs
		r.EVerifyCase, r.EVerifyResult, r.EVerifyOn, r.Note = in.EVerifyCase, in.EVerifyResult, in.EVerifyOn, in.Note
		if r.EVerifyCase != "" && r.EVerifyOn.IsZero() {
			r.EVerifyOn = in.CompletedOn
		}
		if err := s.completeTasks(ctx, st, a, employeeID, "onboarding.i9_section2"); err != nil {
			return err
		}
		for _, d := range docs {
			if !d.Receipt {
				continue
			}
			due := r.PeriodStart.AddDays(ReceiptDays)
			why, _ := json.Marshal([]rules.Step{{Text: fmt.Sprintf("A receipt was accepted for the %s; the actual document must be shown within %d days of hire: %s.", DocLabels[d.Type], ReceiptDays, due), Citation: "8 CFR 274a.2(b)(1)(vi)"}})
			if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: "Form I-9: see the actual " + DocLabels[d.Type] + ": " + r.EmployeeName, Kind: "i9", QueueKey: "compliance",
				EmployeeID: employeeID, ObjectType: "employee", ObjectID: employeeID, DueOn: due, DueSteps: string(why), Priority: "high", Rule: "i9.receipt"}, s.clock.Now()); err != nil {
				return err
			}
		}
		summary := fmt.Sprintf("Completed Section 2 of Form I-9 for %s on %s", r.EmployeeName, in.CompletedOn)
		if in.CompletedOn.After(r.Section2Due) {
			summary += " (late: due " + r.Section2Due.String() + ")"
		}
		return s.audit(ctx, st, a, "i9.section2", *r, summary, map[string]any{"employee_id": employeeID, "completed_on": in.CompletedOn.String(), "documents": docs,
			"remote_exam": in.RemoteExam, "everify_case": in.EVerifyCase, "everify_result": in.EVerifyResult})
	})
}

// EVerifyInput updates the E-Verify case.
type EVerifyInput struct {
	Version int
	Case    string
	Result  string
	On      date.Date
}

// RecordEVerify records or updates the E-Verify case and its result
// (a tentative nonconfirmation resolved later, say). Requires i9.manage.
// Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) RecordEVerify(ctx context.Context, a access.Actor, employeeID int64, in EVerifyInput) (Record, error) {
	return s.change(ctx, a, access.I9Manage, employeeID, in.Version, func(st Store, r *Record, _ rules.Settings) error {
		f := kit.FieldErrors{}
		in.Case = strings.TrimSpace(in.Case)
		if in.Case == "" || len(in.Case) > 30 {
			f.Add("everify_case", "Enter the E-Verify case number")
		}
		if !slices.Contains(EVerifyResults, in.Result) {
			f.Add("everify_result", "Choose an E-Verify result")
		}
		if in.On.IsZero() {
			in.On = s.today()
		}
		if in.On.After(s.today()) {
			f.Add("everify_on", "Cannot be in the future")
		}
		if err := f.Err(); err != nil {
			return err
		}
		r.EVerifyCase, r.EVerifyResult, r.EVerifyOn = in.Case, in.Result, in.On
		return s.audit(ctx, st, a, "i9.everify", *r, fmt.Sprintf("E-Verify case %s for %s: %s", in.Case, r.EmployeeName, strings.ReplaceAll(in.Result, "_", " ")),
			map[string]any{"employee_id": employeeID, "case": in.Case, "result": in.Result, "on": in.On.String()})
	})
}

// ReverifyInput is a Supplement B entry.
type ReverifyInput struct {
	Version int
	On      date.Date
	Type    string
	Number  string
	Expires date.Date
}

// Reverify records Supplement B: the new document showing continued
// employment authorization (List A or List C). It closes the
// reverification tasks; the next reverification date comes from the new
// document. Requires i9.manage. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict (no reverification due).
func (s *Service) Reverify(ctx context.Context, a access.Actor, employeeID int64, in ReverifyInput) (Record, error) {
	return s.change(ctx, a, access.I9Manage, employeeID, in.Version, func(st Store, r *Record, _ rules.Settings) error {
		if !r.Result.ReverificationRequired {
			return kit.Conflict("no reverification is required for this Form I-9")
		}
		f := kit.FieldErrors{}
		if in.On.IsZero() {
			in.On = s.today()
		}
		if in.On.After(s.today()) {
			f.Add("on", "Cannot be in the future")
		}
		if l := ListOf(in.Type); l != "A" && l != "C" {
			f.Add("type", "Reverification takes a List A or List C document of the employee's choice")
		}
		in.Number = strings.TrimSpace(in.Number)
		if len(in.Number) < 4 || len(in.Number) > 40 {
			f.Add("number", "Enter the document number (4 to 40 characters)")
		}
		if slices.Contains(reverifiable, in.Type) && in.Expires.IsZero() {
			f.Add("expires", "Enter the expiry: it decides the next reverification")
		}
		if !in.Expires.IsZero() && !in.Expires.After(in.On) {
			f.Add("expires", "The document has expired")
		}
		if err := f.Err(); err != nil {
			return err
		}
		var all []string
		if len(r.NumbersSealed) > 0 {
			b, err := s.sealer.Open(r.NumbersSealed)
			if err != nil {
				return err
			}
			_ = json.Unmarshal(b, &all)
		}
		all = append(all, in.Number)
		b, _ := json.Marshal(all)
		var err error
		if r.NumbersSealed, err = s.sealer.Seal(b); err != nil {
			return err
		}
		late := !r.ReverifyBy.IsZero() && in.On.After(r.ReverifyBy)
		r.Reverifications = append(r.Reverifications, Reverification{On: in.On, Type: in.Type, NumberLast4: lastFour(in.Number), Expires: in.Expires, By: a.Name})
		if err := s.completeTasks(ctx, st, a, employeeID, "i9.reverify_90", "i9.reverify_30"); err != nil {
			return err
		}
		summary := fmt.Sprintf("Reverified %s's employment authorization (Supplement B) on %s", r.EmployeeName, in.On)
		if late {
			summary += " (late: due " + r.ReverifyBy.String() + ")"
		}
		return s.audit(ctx, st, a, "i9.reverify", *r, summary, map[string]any{"employee_id": employeeID, "on": in.On.String(), "type": in.Type, "expires": in.Expires.String()})
	})
}

// MaxFileSize bounds a scanned copy.
const MaxFileSize = 10 << 20

// AddFile keeps a scanned copy (PDF, PNG or JPEG, checked by content)
// with the current form. Requires i9.manage. Errors: KindInvalid,
// KindTooLarge, KindForbidden, KindNotFound, KindConflict (purged).
func (s *Service) AddFile(ctx context.Context, a access.Actor, employeeID int64, filename string, data []byte) (int64, error) {
	if len(data) > MaxFileSize {
		return 0, kit.TooLarge("the file is larger than %d MB", MaxFileSize>>20)
	}
	if len(data) == 0 {
		return 0, kit.Invalid("file", "Choose a file to upload")
	}
	filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(filename), `\`, "/"))
	if len(filename) > 200 {
		return 0, kit.Invalid("file", "The file name is longer than 200 characters")
	}
	contentType, err := people.SniffDocument(filename, data)
	if err != nil {
		return 0, err
	}
	if contentType != "application/pdf" && contentType != "image/png" && contentType != "image/jpeg" {
		return 0, kit.Invalid("file", "Upload a PDF, PNG or JPEG scan")
	}
	var id int64
	_, err = s.change(ctx, a, access.I9Manage, employeeID, 0, func(st Store, r *Record, _ rules.Settings) error {
		h := sha256.Sum256(data)
		sum := hex.EncodeToString(h[:])
		if id, err = st.InsertI9File(ctx, File{RecordID: r.ID, Filename: filename, ContentType: contentType, Size: int64(len(data)), SHA256: sum, UploadedBy: a.UserID, CreatedAt: s.clock.Now()}, data); err != nil {
			return err
		}
		return s.audit(ctx, st, a, "i9.file_add", *r, "Kept a scanned copy with "+r.EmployeeName+"'s Form I-9: "+filename, map[string]any{"file": filename, "sha256": sum, "size": len(data)})
	})
	return id, err
}

// OpenFile returns a scanned copy; each download is audited. Requires
// i9.manage. Errors: KindForbidden, KindNotFound.
func (s *Service) OpenFile(ctx context.Context, a access.Actor, employeeID, fileID int64) (File, []byte, error) {
	var f File
	var data []byte
	err := s.store.InTx(ctx, func(st Store) error {
		t, err := st.Target(ctx, employeeID)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.I9Manage, t); err != nil {
			return err
		}
		if f, data, err = st.I9File(ctx, fileID); err != nil {
			return err
		}
		ps, err := st.I9Periods(ctx, employeeID)
		if err != nil {
			return err
		}
		var r Record
		for _, p := range ps {
			if p.ID == f.RecordID {
				r = p
			}
		}
		if r.ID == 0 {
			return kit.NotFound("file")
		}
		return s.audit(ctx, st, a, "i9.file_download", r, "Downloaded "+f.Filename+" from "+r.EmployeeName+"'s Form I-9", nil)
	})
	return f, data, err
}
