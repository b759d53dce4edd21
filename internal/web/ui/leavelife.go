package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// leaveAction runs one lifecycle action from the case page: success
// redirects with the flash, a problem re-renders the page with the form's
// errors at its section.
func (u *UI) leaveAction(section string, fn func(r *http.Request, f Form, id int64, version int) (string, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		// The permission first: a form's own checks must not answer
		// someone who may not act on the case.
		c, err := u.LeaveCases.Get(r.Context(), actor(r), id)
		if err != nil {
			return err
		}
		if !u.LeaveCases.CanManage(r.Context(), actor(r), c) {
			return kit.Forbidden("only HR administers leave cases")
		}
		f := NewForm(r.PostForm)
		f.Values.Set("_section", section)
		version, _ := strconv.Atoi(f.Get("version"))
		flash, err := fn(r, f, id, version)
		if err == nil && len(f.Errors) == 0 {
			return u.redirect(w, r, fmt.Sprintf("/leave/cases/%d#%s", id, section), flash)
		}
		if err != nil {
			if kit.KindOf(err) == kit.KindTooLarge {
				f.Errors.Add("file", kit.MessageOf(err))
			} else if err := f.Fail(err, map[string]string{"days": "from"}); err != nil {
				return err
			}
		}
		return u.renderLeaveCase(w, r, http.StatusUnprocessableEntity, f)
	}
}

func (u *UI) leaveCertRequest(r *http.Request, f Form, id int64, version int) (string, error) {
	return "Asked for the certification; its due date is on the case and in the compliance queue.", u.LeaveCases.RequestCertification(r.Context(), actor(r), id, version, dateOf(f, "requested_on"))
}

func (u *UI) leaveCertRecord(w http.ResponseWriter) func(r *http.Request, f Form, id int64, version int) (string, error) {
	return func(r *http.Request, f Form, id int64, version int) (string, error) {
		in := leave.CertificationInput{Version: version, ReceivedOn: dateOf(f, "received_on"), Complete: f.Get("complete") == "yes", Deficiency: f.Get("deficiency"), RecertOn: dateOf(f, "recert_on")}
		if f.Get("complete") == "" {
			f.Errors.Add("complete", "Say whether the certification is complete")
		}
		if r.MultipartForm != nil && r.MultipartForm.File["file"] != nil && r.MultipartForm.File["file"][0].Size > 0 {
			data, name, err := readUpload(w, r, "file", leave.MaxCertificationSize)
			if err != nil {
				return "", err
			}
			in.Data, in.Filename = data, name
		}
		if len(f.Errors) > 0 {
			return "", nil
		}
		if in.Complete {
			return "Recorded the complete certification; the designation notice is now due.", u.LeaveCases.RecordCertification(r.Context(), actor(r), id, in)
		}
		return "Recorded the incomplete certification; send the notice saying what is missing.", u.LeaveCases.RecordCertification(r.Context(), actor(r), id, in)
	}
}

func (u *UI) leaveDesignate(r *http.Request, f Form, id int64, version int) (string, error) {
	switch f.Get("outcome") {
	case "approve", "deny":
	default:
		f.Errors.Add("outcome", "Choose whether the leave is designated")
		return "", nil
	}
	err := u.LeaveCases.Designate(r.Context(), actor(r), id, leave.DesignationInput{Version: version, Approve: f.Get("outcome") == "approve", Note: f.Get("note")})
	return "Recorded the designation; send the designation notice (or it waits for the HR manager's approval).", err
}

func (u *UI) leaveNotice(r *http.Request, f Form, id int64, version int) (string, error) {
	_, err := u.LeaveCases.SendNotice(r.Context(), actor(r), id, version, f.Get("kind"))
	return "Sent the " + strings.ToLower(leave.NoticeLabels[f.Get("kind")]) + " to the employee by email, with the PDF.", err
}

