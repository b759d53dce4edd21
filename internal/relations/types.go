// Package relations runs employee relations: concerns raised by employees,
// referred by line managers, logged by HR or reported anonymously; ER cases
// routed by risk, their parties, notes, evidence (with chain of custody),
// investigations (plan, interviews, findings per allegation), outcomes and
// decisions; discipline records with acknowledgements and letters; and
// the trends HR managers read.
//
// A case is need-to-know: see CanSee. Its text and evidence are sealed at
// rest, and every view is audited.
package relations

import (
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ErrPartyInUse refuses to take off a case a person its record refers to.
var ErrPartyInUse = kit.Conflict("this person is named in the case's notes or allegations; they stay on the case")

// Categories of a case, in the order the forms list them.
var Categories = []string{"conflict", "performance", "policy_violation", "attendance", "harassment", "discrimination",
	"retaliation", "safety", "ethics", "other"}

// CategoryLabels name the categories.
var CategoryLabels = map[string]string{
	"conflict": "Conflict between employees", "performance": "Performance", "policy_violation": "Policy violation",
	"attendance": "Attendance", "harassment": "Harassment", "discrimination": "Discrimination", "retaliation": "Retaliation",
	"safety": "Safety", "ethics": "Ethics or whistleblowing", "other": "Other",
}

// DefaultEscalated are the categories routed to an HR manager unless the
// HR manager configures otherwise.
var DefaultEscalated = []string{"harassment", "discrimination", "retaliation", "ethics", "safety"}

// Severities, lowest first. A critical case always escalates.
var Severities = []string{"low", "medium", "high", "critical"}

// Channels a case comes in by.
const (
	ChannelSelf      = "self_service"
	ChannelReferral  = "manager_referral"
	ChannelHR        = "hr_logged"
	ChannelAnonymous = "anonymous"
)

// Case statuses.
const (
	StatusOpen          = "open"
	StatusInvestigating = "investigating"
	StatusDecision      = "awaiting_decision"
	StatusDecided       = "decided"
	StatusClosed        = "closed"
)

// Approval states of a plan, findings report or outcome.
const (
	StepNone     = ""
	StepPending  = "pending"
	StepApproved = "approved"
	StepReturned = "changes_requested"
	StepRejected = "rejected"
)

// Case is an ER case. Title, Description, Resolution and the plan are
// sealed at rest; the service opens them.
type Case struct {
	ID           int64
	Category     string
	Severity     string
	Status       string
	Channel      string
	Title        string
	Description  string
	OrgUnitID    int64
	OrgPath      string
	OrgUnitName  string
	LocationID   int64
	LocationName string
	OccurredOn   date.Date
	ReportedOn   date.Date
	OwnerUserID  int64
	OwnerName    string
	Escalated    bool
	Restricted   bool
	// ReporterUserID is who raised it (0 for an anonymous report, whose
	// identity is never stored).
	ReporterUserID int64
	Plan           Plan
	PlanStatus     string
	PlanApproval   int64
	Findings       string // the findings report's summary
	FindingsStatus string
	FindingsAppr   int64
	Outcome        Outcome
	OutcomeStatus  string
	OutcomeAppr    int64
	Resolution     string
	Hold           bool
	HoldReason     string
	HoldAt         time.Time
	OpenedAt       time.Time
	ClosedAt       time.Time
	ClosedOn       date.Date
	UpdatedAt      time.Time
	Version        int64
}

// Number is the case's reference, safe to show to anyone on the team and
// to the reporter.
func (c Case) Number() string { return CaseNumber(c.ID) }

// CaseNumber formats a case id as its reference.
func CaseNumber(id int64) string { return fmt.Sprintf("ER-%04d", id) }

// Open reports whether the case is not closed.
func (c Case) Open() bool { return c.Status != StatusClosed }

// Plan is the investigation plan (allegations are kept apart, each with
// its finding).
type Plan struct {
	Scope     string   `json:"scope,omitempty"`
	Questions []string `json:"questions,omitempty"`
	Witnesses []string `json:"witnesses,omitempty"`
	Evidence  []string `json:"evidence,omitempty"`
	Approach  string   `json:"approach,omitempty"`
}

// Empty reports whether nothing was planned.
func (p Plan) Empty() bool {
	return p.Scope == "" && len(p.Questions) == 0 && len(p.Witnesses) == 0 && len(p.Evidence) == 0 && p.Approach == ""
}

// Outcomes a case can end with.
var Outcomes = []string{"no_action", "mediation_agreement", "coaching", "verbal_warning", "written_warning", "final_warning", "pip", "suspension", "termination", "other"}

// Outcome is what the team recommends and, where needed, an HR manager
// decides.
type Outcome struct {
	Kind        string    `json:"kind,omitempty"`
	EmployeeID  int64     `json:"employee_id,omitempty"` // whom it applies to
	Reasons     string    `json:"reasons,omitempty"`
	EvidenceIDs []int64   `json:"evidence_ids,omitempty"`
	LastDay     date.Date `json:"last_day,omitzero"`     // termination
	From        date.Date `json:"from,omitzero"`         // suspension
	To          date.Date `json:"to,omitzero"`           // suspension
	Paid        bool      `json:"paid,omitempty"`        // suspension
	DecidedBy   string    `json:"decided_by,omitempty"`  // the decider's name
	Comment     string    `json:"comment,omitempty"`     // the decider's
	Termination int64     `json:"termination,omitempty"` // the people termination request
	Discipline  int64     `json:"discipline,omitempty"`  // the discipline record issued
}

// NeedsDecision reports whether an outcome needs an HR manager's decision:
// a suspension or a termination always, every outcome of an escalated case.
func NeedsDecision(kind string, escalated bool) bool {
	return escalated || kind == "suspension" || kind == "termination"
}

// Party roles.
var PartyRoles = []string{"reporter", "subject", "witness", "other"}

// Party is a person in a case: an employee, or a named outsider.
type Party struct {
	ID         int64
	CaseID     int64
	EmployeeID int64
	Name       string // the employee's name, or the outsider's (sealed)
	JobTitle   string
	Role       string
	AddedAt    time.Time
}

// Member roles on a case team (the owner is on the case itself).
const (
	MemberInvestigator = "investigator"
	MemberAssistant    = "assistant"
)

// Member is an investigator or assistant: a user, or an external
// investigator who has no sign-in.
type Member struct {
	CaseID   int64
	UserID   int64
	Name     string
	Role     string
	External bool
	Firm     string
	AddedAt  time.Time
}

// Entry kinds on a case's record.
var EntryKinds = []string{"note", "meeting", "advice", "interview", "timeline", "reporter_message", "reply"}

// EntryLabels name the kinds.
var EntryLabels = map[string]string{
	"note": "Note", "meeting": "Meeting notes", "advice": "Advice to a line manager", "interview": "Interview notes",
	"timeline": "Timeline event", "reporter_message": "From the reporter", "reply": "Reply to the reporter",
}

// Entry is one item on a case's record. Body is sealed at rest.
type Entry struct {
	ID         int64
	CaseID     int64
	Kind       string
	OccurredOn date.Date
	Body       string
	PartyID    int64 // the witness of an interview, the manager advised
	PartyName  string
	// AckStatus is the witness's answer to their interview notes:
	// pending, acknowledged or disputed.
	AckStatus  string
	AckComment string
	AckAt      time.Time
	CreatedBy  int64
	ByName     string
	CreatedAt  time.Time
}

// Evidence is an upload on a case. The file is sealed at rest; SHA256 is
// of the original bytes, checked on every download.
type Evidence struct {
	ID          int64
	CaseID      int64
	Title       string
	Filename    string
	Description string
	ContentType string
	Size        int64
	SHA256      string
	BlobID      int64
	AddedBy     int64
	ByName      string
	AddedAt     time.Time
}

// Findings per allegation.
var FindingValues = []string{"substantiated", "not_substantiated", "inconclusive"}

// Allegation is one allegation of an investigation with its finding.
type Allegation struct {
	ID        int64
	CaseID    int64
	Position  int
	Text      string
	SubjectID int64 // the party it is against (0: unspecified)
	Finding   string
	Reasoning string
	FoundAt   time.Time
}

// Access is one line of a case's access log (from the audit trail).
type Access struct {
	At     time.Time
	Who    string
	Action string
	What   string
}

// CaseFilter narrows a case list.
type CaseFilter struct {
	Status    string // "" all, "open" (not closed), or a status
	Category  string
	OwnerID   int64
	Mine      bool // owner or on the team
	OrgUnitID int64
	Hold      bool // on legal hold only
	// BeforeID pages back: cases with a smaller id (newest first).
	BeforeID int64
	Limit    int
}

// CaseSummary is a row of the case list (the title is opened by the
// service).
type CaseSummary struct {
	Case
	Subjects int
}
