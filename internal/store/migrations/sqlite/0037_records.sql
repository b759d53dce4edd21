-- Records retention: a purged document keeps its row (title, category,
-- dates) as the audit stub; its file is emptied.
ALTER TABLE documents ADD COLUMN purged_at TIMESTAMP;
ALTER TABLE documents ADD COLUMN purged_by BIGINT REFERENCES users(id);

-- A purge of records past retention, approved by an HR manager through the
-- Work backbone (approval kind records_purge). items is the JSON list of
-- what was proposed; on approval each is checked again (still due, not
-- under a legal hold) and purged.
CREATE TABLE records_purges (
    id           INTEGER PRIMARY KEY,
    status       TEXT NOT NULL,
    items        TEXT NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    approval_id  BIGINT,
    decided_at   TIMESTAMP,
    purged       INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL
);

-- Legal claims and government audits: confidential to HR managers and
-- directors. The people involved are placed under legal hold.
CREATE TABLE legal_matters (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    agency       TEXT NOT NULL DEFAULT '',
    reference    TEXT NOT NULL DEFAULT '',
    counsel      TEXT NOT NULL DEFAULT '',
    received_on  DATE NOT NULL,
    response_due DATE,
    status       TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    closed_on    DATE,
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE legal_matter_requests (
    id        INTEGER PRIMARY KEY,
    matter_id BIGINT NOT NULL REFERENCES legal_matters(id),
    item      TEXT NOT NULL,
    due_on    DATE,
    done_on   DATE,
    done_by   BIGINT REFERENCES users(id)
);
CREATE INDEX legal_matter_requests_matter ON legal_matter_requests(matter_id);
CREATE INDEX legal_holds_matter ON legal_holds(matter_id);
CREATE INDEX documents_purge ON documents(purged_at, employee_id);
