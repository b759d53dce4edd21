package ui

// The rules workbench's specifications: one RuleSpec per rule of the rules
// engine, in contract order, with each fact described as data, and how
// result fields are labelled and formatted. The pages in rules.go render
// and read every rule's form from this table.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit/date"
)

// FactKind is how a fact is entered on the form and sent to the engine.
type FactKind string

const (
	factDate     FactKind = "date"     // <input type=date>, sent as "YYYY-MM-DD"
	factNumber   FactKind = "number"   // decimal number
	factInteger  FactKind = "integer"  // whole number
	factText     FactKind = "text"     // free text, sent as a string
	factSelect   FactKind = "select"   // one of Options, sent as a string
	factBool     FactKind = "bool"     // checkbox: checked sends true; unchecked sends false when Required, else nothing
	factNotBool  FactKind = "notbool"  // checkbox worded as the negation: checked sends false, unchecked sends nothing
	factRows     FactKind = "rows"     // textarea, one row per line, Columns comma-separated: a list of objects
	factDateList FactKind = "datelist" // textarea, one date per line: a list of dates
	factTextList FactKind = "textlist" // textarea, one value per line: a list of strings
	factWeek     FactKind = "week"     // seven number inputs (mon..sun) sent as {"hours": {...}}
)

// Company settings that prefill a fact (FactSpec.Setting).
const (
	settingCalendar       = "business_calendar"
	settingFMLAMethod     = "fmla_method"
	settingLeaveYearStart = "leave_year_start"
	settingClosures       = "closures"
)

// RuleColumn is one comma-separated column of a list fact.
type RuleColumn struct {
	Name string   // the JSON field
	Kind FactKind // factDate, factNumber, factInteger or factText
}

// FactSpec describes one fact of a rule's form.
type FactSpec struct {
	Name     string // the JSON fact name, also the form field name
	Label    string
	Help     string
	Kind     FactKind
	Required bool
	Options  []Option     // factSelect
	Columns  []RuleColumn // factRows
	Example  string       // the worked example's value; rows separated by "\n"; factWeek: seven comma-separated hours
	Setting  string       // the company setting that replaces Example when set
}

// RuleSpec describes one rule on the workbench.
type RuleSpec struct {
	Name        string
	Title       string
	Description string
	Citation    string
	Example     string // one sentence describing the worked example
	Facts       []FactSpec
}

// ruleSpec returns the spec of a rule, or false.
func ruleSpec(name string) (RuleSpec, bool) {
	for _, s := range ruleSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return RuleSpec{}, false
}

// opts builds select options from value, label pairs.
func opts(pairs ...string) []Option {
	out := make([]Option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Option{Value: pairs[i], Label: pairs[i+1]})
	}
	return out
}

func cols(spec ...any) []RuleColumn {
	out := make([]RuleColumn, 0, len(spec)/2)
	for i := 0; i+1 < len(spec); i += 2 {
		out = append(out, RuleColumn{Name: spec[i].(string), Kind: spec[i+1].(FactKind)})
	}
	return out
}

var (
	calendarOptions = opts("US_FED", "U.S. federal: Monday to Friday, except federal holidays", "SEVEN_DAY", "Seven-day: every day is a business day")
	calendarHelp    = "Which days count as business days for business-day deadlines. Company closures are never business days."
	rollForwardHelp = "Optional. The regulations do not say whether a deadline on a weekend or holiday moves; by default it does not."
	i9DocTypes      = "List A: us_passport, us_passport_card, permanent_resident_card, foreign_passport_with_i94, employment_authorization_card. List B: drivers_license, state_id_card, school_id, voter_registration_card, military_card. List C: social_security_card, birth_certificate, dhs_employment_authorization_document."
	costCategories  = "External: advertising, job_boards, background_checks, campus_recruiting, consulting, contingency_fees, drug_testing, employee_referral_awards, immigration, job_fairs, pre_hire_health_screens, pre_screening, rpo_fees, relocation, sign_on_bonuses, sourcing, candidate_travel, recruiter_travel, technology, third_party_agency_fees. Internal: recruiting_staff, sourcing_staff, compliance_overhead, non_labor_office, recruiting_learning, management_time."
)

