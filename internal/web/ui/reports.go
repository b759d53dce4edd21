package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// filterRows is how many filter rows the builder shows.
const filterRows = 3

// ReportsPage lists the saved reports.
type ReportsPage struct {
	Base
	Items []insights.SavedReport
}

// ReportBuilderPage builds, runs and saves a report.
type ReportBuilderPage struct {
	Base
	ID        int64 // the saved report being changed (0: new)
	Subjects  []Option
	Subject   insights.Subject
	Columns   []ColumnOption
	Filters   []FilterRow
	GroupBy   []Option
	Spec      insights.Spec
	SpecQuery string // the spec as a query string
	Result    *insights.Result
	Errors    kit.FieldErrors
	Form      Form // the save form
	Roles     []Option
	Ran       bool
}

// ColumnOption is a field offered as a column.
type ColumnOption struct {
	insights.Field
	Checked bool
	Allowed bool
}

// FilterRow is one filter of the builder.
type FilterRow struct {
	N, Number    int // index and 1-based number
	Fields       []Option
	Ops          []Option
	Value        string
	FieldErr     string
	OpErr        string
	ValueErr     string
	FieldID, Key string
}

// SavedReportPage runs a saved report with its schedules.
type SavedReportPage struct {
	Base
	R         insights.SavedReport
	Result    insights.Result
	SpecQuery string
	Schedules []insights.Schedule
	Form      Form // the schedule form
	Problem   string
	Freqs     []Option
	Formats   []Option
}

func roleLabel(r access.Role) string {
	return map[access.Role]string{access.RoleGeneralist: "HR generalists", access.RoleManager: "HR managers", access.RoleDirector: "HR directors"}[r]
}

// specOf reads a spec from form or query values.
func specOf(v url.Values) (insights.Spec, kit.FieldErrors) {
	fe := kit.FieldErrors{}
	s := insights.Spec{Subject: v.Get("subject"), Columns: v["columns"], GroupBy: v.Get("group_by")}
	for i := 0; i < filterRows; i++ {
		k := fmt.Sprintf("filters.%d.", i)
		if f := v.Get(k + "field"); f != "" {
			s.Filters = append(s.Filters, insights.Condition{Field: f, Op: v.Get(k + "op"), Value: v.Get(k + "value")})
		}
	}
	for _, k := range []string{"as_of", "from", "to"} {
		raw := strings.TrimSpace(v.Get(k))
		if raw == "" {
			continue
		}
		d, err := date.Parse(raw)
		if err != nil {
			fe.Add(k, "Enter a date as YYYY-MM-DD")
			continue
		}
		switch k {
		case "as_of":
			s.AsOf = d
		case "from":
			s.From = d
		default:
			s.To = d
		}
	}
	return s, fe
}

// specValues writes a spec as query values (the inverse of specOf).
func specValues(s insights.Spec) url.Values {
	v := url.Values{}
	v.Set("subject", s.Subject)
	for _, c := range s.Columns {
		v.Add("columns", c)
	}
	for i, f := range s.Filters {
		k := fmt.Sprintf("filters.%d.", i)
		v.Set(k+"field", f.Field)
		v.Set(k+"op", f.Op)
		v.Set(k+"value", f.Value)
	}
	if s.GroupBy != "" {
		v.Set("group_by", s.GroupBy)
	}
	for k, d := range map[string]date.Date{"as_of": s.AsOf, "from": s.From, "to": s.To} {
		if !d.IsZero() {
			v.Set(k, d.String())
		}
	}
	return v
}

