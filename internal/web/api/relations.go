package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// CaseOut is an ER case as its team sees it.
type CaseOut struct {
	ID             int64      `json:"id"`
	Number         string     `json:"number"`
	Category       string     `json:"category"`
	Severity       string     `json:"severity" enum:"low,medium,high,critical"`
	Status         string     `json:"status" enum:"open,investigating,awaiting_decision,decided,closed"`
	Channel        string     `json:"channel" enum:"self_service,manager_referral,hr_logged,anonymous"`
	Title          string     `json:"title"`
	Description    string     `json:"description,omitempty"`
	OrgUnitID      int64      `json:"org_unit_id"`
	OrgUnit        string     `json:"org_unit"`
	LocationID     int64      `json:"location_id,omitempty"`
	Location       string     `json:"location,omitempty"`
	OccurredOn     *date.Date `json:"occurred_on"`
	ReportedOn     date.Date  `json:"reported_on"`
	OwnerUserID    int64      `json:"owner_user_id"`
	Owner          string     `json:"owner"`
	Escalated      bool       `json:"escalated" doc:"Routed to an HR manager by its category or severity"`
	Restricted     bool       `json:"restricted" doc:"Visible to its team and HR directors over it only"`
	LegalHold      bool       `json:"legal_hold"`
	HoldReason     string     `json:"hold_reason,omitempty"`
	PlanStatus     string     `json:"plan_status" enum:",pending,approved,changes_requested"`
	FindingsStatus string     `json:"findings_status" enum:",pending,approved,changes_requested"`
	OutcomeStatus  string     `json:"outcome_status" enum:",pending,approved"`
	Outcome        *OutcomeIO `json:"outcome,omitempty"`
	Resolution     string     `json:"resolution,omitempty"`
	ClosedOn       *date.Date `json:"closed_on"`
}

// CaseDetailOut is a case with its record.
type CaseDetailOut struct {
	CaseOut
	Plan        *PlanIO         `json:"plan,omitempty"`
	Findings    string          `json:"findings_summary,omitempty"`
	Parties     []PartyOut      `json:"parties"`
	Team        []MemberOut     `json:"team"`
	Entries     []EntryOut      `json:"entries"`
	Evidence    []EvidenceOut   `json:"evidence"`
	Allegations []AllegationIO  `json:"allegations"`
	Policies    []CasePolicyOut `json:"policies" doc:"The policies the case involves"`
}

// PartyOut is a person on a case.
type PartyOut struct {
	ID         int64  `json:"id"`
	EmployeeID int64  `json:"employee_id,omitempty"`
	Name       string `json:"name"`
	Role       string `json:"role" enum:"reporter,subject,witness,other"`
}

// MemberOut is an investigator or assistant.
type MemberOut struct {
	UserID   int64  `json:"user_id,omitempty"`
	Name     string `json:"name"`
	Role     string `json:"role" enum:"investigator,assistant"`
	External bool   `json:"external"`
	Firm     string `json:"firm,omitempty"`
}

// EntryOut is an item on a case's record.
type EntryOut struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	OccurredOn date.Date `json:"occurred_on"`
	Body       string    `json:"body"`
	PartyID    int64     `json:"party_id,omitempty"`
	AckStatus  string    `json:"acknowledgement,omitempty" enum:",pending,acknowledged,disputed"`
	AckComment string    `json:"acknowledgement_comment,omitempty"`
	By         string    `json:"by"`
	CreatedAt  time.Time `json:"created_at"`
}

// EvidenceOut is evidence with its chain of custody start.
type EvidenceOut struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Filename    string    `json:"filename"`
	Description string    `json:"description,omitempty"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256" doc:"Of the original bytes, checked on every download"`
	AddedBy     string    `json:"added_by"`
	AddedAt     time.Time `json:"added_at"`
}

// AllegationIO is an allegation with its finding.
type AllegationIO struct {
	ID        int64  `json:"id,omitempty"`
	Text      string `json:"text"`
	SubjectID int64  `json:"subject_party_id,omitempty"`
	Finding   string `json:"finding,omitempty" enum:",substantiated,not_substantiated,inconclusive"`
	Reasoning string `json:"reasoning,omitempty"`
}

