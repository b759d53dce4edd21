-- The policy library: policies, their versions (Markdown, the SHA-256 of
-- each text, the audience and the days to acknowledge), and one
-- assignment per employee of a published version's audience, carrying
-- the e-signature (typed name, time, the hash of the text read).
CREATE TABLE policies (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    owner_user_id BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE policy_versions (
    id           INTEGER PRIMARY KEY,
    policy_id    BIGINT NOT NULL REFERENCES policies(id),
    number       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    effective_on DATE,
    status       TEXT NOT NULL,
    hash         TEXT NOT NULL,
    audience     TEXT NOT NULL,
    due_days     INTEGER NOT NULL,
    approval_id  BIGINT,
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    rev          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (policy_id, number)
);

CREATE TABLE policy_assignments (
    version_id      BIGINT NOT NULL REFERENCES policy_versions(id),
    employee_id     BIGINT NOT NULL REFERENCES employees(id),
    org_unit_id     BIGINT NOT NULL REFERENCES org_units(id),
    due_on          DATE NOT NULL,
    acknowledged_at TIMESTAMP,
    signed_name     TEXT NOT NULL DEFAULT '',
    hash            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, employee_id)
);
CREATE INDEX policy_assignments_emp ON policy_assignments(employee_id, version_id);
CREATE INDEX policy_assignments_unit ON policy_assignments(version_id, org_unit_id);
