package work

import (
	"context"
	"encoding/json"
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

// InquiryTopics are what employees ask HR about.
var InquiryTopics = []string{"pay", "benefits", "leave", "policy", "personal_details", "other"}

// InquiryInput is an employee's question to HR.
type InquiryInput struct {
	Topic    string
	Subject  string
	Question string
	// ObjectType and ObjectID link the question to what it is about (a
	// policy, a pay record of the asker's); the caller has checked the
	// asker may see it.
	ObjectType string
	ObjectID   int64
}

// InquiryObjects are what a question may be linked to.
var InquiryObjects = []string{"policy", "pay_record", "benefit_plan"}

// Ask records an employee's question as a task in the HR help-desk queue,
// due within the queue's SLA in business days (on the company calendar),
// with the due date explained. Requires work.inquiries.ask (any employee,
// for themself). Errors: KindInvalid, KindForbidden.
func (s *Tasks) Ask(ctx context.Context, a access.Actor, in InquiryInput) (int64, error) {
	if err := access.Require(a, access.InquiryAsk, access.Target{EmployeeID: a.EmployeeID}); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	if !slices.Contains(InquiryTopics, in.Topic) {
		f.Add("topic", "Choose a topic")
	}
	in.Subject, in.Question = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Question)
	if in.Subject == "" || len(in.Subject) > 150 {
		f.Add("subject", "Write a short subject of at most 150 characters")
	}
	if in.Question == "" || len(in.Question) > 4000 {
		f.Add("question", "Write your question (at most 4,000 characters)")
	}
	if in.ObjectType != "" && (!slices.Contains(InquiryObjects, in.ObjectType) || in.ObjectID <= 0) {
		f.Add("object_type", "A question can be linked to a policy, a pay record or a benefit plan only")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	settings := rules.Settings{BusinessCalendar: "US_FED"}
	if s.settings != nil {
		var err error
		if settings, err = s.settings(ctx); err != nil {
			return 0, err
		}
	}
	var id int64
	err := s.store.InTx(ctx, func(st TaskStore) error {
		q, err := st.QueueByKey(ctx, "helpdesk")
		if err != nil {
			return err
		}
		org, err := st.EmployeeOrgUnit(ctx, a.EmployeeID)
		if err != nil {
			return err
		}
		today := date.Of(s.clock.Now())
		cal := rules.NewBusinessCalendar(settings.BusinessCalendar, settings.Closures)
		due := cal.AddBusinessDays(today, q.SLADays)
		why, _ := json.Marshal([]rules.Step{{Text: fmt.Sprintf("The HR help desk answers within %d business days of the question (%s): %s.", q.SLADays, today, due), Citation: "Company help-desk service level"}})
		id, err = CreateTx(ctx, st, a, NewTaskInput{Title: label(in.Topic) + ": " + in.Subject, Description: in.Question, Kind: "inquiry", QueueKey: "helpdesk",
			EmployeeID: a.EmployeeID, OrgUnitID: org, DueOn: due, DueSteps: string(why), Priority: "normal", Rule: "helpdesk.sla", ObjectType: in.ObjectType, ObjectID: in.ObjectID}, s.clock.Now())
		return err
	})
	return id, err
}

// MyInquiries lists the questions the actor asked, newest first.
func (s *Tasks) MyInquiries(ctx context.Context, a access.Actor) ([]Task, error) {
	if err := access.Require(a, access.InquiryAsk, access.Target{EmployeeID: a.EmployeeID}); err != nil {
		return nil, err
	}
	return s.store.ListInquiries(ctx, a.UserID)
}

// Inquiry returns one of the actor's own questions with the thread.
// Errors: KindNotFound (also for someone else's question).
func (s *Tasks) Inquiry(ctx context.Context, a access.Actor, id int64) (Task, error) {
	t, err := s.store.GetTask(ctx, id)
	if err != nil || t.Kind != "inquiry" || t.CreatedBy != a.UserID {
		return Task{}, kit.NotFound("question")
	}
	return t, nil
}

// FollowUp adds the asker's reply to their own question and reopens it
// if HR had closed it. Errors: KindInvalid, KindNotFound.
func (s *Tasks) FollowUp(ctx context.Context, a access.Actor, id int64, body string) error {
	body = strings.TrimSpace(body)
	if body == "" || len(body) > 4000 {
		return kit.Invalid("body", "Write your reply (at most 4,000 characters)")
	}
	return s.store.InTx(ctx, func(st TaskStore) error {
		t, err := st.GetTask(ctx, id)
		if err != nil || t.Kind != "inquiry" || t.CreatedBy != a.UserID {
			return kit.NotFound("question")
		}
		now := s.clock.Now()
		if _, err := st.InsertComment(ctx, id, Comment{AuthorID: a.UserID, Body: body, CreatedAt: now}); err != nil {
			return err
		}
		if !t.Open() {
			t.Status, t.CompletedAt = TaskOpen, time.Time{}
		}
		t.UpdatedAt = now
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "inquiry.follow_up", ObjectType: "task", ObjectID: id, Summary: "Replied on " + t.Title, RequestID: a.RequestID})
	})
}

// label turns a code into words.
func label(code string) string {
	s := strings.ReplaceAll(code, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
