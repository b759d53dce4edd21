// Package kit is Cadre's shared vocabulary: error kinds, money, IDs and
// paging. It imports nothing from Cadre.
package kit

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error so that the edges (HTTP, CLI) can map it to a
// status or exit code in one place.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindForbidden
	KindConflict
	KindUnauthenticated
	KindRateLimited
	KindTooLarge
	KindMalformed
	// KindUnavailable: the system cannot take the request now (its
	// database is out of disk space or read-only); nothing was saved.
	KindUnavailable
)

// Sentinel errors. Wrap them with %w; test with errors.Is.
var (
	ErrNotFound        = &Error{Kind: KindNotFound, Msg: "not found"}
	ErrForbidden       = &Error{Kind: KindForbidden, Msg: "forbidden"}
	ErrConflict        = &Error{Kind: KindConflict, Msg: "conflict"}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated, Msg: "authentication required"}
	ErrRateLimited     = &Error{Kind: KindRateLimited, Msg: "too many requests"}
)

// Error is a classified error with an optional per-field breakdown.
type Error struct {
	Kind   Kind
	Msg    string
	Fields FieldErrors
	// Cause is the underlying error, for the log (never shown).
	Cause error
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Msg
	}
	return e.Msg + ": " + e.Fields.String()
}

// Is makes errors.Is match on kind, so every NotFound matches ErrNotFound.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

// FieldErrors maps a field name (snake_case, as the API and forms name it)
// to a human message.
type FieldErrors map[string]string

// Add records a message for a field, keeping the first one.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Has reports whether the field has an error.
func (f FieldErrors) Has(field string) bool { _, ok := f[field]; return ok }

// Sorted returns the field names in a stable order.
func (f FieldErrors) Sorted() []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (f FieldErrors) String() string {
	parts := make([]string, 0, len(f))
	for _, k := range f.Sorted() {
		parts = append(parts, k+": "+f[k])
	}
	return strings.Join(parts, "; ")
}

// Err returns nil when there are no field errors, else a KindInvalid error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Msg: "validation failed", Fields: f}
}

// Invalid returns a validation error for one field.
func Invalid(field, msg string) error {
	return &Error{Kind: KindInvalid, Msg: "validation failed", Fields: FieldErrors{field: msg}}
}

// Conflict returns a state-conflict error with a message.
func Conflict(format string, args ...any) error {
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf(format, args...)}
}

// Forbidden returns a permission error naming what was missing.
func Forbidden(format string, args ...any) error {
	return &Error{Kind: KindForbidden, Msg: fmt.Sprintf(format, args...)}
}

// NotFound returns a not-found error naming what was missing.
func NotFound(what string) error {
	return &Error{Kind: KindNotFound, Msg: what + " not found"}
}

// Malformed returns an error for input that cannot be parsed at all.
func Malformed(format string, args ...any) error {
	return &Error{Kind: KindMalformed, Msg: fmt.Sprintf(format, args...)}
}

// TooLarge returns an error for input over a size limit.
func TooLarge(format string, args ...any) error {
	return &Error{Kind: KindTooLarge, Msg: fmt.Sprintf(format, args...)}
}

// Unavailable says the system cannot do this now; nothing was saved.
func Unavailable(format string, args ...any) error {
	return &Error{Kind: KindUnavailable, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in the chain, or KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// FieldsOf returns the field errors in the chain, if any.
func FieldsOf(err error) FieldErrors {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// MessageOf returns the user-facing message of a classified error.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return "internal error"
}
