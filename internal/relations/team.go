package relations

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

// ---- the team ----

// MemberInput adds an investigator or assistant: a user, or an external
// investigator by name and firm.
type MemberInput struct {
	UserID int64
	Name   string
	Firm   string
	Role   string
}

// AddMember puts an investigator (internal or external) or assistant on a
// case. Requires relations.cases.assign over it. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) AddMember(ctx context.Context, a access.Actor, id int64, in MemberInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseAssign, v.target()); err != nil {
			return err
		}
		if err := requireOpen(v); err != nil {
			return err
		}
		f := kit.FieldErrors{}
		choose(f, "role", in.Role, []string{MemberInvestigator, MemberAssistant}, nil)
		in.Name = clean(f, "name", in.Name, false, 200)
		in.Firm = clean(f, "firm", in.Firm, false, 200)
		m := Member{CaseID: id, UserID: in.UserID, Role: in.Role, Firm: in.Firm, AddedAt: s.now()}
		switch {
		case in.UserID != 0:
			if err := s.checkStaff(ctx, st, in.UserID, v); err != nil {
				f.Add("user_id", kit.MessageOf(err))
			}
		case in.Name != "":
			m.External, m.Name = true, in.Name
		default:
			f.Add("user_id", "Choose someone in HR, or name an external investigator")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := st.SetMember(ctx, m); err != nil {
			return err
		}
		who := in.Name
		if in.UserID != 0 {
			if who, err = st.UserName(ctx, in.UserID); err != nil {
				return err
			}
			if err := work.Notify(ctx, st, a, work.Notification{UserID: in.UserID, Kind: "er_case", Title: "You were added to ER case " + v.c.Number(),
				Body: "As " + in.Role + ".", Link: fmt.Sprintf("/relations/cases/%d", id)}, s.now()); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "er_case.member_add", "er_case", id, fmt.Sprintf("Added %s as %s on case %s", who, in.Role, v.c.Number()),
			map[string]any{"user_id": in.UserID, "external": m.External, "firm": in.Firm, "role": in.Role})
	})
}

// checkStaff makes sure a user can be on a case's team: active, in HR,
// and neither a subject nor in a subject's chain.
func (s *Service) checkStaff(ctx context.Context, st Store, userID int64, v caseView) error {
	grants, err := st.Grants(ctx, userID)
	if err != nil {
		return err
	}
	hr := false
	for _, g := range grants {
		if g.Role == access.RoleGeneralist || g.Role == access.RoleManager || g.Role == access.RoleDirector {
			hr = true
		}
	}
	if ok, err := st.UserActive(ctx, userID); err != nil || !ok || !hr {
		return kit.Invalid("user_id", "Choose an active user with an HR role")
	}
	staff, err := st.HRStaffFor(ctx, "", "")
	if err != nil {
		return err
	}
	for _, x := range staff {
		if x.UserID == userID && x.EmployeeID != 0 && v.excluded[x.EmployeeID] {
			return kit.Invalid("user_id", "This person is a subject of the case or manages one")
		}
	}
	return nil
}

// RemoveMember takes someone off the team. Requires
// relations.cases.assign. Errors: KindForbidden, KindNotFound.
func (s *Service) RemoveMember(ctx context.Context, a access.Actor, id, userID int64, name string) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseAssign, v.target()); err != nil {
			return err
		}
		if err := st.RemoveMember(ctx, id, userID, name); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.member_remove", "er_case", id, "Removed a team member from case "+v.c.Number(), map[string]any{"user_id": userID, "name": name})
	})
}

// Reassign makes another HR user the owner; the previous owner assists.
// Requires relations.cases.assign. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) Reassign(ctx context.Context, a access.Actor, id, owner int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseAssign, v.target()); err != nil {
			return err
		}
		if err := requireOpen(v); err != nil {
			return err
		}
		if owner == v.c.OwnerUserID {
			return nil
		}
		if err := s.checkStaff(ctx, st, owner, v); err != nil {
			return err
		}
		if v.c.Escalated {
			grants, err := st.Grants(ctx, owner)
			if err != nil {
				return err
			}
			if !access.Can(access.Actor{UserID: owner, Grants: grants}, access.CaseDecide, v.target()) {
				return kit.Invalid("owner", "An escalated case is owned by an HR manager or director over it")
			}
		}
		prev := v.c.OwnerUserID
		c := v.c
		c.OwnerUserID = owner
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		if prev != 0 {
			if err := st.SetMember(ctx, Member{CaseID: id, UserID: prev, Role: MemberAssistant, AddedAt: s.now()}); err != nil {
				return err
			}
		}
		// The new owner leaves the team list (they own the case now).
		if err := st.RemoveMember(ctx, id, owner, ""); err != nil {
			return err
		}
		name, err := st.UserName(ctx, owner)
		if err != nil {
			return err
		}
		if err := work.Notify(ctx, st, a, work.Notification{UserID: owner, Kind: "er_case", Title: "ER case " + c.Number() + " is now yours",
			Link: fmt.Sprintf("/relations/cases/%d", id)}, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.reassign", "er_case", id, fmt.Sprintf("Reassigned case %s to %s", c.Number(), name),
			map[string]any{"from_user_id": prev, "to_user_id": owner})
	})
}

// SetRestricted restricts a case to its team and the HR directors over
// it (or lifts that). Requires relations.cases.assign. Errors:
// KindForbidden, KindNotFound.
func (s *Service) SetRestricted(ctx context.Context, a access.Actor, id int64, on bool) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CaseAssign, v.target()); err != nil {
			return err
		}
		c := v.c
		c.Restricted = on
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		what := "Lifted the restriction on case "
		if on {
			what = "Restricted case "
		}
		return s.record(ctx, st, a, "er_case.restrict", "er_case", id, what+c.Number(), map[string]any{"restricted": on})
	})
}
