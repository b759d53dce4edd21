package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// TaskRow is a task as a list shows it.
type TaskRow struct {
	work.Task
	Overdue  bool
	DueSoon  bool
	Mine     bool
	Progress string
}

func taskRows(ts []work.Task, today date.Date, me int64) []TaskRow {
	out := make([]TaskRow, len(ts))
	for i, t := range ts {
		r := TaskRow{Task: t, Overdue: t.Overdue(today), Mine: t.OwnerUserID == me}
		r.DueSoon = !r.Overdue && t.Open() && !t.DueOn.IsZero() && t.DueOn.Before(today.AddDays(3))
		if t.ChecklistTotal > 0 {
			r.Progress = strconv.Itoa(t.ChecklistDone) + "/" + strconv.Itoa(t.ChecklistTotal)
		}
		out[i] = r
	}
	return out
}

// TaskTable is what the "tasktable" partial renders.
type TaskTable struct {
	Rows   []TaskRow
	Bulk   bool   // checkboxes for bulk actions
	FormID string // the bulk form the checkboxes belong to
	Queue  bool   // show the queue column instead of the status
	Claim  bool   // a Take button per row
	CSRF   string
}

// TasksPage lists tasks with filters.
type TasksPage struct {
	Base
	Table     TaskTable
	Rows      []TaskRow
	Queues    []Option
	Statuses  []Option
	Filter    url.Values
	CanAssign bool
}

func (u *UI) tasksPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	f := work.TaskFilter{Limit: 300}
	switch q.Get("owner") {
	case "", "me":
		f.OwnerUserID = a.UserID
	case "queue":
		f.Unassigned = true
	case "all":
	default:
		id, err := strconv.ParseInt(q.Get("owner"), 10, 64)
		if err != nil {
			return kit.Invalid("owner", "Choose an owner")
		}
		f.OwnerUserID = id
	}
	status := q.Get("status")
	switch status {
	case "", "open":
		f.Statuses = []string{work.TaskOpen, work.TaskInProgress, work.TaskWaiting}
	case "all":
	default:
		f.Statuses = []string{status}
	}
	if v := q.Get("queue"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.QueueIDs = []int64{id}
		}
	}
	ts, err := u.Tasks.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	qs, err := u.Tasks.Queues(r.Context(), a)
	if err != nil {
		return err
	}
	p := TasksPage{Base: u.base(r, "Tasks", "Tasks"), Rows: taskRows(ts, date.Of(u.now()), a.UserID), Filter: q,
		CanAssign: access.Can(a, access.TaskAssign, access.CompanyTarget)}
	p.Table = TaskTable{Rows: p.Rows, Bulk: true, FormID: "bulk", CSRF: p.CSRF}
	for _, qu := range qs {
		p.Queues = append(p.Queues, Option{Value: itoa(qu.ID), Label: qu.Name, Selected: q.Get("queue") == itoa(qu.ID)})
	}
	p.Statuses = selected([]Option{{Value: "open", Label: "Open"}, {Value: "done", Label: "Done"}, {Value: "cancelled", Label: "Cancelled"}, {Value: "all", Label: "All"}}, status)
	u.render(w, r, http.StatusOK, "tasks/list", p)
	return nil
}

// TaskPage is one task.
type TaskPage struct {
	Base
	T         TaskRow
	Statuses  []Option
	CanAssign bool
	Users     []Option
	Form      Form
	// Pay is the pay record a pay question is about, when the viewer may
	// see it.
	Pay *people.PayRecord
	// Plan is the benefit plan a benefits question is about.
	Plan *benefits.Plan
}

