package benefits

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// WaiveReasons are the reasons an employee gives for waiving coverage.
var WaiveReasons = []string{"covered_by_spouse_plan", "covered_by_other_employer", "medicare_or_medicaid", "individual_market", "cost", "not_needed", "other"}

// WaiveReasonLabel names a waive reason.
func WaiveReasonLabel(r string) string {
	switch r {
	case "covered_by_spouse_plan":
		return "Covered by a spouse's or partner's plan"
	case "covered_by_other_employer":
		return "Covered by another employer"
	case "medicare_or_medicaid":
		return "Medicare, Medicaid or CHIP"
	case "individual_market":
		return "Individual coverage"
	case "cost":
		return "Cost"
	case "not_needed":
		return "Not needed"
	case "other":
		return "Other"
	}
	return r
}

// Validate checks a window field by field.
func (w *Window) Validate() error {
	f := kit.FieldErrors{}
	w.Name = strings.TrimSpace(w.Name)
	if w.Name == "" || len(w.Name) > 120 {
		f.Add("name", "Enter a name, like 2027 open enrollment")
	}
	if w.Opens.IsZero() {
		f.Add("opens", "Enter the first day of the window")
	}
	if w.Closes.IsZero() {
		f.Add("closes", "Enter the last day of the window")
	} else if !w.Opens.IsZero() && w.Closes.Before(w.Opens) {
		f.Add("closes", "The window closes on or after it opens")
	}
	if w.CoverageStart.IsZero() {
		f.Add("coverage_start", "Enter the plan year's first day, when the elections take effect")
	} else if !w.Closes.IsZero() && !w.CoverageStart.After(w.Closes) && w.Kind == OpenEnrollment {
		f.Add("coverage_start", "Coverage starts after the window closes")
	}
	return f.Err()
}

// CreateWindow opens an open-enrollment window for the whole company.
// Requires benefits.admin over the whole company. Errors: KindForbidden,
// KindInvalid, KindConflict (a window for the same plan year).
func (s *Service) CreateWindow(ctx context.Context, a access.Actor, w Window) (int64, error) {
	if _, whole := access.ScopePaths(a, access.BenefitsAdmin); !whole {
		return 0, kit.Forbidden("open enrollment covers the whole company; your grant covers part of it")
	}
	w.Kind = OpenEnrollment
	if err := w.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		ws, err := st.BenefitWindows(ctx, 0)
		if err != nil {
			return err
		}
		for _, o := range ws {
			if o.Kind == OpenEnrollment && o.PlanYear() == w.PlanYear() {
				return kit.Conflict("%s already elects for the %d plan year", o.Name, o.PlanYear())
			}
		}
		w.CreatedAt = s.clock.Now()
		if id, err = st.SaveBenefitWindow(ctx, w); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.window.create", "benefit_window", id, fmt.Sprintf("Scheduled %s: %s to %s, coverage from %s", w.Name, w.Opens, w.Closes, w.CoverageStart), nil, w)
	})
	return id, err
}