// PlanIO is the investigation plan.
type PlanIO struct {
	Scope       string         `json:"scope,omitempty"`
	Questions   []string       `json:"questions,omitempty"`
	Witnesses   []string       `json:"witnesses,omitempty"`
	Evidence    []string       `json:"evidence_to_collect,omitempty"`
	Approach    string         `json:"approach,omitempty"`
	Allegations []AllegationIO `json:"allegations,omitempty"`
}

// OutcomeIO is an outcome recommendation or decision.
type OutcomeIO struct {
	Kind        string     `json:"kind" enum:"no_action,mediation_agreement,coaching,verbal_warning,written_warning,final_warning,pip,suspension,termination,other"`
	EmployeeID  int64      `json:"employee_id,omitempty" doc:"The subject it applies to"`
	Reasons     string     `json:"reasons"`
	EvidenceIDs []int64    `json:"evidence_ids,omitempty"`
	LastDay     *date.Date `json:"last_day,omitempty"`
	From        *date.Date `json:"from,omitempty"`
	To          *date.Date `json:"to,omitempty"`
	Paid        bool       `json:"paid,omitempty"`
	DecidedBy   string     `json:"decided_by,omitempty"`
	Comment     string     `json:"decision_comment,omitempty"`
	Termination int64      `json:"termination_request_id,omitempty" doc:"The people termination request it filed"`
	Discipline  int64      `json:"discipline_id,omitempty" doc:"The discipline record it issued"`
}

// CaseIn logs a case or raises a concern.
type CaseIn struct {
	Category    string    `json:"category" required:"true"`
	Severity    string    `json:"severity,omitempty" doc:"HR only; empty: medium, or high when escalated"`
	Title       string    `json:"title" required:"true"`
	Description string    `json:"description" required:"true"`
	OccurredOn  date.Date `json:"occurred_on,omitempty"`
	OrgUnitID   int64     `json:"org_unit_id,omitempty" doc:"Where it happened; empty: the first subject's unit"`
	LocationID  int64     `json:"location_id,omitempty"`
	SubjectIDs  []int64   `json:"subject_ids,omitempty" doc:"Employees the concern is about"`
	WitnessIDs  []int64   `json:"witness_ids,omitempty"`
	ReporterID  int64     `json:"reporter_id,omitempty" doc:"HR only: the employee who raised it"`
}

// IntakeOut is a new case.
type IntakeOut struct {
	ID        int64  `json:"id"`
	Number    string `json:"number"`
	Owner     string `json:"owner,omitempty"`
	Escalated bool   `json:"escalated"`
}

// CaseUpdateIn edits a case's facts.
type CaseUpdateIn struct {
	Category    string    `json:"category" required:"true"`
	Severity    string    `json:"severity" required:"true"`
	Title       string    `json:"title" required:"true"`
	Description string    `json:"description" required:"true"`
	OccurredOn  date.Date `json:"occurred_on,omitempty"`
	LocationID  int64     `json:"location_id,omitempty"`
}

// PartyIn adds a person.
type PartyIn struct {
	EmployeeID int64  `json:"employee_id,omitempty"`
	Name       string `json:"name,omitempty" doc:"Someone outside the company"`
	Role       string `json:"role" required:"true"`
}

// MemberIn adds a team member.
type MemberIn struct {
	UserID int64  `json:"user_id,omitempty"`
	Name   string `json:"name,omitempty" doc:"An external investigator"`
	Firm   string `json:"firm,omitempty"`
	Role   string `json:"role" required:"true" enum:"investigator,assistant"`
}

// EntryIn adds to the record.
type EntryIn struct {
	Kind       string    `json:"kind" required:"true" enum:"note,meeting,advice,interview,timeline,reply"`
	OccurredOn date.Date `json:"occurred_on,omitempty"`
	Body       string    `json:"body" required:"true"`
	PartyID    int64     `json:"party_id,omitempty" doc:"The witness interviewed, the manager advised"`
}

