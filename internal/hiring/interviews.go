package hiring

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // interview times are shown in each location's zone, on any machine

	ics "github.com/arran4/golang-ical"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Interview statuses.
const (
	InterviewScheduled = "scheduled"
	InterviewCancelled = "cancelled"
	InterviewCompleted = "completed"
)

// Panelist is an interviewer.
type Panelist struct {
	UserID int64
	Name   string
	Email  string
}

// Interview is one scheduled conversation with a candidate.
type Interview struct {
	ID            int64
	ApplicationID int64
	RequisitionID int64
	Candidate     Candidate
	ReqNumber     string
	ReqTitle      string
	OrgPath       string
	Round         string
	StartsAt      time.Time // UTC
	EndsAt        time.Time
	TimeZone      string // the location's, for display and working hours
	Location      string // a room or a video link
	Status        string
	UID           string // the calendar event's identity
	Sequence      int    // RFC 5545 SEQUENCE: bumped on each change
	Panel         []Panelist
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int64
}

// Local is the start in the interview's time zone.
func (iv Interview) Local() time.Time { return iv.StartsAt.In(zone(iv.TimeZone)) }

// LocalEnd is the end in the interview's time zone.
func (iv Interview) LocalEnd() time.Time { return iv.EndsAt.In(zone(iv.TimeZone)) }

// OnPanel reports whether a user interviews.
func (iv Interview) OnPanel(userID int64) bool {
	for _, p := range iv.Panel {
		if p.UserID == userID {
			return true
		}
	}
	return false
}

// stateZones is the main time zone of each US state (and DC).
var stateZones = map[string]string{
	"AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix", "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
	"CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York", "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
	"ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
	"LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York", "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
	"MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver", "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
	"NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York", "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
	"OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York", "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
	"TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver", "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
	"WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
}

// ZoneOf is the time zone of a location's state (Central when unknown).
func ZoneOf(region string) string {
	if z, ok := stateZones[strings.ToUpper(region)]; ok {
		return z
	}
	return "America/Chicago"
}

func zone(name string) *time.Location {
	if l, err := time.LoadLocation(name); err == nil {
		return l
	}
	return time.UTC
}

// Working hours for interviews, local to the interview's location.
const (
	WorkdayStart = 8
	WorkdayEnd   = 18
)

// InterviewInput schedules or reschedules an interview.
type InterviewInput struct {
	Round      string
	Start      time.Time // local wall time in the interview's zone (the zone is the location's)
	Minutes    int
	Location   string
	Panel      []int64 // user ids
	Invalid    kit.FieldErrors
	TimeZone   string // set by the service from the requisition's location
	startUTC   time.Time
	endUTC     time.Time
	panelUsers []Panelist
}

// Invite is an interview invitation (or its update, or cancellation) to
// one person; the app emails it with the calendar object attached.
type Invite struct {
	To, Name string
	Subject  string
	Lines    []string
	ICS      []byte
	Kind     string // interview_invite, interview_update, interview_cancel
}

// InviteHook sends invitations, in the scheduling transaction.
type InviteHook func(ctx context.Context, st Store, in Invite) error

// OnInvite registers the sender of interview invitations.
func (s *Service) OnInvite(h InviteHook) { s.onInvite = append(s.onInvite, h) }

