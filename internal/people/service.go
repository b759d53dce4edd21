package people

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Service runs the people use cases.
type Service struct {
	store  Store
	clock  kit.Clock
	sealer *kit.Sealer

	// ref caches the reference lists (org units, locations, jobs, grades)
	// that every form and filter renders. Writes through this service clear
	// it at once; changes made by another instance show within refTTL.
	refMu   sync.Mutex
	ref     *Reference
	refTime time.Time

	// counts caches headcount per org unit and location (a grouped scan of
	// every employee) for display; writes here clear it.
	counts     *headcounts
	countsTime time.Time

	// headlines caches the oversight numbers per scope (several count
	// queries over every employment period), like counts.
	headlines map[string]cachedHeadline

	onHire []HireHook
	// onStart runs for every employment that starts: hires and rehires.
	onStart []HireHook
	// onEnd runs for every employment that ends (an approved
	// termination), in its transaction.
	onEnd []EndHook
	// onChange run after each committed write (other domains drop what
	// they computed from people data).
	onChange []func()
}

// HireHook runs inside a hire's transaction (the app wires the onboarding
// checklist here). An error rolls the hire back.
type HireHook func(ctx context.Context, st Store, a access.Actor, e Employee) error

// OnHire registers a hook that runs for every hire, in its transaction.
func (s *Service) OnHire(h HireHook) { s.onHire = append(s.onHire, h) }

// OnStart registers a hook that runs for every employment that starts (a
// hire or a rehire), in its transaction.
func (s *Service) OnStart(h HireHook) { s.onStart = append(s.onStart, h) }

// EndHook runs inside the transaction that records an employment's last
// day (benefits start COBRA here). An error rolls the termination back.
type EndHook func(ctx context.Context, st Store, employeeID int64, lastDay date.Date, reason string) error

// OnEnd registers a hook that runs for every employment that ends.
func (s *Service) OnEnd(h EndHook) { s.onEnd = append(s.onEnd, h) }

// OnChange registers f to run after each committed write to people data.
func (s *Service) OnChange(f func()) { s.onChange = append(s.onChange, f) }

// changed drops the cached headcounts and tells the other domains.
func (s *Service) changed() {
	s.refMu.Lock()
	s.counts, s.headlines = nil, nil
	s.refMu.Unlock()
	for _, f := range s.onChange {
		f()
	}
}

type headcounts struct{ byOrg, byLocation map[int64]int }

type cachedHeadline struct {
	h  Headline
	at time.Time
}

// headcounts returns cached active headcounts (at most refTTL old).
func (s *Service) headcounts(ctx context.Context) (headcounts, error) {
	s.refMu.Lock()
	if s.counts != nil && s.clock.Now().Sub(s.countsTime) < refTTL && !s.clock.Now().Before(s.countsTime) {
		c := *s.counts
		s.refMu.Unlock()
		return c, nil
	}
	s.refMu.Unlock()
	byOrg, byLoc, err := s.store.Headcounts(ctx)
	if err != nil {
		return headcounts{}, err
	}
	c := headcounts{byOrg: byOrg, byLocation: byLoc}
	s.refMu.Lock()
	s.counts, s.countsTime = &c, s.clock.Now()
	s.refMu.Unlock()
	return c, nil
}

// refTTL bounds how stale another instance's reference changes may look.
const refTTL = 10 * time.Second

// NewService builds the service.
func NewService(st Store, clock kit.Clock, sealer *kit.Sealer) *Service {
	return &Service{store: st, clock: clock, sealer: sealer}
}

// Today is the current civil date (UTC).
func (s *Service) Today() date.Date { return date.Of(s.clock.Now()) }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, objID int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{
		At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action,
		ObjectType: objType, ObjectID: objID, Summary: summary,
		Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID,
	})
}

// target loads the access target of an employee.
func (s *Service) target(ctx context.Context, st Store, id int64) (access.Target, error) {
	t, err := st.Target(ctx, id)
	if err != nil {
		return t, fmt.Errorf("employee %d: %w", id, err)
	}
	return t, nil
}

// require checks p on employee id.
func (s *Service) require(ctx context.Context, st Store, a access.Actor, p access.Permission, id int64) error {
	t, err := s.target(ctx, st, id)
	if err != nil {
		return err
	}
	return access.Require(a, p, t)
}

// requireOrg checks p on an org unit (for writes that place a record there).
func (s *Service) requireOrg(ctx context.Context, st Store, a access.Actor, p access.Permission, orgUnitID int64) error {
	u, err := st.GetOrgUnit(ctx, orgUnitID)
	if err != nil {
		return err
	}
	return access.Require(a, p, access.Target{OrgPath: u.Path})
}

// Can reports whether the actor holds p for an employee (for the UI).
func (s *Service) Can(ctx context.Context, a access.Actor, p access.Permission, id int64) bool {
	t, err := s.store.Target(ctx, id)
	if err != nil {
		return false
	}
	return access.Can(a, p, t)
}

// text validation

const maxText = 200

func cleanText(f kit.FieldErrors, field, v string, required bool, max int) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		f.Add(field, "Enter a value")
	case !utf8.ValidString(v):
		f.Add(field, "Contains invalid characters")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, fmt.Sprintf("Use at most %d characters", max))
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0:
		f.Add(field, "Contains control characters")
	}
	return v
}

func cleanEmail(f kit.FieldErrors, field, v string, required bool) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		if required {
			f.Add(field, "Enter an email address")
		}
		return v
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") || len(v) > 254 {
		f.Add(field, "Enter a valid email address, like name@example.com")
	}
	return v
}

func oneOf(f kit.FieldErrors, field, v string, allowed []string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		f.Add(field, "Choose a value")
	} else if !slices.Contains(allowed, v) {
		f.Add(field, "Must be one of: "+strings.Join(allowed, ", "))
	}
	return v
}

func requireDate(f kit.FieldErrors, field string, d date.Date) {
	if d.IsZero() {
		f.Add(field, "Enter a date (YYYY-MM-DD)")
	}
}

// exists checks a reference and records a field error when it is missing.
func exists(f kit.FieldErrors, field string, id int64, get func() error) {
	if id == 0 {
		f.Add(field, "Choose a value")
		return
	}
	if err := get(); err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			f.Add(field, "Does not exist")
			return
		}
		f.Add(field, "Could not be checked")
	}
}

// startErrors copies errors found before validation (parse failures).
func startErrors(pre kit.FieldErrors) kit.FieldErrors {
	f := kit.FieldErrors{}
	for k, v := range pre {
		f[k] = v
	}
	return f
}

// inTx runs a write in one transaction and, when it commits, drops the
// cached headcounts so this instance's own pages show the change at once.
func (s *Service) inTx(ctx context.Context, fn func(Store) error) error {
	if err := s.store.InTx(ctx, fn); err != nil {
		return err
	}
	s.changed()
	return nil
}
