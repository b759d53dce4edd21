// Package demo generates Northwind Outfitters, the demo company of
// ../shared/DEMO.md: a US outdoor-gear retailer with an HQ in Austin,
// offices, a Reno warehouse, small stores and remote staff, with three
// years of effective-dated history. The same seed always gives the same
// company. Seed writes it in one transaction through the people and access
// stores, keeping every derived column exactly as the services would.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/store"
)

// Options shape the generated company.
type Options struct {
	Employees int       // active employees today; default 250 (30 to 100,000)
	Seed      int64     // default 1
	Today     date.Date // "today"; history spans the three years before it. Default: today (UTC)
	Password  string    // password of the demo sign-ins; default "cadre-demo"
	FastHash  bool      // tests: cheap password hashing
	// Sealer encrypts the ER history with the key the server will use;
	// without one the demo has no ER cases.
	Sealer *kit.Sealer
}

// Limits on Options.Employees.
const (
	MinEmployees     = 30
	MaxEmployees     = 100_000
	DefaultEmployees = 250
	DefaultPassword  = "cadre-demo"
)

// Result counts what was generated. Employees counts every employee
// record: the Active ones plus those Terminated during the history.
type Result struct {
	Employees, Active, Terminated, OrgUnits, Locations, Jobs, Users int
	Requisitions, Applications                                      int
	Cases                                                           int // ER cases
	TimeOff                                                         int // time-off requests
	LeaveCases                                                      int // FMLA cases
	Policies                                                        int // policies in the library
	I9                                                              int // Forms I-9 (one per employment)
	Documents                                                       int // documents in former employees' files
	Payments                                                        int // one-time payments
	MarketJobs                                                      int // survey jobs with market data
	MeritLines                                                      int // employees in the finished merit cycle
	users                                                           [numPersonas]int64
	Accounts                                                        []Account
}

func (o Options) withDefaults() (Options, error) {
	if o.Employees == 0 {
		o.Employees = DefaultEmployees
	}
	if o.Employees < MinEmployees || o.Employees > MaxEmployees {
		return o, kit.Invalid("employees", fmt.Sprintf("Use from %d to %d employees", MinEmployees, MaxEmployees))
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Today.IsZero() {
		o.Today = date.Of(time.Now().UTC())
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	return o, nil
}

// Seed generates the demo company into an empty database, in one
// transaction. Errors: KindInvalid (options), KindConflict when the
// database is not empty, and internal errors from the store.
func Seed(ctx context.Context, db *store.DB, opts Options) (Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Result{}, err
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	if !empty {
		return Result{}, kit.Conflict("database is not empty")
	}
	g := generate(opts)
	var res Result
	err = db.Seed(ctx, func(ps people.Store, as access.Store, cs compliance.Store, hs hiring.Store, rs relations.Store, ts leave.TimeOffStore) error {
		var err error
		if res, err = g.write(ctx, ps, as, hs, opts); err != nil {
			return err
		}
		if res.Cases, err = g.writeRelations(ctx, rs, opts.Sealer, res.users); err != nil {
			return fmt.Errorf("employee relations: %w", err)
		}
		if res.TimeOff, err = g.writeTimeOff(ctx, ts, res.users); err != nil {
			return fmt.Errorf("time off: %w", err)
		}
		// The company's settings first: the leave cases are replayed
		// through the service, which reads them (FMLA method, closures).
		if err := writeCompanySettings(ctx, cs, opts.Today); err != nil {
			return err
		}
		settings := compliance.NewService(cs, kit.FixedClock{T: opts.Today.Time()}).RuleSettings
		if res.LeaveCases, err = g.writeLeaveCases(ctx, ts, opts.Sealer, settings, res.users); err != nil {
			return fmt.Errorf("leave cases: %w", err)
		}
		if res.Policies, err = g.writePolicies(ctx, ts, res.users); err != nil {
			return fmt.Errorf("policies: %w", err)
		}
		if err := g.writeLegislation(ctx, cs, res.users); err != nil {
			return fmt.Errorf("legislative changes: %w", err)
		}
		ruleSettings, err := settings(ctx)
		if err != nil {
			return err
		}
		if res.I9, err = g.writeI9(ctx, ts, opts.Sealer, ruleSettings); err != nil {
			return fmt.Errorf("forms I-9: %w", err)
		}
		if res.Documents, err = g.writeRecords(ctx, ts, res.users); err != nil {
			return fmt.Errorf("records: %w", err)
		}
		if err := g.writeStructures(ctx, ts, res.users); err != nil {
			return fmt.Errorf("pay structures: %w", err)
		}
		if res.MeritLines, err = g.writeMerit(ctx, ts); err != nil {
			return fmt.Errorf("merit cycle: %w", err)
		}
		if err := g.writeBonus(ctx, ts, res.users); err != nil {
			return err
		}
		if res.MarketJobs, err = g.writeMarket(ctx, ts, res.users); err != nil {
			return fmt.Errorf("market data: %w", err)
		}
		if res.Payments, err = g.writePayroll(ctx, ts, res.users); err != nil {
			return fmt.Errorf("payroll: %w", err)
		}
		if err := g.writeBenefits(ctx, ts, res.users, opts.Sealer, ruleSettings); err != nil {
			return fmt.Errorf("benefits: %w", err)
		}
		if err := g.writeCareers(ctx, ts, res.users); err != nil {
			return fmt.Errorf("careers: %w", err)
		}
		if err := g.writeReports(ctx, ts, res.users); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	return res, nil
}

// generate builds the whole company in memory.
func generate(opts Options) *gen {
	g := newGen(opts)
	g.buildOrg()
	g.place()
	for _, p := range g.active {
		g.name(p)
	}
	g.history()
	for _, p := range g.everyone() {
		g.hoursOfService(p)
		g.emergencyContacts(p)
	}
	return g
}

// everyone lists active then former employees in creation order.
func (g *gen) everyone() []*person {
	out := make([]*person, 0, len(g.active)+len(g.gone))
	return append(append(out, g.active...), g.gone...)
}
