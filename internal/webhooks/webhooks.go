// Package webhooks sends Cadre's events to other systems over HTTPS.
//
// Events come from the audit log: every change Cadre makes writes its
// audit entry in the change's own transaction, so an event exists exactly
// when its change committed. A dispatcher (a periodic job run by one
// instance) reads the entries after its cursor, turns the ones that are
// events into webhook_events with their payloads and queues one delivery
// per matching subscription, all in one transaction that also moves the
// cursor. Audit entries commit in id order (appends are serialised by the
// audit chain's lock), so a cursor never skips an entry that commits late.
//
// Each delivery is a job: it POSTs the event signed with HMAC-SHA256 over
// "timestamp.body" and retries with backoff on failure or a non-2xx
// answer, recording every attempt. A delivery can be replayed; a secret
// can be rotated, the previous one still signing for 24 hours.
package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EventType is one kind of event a subscription can receive.
type EventType struct {
	Key, Label, About string
	// Actions are the audit actions that raise it.
	Actions []string
}

// Ping is the test event one sends from a subscription's page.
const Ping = "ping"

// Events lists the event types. Payloads carry directory-level data and
// metadata only: never pay, SSN, medical reasons or a case's substance.
var Events = []EventType{
	{Key: "employee.hired", Label: "Employee hired", About: "A hire or rehire (by HR, an accepted offer or an import): the employee's directory record.", Actions: []string{"employee.hire", "employee.rehire"}},
	{Key: "employee.changed", Label: "Employee changed", About: "The core record, job, org unit, location or manager changed: the employee's directory record as it is now.", Actions: []string{"employee.update", "employee.job_change"}},
	{Key: "employee.terminated", Label: "Employee terminated", About: "A termination was approved: the directory record and the last day (no reason).", Actions: []string{"employee.terminate"}},
	{Key: "requisition.approved", Label: "Requisition approved", About: "A requisition's approval chain approved it: number, title, job, org unit, location, headcount, target start (no salary range).", Actions: []string{"hiring.requisition_approve"}},
	{Key: "offer.accepted", Label: "Offer accepted", About: "A candidate signed an offer: the candidate's name, the requisition, job and start date (no pay).", Actions: []string{"hiring.offer_accepted"}},
	{Key: "case.opened", Label: "ER case opened", About: "An employee-relations case was opened: its id, channel, org unit and time only (no category, parties or details).", Actions: []string{"er_case.open"}},
	{Key: "time_off.approved", Label: "Time off approved", About: "A time-off request was approved: the employee and the dates (no leave type).", Actions: []string{"leave.request_approved"}},
	{Key: "payroll.exported", Label: "Pay period exported", About: "A pay period was exported to payroll: the export's id, period and counts (no pay; payroll file feeds carry the file).", Actions: []string{"payroll.export"}},
	{Key: "leave.approved", Label: "Leave approved", About: "A leave case was designated as protected leave (directly or through its approval chain): the employee and the dates (no reason).", Actions: []string{"leave.designation", "leave.designation_approved"}},
}

// EventKeys lists the event types' keys.
func EventKeys() []string {
	out := make([]string, len(Events))
	for i, e := range Events {
		out[i] = e.Key
	}
	return out
}

// actionEvents maps an audit action to its event type.
var actionEvents = func() map[string]string {
	m := map[string]string{}
	for _, e := range Events {
		for _, a := range e.Actions {
			m[a] = e.Key
		}
	}
	return m
}()

