package leave

import (
	"bytes"
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

// Certification statuses (29 CFR 825.305).
const (
	CertNone       = "none"
	CertRequested  = "requested"
	CertIncomplete = "incomplete"
	CertComplete   = "complete"
)

// Designation outcomes (29 CFR 825.300(d)).
const (
	DesignationPending  = "pending"
	DesignationAwaiting = "awaiting_approval"
	DesignationApproved = "approved"
	DesignationDenied   = "denied"
)

// Notice kinds.
const (
	NoticeEligibility = "eligibility"
	NoticeRights      = "rights"
	NoticeDeficiency  = "deficiency"
	NoticeDesignation = "designation"
)

// NoticeKinds lists the notices in the order they are usually sent.
var NoticeKinds = []string{NoticeEligibility, NoticeRights, NoticeDeficiency, NoticeDesignation}

// NoticeLabels name the notices.
var NoticeLabels = map[string]string{
	NoticeEligibility: "Notice of eligibility (WH-381, part A)",
	NoticeRights:      "Rights and responsibilities (WH-381, part B)",
	NoticeDeficiency:  "Incomplete certification: what is needed (WH-382)",
	NoticeDesignation: "Designation notice (WH-382)",
}

// Task rules of a case's tasks (the Rule of each work.Task).
const (
	RuleEligibility = "fmla-notices:eligibility"
	RuleRights      = "fmla-notices:rights"
	RuleDesignation = "fmla-notices:designation"
	RuleCert        = "fmla-certification"
	RuleCure        = "fmla-cure"
	RuleExhausted   = "fmla-exhausted"
)

// SettingDesignationApproval, when "1", sends every designation to an HR
// manager for approval before it takes effect.
const SettingDesignationApproval = "leave.designation_approval"

// MaxCertificationSize bounds an uploaded certification.
const MaxCertificationSize = 10 << 20

// Notice is a notice sent to the employee; its PDF is kept.
type Notice struct {
	ID        int64
	CaseID    int64
	Kind      string
	Subject   string
	SentTo    string
	SentOn    date.Date
	DueOn     date.Date
	SentBy    int64
	SentName  string
	CreatedAt time.Time
}

// OnTime reports whether the notice went out by its deadline.
func (n Notice) OnTime() bool { return n.DueOn.IsZero() || !n.SentOn.After(n.DueOn) }

// Document is a certification on file (sealed at rest).
type Document struct {
	ID          int64
	CaseID      int64
	Kind        string // certification | recertification
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	ReceivedOn  date.Date
	UploadedBy  int64
	CreatedAt   time.Time
}

// Usage is FMLA leave taken on one day: the hours missed, the hours
// charged against the entitlement by the usage rule, and how many of them
// were protected (within the entitlement).
type Usage struct {
	ID          int64
	CaseID      int64
	EmployeeID  int64
	Day         date.Date
	Hours       float64
	Charged     float64
	Protected   float64
	Unprotected float64
	Note        string
	RecordedBy  int64
	CreatedAt   time.Time
}

// SentNotice is a notice on its way to the employee (the email hook).
type SentNotice struct {
	Notice   Notice
	Employee people.Employee
	Text     string
	PDF      []byte
	Filename string
}

// NoticeHook runs when a notice is sent, inside its transaction (the app
// emails it with the PDF attached).
type NoticeHook func(ctx context.Context, st CaseStore, n SentNotice) error

// OnNotice registers a hook run for every notice sent.
func (s *Cases) OnNotice(h NoticeHook) { s.onNotice = append(s.onNotice, h) }

// SetCompany names the employer on the notices.
func (s *Cases) SetCompany(name func(context.Context) string) { s.company = name }

func (s *Cases) companyName(ctx context.Context) string {
	if s.company == nil {
		return "The company"
	}
	return s.company(ctx)
}

func (s *Cases) today() date.Date { return date.Of(s.clock.Now()) }

// change runs one lifecycle action on a case in a transaction: it checks
// leave.cases.manage over the employee, the case's version (0 skips the
// check: the API without If-Match) and that the case is open, then writes
// the case and the audit entry.
func (s *Cases) change(ctx context.Context, a access.Actor, id int64, version int, fn func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (action, summary string, after any, err error)) error {
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st CaseStore) error {
		c, raw, err := st.GetLeaveCase(ctx, id)
		if err != nil {
			return err
		}
		t, err := st.Target(ctx, c.EmployeeID)
		if err != nil {
			return err
		}
		if !access.Can(a, access.LeaveCaseView, t) {
			return kit.NotFound("leave case")
		}
		if err := access.Require(a, access.LeaveCaseManage, t); err != nil {
			return err
		}
		if version != 0 && version != c.Version {
			return kit.Conflict("someone else changed this case since you opened it; reload it to see their change, then try again")
		}
		if c.Status == CaseClosed {
			return kit.Conflict("the case is closed")
		}
		var rec caseRecord
		if err := json.Unmarshal([]byte(raw), &rec); err != nil {
			return err
		}
		c.Determination, c.Notices = rec.Determination, rec.Notices
		e, err := st.GetEmployee(ctx, c.EmployeeID)
		if err != nil {
			return err
		}
		was := c.Version
		action, summary, after, err := fn(st, &c, e, set)
		if err != nil {
			return err
		}
		if err := st.UpdateLeaveCase(ctx, c, was); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "leave_case", ObjectID: c.ID,
			Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
	})
}

