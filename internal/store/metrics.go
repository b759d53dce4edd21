package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func (c *Conn) InsertCost(ctx context.Context, rc hiring.RecruitingCost) (int64, error) {
	return c.insert(ctx, `INSERT INTO recruiting_costs (month, category, amount_cents, source, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		rc.Month, rc.Category, rc.AmountCents, rc.Source, rc.Note, nullInt(rc.CreatedBy), rc.CreatedAt.UTC())
}

func (c *Conn) DeleteCost(ctx context.Context, id int64) error {
	res, err := c.exec(ctx, `DELETE FROM recruiting_costs WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "cost")
	}
	return nil
}

// ListCosts returns the costs of the months a period touches.
func (c *Conn) ListCosts(ctx context.Context, from, to date.Date) ([]hiring.RecruitingCost, error) {
	rows, err := c.query(ctx, `SELECT id, month, category, amount_cents, source, note, COALESCE(created_by, 0), created_at FROM recruiting_costs
		WHERE month >= ? AND month <= ? ORDER BY month, category, id`, date.New(from.Year(), from.Month(), 1), to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.RecruitingCost
	for rows.Next() {
		var rc hiring.RecruitingCost
		if err := rows.Scan(&rc.ID, &rc.Month, &rc.Category, &rc.AmountCents, &rc.Source, &rc.Note, &rc.CreatedBy, &rc.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, rc)
	}
	return out, rows.Err()
}

// metricsScope is the requisition filter of a metrics query (alias r, o).
func metricsScope(f hiring.MetricsFilter, paths []string, whole bool) (string, []any, bool) {
	var where []string
	var args []any
	if !whole {
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		if len(ors) == 0 {
			return "", nil, false
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if f.OrgUnitID != 0 {
		where, args = append(where, "o.path LIKE (SELECT x.path FROM org_units x WHERE x.id = ?) || '%'"), append(args, f.OrgUnitID)
	}
	if f.JobFamily != "" {
		where, args = append(where, "r.job_id IN (SELECT j.id FROM jobs j WHERE j.family = ?)"), append(args, f.JobFamily)
	}
	if len(where) == 0 {
		return "", nil, true
	}
	return " AND " + strings.Join(where, " AND "), args, true
}

// periodEnd is the instant after the period's last day.
func periodEnd(f hiring.MetricsFilter) time.Time { return f.To.AddDays(1).Time() }

// FilledRequisitions lists requisitions whose offer was accepted in the
// period: the first accepted offer's answer day, or (for history without
// offers) the day the requisition was marked filled.
func (c *Conn) FilledRequisitions(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) ([]hiring.FilledReq, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return nil, nil
	}
	byReq, _, err := c.acceptedOffers(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT r.id, r.number, r.opened_on, r.closed_on
		FROM requisitions r JOIN org_units o ON o.id = r.org_unit_id
		WHERE r.opened_on IS NOT NULL AND r.filled_count > 0 AND r.closed_on >= ?`+scope+` ORDER BY r.id`, append([]any{f.From.AddDays(-400)}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.FilledReq
	for rows.Next() {
		var r hiring.FilledReq
		var closed date.Date
		if err := rows.Scan(&r.ID, &r.Number, &r.Opened, &closed); err != nil {
			return nil, err
		}
		r.OfferAccepted = closed
		if t, ok := byReq[r.ID]; ok {
			r.OfferAccepted = date.Of(t)
		}
		if r.OfferAccepted.Before(f.From) || r.OfferAccepted.After(f.To) || r.OfferAccepted.Before(r.Opened) {
			continue
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// HiresIn lists the applications hired in the period, with the day the
// offer was accepted (the accepted offer's, or the hire's for history).
func (c *Conn) HiresIn(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) ([]hiring.HireRow, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return nil, nil
	}
	_, byApp, err := c.acceptedOffers(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT a.id, a.source, a.applied_at, a.stage_changed_at
		FROM applications a JOIN requisitions r ON r.id = a.requisition_id JOIN org_units o ON o.id = r.org_unit_id
		WHERE a.status = 'hired' AND a.stage_changed_at >= ? AND a.stage_changed_at < ?`+scope, append([]any{f.From.Time(), periodEnd(f)}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.HireRow
	for rows.Next() {
		var h hiring.HireRow
		if err := rows.Scan(&h.ApplicationID, &h.Source, &h.AppliedAt, &h.HiredAt); err != nil {
			return nil, err
		}
		h.AcceptedOn = date.Of(h.HiredAt.UTC())
		if t, ok := byApp[h.ApplicationID]; ok {
			h.AcceptedOn = date.Of(t)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (c *Conn) appRows(ctx context.Context, q string, args ...any) ([]hiring.AppRow, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.AppRow
	for rows.Next() {
		var a hiring.AppRow
		if err := rows.Scan(&a.ID, &a.RequisitionID, &a.Stage, &a.Status, &a.Source, &a.AppliedAt, &a.Changed); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// pipelineCache parses each distinct pipeline (a requisition's stages,
// as stored) once per query.
type pipelineCache map[string][]hiring.Stage

func (pc pipelineCache) parse(s string) ([]hiring.Stage, error) {
	if st, ok := pc[s]; ok || s == "" {
		return st, nil
	}
	var st []hiring.Stage
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return nil, fmt.Errorf("requisition stages: %w", err)
	}
	pc[s] = st
	return st, nil
}

// ApplicationCounts counts the applications made in the period by their
// requisition's pipeline, stage and source: a few hundred rows whatever
// the number of applications.
func (c *Conn) ApplicationCounts(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) ([]hiring.AppCount, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return nil, nil
	}
	rows, err := c.query(ctx, `SELECT r.stages, a.stage, a.source, count(*)
		FROM applications a JOIN requisitions r ON r.id = a.requisition_id JOIN org_units o ON o.id = r.org_unit_id
		WHERE a.applied_at >= ? AND a.applied_at < ?`+scope+` GROUP BY r.stages, a.stage, a.source`, append([]any{f.From.Time(), periodEnd(f)}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pc := pipelineCache{}
	var out []hiring.AppCount
	for rows.Next() {
		var x hiring.AppCount
		var stages string
		if err := rows.Scan(&stages, &x.Stage, &x.Source, &x.Count); err != nil {
			return nil, err
		}
		if x.Stages, err = pc.parse(stages); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ActiveApplications lists every active application (pipeline aging).
func (c *Conn) ActiveApplications(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) ([]hiring.AppRow, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return nil, nil
	}
	return c.appRows(ctx, `SELECT a.id, a.requisition_id, a.stage, a.status, a.source, a.applied_at, a.stage_changed_at
		FROM applications a JOIN requisitions r ON r.id = a.requisition_id JOIN org_units o ON o.id = r.org_unit_id
		WHERE a.status = 'active'`+scope, args...)
}

// StageTimeSums adds up the stage visits (an event to the next one; a
// note on the same stage is not a move) of the applications made in the
// period, by their requisition's pipeline and stage. The events are read
// in each application's order straight from the (application_id, at)
// index, with no sort, and added up as they stream by.
func (c *Conn) StageTimeSums(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) ([]hiring.StageTimeSum, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return nil, nil
	}
	rows, err := c.query(ctx, `SELECT e.application_id, a.requisition_id, e.to_stage, e.from_stage, e.at
		FROM application_events e CROSS JOIN applications a CROSS JOIN requisitions r CROSS JOIN org_units o
		WHERE a.id = e.application_id AND r.id = a.requisition_id AND o.id = r.org_unit_id
		AND a.applied_at >= ? AND a.applied_at < ?`+scope+` ORDER BY e.application_id, e.at, e.id`, append([]any{f.From.Time(), periodEnd(f)}, args...)...)
	if err != nil {
		return nil, err
	}
	type visitKey struct {
		req   int64
		stage string
	}
	sums := map[visitKey]*hiring.StageTimeSum{}
	var prevApp int64
	var prevStage string
	var prevAt time.Time
	for rows.Next() {
		var app, req int64
		var to, from string
		var at time.Time
		if err := rows.Scan(&app, &req, &to, &from, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if from == to && from != "" {
			continue // a note on the stage (rejection, offer answer), not a move
		}
		if app == prevApp && prevStage != "" {
			k := visitKey{req, prevStage}
			if sums[k] == nil {
				sums[k] = &hiring.StageTimeSum{Stage: prevStage}
			}
			sums[k].Count++
			sums[k].Days += at.Sub(prevAt).Hours() / 24
		}
		prevApp, prevStage, prevAt = app, to, at
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Each requisition's pipeline, then the sums by pipeline and stage.
	var ids []int64
	seen := map[int64]bool{}
	for k := range sums {
		if !seen[k.req] {
			seen[k.req] = true
			ids = append(ids, k.req)
		}
	}
	stagesOf, err := c.requisitionStages(ctx, ids)
	if err != nil {
		return nil, err
	}
	pc := pipelineCache{}
	type outKey struct{ stages, stage string }
	merged := map[outKey]*hiring.StageTimeSum{}
	var order []outKey
	for k, v := range sums {
		mk := outKey{stagesOf[k.req], k.stage}
		if merged[mk] == nil {
			st, err := pc.parse(mk.stages)
			if err != nil {
				return nil, err
			}
			merged[mk] = &hiring.StageTimeSum{Stages: st, Stage: k.stage}
			order = append(order, mk)
		}
		merged[mk].Count += v.Count
		merged[mk].Days += v.Days
	}
	out := make([]hiring.StageTimeSum, 0, len(order))
	for _, k := range order {
		out = append(out, *merged[k])
	}
	return out, nil
}

// requisitionStages returns the stored stages (JSON; empty for the
// standard pipeline) of requisitions, 500 at a time.
func (c *Conn) requisitionStages(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		batch := ids[:n]
		ids = ids[n:]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := c.query(ctx, `SELECT id, stages FROM requisitions WHERE id IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OfferAnswers counts offers accepted and declined in the period.
func (c *Conn) OfferAnswers(ctx context.Context, f hiring.MetricsFilter, paths []string, whole bool) (int, int, error) {
	scope, args, ok := metricsScope(f, paths, whole)
	if !ok {
		return 0, 0, nil
	}
	rows, err := c.query(ctx, `SELECT x.status, count(*) FROM offers x JOIN requisitions r ON r.id = x.requisition_id JOIN org_units o ON o.id = r.org_unit_id
		WHERE x.status IN ('accepted', 'declined') AND x.responded_at >= ? AND x.responded_at < ?`+scope+` GROUP BY x.status`, append([]any{f.From.Time(), periodEnd(f)}, args...)...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var acc, dec int
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return 0, 0, err
		}
		if st == "accepted" {
			acc = n
		} else {
			dec = n
		}
	}
	return acc, dec, rows.Err()
}

// acceptedOffers maps requisitions and applications to the time their
// (first) offer was accepted.
func (c *Conn) acceptedOffers(ctx context.Context) (byReq, byApp map[int64]time.Time, err error) {
	rows, err := c.query(ctx, `SELECT requisition_id, application_id, responded_at FROM offers WHERE status = 'accepted' AND responded_at IS NOT NULL`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byReq, byApp = map[int64]time.Time{}, map[int64]time.Time{}
	for rows.Next() {
		var req, app int64
		var at time.Time
		if err := rows.Scan(&req, &app, &at); err != nil {
			return nil, nil, err
		}
		at = at.UTC()
		if t, ok := byReq[req]; !ok || at.Before(t) {
			byReq[req] = at
		}
		if t, ok := byApp[app]; !ok || at.Before(t) {
			byApp[app] = at
		}
	}
	return byReq, byApp, rows.Err()
}