func (s *Service) validInterview(ctx context.Context, st Store, in *InterviewInput, r Requisition) error {
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	in.Round = strings.TrimSpace(in.Round)
	if in.Round == "" {
		in.Round = "Interview"
	}
	if len(in.Round) > 100 {
		f.Add("round", "Keep the round's name under 100 characters")
	}
	if in.Minutes == 0 {
		in.Minutes = 45
	}
	if in.Minutes < 15 || in.Minutes > 240 {
		f.Add("minutes", "An interview lasts from 15 minutes to 4 hours")
	}
	in.Location = strings.TrimSpace(in.Location)
	if len(in.Location) > 300 {
		f.Add("location", "Keep the room or link under 300 characters")
	}
	loc, err := st.GetLocation(ctx, r.LocationID)
	if err != nil {
		return err
	}
	in.TimeZone = ZoneOf(loc.Region)
	z := zone(in.TimeZone)
	if in.Start.IsZero() {
		if !f.Has("start") {
			f.Add("start", "Choose the day and time")
		}
	} else {
		local := time.Date(in.Start.Year(), in.Start.Month(), in.Start.Day(), in.Start.Hour(), in.Start.Minute(), 0, 0, z)
		in.startUTC = local.UTC()
		in.endUTC = in.startUTC.Add(time.Duration(in.Minutes) * time.Minute)
		end := local.Add(time.Duration(in.Minutes) * time.Minute)
		switch {
		case !in.startUTC.After(s.now()):
			f.Add("start", "Choose a time in the future")
		case local.Weekday() == time.Saturday || local.Weekday() == time.Sunday:
			f.Add("start", "Interviews are on weekdays")
		case local.Hour() < WorkdayStart || end.Hour() > WorkdayEnd || (end.Hour() == WorkdayEnd && end.Minute() > 0) || end.Day() != local.Day():
			f.Add("start", fmt.Sprintf("Interviews are between %d:00 and %d:00, %s time", WorkdayStart, WorkdayEnd, strings.TrimPrefix(in.TimeZone, "America/")))
		}
		if _, hol := rules.FederalHoliday(date.Of(local)); hol {
			f.Add("start", "That day is a federal holiday")
		}
	}
	if len(in.Panel) == 0 {
		f.Add("panel", "Choose at least one interviewer")
	}
	if len(in.Panel) > 8 {
		f.Add("panel", "Keep the panel to 8 interviewers")
	}
	in.panelUsers = nil
	seen := map[int64]bool{}
	for _, uid := range in.Panel {
		if seen[uid] {
			continue
		}
		seen[uid] = true
		u, err := st.InterviewerOf(ctx, uid)
		if err != nil || u.Email == "" {
			f.Add("panel", "Every interviewer must be an active user")
			continue
		}
		in.panelUsers = append(in.panelUsers, u)
	}
	return f.Err()
}

// conflicts checks that nobody on the panel, nor the candidate, is in
// another scheduled interview at that time.
func (s *Service) conflicts(ctx context.Context, st Store, in InterviewInput, candidateID, except int64) error {
	busy, err := st.BusyInterviews(ctx, in.startUTC, in.endUTC)
	if err != nil {
		return err
	}
	for _, b := range busy {
		if b.ID == except {
			continue
		}
		when := b.Local().Format("Mon Jan 2 15:04") + "–" + b.LocalEnd().Format("15:04 MST")
		if b.Candidate.ID == candidateID {
			return kit.Conflict("%s already has an interview then (%s, %s)", b.Candidate.Name(), b.ReqNumber, when)
		}
		for _, p := range in.panelUsers {
			if b.OnPanel(p.UserID) {
				return kit.Conflict("%s is already interviewing then (%s)", p.Name, when)
			}
		}
	}
	return nil
}

// Schedule books an interview for an active candidate and emails every
// participant an RFC 5545 invitation (METHOD:REQUEST). Interviewers must
// be free and the time within working hours on a weekday at the
// requisition's location. Requires hiring.interviews.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict
// (double-booked, or the application is not active).
func (s *Service) Schedule(ctx context.Context, a access.Actor, appID int64, in InterviewInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		app, r, err := s.appFor(ctx, st, a, appID, access.InterviewManage)
		if err != nil {
			return err
		}
		id, err = s.scheduleTx(ctx, st, a, a.Label(), app, r, in)
		return err
	})
	return id, err
}

// scheduleTx books an interview (no permission check: callers do).
func (s *Service) scheduleTx(ctx context.Context, st Store, a access.Actor, by string, app Application, r Requisition, in InterviewInput) (int64, error) {
	if app.Status != AppActive {
		return 0, kit.Conflict("%s's application is %s", app.Candidate.Name(), app.Status)
	}
	if err := s.validInterview(ctx, st, &in, r); err != nil {
		return 0, err
	}
	if err := s.conflicts(ctx, st, in, app.CandidateID, 0); err != nil {
		return 0, err
	}
	iv := Interview{ApplicationID: app.ID, RequisitionID: r.ID, Candidate: app.Candidate, ReqNumber: r.Number, ReqTitle: r.Title, Round: in.Round,
		StartsAt: in.startUTC, EndsAt: in.endUTC, TimeZone: in.TimeZone, Location: in.Location, Status: InterviewScheduled, Panel: in.panelUsers,
		CreatedBy: a.UserID, CreatedAt: s.now(), UpdatedAt: s.now()}
	id, err := st.InsertInterview(ctx, iv)
	if err != nil {
		return 0, err
	}
	iv.ID = id
	iv.UID = fmt.Sprintf("interview-%d@cadre.northwind.example", id)
	if err := st.SetInterviewUID(ctx, id, iv.UID); err != nil {
		return 0, err
	}
	if err := s.invite(ctx, st, iv, ics.MethodRequest, "interview_invite"); err != nil {
		return 0, err
	}
	return id, st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: by, Action: "hiring.interview_schedule", ObjectType: "interview", ObjectID: id,
		Summary: fmt.Sprintf("Scheduled %s with %s on %s", iv.Round, app.Candidate.Name(), iv.Local().Format("Mon Jan 2 15:04 MST")), RequestID: a.RequestID})
}