// ruleSpecs lists every rule in contract order (rules.Names()).
var ruleSpecs = []RuleSpec{
	{Name: "holidays", Title: "Federal holidays", Citation: "5 U.S.C. 6103; Executive Order 11582",
		Description: "Lists the U.S. federal holidays observed in a year, with weekend holidays moved to the Friday before or the Monday after.",
		Example:     "The observed federal holidays of 2026.",
		Facts: []FactSpec{
			{Name: "year", Label: "Year", Help: "The calendar year, from 1971.", Kind: factInteger, Required: true, Example: "2026"},
			{Name: "calendar", Label: "Holiday calendar", Help: "Cadre models the U.S. federal holiday calendar.", Kind: factSelect, Options: opts("US_FED", "U.S. federal holidays"), Example: "US_FED"},
		}},
	{Name: "i9-deadlines", Title: "I-9 deadlines", Citation: "8 CFR 274a.2(b)",
		Description: "Works out when Sections 1 and 2 of Form I-9 are due, whether and when to reverify work authorization, and how long to keep the form.",
		Example:     "A new hire starting Monday, June 1, 2026, who showed an employment authorization document that expires on March 31, 2027.",
		Facts: []FactSpec{
			{Name: "first_day_of_employment", Label: "First day of employment", Help: "The first day the employee works for pay.", Kind: factDate, Required: true, Example: "2026-06-01"},
			{Name: "offer_accepted_on", Label: "Offer accepted on", Help: "Optional. Section 1 may be completed from this day.", Kind: factDate, Example: "2026-05-15"},
			{Name: "expected_employment_business_days", Label: "Expected length of employment (business days)", Help: "Optional. Only for jobs expected to last fewer than 3 business days, when Section 2 is due on the first day.", Kind: factInteger},
			{Name: "business_calendar", Label: "Business calendar", Help: calendarHelp, Kind: factSelect, Options: calendarOptions, Example: "US_FED", Setting: settingCalendar},
			{Name: "hire_date", Label: "Hire date", Help: "Optional. Leave blank when it is the first day of employment.", Kind: factDate},
			{Name: "termination_date", Label: "Termination date", Help: "Optional. Only for a former employee; it sets how long the form is kept.", Kind: factDate},
			{Name: "work_authorization_expires", Label: "Work authorization expires", Help: "Optional. The expiry date from Section 1, if the employee has temporary work authorization.", Kind: factDate, Example: "2027-03-31"},
			{Name: "documents", Label: "Documents presented", Help: "Optional. One document per line: type, expiry date (YYYY-MM-DD, or blank when it does not expire). Types: " + i9DocTypes, Kind: factRows,
				Columns: cols("type", factText, "expires", factDate), Example: "employment_authorization_card, 2027-03-31"},
		}},
	{Name: "fmla-eligibility", Title: "FMLA eligibility", Citation: "29 CFR 825.110",
		Description: "Checks the three FMLA eligibility tests: 12 months of service, 1,250 hours in the last 12 months, and 50 employees within 75 miles.",
		Example:     "A rehired employee whose leave starts on March 2, 2026, with an earlier stint from 2018 to 2020.",
		Facts: []FactSpec{
			{Name: "leave_start", Label: "First day of leave", Help: "The day the FMLA leave starts; every test is measured on this day.", Kind: factDate, Required: true, Example: "2026-03-02"},
			{Name: "employment_periods", Label: "Employment periods", Help: "One period per line: start date, end date (YYYY-MM-DD; leave the end blank for current employment). Both dates count.", Kind: factRows, Required: true,
				Columns: cols("start", factDate, "end", factDate), Example: "2018-05-07, 2020-02-28\n2025-09-08,"},
			{Name: "hours_worked_12_months", Label: "Hours worked in the 12 months before leave", Help: "Hours actually worked, without paid leave or holidays.", Kind: factNumber, Example: "1320"},
			{Name: "employees_within_75_miles", Label: "Employees within 75 miles", Help: "Employees at the worksite and at every worksite within 75 surface miles of it.", Kind: factInteger, Required: true, Example: "64"},
			{Name: "notice_date", Label: "Date the employee gave notice", Help: "Optional. Used when the employee is not yet eligible on that day.", Kind: factDate},
			{Name: "break_reason", Label: "Reason for a break in service", Help: "Optional. A break of 7 years or more drops the earlier service, unless it was military service or covered by a written rehire agreement.", Kind: factSelect,
				Options: opts("personal", "Personal (no exception)", "userra", "Military service (USERRA)", "rehire_agreement", "Written rehire agreement"), Example: "personal"},
			{Name: "userra_hours_credited", Label: "Hours credited for military service", Help: "Optional. Hours the employee would have worked but for USERRA-covered service; they are added to hours worked.", Kind: factNumber},
			{Name: "flsa_exempt", Label: "The employee is FLSA-exempt", Help: "Optional. With no hour records kept, an exempt employee is presumed to meet the 1,250-hour test.", Kind: factBool},
			{Name: "hour_records_kept", Label: "No records of hours worked are kept for this employee", Help: "Optional. Tick only when the employer keeps no accurate hour records.", Kind: factNotBool},
			{Name: "leave_end", Label: "Last day of leave", Help: "Optional. Give it to find the day inside the leave when the employee becomes eligible.", Kind: factDate, Example: "2026-04-10"},
		}},
	{Name: "fmla-entitlement", Title: "FMLA entitlement", Citation: "29 CFR 825.200",
		Description: "Shows how much FMLA leave an employee has left in the 12-month period and which requested days are protected.",
		Example:     "A 40-hour employee on June 1, 2026, who used 36 hours of FMLA leave in the last year and asks for two more days.",
		Facts: []FactSpec{
			{Name: "method", Label: "12-month period method", Help: "How the employer measures the 12-month FMLA period.", Kind: factSelect, Setting: settingFMLAMethod, Example: "rolling_backward",
				Options: opts("calendar_year", "Calendar year", "fixed_leave_year", "Fixed leave year (set the start below)", "forward_from_first_leave", "Forward from the first day of leave", "rolling_backward", "Rolling 12 months backward", "most_beneficial", "Most beneficial to the employee (no method chosen)")},
			{Name: "leave_year_start", Label: "Leave year starts on (MM-DD)", Help: "Only for a fixed leave year, for example 07-01 for a year starting July 1.", Kind: factText, Setting: settingLeaveYearStart},
			{Name: "weekly_hours", Label: "Usual hours a week", Help: "The employee's normal workweek. Leave blank to use the hours scheduled in the last 52 weeks instead.", Kind: factNumber, Example: "40"},
			{Name: "hours_scheduled_prior_52_weeks", Label: "Hours scheduled in the prior 52 weeks", Help: "Optional. For a schedule that varies so much that a weekly average must be used.", Kind: factNumber},
			{Name: "as_of", Label: "As of", Help: "The day to measure on. Leave used on or after this day is not counted.", Kind: factDate, Required: true, Example: "2026-06-01"},
			{Name: "usage", Label: "FMLA leave already used", Help: "One day per line: date, hours (for example 2025-09-15, 8). Enter nothing if none was used.", Kind: factRows, Required: true,
				Columns: cols("date", factDate, "hours", factNumber), Example: "2025-09-15, 8\n2025-09-16, 8\n2025-09-17, 8\n2026-02-09, 8\n2026-02-10, 4"},
			{Name: "requested", Label: "Leave requested", Help: "Optional. One day per line: date, hours. Days are checked one by one in date order.", Kind: factRows,
				Columns: cols("date", factDate, "hours", factNumber), Example: "2026-06-01, 8\n2026-06-02, 8"},
			{Name: "reason", Label: "Type of leave", Help: "Military caregiver leave has its own 26-week entitlement.", Kind: factSelect, Example: "standard",
				Options: opts("standard", "Standard FMLA leave (12 weeks)", "military_caregiver", "Military caregiver leave (26 weeks)")},
			{Name: "first_caregiver_leave_day", Label: "First day of military caregiver leave", Help: "Optional. Starts the single 12-month period for military caregiver leave.", Kind: factDate},
		}},
	{Name: "fmla-usage", Title: "FMLA leave charged", Citation: "29 CFR 825.205",
		Description: "Converts FMLA leave taken into hours and weeks charged against the entitlement, handling holidays, closures and part weeks.",
		Example:     "A Monday-to-Friday, 8-hour employee who was out the whole week of June 1, 2026 and for 4 hours on June 9.",
		Facts: []FactSpec{
			{Name: "schedule", Label: "Scheduled hours each day", Help: "The employee's usual hours, Monday to Sunday. Leave a day at 0 when it is not a working day.", Kind: factWeek, Required: true, Example: "8,8,8,8,8,0,0"},
			{Name: "leave", Label: "FMLA leave taken", Help: "One day per line: date, hours (for example 2026-06-09, 4).", Kind: factRows, Required: true,
				Columns: cols("date", factDate, "hours", factNumber), Example: "2026-06-01, 8\n2026-06-02, 8\n2026-06-03, 8\n2026-06-04, 8\n2026-06-05, 8\n2026-06-09, 4"},
			{Name: "mandatory_overtime_hours", Label: "Mandatory overtime hours a week", Help: "Optional. Required overtime counts as part of the usual workweek.", Kind: factNumber},
			{Name: "closures", Label: "Closure days", Help: "Optional. One date per line. Days the business is closed are not charged. Prefilled with the company's closures.", Kind: factDateList, Setting: settingClosures},
			{Name: "holidays_scheduled", Label: "The employee is normally scheduled to work on holidays", Help: "Optional. If not, leave on a holiday in a part week is not charged.", Kind: factBool},
			{Name: "business_calendar", Label: "Business calendar", Help: calendarHelp, Kind: factSelect, Options: calendarOptions, Example: "US_FED", Setting: settingCalendar},
		}},
	{Name: "fmla-notices", Title: "FMLA notice deadlines", Citation: "29 CFR 825.300",
		Description: "Gives the due dates of the eligibility, rights and responsibilities, and designation notices, and of the medical certification.",
		Example:     "Leave requested on Monday, June 1, 2026, certification asked for on June 3, with enough information to designate by June 26.",
		Facts: []FactSpec{
			{Name: "leave_requested_on", Label: "Leave requested on", Help: "The day the employee asked for leave or the employer learned the leave may be FMLA-qualifying.", Kind: factDate, Required: true, Example: "2026-06-01"},
			{Name: "sufficient_information_on", Label: "Enough information to designate on", Help: "Optional. The day the employer had enough information to decide whether the leave is FMLA leave.", Kind: factDate, Example: "2026-06-26"},
			{Name: "certification_requested_on", Label: "Certification requested on", Help: "Optional. The day the employer asked for medical certification.", Kind: factDate, Example: "2026-06-03"},
			{Name: "deficiency_notice_on", Label: "Deficiency notice sent on", Help: "Optional. The day the employer said the certification was incomplete or insufficient.", Kind: factDate},
			{Name: "business_calendar", Label: "Business calendar", Help: calendarHelp, Kind: factSelect, Options: calendarOptions, Example: "US_FED", Setting: settingCalendar},
			{Name: "count_trigger_day", Label: "Count the trigger day as day 1", Help: "Optional. By default the 5 business days start the day after the request.", Kind: factBool},
			{Name: "roll_forward", Label: "Move deadlines off weekends and holidays", Help: rollForwardHelp, Kind: factBool},
		}},
	{Name: "hipaa-special-enrollment", Title: "HIPAA special enrollment", Citation: "29 CFR 2590.701-6",
		Description: "Decides whether a life event gives a special enrollment right in the group health plan, the deadline to ask, and when coverage starts.",
		Example:     "A baby born on April 14, 2026, with the enrollment request received on April 30.",
		Facts: []FactSpec{
			{Name: "event", Label: "Life event", Help: "What happened.", Kind: factSelect, Required: true, Example: "birth",
				Options: opts("loss_of_other_coverage", "Loss of other health coverage", "marriage", "Marriage", "birth", "Birth", "adoption", "Adoption", "placement_for_adoption", "Placement for adoption", "medicaid_chip_loss", "Loss of Medicaid or CHIP", "medicaid_chip_eligibility", "Became eligible for Medicaid or CHIP premium help")},
			{Name: "event_date", Label: "Date of the event", Help: "For a loss of coverage, the day the other coverage ended.", Kind: factDate, Required: true, Example: "2026-04-14"},
			{Name: "request_received", Label: "Request received on", Help: "Optional. The day the plan received the enrollment request.", Kind: factDate, Example: "2026-04-30"},
			{Name: "loss_reason", Label: "Why the other coverage ended", Help: "Only for a loss of other coverage. Losing it for not paying premiums, for cause, for fraud or by choice gives no right.", Kind: factSelect,
				Options: opts("loss_of_eligibility", "Lost eligibility", "exhaustion_of_cobra", "COBRA ran out", "termination_of_employer_contributions", "Employer stopped contributing", "nonpayment_of_premium", "Premiums not paid", "for_cause", "Ended for cause", "fraud", "Fraud", "voluntary_termination", "Dropped voluntarily")},
			{Name: "medicaid_chip_effective", Label: "Medicaid/CHIP coverage starts", Help: "Optional. Only for the Medicaid and CHIP events; the regulations leave this to the plan.", Kind: factSelect,
				Options: opts("first_of_month_after_request", "First of the month after the request", "event_date", "On the date of the event")},
			{Name: "roll_forward", Label: "Move deadlines off weekends and holidays", Help: rollForwardHelp, Kind: factBool},
		}},
	{Name: "cobra-deadlines", Title: "COBRA deadlines", Citation: "29 CFR 2590.606-1 to -4",
		Description: "Lays out the COBRA notice, election and first-premium deadlines and the maximum length of continuation coverage.",
		Example:     "An employee terminated on March 13, 2026, whose coverage ended on March 31; the plan is administered by the employer.",
		Facts: []FactSpec{
			{Name: "qualifying_event", Label: "Qualifying event", Help: "The event that causes the loss of coverage.", Kind: factSelect, Required: true, Example: "termination",
				Options: opts("termination", "Termination of employment", "reduction_in_hours", "Reduction in hours", "death", "Death of the employee", "divorce", "Divorce or legal separation", "medicare_entitlement", "Employee became entitled to Medicare", "loss_of_dependent_status", "Child no longer a dependent", "ssa_disability_extension", "Social Security disability extension")},
			{Name: "qe_date", Label: "Date of the qualifying event", Help: "For example the last day of employment.", Kind: factDate, Required: true, Example: "2026-03-13"},
			{Name: "loss_of_coverage_date", Label: "Coverage lost on", Help: "Optional. Leave blank when coverage ends on the day of the event.", Kind: factDate, Example: "2026-03-31"},
			{Name: "employer_is_administrator", Label: "The employer is the plan administrator", Help: "Optional. Then the employer has 44 days to send the election notice, instead of 30 days to tell the administrator.", Kind: factBool, Example: "true"},
			{Name: "administrator_notified_on", Label: "Administrator notified on", Help: "Optional. When the employer told a separate plan administrator about the event.", Kind: factDate},
			{Name: "election_notice_provided", Label: "Election notice sent on", Help: "Optional. Starts the 60-day election period.", Kind: factDate, Example: "2026-04-20"},
			{Name: "election_date", Label: "Coverage elected on", Help: "Optional. Starts the 45 days to pay the first premium.", Kind: factDate, Example: "2026-05-15"},
			{Name: "informed_of_obligation_date", Label: "Told about the duty to give notice on", Help: "Optional. For divorce and loss of dependent status: when the person was told to notify the plan.", Kind: factDate},
			{Name: "coverage_begins", Label: "Plan coverage began on", Help: "Optional. When the employee's plan coverage started; sets the general notice deadline.", Kind: factDate},
			{Name: "qualified_beneficiary", Label: "Qualified beneficiary", Help: "Optional. Whose COBRA rights these are.", Kind: factSelect,
				Options: opts("employee", "The employee", "spouse", "Spouse", "dependent_child", "Dependent child")},
			{Name: "medicare_entitlement_date", Label: "Employee entitled to Medicare on", Help: "Optional. Medicare before the event can give the spouse and children up to 36 months.", Kind: factDate},
			{Name: "disability_determination_date", Label: "Disability determined on", Help: "Optional. Social Security's disability determination, for the 29-month extension.", Kind: factDate},
			{Name: "measure_from_loss_of_coverage", Label: "The plan measures from the loss of coverage", Help: "Optional. Tick when the plan starts its periods at the loss of coverage rather than the event.", Kind: factBool},
			{Name: "roll_forward", Label: "Move deadlines off weekends and holidays", Help: rollForwardHelp, Kind: factBool},
		}},
	{Name: "compa-ratio", Title: "Compa-ratio", Citation: "WorldatWork",
		Description: "Compares pay with the midpoint of its pay range, and shows where pay falls within the range.",
		Example:     "A salary of 78,500 in a range of 62,000 to 93,000.",
		Facts: []FactSpec{
			{Name: "pay", Label: "Pay", Help: "Annual salary or hourly rate, in currency units (for example 78500).", Kind: factNumber, Required: true, Example: "78500"},
			{Name: "midpoint", Label: "Range midpoint", Help: "Optional when you give the minimum and maximum; it defaults to halfway between them.", Kind: factNumber},
			{Name: "min", Label: "Range minimum", Help: "Optional. Give it with the maximum.", Kind: factNumber, Example: "62000"},
			{Name: "max", Label: "Range maximum", Help: "Optional. Give it with the minimum.", Kind: factNumber, Example: "93000"},
		}},
	{Name: "cost-per-hire", Title: "Cost per hire", Citation: "ANSI/SHRM 06001.2012",
		Description: "Adds up external and internal recruiting costs and divides them by the number of hires, the way the SHRM standard does.",
		Example:     "Twelve hires in a quarter with job board, agency, screening, referral and recruiter costs.",
		Facts: []FactSpec{
			{Name: "hires", Label: "Hires", Help: "The number of hires in the period.", Kind: factInteger, Required: true, Example: "12"},
			{Name: "costs", Label: "Recruiting costs", Help: "One cost per line: category, amount (for example job_boards, 8400). Categories: " + costCategories, Kind: factRows, Required: true,
				Columns: cols("category", factText, "amount", factNumber), Example: "job_boards, 8400\nthird_party_agency_fees, 36000\nbackground_checks, 1080\nemployee_referral_awards, 3000\nrecruiting_staff, 42000"},
			{Name: "total_first_year_compensation", Label: "Total first-year pay of the hires", Help: "Optional. Gives the hire-cost ratio (ISO/TS 30407).", Kind: factNumber, Example: "840000"},
		}},
	{Name: "time-to-fill", Title: "Time to fill", Citation: "SHRM time-to-fill",
		Description: "Counts the calendar days from opening each requisition to the accepted offer, and their average.",
		Example:     "Three requisitions filled in early 2026.",
		Facts: []FactSpec{
			{Name: "requisitions", Label: "Filled requisitions", Help: "One requisition per line: date opened, date the offer was accepted (YYYY-MM-DD).", Kind: factRows, Required: true,
				Columns: cols("opened", factDate, "offer_accepted", factDate), Example: "2026-01-05, 2026-02-20\n2026-01-12, 2026-03-02\n2026-02-02, 2026-03-06"},
		}},
	{Name: "turnover", Title: "Turnover rate", Citation: "SHRM turnover",
		Description: "Calculates the turnover rate for a month, or for up to 12 months with an annual total.",
		Example:     "The first quarter of 2026, month by month.",
		Facts: []FactSpec{
			{Name: "separations", Label: "Separations", Help: "For a single period: people who left. Leave blank when you use the monthly list.", Kind: factInteger},
			{Name: "headcount_start", Label: "Headcount at the start", Help: "For a single period.", Kind: factInteger},
			{Name: "headcount_end", Label: "Headcount at the end", Help: "For a single period.", Kind: factInteger},
			{Name: "monthly", Label: "Month by month", Help: "Optional, instead of the three numbers above. One month per line: separations, headcount at the start, headcount at the end (1 to 12 lines).", Kind: factRows,
				Columns: cols("separations", factInteger, "headcount_start", factInteger, "headcount_end", factInteger), Example: "3, 240, 244\n5, 244, 241\n2, 241, 246"},
		}},
	{Name: "eeo1-race-ethnicity", Title: "EEO-1 race and ethnicity", Citation: "EEO-1 Component 1 Instruction Booklet",
		Description: "Turns an employee's answers to the two self-identification questions into the EEO-1 reporting category.",
		Example:     "A non-Hispanic employee who identifies as Asian and White.",
		Facts: []FactSpec{
			{Name: "hispanic_or_latino", Label: "Hispanic or Latino", Help: "The answer to the ethnicity question. Leave unticked for Not Hispanic or Latino.", Kind: factBool, Required: true},
			{Name: "races", Label: "Races", Help: "One race per line, as on the form: White, Black or African American, Asian, Native Hawaiian or Other Pacific Islander, American Indian or Alaska Native.", Kind: factTextList, Example: "Asian\nWhite"},
		}},
	{Name: "eeo1-filing", Title: "EEO-1 filing", Citation: "29 CFR 1602.7; 41 CFR 60-1.7(a)",
		Description: "Decides whether the company must file the EEO-1 Component 1 report, and whether a payroll snapshot period is valid.",
		Example:     "A federal contractor with 75 employees and a 60,000 contract, with an October 2025 snapshot.",
		Facts: []FactSpec{
			{Name: "employees", Label: "Employees", Help: "Employees in the company (with affiliates under common control).", Kind: factInteger, Required: true, Example: "75"},
			{Name: "federal_contractor", Label: "The company is a federal contractor or first-tier subcontractor", Help: "", Kind: factBool, Required: true, Example: "true"},
			{Name: "contract_value", Label: "Contract value", Help: "Optional. Needed for a contractor with 50 to 99 employees; in currency units.", Kind: factNumber, Example: "60000"},
			{Name: "reporting_year", Label: "Reporting year", Help: "Optional. The year the snapshot belongs to.", Kind: factInteger, Example: "2025"},
			{Name: "snapshot_start", Label: "Snapshot pay period starts", Help: "Optional. The pay period must fall between October 1 and December 31.", Kind: factDate, Example: "2025-10-05"},
			{Name: "snapshot_end", Label: "Snapshot pay period ends", Help: "Optional. Give it with the start.", Kind: factDate, Example: "2025-10-18"},
			{Name: "federal_funds_depository", Label: "The company is a depository of government funds or an issuing agent of U.S. savings bonds", Help: "Optional.", Kind: factBool},
		}},
	{Name: "retention", Title: "Record retention", Citation: "29 CFR 516, 825.500, 1602.14, 1904.33; 8 CFR 274a.2",
		Description: "Says how long the federal rules require a personnel, payroll, FMLA, I-9 or OSHA record to be kept.",
		Example:     "The Form I-9 of an employee hired on March 4, 2019, who left on January 16, 2026.",
		Facts: []FactSpec{
			{Name: "record", Label: "Record", Help: "The kind of record. Each needs the dates noted below.", Kind: factSelect, Required: true, Example: "i9",
				Options: opts("i9", "Form I-9", "flsa_payroll", "FLSA payroll records", "flsa_time_card", "FLSA time cards and schedules", "fmla", "FMLA records", "eeoc_personnel", "Personnel records (EEOC)", "federal_contractor_personnel", "Personnel records (federal contractor)", "osha_300", "OSHA 300 log")},
			{Name: "hire_date", Label: "Hire date", Help: "For a Form I-9.", Kind: factDate, Example: "2019-03-04"},
			{Name: "termination_date", Label: "Termination date", Help: "For a Form I-9 or an involuntary termination.", Kind: factDate, Example: "2026-01-16"},
			{Name: "last_entry", Label: "Last entry", Help: "For FLSA and FMLA records: the date of the last entry.", Kind: factDate},
			{Name: "record_made", Label: "Record made on", Help: "For personnel records.", Kind: factDate},
			{Name: "action_date", Label: "Personnel action on", Help: "For personnel records: the date of the action the record is about.", Kind: factDate},
			{Name: "created", Label: "Record created on", Help: "For FMLA records.", Kind: factDate},
			{Name: "calendar_year", Label: "Calendar year covered", Help: "For the OSHA 300 log.", Kind: factInteger},
			{Name: "involuntary", Label: "The termination was involuntary", Help: "For personnel records.", Kind: factBool},
			{Name: "charge_filed", Label: "A discrimination charge or lawsuit was filed", Help: "For personnel records: relevant records are kept until it is finally resolved.", Kind: factBool},
			{Name: "charge_final_disposition", Label: "Charge finally resolved on", Help: "Optional. The final disposition of the charge or lawsuit.", Kind: factDate},
			{Name: "employees", Label: "Employees", Help: "For federal contractor records.", Kind: factInteger},
			{Name: "contract_value", Label: "Contract value", Help: "For federal contractor records, in currency units.", Kind: factNumber},
		}},
}