// finishTasks marks a case's open tasks of a rule done.
func (s *Cases) finishTasks(ctx context.Context, st CaseStore, caseID int64, rule string) error {
	ts, err := st.ListTasks(ctx, work.TaskFilter{ObjectType: "leave_case", ObjectID: caseID, Statuses: []string{work.TaskOpen, work.TaskWaiting, work.TaskInProgress}, IncludePrivate: true, WholeCompany: true, Limit: 50})
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Rule != rule || !t.Open() {
			continue
		}
		t.Status, t.CompletedAt, t.UpdatedAt = work.TaskDone, s.clock.Now(), s.clock.Now()
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

func (s *Cases) task(ctx context.Context, st CaseStore, a access.Actor, c Case, e people.Employee, title, kind, rule, priority string, due date.Date, steps []rules.Step) error {
	raw, _ := json.Marshal(steps)
	_, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: title, Kind: kind, QueueKey: "compliance", EmployeeID: e.ID, OrgUnitID: e.OrgUnitID,
		ObjectType: "leave_case", ObjectID: c.ID, DueOn: due, DueSteps: string(raw), Priority: priority, Rule: rule}, s.clock.Now())
	return err
}

// RequestCertification records that HR asked the employee for medical
// certification (or recertification) and computes the 15-calendar-day
// due date with the rules engine; a follow-up task waits on it. A
// recertification may not be asked for before the case's recertification
// date (29 CFR 825.308). Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict.
func (s *Cases) RequestCertification(ctx context.Context, a access.Actor, id int64, version int, requestedOn date.Date) error {
	return s.change(ctx, a, id, version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		if requestedOn.IsZero() {
			requestedOn = s.today()
		}
		if requestedOn.After(s.today()) {
			return "", "", nil, kit.Invalid("requested_on", "The request cannot be dated in the future")
		}
		if requestedOn.Before(c.NoticeOn) {
			return "", "", nil, kit.Invalid("requested_on", "The request cannot be before the employee asked for leave ("+c.NoticeOn.String()+")")
		}
		recert := c.CertStatus == CertComplete
		switch {
		case c.CertStatus == CertRequested || c.CertStatus == CertIncomplete:
			return "", "", nil, kit.Conflict("the certification is already requested (due %s)", c.CertDue)
		case recert && !c.RecertOn.IsZero() && requestedOn.Before(c.RecertOn):
			return "", "", nil, kit.Conflict("recertification may not be requested before %s (29 CFR 825.308)", c.RecertOn)
		}
		n, steps, err := rules.FMLANotices(rules.FMLANoticesFacts{LeaveRequestedOn: c.NoticeOn, CertificationRequestedOn: requestedOn, RollForward: set.RollForward}, set)
		if err != nil {
			return "", "", nil, err
		}
		c.CertStatus, c.CertRequestedOn, c.CertDue, c.CertReceivedOn, c.Deficiency, c.DeficiencyOn, c.CureDue = CertRequested, requestedOn, n.CertificationDue, date.Date{}, "", date.Date{}, date.Date{}
		what := "Medical certification"
		if recert {
			what = "Recertification"
		}
		if err := s.task(ctx, st, a, *c, e, what+" due from "+e.Name(), "leave_certification", RuleCert, "normal", n.CertificationDue, steps[len(steps)-1:]); err != nil {
			return "", "", nil, err
		}
		return "leave.certification_request", fmt.Sprintf("Asked %s for %s, due %s", e.Name(), strings.ToLower(what), n.CertificationDue), map[string]any{"requested_on": requestedOn, "due": n.CertificationDue}, nil
	})
}

// CertificationInput records a certification received.
type CertificationInput struct {
	Version    int
	ReceivedOn date.Date
	Complete   bool
	Deficiency string // what is missing when incomplete
	RecertOn   date.Date
	Filename   string
	Data       []byte
}

// sniffCert accepts the kinds a certification arrives as.
func sniffCert(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	}
	return ""
}

// RecertificationFrom is the earliest day an employer may ask for
// recertification after a certification received on a day: 30 days on,
// or the end of the duration certified when it is longer, but in any case
// no later than six months on (29 CFR 825.308(a)-(b)). The expected end
// of the leave stands for the duration certified.
func RecertificationFrom(received, certifiedEnd date.Date) (date.Date, rules.Step) {
	at := received.AddDays(30)
	text := fmt.Sprintf("Recertification may be requested no more often than every 30 days, so not before %s.", at)
	if !certifiedEnd.IsZero() && certifiedEnd.After(at) {
		at = certifiedEnd
		text = fmt.Sprintf("The certification covers a duration past 30 days, so recertification waits for its end, %s.", at)
		if six := received.AddMonths(6); at.After(six) {
			at = six
			text += fmt.Sprintf(" A duration past six months still allows recertification every six months: %s.", six)
		}
	}
	return at, rules.Step{Text: text, Citation: "29 CFR 825.308(a), (b)"}
}

