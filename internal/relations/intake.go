package relations

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// IntakeInput raises a concern or logs a case.
type IntakeInput struct {
	Category    string
	Severity    string // HR sets it; others leave it empty (medium, high when escalated)
	Title       string
	Description string
	OccurredOn  date.Date
	// OrgUnitID is where it happened; empty: the first subject's unit, or
	// the reporter's.
	OrgUnitID  int64
	LocationID int64
	SubjectIDs []int64 // employees the concern is about
	WitnessIDs []int64
	// ReporterID is the employee who raised it with HR (HR logging a
	// conversation); 0 when HR itself raises it.
	ReporterID int64
	Invalid    kit.FieldErrors
}

// Intake is what a new case got: its id and number, and the follow-up
// code of an anonymous report (shown once, never stored).
type Intake struct {
	ID       int64
	Number   string
	Code     string
	Owner    string
	Escalate bool
}

const (
	maxTitle = 200
	maxBody  = 20000
)

// LogCase records a case HR learned of (a conversation, a call). The
// logger owns it unless its category or severity escalates it to an HR
// manager, when they assist. Requires relations.cases.intake over the
// case's org unit. Errors: KindInvalid, KindForbidden.
func (s *Service) LogCase(ctx context.Context, a access.Actor, in IntakeInput) (Intake, error) {
	if err := access.Require(a, access.CaseIntake, access.CompanyTarget); err != nil {
		return Intake{}, err
	}
	return s.intake(ctx, a, ChannelHR, in)
}

// RaiseConcern is an employee's own report (self-service). The reporter
// sees their report and HR's replies, never the investigation. Requires
// relations.cases.report. Errors: KindInvalid, KindForbidden.
func (s *Service) RaiseConcern(ctx context.Context, a access.Actor, in IntakeInput) (Intake, error) {
	if err := access.Require(a, access.CaseReport, access.CompanyTarget); err != nil {
		return Intake{}, err
	}
	in.Severity, in.ReporterID = "", a.EmployeeID
	return s.intake(ctx, a, ChannelSelf, in)
}

// ReferConcern is a line manager's referral about their reports. The
// manager is in the subject's chain, so cannot see the case; they follow
// it as its reporter. Requires relations.cases.refer over every subject.
// Errors: KindInvalid, KindForbidden.
func (s *Service) ReferConcern(ctx context.Context, a access.Actor, in IntakeInput) (Intake, error) {
	if !a.HasReports || a.EmployeeID == 0 {
		return Intake{}, kit.Forbidden("only line managers refer concerns about their reports")
	}
	if len(in.SubjectIDs) == 0 {
		return Intake{}, kit.Invalid("subjects", "Choose the report the concern is about")
	}
	for _, id := range in.SubjectIDs {
		t, err := s.store.Target(ctx, id)
		if err != nil {
			return Intake{}, kit.Invalid("subjects", "Choose one of your reports")
		}
		if !access.Can(a, access.CaseRefer, t) {
			return Intake{}, kit.Forbidden("you may refer concerns about your own reports only")
		}
	}
	in.Severity, in.ReporterID = "", a.EmployeeID
	return s.intake(ctx, a, ChannelReferral, in)
}

// AnonymousInput is a report through the public channel.
type AnonymousInput struct {
	Category    string
	Description string
	OccurredOn  date.Date
	OrgUnitID   int64 // optional: the department it concerns
	LocationID  int64 // optional
	// ClientKey identifies the sender for the flood limit only: it is
	// hashed into memory for an hour and never written anywhere.
	ClientKey string
}

// anonLimit is how many anonymous reports one sender may make an hour.
const anonLimit = 10

