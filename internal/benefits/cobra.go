package benefits

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// COBRA qualifying events Cadre records (the rules engine's names).
var COBRAEvents = []string{"termination", "reduction_in_hours", "death", "divorce", "medicare_entitlement", "loss_of_dependent_status"}

// COBRA case statuses.
const (
	COBRANoticeDue = "notice_due"       // the election notice is not sent yet
	COBRAPending   = "election_pending" // sent; waiting for the election
	COBRAElected   = "elected"
	COBRADeclined  = "declined"
	COBRAExpired   = "expired" // no election by the deadline
)

// COBRACase is continuation coverage offered after a qualifying event.
type COBRACase struct {
	ID           int64  `json:"id"`
	EmployeeID   int64  `json:"employee_id"`
	EmployeeName string `json:"employee_name"`
	OrgPath      string `json:"-"`
	// DependentID is the qualified beneficiary when it is a dependent
	// alone (a divorce, a child aging out); 0 when the employee and the
	// dependents they covered are the beneficiaries.
	DependentID   int64     `json:"dependent_id,omitempty"`
	Beneficiaries []string  `json:"beneficiaries"`
	Event         string    `json:"qualifying_event"`
	QEDate        date.Date `json:"qe_date"`
	LossDate      date.Date `json:"loss_of_coverage_date"`
	// The deadlines come from the rules engine (cobra-deadlines).
	EmployerNoticeDue date.Date `json:"employer_notice_due,omitzero"`
	QBNoticeDue       date.Date `json:"qb_notice_due,omitzero"`
	ElectionNoticeDue date.Date `json:"election_notice_due,omitzero"`
	ElectionDeadline  date.Date `json:"election_deadline,omitzero"`
	InitialPremiumDue date.Date `json:"initial_premium_due,omitzero"`
	MaxMonths         int       `json:"max_coverage_months"`
	CoverageEnd       date.Date `json:"max_coverage_end,omitzero"`
	NoticeSent        date.Date `json:"election_notice_sent,omitzero"`
	ElectedOn         date.Date `json:"elected_on,omitzero"`
	Status            string    `json:"status" enum:"notice_due,election_pending,elected,declined,expired"`
	// PlanIDs are the group health plans lost; PremiumCents the monthly
	// premium per pay period at 102% of the plans' total cost.
	PlanIDs      []int64   `json:"plan_ids"`
	PremiumCents int64     `json:"premium_cents_per_period"`
	Steps        string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Explanation is the rules engine's explanation of the deadlines.
func (c COBRACase) Explanation() []rules.Step {
	var st []rules.Step
	_ = json.Unmarshal([]byte(c.Steps), &st)
	return st
}

// EventLabel names the qualifying event.
func (c COBRACase) EventLabel() string {
	return strings.ToUpper(c.Event[:1]) + strings.ReplaceAll(c.Event[1:], "_", " ")
}

// BenefitsCOBRAStore keeps COBRA cases.
type BenefitsCOBRAStore interface {
	InsertCOBRACase(ctx context.Context, c COBRACase) (int64, error)
	GetCOBRACase(ctx context.Context, id int64) (COBRACase, error)
	UpdateCOBRACase(ctx context.Context, c COBRACase) error
	// COBRACases lists one employee's cases, or every one in scope (0).
	COBRACases(ctx context.Context, employeeID int64, paths []string, whole bool) ([]COBRACase, error)
}

// COBRAInput starts a COBRA case by hand (reduction in hours, a child
// aging out, Medicare entitlement).
type COBRAInput struct {
	Event       string
	QEDate      date.Date
	LossDate    date.Date // zero: the last day of the QE's month
	DependentID int64
}

// StartCOBRA records a qualifying event by hand. Requires benefits.admin.
// Errors: KindForbidden, KindNotFound, KindInvalid, KindConflict (no group
// health coverage to continue).
func (s *Service) StartCOBRA(ctx context.Context, a access.Actor, employeeID int64, in COBRAInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.BenefitsAdmin, employeeID)
		if err != nil {
			return err
		}
		if !slices.Contains(COBRAEvents, in.Event) {
			return kit.Invalid("qualifying_event", "Choose termination, reduction_in_hours, death, divorce, medicare_entitlement or loss_of_dependent_status")
		}
		if in.QEDate.IsZero() {
			return kit.Invalid("qe_date", "Enter the date of the qualifying event")
		}
		if (in.Event == "divorce" || in.Event == "loss_of_dependent_status") && in.DependentID == 0 {
			return kit.Invalid("dependent_id", "Choose the dependent who loses coverage")
		}
		if id, err = s.startCOBRA(ctx, st, a, p, in); err != nil {
			return err
		}
		if id == 0 {
			return kit.Conflict("%s has no group health coverage on %s to continue", p.Name, in.QEDate)
		}
		return nil
	})
	return id, err
}

