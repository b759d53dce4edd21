package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
)

// Relations returns the relations.Store on this database.
func (db *DB) Relations() relations.Store { return relationsStore{db.Reader()} }

type relationsStore struct{ *Conn }

func (r relationsStore) InTx(ctx context.Context, fn func(relations.Store) error) error {
	return r.Conn.inTx(ctx, func(c *Conn) error { return fn(relationsStore{c}) })
}

func (r relationsStore) People() people.Store { return peopleStore{r.Conn} }

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// HRStaffFor lists active users with role (any HR role when empty) over
// orgPath (any scope when empty), with their grant's depth and open
// cases.
func (c *Conn) HRStaffFor(ctx context.Context, role access.Role, orgPath string) ([]relations.Staff, error) {
	q := `SELECT u.id, COALESCE(u.employee_id, 0), u.name, COALESCE(o.path, ''),
			(SELECT count(*) FROM er_cases k WHERE k.owner_user_id = u.id AND k.status <> 'closed')
		FROM grants g JOIN users u ON u.id = g.user_id LEFT JOIN org_units o ON o.id = g.org_unit_id
		WHERE u.active = ?`
	args := []any{true}
	if role == "" {
		q += ` AND g.role IN ('hr_generalist', 'hr_manager', 'hr_director')`
	} else {
		q, args = q+` AND g.role = ?`, append(args, string(role))
	}
	if orgPath != "" {
		q, args = q+` AND (g.org_unit_id IS NULL OR ? LIKE o.path || '%')`, append(args, orgPath)
	}
	rows, err := c.query(ctx, q+` ORDER BY u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("hr staff: %w", err)
	}
	defer rows.Close()
	var out []relations.Staff
	for rows.Next() {
		var s relations.Staff
		var path string
		if err := rows.Scan(&s.UserID, &s.EmployeeID, &s.Name, &path, &s.OpenCases); err != nil {
			return nil, err
		}
		if path != "" {
			s.Depth = strings.Count(path, "/") - 1
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (c *Conn) UserName(ctx context.Context, id int64) (string, error) {
	var n string
	err := c.row(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&n)
	return n, notFound(err, "user")
}

func (c *Conn) UserOfEmployee(ctx context.Context, employeeID int64) (int64, error) {
	id, _, err := c.ActiveUserOf(ctx, employeeID)
	return id, err
}

// ---- cases ----

const caseCols = `c.id, c.category, c.severity, c.status, c.channel, c.title, c.description, c.org_unit_id, o.path, o.name,
	COALESCE(c.location_id, 0), COALESCE(l.name, ''), c.occurred_on, c.reported_on, COALESCE(c.owner_user_id, 0), COALESCE(u.name, ''),
	c.escalated, c.restricted, COALESCE(c.reporter_user_id, 0), COALESCE(c.followup_hash, ''), c.plan, c.plan_status, COALESCE(c.plan_approval_id, 0),
	c.findings, c.findings_status, COALESCE(c.findings_approval_id, 0), c.outcome, c.outcome_status, COALESCE(c.outcome_approval_id, 0),
	c.resolution, c.hold, c.hold_reason, c.hold_at, c.opened_at, c.closed_at, c.closed_on, c.updated_at, c.version`

const caseFrom = ` FROM er_cases c JOIN org_units o ON o.id = c.org_unit_id LEFT JOIN locations l ON l.id = c.location_id LEFT JOIN users u ON u.id = c.owner_user_id`

func scanCase(s interface{ Scan(...any) error }) (relations.SealedCase, error) {
	var sc relations.SealedCase
	var holdAt, closedAt sql.NullTime
	err := s.Scan(&sc.ID, &sc.Category, &sc.Severity, &sc.Status, &sc.Channel, &sc.TitleS, &sc.DescriptionS, &sc.OrgUnitID, &sc.OrgPath, &sc.OrgUnitName,
		&sc.LocationID, &sc.LocationName, &sc.OccurredOn, &sc.ReportedOn, &sc.OwnerUserID, &sc.OwnerName,
		&sc.Escalated, &sc.Restricted, &sc.ReporterUserID, &sc.FollowUpHash, &sc.PlanS, &sc.PlanStatus, &sc.PlanApproval,
		&sc.FindingsS, &sc.FindingsStatus, &sc.FindingsAppr, &sc.OutcomeS, &sc.OutcomeStatus, &sc.OutcomeAppr,
		&sc.ResolutionS, &sc.Hold, &sc.HoldReason, &holdAt, &sc.OpenedAt, &closedAt, &sc.ClosedOn, &sc.UpdatedAt, &sc.Version)
	sc.HoldAt, sc.ClosedAt, sc.OpenedAt, sc.UpdatedAt = timeOf(holdAt), timeOf(closedAt), sc.OpenedAt.UTC(), sc.UpdatedAt.UTC()
	return sc, err
}

func (c *Conn) InsertCase(ctx context.Context, k relations.SealedCase) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_cases (category, severity, status, channel, title, description, org_unit_id, location_id, occurred_on, reported_on,
		owner_user_id, escalated, restricted, reporter_user_id, followup_hash, plan, outcome_kind, opened_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		k.Category, k.Severity, k.Status, k.Channel, k.TitleS, k.DescriptionS, k.OrgUnitID, nullInt(k.LocationID), k.OccurredOn, k.ReportedOn,
		nullInt(k.OwnerUserID), k.Escalated, k.Restricted, nullInt(k.ReporterUserID), nullText(k.FollowUpHash), k.PlanS, k.Outcome.Kind, k.OpenedAt.UTC(), k.UpdatedAt.UTC())
}

func (c *Conn) UpdateCase(ctx context.Context, k relations.SealedCase) error {
	_, err := c.exec(ctx, `UPDATE er_cases SET category = ?, severity = ?, status = ?, title = ?, description = ?, location_id = ?, occurred_on = ?,
		owner_user_id = ?, escalated = ?, restricted = ?, plan = ?, plan_status = ?, plan_approval_id = ?, findings = ?, findings_status = ?,
		findings_approval_id = ?, outcome = ?, outcome_kind = ?, outcome_status = ?, outcome_approval_id = ?, resolution = ?, hold = ?, hold_reason = ?, hold_at = ?,
		closed_at = ?, closed_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		k.Category, k.Severity, k.Status, k.TitleS, k.DescriptionS, nullInt(k.LocationID), k.OccurredOn,
		nullInt(k.OwnerUserID), k.Escalated, k.Restricted, k.PlanS, k.PlanStatus, nullInt(k.PlanApproval), k.FindingsS, k.FindingsStatus,
		nullInt(k.FindingsAppr), k.OutcomeS, k.Outcome.Kind, k.OutcomeStatus, nullInt(k.OutcomeAppr), k.ResolutionS, k.Hold, k.HoldReason, nullTime(k.HoldAt),
		nullTime(k.ClosedAt), k.ClosedOn, k.UpdatedAt.UTC(), k.ID)
	return err
}

