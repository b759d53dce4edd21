package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/work"
)

// Careers: the reference HR ladders, competencies and certifications; a
// customer support ladder and a warehouse ladder whose forklift jobs
// require the forklift evaluation; key roles with candidates; HR staff's
// certifications (some expiring) with credit logs; forklift operators'
// evaluations (some missing, expired or expiring); assessments; and the
// generalist's development plan.

var demoCompetencies = []careers.Competency{
	{Name: "Customer empathy", Kind: careers.Behaviour, Category: "Customer support", Description: "Understands the customer's situation and responds with care.", Levels: [5]string{
		"Polite and patient with customers.", "Acknowledges the customer's problem and keeps them informed.", "Calms upset customers and turns complaints around.", "Handles the most difficult escalations; coaches others.", "Shapes the company's customer experience."}},
	{Name: "Product knowledge", Kind: careers.Skill, Category: "Customer support", Description: "Knows the products, plans and policies customers ask about.", Levels: [5]string{
		"Knows the main products.", "Answers common questions without help.", "Answers nearly every question; knows the edge cases.", "Writes the help articles others use.", "The go-to expert for product and engineering teams."}},
	{Name: "Troubleshooting", Kind: careers.Skill, Category: "Customer support", Description: "Finds and fixes the cause of a customer's problem.", Levels: [5]string{
		"Follows scripts.", "Solves common issues alone.", "Diagnoses unusual issues and reproduces bugs for engineering.", "Solves issues no one else could; improves the playbooks.", "Designs the support tooling and diagnostics."}},
	{Name: "Safe equipment operation", Kind: careers.Skill, Category: "Warehouse", Description: "Operates warehouse equipment safely (OSHA 29 CFR 1910.178).", Levels: [5]string{
		"Works safely around equipment.", "Operates equipment under supervision.", "Operates all equipment safely without supervision.", "Trains and evaluates other operators.", "Runs the site's equipment safety programme."}},
}

var demoLadders = []struct {
	name, family, track string
	rungs               []string
	months              []int
	reqs                [][]struct {
		comp  string
		level int
	}
}{
	{"Customer support track", "Customer Support", careers.Individual, []string{"Customer Support Specialist I", "Customer Support Specialist II", "Support Quality Analyst"}, []int{18, 24, 0}, nil},
	{"Support management track", "Customer Support", careers.Management, []string{"Support Team Lead", "Customer Support Manager", "Director of Customer Support"}, []int{30, 36, 0}, nil},
	{"Warehouse track", "Operations", careers.Individual, []string{"Warehouse Associate", "Forklift Operator", "Warehouse Lead"}, []int{12, 24, 0}, nil},
}

// supportLevels are the support rungs' requirements: customer empathy,
// product knowledge, troubleshooting, interpersonal communication,
// problem-solving, leadership.
var supportLevels = map[string][6]int{
	"Customer Support Specialist I":  {2, 2, 2, 2, 2, 0},
	"Customer Support Specialist II": {3, 3, 3, 3, 3, 1},
	"Support Quality Analyst":        {4, 4, 4, 3, 4, 2},
	"Support Team Lead":              {4, 3, 3, 4, 3, 3},
	"Customer Support Manager":       {4, 3, 3, 4, 4, 4},
	"Director of Customer Support":   {4, 3, 3, 5, 4, 4},
	"Warehouse Associate":            {0, 0, 0, 2, 2, 0},
	"Forklift Operator":              {0, 0, 0, 2, 2, 0},
	"Warehouse Lead":                 {0, 0, 0, 3, 3, 2},
}

