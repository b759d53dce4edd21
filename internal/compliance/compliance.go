// Package compliance holds the company's compliance settings (business
// calendar, closures, the FMLA 12-month method) that the rules engine in
// compliance/rules takes as defaults, and (next) the I-9, leave, policy
// and records workflows built on those rules.
package compliance

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Settings are the company's rule defaults.
type Settings struct {
	BusinessCalendar string // US_FED | SEVEN_DAY
	FMLAMethod       string // "" until the employer chooses
	LeaveYearStart   string // MM-DD, for fixed_leave_year
	// RollForward moves calendar-day deadlines off weekends and holidays
	// (RULES.md C1; no source provides it, so it is off by default).
	RollForward bool
	// CountTriggerDay counts the request day as day 1 of the FMLA
	// 5-business-day notices (RULES.md C2; off by default).
	CountTriggerDay bool
	// FMLAMethodFrom is when a change of the FMLA method takes effect (at
	// least 60 days after it is made; input to Update).
	FMLAMethodFrom date.Date
	// A scheduled change of the 12-month method (read by Get), and the
	// transition year that follows it, in which each employee gets the
	// method most beneficial to them (29 CFR 825.200(d)(1)).
	PendingMethod    string
	PendingYearStart string
	PendingFrom      date.Date
	TransitionFrom   date.Date
	TransitionUntil  date.Date
}

// MethodNoticeDays is the notice every employee gets before the FMLA
// 12-month method changes (29 CFR 825.200(d)(1)).
const MethodNoticeDays = 60

// Closure is a company closure day (a non-business day in the company
// calendar; FMLA leave is not charged on it).
type Closure struct {
	Date date.Date
	Name string
}

// Vocabularies.
var (
	BusinessCalendars = []string{"US_FED", "SEVEN_DAY"}
	FMLAMethods       = []string{"calendar_year", "fixed_leave_year", "forward_from_first_leave", "rolling_backward"}
)

// Store is what compliance settings need from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	Setting(ctx context.Context, key string) (string, error) // "" when unset
	SetSetting(ctx context.Context, key, value string) error
	ListClosures(ctx context.Context, from, to date.Date) ([]Closure, error)
	AddClosure(ctx context.Context, c Closure) error
	RemoveClosure(ctx context.Context, d date.Date) error
	EEO1Store
	ChangeStore
	CalendarStore
}

// Service manages the compliance settings.
type Service struct {
	store Store
	clock kit.Clock
}

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

const (
	keyCalendar  = "rules.business_calendar"
	keyMethod    = "rules.fmla_method"
	keyYearStart = "rules.fmla_leave_year_start"
	keyRoll      = "rules.roll_forward"
	keyTrigger   = "rules.count_trigger_day"
	keyNext      = "rules.fmla_method_next"
	keyNextStart = "rules.fmla_leave_year_start_next"
	keyNextFrom  = "rules.fmla_method_next_from"
	keyTransFrom = "rules.fmla_transition_from"
	keyTransTo   = "rules.fmla_transition_until"
)

// Get returns the settings (defaults filled). Any HR role may read them.
// Errors: KindForbidden.
func (s *Service) Get(ctx context.Context, a access.Actor) (Settings, error) {
	if err := access.Require(a, access.RulesEvaluate, access.CompanyTarget); err != nil {
		return Settings{}, err
	}
	return s.load(ctx, s.store)
}

