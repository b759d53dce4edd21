package ui

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// TimeOffPage is an employee's own time off: balances, the request form
// and their requests.
type TimeOffPage struct {
	Base
	Balances []leave.TypeBalance
	Requests []leave.Request
	Form     Form
	Types    []Option
	Today    date.Date
	IsLead   bool
}

func (u *UI) renderTimeOff(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	if a.EmployeeID == 0 {
		return kit.NotFound("page")
	}
	p := TimeOffPage{Base: u.base(r, "Time off", "Time off"), Form: f, Today: date.Of(u.now()), IsLead: a.HasReports}
	var err error
	if p.Balances, err = u.TimeOff.Balances(r.Context(), a, a.EmployeeID, p.Today); err != nil {
		return err
	}
	if p.Requests, err = u.TimeOff.Requests(r.Context(), a, leave.RequestFilter{EmployeeID: a.EmployeeID, Limit: 50}); err != nil {
		return err
	}
	types, err := u.TimeOff.LeaveTypes(r.Context())
	if err != nil {
		return err
	}
	for _, t := range types {
		if t.Active {
			p.Types = append(p.Types, Option{Value: itoa(t.ID), Label: t.Name})
		}
	}
	p.Types = selected(p.Types, f.Get("leave_type_id"))
	u.render(w, r, status, "timeoff/mine", p)
	return nil
}

func (u *UI) timeOffPage(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"starts_on": {date.Of(u.now()).AddDays(7).String()}}
	// ?change=ID fills the form with a request to change.
	if id, err := strconv.ParseInt(r.URL.Query().Get("change"), 10, 64); err == nil && id > 0 {
		old, err := u.TimeOff.Get(r.Context(), actor(r), id)
		if err != nil {
			return err
		}
		v = url.Values{"change_id": {itoa(old.ID)}, "leave_type_id": {itoa(old.TypeID)}, "starts_on": {old.Starts.String()}, "ends_on": {old.Ends.String()}, "note": {old.Note}}
		if len(old.Days) == 1 && old.Hours < 8 {
			v.Set("hours", strconv.FormatFloat(old.Hours, 'f', -1, 64))
		}
	}
	return u.renderTimeOff(w, r, http.StatusOK, NewForm(v))
}

