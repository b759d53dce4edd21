package work

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Task states and priorities.
const (
	TaskOpen       = "open"
	TaskInProgress = "in_progress"
	TaskWaiting    = "waiting"
	TaskDone       = "done"
	TaskCancelled  = "cancelled"
)

// TaskStatuses lists every state; TaskPriorities every priority.
var (
	TaskStatuses   = []string{TaskOpen, TaskInProgress, TaskWaiting, TaskDone, TaskCancelled}
	TaskPriorities = []string{"low", "normal", "high", "urgent"}
)

// Queue is a shared list of tasks a team works from.
type Queue struct {
	ID          int64
	Key         string
	Name        string
	Description string
	SLADays     int
}

// Task is a unit of HR work.
type Task struct {
	ID             int64
	Title          string
	Description    string
	Kind           string
	QueueID        int64
	QueueName      string
	OwnerUserID    int64
	OwnerName      string
	EmployeeID     int64
	EmployeeName   string
	OrgUnitID      int64
	OrgPath        string
	ObjectType     string
	ObjectID       int64
	DueOn          date.Date
	DueExplanation string // JSON []Step from the rule that set the date
	Priority       string
	Status         string
	Rule           string
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	CompletedAt    time.Time
	Checklist      []ChecklistItem
	Comments       []Comment
	ChecklistDone  int
	ChecklistTotal int
}

// Open reports whether the task still needs work.
func (t Task) Open() bool { return t.Status != TaskDone && t.Status != TaskCancelled }

// Overdue reports whether an open task is past its due date.
func (t Task) Overdue(today date.Date) bool {
	return t.Open() && !t.DueOn.IsZero() && t.DueOn.Before(today)
}

// ChecklistItem is one step of a task.
type ChecklistItem struct {
	ID       int64
	Position int
	Text     string
	Done     bool
	DoneBy   int64
	DoneAt   time.Time
}

// Comment is a note on a task.
type Comment struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	OwnerUserID  int64
	QueueIDs     []int64
	Unassigned   bool // in a queue with no owner
	Statuses     []string
	EmployeeID   int64
	ObjectType   string
	ObjectID     int64
	DueBefore    date.Date
	ScopePaths   []string
	WholeCompany bool
	// Private tasks (KindPrivate: an ER case's agreed actions) are listed
	// only to their owner, Viewer, unless IncludePrivate is set (the case
	// page, which checks its own need-to-know).
	Viewer         int64
	IncludePrivate bool
	Limit          int
}

// KindPrivate marks a task whose title is confidential: only its owner
// sees it in lists and may open it.
const KindPrivate = "private"

// MyWork is the start of a generalist's day: the first tasks of their own
// and of the queues in scope, by due date, with the totals.
type MyWork struct {
	Mine, Queued           []Task
	MineTotal, MineOverdue int
	QueuedTotal            int
}

// Workload is one person's open work.
type Workload struct {
	UserID      int64
	Name        string
	Open        int
	DueThisWeek int
	Overdue     int
	AvgAgeDays  float64
	DoneLast30  int
	OnTime30    int
}

// SLAMetPct is the share of tasks done in the last 30 days that were done
// by their due date.
func (w Workload) SLAMetPct() float64 {
	if w.DoneLast30 == 0 {
		return 100
	}
	return float64(w.OnTime30) * 100 / float64(w.DoneLast30)
}

// TaskStore is what tasks need from storage, inside the caller's
// transaction.
type TaskStore interface {
	NotificationStore
	AppendAudit(ctx context.Context, e audit.Entry) error
	InsertTask(ctx context.Context, t Task) (int64, error)
	GetTask(ctx context.Context, id int64) (Task, error)
	UpdateTask(ctx context.Context, t Task) error
	ListTasks(ctx context.Context, f TaskFilter) ([]Task, error)
	InsertChecklistItem(ctx context.Context, taskID int64, it ChecklistItem) error
	SetChecklistItem(ctx context.Context, taskID, itemID int64, done bool, by int64, at time.Time) error
	InsertComment(ctx context.Context, taskID int64, c Comment) (int64, error)
	ListQueues(ctx context.Context) ([]Queue, error)
	QueueByKey(ctx context.Context, key string) (Queue, error)
	Workloads(ctx context.Context, paths []string, whole bool, today date.Date) ([]Workload, error)
	// CountTasks counts the tasks matching a filter (its limit aside).
	CountTasks(ctx context.Context, f TaskFilter) (int, error)
	// CompletedSince counts the tasks done since a day, in scope, by due
	// date and completion day, for the SLA trend.
	CompletedSince(ctx context.Context, paths []string, whole bool, since date.Date) ([]Completed, error)
	OrgPathOf(ctx context.Context, orgUnitID int64) (string, error)
	UserActive(ctx context.Context, userID int64) (bool, error)
	EmployeeOrgUnit(ctx context.Context, employeeID int64) (int64, error)
	ListInquiries(ctx context.Context, askerUserID int64) ([]Task, error)
}

