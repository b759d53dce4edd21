package kit

import "strings"

// Slug lower-cases s and keeps its letters a–z and digits, joining the
// runs between them with sep ("Operations pay, 2026" → "operations-pay-2026"
// with '-'). File names and keys use it.
func Slug(s string, sep byte) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && b.String()[b.Len()-1] != sep:
			b.WriteByte(sep)
		}
	}
	return strings.TrimSuffix(b.String(), string(sep))
}