func (g *gen) writeCareers(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) error {
	px, ok := ts.(interface {
		Careers() careers.ReferenceStore
	})
	if !ok {
		return nil
	}
	st := px.Careers()
	created := g.today.AddDays(-200).Time().Add(9 * time.Hour)
	if err := careers.InstallReference(ctx, st, created); err != nil {
		return err
	}
	comps, err := st.Competencies(ctx)
	if err != nil {
		return err
	}
	compID := map[string]int64{}
	for _, c := range comps {
		compID[c.Name] = c.ID
	}
	for _, c := range demoCompetencies {
		c.Active, c.UpdatedAt = true, created
		if compID[c.Name], err = st.SaveCompetency(ctx, c); err != nil {
			return err
		}
	}
	certs, err := st.Certifications(ctx, g.today)
	if err != nil {
		return err
	}
	certID := map[string]int64{}
	for _, c := range certs {
		certID[c.Abbreviation] = c.ID
	}
	jobID := func(title string) int64 {
		if j := g.jobs[title]; j != nil {
			return j.id
		}
		return 0
	}
	for _, l := range demoLadders {
		ld := careers.Ladder{Name: l.name, Family: l.family, Track: l.track, UpdatedAt: created}
		for i, t := range l.rungs {
			ld.Rungs = append(ld.Rungs, careers.Rung{Position: i + 1, JobID: jobID(t), TypicalMonths: l.months[i]})
		}
		if _, err := st.SaveLadder(ctx, ld); err != nil {
			return fmt.Errorf("ladder %s: %w", l.name, err)
		}
	}
	names := []string{"Customer empathy", "Product knowledge", "Troubleshooting", "Interpersonal communication", "Problem-solving", "Leadership and people management"}
	for title, lv := range supportLevels {
		var rs []careers.Requirement
		for i, n := range names {
			if lv[i] > 0 {
				rs = append(rs, careers.Requirement{CompetencyID: compID[n], Level: lv[i]})
			}
		}
		if title == "Forklift Operator" || title == "Warehouse Lead" || title == "Warehouse Associate" {
			rs = append(rs, careers.Requirement{CompetencyID: compID["Safe equipment operation"], Level: map[string]int{"Warehouse Associate": 1, "Forklift Operator": 3, "Warehouse Lead": 4}[title]})
		}
		if err := st.SetJobCompetencies(ctx, jobID(title), rs); err != nil {
			return err
		}
	}
	for _, t := range []string{"Forklift Operator", "Warehouse Lead"} {
		if err := st.SetJobCertifications(ctx, jobID(t), []careers.CertRequirement{{CertificationID: certID["Forklift"], Required: true}, {CertificationID: certID["CPR/AED"], Required: false}}); err != nil {
			return err
		}
	}
	if _, err := st.InsertCareerPath(ctx, careers.Path{FromJobID: jobID("Customer Support Specialist II"), ToJobID: jobID("Support Team Lead"), Kind: "track_change", Note: "Lead a support team."}); err != nil {
		return err
	}
	for _, k := range []string{"HR Director", "HR Manager", "Director of Customer Support", "Operations Manager"} {
		if err := st.SetKeyRole(ctx, jobID(k), true, "", created); err != nil {
			return err
		}
	}

	// Credentials.
	today := g.today
	credential := func(p *person, abbr string, issued date.Date, cost int64, reimb string) (int64, error) {
		cert := certID[abbr]
		months := map[string]int{"aPHR": 36, "PHR": 36, "SPHR": 36, "SHRM-CP": 36, "SHRM-SCP": 36, "Forklift": 36, "CPR/AED": 24}[abbr]
		c := careers.Credential{EmployeeID: p.id, CertificationID: cert, Number: fmt.Sprintf("%s-%07d", abbr, 1000000+p.seq*7), IssuedOn: issued, ExpiresOn: issued.AddMonths(months).AddDays(-1),
			CostCents: cost, Reimbursement: reimb, CreatedAt: issued.Time().Add(15 * time.Hour), UpdatedAt: issued.Time().Add(15 * time.Hour)}
		if reimb == "paid" {
			c.ReimbursedCents = cost
		}
		return st.InsertCredential(ctx, c)
	}
	hrCert := map[string][]string{
		"HR Coordinator": {"aPHR"}, "HR Generalist": {"PHR", "SHRM-CP"}, "Senior HR Generalist": {"PHR", "SHRM-CP"}, "Compensation Specialist": {"PHR"},
		"HR Manager": {"SPHR", "SHRM-SCP"}, "Senior HR Manager": {"SPHR"}, "HR Director": {"SPHR", "SHRM-SCP"},
	}
	for _, p := range g.active {
		abbrs, ok := hrCert[p.job.title]
		if !ok {
			continue
		}
		if p.persona < 0 && mix(p.seq, 71, 10) < 3 {
			continue // not everyone in HR is certified
		}
		abbr := abbrs[mix(p.seq, 72, len(abbrs))]
		if p.persona == pGeneralist {
			abbr = "PHR"
		}
		// Issued 2 to 34 months ago; the personas' are chosen to show
		// the reminders: the generalist's expires in 45 days, the
		// coordinator's in 20.
		issued := today.AddMonths(-(2 + mix(p.seq, 73, 33))).AddDays(-mix(p.seq, 74, 28))
		switch p.persona {
		case pGeneralist:
			issued = today.AddDays(45).AddMonths(-36).AddDays(1)
		case pCoordinator:
			issued = today.AddDays(20).AddMonths(-36).AddDays(1)
		case pManager:
			issued = today.AddMonths(-14)
		}
		cost := int64(map[string]int{"aPHR": 300, "PHR": 495, "SPHR": 595, "SHRM-CP": 475, "SHRM-SCP": 475}[abbr]) * 100
		reimb := []string{"paid", "paid", "approved", "none"}[mix(p.seq, 75, 4)]
		id, err := credential(p, abbr, issued, cost, reimb)
		if err != nil {
			return err
		}
		// Credits logged through the cycle.
		cycle := today.DaysUntil(issued.AddMonths(36))
		months := max(1, 36-cycle/30)
		n := 1 + mix(p.seq, 76, 4)
		if p.persona == pGeneralist {
			n = 6
		}
		acts := []string{"SHRM annual conference sessions", "Employment law webinar", "FMLA and ADA interaction course", "HR metrics workshop", "Compensation fundamentals course", "State law update", "Investigations training"}
		for k := 0; k < n; k++ {
			on := issued.AddMonths(1 + (months*k)/max(n, 1))
			if on.After(today) {
				break
			}
			if _, err := st.InsertCredit(ctx, careers.Credit{CredentialID: id, EarnedOn: on, Credits: float64(3 + mix(p.seq+k, 77, 8)), Activity: acts[mix(p.seq+k, 78, len(acts))],
				Category: []string{"HR", "Business", "Leadership"}[mix(p.seq+k, 79, 3)], CreatedAt: on.Time().Add(14 * time.Hour)}); err != nil {
				return err
			}
		}
	}
	// Of every ten operators and leads, one is missing the evaluation,
	// one's has expired and two expire within 90 days (the second of
	// them, so even a small company shows one).
	k := -1
	for _, p := range g.active {
		if p.job.title != "Forklift Operator" && p.job.title != "Warehouse Lead" {
			continue
		}
		k++
		if k%10 == 3 {
			continue // missing: the compliance view flags them
		}
		issued := today.AddMonths(-(1 + mix(p.seq, 82, 34)))
		switch k % 10 {
		case 6:
			issued = today.AddMonths(-37) // expired
		case 1, 8:
			issued = today.AddDays(10 + mix(p.seq, 83, 80)).AddMonths(-36).AddDays(1) // expiring
		}
		if _, err := credential(p, "Forklift", issued, 0, "none"); err != nil {
			return err
		}
		if mix(p.seq, 84, 3) == 0 {
			if _, err := credential(p, "CPR/AED", today.AddMonths(-(1 + mix(p.seq, 85, 22))), 9000, "paid"); err != nil {
				return err
			}
		}
	}

	// A professional development session counting toward the PHR.
	if tr, ok := ts.(interface {
		InsertTraining(ctx context.Context, t relations.Training) (int64, error)
	}); ok {
		t := relations.Training{Topic: "professional_development", Title: "Employment law update for HR", HeldOn: today.AddDays(-30), Trainer: "Okafor & Lane LLP", Hours: 3,
			Credits: 3, CertificationID: certID["PHR"], CreatedBy: users[pManager], CreatedAt: today.AddDays(-29).Time()}
		for _, p := range g.active {
			if p.job.family == "People" && len(t.Attendees) < 40 {
				t.Attendees = append(t.Attendees, relations.Attendee{EmployeeID: p.id, Attended: p.persona == pGeneralist || mix(p.seq, 86, 5) > 0})
			}
		}
		if _, err := tr.InsertTraining(ctx, t); err != nil {
			return err
		}
	}

	// Assessments: HR staff and one in four support specialists, rated by
	// themselves and their line manager; the employee persona always.
	rate := func(p *person, names []string, salt int) error {
		for i, n := range names {
			id := compID[n]
			if id == 0 {
				continue
			}
			self := 2 + mix(p.seq+i, salt, 3)
			on := today.AddDays(-40 - mix(p.seq, salt+1, 30))
			var selfUser int64
			if p.persona >= 0 {
				selfUser = users[p.persona]
			}
			if _, err := st.InsertAssessment(ctx, careers.Assessment{EmployeeID: p.id, CompetencyID: id, Rater: "self", RaterUserID: selfUser, RaterName: p.name(),
				Rating: self, Evidence: "", AssessedOn: on, CreatedAt: on.Time().Add(11 * time.Hour)}); err != nil {
				return err
			}
			if p.mgr == nil {
				continue
			}
			mgrRating := max(1, min(5, self-1+mix(p.seq+i, salt+2, 2)))
			var by int64
			if p.mgr.persona >= 0 {
				by = users[p.mgr.persona]
			}
			if _, err := st.InsertAssessment(ctx, careers.Assessment{EmployeeID: p.id, CompetencyID: id, Rater: "manager", RaterUserID: by, RaterName: p.mgr.name(),
				Rating: mgrRating, Evidence: evidence[mix(p.seq+i, salt+3, len(evidence))], AssessedOn: on.AddDays(7), CreatedAt: on.AddDays(7).Time().Add(16 * time.Hour)}); err != nil {
				return err
			}
		}
		return nil
	}
	hrNames := []string{"Multitasking and organisation", "Attention to detail", "Interpersonal communication", "Problem-solving", "Broad HR knowledge", "Leadership and people management", "Data analysis and financial literacy"}
	for _, p := range g.active {
		switch {
		case p.job.family == "People":
			if err := rate(p, hrNames, 90); err != nil {
				return err
			}
		case p.persona == pEmployee || (p.job.title == "Customer Support Specialist I" || p.job.title == "Customer Support Specialist II") && mix(p.seq, 95, 4) == 0:
			if err := rate(p, names[:5], 100); err != nil {
				return err
			}
		}
	}

	// Readiness for the key roles and the employee's next step.
	ready := func(p *person, target string, status, note string) error {
		var by int64
		byName := "HR"
		if p.mgr != nil {
			byName = p.mgr.name()
			if p.mgr.persona >= 0 {
				by = users[p.mgr.persona]
			}
		}
		_, err := st.InsertReadiness(ctx, careers.Readiness{EmployeeID: p.id, TargetJobID: jobID(target), Status: status, Note: note, SetBy: by, SetByName: byName,
			SetOn: today.AddDays(-20), CreatedAt: today.AddDays(-20).Time()})
		return err
	}
	for _, p := range g.active {
		var err error
		switch p.job.title {
		case "Senior HR Generalist":
			err = ready(p, "HR Manager", []string{careers.ReadyNow, careers.ReadyOneToTwo}[mix(p.seq, 101, 2)], "Leads investigations well; needs budget experience.")
		case "HR Manager":
			if mix(p.seq, 102, 2) == 0 || p.persona == pManager {
				err = ready(p, "HR Director", []string{careers.ReadyNow, careers.ReadyOneToTwo, careers.ReadyLater}[mix(p.seq, 103, 3)], "")
			}
		case "Customer Support Manager":
			err = ready(p, "Director of Customer Support", []string{careers.ReadyNow, careers.ReadyOneToTwo, careers.ReadyLater}[mix(p.seq, 104, 3)], "")
		case "Warehouse Supervisor":
			if mix(p.seq, 105, 3) == 0 {
				err = ready(p, "Operations Manager", []string{careers.ReadyOneToTwo, careers.ReadyLater}[mix(p.seq, 106, 2)], "")
			}
		}
		if err != nil {
			return err
		}
	}
	if e := g.persona[pEmployee]; e != nil {
		if err := ready(e, "Customer Support Specialist II", careers.ReadyOneToTwo, "Strong with customers; build troubleshooting depth."); err != nil {
			return err
		}
	}

	// The generalist's development plan toward Senior HR Generalist.
	if p := g.persona[pGeneralist]; p != nil && users[pGeneralist] != 0 {
		at := today.AddDays(-25).Time().Add(10 * time.Hour)
		planID, err := st.InsertDevPlan(ctx, careers.DevPlan{EmployeeID: p.id, TargetJobID: jobID("Senior HR Generalist"), Title: "Toward Senior HR Generalist", Status: careers.PlanActive,
			CreatedBy: users[pGeneralist], CreatedAt: at, UpdatedAt: at})
		if err != nil {
			return err
		}
		goals := []careers.Goal{
			{PlanID: planID, CompetencyID: compID["Broad HR knowledge"], TargetLevel: 4, Description: "Reach level 4 (Advanced) in Broad HR knowledge"},
			{PlanID: planID, CompetencyID: compID["Leadership and people management"], TargetLevel: 2, Description: "Reach level 2 (Developing) in Leadership and people management"},
			{PlanID: planID, CertificationID: certID["PHR"], Description: "Renew the PHR before it expires"},
		}
		var goalIDs []int64
		for _, gl := range goals {
			id, err := st.InsertDevGoal(ctx, gl)
			if err != nil {
				return err
			}
			goalIDs = append(goalIDs, id)
		}
		actions := []careers.Action{
			{GoalID: goalIDs[0], Kind: "training", Title: "Complete the multi-state leave law course", DueOn: today.AddDays(40)},
			{GoalID: goalIDs[1], Kind: "stretch_assignment", Title: "Lead the Q1 onboarding redesign project", DueOn: today.AddDays(90)},
			{GoalID: goalIDs[1], Kind: "mentoring", Title: "Monthly mentoring with Hannah Kim", DueOn: today.AddDays(30)},
			{GoalID: goalIDs[2], Kind: "certification", Title: "Log the remaining PHR credits and renew", DueOn: today.AddDays(40)},
		}
		for _, x := range actions {
			tid, err := work.CreateTx(ctx, st, access.System, work.NewTaskInput{Title: "Development: " + x.Title, Kind: "development", OwnerUserID: users[pGeneralist], EmployeeID: p.id,
				ObjectType: "development_plan", ObjectID: planID, DueOn: x.DueOn}, at)
			if err != nil {
				return err
			}
			x.PlanID, x.TaskID, x.CreatedAt = planID, tid, at
			if _, err := st.InsertDevAction(ctx, x); err != nil {
				return err
			}
		}
		if _, err := st.InsertDevCheckin(ctx, careers.Checkin{PlanID: planID, AuthorID: users[pManager], AuthorName: "Marcus Bell", Note: "Good start on the leave course. Let's pick the onboarding project scope next week.", CreatedAt: at.Add(10 * 24 * time.Hour)}); err != nil {
			return err
		}
	}
	return nil
}

var evidence = []string{
	"Handled the quarter's escalations without help; customer satisfaction above team average.",
	"Peer feedback and the last two case reviews show this level consistently.",
	"Led the project end to end; the retrospective credits their organisation.",
	"Needs support on the harder cases; improving since the last review.",
	"Audit found no errors in their records this year.",
}