// KeyCOBRAAdministrator is the setting that says who administers COBRA:
// "employer" (default; the election notice is due 44 days after the
// event) or "third_party" (the employer notifies the administrator
// within 30 days, which sends the notice within 14 days after).
const KeyCOBRAAdministrator = "benefits.cobra_administrator"

// startCOBRA opens a case when the event ends group health coverage: the
// employee's (with the dependents covered) or one dependent's. It ends
// the coverage lost at the loss date, computes the deadlines with the
// rules engine and opens a task for each. Nothing happens without group
// health coverage in force on the event date.
func (s *Service) startCOBRA(ctx context.Context, st Store, a access.Actor, p Person, in COBRAInput) (int64, error) {
	cs, err := st.Coverages(ctx, p.EmployeeID, date.Date{}, nil, true)
	if err != nil {
		return 0, err
	}
	loss := in.LossDate
	if loss.IsZero() {
		loss = in.QEDate.FirstOfMonth().AddMonths(1).AddDays(-1)
	}
	c := COBRACase{EmployeeID: p.EmployeeID, EmployeeName: p.Name, DependentID: in.DependentID, Event: in.Event, QEDate: in.QEDate, LossDate: loss, Status: COBRANoticeDue, CreatedAt: s.clock.Now(), PlanIDs: []int64{}}
	deps, err := s.dependents(ctx, st, p.EmployeeID)
	if err != nil {
		return 0, err
	}
	name := func(id int64) string {
		for _, d := range deps {
			if d.ID == id {
				return d.Name()
			}
		}
		return ""
	}
	var dep *Dependent
	for i := range deps {
		if deps[i].ID == in.DependentID {
			dep = &deps[i]
		}
	}
	if in.DependentID != 0 && dep == nil {
		return 0, kit.Invalid("dependent_id", "Choose one of the employee's dependents")
	}
	bene := map[string]bool{}
	for _, cv := range cs {
		if !isHealth(cv.Type) || cv.COBRA || !cv.InForce(in.QEDate) {
			continue
		}
		if dep != nil {
			if !slices.Contains(cv.DependentIDs, dep.ID) {
				continue
			}
			bene[dep.Name()] = true
		} else {
			bene[p.Name] = true
			for _, id := range cv.DependentIDs {
				bene[name(id)] = true
			}
		}
		c.PlanIDs = append(c.PlanIDs, cv.PlanID)
		pl, err := st.GetBenefitPlan(ctx, cv.PlanID)
		if err != nil {
			return 0, err
		}
		tier := cv.Tier
		if dep != nil {
			tier = TierEmployee // the dependent continues alone
		}
		r, ok := pl.Rate(loss.AddDays(1).Year(), tier)
		if !ok {
			r = Rate{EmployeeCents: cv.EmployeeCents, EmployerCents: cv.EmployerCents}
		}
		c.PremiumCents += (r.EmployeeCents + r.EmployerCents) * 102 / 100
		// Employer-paid coverage ends at the loss of coverage (a dependent
		// alone leaves the employee's coverage, which continues).
		if dep == nil && (cv.To.IsZero() || cv.To.After(loss)) {
			if err := st.EndCoverage(ctx, cv.ID, loss, "COBRA qualifying event: "+in.Event); err != nil {
				return 0, err
			}
		}
	}
	if len(c.PlanIDs) == 0 {
		return 0, nil
	}
	for b := range bene {
		if b != "" {
			c.Beneficiaries = append(c.Beneficiaries, b)
		}
	}
	slices.Sort(c.Beneficiaries)
	set, err := s.ruleSettings(ctx)
	if err != nil {
		return 0, err
	}
	admin, _ := st.Setting(ctx, KeyCOBRAAdministrator)
	qb := "employee"
	if dep != nil {
		qb = "spouse"
		if dep.Relationship == Child {
			qb = "dependent_child"
		}
	}
	r, steps, err := rules.COBRADeadlines(rules.COBRAFacts{QualifyingEvent: in.Event, QEDate: in.QEDate, LossOfCoverageDate: loss, EmployerIsAdministrator: admin != "third_party",
		QualifiedBeneficiary: qb, RollForward: set.RollForward, InformedOfObligationDate: date.Date{}})
	if err != nil {
		return 0, err
	}
	c.EmployerNoticeDue, c.QBNoticeDue, c.ElectionNoticeDue, c.ElectionDeadline, c.InitialPremiumDue = r.EmployerNoticeDue, r.QBNoticeDue, r.ElectionNoticeDue, r.ElectionDeadline, r.InitialPremiumDue
	c.MaxMonths, c.CoverageEnd = r.MaxCoverageMonths, r.MaxCoverageEnd
	b, _ := json.Marshal(steps)
	c.Steps = string(b)
	if c.ID, err = st.InsertCOBRACase(ctx, c); err != nil {
		return 0, err
	}
	who := strings.Join(c.Beneficiaries, ", ")
	task := func(title, desc string, due date.Date, prio string) error {
		if due.IsZero() {
			return nil
		}
		_, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: title, Description: desc, Kind: "cobra", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID,
			ObjectType: "benefit_cobra", ObjectID: c.ID, DueOn: due, Priority: prio, Rule: "cobra-deadlines"}, s.clock.Now())
		return err
	}
	if admin == "third_party" {
		if err := task("COBRA: notify the plan administrator about "+p.Name, fmt.Sprintf("Tell the COBRA administrator about the %s on %s (29 CFR 2590.606-2).", strings.ReplaceAll(in.Event, "_", " "), in.QEDate), c.EmployerNoticeDue, "high"); err != nil {
			return 0, err
		}
	}
	if err := task("COBRA election notice: "+who, fmt.Sprintf("Send the COBRA election notice to %s, then record the date sent on the COBRA case (29 CFR 2590.606-4).", who), c.ElectionNoticeDue, "high"); err != nil {
		return 0, err
	}
	return c.ID, s.record(ctx, st, a, "benefits.cobra.start", "benefit_cobra", c.ID, fmt.Sprintf("COBRA for %s after %s on %s: election notice due %s, up to %d months", who, strings.ReplaceAll(in.Event, "_", " "), in.QEDate, c.ElectionNoticeDue, c.MaxMonths), nil, c)
}

