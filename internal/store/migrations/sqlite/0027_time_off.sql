-- Everyday time off: leave types with their accrual policy (JSON), manual
-- balance adjustments, requests (their days and hours as JSON; approved
-- through the work backbone) and calendar feed tokens (hashed).
CREATE TABLE leave_types (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    paid             BOOLEAN NOT NULL,
    policy           TEXT NOT NULL DEFAULT '{}',
    employment_types TEXT NOT NULL DEFAULT '',
    min_tenure_days  INTEGER NOT NULL DEFAULT 0,
    second_approval  BOOLEAN NOT NULL DEFAULT FALSE,
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    position         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE leave_adjustments (
    id            INTEGER PRIMARY KEY,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    leave_type_id BIGINT NOT NULL REFERENCES leave_types(id),
    effective_on  DATE NOT NULL,
    hours_centi   BIGINT NOT NULL,
    reason        TEXT NOT NULL,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX leave_adjustments_emp ON leave_adjustments(employee_id, leave_type_id);

CREATE TABLE time_off_requests (
    id            INTEGER PRIMARY KEY,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    leave_type_id BIGINT NOT NULL REFERENCES leave_types(id),
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    days          TEXT NOT NULL,
    hours_centi   BIGINT NOT NULL,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    approval_id   BIGINT,
    requested_by  BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    decided_at    TIMESTAMP,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX time_off_requests_emp ON time_off_requests(employee_id, starts_on);
CREATE INDEX time_off_requests_dates ON time_off_requests(starts_on, ends_on, status);

CREATE TABLE time_off_feeds (
    id                  INTEGER PRIMARY KEY,
    owner_user_id       BIGINT NOT NULL REFERENCES users(id),
    manager_employee_id BIGINT NOT NULL REFERENCES employees(id),
    token_hash          TEXT NOT NULL UNIQUE,
    created_at          TIMESTAMP NOT NULL
);
