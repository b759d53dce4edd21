package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// writeHiring gives Northwind a year of recruiting: a filled requisition
// behind every hire of the last twelve months (and the people starting
// soon), open requisitions across the teams, a few waiting for approval,
// in draft, on hold, cancelled or rejected, and this year's hiring plan per
// department and quarter (a little above or below what happened).
func (g *gen) writeHiring(ctx context.Context, hs hiring.Store, users [numPersonas]int64) (int, error) {
	n := 0
	at := func(d date.Date, minutes int) time.Time {
		return d.Time().Add(time.Duration(14*60+minutes) * time.Minute)
	}
	pipes, err := g.writePipelines(ctx, hs, users)
	if err != nil {
		return 0, err
	}
	if err := g.writeATS(ctx, hs); err != nil {
		return 0, err
	}
	insert := func(r hiring.Requisition, hired *person) (int64, error) {
		n++
		r.StageTemplateID, r.Stages = pipes.forJob(g, r.JobID)
		if r.Currency == "" {
			r.Currency = "USD"
		}
		if r.EmploymentType == "" {
			r.EmploymentType = "full_time"
		}
		if r.UpdatedAt.IsZero() {
			r.UpdatedAt = r.CreatedAt
		}
		id, err := hs.InsertRequisition(ctx, r)
		r.ID = id
		g.reqs = append(g.reqs, demoReq{r: r, hired: hired})
		return id, err
	}
	deptOf := func(u *unit) *unit {
		for u.parent != nil && u.parent != g.root {
			u = u.parent
		}
		return u
	}
	// Filled: one requisition per hire in the last year and per starter
	// in the next month; opened 3 to 10 weeks before the offer, the offer
	// accepted two weeks before the start.
	type hire struct {
		p     *person
		start date.Date
		row   *asgRow
	}
	var hires []hire
	for _, p := range g.everyone() {
		for _, per := range p.periods {
			if per.Start.After(g.today.AddDays(-365)) && !per.Start.After(g.today.AddDays(45)) {
				if row := p.rowAt(per.Start); row != nil && row.unit != nil && row.job != nil {
					hires = append(hires, hire{p: p, start: per.Start, row: row})
				}
			}
		}
	}
	sort.Slice(hires, func(i, j int) bool {
		if !hires[i].start.Equal(hires[j].start) {
			return hires[i].start.Before(hires[j].start)
		}
		return hires[i].p.seq < hires[j].p.seq
	})
	planned := map[[3]int64]int{}                        // dept unit, year, quarter -> hires
	maxSum, maxN := map[int64]int64{}, map[int64]int64{} // dept unit -> salary maxima of its requisitions
	for _, h := range hires {
		row := h.row
		mgr := row.mgr
		if mgr == nil || mgr.id == 0 {
			mgr = deptOf(row.unit).top
		}
		if mgr == nil || mgr.id == 0 || mgr == h.p {
			continue
		}
		accepted := h.start.AddDays(-10 - g.rng.IntN(12))
		opened := accepted.AddDays(-20 - g.rng.IntN(50))
		if row.job.g == nil {
			continue
		}
		reason := "new_headcount"
		if g.rng.IntN(10) < 4 {
			reason = "backfill"
		}
		_, err := insert(hiring.Requisition{Title: row.job.title, JobID: row.job.id, OrgUnitID: row.unit.id, LocationID: row.loc.id, Headcount: 1,
			EmploymentType: row.etype, Reason: reason, SalaryMinCents: row.job.g.min, SalaryMaxCents: row.job.g.max, HiringManagerID: mgr.id,
			RecruiterUserID: users[requester(row.unit.dept.key)], TargetStart: h.start, KeyRole: row.job.level == "M3" || row.job.grade == "P5",
			Status: hiring.ReqFilled, OpenedOn: opened, ClosedOn: accepted, FilledCount: 1, CreatedBy: users[requester(row.unit.dept.key)],
			CreatedAt: at(opened.AddDays(-3), g.rng.IntN(240)), UpdatedAt: at(accepted, 120)}, h.p)
		if err != nil {
			return n, fmt.Errorf("filled requisition: %w", err)
		}
		d := deptOf(row.unit)
		planned[[3]int64{d.id, int64(h.start.Year()), int64((int(h.start.Month())-1)/3 + 1)}]++
		maxSum[d.id] += row.job.g.max
		maxN[d.id]++
	}
	// Open, on hold and others: hiring into the teams of line managers.
	var leads []*person
	for _, p := range g.active {
		if len(p.reports) > 0 && p.mgr != nil && p.persona < 0 {
			leads = append(leads, p)
		}
	}
	if len(leads) == 0 {
		return n, nil
	}
	openCount := max(4, g.n/70)
	pick := func() (*person, *person) {
		lead := leads[g.rng.IntN(len(leads))]
		return lead, lead.reports[g.rng.IntN(len(lead.reports))]
	}
	statuses := []string{hiring.ReqPending, hiring.ReqPending, hiring.ReqPending, hiring.ReqDraft, hiring.ReqDraft, hiring.ReqOnHold, hiring.ReqCancelled, hiring.ReqCancelled, hiring.ReqRejected}
	// The first opening is on an engineering team, so its own pipeline
	// (technical and team interviews) is in use from day one.
	engineering := func() (*person, *person, bool) {
		for _, l := range leads {
			for _, r := range l.reports {
				if row := g.rowOf(r); row != nil && row.job != nil && row.job.family == "Engineering" && row.job.g != nil {
					return l, r, true
				}
			}
		}
		return nil, nil, false
	}
	for i := 0; i < openCount+len(statuses); i++ {
		lead, like := pick()
		if i == 0 {
			if l, r, ok := engineering(); ok {
				lead, like = l, r
			}
		}
		status := hiring.ReqOpen
		if i >= openCount {
			status = statuses[i-openCount]
		}
		row := g.rowOf(like)
		if row == nil || row.job.g == nil {
			continue
		}
		start := g.today.AddDays(20 + g.rng.IntN(70))
		created := g.today.AddDays(-2 - g.rng.IntN(50))
		if status == hiring.ReqPending || status == hiring.ReqDraft {
			created = g.today.AddDays(-1 - g.rng.IntN(2))
		}
		r := hiring.Requisition{Title: row.job.title, JobID: row.job.id, OrgUnitID: row.unit.id, LocationID: row.loc.id, Headcount: 1 + g.rng.IntN(2),
			EmploymentType: row.etype, Reason: "new_headcount", SalaryMinCents: row.job.g.min, SalaryMaxCents: row.job.g.max, HiringManagerID: lead.id,
			RecruiterUserID: users[requester(row.unit.dept.key)], TargetStart: start, Status: status, CreatedBy: users[requester(row.unit.dept.key)],
			CreatedAt: at(created, g.rng.IntN(240)), Justification: "Growing demand in " + row.unit.name + ".",
			Requirements: strings.Join(g.skillsOf(row.job.id)[:4], "\n")}
		if row.job.hourly() && g.rng.IntN(2) == 0 {
			r.Headcount += 2 + g.rng.IntN(4)
		}
		if status == hiring.ReqOpen || status == hiring.ReqOnHold {
			r.Plan = demoPlan(r, row.job, lead, users)
		}
		if g.rng.IntN(3) == 0 {
			r.Reason, r.Justification = "backfill", "Replacing a departure in "+row.unit.name+"."
		}
		if i%7 == 3 && len(lead.reports) > 2 {
			r.KeyRole, r.Title, r.Headcount = true, "Senior "+row.job.title, 1
		}
		switch status {
		case hiring.ReqOpen, hiring.ReqOnHold:
			r.OpenedOn = created.AddDays(2 + g.rng.IntN(4))
			if status == hiring.ReqOnHold {
				r.Justification += " On hold until the Q1 budget review."
			}
		case hiring.ReqCancelled:
			r.ClosedOn = created.AddDays(6)
		}
		id, err := insert(r, nil)
		if err != nil {
			return n, fmt.Errorf("requisition: %w", err)
		}
		if status == hiring.ReqPending || status == hiring.ReqRejected {
			steps := work.StepsOf(work.ApproverHRManager)
			if r.KeyRole {
				steps = work.StepsOf(work.ApproverHRManager, work.ApproverHRDirector)
			}
			stored, err := hs.GetRequisition(ctx, id)
			if err != nil {
				return n, err
			}
			apStatus := work.StatusPending
			if status == hiring.ReqRejected {
				apStatus = work.StatusRejected
			}
			apID, err := hs.InsertApproval(ctx, work.Approval{Kind: "requisition", ObjectType: "requisition", ObjectID: id, Title: "Requisition " + stored.Number + ": " + r.Title,
				Summary: fmt.Sprintf("%s × %d in %s, target start %s", r.Title, r.Headcount, row.unit.name, r.TargetStart), ScopeOrgUnitID: r.OrgUnitID,
				RequestedBy: r.CreatedBy, Status: work.StatusPending, CreatedAt: r.CreatedAt, Steps: steps})
			if err != nil {
				return n, err
			}
			if apStatus == work.StatusRejected {
				if err := hs.DecideApproval(ctx, apID, apStatus, users[decider(row.unit.dept.key)], 0, "Not in this year's plan; bring it to the Q1 review.", r.CreatedAt.Add(26*time.Hour)); err != nil {
					return n, err
				}
				stored.ClosedOn = date.Of(r.CreatedAt.Add(26 * time.Hour))
			}
			stored.ApprovalID = apID
			if err := hs.UpdateRequisition(ctx, stored); err != nil {
				return n, err
			}
		}
		if status == hiring.ReqOpen || status == hiring.ReqOnHold || status == hiring.ReqPending {
			d := deptOf(row.unit)
			planned[[3]int64{d.id, int64(start.Year()), int64((int(start.Month())-1)/3 + 1)}] += r.Headcount
		}
	}
	// The plan: per department and quarter of this year, a little above or
	// below what happened (or is under way), with a salary budget.
	year := g.today.Year()
	for _, d := range g.units {
		if d.parent != g.root {
			continue
		}
		for q := 1; q <= 4; q++ {
			actual := planned[[3]int64{d.id, int64(year), int64(q)}]
			hc := actual + g.rng.IntN(actual/4+2) - actual/8
			if hc <= 0 {
				continue
			}
			avg := int64(8_000_000)
			if maxN[d.id] > 0 {
				avg = maxSum[d.id] / maxN[d.id]
			}
			budget := int64(hc) * avg * int64(95+g.rng.IntN(20)) / 100 / 1_000_000 * 1_000_000
			note := ""
			if q == 1 {
				note = "Carry-over from last year's plan included."
			}
			if _, err := hs.SavePlanLine(ctx, hiring.PlanLine{OrgUnitID: d.id, Year: year, Quarter: q, Headcount: hc, BudgetCents: budget, Note: note,
				UpdatedAt: at(date.New(year, time.January, 5), 60)}); err != nil {
				return n, fmt.Errorf("plan line: %w", err)
			}
		}
	}
	return n, nil
}

