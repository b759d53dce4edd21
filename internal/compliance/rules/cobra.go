package rules

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// COBRA qualifying events.
const (
	QETermination            = "termination"
	QEReductionInHours       = "reduction_in_hours"
	QEDeath                  = "death"
	QEDivorce                = "divorce"
	QEMedicareEntitlement    = "medicare_entitlement"
	QELossOfDependentStatus  = "loss_of_dependent_status"
	QESSADisabilityExtension = "ssa_disability_extension"
)

func cobraEvents() []string {
	return []string{QETermination, QEReductionInHours, QEDeath, QEDivorce, QEMedicareEntitlement, QELossOfDependentStatus, QESSADisabilityExtension}
}

// COBRAFacts are the facts of the "cobra-deadlines" rule.
type COBRAFacts struct {
	QualifyingEvent          string    `json:"qualifying_event"`
	QEDate                   date.Date `json:"qe_date"`
	LossOfCoverageDate       date.Date `json:"loss_of_coverage_date"`
	EmployerIsAdministrator  bool      `json:"employer_is_administrator"`
	AdministratorNotifiedOn  date.Date `json:"administrator_notified_on"`
	ElectionNoticeProvided   date.Date `json:"election_notice_provided"`
	ElectionDate             date.Date `json:"election_date"`
	InformedOfObligationDate date.Date `json:"informed_of_obligation_date"`
	CoverageBegins           date.Date `json:"coverage_begins"`
	// MeasureFromLossOfCoverage: the plan measures the notice periods and
	// the maximum coverage period from the loss of coverage instead of the
	// qualifying event (plan-defined; 26 CFR 54.4980B-7 Q&A-4(b)).
	MeasureFromLossOfCoverage bool `json:"measure_from_loss_of_coverage"`
	// QualifiedBeneficiary is employee (default), spouse or dependent_child.
	QualifiedBeneficiary string `json:"qualified_beneficiary"`
	// MedicareEntitlementDate is the covered employee's Medicare date when it
	// came before a termination or reduction in hours.
	MedicareEntitlementDate date.Date `json:"medicare_entitlement_date"`
	// DisabilityDeterminationDate is the SSA determination for the
	// disability extension.
	DisabilityDeterminationDate date.Date `json:"disability_determination_date"`
	// RollForward moves a deadline that lands on a weekend or federal
	// holiday to the next business day (RULES.md C1 alternative; the
	// default does not roll).
	RollForward bool `json:"roll_forward"`
}

// COBRAResult holds the COBRA deadlines; each is null when it does not
// apply or its trigger is not known yet.
type COBRAResult struct {
	EmployerNoticeDue  date.Date `json:"employer_notice_due"`
	ElectionNoticeDue  date.Date `json:"election_notice_due"`
	ElectionDeadline   date.Date `json:"election_deadline"`
	InitialPremiumDue  date.Date `json:"initial_premium_due"`
	MaxCoverageMonths  int       `json:"max_coverage_months"`
	MaxCoverageEnd     date.Date `json:"max_coverage_end"`
	QBNoticeDue        date.Date `json:"qb_notice_due"`
	GeneralNoticeDue   date.Date `json:"general_notice_due"`
	MeasuredFrom       date.Date `json:"measured_from"`
	EmployerNoticeRule string    `json:"employer_notice_rule"`
}

func (f COBRAFacts) validate(fe kit.FieldErrors) {
	if !oneOf(f.QualifyingEvent, cobraEvents()) {
		fe.Add("qualifying_event", "must be one of: termination, reduction_in_hours, death, divorce, medicare_entitlement, loss_of_dependent_status, ssa_disability_extension")
	}
	if f.QEDate.IsZero() {
		fe.Add("qe_date", "is required")
	}
	if f.QualifiedBeneficiary != "" && !oneOf(f.QualifiedBeneficiary, []string{"employee", "spouse", "dependent_child"}) {
		fe.Add("qualified_beneficiary", "must be employee, spouse or dependent_child")
	}
	if f.MeasureFromLossOfCoverage && f.LossOfCoverageDate.IsZero() {
		fe.Add("loss_of_coverage_date", "is required when measure_from_loss_of_coverage is set")
	}
}

func (f COBRAFacts) employerEvent() bool {
	return oneOf(f.QualifyingEvent, []string{QETermination, QEReductionInHours, QEDeath, QEMedicareEntitlement})
}

const (
	citeCOBRAGeneral  = "29 CFR 2590.606-1(b)(1)"
	citeCOBRAEmployer = "29 CFR 2590.606-2(b)"
	citeCOBRAQB       = "29 CFR 2590.606-3(b), (e)"
	citeCOBRAElection = "29 CFR 2590.606-4(b)"
	citeCOBRAPeriod   = "29 U.S.C. 1165(a)(1)"
	citeCOBRAPremium  = "29 U.S.C. 1162(3); 26 CFR 54.4980B-8, Q&A-5"
	citeCOBRAMax      = "29 U.S.C. 1162(2)(A); 26 CFR 54.4980B-7, Q&A-4"
)

