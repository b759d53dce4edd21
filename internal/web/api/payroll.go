package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PayPeriodOut is a pay period, both days included.
type PayPeriodOut struct {
	Start date.Date `json:"start"`
	End   date.Date `json:"end"`
}

func periodOut(p payroll.Period) PayPeriodOut { return PayPeriodOut{p.Start, p.End} }

// PayrollChangeOut is one payroll change.
type PayrollChangeOut struct {
	ChangeID        string        `json:"change_id" doc:"Source and row: stable across exports"`
	Kind            string        `json:"kind" enum:"new_hire,rehire,pay_change,promotion,transfer,hours_change,job_change,termination,one_time_payment"`
	EffectiveDate   date.Date     `json:"effective_date"`
	EmployeeID      int64         `json:"employee_id"`
	EmployeeNumber  string        `json:"employee_number"`
	GivenName       string        `json:"given_name"`
	FamilyName      string        `json:"family_name"`
	OrgUnit         string        `json:"org_unit"`
	JobTitle        string        `json:"job_title"`
	Location        string        `json:"location"`
	EmploymentType  string        `json:"employment_type"`
	WeeklyHours     int           `json:"weekly_hours"`
	PayAmountCents  int64         `json:"pay_amount_cents"`
	PayPer          string        `json:"pay_per"`
	PayCurrency     string        `json:"pay_currency"`
	PrevAmountCents int64         `json:"previous_pay_amount_cents,omitempty"`
	Reason          string        `json:"reason"`
	PaymentType     string        `json:"payment_type,omitempty"`
	PaymentCents    int64         `json:"payment_amount_cents,omitempty"`
	LastDay         *date.Date    `json:"last_day,omitempty"`
	Voluntary       *bool         `json:"voluntary,omitempty"`
	CorrectsPeriod  *PayPeriodOut `json:"corrects_period,omitempty" doc:"Set when the change falls in a pay period already exported: it goes out as a correction"`
	ExportID        int64         `json:"export_id,omitempty" doc:"The export that sent it (0: waiting for the next export)"`
}

func payrollChangeOut(it payroll.Item) PayrollChangeOut {
	o := PayrollChangeOut{ChangeID: fmt.Sprintf("%s-%d", it.Source, it.SourceID), Kind: it.Kind, EffectiveDate: it.Effective, EmployeeID: it.EmployeeID, EmployeeNumber: it.Number,
		GivenName: it.GivenName, FamilyName: it.FamilyName, OrgUnit: it.OrgUnit, JobTitle: it.JobTitle, Location: it.Location, EmploymentType: it.EmploymentType,
		WeeklyHours: it.WeeklyHours, PayAmountCents: it.AmountCents, PayPer: it.Per, PayCurrency: it.Currency, PrevAmountCents: it.PrevAmountCents, Reason: it.Reason,
		PaymentType: it.PaymentKind, PaymentCents: it.PaymentCents, Voluntary: it.Voluntary, ExportID: it.ExportID}
	if !it.LastDay.IsZero() {
		d := it.LastDay
		o.LastDay = &d
	}
	if it.Corrects != nil {
		p := periodOut(*it.Corrects)
		o.CorrectsPeriod = &p
	}
	return o
}

func changesOut(items []payroll.Item) []PayrollChangeOut {
	out := []PayrollChangeOut{}
	for _, it := range items {
		out = append(out, payrollChangeOut(it))
	}
	return out
}

// PayrollExportOut is an exported pay period.
type PayrollExportOut struct {
	ID          int64        `json:"id"`
	Period      PayPeriodOut `json:"period"`
	Changes     int          `json:"changes"`
	Corrections int          `json:"corrections"`
	ExportedBy  string       `json:"exported_by"`
	ExportedAt  time.Time    `json:"exported_at"`
}

func exportOut(e payroll.Export) PayrollExportOut {
	return PayrollExportOut{ID: e.ID, Period: periodOut(e.Period), Changes: e.Items, Corrections: e.Corrections, ExportedBy: e.ExporterName, ExportedAt: e.ExportedAt}
}

// PayrollExportIn names the period to export.
type PayrollExportIn struct {
	PeriodEnd string `json:"period_end" required:"true" format:"date" doc:"The last day of the period to export (it must be the next one)"`
}

// PayrollExportDetailOut is an export with its changes.
type PayrollExportDetailOut struct {
	PayrollExportOut
	Items []PayrollChangeOut `json:"items"`
}

