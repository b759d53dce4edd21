package api

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// CompetencyIn is a competency with its five levels described.
type CompetencyIn struct {
	Name        string    `json:"name" required:"true"`
	Kind        string    `json:"kind" required:"true" enum:"skill,behaviour"`
	Category    string    `json:"category,omitempty"`
	Description string    `json:"description,omitempty"`
	Levels      [5]string `json:"levels" required:"true" doc:"What proficiency 1 (awareness) to 5 (expert) looks like"`
	Active      *bool     `json:"active,omitempty" doc:"Default true"`
}

// LadderIn is a ladder with its rungs, lowest first.
type LadderIn struct {
	Name        string   `json:"name" required:"true"`
	Family      string   `json:"family" required:"true"`
	Track       string   `json:"track" required:"true" enum:"individual,management"`
	Description string   `json:"description,omitempty"`
	Rungs       []RungIn `json:"rungs" required:"true" doc:"Jobs, lowest first; a job sits on one ladder"`
}

// RungIn places a job on a ladder.
type RungIn struct {
	JobID         int64  `json:"job_id" required:"true"`
	Summary       string `json:"summary,omitempty"`
	TypicalMonths int    `json:"typical_months,omitempty" doc:"Typical time in the job before the next rung"`
}

// LadderOut is a ladder with the profile of each rung's job.
type LadderOut struct {
	Ladder   careers.Ladder       `json:"ladder"`
	Profiles []careers.JobProfile `json:"profiles"`
}

// PathIn is a move between two jobs.
type PathIn struct {
	FromJobID int64  `json:"from_job_id" required:"true"`
	ToJobID   int64  `json:"to_job_id" required:"true"`
	Kind      string `json:"kind" required:"true" enum:"promotion,lateral,track_change"`
	Note      string `json:"note,omitempty"`
}

// RequirementsIn is what a job requires.
type RequirementsIn struct {
	Competencies   []CompetencyLevelIn `json:"competencies" required:"true"`
	Certifications []CertRequiredIn    `json:"certifications"`
}

// CompetencyLevelIn is the level a job requires in a competency.
type CompetencyLevelIn struct {
	CompetencyID int64 `json:"competency_id" required:"true"`
	Level        int   `json:"level" required:"true" minimum:"1" maximum:"5"`
}

// CertRequiredIn is a credential a job requires or recommends.
type CertRequiredIn struct {
	CertificationID int64 `json:"certification_id" required:"true"`
	Required        bool  `json:"required" doc:"Required to hold the job; otherwise recommended"`
}

// KeyRoleIn names a key role.
type KeyRoleIn struct {
	KeyRole bool   `json:"key_role"`
	Note    string `json:"note,omitempty"`
}

// CertificationIn is an entry of the catalogue.
type CertificationIn struct {
	Name            string  `json:"name" required:"true"`
	Abbreviation    string  `json:"abbreviation,omitempty"`
	Issuer          string  `json:"issuer" required:"true"`
	Kind            string  `json:"kind" required:"true" enum:"certification,licence"`
	ValidityMonths  int     `json:"validity_months,omitempty" doc:"0: does not expire"`
	CreditsRequired float64 `json:"credits_required,omitempty" doc:"Recertification credits per cycle"`
	CreditUnit      string  `json:"credit_unit,omitempty"`
	Description     string  `json:"description,omitempty"`
	URL             string  `json:"url,omitempty"`
	Active          *bool   `json:"active,omitempty" doc:"Default true"`
}

// RatingsIn rates competencies.
type RatingsIn struct {
	Ratings []careers.Rating `json:"ratings" required:"true"`
}

// ReadinessIn sets readiness for a target job.
type ReadinessIn struct {
	TargetJobID int64  `json:"target_job_id" required:"true"`
	Status      string `json:"status" required:"true" enum:"ready_now,one_to_two_years,later"`
	Note        string `json:"note,omitempty"`
}

