package kit

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Page is a keyset page request: at most Limit rows after the cursor.
type Page struct {
	Limit  int
	Cursor string
}

// DefaultLimit and MaxLimit follow the API contract.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Normalize clamps the limit into [1, MaxLimit], defaulting to DefaultLimit.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	return p
}

// EncodeCursor packs sort keys into an opaque cursor.
func EncodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x1f")))
}

// DecodeCursor unpacks a cursor into n parts, or reports a malformed cursor.
func DecodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, Invalid("cursor", "is not a valid cursor")
	}
	parts := strings.Split(string(b), "\x1f")
	if len(parts) != n {
		return nil, Invalid("cursor", "is not a valid cursor")
	}
	return parts, nil
}

// CursorInt parses an integer cursor part.
func CursorInt(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, Invalid("cursor", "is not a valid cursor")
	}
	return v, nil
}
