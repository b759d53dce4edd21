// Package access holds users, sessions, API tokens, roles, org-scoped
// grants, the typed permission set and the Policy that every use case asks.
package access

// Permission is a named capability. The role matrix in docs/roles.md lists
// which role holds which permission; a test keeps the two in agreement.
type Permission string

// The permission set. Names are "area.action".
const (
	DirectoryView           Permission = "people.directory.view"
	ProfileView             Permission = "people.profile.view"
	PersonalView            Permission = "people.personal.view"
	PersonalEdit            Permission = "people.personal.edit"
	JobHistoryView          Permission = "people.job_history.view"
	PayView                 Permission = "people.pay.view"
	SensitiveView           Permission = "people.sensitive.view"
	SensitiveEdit           Permission = "people.sensitive.edit"
	EmployeeHire            Permission = "people.hire"
	EmployeeEdit            Permission = "people.edit"
	EmployeeJobChange       Permission = "people.job.change"
	EmployeePayChange       Permission = "people.pay.change"
	TerminationRequest      Permission = "people.termination.request"
	TerminationDecide       Permission = "people.termination.decide"
	PayChangeDecide         Permission = "people.pay.decide"
	EmployeeImport          Permission = "people.import"
	EmployeeExport          Permission = "people.export"
	HoursImport             Permission = "people.hours.import"
	HoursView               Permission = "people.hours.view"
	DocumentView            Permission = "people.documents.view"
	DocumentUpload          Permission = "people.documents.upload"
	ContactsEdit            Permission = "people.contacts.edit"
	OrgManage               Permission = "org.manage"
	JobArchitectureManage   Permission = "org.jobs.manage"
	ApprovalView            Permission = "work.approvals.view"
	OversightView           Permission = "work.oversight.view"
	AuditView               Permission = "audit.view"
	UserManage              Permission = "admin.users.manage"
	SettingsManage          Permission = "admin.settings.manage"
	TokenOwn                Permission = "tokens.own"
	RulesEvaluate           Permission = "rules.evaluate"
	CompanyRulesManage      Permission = "compliance.settings.manage"
	TaskWork                Permission = "work.tasks.work"
	TaskAssign              Permission = "work.tasks.assign"
	InquiryAsk              Permission = "work.inquiries.ask"
	ApprovalRulesManage     Permission = "work.approvals.configure"
	ApprovalDecideNamed     Permission = "work.approvals.decide_named"
	ApprovalDelegate        Permission = "work.approvals.delegate"
	HiringPlanView          Permission = "hiring.plan.view"
	HiringPlanManage        Permission = "hiring.plan.manage"
	RequisitionView         Permission = "hiring.requisitions.view"
	RequisitionManage       Permission = "hiring.requisitions.manage"
	RequisitionApprove      Permission = "hiring.requisitions.approve"
	CandidateView           Permission = "hiring.candidates.view"
	CandidateEEOView        Permission = "hiring.candidates.eeo_view"
	CandidateManage         Permission = "hiring.candidates.manage"
	OfferManage             Permission = "hiring.offers.manage"
	OfferApprove            Permission = "hiring.offers.approve"
	InterviewManage         Permission = "hiring.interviews.manage"
	ScorecardSubmit         Permission = "hiring.scorecards.submit"
	RecruitingMetricsView   Permission = "hiring.metrics.view"
	RecruitingMetricsManage Permission = "hiring.metrics.manage"
	ATSManage               Permission = "hiring.ats.manage"
	CandidatePrivacy        Permission = "hiring.candidates.privacy"
	JDManage                Permission = "hiring.jd.manage"
	CaseReport              Permission = "relations.cases.report"
	CaseRefer               Permission = "relations.cases.refer"
	CaseIntake              Permission = "relations.cases.intake"
	CaseWork                Permission = "relations.cases.work"
	CaseOversee             Permission = "relations.cases.oversee"
	CaseAssign              Permission = "relations.cases.assign"
	CaseDecide              Permission = "relations.cases.decide"
	CaseHold                Permission = "relations.cases.hold"
	DisciplineView          Permission = "relations.discipline.view"
	DisciplineIssue         Permission = "relations.discipline.issue"
	DisciplineAcknowledge   Permission = "relations.discipline.acknowledge"
	RelationsSettings       Permission = "relations.settings.manage"
	RelationsTrends         Permission = "relations.trends.view"
	TrainingManage          Permission = "relations.training.manage"
	LeaveFMLAView           Permission = "leave.fmla.view"
	TimeOffView             Permission = "leave.time_off.view"
	TimeOffRequest          Permission = "leave.time_off.request"
	TimeOffApprove          Permission = "leave.time_off.approve"
	TimeOffAdjust           Permission = "leave.time_off.adjust"
	LeaveTypesManage        Permission = "leave.types.manage"
	LeaveCaseView           Permission = "leave.cases.view"
	LeaveCaseManage         Permission = "leave.cases.manage"
	LeaveCaseApprove        Permission = "leave.cases.approve"
	LeaveProgramsManage     Permission = "leave.programs.manage"
	LeaveDashboard          Permission = "leave.dashboard.view"
	PolicyView              Permission = "policy.view"
	PolicyDraft             Permission = "policy.draft"
	PolicyApprove           Permission = "policy.approve"
	PolicyTrack             Permission = "policy.track"
	EEO1View                Permission = "compliance.eeo1.view"
	LegislationManage       Permission = "compliance.legislation.manage"
	CalendarView            Permission = "compliance.calendar.view"
	I9View                  Permission = "i9.view"
	I9Section1              Permission = "i9.section1"
	I9Manage                Permission = "i9.manage"
	I9Audit                 Permission = "i9.audit"
	I9Purge                 Permission = "i9.purge"
	RecordsView             Permission = "records.view"
	RecordsPurgeRequest     Permission = "records.purge.request"
	RecordsPurgeApprove     Permission = "records.purge.approve"
	RecordsHoldManage       Permission = "records.holds.manage"
	RecordsRetentionManage  Permission = "records.retention.manage"
	LegalMatterManage       Permission = "legal.matters.manage"
	PayrollExport           Permission = "payroll.export"
	PayrollSettings         Permission = "payroll.settings"
	CompDesign              Permission = "comp.design"
	MeritManage             Permission = "merit.manage"
	MeritApprove            Permission = "merit.approve"
	CompEquity              Permission = "comp.equity"
	BonusManage             Permission = "bonus.manage"
	BonusApprove            Permission = "bonus.approve"
	BenefitsView            Permission = "benefits.view"
	BenefitsEnroll          Permission = "benefits.enroll"
	BenefitsAdmin           Permission = "benefits.admin"
	BenefitsDesign          Permission = "benefits.design"
	CareerCatalogView       Permission = "careers.catalog.view"
	CareerDesign            Permission = "careers.design"
	CareerView              Permission = "careers.view"
	CareerSelfAssess        Permission = "careers.assess.self"
	CareerManagerAssess     Permission = "careers.assess.manager"
	CareerPlan              Permission = "careers.plan"
	CredentialManage        Permission = "careers.credentials.manage"
	CredentialVerify        Permission = "careers.credentials.verify"
	SuccessionView          Permission = "careers.succession"
	InsightsView            Permission = "insights.view"
	ReportsBuild            Permission = "insights.reports"
	IntegrationsManage      Permission = "integrations.manage"
	FieldsDelegate          Permission = "people.fields.delegate"
)

