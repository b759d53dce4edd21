package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/work"
)

// ER history: about 6 cases per 100 employees a year across categories,
// with a planted spike in Customer Support over the last three complete
// months (the trends page's detector flags it), anonymous reports,
// investigations with findings, discipline records including a PIP, a
// legal hold, and a few open cases for the personas' queues.

const erRate = 0.06 // cases per employee per year

var erCategories = []weight{
	{"conflict", 25}, {"performance", 20}, {"policy_violation", 14}, {"attendance", 15}, {"harassment", 8},
	{"discrimination", 4}, {"retaliation", 2}, {"safety", 6}, {"ethics", 3}, {"other", 3},
}

var erChannels = []weight{{relations.ChannelHR, 45}, {relations.ChannelSelf, 25}, {relations.ChannelReferral, 20}, {relations.ChannelAnonymous, 10}}

var erTitles = map[string][]string{
	"conflict":         {"Dispute over shift swaps", "Tension between two team members", "Argument during a stand-up", "Disagreement over workload split"},
	"performance":      {"Missed targets two quarters running", "Quality errors on orders", "Deadlines missed on a project", "Low call resolution rate"},
	"policy_violation": {"Expense policy not followed", "Confidential data shared outside the team", "Time records edited", "Company card used for personal purchases"},
	"attendance":       {"Repeated late starts", "No-call no-show", "Pattern of Monday absences", "Extended breaks"},
	"harassment":       {"Unwelcome comments about appearance", "Offensive messages in team chat", "Repeated unwanted invitations", "Intimidating behaviour in meetings"},
	"discrimination":   {"Concern about promotion decision", "Remarks about age in a review", "Schedule denied after disclosing pregnancy"},
	"retaliation":      {"Shifts cut after raising a complaint", "Excluded from meetings after a report"},
	"safety":           {"Blocked fire exit", "Forklift near-miss", "Unsafe ladder use in the warehouse", "Missing guard on a conveyor"},
	"ethics":           {"Supplier gift not declared", "Possible conflict of interest with a vendor", "Expense padding reported"},
	"other":            {"Parking dispute", "Concern about a team outing"},
}

var erDesc = map[string]string{
	"conflict":         "Two colleagues disagree and it is affecting the team. HR met both and is looking for an agreement both can keep.",
	"performance":      "The line manager raised sustained performance gaps with specific examples and dates, after informal coaching.",
	"policy_violation": "A possible breach of company policy was reported with supporting records.",
	"attendance":       "Timekeeping records show a pattern over several weeks; the line manager has spoken informally already.",
	"harassment":       "A report of unwelcome conduct towards a colleague, with dates, what was said and who saw it.",
	"discrimination":   "A concern that a decision was influenced by a protected characteristic.",
	"retaliation":      "A concern that treatment changed after the employee raised a complaint.",
	"safety":           "A safety hazard was reported at the site; facilities were informed the same day.",
	"ethics":           "A concern about business conduct was raised; records are being gathered.",
	"other":            "A workplace concern that does not fit the other categories.",
}

type erWriter struct {
	g      *gen
	rs     relations.Store
	sealer *kit.Sealer
	users  [numPersonas]int64
	n      int
}

func (w *erWriter) seal(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	return w.sealer.Seal([]byte(s))
}

func (w *erWriter) sealJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return w.sealer.Seal(b)
}