// ruleSettings are the rules engine's company settings (the defaults
// without a source).
func (s *Service) ruleSettings(ctx context.Context) (rules.Settings, error) {
	if s.rules == nil {
		return rules.Settings{}, nil
	}
	return s.rules(ctx)
}

// generalNotice opens the COBRA general notice task for someone newly
// covered by a group health plan (due 90 days after coverage begins).
func (s *Service) generalNotice(ctx context.Context, st Store, a access.Actor, p Person, begins date.Date) error {
	set, err := s.ruleSettings(ctx)
	if err != nil {
		return err
	}
	r, _, err := rules.COBRADeadlines(rules.COBRAFacts{QualifyingEvent: "termination", QEDate: begins, CoverageBegins: begins, RollForward: set.RollForward})
	if err != nil {
		return err
	}
	_, err = work.CreateTx(ctx, st, a, work.NewTaskInput{Title: "COBRA general notice: " + p.Name, Description: fmt.Sprintf("Group health coverage begins on %s: give %s (and a covered spouse) the COBRA general notice by %s (29 CFR 2590.606-1).", begins, p.Name, r.GeneralNoticeDue),
		Kind: "cobra_general_notice", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "employee", ObjectID: p.EmployeeID, DueOn: r.GeneralNoticeDue, Rule: "cobra-deadlines"}, s.clock.Now())
	return err
}

