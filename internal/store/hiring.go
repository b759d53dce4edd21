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

// Hiring returns the hiring.Store on this database.
func (db *DB) Hiring() hiring.Store { return hiringStore{db.Reader()} }

type hiringStore struct{ *Conn }

func (h hiringStore) InTx(ctx context.Context, fn func(hiring.Store) error) error {
	return h.Conn.inTx(ctx, func(c *Conn) error { return fn(hiringStore{c}) })
}

// SavePlanLine upserts the line of an org unit and quarter.
func (c *Conn) SavePlanLine(ctx context.Context, l hiring.PlanLine) (int64, error) {
	var id int64
	err := c.row(ctx, `SELECT id FROM hiring_plan_lines WHERE org_unit_id = ? AND year = ? AND quarter = ?`, l.OrgUnitID, l.Year, l.Quarter).Scan(&id)
	switch {
	case err == sql.ErrNoRows:
		return c.insert(ctx, `INSERT INTO hiring_plan_lines (org_unit_id, year, quarter, headcount, budget_cents, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			l.OrgUnitID, l.Year, l.Quarter, l.Headcount, l.BudgetCents, l.Note, l.UpdatedAt.UTC())
	case err != nil:
		return 0, err
	}
	_, err = c.exec(ctx, `UPDATE hiring_plan_lines SET headcount = ?, budget_cents = ?, note = ?, updated_at = ? WHERE id = ?`, l.Headcount, l.BudgetCents, l.Note, l.UpdatedAt.UTC(), id)
	return id, err
}

// ListPlanLines returns a year's plan lines by org path and quarter.
func (c *Conn) ListPlanLines(ctx context.Context, year int) ([]hiring.PlanLine, error) {
	rows, err := c.query(ctx, `SELECT l.id, l.org_unit_id, o.name, o.path, l.year, l.quarter, l.headcount, l.budget_cents, l.note, l.updated_at
		FROM hiring_plan_lines l JOIN org_units o ON o.id = l.org_unit_id WHERE l.year = ? ORDER BY o.path, l.quarter`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.PlanLine
	for rows.Next() {
		var l hiring.PlanLine
		if err := rows.Scan(&l.ID, &l.OrgUnitID, &l.OrgUnitName, &l.OrgPath, &l.Year, &l.Quarter, &l.Headcount, &l.BudgetCents, &l.Note, &l.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// PlanUsage attributes each requisition of a year (by its target start's
// quarter) to the plan line of its org unit or nearest planned ancestor.
func (c *Conn) PlanUsage(ctx context.Context, year int) (map[[3]int64]hiring.PlanUsage, error) {
	lines, err := c.ListPlanLines(ctx, year)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT o.path, r.target_start, r.status, r.headcount, r.filled_count, r.salary_max_cents
		FROM requisitions r JOIN org_units o ON o.id = r.org_unit_id
		WHERE r.target_start >= ? AND r.target_start < ? AND r.status IN ('pending_approval', 'open', 'on_hold', 'filled')`,
		date.New(year, time.January, 1), date.New(year+1, time.January, 1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[3]int64]hiring.PlanUsage{}
	for rows.Next() {
		var path, status string
		var start date.Date
		var hc, filled int
		var maxCents int64
		if err := rows.Scan(&path, &start, &status, &hc, &filled, &maxCents); err != nil {
			return nil, err
		}
		q := (int(start.Month())-1)/3 + 1
		var best *hiring.PlanLine
		for i := range lines {
			l := &lines[i]
			if l.Quarter == q && strings.HasPrefix(path, l.OrgPath) && (best == nil || len(l.OrgPath) > len(best.OrgPath)) {
				best = l
			}
		}
		if best == nil {
			continue
		}
		k := [3]int64{best.OrgUnitID, int64(year), int64(q)}
		u := out[k]
		if status == hiring.ReqPending {
			u.Requested += hc
		} else {
			u.Approved += hc
			u.Filled += filled
			u.CommittedCents += maxCents * int64(hc)
		}
		out[k] = u
	}
	return out, rows.Err()
}

const reqSelect = `SELECT r.id, r.number, r.title, r.job_id, j.title, r.org_unit_id, o.name, o.path, r.location_id, l.name, r.headcount, r.employment_type,
	r.reason, COALESCE(r.backfill_for, 0), COALESCE(CASE WHEN b.preferred_name <> '' THEN b.preferred_name ELSE b.given_name END || ' ' || b.family_name, ''),
	r.salary_min_cents, r.salary_max_cents, r.currency,
	r.hiring_manager_id, CASE WHEN h.preferred_name <> '' THEN h.preferred_name ELSE h.given_name END || ' ' || h.family_name,
	COALESCE(r.recruiter_user_id, 0), COALESCE(u.name, ''), r.target_start, r.key_role, r.justification, r.requirements, r.status, COALESCE(r.approval_id, 0),
	r.opened_on, r.closed_on, r.filled_count, COALESCE(r.created_by, 0), r.created_at, r.updated_at, r.version, COALESCE(r.stage_template_id, 0), r.stages, r.interview_plan
	FROM requisitions r JOIN jobs j ON j.id = r.job_id JOIN org_units o ON o.id = r.org_unit_id JOIN locations l ON l.id = r.location_id
	JOIN employees h ON h.id = r.hiring_manager_id LEFT JOIN employees b ON b.id = r.backfill_for LEFT JOIN users u ON u.id = r.recruiter_user_id`

func scanRequisition(s interface{ Scan(...any) error }) (hiring.Requisition, error) {
	var r hiring.Requisition
	var stages, plan string
	err := s.Scan(&r.ID, &r.Number, &r.Title, &r.JobID, &r.JobTitle, &r.OrgUnitID, &r.OrgUnitName, &r.OrgPath, &r.LocationID, &r.LocationName, &r.Headcount, &r.EmploymentType,
		&r.Reason, &r.BackfillFor, &r.BackfillName, &r.SalaryMinCents, &r.SalaryMaxCents, &r.Currency, &r.HiringManagerID, &r.HiringManagerName,
		&r.RecruiterUserID, &r.RecruiterName, &r.TargetStart, &r.KeyRole, &r.Justification, &r.Requirements, &r.Status, &r.ApprovalID,
		&r.OpenedOn, &r.ClosedOn, &r.FilledCount, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.Version, &r.StageTemplateID, &stages, &plan)
	if err == nil && stages != "" {
		if err = json.Unmarshal([]byte(stages), &r.Stages); err != nil {
			err = fmt.Errorf("requisition %d stages: %w", r.ID, err)
		}
	}
	if err == nil && plan != "" {
		if err = json.Unmarshal([]byte(plan), &r.Plan); err != nil {
			err = fmt.Errorf("requisition %d interview plan: %w", r.ID, err)
		}
	}
	return r, err
}

func stagesJSON(st []hiring.Stage) string {
	if len(st) == 0 {
		return ""
	}
	b, _ := json.Marshal(st)
	return string(b)
}

func planJSON(p []hiring.InterviewRound) string {
	if len(p) == 0 {
		return ""
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// InsertRequisition stores a new requisition and gives it its number.
func (c *Conn) InsertRequisition(ctx context.Context, r hiring.Requisition) (int64, error) {
	tmp := fmt.Sprintf("tmp-%d", time.Now().UnixNano())
	id, err := c.insert(ctx, `INSERT INTO requisitions (number, title, job_id, org_unit_id, location_id, headcount, employment_type, reason, backfill_for,
		salary_min_cents, salary_max_cents, currency, hiring_manager_id, recruiter_user_id, target_start, key_role, justification, requirements, status, approval_id,
		opened_on, closed_on, filled_count, created_by, created_at, updated_at, stage_template_id, stages, interview_plan)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tmp, r.Title, r.JobID, r.OrgUnitID, r.LocationID, r.Headcount, r.EmploymentType, r.Reason, nullInt(r.BackfillFor),
		r.SalaryMinCents, r.SalaryMaxCents, r.Currency, r.HiringManagerID, nullInt(r.RecruiterUserID), r.TargetStart, r.KeyRole, r.Justification, r.Requirements, r.Status, nullInt(r.ApprovalID),
		r.OpenedOn, r.ClosedOn, r.FilledCount, nullInt(r.CreatedBy), r.CreatedAt.UTC(), r.UpdatedAt.UTC(), nullInt(r.StageTemplateID), stagesJSON(r.Stages), planJSON(r.Plan))
	if err != nil {
		return 0, err
	}
	_, err = c.exec(ctx, `UPDATE requisitions SET number = ? WHERE id = ?`, fmt.Sprintf("REQ-%05d", id), id)
	return id, err
}

// UpdateRequisition saves a requisition and bumps its version.
func (c *Conn) UpdateRequisition(ctx context.Context, r hiring.Requisition) error {
	_, err := c.exec(ctx, `UPDATE requisitions SET title = ?, job_id = ?, org_unit_id = ?, location_id = ?, headcount = ?, employment_type = ?, reason = ?,
		backfill_for = ?, salary_min_cents = ?, salary_max_cents = ?, currency = ?, hiring_manager_id = ?, recruiter_user_id = ?, target_start = ?, key_role = ?,
		justification = ?, requirements = ?, status = ?, approval_id = ?, opened_on = ?, closed_on = ?, filled_count = ?, updated_at = ?,
		stage_template_id = ?, stages = ?, interview_plan = ?, version = version + 1 WHERE id = ?`,
		r.Title, r.JobID, r.OrgUnitID, r.LocationID, r.Headcount, r.EmploymentType, r.Reason, nullInt(r.BackfillFor), r.SalaryMinCents, r.SalaryMaxCents, r.Currency,
		r.HiringManagerID, nullInt(r.RecruiterUserID), r.TargetStart, r.KeyRole, r.Justification, r.Requirements, r.Status, nullInt(r.ApprovalID),
		r.OpenedOn, r.ClosedOn, r.FilledCount, r.UpdatedAt.UTC(), nullInt(r.StageTemplateID), stagesJSON(r.Stages), planJSON(r.Plan), r.ID)
	return err
}

func (c *Conn) GetRequisition(ctx context.Context, id int64) (hiring.Requisition, error) {
	r, err := scanRequisition(c.row(ctx, reqSelect+` WHERE r.id = ?`, id))
	return r, notFound(err, "requisition")
}

func (c *Conn) ListRequisitions(ctx context.Context, f hiring.RequisitionFilter) ([]hiring.Requisition, error) {
	var where []string
	var args []any
	switch f.Status {
	case "":
	case "active":
		where = append(where, "r.status IN ('draft', 'pending_approval', 'open', 'on_hold')")
	default:
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	}
	if f.OrgUnitID != 0 {
		where, args = append(where, "o.path LIKE (SELECT p.path FROM org_units p WHERE p.id = ?) || '%'"), append(args, f.OrgUnitID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where, args = append(where, "(lower(r.number) = lower(?) OR lower(r.title) LIKE ?)"), append(args, q, "%"+escapeLike(strings.ToLower(q))+"%")
	}
	if !f.WholeCompany {
		var ors []string
		for _, p := range f.ScopePaths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		for _, m := range f.HiringManagers {
			ors, args = append(ors, "(r.hiring_manager_id = ? OR h.manager_id = ?)"), append(args, m, m)
		}
		if len(ors) == 0 {
			return nil, nil
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	q := reqSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	q += ` ORDER BY CASE r.status WHEN 'pending_approval' THEN 0 WHEN 'open' THEN 1 WHEN 'draft' THEN 2 WHEN 'on_hold' THEN 3 ELSE 4 END, r.target_start, r.id LIMIT ?`
	rows, err := c.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list requisitions: %w", err)
	}
	defer rows.Close()
	var out []hiring.Requisition
	for rows.Next() {
		r, err := scanRequisition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const postingSelect = `SELECT p.id, p.requisition_id, r.number, p.slug, p.title, p.description_md, o.name, r.org_unit_id, o.path, r.location_id, l.name, l.city, l.region,
	p.remote, r.employment_type, p.show_salary, r.salary_min_cents, r.salary_max_cents, r.currency, p.pay_per, p.questions, p.status, p.published_at, p.closes_on,
	r.hiring_manager_id, COALESCE(p.created_by, 0), p.created_at, p.updated_at, p.version
	FROM postings p JOIN requisitions r ON r.id = p.requisition_id JOIN org_units o ON o.id = r.org_unit_id JOIN locations l ON l.id = r.location_id`

func scanPosting(s interface{ Scan(...any) error }) (hiring.Posting, error) {
	var p hiring.Posting
	var qs string
	var published sql.NullTime
	err := s.Scan(&p.ID, &p.RequisitionID, &p.ReqNumber, &p.Slug, &p.Title, &p.DescriptionMD, &p.Department, &p.OrgUnitID, &p.OrgPath, &p.LocationID, &p.LocationName,
		&p.City, &p.Region, &p.Remote, &p.EmploymentType, &p.ShowSalary, &p.SalaryMinCents, &p.SalaryMaxCents, &p.Currency, &p.PayPer, &qs, &p.Status, &published,
		&p.ClosesOn, &p.HiringManagerID, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return p, err
	}
	p.PublishedAt = published.Time
	if p.PayPer == "hour" {
		p.SalaryMinCents, p.SalaryMaxCents = p.SalaryMinCents/2080, p.SalaryMaxCents/2080
	}
	if qs != "" {
		if err := json.Unmarshal([]byte(qs), &p.Questions); err != nil {
			return p, fmt.Errorf("posting %d questions: %w", p.ID, err)
		}
	}
	return p, nil
}

func questionsJSON(qs []hiring.Question) string {
	if qs == nil {
		qs = []hiring.Question{}
	}
	b, _ := json.Marshal(qs)
	return string(b)
}

// InsertPosting stores a posting.
func (c *Conn) InsertPosting(ctx context.Context, p hiring.Posting) (int64, error) {
	return c.insert(ctx, `INSERT INTO postings (requisition_id, slug, title, description_md, remote, show_salary, pay_per, questions, status, published_at, closes_on, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.RequisitionID, p.Slug, p.Title, p.DescriptionMD, p.Remote, p.ShowSalary, p.PayPer, questionsJSON(p.Questions), p.Status, nullTime(p.PublishedAt), p.ClosesOn,
		nullInt(p.CreatedBy), p.CreatedAt.UTC(), p.UpdatedAt.UTC())
}

// UpdatePosting saves a posting and bumps its version.
func (c *Conn) UpdatePosting(ctx context.Context, p hiring.Posting) error {
	_, err := c.exec(ctx, `UPDATE postings SET title = ?, description_md = ?, remote = ?, show_salary = ?, questions = ?, status = ?, published_at = ?, closes_on = ?,
		updated_at = ?, version = version + 1 WHERE id = ?`,
		p.Title, p.DescriptionMD, p.Remote, p.ShowSalary, questionsJSON(p.Questions), p.Status, nullTime(p.PublishedAt), p.ClosesOn, p.UpdatedAt.UTC(), p.ID)
	return err
}

func (c *Conn) GetPosting(ctx context.Context, id int64) (hiring.Posting, error) {
	p, err := scanPosting(c.row(ctx, postingSelect+` WHERE p.id = ?`, id))
	return p, notFound(err, "posting")
}

func (c *Conn) PostingBySlug(ctx context.Context, slug string) (hiring.Posting, error) {
	p, err := scanPosting(c.row(ctx, postingSelect+` WHERE p.slug = ?`, slug))
	return p, notFound(err, "job")
}

func (c *Conn) ListPostings(ctx context.Context, f hiring.PostingFilter) ([]hiring.Posting, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	if f.RequisitionID != 0 {
		where, args = append(where, "p.requisition_id = ?"), append(args, f.RequisitionID)
	}
	if !f.LiveOn.IsZero() {
		where, args = append(where, "(p.closes_on IS NULL OR p.closes_on >= ?) AND r.status = 'open'"), append(args, f.LiveOn)
	}
	if f.OrgUnitID != 0 {
		where, args = append(where, "o.path LIKE (SELECT x.path FROM org_units x WHERE x.id = ?) || '%'"), append(args, f.OrgUnitID)
	}
	if f.LocationID != 0 {
		where, args = append(where, "r.location_id = ?"), append(args, f.LocationID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where, args = append(where, "lower(p.title) LIKE ?"), append(args, "%"+escapeLike(strings.ToLower(q))+"%")
	}
	q := postingSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	rows, err := c.query(ctx, q+` ORDER BY p.published_at IS NULL, p.published_at DESC, p.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list postings: %w", err)
	}
	defer rows.Close()
	var out []hiring.Posting
	for rows.Next() {
		p, err := scanPosting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
