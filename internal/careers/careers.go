// Package careers models how people grow: job architecture (ladders of
// jobs per family on an individual-contributor or management track, and
// the paths between jobs), a competency framework with five described
// proficiency levels and the level each job requires, self and line
// manager assessments, gap analysis and readiness for a target job,
// succession for key roles, development plans whose actions are Work
// tasks, and the certification and licence catalogue with employees'
// credentials, recertification credits, expiry reminders and the
// compliance view for jobs that require a credential.
package careers

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Competency kinds.
const (
	Skill     = "skill"
	Behaviour = "behaviour"
)

// Tracks of a ladder.
const (
	Individual = "individual"
	Management = "management"
)

// Path kinds.
var PathKinds = []string{"promotion", "lateral", "track_change"}

// Readiness statuses.
const (
	ReadyNow      = "ready_now"
	ReadyOneToTwo = "one_to_two_years"
	ReadyLater    = "later"
)

// ReadinessStatuses lists the statuses, readiest first.
var ReadinessStatuses = []string{ReadyNow, ReadyOneToTwo, ReadyLater}

// ReadinessLabel names a readiness status.
func ReadinessLabel(s string) string {
	switch s {
	case ReadyNow:
		return "Ready now"
	case ReadyOneToTwo:
		return "Ready in 1–2 years"
	case ReadyLater:
		return "Ready later"
	}
	return s
}

// Action kinds of a development plan.
var ActionKinds = []string{"training", "stretch_assignment", "mentoring", "certification", "other"}

// ProficiencyNames are the default names of the five levels.
var ProficiencyNames = [5]string{"Awareness", "Developing", "Proficient", "Advanced", "Expert"}

// Competency is a skill or behaviour with its five proficiency levels,
// each described.
type Competency struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind" enum:"skill,behaviour"`
	Category    string    `json:"category"`
	Description string    `json:"description"`
	Levels      [5]string `json:"levels" doc:"What proficiency 1 to 5 looks like"`
	Active      bool      `json:"active"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Ladder is a job family's track: its rungs are jobs, lowest first.
type Ladder struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Family      string    `json:"family"`
	Track       string    `json:"track" enum:"individual,management"`
	Description string    `json:"description"`
	Rungs       []Rung    `json:"rungs"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TrackLabel names the ladder's track.
func (l Ladder) TrackLabel() string {
	if l.Track == Management {
		return "Management track"
	}
	return "Individual-contributor track"
}

// Rung is a job placed at a level of a ladder.
type Rung struct {
	ID            int64  `json:"id"`
	LadderID      int64  `json:"ladder_id"`
	Position      int    `json:"position" doc:"1 is the lowest rung"`
	JobID         int64  `json:"job_id"`
	JobTitle      string `json:"job_title"`
	JobLevel      string `json:"job_level"`
	Summary       string `json:"summary"`
	TypicalMonths int    `json:"typical_months" doc:"Typical time in the job before the next rung"`
	Holders       int    `json:"holders" doc:"Employees in the job today"`
}

// Path is a move between two jobs besides the next rung of a ladder: a
// promotion across ladders, a lateral move or a change of track.
type Path struct {
	ID        int64  `json:"id"`
	FromJobID int64  `json:"from_job_id"`
	FromTitle string `json:"from_title"`
	ToJobID   int64  `json:"to_job_id"`
	ToTitle   string `json:"to_title"`
	Kind      string `json:"kind" enum:"promotion,lateral,track_change"`
	Note      string `json:"note"`
	// Implied marks the next rung of the job's own ladder (not stored).
	Implied bool `json:"implied"`
}

// Requirement is the proficiency a job requires in a competency.
type Requirement struct {
	CompetencyID int64  `json:"competency_id"`
	Competency   string `json:"competency"`
	Kind         string `json:"kind"`
	Level        int    `json:"level" minimum:"1" maximum:"5"`
}

// CertRequirement is a credential a job requires (compliance) or
// recommends (development).
type CertRequirement struct {
	CertificationID int64  `json:"certification_id"`
	Name            string `json:"name"`
	Abbreviation    string `json:"abbreviation"`
	Required        bool   `json:"required" doc:"Required to hold the job (the compliance view); otherwise recommended"`
}

