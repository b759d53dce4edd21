package compliance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Legislative change statuses.
const (
	ChangeOpen     = "open"     // recorded, impact not assessed
	ChangeAssessed = "assessed" // impact assessed, tasks created
	ChangeClosed   = "closed"
)

// Affected is what a change touches.
type Affected struct {
	PolicyIDs   []int64 `json:"policy_ids,omitempty"`
	LocationIDs []int64 `json:"location_ids,omitempty"`
	JobIDs      []int64 `json:"job_ids,omitempty"`
}

// Change is a change in the law the company must act on.
type Change struct {
	ID           int64
	Jurisdiction string // US (federal) or a state
	Title        string
	Summary      string
	SourceURL    string
	EffectiveOn  date.Date
	Status       string
	Impact       string
	Affected     Affected
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
	Tasks        []work.Task // filled by GetChange
}

// ChangeStore is what the legislative log needs.
type ChangeStore interface {
	work.TaskStore
	InsertChange(ctx context.Context, c Change) (int64, error)
	GetChange(ctx context.Context, id int64) (Change, error)
	UpdateChange(ctx context.Context, c Change, version int) error
	ListChanges(ctx context.Context) ([]Change, error)
}

// ChangeInput records a change.
type ChangeInput struct {
	Jurisdiction string
	Title        string
	Summary      string
	SourceURL    string
	EffectiveOn  date.Date
}

var jurisdictionRE = regexp.MustCompile(`^(US|[A-Z]{2})$`)

func (in *ChangeInput) validate() error {
	f := kit.FieldErrors{}
	in.Jurisdiction = strings.ToUpper(strings.TrimSpace(in.Jurisdiction))
	in.Title, in.Summary, in.SourceURL = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), strings.TrimSpace(in.SourceURL)
	if !jurisdictionRE.MatchString(in.Jurisdiction) {
		f.Add("jurisdiction", "Enter US for federal law or the two-letter state")
	}
	if in.Title == "" || len(in.Title) > 200 {
		f.Add("title", "Name the change in at most 200 characters")
	}
	if in.Summary == "" || len(in.Summary) > 4000 {
		f.Add("summary", "Summarise what changes (at most 4,000 characters)")
	}
	if in.SourceURL != "" {
		if u, err := url.Parse(in.SourceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("source_url", "Enter the web address of the source (https://…)")
		}
	}
	if in.EffectiveOn.IsZero() {
		f.Add("effective_on", "Enter the day the change takes effect")
	}
	return f.Err()
}

// RecordChange adds a change to the log. Requires
// compliance.legislation.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) RecordChange(ctx context.Context, a access.Actor, in ChangeInput) (int64, error) {
	if err := access.Require(a, access.LegislationManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		c := Change{Jurisdiction: in.Jurisdiction, Title: in.Title, Summary: in.Summary, SourceURL: in.SourceURL, EffectiveOn: in.EffectiveOn, Status: ChangeOpen,
			CreatedBy: a.UserID, CreatedAt: s.clock.Now(), UpdatedAt: s.clock.Now(), Version: 1}
		if id, err = st.InsertChange(ctx, c); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.change_record", ObjectType: "legislative_change", ObjectID: id,
			Summary: fmt.Sprintf("Recorded %s (%s, effective %s)", in.Title, in.Jurisdiction, in.EffectiveOn), After: audit.Snapshot(in), RequestID: a.RequestID})
	})
	return id, err
}

// TaskInput is a task an assessment creates.
type TaskInput struct {
	Title string
	DueOn date.Date
}

// AssessInput is the impact of a change.
type AssessInput struct {
	Version  int
	Impact   string
	Affected Affected
	Tasks    []TaskInput
}

