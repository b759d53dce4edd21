package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// careersTabs are the careers pages the actor may open.
func careersTabs(a access.Actor, active string) []Tab {
	var tabs []Tab
	if a.EmployeeID != 0 {
		tabs = append(tabs, Tab{Key: "/growth", Label: "My career"})
	}
	if a.HasReports {
		tabs = append(tabs, Tab{Key: "/growth/team", Label: "My team"})
	}
	tabs = append(tabs, Tab{Key: "/growth/ladders", Label: "Ladders"}, Tab{Key: "/growth/competencies", Label: "Competencies"}, Tab{Key: "/growth/certifications", Label: "Certifications"})
	if _, whole := access.ScopePaths(a, access.CareerView); whole || access.CanAnywhere(a, access.CredentialVerify) || a.HasReports {
		tabs = append(tabs, Tab{Key: "/growth/compliance", Label: "Credential compliance"})
	}
	if access.CanAnywhere(a, access.SuccessionView) {
		tabs = append(tabs, Tab{Key: "/growth/succession", Label: "Succession"})
	}
	if access.CanAnywhere(a, access.TrainingManage) {
		// Sessions are recorded once, with the manager training.
		tabs = append(tabs, Tab{Key: "/relations/trainings", Label: "Training"})
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

func (u *UI) careersBase(r *http.Request, title, tab string) (Base, []Tab) {
	b := u.base(r, title, "Careers")
	return b, careersTabs(actor(r), tab)
}

// careersIndex is the employee's own career, or the ladders for users
// without an employee record.
func (u *UI) careersIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if a.EmployeeID == 0 {
		http.Redirect(w, r, "/growth/ladders", http.StatusSeeOther)
		return nil
	}
	return u.renderCareer(w, r, a.EmployeeID, http.StatusOK, nil)
}

// CareerPage is an employee's career.
type CareerPage struct {
	Base
	Tabs       []Tab
	O          careers.Overview
	Mine       bool
	Comps      []careers.Competency
	Latest     []RatingRow
	Jobs       []Option
	Certs      []Option
	CanSelf    bool
	CanManager bool
	CanPlan    bool
	CanCred    bool
	Form       Form // which form failed, by Form.Get("_form")
	Today      date.Date
}

// RatingRow is a competency's latest ratings.
type RatingRow struct {
	Competency    careers.Competency
	Self, Manager int
	Evidence      string
	On            date.Date
}

func (u *UI) careerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderCareer(w, r, id, http.StatusOK, nil)
}

func (u *UI) renderCareer(w http.ResponseWriter, r *http.Request, id int64, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	o, err := u.Careers.Overview(ctx, a, id)
	if err != nil {
		return err
	}
	mine := id == a.EmployeeID
	tab := "/growth"
	if !mine {
		tab = ""
	}
	b, tabs := u.careersBase(r, o.Person.Name+": career", tab)
	if !mine {
		b.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: o.Person.Name, Href: fmt.Sprintf("/people/%d", id)}, {Label: "Career"}}
	}
	pg := CareerPage{Base: b, Tabs: tabs, O: o, Mine: mine, Today: date.Of(u.now())}
	t := access.Target{EmployeeID: id, OrgPath: o.Person.OrgPath, ManagerChain: o.Person.ManagerChain}
	pg.CanSelf = mine && access.Can(a, access.CareerSelfAssess, t)
	pg.CanManager = !mine && access.Can(a, access.CareerManagerAssess, t)
	pg.CanPlan = access.Can(a, access.CareerPlan, t)
	pg.CanCred = access.Can(a, access.CredentialManage, t)
	if pg.Comps, err = u.Careers.Competencies(ctx, a); err != nil {
		return err
	}
	// The competencies of the current job and the next step first.
	relevant := map[int64]bool{}
	for _, q := range o.Job.Competencies {
		relevant[q.CompetencyID] = true
	}
	if o.Next != nil {
		for _, q := range o.Next.Target.Competencies {
			relevant[q.CompetencyID] = true
		}
	}
	for _, c := range pg.Comps {
		if !relevant[c.ID] && len(relevant) > 0 {
			continue
		}
		row := RatingRow{Competency: c}
		for _, x := range o.Assessments {
			if x.CompetencyID != c.ID {
				continue
			}
			if x.Rater == "self" && row.Self == 0 {
				row.Self = x.Rating
			}
			if x.Rater == "manager" && row.Manager == 0 {
				row.Manager, row.Evidence, row.On = x.Rating, x.Evidence, x.AssessedOn
			}
		}
		pg.Latest = append(pg.Latest, row)
	}
	jobs, err := u.Careers.Jobs(ctx, a)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		pg.Jobs = append(pg.Jobs, Option{Value: itoa(j.ID), Label: j.Title + " (" + j.Family + ")"})
	}
	certs, err := u.Careers.Certifications(ctx, a)
	if err != nil {
		return err
	}
	for _, c := range certs {
		pg.Certs = append(pg.Certs, Option{Value: itoa(c.ID), Label: c.Name + certAbbr(c.Abbreviation)})
	}
	pg.Form = NewForm(url.Values{})
	if f != nil {
		pg.Form = *f
	}
	u.render(w, r, status, "growth/person", pg)
	return nil
}

