package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// recruitingTabs are the sections of the recruiting settings.
func recruitingTabs(active string) []Tab {
	tabs := []Tab{{Key: "/settings/recruiting", Label: "Pipelines"}, {Key: "/settings/recruiting/careers", Label: "Careers site"},
		{Key: "/settings/recruiting/emails", Label: "Candidate emails"}, {Key: "/settings/recruiting/questions", Label: "Question sets"},
		{Key: "/settings/recruiting/phone-screen", Label: "Phone screens"}, {Key: "/settings/recruiting/retention", Label: "Data retention"}}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

// PipelinesPage lists the pipeline templates.
type PipelinesPage struct {
	Base
	Templates    []hiring.StageTemplate
	SLA          Form // the candidate SLA
	SettingsTabs []Tab
	Sections     []Tab
}

func (u *UI) pipelinesPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	ts, err := u.Hiring.StageTemplates(r.Context(), a)
	if err != nil {
		return err
	}
	return u.renderPipelines(w, r, http.StatusOK, ts, NewForm(url.Values{"sla_days": {strconv.Itoa(u.Hiring.SLADays(r.Context()))}}))
}

func (u *UI) renderPipelines(w http.ResponseWriter, r *http.Request, status int, ts []hiring.StageTemplate, f Form) error {
	a := actor(r)
	u.render(w, r, status, "admin/pipelines", PipelinesPage{Base: u.base(r, "Recruiting settings", "Settings"), Templates: ts, SLA: f,
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting")})
	return nil
}

func (u *UI) saveSLA(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	days := intOf(f, "sla_days")
	if len(f.Errors) == 0 {
		err := u.Hiring.SetSLADays(r.Context(), actor(r), days)
		if err == nil {
			return u.redirect(w, r, "/settings/recruiting#sla", "Candidates are flagged after "+strconv.Itoa(days)+" days in one stage.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	ts, err := u.Hiring.StageTemplates(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return u.renderPipelines(w, r, http.StatusUnprocessableEntity, ts, f)
}

// PipelineEditPage creates or edits a pipeline template.
type PipelineEditPage struct {
	Base
	T            *hiring.StageTemplate
	Form         Form
	Rows         []StageRow
	Kinds        []Option
	SettingsTabs []Tab
	Sections     []Tab
}

// StageRow is one stage row of the editor.
type StageRow struct {
	N                 int
	Key, Name, Kind   string
	NameErr, KindErr  string
	NameID, KindID    string
	NameField, KField string
	KindOptions       []Option
}

const pipelineRows = 12

func (u *UI) pipelineEditPage(r *http.Request, t *hiring.StageTemplate, f Form) PipelineEditPage {
	title := "New pipeline"
	if t != nil {
		title = "Pipeline: " + t.Name
	}
	p := PipelineEditPage{Base: u.base(r, title, "Settings"), T: t, Form: f, SettingsTabs: settingsTabs(actor(r), "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting")}
	p.Crumbs = []Crumb{{Label: "Recruiting settings", Href: "/settings/recruiting"}, {Label: title}}
	for _, k := range hiring.DefaultStages {
		p.Kinds = append(p.Kinds, Option{Value: k, Label: label(k)})
	}
	if p.Form.Labels == nil {
		p.Form.Labels = map[string]string{}
	}
	for i := range pipelineRows {
		n := fmt.Sprintf("stages[%d]", i)
		p.Form.Labels[n+".name"], p.Form.Labels[n+".kind"] = fmt.Sprintf("Stage %d name", i+1), fmt.Sprintf("Stage %d kind", i+1)
		row := StageRow{N: i + 1, Key: f.Get(n + ".key"), Name: f.Get(n + ".name"), Kind: f.Get(n + ".kind"), NameErr: f.Err(n + ".name"), KindErr: f.Err(n + ".kind"),
			NameID: fieldID(n + ".name"), KindID: fieldID(n + ".kind"), NameField: n + ".name", KField: n + ".kind"}
		row.KindOptions = selected(p.Kinds, row.Kind)
		p.Rows = append(p.Rows, row)
	}
	return p
}

func templateForm(t hiring.StageTemplate) Form {
	v := url.Values{"name": {t.Name}, "description": {t.Description}, "version": {strconv.FormatInt(t.Version, 10)}}
	if t.IsDefault {
		v.Set("is_default", "1")
	}
	for i, s := range t.Stages {
		n := fmt.Sprintf("stages[%d]", i)
		v.Set(n+".key", s.Key)
		v.Set(n+".name", s.Name)
		v.Set(n+".kind", s.Kind)
	}
	return NewForm(v)
}

func (u *UI) newPipelineForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	f := templateForm(hiring.StageTemplate{Stages: hiring.DefaultPipeline})
	f.Values.Del("version")
	u.render(w, r, http.StatusOK, "admin/pipelineedit", u.pipelineEditPage(r, nil, f))
	return nil
}

func (u *UI) editPipelineForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := access.Require(actor(r), access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	t, err := u.Hiring.StageTemplate(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/pipelineedit", u.pipelineEditPage(r, &t, templateForm(t)))
	return nil
}

func (u *UI) savePipeline(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var id int64
	var t *hiring.StageTemplate
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		got, err := u.Hiring.StageTemplate(r.Context(), a, id)
		if err != nil {
			return err
		}
		t = &got
	}
	f := NewForm(r.PostForm)
	in := hiring.StageTemplateInput{Name: f.Get("name"), Description: f.Get("description"), IsDefault: f.Get("is_default") == "1"}
	for i := range pipelineRows {
		n := fmt.Sprintf("stages[%d]", i)
		in.Stages = append(in.Stages, hiring.Stage{Key: f.Get(n + ".key"), Name: f.Get(n + ".name"), Kind: f.Get(n + ".kind")})
	}
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	_, err := u.Hiring.SaveStageTemplate(r.Context(), a, id, in, version)
	if err == nil {
		return u.redirect(w, r, "/settings/recruiting", "Saved the pipeline "+in.Name+".")
	}
	// Errors on stages refer to the non-blank rows; map them back.
	if kit.KindOf(err) == kit.KindInvalid {
		var rows []int
		for i, s := range in.Stages {
			if s.Name != "" || s.Kind != "" {
				rows = append(rows, i)
			}
		}
		rename := map[string]string{}
		for j, i := range rows {
			for _, k := range []string{"name", "kind"} {
				rename[fmt.Sprintf("stages[%d].%s", j, k)] = fmt.Sprintf("stages[%d].%s", i, k)
			}
		}
		f.Errors = kit.FieldErrors{}
		for k, v := range kit.FieldsOf(err) {
			if n, ok := rename[k]; ok {
				k = n
			}
			f.Errors.Add(k, v)
		}
	} else if err := f.Fail(err, nil); err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "admin/pipelineedit", u.pipelineEditPage(r, t, f))
	return nil
}

func (u *UI) deletePipeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Hiring.DeleteStageTemplate(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/settings/recruiting", kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/settings/recruiting", "Deleted the pipeline.")
}

// ---- the careers site ----

// CareersSitePage edits the careers site's branding, content and feeds.
type CareersSitePage struct {
	Base
	Form         Form
	Feeds        []ChainCheck
	SettingsTabs []Tab
	Sections     []Tab
}

var feedLabels = map[string]string{hiring.FeedJSON: "JSON Feed at /careers/feed.json", hiring.FeedRSS: "RSS at /careers/rss.xml",
	hiring.FeedIndeed: "Indeed XML feed at /careers/indeed.xml", hiring.FeedGoogleJobs: "Google for Jobs (schema.org JobPosting data on each job page)"}

func (u *UI) renderCareersSite(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	p := CareersSitePage{Base: u.base(r, "Recruiting settings", "Settings"), Form: f, SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting/careers")}
	for _, k := range hiring.FeedKeys {
		checked := false
		for _, v := range f.Values["feeds"] {
			checked = checked || v == k
		}
		p.Feeds = append(p.Feeds, ChainCheck{Value: k, Label: feedLabels[k], ID: "f-feed-" + k, Checked: checked})
	}
	u.render(w, r, status, "admin/careerssite", p)
	return nil
}

func (u *UI) careersSitePage(w http.ResponseWriter, r *http.Request) error {
	site, err := u.Hiring.CareersSite(r.Context())
	if err != nil {
		return err
	}
	v := url.Values{"company_name": {site.CompanyName}, "headline": {site.Headline}, "intro_md": {site.IntroMD}, "about_md": {site.AboutMD}, "brand_color": {site.BrandColor}, "feeds": site.Feeds}
	return u.renderCareersSite(w, r, http.StatusOK, NewForm(v))
}

func (u *UI) saveCareersSite(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := hiring.CareersSite{CompanyName: f.Get("company_name"), Headline: f.Get("headline"), IntroMD: f.Get("intro_md"), AboutMD: f.Get("about_md"),
		BrandColor: f.Get("brand_color"), Feeds: f.Values["feeds"]}
	err := u.Hiring.SaveCareersSite(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/settings/recruiting/careers", "Saved the careers site.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderCareersSite(w, r, http.StatusUnprocessableEntity, f)
}

// ---- candidate emails ----

// EmailsPage lists the candidate email templates.
type EmailsPage struct {
	Base
	Templates    []hiring.EmailTemplate
	SettingsTabs []Tab
	Sections     []Tab
}

func (u *UI) emailsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ts, err := u.Hiring.EmailTemplates(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/emails", EmailsPage{Base: u.base(r, "Recruiting settings", "Settings"), Templates: ts,
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting/emails")})
	return nil
}

// EmailEditPage edits one template, with a preview of what is saved.
type EmailEditPage struct {
	Base
	T              hiring.EmailTemplate
	Form           Form
	Fields         []string
	PreviewSubject string
	PreviewLines   []string
	SettingsTabs   []Tab
}

func (u *UI) renderEmailEdit(w http.ResponseWriter, r *http.Request, status int, key string, f *Form) error {
	a := actor(r)
	t, err := u.Hiring.EmailTemplateByKey(r.Context(), a, key)
	if err != nil {
		return err
	}
	if f == nil {
		nf := NewForm(url.Values{"subject": {t.Subject}, "body": {t.Body}})
		f = &nf
	}
	p := EmailEditPage{Base: u.base(r, "Email: "+t.Label, "Settings"), T: t, Form: *f, SettingsTabs: settingsTabs(a, "/settings/recruiting")}
	p.Crumbs = []Crumb{{Label: "Recruiting settings", Href: "/settings/recruiting/emails"}, {Label: t.Label}}
	for _, fl := range t.Fields {
		p.Fields = append(p.Fields, "{{"+fl+"}}")
	}
	p.PreviewSubject, p.PreviewLines = t.Render(u.Hiring.SampleValues(r.Context()))
	u.render(w, r, status, "admin/emailedit", p)
	return nil
}

func (u *UI) emailEditPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderEmailEdit(w, r, http.StatusOK, r.PathValue("key"), nil)
}

func (u *UI) saveEmail(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	f := NewForm(r.PostForm)
	if f.Get("reset") == "1" {
		if err := u.Hiring.ResetEmailTemplate(r.Context(), actor(r), key); err != nil {
			return err
		}
		return u.redirect(w, r, "/settings/recruiting/emails/"+key, "Back to the default text.")
	}
	err := u.Hiring.SaveEmailTemplate(r.Context(), actor(r), key, f.Get("subject"), f.Get("body"))
	if err == nil {
		return u.redirect(w, r, "/settings/recruiting/emails/"+key, "Saved the email. The preview shows it with sample details.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderEmailEdit(w, r, http.StatusUnprocessableEntity, key, &f)
}

// ---- question sets ----

// QuestionSetsPage lists the question sets.
type QuestionSetsPage struct {
	Base
	Sets         []hiring.QuestionSet
	SettingsTabs []Tab
	Sections     []Tab
}

func (u *UI) questionSetsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	sets, err := u.Hiring.QuestionSets(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/questionsets", QuestionSetsPage{Base: u.base(r, "Recruiting settings", "Settings"), Sets: sets,
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting/questions")})
	return nil
}

// QuestionSetEditPage creates or edits a set.
type QuestionSetEditPage struct {
	Base
	Set          *hiring.QuestionSet
	Form         Form
	Questions    []QuestionRow
	SettingsTabs []Tab
}

func (u *UI) renderQuestionSet(w http.ResponseWriter, r *http.Request, status int, set *hiring.QuestionSet, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	title := "New question set"
	if set != nil {
		title = "Question set: " + set.Name
	}
	p := QuestionSetEditPage{Base: u.base(r, title, "Settings"), Set: set, Form: f, SettingsTabs: settingsTabs(a, "/settings/recruiting")}
	p.Crumbs = []Crumb{{Label: "Recruiting settings", Href: "/settings/recruiting/questions"}, {Label: title}}
	p.Questions = questionRowsOf(f)
	u.render(w, r, status, "admin/questionsetedit", p)
	return nil
}

func questionsForm(v url.Values, qs []hiring.Question) {
	for i, q := range qs {
		k := "questions[" + strconv.Itoa(i) + "]"
		v.Set(k+".text", q.Text)
		v.Set(k+".kind", q.Kind)
		v.Set(k+".knockout", q.Knockout)
		if q.Required {
			v.Set(k+".required", "1")
		}
	}
}

func questionsOf(f Form) []hiring.Question {
	var out []hiring.Question
	for i := 0; i < questionRows; i++ {
		k := "questions[" + strconv.Itoa(i) + "]"
		out = append(out, hiring.Question{Text: f.Get(k + ".text"), Kind: f.Get(k + ".kind"), Knockout: f.Get(k + ".knockout"), Required: f.Get(k+".required") == "1"})
	}
	return out
}

func questionRowsOf(f Form) []QuestionRow {
	var out []QuestionRow
	for i := 0; i < questionRows; i++ {
		k := "questions[" + strconv.Itoa(i) + "]"
		out = append(out, QuestionRow{N: i + 1, Text: f.Get(k + ".text"), Kind: f.Get(k + ".kind"), Knockout: f.Get(k + ".knockout"),
			Required: f.Get(k+".required") == "1", TextErr: f.Err(k + ".text"), KnockoutErr: f.Err(k + ".knockout"),
			TextName: k + ".text", KindName: k + ".kind", KnockoutName: k + ".knockout", ReqName: k + ".required"})
	}
	return out
}

func (u *UI) newQuestionSetForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderQuestionSet(w, r, http.StatusOK, nil, NewForm(nil))
}

func (u *UI) editQuestionSetForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	set, err := u.Hiring.QuestionSet(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	v := url.Values{"name": {set.Name}, "version": {strconv.FormatInt(set.Version, 10)}}
	if set.IsDefault {
		v.Set("is_default", "1")
	}
	questionsForm(v, set.Questions)
	return u.renderQuestionSet(w, r, http.StatusOK, &set, NewForm(v))
}

func (u *UI) saveQuestionSet(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var id int64
	var set *hiring.QuestionSet
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		got, err := u.Hiring.QuestionSet(r.Context(), a, id)
		if err != nil {
			return err
		}
		set = &got
	}
	f := NewForm(r.PostForm)
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	_, err := u.Hiring.SaveQuestionSet(r.Context(), a, id, hiring.QuestionSet{Name: f.Get("name"), IsDefault: f.Get("is_default") == "1", Questions: questionsOf(f)}, version)
	if err == nil {
		return u.redirect(w, r, "/settings/recruiting/questions", "Saved the question set "+f.Get("name")+".")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderQuestionSet(w, r, http.StatusUnprocessableEntity, set, f)
}

func (u *UI) deleteQuestionSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Hiring.DeleteQuestionSet(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/settings/recruiting/questions", kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/settings/recruiting/questions", "Deleted the question set.")
}

// ---- data retention ----

// RetentionPage sets how long candidates' data is kept.
type RetentionPage struct {
	Base
	Form         Form
	Months       int
	SettingsTabs []Tab
	Sections     []Tab
}

func (u *UI) renderRetention(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	p := RetentionPage{Base: u.base(r, "Recruiting settings", "Settings"), Form: f, Months: u.Hiring.RetentionMonths(r.Context()),
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting/retention")}
	if f.Get("retention_months") == "" {
		p.Form.Values.Set("retention_months", strconv.Itoa(p.Months))
	}
	u.render(w, r, status, "admin/retention", p)
	return nil
}

func (u *UI) retentionPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderRetention(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) saveRetention(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	months := intOf(f, "retention_months")
	if len(f.Errors) == 0 {
		err := u.Hiring.SetRetentionMonths(r.Context(), actor(r), months)
		if err == nil {
			return u.redirect(w, r, "/settings/recruiting/retention", "Saved: decided candidates' data is kept "+strconv.Itoa(months)+" months.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderRetention(w, r, http.StatusUnprocessableEntity, f)
}

// ---- a candidate's privacy ----

func (u *UI) exportCandidate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, name, err := u.Hiring.ExportCandidate(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

// back is where a privacy action returns: the application it came from.
func back(r *http.Request) string {
	if app, err := strconv.ParseInt(r.PostFormValue("application_id"), 10, 64); err == nil && app > 0 {
		return "/hiring/applications/" + itoa(app)
	}
	return "/hiring"
}

func (u *UI) candidateHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on := r.PostFormValue("on") == "1"
	if err := u.Hiring.SetLegalHold(r.Context(), actor(r), id, on, r.PostFormValue("reason")); err != nil {
		if k := kit.KindOf(err); k == kit.KindInvalid || k == kit.KindConflict {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, back(r), "Not changed: "+msg)
		}
		return err
	}
	return u.redirect(w, r, back(r), map[bool]string{true: "Placed a legal hold: the data is kept until it is lifted.", false: "Lifted the legal hold."}[on])
}

func (u *UI) candidateErasure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on, done, err := u.Hiring.RequestErasure(r.Context(), actor(r), id)
	if err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, back(r), "Not erased: "+kit.MessageOf(err))
		}
		return err
	}
	if done {
		return u.redirect(w, r, back(r), "Erased the candidate's personal data.")
	}
	return u.redirect(w, r, back(r), "Recorded the request. Federal law keeps the application until "+on.Format("January 2, 2006")+"; it will be erased that day.")
}

func (u *UI) runPurge(w http.ResponseWriter, r *http.Request) error {
	n, err := u.Hiring.RunPurge(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/recruiting/retention", fmt.Sprintf("Erased %d candidate(s) whose retention had run out.", n))
}