// ActionIn is an agreed action.
type ActionIn struct {
	Title       string    `json:"title" required:"true"`
	DueOn       date.Date `json:"due_on" required:"true"`
	OwnerUserID int64     `json:"owner_user_id,omitempty"`
}

// FindingsIn records findings.
type FindingsIn struct {
	Summary  string         `json:"summary" required:"true"`
	Findings []AllegationIO `json:"findings" required:"true"`
}

// TextIn carries one text.
type TextIn struct {
	Text string `json:"text"`
}

// FlagIn sets a flag with an optional reason.
type FlagIn struct {
	On     bool   `json:"on"`
	Reason string `json:"reason,omitempty"`
}

// OwnerIn names an owner.
type OwnerIn struct {
	UserID int64 `json:"user_id" required:"true"`
}

// AccessOut is a line of a case's access log.
type AccessOut struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Action string    `json:"action"`
	What   string    `json:"what"`
}

type evidenceForm struct {
	File        huma.FormFile `form:"file" required:"true"`
	Title       string        `form:"title"`
	Description string        `form:"description"`
}

type evidenceIn struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[evidenceForm]
}

type evidenceRef struct {
	ID         int64 `path:"id" minimum:"1"`
	EvidenceID int64 `path:"evidence_id" minimum:"1"`
}

type partyRef struct {
	ID      int64 `path:"id" minimum:"1"`
	PartyID int64 `path:"party_id" minimum:"1"`
}

func dptr(d date.Date) *date.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

func dval(d *date.Date) date.Date {
	if d == nil {
		return date.Date{}
	}
	return *d
}

func caseOut(c relations.Case) CaseOut {
	out := CaseOut{ID: c.ID, Number: c.Number(), Category: c.Category, Severity: c.Severity, Status: c.Status, Channel: c.Channel, Title: c.Title,
		Description: c.Description, OrgUnitID: c.OrgUnitID, OrgUnit: c.OrgUnitName, LocationID: c.LocationID, Location: c.LocationName,
		OccurredOn: dptr(c.OccurredOn), ReportedOn: c.ReportedOn, OwnerUserID: c.OwnerUserID, Owner: c.OwnerName, Escalated: c.Escalated,
		Restricted: c.Restricted, LegalHold: c.Hold, HoldReason: c.HoldReason, PlanStatus: c.PlanStatus, FindingsStatus: c.FindingsStatus,
		OutcomeStatus: c.OutcomeStatus, Resolution: c.Resolution, ClosedOn: dptr(c.ClosedOn)}
	if o := c.Outcome; o.Kind != "" {
		out.Outcome = &OutcomeIO{Kind: o.Kind, EmployeeID: o.EmployeeID, Reasons: o.Reasons, EvidenceIDs: o.EvidenceIDs, LastDay: dptr(o.LastDay),
			From: dptr(o.From), To: dptr(o.To), Paid: o.Paid, DecidedBy: o.DecidedBy, Comment: o.Comment, Termination: o.Termination, Discipline: o.Discipline}
	}
	return out
}

func caseDetailOut(d relations.Detail) CaseDetailOut {
	out := CaseDetailOut{CaseOut: caseOut(d.Case), Findings: d.Case.Findings, Parties: []PartyOut{}, Team: []MemberOut{}, Entries: []EntryOut{},
		Evidence: []EvidenceOut{}, Allegations: []AllegationIO{}, Policies: []CasePolicyOut{}}
	for _, p := range d.Policies {
		out.Policies = append(out.Policies, CasePolicyOut{ID: p.ID, Title: p.Title})
	}
	if p := d.Case.Plan; !p.Empty() {
		out.Plan = &PlanIO{Scope: p.Scope, Questions: p.Questions, Witnesses: p.Witnesses, Evidence: p.Evidence, Approach: p.Approach}
	}
	for _, p := range d.Parties {
		out.Parties = append(out.Parties, PartyOut{ID: p.ID, EmployeeID: p.EmployeeID, Name: p.Name, Role: p.Role})
	}
	for _, m := range d.Team {
		out.Team = append(out.Team, MemberOut{UserID: m.UserID, Name: m.Name, Role: m.Role, External: m.External, Firm: m.Firm})
	}
	for _, e := range d.Entries {
		out.Entries = append(out.Entries, EntryOut{ID: e.ID, Kind: e.Kind, OccurredOn: e.OccurredOn, Body: e.Body, PartyID: e.PartyID, AckStatus: e.AckStatus,
			AckComment: e.AckComment, By: e.ByName, CreatedAt: e.CreatedAt})
	}
	for _, e := range d.Evidence {
		out.Evidence = append(out.Evidence, evidenceOut(e))
	}
	for _, al := range d.Allegations {
		out.Allegations = append(out.Allegations, AllegationIO{ID: al.ID, Text: al.Text, SubjectID: al.SubjectID, Finding: al.Finding, Reasoning: al.Reasoning})
	}
	return out
}