func certAbbr(a string) string {
	if a == "" {
		return ""
	}
	return " (" + a + ")"
}

// careerAction handles the forms of an employee's career page: assess,
// readiness, credential.
func (u *UI) careerAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	f.Values.Set("_form", r.PathValue("action"))
	back := fmt.Sprintf("/growth/people/%d", id)
	if id == a.EmployeeID {
		back = "/growth"
	}
	var msg string
	switch r.PathValue("action") {
	case "assess":
		comps, err := u.Careers.Competencies(ctx, a)
		if err != nil {
			return err
		}
		var rs []careers.Rating
		for _, c := range comps {
			v := f.Get(fmt.Sprintf("rating_%d", c.ID))
			if v == "" {
				continue
			}
			n, perr := strconv.Atoi(v)
			if perr != nil {
				f.Errors.Add(fmt.Sprintf("rating_%d", c.ID), "Choose a level from 1 to 5")
				continue
			}
			rs = append(rs, careers.Rating{CompetencyID: c.ID, Rating: n, Evidence: f.Get(fmt.Sprintf("evidence_%d", c.ID))})
		}
		if len(f.Errors) == 0 {
			err = u.Careers.Assess(ctx, a, id, rs)
		}
		msg = "Saved the ratings."
	case "readiness":
		target := int64Of(f, "target_job_id")
		if len(f.Errors) == 0 {
			err = u.Careers.SetReadiness(ctx, a, id, target, f.Get("status"), f.Get("note"))
		}
		msg = "Saved the readiness."
	case "credential":
		in := careers.CredentialInput{CertificationID: int64Of(f, "certification_id"), Number: f.Get("number"), IssuedOn: dateOf(f, "issued_on"), ExpiresOn: dateOf(f, "expires_on"),
			RequestReimbursement: f.Get("request_reimbursement") == "yes", Notes: f.Get("notes")}
		if v := f.Get("cost"); v != "" {
			c, perr := kit.ParseCents(v)
			if perr != nil {
				f.Errors.Add("cost", "Enter an amount like 495.00")
			}
			in.CostCents = c
		}
		if len(f.Errors) == 0 {
			var cid int64
			cid, err = u.Careers.AddCredential(ctx, a, id, in)
			if err == nil {
				return u.redirect(w, r, fmt.Sprintf("/growth/credentials/%d", cid), "Recorded the credential. Upload the certificate here.")
			}
		}
	default:
		return kit.NotFound("page")
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, back, msg)
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCareer(w, r, id, http.StatusUnprocessableEntity, &f)
}

// GapPage is the gap analysis with the plan form.
type GapPage struct {
	Base
	Tabs    []Tab
	G       careers.GapAnalysis
	Jobs    []Option
	Target  int64
	CanPlan bool
	Form    Form
	Names   [5]string
}

