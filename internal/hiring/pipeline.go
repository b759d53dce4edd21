package hiring

import (
	"context"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/work"
)

// RejectReasons are why an application is turned down (kept for the
// funnel report and the candidate's record).
var RejectReasons = []string{"not_qualified", "experience_level", "salary_expectations", "location_or_schedule", "stronger_candidate",
	"no_response", "withdrew_interest", "position_closed", "other"}

// Untouched reports whether an active application has waited longer than
// the SLA (days) in its stage.
func (a Application) Untouched(now time.Time, days int) bool {
	return a.Status == AppActive && now.Sub(a.StageChangedAt) > time.Duration(days)*24*time.Hour
}

// DaysInStage is how many whole days the application has been in its
// stage.
func (a Application) DaysInStage(now time.Time) int {
	return int(now.Sub(a.StageChangedAt).Hours() / 24)
}

// CandidateEmail is a message to a candidate; the app renders and sends
// it in the transaction of the change that caused it.
type CandidateEmail struct {
	ApplicationID int64
	To, Name      string
	Subject       string
	Lines         []string
	Kind          string // stage_change, rejection
}

// EmailHook sends candidate emails (wired by the app).
type EmailHook func(ctx context.Context, st Store, m CandidateEmail) error

// OnCandidateEmail registers the sender of candidate emails.
func (s *Service) OnCandidateEmail(h EmailHook) { s.onEmail = append(s.onEmail, h) }

func (s *Service) email(ctx context.Context, st Store, m CandidateEmail) error {
	for _, h := range s.onEmail {
		if err := h(ctx, st, m); err != nil {
			return err
		}
	}
	return nil
}

// stageEmail is the template a candidate is sent on reaching a stage of a
// new, later kind (none for internal stages, or a second stage of the
// same kind).
func stageEmail(stages []Stage, from, to string) (string, bool) {
	fk, tk := KindOf(stages, from), KindOf(stages, to)
	if kindIndex(tk) <= kindIndex(fk) {
		return "", false
	}
	switch tk {
	case StagePhoneScreen:
		return EmailPhoneScreen, true
	case StageInterview:
		return EmailInterview, true
	}
	return "", false
}

// MoveResult says what became of a move.
type MoveResult struct {
	Moved      bool
	ApprovalID int64 // a key-role offer waits for the HR manager's decision
}

func init() {
	work.RegisterKind(work.KindDef{
		Key: "key_role_offer", Label: "Offer for a key role", Decide: access.RequisitionApprove,
		Facts:     []work.FactDef{{Key: "salary_max", Label: "Salary maximum (annual)", Type: "money"}},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverHiringManager},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}}},
	})
}

// MoveApplication moves an active application to another stage, with the
// time and who moved it (for time-in-stage and the funnel). Moving a
// key-role requisition's candidate to offer needs the HR manager's final
// call: it becomes an approval request, and the move happens when it is
// approved. The hire itself comes from an accepted offer. Requires
// hiring.candidates.manage over the requisition. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (not active, stale version,
// a decision already pending).
func (s *Service) MoveApplication(ctx context.Context, a access.Actor, id int64, to, note string, version int64) (MoveResult, error) {
	var res MoveResult
	if strings.TrimSpace(to) == "" {
		return res, kit.Invalid("to_stage", "Choose a stage of the pipeline")
	}
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return res, kit.Invalid("note", "Keep the note under 2,000 characters")
	}
	err := s.inTx(ctx, func(st Store) error {
		app, r, err := s.appFor(ctx, st, a, id, access.CandidateManage)
		if err != nil {
			return err
		}
		if app.Status != AppActive {
			return kit.Conflict("%s's application is %s; only an active application moves", app.Candidate.Name(), app.Status)
		}
		if version != 0 && version != app.Version {
			return kit.Conflict("the application changed since you opened it; reload and try again")
		}
		stg, idx := StageNamed(r.Pipeline(), to)
		if idx < 0 {
			return kit.Invalid("to_stage", "Choose a stage of this requisition's pipeline")
		}
		if stg.Kind == StageHired {
			return kit.Invalid("to_stage", "A candidate is hired by accepting an offer, not by a move")
		}
		if app.Stage == to {
			return kit.Conflict("%s is already at %s", app.Candidate.Name(), stg.Name)
		}
		if app.ApprovalID != 0 {
			return kit.Conflict("a key-role offer decision for %s is waiting; decide it first", app.Candidate.Name())
		}
		if stg.Kind == StageOffer && r.KeyRole {
			steps, err := work.Route(ctx, st, "key_role_offer", work.Subject{EmployeeID: r.HiringManagerID, HiringManagerEmployeeID: r.HiringManagerID},
				work.Facts{"salary_max": float64(r.SalaryMaxCents) / 100}, a.UserID)
			if err != nil {
				return err
			}
			ap := work.Approval{Steps: steps, Kind: "key_role_offer", ObjectType: "application", ObjectID: app.ID, Title: "Offer for a key role: " + app.Candidate.Name(),
				Summary: fmt.Sprintf("Move %s to offer for %s (%s), a key role", app.Candidate.Name(), r.Title, r.Number), ScopeOrgUnitID: r.OrgUnitID, ScopeOrgPath: r.OrgPath,
				Step: 1, RequestedBy: a.UserID, Payload: note}
			if res.ApprovalID, err = work.NewRequest(ctx, st, a, ap, s.now()); err != nil {
				return err
			}
			ap.ID = res.ApprovalID
			if err := st.SetApplicationApproval(ctx, app.ID, res.ApprovalID); err != nil {
				return err
			}
			if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: offer for "+app.Candidate.Name(), r.Number+" is a key role; "+a.Name+" proposes an offer.", s.now()); err != nil {
				return err
			}
			return s.record(ctx, st, a, "hiring.offer_decision_request", "application", app.ID, "Asked for the final call on an offer to "+app.Candidate.Name()+" ("+r.Number+", key role)", nil, nil)
		}
		res.Moved = true
		return s.move(ctx, st, a, app, r, to, note)
	})
	return res, err
}

