package relations

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Discipline is a record on an employee: a coaching conversation, a
// warning, a PIP or a suspension, with the employee's acknowledgement.
type Discipline struct {
	ID           int64
	EmployeeID   int64
	EmployeeName string
	JobTitle     string
	OrgPath      string
	CaseID       int64
	Level        string
	IssuedOn     date.Date
	Details      DisciplineDetails
	PIPEnd       date.Date
	PIPOutcome   string // successful, extended, unsuccessful
	From, To     date.Date
	Paid         bool
	// AckStatus is pending, acknowledged or refused (to sign).
	AckStatus  string
	AckAt      time.Time
	IssuedBy   int64
	IssuerName string
	CreatedAt  time.Time
}

// DisciplineDetails are the sealed text of a record.
type DisciplineDetails struct {
	Summary        string    `json:"summary"`
	Expectations   string    `json:"expectations,omitempty"`
	Consequences   string    `json:"consequences,omitempty"`
	Goals          []string  `json:"goals,omitempty"`
	CheckIns       []CheckIn `json:"check_ins,omitempty"`
	OutcomeNote    string    `json:"outcome_note,omitempty"`
	AckComment     string    `json:"ack_comment,omitempty"`
	RefusalWitness string    `json:"refusal_witness,omitempty"`
}

// CheckIn is a PIP check-in.
type CheckIn struct {
	On     date.Date `json:"on"`
	Note   string    `json:"note"`
	OnPace bool      `json:"on_pace"`
	By     string    `json:"by"`
}

// SealedDiscipline is a stored record with its sealed details.
type SealedDiscipline struct {
	Discipline
	DetailsS []byte
}

// PIPOutcomes close a PIP.
var PIPOutcomes = []string{"successful", "extended", "unsuccessful"}

// DisciplineInput issues a record.
type DisciplineInput struct {
	EmployeeID   int64
	CaseID       int64
	Level        string
	IssuedOn     date.Date
	Summary      string
	Expectations string
	Consequences string
	Goals        []string
	PIPEnd       date.Date
	From, To     date.Date
	Paid         bool
	Invalid      kit.FieldErrors
}

// Issue records a discipline record on an employee, who is asked to
// acknowledge it. A suspension needs an HR manager (relations.cases.decide
// over the employee). Requires relations.discipline.issue over the
// employee. Errors: KindInvalid, KindForbidden, KindNotFound.
func (s *Service) Issue(ctx context.Context, a access.Actor, in DisciplineInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		id, err = s.issue(ctx, st, a, in, false)
		return err
	})
	return id, err
}