// ReportAnonymously records a report from the public channel. Nothing that
// identifies the reporter is stored: no user, address or agent; the audit
// entry names "Anonymous reporter". The reporter gets a follow-up code
// (only its hash is kept) to read replies and add information. Errors:
// KindInvalid.
func (s *Service) ReportAnonymously(ctx context.Context, in AnonymousInput) (Intake, error) {
	if !s.flood.allow(in.ClientKey, s.now()) {
		return Intake{}, &kit.Error{Kind: kit.KindRateLimited, Msg: "Too many reports from here in the last hour; please try again later"}
	}
	f := kit.FieldErrors{}
	in.Description = clean(f, "description", in.Description, true, maxBody)
	if len(in.Description) > 0 && len(in.Description) < 20 {
		f.Add("description", "Tell us a little more: at least 20 characters")
	}
	title := firstLine(in.Description)
	ii := IntakeInput{Category: in.Category, Title: title, Description: in.Description, OccurredOn: in.OccurredOn, OrgUnitID: in.OrgUnitID, LocationID: in.LocationID, Invalid: f}
	return s.intake(ctx, anonymous, ChannelAnonymous, ii)
}

// anonymous is the actor of the public channel: no user, no request id.
var anonymous = access.Actor{Name: "Anonymous reporter"}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	return s
}

