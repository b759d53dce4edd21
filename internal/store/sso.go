package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/sso"
)

// SSO returns the single sign-on store.
func (db *DB) SSO() sso.Store { return ssoStore{db.Reader()} }

type ssoStore struct{ *Conn }

func (s ssoStore) InTx(ctx context.Context, fn func(sso.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(ssoStore{c}) })
}

const ssoProviderCols = `p.id, p.slug, p.name, p.issuer, p.client_id, p.secret_enc, p.scopes, p.domains, p.jit, p.enabled, p.created_at, p.updated_at,
	p.protocol, p.idp_metadata, p.sp_key_enc, p.sp_cert`

func scanSSOProvider(sc interface{ Scan(...any) error }, extra ...any) (sso.Provider, error) {
	var p sso.Provider
	var scopes, domains string
	err := sc.Scan(append([]any{&p.ID, &p.Slug, &p.Name, &p.Issuer, &p.ClientID, &p.Secret, &scopes, &domains, &p.JIT, &p.Enabled, &p.CreatedAt, &p.UpdatedAt,
		&p.Protocol, &p.IDPMetadata, &p.SPKey, &p.SPCert}, extra...)...)
	p.Scopes, p.Domains = strings.Fields(scopes), strings.Fields(domains)
	return p, err
}

func (s ssoStore) SSOProviders(ctx context.Context) ([]sso.Provider, error) {
	rows, err := s.query(ctx, `SELECT `+ssoProviderCols+`, (SELECT COUNT(*) FROM sso_identities i WHERE i.provider_id = p.id) FROM sso_providers p ORDER BY p.name, p.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sso.Provider
	for rows.Next() {
		var n int
		p, err := scanSSOProvider(rows, &n)
		if err != nil {
			return nil, err
		}
		p.Linked = n
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s ssoStore) SSOProvider(ctx context.Context, id int64) (sso.Provider, error) {
	p, err := scanSSOProvider(s.row(ctx, `SELECT `+ssoProviderCols+` FROM sso_providers p WHERE p.id = ?`, id))
	return p, notFound(err, "sign-in provider")
}

func (s ssoStore) SSOProviderBySlug(ctx context.Context, slug string) (sso.Provider, error) {
	p, err := scanSSOProvider(s.row(ctx, `SELECT `+ssoProviderCols+` FROM sso_providers p WHERE p.slug = ?`, slug))
	return p, notFound(err, "sign-in provider")
}

func (s ssoStore) InsertSSOProvider(ctx context.Context, p sso.Provider) (int64, error) {
	if p.Secret == nil {
		p.Secret = []byte{}
	}
	proto := p.Protocol
	if proto == "" {
		proto = sso.ProtocolOIDC
	}
	var key any
	if len(p.SPKey) > 0 {
		key = p.SPKey
	}
	id, err := s.insert(ctx, `INSERT INTO sso_providers (slug, name, issuer, client_id, secret_enc, scopes, domains, jit, enabled, created_at, updated_at, protocol, idp_metadata, sp_key_enc, sp_cert)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Slug, p.Name, p.Issuer, p.ClientID, p.Secret, strings.Join(p.Scopes, " "), strings.Join(p.Domains, " "), p.JIT, p.Enabled, p.CreatedAt.UTC(), p.UpdatedAt.UTC(),
		proto, p.IDPMetadata, key, p.SPCert)
	if isUnique(err) {
		return 0, kit.Invalid("slug", "Another provider uses "+p.Slug)
	}
	return id, err
}

func (s ssoStore) UpdateSSOProvider(ctx context.Context, p sso.Provider) error {
	if p.Secret == nil {
		p.Secret = []byte{} // SAML providers have no client secret
	}
	_, err := s.exec(ctx, `UPDATE sso_providers SET slug = ?, name = ?, issuer = ?, client_id = ?, secret_enc = ?, scopes = ?, domains = ?, jit = ?, enabled = ?, updated_at = ?, idp_metadata = ? WHERE id = ?`,
		p.Slug, p.Name, p.Issuer, p.ClientID, p.Secret, strings.Join(p.Scopes, " "), strings.Join(p.Domains, " "), p.JIT, p.Enabled, p.UpdatedAt.UTC(), p.IDPMetadata, p.ID)
	if isUnique(err) {
		return kit.Invalid("slug", "Another provider uses "+p.Slug)
	}
	return err
}

