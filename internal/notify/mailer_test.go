package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/notify/mailtest"
)

func smtpConfig(host string, port int) notify.SMTPConfig {
	return notify.SMTPConfig{Host: host, Port: port, From: "Cadre <cadre@example.com>", TLS: "none", Timeout: 5 * time.Second}
}

func newMailer(t *testing.T, host string, port int) *notify.SMTPMailer {
	t.Helper()
	m, err := notify.NewSMTPMailer(smtpConfig(host, port))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const inviteICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadre//Interviews//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:interview-7@cadre.example.com\r\nSEQUENCE:0\r\nDTSTAMP:20260601T120000Z\r\nDTSTART:20260610T150000Z\r\nDTEND:20260610T160000Z\r\nSUMMARY:Interview: Avery Chen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestSMTPMailerDelivers(t *testing.T) {
	mp := mailtest.Start(t, mailtest.Options{})
	m := newMailer(t, mp.Host, mp.SMTPPort)
	subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
		Title: "Interview scheduled", Lines: []string{"Avery Chen, 10 June at 15:00 UTC."},
		ActionURL: "https://cadre.example.com/interviews/7",
	})
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), notify.Message{
		To: []string{"sam@example.com"}, Subject: subject, Text: text, HTML: html,
		ICS:     []byte(inviteICS),
		Headers: map[string]string{"X-Cadre-Kind": "interview_invite", "Reply-To": "recruiting@example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := mp.WaitTo(t, "sam@example.com", 5*time.Second)
	if got.Subject != "Interview scheduled" || got.From.Address != "cadre@example.com" {
		t.Errorf("subject %q from %q", got.Subject, got.From.Address)
	}
	if !strings.Contains(got.Text, "Avery Chen, 10 June") || !strings.Contains(got.HTML, `href="https://cadre.example.com/interviews/7"`) {
		t.Errorf("bodies:\n%s\n%s", got.Text, got.HTML)
	}
	h := mp.Headers(t, got.ID)
	if h["X-Cadre-Kind"][0] != "interview_invite" || h["Reply-To"][0] != "recruiting@example.com" {
		t.Errorf("headers: %v", h)
	}
	raw := mp.Raw(t, got.ID)
	if !strings.Contains(raw, "text/calendar; method=REQUEST") {
		t.Errorf("no text/calendar part with METHOD:REQUEST in:\n%s", raw)
	}
	var ics []byte
	for _, p := range got.Attachments {
		if p.FileName == "invite.ics" {
			ics = mp.PartBody(t, got.ID, p.PartID)
		}
	}
	if string(ics) != inviteICS {
		t.Errorf("invite.ics = %q (attachments %+v)", ics, got.Attachments)
	}
}

func TestSMTPMailerPermanentRejection(t *testing.T) {
	mp := mailtest.Start(t, mailtest.Options{AllowedRecipients: `^ok@`})
	m := newMailer(t, mp.Host, mp.SMTPPort)
	err := m.Send(context.Background(), notify.Message{To: []string{"gone@example.com"}, Subject: "x", Text: "x"})
	if !notify.IsPermanent(err) || !strings.Contains(err.Error(), "550") {
		t.Fatalf("Send to a refused recipient = %v, want a permanent 550", err)
	}
	if err := m.Send(context.Background(), notify.Message{To: []string{"ok@example.com"}, Subject: "x", Text: "x"}); err != nil {
		t.Fatalf("Send to an allowed recipient: %v", err)
	}
	if err := m.Send(context.Background(), notify.Message{To: []string{"not an address"}, Subject: "x", Text: "x"}); !notify.IsPermanent(err) {
		t.Fatalf("Send to an invalid address = %v, want permanent", err)
	}
}

func TestSMTPMailerDownIsTemporary(t *testing.T) {
	m := newMailer(t, "127.0.0.1", mailtest.FreePort(t))
	err := m.Send(context.Background(), notify.Message{To: []string{"a@example.com"}, Subject: "x", Text: "x"})
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("Send to a closed port = %v, want a temporary error", err)
	}
}

func TestNewSMTPMailerChecksConfig(t *testing.T) {
	for _, c := range []notify.SMTPConfig{
		{From: "a@example.com"},
		{Host: "mail.example.com"},
		{Host: "mail.example.com", From: "not an address"},
		{Host: "mail.example.com", From: "a@example.com", TLS: "sometimes"},
	} {
		if _, err := notify.NewSMTPMailer(c); err == nil {
			t.Errorf("NewSMTPMailer(%+v): want an error", c)
		}
	}
	for _, tls := range []string{"", "opportunistic", "starttls", "tls", "none"} {
		if _, err := notify.NewSMTPMailer(notify.SMTPConfig{Host: "mail.example.com", From: "a@example.com", TLS: tls}); err != nil {
			t.Errorf("TLS %q: %v", tls, err)
		}
	}
}

func TestICSMethod(t *testing.T) {
	for in, want := range map[string]string{
		inviteICS:                          "REQUEST",
		"BEGIN:VCALENDAR\nMETHOD:CANCEL\n": "CANCEL",
		"BEGIN:VCALENDAR\r\n":              "REQUEST",
		"METHOD:bad value; x=y\r\n":        "REQUEST",
	} {
		if got := notify.ICSMethod([]byte(in)); got != want {
			t.Errorf("ICSMethod(%q) = %q, want %q", in, got, want)
		}
	}
}