// move records a stage change and emails the candidate when the stage
// calls for it.
func (s *Service) move(ctx context.Context, st Store, a access.Actor, app Application, r Requisition, to, note string) error {
	now := s.now()
	if err := st.MoveApplication(ctx, app.ID, to, now); err != nil {
		return err
	}
	if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: app.ID, FromStage: app.Stage, ToStage: to, At: now, ByUserID: a.UserID, Note: note}); err != nil {
		return err
	}
	if key, ok := stageEmail(r.Pipeline(), app.Stage, to); ok {
		subject, lines, err := s.renderEmail(ctx, st, key, appVals(app))
		if err != nil {
			return err
		}
		if err := s.email(ctx, st, CandidateEmail{ApplicationID: app.ID, To: app.Candidate.Email, Name: app.Candidate.GivenName, Subject: subject, Lines: lines, Kind: "stage_change"}); err != nil {
			return err
		}
	}
	stages := r.Pipeline()
	return s.record(ctx, st, a, "hiring.application_move", "application", app.ID, fmt.Sprintf("%s: %s → %s (%s)", app.Candidate.Name(), StageName(stages, app.Stage), StageName(stages, to), app.ReqNumber),
		map[string]any{"stage": app.Stage}, map[string]any{"stage": to, "note": note})
}

// DecideKeyRoleOffer records the HR manager's final call on a key-role
// offer: approved, the candidate moves to offer. Errors: as work.Decide.
func (s *Service) DecideKeyRoleOffer(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "key_role_offer" {
			return kit.NotFound("offer decision")
		}
		app, err := st.GetApplication(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		r, err := st.GetRequisition(ctx, app.RequisitionID)
		if err != nil {
			return err
		}
		if d.SendBack {
			return kit.Invalid("decision", "Approve or reject an offer decision")
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.RequisitionApprove, s.target(ctx, st, r), s.now())
		if err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			return s.record(ctx, st, a, "hiring.offer_decision_step", "application", app.ID, "Approved a step of the offer decision for "+app.Candidate.Name(), nil, nil)
		}
		if err := st.SetApplicationApproval(ctx, app.ID, 0); err != nil {
			return err
		}
		verdict := map[bool]string{true: "Approved", false: "Rejected"}[d.Approve]
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_decided", Title: verdict + ": offer for " + app.Candidate.Name(),
			Body: d.Comment, Link: fmt.Sprintf("/hiring/applications/%d", app.ID)}, s.now()); err != nil {
			return err
		}
		if !d.Approve {
			return s.record(ctx, st, a, "hiring.offer_decision_reject", "application", app.ID, "Declined to make an offer to "+app.Candidate.Name()+": "+d.Comment, nil, nil)
		}
		if app.Status != AppActive {
			return nil
		}
		return s.move(ctx, st, a, app, r, StageOffer, "Final call approved: "+d.Comment)
	})
}

