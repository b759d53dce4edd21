package store

import (
	"context"
	"database/sql"

	"github.com/cadrehq/cadre/internal/hiring"
)

// ListJobDescriptions lists every job with its description's version
// count and last save.
func (c *Conn) ListJobDescriptions(ctx context.Context) ([]hiring.JDSummary, error) {
	rows, err := c.query(ctx, `SELECT j.id, j.title, j.family, j.level, j.flsa_status, COALESCE(d.n, 0), jd.created_at, COALESCE(u.name, '')
		FROM jobs j
		LEFT JOIN (SELECT job_id, count(*) AS n, max(version) AS v FROM job_descriptions GROUP BY job_id) d ON d.job_id = j.id
		LEFT JOIN job_descriptions jd ON jd.job_id = j.id AND jd.version = d.v
		LEFT JOIN users u ON u.id = jd.created_by
		ORDER BY j.family, j.title`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.JDSummary
	for rows.Next() {
		var s hiring.JDSummary
		var last sql.NullTime
		if err := rows.Scan(&s.Job.ID, &s.Job.Title, &s.Job.Family, &s.Job.Level, &s.Job.FLSAStatus, &s.Versions, &last, &s.ByName); err != nil {
			return nil, err
		}
		if last.Valid {
			s.UpdatedAt = last.Time
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// JobDescriptionVersions returns a job's description versions, newest
// first.
func (c *Conn) JobDescriptionVersions(ctx context.Context, jobID int64) ([]hiring.JobDescription, error) {
	rows, err := c.query(ctx, `SELECT d.id, d.job_id, j.title, d.version, d.body_md, d.note, COALESCE(d.created_by, 0), COALESCE(u.name, ''), d.created_at
		FROM job_descriptions d JOIN jobs j ON j.id = d.job_id LEFT JOIN users u ON u.id = d.created_by
		WHERE d.job_id = ? ORDER BY d.version DESC`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.JobDescription
	for rows.Next() {
		var d hiring.JobDescription
		if err := rows.Scan(&d.ID, &d.JobID, &d.JobTitle, &d.Version, &d.BodyMD, &d.Note, &d.CreatedBy, &d.ByName, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (c *Conn) InsertJobDescription(ctx context.Context, d hiring.JobDescription) (int64, error) {
	return c.insert(ctx, `INSERT INTO job_descriptions (job_id, version, body_md, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		d.JobID, d.Version, d.BodyMD, d.Note, nullInt(d.CreatedBy), d.CreatedAt.UTC())
}

// RequirementsForJob returns the screening requirements of the job's
// requisitions, newest first.
func (c *Conn) RequirementsForJob(ctx context.Context, jobID int64) ([]string, error) {
	return c.strings(ctx, `SELECT requirements FROM requisitions WHERE job_id = ? AND requirements <> '' ORDER BY id DESC LIMIT 50`, jobID)
}
