// Package ui serves Cadre's HTML pages: server-rendered html/template with
// plain forms (post/redirect/get), enhanced by htmx where it helps.
package ui

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/calendar"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/compensation/equity"
	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/compensation/rewards"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/scim"
	"github.com/cadrehq/cadre/internal/sso"
	"github.com/cadrehq/cadre/internal/web"
	"github.com/cadrehq/cadre/internal/webhooks"
	"github.com/cadrehq/cadre/internal/work"
)

//go:embed templates static
var files embed.FS

// Deps are the services the pages use.
type Deps struct {
	Hiring *hiring.Service
	People *people.Service
	Access *access.Service
	Audit  *access.AuditService
	Work   *work.Service
	Tasks  *work.Tasks
	// Notifications are the in-app messages behind the bell.
	Notifications *work.Notifications
	// Delegations are approvers' stand-ins.
	Delegations *work.Delegations
	// OpenAPI returns the API's OpenAPI document (JSON) for the API
	// reference page.
	OpenAPI func() []byte
	// Jobs returns the background job client (nil when none runs).
	Jobs func() *notify.Jobs
	// Compliance manages the company's rules settings and closures.
	Compliance *compliance.Service
	// Relations runs ER cases, discipline and the anonymous channel.
	Relations *relations.Service
	// Leave determines FMLA eligibility and entitlement.
	Leave *leave.Service
	// TimeOff runs leave types, balances and requests.
	TimeOff *leave.TimeOff
	// LeaveCases runs FMLA leave cases.
	LeaveCases *leave.Cases
	// Policies runs the policy library.
	Policies *policy.Service
	// I9 keeps the Forms I-9.
	I9 *i9.Service
	// Records keeps retention, legal holds and legal matters.
	Records *records.Service
	// Payroll exports pay periods and keeps one-time payments.
	Payroll *payroll.Service
	// Structures keeps the philosophy, pay zones and salary structures.
	Structures *structure.Service
	// Market prices jobs against survey data.
	Market *market.Service
	// Merit runs merit cycles and the managers' worksheets.
	Merit *merit.Service
	// Equity is the pay equity analysis.
	Equity *equity.Service
	// Bonus designs, calculates and pays bonus plans.
	Bonus *bonus.Service
	// Benefits administers plans, enrollment, life events, COBRA and feeds.
	Benefits *benefits.Service
	// Careers runs ladders, competencies, development and credentials.
	Careers *careers.Service
	// Insights computes the executive dashboard.
	Insights *insights.Service
	// Calendar serves private calendar subscriptions.
	Calendar *calendar.Service
	Webhooks *webhooks.Service
	SSO      *sso.Service
	SCIM     *scim.Service
	// Rewards builds total rewards statements and the summary.
	Rewards *rewards.Service
	Log     *slog.Logger
	Clock   kit.Clock
	// Employer is the company name candidates and users see (the careers
	// site setting); nil in tests that build the UI alone.
	Employer func(context.Context) string
	// SecureCookies sets the Secure flag (on unless serving plain HTTP on
	// loopback for development).
	SecureCookies bool
	// DemoAccounts, when set, are shown on the sign-in page.
	DemoAccounts []DemoAccount
	// RuleSettings returns the company's defaults for the rules engine
	// (business calendar, closures, FMLA method).
	RuleSettings func(ctx context.Context) (rules.Settings, error)
}

// DemoAccount is a sign-in shown on the demo's login page.
type DemoAccount struct{ Email, Role, Description string }

// UI is the HTML front end.
type UI struct {
	Deps
	pages  map[string]*template.Template
	assets map[string]string // name → hashed URL
	static fs.FS
}

