// Package calendar serves private iCalendar subscription feeds: a user
// creates a feed of a kind (their interviews, their deadlines), gets a
// secret address once, and their calendar app polls it. The feed is built
// as that user with their permissions on the day it is read, from the
// domains' own lists (the app wires them), so a revoked feed, a
// deactivated account or a lost permission stops it.
package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Kinds of feeds.
const (
	KindInterviews = "interviews" // the interviews one is on the panel of
	KindDeadlines  = "deadlines"  // the due dates of one's open tasks (I-9, FMLA notices, enrollment, …)
)

// Kinds lists the kinds with their labels.
var Kinds = []struct{ Key, Label, About string }{
	{KindInterviews, "My interviews", "Interviews you are on the panel of, from a month ago on, with the candidate, the job and where"},
	{KindDeadlines, "My deadlines", "The due dates of your open tasks: Form I-9 sections, leave notices, enrollment windows and the rest of your queue"},
}

// Event is one calendar event: timed (Start, End) or all day (Day).
type Event struct {
	UID      string
	Summary  string
	Details  string
	Location string
	URL      string
	Start    time.Time
	End      time.Time
	Day      date.Date
	Sequence int
	Stamp    time.Time
}

// Source lists a kind's events as the actor sees them; KindForbidden
// when the kind is not theirs.
type Source func(ctx context.Context, a access.Actor) ([]Event, error)

// Feed is a user's feed (its token is never stored).
type Feed struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
	LastRead  time.Time `json:"last_read_at,omitzero"`
}

// Store keeps the feeds.
type Store interface {
	InsertCalendarFeed(ctx context.Context, f Feed, hash string) (int64, error)
	ListCalendarFeeds(ctx context.Context, userID int64) ([]Feed, error)
	DeleteCalendarFeed(ctx context.Context, id int64) error
	CalendarFeedByHash(ctx context.Context, hash string) (Feed, error)
	TouchCalendarFeed(ctx context.Context, id int64, at time.Time) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	InTx(ctx context.Context, fn func(Store) error) error
}

// Service runs the feeds.
type Service struct {
	store   Store
	clock   kit.Clock
	sources map[string]Source
	actorOf func(ctx context.Context, userID int64) (access.Actor, error)
}

// NewService returns the service; actorOf builds a feed owner's actor
// (an error for a deactivated account).
func NewService(st Store, clock kit.Clock, actorOf func(ctx context.Context, userID int64) (access.Actor, error)) *Service {
	return &Service{store: st, clock: clock, sources: map[string]Source{}, actorOf: actorOf}
}

// SetSource wires a kind's events.
func (s *Service) SetSource(kind string, src Source) { s.sources[kind] = src }

func hash(tok string) string {
	sum := sha256.Sum256([]byte("cadre-calendar-feed:" + tok))
	return hex.EncodeToString(sum[:])
}

// Available lists the kinds the actor may subscribe to (their source
// answers for them).
func (s *Service) Available(ctx context.Context, a access.Actor) []string {
	var out []string
	for _, k := range Kinds {
		if src := s.sources[k.Key]; src != nil {
			if _, err := src(ctx, a); err == nil {
				out = append(out, k.Key)
			}
		}
	}
	return out
}

// Create makes a feed of a kind for the actor and returns it with its
// token, shown once (only a hash is kept). Errors: KindInvalid (kind),
// KindForbidden (the kind is not theirs).
func (s *Service) Create(ctx context.Context, a access.Actor, kind string) (Feed, string, error) {
	src, ok := s.sources[kind]
	if !ok || !slices.ContainsFunc(Kinds, func(k struct{ Key, Label, About string }) bool { return k.Key == kind }) {
		return Feed{}, "", kit.Invalid("kind", "Choose interviews or deadlines")
	}
	if a.UserID == 0 {
		return Feed{}, "", kit.Forbidden("sign in to subscribe")
	}
	if _, err := src(ctx, a); err != nil {
		return Feed{}, "", err
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return Feed{}, "", err
	}
	tok := hex.EncodeToString(b)
	f := Feed{UserID: a.UserID, Kind: kind, CreatedAt: s.clock.Now().UTC()}
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if f.ID, err = st.InsertCalendarFeed(ctx, f, hash(tok)); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "calendar.feed_create", ObjectType: "calendar_feed", ObjectID: f.ID,
			Summary: "Created a calendar feed of " + kind, RequestID: a.RequestID})
	})
	return f, tok, err
}

// Feeds lists the actor's feeds.
func (s *Service) Feeds(ctx context.Context, a access.Actor) ([]Feed, error) {
	return s.store.ListCalendarFeeds(ctx, a.UserID)
}

// Revoke deletes one of the actor's feeds: its address stops working.
// Errors: KindNotFound.
func (s *Service) Revoke(ctx context.Context, a access.Actor, id int64) error {
	fs, err := s.store.ListCalendarFeeds(ctx, a.UserID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(fs, func(f Feed) bool { return f.ID == id }) {
		return kit.NotFound("calendar feed")
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.DeleteCalendarFeed(ctx, id); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "calendar.feed_revoke", ObjectType: "calendar_feed", ObjectID: id,
			Summary: "Revoked a calendar feed", RequestID: a.RequestID})
	})
}

// Render builds the iCalendar of a token as its owner sees it today.
// Errors: KindNotFound for an unknown or revoked token, a deactivated
// owner or a kind no longer theirs (a feed never says which).
func (s *Service) Render(ctx context.Context, token string) ([]byte, error) {
	f, err := s.store.CalendarFeedByHash(ctx, hash(token))
	if err != nil {
		return nil, kit.NotFound("calendar")
	}
	a, err := s.actorOf(ctx, f.UserID)
	if err != nil {
		return nil, kit.NotFound("calendar")
	}
	src := s.sources[f.Kind]
	if src == nil {
		return nil, kit.NotFound("calendar")
	}
	evs, err := src(ctx, a)
	if k := kit.KindOf(err); k == kit.KindForbidden || k == kit.KindNotFound {
		return nil, kit.NotFound("calendar")
	}
	if err != nil {
		return nil, err
	}
	// Calendar apps poll every few minutes: note the read at most hourly.
	now := s.clock.Now().UTC()
	if now.Sub(f.LastRead) > time.Hour {
		if err := s.store.InTx(ctx, func(st Store) error { return st.TouchCalendarFeed(ctx, f.ID, now) }); err != nil {
			return nil, err
		}
	}
	return Serialize(Label(f.Kind), evs, now), nil
}

// Serialize writes events as an RFC 5545 calendar to publish.
func Serialize(name string, evs []Event, now time.Time) []byte {
	cal := ics.NewCalendarFor("Cadre")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	for _, e := range evs {
		ev := cal.AddEvent(e.UID)
		stamp := e.Stamp
		if stamp.IsZero() {
			stamp = now
		}
		ev.SetDtStampTime(stamp.UTC())
		if e.Day.IsZero() {
			ev.SetStartAt(e.Start.UTC())
			ev.SetEndAt(e.End.UTC())
		} else {
			ev.SetAllDayStartAt(e.Day.Time())
			ev.SetAllDayEndAt(e.Day.AddDays(1).Time())
			ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		}
		ev.SetSummary(e.Summary)
		if e.Details != "" {
			ev.SetDescription(e.Details)
		}
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		if e.Sequence > 0 {
			ev.SetSequence(e.Sequence)
		}
	}
	return []byte(cal.Serialize())
}

// Label names a kind.
func Label(kind string) string {
	for _, k := range Kinds {
		if k.Key == kind {
			return k.Label
		}
	}
	return kind
}