// writeRelations stores the ER history; it returns the number of cases.
func (g *gen) writeRelations(ctx context.Context, rs relations.Store, sealer *kit.Sealer, users [numPersonas]int64) (int, error) {
	if sealer == nil {
		return 0, nil
	}
	w := &erWriter{g: g, rs: rs, sealer: sealer, users: users}
	// Everyone who can be a subject: active, not an HR persona.
	var pool []*person
	support := 0
	for _, p := range g.active {
		if p.persona >= 0 && p.persona != pEmployee && p.persona != pLead {
			continue
		}
		pool = append(pool, p)
		if p.unit.dept.key == "support" {
			support++
		}
	}
	if len(pool) < 10 {
		return 0, nil
	}
	this := g.today.FirstOfMonth()
	spikeFrom, spikeTo := this.AddMonths(-3), this.AddDays(-1)
	perMonth := float64(len(g.active)) * erRate / 12
	carry := 0.0
	for m := g.window.FirstOfMonth(); !m.After(this); m = m.AddMonths(1) {
		carry += perMonth
		n := int(carry)
		carry -= float64(n)
		for i := 0; i < n; i++ {
			end := m.AddMonths(1).AddDays(-1)
			if end.After(g.today) {
				end = g.today
			}
			subject := pool[g.rng.IntN(len(pool))]
			if err := w.historic(ctx, pool, subject, g.pick(erCategories), g.between(m, end)); err != nil {
				return w.n, err
			}
		}
	}
	// The spike: Customer Support's cases run well above its own rate and
	// the company's in the last three complete months.
	expected := float64(support) * erRate / 4
	extra := int(math.Max(6, math.Ceil(0.8*expected)))
	var team []*person
	for _, p := range pool {
		if p.unit.dept.key == "support" && p.persona < 0 {
			team = append(team, p)
		}
	}
	for i := 0; i < extra && len(team) > 0; i++ {
		cat := []string{"conflict", "harassment", "conflict", "retaliation", "policy_violation"}[i%5]
		if err := w.historic(ctx, pool, team[g.rng.IntN(len(team))], cat, g.between(spikeFrom, spikeTo)); err != nil {
			return w.n, err
		}
	}
	if err := w.scripted(ctx, pool); err != nil {
		return w.n, err
	}
	return w.n, w.trainings(ctx)
}

// trainings records sessions given to line managers: a harassment
// prevention round 26 months ago (due again now), a smaller one three
// months ago, and difficult conversations five months ago.
func (w *erWriter) trainings(ctx context.Context) error {
	g := w.g
	var managers []*person
	for _, p := range g.active {
		if len(p.reports) > 0 && p.hire.Before(g.today.AddMonths(-27)) {
			managers = append(managers, p)
		}
	}
	if len(managers) == 0 {
		return nil
	}
	for _, s := range []struct {
		topic, title, trainer string
		ago, hours            int
		share                 float64
	}{
		{"harassment_prevention", "Harassment prevention for supervisors", "Dana Whitfield, Whitfield Employment Law", 26, 2, 0.8},
		{"difficult_conversations", "Difficult conversations and documenting them", "Hannah Kim", 5, 3, 0.45},
		{"harassment_prevention", "Harassment prevention for supervisors (refresher)", "Dana Whitfield, Whitfield Employment Law", 3, 2, 0.35},
	} {
		t := relations.Training{Topic: s.topic, Title: s.title, HeldOn: g.today.AddMonths(-s.ago).FirstOfMonth().AddDays(9), Trainer: s.trainer, Hours: s.hours,
			CreatedBy: w.users[pSeniorGeneralist], CreatedAt: g.today.AddMonths(-s.ago).FirstOfMonth().AddDays(10).Time().Add(9 * time.Hour)}
		for _, m := range managers {
			if m.persona == pLead && s.ago < 26 {
				continue // Jordan is due for the refresher
			}
			if !g.chance(s.share) && m.persona != pLead {
				continue
			}
			attended := g.chance(0.9) || m.persona == pLead
			t.Attendees = append(t.Attendees, relations.Attendee{EmployeeID: m.id, Attended: attended})
		}
		if len(t.Attendees) == 0 {
			continue
		}
		if _, err := w.rs.InsertTraining(ctx, t); err != nil {
			return fmt.Errorf("training: %w", err)
		}
	}
	return nil
}

