// Package records keeps employee records for as long as the law (and the
// company) requires and no longer: retention rules per type of record
// from the rules engine, the retention dashboard, purges approved by an
// HR manager through the Work backbone, legal holds that block every
// purge, and legal matters (charges, lawsuits, agency audits, demand
// letters) that hold the records of the people involved.
package records

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Type is a type of record in the employee file, with its retention rule.
type Type struct {
	Key        string
	Label      string
	Categories []string // the document categories it holds
	Rule       string   // how long the law requires it, in words
	Citation   string
	Apart      bool // kept apart from the personnel file
}

// Types are the record types Cadre keeps. ER case files stay with their
// cases (under the case's own hold) and are not purged here.
var Types = []Type{
	{Key: "personnel", Label: "Personnel", Categories: []string{"offer_letter", "contract", "identity", "certification", "performance", "training", "other"},
		Rule: "1 year after the later of the record and the termination; until any charge is resolved", Citation: "29 CFR 1602.14"},
	{Key: "medical", Label: "Medical", Categories: []string{"medical"}, Apart: true,
		Rule: "3 years after the later of the record and its last entry", Citation: "29 CFR 825.500(b), (g); 29 CFR 1630.14(c)"},
	{Key: "payroll", Label: "Payroll", Categories: []string{"payroll"},
		Rule: "3 years from the last entry", Citation: "29 CFR 516.5"},
	{Key: "benefits", Label: "Benefits", Categories: []string{"benefits"},
		Rule: "6 years after the later of the record and the last day (stricter reading)", Citation: "ERISA § 107, 29 U.S.C. 1027"},
	{Key: "i9", Label: "Form I-9", Apart: true,
		Rule: "The later of 3 years after hire and 1 year after termination", Citation: "8 CFR 274a.2(b)(2)(i)(A)"},
}

// TypeOf returns the type of a document category.
func TypeOf(category string) Type {
	for _, t := range Types {
		if slices.Contains(t.Categories, category) {
			return t
		}
	}
	return Types[0]
}

// Retain computes the retention date of a document of a former employee
// (created on created, employment ended on lastDay) under the federal
// rule, extended by the company's minimum years after the last day.
// While the employee is employed nothing is due (lastDay zero).
func Retain(t Type, created, lastDay date.Date, involuntary bool, companyYears int) (date.Date, []rules.Step) {
	if lastDay.IsZero() {
		return date.Date{}, []rules.Step{{Text: "The employee is employed: Cadre keeps their file for as long as employment lasts.", Citation: "Company practice"}}
	}
	var res rules.RetentionResult
	var steps []rules.Step
	switch t.Key {
	case "personnel":
		res, steps, _ = rules.Retention(rules.RetentionFacts{Record: rules.RecordEEOCPersonnel, RecordMade: created, ActionDate: lastDay, Involuntary: involuntary, TerminationDate: lastDay})
	case "medical":
		res, steps, _ = rules.Retention(rules.RetentionFacts{Record: rules.RecordFMLA, Created: created, LastEntry: lastDay})
	case "payroll":
		res, steps, _ = rules.Retention(rules.RetentionFacts{Record: rules.RecordFLSAPayroll, LastEntry: date.Max(created, lastDay)})
	case "benefits":
		from := date.Max(created, lastDay)
		res = rules.RetentionResult{RetainUntil: from.AddYears(6), Rule: t.Citation}
		steps = []rules.Step{{Text: fmt.Sprintf("Benefit plan records are kept for 6 years; Cadre counts from the later of the record and the last day (%s): until %s.", from, res.RetainUntil), Citation: t.Citation}}
	}
	until := res.RetainUntil
	if companyYears > 0 {
		c := lastDay.AddYears(companyYears)
		steps = append(steps, rules.Step{Text: fmt.Sprintf("Company policy keeps %s records %d year(s) after the last day (%s): until %s.", strings.ToLower(t.Label), companyYears, lastDay, c), Citation: "Company retention policy"})
		until = date.Max(until, c)
	}
	return until, steps
}

// Hold kinds.
const (
	HoldEmployee = "employee"
	HoldCase     = "case"
	HoldRange    = "date_range"
	HoldMatter   = "matter"
)

