package hiring

import (
	"context"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/kit/markdown"
)

// Posting statuses.
const (
	PostingDraft     = "draft"
	PostingPublished = "published"
	PostingClosed    = "closed"
)

// Question is a screening question on a posting. A knockout question has
// the answer that screens an applicant out ("no" to "Are you authorised
// to work in the US?").
type Question struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Kind     string `json:"kind" enum:"yes_no,text"`
	Required bool   `json:"required,omitempty"`
	Knockout string `json:"knockout,omitempty" doc:"For yes_no: the answer that screens the applicant out (yes or no)"`
}

// Posting is a requisition advertised on the careers page.
type Posting struct {
	ID              int64
	RequisitionID   int64
	ReqNumber       string
	Slug            string
	Title           string
	DescriptionMD   string
	Department      string
	OrgUnitID       int64
	OrgPath         string
	LocationID      int64
	LocationName    string
	City, Region    string
	Remote          bool
	EmploymentType  string
	ShowSalary      bool
	SalaryMinCents  int64
	SalaryMaxCents  int64
	Currency        string
	PayPer          string // year or hour
	Questions       []Question
	Status          string
	PublishedAt     time.Time
	ClosesOn        date.Date
	HiringManagerID int64
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
}

// Live reports whether the posting is on the careers page on a day.
func (p Posting) Live(day date.Date) bool {
	return p.Status == PostingPublished && (p.ClosesOn.IsZero() || !day.After(p.ClosesOn))
}

// DescriptionHTML is the description rendered from Markdown and sanitised
// (no scripts, styles or event handlers; links open safely).
func (p Posting) DescriptionHTML() template.HTML { return RenderMarkdown(p.DescriptionMD) }

// RenderMarkdown turns Markdown into sanitised HTML.
func RenderMarkdown(src string) template.HTML { return markdown.Render(src) }

// PlainText is the description without markup (for feeds and search).
func (p Posting) PlainText() string {
	return markdown.Plain(p.DescriptionMD)
}

// PostingInput creates or edits a posting.
type PostingInput struct {
	Title         string
	DescriptionMD string
	Remote        bool
	ShowSalary    bool
	ClosesOn      date.Date
	Questions     []Question
	Invalid       kit.FieldErrors
}

// PostingFilter narrows the list.
type PostingFilter struct {
	Status        string
	RequisitionID int64
	LiveOn        date.Date // only postings live on this day (careers page)
	OrgUnitID     int64
	LocationID    int64
	Q             string
	Limit         int
}

var slugUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// slugFor makes a URL slug: "REQ-00042 Senior Analyst" -> "senior-analyst-00042".
func slugFor(title, number string) string {
	s := strings.Trim(slugUnsafe.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	return s + "-" + strings.TrimPrefix(strings.ToLower(number), "req-")
}

func validQuestions(f kit.FieldErrors, qs []Question) []Question {
	if len(qs) > 20 {
		f.Add("questions", "Ask at most 20 questions")
		return qs
	}
	seen := map[string]bool{}
	var out []Question
	for i, q := range qs {
		p := fmt.Sprintf("questions[%d]", i)
		q.Text = strings.TrimSpace(q.Text)
		if q.Text == "" {
			continue
		}
		if len(q.Text) > 300 {
			f.Add(p+".text", "Keep a question under 300 characters")
		}
		if q.Kind == "" {
			q.Kind = "yes_no"
		}
		if q.Kind != "yes_no" && q.Kind != "text" {
			f.Add(p+".kind", "A question is yes/no or free text")
		}
		if q.Knockout != "" && (q.Kind != "yes_no" || (q.Knockout != "yes" && q.Knockout != "no")) {
			f.Add(p+".knockout", "Only a yes/no question screens out, on yes or on no")
		}
		if q.Knockout != "" {
			q.Required = true
		}
		q.ID = fmt.Sprintf("q%d", len(out)+1)
		if seen[strings.ToLower(q.Text)] {
			f.Add(p+".text", "This question is asked twice")
		}
		seen[strings.ToLower(q.Text)] = true
		out = append(out, q)
	}
	return out
}

func (s *Service) validatePosting(in *PostingInput) error {
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	in.Title = strings.TrimSpace(in.Title)
	if len(in.Title) > 200 {
		f.Add("title", "Keep the title under 200 characters")
	}
	in.DescriptionMD = strings.TrimSpace(in.DescriptionMD)
	if len(in.DescriptionMD) < 40 {
		f.Add("description", "Describe the job: what the person will do and what they need (at least a few sentences)")
	}
	if len(in.DescriptionMD) > 20000 {
		f.Add("description", "Keep the description under 20,000 characters")
	}
	if !in.ClosesOn.IsZero() && in.ClosesOn.Before(s.today()) {
		f.Add("closes_on", "The closing date cannot be in the past")
	}
	in.Questions = validQuestions(f, in.Questions)
	return f.Err()
}

// CreatePosting drafts the posting of an open requisition. Requires
// hiring.requisitions.manage over it. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict (the requisition is not open, or already
// has a posting).
func (s *Service) CreatePosting(ctx context.Context, a access.Actor, reqID int64, in PostingInput) (int64, error) {
	// Authorization before validation: a caller without the permission
	// learns nothing from the input checks.
	if err := access.RequireHeld(a, access.RequisitionManage); err != nil {
		return 0, err
	}
	if err := s.validatePosting(&in); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, reqID, access.RequisitionManage)
		if err != nil {
			return err
		}
		if r.Status != ReqOpen {
			return kit.Conflict("only an open (approved) requisition can be posted; %s is %s", r.Number, label(r.Status))
		}
		existing, err := st.ListPostings(ctx, PostingFilter{RequisitionID: r.ID})
		if err != nil {
			return err
		}
		for _, p := range existing {
			if p.Status != PostingClosed {
				return kit.Conflict("%s already has a posting; edit that one", r.Number)
			}
		}
		title := in.Title
		if title == "" {
			title = r.Title
		}
		per := "year"
		if j, err := st.GetJob(ctx, r.JobID); err == nil && j.FLSAStatus == "nonexempt" {
			per = "hour"
		}
		p := Posting{RequisitionID: r.ID, Slug: slugFor(title, r.Number), Title: title, DescriptionMD: in.DescriptionMD, Remote: in.Remote, ShowSalary: in.ShowSalary,
			ClosesOn: in.ClosesOn, Questions: in.Questions, Status: PostingDraft, PayPer: per, CreatedBy: a.UserID, CreatedAt: s.now(), UpdatedAt: s.now()}
		if id, err = st.InsertPosting(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.posting_create", "posting", id, "Drafted the posting of "+r.Number+": "+title, nil, p)
	})
	return id, err
}

