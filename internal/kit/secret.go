package kit

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Sealer encrypts sensitive fields at rest with AES-256-GCM. The key is
// derived from CADRE_SECRET_KEY. During a key rotation it also opens what
// previous keys sealed (GCM authenticates, so a value opens only under
// the key that sealed it); it always seals with the current key.
type Sealer struct{ aeads []cipher.AEAD }

// NewSealer derives a 256-bit key from secret (at least 16 bytes), and
// from each previous secret one that only opens.
func NewSealer(secret string, previous ...string) (*Sealer, error) {
	s := &Sealer{}
	for i, sec := range append([]string{secret}, previous...) {
		if len(sec) < 16 {
			if i == 0 {
				return nil, errors.New("secret key must be at least 16 characters")
			}
			return nil, errors.New("a previous secret key must be at least 16 characters")
		}
		key := sha256.Sum256([]byte("cadre-field-encryption-v1:" + sec))
		block, err := aes.NewCipher(key[:])
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		s.aeads = append(s.aeads, aead)
	}
	return s, nil
}

// Current reports whether the current key sealed v (false for anything
// else: a previous key's value, or data that is not sealed at all).
func (s *Sealer) Current(v []byte) bool {
	_, err := open(s.aeads[0], v)
	return len(v) > 0 && err == nil
}

func open(aead cipher.AEAD, sealed []byte) ([]byte, error) {
	n := aead.NonceSize()
	if len(sealed) < n+aead.Overhead() {
		return nil, errors.New("sealed value too short")
	}
	return aead.Open(nil, sealed[:n], sealed[n:], []byte("cadre"))
}

// Seal encrypts plaintext; nil or empty plaintext seals to nil.
func (s *Sealer) Seal(plaintext []byte) ([]byte, error) {
	if len(plaintext) == 0 {
		return nil, nil
	}
	aead := s.aeads[0]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plaintext, []byte("cadre")), nil
}

// Open decrypts what Seal produced (under the current or a previous
// key); nil opens to nil.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	var err error
	for _, aead := range s.aeads {
		var out []byte
		if out, err = open(aead, sealed); err == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("decrypt: %w (was the secret key changed?)", err)
}