// Reschedule moves a scheduled interview (or changes its panel or
// place); everyone gets the update with the same UID and a higher
// SEQUENCE, and a removed interviewer a cancellation. Errors: as
// Schedule, and KindConflict for a cancelled interview.
func (s *Service) Reschedule(ctx context.Context, a access.Actor, id int64, in InterviewInput, version int64) error {
	return s.inTx(ctx, func(st Store) error {
		iv, r, err := s.interviewFor(ctx, st, a, id, access.InterviewManage)
		if err != nil {
			return err
		}
		if iv.Status != InterviewScheduled {
			return kit.Conflict("the interview is %s; schedule a new one", iv.Status)
		}
		if version != 0 && version != iv.Version {
			return kit.Conflict("the interview changed since you opened it; reload and try again")
		}
		if err := s.validInterview(ctx, st, &in, r); err != nil {
			return err
		}
		if err := s.conflicts(ctx, st, in, iv.Candidate.ID, iv.ID); err != nil {
			return err
		}
		removed := []Panelist{}
		for _, p := range iv.Panel {
			keep := false
			for _, q := range in.panelUsers {
				keep = keep || q.UserID == p.UserID
			}
			if !keep {
				removed = append(removed, p)
			}
		}
		before := iv.Local().Format("Mon Jan 2 15:04 MST")
		iv.Round, iv.StartsAt, iv.EndsAt, iv.TimeZone, iv.Location, iv.Panel, iv.Sequence, iv.UpdatedAt = in.Round, in.startUTC, in.endUTC, in.TimeZone, in.Location, in.panelUsers, iv.Sequence+1, s.now()
		if err := st.UpdateInterview(ctx, iv); err != nil {
			return err
		}
		if len(removed) > 0 {
			gone := iv
			gone.Panel = removed
			if err := s.sendTo(ctx, st, gone, ics.MethodCancel, "interview_cancel", removed, false); err != nil {
				return err
			}
		}
		if err := s.invite(ctx, st, iv, ics.MethodRequest, "interview_update"); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.interview_reschedule", "interview", id, fmt.Sprintf("Moved %s with %s from %s to %s", iv.Round, iv.Candidate.Name(), before, iv.Local().Format("Mon Jan 2 15:04 MST")), nil, nil)
	})
}

// CancelInterview cancels a scheduled interview; everyone gets a
// METHOD:CANCEL. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) CancelInterview(ctx context.Context, a access.Actor, id int64, reason string) error {
	return s.inTx(ctx, func(st Store) error {
		iv, _, err := s.interviewFor(ctx, st, a, id, access.InterviewManage)
		if err != nil {
			return err
		}
		if iv.Status != InterviewScheduled {
			return kit.Conflict("the interview is already %s", iv.Status)
		}
		iv.Status, iv.Sequence, iv.UpdatedAt = InterviewCancelled, iv.Sequence+1, s.now()
		if err := st.UpdateInterview(ctx, iv); err != nil {
			return err
		}
		if err := s.invite(ctx, st, iv, ics.MethodCancel, "interview_cancel"); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.interview_cancel", "interview", id, fmt.Sprintf("Cancelled %s with %s: %s", iv.Round, iv.Candidate.Name(), strings.TrimSpace(reason)), nil, nil)
	})
}

// invite sends the calendar object to the candidate and every panelist.
func (s *Service) invite(ctx context.Context, st Store, iv Interview, method ics.Method, kind string) error {
	return s.sendTo(ctx, st, iv, method, kind, iv.Panel, true)
}

