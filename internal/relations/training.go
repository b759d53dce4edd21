package relations

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Training topics for line managers.
var TrainingTopics = []string{"harassment_prevention", "legal_risk", "difficult_conversations", "progressive_discipline", "investigations", "professional_development", "compliance", "technical", "other"}

// TopicLabels name the topics.
var TopicLabels = map[string]string{
	"harassment_prevention": "Harassment prevention", "difficult_conversations": "Difficult conversations",
	"progressive_discipline": "Progressive discipline", "investigations": "Workplace investigations", "other": "Other",
	"professional_development": "Professional development", "compliance": "Compliance", "technical": "Technical skills",
	"legal_risk": "Legal risk for leaders (discrimination, retaliation, wage and hour, leave, I-9)",
}

// HarassmentRefreshMonths is how often a manager repeats harassment
// prevention training: every two years, the strictest common state rule
// (California requires supervisors to take two hours every two years;
// New York requires annual training for everyone, configure a shorter
// cycle there when the company grows into it).
const HarassmentRefreshMonths = 24

// Training is a session given to line managers, with its attendance.
type Training struct {
	ID      int64
	Topic   string
	Title   string
	HeldOn  date.Date
	Trainer string
	Hours   int
	// Credits count toward the recertification of CertificationID for
	// the attendees who hold it (careers).
	Credits         float64
	CertificationID int64
	Notes           string
	Attendees       []Attendee
	CreatedBy       int64
	CreatedAt       time.Time
}

// Attended counts who attended.
func (t Training) Attended() int {
	n := 0
	for _, a := range t.Attendees {
		if a.Attended {
			n++
		}
	}
	return n
}

// Attendee is one invited employee.
type Attendee struct {
	EmployeeID int64
	Name       string
	Attended   bool
}

// ManagerRow is a line manager's harassment prevention status.
type ManagerRow struct {
	EmployeeID int64
	Name       string
	OrgPath    string
	OrgUnit    string
	Reports    int
	LastOn     date.Date // last harassment prevention training attended
	DueOn      date.Date // when the next one is due (today when never trained)
}

// Due reports whether the manager is due on a day.
func (m ManagerRow) Due(today date.Date) bool { return !m.DueOn.After(today) }

// TrainingStore is what the training use cases need.
type TrainingStore interface {
	InsertTraining(ctx context.Context, t Training) (int64, error)
	ListTrainings(ctx context.Context) ([]Training, error)
	LineManagers(ctx context.Context) ([]ManagerRow, error)
	LastTrained(ctx context.Context, topic string) (map[int64]date.Date, error)
}

// TrainingInput records a session.
type TrainingInput struct {
	Topic   string
	Title   string
	HeldOn  date.Date
	Trainer string
	Hours   int
	// Credits and the certification they count toward (optional).
	Credits         float64
	CertificationID int64
	Notes           string
	Attended        []int64
	Absent          []int64
	Invalid         kit.FieldErrors
}

// RecordTraining records a session given to line managers with who
// attended and who was invited but absent. Requires
// relations.training.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) RecordTraining(ctx context.Context, a access.Actor, in TrainingInput) (int64, error) {
	if err := access.Require(a, access.TrainingManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := in.Invalid
	if f == nil {
		f = kit.FieldErrors{}
	}
	choose(f, "topic", in.Topic, TrainingTopics, TopicLabels)
	in.Title = clean(f, "title", in.Title, true, 200)
	in.Trainer = clean(f, "trainer", in.Trainer, true, 200)
	in.Notes = clean(f, "notes", in.Notes, false, 4000)
	if in.HeldOn.IsZero() {
		f.Add("held_on", "Enter the day it was held")
	} else if in.HeldOn.After(s.today()) {
		f.Add("held_on", "Record a session once it has been held")
	}
	if in.Hours < 0 || in.Hours > 40 {
		f.Add("hours", "Use 0 to 40 hours")
	}
	if in.Credits < 0 || in.Credits > 100 {
		f.Add("credits", "Use 0 to 100 credits")
	}
	if in.Credits > 0 && in.CertificationID == 0 {
		f.Add("certification_id", "Choose the certification the credits count toward")
	}
	if in.CertificationID != 0 && in.Credits == 0 {
		f.Add("credits", "Enter the credits the session earns")
	}
	if len(in.Attended) == 0 {
		f.Add("attended", "Name at least one attendee")
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		t := Training{Topic: in.Topic, Title: in.Title, HeldOn: in.HeldOn, Trainer: in.Trainer, Hours: in.Hours, Credits: in.Credits, CertificationID: in.CertificationID, Notes: in.Notes, CreatedBy: a.UserID, CreatedAt: s.now()}
		seen := map[int64]bool{}
		for _, list := range []struct {
			ids      []int64
			attended bool
			field    string
		}{{dedupe(in.Attended), true, "attended"}, {dedupe(in.Absent), false, "absent"}} {
			for _, e := range list.ids {
				if seen[e] {
					f.Add(list.field, "Someone is listed twice")
					continue
				}
				seen[e] = true
				tg, err := st.Target(ctx, e)
				if err != nil {
					f.Add(list.field, "Choose employees from the directory")
					continue
				}
				if !access.Can(a, access.TrainingManage, tg) {
					f.Add(list.field, "An attendee is outside your scope")
				}
				t.Attendees = append(t.Attendees, Attendee{EmployeeID: e, Attended: list.attended})
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		if id, err = st.InsertTraining(ctx, t); err != nil {
			return err
		}
		return s.record(ctx, st, a, "relations.training", "training", id, "Recorded the training "+t.Title+" ("+t.HeldOn.String()+")",
			map[string]any{"topic": t.Topic, "attended": t.Attended(), "invited": len(t.Attendees)})
	})
	return id, err
}

// Trainings lists the sessions, newest first, with their attendance.
// Requires relations.training.manage. Errors:
// KindForbidden.
func (s *Service) Trainings(ctx context.Context, a access.Actor) ([]Training, error) {
	if err := access.Require(a, access.TrainingManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListTrainings(ctx)
}

// Coverage lists the line managers in the actor's scope with their last
// harassment prevention training and when the next is due, the ones due
// first. Requires relations.training.manage. Errors: KindForbidden.
func (s *Service) Coverage(ctx context.Context, a access.Actor) ([]ManagerRow, error) {
	if err := access.Require(a, access.TrainingManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	ms, err := s.store.LineManagers(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.store.LastTrained(ctx, "harassment_prevention")
	if err != nil {
		return nil, err
	}
	paths, whole := access.ScopePaths(a, access.TrainingManage)
	today := s.today()
	var out []ManagerRow
	for _, m := range ms {
		if !whole && !slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(m.OrgPath, p) }) {
			continue
		}
		m.LastOn = last[m.EmployeeID]
		m.DueOn = today
		if !m.LastOn.IsZero() {
			m.DueOn = m.LastOn.AddMonths(HarassmentRefreshMonths)
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].DueOn.Compare(out[j].DueOn); c != 0 {
			return c < 0
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}
