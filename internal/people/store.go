package people

import (
	"context"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Sensitive holds the sealed (encrypted) sensitive fields of an employee.
type Sensitive struct {
	SSN       []byte
	SSNLast4  string
	BirthDate []byte
	Bank      []byte
}

// DirectoryFilter narrows the directory.
type DirectoryFilter struct {
	Q          string
	OrgUnitID  int64 // the unit and its whole subtree
	LocationID int64
	JobID      int64
	ManagerID  int64
	Status     string // active (default), terminated, all
	// ScopePaths, when set, limits rows to these org subtrees (exports).
	ScopePaths []string
	// Light reads only what a directory row shows (names, job, org,
	// location, manager, hire date, status), which is much cheaper.
	Light bool
	// SkipCount leaves Total to the caller; CountCap stops counting past
	// that many matches (the page then says "more than CountCap").
	SkipCount bool
	CountCap  int
	Limit     int
	After     string // cursor: sort_key + id
	AfterID   int64
}

// DirectoryPage is one page of the directory.
type DirectoryPage struct {
	Items []Employee
	Total int
	// TotalCapped means Total is a lower bound (more rows matched).
	TotalCapped bool
	NextSortKey string
	NextID      int64
}

// Store is what people needs from storage. Methods run inside the
// transaction of the Store that InTx hands to fn.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.TaskStore
	work.TemplateStore
	work.DelegationStore
	work.RouteStore
	// Setting reads a company setting ("" when unset).
	Setting(ctx context.Context, key string) (string, error)
	// DirectorsFor lists the HR directors over an org path.
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	AppendAudit(ctx context.Context, e audit.Entry) error

	InsertLegalEntity(ctx context.Context, le LegalEntity) (int64, error)
	ListLegalEntities(ctx context.Context) ([]LegalEntity, error)
	InsertOrgUnit(ctx context.Context, u OrgUnit) (int64, error)
	GetOrgUnit(ctx context.Context, id int64) (OrgUnit, error)
	ListOrgUnits(ctx context.Context) ([]OrgUnit, error)
	Headcounts(ctx context.Context) (byOrg, byLocation map[int64]int, err error)
	InsertLocation(ctx context.Context, l Location) (int64, error)
	SetNearby(ctx context.Context, id int64, nearby []int64) error
	GetLocation(ctx context.Context, id int64) (Location, error)
	ListLocations(ctx context.Context) ([]Location, error)
	InsertPayGrade(ctx context.Context, g PayGrade) (int64, error)
	GetPayGrade(ctx context.Context, id int64) (PayGrade, error)
	ListPayGrades(ctx context.Context) ([]PayGrade, error)
	InsertJob(ctx context.Context, j Job) (int64, error)
	GetJob(ctx context.Context, id int64) (Job, error)
	ListJobs(ctx context.Context) ([]Job, error)

	NextEmployeeNumber(ctx context.Context) (string, error)
	InsertEmployee(ctx context.Context, e Employee, s Sensitive) (int64, error)
	GetEmployee(ctx context.Context, id int64) (Employee, error)
	EmployeeIDByEmail(ctx context.Context, email string) (int64, error)
	UpdateEmployeeCore(ctx context.Context, e Employee) error
	SetCurrent(ctx context.Context, id int64, a Assignment, p Pay, status string, termination date.Date) error
	GetSensitive(ctx context.Context, id int64) (Sensitive, error)
	SetSensitive(ctx context.Context, id int64, s Sensitive) error
	SetSearchTokens(ctx context.Context, id int64, tokens []string) error
	ManagerChain(ctx context.Context, id int64) ([]int64, error)
	Target(ctx context.Context, id int64) (access.Target, error)
	Directory(ctx context.Context, f DirectoryFilter) (DirectoryPage, error)
	DirectReports(ctx context.Context, managerID int64) ([]Employee, error)
	TopOfOrg(ctx context.Context) ([]Employee, error)
	AllEmployees(ctx context.Context, f DirectoryFilter) ([]Employee, error)

	InsertAssignment(ctx context.Context, a Assignment) (int64, error)
	ListAssignments(ctx context.Context, employeeID int64) ([]Assignment, error)
	AssignmentAsOf(ctx context.Context, employeeID int64, d date.Date) (Assignment, error)
	InsertPayRecord(ctx context.Context, p PayRecord) (int64, error)
	ListPayRecords(ctx context.Context, employeeID int64) ([]PayRecord, error)
	GetPayRecord(ctx context.Context, id int64) (PayRecord, error)
	PayAsOf(ctx context.Context, employeeID int64, d date.Date) (PayRecord, error)
	// PayrollLockedThrough is the last day of the last pay period exported
	// to payroll (zero before any export).
	PayrollLockedThrough(ctx context.Context) (date.Date, error)
	// PayZoneOf returns a worksite's pay zone and its differential in
	// basis points ("" and 10000 without a zone).
	PayZoneOf(ctx context.Context, locationID int64) (string, int, error)
	// DueChanges lists employees with an assignment or pay record that
	// takes effect, or a last day that passes, between from and to.
	DueChanges(ctx context.Context, from, to date.Date) ([]int64, error)

	InsertPeriod(ctx context.Context, p EmploymentPeriod) (int64, error)
	UpdatePeriod(ctx context.Context, p EmploymentPeriod) error
	ListPeriods(ctx context.Context, employeeID int64) ([]EmploymentPeriod, error)

	ReplaceHours(ctx context.Context, employeeID int64, entries []HoursEntry) error
	ListHours(ctx context.Context, employeeID int64) ([]HoursEntry, error)

	InsertContact(ctx context.Context, c EmergencyContact) (int64, error)
	DeleteContact(ctx context.Context, employeeID, id int64) error
	ListContacts(ctx context.Context, employeeID int64) ([]EmergencyContact, error)

	InsertBlob(ctx context.Context, data []byte, sha string) (int64, error)
	GetBlob(ctx context.Context, id int64) ([]byte, error)
	InsertDocument(ctx context.Context, d Document) (int64, error)
	GetDocument(ctx context.Context, employeeID, id int64) (Document, error)
	ListDocuments(ctx context.Context, employeeID int64) ([]Document, error)
}

// Headline are the numbers on the oversight dashboard.
type Headline struct {
	Active          int
	HiresLast90     int
	ExitsLast90     int
	ExitsLast365    int
	AvgHeadcount365 float64
	ByDepartment    []DeptCount
}

// DeptCount is headcount per top-level department.
type DeptCount struct {
	OrgUnitID int64
	Name      string
	Count     int
}

// HeadlineStore computes the dashboard numbers within scope paths (all
// when whole).
type HeadlineStore interface {
	Headline(ctx context.Context, paths []string, whole bool, today date.Date) (Headline, error)
}
