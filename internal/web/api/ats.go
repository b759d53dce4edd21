package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
)

// CareersSiteIO is the careers site's branding, content and feeds.
type CareersSiteIO struct {
	CompanyName string   `json:"company_name" required:"true" maxLength:"120" doc:"As candidates know the company; used in every candidate email, letter and invitation"`
	Headline    string   `json:"headline,omitempty" maxLength:"120"`
	IntroMD     string   `json:"intro_md,omitempty" doc:"Markdown under the headline"`
	AboutMD     string   `json:"about_md,omitempty" doc:"Markdown below the jobs: benefits, culture"`
	BrandColor  string   `json:"brand_color,omitempty" doc:"#RRGGBB, dark enough for white text (4.5:1)"`
	Feeds       []string `json:"feeds" doc:"Published feeds: json_feed, rss, indeed_xml, google_jobs"`
}

// EmailTemplateOut is a candidate email template in force.
type EmailTemplateOut struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	When    string   `json:"when"`
	Subject string   `json:"subject"`
	Body    string   `json:"body" doc:"Paragraphs separated by a blank line"`
	Fields  []string `json:"merge_fields"`
	Custom  bool     `json:"customized"`
	Preview struct {
		Subject    string   `json:"subject"`
		Paragraphs []string `json:"paragraphs"`
	} `json:"preview" doc:"Rendered with sample details"`
}

// QuestionSetIO is a set of screening questions.
type QuestionSetIO struct {
	ID        int64             `json:"id,omitempty" readOnly:"true"`
	Name      string            `json:"name" required:"true"`
	IsDefault bool              `json:"is_default,omitempty" doc:"Fills every new posting"`
	Questions []hiring.Question `json:"questions" maxItems:"20"`
	UpdatedAt *time.Time        `json:"updated_at,omitempty" readOnly:"true"`
	Version   int64             `json:"version,omitempty" doc:"On PUT: the version you saw"`
}

func questionSetOut(q hiring.QuestionSet) QuestionSetIO {
	t := q.UpdatedAt.UTC()
	return QuestionSetIO{ID: q.ID, Name: q.Name, IsDefault: q.IsDefault, Questions: q.Questions, UpdatedAt: &t, Version: q.Version}
}

func (a *API) emailOut(ctx context.Context, t hiring.EmailTemplate) EmailTemplateOut {
	out := EmailTemplateOut{Key: t.Key, Label: t.Label, When: t.When, Subject: t.Subject, Body: t.Body, Fields: t.Fields, Custom: t.Custom}
	out.Preview.Subject, out.Preview.Paragraphs = t.Render(a.Hiring.SampleValues(ctx))
	return out
}

