package rules

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// HIPAA special enrollment events.
const (
	EventLossOfOtherCoverage    = "loss_of_other_coverage"
	EventMarriage               = "marriage"
	EventBirth                  = "birth"
	EventAdoption               = "adoption"
	EventPlacementForAdoption   = "placement_for_adoption"
	EventMedicaidCHIPLoss       = "medicaid_chip_loss"
	EventMedicaidCHIPEligiblity = "medicaid_chip_eligibility"
)

func hipaaEvents() []string {
	return []string{EventLossOfOtherCoverage, EventMarriage, EventBirth, EventAdoption, EventPlacementForAdoption, EventMedicaidCHIPLoss, EventMedicaidCHIPEligiblity}
}

// hipaaLossReasons are the reasons other coverage can end. The last four
// are not a loss of eligibility and give no special enrollment right.
func hipaaLossReasons() []string {
	return []string{"loss_of_eligibility", "exhaustion_of_cobra", "termination_of_employer_contributions", "nonpayment_of_premium", "for_cause", "fraud", "voluntary_termination"}
}

func hipaaNoRight(reason string) bool {
	return reason == "nonpayment_of_premium" || reason == "for_cause" || reason == "fraud" || reason == "voluntary_termination"
}

// HIPAAFacts are the facts of the "hipaa-special-enrollment" rule.
type HIPAAFacts struct {
	Event           string    `json:"event"`
	EventDate       date.Date `json:"event_date"`
	RequestReceived date.Date `json:"request_received"`
	LossReason      string    `json:"loss_reason"`
	// MedicaidCHIPEffective chooses the (plan-defined, unverified) effective
	// date for the 60-day Medicaid/CHIP rights: "first_of_month_after_request"
	// (default) or "event_date".
	MedicaidCHIPEffective string `json:"medicaid_chip_effective"`
	// RollForward moves a request deadline that lands on a weekend or
	// federal holiday to the next business day (RULES.md C1 alternative).
	RollForward bool `json:"roll_forward"`
}

// HIPAAResult is the special enrollment determination.
type HIPAAResult struct {
	SpecialEnrollmentRight bool      `json:"special_enrollment_right"`
	RequestWindowDays      int       `json:"request_window_days"`
	RequestDeadline        date.Date `json:"request_deadline"`
	RequestTimely          *bool     `json:"request_timely"` // null without request_received
	CoverageEffective      date.Date `json:"coverage_effective"`
}

func (f HIPAAFacts) validate(fe kit.FieldErrors) {
	if !oneOf(f.Event, hipaaEvents()) {
		fe.Add("event", "must be one of: loss_of_other_coverage, marriage, birth, adoption, placement_for_adoption, medicaid_chip_loss, medicaid_chip_eligibility")
	}
	if f.EventDate.IsZero() {
		fe.Add("event_date", "is required")
	}
	if f.LossReason != "" && !oneOf(f.LossReason, hipaaLossReasons()) {
		fe.Add("loss_reason", "must be one of: loss_of_eligibility, exhaustion_of_cobra, termination_of_employer_contributions, nonpayment_of_premium, for_cause, fraud, voluntary_termination")
	}
	if f.MedicaidCHIPEffective != "" && f.MedicaidCHIPEffective != "first_of_month_after_request" && f.MedicaidCHIPEffective != "event_date" {
		fe.Add("medicaid_chip_effective", "must be first_of_month_after_request or event_date")
	}
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

const (
	citeHIPAALoss  = "29 CFR 2590.701-6(a)(3)"
	citeHIPAALossW = "29 CFR 2590.701-6(a)(4)(i)"
	citeHIPAALossE = "29 CFR 2590.701-6(a)(4)(ii)"
	citeHIPAADepW  = "29 CFR 2590.701-6(b)(3)(i)"
	citeHIPAADepE  = "29 CFR 2590.701-6(b)(3)(iii)"
	citeCHIPRA     = "ERISA §701(f)(3), 29 U.S.C. 1181(f)(3)"
)

// HIPAASpecialEnrollment decides whether an event gives a special
// enrollment right, by when the request must be made and when coverage
// takes effect.
func HIPAASpecialEnrollment(f HIPAAFacts) (HIPAAResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return HIPAAResult{}, nil, err
	}
	var r HIPAAResult
	window, windowCite, steps, ok := f.right()
	if !ok {
		return r, steps, nil
	}
	r.SpecialEnrollmentRight, r.RequestWindowDays = true, window
	cal := NewBusinessCalendar(CalendarUSFed, nil)
	var st Step
	r.RequestDeadline, st = cal.calendarDeadline("Request deadline", f.EventDate, window, f.RollForward, windowCite)
	st.Text += fmt.Sprintf(" The plan must allow at least %d days after the event, counted in days rather than as months.", window)
	steps = append(steps, st)
	if !f.RequestReceived.IsZero() {
		timely := !f.RequestReceived.After(r.RequestDeadline)
		r.RequestTimely = &timely
		if !timely {
			steps = append(steps, Step{Text: fmt.Sprintf("The request was received on %s, after the deadline, so the special enrollment right was not exercised and there is no coverage date.", f.RequestReceived), Citation: windowCite})
			return r, steps, nil
		}
		steps = append(steps, Step{Text: fmt.Sprintf("The request was received on %s, within the deadline.", f.RequestReceived), Citation: windowCite})
	}
	r.CoverageEffective, st = f.effective()
	return r, append(steps, st), nil
}

