package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/notify"
)

// JobsPage lists background jobs for admins.
type JobsPage struct {
	Base
	Rows    []notify.JobRow
	State   string
	States  []Option
	Running bool
}

func (u *UI) jobs() (*notify.Jobs, error) {
	if u.Jobs == nil || u.Jobs() == nil {
		return nil, nil
	}
	return u.Jobs(), nil
}

func (u *UI) jobsPage(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.SettingsManage, access.CompanyTarget); err != nil {
		return err
	}
	state := r.URL.Query().Get("state")
	p := JobsPage{Base: u.base(r, "Background jobs", "Jobs"), State: state}
	opts := []Option{{Value: "", Label: "All states"}}
	for _, s := range notify.JobStates() {
		opts = append(opts, Option{Value: s, Label: label(s)})
	}
	p.States = selected(opts, state)
	j, _ := u.jobs()
	if j != nil {
		p.Running = true
		rows, err := j.List(r.Context(), state, 200)
		if err != nil {
			return err
		}
		p.Rows = rows
	}
	u.render(w, r, http.StatusOK, "admin/jobs", p)
	return nil
}

func (u *UI) retryJob(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.SettingsManage, access.CompanyTarget); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, _ := u.jobs()
	if j == nil {
		return kit.NotFound("job")
	}
	if err := j.Retry(r.Context(), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/admin/jobs", "Queued the job to run again.")
}
