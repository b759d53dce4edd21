package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit/date"
)

type insightsStore struct{ *Conn }

// Insights gives the demo the report store inside its transaction.
func (s timeOffStore) Insights() insights.ReportStore { return insightsStore{s.Conn} }

func (s insightsStore) InTx(ctx context.Context, fn func(insights.TxStore) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(insightsStore{c}) })
}

func rolesText(rs []access.Role) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

func (c *Conn) InsertSavedReport(ctx context.Context, r insights.SavedReport) (int64, error) {
	spec, err := json.Marshal(r.Spec)
	if err != nil {
		return 0, err
	}
	return c.insert(ctx, `INSERT INTO saved_reports (name, owner_user_id, spec, shared_roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Name, r.OwnerUserID, string(spec), rolesText(r.SharedRoles), r.CreatedAt, r.UpdatedAt)
}

func (c *Conn) UpdateSavedReport(ctx context.Context, r insights.SavedReport) error {
	spec, err := json.Marshal(r.Spec)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE saved_reports SET name = ?, spec = ?, shared_roles = ?, updated_at = ? WHERE id = ?`, r.Name, string(spec), rolesText(r.SharedRoles), r.UpdatedAt, r.ID)
	return err
}

func (c *Conn) DeleteSavedReport(ctx context.Context, id int64) error {
	if _, err := c.exec(ctx, `DELETE FROM report_schedules WHERE report_id = ?`, id); err != nil {
		return err
	}
	_, err := c.exec(ctx, `DELETE FROM saved_reports WHERE id = ?`, id)
	return err
}

const savedReportCols = `SELECT r.id, r.name, r.owner_user_id, u.name, r.spec, r.shared_roles, r.created_at, r.updated_at FROM saved_reports r JOIN users u ON u.id = r.owner_user_id`

func scanSavedReport(sc interface{ Scan(...any) error }) (insights.SavedReport, error) {
	var r insights.SavedReport
	var spec, roles string
	if err := sc.Scan(&r.ID, &r.Name, &r.OwnerUserID, &r.OwnerName, &spec, &roles, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(spec), &r.Spec); err != nil {
		return r, fmt.Errorf("report %d spec: %w", r.ID, err)
	}
	r.SharedRoles = []access.Role{}
	for _, x := range strings.Split(roles, ",") {
		if x != "" {
			r.SharedRoles = append(r.SharedRoles, access.Role(x))
		}
	}
	return r, nil
}

func (c *Conn) GetSavedReport(ctx context.Context, id int64) (insights.SavedReport, error) {
	r, err := scanSavedReport(c.row(ctx, savedReportCols+` WHERE r.id = ?`, id))
	return r, notFound(err, "report")
}

func (c *Conn) ListSavedReports(ctx context.Context) ([]insights.SavedReport, error) {
	return scanAll(ctx, c, scanSavedReport, savedReportCols+` ORDER BY lower(r.name), r.id`)
}

func (c *Conn) InsertSchedule(ctx context.Context, sc insights.Schedule, at time.Time) (int64, error) {
	return c.insert(ctx, `INSERT INTO report_schedules (report_id, user_id, frequency, format, next_run_on, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sc.ReportID, sc.UserID, sc.Frequency, sc.Format, sc.NextRunOn, at)
}

func (c *Conn) DeleteSchedule(ctx context.Context, id int64) error {
	_, err := c.exec(ctx, `DELETE FROM report_schedules WHERE id = ?`, id)
	return err
}

const scheduleCols = `SELECT id, report_id, user_id, frequency, format, next_run_on, last_run_at, last_status FROM report_schedules`

func scanSchedule(sc interface{ Scan(...any) error }) (insights.Schedule, error) {
	var s insights.Schedule
	var last sql.NullTime
	err := sc.Scan(&s.ID, &s.ReportID, &s.UserID, &s.Frequency, &s.Format, &s.NextRunOn, &last, &s.LastStatus)
	if last.Valid {
		s.LastRunAt = last.Time
	}
	return s, err
}

func (c *Conn) ListSchedules(ctx context.Context, reportID int64) ([]insights.Schedule, error) {
	return scanAll(ctx, c, scanSchedule, scheduleCols+` WHERE report_id = ? ORDER BY id`, reportID)
}

func (c *Conn) DueSchedules(ctx context.Context, today date.Date) ([]insights.Schedule, error) {
	return scanAll(ctx, c, scanSchedule, scheduleCols+` WHERE next_run_on <= ? ORDER BY next_run_on, id`, today)
}

func (c *Conn) MarkScheduleRun(ctx context.Context, id int64, next date.Date, at time.Time, status string) error {
	_, err := c.exec(ctx, `UPDATE report_schedules SET next_run_on = ?, last_run_at = ?, last_status = ? WHERE id = ?`, next, at, status, id)
	return err
}
