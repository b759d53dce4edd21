package hiring

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// PhoneScreen is a recruiter's structured notes from a phone screen: the
// template's prompts with their answers, then the facts every screen
// settles (pay expectation, start date, work authorization) and a
// recommendation.
type PhoneScreen struct {
	ID            int64
	ApplicationID int64
	HeldOn        date.Date
	ScreenerID    int64
	ScreenerName  string
	Answers       []PromptAnswer
	// PayCents is the candidate's expected pay (0: not discussed), per
	// PayPer: "year" or "hour", the unit of the requisition's range.
	PayCents       int64
	PayPer         string
	AvailableFrom  date.Date // zero: not discussed
	WorkAuth       string    // authorized, needs_sponsorship, not_discussed
	Recommendation string    // advance, hold, reject
	Summary        string
	CreatedAt      time.Time
	// PayFit compares PayCents with the requisition's range: below,
	// within, above; empty when not discussed. Set on reading.
	PayFit string
}

// PromptAnswer is one prompt of the template and what was noted.
type PromptAnswer struct {
	Prompt string `json:"prompt"`
	Answer string `json:"answer"`
}

// Phone screen choices.
var (
	WorkAuthChoices       = []string{"authorized", "needs_sponsorship", "not_discussed"}
	RecommendationChoices = []string{"advance", "hold", "reject"}
)

// DefaultPhonePrompts is the phone screen template until an HR manager
// changes it.
var DefaultPhonePrompts = []string{
	"Why this role, and why now?",
	"Relevant experience: what they have done that matches the requirements",
	"Schedule, location and travel: can they work the role's hours and place?",
	"Questions the candidate asked, and what you answered",
}

// MaxPhonePrompts bounds the template.
const MaxPhonePrompts = 10

const phonePromptsKey = "recruiting.phone_screen.prompts"

// PhoneTemplate returns the phone screen template's prompts. Requires
// hiring.candidates.view over some unit (the hiring team reads screens) or
// hiring.ats.manage. Errors: KindForbidden.
func (s *Service) PhoneTemplate(ctx context.Context, a access.Actor) ([]string, error) {
	if paths, whole := access.ScopePaths(a, access.CandidateView); !whole && len(paths) == 0 {
		if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
			return nil, err
		}
	}
	return s.phonePrompts(ctx, s.store), nil
}

func (s *Service) phonePrompts(ctx context.Context, st Store) []string {
	if v, err := st.Setting(ctx, phonePromptsKey); err == nil && v != "" {
		var out []string
		if json.Unmarshal([]byte(v), &out) == nil && len(out) > 0 {
			return out
		}
	}
	return append([]string(nil), DefaultPhonePrompts...)
}

// SetPhonePrompts sets the phone screen template (1 to 10 prompts; an
// empty list restores the default). Requires hiring.ats.manage. Errors:
// KindInvalid (fields prompts[i]), KindForbidden.
func (s *Service) SetPhonePrompts(ctx context.Context, a access.Actor, prompts []string) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	var clean []string
	f := kit.FieldErrors{}
	seen := map[string]bool{}
	for i, p := range prompts {
		p = strings.Join(strings.Fields(p), " ")
		switch {
		case p == "":
			continue
		case len(p) > 200:
			f.Add(fmt.Sprintf("prompts[%d]", i), "Keep a prompt under 200 characters")
		case seen[strings.ToLower(p)]:
			f.Add(fmt.Sprintf("prompts[%d]", i), "This prompt is already in the template")
		}
		seen[strings.ToLower(p)] = true
		clean = append(clean, p)
	}
	if len(clean) > MaxPhonePrompts {
		f.Add("prompts", fmt.Sprintf("Keep the template to %d prompts", MaxPhonePrompts))
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		before := s.phonePrompts(ctx, st)
		val := ""
		if len(clean) > 0 {
			b, _ := json.Marshal(clean)
			val = string(b)
		}
		if err := st.SetSetting(ctx, phonePromptsKey, val); err != nil {
			return err
		}
		after := s.phonePrompts(ctx, st)
		return s.record(ctx, st, a, "hiring.phone_screen_template", "setting", 0, fmt.Sprintf("Set the phone screen template (%d prompts)", len(after)), before, after)
	})
}

// PhoneScreenIn is what a recruiter records.
type PhoneScreenIn struct {
	HeldOn         date.Date
	Answers        []string // in the template's order
	Prompts        []string // the prompts the form showed (the template may change meanwhile)
	PayCents       int64
	AvailableFrom  date.Date
	WorkAuth       string
	Recommendation string
	Summary        string
}