// RecordCertification records a certification received: complete (the
// employer now has enough information to designate, so the designation
// notice is due in 5 business days) or incomplete (what is missing; the
// deficiency notice then gives 7 days to cure). The file, if any, is
// stored sealed. Errors: KindInvalid, KindTooLarge, KindForbidden,
// KindNotFound, KindConflict.
func (s *Cases) RecordCertification(ctx context.Context, a access.Actor, id int64, in CertificationInput) error {
	if len(in.Data) > MaxCertificationSize {
		return kit.TooLarge("the file is larger than %d MB", MaxCertificationSize>>20)
	}
	return s.change(ctx, a, id, in.Version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		if c.CertStatus != CertRequested && c.CertStatus != CertIncomplete {
			return "", "", nil, kit.Conflict("no certification is outstanding: request it first")
		}
		f := kit.FieldErrors{}
		if in.ReceivedOn.IsZero() {
			in.ReceivedOn = s.today()
		}
		if in.ReceivedOn.After(s.today()) {
			f.Add("received_on", "The day received cannot be in the future")
		} else if in.ReceivedOn.Before(c.CertRequestedOn) {
			f.Add("received_on", "The day received cannot be before the request ("+c.CertRequestedOn.String()+")")
		}
		in.Deficiency = strings.TrimSpace(in.Deficiency)
		if !in.Complete && in.Deficiency == "" {
			f.Add("deficiency", "Say in writing what the certification lacks; the employee gets it in the notice (29 CFR 825.305(c))")
		}
		if len(in.Deficiency) > 2000 {
			f.Add("deficiency", "Use at most 2,000 characters")
		}
		ct := ""
		if len(in.Data) > 0 {
			if ct = sniffCert(in.Data); ct == "" {
				f.Add("file", "Upload the certification as a PDF, PNG or JPEG")
			}
		}
		recert, rstep := RecertificationFrom(in.ReceivedOn, c.Ends)
		if in.Complete && !in.RecertOn.IsZero() && in.RecertOn.Before(recert) {
			f.Add("recert_on", "Recertification may not be requested before "+recert.String()+" (29 CFR 825.308)")
		}
		if err := f.Err(); err != nil {
			return "", "", nil, err
		}
		if len(in.Data) > 0 {
			sealed, err := s.sealer.Seal(in.Data)
			if err != nil {
				return "", "", nil, err
			}
			sum := sha256.Sum256(in.Data)
			name := filepath.Base(strings.ReplaceAll(in.Filename, "\\", "/"))
			if name == "." || name == "/" || name == "" {
				name = "certification"
			}
			kind := "certification"
			if !c.RecertOn.IsZero() {
				kind = "recertification"
			}
			if _, err := st.InsertLeaveDocument(ctx, Document{CaseID: c.ID, Kind: kind, Filename: name, ContentType: ct, Size: int64(len(in.Data)), SHA256: hex.EncodeToString(sum[:]),
				ReceivedOn: in.ReceivedOn, UploadedBy: a.UserID, CreatedAt: s.clock.Now()}, sealed); err != nil {
				return "", "", nil, err
			}
		}
		c.CertReceivedOn = in.ReceivedOn
		if err := s.finishTasks(ctx, st, c.ID, RuleCert); err != nil {
			return "", "", nil, err
		}
		if !in.Complete {
			c.CertStatus, c.Deficiency = CertIncomplete, in.Deficiency
			if err := s.task(ctx, st, a, *c, e, "Send the incomplete-certification notice: "+e.Name(), "leave_notice", RuleCure, "high", s.today(),
				[]rules.Step{{Text: "State in writing what the certification needs; the employee then has 7 calendar days to cure it.", Citation: "29 CFR 825.305(c)"}}); err != nil {
				return "", "", nil, err
			}
			return "leave.certification_incomplete", "Recorded an incomplete certification from " + e.Name(), map[string]any{"received_on": in.ReceivedOn, "file": len(in.Data) > 0}, nil
		}
		if err := s.finishTasks(ctx, st, c.ID, RuleCure); err != nil {
			return "", "", nil, err
		}
		c.CertStatus, c.Deficiency = CertComplete, ""
		c.RecertOn = recert
		if !in.RecertOn.IsZero() {
			c.RecertOn = in.RecertOn
		}
		if err := s.sufficient(ctx, st, a, c, e, set, in.ReceivedOn, rstep); err != nil {
			return "", "", nil, err
		}
		return "leave.certification_complete", fmt.Sprintf("Recorded %s's complete certification; the designation notice is due %s", e.Name(), c.DesignationDue),
			map[string]any{"received_on": in.ReceivedOn, "designation_due": c.DesignationDue, "recert_on": c.RecertOn, "file": len(in.Data) > 0}, nil
	})
}

