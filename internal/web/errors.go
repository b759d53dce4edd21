// Package web holds the HTTP pieces both the UI and the API share: error
// kinds to statuses, request ids, logging, recovery and metrics.
package web

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/kit"
)

// Status maps an error to its HTTP status in one place.
func Status(err error) int {
	switch kit.KindOf(err) {
	case kit.KindInvalid:
		return http.StatusUnprocessableEntity
	case kit.KindNotFound:
		return http.StatusNotFound
	case kit.KindForbidden:
		return http.StatusForbidden
	case kit.KindConflict:
		return http.StatusConflict
	case kit.KindUnauthenticated:
		return http.StatusUnauthorized
	case kit.KindRateLimited:
		return http.StatusTooManyRequests
	case kit.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case kit.KindMalformed:
		return http.StatusBadRequest
	case kit.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
