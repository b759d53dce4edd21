-- Single sign-on with OpenID Connect: the identity providers, each
-- person's link to their provider account (by the provider's subject),
-- and break-glass accounts that keep their password when the company
-- signs in with SSO only.
CREATE TABLE sso_providers (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    secret_enc  BLOB NOT NULL,
    scopes      TEXT NOT NULL DEFAULT 'openid email profile',
    domains     TEXT NOT NULL DEFAULT '',
    jit         BOOLEAN NOT NULL DEFAULT FALSE,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE sso_identities (
    provider_id    BIGINT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    subject        TEXT NOT NULL,
    user_id        BIGINT NOT NULL REFERENCES users(id),
    email          TEXT NOT NULL,
    linked_at      TIMESTAMP NOT NULL,
    last_login_at  TIMESTAMP,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX sso_identities_user ON sso_identities(user_id);

ALTER TABLE users ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT FALSE;
