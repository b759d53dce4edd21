package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// InterviewsCard is the interviews part of the application page.
type InterviewsCard struct {
	List        []hiring.Interview
	CanManage   bool
	People      []hiring.Panelist
	Chosen      map[int64]bool
	Suggestions []hiring.Slot
	Minutes     int
	Round       string
	Progress    []PlanStep // the requisition's interview plan, round by round
}

// PlanStep is a round of the interview plan for this candidate, with the
// link that prepares its scheduling.
type PlanStep struct {
	hiring.RoundProgress
	Href string
}

func (u *UI) interviewsCard(r *http.Request, app hiring.Application, req hiring.Requisition, canManage bool) (InterviewsCard, error) {
	a := actor(r)
	c := InterviewsCard{CanManage: canManage, Chosen: map[int64]bool{}, Minutes: 45, Round: "Interview"}
	var err error
	if c.List, err = u.Hiring.Interviews(r.Context(), a, app.ID); err != nil {
		return c, err
	}
	for _, rp := range hiring.PlanProgress(req, c.List, u.now()) {
		q := url.Values{"round": {rp.Round.Name}, "minutes": {strconv.Itoa(rp.Round.Minutes)}}
		for _, uid := range rp.Round.Interviewers {
			q.Add("panel", itoa(uid))
		}
		c.Progress = append(c.Progress, PlanStep{RoundProgress: rp, Href: "/hiring/applications/" + itoa(app.ID) + "?" + q.Encode() + "#interviews"})
	}
	if !canManage {
		return c, nil
	}
	if c.People, err = u.Hiring.Interviewers(r.Context(), a); err != nil {
		return c, err
	}
	q := r.URL.Query()
	var panel []int64
	for _, v := range q["panel"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			panel = append(panel, id)
			c.Chosen[id] = true
		}
	}
	if m, err := strconv.Atoi(q.Get("minutes")); err == nil && m >= 15 && m <= 240 {
		c.Minutes = m
	}
	if q.Get("round") != "" {
		c.Round = q.Get("round")
	}
	if len(panel) > 0 {
		c.Suggestions, err = u.Hiring.SuggestTimes(r.Context(), a, app.ID, panel, c.Minutes, 8)
	}
	return c, err
}

func (u *UI) interviewInput(f Form) hiring.InterviewInput {
	in := hiring.InterviewInput{Round: f.Get("round"), Minutes: intOf(f, "minutes"), Location: f.Get("location")}
	for _, v := range f.Values["panel"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Panel = append(in.Panel, id)
		}
	}
	if v := strings.TrimSpace(f.Get("start")); v != "" {
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			f.Errors.Add("start", "Choose a day and a time")
		}
		in.Start = t
	}
	in.Invalid = f.Errors
	return in
}

func (u *UI) scheduleInterview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	back := "/hiring/applications/" + itoa(id) + "#interviews"
	if r.PostFormValue("action") == "offer_times" {
		in := u.interviewInput(f)
		var starts []time.Time
		for _, v := range r.PostForm["slot"] {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				starts = append(starts, t)
			}
		}
		_, err := u.Hiring.OfferTimes(r.Context(), actor(r), id, in.Round, max(in.Minutes, 15), in.Location, in.Panel, starts)
		if err != nil {
			return u.notDone(w, r, back, err)
		}
		return u.redirect(w, r, back, "Emailed the candidate a link to choose one of the "+strconv.Itoa(len(starts))+" times.")
	}
	if _, err := u.Hiring.Schedule(r.Context(), actor(r), id, u.interviewInput(f)); err != nil {
		return u.notDone(w, r, back, err)
	}
	return u.redirect(w, r, back, "Scheduled. The candidate and the interviewers got a calendar invitation.")
}

// notDone turns a validation or conflict error into a flash on back.
func (u *UI) notDone(w http.ResponseWriter, r *http.Request, back string, err error) error {
	if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
		msg := kit.MessageOf(err)
		if fs := kit.FieldsOf(err); len(fs) > 0 {
			msg = fs.String()
		}
		return u.redirect(w, r, back, "Not done: "+msg)
	}
	return err
}

func (u *UI) interviewAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	iv, err := u.Hiring.InterviewByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	back := "/hiring/applications/" + itoa(iv.ApplicationID) + "#interviews"
	switch r.PostFormValue("action") {
	case "cancel":
		err = u.Hiring.CancelInterview(r.Context(), actor(r), id, r.PostFormValue("reason"))
		if err == nil {
			return u.redirect(w, r, back, "Cancelled. Everyone got the cancellation.")
		}
	case "reschedule":
		f := NewForm(r.PostForm)
		in := u.interviewInput(f)
		if len(in.Panel) == 0 {
			for _, p := range iv.Panel {
				in.Panel = append(in.Panel, p.UserID)
			}
		}
		if in.Round == "" {
			in.Round = iv.Round
		}
		if in.Location == "" {
			in.Location = iv.Location
		}
		if in.Minutes == 0 {
			in.Minutes = int(iv.EndsAt.Sub(iv.StartsAt).Minutes())
		}
		version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
		err = u.Hiring.Reschedule(r.Context(), actor(r), id, in, version)
		if err == nil {
			return u.redirect(w, r, back, "Moved. Everyone got the updated invitation.")
		}
	default:
		return kit.Invalid("action", "Unknown action")
	}
	return u.notDone(w, r, back, err)
}

