package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
)

// GetCandidate returns one candidate.
func (c *Conn) GetCandidate(ctx context.Context, id int64) (hiring.Candidate, error) {
	var cand hiring.Candidate
	err := c.row(ctx, `SELECT id, given_name, family_name, email, phone, source, created_at, updated_at FROM candidates WHERE id = ?`, id).
		Scan(&cand.ID, &cand.GivenName, &cand.FamilyName, &cand.Email, &cand.Phone, &cand.Source, &cand.CreatedAt, &cand.UpdatedAt)
	return cand, notFound(err, "candidate")
}

// GetCandidatePrivacy returns a candidate's hold, erasure request and
// purge time.
func (c *Conn) GetCandidatePrivacy(ctx context.Context, id int64) (hiring.CandidatePrivacy, error) {
	var p hiring.CandidatePrivacy
	var req, purged sql.NullTime
	err := c.row(ctx, `SELECT legal_hold, hold_reason, erase_requested_at, purged_at FROM candidates WHERE id = ?`, id).Scan(&p.LegalHold, &p.HoldReason, &req, &purged)
	if req.Valid {
		p.EraseRequestedAt = req.Time
	}
	if purged.Valid {
		p.PurgedAt = purged.Time
	}
	return p, notFound(err, "candidate")
}

func (c *Conn) SetCandidateHold(ctx context.Context, id int64, on bool, reason string) error {
	_, err := c.exec(ctx, `UPDATE candidates SET legal_hold = ?, hold_reason = ? WHERE id = ?`, on, reason, id)
	return err
}

func (c *Conn) SetEraseRequested(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE candidates SET erase_requested_at = COALESCE(erase_requested_at, ?) WHERE id = ?`, at.UTC(), id)
	return err
}

// ApplicationConsent is the consent text an application was made with.
func (c *Conn) ApplicationConsent(ctx context.Context, id int64) (string, error) {
	var s string
	err := c.row(ctx, `SELECT consent_text FROM applications WHERE id = ?`, id).Scan(&s)
	return s, notFound(err, "application")
}

// PurgeCandidates lists candidates who may be due for erasure: not erased,
// not on hold, with no open or hired application, and every application
// decided before the cutoff. The domain decides each one.
func (c *Conn) PurgeCandidates(ctx context.Context, decidedBefore time.Time, limit int) ([]int64, error) {
	rows, err := c.query(ctx, `SELECT c.id FROM candidates c
		WHERE c.purged_at IS NULL AND c.legal_hold = FALSE
		AND EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id AND (a.status IN ('active', 'hired') OR a.updated_at >= ?))
		ORDER BY c.id LIMIT ?`, decidedBefore.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PurgeCandidate erases a candidate's personal data and leaves the
// anonymous facts the metrics need (see hiring.Service.purge).
func (c *Conn) PurgeCandidate(ctx context.Context, id int64, at time.Time) error {
	apps := `SELECT id FROM applications WHERE candidate_id = ?`
	steps := []struct {
		q    string
		args []any
	}{
		{`UPDATE candidates SET given_name = 'Erased', family_name = 'candidate', email = '', phone = '', hold_reason = '', updated_at = ?, purged_at = ? WHERE id = ?`, []any{at.UTC(), at.UTC(), id}},
		{`UPDATE applications SET cover_letter = '', answers = '{}', resume_id = NULL, client_hash = '', token_hash = 'erased-' || CAST(id AS TEXT) WHERE candidate_id = ?`, []any{id}},
		{`DELETE FROM resumes WHERE candidate_id = ?`, []any{id}},
		{`UPDATE application_events SET note = '' WHERE application_id IN (` + apps + `)`, []any{id}},
		{`DELETE FROM scorecards WHERE interview_id IN (SELECT id FROM interviews WHERE application_id IN (` + apps + `))`, []any{id}},
		{`UPDATE interviews SET location = '' WHERE application_id IN (` + apps + `)`, []any{id}},
		{`DELETE FROM scheduling_links WHERE application_id IN (` + apps + `)`, []any{id}},
		{`DELETE FROM phone_screens WHERE application_id IN (` + apps + `)`, []any{id}},
		{`UPDATE offers SET letter = '', signed_name = '', decline_reason = '', token_hash = NULL WHERE application_id IN (` + apps + `)`, []any{id}},
	}
	for _, s := range steps {
		if _, err := c.exec(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	// A rejection keeps its reason (for the reports) but not the note.
	rows, err := c.query(ctx, `SELECT id, reject_reason FROM applications WHERE candidate_id = ? AND reject_reason <> ''`, id)
	if err != nil {
		return err
	}
	type rr struct {
		id     int64
		reason string
	}
	var fix []rr
	for rows.Next() {
		var r rr
		if err := rows.Scan(&r.id, &r.reason); err != nil {
			rows.Close()
			return err
		}
		if i := strings.Index(r.reason, ":"); i >= 0 {
			fix = append(fix, rr{r.id, strings.TrimSpace(r.reason[:i])})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range fix {
		if _, err := c.exec(ctx, `UPDATE applications SET reject_reason = ? WHERE id = ?`, r.reason, r.id); err != nil {
			return err
		}
	}
	return nil
}
