// Package notify runs Cadre's background jobs and sends its email.
//
// Jobs are River jobs (riverqueue/river) stored in the application
// database, on SQLite and PostgreSQL alike. River gives transactional
// enqueue, retries with backoff, periodic jobs run by one elected leader
// across instances, and an admin view (Jobs.List, Jobs.Retry).
//
// # Enqueueing in the domain's transaction
//
// A use case writes its rows, its audit entry and its jobs in one
// transaction (an outbox): an email is sent only if the change commits,
// and a rolled-back change sends nothing. Inside store.DB.InTx, the
// *store.Conn's Tx is the *sql.Tx to hand to the Jobs:
//
//	err := db.InTx(ctx, func(c *store.Conn) error {
//		// … the domain's writes through c …
//		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
//			Title:     "Approval needed: requisition R-104",
//			Lines:     []string{"Dana Reyes asks you to approve a Senior Engineer requisition."},
//			ActionURL: baseURL + "/approvals/88",
//		})
//		if err != nil {
//			return err
//		}
//		return jobs.EnqueueEmailTx(ctx, c.Tx(), notify.SendEmailArgs{
//			To: []string{approver.Email}, Subject: subject, Text: text, HTML: html,
//			Kind: "approval_requested", DedupKey: "approval:88:step:1",
//		})
//	})
//
// Domain packages never see *sql.Tx, and neither they nor store may
// import notify (it depends on store). A domain's Store interface declares
// the operation in its own terms (work's InsertNotification, say); the
// store adapter holding the Conn implements it by writing its rows and
// calling a hook, func(ctx, *sql.Tx, …) error, that app builds from the
// Jobs (rendering the email and calling EnqueueEmailTx) and hands to the
// store at start-up; the adapter passes c.Tx(). Other job kinds are
// registered with Options.Register and enqueued with Jobs.EnqueueTx.
//
// On SQLite the transaction holds the only writer connection: inside InTx
// use only the Tx variants (EnqueueEmail, List or Retry would wait for the
// connection forever).
//
// # Email
//
// Mailer has an SMTP implementation (SMTPMailer, wneessen/go-mail) and a
// LogMailer for installations without SMTP. Templates are embedded
// text/html pairs rendered by RenderEmail. SendEmailWorker retries
// temporary failures (connection refused, 4xx) with River's backoff up to
// Options.MaxAttempts, and cancels a job on a permanent failure (a 5xx
// reply such as an unknown recipient) so that it does not retry forever;
// the job keeps the SMTP error and can be retried from the jobs page.
//
// Tests send through real SMTP to mailpit; see package mailtest.
package notify