// TaskStoreTx is a TaskStore that can open its own transaction.
type TaskStoreTx interface {
	TaskStore
	InTx(ctx context.Context, fn func(TaskStore) error) error
}

// Tasks runs the task use cases.
type Tasks struct {
	store    TaskStoreTx
	clock    kit.Clock
	settings func(context.Context) (rules.Settings, error)
}

// NewTasks builds the task service; settings supplies the company's
// business calendar for SLA due dates (nil means the US federal one).
func NewTasks(st TaskStoreTx, clock kit.Clock, settings func(context.Context) (rules.Settings, error)) *Tasks {
	return &Tasks{store: st, clock: clock, settings: settings}
}

func (s *Tasks) today() date.Date { return date.Of(s.clock.Now()) }

func taskTarget(t Task) access.Target {
	return access.Target{OrgPath: t.OrgPath, EmployeeID: -1}
}

// canSee reports whether the actor may see a task: HR with task work over
// the task's scope, or its owner.
func canSee(a access.Actor, t Task) bool {
	if t.OwnerUserID != 0 && t.OwnerUserID == a.UserID {
		return true
	}
	if t.Kind == KindPrivate {
		return false
	}
	if t.OrgPath == "" {
		_, whole := access.ScopePaths(a, access.TaskWork)
		return whole
	}
	return access.Can(a, access.TaskWork, taskTarget(t))
}

// NewTaskInput creates a task.
type NewTaskInput struct {
	Title       string
	Description string
	Kind        string
	QueueKey    string
	OwnerUserID int64
	EmployeeID  int64
	OrgUnitID   int64
	ObjectType  string
	ObjectID    int64
	DueOn       date.Date
	DueSteps    string // JSON explanation of the due date
	Priority    string
	Rule        string
	Checklist   []string
}

