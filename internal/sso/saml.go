package sso

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crewjam/saml"

	"github.com/cadrehq/cadre/internal/kit"
)

// SAML 2.0 sign-in, with crewjam/saml: Cadre is a service provider that
// sends a signed-or-not AuthnRequest by the redirect binding and takes
// the IdP's signed response by the POST binding at /saml/{slug}/acs.
// Each request's id is stored (single use, StateTTL); a response must
// answer one of them, be signed with the certificate in the IdP's
// metadata, be addressed to this provider's ACS and audience, and be
// within its validity window. The person is then found as an OpenID
// Connect sign-in finds them: by the link (the NameID), else by email.

// parseIDPMetadata checks an identity provider's metadata: an entity
// with an IDPSSODescriptor offering the redirect binding and a signing
// certificate.
func parseIDPMetadata(raw string) (*saml.EntityDescriptor, error) {
	if raw == "" {
		return nil, fmt.Errorf("Paste the identity provider's metadata (XML)")
	}
	if len(raw) > 1<<20 {
		return nil, fmt.Errorf("The metadata is over 1 MiB")
	}
	var md saml.EntityDescriptor
	if err := xml.Unmarshal([]byte(raw), &md); err != nil {
		var all saml.EntitiesDescriptor
		if err2 := xml.Unmarshal([]byte(raw), &all); err2 != nil || len(all.EntityDescriptors) != 1 {
			return nil, fmt.Errorf("This is not SAML metadata: %v", err)
		}
		md = all.EntityDescriptors[0]
	}
	if md.EntityID == "" || len(md.IDPSSODescriptors) == 0 {
		return nil, fmt.Errorf("The metadata describes no identity provider (no IDPSSODescriptor)")
	}
	redirect, cert := false, false
	for _, d := range md.IDPSSODescriptors {
		for _, s := range d.SingleSignOnServices {
			redirect = redirect || s.Binding == saml.HTTPRedirectBinding
		}
		for _, k := range d.KeyDescriptors {
			cert = cert || ((k.Use == "" || k.Use == "signing") && len(k.KeyInfo.X509Data.X509Certificates) > 0)
		}
	}
	if !redirect {
		return nil, fmt.Errorf("The identity provider offers no HTTP-Redirect single sign-on service")
	}
	if !cert {
		return nil, fmt.Errorf("The metadata has no signing certificate")
	}
	return &md, nil
}

// newSPKey makes Cadre's key and self-signed certificate for one
// provider (ten years).
func newSPKey(slug string, now time.Time) ([]byte, []byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "Cadre SAML " + slug}, NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// serviceProvider builds the crewjam/saml service provider for p at
// base (Cadre's address, e.g. https://cadre.example.com).
func (s *Service) serviceProvider(p Provider, base string) (*saml.ServiceProvider, error) {
	keyPEM, err := s.sealer.Open(p.SPKey)
	if err != nil {
		return nil, fmt.Errorf("provider %s key: %w", p.Slug, err)
	}
	kb, _ := pem.Decode(keyPEM)
	cb, _ := pem.Decode([]byte(p.SPCert))
	if kb == nil || cb == nil {
		return nil, fmt.Errorf("provider %s: no key or certificate", p.Slug)
	}
	key, err := x509.ParsePKCS1PrivateKey(kb.Bytes)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, err
	}
	md, err := parseIDPMetadata(p.IDPMetadata)
	if err != nil {
		return nil, err
	}
	root, err := url.Parse(strings.TrimSuffix(base, "/") + "/saml/" + p.Slug)
	if err != nil {
		return nil, err
	}
	metadata, acs := *root, *root
	metadata.Path += "/metadata"
	acs.Path += "/acs"
	return &saml.ServiceProvider{EntityID: metadata.String(), Key: key, Certificate: cert, MetadataURL: metadata, AcsURL: acs, IDPMetadata: md,
		AuthnNameIDFormat: saml.EmailAddressNameIDFormat, HTTPClient: httpClient}, nil
}

// SAMLMetadata is the service provider metadata to give the identity
// provider (public). Errors: KindNotFound.
func (s *Service) SAMLMetadata(ctx context.Context, slug, base string) ([]byte, error) {
	if s.PublicBase != "" {
		base = s.PublicBase
	}
	p, err := s.store.SSOProviderBySlug(ctx, slug)
	if err != nil || p.Protocol != ProtocolSAML {
		return nil, kit.NotFound("SAML provider")
	}
	sp, err := s.serviceProvider(p, base)
	if err != nil {
		return nil, err
	}
	return xml.MarshalIndent(sp.Metadata(), "", "  ")
}