func (u *UI) interviewICS(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := u.Hiring.ICSOf(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="interview-`+itoa(id)+`.ics"`)
	_, err = w.Write(b)
	return err
}

// MyInterviewsPage lists the actor's interviews with their scorecards.
type MyInterviewsPage struct {
	Base
	Upcoming, Past []hiring.Interview
	Submitted      map[int64]bool
}

func (u *UI) myInterviews(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := access.Require(a, access.ScorecardSubmit, access.CompanyTarget); err != nil {
		return err
	}
	all, err := u.Hiring.MyInterviews(r.Context(), a, time.Time{})
	if err != nil {
		return err
	}
	p := MyInterviewsPage{Base: u.base(r, "My interviews", "Interviews"), Submitted: map[int64]bool{}}
	now := u.now()
	for _, iv := range all {
		if iv.EndsAt.After(now) && iv.Status == hiring.InterviewScheduled {
			p.Upcoming = append(p.Upcoming, iv)
			continue
		}
		v, err := u.Hiring.Scorecards(r.Context(), a, iv.ID)
		if err != nil {
			return err
		}
		p.Submitted[iv.ID] = v.Mine != nil
		p.Past = append([]hiring.Interview{iv}, p.Past...)
	}
	u.render(w, r, http.StatusOK, "hiring/myinterviews", p)
	return nil
}

// ScorecardPage is a panelist's scorecard form and, once submitted, the
// panel's scorecards.
type ScorecardPage struct {
	Base
	IV       hiring.Interview
	Criteria []string
	View     hiring.ScorecardView
	Form     Form
	Recs     []Option
	OnPanel  bool
	Started  bool
}

func (u *UI) scorecardPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderScorecard(w, r, http.StatusOK, id, NewForm(nil))
}

func (u *UI) renderScorecard(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) error {
	a := actor(r)
	iv, err := u.Hiring.InterviewByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	req, err := u.Hiring.RequisitionUnchecked(r.Context(), iv.RequisitionID)
	if err != nil {
		return err
	}
	v, err := u.Hiring.Scorecards(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := ScorecardPage{Base: u.base(r, "Scorecard · "+iv.Candidate.Name(), "Interviews"), IV: iv, Criteria: hiring.CriteriaFor(req, iv.Round), View: v, Form: f,
		Recs: codeOptions(hiring.Recommendations), OnPanel: iv.OnPanel(a.UserID), Started: !iv.StartsAt.After(u.now())}
	p.Crumbs = []Crumb{{Label: "My interviews", Href: "/hiring/interviews"}, {Label: iv.Candidate.Name()}}
	u.render(w, r, status, "hiring/scorecard", p)
	return nil
}

func (u *UI) submitScorecard(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	iv, err := u.Hiring.InterviewByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	req, err := u.Hiring.RequisitionUnchecked(r.Context(), iv.RequisitionID)
	if err != nil {
		return err
	}
	sc := hiring.Scorecard{Recommendation: f.Get("recommendation"), Notes: f.Get("notes")}
	for i, c := range hiring.CriteriaFor(req, iv.Round) {
		k := "ratings[" + strconv.Itoa(i) + "]"
		score, _ := strconv.Atoi(f.Get(k + ".score"))
		sc.Ratings = append(sc.Ratings, hiring.Rating{Criterion: c, Score: score, Evidence: f.Get(k + ".evidence")})
	}
	err = u.Hiring.SubmitScorecard(r.Context(), actor(r), id, sc)
	if err == nil {
		return u.redirect(w, r, "/hiring/interviews/"+itoa(id)+"/scorecard", "Submitted your scorecard. The others' are shown below.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderScorecard(w, r, http.StatusUnprocessableEntity, id, f)
}

// SchedulePage is the candidate's page to choose an interview time.
type SchedulePage struct {
	Base
	P     hiring.SchedulingPage
	Token string
	Form  Form
}

func (u *UI) candidateSchedule(w http.ResponseWriter, r *http.Request) error {
	return u.renderSchedule(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderSchedule(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	tok := r.PathValue("token")
	p, err := u.Hiring.SchedulingByToken(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	u.render(w, r, status, "careers/schedule", SchedulePage{Base: u.publicBase(r, "Choose a time · "+u.company(r)), P: p, Token: tok, Form: f})
	return nil
}

func (u *UI) candidateBook(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.Invalid("form", "The form could not be read")
	}
	f := NewForm(r.PostForm)
	t, perr := time.Parse(time.RFC3339, f.Get("slot"))
	if perr != nil {
		f.Errors.Add("slot", "Choose one of the times")
		return u.renderSchedule(w, r, http.StatusUnprocessableEntity, f)
	}
	if _, err := u.Hiring.BookSlot(r.Context(), r.PathValue("token"), t); err != nil {
		switch kit.KindOf(err) {
		case kit.KindInvalid, kit.KindConflict:
			if err := f.Fail(err, nil); err != nil {
				return err
			}
			return u.renderSchedule(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return u.renderSchedule(w, r, http.StatusOK, NewForm(nil))
}