func (u *UI) gapPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	target, _ := strconv.ParseInt(r.URL.Query().Get("target"), 10, 64)
	return u.renderGaps(w, r, id, target, http.StatusOK, nil)
}

func (u *UI) renderGaps(w http.ResponseWriter, r *http.Request, id, target int64, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	g, err := u.Careers.Gaps(ctx, a, id, target)
	if err != nil {
		if kit.KindOf(err) != kit.KindInvalid {
			return err
		}
		// No next step: choose a target.
		p, perr := u.Careers.Overview(ctx, a, id)
		if perr != nil {
			return perr
		}
		g = careers.GapAnalysis{Person: p.Person, Current: p.Job}
	}
	b, tabs := u.careersBase(r, "Gap analysis: "+g.Person.Name, "")
	b.Crumbs = []Crumb{{Label: "Careers", Href: "/growth"}, {Label: g.Person.Name, Href: careerHref(a, id)}, {Label: "Gap analysis"}}
	pg := GapPage{Base: b, Tabs: tabs, G: g, Target: g.Target.JobID, Names: careers.ProficiencyNames}
	jobs, err := u.Careers.Jobs(ctx, a)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if j.ID != g.Person.JobID {
			pg.Jobs = append(pg.Jobs, Option{Value: itoa(j.ID), Label: j.Title + " (" + j.Family + ")", Selected: j.ID == g.Target.JobID})
		}
	}
	t := access.Target{EmployeeID: id, OrgPath: g.Person.OrgPath, ManagerChain: g.Person.ManagerChain}
	pg.CanPlan = access.Can(a, access.CareerPlan, t)
	if f != nil {
		pg.Form = *f
	} else {
		v := url.Values{"title": {"Toward " + g.Target.Title}}
		for _, x := range g.Competencies {
			if x.Gap > 0 {
				v.Add("competency", itoa(x.CompetencyID))
			}
		}
		for _, x := range g.Certifications {
			if !x.Held {
				v.Add("certification", itoa(x.CertificationID))
			}
		}
		pg.Form = NewForm(v)
	}
	u.render(w, r, status, "growth/gaps", pg)
	return nil
}

func careerHref(a access.Actor, id int64) string {
	if id == a.EmployeeID {
		return "/growth"
	}
	return fmt.Sprintf("/growth/people/%d", id)
}

