package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// TaskOut is a task.
type TaskOut struct {
	ID             int64              `json:"id"`
	Title          string             `json:"title"`
	Description    string             `json:"description"`
	Kind           string             `json:"kind"`
	Queue          *string            `json:"queue"`
	OwnerUserID    *int64             `json:"owner_user_id"`
	OwnerName      *string            `json:"owner_name"`
	EmployeeID     *int64             `json:"employee_id"`
	DueOn          date.Date          `json:"due_on"`
	DueExplanation []rules.Step       `json:"due_explanation" doc:"Why the due date is what it is, with citations"`
	Priority       string             `json:"priority"`
	Status         string             `json:"status"`
	Overdue        bool               `json:"overdue"`
	Checklist      []ChecklistItemOut `json:"checklist"`
	Comments       []CommentOut       `json:"comments"`
	CreatedAt      time.Time          `json:"created_at"`
	CompletedAt    *time.Time         `json:"completed_at"`
	ObjectType     string             `json:"object_type,omitempty" doc:"What the task is about (leave_case, policy, …)"`
	ObjectID       int64              `json:"object_id,omitempty"`
}

// ChecklistItemOut is a checklist item.
type ChecklistItemOut struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// CommentOut is a comment.
type CommentOut struct {
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

func taskOut(t work.Task, today date.Date) TaskOut {
	o := TaskOut{ID: t.ID, Title: t.Title, Description: t.Description, Kind: t.Kind, DueOn: t.DueOn, DueExplanation: t.Steps(), Priority: t.Priority,
		Status: t.Status, Overdue: t.Overdue(today), Checklist: []ChecklistItemOut{}, Comments: []CommentOut{}, CreatedAt: t.CreatedAt.UTC(), CompletedAt: timePtr(t.CompletedAt),
		ObjectType: t.ObjectType, ObjectID: t.ObjectID}
	if o.DueExplanation == nil {
		o.DueExplanation = []rules.Step{}
	}
	if t.QueueName != "" {
		q := t.QueueName
		o.Queue = &q
	}
	if t.OwnerUserID != 0 {
		id, n := t.OwnerUserID, t.OwnerName
		o.OwnerUserID, o.OwnerName = &id, &n
	}
	if t.EmployeeID != 0 {
		e := t.EmployeeID
		o.EmployeeID = &e
	}
	for _, it := range t.Checklist {
		o.Checklist = append(o.Checklist, ChecklistItemOut{ID: it.ID, Text: it.Text, Done: it.Done})
	}
	for _, c := range t.Comments {
		o.Comments = append(o.Comments, CommentOut{Author: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt.UTC()})
	}
	return o
}

// TaskIn creates a task.
type TaskIn struct {
	Title       string `json:"title" required:"true"`
	Description string `json:"description,omitempty"`
	Queue       string `json:"queue,omitempty" doc:"Queue key (onboarding, compliance, helpdesk); omit to own it yourself"`
	OwnerUserID int64  `json:"owner_user_id,omitempty" doc:"Assign to someone else (HR managers only)"`
	DueOn       string `json:"due_on,omitempty" format:"date"`
	Priority    string `json:"priority,omitempty" enum:"low,normal,high,urgent,"`
}

// TaskUpdateIn changes a task.
type TaskUpdateIn struct {
	Status      string `json:"status,omitempty" enum:"open,in_progress,waiting,done,cancelled,"`
	OwnerUserID *int64 `json:"owner_user_id,omitempty" doc:"Reassign (0 returns it to its queue)"`
	Claim       bool   `json:"claim,omitempty" doc:"Take an unassigned queued task"`
	Comment     string `json:"comment,omitempty"`
}

// WorkloadOut is one person's work.
type WorkloadOut struct {
	UserID      int64   `json:"user_id"`
	Name        string  `json:"name"`
	Open        int     `json:"open"`
	DueThisWeek int     `json:"due_this_week"`
	Overdue     int     `json:"overdue"`
	AvgAgeDays  float64 `json:"average_age_days"`
	DoneLast30  int     `json:"done_last_30_days"`
	SLAMetPct   float64 `json:"sla_met_pct"`
}

// WeekSLAOut is one week of finished tasks.
type WeekSLAOut struct {
	WeekStart date.Date `json:"week_start" doc:"The Monday the week starts on"`
	Done      int       `json:"done"`
	OnTime    int       `json:"on_time" doc:"Done on or before the due date (tasks with no due date count as on time)"`
	OnTimePct float64   `json:"on_time_pct" doc:"100 for a week with nothing done"`
}

func (a *API) registerTasks(h huma.API) {
	huma.Register(h, op("list-tasks", http.MethodGet, "/tasks", "Tasks: yours by default, or a queue's, or everyone's in scope", "Tasks", access.TaskWork), func(ctx context.Context, in *struct {
		Owner  string `query:"owner" doc:"me (default), queue (unassigned), all, or a user id"`
		Status string `query:"status" enum:"open,in_progress,waiting,done,cancelled,all," doc:"Default: open, in progress and waiting"`
		Limit  int    `query:"limit" minimum:"0" maximum:"500"`
	}) (*body[Page[TaskOut]], error) {
		act := actor(ctx)
		f := work.TaskFilter{Limit: in.Limit}
		switch in.Owner {
		case "", "me":
			f.OwnerUserID = act.UserID
		case "queue":
			f.Unassigned = true
		case "all":
		default:
			id, err := strconv.ParseInt(in.Owner, 10, 64)
			if err != nil {
				return nil, a.fail(ctx, kit.Invalid("owner", "Use me, queue, all or a user id"))
			}
			f.OwnerUserID = id
		}
		switch in.Status {
		case "":
			f.Statuses = []string{work.TaskOpen, work.TaskInProgress, work.TaskWaiting}
		case "all":
		default:
			f.Statuses = []string{in.Status}
		}
		ts, err := a.Tasks.List(ctx, act, f)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		today := date.Of(timeNow())
		out := Page[TaskOut]{Items: []TaskOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, taskOut(t, today))
		}
		return &body[Page[TaskOut]]{out}, nil
	})
	create := op("create-task", http.MethodPost, "/tasks", "Create a task", "Tasks", access.TaskWork)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[TaskIn]) (*body[TaskOut], error) {
		act := actor(ctx)
		b, f := in.Body, kit.FieldErrors{}
		nt := work.NewTaskInput{Title: b.Title, Description: b.Description, QueueKey: b.Queue, OwnerUserID: b.OwnerUserID, DueOn: parseDate(f, "due_on", b.DueOn), Priority: b.Priority}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		if nt.QueueKey == "" && nt.OwnerUserID == 0 {
			nt.OwnerUserID = act.UserID
		}
		id, err := a.Tasks.Create(ctx, act, nt)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.task(ctx, id)
	})
	huma.Register(h, op("get-task", http.MethodGet, "/tasks/{id}", "A task with its checklist, comments and due-date explanation", "Tasks", access.TaskWork), func(ctx context.Context, in *idPath) (*body[TaskOut], error) {
		return a.task(ctx, in.ID)
	})
	huma.Register(h, op("update-task", http.MethodPatch, "/tasks/{id}", "Change a task's status, take it, reassign it (HR managers) or comment", "Tasks", access.TaskWork), func(ctx context.Context, in *withBody[TaskUpdateIn]) (*body[TaskOut], error) {
		act, b := actor(ctx), in.Body
		var err error
		switch {
		case b.Claim:
			err = a.Tasks.Claim(ctx, act, in.ID)
		case b.OwnerUserID != nil:
			err = a.Tasks.Reassign(ctx, act, in.ID, *b.OwnerUserID)
		}
		if err == nil && b.Status != "" {
			err = a.Tasks.SetStatus(ctx, act, in.ID, b.Status)
		}
		if err == nil && b.Comment != "" {
			err = a.Tasks.AddComment(ctx, act, in.ID, b.Comment)
		}
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.task(ctx, in.ID)
	})
	huma.Register(h, op("check-task-item", http.MethodPut, "/tasks/{id}/checklist/{item_id}", "Tick or untick a checklist item", "Tasks", access.TaskWork), func(ctx context.Context, in *struct {
		ID     int64 `path:"id"`
		ItemID int64 `path:"item_id"`
		Body   struct {
			Done bool `json:"done"`
		}
	}) (*body[TaskOut], error) {
		if err := a.Tasks.Check(ctx, actor(ctx), in.ID, in.ItemID, in.Body.Done); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.task(ctx, in.ID)
	})
	huma.Register(h, op("get-workload", http.MethodGet, "/work/workload", "Open work and on-time record per person in scope", "Tasks", access.TaskAssign), func(ctx context.Context, _ *struct{}) (*body[Page[WorkloadOut]], error) {
		wl, err := a.Tasks.Workload(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WorkloadOut]{Items: []WorkloadOut{}}
		for _, w := range wl {
			out.Items = append(out.Items, WorkloadOut{UserID: w.UserID, Name: w.Name, Open: w.Open, DueThisWeek: w.DueThisWeek, Overdue: w.Overdue, AvgAgeDays: w.AvgAgeDays, DoneLast30: w.DoneLast30, SLAMetPct: w.SLAMetPct()})
		}
		return &body[Page[WorkloadOut]]{out}, nil
	})
	huma.Register(h, op("get-sla-trend", http.MethodGet, "/work/sla-trend", "Tasks done per week and how many on time, oldest week first", "Tasks", access.TaskAssign), func(ctx context.Context, in *struct {
		Weeks int `query:"weeks" minimum:"1" maximum:"104" default:"12"`
	}) (*body[Page[WeekSLAOut]], error) {
		weeks, err := a.Tasks.SLATrend(ctx, actor(ctx), in.Weeks)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WeekSLAOut]{Items: []WeekSLAOut{}}
		for _, w := range weeks {
			out.Items = append(out.Items, WeekSLAOut{WeekStart: w.WeekStart, Done: w.Done, OnTime: w.OnTime, OnTimePct: w.Pct()})
		}
		return &body[Page[WeekSLAOut]]{out}, nil
	})
}

