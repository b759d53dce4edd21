package leave

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Request statuses.
const (
	RequestPending   = "pending"
	RequestApproved  = "approved"
	RequestRejected  = "rejected"
	RequestCancelled = "cancelled"
)

// LeaveType is a kind of time off and how it accrues.
type LeaveType struct {
	ID              int64
	Key             string
	Name            string
	Unit            string // days or hours (how it is shown; balances are kept in hours)
	Paid            bool
	Policy          Policy
	EmploymentTypes []string // empty: everyone
	Regions         []string // worksite states (CA, NY…); empty: everywhere
	MinTenureDays   int
	SecondApproval  bool // an HR manager approves after the line manager
	Active          bool
	Position        int
}

// Eligible reports whether an employee working in a state (their
// worksite's region) may take the type on a day.
func (t LeaveType) Eligible(e people.Employee, region string, on date.Date) error {
	if !t.Active {
		return kit.Invalid("leave_type_id", t.Name+" is no longer offered")
	}
	if len(t.EmploymentTypes) > 0 && !slices.Contains(t.EmploymentTypes, e.EmploymentType) {
		return kit.Invalid("leave_type_id", fmt.Sprintf("%s is not offered to %s employees", t.Name, strings.ReplaceAll(e.EmploymentType, "_", "-")))
	}
	if len(t.Regions) > 0 && !slices.Contains(t.Regions, region) {
		return kit.Invalid("leave_type_id", fmt.Sprintf("%s is offered only to employees working in %s", t.Name, strings.Join(t.Regions, ", ")))
	}
	if t.MinTenureDays > 0 && e.HireDate.AddDays(t.MinTenureDays).After(on) {
		return kit.Invalid("leave_type_id", fmt.Sprintf("%s is available after %d days of employment (from %s)", t.Name, t.MinTenureDays, e.HireDate.AddDays(t.MinTenureDays)))
	}
	return nil
}

// Day is one day of a request.
type Day struct {
	On    date.Date `json:"on"`
	Hours float64   `json:"hours"`
}

// Request is a time-off request.
type Request struct {
	ID           int64
	EmployeeID   int64
	EmployeeName string
	OrgPath      string
	TypeID       int64
	TypeName     string
	Starts, Ends date.Date
	Days         []Day
	Hours        float64
	Status       string
	Note         string
	ApprovalID   int64
	RequestedBy  int64
	CreatedAt    time.Time
	DecidedAt    time.Time
	Version      int64
}

// RequestFilter narrows a request list.
type RequestFilter struct {
	EmployeeID int64
	ManagerID  int64 // the manager's direct reports
	Paths      []string
	Whole      bool
	From, To   date.Date // overlapping the range
	Statuses   []string
	Limit      int
}

// Adjustment is a manual balance change.
type Adjustment struct {
	ID         int64
	EmployeeID int64
	TypeID     int64
	On         date.Date
	Hours      float64
	Reason     string
	ByName     string
	CreatedAt  time.Time
}

// TimeOffStore is what time off needs, inside the caller's transaction.
type TimeOffStore interface {
	Store
	InTx(ctx context.Context, fn func(TimeOffStore) error) error
	work.ApprovalStore
	work.RouteStore
	work.NotificationStore
	ActivePrincipals(ctx context.Context, delegate int64, day date.Date) ([]int64, error)
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
	AppendAudit(ctx context.Context, e audit.Entry) error
	ListLeaveTypes(ctx context.Context) ([]LeaveType, error)
	GetLeaveType(ctx context.Context, id int64) (LeaveType, error)
	SaveLeaveType(ctx context.Context, t LeaveType) (int64, error)
	ListAdjustments(ctx context.Context, employeeID int64) ([]Adjustment, error)
	InsertAdjustment(ctx context.Context, a Adjustment, by int64) (int64, error)
	InsertRequest(ctx context.Context, r Request) (int64, error)
	GetRequest(ctx context.Context, id int64) (Request, error)
	SetRequestStatus(ctx context.Context, id int64, status string, approvalID int64, at time.Time) error
	ListRequests(ctx context.Context, f RequestFilter) ([]Request, error)
	InsertFeed(ctx context.Context, ownerUserID, managerEmployeeID int64, tokenHash string, at time.Time) error
	FeedManager(ctx context.Context, tokenHash string) (int64, error)
}

