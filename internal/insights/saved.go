package insights

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// SavedReport is a report definition someone saved.
type SavedReport struct {
	ID          int64         `json:"id"`
	Name        string        `json:"name"`
	OwnerUserID int64         `json:"owner_user_id"`
	OwnerName   string        `json:"owner_name"`
	Spec        Spec          `json:"spec"`
	SharedRoles []access.Role `json:"shared_roles"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	Mine        bool          `json:"mine"`
}

// Schedule emails a saved report to a user.
type Schedule struct {
	ID         int64     `json:"id"`
	ReportID   int64     `json:"report_id"`
	UserID     int64     `json:"user_id"`
	Frequency  string    `json:"frequency" enum:"daily,weekly,monthly"`
	Format     string    `json:"format" enum:"csv,xlsx"`
	NextRunOn  date.Date `json:"next_run_on"`
	LastRunAt  time.Time `json:"last_run_at,omitzero"`
	LastStatus string    `json:"last_status,omitempty"`
}

// ShareableRoles are the roles a report may be shared with.
var ShareableRoles = []access.Role{access.RoleGeneralist, access.RoleManager, access.RoleDirector}

// Frequencies and formats of schedules.
var (
	Frequencies   = []string{"daily", "weekly", "monthly"}
	ExportFormats = []string{"csv", "xlsx"}
)

// ReportStore keeps saved reports and schedules (insights' own records;
// it never writes the domains').
type ReportStore interface {
	InsertSavedReport(ctx context.Context, r SavedReport) (int64, error)
	UpdateSavedReport(ctx context.Context, r SavedReport) error
	DeleteSavedReport(ctx context.Context, id int64) error
	GetSavedReport(ctx context.Context, id int64) (SavedReport, error)
	ListSavedReports(ctx context.Context) ([]SavedReport, error)
	InsertSchedule(ctx context.Context, sc Schedule, at time.Time) (int64, error)
	DeleteSchedule(ctx context.Context, id int64) error
	ListSchedules(ctx context.Context, reportID int64) ([]Schedule, error)
	DueSchedules(ctx context.Context, today date.Date) ([]Schedule, error)
	MarkScheduleRun(ctx context.Context, id int64, next date.Date, at time.Time, status string) error
	AppendAudit(ctx context.Context, e audit.Entry) error
}

// TxStore is the store with transactions.
type TxStore interface {
	Store
	ReportStore
	InTx(ctx context.Context, fn func(TxStore) error) error
}

func (s *Service) tx() (TxStore, error) {
	t, ok := s.store.(TxStore)
	if !ok {
		return nil, fmt.Errorf("insights: the store cannot save reports")
	}
	return t, nil
}

// canSee: the owner, or someone holding a role it is shared with.
func canSee(a access.Actor, r SavedReport) bool {
	if r.OwnerUserID == a.UserID {
		return true
	}
	for _, role := range r.SharedRoles {
		if a.Has(role) {
			return true
		}
	}
	return false
}

// SavedReports lists the saved reports the actor may open: their own and
// those shared with one of their roles. Requires insights.reports.
func (s *Service) SavedReports(ctx context.Context, a access.Actor) ([]SavedReport, error) {
	if !access.CanAnywhere(a, access.ReportsBuild) {
		return nil, kit.Forbidden("the report builder is for HR")
	}
	t, err := s.tx()
	if err != nil {
		return nil, err
	}
	all, err := t.ListSavedReports(ctx)
	if err != nil {
		return nil, err
	}
	var out []SavedReport
	for _, r := range all {
		if canSee(a, r) {
			r.Mine = r.OwnerUserID == a.UserID
			out = append(out, r)
		}
	}
	return out, nil
}

// SavedReport opens a saved report the actor may see. Errors:
// KindForbidden, KindNotFound (also when not shared with them).
func (s *Service) SavedReport(ctx context.Context, a access.Actor, id int64) (SavedReport, error) {
	if !access.CanAnywhere(a, access.ReportsBuild) {
		return SavedReport{}, kit.Forbidden("the report builder is for HR")
	}
	t, err := s.tx()
	if err != nil {
		return SavedReport{}, err
	}
	r, err := t.GetSavedReport(ctx, id)
	if err != nil {
		return r, err
	}
	if !canSee(a, r) {
		return SavedReport{}, kit.NotFound("report")
	}
	r.Mine = r.OwnerUserID == a.UserID
	return r, nil
}

// SaveReport creates (id 0) or replaces one of the actor's reports after
// checking the spec runs for them. Requires insights.reports; only the
// owner changes a report. Errors: KindInvalid (name, shared_roles and the
// spec's fields), KindForbidden, KindNotFound.
func (s *Service) SaveReport(ctx context.Context, a access.Actor, id int64, name string, spec Spec, roles []access.Role) (int64, error) {
	_, _, _, err := s.validate(ctx, a, spec)
	fe := kit.FieldsOf(err)
	if err != nil && fe == nil {
		return 0, err
	}
	if fe == nil {
		fe = kit.FieldErrors{}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		fe.Add("name", "Name the report")
	}
	if len(name) > 120 {
		fe.Add("name", "Use at most 120 characters")
	}
	for _, r := range roles {
		if !slices.Contains(ShareableRoles, r) {
			fe.Add("shared_roles", "Share with HR generalists, HR managers or HR directors")
		}
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	t, err := s.tx()
	if err != nil {
		return 0, err
	}
	// The spec is kept as given: its values are normalised each time it
	// runs, and its default dates follow the day it runs.
	r := SavedReport{ID: id, Name: name, OwnerUserID: a.UserID, Spec: spec, SharedRoles: roles, UpdatedAt: s.now().UTC()}
	err = t.InTx(ctx, func(st TxStore) error {
		action := "report.create"
		if id == 0 {
			r.CreatedAt = r.UpdatedAt
			if r.ID, err = st.InsertSavedReport(ctx, r); err != nil {
				return err
			}
		} else {
			old, err := st.GetSavedReport(ctx, id)
			if err != nil {
				return err
			}
			if old.OwnerUserID != a.UserID {
				if canSee(a, old) {
					return kit.Forbidden("only its owner changes a report; save a copy instead")
				}
				return kit.NotFound("report")
			}
			action = "report.update"
			if err := st.UpdateSavedReport(ctx, r); err != nil {
				return err
			}
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "report", ObjectID: r.ID,
			Summary: fmt.Sprintf("Saved the report %q (%s, shared with %v)", name, spec.Subject, roles), After: audit.Snapshot(r), RequestID: a.RequestID})
	})
	return r.ID, err
}

// DeleteReport deletes one of the actor's reports with its schedules.
// Errors: KindForbidden (not the owner), KindNotFound.
func (s *Service) DeleteReport(ctx context.Context, a access.Actor, id int64) error {
	r, err := s.SavedReport(ctx, a, id)
	if err != nil {
		return err
	}
	if !r.Mine {
		return kit.Forbidden("only its owner deletes a report")
	}
	t, err := s.tx()
	if err != nil {
		return err
	}
	return t.InTx(ctx, func(st TxStore) error {
		if err := st.DeleteSavedReport(ctx, id); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "report.delete", ObjectType: "report", ObjectID: id,
			Summary: fmt.Sprintf("Deleted the report %q", r.Name), Before: audit.Snapshot(r), RequestID: a.RequestID})
	})
}

// RunSaved runs a saved report as the actor (their scope and columns).
func (s *Service) RunSaved(ctx context.Context, a access.Actor, id int64, limit int) (SavedReport, Result, error) {
	r, err := s.SavedReport(ctx, a, id)
	if err != nil {
		return r, Result{}, err
	}
	res, err := s.Run(ctx, a, r.Spec, limit)
	return r, res, err
}

// nextRun is the first run date after day for a frequency: tomorrow, in
// a week, or the same day next month (clamped).
func nextRun(day date.Date, frequency string) date.Date {
	switch frequency {
	case "weekly":
		return day.AddDays(7)
	case "monthly":
		return day.AddMonths(1)
	}
	return day.AddDays(1)
}

// Schedules lists the actor's schedules of a report they may see.
func (s *Service) Schedules(ctx context.Context, a access.Actor, reportID int64) ([]Schedule, error) {
	if _, err := s.SavedReport(ctx, a, reportID); err != nil {
		return nil, err
	}
	t, _ := s.tx()
	all, err := t.ListSchedules(ctx, reportID)
	if err != nil {
		return nil, err
	}
	var out []Schedule
	for _, sc := range all {
		if sc.UserID == a.UserID {
			out = append(out, sc)
		}
	}
	return out, nil
}

// ScheduleReport emails a report the actor may see to them at a
// frequency, the first time on the next run date; each run is the
// report as they would see it that day (their permissions then).
// Errors: KindInvalid (frequency, format), KindForbidden, KindNotFound.
func (s *Service) ScheduleReport(ctx context.Context, a access.Actor, reportID int64, frequency, format string) (int64, error) {
	r, err := s.SavedReport(ctx, a, reportID)
	if err != nil {
		return 0, err
	}
	fe := kit.FieldErrors{}
	if !slices.Contains(Frequencies, frequency) {
		fe.Add("frequency", "Choose daily, weekly or monthly")
	}
	if !slices.Contains(ExportFormats, format) {
		fe.Add("format", "Choose CSV or XLSX")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	t, _ := s.tx()
	sc := Schedule{ReportID: reportID, UserID: a.UserID, Frequency: frequency, Format: format, NextRunOn: nextRun(s.Today(), frequency)}
	var id int64
	err = t.InTx(ctx, func(st TxStore) error {
		if id, err = st.InsertSchedule(ctx, sc, s.now().UTC()); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "report.schedule", ObjectType: "report", ObjectID: reportID,
			Summary: fmt.Sprintf("Scheduled the report %q by email, %s as %s", r.Name, frequency, strings.ToUpper(format)), RequestID: a.RequestID})
	})
	return id, err
}

// Unschedule stops one of the actor's schedules. Errors: KindNotFound.
func (s *Service) Unschedule(ctx context.Context, a access.Actor, reportID, scheduleID int64) error {
	scs, err := s.Schedules(ctx, a, reportID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(scs, func(sc Schedule) bool { return sc.ID == scheduleID }) {
		return kit.NotFound("schedule")
	}
	t, _ := s.tx()
	return t.InTx(ctx, func(st TxStore) error {
		if err := st.DeleteSchedule(ctx, scheduleID); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "report.unschedule", ObjectType: "report", ObjectID: reportID,
			Summary: "Stopped a scheduled email of the report", RequestID: a.RequestID})
	})
}

// Delivery is a scheduled report to email.
type Delivery struct {
	Schedule Schedule
	Report   SavedReport
	Result   Result
	File     []byte
	Filename string
}

// Deliver runs every schedule due today or earlier: as its user (whose
// actor is resolved by actorOf, with today's permissions), renders the
// file and hands it to send; the schedule then moves to its next date.
// A schedule whose user may no longer see the report is marked and
// moved on, not sent. Returns the number sent.
func (s *Service) Deliver(ctx context.Context, actorOf func(ctx context.Context, userID int64) (access.Actor, error), send func(ctx context.Context, a access.Actor, d Delivery) error) (int, error) {
	t, err := s.tx()
	if err != nil {
		return 0, err
	}
	today := s.Today()
	due, err := t.DueSchedules(ctx, today)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, sc := range due {
		status := "sent"
		a, err := actorOf(ctx, sc.UserID)
		var d Delivery
		if err == nil {
			d.Schedule = sc
			d.Report, d.Result, err = s.RunSaved(ctx, a, sc.ReportID, MaxExportRows)
		}
		if err == nil {
			d.File, err = kit.WriteTable(sc.Format, "Report", labels(d.Result.Columns), d.Result.Rows)
			d.Filename = fmt.Sprintf("%s-%s.%s", kit.Slug(d.Report.Name, '-'), today, sc.Format)
		}
		if err == nil {
			err = send(ctx, a, d)
			if err == nil {
				sent++
			}
		}
		if err != nil {
			if k := kit.KindOf(err); k != kit.KindForbidden && k != kit.KindNotFound && k != kit.KindInvalid {
				return sent, err // retried with the job
			}
			status = "not sent: " + kit.MessageOf(err)
		}
		next := nextRun(sc.NextRunOn, sc.Frequency)
		for !next.After(today) {
			next = nextRun(next, sc.Frequency)
		}
		if err := t.InTx(ctx, func(st TxStore) error { return st.MarkScheduleRun(ctx, sc.ID, next, s.now().UTC(), status) }); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

func labels(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Label
	}
	return out
}

// SharedWith names the roles the report is shared with.
func (r SavedReport) SharedWith() []string {
	names := map[access.Role]string{access.RoleGeneralist: "HR generalists", access.RoleManager: "HR managers", access.RoleDirector: "HR directors"}
	var out []string
	for _, role := range r.SharedRoles {
		out = append(out, names[role])
	}
	return out
}