func (s *Service) sendTo(ctx context.Context, st Store, iv Interview, method ics.Method, kind string, panel []Panelist, candidate bool) error {
	cal := s.calendar(ctx, iv, method)
	when := iv.Local().Format("Monday, January 2 at 15:04") + "–" + iv.LocalEnd().Format("15:04 MST")
	verb := map[string]string{"interview_invite": "Interview", "interview_update": "Updated interview", "interview_cancel": "Cancelled interview"}[kind]
	where := iv.Location
	if where == "" {
		where = "the address in the invitation"
	}
	send := func(to, name string, lines []string, subject string) error {
		for _, h := range s.onInvite {
			if err := h(ctx, st, Invite{To: to, Name: name, Subject: subject, Lines: lines, ICS: cal, Kind: kind}); err != nil {
				return err
			}
		}
		return nil
	}
	if candidate {
		lines := []string{fmt.Sprintf("%s for %s: %s, at %s.", verb, iv.ReqTitle, when, where), "The invitation is attached; add it to your calendar."}
		if kind == "interview_cancel" {
			lines = []string{fmt.Sprintf("Your interview for %s on %s is cancelled. The recruiter will be in touch.", iv.ReqTitle, when)}
		}
		if err := send(iv.Candidate.Email, iv.Candidate.GivenName, lines, verb+": "+iv.ReqTitle+", "+iv.Local().Format("Jan 2")); err != nil {
			return err
		}
	}
	for _, p := range panel {
		lines := []string{fmt.Sprintf("%s with %s (%s, %s): %s, at %s.", verb, iv.Candidate.Name(), iv.ReqNumber, iv.ReqTitle, when, where),
			"Please submit your scorecard in Cadre right after the interview."}
		if err := send(p.Email, p.Name, lines, verb+" with "+iv.Candidate.Name()+", "+iv.Local().Format("Jan 2 15:04")); err != nil {
			return err
		}
	}
	return nil
}

// calendar is the RFC 5545 object of an interview.
func (s *Service) calendar(ctx context.Context, iv Interview, method ics.Method) []byte {
	cal := ics.NewCalendarFor("Cadre")
	cal.SetMethod(method)
	ev := cal.AddEvent(iv.UID)
	ev.SetDtStampTime(s.now())
	ev.SetSequence(iv.Sequence)
	ev.SetStartAt(iv.StartsAt)
	ev.SetEndAt(iv.EndsAt)
	ev.SetSummary(fmt.Sprintf("%s: %s — %s", iv.Round, iv.Candidate.Name(), iv.ReqTitle))
	ev.SetDescription(fmt.Sprintf("%s for %s (%s) with %s.", iv.Round, iv.ReqTitle, iv.ReqNumber, iv.Candidate.Name()))
	if iv.Location != "" {
		ev.SetLocation(iv.Location)
	}
	ev.SetOrganizer("mailto:"+s.organizer(), ics.WithCN(s.Employer(ctx)+" recruiting"))
	ev.AddAttendee("mailto:"+iv.Candidate.Email, ics.WithCN(iv.Candidate.Name()), ics.ParticipationRoleReqParticipant, ics.ParticipationStatusNeedsAction, ics.WithRSVP(true))
	for _, p := range iv.Panel {
		ev.AddAttendee("mailto:"+p.Email, ics.WithCN(p.Name), ics.ParticipationRoleReqParticipant, ics.ParticipationStatusNeedsAction, ics.WithRSVP(true))
	}
	if method == ics.MethodCancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return []byte(cal.Serialize())
}

// ICSOf returns the interview's current calendar object (for download).
func (s *Service) ICSOf(ctx context.Context, a access.Actor, id int64) ([]byte, error) {
	iv, _, err := s.interviewFor(ctx, s.store, a, id, access.CandidateView)
	if err != nil {
		return nil, err
	}
	method := ics.MethodRequest
	if iv.Status == InterviewCancelled {
		method = ics.MethodCancel
	}
	return s.calendar(ctx, iv, method), nil
}

// Slot is a proposed interview time.
type Slot struct {
	Start, End time.Time // UTC
	TimeZone   string
}

// Local is the slot's start in its zone.
func (sl Slot) Local() time.Time { return sl.Start.In(zone(sl.TimeZone)) }