// demoReq is a generated requisition, with the person hired on it.
type demoReq struct {
	r     hiring.Requisition
	hired *person
}

// rowOf is a person's assignment today.
func (g *gen) rowOf(p *person) *asgRow {
	row := p.rowAt(g.today)
	if row == nil || row.unit == nil || row.job == nil || row.loc == nil {
		return nil
	}
	return row
}

// demoPipelines are the pipeline templates of the demo company.
type demoPipelines struct {
	standard, engineering, hourly hiring.StageTemplate
}

// forJob picks the pipeline of a job: engineers go through a technical
// interview and a team loop; hourly store and warehouse roles through a
// short one; everyone else the standard pipeline.
func (p demoPipelines) forJob(g *gen, jobID int64) (int64, []hiring.Stage) {
	for _, j := range g.jobList {
		if j.id != jobID {
			continue
		}
		switch {
		case j.family == "Engineering":
			return p.engineering.ID, p.engineering.Stages
		case j.hourly() && (j.family == "Retail" || j.family == "Operations"):
			return p.hourly.ID, p.hourly.Stages
		}
	}
	return p.standard.ID, p.standard.Stages
}

// writePipelines adds the engineering and hourly pipelines next to the
// standard one every database starts with.
func (g *gen) writePipelines(ctx context.Context, hs hiring.Store, users [numPersonas]int64) (demoPipelines, error) {
	var out demoPipelines
	ts, err := hs.ListStageTemplates(ctx)
	if err != nil {
		return out, err
	}
	for _, t := range ts {
		if t.IsDefault {
			out.standard = t
		}
	}
	if out.standard.ID == 0 {
		return out, fmt.Errorf("demo: no default pipeline")
	}
	at := g.today.AddDays(-400).Time().Add(15 * time.Hour)
	add := func(name, desc string, stages []hiring.Stage) (hiring.StageTemplate, error) {
		st, fe := hiring.NormalizeStages(stages)
		if len(fe) > 0 {
			return hiring.StageTemplate{}, fmt.Errorf("demo pipeline %s: %v", name, fe)
		}
		t := hiring.StageTemplate{Name: name, Description: desc, Stages: st, CreatedBy: users[pManager], CreatedAt: at, UpdatedAt: at}
		id, err := hs.InsertStageTemplate(ctx, t)
		t.ID = id
		return t, err
	}
	if out.engineering, err = add("Engineering", "A recruiter call, a technical interview, then the team interviews.", []hiring.Stage{
		{Name: "Applied", Kind: hiring.StageApplied}, {Name: "Resume review", Kind: hiring.StageScreen}, {Name: "Recruiter call", Kind: hiring.StagePhoneScreen},
		{Name: "Technical interview", Kind: hiring.StageInterview}, {Name: "Team interviews", Kind: hiring.StageInterview},
		{Name: "Offer", Kind: hiring.StageOffer}, {Name: "Hired", Kind: hiring.StageHired}}); err != nil {
		return out, err
	}
	out.hourly, err = add("Store and warehouse hourly", "A short phone screen and one interview at the location.", []hiring.Stage{
		{Name: "Applied", Kind: hiring.StageApplied}, {Name: "Phone screen", Kind: hiring.StagePhoneScreen}, {Name: "Interview at the location", Kind: hiring.StageInterview},
		{Name: "Offer", Kind: hiring.StageOffer}, {Name: "Hired", Kind: hiring.StageHired}})
	return out, err
}