func (u *UI) requestTimeOff(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	hours := 0.0
	if v := strings.TrimSpace(f.Get("hours")); v != "" {
		h, err := strconv.ParseFloat(v, 64)
		if err != nil {
			f.Errors.Add("hours", "Enter a number of hours")
		}
		hours = h
	}
	in := leave.RequestInput{TypeID: int64Of(f, "leave_type_id"), Starts: dateOf(f, "starts_on"), Ends: dateOf(f, "ends_on"), Hours: hours, Note: f.Get("note"), Invalid: f.Errors}
	var err error
	if change := int64Of(f, "change_id"); change > 0 {
		if _, err = u.TimeOff.Change(r.Context(), actor(r), change, in); err == nil {
			return u.redirect(w, r, "/time-off", "Changed. The new dates go to your manager to approve; the old request is cancelled.")
		}
	} else if _, err = u.TimeOff.Request(r.Context(), actor(r), in); err == nil {
		return u.redirect(w, r, "/time-off", "Requested. Your manager has it to approve.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderTimeOff(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) cancelTimeOff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/time-off"
	if ref := r.PostFormValue("back"); strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//") {
		back = ref
	}
	if err := u.TimeOff.Cancel(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, back, kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, back, "Cancelled.")
}

// TeamCalendarPage shows a team's time off over four weeks.
type TeamCalendarPage struct {
	Base
	Days    []date.Date
	Rows    []CalendarRow
	From    date.Date
	Prev    string
	Next    string
	FeedURL string
	IsLead  bool
}

// CalendarRow is one person's line.
type CalendarRow struct {
	Name  string
	Cells []CalendarCell
}

// CalendarCell is one person on one day.
type CalendarCell struct {
	Label, Class, Title string
}

func (u *UI) teamCalendar(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !a.HasReports && !a.IsHR() {
		return kit.Forbidden("the team calendar is for line managers and HR")
	}
	from := date.Of(u.now())
	if v := r.URL.Query().Get("from"); v != "" {
		if d, err := date.Parse(v); err == nil {
			from = d
		}
	}
	for from.Weekday() != 1 {
		from = from.AddDays(-1)
	}
	to := from.AddDays(27)
	p := TeamCalendarPage{Base: u.base(r, "Team time off", "Time off"), From: from, IsLead: a.HasReports,
		Prev: "/time-off/team?from=" + from.AddDays(-28).String(), Next: "/time-off/team?from=" + from.AddDays(28).String()}
	for d := from; !d.After(to); d = d.AddDays(1) {
		p.Days = append(p.Days, d)
	}
	f := leave.RequestFilter{From: from, To: to, Statuses: []string{leave.RequestApproved, leave.RequestPending}, Limit: 2000}
	if a.HasReports && !a.IsHR() {
		f.ManagerID = a.EmployeeID
	}
	rs, err := u.TimeOff.Requests(r.Context(), a, f)
	if err != nil {
		return err
	}
	byName := map[string]map[date.Date]leave.Request{}
	var names []string
	for _, q := range rs {
		if byName[q.EmployeeName] == nil {
			byName[q.EmployeeName] = map[date.Date]leave.Request{}
			names = append(names, q.EmployeeName)
		}
		for _, d := range q.Days {
			byName[q.EmployeeName][d.On] = q
		}
	}
	sort.Strings(names)
	for _, n := range names {
		row := CalendarRow{Name: n}
		for _, d := range p.Days {
			c := CalendarCell{}
			if q, ok := byName[n][d]; ok {
				c.Label, c.Class, c.Title = "Off", "cal-"+q.Status, q.TypeName+" ("+q.Status+")"
				if q.Status == leave.RequestPending {
					c.Label = "Asked"
				}
			} else if d.IsWeekend() {
				c.Class = "cal-weekend"
			}
			row.Cells = append(row.Cells, c)
		}
		p.Rows = append(p.Rows, row)
	}
	u.render(w, r, http.StatusOK, "timeoff/team", p)
	return nil
}

func (u *UI) createFeed(w http.ResponseWriter, r *http.Request) error {
	tok, err := u.TimeOff.CreateFeed(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return u.redirect(w, r, "/time-off/team", "Your team's calendar feed: "+u.absolute(r, "/time-off/calendar/"+tok+".ics")+" (add it to your calendar app; keep the address private)")
}

func (u *UI) absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || u.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (u *UI) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	tok := strings.TrimSuffix(r.PathValue("token"), ".ics")
	b, err := u.TimeOff.Feed(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(b)
	return err
}

// LeaveTypesPage edits the leave types.
type LeaveTypesPage struct {
	Base
	Types        []leave.LeaveType
	Form         Form
	Edit         int64
	Frequencies  []Option
	SettingsTabs []Tab
}

func (u *UI) renderLeaveTypes(w http.ResponseWriter, r *http.Request, status int, f Form, edit int64) error {
	a := actor(r)
	if err := access.Require(a, access.LeaveTypesManage, access.CompanyTarget); err != nil {
		return err
	}
	p := LeaveTypesPage{Base: u.base(r, "Leave types", "Settings"), Form: f, Edit: edit, SettingsTabs: settingsTabs(a, "/settings/time-off"),
		Frequencies: []Option{{Value: leave.AccrueMonthly, Label: "Monthly"}, {Value: leave.AccrueBiweekly, Label: "Every two weeks"}, {Value: leave.AccrueAnnual, Label: "Once a year (January 1)"}, {Value: leave.AccrueNone, Label: "Not tracked"}}}
	var err error
	if p.Types, err = u.TimeOff.LeaveTypes(r.Context()); err != nil {
		return err
	}
	if len(f.Values) == 0 {
		v := url.Values{"unit": {"days"}, "frequency": {leave.AccrueMonthly}, "carryover_max": {"-1"}, "active": {"1"}, "paid": {"1"}}
		for _, t := range p.Types {
			if t.ID == edit {
				v = url.Values{"name": {t.Name}, "unit": {t.Unit}, "frequency": {t.Policy.Frequency}, "hours": {fnum(t.Policy.Hours)}, "cap": {fnum(t.Policy.Cap)},
					"carryover_max": {fnum(t.Policy.CarryoverMax)}, "carryover_expires_months": {strconv.Itoa(t.Policy.CarryoverExpiresMonths)}, "negative_limit": {fnum(t.Policy.NegativeLimit)},
					"min_tenure_days": {strconv.Itoa(t.MinTenureDays)}, "employment_types": {strings.Join(t.EmploymentTypes, ",")}, "regions": {strings.Join(t.Regions, ", ")}}
				for k, on := range map[string]bool{"paid": t.Paid, "prorate": t.Policy.Prorate, "allow_negative": t.Policy.AllowNegative, "second_approval": t.SecondApproval, "active": t.Active} {
					if on {
						v.Set(k, "1")
					}
				}
				if len(t.Policy.Tiers) > 0 {
					v.Set("tier_years", strconv.Itoa(t.Policy.Tiers[0].AfterYears))
					v.Set("tier_hours", fnum(t.Policy.Tiers[0].Hours))
				}
			}
		}
		p.Form = NewForm(v)
	}
	u.render(w, r, status, "timeoff/types", p)
	return nil
}

func fnum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (u *UI) leaveTypesPage(w http.ResponseWriter, r *http.Request) error {
	edit, _ := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64)
	return u.renderLeaveTypes(w, r, http.StatusOK, Form{}, edit)
}

func floatOf(f Form, k string) float64 {
	v := strings.TrimSpace(f.Get(k))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f.Errors.Add(k, "Enter a number")
	}
	return n
}

