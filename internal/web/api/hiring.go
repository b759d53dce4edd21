package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// PlanLineIn sets one line of the hiring plan.
type PlanLineIn struct {
	OrgUnitID   int64  `json:"org_unit_id" required:"true"`
	Year        int    `json:"year" required:"true"`
	Quarter     int    `json:"quarter" required:"true" minimum:"1" maximum:"4"`
	Headcount   int    `json:"headcount" required:"true"`
	BudgetCents int64  `json:"budget_cents,omitempty" doc:"Annual salary budget for the planned hires, in cents"`
	Note        string `json:"note,omitempty"`
}

// PlanLineOut is a plan line against requisitions and hires.
type PlanLineOut struct {
	ID             int64  `json:"id"`
	OrgUnitID      int64  `json:"org_unit_id"`
	OrgUnitName    string `json:"org_unit_name"`
	Year           int    `json:"year"`
	Quarter        int    `json:"quarter"`
	Headcount      int    `json:"headcount"`
	BudgetCents    int64  `json:"budget_cents"`
	Note           string `json:"note"`
	Requested      int    `json:"requested" doc:"Openings on requisitions waiting for approval"`
	Approved       int    `json:"approved" doc:"Openings on approved requisitions (open, on hold, filled)"`
	Filled         int    `json:"filled" doc:"Openings hired"`
	Remaining      int    `json:"remaining" doc:"Planned minus approved (negative: beyond the plan)"`
	CommittedCents int64  `json:"committed_cents" doc:"Salary maximum × openings of approved requisitions"`
}

// RequisitionIn creates or edits a requisition.
type RequisitionIn struct {
	Title           string `json:"title,omitempty" doc:"Defaults to the job title"`
	JobID           int64  `json:"job_id" required:"true"`
	OrgUnitID       int64  `json:"org_unit_id" required:"true"`
	LocationID      int64  `json:"location_id" required:"true"`
	Headcount       int    `json:"headcount,omitempty" doc:"Openings; default 1"`
	EmploymentType  string `json:"employment_type,omitempty" enum:"full_time,part_time,temporary,seasonal,"`
	Reason          string `json:"reason,omitempty" enum:"new_headcount,backfill,replacement_upgrade,temporary_cover,"`
	BackfillFor     int64  `json:"backfill_for,omitempty" doc:"The employee a backfill replaces"`
	SalaryMinCents  int64  `json:"salary_min_cents,omitempty" doc:"Default: the job's pay grade minimum"`
	SalaryMaxCents  int64  `json:"salary_max_cents,omitempty" doc:"Default: the job's pay grade maximum"`
	HiringManagerID int64  `json:"hiring_manager_id" required:"true" doc:"An active employee"`
	RecruiterUserID int64  `json:"recruiter_user_id,omitempty" doc:"Default: you"`
	TargetStart     string `json:"target_start" required:"true" doc:"YYYY-MM-DD"`
	KeyRole         bool   `json:"key_role,omitempty" doc:"The HR manager makes the final call on the hire"`
	Justification   string `json:"justification,omitempty"`
	Requirements    string `json:"requirements,omitempty" doc:"Skills and keywords to screen resumes for, one per line or comma-separated"`
	StageTemplateID int64  `json:"stage_template_id,omitempty" doc:"The pipeline template; default: the default pipeline"`
	Version         int64  `json:"version,omitempty" doc:"On PATCH: the version you saw; a changed requisition is a 409"`
}

// RequisitionOut is a requisition.
type RequisitionOut struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number"`
	Title           string     `json:"title"`
	JobID           int64      `json:"job_id"`
	OrgUnitID       int64      `json:"org_unit_id"`
	OrgUnitName     string     `json:"org_unit_name"`
	LocationID      int64      `json:"location_id"`
	Headcount       int        `json:"headcount"`
	FilledCount     int        `json:"filled_count"`
	EmploymentType  string     `json:"employment_type"`
	Reason          string     `json:"reason"`
	BackfillFor     *int64     `json:"backfill_for"`
	SalaryMinCents  int64      `json:"salary_min_cents"`
	SalaryMaxCents  int64      `json:"salary_max_cents"`
	Currency        string     `json:"currency"`
	HiringManagerID int64      `json:"hiring_manager_id"`
	RecruiterUserID *int64     `json:"recruiter_user_id"`
	TargetStart     date.Date  `json:"target_start"`
	KeyRole         bool       `json:"key_role"`
	Justification   string     `json:"justification"`
	Requirements    string     `json:"requirements"`
	StageTemplateID *int64     `json:"stage_template_id"`
	Stages          []StageIO  `json:"stages" doc:"The requisition's pipeline, in order"`
	Status          string     `json:"status" enum:"draft,pending_approval,open,on_hold,filled,cancelled,rejected"`
	ApprovalID      *int64     `json:"approval_id"`
	OpenedOn        *date.Date `json:"opened_on" doc:"The day it was approved (time-to-fill starts)"`
	ClosedOn        *date.Date `json:"closed_on"`
	CreatedAt       time.Time  `json:"created_at"`
	Version         int64      `json:"version"`
}

func datePtr(d date.Date) *date.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