// SuggestTimes proposes up to n times in the next ten business days when
// every interviewer and the candidate are free, within working hours at
// the requisition's location, on a half-hour grid. Errors: as Schedule.
func (s *Service) SuggestTimes(ctx context.Context, a access.Actor, appID int64, panel []int64, minutes, n int) ([]Slot, error) {
	app, r, err := s.appFor(ctx, s.store, a, appID, access.InterviewManage)
	if err != nil {
		return nil, err
	}
	if minutes < 15 || minutes > 240 {
		minutes = 45
	}
	loc, err := s.store.GetLocation(ctx, r.LocationID)
	if err != nil {
		return nil, err
	}
	tz := ZoneOf(loc.Region)
	z := zone(tz)
	now := s.now().In(z)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, z).AddDate(0, 0, 1)
	horizon := day.AddDate(0, 0, 21)
	busy, err := s.store.BusyInterviews(ctx, day.UTC(), horizon.UTC())
	if err != nil {
		return nil, err
	}
	free := func(from, to time.Time) bool {
		for _, b := range busy {
			if b.StartsAt.Before(to) && from.Before(b.EndsAt) {
				if b.Candidate.ID == app.CandidateID {
					return false
				}
				for _, uid := range panel {
					if b.OnPanel(uid) {
						return false
					}
				}
			}
		}
		return true
	}
	var out []Slot
	days := 0
	for d := day; d.Before(horizon) && days < 10 && len(out) < n; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		if _, hol := rules.FederalHoliday(date.Of(d)); hol {
			continue
		}
		days++
		for t := d.Add(9 * time.Hour); !t.Add(time.Duration(minutes)*time.Minute).After(d.Add(17*time.Hour)) && len(out) < n; t = t.Add(30 * time.Minute) {
			end := t.Add(time.Duration(minutes) * time.Minute)
			if free(t.UTC(), end.UTC()) {
				out = append(out, Slot{Start: t.UTC(), End: end.UTC(), TimeZone: tz})
				t = t.Add(90 * time.Minute) // spread the proposals over the day
			}
		}
	}
	return out, nil
}

// Interviews lists an application's interviews. Errors: KindNotFound.
func (s *Service) Interviews(ctx context.Context, a access.Actor, appID int64) ([]Interview, error) {
	if _, err := s.ApplicationByID(ctx, a, appID); err != nil {
		return nil, err
	}
	return s.store.ListInterviews(ctx, InterviewFilter{ApplicationID: appID})
}

// MyInterviews lists the interviews the actor is on the panel of, from a
// day on (past ones too with from zero).
func (s *Service) MyInterviews(ctx context.Context, a access.Actor, from time.Time) ([]Interview, error) {
	return s.store.ListInterviews(ctx, InterviewFilter{PanelUserID: a.UserID, From: from})
}

// InterviewFilter narrows a list of interviews.
type InterviewFilter struct {
	ApplicationID int64
	PanelUserID   int64
	From          time.Time
}

// interviewFor loads an interview whose requisition the actor holds p
// over; panelists see their own interviews.
func (s *Service) interviewFor(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Interview, Requisition, error) {
	iv, err := st.GetInterview(ctx, id)
	if err != nil {
		return iv, Requisition{}, err
	}
	r, err := st.GetRequisition(ctx, iv.RequisitionID)
	if err != nil {
		return iv, r, err
	}
	t := s.target(ctx, st, r)
	if !access.Can(a, access.CandidateView, t) && !iv.OnPanel(a.UserID) {
		return Interview{}, Requisition{}, kit.NotFound("interview")
	}
	if p == access.CandidateView && iv.OnPanel(a.UserID) {
		return iv, r, nil
	}
	return iv, r, access.Require(a, p, t)
}

// ---- scorecards ----

// Recommendations an interviewer gives.
var Recommendations = []string{"strong_no", "no", "yes", "strong_yes"}

// Rating is one criterion's score (1 to 4) with the evidence for it.
type Rating struct {
	Criterion string `json:"criterion"`
	Score     int    `json:"score" doc:"1 (well below the bar) to 4 (well above)"`
	Evidence  string `json:"evidence"`
}