// createDevPlan starts a plan from the gap analysis's checked gaps.
func (u *UI) createDevPlan(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	target := int64Of(f, "target_job_id")
	g, err := u.Careers.Gaps(ctx, a, id, target)
	if err != nil {
		return err
	}
	var goals []careers.GoalInput
	for _, x := range g.Competencies {
		if slices.Contains(r.PostForm["competency"], itoa(x.CompetencyID)) {
			goals = append(goals, careers.GoalInput{CompetencyID: x.CompetencyID, TargetLevel: x.Required})
		}
	}
	for _, x := range g.Certifications {
		if slices.Contains(r.PostForm["certification"], itoa(x.CertificationID)) {
			goals = append(goals, careers.GoalInput{CertificationID: x.CertificationID})
		}
	}
	if len(goals) == 0 {
		f.Errors.Add("competency", "Choose at least one gap to work on")
	}
	if len(f.Errors) == 0 {
		pid, err := u.Careers.CreatePlan(ctx, a, id, f.Get("title"), target, goals)
		if err == nil {
			return u.redirect(w, r, fmt.Sprintf("/growth/plans/%d", pid), "Started the development plan. Add actions with due dates.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderGaps(w, r, id, target, http.StatusUnprocessableEntity, &f)
}

// DevPlanPage is a development plan.
type DevPlanPage struct {
	Base
	Tabs    []Tab
	P       careers.DevPlan
	CanPlan bool
	Goals   []Option
	Form    Form
	Today   date.Date
}

func (u *UI) devPlanPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderDevPlan(w, r, http.StatusOK, nil)
}

func (u *UI) renderDevPlan(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := u.Careers.DevPlan(ctx, a, id)
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, p.Title, "")
	b.Crumbs = []Crumb{{Label: "Careers", Href: "/growth"}, {Label: p.EmployeeName, Href: careerHref(a, p.EmployeeID)}, {Label: p.Title}}
	pg := DevPlanPage{Base: b, Tabs: tabs, P: p, Today: date.Of(u.now())}
	pc, err := u.Careers.Person(ctx, a, p.EmployeeID)
	if err != nil {
		return err
	}
	pg.CanPlan = p.Status == careers.PlanActive && access.Can(a, access.CareerPlan, access.Target{EmployeeID: p.EmployeeID, OrgPath: pc.OrgPath, ManagerChain: pc.ManagerChain})
	for _, g := range p.Goals {
		pg.Goals = append(pg.Goals, Option{Value: itoa(g.ID), Label: g.Description})
	}
	pg.Form = NewForm(url.Values{"kind": {"training"}, "due_on": {date.Of(u.now()).AddDays(30).String()}})
	if f != nil {
		pg.Form = *f
	}
	u.render(w, r, status, "growth/plan", pg)
	return nil
}

func (u *UI) devPlanAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	f.Values.Set("_form", r.PathValue("action"))
	var msg string
	switch r.PathValue("action") {
	case "actions":
		in := careers.ActionInput{GoalID: int64Of(f, "goal_id"), Kind: f.Get("kind"), Title: f.Get("title"), DueOn: dateOf(f, "due_on")}
		if len(f.Errors) == 0 {
			_, err = u.Careers.AddAction(ctx, a, id, in)
		}
		msg = "Added the action; its task is on the employee's list."
	case "checkins":
		_, err = u.Careers.CheckIn(ctx, a, id, f.Get("note"))
		msg = "Recorded the check-in."
	case "goals":
		in := careers.GoalInput{Description: f.Get("description")}
		_, err = u.Careers.AddGoal(ctx, a, id, in)
		msg = "Added the goal."
	case "complete-action":
		err = u.Careers.CompleteAction(ctx, a, id, int64Of(f, "action_id"))
		msg = "Marked the action done."
	case "complete-goal":
		err = u.Careers.CompleteGoal(ctx, a, id, int64Of(f, "goal_id"))
		msg = "Marked the goal reached."
	case "close":
		err = u.Careers.ClosePlan(ctx, a, id, f.Get("status"))
		msg = "Closed the plan."
	default:
		return kit.NotFound("page")
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, fmt.Sprintf("/growth/plans/%d", id), msg)
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderDevPlan(w, r, http.StatusUnprocessableEntity, &f)
}

// CredentialPage is a credential with its credit log.
type CredentialPage struct {
	Base
	Tabs       []Tab
	C          careers.Credential
	Credits    []careers.Credit
	CanManage  bool
	CanVerify  bool
	CanCorrect bool
	Form       Form
	Correct    Form
}

func (u *UI) credentialPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCredential(w, r, http.StatusOK, nil)
}

func (u *UI) renderCredential(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, credits, err := u.Careers.Credential(ctx, a, id)
	if err != nil {
		return err
	}
	b, tabs := u.careersBase(r, c.Certification+": "+c.EmployeeName, "")
	b.Crumbs = []Crumb{{Label: "Careers", Href: "/growth"}, {Label: c.EmployeeName, Href: careerHref(a, c.EmployeeID)}, {Label: c.Certification}}
	pg := CredentialPage{Base: b, Tabs: tabs, C: c, Credits: credits}
	pc, err := u.Careers.Person(ctx, a, c.EmployeeID)
	if err != nil {
		return err
	}
	t := access.Target{EmployeeID: c.EmployeeID, OrgPath: pc.OrgPath, ManagerChain: pc.ManagerChain}
	pg.CanManage = access.Can(a, access.CredentialManage, t)
	pg.CanVerify = access.Can(a, access.CredentialVerify, t) && c.EmployeeID != a.EmployeeID
	pg.Form = NewForm(url.Values{"earned_on": {date.Of(u.now()).String()}})
	if f != nil {
		pg.Form = *f
	}
	pg.Correct = NewForm(url.Values{"number": {c.Number}, "issued_on": {c.IssuedOn.String()}, "expires_on": {c.ExpiresOn.String()}, "cost": {kit.FormatCents(c.CostCents)}, "notes": {c.Notes}})
	if f != nil && f.Get("_form") == "correct" {
		pg.Correct = *f
	}
	pg.CanCorrect = pg.CanManage && (c.VerifiedAt.IsZero() || access.Can(a, access.CredentialVerify, t))
	u.render(w, r, status, "growth/credential", pg)
	return nil
}

