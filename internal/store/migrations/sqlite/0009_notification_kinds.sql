-- Per-kind email preferences (a row turns one kind's email off).
CREATE TABLE notification_muted (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
