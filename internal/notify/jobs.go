package notify

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
)

// KindPeriodic is the River job kind that runs a function added with
// AddPeriodic.
const KindPeriodic = "periodic"

// Options tune Jobs. The zero value suits production.
type Options struct {
	// ID names this instance in River's job rows (attempted_by); River
	// generates one when empty.
	ID string
	// InsertOnly makes a client that enqueues but never works jobs (CLI
	// commands, tests of what a request enqueues).
	InsertOnly bool
	// Concurrency is how many jobs of each queue run at once; 4 when zero.
	Concurrency int
	// MaxAttempts bounds the attempts of an email or job; 8 when zero
	// (about 80 minutes of backoff with River's default attempt^4 s policy),
	// after which the job is discarded and shown on the jobs page.
	MaxAttempts int
	// PollInterval is how often each instance looks for new jobs; 1 s
	// when zero.
	PollInterval time.Duration
	// RetryPolicy replaces River's default backoff (attempt^4 seconds).
	RetryPolicy river.ClientRetryPolicy
	// JobTimeout bounds one attempt; 1 minute when zero.
	JobTimeout time.Duration
	// Register adds the caller's own workers (other job kinds).
	Register func(*river.Workers) error
}

// Jobs runs Cadre's background jobs on River, in the application
// database. See the package documentation for enqueueing in a domain
// transaction.
type Jobs struct {
	client      *river.Client[*sql.Tx]
	logger      *slog.Logger
	maxAttempts int
	insertOnly  bool

	mu       sync.RWMutex
	periodic map[string]func(context.Context) error
}

