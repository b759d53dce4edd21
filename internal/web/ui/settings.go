package ui

import (
	"net/http"
	"net/url"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// CompanySettingsPage shows and edits the rules settings and closures.
type CompanySettingsPage struct {
	Base
	Form, ClosureForm Form
	Settings          compliance.Settings
	Today             date.Date
	Closures          []compliance.Closure
	Calendars         []Option
	Methods           []Option
	CanEdit           bool
	SettingsTabs      []Tab
}

func settingsTabs(a access.Actor, active string) []Tab {
	tabs := []Tab{{Key: "/settings/notifications", Label: "Notifications"}, {Key: "/settings/password", Label: "Password"}, {Key: "/settings/tokens", Label: "API tokens"}, {Key: "/settings/api", Label: "API reference"}, {Key: "/settings/calendars", Label: "Calendar feeds"}}
	if canFeeds(a) {
		tabs = append(tabs, Tab{Key: "/settings/feeds", Label: "Export feeds"})
	}
	if access.Can(a, access.FieldsDelegate, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/provisioning", Label: "Provisioning"})
	}
	if access.Can(a, access.RulesEvaluate, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/company", Label: "Rules and calendar"})
	}
	if access.Can(a, access.ApprovalView, access.CompanyTarget) || access.Can(a, access.ApprovalRulesManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/approvals", Label: "Approval chains"})
	}
	if access.Can(a, access.ApprovalDelegate, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/delegation", Label: "Delegation"})
	}
	if access.Can(a, access.ATSManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/recruiting", Label: "Recruiting"})
	}
	if access.Can(a, access.LeaveTypesManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/time-off", Label: "Time off"})
	}
	if access.Can(a, access.RelationsSettings, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/relations", Label: "Employee relations"})
	}
	if access.Can(a, access.LeaveProgramsManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/settings/leave", Label: "Leave"})
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

func (u *UI) companySettingsData(r *http.Request, f, cf *Form) (CompanySettingsPage, error) {
	a := actor(r)
	st, err := u.Compliance.Get(r.Context(), a)
	if err != nil {
		return CompanySettingsPage{}, err
	}
	today := date.Of(u.now())
	cs, err := u.Compliance.Closures(r.Context(), a, today.AddYears(-1), today.AddYears(2))
	if err != nil {
		return CompanySettingsPage{}, err
	}
	p := CompanySettingsPage{Base: u.base(r, "Rules and calendar", "Settings"), Closures: cs, SettingsTabs: settingsTabs(a, "/settings/company"),
		Calendars: []Option{{Value: "US_FED", Label: "Monday to Friday, except US federal holidays (observed)"}, {Value: "SEVEN_DAY", Label: "Every day (the business is open daily)"}},
		Methods:   []Option{{Value: "calendar_year", Label: "Calendar year"}, {Value: "fixed_leave_year", Label: "Fixed 12-month leave year"}, {Value: "forward_from_first_leave", Label: "12 months forward from the first FMLA leave"}, {Value: "rolling_backward", Label: "Rolling 12 months measured backward"}},
	}
	p.Settings, p.Today = st, today
	p.CanEdit = access.Can(a, access.CompanyRulesManage, access.CompanyTarget)
	if _, whole := access.ScopePaths(a, access.CompanyRulesManage); !whole {
		p.CanEdit = false
	}
	p.Form = NewForm(url.Values{"business_calendar": {st.BusinessCalendar}, "fmla_method": {st.FMLAMethod}, "fmla_leave_year_start": {st.LeaveYearStart},
		"roll_forward": {boolValue(st.RollForward)}, "count_trigger_day": {boolValue(st.CountTriggerDay)}})
	if f != nil {
		p.Form = *f
	}
	p.ClosureForm = NewForm(nil)
	if cf != nil {
		p.ClosureForm = *cf
	}
	return p, nil
}

func (u *UI) companySettings(w http.ResponseWriter, r *http.Request) error {
	p, err := u.companySettingsData(r, nil, nil)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/company", p)
	return nil
}

func (u *UI) updateCompanySettings(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	err := u.Compliance.Update(r.Context(), actor(r), compliance.Settings{BusinessCalendar: f.Get("business_calendar"), FMLAMethod: f.Get("fmla_method"), LeaveYearStart: f.Get("fmla_leave_year_start"),
		RollForward: f.Get("roll_forward") == "1", CountTriggerDay: f.Get("count_trigger_day") == "1", FMLAMethodFrom: dateOf(f, "fmla_method_from")})
	if err == nil {
		return u.redirect(w, r, "/settings/company", "Saved the rules settings.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	p, err := u.companySettingsData(r, &f, nil)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "admin/company", p)
	return nil
}

func (u *UI) addClosure(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	d := dateOf(f, "date")
	var err error
	if len(f.Errors) == 0 {
		if err = u.Compliance.AddClosure(r.Context(), actor(r), compliance.Closure{Date: d, Name: f.Get("name")}); err == nil {
			return u.redirect(w, r, "/settings/company", "Added the closure on "+d.String()+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	p, err := u.companySettingsData(r, nil, &f)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "admin/company", p)
	return nil
}

func (u *UI) removeClosure(w http.ResponseWriter, r *http.Request) error {
	d, err := date.Parse(r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := u.Compliance.RemoveClosure(r.Context(), actor(r), d); err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/company", "Removed the closure on "+d.String()+".")
}

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}