// Actions lists every audit action that raises an event.
func Actions() []string {
	out := make([]string, 0, len(actionEvents))
	for a := range actionEvents {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Delivery states.
const (
	StatusPending   = "pending"   // queued, not yet tried
	StatusRetrying  = "retrying"  // failed at least once; another attempt is queued
	StatusDelivered = "delivered" // a 2xx answer
	StatusFailed    = "failed"    // every attempt failed
	StatusCancelled = "cancelled" // the subscription was paused or deleted first
)

// MaxAttempts bounds a delivery's attempts: about 11 hours with Backoff.
const MaxAttempts = 8

// Backoff is the wait before attempt n+1 after attempt n failed.
func Backoff(n int) time.Duration {
	steps := []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour}
	if n < 1 {
		n = 1
	}
	if n > len(steps) {
		return steps[len(steps)-1]
	}
	return steps[n-1]
}

// RotationOverlap is how long the previous secret keeps signing after a
// rotation, so receivers can switch without losing events.
const RotationOverlap = 24 * time.Hour

// Subscription is an endpoint and the events it receives.
type Subscription struct {
	ID            int64
	Name          string
	URL           string
	Events        []string
	Active        bool
	Secret        []byte // sealed
	Previous      []byte // sealed; signs too until PreviousUntil
	PreviousUntil time.Time
	FromAuditID   int64
	// Kind is KindEvents (a webhook) or a file feed; a feed runs as its
	// owner (CreatedBy).
	Kind       string
	Template   string    // payroll feeds: the payroll provider template
	Frequency  string    // directory feeds: daily or weekly
	Weekday    int       // weekly directory feeds: 0 Sunday … 6 Saturday
	LastSentOn date.Date // directory feeds: the last day one was queued
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Read-only summary for lists.
	Delivered, Failing int
	LastDelivery       time.Time
}

// Wants reports whether the subscription receives event type t.
func (s Subscription) Wants(t string) bool {
	return s.Active && s.Kind == KindEvents && slices.Contains(s.Events, t)
}

// Subscription kinds.
const (
	KindEvents    = "events"         // a webhook of event types
	KindPayroll   = "payroll_file"   // the payroll file after each export
	KindDirectory = "directory_file" // the directory, daily or weekly
)

// File event types: a feed's delivery, whose file is rendered when it is
// sent (as the feed's owner, with their permissions that day).
const (
	TypePayrollFile   = "payroll.file"
	TypeDirectoryFile = "directory.file"
)

// Feeds renders the files of feeds, as their owner.
type Feeds interface {
	// PayrollFile is an export's payroll file through a template.
	PayrollFile(ctx context.Context, ownerID, exportID int64, template string) (name string, data []byte, err error)
	// DirectoryFile is the directory the owner may export, as CSV.
	DirectoryFile(ctx context.Context, ownerID int64) (name string, data []byte, err error)
}

// Event is one event, its payload frozen when it was raised.
type Event struct {
	ID         int64
	AuditID    int64
	Type       string
	ObjectType string
	ObjectID   int64
	OccurredAt time.Time
	Payload    []byte // the JSON body sent
}

// Delivery is one event to one subscription.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	EventID        int64
	EventType      string
	Status         string
	Attempts       int
	ResponseCode   int
	Error          string
	ResponseBody   string
	DurationMS     int
	NextAttemptAt  time.Time
	LastAttemptAt  time.Time
	DeliveredAt    time.Time
	ReplayOf       int64
	CreatedBy      int64
	CreatedAt      time.Time
	Payload        []byte
}

// Attempt is one try of a delivery.
type Attempt struct {
	DeliveryID int64
	N          int
	At         time.Time
	StatusCode int
	Error      string
	DurationMS int
}

// AuditRow is an audit entry the dispatcher reads.
type AuditRow struct {
	ID         int64
	At         time.Time
	Action     string
	ObjectType string
	ObjectID   int64
}

// DeliveryFilter narrows the delivery log.
type DeliveryFilter struct {
	SubscriptionID int64
	Status         string
	Before         int64 // keyset: deliveries with a smaller id
	Limit          int
}