// Windows lists the enrollment windows: every one for HR with
// benefits.admin, the employee's own (open enrollment and their new-hire
// and life-event windows) otherwise.
func (s *Service) Windows(ctx context.Context, a access.Actor) ([]Window, error) {
	var ws []Window
	var err error
	if access.CanAnywhere(a, access.BenefitsAdmin) {
		ws, err = s.store.BenefitWindows(ctx, -1)
	} else if a.EmployeeID != 0 {
		ws, err = s.store.BenefitWindows(ctx, a.EmployeeID)
	} else {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	for i := range ws {
		ws[i].status(s.today())
	}
	return ws, err
}

// window loads a window with its status and checks it concerns the
// employee.
func (s *Service) window(ctx context.Context, st Store, id, employeeID int64) (Window, error) {
	w, err := st.GetBenefitWindow(ctx, id)
	if err != nil {
		return w, err
	}
	w.status(s.today())
	if w.EmployeeID != 0 && w.EmployeeID != employeeID {
		return w, kit.NotFound("enrollment window")
	}
	return w, nil
}

// Option is a plan an employee can elect, with its cost per tier in the
// window's plan year.
type Option struct {
	Plan     Plan
	Rates    []Rate
	Eligible bool
	Why      string
	// From is when coverage would start.
	From date.Date
	// Docs are the plan's documents (SBC, SPD).
	Docs []Document
}

// Offer is one plan type in the enrollment flow.
type Offer struct {
	Type     string
	Label    string
	Options  []Option
	Election *Election
	Current  *Coverage
	// Allowed is false when the window cannot change this type (a life
	// event changes group health plans only).
	Allowed bool
}

// Enrolling is everything the enrollment flow shows an employee.
type Enrolling struct {
	Window     Window
	Person     Person
	Enrollment Enrollment
	Offers     []Offer
	Dependents []Dependent
	Periods    int
	LifeEvent  *LifeEvent
	// Editable is false once the window closed or before it opens.
	Editable bool
}

// Enrollment is an employee's enrollment flow in a window: the plans they
// are eligible for with the year's rates, their dependents, their
// elections so far and the coverage in force. Requires benefits.view.
// Errors: KindForbidden, KindNotFound.
func (s *Service) Enrollment(ctx context.Context, a access.Actor, employeeID, windowID int64) (Enrolling, error) {
	var out Enrolling
	p, err := s.person(ctx, s.store, a, access.BenefitsView, employeeID)
	if err != nil {
		return out, err
	}
	w, err := s.window(ctx, s.store, windowID, employeeID)
	if err != nil {
		return out, err
	}
	out.Window, out.Person, out.Periods = w, p, s.PeriodsPerYear(ctx)
	out.Editable = w.Status == "open"
	if out.Enrollment, err = s.store.GetEnrollment(ctx, windowID, employeeID); err != nil {
		return out, err
	}
	els, err := s.store.Elections(ctx, windowID, employeeID)
	if err != nil {
		return out, err
	}
	plans, err := s.store.BenefitPlans(ctx, date.Date{})
	if err != nil {
		return out, err
	}
	cs, err := s.store.Coverages(ctx, employeeID, date.Date{}, nil, true)
	if err != nil {
		return out, err
	}
	if out.Dependents, err = s.dependents(ctx, s.store, employeeID); err != nil {
		return out, err
	}
	for i := range out.Dependents {
		s.mask(a, &out.Dependents[i])
	}
	if w.LifeEventID != 0 {
		le, err := s.store.GetLifeEvent(ctx, w.LifeEventID)
		if err != nil {
			return out, err
		}
		out.LifeEvent = &le
	}
	day := w.CoverageStart.AddDays(-1)
	for _, t := range Types {
		o := Offer{Type: t, Label: TypeLabel(t), Allowed: w.Kind != LifeEventKind || isHealth(t)}
		for _, pl := range plans {
			if pl.Type != t || !pl.Active {
				continue
			}
			ok, why := pl.Eligible(p)
			from := w.CoverageStart
			if w.Kind == NewHire {
				from = pl.EligibleFrom(p.Start)
			}
			docs, err := s.store.BenefitDocuments(ctx, 0, pl.ID)
			if err != nil {
				return out, err
			}
			docs = slices.DeleteFunc(docs, func(d Document) bool { return d.Kind != "plan_document" })
			o.Options = append(o.Options, Option{Plan: pl, Rates: pl.Rates[from.Year()], Eligible: ok && len(pl.Rates[from.Year()]) > 0, Why: why, From: from, Docs: docs})
		}
		for i := range els {
			if els[i].Type == t {
				o.Election = &els[i]
			}
		}
		for i := range cs {
			if cs[i].Type == t && cs[i].InForce(day) && !cs[i].COBRA {
				o.Current = &cs[i]
			}
		}
		if len(o.Options) > 0 {
			out.Offers = append(out.Offers, o)
		}
	}
	return out, nil
}

// ElectionInput is one plan type's choice.
type ElectionInput struct {
	Type         string
	PlanID       int64
	Tier         string
	DependentIDs []int64
	Waive        bool
	WaiveReason  string
	AmountCents  int64
	PercentBP    int
}

// TierFor is the tier the covered dependents make.
func TierFor(deps []Dependent) string {
	var partner, child bool
	for _, d := range deps {
		if d.Partner() {
			partner = true
		} else {
			child = true
		}
	}
	switch {
	case partner && child:
		return TierFamily
	case partner:
		return TierEmployeeSpouse
	case child:
		return TierEmployeeChildren
	}
	return TierEmployee
}

// SaveElection records one plan type's choice in an open window: a plan
// the employee is eligible for, the tier the covered dependents make
// (children under the plan's age limit on the coverage date unless
// disabled), or a waiver with a reason. A life event's window allows only
// the changes its event allows. Requires benefits.enroll. Errors:
// KindForbidden, KindNotFound, KindInvalid, KindConflict (the window is
// not open).
func (s *Service) SaveElection(ctx context.Context, a access.Actor, employeeID, windowID int64, in ElectionInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.BenefitsEnroll, employeeID)
		if err != nil {
			return err
		}
		w, err := s.window(ctx, st, windowID, employeeID)
		if err != nil {
			return err
		}
		if err := openForChange(w, s.today()); err != nil {
			return err
		}
		e, err := s.election(ctx, st, p, w, in)
		if err != nil {
			return err
		}
		if err := st.SaveElection(ctx, e); err != nil {
			return err
		}
		en, err := st.GetEnrollment(ctx, windowID, employeeID)
		if err != nil {
			return err
		}
		en.WindowID, en.EmployeeID = windowID, employeeID
		if en.Status != Done {
			en.Status = InProgress
		}
		if err := st.SaveEnrollment(ctx, en); err != nil {
			return err
		}
		what := "waived " + TypeLabel(e.Type) + " (" + WaiveReasonLabel(e.WaiveReason) + ")"
		if !e.Waived {
			what = fmt.Sprintf("elected %s, %s", e.PlanName, strings.ToLower(TierLabel(e.Tier)))
		}
		return s.record(ctx, st, a, "benefits.election.save", "benefit_window", windowID, fmt.Sprintf("%s %s", p.Name, what), nil, e)
	})
}