// DevPlanIn starts a development plan.
type DevPlanIn struct {
	Title       string              `json:"title,omitempty" doc:"Default: Toward the target job"`
	TargetJobID int64               `json:"target_job_id,omitempty"`
	Goals       []careers.GoalInput `json:"goals,omitempty" doc:"Typically the gaps of the gap analysis"`
}

// CheckinIn is a note on a plan.
type CheckinIn struct {
	Note string `json:"note" required:"true"`
}

// ClosePlanIn closes a plan.
type ClosePlanIn struct {
	Status string `json:"status" required:"true" enum:"completed,cancelled"`
}

// CredentialIn records a credential.
type CredentialIn struct {
	CertificationID      int64  `json:"certification_id" required:"true"`
	Number               string `json:"number,omitempty"`
	IssuedOn             string `json:"issued_on" required:"true" format:"date"`
	ExpiresOn            string `json:"expires_on,omitempty" format:"date" doc:"Default: the issue date plus the certification's validity"`
	CostCents            int64  `json:"cost_cents,omitempty"`
	RequestReimbursement bool   `json:"request_reimbursement,omitempty"`
	Notes                string `json:"notes,omitempty"`
}

// CreditIn logs recertification credits.
type CreditIn struct {
	EarnedOn string  `json:"earned_on" required:"true" format:"date"`
	Credits  float64 `json:"credits" required:"true"`
	Activity string  `json:"activity" required:"true"`
	Category string  `json:"category,omitempty"`
}

// ReimbursementIn decides a credential's reimbursement.
type ReimbursementIn struct {
	Status          string `json:"status" required:"true" enum:"approved,paid,denied"`
	ReimbursedCents int64  `json:"reimbursed_cents,omitempty" doc:"The amount paid (status paid)"`
}

// CredentialOut is a credential with its credit log.
type CredentialOut struct {
	Credential careers.Credential `json:"credential"`
	Credits    []careers.Credit   `json:"credits" doc:"Logged credits and training sessions counted toward the certification"`
}

type certificateUpload struct {
	File huma.FormFile `form:"file" required:"true" contentType:"application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/octet-stream"`
}

type planSubPath struct {
	ID  int64 `path:"id" minimum:"1"`
	Sub int64 `path:"sub" minimum:"1"`
}

