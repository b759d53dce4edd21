package access

import (
	"slices"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
)

// Scope narrows what an API token may do. A token acts as its owner, with
// the owner's roles and org scope; its scopes then cut that down to some
// areas of the product. A token with no scopes has all of its owner's
// permissions (every token made before scopes existed is such a token).
// A write scope includes the read scope of its area.
type Scope string

// The scopes, in the order the UI lists them.
const (
	ScopeEmployeesRead  Scope = "employees:read"
	ScopeEmployeesWrite Scope = "employees:write"
	ScopeSensitiveRead  Scope = "sensitive:read"
	ScopeSensitiveWrite Scope = "sensitive:write"
	ScopeOrgRead        Scope = "org:read"
	ScopeOrgWrite       Scope = "org:write"
	ScopePayRead        Scope = "pay:read"
	ScopePayWrite       Scope = "pay:write"
	ScopeHiringRead     Scope = "hiring:read"
	ScopeHiringWrite    Scope = "hiring:write"
	ScopeLeaveRead      Scope = "leave:read"
	ScopeLeaveWrite     Scope = "leave:write"
	ScopeRelationsRead  Scope = "relations:read"
	ScopeRelationsWrite Scope = "relations:write"
	ScopeComplianceRead Scope = "compliance:read"
	ScopeComplianceWrt  Scope = "compliance:write"
	ScopeBenefitsRead   Scope = "benefits:read"
	ScopeBenefitsWrite  Scope = "benefits:write"
	ScopeCareersRead    Scope = "careers:read"
	ScopeCareersWrite   Scope = "careers:write"
	ScopeWorkRead       Scope = "work:read"
	ScopeWorkWrite      Scope = "work:write"
	ScopeInsightsRead   Scope = "insights:read"
	ScopeAuditRead      Scope = "audit:read"
	ScopeAdmin          Scope = "admin"
)

// AllScopes lists every scope.
var AllScopes = []Scope{
	ScopeEmployeesRead, ScopeEmployeesWrite, ScopeSensitiveRead, ScopeSensitiveWrite, ScopeOrgRead, ScopeOrgWrite,
	ScopePayRead, ScopePayWrite, ScopeHiringRead, ScopeHiringWrite, ScopeLeaveRead, ScopeLeaveWrite,
	ScopeRelationsRead, ScopeRelationsWrite, ScopeComplianceRead, ScopeComplianceWrt, ScopeBenefitsRead, ScopeBenefitsWrite,
	ScopeCareersRead, ScopeCareersWrite, ScopeWorkRead, ScopeWorkWrite, ScopeInsightsRead, ScopeAuditRead, ScopeAdmin,
}

// ScopeDescriptions explain each scope on the token form and in the docs.
var ScopeDescriptions = map[Scope]string{
	ScopeEmployeesRead:  "Read the directory, profiles, personal details, job history, documents and hours; export employees",
	ScopeEmployeesWrite: "Hire, edit, transfer, import and request terminations (includes employees:read)",
	ScopeSensitiveRead:  "Reveal SSN, date of birth and bank details (each reveal is audited)",
	ScopeSensitiveWrite: "Record SSN, date of birth and bank details (includes sensitive:read)",
	ScopeOrgRead:        "Read org units, the org chart and the directory",
	ScopeOrgWrite:       "Change org units and the job architecture (includes org:read)",
	ScopePayRead:        "Read pay, equity analyses and payroll exports",
	ScopePayWrite:       "Change pay and run compensation: bands, merit, bonus, payroll settings (includes pay:read)",
	ScopeHiringRead:     "Read the hiring plan, requisitions, candidates and recruiting metrics",
	ScopeHiringWrite:    "Manage requisitions, candidates, interviews and offers (includes hiring:read)",
	ScopeLeaveRead:      "Read time off, leave cases and FMLA eligibility",
	ScopeLeaveWrite:     "Request, approve and adjust time off; manage leave cases (includes leave:read)",
	ScopeRelationsRead:  "Read employee-relations cases, discipline and trends the owner may see",
	ScopeRelationsWrite: "Report, work and decide cases; issue discipline (includes relations:read)",
	ScopeComplianceRead: "Read policies, I-9s, records, EEO-1 and the compliance calendar",
	ScopeComplianceWrt:  "Manage policies, I-9s, records retention and legal holds (includes compliance:read)",
	ScopeBenefitsRead:   "Read benefit plans and elections",
	ScopeBenefitsWrite:  "Enroll and administer benefits (includes benefits:read)",
	ScopeCareersRead:    "Read ladders, careers and the catalogue",
	ScopeCareersWrite:   "Assess, plan, manage credentials and design ladders (includes careers:read)",
	ScopeWorkRead:       "Read approvals and the oversight queues",
	ScopeWorkWrite:      "Work tasks, decide approvals, ask inquiries, delegate (includes work:read)",
	ScopeInsightsRead:   "Read the insights dashboard and run reports",
	ScopeAuditRead:      "Read the audit trail",
	ScopeAdmin:          "Manage users, roles, settings and integrations (webhooks)",
}

