package relations

import (
	"context"
	"fmt"
	"slices"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

// AllegationInput is one allegation of a plan (ID 0: new).
type AllegationInput struct {
	ID        int64
	Text      string
	SubjectID int64 // a subject party
}

// PlanInput is the investigation plan with its allegations.
type PlanInput struct {
	Plan        Plan
	Allegations []AllegationInput
}

// SavePlan writes the investigation plan and its allegations. The case
// moves to investigating. An approved or pending plan is fixed (a sent
// back one can be revised). Requires working the case. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) SavePlan(ctx context.Context, a access.Actor, id int64, in PlanInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.PlanStatus == StepPending || v.c.PlanStatus == StepApproved {
			return kit.Conflict("the plan of case %s is %s; it can no longer change", v.c.Number(), Label(v.c.PlanStatus))
		}
		f := kit.FieldErrors{}
		p := in.Plan
		p.Scope = clean(f, "scope", p.Scope, false, 4000)
		p.Approach = clean(f, "approach", p.Approach, false, 4000)
		p.Questions = lines(f, "questions", p.Questions)
		p.Witnesses = lines(f, "witnesses", p.Witnesses)
		p.Evidence = lines(f, "evidence", p.Evidence)
		var allegs []AllegationInput
		for i, al := range in.Allegations {
			al.Text = clean(f, fmt.Sprintf("allegations[%d]", i), al.Text, false, 2000)
			if al.Text == "" {
				continue
			}
			if al.SubjectID != 0 && !slices.ContainsFunc(v.parties, func(p Party) bool { return p.ID == al.SubjectID && p.Role == "subject" }) {
				f.Add(fmt.Sprintf("allegations[%d]", i), "Choose a subject of the case")
			}
			allegs = append(allegs, al)
		}
		if len(allegs) == 0 {
			f.Add("allegations[0]", "State at least one allegation to investigate")
		}
		if err := f.Err(); err != nil {
			return err
		}
		existing, err := st.ListAllegations(ctx, id)
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		for i, al := range allegs {
			text, err := s.seal(al.Text)
			if err != nil {
				return err
			}
			row := SealedAllegation{Allegation: Allegation{ID: al.ID, CaseID: id, Position: i + 1, SubjectID: al.SubjectID}, TextS: text}
			if al.ID != 0 && slices.ContainsFunc(existing, func(x SealedAllegation) bool { return x.ID == al.ID }) {
				if err := st.UpdateAllegation(ctx, row); err != nil {
					return err
				}
				keep[al.ID] = true
				continue
			}
			if _, err := st.InsertAllegation(ctx, row); err != nil {
				return err
			}
		}
		for _, x := range existing {
			if !keep[x.ID] {
				if err := st.DeleteAllegation(ctx, id, x.ID); err != nil {
					return err
				}
			}
		}
		c := v.c
		c.Plan = p
		if c.Status == StatusOpen {
			c.Status = StatusInvestigating
		}
		if c.PlanStatus == StepReturned {
			c.PlanStatus = StepNone
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.plan", "er_case", id, "Saved the investigation plan of case "+c.Number(), map[string]any{"allegations": len(allegs)})
	})
}

func lines(f kit.FieldErrors, field string, in []string) []string {
	var out []string
	for _, l := range in {
		l = clean(f, field, l, false, 1000)
		if l != "" {
			out = append(out, l)
		}
	}
	if len(out) > 50 {
		f.Add(field, "Use at most 50 lines")
	}
	return out
}

func (s *Service) allegations(ctx context.Context, st Store, id int64) ([]Allegation, error) {
	rows, err := st.ListAllegations(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Allegation, 0, len(rows))
	for _, r := range rows {
		al := r.Allegation
		if al.Text, err = s.open(r.TextS); err != nil {
			return nil, err
		}
		if al.Reasoning, err = s.open(r.ReasoningS); err != nil {
			return nil, err
		}
		out = append(out, al)
	}
	return out, nil
}

// ---- approvals ----

// submit files an approval of kind for the case (the HR manager of its
// scope decides; never the requester).
func (s *Service) submit(ctx context.Context, st Store, a access.Actor, v caseView, kind, what string) (int64, error) {
	steps, err := work.Route(ctx, st, kind, work.Subject{}, work.Facts{"escalated": work.Bool(v.c.Escalated)}, a.UserID)
	if err != nil {
		return 0, err
	}
	ap := work.Approval{Steps: steps, Kind: kind, ObjectType: "er_case", ObjectID: v.c.ID,
		Title: v.c.Number() + ": " + what, Summary: "Confidential: open the case to read it.",
		ScopeOrgUnitID: v.c.OrgUnitID, ScopeOrgPath: v.c.OrgPath}
	apID, err := work.NewRequest(ctx, st, a, ap, s.now())
	if err != nil {
		return 0, err
	}
	ap.ID = apID
	return apID, work.NotifyApprovers(ctx, st, a, ap, "Decision needed: "+v.c.Number()+" "+what, a.Name+" asks for your decision.", s.now())
}