// New parses every template once and hashes the static assets.
func New(d Deps) (*UI, error) {
	u := &UI{Deps: d, pages: map[string]*template.Template{}, assets: map[string]string{}}
	st, err := fs.Sub(files, "static")
	if err != nil {
		return nil, err
	}
	u.static = st
	err = fs.WalkDir(st, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := fs.ReadFile(st, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		u.assets[p] = "/static/" + hex.EncodeToString(sum[:])[:12] + "/" + p
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := u.parse(); err != nil {
		return nil, err
	}
	return u, nil
}

func (u *UI) parse() error {
	base := template.New("").Funcs(u.funcs())
	base, err := base.ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return fmt.Errorf("parse layout: %w", err)
	}
	return fs.WalkDir(files, "templates", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || strings.HasPrefix(p, "templates/partials/") || p == "templates/layout.html" {
			return err
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(files, p); err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		u.pages[strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")] = t
		return nil
	})
}

// Asset returns the content-hashed URL of a static file.
func (u *UI) Asset(name string) string {
	if a, ok := u.assets[name]; ok {
		return a
	}
	return "/static/missing/" + name
}

// serveStatic serves /static/{hash}/{name...} with a year-long cache.
func (u *UI) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	want := u.assets[name]
	if want == "" {
		http.NotFound(w, r)
		return
	}
	if want != r.URL.Path {
		http.Redirect(w, r, want, http.StatusFound)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, u.static, path.Clean(name))
}

// handler is a page handler that may fail; errors render one place.
type handler func(w http.ResponseWriter, r *http.Request) error

type ctxKey int

const sessionKey ctxKey = iota

type sessionInfo struct {
	Session access.Session
	Actor   access.Actor
	Token   string
}

func current(r *http.Request) (sessionInfo, bool) {
	s, ok := r.Context().Value(sessionKey).(sessionInfo)
	return s, ok
}

// actor returns the signed-in actor with the request id attached.
func actor(r *http.Request) access.Actor {
	s, _ := current(r)
	a := s.Actor
	a.RequestID = web.RequestID(r.Context())
	return a
}

const cookieName = "cadre_session"

// authed resolves the session cookie; pages without one redirect to sign in.
func (u *UI) authed(next handler) http.HandlerFunc {
	return u.wrap(func(w http.ResponseWriter, r *http.Request) error {
		c, err := r.Cookie(cookieName)
		if err != nil {
			return u.toLogin(w, r)
		}
		sess, a, err := u.Access.Authenticate(r.Context(), c.Value)
		if err != nil {
			if kit.KindOf(err) == kit.KindUnauthenticated {
				u.clearCookie(w)
				return u.toLogin(w, r)
			}
			return err
		}
		if r.Method == http.MethodPost {
			if err := parseBody(w, r); err != nil {
				return err
			}
			if tok := r.PostFormValue("_csrf"); tok == "" || tok != sess.CSRFToken {
				return &kit.Error{Kind: kit.KindForbidden, Msg: "Your form expired or came from another site. Go back, reload the page and try again."}
			}
		}
		ctx := context.WithValue(r.Context(), sessionKey, sessionInfo{Session: sess, Actor: a, Token: c.Value})
		return next(w, r.WithContext(ctx))
	})
}

func (u *UI) toLogin(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = "/"
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	return nil
}

func (u *UI) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: u.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// wrap renders a handler's error as a page with the right status.
func (u *UI) wrap(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := web.Status(err)
		msg := kit.MessageOf(err)
		if status == http.StatusServiceUnavailable {
			u.Log.Error("storage unavailable", "request_id", web.RequestID(r.Context()), "path", r.URL.Path, "err", errors.Unwrap(err))
		}
		if status == http.StatusInternalServerError {
			u.Log.Error("page failed", "request_id", web.RequestID(r.Context()), "path", r.URL.Path, "err", err)
			msg = "Something went wrong on our side. The error was logged with request id " + web.RequestID(r.Context()) + "."
		}
		if errors.Is(err, context.Canceled) {
			return
		}
		page := ErrorPage{Base: u.base(r, "Error", ""), Status: status, Message: msg}
		switch status {
		case http.StatusNotFound:
			page.Title = "Not found"
			if msg == "not found" {
				page.Message = "This page does not exist, or you do not have access to it."
			}
		case http.StatusForbidden:
			page.Title = "Not allowed"
		}
		u.render(w, r, status, "error", page)
	}
}

// ErrorPage shows an error.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// render executes a page template inside the layout.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := u.pages[name]
	if !ok {
		u.Log.Error("missing template", "name", name)
		http.Error(w, "missing template "+name, http.StatusInternalServerError)
		return
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		u.Log.Error("render failed", "request_id", web.RequestID(r.Context()), "template", name, "err", err)
		http.Error(w, "Internal error rendering the page (request "+web.RequestID(r.Context())+")", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(buf.String()))
}

// redirect finishes a successful POST with a flash message.
func (u *UI) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		if s, ok := current(r); ok {
			if err := u.Access.SetFlash(r.Context(), s.Session, flash); err != nil {
				return err
			}
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (u *UI) now() time.Time { return u.Clock.Now() }

// maxPostBody bounds every form post; the largest is a 10 MB document.
const maxPostBody = 12 << 20

// parseBody parses a form or multipart post within maxPostBody.
func parseBody(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxPostBody)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return kit.TooLarge("The upload is larger than %d MB. Choose a smaller file.", maxPostBody>>20)
	}
	if err != nil {
		return kit.Malformed("The form could not be read: %v", err)
	}
	return nil
}
