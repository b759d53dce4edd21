// Package people is the base domain: legal entities, org units, locations,
// jobs, pay grades, employees with effective-dated job, manager, location
// and pay history, employment periods, hours of service, emergency
// contacts and documents.
package people

import (
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Vocabularies.
var (
	FLSAStatuses    = []string{"exempt", "nonexempt"}
	EmploymentTypes = []string{"full_time", "part_time", "temporary", "seasonal"}
	PayPeriods      = []string{"year", "hour"}
	// EEO1Categories are the EEO-1 job categories.
	EEO1Categories = []string{
		"executive_senior_officials_and_managers", "first_mid_officials_and_managers", "professionals",
		"technicians", "sales_workers", "administrative_support_workers", "craft_workers",
		"operatives", "laborers_and_helpers", "service_workers",
	}
	JobChangeReasons   = []string{"transfer", "promotion", "demotion", "manager_change", "location_change", "schedule_change", "reorganization", "correction"}
	PayChangeReasons   = []string{"merit", "promotion", "market_adjustment", "equity_adjustment", "cost_of_living", "correction", "other"}
	TerminationReasons = []string{
		"resignation", "retirement", "job_abandonment", "end_of_assignment", // voluntary
		"performance", "misconduct", "layoff", "position_eliminated", "other",
	}
	DocumentCategories = []string{"offer_letter", "contract", "identity", "certification", "performance", "training", "medical", "payroll", "benefits", "other"}
)

// Statuses.
const (
	StatusActive     = "active"
	StatusTerminated = "terminated"
)

// LegalEntity is an employing company (EIN holder).
type LegalEntity struct {
	ID   int64
	Name string
	EIN  string
}

// OrgUnit is a node of the org tree.
type OrgUnit struct {
	ID            int64
	Name          string
	ParentID      int64
	LegalEntityID int64
	Kind          string
	Path          string
	Headcount     int
	Depth         int
}

// Location is a worksite.
type Location struct {
	ID        int64
	Name      string
	Country   string
	Region    string
	City      string
	Kind      string
	NearbyIDs []int64
	Headcount int
}

// PayGrade is a pay range in annual minor units.
type PayGrade struct {
	ID            int64
	Name          string
	Currency      string
	MinCents      int64
	MaxCents      int64
	MidpointCents int64
}

// Job is a position in the job architecture.
type Job struct {
	ID           int64
	Title        string
	Family       string
	Level        string
	FLSAStatus   string
	EEO1Category string
	PayGradeID   int64
	PayGradeName string
}

// Pay is a rate of pay.
type Pay struct {
	AmountCents int64
	Per         string // year | hour
	Currency    string
}

// AnnualCents annualises the rate at 2,080 hours for hourly pay (full-time
// equivalent), the basis on which pay grades are expressed.
func (p Pay) AnnualCents() int64 {
	if p.Per == "hour" {
		return p.AmountCents * 2080
	}
	return p.AmountCents
}

// Employee is the current state of an employee record.
type Employee struct {
	ID               int64
	Number           string
	GivenName        string
	FamilyName       string
	PreferredName    string
	WorkEmail        string
	PersonalEmail    string
	Phone            string
	HomeAddress      string
	Status           string
	OriginalHireDate date.Date
	HireDate         date.Date
	TerminationDate  date.Date
	OrgUnitID        int64
	LocationID       int64
	JobID            int64
	ManagerID        int64
	EmploymentType   string
	WeeklyHours      int
	Pay              Pay
	SSNLast4         string
	HasSSN           bool
	HasBirthDate     bool
	HasBank          bool
	Gender           string
	EEORaceEthnicity string
	Version          int64
	CreatedAt        time.Time

	// Joined for display.
	OrgUnitName  string
	OrgPath      string
	LocationName string
	JobTitle     string
	JobLevel     string
	FLSAStatus   string
	PayGradeID   int64
	ManagerName  string
	ReportCount  int
}

// Name is the display name, using the preferred given name.
func (e Employee) Name() string {
	g := e.GivenName
	if e.PreferredName != "" {
		g = e.PreferredName
	}
	return g + " " + e.FamilyName
}

// Initials are two letters for avatars.
func (e Employee) Initials() string {
	n := e.Name()
	out := []rune{}
	prev := ' '
	for _, r := range n {
		if prev == ' ' && r != ' ' {
			out = append(out, r)
		}
		prev = r
	}
	if len(out) > 2 {
		out = []rune{out[0], out[len(out)-1]}
	}
	return string(out)
}

// Assignment is one effective-dated job/org/location/manager row.
type Assignment struct {
	ID             int64
	EmployeeID     int64
	EffectiveFrom  date.Date
	OrgUnitID      int64
	LocationID     int64
	JobID          int64
	ManagerID      int64
	EmploymentType string
	WeeklyHours    int
	Reason         string
	Note           string
	CreatedBy      int64
	CreatedAt      time.Time
	// Joined for display.
	OrgUnitName  string
	LocationName string
	JobTitle     string
	ManagerName  string
}

// PayRecord is one effective-dated pay row.
type PayRecord struct {
	ID            int64
	EmployeeID    int64
	EffectiveFrom date.Date
	Pay           Pay
	Reason        string
	Note          string
	CreatedBy     int64
	CreatedAt     time.Time
}

// EmploymentPeriod is one stint of employment.
type EmploymentPeriod struct {
	ID                int64
	EmployeeID        int64
	Start             date.Date
	End               date.Date // zero while ongoing
	TerminationReason string
	Voluntary         *bool
	Regretted         *bool // nil: not asked (ongoing, or ended before Cadre asked)
	RehireEligible    *bool
	BreakReason       string // userra | rehire_agreement (for the break before this period)
}

// HoursEntry is imported hours of service for a date range.
type HoursEntry struct {
	ID         int64
	EmployeeID int64
	From       date.Date
	To         date.Date
	HoursCenti int64 // hundredths of an hour
	CreatedAt  time.Time
}

// EmergencyContact is someone to call.
type EmergencyContact struct {
	ID           int64
	EmployeeID   int64
	Name         string
	Relationship string
	Phone        string
	Email        string
	Primary      bool
}

// Document is a file in the employee file; its bytes live in a blob.
type Document struct {
	ID           int64
	EmployeeID   int64
	Category     string
	Title        string
	Filename     string
	ContentType  string
	Size         int64
	SHA256       string
	BlobID       int64
	UploadedBy   int64
	UploaderName string
	CreatedAt    time.Time
	// PurgedAt is set when the file was purged after retention: the row
	// stays as the record that it existed.
	PurgedAt time.Time
}

// Termination is the payload of a termination request.
type Termination struct {
	LastDay   date.Date `json:"last_day"`
	Reason    string    `json:"reason"`
	Voluntary bool      `json:"voluntary"`
	// Regretted marks a voluntary separation the company wanted to avoid
	// (regretted turnover); it never applies to an involuntary one.
	Regretted      bool   `json:"regretted,omitempty"`
	RehireEligible bool   `json:"rehire_eligible"`
	Note           string `json:"note"`
	// Invalid carries parse failures from the caller (not stored).
	Invalid kit.FieldErrors `json:"-"`
}
