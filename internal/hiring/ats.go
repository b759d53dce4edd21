package hiring

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// ---- the careers site ----

// Feeds a careers site can publish. Google for Jobs reads the
// schema.org JobPosting data on each job page.
const (
	FeedJSON       = "json_feed"
	FeedRSS        = "rss"
	FeedIndeed     = "indeed_xml"
	FeedGoogleJobs = "google_jobs"
)

// FeedKeys are the feeds, in display order.
var FeedKeys = []string{FeedJSON, FeedRSS, FeedIndeed, FeedGoogleJobs}

// CareersSite is the employer brand of the public careers pages and the
// name candidates see in every email, letter and invitation.
type CareersSite struct {
	CompanyName string   `json:"company_name"`
	Headline    string   `json:"headline"`
	IntroMD     string   `json:"intro_md"`
	AboutMD     string   `json:"about_md"` // why work here: benefits, culture
	BrandColor  string   `json:"brand_color"`
	Feeds       []string `json:"feeds"`
}

// FeedOn reports whether a feed is published.
func (c CareersSite) FeedOn(key string) bool { return oneOf(key, c.Feeds) }

// Intro renders the introduction's Markdown, sanitised.
func (c CareersSite) Intro() template.HTML { return RenderMarkdown(c.IntroMD) }

// About renders the employer-brand Markdown, sanitised.
func (c CareersSite) About() template.HTML { return RenderMarkdown(c.AboutMD) }

const siteKey = "recruiting.careers_site"

var brandColorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// siteCache keeps the careers site for a few seconds: every public page
// and email reads it. Several instances agree within its lifetime.
type siteCache struct {
	mu   sync.Mutex
	at   time.Time
	site *CareersSite
}

const siteTTL = 10 * time.Second

// CareersSite returns the careers site settings (public: no actor). A
// company that has not set its name gets its first legal entity's.
func (s *Service) CareersSite(ctx context.Context) (CareersSite, error) {
	s.site.mu.Lock()
	if s.site.site != nil && s.now().Sub(s.site.at) < siteTTL && !s.now().Before(s.site.at) {
		c := *s.site.site
		s.site.mu.Unlock()
		return c, nil
	}
	s.site.mu.Unlock()
	c, err := s.loadSite(ctx, s.store)
	if err != nil {
		return c, err
	}
	s.site.mu.Lock()
	s.site.site, s.site.at = &c, s.now()
	s.site.mu.Unlock()
	return c, nil
}

func (s *Service) loadSite(ctx context.Context, st Store) (CareersSite, error) {
	c := CareersSite{Headline: "Come work with us", Feeds: append([]string(nil), FeedKeys...)}
	raw, err := st.Setting(ctx, siteKey)
	if err != nil {
		return c, err
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return c, fmt.Errorf("careers site settings: %w", err)
		}
	}
	if c.CompanyName == "" {
		les, err := st.ListLegalEntities(ctx)
		if err != nil {
			return c, err
		}
		c.CompanyName = "Our company"
		if len(les) > 0 {
			c.CompanyName = tradeName(les[0].Name)
		}
	}
	return c, nil
}

