package hiring

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Candidate is a person who applied or was sourced; one candidate may
// have many applications.
type Candidate struct {
	ID         int64
	GivenName  string
	FamilyName string
	Email      string // lower case
	Phone      string // digits only
	Source     string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Name is the candidate's full name.
func (c Candidate) Name() string { return strings.TrimSpace(c.GivenName + " " + c.FamilyName) }

// Application statuses.
const (
	AppActive    = "active"
	AppRejected  = "rejected"
	AppWithdrawn = "withdrawn"
	AppHired     = "hired"
)

// Sources of applications (source of hire).
var Sources = []string{"careers_page", "job_board", "referral", "agency", "sourced", "internal", "other"}

// Application is a candidate's application to a requisition.
type Application struct {
	ID              int64
	CandidateID     int64
	Candidate       Candidate
	RequisitionID   int64
	ReqNumber       string
	ReqTitle        string
	OrgPath         string
	HiringManagerID int64
	PostingID       int64
	Stage           string
	Status          string
	Source          string
	CoverLetter     string
	Answers         map[string]string // question id -> answer
	KnockedOut      bool
	RejectReason    string
	ResumeID        int64
	ApprovalID      int64 // a key-role offer decision waiting
	AppliedAt       time.Time
	StageChangedAt  time.Time
	UpdatedAt       time.Time
	Version         int64
}

// Resume is an uploaded resume with its extracted text.
type Resume struct {
	ID          int64
	CandidateID int64
	Filename    string
	ContentType string
	Size        int
	Data        []byte
	Text        string
	CreatedAt   time.Time
}

// SelfID is the voluntary EEO self-identification of an application. It
// is kept apart from the application: the hiring team never sees it, and
// only aggregate reports use it.
type SelfID struct {
	Gender         string    `json:"gender"`         // female, male, nonbinary, decline
	RaceEthnicity  string    `json:"race_ethnicity"` // EEO-1 categories or decline
	Veteran        string    `json:"veteran"`        // protected_veteran, not_veteran, decline
	Disability     string    `json:"disability"`     // yes, no, decline
	ApplicationID  int64     `json:"-"`
	RecordedAtDate date.Date `json:"recorded_on"`
}

// Self-identification vocabularies (the EEO-1 race/ethnicity codes match
// the rules engine's).
var (
	SelfIDGenders    = []string{"female", "male", "nonbinary", "decline"}
	SelfIDRaces      = []string{"hispanic_or_latino", "white", "black_or_african_american", "native_hawaiian_or_pacific_islander", "asian", "american_indian_or_alaska_native", "two_or_more_races", "decline"}
	SelfIDVeterans   = []string{"protected_veteran", "not_veteran", "decline"}
	SelfIDDisability = []string{"yes", "no", "decline"}
)

// ApplyInput is an application from the public careers page.
type ApplyInput struct {
	Slug        string
	GivenName   string
	FamilyName  string
	Email       string
	Phone       string
	CoverLetter string
	Answers     map[string]string
	Filename    string
	Resume      []byte
	Consent     bool
	SelfID      *SelfID
	// Website is the honeypot: a field people cannot see; bots fill it.
	Website string
	// ClientKey identifies the sender for the flood limit (the IP
	// address); it is stored only as a keyed hash.
	ClientKey string
	Source    string
}

// ApplyResult is what the applicant is told.
type ApplyResult struct {
	ApplicationID int64
	Token         string // the status link's secret
	Candidate     Candidate
	Posting       Posting
	Dropped       bool // the honeypot caught a bot: nothing stored
	// Subject and Lines are the acknowledgement, from its template.
	Subject string
	Lines   []string
}

// MaxResumeSize is the largest resume accepted.
const MaxResumeSize = 5 << 20

// Flood limits for the public form, per sender.
const (
	FloodWindow = time.Hour
	FloodMax    = 5
)

// ConsentText is what an applicant agrees to: the employer's name and how
// long a decided application is kept.
func ConsentText(company string, months int) string {
	period := fmt.Sprintf("%d months", months)
	if months%12 == 0 {
		period = map[bool]string{true: "one year", false: fmt.Sprintf("%d years", months/12)}[months == 12]
	}
	return "I agree that " + company + " may store and process my application and resume to consider me for this and similar jobs, and delete them within " +
		period + " after a decision unless I ask earlier."
}

// Consent is the consent text of the careers site now.
func (s *Service) Consent(ctx context.Context) string {
	return ConsentText(s.Employer(ctx), s.retentionMonths(ctx, s.store))
}

// ApplyHook runs in the application's transaction (the app wires the
// acknowledgement email here).
type ApplyHook func(ctx context.Context, st Store, r ApplyResult) error

// OnApply registers a hook for every stored application.
func (s *Service) OnApply(h ApplyHook) { s.onApply = append(s.onApply, h) }

// NormalizePhone keeps the digits of a phone number (a leading 1 of a US
// number is dropped), for duplicate detection.
func NormalizePhone(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}

func cleanName(f kit.FieldErrors, field, v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		f.Add(field, "Enter your "+strings.ReplaceAll(field, "_", " "))
	case len(v) > 100:
		f.Add(field, "Keep it under 100 characters")
	case strings.ContainsAny(v, "<>{}"):
		f.Add(field, "Use letters, spaces, hyphens and apostrophes")
	}
	return v
}

