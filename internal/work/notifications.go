package work

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string // task_assigned, approval_requested, approval_decided, inquiry_answered
	Title     string
	Body      string
	Link      string
	CreatedAt time.Time
	ReadAt    time.Time
}

// NotificationStore stores notifications inside the caller's transaction.
type NotificationStore interface {
	InsertNotification(ctx context.Context, n Notification) error
	ListNotifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, userID int64) (int, error)
	MarkRead(ctx context.Context, userID, id int64, at time.Time) error
	// DecidersFor lists active users who may decide an approval in an org
	// scope (HR managers and directors whose grant covers it).
	DecidersFor(ctx context.Context, orgPath string) ([]int64, error)
	SetEmailNotifications(ctx context.Context, userID int64, on bool) error
	EmailNotifications(ctx context.Context, userID int64) (bool, error)
	MutedKinds(ctx context.Context, userID int64) ([]string, error)
	SetMutedKinds(ctx context.Context, userID int64, kinds []string) error
}

// NotificationKinds are the kinds a user can mute by email, with labels.
var NotificationKinds = []struct{ Kind, Label string }{
	{"task_assigned", "A task is assigned to me"},
	{"approval_requested", "A request needs my decision"},
	{"approval_decided", "A decision on my request"},
	{"approval_sent_back", "My request is sent back for changes"},
	{"approval_escalated", "A request is overdue and escalated to me"},
	{"inquiry_answered", "HR answers my question"},
	{"compliance_overdue", "A compliance deadline in my scope has passed (a Form I-9)"},
	{"credential_expiring", "A credential of mine or my team's expires soon"},
	{"development_plan", "A development plan of mine is started or checked in on"},
	{"digest", "The daily digest"},
}

// Notify records a notification inside the event's transaction. It skips
// the actor themself: nobody needs to be told about what they just did.
func Notify(ctx context.Context, st NotificationStore, a access.Actor, n Notification, now time.Time) error {
	if n.UserID == 0 || n.UserID == a.UserID {
		return nil
	}
	n.CreatedAt = now
	return st.InsertNotification(ctx, n)
}

// Notifications reads and marks a user's notifications.
type Notifications struct {
	store NotificationStore
	clock kit.Clock
}

// NewNotifications builds the service.
func NewNotifications(st NotificationStore, clock kit.Clock) *Notifications {
	return &Notifications{store: st, clock: clock}
}

// List returns the actor's notifications, newest first. Every signed-in
// user may read their own.
func (s *Notifications) List(ctx context.Context, a access.Actor, unreadOnly bool) ([]Notification, error) {
	return s.store.ListNotifications(ctx, a.UserID, unreadOnly, 100)
}

// Unread counts the actor's unread notifications.
func (s *Notifications) Unread(ctx context.Context, a access.Actor) (int, error) {
	return s.store.UnreadCount(ctx, a.UserID)
}

// MarkRead marks one notification (or all, with id 0) read. Errors:
// KindNotFound.
func (s *Notifications) MarkRead(ctx context.Context, a access.Actor, id int64) error {
	return s.store.MarkRead(ctx, a.UserID, id, s.clock.Now())
}

// EmailPreference reports whether the actor gets notification emails.
func (s *Notifications) EmailPreference(ctx context.Context, a access.Actor) (bool, error) {
	return s.store.EmailNotifications(ctx, a.UserID)
}

// SetEmailPreference turns the actor's notification emails on or off.
// Every user may change their own.
func (s *Notifications) SetEmailPreference(ctx context.Context, a access.Actor, on bool) error {
	return s.store.SetEmailNotifications(ctx, a.UserID, on)
}

// Preferences are a user's email choices.
type Preferences struct {
	Email bool
	Muted map[string]bool
}

// GetPreferences returns the actor's email preferences.
func (s *Notifications) GetPreferences(ctx context.Context, a access.Actor) (Preferences, error) {
	on, err := s.store.EmailNotifications(ctx, a.UserID)
	if err != nil {
		return Preferences{}, err
	}
	kinds, err := s.store.MutedKinds(ctx, a.UserID)
	p := Preferences{Email: on, Muted: map[string]bool{}}
	for _, k := range kinds {
		p.Muted[k] = true
	}
	return p, err
}

// SetPreferences stores the actor's email choices. Errors: KindInvalid
// (unknown kind).
func (s *Notifications) SetPreferences(ctx context.Context, a access.Actor, p Preferences) error {
	var muted []string
	for k, m := range p.Muted {
		known := false
		for _, nk := range NotificationKinds {
			known = known || nk.Kind == k
		}
		if !known {
			return kit.Invalid("muted", "Unknown notification kind "+k)
		}
		if m {
			muted = append(muted, k)
		}
	}
	if err := s.store.SetEmailNotifications(ctx, a.UserID, p.Email); err != nil {
		return err
	}
	return s.store.SetMutedKinds(ctx, a.UserID, muted)
}
