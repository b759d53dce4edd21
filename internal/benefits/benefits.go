// Package benefits administers employee benefits: the carriers and
// brokers the HR manager negotiates with, the plans they offer (medical,
// dental, vision, life, disability, FSA/HSA and the 401(k) as a deduction
// record) with their cost per coverage tier and plan year and who is
// eligible, the employees' dependents (SSN and date of birth sealed),
// enrollment windows (open enrollment for everyone, a new hire's own
// window started on the first day, a life event's window) in which
// employees elect a plan and tier or waive with a reason, and the
// coverages that result: effective-dated, each one a payroll deduction
// and a line of the carrier's 834 feed.
package benefits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Plan types.
const (
	Medical    = "medical"
	Dental     = "dental"
	Vision     = "vision"
	Life       = "life"
	Disability = "disability"
	FSA        = "fsa"
	HSA        = "hsa"
	Retirement = "retirement"
)

// Types lists the plan types in the order enrollment walks them.
var Types = []string{Medical, Dental, Vision, Life, Disability, FSA, HSA, Retirement}

// TypeLabel names a plan type for people.
func TypeLabel(t string) string {
	switch t {
	case Medical:
		return "Medical"
	case Dental:
		return "Dental"
	case Vision:
		return "Vision"
	case Life:
		return "Life insurance"
	case Disability:
		return "Disability"
	case FSA:
		return "Flexible spending account (FSA)"
	case HSA:
		return "Health savings account (HSA)"
	case Retirement:
		return "401(k)"
	}
	return t
}

// Group health plans: dependents can be covered, tiers apply, and the
// HIPAA special-enrollment and COBRA rules apply to them.
func isHealth(t string) bool { return t == Medical || t == Dental || t == Vision }

// IsHealth reports whether a plan type is a group health plan.
func IsHealth(t string) bool { return isHealth(t) }

// Coverage tiers.
const (
	TierEmployee         = "employee"
	TierEmployeeSpouse   = "employee_spouse"
	TierEmployeeChildren = "employee_children"
	TierFamily           = "family"
)

// Tiers lists the coverage tiers.
var Tiers = []string{TierEmployee, TierEmployeeSpouse, TierEmployeeChildren, TierFamily}

// TierLabel names a tier.
func TierLabel(t string) string {
	switch t {
	case TierEmployee:
		return "Employee only"
	case TierEmployeeSpouse:
		return "Employee + spouse"
	case TierEmployeeChildren:
		return "Employee + children"
	case TierFamily:
		return "Family"
	}
	return t
}

// Dependent relationships.
const (
	Spouse          = "spouse"
	DomesticPartner = "domestic_partner"
	Child           = "child"
)

// Relationships lists the dependent relationships.
var Relationships = []string{Spouse, DomesticPartner, Child}

// Window kinds.
const (
	OpenEnrollment = "open_enrollment"
	NewHire        = "new_hire"
	LifeEventKind  = "life_event"
)

// Enrollment statuses of one employee in one window.
const (
	NotStarted = "not_started"
	InProgress = "in_progress"
	Done       = "done"
)

// Carrier is an insurance carrier, administrator or broker.
type Carrier struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind" enum:"carrier,broker,administrator"`
	// PayerID identifies the carrier in its 834 feed (N1*IN, usually its
	// FEIN or NAIC code); feeds refuse a carrier without one.
	PayerID      string `json:"payer_id"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	ContactPhone string `json:"contact_phone"`
	// ContractStart and RenewalDate bound the contract; Cadre opens a
	// renewal task RenewalLeadDays before the renewal.
	ContractStart   date.Date `json:"contract_start,omitzero"`
	RenewalDate     date.Date `json:"renewal_date,omitzero"`
	RenewalLeadDays int       `json:"renewal_lead_days"`
	Notes           string    `json:"notes"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Carrier kinds.
var CarrierKinds = []string{"carrier", "broker", "administrator"}