// scopeOf names the scopes that grant each permission. tokens.own is in
// none: only a token with every permission (no scopes) may manage tokens,
// so a narrow token can never mint a wider one. A test checks that every
// other permission has a scope.
var scopeOf = map[Permission][]Scope{
	DirectoryView:  {ScopeEmployeesRead, ScopeOrgRead},
	ProfileView:    {ScopeEmployeesRead},
	PersonalView:   {ScopeEmployeesRead},
	JobHistoryView: {ScopeEmployeesRead},
	EmployeeExport: {ScopeEmployeesRead},
	HoursView:      {ScopeEmployeesRead},
	DocumentView:   {ScopeEmployeesRead},

	PersonalEdit: {ScopeEmployeesWrite}, EmployeeHire: {ScopeEmployeesWrite}, EmployeeEdit: {ScopeEmployeesWrite},
	EmployeeJobChange: {ScopeEmployeesWrite}, TerminationRequest: {ScopeEmployeesWrite}, TerminationDecide: {ScopeEmployeesWrite},
	EmployeeImport: {ScopeEmployeesWrite}, HoursImport: {ScopeEmployeesWrite}, DocumentUpload: {ScopeEmployeesWrite},
	ContactsEdit: {ScopeEmployeesWrite},

	SensitiveView: {ScopeSensitiveRead}, SensitiveEdit: {ScopeSensitiveWrite},

	OrgManage: {ScopeOrgWrite}, JobArchitectureManage: {ScopeOrgWrite},

	PayView: {ScopePayRead}, PayrollExport: {ScopePayRead}, CompEquity: {ScopePayRead},
	EmployeePayChange: {ScopePayWrite}, PayChangeDecide: {ScopePayWrite}, PayrollSettings: {ScopePayWrite},
	CompDesign: {ScopePayWrite}, MeritManage: {ScopePayWrite}, MeritApprove: {ScopePayWrite},
	BonusManage: {ScopePayWrite}, BonusApprove: {ScopePayWrite},

	ApprovalView: {ScopeWorkRead}, OversightView: {ScopeWorkRead},
	TaskWork: {ScopeWorkWrite}, TaskAssign: {ScopeWorkWrite}, InquiryAsk: {ScopeWorkWrite},
	ApprovalRulesManage: {ScopeWorkWrite}, ApprovalDecideNamed: {ScopeWorkWrite}, ApprovalDelegate: {ScopeWorkWrite},

	AuditView:      {ScopeAuditRead},
	UserManage:     {ScopeAdmin},
	SettingsManage: {ScopeAdmin},
	RulesEvaluate:  {ScopeComplianceRead, ScopeLeaveRead, ScopeInsightsRead, ScopePayRead},

	CompanyRulesManage: {ScopeComplianceWrt},

	HiringPlanView: {ScopeHiringRead}, RequisitionView: {ScopeHiringRead}, CandidateView: {ScopeHiringRead},
	RecruitingMetricsView: {ScopeHiringRead},
	HiringPlanManage:      {ScopeHiringWrite}, RequisitionManage: {ScopeHiringWrite}, RequisitionApprove: {ScopeHiringWrite},
	CandidateManage: {ScopeHiringWrite}, OfferManage: {ScopeHiringWrite}, OfferApprove: {ScopeHiringWrite},
	InterviewManage: {ScopeHiringWrite}, ScorecardSubmit: {ScopeHiringWrite}, RecruitingMetricsManage: {ScopeHiringWrite},
	ATSManage: {ScopeHiringWrite}, CandidatePrivacy: {ScopeHiringWrite}, JDManage: {ScopeHiringWrite},
	// Candidates' voluntary self-identification is EEO data, read for
	// compliance reporting only.
	CandidateEEOView: {ScopeComplianceRead},

	CaseOversee: {ScopeRelationsRead}, DisciplineView: {ScopeRelationsRead}, RelationsTrends: {ScopeRelationsRead},
	CaseReport: {ScopeRelationsWrite}, CaseRefer: {ScopeRelationsWrite}, CaseIntake: {ScopeRelationsWrite},
	CaseWork: {ScopeRelationsWrite}, CaseAssign: {ScopeRelationsWrite}, CaseDecide: {ScopeRelationsWrite},
	CaseHold: {ScopeRelationsWrite}, DisciplineIssue: {ScopeRelationsWrite}, DisciplineAcknowledge: {ScopeRelationsWrite},
	RelationsSettings: {ScopeRelationsWrite}, TrainingManage: {ScopeRelationsWrite},

	LeaveFMLAView: {ScopeLeaveRead}, TimeOffView: {ScopeLeaveRead}, LeaveCaseView: {ScopeLeaveRead}, LeaveDashboard: {ScopeLeaveRead},
	TimeOffRequest: {ScopeLeaveWrite}, TimeOffApprove: {ScopeLeaveWrite}, TimeOffAdjust: {ScopeLeaveWrite},
	LeaveTypesManage: {ScopeLeaveWrite}, LeaveCaseManage: {ScopeLeaveWrite}, LeaveCaseApprove: {ScopeLeaveWrite},
	LeaveProgramsManage: {ScopeLeaveWrite},

	PolicyView: {ScopeComplianceRead}, PolicyTrack: {ScopeComplianceRead}, EEO1View: {ScopeComplianceRead},
	CalendarView: {ScopeComplianceRead}, I9View: {ScopeComplianceRead}, I9Audit: {ScopeComplianceRead},
	RecordsView: {ScopeComplianceRead},
	PolicyDraft: {ScopeComplianceWrt}, PolicyApprove: {ScopeComplianceWrt}, LegislationManage: {ScopeComplianceWrt},
	I9Section1: {ScopeComplianceWrt}, I9Manage: {ScopeComplianceWrt}, I9Purge: {ScopeComplianceWrt},
	RecordsPurgeRequest: {ScopeComplianceWrt}, RecordsPurgeApprove: {ScopeComplianceWrt}, RecordsHoldManage: {ScopeComplianceWrt},
	RecordsRetentionManage: {ScopeComplianceWrt}, LegalMatterManage: {ScopeComplianceWrt},

	BenefitsView:   {ScopeBenefitsRead},
	BenefitsEnroll: {ScopeBenefitsWrite}, BenefitsAdmin: {ScopeBenefitsWrite}, BenefitsDesign: {ScopeBenefitsWrite},

	CareerCatalogView: {ScopeCareersRead}, CareerView: {ScopeCareersRead}, SuccessionView: {ScopeCareersRead},
	CareerDesign: {ScopeCareersWrite}, CareerSelfAssess: {ScopeCareersWrite}, CareerManagerAssess: {ScopeCareersWrite},
	CareerPlan: {ScopeCareersWrite}, CredentialManage: {ScopeCareersWrite}, CredentialVerify: {ScopeCareersWrite},

	InsightsView: {ScopeInsightsRead}, ReportsBuild: {ScopeInsightsRead},

	IntegrationsManage: {ScopeAdmin},
	FieldsDelegate:     {ScopeEmployeesWrite},
}

