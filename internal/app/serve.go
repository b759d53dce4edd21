package app

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/calendar"
	"github.com/cadrehq/cadre/internal/careers"
	"github.com/cadrehq/cadre/internal/compensation/bonus"
	"github.com/cadrehq/cadre/internal/compensation/equity"
	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/compensation/payroll"
	"github.com/cadrehq/cadre/internal/compensation/rewards"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/policy"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/insights"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/scim"
	"github.com/cadrehq/cadre/internal/sso"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/web"
	"github.com/cadrehq/cadre/internal/web/api"
	"github.com/cadrehq/cadre/internal/web/scimapi"
	"github.com/cadrehq/cadre/internal/web/ui"
	"github.com/cadrehq/cadre/internal/webhooks"
	"github.com/cadrehq/cadre/internal/work"
)

func todayUTC() date.Date { return date.Of(time.Now().UTC()) }

// Services are the domain services built on one database.
type Services struct {
	People        *people.Service
	Access        *access.Service
	Audit         *access.AuditService
	Work          *work.Service
	Tasks         *work.Tasks
	Notifications *work.Notifications
	Delegations   *work.Delegations
	Compliance    *compliance.Service
	Hiring        *hiring.Service
	Relations     *relations.Service
	Leave         *leave.Service
	TimeOff       *leave.TimeOff
	LeaveCases    *leave.Cases
	Policies      *policy.Service
	I9            *i9.Service
	Records       *records.Service
	Payroll       *payroll.Service
	Structures    *structure.Service
	Market        *market.Service
	Merit         *merit.Service
	Equity        *equity.Service
	Bonus         *bonus.Service
	Rewards       *rewards.Service
	Benefits      *benefits.Service
	Careers       *careers.Service
	Insights      *insights.Service
	Calendar      *calendar.Service
	Webhooks      *webhooks.Service
	SSO           *sso.Service
	SCIM          *scim.Service
}

