package work

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Template is one task of a configurable flow (the onboarding checklist
// is the first). DueRule says how its due date is computed:
//   - i9_section1: the first day of employment (8 CFR 274a.2(b)(1)(i)(A));
//   - i9_section2: three business days after the first day (274a.2(b)(1)(ii));
//   - hire_plus_days: DueDays calendar days after the first day (may be
//     negative, for things needed before it).
type Template struct {
	ID          int64
	Flow        string
	Position    int
	Title       string
	Description string
	QueueKey    string
	DueRule     string
	DueDays     int
	Priority    string
	Checklist   string // one item per line
	Active      bool
}

// TemplateStore reads flow templates.
type TemplateStore interface {
	ListTemplates(ctx context.Context, flow string) ([]Template, error)
}

// NewHire is what onboarding needs to know about a hire.
type NewHire struct {
	EmployeeID int64
	OrgUnitID  int64
	Name       string
	FirstDay   date.Date
}

// DueDate computes a template task's due date with its explanation.
func DueDate(t Template, firstDay date.Date, s rules.Settings) (date.Date, []rules.Step, error) {
	switch t.DueRule {
	case "i9_section1", "i9_section2":
		r, steps, err := rules.I9Deadlines(rules.I9Facts{FirstDayOfEmployment: firstDay}, s)
		if err != nil {
			return date.Date{}, nil, err
		}
		if t.DueRule == "i9_section1" {
			return r.Section1Due, steps[:2], nil
		}
		return r.Section2Due, steps, nil
	case "hire_plus_days":
		d := firstDay.AddDays(t.DueDays)
		when := fmt.Sprintf("%d days after", t.DueDays)
		if t.DueDays < 0 {
			when = fmt.Sprintf("%d days before", -t.DueDays)
		} else if t.DueDays == 0 {
			when = "on"
		}
		return d, []rules.Step{{Text: fmt.Sprintf("The onboarding checklist sets this task %s the first day of employment (%s): %s.", when, firstDay, d), Citation: "Company onboarding template"}}, nil
	}
	return date.Date{}, nil, fmt.Errorf("unknown due rule %q", t.DueRule)
}

// StartOnboarding creates the onboarding tasks for a hire from the active
// templates, each with its due date and the explanation of that date. It
// runs inside the hire's transaction; the caller has checked permission.
func StartOnboarding(ctx context.Context, st interface {
	TaskStore
	TemplateStore
}, a access.Actor, h NewHire, s rules.Settings, now time.Time) error {
	ts, err := st.ListTemplates(ctx, "onboarding")
	if err != nil {
		return err
	}
	for _, t := range ts {
		if !t.Active {
			continue
		}
		due, steps, err := DueDate(t, h.FirstDay, s)
		if err != nil {
			return fmt.Errorf("onboarding task %q: %w", t.Title, err)
		}
		why, _ := json.Marshal(steps)
		_, err = CreateTx(ctx, st, a, NewTaskInput{
			Title: t.Title + ": " + h.Name, Description: t.Description, Kind: "onboarding", QueueKey: t.QueueKey,
			EmployeeID: h.EmployeeID, OrgUnitID: h.OrgUnitID, ObjectType: "employee", ObjectID: h.EmployeeID,
			DueOn: due, DueSteps: string(why), Priority: t.Priority, Rule: "onboarding." + t.DueRule,
			Checklist: strings.Split(t.Checklist, "\n"),
		}, now)
		if err != nil {
			return err
		}
	}
	return nil
}

// Steps decodes a task's due-date explanation.
func (t Task) Steps() []rules.Step {
	var out []rules.Step
	if t.DueExplanation != "" {
		_ = json.Unmarshal([]byte(t.DueExplanation), &out)
	}
	return out
}
