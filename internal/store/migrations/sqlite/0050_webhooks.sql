-- Outbound webhooks. Events come from the audit log (written in each
-- change's own transaction); the cursor is the last audit entry turned
-- into events. Secrets are sealed with the instance key.
CREATE TABLE webhook_subscriptions (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    url               TEXT NOT NULL,
    events            TEXT NOT NULL,
    secret_enc        BLOB NOT NULL,
    previous_enc      BLOB,
    previous_until    TIMESTAMP,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    -- Audit entries up to this one happened before the subscription.
    from_audit_id     BIGINT NOT NULL DEFAULT 0,
    created_by        BIGINT NOT NULL REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE webhook_events (
    id           INTEGER PRIMARY KEY,
    audit_id     BIGINT UNIQUE,
    type         TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    BIGINT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    payload      TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    subscription_id  BIGINT NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
    event_id         BIGINT NOT NULL REFERENCES webhook_events(id),
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    response_code    INTEGER NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    response_body    TEXT NOT NULL DEFAULT '',
    duration_ms      INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP,
    last_attempt_at  TIMESTAMP,
    delivered_at     TIMESTAMP,
    replay_of        BIGINT REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
    created_by       BIGINT REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_sub ON webhook_deliveries(subscription_id, id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries(status, subscription_id);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  BIGINT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    at           TIMESTAMP NOT NULL,
    status_code  INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    duration_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, attempt);

-- The dispatcher starts after what is already in the log: subscriptions
-- receive what happens after they exist, not the history.
CREATE TABLE webhook_cursor (
    id        INTEGER PRIMARY KEY,
    audit_id  BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, audit_id) SELECT 1, COALESCE(MAX(id), 0) FROM audit_log;