// Hold is a legal hold.
type Hold struct {
	ID            int64
	Kind          string
	EmployeeID    int64
	EmployeeName  string
	CaseID        int64
	MatterID      int64
	MatterTitle   string
	From, To      date.Date
	Reason        string
	PlacedBy      int64
	PlacedByName  string
	PlacedAt      time.Time
	ReleasedAt    time.Time
	ReleasedBy    int64
	ReleaseReason string
}

// Active reports whether the hold is in force.
func (h Hold) Active() bool { return h.ReleasedAt.IsZero() }

// Describe says what the hold covers.
func (h Hold) Describe() string {
	switch h.Kind {
	case HoldEmployee:
		return "Every record of " + h.EmployeeName
	case HoldCase:
		return "The people of ER case " + strconv.FormatInt(h.CaseID, 10)
	case HoldRange:
		return fmt.Sprintf("Every record dated %s to %s", h.From, h.To)
	case HoldMatter:
		return "Every record of " + h.EmployeeName + " (legal matter: " + h.MatterTitle + ")"
	}
	return h.Kind
}

// Cover is what the active holds cover.
type Cover struct {
	Employees map[int64]bool
	Ranges    [][2]date.Date
}

// Covers reports whether the holds cover an employee's records dated
// from..to.
func (c Cover) Covers(employeeID int64, from, to date.Date) bool {
	if c.Employees[employeeID] {
		return true
	}
	for _, r := range c.Ranges {
		if !r[0].After(to) && !r[1].Before(from) {
			return true
		}
	}
	return false
}

// Item is a record due for purge.
type Item struct {
	Kind         string    `json:"kind"` // document | i9
	ID           int64     `json:"id"`   // the document, or the I-9 record
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name"`
	OrgUnit      string    `json:"org_unit"`
	Type         string    `json:"type"`
	Title        string    `json:"title"`
	Created      date.Date `json:"created"`
	LastDay      date.Date `json:"last_day"`
	PeriodStart  date.Date `json:"period_start,omitempty"`
	RetainUntil  date.Date `json:"retain_until"`
	Held         bool      `json:"held"`
}

// TypeLabel names the item's record type.
func (it Item) TypeLabel() string {
	for _, t := range Types {
		if t.Key == it.Type {
			return t.Label
		}
	}
	return it.Type
}

// Candidate is a document of a former employee (from the store).
type Candidate struct {
	DocumentID   int64
	EmployeeID   int64
	EmployeeName string
	OrgUnit      string
	Category     string
	Title        string
	Created      date.Date
	LastDay      date.Date
	PeriodStart  date.Date
	Involuntary  bool
}

// Purge statuses.
const (
	PurgePending  = "pending"
	PurgeDone     = "done"
	PurgeRejected = "rejected"
)

// Purge is a purge proposed for approval.
type Purge struct {
	ID          int64
	Status      string
	Items       []Item
	RequestedBy int64
	Requester   string
	ApprovalID  int64
	DecidedAt   time.Time
	Purged      int
	Skipped     int
	CreatedAt   time.Time
}

// TypeCount is the dashboard's line for a type.
type TypeCount struct {
	Type      Type
	Documents int
	Purged    int
	Due       int
	Held      int
	Years     int // the company's minimum years after the last day
}

// Store is what records need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	work.TaskStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	I9() i9.Store
	Held(ctx context.Context, employeeID int64, from, to date.Date) (bool, error)
	// ActiveHolds reads what the active holds cover, for lists.
	ActiveHolds(ctx context.Context) (Cover, error)
	InsertHold(ctx context.Context, h Hold) (int64, error)
	GetHold(ctx context.Context, id int64) (Hold, error)
	ListHolds(ctx context.Context, matterID int64) ([]Hold, error)
	ReleaseHold(ctx context.Context, id, by int64, at time.Time, reason string) error
	CaseExists(ctx context.Context, caseID int64) (bool, error)
	// RetentionCandidates lists unpurged documents of former employees whose
	// last day is on or before lastDay, in scope.
	RetentionCandidates(ctx context.Context, lastDay date.Date, paths []string, whole bool, limit int) ([]Candidate, error)
	// DocumentCounts counts documents by category in scope: all, purged.
	DocumentCounts(ctx context.Context, paths []string, whole bool) (map[string][2]int, error)
	PurgeDocument(ctx context.Context, documentID, by int64, at time.Time) error
	InsertPurge(ctx context.Context, p Purge) (int64, error)
	GetPurge(ctx context.Context, id int64) (Purge, error)
	UpdatePurge(ctx context.Context, p Purge) error
	ListPurges(ctx context.Context, limit int) ([]Purge, error)
	MatterStore
}