// Quote is a carrier's quoted cost for a plan year and tier (renewal
// negotiation), compared year over year with the rates in force.
type Quote struct {
	ID            int64     `json:"id"`
	CarrierID     int64     `json:"carrier_id"`
	PlanID        int64     `json:"plan_id"`
	PlanName      string    `json:"plan_name"`
	Year          int       `json:"plan_year"`
	Tier          string    `json:"tier"`
	TotalCents    int64     `json:"total_cents_per_period" doc:"Employee and employer cost together, per pay period"`
	CurrentCents  int64     `json:"current_cents_per_period" doc:"The same tier's total in the year before (0 when unknown)"`
	ChangePercent float64   `json:"change_percent"`
	Note          string    `json:"note"`
	CreatedAt     time.Time `json:"created_at"`
}

// Eligibility says who may enroll in a plan.
type Eligibility struct {
	// Types are the employment types eligible (empty: all).
	Types []string `json:"employment_types"`
	// MinHours is the weekly hours an employee must be scheduled for.
	MinHours int `json:"min_weekly_hours"`
	// WaitingDays is the waiting period after the hire date; coverage
	// starts the first of the month on or after it ends. At most 90
	// days (the ACA limit, 29 CFR 2590.715-2708).
	WaitingDays int `json:"waiting_days"`
}

// Rate is one tier's cost per pay period in a plan year.
type Rate struct {
	Tier          string `json:"tier"`
	EmployeeCents int64  `json:"employee_cents"`
	EmployerCents int64  `json:"employer_cents"`
}

