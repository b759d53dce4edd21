// Package policy is the policy library: policies written in Markdown,
// versioned; a version is published only when an HR manager approves it
// (the policy_version approval chain); publishing assigns it to its
// audience, whose members acknowledge it with an e-signature (their typed
// name, the time and the hash of the text they read); HR tracks who has
// acknowledged, by org unit.
package policy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/kit/markdown"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Version statuses.
const (
	Draft      = "draft"
	Pending    = "pending_approval"
	Published  = "published"
	Superseded = "superseded"
	Rejected   = "rejected"
)

// Categories of policy.
var Categories = []string{"conduct", "workplace", "leave", "pay", "benefits", "safety", "privacy", "it", "other"}

// Audience is who must acknowledge a version: everyone (all empty), or
// the employees in any of the org units (with their subtrees), at any of
// the locations, of any of the employment types (each list that is set
// must match).
type Audience struct {
	OrgUnitIDs      []int64  `json:"org_unit_ids,omitempty"`
	LocationIDs     []int64  `json:"location_ids,omitempty"`
	EmploymentTypes []string `json:"employment_types,omitempty"`
}

// Everyone reports whether the audience is the whole company.
func (a Audience) Everyone() bool {
	return len(a.OrgUnitIDs) == 0 && len(a.LocationIDs) == 0 && len(a.EmploymentTypes) == 0
}

// Policy is a policy and its versions.
type Policy struct {
	ID        int64
	Title     string
	Category  string
	OwnerID   int64
	OwnerName string
	CreatedAt time.Time
	UpdatedAt time.Time
	// Current is the published version (zero when none is).
	Current Version
	// Latest is the newest version, of any status.
	Latest   Version
	Versions []Version
	// Mine is the actor's own assignment of the current version.
	Mine *Assignment
}

// Version is one text of a policy.
type Version struct {
	ID          int64
	PolicyID    int64
	Number      int
	Body        string
	Summary     string // what changed
	EffectiveOn date.Date
	Status      string
	Hash        string // SHA-256 of the body
	Audience    Audience
	DueDays     int // days to acknowledge after publishing
	ApprovalID  int64
	CreatedBy   int64
	CreatedAt   time.Time
	PublishedAt time.Time
	Rev         int // optimistic lock of a draft
}

// HTML is the body rendered and sanitised.
func (v Version) HTML() template.HTML { return markdown.Render(v.Body) }

// Assignment is one employee's acknowledgment of a version.
type Assignment struct {
	VersionID      int64
	PolicyID       int64
	PolicyTitle    string
	VersionNumber  int
	EmployeeID     int64
	EmployeeName   string
	DueOn          date.Date
	AcknowledgedAt time.Time
	SignedName     string
	Hash           string
}

// Done reports whether the employee acknowledged.
func (a Assignment) Done() bool { return !a.AcknowledgedAt.IsZero() }

// Store is what policies need, inside the caller's transaction.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	GetEmployee(ctx context.Context, id int64) (people.Employee, error)
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	InsertPolicy(ctx context.Context, p Policy) (int64, error)
	GetPolicy(ctx context.Context, id int64) (Policy, error)
	ListPolicies(ctx context.Context) ([]Policy, error)
	InsertPolicyVersion(ctx context.Context, v Version) (int64, error)
	// UpdatePolicyVersion writes a version when it is still at rev;
	// KindConflict otherwise.
	UpdatePolicyVersion(ctx context.Context, v Version, rev int) error
	GetPolicyVersion(ctx context.Context, id int64) (Version, error)
	ListPolicyVersions(ctx context.Context, policyID int64) ([]Version, error)
	// AssignPolicyVersion assigns a version to the active employees of
	// its audience; it returns how many.
	AssignPolicyVersion(ctx context.Context, v Version, due date.Date) (int, error)
	GetPolicyAssignment(ctx context.Context, versionID, employeeID int64) (Assignment, error)
	AcknowledgePolicyAssignment(ctx context.Context, a Assignment) error
	ListPolicyAssignmentsOf(ctx context.Context, employeeID int64) ([]Assignment, error)
	// Tracking counts a version's assignments by org unit, in scope.
	PolicyTracking(ctx context.Context, versionID int64, paths []string, whole bool, today date.Date) ([]UnitCount, error)
	// DuePolicyAssignments lists unacknowledged assignments of published
	// versions due on or before a day and not reminded since another.
	DuePolicyAssignments(ctx context.Context, due, remindedBefore date.Date, limit int) ([]Assignment, error)
	MarkPolicyReminded(ctx context.Context, versionID, employeeID int64, on date.Date) error
	ActiveUserOf(ctx context.Context, employeeID int64) (int64, string, error)
	// CasesCitingPolicy counts the ER cases that involve a policy, in scope.
	CasesCitingPolicy(ctx context.Context, policyID int64, paths []string, whole bool) (int, error)
	// ListPolicyAssignments lists a version's assignments in scope (evidence).
	ListPolicyAssignments(ctx context.Context, versionID int64, paths []string, whole bool) ([]Assignment, error)
}