func (s *Service) issue(ctx context.Context, st Store, a access.Actor, in DisciplineInput, decided bool) (int64, error) {
	t, err := st.Target(ctx, in.EmployeeID)
	if err != nil {
		return 0, kit.Invalid("employee_id", "Choose an employee")
	}
	if !decided {
		if err := access.Require(a, access.DisciplineIssue, t); err != nil {
			return 0, err
		}
		if in.Level == "suspension" && !access.Can(a, access.CaseDecide, t) {
			return 0, kit.Forbidden("a suspension needs an HR manager's decision; recommend it on the case")
		}
		if in.EmployeeID == a.EmployeeID {
			return 0, kit.Forbidden("you cannot issue a record to yourself")
		}
	}
	f := in.Invalid
	if f == nil {
		f = kit.FieldErrors{}
	}
	choose(f, "level", in.Level, Levels, LevelLabels)
	d := DisciplineDetails{}
	d.Summary = clean(f, "summary", in.Summary, true, 8000)
	d.Expectations = clean(f, "expectations", in.Expectations, false, 4000)
	d.Consequences = clean(f, "consequences", in.Consequences, false, 2000)
	d.Goals = lines(f, "goals", in.Goals)
	if in.IssuedOn.IsZero() {
		in.IssuedOn = s.today()
	}
	if in.IssuedOn.After(s.today()) {
		f.Add("issued_on", "The date cannot be in the future")
	}
	switch in.Level {
	case "pip":
		if len(d.Goals) == 0 {
			f.Add("goals", "A PIP needs at least one measurable goal")
		}
		if in.PIPEnd.IsZero() || !in.PIPEnd.After(in.IssuedOn) {
			f.Add("pip_end", "Enter the day the plan ends (after it starts)")
		}
	case "suspension":
		if in.From.IsZero() || in.To.IsZero() || in.To.Before(in.From) {
			f.Add("to", "Enter the suspension's first and last days")
		}
	}
	if d.Consequences == "" {
		d.Consequences = "Further incidents may lead to further discipline, up to and including termination of employment."
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	if in.CaseID != 0 {
		if _, err := st.GetCase(ctx, in.CaseID); err != nil {
			return 0, kit.Invalid("case_id", "No such case")
		}
	}
	sealed, err := s.sealJSON(d)
	if err != nil {
		return 0, err
	}
	rec := SealedDiscipline{Discipline: Discipline{EmployeeID: in.EmployeeID, CaseID: in.CaseID, Level: in.Level, IssuedOn: in.IssuedOn, PIPEnd: in.PIPEnd,
		From: in.From, To: in.To, Paid: in.Paid, AckStatus: "pending", IssuedBy: a.UserID, CreatedAt: s.now()}, DetailsS: sealed}
	id, err := st.InsertDiscipline(ctx, rec)
	if err != nil {
		return 0, err
	}
	if uid, err := st.UserOfEmployee(ctx, in.EmployeeID); err != nil {
		return 0, err
	} else if uid != 0 {
		if err := work.Notify(ctx, st, a, work.Notification{UserID: uid, Kind: "discipline", Title: "Please acknowledge: " + LevelLabels[in.Level],
			Body: "Read the record and acknowledge receipt, or say why you will not sign.", Link: fmt.Sprintf("/me/discipline/%d", id)}, s.now()); err != nil {
			return 0, err
		}
	}
	return id, s.record(ctx, st, a, "discipline.issue", "employee", in.EmployeeID, fmt.Sprintf("Issued a %s (record D%d)", strings.ToLower(LevelLabels[in.Level]), id),
		map[string]any{"discipline_id": id, "level": in.Level, "case_id": in.CaseID})
}

func (s *Service) openDiscipline(r SealedDiscipline) (Discipline, error) {
	d := r.Discipline
	return d, s.openJSON(r.DetailsS, &d.Details)
}

// getDiscipline loads a record that the actor may see with p.
func (s *Service) getDiscipline(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Discipline, access.Target, error) {
	r, err := st.GetDiscipline(ctx, id)
	if err != nil {
		return Discipline{}, access.Target{}, err
	}
	t, err := st.Target(ctx, r.EmployeeID)
	if err != nil {
		return Discipline{}, t, err
	}
	if !access.Can(a, access.DisciplineView, t) {
		return Discipline{}, t, kit.NotFound("discipline record")
	}
	if err := access.Require(a, p, t); err != nil {
		return Discipline{}, t, err
	}
	d, err := s.openDiscipline(r)
	return d, t, err
}

// DisciplineOf lists an employee's records, newest first. Requires
// relations.discipline.view over the employee (an employee their own, a
// line manager their reports'). Errors: KindForbidden, KindNotFound.
func (s *Service) DisciplineOf(ctx context.Context, a access.Actor, employeeID int64) ([]Discipline, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	if err := access.Require(a, access.DisciplineView, t); err != nil {
		return nil, err
	}
	rows, err := s.store.ListDiscipline(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	out := make([]Discipline, 0, len(rows))
	for _, r := range rows {
		d, err := s.openDiscipline(r)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// GetDiscipline returns one record. Requires relations.discipline.view
// over its employee. Errors: KindNotFound.
func (s *Service) GetDiscipline(ctx context.Context, a access.Actor, id int64) (Discipline, error) {
	d, _, err := s.getDiscipline(ctx, s.store, a, id, access.DisciplineView)
	return d, err
}

// NextStep suggests the ladder's next level for an employee from their
// records inside the look-back window, with the records counted.
// Requires relations.discipline.issue over the employee. Errors:
// KindForbidden, KindNotFound.
func (s *Service) NextStep(ctx context.Context, a access.Actor, employeeID int64) (string, []Discipline, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return "", nil, err
	}
	if err := access.Require(a, access.DisciplineIssue, t); err != nil {
		return "", nil, err
	}
	set, err := s.settings(ctx, s.store)
	if err != nil {
		return "", nil, err
	}
	all, err := s.DisciplineOf(ctx, a, employeeID)
	if err != nil {
		return "", nil, err
	}
	since := s.today().AddMonths(-set.Ladder.LookbackMonths)
	var active []Discipline
	for _, d := range all {
		if !d.IssuedOn.Before(since) {
			active = append(active, d)
		}
	}
	return NextLevel(set.Ladder, active), active, nil
}

// NextLevel is the ladder's step after the highest step among the
// active records (the first step without any; the last when at the top).
func NextLevel(l Ladder, active []Discipline) string {
	top := -1
	for _, d := range active {
		if i := slices.Index(l.Steps, d.Level); i > top {
			top = i
		}
	}
	if top+1 < len(l.Steps) {
		return l.Steps[top+1]
	}
	return l.Steps[len(l.Steps)-1]
}

// AddCheckIn records a PIP check-in. Requires relations.discipline.issue
// over the employee. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) AddCheckIn(ctx context.Context, a access.Actor, id int64, c CheckIn) error {
	return s.store.InTx(ctx, func(st Store) error {
		d, _, err := s.getDiscipline(ctx, st, a, id, access.DisciplineIssue)
		if err != nil {
			return err
		}
		if d.Level != "pip" || d.PIPOutcome != "" {
			return kit.Conflict("check-ins go on an open PIP")
		}
		f := kit.FieldErrors{}
		c.Note = clean(f, "note", c.Note, true, 4000)
		if c.On.IsZero() {
			c.On = s.today()
		}
		if c.On.After(s.today()) || c.On.Before(d.IssuedOn) {
			f.Add("on", "The check-in falls between the plan's start and today")
		}
		if err := f.Err(); err != nil {
			return err
		}
		c.By = a.Name
		d.Details.CheckIns = append(d.Details.CheckIns, c)
		if err := s.saveDiscipline(ctx, st, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "discipline.checkin", "employee", d.EmployeeID, fmt.Sprintf("Recorded a PIP check-in on D%d", id), map[string]any{"discipline_id": id, "on_pace": c.OnPace})
	})
}

// ClosePIP records a PIP's outcome. Requires relations.discipline.issue
// over the employee. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) ClosePIP(ctx context.Context, a access.Actor, id int64, outcome, note string, newEnd date.Date) error {
	return s.store.InTx(ctx, func(st Store) error {
		d, _, err := s.getDiscipline(ctx, st, a, id, access.DisciplineIssue)
		if err != nil {
			return err
		}
		if d.Level != "pip" || d.PIPOutcome != "" {
			return kit.Conflict("this is not an open PIP")
		}
		f := kit.FieldErrors{}
		choose(f, "outcome", outcome, PIPOutcomes, nil)
		note = clean(f, "note", note, true, 4000)
		if outcome == "extended" && (newEnd.IsZero() || !newEnd.After(d.PIPEnd)) {
			f.Add("pip_end", "Enter the new end date, after the current one")
		}
		if err := f.Err(); err != nil {
			return err
		}
		d.Details.OutcomeNote = note
		if outcome == "extended" {
			d.PIPEnd = newEnd
			d.Details.CheckIns = append(d.Details.CheckIns, CheckIn{On: s.today(), Note: "Extended to " + newEnd.String() + ": " + note, By: a.Name})
		} else {
			d.PIPOutcome = outcome
		}
		if err := s.saveDiscipline(ctx, st, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "discipline.pip_close", "employee", d.EmployeeID, fmt.Sprintf("PIP D%d: %s", id, outcome), map[string]any{"discipline_id": id, "outcome": outcome})
	})
}

func (s *Service) saveDiscipline(ctx context.Context, st Store, d Discipline) error {
	sealed, err := s.sealJSON(d.Details)
	if err != nil {
		return err
	}
	return st.UpdateDiscipline(ctx, SealedDiscipline{Discipline: d, DetailsS: sealed})
}

// Acknowledge is the employee's answer to their own record: they
// acknowledge receipt (which is not agreement), or refuse to sign, saying
// why. Requires relations.discipline.acknowledge (their own record).
// Errors: KindInvalid, KindNotFound, KindConflict (already answered).
func (s *Service) Acknowledge(ctx context.Context, a access.Actor, id int64, sign bool, comment string) error {
	return s.store.InTx(ctx, func(st Store) error {
		r, err := st.GetDiscipline(ctx, id)
		if err != nil || r.EmployeeID != a.EmployeeID || a.EmployeeID == 0 {
			return kit.NotFound("discipline record")
		}
		if err := access.Require(a, access.DisciplineAcknowledge, access.Target{EmployeeID: r.EmployeeID}); err != nil {
			return err
		}
		d, err := s.openDiscipline(r)
		if err != nil {
			return err
		}
		if d.AckStatus != "pending" {
			return kit.Conflict("you already answered on %s", d.AckAt.Format("2 Jan 2006"))
		}
		f := kit.FieldErrors{}
		comment = clean(f, "comment", comment, !sign, 4000)
		if err := f.Err(); err != nil {
			return err
		}
		d.AckStatus, d.AckAt, d.Details.AckComment = "acknowledged", s.now(), comment
		if !sign {
			d.AckStatus = "refused"
		}
		if err := s.saveDiscipline(ctx, st, d); err != nil {
			return err
		}
		if err := work.Notify(ctx, st, a, work.Notification{UserID: d.IssuedBy, Kind: "discipline", Title: fmt.Sprintf("%s %s record D%d", a.Name, d.AckStatus, id),
			Link: fmt.Sprintf("/relations/discipline/%d", id)}, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "discipline.acknowledge", "employee", d.EmployeeID, fmt.Sprintf("Employee %s record D%d", d.AckStatus, id), map[string]any{"discipline_id": id, "status": d.AckStatus})
	})
}

// RecordRefusal records that the employee refused to sign in a meeting,
// with the witness present. Requires relations.discipline.issue over the
// employee. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) RecordRefusal(ctx context.Context, a access.Actor, id int64, witness, note string) error {
	return s.store.InTx(ctx, func(st Store) error {
		d, _, err := s.getDiscipline(ctx, st, a, id, access.DisciplineIssue)
		if err != nil {
			return err
		}
		if d.AckStatus != "pending" {
			return kit.Conflict("the employee already answered")
		}
		f := kit.FieldErrors{}
		witness = clean(f, "witness", witness, true, 200)
		note = clean(f, "note", note, false, 2000)
		if err := f.Err(); err != nil {
			return err
		}
		d.AckStatus, d.AckAt, d.Details.RefusalWitness, d.Details.AckComment = "refused", s.now(), witness, note
		if err := s.saveDiscipline(ctx, st, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "discipline.refusal", "employee", d.EmployeeID, fmt.Sprintf("Recorded a refusal to sign D%d, witnessed", id), map[string]any{"discipline_id": id})
	})
}