func (u *UI) taskPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderTask(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderTask(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	t, err := u.Tasks.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := TaskPage{Base: u.base(r, t.Title, "Tasks"), T: taskRows([]work.Task{t}, date.Of(u.now()), a.UserID)[0], Form: f}
	p.Crumbs = []Crumb{{Label: "Tasks", Href: "/tasks"}, {Label: t.Title}}
	p.Statuses = selected(codeOptions(work.TaskStatuses), t.Status)
	if t.ObjectType == "pay_record" {
		if pr, err := u.People.PayRecord(r.Context(), a, t.ObjectID); err == nil {
			p.Pay = &pr
		}
	}
	if t.ObjectType == "benefit_plan" {
		if pl, err := u.Benefits.Plan(r.Context(), a, t.ObjectID); err == nil {
			p.Plan = &pl
		}
	}
	p.CanAssign = access.Can(a, access.TaskAssign, access.Target{OrgPath: t.OrgPath, EmployeeID: -1})
	if p.CanAssign {
		users, err := u.Access.ListHRUsers(r.Context(), a)
		if err != nil {
			return err
		}
		for _, us := range users {
			p.Users = append(p.Users, Option{Value: itoa(us.ID), Label: us.Name, Selected: us.ID == t.OwnerUserID})
		}
	}
	u.render(w, r, status, "tasks/detail", p)
	return nil
}

func (u *UI) taskAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actor(r), r.Context()
	back := "/tasks/" + itoa(id)
	if next := r.PostFormValue("next"); next == "/" || next == "/tasks" {
		back = next
	}
	var msg string
	switch r.PathValue("action") {
	case "status":
		err, msg = u.Tasks.SetStatus(ctx, a, id, r.PostFormValue("status")), "Updated the task."
	case "claim":
		err, msg = u.Tasks.Claim(ctx, a, id), "The task is yours."
	case "release":
		err, msg = u.Tasks.Reassign(ctx, a, id, 0), "Returned the task to its queue."
	case "reassign":
		owner, _ := strconv.ParseInt(r.PostFormValue("owner_user_id"), 10, 64)
		err, msg = u.Tasks.Reassign(ctx, a, id, owner), "Reassigned the task."
	case "check":
		item, _ := strconv.ParseInt(r.PostFormValue("item"), 10, 64)
		err, msg = u.Tasks.Check(ctx, a, id, item, r.PostFormValue("done") == "1"), ""
	case "comment":
		err, msg = u.Tasks.AddComment(ctx, a, id, r.PostFormValue("body")), "Added your comment."
	default:
		return kit.NotFound("page")
	}
	if err != nil {
		switch kit.KindOf(err) {
		case kit.KindInvalid:
			f := NewForm(r.PostForm)
			_ = f.Fail(err, nil)
			return u.renderTask(w, r, http.StatusUnprocessableEntity, f)
		case kit.KindConflict:
			return u.redirect(w, r, back, kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, back, msg)
}

// bulkTasks applies one action to the selected tasks of a list.
func (u *UI) bulkTasks(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	action := r.PostFormValue("action")
	n := 0
	for _, v := range r.PostForm["task"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		switch action {
		case "done":
			err = u.Tasks.SetStatus(ctx, a, id, work.TaskDone)
		case "claim":
			err = u.Tasks.Claim(ctx, a, id)
		default:
			return kit.Invalid("action", "Choose an action")
		}
		if err != nil && kit.KindOf(err) != kit.KindConflict {
			return err
		}
		if err == nil {
			n++
		}
	}
	back := "/"
	if r.PostFormValue("next") == "/tasks" {
		back = "/tasks"
	}
	return u.redirect(w, r, back, "Updated "+strconv.Itoa(n)+" tasks.")
}

// NewTaskPage is the form for a hand-made task.
type NewTaskPage struct {
	Base
	Form       Form
	Queues     []Option
	Priorities []Option
}

func (u *UI) newTaskForm(w http.ResponseWriter, r *http.Request) error {
	return u.renderNewTask(w, r, http.StatusOK, NewForm(url.Values{"priority": {"normal"}}))
}

func (u *UI) renderNewTask(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	qs, err := u.Tasks.Queues(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := NewTaskPage{Base: u.base(r, "New task", "Tasks"), Form: f, Priorities: codeOptions(work.TaskPriorities)}
	p.Queues = append(p.Queues, Option{Value: "me", Label: "Me"})
	for _, q := range qs {
		p.Queues = append(p.Queues, Option{Value: q.Key, Label: "Queue: " + q.Name})
	}
	p.Crumbs = []Crumb{{Label: "Tasks", Href: "/tasks"}, {Label: "New task"}}
	u.render(w, r, status, "tasks/new", p)
	return nil
}

func (u *UI) createTask(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	a := actor(r)
	in := work.NewTaskInput{Title: f.Get("title"), Description: f.Get("description"), DueOn: dateOf(f, "due_on"), Priority: f.Get("priority")}
	if f.Get("queue") == "me" {
		in.OwnerUserID = a.UserID
	} else {
		in.QueueKey = f.Get("queue")
	}
	var err error
	if len(f.Errors) == 0 {
		var id int64
		if id, err = u.Tasks.Create(r.Context(), a, in); err == nil {
			return u.redirect(w, r, "/tasks/"+itoa(id), "Created the task.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderNewTask(w, r, http.StatusUnprocessableEntity, f)
}