func (u *UI) saveLeaveType(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	t := leave.LeaveType{ID: int64Of(f, "id"), Name: f.Get("name"), Unit: f.Get("unit"), Paid: f.Get("paid") == "1", SecondApproval: f.Get("second_approval") == "1",
		Active: f.Get("active") == "1", MinTenureDays: intOf(f, "min_tenure_days"),
		Policy: leave.Policy{Frequency: f.Get("frequency"), Hours: floatOf(f, "hours"), Cap: floatOf(f, "cap"), CarryoverMax: floatOf(f, "carryover_max"),
			CarryoverExpiresMonths: intOf(f, "carryover_expires_months"), AllowNegative: f.Get("allow_negative") == "1", NegativeLimit: floatOf(f, "negative_limit"), Prorate: f.Get("prorate") == "1"}}
	if strings.TrimSpace(f.Get("carryover_max")) == "" {
		t.Policy.CarryoverMax = -1
	}
	if y := intOf(f, "tier_years"); y > 0 {
		t.Policy.Tiers = []leave.Tier{{AfterYears: y, Hours: floatOf(f, "tier_hours")}}
	}
	for _, et := range strings.Split(f.Get("employment_types"), ",") {
		if et = strings.TrimSpace(et); et != "" {
			t.EmploymentTypes = append(t.EmploymentTypes, et)
		}
	}
	for _, rg := range strings.Split(f.Get("regions"), ",") {
		if rg = strings.TrimSpace(rg); rg != "" {
			t.Regions = append(t.Regions, rg)
		}
	}
	var err error
	if len(f.Errors) == 0 {
		_, err = u.TimeOff.SaveLeaveType(r.Context(), actor(r), t)
	}
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, "/settings/time-off", "Saved "+t.Name+".")
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderLeaveTypes(w, r, http.StatusUnprocessableEntity, f, t.ID)
}

// adjustTimeOff adjusts a balance from the profile's time-off tab.
func (u *UI) adjustTimeOff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	_, err = u.TimeOff.Adjust(r.Context(), actor(r), id, int64Of(f, "leave_type_id"), floatOf(f, "hours"), dateOf(f, "effective_on"), f.Get("reason"))
	if err == nil && len(f.Errors) == 0 {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=time-off", "Adjusted the balance.")
	}
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderProfileWith(w, r, http.StatusUnprocessableEntity, nil, nil, nil, nil, &f)
}
