package rules

import (
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Record kinds for the retention rule.
const (
	RecordI9                 = "i9"
	RecordFLSAPayroll        = "flsa_payroll"
	RecordFLSATimeCard       = "flsa_time_card"
	RecordFMLA               = "fmla"
	RecordEEOCPersonnel      = "eeoc_personnel"
	RecordContractorPersonel = "federal_contractor_personnel"
	RecordOSHA300            = "osha_300"
)

func retentionRecords() []string {
	return []string{RecordI9, RecordFLSAPayroll, RecordFLSATimeCard, RecordFMLA, RecordEEOCPersonnel, RecordContractorPersonel, RecordOSHA300}
}

// RetentionFacts are the facts of the "retention" rule; which dates are
// needed depends on the record.
type RetentionFacts struct {
	Record                 string    `json:"record"`
	HireDate               date.Date `json:"hire_date"`
	TerminationDate        date.Date `json:"termination_date"`
	LastEntry              date.Date `json:"last_entry"`
	RecordMade             date.Date `json:"record_made"`
	ActionDate             date.Date `json:"action_date"`
	Created                date.Date `json:"created"`
	CalendarYear           *int      `json:"calendar_year"`
	Involuntary            bool      `json:"involuntary"`
	ChargeFiled            bool      `json:"charge_filed"`
	ChargeFinalDisposition date.Date `json:"charge_final_disposition"`
	Employees              *int      `json:"employees"`
	ContractValue          *float64  `json:"contract_value"`
}

// RetentionResult is the earliest date the record may be destroyed under
// the federal minimum (null while it must be kept indefinitely).
type RetentionResult struct {
	RetainUntil date.Date `json:"retain_until"`
	Rule        string    `json:"rule"`
}

func (f RetentionFacts) validate(fe kit.FieldErrors) {
	switch f.Record {
	case RecordI9:
		if f.HireDate.IsZero() {
			fe.Add("hire_date", "is required for an I-9")
		} else if !f.TerminationDate.IsZero() && f.TerminationDate.Before(f.HireDate) {
			fe.Add("termination_date", "must be on or after hire_date")
		}
	case RecordFLSAPayroll, RecordFLSATimeCard:
		if f.LastEntry.IsZero() {
			fe.Add("last_entry", "is required for FLSA records")
		}
	case RecordFMLA:
		if f.Created.IsZero() && f.LastEntry.IsZero() {
			fe.Add("created", "is required for FMLA records (or give last_entry)")
		}
	case RecordEEOCPersonnel, RecordContractorPersonel:
		if f.RecordMade.IsZero() && f.ActionDate.IsZero() {
			fe.Add("record_made", "is required for personnel records (or give action_date)")
		}
		if f.Involuntary && f.TerminationDate.IsZero() {
			fe.Add("termination_date", "is required for an involuntary termination")
		}
	case RecordOSHA300:
		if f.CalendarYear == nil {
			fe.Add("calendar_year", "is required for OSHA 300 records")
		} else if *f.CalendarYear < 1971 || *f.CalendarYear > 9990 {
			fe.Add("calendar_year", "must be a year from 1971")
		}
	default:
		fe.Add("record", "must be one of: i9, flsa_payroll, flsa_time_card, fmla, eeoc_personnel, federal_contractor_personnel, osha_300")
	}
	if f.Employees != nil && *f.Employees < 0 {
		fe.Add("employees", "must not be negative")
	}
	if f.ContractValue != nil && *f.ContractValue < 0 {
		fe.Add("contract_value", "must not be negative")
	}
}

// Retention computes how long a record must be kept under the federal
// minimum. State law, a legal hold or a longer company policy may require
// longer; when several rules apply to one document, keep it until the
// latest of their dates.
func Retention(f RetentionFacts) (RetentionResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return RetentionResult{}, nil, err
	}
	var r RetentionResult
	var st []Step
	switch f.Record {
	case RecordI9:
		i := I9Facts{FirstDayOfEmployment: f.HireDate, TerminationDate: f.TerminationDate}
		var ir I9Result
		st = []Step{i.retain(&ir)}
		r = RetentionResult{RetainUntil: ir.RetainUntil, Rule: citeI9Retain}
	case RecordFLSAPayroll:
		r = RetentionResult{RetainUntil: f.LastEntry.AddYears(3), Rule: "29 CFR 516.5"}
		st = []Step{{Text: fmt.Sprintf("Payroll records, certificates, agreements and sales and purchase records are kept for 3 years from the last date of entry (%s): until %s.", f.LastEntry, r.RetainUntil), Citation: r.Rule}}
	case RecordFLSATimeCard:
		r = RetentionResult{RetainUntil: f.LastEntry.AddYears(2), Rule: "29 CFR 516.6"}
		st = []Step{{Text: fmt.Sprintf("Time cards, wage-rate tables, work schedules and records of additions to or deductions from wages are kept for 2 years from the last date of entry (%s): until %s.", f.LastEntry, r.RetainUntil), Citation: r.Rule}}
	case RecordFMLA:
		from := date.Max(f.Created, f.LastEntry)
		r = RetentionResult{RetainUntil: from.AddYears(3), Rule: "29 CFR 825.500(b)"}
		st = []Step{{Text: fmt.Sprintf("FMLA records are kept for no less than 3 years; Cadre counts from the later of the date the record was made and its last entry (%s): until %s.", from, r.RetainUntil), Citation: r.Rule}}
	case RecordEEOCPersonnel:
		r, st = f.personnel(1, "29 CFR 1602.14")
	case RecordContractorPersonel:
		years, step := f.contractorYears()
		r, st = f.personnel(years, "41 CFR 60-1.12(a)")
		st = append([]Step{step}, st...)
	case RecordOSHA300:
		y := *f.CalendarYear
		r = RetentionResult{RetainUntil: date.New(y+5, time.December, 31), Rule: "29 CFR 1904.33(a)"}
		st = []Step{{Text: fmt.Sprintf("The OSHA 300 Log, privacy case list, 300A summary and 301 incident reports are kept for 5 years following the end of the calendar year they cover (%d), not from the date of the incident: until %s.", y, r.RetainUntil), Citation: r.Rule}}
	}
	st = append(st, Step{Text: "This is the federal minimum. State law, a collective bargaining agreement, a litigation hold or company policy may require keeping the record longer; when several rules apply, keep it until the latest date.", Citation: r.Rule})
	return r, st, nil
}

