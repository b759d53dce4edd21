package notify_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/notify/mailtest"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// fixedRetry retries after a short fixed delay, so retry tests take
// seconds instead of River's attempt^4 backoff.
type fixedRetry time.Duration

func (d fixedRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Duration(d)) }

func testLogger() *slog.Logger {
	if os.Getenv("CADRE_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// newJobs migrates River's tables and returns Jobs that poll quickly and
// retry after 150 ms; it is stopped when the test ends. Call Start.
func newJobs(t *testing.T, db *store.DB, m notify.Mailer, opts notify.Options) *notify.Jobs {
	t.Helper()
	if err := db.MigrateJobs(context.Background()); err != nil {
		t.Fatal(err)
	}
	opts.PollInterval = cmpOr(opts.PollInterval, 50*time.Millisecond)
	if opts.RetryPolicy == nil {
		opts.RetryPolicy = fixedRetry(150 * time.Millisecond)
	}
	j, err := notify.NewJobs(db, m, testLogger(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := j.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	return j
}

func start(t *testing.T, j *notify.Jobs) {
	t.Helper()
	if err := j.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func email(to, subject string) notify.SendEmailArgs {
	return notify.SendEmailArgs{To: []string{to}, Subject: subject, Text: "Body of " + subject, HTML: "<p>Body of " + subject + "</p>", Kind: "test"}
}

// enqueue enqueues an email in a store transaction that commits, or rolls
// back when rollback is set.
func enqueue(t *testing.T, db *store.DB, j *notify.Jobs, a notify.SendEmailArgs, rollback bool) {
	t.Helper()
	errRollback := errors.New("rolled back")
	err := db.InTx(context.Background(), func(c *store.Conn) error {
		if err := j.EnqueueEmailTx(context.Background(), c.Tx(), a); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if rollback && !errors.Is(err, errRollback) || !rollback && err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

// waitJob polls the job list until one job of kind satisfies cond.
func waitJob(t *testing.T, j *notify.Jobs, timeout time.Duration, what string, cond func(notify.JobRow) bool) notify.JobRow {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		rows, err := j.List(context.Background(), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if cond(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no job %s after %v: %+v", what, timeout, rows)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestJobsEmailOnlyWhenCommitted(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		mp := mailtest.Start(t, mailtest.Options{})
		j := newJobs(t, db, newMailer(t, mp.Host, mp.SMTPPort), notify.Options{})
		enqueue(t, db, j, email("committed@example.com", "Committed"), false)
		enqueue(t, db, j, email("rolledback@example.com", "Rolled back"), true)
		start(t, j)

		got := mp.WaitTo(t, "committed@example.com", 10*time.Second)
		if got.Subject != "Committed" || !strings.Contains(got.Text, "Body of Committed") || !strings.Contains(got.HTML, "<p>Body of Committed</p>") {
			t.Errorf("message: %+v", got)
		}
		done := waitJob(t, j, 5*time.Second, "completed", func(r notify.JobRow) bool { return r.State == "completed" })
		if done.Kind != notify.KindSendEmail || done.Queue != notify.QueueEmail || done.Summary != "test to committed@example.com" || done.Attempt != 1 {
			t.Errorf("job row: %+v", done)
		}
		rows, err := j.List(context.Background(), "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Errorf("jobs = %+v, want only the committed email", rows)
		}
		if ms := mp.Messages(t); len(ms) != 1 {
			t.Errorf("mailpit has %d messages, want 1", len(ms))
		}
	})
}

func TestJobsEmailRetriesUntilSMTPIsBack(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		port := mailtest.FreePort(t) // nothing listens yet: SMTP is down
		j := newJobs(t, db, newMailer(t, "127.0.0.1", port), notify.Options{MaxAttempts: 50})
		start(t, j)
		enqueue(t, db, j, email("later@example.com", "Eventually"), false)

		failed := waitJob(t, j, 10*time.Second, "that failed twice", func(r notify.JobRow) bool { return r.Errors >= 2 })
		if failed.State == "completed" || failed.State == "cancelled" || failed.State == "discarded" ||
			!strings.Contains(failed.LastError, "connection refused") {
			t.Fatalf("while SMTP is down: %+v", failed)
		}

		mp := mailtest.Start(t, mailtest.Options{SMTPPort: port})
		mp.WaitTo(t, "later@example.com", 10*time.Second)
		done := waitJob(t, j, 5*time.Second, "completed", func(r notify.JobRow) bool { return r.State == "completed" })
		if done.Attempt < 3 {
			t.Errorf("completed after %d attempts, want at least 3", done.Attempt)
		}
		time.Sleep(300 * time.Millisecond)
		if n := len(mp.Messages(t)); n != 1 {
			t.Errorf("delivered %d times, want once", n)
		}
	})
}

func TestJobsPermanentFailureIsCancelled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		mp := mailtest.Start(t, mailtest.Options{AllowedRecipients: `^ok@`})
		j := newJobs(t, db, newMailer(t, mp.Host, mp.SMTPPort), notify.Options{})
		start(t, j)
		enqueue(t, db, j, email("unknown@example.com", "Bounces"), false)

		c := waitJob(t, j, 10*time.Second, "cancelled", func(r notify.JobRow) bool { return r.State == "cancelled" })
		if c.Attempt != 1 || !strings.Contains(c.LastError, "550") || c.FinalizedAt == nil {
			t.Errorf("cancelled job: %+v", c)
		}
		// Retry from the jobs page runs it once more; still refused, it is
		// cancelled again rather than retried.
		if err := j.Retry(context.Background(), c.ID); err != nil {
			t.Fatal(err)
		}
		waitJob(t, j, 10*time.Second, "cancelled twice", func(r notify.JobRow) bool { return r.State == "cancelled" && r.Attempt == 2 })
		if rows, err := j.List(context.Background(), "cancelled", 10); err != nil || len(rows) != 1 {
			t.Errorf("List(cancelled) = %+v, %v", rows, err)
		}
		if len(mp.Messages(t)) != 0 {
			t.Error("a refused email was captured")
		}
		if err := j.Retry(context.Background(), 999999); kit.KindOf(err) != kit.KindOf(kit.NotFound("job")) {
			t.Errorf("Retry(missing) = %v, want not found", err)
		}
		if _, err := j.List(context.Background(), "bogus", 10); kit.KindOf(err) != kit.KindOf(kit.Invalid("state", "x")) {
			t.Errorf("List(bogus) = %v, want invalid", err)
		}
	})
}

func TestJobsDedupKey(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		j := newJobs(t, db, notify.LogMailer{}, notify.Options{InsertOnly: true})
		a := email("dup@example.com", "Once")
		a.DedupKey = "approval:88:step:1"
		enqueue(t, db, j, a, false)
		enqueue(t, db, j, a, false)
		b := email("dup@example.com", "Other")
		enqueue(t, db, j, b, false)
		enqueue(t, db, j, b, false)
		rows, err := j.List(context.Background(), "available", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Errorf("jobs = %d, want 3 (the deduplicated email once, the other twice)", len(rows))
		}
		if err := db.InTx(context.Background(), func(c *store.Conn) error {
			return j.EnqueueEmailTx(context.Background(), c.Tx(), notify.SendEmailArgs{Subject: "no one"})
		}); kit.KindOf(err) != kit.KindOf(kit.Invalid("email", "x")) {
			t.Errorf("enqueue without recipient = %v, want invalid", err)
		}
		if err := j.AddPeriodic("noop", time.Hour, func(context.Context) error { return nil }); err != nil {
			t.Errorf("AddPeriodic on an insert-only client: %v", err)
		}
		if err := j.EnqueueEmailTx(context.Background(), nil, a); err == nil {
			t.Error("enqueue without a transaction: want an error")
		}
	})
}

func TestJobsPeriodic(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		mp := mailtest.Start(t, mailtest.Options{})
		j := newJobs(t, db, newMailer(t, mp.Host, mp.SMTPPort), notify.Options{})
		var runs atomic.Int32
		// A digest sweep: each run enqueues the digest in its own
		// transaction; the dedup key keeps it to one email.
		err := j.AddPeriodic("digest", 200*time.Millisecond, func(ctx context.Context) error {
			runs.Add(1)
			subject, text, html, err := notify.RenderEmail("digest", notify.Digest{
				Title: "Your Cadre digest",
				Items: []notify.DigestItem{{Title: "I-9 section 2 for Avery Chen", Due: "Mon 15 Jun"}},
			})
			if err != nil {
				return err
			}
			return db.InTx(ctx, func(c *store.Conn) error {
				return j.EnqueueEmailTx(ctx, c.Tx(), notify.SendEmailArgs{
					To: []string{"sam@example.com"}, Subject: subject, Text: text, HTML: html,
					Kind: "digest", DedupKey: "digest:sam:2026-06-15",
				})
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.AddPeriodic("digest", time.Second, func(context.Context) error { return nil }); err == nil {
			t.Error("a second periodic job with the same name: want an error")
		}
		start(t, j)
		deadline := time.Now().Add(15 * time.Second)
		for runs.Load() < 3 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if n := runs.Load(); n < 3 {
			t.Fatalf("periodic job ran %d times in 15s, want at least 3", n)
		}
		got := mp.WaitTo(t, "sam@example.com", 5*time.Second)
		if got.Subject != "Your Cadre digest (1 item)" {
			t.Errorf("subject %q", got.Subject)
		}
		time.Sleep(300 * time.Millisecond)
		if n := len(mp.Messages(t)); n != 1 {
			t.Errorf("digest delivered %d times, want once", n)
		}
	})
}

// TestJobsTwoInstancesShareWork runs two Jobs on one PostgreSQL database,
// as two Cadre instances would: every email is sent exactly once, and both
// instances do some of the work.
func TestJobsTwoInstancesShareWork(t *testing.T) {
	t.Parallel()
	u, ok := storetest.URL(t, "postgres")
	if !ok {
		t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	mp := mailtest.Start(t, mailtest.Options{})
	var dbs []*store.DB
	var jobs []*notify.Jobs
	for _, id := range []string{"instance-a", "instance-b"} {
		db, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		j := newJobs(t, db, newMailer(t, mp.Host, mp.SMTPPort), notify.Options{ID: id, Concurrency: 2})
		start(t, j)
		dbs, jobs = append(dbs, db), append(jobs, j)
	}
	const n = 30
	for i := range n {
		enqueue(t, dbs[i%2], jobs[i%2], email(fmt.Sprintf("person%02d@example.com", i), fmt.Sprintf("Email %02d", i)), false)
	}
	mp.Wait(t, 20*time.Second, func(ms []mailtest.Summary) bool { return len(ms) >= n })
	time.Sleep(300 * time.Millisecond)
	seen := map[string]int{}
	for _, m := range mp.Messages(t) {
		seen[m.Subject]++
	}
	for i := range n {
		if s := fmt.Sprintf("Email %02d", i); seen[s] != 1 {
			t.Errorf("%s delivered %d times, want once", s, seen[s])
		}
	}
	rows := waitAll(t, jobs[0], n)
	by := map[string]int{}
	for _, r := range rows {
		if r.Attempt != 1 || len(r.AttemptedBy) != 1 {
			t.Errorf("job %d: attempt %d by %v, want one attempt", r.ID, r.Attempt, r.AttemptedBy)
			continue
		}
		by[r.AttemptedBy[0]]++
	}
	t.Logf("jobs worked per instance: %v", by)
	if by["instance-a"] == 0 || by["instance-b"] == 0 {
		t.Errorf("one instance did all the work: %v", by)
	}
}

// waitAll waits until n jobs are completed and returns them.
func waitAll(t *testing.T, j *notify.Jobs, n int) []notify.JobRow {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rows, err := j.List(context.Background(), "completed", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) >= n || time.Now().After(deadline) {
			if len(rows) != n {
				t.Fatalf("%d completed jobs, want %d", len(rows), n)
			}
			return rows
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type reminderArgs struct {
	TaskID int64 `json:"task_id"`
}

func (reminderArgs) Kind() string { return "test_reminder" }

// TestJobsCustomKind registers a job kind of the caller's own and enqueues
// it in a store transaction with EnqueueTx.
func TestJobsCustomKind(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		got := make(chan int64, 1)
		j := newJobs(t, db, notify.LogMailer{}, notify.Options{Register: func(w *river.Workers) error {
			return river.AddWorkerSafely(w, river.WorkFunc(func(ctx context.Context, job *river.Job[reminderArgs]) error {
				got <- job.Args.TaskID
				return nil
			}))
		}})
		start(t, j)
		var id int64
		if err := db.InTx(context.Background(), func(c *store.Conn) error {
			var err error
			id, err = j.EnqueueTx(context.Background(), c.Tx(), reminderArgs{TaskID: 42}, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		select {
		case n := <-got:
			if n != 42 {
				t.Errorf("task id %d", n)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the custom job did not run")
		}
		row := waitJob(t, j, 5*time.Second, "completed", func(r notify.JobRow) bool { return r.ID == id && r.State == "completed" })
		if g, err := j.Get(context.Background(), id); err != nil || g.Kind != "test_reminder" || g.State != row.State {
			t.Errorf("Get = %+v, %v", g, err)
		}
	})
}