// SubmitPlan sends the plan to an HR manager for approval. Requires
// working the case. Errors: KindForbidden, KindNotFound, KindConflict
// (no plan, or already submitted).
func (s *Service) SubmitPlan(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.PlanStatus == StepPending || v.c.PlanStatus == StepApproved {
			return kit.Conflict("the plan is already %s", Label(v.c.PlanStatus))
		}
		als, err := st.ListAllegations(ctx, id)
		if err != nil {
			return err
		}
		if len(als) == 0 {
			return kit.Conflict("write the plan and its allegations first")
		}
		apID, err := s.submit(ctx, st, a, v, "er_plan", "investigation plan")
		if err != nil {
			return err
		}
		c := v.c
		c.PlanStatus, c.PlanApproval = StepPending, apID
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.plan_submit", "er_case", id, "Submitted the investigation plan of case "+c.Number(), map[string]any{"approval_id": apID})
	})
}

// FindingInput is the finding on one allegation.
type FindingInput struct {
	AllegationID int64
	Finding      string
	Reasoning    string
}

// FindingsInput is the findings report.
type FindingsInput struct {
	Summary  string
	Findings []FindingInput
}

// RecordFindings records a finding with its reasoning on every
// allegation, and the report's summary. An escalated case needs its plan
// approved first. Requires working the case. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) RecordFindings(ctx context.Context, a access.Actor, id int64, in FindingsInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.Escalated && v.c.PlanStatus != StepApproved {
			return kit.Conflict("case %s is escalated: its investigation plan needs an HR manager's approval first", v.c.Number())
		}
		if v.c.FindingsStatus == StepPending || v.c.FindingsStatus == StepApproved {
			return kit.Conflict("the findings are %s; they can no longer change", Label(v.c.FindingsStatus))
		}
		als, err := st.ListAllegations(ctx, id)
		if err != nil {
			return err
		}
		if len(als) == 0 {
			return kit.Conflict("write the investigation plan's allegations first")
		}
		f := kit.FieldErrors{}
		summary := clean(f, "summary", in.Summary, true, maxBody)
		byID := map[int64]FindingInput{}
		for _, fi := range in.Findings {
			byID[fi.AllegationID] = fi
		}
		for i, al := range als {
			fi := byID[al.ID]
			name := fmt.Sprintf("findings[%d]", i)
			choose(f, name+".finding", fi.Finding, FindingValues, nil)
			fi.Reasoning = clean(f, name+".reasoning", fi.Reasoning, true, 8000)
			byID[al.ID] = fi
		}
		if err := f.Err(); err != nil {
			return err
		}
		for _, al := range als {
			fi := byID[al.ID]
			r, err := s.seal(fi.Reasoning)
			if err != nil {
				return err
			}
			if err := st.SetFinding(ctx, id, al.ID, fi.Finding, r, s.now()); err != nil {
				return err
			}
		}
		c := v.c
		c.Findings = summary
		if c.FindingsStatus == StepReturned {
			c.FindingsStatus = StepNone
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.findings", "er_case", id, "Recorded findings on case "+c.Number(), map[string]any{"allegations": len(als)})
	})
}

// SubmitFindings sends the findings report to an HR manager. Requires
// working the case. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) SubmitFindings(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.FindingsStatus == StepPending || v.c.FindingsStatus == StepApproved {
			return kit.Conflict("the findings are already %s", Label(v.c.FindingsStatus))
		}
		als, err := s.allegations(ctx, st, id)
		if err != nil {
			return err
		}
		if len(als) == 0 || v.c.Findings == "" || slices.ContainsFunc(als, func(x Allegation) bool { return x.Finding == "" }) {
			return kit.Conflict("record a finding on every allegation first")
		}
		apID, err := s.submit(ctx, st, a, v, "er_findings", "findings report")
		if err != nil {
			return err
		}
		c := v.c
		c.FindingsStatus, c.FindingsAppr = StepPending, apID
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.findings_submit", "er_case", id, "Submitted the findings of case "+c.Number(), map[string]any{"approval_id": apID})
	})
}