// TimeOff runs the time-off use cases.
type TimeOff struct {
	store    TimeOffStore
	clock    kit.Clock
	settings func(context.Context) (rules.Settings, error)
}

// NewTimeOff builds the service.
func NewTimeOff(st TimeOffStore, clock kit.Clock, settings func(context.Context) (rules.Settings, error)) *TimeOff {
	return &TimeOff{store: st, clock: clock, settings: settings}
}

func init() {
	work.RegisterKind(work.KindDef{Key: "time_off", Label: "Time off", Decide: access.TimeOffApprove,
		Facts: []work.FactDef{
			{Key: "second_step", Label: "Leave type needs an HR step", Type: "bool"},
			{Key: "hours", Label: "Hours requested", Type: "number"},
		},
		Approvers: []string{work.ApproverLineManager, work.ApproverSkipLevel, work.ApproverHRManager, work.ApproverHRDirector},
		Default: []work.ChainStep{
			{Approvers: []string{work.ApproverLineManager}},
			{Approvers: []string{work.ApproverHRManager}, When: []work.Condition{{Fact: "second_step", Op: "=", Value: 1}}},
		}})
}

func (s *TimeOff) now() time.Time   { return s.clock.Now() }
func (s *TimeOff) today() date.Date { return date.Of(s.clock.Now()) }

func (s *TimeOff) record(ctx context.Context, st TimeOffStore, a access.Actor, action, objType string, id int64, summary string, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, After: audit.Snapshot(after), RequestID: a.RequestID})
}

// LeaveTypes lists the leave types (active first). Any signed-in user
// may read them. Errors: none beyond the store's.
func (s *TimeOff) LeaveTypes(ctx context.Context) ([]LeaveType, error) {
	return s.store.ListLeaveTypes(ctx)
}