// historic writes one case of the history, closed when old enough.
func (w *erWriter) historic(ctx context.Context, pool []*person, subject *person, cat string, reported date.Date) error {
	g := w.g
	channel := g.pick(erChannels)
	escalated := slices.Contains(relations.DefaultEscalated, cat)
	dept := subject.unit.dept.key
	owner := w.users[requester(dept)]
	if escalated {
		owner = w.users[decider(dept)]
	}
	severity := "medium"
	switch {
	case escalated:
		severity = "high"
	case g.chance(0.3):
		severity = "low"
	}
	titles := erTitles[cat]
	c := relations.Case{Category: cat, Severity: severity, Status: relations.StatusOpen, Channel: channel, Title: titles[g.rng.IntN(len(titles))],
		Description: erDesc[cat], OrgUnitID: subject.unit.id, LocationID: subject.loc.id, OccurredOn: reported.AddDays(-g.rng.IntN(10)),
		ReportedOn: reported, OwnerUserID: owner, Escalated: escalated, OpenedAt: reported.Time().Add(14 * time.Hour), Version: 1}
	if c.OccurredOn.Before(g.window) {
		c.OccurredOn = reported
	}
	age := reported.DaysUntil(g.today)
	investigated := escalated || g.chance(0.35)
	closed := age > 45 && (age > 120 || g.chance(0.7))
	var witness *person
	if ms := subject.unit.members; len(ms) > 1 {
		for range 3 {
			if x := ms[g.rng.IntN(len(ms))]; x != subject {
				witness = x
				break
			}
		}
	}
	if investigated {
		c.Status = relations.StatusInvestigating
		c.Plan = relations.Plan{Scope: "What happened between " + c.OccurredOn.Format("Jan 2") + " and the report.", Questions: []string{"What was said or done, and when?", "Who else saw it?"}}
		if witness != nil {
			c.Plan.Witnesses = []string{witness.name()}
		}
		c.PlanStatus = relations.StepApproved
	}
	var findings []string
	if closed {
		c.Status = relations.StatusClosed
		c.ClosedOn = reported.AddDays(4 + g.rng.IntN(min(age-1, 55)))
		c.ClosedAt = c.ClosedOn.Time().Add(17 * time.Hour)
		c.Outcome = relations.Outcome{Kind: "no_action", Reasons: "No further action needed after the review."}
		if investigated {
			n := 1 + g.rng.IntN(2)
			for range n {
				findings = append(findings, g.pick([]weight{{"substantiated", 45}, {"not_substantiated", 35}, {"inconclusive", 20}}))
			}
			c.FindingsStatus = relations.StepApproved
			c.Findings = "The investigation weighed the interviews and records; findings per allegation below."
			if slices.Contains(findings, "substantiated") {
				c.Outcome = relations.Outcome{Kind: g.pick([]weight{{"coaching", 25}, {"verbal_warning", 25}, {"written_warning", 30}, {"final_warning", 15}, {"pip", 5}}),
					EmployeeID: subject.id, Reasons: "The conduct was substantiated; the step follows the discipline ladder."}
			}
		} else if cat == "conflict" {
			c.Outcome = relations.Outcome{Kind: "mediation_agreement", Reasons: "Both agreed how to work together; HR checks in after a month."}
		} else if cat == "performance" || cat == "attendance" {
			c.Outcome = relations.Outcome{Kind: g.pick([]weight{{"coaching", 50}, {"verbal_warning", 35}, {"written_warning", 15}}), EmployeeID: subject.id,
				Reasons: "The facts were clear; the line manager and HR held the conversation."}
		}
		c.OutcomeStatus = relations.StepApproved
		c.Outcome.DecidedBy = "HR"
		c.Resolution = "Closed after " + relations.Label(c.Outcome.Kind) + "; the parties were told the outcome that concerns them."
	}
	var reporter *person
	switch channel {
	case relations.ChannelSelf:
		if witness != nil {
			reporter = witness
		}
	case relations.ChannelReferral:
		reporter = subject.mgr
	}
	if reporter != nil && reporter.persona >= 0 {
		c.ReporterUserID = w.users[reporter.persona]
	}
	id, err := w.insertCase(ctx, c, channel == relations.ChannelAnonymous)
	if err != nil {
		return err
	}
	sub, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: subject.id, Role: "subject", AddedAt: c.OpenedAt}, nil)
	if err != nil {
		return err
	}
	if reporter != nil {
		if _, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: reporter.id, Role: "reporter", AddedAt: c.OpenedAt}, nil); err != nil {
			return err
		}
	}
	if escalated {
		if err := w.rs.SetMember(ctx, relations.Member{CaseID: id, UserID: w.users[requester(dept)], Role: relations.MemberAssistant, AddedAt: c.OpenedAt}); err != nil {
			return err
		}
	}
	if err := w.entry(ctx, id, "note", reported, "Intake: "+erDesc[cat], owner, ""); err != nil {
		return err
	}
	if investigated && witness != nil && (closed || g.chance(0.5)) {
		wp, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: witness.id, Role: "witness", AddedAt: c.OpenedAt}, nil)
		if err != nil {
			return err
		}
		body, err := w.seal("Interviewed " + witness.name() + ": described what they saw and when; confirmed the timeline.")
		if err != nil {
			return err
		}
		on := reported.AddDays(2)
		if on.After(g.today) {
			on = g.today
		}
		ack := "acknowledged"
		if !closed {
			ack = "pending"
		}
		eid, err := w.rs.InsertEntry(ctx, relations.SealedEntry{Entry: relations.Entry{CaseID: id, Kind: "interview", OccurredOn: on, PartyID: wp, AckStatus: ack, CreatedBy: owner, CreatedAt: on.Time().Add(15 * time.Hour)}, BodyS: body})
		if err != nil {
			return err
		}
		if ack == "acknowledged" {
			if err := w.rs.AcknowledgeEntry(ctx, eid, ack, nil, on.AddDays(1).Time().Add(10*time.Hour)); err != nil {
				return err
			}
		}
	}
	if investigated {
		allegs := max(1, len(findings))
		for i := range allegs {
			text, err := w.seal(fmt.Sprintf("Allegation %d: %s.", i+1, titles[(i+1)%len(titles)]))
			if err != nil {
				return err
			}
			aid, err := w.rs.InsertAllegation(ctx, relations.SealedAllegation{Allegation: relations.Allegation{CaseID: id, Position: i + 1, SubjectID: sub}, TextS: text})
			if err != nil {
				return err
			}
			if i < len(findings) {
				r, err := w.seal("Weighed the interviews and records: " + relations.Label(findings[i]) + ".")
				if err != nil {
					return err
				}
				if err := w.rs.SetFinding(ctx, id, aid, findings[i], r, c.ClosedAt.Add(-24*time.Hour)); err != nil {
					return err
				}
			}
		}
	}
	if closed && slices.Contains(relations.Levels, c.Outcome.Kind) {
		if err := w.discipline(ctx, subject, id, c.Outcome.Kind, c.ClosedOn, owner); err != nil {
			return err
		}
	}
	return nil
}