// JobProfile is a job as careers see it.
type JobProfile struct {
	JobID          int64             `json:"job_id"`
	Title          string            `json:"title"`
	Family         string            `json:"family"`
	Level          string            `json:"level"`
	LadderID       int64             `json:"ladder_id,omitempty"`
	LadderName     string            `json:"ladder_name,omitempty"`
	Position       int               `json:"position,omitempty"`
	Summary        string            `json:"summary"`
	TypicalMonths  int               `json:"typical_months"`
	KeyRole        bool              `json:"key_role"`
	Competencies   []Requirement     `json:"competencies"`
	Certifications []CertRequirement `json:"certifications"`
	// Next are the moves out of the job: the ladder's next rung first.
	Next []Path `json:"next"`
}

// Job is a job of the catalogue (for choosers).
type Job struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Family string `json:"family"`
	Level  string `json:"level"`
}

// Certification is a certification or licence of the catalogue.
type Certification struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Abbreviation string `json:"abbreviation"`
	Issuer       string `json:"issuer"`
	Kind         string `json:"kind" enum:"certification,licence"`
	// ValidityMonths is how long a credential stays valid (0: it does not
	// expire).
	ValidityMonths int `json:"validity_months"`
	// CreditsRequired is the recertification credits per cycle (0: none,
	// renewal by re-examination or fee).
	CreditsRequired float64   `json:"credits_required"`
	CreditUnit      string    `json:"credit_unit" doc:"What the issuer calls its credits (recertification credits, PDCs, CEUs)"`
	Description     string    `json:"description"`
	URL             string    `json:"url"`
	Active          bool      `json:"active"`
	Holders         int       `json:"holders" doc:"Employees holding a valid credential today"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Credential is an employee's certification or licence.
type Credential struct {
	ID              int64     `json:"id"`
	EmployeeID      int64     `json:"employee_id"`
	EmployeeName    string    `json:"employee_name"`
	CertificationID int64     `json:"certification_id"`
	Certification   string    `json:"certification"`
	Abbreviation    string    `json:"abbreviation"`
	Number          string    `json:"number"`
	IssuedOn        date.Date `json:"issued_on"`
	ExpiresOn       date.Date `json:"expires_on,omitzero"`
	DocumentID      int64     `json:"document_id,omitempty" doc:"The certificate in the employee file"`
	VerifiedBy      int64     `json:"verified_by,omitempty"`
	VerifiedByName  string    `json:"verified_by_name,omitempty"`
	VerifiedAt      time.Time `json:"verified_at,omitzero"`
	CostCents       int64     `json:"cost_cents"`
	Reimbursement   string    `json:"reimbursement" enum:"none,requested,approved,paid,denied"`
	ReimbursedCents int64     `json:"reimbursed_cents"`
	Notes           string    `json:"notes"`
	RenewedBy       int64     `json:"renewed_by,omitempty" doc:"The credential that renewed this one"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	// Derived on read.
	Status          string  `json:"status" enum:"valid,expiring,expired,renewed"`
	DaysLeft        int     `json:"days_left,omitempty"`
	CreditsEarned   float64 `json:"credits_earned"`
	CreditsRequired float64 `json:"credits_required"`
	CreditUnit      string  `json:"credit_unit"`
	OrgPath         string  `json:"-"`
}

// ExpiringDays is how far ahead a credential counts as expiring.
const ExpiringDays = 90

// ReminderDays are the days before expiry when the holder (and their
// line manager) are reminded; the first opens the renewal task.
var ReminderDays = []int{90, 30, 7}

// derive sets the credential's status on a day.
func (c *Credential) derive(today date.Date) {
	switch {
	case c.RenewedBy != 0:
		c.Status = "renewed"
	case c.ExpiresOn.IsZero():
		c.Status = "valid"
	case c.ExpiresOn.Before(today):
		c.Status = "expired"
	case !c.ExpiresOn.After(today.AddDays(ExpiringDays)):
		c.Status = "expiring"
	default:
		c.Status = "valid"
	}
	c.DaysLeft = 0
	if !c.ExpiresOn.IsZero() && c.RenewedBy == 0 {
		c.DaysLeft = today.DaysUntil(c.ExpiresOn)
	}
}

// Current reports whether the credential is in force on a day.
func (c Credential) Current(today date.Date) bool {
	return c.RenewedBy == 0 && !c.IssuedOn.After(today) && (c.ExpiresOn.IsZero() || !c.ExpiresOn.Before(today))
}

