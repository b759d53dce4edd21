package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// benefitsTabs are the benefits pages the actor may open.
func benefitsTabs(a access.Actor, active string) []Tab {
	var tabs []Tab
	if a.EmployeeID != 0 {
		tabs = append(tabs, Tab{Key: "/benefits/me", Label: "My benefits"})
	}
	if access.CanAnywhere(a, access.BenefitsAdmin) {
		tabs = append(tabs, Tab{Key: "/benefits", Label: "Enrollment"}, Tab{Key: "/benefits/life-events", Label: "Life events"}, Tab{Key: "/benefits/cobra", Label: "COBRA"}, Tab{Key: "/benefits/reports", Label: "Reports"})
	}
	if access.CanAnywhere(a, access.BenefitsAdmin) || access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/benefits/carriers", Label: "Carriers and feeds"})
	}
	if access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/benefits/plans", Label: "Plans"}, Tab{Key: "/benefits/budget", Label: "Budget"}, Tab{Key: "/benefits/settings", Label: "Settings"})
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

func (u *UI) benefitsBase(r *http.Request, title string) Base { return u.base(r, title, "Benefits") }

// enrollee is whose enrollment a request is about: the employee named by
// "employee" (HR enrolling on someone's behalf; the service checks the
// permission), or the actor.
func enrollee(r *http.Request) int64 {
	v := r.URL.Query().Get("employee")
	if v == "" {
		v = r.PostFormValue("employee")
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		return id
	}
	return actor(r).EmployeeID
}

func tierOptions() []Option {
	var out []Option
	for _, t := range benefits.Tiers {
		out = append(out, Option{Value: t, Label: benefits.TierLabel(t)})
	}
	return out
}

func typeOptions() []Option {
	var out []Option
	for _, t := range benefits.Types {
		out = append(out, Option{Value: t, Label: benefits.TypeLabel(t)})
	}
	return out
}

func waiveOptions() []Option {
	var out []Option
	for _, r := range benefits.WaiveReasons {
		out = append(out, Option{Value: r, Label: benefits.WaiveReasonLabel(r)})
	}
	return out
}

func eventOptions() []Option {
	var out []Option
	for _, e := range benefits.Events {
		out = append(out, Option{Value: e, Label: benefits.EventLabel(e)})
	}
	return out
}

// BenefitsIndex is the HR enrollment page: the windows and a form to
// schedule open enrollment.
type BenefitsIndex struct {
	Base
	Tabs    []Tab
	Windows []benefits.Window
	CanOE   bool
	Form    Form
}

func (u *UI) benefitsIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !access.CanAnywhere(a, access.BenefitsAdmin) {
		if access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
			http.Redirect(w, r, "/benefits/plans", http.StatusSeeOther)
			return nil
		}
		http.Redirect(w, r, "/benefits/me", http.StatusSeeOther)
		return nil
	}
	return u.renderBenefitsIndex(w, r, http.StatusOK, NewForm(url.Values{"passive": {"yes"}}))
}

func (u *UI) renderBenefitsIndex(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ws, err := u.Benefits.Windows(r.Context(), a)
	if err != nil {
		return err
	}
	_, whole := access.ScopePaths(a, access.BenefitsAdmin)
	u.render(w, r, status, "benefits/index", BenefitsIndex{Base: u.benefitsBase(r, "Benefits enrollment"), Tabs: benefitsTabs(a, "/benefits"), Windows: ws, CanOE: whole, Form: f})
	return nil
}