// UnitCount is one org unit's acknowledgments of a version.
type UnitCount struct {
	OrgUnit      string
	Assigned     int
	Acknowledged int
	Overdue      int
}

// Pct is the share acknowledged.
func (u UnitCount) Pct() float64 {
	if u.Assigned == 0 {
		return 0
	}
	return float64(u.Acknowledged) * 100 / float64(u.Assigned)
}

// Service runs the policy use cases.
type Service struct {
	store Store
	clock kit.Clock
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

func init() {
	work.RegisterKind(work.KindDef{Key: "policy_version", Label: "Policy version", Decide: access.PolicyApprove,
		Facts:     []work.FactDef{{Key: "new_policy", Label: "A new policy (its first version)", Type: "bool"}},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
}

func (s *Service) now() time.Time   { return s.clock.Now() }
func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action string, id int64, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "policy", ObjectID: id,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

// Hash is the SHA-256 of a policy text, as acknowledged.
func Hash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// Input drafts a policy or a new version.
type Input struct {
	Title       string
	Category    string
	Body        string
	Summary     string
	EffectiveOn date.Date
	Audience    Audience
	DueDays     int
	// Rev is the draft's revision being edited (0 for a new draft).
	Rev int
}

func (in *Input) validate(newPolicy bool) kit.FieldErrors {
	f := kit.FieldErrors{}
	in.Title, in.Body, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n")), strings.TrimSpace(in.Summary)
	if newPolicy && (in.Title == "" || len(in.Title) > 160) {
		f.Add("title", "Enter a title of at most 160 characters")
	}
	if newPolicy && !slices.Contains(Categories, in.Category) {
		f.Add("category", "Choose a category")
	}
	if in.Body == "" {
		f.Add("body", "Write the policy")
	} else if len(in.Body) > 200_000 {
		f.Add("body", "Keep the policy under 200,000 characters")
	}
	if len(in.Summary) > 1000 {
		f.Add("summary", "Keep the summary of changes under 1,000 characters")
	}
	if in.DueDays == 0 {
		in.DueDays = 14
	}
	if in.DueDays < 1 || in.DueDays > 180 {
		f.Add("due_days", "Give 1 to 180 days to acknowledge")
	}
	for _, t := range in.Audience.EmploymentTypes {
		if !slices.Contains(people.EmploymentTypes, t) {
			f.Add("audience", "Unknown employment type "+t)
		}
	}
	return f
}

// Create drafts a new policy (version 1). Requires policy.draft.
// Errors: KindInvalid, KindForbidden.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (int64, error) {
	if err := access.Require(a, access.PolicyDraft, access.CompanyTarget); err != nil {
		return 0, err
	}
	if err := in.validate(true).Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if id, err = st.InsertPolicy(ctx, Policy{Title: in.Title, Category: in.Category, OwnerID: a.UserID, CreatedAt: s.now(), UpdatedAt: s.now()}); err != nil {
			return err
		}
		v := Version{PolicyID: id, Number: 1, Body: in.Body, Summary: in.Summary, EffectiveOn: in.EffectiveOn, Status: Draft, Hash: Hash(in.Body), Audience: in.Audience,
			DueDays: in.DueDays, CreatedBy: a.UserID, CreatedAt: s.now(), Rev: 1}
		if _, err := st.InsertPolicyVersion(ctx, v); err != nil {
			return err
		}
		return s.record(ctx, st, a, "policy.create", id, "Drafted the policy "+in.Title, map[string]any{"category": in.Category})
	})
	return id, err
}

