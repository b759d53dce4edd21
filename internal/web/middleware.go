package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the request's id.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Metrics are the Prometheus collectors for HTTP.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP collectors and the Go runtime collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cadre_http_requests_total", Help: "HTTP requests by route and status class."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "cadre_http_request_duration_seconds", Help: "HTTP request latency by route.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observe wraps the whole server: it assigns a request id, recovers panics,
// logs each request once and records metrics. route names the matched
// pattern for metrics (low cardinality).
func Observe(log *slog.Logger, m *Metrics, mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "Internal error (request "+id+")", http.StatusInternalServerError)
				}
			}
			route := "unmatched"
			if mux != nil {
				if _, pattern := mux.Handler(r); pattern != "" {
					route = pattern
				}
			}
			code := sw.status
			if code == 0 {
				code = http.StatusOK
			}
			d := time.Since(start)
			if m != nil {
				m.requests.WithLabelValues(route, strconv.Itoa(code/100)+"xx").Inc()
				m.duration.WithLabelValues(route).Observe(d.Seconds())
			}
			lvl := slog.LevelInfo
			if code >= 500 {
				lvl = slog.LevelError
			}
			if log.Enabled(r.Context(), lvl) {
				remote := ClientIP(r)
				if strings.HasPrefix(r.URL.Path, "/report") {
					remote = "" // the anonymous ER channel keeps nothing that identifies a reporter
				}
				log.Log(r.Context(), lvl, "request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", code, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "remote", remote)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// ClientIP is the peer address (Cadre does not trust forwarding headers
// unless an operator puts it behind a proxy that rewrites RemoteAddr).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return strings.TrimSpace(host)
}

// ContentSecurityPolicy is the policy on every response: scripts, styles,
// fonts and connections from this site only, no inline script or style
// (the pages carry no style attributes; htmx runs with allowEval off), no
// plugins, no framing, forms post only here.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"

// HSTSValue is the Strict-Transport-Security header: two years, with
// subdomains.
const HSTSValue = "max-age=63072000; includeSubDomains"

// SecurityHeaders sets the headers every response carries. hsts adds
// Strict-Transport-Security to every response (Cadre behind a TLS proxy,
// CADRE_BASE_URL https://…); a request that arrived over TLS to Cadre
// itself gets it either way. Over plain HTTP a browser ignores it, so it
// is never sent there.
func SecurityHeaders(hsts bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", ContentSecurityPolicy)
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if hsts || r.TLS != nil {
				h.Set("Strict-Transport-Security", HSTSValue)
			}
			next.ServeHTTP(w, r)
		})
	}
}