// resultLabels are the plain-English names of result fields.
var resultLabels = map[string]string{
	"calendar": "Calendar", "holidays": "Holidays", "date": "Date", "name": "Holiday", "legal_date": "Legal date", "observed": "Moved for a weekend",
	"section1_due": "Section 1 due", "section1_earliest": "Section 1 may be completed from", "section2_due": "Section 2 due", "everify_case_due": "E-Verify case due",
	"receipts_acceptable": "Receipts acceptable", "reverification_required": "Reverification required", "reverify_by": "Reverify by", "retain_until": "Keep until",
	"eligible": "Eligible", "failed_tests": "Tests not met", "months_of_service": "Months of service", "hours_credited": "Hours credited",
	"hours_presumed": "Hours test presumed met", "employees_within_75_miles": "Employees within 75 miles", "eligible_from": "Eligible from",
	"method": "Method", "reason": "Type of leave", "weekly_hours": "Usual hours a week", "period_start": "12-month period starts", "period_end": "12-month period ends",
	"hours_entitled": "Hours of leave in the period", "hours_used": "Hours used", "hours_available": "Hours available", "weeks_available": "Weeks available",
	"requested_hours_protected": "Requested hours protected", "requested_hours_unprotected": "Requested hours not protected", "requested_days": "Requested days",
	"hours": "Hours", "protected": "Protected", "unprotected": "Not protected", "available_before": "Available before",
	"usual_week_hours": "Usual workweek (hours)", "hours_charged": "Hours charged", "weeks_charged": "Weeks charged", "weeks": "Week by week",
	"week_start": "Week of", "full": "Full week",
	"eligibility_notice_due": "Eligibility notice due", "rights_notice_due": "Rights and responsibilities notice due", "designation_notice_due": "Designation notice due",
	"certification_due": "Certification due", "cure_due": "Cure of a deficient certification due",
	"special_enrollment_right": "Special enrollment right", "request_window_days": "Days to ask", "request_deadline": "Request deadline",
	"request_timely": "Request on time", "coverage_effective": "Coverage effective",
	"employer_notice_due": "Employer notice to the administrator due", "election_notice_due": "Election notice due", "election_deadline": "Election deadline",
	"initial_premium_due": "First premium due", "max_coverage_months": "Maximum coverage (months)", "max_coverage_end": "Maximum coverage ends",
	"qb_notice_due": "Beneficiary's notice due", "general_notice_due": "General notice due", "measured_from": "Periods measured from", "employer_notice_rule": "Notice rule",
	"midpoint": "Midpoint", "compa_ratio": "Compa-ratio", "range_penetration": "Range penetration", "range_spread": "Range spread", "position": "Position in range",
	"hires": "Hires", "external_total": "External costs", "internal_total": "Internal costs", "total_cost": "Total cost", "cost_per_hire": "Cost per hire",
	"hire_cost_ratio": "Hire-cost ratio", "classified": "Costs by class", "category": "Category", "class": "Class", "amount": "Amount",
	"days": "Days to fill", "average_days": "Average days to fill",
	"separations": "Separations", "average_headcount": "Average headcount", "turnover_pct": "Turnover", "annual_turnover_pct": "Annual turnover",
	"annualized_turnover_pct": "Annualised turnover", "monthly_pct": "Monthly turnover",
	"must_file": "Must file", "snapshot_valid": "Snapshot period valid", "rule": "Rule",
}