// Plan is a benefit plan.
type Plan struct {
	ID          int64  `json:"id"`
	CarrierID   int64  `json:"carrier_id"`
	CarrierName string `json:"carrier_name"`
	Type        string `json:"type" enum:"medical,dental,vision,life,disability,fsa,hsa,retirement"`
	Name        string `json:"name"`
	// Code is the deduction code payroll knows the plan by.
	Code string `json:"code"`
	// GroupNumber is the carrier's group or policy number (834 REF*38).
	GroupNumber string `json:"group_number"`
	Description string `json:"description"`
	// DocumentURL links the summary plan description or plan document.
	DocumentURL string      `json:"document_url"`
	Eligibility Eligibility `json:"eligibility"`
	// ChildAgeLimit: children are covered until this birthday (26 under
	// the ACA for medical).
	ChildAgeLimit int `json:"child_age_limit"`
	// Rates by plan year (its first day's year), per tier.
	Rates  map[int][]Rate `json:"rates"`
	Active bool           `json:"active"`
	// Enrolled is the number of coverages in force today (lists only).
	Enrolled  int       `json:"enrolled"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Rate returns the plan's rate for a tier in a plan year.
func (p Plan) Rate(year int, tier string) (Rate, bool) {
	for _, r := range p.Rates[year] {
		if r.Tier == tier {
			return r, true
		}
	}
	return Rate{}, false
}

// Years lists the plan years with rates, in order.
func (p Plan) Years() []int {
	var ys []int
	for y := range p.Rates {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// TypeLabel names the plan's type.
func (p Plan) TypeLabel() string { return TypeLabel(p.Type) }

// Tiered reports whether dependents can be covered (group health plans).
func (p Plan) Tiered() bool { return isHealth(p.Type) }

// Person is an employee as benefits reads them.
type Person struct {
	EmployeeID int64
	UserID     int64 // the employee's user, 0 without one
	Number     string
	Name       string
	GivenName  string
	FamilyName string
	WorkEmail  string
	OrgUnit    string
	OrgUnitID  int64
	OrgPath    string
	Type       string // employment type
	Hours      int
	Start      date.Date // the current (or last) employment's first day
	End        date.Date // its last day; zero while employed
	AnnualPay  int64
}

// Eligible reports whether the person may enroll in the plan, with the
// reason when not.
func (p Plan) Eligible(who Person) (bool, string) {
	if !p.Active {
		return false, "the plan is closed to enrollment"
	}
	if len(p.Eligibility.Types) > 0 && !slices.Contains(p.Eligibility.Types, who.Type) {
		return false, fmt.Sprintf("the plan covers %s employees", strings.ReplaceAll(strings.Join(p.Eligibility.Types, ", "), "_", "-"))
	}
	if who.Hours < p.Eligibility.MinHours {
		return false, fmt.Sprintf("the plan needs %d scheduled hours a week", p.Eligibility.MinHours)
	}
	return true, ""
}

// EligibleFrom is the first day of coverage for a new hire: the first of
// the month on or after the end of the waiting period.
func (p Plan) EligibleFrom(hire date.Date) date.Date {
	return FirstOfMonthOnOrAfter(hire.AddDays(p.Eligibility.WaitingDays))
}

// FirstOfMonthOnOrAfter is d when it is the 1st, else the next month's 1st.
func FirstOfMonthOnOrAfter(d date.Date) date.Date {
	if d.Day() == 1 {
		return d
	}
	return d.FirstOfMonth().AddMonths(1)
}

// Dependent is a spouse, domestic partner or child an employee can cover.
// SSN and date of birth are sealed at rest; BirthDate is filled for the
// service's checks and shown only to the employee and on an audited
// reveal.
type Dependent struct {
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	Relationship string    `json:"relationship" enum:"spouse,domestic_partner,child"`
	GivenName    string    `json:"given_name"`
	FamilyName   string    `json:"family_name"`
	Gender       string    `json:"gender" enum:"F,M,U"`
	BirthDate    date.Date `json:"birth_date,omitzero" doc:"Shown to the employee only; HR reveals it (audited)"`
	BirthMasked  string    `json:"birth_date_masked"`
	Age          int       `json:"age"`
	SSNLast4     string    `json:"ssn_last4"`
	Disabled     bool      `json:"disabled" doc:"A disabled child stays eligible past the age limit"`
	// Since is the day the dependent joined the family (marriage, birth,
	// adoption), for life events; zero when not given.
	Since     date.Date `json:"since,omitzero"`
	RemovedOn date.Date `json:"removed_on,omitzero"`
	CreatedAt time.Time `json:"created_at"`

	sealedSSN, sealedBirth []byte
}

// Name is "Given Family".
func (d Dependent) Name() string { return strings.TrimSpace(d.GivenName + " " + d.FamilyName) }

// RelationshipLabel names the relationship.
func (d Dependent) RelationshipLabel() string {
	switch d.Relationship {
	case Spouse:
		return "Spouse"
	case DomesticPartner:
		return "Domestic partner"
	case Child:
		return "Child"
	}
	return d.Relationship
}

// Partner reports whether the dependent is a spouse or domestic partner.
func (d Dependent) Partner() bool {
	return d.Relationship == Spouse || d.Relationship == DomesticPartner
}

// AgeOn is the dependent's age in whole years on day.
func AgeOn(birth, day date.Date) int {
	if birth.IsZero() {
		return 0
	}
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day()) {
		age--
	}
	return age
}

// Sealed exposes the sealed values for the store.
func (d Dependent) Sealed() (ssn, birth []byte) { return d.sealedSSN, d.sealedBirth }

// WithSealed sets the sealed values (the store, reading a row).
func (d Dependent) WithSealed(ssn, birth []byte) Dependent {
	d.sealedSSN, d.sealedBirth = ssn, birth
	return d
}

// Window is an enrollment window.
type Window struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind" enum:"open_enrollment,new_hire,life_event"`
	Name string `json:"name"`
	// Opens and Closes are the first and last days employees can elect.
	Opens  date.Date `json:"opens"`
	Closes date.Date `json:"closes"`
	// CoverageStart is when the elections take effect: the plan year's
	// first day for open enrollment, the eligibility date for a new hire,
	// the event's coverage date for a life event.
	CoverageStart date.Date `json:"coverage_start"`
	// EmployeeID is the new hire's or the life event's employee (0 for
	// open enrollment).
	EmployeeID  int64 `json:"employee_id,omitempty"`
	LifeEventID int64 `json:"life_event_id,omitempty"`
	// Passive: at close, employees who did not confirm keep their current
	// coverage at the new year's rates (open enrollment only).
	Passive   bool      `json:"passive"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	// Status is scheduled, open, closing (past its last day, not yet
	// closed) or closed.
	Status string `json:"status"`
}

// PlanYear is the plan year the window elects for.
func (w Window) PlanYear() int { return w.CoverageStart.Year() }

// status derives the window's status on a day.
func (w *Window) status(today date.Date) {
	switch {
	case !w.ClosedAt.IsZero():
		w.Status = "closed"
	case today.Before(w.Opens):
		w.Status = "scheduled"
	case today.After(w.Closes):
		w.Status = "closing"
	default:
		w.Status = "open"
	}
}

// KindLabel names the window's kind.
func (w Window) KindLabel() string {
	switch w.Kind {
	case OpenEnrollment:
		return "Open enrollment"
	case NewHire:
		return "New-hire enrollment"
	case LifeEventKind:
		return "Life event"
	}
	return w.Kind
}

// Election is an employee's choice for one plan type in a window: a plan
// and tier with the dependents covered, or a waiver with its reason.
type Election struct {
	WindowID     int64   `json:"window_id"`
	EmployeeID   int64   `json:"employee_id"`
	Type         string  `json:"type"`
	PlanID       int64   `json:"plan_id,omitempty"`
	PlanName     string  `json:"plan_name,omitempty"`
	Tier         string  `json:"tier,omitempty"`
	DependentIDs []int64 `json:"dependent_ids"`
	Waived       bool    `json:"waived"`
	WaiveReason  string  `json:"waive_reason,omitempty"`
	// AmountCents is an FSA or HSA annual election; PercentBP a 401(k)
	// deferral in basis points of pay.
	AmountCents   int64     `json:"annual_amount_cents,omitempty"`
	PercentBP     int       `json:"percent_bp,omitempty"`
	EmployeeCents int64     `json:"employee_cents_per_period"`
	EmployerCents int64     `json:"employer_cents_per_period"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Enrollment is one employee's progress in one window.
type Enrollment struct {
	WindowID    int64      `json:"window_id"`
	EmployeeID  int64      `json:"employee_id"`
	Name        string     `json:"name"`
	Number      string     `json:"employee_number"`
	OrgUnit     string     `json:"org_unit"`
	OrgPath     string     `json:"-"`
	Status      string     `json:"status" enum:"not_started,in_progress,done"`
	ConfirmedAt time.Time  `json:"confirmed_at,omitzero"`
	Elections   []Election `json:"elections,omitempty"`
	// SortKey orders the progress listing by name, as the directory.
	SortKey string `json:"-"`
}

// ProgressQuery selects a window's eligible employees: employed on Day,
// in scope, only EmployeeID for a personal window, and with Status when
// it is set.
type ProgressQuery struct {
	WindowID   int64
	Day        date.Date
	EmployeeID int64
	Paths      []string
	Whole      bool
	Status     string
	Limit      int
	Offset     int
	// After continues a listing after this employee (keyset paging).
	After *ProgressCursor
	// Dense says the status is common enough that walking the employees
	// by name finds a page sooner than sorting everyone with the status.
	Dense bool
}

// ProgressCursor is where a page of the progress listing ended: the
// listing's sort key of its last employee.
type ProgressCursor struct {
	Rank    int
	SortKey string
	ID      int64
}

// ProgressPage asks for a page of the progress listing: by Cursor (from
// the previous page's Next) or by Offset.
type ProgressPage struct {
	Status string
	Limit  int
	Offset int
	Cursor string
}

// ProgressView is the open-enrollment dashboard: the totals by org unit
// and one page of the employees matching a status filter.
type ProgressView struct {
	Window    Window
	ByOrgUnit []Progress
	Total     Progress
	// Matching counts the employees matching the filter, across pages.
	Matching  int
	Employees []Enrollment
	// Next is the cursor of the following page, empty on the last.
	Next string
}

// Coverage is an election in force: effective-dated, one payroll
// deduction and one line of the carrier's 834.
type Coverage struct {
	ID            int64     `json:"id"`
	EmployeeID    int64     `json:"employee_id"`
	EmployeeName  string    `json:"employee_name,omitempty"`
	PlanID        int64     `json:"plan_id"`
	PlanName      string    `json:"plan_name"`
	Type          string    `json:"type"`
	Tier          string    `json:"tier"`
	DependentIDs  []int64   `json:"dependent_ids"`
	AmountCents   int64     `json:"annual_amount_cents,omitempty"`
	PercentBP     int       `json:"percent_bp,omitempty"`
	EmployeeCents int64     `json:"employee_cents_per_period"`
	EmployerCents int64     `json:"employer_cents_per_period"`
	From          date.Date `json:"effective_from"`
	To            date.Date `json:"effective_to,omitzero"`
	WindowID      int64     `json:"window_id,omitempty"`
	EndReason     string    `json:"end_reason,omitempty"`
	// COBRA marks continuation coverage (the former employee pays).
	COBRA     bool      `json:"cobra"`
	CreatedAt time.Time `json:"created_at"`
}

// InForce reports whether the coverage is in force on day.
func (c Coverage) InForce(day date.Date) bool {
	return c.From.OnOrBefore(day) && (c.To.IsZero() || c.To.OnOrAfter(day))
}

// Store is what benefits need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.TaskStore
	AppendAudit(ctx context.Context, e audit.Entry) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	BenefitCarriers(ctx context.Context) ([]Carrier, error)
	GetBenefitCarrier(ctx context.Context, id int64) (Carrier, error)
	SaveBenefitCarrier(ctx context.Context, c Carrier) (int64, error)
	BenefitQuotes(ctx context.Context, carrierID int64) ([]Quote, error)
	InsertBenefitQuote(ctx context.Context, q Quote) (int64, error)

	// BenefitPlans lists the plans, with the coverage in force today per
	// plan when today is given (zero skips the count).
	BenefitPlans(ctx context.Context, today date.Date) ([]Plan, error)
	GetBenefitPlan(ctx context.Context, id int64) (Plan, error)
	SaveBenefitPlan(ctx context.Context, p Plan) (int64, error)

	BenefitPerson(ctx context.Context, employeeID int64) (Person, error)
	// EnrollmentProgress counts a window's eligible employees (employed
	// on q.Day, in scope) by org unit and status.
	EnrollmentProgress(ctx context.Context, q ProgressQuery) ([]Progress, error)
	// EnrollmentPage lists a window's eligible employees with one status
	// (q.Status) by name (the directory's sort key), after q.After when
	// set, q.Limit from q.Offset.
	EnrollmentPage(ctx context.Context, q ProgressQuery) ([]Enrollment, error)
	// UnconfirmedUsers lists the user accounts of the eligible employees
	// who have not confirmed the window.
	UnconfirmedUsers(ctx context.Context, q ProgressQuery) ([]int64, error)

	Dependents(ctx context.Context, employeeID int64) ([]Dependent, error)
	GetDependent(ctx context.Context, id int64) (Dependent, error)
	SaveDependent(ctx context.Context, d Dependent) (int64, error)
	// ChildDependents lists the children not removed born in bornBy or
	// before.
	ChildDependents(ctx context.Context, bornBy int) ([]Dependent, error)

	BenefitWindows(ctx context.Context, employeeID int64) ([]Window, error)
	GetBenefitWindow(ctx context.Context, id int64) (Window, error)
	SaveBenefitWindow(ctx context.Context, w Window) (int64, error)

	Elections(ctx context.Context, windowID, employeeID int64) ([]Election, error)
	// WindowElections lists every election of a window.
	WindowElections(ctx context.Context, windowID int64) ([]Election, error)
	SaveElection(ctx context.Context, e Election) error
	DeleteElection(ctx context.Context, windowID, employeeID int64, typ string) error
	GetEnrollment(ctx context.Context, windowID, employeeID int64) (Enrollment, error)
	SaveEnrollment(ctx context.Context, e Enrollment) error
	// Enrollments lists the window's enrollment rows in scope (employees
	// who have none have not started).
	Enrollments(ctx context.Context, windowID int64, paths []string, whole bool) ([]Enrollment, error)

	// Coverages lists coverages: one employee's (employeeID), or every
	// one in force on day in scope (employeeID 0).
	Coverages(ctx context.Context, employeeID int64, day date.Date, paths []string, whole bool) ([]Coverage, error)
	InsertCoverage(ctx context.Context, c Coverage) (int64, error)
	// BenefitCensus sums the coverage in force on day by plan and tier.
	BenefitCensus(ctx context.Context, day date.Date, paths []string, whole bool) ([]CensusRow, error)
	// BenefitEmployerTotals sums the employer's cost per pay period of
	// the employer-paid coverage in force on each day, in scope.
	BenefitEmployerTotals(ctx context.Context, days []date.Date, paths []string, whole bool) ([]int64, error)
	// BenefitBudgetRows sums the employer-paid coverage in force on day
	// by plan, tier and org unit, in scope.
	BenefitBudgetRows(ctx context.Context, day date.Date, paths []string, whole bool) ([]BudgetRow, error)
	EndCoverage(ctx context.Context, id int64, to date.Date, reason string) error
	DeleteCoverage(ctx context.Context, id int64) error

	BenefitsLifeEventStore
	BenefitsCOBRAStore
	BenefitsFeedStore
	InsertBenefitDocument(ctx context.Context, d Document) (int64, error)
	GetBenefitDocument(ctx context.Context, id int64) (Document, error)
	// BenefitDocuments lists a carrier's documents, or a plan's (planID).
	BenefitDocuments(ctx context.Context, carrierID, planID int64) ([]Document, error)
	GetBlob(ctx context.Context, id int64) ([]byte, error)
}