func evidenceOut(e relations.Evidence) EvidenceOut {
	return EvidenceOut{ID: e.ID, Title: e.Title, Filename: e.Filename, Description: e.Description, ContentType: e.ContentType, Size: e.Size,
		SHA256: e.SHA256, AddedBy: e.ByName, AddedAt: e.AddedAt}
}

func intakeIn(b CaseIn) relations.IntakeInput {
	return relations.IntakeInput{Category: b.Category, Severity: b.Severity, Title: b.Title, Description: b.Description, OccurredOn: b.OccurredOn,
		OrgUnitID: b.OrgUnitID, LocationID: b.LocationID, SubjectIDs: b.SubjectIDs, WitnessIDs: b.WitnessIDs, ReporterID: b.ReporterID}
}

const erTag = "Employee relations"

func (a *API) registerRelations(h huma.API) {
	huma.Register(h, op("list-cases", http.MethodGet, "/cases", "ER cases you may see: yours (owner or team) and, for HR managers and directors, every unrestricted case in scope; never one whose subject you are or manage", erTag, access.CaseWork), func(ctx context.Context, in *struct {
		Status   string `query:"status" doc:"open (not closed), or a status"`
		Category string `query:"category"`
		Mine     bool   `query:"mine" doc:"Only cases you own or are on the team of"`
		Cursor   string `query:"cursor" doc:"next_cursor of the previous page"`
		Limit    int    `query:"limit" minimum:"0" maximum:"500" doc:"Page size, 100 by default"`
	}) (*body[Page[CaseOut]], error) {
		limit := in.Limit
		if limit == 0 {
			limit = 100
		}
		var before int64
		if in.Cursor != "" {
			var err error
			if before, err = strconv.ParseInt(in.Cursor, 10, 64); err != nil || before <= 0 {
				return nil, a.fail(ctx, kit.Invalid("cursor", "Use the next_cursor of the previous page"))
			}
		}
		cs, err := a.Relations.List(ctx, actor(ctx), relations.CaseFilter{Status: in.Status, Category: in.Category, Mine: in.Mine, BeforeID: before, Limit: limit + 1})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[CaseOut]{Items: []CaseOut{}}
		if len(cs) > limit {
			cs = cs[:limit]
			next := strconv.FormatInt(cs[limit-1].ID, 10)
			out.NextCursor = &next
		}
		for _, c := range cs {
			out.Items = append(out.Items, caseOut(c))
		}
		return &body[Page[CaseOut]]{out}, nil
	})
	intake := func(id, path, summary string, perm access.Permission, fn func(ctx context.Context, a access.Actor, in relations.IntakeInput) (relations.Intake, error)) {
		o := op(id, http.MethodPost, path, summary, erTag, perm)
		o.DefaultStatus = http.StatusCreated
		huma.Register(h, o, func(ctx context.Context, in *body[CaseIn]) (*body[IntakeOut], error) {
			r, err := fn(ctx, actor(ctx), intakeIn(in.Body))
			if err != nil {
				return nil, a.fail(ctx, err)
			}
			return &body[IntakeOut]{IntakeOut{ID: r.ID, Number: r.Number, Owner: r.Owner, Escalated: r.Escalate}}, nil
		})
	}
	intake("log-case", "/cases", "Log a case HR learned of; routed by risk (escalated categories go to an HR manager)", access.CaseIntake, a.Relations.LogCase)
	intake("raise-concern", "/concerns", "Raise a concern with HR (you follow it in /concerns; you never see the investigation)", access.CaseReport, a.Relations.RaiseConcern)
	intake("refer-concern", "/concerns/referrals", "Refer a concern about your reports to HR (as their manager you cannot see the case)", access.CaseRefer, a.Relations.ReferConcern)

	huma.Register(h, op("get-case", http.MethodGet, "/cases/{id}", "An ER case with its record (every view is audited; a case you may not see is a 404)", erTag, access.CaseWork), func(ctx context.Context, in *idPath) (*body[CaseDetailOut], error) {
		d, err := a.Relations.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CaseDetailOut]{caseDetailOut(d)}, nil
	})
	huma.Register(h, op("update-case", http.MethodPut, "/cases/{id}", "Edit a case's facts (a change into an escalated category or to critical escalates it)", erTag, access.CaseWork), func(ctx context.Context, in *withBody[CaseUpdateIn]) (*body[CaseDetailOut], error) {
		b := in.Body
		if err := a.Relations.Update(ctx, actor(ctx), in.ID, relations.UpdateInput{Category: b.Category, Severity: b.Severity, Title: b.Title, Description: b.Description,
			OccurredOn: b.OccurredOn, LocationID: b.LocationID}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.caseAfter(ctx, in.ID)
	})
	caseWrite(a, h, "add-case-party", http.MethodPost, "/cases/{id}/parties", "Add a reporter, subject, witness or other person", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b PartyIn) error {
		return a.Relations.AddParty(ctx, act, id, relations.PartyInput{EmployeeID: b.EmployeeID, Name: b.Name, Role: b.Role})
	})
	del := op("remove-case-party", http.MethodDelete, "/cases/{id}/parties/{party_id}", "Take a person off a case (not while on legal hold, nor someone its record names)", erTag, access.CaseWork)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *partyRef) (*struct{}, error) {
		if err := a.Relations.RemoveParty(ctx, actor(ctx), in.ID, in.PartyID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	caseWrite(a, h, "add-case-member", http.MethodPost, "/cases/{id}/team", "Put an investigator (internal or external) or assistant on a case", access.CaseAssign, func(ctx context.Context, act access.Actor, id int64, b MemberIn) error {
		return a.Relations.AddMember(ctx, act, id, relations.MemberInput{UserID: b.UserID, Name: b.Name, Firm: b.Firm, Role: b.Role})
	})
	rm := op("remove-case-member", http.MethodDelete, "/cases/{id}/team", "Take someone off the team (user_id, or the external investigator's name)", erTag, access.CaseAssign)
	rm.DefaultStatus = http.StatusNoContent
	huma.Register(h, rm, func(ctx context.Context, in *struct {
		ID     int64  `path:"id" minimum:"1"`
		UserID int64  `query:"user_id"`
		Name   string `query:"name"`
	}) (*struct{}, error) {
		if err := a.Relations.RemoveMember(ctx, actor(ctx), in.ID, in.UserID, in.Name); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	caseWrite(a, h, "reassign-case", http.MethodPut, "/cases/{id}/owner", "Make another HR user the owner (the previous owner assists)", access.CaseAssign, func(ctx context.Context, act access.Actor, id int64, b OwnerIn) error {
		return a.Relations.Reassign(ctx, act, id, b.UserID)
	})
	caseWrite(a, h, "restrict-case", http.MethodPut, "/cases/{id}/restricted", "Restrict a case to its team and HR directors (or lift that)", access.CaseAssign, func(ctx context.Context, act access.Actor, id int64, b FlagIn) error {
		return a.Relations.SetRestricted(ctx, act, id, b.On)
	})
	caseWrite(a, h, "hold-case", http.MethodPut, "/cases/{id}/legal-hold", "Place or release a legal hold on a case and its people's records", access.CaseHold, func(ctx context.Context, act access.Actor, id int64, b FlagIn) error {
		return a.Relations.SetHold(ctx, act, id, b.On, b.Reason)
	})
	caseWrite(a, h, "add-case-entry", http.MethodPost, "/cases/{id}/entries", "Add a note, meeting notes, advice, interview notes (the witness acknowledges), a timeline event or a reply to the reporter", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b EntryIn) error {
		_, err := a.Relations.AddEntry(ctx, act, id, relations.EntryInput{Kind: b.Kind, OccurredOn: b.OccurredOn, Body: b.Body, PartyID: b.PartyID})
		return err
	})
	caseWrite(a, h, "add-case-action", http.MethodPost, "/cases/{id}/actions", "Record an agreed action with a due date (a private task of a team member)", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b ActionIn) error {
		_, err := a.Relations.AddAction(ctx, act, id, relations.ActionInput{Title: b.Title, DueOn: b.DueOn, OwnerUserID: b.OwnerUserID})
		return err
	})
	huma.Register(h, op("list-case-actions", http.MethodGet, "/cases/{id}/actions", "A case's agreed actions", erTag, access.CaseWork), func(ctx context.Context, in *idPath) (*body[Page[TaskOut]], error) {
		ts, err := a.Relations.Actions(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TaskOut]{Items: []TaskOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, taskOut(t, date.Of(timeNow())))
		}
		return &body[Page[TaskOut]]{out}, nil
	})
	up := op("add-case-evidence", http.MethodPost, "/cases/{id}/evidence", "Upload evidence (PDF, image, text, audio, MP4 or Office, up to 10 MB; sealed at rest, SHA-256 kept)", erTag, access.CaseWork)
	up.DefaultStatus, up.MaxBodyBytes = http.StatusCreated, relations.MaxEvidenceSize+(1<<20)
	up.Errors = append(up.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, up, func(ctx context.Context, in *evidenceIn) (*body[EvidenceOut], error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, relations.MaxEvidenceSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		id, err := a.Relations.AddEvidence(ctx, actor(ctx), in.ID, relations.EvidenceInput{Title: form.Title, Description: form.Description, Filename: form.File.Filename, Data: data})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		d, err := a.Relations.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, e := range d.Evidence {
			if e.ID == id {
				return &body[EvidenceOut]{evidenceOut(e)}, nil
			}
		}
		return nil, a.fail(ctx, kit.NotFound("evidence"))
	})
	huma.Register(h, op("download-case-evidence", http.MethodGet, "/cases/{id}/evidence/{evidence_id}/content", "Download evidence (its hash is checked; the download is logged)", erTag, access.CaseWork), func(ctx context.Context, in *evidenceRef) (*fileOut, error) {
		e, data, err := a.Relations.OpenEvidence(ctx, actor(ctx), in.ID, in.EvidenceID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: e.ContentType, ContentDisposition: `attachment; filename="` + safeFilename(e.Filename) + `"`, Body: data}, nil
	})
	caseWrite(a, h, "set-case-policies", http.MethodPut, "/cases/{id}/policies", "Set the policies the case involves (the conduct at issue, the procedure followed)", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b CasePoliciesIn) error {
		return a.Relations.SetPolicies(ctx, act, id, b.PolicyIDs)
	})
	caseWrite(a, h, "save-case-plan", http.MethodPut, "/cases/{id}/plan", "Write the investigation plan and its allegations", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b PlanIO) error {
		in := relations.PlanInput{Plan: relations.Plan{Scope: b.Scope, Questions: b.Questions, Witnesses: b.Witnesses, Evidence: b.Evidence, Approach: b.Approach}}
		for _, al := range b.Allegations {
			in.Allegations = append(in.Allegations, relations.AllegationInput{ID: al.ID, Text: al.Text, SubjectID: al.SubjectID})
		}
		return a.Relations.SavePlan(ctx, act, id, in)
	})
	a.caseAction(h, "submit-case-plan", "/cases/{id}/plan/submission", "Send the plan to an HR manager for approval (decide it with POST /approvals/{id}/decision)", access.CaseWork, a.Relations.SubmitPlan)
	caseWrite(a, h, "record-case-findings", http.MethodPut, "/cases/{id}/findings", "Record a finding with reasoning on every allegation, and the report's summary", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b FindingsIn) error {
		in := relations.FindingsInput{Summary: b.Summary}
		for _, f := range b.Findings {
			in.Findings = append(in.Findings, relations.FindingInput{AllegationID: f.ID, Finding: f.Finding, Reasoning: f.Reasoning})
		}
		return a.Relations.RecordFindings(ctx, act, id, in)
	})
	a.caseAction(h, "submit-case-findings", "/cases/{id}/findings/submission", "Send the findings report to an HR manager for approval", access.CaseWork, a.Relations.SubmitFindings)
	caseWrite(a, h, "recommend-case-outcome", http.MethodPost, "/cases/{id}/outcome", "Record the outcome: a suspension, a termination or any outcome of an escalated case goes to an HR manager to decide; others take effect at once", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b OutcomeIO) error {
		return a.Relations.Recommend(ctx, act, id, relations.Outcome{Kind: b.Kind, EmployeeID: b.EmployeeID, Reasons: b.Reasons, EvidenceIDs: b.EvidenceIDs,
			LastDay: dval(b.LastDay), From: dval(b.From), To: dval(b.To), Paid: b.Paid})
	})
	caseWrite(a, h, "close-case", http.MethodPost, "/cases/{id}/closure", "Close a case with its resolution (an escalated case needs approved findings and a decided outcome)", access.CaseWork, func(ctx context.Context, act access.Actor, id int64, b TextIn) error {
		return a.Relations.Close(ctx, act, id, b.Text)
	})
	caseWrite(a, h, "reopen-case", http.MethodPost, "/cases/{id}/reopening", "Reopen a closed case, saying why", access.CaseAssign, func(ctx context.Context, act access.Actor, id int64, b TextIn) error {
		return a.Relations.Reopen(ctx, act, id, b.Text)
	})
	huma.Register(h, op("case-access-log", http.MethodGet, "/cases/{id}/access-log", "Who viewed or changed a case, newest first (from the audit trail)", erTag, access.CaseAssign), func(ctx context.Context, in *idPath) (*body[[]AccessOut], error) {
		log, err := a.Relations.AccessLog(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := []AccessOut{}
		for _, x := range log {
			out = append(out, AccessOut{At: x.At, Who: x.Who, Action: x.Action, What: x.What})
		}
		return &body[[]AccessOut]{out}, nil
	})
	a.registerRelationsSelf(h)
	a.registerRelationsTrends(h)
	a.registerTrainings(h)
	a.registerDiscipline(h)
}

