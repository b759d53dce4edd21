package api

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// SourcedIn adds a candidate a recruiter found.
type SourcedIn struct {
	GivenName      string `json:"given_name" required:"true"`
	FamilyName     string `json:"family_name" required:"true"`
	Email          string `json:"email" required:"true"`
	Phone          string `json:"phone,omitempty"`
	Source         string `json:"source,omitempty" enum:"sourced,referral,agency,job_board,internal,other," doc:"Default: sourced"`
	Note           string `json:"note,omitempty"`
	ResumeFilename string `json:"resume_filename,omitempty" doc:"With resume_base64: a .pdf or .docx name"`
	ResumeBase64   string `json:"resume_base64,omitempty" doc:"The resume file, base64 (up to 5 MB decoded)"`
}

// CandidateImportOut is the row-by-row report of a candidate import.
type CandidateImportOut struct {
	Applied    bool                 `json:"applied"`
	Valid      int                  `json:"valid"`
	Invalid    int                  `json:"invalid"`
	FileErrors []string             `json:"file_errors"`
	Rows       []CandidateImportRow `json:"rows"`
}

// CandidateImportRow is one row's outcome.
type CandidateImportRow struct {
	Line          int          `json:"line"`
	Email         string       `json:"email"`
	ApplicationID *int64       `json:"application_id"`
	Errors        []FieldError `json:"errors"`
}

func (a *API) registerSourcing(h huma.API) {
	add := op("add-candidate", http.MethodPost, "/requisitions/{id}/candidates", "Add a candidate you found (a referral, a job fair, an agency) to an open requisition", "Recruiting", access.CandidateManage)
	add.DefaultStatus = http.StatusCreated
	add.MaxBodyBytes = hiring.MaxResumeSize*4/3 + (1 << 20)
	huma.Register(h, add, func(ctx context.Context, in *withBody[SourcedIn]) (*body[ApplicationOut], error) {
		b := in.Body
		sc := hiring.SourcedCandidate{GivenName: b.GivenName, FamilyName: b.FamilyName, Email: b.Email, Phone: b.Phone, Source: b.Source, Note: b.Note, Filename: b.ResumeFilename}
		if b.ResumeBase64 != "" {
			data, err := base64.StdEncoding.DecodeString(b.ResumeBase64)
			if err != nil {
				return nil, a.fail(ctx, kit.Invalid("resume_base64", "is not valid base64"))
			}
			sc.Resume = data
		}
		id, err := a.Hiring.AddCandidate(ctx, actor(ctx), in.ID, sc)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		app, err := a.Hiring.ApplicationByID(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ApplicationOut]{applicationOut(app)}, nil
	})
	imp := op("import-candidates", http.MethodPost, "/requisitions/{id}/candidates/import", "Import sourced candidates from CSV or XLSX: all rows or none, with a row-by-row report", "Recruiting", access.CandidateManage)
	imp.MaxBodyBytes = hiring.MaxCandidateImportSize + (1 << 20)
	imp.Errors = append(imp.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, imp, func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		RawBody huma.MultipartFormFiles[importForm]
	}) (*struct {
		Status int
		Body   CandidateImportOut
	}, error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, hiring.MaxCandidateImportSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		rep, err := a.Hiring.ImportCandidates(ctx, actor(ctx), in.ID, form.File.Filename, data)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := CandidateImportOut{Applied: rep.Applied, Valid: rep.Valid, Invalid: rep.Invalid, FileErrors: rep.FileErrors, Rows: []CandidateImportRow{}}
		if out.FileErrors == nil {
			out.FileErrors = []string{}
		}
		for _, r := range rep.Rows {
			ro := CandidateImportRow{Line: r.Line, Email: r.Email, ApplicationID: idPtr(r.ApplicationID), Errors: []FieldError{}}
			for _, k := range r.Errors.Sorted() {
				ro.Errors = append(ro.Errors, FieldError{Field: k, Message: r.Errors[k]})
			}
			out.Rows = append(out.Rows, ro)
		}
		status := http.StatusCreated
		if !rep.Applied {
			status = http.StatusUnprocessableEntity
		}
		return &struct {
			Status int
			Body   CandidateImportOut
		}{status, out}, nil
	})
}
