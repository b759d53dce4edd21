// Package api serves the JSON API under /api/v1 with bearer tokens only.
// Operations are declared with huma, which generates the OpenAPI 3.1
// document served at /api/v1/openapi.json; errors are RFC 9457 problem
// details with one entry per bad field.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

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
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/scim"
	"github.com/cadrehq/cadre/internal/sso"
	"github.com/cadrehq/cadre/internal/web"
	"github.com/cadrehq/cadre/internal/webhooks"
	"github.com/cadrehq/cadre/internal/work"
)

// Deps are the services the API uses.
type Deps struct {
	Hiring        *hiring.Service
	People        *people.Service
	Access        *access.Service
	Audit         *access.AuditService
	Work          *work.Service
	Tasks         *work.Tasks
	Notifications *work.Notifications
	Delegations   *work.Delegations
	Compliance    *compliance.Service
	Relations     *relations.Service
	Leave         *leave.Service
	TimeOff       *leave.TimeOff
	LeaveCases    *leave.Cases
	Policies      *policy.Service
	I9            *i9.Service
	Records       *records.Service
	Payroll       *payroll.Service
	Structures    *structure.Service
	Market        *market.Service
	Merit         *merit.Service
	Equity        *equity.Service
	Bonus         *bonus.Service
	Benefits      *benefits.Service
	Careers       *careers.Service
	Insights      *insights.Service
	Calendar      *calendar.Service
	Webhooks      *webhooks.Service
	SSO           *sso.Service
	SCIM          *scim.Service
	Rewards       *rewards.Service
	// Employer is the company's name (on exported reports).
	Employer func(context.Context) string
	Log      *slog.Logger
	Version  string
}

// API is the JSON API.
type API struct {
	Deps
	limiter *kit.RateLimiter // per-token request caps
	doc     *huma.OpenAPI    // set by Routes
	docOnce sync.Once
	docJSON []byte
}

// OpenAPIJSON returns the OpenAPI document Routes built, as served at
// /api/v1/openapi.json (the UI's API reference renders it).
func (a *API) OpenAPIJSON() []byte {
	a.docOnce.Do(func() {
		if a.doc != nil {
			a.docJSON, _ = json.Marshal(a.doc)
		}
	})
	return a.docJSON
}

// timeNow is the wall clock for defaults such as date ranges.
func timeNow() time.Time { return time.Now().UTC() }

// New builds the API.
func New(d Deps) *API { return &API{Deps: d, limiter: kit.NewRateLimiter()} }

// FieldError is one invalid field.
type FieldError struct {
	Field   string `json:"field" doc:"The field, as named in the request (nested fields use dots, list items [i])"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string       `json:"type" doc:"A URI reference for the problem type; about:blank when the status says it all"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors" doc:"One entry per invalid field (empty when the problem is not about fields)"`
}

func (p *Problem) Error() string  { return p.Detail }
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes problems application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

func newProblem(status int, detail string, errs []FieldError) *Problem {
	if errs == nil {
		errs = []FieldError{}
	}
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Errors: errs}
}

// hugaError converts huma's own errors (validation, malformed bodies) into
// problems with field names.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	var fields []FieldError
	for _, e := range errs {
		if e == nil {
			continue
		}
		if d, ok := e.(huma.ErrorDetailer); ok {
			det := d.ErrorDetail()
			field := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(det.Location, "body"), "."), "query."), "path.")
			m := det.Message
			var prop string
			if _, err := fmt.Sscanf(m, "expected required property %s to be present", &prop); err == nil {
				if field != "" {
					field += "."
				}
				field += prop
				m = "is required"
			}
			if field == "" {
				field = "body"
			}
			fields = append(fields, FieldError{Field: field, Message: m})
			continue
		}
		fields = append(fields, FieldError{Field: "body", Message: e.Error()})
	}
	if status == http.StatusUnprocessableEntity && msg == "" {
		msg = "validation failed"
	}
	return newProblem(status, msg, fields)
}

// fail maps a domain error to a problem.
func (a *API) fail(ctx context.Context, err error) error {
	status := web.Status(err)
	if status == http.StatusInternalServerError {
		a.Log.Error("api failed", "request_id", web.RequestID(ctx), "err", err)
		return newProblem(status, "Internal error; it was logged with request id "+web.RequestID(ctx), nil)
	}
	if status == http.StatusServiceUnavailable {
		a.Log.Error("storage unavailable", "request_id", web.RequestID(ctx), "err", errors.Unwrap(err))
	}
	var fields []FieldError
	fe := kit.FieldsOf(err)
	for _, k := range fe.Sorted() {
		fields = append(fields, FieldError{Field: k, Message: fe[k]})
	}
	return newProblem(status, kit.MessageOf(err), fields)
}

