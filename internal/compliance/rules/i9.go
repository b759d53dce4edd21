package rules

import (
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// I9Document is a document examined for Section 2 and its expiry, if any.
type I9Document struct {
	Type    string    `json:"type"`
	Expires date.Date `json:"expires"`
}

// I9Facts are the facts of the "i9-deadlines" rule.
type I9Facts struct {
	FirstDayOfEmployment           date.Date    `json:"first_day_of_employment"`
	OfferAcceptedOn                date.Date    `json:"offer_accepted_on"`
	ExpectedEmploymentBusinessDays *int         `json:"expected_employment_business_days"`
	BusinessCalendar               string       `json:"business_calendar"`
	HireDate                       date.Date    `json:"hire_date"` // defaults to FirstDayOfEmployment
	TerminationDate                date.Date    `json:"termination_date"`
	WorkAuthorizationExpires       date.Date    `json:"work_authorization_expires"`
	Documents                      []I9Document `json:"documents"`
}

// I9Result holds the Form I-9 deadlines.
type I9Result struct {
	Section1Due            date.Date `json:"section1_due"`
	Section1Earliest       date.Date `json:"section1_earliest"`
	Section2Due            date.Date `json:"section2_due"`
	EVerifyCaseDue         date.Date `json:"everify_case_due"`
	ReceiptsAcceptable     bool      `json:"receipts_acceptable"`
	ReverificationRequired bool      `json:"reverification_required"`
	ReverifyBy             date.Date `json:"reverify_by"`
	RetainUntil            date.Date `json:"retain_until"`
}

// i9Reverifiable are the documents whose expiry triggers reverification.
// U.S. passports (citizens and nationals), the permanent resident card and
// List B identity documents are never reverified.
func i9Reverifiable(t string) bool {
	return t == "foreign_passport_with_i94" || t == "employment_authorization_card" || t == "dhs_employment_authorization_document"
}

// i9DocName is the document's name as the Form I-9 lists it.
func i9DocName(t string) string {
	names := map[string]string{
		"us_passport": "U.S. passport", "us_passport_card": "U.S. passport card",
		"permanent_resident_card":       "permanent resident card (Form I-551)",
		"foreign_passport_with_i94":     "foreign passport with Form I-94",
		"employment_authorization_card": "employment authorization document (Form I-766)",
		"drivers_license":               "driver's license", "state_id_card": "state ID card", "school_id": "school ID card",
		"voter_registration_card": "voter registration card", "military_card": "U.S. military card",
		"social_security_card": "Social Security card", "birth_certificate": "birth certificate",
		"dhs_employment_authorization_document": "List C employment authorization document issued by DHS",
	}
	if n, ok := names[t]; ok {
		return n
	}
	return t
}

// i9DocTypes lists the accepted document types: List A, then List B, then
// List C of the Form I-9 Lists of Acceptable Documents.
func i9DocTypes() []string {
	return []string{
		"us_passport", "us_passport_card", "permanent_resident_card", "foreign_passport_with_i94", "employment_authorization_card",
		"drivers_license", "state_id_card", "school_id", "voter_registration_card", "military_card",
		"social_security_card", "birth_certificate", "dhs_employment_authorization_document",
	}
}

const (
	citeI9Hire     = "8 CFR 274a.1(c)"
	citeI9Sec1     = "8 CFR 274a.2(b)(1)(i)(A)"
	citeI9Sec2     = "8 CFR 274a.2(b)(1)(ii)"
	citeI9Short    = "8 CFR 274a.2(b)(1)(iii)"
	citeI9Receipt  = "8 CFR 274a.2(b)(1)(vi)"
	citeI9Reverify = "8 CFR 274a.2(b)(1)(vii)"
	citeI9Retain   = "8 CFR 274a.2(b)(2)(i)(A)"
	citeEVerify    = "USCIS E-Verify \"Three-Day Rule\"; E-Verify FAQ on 1-2 day workers"
	citeM274       = "USCIS M-274, Handbook for Employers, Part 2"
)

func (f I9Facts) validate(fe kit.FieldErrors, s Settings) BusinessCalendar {
	cal := companyCalendar(f.BusinessCalendar, s, fe, "business_calendar")
	if f.FirstDayOfEmployment.IsZero() {
		fe.Add("first_day_of_employment", "is required")
		return cal
	}
	if !f.OfferAcceptedOn.IsZero() && f.OfferAcceptedOn.After(f.FirstDayOfEmployment) {
		fe.Add("offer_accepted_on", "must be on or before first_day_of_employment")
	}
	if n := f.ExpectedEmploymentBusinessDays; n != nil && *n < 1 {
		fe.Add("expected_employment_business_days", "must be at least 1")
	}
	hire := f.hire()
	if !f.TerminationDate.IsZero() && f.TerminationDate.Before(hire) {
		fe.Add("termination_date", "must be on or after the date of hire")
	}
	known := map[string]bool{}
	for _, t := range i9DocTypes() {
		known[t] = true
	}
	for i, d := range f.Documents {
		if !known[d.Type] {
			fe.Add(fieldKey("documents", i, "type"), fmt.Sprintf("%q is not a Form I-9 document type", d.Type))
		}
	}
	return cal
}

func (f I9Facts) hire() date.Date {
	if !f.HireDate.IsZero() {
		return f.HireDate
	}
	return f.FirstDayOfEmployment
}

// I9Deadlines computes the Form I-9 Section 1 and 2 deadlines, the E-Verify
// case deadline, reverification and the retention date.
func I9Deadlines(f I9Facts, s Settings) (I9Result, []Step, error) {
	fe := kit.FieldErrors{}
	cal := f.validate(fe, s)
	if err := fe.Err(); err != nil {
		return I9Result{}, nil, err
	}
	first := f.FirstDayOfEmployment
	r := I9Result{Section1Due: first, Section1Earliest: f.OfferAcceptedOn, ReceiptsAcceptable: true}
	steps := []Step{
		{Text: fmt.Sprintf("The first day of employment (first day of work for pay) is %s (%s).", first, first.Weekday()), Citation: citeI9Hire},
		{Text: fmt.Sprintf("Section 1 must be completed by the employee no later than the first day of employment: %s.", first), Citation: citeI9Sec1},
	}
	if !f.OfferAcceptedOn.IsZero() {
		steps = append(steps, Step{Text: fmt.Sprintf("Section 1 may be completed any time after the job offer is accepted, so from %s.", f.OfferAcceptedOn), Citation: citeM274})
	}
	steps = append(steps, cal.describe())
	due3, step3 := cal.businessDeadline("Section 2 (three-business-day rule)", first, 3, citeI9Sec2)
	short := f.ExpectedEmploymentBusinessDays != nil && *f.ExpectedEmploymentBusinessDays < 3
	if short {
		r.Section2Due, r.ReceiptsAcceptable = first, false
		steps = append(steps, Step{Text: fmt.Sprintf("The job is expected to last %d business day(s), less than three, so Section 2 must be completed on the first day of employment, %s, and a receipt may not be accepted in place of a document.", *f.ExpectedEmploymentBusinessDays, first), Citation: citeI9Short})
	} else {
		r.Section2Due = due3
		steps = append(steps, step3, Step{Text: "A receipt for a replacement of a lost, stolen or damaged document is acceptable; the actual document must be shown within 90 days of hire.", Citation: citeI9Receipt})
	}
	r.EVerifyCaseDue, _ = cal.addBusinessDays(first, 3)
	steps = append(steps, Step{Text: fmt.Sprintf("If the employer uses E-Verify, the case must be created no later than the third business day after work for pay starts, %s, even for jobs shorter than three days.", r.EVerifyCaseDue), Citation: citeEVerify})
	steps = append(steps, f.reverify(&r)...)
	steps = append(steps, f.retain(&r))
	return r, steps, nil
}

// reverify sets the reverification date: the earliest expiry of the
// Section 1 work authorization and of any reverifiable List A or C document.
func (f I9Facts) reverify(r *I9Result) []Step {
	var steps []Step
	by := date.Date{}
	if !f.WorkAuthorizationExpires.IsZero() {
		by = f.WorkAuthorizationExpires
		steps = append(steps, Step{Text: fmt.Sprintf("Section 1 records employment authorization expiring on %s.", by), Citation: citeI9Reverify})
	}
	for _, d := range f.Documents {
		if d.Expires.IsZero() {
			continue
		}
		if !i9Reverifiable(d.Type) {
			steps = append(steps, Step{Text: fmt.Sprintf("The %s expires on %s, but it is never reverified (U.S. citizens and nationals, permanent resident cards and List B identity documents are not reverified).", i9DocName(d.Type), d.Expires), Citation: citeI9Reverify})
			continue
		}
		steps = append(steps, Step{Text: fmt.Sprintf("The %s recorded in Section 2 expires on %s.", i9DocName(d.Type), d.Expires), Citation: citeI9Reverify})
		by = date.Min(by, d.Expires)
	}
	if by.IsZero() {
		steps = append(steps, Step{Text: "No expiring employment authorization or reverifiable document is recorded, so no reverification is required.", Citation: citeI9Reverify})
		return steps
	}
	r.ReverificationRequired, r.ReverifyBy = true, by
	steps = append(steps, Step{Text: fmt.Sprintf("Reverification (Supplement B) must be completed no later than the earliest of those expiry dates: %s. There is no grace period after expiry.", by), Citation: citeI9Reverify})
	return steps
}

// retain sets the retention date: while employed the form is kept
// indefinitely; after termination until the later of 3 years after hire and
// 1 year after termination (month-end dates clamp, RULES.md C4).
func (f I9Facts) retain(r *I9Result) Step {
	if f.TerminationDate.IsZero() {
		return Step{Text: "The employee is still employed, so the form must be kept for as long as employment lasts; the retention date is set once employment ends.", Citation: citeI9Retain}
	}
	a, b := f.hire().AddYears(3), f.TerminationDate.AddYears(1)
	r.RetainUntil = date.Max(a, b)
	return Step{Text: fmt.Sprintf("After termination, keep the form until the later of 3 years after the date of hire (%s) and 1 year after the date employment ended (%s): %s.", a, b, r.RetainUntil), Citation: citeI9Retain}
}

func evalI9(f *facts, s Settings) (any, []Step, error) {
	f.require("first_day_of_employment")
	i := I9Facts{
		FirstDayOfEmployment:           f.date("first_day_of_employment"),
		OfferAcceptedOn:                f.date("offer_accepted_on"),
		ExpectedEmploymentBusinessDays: f.integer("expected_employment_business_days"),
		BusinessCalendar:               f.enum("business_calendar", CalendarUSFed, CalendarSevenDay),
		HireDate:                       f.date("hire_date"),
		TerminationDate:                f.date("termination_date"),
		WorkAuthorizationExpires:       f.date("work_authorization_expires"),
	}
	docs, _ := f.objects("documents")
	for _, d := range docs {
		d.require("type")
		i.Documents = append(i.Documents, I9Document{Type: d.str("type"), Expires: d.date("expires")})
	}
	if err := finish(f, func(fe kit.FieldErrors) { i.validate(fe, s) }); err != nil {
		return nil, nil, err
	}
	return call(I9Deadlines(i, s))
}
