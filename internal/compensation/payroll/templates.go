package payroll

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Field is a value a payroll file column can carry.
type Field struct {
	Key   string
	Label string
}

// Fields are the values a template maps to columns, in the generic
// file's order.
var Fields = []Field{
	{"change_type", "Kind of change: new_hire, rehire, pay_change, promotion, transfer, hours_change, job_change, termination, one_time_payment, deduction_start, deduction_stop"},
	{"effective_date", "The day the change takes effect (for a one-time payment, its pay date)"},
	{"employee_number", "Cadre's employee number"},
	{"given_name", "Given name"},
	{"family_name", "Family name"},
	{"work_email", "Work email"},
	{"org_unit", "Org unit in force"},
	{"job_title", "Job in force"},
	{"location", "Work location in force"},
	{"employment_type", "full_time, part_time, temporary or seasonal"},
	{"weekly_hours", "Scheduled weekly hours"},
	{"flsa_status", "exempt or nonexempt"},
	{"pay_amount", "Rate of pay in force after the change"},
	{"pay_per", "year or hour"},
	{"pay_currency", "ISO currency code"},
	{"annual_pay", "The rate annualised (2,080 hours for hourly pay)"},
	{"previous_pay_amount", "The rate before a pay change"},
	{"reason", "Reason code (merit, promotion, transfer, resignation…)"},
	{"payment_type", "One-time payment type (bonus, commission…)"},
	{"payment_amount", "One-time payment amount"},
	{"last_day", "Last day of employment (terminations)"},
	{"voluntary", "yes or no (terminations)"},
	{"corrects_period_start", "For a correction: the first day of the exported period it corrects"},
	{"corrects_period_end", "For a correction: the last day of the exported period it corrects"},
	{"change_id", "A stable ID of the change (source and row), for de-duplication on the provider's side"},
	{"deduction_code", "Benefit deductions: the plan's deduction code"},
	{"deduction_plan", "Benefit deductions: the plan's name and coverage tier"},
	{"deduction_amount", "Benefit deductions: the employee's deduction per pay period (0 when it stops)"},
	{"employer_contribution", "Benefit deductions: the employer's contribution per pay period (0 when it stops)"},
	{"deduction_percent", "Benefit deductions: a 401(k) deferral as a percentage of pay"},
}

// Column is one column of a payroll file.
type Column struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// Date and amount formats, and delimiters.
var (
	DateFormats   = map[string]string{"iso": "2006-01-02", "us": "01/02/2006", "eu": "02/01/2006", "compact": "20060102"}
	AmountFormats = []string{"decimal", "cents"}
	Delimiters    = map[string]rune{"comma": ',', "semicolon": ';', "tab": '\t', "pipe": '|'}
)