type ctxKey int

const actorKey ctxKey = iota

// actor returns the token's actor with the request id.
func actor(ctx context.Context) access.Actor {
	a, _ := ctx.Value(actorKey).(access.Actor)
	a.RequestID = web.RequestID(ctx)
	return a
}

// schemaPrefixes prefix the types of domain packages whose names would
// collide with others' ("Plan" → "BenefitPlan", "Page[benefits.Plan]" →
// "PageBenefitPlan", "Person" → "CareerPerson").
var schemaPrefixes = map[string]string{
	"github.com/cadrehq/cadre/internal/benefits": "Benefit",
	"github.com/cadrehq/cadre/internal/careers":  "Career",
	"github.com/cadrehq/cadre/internal/insights": "Insight",
}

// schemaNamer is huma's default namer with schemaPrefixes applied.
func schemaNamer(t reflect.Type, hint string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if prefix, ok := schemaPrefixes[t.PkgPath()]; ok && !strings.HasPrefix(t.Name(), prefix) {
		return prefix + huma.DefaultSchemaNamer(t, hint)
	}
	name := t.Name()
	found := false
	for pkg := range schemaPrefixes {
		found = found || strings.Contains(name, pkg+".")
	}
	if !found {
		return huma.DefaultSchemaNamer(t, hint)
	}
	var b strings.Builder
	for _, part := range strings.FieldsFunc(strings.ReplaceAll(name, "[]", "List["), func(r rune) bool { return r == '[' || r == ']' || r == '*' || r == ',' }) {
		dot := strings.LastIndex(part, ".")
		base := part[dot+1:]
		if dot > 0 {
			if prefix, ok := schemaPrefixes[part[:dot]]; ok && !strings.HasPrefix(base, prefix) {
				base = prefix + base
			}
		}
		if base != "" {
			b.WriteString(strings.ToUpper(base[:1]) + base[1:])
		}
	}
	return b.String()
}

// apiDate is how a date.Date appears in the OpenAPI document: a string in
// YYYY-MM-DD form, or empty for no date (as the API has always taken it),
// so clients know the form and a bad date is refused with the field's
// name before the use case runs.
type apiDate string

// Schema implements huma.SchemaProvider.
func (apiDate) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: `^(\d{4}-\d{2}-\d{2})?$`, PatternDescription: "a date, YYYY-MM-DD",
		Description: "A date, YYYY-MM-DD; empty for none", Examples: []any{"2026-12-01"}}
}

// Routes registers the API on mux under /api/v1.
func (a *API) Routes(mux *http.ServeMux) {
	huma.NewError = humaError
	cfg := huma.DefaultConfig("Cadre API", a.Version)
	cfg.CreateHooks = nil
	cfg.DocsPath = ""
	cfg.SchemasPath = ""
	cfg.FieldsOptionalByDefault = true
	cfg.Info.Description = "The Cadre HR API. Authenticate with `Authorization: Bearer TOKEN` (create tokens in the UI under Settings → API tokens, or with `cadre token create`). Errors are RFC 9457 problem details."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{"bearer": {Type: "http", Scheme: "bearer"}}
	cfg.Security = []map[string][]string{{"bearer": {}}}
	cfg.Servers = []*huma.Server{{URL: "/api/v1"}}
	// The benefits domain's types share names with others (Plan,
	// Settings…): their schemas are prefixed with Benefit.
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaNamer)
	cfg.Components.Schemas.RegisterTypeAlias(reflect.TypeOf(date.Date{}), reflect.TypeOf(apiDate("")))
	h := humago.NewWithPrefix(mux, "/api/v1", cfg)
	a.doc = h.OpenAPI()
	h.UseMiddleware(a.authenticate(h))
	a.registerMe(h)
	a.registerReference(h)
	a.registerEmployees(h)
	a.registerRecords(h)
	a.registerPayroll(h)
	a.registerStructures(h)
	a.registerMarket(h)
	a.registerMerit(h)
	a.registerEquity(h)
	a.registerBonus(h)
	a.registerBenefits(h)
	a.registerCareers(h)
	a.registerInsights(h)
	a.registerForecastInsights(h)
	a.registerInsightFiles(h)
	a.registerReports(h)
	a.registerCalendar(h)
	a.registerWebhooks(h)
	a.registerSSO(h)
	a.registerSCIM(h)
	a.registerRewards(h)
	a.registerAdmin(h)
	a.registerRules(h)
	a.registerSettings(h)
	a.registerTasks(h)
	a.registerInquiries(h)
	a.registerNotifications(h)
	a.registerApprovalRules(h)
	a.registerApprovalChains(h)
	a.registerHiring(h)
	a.registerPostings(h)
	a.registerPipeline(h)
	a.registerRequirements(h)
	a.registerOffers(h)
	a.registerInterviews(h)
	a.registerRecruitingMetrics(h)
	a.registerPipelines(h)
	a.registerATS(h)
	a.registerPrivacy(h)
	a.registerSourcing(h)
	a.registerJobDescriptions(h)
	a.registerPhoneScreens(h)
	a.registerInterviewPlans(h)
	a.registerForecast(h)
	a.registerSLA(h)
	a.registerPreferences(h)
	a.registerRelations(h)
	a.registerLeave(h)
	a.registerTimeOff(h)
	a.registerLeaveCases(h)
	a.registerPolicies(h)
	a.registerEEO1(h)
	a.registerLegislation(h)
	a.registerI9(h)
	a.registerRetention(h)
	// Unknown API paths get a problem, not the UI's HTML 404.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Not Found","status":404,"detail":"no such API route","errors":[]}`))
	})
}

