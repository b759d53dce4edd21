package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// writeTasks gives the HR team a realistic queue and twelve weeks of
// history: onboarding checklists for the last twelve weeks' hires and the
// next month's, mostly taken by the generalist of the department, the past
// ones done (about one in ten late), and help-desk questions, a dozen weeks
// of them answered.
func (g *gen) writeTasks(ctx context.Context, ps people.Store, users [numPersonas]int64) (int, error) {
	settings := rules.Settings{BusinessCalendar: "US_FED"}
	creator := access.Actor{UserID: users[pCoordinator], Name: "Tyler Reed", Email: personas[pCoordinator].Account.Email}
	n := 0
	for _, p := range g.active {
		if p.hire.Before(g.today.AddDays(-84)) || p.hire.After(g.today.AddDays(30)) {
			continue
		}
		a, _ := g.current(p)
		created := p.hire.AddDays(-10).Time().Add(15 * time.Hour)
		err := work.StartOnboarding(ctx, ps, creator, work.NewHire{EmployeeID: p.id, OrgUnitID: a.unit.id, Name: p.name(), FirstDay: p.hire}, settings, created)
		if err != nil {
			return n, fmt.Errorf("onboarding for %s: %w", p.email, err)
		}
		ts, err := ps.ListTasks(ctx, work.TaskFilter{EmployeeID: p.id, WholeCompany: true})
		if err != nil {
			return n, err
		}
		owner := users[requester(p.unit.dept.key)]
		for _, t := range ts {
			n++
			roll := g.rng.IntN(10)
			if roll < 7 {
				t.OwnerUserID = owner
			}
			settled := p.hire.Before(g.today.AddDays(-21)) // older checklists are finished
			if t.DueOn.Before(g.today.AddDays(-2)) && (roll < 8 || settled) {
				t.Status = work.TaskDone
				doneOn := t.DueOn.AddDays(-g.rng.IntN(3))
				if g.rng.IntN(10) == 0 {
					doneOn = t.DueOn.AddDays(1 + g.rng.IntN(4)) // late
				}
				if doneOn.After(g.today) {
					doneOn = g.today
				}
				t.CompletedAt = doneOn.Time().Add(16 * time.Hour)
				if t.OwnerUserID == 0 {
					t.OwnerUserID = owner
				}
			} else if t.OwnerUserID != 0 && roll < 4 {
				t.Status = work.TaskInProgress
			}
			t.UpdatedAt = created
			if t.CompletedAt.After(created) {
				t.UpdatedAt = t.CompletedAt
			}
			if err := ps.UpdateTask(ctx, t); err != nil {
				return n, err
			}
		}
	}
	questions := []struct{ title, body string }{
		{"Question: PTO balance after a schedule change", "My hours changed from full time to 30 a week last month. How is my PTO accrual affected?"},
		{"Question: adding a newborn to medical coverage", "Our baby was born last week. What do I need to send, and by when?"},
		{"Question: W-2 address change", "I moved in October. Will my W-2 go to the new address?"},
		{"Question: FSA reimbursement denied", "My dental claim was denied by the FSA vendor. Who can help?"},
		{"Question: pay stub shows wrong overtime", "My last pay stub shows 6 overtime hours; I worked 9."},
	}
	for i, q := range questions {
		p := g.active[(i*37+11)%len(g.active)]
		a, _ := g.current(p)
		due := g.today.AddDays(2 - i)
		id, err := work.CreateTx(ctx, ps, creator, work.NewTaskInput{Title: q.title + " (" + p.name() + ")", Description: q.body, Kind: "inquiry", QueueKey: "helpdesk",
			EmployeeID: p.id, OrgUnitID: a.unit.id, DueOn: due, Priority: "normal", Rule: "helpdesk.sla"}, g.today.AddDays(-i).Time().Add(10*time.Hour))
		if err != nil {
			return n, err
		}
		n++
		if i%2 == 0 {
			t, err := ps.GetTask(ctx, id)
			if err != nil {
				return n, err
			}
			t.OwnerUserID, t.Status = users[pGeneralist], work.TaskInProgress
			if err := ps.UpdateTask(ctx, t); err != nil {
				return n, err
			}
		}
	}
	// Answered questions: about four a week for twelve weeks, most within
	// the two-day help-desk target.
	for day := -84; day < -3; day += 2 {
		p := g.active[g.rng.IntN(len(g.active))]
		a, _ := g.current(p)
		q := questions[g.rng.IntN(len(questions))]
		asked := g.today.AddDays(day)
		id, err := work.CreateTx(ctx, ps, creator, work.NewTaskInput{Title: q.title + " (" + p.name() + ")", Description: q.body, Kind: "inquiry", QueueKey: "helpdesk",
			EmployeeID: p.id, OrgUnitID: a.unit.id, DueOn: asked.AddDays(2), Priority: "normal", Rule: "helpdesk.sla"}, asked.Time().Add(10*time.Hour))
		if err != nil {
			return n, err
		}
		n++
		t, err := ps.GetTask(ctx, id)
		if err != nil {
			return n, err
		}
		doneOn := asked.AddDays(g.rng.IntN(3))
		if g.rng.IntN(6) == 0 {
			doneOn = asked.AddDays(3 + g.rng.IntN(3))
		}
		t.OwnerUserID, t.Status = users[pGeneralist], work.TaskDone
		t.CompletedAt, t.UpdatedAt = doneOn.Time().Add(14*time.Hour), doneOn.Time().Add(14*time.Hour)
		if err := ps.UpdateTask(ctx, t); err != nil {
			return n, err
		}
	}
	return n, nil
}