// openForChange refuses changes outside the window.
func openForChange(w Window, today date.Date) error {
	switch w.Status {
	case "scheduled":
		return kit.Conflict("%s opens on %s: elections are made inside the window", w.Name, w.Opens)
	case "closing", "closed":
		return kit.Conflict("%s closed on %s: changes after the window need a qualifying life event", w.Name, w.Closes)
	}
	return nil
}

// election validates a choice into an Election with its costs.
func (s *Service) election(ctx context.Context, st Store, p Person, w Window, in ElectionInput) (Election, error) {
	f := kit.FieldErrors{}
	e := Election{WindowID: w.ID, EmployeeID: p.EmployeeID, Type: in.Type, DependentIDs: []int64{}, UpdatedAt: s.clock.Now()}
	if !slices.Contains(Types, in.Type) {
		return e, kit.Invalid("type", "Choose a plan type")
	}
	if w.Kind == LifeEventKind && !isHealth(in.Type) {
		return e, kit.Invalid("type", "A life event changes medical, dental and vision elections; other elections wait for open enrollment")
	}
	if in.Waive {
		if !slices.Contains(WaiveReasons, in.WaiveReason) {
			f.Add("waive_reason", "Say why you waive this coverage")
		}
		e.Waived, e.WaiveReason = true, in.WaiveReason
		if err := f.Err(); err != nil {
			return e, err
		}
		return e, s.lifeEventAllows(ctx, st, w, p, e)
	}
	pl, err := st.GetBenefitPlan(ctx, in.PlanID)
	if err != nil || pl.Type != in.Type {
		return e, kit.Invalid("plan_id", "Choose one of the "+strings.ToLower(TypeLabel(in.Type))+" plans")
	}
	if ok, why := pl.Eligible(p); !ok {
		return e, kit.Invalid("plan_id", "You are not eligible for "+pl.Name+": "+why)
	}
	from := w.CoverageStart
	if w.Kind == NewHire {
		from = pl.EligibleFrom(p.Start)
	}
	e.PlanID, e.PlanName, e.Tier = pl.ID, pl.Name, in.Tier
	if e.Tier == "" {
		e.Tier = TierEmployee
	}
	var covered []Dependent
	if len(in.DependentIDs) > 0 {
		if !pl.Tiered() {
			return e, kit.Invalid("dependent_ids", TypeLabel(pl.Type)+" covers the employee only")
		}
		ds, err := s.dependents(ctx, st, p.EmployeeID)
		if err != nil {
			return e, err
		}
		seen := map[int64]bool{}
		for _, id := range in.DependentIDs {
			i := slices.IndexFunc(ds, func(d Dependent) bool { return d.ID == id })
			if i < 0 || !ds[i].RemovedOn.IsZero() {
				f.Add("dependent_ids", "Choose among your dependents")
				continue
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			d := ds[i]
			if d.Relationship == Child && !d.Disabled && AgeOn(d.BirthDate, from) >= pl.ChildAgeLimit {
				f.Add("dependent_ids", fmt.Sprintf("%s is %d on %s: %s covers children until age %d (unless disabled)", d.GivenName, AgeOn(d.BirthDate, from), from, pl.Name, pl.ChildAgeLimit))
			}
			covered = append(covered, d)
			e.DependentIDs = append(e.DependentIDs, id)
		}
	}
	if want := TierFor(covered); e.Tier != want && len(f) == 0 {
		f.Add("tier", fmt.Sprintf("The dependents you chose make the %s tier, not %s", strings.ToLower(TierLabel(want)), strings.ToLower(TierLabel(e.Tier))))
	}
	if err := f.Err(); err != nil {
		return e, err
	}
	r, err := ratesFor(pl, from, e.Tier)
	if err != nil {
		return e, err
	}
	e.EmployeeCents, e.EmployerCents = r.EmployeeCents, r.EmployerCents
	n := int64(s.PeriodsPerYear(ctx))
	switch pl.Type {
	case FSA, HSA:
		lim, err := s.spendingLimit(ctx, st, p, w, pl.Type)
		if err != nil {
			return e, err
		}
		if in.AmountCents <= 0 || in.AmountCents > lim {
			return e, kit.Invalid("annual_amount_cents", fmt.Sprintf("Enter an annual amount from 0.01 to %s", money(lim)))
		}
		e.AmountCents = in.AmountCents
		e.EmployeeCents += (in.AmountCents + n - 1) / n
	case Retirement:
		if in.PercentBP <= 0 || in.PercentBP > 10000 {
			return e, kit.Invalid("percent_bp", "Enter a contribution from 1% to 100% of pay")
		}
		e.PercentBP = in.PercentBP
	}
	return e, s.lifeEventAllows(ctx, st, w, p, e)
}

// Spending account limits for 2026 (IRS Rev. Proc. 2025-19 and
// 2025-32): the health FSA salary reduction, and HSA contributions for
// self-only and family HDHP coverage.
const (
	fsaLimit       = 340000
	hsaSelfLimit   = 440000
	hsaFamilyLimit = 875000
)

// spendingLimit is the annual limit of an FSA, or of an HSA at the tier of
// the employee's medical election in the window (or medical coverage in
// force): family when it covers anyone else.
func (s *Service) spendingLimit(ctx context.Context, st Store, p Person, w Window, typ string) (int64, error) {
	if typ == FSA {
		return fsaLimit, nil
	}
	els, err := st.Elections(ctx, w.ID, p.EmployeeID)
	if err != nil {
		return 0, err
	}
	for _, e := range els {
		if e.Type == Medical {
			if !e.Waived && e.Tier != TierEmployee {
				return hsaFamilyLimit, nil
			}
			return hsaSelfLimit, nil
		}
	}
	cs, err := st.Coverages(ctx, p.EmployeeID, date.Date{}, nil, true)
	if err != nil {
		return 0, err
	}
	for _, c := range cs {
		if c.Type == Medical && c.InForce(w.CoverageStart.AddDays(-1)) && c.Tier != TierEmployee {
			return hsaFamilyLimit, nil
		}
	}
	return hsaSelfLimit, nil
}

func money(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// Confirm finishes an employee's enrollment in a window: every group
// health plan type offered has a choice. A new hire's or a life event's
// elections take effect at once (coverage from the eligibility or event
// date); open-enrollment elections take effect when the window closes,
// and can change until then. Requires benefits.enroll. Errors:
// KindForbidden, KindNotFound, KindInvalid, KindConflict.
func (s *Service) Confirm(ctx context.Context, a access.Actor, employeeID, windowID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.BenefitsEnroll, employeeID)
		if err != nil {
			return err
		}
		w, err := s.window(ctx, st, windowID, employeeID)
		if err != nil {
			return err
		}
		if err := openForChange(w, s.today()); err != nil {
			return err
		}
		els, err := st.Elections(ctx, windowID, employeeID)
		if err != nil {
			return err
		}
		plans, err := st.BenefitPlans(ctx, date.Date{})
		if err != nil {
			return err
		}
		cs, err := st.Coverages(ctx, employeeID, date.Date{}, nil, true)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		for _, t := range []string{Medical, Dental, Vision} {
			offered := false
			for _, pl := range plans {
				if ok, _ := pl.Eligible(p); ok && pl.Type == t {
					offered = true
				}
			}
			// A passive window keeps the coverage in force when nothing
			// else is chosen.
			kept := w.Passive && slices.ContainsFunc(cs, func(c Coverage) bool { return c.Type == t && !c.COBRA && c.InForce(w.CoverageStart.AddDays(-1)) })
			if offered && !kept && w.Kind != LifeEventKind && !slices.ContainsFunc(els, func(e Election) bool { return e.Type == t }) {
				f.Add(t, "Choose a "+strings.ToLower(TypeLabel(t))+" plan or waive it with a reason")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		en := Enrollment{WindowID: windowID, EmployeeID: employeeID, Status: Done, ConfirmedAt: s.clock.Now()}
		if err := st.SaveEnrollment(ctx, en); err != nil {
			return err
		}
		if w.Kind != OpenEnrollment {
			if err := s.apply(ctx, st, a, w, p, els, map[int64]Plan{}); err != nil {
				return err
			}
			if w.LifeEventID != 0 {
				if err := st.SetLifeEventStatus(ctx, w.LifeEventID, "done"); err != nil {
					return err
				}
				l, err := st.GetLifeEvent(ctx, w.LifeEventID)
				if err != nil {
					return err
				}
				if (l.Event == Divorce || l.Event == Death) && l.DependentID != 0 {
					d, err := st.GetDependent(ctx, l.DependentID)
					if err != nil {
						return err
					}
					if d.RemovedOn.IsZero() {
						d.RemovedOn = l.EventDate
						if _, err := st.SaveDependent(ctx, d); err != nil {
							return err
						}
					}
				}
			}
		}
		return s.record(ctx, st, a, "benefits.enrollment.confirm", "benefit_window", windowID, fmt.Sprintf("%s confirmed their %s elections (%d)", p.Name, strings.ToLower(w.KindLabel()), len(els)), nil, els)
	})
}

// apply turns elections into coverages: the coverage of the same type in
// force ends the day before the new one starts.
func (s *Service) apply(ctx context.Context, st Store, a access.Actor, w Window, p Person, els []Election, plans map[int64]Plan) error {
	cs, err := st.Coverages(ctx, p.EmployeeID, date.Date{}, nil, true)
	if err != nil {
		return err
	}
	hadHealth := slices.ContainsFunc(cs, func(c Coverage) bool { return isHealth(c.Type) && !c.COBRA })
	for _, e := range els {
		from := w.CoverageStart
		var pl Plan
		if !e.Waived {
			var ok bool
			if pl, ok = plans[e.PlanID]; !ok {
				if pl, err = st.GetBenefitPlan(ctx, e.PlanID); err != nil {
					return err
				}
				plans[e.PlanID] = pl
			}
			if w.Kind == NewHire {
				from = pl.EligibleFrom(p.Start)
			}
		}
		for _, c := range cs {
			if c.Type != e.Type || c.COBRA || (!c.To.IsZero() && c.To.Before(from)) {
				continue
			}
			if !c.From.Before(from) {
				// Elected for the same start earlier (a repeated
				// confirmation): replace it.
				if err := st.DeleteCoverage(ctx, c.ID); err != nil {
					return err
				}
				continue
			}
			if err := st.EndCoverage(ctx, c.ID, from.AddDays(-1), w.KindLabel()); err != nil {
				return err
			}
		}
		if e.Waived {
			continue
		}
		c := Coverage{EmployeeID: p.EmployeeID, PlanID: e.PlanID, Type: e.Type, Tier: e.Tier, DependentIDs: e.DependentIDs, AmountCents: e.AmountCents, PercentBP: e.PercentBP,
			EmployeeCents: e.EmployeeCents, EmployerCents: e.EmployerCents, From: from, WindowID: w.ID, CreatedAt: s.clock.Now()}
		if _, err := st.InsertCoverage(ctx, c); err != nil {
			return err
		}
		if isHealth(e.Type) && !hadHealth {
			hadHealth = true
			if err := s.generalNotice(ctx, st, a, p, from); err != nil {
				return err
			}
		}
	}
	return nil
}

// CloseResult sums up a closed open-enrollment window.
type CloseResult struct {
	Confirmed  int `json:"confirmed"`
	RolledOver int `json:"rolled_over"`
	Ended      int `json:"ended"`
	Coverages  int `json:"coverages"`
}

// Close closes an open-enrollment window: confirmed elections become
// coverages from the plan year's first day (ending the coverage of the
// same type the day before), and for employees who did not confirm, a
// passive window carries their coverage into the new year at its rates
// (coverage the plan no longer offers ends, with a task to follow up),
// an active one ends it. Deductions follow in the payroll export.
// Requires benefits.admin over the whole company. Errors: KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) Close(ctx context.Context, a access.Actor, windowID int64) (CloseResult, error) {
	var res CloseResult
	if _, whole := access.ScopePaths(a, access.BenefitsAdmin); !whole {
		return res, kit.Forbidden("open enrollment covers the whole company; your grant covers part of it")
	}
	err := s.store.InTx(ctx, func(st Store) error {
		w, err := st.GetBenefitWindow(ctx, windowID)
		if err != nil {
			return err
		}
		w.status(s.today())
		if w.Kind != OpenEnrollment {
			return kit.Conflict("a %s window closes when the employee confirms", strings.ToLower(w.KindLabel()))
		}
		if w.Status == "closed" {
			return kit.Conflict("%s was closed on %s", w.Name, w.ClosedAt.Format("2006-01-02"))
		}
		if w.Status == "scheduled" {
			return kit.Conflict("%s has not opened yet", w.Name)
		}
		ens, err := st.Enrollments(ctx, windowID, nil, true)
		if err != nil {
			return err
		}
		done := map[int64]bool{}
		plans := map[int64]Plan{}
		all, err := st.WindowElections(ctx, windowID)
		if err != nil {
			return err
		}
		byEmp := map[int64][]Election{}
		for _, e := range all {
			byEmp[e.EmployeeID] = append(byEmp[e.EmployeeID], e)
		}
		for _, en := range ens {
			if en.Status != Done {
				continue
			}
			done[en.EmployeeID] = true
			p, err := st.BenefitPerson(ctx, en.EmployeeID)
			if err != nil {
				return err
			}
			if !p.End.IsZero() && p.End.Before(w.CoverageStart) {
				continue
			}
			res.Confirmed++
			if err := s.apply(ctx, st, a, w, p, byEmp[en.EmployeeID], plans); err != nil {
				return err
			}
		}
		prev := w.CoverageStart.AddDays(-1)
		cs, err := st.Coverages(ctx, 0, prev, nil, true)
		if err != nil {
			return err
		}
		for _, c := range cs {
			// Coverage already ending, continuation coverage, and the types
			// a confirmed employee chose or waived are settled.
			if c.COBRA || !c.To.IsZero() || (done[c.EmployeeID] && slices.ContainsFunc(byEmp[c.EmployeeID], func(e Election) bool { return e.Type == c.Type })) {
				continue
			}
			pl, ok := plans[c.PlanID]
			if !ok {
				if pl, err = st.GetBenefitPlan(ctx, c.PlanID); err != nil {
					return err
				}
				plans[c.PlanID] = pl
			}
			r, rateOK := pl.Rate(w.PlanYear(), c.Tier)
			if err := st.EndCoverage(ctx, c.ID, prev, "plan year end"); err != nil {
				return err
			}
			if w.Passive && pl.Active && rateOK {
				n := Coverage{EmployeeID: c.EmployeeID, PlanID: c.PlanID, Type: c.Type, Tier: c.Tier, DependentIDs: c.DependentIDs, AmountCents: c.AmountCents, PercentBP: c.PercentBP,
					EmployeeCents: r.EmployeeCents, EmployerCents: r.EmployerCents, From: w.CoverageStart, WindowID: w.ID, CreatedAt: s.clock.Now()}
				if c.Type == FSA || c.Type == HSA {
					// Spending-account elections do not carry over: a new
					// year needs a new election (26 CFR 1.125-4).
					res.Ended++
					continue
				}
				if _, err := st.InsertCoverage(ctx, n); err != nil {
					return err
				}
				res.RolledOver++
				continue
			}
			res.Ended++
			if w.Passive {
				p, err := st.BenefitPerson(ctx, c.EmployeeID)
				if err != nil {
					return err
				}
				if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: fmt.Sprintf("Benefits: %s's %s coverage ends with the plan year", p.Name, pl.Name),
					Description: fmt.Sprintf("%s did not confirm open enrollment and %s is not offered at the same tier in %d, so the coverage ends on %s. Contact them about a new election.", p.Name, pl.Name, w.PlanYear(), prev),
					Kind:        "benefits_rollover", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "benefit_window", ObjectID: w.ID, DueOn: prev}, s.clock.Now()); err != nil {
					return err
				}
			}
		}
		if res.Coverages, err = st.CountWindowCoverages(ctx, windowID); err != nil {
			return err
		}
		w.ClosedAt = s.clock.Now()
		if _, err := st.SaveBenefitWindow(ctx, w); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.window.close", "benefit_window", windowID, fmt.Sprintf("Closed %s: %d confirmed, %d carried over, %d ended; %d coverages from %s", w.Name, res.Confirmed, res.RolledOver, res.Ended, res.Coverages, w.CoverageStart), nil, res)
	})
	return res, err
}

