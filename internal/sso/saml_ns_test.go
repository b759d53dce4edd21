package sso

import (
	"net/http"
	"strings"
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
	// Indented XML (text between elements) and the value with spaces or
	// newlines around it, either side.
	indented := strings.ReplaceAll(good, "><", ">\n  <")
	if !samlNameIDIn([]byte(indented), "taylor@example.com") {
		t.Error("an indented response was refused")
	}
	if !samlNameIDIn([]byte(good), "\ntaylor@example.com ") {
		t.Error("surrounding space refused a good NameID")
	}
	// A NameID in a second, unsigned Assertion hidden in Extensions is not
	// the Response's Assertion.
	hidden := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><samlp:Extensions><saml:Assertion><saml:Subject><saml:NameID>admin@example.com</saml:NameID></saml:Subject></saml:Assertion></samlp:Extensions><saml:Assertion><saml:Subject><x:NameID xmlns:x="urn:evil">admin@example.com</x:NameID></saml:Subject></saml:Assertion></samlp:Response>`
	if samlNameIDIn([]byte(hidden), "admin@example.com") {
		t.Error("a NameID outside the Response's Assertion was taken")
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
	encID := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion><saml:Subject><saml:EncryptedID/></saml:Subject></saml:Assertion></samlp:Response>`
	slipped := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><samlp:Extensions><saml:EncryptedAssertion/></samlp:Extensions><saml:Assertion/></samlp:Response>`
	if !samlEncrypted([]byte(encID)) {
		t.Error("an EncryptedID subject was not recognised")
	}
	if samlEncrypted([]byte(slipped)) {
		t.Error("an EncryptedAssertion outside its place counted")
	}
}