func (s *Service) load(ctx context.Context, st Store) (Settings, error) {
	var out Settings
	var err error
	if out.BusinessCalendar, err = st.Setting(ctx, keyCalendar); err != nil {
		return out, err
	}
	if out.BusinessCalendar == "" {
		out.BusinessCalendar = "US_FED"
	}
	if out.FMLAMethod, err = st.Setting(ctx, keyMethod); err != nil {
		return out, err
	}
	if out.LeaveYearStart, err = st.Setting(ctx, keyYearStart); err != nil {
		return out, err
	}
	roll, err := st.Setting(ctx, keyRoll)
	if err != nil {
		return out, err
	}
	trig, err := st.Setting(ctx, keyTrigger)
	if err != nil {
		return out, err
	}
	out.RollForward, out.CountTriggerDay = roll == "true", trig == "true"
	vals := map[string]string{}
	for _, k := range []string{keyNext, keyNextStart, keyNextFrom, keyTransFrom, keyTransTo} {
		if vals[k], err = st.Setting(ctx, k); err != nil {
			return out, err
		}
	}
	day := func(k string) date.Date {
		d, _ := date.Parse(vals[k])
		return d
	}
	out.TransitionFrom, out.TransitionUntil = day(keyTransFrom), day(keyTransTo)
	if next, from := vals[keyNext], day(keyNextFrom); next != "" && !from.IsZero() {
		if date.Of(s.clock.Now()).Before(from) {
			out.PendingMethod, out.PendingYearStart, out.PendingFrom = next, vals[keyNextStart], from
		} else {
			// The change has taken effect.
			out.FMLAMethod, out.LeaveYearStart = next, vals[keyNextStart]
		}
	}
	return out, nil
}

// InTransition reports whether a day falls in the year after a change of
// the 12-month method.
func (st Settings) InTransition(d date.Date) bool {
	return !st.TransitionFrom.IsZero() && !d.Before(st.TransitionFrom) && d.Before(st.TransitionUntil)
}