// Store is what webhooks needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	WebhookSubscriptions(ctx context.Context) ([]Subscription, error)
	WebhookSubscription(ctx context.Context, id int64) (Subscription, error)
	InsertWebhookSubscription(ctx context.Context, s Subscription) (int64, error)
	UpdateWebhookSubscription(ctx context.Context, s Subscription) error
	DeleteWebhookSubscription(ctx context.Context, id int64) error
	LastAuditID(ctx context.Context) (int64, error)
	// WebhookCursor locks the cursor for the transaction and reads it.
	WebhookCursor(ctx context.Context) (int64, error)
	// MoveWebhookCursor sets the cursor to to if it is still from; false
	// when another dispatcher moved it first.
	MoveWebhookCursor(ctx context.Context, from, to int64) (bool, error)
	// AuditForWebhooks returns up to limit entries after id with one of
	// actions, and the highest id it looked at (the new cursor).
	AuditForWebhooks(ctx context.Context, after int64, actions []string, limit int) ([]AuditRow, int64, error)
	// WebhookData is the payload's data for an event on an object, read
	// now (directory-level fields only).
	WebhookData(ctx context.Context, eventType, objectType string, objectID int64) (map[string]any, error)
	InsertWebhookEvent(ctx context.Context, e Event) (int64, error)
	// SetWebhookEventPayload stores the body once the event has its id
	// (which the body carries).
	SetWebhookEventPayload(ctx context.Context, id int64, payload []byte) error
	// InsertWebhookDelivery stores a delivery and queues its job in the
	// same transaction.
	InsertWebhookDelivery(ctx context.Context, d Delivery) (int64, error)
	WebhookDelivery(ctx context.Context, id int64) (Delivery, error)
	WebhookDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)
	RecordWebhookAttempt(ctx context.Context, d Delivery, a Attempt) error
	WebhookAttempts(ctx context.Context, deliveryID int64) ([]Attempt, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
}

// Service manages subscriptions and dispatches and delivers events.
type Service struct {
	store  Store
	clock  kit.Clock
	sealer *kit.Sealer
	// Send posts a delivery; Deliver's HTTP client. Replaced in tests of
	// the domain only.
	send func(ctx context.Context, url string, headers map[string]string, body []byte) (int, string, error)
	// Version goes in the User-Agent.
	Version string
	// AllowPrivate lets endpoints be on this machine or the internal
	// network (development and tests only).
	AllowPrivate bool
	feeds        Feeds
}

// NewService builds the service; secrets are sealed with sealer.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer) *Service {
	s := &Service{store: st, clock: clock, sealer: sealer}
	s.send = s.post
	return s
}

// Input is what a subscription is made or changed from.
type Input struct {
	Name   string
	URL    string
	Events []string
	Active bool
	// Feeds.
	Kind      string
	Template  string
	Frequency string
	Weekday   int
}

func (in *Input) validate(allowPrivate bool) error {
	f := kit.FieldErrors{}
	if in.Kind == "" {
		in.Kind = KindEvents
	}
	switch in.Kind {
	case KindEvents:
	case KindPayroll:
		in.Events, in.Frequency = []string{TypePayrollFile}, ""
		if in.Template = strings.TrimSpace(in.Template); in.Template == "" {
			in.Template = "generic"
		}
	case KindDirectory:
		in.Events, in.Template = []string{TypeDirectoryFile}, ""
		if in.Frequency != "daily" && in.Frequency != "weekly" {
			f.Add("frequency", "Choose daily or weekly")
		}
		if in.Weekday < 0 || in.Weekday > 6 {
			f.Add("weekday", "Choose a day of the week")
		}
	default:
		f.Add("kind", "Choose events, payroll_file or directory_file")
	}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		f.Add("name", "Name the endpoint, e.g. “Directory sync”")
	case len(in.Name) > 100:
		f.Add("name", "Use at most 100 characters")
	}
	in.URL = strings.TrimSpace(in.URL)
	if msg := checkURL(in.URL, allowPrivate); msg != "" {
		f.Add("url", msg)
	}
	if in.Kind != KindEvents {
		return f.Err()
	}
	var evs []string
	for _, e := range in.Events {
		e = strings.TrimSpace(e)
		if e == "" || slices.Contains(evs, e) {
			continue
		}
		if !slices.Contains(EventKeys(), e) {
			f.Add("events", "Unknown event "+e+"; choose from "+strings.Join(EventKeys(), ", "))
			continue
		}
		evs = append(evs, e)
	}
	if len(evs) == 0 && !f.Has("events") {
		f.Add("events", "Choose at least one event")
	}
	slices.SortFunc(evs, func(a, b string) int { return slices.Index(EventKeys(), a) - slices.Index(EventKeys(), b) })
	in.Events = evs
	return f.Err()
}

