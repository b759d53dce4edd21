package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// WebhooksPage lists the webhooks and adds one.
type WebhooksPage struct {
	Base
	Subs   []webhooks.Subscription
	Form   Form
	Events []EventChoice
}

// EventChoice is an event type's checkbox.
type EventChoice struct {
	Key, Label, About string
	Checked           bool
}

// ID is the checkbox's element id ("ev-employee-hired").
func (c EventChoice) ID() string {
	return "ev-" + strings.NewReplacer(".", "-", "_", "-").Replace(c.Key)
}

func eventChoices(checked []string) []EventChoice {
	var out []EventChoice
	for _, e := range webhooks.Events {
		out = append(out, EventChoice{Key: e.Key, Label: e.Label, About: e.About, Checked: slices.Contains(checked, e.Key)})
	}
	return out
}

func (u *UI) webhooksPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderWebhooks(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	subs, err := u.Webhooks.List(r.Context(), actor(r))
	if err != nil {
		return err
	}
	u.render(w, r, status, "admin/webhooks", WebhooksPage{Base: u.base(r, "Webhooks", "Webhooks"), Subs: subs, Form: f, Events: eventChoices(f.Values["events"])})
	return nil
}

func (u *UI) createWebhook(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	sub, secret, err := u.Webhooks.Create(r.Context(), actor(r), webhooks.Input{Name: f.Get("name"), URL: f.Get("url"), Events: f.Values["events"]})
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderWebhooks(w, r, http.StatusUnprocessableEntity, f)
	}
	// The secret is shown on the page itself, once, never in a redirect.
	return u.renderWebhook(w, r, http.StatusCreated, sub.ID, secret, NewForm(nil), "")
}

// WebhookPage is one webhook: settings, secret, delivery log.
type WebhookPage struct {
	Base
	Sub        webhooks.Subscription
	Secret     string // just created or rotated
	Form       Form
	Events     []EventChoice
	Deliveries []webhooks.Delivery
	Status     string
	Statuses   []string
	Older      string
}

func (u *UI) webhookPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderWebhook(w, r, http.StatusOK, id, "", NewForm(nil), "")
}

func (u *UI) renderWebhook(w http.ResponseWriter, r *http.Request, status int, id int64, secret string, f Form, flash string) error {
	a := actor(r)
	sub, err := u.Webhooks.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	if f.Values.Get("name") == "" && len(f.Errors) == 0 {
		f = NewForm(url.Values{"name": {sub.Name}, "url": {sub.URL}, "events": sub.Events})
		if sub.Active {
			f.Values.Set("active", "on")
		}
	}
	st := r.URL.Query().Get("status")
	if r.Method != http.MethodGet {
		st = ""
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ds, err := u.Webhooks.Deliveries(r.Context(), a, webhooks.DeliveryFilter{SubscriptionID: id, Status: st, Before: before, Limit: 50})
	if err != nil {
		return err
	}
	section := "Webhooks"
	if sub.Kind != webhooks.KindEvents {
		section = "Settings"
	}
	p := WebhookPage{Base: u.base(r, sub.Name, section), Sub: sub, Secret: secret, Form: f, Events: eventChoices(f.Values["events"]), Deliveries: ds, Status: st,
		Statuses: []string{webhooks.StatusPending, webhooks.StatusRetrying, webhooks.StatusDelivered, webhooks.StatusFailed, webhooks.StatusCancelled}}
	if flash != "" {
		p.Flash = flash
	}
	if len(ds) == 50 {
		q := url.Values{"before": {strconv.FormatInt(ds[len(ds)-1].ID, 10)}}
		if st != "" {
			q.Set("status", st)
		}
		p.Older = "?" + q.Encode()
	}
	u.render(w, r, status, "admin/webhook", p)
	return nil
}

func (u *UI) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	_, err = u.Webhooks.Update(r.Context(), actor(r), id, webhooks.Input{Name: f.Get("name"), URL: f.Get("url"), Events: f.Values["events"], Active: f.Get("active") != ""})
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderWebhook(w, r, http.StatusUnprocessableEntity, id, "", f, "")
	}
	return u.redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10), "Saved the webhook.")
}

func (u *UI) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Webhooks.Delete(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/admin/webhooks", "Deleted the webhook and its delivery log.")
}

func (u *UI) rotateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	secret, err := u.Webhooks.RotateSecret(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return u.renderWebhook(w, r, http.StatusOK, id, secret, NewForm(nil), "")
}

func (u *UI) pingWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/admin/webhooks/" + strconv.FormatInt(id, 10)
	if _, err := u.Webhooks.SendPing(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, back, kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, back, "Queued a test event; its delivery shows below within seconds.")
}

// DeliveryPage is one delivery with its payload and attempts.
type DeliveryPage struct {
	Base
	Sub      webhooks.Subscription
	Delivery webhooks.Delivery
	Attempts []webhooks.Attempt
	Payload  string
}

func (u *UI) deliveryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	d, attempts, err := u.Webhooks.Delivery(r.Context(), a, id)
	if err != nil {
		return err
	}
	sub, err := u.Webhooks.Get(r.Context(), a, d.SubscriptionID)
	if err != nil {
		return err
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, d.Payload, "", "  ") != nil {
		pretty.Reset()
		pretty.Write(d.Payload)
	}
	u.render(w, r, http.StatusOK, "admin/webhook_delivery", DeliveryPage{Base: u.base(r, "Delivery "+strconv.FormatInt(d.ID, 10), "Webhooks"), Sub: sub, Delivery: d, Attempts: attempts, Payload: pretty.String()})
	return nil
}

func (u *UI) replayDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	newID, err := u.Webhooks.Replay(r.Context(), actor(r), id)
	if err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, "/admin/webhook-deliveries/"+strconv.FormatInt(id, 10), kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, "/admin/webhook-deliveries/"+strconv.FormatInt(newID, 10), "Queued the replay as a new delivery.")
}
