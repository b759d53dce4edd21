package hiring

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// InterviewRound is one round of a requisition's interview plan: who
// interviews, for how long, and which of the requisition's criteria the
// round's scorecards rate (all of them when Focus is empty).
type InterviewRound struct {
	Name         string   `json:"name"`
	Minutes      int      `json:"minutes"`
	Interviewers []int64  `json:"interviewer_ids"`
	Focus        []string `json:"focus,omitempty"`
}

// MaxRounds bounds an interview plan.
const MaxRounds = 8

// RoundNamed returns the plan's round with that name (case-insensitive).
func (r Requisition) RoundNamed(name string) (InterviewRound, bool) {
	for _, rd := range r.Plan {
		if strings.EqualFold(rd.Name, strings.TrimSpace(name)) {
			return rd, true
		}
	}
	return InterviewRound{}, false
}

// CriteriaFor are the criteria an interview's scorecards rate: its
// round's focus in the plan, else every criterion of the requisition.
func CriteriaFor(r Requisition, round string) []string {
	all := Criteria(r)
	rd, ok := r.RoundNamed(round)
	if !ok || len(rd.Focus) == 0 {
		return all
	}
	var out []string
	for _, c := range all {
		if slices.Contains(rd.Focus, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 { // the requirements changed since: rate them all
		return all
	}
	return out
}

// SetInterviewPlan replaces a requisition's interview plan (an empty
// plan removes it). Requires hiring.interviews.manage over the
// requisition. Errors: KindInvalid (fields rounds[i].name, .minutes,
// .interviewer_ids, .focus), KindForbidden, KindNotFound, KindConflict
// (the requisition is closed, or changed since version).
func (s *Service) SetInterviewPlan(ctx context.Context, a access.Actor, reqID int64, rounds []InterviewRound, version int64) error {
	return s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, reqID, access.RequisitionView)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.InterviewManage, s.target(ctx, st, r)); err != nil {
			return err
		}
		if r.Status == ReqFilled || r.Status == ReqCancelled || r.Status == ReqRejected {
			return kit.Conflict("%s is %s; its interview plan can no longer change", r.Number, r.Status)
		}
		if version != 0 && version != r.Version {
			return kit.Conflict("%s changed since you opened it; reload and make your change again", r.Number)
		}
		f := kit.FieldErrors{}
		if len(rounds) > MaxRounds {
			f.Add("rounds", fmt.Sprintf("Keep the plan to %d rounds", MaxRounds))
		}
		criteria := Criteria(r)
		seen := map[string]bool{}
		var clean []InterviewRound
		for i, rd := range rounds {
			p := fmt.Sprintf("rounds[%d]", i)
			rd.Name = strings.Join(strings.Fields(rd.Name), " ")
			switch {
			case rd.Name == "":
				f.Add(p+".name", "Name the round")
			case len(rd.Name) > 100:
				f.Add(p+".name", "Keep the name under 100 characters")
			case seen[strings.ToLower(rd.Name)]:
				f.Add(p+".name", "Another round has this name")
			}
			seen[strings.ToLower(rd.Name)] = true
			if rd.Minutes < 15 || rd.Minutes > 240 {
				f.Add(p+".minutes", "A round lasts from 15 minutes to 4 hours")
			}
			var ids []int64
			for _, uid := range rd.Interviewers {
				if slices.Contains(ids, uid) {
					continue
				}
				if u, err := st.InterviewerOf(ctx, uid); err != nil || u.Email == "" {
					f.Add(p+".interviewer_ids", "Every interviewer must be an active user")
					continue
				}
				ids = append(ids, uid)
			}
			switch {
			case len(ids) == 0 && !f.Has(p+".interviewer_ids"):
				f.Add(p+".interviewer_ids", "Choose at least one interviewer")
			case len(ids) > 8:
				f.Add(p+".interviewer_ids", "Keep the panel to 8 interviewers")
			}
			rd.Interviewers = ids
			var focus []string
			for _, c := range rd.Focus {
				if !slices.Contains(criteria, c) {
					f.Add(p+".focus", "Not a criterion of this requisition: "+c)
				} else if !slices.Contains(focus, c) {
					focus = append(focus, c)
				}
			}
			rd.Focus = focus
			clean = append(clean, rd)
		}
		if err := f.Err(); err != nil {
			return err
		}
		before := r.Plan
		r.Plan, r.UpdatedAt = clean, s.now()
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		names := make([]string, len(clean))
		for i, rd := range clean {
			names[i] = rd.Name
		}
		summary := "Removed the interview plan of " + r.Number
		if len(clean) > 0 {
			summary = fmt.Sprintf("Set the interview plan of %s: %s", r.Number, strings.Join(names, ", "))
		}
		return s.record(ctx, st, a, "hiring.interview_plan", "requisition", r.ID, summary, before, clean)
	})
}

// RoundProgress is where an application stands on one round of the plan.
type RoundProgress struct {
	Round     InterviewRound
	Interview *Interview // the round's latest interview not cancelled
	Status    string     // to_schedule, scheduled, done
}

// PlanProgress matches an application's interviews to the plan's rounds
// by name: a round is done once its interview has ended.
func PlanProgress(r Requisition, ivs []Interview, now time.Time) []RoundProgress {
	out := make([]RoundProgress, 0, len(r.Plan))
	for _, rd := range r.Plan {
		p := RoundProgress{Round: rd, Status: "to_schedule"}
		for i := range ivs {
			iv := &ivs[i]
			if iv.Status == InterviewCancelled || !strings.EqualFold(iv.Round, rd.Name) {
				continue
			}
			if p.Interview == nil || iv.StartsAt.After(p.Interview.StartsAt) {
				p.Interview = iv
			}
		}
		if p.Interview != nil {
			p.Status = "scheduled"
			if p.Interview.Status == InterviewCompleted || p.Interview.EndsAt.Before(now) {
				p.Status = "done"
			}
		}
		out = append(out, p)
	}
	return out
}

// PlanRound is a round of the plan with its interviewers' names.
type PlanRound struct {
	InterviewRound
	Panel []Panelist
}

// InterviewPlan returns a requisition's plan with the interviewers'
// names. Requires hiring.requisitions.view over it.
func (s *Service) InterviewPlan(ctx context.Context, a access.Actor, reqID int64) (Requisition, []PlanRound, error) {
	r, err := s.visible(ctx, s.store, a, reqID, access.RequisitionView)
	if err != nil {
		return r, nil, err
	}
	out := make([]PlanRound, 0, len(r.Plan))
	for _, rd := range r.Plan {
		pr := PlanRound{InterviewRound: rd}
		for _, uid := range rd.Interviewers {
			if p, err := s.store.InterviewerOf(ctx, uid); err == nil {
				pr.Panel = append(pr.Panel, p)
			} else {
				pr.Panel = append(pr.Panel, Panelist{UserID: uid, Name: "A former user"})
			}
		}
		out = append(out, pr)
	}
	return r, out, nil
}