// caseAfter returns the case after a change.
func (a *API) caseAfter(ctx context.Context, id int64) (*body[CaseDetailOut], error) {
	d, err := a.Relations.Get(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[CaseDetailOut]{caseDetailOut(d)}, nil
}

// caseWrite registers a change to a case that returns the case.
// CasePolicyOut is a policy a case involves.
type CasePolicyOut struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// CasePoliciesIn sets the policies a case involves.
type CasePoliciesIn struct {
	PolicyIDs []int64 `json:"policy_ids" required:"true"`
}

func caseWrite[T any](a *API, h huma.API, id, method, path, summary string, perm access.Permission, fn func(ctx context.Context, act access.Actor, id int64, b T) error) {
	huma.Register(h, op(id, method, path, summary, erTag, perm), func(ctx context.Context, in *withBody[T]) (*body[CaseDetailOut], error) {
		if err := fn(ctx, actor(ctx), in.ID, in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.caseAfter(ctx, in.ID)
	})
}

func (a *API) caseAction(h huma.API, id, path, summary string, perm access.Permission, fn func(ctx context.Context, act access.Actor, id int64) error) {
	huma.Register(h, op(id, http.MethodPost, path, summary, erTag, perm), func(ctx context.Context, in *idPath) (*body[CaseDetailOut], error) {
		if err := fn(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.caseAfter(ctx, in.ID)
	})
}