// sufficient records the day the employer had enough information to
// designate, and the designation notice task due 5 business days later.
func (s *Cases) sufficient(ctx context.Context, st CaseStore, a access.Actor, c *Case, e people.Employee, set rules.Settings, on date.Date, extra ...rules.Step) error {
	if !c.SufficientOn.IsZero() && c.Designation != DesignationPending {
		return nil
	}
	n, steps, err := rules.FMLANotices(rules.FMLANoticesFacts{LeaveRequestedOn: c.NoticeOn, SufficientInformationOn: on, CountTriggerDay: set.CountTriggerDay}, set)
	if err != nil {
		return err
	}
	c.SufficientOn, c.DesignationDue = on, n.DesignationNoticeDue
	if err := s.finishTasks(ctx, st, c.ID, RuleDesignation); err != nil {
		return err
	}
	var step []rules.Step
	for _, st := range steps {
		if strings.HasPrefix(st.Text, "Designation notice") {
			step = append(step, st)
		}
	}
	return s.task(ctx, st, a, *c, e, "FMLA designation notice (WH-382): "+e.Name(), "leave_notice", RuleDesignation, "high", n.DesignationNoticeDue, append(step, extra...))
}

// DesignationInput designates the leave.
type DesignationInput struct {
	Version int
	Approve bool
	Note    string // the reason for a denial; any conditions
}

func init() {
	work.RegisterKind(work.KindDef{Key: "leave_designation", Label: "Leave designation", Decide: access.LeaveCaseApprove, Optional: true,
		Facts:     []work.FactDef{{Key: "approve", Label: "Designated as FMLA leave", Type: "bool"}},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
}

// Designate decides whether the leave is FMLA leave (and, at the same
// time, leave under each state program the employee qualifies for).
// Approval needs the certification complete or not required; a denial
// needs the reason. When the company requires it, the decision goes to an
// HR manager first. The designation notice is then due (its task is in
// the queue). Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Cases) Designate(ctx context.Context, a access.Actor, id int64, in DesignationInput) error {
	return s.change(ctx, a, id, in.Version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		if c.Designation == DesignationAwaiting {
			return "", "", nil, kit.Conflict("the designation is waiting for an HR manager's approval")
		}
		if c.Designation != DesignationPending {
			return "", "", nil, kit.Conflict("the leave is already designated (%s)", c.Designation)
		}
		in.Note = strings.TrimSpace(in.Note)
		if !in.Approve && in.Note == "" {
			return "", "", nil, kit.Invalid("note", "Give the reason the leave is not designated; the employee reads it in the notice")
		}
		if len(in.Note) > 2000 {
			return "", "", nil, kit.Invalid("note", "Use at most 2,000 characters")
		}
		progs, err := st.ListCasePrograms(ctx, c.ID, 0)
		if err != nil {
			return "", "", nil, err
		}
		anyProgram := slices.ContainsFunc(progs, func(p CaseProgram) bool { return p.Eligible })
		if in.Approve {
			if c.CertStatus == CertRequested || c.CertStatus == CertIncomplete {
				return "", "", nil, kit.Conflict("the certification is outstanding (%s); record it before designating", label(c.CertStatus))
			}
			if !c.Eligible && !anyProgram {
				return "", "", nil, kit.Conflict("%s is not eligible for FMLA or any state program here; designate the leave as not qualifying, with the reason", e.Name())
			}
		}
		if c.SufficientOn.IsZero() {
			if err := s.sufficient(ctx, st, a, c, e, set, s.today()); err != nil {
				return "", "", nil, err
			}
		}
		outcome := map[bool]string{true: DesignationApproved, false: DesignationDenied}[in.Approve]
		c.DesignationNote = in.Note
		on, _ := st.Setting(ctx, SettingDesignationApproval)
		if on == "1" {
			steps, err := work.Route(ctx, st, "leave_designation", work.Subject{EmployeeID: e.ID}, work.Facts{"approve": work.Bool(in.Approve)}, a.UserID)
			if err != nil {
				return "", "", nil, err
			}
			ap := work.Approval{Steps: steps, Kind: "leave_designation", ObjectType: "leave_case", ObjectID: c.ID,
				Title:   fmt.Sprintf("Leave designation: %s (%s)", e.Name(), label(outcome)),
				Summary: fmt.Sprintf("%s leave from %s, %s. Proposed: %s.%s", ReasonLabels[c.Reason], c.Starts, c.Schedule, label(outcome), noteSuffix(in.Note)), ScopeOrgUnitID: e.OrgUnitID, ScopeOrgPath: e.OrgPath}
			apID, err := work.NewRequest(ctx, st, a, ap, s.clock.Now())
			if err != nil {
				return "", "", nil, err
			}
			ap.ID = apID
			if err := work.NotifyApprovers(ctx, st, a, ap, "Leave designation to approve: "+e.Name(), "Proposed: "+label(outcome), s.clock.Now()); err != nil {
				return "", "", nil, err
			}
			c.Designation, c.Proposed, c.ApprovalID = DesignationAwaiting, outcome, apID
			return "leave.designation_propose", fmt.Sprintf("Proposed to designate %s's leave as %s, for an HR manager's approval", e.Name(), label(outcome)), map[string]any{"proposed": outcome, "approval_id": apID}, nil
		}
		if err := s.applyDesignation(ctx, st, c, outcome, progs); err != nil {
			return "", "", nil, err
		}
		return "leave.designation", fmt.Sprintf("Designated %s's leave: %s", e.Name(), label(outcome)), map[string]any{"designation": outcome, "note": in.Note}, nil
	})
}