// COBRADeadlines computes COBRA notice, election and premium deadlines and
// the maximum coverage period for a qualifying event.
func COBRADeadlines(f COBRAFacts) (COBRAResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return COBRAResult{}, nil, err
	}
	cal := NewBusinessCalendar(CalendarUSFed, nil)
	var r COBRAResult
	var steps []Step
	base := f.QEDate
	if f.MeasureFromLossOfCoverage {
		base = f.LossOfCoverageDate
		steps = append(steps, Step{Text: fmt.Sprintf("The plan measures its periods from the loss of coverage, %s, rather than from the qualifying event.", base), Citation: "26 CFR 54.4980B-7, Q&A-4(b)"})
	}
	r.MeasuredFrom = base
	if !f.CoverageBegins.IsZero() {
		var st Step
		r.GeneralNoticeDue, st = cal.calendarDeadline("General (initial) COBRA notice", f.CoverageBegins, 90, f.RollForward, citeCOBRAGeneral)
		steps = append(steps, st)
	}
	steps = append(steps, f.notices(&r, base, cal)...)
	if f.QualifyingEvent != QESSADisabilityExtension {
		steps = append(steps, f.election(&r, cal)...)
	}
	steps = append(steps, f.maxCoverage(&r, base))
	return r, steps, nil
}

// notices sets the employer, qualified-beneficiary and election notice
// deadlines.
func (f COBRAFacts) notices(r *COBRAResult, base date.Date, cal BusinessCalendar) []Step {
	var steps []Step
	var st Step
	if f.employerEvent() {
		if f.EmployerIsAdministrator {
			r.EmployerNoticeRule = "employer_is_administrator"
			r.ElectionNoticeDue, st = cal.calendarDeadline("Election notice (employer is also the plan administrator)", base, 44, f.RollForward, citeCOBRAElection)
			return append(steps, Step{Text: "For a termination, reduction in hours, death or Medicare entitlement the employer must notify the plan administrator within 30 days; because the employer is the administrator, no separate notice is needed and the election notice is due within 44 days instead.", Citation: "29 CFR 2590.606-4(b)(2)"}, st)
		}
		r.EmployerNoticeRule = "employer_notifies_administrator"
		r.EmployerNoticeDue, st = cal.calendarDeadline("Employer notice of the qualifying event to the plan administrator", base, 30, f.RollForward, citeCOBRAEmployer)
		steps = append(steps, st)
	} else {
		r.EmployerNoticeRule = "qualified_beneficiary_notifies"
		steps = append(steps, f.qbNotice(r, base, cal))
	}
	if f.QualifyingEvent == QESSADisabilityExtension {
		return steps
	}
	if f.AdministratorNotifiedOn.IsZero() {
		return append(steps, Step{Text: "The election notice is due 14 days after the plan administrator is notified of the qualifying event; that date is not known yet.", Citation: "29 CFR 2590.606-4(b)(1)"})
	}
	r.ElectionNoticeDue, st = cal.calendarDeadline("Election notice", f.AdministratorNotifiedOn, 14, f.RollForward, "29 CFR 2590.606-4(b)(1)")
	return append(steps, st)
}

// qbNotice sets the 60-day notice a covered employee or qualified
// beneficiary must give for divorce, loss of dependent status or an SSA
// disability determination.
func (f COBRAFacts) qbNotice(r *COBRAResult, base date.Date, cal BusinessCalendar) Step {
	from := date.Max(f.QEDate, date.Max(f.LossOfCoverageDate, f.InformedOfObligationDate))
	if f.QualifyingEvent == QESSADisabilityExtension {
		from = date.Max(from, f.DisabilityDeterminationDate)
	}
	due, st := cal.calendarDeadline("Notice by the covered employee or qualified beneficiary", from, 60, f.RollForward, citeCOBRAQB)
	st.Text = fmt.Sprintf("For this event the employee or qualified beneficiary must notify the plan. The 60 days run from the latest of the event, the loss of coverage and the date they were told of the duty to notify (%s). ", from) + st.Text
	if f.QualifyingEvent == QESSADisabilityExtension {
		last := base.AddMonths(18).AddDays(-1)
		if last.Before(due) {
			due = last
			st.Text += fmt.Sprintf(" The disability notice must also be given before the first 18 months of COBRA coverage end, so the deadline is %s.", last)
		}
	}
	r.QBNoticeDue = due
	return st
}