func (a *API) authenticate(h huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		auth := ctx.Header("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || tok == "" {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="cadre"`)
			_ = huma.WriteErr(h, ctx, http.StatusUnauthorized, "a bearer token is required (Authorization: Bearer TOKEN)")
			return
		}
		act, err := a.Access.AuthenticateToken(ctx.Context(), strings.TrimSpace(tok))
		if err != nil {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="cadre", error="invalid_token"`)
			if kit.KindOf(err) == kit.KindUnauthenticated {
				_ = huma.WriteErr(h, ctx, http.StatusUnauthorized, "the token is invalid, expired or revoked")
			} else {
				a.Log.Error("token auth", "err", err)
				_ = huma.WriteErr(h, ctx, http.StatusInternalServerError, "internal error")
			}
			return
		}
		if act.RateLimit > 0 {
			d := a.limiter.Allow(act.TokenID, act.RateLimit, time.Now())
			ctx.SetHeader("RateLimit-Limit", strconv.Itoa(d.Limit))
			ctx.SetHeader("RateLimit-Remaining", strconv.Itoa(d.Remaining))
			ctx.SetHeader("RateLimit-Reset", strconv.Itoa(ceilSeconds(d.Reset)))
			if !d.Allowed {
				ctx.SetHeader("Retry-After", strconv.Itoa(ceilSeconds(d.RetryAfter)))
				_ = huma.WriteErr(h, ctx, http.StatusTooManyRequests, fmt.Sprintf("this token is limited to %d requests a minute; retry after %d seconds", d.Limit, ceilSeconds(d.RetryAfter)))
				return
			}
		}
		next(huma.WithValue(ctx, actorKey, act))
	}
}

// ceilSeconds rounds a wait up to whole seconds, as HTTP headers count.
func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// Page is the list envelope.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// op builds an operation with the conventional errors documented.
func op(id, method, path, summary, tag string, perm access.Permission) huma.Operation {
	if perm == "" {
		return opAny(id, method, path, summary, tag)
	}
	return opAny(id, method, path, summary, tag, perm)
}

// PermissionsExtension is the OpenAPI extension that lists the
// permissions an operation accepts (any one of them): the API reference
// and the authorization matrix test read it.
const PermissionsExtension = "x-cadre-permissions"

// opAny is op for a use case that accepts any one of several permissions.
// With none, the use case decides by ownership (the caller's own records,
// or the records routed to them).
func opAny(id, method, path, summary, tag string, perms ...access.Permission) huma.Operation {
	o := huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Tags: []string{tag},
		Errors: []int{400, 401, 403, 404, 409, 413, 422, 429, 503}, MaxBodyBytes: 1 << 20}
	if len(perms) == 0 {
		return o
	}
	names := make([]string, len(perms))
	for i, p := range perms {
		names[i] = "`" + string(p) + "`"
	}
	o.Description = "Requires permission " + strings.Join(names, " or ") + "."
	o.Extensions = map[string]any{PermissionsExtension: perms}
	return o
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