// SaveDraft edits the policy's draft, or starts a new draft from the
// published text when there is none. A draft waiting for approval cannot
// change (withdraw it first); a stale revision is a conflict and nothing
// is lost. Requires policy.draft. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) SaveDraft(ctx context.Context, a access.Actor, policyID int64, in Input) (int, error) {
	if err := access.Require(a, access.PolicyDraft, access.CompanyTarget); err != nil {
		return 0, err
	}
	if err := in.validate(false).Err(); err != nil {
		return 0, err
	}
	var number int
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := st.GetPolicy(ctx, policyID)
		if err != nil {
			return err
		}
		vs, err := st.ListPolicyVersions(ctx, policyID)
		if err != nil {
			return err
		}
		latest := vs[len(vs)-1]
		switch latest.Status {
		case Pending:
			return kit.Conflict("version %d is waiting for approval; withdraw it to change it", latest.Number)
		case Draft:
			if in.Rev != 0 && in.Rev != latest.Rev {
				return kit.Conflict("someone else saved this draft since you opened it; your text is kept below: compare it with theirs and save again")
			}
			latest.Body, latest.Summary, latest.EffectiveOn, latest.Audience, latest.DueDays, latest.Hash = in.Body, in.Summary, in.EffectiveOn, in.Audience, in.DueDays, Hash(in.Body)
			if err := st.UpdatePolicyVersion(ctx, latest, latest.Rev); err != nil {
				return err
			}
			number = latest.Number
		default:
			number = latest.Number + 1
			v := Version{PolicyID: policyID, Number: number, Body: in.Body, Summary: in.Summary, EffectiveOn: in.EffectiveOn, Status: Draft, Hash: Hash(in.Body),
				Audience: in.Audience, DueDays: in.DueDays, CreatedBy: a.UserID, CreatedAt: s.now(), Rev: 1}
			if _, err := st.InsertPolicyVersion(ctx, v); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "policy.draft", policyID, fmt.Sprintf("Saved the draft of version %d of %s", number, p.Title), map[string]any{"version": number, "summary": in.Summary})
	})
	return number, err
}

// Submit sends the policy's draft to an HR manager for approval (the
// policy_version chain); nothing is published without it. Requires
// policy.draft. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) Submit(ctx context.Context, a access.Actor, policyID int64) (int64, error) {
	if err := access.Require(a, access.PolicyDraft, access.CompanyTarget); err != nil {
		return 0, err
	}
	var apID int64
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := st.GetPolicy(ctx, policyID)
		if err != nil {
			return err
		}
		vs, err := st.ListPolicyVersions(ctx, policyID)
		if err != nil {
			return err
		}
		v := vs[len(vs)-1]
		if v.Status != Draft {
			return kit.Conflict("there is no draft to submit (version %d is %s)", v.Number, strings.ReplaceAll(v.Status, "_", " "))
		}
		steps, err := work.Route(ctx, st, "policy_version", work.Subject{}, work.Facts{"new_policy": work.Bool(v.Number == 1)}, a.UserID)
		if err != nil {
			return err
		}
		ap := work.Approval{Steps: steps, Kind: "policy_version", ObjectType: "policy_version", ObjectID: v.ID,
			Title:   fmt.Sprintf("Policy: %s, version %d", p.Title, v.Number),
			Summary: cmpOr(v.Summary, "A new policy")}
		if apID, err = work.NewRequest(ctx, st, a, ap, s.now()); err != nil {
			return err
		}
		ap.ID = apID
		if err := work.NotifyApprovers(ctx, st, a, ap, "Policy to approve: "+p.Title, ap.Summary, s.now()); err != nil {
			return err
		}
		was := v.Rev
		v.Status, v.ApprovalID = Pending, apID
		if err := st.UpdatePolicyVersion(ctx, v, was); err != nil {
			return err
		}
		return s.record(ctx, st, a, "policy.submit", policyID, fmt.Sprintf("Sent version %d of %s for approval", v.Number, p.Title), map[string]any{"approval_id": apID})
	})
	return apID, err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Decide is the work handler of a policy version: approving publishes it
