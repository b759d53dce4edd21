package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/cadrehq/cadre/internal/hiring"
)

// ListStageTemplates returns the pipeline templates, the default first,
// with how many requisitions were opened from each.
func (c *Conn) ListStageTemplates(ctx context.Context) ([]hiring.StageTemplate, error) {
	rows, err := c.query(ctx, `SELECT t.id, t.name, t.description, t.stages, t.is_default, COALESCE(t.created_by, 0), t.created_at, t.updated_at, t.version,
		(SELECT count(*) FROM requisitions r WHERE r.stage_template_id = t.id)
		FROM stage_templates t ORDER BY t.is_default DESC, lower(t.name)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.StageTemplate
	for rows.Next() {
		var t hiring.StageTemplate
		var stages string
		if err := rows.Scan(&t.ID, &t.Name, &t.Description, &stages, &t.IsDefault, &t.CreatedBy, &t.CreatedAt, &t.UpdatedAt, &t.Version, &t.InUse); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(stages), &t.Stages); err != nil {
			return nil, fmt.Errorf("stage template %d: %w", t.ID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (c *Conn) InsertStageTemplate(ctx context.Context, t hiring.StageTemplate) (int64, error) {
	return c.insert(ctx, `INSERT INTO stage_templates (name, description, stages, is_default, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.Name, t.Description, stagesJSON(t.Stages), false, nullInt(t.CreatedBy), t.CreatedAt.UTC(), t.UpdatedAt.UTC())
}

func (c *Conn) UpdateStageTemplate(ctx context.Context, t hiring.StageTemplate) error {
	res, err := c.exec(ctx, `UPDATE stage_templates SET name = ?, description = ?, stages = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		t.Name, t.Description, stagesJSON(t.Stages), t.UpdatedAt.UTC(), t.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "pipeline template")
	}
	return nil
}

// SetDefaultStageTemplate makes one template the default (and no other).
func (c *Conn) SetDefaultStageTemplate(ctx context.Context, id int64) error {
	if _, err := c.exec(ctx, `UPDATE stage_templates SET is_default = FALSE WHERE id <> ?`, id); err != nil {
		return err
	}
	_, err := c.exec(ctx, `UPDATE stage_templates SET is_default = TRUE WHERE id = ?`, id)
	return err
}

func (c *Conn) DeleteStageTemplate(ctx context.Context, id int64) error {
	if _, err := c.exec(ctx, `UPDATE requisitions SET stage_template_id = NULL WHERE stage_template_id = ?`, id); err != nil {
		return err
	}
	res, err := c.exec(ctx, `DELETE FROM stage_templates WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "pipeline template")
	}
	return nil
}

// SetRequisitionPipeline gives a requisition its stages.
func (c *Conn) SetRequisitionPipeline(ctx context.Context, reqID, templateID int64, stages []hiring.Stage) error {
	_, err := c.exec(ctx, `UPDATE requisitions SET stage_template_id = ?, stages = ?, version = version + 1 WHERE id = ?`, nullInt(templateID), stagesJSON(stages), reqID)
	return err
}

// ListQuestionSets returns the screening question sets, the default first.
func (c *Conn) ListQuestionSets(ctx context.Context) ([]hiring.QuestionSet, error) {
	rows, err := c.query(ctx, `SELECT id, name, questions, is_default, updated_at, version FROM question_sets ORDER BY is_default DESC, lower(name)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.QuestionSet
	for rows.Next() {
		var q hiring.QuestionSet
		var qs string
		if err := rows.Scan(&q.ID, &q.Name, &qs, &q.IsDefault, &q.UpdatedAt, &q.Version); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(qs), &q.Questions); err != nil {
			return nil, fmt.Errorf("question set %d: %w", q.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

func (c *Conn) InsertQuestionSet(ctx context.Context, q hiring.QuestionSet) (int64, error) {
	return c.insert(ctx, `INSERT INTO question_sets (name, questions, is_default, updated_at) VALUES (?, ?, ?, ?)`, q.Name, questionsJSON(q.Questions), false, q.UpdatedAt.UTC())
}

func (c *Conn) UpdateQuestionSet(ctx context.Context, q hiring.QuestionSet) error {
	res, err := c.exec(ctx, `UPDATE question_sets SET name = ?, questions = ?, updated_at = ?, version = version + 1 WHERE id = ?`, q.Name, questionsJSON(q.Questions), q.UpdatedAt.UTC(), q.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "question set")
	}
	return nil
}

// SetDefaultQuestionSet makes one set the default (and no other).
func (c *Conn) SetDefaultQuestionSet(ctx context.Context, id int64) error {
	if _, err := c.exec(ctx, `UPDATE question_sets SET is_default = FALSE WHERE id <> ?`, id); err != nil {
		return err
	}
	_, err := c.exec(ctx, `UPDATE question_sets SET is_default = TRUE WHERE id = ?`, id)
	return err
}

func (c *Conn) DeleteQuestionSet(ctx context.Context, id int64) error {
	res, err := c.exec(ctx, `DELETE FROM question_sets WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(sql.ErrNoRows, "question set")
	}
	return nil
}
