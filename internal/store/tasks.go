package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Tasks returns the work.TaskStoreTx on this database.
func (db *DB) Tasks() work.TaskStoreTx { return taskStore{db.Reader()} }

type taskStore struct{ *Conn }

func (t taskStore) InTx(ctx context.Context, fn func(work.TaskStore) error) error {
	return t.Conn.inTx(ctx, func(c *Conn) error { return fn(taskStore{c}) })
}

func (c *Conn) InsertTask(ctx context.Context, t work.Task) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO tasks (title, description, kind, queue_id, owner_user_id, employee_id, org_unit_id, object_type, object_id,
		due_on, due_explanation, priority, status, rule, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Title, t.Description, t.Kind, nullInt(t.QueueID), nullInt(t.OwnerUserID), nullInt(t.EmployeeID), nullInt(t.OrgUnitID),
		t.ObjectType, nullInt(t.ObjectID), t.DueOn, t.DueExplanation, t.Priority, t.Status, t.Rule, nullInt(t.CreatedBy), t.CreatedAt.UTC(), t.UpdatedAt.UTC())
	if err != nil {
		return 0, fmt.Errorf("insert task: %w", err)
	}
	return id, nil
}

const taskSelect = `SELECT t.id, t.title, t.description, t.kind, COALESCE(t.queue_id, 0), COALESCE(q.name, ''), COALESCE(t.owner_user_id, 0), COALESCE(u.name, ''),
	COALESCE(t.employee_id, 0), COALESCE(CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, ''),
	COALESCE(t.org_unit_id, 0), COALESCE(o.path, ''), t.object_type, COALESCE(t.object_id, 0), t.due_on, t.due_explanation, t.priority, t.status, t.rule,
	COALESCE(t.created_by, 0), t.created_at, t.updated_at, t.completed_at,
	(SELECT count(*) FROM task_checklist k WHERE k.task_id = t.id AND k.done = ?), (SELECT count(*) FROM task_checklist k WHERE k.task_id = t.id)
	FROM tasks t
	LEFT JOIN task_queues q ON q.id = t.queue_id
	LEFT JOIN users u ON u.id = t.owner_user_id
	LEFT JOIN employees e ON e.id = t.employee_id
	LEFT JOIN org_units o ON o.id = t.org_unit_id`

func scanTask(s interface{ Scan(...any) error }) (work.Task, error) {
	var t work.Task
	var done sql.NullTime
	err := s.Scan(&t.ID, &t.Title, &t.Description, &t.Kind, &t.QueueID, &t.QueueName, &t.OwnerUserID, &t.OwnerName, &t.EmployeeID, &t.EmployeeName,
		&t.OrgUnitID, &t.OrgPath, &t.ObjectType, &t.ObjectID, &t.DueOn, &t.DueExplanation, &t.Priority, &t.Status, &t.Rule,
		&t.CreatedBy, &t.CreatedAt, &t.UpdatedAt, &done, &t.ChecklistDone, &t.ChecklistTotal)
	t.CompletedAt = done.Time
	return t, err
}

func (c *Conn) GetTask(ctx context.Context, id int64) (work.Task, error) {
	t, err := scanTask(c.row(ctx, taskSelect+` WHERE t.id = ?`, true, id))
	if err != nil {
		return t, notFound(err, "task")
	}
	rows, err := c.query(ctx, `SELECT id, position, text, done, COALESCE(done_by, 0), done_at FROM task_checklist WHERE task_id = ? ORDER BY position, id`, id)
	if err != nil {
		return t, err
	}
	for rows.Next() {
		var it work.ChecklistItem
		var at sql.NullTime
		if err := rows.Scan(&it.ID, &it.Position, &it.Text, &it.Done, &it.DoneBy, &at); err != nil {
			rows.Close()
			return t, err
		}
		it.DoneAt = at.Time
		t.Checklist = append(t.Checklist, it)
	}
	rows.Close()
	rows, err = c.query(ctx, `SELECT k.id, k.author_id, u.name, k.body, k.created_at FROM task_comments k JOIN users u ON u.id = k.author_id WHERE k.task_id = ? ORDER BY k.id`, id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var cm work.Comment
		if err := rows.Scan(&cm.ID, &cm.AuthorID, &cm.AuthorName, &cm.Body, &cm.CreatedAt); err != nil {
			return t, err
		}
		t.Comments = append(t.Comments, cm)
	}
	return t, rows.Err()
}

func (c *Conn) UpdateTask(ctx context.Context, t work.Task) error {
	_, err := c.exec(ctx, `UPDATE tasks SET status = ?, owner_user_id = ?, due_on = ?, priority = ?, updated_at = ?, completed_at = ?, completed_by = ? WHERE id = ?`,
		t.Status, nullInt(t.OwnerUserID), t.DueOn, t.Priority, t.UpdatedAt.UTC(), nullTime(t.CompletedAt), nullInt(t.OwnerUserID), t.ID)
	return err
}

