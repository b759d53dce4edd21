package hiring

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Candidate data retention. Applications are employment records under 29
// CFR 1602.14: kept at least one year from the later of making the record
// and the decision. The company may keep them longer, never shorter.
const (
	retentionKey          = "recruiting.retention_months"
	DefaultRetentionMonth = 12
	MinRetentionMonths    = 12
	MaxRetentionMonths    = 120
)

func (s *Service) retentionMonths(ctx context.Context, st Store) int {
	raw, err := st.Setting(ctx, retentionKey)
	if err != nil || raw == "" {
		return DefaultRetentionMonth
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < MinRetentionMonths || n > MaxRetentionMonths {
		return DefaultRetentionMonth
	}
	return n
}

// RetentionMonths is how long a decided candidate's personal data is kept.
func (s *Service) RetentionMonths(ctx context.Context) int { return s.retentionMonths(ctx, s.store) }

// SetRetentionMonths sets how many months after the decision a rejected
// or withdrawn candidate's personal data is kept (12 to 120: the federal
// minimum is a year). Requires hiring.ats.manage. Errors: KindInvalid,
// KindForbidden.
func (s *Service) SetRetentionMonths(ctx context.Context, a access.Actor, months int) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	if months < MinRetentionMonths || months > MaxRetentionMonths {
		return kit.Invalid("retention_months", "Keep candidates' data between 12 months (the federal minimum, 29 CFR 1602.14) and 120 months")
	}
	return s.inTx(ctx, func(st Store) error {
		before := s.retentionMonths(ctx, st)
		if err := st.SetSetting(ctx, retentionKey, strconv.Itoa(months)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.retention", "setting", 0, "Set candidate data retention to "+strconv.Itoa(months)+" months after the decision",
			map[string]int{"months": before}, map[string]int{"months": months})
	})
}

// CandidatePrivacy is a candidate's retention state.
type CandidatePrivacy struct {
	LegalHold        bool
	HoldReason       string
	EraseRequestedAt time.Time
	PurgedAt         time.Time
}

// RetentionStatus says when a candidate's personal data will be erased,
// or why it is kept.
type RetentionStatus struct {
	CandidateID int64
	Privacy     CandidatePrivacy
	Blocked     string    // kept with no date: an open application, a hire, a legal hold
	PurgeOn     date.Date // the day it is erased (zero when blocked or purged)
	FederalOn   date.Date // the earliest day federal law allows
	Why         []rules.Step
}

// retentionOf works out a candidate's erasure date: for each application
// the later of the federal minimum (29 CFR 1602.14: a year from the later
// of the application and the decision) and the company's period after the
// decision; the latest over the applications. An erasure request drops
// the company's period (not the federal one).
func (s *Service) retentionOf(ctx context.Context, st Store, candID int64) (RetentionStatus, error) {
	out := RetentionStatus{CandidateID: candID}
	p, err := st.GetCandidatePrivacy(ctx, candID)
	if err != nil {
		return out, err
	}
	out.Privacy = p
	if !p.PurgedAt.IsZero() {
		return out, nil
	}
	apps, err := st.ListApplications(ctx, ApplicationFilter{CandidateID: candID})
	if err != nil {
		return out, err
	}
	months := s.retentionMonths(ctx, st)
	for _, app := range apps {
		switch app.Status {
		case AppActive:
			out.Blocked = "An application is still open (" + app.ReqNumber + "); the data is kept until it is decided."
		case AppHired:
			out.Blocked = "Hired (" + app.ReqNumber + "): the application is part of the employee's records."
		}
		if out.Blocked != "" {
			break
		}
		decided := date.Of(app.UpdatedAt)
		fed, why, err := rules.Retention(rules.RetentionFacts{Record: rules.RecordEEOCPersonnel, RecordMade: date.Of(app.AppliedAt), ActionDate: decided})
		if err != nil {
			return out, err
		}
		if fed.RetainUntil.After(out.FederalOn) {
			out.FederalOn, out.Why = fed.RetainUntil, why
		}
		on := fed.RetainUntil
		if p.EraseRequestedAt.IsZero() {
			if own := decided.AddMonths(months); own.After(on) {
				on = own
			}
		}
		if on.After(out.PurgeOn) {
			out.PurgeOn = on
		}
	}
	if p.LegalHold && out.Blocked == "" {
		out.Blocked = "On legal hold: " + p.HoldReason
	}
	if out.Blocked != "" || len(apps) == 0 {
		out.PurgeOn, out.Why = date.Date{}, nil
		return out, nil
	}
	policy := fmt.Sprintf("Company policy keeps a decided candidate's data %d months after the decision.", months)
	if !p.EraseRequestedAt.IsZero() {
		policy = "The candidate asked for erasure on " + date.Of(p.EraseRequestedAt).String() + ", so only the federal minimum applies."
	}
	out.Why = append(out.Why, rules.Step{Text: policy + " The data is erased on " + out.PurgeOn.String() + ", the latest date over the candidate's applications."})
	return out, nil
}

// Retention returns a candidate's retention state. Requires
// hiring.candidates.privacy. Errors: KindForbidden, KindNotFound.
func (s *Service) Retention(ctx context.Context, a access.Actor, candID int64) (RetentionStatus, error) {
	if err := access.Require(a, access.CandidatePrivacy, access.CompanyTarget); err != nil {
		return RetentionStatus{}, err
	}
	return s.retentionOf(ctx, s.store, candID)
}

