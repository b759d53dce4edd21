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
	tabs := []Tab{{Key: "/settings/recruiting", Label: "Pipelines"}}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

// PipelinesPage lists the pipeline templates.
type PipelinesPage struct {
	Base
	Templates    []hiring.StageTemplate
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
	u.render(w, r, http.StatusOK, "admin/pipelines", PipelinesPage{Base: u.base(r, "Recruiting settings", "Settings"), Templates: ts,
		SettingsTabs: settingsTabs(a, "/settings/recruiting"), Sections: recruitingTabs("/settings/recruiting")})
	return nil
}

// PipelineEditPage creates or edits a pipeline template.
type PipelineEditPage struct {
	Base
	T            *hiring.StageTemplate
	Form         Form
	Rows         []StageRow
	Kinds        []Option
	SettingsTabs []Tab
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
	p := PipelineEditPage{Base: u.base(r, title, "Settings"), T: t, Form: f, SettingsTabs: settingsTabs(actor(r), "/settings/recruiting")}
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