// SaveLeaveType creates or edits a leave type with its policy. Requires
// leave.types.manage. Errors: KindInvalid, KindForbidden, KindConflict.
func (s *TimeOff) SaveLeaveType(ctx context.Context, a access.Actor, t LeaveType) (int64, error) {
	if err := access.Require(a, access.LeaveTypesManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len(t.Name) > 80 {
		f.Add("name", "Enter a name of at most 80 characters")
	}
	if t.Key == "" {
		t.Key = keyOf(t.Name)
	}
	if t.Unit != "days" && t.Unit != "hours" {
		f.Add("unit", "Choose days or hours")
	}
	p := t.Policy
	if !slices.Contains(Frequencies, p.Frequency) {
		f.Add("frequency", "Choose monthly, every two weeks, once a year or not tracked")
	}
	if p.Tracked() && (p.Hours <= 0 || p.Hours > 400) {
		f.Add("hours", "Enter the hours accrued each period (more than 0, at most 400)")
	}
	if p.Cap < 0 || p.NegativeLimit < 0 || p.CarryoverExpiresMonths < 0 || p.CarryoverExpiresMonths > 24 {
		f.Add("cap", "Caps, limits and expiry months cannot be negative (expiry at most 24 months)")
	}
	for _, tr := range p.Tiers {
		if tr.AfterYears < 1 || tr.AfterYears > 50 || tr.Hours <= 0 {
			f.Add("tiers", "Each tier needs the years served (1 to 50) and its hours per period")
		}
	}
	for _, et := range t.EmploymentTypes {
		if !slices.Contains(people.EmploymentTypes, et) {
			f.Add("employment_types", "Unknown employment type "+et)
		}
	}
	for i, r := range t.Regions {
		t.Regions[i] = strings.ToUpper(strings.TrimSpace(r))
		if len(t.Regions[i]) != 2 || strings.Trim(t.Regions[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			f.Add("regions", "Use two-letter state codes, such as CA, NY")
		}
	}
	if t.MinTenureDays < 0 || t.MinTenureDays > 3650 {
		f.Add("min_tenure_days", "Use 0 to 3,650 days")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st TimeOffStore) error {
		var err error
		if id, err = st.SaveLeaveType(ctx, t); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.type_save", "leave_type", id, "Saved the leave type "+t.Name, map[string]any{"policy": t.Policy, "second_approval": t.SecondApproval, "active": t.Active})
	})
	return id, err
}

func keyOf(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}

func (s *TimeOff) require(ctx context.Context, st TimeOffStore, a access.Actor, p access.Permission, employeeID int64) error {
	t, err := st.Target(ctx, employeeID)
	if err != nil {
		return err
	}
	return access.Require(a, p, t)
}

// TypeBalance is one type's balance for an employee.
type TypeBalance struct {
	Type LeaveType
	// Now is the balance as of the day asked; Projected adds the accruals
	// to come and takes off every approved and pending request, through
	// the end of the year.
	Now       Balance
	Projected Balance
	Pending   float64
}

// balances computes an employee's balances as of a day.
func (s *TimeOff) balances(ctx context.Context, st TimeOffStore, e people.Employee, asOf date.Date, except int64) ([]TypeBalance, error) {
	types, err := st.ListLeaveTypes(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := st.ListRequests(ctx, RequestFilter{EmployeeID: e.ID, Statuses: []string{RequestApproved, RequestPending}, Whole: true, Limit: 5000})
	if err != nil {
		return nil, err
	}
	adjs, err := st.ListAdjustments(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	end := date.New(asOf.Year(), 12, 31)
	var out []TypeBalance
	for _, t := range types {
		if !t.Active || !t.Policy.Tracked() {
			continue
		}
		var taken, all []Txn
		pending := 0.0
		for _, r := range reqs {
			if r.TypeID != t.ID || r.ID == except {
				continue
			}
			for _, d := range r.Days {
				all = append(all, Txn{On: d.On, Hours: d.Hours})
				if r.Status == RequestApproved {
					taken = append(taken, Txn{On: d.On, Hours: d.Hours})
				}
			}
			if r.Status == RequestPending {
				pending += r.Hours
			}
		}
		var adj []Txn
		for _, x := range adjs {
			if x.TypeID == t.ID {
				adj = append(adj, Txn{On: x.On, Hours: x.Hours, Note: x.Reason})
			}
		}
		hire := e.HireDate
		out = append(out, TypeBalance{Type: t, Now: Compute(t.Policy, hire, asOf, taken, adj), Projected: Compute(t.Policy, hire, date.Max(end, asOf), all, adj), Pending: round2(pending)})
	}
	return out, nil
}

// Balances returns an employee's balances as of a day. Requires
// leave.time_off.view over the employee. Errors: KindForbidden,
// KindNotFound.
func (s *TimeOff) Balances(ctx context.Context, a access.Actor, employeeID int64, asOf date.Date) ([]TypeBalance, error) {
	if err := s.require(ctx, s.store, a, access.TimeOffView, employeeID); err != nil {
		return nil, err
	}
	e, err := s.store.GetEmployee(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.today()
	}
	return s.balances(ctx, s.store, e, asOf, 0)
}

// PaidAccrual returns the paid time off hours an employee accrued from
// .. to (both included), for the total rewards statement. No permission
// check: the caller's own (pay) check covers it.
func (s *TimeOff) PaidAccrual(ctx context.Context, employeeID int64, from, to date.Date) (float64, error) {
	e, err := s.store.GetEmployee(ctx, employeeID)
	if err != nil {
		return 0, err
	}
	bs, err := s.balances(ctx, s.store, e, to, 0)
	if err != nil {
		return 0, err
	}
	hours := 0.0
	for _, b := range bs {
		if !b.Type.Paid {
			continue
		}
		for _, t := range b.Now.Ledger {
			if t.Kind == "accrual" && t.On.Between(from, to) {
				hours += t.Hours
			}
		}
	}
	return round2(hours), nil
}

// Adjust changes a balance by hand, with a reason. Requires
// leave.time_off.adjust over the employee. Errors: KindInvalid,
// KindForbidden, KindNotFound.
func (s *TimeOff) Adjust(ctx context.Context, a access.Actor, employeeID, typeID int64, hours float64, on date.Date, reason string) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st TimeOffStore) error {
		if err := s.require(ctx, st, a, access.TimeOffAdjust, employeeID); err != nil {
			return err
		}
		f := kit.FieldErrors{}
		t, err := st.GetLeaveType(ctx, typeID)
		if err != nil || !t.Policy.Tracked() {
			f.Add("leave_type_id", "Choose a leave type that keeps a balance")
		}
		if hours == 0 || hours > 1000 || hours < -1000 {
			f.Add("hours", "Enter the hours to add (or, negative, to take off), at most 1,000")
		}
		reason = strings.TrimSpace(reason)
		if reason == "" || len(reason) > 500 {
			f.Add("reason", "Say why (at most 500 characters)")
		}
		if on.IsZero() {
			on = s.today()
		}
		if err := f.Err(); err != nil {
			return err
		}
		if id, err = st.InsertAdjustment(ctx, Adjustment{EmployeeID: employeeID, TypeID: typeID, On: on, Hours: round2(hours), Reason: reason, CreatedAt: s.now()}, a.UserID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.adjust", "employee", employeeID, fmt.Sprintf("Adjusted the %s balance by %s hours: %s", t.Name, fmtHours(hours), reason),
			map[string]any{"leave_type_id": typeID, "hours": hours, "effective_on": on.String()})
	})
	return id, err
}

