package ui

import (
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
)

// directoryRows renders the directory's table rows in Go. html/template
// calls its escapers through reflection for every value, which made 50
// rows the slowest part of the busiest page; html.EscapeString does the
// same escaping directly.
func directoryRows(es []people.Employee) template.HTML {
	var b strings.Builder
	b.Grow(len(es) * 700)
	esc := html.EscapeString
	for _, e := range es {
		b.WriteString(`<tr><td><span class="person"><span class="avatar avatar-sm" aria-hidden="true">`)
		b.WriteString(esc(e.Initials()))
		b.WriteString(`</span><span><a href="/people/`)
		b.WriteString(itoa(e.ID))
		b.WriteString(`">`)
		b.WriteString(esc(e.Name()))
		b.WriteString(`</a><span class="muted small">`)
		b.WriteString(esc(e.JobTitle))
		b.WriteString(`</span></span></span></td><td>`)
		b.WriteString(esc(e.OrgUnitName))
		b.WriteString(`</td><td>`)
		b.WriteString(esc(e.LocationName))
		b.WriteString(`</td><td>`)
		if e.ManagerID != 0 {
			b.WriteString(`<a href="/people/` + itoa(e.ManagerID) + `">` + esc(e.ManagerName) + `</a>`)
		} else {
			b.WriteString("—")
		}
		b.WriteString(`</td><td data-sort="` + e.HireDate.String() + `">` + e.HireDate.Format("Jan 2, 2006") + `</td><td>`)
		if e.Status == people.StatusActive {
			b.WriteString(`<span class="badge badge-active">Active</span>`)
		} else {
			b.WriteString(`<span class="badge badge-terminated">Terminated</span>`)
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// DirectoryPage is the people list.
type DirectoryPage struct {
	Base
	Rows      template.HTML
	Page      people.DirectoryPage
	Filter    url.Values
	Chips     []Chip
	Next      string
	OrgUnits  []Option
	Locations []Option
	Jobs      []Option
	Statuses  []Option
	CanHire   bool
	CanExport bool
	CanImport bool
	IsHR      bool
	ExportQ   string
}

// Chip is an active filter with the link that removes it.
type Chip struct{ Label, Remove string }

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, kit.NotFound("page")
	}
	return id, nil
}

func (u *UI) reference(r *http.Request) (people.Reference, error) {
	return u.People.LoadReference(r.Context(), actor(r))
}

func orgOptions(ref people.Reference) []Option {
	out := make([]Option, 0, len(ref.OrgUnits))
	for _, o := range ref.OrgUnits {
		out = append(out, Option{Value: strconv.FormatInt(o.ID, 10), Label: strings.Repeat("— ", o.Depth) + o.Name})
	}
	return out
}

func locationOptions(ref people.Reference) []Option {
	out := make([]Option, 0, len(ref.Locations))
	for _, l := range ref.Locations {
		out = append(out, Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	return out
}

func jobOptions(ref people.Reference) []Option {
	out := make([]Option, 0, len(ref.Jobs))
	for _, j := range ref.Jobs {
		lbl := j.Title
		if j.Level != "" {
			lbl += " (" + j.Level + ")"
		}
		out = append(out, Option{Value: strconv.FormatInt(j.ID, 10), Label: lbl})
	}
	return out
}

func codeOptions(codes []string) []Option {
	out := make([]Option, len(codes))
	for i, c := range codes {
		out[i] = Option{Value: c, Label: label(c)}
	}
	return out
}

func selected(opts []Option, v string) []Option {
	out := make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == v
		out[i] = o
	}
	return out
}

func nameOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return strings.TrimLeft(o.Label, "— ")
		}
	}
	return v
}