// ScopesOf returns the scopes that grant p (nil for tokens.own).
func ScopesOf(p Permission) []Scope { return scopeOf[p] }

// Scopes is a token's set of scopes; nil means unrestricted.
type Scopes []Scope

// ParseScopes reads a space- or comma-separated list, refusing unknown
// names on the field. Duplicates collapse; the result is sorted in the
// order of AllScopes. An empty list gives nil (every permission).
func ParseScopes(field string, in []string) (Scopes, error) {
	seen := map[Scope]bool{}
	var bad []string
	for _, s := range in {
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
			sc := Scope(strings.ToLower(strings.TrimSpace(f)))
			if !slices.Contains(AllScopes, sc) {
				bad = append(bad, f)
				continue
			}
			seen[sc] = true
		}
	}
	if len(bad) > 0 {
		return nil, kit.Invalid(field, "Unknown scope "+strings.Join(bad, ", ")+"; choose from "+strings.Join(ScopeNames(), ", "))
	}
	if len(seen) == 0 {
		return nil, nil
	}
	out := Scopes{}
	for _, s := range AllScopes {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

// ScopeNames lists the scope names.
func ScopeNames() []string {
	out := make([]string, len(AllScopes))
	for i, s := range AllScopes {
		out[i] = string(s)
	}
	return out
}

// String joins the scopes with spaces, as OAuth does ("" for none).
func (s Scopes) String() string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = string(x)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// Allow reports whether the scopes let a token use p. nil allows all.
func (s Scopes) Allow(p Permission) bool {
	if s == nil {
		return true
	}
	for _, need := range scopeOf[p] {
		for _, have := range s {
			if have == need || (strings.HasSuffix(string(have), ":write") && strings.HasSuffix(string(need), ":read") &&
				strings.TrimSuffix(string(have), ":write") == strings.TrimSuffix(string(need), ":read")) {
				return true
			}
		}
	}
	return false
}