// NewJobs builds the River client on db (migrate it first with
// db.MigrateJobs) with the email and periodic workers. It does not start
// working jobs until Start.
func NewJobs(db *store.DB, mailer Mailer, logger *slog.Logger, opts Options) (*Jobs, error) {
	if mailer == nil {
		return nil, errors.New("jobs: a mailer is required (use LogMailer when SMTP is not configured)")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	j := &Jobs{
		logger:      logger,
		maxAttempts: cmp.Or(opts.MaxAttempts, 8),
		insertOnly:  opts.InsertOnly,
		periodic:    map[string]func(context.Context) error{},
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &SendEmailWorker{Mailer: mailer, Logger: logger}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &periodicWorker{jobs: j}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if opts.Register != nil {
		if err := opts.Register(workers); err != nil {
			return nil, fmt.Errorf("jobs: register workers: %w", err)
		}
	}
	poll := cmp.Or(opts.PollInterval, time.Second)
	cfg := &river.Config{
		ID:                opts.ID,
		Logger:            logger.With("component", "river"),
		MaxAttempts:       j.maxAttempts,
		RetryPolicy:       opts.RetryPolicy,
		JobTimeout:        cmp.Or(opts.JobTimeout, time.Minute),
		FetchPollInterval: poll,
		FetchCooldown:     min(poll, 100*time.Millisecond),
		Workers:           workers,
		// Failed emails stay on the jobs page for a week (River's default
		// for discarded jobs; cancelled ones would go after a day).
		CancelledJobRetentionPeriod: 7 * 24 * time.Hour,
	}
	if !opts.InsertOnly {
		n := cmp.Or(opts.Concurrency, 4)
		cfg.Queues = map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: n},
			QueueEmail:         {MaxWorkers: n},
		}
	}
	c, err := river.NewClient(db.JobDriver(), cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	j.client = c
	return j, nil
}

// Client is the River client, for enqueueing the caller's own job kinds.
func (j *Jobs) Client() *river.Client[*sql.Tx] { return j.client }

// Start begins working jobs (and, on the elected leader, enqueueing
// periodic ones). Only ctx's values are used: cancelling it does not stop
// the jobs; call Stop for that. An InsertOnly Jobs does nothing.
func (j *Jobs) Start(ctx context.Context) error {
	if j.insertOnly {
		return nil
	}
	if err := j.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running ones to finish until ctx
// is done, then cancels those still running (River retries them later)
// and waits up to 5 more seconds for them to return.
func (j *Jobs) Stop(ctx context.Context) error {
	if j.insertOnly {
		return nil
	}
	err := j.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		err = j.client.StopAndCancel(hard)
	}
	if err != nil {
		return fmt.Errorf("jobs stop: %w", err)
	}
	return nil
}

// EnqueueEmailTx enqueues an email inside tx, the domain's transaction
// (store.Conn.Tx): it is sent only if tx commits. With a DedupKey, a
// duplicate is skipped without error. Errors are kit Invalid for a bad
// email, or the database error.
func (j *Jobs) EnqueueEmailTx(ctx context.Context, tx *sql.Tx, args SendEmailArgs) error {
	if tx == nil {
		return errors.New("enqueue email: no transaction (call inside store.DB.InTx, with Conn.Tx)")
	}
	if err := args.validate(); err != nil {
		return kit.Invalid("email", err.Error())
	}
	if _, err := j.client.InsertTx(ctx, tx, EmailJob{args}, j.emailOpts(args)); err != nil {
		return fmt.Errorf("enqueue email: %w", err)
	}
	return nil
}

// EnqueueEmail enqueues an email in a transaction of its own, for code
// that has no domain transaction (an admin's test email). Never call it
// inside store.DB.InTx: on SQLite the transaction holds the only writer
// connection, so this would wait forever; use EnqueueEmailTx there.
func (j *Jobs) EnqueueEmail(ctx context.Context, args SendEmailArgs) error {
	if err := args.validate(); err != nil {
		return kit.Invalid("email", err.Error())
	}
	if _, err := j.client.Insert(ctx, EmailJob{args}, j.emailOpts(args)); err != nil {
		return fmt.Errorf("enqueue email: %w", err)
	}
	return nil
}

func (j *Jobs) emailOpts(args SendEmailArgs) *river.InsertOpts {
	o := &river.InsertOpts{Queue: QueueEmail, MaxAttempts: j.maxAttempts}
	if args.DedupKey != "" {
		o.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	return o
}

// EnqueueTx enqueues a job of the caller's own kind (registered through
// Options.Register) inside tx, returning its id; a job skipped as a
// unique duplicate returns the existing job's id.
func (j *Jobs) EnqueueTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	if tx == nil {
		return 0, errors.New("enqueue: no transaction (call inside store.DB.InTx, with Conn.Tx)")
	}
	res, err := j.client.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// periodicJob runs the function added under Name.
type periodicJob struct {
	Name string `json:"name" river:"unique"`
}

func (periodicJob) Kind() string { return KindPeriodic }

type periodicWorker struct {
	river.WorkerDefaults[periodicJob]
	jobs *Jobs
}

func (w *periodicWorker) Work(ctx context.Context, job *river.Job[periodicJob]) error {
	w.jobs.mu.RLock()
	fn := w.jobs.periodic[job.Args.Name]
	w.jobs.mu.RUnlock()
	if fn == nil {
		// Another instance may know it (a rolling deploy); retry there.
		return fmt.Errorf("periodic job %q is not registered on this instance", job.Args.Name)
	}
	start := time.Now()
	if err := fn(ctx); err != nil {
		return fmt.Errorf("periodic %s: %w", job.Args.Name, err)
	}
	w.jobs.logger.DebugContext(ctx, "periodic job done", "name", job.Args.Name, "took", time.Since(start))
	return nil
}

// AddPeriodic runs fn every interval on one instance of the cluster (the
// elected leader enqueues; any instance may work it). It also runs soon
// after a leader is elected, since River does not remember schedules
// across restarts, so fn must be idempotent. A run is not enqueued while
// the previous one is still queued or running. Call it before or after
// Start; names must be unique. On an InsertOnly Jobs it does nothing.
func (j *Jobs) AddPeriodic(name string, interval time.Duration, fn func(context.Context) error) error {
	if name == "" || fn == nil || interval <= 0 {
		return errors.New("add periodic: name, positive interval and function are required")
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, dup := j.periodic[name]; dup {
		return fmt.Errorf("add periodic: %q already added", name)
	}
	if j.insertOnly {
		j.periodic[name] = fn // never runs: this client works no jobs
		return nil
	}
	pj := river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) {
			return periodicJob{Name: name}, &river.InsertOpts{
				MaxAttempts: 3,
				UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
					rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
					rivertype.JobStateRetryable, rivertype.JobStateScheduled,
				}},
			}
		},
		&river.PeriodicJobOpts{ID: name, RunOnStart: true})
	if _, err := j.client.PeriodicJobs().AddSafely(pj); err != nil {
		return fmt.Errorf("add periodic %s: %w", name, err)
	}
	j.periodic[name] = fn
	return nil
}