// Credit is a line of a credential's recertification credit log: logged
// by hand or earned in a training session counted toward the
// certification.
type Credit struct {
	ID           int64     `json:"id,omitempty"`
	CredentialID int64     `json:"credential_id"`
	EarnedOn     date.Date `json:"earned_on"`
	Credits      float64   `json:"credits"`
	Activity     string    `json:"activity"`
	Category     string    `json:"category"`
	TrainingID   int64     `json:"training_id,omitempty" doc:"Set when the credits come from a training session"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
}

// TrainingRecord is a training session an employee was invited to.
type TrainingRecord struct {
	TrainingID      int64     `json:"training_id"`
	Topic           string    `json:"topic"`
	Title           string    `json:"title"`
	HeldOn          date.Date `json:"held_on"`
	Trainer         string    `json:"trainer"`
	Hours           int       `json:"hours"`
	Credits         float64   `json:"credits"`
	CertificationID int64     `json:"certification_id,omitempty"`
	Certification   string    `json:"certification,omitempty"`
	Attended        bool      `json:"attended"`
}

// Assessment is one rating of one competency.
type Assessment struct {
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	CompetencyID int64     `json:"competency_id"`
	Competency   string    `json:"competency"`
	Rater        string    `json:"rater" enum:"self,manager"`
	RaterUserID  int64     `json:"rater_user_id"`
	RaterName    string    `json:"rater_name"`
	Rating       int       `json:"rating" minimum:"1" maximum:"5"`
	Evidence     string    `json:"evidence"`
	AssessedOn   date.Date `json:"assessed_on"`
	CreatedAt    time.Time `json:"created_at"`
}

// Readiness is a line manager's view of an employee's readiness for a job.
type Readiness struct {
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name"`
	JobTitle     string    `json:"job_title" doc:"The employee's current job"`
	OrgUnit      string    `json:"org_unit"`
	TargetJobID  int64     `json:"target_job_id"`
	TargetTitle  string    `json:"target_title"`
	Status       string    `json:"status" enum:"ready_now,one_to_two_years,later"`
	Note         string    `json:"note"`
	SetBy        int64     `json:"set_by"`
	SetByName    string    `json:"set_by_name"`
	SetOn        date.Date `json:"set_on"`
	CreatedAt    time.Time `json:"created_at"`
	OrgPath      string    `json:"-"`
}

// StatusLabel names the readiness.
func (r Readiness) StatusLabel() string { return ReadinessLabel(r.Status) }

// Person is an employee as careers read them.
type Person struct {
	EmployeeID   int64     `json:"employee_id"`
	UserID       int64     `json:"-"`
	Name         string    `json:"name"`
	Number       string    `json:"employee_number"`
	JobID        int64     `json:"job_id"`
	JobTitle     string    `json:"job_title"`
	JobFamily    string    `json:"job_family"`
	OrgUnit      string    `json:"org_unit"`
	OrgPath      string    `json:"-"`
	ManagerChain []int64   `json:"-"`
	ManagerUser  int64     `json:"-"`
	InJobSince   date.Date `json:"in_job_since,omitzero"`
	Employed     bool      `json:"employed"`
}

func (p Person) target() access.Target {
	return access.Target{EmployeeID: p.EmployeeID, OrgPath: p.OrgPath, ManagerChain: p.ManagerChain}
}