func (u *UI) createBenefitWindow(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	win := benefits.Window{Name: f.Get("name"), Opens: dateOf(f, "opens"), Closes: dateOf(f, "closes"), CoverageStart: dateOf(f, "coverage_start"), Passive: f.Get("passive") == "yes"}
	if len(f.Errors) == 0 {
		id, err := u.Benefits.CreateWindow(r.Context(), actor(r), win)
		if err == nil {
			return u.redirect(w, r, "/benefits/windows/"+itoa(id), "Scheduled "+win.Name+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderBenefitsIndex(w, r, http.StatusUnprocessableEntity, f)
}

// WindowPage is the enrollment progress dashboard.
type WindowPage struct {
	Base
	Tabs      []Tab
	W         benefits.Window
	ByOrgUnit []benefits.Progress
	Total     benefits.Progress
	People    []benefits.Enrollment
	// Status filters the employees; Filters link to each status with its
	// count; Next and First page through them (keyset).
	Status   string
	Filters  []WindowFilter
	Matching int
	Next     string
	First    string
	CanClose bool
	Problem  string
}

// WindowFilter is one status filter of the progress listing.
type WindowFilter struct {
	Label   string
	Href    string
	Count   int
	Current bool
}

// windowPageSize is the employees shown a page at a time.
const windowPageSize = 100

func (u *UI) renderWindow(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, cursor := r.URL.Query().Get("status"), r.URL.Query().Get("cursor")
	v, err := u.Benefits.WindowProgress(r.Context(), a, id, benefits.ProgressPage{Status: st, Limit: windowPageSize, Cursor: cursor})
	if err != nil {
		return err
	}
	base := "/benefits/windows/" + itoa(id)
	pg := WindowPage{Base: u.benefitsBase(r, v.Window.Name), Tabs: benefitsTabs(a, "/benefits"), W: v.Window, ByOrgUnit: v.ByOrgUnit, Total: v.Total,
		People: v.Employees, Status: st, Matching: v.Matching, Problem: problem}
	_, pg.CanClose = access.ScopePaths(a, access.BenefitsAdmin)
	for _, f := range []struct {
		label, status string
		n             int
	}{{"Everyone", "", v.Total.Eligible}, {"Not started", benefits.NotStarted, v.Total.NotStarted}, {"In progress", benefits.InProgress, v.Total.InProgress}, {"Done", benefits.Done, v.Total.Done}} {
		href := base
		if f.status != "" {
			href += "?status=" + f.status
		}
		pg.Filters = append(pg.Filters, WindowFilter{Label: f.label, Href: href, Count: f.n, Current: f.status == st})
	}
	q := url.Values{}
	if st != "" {
		q.Set("status", st)
	}
	pg.First, pg.Next = pagerLinks(base, q, cursor, v.Next)
	u.render(w, r, status, "benefits/window", pg)
	return nil
}

func (u *UI) windowPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderWindow(w, r, http.StatusOK, "")
}

func (u *UI) windowAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/benefits/windows/" + itoa(id)
	var msg string
	switch r.PathValue("action") {
	case "remind":
		var n int
		if n, err = u.Benefits.Remind(ctx, a, id); err == nil {
			msg = "Reminded " + plural(n, "employee") + "."
		}
	case "close":
		var res benefits.CloseResult
		if res, err = u.Benefits.Close(ctx, a, id); err == nil {
			msg = fmt.Sprintf("Closed the window: %d confirmed, %d carried over, %d ended. Deductions go to payroll with the period they start in.", res.Confirmed, res.RolledOver, res.Ended)
		}
	default:
		return kit.NotFound("action")
	}
	if err == nil {
		return u.redirect(w, r, back, msg)
	}
	if kit.KindOf(err) != kit.KindConflict {
		return err
	}
	return u.renderWindow(w, r, http.StatusConflict, kit.MessageOf(err))
}

// MyBenefits is an employee's benefits page.
type MyBenefits struct {
	Base
	Tabs       []Tab
	B          benefits.Benefits
	Current    []benefits.Coverage
	Upcoming   []benefits.Coverage
	Past       []benefits.Coverage
	DepForm    Form
	EventForm  Form
	Deps       []Option
	Today      date.Date
	EmployeeID int64
	TotalCents int64
}

// DepName names a dependent by ID.
func (m MyBenefits) DepName(id int64) string {
	for _, d := range m.B.Dependents {
		if d.ID == id {
			return d.GivenName
		}
	}
	return ""
}

// DepNames lists the names of the dependents covered.
func (m MyBenefits) DepNames(ids []int64) string {
	var out []string
	for _, id := range ids {
		out = append(out, m.DepName(id))
	}
	return strings.Join(out, ", ")
}

func (u *UI) renderMyBenefits(w http.ResponseWriter, r *http.Request, status int, dep, ev *Form) error {
	a := actor(r)
	if a.EmployeeID == 0 {
		return kit.NotFound("employee record")
	}
	b, err := u.Benefits.Employee(r.Context(), a, a.EmployeeID)
	if err != nil {
		return err
	}
	today := date.Of(u.now())
	pg := MyBenefits{Base: u.benefitsBase(r, "My benefits"), Tabs: benefitsTabs(a, "/benefits/me"), B: b, Today: today, EmployeeID: a.EmployeeID}
	for _, c := range b.Coverages {
		switch {
		case c.InForce(today):
			pg.Current = append(pg.Current, c)
			if !c.COBRA {
				pg.TotalCents += c.EmployeeCents
			}
		case c.From.After(today):
			pg.Upcoming = append(pg.Upcoming, c)
		default:
			pg.Past = append(pg.Past, c)
		}
	}
	for _, d := range b.Dependents {
		if d.RemovedOn.IsZero() {
			pg.Deps = append(pg.Deps, Option{Value: itoa(d.ID), Label: d.Name() + " (" + strings.ToLower(d.RelationshipLabel()) + ")"})
		}
	}
	pg.DepForm, pg.EventForm = NewForm(nil), NewForm(nil)
	if dep != nil {
		pg.DepForm = *dep
	}
	if ev != nil {
		pg.EventForm = *ev
	}
	u.render(w, r, status, "benefits/me", pg)
	return nil
}

func (u *UI) myBenefits(w http.ResponseWriter, r *http.Request) error {
	return u.renderMyBenefits(w, r, http.StatusOK, nil, nil)
}

func dependentInput(f Form) benefits.DependentInput {
	return benefits.DependentInput{Relationship: f.Get("relationship"), GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), Gender: f.Get("gender"),
		BirthDate: f.Get("birth_date"), SSN: f.Get("ssn"), Disabled: f.Get("disabled") == "yes", Since: f.Get("since")}
}

