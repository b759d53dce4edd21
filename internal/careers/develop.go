package careers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Plan statuses.
const (
	PlanActive    = "active"
	PlanCompleted = "completed"
	PlanCancelled = "cancelled"
)

// DevPlan is a development plan: goals linked to gaps, actions with due
// dates (each one a Work task for the employee) and check-ins.
type DevPlan struct {
	ID           int64     `json:"id"`
	EmployeeID   int64     `json:"employee_id"`
	EmployeeName string    `json:"employee_name"`
	TargetJobID  int64     `json:"target_job_id,omitempty"`
	TargetTitle  string    `json:"target_title,omitempty"`
	Title        string    `json:"title"`
	Status       string    `json:"status" enum:"active,completed,cancelled"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Goals        []Goal    `json:"goals"`
	Actions      []Action  `json:"actions"`
	Checkins     []Checkin `json:"checkins"`
}

// Progress counts the done actions.
func (p DevPlan) Progress() (done, total int) {
	for _, x := range p.Actions {
		if !x.DoneAt.IsZero() {
			done++
		}
	}
	return done, len(p.Actions)
}

// Goal is what a plan aims at: a competency level or a credential.
type Goal struct {
	ID              int64     `json:"id"`
	PlanID          int64     `json:"plan_id"`
	CompetencyID    int64     `json:"competency_id,omitempty"`
	Competency      string    `json:"competency,omitempty"`
	CertificationID int64     `json:"certification_id,omitempty"`
	Certification   string    `json:"certification,omitempty"`
	TargetLevel     int       `json:"target_level,omitempty"`
	Description     string    `json:"description"`
	DoneAt          time.Time `json:"done_at,omitzero"`
}

// Action is a step toward a goal, with its Work task.
type Action struct {
	ID         int64     `json:"id"`
	PlanID     int64     `json:"plan_id"`
	GoalID     int64     `json:"goal_id,omitempty"`
	Kind       string    `json:"kind" enum:"training,stretch_assignment,mentoring,certification,other"`
	Title      string    `json:"title"`
	DueOn      date.Date `json:"due_on,omitzero"`
	TaskID     int64     `json:"task_id,omitempty"`
	TaskStatus string    `json:"task_status,omitempty"`
	DoneAt     time.Time `json:"done_at,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
}