// Scorecard is one interviewer's assessment of one interview.
type Scorecard struct {
	ID             int64
	InterviewID    int64
	UserID         int64
	Name           string
	Recommendation string
	Ratings        []Rating
	Notes          string
	SubmittedAt    time.Time
}

// DefaultCriteria are used when the requisition lists no requirements.
var DefaultCriteria = []string{"Role knowledge", "Communication", "Problem solving", "Teamwork"}

// Criteria are the scorecard criteria of a requisition: its requirements,
// or the defaults.
func Criteria(r Requisition) []string {
	if t := Terms(r.Requirements); len(t) > 0 {
		return t
	}
	return DefaultCriteria
}

// SubmitScorecard records a panelist's scorecard, once. Only a panelist
// of the interview may, with hiring.scorecards.submit. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) SubmitScorecard(ctx context.Context, a access.Actor, interviewID int64, sc Scorecard) error {
	if err := access.Require(a, access.ScorecardSubmit, access.CompanyTarget); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		iv, r, err := s.interviewFor(ctx, st, a, interviewID, access.CandidateView)
		if err != nil {
			return err
		}
		if !iv.OnPanel(a.UserID) {
			return kit.Forbidden("only the interviewers submit scorecards for this interview")
		}
		if iv.Status == InterviewCancelled {
			return kit.Conflict("the interview was cancelled")
		}
		if iv.StartsAt.After(s.now()) {
			return kit.Conflict("the interview has not happened yet")
		}
		if _, found, err := st.GetScorecard(ctx, interviewID, a.UserID); err != nil {
			return err
		} else if found {
			return kit.Conflict("you already submitted your scorecard for this interview")
		}
		f := kit.FieldErrors{}
		if !oneOf(sc.Recommendation, Recommendations) {
			f.Add("recommendation", "Choose a recommendation")
		}
		want := map[string]bool{}
		for _, c := range CriteriaFor(r, iv.Round) {
			want[c] = true
		}
		rated := map[string]bool{}
		for i, rt := range sc.Ratings {
			p := fmt.Sprintf("ratings[%d]", i)
			if !want[rt.Criterion] {
				f.Add(p+".criterion", "Not a criterion of this requisition")
			}
			if rt.Score < 1 || rt.Score > 4 {
				f.Add(p+".score", "Rate from 1 to 4")
			}
			if len(strings.TrimSpace(rt.Evidence)) < 10 {
				f.Add(p+".evidence", "Say what you saw or heard that supports the rating")
			}
			if len(rt.Evidence) > 2000 {
				f.Add(p+".evidence", "Keep the evidence under 2,000 characters")
			}
			rated[rt.Criterion] = true
		}
		for c := range want {
			if !rated[c] {
				f.Add("ratings", "Rate every criterion: "+strings.Join(CriteriaFor(r, iv.Round), ", "))
				break
			}
		}
		if len(sc.Notes) > 4000 {
			f.Add("notes", "Keep the notes under 4,000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		sc.InterviewID, sc.UserID, sc.SubmittedAt = interviewID, a.UserID, s.now()
		if err := st.InsertScorecard(ctx, sc); err != nil {
			return err
		}
		if iv.EndsAt.Before(s.now()) && iv.Status == InterviewScheduled {
			if err := st.SetInterviewStatus(ctx, iv.ID, InterviewCompleted); err != nil {
				return err
			}
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "hiring.scorecard_submit", ObjectType: "interview", ObjectID: iv.ID,
			Summary: fmt.Sprintf("Scorecard for %s (%s): %s", iv.Candidate.Name(), iv.Round, label(sc.Recommendation)), RequestID: a.RequestID})
	})
}

// ScorecardView is what one viewer may see of an interview's scorecards:
// an interviewer sees the others only after submitting their own.
type ScorecardView struct {
	Mine    *Scorecard
	Others  []Scorecard
	Hidden  int // submitted by others, hidden until the viewer submits
	Pending []Panelist
}