// Letter renders a record's letter as a PDF and audits the download.
// Requires relations.discipline.view over the employee. Errors:
// KindNotFound.
func (s *Service) Letter(ctx context.Context, a access.Actor, id int64) (string, []byte, error) {
	var out []byte
	var name string
	err := s.store.InTx(ctx, func(st Store) error {
		d, _, err := s.getDiscipline(ctx, st, a, id, access.DisciplineView)
		if err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, d.EmployeeID)
		if err != nil {
			return err
		}
		d.EmployeeName, d.JobTitle = e.Name(), e.JobTitle
		if out, err = LetterPDF(d, s.company(ctx)); err != nil {
			return err
		}
		name = fmt.Sprintf("%s-D%d.pdf", d.Level, d.ID)
		return s.record(ctx, st, a, "discipline.letter", "employee", d.EmployeeID, fmt.Sprintf("Downloaded the letter of D%d", id), map[string]any{"discipline_id": id})
	})
	return name, out, err
}

func (s *Service) company(ctx context.Context) string {
	if s.Company == nil {
		return "Our company"
	}
	return s.Company(ctx)
}

// LetterPDF renders the letter of a record.
func LetterPDF(d Discipline, company string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	title := LevelLabels[d.Level]
	pdf.SetTitle(title+": "+d.EmployeeName, true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(25, 25, 25)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	para := func(style string, text string) {
		pdf.SetFont("Helvetica", style, 11)
		pdf.MultiCell(0, 6, tr(text), "", "L", false)
		pdf.Ln(2)
	}
	head := func(text string) {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.CellFormat(0, 7, tr(text), "", 1, "L", false, 0, "")
	}
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr(company), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(0, 6, tr("Confidential · "+title+" · record D"+fmt.Sprint(d.ID)), "", 1, "L", false, 0, "")
	pdf.SetTextColor(20, 20, 20)
	pdf.Ln(4)
	para("", d.IssuedOn.Format("January 2, 2006"))
	para("", "To: "+d.EmployeeName+strings.TrimSuffix(", "+d.JobTitle, ", "))
	para("B", "Re: "+title)
	head("What happened")
	para("", d.Details.Summary)
	if d.Details.Expectations != "" {
		head("What is expected")
		para("", d.Details.Expectations)
	}
	if d.Level == "pip" {
		head("Performance improvement plan")
		para("", fmt.Sprintf("The plan runs from %s to %s. Goals:", d.IssuedOn.Format("January 2, 2006"), d.PIPEnd.Format("January 2, 2006")))
		for i, g := range d.Details.Goals {
			para("", fmt.Sprintf("%d. %s", i+1, g))
		}
		for _, c := range d.Details.CheckIns {
			para("I", fmt.Sprintf("Check-in %s (%s): %s", c.On.Format("Jan 2"), map[bool]string{true: "on pace", false: "not on pace"}[c.OnPace], c.Note))
		}
		if d.PIPOutcome != "" {
			para("B", "Outcome: "+d.PIPOutcome+". "+d.Details.OutcomeNote)
		}
	}
	if d.Level == "suspension" {
		head("Suspension")
		para("", fmt.Sprintf("You are suspended from %s to %s inclusive, %s.", d.From.Format("January 2, 2006"), d.To.Format("January 2, 2006"),
			map[bool]string{true: "with pay", false: "without pay"}[d.Paid]))
	}
	head("Consequences")
	para("", d.Details.Consequences)
	head("Acknowledgement")
	para("", "Signing acknowledges that you received this record; it does not mean you agree with it. You may add your comments, which are kept with it.")
	switch d.AckStatus {
	case "acknowledged":
		para("I", "Acknowledged electronically by "+d.EmployeeName+" on "+d.AckAt.UTC().Format("January 2, 2006 15:04 MST")+".")
	case "refused":
		text := d.EmployeeName + " declined to sign on " + d.AckAt.UTC().Format("January 2, 2006") + "."
		if d.Details.RefusalWitness != "" {
			text += " Witnessed by " + d.Details.RefusalWitness + "."
		}
		para("I", text)
	default:
		pdf.Ln(10)
		para("", "Employee signature: ______________________________   Date: ______________")
		para("", "Manager or HR signature: _________________________   Date: ______________")
	}
	if d.Details.AckComment != "" {
		para("I", "Employee's comment: "+d.Details.AckComment)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MyDiscipline lists the actor's own records. Errors: none beyond the
// store's.
func (s *Service) MyDiscipline(ctx context.Context, a access.Actor) ([]Discipline, error) {
	if a.EmployeeID == 0 {
		return nil, nil
	}
	return s.DisciplineOf(ctx, a, a.EmployeeID)
}