func (a *API) task(ctx context.Context, id int64) (*body[TaskOut], error) {
	t, err := a.Tasks.Get(ctx, actor(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &body[TaskOut]{taskOut(t, date.Of(timeNow()))}, nil
}

// InquiryIn is a question to HR.
type InquiryIn struct {
	Topic       string `json:"topic" required:"true" enum:"pay,benefits,leave,policy,personal_details,other"`
	Subject     string `json:"subject" required:"true"`
	Question    string `json:"question" required:"true"`
	PolicyID    int64  `json:"policy_id,omitempty" doc:"A question about a policy: links the question to it"`
	PayRecordID int64  `json:"pay_record_id,omitempty" doc:"A question about one of your pay records (pay history): links the question to it, so HR sees the record"`
	PlanID      int64  `json:"benefit_plan_id,omitempty" doc:"A benefits question or claims problem about a plan: links the question to it"`
}

func (a *API) registerInquiries(h huma.API) {
	ask := op("ask-hr", http.MethodPost, "/inquiries", "Ask the HR help desk a question (lands in its queue with an SLA due date)", "Ask HR", access.InquiryAsk)
	ask.DefaultStatus = http.StatusCreated
	huma.Register(h, ask, func(ctx context.Context, in *body[InquiryIn]) (*body[TaskOut], error) {
		act := actor(ctx)
		q := work.InquiryInput{Topic: in.Body.Topic, Subject: in.Body.Subject, Question: in.Body.Question}
		if in.Body.PolicyID != 0 {
			if _, err := a.Policies.Get(ctx, act, in.Body.PolicyID); err != nil {
				return nil, a.fail(ctx, err)
			}
			q.ObjectType, q.ObjectID = "policy", in.Body.PolicyID
		}
		if in.Body.PlanID != 0 {
			if _, err := a.Benefits.Plan(ctx, act, in.Body.PlanID); err != nil {
				return nil, a.fail(ctx, err)
			}
			q.ObjectType, q.ObjectID = "benefit_plan", in.Body.PlanID
		}
		if in.Body.PayRecordID != 0 {
			pr, err := a.People.PayRecord(ctx, act, in.Body.PayRecordID)
			if err != nil || pr.EmployeeID != act.EmployeeID {
				return nil, a.fail(ctx, kit.NotFound("pay record"))
			}
			q.ObjectType, q.ObjectID = "pay_record", in.Body.PayRecordID
		}
		id, err := a.Tasks.Ask(ctx, act, q)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		t, err := a.Tasks.Inquiry(ctx, act, id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[TaskOut]{taskOut(t, date.Of(timeNow()))}, nil
	})
	huma.Register(h, op("list-inquiries", http.MethodGet, "/inquiries", "Your questions to HR", "Ask HR", access.InquiryAsk), func(ctx context.Context, _ *struct{}) (*body[Page[TaskOut]], error) {
		ts, err := a.Tasks.MyInquiries(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TaskOut]{Items: []TaskOut{}}
		for _, t := range ts {
			out.Items = append(out.Items, taskOut(t, date.Of(timeNow())))
		}
		return &body[Page[TaskOut]]{out}, nil
	})
	huma.Register(h, op("get-inquiry", http.MethodGet, "/inquiries/{id}", "One of your questions with HR's answers", "Ask HR", access.InquiryAsk), func(ctx context.Context, in *idPath) (*body[TaskOut], error) {
		t, err := a.Tasks.Inquiry(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[TaskOut]{taskOut(t, date.Of(timeNow()))}, nil
	})
	reply := op("reply-inquiry", http.MethodPost, "/inquiries/{id}/replies", "Reply on your question (reopens it if HR had closed it)", "Ask HR", access.InquiryAsk)
	reply.DefaultStatus = http.StatusCreated
	huma.Register(h, reply, func(ctx context.Context, in *withBody[struct {
		Body string `json:"body" required:"true"`
	}]) (*body[TaskOut], error) {
		act := actor(ctx)
		if err := a.Tasks.FollowUp(ctx, act, in.ID, in.Body.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		t, err := a.Tasks.Inquiry(ctx, act, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[TaskOut]{taskOut(t, date.Of(timeNow()))}, nil
	})
}