func (s ssoStore) DeleteSSOProvider(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `DELETE FROM sso_identities WHERE provider_id = ?`, id); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM saml_requests WHERE provider_id = ?`, id); err != nil {
		return err
	}
	res, err := s.exec(ctx, `DELETE FROM sso_providers WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("sign-in provider")
	}
	return nil
}

func (s ssoStore) SSOIdentity(ctx context.Context, providerID int64, subject string) (sso.Identity, error) {
	var i sso.Identity
	var last sql.NullTime
	err := s.row(ctx, `SELECT provider_id, subject, user_id, email, linked_at, last_login_at FROM sso_identities WHERE provider_id = ? AND subject = ?`, providerID, subject).
		Scan(&i.ProviderID, &i.Subject, &i.UserID, &i.Email, &i.LinkedAt, &last)
	i.LastLoginAt = last.Time
	return i, notFound(err, "identity")
}

func (s ssoStore) InsertSSOIdentity(ctx context.Context, i sso.Identity) error {
	_, err := s.exec(ctx, `INSERT INTO sso_identities (provider_id, subject, user_id, email, linked_at) VALUES (?, ?, ?, ?, ?)`, i.ProviderID, i.Subject, i.UserID, i.Email, i.LinkedAt.UTC())
	return err
}

func (s ssoStore) TouchSSOIdentity(ctx context.Context, providerID int64, subject string, at time.Time) error {
	_, err := s.db.Writer().exec(ctx, `UPDATE sso_identities SET last_login_at = ? WHERE provider_id = ? AND subject = ?`, at.UTC(), providerID, subject)
	return err
}

func (s ssoStore) JITEmployee(ctx context.Context, email string) (int64, string, error) {
	var id int64
	var given, family, pref string
	err := s.row(ctx, `SELECT e.id, e.given_name, e.family_name, e.preferred_name FROM employees e
		WHERE lower(e.work_email) = ? AND e.status <> 'terminated' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.employee_id = e.id)`, strings.ToLower(email)).Scan(&id, &given, &family, &pref)
	if err != nil {
		return 0, "", notFound(err, "employee")
	}
	if pref != "" {
		given = pref
	}
	return id, given + " " + family, nil
}

func (s ssoStore) SetBreakGlass(ctx context.Context, userID int64, on bool) error {
	_, err := s.exec(ctx, `UPDATE users SET break_glass = ? WHERE id = ?`, on, userID)
	return err
}

func (s ssoStore) InsertSAMLRequest(ctx context.Context, id string, providerID int64, next string, expires time.Time) error {
	// Expired requests go as new ones come.
	if _, err := s.db.Writer().exec(ctx, `DELETE FROM saml_requests WHERE expires_at < ?`, expires.Add(-2*sso.StateTTL).UTC()); err != nil {
		return err
	}
	_, err := s.db.Writer().exec(ctx, `INSERT INTO saml_requests (id, provider_id, next, expires_at) VALUES (?, ?, ?, ?)`, id, providerID, next, expires.UTC())
	return err
}

func (s ssoStore) SAMLRequestIDs(ctx context.Context, providerID int64, now time.Time, id string) ([]string, error) {
	return scanAll(ctx, s.Conn, func(sc interface{ Scan(...any) error }) (string, error) {
		var id string
		err := sc.Scan(&id)
		return id, err
	}, `SELECT id FROM saml_requests WHERE id = ? AND provider_id = ? AND expires_at > ?`, id, providerID, now.UTC())
}

func (s ssoStore) TakeSAMLRequest(ctx context.Context, id string, providerID int64) (string, error) {
	var next string
	err := s.db.Writer().inTx(ctx, func(c *Conn) error {
		if err := c.row(ctx, `SELECT next FROM saml_requests WHERE id = ? AND provider_id = ?`, id, providerID).Scan(&next); err != nil {
			return notFound(err, "SAML request")
		}
		res, err := c.exec(ctx, `DELETE FROM saml_requests WHERE id = ? AND provider_id = ?`, id, providerID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kit.NotFound("SAML request")
		}
		return nil
	})
	return next, err
}