// PayrollCalendarOut is the pay calendar and minimum wage.
type PayrollCalendarOut struct {
	Frequency          string        `json:"frequency" enum:"weekly,biweekly,semimonthly,monthly,"`
	FirstPeriodStart   string        `json:"first_period_start" doc:"The first day of the first pay period Cadre exports (empty: not set up)"`
	MinimumHourlyCents int64         `json:"minimum_hourly_cents" doc:"The company's minimum hourly wage in US cents; pay below it is refused"`
	LockedThrough      string        `json:"locked_through" doc:"The last day of the last exported period (empty before any export)"`
	NextPeriodToExport *PayPeriodOut `json:"next_period,omitempty"`
	ReportsPay         bool          `json:"line_managers_see_reports_pay" doc:"Line managers see the pay of their reporting line"`
}

// PayrollOverviewOut is the payroll page.
type PayrollOverviewOut struct {
	Calendar    PayrollCalendarOut   `json:"calendar"`
	Changes     []PayrollChangeOut   `json:"changes" doc:"What the next export sends (in your pay scope)"`
	Corrections int                  `json:"corrections"`
	Upcoming    []PayrollUpcomingOut `json:"upcoming"`
	Exports     []PayrollExportOut   `json:"exports"`
}

// PayrollUpcomingOut is a coming pay period and its changes so far.
type PayrollUpcomingOut struct {
	Period  PayPeriodOut `json:"period"`
	Changes int          `json:"changes"`
}

// PayrollSettingsIn sets the pay calendar and minimum wage.
type PayrollSettingsIn struct {
	Frequency          string `json:"frequency" required:"true"`
	FirstPeriodStart   string `json:"first_period_start" required:"true" format:"date"`
	MinimumHourlyCents int64  `json:"minimum_hourly_cents" required:"true"`
	ReportsPay         bool   `json:"line_managers_see_reports_pay,omitempty" doc:"Let line managers see the pay of their reporting line"`
}

// PayrollTemplateOut is a payroll provider template.
type PayrollTemplateOut struct {
	Key          string           `json:"key" doc:"generic, or the template's ID"`
	Name         string           `json:"name"`
	Delimiter    string           `json:"delimiter" enum:"comma,semicolon,tab,pipe"`
	Header       bool             `json:"header"`
	DateFormat   string           `json:"date_format" enum:"iso,us,eu,compact"`
	AmountFormat string           `json:"amount_format" enum:"decimal,cents"`
	Kinds        []string         `json:"kinds" doc:"Kinds of change the file carries (empty: all)"`
	Columns      []payroll.Column `json:"columns"`
}

// PayrollTemplateIn creates or replaces a template.
type PayrollTemplateIn struct {
	Name         string           `json:"name" required:"true"`
	Delimiter    string           `json:"delimiter" required:"true"`
	Header       bool             `json:"header"`
	DateFormat   string           `json:"date_format" required:"true"`
	AmountFormat string           `json:"amount_format" required:"true"`
	Kinds        []string         `json:"kinds,omitempty"`
	Columns      []payroll.Column `json:"columns" required:"true" doc:"header and field (a payroll field, or const:TEXT for fixed text)"`
}

func templateOut(t payroll.Template) PayrollTemplateOut {
	k := t.Kinds
	if k == nil {
		k = []string{}
	}
	return PayrollTemplateOut{Key: t.Key(), Name: t.Name, Delimiter: t.Delimiter, Header: t.Header, DateFormat: t.DateFormat, AmountFormat: t.AmountFormat, Kinds: k, Columns: t.Columns}
}

// OneTimePaymentIn requests a one-time payment.
type OneTimePaymentIn struct {
	Kind        string `json:"kind" required:"true" enum:"bonus,commission,spot_award,sign_on,retention,referral,relocation,severance,other"`
	AmountCents int64  `json:"amount_cents" required:"true"`
	Currency    string `json:"currency,omitempty" doc:"The employee's pay currency by default"`
	PayDate     string `json:"pay_date" required:"true" format:"date"`
	Note        string `json:"note,omitempty"`
}

type paymentOutput struct {
	Status int
	Body   payroll.PaymentResult
}