// CreateTx creates a task inside the caller's transaction (domains use it
// from their own use cases; rules that create tasks call it). The caller
// has checked its own permission.
func CreateTx(ctx context.Context, st TaskStore, a access.Actor, in NewTaskInput, now time.Time) (int64, error) {
	f := kit.FieldErrors{}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len(in.Title) > 200 {
		f.Add("title", "Enter a title of at most 200 characters")
	}
	if len(in.Description) > 4000 {
		f.Add("description", "Use at most 4,000 characters")
	}
	if in.Priority == "" {
		in.Priority = "normal"
	}
	if !slices.Contains(TaskPriorities, in.Priority) {
		f.Add("priority", "Choose low, normal, high or urgent")
	}
	if in.Kind == "" {
		in.Kind = "general"
	}
	var queueID int64
	if in.QueueKey != "" {
		q, err := st.QueueByKey(ctx, in.QueueKey)
		if err != nil {
			f.Add("queue", "No queue is named "+in.QueueKey)
		}
		queueID = q.ID
	}
	if queueID == 0 && in.OwnerUserID == 0 {
		f.Add("queue", "Choose a queue or an owner")
	}
	if in.OwnerUserID != 0 {
		if ok, err := st.UserActive(ctx, in.OwnerUserID); err != nil || !ok {
			f.Add("owner_user_id", "The owner is not an active user")
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	t := Task{Title: in.Title, Description: strings.TrimSpace(in.Description), Kind: in.Kind, QueueID: queueID, OwnerUserID: in.OwnerUserID,
		EmployeeID: in.EmployeeID, OrgUnitID: in.OrgUnitID, ObjectType: in.ObjectType, ObjectID: in.ObjectID, DueOn: in.DueOn,
		DueExplanation: in.DueSteps, Priority: in.Priority, Status: TaskOpen, Rule: in.Rule, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	id, err := st.InsertTask(ctx, t)
	if err != nil {
		return 0, err
	}
	if in.OwnerUserID != 0 {
		if err := Notify(ctx, st, a, Notification{UserID: in.OwnerUserID, Kind: "task_assigned", Title: "New task: " + in.Title,
			Body: dueText(in.DueOn), Link: fmt.Sprintf("/tasks/%d", id)}, now); err != nil {
			return 0, err
		}
	}
	for i, text := range in.Checklist {
		if text = strings.TrimSpace(text); text == "" {
			continue
		}
		if err := st.InsertChecklistItem(ctx, id, ChecklistItem{Position: i + 1, Text: text}); err != nil {
			return 0, err
		}
	}
	return id, st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "task.create", ObjectType: "task", ObjectID: id,
		Summary: "Created task: " + in.Title, After: audit.Snapshot(map[string]any{"due_on": in.DueOn.String(), "queue": in.QueueKey, "owner_user_id": in.OwnerUserID, "rule": in.Rule}), RequestID: a.RequestID})
}

// Create adds a task by hand. Requires work.tasks.work (over the task's
// org unit when it has one). Errors: KindInvalid, KindForbidden.
func (s *Tasks) Create(ctx context.Context, a access.Actor, in NewTaskInput) (int64, error) {
	if err := access.Require(a, access.TaskWork, access.CompanyTarget); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st TaskStore) error {
		if in.OrgUnitID != 0 {
			p, err := st.OrgPathOf(ctx, in.OrgUnitID)
			if err != nil {
				return kit.Invalid("org_unit_id", "Does not exist")
			}
			if err := access.Require(a, access.TaskWork, access.Target{OrgPath: p, EmployeeID: -1}); err != nil {
				return err
			}
		}
		if in.OwnerUserID != 0 && in.OwnerUserID != a.UserID {
			if err := access.Require(a, access.TaskAssign, access.CompanyTarget); err != nil {
				return kit.Invalid("owner_user_id", "Only an HR manager assigns tasks to someone else; put it in a queue instead")
			}
		}
		in.Kind, in.Rule = "general", ""
		var err error
		id, err = CreateTx(ctx, st, a, in, s.clock.Now())
		return err
	})
	return id, err
}

// Get returns a task with its checklist and comments. HR with task work
// over its scope, and its owner, may read it. Errors: KindNotFound (also
// when not visible).
func (s *Tasks) Get(ctx context.Context, a access.Actor, id int64) (Task, error) {
	t, err := s.store.GetTask(ctx, id)
	if err != nil {
		return t, err
	}
	if !canSee(a, t) {
		return Task{}, kit.NotFound("task")
	}
	return t, nil
}

// MyWork returns the first limit of the actor's own open tasks and of the
// unassigned tasks in the queues in scope, soonest due first, with the
// totals and the actor's overdue count. Requires work.tasks.work. Errors:
// KindForbidden.
func (s *Tasks) MyWork(ctx context.Context, a access.Actor, limit int) (MyWork, error) {
	var w MyWork
	if err := access.Require(a, access.TaskWork, access.CompanyTarget); err != nil {
		return w, err
	}
	open := []string{TaskOpen, TaskInProgress, TaskWaiting}
	mine := TaskFilter{OwnerUserID: a.UserID, Statuses: open, WholeCompany: true, Viewer: a.UserID, Limit: limit}
	paths, whole := access.ScopePaths(a, access.TaskWork)
	queued := TaskFilter{Unassigned: true, Statuses: open, ScopePaths: paths, WholeCompany: whole, Viewer: a.UserID, Limit: limit}
	var err error
	if w.Mine, err = s.store.ListTasks(ctx, mine); err != nil {
		return w, err
	}
	if w.Queued, err = s.store.ListTasks(ctx, queued); err != nil {
		return w, err
	}
	if w.MineTotal, err = s.store.CountTasks(ctx, mine); err != nil {
		return w, err
	}
	mine.DueBefore = s.today()
	if w.MineOverdue, err = s.store.CountTasks(ctx, mine); err != nil {
		return w, err
	}
	w.QueuedTotal, err = s.store.CountTasks(ctx, queued)
	return w, err
}

// List returns tasks in the actor's scope matching f. Requires
// work.tasks.work. Errors: KindForbidden.
func (s *Tasks) List(ctx context.Context, a access.Actor, f TaskFilter) ([]Task, error) {
	if err := access.Require(a, access.TaskWork, access.CompanyTarget); err != nil {
		return nil, err
	}
	f.ScopePaths, f.WholeCompany = access.ScopePaths(a, access.TaskWork)
	f.Viewer, f.IncludePrivate = a.UserID, false
	return s.store.ListTasks(ctx, f)
}