// Recommend records the outcome the team recommends. Outcomes that need
// an HR manager (a suspension or termination, or any outcome of an
// escalated case) go for a decision; others take effect at once (a
// warning or PIP becomes a discipline record). Requires working the case.
// Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) Recommend(ctx context.Context, a access.Actor, id int64, o Outcome) error {
	return s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		if v.c.OutcomeStatus == StepPending || v.c.OutcomeStatus == StepApproved {
			return kit.Conflict("the outcome is already %s", Label(map[string]string{StepPending: "waiting for a decision", StepApproved: "decided"}[v.c.OutcomeStatus]))
		}
		if v.c.Escalated && v.c.FindingsStatus != StepApproved {
			return kit.Conflict("case %s is escalated: its findings need an HR manager's approval before an outcome", v.c.Number())
		}
		if err := s.validOutcome(ctx, st, v, &o); err != nil {
			return err
		}
		c := v.c
		c.Outcome = Outcome{Kind: o.Kind, EmployeeID: o.EmployeeID, Reasons: o.Reasons, EvidenceIDs: o.EvidenceIDs, LastDay: o.LastDay, From: o.From, To: o.To, Paid: o.Paid}
		if NeedsDecision(o.Kind, c.Escalated) {
			apID, err := s.submit(ctx, st, a, v, "er_outcome", "outcome ("+Label(o.Kind)+")")
			if err != nil {
				return err
			}
			c.OutcomeStatus, c.OutcomeAppr, c.Status = StepPending, apID, StatusDecision
			if err := s.save(ctx, st, v, c); err != nil {
				return err
			}
			return s.record(ctx, st, a, "er_case.recommend", "er_case", id, fmt.Sprintf("Recommended an outcome on case %s for an HR manager's decision", c.Number()),
				map[string]any{"outcome": o.Kind, "approval_id": apID})
		}
		c.OutcomeStatus = StepApproved
		c.Outcome.DecidedBy = a.Name
		if err := s.applyOutcome(ctx, st, a, v, &c); err != nil {
			return err
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.outcome", "er_case", id, fmt.Sprintf("Recorded the outcome of case %s", c.Number()), map[string]any{"outcome": o.Kind})
	})
}

func (s *Service) validOutcome(ctx context.Context, st Store, v caseView, o *Outcome) error {
	f := kit.FieldErrors{}
	choose(f, "kind", o.Kind, Outcomes, nil)
	o.Reasons = clean(f, "reasons", o.Reasons, true, 8000)
	needsPerson := o.Kind != "no_action" && o.Kind != "mediation_agreement" && o.Kind != "other"
	if needsPerson {
		if o.EmployeeID == 0 || !slices.ContainsFunc(v.parties, func(p Party) bool { return p.EmployeeID == o.EmployeeID && p.Role == "subject" }) {
			f.Add("employee_id", "Choose the subject the outcome applies to")
		}
	}
	switch o.Kind {
	case "termination":
		if o.LastDay.IsZero() {
			f.Add("last_day", "Enter the last day of employment")
		} else if o.LastDay.Before(s.today()) {
			f.Add("last_day", "The last day cannot be in the past")
		}
	case "suspension":
		if o.From.IsZero() || o.To.IsZero() || o.To.Before(o.From) {
			f.Add("to", "Enter the suspension's first and last days")
		}
	}
	evs, err := st.ListEvidence(ctx, v.c.ID)
	if err != nil {
		return err
	}
	for _, e := range o.EvidenceIDs {
		if !slices.ContainsFunc(evs, func(x SealedEvidence) bool { return x.ID == e }) {
			f.Add("evidence_ids", "Link evidence from this case only")
		}
	}
	return f.Err()
}

// applyOutcome carries out a decided outcome: a discipline record for a
// warning, PIP or suspension, the people core's termination request for a
// termination (its own approval chain finishes it).
func (s *Service) applyOutcome(ctx context.Context, st Store, a access.Actor, v caseView, c *Case) error {
	o := &c.Outcome
	switch o.Kind {
	case "coaching", "verbal_warning", "written_warning", "final_warning", "pip", "suspension":
		in := DisciplineInput{EmployeeID: o.EmployeeID, CaseID: c.ID, Level: o.Kind, IssuedOn: s.today(), Summary: o.Reasons,
			From: o.From, To: o.To, Paid: o.Paid}
		if o.Kind == "pip" {
			in.PIPEnd = s.today().AddDays(60)
			in.Goals = []string{"Goals to be agreed with the line manager within a week"}
		}
		did, err := s.issue(ctx, st, a, in, true)
		if err != nil {
			return err
		}
		o.Discipline = did
	case "termination":
		if s.terminate == nil {
			return kit.Conflict("terminations are not wired in this build")
		}
		tid, err := s.terminate(ctx, st, a, o.EmployeeID, o.LastDay, "Outcome of ER case "+c.Number())
		if err != nil {
			return err
		}
		o.Termination = tid
	}
	c.Status = StatusDecided
	return nil
}

