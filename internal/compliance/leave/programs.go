package leave

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Program periods: how a state program measures its leave year.
const (
	PeriodFMLAMethod = "fmla_method"      // the same 12-month period as FMLA
	PeriodRolling52  = "rolling_52_weeks" // the 52 weeks ending on the day
	PeriodCalendar   = "calendar_year"
)

// ProgramPeriods lists the periods a program may use.
var ProgramPeriods = []string{PeriodFMLAMethod, PeriodRolling52, PeriodCalendar}

// Program is a state (or local) leave program kept as data: who it
// covers, for which reasons, how much leave and over which period. The
// HR manager maintains it; docs/leave-programs.md explains the two that
// ship (California CFRA and New York Paid Family Leave) and their sources.
type Program struct {
	Key          string
	Name         string
	Jurisdiction string // the worksite's state ("CA")
	Weeks        int
	Period       string
	// Eligibility: the employer's size, and the employee's months of
	// service, hours in the 12 months before the leave and weeks in the
	// current employment (0: no such test).
	MinEmployees     int
	MinMonths        int
	MinHours         int
	MinWeeksEmployed int
	Reasons          []string
	Paid             bool
	// Concurrent: the program runs at the same time as FMLA when both
	// apply (leave taken counts against both).
	Concurrent bool
	Active     bool
	Notes      string
	Sources    string
	Version    int
	UpdatedAt  time.Time
}

// PeriodLabel says how the program measures its year.
func (p Program) PeriodLabel() string {
	switch p.Period {
	case PeriodRolling52:
		return "in any 52 weeks"
	case PeriodCalendar:
		return "a calendar year"
	}
	return "in the FMLA 12-month period"
}

// CaseProgram is a program evaluated for a case: whether the employee
// qualifies, why, and (filled by Get) the program's balance.
type CaseProgram struct {
	CaseID     int64
	Key        string
	Name       string
	Eligible   bool
	Designated bool
	Steps      []rules.Step
	// The balance in the program's current period.
	HoursEntitled  float64
	HoursUsed      float64
	HoursAvailable float64
	PeriodStart    date.Date
	PeriodEnd      date.Date
	Paid           bool
}

