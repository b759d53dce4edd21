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

// FindCandidate finds a candidate by email or, failing that, by phone.
func (c *Conn) FindCandidate(ctx context.Context, email, phone string) (hiring.Candidate, bool, error) {
	q := `SELECT id, given_name, family_name, email, phone, source, created_at, updated_at FROM candidates WHERE email = ? ORDER BY id LIMIT 1`
	var cand hiring.Candidate
	scan := func(row *sql.Row) error {
		return row.Scan(&cand.ID, &cand.GivenName, &cand.FamilyName, &cand.Email, &cand.Phone, &cand.Source, &cand.CreatedAt, &cand.UpdatedAt)
	}
	err := scan(c.row(ctx, q, email))
	if errors.Is(err, sql.ErrNoRows) && phone != "" {
		err = scan(c.row(ctx, strings.Replace(q, "email = ?", "phone = ?", 1), phone))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return cand, false, nil
	}
	return cand, err == nil, err
}

func (c *Conn) InsertCandidate(ctx context.Context, cand hiring.Candidate) (int64, error) {
	return c.insert(ctx, `INSERT INTO candidates (given_name, family_name, email, phone, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		cand.GivenName, cand.FamilyName, cand.Email, cand.Phone, cand.Source, cand.CreatedAt.UTC(), cand.UpdatedAt.UTC())
}

func (c *Conn) UpdateCandidate(ctx context.Context, cand hiring.Candidate) error {
	_, err := c.exec(ctx, `UPDATE candidates SET given_name = ?, family_name = ?, email = ?, phone = ?, updated_at = ? WHERE id = ?`,
		cand.GivenName, cand.FamilyName, cand.Email, cand.Phone, cand.UpdatedAt.UTC(), cand.ID)
	return err
}

func (c *Conn) InsertResume(ctx context.Context, r hiring.Resume) (int64, error) {
	return c.insert(ctx, `INSERT INTO resumes (candidate_id, filename, content_type, size, data, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.CandidateID, r.Filename, r.ContentType, r.Size, r.Data, r.Text, r.CreatedAt.UTC())
}

func (c *Conn) GetResume(ctx context.Context, id int64) (hiring.Resume, error) {
	var r hiring.Resume
	err := c.row(ctx, `SELECT id, candidate_id, filename, content_type, size, data, text, created_at FROM resumes WHERE id = ?`, id).
		Scan(&r.ID, &r.CandidateID, &r.Filename, &r.ContentType, &r.Size, &r.Data, &r.Text, &r.CreatedAt)
	return r, notFound(err, "resume")
}

func (c *Conn) InsertApplication(ctx context.Context, a hiring.Application, tokenHash, clientHash, consent string) (int64, error) {
	answers, _ := json.Marshal(a.Answers)
	return c.insert(ctx, `INSERT INTO applications (candidate_id, requisition_id, posting_id, stage, status, source, cover_letter, answers, knocked_out, reject_reason,
		resume_id, token_hash, client_hash, consent_text, applied_at, stage_changed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.CandidateID, a.RequisitionID, nullInt(a.PostingID), a.Stage, a.Status, a.Source, a.CoverLetter, string(answers), a.KnockedOut, a.RejectReason,
		nullInt(a.ResumeID), tokenHash, clientHash, consent, a.AppliedAt.UTC(), a.StageChangedAt.UTC(), a.UpdatedAt.UTC())
}

const appSelect = `SELECT a.id, a.candidate_id, c.given_name, c.family_name, c.email, c.phone, c.source, c.created_at, c.updated_at,
	a.requisition_id, r.number, r.title, o.path, r.hiring_manager_id, COALESCE(a.posting_id, 0), a.stage, a.status, a.source, a.cover_letter, a.answers,
	a.knocked_out, a.reject_reason, COALESCE(a.resume_id, 0), COALESCE(a.approval_id, 0), a.applied_at, a.stage_changed_at, a.updated_at, a.version
	FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN requisitions r ON r.id = a.requisition_id JOIN org_units o ON o.id = r.org_unit_id`

func scanApplication(s interface{ Scan(...any) error }) (hiring.Application, error) {
	var a hiring.Application
	var answers string
	err := s.Scan(&a.ID, &a.CandidateID, &a.Candidate.GivenName, &a.Candidate.FamilyName, &a.Candidate.Email, &a.Candidate.Phone, &a.Candidate.Source,
		&a.Candidate.CreatedAt, &a.Candidate.UpdatedAt, &a.RequisitionID, &a.ReqNumber, &a.ReqTitle, &a.OrgPath, &a.HiringManagerID, &a.PostingID,
		&a.Stage, &a.Status, &a.Source, &a.CoverLetter, &answers, &a.KnockedOut, &a.RejectReason, &a.ResumeID, &a.ApprovalID, &a.AppliedAt, &a.StageChangedAt, &a.UpdatedAt, &a.Version)
	if err != nil {
		return a, err
	}
	a.Candidate.ID = a.CandidateID
	if answers != "" {
		if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
			return a, fmt.Errorf("application %d answers: %w", a.ID, err)
		}
	}
	return a, nil
}

func (c *Conn) GetApplication(ctx context.Context, id int64) (hiring.Application, error) {
	a, err := scanApplication(c.row(ctx, appSelect+` WHERE a.id = ?`, id))
	return a, notFound(err, "application")
}

func (c *Conn) ApplicationByToken(ctx context.Context, tokenHash string) (hiring.Application, error) {
	a, err := scanApplication(c.row(ctx, appSelect+` WHERE a.token_hash = ?`, tokenHash))
	return a, notFound(err, "application")
}

func (c *Conn) ListApplications(ctx context.Context, f hiring.ApplicationFilter) ([]hiring.Application, error) {
	var where []string
	var args []any
	if f.RequisitionID != 0 {
		where, args = append(where, "a.requisition_id = ?"), append(args, f.RequisitionID)
	}
	if f.CandidateID != 0 {
		where, args = append(where, "a.candidate_id = ?"), append(args, f.CandidateID)
	}
	if f.Status != "" {
		where, args = append(where, "a.status = ?"), append(args, f.Status)
	}
	if f.Stage != "" {
		where, args = append(where, "a.stage = ?"), append(args, f.Stage)
	}
	q := appSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 2000 {
		f.Limit = 500
	}
	rows, err := c.query(ctx, q+` ORDER BY a.applied_at DESC, a.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	defer rows.Close()
	var out []hiring.Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (c *Conn) RecentApplications(ctx context.Context, clientHash string, since time.Time) (int, error) {
	if clientHash == "" {
		return 0, nil
	}
	var n int
	err := c.row(ctx, `SELECT count(*) FROM applications WHERE client_hash = ? AND applied_at >= ?`, clientHash, since.UTC()).Scan(&n)
	return n, err
}

func (c *Conn) InsertStageEvent(ctx context.Context, e hiring.StageEvent) error {
	_, err := c.exec(ctx, `INSERT INTO application_events (application_id, from_stage, to_stage, at, by_user_id, note) VALUES (?, ?, ?, ?, ?, ?)`,
		e.ApplicationID, e.FromStage, e.ToStage, e.At.UTC(), nullInt(e.ByUserID), e.Note)
	return err
}

func (c *Conn) InsertSelfID(ctx context.Context, s hiring.SelfID) error {
	_, err := c.exec(ctx, `INSERT INTO application_self_ids (application_id, gender, race_ethnicity, veteran, disability, recorded_on) VALUES (?, ?, ?, ?, ?, ?)`,
		s.ApplicationID, s.Gender, s.RaceEthnicity, s.Veteran, s.Disability, s.RecordedAtDate)
	return err
}

func (c *Conn) GetSelfID(ctx context.Context, applicationID int64) (hiring.SelfID, error) {
	var s hiring.SelfID
	err := c.row(ctx, `SELECT application_id, gender, race_ethnicity, veteran, disability, recorded_on FROM application_self_ids WHERE application_id = ?`, applicationID).
		Scan(&s.ApplicationID, &s.Gender, &s.RaceEthnicity, &s.Veteran, &s.Disability, &s.RecordedAtDate)
	return s, notFound(err, "self-identification")
}

// MoveApplication sets an application's stage.
func (c *Conn) MoveApplication(ctx context.Context, id int64, stage string, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE applications SET stage = ?, stage_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`, stage, at.UTC(), at.UTC(), id)
	return err
}

// RejectApplication marks an application rejected.
func (c *Conn) RejectApplication(ctx context.Context, id int64, reason string, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE applications SET status = 'rejected', reject_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'active'`, reason, at.UTC(), id)
	return err
}

// SetApplicationApproval links (or unlinks, with 0) a pending decision.
func (c *Conn) SetApplicationApproval(ctx context.Context, id, approvalID int64) error {
	_, err := c.exec(ctx, `UPDATE applications SET approval_id = ?, version = version + 1 WHERE id = ?`, nullInt(approvalID), id)
	return err
}

// ListStageEvents returns an application's moves, oldest first.
func (c *Conn) ListStageEvents(ctx context.Context, applicationID int64) ([]hiring.StageEvent, error) {
	rows, err := c.query(ctx, `SELECT e.id, e.application_id, e.from_stage, e.to_stage, e.at, COALESCE(e.by_user_id, 0), COALESCE(u.name, ''), e.note
		FROM application_events e LEFT JOIN users u ON u.id = e.by_user_id WHERE e.application_id = ? ORDER BY e.at, e.id`, applicationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.StageEvent
	for rows.Next() {
		var e hiring.StageEvent
		if err := rows.Scan(&e.ID, &e.ApplicationID, &e.FromStage, &e.ToStage, &e.At, &e.ByUserID, &e.ByName, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WaitingApplications returns the active applications that entered their
// stage before the cutoff, within the org paths (or the whole company),
// the longest waiting first, and how many there are.
func (c *Conn) WaitingApplications(ctx context.Context, before time.Time, paths []string, whole bool, limit int) ([]hiring.Application, int, error) {
	where := ` WHERE a.status = 'active' AND a.stage_changed_at < ?`
	args := []any{before.UTC()}
	if !whole {
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		where += " AND (" + strings.Join(ors, " OR ") + ")"
	}
	var total int
	if err := c.row(ctx, `SELECT count(*) FROM applications a JOIN requisitions r ON r.id = a.requisition_id JOIN org_units o ON o.id = r.org_unit_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > 500 {
		limit = 25
	}
	rows, err := c.query(ctx, appSelect+where+` ORDER BY a.stage_changed_at, a.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []hiring.Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}