func (w *erWriter) insertCase(ctx context.Context, c relations.Case, anonymous bool) (int64, error) {
	sc := relations.SealedCase{Case: c}
	var err error
	if sc.TitleS, err = w.seal(c.Title); err != nil {
		return 0, err
	}
	if sc.DescriptionS, err = w.seal(c.Description); err != nil {
		return 0, err
	}
	if anonymous {
		// The code was shown once to a reporter who does not exist: only
		// its hash is kept, as for a real report.
		sum := sha256.Sum256(fmt.Appendf(nil, "demo-er-%d-%d", w.g.rng.Uint64(), w.n))
		sc.FollowUpHash = hex.EncodeToString(sum[:])
	}
	if !c.Plan.Empty() {
		if sc.PlanS, err = w.sealJSON(c.Plan); err != nil {
			return 0, err
		}
	}
	id, err := w.rs.InsertCase(ctx, sc)
	if err != nil {
		return 0, fmt.Errorf("er case: %w", err)
	}
	sc.ID = id
	if sc.FindingsS, err = w.seal(c.Findings); err != nil {
		return 0, err
	}
	if sc.ResolutionS, err = w.seal(c.Resolution); err != nil {
		return 0, err
	}
	if c.Outcome.Kind != "" {
		if sc.OutcomeS, err = w.sealJSON(c.Outcome); err != nil {
			return 0, err
		}
	}
	sc.UpdatedAt = c.OpenedAt
	if !c.ClosedAt.IsZero() {
		sc.UpdatedAt = c.ClosedAt
	}
	if err := w.rs.UpdateCase(ctx, sc); err != nil {
		return 0, err
	}
	w.n++
	return id, nil
}

func (w *erWriter) entry(ctx context.Context, caseID int64, kind string, on date.Date, text string, by int64, _ string) error {
	body, err := w.seal(text)
	if err != nil {
		return err
	}
	_, err = w.rs.InsertEntry(ctx, relations.SealedEntry{Entry: relations.Entry{CaseID: caseID, Kind: kind, OccurredOn: on, CreatedBy: by, CreatedAt: on.Time().Add(16 * time.Hour)}, BodyS: body})
	return err
}

