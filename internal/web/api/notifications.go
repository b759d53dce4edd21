package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/work"
)

// NotificationOut is an in-app notification.
type NotificationOut struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

func (a *API) registerNotifications(h huma.API) {
	huma.Register(h, op("list-notifications", http.MethodGet, "/notifications", "Your notifications, newest first", "Notifications", ""), func(ctx context.Context, in *struct {
		Unread bool `query:"unread" doc:"Only unread ones"`
	}) (*body[Page[NotificationOut]], error) {
		ns, err := a.Notifications.List(ctx, actor(ctx), in.Unread)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[NotificationOut]{Items: []NotificationOut{}}
		for _, n := range ns {
			out.Items = append(out.Items, NotificationOut{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, Link: n.Link, CreatedAt: n.CreatedAt.UTC(), ReadAt: timePtr(n.ReadAt)})
		}
		return &body[Page[NotificationOut]]{out}, nil
	})
	read := op("read-notifications", http.MethodPost, "/notifications/read", "Mark one notification (id) or all (no id) read", "Notifications", "")
	read.DefaultStatus = http.StatusNoContent
	huma.Register(h, read, func(ctx context.Context, in *body[struct {
		ID int64 `json:"id,omitempty"`
	}]) (*struct{}, error) {
		if err := a.Notifications.MarkRead(ctx, actor(ctx), in.Body.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
}

// PreferencesIO are a user's email choices.
type PreferencesIO struct {
	Email bool     `json:"email" doc:"Email notifications at all"`
	Muted []string `json:"muted" doc:"Kinds not emailed: task_assigned, approval_requested, approval_decided, approval_sent_back, approval_escalated, inquiry_answered, digest"`
}

func (a *API) registerPreferences(h huma.API) {
	huma.Register(h, op("get-notification-preferences", http.MethodGet, "/notifications/preferences", "Your email preferences", "Notifications", ""), func(ctx context.Context, _ *struct{}) (*body[PreferencesIO], error) {
		p, err := a.Notifications.GetPreferences(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := PreferencesIO{Email: p.Email, Muted: []string{}}
		for k, m := range p.Muted {
			if m {
				out.Muted = append(out.Muted, k)
			}
		}
		return &body[PreferencesIO]{out}, nil
	})
	huma.Register(h, op("put-notification-preferences", http.MethodPut, "/notifications/preferences", "Change your email preferences", "Notifications", ""), func(ctx context.Context, in *body[PreferencesIO]) (*body[PreferencesIO], error) {
		p := work.Preferences{Email: in.Body.Email, Muted: map[string]bool{}}
		for _, k := range in.Body.Muted {
			p.Muted[k] = true
		}
		if err := a.Notifications.SetPreferences(ctx, actor(ctx), p); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[PreferencesIO]{in.Body}, nil
	})
}
