-- The FMLA case lifecycle: certification, designation (with an optional
-- HR manager approval), the notices sent (their PDF kept), certification
-- documents (sealed), usage charged against the entitlement, and the
-- state leave programs kept as data and designated alongside FMLA.
ALTER TABLE leave_cases ADD COLUMN cert_status TEXT NOT NULL DEFAULT 'none';
ALTER TABLE leave_cases ADD COLUMN cert_requested_on DATE;
ALTER TABLE leave_cases ADD COLUMN cert_due_on DATE;
ALTER TABLE leave_cases ADD COLUMN cert_received_on DATE;
ALTER TABLE leave_cases ADD COLUMN deficiency TEXT NOT NULL DEFAULT '';
ALTER TABLE leave_cases ADD COLUMN deficiency_on DATE;
ALTER TABLE leave_cases ADD COLUMN cure_due_on DATE;
ALTER TABLE leave_cases ADD COLUMN sufficient_on DATE;
ALTER TABLE leave_cases ADD COLUMN designation_due_on DATE;
ALTER TABLE leave_cases ADD COLUMN recert_on DATE;
ALTER TABLE leave_cases ADD COLUMN designation TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE leave_cases ADD COLUMN designated_on DATE;
ALTER TABLE leave_cases ADD COLUMN designation_note TEXT NOT NULL DEFAULT '';
ALTER TABLE leave_cases ADD COLUMN proposed TEXT NOT NULL DEFAULT '';
ALTER TABLE leave_cases ADD COLUMN approval_id BIGINT;
ALTER TABLE leave_cases ADD COLUMN closed_on DATE;
ALTER TABLE leave_cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE leave_notices (
    id         INTEGER PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES leave_cases(id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    sent_to    TEXT NOT NULL,
    sent_on    DATE NOT NULL,
    due_on     DATE,
    pdf        BLOB NOT NULL,
    sent_by    BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX leave_notices_case ON leave_notices(case_id, created_at);

CREATE TABLE leave_documents (
    id           INTEGER PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES leave_cases(id),
    kind         TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    received_on  DATE NOT NULL,
    uploaded_by  BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX leave_documents_case ON leave_documents(case_id);

CREATE TABLE leave_usage (
    id                INTEGER PRIMARY KEY,
    case_id           BIGINT NOT NULL REFERENCES leave_cases(id),
    employee_id       BIGINT NOT NULL REFERENCES employees(id),
    day               DATE NOT NULL,
    hours_centi       BIGINT NOT NULL,
    charged_centi     BIGINT NOT NULL,
    protected_centi   BIGINT NOT NULL,
    unprotected_centi BIGINT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    recorded_by       BIGINT REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX leave_usage_emp ON leave_usage(employee_id, day);
CREATE INDEX leave_usage_case ON leave_usage(case_id, day);

CREATE TABLE leave_programs (
    key                 TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    jurisdiction        TEXT NOT NULL,
    weeks               INTEGER NOT NULL,
    period              TEXT NOT NULL,
    min_employees       INTEGER NOT NULL,
    min_months          INTEGER NOT NULL,
    min_hours           INTEGER NOT NULL,
    min_weeks_employed  INTEGER NOT NULL,
    reasons             TEXT NOT NULL,
    paid                BOOLEAN NOT NULL,
    concurrent          BOOLEAN NOT NULL,
    active              BOOLEAN NOT NULL,
    notes               TEXT NOT NULL DEFAULT '',
    sources             TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    updated_at          TIMESTAMP NOT NULL
);

CREATE TABLE leave_case_programs (
    case_id     BIGINT NOT NULL REFERENCES leave_cases(id),
    program_key TEXT NOT NULL REFERENCES leave_programs(key),
    eligible    BOOLEAN NOT NULL,
    designated  BOOLEAN NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL,
    PRIMARY KEY (case_id, program_key)
);

-- The programs a company starts with (leave.DefaultPrograms; docs/leave-programs.md).
INSERT INTO leave_programs (key, name, jurisdiction, weeks, period, min_employees, min_months, min_hours, min_weeks_employed, reasons, paid, concurrent, active, notes, sources, version, updated_at) VALUES
('ca_cfra', 'California Family Rights Act (CFRA)', 'CA', 12, 'fmla_method', 5, 12, 1250, 0, 'own_health,family_health,birth_bonding,placement,military_exigency', 0, 1, 1, 'Unpaid, job-protected. Covers employers of 5 or more and has no 75-mile worksite test. Family includes grandparents, grandchildren, siblings, domestic partners and a designated person, which FMLA does not cover. Military caregiver leave is FMLA only. Pregnancy disability is separate (PDL) and does not use CFRA leave.', 'Cal. Gov. Code § 12945.2 (as amended by SB 1383, 2021, and AB 1041, 2023); Cal. Code Regs. tit. 2, §§ 11087-11098', 1, CURRENT_TIMESTAMP),
('ny_pfl', 'New York Paid Family Leave (PFL)', 'NY', 12, 'rolling_52_weeks', 1, 0, 0, 26, 'family_health,birth_bonding,placement,military_exigency', 1, 1, 1, 'Paid through the employer''s PFL insurance (67% of the average weekly wage up to a cap). Eligible after 26 consecutive weeks for those working 20 or more hours a week, or 175 days worked for those working less (Cadre applies the 26-week test to everyone: check the 175 days by hand for part-time staff). Does not cover the employee''s own illness (that is NY disability benefits). Measured over the 52 weeks looking back.', 'N.Y. Workers'' Compensation Law §§ 201(15), 203-b, 204, 205; 12 NYCRR Part 380 (380-2.5 eligibility, 380-2.4 leave amount)', 1, CURRENT_TIMESTAMP);