// RecordPhoneScreen records a phone screen on an application. Requires
// hiring.candidates.manage over the requisition. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (the candidate's data was
// erased).
func (s *Service) RecordPhoneScreen(ctx context.Context, a access.Actor, appID int64, in PhoneScreenIn) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		app, r, err := s.appFor(ctx, st, a, appID, access.CandidateManage)
		if err != nil {
			return err
		}
		if p, err := st.GetCandidatePrivacy(ctx, app.CandidateID); err == nil && !p.PurgedAt.IsZero() {
			return kit.Conflict("this candidate's personal data was erased; nothing can be added")
		}
		// The form sends back the prompts it showed, so a template changed
		// meanwhile does not shift the answers; they are labels, bounded.
		var prompts []string
		for _, p := range in.Prompts {
			p = strings.Join(strings.Fields(p), " ")
			if r := []rune(p); len(r) > 200 {
				p = string(r[:200])
			}
			prompts = append(prompts, p)
		}
		if len(prompts) == 0 || len(prompts) > MaxPhonePrompts {
			prompts = s.phonePrompts(ctx, st)
		}
		now := s.now()
		f := kit.FieldErrors{}
		switch {
		case in.HeldOn.IsZero():
			f.Add("held_on", "Enter the day of the call")
		case in.HeldOn.After(date.Of(now)):
			f.Add("held_on", "The call cannot be in the future; record it once it has taken place")
		case in.HeldOn.Before(date.Of(app.AppliedAt)):
			f.Add("held_on", "The call cannot be before the candidate applied ("+app.AppliedAt.Format("Jan 2, 2006")+")")
		}
		ps := PhoneScreen{ApplicationID: appID, HeldOn: in.HeldOn, ScreenerID: a.UserID, PayCents: in.PayCents, AvailableFrom: in.AvailableFrom,
			WorkAuth: in.WorkAuth, Recommendation: in.Recommendation, Summary: strings.TrimSpace(in.Summary), CreatedAt: now, PayPer: "year"}
		answered := 0
		for i, p := range prompts {
			ans := ""
			if i < len(in.Answers) {
				ans = strings.TrimSpace(in.Answers[i])
			}
			if len(ans) > 4000 {
				f.Add(fmt.Sprintf("answers[%d]", i), "Keep each answer under 4,000 characters")
			}
			if ans != "" {
				answered++
			}
			ps.Answers = append(ps.Answers, PromptAnswer{Prompt: p, Answer: ans})
		}
		if len(in.Answers) > len(prompts) {
			f.Add("answers", fmt.Sprintf("The template has %d prompts; %d answers were sent", len(prompts), len(in.Answers)))
		}
		if len(ps.Summary) > 4000 {
			f.Add("summary", "Keep the summary under 4,000 characters")
		}
		if answered == 0 && ps.Summary == "" {
			f.Add("summary", "Note what you learned: answer a prompt or write a summary")
		}
		if in.PayCents < 0 {
			f.Add("pay_expectation", "Enter a positive amount, or leave it empty when not discussed")
		}
		ps.PayPer = payUnit(ctx, st, r)
		if in.PayCents > 0 && ps.PayPer == "hour" && in.PayCents > 100000 {
			f.Add("pay_expectation", "This role is paid by the hour: enter an hourly rate")
		}
		if !in.AvailableFrom.IsZero() && in.AvailableFrom.Before(date.Of(now).AddDays(-1)) {
			f.Add("available_from", "The start date is in the past")
		}
		if !slices.Contains(WorkAuthChoices, ps.WorkAuth) {
			f.Add("work_auth", "Choose what was said about work authorization")
		}
		if !slices.Contains(RecommendationChoices, ps.Recommendation) {
			f.Add("recommendation", "Choose advance, hold or reject")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if id, err = st.InsertPhoneScreen(ctx, ps); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.phone_screen", "application", appID,
			fmt.Sprintf("Recorded a phone screen with %s for %s: %s", app.Candidate.Name(), r.Number, ps.Recommendation), nil, nil)
	})
	return id, err
}

// PhoneScreens returns an application's phone screens, newest first,
// with the pay expectation compared to the requisition's range. Requires
// hiring.candidates.view over the requisition.
func (s *Service) PhoneScreens(ctx context.Context, a access.Actor, appID int64) ([]PhoneScreen, error) {
	app, err := s.ApplicationByID(ctx, a, appID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.GetRequisition(ctx, app.RequisitionID)
	if err != nil {
		return nil, err
	}
	out, err := s.store.ListPhoneScreens(ctx, appID)
	for i := range out {
		out[i].PayFit = payFit(out[i].PayCents, r)
	}
	return out, err
}

func payFit(cents int64, r Requisition) string {
	switch {
	case cents == 0 || r.SalaryMaxCents == 0:
		return ""
	case cents < r.SalaryMinCents:
		return "below"
	case cents > r.SalaryMaxCents:
		return "above"
	}
	return "within"
}

// PayUnit is the unit of a requisition's salary range: "hour" for a job
// not exempt from overtime (its grade is an hourly rate), else "year".
func (s *Service) PayUnit(ctx context.Context, r Requisition) string { return payUnit(ctx, s.store, r) }

func payUnit(ctx context.Context, st Store, r Requisition) string {
	if j, err := st.GetJob(ctx, r.JobID); err == nil && j.FLSAStatus == "nonexempt" {
		return "hour"
	}
	return "year"
}
