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
// derived from CADRE_SECRET_KEY.
type Sealer struct{ aead cipher.AEAD }

// NewSealer derives a 256-bit key from secret (at least 16 bytes).
func NewSealer(secret string) (*Sealer, error) {
	if len(secret) < 16 {
		return nil, errors.New("secret key must be at least 16 characters")
	}
	key := sha256.Sum256([]byte("cadre-field-encryption-v1:" + secret))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext; nil or empty plaintext seals to nil.
func (s *Sealer) Seal(plaintext []byte) ([]byte, error) {
	if len(plaintext) == 0 {
		return nil, nil
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return s.aead.Seal(nonce, nonce, plaintext, []byte("cadre")), nil
}

// Open decrypts what Seal produced; nil opens to nil.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed value too short")
	}
	out, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte("cadre"))
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w (was the secret key changed?)", err)
	}
	return out, nil
}