func (u *UI) directory(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	f := people.DirectoryFilter{Q: q.Get("q"), Status: q.Get("status"), Limit: 50, Light: true}
	form := NewForm(q)
	f.OrgUnitID, f.LocationID, f.JobID, f.ManagerID = int64Of(form, "org_unit_id"), int64Of(form, "location_id"), int64Of(form, "job_id"), int64Of(form, "manager_id")
	if c := q.Get("cursor"); c != "" {
		parts, err := kit.DecodeCursor(c, 2)
		if err != nil {
			return err
		}
		f.After = parts[0]
		if f.AfterID, err = kit.CursorInt(parts[1]); err != nil {
			return err
		}
	}
	page, err := u.People.Directory(r.Context(), a, f)
	if err != nil {
		return err
	}
	ref, err := u.reference(r)
	if err != nil {
		return err
	}
	p := DirectoryPage{
		Base: u.base(r, "People", "People"), Page: page, Rows: directoryRows(page.Items), Filter: q,
		OrgUnits: selected(orgOptions(ref), q.Get("org_unit_id")), Locations: selected(locationOptions(ref), q.Get("location_id")),
		Jobs: selected(jobOptions(ref), q.Get("job_id")), IsHR: a.IsHR(),
		Statuses:  selected([]Option{{Value: "active", Label: "Active"}, {Value: "terminated", Label: "Former"}, {Value: "all", Label: "All"}}, q.Get("status")),
		CanHire:   access.Can(a, access.EmployeeHire, access.CompanyTarget),
		CanExport: access.Can(a, access.EmployeeExport, access.CompanyTarget),
		CanImport: access.Can(a, access.EmployeeImport, access.CompanyTarget),
	}
	for _, k := range []struct {
		key, name string
		opts      []Option
	}{
		{"q", "Search", nil}, {"org_unit_id", "Department", p.OrgUnits}, {"location_id", "Location", p.Locations},
		{"job_id", "Job", p.Jobs}, {"status", "Status", p.Statuses}, {"manager_id", "Manager", nil},
	} {
		if v := q.Get(k.key); v != "" {
			rest := url.Values{}
			for kk, vv := range q {
				if kk != k.key && kk != "cursor" {
					rest[kk] = vv
				}
			}
			p.Chips = append(p.Chips, Chip{Label: k.name + ": " + nameOf(k.opts, v), Remove: "/people?" + rest.Encode()})
		}
	}
	if page.NextID != 0 {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", kit.EncodeCursor(page.NextSortKey, strconv.FormatInt(page.NextID, 10)))
		p.Next = "/people?" + nq.Encode()
	}
	eq := url.Values{}
	for k, v := range q {
		if k != "cursor" {
			eq[k] = v
		}
	}
	p.ExportQ = eq.Encode()
	u.render(w, r, http.StatusOK, "people/directory", p)
	return nil
}

// DocGroup is the documents of one record type.
type DocGroup struct {
	Type records.Type
	Docs []people.Document
}

