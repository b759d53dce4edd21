-- Payroll: each export sends one pay period's changes and locks it. An
-- exported change is kept item by item, keyed by its source row (a pay
-- record, an assignment, the start or end of an employment period, a
-- one-time payment), so no change is exported twice; data is the JSON of
-- the change as exported, so a re-download gives the same file.
CREATE TABLE payroll_exports (
    id           INTEGER PRIMARY KEY,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL UNIQUE,
    items        INTEGER NOT NULL,
    corrections  INTEGER NOT NULL,
    exported_by  BIGINT REFERENCES users(id),
    exported_at  TIMESTAMP NOT NULL
);

CREATE TABLE payroll_export_items (
    id            INTEGER PRIMARY KEY,
    export_id     BIGINT NOT NULL REFERENCES payroll_exports(id),
    source        TEXT NOT NULL,
    source_id     BIGINT NOT NULL,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    kind          TEXT NOT NULL,
    effective     DATE NOT NULL,
    corrects_end  DATE,
    org_path      TEXT NOT NULL,
    data          TEXT NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX payroll_export_items_export ON payroll_export_items(export_id);

-- Payroll provider templates: column mappings over the payroll fields.
CREATE TABLE payroll_templates (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    delimiter     TEXT NOT NULL,
    header        BOOLEAN NOT NULL,
    date_format   TEXT NOT NULL,
    amount_format TEXT NOT NULL,
    kinds         TEXT NOT NULL,
    columns       TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- One-time payments (bonus, commission, awards, severance…), approved
-- through the Work backbone (kind one_time_payment) and exported with the
-- payroll of their pay date.
CREATE TABLE one_time_payments (
    id           INTEGER PRIMARY KEY,
    employee_id  BIGINT NOT NULL REFERENCES employees(id),
    kind         TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    pay_date     DATE NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    approval_id  BIGINT,
    source       TEXT NOT NULL DEFAULT '',
    requested_by BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    decided_at   TIMESTAMP
);
CREATE INDEX one_time_payments_emp ON one_time_payments(employee_id, pay_date);
CREATE INDEX one_time_payments_due ON one_time_payments(pay_date) WHERE status = 'approved';

