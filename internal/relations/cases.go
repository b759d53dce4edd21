package relations

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Detail is a case as its team sees it.
type Detail struct {
	Case        Case
	Parties     []Party
	Team        []Member
	Entries     []Entry
	Evidence    []Evidence
	Allegations []Allegation
	// Policies are the policies the case involves.
	Policies []PolicyRef
	// AccessLog is shown to those who may assign the case.
	AccessLog []Access
	CanWork   bool
	CanAssign bool
	CanDecide bool
	CanHold   bool
}

// Subjects returns the subject parties.
func (d Detail) Subjects() []Party {
	var out []Party
	for _, p := range d.Parties {
		if p.Role == "subject" {
			out = append(out, p)
		}
	}
	return out
}

// Get returns a case for its team or an HR manager over it, and audits the
// view. A case the actor may not see is NotFound. Errors: KindNotFound.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Detail, error) {
	var d Detail
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		d = Detail{Case: v.c, Parties: v.parties, Team: v.team}
		d.CanWork = requireWork(a, v) == nil
		d.CanAssign = access.Can(a, access.CaseAssign, v.target())
		d.CanDecide = access.Can(a, access.CaseDecide, v.target())
		d.CanHold = access.Can(a, access.CaseHold, v.target())
		if d.Entries, err = s.entries(ctx, st, id); err != nil {
			return err
		}
		if d.Evidence, err = s.evidence(ctx, st, id); err != nil {
			return err
		}
		if d.Allegations, err = s.allegations(ctx, st, id); err != nil {
			return err
		}
		if d.Policies, err = st.CasePolicies(ctx, id); err != nil {
			return err
		}
		if err := s.record(ctx, st, a, "er_case.view", "er_case", id, "Viewed case "+v.c.Number(), nil); err != nil {
			return err
		}
		if d.CanAssign {
			d.AccessLog, err = s.accessLog(ctx, st, id)
		}
		return err
	})
	return d, err
}

// AccessLog returns who viewed or changed a case, newest first. Requires
// relations.cases.assign over the case (an HR manager over it); reading
// the log is itself audited. A case the actor may not see is NotFound.
// Errors: KindNotFound, KindForbidden.
func (s *Service) AccessLog(ctx context.Context, a access.Actor, id int64) ([]Access, error) {
	var out []Access
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if !access.Can(a, access.CaseAssign, v.target()) {
			return kit.Forbidden("only an HR manager over the case reads its access log")
		}
		if out, err = s.accessLog(ctx, st, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.access_log", "er_case", id, "Read the access log of case "+v.c.Number(), nil)
	})
	return out, err
}

