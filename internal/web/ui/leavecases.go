package ui

import (
	"net/http"
	"net/url"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// LeaveCasesPage lists FMLA cases (HR).
type LeaveCasesPage struct {
	Base
	Cases     []leave.Case
	Dashboard bool
}

func (u *UI) leaveCasesPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := u.LeaveCases.List(r.Context(), actor(r), 0)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "leave/list", LeaveCasesPage{Base: u.base(r, "Leave cases", "Leave"), Cases: cs, Dashboard: access.CanAnywhere(actor(r), access.LeaveDashboard)})
	return nil
}

// LeaveCaseFormPage opens a case.
type LeaveCaseFormPage struct {
	Base
	Form      Form
	HR        bool
	Reasons   []Option
	Schedules []Option
}

func (u *UI) renderLeaveCaseForm(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	p := LeaveCaseFormPage{Base: u.base(r, "Request family or medical leave", "Leave"), Form: f, HR: access.Can(a, access.LeaveCaseManage, access.CompanyTarget),
		Schedules: []Option{{Value: "continuous", Label: "Continuous (a block of time)"}, {Value: "intermittent", Label: "Intermittent (episodes, appointments)"}, {Value: "reduced", Label: "Reduced schedule (fewer hours a day or week)"}}}
	for _, k := range leave.Reasons {
		p.Reasons = append(p.Reasons, Option{Value: k, Label: leave.ReasonLabels[k]})
	}
	u.render(w, r, status, "leave/new", p)
	return nil
}

func (u *UI) leaveCaseForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderLeaveCaseForm(w, r, http.StatusOK, NewForm(url.Values{"notice_on": {date.Of(u.now()).String()}, "employee_email": {r.URL.Query().Get("employee_email")}}))
}

func (u *UI) openLeaveCase(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := leave.CaseInput{Reason: f.Get("reason"), Schedule: f.Get("schedule"), Frequency: f.Get("frequency"), OvertimeHours: floatOf(f, "mandatory_overtime_hours"), Starts: dateOf(f, "starts_on"), Ends: dateOf(f, "ends_on"), NoticeOn: dateOf(f, "notice_on"),
		Medical: f.Get("medical"), Invalid: f.Errors}
	if f.Get("employee_email") != "" {
		in.EmployeeID = u.managerFromEmail(r, f, "employee_email")
	}
	id, err := u.LeaveCases.Open(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/leave/cases/"+itoa(id), "Opened the leave case; the notices are in the compliance queue with their deadlines.")
	}
	if err := f.Fail(err, map[string]string{"employee_id": "employee_email"}); err != nil {
		return err
	}
	return u.renderLeaveCaseForm(w, r, http.StatusUnprocessableEntity, f)
}

// LeaveCasePage is one case.
type LeaveCasePage struct {
	Base
	C  leave.Case
	HR bool
	// Form carries a failed action's values and errors; Section names
	// the form it came from.
	Form        Form
	Section     string
	F           map[string]Form // each action's form: the failed one's values and errors
	Today       date.Date
	NoticeKinds []Option
	Approval    bool
}

func (u *UI) leaveCasePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLeaveCase(w, r, http.StatusOK, NewForm(url.Values{}))
}

func (u *UI) renderLeaveCase(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	c, err := u.LeaveCases.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := LeaveCasePage{Base: u.base(r, "Leave case · "+c.EmployeeName, "Leave"), C: c, HR: u.LeaveCases.CanManage(r.Context(), a, c), Form: f, Section: f.Get("_section"), Today: date.Of(u.now()), F: map[string]Form{}}
	for _, k := range []string{"notices", "usage", "certification", "designation", "close"} {
		p.F[k] = NewForm(url.Values{})
	}
	if p.Section != "" {
		p.F[p.Section] = f
	}
	if p.HR {
		p.Crumbs = []Crumb{{Label: "Leave cases", Href: "/leave"}, {Label: c.EmployeeName}}
		for _, k := range leave.NoticeKinds {
			if k == leave.NoticeDeficiency && c.CertStatus != leave.CertIncomplete {
				continue
			}
			if k == leave.NoticeDesignation && c.Designation != leave.DesignationApproved && c.Designation != leave.DesignationDenied {
				continue
			}
			p.NoticeKinds = append(p.NoticeKinds, Option{Value: k, Label: leave.NoticeLabels[k]})
		}
		if p.Approval, err = u.LeaveCases.DesignationApproval(r.Context()); err != nil {
			return err
		}
	}
	u.render(w, r, status, "leave/case", p)
	return nil
}