// RequestInput asks for time off.
type RequestInput struct {
	EmployeeID int64 // 0: the actor's own
	TypeID     int64
	Starts     date.Date
	Ends       date.Date // zero: one day
	Hours      float64   // for a single day: the hours off (0: the full day)
	Note       string
	Invalid    kit.FieldErrors
}

// chargeable says whether time off on a day is charged: a scheduled
// weekday that is not a company holiday or closure.
func chargeable(cal rules.BusinessCalendar, d date.Date) bool {
	return !d.IsWeekend() && cal.IsBusinessDay(d)
}

// Days lays a request out over its days: each weekday that is not a
// company holiday or closure gets the employee's daily hours (weekly ÷
// 5), or the hours asked for a single partial day.
func Days(cal rules.BusinessCalendar, weekly int, starts, ends date.Date, partial float64) []Day {
	daily := float64(weekly) / 5
	if daily <= 0 {
		daily = 8
	}
	var out []Day
	for d := starts; !d.After(ends); d = d.AddDays(1) {
		if chargeable(cal, d) {
			out = append(out, Day{On: d, Hours: round2(daily)})
		}
	}
	if partial > 0 && len(out) == 1 {
		out[0].Hours = round2(partial)
	}
	return out
}

// Request asks for time off for the actor (or, for HR, an employee): the
// days are the scheduled weekdays in the range that are not company
// holidays or closures; it goes to the employee's line manager (and, when
// the type asks, an HR manager) through the time-off approval chain.
// Requires leave.time_off.request over the employee. Errors:
// KindInvalid (with the balance before and after when short),
// KindForbidden, KindNotFound, KindConflict (overlap).
func (s *TimeOff) Request(ctx context.Context, a access.Actor, in RequestInput) (int64, error) {
	if in.EmployeeID == 0 {
		in.EmployeeID = a.EmployeeID
	}
	set, err := s.settings(ctx)
	if err != nil {
		return 0, err
	}
	cal := rules.NewBusinessCalendar(set.BusinessCalendar, set.Closures)
	var id int64
	err = s.store.InTx(ctx, func(st TimeOffStore) error {
		if err := s.require(ctx, st, a, access.TimeOffRequest, in.EmployeeID); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, in.EmployeeID)
		if err != nil {
			return err
		}
		f := in.Invalid
		if f == nil {
			f = kit.FieldErrors{}
		}
		if e.Status == people.StatusTerminated || (!e.TerminationDate.IsZero() && !in.Starts.IsZero() && in.Starts.After(e.TerminationDate)) {
			return kit.Conflict("%s is not employed on those days", e.Name())
		}
		t, err := st.GetLeaveType(ctx, in.TypeID)
		if err != nil {
			f.Add("leave_type_id", "Choose a leave type")
		}
		if in.Starts.IsZero() {
			f.Add("starts_on", "Choose the first day")
		}
		if in.Ends.IsZero() {
			in.Ends = in.Starts
		}
		if !in.Starts.IsZero() && in.Ends.Before(in.Starts) {
			f.Add("ends_on", "The last day cannot be before the first")
		}
		if !in.Starts.IsZero() && in.Ends.Sub(in.Starts) > 366 {
			f.Add("ends_on", "Request at most a year at a time")
		}
		if in.Hours < 0 || in.Hours > 24 {
			f.Add("hours", "Enter 0 to 24 hours")
		}
		if in.Hours > 0 && !in.Ends.Equal(in.Starts) {
			f.Add("hours", "Give hours for a single day only; a longer request takes full days")
		}
		in.Note = strings.TrimSpace(in.Note)
		if len(in.Note) > 1000 {
			f.Add("note", "Use at most 1,000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		loc, err := st.GetLocation(ctx, e.LocationID)
		if err != nil {
			return err
		}
		if err := t.Eligible(e, loc.Region, in.Starts); err != nil {
			return err
		}
		days := Days(cal, e.WeeklyHours, in.Starts, in.Ends, in.Hours)
		if len(days) == 0 {
			return kit.Invalid("starts_on", "Those days are weekends, company holidays or closures: nothing to take off")
		}
		total := 0.0
		for _, d := range days {
			total += d.Hours
		}
		total = round2(total)
		// No two requests on one day.
		clash, err := st.ListRequests(ctx, RequestFilter{EmployeeID: e.ID, From: in.Starts, To: in.Ends, Statuses: []string{RequestPending, RequestApproved}, Whole: true, Limit: 10})
		if err != nil {
			return err
		}
		for _, c := range clash {
			for _, d := range c.Days {
				if slices.ContainsFunc(days, func(x Day) bool { return x.On.Equal(d.On) }) {
					return kit.Conflict("you already have %s time off on %s (%s)", c.TypeName, d.On.Format("Jan 2"), c.Status)
				}
			}
		}
		if t.Policy.Tracked() {
			bs, err := s.balances(ctx, st, e, in.Ends, 0)
			if err != nil {
				return err
			}
			for _, b := range bs {
				if b.Type.ID != t.ID {
					continue
				}
				after := round2(b.Projected.Hours - total)
				floor := 0.0
				if t.Policy.AllowNegative {
					floor = -t.Policy.NegativeLimit
				}
				if after < floor {
					return kit.Invalid("ends_on", fmt.Sprintf("Not enough %s: %s hours available by %s with your other requests, %s requested, %s after", t.Name, fmtHours(b.Projected.Hours), in.Ends.Format("Jan 2"), fmtHours(total), fmtHours(after)))
				}
			}
		}
		r := Request{EmployeeID: e.ID, TypeID: t.ID, Starts: in.Starts, Ends: in.Ends, Days: days, Hours: total, Status: RequestPending, Note: in.Note, RequestedBy: a.UserID, CreatedAt: s.now(), Version: 1}
		if id, err = st.InsertRequest(ctx, r); err != nil {
			return err
		}
		steps, err := work.Route(ctx, st, "time_off", work.Subject{EmployeeID: e.ID}, work.Facts{"second_step": work.Bool(t.SecondApproval), "hours": total}, a.UserID)
		if err != nil {
			return err
		}
		ap := work.Approval{Steps: steps, Kind: "time_off", ObjectType: "time_off_request", ObjectID: id,
			Title:   fmt.Sprintf("%s: %s, %s", e.Name(), t.Name, span(in.Starts, in.Ends)),
			Summary: fmt.Sprintf("%s hours over %d day(s)%s", fmtHours(total), len(days), noteSuffix(in.Note)), ScopeOrgUnitID: e.OrgUnitID, ScopeOrgPath: e.OrgPath}
		apID, err := work.NewRequest(ctx, st, a, ap, s.now())
		if err != nil {
			return err
		}
		ap.ID = apID
		if err := st.SetRequestStatus(ctx, id, RequestPending, apID, time.Time{}); err != nil {
			return err
		}
		if err := work.NotifyApprovers(ctx, st, a, ap, "Time off to approve: "+e.Name(), ap.Summary, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.request", "time_off_request", id, "Requested "+t.Name+" for "+e.Name()+", "+span(in.Starts, in.Ends),
			map[string]any{"hours": total, "days": len(days), "approval_id": apID})
	})
	return id, err
}

func span(a, b date.Date) string {
	if a.Equal(b) {
		return a.Format("Jan 2, 2006")
	}
	return a.Format("Jan 2") + " – " + b.Format("Jan 2, 2006")
}

func noteSuffix(n string) string {
	if n == "" {
		return ""
	}
	if len(n) > 80 {
		n = n[:77] + "…"
	}
	return ": " + n
}

// Decide records a decision on a time-off request (the work handler):
// the line manager by name, an HR manager for the HR step. Errors:
// KindNotFound, KindForbidden, KindConflict, KindInvalid.
func (s *TimeOff) Decide(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.store.InTx(ctx, func(st TimeOffStore) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "time_off" {
			return kit.NotFound("approval request")
		}
		r, err := st.GetRequest(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		t, err := st.Target(ctx, r.EmployeeID)
		if err != nil {
			return err
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.TimeOffApprove, t, s.now())
		if err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			if last := ap.Decisions[len(ap.Decisions)-1]; last.Step != ap.Step {
				if err := work.NotifyApprovers(ctx, st, a, ap, "Time off to approve: "+ap.Title, a.Name+" approved the first step.", s.now()); err != nil {
					return err
				}
			}
			return s.record(ctx, st, a, "leave.request_step", "time_off_request", r.ID, "Approved a step of "+ap.Title, nil)
		}
		status := map[string]string{work.StatusApproved: RequestApproved, work.StatusRejected: RequestRejected, work.StatusChangesRequested: RequestRejected}[ap.Status]
		if err := st.SetRequestStatus(ctx, r.ID, status, approvalID, s.now()); err != nil {
			return err
		}
		if uid, _, err := st.ActiveUserOf(ctx, r.EmployeeID); err != nil {
			return err
		} else if uid != 0 {
			if err := work.Notify(ctx, st, a, work.Notification{UserID: uid, Kind: "approval_decided", Title: "Time off " + status + ": " + span(r.Starts, r.Ends),
				Body: d.Comment, Link: "/time-off"}, s.now()); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "leave.request_"+status, "time_off_request", r.ID, strings.ToUpper(status[:1])+status[1:]+": "+ap.Title, map[string]any{"comment": d.Comment})
	})
}

