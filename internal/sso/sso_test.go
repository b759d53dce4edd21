package sso

import (
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
)

func TestInputValidation(t *testing.T) {
	in := Input{Name: " Okta ", Issuer: "https://northwind.okta.example/", ClientID: " abc ", Secret: "s", Scopes: []string{"profile groups, email"}, Domains: []string{"@Northwind.Example, acme.example northwind.example"}}
	if err := in.validate(true); err != nil {
		t.Fatal(err)
	}
	if in.Slug != "okta" || in.Issuer != "https://northwind.okta.example" || in.ClientID != "abc" ||
		strings.Join(in.Scopes, " ") != "openid email profile groups" || strings.Join(in.Domains, " ") != "northwind.example acme.example" {
		t.Fatalf("normalised: %+v", in)
	}
	for _, c := range []struct {
		in     Input
		fields []string
	}{
		{Input{}, []string{"name", "issuer", "client_id", "client_secret"}},
		{Input{Name: "X", Slug: "Bad Slug!", Issuer: "http://idp.example.com", ClientID: "a", Secret: "b"}, []string{"slug", "issuer"}},
		{Input{Name: "X", Issuer: "https://idp.example.com?x=1", ClientID: "a", Secret: "b", Domains: []string{"not a domain"}}, []string{"issuer", "domains"}},
	} {
		err := c.in.validate(true)
		got := kit.FieldsOf(err)
		for _, f := range c.fields {
			if got[f] == "" {
				t.Errorf("%+v: no error on %s (%v)", c.in, f, got)
			}
		}
	}
	// http is for localhost only; a change may keep the secret.
	local := Input{Name: "Dev", Issuer: "http://127.0.0.1:9998", ClientID: "a"}
	if err := local.validate(false); err != nil {
		t.Fatalf("localhost issuer without a new secret: %v", err)
	}
}

func TestStateSealed(t *testing.T) {
	sealer, err := kit.NewSealer("sso-test-secret-key-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{sealer: sealer}
	st := state{Provider: 3, State: "s", Nonce: "n", Verifier: "v", Next: "/people", Expires: time.Date(2026, 11, 2, 10, 10, 0, 0, time.UTC)}
	v, err := s.sealState(st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.openState(v)
	if err != nil || got != st {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	tampered := []byte(v)
	tampered[len(tampered)/2] ^= 1
	if _, err := s.openState(string(tampered)); err == nil {
		t.Fatal("a tampered state opened")
	}
	other, _ := kit.NewSealer("another-instance-key-0123456789")
	if _, err := (&Service{sealer: other}).openState(v); err == nil {
		t.Fatal("a state opened with another key")
	}
}

func TestEmailVerifiedClaim(t *testing.T) {
	for v, want := range map[any]bool{true: true, "true": true, false: false, "false": false, nil: false, 1.0: false} {
		if (claims{EmailVerified: v}).verified() != want {
			t.Errorf("%v: want %v", v, want)
		}
	}
}

func TestParseIDPMetadata(t *testing.T) {
	for raw, want := range map[string]string{
		"":        "Paste",
		"<nope/>": "not SAML metadata",
		`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>`: "no identity provider",
		`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
			`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp/sso"/></IDPSSODescriptor></EntityDescriptor>`: "no HTTP-Redirect",
		`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
			`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp/sso"/></IDPSSODescriptor></EntityDescriptor>`: "no signing certificate",
	} {
		_, err := parseIDPMetadata(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60q: %v, want %q", raw, err, want)
		}
	}
	ok := `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
		`<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>MIIB</X509Certificate></X509Data></KeyInfo></KeyDescriptor>` +
		`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp/sso"/></IDPSSODescriptor></EntityDescriptor>`
	md, err := parseIDPMetadata(ok)
	if err != nil || md.EntityID != "https://idp.example.com" {
		t.Fatalf("%v %v", md, err)
	}
}