func (u *UI) reportsList(w http.ResponseWriter, r *http.Request) error {
	items, err := u.Insights.SavedReports(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := ReportsPage{Base: u.base(r, "Reports", "Reports"), Items: items}
	u.render(w, r, http.StatusOK, "insights/reports", p)
	return nil
}

// builder fills the builder's options for a spec.
func (u *UI) builder(r *http.Request, p *ReportBuilderPage) {
	a := actor(r)
	sub, ok := insights.SubjectOf(p.Spec.Subject)
	if !ok {
		sub = insights.Subjects[0]
		p.Spec.Subject = sub.Key
	}
	p.Subject = sub
	for _, s := range insights.Subjects {
		p.Subjects = append(p.Subjects, Option{Value: s.Key, Label: s.Label, Selected: s.Key == sub.Key})
	}
	allowed := u.Insights.AllowedFields(a, sub)
	fieldOpts := []Option{}
	for _, f := range sub.Fields {
		ok := slices.Contains(allowed, f.Key)
		p.Columns = append(p.Columns, ColumnOption{Field: f, Checked: slices.Contains(p.Spec.Columns, f.Key), Allowed: ok})
		if ok {
			fieldOpts = append(fieldOpts, Option{Value: f.Key, Label: f.Label})
		}
	}
	p.GroupBy = selected(fieldOpts, p.Spec.GroupBy)
	for i := 0; i < filterRows; i++ {
		fr := FilterRow{N: i, Number: i + 1, Key: fmt.Sprintf("filters.%d.", i)}
		var c insights.Condition
		if i < len(p.Spec.Filters) {
			c = p.Spec.Filters[i]
		}
		fr.Fields = selected(fieldOpts, c.Field)
		var ops []Option
		for _, op := range []string{"eq", "ne", "contains", "lt", "lte", "gt", "gte", "empty", "not_empty"} {
			ops = append(ops, Option{Value: op, Label: insights.OpLabels[op]})
		}
		fr.Ops = selected(ops, c.Op)
		fr.Value = c.Value
		fr.FieldErr, fr.OpErr, fr.ValueErr = p.Errors[fr.Key+"field"], p.Errors[fr.Key+"op"], p.Errors[fr.Key+"value"]
		p.Filters = append(p.Filters, fr)
	}
	for _, role := range insights.ShareableRoles {
		p.Roles = append(p.Roles, Option{Value: string(role), Label: roleLabel(role), Selected: slices.Contains(p.Form.Values["shared_roles"], string(role))})
	}
	p.SpecQuery = specValues(p.Spec).Encode()
}

// reportBuilder shows the builder; with run=1 it runs the spec below it.
func (u *UI) reportBuilder(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !access.CanAnywhere(a, access.ReportsBuild) {
		return kit.Forbidden("the report builder is for HR")
	}
	q := r.URL.Query()
	spec, fe := specOf(q)
	p := ReportBuilderPage{Base: u.base(r, "New report", "Reports"), Spec: spec, Errors: fe, Form: NewForm(url.Values{})}
	p.Crumbs = []Crumb{{Label: "Reports", Href: "/insights/reports"}, {Label: "New report"}}
	if id, err := strconv.ParseInt(q.Get("id"), 10, 64); err == nil && id > 0 {
		saved, err := u.Insights.SavedReport(r.Context(), a, id)
		if err != nil {
			return err
		}
		if !saved.Mine {
			return kit.Forbidden("only its owner changes a report")
		}
		p.ID, p.Title = id, "Change "+saved.Name
		p.Crumbs[1].Label = saved.Name
		if q.Get("subject") == "" {
			p.Spec = saved.Spec
		}
		p.Form.Values.Set("name", saved.Name)
		for _, role := range saved.SharedRoles {
			p.Form.Values.Add("shared_roles", string(role))
		}
	}
	if sub, ok := insights.SubjectOf(p.Spec.Subject); ok && q.Get("run") == "" {
		// Another subject was chosen: keep only its own columns and
		// filters.
		var cols []string
		for _, c := range p.Spec.Columns {
			if _, ok := sub.FieldOf(c); ok {
				cols = append(cols, c)
			}
		}
		var fs []insights.Condition
		for _, f := range p.Spec.Filters {
			if _, ok := sub.FieldOf(f.Field); ok {
				fs = append(fs, f)
			}
		}
		p.Spec.Columns, p.Spec.Filters = cols, fs
		if _, ok := sub.FieldOf(p.Spec.GroupBy); !ok {
			p.Spec.GroupBy = ""
		}
	}
	if len(p.Spec.Columns) == 0 && q.Get("run") == "" {
		// A new subject starts with its first few columns ticked.
		sub, ok := insights.SubjectOf(p.Spec.Subject)
		if !ok {
			sub = insights.Subjects[0]
		}
		for i, f := range sub.Fields {
			if i < 4 {
				p.Spec.Columns = append(p.Spec.Columns, f.Key)
			}
		}
	}
	status := http.StatusOK
	if q.Get("run") != "" && len(fe) == 0 {
		res, err := u.Insights.Run(r.Context(), a, p.Spec, 0)
		switch {
		case err == nil:
			p.Result, p.Ran = &res, true
		case kit.KindOf(err) == kit.KindInvalid:
			p.Errors, status = kit.FieldsOf(err), http.StatusUnprocessableEntity
		default:
			return err
		}
	} else if len(fe) > 0 {
		status = http.StatusUnprocessableEntity
	}
	u.builder(r, &p)
	u.render(w, r, status, "insights/builder", p)
	return nil
}

// saveReport saves the builder's spec (new, or the owner's change).
func (u *UI) saveReport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f := NewForm(r.PostForm)
	spec, fe := specOf(r.PostForm)
	var id int64
	if v := r.PathValue("id"); v != "" {
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			return kit.NotFound("report")
		}
	}
	var roles []access.Role
	for _, x := range r.PostForm["shared_roles"] {
		roles = append(roles, access.Role(x))
	}
	var err error
	if len(fe) == 0 {
		id, err = u.Insights.SaveReport(r.Context(), a, id, f.Get("name"), spec, roles)
		if err == nil {
			return u.redirect(w, r, fmt.Sprintf("/insights/reports/%d", id), "Report saved.")
		}
		if kit.KindOf(err) != kit.KindInvalid {
			return err
		}
		fe = kit.FieldsOf(err)
	}
	p := ReportBuilderPage{Base: u.base(r, "New report", "Reports"), ID: id, Spec: spec, Errors: fe, Form: f}
	p.Form.Errors = fe
	p.Crumbs = []Crumb{{Label: "Reports", Href: "/insights/reports"}, {Label: "New report"}}
	u.builder(r, &p)
	u.render(w, r, http.StatusUnprocessableEntity, "insights/builder", p)
	return nil
}