func (u *UI) leaveUsage(r *http.Request, f Form, id int64, version int) (string, error) {
	from, to := dateOf(f, "from"), dateOf(f, "to")
	hours, err := strconv.ParseFloat(strings.TrimSpace(f.Get("hours")), 64)
	if err != nil || hours <= 0 || hours > 24 {
		f.Errors.Add("hours", "Enter the hours missed each day, more than 0 and at most 24")
	}
	if from.IsZero() {
		f.Errors.Add("from", "Enter the first day of leave taken")
	}
	if to.IsZero() {
		to = from
	}
	if !from.IsZero() && to.Before(from) {
		f.Errors.Add("to", "The last day cannot be before the first")
	} else if from.DaysUntil(to) > 366 {
		f.Errors.Add("to", "Record at most a year at a time")
	}
	if len(f.Errors) > 0 {
		return "", nil
	}
	var days []rules.LeaveHours
	for d := from; !d.After(to); d = d.AddDays(1) {
		if from != to && d.IsWeekend() && f.Get("weekends") != "yes" {
			continue
		}
		days = append(days, rules.LeaveHours{Date: d, Hours: hours})
	}
	res, err := u.LeaveCases.RecordUsage(r.Context(), actor(r), id, leave.UsageInput{Version: version, Days: days, Note: f.Get("note")})
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("Recorded %d day(s): %.2f hours charged against FMLA, %.2f hours left.", len(days), res.Charged, res.Available)
	if res.Unprotected > 0 {
		msg += fmt.Sprintf(" %.2f hours go past the entitlement and are not FMLA-protected: a task asks for a decision.", res.Unprotected)
	}
	return msg, nil
}

func (u *UI) leaveClose(r *http.Request, f Form, id int64, version int) (string, error) {
	return "Closed the case.", u.LeaveCases.Close(r.Context(), actor(r), id, version, f.Get("note"))
}

