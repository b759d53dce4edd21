-- Talent acquisition: the hiring plan (headcount and budget per org unit
-- and quarter) and requisitions opened against it.
CREATE TABLE hiring_plan_lines (
    id           INTEGER PRIMARY KEY,
    org_unit_id  BIGINT NOT NULL REFERENCES org_units(id),
    year         BIGINT NOT NULL,
    quarter      BIGINT NOT NULL,
    headcount    BIGINT NOT NULL,
    budget_cents BIGINT NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX hiring_plan_lines_unit_quarter ON hiring_plan_lines(org_unit_id, year, quarter);
CREATE INDEX hiring_plan_lines_year ON hiring_plan_lines(year, quarter);

CREATE TABLE requisitions (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    job_id            BIGINT NOT NULL REFERENCES jobs(id),
    org_unit_id       BIGINT NOT NULL REFERENCES org_units(id),
    location_id       BIGINT NOT NULL REFERENCES locations(id),
    headcount         BIGINT NOT NULL,
    employment_type   TEXT NOT NULL,
    reason            TEXT NOT NULL,
    backfill_for      BIGINT REFERENCES employees(id),
    salary_min_cents  BIGINT NOT NULL,
    salary_max_cents  BIGINT NOT NULL,
    currency          TEXT NOT NULL,
    hiring_manager_id BIGINT NOT NULL REFERENCES employees(id),
    recruiter_user_id BIGINT REFERENCES users(id),
    target_start      DATE NOT NULL,
    key_role          BOOLEAN NOT NULL,
    justification     TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    approval_id       BIGINT REFERENCES approval_requests(id),
    opened_on         DATE,
    closed_on         DATE,
    filled_count      BIGINT NOT NULL DEFAULT 0,
    created_by        BIGINT REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX requisitions_status ON requisitions(status, org_unit_id);
CREATE INDEX requisitions_org ON requisitions(org_unit_id, target_start);
CREATE INDEX requisitions_hiring_manager ON requisitions(hiring_manager_id);