// WithdrawKeyRoleOffer takes back a key-role offer request.
func (s *Service) WithdrawKeyRoleOffer(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "key_role_offer" {
			return kit.NotFound("offer decision")
		}
		if ap, err = work.Withdraw(ctx, st, a, approvalID, s.now()); err != nil {
			return err
		}
		return st.SetApplicationApproval(ctx, ap.ObjectID, 0)
	})
}

// RejectApplication turns an active application down with a reason; the
// candidate is told by email unless notify is false (for example when a
// recruiter will call them first). Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) RejectApplication(ctx context.Context, a access.Actor, id int64, reason, note string, notify bool) error {
	if !oneOf(reason, RejectReasons) {
		return kit.Invalid("reason", "Choose why the application is turned down")
	}
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return kit.Invalid("note", "Keep the note under 2,000 characters")
	}
	return s.inTx(ctx, func(st Store) error {
		app, _, err := s.appFor(ctx, st, a, id, access.CandidateManage)
		if err != nil {
			return err
		}
		return s.reject(ctx, st, a, app, reason, note, notify)
	})
}

func (s *Service) reject(ctx context.Context, st Store, a access.Actor, app Application, reason, note string, notify bool) error {
	if app.Status != AppActive {
		return kit.Conflict("%s's application is already %s", app.Candidate.Name(), app.Status)
	}
	text := label(reason)
	text = strings.ToUpper(text[:1]) + text[1:]
	if note != "" {
		text += ": " + note
	}
	now := s.now()
	if err := st.RejectApplication(ctx, app.ID, text, now); err != nil {
		return err
	}
	if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: app.ID, FromStage: app.Stage, ToStage: app.Stage, At: now, ByUserID: a.UserID, Note: "Rejected: " + text}); err != nil {
		return err
	}
	if notify {
		subject, lines, err := s.renderEmail(ctx, st, EmailRejection, appVals(app))
		if err != nil {
			return err
		}
		if err := s.email(ctx, st, CandidateEmail{ApplicationID: app.ID, To: app.Candidate.Email, Name: app.Candidate.GivenName, Kind: "rejection", Subject: subject, Lines: lines}); err != nil {
			return err
		}
	}
	return s.record(ctx, st, a, "hiring.application_reject", "application", app.ID, fmt.Sprintf("Rejected %s for %s at %s: %s", app.Candidate.Name(), app.ReqNumber, label(app.Stage), text), nil, nil)
}