// beginSAML stores an authentication request and returns the IdP's URL.
func (s *Service) beginSAML(ctx context.Context, p Provider, base, next string) (string, error) {
	sp, err := s.serviceProvider(p, base)
	if err != nil {
		return "", err
	}
	req, err := sp.MakeAuthenticationRequest(sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	if err := s.store.InsertSAMLRequest(ctx, req.ID, p.ID, next, now.Add(StateTTL)); err != nil {
		return "", err
	}
	u, err := req.Redirect("", sp)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// FinishSAML takes the IdP's response posted to the ACS (r, its form
// parsed) and opens the session. Errors: as Finish.
func (s *Service) FinishSAML(ctx context.Context, slug, base string, r *http.Request, clientIP string) (Result, error) {
	if s.PublicBase != "" {
		base = s.PublicBase
	}
	p, err := s.store.SSOProviderBySlug(ctx, slug)
	if err != nil || !p.Enabled || p.Protocol != ProtocolSAML {
		return Result{}, kit.NotFound("sign-in provider")
	}
	sp, err := s.serviceProvider(p, base)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrSignIn, err)
	}
	now := s.clock.Now()
	// The one request this response says it answers, if Cadre made it
	// and it is still open (so a flood of started sign-ins cannot push
	// real ones out of a list).
	var ids []string
	if id := inResponseTo(r.PostForm.Get("SAMLResponse")); id != "" {
		open, err := s.store.SAMLRequestIDs(ctx, p.ID, now, id)
		if err != nil {
			return Result{}, err
		}
		ids = open
	}
	assertion, err := parseSAMLResponse(sp, r, ids)
	if err != nil {
		why := err.Error()
		var ie *saml.InvalidResponseError
		if errors.As(err, &ie) && ie.PrivateErr != nil {
			why = ie.PrivateErr.Error()
		}
		return Result{}, s.refuse(ctx, p, "", "the SAML response did not verify: "+why, clientIP)
	}
	// Single use: the request this answers is spent.
	var next string
	if assertion.Subject != nil {
		for _, sc := range assertion.Subject.SubjectConfirmations {
			if sc.SubjectConfirmationData != nil && sc.SubjectConfirmationData.InResponseTo != "" {
				if next, err = s.store.TakeSAMLRequest(ctx, sc.SubjectConfirmationData.InResponseTo, p.ID); err != nil {
					return Result{}, s.refuse(ctx, p, "", "the response answers a request already used", clientIP)
				}
			}
		}
	}
	c := claims{EmailVerified: true}
	if assertion.Subject != nil && assertion.Subject.NameID != nil {
		// crewjam/saml matches <NameID> in any XML namespace (GO-2026-6909):
		// in a response in the clear, the value must be a SAML assertion
		// NameID inside the Subject. (An encrypted assertion is checked by
		// the library alone: only the IdP, with Cadre's public key, made it.)
		if raw, err := base64.StdEncoding.DecodeString(r.PostForm.Get("SAMLResponse")); err != nil || !samlEncrypted(raw) && !samlNameIDIn(raw, assertion.Subject.NameID.Value) {
			return Result{}, s.refuse(ctx, p, "", "the assertion's NameID is not a SAML NameID", clientIP)
		}
		c.Subject = assertion.Subject.NameID.Value
		if assertion.Subject.NameID.Format == string(saml.EmailAddressNameIDFormat) {
			c.Email = c.Subject
		}
	}
	for _, st := range assertion.AttributeStatements {
		for _, a := range st.Attributes {
			if isEmailAttribute(a) && len(a.Values) > 0 && a.Values[0].Value != "" {
				c.Email = a.Values[0].Value
			}
		}
	}
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Subject == "" || c.Email == "" {
		return Result{}, s.refuse(ctx, p, c.Email, "the assertion carries no NameID or no email", clientIP,
			"Your "+p.Name+" account sent no email address; ask your administrator")
	}
	if !domainAllowed(p, c.Email) {
		return Result{}, s.refuse(ctx, p, c.Email, "the email's domain is not allowed for this provider", clientIP, c.Email+" may not sign in with "+p.Name+" here")
	}
	userID, how, err := s.resolve(ctx, p, c)
	if err != nil {
		return Result{}, err
	}
	res, err := s.sessions(ctx, userID, fmt.Sprintf("Signed in with %s (SAML, %s) from %s", p.Name, how, clientIP))
	if err != nil {
		return Result{}, err
	}
	_ = s.store.TouchSSOIdentity(ctx, p.ID, c.Subject, now)
	return Result{Login: res, Next: next, How: how}, nil
}