// AssessChange records a change's impact (what it touches) and creates
// its tasks in the compliance queue (update a policy, retrain managers),
// each due on its day (by the effective date when none is given).
// Requires compliance.legislation.manage. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) AssessChange(ctx context.Context, a access.Actor, id int64, in AssessInput) error {
	if err := access.Require(a, access.LegislationManage, access.CompanyTarget); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	in.Impact = strings.TrimSpace(in.Impact)
	if in.Impact == "" || len(in.Impact) > 4000 {
		f.Add("impact", "Say what the change means for the company (at most 4,000 characters)")
	}
	if len(in.Tasks) > 20 {
		f.Add("tasks", "Create at most 20 tasks at a time")
	}
	for i := range in.Tasks {
		in.Tasks[i].Title = strings.TrimSpace(in.Tasks[i].Title)
		if in.Tasks[i].Title == "" || len(in.Tasks[i].Title) > 200 {
			f.Add(fmt.Sprintf("tasks[%d].title", i), "Name the task in at most 200 characters")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetChange(ctx, id)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != c.Version {
			return kit.Conflict("someone else changed this entry since you opened it; reload it and try again")
		}
		if c.Status == ChangeClosed {
			return kit.Conflict("the change is closed")
		}
		was := c.Version
		c.Impact, c.Affected, c.Status, c.UpdatedAt = in.Impact, in.Affected, ChangeAssessed, s.clock.Now()
		if err := st.UpdateChange(ctx, c, was); err != nil {
			return err
		}
		for _, t := range in.Tasks {
			due := t.DueOn
			if due.IsZero() {
				due = c.EffectiveOn
			}
			why, _ := json.Marshal([]map[string]string{{"text": fmt.Sprintf("%s takes effect on %s.", c.Title, c.EffectiveOn), "citation": c.SourceURL}})
			if _, err := work.CreateTx(ctx, st, a, work.NewTaskInput{Title: t.Title, Description: c.Title + ": " + c.Summary, Kind: "legislative_change", QueueKey: "compliance",
				ObjectType: "legislative_change", ObjectID: c.ID, DueOn: due, DueSteps: string(why), Priority: "normal", Rule: "legislation"}, s.clock.Now()); err != nil {
				return err
			}
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.change_assess", ObjectType: "legislative_change", ObjectID: id,
			Summary: fmt.Sprintf("Assessed %s: %d task(s)", c.Title, len(in.Tasks)), After: audit.Snapshot(map[string]any{"impact": in.Impact, "affected": in.Affected, "tasks": len(in.Tasks)}), RequestID: a.RequestID})
	})
}

// CloseChange closes a change once acted on. Requires
// compliance.legislation.manage. Errors: KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) CloseChange(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.LegislationManage, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetChange(ctx, id)
		if err != nil {
			return err
		}
		if c.Status == ChangeClosed {
			return kit.Conflict("the change is already closed")
		}
		was := c.Version
		c.Status, c.UpdatedAt = ChangeClosed, s.clock.Now()
		if err := st.UpdateChange(ctx, c, was); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.change_close", ObjectType: "legislative_change", ObjectID: id,
			Summary: "Closed " + c.Title, RequestID: a.RequestID})
	})
}

// Changes lists the log, newest effective date first. HR roles read it.
// Errors: KindForbidden.
func (s *Service) Changes(ctx context.Context, a access.Actor) ([]Change, error) {
	if err := access.Require(a, access.CalendarView, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListChanges(ctx)
}

// GetChange returns a change with its tasks. Errors: KindForbidden,
// KindNotFound.
func (s *Service) GetChange(ctx context.Context, a access.Actor, id int64) (Change, error) {
	if err := access.Require(a, access.CalendarView, access.CompanyTarget); err != nil {
		return Change{}, err
	}
	c, err := s.store.GetChange(ctx, id)
	if err != nil {
		return c, err
	}
	c.Tasks, err = s.store.ListTasks(ctx, work.TaskFilter{ObjectType: "legislative_change", ObjectID: id, WholeCompany: true, Limit: 100})
	return c, err
}

// CalendarItem is one dated obligation.
type CalendarItem struct {
	Date  date.Date
	Kind  string // legislation, policy, leave, i9, closure, fmla_method
	Title string
	Link  string
}

// CalendarStore reads the dated obligations.
type CalendarStore interface {
	CalendarItems(ctx context.Context, from, to date.Date) ([]CalendarItem, error)
}

// Calendar lists the compliance calendar from a day for a number of days:
// laws taking effect, policy acknowledgments coming due, leave notices
// and certifications due, a change of the FMLA method, company
// closures. HR roles read it. Errors: KindForbidden, KindInvalid.
func (s *Service) Calendar(ctx context.Context, a access.Actor, from date.Date, days int) ([]CalendarItem, error) {
	if err := access.Require(a, access.CalendarView, access.CompanyTarget); err != nil {
		return nil, err
	}
	if days < 1 || days > 400 {
		return nil, kit.Invalid("days", "Show 1 to 400 days")
	}
	to := from.AddDays(days - 1)
	items, err := s.store.CalendarItems(ctx, from, to)
	if err != nil {
		return nil, err
	}
	st, err := s.load(ctx, s.store)
	if err != nil {
		return nil, err
	}
	if st.PendingMethod != "" && st.PendingFrom.Between(from, to) {
		items = append(items, CalendarItem{Date: st.PendingFrom, Kind: "fmla_method", Title: "The FMLA 12-month method changes to " + strings.ReplaceAll(st.PendingMethod, "_", " "), Link: "/settings/company"})
	}
	sortItems(items)
	return items, nil
}

func sortItems(items []CalendarItem) {
	slices.SortStableFunc(items, func(a, b CalendarItem) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
}