// OneTimePaymentOut is a one-time payment.
type OneTimePaymentOut struct {
	ID          int64     `json:"id"`
	EmployeeID  int64     `json:"employee_id"`
	Employee    string    `json:"employee"`
	Kind        string    `json:"kind"`
	AmountCents int64     `json:"amount_cents"`
	Currency    string    `json:"currency"`
	PayDate     date.Date `json:"pay_date"`
	Note        string    `json:"note"`
	Status      string    `json:"status" enum:"pending,approved,rejected"`
	ApprovalID  int64     `json:"approval_id,omitempty"`
	RequestedBy string    `json:"requested_by"`
	Source      string    `json:"source,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func paymentsOut(ps []payroll.Payment) Page[OneTimePaymentOut] {
	out := Page[OneTimePaymentOut]{Items: []OneTimePaymentOut{}}
	for _, p := range ps {
		out.Items = append(out.Items, OneTimePaymentOut{ID: p.ID, EmployeeID: p.EmployeeID, Employee: p.EmployeeName, Kind: p.Kind, AmountCents: p.AmountCents, Currency: p.Currency,
			PayDate: p.PayDate, Note: p.Note, Status: p.Status, ApprovalID: p.ApprovalID, RequestedBy: p.RequesterName, Source: p.Source, CreatedAt: p.CreatedAt})
	}
	return out
}

// PayrollCostOut is an org unit's headcount and base pay cost.
type PayrollCostOut struct {
	payroll.OrgCost
}

func (a *API) registerPayroll(h huma.API) {
	const tag = "Payroll"
	calendarOut := func(ctx context.Context, o payroll.Overview) PayrollCalendarOut {
		min, _ := a.Payroll.MinimumWage(ctx)
		c := PayrollCalendarOut{Frequency: o.Calendar.Frequency, MinimumHourlyCents: min}
		c.ReportsPay, _ = a.Payroll.ReportsPay(ctx)
		if !o.Calendar.Start.IsZero() {
			c.FirstPeriodStart = o.Calendar.Start.String()
		}
		if !o.LockedThrough.IsZero() {
			c.LockedThrough = o.LockedThrough.String()
		}
		if !o.Next.End.IsZero() {
			p := periodOut(o.Next)
			c.NextPeriodToExport = &p
		}
		return c
	}
	huma.Register(h, op("payroll-overview", http.MethodGet, "/payroll", "The pay calendar, the changes the next export sends (in your pay scope, corrections marked), the coming periods and the exports", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[PayrollOverviewOut], error) {
		o, err := a.Payroll.Overview(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := PayrollOverviewOut{Calendar: calendarOut(ctx, o), Changes: changesOut(o.Changes), Corrections: o.Corrections, Exports: []PayrollExportOut{}}
		out.Upcoming = make([]PayrollUpcomingOut, len(o.Upcoming))
		for i, u := range o.Upcoming {
			out.Upcoming[i].Period, out.Upcoming[i].Changes = periodOut(u.Period), u.Changes
		}
		for _, e := range o.Exports {
			out.Exports = append(out.Exports, exportOut(e))
		}
		return &body[PayrollOverviewOut]{out}, nil
	})
	huma.Register(h, op("set-payroll-settings", http.MethodPut, "/payroll/settings", "Set the pay calendar (frequency and first period) and the company minimum wage; after an export the calendar may only change from the day after the last exported period", tag, access.PayrollSettings), func(ctx context.Context, in *body[PayrollSettingsIn]) (*body[PayrollCalendarOut], error) {
		f := kit.FieldErrors{}
		st := payroll.Settings{Calendar: payroll.Calendar{Frequency: in.Body.Frequency, Start: parseDate(f, "first_period_start", in.Body.FirstPeriodStart)}, MinimumWageCents: in.Body.MinimumHourlyCents, ReportsPay: in.Body.ReportsPay, Invalid: f}
		if err := a.Payroll.SaveSettings(ctx, actor(ctx), st); err != nil {
			return nil, a.fail(ctx, err)
		}
		o, err := a.Payroll.Overview(ctx, actor(ctx))
		if err != nil {
			o = payroll.Overview{Calendar: st.Calendar}
		}
		return &body[PayrollCalendarOut]{calendarOut(ctx, o)}, nil
	})
	ex := op("export-payroll-period", http.MethodPost, "/payroll/exports", "Export the next pay period to payroll: every change effective through its last day that no export holds (late ones for exported periods as corrections); the period is locked", tag, access.PayrollExport)
	ex.DefaultStatus = http.StatusCreated
	huma.Register(h, ex, func(ctx context.Context, in *body[PayrollExportIn]) (*body[PayrollExportOut], error) {
		f := kit.FieldErrors{}
		end := parseDate(f, "period_end", in.Body.PeriodEnd)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		e, err := a.Payroll.ExportPeriod(ctx, actor(ctx), end)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PayrollExportOut]{exportOut(e)}, nil
	})
	huma.Register(h, op("list-payroll-exports", http.MethodGet, "/payroll/exports", "Exported pay periods, newest first", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[PayrollExportOut]], error) {
		es, err := a.Payroll.Exports(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PayrollExportOut]{Items: []PayrollExportOut{}}
		for _, e := range es {
			out.Items = append(out.Items, exportOut(e))
		}
		return &body[Page[PayrollExportOut]]{out}, nil
	})
	huma.Register(h, op("get-payroll-export", http.MethodGet, "/payroll/exports/{id}", "An export and the changes it sent (in your pay scope)", tag, access.PayView), func(ctx context.Context, in *idPath) (*body[PayrollExportDetailOut], error) {
		e, items, err := a.Payroll.ExportDetail(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PayrollExportDetailOut]{PayrollExportDetailOut{exportOut(e), changesOut(items)}}, nil
	})
	huma.Register(h, op("get-payroll-export-file", http.MethodGet, "/payroll/exports/{id}/file", "The export as the payroll provider's file: the generic CSV or a provider template (the download is audited)", tag, access.PayrollExport), func(ctx context.Context, in *struct {
		ID       int64  `path:"id" minimum:"1"`
		Template string `query:"template" default:"generic" doc:"generic, or a template's ID"`
	}) (*fileOut, error) {
		name, data, err := a.Payroll.ExportFile(ctx, actor(ctx), in.ID, in.Template)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="` + safeFilename(name) + `"`, Body: data}, nil
	})
	huma.Register(h, op("list-payroll-templates", http.MethodGet, "/payroll/templates", "The generic CSV and the payroll provider templates", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[PayrollTemplateOut]], error) {
		ts, err := a.Payroll.Templates(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PayrollTemplateOut]{Items: []PayrollTemplateOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, templateOut(t))
		}
		return &body[Page[PayrollTemplateOut]]{out}, nil
	})
	saveTemplate := func(ctx context.Context, id int64, b PayrollTemplateIn) (*body[PayrollTemplateOut], error) {
		t := payroll.Template{ID: id, Name: b.Name, Delimiter: b.Delimiter, Header: b.Header, DateFormat: b.DateFormat, AmountFormat: b.AmountFormat, Kinds: b.Kinds, Columns: b.Columns}
		id, err := a.Payroll.SaveTemplate(ctx, actor(ctx), t)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		t, err = a.Payroll.Template(ctx, actor(ctx), fmt.Sprint(id))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PayrollTemplateOut]{templateOut(t)}, nil
	}
	ct := op("create-payroll-template", http.MethodPost, "/payroll/templates", "Create a payroll provider template (column mappings over the payroll fields)", tag, access.PayrollSettings)
	ct.DefaultStatus = http.StatusCreated
	huma.Register(h, ct, func(ctx context.Context, in *body[PayrollTemplateIn]) (*body[PayrollTemplateOut], error) {
		return saveTemplate(ctx, 0, in.Body)
	})
	huma.Register(h, op("update-payroll-template", http.MethodPut, "/payroll/templates/{id}", "Replace a payroll provider template", tag, access.PayrollSettings), func(ctx context.Context, in *withBody[PayrollTemplateIn]) (*body[PayrollTemplateOut], error) {
		return saveTemplate(ctx, in.ID, in.Body)
	})
	dt := op("delete-payroll-template", http.MethodDelete, "/payroll/templates/{id}", "Delete a payroll provider template", tag, access.PayrollSettings)
	dt.DefaultStatus = http.StatusNoContent
	huma.Register(h, dt, func(ctx context.Context, in *idPath) (*struct{}, error) {
		if err := a.Payroll.DeleteTemplate(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
	type rangeIn struct {
		From    string `query:"from" required:"true" format:"date" doc:"First period end included"`
		Through string `query:"through" required:"true" format:"date" doc:"Last period end included"`
	}
	register := func(ctx context.Context, from, through string) ([]payroll.Item, error) {
		f := kit.FieldErrors{}
		fd, td := parseDate(f, "from", from), parseDate(f, "through", through)
		if err := f.Err(); err != nil {
			return nil, err
		}
		return a.Payroll.Register(ctx, actor(ctx), fd, td)
	}
	huma.Register(h, op("payroll-register", http.MethodGet, "/payroll/register", "The payroll change register: the changes of the pay periods ending in the range, exported or waiting for the next export (in your pay scope)", tag, access.PayView), func(ctx context.Context, in *rangeIn) (*body[Page[PayrollChangeOut]], error) {
		items, err := register(ctx, in.From, in.Through)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[PayrollChangeOut]]{Page[PayrollChangeOut]{Items: changesOut(items)}}, nil
	})
	huma.Register(h, op("payroll-register-file", http.MethodGet, "/payroll/register/file", "The payroll change register as CSV or XLSX", tag, access.PayView), func(ctx context.Context, in *struct {
		From    string `query:"from" required:"true" format:"date" doc:"First period end included"`
		Through string `query:"through" required:"true" format:"date" doc:"Last period end included"`
		Format  string `query:"format" enum:"csv,xlsx" default:"xlsx"`
	}) (*fileOut, error) {
		items, err := register(ctx, in.From, in.Through)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := kit.WriteTable(in.Format, "Payroll changes", payroll.RegisterColumns, payroll.RegisterRows(items))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: tableType(in.Format), ContentDisposition: fmt.Sprintf(`attachment; filename="payroll-register-%s-%s.%s"`, in.From, in.Through, in.Format), Body: b}, nil
	})
	huma.Register(h, op("payroll-costs", http.MethodGet, "/payroll/costs", "Headcount, FTE and annual base pay of active employees per org unit and currency, with subtree totals (in your pay scope)", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[PayrollCostOut]], error) {
		rows, err := a.Payroll.Costs(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[PayrollCostOut]{Items: []PayrollCostOut{}}
		for _, r := range rows {
			out.Items = append(out.Items, PayrollCostOut{r})
		}
		return &body[Page[PayrollCostOut]]{out}, nil
	})
	huma.Register(h, op("payroll-costs-file", http.MethodGet, "/payroll/costs/file", "Headcount and cost by org unit as CSV or XLSX", tag, access.PayView), func(ctx context.Context, in *struct {
		Format string `query:"format" enum:"csv,xlsx" default:"xlsx"`
	}) (*fileOut, error) {
		rows, err := a.Payroll.Costs(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := kit.WriteTable(in.Format, "Cost by org unit", payroll.CostColumns, payroll.CostRows(rows))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: tableType(in.Format), ContentDisposition: `attachment; filename="headcount-and-cost.` + in.Format + `"`, Body: b}, nil
	})
	rp := op("request-one-time-payment", http.MethodPost, "/employees/{id}/one-time-payments", "Request a one-time payment (bonus, commission, award, severance…): 201 when approved at once, 202 when the one-time payment chain routes it for approval; it is paid with the payroll of its pay date", "Employees", access.EmployeePayChange)
	rp.DefaultStatus = http.StatusCreated
	huma.Register(h, rp, func(ctx context.Context, in *withBody[OneTimePaymentIn]) (*paymentOutput, error) {
		b, f := in.Body, kit.FieldErrors{}
		res, err := a.Payroll.RequestPayment(ctx, actor(ctx), in.ID, payroll.PaymentInput{Kind: b.Kind, AmountCents: b.AmountCents, Currency: b.Currency,
			PayDate: parseDate(f, "pay_date", b.PayDate), Note: b.Note, Invalid: f})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		status := http.StatusCreated
		if res.ApprovalID != 0 {
			status = http.StatusAccepted
		}
		return &paymentOutput{Status: status, Body: res}, nil
	})
	huma.Register(h, op("list-employee-one-time-payments", http.MethodGet, "/employees/{id}/one-time-payments", "An employee's one-time payments", "Employees", access.PayView), func(ctx context.Context, in *idPath) (*body[Page[OneTimePaymentOut]], error) {
		ps, err := a.Payroll.Payments(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[OneTimePaymentOut]]{paymentsOut(ps)}, nil
	})
	huma.Register(h, op("list-one-time-payments", http.MethodGet, "/one-time-payments", "One-time payments in your pay scope, newest pay date first", tag, access.PayView), func(ctx context.Context, _ *struct{}) (*body[Page[OneTimePaymentOut]], error) {
		ps, err := a.Payroll.Payments(ctx, actor(ctx), 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[OneTimePaymentOut]]{paymentsOut(ps)}, nil
	})
}

func tableType(format string) string {
	if format == "csv" {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
