-- Employee relations. Case text, party names of outsiders, entries,
-- evidence metadata and allegations are AES-GCM sealed (BLOB columns);
-- evidence bytes are sealed in blobs. An anonymous report keeps only the
-- hash of its follow-up code: nothing identifies its reporter.
CREATE TABLE er_cases (
    id                   INTEGER PRIMARY KEY,
    category             TEXT NOT NULL,
    severity             TEXT NOT NULL,
    status               TEXT NOT NULL,
    channel              TEXT NOT NULL,
    title                BLOB NOT NULL,
    description          BLOB,
    org_unit_id          BIGINT NOT NULL REFERENCES org_units(id),
    location_id          BIGINT REFERENCES locations(id),
    occurred_on          DATE,
    reported_on          DATE NOT NULL,
    owner_user_id        BIGINT REFERENCES users(id),
    escalated            BOOLEAN NOT NULL DEFAULT FALSE,
    restricted           BOOLEAN NOT NULL DEFAULT FALSE,
    reporter_user_id     BIGINT REFERENCES users(id),
    followup_hash        TEXT UNIQUE,
    plan                 BLOB,
    plan_status          TEXT NOT NULL DEFAULT '',
    plan_approval_id     BIGINT,
    findings             BLOB,
    findings_status      TEXT NOT NULL DEFAULT '',
    findings_approval_id BIGINT,
    outcome              BLOB,
    outcome_kind         TEXT NOT NULL DEFAULT '',
    outcome_status       TEXT NOT NULL DEFAULT '',
    outcome_approval_id  BIGINT,
    resolution           BLOB,
    hold                 BOOLEAN NOT NULL DEFAULT FALSE,
    hold_reason          TEXT NOT NULL DEFAULT '',
    hold_at              TIMESTAMP,
    opened_at            TIMESTAMP NOT NULL,
    closed_at            TIMESTAMP,
    closed_on            DATE,
    updated_at           TIMESTAMP NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX er_cases_org ON er_cases(org_unit_id, status);
CREATE INDEX er_cases_owner ON er_cases(owner_user_id, status);
CREATE INDEX er_cases_reporter ON er_cases(reporter_user_id);
CREATE INDEX er_cases_reported ON er_cases(reported_on);

CREATE TABLE er_parties (
    id          INTEGER PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES er_cases(id),
    employee_id BIGINT REFERENCES employees(id),
    name        BLOB,
    role        TEXT NOT NULL,
    added_at    TIMESTAMP NOT NULL
);
CREATE INDEX er_parties_case ON er_parties(case_id);
CREATE INDEX er_parties_employee ON er_parties(employee_id, role);

CREATE TABLE er_members (
    id         INTEGER PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES er_cases(id),
    user_id    BIGINT REFERENCES users(id),
    name       TEXT NOT NULL DEFAULT '',
    firm       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL,
    added_at   TIMESTAMP NOT NULL
);
CREATE INDEX er_members_case ON er_members(case_id);
CREATE INDEX er_members_user ON er_members(user_id);

CREATE TABLE er_entries (
    id          INTEGER PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES er_cases(id),
    kind        TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    body        BLOB NOT NULL,
    party_id    BIGINT REFERENCES er_parties(id),
    ack_status  TEXT NOT NULL DEFAULT '',
    ack_comment BLOB,
    ack_at      TIMESTAMP,
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX er_entries_case ON er_entries(case_id, id);

CREATE TABLE er_evidence (
    id           INTEGER PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES er_cases(id),
    title        BLOB NOT NULL,
    filename     BLOB NOT NULL,
    description  BLOB,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    blob_id      BIGINT NOT NULL REFERENCES blobs(id),
    added_by     BIGINT REFERENCES users(id),
    added_at     TIMESTAMP NOT NULL
);
CREATE INDEX er_evidence_case ON er_evidence(case_id);

CREATE TABLE er_allegations (
    id         INTEGER PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES er_cases(id),
    position   INTEGER NOT NULL,
    text       BLOB NOT NULL,
    subject_id BIGINT REFERENCES er_parties(id),
    finding    TEXT NOT NULL DEFAULT '',
    reasoning  BLOB,
    found_at   TIMESTAMP
);
CREATE INDEX er_allegations_case ON er_allegations(case_id, position);

CREATE TABLE er_discipline (
    id          INTEGER PRIMARY KEY,
    employee_id BIGINT NOT NULL REFERENCES employees(id),
    case_id     BIGINT REFERENCES er_cases(id),
    level       TEXT NOT NULL,
    issued_on   DATE NOT NULL,
    details     BLOB NOT NULL,
    pip_end     DATE,
    pip_outcome TEXT NOT NULL DEFAULT '',
    from_on     DATE,
    to_on       DATE,
    paid        BOOLEAN NOT NULL DEFAULT FALSE,
    ack_status  TEXT NOT NULL DEFAULT 'pending',
    ack_at      TIMESTAMP,
    issued_by   BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX er_discipline_employee ON er_discipline(employee_id, issued_on);

CREATE TABLE er_trainings (
    id         INTEGER PRIMARY KEY,
    topic      TEXT NOT NULL,
    title      TEXT NOT NULL,
    held_on    DATE NOT NULL,
    trainer    TEXT NOT NULL,
    hours      INTEGER NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE er_training_attendees (
    training_id BIGINT NOT NULL REFERENCES er_trainings(id),
    employee_id BIGINT NOT NULL REFERENCES employees(id),
    attended    BOOLEAN NOT NULL,
    PRIMARY KEY (training_id, employee_id)
);
CREATE INDEX er_training_attendees_employee ON er_training_attendees(employee_id);
