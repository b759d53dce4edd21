-- The job description library: every save of a job's description is a new
-- version; the latest is the one in use.
CREATE TABLE job_descriptions (
    id         INTEGER PRIMARY KEY,
    job_id     BIGINT NOT NULL REFERENCES jobs(id),
    version    BIGINT NOT NULL,
    body_md    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (job_id, version)
);
