-- Form I-9: one record per employment period (keyed by the period's first
-- day of employment). Due dates are stored when the record is written so
-- lists can filter on them; the rules engine recomputes them on every read.
-- Document numbers are kept sealed (encrypted) with only the last four
-- characters in clear; a purge removes the documents, the sealed numbers
-- and the scanned files and keeps the dates as an audit stub.
CREATE TABLE i9_records (
    id                    INTEGER PRIMARY KEY,
    employee_id           BIGINT NOT NULL REFERENCES employees(id),
    period_start          DATE NOT NULL,
    offer_accepted_on     DATE,
    expected_days         INTEGER,
    section1_due          DATE NOT NULL,
    section2_due          DATE NOT NULL,
    section1_completed_on DATE,
    citizenship           TEXT NOT NULL DEFAULT '',
    work_auth_expires     DATE,
    section2_completed_on DATE,
    section2_by           BIGINT REFERENCES users(id),
    examiner_name         TEXT NOT NULL DEFAULT '',
    examiner_title        TEXT NOT NULL DEFAULT '',
    remote_exam           BOOLEAN NOT NULL DEFAULT FALSE,
    documents             TEXT NOT NULL DEFAULT '[]',
    numbers_sealed        BLOB,
    everify_case          TEXT NOT NULL DEFAULT '',
    everify_result        TEXT NOT NULL DEFAULT '',
    everify_on            DATE,
    reverify_by           DATE,
    reverifications       TEXT NOT NULL DEFAULT '[]',
    note                  TEXT NOT NULL DEFAULT '',
    late                  BOOLEAN NOT NULL DEFAULT FALSE,
    purged_on             DATE,
    purged_by             BIGINT REFERENCES users(id),
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX i9_records_period ON i9_records(employee_id, period_start);
CREATE INDEX i9_records_reverify ON i9_records(reverify_by);
CREATE INDEX i9_records_open ON i9_records(period_start) WHERE section2_completed_on IS NULL;
CREATE INDEX i9_records_late ON i9_records(period_start) WHERE late;

-- Scanned copies kept with the form (optional under 8 CFR 274a.2(b)(3));
-- removed by a purge.
CREATE TABLE i9_files (
    id           INTEGER PRIMARY KEY,
    record_id    BIGINT NOT NULL REFERENCES i9_records(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX i9_files_record ON i9_files(record_id);

-- Legal holds: while active, nothing they cover may be purged or deleted.
-- A hold covers one employee's records, the people of an ER case, or every
-- record dated within a date range; a legal matter places holds on its
-- people automatically (matter_id).
CREATE TABLE legal_holds (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    employee_id    BIGINT REFERENCES employees(id),
    er_case_id     BIGINT REFERENCES er_cases(id),
    matter_id      BIGINT,
    from_date      DATE,
    to_date        DATE,
    reason         TEXT NOT NULL,
    placed_by      BIGINT REFERENCES users(id),
    placed_at      TIMESTAMP NOT NULL,
    released_at    TIMESTAMP,
    released_by    BIGINT REFERENCES users(id),
    release_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_holds_active ON legal_holds(released_at, kind);
CREATE INDEX legal_holds_employee ON legal_holds(employee_id);