// contrastWithWhite is the WCAG 2 contrast ratio of white text on a
// #RRGGBB colour.
func contrastWithWhite(hex string) float64 {
	var rgb [3]float64
	for i := range 3 {
		var v int
		_, _ = fmt.Sscanf(hex[1+2*i:3+2*i], "%02x", &v)
		c := float64(v) / 255
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	l := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	return 1.05 / (l + 0.05)
}

// tradeName drops the legal form from a legal entity's name.
func tradeName(n string) string {
	for _, suf := range []string{", Inc.", " Inc.", ", Inc", ", LLC", " LLC", ", L.L.C.", " Corp.", ", Corp.", " Corporation", ", Ltd.", " Ltd."} {
		if strings.HasSuffix(n, suf) {
			return strings.TrimSpace(strings.TrimSuffix(n, suf))
		}
	}
	return n
}

// Employer is the company's name as candidates see it.
func (s *Service) Employer(ctx context.Context) string {
	c, err := s.CareersSite(ctx)
	if err != nil || c.CompanyName == "" {
		return "Our company"
	}
	return c.CompanyName
}

// SaveCareersSite sets the careers site's branding, content and feeds.
// Requires hiring.ats.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) SaveCareersSite(ctx context.Context, a access.Actor, in CareersSite) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	in.CompanyName, in.Headline, in.BrandColor = strings.TrimSpace(in.CompanyName), strings.TrimSpace(in.Headline), strings.TrimSpace(in.BrandColor)
	in.IntroMD, in.AboutMD = strings.TrimSpace(in.IntroMD), strings.TrimSpace(in.AboutMD)
	switch {
	case in.CompanyName == "":
		f.Add("company_name", "Enter the name candidates know the company by")
	case len(in.CompanyName) > 120:
		f.Add("company_name", "Keep the name under 120 characters")
	}
	if len(in.Headline) > 120 {
		f.Add("headline", "Keep the headline under 120 characters")
	}
	if len(in.IntroMD) > 5000 {
		f.Add("intro_md", "Keep the introduction under 5,000 characters")
	}
	if len(in.AboutMD) > 20000 {
		f.Add("about_md", "Keep this under 20,000 characters")
	}
	if in.BrandColor != "" && !brandColorRE.MatchString(in.BrandColor) {
		f.Add("brand_color", "Give the colour as #RRGGBB, like #1f6f5c")
	} else if in.BrandColor != "" && contrastWithWhite(in.BrandColor) < 4.5 {
		f.Add("brand_color", fmt.Sprintf("This colour is too light for white text on buttons (contrast %.1f:1; WCAG asks at least 4.5:1); choose a darker one", contrastWithWhite(in.BrandColor)))
	}
	var feeds []string
	for _, k := range in.Feeds {
		if !oneOf(k, FeedKeys) {
			f.Add("feeds", "Choose among the feeds listed")
		} else if !oneOf(k, feeds) {
			feeds = append(feeds, k)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	in.Feeds = feeds
	if in.Feeds == nil {
		in.Feeds = []string{}
	}
	err := s.inTx(ctx, func(st Store) error {
		before, err := s.loadSite(ctx, st)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(in)
		if err := st.SetSetting(ctx, siteKey, string(b)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.careers_site", "setting", 0, "Changed the careers site", before, in)
	})
	if err == nil {
		s.site.mu.Lock()
		s.site.site = nil
		s.site.mu.Unlock()
	}
	return err
}

// ---- candidate email templates ----

// Email template keys: what the candidate is told, and when.
const (
	EmailApplied     = "application_received"
	EmailPhoneScreen = "phone_screen"
	EmailInterview   = "interview"
	EmailRejection   = "rejection"
	EmailOffer       = "offer_sent"
	EmailScheduling  = "scheduling_link"
)

// EmailKeys are the templates, in display order.
var EmailKeys = []string{EmailApplied, EmailPhoneScreen, EmailInterview, EmailRejection, EmailOffer, EmailScheduling}

// EmailTemplate is a candidate email. The subject and body take merge
// fields like {{candidate_first_name}}; paragraphs are separated by a
// blank line. The link (status, offer, scheduling) is added as a button.
type EmailTemplate struct {
	Key     string
	Label   string
	When    string
	Subject string
	Body    string
	Fields  []string
	Custom  bool
}

var commonFields = []string{"candidate_first_name", "candidate_name", "job_title", "company"}

var emailDefaults = map[string]EmailTemplate{
	EmailApplied: {Label: "Application received", When: "Right after someone applies on the careers page, with their private status link.",
		Subject: "We received your application: {{job_title}}",
		Body:    "Thank you for applying for {{job_title}} ({{location}}) at {{company}}.\n\nWe review every application. If your experience matches what the team needs, a recruiter will contact you.",
		Fields:  append(append([]string(nil), commonFields...), "location")},
	EmailPhoneScreen: {Label: "Invited to a phone screen", When: "When a candidate first reaches a phone screen stage.",
		Subject: "Next step for {{job_title}}",
		Body:    "Thank you for your interest in {{job_title}}. We would like to talk with you by phone.\n\nA recruiter will contact you in the next few days to find a time.",
		Fields:  commonFields},
	EmailInterview: {Label: "Invited to interview", When: "When a candidate first reaches an interview stage.",
		Subject: "Next step for {{job_title}}",
		Body:    "We enjoyed learning about you and would like to invite you to interview for {{job_title}}.\n\nWe will send the schedule and the names of your interviewers shortly.",
		Fields:  commonFields},
	EmailRejection: {Label: "Not moving forward", When: "When an application is turned down and the candidate is to be told. The internal reason is never included.",
		Subject: "Your application for {{job_title}}",
		Body:    "Thank you for your interest in {{job_title}} and for the time you gave us.\n\nAfter careful consideration we will not move forward with your application for this job. We encourage you to apply for other positions that fit you.",
		Fields:  commonFields},
	EmailOffer: {Label: "Offer sent", When: "When an offer is sent, with the private link to read, accept or decline it.",
		Subject: "Your offer from {{company}}: {{job_title}}",
		Body:    "We are delighted to offer you the position of {{job_title}}.\n\nPlease read the letter and accept or decline by {{offer_deadline}}.",
		Fields:  append(append([]string(nil), commonFields...), "offer_deadline")},
	EmailScheduling: {Label: "Choose an interview time", When: "When a recruiter sends a self-scheduling link.",
		Subject: "Choose a time for your interview: {{job_title}}",
		Body:    "We would like to interview you for {{job_title}}. Please choose the time that suits you best.\n\nThe link works until {{link_expires}}.",
		Fields:  append(append([]string(nil), commonFields...), "link_expires")},
}

var mergeRE = regexp.MustCompile(`\{\{\s*([a-zA-Z_]+)\s*\}\}`)

// Render fills the merge fields; unknown fields stay as written.
func (t EmailTemplate) Render(vals map[string]string) (subject string, paragraphs []string) {
	fill := func(s string) string {
		return mergeRE.ReplaceAllStringFunc(s, func(m string) string {
			k := mergeRE.FindStringSubmatch(m)[1]
			if v, ok := vals[k]; ok {
				return v
			}
			return m
		})
	}
	subject = strings.Join(strings.Fields(fill(t.Subject)), " ")
	for _, p := range strings.Split(strings.ReplaceAll(t.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(fill(p)); p != "" {
			paragraphs = append(paragraphs, p)
		}
	}
	return subject, paragraphs
}

func emailKey(key string) string { return "recruiting.email." + key }

// emailTemplate is the template in force for a key.
func (s *Service) emailTemplate(ctx context.Context, st Store, key string) (EmailTemplate, error) {
	t, ok := emailDefaults[key]
	if !ok {
		return t, kit.NotFound("email template")
	}
	t.Key = key
	raw, err := st.Setting(ctx, emailKey(key))
	if err != nil || raw == "" {
		return t, err
	}
	var c struct{ Subject, Body string }
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return t, fmt.Errorf("email template %s: %w", key, err)
	}
	t.Subject, t.Body, t.Custom = c.Subject, c.Body, true
	return t, nil
}

// candidateEmail renders a template for an application.
func (s *Service) renderEmail(ctx context.Context, st Store, key string, vals map[string]string) (string, []string, error) {
	t, err := s.emailTemplate(ctx, st, key)
	if err != nil {
		return "", nil, err
	}
	if _, ok := vals["company"]; !ok {
		vals["company"] = s.Employer(ctx)
	}
	subject, lines := t.Render(vals)
	return subject, lines, nil
}

func appVals(app Application) map[string]string {
	return map[string]string{"candidate_first_name": app.Candidate.GivenName, "candidate_name": app.Candidate.Name(), "job_title": app.ReqTitle}
}

// EmailTemplates lists the candidate email templates in force. Requires
// hiring.ats.manage.
func (s *Service) EmailTemplates(ctx context.Context, a access.Actor) ([]EmailTemplate, error) {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	var out []EmailTemplate
	for _, k := range EmailKeys {
		t, err := s.emailTemplate(ctx, s.store, k)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// EmailTemplateByKey returns one template in force. Errors: KindForbidden,
// KindNotFound.
func (s *Service) EmailTemplateByKey(ctx context.Context, a access.Actor, key string) (EmailTemplate, error) {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return EmailTemplate{}, err
	}
	return s.emailTemplate(ctx, s.store, key)
}

// SaveEmailTemplate replaces a template's subject and body; only its
// merge fields may be used. Requires hiring.ats.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound.
func (s *Service) SaveEmailTemplate(ctx context.Context, a access.Actor, key, subject, body string) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	def, ok := emailDefaults[key]
	if !ok {
		return kit.NotFound("email template")
	}
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(body)
	f := kit.FieldErrors{}
	switch {
	case subject == "":
		f.Add("subject", "Write the subject")
	case len(subject) > 150:
		f.Add("subject", "Keep the subject under 150 characters")
	case strings.ContainsAny(subject, "\r\n"):
		f.Add("subject", "Keep the subject on one line")
	}
	switch {
	case body == "":
		f.Add("body", "Write the message")
	case len(body) > 5000:
		f.Add("body", "Keep the message under 5,000 characters")
	}
	for field, text := range map[string]string{"subject": subject, "body": body} {
		var unknown []string
		for _, m := range mergeRE.FindAllStringSubmatch(text, -1) {
			if !oneOf(m[1], def.Fields) && !oneOf("{{"+m[1]+"}}", unknown) {
				unknown = append(unknown, "{{"+m[1]+"}}")
			}
		}
		if len(unknown) > 0 && !f.Has(field) {
			sort.Strings(unknown)
			f.Add(field, fmt.Sprintf("%s cannot be filled in; use %s", strings.Join(unknown, ", "), fieldList(def.Fields)))
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		before, err := s.emailTemplate(ctx, st, key)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(map[string]string{"Subject": subject, "Body": body})
		if err := st.SetSetting(ctx, emailKey(key), string(b)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.email_template", "setting", 0, "Changed the candidate email “"+def.Label+"”",
			map[string]string{"subject": before.Subject, "body": before.Body}, map[string]string{"subject": subject, "body": body})
	})
}

// ResetEmailTemplate goes back to the default text. Requires
// hiring.ats.manage.
func (s *Service) ResetEmailTemplate(ctx context.Context, a access.Actor, key string) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	def, ok := emailDefaults[key]
	if !ok {
		return kit.NotFound("email template")
	}
	return s.inTx(ctx, func(st Store) error {
		if err := st.SetSetting(ctx, emailKey(key), ""); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.email_template_reset", "setting", 0, "Reset the candidate email “"+def.Label+"” to the default", nil, nil)
	})
}

// SampleValues are the merge fields of a preview.
func (s *Service) SampleValues(ctx context.Context) map[string]string {
	return map[string]string{"candidate_first_name": "Jordan", "candidate_name": "Jordan Lee", "job_title": "Store Associate", "company": s.Employer(ctx),
		"location": "Austin, TX", "offer_deadline": "December 4, 2026", "link_expires": "December 1"}
}

func fieldList(fs []string) string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = "{{" + f + "}}"
	}
	return strings.Join(out, ", ")
}