// BulkAction moves or rejects several applications of one requisition,
// all or nothing. Errors: as MoveApplication and RejectApplication, with
// the first failing candidate named.
func (s *Service) BulkAction(ctx context.Context, a access.Actor, reqID int64, ids []int64, action, to, reason string) (int, error) {
	// Authorization before validation: a caller without the permission
	// learns nothing from the input checks.
	if err := access.RequireHeld(a, access.CandidateManage); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, kit.Invalid("ids", "Select at least one candidate")
	}
	if len(ids) > 500 {
		return 0, kit.Invalid("ids", "Select at most 500 candidates at a time")
	}
	switch action {
	case "move":
		if strings.TrimSpace(to) == "" || to == StageHired || to == StageOffer {
			return 0, kit.Invalid("to_stage", "Choose a stage before the offer")
		}
	case "reject":
		if !oneOf(reason, RejectReasons) {
			return 0, kit.Invalid("reason", "Choose why the applications are turned down")
		}
	default:
		return 0, kit.Invalid("action", "Choose move or reject")
	}
	n := 0
	err := s.inTx(ctx, func(st Store) error {
		for _, id := range ids {
			app, r, err := s.appFor(ctx, st, a, id, access.CandidateManage)
			if err != nil {
				return err
			}
			if app.RequisitionID != reqID {
				return kit.Invalid("ids", "Every selected application must belong to this requisition")
			}
			if app.Status != AppActive {
				return kit.Conflict("%s's application is %s", app.Candidate.Name(), app.Status)
			}
			if action == "move" {
				if stg, i := StageNamed(r.Pipeline(), to); i < 0 || stg.Kind == StageOffer || stg.Kind == StageHired {
					return kit.Invalid("to_stage", "Choose a stage of this requisition's pipeline before the offer")
				}
				if app.Stage == to {
					continue
				}
				if err := s.move(ctx, st, a, app, r, to, "Bulk move"); err != nil {
					return err
				}
			} else if err := s.reject(ctx, st, a, app, reason, "", true); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// appFor loads an application and its requisition, checking p over it.
func (s *Service) appFor(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Application, Requisition, error) {
	app, err := st.GetApplication(ctx, id)
	if err != nil {
		return app, Requisition{}, err
	}
	r, err := s.visible(ctx, st, a, app.RequisitionID, access.CandidateView)
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return Application{}, Requisition{}, kit.NotFound("application")
		}
		return Application{}, Requisition{}, err
	}
	return app, r, access.Require(a, p, s.target(ctx, st, r))
}

// Events returns an application's stage history, oldest first.
func (s *Service) Events(ctx context.Context, a access.Actor, id int64) ([]StageEvent, error) {
	if _, err := s.ApplicationByID(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.ListStageEvents(ctx, id)
}

// ---- screening ----

// UpdateRequirements sets the skills and keywords resumes are screened
// for; they may change while the requisition is open (they decide
// nothing). Requires hiring.requisitions.manage. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (closed).
func (s *Service) UpdateRequirements(ctx context.Context, a access.Actor, id int64, text string) error {
	text = strings.TrimSpace(text)
	if len(text) > 4000 {
		return kit.Invalid("requirements", "Keep the requirements under 4,000 characters")
	}
	if len(Terms(text)) > 50 {
		return kit.Invalid("requirements", "List at most 50 skills or keywords")
	}
	return s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if r.Status == ReqFilled || r.Status == ReqCancelled || r.Status == ReqRejected {
			return kit.Conflict("%s is %s", r.Number, label(r.Status))
		}
		before := r.Requirements
		r.Requirements, r.UpdatedAt = text, s.now()
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_requirements", "requisition", id, "Screening requirements of "+r.Number+": "+strings.Join(Terms(text), ", "),
			map[string]any{"requirements": before}, map[string]any{"requirements": text})
	})
}

// Terms splits requirements into skills and keywords (lines or commas).
func Terms(requirements string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(requirements, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(part), "-*•"))
		if t == "" || len(t) > 60 || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

// Screening is an explainable keyword match of a resume against a
// requisition's requirements: which terms were found, which were not.
// It is a reading aid, never a rank that decides alone.
type Screening struct {
	Terms   []string
	Matched []string
	Missing []string
	Score   int // matched share of the terms, in percent
}

func termRE(term string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[^\pL\pN])(` + regexp.QuoteMeta(term) + `)($|[^\pL\pN])`)
}

// Screen matches text against requirements.
func Screen(requirements, text string) Screening {
	var sc Screening
	sc.Terms = Terms(requirements)
	for _, t := range sc.Terms {
		if termRE(t).MatchString(text) {
			sc.Matched = append(sc.Matched, t)
		} else {
			sc.Missing = append(sc.Missing, t)
		}
	}
	if len(sc.Terms) > 0 {
		sc.Score = len(sc.Matched) * 100 / len(sc.Terms)
	}
	return sc
}

// Highlight escapes text and marks the matched terms with <mark>.
func Highlight(text string, terms []string) template.HTML {
	type span struct{ from, to int }
	var spans []span
	for _, t := range terms {
		for _, m := range termRE(t).FindAllStringSubmatchIndex(text, -1) {
			spans = append(spans, span{m[4], m[5]})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		if sp.from < pos {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:sp.from]))
		b.WriteString("<mark>" + template.HTMLEscapeString(text[sp.from:sp.to]) + "</mark>")
		pos = sp.to
	}
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String()) // #nosec: every piece is escaped above
}

// ScreeningOf screens an application's resume and cover letter against
// its requisition. Errors: KindNotFound.
func (s *Service) ScreeningOf(ctx context.Context, a access.Actor, id int64) (Screening, string, error) {
	app, err := s.ApplicationByID(ctx, a, id)
	if err != nil {
		return Screening{}, "", err
	}
	r, err := s.store.GetRequisition(ctx, app.RequisitionID)
	if err != nil {
		return Screening{}, "", err
	}
	text := app.CoverLetter
	if app.ResumeID != 0 {
		if res, err := s.store.GetResume(ctx, app.ResumeID); err == nil {
			text = res.Text + "\n" + text
		}
	}
	return Screen(r.Requirements, text), text, nil
}