// ---- deciding (the Work approval handlers) ----

// Decide records an HR manager's decision on a plan, findings or outcome
// request of a case. The decider must see the case (so a subject's
// manager cannot decide it) and hold relations.cases.decide over it;
// nobody decides their own request. Errors: KindNotFound, KindForbidden,
// KindConflict, KindInvalid.
func (s *Service) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.ObjectType != "er_case" {
			return kit.NotFound("approval request")
		}
		v, err := s.load(ctx, st, a, ap.ObjectID)
		if err != nil {
			return kit.NotFound("approval request")
		}
		if len(d.Comment) > 4000 {
			return kit.Invalid("comment", "Keep the comment under 4,000 characters")
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.CaseDecide, v.target(), s.now())
		if err != nil {
			return err
		}
		last := ap.Decisions[len(ap.Decisions)-1]
		if ap.Status == work.StatusPending {
			if last.Step != ap.Step {
				if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: "+ap.Title, a.Name+" approved the previous step.", s.now()); err != nil {
					return err
				}
			}
			return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), OnBehalfOf: last.OnBehalfOf, Action: "er_case.approval_step",
				ObjectType: "er_case", ObjectID: v.c.ID, Summary: "Approved a step of " + ap.Title, RequestID: a.RequestID})
		}
		state := map[string]string{work.StatusApproved: StepApproved, work.StatusRejected: StepRejected, work.StatusChangesRequested: StepReturned}[ap.Status]
		c := v.c
		switch ap.Kind {
		case "er_plan":
			c.PlanStatus = state
			if state == StepRejected {
				c.PlanStatus = StepReturned
			}
		case "er_findings":
			c.FindingsStatus = state
			if state == StepRejected {
				c.FindingsStatus = StepReturned
			}
			if state == StepApproved {
				c.Status = StatusDecision
			}
		case "er_outcome":
			c.OutcomeStatus = state
			c.Outcome.DecidedBy, c.Outcome.Comment = a.Name, d.Comment
			if state == StepApproved {
				if err := s.applyOutcome(ctx, st, a, v, &c); err != nil {
					return err
				}
			} else {
				c.OutcomeStatus = StepNone
				c.Outcome = Outcome{}
				c.Status = StatusInvestigating
			}
		default:
			return kit.NotFound("approval request")
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		verdict := map[string]string{work.StatusApproved: "Approved", work.StatusRejected: "Rejected", work.StatusChangesRequested: "Changes requested"}[ap.Status]
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_decided", Title: verdict + ": " + ap.Title, Body: "Open the case to read the comment.",
			Link: fmt.Sprintf("/relations/cases/%d", c.ID)}, s.now()); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), OnBehalfOf: last.OnBehalfOf, Action: "er_case.decide",
			ObjectType: "er_case", ObjectID: c.ID, Summary: verdict + ": " + ap.Title, After: audit.Snapshot(map[string]any{"kind": ap.Kind, "status": ap.Status}), RequestID: a.RequestID})
	})
}

// Withdraw takes back a pending plan, findings or outcome request (the
// requester only). Errors: KindNotFound, KindForbidden, KindConflict.
func (s *Service) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.ObjectType != "er_case" {
			return kit.NotFound("approval request")
		}
		v, err := s.load(ctx, st, a, ap.ObjectID)
		if err != nil {
			return kit.NotFound("approval request")
		}
		if _, err := work.Withdraw(ctx, st, a, approvalID, s.now()); err != nil {
			return err
		}
		c := v.c
		switch ap.Kind {
		case "er_plan":
			c.PlanStatus = StepNone
		case "er_findings":
			c.FindingsStatus = StepNone
		case "er_outcome":
			c.OutcomeStatus, c.Outcome, c.Status = StepNone, Outcome{}, StatusInvestigating
		}
		if err := s.save(ctx, st, v, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.withdraw", "er_case", c.ID, "Withdrew "+ap.Title, nil)
	})
}

// Visible reports whether the actor may see an ER approval request (the
// approvals lists hide the others). It is the case's rule.
func (s *Service) Visible(ctx context.Context, a access.Actor, ap work.Approval) bool {
	_, err := s.load(ctx, s.store, a, ap.ObjectID)
	return err == nil
}