// Withdraw takes back a pending request's approval (the requester).
func (s *TimeOff) Withdraw(ctx context.Context, a access.Actor, approvalID int64) error {
	ap, err := s.store.GetApproval(ctx, approvalID)
	if err != nil || ap.Kind != "time_off" {
		return kit.NotFound("approval request")
	}
	return s.Cancel(ctx, a, ap.ObjectID)
}

// Cancel cancels a pending request, or an approved one whose days have
// not all passed (HR may cancel any). The employee or whoever asked for
// it may cancel; HR with leave.time_off.request over the employee too.
// Errors: KindForbidden, KindNotFound, KindConflict.
func (s *TimeOff) Cancel(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st TimeOffStore) error {
		r, err := st.GetRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := s.require(ctx, st, a, access.TimeOffRequest, r.EmployeeID); err != nil && r.RequestedBy != a.UserID {
			return err
		}
		switch r.Status {
		case RequestPending:
			if r.ApprovalID != 0 {
				if err := st.WithdrawApproval(ctx, r.ApprovalID, s.now()); err != nil {
					return err
				}
			}
		case RequestApproved:
			if r.Ends.Before(s.today()) && !a.IsHR() {
				return kit.Conflict("this time off is in the past; ask HR to correct it")
			}
		default:
			return kit.Conflict("the request is already %s", r.Status)
		}
		if err := st.SetRequestStatus(ctx, id, RequestCancelled, r.ApprovalID, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.request_cancel", "time_off_request", id, "Cancelled the time off of "+span(r.Starts, r.Ends), nil)
	})
}

