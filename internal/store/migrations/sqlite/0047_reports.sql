-- The report builder: saved report definitions (a JSON spec), shared with
-- HR roles, and each user's email schedules for them.
CREATE TABLE saved_reports (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    owner_user_id BIGINT NOT NULL REFERENCES users(id),
    spec          TEXT NOT NULL,
    shared_roles  TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX saved_reports_owner ON saved_reports(owner_user_id);

CREATE TABLE report_schedules (
    id          INTEGER PRIMARY KEY,
    report_id   BIGINT NOT NULL REFERENCES saved_reports(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    frequency   TEXT NOT NULL,
    format      TEXT NOT NULL,
    next_run_on DATE NOT NULL,
    last_run_at TIMESTAMP,
    last_status TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX report_schedules_due ON report_schedules(next_run_on);
CREATE INDEX report_schedules_report ON report_schedules(report_id, user_id);
