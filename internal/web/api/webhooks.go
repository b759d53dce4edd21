package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// WebhookIn creates or changes a webhook subscription.
type WebhookIn struct {
	Name   string   `json:"name" required:"true"`
	URL    string   `json:"url" required:"true" doc:"https://…; plain http only to localhost"`
	Events []string `json:"events,omitempty" doc:"Event types (webhooks; GET /webhooks/events lists them); ignored for export feeds"`
	Active *bool    `json:"active,omitempty" doc:"On a change: false pauses the webhook (default true)"`
}

// WebhookOut is a subscription (never its secret, except Secret once).
type WebhookOut struct {
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	URL           string     `json:"url"`
	Events        []string   `json:"events"`
	Active        bool       `json:"active"`
	Secret        *string    `json:"secret,omitempty" doc:"The signing secret, returned only when created or rotated"`
	PreviousUntil *time.Time `json:"previous_secret_until" doc:"After a rotation, the previous secret also signs until then"`
	Kind          string     `json:"kind" enum:"events,payroll_file,directory_file"`
	Template      string     `json:"template,omitempty" doc:"Payroll file feeds: the payroll template"`
	Frequency     string     `json:"frequency,omitempty" doc:"Directory feeds: daily or weekly"`
	Weekday       *int       `json:"weekday,omitempty" doc:"Weekly directory feeds: 0 Sunday … 6 Saturday"`
	Delivered     int        `json:"delivered"`
	Failing       int        `json:"failing" doc:"Deliveries retrying or failed"`
	CreatedAt     time.Time  `json:"created_at"`
}

// WebhookEventOut describes an event type.
type WebhookEventOut struct {
	Type        string `json:"type"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

// WebhookDeliveryOut is one delivery in the log.
type WebhookDeliveryOut struct {
	ID             int64           `json:"id"`
	SubscriptionID int64           `json:"webhook_id"`
	EventID        string          `json:"event_id"`
	EventType      string          `json:"event_type"`
	Status         string          `json:"status" enum:"pending,retrying,delivered,failed,cancelled"`
	Attempts       int             `json:"attempts"`
	ResponseCode   int             `json:"response_code"`
	Error          string          `json:"error"`
	ResponseBody   string          `json:"response_body" doc:"The first KiB of the endpoint's last answer"`
	DurationMS     int             `json:"duration_ms"`
	NextAttemptAt  *time.Time      `json:"next_attempt_at"`
	LastAttemptAt  *time.Time      `json:"last_attempt_at"`
	DeliveredAt    *time.Time      `json:"delivered_at"`
	ReplayOf       *int64          `json:"replay_of"`
	CreatedAt      time.Time       `json:"created_at"`
	Payload        json.RawMessage `json:"payload,omitempty" doc:"The body sent (on one delivery only)"`
	AttemptLog     []AttemptOut    `json:"attempt_log,omitempty"`
}

// AttemptOut is one try of a delivery.
type AttemptOut struct {
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code"`
	Error      string    `json:"error"`
	DurationMS int       `json:"duration_ms"`
}

// QueuedOut names a delivery just queued.
type QueuedOut struct {
	DeliveryID int64 `json:"delivery_id"`
}

// SecretOut is a new signing secret.
type SecretOut struct {
	Secret        string    `json:"secret"`
	PreviousUntil time.Time `json:"previous_secret_until"`
}

func webhookOut(s webhooks.Subscription) WebhookOut {
	o := WebhookOut{ID: s.ID, Name: s.Name, URL: s.URL, Events: s.Events, Active: s.Active, PreviousUntil: timePtr(s.PreviousUntil),
		Kind: s.Kind, Template: s.Template, Frequency: s.Frequency, Delivered: s.Delivered, Failing: s.Failing, CreatedAt: s.CreatedAt.UTC()}
	if s.Kind == webhooks.KindDirectory && s.Frequency == "weekly" {
		wd := s.Weekday
		o.Weekday = &wd
	}
	return o
}

// ExportFeedIn adds an export feed.
type ExportFeedIn struct {
	Kind      string `json:"kind" required:"true" enum:"payroll_file,directory_file" doc:"payroll_file: the payroll file after each export (needs payroll.export over the whole company); directory_file: the directory you may export"`
	Name      string `json:"name" required:"true"`
	URL       string `json:"url" required:"true" doc:"https://…; plain http only to localhost"`
	Template  string `json:"template,omitempty" doc:"Payroll files: generic (default) or a payroll template's id"`
	Frequency string `json:"frequency,omitempty" doc:"Directory: daily or weekly"`
	Weekday   int    `json:"weekday,omitempty" doc:"Weekly directory: 0 Sunday … 6 Saturday"`
}

