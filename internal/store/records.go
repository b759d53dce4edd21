package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Records returns the records.Store on this database.
func (db *DB) Records() records.Store { return recordsStore{db.Reader()} }

type recordsStore struct{ *Conn }

func (s recordsStore) InTx(ctx context.Context, fn func(records.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(recordsStore{c}) })
}

func (s recordsStore) I9() i9.Store { return i9Store{s.Conn} }

func timePtr(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

const holdCols = `h.id, h.kind, COALESCE(h.employee_id, 0), COALESCE(CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, ''),
	COALESCE(h.er_case_id, 0), COALESCE(h.matter_id, 0), COALESCE(m.title, ''), h.from_date, h.to_date, h.reason, COALESCE(h.placed_by, 0), COALESCE(u.name, ''), h.placed_at,
	h.released_at, COALESCE(h.released_by, 0), h.release_reason
	FROM legal_holds h LEFT JOIN employees e ON e.id = h.employee_id LEFT JOIN legal_matters m ON m.id = h.matter_id LEFT JOIN users u ON u.id = h.placed_by`

func scanHold(s interface{ Scan(...any) error }) (records.Hold, error) {
	var h records.Hold
	var released sql.NullTime
	err := s.Scan(&h.ID, &h.Kind, &h.EmployeeID, &h.EmployeeName, &h.CaseID, &h.MatterID, &h.MatterTitle, &h.From, &h.To, &h.Reason, &h.PlacedBy, &h.PlacedByName, &h.PlacedAt,
		&released, &h.ReleasedBy, &h.ReleaseReason)
	h.PlacedAt = h.PlacedAt.UTC()
	if released.Valid {
		h.ReleasedAt = released.Time.UTC()
	}
	return h, err
}

func (c *Conn) InsertHold(ctx context.Context, h records.Hold) (int64, error) {
	return c.insert(ctx, `INSERT INTO legal_holds (kind, employee_id, er_case_id, matter_id, from_date, to_date, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.Kind, nullInt(h.EmployeeID), nullInt(h.CaseID), nullInt(h.MatterID), h.From, h.To, h.Reason, nullInt(h.PlacedBy), h.PlacedAt.UTC())
}

func (c *Conn) GetHold(ctx context.Context, id int64) (records.Hold, error) {
	h, err := scanHold(c.row(ctx, `SELECT `+holdCols+` WHERE h.id = ?`, id))
	return h, notFound(err, "legal hold")
}

// ListHolds lists every hold (matterID 0) or a matter's, active first.
func (c *Conn) ListHolds(ctx context.Context, matterID int64) ([]records.Hold, error) {
	q, args := `SELECT `+holdCols, []any{}
	if matterID != 0 {
		q, args = q+` WHERE h.matter_id = ?`, append(args, matterID)
	}
	rows, err := c.query(ctx, q+` ORDER BY h.released_at IS NOT NULL, h.placed_at DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("legal holds: %w", err)
	}
	defer rows.Close()
	var out []records.Hold
	for rows.Next() {
		h, err := scanHold(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (c *Conn) ReleaseHold(ctx context.Context, id, by int64, at time.Time, reason string) error {
	res, err := c.exec(ctx, `UPDATE legal_holds SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL`, at.UTC(), nullInt(by), reason, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("the hold was already released")
	}
	return nil
}

func (c *Conn) CaseExists(ctx context.Context, caseID int64) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM er_cases WHERE id = ?`, caseID).Scan(&n)
	return n > 0, err
}

// RetentionCandidates lists unpurged documents of former employees whose last
// day is on or before lastDay, in scope, with their last employment.
func (c *Conn) RetentionCandidates(ctx context.Context, lastDay date.Date, paths []string, whole bool, limit int) ([]records.Candidate, error) {
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT d.id, d.employee_id, CASE WHEN e.preferred_name <> '' THEN e.preferred_name ELSE e.given_name END || ' ' || e.family_name, o.name,
		d.category, d.title, d.created_at, p.end_date, p.start_date, COALESCE(p.voluntary, TRUE)
		FROM documents d JOIN employees e ON e.id = d.employee_id JOIN org_units o ON o.id = e.org_unit_id
		JOIN employment_periods p ON p.employee_id = e.id AND p.start_date = (SELECT max(p2.start_date) FROM employment_periods p2 WHERE p2.employee_id = e.id)
		WHERE e.status = 'terminated' AND d.purged_at IS NULL AND p.end_date IS NOT NULL AND p.end_date <= ?`+scope+` ORDER BY p.end_date, d.id LIMIT ?`,
		append(append([]any{lastDay}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("purge candidates: %w", err)
	}
	defer rows.Close()
	var out []records.Candidate
	for rows.Next() {
		var x records.Candidate
		var created time.Time
		var voluntary bool
		if err := rows.Scan(&x.DocumentID, &x.EmployeeID, &x.EmployeeName, &x.OrgUnit, &x.Category, &x.Title, &created, &x.LastDay, &x.PeriodStart, &voluntary); err != nil {
			return nil, err
		}
		x.Created, x.Involuntary = date.Of(created.UTC()), !voluntary
		out = append(out, x)
	}
	return out, rows.Err()
}

func (c *Conn) DocumentCounts(ctx context.Context, paths []string, whole bool) (map[string][2]int, error) {
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT d.category, count(*), COALESCE(sum(CASE WHEN d.purged_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM documents d JOIN employees e ON e.id = d.employee_id JOIN org_units o ON o.id = e.org_unit_id WHERE 1 = 1`+scope+` GROUP BY d.category`, args...)
	if err != nil {
		return nil, fmt.Errorf("document counts: %w", err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var cat string
		var n, p int
		if err := rows.Scan(&cat, &n, &p); err != nil {
			return nil, err
		}
		out[cat] = [2]int{n, p}
	}
	return out, rows.Err()
}

// PurgeDocument empties the document's file and marks it purged; the row
// (title, category, dates) stays as the stub.
func (c *Conn) PurgeDocument(ctx context.Context, documentID, by int64, at time.Time) error {
	res, err := c.exec(ctx, `UPDATE documents SET purged_at = ?, purged_by = ? WHERE id = ? AND purged_at IS NULL`, at.UTC(), nullInt(by), documentID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("the document was already purged")
	}
	_, err = c.exec(ctx, `UPDATE blobs SET data = ?, size = 0 WHERE id = (SELECT blob_id FROM documents WHERE id = ?)`, []byte{}, documentID)
	return err
}

const purgeCols = `p.id, p.status, p.items, COALESCE(p.requested_by, 0), COALESCE(u.name, ''), COALESCE(p.approval_id, 0), p.decided_at, p.purged, p.skipped, p.created_at
	FROM records_purges p LEFT JOIN users u ON u.id = p.requested_by`

func scanPurge(s interface{ Scan(...any) error }) (records.Purge, error) {
	var p records.Purge
	var items string
	var decided sql.NullTime
	if err := s.Scan(&p.ID, &p.Status, &items, &p.RequestedBy, &p.Requester, &p.ApprovalID, &decided, &p.Purged, &p.Skipped, &p.CreatedAt); err != nil {
		return p, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	if decided.Valid {
		p.DecidedAt = decided.Time.UTC()
	}
	return p, json.Unmarshal([]byte(items), &p.Items)
}

func (c *Conn) InsertPurge(ctx context.Context, p records.Purge) (int64, error) {
	return c.insert(ctx, `INSERT INTO records_purges (status, items, requested_by, created_at) VALUES (?, ?, ?, ?)`, p.Status, records.MarshalItems(p.Items), nullInt(p.RequestedBy), p.CreatedAt.UTC())
}

func (c *Conn) GetPurge(ctx context.Context, id int64) (records.Purge, error) {
	p, err := scanPurge(c.row(ctx, `SELECT `+purgeCols+` WHERE p.id = ?`, id))
	return p, notFound(err, "purge")
}

func (c *Conn) UpdatePurge(ctx context.Context, p records.Purge) error {
	_, err := c.exec(ctx, `UPDATE records_purges SET status = ?, approval_id = ?, decided_at = ?, purged = ?, skipped = ? WHERE id = ?`,
		p.Status, nullInt(p.ApprovalID), timePtr(p.DecidedAt), p.Purged, p.Skipped, p.ID)
	return err
}

func (c *Conn) ListPurges(ctx context.Context, limit int) ([]records.Purge, error) {
	rows, err := c.query(ctx, `SELECT `+purgeCols+` ORDER BY p.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("purges: %w", err)
	}
	defer rows.Close()
	var out []records.Purge
	for rows.Next() {
		p, err := scanPurge(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

const matterCols = `id, kind, title, agency, reference, counsel, received_on, response_due, status, description, outcome, closed_on, COALESCE(created_by, 0), created_at, updated_at, version FROM legal_matters`

func scanMatter(s interface{ Scan(...any) error }) (records.Matter, error) {
	var m records.Matter
	err := s.Scan(&m.ID, &m.Kind, &m.Title, &m.Agency, &m.Reference, &m.Counsel, &m.ReceivedOn, &m.ResponseDue, &m.Status, &m.Description, &m.Outcome, &m.ClosedOn,
		&m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.Version)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

func (c *Conn) InsertMatter(ctx context.Context, m records.Matter) (int64, error) {
	return c.insert(ctx, `INSERT INTO legal_matters (kind, title, agency, reference, counsel, received_on, response_due, status, description, created_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, m.Kind, m.Title, m.Agency, m.Reference, m.Counsel, m.ReceivedOn, m.ResponseDue, m.Status, m.Description,
		nullInt(m.CreatedBy), m.CreatedAt.UTC(), m.UpdatedAt.UTC())
}

func (c *Conn) GetMatter(ctx context.Context, id int64) (records.Matter, error) {
	m, err := scanMatter(c.row(ctx, `SELECT `+matterCols+` WHERE id = ?`, id))
	return m, notFound(err, "legal matter")
}

func (c *Conn) UpdateMatter(ctx context.Context, m records.Matter, version int) error {
	res, err := c.exec(ctx, `UPDATE legal_matters SET status = ?, outcome = ?, closed_on = ?, counsel = ?, response_due = ?, description = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, m.Status, m.Outcome, m.ClosedOn, m.Counsel, m.ResponseDue, m.Description, m.UpdatedAt.UTC(), m.ID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.Conflict("someone else changed this matter at the same time; reload it and try again")
	}
	return nil
}

func (c *Conn) ListMatters(ctx context.Context) ([]records.Matter, error) {
	rows, err := c.query(ctx, `SELECT `+matterCols+` ORDER BY status = 'closed', received_on DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("legal matters: %w", err)
	}
	defer rows.Close()
	var out []records.Matter
	for rows.Next() {
		m, err := scanMatter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (c *Conn) InsertMatterRequest(ctx context.Context, r records.Request) (int64, error) {
	return c.insert(ctx, `INSERT INTO legal_matter_requests (matter_id, item, due_on) VALUES (?, ?, ?)`, r.MatterID, r.Item, r.DueOn)
}

func (c *Conn) ListMatterRequests(ctx context.Context, matterID int64) ([]records.Request, error) {
	rows, err := c.query(ctx, `SELECT id, matter_id, item, due_on, done_on, COALESCE(done_by, 0) FROM legal_matter_requests WHERE matter_id = ? ORDER BY id`, matterID)
	if err != nil {
		return nil, fmt.Errorf("document requests: %w", err)
	}
	defer rows.Close()
	var out []records.Request
	for rows.Next() {
		var r records.Request
		if err := rows.Scan(&r.ID, &r.MatterID, &r.Item, &r.DueOn, &r.DoneOn, &r.DoneBy); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (c *Conn) SetMatterRequestDone(ctx context.Context, id, matterID int64, on date.Date, by int64) error {
	res, err := c.exec(ctx, `UPDATE legal_matter_requests SET done_on = ?, done_by = ? WHERE id = ? AND matter_id = ? AND done_on IS NULL`, on, nullInt(by), id, matterID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("open document request")
	}
	return nil
}

var _ records.Store = recordsStore{}

// ActiveHolds reads what the active holds cover: the employees held by
// an employee, matter or case hold or an ER case on hold, and the date
// ranges held.
func (c *Conn) ActiveHolds(ctx context.Context) (records.Cover, error) {
	cov := records.Cover{Employees: map[int64]bool{}}
	for _, q := range []string{
		`SELECT employee_id FROM legal_holds WHERE released_at IS NULL AND kind IN ('employee', 'matter') AND employee_id IS NOT NULL`,
		`SELECT pa.employee_id FROM legal_holds h JOIN er_parties pa ON pa.case_id = h.er_case_id WHERE h.released_at IS NULL AND h.kind = 'case' AND pa.employee_id IS NOT NULL`,
		`SELECT pa.employee_id FROM er_cases k JOIN er_parties pa ON pa.case_id = k.id WHERE k.hold AND pa.employee_id IS NOT NULL`,
	} {
		rows, err := c.query(ctx, q)
		if err != nil {
			return cov, fmt.Errorf("holds: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return cov, err
			}
			cov.Employees[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return cov, err
		}
	}
	rows, err := c.query(ctx, `SELECT from_date, to_date FROM legal_holds WHERE released_at IS NULL AND kind = 'date_range'`)
	if err != nil {
		return cov, fmt.Errorf("holds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r [2]date.Date
		if err := rows.Scan(&r[0], &r[1]); err != nil {
			return cov, err
		}
		cov.Ranges = append(cov.Ranges, r)
	}
	return cov, rows.Err()
}