// StepsJSON is the explanation as stored.
func (cp CaseProgram) StepsJSON() string {
	b, _ := json.Marshal(cp.Steps)
	return string(b)
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// DefaultPrograms are the programs a new company starts with.
func DefaultPrograms() []Program {
	return []Program{
		{Key: "ca_cfra", Name: "California Family Rights Act (CFRA)", Jurisdiction: "CA", Weeks: 12, Period: PeriodFMLAMethod,
			MinEmployees: 5, MinMonths: 12, MinHours: 1250, Reasons: []string{"own_health", "family_health", "birth_bonding", "placement", "military_exigency"},
			Concurrent: true, Active: true,
			Notes:   "Unpaid, job-protected. Covers employers of 5 or more and has no 75-mile worksite test. Family includes grandparents, grandchildren, siblings, domestic partners and a designated person, which FMLA does not cover. Military caregiver leave is FMLA only. Pregnancy disability is separate (PDL) and does not use CFRA leave.",
			Sources: "Cal. Gov. Code § 12945.2 (as amended by SB 1383, 2021, and AB 1041, 2023); Cal. Code Regs. tit. 2, §§ 11087-11098"},
		{Key: "ny_pfl", Name: "New York Paid Family Leave (PFL)", Jurisdiction: "NY", Weeks: 12, Period: PeriodRolling52,
			MinEmployees: 1, MinWeeksEmployed: 26, Reasons: []string{"family_health", "birth_bonding", "placement", "military_exigency"},
			Paid: true, Concurrent: true, Active: true,
			Notes:   "Paid through the employer's PFL insurance (67% of the average weekly wage up to a cap). Eligible after 26 consecutive weeks for those working 20 or more hours a week, or 175 days worked for those working less (Cadre applies the 26-week test to everyone: check the 175 days by hand for part-time staff). Does not cover the employee's own illness (that is NY disability benefits). Measured over the 52 weeks looking back.",
			Sources: "N.Y. Workers' Compensation Law §§ 201(15), 203-b, 204, 205; 12 NYCRR Part 380 (380-2.5 eligibility, 380-2.4 leave amount)"},
	}
}

func (p Program) validate() kit.FieldErrors {
	f := kit.FieldErrors{}
	if !keyPattern.MatchString(p.Key) {
		f.Add("key", "Use 2 to 40 lower-case letters, digits or underscores, starting with a letter")
	}
	if strings.TrimSpace(p.Name) == "" || len(p.Name) > 120 {
		f.Add("name", "Enter the program's name (at most 120 characters)")
	}
	if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(p.Jurisdiction) {
		f.Add("jurisdiction", "Enter the two-letter state code, such as CA")
	}
	if p.Weeks < 1 || p.Weeks > 52 {
		f.Add("weeks", "Enter between 1 and 52 weeks")
	}
	if !slices.Contains(ProgramPeriods, p.Period) {
		f.Add("period", "Choose how the program measures its year")
	}
	for k, v := range map[string]int{"min_employees": p.MinEmployees, "min_months": p.MinMonths, "min_hours": p.MinHours, "min_weeks_employed": p.MinWeeksEmployed} {
		if v < 0 || v > 100000 {
			f.Add(k, "Enter 0 (no test) or a positive number")
		}
	}
	if p.MinMonths > 120 {
		f.Add("min_months", "Enter at most 120 months")
	}
	if p.MinHours > 5000 {
		f.Add("min_hours", "Enter at most 5,000 hours")
	}
	if len(p.Reasons) == 0 {
		f.Add("reasons", "Choose at least one reason the program covers")
	}
	for _, r := range p.Reasons {
		if !slices.Contains(Reasons, r) {
			f.Add("reasons", "Unknown reason "+r)
		}
	}
	if len(p.Notes) > 4000 || len(p.Sources) > 2000 {
		f.Add("notes", "Keep the notes under 4,000 characters and the sources under 2,000")
	}
	return f
}

// Programs lists the state leave programs. Anyone who works leave cases
// or directs them may read them. Errors: KindForbidden.
func (s *Cases) Programs(ctx context.Context, a access.Actor) ([]Program, error) {
	if !access.CanAnywhere(a, access.LeaveCaseManage) && !access.CanAnywhere(a, access.LeaveProgramsManage) {
		return nil, kit.Forbidden("only HR reads the leave programs")
	}
	return s.store.ListLeavePrograms(ctx)
}

// SaveProgram adds or changes a program (version 0 adds). Cases already
// opened keep the evaluation they were given. Requires
// leave.programs.manage. Errors: KindInvalid, KindForbidden, KindConflict.
func (s *Cases) SaveProgram(ctx context.Context, a access.Actor, p Program, version int) error {
	if err := access.Require(a, access.LeaveProgramsManage, access.CompanyTarget); err != nil {
		return err
	}
	p.Name, p.Notes, p.Sources = strings.TrimSpace(p.Name), strings.TrimSpace(p.Notes), strings.TrimSpace(p.Sources)
	p.Jurisdiction = strings.ToUpper(strings.TrimSpace(p.Jurisdiction))
	if err := p.validate().Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st CaseStore) error {
		all, err := st.ListLeavePrograms(ctx)
		if err != nil {
			return err
		}
		var before *Program
		for i := range all {
			if all[i].Key == p.Key {
				before = &all[i]
			}
		}
		if version == 0 && before != nil {
			return kit.Conflict("a program with the key %s exists; edit it instead", p.Key)
		}
		if version != 0 && before == nil {
			return kit.NotFound("leave program")
		}
		p.UpdatedAt = s.clock.Now()
		if err := st.SaveLeaveProgram(ctx, p, version); err != nil {
			return err
		}
		e := audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "leave.program_save", ObjectType: "leave_program",
			Summary: "Saved the leave program " + p.Name, After: audit.Snapshot(p), RequestID: a.RequestID}
		if before != nil {
			e.Before = audit.Snapshot(*before)
		}
		return st.AppendAudit(ctx, e)
	})
}

// AttachPrograms evaluates every active program of the employee's worksite
// state for a new case and keeps the result with the case.
func AttachPrograms(ctx context.Context, st CaseStore, caseID int64, e people.Employee, reason string, det FMLA) error {
	ps, err := st.ListLeavePrograms(ctx)
	if err != nil {
		return err
	}
	loc, err := st.GetLocation(ctx, e.LocationID)
	if err != nil {
		return err
	}
	var headcount = -1
	for _, p := range ps {
		if !p.Active || p.Jurisdiction != loc.Region {
			continue
		}
		if headcount < 0 && p.MinEmployees > 0 {
			if headcount, err = st.CountActive(ctx, det.NoticeDate); err != nil {
				return err
			}
		}
		ok, steps := EvaluateProgram(p, loc, reason, det, headcount)
		if err := st.SetCaseProgram(ctx, CaseProgram{CaseID: caseID, Key: p.Key, Name: p.Name, Eligible: ok, Steps: steps}); err != nil {
			return err
		}
	}
	return nil
}

