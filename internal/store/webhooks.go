package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// WebhookHook queues the job that delivers a webhook delivery, in the
// transaction that stored it (tx), so a delivery exists exactly when its
// job does.
type WebhookHook func(ctx context.Context, tx *sql.Tx, deliveryID int64) error

// SetWebhookHook installs the hook; call it before serving. Without one
// (a CLI command, a test without jobs) deliveries wait as pending.
func (db *DB) SetWebhookHook(h WebhookHook) { db.webhookHook = h }

// Webhooks returns the webhooks' store.
func (db *DB) Webhooks() webhooks.Store { return webhooksStore{db.Reader()} }

type webhooksStore struct{ *Conn }

func (s webhooksStore) InTx(ctx context.Context, fn func(webhooks.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(webhooksStore{c}) })
}

const webhookSubCols = `s.id, s.name, s.url, s.events, s.secret_enc, s.previous_enc, s.previous_until, s.active, s.from_audit_id, s.created_by, s.created_at, s.updated_at,
	s.kind, s.template, s.frequency, s.weekday, s.last_sent_on`

func scanWebhookSub(sc interface{ Scan(...any) error }, extra ...any) (webhooks.Subscription, error) {
	var s webhooks.Subscription
	var events string
	var until sql.NullTime
	err := sc.Scan(append([]any{&s.ID, &s.Name, &s.URL, &events, &s.Secret, &s.Previous, &until, &s.Active, &s.FromAuditID, &s.CreatedBy, &s.CreatedAt, &s.UpdatedAt,
		&s.Kind, &s.Template, &s.Frequency, &s.Weekday, &s.LastSentOn}, extra...)...)
	s.Events = strings.Fields(events)
	s.PreviousUntil = until.Time
	return s, err
}

func (s webhooksStore) WebhookSubscriptions(ctx context.Context) ([]webhooks.Subscription, error) {
	rows, err := s.query(ctx, `SELECT `+webhookSubCols+`,
		(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'delivered'),
		(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status IN ('retrying', 'failed')),
		(SELECT MAX(d.last_attempt_at) FROM webhook_deliveries d WHERE d.subscription_id = s.id)
		FROM webhook_subscriptions s ORDER BY s.name, s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []webhooks.Subscription
	for rows.Next() {
		var last sql.NullString
		var delivered, failing int
		sub, err := scanWebhookSub(rows, &delivered, &failing, &last)
		if err != nil {
			return nil, err
		}
		sub.Delivered, sub.Failing = delivered, failing
		if last.Valid {
			sub.LastDelivery, _ = parseDBTime(last.String)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// parseDBTime reads a MAX() over a timestamp column, which SQLite returns
// as text.
func parseDBTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05Z"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, nil
}

func (s webhooksStore) WebhookSubscription(ctx context.Context, id int64) (webhooks.Subscription, error) {
	sub, err := scanWebhookSub(s.row(ctx, `SELECT `+webhookSubCols+` FROM webhook_subscriptions s WHERE s.id = ?`, id))
	return sub, notFound(err, "webhook")
}

func (s webhooksStore) InsertWebhookSubscription(ctx context.Context, w webhooks.Subscription) (int64, error) {
	kind := w.Kind
	if kind == "" {
		kind = webhooks.KindEvents
	}
	return s.insert(ctx, `INSERT INTO webhook_subscriptions (name, url, events, secret_enc, active, from_audit_id, created_by, created_at, updated_at, kind, template, frequency, weekday)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.Name, w.URL, strings.Join(w.Events, " "), w.Secret, w.Active, w.FromAuditID, w.CreatedBy, w.CreatedAt.UTC(), w.UpdatedAt.UTC(), kind, w.Template, w.Frequency, w.Weekday)
}