// Service runs records retention, holds and legal matters.
type Service struct {
	store Store
	clock kit.Clock
	i9    *i9.Service
}

// NewService builds the service; forms I-9 are purged through i9s.
func NewService(st Store, clock kit.Clock, i9s *i9.Service) *Service {
	return &Service{store: st, clock: clock, i9: i9s}
}

func init() {
	work.RegisterKind(work.KindDef{Key: "records_purge", Label: "Records purge", Decide: access.RecordsPurgeApprove,
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
}

func (s *Service) today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

func yearsKey(t string) string { return "records.retention_years." + t }

func (s *Service) companyYears(ctx context.Context, st Store) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range Types {
		v, err := st.Setting(ctx, yearsKey(t.Key))
		if err != nil {
			return nil, err
		}
		out[t.Key], _ = strconv.Atoi(v)
	}
	return out, nil
}

// SetRetentionYears sets the company's minimum years after the last day
// per type (0: the federal minimum only). Requires
// records.retention.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) SetRetentionYears(ctx context.Context, a access.Actor, years map[string]int) error {
	if err := access.Require(a, access.RecordsRetentionManage, access.CompanyTarget); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	for k, v := range years {
		if !slices.ContainsFunc(Types, func(t Type) bool { return t.Key == k && k != "i9" }) {
			f.Add("years."+k, "Not a record type with a company policy")
		} else if v < 0 || v > 50 {
			f.Add("years."+k, "Enter 0 to 50 years")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		for k, v := range years {
			if err := st.SetSetting(ctx, yearsKey(k), strconv.Itoa(v)); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "records.retention_set", "setting", 0, "Set the company's record retention years", years)
	})
}

func (s *Service) scope(a access.Actor, p access.Permission) ([]string, bool, error) {
	paths, whole := access.ScopePaths(a, p)
	if !whole && len(paths) == 0 {
		return nil, false, kit.Forbidden("only HR keeps employee records")
	}
	return paths, whole, nil
}

// Due lists the records in scope past retention and not purged: the
// documents of former employees and their Forms I-9, each marked when a
// legal hold covers it. Requires records.view. Errors: KindForbidden.
func (s *Service) Due(ctx context.Context, a access.Actor) ([]Item, error) {
	paths, whole, err := s.scope(a, access.RecordsView)
	if err != nil {
		return nil, err
	}
	return s.due(ctx, s.store, a, paths, whole)
}