func (u *UI) addMyDependent(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f := NewForm(r.PostForm)
	emp := enrollee(r)
	_, err := u.Benefits.AddDependent(r.Context(), a, emp, dependentInput(f))
	back := "/benefits/me"
	if win := f.Get("window"); win != "" {
		back = "/benefits/enroll/" + url.PathEscape(win) + "?step=dependents" + onBehalf(a, emp, "&")
	}
	if err == nil {
		return u.redirect(w, r, back, "Added "+strings.TrimSpace(f.Get("given_name"))+" as a dependent.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	if win := f.Get("window"); win != "" {
		return u.renderEnroll(w, r, http.StatusUnprocessableEntity, win, "dependents", &f)
	}
	return u.renderMyBenefits(w, r, http.StatusUnprocessableEntity, &f, nil)
}

func (u *UI) removeMyDependent(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Benefits.RemoveDependent(r.Context(), a, a.EmployeeID, id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/benefits/me", kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/benefits/me", "Removed the dependent.")
}

func (u *UI) reportMyLifeEvent(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f := NewForm(r.PostForm)
	dep := int64Of(f, "dependent_id")
	l, err := u.Benefits.ReportLifeEvent(r.Context(), a, a.EmployeeID, benefits.LifeEventInput{Event: f.Get("event"), EventDate: f.Get("event_date"), DependentID: dep, Note: f.Get("note")})
	if err == nil {
		return u.redirect(w, r, "/benefits/me", fmt.Sprintf("Reported: %s. HR verifies the documents (%s); the request deadline is %s and changes take effect on %s.",
			strings.ToLower(l.Label()), strings.ToLower(strings.Join(l.Documents(), ", ")), l.Deadline, l.CoverageEffective))
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderMyBenefits(w, r, http.StatusUnprocessableEntity, nil, &f)
}

// onBehalf is the query parameter naming the employee when HR enrolls
// for someone else ("" for the actor's own enrollment).
func onBehalf(a access.Actor, emp int64, sep string) string {
	if emp == a.EmployeeID {
		return ""
	}
	return sep + "employee=" + itoa(emp)
}

// EnrollPage is one step of the enrollment flow.
type EnrollPage struct {
	Base
	// QA and QL carry the employee HR enrolls for into actions ("?…")
	// and links ("&…"); empty for one's own enrollment.
	QA, QL   string
	Employee int64
	E        benefits.Enrolling
	Step     string
	Steps    []EnrollStep
	Offer    *benefits.Offer
	Next     string
	Prev     string
	Form     Form
	DepForm  Form
	Active   []benefits.Dependent
	Waive    []Option
	Periods  int
	TotalEE  int64
	TotalER  int64
	Missing  []string
	Relation []Option
}

// EnrollStep is one step of the progress indicator.
type EnrollStep struct {
	Key, Label string
	Done       bool
	Current    bool
}

// DepName names a dependent by ID.
func (p EnrollPage) DepName(id int64) string {
	for _, d := range p.E.Dependents {
		if d.ID == id {
			return d.GivenName
		}
	}
	return ""
}

// Covered reports whether the step's election covers the dependent.
func (p EnrollPage) Covered(id int64) bool {
	if v := p.Form.Values["dependent_ids"]; len(v) > 0 {
		return slices.Contains(v, itoa(id))
	}
	if p.Offer != nil && p.Offer.Election != nil {
		return slices.Contains(p.Offer.Election.DependentIDs, id)
	}
	if p.Offer != nil && p.Offer.Current != nil {
		return slices.Contains(p.Offer.Current.DependentIDs, id)
	}
	return false
}

// Tiered reports whether a plan type covers dependents.
func (p EnrollPage) Tiered(t string) bool { return benefits.IsHealth(t) }

// Rate finds an option's rate for a tier.
func (p EnrollPage) Rate(o benefits.Option, tier string) *benefits.Rate {
	for _, r := range o.Rates {
		if r.Tier == tier {
			return &r
		}
	}
	return nil
}

func (u *UI) renderEnroll(w http.ResponseWriter, r *http.Request, status int, windowKey, step string, f *Form) error {
	a := actor(r)
	id, err := strconv.ParseInt(windowKey, 10, 64)
	if err != nil {
		return kit.NotFound("enrollment window")
	}
	emp := enrollee(r)
	e, err := u.Benefits.Enrollment(r.Context(), a, emp, id)
	if err != nil {
		return err
	}
	pg := EnrollPage{Base: u.benefitsBase(r, e.Window.Name), E: e, Step: step, Waive: waiveOptions(), Periods: e.Periods, DepForm: NewForm(nil), QA: onBehalf(a, emp, "?"), QL: onBehalf(a, emp, "&"), Employee: emp,
		Relation: []Option{{Value: benefits.Spouse, Label: "Spouse"}, {Value: benefits.DomesticPartner, Label: "Domestic partner"}, {Value: benefits.Child, Label: "Child"}}}
	keys := []string{"dependents"}
	labels := map[string]string{"dependents": "Dependents", "review": "Review and confirm"}
	for _, o := range e.Offers {
		if o.Allowed {
			keys = append(keys, o.Type)
			labels[o.Type] = map[string]string{benefits.Life: "Life", benefits.FSA: "FSA", benefits.HSA: "HSA"}[o.Type]
			if labels[o.Type] == "" {
				labels[o.Type] = o.Label
			}
		}
	}
	keys = append(keys, "review")
	if !slices.Contains(keys, pg.Step) {
		pg.Step = "dependents"
	}
	cur := slices.Index(keys, pg.Step)
	for i, k := range keys {
		pg.Steps = append(pg.Steps, EnrollStep{Key: k, Label: labels[k], Done: i < cur, Current: i == cur})
	}
	if cur+1 < len(keys) {
		pg.Next = keys[cur+1]
	}
	if cur > 0 {
		pg.Prev = keys[cur-1]
	}
	for i := range e.Offers {
		if e.Offers[i].Type == pg.Step {
			pg.Offer = &e.Offers[i]
		}
	}
	for _, d := range e.Dependents {
		if d.RemovedOn.IsZero() {
			pg.Active = append(pg.Active, d)
		}
	}
	for _, o := range e.Offers {
		if o.Election != nil && !o.Election.Waived {
			pg.TotalEE += o.Election.EmployeeCents
			pg.TotalER += o.Election.EmployerCents
		}
		if o.Election == nil && o.Allowed && benefits.IsHealth(o.Type) && e.Window.Kind != benefits.LifeEventKind && (o.Current == nil || !e.Window.Passive) {
			pg.Missing = append(pg.Missing, o.Label)
		}
	}
	if f != nil {
		if pg.Step == "dependents" {
			pg.DepForm = *f
		} else {
			pg.Form = *f
		}
	} else if pg.Offer != nil {
		v := url.Values{}
		if el := pg.Offer.Election; el != nil {
			if el.Waived {
				v.Set("choice", "waive")
				v.Set("waive_reason", el.WaiveReason)
			} else {
				v.Set("choice", itoa(el.PlanID))
				v.Set("tier", el.Tier)
				if el.AmountCents > 0 {
					v.Set("amount", kit.FormatCents(el.AmountCents))
				}
				if el.PercentBP > 0 {
					v.Set("percent", bpText(el.PercentBP))
				}
			}
		} else if c := pg.Offer.Current; c != nil {
			v.Set("choice", itoa(c.PlanID))
			v.Set("tier", c.Tier)
		}
		pg.Form = NewForm(v)
	} else {
		pg.Form = NewForm(nil)
	}
	u.render(w, r, status, "benefits/enroll", pg)
	return nil
}

func (u *UI) enrollPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderEnroll(w, r, http.StatusOK, r.PathValue("id"), r.URL.Query().Get("step"), nil)
}

var electionRename = map[string]string{"plan_id": "choice", "dependent_ids": "dependent_ids", "annual_amount_cents": "amount", "percent_bp": "percent"}

func (u *UI) enrollElect(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	typ := r.PathValue("type")
	f := NewForm(r.PostForm)
	in := benefits.ElectionInput{Type: typ}
	switch choice := f.Get("choice"); choice {
	case "":
		f.Errors.Add("choice", "Choose a plan or waive the coverage")
	case "waive":
		in.Waive, in.WaiveReason = true, f.Get("waive_reason")
	default:
		in.PlanID = int64Of(f, "choice")
		in.Tier = f.Get("tier")
		for _, v := range r.PostForm["dependent_ids"] {
			if d, err := strconv.ParseInt(v, 10, 64); err == nil {
				in.DependentIDs = append(in.DependentIDs, d)
			}
		}
		if in.Tier == "" {
			in.Tier = benefits.TierEmployee
		}
		if f.Get("amount") != "" {
			in.AmountCents = centsOf(f, "amount")
		}
		if f.Get("percent") != "" {
			in.PercentBP = bpOf(f, "percent")
		}
	}
	if len(f.Errors) == 0 {
		emp := enrollee(r)
		err = u.Benefits.SaveElection(r.Context(), a, emp, id, in)
		if err == nil {
			next := f.Get("next")
			if next == "" {
				next = "review"
			}
			return u.redirect(w, r, "/benefits/enroll/"+itoa(id)+"?step="+url.QueryEscape(next)+onBehalf(a, emp, "&"), "Saved the "+strings.ToLower(benefits.TypeLabel(typ))+" choice.")
		}
		if err := f.Fail(err, electionRename); err != nil {
			return err
		}
	}
	return u.renderEnroll(w, r, http.StatusUnprocessableEntity, itoa(id), typ, &f)
}

func (u *UI) enrollConfirm(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	emp := enrollee(r)
	err = u.Benefits.Confirm(r.Context(), a, emp, id)
	if err == nil {
		if emp != a.EmployeeID {
			return u.redirect(w, r, "/people/"+itoa(emp)+"?tab=benefits", "Confirmed the elections on the employee's behalf.")
		}
		return u.redirect(w, r, "/benefits/me", "Your elections are confirmed. You can change them until the window closes.")
	}
	f := NewForm(r.PostForm)
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	if len(f.Errors) > 0 && f.Problem == "" {
		var msgs []string
		for _, k := range f.Errors.Sorted() {
			msgs = append(msgs, f.Errors[k])
		}
		f.Problem = strings.Join(msgs, ". ")
		f.Errors = kit.FieldErrors{}
	}
	return u.renderEnroll(w, r, http.StatusUnprocessableEntity, itoa(id), "review", &f)
}