// SetLegalHold keeps a candidate's data while a charge, lawsuit or
// investigation is pending (on), or lets the retention period run again
// (off). Requires hiring.candidates.privacy. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (already erased).
func (s *Service) SetLegalHold(ctx context.Context, a access.Actor, candID int64, on bool, reason string) error {
	if err := access.Require(a, access.CandidatePrivacy, access.CompanyTarget); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if on && reason == "" {
		return kit.Invalid("reason", "Say why the data must be kept, like a charge number")
	}
	if len(reason) > 300 {
		return kit.Invalid("reason", "Keep the reason under 300 characters")
	}
	return s.inTx(ctx, func(st Store) error {
		p, err := st.GetCandidatePrivacy(ctx, candID)
		if err != nil {
			return err
		}
		if !p.PurgedAt.IsZero() {
			return kit.Conflict("this candidate's data was erased on %s", date.Of(p.PurgedAt))
		}
		if !on {
			reason = ""
		}
		if err := st.SetCandidateHold(ctx, candID, on, reason); err != nil {
			return err
		}
		what := map[bool]string{true: "Placed a legal hold on candidate #%d: %s", false: "Lifted the legal hold on candidate #%d%s"}[on]
		return s.record(ctx, st, a, "hiring.candidate_hold", "candidate", candID, fmt.Sprintf(what, candID, reason), p, map[string]any{"legal_hold": on, "reason": reason})
	})
}

// RequestErasure records a candidate's request to erase their data. When
// the federal minimum has passed it is erased now; otherwise it is erased
// on that day (the company's longer period no longer applies). An open
// application, a hire or a legal hold keeps the data, and the request is
// refused with the reason. Requires hiring.candidates.privacy. Returns
// the erasure day (today when done). Errors: KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) RequestErasure(ctx context.Context, a access.Actor, candID int64) (date.Date, bool, error) {
	if err := access.Require(a, access.CandidatePrivacy, access.CompanyTarget); err != nil {
		return date.Date{}, false, err
	}
	var on date.Date
	var done bool
	err := s.inTx(ctx, func(st Store) error {
		p, err := st.GetCandidatePrivacy(ctx, candID)
		if err != nil {
			return err
		}
		if !p.PurgedAt.IsZero() {
			return kit.Conflict("this candidate's data was already erased on %s", date.Of(p.PurgedAt))
		}
		if err := st.SetEraseRequested(ctx, candID, s.now()); err != nil {
			return err
		}
		r, err := s.retentionOf(ctx, st, candID)
		if err != nil {
			return err
		}
		if r.Blocked != "" {
			return kit.Conflict("the data cannot be erased now. %s", r.Blocked)
		}
		on = r.PurgeOn
		if err := s.record(ctx, st, a, "hiring.candidate_erasure_request", "candidate", candID, fmt.Sprintf("Recorded candidate #%d's request to erase their data (erased on %s)", candID, on), nil, nil); err != nil {
			return err
		}
		if on.After(s.today()) {
			return nil
		}
		done = true
		return s.purge(ctx, st, candID, "on the candidate's request")
	})
	return on, done, err
}

// purge erases a candidate's personal data: name, email and phone,
// resumes, answers and cover letters, notes on their stage moves,
// interviews and scorecards, offers and links. What remains is
// anonymous: each application's requisition, source, stage reached,
// status and dates (for the funnel and time-to-fill), and the voluntary
// self-identification, which no longer points to a person (applicant
// flow statistics).
func (s *Service) purge(ctx context.Context, st Store, candID int64, why string) error {
	if err := st.PurgeCandidate(ctx, candID, s.now()); err != nil {
		return err
	}
	return st.AppendAudit(ctx, audit.Entry{At: s.now(), ActorLabel: "Cadre retention", Action: "hiring.candidate_purge", ObjectType: "candidate", ObjectID: candID,
		Summary: fmt.Sprintf("Erased the personal data of candidate #%d %s", candID, why)})
}

// PurgeDue erases the personal data of every candidate whose retention
// has run out (the daily job). Each candidate is erased in its own
// transaction. Returns how many were erased.
func (s *Service) PurgeDue(ctx context.Context) (int, error) {
	// No one is due before the federal year: a candidate decided on day D
	// is due from D plus a year, so only decisions before the day after
	// (today less a year) are worth looking at.
	cutoff := s.today().AddYears(-1).AddDays(1).Time()
	ids, err := s.store.PurgeCandidates(ctx, cutoff, 1000)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := s.inTx(ctx, func(st Store) error {
			r, err := s.retentionOf(ctx, st, id)
			if err != nil || r.Blocked != "" || r.PurgeOn.IsZero() || r.PurgeOn.After(s.today()) {
				return err
			}
			n++
			why := "under the retention rule"
			if !r.Privacy.EraseRequestedAt.IsZero() {
				why = "on the candidate's request"
			}
			return s.purge(ctx, st, id, why)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// RunPurge runs the retention purge now. Requires hiring.ats.manage.
func (s *Service) RunPurge(ctx context.Context, a access.Actor) (int, error) {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	return s.PurgeDue(ctx)
}