// Store is what careers need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.TaskStore
	AppendAudit(ctx context.Context, e audit.Entry) error

	CareerJobs(ctx context.Context) ([]Job, error)
	Competencies(ctx context.Context) ([]Competency, error)
	GetCompetency(ctx context.Context, id int64) (Competency, error)
	SaveCompetency(ctx context.Context, c Competency) (int64, error)

	Ladders(ctx context.Context) ([]Ladder, error)
	GetLadder(ctx context.Context, id int64) (Ladder, error)
	SaveLadder(ctx context.Context, l Ladder) (int64, error)
	CareerPaths(ctx context.Context) ([]Path, error)
	InsertCareerPath(ctx context.Context, p Path) (int64, error)
	DeleteCareerPath(ctx context.Context, id int64) error

	// JobProfile reads a job with its rung, requirements and key-role
	// mark (Next is filled by the service).
	JobProfile(ctx context.Context, jobID int64) (JobProfile, error)
	SetJobCompetencies(ctx context.Context, jobID int64, rs []Requirement) error
	SetJobCertifications(ctx context.Context, jobID int64, rs []CertRequirement) error
	SetKeyRole(ctx context.Context, jobID int64, key bool, note string, at time.Time) error
	KeyRoles(ctx context.Context) ([]JobProfile, error)

	Certifications(ctx context.Context, today date.Date) ([]Certification, error)
	GetCertification(ctx context.Context, id int64) (Certification, error)
	SaveCertification(ctx context.Context, c Certification) (int64, error)

	CareerPerson(ctx context.Context, employeeID int64) (Person, error)
	// CareerPeople lists the employees in a job today, in scope.
	CareerPeople(ctx context.Context, jobID int64, paths []string, whole bool) ([]Person, error)
	// DirectReports lists a manager's direct reports employed today.
	CareerReports(ctx context.Context, managerEmployeeID int64) ([]Person, error)

	Assessments(ctx context.Context, employeeID int64) ([]Assessment, error)
	InsertAssessment(ctx context.Context, x Assessment) (int64, error)
	ReadinessOf(ctx context.Context, employeeID int64) ([]Readiness, error)
	// ReadinessFor lists the latest readiness of everyone for a job.
	ReadinessFor(ctx context.Context, jobID int64) ([]Readiness, error)
	InsertReadiness(ctx context.Context, r Readiness) (int64, error)

	DevPlans(ctx context.Context, employeeID int64) ([]DevPlan, error)
	GetDevPlan(ctx context.Context, id int64) (DevPlan, error)
	InsertDevPlan(ctx context.Context, p DevPlan) (int64, error)
	SetDevPlanStatus(ctx context.Context, id int64, status string, at time.Time) error
	InsertDevGoal(ctx context.Context, g Goal) (int64, error)
	SetDevGoalDone(ctx context.Context, id int64, at time.Time) error
	InsertDevAction(ctx context.Context, x Action) (int64, error)
	SetDevActionDone(ctx context.Context, id int64, at time.Time) error
	InsertDevCheckin(ctx context.Context, c Checkin) (int64, error)

	Credentials(ctx context.Context, employeeID int64) ([]Credential, error)
	GetCredential(ctx context.Context, id int64) (Credential, error)
	InsertCredential(ctx context.Context, c Credential) (int64, error)
	UpdateCredential(ctx context.Context, c Credential) error
	Credits(ctx context.Context, credentialID int64) ([]Credit, error)
	InsertCredit(ctx context.Context, c Credit) (int64, error)
	// TrainingRecords lists the sessions an employee was invited to.
	TrainingRecords(ctx context.Context, employeeID int64) ([]TrainingRecord, error)
	// ExpiringCredentials lists current credentials expiring on or
	// before a day (not renewed), with their holders.
	ExpiringCredentials(ctx context.Context, by date.Date) ([]Credential, error)
	ReminderSent(ctx context.Context, credentialID int64, days int, expires date.Date) (bool, error)
	InsertReminder(ctx context.Context, credentialID int64, days int, expires date.Date, at time.Time) error
	// RequiredCredentialRows lists, for the employees in scope whose job
	// requires a credential, each requirement with their latest
	// credential of it (zero when they have none). With underManager,
	// the rows of that manager's reporting subtree carry the manager in
	// their ManagerChain.
	RequiredCredentialRows(ctx context.Context, paths []string, whole bool, underManager int64) ([]ComplianceRow, error)

	InsertBlob(ctx context.Context, data []byte, sha string) (int64, error)
	InsertCareerDocument(ctx context.Context, employeeID int64, title, filename, contentType string, size int64, sha string, blobID, by int64, at time.Time) (int64, error)
}

// Service runs the careers use cases.
type Service struct {
	store Store
	clock kit.Clock
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

// person loads an employee and checks the actor holds perm over them;
// someone who may not even see the employee's career gets not found.
func (s *Service) person(ctx context.Context, st Store, a access.Actor, perm access.Permission, employeeID int64) (Person, error) {
	p, err := st.CareerPerson(ctx, employeeID)
	if err != nil {
		return p, err
	}
	if !access.Can(a, perm, p.target()) {
		if !access.Can(a, access.CareerView, p.target()) {
			return p, kit.NotFound("employee")
		}
		return p, access.Require(a, perm, p.target())
	}
	return p, nil
}

func catalog(a access.Actor) error {
	return access.Require(a, access.CareerCatalogView, access.CompanyTarget)
}

func design(a access.Actor) error {
	return access.Require(a, access.CareerDesign, access.CompanyTarget)
}

// text trims a value and checks its length.
func text(f kit.FieldErrors, field, v string, required bool, max int) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		f.Add(field, "Required")
	case len(v) > max:
		f.Add(field, "Use at most "+kit.FormatInt(int64(max))+" characters")
	}
	return v
}

// hundredths rounds credits to the hundredth the store keeps.
func hundredths(v float64) float64 { return math.Round(v*100) / 100 }
