package demo

import (
	"context"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// jdWork is what each family's people do, for the job descriptions.
var jdWork = map[string][]string{
	"Retail":           {"Greet customers and help them choose gear for their trip", "Run the register and handle returns accurately", "Keep displays stocked, priced and ready", "Share what you know in store clinics and events"},
	"Operations":       {"Receive, pick, pack and ship orders accurately", "Operate scanners, and forklifts once certified", "Keep your area clean and follow every safety procedure", "Count inventory and flag damage or shortages"},
	"Engineering":      {"Design, build and run services in Go on PostgreSQL", "Review code and write tests for what you ship", "Take a share of the on-call rotation", "Work with product and design on what to build next"},
	"Customer Support": {"Answer customers by phone, chat and email", "Solve orders, returns and product questions on the first contact", "Escalate what you cannot solve, with the facts", "Tell the product team what customers say"},
}

// jdSchedule is the section added in the second version of hourly jobs'
// descriptions (pay transparency and predictable scheduling).
const jdSchedule = "## Schedule\n\nShifts are posted two weeks ahead and include weekends and holidays in season. Overtime is paid at one and a half times the regular rate over 40 hours a week."

// jdBody writes a job's description from its family's work and skills.
func (g *gen) jdBody(j *jobDef) string {
	intro := jdIntro[j.family]
	if intro == "" {
		intro = "You will join a team that values clear work, good judgment and helping each other."
	}
	work := jdWork[j.family]
	if work == nil {
		work = []string{"Own your work from start to finish and keep your team informed", "Follow our safety and quality standards", "Help new teammates learn the ropes"}
	}
	var b strings.Builder
	b.WriteString("## About the role\n\n" + intro + "\n\n## What you will do\n\n")
	for _, w := range work {
		b.WriteString("- " + w + "\n")
	}
	b.WriteString("\n## What you bring\n\n")
	for _, s := range g.skillsOf(j.id)[:4] {
		b.WriteString("- " + s + "\n")
	}
	b.WriteString("- Reliability and a friendly, clear way of communicating\n\n")
	b.WriteString("## What we offer\n\n- Medical, dental and vision coverage from the first of the month after you start\n- 401(k) with a company match\n- Paid time off and an employee discount")
	return b.String()
}

// writeJobDescriptions gives every requisitioned job a description: the
// first version written by the generalist before its first requisition,
// and for hourly jobs a second version by the HR manager adding the
// schedule. Postings use the version in use.
func (g *gen) writeJobDescriptions(ctx context.Context, hs hiring.Store, users [numPersonas]int64) error {
	g.jds = map[int64]string{}
	first := map[int64]time.Time{}
	for _, dr := range g.reqs {
		if t, ok := first[dr.r.JobID]; !ok || dr.r.CreatedAt.Before(t) {
			first[dr.r.JobID] = dr.r.CreatedAt
		}
	}
	for _, j := range g.jobList {
		at, ok := first[j.id]
		if !ok {
			continue
		}
		body := g.jdBody(j)
		v1 := hiring.JobDescription{JobID: j.id, Version: 1, BodyMD: body, Note: "First version", CreatedBy: users[pGeneralist], CreatedAt: at.Add(-50 * time.Hour)}
		if _, err := hs.InsertJobDescription(ctx, v1); err != nil {
			return err
		}
		if j.hourly() {
			body += "\n\n" + jdSchedule
			at2 := date.Of(v1.CreatedAt).AddDays(30)
			if at2.After(g.today) {
				at2 = g.today
			}
			v2 := hiring.JobDescription{JobID: j.id, Version: 2, BodyMD: body, Note: "Added the schedule and overtime pay", CreatedBy: users[pManager], CreatedAt: at2.Time().Add(15 * time.Hour)}
			if _, err := hs.InsertJobDescription(ctx, v2); err != nil {
				return err
			}
		}
		g.jds[j.id] = body
	}
	return nil
}
