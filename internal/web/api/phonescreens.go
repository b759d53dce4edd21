package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PhoneScreenOut is a recorded phone screen.
type PhoneScreenOut struct {
	ID             int64                 `json:"id"`
	ApplicationID  int64                 `json:"application_id"`
	HeldOn         date.Date             `json:"held_on"`
	Screener       string                `json:"screener"`
	Notes          []hiring.PromptAnswer `json:"notes" doc:"The template's prompts as they were, with the answers"`
	PayCents       int64                 `json:"pay_expectation_cents" doc:"0 when not discussed"`
	PayPer         string                `json:"pay_per" enum:"year,hour" doc:"The unit of the requisition's range"`
	PayFit         string                `json:"pay_fit,omitempty" enum:"below,within,above" doc:"Against the requisition's range"`
	AvailableFrom  *date.Date            `json:"available_from"`
	WorkAuth       string                `json:"work_authorization" enum:"authorized,needs_sponsorship,not_discussed"`
	Recommendation string                `json:"recommendation" enum:"advance,hold,reject"`
	Summary        string                `json:"summary,omitempty"`
	CreatedAt      time.Time             `json:"created_at"`
}

// PhoneScreenIn records a phone screen.
type PhoneScreenIn struct {
	HeldOn         date.Date `json:"held_on" required:"true"`
	Answers        []string  `json:"answers,omitempty" maxItems:"10" doc:"In the order of the template's prompts (GET /recruiting/phone-screen-template); empty for a prompt not covered"`
	PayCents       int64     `json:"pay_expectation_cents,omitempty" doc:"What the candidate expects, in the unit of the requisition's range (never their pay history)"`
	AvailableFrom  date.Date `json:"available_from,omitempty"`
	WorkAuth       string    `json:"work_authorization" required:"true"`
	Recommendation string    `json:"recommendation" required:"true"`
	Summary        string    `json:"summary,omitempty"`
}

// PhoneTemplateIO is the phone screen template.
type PhoneTemplateIO struct {
	Prompts []string `json:"prompts" maxItems:"10" doc:"In order; an empty list restores the default"`
}

func phoneOut(p hiring.PhoneScreen) PhoneScreenOut {
	out := PhoneScreenOut{ID: p.ID, ApplicationID: p.ApplicationID, HeldOn: p.HeldOn, Screener: p.ScreenerName, Notes: p.Answers, PayCents: p.PayCents, PayPer: p.PayPer,
		PayFit: p.PayFit, WorkAuth: p.WorkAuth, Recommendation: p.Recommendation, Summary: p.Summary, CreatedAt: p.CreatedAt.UTC()}
	if out.Notes == nil {
		out.Notes = []hiring.PromptAnswer{}
	}
	if !p.AvailableFrom.IsZero() {
		d := p.AvailableFrom
		out.AvailableFrom = &d
	}
	return out
}

func (a *API) registerPhoneScreens(h huma.API) {
	huma.Register(h, op("list-phone-screens", http.MethodGet, "/applications/{id}/phone-screens", "An application's phone screens, newest first", "Recruiting", access.CandidateView), func(ctx context.Context, in *idPath) (*body[[]PhoneScreenOut], error) {
		ps, err := a.Hiring.PhoneScreens(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := make([]PhoneScreenOut, 0, len(ps))
		for _, p := range ps {
			out = append(out, phoneOut(p))
		}
		return &body[[]PhoneScreenOut]{out}, nil
	})
	rec := op("record-phone-screen", http.MethodPost, "/applications/{id}/phone-screens", "Record a phone screen's structured notes", "Recruiting", access.CandidateManage)
	rec.DefaultStatus = http.StatusCreated
	huma.Register(h, rec, func(ctx context.Context, in *withBody[PhoneScreenIn]) (*body[PhoneScreenOut], error) {
		b := in.Body
		id, err := a.Hiring.RecordPhoneScreen(ctx, actor(ctx), in.ID, hiring.PhoneScreenIn{HeldOn: b.HeldOn, Answers: b.Answers, PayCents: b.PayCents,
			AvailableFrom: b.AvailableFrom, WorkAuth: b.WorkAuth, Recommendation: b.Recommendation, Summary: b.Summary})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ps, err := a.Hiring.PhoneScreens(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, p := range ps {
			if p.ID == id {
				return &body[PhoneScreenOut]{phoneOut(p)}, nil
			}
		}
		return nil, a.fail(ctx, err)
	})
	huma.Register(h, op("get-phone-screen-template", http.MethodGet, "/recruiting/phone-screen-template", "The phone screen template's prompts", "Recruiting", access.CandidateView), func(ctx context.Context, _ *struct{}) (*body[PhoneTemplateIO], error) {
		ps, err := a.Hiring.PhoneTemplate(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PhoneTemplateIO]{PhoneTemplateIO{Prompts: ps}}, nil
	})
	huma.Register(h, op("put-phone-screen-template", http.MethodPut, "/recruiting/phone-screen-template", "Set the phone screen template's prompts", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *body[PhoneTemplateIO]) (*body[PhoneTemplateIO], error) {
		if err := a.Hiring.SetPhonePrompts(ctx, actor(ctx), in.Body.Prompts); err != nil {
			return nil, a.fail(ctx, err)
		}
		ps, err := a.Hiring.PhoneTemplate(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PhoneTemplateIO]{PhoneTemplateIO{Prompts: ps}}, nil
	})
}