func (u *UI) credentialAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	var f Form
	if action == "certificate" {
		name, data, ferr := readUploadAll(r, "file")
		f = NewForm(r.PostForm)
		if ferr != nil {
			err = ferr
		} else {
			err = u.Careers.AttachCertificate(ctx, a, id, name, data)
		}
		f.Values.Set("_form", action)
		if err == nil {
			return u.redirect(w, r, fmt.Sprintf("/growth/credentials/%d", id), "Attached the certificate to the employee file.")
		}
	} else {
		f = NewForm(r.PostForm)
		f.Values.Set("_form", action)
		var msg string
		switch action {
		case "credits":
			x := careers.Credit{EarnedOn: dateOf(f, "earned_on"), Activity: f.Get("activity"), Category: f.Get("category")}
			if c, ok := careers.ParseCredits(f.Get("credits")); ok {
				x.Credits = c
			} else {
				f.Errors.Add("credits", "Enter a number like 1.5")
			}
			if len(f.Errors) == 0 {
				_, err = u.Careers.LogCredit(ctx, a, id, x)
			}
			msg = "Logged the credits."
		case "correct":
			in := careers.CredentialInput{Number: f.Get("number"), IssuedOn: dateOf(f, "issued_on"), ExpiresOn: dateOf(f, "expires_on"), Notes: f.Get("notes")}
			if v := f.Get("cost"); v != "" {
				c, perr := kit.ParseCents(v)
				if perr != nil {
					f.Errors.Add("cost", "Enter an amount like 495.00")
				}
				in.CostCents = c
			}
			if len(f.Errors) == 0 {
				err = u.Careers.CorrectCredential(ctx, a, id, in)
			}
			msg = "Corrected the credential."
		case "verify":
			err = u.Careers.VerifyCredential(ctx, a, id)
			msg = "Verified the credential."
		case "reimbursement":
			var cents int64
			if v := f.Get("reimbursed"); v != "" {
				c, perr := kit.ParseCents(v)
				if perr != nil {
					f.Errors.Add("reimbursed", "Enter an amount like 495.00")
				}
				cents = c
			}
			if len(f.Errors) == 0 {
				err = u.Careers.SetReimbursement(ctx, a, id, f.Get("reimbursement"), cents)
			}
			msg = "Saved the reimbursement decision."
		default:
			return kit.NotFound("page")
		}
		if err == nil && len(f.Errors) == 0 {
			return u.redirect(w, r, fmt.Sprintf("/growth/credentials/%d", id), msg)
		}
	}
	if err != nil {
		if kit.KindOf(err) == kit.KindTooLarge {
			f.Errors.Add("file", kit.MessageOf(err))
		} else if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCredential(w, r, http.StatusUnprocessableEntity, &f)
}

// readUploadAll reads an uploaded file of a multipart form.
func readUploadAll(r *http.Request, field string) (string, []byte, error) {
	file, hdr, err := r.FormFile(field)
	if err != nil {
		return "", nil, kit.Invalid(field, "Choose a file")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, people.MaxDocumentSize+1))
	if err != nil {
		return "", nil, kit.Invalid(field, "The file could not be read")
	}
	return hdr.Filename, data, nil
}