// update loads a visible task, applies change and records the audit
// entry, in one transaction.
func (s *Tasks) update(ctx context.Context, a access.Actor, id int64, action string, change func(st TaskStore, t *Task) (string, error)) error {
	return s.store.InTx(ctx, func(st TaskStore) error {
		t, err := st.GetTask(ctx, id)
		if err != nil {
			return err
		}
		if !canSee(a, t) {
			return kit.NotFound("task")
		}
		before := map[string]any{"status": t.Status, "owner_user_id": t.OwnerUserID, "due_on": t.DueOn.String()}
		summary, err := change(st, &t)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		t.UpdatedAt = now
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "task", ObjectID: id,
			Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(map[string]any{"status": t.Status, "owner_user_id": t.OwnerUserID, "due_on": t.DueOn.String()}), RequestID: a.RequestID})
	})
}

// SetStatus moves a task to a state. The owner or HR in scope may. Done
// and cancelled tasks can be reopened. Errors: KindInvalid, KindNotFound.
func (s *Tasks) SetStatus(ctx context.Context, a access.Actor, id int64, status string) error {
	if !slices.Contains(TaskStatuses, status) {
		return kit.Invalid("status", "Choose one of "+strings.Join(TaskStatuses, ", "))
	}
	return s.update(ctx, a, id, "task.status", func(st TaskStore, t *Task) (string, error) {
		if t.Status == status {
			return "", kit.Conflict("the task is already %s", strings.ReplaceAll(status, "_", " "))
		}
		t.Status = status
		if status == TaskDone || status == TaskCancelled {
			t.CompletedAt = s.clock.Now()
		} else {
			t.CompletedAt = time.Time{}
		}
		if t.OwnerUserID == 0 && status != TaskCancelled {
			t.OwnerUserID = a.UserID // whoever works a queued task takes it
		}
		return fmt.Sprintf("Task %q is now %s", t.Title, strings.ReplaceAll(status, "_", " ")), nil
	})
}

// Claim takes an unassigned queued task. Requires work.tasks.work over
// its scope. Errors: KindConflict (already owned), KindNotFound.
func (s *Tasks) Claim(ctx context.Context, a access.Actor, id int64) error {
	return s.update(ctx, a, id, "task.claim", func(st TaskStore, t *Task) (string, error) {
		if t.OwnerUserID != 0 {
			return "", kit.Conflict("%s already owns this task", t.OwnerName)
		}
		t.OwnerUserID = a.UserID
		return fmt.Sprintf("%s took task %q", a.Name, t.Title), nil
	})
}

// Reassign gives a task to another user or back to its queue (owner 0).
// Requires work.tasks.assign (HR managers); a generalist may only hand
// their own task back to the queue. Errors: KindInvalid, KindForbidden,
// KindNotFound.
func (s *Tasks) Reassign(ctx context.Context, a access.Actor, id, owner int64) error {
	return s.update(ctx, a, id, "task.reassign", func(st TaskStore, t *Task) (string, error) {
		managed := access.Can(a, access.TaskAssign, taskTarget(*t))
		if !managed && !(owner == 0 && t.OwnerUserID == a.UserID) {
			return "", kit.Forbidden("only an HR manager reassigns tasks; you can return your own task to its queue")
		}
		if owner == 0 && t.QueueID == 0 {
			return "", kit.Invalid("owner_user_id", "This task has no queue to return to; choose a person")
		}
		if owner != 0 {
			if ok, err := st.UserActive(ctx, owner); err != nil || !ok {
				return "", kit.Invalid("owner_user_id", "The new owner is not an active user")
			}
		}
		t.OwnerUserID = owner
		if owner == 0 {
			return fmt.Sprintf("Returned task %q to its queue", t.Title), nil
		}
		if err := Notify(ctx, st, a, Notification{UserID: owner, Kind: "task_assigned", Title: a.Name + " assigned you: " + t.Title,
			Body: dueText(t.DueOn), Link: fmt.Sprintf("/tasks/%d", t.ID)}, s.clock.Now()); err != nil {
			return "", err
		}
		return fmt.Sprintf("Reassigned task %q to user %d", t.Title, owner), nil
	})
}