// reportExport downloads a spec's rows (the builder's Export links).
func (u *UI) reportExport(w http.ResponseWriter, r *http.Request) error {
	spec, fe := specOf(r.URL.Query())
	if err := fe.Err(); err != nil {
		return err
	}
	res, err := u.Insights.Run(r.Context(), actor(r), spec, insights.MaxExportRows)
	if err != nil {
		return err
	}
	return u.sendReport(w, res, r.URL.Query().Get("format"), "report-"+spec.Subject)
}

func (u *UI) sendReport(w http.ResponseWriter, res insights.Result, format, name string) error {
	labels := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		labels[i] = c.Label
	}
	b, err := kit.WriteTable(format, "Report", labels, res.Rows)
	if err != nil {
		return err
	}
	return sendTable(w, name, format, b)
}

func (u *UI) savedReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		_, res, err := u.Insights.RunSaved(r.Context(), actor(r), id, insights.MaxExportRows)
		if err != nil {
			return err
		}
		return u.sendReport(w, res, format, fmt.Sprintf("report-%d", id))
	}
	return u.renderSavedReport(w, r, id, NewForm(url.Values{"format": {"xlsx"}, "frequency": {"weekly"}}), http.StatusOK)
}

func (u *UI) renderSavedReport(w http.ResponseWriter, r *http.Request, id int64, f Form, status int) error {
	a := actor(r)
	rep, res, err := u.Insights.RunSaved(r.Context(), a, id, 0)
	if err != nil && kit.KindOf(err) != kit.KindInvalid {
		return err
	}
	p := SavedReportPage{Base: u.base(r, rep.Name, "Reports"), R: rep, Result: res, SpecQuery: specValues(rep.Spec).Encode(), Form: f}
	p.Crumbs = []Crumb{{Label: "Reports", Href: "/insights/reports"}, {Label: rep.Name}}
	if err != nil {
		// The report no longer runs for this reader (a column they may
		// not see): say so instead of failing the page.
		p.Problem = kit.FieldsOf(err).String()
	}
	if p.Schedules, err = u.Insights.Schedules(r.Context(), a, id); err != nil {
		return err
	}
	p.Freqs = selected([]Option{{Value: "daily", Label: "Daily"}, {Value: "weekly", Label: "Weekly"}, {Value: "monthly", Label: "Monthly"}}, f.Get("frequency"))
	p.Formats = selected([]Option{{Value: "xlsx", Label: "XLSX"}, {Value: "csv", Label: "CSV"}}, f.Get("format"))
	u.render(w, r, status, "insights/report", p)
	return nil
}

func (u *UI) deleteReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Insights.DeleteReport(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/insights/reports", "Report deleted.")
}

func (u *UI) scheduleReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	_, err = u.Insights.ScheduleReport(r.Context(), actor(r), id, f.Get("frequency"), f.Get("format"))
	if err == nil {
		return u.redirect(w, r, fmt.Sprintf("/insights/reports/%d", id), "Scheduled: the report will be emailed to you.")
	}
	if kit.KindOf(err) != kit.KindInvalid {
		return err
	}
	f.Errors = kit.FieldsOf(err)
	return u.renderSavedReport(w, r, id, f, http.StatusUnprocessableEntity)
}

func (u *UI) unscheduleReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "schedule")
	if err != nil {
		return err
	}
	if err := u.Insights.Unschedule(r.Context(), actor(r), id, sid); err != nil {
		return err
	}
	return u.redirect(w, r, fmt.Sprintf("/insights/reports/%d", id), "Schedule stopped.")
}