// accessLog reads the audit trail of a case and its evidence, newest
// first.
func (s *Service) accessLog(ctx context.Context, st Store, id int64) ([]Access, error) {
	var out []Access
	es, err := st.ListAudit(ctx, audit.Filter{ObjectType: "er_case", ObjectID: id, Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out = append(out, Access{At: e.At, Who: e.ActorLabel, Action: e.Action, What: e.Summary})
	}
	return out, nil
}

// List returns the cases the actor may see: their own (owner or team) and,
// for HR managers and directors, every unrestricted case in scope (a
// director also the restricted ones); never a case whose subject is the
// actor or one of their reports. Errors: KindForbidden (no HR grant).
func (s *Service) List(ctx context.Context, a access.Actor, f CaseFilter) ([]Case, error) {
	if !access.Can(a, access.CaseWork, access.CompanyTarget) {
		return nil, kit.Forbidden("only HR works ER cases")
	}
	v := Visibility{UserID: a.UserID, ExcludeEmployee: a.EmployeeID}
	v.Paths, v.Whole = access.ScopePaths(a, access.CaseOversee)
	for _, g := range a.Grants {
		if g.Role == access.RoleDirector {
			if g.WholeCompany() {
				v.DirectorWhole = true
			} else {
				v.DirectorPaths = append(v.DirectorPaths, g.OrgPath)
			}
		}
	}
	rows, err := s.store.ListCases(ctx, f, v)
	if err != nil {
		return nil, err
	}
	out := make([]Case, 0, len(rows))
	for _, r := range rows {
		c, err := s.openCase(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// UpdateInput edits a case's facts.
type UpdateInput struct {
	Category    string
	Severity    string
	Title       string
	Description string
	OccurredOn  date.Date
	LocationID  int64
	Invalid     kit.FieldErrors
}

// Update edits a case's facts. A change into an escalated category (or to
// critical) escalates it: an HR manager becomes owner and the previous
// owner assists. Requires working the case. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (closed).
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in UpdateInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := in.Invalid
		if f == nil {
			f = kit.FieldErrors{}
		}
		choose(f, "category", in.Category, Categories, CategoryLabels)
		choose(f, "severity", in.Severity, Severities, nil)
		in.Title = clean(f, "title", in.Title, true, maxTitle)
		in.Description = clean(f, "description", in.Description, true, maxBody)
		if !in.OccurredOn.IsZero() && in.OccurredOn.After(s.today()) {
			f.Add("occurred_on", "The date cannot be in the future")
		}
		if in.LocationID != 0 {
			if _, err := st.GetLocation(ctx, in.LocationID); err != nil {
				f.Add("location_id", "Choose a location")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		c := v.c
		before := map[string]any{"category": c.Category, "severity": c.Severity}
		c.Category, c.Severity, c.Title, c.Description, c.OccurredOn, c.LocationID = in.Category, in.Severity, in.Title, in.Description, in.OccurredOn, in.LocationID
		set, err := s.settings(ctx, st)
		if err != nil {
			return err
		}
		escalate := !c.Escalated && (slices.Contains(set.Escalate, c.Category) || c.Severity == "critical")
		if escalate {
			c.Escalated = true
			owner, _, err := s.route(ctx, st, c, v.excluded, 0, a)
			if err != nil {
				return err
			}
			if owner.UserID != c.OwnerUserID {
				if err := st.SetMember(ctx, Member{CaseID: id, UserID: c.OwnerUserID, Role: MemberAssistant, AddedAt: s.now()}); err != nil {
					return err
				}
				if err := s.record(ctx, st, a, "er_case.escalate", "er_case", id, fmt.Sprintf("Escalated case %s to %s", c.Number(), owner.Name),
					map[string]any{"from_user_id": c.OwnerUserID, "to_user_id": owner.UserID}); err != nil {
					return err
				}
				if err := work.Notify(ctx, st, a, work.Notification{UserID: owner.UserID, Kind: "er_case", Title: "ER case " + c.Number() + " was escalated to you",
					Link: fmt.Sprintf("/relations/cases/%d", id)}, s.now()); err != nil {
					return err
				}
				c.OwnerUserID = owner.UserID
			}
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.update", "er_case", id, "Edited case "+c.Number(), map[string]any{"before": before, "category": c.Category, "severity": c.Severity})
	})
}

// save writes a case back, keeping its follow-up hash.
func (s *Service) save(ctx context.Context, st Store, v caseView, c Case) error {
	c.UpdatedAt = s.now()
	sc, err := s.sealCase(c, v.sealed.FollowUpHash)
	if err != nil {
		return err
	}
	return st.UpdateCase(ctx, sc)
}

// ---- parties ----

// PartyInput adds a person to a case: an employee, or an outsider by name.
type PartyInput struct {
	EmployeeID int64
	Name       string
	Role       string
}

// AddParty adds a reporter, subject, witness or other person. Adding a
// subject takes the case away from them and their managers at once.
// Requires working the case. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) AddParty(ctx context.Context, a access.Actor, id int64, in PartyInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		choose(f, "role", in.Role, PartyRoles, nil)
		in.Name = clean(f, "name", in.Name, false, 200)
		if in.EmployeeID == 0 && in.Name == "" {
			f.Add("employee_id", "Choose an employee or enter a name")
		}
		if in.EmployeeID != 0 {
			if _, err := st.GetEmployee(ctx, in.EmployeeID); err != nil {
				f.Add("employee_id", "Choose an employee from the directory")
			}
			for _, p := range v.parties {
				if p.EmployeeID == in.EmployeeID && p.Role == in.Role {
					f.Add("employee_id", "Already on the case in that role")
				}
			}
			in.Name = ""
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.Role == "subject" && in.EmployeeID != 0 {
			// A subject (or their manager) never works their own case.
			excl, err := s.excludedFor(ctx, st, []int64{in.EmployeeID})
			if err != nil {
				return err
			}
			if a.EmployeeID != 0 && excl[a.EmployeeID] {
				return kit.Conflict("you manage this person, so you cannot work a case about them; ask an HR manager")
			}
		}
		name, err := s.seal(in.Name)
		if err != nil {
			return err
		}
		pid, err := st.InsertParty(ctx, Party{CaseID: id, EmployeeID: in.EmployeeID, Role: in.Role, AddedAt: s.now()}, name)
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.party_add", "er_case", id, fmt.Sprintf("Added a %s to case %s", in.Role, v.c.Number()),
			map[string]any{"party_id": pid, "role": in.Role, "employee_id": in.EmployeeID})
	})
}

// RemoveParty takes a person off a case (not while on legal hold).
// Requires working the case. Errors: KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) RemoveParty(ctx context.Context, a access.Actor, id, partyID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.Hold {
			return kit.Conflict("case %s is on legal hold: nothing in it can be removed", v.c.Number())
		}
		if err := st.DeleteParty(ctx, id, partyID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.party_remove", "er_case", id, "Removed a person from case "+v.c.Number(), map[string]any{"party_id": partyID})
	})
}