// election sets the election deadline and the initial premium deadline.
func (f COBRAFacts) election(r *COBRAResult, cal BusinessCalendar) []Step {
	var steps []Step
	loss := f.LossOfCoverageDate
	if loss.IsZero() {
		loss = f.QEDate
		steps = append(steps, Step{Text: fmt.Sprintf("No loss-of-coverage date was given, so coverage is taken to be lost on the qualifying event date, %s.", loss), Citation: citeCOBRAPeriod})
	}
	if f.ElectionNoticeProvided.IsZero() {
		steps = append(steps, Step{Text: "The 60-day election period runs from the later of the loss of coverage and the date the election notice is provided; the notice has not been provided yet.", Citation: citeCOBRAPeriod})
	} else {
		from := date.Max(loss, f.ElectionNoticeProvided)
		var st Step
		r.ElectionDeadline, st = cal.calendarDeadline("Election deadline", from, 60, f.RollForward, citeCOBRAPeriod)
		st.Text = fmt.Sprintf("The election period runs from the later of the loss of coverage (%s) and the election notice (%s). ", loss, f.ElectionNoticeProvided) + st.Text
		steps = append(steps, st)
	}
	if !f.ElectionDate.IsZero() {
		var st Step
		r.InitialPremiumDue, st = cal.calendarDeadline("Initial premium", f.ElectionDate, 45, f.RollForward, citeCOBRAPremium)
		st.Text += " No payment may be required before 45 days after the election. Later premiums are timely if sent (postmarked) within the 30-day grace period after the first day of each coverage period; that grace period does not apply to the initial payment."
		steps = append(steps, st)
	}
	return steps
}

// maxCoverage sets the maximum coverage period.
func (f COBRAFacts) maxCoverage(r *COBRAResult, base date.Date) Step {
	switch f.QualifyingEvent {
	case QETermination, QEReductionInHours:
		r.MaxCoverageMonths, r.MaxCoverageEnd = 18, base.AddMonths(18).AddDays(-1)
		m := f.MedicareEntitlementDate
		dependant := f.QualifiedBeneficiary == "spouse" || f.QualifiedBeneficiary == "dependent_child"
		if dependant && !m.IsZero() && m.Before(f.QEDate) && f.QEDate.Before(m.AddMonths(18)) {
			end := m.AddMonths(36)
			if months := wholeMonths(f.QEDate, end); months > 18 {
				r.MaxCoverageMonths, r.MaxCoverageEnd = months, end.AddDays(-1)
				return Step{Text: fmt.Sprintf("The employee became entitled to Medicare on %s, less than 18 months before the qualifying event, so the spouse and dependent children may keep coverage until 36 months after the Medicare date: %d months after the event, through %s. The former employee still gets 18 months.", m, months, r.MaxCoverageEnd), Citation: citeCOBRAMax}
			}
		}
		return Step{Text: fmt.Sprintf("A termination or reduction in hours gives up to 18 months of COBRA coverage, through %s.", r.MaxCoverageEnd), Citation: citeCOBRAMax}
	case QESSADisabilityExtension:
		r.MaxCoverageMonths, r.MaxCoverageEnd = 29, base.AddMonths(29).AddDays(-1)
		return Step{Text: fmt.Sprintf("A Social Security disability determination (disability within the first 60 days of COBRA) extends coverage from 18 to 29 months, through %s; the plan may charge up to 150%% of the premium in months 19 to 29.", r.MaxCoverageEnd), Citation: citeCOBRAMax}
	}
	r.MaxCoverageMonths, r.MaxCoverageEnd = 36, base.AddMonths(36).AddDays(-1)
	return Step{Text: fmt.Sprintf("Death, divorce or legal separation, Medicare entitlement of the employee and loss of dependent-child status give up to 36 months of COBRA coverage, through %s.", r.MaxCoverageEnd), Citation: citeCOBRAMax}
}

func evalCOBRA(f *facts, s Settings) (any, []Step, error) {
	f.require("qualifying_event", "qe_date")
	c := COBRAFacts{
		QualifyingEvent:             f.enum("qualifying_event", cobraEvents()...),
		QEDate:                      f.date("qe_date"),
		LossOfCoverageDate:          f.date("loss_of_coverage_date"),
		AdministratorNotifiedOn:     f.date("administrator_notified_on"),
		ElectionNoticeProvided:      f.date("election_notice_provided"),
		ElectionDate:                f.date("election_date"),
		InformedOfObligationDate:    f.date("informed_of_obligation_date"),
		CoverageBegins:              f.date("coverage_begins"),
		QualifiedBeneficiary:        f.enum("qualified_beneficiary", "employee", "spouse", "dependent_child"),
		MedicareEntitlementDate:     f.date("medicare_entitlement_date"),
		DisabilityDeterminationDate: f.date("disability_determination_date"),
	}
	if b := f.boolean("employer_is_administrator"); b != nil {
		c.EmployerIsAdministrator = *b
	}
	if b := f.boolean("measure_from_loss_of_coverage"); b != nil {
		c.MeasureFromLossOfCoverage = *b
	}
	c.RollForward = s.RollForward
	if b := f.boolean("roll_forward"); b != nil {
		c.RollForward = *b
	}
	if err := finish(f, c.validate); err != nil {
		return nil, nil, err
	}
	return call(COBRADeadlines(c))
}