// parseSAMLResponse verifies a response with crewjam/saml, turning the
// library's panics on malformed but signed assertions (GO-2026-6909: an
// assertion without an Issuer) into a refusal.
func parseSAMLResponse(sp *saml.ServiceProvider, r *http.Request, ids []string) (a *saml.Assertion, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("malformed assertion: %v", p)
		}
	}()
	return sp.ParseResponse(r, ids)
}

// samlNS is the SAML 2.0 assertion namespace.
const samlNS = "urn:oasis:names:tc:SAML:2.0:assertion"

// samlProtocolNS is the SAML 2.0 protocol namespace (the Response).
const samlProtocolNS = "urn:oasis:names:tc:SAML:2.0:protocol"

// samlEncrypted reports whether a response carries its assertion, or the
// assertion's subject identifier, encrypted: an EncryptedAssertion that is
// a child of the Response, or an EncryptedID in the Subject of its
// Assertion. Only those places count, so an element slipped in elsewhere
// (outside a signature) changes nothing.
func samlEncrypted(raw []byte) bool {
	found := false
	walkSAML(raw, func(path []xml.Name, _ string) {
		if pathIs(path, "Response", "EncryptedAssertion") || pathIs(path, "Response", "Assertion", "Subject", "EncryptedID") {
			found = true
		}
	})
	return found
}

// samlNameIDIn reports whether the response's Assertion (a child of the
// Response) has, in its Subject, a NameID in the SAML assertion namespace
// with value v (surrounding space ignored on both sides).
func samlNameIDIn(raw []byte, v string) bool {
	found := false
	walkSAML(raw, func(path []xml.Name, text string) {
		if pathIs(path, "Response", "Assertion", "Subject", "NameID") && strings.TrimSpace(text) == strings.TrimSpace(v) {
			found = true
		}
	})
	return found
}

// pathIs reports whether path is exactly the given elements from the root:
// the Response in the protocol namespace, the rest in the assertion one.
func pathIs(path []xml.Name, names ...string) bool {
	if len(path) != len(names) {
		return false
	}
	for i, n := range names {
		ns := samlNS
		if i == 0 {
			ns = samlProtocolNS
		}
		if path[i].Space != ns || path[i].Local != n {
			return false
		}
	}
	return true
}

// walkSAML calls fn at the end of every element with its path from the
// root and its text; malformed XML stops the walk.
func walkSAML(raw []byte, fn func(path []xml.Name, text string)) {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var stack []xml.Name
	var texts []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			texts = append(texts, "")
		case xml.CharData:
			if n := len(texts); n > 0 && len(texts[n-1]) < 4096 {
				texts[n-1] += string(t)
			}
		case xml.EndElement:
			n := len(stack)
			if n == 0 {
				return
			}
			fn(stack, texts[n-1])
			stack, texts = stack[:n-1], texts[:n-1]
		}
	}
}

// inResponseTo reads the InResponseTo of a posted response (unverified:
// it only picks the stored request ParseResponse then checks).
func inResponseTo(b64 string) string {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) > 1<<20 {
		return ""
	}
	var resp struct {
		InResponseTo string `xml:"InResponseTo,attr"`
	}
	if xml.Unmarshal(raw, &resp) != nil {
		return ""
	}
	return resp.InResponseTo
}

// isEmailAttribute recognises the usual names of the email attribute:
// mail (LDAP, urn:oid:0.9.2342.19200300.100.1.3), email, Microsoft's
// emailaddress claim.
func isEmailAttribute(a saml.Attribute) bool {
	for _, n := range []string{a.Name, a.FriendlyName} {
		n = strings.ToLower(n)
		if n == "mail" || n == "email" || n == "emailaddress" || n == "urn:oid:0.9.2342.19200300.100.1.3" ||
			n == "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" {
			return true
		}
	}
	return false
}