// ---- the record: notes, interviews, replies ----

// EntryInput adds to a case's record.
type EntryInput struct {
	Kind       string
	OccurredOn date.Date
	Body       string
	PartyID    int64 // the witness interviewed, the manager advised
	Invalid    kit.FieldErrors
}

// AddEntry adds a note, meeting notes, advice to a line manager, interview
// notes, a timeline event or a reply to the reporter. Interview notes of
// an employee witness go to them to acknowledge (they see only their own
// statement). A reply reaches the reporter (by their follow-up code when
// anonymous). Requires working the case. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) AddEntry(ctx context.Context, a access.Actor, id int64, in EntryInput) (int64, error) {
	var eid int64
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := in.Invalid
		if f == nil {
			f = kit.FieldErrors{}
		}
		choose(f, "kind", in.Kind, slices.DeleteFunc(slices.Clone(EntryKinds), func(k string) bool { return k == "reporter_message" }), EntryLabels)
		in.Body = clean(f, "body", in.Body, true, maxBody)
		if in.OccurredOn.IsZero() {
			in.OccurredOn = s.today()
		}
		if in.OccurredOn.After(s.today()) {
			f.Add("occurred_on", "The date cannot be in the future")
		}
		var party Party
		if in.PartyID != 0 {
			i := slices.IndexFunc(v.parties, func(p Party) bool { return p.ID == in.PartyID })
			if i < 0 {
				f.Add("party_id", "Choose a person on the case")
			} else {
				party = v.parties[i]
			}
		}
		if in.Kind == "interview" && in.PartyID == 0 {
			f.Add("party_id", "Choose whom you interviewed")
		}
		if in.Kind == "reply" && v.c.ReporterUserID == 0 && v.sealed.FollowUpHash == "" {
			f.Add("kind", "This case has no reporter to reply to")
		}
		if err := f.Err(); err != nil {
			return err
		}
		body, err := s.seal(in.Body)
		if err != nil {
			return err
		}
		e := SealedEntry{Entry: Entry{CaseID: id, Kind: in.Kind, OccurredOn: in.OccurredOn, PartyID: in.PartyID, CreatedBy: a.UserID, CreatedAt: s.now()}, BodyS: body}
		if in.Kind == "interview" && party.EmployeeID != 0 {
			e.AckStatus = "pending"
		}
		if eid, err = st.InsertEntry(ctx, e); err != nil {
			return err
		}
		switch {
		case e.AckStatus == "pending":
			if uid, err := s.userOf(ctx, st, party.EmployeeID); err != nil {
				return err
			} else if uid != 0 {
				if err := work.Notify(ctx, st, a, work.Notification{UserID: uid, Kind: "er_statement", Title: "Please review your statement",
					Body: "HR wrote up your interview. Confirm it is accurate or say what is not.", Link: fmt.Sprintf("/me/statements/%d", eid)}, s.now()); err != nil {
					return err
				}
			}
		case in.Kind == "reply" && v.c.ReporterUserID != 0:
			if err := work.Notify(ctx, st, a, work.Notification{UserID: v.c.ReporterUserID, Kind: "er_reply", Title: "HR replied about your concern " + v.c.Number(),
				Link: fmt.Sprintf("/me/concerns/%d", id)}, s.now()); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "er_case.entry", "er_case", id, fmt.Sprintf("Added %s to case %s", strings.ToLower(Label(in.Kind)), v.c.Number()),
			map[string]any{"entry_id": eid, "kind": in.Kind, "party_id": in.PartyID})
	})
	return eid, err
}

