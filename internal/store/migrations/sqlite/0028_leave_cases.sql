-- FMLA leave cases: the request, the FMLA determination made when it was
-- opened (JSON, with its explanation) and the medical reason, sealed
-- (AES-GCM) and shown only to HR with the leave permission.
CREATE TABLE leave_cases (
    id            INTEGER PRIMARY KEY,
    employee_id   BIGINT NOT NULL REFERENCES employees(id),
    reason        TEXT NOT NULL,
    schedule      TEXT NOT NULL,
    starts_on     DATE NOT NULL,
    ends_on       DATE,
    notice_on     DATE NOT NULL,
    status        TEXT NOT NULL,
    eligible      BOOLEAN NOT NULL,
    determination TEXT NOT NULL,
    medical       BLOB,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX leave_cases_emp ON leave_cases(employee_id, starts_on);
CREATE INDEX leave_cases_status ON leave_cases(status, starts_on);
