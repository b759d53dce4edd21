package app

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/webhooks"
	"github.com/cadrehq/cadre/internal/work"

	"github.com/riverqueue/river"
)

// smtpConfig reads CADRE_SMTP_*; ok is false when no host is set (mail is
// then written to the log instead of sent).
func smtpConfig(getenv func(string) string) (notify.SMTPConfig, bool, error) {
	cfg := notify.SMTPConfig{
		Host: envOr(getenv, "CADRE_SMTP_HOST", ""), Username: envOr(getenv, "CADRE_SMTP_USERNAME", ""),
		Password: envOr(getenv, "CADRE_SMTP_PASSWORD", ""), From: envOr(getenv, "CADRE_SMTP_FROM", "Cadre <cadre@localhost>"),
		TLS: envOr(getenv, "CADRE_SMTP_TLS", ""),
	}
	if p := envOr(getenv, "CADRE_SMTP_PORT", ""); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return cfg, false, fmt.Errorf("CADRE_SMTP_PORT %q is not a port number", p)
		}
		cfg.Port = n
	}
	return cfg, cfg.Host != "", nil
}

// Mail is the email side of the work backbone: notification emails in the
// notification's transaction, and the daily digest for HR managers.
type Mail struct {
	Jobs    *notify.Jobs
	BaseURL string
	Log     *slog.Logger
	// Employer names the company in candidate emails.
	Employer func(context.Context) string
}

func (m *Mail) team(ctx context.Context) string {
	if m.Employer == nil {
		return "The recruiting team."
	}
	return m.Employer(ctx) + " recruiting team."
}

// Hook returns the store's notification hook: every in-app notification
// also becomes an email job in the same transaction (unless the user
// turned email off).
func (m *Mail) Hook() store.NotificationHook {
	return func(ctx context.Context, tx *sql.Tx, userID int64, email, name, kind, title, body, link string) error {
		if email == "" {
			return nil
		}
		data := notify.Notification{Title: title, Greeting: "Hello " + firstWord(name) + ",", ActionText: "Open in Cadre", ActionURL: m.BaseURL + link,
			Footer: "You get this because of your work in Cadre. Turn these emails off under Settings → Notifications."}
		if body != "" {
			data.Lines = []string{body}
		}
		subject, text, html, err := notify.RenderEmail("notification", data)
		if err != nil {
			return err
		}
		args := notify.SendEmailArgs{To: []string{email}, Subject: subject, Text: text, HTML: html, Kind: kind}
		if tx == nil {
			return m.Jobs.EnqueueEmail(ctx, args)
		}
		return m.Jobs.EnqueueEmailTx(ctx, tx, args)
	}
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i]
	}
	return s
}

// digestApprovals is how many waiting requests a digest lists.
const digestApprovals = 25