// Change replaces a pending request, or an approved one not yet over,
// with new dates (and type, hours or note): in one transaction the old
// request is cancelled and the new one asked for, so a change that does
// not fit the balance or overlaps another request leaves the old one as
// it was. The new request goes through the approval chain again. Who may
// cancel may change. Errors: as Cancel and Request.
func (s *TimeOff) Change(ctx context.Context, a access.Actor, id int64, in RequestInput) (int64, error) {
	var nid int64
	err := s.store.InTx(ctx, func(st TimeOffStore) error {
		tx := &TimeOff{store: st, clock: s.clock, settings: s.settings}
		old, err := st.GetRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.Cancel(ctx, a, id); err != nil {
			return err
		}
		in.EmployeeID = old.EmployeeID
		if in.TypeID == 0 {
			in.TypeID = old.TypeID
		}
		if nid, err = tx.Request(ctx, a, in); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.request_change", "time_off_request", nid, "Changed the time off of "+span(old.Starts, old.Ends)+" to "+span(in.Starts, date.Max(in.Starts, in.Ends)),
			map[string]any{"replaces": id})
	})
	return nid, err
}

// Get returns one request. Requires leave.time_off.view over its
// employee (or having asked for it). Errors: KindNotFound.
func (s *TimeOff) Get(ctx context.Context, a access.Actor, id int64) (Request, error) {
	r, err := s.store.GetRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if r.RequestedBy != a.UserID {
		if err := s.require(ctx, s.store, a, access.TimeOffView, r.EmployeeID); err != nil {
			return Request{}, kit.NotFound("time-off request")
		}
	}
	return r, nil
}

