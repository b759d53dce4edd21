// Package rewards is total rewards: each employee's statement of what
// their work is worth (base pay, bonuses and other one-time payments,
// the paid time off they earned) as a PDF, and the HR manager's summary
// of the total rewards budget (base payroll, merit increases, bonuses and
// other one-time payments, this year against last) as PDF or XLSX for
// leadership.
package rewards

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Base is an employee's pay for the statement.
type Base struct {
	EmployeeID  int64
	Name        string
	JobTitle    string
	OrgUnit     string
	Pay         people.Pay
	WeeklyHours int
	Hired       date.Date
}

// PaymentSum is one-time payments of a kind over a period.
type PaymentSum struct {
	Kind  string
	Cents int64
	Count int
}

// Store is what total rewards read.
type Store interface {
	AppendAudit(ctx context.Context, e audit.Entry) error
	Target(ctx context.Context, employeeID int64) (access.Target, error)
	RewardsBase(ctx context.Context, employeeID int64) (Base, error)
	// PaymentTotals sums approved one-time payments paid from..to, by
	// kind: of one employee (id) or of everyone in scope (id 0).
	PaymentTotals(ctx context.Context, employeeID int64, from, to date.Date, paths []string, whole bool) ([]PaymentSum, error)
	// BasePayroll sums the annual base pay in force on a day of the
	// employees active that day, in scope, by currency.
	BasePayroll(ctx context.Context, on date.Date, paths []string, whole bool) (map[string]int64, int, error)
	// MeritIncreases sums the annual value of merit pay records effective
	// from..to, in scope.
	MeritIncreases(ctx context.Context, from, to date.Date, paths []string, whole bool) (int64, int, error)
}

// Accruals gives the paid time off hours an employee accrued over a
// period (the time off service).
type Accruals func(ctx context.Context, employeeID int64, from, to date.Date) (float64, error)

// BenefitCost is the employer's annual cost of one benefit.
type BenefitCost struct {
	Label, Note string
	Cents       int64
}

// Benefits reads the employer's benefits cost (the benefits service,
// wired by the app).
type Benefits struct {
	// Employee lists an employee's benefits in force on a day with the
	// employer's annual cost of each.
	Employee func(ctx context.Context, employeeID int64, on date.Date) ([]BenefitCost, error)
	// Totals is the employer's annual cost of the coverage in force on
	// each day, in scope.
	Totals func(ctx context.Context, days []date.Date, paths []string, whole bool) ([]int64, error)
}

// Service builds statements and summaries.
type Service struct {
	store    Store
	clock    kit.Clock
	accruals Accruals
	company  func(context.Context) string
	benefits Benefits
}

// SetBenefits adds the employer's benefits cost to statements and the
// summary.
func (s *Service) SetBenefits(b Benefits) { s.benefits = b }

// NewService builds the service.
func NewService(st Store, clock kit.Clock, acc Accruals, company func(context.Context) string) *Service {
	return &Service{store: st, clock: clock, accruals: acc, company: company}
}

// StatementLine is one line of a statement.
type StatementLine struct {
	Label string `json:"label"`
	Note  string `json:"note"`
	Cents int64  `json:"cents"`
}

// Statement is an employee's total rewards statement.
type Statement struct {
	EmployeeID int64           `json:"employee_id"`
	Name       string          `json:"name"`
	JobTitle   string          `json:"job_title"`
	AsOf       date.Date       `json:"as_of"`
	From       date.Date       `json:"from"`
	Currency   string          `json:"currency"`
	Lines      []StatementLine `json:"lines"`
	TotalCents int64           `json:"total_cents"`
	// NotYet lists what the statement leaves out for now.
	NotYet []string `json:"not_included"`
}

func kindLabel(k string) string {
	switch k {
	case "bonus":
		return "Bonuses"
	case "spot_award":
		return "Spot awards"
	case "sign_on":
		return "Sign-on bonus"
	case "referral":
		return "Referral bonuses"
	case "commission":
		return "Commissions"
	case "retention":
		return "Retention bonus"
	case "relocation":
		return "Relocation"
	case "severance":
		return "Severance"
	}
	return "Other one-time payments"
}

