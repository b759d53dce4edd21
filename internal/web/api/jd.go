package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// JDSummaryOut is a job in the description library.
type JDSummaryOut struct {
	JobID      int64      `json:"job_id"`
	JobTitle   string     `json:"job_title"`
	Family     string     `json:"family"`
	Level      string     `json:"level"`
	FLSAStatus string     `json:"flsa_status"`
	Versions   int        `json:"versions" doc:"0 when the job has no description yet"`
	UpdatedAt  *time.Time `json:"updated_at"`
	UpdatedBy  string     `json:"updated_by,omitempty"`
}

// JDVersionOut is one saved version, without its text.
type JDVersionOut struct {
	Version int       `json:"version"`
	SavedAt time.Time `json:"saved_at"`
	SavedBy string    `json:"saved_by"`
	Note    string    `json:"note,omitempty"`
}

// JobDescriptionOut is a job's description: the version asked for (the
// latest by default) and the history.
type JobDescriptionOut struct {
	JobID    int64          `json:"job_id"`
	JobTitle string         `json:"job_title"`
	Version  int            `json:"version" doc:"0 when the job has no description yet"`
	Latest   int            `json:"latest_version"`
	BodyMD   string         `json:"body_md"`
	HTML     string         `json:"html" doc:"The Markdown rendered and sanitised, as candidates read it"`
	Note     string         `json:"note,omitempty"`
	SavedAt  *time.Time     `json:"saved_at"`
	SavedBy  string         `json:"saved_by,omitempty"`
	History  []JDVersionOut `json:"history" doc:"Newest first"`
}

// JobDescriptionIn saves a new version.
type JobDescriptionIn struct {
	BodyMD      string `json:"body_md" required:"true" maxLength:"20000" doc:"Markdown"`
	Note        string `json:"note,omitempty" maxLength:"300" doc:"What changed"`
	BaseVersion int    `json:"base_version" minimum:"0" doc:"The version you edited (0 for the first); a newer save since gives 409"`
}

type jdPath struct {
	ID      int64 `path:"id" minimum:"1"`
	Version int   `query:"version" minimum:"0" doc:"A saved version; the latest when omitted"`
}

// StarterOut is a drafted description to edit.
type StarterOut struct {
	BodyMD string `json:"body_md"`
}

func (a *API) jobDescription(ctx context.Context, jobID int64, version int) (JobDescriptionOut, error) {
	job, vs, err := a.Hiring.JobDescriptionOf(ctx, actor(ctx), jobID)
	if err != nil {
		return JobDescriptionOut{}, err
	}
	out := JobDescriptionOut{JobID: job.ID, JobTitle: job.Title, History: []JDVersionOut{}}
	var shown *hiring.JobDescription
	for i, v := range vs {
		out.History = append(out.History, JDVersionOut{Version: v.Version, SavedAt: v.CreatedAt.UTC(), SavedBy: v.ByName, Note: v.Note})
		if v.Version == version || (version == 0 && i == 0) {
			shown = &vs[i]
		}
	}
	if len(vs) > 0 {
		out.Latest = vs[0].Version
	}
	if shown == nil {
		if version != 0 {
			return out, kit.NotFound("version of this job description")
		}
		return out, nil
	}
	t := shown.CreatedAt.UTC()
	out.Version, out.BodyMD, out.HTML, out.Note, out.SavedAt, out.SavedBy = shown.Version, shown.BodyMD, string(shown.HTML()), shown.Note, &t, shown.ByName
	return out, nil
}

func (a *API) registerJobDescriptions(h huma.API) {
	huma.Register(h, op("list-job-descriptions", http.MethodGet, "/job-descriptions", "Every job with its description's state", "Job descriptions", access.JDManage), func(ctx context.Context, _ *struct{}) (*body[[]JDSummaryOut], error) {
		rows, err := a.Hiring.JobDescriptions(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := make([]JDSummaryOut, 0, len(rows))
		for _, s := range rows {
			o := JDSummaryOut{JobID: s.Job.ID, JobTitle: s.Job.Title, Family: s.Job.Family, Level: s.Job.Level, FLSAStatus: s.Job.FLSAStatus, Versions: s.Versions, UpdatedBy: s.ByName}
			if !s.UpdatedAt.IsZero() {
				t := s.UpdatedAt.UTC()
				o.UpdatedAt = &t
			}
			out = append(out, o)
		}
		return &body[[]JDSummaryOut]{out}, nil
	})
	huma.Register(h, op("get-job-description", http.MethodGet, "/jobs/{id}/description", "A job's description (latest or ?version=) and its history", "Job descriptions", access.JDManage), func(ctx context.Context, in *jdPath) (*body[JobDescriptionOut], error) {
		out, err := a.jobDescription(ctx, in.ID, in.Version)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[JobDescriptionOut]{out}, nil
	})
	huma.Register(h, op("put-job-description", http.MethodPut, "/jobs/{id}/description", "Save a new version of a job's description", "Job descriptions", access.JDManage), func(ctx context.Context, in *struct {
		ID   int64            `path:"id" minimum:"1"`
		Body JobDescriptionIn `required:"true"`
	}) (*body[JobDescriptionOut], error) {
		v, err := a.Hiring.SaveJobDescription(ctx, actor(ctx), in.ID, in.Body.BodyMD, in.Body.Note, in.Body.BaseVersion)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out, err := a.jobDescription(ctx, in.ID, v)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[JobDescriptionOut]{out}, nil
	})
	huma.Register(h, op("get-job-description-starter", http.MethodGet, "/jobs/{id}/description/starter", "A starting point drafted from the job's facts and its requisitions' requirements (not saved)", "Job descriptions", access.JDManage), func(ctx context.Context, in *idPath) (*body[StarterOut], error) {
		s, err := a.Hiring.StarterDescription(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[StarterOut]{StarterOut{BodyMD: s}}, nil
	})
}