// Check ticks or unticks a checklist item. Errors: KindNotFound.
func (s *Tasks) Check(ctx context.Context, a access.Actor, id, itemID int64, done bool) error {
	return s.update(ctx, a, id, "task.checklist", func(st TaskStore, t *Task) (string, error) {
		found := false
		for _, it := range t.Checklist {
			if it.ID == itemID {
				found = true
				if err := st.SetChecklistItem(ctx, id, itemID, done, a.UserID, s.clock.Now()); err != nil {
					return "", err
				}
				verb := "Unticked"
				if done {
					verb = "Ticked"
				}
				if t.Status == TaskOpen && done {
					t.Status = TaskInProgress
				}
				return verb + " " + it.Text, nil
			}
		}
		if !found {
			return "", kit.NotFound("checklist item")
		}
		return "", nil
	})
}

// AddComment adds a note to a task. Errors: KindInvalid, KindNotFound.
func (s *Tasks) AddComment(ctx context.Context, a access.Actor, id int64, body string) error {
	body = strings.TrimSpace(body)
	if body == "" || len(body) > 4000 {
		return kit.Invalid("body", "Write a comment of at most 4,000 characters")
	}
	return s.update(ctx, a, id, "task.comment", func(st TaskStore, t *Task) (string, error) {
		if _, err := st.InsertComment(ctx, id, Comment{AuthorID: a.UserID, Body: body, CreatedAt: s.clock.Now()}); err != nil {
			return "", err
		}
		if t.Kind == "inquiry" {
			if err := Notify(ctx, st, a, Notification{UserID: t.CreatedBy, Kind: "inquiry_answered", Title: "HR answered: " + t.Title,
				Body: body, Link: fmt.Sprintf("/help/%d", t.ID)}, s.clock.Now()); err != nil {
				return "", err
			}
		}
		return "Commented on " + t.Title, nil
	})
}

// Workload returns each task owner's open work and recent SLA record in
// the actor's scope. Requires work.tasks.assign (HR managers and
// directors). Errors: KindForbidden.
func (s *Tasks) Workload(ctx context.Context, a access.Actor) ([]Workload, error) {
	if err := access.Require(a, access.TaskAssign, access.CompanyTarget); err != nil {
		return nil, err
	}
	paths, whole := access.ScopePaths(a, access.TaskAssign)
	return s.store.Workloads(ctx, paths, whole, s.today())
}

// Queues lists the task queues. Requires work.tasks.work.
func (s *Tasks) Queues(ctx context.Context, a access.Actor) ([]Queue, error) {
	if err := access.Require(a, access.TaskWork, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListQueues(ctx)
}

func dueText(d date.Date) string {
	if d.IsZero() {
		return "No due date."
	}
	return "Due " + d.Format("Mon Jan 2, 2006") + "."
}

// WeekSLA is one week of finished tasks and how many were on time.
type WeekSLA struct {
	WeekStart date.Date // a Monday
	Done      int
	OnTime    int
}

// Pct is the on-time share, or 100 for a week with nothing done.
func (w WeekSLA) Pct() float64 {
	if w.Done == 0 {
		return 100
	}
	return float64(w.OnTime) * 100 / float64(w.Done)
}

// Completed counts the tasks done on one day that were due on another.
type Completed struct {
	Due  date.Date
	Done date.Date
	N    int
}

// SLATrend returns the last n weeks (oldest first) of tasks done and done
// by their due date, in the actor's scope. Requires work.tasks.assign.
// Errors: KindForbidden.
func (s *Tasks) SLATrend(ctx context.Context, a access.Actor, n int) ([]WeekSLA, error) {
	if err := access.Require(a, access.TaskAssign, access.CompanyTarget); err != nil {
		return nil, err
	}
	paths, whole := access.ScopePaths(a, access.TaskAssign)
	today := s.today()
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	first := monday.AddDays(-7 * (n - 1))
	rows, err := s.store.CompletedSince(ctx, paths, whole, first)
	if err != nil {
		return nil, err
	}
	weeks := make([]WeekSLA, n)
	for i := range weeks {
		weeks[i].WeekStart = first.AddDays(7 * i)
	}
	for _, r := range rows {
		i := first.DaysUntil(r.Done) / 7
		if i < 0 || i >= n {
			continue
		}
		weeks[i].Done += r.N
		if r.Due.IsZero() || !r.Done.After(r.Due) {
			weeks[i].OnTime += r.N
		}
	}
	return weeks, nil
}