// Progress is the enrollment progress of one org unit.
type Progress struct {
	OrgUnit    string `json:"org_unit"`
	Eligible   int    `json:"eligible"`
	NotStarted int    `json:"not_started"`
	InProgress int    `json:"in_progress"`
	Done       int    `json:"done"`
}

// PercentDone is the share done.
func (p Progress) PercentDone() int {
	if p.Eligible == 0 {
		return 0
	}
	return p.Done * 100 / p.Eligible
}

// WindowProgress is the open-enrollment dashboard: progress by org unit
// in the actor's scope, and a page of the employees with status (all when
// empty; not started first, then by name). Counting and paging happen in
// the database, so the dashboard costs the same one page at 100,000
// employees. Requires benefits.admin. Errors: KindForbidden, KindNotFound,
// KindInvalid (an unknown status).
func (s *Service) WindowProgress(ctx context.Context, a access.Actor, windowID int64, pg ProgressPage) (ProgressView, error) {
	var v ProgressView
	q, err := s.progressQuery(ctx, a, windowID, &v.Window)
	if err != nil {
		return v, err
	}
	status := pg.Status
	switch status {
	case "", NotStarted, InProgress, Done:
	default:
		return v, kit.Invalid("status", "Choose not started, in progress or done.")
	}
	if pg.Cursor != "" {
		parts, err := kit.DecodeCursor(pg.Cursor, 3)
		if err != nil {
			return v, err
		}
		rank, err1 := strconv.Atoi(parts[0])
		id, err2 := strconv.ParseInt(parts[2], 10, 64)
		if err1 != nil || err2 != nil || rank < 0 || rank > 2 || (status != "" && rank != statusRank(status)) {
			return v, kit.Invalid("cursor", "is not a valid cursor")
		}
		q.After = &ProgressCursor{Rank: rank, SortKey: parts[1], ID: id}
	}
	if v.ByOrgUnit, err = s.store.EnrollmentProgress(ctx, q); err != nil {
		return v, err
	}
	v.Total.OrgUnit = "All"
	for _, u := range v.ByOrgUnit {
		v.Total.Eligible += u.Eligible
		v.Total.NotStarted += u.NotStarted
		v.Total.InProgress += u.InProgress
		v.Total.Done += u.Done
	}
	switch status {
	case "":
		v.Matching = v.Total.Eligible
	case NotStarted:
		v.Matching = v.Total.NotStarted
	case InProgress:
		v.Matching = v.Total.InProgress
	case Done:
		v.Matching = v.Total.Done
	}
	v.ByOrgUnit = nonNilProgress(v.ByOrgUnit)
	v.Employees = []Enrollment{}
	if pg.Limit <= 0 || (q.After == nil && pg.Offset >= v.Matching) {
		return v, nil
	}
	// One status at a time in the listing's order, each by name: the
	// database walks its name index and stops at the page's end instead
	// of sorting every eligible employee.
	counts := map[string]int{NotStarted: v.Total.NotStarted, InProgress: v.Total.InProgress, Done: v.Total.Done}
	after, offset, want := q.After, max(pg.Offset, 0), pg.Limit+1
	var list []Enrollment
	for rank, st := range []string{NotStarted, InProgress, Done} {
		if (status != "" && st != status) || len(list) >= want {
			continue
		}
		sq := q
		sq.Status, sq.After, sq.Offset, sq.Limit = st, nil, 0, want-len(list)
		// Walking by name reads about limit × eligible / count rows;
		// sorting reads count rows.
		sq.Dense = counts[st]*counts[st] > want*v.Total.Eligible
		if after != nil {
			if rank < after.Rank {
				continue
			}
			if rank == after.Rank {
				sq.After = after
			}
		} else if offset >= counts[st] {
			offset -= counts[st]
			continue
		} else {
			sq.Offset, offset = offset, 0
		}
		if counts[st] == 0 {
			continue
		}
		got, err := s.store.EnrollmentPage(ctx, sq)
		if err != nil {
			return v, err
		}
		list = append(list, got...)
	}
	if len(list) > pg.Limit {
		list = list[:pg.Limit]
		last := list[len(list)-1]
		v.Next = kit.EncodeCursor(strconv.Itoa(statusRank(last.Status)), last.SortKey, strconv.FormatInt(last.EmployeeID, 10))
	}
	v.Employees = append(v.Employees, list...)
	return v, nil
}

