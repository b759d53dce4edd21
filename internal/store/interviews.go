package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
)

func (c *Conn) InterviewerOf(ctx context.Context, userID int64) (hiring.Panelist, error) {
	var p hiring.Panelist
	err := c.row(ctx, `SELECT id, name, email FROM users WHERE id = ? AND active = ?`, userID, true).Scan(&p.UserID, &p.Name, &p.Email)
	return p, notFound(err, "user")
}

func (c *Conn) InsertInterview(ctx context.Context, iv hiring.Interview) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO interviews (application_id, requisition_id, round, starts_at, ends_at, time_zone, location, status, uid, sequence, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		iv.ApplicationID, iv.RequisitionID, iv.Round, iv.StartsAt.UTC(), iv.EndsAt.UTC(), iv.TimeZone, iv.Location, iv.Status, iv.UID, iv.Sequence,
		nullInt(iv.CreatedBy), iv.CreatedAt.UTC(), iv.UpdatedAt.UTC())
	if err != nil {
		return 0, err
	}
	return id, c.setPanel(ctx, id, iv.Panel)
}

func (c *Conn) setPanel(ctx context.Context, id int64, panel []hiring.Panelist) error {
	if _, err := c.exec(ctx, `DELETE FROM interview_panel WHERE interview_id = ?`, id); err != nil {
		return err
	}
	for _, p := range panel {
		if _, err := c.exec(ctx, `INSERT INTO interview_panel (interview_id, user_id) VALUES (?, ?)`, id, p.UserID); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) SetInterviewUID(ctx context.Context, id int64, uid string) error {
	_, err := c.exec(ctx, `UPDATE interviews SET uid = ? WHERE id = ?`, uid, id)
	return err
}

func (c *Conn) UpdateInterview(ctx context.Context, iv hiring.Interview) error {
	if _, err := c.exec(ctx, `UPDATE interviews SET round = ?, starts_at = ?, ends_at = ?, time_zone = ?, location = ?, status = ?, sequence = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		iv.Round, iv.StartsAt.UTC(), iv.EndsAt.UTC(), iv.TimeZone, iv.Location, iv.Status, iv.Sequence, iv.UpdatedAt.UTC(), iv.ID); err != nil {
		return err
	}
	return c.setPanel(ctx, iv.ID, iv.Panel)
}

func (c *Conn) SetInterviewStatus(ctx context.Context, id int64, status string) error {
	_, err := c.exec(ctx, `UPDATE interviews SET status = ?, version = version + 1 WHERE id = ?`, status, id)
	return err
}

const interviewSelect = `SELECT i.id, i.application_id, i.requisition_id, a.candidate_id, c.given_name, c.family_name, c.email, r.number, r.title, o.path,
	i.round, i.starts_at, i.ends_at, i.time_zone, i.location, i.status, i.uid, i.sequence, COALESCE(i.created_by, 0), i.created_at, i.updated_at, i.version
	FROM interviews i JOIN applications a ON a.id = i.application_id JOIN candidates c ON c.id = a.candidate_id
	JOIN requisitions r ON r.id = i.requisition_id JOIN org_units o ON o.id = r.org_unit_id`

func (c *Conn) interviews(ctx context.Context, q string, args ...any) ([]hiring.Interview, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("interviews: %w", err)
	}
	defer rows.Close()
	var out []hiring.Interview
	for rows.Next() {
		var iv hiring.Interview
		if err := rows.Scan(&iv.ID, &iv.ApplicationID, &iv.RequisitionID, &iv.Candidate.ID, &iv.Candidate.GivenName, &iv.Candidate.FamilyName, &iv.Candidate.Email,
			&iv.ReqNumber, &iv.ReqTitle, &iv.OrgPath, &iv.Round, &iv.StartsAt, &iv.EndsAt, &iv.TimeZone, &iv.Location, &iv.Status, &iv.UID, &iv.Sequence,
			&iv.CreatedBy, &iv.CreatedAt, &iv.UpdatedAt, &iv.Version); err != nil {
			return nil, err
		}
		iv.StartsAt, iv.EndsAt = iv.StartsAt.UTC(), iv.EndsAt.UTC()
		out = append(out, iv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, len(out))
	byID := map[int64]*hiring.Interview{}
	for i := range out {
		ids[i] = out[i].ID
		byID[out[i].ID] = &out[i]
	}
	prow, err := c.query(ctx, `SELECT p.interview_id, u.id, u.name, u.email FROM interview_panel p JOIN users u ON u.id = p.user_id
		WHERE p.interview_id IN (`+placeholders(len(ids))+`) ORDER BY u.name`, ids...)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var p hiring.Panelist
		if err := prow.Scan(&id, &p.UserID, &p.Name, &p.Email); err != nil {
			return nil, err
		}
		byID[id].Panel = append(byID[id].Panel, p)
	}
	return out, prow.Err()
}

func (c *Conn) GetInterview(ctx context.Context, id int64) (hiring.Interview, error) {
	ivs, err := c.interviews(ctx, interviewSelect+` WHERE i.id = ?`, id)
	if err != nil {
		return hiring.Interview{}, err
	}
	if len(ivs) == 0 {
		return hiring.Interview{}, notFound(sql.ErrNoRows, "interview")
	}
	return ivs[0], nil
}

func (c *Conn) BusyInterviews(ctx context.Context, from, to time.Time) ([]hiring.Interview, error) {
	return c.interviews(ctx, interviewSelect+` WHERE i.status = 'scheduled' AND i.starts_at < ? AND i.ends_at > ?`, to.UTC(), from.UTC())
}

func (c *Conn) ListInterviews(ctx context.Context, f hiring.InterviewFilter) ([]hiring.Interview, error) {
	var where []string
	var args []any
	if f.ApplicationID != 0 {
		where, args = append(where, "i.application_id = ?"), append(args, f.ApplicationID)
	}
	if f.PanelUserID != 0 {
		where, args = append(where, "i.id IN (SELECT interview_id FROM interview_panel WHERE user_id = ?)"), append(args, f.PanelUserID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "i.ends_at >= ?"), append(args, f.From.UTC())
	}
	q := interviewSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return c.interviews(ctx, q+` ORDER BY i.starts_at LIMIT 500`, args...)
}

func (c *Conn) GetScorecard(ctx context.Context, interviewID, userID int64) (hiring.Scorecard, bool, error) {
	scs, err := c.scorecards(ctx, `WHERE s.interview_id = ? AND s.user_id = ?`, interviewID, userID)
	if err != nil || len(scs) == 0 {
		return hiring.Scorecard{}, false, err
	}
	return scs[0], true, nil
}

func (c *Conn) ListScorecards(ctx context.Context, interviewID int64) ([]hiring.Scorecard, error) {
	return c.scorecards(ctx, `WHERE s.interview_id = ?`, interviewID)
}

func (c *Conn) scorecards(ctx context.Context, where string, args ...any) ([]hiring.Scorecard, error) {
	rows, err := c.query(ctx, `SELECT s.id, s.interview_id, s.user_id, u.name, s.recommendation, s.ratings, s.notes, s.submitted_at
		FROM scorecards s JOIN users u ON u.id = s.user_id `+where+` ORDER BY s.submitted_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.Scorecard
	for rows.Next() {
		var sc hiring.Scorecard
		var ratings string
		if err := rows.Scan(&sc.ID, &sc.InterviewID, &sc.UserID, &sc.Name, &sc.Recommendation, &ratings, &sc.Notes, &sc.SubmittedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(ratings), &sc.Ratings); err != nil {
			return nil, errors.New("scorecard ratings: " + err.Error())
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

func (c *Conn) InsertScorecard(ctx context.Context, sc hiring.Scorecard) error {
	b, _ := json.Marshal(sc.Ratings)
	_, err := c.exec(ctx, `INSERT INTO scorecards (interview_id, user_id, recommendation, ratings, notes, submitted_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sc.InterviewID, sc.UserID, sc.Recommendation, string(b), sc.Notes, sc.SubmittedAt.UTC())
	return err
}

func (c *Conn) InsertSchedulingLink(ctx context.Context, l hiring.SchedulingLink, tokenHash string) (int64, error) {
	panel, _ := json.Marshal(l.Panel)
	slots, _ := json.Marshal(l.Slots)
	return c.insert(ctx, `INSERT INTO scheduling_links (application_id, token_hash, round, minutes, location, panel, slots, time_zone, expires_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ApplicationID, tokenHash, l.Round, l.Minutes, l.Location, string(panel), string(slots), l.TimeZone,
		l.ExpiresAt.UTC(), nullInt(l.CreatedBy), l.CreatedAt.UTC())
}

func (c *Conn) SchedulingLinkByToken(ctx context.Context, tokenHash string) (hiring.SchedulingLink, error) {
	var l hiring.SchedulingLink
	var panel, slots string
	err := c.row(ctx, `SELECT id, application_id, round, minutes, location, panel, slots, time_zone, expires_at, COALESCE(interview_id, 0), COALESCE(created_by, 0), created_at
		FROM scheduling_links WHERE token_hash = ?`, tokenHash).Scan(&l.ID, &l.ApplicationID, &l.Round, &l.Minutes, &l.Location, &panel, &slots, &l.TimeZone, &l.ExpiresAt,
		&l.InterviewID, &l.CreatedBy, &l.CreatedAt)
	if err != nil {
		return l, notFound(err, "link")
	}
	if err := json.Unmarshal([]byte(panel), &l.Panel); err != nil {
		return l, err
	}
	return l, json.Unmarshal([]byte(slots), &l.Slots)
}

func (c *Conn) UseSchedulingLink(ctx context.Context, id, interviewID int64) error {
	res, err := c.exec(ctx, `UPDATE scheduling_links SET interview_id = ? WHERE id = ? AND interview_id IS NULL`, interviewID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.New("the link was used meanwhile")
	}
	return nil
}

// StaffUsers lists active users linked to an employee (who can interview),
// by name.
func (c *Conn) StaffUsers(ctx context.Context) ([]hiring.Panelist, error) {
	rows, err := c.query(ctx, `SELECT id, name, email FROM users WHERE active = ? AND employee_id IS NOT NULL ORDER BY name LIMIT 500`, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.Panelist
	for rows.Next() {
		var p hiring.Panelist
		if err := rows.Scan(&p.UserID, &p.Name, &p.Email); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