// Scorecards returns the scorecards of an interview as the actor may see
// them. Errors: KindNotFound.
func (s *Service) Scorecards(ctx context.Context, a access.Actor, interviewID int64) (ScorecardView, error) {
	var v ScorecardView
	iv, _, err := s.interviewFor(ctx, s.store, a, interviewID, access.CandidateView)
	if err != nil {
		return v, err
	}
	all, err := s.store.ListScorecards(ctx, interviewID)
	if err != nil {
		return v, err
	}
	submitted := map[int64]bool{}
	for i := range all {
		submitted[all[i].UserID] = true
		if all[i].UserID == a.UserID {
			v.Mine = &all[i]
		}
	}
	for _, p := range iv.Panel {
		if !submitted[p.UserID] {
			v.Pending = append(v.Pending, p)
		}
	}
	for _, sc := range all {
		if sc.UserID == a.UserID {
			continue
		}
		if iv.OnPanel(a.UserID) && v.Mine == nil {
			v.Hidden++
			continue
		}
		v.Others = append(v.Others, sc)
	}
	sort.Slice(v.Others, func(i, j int) bool { return v.Others[i].SubmittedAt.Before(v.Others[j].SubmittedAt) })
	return v, nil
}

// ---- self-scheduling ----

// SchedulingLink offers a candidate times to choose from.
type SchedulingLink struct {
	ID            int64
	ApplicationID int64
	Round         string
	Minutes       int
	Location      string
	Panel         []int64
	Slots         []time.Time // UTC starts
	TimeZone      string
	ExpiresAt     time.Time
	InterviewID   int64
	CreatedBy     int64
	CreatedAt     time.Time
}

// LinkSent is the email of a self-scheduling link.
type LinkSent struct {
	Application Application
	Token       string
	ExpiresAt   time.Time
	Subject     string // from the scheduling email template
	Lines       []string
}

// LinkHook emails a self-scheduling link, in its transaction.
type LinkHook func(ctx context.Context, st Store, l LinkSent) error

// OnSchedulingLink registers the sender of self-scheduling links.
func (s *Service) OnSchedulingLink(h LinkHook) { s.onLink = append(s.onLink, h) }

// OfferTimes emails the candidate a private link to choose one of the
// given times (from SuggestTimes) for an interview with this panel; the
// link works for five days. Requires hiring.interviews.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) OfferTimes(ctx context.Context, a access.Actor, appID int64, round string, minutes int, location string, panel []int64, starts []time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		app, r, err := s.appFor(ctx, st, a, appID, access.InterviewManage)
		if err != nil {
			return err
		}
		if app.Status != AppActive {
			return kit.Conflict("%s's application is %s", app.Candidate.Name(), app.Status)
		}
		if len(starts) == 0 || len(starts) > 12 {
			return kit.Invalid("slots", "Offer from 1 to 12 times")
		}
		loc, err := st.GetLocation(ctx, r.LocationID)
		if err != nil {
			return err
		}
		tz := ZoneOf(loc.Region)
		for i, t := range starts {
			in := InterviewInput{Round: round, Start: t.In(zone(tz)), Minutes: minutes, Location: location, Panel: panel}
			if err := s.validInterview(ctx, st, &in, r); err != nil {
				if fs := kit.FieldsOf(err); len(fs) > 0 {
					for k, v := range fs {
						if k == "start" {
							return kit.Invalid(fmt.Sprintf("slots[%d]", i), v)
						}
						return kit.Invalid(k, v)
					}
				}
				return err
			}
			if err := s.conflicts(ctx, st, in, app.CandidateID, 0); err != nil {
				return err
			}
			starts[i] = in.startUTC
		}
		tok, hash := newToken()
		l := SchedulingLink{ApplicationID: app.ID, Round: strings.TrimSpace(round), Minutes: minutes, Location: strings.TrimSpace(location), Panel: panel, Slots: starts,
			TimeZone: tz, ExpiresAt: s.now().Add(5 * 24 * time.Hour), CreatedBy: a.UserID, CreatedAt: s.now()}
		if l.Round == "" {
			l.Round = "Interview"
		}
		if id, err = st.InsertSchedulingLink(ctx, l, hash); err != nil {
			return err
		}
		ls := LinkSent{Application: app, Token: tok, ExpiresAt: l.ExpiresAt}
		vals := appVals(app)
		vals["link_expires"] = l.ExpiresAt.Format("January 2")
		if ls.Subject, ls.Lines, err = s.renderEmail(ctx, st, EmailScheduling, vals); err != nil {
			return err
		}
		for _, h := range s.onLink {
			if err := h(ctx, st, ls); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "hiring.scheduling_link", "application", app.ID, fmt.Sprintf("Offered %s %d times to choose from for %s", app.Candidate.Name(), len(starts), l.Round), nil, nil)
	})
	return id, err
}

