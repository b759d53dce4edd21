package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
)

// RetentionOut is a candidate's retention state.
type RetentionOut struct {
	CandidateID      int64        `json:"candidate_id"`
	EraseOn          *string      `json:"erase_on" doc:"The day the personal data is erased; null while kept (see kept_because) or once erased"`
	FederalMinimumOn *string      `json:"federal_minimum_on" doc:"The earliest day federal law allows (29 CFR 1602.14)"`
	KeptBecause      string       `json:"kept_because,omitempty"`
	LegalHold        bool         `json:"legal_hold"`
	HoldReason       string       `json:"hold_reason,omitempty"`
	ErasureRequested *string      `json:"erasure_requested_at"`
	ErasedAt         *string      `json:"erased_at"`
	Why              []rules.Step `json:"why"`
}

func retentionOut(r hiring.RetentionStatus) RetentionOut {
	out := RetentionOut{CandidateID: r.CandidateID, KeptBecause: r.Blocked, LegalHold: r.Privacy.LegalHold, HoldReason: r.Privacy.HoldReason, Why: r.Why}
	if out.Why == nil {
		out.Why = []rules.Step{}
	}
	str := func(s string) *string { return &s }
	if !r.PurgeOn.IsZero() {
		out.EraseOn = str(r.PurgeOn.String())
	}
	if !r.FederalOn.IsZero() {
		out.FederalMinimumOn = str(r.FederalOn.String())
	}
	if !r.Privacy.EraseRequestedAt.IsZero() {
		out.ErasureRequested = str(r.Privacy.EraseRequestedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	if !r.Privacy.PurgedAt.IsZero() {
		out.ErasedAt = str(r.Privacy.PurgedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return out
}

// PurgeOut says how many candidates were erased.
type PurgeOut struct {
	Erased int `json:"erased"`
}

func (a *API) registerPrivacy(h huma.API) {
	huma.Register(h, op("get-candidate-retention", http.MethodGet, "/candidates/{id}/retention", "When a candidate's personal data will be erased, or why it is kept, with the rule's explanation", "Candidate privacy", access.CandidatePrivacy), func(ctx context.Context, in *idPath) (*body[RetentionOut], error) {
		r, err := a.Hiring.Retention(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RetentionOut]{retentionOut(r)}, nil
	})
	huma.Register(h, op("export-candidate", http.MethodGet, "/candidates/{id}/export", "Everything held about a candidate, as a ZIP (candidate.json and resume files); audited", "Candidate privacy", access.CandidatePrivacy), func(ctx context.Context, in *idPath) (*fileOut, error) {
		data, name, err := a.Hiring.ExportCandidate(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "application/zip", ContentDisposition: `attachment; filename="` + name + `"`, Body: data}, nil
	})
	huma.Register(h, op("set-candidate-legal-hold", http.MethodPut, "/candidates/{id}/legal-hold", "Keep a candidate's data while a charge, lawsuit or investigation is pending, or lift the hold", "Candidate privacy", access.CandidatePrivacy), func(ctx context.Context, in *withBody[struct {
		On     bool   `json:"on"`
		Reason string `json:"reason,omitempty" doc:"Required to place a hold"`
	}]) (*body[RetentionOut], error) {
		if err := a.Hiring.SetLegalHold(ctx, actor(ctx), in.ID, in.Body.On, in.Body.Reason); err != nil {
			return nil, a.fail(ctx, err)
		}
		r, err := a.Hiring.Retention(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RetentionOut]{retentionOut(r)}, nil
	})
	erase := op("request-candidate-erasure", http.MethodPost, "/candidates/{id}/erasure", "Record a candidate's request to erase their data: erased now when the federal minimum has passed, else on that day", "Candidate privacy", access.CandidatePrivacy)
	erase.DefaultStatus = http.StatusOK
	huma.Register(h, erase, func(ctx context.Context, in *idPath) (*body[RetentionOut], error) {
		if _, _, err := a.Hiring.RequestErasure(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		r, err := a.Hiring.Retention(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[RetentionOut]{retentionOut(r)}, nil
	})
	purge := op("run-candidate-purge", http.MethodPost, "/recruiting/retention/purge", "Erase now every candidate whose retention has run out (a daily job does this too)", "Candidate privacy", access.ATSManage)
	purge.DefaultStatus = http.StatusOK
	huma.Register(h, purge, func(ctx context.Context, _ *struct{}) (*body[PurgeOut], error) {
		n, err := a.Hiring.RunPurge(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PurgeOut]{PurgeOut{Erased: n}}, nil
	})
}
