-- Pipeline templates: named, ordered stages (JSON: a list of {key, name,
-- kind}); a requisition copies its template's stages, so editing a
-- template never moves candidates of requisitions already open.
CREATE TABLE stage_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    stages      TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX stage_templates_name ON stage_templates(lower(name));

INSERT INTO stage_templates (name, description, stages, is_default, created_at, updated_at)
VALUES ('Standard', 'Applied, screen, phone screen, interview, offer, hired.',
 '[{"key":"applied","name":"Applied","kind":"applied"},{"key":"screen","name":"Screen","kind":"screen"},{"key":"phone_screen","name":"Phone screen","kind":"phone_screen"},{"key":"interview","name":"Interview","kind":"interview"},{"key":"offer","name":"Offer","kind":"offer"},{"key":"hired","name":"Hired","kind":"hired"}]',
 TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- A requisition's own pipeline ('' is the standard one).
ALTER TABLE requisitions ADD COLUMN stage_template_id BIGINT REFERENCES stage_templates(id) ON DELETE SET NULL;
ALTER TABLE requisitions ADD COLUMN stages TEXT NOT NULL DEFAULT '';