// SchedulingPage is what a candidate sees on their scheduling link: the
// offered times still free.
type SchedulingPage struct {
	Link      SchedulingLink
	Free      []Slot
	Booked    *Interview
	Expired   bool
	ReqTitle  string
	Candidate Candidate
}

// SchedulingByToken returns the link behind a token with the offered
// times that are still free. Errors: KindNotFound.
func (s *Service) SchedulingByToken(ctx context.Context, token string) (SchedulingPage, error) {
	var p SchedulingPage
	if len(token) < 20 || len(token) > 64 {
		return p, kit.NotFound("link")
	}
	l, err := s.store.SchedulingLinkByToken(ctx, TokenHash(token))
	if err != nil {
		return p, kit.NotFound("link")
	}
	app, err := s.store.GetApplication(ctx, l.ApplicationID)
	if err != nil {
		return p, kit.NotFound("link")
	}
	p.Link, p.ReqTitle, p.Candidate = l, app.ReqTitle, app.Candidate
	p.Expired = s.now().After(l.ExpiresAt) || app.Status != AppActive
	if l.InterviewID != 0 {
		if iv, err := s.store.GetInterview(ctx, l.InterviewID); err == nil {
			p.Booked = &iv
		}
		return p, nil
	}
	for _, t := range l.Slots {
		end := t.Add(time.Duration(l.Minutes) * time.Minute)
		if !t.After(s.now()) {
			continue
		}
		busy, err := s.store.BusyInterviews(ctx, t, end)
		if err != nil {
			return p, err
		}
		free := true
		for _, b := range busy {
			if b.Candidate.ID == app.CandidateID {
				free = false
			}
			for _, uid := range l.Panel {
				free = free && !b.OnPanel(uid)
			}
		}
		if free {
			p.Free = append(p.Free, Slot{Start: t, End: end, TimeZone: l.TimeZone})
		}
	}
	return p, nil
}

// BookSlot books the candidate's chosen time from their link: the
// interview is scheduled and everyone invited. A time someone took in the
// meantime, an expired or used link, is refused. Errors: KindInvalid,
// KindNotFound, KindConflict.
func (s *Service) BookSlot(ctx context.Context, token string, start time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		l, err := st.SchedulingLinkByToken(ctx, TokenHash(token))
		if err != nil {
			return kit.NotFound("link")
		}
		if l.InterviewID != 0 {
			return kit.Conflict("You already chose a time. Check your email for the invitation.")
		}
		if s.now().After(l.ExpiresAt) {
			return kit.Conflict("This link has expired. Please contact the recruiter for new times.")
		}
		offered := false
		for _, t := range l.Slots {
			offered = offered || t.Equal(start.UTC())
		}
		if !offered {
			return kit.Invalid("slot", "Choose one of the offered times")
		}
		app, err := st.GetApplication(ctx, l.ApplicationID)
		if err != nil {
			return err
		}
		r, err := st.GetRequisition(ctx, app.RequisitionID)
		if err != nil {
			return err
		}
		in := InterviewInput{Round: l.Round, Start: start.In(zone(l.TimeZone)), Minutes: l.Minutes, Location: l.Location, Panel: l.Panel}
		sys := access.Actor{UserID: l.CreatedBy}
		if id, err = s.scheduleTx(ctx, st, sys, "Candidate "+app.Candidate.Email, app, r, in); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return kit.Conflict("That time was just taken. Please choose another.")
			}
			return err
		}
		return st.UseSchedulingLink(ctx, l.ID, id)
	})
	return id, err
}

// InterviewByID returns an interview the actor may see (HR over the
// requisition, the hiring manager, or a panelist). Errors: KindNotFound.
func (s *Service) InterviewByID(ctx context.Context, a access.Actor, id int64) (Interview, error) {
	iv, _, err := s.interviewFor(ctx, s.store, a, id, access.CandidateView)
	return iv, err
}

// Interviewers lists the people who can sit on a panel: active users
// linked to an employee. Requires hiring.interviews.manage.
func (s *Service) Interviewers(ctx context.Context, a access.Actor) ([]Panelist, error) {
	if err := access.Require(a, access.InterviewManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.StaffUsers(ctx)
}