func (u *UI) leaveNoticePDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, pdf, err := u.LeaveCases.NoticePDF(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="fmla-%s-notice-%d.pdf"`, n.Kind, n.CaseID))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}

func (u *UI) leaveCertDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, data, err := u.LeaveCases.Certification(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", d.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(d.Filename)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

// LeaveDashboardPage is the HR manager's leave dashboard.
type LeaveDashboardPage struct {
	Base
	D        leave.Dashboard
	MaxUnit  int
	MaxCause int
	Today    date.Date
}

func (u *UI) leaveDashboardPage(w http.ResponseWriter, r *http.Request) error {
	d, err := u.LeaveCases.Dashboard(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := LeaveDashboardPage{Base: u.base(r, "Leave dashboard", "Leave"), D: d, Today: date.Of(u.now())}
	for _, c := range d.ByUnit {
		p.MaxUnit = max(p.MaxUnit, c.N)
	}
	for _, c := range d.ByReason {
		p.MaxCause = max(p.MaxCause, c.N)
	}
	p.Crumbs = []Crumb{{Label: "Leave cases", Href: "/leave"}, {Label: "Dashboard"}}
	u.render(w, r, http.StatusOK, "leave/dashboard", p)
	return nil
}

// LeaveSettingsPage manages designation approval, the state programs and
// the notice templates.
type LeaveSettingsPage struct {
	Base
	Approval     bool
	Programs     []leave.Program
	Templates    []LeaveTemplateView
	Form         Form
	Edit         string // the program key being edited ("new" adds)
	Reasons      []Option
	Periods      []Option
	SettingsTabs []Tab
}

// LeaveTemplateView is one template's editor.
type LeaveTemplateView struct {
	Kind, Label, Text string
	Form              Form
}

func (u *UI) leaveSettingsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLeaveSettings(w, r, http.StatusOK, NewForm(r.URL.Query()), "")
}

func (u *UI) renderLeaveSettings(w http.ResponseWriter, r *http.Request, status int, f Form, failedTemplate string) error {
	a := actor(r)
	if err := access.Require(a, access.LeaveProgramsManage, access.CompanyTarget); err != nil {
		return err
	}
	p := LeaveSettingsPage{Base: u.base(r, "Leave settings", "Settings"), Form: f, Edit: f.Get("edit"), SettingsTabs: settingsTabs(a, "/settings/leave")}
	var err error
	if p.Approval, err = u.LeaveCases.DesignationApproval(r.Context()); err != nil {
		return err
	}
	if p.Programs, err = u.LeaveCases.Programs(r.Context(), a); err != nil {
		return err
	}
	ts, err := u.LeaveCases.Templates(r.Context(), a)
	if err != nil {
		return err
	}
	for _, k := range leave.NoticeKinds {
		tv := LeaveTemplateView{Kind: k, Label: leave.NoticeLabels[k], Text: ts[k], Form: NewForm(nil)}
		if k == failedTemplate {
			tv.Form, tv.Text = f, f.Get("template")
		}
		p.Templates = append(p.Templates, tv)
	}
	if p.Edit != "" && f.Get("key") == "" && len(f.Errors) == 0 {
		for _, pr := range p.Programs {
			if pr.Key == p.Edit {
				p.Form = NewForm(programValues(pr))
				p.Form.Values.Set("edit", pr.Key)
			}
		}
	}
	for _, k := range leave.Reasons {
		p.Reasons = append(p.Reasons, Option{Value: k, Label: leave.ReasonLabels[k], Selected: containsValue(p.Form.Values["reasons"], k)})
	}
	for _, k := range leave.ProgramPeriods {
		p.Periods = append(p.Periods, Option{Value: k, Label: map[string]string{leave.PeriodFMLAMethod: "The company's FMLA 12-month method", leave.PeriodRolling52: "The 52 weeks looking back", leave.PeriodCalendar: "The calendar year"}[k]})
	}
	p.Crumbs = []Crumb{{Label: "Settings", Href: "/settings"}, {Label: "Leave"}}
	u.render(w, r, status, "leave/settings", p)
	return nil
}

func containsValue(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func programValues(p leave.Program) map[string][]string {
	b := func(v bool) string {
		if v {
			return "yes"
		}
		return ""
	}
	return map[string][]string{"key": {p.Key}, "name": {p.Name}, "jurisdiction": {p.Jurisdiction}, "weeks": {itoa(int64(p.Weeks))}, "period": {p.Period},
		"min_employees": {itoa(int64(p.MinEmployees))}, "min_months": {itoa(int64(p.MinMonths))}, "min_hours": {itoa(int64(p.MinHours))}, "min_weeks_employed": {itoa(int64(p.MinWeeksEmployed))},
		"reasons": p.Reasons, "paid": {b(p.Paid)}, "concurrent": {b(p.Concurrent)}, "active": {b(p.Active)}, "notes": {p.Notes}, "sources": {p.Sources}, "version": {itoa(int64(p.Version))}}
}

func (u *UI) saveLeaveSettings(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	a := actor(r)
	switch f.Get("_form") {
	case "approval":
		if err := u.LeaveCases.SetDesignationApproval(r.Context(), a, f.Get("designation_approval") == "yes"); err != nil {
			return err
		}
		return u.redirect(w, r, "/settings/leave", "Saved the designation approval setting.")
	case "template":
		kind := f.Get("kind")
		err := u.LeaveCases.SaveTemplate(r.Context(), a, kind, f.Get("template"))
		if err == nil {
			return u.redirect(w, r, "/settings/leave#template-"+kind, "Saved the template of the "+strings.ToLower(leave.NoticeLabels[kind])+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderLeaveSettings(w, r, http.StatusUnprocessableEntity, f, kind)
	}
	num := func(k string) int {
		v, err := strconv.Atoi(strings.TrimSpace(f.Get(k)))
		if err != nil && strings.TrimSpace(f.Get(k)) != "" {
			f.Errors.Add(k, "Enter a whole number")
		}
		return v
	}
	p := leave.Program{Key: strings.TrimSpace(f.Get("key")), Name: f.Get("name"), Jurisdiction: f.Get("jurisdiction"), Weeks: num("weeks"), Period: f.Get("period"),
		MinEmployees: num("min_employees"), MinMonths: num("min_months"), MinHours: num("min_hours"), MinWeeksEmployed: num("min_weeks_employed"), Reasons: f.Values["reasons"],
		Paid: f.Get("paid") == "yes", Concurrent: f.Get("concurrent") == "yes", Active: f.Get("active") == "yes", Notes: f.Get("notes"), Sources: f.Get("sources")}
	version := num("version")
	if len(f.Errors) == 0 {
		err := u.LeaveCases.SaveProgram(r.Context(), a, p, version)
		if err == nil {
			return u.redirect(w, r, "/settings/leave#programs", "Saved "+p.Name+". Cases opened from now on are evaluated with it.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	if f.Get("edit") == "" {
		f.Values.Set("edit", "new")
	}
	return u.renderLeaveSettings(w, r, http.StatusUnprocessableEntity, f, "")
}