func requisitionOut(r hiring.Requisition) RequisitionOut {
	return RequisitionOut{ID: r.ID, Number: r.Number, Title: r.Title, JobID: r.JobID, OrgUnitID: r.OrgUnitID, OrgUnitName: r.OrgUnitName, LocationID: r.LocationID,
		Headcount: r.Headcount, FilledCount: r.FilledCount, EmploymentType: r.EmploymentType, Reason: r.Reason, BackfillFor: idPtr(r.BackfillFor),
		SalaryMinCents: r.SalaryMinCents, SalaryMaxCents: r.SalaryMaxCents, Currency: r.Currency, HiringManagerID: r.HiringManagerID, RecruiterUserID: idPtr(r.RecruiterUserID),
		TargetStart: r.TargetStart, KeyRole: r.KeyRole, Justification: r.Justification, Requirements: r.Requirements, Status: r.Status, ApprovalID: idPtr(r.ApprovalID),
		OpenedOn: datePtr(r.OpenedOn), ClosedOn: datePtr(r.ClosedOn), CreatedAt: r.CreatedAt.UTC(), Version: r.Version,
		StageTemplateID: idPtr(r.StageTemplateID), Stages: stagesOut(r.Pipeline())}
}

func requisitionIn(b RequisitionIn) hiring.RequisitionInput {
	f := kit.FieldErrors{}
	return hiring.RequisitionInput{Title: b.Title, JobID: b.JobID, OrgUnitID: b.OrgUnitID, LocationID: b.LocationID, Headcount: b.Headcount,
		EmploymentType: b.EmploymentType, Reason: b.Reason, BackfillFor: b.BackfillFor, SalaryMinCents: b.SalaryMinCents, SalaryMaxCents: b.SalaryMaxCents,
		HiringManagerID: b.HiringManagerID, RecruiterUserID: b.RecruiterUserID, TargetStart: parseDate(f, "target_start", b.TargetStart),
		KeyRole: b.KeyRole, Justification: b.Justification, Requirements: b.Requirements, StageTemplateID: b.StageTemplateID, Invalid: f}
}

// StatusIn moves a requisition.
type StatusIn struct {
	Status string `json:"status" required:"true" enum:"on_hold,open,filled,cancelled"`
	Reason string `json:"reason,omitempty" doc:"Required to cancel"`
}

func (a *API) registerHiring(h huma.API) {
	huma.Register(h, op("get-hiring-plan", http.MethodGet, "/hiring-plan", "The hiring plan of a year, each line against requisitions and hires", "Recruiting", access.HiringPlanView), func(ctx context.Context, in *struct {
		Year int `query:"year" doc:"Default: this year"`
	}) (*body[Page[PlanLineOut]], error) {
		year := in.Year
		if year == 0 {
			year = timeNow().Year()
		}
		rows, err := a.Hiring.Plan(ctx, actor(ctx), year)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PlanLineOut]{Items: []PlanLineOut{}}
		for _, r := range rows {
			out.Items = append(out.Items, PlanLineOut{ID: r.ID, OrgUnitID: r.OrgUnitID, OrgUnitName: r.OrgUnitName, Year: r.Year, Quarter: r.Quarter, Headcount: r.Headcount,
				BudgetCents: r.BudgetCents, Note: r.Note, Requested: r.Requested, Approved: r.Approved, Filled: r.Filled, Remaining: r.Remaining(), CommittedCents: r.CommittedCents})
		}
		return &body[Page[PlanLineOut]]{out}, nil
	})
	huma.Register(h, op("put-hiring-plan-line", http.MethodPut, "/hiring-plan", "Set the plan line of an org unit and quarter (replaces it)", "Recruiting", access.HiringPlanManage), func(ctx context.Context, in *body[PlanLineIn]) (*body[IDOut], error) {
		b := in.Body
		id, err := a.Hiring.SetPlan(ctx, actor(ctx), hiring.PlanInput{OrgUnitID: b.OrgUnitID, Year: b.Year, Quarter: b.Quarter, Headcount: b.Headcount, BudgetCents: b.BudgetCents, Note: b.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("list-requisitions", http.MethodGet, "/requisitions", "Requisitions you may see (HR in scope; a hiring manager theirs)", "Recruiting", access.RequisitionView), func(ctx context.Context, in *struct {
		Status    string `query:"status" enum:"active,draft,pending_approval,open,on_hold,filled,cancelled,rejected," doc:"Default: all"`
		OrgUnitID int64  `query:"org_unit_id" doc:"With its subtree"`
		Q         string `query:"q" doc:"Number or title"`
	}) (*body[Page[RequisitionOut]], error) {
		rs, err := a.Hiring.Requisitions(ctx, actor(ctx), hiring.RequisitionFilter{Status: in.Status, OrgUnitID: in.OrgUnitID, Q: in.Q})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[RequisitionOut]{Items: []RequisitionOut{}}
		for _, r := range rs {
			out.Items = append(out.Items, requisitionOut(r))
		}
		return &body[Page[RequisitionOut]]{out}, nil
	})
	create := op("create-requisition", http.MethodPost, "/requisitions", "Draft a requisition", "Recruiting", access.RequisitionManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[RequisitionIn]) (*body[RequisitionOut], error) {
		id, err := a.Hiring.CreateRequisition(ctx, actor(ctx), requisitionIn(in.Body))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, id)
	})
	huma.Register(h, op("get-requisition", http.MethodGet, "/requisitions/{id}", "One requisition", "Recruiting", access.RequisitionView), func(ctx context.Context, in *idPath) (*body[RequisitionOut], error) {
		return a.requisition(ctx, in.ID)
	})
	huma.Register(h, op("update-requisition", http.MethodPatch, "/requisitions/{id}", "Edit a draft requisition (send every field)", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[RequisitionIn]) (*body[RequisitionOut], error) {
		if err := a.Hiring.UpdateRequisition(ctx, actor(ctx), in.ID, requisitionIn(in.Body), in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, in.ID)
	})
	submit := op("submit-requisition", http.MethodPost, "/requisitions/{id}/submission", "Submit a draft for approval along the requisition approval chain", "Recruiting", access.RequisitionManage)
	submit.DefaultStatus = http.StatusOK
	huma.Register(h, submit, func(ctx context.Context, in *idPath) (*body[RequisitionOut], error) {
		if _, err := a.Hiring.SubmitRequisition(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, in.ID)
	})
	huma.Register(h, op("set-requisition-status", http.MethodPost, "/requisitions/{id}/status", "Put on hold, reopen, mark filled or cancel", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[StatusIn]) (*body[RequisitionOut], error) {
		if err := a.Hiring.SetRequisitionStatus(ctx, actor(ctx), in.ID, in.Body.Status, in.Body.Reason); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, in.ID)
	})
}

