-- Private calendar subscriptions (interviews, deadlines): the token is
-- shown once; only its hash is kept.
CREATE TABLE calendar_feeds (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_read_at TIMESTAMP
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);