func (w *erWriter) discipline(ctx context.Context, p *person, caseID int64, level string, on date.Date, by int64) error {
	d := relations.DisciplineDetails{Summary: "Following ER case " + relations.CaseNumber(caseID) + ": the conduct described in the findings.",
		Expectations: "Meet the standard in the policy from today.",
		Consequences: "Further incidents may lead to further discipline, up to and including termination of employment."}
	rec := relations.SealedDiscipline{Discipline: relations.Discipline{EmployeeID: p.id, CaseID: caseID, Level: level, IssuedOn: on, AckStatus: "acknowledged",
		AckAt: on.AddDays(1).Time().Add(11 * time.Hour), IssuedBy: by, CreatedAt: on.Time().Add(16 * time.Hour)}}
	if w.g.chance(0.1) {
		rec.AckStatus, d.RefusalWitness = "refused", "The line manager"
	}
	if level == "pip" {
		rec.PIPEnd = on.AddDays(60)
		d.Goals = []string{"Resolve 80% of contacts on first touch", "No quality escalations"}
		d.CheckIns = []relations.CheckIn{{On: on.AddDays(14), Note: "Progress on both goals.", OnPace: true, By: "HR"}}
		if rec.PIPEnd.Before(w.g.today) {
			rec.PIPOutcome, d.OutcomeNote = "successful", "Both goals met."
		}
	}
	var err error
	if rec.DetailsS, err = w.sealJSON(d); err != nil {
		return err
	}
	_, err = w.rs.InsertDiscipline(ctx, rec)
	return err
}