// checkURL accepts https URLs to public hosts. Event payloads name
// employees, so they never travel in clear text; and an endpoint on the
// internal network (loopback, private, link-local addresses) would let
// whoever sets one up probe it, so those are refused here when written
// as addresses and again when connecting (names resolving to them).
// allowPrivate (CADRE_WEBHOOKS_ALLOW_PRIVATE=1, for development and
// tests) lifts both and allows plain http to this machine.
func checkURL(raw string, allowPrivate bool) string {
	if raw == "" {
		return "Enter the endpoint's URL, e.g. https://hooks.example.com/cadre"
	}
	if len(raw) > 2000 {
		return "Use at most 2,000 characters"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "Enter a full URL starting with https://"
	}
	if u.User != nil {
		return "Put credentials in the signature, not the URL"
	}
	if u.Fragment != "" {
		return "Remove the #fragment"
	}
	if u.Scheme == "http" && !(allowPrivate && loopback(u.Hostname())) {
		return "Use https://"
	}
	if !allowPrivate {
		if u.Hostname() == "localhost" || strings.HasSuffix(u.Hostname(), ".localhost") {
			return "Use a public address: Cadre does not send to this machine"
		}
		if ip := net.ParseIP(u.Hostname()); ip != nil && !publicIP(ip) {
			return "Use a public address: Cadre does not send to internal networks"
		}
	}
	return ""
}

// publicIP reports whether ip is routable on the internet.
func publicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() ||
		ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || (ip.To4() != nil && ip.To4()[0] == 100 && ip.To4()[1]&0xC0 == 64)) // 100.64/10, carrier-grade NAT
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// require checks the permission a kind of subscription needs: webhooks
// are the administrator's; a payroll file feed needs payroll.export over
// the whole company; a directory feed, people.export.
func (s *Service) require(a access.Actor, kind ...string) error {
	k := KindEvents
	if len(kind) > 0 && kind[0] != "" {
		k = kind[0]
	}
	switch k {
	case KindPayroll:
		if _, whole := access.ScopePaths(a, access.PayrollExport); !whole {
			return kit.Forbidden("a payroll file feed needs permission %q over the whole company", string(access.PayrollExport))
		}
		return nil
	case KindDirectory:
		if !access.CanAnywhere(a, access.EmployeeExport) {
			return kit.Forbidden("a directory feed needs permission %q", string(access.EmployeeExport))
		}
		return nil
	}
	return access.Require(a, access.IntegrationsManage, access.CompanyTarget)
}

// mine loads a subscription the actor may manage (KindNotFound
// otherwise): a webhook, for administrators; a feed, for its owner only,
// who must still hold its kind's permission (a feed sends what its
// owner may export, so nobody else may point it elsewhere).
func (s *Service) mine(ctx context.Context, st Store, a access.Actor, id int64) (Subscription, error) {
	sub, err := st.WebhookSubscription(ctx, id)
	if err != nil {
		return sub, err
	}
	if s.require(a, sub.Kind) != nil || (sub.Kind != KindEvents && sub.CreatedBy != a.UserID) {
		return Subscription{}, kit.NotFound("webhook")
	}
	return sub, nil
}

// SetFeeds installs what renders the feeds' files.
func (s *Service) SetFeeds(f Feeds) { s.feeds = f }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action string, id int64, summary string) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: "webhook", ObjectID: id, Summary: summary, RequestID: a.RequestID})
}

func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// List returns every subscription with its delivery counts.
func (s *Service) List(ctx context.Context, a access.Actor) ([]Subscription, error) {
	return s.list(ctx, a, KindEvents)
}

// Feeds lists the actor's own file feeds. Errors: KindForbidden when
// they may manage none.
func (s *Service) Feeds(ctx context.Context, a access.Actor) ([]Subscription, error) {
	if s.require(a, KindPayroll) != nil && s.require(a, KindDirectory) != nil {
		return nil, kit.Forbidden("export feeds need permission %q or %q", string(access.PayrollExport), string(access.EmployeeExport))
	}
	return s.list(ctx, a, KindPayroll, KindDirectory)
}