// right decides whether a right exists (ok) and the request window.
func (f HIPAAFacts) right() (int, string, []Step, bool) {
	switch f.Event {
	case EventLossOfOtherCoverage:
		if hipaaNoRight(f.LossReason) {
			return 0, "", []Step{{Text: fmt.Sprintf("Other coverage ended because of %s. A loss for failure to pay premiums on time, for cause (such as fraud) or by choosing to drop coverage is not a loss of eligibility, so there is no special enrollment right.", f.LossReason), Citation: citeHIPAALoss}}, false
		}
		return 30, citeHIPAALossW, []Step{{Text: "Losing other coverage through loss of eligibility, exhaustion of COBRA or the end of employer contributions is a special enrollment event.", Citation: citeHIPAALoss}}, true
	case EventMedicaidCHIPLoss, EventMedicaidCHIPEligiblity:
		if f.Event == EventMedicaidCHIPLoss && hipaaNoRight(f.LossReason) {
			return 0, "", []Step{{Text: fmt.Sprintf("Medicaid or CHIP coverage ended because of %s, not because of a loss of eligibility, so there is no special enrollment right.", f.LossReason), Citation: citeCHIPRA}}, false
		}
		what := "Losing Medicaid or CHIP coverage because eligibility ended"
		if f.Event == EventMedicaidCHIPEligiblity {
			what = "Becoming eligible for premium assistance under Medicaid or CHIP"
		}
		return 60, citeCHIPRA, []Step{{Text: what + " is a special enrollment event with a 60-day request period (CHIPRA 2009).", Citation: citeCHIPRA}}, true
	}
	return 30, citeHIPAADepW, []Step{{Text: fmt.Sprintf("Gaining a dependent by %s is a special enrollment event for the employee, the spouse and the new dependent.", eventText(f.Event)), Citation: "29 CFR 2590.701-6(b)(2)"}}, true
}

func eventText(e string) string {
	switch e {
	case EventPlacementForAdoption:
		return "placement for adoption"
	case EventLossOfOtherCoverage:
		return "loss of other coverage"
	}
	return e
}

// effective computes the coverage date for a timely request.
func (f HIPAAFacts) effective() (date.Date, Step) {
	switch f.Event {
	case EventBirth, EventAdoption, EventPlacementForAdoption:
		return f.EventDate, Step{Text: fmt.Sprintf("For %s, coverage takes effect on the date of the event, %s, even though the request comes later, provided it is made in time.", eventText(f.Event), f.EventDate), Citation: citeHIPAADepE}
	case EventMedicaidCHIPLoss, EventMedicaidCHIPEligiblity:
		if f.MedicaidCHIPEffective == "event_date" {
			return f.EventDate, Step{Text: fmt.Sprintf("The statute sets no effective date for the Medicaid/CHIP rights; as chosen (medicaid_chip_effective = event_date), coverage takes effect on %s.", f.EventDate), Citation: citeCHIPRA}
		}
	}
	cite := citeHIPAALossE
	if f.Event == EventMarriage {
		cite = citeHIPAADepE
	}
	note := ""
	if f.Event == EventMedicaidCHIPLoss || f.Event == EventMedicaidCHIPEligiblity {
		cite = citeCHIPRA
		note = " The statute sets no effective date for the Medicaid/CHIP rights; Cadre uses the common plan rule of the first of the month after the request (set medicaid_chip_effective to event_date for the alternative)."
	}
	if f.RequestReceived.IsZero() {
		return date.Date{}, Step{Text: "Coverage begins no later than the first day of the first calendar month beginning after the plan receives a completed request; no request has been received yet." + note, Citation: cite}
	}
	eff := f.RequestReceived.FirstOfMonth().AddMonths(1)
	return eff, Step{Text: fmt.Sprintf("Coverage begins no later than the first day of the first calendar month beginning after the plan receives the request (%s): %s. A request received on the 1st of a month starts coverage on the 1st of the next month.%s", f.RequestReceived, eff, note), Citation: cite}
}

func evalHIPAA(f *facts, s Settings) (any, []Step, error) {
	f.require("event", "event_date")
	h := HIPAAFacts{
		Event:                 f.enum("event", hipaaEvents()...),
		EventDate:             f.date("event_date"),
		RequestReceived:       f.date("request_received"),
		LossReason:            f.enum("loss_reason", hipaaLossReasons()...),
		MedicaidCHIPEffective: f.enum("medicaid_chip_effective", "first_of_month_after_request", "event_date"),
	}
	h.RollForward = s.RollForward
	if b := f.boolean("roll_forward"); b != nil {
		h.RollForward = *b
	}
	if err := finish(f, h.validate); err != nil {
		return nil, nil, err
	}
	return call(HIPAASpecialEnrollment(h))
}
