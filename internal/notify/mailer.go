package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Message is one email. To must hold at least one address; Text, HTML or
// both make the body (both become multipart/alternative).
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	// ICS is an optional RFC 5545 calendar object (an interview invite).
	// Its METHOD line (REQUEST or CANCEL; REQUEST when absent) is carried
	// on the text/calendar part so that mail clients offer to accept or
	// remove the event; the same bytes are attached as invite.ics.
	ICS []byte
	// Attachments are files sent with the message (a notice's PDF).
	Attachments []Attachment
	// Headers are extra header fields, such as "Reply-To" or
	// "List-Unsubscribe". "Message-ID" (without angle brackets) replaces the
	// generated one.
	Headers map[string]string
}

// Attachment is a file attached to an email.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// Mailer sends email. An error wrapped by Permanent (see IsPermanent)
// means retrying cannot help: the job that sent it is cancelled, not
// retried.
type Mailer interface {
	Send(ctx context.Context, msg Message) error
}

// PermanentError is a delivery failure that retrying cannot fix: a 5xx
// SMTP reply (unknown recipient, rejected sender, message refused) or a
// message that cannot be built (an invalid address).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as a permanent delivery failure.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err is, or wraps, a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// SMTPConfig configures SMTPMailer. Cadre reads it from CADRE_SMTP_* (see
// docs/operations.md).
type SMTPConfig struct {
	Host     string
	Port     int // 587 when zero (465 with TLS "tls")
	Username string
	Password string
	// From is the envelope and header sender, such as
	// "Cadre <hr@example.com>".
	From string
	// TLS is the transport security: "opportunistic" (the default: STARTTLS
	// when offered), "starttls" (STARTTLS required), "tls" (implicit TLS,
	// usually port 465) or "none" (plain text, for a capture server on
	// localhost).
	TLS string
	// Timeout bounds dialling and each SMTP command; 15 s when zero.
	Timeout time.Duration
}

// SMTPMailer sends each Message over one SMTP connection of its own.
type SMTPMailer struct {
	cfg  SMTPConfig
	opts []mail.Option
}

// NewSMTPMailer checks cfg and returns a mailer. It does not connect.
func NewSMTPMailer(cfg SMTPConfig) (*SMTPMailer, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: host is required")
	}
	if cfg.From == "" {
		return nil, errors.New("smtp: from address is required")
	}
	if err := mail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("smtp: from address %q: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	opts := []mail.Option{mail.WithTimeout(cfg.Timeout)}
	switch strings.ToLower(cfg.TLS) {
	case "", "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "starttls", "mandatory":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls", "ssl":
		opts = append(opts, mail.WithSSL())
		if cfg.Port == 0 {
			cfg.Port = 465
		}
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("smtp: TLS %q: want opportunistic, starttls, tls or none", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	opts = append(opts, mail.WithPort(cfg.Port))
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	return &SMTPMailer{cfg: cfg, opts: opts}, nil
}

// Send delivers msg. A 5xx reply or an unbuildable message is returned as
// a PermanentError; anything else (connection refused, timeouts, 4xx) is
// temporary.
func (m *SMTPMailer) Send(ctx context.Context, msg Message) error {
	mm, err := m.build(msg)
	if err != nil {
		return Permanent(fmt.Errorf("smtp: %w", err))
	}
	c, err := mail.NewClient(m.cfg.Host, m.opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, mm); err != nil {
		err = fmt.Errorf("smtp %s:%d: %w", m.cfg.Host, m.cfg.Port, err)
		if permanentSMTP(err) {
			return Permanent(err)
		}
		return err
	}
	return nil
}

// permanentSMTP reports a 5xx reply to a command of the send, or a message
// go-mail could not address.
func permanentSMTP(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return false
	}
	if code := se.ErrorCode(); code >= 500 && code < 600 {
		return true
	}
	switch se.Reason {
	case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded:
		return true
	}
	return false
}

var headerName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

func (m *SMTPMailer) build(msg Message) (*mail.Msg, error) {
	if len(msg.To) == 0 {
		return nil, errors.New("message has no recipient")
	}
	if msg.Text == "" && msg.HTML == "" {
		return nil, errors.New("message has no body")
	}
	mm := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := mm.From(m.cfg.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := mm.To(msg.To...); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	mm.Subject(msg.Subject)
	mm.SetDate()
	mm.SetMessageID()
	for k, v := range msg.Headers {
		if !headerName.MatchString(k) || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("header %q: invalid name or value", k)
		}
		switch strings.ToLower(k) {
		case "message-id":
			mm.SetMessageIDWithValue(strings.Trim(v, "<>"))
		case "from", "to", "cc", "bcc", "subject", "date", "content-type", "mime-version", "content-transfer-encoding":
			return nil, fmt.Errorf("header %q is set by the mailer", k)
		default:
			mm.SetGenHeader(mail.Header(k), v)
		}
	}
	switch {
	case msg.Text != "" && msg.HTML != "":
		mm.SetBodyString(mail.TypeTextPlain, msg.Text)
		mm.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	case msg.Text != "":
		mm.SetBodyString(mail.TypeTextPlain, msg.Text)
	default:
		mm.SetBodyString(mail.TypeTextHTML, msg.HTML)
	}
	if len(msg.ICS) > 0 {
		method := ICSMethod(msg.ICS)
		mm.AddAlternativeString(mail.ContentType("text/calendar; method="+method), string(msg.ICS))
		mm.AttachReadSeeker("invite.ics", strings.NewReader(string(msg.ICS)),
			mail.WithFileContentType(mail.ContentType("application/ics")))
	}
	for _, a := range msg.Attachments {
		if err := mm.AttachReader(a.Name, bytes.NewReader(a.Data), mail.WithFileContentType(mail.ContentType(a.ContentType))); err != nil {
			return nil, err
		}
	}
	return mm, nil
}

// ICSMethod returns the METHOD property of a calendar object (REQUEST,
// CANCEL, …), or REQUEST when it has none.
func ICSMethod(ics []byte) string {
	for line := range strings.SplitSeq(string(ics), "\n") {
		line = strings.TrimRight(line, "\r")
		if v, ok := strings.CutPrefix(strings.ToUpper(line), "METHOD:"); ok {
			v = strings.TrimSpace(v)
			if v != "" && strings.IndexFunc(v, func(r rune) bool { return (r < 'A' || r > 'Z') && r != '-' }) < 0 {
				return v
			}
		}
	}
	return "REQUEST"
}

// LogMailer logs each message instead of sending it: the mailer when SMTP
// is not configured (development, demos). Bodies are not logged.
type LogMailer struct{ Logger *slog.Logger }

// Send logs msg's recipients and subject.
func (m LogMailer) Send(ctx context.Context, msg Message) error {
	if m.Logger != nil {
		m.Logger.InfoContext(ctx, "email not sent: SMTP is not configured",
			"to", strings.Join(msg.To, ", "), "subject", msg.Subject)
	}
	return nil
}