func (s *Service) list(ctx context.Context, a access.Actor, kinds ...string) ([]Subscription, error) {
	if len(kinds) == 1 {
		if err := s.require(a, kinds[0]); err != nil {
			return nil, err
		}
	}
	all, err := s.store.WebhookSubscriptions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Subscription
	for _, sub := range all {
		if slices.Contains(kinds, sub.Kind) && s.require(a, sub.Kind) == nil && (sub.Kind == KindEvents || sub.CreatedBy == a.UserID) {
			out = append(out, sub)
		}
	}
	return out, nil
}

// Get returns one subscription. Errors: KindNotFound.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Subscription, error) {
	return s.mine(ctx, s.store, a, id)
}

// Create adds a subscription and returns its signing secret, shown once.
// It receives events that happen from now on. Errors: KindInvalid,
// KindForbidden.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Subscription, string, error) {
	if err := s.require(a, in.Kind); err != nil {
		return Subscription{}, "", err
	}
	if a.Scopes != nil {
		// What it sends later goes out with its owner's full permissions,
		// not a token's scopes: only a signed-in user or an unscoped token
		// may set one up.
		return Subscription{}, "", kit.Forbidden("a scoped API token cannot add webhooks or export feeds")
	}
	in.Active = true
	if err := in.validate(s.AllowPrivate); err != nil {
		return Subscription{}, "", err
	}
	secret := newSecret()
	sealed, err := s.sealer.Seal([]byte(secret))
	if err != nil {
		return Subscription{}, "", err
	}
	now := s.clock.Now()
	sub := Subscription{Name: in.Name, URL: in.URL, Events: in.Events, Active: true, Secret: sealed, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now,
		Kind: in.Kind, Template: in.Template, Frequency: in.Frequency, Weekday: in.Weekday}
	err = s.store.InTx(ctx, func(st Store) error {
		var err error
		if sub.FromAuditID, err = st.LastAuditID(ctx); err != nil {
			return err
		}
		if sub.ID, err = st.InsertWebhookSubscription(ctx, sub); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.create", sub.ID, fmt.Sprintf("Added webhook %s → %s (%s)", sub.Name, sub.URL, strings.Join(sub.Events, ", ")))
	})
	return sub, secret, err
}

// Update changes a subscription's name, URL, events and whether it is
// active. Errors: KindInvalid, KindNotFound.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Subscription, error) {
	var sub Subscription
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if sub, err = s.mine(ctx, st, a, id); err != nil {
			return err
		}
		in.Kind = sub.Kind // a subscription keeps its kind
		if sub.Kind == KindPayroll && in.Template == "" {
			in.Template = sub.Template
		}
		if sub.Kind == KindDirectory && in.Frequency == "" {
			in.Frequency, in.Weekday = sub.Frequency, sub.Weekday
		}
		if err := in.validate(s.AllowPrivate); err != nil {
			return err
		}
		before := fmt.Sprintf("%s → %s (%s), active %t", sub.Name, sub.URL, strings.Join(sub.Events, ", "), sub.Active)
		if in.Active && !sub.Active {
			// Resumed: what happened while paused is not sent.
			if sub.FromAuditID, err = st.LastAuditID(ctx); err != nil {
				return err
			}
		}
		sub.Name, sub.URL, sub.Events, sub.Active, sub.UpdatedAt = in.Name, in.URL, in.Events, in.Active, s.clock.Now()
		sub.Template, sub.Frequency, sub.Weekday = in.Template, in.Frequency, in.Weekday
		if err := st.UpdateWebhookSubscription(ctx, sub); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.update", id, fmt.Sprintf("Changed webhook from %s to %s → %s (%s), active %t", before, sub.Name, sub.URL, strings.Join(sub.Events, ", "), sub.Active))
	})
	return sub, err
}

