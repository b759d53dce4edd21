package compliance

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// EEO1Races are the EEO-1 race and ethnicity columns, in the report's
// order.
var EEO1Races = []string{rules.EEOHispanic, rules.EEOWhite, rules.EEOBlack, rules.EEOHawaiian, rules.EEOAsian, rules.EEONative, rules.EEOTwoOrMore}

// EEO1Sexes are the sexes EEO-1 Component 1 reports.
var EEO1Sexes = []string{"Male", "Female"}

// EEO1Row is one employee on the payroll in the snapshot period, as the
// report counts them.
type EEO1Row struct {
	LocationID   int64
	LocationName string
	Category     string // the job's EEO-1 category
	Race         string // "" when not self-identified
	Sex          string
	Count        int
}

// EEO1Cell counts one job category at one establishment.
type EEO1Cell struct {
	Category string
	Counts   map[string]int // race + "|" + sex
	Total    int
}

// Count returns a race and sex's count.
func (c EEO1Cell) Count(race, sex string) int { return c.Counts[race+"|"+sex] }

// EEO1Establishment is one establishment's table.
type EEO1Establishment struct {
	LocationID int64
	Name       string
	Rows       []EEO1Cell // one per category, in the booklet's order
	Total      EEO1Cell
}

// EEO1Report is the EEO-1 Component 1 report for a snapshot pay period.
type EEO1Report struct {
	Year           int
	SnapshotStart  date.Date
	SnapshotEnd    date.Date
	Employees      int
	Filing         rules.EEO1FilingResult
	FilingSteps    []rules.Step
	Establishments []EEO1Establishment
	Company        EEO1Establishment
	// To resolve before filing: employees without a self-identified race
	// (the employer may use records or observation), with a sex other
	// than male or female, or in a job with no EEO-1 category.
	Unidentified  int
	OtherSex      int
	NoCategory    int
	FederalReview bool
}

// EEO1Store is what the EEO-1 report reads.
type EEO1Store interface {
	// EEO1Rows counts the employees in an employment period that overlaps
	// [from, to], by worksite, job category, race and sex (their current
	// record).
	EEO1Rows(ctx context.Context, from, to date.Date) ([]EEO1Row, error)
}

// EEO1 builds the EEO-1 Component 1 report for a snapshot pay period,
// which must lie wholly within October to December of the reporting year
// (the rules engine checks it and whether the company must file, with
// its explanation). Employees on the payroll at any time in the period
// count, full- and part-time, at their worksite, in their job's category.
// Requires compliance.eeo1.view. Errors: KindForbidden, KindInvalid.
func (s *Service) EEO1(ctx context.Context, a access.Actor, year int, start, end date.Date, federalContractor bool) (EEO1Report, error) {
	if err := access.Require(a, access.EEO1View, access.CompanyTarget); err != nil {
		return EEO1Report{}, err
	}
	f := kit.FieldErrors{}
	if year < 2017 || year > 9998 {
		f.Add("year", "Enter the reporting year")
	}
	if start.IsZero() {
		f.Add("snapshot_start", "Enter the first day of the pay period")
	}
	if end.IsZero() {
		f.Add("snapshot_end", "Enter the last day of the pay period")
	} else if !start.IsZero() && end.Before(start) {
		f.Add("snapshot_end", "The pay period cannot end before it starts")
	} else if !start.IsZero() && start.DaysUntil(end) > 31 {
		f.Add("snapshot_end", "A pay period is at most a month")
	}
	if err := f.Err(); err != nil {
		return EEO1Report{}, err
	}
	rows, err := s.store.EEO1Rows(ctx, start, end)
	if err != nil {
		return EEO1Report{}, err
	}
	r := EEO1Report{Year: year, SnapshotStart: start, SnapshotEnd: end, FederalReview: federalContractor}
	byLoc := map[int64]*EEO1Establishment{}
	var order []int64
	cell := func(e *EEO1Establishment, cat string) *EEO1Cell {
		for i := range e.Rows {
			if e.Rows[i].Category == cat {
				return &e.Rows[i]
			}
		}
		return nil
	}
	newEst := func(id int64, name string) *EEO1Establishment {
		e := &EEO1Establishment{LocationID: id, Name: name, Total: EEO1Cell{Category: "total", Counts: map[string]int{}}}
		for _, c := range people.EEO1Categories {
			e.Rows = append(e.Rows, EEO1Cell{Category: c, Counts: map[string]int{}})
		}
		return e
	}
	r.Company = *newEst(0, "All establishments")
	for _, row := range rows {
		r.Employees += row.Count
		switch {
		case row.Category == "" || !slices.Contains(people.EEO1Categories, row.Category):
			r.NoCategory += row.Count
			continue
		case !slices.Contains(EEO1Sexes, row.Sex):
			r.OtherSex += row.Count
			continue
		case !slices.Contains(EEO1Races, row.Race):
			r.Unidentified += row.Count
			continue
		}
		e := byLoc[row.LocationID]
		if e == nil {
			e = newEst(row.LocationID, row.LocationName)
			byLoc[row.LocationID], order = e, append(order, row.LocationID)
		}
		k := row.Race + "|" + row.Sex
		for _, est := range []*EEO1Establishment{e, &r.Company} {
			c := cell(est, row.Category)
			c.Counts[k] += row.Count
			c.Total += row.Count
			est.Total.Counts[k] += row.Count
			est.Total.Total += row.Count
		}
	}
	for _, id := range order {
		r.Establishments = append(r.Establishments, *byLoc[id])
	}
	slices.SortFunc(r.Establishments, func(a, b EEO1Establishment) int { return cmpStr(a.Name, b.Name) })
	n, y := r.Employees, year
	ff := rules.EEO1FilingFacts{Employees: &n, FederalContractor: &federalContractor, ReportingYear: &y, SnapshotStart: start, SnapshotEnd: end}
	if federalContractor {
		v := 50000.0 // the company says it holds a qualifying contract
		ff.ContractValue = &v
	}
	if r.Filing, r.FilingSteps, err = rules.EEO1Filing(ff); err != nil {
		return r, err
	}
	if r.Filing.SnapshotValid != nil && !*r.Filing.SnapshotValid {
		return r, kit.Invalid("snapshot_start", fmt.Sprintf("The pay period must fall within October to December %d", year))
	}
	return r, nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// EEO1CSV writes the report as a CSV shaped like the EEOC's data file:
// one line per establishment and job category with the 14 race and sex
// counts and the total.
func EEO1CSV(r EEO1Report) ([]byte, error) {
	header := []string{"REPORTING_YEAR", "ESTABLISHMENT", "JOB_CATEGORY"}
	for _, race := range EEO1Races {
		for _, sex := range EEO1Sexes {
			header = append(header, race+" "+sex)
		}
	}
	header = append(header, "TOTAL")
	var rows [][]string
	for _, e := range append(append([]EEO1Establishment{}, r.Establishments...), r.Company) {
		for _, c := range append(append([]EEO1Cell{}, e.Rows...), e.Total) {
			line := []string{strconv.Itoa(r.Year), e.Name, c.Category}
			for _, race := range EEO1Races {
				for _, sex := range EEO1Sexes {
					line = append(line, strconv.Itoa(c.Count(race, sex)))
				}
			}
			rows = append(rows, append(line, strconv.Itoa(c.Total)))
		}
	}
	return kit.WriteTable("csv", "EEO-1", header, rows)
}
