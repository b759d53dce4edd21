-- Cadre foundation schema: settings, people core, access, audit, documents,
-- and the approval record that the work backbone builds on.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE legal_entities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    ein  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE org_units (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    parent_id       BIGINT REFERENCES org_units(id),
    legal_entity_id BIGINT REFERENCES legal_entities(id),
    kind            TEXT NOT NULL DEFAULT 'department',
    path            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE INDEX org_units_path ON org_units(path);

CREATE TABLE locations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    country    TEXT NOT NULL,
    region     TEXT NOT NULL DEFAULT '',
    city       TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT 'office',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE location_nearby (
    location_id BIGINT NOT NULL REFERENCES locations(id),
    nearby_id   BIGINT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (location_id, nearby_id)
);

CREATE TABLE pay_grades (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    currency       TEXT NOT NULL,
    min_cents      BIGINT NOT NULL,
    max_cents      BIGINT NOT NULL,
    midpoint_cents BIGINT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    family        TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    flsa_status   TEXT NOT NULL,
    eeo1_category TEXT NOT NULL,
    pay_grade_id  BIGINT REFERENCES pay_grades(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX jobs_title_level ON jobs(title, level);

CREATE TABLE employees (
    id                INTEGER PRIMARY KEY,
    employee_number   TEXT NOT NULL UNIQUE,
    given_name        TEXT NOT NULL,
    family_name       TEXT NOT NULL,
    preferred_name    TEXT NOT NULL DEFAULT '',
    work_email        TEXT NOT NULL UNIQUE,
    personal_email    TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    home_address      TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    original_hire_date DATE NOT NULL,
    hire_date         DATE NOT NULL,
    termination_date  DATE,
    org_unit_id       BIGINT NOT NULL REFERENCES org_units(id),
    location_id       BIGINT NOT NULL REFERENCES locations(id),
    job_id            BIGINT NOT NULL REFERENCES jobs(id),
    manager_id        BIGINT REFERENCES employees(id),
    employment_type   TEXT NOT NULL,
    weekly_hours      BIGINT NOT NULL,
    pay_amount_cents  BIGINT NOT NULL,
    pay_per           TEXT NOT NULL,
    pay_currency      TEXT NOT NULL,
    ssn_enc           BLOB,
    ssn_last4         TEXT NOT NULL DEFAULT '',
    birth_date_enc    BLOB,
    bank_enc          BLOB,
    gender            TEXT NOT NULL DEFAULT '',
    eeo_race_ethnicity TEXT NOT NULL DEFAULT '',
    sort_key          TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX employees_sort ON employees(sort_key, id);
CREATE INDEX employees_org ON employees(org_unit_id, sort_key);
CREATE INDEX employees_location ON employees(location_id, sort_key);
CREATE INDEX employees_manager ON employees(manager_id, status, sort_key);
CREATE INDEX employees_job ON employees(job_id);
CREATE INDEX employees_status ON employees(status, sort_key);
CREATE INDEX employees_status_org ON employees(status, org_unit_id);
CREATE INDEX employees_status_location ON employees(status, location_id);

-- Search tokens: lower-cased words of names, email and title, for indexed
-- prefix search that behaves the same on both engines.
CREATE TABLE employee_search (
    token       TEXT NOT NULL,
    employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    PRIMARY KEY (token, employee_id)
);
CREATE INDEX employee_search_emp ON employee_search(employee_id);

-- Effective-dated assignment: every job, org, location, manager or schedule
-- change is a new row; the row in force on a date is the latest one with
-- effective_from on or before it.
CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY,
    employee_id     BIGINT NOT NULL REFERENCES employees(id),
    effective_from  DATE NOT NULL,
    org_unit_id     BIGINT NOT NULL REFERENCES org_units(id),
    location_id     BIGINT NOT NULL REFERENCES locations(id),
    job_id          BIGINT NOT NULL REFERENCES jobs(id),
    manager_id      BIGINT REFERENCES employees(id),
    employment_type TEXT NOT NULL,
    weekly_hours    BIGINT NOT NULL,
    reason          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_by      BIGINT,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX assignments_emp ON assignments(employee_id, effective_from);
CREATE INDEX assignments_due ON assignments(effective_from);

CREATE TABLE pay_records (
    id             INTEGER PRIMARY KEY,
    employee_id    BIGINT NOT NULL REFERENCES employees(id),
    effective_from DATE NOT NULL,
    amount_cents   BIGINT NOT NULL,
    per            TEXT NOT NULL,
    currency       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX pay_records_emp ON pay_records(employee_id, effective_from);
CREATE INDEX pay_records_due ON pay_records(effective_from);

CREATE TABLE employment_periods (
    id                 INTEGER PRIMARY KEY,
    employee_id        BIGINT NOT NULL REFERENCES employees(id),
    start_date         DATE NOT NULL,
    end_date           DATE,
    termination_reason TEXT NOT NULL DEFAULT '',
    voluntary          BOOLEAN,
    rehire_eligible    BOOLEAN,
    break_reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX employment_periods_emp ON employment_periods(employee_id, start_date);

CREATE TABLE hours_of_service (
    id          INTEGER PRIMARY KEY,
    employee_id BIGINT NOT NULL REFERENCES employees(id),
    from_date   DATE NOT NULL,
    to_date     DATE NOT NULL,
    hours_centi BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX hours_of_service_emp ON hours_of_service(employee_id, from_date);

CREATE TABLE emergency_contacts (
    id           INTEGER PRIMARY KEY,
    employee_id  BIGINT NOT NULL REFERENCES employees(id),
    name         TEXT NOT NULL,
    relationship TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    is_primary   BOOLEAN NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX emergency_contacts_emp ON emergency_contacts(employee_id);

CREATE TABLE blobs (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL,
    size       BIGINT NOT NULL,
    data       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    employee_id  BIGINT NOT NULL REFERENCES employees(id),
    category     TEXT NOT NULL,
    title        TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    blob_id      BIGINT NOT NULL REFERENCES blobs(id),
    uploaded_by  BIGINT,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX documents_emp ON documents(employee_id, created_at);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    employee_id   BIGINT REFERENCES employees(id),
    active        BOOLEAN NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_employee ON users(employee_id);

CREATE TABLE grants (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    org_unit_id BIGINT REFERENCES org_units(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX grants_user ON grants(user_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    flash        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    actor_label   TEXT NOT NULL,
    on_behalf_of  BIGINT,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     BIGINT,
    summary       TEXT NOT NULL,
    before_json   TEXT NOT NULL DEFAULT '',
    after_json    TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, id);
CREATE INDEX audit_log_actor ON audit_log(actor_user_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);

-- The approval record (work backbone). A request is attached to any object
-- by type and id; the object's state moves only through the decision.
CREATE TABLE approval_requests (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    object_type       TEXT NOT NULL,
    object_id         BIGINT NOT NULL,
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    payload           TEXT NOT NULL DEFAULT '',
    scope_org_unit_id BIGINT REFERENCES org_units(id),
    requested_by      BIGINT NOT NULL REFERENCES users(id),
    status            TEXT NOT NULL,
    decided_by        BIGINT REFERENCES users(id),
    decided_at        TIMESTAMP,
    decision_comment  TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX approval_requests_status ON approval_requests(status, created_at);
CREATE INDEX approval_requests_object ON approval_requests(object_type, object_id);