// EvaluateProgram decides whether a program covers a leave, with the
// explanation. headcount is the company's employees on the notice date.
func EvaluateProgram(p Program, loc people.Location, reason string, det FMLA, headcount int) (bool, []rules.Step) {
	ok := true
	steps := []rules.Step{{Text: fmt.Sprintf("The worksite %s is in %s, where %s applies.", loc.Name, p.Jurisdiction, p.Name), Citation: p.Sources}}
	test := func(pass bool, text string) {
		if !pass {
			ok = false
			text += " Not met."
		} else {
			text += " Met."
		}
		steps = append(steps, rules.Step{Text: text, Citation: p.Sources})
	}
	test(slices.Contains(p.Reasons, reason), fmt.Sprintf("The reason (%s) must be one the program covers.", strings.ToLower(ReasonLabels[reason])))
	if p.MinEmployees > 0 {
		test(headcount >= p.MinEmployees, fmt.Sprintf("The employer must have at least %d employees (anywhere, no distance test): it has %d.", p.MinEmployees, headcount))
	}
	el := det.Eligibility
	if p.MinMonths > 0 {
		test(el.MonthsOfService >= p.MinMonths, fmt.Sprintf("The employee must have worked for the employer for %d months: %d.", p.MinMonths, el.MonthsOfService))
	}
	if p.MinHours > 0 {
		switch {
		case el.HoursPresumed:
			test(true, fmt.Sprintf("The employee must have worked %d hours in the 12 months before the leave: presumed for an FLSA-exempt employee without hour records.", p.MinHours))
		case el.HoursCredited != nil:
			test(*el.HoursCredited >= float64(p.MinHours), fmt.Sprintf("The employee must have worked %d hours in the 12 months before the leave: %.2f.", p.MinHours, *el.HoursCredited))
		default:
			test(false, fmt.Sprintf("The employee must have worked %d hours in the 12 months before the leave: no hours are known.", p.MinHours))
		}
	}
	if p.MinWeeksEmployed > 0 {
		weeks := 0
		for _, ep := range det.Facts.EmploymentPeriods {
			if !ep.Start.After(det.LeaveStart) && (ep.End.IsZero() || !ep.End.Before(det.LeaveStart)) {
				weeks = ep.Start.DaysUntil(det.LeaveStart) / 7
			}
		}
		test(weeks >= p.MinWeeksEmployed, fmt.Sprintf("The employee must have been employed for %d consecutive weeks before the leave: %d.", p.MinWeeksEmployed, weeks))
	}
	if ok {
		steps = append(steps, rules.Step{Text: fmt.Sprintf("Entitled to up to %d weeks under %s%s.", p.Weeks, p.Name, map[bool]string{true: ", concurrently with FMLA where both apply", false: ""}[p.Concurrent])})
	}
	return ok, steps
}

// programBalance computes a program's balance for an employee today: the
// hours charged on the cases where the program is designated, in the
// program's period.
func programBalance(cp *CaseProgram, p Program, weekly float64, usage []Usage, designated map[int64]bool, today date.Date, fmla rules.FMLAEntitlementResult) {
	switch p.Period {
	case PeriodRolling52:
		cp.PeriodStart, cp.PeriodEnd = today.AddDays(-52*7+1), today
	case PeriodCalendar:
		cp.PeriodStart, cp.PeriodEnd = date.New(today.Year(), 1, 1), date.New(today.Year(), 12, 31)
	default:
		cp.PeriodStart, cp.PeriodEnd = fmla.PeriodStart, fmla.PeriodEnd
	}
	cp.HoursEntitled = round2(float64(p.Weeks) * weekly)
	used := 0.0
	for _, u := range usage {
		if !designated[u.CaseID] {
			continue
		}
		if (cp.PeriodStart.IsZero() || !u.Day.Before(cp.PeriodStart)) && (cp.PeriodEnd.IsZero() || !u.Day.After(cp.PeriodEnd)) {
			used += u.Charged
		}
	}
	cp.HoursUsed = round2(used)
	cp.HoursAvailable = round2(max(cp.HoursEntitled-used, 0))
	cp.Paid = p.Paid
}
