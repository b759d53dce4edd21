package ui

import (
	"net/http"
	"net/url"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// TrainingsPage lists manager trainings and who is due.
type TrainingsPage struct {
	Base
	Trainings []relations.Training
	Coverage  []relations.ManagerRow
	Due       int
	Today     date.Date
	Form      Form
	Topics    []Option
	Certs     []Option
	CertNames map[int64]string
	ShowForm  bool
}

func (u *UI) renderTrainings(w http.ResponseWriter, r *http.Request, status int, f Form, show bool) error {
	a := actor(r)
	p := TrainingsPage{Base: u.base(r, "Manager training", "Relations"), Form: f, Today: date.Of(u.now()), Topics: erOptions(relations.TrainingTopics, relations.TopicLabels), ShowForm: show}
	p.Crumbs = []Crumb{{Label: "Relations", Href: "/relations"}, {Label: "Manager training"}}
	certs, err := u.Careers.Certifications(r.Context(), a)
	if err != nil {
		return err
	}
	p.CertNames = map[int64]string{}
	for _, c := range certs {
		p.Certs = append(p.Certs, Option{Value: itoa(c.ID), Label: c.Name, Selected: f.Get("certification_id") == itoa(c.ID)})
		p.CertNames[c.ID] = c.Name
	}
	if p.Trainings, err = u.Relations.Trainings(r.Context(), a); err != nil {
		return err
	}
	if p.Coverage, err = u.Relations.Coverage(r.Context(), a); err != nil {
		return err
	}
	for _, m := range p.Coverage {
		if m.Due(p.Today) {
			p.Due++
		}
	}
	u.render(w, r, status, "relations/trainings", p)
	return nil
}

func (u *UI) trainingsPage(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.TrainingManage, access.CompanyTarget); err != nil {
		return err
	}
	return u.renderTrainings(w, r, http.StatusOK, NewForm(url.Values{"held_on": {date.Of(u.now()).String()}, "hours": {"2"}}), r.URL.Query().Get("new") == "1")
}

func (u *UI) recordTraining(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := relations.TrainingInput{Topic: f.Get("topic"), Title: f.Get("title"), HeldOn: dateOf(f, "held_on"), Trainer: f.Get("trainer"), Hours: intOf(f, "hours"),
		CertificationID: int64(intOf(f, "certification_id")), Notes: f.Get("notes"), Attended: u.employeesFromEmails(r, f, "attended"), Absent: u.employeesFromEmails(r, f, "absent"), Invalid: f.Errors}
	if v := f.Get("credits"); v != "" {
		if c, ok := careers.ParseCredits(v); ok {
			in.Credits = c
		} else {
			f.Errors.Add("credits", "Enter a number like 1.5")
		}
	}
	_, err := u.Relations.RecordTraining(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/relations/trainings", "Recorded the training.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderTrainings(w, r, http.StatusUnprocessableEntity, f, true)
}
