package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// payTabs are the Pay area's tabs.
func payTabs(a access.Actor, active string) []Tab {
	tabs := []Tab{{Key: "/pay/payroll", Label: "Payroll"}, {Key: "/pay/payments", Label: "One-time payments"}, {Key: "/pay/reports", Label: "Reports"},
		{Key: "/pay/positions", Label: "Position in range"}, {Key: "/pay/merit", Label: "Merit"}, {Key: "/pay/structures", Label: "Structures"}, {Key: "/pay/market", Label: "Market"}, {Key: "/pay/philosophy", Label: "Philosophy"}}
	if access.Can(a, access.BonusManage, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/pay/bonus", Label: "Bonus plans"})
	}
	if access.Can(a, access.CompDesign, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/pay/rewards", Label: "Total rewards"})
	}
	if access.CanAnywhere(a, access.CompEquity) {
		tabs = append(tabs, Tab{Key: "/pay/equity", Label: "Pay equity"})
	}
	if access.Can(a, access.PayrollSettings, access.CompanyTarget) {
		tabs = append(tabs, Tab{Key: "/pay/settings", Label: "Payroll settings"})
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == active
	}
	return tabs
}

// PayrollPage is the payroll overview.
type PayrollPage struct {
	Base
	Tabs      []Tab
	O         payroll.Overview
	Changes   []payroll.Item
	More      int
	Templates []payroll.Template
	Form      Form
	CanSetup  bool
}

func (u *UI) renderPayroll(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a, ctx := actor(r), r.Context()
	o, err := u.Payroll.Overview(ctx, a)
	if err != nil {
		return err
	}
	ts, err := u.Payroll.Templates(ctx, a)
	if err != nil {
		return err
	}
	p := PayrollPage{Base: u.base(r, "Payroll", "Pay"), Tabs: payTabs(a, "/pay/payroll"), O: o, Changes: o.Changes, Templates: ts, Form: f,
		CanSetup: access.Can(a, access.PayrollSettings, access.CompanyTarget)}
	if len(p.Changes) > 500 {
		p.More, p.Changes = len(p.Changes)-500, p.Changes[:500]
	}
	u.render(w, r, status, "pay/payroll", p)
	return nil
}

func (u *UI) payrollPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPayroll(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) exportPayroll(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	end := dateOf(f, "period_end")
	if len(f.Errors) == 0 {
		e, err := u.Payroll.ExportPeriod(r.Context(), actor(r), end)
		if err == nil {
			return u.redirect(w, r, "/pay/exports/"+itoa(e.ID), fmt.Sprintf("Exported %s to %s: %s. The period is locked; download the file for the payroll provider below.",
				e.Period.Start.Format("Jan 2"), e.Period.End.Format("Jan 2, 2006"), plural(e.Items, "change")))
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderPayroll(w, r, http.StatusConflict, f)
}

// PayrollExportPage is one export.
type PayrollExportPage struct {
	Base
	Tabs      []Tab
	Export    payroll.Export
	Items     []payroll.Item
	Templates []payroll.Template
	CanFile   bool
}

func (u *UI) payrollExport(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("payroll export")
	}
	e, items, err := u.Payroll.ExportDetail(ctx, a, id)
	if err != nil {
		return err
	}
	ts, err := u.Payroll.Templates(ctx, a)
	if err != nil {
		return err
	}
	_, whole := access.ScopePaths(a, access.PayrollExport)
	u.render(w, r, http.StatusOK, "pay/export", PayrollExportPage{Base: u.base(r, "Payroll export "+e.Period.String(), "Pay"), Tabs: payTabs(a, "/pay/payroll"),
		Export: e, Items: items, Templates: ts, CanFile: whole})
	return nil
}

func (u *UI) payrollExportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("payroll export")
	}
	name, data, err := u.Payroll.ExportFile(r.Context(), actor(r), id, r.URL.Query().Get("template"))
	if err != nil {
		return err
	}
	return sendAttachment(w, "text/csv; charset=utf-8", name, data)
}

// PaymentsPage lists one-time payments and requests one.
type PaymentsPage struct {
	Base
	Tabs     []Tab
	Payments []payroll.Payment
	Form     Form
	Kinds    []Option
	CanPay   bool
}

func (u *UI) renderPayments(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ps, err := u.Payroll.Payments(r.Context(), a, 0)
	if err != nil {
		return err
	}
	u.render(w, r, status, "pay/payments", PaymentsPage{Base: u.base(r, "One-time payments", "Pay"), Tabs: payTabs(a, "/pay/payments"), Payments: ps, Form: f,
		Kinds: codeOptions(payroll.PaymentKinds), CanPay: access.CanAnywhere(a, access.EmployeePayChange)})
	return nil
}

func (u *UI) paymentsPage(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(url.Values{"employee": {r.URL.Query().Get("employee")}})
	return u.renderPayments(w, r, http.StatusOK, f)
}