func deliveryOut(d webhooks.Delivery) WebhookDeliveryOut {
	o := WebhookDeliveryOut{ID: d.ID, SubscriptionID: d.SubscriptionID, EventID: "evt_" + strconv.FormatInt(d.EventID, 10), EventType: d.EventType, Status: d.Status,
		Attempts: d.Attempts, ResponseCode: d.ResponseCode, Error: d.Error, ResponseBody: d.ResponseBody, DurationMS: d.DurationMS,
		NextAttemptAt: timePtr(d.NextAttemptAt), LastAttemptAt: timePtr(d.LastAttemptAt), DeliveredAt: timePtr(d.DeliveredAt), CreatedAt: d.CreatedAt.UTC()}
	if d.ReplayOf != 0 {
		r := d.ReplayOf
		o.ReplayOf = &r
	}
	return o
}

func (a *API) registerWebhooks(h huma.API) {
	tag := "Webhooks"
	perm := access.IntegrationsManage
	huma.Register(h, op("list-webhook-events", http.MethodGet, "/webhooks/events", "The event types a webhook can receive", tag, perm), func(ctx context.Context, _ *struct{}) (*body[Page[WebhookEventOut]], error) {
		if err := access.Require(actor(ctx), perm, access.CompanyTarget); err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WebhookEventOut]{Items: []WebhookEventOut{}}
		for _, e := range webhooks.Events {
			out.Items = append(out.Items, WebhookEventOut{Type: e.Key, Label: e.Label, Description: e.About})
		}
		return &body[Page[WebhookEventOut]]{out}, nil
	})
	huma.Register(h, op("list-webhooks", http.MethodGet, "/webhooks", "Webhook subscriptions", tag, perm), func(ctx context.Context, _ *struct{}) (*body[Page[WebhookOut]], error) {
		subs, err := a.Webhooks.List(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WebhookOut]{Items: []WebhookOut{}}
		for _, s := range subs {
			out.Items = append(out.Items, webhookOut(s))
		}
		return &body[Page[WebhookOut]]{out}, nil
	})
	create := op("create-webhook", http.MethodPost, "/webhooks", "Add a webhook; the signing secret is returned once", tag, perm)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[WebhookIn]) (*body[WebhookOut], error) {
		sub, secret, err := a.Webhooks.Create(ctx, actor(ctx), webhooks.Input{Name: in.Body.Name, URL: in.Body.URL, Events: in.Body.Events})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := webhookOut(sub)
		out.Secret = &secret
		return &body[WebhookOut]{out}, nil
	})
	huma.Register(h, op("list-export-feeds", http.MethodGet, "/export-feeds", "Your export feeds (payroll file, directory); their log, replays and secrets are under /webhooks/{id}", tag, access.PayrollExport), func(ctx context.Context, _ *struct{}) (*body[Page[WebhookOut]], error) {
		subs, err := a.Webhooks.Feeds(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WebhookOut]{Items: []WebhookOut{}}
		for _, s := range subs {
			out.Items = append(out.Items, webhookOut(s))
		}
		return &body[Page[WebhookOut]]{out}, nil
	})
	feed := op("create-export-feed", http.MethodPost, "/export-feeds", "Add an export feed (payroll.export over the whole company for payroll files, people.export for the directory); the signing secret is returned once", tag, access.PayrollExport)
	feed.DefaultStatus = http.StatusCreated
	huma.Register(h, feed, func(ctx context.Context, in *body[ExportFeedIn]) (*body[WebhookOut], error) {
		b := in.Body
		sub, secret, err := a.Webhooks.Create(ctx, actor(ctx), webhooks.Input{Kind: b.Kind, Name: b.Name, URL: b.URL, Template: b.Template, Frequency: b.Frequency, Weekday: b.Weekday})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := webhookOut(sub)
		out.Secret = &secret
		return &body[WebhookOut]{out}, nil
	})
	huma.Register(h, op("get-webhook", http.MethodGet, "/webhooks/{id}", "A webhook subscription (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, ""), func(ctx context.Context, in *idPath) (*body[WebhookOut], error) {
		sub, err := a.Webhooks.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[WebhookOut]{webhookOut(sub)}, nil
	})
	huma.Register(h, op("update-webhook", http.MethodPut, "/webhooks/{id}", "Change a webhook's name, URL, events, or pause it (active: false) (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, ""), func(ctx context.Context, in *withBody[WebhookIn]) (*body[WebhookOut], error) {
		active := in.Body.Active == nil || *in.Body.Active
		sub, err := a.Webhooks.Update(ctx, actor(ctx), in.ID, webhooks.Input{Name: in.Body.Name, URL: in.Body.URL, Events: in.Body.Events, Active: active})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[WebhookOut]{webhookOut(sub)}, nil
	})
	del := op("delete-webhook", http.MethodDelete, "/webhooks/{id}", "Delete a webhook and its delivery log (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, "")
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Webhooks.Delete(ctx, actor(ctx), in.ID))
	})
	huma.Register(h, op("rotate-webhook-secret", http.MethodPost, "/webhooks/{id}/secret-rotation", "A new signing secret (returned once); the previous one also signs for 24 hours (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, ""), func(ctx context.Context, in *idPath) (*body[SecretOut], error) {
		secret, err := a.Webhooks.RotateSecret(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		sub, err := a.Webhooks.Get(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[SecretOut]{SecretOut{Secret: secret, PreviousUntil: sub.PreviousUntil.UTC()}}, nil
	})
	ping := op("ping-webhook", http.MethodPost, "/webhooks/{id}/pings", "Queue a test event (type ping) to the webhook (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, "")
	ping.DefaultStatus = http.StatusAccepted
	huma.Register(h, ping, func(ctx context.Context, in *idPath) (*body[QueuedOut], error) {
		id, err := a.Webhooks.SendPing(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[QueuedOut]{QueuedOut{DeliveryID: id}}, nil
	})
	huma.Register(h, op("list-webhook-deliveries", http.MethodGet, "/webhooks/{id}/deliveries", "A webhook's delivery log, newest first (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, ""), func(ctx context.Context, in *struct {
		ID     int64  `path:"id" minimum:"1"`
		Status string `query:"status" enum:"pending,retrying,delivered,failed,cancelled"`
		Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
		Limit  int    `query:"limit" minimum:"0" maximum:"200"`
	}) (*body[Page[WebhookDeliveryOut]], error) {
		if _, err := a.Webhooks.Get(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		before, _ := strconv.ParseInt(in.Cursor, 10, 64)
		limit := in.Limit
		if limit <= 0 {
			limit = 50
		}
		ds, err := a.Webhooks.Deliveries(ctx, actor(ctx), webhooks.DeliveryFilter{SubscriptionID: in.ID, Status: in.Status, Before: before, Limit: limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[WebhookDeliveryOut]{Items: []WebhookDeliveryOut{}}
		for _, d := range ds {
			out.Items = append(out.Items, deliveryOut(d))
		}
		if len(ds) == limit {
			c := strconv.FormatInt(ds[len(ds)-1].ID, 10)
			out.NextCursor = &c
		}
		return &body[Page[WebhookDeliveryOut]]{out}, nil
	})
	huma.Register(h, op("get-webhook-delivery", http.MethodGet, "/webhook-deliveries/{id}", "One delivery: its payload and every attempt (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, ""), func(ctx context.Context, in *idPath) (*body[WebhookDeliveryOut], error) {
		d, attempts, err := a.Webhooks.Delivery(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := deliveryOut(d)
		out.Payload = json.RawMessage(d.Payload)
		out.AttemptLog = []AttemptOut{}
		for _, at := range attempts {
			out.AttemptLog = append(out.AttemptLog, AttemptOut{Attempt: at.N, At: at.At, StatusCode: at.StatusCode, Error: at.Error, DurationMS: at.DurationMS})
		}
		return &body[WebhookDeliveryOut]{out}, nil
	})
	replay := op("replay-webhook-delivery", http.MethodPost, "/webhook-deliveries/{id}/replays", "Send a delivery's event again, as a new delivery; 409 when the webhook is paused (webhooks: integrations.manage; export feeds: the permission of their kind)", tag, "")
	replay.DefaultStatus = http.StatusAccepted
	huma.Register(h, replay, func(ctx context.Context, in *idPath) (*body[QueuedOut], error) {
		id, err := a.Webhooks.Replay(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[QueuedOut]{QueuedOut{DeliveryID: id}}, nil
	})
}
