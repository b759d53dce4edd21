package hiring

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// CandidateExport is everything Cadre holds about a candidate, as they
// would receive it on request.
type CandidateExport struct {
	ExportedAt   time.Time           `json:"exported_at"`
	Company      string              `json:"company"`
	Candidate    exportCandidate     `json:"candidate"`
	Applications []exportApplication `json:"applications"`
	Retention    exportRetention     `json:"retention"`
}

type exportCandidate struct {
	ID         int64     `json:"id"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	Email      string    `json:"email"`
	Phone      string    `json:"phone,omitempty"`
	Source     string    `json:"source"`
	FirstSeen  time.Time `json:"first_seen"`
}

type exportApplication struct {
	ID            int64             `json:"id"`
	Requisition   string            `json:"requisition"`
	Job           string            `json:"job"`
	AppliedAt     time.Time         `json:"applied_at"`
	Source        string            `json:"source"`
	Stage         string            `json:"stage"`
	Status        string            `json:"status"`
	Decision      string            `json:"decision,omitempty"`
	CoverLetter   string            `json:"cover_letter,omitempty"`
	Answers       map[string]string `json:"answers,omitempty"`
	Resume        string            `json:"resume_file,omitempty"`
	SelfID        *SelfID           `json:"voluntary_self_identification,omitempty"`
	History       []exportEvent     `json:"history"`
	PhoneScreens  []exportPhone     `json:"phone_screens,omitempty"`
	Interviews    []exportInterview `json:"interviews,omitempty"`
	Offers        []exportOffer     `json:"offers,omitempty"`
	ConsentedWith string            `json:"consent_text,omitempty"`
}

type exportEvent struct {
	At   time.Time `json:"at"`
	From string    `json:"from,omitempty"`
	To   string    `json:"to"`
	Note string    `json:"note,omitempty"`
}

type exportPhone struct {
	HeldOn         string         `json:"held_on"`
	By             string         `json:"by"`
	Notes          []PromptAnswer `json:"notes"`
	PayExpectation string         `json:"pay_expectation,omitempty"`
	AvailableFrom  string         `json:"available_from,omitempty"`
	WorkAuth       string         `json:"work_authorization"`
	Recommendation string         `json:"recommendation"`
	Summary        string         `json:"summary,omitempty"`
}

type exportInterview struct {
	Round      string            `json:"round"`
	StartsAt   time.Time         `json:"starts_at"`
	Status     string            `json:"status"`
	Scorecards []exportScorecard `json:"scorecards,omitempty"`
}

type exportScorecard struct {
	By             string   `json:"by"`
	Recommendation string   `json:"recommendation"`
	Ratings        []Rating `json:"ratings"`
	Notes          string   `json:"notes,omitempty"`
}

type exportOffer struct {
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Letter    string    `json:"letter"`
	StartDate string    `json:"start_date"`
	SentAt    time.Time `json:"sent_at,omitempty"`
}

type exportRetention struct {
	EraseOn string `json:"erased_on,omitempty"`
	KeptFor string `json:"kept_because,omitempty"`
}

// ExportCandidate gathers a candidate's data into a ZIP: candidate.json
// and their resume files. Requires hiring.candidates.privacy; the export
// is audited. Errors: KindForbidden, KindNotFound, KindConflict (erased).
func (s *Service) ExportCandidate(ctx context.Context, a access.Actor, candID int64) ([]byte, string, error) {
	if err := access.Require(a, access.CandidatePrivacy, access.CompanyTarget); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	var name string
	err := s.inTx(ctx, func(st Store) error {
		cand, err := st.GetCandidate(ctx, candID)
		if err != nil {
			return err
		}
		p, err := st.GetCandidatePrivacy(ctx, candID)
		if err != nil {
			return err
		}
		if !p.PurgedAt.IsZero() {
			return kit.Conflict("this candidate's data was erased on %s; nothing personal is left to export", p.PurgedAt.Format("2006-01-02"))
		}
		ex := CandidateExport{ExportedAt: s.now().UTC(), Company: s.Employer(ctx), Candidate: exportCandidate{ID: cand.ID, GivenName: cand.GivenName,
			FamilyName: cand.FamilyName, Email: cand.Email, Phone: cand.Phone, Source: cand.Source, FirstSeen: cand.CreatedAt.UTC()}}
		zw := zip.NewWriter(&buf)
		apps, err := st.ListApplications(ctx, ApplicationFilter{CandidateID: candID})
		if err != nil {
			return err
		}
		for _, app := range apps {
			r, err := st.GetRequisition(ctx, app.RequisitionID)
			if err != nil {
				return err
			}
			stages := r.Pipeline()
			ea := exportApplication{ID: app.ID, Requisition: app.ReqNumber, Job: app.ReqTitle, AppliedAt: app.AppliedAt.UTC(), Source: app.Source,
				Stage: StageName(stages, app.Stage), Status: app.Status, Decision: app.RejectReason, CoverLetter: app.CoverLetter, Answers: app.Answers,
				History: []exportEvent{}}
			if app.PostingID != 0 {
				if post, err := st.GetPosting(ctx, app.PostingID); err == nil {
					named := map[string]string{}
					for _, q := range post.Questions {
						if v, ok := app.Answers[q.ID]; ok {
							named[q.Text] = v
						}
					}
					ea.Answers = named
				}
			}
			if app.ResumeID != 0 {
				res, err := st.GetResume(ctx, app.ResumeID)
				if err != nil {
					return err
				}
				ea.Resume = fmt.Sprintf("resumes/%d-%s", res.ID, path.Base(strings.ReplaceAll(res.Filename, "\\", "/")))
				w, err := zw.Create(ea.Resume)
				if err != nil {
					return err
				}
				if _, err := w.Write(res.Data); err != nil {
					return err
				}
			}
			if sid, err := st.GetSelfID(ctx, app.ID); err == nil {
				ea.SelfID = &sid
			}
			evs, err := st.ListStageEvents(ctx, app.ID)
			if err != nil {
				return err
			}
			for _, e := range evs {
				ea.History = append(ea.History, exportEvent{At: e.At.UTC(), From: StageName(stages, e.FromStage), To: StageName(stages, e.ToStage), Note: e.Note})
			}
			phones, err := st.ListPhoneScreens(ctx, app.ID)
			if err != nil {
				return err
			}
			for _, p := range phones {
				ep := exportPhone{HeldOn: p.HeldOn.String(), By: p.ScreenerName, Notes: p.Answers, WorkAuth: p.WorkAuth, Recommendation: p.Recommendation, Summary: p.Summary}
				if p.PayCents > 0 {
					ep.PayExpectation = kit.FormatCents(p.PayCents) + " " + r.Currency + " per " + p.PayPer
				}
				if !p.AvailableFrom.IsZero() {
					ep.AvailableFrom = p.AvailableFrom.String()
				}
				ea.PhoneScreens = append(ea.PhoneScreens, ep)
			}
			ivs, err := st.ListInterviews(ctx, InterviewFilter{ApplicationID: app.ID})
			if err != nil {
				return err
			}
			for _, iv := range ivs {
				ei := exportInterview{Round: iv.Round, StartsAt: iv.StartsAt.UTC(), Status: iv.Status}
				scs, err := st.ListScorecards(ctx, iv.ID)
				if err != nil {
					return err
				}
				for _, sc := range scs {
					ei.Scorecards = append(ei.Scorecards, exportScorecard{By: sc.Name, Recommendation: sc.Recommendation, Ratings: sc.Ratings, Notes: sc.Notes})
				}
				ea.Interviews = append(ea.Interviews, ei)
			}
			offers, err := st.ListOffers(ctx, OfferFilter{ApplicationID: app.ID})
			if err != nil {
				return err
			}
			for _, o := range offers {
				ea.Offers = append(ea.Offers, exportOffer{Title: o.Title, Status: o.Status, Letter: o.Letter, StartDate: o.StartDate.String(), SentAt: o.SentAt.UTC()})
			}
			ea.ConsentedWith, _ = st.ApplicationConsent(ctx, app.ID)
			ex.Applications = append(ex.Applications, ea)
		}
		ret, err := s.retentionOf(ctx, st, candID)
		if err != nil {
			return err
		}
		if ret.Blocked != "" {
			ex.Retention.KeptFor = ret.Blocked
		} else if !ret.PurgeOn.IsZero() {
			ex.Retention.EraseOn = ret.PurgeOn.String()
		}
		w, err := zw.Create("candidate.json")
		if err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ex); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		name = fmt.Sprintf("candidate-%d-export.zip", candID)
		return s.record(ctx, st, a, "hiring.candidate_export", "candidate", candID, fmt.Sprintf("Exported the personal data of candidate #%d (%d applications)", candID, len(apps)), nil, nil)
	})
	return buf.Bytes(), name, err
}