func (c *Conn) GetCase(ctx context.Context, id int64) (relations.SealedCase, error) {
	k, err := scanCase(c.row(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = ?`, id))
	return k, notFound(err, "case")
}

func (c *Conn) CaseByFollowUp(ctx context.Context, hash string) (relations.SealedCase, error) {
	k, err := scanCase(c.row(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.followup_hash = ?`, hash))
	return k, notFound(err, "report")
}

func (c *Conn) cases(ctx context.Context, q string, args ...any) ([]relations.SealedCase, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedCase
	for rows.Next() {
		k, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// ListCases lists the cases the visibility allows, newest first. The
// subtree CTE holds the lister's employee and everyone below them: a case
// with a subject among them is never listed.
func (c *Conn) ListCases(ctx context.Context, f relations.CaseFilter, v relations.Visibility) ([]relations.SealedCase, error) {
	args := []any{v.ExcludeEmployee}
	q := `WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT e.id FROM employees e JOIN sub ON e.manager_id = sub.id)
		SELECT ` + caseCols + caseFrom + ` WHERE NOT EXISTS (SELECT 1 FROM er_parties p WHERE p.case_id = c.id AND p.role = 'subject' AND p.employee_id IN (SELECT id FROM sub))`
	scope := func(whole bool, paths []string) string {
		if whole {
			return "1 = 1"
		}
		if len(paths) == 0 {
			return "1 = 0"
		}
		var ors []string
		for _, p := range paths {
			ors, args = append(ors, "o.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		return "(" + strings.Join(ors, " OR ") + ")"
	}
	team := `(c.owner_user_id = ? OR EXISTS (SELECT 1 FROM er_members m WHERE m.case_id = c.id AND m.user_id = ?))`
	args = append(args, v.UserID, v.UserID, false)
	vis := team + ` OR (c.restricted = ? AND ` + scope(v.Whole, v.Paths) + `)`
	args = append(args, true)
	vis += ` OR (c.restricted = ? AND ` + scope(v.DirectorWhole, v.DirectorPaths) + `)`
	q += ` AND (` + vis + `)`
	switch f.Status {
	case "":
	case "open":
		q += ` AND c.status <> 'closed'`
	default:
		q, args = q+` AND c.status = ?`, append(args, f.Status)
	}
	if f.Category != "" {
		q, args = q+` AND c.category = ?`, append(args, f.Category)
	}
	if f.OwnerID != 0 {
		q, args = q+` AND c.owner_user_id = ?`, append(args, f.OwnerID)
	}
	if f.Mine {
		q, args = q+` AND `+team, append(args, v.UserID, v.UserID)
	}
	if f.OrgUnitID != 0 {
		q, args = q+` AND o.path LIKE (SELECT path FROM org_units WHERE id = ?) || '%'`, append(args, f.OrgUnitID)
	}
	if f.Hold {
		q, args = q+` AND c.hold = ?`, append(args, true)
	}
	if f.BeforeID != 0 {
		q, args = q+` AND c.id < ?`, append(args, f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 2000 {
		f.Limit = 500
	}
	return c.cases(ctx, q+` ORDER BY c.id DESC LIMIT ?`, append(args, f.Limit)...)
}

func (c *Conn) CasesReportedBy(ctx context.Context, userID int64) ([]relations.SealedCase, error) {
	return c.cases(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.reporter_user_id = ? ORDER BY c.id DESC`, userID)
}

// ---- parties and team ----

func (c *Conn) InsertParty(ctx context.Context, p relations.Party, name []byte) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_parties (case_id, employee_id, name, role, added_at) VALUES (?, ?, ?, ?, ?)`,
		p.CaseID, nullInt(p.EmployeeID), name, p.Role, p.AddedAt.UTC())
}

func (c *Conn) DeleteParty(ctx context.Context, caseID, id int64) error {
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM er_entries WHERE party_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if err := c.row(ctx, `SELECT count(*) + ? FROM er_allegations WHERE subject_id = ?`, n, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return relations.ErrPartyInUse
	}
	res, err := c.exec(ctx, `DELETE FROM er_parties WHERE case_id = ? AND id = ?`, caseID, id)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return notFound(sql.ErrNoRows, "person")
	}
	return nil
}

func (c *Conn) ListParties(ctx context.Context, caseID int64) ([]relations.SealedParty, error) {
	rows, err := c.query(ctx, `SELECT p.id, p.case_id, COALESCE(p.employee_id, 0), p.name, p.role, p.added_at,
			COALESCE(e.given_name || ' ' || e.family_name, ''), COALESCE(j.title, '')
		FROM er_parties p LEFT JOIN employees e ON e.id = p.employee_id LEFT JOIN jobs j ON j.id = e.job_id
		WHERE p.case_id = ? ORDER BY p.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list parties: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedParty
	for rows.Next() {
		var p relations.SealedParty
		var empName string
		if err := rows.Scan(&p.ID, &p.CaseID, &p.EmployeeID, &p.NameS, &p.Role, &p.AddedAt, &empName, &p.JobTitle); err != nil {
			return nil, err
		}
		p.Name = empName
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) SetMember(ctx context.Context, m relations.Member) error {
	if m.UserID != 0 {
		if _, err := c.exec(ctx, `DELETE FROM er_members WHERE case_id = ? AND user_id = ?`, m.CaseID, m.UserID); err != nil {
			return err
		}
	}
	_, err := c.exec(ctx, `INSERT INTO er_members (case_id, user_id, name, firm, role, added_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.CaseID, nullInt(m.UserID), m.Name, m.Firm, m.Role, m.AddedAt.UTC())
	return err
}

func (c *Conn) RemoveMember(ctx context.Context, caseID, userID int64, name string) error {
	var err error
	if userID != 0 {
		_, err = c.exec(ctx, `DELETE FROM er_members WHERE case_id = ? AND user_id = ?`, caseID, userID)
	} else {
		_, err = c.exec(ctx, `DELETE FROM er_members WHERE case_id = ? AND user_id IS NULL AND name = ?`, caseID, name)
	}
	return err
}

func (c *Conn) ListMembers(ctx context.Context, caseID int64) ([]relations.Member, error) {
	rows, err := c.query(ctx, `SELECT m.case_id, COALESCE(m.user_id, 0), COALESCE(u.name, m.name), m.role, m.user_id IS NULL, m.firm, m.added_at
		FROM er_members m LEFT JOIN users u ON u.id = m.user_id WHERE m.case_id = ? ORDER BY m.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var out []relations.Member
	for rows.Next() {
		var m relations.Member
		if err := rows.Scan(&m.CaseID, &m.UserID, &m.Name, &m.Role, &m.External, &m.Firm, &m.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ---- entries ----

const entryCols = `n.id, n.case_id, n.kind, n.occurred_on, n.body, COALESCE(n.party_id, 0), COALESCE(pe.given_name || ' ' || pe.family_name, ''),
	n.ack_status, n.ack_comment, n.ack_at, COALESCE(n.created_by, 0), COALESCE(u.name, ''), n.created_at, k.category`

const entryFrom = ` FROM er_entries n JOIN er_cases k ON k.id = n.case_id LEFT JOIN er_parties p ON p.id = n.party_id LEFT JOIN employees pe ON pe.id = p.employee_id
	LEFT JOIN users u ON u.id = n.created_by`

func scanEntry(s interface{ Scan(...any) error }) (relations.SealedEntry, error) {
	var e relations.SealedEntry
	var ack sql.NullTime
	err := s.Scan(&e.ID, &e.CaseID, &e.Kind, &e.OccurredOn, &e.BodyS, &e.PartyID, &e.PartyName, &e.AckStatus, &e.AckCommentS, &ack,
		&e.CreatedBy, &e.ByName, &e.CreatedAt, &e.CaseCategory)
	e.AckAt, e.CreatedAt = timeOf(ack), e.CreatedAt.UTC()
	return e, err
}

func (c *Conn) InsertEntry(ctx context.Context, e relations.SealedEntry) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_entries (case_id, kind, occurred_on, body, party_id, ack_status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.CaseID, e.Kind, e.OccurredOn, e.BodyS, nullInt(e.PartyID), e.AckStatus, nullInt(e.CreatedBy), e.CreatedAt.UTC())
}

func (c *Conn) entries(ctx context.Context, q string, args ...any) ([]relations.SealedEntry, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) ListEntries(ctx context.Context, caseID int64) ([]relations.SealedEntry, error) {
	return c.entries(ctx, `SELECT `+entryCols+entryFrom+` WHERE n.case_id = ? ORDER BY n.occurred_on, n.id`, caseID)
}

func (c *Conn) GetEntry(ctx context.Context, id int64) (relations.SealedEntry, error) {
	e, err := scanEntry(c.row(ctx, `SELECT `+entryCols+entryFrom+` WHERE n.id = ?`, id))
	return e, notFound(err, "entry")
}

func (c *Conn) AcknowledgeEntry(ctx context.Context, id int64, status string, comment []byte, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE er_entries SET ack_status = ?, ack_comment = ?, ack_at = ? WHERE id = ? AND ack_status = 'pending'`, status, comment, at.UTC(), id)
	return err
}

// StatementsFor lists interview notes whose witness is the employee.
func (c *Conn) StatementsFor(ctx context.Context, employeeID int64) ([]relations.SealedEntry, error) {
	return c.entries(ctx, `SELECT `+entryCols+entryFrom+` WHERE n.kind = 'interview' AND n.ack_status <> '' AND p.employee_id = ? ORDER BY n.id DESC`, employeeID)
}

// ---- evidence ----

const evidenceCols = `id, case_id, title, filename, description, content_type, size, sha256, blob_id, COALESCE(added_by, 0),
	COALESCE((SELECT name FROM users WHERE users.id = er_evidence.added_by), ''), added_at`

func scanEvidence(s interface{ Scan(...any) error }) (relations.SealedEvidence, error) {
	var e relations.SealedEvidence
	err := s.Scan(&e.ID, &e.CaseID, &e.TitleS, &e.FilenameS, &e.DescriptionS, &e.ContentType, &e.Size, &e.SHA256, &e.BlobID, &e.AddedBy, &e.ByName, &e.AddedAt)
	e.AddedAt = e.AddedAt.UTC()
	return e, err
}

func (c *Conn) InsertEvidence(ctx context.Context, e relations.SealedEvidence) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_evidence (case_id, title, filename, description, content_type, size, sha256, blob_id, added_by, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.CaseID, e.TitleS, e.FilenameS, e.DescriptionS, e.ContentType, e.Size, e.SHA256, e.BlobID, nullInt(e.AddedBy), e.AddedAt.UTC())
}

func (c *Conn) ListEvidence(ctx context.Context, caseID int64) ([]relations.SealedEvidence, error) {
	rows, err := c.query(ctx, `SELECT `+evidenceCols+` FROM er_evidence WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list evidence: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedEvidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) GetEvidence(ctx context.Context, caseID, id int64) (relations.SealedEvidence, error) {
	e, err := scanEvidence(c.row(ctx, `SELECT `+evidenceCols+` FROM er_evidence WHERE case_id = ? AND id = ?`, caseID, id))
	return e, notFound(err, "evidence")
}

// ---- allegations ----

func (c *Conn) ListAllegations(ctx context.Context, caseID int64) ([]relations.SealedAllegation, error) {
	rows, err := c.query(ctx, `SELECT id, case_id, position, text, COALESCE(subject_id, 0), finding, reasoning, found_at FROM er_allegations WHERE case_id = ? ORDER BY position, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list allegations: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedAllegation
	for rows.Next() {
		var a relations.SealedAllegation
		var at sql.NullTime
		if err := rows.Scan(&a.ID, &a.CaseID, &a.Position, &a.TextS, &a.SubjectID, &a.Finding, &a.ReasoningS, &at); err != nil {
			return nil, err
		}
		a.FoundAt = timeOf(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (c *Conn) InsertAllegation(ctx context.Context, a relations.SealedAllegation) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_allegations (case_id, position, text, subject_id) VALUES (?, ?, ?, ?)`, a.CaseID, a.Position, a.TextS, nullInt(a.SubjectID))
}

func (c *Conn) UpdateAllegation(ctx context.Context, a relations.SealedAllegation) error {
	_, err := c.exec(ctx, `UPDATE er_allegations SET position = ?, text = ?, subject_id = ? WHERE case_id = ? AND id = ?`, a.Position, a.TextS, nullInt(a.SubjectID), a.CaseID, a.ID)
	return err
}

func (c *Conn) DeleteAllegation(ctx context.Context, caseID, id int64) error {
	_, err := c.exec(ctx, `DELETE FROM er_allegations WHERE case_id = ? AND id = ?`, caseID, id)
	return err
}

func (c *Conn) SetFinding(ctx context.Context, caseID, id int64, finding string, reasoning []byte, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE er_allegations SET finding = ?, reasoning = ?, found_at = ? WHERE case_id = ? AND id = ?`, finding, reasoning, at.UTC(), caseID, id)
	return err
}

// ---- discipline ----

const disciplineCols = `d.id, d.employee_id, d.given_name || ' ' || d.family_name, COALESCE(d.case_id, 0), d.level, d.issued_on, d.details, d.pip_end, d.pip_outcome,
	d.from_on, d.to_on, d.paid, d.ack_status, d.ack_at, COALESCE(d.issued_by, 0), COALESCE(u.name, ''), d.created_at`

const disciplineFrom = ` FROM (SELECT x.*, e.given_name, e.family_name FROM er_discipline x JOIN employees e ON e.id = x.employee_id) d LEFT JOIN users u ON u.id = d.issued_by`

func scanDiscipline(s interface{ Scan(...any) error }) (relations.SealedDiscipline, error) {
	var d relations.SealedDiscipline
	var ack sql.NullTime
	err := s.Scan(&d.ID, &d.EmployeeID, &d.EmployeeName, &d.CaseID, &d.Level, &d.IssuedOn, &d.DetailsS, &d.PIPEnd, &d.PIPOutcome,
		&d.From, &d.To, &d.Paid, &d.AckStatus, &ack, &d.IssuedBy, &d.IssuerName, &d.CreatedAt)
	d.AckAt, d.CreatedAt = timeOf(ack), d.CreatedAt.UTC()
	return d, err
}

func (c *Conn) InsertDiscipline(ctx context.Context, d relations.SealedDiscipline) (int64, error) {
	return c.insert(ctx, `INSERT INTO er_discipline (employee_id, case_id, level, issued_on, details, pip_end, pip_outcome, from_on, to_on, paid, ack_status, issued_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.EmployeeID, nullInt(d.CaseID), d.Level, d.IssuedOn, d.DetailsS, d.PIPEnd, d.PIPOutcome,
		d.From, d.To, d.Paid, d.AckStatus, nullInt(d.IssuedBy), d.CreatedAt.UTC())
}

func (c *Conn) UpdateDiscipline(ctx context.Context, d relations.SealedDiscipline) error {
	_, err := c.exec(ctx, `UPDATE er_discipline SET details = ?, pip_end = ?, pip_outcome = ?, ack_status = ?, ack_at = ? WHERE id = ?`,
		d.DetailsS, d.PIPEnd, d.PIPOutcome, d.AckStatus, nullTime(d.AckAt), d.ID)
	return err
}

func (c *Conn) GetDiscipline(ctx context.Context, id int64) (relations.SealedDiscipline, error) {
	d, err := scanDiscipline(c.row(ctx, `SELECT `+disciplineCols+disciplineFrom+` WHERE d.id = ?`, id))
	return d, notFound(err, "discipline record")
}

func (c *Conn) ListDiscipline(ctx context.Context, employeeID int64) ([]relations.SealedDiscipline, error) {
	rows, err := c.query(ctx, `SELECT `+disciplineCols+disciplineFrom+` WHERE d.employee_id = ? ORDER BY d.issued_on DESC, d.id DESC`, employeeID)
	if err != nil {
		return nil, fmt.Errorf("list discipline: %w", err)
	}
	defer rows.Close()
	var out []relations.SealedDiscipline
	for rows.Next() {
		d, err := scanDiscipline(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (c *Conn) SetCasePolicies(ctx context.Context, caseID int64, policyIDs []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM er_case_policies WHERE case_id = ?`, caseID); err != nil {
		return err
	}
	for _, p := range policyIDs {
		if _, err := c.exec(ctx, `INSERT INTO er_case_policies (case_id, policy_id) VALUES (?, ?)`, caseID, p); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) CasePolicies(ctx context.Context, caseID int64) ([]relations.PolicyRef, error) {
	rows, err := c.query(ctx, `SELECT p.id, p.title FROM er_case_policies cp JOIN policies p ON p.id = cp.policy_id WHERE cp.case_id = ? ORDER BY p.title`, caseID)
	if err != nil {
		return nil, fmt.Errorf("case policies: %w", err)
	}
	defer rows.Close()
	var out []relations.PolicyRef
	for rows.Next() {
		var p relations.PolicyRef
		if err := rows.Scan(&p.ID, &p.Title); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) PolicyTitles(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(ctx, `SELECT id, title FROM policies WHERE id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}

// CasesCitingPolicy counts the ER cases that involve a policy, in the
// scope of whoever oversees ER there.
func (c *Conn) CasesCitingPolicy(ctx context.Context, policyID int64, paths []string, whole bool) (int, error) {
	scope, args := scopeSQL(paths, whole)
	var n int
	err := c.row(ctx, `SELECT count(*) FROM er_case_policies cp JOIN er_cases k ON k.id = cp.case_id JOIN org_units o ON o.id = k.org_unit_id WHERE cp.policy_id = ?`+scope,
		append([]any{policyID}, args...)...).Scan(&n)
	return n, err
}