// (the previous version is superseded) and assigns it to its audience,
// due in the version's days; a rejection or a send-back returns it to
// draft. Errors: KindNotFound, KindForbidden, KindConflict, KindInvalid.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "policy_version" {
			return kit.NotFound("approval request")
		}
		v, err := st.GetPolicyVersion(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		if ap, err = work.Decide(ctx, st, a, approvalID, d, access.PolicyApprove, access.CompanyTarget, s.now()); err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			return nil
		}
		p, err := st.GetPolicy(ctx, v.PolicyID)
		if err != nil {
			return err
		}
		was := v.Rev
		if ap.Status != work.StatusApproved {
			v.Status = Draft
			if err := st.UpdatePolicyVersion(ctx, v, was); err != nil {
				return err
			}
			return s.record(ctx, st, a, "policy.returned", p.ID, fmt.Sprintf("Sent back version %d of %s", v.Number, p.Title), map[string]any{"comment": d.Comment})
		}
		vs, err := st.ListPolicyVersions(ctx, v.PolicyID)
		if err != nil {
			return err
		}
		for _, o := range vs {
			if o.Status == Published {
				rev := o.Rev
				o.Status = Superseded
				if err := st.UpdatePolicyVersion(ctx, o, rev); err != nil {
					return err
				}
			}
		}
		v.Status, v.PublishedAt = Published, s.now()
		if err := st.UpdatePolicyVersion(ctx, v, was); err != nil {
			return err
		}
		n, err := st.AssignPolicyVersion(ctx, v, s.today().AddDays(v.DueDays))
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "policy.publish", p.ID, fmt.Sprintf("Approved and published version %d of %s; %d employees to acknowledge by %s", v.Number, p.Title, n, s.today().AddDays(v.DueDays)),
			map[string]any{"version": v.Number, "hash": v.Hash, "assigned": n})
	})
}

// Withdraw takes back a version waiting for approval (the requester).
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "policy_version" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.now()); err != nil {
			return err
		}
		v, err := st.GetPolicyVersion(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		was := v.Rev
		v.Status, v.ApprovalID = Draft, 0
		return st.UpdatePolicyVersion(ctx, v, was)
	})
}