var monthDay = regexp.MustCompile(`^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)

// requireWhole checks the permission and that the grant covers the whole
// company (these settings apply to everyone).
func requireWhole(a access.Actor) error {
	if err := access.Require(a, access.CompanyRulesManage, access.CompanyTarget); err != nil {
		return err
	}
	if _, whole := access.ScopePaths(a, access.CompanyRulesManage); !whole {
		return kit.Forbidden("company settings need a whole-company HR manager or director grant")
	}
	return nil
}

// Update changes the settings. Requires compliance.settings.manage over
// the whole company. Errors: KindInvalid, KindForbidden.
func (s *Service) Update(ctx context.Context, a access.Actor, in Settings) error {
	if err := requireWhole(a); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	if !slices.Contains(BusinessCalendars, in.BusinessCalendar) {
		f.Add("business_calendar", "Choose US_FED or SEVEN_DAY")
	}
	if in.FMLAMethod != "" && !slices.Contains(FMLAMethods, in.FMLAMethod) {
		f.Add("fmla_method", "Choose one of "+strings.Join(FMLAMethods, ", "))
	}
	in.LeaveYearStart = strings.TrimSpace(in.LeaveYearStart)
	if in.LeaveYearStart != "" && !monthDay.MatchString(in.LeaveYearStart) {
		f.Add("fmla_leave_year_start", "Use MM-DD, for example 07-01")
	}
	if in.FMLAMethod == "fixed_leave_year" && in.LeaveYearStart == "" {
		f.Add("fmla_leave_year_start", "A fixed leave year needs its first day (MM-DD)")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		before, err := s.load(ctx, st)
		if err != nil {
			return err
		}
		// A change of the 12-month method (or of a fixed leave year's
		// first day) takes effect after at least 60 days' notice to every
		// employee; the current method stays until then. Choosing the
		// first method takes effect at once (until then each leave got
		// the method most beneficial to the employee).
		today := date.Of(s.clock.Now())
		changing := before.FMLAMethod != "" && (in.FMLAMethod != before.FMLAMethod || (in.FMLAMethod == "fixed_leave_year" && in.LeaveYearStart != before.LeaveYearStart))
		next := [][2]string{{keyNext, ""}, {keyNextStart, ""}, {keyNextFrom, ""}}
		if before.PendingMethod != "" {
			// A change not yet in effect is cancelled, with its transition.
			next = append(next, [2]string{keyTransFrom, ""}, [2]string{keyTransTo, ""})
		}
		if changing {
			earliest := today.AddDays(MethodNoticeDays)
			if in.FMLAMethodFrom.IsZero() || in.FMLAMethodFrom.Before(earliest) {
				return kit.Invalid("fmla_method_from", fmt.Sprintf("Give every employee at least %d days' notice of the change: choose a day on or after %s (29 CFR 825.200(d)(1))", MethodNoticeDays, earliest))
			}
			next = [][2]string{{keyNext, in.FMLAMethod}, {keyNextStart, in.LeaveYearStart}, {keyNextFrom, in.FMLAMethodFrom.String()}}
			next = append(next, [2]string{keyTransFrom, in.FMLAMethodFrom.String()}, [2]string{keyTransTo, in.FMLAMethodFrom.AddMonths(12).String()})
			in.FMLAMethod, in.LeaveYearStart = before.FMLAMethod, before.LeaveYearStart
		}
		if err := WriteSettings(ctx, st, in); err != nil {
			return err
		}
		for _, kv := range next {
			if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.settings_update",
			ObjectType: "settings", Summary: "Changed the rules settings", Before: audit.Snapshot(before), After: audit.Snapshot(in), RequestID: a.RequestID})
	})
}

// WriteSettings stores validated settings inside the caller's
// transaction (Update and the demo seed use it).
func WriteSettings(ctx context.Context, st Store, in Settings) error {
	for _, kv := range [][2]string{{keyCalendar, in.BusinessCalendar}, {keyMethod, in.FMLAMethod}, {keyYearStart, in.LeaveYearStart},
		{keyRoll, strconv.FormatBool(in.RollForward)}, {keyTrigger, strconv.FormatBool(in.CountTriggerDay)}} {
		if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// Closures lists closures in a date range. Any HR role may read them.
func (s *Service) Closures(ctx context.Context, a access.Actor, from, to date.Date) ([]Closure, error) {
	if err := access.Require(a, access.RulesEvaluate, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListClosures(ctx, from, to)
}

// AddClosure adds a company closure day. Requires compliance.settings.manage
// over the whole company. Errors: KindInvalid, KindForbidden, KindConflict.
func (s *Service) AddClosure(ctx context.Context, a access.Actor, c Closure) error {
	if err := requireWhole(a); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	if c.Date.IsZero() {
		f.Add("date", "Enter a date (YYYY-MM-DD)")
	}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" || len(c.Name) > 120 {
		f.Add("name", "Name the closure, for example Day after Thanksgiving")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.AddClosure(ctx, c); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.closure_add",
			ObjectType: "calendar", Summary: fmt.Sprintf("Added closure %s (%s)", c.Date, c.Name), RequestID: a.RequestID})
	})
}

// RemoveClosure removes a closure day. Requires compliance.settings.manage
// over the whole company. Errors: KindForbidden, KindNotFound.
func (s *Service) RemoveClosure(ctx context.Context, a access.Actor, d date.Date) error {
	if err := requireWhole(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.RemoveClosure(ctx, d); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "compliance.closure_remove",
			ObjectType: "calendar", Summary: "Removed closure " + d.String(), RequestID: a.RequestID})
	})
}

// RuleSettings are the defaults for rules.Evaluate: the business calendar,
// closures from two years back to two years ahead, and the FMLA method.
func (s *Service) RuleSettings(ctx context.Context) (rules.Settings, error) {
	st, err := s.load(ctx, s.store)
	if err != nil {
		return rules.Settings{}, err
	}
	today := date.Of(s.clock.Now())
	cs, err := s.store.ListClosures(ctx, today.AddYears(-2), today.AddYears(2))
	if err != nil {
		return rules.Settings{}, err
	}
	out := rules.Settings{BusinessCalendar: st.BusinessCalendar, FMLAMethod: st.FMLAMethod, LeaveYearStart: st.LeaveYearStart,
		RollForward: st.RollForward, CountTriggerDay: st.CountTriggerDay}
	if st.InTransition(today) {
		// The year after a change of method: each employee keeps the full
		// benefit of whichever method is best for them (29 CFR
		// 825.200(d)(1)); Cadre applies the most beneficial of all the
		// methods, which includes the old and the new.
		out.FMLAMethod = rules.MethodMostBeneficial
		if out.LeaveYearStart == "" {
			out.LeaveYearStart = st.PendingYearStart
		}
	}
	for _, c := range cs {
		out.Closures = append(out.Closures, c.Date)
	}
	return out, nil
}