// AllPermissions lists every permission in matrix order.
var AllPermissions = []Permission{
	DirectoryView, ProfileView, PersonalView, PersonalEdit, JobHistoryView, PayView,
	SensitiveView, SensitiveEdit, EmployeeHire, EmployeeEdit, EmployeeJobChange,
	EmployeePayChange, PayChangeDecide, TerminationRequest, TerminationDecide, EmployeeImport,
	EmployeeExport, HoursImport, HoursView, DocumentView, DocumentUpload, ContactsEdit,
	OrgManage, JobArchitectureManage, ApprovalView, OversightView, AuditView,
	UserManage, SettingsManage, TokenOwn, RulesEvaluate, CompanyRulesManage, TaskWork, TaskAssign, InquiryAsk, ApprovalRulesManage,
	ApprovalDecideNamed, ApprovalDelegate,
	HiringPlanView, HiringPlanManage, RequisitionView, RequisitionManage, RequisitionApprove,
	CandidateView, CandidateEEOView, CandidateManage, OfferManage, OfferApprove, InterviewManage, ScorecardSubmit,
	RecruitingMetricsView, RecruitingMetricsManage, ATSManage, CandidatePrivacy, JDManage,
	CaseReport, CaseRefer, CaseIntake, CaseWork, CaseOversee, CaseAssign, CaseDecide, CaseHold,
	DisciplineView, DisciplineIssue, DisciplineAcknowledge, RelationsSettings, RelationsTrends, TrainingManage,
	LeaveFMLAView, TimeOffView, TimeOffRequest, TimeOffApprove, TimeOffAdjust, LeaveTypesManage, LeaveCaseView, LeaveCaseManage, LeaveCaseApprove, LeaveProgramsManage, LeaveDashboard,
	PolicyView, PolicyDraft, PolicyApprove, PolicyTrack, EEO1View, LegislationManage, CalendarView,
	I9View, I9Section1, I9Manage, I9Audit, I9Purge,
	RecordsView, RecordsPurgeRequest, RecordsPurgeApprove, RecordsHoldManage, RecordsRetentionManage, LegalMatterManage,
	PayrollExport, PayrollSettings, CompDesign, MeritManage, MeritApprove, CompEquity, BonusManage, BonusApprove,
	BenefitsView, BenefitsEnroll, BenefitsAdmin, BenefitsDesign,
	CareerCatalogView, CareerDesign, CareerView, CareerSelfAssess, CareerManagerAssess, CareerPlan, CredentialManage, CredentialVerify, SuccessionView,
	InsightsView, ReportsBuild, IntegrationsManage, FieldsDelegate,
}

