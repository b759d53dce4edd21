-- Candidates, their resumes and applications (the pipeline), the stage
-- moves, and voluntary self-identification kept apart from the rest.
CREATE TABLE candidates (
    id          INTEGER PRIMARY KEY,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX candidates_email ON candidates(email);
CREATE INDEX candidates_phone ON candidates(phone);

CREATE TABLE resumes (
    id           INTEGER PRIMARY KEY,
    candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BLOB NOT NULL,
    text         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX resumes_candidate ON resumes(candidate_id);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    candidate_id     BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    requisition_id   BIGINT NOT NULL REFERENCES requisitions(id),
    posting_id       BIGINT REFERENCES postings(id),
    stage            TEXT NOT NULL,
    status           TEXT NOT NULL,
    source           TEXT NOT NULL,
    cover_letter     TEXT NOT NULL DEFAULT '',
    answers          TEXT NOT NULL DEFAULT '{}',
    knocked_out      BOOLEAN NOT NULL DEFAULT FALSE,
    reject_reason    TEXT NOT NULL DEFAULT '',
    resume_id        BIGINT REFERENCES resumes(id) ON DELETE SET NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    client_hash      TEXT NOT NULL DEFAULT '',
    consent_text     TEXT NOT NULL DEFAULT '',
    applied_at       TIMESTAMP NOT NULL,
    stage_changed_at TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX applications_requisition ON applications(requisition_id, status, stage);
CREATE INDEX applications_candidate ON applications(candidate_id);
CREATE INDEX applications_client ON applications(client_hash, applied_at);

CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_stage     TEXT NOT NULL DEFAULT '',
    to_stage       TEXT NOT NULL,
    at             TIMESTAMP NOT NULL,
    by_user_id     BIGINT REFERENCES users(id),
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events(application_id, at);

CREATE TABLE application_self_ids (
    application_id BIGINT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    gender         TEXT NOT NULL DEFAULT '',
    race_ethnicity TEXT NOT NULL DEFAULT '',
    veteran        TEXT NOT NULL DEFAULT '',
    disability     TEXT NOT NULL DEFAULT '',
    recorded_on    DATE NOT NULL
);