// Digest sends each HR manager and director a daily summary: approvals
// waiting on them and overdue tasks in their scope. One per person per day
// (the job is unique by person and date).
func (m *Mail) Digest(ctx context.Context, db *store.DB, svc Services, today date.Date) error {
	users, err := db.Access().ListUsers(ctx, access.UserQuery{Roles: []access.Role{access.RoleManager, access.RoleDirector}, ActiveOnly: true})
	if err != nil {
		return err
	}
	for _, u := range users {
		if !u.Active {
			continue
		}
		a, err := svc.Access.ActorFor(ctx, u)
		if err != nil {
			return err
		}
		if !a.Has(access.RoleManager) && !a.Has(access.RoleDirector) {
			continue
		}
		prefs, err := svc.Notifications.GetPreferences(ctx, a)
		if err != nil {
			return err
		}
		if !prefs.Email || prefs.Muted["digest"] {
			continue
		}
		var items []notify.DigestItem
		aps, more, _, err := svc.Work.Waiting(ctx, a, digestApprovals, true)
		if err != nil {
			return err
		}
		for _, ap := range aps {
			items = append(items, notify.DigestItem{Title: ap.Title, Detail: "Waiting for a decision since " + ap.CreatedAt.Format("Jan 2"), URL: m.BaseURL + fmt.Sprintf("/approvals/%d", ap.ID)})
		}
		if more {
			items = append(items, notify.DigestItem{Title: "More requests are waiting", Detail: fmt.Sprintf("The newest %d are above; the approvals page has every one.", digestApprovals), URL: m.BaseURL + "/approvals"})
		}
		overdue, err := svc.Tasks.List(ctx, a, work.TaskFilter{Statuses: []string{work.TaskOpen, work.TaskInProgress, work.TaskWaiting}, DueBefore: today, Limit: 200})
		if err != nil {
			return err
		}
		for _, t := range overdue {
			who := "unassigned"
			if t.OwnerName != "" {
				who = t.OwnerName
			}
			items = append(items, notify.DigestItem{Title: t.Title, Detail: "Overdue, " + who, URL: m.BaseURL + fmt.Sprintf("/tasks/%d", t.ID), Due: t.DueOn.Format("Jan 2")})
		}
		if len(items) == 0 {
			continue
		}
		subject, text, html, err := notify.RenderEmail("digest", notify.Digest{Title: "Your HR digest for " + today.Format("Monday, January 2"), Greeting: "Hello " + firstWord(u.Name) + ",",
			Intro: fmt.Sprintf("%d approvals and overdue tasks need your attention.", len(items)), Items: items, ActionText: "Open Cadre", ActionURL: m.BaseURL + "/"})
		if err != nil {
			return err
		}
		if err := m.Jobs.EnqueueEmail(ctx, notify.SendEmailArgs{To: []string{u.Email}, Subject: subject, Text: text, HTML: html, Kind: "digest",
			DedupKey: fmt.Sprintf("digest:%d:%s", u.ID, today)}); err != nil {
			return err
		}
	}
	return nil
}