// writeATS sets Northwind's careers site and adds a question set for the
// warehouse and driving roles.
func (g *gen) writeATS(ctx context.Context, hs hiring.Store) error {
	site := hiring.CareersSite{CompanyName: "Northwind Outfitters", Headline: "Gear up for a career at Northwind",
		IntroMD:    "We run outdoor stores, distribution centers and support teams across the country, and build the tools behind them. Come help people get outside.",
		AboutMD:    "## Why Northwind\n\n- **Health, dental and vision** from your first month, for you and your family\n- **401(k)** with a 4% match\n- **Gear discount** of 40% and a yearly gear allowance\n- **Paid time off** from day one, plus a paid volunteer day\n- **Growth**: most store and warehouse leads were promoted from within",
		BrandColor: "#1f6f5c", Feeds: hiring.FeedKeys}
	b, err := json.Marshal(site)
	if err != nil {
		return err
	}
	if err := hs.SetSetting(ctx, "recruiting.careers_site", string(b)); err != nil {
		return err
	}
	_, err = hs.InsertQuestionSet(ctx, hiring.QuestionSet{Name: "Warehouse and driving", UpdatedAt: g.today.AddDays(-300).Time(), Questions: []hiring.Question{
		{ID: "q1", Text: "Are you legally authorized to work in the United States?", Kind: "yes_no", Required: true, Knockout: "no"},
		{ID: "q2", Text: "Are you at least 18 years old?", Kind: "yes_no", Required: true, Knockout: "no"},
		{ID: "q3", Text: "Can you lift up to 50 pounds with or without a reasonable accommodation?", Kind: "yes_no", Required: true},
		{ID: "q4", Text: "Do you hold a forklift certification? If so, from when?", Kind: "text"}}})
	return err
}

// demoPlan is an open requisition's interview plan: the hiring manager
// (when they use Cadre, else the recruiter) on the requirements that
// matter most, then for salaried jobs a skills round and a team round.
func demoPlan(r hiring.Requisition, job *jobDef, hm *person, users [numPersonas]int64) []hiring.InterviewRound {
	manager := r.RecruiterUserID
	if hm.persona >= 0 {
		manager = users[hm.persona]
	}
	skills := hiring.Terms(r.Requirements)
	if len(skills) < 4 {
		return nil
	}
	if job.hourly() {
		return []hiring.InterviewRound{{Name: "Hiring manager interview", Minutes: 30, Interviewers: []int64{manager}, Focus: skills[:2]}}
	}
	team := []int64{manager}
	if r.RecruiterUserID != manager {
		team = append(team, r.RecruiterUserID)
	}
	return []hiring.InterviewRound{
		{Name: "Hiring manager interview", Minutes: 45, Interviewers: []int64{manager}, Focus: skills[:2]},
		{Name: "Skills interview", Minutes: 60, Interviewers: team, Focus: skills[2:4]},
		{Name: "Team conversation", Minutes: 45, Interviewers: []int64{r.RecruiterUserID}},
	}
}