// JobRow is one job for the admin jobs page. It carries no email body or
// subject (the admin role sees no HR records): Summary names the email's
// kind and recipients, or the periodic job's name.
type JobRow struct {
	ID          int64
	Kind        string
	Queue       string
	State       string
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	AttemptedAt *time.Time
	FinalizedAt *time.Time
	AttemptedBy []string // the instances (client ids) that ran it
	Summary     string
	LastError   string
	Errors      int
}

// JobStates lists the states List accepts.
func JobStates() []string {
	var out []string
	for _, s := range rivertype.JobStates() {
		out = append(out, string(s))
	}
	slices.Sort(out)
	return out
}

// List returns up to limit jobs (100 when limit <= 0, at most 1000),
// newest first, in state (any state when ""). An unknown state is kit
// Invalid.
func (j *Jobs) List(ctx context.Context, state string, limit int) ([]JobRow, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	p := river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit)
	if state != "" {
		if !slices.Contains(JobStates(), state) {
			return nil, kit.Invalid("state", "unknown job state "+state+"; want one of "+strings.Join(JobStates(), ", "))
		}
		p = p.States(rivertype.JobState(state))
	}
	res, err := j.client.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]JobRow, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, jobRow(r))
	}
	return out, nil
}

func jobRow(r *rivertype.JobRow) JobRow {
	row := JobRow{
		ID: r.ID, Kind: r.Kind, Queue: r.Queue, State: string(r.State),
		Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt,
		AttemptedAt: r.AttemptedAt, FinalizedAt: r.FinalizedAt,
		AttemptedBy: r.AttemptedBy, Errors: len(r.Errors),
	}
	if n := len(r.Errors); n > 0 {
		row.LastError = r.Errors[n-1].Error
	}
	switch r.Kind {
	case KindSendEmail:
		var a SendEmailArgs
		if json.Unmarshal(r.EncodedArgs, &a) == nil {
			row.Summary = cmp.Or(a.Kind, "email") + " to " + strings.Join(a.To, ", ")
		}
	case KindPeriodic:
		var a periodicJob
		if json.Unmarshal(r.EncodedArgs, &a) == nil {
			row.Summary = a.Name
		}
	}
	return row
}

// Get returns one job; kit NotFound when it does not exist.
func (j *Jobs) Get(ctx context.Context, id int64) (JobRow, error) {
	r, err := j.client.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return JobRow{}, kit.NotFound("job")
	}
	if err != nil {
		return JobRow{}, fmt.Errorf("get job: %w", err)
	}
	return jobRow(r), nil
}

// Retry makes a job available to run again now, whatever its state (a
// cancelled or discarded email after fixing SMTP settings; a running job
// is left alone). kit NotFound when it does not exist.
func (j *Jobs) Retry(ctx context.Context, id int64) error {
	_, err := j.client.JobRetry(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return kit.NotFound("job")
	}
	if err != nil {
		return fmt.Errorf("retry job: %w", err)
	}
	return nil
}

// Cancel cancels a job that has not finished. kit NotFound when it does
// not exist.
func (j *Jobs) Cancel(ctx context.Context, id int64) error {
	_, err := j.client.JobCancel(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return kit.NotFound("job")
	}
	if err != nil {
		return fmt.Errorf("cancel job: %w", err)
	}
	return nil
}