func (s *Service) intake(ctx context.Context, a access.Actor, channel string, in IntakeInput) (Intake, error) {
	f := in.Invalid
	if f == nil {
		f = kit.FieldErrors{}
	}
	choose(f, "category", in.Category, Categories, CategoryLabels)
	if in.Severity != "" {
		choose(f, "severity", in.Severity, Severities, nil)
	}
	if channel != ChannelAnonymous {
		in.Title = clean(f, "title", in.Title, true, maxTitle)
		in.Description = clean(f, "description", in.Description, true, maxBody)
	}
	if !in.OccurredOn.IsZero() && in.OccurredOn.After(s.today()) {
		f.Add("occurred_on", "The date cannot be in the future")
	}
	var out Intake
	err := s.store.InTx(ctx, func(st Store) error {
		c := Case{Category: in.Category, Severity: in.Severity, Status: StatusOpen, Channel: channel, Title: in.Title, Description: in.Description,
			OccurredOn: in.OccurredOn, ReportedOn: s.today(), LocationID: in.LocationID, OpenedAt: s.now(), UpdatedAt: s.now(), Version: 1}
		if channel == ChannelSelf || channel == ChannelReferral {
			c.ReporterUserID = a.UserID
		}
		subjects := dedupe(in.SubjectIDs)
		witnesses := dedupe(in.WitnessIDs)
		for _, id := range subjects {
			if slices.Contains(witnesses, id) {
				f.Add("witnesses", "Someone cannot be both a subject and a witness")
			}
			if _, err := st.GetEmployee(ctx, id); err != nil {
				f.Add("subjects", "Choose employees from the directory")
			}
		}
		for _, id := range witnesses {
			if _, err := st.GetEmployee(ctx, id); err != nil {
				f.Add("witnesses", "Choose employees from the directory")
			}
		}
		if in.ReporterID != 0 && slices.Contains(subjects, in.ReporterID) && channel != ChannelHR {
			f.Add("subjects", "You cannot name yourself as the subject")
		}
		// Where it belongs: the chosen unit, else the first subject's, else
		// the reporter's, else the top of the organisation.
		if err := s.place(ctx, st, &c, in, subjects, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if channel == ChannelHR && !access.Can(a, access.CaseIntake, access.Target{OrgPath: c.OrgPath, EmployeeID: -1}) {
			return kit.Forbidden("the case's org unit is outside your scope")
		}
		set, err := s.settings(ctx, st)
		if err != nil {
			return err
		}
		c.Escalated = slices.Contains(set.Escalate, c.Category) || c.Severity == "critical"
		if c.Severity == "" {
			c.Severity = "medium"
			if c.Escalated {
				c.Severity = "high"
			}
		}
		excluded, err := s.excludedFor(ctx, st, subjects)
		if err != nil {
			return err
		}
		var logger int64
		if channel == ChannelHR {
			logger = a.UserID
		}
		owner, assistant, err := s.route(ctx, st, c, excluded, logger, a)
		if err != nil {
			return err
		}
		c.OwnerUserID = owner.UserID
		if channel == ChannelAnonymous {
			out.Code = newCode()
		}
		sc, err := s.sealCase(c, hashCode(out.Code))
		if err != nil {
			return err
		}
		if out.Code == "" {
			sc.FollowUpHash = ""
		}
		id, err := st.InsertCase(ctx, sc)
		if err != nil {
			return err
		}
		c.ID = id
		out.ID, out.Number, out.Owner, out.Escalate = id, c.Number(), owner.Name, c.Escalated
		if in.ReporterID != 0 {
			if _, err := st.InsertParty(ctx, Party{CaseID: id, EmployeeID: in.ReporterID, Role: "reporter", AddedAt: s.now()}, nil); err != nil {
				return err
			}
		}
		for _, e := range subjects {
			if _, err := st.InsertParty(ctx, Party{CaseID: id, EmployeeID: e, Role: "subject", AddedAt: s.now()}, nil); err != nil {
				return err
			}
		}
		for _, e := range witnesses {
			if _, err := st.InsertParty(ctx, Party{CaseID: id, EmployeeID: e, Role: "witness", AddedAt: s.now()}, nil); err != nil {
				return err
			}
		}
		if assistant != 0 {
			if err := st.SetMember(ctx, Member{CaseID: id, UserID: assistant, Role: MemberAssistant, AddedAt: s.now()}); err != nil {
				return err
			}
		}
		if err := s.record(ctx, st, a, "er_case.open", "er_case", id, fmt.Sprintf("Opened case %s (%s)", c.Number(), Label(channel)),
			map[string]any{"channel": channel, "escalated": c.Escalated, "owner_user_id": owner.UserID}); err != nil {
			return err
		}
		why := "stays with HR"
		if c.Escalated {
			why = "escalated to an HR manager by its category or severity"
		}
		if err := s.record(ctx, st, a, "er_case.route", "er_case", id, fmt.Sprintf("Routed case %s to %s: %s", c.Number(), owner.Name, why),
			map[string]any{"owner_user_id": owner.UserID, "assistant_user_id": assistant, "escalated": c.Escalated}); err != nil {
			return err
		}
		if owner.UserID != a.UserID {
			return work.Notify(ctx, st, a, work.Notification{UserID: owner.UserID, Kind: "er_case", Title: "New ER case " + c.Number() + " is yours",
				Body: "A " + strings.ToLower(Label(channel)) + " case was routed to you.", Link: fmt.Sprintf("/relations/cases/%d", id)}, s.now())
		}
		return nil
	})
	return out, err
}

// place sets the case's org unit (and path) and location.
func (s *Service) place(ctx context.Context, st Store, c *Case, in IntakeInput, subjects []int64, f kit.FieldErrors) error {
	unit := in.OrgUnitID
	if unit == 0 && len(subjects) > 0 {
		if e, err := st.GetEmployee(ctx, subjects[0]); err == nil {
			unit = e.OrgUnitID
			if c.LocationID == 0 {
				c.LocationID = e.LocationID
			}
		}
	}
	if unit == 0 && in.ReporterID != 0 {
		if e, err := st.GetEmployee(ctx, in.ReporterID); err == nil {
			unit = e.OrgUnitID
			if c.LocationID == 0 {
				c.LocationID = e.LocationID
			}
		}
	}
	if unit == 0 {
		units, err := st.ListOrgUnits(ctx)
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.ParentID == 0 {
				unit = u.ID
				break
			}
		}
	}
	u, err := st.GetOrgUnit(ctx, unit)
	if err != nil {
		f.Add("org_unit_id", "Choose an org unit")
		return nil
	}
	c.OrgUnitID, c.OrgPath, c.OrgUnitName = u.ID, u.Path, u.Name
	if c.LocationID != 0 {
		if _, err := st.GetLocation(ctx, c.LocationID); err != nil {
			f.Add("location_id", "Choose a location")
		}
	}
	return nil
}

