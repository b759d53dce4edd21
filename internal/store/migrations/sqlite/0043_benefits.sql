-- Benefits: carriers and brokers, renewal quotes, plans with their rates
-- per plan year and tier, dependents (SSN and date of birth sealed),
-- enrollment windows, elections and enrollment progress, coverages
-- (effective-dated; each one a payroll deduction and an 834 line), life
-- events, COBRA cases and carrier feeds.
CREATE TABLE benefit_carriers (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    payer_id          TEXT NOT NULL DEFAULT '',
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    contract_start    DATE,
    renewal_date      DATE,
    renewal_lead_days BIGINT NOT NULL DEFAULT 90,
    notes             TEXT NOT NULL DEFAULT '',
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE benefit_plans (
    id              INTEGER PRIMARY KEY,
    carrier_id      BIGINT NOT NULL REFERENCES benefit_carriers(id),
    type            TEXT NOT NULL,
    name            TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    group_number    TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    document_url    TEXT NOT NULL DEFAULT '',
    eligibility     TEXT NOT NULL,
    child_age_limit BIGINT NOT NULL,
    active          BOOLEAN NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE benefit_rates (
    plan_id        BIGINT NOT NULL REFERENCES benefit_plans(id),
    year           BIGINT NOT NULL,
    tier           TEXT NOT NULL,
    employee_cents BIGINT NOT NULL,
    employer_cents BIGINT NOT NULL,
    PRIMARY KEY (plan_id, year, tier)
);

CREATE TABLE benefit_quotes (
    id          INTEGER PRIMARY KEY,
    carrier_id  BIGINT NOT NULL REFERENCES benefit_carriers(id),
    plan_id     BIGINT NOT NULL REFERENCES benefit_plans(id),
    year        BIGINT NOT NULL,
    tier        TEXT NOT NULL,
    total_cents BIGINT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX benefit_quotes_carrier ON benefit_quotes(carrier_id);

CREATE TABLE benefit_dependents (
    id           INTEGER PRIMARY KEY,
    employee_id  BIGINT NOT NULL REFERENCES employees(id),
    relationship TEXT NOT NULL,
    given_name   TEXT NOT NULL,
    family_name  TEXT NOT NULL,
    gender       TEXT NOT NULL,
    birth_sealed BLOB NOT NULL,
    birth_year   BIGINT NOT NULL DEFAULT 0,
    ssn_sealed   BLOB,
    ssn_last4    TEXT NOT NULL DEFAULT '',
    disabled     BOOLEAN NOT NULL,
    since        DATE,
    removed_on   DATE,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX benefit_dependents_employee ON benefit_dependents(employee_id);
-- The year of birth is kept in clear (HR sees the age anyway) so the
-- age-limit report finds the children near the limit without opening
-- every sealed date.
CREATE INDEX benefit_dependents_child_year ON benefit_dependents(relationship, birth_year);

CREATE TABLE benefit_windows (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    opens          DATE NOT NULL,
    closes         DATE NOT NULL,
    coverage_start DATE NOT NULL,
    employee_id    BIGINT REFERENCES employees(id),
    life_event_id  BIGINT,
    passive        BOOLEAN NOT NULL,
    closed_at      TIMESTAMP,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX benefit_windows_employee ON benefit_windows(employee_id);

CREATE TABLE benefit_enrollments (
    window_id    BIGINT NOT NULL REFERENCES benefit_windows(id),
    employee_id  BIGINT NOT NULL REFERENCES employees(id),
    status       TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    PRIMARY KEY (window_id, employee_id)
);

CREATE TABLE benefit_elections (
    window_id      BIGINT NOT NULL REFERENCES benefit_windows(id),
    employee_id    BIGINT NOT NULL REFERENCES employees(id),
    type           TEXT NOT NULL,
    plan_id        BIGINT REFERENCES benefit_plans(id),
    tier           TEXT NOT NULL DEFAULT '',
    dependent_ids  TEXT NOT NULL DEFAULT '[]',
    waived         BOOLEAN NOT NULL,
    waive_reason   TEXT NOT NULL DEFAULT '',
    amount_cents   BIGINT NOT NULL DEFAULT 0,
    percent_bp     BIGINT NOT NULL DEFAULT 0,
    employee_cents BIGINT NOT NULL DEFAULT 0,
    employer_cents BIGINT NOT NULL DEFAULT 0,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (window_id, employee_id, type)
);

CREATE TABLE benefit_coverages (
    id             INTEGER PRIMARY KEY,
    employee_id    BIGINT NOT NULL REFERENCES employees(id),
    plan_id        BIGINT NOT NULL REFERENCES benefit_plans(id),
    type           TEXT NOT NULL,
    tier           TEXT NOT NULL,
    dependent_ids  TEXT NOT NULL DEFAULT '[]',
    dependents     BIGINT NOT NULL DEFAULT 0,
    amount_cents   BIGINT NOT NULL DEFAULT 0,
    percent_bp     BIGINT NOT NULL DEFAULT 0,
    employee_cents BIGINT NOT NULL,
    employer_cents BIGINT NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,
    window_id      BIGINT,
    end_reason     TEXT NOT NULL DEFAULT '',
    cobra          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP
);
CREATE INDEX benefit_coverages_employee ON benefit_coverages(employee_id, type);
CREATE INDEX benefit_coverages_plan ON benefit_coverages(plan_id, effective_from);
CREATE INDEX benefit_coverages_from ON benefit_coverages(effective_from);
CREATE INDEX benefit_coverages_to ON benefit_coverages(effective_to);

CREATE TABLE benefit_life_events (
    id                 INTEGER PRIMARY KEY,
    employee_id        BIGINT NOT NULL REFERENCES employees(id),
    event              TEXT NOT NULL,
    event_date         DATE NOT NULL,
    reported_on        DATE NOT NULL,
    request_deadline   DATE NOT NULL,
    coverage_effective DATE NOT NULL,
    late               BOOLEAN NOT NULL,
    override_reason    TEXT NOT NULL DEFAULT '',
    dependent_id       BIGINT,
    note               TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    verified_by        TEXT NOT NULL DEFAULT '',
    verified_at        TIMESTAMP,
    decision_note      TEXT NOT NULL DEFAULT '',
    window_id          BIGINT,
    document_ids       TEXT NOT NULL DEFAULT '[]',
    steps              TEXT NOT NULL DEFAULT '[]',
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX benefit_life_events_employee ON benefit_life_events(employee_id);

CREATE TABLE benefit_cobra (
    id                  INTEGER PRIMARY KEY,
    employee_id         BIGINT NOT NULL REFERENCES employees(id),
    dependent_id        BIGINT,
    beneficiaries       TEXT NOT NULL,
    event               TEXT NOT NULL,
    qe_date             DATE NOT NULL,
    loss_date           DATE NOT NULL,
    employer_notice_due DATE,
    qb_notice_due       DATE,
    election_notice_due DATE,
    election_deadline   DATE,
    initial_premium_due DATE,
    max_months          BIGINT NOT NULL,
    coverage_end        DATE,
    notice_sent         DATE,
    elected_on          DATE,
    status              TEXT NOT NULL,
    plan_ids            TEXT NOT NULL,
    premium_cents       BIGINT NOT NULL,
    steps               TEXT NOT NULL DEFAULT '[]',
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX benefit_cobra_employee ON benefit_cobra(employee_id);

CREATE TABLE benefit_feeds (
    id             INTEGER PRIMARY KEY,
    carrier_id     BIGINT NOT NULL REFERENCES benefit_carriers(id),
    format         TEXT NOT NULL,
    full_file      BOOLEAN NOT NULL,
    control_number BIGINT NOT NULL UNIQUE,
    members        BIGINT NOT NULL,
    coverages      BIGINT NOT NULL,
    since          TIMESTAMP,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    content        BLOB NOT NULL
);
CREATE INDEX benefit_feeds_carrier ON benefit_feeds(carrier_id, created_at);

-- Carrier contracts, plan documents (SBC, SPD) and other files, in the
-- blob store; plan documents are readable by employees.
CREATE TABLE benefit_documents (
    id             INTEGER PRIMARY KEY,
    carrier_id     BIGINT NOT NULL REFERENCES benefit_carriers(id),
    plan_id        BIGINT REFERENCES benefit_plans(id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    blob_id        BIGINT NOT NULL,
    uploaded_by    BIGINT,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX benefit_documents_carrier ON benefit_documents(carrier_id);
CREATE INDEX benefit_documents_plan ON benefit_documents(plan_id);

INSERT INTO task_queues (key, name, description, sla_days) VALUES
    ('benefits', 'Benefits', 'Enrollment, life events, COBRA notices and carrier renewals', 2);
