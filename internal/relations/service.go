package relations

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Store is what relations needs from storage; methods run inside the
// transaction of the Store that InTx hands to fn. Sealed columns travel as
// bytes: the service seals and opens them.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.TaskStore
	work.ApprovalStore
	work.RouteStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	// The policies a case involves.
	SetCasePolicies(ctx context.Context, caseID int64, policyIDs []int64) error
	CasePolicies(ctx context.Context, caseID int64) ([]PolicyRef, error)
	PolicyTitles(ctx context.Context, ids []int64) (map[int64]string, error)

	GetEmployee(ctx context.Context, id int64) (people.Employee, error)
	GetOrgUnit(ctx context.Context, id int64) (people.OrgUnit, error)
	ListOrgUnits(ctx context.Context) ([]people.OrgUnit, error)
	GetLocation(ctx context.Context, id int64) (people.Location, error)
	ListLocations(ctx context.Context) ([]people.Location, error)
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	ManagerChain(ctx context.Context, employeeID int64) ([]int64, error)
	// HRStaffFor lists active users holding role over orgPath with the
	// depth of their grant's scope (0 whole company) and their open cases.
	HRStaffFor(ctx context.Context, role access.Role, orgPath string) ([]Staff, error)
	UserName(ctx context.Context, userID int64) (string, error)
	// UserOfEmployee returns the active user of an employee (0: none).
	UserOfEmployee(ctx context.Context, employeeID int64) (int64, error)

	InsertCase(ctx context.Context, c SealedCase) (int64, error)
	UpdateCase(ctx context.Context, c SealedCase) error
	GetCase(ctx context.Context, id int64) (SealedCase, error)
	CaseByFollowUp(ctx context.Context, codeHash string) (SealedCase, error)
	// ListCases lists cases matching f that the filter's visibility
	// allows: on the team of userID, or in paths (whole: all) and not
	// restricted (directorPaths/directorWhole: restricted too). It never
	// returns a case whose subject is excludeEmployee or one of their
	// reports, direct or indirect.
	ListCases(ctx context.Context, f CaseFilter, v Visibility) ([]SealedCase, error)
	CasesReportedBy(ctx context.Context, userID int64) ([]SealedCase, error)
	InsertParty(ctx context.Context, p Party, sealedName []byte) (int64, error)
	DeleteParty(ctx context.Context, caseID, partyID int64) error
	ListParties(ctx context.Context, caseID int64) ([]SealedParty, error)
	SetMember(ctx context.Context, m Member) error
	RemoveMember(ctx context.Context, caseID int64, userID int64, name string) error
	ListMembers(ctx context.Context, caseID int64) ([]Member, error)
	InsertEntry(ctx context.Context, e SealedEntry) (int64, error)
	ListEntries(ctx context.Context, caseID int64) ([]SealedEntry, error)
	GetEntry(ctx context.Context, id int64) (SealedEntry, error)
	AcknowledgeEntry(ctx context.Context, id int64, status string, comment []byte, at time.Time) error
	StatementsFor(ctx context.Context, employeeID int64) ([]SealedEntry, error)
	InsertBlob(ctx context.Context, data []byte, sha string) (int64, error)
	GetBlob(ctx context.Context, id int64) ([]byte, error)
	InsertEvidence(ctx context.Context, e SealedEvidence) (int64, error)
	ListEvidence(ctx context.Context, caseID int64) ([]SealedEvidence, error)
	GetEvidence(ctx context.Context, caseID, id int64) (SealedEvidence, error)
	ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
	ListAllegations(ctx context.Context, caseID int64) ([]SealedAllegation, error)
	InsertAllegation(ctx context.Context, a SealedAllegation) (int64, error)
	UpdateAllegation(ctx context.Context, a SealedAllegation) error
	DeleteAllegation(ctx context.Context, caseID, id int64) error
	SetFinding(ctx context.Context, caseID, id int64, finding string, reasoning []byte, at time.Time) error
	InsertDiscipline(ctx context.Context, d SealedDiscipline) (int64, error)
	UpdateDiscipline(ctx context.Context, d SealedDiscipline) error
	GetDiscipline(ctx context.Context, id int64) (SealedDiscipline, error)
	ListDiscipline(ctx context.Context, employeeID int64) ([]SealedDiscipline, error)
	TrendStore
	TrainingStore
	// People is the people store on the same transaction.
	People() people.Store
}

// Staff is an HR user who could own a case.
type Staff struct {
	UserID     int64
	EmployeeID int64 // 0 for a user who is not an employee
	Name       string
	Depth      int // the depth of the grant's scope: 0 whole company
	OpenCases  int
}

// Visibility is who is listing, for ListCases.
type Visibility struct {
	UserID          int64
	Paths           []string
	Whole           bool
	DirectorPaths   []string
	DirectorWhole   bool
	ExcludeEmployee int64
}