// Delete removes a subscription and its delivery log. Errors:
// KindNotFound.
func (s *Service) Delete(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		sub, err := s.mine(ctx, st, a, id)
		if err != nil {
			return err
		}
		if err := st.DeleteWebhookSubscription(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.delete", id, "Deleted webhook "+sub.Name+" → "+sub.URL)
	})
}

// RotateSecret gives the subscription a new secret, returned once; the
// previous one keeps signing (a second signature) for RotationOverlap.
func (s *Service) RotateSecret(ctx context.Context, a access.Actor, id int64) (string, error) {
	secret := newSecret()
	sealed, err := s.sealer.Seal([]byte(secret))
	if err != nil {
		return "", err
	}
	err = s.store.InTx(ctx, func(st Store) error {
		sub, err := s.mine(ctx, st, a, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		sub.Previous, sub.PreviousUntil, sub.Secret, sub.UpdatedAt = sub.Secret, now.Add(RotationOverlap), sealed, now
		if err := st.UpdateWebhookSubscription(ctx, sub); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.rotate_secret", id, "Rotated the signing secret of webhook "+sub.Name+"; the previous one signs too until "+sub.PreviousUntil.UTC().Format(time.RFC3339))
	})
	return secret, err
}

// Deliveries returns a subscription's delivery log, newest first.
func (s *Service) Deliveries(ctx context.Context, a access.Actor, f DeliveryFilter) ([]Delivery, error) {
	if _, err := s.mine(ctx, s.store, a, f.SubscriptionID); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains([]string{StatusPending, StatusRetrying, StatusDelivered, StatusFailed, StatusCancelled}, f.Status) {
		return nil, kit.Invalid("status", "Use pending, retrying, delivered, failed or cancelled")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return s.store.WebhookDeliveries(ctx, f)
}

// Delivery returns one delivery with its payload and attempts.
func (s *Service) Delivery(ctx context.Context, a access.Actor, id int64) (Delivery, []Attempt, error) {
	d, err := s.store.WebhookDelivery(ctx, id)
	if err != nil {
		return d, nil, err
	}
	if _, err := s.mine(ctx, s.store, a, d.SubscriptionID); err != nil {
		return Delivery{}, nil, kit.NotFound("delivery")
	}
	at, err := s.store.WebhookAttempts(ctx, id)
	return d, at, err
}

// Replay sends a delivery's event again to its subscription, as a new
// delivery (the original's log stays). Errors: KindNotFound,
// KindConflict (the subscription is paused).
func (s *Service) Replay(ctx context.Context, a access.Actor, id int64) (int64, error) {
	var newID int64
	err := s.store.InTx(ctx, func(st Store) error {
		d, err := st.WebhookDelivery(ctx, id)
		if err != nil {
			return err
		}
		sub, err := s.mine(ctx, st, a, d.SubscriptionID)
		if err != nil {
			return kit.NotFound("delivery")
		}
		if !sub.Active {
			return kit.Conflict("the webhook is paused; resume it to replay")
		}
		now := s.clock.Now()
		if newID, err = st.InsertWebhookDelivery(ctx, Delivery{SubscriptionID: d.SubscriptionID, EventID: d.EventID, Status: StatusPending, ReplayOf: d.ID, CreatedBy: a.UserID, CreatedAt: now, NextAttemptAt: now}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.replay", sub.ID, fmt.Sprintf("Replayed delivery %d (%s) to %s as delivery %d", d.ID, d.EventType, sub.Name, newID))
	})
	return newID, err
}

// SendPing queues a ping event to the subscription. Errors: KindNotFound,
// KindConflict (paused).
func (s *Service) SendPing(ctx context.Context, a access.Actor, id int64) (int64, error) {
	var newID int64
	err := s.store.InTx(ctx, func(st Store) error {
		sub, err := s.mine(ctx, st, a, id)
		if err != nil {
			return err
		}
		if !sub.Active {
			return kit.Conflict("the webhook is paused; resume it to send a test")
		}
		now := s.clock.Now()
		ev := Event{Type: Ping, ObjectType: "webhook", ObjectID: id, OccurredAt: now}
		ev.ID, err = st.InsertWebhookEvent(ctx, ev)
		if err != nil {
			return err
		}
		if ev.Payload, err = envelope(ev, map[string]any{"webhook": map[string]any{"id": sub.ID, "name": sub.Name}, "message": "A test event from Cadre"}); err != nil {
			return err
		}
		if err := updatePayload(ctx, st, &ev); err != nil {
			return err
		}
		if newID, err = st.InsertWebhookDelivery(ctx, Delivery{SubscriptionID: id, EventID: ev.ID, Status: StatusPending, CreatedBy: a.UserID, CreatedAt: now, NextAttemptAt: now}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "webhook.ping", id, "Sent a test event to webhook "+sub.Name)
	})
	return newID, err
}

func updatePayload(ctx context.Context, st Store, ev *Event) error {
	return st.SetWebhookEventPayload(ctx, ev.ID, ev.Payload)
}

// envelope is the JSON body: {id, type, occurred_at, data}.
func envelope(ev Event, data map[string]any) ([]byte, error) {
	return json.Marshal(struct {
		ID         string         `json:"id"`
		Type       string         `json:"type"`
		OccurredAt string         `json:"occurred_at"`
		Data       map[string]any `json:"data"`
	}{"evt_" + strconv.FormatInt(ev.ID, 10), ev.Type, ev.OccurredAt.UTC().Format(time.RFC3339), data})
}

// Dispatch turns the audit entries after the cursor into events and
// queues their deliveries, in batches, until it has caught up. It
// returns how many deliveries it queued. Safe to run on several
// instances at once: the cursor moves only from where a run read it.
func (s *Service) Dispatch(ctx context.Context) (int, error) {
	total := 0
	for {
		n, more, err := s.dispatchBatch(ctx, 500)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

func (s *Service) dispatchBatch(ctx context.Context, limit int) (int, bool, error) {
	queued, more := 0, false
	err := s.store.InTx(ctx, func(st Store) error {
		queued, more = 0, false
		from, err := st.WebhookCursor(ctx)
		if err != nil {
			return err
		}
		rows, to, err := st.AuditForWebhooks(ctx, from, Actions(), limit)
		if err != nil || to <= from {
			return err
		}
		more = len(rows) == limit
		var subs []Subscription
		if len(rows) > 0 {
			if subs, err = st.WebhookSubscriptions(ctx); err != nil {
				return err
			}
		}
		for _, r := range rows {
			typ := actionEvents[r.Action]
			if typ == "payroll.exported" {
				n, err := s.queuePayrollFiles(ctx, st, subs, r)
				if err != nil {
					return err
				}
				queued += n
			}
			var targets []Subscription
			for _, sub := range subs {
				if sub.Wants(typ) && r.ID > sub.FromAuditID {
					targets = append(targets, sub)
				}
			}
			if len(targets) == 0 {
				continue
			}
			data, err := st.WebhookData(ctx, typ, r.ObjectType, r.ObjectID)
			if err != nil {
				if kit.KindOf(err) == kit.KindNotFound {
					continue // erased since (a purged candidate, say): nothing to say
				}
				return fmt.Errorf("webhook data for audit %d: %w", r.ID, err)
			}
			ev := Event{AuditID: r.ID, Type: typ, ObjectType: r.ObjectType, ObjectID: r.ObjectID, OccurredAt: r.At}
			if ev.ID, err = st.InsertWebhookEvent(ctx, ev); err != nil {
				return err
			}
			if ev.Payload, err = envelope(ev, data); err != nil {
				return err
			}
			if err := updatePayload(ctx, st, &ev); err != nil {
				return err
			}
			now := s.clock.Now()
			for _, sub := range targets {
				if _, err := st.InsertWebhookDelivery(ctx, Delivery{SubscriptionID: sub.ID, EventID: ev.ID, Status: StatusPending, CreatedAt: now, NextAttemptAt: now}); err != nil {
					return err
				}
				queued++
			}
		}
		ok, err := st.MoveWebhookCursor(ctx, from, to)
		if err != nil {
			return err
		}
		if !ok {
			return errCursorMoved
		}
		return nil
	})
	if err == errCursorMoved {
		return 0, false, nil // another instance dispatched this batch
	}
	return queued, more, err
}

var errCursorMoved = fmt.Errorf("webhooks: the cursor moved")

// queuePayrollFiles queues each payroll file feed's delivery of an
// export. The event records which export and template; the file itself
// is rendered when it is sent, as the feed's owner.
func (s *Service) queuePayrollFiles(ctx context.Context, st Store, subs []Subscription, r AuditRow) (int, error) {
	n := 0
	for _, sub := range subs {
		if sub.Kind != KindPayroll || !sub.Active || r.ID <= sub.FromAuditID {
			continue
		}
		if err := s.queueFile(ctx, st, sub, TypePayrollFile, r.ID, r.ObjectType, r.ObjectID, r.At, map[string]any{"export_id": r.ObjectID, "template": sub.Template}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// queueFile stores a file event for one feed and its delivery.
func (s *Service) queueFile(ctx context.Context, st Store, sub Subscription, typ string, auditID int64, objType string, objID int64, at time.Time, ref map[string]any) error {
	ev := Event{Type: typ, ObjectType: objType, ObjectID: objID, OccurredAt: at}
	var err error
	if ev.ID, err = st.InsertWebhookEvent(ctx, ev); err != nil {
		return err
	}
	ref["feed_id"] = sub.ID
	if ev.Payload, err = envelope(ev, ref); err != nil {
		return err
	}
	if err := updatePayload(ctx, st, &ev); err != nil {
		return err
	}
	now := s.clock.Now()
	_, err = st.InsertWebhookDelivery(ctx, Delivery{SubscriptionID: sub.ID, EventID: ev.ID, Status: StatusPending, CreatedAt: now, NextAttemptAt: now})
	return err
}

// QueueDirectoryFeeds queues the directory feeds due today (daily ones
// once a day, weekly ones on their weekday), each once: the day is
// recorded in the same transaction. It returns how many it queued.
func (s *Service) QueueDirectoryFeeds(ctx context.Context) (int, error) {
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		n = 0
		subs, err := st.WebhookSubscriptions(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		today := date.Of(now)
		for _, sub := range subs {
			if sub.Kind != KindDirectory || !sub.Active || !sub.LastSentOn.Before(today) && !sub.LastSentOn.IsZero() {
				continue
			}
			if sub.Frequency == "weekly" && int(now.Weekday()) != sub.Weekday {
				continue
			}
			if err := s.queueFile(ctx, st, sub, TypeDirectoryFile, 0, "webhook", sub.ID, now, map[string]any{"as_of": today.String()}); err != nil {
				return err
			}
			sub.LastSentOn = today
			if err := st.UpdateWebhookSubscription(ctx, sub); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Signature computes the header value for body at ts with each secret:
// "t=TS,v1=HEX[,v1=HEX]".
func Signature(ts int64, body []byte, secrets ...string) string {
	var b strings.Builder
	b.WriteString("t=" + strconv.FormatInt(ts, 10))
	for _, sec := range secrets {
		m := hmac.New(sha256.New, []byte(sec))
		m.Write([]byte(strconv.FormatInt(ts, 10)))
		m.Write([]byte("."))
		m.Write(body)
		b.WriteString(",v1=" + hex.EncodeToString(m.Sum(nil)))
	}
	return b.String()
}

// Verify checks a Cadre-Signature header against body with secret,
// refusing timestamps further than tolerance from now. Receivers written
// in Go can use it as it is; docs/integrations.md shows the same in
// other languages.
func Verify(header string, body []byte, secret string, now time.Time, tolerance time.Duration) error {
	var ts int64
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("bad timestamp")
			}
			ts = n
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts == 0 || len(sigs) == 0 {
		return fmt.Errorf("no timestamp or signature")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("timestamp outside the tolerance")
	}
	want := Signature(ts, body, secret)
	want = want[strings.Index(want, "v1=")+3:]
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return fmt.Errorf("signature mismatch")
}