// excludedFor returns the subjects and everyone in their management
// chains: none of them may see or work the case.
func (s *Service) excludedFor(ctx context.Context, st Store, subjects []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	for _, id := range subjects {
		out[id] = true
		chain, err := st.ManagerChain(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, m := range chain {
			out[m] = true
		}
	}
	return out, nil
}

// route picks the owner: an escalated case goes to an HR manager over it
// (the narrowest scope, then the fewest open cases), with the HR person
// who logged it assisting; any other case stays with the HR person who
// logged it, or goes to a generalist over it. Nobody who is a subject or
// in a subject's chain is picked.
func (s *Service) route(ctx context.Context, st Store, c Case, excluded map[int64]bool, logger int64, a access.Actor) (Staff, int64, error) {
	pick := func(role access.Role) (Staff, error) {
		staff, err := st.HRStaffFor(ctx, role, c.OrgPath)
		if err != nil {
			return Staff{}, err
		}
		staff = slices.DeleteFunc(staff, func(x Staff) bool { return x.EmployeeID != 0 && excluded[x.EmployeeID] })
		sort.SliceStable(staff, func(i, j int) bool {
			if staff[i].Depth != staff[j].Depth {
				return staff[i].Depth > staff[j].Depth
			}
			if staff[i].OpenCases != staff[j].OpenCases {
				return staff[i].OpenCases < staff[j].OpenCases
			}
			return staff[i].UserID < staff[j].UserID
		})
		if len(staff) == 0 {
			return Staff{}, nil
		}
		return staff[0], nil
	}
	if c.Escalated {
		if logger != 0 && (a.Has(access.RoleManager) || a.Has(access.RoleDirector)) && access.Can(a, access.CaseDecide, access.Target{OrgPath: c.OrgPath, EmployeeID: -1}) {
			return Staff{UserID: logger, Name: a.Name}, 0, nil
		}
		for _, role := range []access.Role{access.RoleManager, access.RoleDirector} {
			m, err := pick(role)
			if err != nil || m.UserID != 0 {
				return m, logger, err
			}
		}
		return Staff{}, 0, kit.Conflict("no HR manager or director covers this org unit to own an escalated case; grant one first")
	}
	if logger != 0 {
		return Staff{UserID: logger, Name: a.Name}, 0, nil
	}
	for _, role := range []access.Role{access.RoleGeneralist, access.RoleManager, access.RoleDirector} {
		m, err := pick(role)
		if err != nil || m.UserID != 0 {
			return m, 0, err
		}
	}
	return Staff{}, 0, kit.Conflict("no one in HR covers this org unit; grant an HR role first")
}

func dedupe(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ---- follow-up codes ----

// newCode returns a follow-up code: 100 random bits in five groups of
// four base32 letters.
func newCode() string {
	b := make([]byte, 13)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	raw := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:20]
	var parts []string
	for i := 0; i < 20; i += 4 {
		parts = append(parts, raw[i:i+4])
	}
	return strings.Join(parts, "-")
}

// hashCode is what is stored of a code: a SHA-256 of its normalised form.
func hashCode(code string) string {
	n := normaliseCode(code)
	if n == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("cadre-er-followup:" + n))
	return hex.EncodeToString(sum[:])
}

func normaliseCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if (r >= 'A' && r <= 'Z') || (r >= '2' && r <= '7') {
			b.WriteRune(r)
		}
	}
	if b.Len() != 20 {
		return ""
	}
	return b.String()
}

// floodLimit counts recent anonymous reports per sender in memory only
// (a keyed hash; nothing is stored), so the public form cannot be
// flooded. Each instance counts its own.
type floodLimit struct {
	mu   sync.Mutex
	seen map[[32]byte][]time.Time
	salt [16]byte
}

func (l *floodLimit) allow(key string, now time.Time) bool {
	if key == "" {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[[32]byte][]time.Time{}
		_, _ = rand.Read(l.salt[:])
	}
	h := sha256.Sum256(append(l.salt[:], key...))
	cut := now.Add(-time.Hour)
	for k, ts := range l.seen { // prune, so the map never grows past an hour
		ts = slices.DeleteFunc(ts, func(t time.Time) bool { return t.Before(cut) })
		if len(ts) == 0 {
			delete(l.seen, k)
		} else {
			l.seen[k] = ts
		}
	}
	if len(l.seen[h]) >= anonLimit {
		return false
	}
	l.seen[h] = append(l.seen[h], now)
	return true
}
