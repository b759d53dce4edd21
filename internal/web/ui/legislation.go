package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func complianceTabs(a access.Actor, active string) []Tab {
	tabs := []Tab{{Key: "/compliance/calendar", Label: "Calendar"}, {Key: "/compliance/changes", Label: "Legislative changes"}}
	if access.CanAnywhere(a, access.I9Manage) {
		tabs = append(tabs, Tab{Key: "/compliance/i9", Label: "Form I-9"})
	}
	if access.CanAnywhere(a, access.RecordsView) {
		tabs = append(tabs, Tab{Key: "/compliance/records", Label: "Records and holds"})
	}
	if access.Can(a, access.LegalMatterManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/compliance/matters", Label: "Legal matters"})
	}
	if access.CanAnywhere(a, access.TrainingManage) {
		// Leadership training on legal risk is recorded with the other
		// manager training (sessions, attendance, who is due).
		tabs = append(tabs, Tab{Key: "/relations/trainings", Label: "Leadership training"})
	}
	if access.Can(a, access.EEO1View, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/compliance/eeo1", Label: "EEO-1"})
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

// CalendarPage is the compliance calendar.
type CalendarPage struct {
	Base
	Tabs   []Tab
	Months []CalendarMonth
	From   date.Date
	Days   int
}

// CalendarMonth groups a month's items.
type CalendarMonth struct {
	Label string
	Items []compliance.CalendarItem
}

func (u *UI) calendarPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	from := date.Of(u.now())
	if d, err := date.Parse(r.URL.Query().Get("from")); err == nil {
		from = d
	}
	days := 120
	items, err := u.Compliance.Calendar(r.Context(), a, from, days)
	if err != nil {
		return err
	}
	p := CalendarPage{Base: u.base(r, "Compliance calendar", "Compliance"), Tabs: complianceTabs(a, "/compliance/calendar"), From: from, Days: days}
	for _, it := range items {
		l := it.Date.Format("January 2006")
		if len(p.Months) == 0 || p.Months[len(p.Months)-1].Label != l {
			p.Months = append(p.Months, CalendarMonth{Label: l})
		}
		p.Months[len(p.Months)-1].Items = append(p.Months[len(p.Months)-1].Items, it)
	}
	u.render(w, r, http.StatusOK, "admin/calendar", p)
	return nil
}

// ChangesPage is the legislative change log.
type ChangesPage struct {
	Base
	Tabs      []Tab
	Changes   []compliance.Change
	Form      Form
	CanManage bool
}

func (u *UI) renderChanges(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	cs, err := u.Compliance.Changes(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, status, "admin/changes", ChangesPage{Base: u.base(r, "Legislative changes", "Compliance"), Tabs: complianceTabs(a, "/compliance/changes"), Changes: cs, Form: f,
		CanManage: access.Can(a, access.LegislationManage, access.CompanyTarget)})
	return nil
}

func (u *UI) changesPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderChanges(w, r, http.StatusOK, NewForm(url.Values{"jurisdiction": {"US"}}))
}

func (u *UI) recordChange(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	id, err := u.Compliance.RecordChange(r.Context(), actor(r), compliance.ChangeInput{Jurisdiction: f.Get("jurisdiction"), Title: f.Get("title"), Summary: f.Get("summary"),
		SourceURL: f.Get("source_url"), EffectiveOn: dateOf(f, "effective_on")})
	if err == nil {
		return u.redirect(w, r, "/compliance/changes/"+itoa(id), "Recorded the change. Assess its impact to create the tasks it calls for.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderChanges(w, r, http.StatusUnprocessableEntity, f)
}

// ChangePage is one legislative change.
type ChangePage struct {
	Base
	C         compliance.Change
	Tasks     []TaskRow
	Form      Form
	CanManage bool
	Policies  []Option
	Locations []Option
	Linked    []policy.Policy
}

func (u *UI) renderChange(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	c, err := u.Compliance.GetChange(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := ChangePage{Base: u.base(r, c.Title, "Compliance"), C: c, Tasks: taskRows(c.Tasks, date.Of(u.now()), a.UserID), Form: f, CanManage: access.Can(a, access.LegislationManage, access.CompanyTarget)}
	p.Crumbs = []Crumb{{Label: "Legislative changes", Href: "/compliance/changes"}, {Label: c.Title}}
	ps, err := u.Policies.List(r.Context(), a)
	if err != nil {
		return err
	}
	affected := map[int64]bool{}
	for _, id := range c.Affected.PolicyIDs {
		affected[id] = true
	}
	for _, pol := range ps {
		if affected[pol.ID] {
			p.Linked = append(p.Linked, pol)
		}
		p.Policies = append(p.Policies, Option{Value: itoa(pol.ID), Label: pol.Title, Selected: containsValue(f.Values["policy_ids"], itoa(pol.ID)) || (len(f.Values["policy_ids"]) == 0 && affected[pol.ID])})
	}
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	for _, o := range locationOptions(ref) {
		o.Selected = containsValue(f.Values["location_ids"], o.Value)
		p.Locations = append(p.Locations, o)
	}
	u.render(w, r, status, "admin/change", p)
	return nil
}

func (u *UI) changePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderChange(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) assessChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := compliance.AssessInput{Version: intOf(f, "version"), Impact: f.Get("impact")}
	for _, v := range f.Values["policy_ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Affected.PolicyIDs = append(in.Affected.PolicyIDs, n)
		}
	}
	for _, v := range f.Values["location_ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Affected.LocationIDs = append(in.Affected.LocationIDs, n)
		}
	}
	// One task per line: "title" or "title | YYYY-MM-DD".
	for _, line := range strings.Split(f.Get("tasks"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		t := compliance.TaskInput{Title: line}
		if title, due, ok := strings.Cut(line, "|"); ok {
			d, err := date.Parse(strings.TrimSpace(due))
			if err != nil {
				f.Errors.Add("tasks", "Write a due date as YYYY-MM-DD after the bar: "+line)
				continue
			}
			t = compliance.TaskInput{Title: strings.TrimSpace(title), DueOn: d}
		}
		in.Tasks = append(in.Tasks, t)
	}
	if len(f.Errors) == 0 {
		if err = u.Compliance.AssessChange(r.Context(), actor(r), id, in); err == nil {
			return u.redirect(w, r, "/compliance/changes/"+itoa(id), "Saved the assessment; its tasks are in the compliance queue.")
		}
		if err := f.Fail(err, map[string]string{"tasks[0].title": "tasks"}); err != nil {
			return err
		}
	}
	return u.renderChange(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) closeChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Compliance.CloseChange(r.Context(), actor(r), id); err != nil {
		f := NewForm(r.PostForm)
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderChange(w, r, http.StatusConflict, f)
	}
	return u.redirect(w, r, "/compliance/changes/"+itoa(id), "Closed.")
}