// NewServices builds every service on db.
func NewServices(db *store.DB, clock kit.Clock, sealer *kit.Sealer) Services {
	svc := Services{
		People:     people.NewService(db.People(), clock, sealer),
		Access:     access.NewService(db.Access(), clock),
		Audit:      access.NewAuditService(db),
		Work:       work.NewService(db.Approvals(), clock),
		Compliance: compliance.NewService(db.Compliance(), clock),
	}
	svc.Tasks = work.NewTasks(db.Tasks(), clock, svc.Compliance.RuleSettings)
	svc.Leave = leave.NewService(db.Leave(), clock, svc.Compliance.RuleSettings)
	svc.TimeOff = leave.NewTimeOff(db.TimeOff(), clock, svc.Compliance.RuleSettings)
	svc.LeaveCases = leave.NewCases(db.LeaveCases(), clock, sealer, svc.Compliance.RuleSettings)
	svc.Hiring = hiring.NewService(db.Hiring(), clock)
	// The hiring forecast is computed from people data: a termination or
	// a hire drops it on this instance.
	svc.People.OnChange(svc.Hiring.ForgetDashboards)
	// Each kind of approval request is decided by the domain that owns it.
	peopleKinds := work.Handler{Decide: svc.People.DecideRequest, Withdraw: svc.People.WithdrawRequest}
	svc.Work.Handle("termination", peopleKinds)
	svc.Work.Handle("pay_change", peopleKinds)
	svc.Work.Handle("requisition", work.Handler{Decide: svc.Hiring.DecideRequisition, Withdraw: svc.Hiring.WithdrawRequisition})
	svc.Work.Handle("offer", work.Handler{Decide: svc.Hiring.DecideOffer, Withdraw: svc.Hiring.WithdrawOfferRequest})
	// An accepted offer becomes an employee in the hiring transaction.
	svc.Hiring.SetHirer(func(ctx context.Context, st hiring.Store, a access.Actor, in people.HireInput) (int64, error) {
		return svc.People.HireTx(ctx, st.People(), a, in)
	})
	svc.Work.Handle("key_role_offer", work.Handler{Decide: svc.Hiring.DecideKeyRoleOffer, Withdraw: svc.Hiring.WithdrawKeyRoleOffer})
	// Employee relations: its approvals show only to those who may see
	// the case, and a decided termination files the people core's
	// termination request in the same transaction.
	svc.Relations = relations.NewService(db.Relations(), clock, sealer)
	erKinds := work.Handler{Decide: svc.Relations.Decide, Withdraw: svc.Relations.Withdraw, Visible: svc.Relations.Visible}
	for _, k := range []string{"er_plan", "er_findings", "er_outcome"} {
		svc.Work.Handle(k, erKinds)
	}
	svc.Relations.SetTerminator(func(ctx context.Context, st relations.Store, a access.Actor, employeeID int64, lastDay date.Date, note string) (int64, error) {
		return svc.People.RequestTerminationTx(ctx, st.People(), a, employeeID, people.TerminationInput{LastDay: lastDay, Reason: "misconduct", Note: note})
	})
	svc.Relations.Company = svc.Hiring.Employer
	svc.Work.Handle("time_off", work.Handler{Decide: svc.TimeOff.Decide, Withdraw: svc.TimeOff.Withdraw})
	svc.Work.Handle("leave_designation", work.Handler{Decide: svc.LeaveCases.DecideDesignation, Withdraw: svc.LeaveCases.WithdrawDesignation})
	svc.LeaveCases.SetCompany(svc.Hiring.Employer)
	svc.Policies = policy.NewService(db.Policies(), clock)
	svc.I9 = i9.NewService(db.I9(), clock, sealer, svc.Compliance.RuleSettings)
	svc.Records = records.NewService(db.Records(), clock, svc.I9)
	svc.Work.Handle("records_purge", work.Handler{Decide: svc.Records.Decide, Withdraw: svc.Records.Withdraw})
	svc.Payroll = payroll.NewService(db.Payroll(), clock)
	svc.Payroll.OnSettings(svc.Access.ForgetSettings)
	svc.Structures = structure.NewService(db.Structures(), clock)
	svc.Structures.OnChange(svc.People.ForgetReference)
	svc.Market = market.NewService(db.Market(), clock, svc.Structures)
	// An applied merit cycle writes each increase as a pay record.
	svc.Merit = merit.NewService(db.Merit(), clock, svc.People.ApplyMeritTx)
	svc.Equity = equity.NewService(db.Equity(), clock)
	svc.Bonus = bonus.NewService(db.Bonus(), clock, svc.Payroll)
	svc.Rewards = rewards.NewService(db.Rewards(), clock, svc.TimeOff.PaidAccrual, svc.Hiring.Employer)
	svc.Work.Handle("bonus_plan", work.Handler{Decide: svc.Bonus.Decide, Withdraw: svc.Bonus.Withdraw})
	// Benefits price deductions per pay period of the payroll calendar and
	// take HIPAA and COBRA deadlines from the rules engine.
	svc.Careers = careers.NewService(db.Careers(), clock)
	// The executive dashboard reads every domain; a people change on this
	// instance drops its cached numbers at once.
	svc.Insights = insights.New(db.Insights(), clock)
	svc.People.OnChange(svc.Insights.Forget)
	// The report builder lists ER cases through the relations domain, so
	// its need-to-know applies.
	svc.Insights.SetCaseSource(func(ctx context.Context, a access.Actor) ([]insights.CaseRow, error) {
		var out []insights.CaseRow
		f := relations.CaseFilter{Limit: 2000}
		for {
			page, err := svc.Relations.List(ctx, a, f)
			if err != nil {
				return nil, err
			}
			for _, c := range page {
				out = append(out, insights.CaseRow{ID: c.ID, Category: c.Category, Severity: c.Severity, Status: c.Status, Channel: c.Channel,
					OrgUnitID: c.OrgUnitID, OrgUnit: c.OrgUnitName, Location: c.LocationName, Owner: c.OwnerName,
					ReportedOn: c.ReportedOn, OccurredOn: c.OccurredOn, ClosedOn: c.ClosedOn})
			}
			if len(page) < f.Limit {
				return out, nil
			}
			f.BeforeID = page[len(page)-1].ID
		}
	})
	// Calendar subscriptions: interviews and deadlines, built as the
	// feed's owner from the domains' lists.
	svc.Calendar = calendar.NewService(db.Calendar(), clock, svc.Access.ActorByID)
	svc.Webhooks = webhooks.NewService(db.Webhooks(), clock, sealer)
	svc.Webhooks.Version = Version
	svc.Webhooks.SetFeeds(feedFiles{svc: &svc, clock: clock})
	svc.SSO = sso.NewService(db.SSO(), clock, sealer, svc.Access.StartSession)
	svc.SCIM = scim.NewService(db.SCIM(), clock)
	calendarSources(&svc, clock)
	// The dashboard's cross-domain section reads each domain's own numbers.
	svc.Insights.SetDomainSources(insightDomains(&svc))
	// The workforce forecast adds the hiring plan's growth hires.
	svc.Insights.SetPlanSource(func(ctx context.Context, a access.Actor, year int) ([]insights.PlanLine, error) {
		rows, err := svc.Hiring.Plan(ctx, a, year)
		if err != nil {
			return nil, err
		}
		out := make([]insights.PlanLine, 0, len(rows))
		for _, r := range rows {
			out = append(out, insights.PlanLine{OrgUnitID: r.OrgUnitID, Path: r.OrgPath, Year: r.Year, Quarter: r.Quarter, Headcount: r.Headcount, Filled: r.Filled})
		}
		return out, nil
	})
	svc.Benefits = benefits.NewService(db.Benefits(), clock, sealer, func(ctx context.Context) (int, error) {
		c, err := svc.Payroll.Calendar(ctx)
		if err != nil {
			return 0, err
		}
		return payroll.PeriodsPerYear(c.Frequency), nil
	}, svc.Compliance.RuleSettings, func(ctx context.Context) (benefits.Company, error) {
		return benefits.Company{Name: svc.Hiring.Employer(ctx)}, nil
	})
	// Total rewards statements and the summary count the employer's share
	// of benefits.
	svc.Rewards.SetBenefits(rewards.Benefits{
		Employee: func(ctx context.Context, employeeID int64, on date.Date) ([]rewards.BenefitCost, error) {
			ls, err := svc.Benefits.EmployerCost(ctx, employeeID, on)
			out := make([]rewards.BenefitCost, 0, len(ls))
			for _, l := range ls {
				out = append(out, rewards.BenefitCost{Label: l.Label, Note: l.Note, Cents: l.Cents})
			}
			return out, err
		},
		Totals: svc.Benefits.EmployerTotals,
	})
	svc.Work.Handle("merit_worksheet", work.Handler{Decide: svc.Merit.Decide, Withdraw: svc.Merit.Withdraw})
	svc.Work.Handle("one_time_payment", work.Handler{Decide: svc.Payroll.DecidePayment, Withdraw: svc.Payroll.WithdrawPayment})
	svc.Work.Handle("policy_version", work.Handler{Decide: svc.Policies.Decide, Withdraw: svc.Policies.Withdraw})
	svc.Notifications = work.NewNotifications(db.Notifications(), clock)
	svc.Delegations = work.NewDelegations(db.Delegations(), clock)
	// A hire starts the onboarding checklist in the same transaction, with
	// due dates from the rules engine (I-9) and the company's calendar.
	svc.People.OnHire(func(ctx context.Context, st people.Store, a access.Actor, e people.Employee) error {
		settings, err := svc.Compliance.RuleSettings(ctx)
		if err != nil {
			return err
		}
		return work.StartOnboarding(ctx, st, a, work.NewHire{EmployeeID: e.ID, OrgUnitID: e.OrgUnitID, Name: e.Name(), FirstDay: e.HireDate}, settings, clock.Now())
	})
	// Every employment (a hire or a rehire) gets its Form I-9 record with
	// the deadlines, in the same transaction.
	svc.People.OnStart(func(ctx context.Context, st people.Store, a access.Actor, e people.Employee) error {
		settings, err := svc.Compliance.RuleSettings(ctx)
		if err != nil {
			return err
		}
		is, ok := st.(interface {
			SaveI9(ctx context.Context, r i9.Record, version int) (int64, error)
		})
		if !ok {
			return fmt.Errorf("the people store cannot keep Forms I-9")
		}
		if err := i9.Start(ctx, is, e.ID, e.HireDate, settings, clock.Now()); err != nil {
			return err
		}
		// A new hire's benefits enrollment window opens on the first day.
		bs, ok := st.(benefits.NewHireStore)
		if !ok {
			return fmt.Errorf("the people store cannot open benefits enrollment")
		}
		return benefits.StartNewHire(ctx, bs, a, e.ID, func() date.Date { return date.Of(clock.Now()) })
	})
	// An employment that ends is a COBRA qualifying event for the group
	// health coverage, and ends the other coverage.
	svc.People.OnEnd(func(ctx context.Context, st people.Store, employeeID int64, lastDay date.Date, reason string) error {
		bs, ok := store.BenefitsIn(st)
		if !ok {
			return fmt.Errorf("the people store cannot run COBRA")
		}
		return benefits.OnTermination(ctx, svc.Benefits, bs, employeeID, lastDay)
	})
	return svc
}