func (s *Cases) applyDesignation(ctx context.Context, st CaseStore, c *Case, outcome string, progs []CaseProgram) error {
	c.Designation, c.DesignatedOn, c.Proposed = outcome, s.today(), ""
	for _, p := range progs {
		p.Designated = outcome == DesignationApproved && p.Eligible
		if err := st.SetCaseProgram(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// DecideDesignation is the work handler of a designation waiting for an
// HR manager: approving applies it, sending it back returns the case to
// pending with the comment. Errors: KindNotFound, KindForbidden,
// KindConflict, KindInvalid.
func (s *Cases) DecideDesignation(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st CaseStore) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "leave_designation" {
			return kit.NotFound("approval request")
		}
		c, _, err := st.GetLeaveCase(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		t, err := st.Target(ctx, c.EmployeeID)
		if err != nil {
			return err
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.LeaveCaseApprove, t, s.clock.Now())
		if err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			return nil
		}
		was := c.Version
		action, summary := "leave.designation_approved", "Approved the designation: "+ap.Title
		if ap.Status == work.StatusApproved && c.Designation == DesignationAwaiting {
			progs, err := st.ListCasePrograms(ctx, c.ID, 0)
			if err != nil {
				return err
			}
			if err := s.applyDesignation(ctx, st, &c, c.Proposed, progs); err != nil {
				return err
			}
		} else {
			c.Designation, c.Proposed, action, summary = DesignationPending, "", "leave.designation_returned", "Sent back the designation: "+ap.Title
		}
		c.ApprovalID = 0
		if err := st.UpdateLeaveCase(ctx, c, was); err != nil {
			return err
		}
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_decided", Title: summary, Body: d.Comment, Link: fmt.Sprintf("/leave/cases/%d", c.ID)}, s.clock.Now()); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "leave_case", ObjectID: c.ID,
			Summary: summary, After: audit.Snapshot(map[string]any{"designation": c.Designation, "comment": d.Comment}), RequestID: a.RequestID})
	})
}

// WithdrawDesignation takes back a designation waiting for approval (the
// requester): the case returns to pending.
func (s *Cases) WithdrawDesignation(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st CaseStore) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "leave_designation" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		c, _, err := st.GetLeaveCase(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		was := c.Version
		c.Designation, c.Proposed, c.ApprovalID = DesignationPending, "", 0
		return st.UpdateLeaveCase(ctx, c, was)
	})
}

// SendNotice generates a notice from its template as a PDF, keeps it with
// the date sent and emails it to the employee with the PDF attached; the
// notice's task is done. The incomplete-certification notice starts the
// 7-day cure period. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Cases) SendNotice(ctx context.Context, a access.Actor, id int64, version int, kind string) (int64, error) {
	var nid int64
	err := s.change(ctx, a, id, version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		due := date.Date{}
		rule := ""
		switch kind {
		case NoticeEligibility:
			due, rule = c.Notices.EligibilityNoticeDue, RuleEligibility
		case NoticeRights:
			due, rule = c.Notices.RightsNoticeDue, RuleRights
		case NoticeDeficiency:
			if c.CertStatus != CertIncomplete {
				return "", "", nil, kit.Conflict("the incomplete-certification notice needs a certification recorded as incomplete")
			}
			rule = RuleCure
			n, _, err := rules.FMLANotices(rules.FMLANoticesFacts{LeaveRequestedOn: c.NoticeOn, CertificationRequestedOn: c.CertRequestedOn, DeficiencyNoticeOn: s.today(), RollForward: set.RollForward}, set)
			if err != nil {
				return "", "", nil, err
			}
			c.DeficiencyOn, c.CureDue = s.today(), n.CureDue
		case NoticeDesignation:
			if c.Designation != DesignationApproved && c.Designation != DesignationDenied {
				return "", "", nil, kit.Conflict("designate the leave before sending the designation notice")
			}
			due, rule = c.DesignationDue, RuleDesignation
		default:
			return "", "", nil, kit.Invalid("kind", "Choose eligibility, rights, deficiency or designation")
		}
		to := e.WorkEmail
		if to == "" {
			to = e.PersonalEmail
		}
		if to == "" {
			return "", "", nil, kit.Conflict("%s has no email address on file; add one to send the notice", e.Name())
		}
		progs, err := st.ListCasePrograms(ctx, c.ID, 0)
		if err != nil {
			return "", "", nil, err
		}
		tmpl, err := s.template(ctx, st, kind)
		if err != nil {
			return "", "", nil, err
		}
		usage, err := st.ListLeaveUsage(ctx, e.ID)
		if err != nil {
			return "", "", nil, err
		}
		if err := s.balance(ctx, st, c, e, set, usage); err != nil {
			return "", "", nil, err
		}
		data := s.noticeData(ctx, *c, e, set, progs)
		subject, body, err := RenderNotice(tmpl, data)
		if err != nil {
			return "", "", nil, kit.Conflict("the %s template does not render: %v; fix it under Settings → Leave", NoticeLabels[kind], err)
		}
		pdf, err := NoticePDF(data.Company, NoticeLabels[kind], subject, body)
		if err != nil {
			return "", "", nil, err
		}
		n := Notice{CaseID: c.ID, Kind: kind, Subject: subject, SentTo: to, SentOn: s.today(), DueOn: due, SentBy: a.UserID, CreatedAt: s.clock.Now()}
		if nid, err = st.InsertLeaveNotice(ctx, n, pdf); err != nil {
			return "", "", nil, err
		}
		n.ID = nid
		if err := s.finishTasks(ctx, st, c.ID, rule); err != nil {
			return "", "", nil, err
		}
		if kind == NoticeDeficiency {
			if err := s.task(ctx, st, a, *c, e, "Cure period ends: "+e.Name()+"'s certification", "leave_certification", RuleCure, "normal", c.CureDue,
				[]rules.Step{{Text: fmt.Sprintf("7 calendar days after the notice of %s: %s.", s.today(), c.CureDue), Citation: "29 CFR 825.305(c)"}}); err != nil {
				return "", "", nil, err
			}
		}
		sn := SentNotice{Notice: n, Employee: e, Text: body, PDF: pdf, Filename: fmt.Sprintf("fmla-%s-notice-%d.pdf", kind, c.ID)}
		for _, h := range s.onNotice {
			if err := h(ctx, st, sn); err != nil {
				return "", "", nil, err
			}
		}
		late := ""
		if !n.OnTime() {
			late = fmt.Sprintf(" (late: due %s)", due)
		}
		return "leave.notice_send", fmt.Sprintf("Sent %s the %s%s", e.Name(), strings.ToLower(NoticeLabels[kind]), late), map[string]any{"kind": kind, "to": to, "due": due, "notice_id": nid}, nil
	})
	return nid, err
}