// StatementFor builds an employee's statement for the 12 months to today:
// base pay in force (hourly at scheduled hours), the one-time payments
// paid in the period by kind, and the paid time off earned valued at the
// hourly equivalent of base pay. Requires people.pay.view over the
// employee (an employee reads their own). Errors: KindForbidden,
// KindNotFound.
func (s *Service) StatementFor(ctx context.Context, a access.Actor, employeeID int64) (Statement, error) {
	t, err := s.store.Target(ctx, employeeID)
	if err != nil {
		return Statement{}, err
	}
	if err := access.Require(a, access.PayView, t); err != nil {
		return Statement{}, err
	}
	b, err := s.store.RewardsBase(ctx, employeeID)
	if err != nil {
		return Statement{}, err
	}
	today := date.Of(s.clock.Now())
	from := today.AddYears(-1).AddDays(1)
	st := Statement{EmployeeID: b.EmployeeID, Name: b.Name, JobTitle: b.JobTitle, AsOf: today, From: from, Currency: b.Pay.Currency, NotYet: []string{}}
	hours := b.WeeklyHours
	if hours <= 0 {
		hours = 40
	}
	annual := people.ScheduledAnnualCents(b.Pay, b.WeeklyHours)
	hourly := float64(annual) / float64(hours*52)
	basis := "annual salary"
	if b.Pay.Per == "hour" {
		hourly = float64(b.Pay.AmountCents)
		basis = fmt.Sprintf("%s an hour × %d hours × 52 weeks", kit.FormatCents(b.Pay.AmountCents), hours)
	}
	st.Lines = append(st.Lines, StatementLine{Label: "Base pay", Note: basis, Cents: annual})
	sums, err := s.store.PaymentTotals(ctx, employeeID, from, today, nil, true)
	if err != nil {
		return st, err
	}
	for _, p := range sums {
		st.Lines = append(st.Lines, StatementLine{Label: kindLabel(p.Kind), Note: fmt.Sprintf("%d paid since %s", p.Count, from.Format("Jan 2, 2006")), Cents: p.Cents})
	}
	if s.accruals != nil {
		acc, err := s.accruals(ctx, employeeID, from, today)
		if err != nil {
			return st, err
		}
		if acc > 0 {
			st.Lines = append(st.Lines, StatementLine{Label: "Paid time off earned", Note: fmt.Sprintf("%s hours at %s an hour", strconv.FormatFloat(acc, 'f', -1, 64), kit.FormatCents(int64(math.Round(hourly)))),
				Cents: int64(math.Round(acc * hourly))})
		}
	}
	if s.benefits.Employee != nil {
		bs, err := s.benefits.Employee(ctx, employeeID, today)
		if err != nil {
			return st, err
		}
		for _, c := range bs {
			st.Lines = append(st.Lines, StatementLine{Label: c.Label, Note: c.Note, Cents: c.Cents})
		}
	} else {
		st.NotYet = append(st.NotYet, "Benefits: the employer's share of plan costs is not included.")
	}
	for _, l := range st.Lines {
		st.TotalCents += l.Cents
	}
	return st, s.store.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "rewards.statement", ObjectType: "employee", ObjectID: employeeID,
		Summary: "Read the total rewards statement of " + b.Name, RequestID: a.RequestID})
}

