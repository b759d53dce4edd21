package rules

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// FMLANoticesFacts are the facts of the "fmla-notices" rule.
type FMLANoticesFacts struct {
	LeaveRequestedOn         date.Date `json:"leave_requested_on"`
	SufficientInformationOn  date.Date `json:"sufficient_information_on"`
	CertificationRequestedOn date.Date `json:"certification_requested_on"`
	DeficiencyNoticeOn       date.Date `json:"deficiency_notice_on"`
	BusinessCalendar         string    `json:"business_calendar"`
	// CountTriggerDay counts the trigger day as business day 1 (RULES.md C2
	// alternative; the default leaves it out, as I-9 and E-Verify do).
	CountTriggerDay bool `json:"count_trigger_day"`
	// RollForward moves a calendar-day deadline that lands on a
	// non-business day to the next business day (RULES.md C1 alternative).
	RollForward bool `json:"roll_forward"`
}

// FMLANoticesResult holds the FMLA notice and certification deadlines;
// each is null when its triggering fact is absent.
type FMLANoticesResult struct {
	EligibilityNoticeDue date.Date `json:"eligibility_notice_due"`
	RightsNoticeDue      date.Date `json:"rights_notice_due"`
	DesignationNoticeDue date.Date `json:"designation_notice_due"`
	CertificationDue     date.Date `json:"certification_due"`
	CureDue              date.Date `json:"cure_due"`
}

func (f FMLANoticesFacts) validate(fe kit.FieldErrors, s Settings) BusinessCalendar {
	cal := companyCalendar(f.BusinessCalendar, s, fe, "business_calendar")
	if f.LeaveRequestedOn.IsZero() {
		fe.Add("leave_requested_on", "is required")
	}
	if !f.DeficiencyNoticeOn.IsZero() && !f.CertificationRequestedOn.IsZero() && f.DeficiencyNoticeOn.Before(f.CertificationRequestedOn) {
		fe.Add("deficiency_notice_on", "must be on or after certification_requested_on")
	}
	return cal
}

// businessDays applies the 5-business-day rule with the chosen counting.
func (f FMLANoticesFacts) businessDays(cal BusinessCalendar, what string, trigger date.Date, cite string) (date.Date, Step) {
	if f.CountTriggerDay && cal.IsBusinessDay(trigger) {
		due, step := cal.businessDeadline(what, trigger, 4, cite)
		step.Text = fmt.Sprintf("%s: counting %s itself as business day 1 (count_trigger_day is set), the fifth business day is %s (%s).", what, trigger, due, due.Weekday())
		return due, step
	}
	return cal.businessDeadline(what, trigger, 5, cite)
}

// FMLANotices computes the employer's FMLA notice deadlines and the
// employee's certification deadlines.
func FMLANotices(f FMLANoticesFacts, s Settings) (FMLANoticesResult, []Step, error) {
	fe := kit.FieldErrors{}
	cal := f.validate(fe, s)
	if err := fe.Err(); err != nil {
		return FMLANoticesResult{}, nil, err
	}
	var r FMLANoticesResult
	steps := []Step{cal.describe()}
	if !f.CountTriggerDay {
		steps = append(steps, Step{Text: "The day of the triggering event is not counted as one of the 5 business days, as for the I-9 three-day rule; the FMLA text does not say either way (set count_trigger_day to count it).", Citation: "Cadre RULES.md §0 C2"})
	}
	var st Step
	r.EligibilityNoticeDue, st = f.businessDays(cal, "Eligibility notice", f.LeaveRequestedOn, "29 CFR 825.300(b)(1)")
	st.Text += " The clock starts when the employee asks for leave or the employer learns the leave may qualify under FMLA."
	steps = append(steps, st)
	r.RightsNoticeDue = r.EligibilityNoticeDue
	steps = append(steps, Step{Text: fmt.Sprintf("The rights and responsibilities notice is due at the same time as the eligibility notice: %s.", r.RightsNoticeDue), Citation: "29 CFR 825.300(c)(1)"})
	if f.SufficientInformationOn.IsZero() {
		steps = append(steps, Step{Text: "The designation notice is due 5 business days after the employer has enough information to decide whether the leave qualifies (for example, after receiving the certification); that date is not known yet.", Citation: "29 CFR 825.300(d)(1)"})
	} else {
		r.DesignationNoticeDue, st = f.businessDays(cal, "Designation notice", f.SufficientInformationOn, "29 CFR 825.300(d)(1)")
		steps = append(steps, st)
	}
	if f.CertificationRequestedOn.IsZero() {
		steps = append(steps, Step{Text: "No medical certification has been requested, so no certification deadline applies.", Citation: "29 CFR 825.305(b)"})
	} else {
		r.CertificationDue, st = cal.calendarDeadline("Certification", f.CertificationRequestedOn, 15, f.RollForward, "29 CFR 825.305(b); 29 CFR 825.313(b)")
		st.Text += " The employee must return the certification within 15 calendar days of the request, unless that is not practicable despite diligent, good-faith efforts."
		steps = append(steps, st)
	}
	if !f.DeficiencyNoticeOn.IsZero() {
		r.CureDue, st = cal.calendarDeadline("Cure period", f.DeficiencyNoticeOn, 7, f.RollForward, "29 CFR 825.305(c)")
		st.Text += " After the employer states in writing what is missing from an incomplete or insufficient certification, the employee has 7 calendar days to cure it."
		steps = append(steps, st)
	}
	return r, steps, nil
}

func evalFMLANotices(f *facts, s Settings) (any, []Step, error) {
	f.require("leave_requested_on")
	n := FMLANoticesFacts{
		LeaveRequestedOn:         f.date("leave_requested_on"),
		SufficientInformationOn:  f.date("sufficient_information_on"),
		CertificationRequestedOn: f.date("certification_requested_on"),
		DeficiencyNoticeOn:       f.date("deficiency_notice_on"),
		BusinessCalendar:         f.enum("business_calendar", CalendarUSFed, CalendarSevenDay),
	}
	n.CountTriggerDay = s.CountTriggerDay
	if b := f.boolean("count_trigger_day"); b != nil {
		n.CountTriggerDay = *b
	}
	n.RollForward = s.RollForward
	if b := f.boolean("roll_forward"); b != nil {
		n.RollForward = *b
	}
	if err := finish(f, func(fe kit.FieldErrors) { n.validate(fe, s) }); err != nil {
		return nil, nil, err
	}
	return call(FMLANotices(n, s))
}