// NoticePDF returns a notice's PDF (HR with leave.cases.manage, or the
// employee it was sent to). Errors: KindNotFound.
func (s *Cases) NoticePDF(ctx context.Context, a access.Actor, noticeID int64) (Notice, []byte, error) {
	n, pdf, err := s.store.LeaveNoticePDF(ctx, noticeID)
	if err != nil {
		return n, nil, err
	}
	if _, err := s.Get(ctx, a, n.CaseID); err != nil {
		return Notice{}, nil, err
	}
	return n, pdf, nil
}

// Certification returns a certification file, opened, to HR with
// leave.cases.manage; each download is audited. Errors: KindNotFound,
// KindForbidden.
func (s *Cases) Certification(ctx context.Context, a access.Actor, docID int64) (Document, []byte, error) {
	d, sealed, err := s.store.LeaveDocument(ctx, docID)
	if err != nil {
		return d, nil, err
	}
	c, _, err := s.store.GetLeaveCase(ctx, d.CaseID)
	if err != nil {
		return d, nil, err
	}
	t, err := s.store.Target(ctx, c.EmployeeID)
	if err != nil {
		return d, nil, err
	}
	if !access.Can(a, access.LeaveCaseManage, t) {
		return Document{}, nil, kit.NotFound("certification")
	}
	data, err := s.sealer.Open(sealed)
	if err != nil {
		return d, nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != d.SHA256 {
		return d, nil, fmt.Errorf("certification %d does not match its checksum", d.ID)
	}
	err = s.store.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "leave.certification_download", ObjectType: "leave_case", ObjectID: c.ID,
		Summary: "Opened the certification " + d.Filename + " of " + c.EmployeeName, RequestID: a.RequestID})
	return d, data, err
}

// UsageInput records leave taken.
type UsageInput struct {
	Version int
	Days    []rules.LeaveHours
	Note    string
}

// UsageResult is what a recording charged.
type UsageResult struct {
	Charged     float64
	Protected   float64
	Unprotected float64
	Available   float64
}

// weekSchedule is the employee's usual week: their weekly hours over
// Monday to Friday.
func weekSchedule(e people.Employee) rules.Schedule {
	w := float64(e.WeeklyHours)
	if w <= 0 {
		w = 40
	}
	d := w / 5
	return rules.Schedule{Hours: rules.WeekHours{Mon: d, Tue: d, Wed: d, Thu: d, Fri: d}}
}

// chargeDays converts leave taken into FMLA hours charged per day with
// the usage rule: a full week of leave is one workweek, holidays
// included; in a partial week each day's hours count except on closures
// and on holidays the employee was not scheduled to work.
func chargeDays(days []rules.LeaveHours, sched rules.Schedule, overtime float64, set rules.Settings) (map[string]float64, rules.FMLAUsageResult, []rules.Step, error) {
	var ot *float64
	if overtime > 0 {
		ot = &overtime
	}
	all, steps, err := rules.FMLAUsage(rules.FMLAUsageFacts{Schedule: sched, Leave: days, MandatoryOvertimeHours: ot}, set)
	if err != nil {
		return nil, all, nil, err
	}
	out := map[string]float64{}
	for _, wk := range all.Weeks {
		var in []rules.LeaveHours
		for _, d := range days {
			if !d.Date.Before(wk.WeekStart) && d.Date.Before(wk.WeekStart.AddDays(7)) {
				in = append(in, d)
			}
		}
		if wk.Full {
			// The whole workweek is charged; spread it over the days in
			// proportion to the hours missed.
			total := 0.0
			for _, d := range in {
				total += d.Hours
			}
			for _, d := range in {
				if total > 0 {
					out[d.Date.String()] += wk.HoursCharged * d.Hours / total
				}
			}
			continue
		}
		for _, d := range in {
			one, _, err := rules.FMLAUsage(rules.FMLAUsageFacts{Schedule: sched, Leave: []rules.LeaveHours{d}, MandatoryOvertimeHours: ot}, set)
			if err != nil {
				return nil, all, nil, err
			}
			out[d.Date.String()] += one.HoursCharged
		}
	}
	return out, all, steps, nil
}