// StatementPDF renders a statement.
func (s *Service) StatementPDF(ctx context.Context, st Statement) ([]byte, error) {
	company := "Cadre"
	if s.company != nil {
		company = s.company(ctx)
	}
	pdf := fpdf.New("P", "mm", "Letter", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle("Total rewards statement", true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.CellFormat(0, 10, tr("Your total rewards"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	pdf.CellFormat(0, 6, tr(st.Name+", "+st.JobTitle), "", 1, "L", false, 0, "")
	pdf.CellFormat(0, 6, tr(fmt.Sprintf("%s · %s to %s", company, st.From.Format("January 2, 2006"), st.AsOf.Format("January 2, 2006"))), "", 1, "L", false, 0, "")
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(70, 7, "What you receive", "B", 0, "L", false, 0, "")
	pdf.CellFormat(60, 7, "How", "B", 0, "L", false, 0, "")
	pdf.CellFormat(40, 7, st.Currency, "B", 1, "R", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, l := range st.Lines {
		pdf.CellFormat(70, 7, tr(l.Label), "", 0, "L", false, 0, "")
		pdf.CellFormat(60, 7, tr(l.Note), "", 0, "L", false, 0, "")
		pdf.CellFormat(40, 7, kit.FormatCents(l.Cents), "", 1, "R", false, 0, "")
	}
	pdf.SetFont("Helvetica", "B", 11)
	pdf.CellFormat(130, 9, "Total", "T", 0, "L", false, 0, "")
	pdf.CellFormat(40, 9, kit.FormatCents(st.TotalCents), "T", 1, "R", false, 0, "")
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 9)
	for _, n := range st.NotYet {
		pdf.MultiCell(0, 5, tr(n), "", "L", false)
	}
	pdf.MultiCell(0, 5, tr("Paid time off is valued at the hourly equivalent of your base pay. This statement is informational; your pay statements and plan documents govern."), "", "L", false)
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}

// SummaryLine is a line of the total rewards budget.
type SummaryLine struct {
	Label    string `json:"label"`
	Note     string `json:"note"`
	ThisYear int64  `json:"this_year_cents"`
	LastYear int64  `json:"last_year_cents"`
}

// ChangePct is the change from last year, in percent (nil without last
// year).
func (l SummaryLine) ChangePct() *float64 {
	if l.LastYear == 0 {
		return nil
	}
	v := math.Round(float64(l.ThisYear-l.LastYear)*1000/float64(l.LastYear)) / 10
	return &v
}

// Summary is the total rewards budget, this year to date against the
// same dates last year.
type Summary struct {
	AsOf      date.Date     `json:"as_of"`
	Currency  string        `json:"currency"`
	Headcount int           `json:"headcount"`
	LastHead  int           `json:"headcount_last_year"`
	Lines     []SummaryLine `json:"lines"`
	Total     SummaryLine   `json:"total"`
	NotYet    []string      `json:"not_included"`
}

// SummaryFor builds the summary in the actor's scope: base payroll in
// force today against a year ago (the main currency), merit increases
// and one-time payments from January 1 to today against the same dates
// last year. Requires comp.design. Errors: KindForbidden.
func (s *Service) SummaryFor(ctx context.Context, a access.Actor) (Summary, error) {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return Summary{}, err
	}
	paths, whole := access.ScopePaths(a, access.PayView)
	today := date.Of(s.clock.Now())
	ly := today.AddYears(-1)
	jan, lyJan := date.New(today.Year(), 1, 1), date.New(ly.Year(), 1, 1)
	sum := Summary{AsOf: today, Currency: "USD", NotYet: []string{}}
	now, head, err := s.store.BasePayroll(ctx, today, paths, whole)
	if err != nil {
		return sum, err
	}
	then, lastHead, err := s.store.BasePayroll(ctx, ly, paths, whole)
	if err != nil {
		return sum, err
	}
	for c, v := range now {
		if v > now[sum.Currency] {
			sum.Currency = c
		}
	}
	sum.Headcount, sum.LastHead = head, lastHead
	sum.Lines = append(sum.Lines, SummaryLine{Label: "Base payroll", Note: "annual base pay in force (hourly at scheduled hours) of active employees", ThisYear: now[sum.Currency], LastYear: then[sum.Currency]})
	m, mn, err := s.store.MeritIncreases(ctx, jan, today, paths, whole)
	if err != nil {
		return sum, err
	}
	lm, lmn, err := s.store.MeritIncreases(ctx, lyJan, ly, paths, whole)
	if err != nil {
		return sum, err
	}
	sum.Lines = append(sum.Lines, SummaryLine{Label: "Merit increases", Note: fmt.Sprintf("annual value of %d increases this year (%d by this date last year)", mn, lmn), ThisYear: m, LastYear: lm})
	if s.benefits.Totals != nil {
		bt, err := s.benefits.Totals(ctx, []date.Date{today, ly}, paths, whole)
		if err != nil {
			return sum, err
		}
		sum.Lines = append(sum.Lines, SummaryLine{Label: "Benefits (employer share)", Note: "annual employer cost of the coverage in force", ThisYear: bt[0], LastYear: bt[1]})
	} else {
		sum.NotYet = append(sum.NotYet, "Benefits employer cost is not included.")
	}
	cur, err := s.store.PaymentTotals(ctx, 0, jan, today, paths, whole)
	if err != nil {
		return sum, err
	}
	prev, err := s.store.PaymentTotals(ctx, 0, lyJan, ly, paths, whole)
	if err != nil {
		return sum, err
	}
	lines := map[string]*SummaryLine{}
	var order []string
	line := func(k string) *SummaryLine {
		lbl := kindLabel(k)
		if lines[lbl] == nil {
			lines[lbl] = &SummaryLine{Label: lbl, Note: "paid from January 1 to this date"}
			order = append(order, lbl)
		}
		return lines[lbl]
	}
	for _, p := range cur {
		line(p.Kind).ThisYear += p.Cents
	}
	for _, p := range prev {
		line(p.Kind).LastYear += p.Cents
	}
	for _, k := range order {
		sum.Lines = append(sum.Lines, *lines[k])
	}
	sum.Total.Label = "Total rewards"
	for _, l := range sum.Lines {
		sum.Total.ThisYear += l.ThisYear
		sum.Total.LastYear += l.LastYear
	}
	return sum, s.store.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "rewards.summary", ObjectType: "total_rewards",
		Summary: "Read the total rewards summary", RequestID: a.RequestID})
}

// SummaryFile renders the summary as PDF or XLSX.
func (s *Service) SummaryFile(ctx context.Context, sum Summary, format string) ([]byte, error) {
	company := "Cadre"
	if s.company != nil {
		company = s.company(ctx)
	}
	change := func(l SummaryLine) string {
		if c := l.ChangePct(); c != nil {
			return fmt.Sprintf("%+.1f%%", *c)
		}
		return "—"
	}
	switch format {
	case "xlsx":
		x := excelize.NewFile()
		defer x.Close()
		sh := "Total rewards"
		if err := x.SetSheetName("Sheet1", sh); err != nil {
			return nil, err
		}
		rows := [][]any{{company + ": total rewards, " + sum.AsOf.String()}, {"StatementLine", "This year (" + sum.Currency + ")", "Last year", "Change", "Note"}}
		for _, l := range append(sum.Lines, sum.Total) {
			rows = append(rows, []any{l.Label, float64(l.ThisYear) / 100, float64(l.LastYear) / 100, change(l), l.Note})
		}
		rows = append(rows, []any{"Headcount", sum.Headcount, sum.LastHead})
		for _, n := range sum.NotYet {
			rows = append(rows, []any{n})
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow(sh, cell, &r); err != nil {
				return nil, err
			}
		}
		var b bytes.Buffer
		err := x.Write(&b)
		return b.Bytes(), err
	case "pdf":
		pdf := fpdf.New("L", "mm", "Letter", "")
		tr := pdf.UnicodeTranslatorFromDescriptor("")
		pdf.SetTitle("Total rewards", true)
		pdf.SetAuthor(company, true)
		pdf.SetMargins(20, 20, 20)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "B", 18)
		pdf.CellFormat(0, 10, tr(company+": total rewards"), "", 1, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 11)
		pdf.CellFormat(0, 6, tr(fmt.Sprintf("January 1 to %s against the same dates last year · %d employees (%d a year ago)", sum.AsOf.Format("January 2, 2006"), sum.Headcount, sum.LastHead)), "", 1, "L", false, 0, "")
		pdf.Ln(5)
		w := []float64{60, 40, 40, 25, 75}
		pdf.SetFont("Helvetica", "B", 10)
		for i, h := range []string{"", "This year (" + sum.Currency + ")", "Last year", "Change", ""} {
			pdf.CellFormat(w[i], 7, tr(h), "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
		for _, l := range append(sum.Lines, sum.Total) {
			if l.Label == sum.Total.Label {
				pdf.SetFont("Helvetica", "B", 10)
			} else {
				pdf.SetFont("Helvetica", "", 10)
			}
			for i, v := range []string{l.Label, kit.FormatCents(l.ThisYear), kit.FormatCents(l.LastYear), change(l), l.Note} {
				pdf.CellFormat(w[i], 7, tr(v), "", 0, "L", false, 0, "")
			}
			pdf.Ln(-1)
		}
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "", 9)
		for _, n := range sum.NotYet {
			pdf.MultiCell(0, 5, tr(n), "", "L", false)
		}
		var b bytes.Buffer
		err := pdf.Output(&b)
		return b.Bytes(), err
	}
	return nil, kit.Invalid("format", "Choose pdf or xlsx")
}