// HandlerOptions configure the HTTP handler.
type HandlerOptions struct {
	Log           *slog.Logger
	Clock         kit.Clock
	SecureCookies bool
	// HSTS sends Strict-Transport-Security on every response (Cadre is
	// reached over HTTPS: CADRE_BASE_URL https://… or its own TLS).
	HSTS bool
	Demo bool
	// Jobs is the background job client for the admin jobs page (nil in
	// tests that run without one).
	Jobs *JobsRef
}

// JobsRef lets the handler reach the job client, which starts after the
// listener is open.
type JobsRef struct{ jobs *notify.Jobs }

// Set installs the client.
func (r *JobsRef) Set(j *notify.Jobs) { r.jobs = j }

// Get returns the client, or nil.
func (r *JobsRef) Get() *notify.Jobs {
	if r == nil {
		return nil
	}
	return r.jobs
}

// NewHandler builds the whole HTTP surface: health, metrics, the UI and
// the API.
func NewHandler(db *store.DB, svc Services, o HandlerOptions) (http.Handler, error) {
	mux := http.NewServeMux()
	metrics := web.NewMetrics()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	d := ui.Deps{People: svc.People, Hiring: svc.Hiring, Access: svc.Access, Audit: svc.Audit, Work: svc.Work, Log: o.Log, Clock: o.Clock,
		Employer: svc.Hiring.Employer, SecureCookies: o.SecureCookies, Compliance: svc.Compliance, Relations: svc.Relations, Leave: svc.Leave, TimeOff: svc.TimeOff, LeaveCases: svc.LeaveCases, Policies: svc.Policies, I9: svc.I9, Records: svc.Records, Payroll: svc.Payroll, Structures: svc.Structures, Market: svc.Market, Merit: svc.Merit, Equity: svc.Equity, Bonus: svc.Bonus, Rewards: svc.Rewards, Benefits: svc.Benefits, Careers: svc.Careers, Insights: svc.Insights, Calendar: svc.Calendar, Webhooks: svc.Webhooks, SSO: svc.SSO, SCIM: svc.SCIM, RuleSettings: svc.Compliance.RuleSettings, Tasks: svc.Tasks, Notifications: svc.Notifications, Delegations: svc.Delegations, Jobs: o.Jobs.Get}
	if o.Demo {
		for _, a := range demo.Accounts() {
			d.DemoAccounts = append(d.DemoAccounts, ui.DemoAccount{Email: a.Email, Role: a.Role, Description: a.Description})
		}
	}
	apiHandler := api.New(api.Deps{People: svc.People, Hiring: svc.Hiring, Access: svc.Access, Audit: svc.Audit, Work: svc.Work, Tasks: svc.Tasks, Notifications: svc.Notifications, Delegations: svc.Delegations, Compliance: svc.Compliance, Relations: svc.Relations, Leave: svc.Leave, TimeOff: svc.TimeOff, LeaveCases: svc.LeaveCases, Policies: svc.Policies, I9: svc.I9, Records: svc.Records, Payroll: svc.Payroll, Structures: svc.Structures, Market: svc.Market, Merit: svc.Merit, Equity: svc.Equity, Bonus: svc.Bonus, Rewards: svc.Rewards, Benefits: svc.Benefits, Careers: svc.Careers, Insights: svc.Insights, Calendar: svc.Calendar, Webhooks: svc.Webhooks, SSO: svc.SSO, SCIM: svc.SCIM, Employer: svc.Hiring.Employer, Log: o.Log, Version: Version})
	apiHandler.Routes(mux)
	(&scimapi.Handler{SCIM: svc.SCIM, Log: o.Log, Secure: o.SecureCookies}).Routes(mux)
	d.OpenAPI = apiHandler.OpenAPIJSON
	pages, err := ui.New(d)
	if err != nil {
		return nil, err
	}
	pages.Routes(mux)
	protect := http.NewCrossOriginProtection()
	uiAndAPI := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/scim/") || strings.HasPrefix(r.URL.Path, "/saml/") {
			// /api and /scim take bearer tokens only (no cookies, so no
			// CSRF); /saml/…/acs is the IdP's cross-site POST, checked by
			// its signature and the stored request it answers.
			mux.ServeHTTP(w, r)
			return
		}
		protect.Handler(mux).ServeHTTP(w, r)
	})
	return web.Observe(o.Log, metrics, mux, web.SecurityHeaders(o.HSTS)(uiAndAPI)), nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "CADRE_ADDR", "127.0.0.1:8080"), "listen address")
	c.dbFlags(fs, getenv)
	fs.BoolVar(&c.Demo, "demo", false, "seed the demo company into an empty database, then serve")
	fs.IntVar(&c.Employees, "employees", 250, "demo company size (with --demo)")
	fs.Int64Var(&c.Seed, "seed", 1, "demo random seed (with --demo)")
	var tlsCert, tlsKey string
	fs.StringVar(&tlsCert, "tls-cert", envOr(getenv, "CADRE_TLS_CERT", ""), "serve HTTPS with this certificate (PEM; with --tls-key)")
	fs.StringVar(&tlsKey, "tls-key", envOr(getenv, "CADRE_TLS_KEY", ""), "the certificate's private key (PEM)")
	var debugAddr string
	fs.StringVar(&debugAddr, "debug-addr", envOr(getenv, "CADRE_DEBUG_ADDR", ""), "serve Go's profiler (/debug/pprof/) on this loopback address, for measuring")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if debugAddr != "" {
		dln, err := listenDebug(debugAddr)
		if err != nil {
			return err
		}
		defer dln.Close()
		go (&http.Server{Handler: debugMux(), ReadHeaderTimeout: 10 * time.Second}).Serve(dln)
		fmt.Fprintf(stdout, "profiler on http://%s/debug/pprof/\n", dln.Addr())
	}
	if (tlsCert == "") != (tlsKey == "") {
		return usageError{"--tls-cert and --tls-key go together"}
	}
	useTLS := tlsCert != ""
	var tlsPair tls.Certificate
	if useTLS {
		var err error
		if tlsPair, err = tls.LoadX509KeyPair(tlsCert, tlsKey); err != nil {
			return fmt.Errorf("TLS certificate: %w", err)
		}
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	sealer, err := c.sealer(getenv, stderr)
	if err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.Demo {
		empty, err := db.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if empty {
			fmt.Fprintf(stdout, "seeding the demo company (%d employees)…\n", c.Employees)
			start := time.Now()
			if err := seedDemo(ctx, db, c, sealer, stdout); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "seeded in %s\n", time.Since(start).Round(time.Millisecond))
		}
	}
	clock := kit.SystemClock{}
	svc := NewServices(db, clock, sealer)
	// Webhooks and feeds to this machine or the internal network are for
	// development only.
	svc.Webhooks.AllowPrivate = getenv("CADRE_WEBHOOKS_ALLOW_PRIVATE") == "1"
	// The public address (behind a proxy): SAML's entity id and ACS come
	// from it rather than from each request's Host header.
	svc.SSO.PublicBase = strings.TrimSuffix(getenv("CADRE_BASE_URL"), "/")
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	loopback := host == "127.0.0.1" || host == "::1" || host == "localhost"
	jobsRef := &JobsRef{}
	// Behind a TLS proxy (CADRE_BASE_URL https://…) or serving TLS itself,
	// every response carries Strict-Transport-Security and cookies are
	// Secure.
	https := useTLS || strings.HasPrefix(getenv("CADRE_BASE_URL"), "https://")
	secure := (https || !loopback) && getenv("CADRE_INSECURE_COOKIES") == ""
	h, err := NewHandler(db, svc, HandlerOptions{Log: log, Clock: clock, SecureCookies: secure, HSTS: https, Demo: c.Demo, Jobs: jobsRef})
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	scheme := "http"
	if useTLS {
		scheme = "https"
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{tlsPair}}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	fmt.Fprintf(stdout, "Cadre %s serving on %s://%s (%s)\n", Version, scheme, ln.Addr(), db.Dialect())
	if c.Demo {
		fmt.Fprintln(stdout, "Demo sign-ins (password: cadre-demo):")
		for _, a := range demo.Accounts()[:6] {
			fmt.Fprintf(stdout, "  %-24s %s\n", a.Email, a.Description)
		}
	}
	smtp, haveSMTP, err := smtpConfig(getenv)
	if err != nil {
		return err
	}
	var mailer notify.Mailer = notify.LogMailer{Logger: log}
	if haveSMTP {
		if mailer, err = notify.NewSMTPMailer(smtp); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(stdout, "No CADRE_SMTP_HOST: emails are written to the log instead of sent.")
	}
	baseURL := envOr(getenv, "CADRE_BASE_URL", scheme+"://"+ln.Addr().String())
	mail, err := startJobs(context.WithoutCancel(ctx), db, svc, mailer, log, baseURL, func() time.Time { return clock.Now() })
	if err != nil {
		return err
	}
	jobsRef.Set(mail.Jobs)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := mail.Jobs.Stop(sctx); err != nil {
		log.Error("stop jobs", "err", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// listenDebug listens for the profiler on a loopback address only: its
// goroutine dumps and traces are for the operator on the machine.
func listenDebug(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, usageError{"--debug-addr: " + err.Error()}
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, usageError{"--debug-addr must be a loopback address (127.0.0.1:6060): the profiler is for the operator on this machine"}
	}
	return net.Listen("tcp", addr)
}

// debugMux serves net/http/pprof.
func debugMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}