// OnTermination starts COBRA when an employment ends (the people core's
// end hook, in the termination's transaction): the last day is the
// qualifying event; group health coverage ends at the end of that month.
func OnTermination(ctx context.Context, s *Service, st Store, employeeID int64, lastDay date.Date) error {
	p, err := st.BenefitPerson(ctx, employeeID)
	if err != nil {
		return err
	}
	// Coverage elected for after the last day (next year's open
	// enrollment) never starts.
	cs, err := st.Coverages(ctx, employeeID, date.Date{}, nil, true)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if !c.COBRA && c.From.After(lastDay) {
			if err := st.DeleteCoverage(ctx, c.ID); err != nil {
				return err
			}
		}
	}
	if _, err := s.startCOBRA(ctx, st, access.System, p, COBRAInput{Event: "termination", QEDate: lastDay}); err != nil {
		return err
	}
	// Other coverage (life, disability, spending accounts, 401(k)) ends
	// with the employment.
	if cs, err = st.Coverages(ctx, employeeID, date.Date{}, nil, true); err != nil {
		return err
	}
	for _, c := range cs {
		if !isHealth(c.Type) && !c.COBRA && (c.To.IsZero() || c.To.After(lastDay)) {
			if err := st.EndCoverage(ctx, c.ID, lastDay, "employment ended"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Store returns the service's store (the app wires hooks with it).
func (s *Service) Store() Store { return s.store }

// COBRACases lists COBRA cases in the actor's benefits.admin scope.
func (s *Service) COBRACases(ctx context.Context, a access.Actor) ([]COBRACase, error) {
	paths, whole := access.ScopePaths(a, access.BenefitsAdmin)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	cs, err := s.store.COBRACases(ctx, 0, paths, whole)
	for i := range cs {
		s.expire(&cs[i])
	}
	return cs, err
}

// expire shows a case whose election period passed without an election.
func (s *Service) expire(c *COBRACase) {
	if (c.Status == COBRAPending || c.Status == COBRANoticeDue) && !c.ElectionDeadline.IsZero() && s.today().After(c.ElectionDeadline) {
		c.Status = COBRAExpired
	}
}

// COBRACase returns a case. Requires benefits.admin over the employee.
func (s *Service) COBRACase(ctx context.Context, a access.Actor, id int64) (COBRACase, error) {
	c, err := s.store.GetCOBRACase(ctx, id)
	if err != nil {
		return c, err
	}
	if _, err := s.person(ctx, s.store, a, access.BenefitsAdmin, c.EmployeeID); err != nil {
		return c, err
	}
	s.expire(&c)
	return c, nil
}

// COBRAUpdate records a step of a case: "notice_sent" (the election
// notice went out on On; the election deadline is recomputed from it),
// "elected" (continuation coverage starts the day after the loss of
// coverage, to the maximum period's end, paid by the beneficiary), or
// "declined". Requires benefits.admin. Errors: KindForbidden,
// KindNotFound, KindInvalid, KindConflict.
func (s *Service) COBRAUpdate(ctx context.Context, a access.Actor, id int64, step string, on date.Date) (COBRACase, error) {
	var c COBRACase
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if c, err = st.GetCOBRACase(ctx, id); err != nil {
			return err
		}
		p, err := s.person(ctx, st, a, access.BenefitsAdmin, c.EmployeeID)
		if err != nil {
			return err
		}
		if on.IsZero() || on.After(s.today()) {
			return kit.Invalid("on", "Enter the date, on or before today")
		}
		s.expire(&c)
		set, err := s.ruleSettings(ctx)
		if err != nil {
			return err
		}
		admin, _ := st.Setting(ctx, KeyCOBRAAdministrator)
		facts := rules.COBRAFacts{QualifyingEvent: c.Event, QEDate: c.QEDate, LossOfCoverageDate: c.LossDate, EmployerIsAdministrator: admin != "third_party", RollForward: set.RollForward}
		switch step {
		case "notice_sent":
			if c.Status != COBRANoticeDue {
				return kit.Conflict("the election notice was already recorded")
			}
			facts.ElectionNoticeProvided = on
			r, steps, err := rules.COBRADeadlines(facts)
			if err != nil {
				return err
			}
			c.NoticeSent, c.ElectionDeadline, c.Status = on, r.ElectionDeadline, COBRAPending
			b, _ := json.Marshal(steps)
			c.Steps = string(b)
			if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: "COBRA election deadline: " + strings.Join(c.Beneficiaries, ", "), Description: "Record the election or the waiver; without an election by the deadline, the right lapses.",
				Kind: "cobra", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "benefit_cobra", ObjectID: c.ID, DueOn: c.ElectionDeadline, Rule: "cobra-deadlines"}, s.clock.Now()); err != nil {
				return err
			}
		case "elected":
			if c.Status != COBRAPending && c.Status != COBRANoticeDue {
				return kit.Conflict("the case is %s: an election is recorded within the election period", strings.ReplaceAll(c.Status, "_", " "))
			}
			if !c.ElectionDeadline.IsZero() && on.After(c.ElectionDeadline) {
				return kit.Invalid("on", fmt.Sprintf("The election period ended on %s", c.ElectionDeadline))
			}
			facts.ElectionNoticeProvided, facts.ElectionDate = c.NoticeSent, on
			r, steps, err := rules.COBRADeadlines(facts)
			if err != nil {
				return err
			}
			c.ElectedOn, c.InitialPremiumDue, c.Status = on, r.InitialPremiumDue, COBRAElected
			b, _ := json.Marshal(steps)
			c.Steps = string(b)
			cs, err := st.Coverages(ctx, c.EmployeeID, date.Date{}, nil, true)
			if err != nil {
				return err
			}
			for _, cv := range cs {
				if !slices.Contains(c.PlanIDs, cv.PlanID) || cv.COBRA || !cv.InForce(c.QEDate) {
					continue
				}
				deps, tier := cv.DependentIDs, cv.Tier
				if c.DependentID != 0 {
					deps, tier = []int64{c.DependentID}, TierEmployee
				}
				pl, err := st.GetBenefitPlan(ctx, cv.PlanID)
				if err != nil {
					return err
				}
				r, ok := pl.Rate(c.LossDate.AddDays(1).Year(), tier)
				if !ok {
					r = Rate{EmployeeCents: cv.EmployeeCents, EmployerCents: cv.EmployerCents}
				}
				if _, err := st.InsertCoverage(ctx, Coverage{EmployeeID: c.EmployeeID, PlanID: cv.PlanID, Type: cv.Type, Tier: tier, DependentIDs: deps,
					EmployeeCents: (r.EmployeeCents + r.EmployerCents) * 102 / 100, From: c.LossDate.AddDays(1), To: c.CoverageEnd, COBRA: true, CreatedAt: s.clock.Now()}); err != nil {
					return err
				}
			}
			if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: "COBRA initial premium due: " + strings.Join(c.Beneficiaries, ", "), Description: "The first premium is due 45 days after the election (29 U.S.C. 1162(3)); later premiums have a 30-day grace period.",
				Kind: "cobra", QueueKey: "benefits", EmployeeID: p.EmployeeID, OrgUnitID: p.OrgUnitID, ObjectType: "benefit_cobra", ObjectID: c.ID, DueOn: c.InitialPremiumDue, Rule: "cobra-deadlines"}, s.clock.Now()); err != nil {
				return err
			}
		case "declined":
			if c.Status != COBRAPending && c.Status != COBRANoticeDue {
				return kit.Conflict("the case is %s", strings.ReplaceAll(c.Status, "_", " "))
			}
			c.Status = COBRADeclined
		default:
			return kit.Invalid("step", "Choose notice_sent, elected or declined")
		}
		if err := st.UpdateCOBRACase(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.cobra."+step, "benefit_cobra", c.ID, fmt.Sprintf("COBRA for %s: %s on %s", strings.Join(c.Beneficiaries, ", "), strings.ReplaceAll(step, "_", " "), on), nil, c)
	})
	return c, err
}