// entitlementFacts are the facts of the employee's entitlement with the
// usage recorded so far.
func entitlementFacts(c Case, e people.Employee, usage []Usage, caregiverCases map[int64]bool) rules.FMLAEntitlementFacts {
	// The usual workweek: the scheduled hours and the overtime the
	// employee is normally required to work (29 CFR 825.205(c)).
	weekly := weeklyOf(e) + c.OvertimeHours
	f := rules.FMLAEntitlementFacts{WeeklyHours: &weekly}
	if c.Reason == "military_caregiver" {
		f.Reason = "military_caregiver"
	}
	for _, u := range usage {
		// Only FMLA leave counts against FMLA: hours past the entitlement
		// and leave on a case the employee was not FMLA-eligible for
		// (a state program alone) do not.
		if u.Protected > 0 {
			f.Usage = append(f.Usage, rules.LeaveHours{Date: u.Day, Hours: u.Protected})
		}
		if caregiverCases[u.CaseID] && (f.FirstCaregiverLeaveDay.IsZero() || u.Day.Before(f.FirstCaregiverLeaveDay)) {
			f.FirstCaregiverLeaveDay = u.Day
		}
	}
	slices.SortFunc(f.Usage, func(a, b rules.LeaveHours) int { return a.Date.Compare(b.Date) })
	return f
}

func (s *Cases) caregiverCases(ctx context.Context, st CaseStore, employeeID int64) (map[int64]bool, error) {
	cs, err := st.ListLeaveCases(ctx, employeeID, nil, true, 500)
	if err != nil {
		return nil, err
	}
	m := map[int64]bool{}
	for _, c := range cs {
		if c.Reason == "military_caregiver" {
			m[c.ID] = true
		}
	}
	return m, nil
}

func methodFor(set rules.Settings) string {
	if set.FMLAMethod == "" {
		return rules.MethodMostBeneficial
	}
	return ""
}