// taskWhere is the WHERE clause of a task filter (ok is false when the
// scope is empty); the caller's query has the org_units join as o.
func taskWhere(f work.TaskFilter) (string, []any, bool) {
	where := []string{"1 = 1"}
	var args []any
	if f.OwnerUserID != 0 {
		where, args = append(where, "t.owner_user_id = ?"), append(args, f.OwnerUserID)
	}
	if f.Unassigned {
		where = append(where, "t.owner_user_id IS NULL AND t.queue_id IS NOT NULL")
	}
	if len(f.QueueIDs) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(f.QueueIDs)), ",")
		where = append(where, "t.queue_id IN ("+ph+")")
		for _, q := range f.QueueIDs {
			args = append(args, q)
		}
	}
	if len(f.Statuses) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")
		where = append(where, "t.status IN ("+ph+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if f.EmployeeID != 0 {
		where, args = append(where, "t.employee_id = ?"), append(args, f.EmployeeID)
	}
	if f.ObjectType != "" {
		where, args = append(where, "t.object_type = ? AND t.object_id = ?"), append(args, f.ObjectType, f.ObjectID)
	}
	if !f.DueBefore.IsZero() {
		where, args = append(where, "t.due_on < ?"), append(args, f.DueBefore)
	}
	if !f.IncludePrivate {
		where, args = append(where, "(t.kind <> ? OR t.owner_user_id = ?)"), append(args, work.KindPrivate, f.Viewer)
	}
	if !f.WholeCompany {
		if len(f.ScopePaths) == 0 {
			return "", nil, false
		}
		var ors []string
		for _, p := range f.ScopePaths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	return strings.Join(where, " AND "), args, true
}

// CountTasks counts the tasks matching a filter (the limit is ignored).
func (c *Conn) CountTasks(ctx context.Context, f work.TaskFilter) (int, error) {
	where, args, ok := taskWhere(f)
	if !ok {
		return 0, nil
	}
	var n int
	err := c.row(ctx, `SELECT count(*) FROM tasks t LEFT JOIN org_units o ON o.id = t.org_unit_id WHERE `+where, args...).Scan(&n)
	return n, err
}

func (c *Conn) ListTasks(ctx context.Context, f work.TaskFilter) ([]work.Task, error) {
	where, args, ok := taskWhere(f)
	if !ok {
		return nil, nil
	}
	args = append([]any{true}, args...)
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	rows, err := c.query(ctx, taskSelect+` WHERE `+where+` ORDER BY t.due_on IS NULL, t.due_on, t.id LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	defer rows.Close()
	var out []work.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (c *Conn) InsertChecklistItem(ctx context.Context, taskID int64, it work.ChecklistItem) error {
	_, err := c.exec(ctx, `INSERT INTO task_checklist (task_id, position, text, done) VALUES (?, ?, ?, ?)`, taskID, it.Position, it.Text, false)
	return err
}

func (c *Conn) SetChecklistItem(ctx context.Context, taskID, itemID int64, done bool, by int64, at time.Time) error {
	if !done {
		by, at = 0, time.Time{}
	}
	_, err := c.exec(ctx, `UPDATE task_checklist SET done = ?, done_by = ?, done_at = ? WHERE task_id = ? AND id = ?`, done, nullInt(by), nullTime(at), taskID, itemID)
	return err
}

func (c *Conn) InsertComment(ctx context.Context, taskID int64, cm work.Comment) (int64, error) {
	return c.insert(ctx, `INSERT INTO task_comments (task_id, author_id, body, created_at) VALUES (?, ?, ?, ?)`, taskID, cm.AuthorID, cm.Body, cm.CreatedAt.UTC())
}

func (c *Conn) ListQueues(ctx context.Context) ([]work.Queue, error) {
	rows, err := c.query(ctx, `SELECT id, key, name, description, sla_days FROM task_queues ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Queue
	for rows.Next() {
		var q work.Queue
		if err := rows.Scan(&q.ID, &q.Key, &q.Name, &q.Description, &q.SLADays); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

func (c *Conn) QueueByKey(ctx context.Context, key string) (work.Queue, error) {
	var q work.Queue
	err := c.row(ctx, `SELECT id, key, name, description, sla_days FROM task_queues WHERE key = ?`, key).Scan(&q.ID, &q.Key, &q.Name, &q.Description, &q.SLADays)
	return q, notFound(err, "queue")
}

func (c *Conn) ListTemplates(ctx context.Context, flow string) ([]work.Template, error) {
	rows, err := c.query(ctx, `SELECT id, flow, position, title, description, queue_key, due_rule, due_days, priority, checklist, active FROM task_templates WHERE flow = ? ORDER BY position, id`, flow)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Template
	for rows.Next() {
		var t work.Template
		if err := rows.Scan(&t.ID, &t.Flow, &t.Position, &t.Title, &t.Description, &t.QueueKey, &t.DueRule, &t.DueDays, &t.Priority, &t.Checklist, &t.Active); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// OrgPathOf returns an org unit's path.
func (c *Conn) OrgPathOf(ctx context.Context, id int64) (string, error) {
	return c.OrgUnitPath(ctx, id)
}

// UserActive reports whether a user exists and is active.
func (c *Conn) UserActive(ctx context.Context, id int64) (bool, error) {
	var active bool
	err := c.row(ctx, `SELECT active FROM users WHERE id = ?`, id).Scan(&active)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return active, err
}

// Workloads summarises open and recent work per task owner in scope.
func (c *Conn) Workloads(ctx context.Context, paths []string, whole bool, today date.Date) ([]work.Workload, error) {
	scope, args := "", []any{}
	if !whole {
		if len(paths) == 0 {
			return nil, nil
		}
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		scope = " AND (" + strings.Join(ors, " OR ") + ")"
	}
	// Counted per owner in the database: the home page of an HR manager
	// over 100,000 employees reads one row per generalist instead of
	// every open task and every task done in thirty days.
	d := c.db.dialect
	open := `t.status IN ('open', 'in_progress', 'waiting')`
	since := today.AddDays(-30).Time()
	rows, err := c.query(ctx, `SELECT t.owner_user_id, u.name,
		sum(CASE WHEN `+open+` THEN 1 ELSE 0 END),
		sum(CASE WHEN `+open+` AND t.due_on < ? THEN 1 ELSE 0 END),
		sum(CASE WHEN `+open+` AND t.due_on >= ? AND t.due_on < ? THEN 1 ELSE 0 END),
		sum(CASE WHEN `+open+` THEN `+d.epochDays("t.created_at")+` ELSE 0 END),
		sum(CASE WHEN t.status = 'done' AND t.completed_at >= ? THEN 1 ELSE 0 END),
		sum(CASE WHEN t.status = 'done' AND t.completed_at >= ? AND (t.due_on IS NULL OR `+d.utcDay("t.completed_at")+` <= t.due_on) THEN 1 ELSE 0 END)
		FROM tasks t JOIN users u ON u.id = t.owner_user_id LEFT JOIN org_units o ON o.id = t.org_unit_id
		WHERE (`+open+` OR (t.status = 'done' AND t.completed_at >= ?))`+scope+` GROUP BY t.owner_user_id, u.name ORDER BY u.name, t.owner_user_id`,
		append([]any{today, today, today.AddDays(7), since, since, since}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("workloads: %w", err)
	}
	defer rows.Close()
	now := float64(today.Time().Unix()) / 86400
	var out []work.Workload
	for rows.Next() {
		var w work.Workload
		var created float64
		if err := rows.Scan(&w.UserID, &w.Name, &w.Open, &w.Overdue, &w.DueThisWeek, &created, &w.DoneLast30, &w.OnTime30); err != nil {
			return nil, err
		}
		if w.Open > 0 {
			w.AvgAgeDays = now - created/float64(w.Open)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// EmployeeOrgUnit returns an employee's current org unit.
func (c *Conn) EmployeeOrgUnit(ctx context.Context, id int64) (int64, error) {
	var org int64
	err := c.row(ctx, `SELECT org_unit_id FROM employees WHERE id = ?`, id).Scan(&org)
	return org, notFound(err, "employee")
}

// ListInquiries lists the help-desk questions a user asked, newest first.
func (c *Conn) ListInquiries(ctx context.Context, asker int64) ([]work.Task, error) {
	rows, err := c.query(ctx, taskSelect+` WHERE t.kind = 'inquiry' AND t.created_by = ? ORDER BY t.created_at DESC, t.id DESC LIMIT 200`, true, asker)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Notifications returns the work.NotificationStore on this database.
func (db *DB) Notifications() work.NotificationStore { return db.Writer() }

func (c *Conn) InsertNotification(ctx context.Context, n work.Notification) error {
	if _, err := c.exec(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		n.UserID, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt.UTC()); err != nil {
		return err
	}
	if c.db.notificationHook == nil {
		return nil
	}
	var email, name string
	var wants bool
	if err := c.row(ctx, `SELECT email, name, email_notifications FROM users WHERE id = ? AND active = ?`, n.UserID, true).Scan(&email, &name, &wants); err != nil {
		return notFound(err, "user")
	}
	var muted int
	if err := c.row(ctx, `SELECT count(*) FROM notification_muted WHERE user_id = ? AND kind = ?`, n.UserID, n.Kind).Scan(&muted); err != nil {
		return err
	}
	if !wants || muted > 0 {
		email = ""
	}
	return c.db.notificationHook(ctx, c.tx, n.UserID, email, name, n.Kind, n.Title, n.Body, n.Link)
}

// SetEmailNotifications turns a user's notification emails on or off.
func (c *Conn) SetEmailNotifications(ctx context.Context, userID int64, on bool) error {
	_, err := c.exec(ctx, `UPDATE users SET email_notifications = ? WHERE id = ?`, on, userID)
	return err
}

// EmailNotifications reports a user's preference.
func (c *Conn) EmailNotifications(ctx context.Context, userID int64) (bool, error) {
	var on bool
	err := c.row(ctx, `SELECT email_notifications FROM users WHERE id = ?`, userID).Scan(&on)
	return on, notFound(err, "user")
}

func (c *Conn) ListNotifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]work.Notification, error) {
	q := `SELECT id, user_id, kind, title, body, link, created_at, read_at FROM notifications WHERE user_id = ?`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	rows, err := c.db.Reader().query(ctx, q+` ORDER BY id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Notification
	for rows.Next() {
		var n work.Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, err
		}
		n.ReadAt = read.Time
		out = append(out, n)
	}
	return out, rows.Err()
}

func (c *Conn) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := c.db.Reader().row(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

func (c *Conn) MarkRead(ctx context.Context, userID, id int64, at time.Time) error {
	if id == 0 {
		_, err := c.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, at.UTC(), userID)
		return err
	}
	res, err := c.exec(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE user_id = ? AND id = ?`, at.UTC(), userID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("notification")
	}
	return nil
}

// DecidersFor lists active HR managers and directors whose grant covers
// an org path (or the whole company).
func (c *Conn) DecidersFor(ctx context.Context, orgPath string) ([]int64, error) {
	return c.ids(ctx, `SELECT DISTINCT g.user_id FROM grants g JOIN users u ON u.id = g.user_id LEFT JOIN org_units o ON o.id = g.org_unit_id
		WHERE u.active = ? AND g.role IN ('hr_manager', 'hr_director') AND (g.org_unit_id IS NULL OR ? LIKE o.path || '%')`, true, orgPath)
}

// ReturnTasksToQueues unassigns a user's open tasks; a task with no queue
// goes to the HR help desk so that nobody's work is stranded.
func (c *Conn) ReturnTasksToQueues(ctx context.Context, userID int64) (int, error) {
	open := `status IN ('open', 'in_progress', 'waiting')`
	if _, err := c.exec(ctx, `UPDATE tasks SET queue_id = (SELECT id FROM task_queues WHERE key = 'helpdesk') WHERE owner_user_id = ? AND queue_id IS NULL AND `+open, userID); err != nil {
		return 0, err
	}
	res, err := c.exec(ctx, `UPDATE tasks SET owner_user_id = NULL, status = 'open' WHERE owner_user_id = ? AND `+open, userID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MutedKinds lists the notification kinds a user gets no email for.
func (c *Conn) MutedKinds(ctx context.Context, userID int64) ([]string, error) {
	rows, err := c.query(ctx, `SELECT kind FROM notification_muted WHERE user_id = ? ORDER BY kind`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// SetMutedKinds replaces a user's muted kinds.
func (c *Conn) SetMutedKinds(ctx context.Context, userID int64, kinds []string) error {
	return c.inTx(ctx, func(t *Conn) error {
		if _, err := t.exec(ctx, `DELETE FROM notification_muted WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, k := range kinds {
			if _, err := t.exec(ctx, `INSERT INTO notification_muted (user_id, kind) VALUES (?, ?)`, userID, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// CompletedSince counts the tasks done since a day by due date and
// completion day: the SLA trend reads a few hundred groups rather than
// every task done in twelve weeks.
func (c *Conn) CompletedSince(ctx context.Context, paths []string, whole bool, since date.Date) ([]work.Completed, error) {
	scope, args := "", []any{since.Time()}
	if !whole {
		if len(paths) == 0 {
			return nil, nil
		}
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		scope = " AND (" + strings.Join(ors, " OR ") + ")"
	}
	day := c.db.dialect.utcDay("t.completed_at")
	join := ` LEFT JOIN org_units o ON o.id = t.org_unit_id`
	if whole {
		join = ""
	}
	rows, err := c.query(ctx, `SELECT t.due_on, `+day+`, count(*) FROM tasks t`+join+`
		WHERE t.status = 'done' AND t.completed_at >= ?`+scope+` GROUP BY t.due_on, `+day, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []work.Completed
	for rows.Next() {
		var r work.Completed
		if err := rows.Scan(&r.Due, &r.Done, &r.N); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