// UpdatePosting edits a posting (published ones change on the careers
// page at once). Errors: as CreatePosting, and KindConflict for a closed
// posting or a stale version.
func (s *Service) UpdatePosting(ctx context.Context, a access.Actor, id int64, in PostingInput, version int64) error {
	// Authorization before validation: a caller without the permission
	// learns nothing from the input checks.
	if err := access.RequireHeld(a, access.RequisitionManage); err != nil {
		return err
	}
	if err := s.validatePosting(&in); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		p, err := s.postingFor(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if p.Status == PostingClosed {
			return kit.Conflict("a closed posting cannot be edited")
		}
		if version != 0 && version != p.Version {
			return kit.Conflict("the posting changed since you opened it; reload and edit again")
		}
		before := p
		if in.Title != "" {
			p.Title = in.Title
		}
		p.DescriptionMD, p.Remote, p.ShowSalary, p.ClosesOn, p.Questions, p.UpdatedAt = in.DescriptionMD, in.Remote, in.ShowSalary, in.ClosesOn, in.Questions, s.now()
		if err := st.UpdatePosting(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.posting_update", "posting", id, "Edited the posting "+p.Title, before, p)
	})
}

// PublishPosting puts a posting on the careers page, or takes it off
// (unpublish: back to draft), or closes it. Publishing needs the
// requisition open. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) PublishPosting(ctx context.Context, a access.Actor, id int64, status string) error {
	if status != PostingPublished && status != PostingDraft && status != PostingClosed {
		return kit.Invalid("status", "Choose published, draft (unpublished) or closed")
	}
	return s.inTx(ctx, func(st Store) error {
		p, err := s.postingFor(ctx, st, a, id, access.RequisitionManage)
		if err != nil {
			return err
		}
		if p.Status == PostingClosed {
			return kit.Conflict("the posting is closed")
		}
		if status == PostingPublished {
			r, err := st.GetRequisition(ctx, p.RequisitionID)
			if err != nil {
				return err
			}
			if r.Status != ReqOpen {
				return kit.Conflict("%s is %s; only an open requisition is advertised", r.Number, label(r.Status))
			}
			if !p.ClosesOn.IsZero() && p.ClosesOn.Before(s.today()) {
				return kit.Conflict("the closing date %s has passed; change it first", p.ClosesOn)
			}
			if p.PublishedAt.IsZero() {
				p.PublishedAt = s.now()
			}
		}
		before := p.Status
		p.Status, p.UpdatedAt = status, s.now()
		if err := st.UpdatePosting(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.posting_"+status, "posting", id, fmt.Sprintf("%s: %s → %s", p.Title, label(before), label(status)), nil, nil)
	})
}

// postingFor loads a posting whose requisition the actor holds p over.
func (s *Service) postingFor(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Posting, error) {
	post, err := st.GetPosting(ctx, id)
	if err != nil {
		return post, err
	}
	if _, err := s.visible(ctx, st, a, post.RequisitionID, p); err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return Posting{}, kit.NotFound("posting")
		}
		return Posting{}, err
	}
	return post, nil
}

// Posting returns a posting the actor may see (through its requisition).
func (s *Service) Posting(ctx context.Context, a access.Actor, id int64) (Posting, error) {
	return s.postingFor(ctx, s.store, a, id, access.RequisitionView)
}

// PostingsOf lists a requisition's postings. Errors: KindNotFound.
func (s *Service) PostingsOf(ctx context.Context, a access.Actor, reqID int64) ([]Posting, error) {
	if _, err := s.visible(ctx, s.store, a, reqID, access.RequisitionView); err != nil {
		return nil, err
	}
	return s.store.ListPostings(ctx, PostingFilter{RequisitionID: reqID})
}

// Careers lists the postings live today, for the public careers page (no
// sign-in).
func (s *Service) Careers(ctx context.Context, f PostingFilter) ([]Posting, error) {
	f.Status, f.LiveOn = PostingPublished, s.today()
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	return s.store.ListPostings(ctx, f)
}

// CareersPosting returns a live posting by slug. Errors: KindNotFound
// (also when it is not live).
func (s *Service) CareersPosting(ctx context.Context, slug string) (Posting, error) {
	p, err := s.store.PostingBySlug(ctx, slug)
	if err != nil || !p.Live(s.today()) {
		return Posting{}, kit.NotFound("job")
	}
	return p, nil
}