// Sealed rows: the text columns are AES-GCM ciphertext.
type (
	SealedCase struct {
		Case
		TitleS, DescriptionS, PlanS, FindingsS, OutcomeS, ResolutionS []byte
		FollowUpHash                                                  string
	}
	SealedParty struct {
		Party
		NameS []byte
	}
	SealedEntry struct {
		Entry
		BodyS, AckCommentS []byte
		// Case fields for a witness's statement list.
		CaseCategory string
	}
	SealedAllegation struct {
		Allegation
		TextS, ReasoningS []byte
	}
	SealedEvidence struct {
		Evidence
		TitleS, FilenameS, DescriptionS []byte
	}
)

// Terminator files the people core's termination request that a decided
// termination outcome flows into (the app wires people.Service).
// It runs in the decision's transaction, on st's people store.
type Terminator func(ctx context.Context, st Store, a access.Actor, employeeID int64, lastDay date.Date, note string) (int64, error)

// Service runs the ER use cases.
type Service struct {
	store     Store
	clock     kit.Clock
	sealer    *kit.Sealer
	terminate Terminator
	flood     floodLimit
	// Company names the employer on letters.
	Company func(ctx context.Context) string
}

// NewService builds the service. sealer encrypts case text and evidence.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer) *Service {
	return &Service{store: st, clock: clock, sealer: sealer}
}

// SetTerminator installs the termination hook.
func (s *Service) SetTerminator(t Terminator) { s.terminate = t }

func (s *Service) now() time.Time   { return s.clock.Now() }
func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func init() {
	for _, k := range []struct{ key, label string }{
		{"er_plan", "ER investigation plan"}, {"er_findings", "ER findings report"}, {"er_outcome", "ER outcome"},
	} {
		work.RegisterKind(work.KindDef{Key: k.key, Label: k.label, Decide: access.CaseDecide,
			Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector},
			Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}}})
	}
}

// ---- sealing ----

func (s *Service) seal(v string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	return s.sealer.Seal([]byte(v))
}

func (s *Service) open(b []byte) (string, error) {
	v, err := s.sealer.Open(b)
	return string(v), err
}

func (s *Service) sealJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return s.sealer.Seal(b)
}

func (s *Service) openJSON(b []byte, v any) error {
	raw, err := s.sealer.Open(b)
	if err != nil || len(raw) == 0 {
		return err
	}
	return json.Unmarshal(raw, v)
}

// openCase fills the case's text from its sealed columns.
func (s *Service) openCase(sc SealedCase) (Case, error) {
	c := sc.Case
	var err error
	if c.Title, err = s.open(sc.TitleS); err != nil {
		return c, err
	}
	if c.Description, err = s.open(sc.DescriptionS); err != nil {
		return c, err
	}
	if c.Findings, err = s.open(sc.FindingsS); err != nil {
		return c, err
	}
	if c.Resolution, err = s.open(sc.ResolutionS); err != nil {
		return c, err
	}
	if err := s.openJSON(sc.PlanS, &c.Plan); err != nil {
		return c, err
	}
	if err := s.openJSON(sc.OutcomeS, &c.Outcome); err != nil {
		return c, err
	}
	return c, nil
}

// sealCase seals the case's text into sc (keeping the follow-up hash).
func (s *Service) sealCase(c Case, followUp string) (SealedCase, error) {
	sc := SealedCase{Case: c, FollowUpHash: followUp}
	var err error
	if sc.TitleS, err = s.seal(c.Title); err != nil {
		return sc, err
	}
	if sc.DescriptionS, err = s.seal(c.Description); err != nil {
		return sc, err
	}
	if sc.FindingsS, err = s.seal(c.Findings); err != nil {
		return sc, err
	}
	if sc.ResolutionS, err = s.seal(c.Resolution); err != nil {
		return sc, err
	}
	if !c.Plan.Empty() {
		if sc.PlanS, err = s.sealJSON(c.Plan); err != nil {
			return sc, err
		}
	}
	if c.Outcome.Kind != "" {
		if sc.OutcomeS, err = s.sealJSON(c.Outcome); err != nil {
			return sc, err
		}
	}
	return sc, nil
}

// ---- audit ----

// record appends an audit entry. Summaries name the case by its number
// only: the audit trail is read by people outside the case.
func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, objID int64, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: objID,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

// ---- who may see a case ----

// caseView is a case with what access decisions need.
type caseView struct {
	c        Case
	sealed   SealedCase
	team     []Member
	parties  []Party
	excluded map[int64]bool // subjects and their management chains
}

func (v caseView) target() access.Target { return access.Target{OrgPath: v.c.OrgPath, EmployeeID: -1} }