func (a *API) registerCareers(h huma.API) {
	const tag = "Careers"
	create := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	// The catalogue.
	huma.Register(h, op("list-career-jobs", http.MethodGet, "/careers/jobs", "The job catalogue as careers read it", tag, access.CareerCatalogView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.Job]], error) {
		js, err := a.Careers.Jobs(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Job]]{Page[careers.Job]{Items: nonNil(js)}}, nil
	})
	getJob := func(ctx context.Context, id int64) (*body[careers.JobProfile], error) {
		p, err := a.Careers.JobProfile(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.JobProfile]{p}, nil
	}
	huma.Register(h, op("get-career-job", http.MethodGet, "/careers/jobs/{id}", "A job's rung, the competency levels and credentials it requires, and the moves out of it", tag, access.CareerCatalogView), func(ctx context.Context, in *idPath) (*body[careers.JobProfile], error) {
		return getJob(ctx, in.ID)
	})
	huma.Register(h, op("set-job-requirements", http.MethodPut, "/careers/jobs/{id}/requirements", "Replace the proficiency (1–5) a job requires in each competency and the credentials it requires or recommends", tag, access.CareerDesign), func(ctx context.Context, in *withBody[RequirementsIn]) (*body[careers.JobProfile], error) {
		var cs []careers.Requirement
		for _, c := range in.Body.Competencies {
			cs = append(cs, careers.Requirement{CompetencyID: c.CompetencyID, Level: c.Level})
		}
		var ks []careers.CertRequirement
		for _, c := range in.Body.Certifications {
			ks = append(ks, careers.CertRequirement{CertificationID: c.CertificationID, Required: c.Required})
		}
		if err := a.Careers.SetRequirements(ctx, actor(ctx), in.ID, cs, ks); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getJob(ctx, in.ID)
	})
	huma.Register(h, op("set-key-role", http.MethodPut, "/careers/jobs/{id}/key-role", "Name or unname a job as a key role for succession", tag, access.CareerDesign), func(ctx context.Context, in *withBody[KeyRoleIn]) (*body[careers.JobProfile], error) {
		if err := a.Careers.SetKeyRole(ctx, actor(ctx), in.ID, in.Body.KeyRole, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getJob(ctx, in.ID)
	})
	// Competencies.
	huma.Register(h, op("list-competencies", http.MethodGet, "/competencies", "The competency framework", tag, access.CareerCatalogView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.Competency]], error) {
		cs, err := a.Careers.Competencies(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Competency]]{Page[careers.Competency]{Items: nonNil(cs)}}, nil
	})
	getComp := func(ctx context.Context, id int64) (*body[careers.Competency], error) {
		c, err := a.Careers.Competency(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.Competency]{c}, nil
	}
	saveComp := func(ctx context.Context, id int64, in CompetencyIn) (*body[careers.Competency], error) {
		c := careers.Competency{ID: id, Name: in.Name, Kind: in.Kind, Category: in.Category, Description: in.Description, Levels: in.Levels, Active: in.Active == nil || *in.Active}
		id, err := a.Careers.SaveCompetency(ctx, actor(ctx), c)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getComp(ctx, id)
	}
	huma.Register(h, create(op("create-competency", http.MethodPost, "/competencies", "Add a skill or behaviour with its five levels described", tag, access.CareerDesign)), func(ctx context.Context, in *body[CompetencyIn]) (*body[careers.Competency], error) {
		return saveComp(ctx, 0, in.Body)
	})
	huma.Register(h, op("get-competency", http.MethodGet, "/competencies/{id}", "A competency", tag, access.CareerCatalogView), func(ctx context.Context, in *idPath) (*body[careers.Competency], error) {
		return getComp(ctx, in.ID)
	})
	huma.Register(h, op("update-competency", http.MethodPut, "/competencies/{id}", "Change a competency", tag, access.CareerDesign), func(ctx context.Context, in *withBody[CompetencyIn]) (*body[careers.Competency], error) {
		return saveComp(ctx, in.ID, in.Body)
	})
	// Ladders and paths.
	huma.Register(h, op("list-career-ladders", http.MethodGet, "/career-ladders", "Ladders with their rungs (jobs, lowest first) and today's holders", tag, access.CareerCatalogView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.Ladder]], error) {
		ls, err := a.Careers.Ladders(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Ladder]]{Page[careers.Ladder]{Items: nonNil(ls)}}, nil
	})
	getLadder := func(ctx context.Context, id int64) (*body[LadderOut], error) {
		l, ps, err := a.Careers.Ladder(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[LadderOut]{LadderOut{l, nonNil(ps)}}, nil
	}
	saveLadder := func(ctx context.Context, id int64, in LadderIn) (*body[LadderOut], error) {
		l := careers.Ladder{ID: id, Name: in.Name, Family: in.Family, Track: in.Track, Description: in.Description}
		for _, r := range in.Rungs {
			l.Rungs = append(l.Rungs, careers.Rung{JobID: r.JobID, Summary: r.Summary, TypicalMonths: r.TypicalMonths})
		}
		id, err := a.Careers.SaveLadder(ctx, actor(ctx), l)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getLadder(ctx, id)
	}
	huma.Register(h, create(op("create-career-ladder", http.MethodPost, "/career-ladders", "Add a ladder: a job family's individual-contributor or management track", tag, access.CareerDesign)), func(ctx context.Context, in *body[LadderIn]) (*body[LadderOut], error) {
		return saveLadder(ctx, 0, in.Body)
	})
	huma.Register(h, op("get-career-ladder", http.MethodGet, "/career-ladders/{id}", "A ladder with what each rung requires", tag, access.CareerCatalogView), func(ctx context.Context, in *idPath) (*body[LadderOut], error) {
		return getLadder(ctx, in.ID)
	})
	huma.Register(h, op("update-career-ladder", http.MethodPut, "/career-ladders/{id}", "Change a ladder and its rungs", tag, access.CareerDesign), func(ctx context.Context, in *withBody[LadderIn]) (*body[LadderOut], error) {
		return saveLadder(ctx, in.ID, in.Body)
	})
	huma.Register(h, op("list-career-paths", http.MethodGet, "/career-paths", "Moves between jobs besides a ladder's next rung", tag, access.CareerCatalogView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.Path]], error) {
		ps, err := a.Careers.Paths(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Path]]{Page[careers.Path]{Items: nonNil(ps)}}, nil
	})
	huma.Register(h, create(op("create-career-path", http.MethodPost, "/career-paths", "Add a move between two jobs (a promotion across ladders, a lateral move, a change of track)", tag, access.CareerDesign)), func(ctx context.Context, in *body[PathIn]) (*body[IDOut], error) {
		id, err := a.Careers.AddPath(ctx, actor(ctx), careers.Path{FromJobID: in.Body.FromJobID, ToJobID: in.Body.ToJobID, Kind: in.Body.Kind, Note: in.Body.Note})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	del := op("delete-career-path", http.MethodDelete, "/career-paths/{id}", "Remove a path", tag, access.CareerDesign)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Careers.DeletePath(ctx, actor(ctx), in.ID))
	})
	// Certifications.
	huma.Register(h, op("list-certifications", http.MethodGet, "/certifications", "The certification and licence catalogue with today's holders", tag, access.CareerCatalogView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.Certification]], error) {
		cs, err := a.Careers.Certifications(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Certification]]{Page[careers.Certification]{Items: nonNil(cs)}}, nil
	})
	getCert := func(ctx context.Context, id int64) (*body[careers.Certification], error) {
		c, err := a.Careers.Certification(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.Certification]{c}, nil
	}
	saveCert := func(ctx context.Context, id int64, in CertificationIn) (*body[careers.Certification], error) {
		c := careers.Certification{ID: id, Name: in.Name, Abbreviation: in.Abbreviation, Issuer: in.Issuer, Kind: in.Kind, ValidityMonths: in.ValidityMonths,
			CreditsRequired: in.CreditsRequired, CreditUnit: in.CreditUnit, Description: in.Description, URL: in.URL, Active: in.Active == nil || *in.Active}
		id, err := a.Careers.SaveCertification(ctx, actor(ctx), c)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCert(ctx, id)
	}
	huma.Register(h, create(op("create-certification", http.MethodPost, "/certifications", "Add a certification or licence (validity, recertification credits per cycle)", tag, access.CareerDesign)), func(ctx context.Context, in *body[CertificationIn]) (*body[careers.Certification], error) {
		return saveCert(ctx, 0, in.Body)
	})
	huma.Register(h, op("get-certification", http.MethodGet, "/certifications/{id}", "A certification or licence", tag, access.CareerCatalogView), func(ctx context.Context, in *idPath) (*body[careers.Certification], error) {
		return getCert(ctx, in.ID)
	})
	huma.Register(h, op("update-certification", http.MethodPut, "/certifications/{id}", "Change a certification or licence", tag, access.CareerDesign), func(ctx context.Context, in *withBody[CertificationIn]) (*body[careers.Certification], error) {
		return saveCert(ctx, in.ID, in.Body)
	})
	// An employee's career.
	huma.Register(h, op("get-employee-career", http.MethodGet, "/employees/{id}/career", "An employee's career: job and ladder, the next step's gap analysis, assessments, readiness, plans, credentials and training", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[careers.Overview], error) {
		o, err := a.Careers.Overview(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.Overview]{o}, nil
	})
	huma.Register(h, op("get-gap-analysis", http.MethodGet, "/employees/{id}/career/gaps", "Gap analysis against a target job (default: the next step): competencies required vs current, credentials missing, time in job, readiness", tag, access.CareerView), func(ctx context.Context, in *struct {
		ID          int64 `path:"id" minimum:"1"`
		TargetJobID int64 `query:"target_job_id" doc:"Default: the next rung or path out of the current job"`
	}) (*body[careers.GapAnalysis], error) {
		g, err := a.Careers.Gaps(ctx, actor(ctx), in.ID, in.TargetJobID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.GapAnalysis]{g}, nil
	})
	huma.Register(h, op("list-assessments", http.MethodGet, "/employees/{id}/assessments", "Competency ratings, newest first (the history)", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[Page[careers.Assessment]], error) {
		as, err := a.Careers.Assessments(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Assessment]]{Page[careers.Assessment]{Items: nonNil(as)}}, nil
	})
	assess := create(opAny("assess-competencies", http.MethodPost, "/employees/{id}/assessments", "Rate competencies: the employee their own, the line manager a report's with evidence", tag, access.CareerSelfAssess, access.CareerManagerAssess))
	assess.Description = "Requires permission `careers.assess.self` (one's own ratings) or `careers.assess.manager` (a report's, with evidence for each rating)."
	huma.Register(h, assess, func(ctx context.Context, in *withBody[RatingsIn]) (*body[Page[careers.Assessment]], error) {
		if err := a.Careers.Assess(ctx, actor(ctx), in.ID, in.Body.Ratings); err != nil {
			return nil, a.fail(ctx, err)
		}
		as, err := a.Careers.Assessments(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Assessment]]{Page[careers.Assessment]{Items: nonNil(as)}}, nil
	})
	huma.Register(h, create(op("set-readiness", http.MethodPost, "/employees/{id}/readiness", "The line manager's readiness of a report for a target job (ready now, in 1–2 years, later); HR sees it", tag, access.CareerManagerAssess)), func(ctx context.Context, in *withBody[ReadinessIn]) (*body[careers.GapAnalysis], error) {
		if err := a.Careers.SetReadiness(ctx, actor(ctx), in.ID, in.Body.TargetJobID, in.Body.Status, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		g, err := a.Careers.Gaps(ctx, actor(ctx), in.ID, in.Body.TargetJobID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.GapAnalysis]{g}, nil
	})
	huma.Register(h, op("list-training-records", http.MethodGet, "/employees/{id}/training", "Training sessions the employee was invited to, with attendance and credits", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[Page[careers.TrainingRecord]], error) {
		ts, err := a.Careers.TrainingRecords(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.TrainingRecord]]{Page[careers.TrainingRecord]{Items: nonNil(ts)}}, nil
	})
	huma.Register(h, op("career-team", http.MethodGet, "/careers/team", "The line manager's direct reports with readiness, last rating, active plans and expiring credentials", tag, access.CareerManagerAssess), func(ctx context.Context, _ *struct{}) (*body[Page[careers.TeamMember]], error) {
		ts, err := a.Careers.Team(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.TeamMember]]{Page[careers.TeamMember]{Items: nonNil(ts)}}, nil
	})
	huma.Register(h, op("succession", http.MethodGet, "/careers/succession", "Key roles with incumbents, candidates by readiness and bench strength (in scope)", tag, access.SuccessionView), func(ctx context.Context, _ *struct{}) (*body[Page[careers.SuccessionRole]], error) {
		ss, err := a.Careers.Succession(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.SuccessionRole]]{Page[careers.SuccessionRole]{Items: nonNil(ss)}}, nil
	})
	// Development plans.
	huma.Register(h, op("list-development-plans", http.MethodGet, "/employees/{id}/development-plans", "An employee's development plans", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[Page[careers.DevPlan]], error) {
		ps, err := a.Careers.DevPlans(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.DevPlan]]{Page[careers.DevPlan]{Items: nonNil(ps)}}, nil
	})
	getPlan := func(ctx context.Context, id int64) (*body[careers.DevPlan], error) {
		p, err := a.Careers.DevPlan(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[careers.DevPlan]{p}, nil
	}
	huma.Register(h, create(op("create-development-plan", http.MethodPost, "/employees/{id}/development-plans", "Start a development plan toward a target job with goals (typically the gap analysis's gaps)", tag, access.CareerPlan)), func(ctx context.Context, in *withBody[DevPlanIn]) (*body[careers.DevPlan], error) {
		id, err := a.Careers.CreatePlan(ctx, actor(ctx), in.ID, in.Body.Title, in.Body.TargetJobID, in.Body.Goals)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, id)
	})
	huma.Register(h, op("get-development-plan", http.MethodGet, "/development-plans/{id}", "A development plan with goals, actions (and their tasks' status) and check-ins", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[careers.DevPlan], error) {
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, create(op("add-development-goal", http.MethodPost, "/development-plans/{id}/goals", "Add a goal: a competency level or a certification", tag, access.CareerPlan)), func(ctx context.Context, in *withBody[careers.GoalInput]) (*body[careers.DevPlan], error) {
		if _, err := a.Careers.AddGoal(ctx, actor(ctx), in.ID, in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, create(op("add-development-action", http.MethodPost, "/development-plans/{id}/actions", "Add an action (training, stretch assignment, mentoring, certification) with a due date; it opens a task for the employee", tag, access.CareerPlan)), func(ctx context.Context, in *withBody[careers.ActionInput]) (*body[careers.DevPlan], error) {
		if _, err := a.Careers.AddAction(ctx, actor(ctx), in.ID, in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, op("complete-development-action", http.MethodPost, "/development-plans/{id}/actions/{sub}/complete", "Mark an action done (its task closes)", tag, access.CareerPlan), func(ctx context.Context, in *planSubPath) (*body[careers.DevPlan], error) {
		if err := a.Careers.CompleteAction(ctx, actor(ctx), in.ID, in.Sub); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, op("complete-development-goal", http.MethodPost, "/development-plans/{id}/goals/{sub}/complete", "Mark a goal reached", tag, access.CareerPlan), func(ctx context.Context, in *planSubPath) (*body[careers.DevPlan], error) {
		if err := a.Careers.CompleteGoal(ctx, actor(ctx), in.ID, in.Sub); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, create(op("add-development-checkin", http.MethodPost, "/development-plans/{id}/checkins", "Record a check-in on the plan's progress", tag, access.CareerPlan)), func(ctx context.Context, in *withBody[CheckinIn]) (*body[careers.DevPlan], error) {
		if _, err := a.Careers.CheckIn(ctx, actor(ctx), in.ID, in.Body.Note); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, op("close-development-plan", http.MethodPost, "/development-plans/{id}/close", "Complete or cancel a plan (open action tasks are cancelled)", tag, access.CareerPlan), func(ctx context.Context, in *withBody[ClosePlanIn]) (*body[careers.DevPlan], error) {
		if err := a.Careers.ClosePlan(ctx, actor(ctx), in.ID, in.Body.Status); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, in.ID)
	})
	// Credentials.
	huma.Register(h, op("list-credentials", http.MethodGet, "/employees/{id}/credentials", "An employee's certifications and licences with status and credits", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[Page[careers.Credential]], error) {
		cs, err := a.Careers.Credentials(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.Credential]]{Page[careers.Credential]{Items: nonNil(cs)}}, nil
	})
	getCred := func(ctx context.Context, id int64) (*body[CredentialOut], error) {
		c, cs, err := a.Careers.Credential(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CredentialOut]{CredentialOut{c, cs}}, nil
	}
	huma.Register(h, create(op("add-credential", http.MethodPost, "/employees/{id}/credentials", "Record a credential (a newer one of the same certification renews the old one)", tag, access.CredentialManage)), func(ctx context.Context, in *withBody[CredentialIn]) (*body[CredentialOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		ci := careers.CredentialInput{CertificationID: b.CertificationID, Number: b.Number, CostCents: b.CostCents, RequestReimbursement: b.RequestReimbursement, Notes: b.Notes}
		ci.IssuedOn = parseDate(f, "issued_on", b.IssuedOn)
		if b.ExpiresOn != "" {
			ci.ExpiresOn = parseDate(f, "expires_on", b.ExpiresOn)
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Careers.AddCredential(ctx, actor(ctx), in.ID, ci)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, id)
	})
	huma.Register(h, op("credential-compliance", http.MethodGet, "/credentials/compliance", "Employees whose job requires a credential they lack, hold expired or hold expiring within 90 days (HR in scope, line managers their reports)", tag, access.CareerView), func(ctx context.Context, in *struct {
		All bool `query:"all" doc:"Include the valid ones"`
	}) (*body[Page[careers.ComplianceRow]], error) {
		rs, err := a.Careers.Compliance(ctx, actor(ctx), in.All)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[careers.ComplianceRow]]{Page[careers.ComplianceRow]{Items: nonNil(rs)}}, nil
	})
	huma.Register(h, op("get-credential", http.MethodGet, "/credentials/{id}", "A credential with its recertification credit log", tag, access.CareerView), func(ctx context.Context, in *idPath) (*body[CredentialOut], error) {
		return getCred(ctx, in.ID)
	})
	huma.Register(h, op("correct-credential", http.MethodPut, "/credentials/{id}", "Correct a credential's number, dates, cost or notes (a verified one: HR only, and the verification is cleared)", tag, access.CredentialManage), func(ctx context.Context, in *withBody[CredentialIn]) (*body[CredentialOut], error) {
		b, f := in.Body, kit.FieldErrors{}
		ci := careers.CredentialInput{Number: b.Number, CostCents: b.CostCents, Notes: b.Notes}
		ci.IssuedOn = parseDate(f, "issued_on", b.IssuedOn)
		if b.ExpiresOn != "" {
			ci.ExpiresOn = parseDate(f, "expires_on", b.ExpiresOn)
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.Careers.CorrectCredential(ctx, actor(ctx), in.ID, ci); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, in.ID)
	})
	huma.Register(h, create(op("log-credential-credits", http.MethodPost, "/credentials/{id}/credits", "Log recertification credits earned within the credential's cycle", tag, access.CredentialManage)), func(ctx context.Context, in *withBody[CreditIn]) (*body[CredentialOut], error) {
		f := kit.FieldErrors{}
		c := careers.Credit{EarnedOn: parseDate(f, "earned_on", in.Body.EarnedOn), Credits: in.Body.Credits, Activity: in.Body.Activity, Category: in.Body.Category}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if _, err := a.Careers.LogCredit(ctx, actor(ctx), in.ID, c); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, in.ID)
	})
	huma.Register(h, op("verify-credential", http.MethodPost, "/credentials/{id}/verify", "Record that HR checked the credential with its issuer (never one's own)", tag, access.CredentialVerify), func(ctx context.Context, in *idPath) (*body[CredentialOut], error) {
		if err := a.Careers.VerifyCredential(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, in.ID)
	})
	huma.Register(h, op("decide-credential-reimbursement", http.MethodPost, "/credentials/{id}/reimbursement", "Approve, pay or deny the reimbursement of a credential's cost (never one's own)", tag, access.CredentialVerify), func(ctx context.Context, in *withBody[ReimbursementIn]) (*body[CredentialOut], error) {
		if err := a.Careers.SetReimbursement(ctx, actor(ctx), in.ID, in.Body.Status, in.Body.ReimbursedCents); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, in.ID)
	})
	up := op("upload-certificate", http.MethodPost, "/credentials/{id}/certificate", "Upload the certificate (PDF, PNG, JPEG or DOCX up to 10 MB, checked by content) to the employee file", tag, access.CredentialManage)
	up.MaxBodyBytes = people.MaxDocumentSize + (1 << 20)
	up.Errors = append(up.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, up, func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		RawBody huma.MultipartFormFiles[certificateUpload]
	}) (*body[CredentialOut], error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, people.MaxDocumentSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		if err := a.Careers.AttachCertificate(ctx, actor(ctx), in.ID, form.File.Filename, data); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCred(ctx, in.ID)
	})
}
