package webhooks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
)

// Deliver makes one attempt at a delivery: the job's work. It returns an
// error when the attempt failed and another should follow (the jobs
// engine retries after Backoff), nil when delivered, cancelled or out of
// attempts (the delivery log says which). Running it again for a
// delivered delivery does nothing, so a job re-run after a crash does not
// send twice what was acknowledged.
func (s *Service) Deliver(ctx context.Context, id int64) error {
	d, err := s.store.WebhookDelivery(ctx, id)
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return nil // deleted with its subscription
		}
		return err
	}
	if d.Status == StatusDelivered || d.Status == StatusFailed || d.Status == StatusCancelled {
		return nil
	}
	sub, err := s.store.WebhookSubscription(ctx, d.SubscriptionID)
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return nil
		}
		return err
	}
	now := s.clock.Now()
	if !sub.Active {
		d.Status, d.NextAttemptAt = StatusCancelled, time.Time{}
		return s.store.InTx(ctx, func(st Store) error {
			return st.RecordWebhookAttempt(ctx, d, Attempt{})
		})
	}
	secrets, err := s.secrets(sub, now)
	if err != nil {
		return err
	}
	body := d.Payload
	if d.EventType == TypePayrollFile || d.EventType == TypeDirectoryFile {
		if body, err = s.fileBody(ctx, sub, d); err != nil {
			// The owner lost the permission, or the export is gone: no
			// retry makes it right.
			d.Attempts++
			d.Status, d.Error, d.LastAttemptAt, d.NextAttemptAt = StatusFailed, "could not make the file: "+err.Error(), now, time.Time{}
			return s.store.InTx(ctx, func(st Store) error {
				return st.RecordWebhookAttempt(ctx, d, Attempt{DeliveryID: d.ID, N: d.Attempts, At: now, Error: d.Error})
			})
		}
	}
	ts := now.Unix()
	headers := map[string]string{
		"Content-Type":      "application/json",
		"User-Agent":        "Cadre-Webhooks/" + s.Version,
		"Cadre-Event-Id":    "evt_" + strconv.FormatInt(d.EventID, 10),
		"Cadre-Event-Type":  d.EventType,
		"Cadre-Delivery-Id": strconv.FormatInt(d.ID, 10),
		"Cadre-Signature":   Signature(ts, body, secrets...),
	}
	start := time.Now()
	code, answer, sendErr := s.send(ctx, sub.URL, headers, body)
	took := int(time.Since(start) / time.Millisecond)
	a := Attempt{DeliveryID: d.ID, N: d.Attempts + 1, At: now, StatusCode: code, DurationMS: took}
	d.Attempts, d.LastAttemptAt, d.ResponseCode, d.ResponseBody, d.DurationMS, d.Error = a.N, now, code, answer, took, ""
	switch {
	case sendErr == nil && code >= 200 && code < 300:
		d.Status, d.DeliveredAt, d.NextAttemptAt = StatusDelivered, now, time.Time{}
	default:
		a.Error = fmt.Sprintf("HTTP %d", code)
		if sendErr != nil {
			a.Error = sendErr.Error()
		}
		d.Error = a.Error
		if a.N >= MaxAttempts {
			d.Status, d.NextAttemptAt = StatusFailed, time.Time{}
		} else {
			d.Status, d.NextAttemptAt = StatusRetrying, now.Add(Backoff(a.N))
		}
	}
	if err := s.store.InTx(ctx, func(st Store) error { return st.RecordWebhookAttempt(ctx, d, a) }); err != nil {
		return err
	}
	if d.Status == StatusRetrying {
		return fmt.Errorf("webhook delivery %d attempt %d: %s", d.ID, a.N, a.Error)
	}
	return nil
}

// secrets opens the current secret and, during a rotation's overlap, the
// previous one.
func (s *Service) secrets(sub Subscription, now time.Time) ([]string, error) {
	cur, err := s.sealer.Open(sub.Secret)
	if err != nil {
		return nil, fmt.Errorf("webhook %d secret: %w", sub.ID, err)
	}
	out := []string{string(cur)}
	if len(sub.Previous) > 0 && now.Before(sub.PreviousUntil) {
		prev, err := s.sealer.Open(sub.Previous)
		if err != nil {
			return nil, fmt.Errorf("webhook %d previous secret: %w", sub.ID, err)
		}
		out = append(out, string(prev))
	}
	return out, nil
}

// client posts deliveries: ten seconds each, no redirects (a 3xx is an
// answer, recorded as a failure, so a payload never follows a redirect
// somewhere the admin did not configure), and, unless AllowPrivate, no
// connection to an internal address, whatever the name resolved to.
func (s *Service) client() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		if s.AllowPrivate {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !publicIP(ip) {
			return fmt.Errorf("refused to connect to %s: not a public address", host)
		}
		return nil
	}}
	return &http.Client{
		Timeout:       10 * time.Second,
		Transport:     &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: 5 * time.Second, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// post sends body and returns the status and the first KiB of the answer.
func (s *Service) post(ctx context.Context, url string, headers map[string]string, body []byte) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := s.client().Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return 0, "", fmt.Errorf("timed out after 10 s")
		}
		return 0, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	return res.StatusCode, string(b), nil
}

// fileBody renders a feed's file as its owner and wraps it:
// {id, type, occurred_at, data: {feed_id, …, file: {name, content_type,
// encoding: "base64", bytes, sha256, content}}}. The stored event keeps
// only the reference (the delivery log shows no pay).
func (s *Service) fileBody(ctx context.Context, sub Subscription, d Delivery) ([]byte, error) {
	if s.feeds == nil {
		return nil, fmt.Errorf("no file renderer is set up")
	}
	var ref struct {
		ID         string         `json:"id"`
		Type       string         `json:"type"`
		OccurredAt string         `json:"occurred_at"`
		Data       map[string]any `json:"data"`
	}
	if err := json.Unmarshal(d.Payload, &ref); err != nil {
		return nil, err
	}
	var name string
	var data []byte
	var err error
	switch d.EventType {
	case TypePayrollFile:
		exportID, _ := ref.Data["export_id"].(float64)
		name, data, err = s.feeds.PayrollFile(ctx, sub.CreatedBy, int64(exportID), sub.Template)
	default:
		name, data, err = s.feeds.DirectoryFile(ctx, sub.CreatedBy)
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	ct := "text/csv"
	if strings.HasSuffix(name, ".txt") {
		ct = "text/plain"
	}
	ref.Data["file"] = map[string]any{"name": name, "content_type": ct, "encoding": "base64", "bytes": len(data), "sha256": hex.EncodeToString(sum[:]),
		"content": base64.StdEncoding.EncodeToString(data)}
	return json.Marshal(ref)
}
