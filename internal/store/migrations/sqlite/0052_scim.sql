-- SCIM 2.0 clients: identity systems reading Cadre's people with a
-- bearer token (only its hash is kept).
CREATE TABLE scim_clients (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,
    can_write     BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    BIGINT NOT NULL REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    revoked_at    TIMESTAMP
);
