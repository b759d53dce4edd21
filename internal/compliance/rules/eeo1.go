package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EEO-1 race/ethnicity categories (2007 revision, still in use).
const (
	EEOHispanic    = "Hispanic or Latino"
	EEOWhite       = "White"
	EEOBlack       = "Black or African American"
	EEOHawaiian    = "Native Hawaiian or Other Pacific Islander"
	EEOAsian       = "Asian"
	EEONative      = "American Indian or Alaska Native"
	EEOTwoOrMore   = "Two or More Races"
	citeEEO1Book   = "EEO-1 Component 1 Instruction Booklet"
	citeEEO1Filing = "29 CFR 1602.7; 41 CFR 60-1.7(a); " + citeEEO1Book
)

// ombRace maps an OMB race name (or its snake_case form, any case) to the
// EEO-1 category.
func ombRace(s string) (string, bool) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", " "))
	for _, c := range []string{EEOWhite, EEOBlack, EEOHawaiian, EEOAsian, EEONative} {
		if strings.ToLower(c) == key {
			return c, true
		}
	}
	return "", false
}

// EEO1RaceFacts are the facts of the "eeo1-race-ethnicity" rule: the
// answers to the two-question self-identification.
type EEO1RaceFacts struct {
	HispanicOrLatino *bool    `json:"hispanic_or_latino"`
	Races            []string `json:"races"`
}

// EEO1RaceResult is the EEO-1 category.
type EEO1RaceResult struct {
	Category string `json:"category"`
}

func (f EEO1RaceFacts) validate(fe kit.FieldErrors) {
	if f.HispanicOrLatino == nil {
		fe.Add("hispanic_or_latino", "is required (true or false)")
	}
	for i, r := range f.Races {
		if _, ok := ombRace(r); !ok {
			msg := fmt.Sprintf("%q is not an OMB race category used by EEO-1 (White, Black or African American, Native Hawaiian or Other Pacific Islander, Asian, American Indian or Alaska Native)", r)
			if strings.Contains(strings.ToLower(r), "middle eastern") {
				msg = "Middle Eastern or North African (OMB SPD-15, 2024) has not been adopted by EEO-1"
			}
			fe.Add(fmt.Sprintf("races[%d]", i), msg)
		}
	}
	if f.HispanicOrLatino != nil && !*f.HispanicOrLatino && len(f.Races) == 0 {
		fe.Add("races", "must list at least one race when hispanic_or_latino is false (if the employee declines, use employment records or observation)")
	}
}

// EEO1RaceEthnicity maps the two-question answers to one EEO-1 category.
func EEO1RaceEthnicity(f EEO1RaceFacts) (EEO1RaceResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return EEO1RaceResult{}, nil, err
	}
	if *f.HispanicOrLatino {
		return EEO1RaceResult{Category: EEOHispanic}, []Step{{Text: "The employee identifies as Hispanic or Latino, so they are reported only as Hispanic or Latino, whatever race they also selected.", Citation: citeEEO1Book}}, nil
	}
	seen := map[string]bool{}
	var races []string
	for _, r := range f.Races {
		c, _ := ombRace(r)
		if !seen[c] {
			seen[c] = true
			races = append(races, c)
		}
	}
	sort.Strings(races)
	steps := []Step{{Text: "The employee is not Hispanic or Latino, so the race answers decide the category.", Citation: citeEEO1Book}}
	if len(races) > 1 {
		steps = append(steps, Step{Text: fmt.Sprintf("More than one race was selected (%s), so the category is Two or More Races.", strings.Join(races, ", ")), Citation: citeEEO1Book})
		return EEO1RaceResult{Category: EEOTwoOrMore}, steps, nil
	}
	steps = append(steps, Step{Text: fmt.Sprintf("One race was selected: %s (Not Hispanic or Latino).", races[0]), Citation: citeEEO1Book})
	return EEO1RaceResult{Category: races[0]}, steps, nil
}

func evalEEO1Race(f *facts, _ Settings) (any, []Step, error) {
	f.require("hispanic_or_latino")
	e := EEO1RaceFacts{HispanicOrLatino: f.boolean("hispanic_or_latino")}
	if rs, ok := f.strs("races"); ok {
		e.Races = rs
	}
	if err := finish(f, e.validate); err != nil {
		return nil, nil, err
	}
	return call(EEO1RaceEthnicity(e))
}

// EEO1FilingFacts are the facts of the "eeo1-filing" rule.
type EEO1FilingFacts struct {
	Employees         *int      `json:"employees"`
	FederalContractor *bool     `json:"federal_contractor"`
	ContractValue     *float64  `json:"contract_value"`
	ReportingYear     *int      `json:"reporting_year"`
	SnapshotStart     date.Date `json:"snapshot_start"`
	SnapshotEnd       date.Date `json:"snapshot_end"`
	// FederalFundsDepository: a depository of federal funds or issuing and
	// paying agent for U.S. savings bonds (files at 50+ employees).
	FederalFundsDepository bool `json:"federal_funds_depository"`
}

