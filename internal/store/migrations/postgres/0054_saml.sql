-- SAML 2.0 sign-in: a provider may speak SAML instead of OpenID Connect,
-- with the identity provider's metadata and Cadre's own signing key and
-- certificate (sealed key); each authentication request is kept until
-- its response arrives (single use, ten minutes), so the response is
-- matched to a request Cadre made without relying on a cookie.
ALTER TABLE sso_providers ADD COLUMN protocol TEXT NOT NULL DEFAULT 'oidc';
ALTER TABLE sso_providers ADD COLUMN idp_metadata TEXT NOT NULL DEFAULT '';
ALTER TABLE sso_providers ADD COLUMN sp_key_enc BYTEA;
ALTER TABLE sso_providers ADD COLUMN sp_cert TEXT NOT NULL DEFAULT '';

CREATE TABLE saml_requests (
    id           TEXT PRIMARY KEY,
    provider_id  BIGINT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    next         TEXT NOT NULL DEFAULT '/',
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX saml_requests_provider ON saml_requests(provider_id, expires_at);