// Acknowledge records the actor's e-signature on a version assigned to
// them: their typed full name, the time and the hash of the text.
// Errors: KindInvalid (the name does not match), KindNotFound (not
// assigned), KindConflict (already acknowledged, or superseded).
func (s *Service) Acknowledge(ctx context.Context, a access.Actor, versionID int64, signedName string) error {
	if a.EmployeeID == 0 {
		return kit.NotFound("policy assignment")
	}
	return s.store.InTx(ctx, func(st Store) error {
		as, err := st.GetPolicyAssignment(ctx, versionID, a.EmployeeID)
		if err != nil {
			return err
		}
		if as.Done() {
			return kit.Conflict("you acknowledged this version on %s", as.AcknowledgedAt.Format("January 2, 2006"))
		}
		v, err := st.GetPolicyVersion(ctx, versionID)
		if err != nil {
			return err
		}
		if v.Status != Published {
			return kit.Conflict("this version has been replaced; read and acknowledge the current one")
		}
		e, err := st.GetEmployee(ctx, a.EmployeeID)
		if err != nil {
			return err
		}
		if norm(signedName) != norm(e.GivenName+" "+e.FamilyName) {
			return kit.Invalid("signed_name", "Type your full name as it appears on your record: "+e.GivenName+" "+e.FamilyName)
		}
		as.SignedName, as.AcknowledgedAt, as.Hash = strings.TrimSpace(signedName), s.now(), v.Hash
		if err := st.AcknowledgePolicyAssignment(ctx, as); err != nil {
			return err
		}
		return s.record(ctx, st, a, "policy.acknowledge", v.PolicyID, fmt.Sprintf("%s acknowledged version %d", e.Name(), v.Number), map[string]any{"version_id": v.ID, "hash": v.Hash})
	})
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// HR reports whether the actor sees drafts and tracking.
func HR(a access.Actor) bool {
	return access.Can(a, access.PolicyDraft, access.CompanyTarget) || access.Can(a, access.PolicyApprove, access.CompanyTarget)
}

// List lists the policies: HR every policy with its latest version;
// everyone else the published ones. Errors: KindForbidden.
func (s *Service) List(ctx context.Context, a access.Actor) ([]Policy, error) {
	if err := access.Require(a, access.PolicyView, access.CompanyTarget); err != nil {
		return nil, err
	}
	ps, err := s.store.ListPolicies(ctx)
	if err != nil {
		return nil, err
	}
	if HR(a) {
		return ps, nil
	}
	var out []Policy
	for _, p := range ps {
		if p.Current.ID != 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// Get returns a policy with its versions: HR every version, everyone else
// the published and superseded ones (a policy never published is
// NotFound), with the actor's own assignment. Errors: KindNotFound,
// KindForbidden.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Policy, error) {
	if err := access.Require(a, access.PolicyView, access.CompanyTarget); err != nil {
		return Policy{}, err
	}
	p, err := s.store.GetPolicy(ctx, id)
	if err != nil {
		return p, err
	}
	vs, err := s.store.ListPolicyVersions(ctx, id)
	if err != nil {
		return p, err
	}
	hr := HR(a)
	for _, v := range vs {
		if hr || v.Status == Published || v.Status == Superseded {
			p.Versions = append(p.Versions, v)
		}
		if v.Status == Published {
			p.Current = v
		}
	}
	if len(p.Versions) == 0 {
		return Policy{}, kit.NotFound("policy")
	}
	p.Latest = p.Versions[len(p.Versions)-1]
	if a.EmployeeID != 0 && p.Current.ID != 0 {
		if as, err := s.store.GetPolicyAssignment(ctx, p.Current.ID, a.EmployeeID); err == nil {
			p.Mine = &as
		} else if kit.KindOf(err) != kit.KindNotFound {
			return p, err
		}
	}
	return p, nil
}

// Remind notifies the employees whose acknowledgment is due or overdue
// (in the app, and by email through the notification hook): on the due
// day, then every 7 days until they sign. At most 1,000 a run; the job
// runs hourly. It returns how many were reminded.
func (s *Service) Remind(ctx context.Context) (int, error) {
	today := s.today()
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		due, err := st.DuePolicyAssignments(ctx, today, today.AddDays(-6), 1000)
		if err != nil {
			return err
		}
		for _, as := range due {
			uid, _, err := st.ActiveUserOf(ctx, as.EmployeeID)
			if err != nil {
				return err
			}
			if uid != 0 {
				title := "Please read and acknowledge: " + as.PolicyTitle
				if as.DueOn.Before(today) {
					title = "Overdue: please acknowledge " + as.PolicyTitle
				}
				if err := work.Notify(ctx, st, access.System, work.Notification{UserID: uid, Kind: "policy_reminder", Title: title,
					Body: fmt.Sprintf("Version %d was due %s.", as.VersionNumber, as.DueOn.Format("January 2")), Link: fmt.Sprintf("/policies/%d", as.PolicyID)}, s.now()); err != nil {
					return err
				}
				n++
			}
			if err := st.MarkPolicyReminded(ctx, as.VersionID, as.EmployeeID, today); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// CitedInCases counts the ER cases in the actor's oversight scope that
// involve a policy (the count only: the cases stay need-to-know); ok is
// false for someone who does not oversee ER.
func (s *Service) CitedInCases(ctx context.Context, a access.Actor, policyID int64) (n int, ok bool, err error) {
	paths, whole := access.ScopePaths(a, access.CaseOversee)
	if !whole && len(paths) == 0 {
		return 0, false, nil
	}
	n, err = s.store.CasesCitingPolicy(ctx, policyID, paths, whole)
	return n, err == nil, err
}

// Mine lists the actor's assignments, newest first.
func (s *Service) Mine(ctx context.Context, a access.Actor) ([]Assignment, error) {
	if a.EmployeeID == 0 {
		return nil, nil
	}
	return s.store.ListPolicyAssignmentsOf(ctx, a.EmployeeID)
}

// Tracking counts a version's acknowledgments by org unit in the actor's
// scope. Requires policy.track. Errors: KindForbidden, KindNotFound.
func (s *Service) Tracking(ctx context.Context, a access.Actor, versionID int64) ([]UnitCount, error) {
	paths, whole := access.ScopePaths(a, access.PolicyTrack)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("only HR tracks acknowledgments")
	}
	if _, err := s.store.GetPolicyVersion(ctx, versionID); err != nil {
		return nil, err
	}
	return s.store.PolicyTracking(ctx, versionID, paths, whole, s.today())
}

// Evidence lists each employee's acknowledgment of a version in scope:
// who, when, the name typed and the hash of the text. Requires
// policy.track. Errors: KindForbidden.
func (s *Service) Evidence(ctx context.Context, a access.Actor, versionID int64) ([]Assignment, error) {
	paths, whole := access.ScopePaths(a, access.PolicyTrack)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("only HR tracks acknowledgments")
	}
	return s.store.ListPolicyAssignments(ctx, versionID, paths, whole)
}

// EvidenceFile exports the acknowledgments of a version in scope as CSV
// or XLSX: one row per employee with the version, its hash, the name
// typed and when. Requires policy.track. Errors: KindForbidden,
// KindInvalid (format), KindNotFound.
func (s *Service) EvidenceFile(ctx context.Context, a access.Actor, versionID int64, format string) ([]byte, string, error) {
	as, err := s.Evidence(ctx, a, versionID)
	if err != nil {
		return nil, "", err
	}
	v, err := s.store.GetPolicyVersion(ctx, versionID)
	if err != nil {
		return nil, "", err
	}
	rows := make([][]string, 0, len(as))
	for _, x := range as {
		at := ""
		if x.Done() {
			at = x.AcknowledgedAt.Format(time.RFC3339)
		}
		rows = append(rows, []string{strconv.FormatInt(x.EmployeeID, 10), x.EmployeeName, x.PolicyTitle, strconv.Itoa(x.VersionNumber), v.Hash, x.DueOn.String(), at, x.SignedName, x.Hash})
	}
	b, err := kit.WriteTable(format, "Acknowledgments", []string{"Employee ID", "Employee", "Policy", "Version", "Version SHA-256", "Due", "Acknowledged at", "Name typed", "SHA-256 acknowledged"}, rows)
	return b, fmt.Sprintf("policy-%d-v%d-acknowledgments.%s", v.PolicyID, v.Number, format), err
}

// Diff compares two versions' texts line by line. HR, or anyone for two
// published or superseded versions. Errors: KindNotFound.
func (s *Service) Diff(ctx context.Context, a access.Actor, policyID int64, from, to int) ([]kit.DiffLine, error) {
	p, err := s.Get(ctx, a, policyID)
	if err != nil {
		return nil, err
	}
	var f, t *Version
	for i := range p.Versions {
		switch p.Versions[i].Number {
		case from:
			f = &p.Versions[i]
		case to:
			t = &p.Versions[i]
		}
	}
	if f == nil || t == nil {
		return nil, kit.NotFound("policy version")
	}
	return kit.CollapseDiff(kit.LineDiff(f.Body, t.Body), 3), nil
}

// AudienceJSON is how the audience is stored.
func AudienceJSON(a Audience) string {
	b, _ := json.Marshal(a)
	return string(b)
}