// onTeam reports whether the user owns the case or is on its team.
func (v caseView) onTeam(userID int64) bool {
	if userID == 0 {
		return false
	}
	if v.c.OwnerUserID == userID {
		return true
	}
	return slices.ContainsFunc(v.team, func(m Member) bool { return m.UserID == userID })
}

// CanSee is the confidentiality rule of an ER case: never the subject
// or anyone in a subject's management chain; then its owner and team
// (holding an HR grant); then, unless the case is restricted, HR managers
// and directors whose scope covers it; a restricted case, only HR
// directors over it besides the team.
func CanSee(a access.Actor, c Case, team []Member, excluded map[int64]bool) bool {
	if a.EmployeeID != 0 && excluded[a.EmployeeID] {
		return false
	}
	v := caseView{c: c, team: team}
	if v.onTeam(a.UserID) && a.IsHR() {
		return true
	}
	if c.Restricted {
		return directorOver(a, c.OrgPath)
	}
	return access.Can(a, access.CaseOversee, v.target())
}

func directorOver(a access.Actor, path string) bool {
	for _, g := range a.Grants {
		if g.Role == access.RoleDirector && g.Covers(path) {
			return true
		}
	}
	return false
}

// load reads a case with its team and parties, and returns NotFound when
// the actor may not see it (so its existence does not leak).
func (s *Service) load(ctx context.Context, st Store, a access.Actor, id int64) (caseView, error) {
	v, err := s.loadRaw(ctx, st, id)
	if err != nil {
		return v, err
	}
	if !CanSee(a, v.c, v.team, v.excluded) {
		return caseView{}, kit.NotFound("case")
	}
	return v, nil
}

// loadRaw reads a case without an access check.
func (s *Service) loadRaw(ctx context.Context, st Store, id int64) (caseView, error) {
	sc, err := st.GetCase(ctx, id)
	if err != nil {
		return caseView{}, err
	}
	v := caseView{sealed: sc, excluded: map[int64]bool{}}
	if v.c, err = s.openCase(sc); err != nil {
		return v, err
	}
	if v.team, err = st.ListMembers(ctx, id); err != nil {
		return v, err
	}
	sp, err := st.ListParties(ctx, id)
	if err != nil {
		return v, err
	}
	for _, p := range sp {
		if p.EmployeeID == 0 {
			if p.Name, err = s.open(p.NameS); err != nil {
				return v, err
			}
		}
		v.parties = append(v.parties, p.Party)
		if p.Role == "subject" && p.EmployeeID != 0 {
			v.excluded[p.EmployeeID] = true
			chain, err := st.ManagerChain(ctx, p.EmployeeID)
			if err != nil {
				return v, err
			}
			for _, m := range chain {
				v.excluded[m] = true
			}
		}
	}
	return v, nil
}

// requireWork checks that the actor may work the case: on its team, or an
// HR manager or director who may assign it.
func requireWork(a access.Actor, v caseView) error {
	if v.onTeam(a.UserID) && access.Can(a, access.CaseWork, access.CompanyTarget) {
		return nil
	}
	if access.Can(a, access.CaseAssign, v.target()) && access.Can(a, access.CaseWork, v.target()) {
		return nil
	}
	return kit.Forbidden("only the case team or an HR manager over it may change this case")
}

// working loads a case for a change by its team: visible to the actor
// (else NotFound), worked by them (else Forbidden) and open (else
// Conflict).
func (s *Service) working(ctx context.Context, st Store, a access.Actor, id int64) (caseView, error) {
	v, err := s.load(ctx, st, a, id)
	if err != nil {
		return v, err
	}
	if err := requireWork(a, v); err != nil {
		return v, err
	}
	return v, requireOpen(v)
}

// requireOpen refuses changes to a closed case.
func requireOpen(v caseView) error {
	if !v.c.Open() {
		return kit.Conflict("case %s is closed; an HR manager can reopen it", v.c.Number())
	}
	return nil
}

// ---- validation helpers ----

func clean(f kit.FieldErrors, field, v string, required bool, max int) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		f.Add(field, "Enter a value")
	case len(v) > max:
		f.Add(field, fmt.Sprintf("Use at most %d characters", max))
	}
	return v
}

func choose(f kit.FieldErrors, field, v string, set []string, labels map[string]string) string {
	if !slices.Contains(set, v) {
		var names []string
		for _, x := range set {
			if l, ok := labels[x]; ok {
				names = append(names, l)
			} else {
				names = append(names, strings.ReplaceAll(x, "_", " "))
			}
		}
		f.Add(field, "Choose one of: "+strings.Join(names, ", "))
	}
	return v
}

// Label is a code's display name.
func Label(code string) string {
	if l, ok := CategoryLabels[code]; ok {
		return l
	}
	if l, ok := EntryLabels[code]; ok {
		return l
	}
	if code == "" {
		return ""
	}
	s := strings.ReplaceAll(code, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
