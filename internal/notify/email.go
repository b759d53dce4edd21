package notify

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"strings"

	"github.com/riverqueue/river"
)

// KindSendEmail is the River job kind of SendEmailArgs.
const KindSendEmail = "send_email"

// QueueEmail is the River queue emails go through, apart from the default
// queue so that a slow SMTP server never holds up other jobs.
const QueueEmail = "email"

// SendEmailArgs is one email to send in the background. Render the bodies
// with RenderEmail when the job is enqueued, so that the email says what
// was true when the transaction committed.
type SendEmailArgs struct {
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Text    string   `json:"text,omitempty"`
	HTML    string   `json:"html,omitempty"`
	ICS     []byte   `json:"ics,omitempty"`
	// Attachments travel in the job (keep them small: a notice's PDF).
	Attachments []Attachment      `json:"attachments,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	// Kind says what the email is about ("approval_requested",
	// "digest", …); it appears in logs and on the jobs page.
	Kind string `json:"kind,omitempty"`
	// DedupKey, when set, makes the email unique: a second enqueue with the
	// same key is skipped while the first job is queued, running, retrying
	// or completed (River keeps completed jobs for 24 hours). A cancelled
	// or discarded job frees the key.
	DedupKey string `json:"dedup_key,omitempty" river:"unique"`
}

func (a SendEmailArgs) validate() error {
	if len(a.To) == 0 {
		return errors.New("email has no recipient")
	}
	for _, to := range a.To {
		if strings.TrimSpace(to) == "" {
			return errors.New("email has an empty recipient")
		}
	}
	if a.Text == "" && a.HTML == "" {
		return errors.New("email has no body")
	}
	return nil
}

func (a SendEmailArgs) message() Message {
	return Message{To: a.To, Subject: a.Subject, Text: a.Text, HTML: a.HTML, ICS: a.ICS, Attachments: a.Attachments, Headers: maps.Clone(a.Headers)}
}

// EmailJob is the River job args for SendEmailArgs. (The embedded args'
// Kind field is the email's kind; River's Kind method is on the wrapper.)
type EmailJob struct{ SendEmailArgs }

// Kind is the River job kind.
func (EmailJob) Kind() string { return KindSendEmail }

// SendEmailWorker sends EmailJob jobs through a Mailer. A temporary
// failure returns the error, so River retries with backoff; a permanent
// one (a 5xx reply such as an unknown recipient, or an unbuildable
// message) cancels the job, which keeps the error for the jobs page.
type SendEmailWorker struct {
	river.WorkerDefaults[EmailJob]
	Mailer Mailer
	Logger *slog.Logger
}

// Work sends one email.
func (w *SendEmailWorker) Work(ctx context.Context, job *river.Job[EmailJob]) error {
	a := job.Args.SendEmailArgs
	log := w.Logger.With("job_id", job.ID, "email_kind", a.Kind, "attempt", job.Attempt)
	if err := a.validate(); err != nil {
		log.WarnContext(ctx, "email cancelled", "err", err)
		return river.JobCancel(Permanent(err))
	}
	err := w.Mailer.Send(ctx, a.message())
	switch {
	case err == nil:
		log.InfoContext(ctx, "email sent", "recipients", len(a.To))
		return nil
	case IsPermanent(err):
		log.WarnContext(ctx, "email rejected permanently; job cancelled", "err", err)
		return river.JobCancel(err)
	default:
		return err // River logs it and retries with backoff
	}
}