// statusRank orders the progress listing: not started, in progress, done.
func statusRank(status string) int {
	switch status {
	case Done:
		return 2
	case InProgress:
		return 1
	}
	return 0
}

func nonNilProgress(ps []Progress) []Progress {
	if ps == nil {
		return []Progress{}
	}
	return ps
}

// progressQuery authorizes reading a window's progress and selects its
// eligible employees: everyone in scope employed on the window's current
// day, or the one employee of a personal window.
func (s *Service) progressQuery(ctx context.Context, a access.Actor, windowID int64, w *Window) (ProgressQuery, error) {
	paths, whole := access.ScopePaths(a, access.BenefitsAdmin)
	if !whole && len(paths) == 0 {
		return ProgressQuery{}, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	var err error
	if *w, err = s.store.GetBenefitWindow(ctx, windowID); err != nil {
		return ProgressQuery{}, err
	}
	w.status(s.today())
	day := date.Max(s.today(), w.Opens)
	if day.After(w.Closes) {
		day = w.Closes
	}
	q := ProgressQuery{WindowID: windowID, Day: day, Paths: paths, Whole: whole}
	if w.EmployeeID != 0 {
		if _, err := s.person(ctx, s.store, a, access.BenefitsAdmin, w.EmployeeID); err != nil {
			return q, err
		}
		q.EmployeeID = w.EmployeeID
	}
	return q, nil
}

// Remind notifies every employee in scope who has not confirmed an open
// window. Requires benefits.admin. Errors: KindForbidden, KindNotFound,
// KindConflict (the window is not open).
func (s *Service) Remind(ctx context.Context, a access.Actor, windowID int64) (int, error) {
	var w Window
	q, err := s.progressQuery(ctx, a, windowID, &w)
	if err != nil {
		return 0, err
	}
	if w.Status != "open" {
		return 0, kit.Conflict("%s is not open", w.Name)
	}
	n := 0
	err = s.store.InTx(ctx, func(st Store) error {
		users, err := st.UnconfirmedUsers(ctx, q)
		if err != nil {
			return err
		}
		for _, u := range users {
			if err := work.Notify(ctx, st, a, work.Notification{UserID: u, Kind: "benefits_reminder", Title: fmt.Sprintf("%s closes on %s", w.Name, w.Closes),
				Body: "Choose your plans, add your dependents or waive coverage before the window closes.", Link: fmt.Sprintf("/benefits/enroll/%d", w.ID)}, s.clock.Now()); err != nil {
				return err
			}
			n++
		}
		return s.record(ctx, st, a, "benefits.window.remind", "benefit_window", windowID, fmt.Sprintf("Reminded %d employees about %s", n, w.Name), nil, nil)
	})
	return n, err
}

// NewHireStore is what starting a new hire's enrollment needs, inside the
// hire's transaction.
type NewHireStore interface {
	work.TaskStore
	Setting(ctx context.Context, key string) (string, error)
	// BenefitPlans lists the plans (with today's enrollment when today
	// is given).
	BenefitPlans(ctx context.Context, today date.Date) ([]Plan, error)
	BenefitPerson(ctx context.Context, employeeID int64) (Person, error)
	SaveBenefitWindow(ctx context.Context, w Window) (int64, error)
}

// KeyNewHireDays is the setting with the days a new hire has to enroll.
const KeyNewHireDays = "benefits.new_hire_days"

// StartNewHire opens a new hire's enrollment window (30 days from the
// first day by default) when some plan is open to them, with a benefits
// task due when it closes. Onboarding calls it in the hire's transaction.
func StartNewHire(ctx context.Context, st NewHireStore, a access.Actor, employeeID int64, at func() date.Date) error {
	p, err := st.BenefitPerson(ctx, employeeID)
	if err != nil {
		return err
	}
	plans, err := st.BenefitPlans(ctx, date.Date{})
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(plans, func(pl Plan) bool { ok, _ := pl.Eligible(p); return ok }) {
		return nil
	}
	days := 30
	if v, err := st.Setting(ctx, KeyNewHireDays); err == nil && v != "" {
		fmt.Sscan(v, &days)
	}
	w := Window{Kind: NewHire, Name: "New-hire enrollment: " + p.Name, Opens: p.Start, Closes: p.Start.AddDays(days), CoverageStart: p.Start, EmployeeID: p.EmployeeID, CreatedAt: at().Time()}
	id, err := st.SaveBenefitWindow(ctx, w)
	if err != nil {
		return err
	}
	_, err = work.CreateTx(ctx, st, a, work.NewTaskInput{Title: "Benefits enrollment: " + p.Name, Description: fmt.Sprintf("%s can enroll in benefits until %s. Check they chose or waived medical, dental and vision, and give them the COBRA general notice when coverage starts.", p.Name, w.Closes),
		Kind: "benefits_new_hire", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "benefit_window", ObjectID: id, DueOn: w.Closes,
		Checklist: []string{"Send the enrollment guide and plan summaries", "Employee confirmed elections or waivers", "Dependent documents verified"}}, at().Time())
	return err
}

// Benefits is an employee's benefits page: coverage in force and
// upcoming, dependents, open windows, life events and COBRA.
type Benefits struct {
	Person     Person
	Coverages  []Coverage
	Dependents []Dependent
	Windows    []Window
	LifeEvents []LifeEvent
	COBRA      []COBRACase
	Periods    int
	// Enrollment is the employee's progress in each open window.
	Enrollment map[int64]Enrollment
}

// openWindows lists the windows open or scheduled for an employee with
// their progress in each.
func (s *Service) openWindows(ctx context.Context, employeeID int64) ([]Window, map[int64]Enrollment, error) {
	ws, err := s.store.BenefitWindows(ctx, employeeID)
	if err != nil {
		return nil, nil, err
	}
	var out []Window
	ens := map[int64]Enrollment{}
	for _, w := range ws {
		w.status(s.today())
		if w.Status == "open" || w.Status == "scheduled" {
			out = append(out, w)
			en, err := s.store.GetEnrollment(ctx, w.ID, employeeID)
			if err != nil {
				return nil, nil, err
			}
			ens[w.ID] = en
		}
	}
	return out, ens, nil
}

// OpenWindows lists the enrollment windows open or scheduled for an
// employee, with their progress in each (the home page). Requires
// benefits.view. Errors: KindForbidden, KindNotFound.
func (s *Service) OpenWindows(ctx context.Context, a access.Actor, employeeID int64) ([]Window, map[int64]Enrollment, error) {
	if _, err := s.person(ctx, s.store, a, access.BenefitsView, employeeID); err != nil {
		return nil, nil, err
	}
	return s.openWindows(ctx, employeeID)
}

// Employee returns an employee's benefits. Requires benefits.view.
// Errors: KindForbidden, KindNotFound.
func (s *Service) Employee(ctx context.Context, a access.Actor, employeeID int64) (Benefits, error) {
	var b Benefits
	p, err := s.person(ctx, s.store, a, access.BenefitsView, employeeID)
	if err != nil {
		return b, err
	}
	b.Person, b.Periods = p, s.PeriodsPerYear(ctx)
	if b.Coverages, err = s.store.Coverages(ctx, employeeID, date.Date{}, nil, true); err != nil {
		return b, err
	}
	if b.Dependents, err = s.dependents(ctx, s.store, employeeID); err != nil {
		return b, err
	}
	for i := range b.Dependents {
		s.mask(a, &b.Dependents[i])
	}
	if b.Windows, b.Enrollment, err = s.openWindows(ctx, employeeID); err != nil {
		return b, err
	}
	if b.LifeEvents, err = s.store.LifeEvents(ctx, employeeID, nil, true); err != nil {
		return b, err
	}
	b.COBRA, err = s.store.COBRACases(ctx, employeeID, nil, true)
	return b, err
}