func (s *Service) due(ctx context.Context, st Store, a access.Actor, paths []string, whole bool) ([]Item, error) {
	today := s.today()
	years, err := s.companyYears(ctx, st)
	if err != nil {
		return nil, err
	}
	// Every rule keeps records at least a year after the last day.
	cands, err := st.RetentionCandidates(ctx, today.AddYears(-1), paths, whole, 20000)
	if err != nil {
		return nil, err
	}
	var out []Item
	cover, err := st.ActiveHolds(ctx)
	if err != nil {
		return nil, err
	}
	isHeld := func(emp int64, from, to date.Date) (bool, error) { return cover.Covers(emp, from, to), nil }
	for _, c := range cands {
		t := TypeOf(c.Category)
		until, _ := Retain(t, c.Created, c.LastDay, c.Involuntary, years[t.Key])
		if until.IsZero() || !until.Before(today) {
			continue
		}
		h, err := isHeld(c.EmployeeID, firstOf(c.PeriodStart, c.Created), c.LastDay)
		if err != nil {
			return nil, err
		}
		out = append(out, Item{Kind: "document", ID: c.DocumentID, EmployeeID: c.EmployeeID, EmployeeName: c.EmployeeName, OrgUnit: c.OrgUnit, Type: t.Key, Title: c.Title,
			Created: c.Created, LastDay: c.LastDay, PeriodStart: c.PeriodStart, RetainUntil: until, Held: h})
	}
	if access.CanAnywhere(a, access.I9Manage) {
		forms, err := s.i9.RetentionDue(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, r := range forms {
			h, err := isHeld(r.EmployeeID, r.PeriodStart, r.PeriodEnd)
			if err != nil {
				return nil, err
			}
			out = append(out, Item{Kind: "i9", ID: r.ID, EmployeeID: r.EmployeeID, EmployeeName: r.EmployeeName, OrgUnit: r.OrgUnit, Type: "i9", Title: "Form I-9",
				Created: r.Section2On, LastDay: r.PeriodEnd, PeriodStart: r.PeriodStart, RetainUntil: r.Result.RetainUntil, Held: h})
		}
	}
	slices.SortStableFunc(out, func(x, y Item) int { return x.RetainUntil.Compare(y.RetainUntil) })
	return out, nil
}

// Dashboard counts documents by type in scope with what is due and held.
// Requires records.view. Errors: KindForbidden.
func (s *Service) Dashboard(ctx context.Context, a access.Actor) ([]TypeCount, []Item, error) {
	paths, whole, err := s.scope(a, access.RecordsView)
	if err != nil {
		return nil, nil, err
	}
	due, err := s.due(ctx, s.store, a, paths, whole)
	if err != nil {
		return nil, nil, err
	}
	counts, err := s.store.DocumentCounts(ctx, paths, whole)
	if err != nil {
		return nil, nil, err
	}
	years, err := s.companyYears(ctx, s.store)
	if err != nil {
		return nil, nil, err
	}
	var out []TypeCount
	for _, t := range Types {
		tc := TypeCount{Type: t, Years: years[t.Key]}
		for _, c := range t.Categories {
			tc.Documents += counts[c][0]
			tc.Purged += counts[c][1]
		}
		for _, it := range due {
			if it.Type == t.Key {
				if it.Held {
					tc.Held++
				} else {
					tc.Due++
				}
			}
		}
		out = append(out, tc)
	}
	return out, due, nil
}

// RequestPurge proposes purging every record in scope past retention and
// not held, for an HR manager's approval. Requires records.purge.request.
// Errors: KindForbidden, KindConflict (nothing due, or a purge already
// waiting).
func (s *Service) RequestPurge(ctx context.Context, a access.Actor) (int64, error) {
	paths, whole, err := s.scope(a, access.RecordsPurgeRequest)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.store.InTx(ctx, func(st Store) error {
		ps, err := st.ListPurges(ctx, 20)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Status == PurgePending {
				return kit.Conflict("a purge is already waiting for approval")
			}
		}
		due, err := s.due(ctx, st, a, paths, whole)
		if err != nil {
			return err
		}
		var items []Item
		for _, it := range due {
			if !it.Held {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			return kit.Conflict("nothing in your scope is past retention (or everything that is is under a legal hold)")
		}
		p := Purge{Status: PurgePending, Items: items, RequestedBy: a.UserID, CreatedAt: s.clock.Now()}
		if id, err = st.InsertPurge(ctx, p); err != nil {
			return err
		}
		steps, err := work.Route(ctx, st, "records_purge", work.Subject{}, work.Facts{}, a.UserID)
		if err != nil {
			return err
		}
		docs, forms := 0, 0
		for _, it := range items {
			if it.Kind == "i9" {
				forms++
			} else {
				docs++
			}
		}
		ap := work.Approval{Steps: steps, Kind: "records_purge", ObjectType: "records_purge", ObjectID: id,
			Title: fmt.Sprintf("Purge %d record(s) past retention", len(items)), Summary: fmt.Sprintf("%d document(s) and %d Form(s) I-9 of former employees, past their retention dates and under no legal hold.", docs, forms)}
		apID, err := work.NewRequest(ctx, st, a, ap, s.clock.Now())
		if err != nil {
			return err
		}
		ap.ID = apID
		if err := work.NotifyApprovers(ctx, st, a, ap, "Records purge to approve", ap.Summary, s.clock.Now()); err != nil {
			return err
		}
		p.ID, p.ApprovalID = id, apID
		if err := st.UpdatePurge(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "records.purge_request", "records_purge", id, ap.Title, map[string]any{"documents": docs, "forms": forms, "approval_id": apID})
	})
	return id, err
}

// Decide is the work handler of a purge: approving purges each item that
// is still past retention and under no legal hold, in the same
// transaction; a rejection purges nothing.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "records_purge" {
			return kit.NotFound("approval request")
		}
		p, err := st.GetPurge(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		if ap, err = work.Decide(ctx, st, a, approvalID, d, access.RecordsPurgeApprove, access.CompanyTarget, s.clock.Now()); err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			return nil
		}
		p.DecidedAt = s.clock.Now()
		if ap.Status != work.StatusApproved {
			p.Status = PurgeRejected
			if err := st.UpdatePurge(ctx, p); err != nil {
				return err
			}
			return s.record(ctx, st, a, "records.purge_rejected", "records_purge", p.ID, "Purge not approved; nothing was deleted", map[string]any{"comment": d.Comment})
		}
		return s.execute(ctx, st, a, &p)
	})
}

