-- Merit cycles: the budget (share of payroll, per department overrides
-- as JSON), the merit matrix (JSON: rating 1-5 × quartile 1-4 → basis
-- points), one line per eligible employee snapshotted when the cycle
-- opens (pay, position in range, the worksheet owner: their line
-- manager, 0 for HR), and each worksheet's state and approval.
CREATE TABLE merit_cycles (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    effective_on DATE NOT NULL,
    eligible_by  DATE NOT NULL,
    budget_bp    INTEGER NOT NULL,
    dept_budgets TEXT NOT NULL DEFAULT '{}',
    matrix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    opened_at    TIMESTAMP,
    applied_at   TIMESTAMP
);

CREATE TABLE merit_lines (
    id            INTEGER PRIMARY KEY,
    cycle_id      BIGINT NOT NULL REFERENCES merit_cycles(id),
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    owner_id      BIGINT NOT NULL,
    dept_id       BIGINT NOT NULL,
    org_path      TEXT NOT NULL,
    amount_cents  BIGINT NOT NULL,
    per           TEXT NOT NULL,
    currency      TEXT NOT NULL,
    annual_cents  BIGINT NOT NULL,
    compa_ratio   REAL,
    quartile      INTEGER NOT NULL,
    rating        INTEGER NOT NULL DEFAULT 0,
    proposed_bp   INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    pay_record_id BIGINT,
    UNIQUE (cycle_id, employee_id)
);
CREATE INDEX merit_lines_owner ON merit_lines(cycle_id, owner_id);

CREATE TABLE merit_sheets (
    cycle_id     BIGINT NOT NULL REFERENCES merit_cycles(id),
    owner_id     BIGINT NOT NULL,
    status       TEXT NOT NULL,
    approval_id  BIGINT,
    submitted_at TIMESTAMP,
    PRIMARY KEY (cycle_id, owner_id)
);