// Role is one of the six roles.
type Role string

const (
	RoleEmployee    Role = "employee"
	RoleLineManager Role = "line_manager"
	RoleGeneralist  Role = "hr_generalist"
	RoleManager     Role = "hr_manager"
	RoleDirector    Role = "hr_director"
	RoleAdmin       Role = "admin"
)

// AllRoles lists the roles in matrix column order.
var AllRoles = []Role{RoleEmployee, RoleLineManager, RoleGeneralist, RoleManager, RoleDirector, RoleAdmin}

// GrantableRoles are the roles an admin assigns; employee and line_manager
// are derived from the user's employee record and reporting lines.
var GrantableRoles = []Role{RoleGeneralist, RoleManager, RoleDirector, RoleAdmin}

// Reach says how far a role's permission extends.
type Reach int

const (
	ReachNone    Reach = iota
	ReachSelf          // only the actor's own employee record
	ReachReports       // the actor's whole reporting subtree
	ReachScoped        // the org-unit subtrees of the grant (or the whole company)
	ReachSystem        // not tied to an employee or org unit
	ReachCompany       // every record, whatever the grant's scope (e.g. the directory)
)

// matrix is the single source of the role matrix.
var matrix = map[Permission]map[Role]Reach{
	DirectoryView:           {RoleEmployee: ReachCompany, RoleLineManager: ReachCompany, RoleGeneralist: ReachCompany, RoleManager: ReachCompany, RoleDirector: ReachCompany},
	ProfileView:             {RoleEmployee: ReachCompany, RoleLineManager: ReachCompany, RoleGeneralist: ReachCompany, RoleManager: ReachCompany, RoleDirector: ReachCompany},
	PersonalView:            {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	PersonalEdit:            {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	JobHistoryView:          {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	PayView:                 {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	SensitiveView:           {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	SensitiveEdit:           {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeeHire:            {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeeEdit:            {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeeJobChange:       {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeePayChange:       {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TerminationRequest:      {RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TerminationDecide:       {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	PayChangeDecide:         {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeeImport:          {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EmployeeExport:          {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	HoursImport:             {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	HoursView:               {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	DocumentView:            {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	DocumentUpload:          {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	ContactsEdit:            {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	OrgManage:               {RoleManager: ReachScoped, RoleDirector: ReachScoped, RoleAdmin: ReachSystem},
	JobArchitectureManage:   {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	ApprovalView:            {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	OversightView:           {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	AuditView:               {RoleDirector: ReachSystem, RoleAdmin: ReachSystem},
	UserManage:              {RoleAdmin: ReachSystem},
	SettingsManage:          {RoleAdmin: ReachSystem},
	TokenOwn:                {RoleEmployee: ReachSystem, RoleLineManager: ReachSystem, RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem, RoleAdmin: ReachSystem},
	RulesEvaluate:           {RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CompanyRulesManage:      {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TaskWork:                {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TaskAssign:              {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	InquiryAsk:              {RoleEmployee: ReachSelf},
	ApprovalRulesManage:     {RoleDirector: ReachSystem, RoleAdmin: ReachSystem},
	ApprovalDecideNamed:     {RoleEmployee: ReachSystem, RoleLineManager: ReachSystem, RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	ApprovalDelegate:        {RoleLineManager: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	HiringPlanView:          {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	HiringPlanManage:        {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RequisitionView:         {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RequisitionManage:       {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RequisitionApprove:      {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CandidateView:           {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CandidateEEOView:        {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CandidateManage:         {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	OfferManage:             {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	OfferApprove:            {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	InterviewManage:         {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	ScorecardSubmit:         {RoleEmployee: ReachSystem, RoleLineManager: ReachSystem, RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	RecruitingMetricsView:   {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RecruitingMetricsManage: {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	ATSManage:               {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CandidatePrivacy:        {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	JDManage:                {RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CaseReport:              {RoleEmployee: ReachSystem},
	CaseRefer:               {RoleLineManager: ReachReports},
	CaseIntake:              {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CaseWork:                {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CaseOversee:             {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CaseAssign:              {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CaseDecide:              {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CaseHold:                {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	DisciplineView:          {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	DisciplineIssue:         {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	DisciplineAcknowledge:   {RoleEmployee: ReachSelf},
	RelationsSettings:       {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	RelationsTrends:         {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TrainingManage:          {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	LeaveFMLAView:           {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TimeOffView:             {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TimeOffRequest:          {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TimeOffApprove:          {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	TimeOffAdjust:           {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	LeaveTypesManage:        {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	LeaveCaseView:           {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	LeaveCaseManage:         {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	LeaveCaseApprove:        {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	LeaveProgramsManage:     {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	LeaveDashboard:          {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	PolicyView:              {RoleEmployee: ReachCompany, RoleGeneralist: ReachCompany, RoleManager: ReachCompany, RoleDirector: ReachCompany, RoleAdmin: ReachCompany},
	PolicyDraft:             {RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	PolicyApprove:           {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	PolicyTrack:             {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	EEO1View:                {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	LegislationManage:       {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CalendarView:            {RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	I9View:                  {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	I9Section1:              {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	I9Manage:                {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	I9Audit:                 {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	I9Purge:                 {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RecordsView:             {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RecordsPurgeRequest:     {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RecordsPurgeApprove:     {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	RecordsHoldManage:       {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	RecordsRetentionManage:  {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	PayrollExport:           {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	PayrollSettings:         {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CompDesign:              {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	MeritManage:             {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	MeritApprove:            {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CompEquity:              {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	BonusManage:             {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	BonusApprove:            {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	LegalMatterManage:       {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	BenefitsView:            {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	BenefitsEnroll:          {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	BenefitsAdmin:           {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	BenefitsDesign:          {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CareerCatalogView:       {RoleEmployee: ReachSystem, RoleLineManager: ReachSystem, RoleGeneralist: ReachSystem, RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CareerDesign:            {RoleManager: ReachSystem, RoleDirector: ReachSystem},
	CareerView:              {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CareerSelfAssess:        {RoleEmployee: ReachSelf},
	CareerManagerAssess:     {RoleLineManager: ReachReports},
	CareerPlan:              {RoleEmployee: ReachSelf, RoleLineManager: ReachReports, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CredentialManage:        {RoleEmployee: ReachSelf, RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	CredentialVerify:        {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	SuccessionView:          {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	InsightsView:            {RoleManager: ReachScoped, RoleDirector: ReachScoped},
	ReportsBuild:            {RoleGeneralist: ReachScoped, RoleManager: ReachScoped, RoleDirector: ReachScoped},
	IntegrationsManage:      {RoleAdmin: ReachSystem},
	FieldsDelegate:          {RoleManager: ReachSystem, RoleDirector: ReachSystem},
}

// ReachOf returns how far role's permission p extends.
func ReachOf(role Role, p Permission) Reach { return matrix[p][role] }

// Descriptions explain each permission in the role matrix and the UI.
var Descriptions = map[Permission]string{
	DirectoryView:           "Browse the employee directory and org chart",
	ProfileView:             "Open an employee's profile (name, job, department, location, manager, work contacts)",
	PersonalView:            "See personal details and emergency contacts",
	PersonalEdit:            "Edit personal details (address, personal email, phone)",
	JobHistoryView:          "See the effective-dated job, manager and location history",
	PayView:                 "See pay, pay history, compa-ratio and range position (line managers: their reporting line's, only when Payroll settings allow it)",
	SensitiveView:           "Reveal SSN, date of birth and bank details (each view is audited)",
	SensitiveEdit:           "Record SSN, date of birth and bank details",
	EmployeeHire:            "Hire (create) an employee",
	EmployeeEdit:            "Edit an employee's core record",
	EmployeeJobChange:       "Transfer, promote or change manager (effective-dated)",
	EmployeePayChange:       "Change pay (effective-dated)",
	TerminationRequest:      "Request a termination",
	TerminationDecide:       "Approve or reject a termination",
	PayChangeDecide:         "Approve or reject a pay change that the pay-change approval chain routes for approval",
	EmployeeImport:          "Import employees from CSV or XLSX",
	EmployeeExport:          "Export employees to CSV or XLSX",
	HoursImport:             "Import hours of service",
	HoursView:               "See hours of service",
	DocumentView:            "See and download documents in the employee file",
	DocumentUpload:          "Upload documents to the employee file",
	ContactsEdit:            "Add or remove emergency contacts",
	OrgManage:               "Create org units and locations",
	JobArchitectureManage:   "Create jobs and pay grades",
	ApprovalView:            "See approval requests in scope",
	OversightView:           "See the oversight dashboard (approvals, workload, headline numbers)",
	AuditView:               "Read and verify the audit trail",
	UserManage:              "Create users, grant roles, deactivate users; list them (50 a page, by email; search by name or email, filter by HR role)",
	SettingsManage:          "Change system settings",
	TokenOwn:                "Create and revoke one's own API tokens",
	RulesEvaluate:           "Use the rules workbench",
	CompanyRulesManage:      "Set the business calendar, company closures and the FMLA 12-month method (whole-company grant)",
	TaskWork:                "See, create, claim and complete HR tasks in scope (the generalist's queue)",
	TaskAssign:              "Reassign anyone's tasks and see the team's workload and on-time trend",
	InquiryAsk:              "Ask HR a question about pay, benefits, leave or policy, and follow the answer",
	ApprovalRulesManage:     "Set the approval chains: per kind of request, its steps, approvers (HR manager, HR director, line manager, skip-level, hiring manager), parallel all/any and conditions",
	ApprovalDecideNamed:     "Decide a request whose current step names you as approver (as line manager, skip-level or hiring manager)",
	ApprovalDelegate:        "Name a delegate who decides your approvals over a date range",
	HiringPlanView:          "See the hiring plan (headcount and budget per org unit and quarter) against requisitions and hires",
	HiringPlanManage:        "Set the hiring plan",
	RequisitionView:         "See requisitions (a hiring manager sees theirs, and a line manager their direct reports')",
	RequisitionManage:       "Draft, edit, submit, hold, fill and cancel requisitions",
	RequisitionApprove:      "Approve or reject a requisition in the requisition approval chain's HR steps",
	CandidateView:           "See the candidates, applications and resumes of the requisitions you may see (a hiring manager, theirs)",
	CandidateEEOView:        "See applicants' voluntary EEO self-identification (for reporting; never the hiring team; each view is audited)",
	CandidateManage:         "Move candidates through the pipeline, reject them (with a reason) and act in bulk",
	OfferManage:             "Draft, send and withdraw offers (their pay is need-to-know), record pre-employment checks, and turn an accepted offer into a hire",
	OfferApprove:            "Approve or reject an offer in the offer approval chain's HR steps (by default: pay outside the requisition's range)",
	InterviewManage:         "Schedule, reschedule and cancel interviews (calendar invitations go to everyone) and send self-scheduling links",
	ScorecardSubmit:         "Submit a scorecard for an interview you are on the panel of (you see the others' after submitting yours)",
	RecruitingMetricsView:   "See the recruiting metrics (time-to-fill, cost-per-hire, sources, funnel, time in stage, offer acceptance, pipeline aging, hires against the plan) and export them",
	RecruitingMetricsManage: "Record recruiting costs by month, category and source channel",
	JDManage:                "Write and version job descriptions in the library (jobs are company-wide); a posting starts from its job's description",
	CandidatePrivacy:        "Export a candidate's personal data, record their request to erase it, and place or lift a legal hold (need-to-know; every action audited)",
	CaseReport:              "Raise a concern with HR about yourself or anyone at work, and follow HR's replies (you see your report and the replies, never the investigation)",
	CaseRefer:               "Refer a concern about one of your reports to HR (you cannot see the case afterwards: a subject's management chain never can)",
	CaseIntake:              "Log an employee relations case from a conversation; it is routed by risk (serious categories go to an HR manager)",
	CaseWork:                "Work the ER cases you are on the team of (owner, investigator, assistant): notes, parties, evidence, interviews, the plan, findings, recommendations, closure; never a case whose subject you are or manage",
	CaseOversee:             "See every ER case in scope that is not restricted (never one whose subject you are or manage); each view is audited",
	CaseAssign:              "Set an ER case's owner and investigators (internal or external), restrict its access, and read its access log",
	CaseDecide:              "Approve investigation plans and findings, and decide outcomes (suspension, termination, and every outcome of an escalated case)",
	CaseHold:                "Place or release a legal hold on an ER case and its people's records",
	DisciplineView:          "See discipline records (coaching to suspension, PIPs); an employee their own, a line manager their reports'",
	DisciplineIssue:         "Record coaching, warnings and PIPs with their letters; suspensions need an HR manager",
	DisciplineAcknowledge:   "Acknowledge a discipline record or a witness statement, or refuse to sign with a comment",
	RelationsSettings:       "Set ER routing (which categories escalate to an HR manager), the progressive discipline ladder and the ER policies",
	RelationsTrends:         "See ER trends: cases per 100 employees by org unit, category, location and month, time to resolve, substantiation, repeat subjects and the spike detector",
	TrainingManage:          "Record trainings given to line managers (difficult conversations, harassment prevention) and who attended",
	LeaveFMLAView:           "See an employee's FMLA eligibility and entitlement for a leave start, computed from their records by the rules engine (an employee their own)",
	TimeOffView:             "See time-off balances, requests and the team calendar (an employee their own, a line manager their reports')",
	TimeOffRequest:          "Request time off (an employee for themself, HR on an employee's behalf) and cancel a request",
	TimeOffApprove:          "Decide the HR step of a time-off request (line managers decide their reports' requests by name)",
	TimeOffAdjust:           "Adjust a time-off balance by hand, with a reason (audited)",
	LeaveTypesManage:        "Configure leave types and their accrual policies (rate, tenure tiers, cap, carry-over and expiry, negative balances)",
	LeaveCaseView:           "See FMLA leave cases (an employee their own; the medical reason only with leave.cases.manage)",
	LeaveCaseManage:         "Open and administer FMLA leave cases: the determination, the notices and their deadlines, the medical reason (need-to-know; stored encrypted)",
	LeaveCaseApprove:        "Approve or send back an FMLA/state leave designation when the company requires an HR manager's approval of designations",
	LeaveProgramsManage:     "Maintain the state leave programs (CFRA, NY PFL, …) as data, the designation-approval setting and the notice templates",
	LegislationManage:       "Record legislative changes, assess their impact (policies, locations, jobs) and create the tasks they call for",
	I9View:                  "See an employee's Form I-9: deadlines, status, documents with masked numbers (an employee their own)",
	I9Section1:              "Complete Section 1 of Form I-9 (an employee their own, with the attestation; HR records a paper Section 1 and its date)",
	I9Manage:                "Complete Section 2 of Form I-9 (documents examined, remote examination, E-Verify), reverify (Supplement B), keep scanned copies; the I-9 tracker",
	I9Audit:                 "The Form I-9 audit report (missing, late, reverification overdue, retention due) and the self-audit checklist, with XLSX/PDF export",
	RecordsView:             "The records retention dashboard: documents by type with their retention rule, what is past retention, legal holds in force",
	RecordsPurgeRequest:     "Propose purging the records in scope past retention (an HR manager approves)",
	RecordsPurgeApprove:     "Approve a records purge (each record is checked again: still past retention, no legal hold)",
	RecordsHoldManage:       "Place and release legal holds (an employee, an ER case's people, a date range), with reasons",
	RecordsRetentionManage:  "Set the company's retention years per record type beyond the federal minimum",
	PayrollExport:           "Export a pay period's changes to payroll and download the provider files (a grant over the whole company; the export locks the period)",
	PayrollSettings:         "Set the pay calendar, the company minimum wage and the payroll provider templates",
	CompDesign:              "Design pay: the compensation philosophy (versioned), pay zones and salary structures (draft, edit grades, map jobs, activate)",
	MeritManage:             "Run merit cycles: budget and matrix, open the worksheets, follow the roll-up, keep the worksheet of employees without a manager, apply the approved increases (line managers work on their own team's worksheet without it)",
	MeritApprove:            "Approve or reject a merit worksheet in the merit worksheet chain's HR steps",
	BenefitsView:            "See benefit elections, coverage, dependents (dates of birth masked for HR), life events and COBRA",
	BenefitsEnroll:          "Enroll in benefits in an open window, add dependents and report life events (employees for themselves; HR on an employee's behalf)",
	BenefitsAdmin:           "Run open enrollment (the window, progress, reminders, close), verify life events (accept late ones with a reason), run COBRA, generate carrier 834 feeds and read the census, deductions and age-limit reports",
	BenefitsDesign:          "Manage carriers and brokers (contracts, renewals, quotes), design plans (tiers, costs, eligibility) and read the benefits budget",
	CareerCatalogView:       "Browse the career ladders, competencies, paths between jobs and the certification catalogue",
	CareerDesign:            "Design ladders, paths, competencies and what each job requires; keep the certification catalogue; name the key roles for succession",
	CareerView:              "See an employee's competency assessments, gap analysis, readiness, development plans, credentials and training records",
	CareerSelfAssess:        "Rate one's own competencies, with evidence",
	CareerManagerAssess:     "Rate a report's competencies and set their readiness for a target job (the line manager's view; HR sees it)",
	CareerPlan:              "Write and follow development plans: goals linked to gaps, actions with due dates (tasks), check-ins",
	CredentialManage:        "Record credentials (number, dates, certificate file, cost with a reimbursement request) and recertification credits; correct them until HR verifies them",
	CredentialVerify:        "Verify a credential with its issuer, decide the reimbursement of its cost and correct a verified credential (never one's own)",
	SuccessionView:          "Read the succession view per key role: who is ready now, in one to two years or later, and bench strength",
	InsightsView:            "Read the executive dashboard (headcount, turnover, retention, structure, compliance health) for the scope, the lists behind its numbers, its exports and the board pack",
	FieldsDelegate:          "Decide which employee attributes provisioning clients (SCIM) may write back to Cadre (today only the preferred name); everything else stays HR's",
	IntegrationsManage:      "Configure integrations: single sign-on providers and the sign-in policy (SSO only, break-glass administrators); SCIM clients and their tokens; outbound webhooks (endpoints, events, secrets), their delivery log and replays. Webhook payloads carry directory-level data and metadata only (no pay, SSN, medical or case details)",
	ReportsBuild:            "Build, run, save, share and schedule reports on employees, job history, separations, pay, leave cases and ER cases: rows limited to what the subject's own permission shows in scope, each column to what the reader may see (pay needs people.pay.view, a leave case's reason leave.cases.manage)",
	BonusManage:             "Design bonus plans, read every payout in the calculator, send a plan for approval and pay it out as one-time payments",
	BonusApprove:            "Approve or reject a bonus plan's payout in the bonus plan chain (by default an HR director)",
	CompEquity:              "Run the pay equity analysis (adjusted gaps by sex and race/ethnicity with confidence intervals, flagged employees); never line managers",
	LegalMatterManage:       "Legal claims and government audits (charges, lawsuits, agency audits, demand letters): confidential; the people involved go under legal hold",
	I9Purge:                 "Purge a Form I-9 past its retention date (documents, numbers and copies deleted; a stub kept); never under a legal hold",
	CalendarView:            "Read the legislative change log and the compliance calendar (laws taking effect, acknowledgments and leave notices due, closures)",
	EEO1View:                "Build the EEO-1 Component 1 report (headcount by establishment, job category, race and sex from self-identification) and see whether the company must file",
	PolicyView:              "Read the published policies (the policy library); an employee acknowledges those assigned to them",
	PolicyDraft:             "Draft policies and new versions (Markdown) and send them for approval; see drafts",
	PolicyApprove:           "Approve a policy version, which publishes it and assigns it to its audience (never one's own)",
	PolicyTrack:             "Track acknowledgments of a policy version by org unit and export the evidence, in scope",
	LeaveDashboard:          "See the leave dashboard: open cases, notices due and overdue, cases by reason and org unit, intermittent-leave patterns",
	ATSManage:               "Configure recruiting: pipeline templates, candidate email templates, knockout question sets, the careers site's branding and content, and which job board feeds are on",
}