// Withdraw is the work handler when the requester withdraws a purge.
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "records_purge" {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.clock.Now()); err != nil {
			return err
		}
		p, err := st.GetPurge(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		p.Status, p.DecidedAt = PurgeRejected, s.clock.Now()
		return st.UpdatePurge(ctx, p)
	})
}

func (s *Service) execute(ctx context.Context, st Store, a access.Actor, p *Purge) error {
	years, err := s.companyYears(ctx, st)
	if err != nil {
		return err
	}
	today := s.today()
	// The approver purges on Cadre's authority: the items were chosen in
	// the requester's scope and the approval is the decision.
	sys := access.System
	sys.UserID, sys.Name, sys.RequestID = a.UserID, a.Name, a.RequestID
	for _, it := range p.Items {
		held, err := st.Held(ctx, it.EmployeeID, firstOf(it.PeriodStart, it.Created), it.LastDay)
		if err != nil {
			return err
		}
		if held {
			p.Skipped++
			continue
		}
		switch it.Kind {
		case "i9":
			err := s.i9.PurgeTx(ctx, st.I9(), sys, it.EmployeeID, it.PeriodStart)
			if kit.KindOf(err) == kit.KindConflict {
				p.Skipped++
				continue
			}
			if err != nil {
				return err
			}
		default:
			until, _ := Retain(TypeOf(typeCategory(it.Type)), it.Created, it.LastDay, false, years[it.Type])
			if until.IsZero() || !until.Before(today) {
				p.Skipped++
				continue
			}
			if err := st.PurgeDocument(ctx, it.ID, a.UserID, s.clock.Now()); err != nil {
				if kit.KindOf(err) == kit.KindConflict {
					p.Skipped++
					continue
				}
				return err
			}
			if err := s.record(ctx, st, a, "records.document_purge", "document", it.ID, fmt.Sprintf("Purged %s (%s) of %s after retention (kept until %s)", it.Title, it.Type, it.EmployeeName, it.RetainUntil),
				map[string]any{"employee_id": it.EmployeeID, "retain_until": it.RetainUntil.String()}); err != nil {
				return err
			}
		}
		p.Purged++
	}
	p.Status = PurgeDone
	if err := st.UpdatePurge(ctx, *p); err != nil {
		return err
	}
	return s.record(ctx, st, a, "records.purge_done", "records_purge", p.ID, fmt.Sprintf("Purge approved: %d purged, %d skipped (held or no longer due)", p.Purged, p.Skipped), map[string]any{"purged": p.Purged, "skipped": p.Skipped})
}

// firstOf is the earlier of two days, ignoring a missing one.
func firstOf(a, b date.Date) date.Date {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	}
	return date.Min(a, b)
}

func typeCategory(t string) string {
	for _, x := range Types {
		if x.Key == t && len(x.Categories) > 0 {
			return x.Categories[0]
		}
	}
	return "other"
}

// Purges lists the purges, newest first. Requires records.view. Errors:
// KindForbidden.
func (s *Service) Purges(ctx context.Context, a access.Actor) ([]Purge, error) {
	if _, _, err := s.scope(a, access.RecordsView); err != nil {
		return nil, err
	}
	return s.store.ListPurges(ctx, 50)
}

// GetPurge returns a purge with its items. Requires records.view.
func (s *Service) GetPurge(ctx context.Context, a access.Actor, id int64) (Purge, error) {
	if _, _, err := s.scope(a, access.RecordsView); err != nil {
		return Purge{}, err
	}
	return s.store.GetPurge(ctx, id)
}