// EEO1FilingResult says whether the employer must file and whether the
// chosen workforce snapshot pay period is valid.
type EEO1FilingResult struct {
	MustFile      bool  `json:"must_file"`
	SnapshotValid *bool `json:"snapshot_valid"`
}

func (f EEO1FilingFacts) validate(fe kit.FieldErrors) {
	if f.Employees == nil {
		fe.Add("employees", "is required")
	} else if *f.Employees < 0 {
		fe.Add("employees", "must not be negative")
	}
	if f.FederalContractor == nil {
		fe.Add("federal_contractor", "is required (true or false)")
	}
	if f.ContractValue != nil && *f.ContractValue < 0 {
		fe.Add("contract_value", "must not be negative")
	}
	if f.Employees != nil && f.FederalContractor != nil && *f.FederalContractor && f.ContractValue == nil &&
		*f.Employees >= 50 && *f.Employees < 100 && !f.FederalFundsDepository {
		fe.Add("contract_value", "is required to decide whether a federal contractor with 50 to 99 employees must file")
	}
	if f.SnapshotStart.IsZero() != f.SnapshotEnd.IsZero() {
		if f.SnapshotStart.IsZero() {
			fe.Add("snapshot_start", "is required with snapshot_end")
		} else {
			fe.Add("snapshot_end", "is required with snapshot_start")
		}
	} else if !f.SnapshotStart.IsZero() && f.SnapshotEnd.Before(f.SnapshotStart) {
		fe.Add("snapshot_end", "must be on or after snapshot_start")
	}
	if y := f.ReportingYear; y != nil && (*y < 1966 || *y > 9998) {
		fe.Add("reporting_year", "must be a year")
	}
}

// EEO1Filing decides whether an employer must file EEO-1 Component 1 and
// checks the workforce snapshot pay period.
func EEO1Filing(f EEO1FilingFacts) (EEO1FilingResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return EEO1FilingResult{}, nil, err
	}
	n := *f.Employees
	var r EEO1FilingResult
	var steps []Step
	cv := 0.0
	if f.ContractValue != nil {
		cv = *f.ContractValue
	}
	switch {
	case n >= 100:
		r.MustFile = true
		steps = append(steps, Step{Text: fmt.Sprintf("The employer has %d employees (company-wide, including affiliated enterprises): private employers with 100 or more employees must file.", n), Citation: citeEEO1Filing})
	case *f.FederalContractor && n >= 50 && cv >= 50000:
		r.MustFile = true
		steps = append(steps, Step{Text: fmt.Sprintf("The employer is a federal contractor or first-tier subcontractor with %d employees (50 or more) and a contract of %s (50,000 or more), so it must file.", n, num2(cv)), Citation: citeEEO1Filing})
	case f.FederalFundsDepository && n >= 50:
		r.MustFile = true
		steps = append(steps, Step{Text: fmt.Sprintf("The employer is a depository of federal funds or an issuing and paying agent for savings bonds with %d employees (50 or more), so it must file.", n), Citation: citeEEO1Filing})
	default:
		steps = append(steps, Step{Text: fmt.Sprintf("With %d employees the employer is under 100, and it does not meet the federal contractor test (50 or more employees and a contract of 50,000 or more), so it need not file.", n), Citation: citeEEO1Filing})
	}
	if !f.SnapshotStart.IsZero() {
		steps = append(steps, f.snapshot(&r))
	}
	return r, steps, nil
}

// snapshot checks that the pay period lies wholly within October to
// December of the reporting year.
func (f EEO1FilingFacts) snapshot(r *EEO1FilingResult) Step {
	year := f.SnapshotStart.Year()
	if f.ReportingYear != nil {
		year = *f.ReportingYear
	}
	from, to := date.New(year, time.October, 1), date.New(year, time.December, 31)
	ok := !f.SnapshotStart.Before(from) && !f.SnapshotEnd.After(to)
	r.SnapshotValid = &ok
	verdict := "lies within"
	if !ok {
		verdict = "does not lie wholly within"
	}
	return Step{Text: fmt.Sprintf("The workforce snapshot must be one pay period in October, November or December of the reporting year (since the 2017 data; before that July to September). The pay period %s to %s %s %s to %s. Cadre requires the whole pay period to fall in that quarter.", f.SnapshotStart, f.SnapshotEnd, verdict, from, to), Citation: citeEEO1Book}
}

func evalEEO1Filing(f *facts, _ Settings) (any, []Step, error) {
	f.require("employees", "federal_contractor")
	e := EEO1FilingFacts{
		Employees:         f.integer("employees"),
		FederalContractor: f.boolean("federal_contractor"),
		ContractValue:     f.number("contract_value"),
		ReportingYear:     f.integer("reporting_year"),
		SnapshotStart:     f.date("snapshot_start"),
		SnapshotEnd:       f.date("snapshot_end"),
	}
	if b := f.boolean("federal_funds_depository"); b != nil {
		e.FederalFundsDepository = *b
	}
	if err := finish(f, e.validate); err != nil {
		return nil, nil, err
	}
	return call(EEO1Filing(e))
}
