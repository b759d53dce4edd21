// Package hiring is talent acquisition: the hiring plan the HR manager
// sets, and the requisitions the generalist opens against it (then
// postings, candidates, interviews, offers and metrics).
package hiring

import (
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PlanLine is the planned hiring for one org unit in one quarter.
type PlanLine struct {
	ID          int64
	OrgUnitID   int64
	OrgUnitName string
	OrgPath     string
	Year        int
	Quarter     int // 1-4
	Headcount   int
	BudgetCents int64 // annual salary budget for the planned hires
	Note        string
	UpdatedAt   time.Time
}

// PlanInput sets one plan line.
type PlanInput struct {
	OrgUnitID   int64
	Year        int
	Quarter     int
	Headcount   int
	BudgetCents int64
	Note        string
}

// PlanRow is a plan line against what was requisitioned and hired.
type PlanRow struct {
	PlanLine
	Requested      int   // headcount on requisitions waiting for approval
	Approved       int   // headcount on approved requisitions (open, on hold, filled)
	Filled         int   // headcount hired
	CommittedCents int64 // salary maximum x headcount of approved requisitions
}

// Remaining is planned headcount not yet approved.
func (r PlanRow) Remaining() int { return r.Headcount - r.Approved }

// Requisition statuses.
const (
	ReqDraft     = "draft"
	ReqPending   = "pending_approval"
	ReqOpen      = "open"
	ReqOnHold    = "on_hold"
	ReqFilled    = "filled"
	ReqCancelled = "cancelled"
	ReqRejected  = "rejected"
)

// ReqStatuses in the order a requisition moves through them.
var ReqStatuses = []string{ReqDraft, ReqPending, ReqOpen, ReqOnHold, ReqFilled, ReqCancelled, ReqRejected}

// ReqReasons are why a requisition is opened.
var ReqReasons = []string{"new_headcount", "backfill", "replacement_upgrade", "temporary_cover"}

// EmploymentTypes a requisition may hire for.
var EmploymentTypes = []string{"full_time", "part_time", "temporary", "seasonal"}

// Requisition is a request to hire into a job.
type Requisition struct {
	ID                int64
	Number            string // REQ-00042
	Title             string
	JobID             int64
	JobTitle          string
	OrgUnitID         int64
	OrgUnitName       string
	OrgPath           string
	LocationID        int64
	LocationName      string
	Headcount         int
	EmploymentType    string
	Reason            string
	BackfillFor       int64 // the employee who left, for a backfill
	BackfillName      string
	SalaryMinCents    int64
	SalaryMaxCents    int64
	Currency          string
	HiringManagerID   int64 // an employee
	HiringManagerName string
	RecruiterUserID   int64 // the generalist who runs it
	RecruiterName     string
	TargetStart       date.Date
	KeyRole           bool
	Justification     string
	Requirements      string // skills and keywords, one per line or comma-separated
	StageTemplateID   int64  // the template its pipeline came from (0: none)
	Stages            []Stage
	Status            string
	ApprovalID        int64
	OpenedOn          date.Date // approved: time-to-fill starts
	ClosedOn          date.Date // filled or cancelled
	FilledCount       int
	CreatedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int64
	Plan              []InterviewRound // the interview plan; empty when none was set
}

// Quarter is the plan quarter a requisition consumes: its target start's.
func (r Requisition) Quarter() (year, quarter int) {
	return r.TargetStart.Year(), (int(r.TargetStart.Month())-1)/3 + 1
}

// Open reports whether the requisition is still hiring.
func (r Requisition) Open() bool { return r.Status == ReqOpen }

// RequisitionInput creates or edits a requisition.
type RequisitionInput struct {
	Title           string
	JobID           int64
	OrgUnitID       int64
	LocationID      int64
	Headcount       int
	EmploymentType  string
	Reason          string
	BackfillFor     int64
	SalaryMinCents  int64 // 0: the pay grade's minimum
	SalaryMaxCents  int64 // 0: the pay grade's maximum
	HiringManagerID int64
	RecruiterUserID int64
	TargetStart     date.Date
	KeyRole         bool
	Justification   string
	Requirements    string
	StageTemplateID int64           // the pipeline template; 0 for the default
	Invalid         kit.FieldErrors // parse failures from the caller
}

// RequisitionFilter narrows the list.
type RequisitionFilter struct {
	Status    string // "" for all, "active" for draft, pending, open and on hold
	OrgUnitID int64  // with its subtree
	Q         string // number or title
	// Scope: org paths the actor sees, the whole company, or the
	// requisitions whose hiring manager is one of these employees (or
	// reports to them).
	ScopePaths     []string
	WholeCompany   bool
	HiringManagers []int64
	Limit          int
}