// scripted writes the cases the personas' pages tell a story with.
func (w *erWriter) scripted(ctx context.Context, pool []*person) error {
	g := w.g
	emp, lead := g.persona[pEmployee], g.persona[pLead]
	if emp == nil || lead == nil {
		return nil
	}
	// Taylor raised a concern about a colleague on the team; HR replied.
	var colleague *person
	for _, p := range lead.reports {
		if p != emp && p.persona < 0 {
			colleague = p
			break
		}
	}
	if colleague == nil {
		return nil
	}
	on := g.today.AddDays(-9)
	c := relations.Case{Category: "conflict", Severity: "medium", Status: relations.StatusOpen, Channel: relations.ChannelSelf, Title: "Credit taken for my escalations",
		Description: "A teammate keeps closing my escalated tickets under their name after I have done the work.", OrgUnitID: colleague.unit.id, LocationID: colleague.loc.id,
		OccurredOn: on.AddDays(-3), ReportedOn: on, OwnerUserID: w.users[pSupportGeneralist], ReporterUserID: w.users[pEmployee], OpenedAt: on.Time().Add(15 * time.Hour), Version: 1}
	id, err := w.insertCase(ctx, c, false)
	if err != nil {
		return err
	}
	for _, x := range []struct {
		p    *person
		role string
	}{{emp, "reporter"}, {colleague, "subject"}} {
		if _, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: x.p.id, Role: x.role, AddedAt: c.OpenedAt}, nil); err != nil {
			return err
		}
	}
	if err := w.entry(ctx, id, "reply", on.AddDays(1), "Thank you for raising this. I will meet you on Thursday and then talk with your teammate.", w.users[pSupportGeneralist], ""); err != nil {
		return err
	}
	if err := w.entry(ctx, id, "meeting", on.AddDays(3), "Met Taylor: three tickets since October show the pattern. Next: meet the teammate, then a joint conversation.", w.users[pSupportGeneralist], ""); err != nil {
		return err
	}
	// A PIP in progress on Jordan's team.
	d := relations.DisciplineDetails{Summary: "Customer satisfaction scores have been below the team standard for two quarters despite coaching.",
		Expectations: "Reach the team standard on CSAT and first-contact resolution.", Goals: []string{"CSAT of 4.3 or more each week", "First-contact resolution of 70% or more", "Complete the de-escalation course"},
		Consequences: "If the goals are not met by the end of the plan, employment may be terminated.",
		CheckIns:     []relations.CheckIn{{On: g.today.AddDays(-20), Note: "CSAT 4.1, FCR 66%; course booked.", OnPace: false, By: "Jordan Alvarez"}, {On: g.today.AddDays(-6), Note: "CSAT 4.4, FCR 71%.", OnPace: true, By: "Jordan Alvarez"}}}
	sealed, err := w.sealJSON(d)
	if err != nil {
		return err
	}
	issued := g.today.AddDays(-34)
	if _, err := w.rs.InsertDiscipline(ctx, relations.SealedDiscipline{Discipline: relations.Discipline{EmployeeID: colleague.id, Level: "pip", IssuedOn: issued, PIPEnd: issued.AddDays(60),
		AckStatus: "acknowledged", AckAt: issued.AddDays(1).Time().Add(10 * time.Hour), IssuedBy: w.users[pSupportGeneralist], CreatedAt: issued.Time().Add(15 * time.Hour)}, DetailsS: sealed}); err != nil {
		return err
	}
	// A serious case waiting for the HR manager to approve its plan.
	var mk *person
	for _, p := range pool {
		// An individual contributor whose manager is in Marketing too.
		if p.unit.dept.key == "marketing" && p.persona < 0 && p.height == 0 && p.mgr != nil && p.mgr.unit.dept.key == "marketing" {
			mk = p
			break
		}
	}
	if mk != nil && mk.mgr != nil {
		on := g.today // this month: the spike detector reads complete months only
		c := relations.Case{Category: "discrimination", Severity: "high", Status: relations.StatusInvestigating, Channel: relations.ChannelHR, Title: "Concern about a promotion decision",
			Description: "An employee believes they were passed over for promotion after returning from parental leave.", OrgUnitID: mk.unit.id, LocationID: mk.loc.id,
			OccurredOn: on.AddDays(-12), ReportedOn: on, OwnerUserID: w.users[pManager], Escalated: true, OpenedAt: on.Time().Add(11 * time.Hour), Version: 1,
			Plan: relations.Plan{Scope: "The promotion round of this quarter in Marketing.", Questions: []string{"What criteria were used?", "Who decided, and on what evidence?"},
				Witnesses: []string{"The hiring panel"}, Evidence: []string{"The panel's scorecards", "Promotion criteria"}}, PlanStatus: relations.StepPending}
		id, err := w.insertCase(ctx, c, false)
		if err != nil {
			return err
		}
		sub, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: mk.mgr.id, Role: "subject", AddedAt: c.OpenedAt}, nil)
		if err != nil {
			return err
		}
		if _, err := w.rs.InsertParty(ctx, relations.Party{CaseID: id, EmployeeID: mk.id, Role: "reporter", AddedAt: c.OpenedAt}, nil); err != nil {
			return err
		}
		if err := w.rs.SetMember(ctx, relations.Member{CaseID: id, UserID: w.users[pGeneralist], Role: relations.MemberAssistant, AddedAt: c.OpenedAt}); err != nil {
			return err
		}
		text, _ := w.seal("Promotion was decided on criteria other than performance, after parental leave.")
		if _, err := w.rs.InsertAllegation(ctx, relations.SealedAllegation{Allegation: relations.Allegation{CaseID: id, Position: 1, SubjectID: sub}, TextS: text}); err != nil {
			return err
		}
		ap := work.Approval{Kind: "er_plan", ObjectType: "er_case", ObjectID: id, Title: relations.CaseNumber(id) + ": investigation plan", Summary: "Confidential: open the case to read it.",
			ScopeOrgUnitID: mk.unit.id, Steps: work.StepsOf(work.ApproverHRManager), Status: work.StatusPending, Step: 1, RequestedBy: w.users[pManager], CreatedAt: on.Time().Add(12 * time.Hour)}
		apID, err := w.rs.InsertApproval(ctx, ap)
		if err != nil {
			return err
		}
		sc, err := w.rs.GetCase(ctx, id)
		if err != nil {
			return err
		}
		sc.PlanApproval = apID
		if err := w.rs.UpdateCase(ctx, sc); err != nil {
			return err
		}
	}
	// A legal hold on the oldest closed discrimination or retaliation case.
	all, err := w.rs.ListCases(ctx, relations.CaseFilter{Status: relations.StatusClosed, Limit: 2000}, relations.Visibility{Whole: true, DirectorWhole: true})
	if err != nil {
		return err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Category == "discrimination" || all[i].Category == "retaliation" {
			all[i].Hold, all[i].HoldReason, all[i].HoldAt = true, "EEOC charge filed; preserve everything", g.today.AddDays(-30).Time().Add(9*time.Hour)
			return w.rs.UpdateCase(ctx, all[i])
		}
	}
	return nil
}