// HoldInput places a hold.
type HoldInput struct {
	Kind       string
	EmployeeID int64
	CaseID     int64
	From, To   date.Date
	Reason     string
}

// PlaceHold places a legal hold: on an employee's records, on the people
// of an ER case, or on every record dated within a range. Requires
// records.holds.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) PlaceHold(ctx context.Context, a access.Actor, in HoldInput) (int64, error) {
	if err := access.Require(a, access.RecordsHoldManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		id, err = s.placeHold(ctx, st, a, in, 0)
		return err
	})
	return id, err
}

func (s *Service) placeHold(ctx context.Context, st Store, a access.Actor, in HoldInput, matterID int64) (int64, error) {
	f := kit.FieldErrors{}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || len(in.Reason) > 1000 {
		f.Add("reason", "Say why the records must be kept (at most 1,000 characters)")
	}
	h := Hold{Kind: in.Kind, Reason: in.Reason, PlacedBy: a.UserID, PlacedAt: s.clock.Now(), MatterID: matterID}
	switch in.Kind {
	case HoldEmployee, HoldMatter:
		if in.EmployeeID == 0 {
			f.Add("employee_id", "Choose the employee")
		} else if _, err := st.Target(ctx, in.EmployeeID); err != nil {
			f.Add("employee_id", "No such employee")
		}
		h.EmployeeID = in.EmployeeID
	case HoldCase:
		ok, err := st.CaseExists(ctx, in.CaseID)
		if err != nil {
			return 0, err
		}
		if !ok {
			f.Add("case_id", "No such ER case")
		}
		h.CaseID = in.CaseID
	case HoldRange:
		if in.From.IsZero() {
			f.Add("from", "Enter the first day")
		}
		if in.To.IsZero() {
			f.Add("to", "Enter the last day")
		}
		if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
			f.Add("to", "Must be on or after the first day")
		}
		h.From, h.To = in.From, in.To
	default:
		f.Add("kind", "Choose employee, case or date_range")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	id, err := st.InsertHold(ctx, h)
	if err != nil {
		return 0, err
	}
	h.ID = id
	return id, s.record(ctx, st, a, "records.hold_place", "legal_hold", id, "Placed a legal hold: "+in.Reason, map[string]any{"kind": h.Kind, "employee_id": h.EmployeeID, "case_id": h.CaseID,
		"from": h.From.String(), "to": h.To.String(), "matter_id": matterID})
}

// ReleaseHold releases a hold, with the reason. Requires
// records.holds.manage. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict (already released).
func (s *Service) ReleaseHold(ctx context.Context, a access.Actor, id int64, reason string) error {
	if err := access.Require(a, access.RecordsHoldManage, access.CompanyTarget); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return kit.Invalid("reason", "Say why the hold can be released (counsel's confirmation, the matter closed)")
	}
	return s.store.InTx(ctx, func(st Store) error {
		h, err := st.GetHold(ctx, id)
		if err != nil {
			return err
		}
		if !h.Active() {
			return kit.Conflict("the hold was already released")
		}
		if err := st.ReleaseHold(ctx, id, a.UserID, s.clock.Now(), reason); err != nil {
			return err
		}
		return s.record(ctx, st, a, "records.hold_release", "legal_hold", id, "Released a legal hold: "+reason, map[string]any{"kind": h.Kind, "employee_id": h.EmployeeID})
	})
}

// Holds lists the holds, active first. HR with records.view may read them
// (to know why a record stays), but only holds that are not a legal
// matter's unless they may see matters. Errors: KindForbidden.
func (s *Service) Holds(ctx context.Context, a access.Actor) ([]Hold, error) {
	if _, _, err := s.scope(a, access.RecordsView); err != nil {
		return nil, err
	}
	hs, err := s.store.ListHolds(ctx, 0)
	if err != nil {
		return nil, err
	}
	if !access.Can(a, access.LegalMatterManage, access.CompanyTarget) {
		for i := range hs {
			if hs[i].Kind == HoldMatter {
				hs[i].MatterTitle, hs[i].Reason = "a legal matter", "A legal matter (confidential)"
			}
		}
	}
	return hs, nil
}

// MarshalItems encodes purge items for storage.
func MarshalItems(items []Item) string {
	b, _ := json.Marshal(items)
	return string(b)
}