// startJobs starts the job client with the periodic work: applying
// effective-dated changes hourly and the daily digest (one leader runs
// them across instances).
func startJobs(ctx context.Context, db *store.DB, svc Services, mailer notify.Mailer, log *slog.Logger, baseURL string, clock func() time.Time) (*Mail, error) {
	jobs, err := notify.NewJobs(db, mailer, log, notify.Options{Register: func(w *river.Workers) error {
		return river.AddWorkerSafely(w, &webhookWorker{svc: svc.Webhooks})
	}})
	if err != nil {
		return nil, err
	}
	// A webhook delivery's job is queued in the transaction that stores it.
	db.SetWebhookHook(func(ctx context.Context, tx *sql.Tx, id int64) error {
		_, err := jobs.EnqueueTx(ctx, tx, webhookDeliveryArgs{DeliveryID: id}, &river.InsertOpts{MaxAttempts: webhooks.MaxAttempts})
		return err
	})
	// Directory feeds due today are queued (hourly; each once a day).
	if err := jobs.AddPeriodic("export-feeds", time.Hour, func(ctx context.Context) error {
		n, err := svc.Webhooks.QueueDirectoryFeeds(ctx)
		if err == nil && n > 0 {
			log.Info("queued directory feeds", "feeds", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Events from the audit log become webhook deliveries within seconds.
	if err := jobs.AddPeriodic("webhook-dispatch", 10*time.Second, func(ctx context.Context) error {
		n, err := svc.Webhooks.Dispatch(ctx)
		if err == nil && n > 0 {
			log.Info("queued webhook deliveries", "deliveries", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	m := &Mail{Jobs: jobs, BaseURL: baseURL, Log: log, Employer: svc.Hiring.Employer}
	if err := jobs.AddPeriodic("apply-due-changes", time.Hour, func(ctx context.Context) error {
		n, err := svc.People.ApplyDueChanges(ctx)
		if err == nil && n > 0 {
			log.Info("applied effective-dated changes", "employees", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Candidates whose retention ran out are erased (hourly: a candidate
	// is due from the start of the day, and a run with nothing due is one
	// indexed query).
	if err := jobs.AddPeriodic("purge-candidates", time.Hour, func(ctx context.Context) error {
		n, err := svc.Hiring.PurgeDue(ctx)
		if err == nil && n > 0 {
			log.Info("erased candidates' personal data under the retention rule", "candidates", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Employees who have not acknowledged a policy by its due date are
	// reminded, then weekly until they do.
	if err := jobs.AddPeriodic("policy-reminders", time.Hour, func(ctx context.Context) error {
		n, err := svc.Policies.Remind(ctx)
		if err == nil && n > 0 {
			log.Info("reminded employees to acknowledge policies", "employees", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Forms I-9 whose work authorization expires within 90 (then 30)
	// days get their reverification tasks in the compliance queue.
	if err := jobs.AddPeriodic("i9-reverification", time.Hour, func(ctx context.Context) error {
		if n, err := svc.I9.Backfill(ctx); err != nil {
			return err
		} else if n > 0 {
			log.Info("started missing Form I-9 records", "forms", n)
		}
		if n, err := svc.I9.Escalate(ctx); err != nil {
			return err
		} else if n > 0 {
			log.Info("escalated overdue Forms I-9", "forms", n)
		}
		n, err := svc.I9.ReverifyTasks(ctx)
		if err == nil && n > 0 {
			log.Info("opened Form I-9 reverification tasks", "tasks", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Credentials expiring within 90, 30 and 7 days: the holder and their
	// line manager are reminded and the renewal task opens.
	if err := jobs.AddPeriodic("credential-reminders", time.Hour, func(ctx context.Context) error {
		n, err := svc.Careers.Remind(ctx)
		if err == nil && n > 0 {
			log.Info("sent credential expiry reminders", "credentials", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	// Scheduled reports: each due one runs as its user, with their
	// permissions that day, and is emailed to them as CSV or XLSX.
	if err := jobs.AddPeriodic("report-schedules", time.Hour, func(ctx context.Context) error {
		n, err := svc.Insights.Deliver(ctx, svc.Access.ActorByID, m.reportDelivery())
		if err == nil && n > 0 {
			log.Info("emailed scheduled reports", "reports", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if err := jobs.AddPeriodic("daily-digest", time.Hour, func(ctx context.Context) error {
		now := clock()
		if now.Hour() < 12 {
			return nil // the digest goes out from noon UTC, once a day
		}
		return m.Digest(ctx, db, svc, date.Of(now))
	}); err != nil {
		return nil, err
	}
	if err := jobs.AddPeriodic("escalate-approvals", time.Hour, func(ctx context.Context) error {
		settings, err := svc.Compliance.RuleSettings(ctx)
		if err != nil {
			return err
		}
		n, err := work.EscalateOverdue(ctx, db.Escalations(), rules.NewBusinessCalendar(settings.BusinessCalendar, settings.Closures), clock())
		if err == nil && n > 0 {
			log.Info("escalated overdue approvals", "count", n)
		}
		return err
	}); err != nil {
		return nil, err
	}
	db.SetNotificationHook(m.Hook())
	svc.People.OnHire(m.welcome(svc))
	svc.Hiring.OnApply(m.acknowledge())
	svc.Hiring.OnCandidateEmail(m.candidateEmail())
	svc.Hiring.OnOfferSent(m.offerSent())
	svc.Hiring.OnInvite(m.interviewInvite())
	svc.Hiring.OnSchedulingLink(m.schedulingLink())
	svc.LeaveCases.OnNotice(m.leaveNotice())
	if err := jobs.Start(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// acknowledge emails an applicant, in the application's transaction,
// that it arrived, with the link to follow it.
func (m *Mail) acknowledge() hiring.ApplyHook {
	return func(ctx context.Context, st hiring.Store, r hiring.ApplyResult) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil {
			return nil
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title: r.Subject, Greeting: "Hello " + r.Candidate.GivenName + ",", Lines: r.Lines,
			ActionText: "Follow your application", ActionURL: m.BaseURL + "/careers/applications/" + r.Token,
			Footer: "Keep this link private: anyone with it can see your application's status.",
		})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{r.Candidate.Email}, Subject: subject, Text: text, HTML: html, Kind: "application_received",
			DedupKey: fmt.Sprintf("applied:%d", r.ApplicationID)})
	}
}

// candidateEmail sends the hiring team's messages to a candidate (next
// steps, a rejection) in the transaction of the change.
func (m *Mail) candidateEmail() hiring.EmailHook {
	return func(ctx context.Context, st hiring.Store, e hiring.CandidateEmail) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil || e.To == "" {
			return nil
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{Title: e.Subject, Greeting: "Hello " + e.Name + ",", Lines: e.Lines,
			Footer: m.team(ctx)})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{e.To}, Subject: subject, Text: text, HTML: html, Kind: "candidate_" + e.Kind})
	}
}

// offerSent emails a candidate their offer: the link to read it, download
// the PDF, and accept or decline.
func (m *Mail) offerSent() hiring.OfferHook {
	return func(ctx context.Context, st hiring.Store, o hiring.SentOffer) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil {
			return nil
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title: o.Subject, Greeting: "Hello " + o.Offer.Candidate.GivenName + ",", Lines: o.Lines,
			ActionText: "Read your offer", ActionURL: m.BaseURL + "/careers/offers/" + o.Token,
			Footer: "Keep this link private: it lets you answer the offer.",
		})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{o.Offer.Candidate.Email}, Subject: subject, Text: text, HTML: html, Kind: "offer_sent",
			DedupKey: fmt.Sprintf("offer:%d", o.Offer.ID)})
	}
}

// interviewInvite emails an interview invitation, update or
// cancellation with its calendar object (text/calendar, METHOD in the
// part), in the scheduling transaction.
func (m *Mail) interviewInvite() hiring.InviteHook {
	return func(ctx context.Context, st hiring.Store, in hiring.Invite) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil || in.To == "" {
			return nil
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{Title: in.Subject, Greeting: "Hello " + firstWord(in.Name) + ",", Lines: in.Lines,
			Footer: m.team(ctx)})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{in.To}, Subject: subject, Text: text, HTML: html, ICS: in.ICS, Kind: in.Kind})
	}
}

// schedulingLink emails a candidate the times to choose from.
func (m *Mail) schedulingLink() hiring.LinkHook {
	return func(ctx context.Context, st hiring.Store, l hiring.LinkSent) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil {
			return nil
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title: l.Subject, Greeting: "Hello " + l.Application.Candidate.GivenName + ",", Lines: l.Lines,
			ActionText: "Choose a time", ActionURL: m.BaseURL + "/careers/schedule/" + l.Token, Footer: m.team(ctx)})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{l.Application.Candidate.Email}, Subject: subject, Text: text, HTML: html, Kind: "scheduling_link"})
	}
}

// welcome emails a new hire, in the hire's transaction, what to bring and
// by when: Form I-9 Section 1 by the first day and documents for Section 2
// within three business days (dates from the rules engine on the
// company's calendar).
func (m *Mail) welcome(svc Services) people.HireHook {
	return func(ctx context.Context, st people.Store, a access.Actor, e people.Employee) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil {
			return nil
		}
		settings, err := svc.Compliance.RuleSettings(ctx)
		if err != nil {
			return err
		}
		i9, _, err := rules.I9Deadlines(rules.I9Facts{FirstDayOfEmployment: e.HireDate}, settings)
		if err != nil {
			return err
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title:    "Welcome to " + m.Employer(ctx) + ", " + e.GivenName,
			Greeting: "Hello " + e.GivenName + ",",
			Lines: []string{
				"Your first day is " + e.HireDate.Format("Monday, January 2, 2006") + ".",
				"Please complete Section 1 of Form I-9 no later than your first day (" + i9.Section1Due.Format("Jan 2") + ").",
				"Bring original documents that show your identity and authorization to work (a U.S. passport, or a driver's license and a Social Security card, for example) by " + i9.Section2Due.Format("Monday, January 2") + ", when HR must complete Section 2.",
			},
			Footer: "Questions? Reply to this email or ask HR in Cadre once you can sign in.",
		})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{e.WorkEmail}, Subject: subject, Text: text, HTML: html, Kind: "welcome",
			DedupKey: fmt.Sprintf("welcome:%d", e.ID)})
	}
}

// leaveNotice emails an FMLA notice to the employee with its PDF, in the
// transaction that records it as sent.
func (m *Mail) leaveNotice() leave.NoticeHook {
	return func(ctx context.Context, st leave.CaseStore, n leave.SentNotice) error {
		txer, ok := st.(interface{ Tx() *sql.Tx })
		if !ok || txer.Tx() == nil {
			return nil
		}
		lines := strings.Split(n.Text, "\n\n")
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title: n.Notice.Subject, Lines: lines, ActionText: "See your leave in Cadre", ActionURL: fmt.Sprintf("%s/leave/cases/%d", m.BaseURL, n.Notice.CaseID),
			Footer: "The notice is attached as a PDF. It is confidential: it was sent only to you.",
		})
		if err != nil {
			return err
		}
		return m.Jobs.EnqueueEmailTx(ctx, txer.Tx(), notify.SendEmailArgs{To: []string{n.Notice.SentTo}, Subject: subject, Text: text, HTML: html, Kind: "leave_notice",
			Attachments: []notify.Attachment{{Name: n.Filename, ContentType: "application/pdf", Data: n.PDF}}, DedupKey: fmt.Sprintf("leave_notice:%d", n.Notice.ID)})
	}
}

// reportDelivery emails a scheduled report to its user with the file.
func (m *Mail) reportDelivery() func(context.Context, access.Actor, insights.Delivery) error {
	return func(ctx context.Context, a access.Actor, d insights.Delivery) error {
		lines := []string{fmt.Sprintf("Your %s report %q as of today: %d row(s).", d.Schedule.Frequency, d.Report.Name, d.Result.Total)}
		if d.Result.Truncated {
			lines = append(lines, fmt.Sprintf("The file holds the first %d; open the report in Cadre for the rest.", len(d.Result.Rows)))
		}
		subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
			Title: "Report: " + d.Report.Name, Lines: lines, ActionText: "Open the report in Cadre", ActionURL: fmt.Sprintf("%s/insights/reports/%d", m.BaseURL, d.Report.ID),
			Footer: "You receive this because you scheduled it. Stop it on the report's page.",
		})
		if err != nil {
			return err
		}
		ct := "text/csv"
		if d.Schedule.Format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		return m.Jobs.EnqueueEmail(ctx, notify.SendEmailArgs{To: []string{a.Email}, Subject: subject, Text: text, HTML: html, Kind: "scheduled_report",
			Attachments: []notify.Attachment{{Name: d.Filename, ContentType: ct, Data: d.File}},
			DedupKey:    fmt.Sprintf("report_schedule:%d:%s", d.Schedule.ID, d.Schedule.NextRunOn)})
	}
}

// webhookDeliveryArgs is the job that makes one attempt at a webhook
// delivery.
type webhookDeliveryArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

func (webhookDeliveryArgs) Kind() string { return "webhook_delivery" }

type webhookWorker struct {
	river.WorkerDefaults[webhookDeliveryArgs]
	svc *webhooks.Service
}

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[webhookDeliveryArgs]) error {
	return w.svc.Deliver(ctx, job.Args.DeliveryID)
}

// NextRetry spaces attempts by webhooks.Backoff (30 s, 2 min, 10 min …).
func (w *webhookWorker) NextRetry(job *river.Job[webhookDeliveryArgs]) time.Time {
	return time.Now().Add(webhooks.Backoff(job.Attempt))
}
