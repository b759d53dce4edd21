package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// JDListPage is the job description library.
type JDListPage struct {
	Base
	Rows    []hiring.JDSummary
	Written int
}

func (u *UI) jdList(w http.ResponseWriter, r *http.Request) error {
	rows, err := u.Hiring.JobDescriptions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := JDListPage{Base: u.base(r, "Job descriptions", "Recruiting"), Rows: rows}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Job descriptions"}}
	for _, s := range rows {
		if s.Versions > 0 {
			p.Written++
		}
	}
	u.render(w, r, http.StatusOK, "hiring/jdlist", p)
	return nil
}

// JDPage shows a job's description, its editor and its history.
type JDPage struct {
	Base
	Job      people.Job
	Versions []hiring.JobDescription
	Shown    *hiring.JobDescription // the version being read
	Diff     []kit.DiffLine         // Shown against the version before it
	Form     Form
	Started  bool // the editor holds a generated starting point
	Latest   int
}

func (u *UI) jdPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	if err := access.Require(a, access.JDManage, access.CompanyTarget); err != nil {
		return err
	}
	v := url.Values{}
	started := false
	if r.URL.Query().Get("start") == "1" {
		body, err := u.Hiring.StarterDescription(r.Context(), a, id)
		if err != nil {
			return err
		}
		v.Set("body_md", body)
		v.Set("note", "First version, from the job's facts")
		started = true
	}
	return u.renderJD(w, r, http.StatusOK, id, NewForm(v), started)
}

func (u *UI) renderJD(w http.ResponseWriter, r *http.Request, status int, id int64, f Form, started bool) error {
	job, vs, err := u.Hiring.JobDescriptionOf(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := JDPage{Base: u.base(r, "Job description · "+job.Title, "Recruiting"), Job: job, Versions: vs, Form: f, Started: started}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Job descriptions", Href: "/hiring/job-descriptions"}, {Label: job.Title}}
	if len(vs) > 0 {
		p.Latest = vs[0].Version
		want, _ := strconv.Atoi(r.URL.Query().Get("version"))
		for i := range vs {
			if vs[i].Version == want || (want == 0 && i == 0) {
				p.Shown = &vs[i]
				prev := ""
				if i+1 < len(vs) {
					prev = vs[i+1].BodyMD
				}
				p.Diff = kit.CollapseDiff(kit.LineDiff(prev, vs[i].BodyMD), 2)
				break
			}
		}
		if p.Shown == nil {
			return kit.NotFound("version " + strconv.Itoa(want) + " of this job description")
		}
		if f.Get("body_md") == "" && !started {
			p.Form.Values.Set("body_md", vs[0].BodyMD)
		}
	}
	if p.Form.Get("base") == "" {
		p.Form.Values.Set("base", strconv.Itoa(p.Latest))
	}
	u.render(w, r, status, "hiring/jd", p)
	return nil
}

func (u *UI) saveJD(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	base := intOf(f, "base")
	if len(f.Errors) == 0 {
		v, err := u.Hiring.SaveJobDescription(r.Context(), actor(r), id, f.Get("body_md"), f.Get("note"), base)
		if err == nil {
			return u.redirect(w, r, "/hiring/job-descriptions/"+itoa(id), "Saved version "+strconv.Itoa(v)+" of the job description.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		if kit.KindOf(err) == kit.KindConflict {
			// Keep the text typed; the editor now stands on the newest
			// version, so saving again replaces it knowingly.
			f.Values.Del("base")
		}
	}
	return u.renderJD(w, r, http.StatusUnprocessableEntity, id, f, false)
}
