package sso

import (
	"net/http"
	"testing"

	"github.com/crewjam/saml"
)

// TestSAMLNameIDMustBeInTheAssertionNamespace: a NameID in a foreign
// namespace (which crewjam/saml would accept, GO-2026-6909) is not taken
// as the subject.
func TestSAMLNameIDMustBeInTheAssertionNamespace(t *testing.T) {
	good := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"> taylor@example.com </saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	foreign := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:x="urn:evil"><saml:Assertion><saml:Subject><x:NameID>admin@example.com</x:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	outside := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion><saml:Advice><saml:NameID>admin@example.com</saml:NameID></saml:Advice><saml:Subject/></saml:Assertion></samlp:Response>`
	if !samlNameIDIn([]byte(good), "taylor@example.com") {
		t.Error("a SAML NameID in the Subject was not found")
	}
	if samlNameIDIn([]byte(foreign), "admin@example.com") {
		t.Error("a foreign-namespace NameID was taken")
	}
	if samlNameIDIn([]byte(outside), "admin@example.com") {
		t.Error("a NameID outside the Subject was taken")
	}
	if samlNameIDIn([]byte("<not xml"), "x") {
		t.Error("malformed XML")
	}
}

// TestSAMLParsePanicsAreRefusals: a panic inside the library is an error.
func TestSAMLParsePanicsAreRefusals(t *testing.T) {
	r, _ := http.NewRequest("POST", "/saml/x/acs", nil)
	r.PostForm = map[string][]string{"SAMLResponse": {"PHg+"}}
	if _, err := parseSAMLResponse((*saml.ServiceProvider)(nil), r, nil); err == nil {
		t.Fatal("no error from a nil service provider")
	}
}

func TestSAMLEncryptedAssertionIsRecognised(t *testing.T) {
	enc := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:EncryptedAssertion><x/></saml:EncryptedAssertion></samlp:Response>`
	clear := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion/></samlp:Response>`
	if !samlEncrypted([]byte(enc)) || samlEncrypted([]byte(clear)) {
		t.Fatal("encrypted assertions misread")
	}
}