// contractorYears picks the 41 CFR 60-1.12(a) period: 2 years for a
// contractor with 150+ employees and a contract of $150,000+, else 1 year.
// When either fact is missing, the longer period is used.
func (f RetentionFacts) contractorYears() (int, Step) {
	cite := "41 CFR 60-1.12(a)"
	if f.Employees == nil || f.ContractValue == nil {
		return 2, Step{Text: "The number of employees or the contract value is not known, so the longer 2-year period is used.", Citation: cite}
	}
	if *f.Employees >= 150 && *f.ContractValue >= 150000 {
		return 2, Step{Text: fmt.Sprintf("The contractor has %d employees (150 or more) and a contract of %s (150,000 or more), so records are kept for 2 years.", *f.Employees, num2(*f.ContractValue)), Citation: cite}
	}
	return 1, Step{Text: fmt.Sprintf("The contractor has %d employees or a contract of %s, below 150 employees and 150,000, so records are kept for 1 year.", *f.Employees, num2(*f.ContractValue)), Citation: cite}
}

// personnel applies the "later of the record or the personnel action"
// period, the involuntary termination rule and the charge hold.
func (f RetentionFacts) personnel(years int, cite string) (RetentionResult, []Step) {
	from := date.Max(f.RecordMade, f.ActionDate)
	until := from.AddYears(years)
	steps := []Step{{Text: fmt.Sprintf("Personnel and employment records are kept for %d year(s) from the later of the date the record was made and the date of the personnel action (%s): until %s.", years, from, until), Citation: cite}}
	if f.Involuntary {
		t := f.TerminationDate.AddYears(years)
		until = date.Max(until, t)
		steps = append(steps, Step{Text: fmt.Sprintf("For an involuntary termination the personnel records of the person terminated are kept for %d year(s) from the termination date (%s): until %s.", years, f.TerminationDate, t), Citation: cite})
	}
	if f.ChargeFiled {
		if f.ChargeFinalDisposition.IsZero() {
			steps = append(steps, Step{Text: "A charge of discrimination or a lawsuit has been filed, so all relevant records must be kept until its final disposition; there is no end date yet.", Citation: cite})
			return RetentionResult{Rule: cite}, steps
		}
		until = date.Max(until, f.ChargeFinalDisposition)
		steps = append(steps, Step{Text: fmt.Sprintf("A charge was filed and finally disposed of on %s; relevant records are kept at least until then.", f.ChargeFinalDisposition), Citation: cite})
	}
	return RetentionResult{RetainUntil: until, Rule: cite}, steps
}

func evalRetention(f *facts, _ Settings) (any, []Step, error) {
	f.require("record")
	r := RetentionFacts{
		Record:                 f.enum("record", retentionRecords()...),
		HireDate:               f.date("hire_date"),
		TerminationDate:        f.date("termination_date"),
		LastEntry:              f.date("last_entry"),
		RecordMade:             f.date("record_made"),
		ActionDate:             f.date("action_date"),
		Created:                f.date("created"),
		CalendarYear:           f.integer("calendar_year"),
		ChargeFinalDisposition: f.date("charge_final_disposition"),
		Employees:              f.integer("employees"),
		ContractValue:          f.number("contract_value"),
	}
	if b := f.boolean("involuntary"); b != nil {
		r.Involuntary = *b
	}
	r.ChargeFiled, _ = f.dateOrBool("charge_filed")
	if !r.ChargeFinalDisposition.IsZero() {
		r.ChargeFiled = true
	}
	if err := finish(f, r.validate); err != nil {
		return nil, nil, err
	}
	return call(Retention(r))
}