func docGroups(ds []people.Document) []DocGroup {
	var out []DocGroup
	for _, t := range records.Types {
		g := DocGroup{Type: t}
		for _, d := range ds {
			if records.TypeOf(d.Category).Key == t.Key {
				g.Docs = append(g.Docs, d)
			}
		}
		if len(g.Docs) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// ProfilePage is an employee profile with tabs.
type ProfilePage struct {
	Base
	// Me is the viewer's employee ID (their own file offers "Ask HR").
	Me      int64
	P       people.Profile
	E       people.Employee
	Tab     string
	Tabs    []Tab
	History people.History
	Comp    people.Compensation
	Docs    []people.Document
	// DocGroups are the documents by record type (medical kept apart).
	DocGroups                        []DocGroup
	Contacts                         []people.EmergencyContact
	Hours                            []people.HoursEntry
	Sensitive                        *people.SensitiveValues
	Pending                          bool
	DocForm                          Form
	ContactForm                      Form
	SensitiveForm                    Form
	DocCategories                    []Option
	RangeLeft, RangeWidth, RangeMark float64
	// Payments are the employee's one-time payments.
	Payments []payroll.Payment
	// Can is what the actor may do here, by permission name.
	Can map[string]bool
	// Discipline records (coaching to suspension, PIPs).
	Discipline         []relations.Discipline
	CanIssueDiscipline bool
	// FMLA is the determination for the leave start asked for.
	FMLA       *leave.FMLA
	FMLAStart  string
	LeaveCases []leave.Case
	// Benefits is the benefits tab.
	Benefits *benefits.Benefits
	// Time off: balances, requests and the HR adjustment form.
	TimeOff     []leave.TypeBalance
	TimeOffReqs []leave.Request
	TimeOffForm Form
	CanAdjust   bool
	LeaveTypes  []Option
}

// Tab is a profile section link.
type Tab struct {
	Key, Label string
	Active     bool
}

func (u *UI) profile(w http.ResponseWriter, r *http.Request) error {
	return u.renderProfile(w, r, http.StatusOK, nil, nil, nil)
}

// renderProfileSensitiveForm re-renders the personal tab with the
// sensitive-details form's errors.
func (u *UI) renderProfileSensitiveForm(w http.ResponseWriter, r *http.Request, f Form) error {
	return u.renderProfileWith(w, r, http.StatusUnprocessableEntity, nil, nil, nil, &f, nil)
}

func (u *UI) renderProfile(w http.ResponseWriter, r *http.Request, status int, docForm, contactForm *Form, sens *people.SensitiveValues) error {
	return u.renderProfileWith(w, r, status, docForm, contactForm, sens, nil, nil)
}

func (u *UI) renderProfileWith(w http.ResponseWriter, r *http.Request, status int, docForm, contactForm *Form, sens *people.SensitiveValues, sensForm, timeOffForm *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actor(r), r.Context()
	prof, err := u.People.GetProfile(ctx, a, id)
	if err != nil {
		return err
	}
	p := ProfilePage{Base: u.base(r, prof.Employee.Name(), "People"), P: prof, E: prof.Employee, Sensitive: sens, DocCategories: codeOptions(people.DocumentCategories), Can: map[string]bool{}}
	for k, v := range prof.Can {
		p.Can[string(k)] = v
	}
	p.Can[string(access.I9View)] = u.I9.CanView(ctx, a, id)
	p.Can[string(access.CareerView)] = u.Careers != nil && u.People.Can(ctx, a, access.CareerView, id)
	p.Me = a.EmployeeID
	p.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: prof.Employee.Name()}}
	p.DocForm, p.ContactForm, p.SensitiveForm = NewForm(nil), NewForm(nil), NewForm(nil)
	if sensForm != nil {
		p.SensitiveForm = *sensForm
	}
	if docForm != nil {
		p.DocForm = *docForm
	}
	if contactForm != nil {
		p.ContactForm = *contactForm
	}
	can := prof.Can
	tabs := []Tab{{Key: "job", Label: "Job"}}
	if can[access.PayView] {
		tabs = append(tabs, Tab{Key: "pay", Label: "Pay"})
	}
	if can[access.JobHistoryView] {
		tabs = append(tabs, Tab{Key: "history", Label: "History"})
	}
	if can[access.PersonalView] {
		tabs = append(tabs, Tab{Key: "personal", Label: "Personal"}, Tab{Key: "contacts", Label: "Emergency contacts"})
	}
	if can[access.DocumentView] {
		tabs = append(tabs, Tab{Key: "documents", Label: "Documents"})
	}
	if can[access.HoursView] {
		tabs = append(tabs, Tab{Key: "hours", Label: "Hours"})
	}
	if u.TimeOff != nil && u.People.Can(ctx, a, access.TimeOffView, id) {
		tabs = append(tabs, Tab{Key: "time-off", Label: "Time off"})
	}
	if u.Leave != nil && u.People.Can(ctx, a, access.LeaveFMLAView, id) {
		tabs = append(tabs, Tab{Key: "leave", Label: "Leave"})
	}
	if u.Relations != nil && u.People.Can(ctx, a, access.DisciplineView, id) {
		tabs = append(tabs, Tab{Key: "discipline", Label: "Discipline"})
	}
	if u.Benefits != nil && u.People.Can(ctx, a, access.BenefitsView, id) {
		tabs = append(tabs, Tab{Key: "benefits", Label: "Benefits"})
	}
	p.Tab = r.URL.Query().Get("tab")
	if docForm != nil {
		p.Tab = "documents"
	}
	if contactForm != nil {
		p.Tab = "contacts"
	}
	if sens != nil || sensForm != nil {
		p.Tab = "personal"
	}
	p.TimeOffForm = NewForm(url.Values{"effective_on": {date.Of(u.now()).String()}})
	if timeOffForm != nil {
		p.Tab, p.TimeOffForm = "time-off", *timeOffForm
	}
	found := false
	for i := range tabs {
		if tabs[i].Key == p.Tab {
			tabs[i].Active, found = true, true
		}
	}
	if !found {
		p.Tab, tabs[0].Active = "job", true
	}
	p.Tabs = tabs
	switch p.Tab {
	case "pay":
		if p.Comp, err = u.People.GetCompensation(ctx, a, id); err != nil {
			return err
		}
		if p.Payments, err = u.Payroll.Payments(ctx, a, id); err != nil {
			return err
		}
		if p.History, err = u.People.GetHistory(ctx, a, id); err != nil {
			return err
		}
		if g := p.Comp.Grade; g != nil {
			lo := min(g.MinCents, p.Comp.FTEAnnualCents) * 9 / 10
			hi := max(g.MaxCents, p.Comp.FTEAnnualCents) * 11 / 10
			span := float64(hi - lo)
			p.RangeLeft = float64(g.MinCents-lo) / span * 100
			p.RangeWidth = float64(g.MaxCents-g.MinCents) / span * 100
			p.RangeMark = float64(p.Comp.FTEAnnualCents-lo) / span * 100
		}
	case "benefits":
		b, err := u.Benefits.Employee(ctx, a, id)
		if err != nil {
			return err
		}
		p.Benefits = &b
	case "history":
		if p.History, err = u.People.GetHistory(ctx, a, id); err != nil {
			return err
		}
	case "contacts":
		if p.Contacts, err = u.People.ListContacts(ctx, a, id); err != nil {
			return err
		}
	case "documents":
		if p.Docs, err = u.People.ListDocuments(ctx, a, id); err != nil {
			return err
		}
		p.DocGroups = docGroups(p.Docs)
	case "hours":
		if p.Hours, err = u.People.ListHours(ctx, a, id); err != nil {
			return err
		}
	case "time-off":
		if p.TimeOff, err = u.TimeOff.Balances(ctx, a, id, date.Of(u.now())); err != nil {
			return err
		}
		if p.TimeOffReqs, err = u.TimeOff.Requests(ctx, a, leave.RequestFilter{EmployeeID: id, Limit: 30}); err != nil {
			return err
		}
		p.CanAdjust = u.People.Can(ctx, a, access.TimeOffAdjust, id)
		for _, b := range p.TimeOff {
			p.LeaveTypes = append(p.LeaveTypes, Option{Value: itoa(b.Type.ID), Label: b.Type.Name})
		}
	case "leave":
		start := date.Of(u.now())
		if v := r.URL.Query().Get("leave_start"); v != "" {
			if d, err := date.Parse(v); err == nil {
				start = d
			}
		}
		d, err := u.Leave.FMLA(ctx, a, id, start, date.Date{})
		if err != nil {
			return err
		}
		p.FMLA, p.FMLAStart = &d, start.String()
		if u.LeaveCases != nil && u.People.Can(ctx, a, access.LeaveCaseView, id) {
			if p.LeaveCases, err = u.LeaveCases.List(ctx, a, id); err != nil {
				return err
			}
		}
	case "discipline":
		if p.Discipline, err = u.Relations.DisciplineOf(ctx, a, id); err != nil {
			return err
		}
		p.CanIssueDiscipline = u.People.Can(ctx, a, access.DisciplineIssue, id) && a.EmployeeID != id
	}
	u.render(w, r, status, "people/profile", p)
	return nil
}