// Template maps changes to a payroll provider's file. ID 0 is the
// built-in generic CSV.
type Template struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Delimiter    string    `json:"delimiter" enum:"comma,semicolon,tab,pipe"`
	Header       bool      `json:"header"`
	DateFormat   string    `json:"date_format" enum:"iso,us,eu,compact"`
	AmountFormat string    `json:"amount_format" enum:"decimal,cents"`
	Kinds        []string  `json:"kinds"`
	Columns      []Column  `json:"columns"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Generic is Cadre's documented generic CSV: every field, ISO dates,
// decimal amounts.
func Generic() Template {
	t := Template{Name: "Cadre generic CSV", Delimiter: "comma", Header: true, DateFormat: "iso", AmountFormat: "decimal"}
	for _, f := range Fields {
		t.Columns = append(t.Columns, Column{Header: f.Key, Field: f.Key})
	}
	return t
}

// Key is "generic" or the template's ID.
func (t Template) Key() string {
	if t.ID == 0 {
		return "generic"
	}
	return strconv.FormatInt(t.ID, 10)
}

// Extension is csv, or txt for other delimiters.
func (t Template) Extension() string {
	if t.Delimiter == "comma" || t.Delimiter == "" {
		return "csv"
	}
	return "txt"
}

// Validate checks a template field by field.
func (t *Template) Validate() error {
	f := kit.FieldErrors{}
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len(t.Name) > 100 {
		f.Add("name", "Enter a name of up to 100 characters")
	}
	if _, ok := Delimiters[t.Delimiter]; !ok {
		f.Add("delimiter", "Choose comma, semicolon, tab or pipe")
	}
	if _, ok := DateFormats[t.DateFormat]; !ok {
		f.Add("date_format", "Choose iso, us, eu or compact")
	}
	if !slices.Contains(AmountFormats, t.AmountFormat) {
		f.Add("amount_format", "Choose decimal or cents")
	}
	for _, k := range t.Kinds {
		if !slices.Contains(Kinds, k) {
			f.Add("kinds", "Unknown kind of change: "+k)
		}
	}
	if len(t.Columns) == 0 {
		f.Add("columns", "Map at least one column")
	}
	if len(t.Columns) > 60 {
		f.Add("columns", "Map at most 60 columns")
	}
	seen := map[string]bool{}
	for i, c := range t.Columns {
		c.Header = strings.TrimSpace(c.Header)
		t.Columns[i].Header = c.Header
		switch {
		case c.Header == "" && t.Header:
			f.Add("columns", "Column "+strconv.Itoa(i+1)+" has no header")
		case len(c.Header) > 60:
			f.Add("columns", "Column "+strconv.Itoa(i+1)+": headers are at most 60 characters")
		case c.Header != "" && seen[strings.ToLower(c.Header)]:
			f.Add("columns", "The header "+strconv.Quote(c.Header)+" appears twice")
		}
		seen[strings.ToLower(c.Header)] = true
		if !slices.ContainsFunc(Fields, func(x Field) bool { return x.Key == c.Field }) && !strings.HasPrefix(c.Field, "const:") {
			f.Add("columns", "Column "+strconv.Itoa(i+1)+": unknown field "+strconv.Quote(c.Field))
		}
	}
	return f.Err()
}

// Value renders one field of an item in the template's formats. A field
// "const:TEXT" is the fixed text (a company code, say).
func (t Template) Value(it Item, field string) string {
	money := func(c int64, set bool) string {
		if !set {
			return ""
		}
		if t.AmountFormat == "cents" {
			return strconv.FormatInt(c, 10)
		}
		return strings.ReplaceAll(kit.FormatCents(c), ",", "")
	}
	day := func(d interface {
		IsZero() bool
		Format(string) string
	}) string {
		if d.IsZero() {
			return ""
		}
		return d.Format(DateFormats[t.DateFormat])
	}
	pay := it.AmountCents != 0
	switch field {
	case "change_type":
		return it.Kind
	case "effective_date":
		return day(it.Effective)
	case "employee_number":
		return it.Number
	case "given_name":
		return it.GivenName
	case "family_name":
		return it.FamilyName
	case "work_email":
		return it.WorkEmail
	case "org_unit":
		return it.OrgUnit
	case "job_title":
		return it.JobTitle
	case "location":
		return it.Location
	case "employment_type":
		return it.EmploymentType
	case "weekly_hours":
		if it.WeeklyHours == 0 {
			return ""
		}
		return strconv.Itoa(it.WeeklyHours)
	case "flsa_status":
		return it.FLSA
	case "pay_amount":
		return money(it.AmountCents, pay)
	case "pay_per":
		return it.Per
	case "pay_currency":
		return it.Currency
	case "annual_pay":
		return money(it.AnnualCents(), pay)
	case "previous_pay_amount":
		return money(it.PrevAmountCents, it.PrevAmountCents != 0)
	case "reason":
		return it.Reason
	case "payment_type":
		return it.PaymentKind
	case "payment_amount":
		return money(it.PaymentCents, it.PaymentCents != 0)
	case "last_day":
		return day(it.LastDay)
	case "voluntary":
		if it.Voluntary == nil {
			return ""
		}
		if *it.Voluntary {
			return "yes"
		}
		return "no"
	case "corrects_period_start":
		if it.Corrects == nil {
			return ""
		}
		return day(it.Corrects.Start)
	case "corrects_period_end":
		if it.Corrects == nil {
			return ""
		}
		return day(it.Corrects.End)
	case "deduction_code":
		return it.DeductionCode
	case "deduction_plan":
		return it.DeductionPlan
	case "deduction_amount":
		return money(it.DeductionCents, it.DeductionCode != "")
	case "employer_contribution":
		return money(it.EmployerCents, it.DeductionCode != "")
	case "deduction_percent":
		if it.DeductionBP == 0 {
			return ""
		}
		return strconv.FormatFloat(float64(it.DeductionBP)/100, 'f', -1, 64)
	case "change_id":
		return it.Source + "-" + strconv.FormatInt(it.SourceID, 10)
	}
	if v, ok := strings.CutPrefix(field, "const:"); ok {
		return v
	}
	return ""
}

// Render writes the items as the template's delimited file, neutralising
// spreadsheet formulas in text.
func (t Template) Render(items []Item) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = Delimiters[t.Delimiter]
	if w.Comma == 0 {
		w.Comma = ','
	}
	if t.Header {
		var h []string
		for _, c := range t.Columns {
			h = append(h, kit.SafeCell(c.Header))
		}
		if err := w.Write(h); err != nil {
			return nil, err
		}
	}
	for _, it := range items {
		if len(t.Kinds) > 0 && !slices.Contains(t.Kinds, it.Kind) {
			continue
		}
		row := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			row[i] = kit.SafeCell(t.Value(it, c.Field))
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// TemplateStore keeps provider templates.
type TemplateStore interface {
	PayrollTemplates(ctx context.Context) ([]Template, error)
	GetPayrollTemplate(ctx context.Context, id int64) (Template, error)
	SavePayrollTemplate(ctx context.Context, t Template) (int64, error)
	DeletePayrollTemplate(ctx context.Context, id int64) error
}

// Templates lists the generic CSV and the saved provider templates.
// Requires people.pay.view over some scope. Errors: KindForbidden.
func (s *Service) Templates(ctx context.Context, a access.Actor) ([]Template, error) {
	if _, _, err := s.scope(a); err != nil {
		return nil, err
	}
	ts, err := s.store.PayrollTemplates(ctx)
	return append([]Template{Generic()}, ts...), err
}

func (s *Service) template(ctx context.Context, st Store, key string) (Template, error) {
	if key == "" || key == "generic" {
		return Generic(), nil
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return Template{}, kit.NotFound("payroll template")
	}
	return st.GetPayrollTemplate(ctx, id)
}

// Template returns one template ("generic" or an ID). Errors:
// KindForbidden, KindNotFound.
func (s *Service) Template(ctx context.Context, a access.Actor, key string) (Template, error) {
	if _, _, err := s.scope(a); err != nil {
		return Template{}, err
	}
	return s.template(ctx, s.store, key)
}

// SaveTemplate creates (ID 0) or replaces a provider template. Requires
// payroll.settings. Errors: KindInvalid (name taken too), KindForbidden,
// KindNotFound.
func (s *Service) SaveTemplate(ctx context.Context, a access.Actor, t Template) (int64, error) {
	if err := access.Require(a, access.PayrollSettings, access.CompanyTarget); err != nil {
		return 0, err
	}
	if err := t.Validate(); err != nil {
		return 0, err
	}
	t.UpdatedAt = s.clock.Now()
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var before any
		if t.ID != 0 {
			old, err := st.GetPayrollTemplate(ctx, t.ID)
			if err != nil {
				return err
			}
			before = old
		}
		var err error
		if id, err = st.SavePayrollTemplate(ctx, t); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return kit.Invalid("name", "Another template has this name")
			}
			return err
		}
		return s.record(ctx, st, a, "payroll.template_save", "payroll_template", id, "Saved the payroll template "+t.Name, before, t)
	})
	return id, err
}

// DeleteTemplate removes a provider template. Requires payroll.settings.
// Errors: KindForbidden, KindNotFound.
func (s *Service) DeleteTemplate(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.PayrollSettings, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		t, err := st.GetPayrollTemplate(ctx, id)
		if err != nil {
			return err
		}
		if err := st.DeletePayrollTemplate(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "payroll.template_delete", "payroll_template", id, "Deleted the payroll template "+t.Name, t, nil)
	})
}