// Requests lists time-off requests: an employee's own (EmployeeID), a
// line manager's team (ManagerID) or, for HR, their scope. Requires
// leave.time_off.view. Errors: KindForbidden.
func (s *TimeOff) Requests(ctx context.Context, a access.Actor, f RequestFilter) ([]Request, error) {
	switch {
	case f.EmployeeID != 0:
		if err := s.require(ctx, s.store, a, access.TimeOffView, f.EmployeeID); err != nil {
			return nil, err
		}
		f.Whole = true
	case f.ManagerID != 0:
		if f.ManagerID != a.EmployeeID && !a.IsHR() {
			return nil, kit.Forbidden("you see your own team's time off")
		}
		f.Whole = true
	default:
		f.Paths, f.Whole = access.ScopePaths(a, access.TimeOffView)
		if !f.Whole && len(f.Paths) == 0 {
			return nil, kit.Forbidden("only HR sees time off across teams")
		}
	}
	return s.store.ListRequests(ctx, f)
}

// ---- calendar feeds ----

// CreateFeed makes a private calendar feed of the approved time off of
// the actor's direct reports; it returns the token (shown once; only its
// hash is kept). Line managers only. Errors: KindForbidden.
func (s *TimeOff) CreateFeed(ctx context.Context, a access.Actor) (string, error) {
	if !a.HasReports || a.EmployeeID == 0 {
		return "", kit.Forbidden("calendar feeds are for line managers' teams")
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b)
	err := s.store.InTx(ctx, func(st TimeOffStore) error {
		if err := st.InsertFeed(ctx, a.UserID, a.EmployeeID, feedHash(tok), s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "leave.feed_create", "employee", a.EmployeeID, "Created a team time-off calendar feed", nil)
	})
	return tok, err
}

func feedHash(tok string) string {
	sum := sha256.Sum256([]byte("cadre-time-off-feed:" + tok))
	return hex.EncodeToString(sum[:])
}

// Feed renders the iCalendar feed of a token: the team's approved time
// off from a month ago to six months ahead, as all-day events that say
// who is out (never the type: a sick day is nobody else's business).
// Errors: KindNotFound (unknown token).
func (s *TimeOff) Feed(ctx context.Context, token string) ([]byte, error) {
	mgr, err := s.store.FeedManager(ctx, feedHash(token))
	if err != nil {
		return nil, kit.NotFound("calendar")
	}
	today := s.today()
	rs, err := s.store.ListRequests(ctx, RequestFilter{ManagerID: mgr, From: today.AddMonths(-1), To: today.AddMonths(6), Statuses: []string{RequestApproved}, Whole: true, Limit: 5000})
	if err != nil {
		return nil, err
	}
	cal := ics.NewCalendarFor("Cadre")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("Team time off")
	for _, r := range rs {
		ev := cal.AddEvent(fmt.Sprintf("time-off-%d@cadre", r.ID))
		ev.SetDtStampTime(r.CreatedAt)
		ev.SetAllDayStartAt(r.Starts.Time())
		ev.SetAllDayEndAt(r.Ends.AddDays(1).Time())
		ev.SetSummary(r.EmployeeName + ": out")
		ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	}
	return []byte(cal.Serialize()), nil
}