// RecordUsage records FMLA leave taken on a designated case (a block of
// days or an intermittent episode, in hours). Each day is charged by the
// usage rule and then against the entitlement under the company's
// 12-month method; hours past the entitlement are recorded as not
// FMLA-protected and a task asks HR to decide on them. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Cases) RecordUsage(ctx context.Context, a access.Actor, id int64, in UsageInput) (UsageResult, error) {
	var res UsageResult
	err := s.change(ctx, a, id, in.Version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		if c.Designation != DesignationApproved {
			return "", "", nil, kit.Conflict("record leave on a designated case; designation may cover leave already taken (29 CFR 825.301(d))")
		}
		f := kit.FieldErrors{}
		if len(in.Days) == 0 {
			f.Add("days", "Enter at least one day of leave")
		}
		if len(in.Days) > 366 {
			f.Add("days", "Record at most a year at a time")
		}
		in.Note = strings.TrimSpace(in.Note)
		if len(in.Note) > 500 {
			f.Add("note", "Use at most 500 characters")
		}
		prior, err := st.ListLeaveUsage(ctx, e.ID)
		if err != nil {
			return "", "", nil, err
		}
		taken := map[string]bool{}
		for _, u := range prior {
			taken[u.Day.String()] = true
		}
		seen := map[string]bool{}
		for i, d := range in.Days {
			k := fmt.Sprintf("days[%d]", i)
			switch {
			case d.Date.IsZero():
				f.Add(k+".date", "Enter the day")
			case d.Date.Before(c.Starts):
				f.Add(k+".date", "The leave started on "+c.Starts.String())
			case d.Date.After(s.today()):
				f.Add(k+".date", "Record leave once it is taken")
			case taken[d.Date.String()] || seen[d.Date.String()]:
				f.Add(k+".date", d.Date.String()+" is already recorded")
			}
			if d.Hours <= 0 || d.Hours > 24 {
				f.Add(k+".hours", "Enter the hours missed, more than 0 and at most 24")
			}
			seen[d.Date.String()] = true
		}
		if err := f.Err(); err != nil {
			return "", "", nil, err
		}
		slices.SortFunc(in.Days, func(a, b rules.LeaveHours) int { return a.Date.Compare(b.Date) })
		charged, _, _, err := chargeDays(in.Days, weekSchedule(e), c.OvertimeHours, set)
		if err != nil {
			return "", "", nil, err
		}
		cg, err := s.caregiverCases(ctx, st, e.ID)
		if err != nil {
			return "", "", nil, err
		}
		ef := entitlementFacts(*c, e, prior, cg)
		ef.Method, ef.AsOf = methodFor(set), in.Days[0].Date
		if c.Reason == "military_caregiver" && ef.FirstCaregiverLeaveDay.IsZero() {
			ef.FirstCaregiverLeaveDay = in.Days[0].Date
		}
		for _, d := range in.Days {
			ef.Requested = append(ef.Requested, rules.LeaveHours{Date: d.Date, Hours: round2(charged[d.Date.String()])})
		}
		ent, _, err := rules.FMLAEntitlement(ef, set)
		if err != nil {
			return "", "", nil, err
		}
		prot := map[string]rules.RequestedDay{}
		if c.Eligible {
			for _, rd := range ent.RequestedDays {
				prot[rd.Date.String()] = rd
			}
		}
		for _, d := range in.Days {
			rd := prot[d.Date.String()]
			u := Usage{CaseID: c.ID, EmployeeID: e.ID, Day: d.Date, Hours: d.Hours, Charged: round2(charged[d.Date.String()]), Protected: rd.Protected, Unprotected: rd.Unprotected,
				Note: in.Note, RecordedBy: a.UserID, CreatedAt: s.clock.Now()}
			if _, err := st.InsertLeaveUsage(ctx, u); err != nil {
				return "", "", nil, err
			}
			res.Charged += u.Charged
			res.Protected += u.Protected
			res.Unprotected += u.Unprotected
		}
		res.Charged, res.Protected, res.Unprotected = round2(res.Charged), round2(res.Protected), round2(res.Unprotected)
		res.Available = round2(max(ent.HoursAvailable-res.Protected, 0))
		if !c.Eligible {
			res.Available = 0 // no FMLA entitlement: the state programs' balances apply
		}
		if res.Unprotected > 0 {
			if err := s.task(ctx, st, a, *c, e, fmt.Sprintf("FMLA exhausted: decide on %s hours of %s's leave that are not FMLA-protected", fmtHours(res.Unprotected), e.Name()), "leave_decision", RuleExhausted, "high", s.today(),
				[]rules.Step{{Text: "The leave recorded goes past the FMLA entitlement in the 12-month period: those hours are not FMLA-protected. Decide whether another program, company leave or an accommodation covers them.", Citation: "29 CFR 825.200"}}); err != nil {
				return "", "", nil, err
			}
		}
		return "leave.usage", fmt.Sprintf("Recorded %d day(s) of FMLA leave for %s: %s hours charged, %s not protected", len(in.Days), e.Name(), fmtHours(res.Charged), fmtHours(res.Unprotected)),
			map[string]any{"days": len(in.Days), "charged": res.Charged, "protected": res.Protected, "unprotected": res.Unprotected}, nil
	})
	return res, err
}

// Close closes a case (the leave is over or withdrawn); open tasks of the
// case are cancelled. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Cases) Close(ctx context.Context, a access.Actor, id int64, version int, note string) error {
	return s.change(ctx, a, id, version, func(st CaseStore, c *Case, e people.Employee, set rules.Settings) (string, string, any, error) {
		if c.Designation == DesignationAwaiting {
			return "", "", nil, kit.Conflict("the designation is waiting for approval; withdraw it first")
		}
		ts, err := st.ListTasks(ctx, work.TaskFilter{ObjectType: "leave_case", ObjectID: c.ID, IncludePrivate: true, WholeCompany: true, Limit: 100})
		if err != nil {
			return "", "", nil, err
		}
		for _, t := range ts {
			if t.Open() {
				t.Status, t.UpdatedAt = work.TaskCancelled, s.clock.Now()
				if err := st.UpdateTask(ctx, t); err != nil {
					return "", "", nil, err
				}
			}
		}
		c.Status, c.ClosedOn = CaseClosed, s.today()
		return "leave.case_close", "Closed " + e.Name() + "'s leave case" + noteSuffix(strings.TrimSpace(note)), map[string]any{"note": strings.TrimSpace(note)}, nil
	})
}

// SetDesignationApproval turns the HR manager's approval of designations
// on or off. Requires leave.programs.manage. Errors: KindForbidden.
func (s *Cases) SetDesignationApproval(ctx context.Context, a access.Actor, on bool) error {
	if err := access.Require(a, access.LeaveProgramsManage, access.CompanyTarget); err != nil {
		return err
	}
	v := map[bool]string{true: "1", false: "0"}[on]
	return s.store.InTx(ctx, func(st CaseStore) error {
		if err := st.SetSetting(ctx, SettingDesignationApproval, v); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "leave.settings", ObjectType: "setting",
			Summary: map[bool]string{true: "Designations now need an HR manager's approval", false: "Designations no longer need an HR manager's approval"}[on], RequestID: a.RequestID})
	})
}

// DesignationApproval reports whether designations need approval.
func (s *Cases) DesignationApproval(ctx context.Context) (bool, error) {
	v, err := s.store.Setting(ctx, SettingDesignationApproval)
	return v == "1", err
}

func label(s string) string { return strings.ReplaceAll(s, "_", " ") }