// resultCodes are result codes that read better spelled out.
var resultCodes = map[string]string{"US_FED": "U.S. federal", "SEVEN_DAY": "Seven-day"}

// moneyFields are result fields in currency units, shown with 2 decimals.
var moneyFields = map[string]bool{"midpoint": true, "external_total": true, "internal_total": true, "total_cost": true, "cost_per_hire": true, "amount": true}

// jnode is a JSON value decoded with its object keys in order.
type jnode struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys []string
	vals []jnode
	s    string
	b    bool
}

// inline writes the value as JSON on one line, spaced for reading.
func (n jnode) inline() string {
	switch n.kind {
	case 's':
		b, _ := json.Marshal(n.s)
		return string(b)
	case 'n':
		return n.s
	case 'b':
		return strconv.FormatBool(n.b)
	case 'z':
		return "null"
	}
	parts := make([]string, len(n.vals))
	for i, v := range n.vals {
		parts[i] = v.inline()
		if n.kind == 'o' {
			parts[i] = jnode{kind: 's', s: n.keys[i]}.inline() + ": " + parts[i]
		}
	}
	if n.kind == 'o' {
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func decodeOrdered(dec *json.Decoder, depth int) (jnode, error) {
	if depth > 32 {
		return jnode{}, fmt.Errorf("rule result nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return jnode{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := jnode{kind: 'a'}
		if t == '{' {
			n.kind = 'o'
		}
		for dec.More() {
			if n.kind == 'o' {
				kt, err := dec.Token()
				if err != nil {
					return jnode{}, err
				}
				k, _ := kt.(string)
				n.keys = append(n.keys, k)
			}
			c, err := decodeOrdered(dec, depth+1)
			if err != nil {
				return jnode{}, err
			}
			n.vals = append(n.vals, c)
		}
		_, err := dec.Token() // the closing delimiter
		return n, err
	case string:
		return jnode{kind: 's', s: t}, nil
	case json.Number:
		return jnode{kind: 'n', s: string(t)}, nil
	case bool:
		return jnode{kind: 'b', b: t}, nil
	}
	return jnode{kind: 'z'}, nil
}

// ruleResult formats a rule's result: scalar fields as labelled rows in
// the result's own field order, lists of objects as tables.
func ruleResult(res any) ([]RuleValue, []RuleTable, error) {
	b, err := json.Marshal(res)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	root, err := decodeOrdered(dec, 0)
	if err != nil {
		return nil, nil, err
	}
	if root.kind != 'o' {
		v := ruleFormat("result", root)
		v.Label = "Result"
		return []RuleValue{v}, nil, nil
	}
	var rows []RuleValue
	var tables []RuleTable
	for i, k := range root.keys {
		v := root.vals[i]
		if v.kind == 'a' && len(v.vals) > 0 && v.vals[0].kind == 'o' {
			tables = append(tables, ruleTable(k, v))
			continue
		}
		rv := ruleFormat(k, v)
		rv.Label = resultLabel(k)
		rows = append(rows, rv)
	}
	return rows, tables, nil
}

func ruleTable(key string, v jnode) RuleTable {
	t := RuleTable{Label: resultLabel(key)}
	cols := v.vals[0].keys
	for _, c := range cols {
		t.Cols = append(t.Cols, resultLabel(c))
	}
	for _, item := range v.vals {
		row := make([]RuleValue, len(cols))
		for j, c := range cols {
			row[j] = RuleValue{Null: true}
			for k, ik := range item.keys {
				if ik == c {
					row[j] = ruleFormat(c, item.vals[k])
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func resultLabel(k string) string {
	if l, ok := resultLabels[k]; ok {
		return l
	}
	return label(k)
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ruleFormat formats one value: dates with their weekday, booleans as
// Yes/No, codes as words, money with 2 decimals and percentages with %.
func ruleFormat(key string, v jnode) RuleValue {
	switch v.kind {
	case 'z':
		return RuleValue{Null: true}
	case 'b':
		if v.b {
			return RuleValue{Text: "Yes"}
		}
		return RuleValue{Text: "No"}
	case 'n':
		return RuleValue{Text: ruleFigure(key, v.s)}
	case 's':
		if len(v.s) == 10 {
			if d, err := date.Parse(v.s); err == nil {
				return RuleValue{Text: d.Format("Mon, Jan 2, 2006"), Date: v.s}
			}
		}
		if c, ok := resultCodes[v.s]; ok {
			return RuleValue{Text: c}
		}
		if codeRE.MatchString(v.s) {
			return RuleValue{Text: label(v.s)}
		}
		return RuleValue{Text: v.s}
	case 'a':
		if len(v.vals) == 0 {
			return RuleValue{Text: "None"}
		}
		parts := make([]string, len(v.vals))
		for i, item := range v.vals {
			parts[i] = ruleFormat(key, item).Text
			if item.kind == 'z' {
				parts[i] = "—"
			}
		}
		return RuleValue{Text: strings.Join(parts, ", ")}
	}
	parts := make([]string, len(v.keys))
	for i, k := range v.keys {
		parts[i] = resultLabel(k) + ": " + ruleFormat(k, v.vals[i]).Text
	}
	return RuleValue{Text: strings.Join(parts, "; ")}
}

// ruleFigure formats a number with thousands separators.
func ruleFigure(key, s string) string {
	if moneyFields[key] {
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			s = strconv.FormatFloat(x, 'f', 2, 64)
		}
	}
	sign, intPart, frac := "", s, ""
	if strings.HasPrefix(intPart, "-") {
		sign, intPart = "-", intPart[1:]
	}
	if i := strings.IndexAny(intPart, ".eE"); i >= 0 {
		intPart, frac = intPart[:i], intPart[i:]
	}
	for i := len(intPart) - 3; i > 0; i -= 3 {
		intPart = intPart[:i] + "," + intPart[i:]
	}
	out := sign + intPart + frac
	if strings.HasSuffix(key, "_pct") {
		out += "%"
	}
	return out
}