func (u *UI) requestPayment(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	emp := u.anyEmployee(r, f, "employee")
	in := payroll.PaymentInput{Kind: f.Get("kind"), AmountCents: centsOf(f, "amount"), Currency: f.Get("currency"), PayDate: dateOf(f, "pay_date"), Note: f.Get("note"), Invalid: f.Errors}
	if emp != 0 {
		res, err := u.Payroll.RequestPayment(r.Context(), actor(r), emp, in)
		if err == nil {
			msg := "Recorded the payment; it goes to payroll with the period of its pay date."
			if res.ApprovalID != 0 {
				msg = "Sent the payment for approval; once approved it goes to payroll with the period of its pay date."
			}
			return u.redirect(w, r, "/pay/payments", msg)
		}
		if err := f.Fail(err, map[string]string{"amount_cents": "amount"}); err != nil {
			return err
		}
	}
	return u.renderPayments(w, r, http.StatusUnprocessableEntity, f)
}

// PayReportsPage is the payroll register and the cost report.
type PayReportsPage struct {
	Base
	Tabs       []Tab
	Form       Form
	Register   []payroll.Item
	More       int
	Costs      []payroll.OrgCost
	RangeQuery string
}

func (u *UI) payReports(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	q := r.URL.Query()
	today := date.Of(u.now())
	if q.Get("from") == "" {
		q.Set("from", today.AddDays(-30).String())
	}
	if q.Get("through") == "" {
		q.Set("through", today.AddDays(14).String())
	}
	f := NewForm(q)
	from, through := dateOf(f, "from"), dateOf(f, "through")
	p := PayReportsPage{Base: u.base(r, "Payroll reports", "Pay"), Tabs: payTabs(a, "/pay/reports"), Form: f, RangeQuery: url.Values{"from": {q.Get("from")}, "through": {q.Get("through")}}.Encode()}
	status := http.StatusOK
	if len(f.Errors) == 0 {
		items, err := u.Payroll.Register(ctx, a, from, through)
		if err != nil {
			if err := f.Fail(err, nil); err != nil {
				return err
			}
			status = http.StatusUnprocessableEntity
		}
		p.Register = items
		if len(p.Register) > 500 {
			p.More, p.Register = len(p.Register)-500, p.Register[:500]
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	costs, err := u.Payroll.Costs(ctx, a)
	if err != nil {
		return err
	}
	p.Costs = costs
	u.render(w, r, status, "pay/reports", p)
	return nil
}

func (u *UI) payReportFile(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	format := r.URL.Query().Get("format")
	if format != "csv" {
		format = "xlsx"
	}
	var name, sheet string
	var header []string
	var rows [][]string
	switch r.PathValue("report") {
	case "register":
		f := NewForm(r.URL.Query())
		from, through := dateOf(f, "from"), dateOf(f, "through")
		if len(f.Errors) > 0 {
			return kit.Invalid("from", "Enter the dates as YYYY-MM-DD")
		}
		items, err := u.Payroll.Register(ctx, a, from, through)
		if err != nil {
			return err
		}
		name, sheet, header, rows = "payroll-register-"+from.String()+"-"+through.String(), "Payroll changes", payroll.RegisterColumns, payroll.RegisterRows(items)
	case "costs":
		costs, err := u.Payroll.Costs(ctx, a)
		if err != nil {
			return err
		}
		name, sheet, header, rows = "headcount-and-cost", "Cost by org unit", payroll.CostColumns, payroll.CostRows(costs)
	default:
		return kit.NotFound("report")
	}
	b, err := kit.WriteTable(format, sheet, header, rows)
	if err != nil {
		return err
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == "csv" {
		ct = "text/csv; charset=utf-8"
	}
	return sendAttachment(w, ct, name+"."+format, b)
}

// PaySettingsPage is the pay calendar, the minimum wage and the
// provider templates.
type PaySettingsPage struct {
	Base
	Tabs        []Tab
	Form        Form
	Frequencies []Option
	Templates   []payroll.Template
	Locked      date.Date
}

func (u *UI) renderPaySettings(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a, ctx := actor(r), r.Context()
	if err := access.Require(a, access.PayrollSettings, access.CompanyTarget); err != nil {
		return err
	}
	o, err := u.Payroll.Overview(ctx, a)
	if err != nil {
		return err
	}
	ts, err := u.Payroll.Templates(ctx, a)
	if err != nil {
		return err
	}
	if f == nil {
		min, err := u.Payroll.MinimumWage(ctx)
		if err != nil {
			return err
		}
		v := url.Values{"frequency": {o.Calendar.Frequency}, "minimum_wage": {kit.FormatCents(min)}}
		if on, err := u.Payroll.ReportsPay(ctx); err != nil {
			return err
		} else if on {
			v.Set("reports_pay", "on")
		}
		if !o.Calendar.Start.IsZero() {
			v.Set("first_period_start", o.Calendar.Start.String())
		}
		nf := NewForm(v)
		f = &nf
	}
	u.render(w, r, status, "pay/settings", PaySettingsPage{Base: u.base(r, "Payroll settings", "Pay"), Tabs: payTabs(a, "/pay/settings"), Form: *f,
		Frequencies: codeOptions(payroll.Frequencies), Templates: ts, Locked: o.LockedThrough})
	return nil
}

func (u *UI) paySettings(w http.ResponseWriter, r *http.Request) error {
	return u.renderPaySettings(w, r, http.StatusOK, nil)
}

func (u *UI) savePaySettings(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := payroll.Settings{Calendar: payroll.Calendar{Frequency: f.Get("frequency"), Start: dateOf(f, "first_period_start")}, MinimumWageCents: centsOf(f, "minimum_wage"),
		ReportsPay: f.Get("reports_pay") != "", Invalid: f.Errors}
	err := u.Payroll.SaveSettings(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/pay/settings", "Saved the payroll settings.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderPaySettings(w, r, http.StatusUnprocessableEntity, &f)
}

// PayTemplatePage edits a provider template.
type PayTemplatePage struct {
	Base
	Tabs        []Tab
	ID          int64
	Form        Form
	Delimiters  []Option
	DateFormats []Option
	Amounts     []Option
	Kinds       []Option
	Fields      []payroll.Field
}

func (u *UI) renderPayTemplate(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) error {
	a := actor(r)
	if err := access.Require(a, access.PayrollSettings, access.CompanyTarget); err != nil {
		return err
	}
	kinds := codeOptions(payroll.Kinds)
	for i := range kinds {
		kinds[i].Label = payroll.KindLabel(kinds[i].Value)
		kinds[i].Selected = slices.Contains(f.Values["kinds"], kinds[i].Value)
	}
	title := "New payroll template"
	if id != 0 {
		title = "Payroll template"
	}
	u.render(w, r, status, "pay/template", PayTemplatePage{Base: u.base(r, title, "Pay"), Tabs: payTabs(a, "/pay/settings"), ID: id, Form: f,
		Delimiters: codeOptions([]string{"comma", "semicolon", "tab", "pipe"}), DateFormats: []Option{{Value: "iso", Label: "2026-11-30 (ISO)"}, {Value: "us", Label: "11/30/2026"}, {Value: "eu", Label: "30/11/2026"}, {Value: "compact", Label: "20261130"}},
		Amounts: []Option{{Value: "decimal", Label: "Decimal (1234.50)"}, {Value: "cents", Label: "Cents (123450)"}}, Kinds: kinds, Fields: payroll.Fields})
	return nil
}

func (u *UI) payTemplate(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("id") == "new" {
		return u.renderPayTemplate(w, r, http.StatusOK, 0, NewForm(url.Values{"delimiter": {"comma"}, "header": {"on"}, "date_format": {"iso"}, "amount_format": {"decimal"},
			"columns": {"Employee ID = employee_number\nChange = change_type\nEffective = effective_date\nRate = pay_amount"}}))
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("payroll template")
	}
	t, err := u.Payroll.Template(r.Context(), actor(r), strconv.FormatInt(id, 10))
	if err != nil {
		return err
	}
	v := url.Values{"name": {t.Name}, "delimiter": {t.Delimiter}, "date_format": {t.DateFormat}, "amount_format": {t.AmountFormat}, "kinds": t.Kinds}
	if t.Header {
		v.Set("header", "on")
	}
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, c.Header+" = "+c.Field)
	}
	v.Set("columns", strings.Join(lines, "\n"))
	return u.renderPayTemplate(w, r, http.StatusOK, id, NewForm(v))
}

func (u *UI) savePayTemplate(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if v := r.PathValue("id"); v != "" {
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			return kit.NotFound("payroll template")
		}
	}
	f := NewForm(r.PostForm)
	t := payroll.Template{ID: id, Name: f.Get("name"), Delimiter: f.Get("delimiter"), Header: f.Get("header") != "", DateFormat: f.Get("date_format"),
		AmountFormat: f.Get("amount_format"), Kinds: f.Values["kinds"]}
	for i, line := range strings.Split(strings.ReplaceAll(f.Get("columns"), "\r", ""), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		h, fld, ok := strings.Cut(line, "=")
		if !ok {
			f.Errors.Add("columns", "Line "+strconv.Itoa(i+1)+": write Header = field")
			continue
		}
		t.Columns = append(t.Columns, payroll.Column{Header: strings.TrimSpace(h), Field: strings.TrimSpace(fld)})
	}
	if len(f.Errors) == 0 {
		_, err := u.Payroll.SaveTemplate(r.Context(), actor(r), t)
		if err == nil {
			return u.redirect(w, r, "/pay/settings", "Saved the template "+t.Name+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderPayTemplate(w, r, http.StatusUnprocessableEntity, id, f)
}

func (u *UI) deletePayTemplate(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("payroll template")
	}
	if err := u.Payroll.DeleteTemplate(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/pay/settings", "Deleted the template.")
}

// plural is "1 change" or "3 changes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
