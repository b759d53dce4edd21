-- Interviews (times in UTC, shown in the location's zone; a stable UID and
-- a SEQUENCE for calendar updates), their panels, and scorecards.
CREATE TABLE interviews (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    requisition_id BIGINT NOT NULL REFERENCES requisitions(id),
    round          TEXT NOT NULL,
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    time_zone      TEXT NOT NULL,
    location       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    uid            TEXT NOT NULL DEFAULT '',
    sequence       BIGINT NOT NULL DEFAULT 0,
    created_by     BIGINT REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX interviews_application ON interviews(application_id);
CREATE INDEX interviews_time ON interviews(status, starts_at);

CREATE TABLE interview_panel (
    interview_id BIGINT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (interview_id, user_id)
);
CREATE INDEX interview_panel_user ON interview_panel(user_id);

CREATE TABLE scorecards (
    id             INTEGER PRIMARY KEY,
    interview_id   BIGINT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users(id),
    recommendation TEXT NOT NULL,
    ratings        TEXT NOT NULL,
    notes          TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX scorecards_interview_user ON scorecards(interview_id, user_id);

-- Self-scheduling links: times offered to a candidate, one of which they
-- book through a private link.
CREATE TABLE scheduling_links (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    token_hash     TEXT NOT NULL UNIQUE,
    round          TEXT NOT NULL,
    minutes        BIGINT NOT NULL,
    location       TEXT NOT NULL DEFAULT '',
    panel          TEXT NOT NULL,
    slots          TEXT NOT NULL,
    time_zone      TEXT NOT NULL,
    expires_at     TIMESTAMP NOT NULL,
    interview_id   BIGINT REFERENCES interviews(id),
    created_by     BIGINT REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL
);