// Checkin is a note on a plan's progress.
type Checkin struct {
	ID         int64     `json:"id"`
	PlanID     int64     `json:"plan_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
}

// GoalInput is a goal of a new plan or added to one.
type GoalInput struct {
	CompetencyID    int64  `json:"competency_id,omitempty"`
	CertificationID int64  `json:"certification_id,omitempty"`
	TargetLevel     int    `json:"target_level,omitempty" doc:"For a competency: the level to reach (1–5)"`
	Description     string `json:"description,omitempty" doc:"Default: named after the competency or certification"`
}

// ActionInput is an action added to a plan.
type ActionInput struct {
	GoalID int64     `json:"goal_id,omitempty"`
	Kind   string    `json:"kind" required:"true" enum:"training,stretch_assignment,mentoring,certification,other"`
	Title  string    `json:"title" required:"true"`
	DueOn  date.Date `json:"due_on" required:"true"`
}

// DevPlans lists an employee's plans. Requires careers.view over them.
func (s *Service) DevPlans(ctx context.Context, a access.Actor, employeeID int64) ([]DevPlan, error) {
	if _, err := s.person(ctx, s.store, a, access.CareerView, employeeID); err != nil {
		return nil, err
	}
	return s.store.DevPlans(ctx, employeeID)
}

// DevPlan returns a plan. Requires careers.view over its employee.
func (s *Service) DevPlan(ctx context.Context, a access.Actor, id int64) (DevPlan, error) {
	p, err := s.store.GetDevPlan(ctx, id)
	if err != nil {
		return p, err
	}
	if _, err := s.person(ctx, s.store, a, access.CareerView, p.EmployeeID); err != nil {
		return p, err
	}
	return p, nil
}

// CreatePlan starts a development plan for an employee toward a target
// job (optional) with its goals, typically the gaps of the gap analysis.
// Requires careers.plan over the employee. Errors: KindInvalid,
// KindForbidden, KindNotFound.
func (s *Service) CreatePlan(ctx context.Context, a access.Actor, employeeID int64, title string, targetJobID int64, goals []GoalInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.CareerPlan, employeeID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		target := ""
		if targetJobID != 0 {
			j, err := st.JobProfile(ctx, targetJobID)
			if err != nil {
				f.Add("target_job_id", "Choose a job from the catalogue")
			}
			target = j.Title
		}
		if title == "" && target != "" {
			title = "Toward " + target
		}
		title = text(f, "title", title, true, 200)
		if len(goals) > 30 {
			f.Add("goals", "A plan has at most 30 goals")
		}
		var gs []Goal
		for i, in := range goals {
			g, err := s.goal(ctx, st, fmt.Sprintf("goal_%d", i), in, f)
			if err != nil {
				return err
			}
			gs = append(gs, g)
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		plan := DevPlan{EmployeeID: employeeID, TargetJobID: targetJobID, Title: title, Status: PlanActive, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		if id, err = st.InsertDevPlan(ctx, plan); err != nil {
			return err
		}
		for _, g := range gs {
			g.PlanID = id
			if _, err := st.InsertDevGoal(ctx, g); err != nil {
				return err
			}
		}
		if p.UserID != 0 {
			if err := work.Notify(ctx, st, a, work.Notification{UserID: p.UserID, Kind: "development_plan", Title: "A development plan: " + title,
				Body: fmt.Sprintf("%d goals", len(gs)), Link: fmt.Sprintf("/growth/plans/%d", id)}, now); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "careers.plan.create", "development_plan", id, "Started development plan "+title+" for "+p.Name, nil, map[string]any{"title": title, "target_job_id": targetJobID, "goals": len(gs)})
	})
	return id, err
}

// goal validates a goal input.
func (s *Service) goal(ctx context.Context, st Store, field string, in GoalInput, f kit.FieldErrors) (Goal, error) {
	g := Goal{CompetencyID: in.CompetencyID, CertificationID: in.CertificationID, TargetLevel: in.TargetLevel}
	switch {
	case in.CompetencyID != 0 && in.CertificationID != 0:
		f.Add(field, "A goal is a competency or a certification, not both")
	case in.CompetencyID != 0:
		c, err := st.GetCompetency(ctx, in.CompetencyID)
		if kit.KindOf(err) == kit.KindNotFound {
			f.Add(field, "Choose a competency from the framework")
			break
		} else if err != nil {
			return g, err
		}
		if in.TargetLevel < 1 || in.TargetLevel > 5 {
			f.Add(field, "Choose the level to reach (1 to 5)")
			break
		}
		g.Competency = c.Name
		if in.Description == "" {
			in.Description = fmt.Sprintf("Reach level %d (%s) in %s", in.TargetLevel, ProficiencyNames[in.TargetLevel-1], c.Name)
		}
	case in.CertificationID != 0:
		c, err := st.GetCertification(ctx, in.CertificationID)
		if kit.KindOf(err) == kit.KindNotFound {
			f.Add(field, "Choose a certification from the catalogue")
			break
		} else if err != nil {
			return g, err
		}
		g.Certification, g.TargetLevel = c.Name, 0
		if in.Description == "" {
			in.Description = "Earn the " + c.Name
		}
	}
	g.Description = text(f, field, in.Description, true, 500)
	return g, nil
}

// plan loads a plan and checks careers.plan over its employee.
func (s *Service) plan(ctx context.Context, st Store, a access.Actor, id int64) (DevPlan, Person, error) {
	pl, err := st.GetDevPlan(ctx, id)
	if err != nil {
		return pl, Person{}, err
	}
	p, err := s.person(ctx, st, a, access.CareerPlan, pl.EmployeeID)
	if err != nil {
		return pl, p, err
	}
	if pl.Status != PlanActive {
		return pl, p, kit.Conflict("the plan is %s", pl.Status)
	}
	return pl, p, nil
}

// AddGoal adds a goal to an active plan. Requires careers.plan.
func (s *Service) AddGoal(ctx context.Context, a access.Actor, planID int64, in GoalInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		pl, _, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if in.CompetencyID == 0 && in.CertificationID == 0 && in.Description == "" {
			f.Add("description", "Describe the goal or choose a competency or certification")
		}
		g, err := s.goal(ctx, st, "description", in, f)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		g.PlanID = planID
		if id, err = st.InsertDevGoal(ctx, g); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.goal", "development_plan", pl.ID, "Added a goal: "+g.Description, nil, g)
	})
	return id, err
}

// AddAction adds an action with a due date to an active plan and opens
// its Work task, owned by the employee (or in the HR queue when they
// have no user account). Requires careers.plan. Errors: KindInvalid,
// KindConflict (the plan is closed).
func (s *Service) AddAction(ctx context.Context, a access.Actor, planID int64, in ActionInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		pl, p, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if !slices.Contains(ActionKinds, in.Kind) {
			f.Add("kind", "Choose training, stretch assignment, mentoring, certification or other")
		}
		in.Title = text(f, "title", in.Title, true, 200)
		today := s.today()
		switch {
		case in.DueOn.IsZero():
			f.Add("due_on", "Enter a due date")
		case in.DueOn.Before(today):
			f.Add("due_on", "Choose today or a later day")
		case in.DueOn.After(today.AddYears(3)):
			f.Add("due_on", "Choose a day within three years")
		}
		if in.GoalID != 0 && !slices.ContainsFunc(pl.Goals, func(g Goal) bool { return g.ID == in.GoalID }) {
			f.Add("goal_id", "Choose one of the plan's goals")
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		t := work.NewTaskInput{Title: "Development: " + in.Title, Description: fmt.Sprintf("An action of %s's development plan %q.", p.Name, pl.Title),
			Kind: "development", EmployeeID: p.EmployeeID, ObjectType: "development_plan", ObjectID: pl.ID, DueOn: in.DueOn, OwnerUserID: p.UserID}
		if p.UserID == 0 {
			t.QueueKey = "development"
		}
		taskID, err := work.CreateTx(ctx, st, a, t, now)
		if err != nil {
			return err
		}
		x := Action{PlanID: pl.ID, GoalID: in.GoalID, Kind: in.Kind, Title: in.Title, DueOn: in.DueOn, TaskID: taskID, CreatedAt: now}
		if id, err = st.InsertDevAction(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.action", "development_plan", pl.ID, "Added an action: "+in.Title, nil, x)
	})
	return id, err
}

// CompleteAction marks an action done and closes its task. Requires
// careers.plan.
func (s *Service) CompleteAction(ctx context.Context, a access.Actor, planID, actionID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		pl, _, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(pl.Actions, func(x Action) bool { return x.ID == actionID })
		if i < 0 {
			return kit.NotFound("action")
		}
		x := pl.Actions[i]
		if !x.DoneAt.IsZero() {
			return kit.Conflict("the action is already done")
		}
		now := s.clock.Now()
		if err := st.SetDevActionDone(ctx, actionID, now); err != nil {
			return err
		}
		if err := endTask(ctx, st, x.TaskID, work.TaskDone, now); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.action_done", "development_plan", pl.ID, "Completed: "+x.Title, nil, nil)
	})
}

// CompleteGoal marks a goal reached. Requires careers.plan.
func (s *Service) CompleteGoal(ctx context.Context, a access.Actor, planID, goalID int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		pl, _, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(pl.Goals, func(g Goal) bool { return g.ID == goalID })
		if i < 0 {
			return kit.NotFound("goal")
		}
		if !pl.Goals[i].DoneAt.IsZero() {
			return kit.Conflict("the goal is already reached")
		}
		if err := st.SetDevGoalDone(ctx, goalID, s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.goal_done", "development_plan", pl.ID, "Reached: "+pl.Goals[i].Description, nil, nil)
	})
}

// CheckIn records a note on a plan's progress. Requires careers.plan.
func (s *Service) CheckIn(ctx context.Context, a access.Actor, planID int64, note string) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		pl, p, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		note = text(f, "note", note, true, 4000)
		if err := f.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		if id, err = st.InsertDevCheckin(ctx, Checkin{PlanID: pl.ID, AuthorID: a.UserID, AuthorName: a.Label(), Note: note, CreatedAt: now}); err != nil {
			return err
		}
		// The employee hears of a check-in by someone else.
		if err := work.Notify(ctx, st, a, work.Notification{UserID: p.UserID, Kind: "development_plan", Title: "A check-in on " + pl.Title, Body: a.Label(), Link: fmt.Sprintf("/growth/plans/%d", pl.ID)}, now); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.checkin", "development_plan", pl.ID, "Checked in on "+pl.Title, nil, nil)
	})
	return id, err
}

// ClosePlan completes or cancels a plan; the open tasks of its actions
// are cancelled. Requires careers.plan.
func (s *Service) ClosePlan(ctx context.Context, a access.Actor, planID int64, status string) error {
	if status != PlanCompleted && status != PlanCancelled {
		return kit.Invalid("status", "Choose completed or cancelled")
	}
	return s.store.InTx(ctx, func(st Store) error {
		pl, _, err := s.plan(ctx, st, a, planID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, x := range pl.Actions {
			if x.TaskID == 0 || !x.DoneAt.IsZero() {
				continue
			}
			if err := endTask(ctx, st, x.TaskID, work.TaskCancelled, now); err != nil {
				return err
			}
		}
		if err := st.SetDevPlanStatus(ctx, planID, status, now); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.plan.close", "development_plan", pl.ID, "Closed "+pl.Title+": "+status, map[string]any{"status": pl.Status}, map[string]any{"status": status})
	})
}

// endTask moves an action's task, while still open, to done or cancelled.
func endTask(ctx context.Context, st Store, id int64, status string, now time.Time) error {
	if id == 0 {
		return nil
	}
	t, err := st.GetTask(ctx, id)
	if err != nil {
		return err
	}
	if !t.Open() {
		return nil
	}
	t.Status, t.UpdatedAt = status, now
	if status == work.TaskDone {
		t.CompletedAt = now
	}
	return st.UpdateTask(ctx, t)
}