func (a *API) registerATS(h huma.API) {
	huma.Register(h, op("get-careers-site", http.MethodGet, "/careers-site", "The careers site's branding, content and feeds", "Recruiting settings", access.ATSManage), func(ctx context.Context, _ *struct{}) (*body[CareersSiteIO], error) {
		if err := access.Require(actor(ctx), access.ATSManage, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		s, err := a.Hiring.CareersSite(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CareersSiteIO]{CareersSiteIO{CompanyName: s.CompanyName, Headline: s.Headline, IntroMD: s.IntroMD, AboutMD: s.AboutMD, BrandColor: s.BrandColor, Feeds: s.Feeds}}, nil
	})
	huma.Register(h, op("put-careers-site", http.MethodPut, "/careers-site", "Set the careers site's branding, content and feeds", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *body[CareersSiteIO]) (*body[CareersSiteIO], error) {
		b := in.Body
		if b.Feeds == nil {
			b.Feeds = []string{}
		}
		if err := a.Hiring.SaveCareersSite(ctx, actor(ctx), hiring.CareersSite{CompanyName: b.CompanyName, Headline: b.Headline, IntroMD: b.IntroMD, AboutMD: b.AboutMD, BrandColor: b.BrandColor, Feeds: b.Feeds}); err != nil {
			return nil, a.fail(ctx, err)
		}
		s, err := a.Hiring.CareersSite(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CareersSiteIO]{CareersSiteIO{CompanyName: s.CompanyName, Headline: s.Headline, IntroMD: s.IntroMD, AboutMD: s.AboutMD, BrandColor: s.BrandColor, Feeds: s.Feeds}}, nil
	})
	huma.Register(h, op("list-email-templates", http.MethodGet, "/email-templates", "Candidate email templates in force", "Recruiting settings", access.ATSManage), func(ctx context.Context, _ *struct{}) (*body[Page[EmailTemplateOut]], error) {
		ts, err := a.Hiring.EmailTemplates(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[EmailTemplateOut]{Items: []EmailTemplateOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, a.emailOut(ctx, t))
		}
		return &body[Page[EmailTemplateOut]]{out}, nil
	})
	type keyPath struct {
		Key string `path:"key" enum:"application_received,phone_screen,interview,rejection,offer_sent,scheduling_link"`
	}
	huma.Register(h, op("get-email-template", http.MethodGet, "/email-templates/{key}", "One candidate email template, with a preview", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *keyPath) (*body[EmailTemplateOut], error) {
		t, err := a.Hiring.EmailTemplateByKey(ctx, actor(ctx), in.Key)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[EmailTemplateOut]{a.emailOut(ctx, t)}, nil
	})
	huma.Register(h, op("put-email-template", http.MethodPut, "/email-templates/{key}", "Replace a candidate email's subject and body (only its merge fields)", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *struct {
		Key  string `path:"key" enum:"application_received,phone_screen,interview,rejection,offer_sent,scheduling_link"`
		Body struct {
			Subject string `json:"subject" required:"true"`
			Body    string `json:"body" required:"true"`
		}
	}) (*body[EmailTemplateOut], error) {
		if err := a.Hiring.SaveEmailTemplate(ctx, actor(ctx), in.Key, in.Body.Subject, in.Body.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		t, err := a.Hiring.EmailTemplateByKey(ctx, actor(ctx), in.Key)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[EmailTemplateOut]{a.emailOut(ctx, t)}, nil
	})
	reset := op("reset-email-template", http.MethodDelete, "/email-templates/{key}", "Go back to the default text", "Recruiting settings", access.ATSManage)
	reset.DefaultStatus = http.StatusNoContent
	huma.Register(h, reset, func(ctx context.Context, in *keyPath) (*struct{}, error) {
		if err := a.Hiring.ResetEmailTemplate(ctx, actor(ctx), in.Key); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	huma.Register(h, opAny("list-question-sets", http.MethodGet, "/question-sets", "Screening question sets (readable with hiring.requisitions.manage too)", "Recruiting settings", access.ATSManage, access.RequisitionManage), func(ctx context.Context, _ *struct{}) (*body[Page[QuestionSetIO]], error) {
		sets, err := a.Hiring.QuestionSets(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[QuestionSetIO]{Items: []QuestionSetIO{}}
		for _, q := range sets {
			out.Items = append(out.Items, questionSetOut(q))
		}
		return &body[Page[QuestionSetIO]]{out}, nil
	})
	create := op("create-question-set", http.MethodPost, "/question-sets", "Create a question set", "Recruiting settings", access.ATSManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[QuestionSetIO]) (*body[QuestionSetIO], error) {
		id, err := a.Hiring.SaveQuestionSet(ctx, actor(ctx), 0, hiring.QuestionSet{Name: in.Body.Name, IsDefault: in.Body.IsDefault, Questions: in.Body.Questions}, 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.questionSet(ctx, id)
	})
	huma.Register(h, opAny("get-question-set", http.MethodGet, "/question-sets/{id}", "One question set", "Recruiting settings", access.ATSManage, access.RequisitionManage), func(ctx context.Context, in *idPath) (*body[QuestionSetIO], error) {
		return a.questionSet(ctx, in.ID)
	})
	huma.Register(h, op("replace-question-set", http.MethodPut, "/question-sets/{id}", "Replace a question set (postings keep their questions)", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *withBody[QuestionSetIO]) (*body[QuestionSetIO], error) {
		if _, err := a.Hiring.SaveQuestionSet(ctx, actor(ctx), in.ID, hiring.QuestionSet{Name: in.Body.Name, IsDefault: in.Body.IsDefault, Questions: in.Body.Questions}, in.Body.Version); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.questionSet(ctx, in.ID)
	})
	del := op("delete-question-set", http.MethodDelete, "/question-sets/{id}", "Delete a question set that is not the default", "Recruiting settings", access.ATSManage)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Hiring.DeleteQuestionSet(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	type retention struct {
		Months int `json:"months" minimum:"12" maximum:"120" doc:"Months after the decision a rejected or withdrawn candidate's personal data is kept (at least 12: 29 CFR 1602.14)"`
	}
	huma.Register(h, op("get-retention-policy", http.MethodGet, "/recruiting/retention", "How long decided candidates' data is kept", "Recruiting settings", access.ATSManage), func(ctx context.Context, _ *struct{}) (*body[retention], error) {
		if err := access.Require(actor(ctx), access.ATSManage, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[retention]{retention{Months: a.Hiring.RetentionMonths(ctx)}}, nil
	})
	huma.Register(h, op("put-retention-policy", http.MethodPut, "/recruiting/retention", "Set how long decided candidates' data is kept", "Recruiting settings", access.ATSManage), func(ctx context.Context, in *body[retention]) (*body[retention], error) {
		if err := a.Hiring.SetRetentionMonths(ctx, actor(ctx), in.Body.Months); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[retention]{retention{Months: a.Hiring.RetentionMonths(ctx)}}, nil
	})
}

func (a *API) questionSet(ctx context.Context, id int64) (*body[QuestionSetIO], error) {
	q, err := a.Hiring.QuestionSet(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[QuestionSetIO]{questionSetOut(q)}, nil
}