// userOf returns the user of an employee (0 without one).
func (s *Service) userOf(ctx context.Context, st Store, employeeID int64) (int64, error) {
	return st.UserOfEmployee(ctx, employeeID)
}

func (s *Service) entries(ctx context.Context, st Store, id int64) ([]Entry, error) {
	rows, err := st.ListEntries(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(rows))
	for _, r := range rows {
		e := r.Entry
		if e.Body, err = s.open(r.BodyS); err != nil {
			return nil, err
		}
		if e.AckComment, err = s.open(r.AckCommentS); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ActionInput is an agreed action with a due date (a Work task).
type ActionInput struct {
	Title       string
	DueOn       date.Date
	OwnerUserID int64
}

// AddAction records an agreed action (after mediation, or advice) as a
// private task: only its owner and the case team see it. Requires
// working the case. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) AddAction(ctx context.Context, a access.Actor, id int64, in ActionInput) (int64, error) {
	var tid int64
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		in.Title = clean(f, "title", in.Title, true, 160)
		if in.DueOn.IsZero() {
			f.Add("due_on", "Choose a due date")
		} else if in.DueOn.Before(s.today()) {
			f.Add("due_on", "The due date cannot be in the past")
		}
		if in.OwnerUserID == 0 {
			in.OwnerUserID = a.UserID
		}
		if !v.onTeam(in.OwnerUserID) {
			f.Add("owner_user_id", "Choose someone on the case team")
		}
		if err := f.Err(); err != nil {
			return err
		}
		tid, err = work.CreateTx(ctx, st, a, work.NewTaskInput{Title: v.c.Number() + ": " + in.Title, Kind: work.KindPrivate, OwnerUserID: in.OwnerUserID,
			OrgUnitID: v.c.OrgUnitID, ObjectType: "er_case", ObjectID: id, DueOn: in.DueOn, Priority: "normal"}, s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.action", "er_case", id, "Added an agreed action to case "+v.c.Number(), map[string]any{"task_id": tid, "due_on": in.DueOn.String()})
	})
	return tid, err
}

// Actions lists a case's agreed actions. Requires seeing the case.
// Errors: KindNotFound.
func (s *Service) Actions(ctx context.Context, a access.Actor, id int64) ([]work.Task, error) {
	if _, err := s.load(ctx, s.store, a, id); err != nil {
		return nil, err
	}
	return s.store.ListTasks(ctx, work.TaskFilter{ObjectType: "er_case", ObjectID: id, WholeCompany: true, IncludePrivate: true, Limit: 200})
}

// PolicyRef names a policy a case involves.
type PolicyRef struct {
	ID    int64
	Title string
}

// SetPolicies sets the policies a case involves (the conduct at issue,
// the procedure followed). Requires working the case. Errors:
// KindInvalid (an unknown policy), KindForbidden, KindNotFound,
// KindConflict (closed).
func (s *Service) SetPolicies(ctx context.Context, a access.Actor, id int64, policyIDs []int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		var ids []int64
		for _, p := range policyIDs {
			if !seen[p] {
				seen[p], ids = true, append(ids, p)
			}
		}
		if len(ids) > 50 {
			return kit.Invalid("policy_ids", "Link at most 50 policies")
		}
		titles, err := st.PolicyTitles(ctx, ids)
		if err != nil {
			return err
		}
		var names []string
		for _, p := range ids {
			t, ok := titles[p]
			if !ok {
				return kit.Invalid("policy_ids", fmt.Sprintf("No policy %d", p))
			}
			names = append(names, t)
		}
		if err := st.SetCasePolicies(ctx, id, ids); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.policies", "er_case", id, "Set the policies case "+v.c.Number()+" involves: "+strings.Join(names, ", "), map[string]any{"policy_ids": ids})
	})
}