func (s webhooksStore) UpdateWebhookSubscription(ctx context.Context, w webhooks.Subscription) error {
	var prev any
	if len(w.Previous) > 0 {
		prev = w.Previous
	}
	var sent any
	if !w.LastSentOn.IsZero() {
		sent = w.LastSentOn
	}
	_, err := s.exec(ctx, `UPDATE webhook_subscriptions SET name = ?, url = ?, events = ?, secret_enc = ?, previous_enc = ?, previous_until = ?, active = ?, from_audit_id = ?, updated_at = ?,
		template = ?, frequency = ?, weekday = ?, last_sent_on = ? WHERE id = ?`,
		w.Name, w.URL, strings.Join(w.Events, " "), w.Secret, prev, nullTime(w.PreviousUntil), w.Active, w.FromAuditID, w.UpdatedAt.UTC(), w.Template, w.Frequency, w.Weekday, sent, w.ID)
	return err
}

func (s webhooksStore) DeleteWebhookSubscription(ctx context.Context, id int64) error {
	// Attempts and deliveries go with it (ON DELETE CASCADE is not
	// enforced on SQLite connections without foreign_keys, so explicitly).
	if _, err := s.exec(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ?)`, id); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `UPDATE webhook_deliveries SET replay_of = NULL WHERE replay_of IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ?)`, id); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM webhook_deliveries WHERE subscription_id = ?`, id); err != nil {
		return err
	}
	res, err := s.exec(ctx, `DELETE FROM webhook_subscriptions WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("webhook")
	}
	return nil
}

func (s webhooksStore) LastAuditID(ctx context.Context) (int64, error) {
	var id int64
	err := s.row(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&id)
	return id, err
}

// WebhookCursor locks the cursor's row for the transaction (a no-op
// update), then reads it: a second dispatcher waits for the first to
// commit and starts where it stopped.
func (s webhooksStore) WebhookCursor(ctx context.Context) (int64, error) {
	if _, err := s.exec(ctx, `UPDATE webhook_cursor SET audit_id = audit_id WHERE id = 1`); err != nil {
		return 0, err
	}
	var id int64
	err := s.row(ctx, `SELECT audit_id FROM webhook_cursor WHERE id = 1`).Scan(&id)
	return id, err
}

func (s webhooksStore) MoveWebhookCursor(ctx context.Context, from, to int64) (bool, error) {
	res, err := s.exec(ctx, `UPDATE webhook_cursor SET audit_id = ? WHERE id = 1 AND audit_id = ?`, to, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (s webhooksStore) AuditForWebhooks(ctx context.Context, after int64, actions []string, limit int) ([]webhooks.AuditRow, int64, error) {
	// The window is the next limit entries by id, of any action, so a
	// long run of other actions still moves the cursor.
	var to int64
	if err := s.row(ctx, `SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT ?) w`, after, limit*20).Scan(&to); err != nil {
		return nil, 0, err
	}
	if to <= after {
		return nil, after, nil
	}
	args := []any{after, to}
	for _, a := range actions {
		args = append(args, a)
	}
	args = append(args, limit)
	rows, err := s.query(ctx, `SELECT id, at, action, object_type, COALESCE(object_id, 0) FROM audit_log
		WHERE id > ? AND id <= ? AND action IN (`+placeholders(len(actions))+`) ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []webhooks.AuditRow
	for rows.Next() {
		var r webhooks.AuditRow
		if err := rows.Scan(&r.ID, &r.At, &r.Action, &r.ObjectType, &r.ObjectID); err != nil {
			return nil, 0, err
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	if len(out) == limit {
		to = out[len(out)-1].ID // a full batch: the rest of the window next time
	}
	return out, to, rows.Err()
}

func dateOrNil(d date.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func idOrNil(id sql.NullInt64) any {
	if !id.Valid {
		return nil
	}
	return id.Int64
}

// webhookEmployee is an employee's directory record for payloads.
func (s webhooksStore) webhookEmployee(ctx context.Context, id int64) (map[string]any, error) {
	var (
		empID, jobID, orgID, locID                       int64
		number, given, family, pref, email, status, kind string
		jobTitle, orgName, locName                       string
		hire, orig, term                                 date.Date
		mgr                                              sql.NullInt64
	)
	err := s.row(ctx, `SELECT e.id, e.employee_number, e.given_name, e.family_name, e.preferred_name, e.work_email, e.status, e.employment_type,
		e.hire_date, e.original_hire_date, e.termination_date, e.manager_id, j.id, j.title, o.id, o.name, l.id, l.name
		FROM employees e JOIN jobs j ON j.id = e.job_id JOIN org_units o ON o.id = e.org_unit_id JOIN locations l ON l.id = e.location_id
		WHERE e.id = ?`, id).Scan(&empID, &number, &given, &family, &pref, &email, &status, &kind, &hire, &orig, &term, &mgr, &jobID, &jobTitle, &orgID, &orgName, &locID, &locName)
	if err != nil {
		return nil, notFound(err, "employee")
	}
	return map[string]any{
		"id": empID, "employee_number": number, "given_name": given, "family_name": family, "preferred_name": pref, "work_email": email,
		"status": status, "employment_type": kind, "hire_date": dateOrNil(hire), "original_hire_date": dateOrNil(orig), "termination_date": dateOrNil(term),
		"manager_id": idOrNil(mgr), "job": map[string]any{"id": jobID, "title": jobTitle}, "org_unit": map[string]any{"id": orgID, "name": orgName},
		"location": map[string]any{"id": locID, "name": locName},
	}, nil
}

func (s webhooksStore) WebhookData(ctx context.Context, eventType, objectType string, objectID int64) (map[string]any, error) {
	switch eventType {
	case "employee.hired", "employee.changed", "employee.terminated":
		emp, err := s.webhookEmployee(ctx, objectID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"employee": emp}, nil
	case "requisition.approved":
		var id, jobID, orgID, locID int64
		var headcount int
		var number, title, jobTitle, orgName, locName, kind string
		var start date.Date
		err := s.row(ctx, `SELECT r.id, r.number, r.title, r.headcount, r.employment_type, r.target_start, j.id, j.title, o.id, o.name, l.id, l.name
			FROM requisitions r JOIN jobs j ON j.id = r.job_id JOIN org_units o ON o.id = r.org_unit_id JOIN locations l ON l.id = r.location_id
			WHERE r.id = ?`, objectID).Scan(&id, &number, &title, &headcount, &kind, &start, &jobID, &jobTitle, &orgID, &orgName, &locID, &locName)
		if err != nil {
			return nil, notFound(err, "requisition")
		}
		return map[string]any{"requisition": map[string]any{"id": id, "number": number, "title": title, "headcount": headcount, "employment_type": kind,
			"target_start": dateOrNil(start), "job": map[string]any{"id": jobID, "title": jobTitle}, "org_unit": map[string]any{"id": orgID, "name": orgName},
			"location": map[string]any{"id": locID, "name": locName}}}, nil
	case "offer.accepted":
		var id, reqID, orgID int64
		var number, title, given, family, orgName string
		var start date.Date
		err := s.row(ctx, `SELECT o.id, r.id, r.number, r.title, c.given_name, c.family_name, o.start_date, ou.id, ou.name
			FROM offers o JOIN requisitions r ON r.id = o.requisition_id JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id
			JOIN org_units ou ON ou.id = r.org_unit_id WHERE o.id = ?`, objectID).Scan(&id, &reqID, &number, &title, &given, &family, &start, &orgID, &orgName)
		if err != nil {
			return nil, notFound(err, "offer")
		}
		return map[string]any{"offer": map[string]any{"id": id, "start_date": dateOrNil(start), "candidate": map[string]any{"given_name": given, "family_name": family},
			"requisition": map[string]any{"id": reqID, "number": number, "title": title}, "org_unit": map[string]any{"id": orgID, "name": orgName}}}, nil
	case "case.opened":
		var id int64
		var channel string
		var org sql.NullInt64
		var opened time.Time
		err := s.row(ctx, `SELECT id, channel, org_unit_id, opened_at FROM er_cases WHERE id = ?`, objectID).Scan(&id, &channel, &org, &opened)
		if err != nil {
			return nil, notFound(err, "case")
		}
		return map[string]any{"case": map[string]any{"id": id, "channel": channel, "org_unit_id": idOrNil(org), "opened_at": opened.UTC().Format(time.RFC3339)}}, nil
	case "time_off.approved":
		var id, empID int64
		var starts, ends date.Date
		var centi int64
		err := s.row(ctx, `SELECT id, employee_id, starts_on, ends_on, hours_centi FROM time_off_requests WHERE id = ?`, objectID).Scan(&id, &empID, &starts, &ends, &centi)
		if err != nil {
			return nil, notFound(err, "time-off request")
		}
		emp, err := s.webhookEmployee(ctx, empID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"time_off": map[string]any{"id": id, "starts_on": dateOrNil(starts), "ends_on": dateOrNil(ends), "hours": float64(centi) / 100}, "employee": emp}, nil
	case "payroll.exported":
		var id int64
		var start, end date.Date
		var items, corrections int
		var at time.Time
		err := s.row(ctx, `SELECT id, period_start, period_end, items, corrections, exported_at FROM payroll_exports WHERE id = ?`, objectID).Scan(&id, &start, &end, &items, &corrections, &at)
		if err != nil {
			return nil, notFound(err, "payroll export")
		}
		return map[string]any{"export": map[string]any{"id": id, "period_start": dateOrNil(start), "period_end": dateOrNil(end), "changes": items, "corrections": corrections,
			"exported_at": at.UTC().Format(time.RFC3339)}}, nil
	case "leave.approved":
		var id, empID int64
		var starts, ends date.Date
		// Designated as protected leave (a designation that denies it
		// raises no event).
		err := s.row(ctx, `SELECT id, employee_id, starts_on, ends_on FROM leave_cases WHERE id = ? AND designation = 'approved'`, objectID).Scan(&id, &empID, &starts, &ends)
		if err != nil {
			return nil, notFound(err, "approved leave case")
		}
		emp, err := s.webhookEmployee(ctx, empID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"leave": map[string]any{"id": id, "starts_on": dateOrNil(starts), "ends_on": dateOrNil(ends)}, "employee": emp}, nil
	}
	return nil, kit.NotFound("event type " + eventType)
}

func (s webhooksStore) InsertWebhookEvent(ctx context.Context, e webhooks.Event) (int64, error) {
	var audit any
	if e.AuditID != 0 {
		audit = e.AuditID
	}
	return s.insert(ctx, `INSERT INTO webhook_events (audit_id, type, object_type, object_id, occurred_at, payload) VALUES (?, ?, ?, ?, ?, ?)`,
		audit, e.Type, e.ObjectType, e.ObjectID, e.OccurredAt.UTC(), string(e.Payload))
}

func (s webhooksStore) SetWebhookEventPayload(ctx context.Context, id int64, payload []byte) error {
	_, err := s.exec(ctx, `UPDATE webhook_events SET payload = ? WHERE id = ?`, string(payload), id)
	return err
}

func (s webhooksStore) InsertWebhookDelivery(ctx context.Context, d webhooks.Delivery) (int64, error) {
	var replay, by any
	if d.ReplayOf != 0 {
		replay = d.ReplayOf
	}
	if d.CreatedBy != 0 {
		by = d.CreatedBy
	}
	id, err := s.insert(ctx, `INSERT INTO webhook_deliveries (subscription_id, event_id, status, next_attempt_at, replay_of, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		d.SubscriptionID, d.EventID, d.Status, nullTime(d.NextAttemptAt), replay, by, d.CreatedAt.UTC())
	if err != nil || s.db.webhookHook == nil || s.tx == nil {
		return id, err
	}
	return id, s.db.webhookHook(ctx, s.tx, id)
}

const webhookDeliveryCols = `d.id, d.subscription_id, d.event_id, ev.type, d.status, d.attempts, d.response_code, d.error, d.response_body, d.duration_ms,
	d.next_attempt_at, d.last_attempt_at, d.delivered_at, COALESCE(d.replay_of, 0), COALESCE(d.created_by, 0), d.created_at`

func scanWebhookDelivery(sc interface{ Scan(...any) error }, extra ...any) (webhooks.Delivery, error) {
	var d webhooks.Delivery
	var next, last, done sql.NullTime
	err := sc.Scan(append([]any{&d.ID, &d.SubscriptionID, &d.EventID, &d.EventType, &d.Status, &d.Attempts, &d.ResponseCode, &d.Error, &d.ResponseBody, &d.DurationMS,
		&next, &last, &done, &d.ReplayOf, &d.CreatedBy, &d.CreatedAt}, extra...)...)
	d.NextAttemptAt, d.LastAttemptAt, d.DeliveredAt = next.Time, last.Time, done.Time
	return d, err
}

func (s webhooksStore) WebhookDelivery(ctx context.Context, id int64) (webhooks.Delivery, error) {
	var payload string
	d, err := scanWebhookDelivery(s.row(ctx, `SELECT `+webhookDeliveryCols+`, ev.payload FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id WHERE d.id = ?`, id), &payload)
	d.Payload = []byte(payload)
	return d, notFound(err, "delivery")
}

func (s webhooksStore) WebhookDeliveries(ctx context.Context, f webhooks.DeliveryFilter) ([]webhooks.Delivery, error) {
	q := `SELECT ` + webhookDeliveryCols + ` FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id WHERE 1 = 1`
	var args []any
	if f.SubscriptionID != 0 {
		q += ` AND d.subscription_id = ?`
		args = append(args, f.SubscriptionID)
	}
	if f.Status != "" {
		q += ` AND d.status = ?`
		args = append(args, f.Status)
	}
	if f.Before != 0 {
		q += ` AND d.id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY d.id DESC LIMIT ?`
	args = append(args, f.Limit)
	return scanAll(ctx, s.Conn, func(sc interface{ Scan(...any) error }) (webhooks.Delivery, error) { return scanWebhookDelivery(sc) }, q, args...)
}

func (s webhooksStore) RecordWebhookAttempt(ctx context.Context, d webhooks.Delivery, a webhooks.Attempt) error {
	if _, err := s.exec(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?, response_code = ?, error = ?, response_body = ?, duration_ms = ?,
		next_attempt_at = ?, last_attempt_at = ?, delivered_at = ? WHERE id = ?`,
		d.Status, d.Attempts, d.ResponseCode, d.Error, d.ResponseBody, d.DurationMS, nullTime(d.NextAttemptAt), nullTime(d.LastAttemptAt), nullTime(d.DeliveredAt), d.ID); err != nil {
		return err
	}
	if a.N == 0 {
		return nil // a status change without an attempt (cancelled)
	}
	_, err := s.exec(ctx, `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		a.DeliveryID, a.N, a.At.UTC(), a.StatusCode, a.Error, a.DurationMS)
	return err
}

func (s webhooksStore) WebhookAttempts(ctx context.Context, deliveryID int64) ([]webhooks.Attempt, error) {
	return scanAll(ctx, s.Conn, func(sc interface{ Scan(...any) error }) (webhooks.Attempt, error) {
		var a webhooks.Attempt
		err := sc.Scan(&a.DeliveryID, &a.N, &a.At, &a.StatusCode, &a.Error, &a.DurationMS)
		a.At = a.At.UTC()
		return a, err
	}, `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt`, deliveryID)
}