// ---- question sets ----

// QuestionSet is a named list of screening questions a posting can start
// from (the default one starts every new posting).
type QuestionSet struct {
	ID        int64
	Name      string
	Questions []Question
	IsDefault bool
	UpdatedAt time.Time
	Version   int64
}

// QuestionSets lists the sets. Readable by whoever writes postings or
// configures recruiting.
func (s *Service) QuestionSets(ctx context.Context, a access.Actor) ([]QuestionSet, error) {
	if !access.Can(a, access.RequisitionManage, access.CompanyTarget) && !access.Can(a, access.ATSManage, access.CompanyTarget) {
		return nil, access.Require(a, access.ATSManage, access.CompanyTarget)
	}
	return s.store.ListQuestionSets(ctx)
}

// QuestionSet returns one set. Errors: KindForbidden, KindNotFound.
func (s *Service) QuestionSet(ctx context.Context, a access.Actor, id int64) (QuestionSet, error) {
	sets, err := s.QuestionSets(ctx, a)
	if err != nil {
		return QuestionSet{}, err
	}
	for _, q := range sets {
		if q.ID == id {
			return q, nil
		}
	}
	return QuestionSet{}, kit.NotFound("question set")
}

// SaveQuestionSet creates (id 0) or replaces a question set. Requires
// hiring.ats.manage. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict (stale version).
func (s *Service) SaveQuestionSet(ctx context.Context, a access.Actor, id int64, in QuestionSet, version int64) (int64, error) {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		f.Add("name", "Name the set")
	} else if len(in.Name) > 80 {
		f.Add("name", "Keep the name under 80 characters")
	}
	in.Questions = validQuestions(f, in.Questions)
	if len(in.Questions) == 0 && !f.Has("questions") {
		f.Add("questions", "Ask at least one question")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.inTx(ctx, func(st Store) error {
		all, err := st.ListQuestionSets(ctx)
		if err != nil {
			return err
		}
		var before *QuestionSet
		for i, q := range all {
			if q.ID == id {
				before = &all[i]
			} else if strings.EqualFold(q.Name, in.Name) {
				return kit.Invalid("name", "Another set has this name")
			}
		}
		in.UpdatedAt = s.now()
		if id == 0 {
			if id, err = st.InsertQuestionSet(ctx, in); err != nil {
				return err
			}
		} else {
			if before == nil {
				return kit.NotFound("question set")
			}
			if version != 0 && version != before.Version {
				return kit.Conflict("the set changed since you opened it; reload and edit again")
			}
			if before.IsDefault && !in.IsDefault {
				return kit.Invalid("is_default", "Make another set the default instead")
			}
			in.ID = id
			if err := st.UpdateQuestionSet(ctx, in); err != nil {
				return err
			}
		}
		if in.IsDefault {
			if err := st.SetDefaultQuestionSet(ctx, id); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "hiring.question_set", "question_set", id, "Saved the question set "+in.Name, before, in)
	})
	return id, err
}

// DeleteQuestionSet removes a set that is not the default; postings keep
// their questions. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) DeleteQuestionSet(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		q, err := s.QuestionSet(ctx, a, id)
		if err != nil {
			return err
		}
		if q.IsDefault {
			return kit.Conflict("%s is the default set; make another the default first", q.Name)
		}
		if err := st.DeleteQuestionSet(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.question_set_delete", "question_set", id, "Deleted the question set "+q.Name, q, nil)
	})
}