func (a *API) requisition(ctx context.Context, id int64) (*body[RequisitionOut], error) {
	r, err := a.Hiring.Requisition(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[RequisitionOut]{requisitionOut(r)}, nil
}

// PostingIn writes or edits a posting.
type PostingIn struct {
	Title       string            `json:"title,omitempty" doc:"Default: the requisition's title"`
	Description string            `json:"description" required:"true" doc:"Markdown; sanitised when shown"`
	Remote      bool              `json:"remote,omitempty"`
	ShowSalary  bool              `json:"show_salary,omitempty" doc:"Show the requisition's salary range (pay transparency)"`
	ClosesOn    string            `json:"closes_on,omitempty" doc:"YYYY-MM-DD"`
	Questions   []hiring.Question `json:"questions,omitempty" maxItems:"20"`
	Version     int64             `json:"version,omitempty" doc:"On PATCH: the version you saw"`
}

// PostingOut is a posting.
type PostingOut struct {
	ID            int64             `json:"id"`
	RequisitionID int64             `json:"requisition_id"`
	Slug          string            `json:"slug"`
	URL           string            `json:"url" doc:"The public page, relative to the site"`
	Title         string            `json:"title"`
	Description   string            `json:"description"`
	Remote        bool              `json:"remote"`
	ShowSalary    bool              `json:"show_salary"`
	Questions     []hiring.Question `json:"questions"`
	Status        string            `json:"status" enum:"draft,published,closed"`
	PublishedAt   *time.Time        `json:"published_at"`
	ClosesOn      *date.Date        `json:"closes_on"`
	Version       int64             `json:"version"`
}

func postingOut(p hiring.Posting) PostingOut {
	o := PostingOut{ID: p.ID, RequisitionID: p.RequisitionID, Slug: p.Slug, URL: "/careers/" + p.Slug, Title: p.Title, Description: p.DescriptionMD, Remote: p.Remote,
		ShowSalary: p.ShowSalary, Questions: p.Questions, Status: p.Status, PublishedAt: timePtr(p.PublishedAt), ClosesOn: datePtr(p.ClosesOn), Version: p.Version}
	if o.Questions == nil {
		o.Questions = []hiring.Question{}
	}
	return o
}

func postingIn(b PostingIn) hiring.PostingInput {
	f := kit.FieldErrors{}
	in := hiring.PostingInput{Title: b.Title, DescriptionMD: b.Description, Remote: b.Remote, ShowSalary: b.ShowSalary, Questions: b.Questions, Invalid: f}
	if b.ClosesOn != "" {
		in.ClosesOn = parseDate(f, "closes_on", b.ClosesOn)
	}
	return in
}

// ApplicationOut is an application (without the self-identification,
// which the hiring team never sees).
type ApplicationOut struct {
	ID            int64             `json:"id"`
	CandidateID   int64             `json:"candidate_id"`
	Name          string            `json:"name"`
	Email         string            `json:"email"`
	Phone         string            `json:"phone"`
	RequisitionID int64             `json:"requisition_id"`
	PostingID     *int64            `json:"posting_id"`
	Stage         string            `json:"stage"`
	Status        string            `json:"status" enum:"active,rejected,withdrawn,hired"`
	Source        string            `json:"source"`
	CoverLetter   string            `json:"cover_letter"`
	Answers       map[string]string `json:"answers"`
	KnockedOut    bool              `json:"knocked_out"`
	RejectReason  string            `json:"reject_reason"`
	HasResume     bool              `json:"has_resume"`
	AppliedAt     time.Time         `json:"applied_at"`
	StageSince    time.Time         `json:"stage_changed_at" doc:"When it entered its stage"`
	Version       int64             `json:"version"`
}

func applicationOut(a hiring.Application) ApplicationOut {
	o := ApplicationOut{ID: a.ID, CandidateID: a.CandidateID, Name: a.Candidate.Name(), Email: a.Candidate.Email, Phone: a.Candidate.Phone, RequisitionID: a.RequisitionID,
		PostingID: idPtr(a.PostingID), Stage: a.Stage, Status: a.Status, Source: a.Source, CoverLetter: a.CoverLetter, Answers: a.Answers, KnockedOut: a.KnockedOut,
		RejectReason: a.RejectReason, HasResume: a.ResumeID != 0, AppliedAt: a.AppliedAt.UTC(), StageSince: a.StageChangedAt.UTC(), Version: a.Version}
	if o.Answers == nil {
		o.Answers = map[string]string{}
	}
	return o
}

// SelfIDOut is an applicant's voluntary self-identification.
type SelfIDOut struct {
	Gender        string `json:"gender"`
	RaceEthnicity string `json:"race_ethnicity"`
	Veteran       string `json:"veteran"`
	Disability    string `json:"disability"`
}

func (a *API) registerPostings(h huma.API) {
	create := op("create-posting", http.MethodPost, "/requisitions/{id}/postings", "Write the posting of an open requisition (a draft)", "Recruiting", access.RequisitionManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *withBody[PostingIn]) (*body[PostingOut], error) {
		id, err := a.Hiring.CreatePosting(ctx, actor(ctx), in.ID, postingIn(in.Body))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.posting(ctx, id)
	})
	huma.Register(h, op("list-postings", http.MethodGet, "/requisitions/{id}/postings", "A requisition's postings", "Recruiting", access.RequisitionView), func(ctx context.Context, in *idPath) (*body[Page[PostingOut]], error) {
		ps, err := a.Hiring.PostingsOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PostingOut]{Items: []PostingOut{}}
		for _, p := range ps {
			out.Items = append(out.Items, postingOut(p))
		}
		return &body[Page[PostingOut]]{out}, nil
	})
	huma.Register(h, op("update-posting", http.MethodPatch, "/postings/{id}", "Edit a posting (a published one changes on the careers page at once)", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[PostingIn]) (*body[PostingOut], error) {
		if err := a.Hiring.UpdatePosting(ctx, actor(ctx), in.ID, postingIn(in.Body), in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.posting(ctx, in.ID)
	})
	huma.Register(h, op("set-posting-status", http.MethodPost, "/postings/{id}/status", "Publish on the careers page, unpublish (draft) or close", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[struct {
		Status string `json:"status" required:"true" enum:"published,draft,closed"`
	}]) (*body[PostingOut], error) {
		if err := a.Hiring.PublishPosting(ctx, actor(ctx), in.ID, in.Body.Status); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.posting(ctx, in.ID)
	})
	huma.Register(h, op("list-applications", http.MethodGet, "/requisitions/{id}/applications", "A requisition's applications", "Recruiting", access.CandidateView), func(ctx context.Context, in *struct {
		ID     int64  `path:"id"`
		Status string `query:"status" enum:"active,rejected,withdrawn,hired,"`
		Stage  string `query:"stage"`
	}) (*body[Page[ApplicationOut]], error) {
		apps, err := a.Hiring.Applications(ctx, actor(ctx), in.ID, hiring.ApplicationFilter{Status: in.Status, Stage: in.Stage})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[ApplicationOut]{Items: []ApplicationOut{}}
		for _, ap := range apps {
			out.Items = append(out.Items, applicationOut(ap))
		}
		return &body[Page[ApplicationOut]]{out}, nil
	})
	huma.Register(h, op("get-application", http.MethodGet, "/applications/{id}", "One application", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[ApplicationOut], error) {
		ap, err := a.Hiring.ApplicationByID(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApplicationOut]{applicationOut(ap)}, nil
	})
	huma.Register(h, op("get-application-resume", http.MethodGet, "/applications/{id}/resume", "Download the application's resume", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		r, err := a.Hiring.ResumeOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: r.ContentType, ContentDisposition: `attachment; filename="` + safeFilename(r.Filename) + `"`, Body: r.Data}, nil
	})
	huma.Register(h, op("get-application-self-id", http.MethodGet, "/applications/{id}/self-id", "The applicant's voluntary self-identification (HR managers and directors, for reporting; audited)", "Recruiting", access.CandidateEEOView), func(ctx context.Context, in *idPath) (*body[SelfIDOut], error) {
		s, err := a.Hiring.SelfIDOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SelfIDOut]{SelfIDOut{Gender: s.Gender, RaceEthnicity: s.RaceEthnicity, Veteran: s.Veteran, Disability: s.Disability}}, nil
	})
}

