-- Screening question sets a posting starts from (JSON: the questions).
CREATE TABLE question_sets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    questions  TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX question_sets_name ON question_sets(lower(name));

INSERT INTO question_sets (name, questions, is_default, updated_at)
VALUES ('Work authorization',
 '[{"id":"q1","text":"Are you legally authorized to work in the United States?","kind":"yes_no","required":true,"knockout":"no"}]',
 TRUE, CURRENT_TIMESTAMP);