// Apply stores an application from the careers page (no sign-in). A
// candidate who applied before with the same email or phone is the same
// candidate; applying twice to one job is refused. Knockout answers screen
// the application out at once (it is kept, rejected with the reason). The
// honeypot drops bots silently; a flood from one sender is refused.
// Errors: KindInvalid (field by field), KindNotFound (the job is not
// live), KindConflict (already applied), KindRateLimited.
func (s *Service) Apply(ctx context.Context, in ApplyInput) (ApplyResult, error) {
	var res ApplyResult
	post, err := s.CareersPosting(ctx, in.Slug)
	if err != nil {
		return res, err
	}
	res.Posting = post
	if strings.TrimSpace(in.Website) != "" {
		res.Dropped = true
		return res, nil
	}
	key := s.clientHash(in.ClientKey)
	if n, err := s.store.RecentApplications(ctx, key, s.now().Add(-FloodWindow)); err != nil {
		return res, err
	} else if n >= FloodMax {
		return res, &kit.Error{Kind: kit.KindRateLimited, Msg: "Too many applications from your connection in the last hour. Please try again later."}
	}
	f := kit.FieldErrors{}
	in.GivenName = cleanName(f, "given_name", in.GivenName)
	in.FamilyName = cleanName(f, "family_name", in.FamilyName)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 200 {
		f.Add("email", "Enter a valid email address, like name@example.com")
	}
	phone := NormalizePhone(in.Phone)
	if in.Phone != "" && (len(phone) < 7 || len(phone) > 15) {
		f.Add("phone", "Enter a phone number with its area code")
	}
	in.CoverLetter = strings.TrimSpace(in.CoverLetter)
	if len(in.CoverLetter) > 10000 {
		f.Add("cover_letter", "Keep the cover letter under 10,000 characters")
	}
	var ctype, text string
	if len(in.Resume) == 0 {
		f.Add("resume", "Attach your resume (PDF or DOCX)")
	} else {
		var problem string
		if ctype, text, problem = checkResume(in.Filename, in.Resume); problem != "" {
			f.Add("resume", problem)
		}
	}
	answers := map[string]string{}
	knockout := ""
	for _, q := range post.Questions {
		v := strings.TrimSpace(in.Answers[q.ID])
		field := "answers." + q.ID
		switch {
		case v == "" && q.Required:
			f.Add(field, "Answer this question")
		case q.Kind == "yes_no" && v != "" && v != "yes" && v != "no":
			f.Add(field, "Answer yes or no")
		case len(v) > 2000:
			f.Add(field, "Keep the answer under 2,000 characters")
		}
		if v != "" {
			answers[q.ID] = v
		}
		if q.Knockout != "" && v == q.Knockout && knockout == "" {
			knockout = q.Text
		}
	}
	if !in.Consent {
		f.Add("consent", "Agree to the processing of your application to apply")
	}
	if in.SelfID != nil {
		sid := in.SelfID
		for _, c := range []struct {
			field, v string
			set      []string
		}{{"self_id.gender", sid.Gender, SelfIDGenders}, {"self_id.race_ethnicity", sid.RaceEthnicity, SelfIDRaces},
			{"self_id.veteran", sid.Veteran, SelfIDVeterans}, {"self_id.disability", sid.Disability, SelfIDDisability}} {
			if c.v != "" && !oneOf(c.v, c.set) {
				f.Add(c.field, "Choose one of the listed answers")
			}
		}
	}
	if in.Source == "" {
		in.Source = "careers_page"
	}
	if !oneOf(in.Source, Sources) {
		in.Source = "other"
	}
	if err := f.Err(); err != nil {
		return res, err
	}
	tok, hash := newToken()
	err = s.inTx(ctx, func(st Store) error {
		cand, found, err := st.FindCandidate(ctx, in.Email, phone)
		if err != nil {
			return err
		}
		now := s.now()
		if !found {
			cand = Candidate{GivenName: in.GivenName, FamilyName: in.FamilyName, Email: in.Email, Phone: phone, Source: in.Source, CreatedAt: now, UpdatedAt: now}
			if cand.ID, err = st.InsertCandidate(ctx, cand); err != nil {
				return err
			}
		} else {
			prior, err := st.ListApplications(ctx, ApplicationFilter{CandidateID: cand.ID, RequisitionID: post.RequisitionID})
			if err != nil {
				return err
			}
			for _, p := range prior {
				if p.Status == AppActive || p.Status == AppHired {
					return kit.Conflict("You already applied to this job on %s. We have your application and will be in touch.", p.AppliedAt.Format("January 2"))
				}
			}
			if cand.Phone == "" && phone != "" {
				cand.Phone = phone
			}
			if cand.Email == "" {
				cand.Email = in.Email
			}
			cand.UpdatedAt = now
			if err := st.UpdateCandidate(ctx, cand); err != nil {
				return err
			}
		}
		resumeID, err := st.InsertResume(ctx, Resume{CandidateID: cand.ID, Filename: in.Filename, ContentType: ctype, Size: len(in.Resume), Data: in.Resume, Text: text, CreatedAt: now})
		if err != nil {
			return err
		}
		app := Application{CandidateID: cand.ID, RequisitionID: post.RequisitionID, PostingID: post.ID, Stage: StageApplied, Status: AppActive, Source: in.Source,
			CoverLetter: in.CoverLetter, Answers: answers, ResumeID: resumeID, AppliedAt: now, StageChangedAt: now, UpdatedAt: now}
		if knockout != "" {
			app.Status, app.KnockedOut, app.RejectReason = AppRejected, true, "Knockout question: "+knockout
		}
		if app.ID, err = st.InsertApplication(ctx, app, hash, key, s.Consent(ctx)); err != nil {
			return err
		}
		if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: app.ID, ToStage: StageApplied, At: now, Note: "Applied on the careers page"}); err != nil {
			return err
		}
		if in.SelfID != nil {
			sid := *in.SelfID
			sid.ApplicationID, sid.RecordedAtDate = app.ID, s.today()
			if err := st.InsertSelfID(ctx, sid); err != nil {
				return err
			}
		}
		if err := st.AppendAudit(ctx, audit.Entry{At: now, ActorLabel: "Candidate " + cand.Email, Action: "hiring.apply", ObjectType: "application", ObjectID: app.ID,
			Summary: fmt.Sprintf("%s applied to %s (%s)%s", cand.Name(), post.Title, post.ReqNumber, map[bool]string{true: "; screened out by a knockout answer", false: ""}[knockout != ""])}); err != nil {
			return err
		}
		res.ApplicationID, res.Token, res.Candidate = app.ID, tok, cand
		vals := map[string]string{"candidate_first_name": cand.GivenName, "candidate_name": cand.Name(), "job_title": post.Title, "location": post.LocationName}
		if res.Subject, res.Lines, err = s.renderEmail(ctx, st, EmailApplied, vals); err != nil {
			return err
		}
		for _, h := range s.onApply {
			if err := h(ctx, st, res); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// clientHash is a keyed hash of the sender (the raw address is not kept).
func (s *Service) clientHash(key string) string {
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("cadre-apply-flood:" + key))
	return hex.EncodeToString(sum[:16])
}

// newToken makes a secret for a candidate's status link and its hash.
func newToken() (token, hash string) {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is how a status-link token is stored.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ApplicationFilter narrows a list of applications.
type ApplicationFilter struct {
	RequisitionID int64
	CandidateID   int64
	Status        string
	Stage         string
	Limit         int
}

// Applications lists a requisition's applications. Requires
// hiring.candidates.view over the requisition. Errors: KindNotFound,
// KindForbidden.
func (s *Service) Applications(ctx context.Context, a access.Actor, reqID int64, f ApplicationFilter) ([]Application, error) {
	if _, err := s.visible(ctx, s.store, a, reqID, access.CandidateView); err != nil {
		return nil, err
	}
	f.RequisitionID = reqID
	return s.store.ListApplications(ctx, f)
}

// ApplicationByID returns an application the actor may see. Errors:
// KindNotFound.
func (s *Service) ApplicationByID(ctx context.Context, a access.Actor, id int64) (Application, error) {
	app, err := s.store.GetApplication(ctx, id)
	if err != nil {
		return app, err
	}
	if _, err := s.visible(ctx, s.store, a, app.RequisitionID, access.CandidateView); err != nil {
		return Application{}, kit.NotFound("application")
	}
	return app, nil
}

// ResumeOf returns an application's resume. Errors: KindNotFound.
func (s *Service) ResumeOf(ctx context.Context, a access.Actor, appID int64) (Resume, error) {
	app, err := s.ApplicationByID(ctx, a, appID)
	if err != nil {
		return Resume{}, err
	}
	if app.ResumeID == 0 {
		return Resume{}, kit.NotFound("resume")
	}
	return s.store.GetResume(ctx, app.ResumeID)
}

// SelfIDOf returns an application's voluntary self-identification. Only
// those with hiring.eeo.view (HR managers and directors, for reporting)
// may; the hiring team may not. Errors: KindForbidden, KindNotFound.
func (s *Service) SelfIDOf(ctx context.Context, a access.Actor, appID int64) (SelfID, error) {
	app, err := s.store.GetApplication(ctx, appID)
	if err != nil {
		return SelfID{}, err
	}
	r, err := s.store.GetRequisition(ctx, app.RequisitionID)
	if err != nil {
		return SelfID{}, err
	}
	if err := access.Require(a, access.CandidateEEOView, access.Target{OrgPath: r.OrgPath, EmployeeID: -1}); err != nil {
		return SelfID{}, err
	}
	sid, err := s.store.GetSelfID(ctx, appID)
	if err != nil {
		return sid, err
	}
	return sid, s.store.AppendAudit(ctx, audit.Entry{At: s.now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "hiring.self_id_view", ObjectType: "application", ObjectID: appID,
		Summary: "Viewed the voluntary self-identification of an application", RequestID: a.RequestID})
}

// ApplicationStatus is what a candidate sees through their status link.
type ApplicationStatus struct {
	Application Application
	Posting     Posting
	Kind        string   // the kind of the stage the application is at
	Kinds       []string // the kinds of the requisition's stages, in order
}

// StatusByToken returns the application behind a status link. Errors:
// KindNotFound.
func (s *Service) StatusByToken(ctx context.Context, token string) (ApplicationStatus, error) {
	if len(token) < 20 || len(token) > 64 {
		return ApplicationStatus{}, kit.NotFound("application")
	}
	app, err := s.store.ApplicationByToken(ctx, TokenHash(token))
	if err != nil {
		return ApplicationStatus{}, kit.NotFound("application")
	}
	p, err := s.store.GetPosting(ctx, app.PostingID)
	if err != nil {
		return ApplicationStatus{}, kit.NotFound("application")
	}
	out := ApplicationStatus{Application: app, Posting: p}
	r, err := s.store.GetRequisition(ctx, app.RequisitionID)
	if err != nil {
		return ApplicationStatus{}, kit.NotFound("application")
	}
	stages := r.Pipeline()
	out.Kind = KindOf(stages, app.Stage)
	for _, st := range stages {
		if n := len(out.Kinds); n == 0 || out.Kinds[n-1] != st.Kind {
			out.Kinds = append(out.Kinds, st.Kind)
		}
	}
	return out, nil
}