func (a *API) posting(ctx context.Context, id int64) (*body[PostingOut], error) {
	p, err := a.Hiring.Posting(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[PostingOut]{postingOut(p)}, nil
}

// safeFilename keeps a download name to safe characters.
func safeFilename(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '"' || r == '\\' || r < 32 {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}

// MoveIn moves an application.
type MoveIn struct {
	ToStage string `json:"to_stage" required:"true" doc:"A stage key of the requisition's pipeline (not hired: a hire comes from an accepted offer)"`
	Note    string `json:"note,omitempty"`
	Version int64  `json:"version,omitempty" doc:"The version you saw; a changed application is a 409"`
}

// MoveOut says what became of a move.
type MoveOut struct {
	Moved      bool           `json:"moved"`
	ApprovalID *int64         `json:"approval_id" doc:"A key-role offer waits for the HR manager's decision"`
	Item       ApplicationOut `json:"application"`
}

// RejectIn rejects an application.
type RejectIn struct {
	Reason string `json:"reason" required:"true" enum:"not_qualified,experience_level,salary_expectations,location_or_schedule,stronger_candidate,no_response,withdrew_interest,position_closed,other"`
	Note   string `json:"note,omitempty"`
	Notify *bool  `json:"notify,omitempty" doc:"Email the candidate a decline (default true)"`
}

// BulkIn acts on several applications of a requisition, all or nothing.
type BulkIn struct {
	IDs     []int64 `json:"ids" required:"true" maxItems:"500"`
	Action  string  `json:"action" required:"true" enum:"move,reject"`
	ToStage string  `json:"to_stage,omitempty"`
	Reason  string  `json:"reason,omitempty"`
}

// EventOut is a stage move.
type EventOut struct {
	FromStage string    `json:"from_stage"`
	ToStage   string    `json:"to_stage"`
	At        time.Time `json:"at"`
	ByUserID  *int64    `json:"by_user_id"`
	Note      string    `json:"note"`
}

// ScreeningOut is the keyword match of an application.
type ScreeningOut struct {
	Terms   []string `json:"terms"`
	Matched []string `json:"matched"`
	Missing []string `json:"missing"`
	Score   int      `json:"score" doc:"Matched share of the terms, percent; a reading aid, not a rank"`
}

func (a *API) registerPipeline(h huma.API) {
	huma.Register(h, op("move-application", http.MethodPost, "/applications/{id}/moves", "Move an application to a stage (a key role's offer asks the HR manager first)", "Recruiting", access.CandidateManage), func(ctx context.Context, in *withBody[MoveIn]) (*body[MoveOut], error) {
		res, err := a.Hiring.MoveApplication(ctx, actor(ctx), in.ID, in.Body.ToStage, in.Body.Note, in.Body.Version)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Hiring.ApplicationByID(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[MoveOut]{MoveOut{Moved: res.Moved, ApprovalID: idPtr(res.ApprovalID), Item: applicationOut(ap)}}, nil
	})
	huma.Register(h, op("reject-application", http.MethodPost, "/applications/{id}/rejection", "Turn an application down with a reason (emails the candidate unless notify is false)", "Recruiting", access.CandidateManage), func(ctx context.Context, in *withBody[RejectIn]) (*body[ApplicationOut], error) {
		notify := in.Body.Notify == nil || *in.Body.Notify
		if err := a.Hiring.RejectApplication(ctx, actor(ctx), in.ID, in.Body.Reason, in.Body.Note, notify); err != nil {
			return nil, a.fail(ctx, err)
		}
		ap, err := a.Hiring.ApplicationByID(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApplicationOut]{applicationOut(ap)}, nil
	})
	huma.Register(h, op("bulk-applications", http.MethodPost, "/requisitions/{id}/applications/bulk", "Move (before the offer) or reject several applications, all or nothing", "Recruiting", access.CandidateManage), func(ctx context.Context, in *withBody[BulkIn]) (*body[struct {
		Changed int `json:"changed"`
	}], error) {
		n, err := a.Hiring.BulkAction(ctx, actor(ctx), in.ID, in.Body.IDs, in.Body.Action, in.Body.ToStage, in.Body.Reason)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[struct {
			Changed int `json:"changed"`
		}]{struct {
			Changed int `json:"changed"`
		}{n}}, nil
	})
	huma.Register(h, op("list-application-events", http.MethodGet, "/applications/{id}/events", "An application's stage history, oldest first", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[Page[EventOut]], error) {
		evs, err := a.Hiring.Events(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[EventOut]{Items: []EventOut{}}
		for _, e := range evs {
			out.Items = append(out.Items, EventOut{FromStage: e.FromStage, ToStage: e.ToStage, At: e.At.UTC(), ByUserID: idPtr(e.ByUserID), Note: e.Note})
		}
		return &body[Page[EventOut]]{out}, nil
	})
	huma.Register(h, op("get-application-screening", http.MethodGet, "/applications/{id}/screening", "The keyword match of the resume and cover letter against the requisition's requirements", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[ScreeningOut], error) {
		sc, _, err := a.Hiring.ScreeningOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := ScreeningOut{Terms: sc.Terms, Matched: sc.Matched, Missing: sc.Missing, Score: sc.Score}
		for _, p := range []*[]string{&out.Terms, &out.Matched, &out.Missing} {
			if *p == nil {
				*p = []string{}
			}
		}
		return &body[ScreeningOut]{out}, nil
	})
}

func (a *API) registerRequirements(h huma.API) {
	huma.Register(h, op("put-requisition-requirements", http.MethodPut, "/requisitions/{id}/requirements", "Set the skills and keywords resumes are screened for (also while open)", "Recruiting", access.RequisitionManage), func(ctx context.Context, in *withBody[struct {
		Requirements string `json:"requirements" required:"true"`
	}]) (*body[RequisitionOut], error) {
		if err := a.Hiring.UpdateRequirements(ctx, actor(ctx), in.ID, in.Body.Requirements); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.requisition(ctx, in.ID)
	})
}

// OfferIn drafts an offer.
type OfferIn struct {
	Pay         PayIn  `json:"pay" required:"true"`
	SignOnCents int64  `json:"sign_on_cents,omitempty"`
	StartDate   string `json:"start_date" required:"true" doc:"YYYY-MM-DD"`
	ExpiresOn   string `json:"expires_on,omitempty" doc:"YYYY-MM-DD; default a week from today"`
	Letter      string `json:"letter,omitempty" doc:"The letter template; default the company's, with merge fields"`
}

// OfferOut is an offer.
type OfferOut struct {
	ID            int64      `json:"id"`
	ApplicationID int64      `json:"application_id"`
	RequisitionID int64      `json:"requisition_id"`
	Pay           PayIn      `json:"pay"`
	SignOnCents   int64      `json:"sign_on_cents"`
	StartDate     date.Date  `json:"start_date"`
	ExpiresOn     date.Date  `json:"expires_on"`
	Letter        string     `json:"letter"`
	Status        string     `json:"status" enum:"draft,pending_approval,approved,sent,accepted,declined,withdrawn,rejected"`
	OutsideBand   bool       `json:"outside_band"`
	ApprovalID    *int64     `json:"approval_id"`
	SentAt        *time.Time `json:"sent_at"`
	RespondedAt   *time.Time `json:"responded_at"`
	EmployeeID    *int64     `json:"employee_id"`
	Checks        []CheckOut `json:"checks"`
	ChecksCleared bool       `json:"checks_cleared"`
	Version       int64      `json:"version"`
}

// CheckOut is a pre-employment check.
type CheckOut struct {
	Kind       string     `json:"kind"`
	Result     string     `json:"result"`
	Note       string     `json:"note"`
	RecordedOn *date.Date `json:"recorded_on"`
}

func offerOut(o hiring.Offer) OfferOut {
	out := OfferOut{ID: o.ID, ApplicationID: o.ApplicationID, RequisitionID: o.RequisitionID, Pay: PayIn{AmountCents: o.Pay.AmountCents, Per: o.Pay.Per, Currency: o.Pay.Currency},
		SignOnCents: o.SignOnCents, StartDate: o.StartDate, ExpiresOn: o.ExpiresOn, Letter: o.Letter, Status: o.Status, OutsideBand: o.OutsideBand,
		ApprovalID: idPtr(o.ApprovalID), SentAt: timePtr(o.SentAt), RespondedAt: timePtr(o.RespondedAt), EmployeeID: idPtr(o.EmployeeID), Checks: []CheckOut{},
		ChecksCleared: o.ChecksCleared(), Version: o.Version}
	for _, c := range o.Checks {
		out.Checks = append(out.Checks, CheckOut{Kind: c.Kind, Result: c.Result, Note: c.Note, RecordedOn: datePtr(c.RecordedOn)})
	}
	return out
}

func (a *API) registerOffers(h huma.API) {
	create := op("create-offer", http.MethodPost, "/applications/{id}/offers", "Draft an offer to a candidate at the offer stage", "Recruiting", access.OfferManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *withBody[OfferIn]) (*body[OfferOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		oi := hiring.OfferInput{Pay: people.Pay{AmountCents: b.Pay.AmountCents, Per: b.Pay.Per, Currency: b.Pay.Currency}, SignOnCents: b.SignOnCents,
			StartDate: parseDate(f, "start_date", b.StartDate), Letter: b.Letter, Invalid: f}
		if b.ExpiresOn != "" {
			oi.ExpiresOn = parseDate(f, "expires_on", b.ExpiresOn)
		}
		id, err := a.Hiring.CreateOffer(ctx, actor(ctx), in.ID, oi)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.offer(ctx, id)
	})
	huma.Register(h, op("list-offers", http.MethodGet, "/applications/{id}/offers", "An application's offers", "Recruiting", access.OfferManage), func(ctx context.Context, in *idPath) (*body[Page[OfferOut]], error) {
		os, err := a.Hiring.OffersOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[OfferOut]{Items: []OfferOut{}}
		for _, o := range os {
			out.Items = append(out.Items, offerOut(o))
		}
		return &body[Page[OfferOut]]{out}, nil
	})
	huma.Register(h, op("get-offer", http.MethodGet, "/offers/{id}", "One offer", "Recruiting", access.OfferManage), func(ctx context.Context, in *idPath) (*body[OfferOut], error) {
		return a.offer(ctx, in.ID)
	})
	action := func(id, path, summary string, fn func(ctx context.Context, act access.Actor, id int64) error) {
		o := op(id, http.MethodPost, path, summary, "Recruiting", access.OfferManage)
		huma.Register(h, o, func(ctx context.Context, in *idPath) (*body[OfferOut], error) {
			if err := fn(ctx, actor(ctx), in.ID); err != nil {
				return nil, a.fail(ctx, err)
			}
			return a.offer(ctx, in.ID)
		})
	}
	action("submit-offer", "/offers/{id}/submission", "Submit a draft: approved at once within the range, or routed along the offer approval chain", func(ctx context.Context, act access.Actor, id int64) error {
		_, err := a.Hiring.SubmitOffer(ctx, act, id)
		return err
	})
	action("send-offer", "/offers/{id}/sending", "Email an approved offer to the candidate with their private link", a.Hiring.SendOffer)
	huma.Register(h, op("withdraw-offer", http.MethodPost, "/offers/{id}/withdrawal", "Withdraw an offer not yet accepted", "Recruiting", access.OfferManage), func(ctx context.Context, in *withBody[struct {
		Reason string `json:"reason" required:"true"`
	}]) (*body[OfferOut], error) {
		if err := a.Hiring.WithdrawOffer(ctx, actor(ctx), in.ID, in.Body.Reason); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.offer(ctx, in.ID)
	})
	huma.Register(h, op("set-offer-check", http.MethodPut, "/offers/{id}/checks/{kind}", "Record a pre-employment check", "Recruiting", access.OfferManage), func(ctx context.Context, in *struct {
		ID   int64  `path:"id"`
		Kind string `path:"kind" enum:"background,references,drug_test,work_authorization"`
		Body struct {
			Result string `json:"result" required:"true" enum:"pending,clear,flagged,waived"`
			Note   string `json:"note,omitempty" doc:"Required to waive"`
		}
	}) (*body[OfferOut], error) {
		if err := a.Hiring.SetCheck(ctx, actor(ctx), in.ID, in.Kind, in.Body.Result, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.offer(ctx, in.ID)
	})
	hire := op("hire-from-offer", http.MethodPost, "/offers/{id}/hire", "Turn an accepted offer with every check clear into an employee (onboarding starts)", "Recruiting", access.OfferManage)
	hire.DefaultStatus = http.StatusCreated
	huma.Register(h, hire, func(ctx context.Context, in *withBody[struct {
		WorkEmail      string `json:"work_email" required:"true"`
		EmploymentType string `json:"employment_type,omitempty"`
		WeeklyHours    int    `json:"weekly_hours,omitempty"`
	}]) (*body[EmployeeOut], error) {
		id, err := a.Hiring.Hire(ctx, actor(ctx), in.ID, hiring.HireInput{WorkEmail: in.Body.WorkEmail, EmploymentType: in.Body.EmploymentType, WeeklyHours: in.Body.WeeklyHours})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out, err := a.employee(ctx, id)
		return &body[EmployeeOut]{out}, err
	})
	huma.Register(h, op("get-offer-letter", http.MethodGet, "/offers/{id}/letter.pdf", "The offer letter as a PDF", "Recruiting", access.OfferManage), func(ctx context.Context, in *idPath) (*fileOut, error) {
		o, err := a.Hiring.OfferByID(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		data, err := hiring.OfferPDF(o, a.Hiring.Employer(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/pdf", ContentDisposition: `attachment; filename="offer.pdf"`, Body: data}, nil
	})
}

func (a *API) offer(ctx context.Context, id int64) (*body[OfferOut], error) {
	o, err := a.Hiring.OfferByID(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[OfferOut]{offerOut(o)}, nil
}

// InterviewIn schedules or moves an interview.
type InterviewIn struct {
	Round    string  `json:"round,omitempty" doc:"Default: Interview"`
	Start    string  `json:"start" required:"true" doc:"Local wall time at the requisition's location, YYYY-MM-DDTHH:MM"`
	Minutes  int     `json:"minutes,omitempty" doc:"Default 45"`
	Location string  `json:"location,omitempty" doc:"A room or a video link"`
	Panel    []int64 `json:"panel" required:"true" doc:"Interviewers' user ids"`
	Version  int64   `json:"version,omitempty" doc:"On PATCH: the version you saw"`
}

// InterviewOut is an interview.
type InterviewOut struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Round         string    `json:"round"`
	StartsAt      time.Time `json:"starts_at" doc:"UTC"`
	EndsAt        time.Time `json:"ends_at"`
	TimeZone      string    `json:"time_zone"`
	LocalStart    string    `json:"local_start" doc:"In time_zone"`
	Location      string    `json:"location"`
	Status        string    `json:"status" enum:"scheduled,cancelled,completed"`
	UID           string    `json:"uid"`
	Sequence      int       `json:"sequence"`
	Panel         []int64   `json:"panel"`
	Version       int64     `json:"version"`
}

func interviewOut(iv hiring.Interview) InterviewOut {
	o := InterviewOut{ID: iv.ID, ApplicationID: iv.ApplicationID, Round: iv.Round, StartsAt: iv.StartsAt, EndsAt: iv.EndsAt, TimeZone: iv.TimeZone,
		LocalStart: iv.Local().Format("2006-01-02T15:04"), Location: iv.Location, Status: iv.Status, UID: iv.UID, Sequence: iv.Sequence, Panel: []int64{}, Version: iv.Version}
	for _, p := range iv.Panel {
		o.Panel = append(o.Panel, p.UserID)
	}
	return o
}

// parseLocal reads a local wall time.
func parseLocal(f kit.FieldErrors, field, v string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", v)
	if err != nil {
		f.Add(field, "Enter the time as YYYY-MM-DDTHH:MM")
	}
	return t
}

func interviewIn(b InterviewIn) hiring.InterviewInput {
	f := kit.FieldErrors{}
	return hiring.InterviewInput{Round: b.Round, Start: parseLocal(f, "start", b.Start), Minutes: b.Minutes, Location: b.Location, Panel: b.Panel, Invalid: f}
}

// ScorecardIn submits a scorecard.
type ScorecardIn struct {
	Recommendation string          `json:"recommendation" required:"true" enum:"strong_no,no,yes,strong_yes"`
	Ratings        []hiring.Rating `json:"ratings" required:"true"`
	Notes          string          `json:"notes,omitempty"`
}

// ScorecardOut is a submitted scorecard.
type ScorecardOut struct {
	UserID         int64           `json:"user_id"`
	Name           string          `json:"name"`
	Recommendation string          `json:"recommendation"`
	Ratings        []hiring.Rating `json:"ratings"`
	Notes          string          `json:"notes"`
	SubmittedAt    time.Time       `json:"submitted_at"`
}

// ScorecardsOut is what the caller may see of an interview's scorecards.
type ScorecardsOut struct {
	Mine    *ScorecardOut  `json:"mine"`
	Others  []ScorecardOut `json:"others"`
	Hidden  int            `json:"hidden" doc:"Others' scorecards hidden until you submit yours"`
	Pending []int64        `json:"pending" doc:"Interviewers who have not submitted"`
}

func scorecardOut(sc hiring.Scorecard) ScorecardOut {
	return ScorecardOut{UserID: sc.UserID, Name: sc.Name, Recommendation: sc.Recommendation, Ratings: sc.Ratings, Notes: sc.Notes, SubmittedAt: sc.SubmittedAt.UTC()}
}

func (a *API) registerInterviews(h huma.API) {
	sched := op("schedule-interview", http.MethodPost, "/applications/{id}/interviews", "Schedule an interview; everyone gets an RFC 5545 invitation (METHOD:REQUEST)", "Recruiting", access.InterviewManage)
	sched.DefaultStatus = http.StatusCreated
	huma.Register(h, sched, func(ctx context.Context, in *withBody[InterviewIn]) (*body[InterviewOut], error) {
		id, err := a.Hiring.Schedule(ctx, actor(ctx), in.ID, interviewIn(in.Body))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.interview(ctx, in.ID, id)
	})
	huma.Register(h, op("list-interviews", http.MethodGet, "/applications/{id}/interviews", "An application's interviews", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[Page[InterviewOut]], error) {
		ivs, err := a.Hiring.Interviews(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[InterviewOut]{Items: []InterviewOut{}}
		for _, iv := range ivs {
			out.Items = append(out.Items, interviewOut(iv))
		}
		return &body[Page[InterviewOut]]{out}, nil
	})
	huma.Register(h, opAny("my-interviews", http.MethodGet, "/interviews", "The interviews you are on the panel of, upcoming (or all with past=true)", "Recruiting"), func(ctx context.Context, in *struct {
		Past bool `query:"past"`
	}) (*body[Page[InterviewOut]], error) {
		from := timeNow().Add(-12 * time.Hour)
		if in.Past {
			from = time.Time{}
		}
		ivs, err := a.Hiring.MyInterviews(ctx, actor(ctx), from)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[InterviewOut]{Items: []InterviewOut{}}
		for _, iv := range ivs {
			out.Items = append(out.Items, interviewOut(iv))
		}
		return &body[Page[InterviewOut]]{out}, nil
	})
	huma.Register(h, op("reschedule-interview", http.MethodPatch, "/interviews/{id}", "Move an interview or change its panel; updates go out with a higher SEQUENCE", "Recruiting", access.InterviewManage), func(ctx context.Context, in *withBody[InterviewIn]) (*body[InterviewOut], error) {
		if err := a.Hiring.Reschedule(ctx, actor(ctx), in.ID, interviewIn(in.Body), in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.interview(ctx, 0, in.ID)
	})
	huma.Register(h, op("cancel-interview", http.MethodPost, "/interviews/{id}/cancellation", "Cancel an interview (METHOD:CANCEL to everyone)", "Recruiting", access.InterviewManage), func(ctx context.Context, in *withBody[struct {
		Reason string `json:"reason,omitempty"`
	}]) (*body[InterviewOut], error) {
		if err := a.Hiring.CancelInterview(ctx, actor(ctx), in.ID, in.Body.Reason); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.interview(ctx, 0, in.ID)
	})
	huma.Register(h, op("get-interview-ics", http.MethodGet, "/interviews/{id}/invite.ics", "The interview's current calendar object", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		b, err := a.Hiring.ICSOf(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "text/calendar; charset=utf-8", ContentDisposition: `attachment; filename="interview.ics"`, Body: b}, nil
	})
	huma.Register(h, op("suggest-interview-times", http.MethodGet, "/applications/{id}/interview-times", "Times in the next ten business days when the panel and the candidate are free", "Recruiting", access.InterviewManage), func(ctx context.Context, in *struct {
		ID      int64   `path:"id"`
		Panel   []int64 `query:"panel" required:"true"`
		Minutes int     `query:"minutes"`
	}) (*body[Page[TimeSlotOut]], error) {
		slots, err := a.Hiring.SuggestTimes(ctx, actor(ctx), in.ID, in.Panel, in.Minutes, 12)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TimeSlotOut]{Items: []TimeSlotOut{}}
		for _, s := range slots {
			out.Items = append(out.Items, TimeSlotOut{Start: s.Start, End: s.End, TimeZone: s.TimeZone, LocalStart: s.Local().Format("2006-01-02T15:04")})
		}
		return &body[Page[TimeSlotOut]]{out}, nil
	})
	link := op("offer-interview-times", http.MethodPost, "/applications/{id}/scheduling-links", "Email the candidate a private link to choose one of these times", "Recruiting", access.InterviewManage)
	link.DefaultStatus = http.StatusCreated
	huma.Register(h, link, func(ctx context.Context, in *withBody[struct {
		Round    string      `json:"round,omitempty"`
		Minutes  int         `json:"minutes,omitempty"`
		Location string      `json:"location,omitempty"`
		Panel    []int64     `json:"panel" required:"true"`
		Slots    []time.Time `json:"slots" required:"true" doc:"Starts (RFC 3339), e.g. from interview-times"`
	}]) (*body[IDOut], error) {
		b := in.Body
		if b.Minutes == 0 {
			b.Minutes = 45
		}
		id, err := a.Hiring.OfferTimes(ctx, actor(ctx), in.ID, b.Round, b.Minutes, b.Location, b.Panel, b.Slots)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	sc := op("submit-scorecard", http.MethodPost, "/interviews/{id}/scorecards", "Submit your scorecard (panelists only, once)", "Recruiting", access.ScorecardSubmit)
	sc.DefaultStatus = http.StatusCreated
	huma.Register(h, sc, func(ctx context.Context, in *withBody[ScorecardIn]) (*body[ScorecardsOut], error) {
		if err := a.Hiring.SubmitScorecard(ctx, actor(ctx), in.ID, hiring.Scorecard{Recommendation: in.Body.Recommendation, Ratings: in.Body.Ratings, Notes: in.Body.Notes}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.scorecards(ctx, in.ID)
	})
	huma.Register(h, op("list-scorecards", http.MethodGet, "/interviews/{id}/scorecards", "An interview's scorecards as you may see them", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[ScorecardsOut], error) {
		return a.scorecards(ctx, in.ID)
	})
}

// TimeSlotOut is a proposed interview time.
type TimeSlotOut struct {
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	TimeZone   string    `json:"time_zone"`
	LocalStart string    `json:"local_start"`
}

func (a *API) scorecards(ctx context.Context, id int64) (*body[ScorecardsOut], error) {
	v, err := a.Hiring.Scorecards(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := ScorecardsOut{Others: []ScorecardOut{}, Hidden: v.Hidden, Pending: []int64{}}
	if v.Mine != nil {
		m := scorecardOut(*v.Mine)
		out.Mine = &m
	}
	for _, sc := range v.Others {
		out.Others = append(out.Others, scorecardOut(sc))
	}
	for _, p := range v.Pending {
		out.Pending = append(out.Pending, p.UserID)
	}
	return &body[ScorecardsOut]{out}, nil
}

func (a *API) interview(ctx context.Context, appID, id int64) (*body[InterviewOut], error) {
	iv, err := a.Hiring.InterviewByID(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[InterviewOut]{interviewOut(iv)}, nil
}