// Service administers benefits.
type Service struct {
	store   Store
	clock   kit.Clock
	sealer  *kit.Sealer
	periods func(ctx context.Context) (int, error)
	rules   func(ctx context.Context) (rules.Settings, error)
	company func(ctx context.Context) (Company, error)
}

// Company is the plan sponsor as feeds name it.
type Company struct {
	Name  string
	TaxID string
}

// NewService builds the service. periods returns the pay periods per year
// (the payroll calendar's frequency); settings are the rules engine's
// company settings (HIPAA and COBRA deadlines); company names the plan
// sponsor.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer, periods func(ctx context.Context) (int, error), settings func(ctx context.Context) (rules.Settings, error), company func(ctx context.Context) (Company, error)) *Service {
	return &Service{store: st, clock: clock, sealer: sealer, periods: periods, rules: settings, company: company}
}

func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

func design(a access.Actor) error {
	return access.Require(a, access.BenefitsDesign, access.CompanyTarget)
}

// target is the person as an authorization target.
func target(p Person) access.Target {
	return access.Target{EmployeeID: p.EmployeeID, OrgPath: p.OrgPath}
}

// person loads an employee and checks the actor holds perm over them.
func (s *Service) person(ctx context.Context, st Store, a access.Actor, perm access.Permission, employeeID int64) (Person, error) {
	p, err := st.BenefitPerson(ctx, employeeID)
	if err != nil {
		return p, err
	}
	if !access.Can(a, perm, target(p)) {
		if !access.Can(a, access.BenefitsView, target(p)) && !access.Can(a, access.ProfileView, target(p)) {
			return p, kit.NotFound("employee")
		}
		return p, access.Require(a, perm, target(p))
	}
	return p, nil
}

// PeriodsPerYear is the pay periods per year of the payroll calendar (26
// when it is not set up).
func (s *Service) PeriodsPerYear(ctx context.Context) int {
	if s.periods == nil {
		return 26
	}
	n, err := s.periods(ctx)
	if err != nil || n <= 0 {
		return 26
	}
	return n
}
