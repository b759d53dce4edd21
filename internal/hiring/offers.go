package hiring

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Offer statuses.
const (
	OfferDraft     = "draft"
	OfferPending   = "pending_approval"
	OfferApproved  = "approved"
	OfferSent      = "sent"
	OfferAccepted  = "accepted"
	OfferDeclined  = "declined"
	OfferWithdrawn = "withdrawn"
	OfferRejected  = "rejected" // not approved
)

// Check kinds of the pre-employment checklist, and their results.
var (
	CheckKinds   = []string{"background", "references", "drug_test", "work_authorization"}
	CheckResults = []string{"pending", "clear", "flagged", "waived"}
)

// Check is one pre-employment check of an offer.
type Check struct {
	Kind       string
	Result     string
	Note       string
	RecordedOn date.Date
	ByUserID   int64
}

// Offer is a job offer to a candidate.
type Offer struct {
	ID             int64
	ApplicationID  int64
	RequisitionID  int64
	Candidate      Candidate
	ReqNumber      string
	Title          string
	OrgPath        string
	Pay            people.Pay
	SignOnCents    int64
	StartDate      date.Date
	ExpiresOn      date.Date
	Letter         string // the letter text, merge fields filled in
	Status         string
	ApprovalID     int64
	OutsideBand    bool
	SentAt         time.Time
	RespondedAt    time.Time
	SignedName     string
	DeclineReason  string
	EmployeeID     int64 // once hired
	Checks         []Check
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	SalaryMinCents int64
	SalaryMaxCents int64
}

// ChecksCleared reports whether every check is clear or waived.
func (o Offer) ChecksCleared() bool {
	if len(o.Checks) < len(CheckKinds) {
		return false
	}
	for _, c := range o.Checks {
		if c.Result != "clear" && c.Result != "waived" {
			return false
		}
	}
	return true
}

// Expired reports whether a sent offer ran past its response date.
func (o Offer) Expired(day date.Date) bool {
	return o.Status == OfferSent && !o.ExpiresOn.IsZero() && day.After(o.ExpiresOn)
}

// OfferInput drafts an offer.
type OfferInput struct {
	Pay         people.Pay
	SignOnCents int64
	StartDate   date.Date
	ExpiresOn   date.Date
	Letter      string // optional: the default template is used
	Invalid     kit.FieldErrors
}

// DefaultOfferTemplate is the offer letter with its merge fields.
const DefaultOfferTemplate = `Dear {{candidate_name}},

We are delighted to offer you the position of {{job_title}} at {{company}}, based in {{location}}, reporting to {{hiring_manager}}.

Your starting pay will be {{pay}}{{sign_on}}. Your first day will be {{start_date}}.

This offer is contingent on the satisfactory completion of our pre-employment checks and on your providing documents that establish your identity and authorization to work in the United States, as required by Form I-9.

Your employment with {{company}} is at will: either you or the company may end it at any time, with or without cause or notice.

Please accept or decline this offer by {{expires_on}}.

We look forward to welcoming you to the team.

{{company}} recruiting`

// MergeFields are the placeholders an offer template may use.
var MergeFields = []string{"candidate_name", "job_title", "company", "location", "hiring_manager", "pay", "sign_on", "start_date", "expires_on"}

func payText2(p people.Pay) string {
	amount := kit.FormatCents(p.AmountCents)
	if p.Per == "hour" {
		return "$" + amount + " an hour"
	}
	return "$" + strings.TrimSuffix(amount, ".00") + " a year"
}

func (s *Service) mergeLetter(tmpl string, app Application, r Requisition, in OfferInput, company string) string {
	sign := ""
	if in.SignOnCents > 0 {
		sign = ", with a sign-on bonus of $" + strings.TrimSuffix(kit.FormatCents(in.SignOnCents), ".00")
	}
	vals := map[string]string{"candidate_name": app.Candidate.Name(), "job_title": r.Title, "company": company, "location": r.LocationName,
		"hiring_manager": r.HiringManagerName, "pay": payText2(in.Pay), "sign_on": sign,
		"start_date": in.StartDate.Format("Monday, January 2, 2006"), "expires_on": in.ExpiresOn.Format("January 2, 2006")}
	out := tmpl
	for _, k := range MergeFields {
		out = strings.ReplaceAll(out, "{{"+k+"}}", vals[k])
	}
	return out
}

func init() {
	work.RegisterKind(work.KindDef{
		Key: "offer", Label: "Offer", Decide: access.OfferApprove, Optional: true,
		Facts: []work.FactDef{
			{Key: "outside_band", Label: "Outside the requisition's salary range", Type: "bool"},
			{Key: "key_role", Label: "Key role", Type: "bool"},
			{Key: "annual_pay", Label: "Annual pay", Type: "money"},
			{Key: "sign_on", Label: "Sign-on bonus", Type: "money"},
		},
		Approvers: []string{work.ApproverHRManager, work.ApproverHRDirector, work.ApproverHiringManager},
		Default:   []work.ChainStep{{Approvers: []string{work.ApproverHRManager}, When: []work.Condition{{Fact: "outside_band", Op: "=", Value: 1}}}},
	})
}

// CreateOffer drafts an offer to a candidate at the offer stage, from the
// template with its merge fields; pay outside the requisition's range is
// allowed but will need approval. Requires hiring.offers.manage. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict (not at offer,
// or an open offer exists).
func (s *Service) CreateOffer(ctx context.Context, a access.Actor, appID int64, in OfferInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		app, r, err := s.appFor(ctx, st, a, appID, access.OfferManage)
		if err != nil {
			return err
		}
		if app.Status != AppActive || app.Stage != StageOffer {
			return kit.Conflict("make an offer to an active candidate at the offer stage; %s is %s at %s", app.Candidate.Name(), app.Status, label(app.Stage))
		}
		existing, err := st.ListOffers(ctx, OfferFilter{ApplicationID: app.ID})
		if err != nil {
			return err
		}
		for _, o := range existing {
			if o.Status != OfferDeclined && o.Status != OfferWithdrawn && o.Status != OfferRejected {
				return kit.Conflict("%s already has an offer (%s); withdraw it first", app.Candidate.Name(), label(o.Status))
			}
		}
		if err := s.validateOffer(&in, r); err != nil {
			return err
		}
		tmpl := in.Letter
		if strings.TrimSpace(tmpl) == "" {
			tmpl = DefaultOfferTemplate
		}
		o := Offer{ApplicationID: app.ID, RequisitionID: r.ID, Title: r.Title, Pay: in.Pay, SignOnCents: in.SignOnCents, StartDate: in.StartDate, ExpiresOn: in.ExpiresOn,
			Letter: s.mergeLetter(tmpl, app, r, in, s.Employer(ctx)), Status: OfferDraft, OutsideBand: outsideBand(in.Pay, r), CreatedBy: a.UserID, CreatedAt: s.now(), UpdatedAt: s.now()}
		for _, k := range CheckKinds {
			o.Checks = append(o.Checks, Check{Kind: k, Result: "pending"})
		}
		if id, err = st.InsertOffer(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.offer_create", "offer", id, fmt.Sprintf("Drafted an offer to %s for %s: %s", app.Candidate.Name(), r.Number, payText2(in.Pay)), nil,
			map[string]any{"pay": "[confidential]", "start_date": in.StartDate, "outside_band": o.OutsideBand})
	})
	return id, err
}

func outsideBand(p people.Pay, r Requisition) bool {
	annual := p.AnnualCents()
	return annual < r.SalaryMinCents || annual > r.SalaryMaxCents
}

func (s *Service) validateOffer(in *OfferInput, r Requisition) error {
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	if in.Pay.AmountCents <= 0 {
		f.Add("pay.amount_cents", "Enter the offered pay")
	}
	if in.Pay.Per != "year" && in.Pay.Per != "hour" {
		f.Add("pay.per", "Choose per year or per hour")
	}
	if in.Pay.Per == "hour" && in.Pay.AmountCents > 100000 {
		f.Add("pay.amount_cents", "An hourly rate above 1,000.00 looks like an annual amount")
	}
	if in.Pay.Currency == "" {
		in.Pay.Currency = r.Currency
	}
	if in.SignOnCents < 0 {
		f.Add("sign_on_cents", "A sign-on bonus cannot be negative")
	}
	if in.StartDate.IsZero() {
		if !f.Has("start_date") {
			f.Add("start_date", "Enter the first day")
		}
	} else if in.StartDate.Before(s.today()) {
		f.Add("start_date", "The first day cannot be in the past")
	}
	if in.ExpiresOn.IsZero() {
		in.ExpiresOn = s.today().AddDays(7)
	}
	if in.ExpiresOn.Before(s.today()) {
		f.Add("expires_on", "The response date cannot be in the past")
	} else if !in.StartDate.IsZero() && in.ExpiresOn.After(in.StartDate) {
		f.Add("expires_on", "The candidate must answer before the first day")
	}
	if len(in.Letter) > 20000 {
		f.Add("letter", "Keep the letter under 20,000 characters")
	}
	return f.Err()
}

// SubmitOffer sends a draft offer for approval when the offer approval
// chain applies (by default: pay outside the requisition's range needs an
// HR manager), or approves it at once. Errors: KindForbidden,
// KindNotFound, KindConflict.
func (s *Service) SubmitOffer(ctx context.Context, a access.Actor, id int64) (int64, error) {
	var apID int64
	err := s.inTx(ctx, func(st Store) error {
		o, r, err := s.offerFor(ctx, st, a, id, access.OfferManage)
		if err != nil {
			return err
		}
		if o.Status != OfferDraft {
			return kit.Conflict("only a draft offer is submitted; this one is %s", label(o.Status))
		}
		facts := work.Facts{"outside_band": work.Bool(o.OutsideBand), "key_role": work.Bool(r.KeyRole), "annual_pay": float64(o.Pay.AnnualCents()) / 100, "sign_on": float64(o.SignOnCents) / 100}
		steps, err := work.Route(ctx, st, "offer", work.Subject{EmployeeID: r.HiringManagerID, HiringManagerEmployeeID: r.HiringManagerID}, facts, a.UserID)
		if err != nil {
			return err
		}
		if len(steps) == 0 {
			o.Status = OfferApproved
			o.UpdatedAt = s.now()
			if err := st.UpdateOffer(ctx, o); err != nil {
				return err
			}
			return s.record(ctx, st, a, "hiring.offer_ready", "offer", o.ID, "The offer to "+o.Candidate.Name()+" is within the range: ready to send", nil, nil)
		}
		summary := fmt.Sprintf("%s for %s (%s): %s; range %s–%s", o.Candidate.Name(), r.Title, r.Number, payText2(o.Pay),
			strings.TrimSuffix(kit.FormatCents(r.SalaryMinCents), ".00"), strings.TrimSuffix(kit.FormatCents(r.SalaryMaxCents), ".00"))
		if o.OutsideBand {
			summary += "; outside the range"
		}
		ap := work.Approval{Steps: steps, Kind: "offer", ObjectType: "offer", ObjectID: o.ID, Title: "Offer to " + o.Candidate.Name(), Summary: summary,
			ScopeOrgUnitID: r.OrgUnitID, ScopeOrgPath: r.OrgPath, Step: 1, RequestedBy: a.UserID}
		if apID, err = work.NewRequest(ctx, st, a, ap, s.now()); err != nil {
			return err
		}
		ap.ID = apID
		o.Status, o.ApprovalID, o.UpdatedAt = OfferPending, apID, s.now()
		if err := st.UpdateOffer(ctx, o); err != nil {
			return err
		}
		if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: offer to "+o.Candidate.Name(), summary, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.offer_submit", "offer", o.ID, "Submitted the offer to "+o.Candidate.Name()+" for approval", nil, nil)
	})
	return apID, err
}

// DecideOffer records a decision on an offer's approval. Errors: as
// work.Decide.
func (s *Service) DecideOffer(ctx context.Context, a access.Actor, approvalID int64, d work.Decision) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "offer" {
			return kit.NotFound("offer request")
		}
		o, err := st.GetOffer(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		r, err := st.GetRequisition(ctx, o.RequisitionID)
		if err != nil {
			return err
		}
		ap, err = work.Decide(ctx, st, a, approvalID, d, access.OfferApprove, s.target(ctx, st, r), s.now())
		if err != nil {
			return err
		}
		if ap.Status == work.StatusPending {
			if ap.Decisions[len(ap.Decisions)-1].Step != ap.Step {
				if err := work.NotifyApprovers(ctx, st, a, ap, "Decision needed: offer to "+o.Candidate.Name(), ap.Summary, s.now()); err != nil {
					return err
				}
			}
			return s.record(ctx, st, a, "hiring.offer_step", "offer", o.ID, "Approved a step of the offer to "+o.Candidate.Name(), nil, nil)
		}
		switch ap.Status {
		case work.StatusApproved:
			o.Status = OfferApproved
		case work.StatusRejected:
			o.Status = OfferRejected
		case work.StatusChangesRequested:
			o.Status, o.ApprovalID = OfferDraft, 0
		}
		o.UpdatedAt = s.now()
		if err := st.UpdateOffer(ctx, o); err != nil {
			return err
		}
		if err := work.Notify(ctx, st, a, work.Notification{UserID: ap.RequestedBy, Kind: "approval_decided", Title: label(ap.Status) + ": offer to " + o.Candidate.Name(),
			Body: d.Comment, Link: fmt.Sprintf("/hiring/offers/%d", o.ID)}, s.now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.offer_"+map[string]string{work.StatusApproved: "approve", work.StatusRejected: "reject", work.StatusChangesRequested: "send_back"}[ap.Status],
			"offer", o.ID, "Offer to "+o.Candidate.Name()+": "+label(ap.Status), nil, map[string]any{"comment": d.Comment})
	})
}

// WithdrawOfferRequest takes an offer back from approval (a draft again).
func (s *Service) WithdrawOfferRequest(ctx context.Context, a access.Actor, approvalID int64) error {
	return s.inTx(ctx, func(st Store) error {
		ap, err := st.GetApproval(ctx, approvalID)
		if err != nil || ap.Kind != "offer" {
			return kit.NotFound("offer request")
		}
		if ap, err = work.Withdraw(ctx, st, a, approvalID, s.now()); err != nil {
			return err
		}
		o, err := st.GetOffer(ctx, ap.ObjectID)
		if err != nil {
			return err
		}
		o.Status, o.ApprovalID, o.UpdatedAt = OfferDraft, 0, s.now()
		return st.UpdateOffer(ctx, o)
	})
}

// SentOffer is what the app emails the candidate: the link to respond.
type SentOffer struct {
	Offer   Offer
	Token   string
	Subject string // from the offer email template
	Lines   []string
}

// OfferHook runs when an offer is sent, in its transaction.
type OfferHook func(ctx context.Context, st Store, o SentOffer) error

// OnOfferSent registers the email of a sent offer.
func (s *Service) OnOfferSent(h OfferHook) { s.onOffer = append(s.onOffer, h) }

// SendOffer sends an approved offer: the candidate gets a private link to
// read the letter (and its PDF) and accept or decline by the response
// date. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) SendOffer(ctx context.Context, a access.Actor, id int64) error {
	return s.inTx(ctx, func(st Store) error {
		o, _, err := s.offerFor(ctx, st, a, id, access.OfferManage)
		if err != nil {
			return err
		}
		if o.Status != OfferApproved {
			return kit.Conflict("only an approved offer is sent; this one is %s", label(o.Status))
		}
		if o.ExpiresOn.Before(s.today()) {
			return kit.Conflict("the response date %s has passed; draft a new offer", o.ExpiresOn)
		}
		tok, hash := newToken()
		o.Status, o.SentAt, o.UpdatedAt = OfferSent, s.now(), s.now()
		if err := st.UpdateOffer(ctx, o); err != nil {
			return err
		}
		if err := st.SetOfferToken(ctx, o.ID, hash); err != nil {
			return err
		}
		so := SentOffer{Offer: o, Token: tok}
		vals := map[string]string{"candidate_first_name": o.Candidate.GivenName, "candidate_name": o.Candidate.Name(), "job_title": o.Title,
			"offer_deadline": o.ExpiresOn.Format("January 2, 2006")}
		if so.Subject, so.Lines, err = s.renderEmail(ctx, st, EmailOffer, vals); err != nil {
			return err
		}
		for _, h := range s.onOffer {
			if err := h(ctx, st, so); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "hiring.offer_send", "offer", o.ID, "Sent the offer to "+o.Candidate.Name()+", to answer by "+o.ExpiresOn.String(), nil, nil)
	})
}

// WithdrawOffer takes back an offer not yet accepted. Errors:
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) WithdrawOffer(ctx context.Context, a access.Actor, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return kit.Invalid("reason", "Say why the offer is withdrawn")
	}
	return s.inTx(ctx, func(st Store) error {
		o, _, err := s.offerFor(ctx, st, a, id, access.OfferManage)
		if err != nil {
			return err
		}
		if o.Status == OfferAccepted || o.Status == OfferDeclined || o.Status == OfferWithdrawn || o.Status == OfferRejected {
			return kit.Conflict("the offer is already %s", label(o.Status))
		}
		if o.Status == OfferPending && o.ApprovalID != 0 {
			if err := st.WithdrawApproval(ctx, o.ApprovalID, s.now()); err != nil && kit.KindOf(err) != kit.KindConflict {
				return err
			}
		}
		o.Status, o.DeclineReason, o.UpdatedAt = OfferWithdrawn, reason, s.now()
		if err := st.UpdateOffer(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.offer_withdraw", "offer", o.ID, "Withdrew the offer to "+o.Candidate.Name()+": "+reason, nil, nil)
	})
}

// OfferByToken returns the offer behind a candidate's link. Errors:
// KindNotFound.
func (s *Service) OfferByToken(ctx context.Context, token string) (Offer, error) {
	if len(token) < 20 || len(token) > 64 {
		return Offer{}, kit.NotFound("offer")
	}
	o, err := s.store.OfferByToken(ctx, TokenHash(token))
	if err != nil {
		return Offer{}, kit.NotFound("offer")
	}
	return o, nil
}

// RespondToOffer records the candidate's answer through their link:
// accept (with their typed full name as signature) or decline. An
// expired, withdrawn or already answered offer cannot be accepted.
// Errors: KindInvalid, KindNotFound, KindConflict.
func (s *Service) RespondToOffer(ctx context.Context, token string, accept bool, signedName, reason string) error {
	o, err := s.OfferByToken(ctx, token)
	if err != nil {
		return err
	}
	signedName = strings.Join(strings.Fields(signedName), " ")
	return s.inTx(ctx, func(st Store) error {
		o, err := st.GetOffer(ctx, o.ID)
		if err != nil {
			return err
		}
		switch {
		case o.Status == OfferWithdrawn:
			return kit.Conflict("This offer was withdrawn. Please contact the recruiter.")
		case o.Status == OfferAccepted || o.Status == OfferDeclined:
			return kit.Conflict("You already %s this offer.", o.Status)
		case o.Status != OfferSent:
			return kit.Conflict("This offer cannot be answered.")
		case o.Expired(s.today()):
			return kit.Conflict("This offer expired on %s. Please contact the recruiter.", o.ExpiresOn.Format("January 2, 2006"))
		case accept && !strings.EqualFold(signedName, o.Candidate.Name()):
			return kit.Invalid("signed_name", "Type your full name as it appears in the letter ("+o.Candidate.Name()+") to sign")
		case len(reason) > 1000:
			return kit.Invalid("reason", "Keep it under 1,000 characters")
		}
		now := s.now()
		o.RespondedAt, o.UpdatedAt = now, now
		label := "declined"
		if accept {
			o.Status, o.SignedName, label = OfferAccepted, signedName, "accepted"
		} else {
			o.Status, o.DeclineReason = OfferDeclined, strings.TrimSpace(reason)
		}
		if err := st.UpdateOffer(ctx, o); err != nil {
			return err
		}
		if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: o.ApplicationID, FromStage: StageOffer, ToStage: StageOffer, At: now, Note: "Offer " + label + " by the candidate"}); err != nil {
			return err
		}
		if !accept {
			if err := st.RejectApplication(ctx, o.ApplicationID, "Declined the offer"+map[bool]string{true: ": " + o.DeclineReason, false: ""}[o.DeclineReason != ""], now); err != nil {
				return err
			}
		}
		if err := work.Notify(ctx, st, access.System, work.Notification{UserID: o.CreatedBy, Kind: "approval_decided", Title: o.Candidate.Name() + " " + label + " the offer",
			Link: fmt.Sprintf("/hiring/offers/%d", o.ID)}, now); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: now, ActorLabel: "Candidate " + o.Candidate.Email, Action: "hiring.offer_" + label, ObjectType: "offer", ObjectID: o.ID,
			Summary: o.Candidate.Name() + " " + label + " the offer"})
	})
}

// SetCheck records the result of a pre-employment check. Errors:
// KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) SetCheck(ctx context.Context, a access.Actor, id int64, kind, result, note string) error {
	if !oneOf(kind, CheckKinds) {
		return kit.Invalid("kind", "Choose background, references, drug test or work authorization")
	}
	if !oneOf(result, CheckResults) {
		return kit.Invalid("result", "Choose pending, clear, flagged or waived")
	}
	note = strings.TrimSpace(note)
	if result == "waived" && note == "" {
		return kit.Invalid("note", "Say why the check is waived")
	}
	if len(note) > 1000 {
		return kit.Invalid("note", "Keep the note under 1,000 characters")
	}
	return s.inTx(ctx, func(st Store) error {
		o, _, err := s.offerFor(ctx, st, a, id, access.OfferManage)
		if err != nil {
			return err
		}
		if o.EmployeeID != 0 || o.Status == OfferWithdrawn || o.Status == OfferDeclined || o.Status == OfferRejected {
			return kit.Conflict("the offer is %s", label(o.Status))
		}
		if err := st.SetOfferCheck(ctx, o.ID, Check{Kind: kind, Result: result, Note: note, RecordedOn: s.today(), ByUserID: a.UserID}); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.offer_check", "offer", o.ID, fmt.Sprintf("%s check for %s: %s", label(kind), o.Candidate.Name(), result), nil, map[string]any{"note": note})
	})
}

// HireInput completes what the offer does not say about the new employee.
type HireInput struct {
	WorkEmail      string
	WeeklyHours    int
	EmploymentType string
}

// Hirer creates the employee inside the hiring transaction (the people
// service's HireTx on the same database transaction).
type Hirer func(ctx context.Context, st Store, a access.Actor, in people.HireInput) (int64, error)

// SetHirer wires the people service.
func (s *Service) SetHirer(h Hirer) { s.hirer = h }

// Hire turns an accepted offer whose checks are all clear (or waived)
// into an employee, in one transaction: the employee record (and its
// onboarding checklist), the application hired, the requisition filled
// when its openings are. Requires hiring.offers.manage and people.hire.
// Errors: KindInvalid, KindForbidden, KindNotFound, KindConflict.
func (s *Service) Hire(ctx context.Context, a access.Actor, id int64, in HireInput) (int64, error) {
	var empID int64
	err := s.inTx(ctx, func(st Store) error {
		o, r, err := s.offerFor(ctx, st, a, id, access.OfferManage)
		if err != nil {
			return err
		}
		if o.EmployeeID != 0 {
			return kit.Conflict("%s is already hired", o.Candidate.Name())
		}
		if o.Status != OfferAccepted {
			return kit.Conflict("only an accepted offer becomes a hire; this one is %s", label(o.Status))
		}
		if !o.ChecksCleared() {
			return kit.Conflict("clear or waive every pre-employment check first")
		}
		if s.hirer == nil {
			return fmt.Errorf("hiring: no hirer wired")
		}
		typ := in.EmploymentType
		if typ == "" {
			typ = r.EmploymentType
		}
		hours := in.WeeklyHours
		if hours == 0 {
			hours = 40
			if typ == "part_time" {
				hours = 24
			}
		}
		empID, err = s.hirer(ctx, st, a, people.HireInput{GivenName: o.Candidate.GivenName, FamilyName: o.Candidate.FamilyName, WorkEmail: in.WorkEmail,
			PersonalEmail: o.Candidate.Email, Phone: o.Candidate.Phone, HireDate: o.StartDate, OrgUnitID: r.OrgUnitID, LocationID: r.LocationID, JobID: r.JobID,
			ManagerID: r.HiringManagerID, EmploymentType: typ, WeeklyHours: hours, Pay: o.Pay})
		if err != nil {
			return err
		}
		now := s.now()
		if err := st.SetOfferEmployee(ctx, o.ID, empID, now); err != nil {
			return err
		}
		if err := st.HireApplication(ctx, o.ApplicationID, now); err != nil {
			return err
		}
		if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: o.ApplicationID, FromStage: StageOffer, ToStage: StageHired, At: now, ByUserID: a.UserID, Note: "Hired"}); err != nil {
			return err
		}
		r.FilledCount++
		if r.FilledCount >= r.Headcount {
			r.Status, r.ClosedOn = ReqFilled, s.today()
		}
		r.UpdatedAt = now
		if err := st.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.hire", "offer", o.ID, fmt.Sprintf("Hired %s on %s (employee %d), starting %s", o.Candidate.Name(), r.Number, empID, o.StartDate), nil, nil)
	})
	return empID, err
}

// offerFor loads an offer the actor holds p over (through its requisition).
func (s *Service) offerFor(ctx context.Context, st Store, a access.Actor, id int64, p access.Permission) (Offer, Requisition, error) {
	o, err := st.GetOffer(ctx, id)
	if err != nil {
		return o, Requisition{}, err
	}
	r, err := s.visible(ctx, st, a, o.RequisitionID, access.CandidateView)
	if err != nil {
		if kit.KindOf(err) == kit.KindNotFound {
			return Offer{}, Requisition{}, kit.NotFound("offer")
		}
		return Offer{}, Requisition{}, err
	}
	return o, r, access.Require(a, p, s.target(ctx, st, r))
}

// OfferByID returns an offer the actor may see (pay is need-to-know:
// hiring.offers.manage). Errors: KindNotFound.
func (s *Service) OfferByID(ctx context.Context, a access.Actor, id int64) (Offer, error) {
	o, _, err := s.offerFor(ctx, s.store, a, id, access.OfferManage)
	if err != nil {
		if kit.KindOf(err) == kit.KindForbidden {
			return Offer{}, kit.NotFound("offer")
		}
		return Offer{}, err
	}
	return o, nil
}

// OffersOf lists an application's offers. Errors: KindNotFound.
func (s *Service) OffersOf(ctx context.Context, a access.Actor, appID int64) ([]Offer, error) {
	app, _, err := s.appFor(ctx, s.store, a, appID, access.OfferManage)
	if err != nil {
		if kit.KindOf(err) == kit.KindForbidden {
			return nil, nil
		}
		return nil, err
	}
	return s.store.ListOffers(ctx, OfferFilter{ApplicationID: app.ID})
}

// OfferFilter narrows a list of offers.
type OfferFilter struct {
	ApplicationID int64
	RequisitionID int64
}

// OfferPDF renders the offer letter as a PDF.
func OfferPDF(o Offer, company string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetTitle("Offer letter: "+o.Title, true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(25, 25, 25)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr(company), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(0, 6, tr("Offer of employment · "+o.Title), "", 1, "L", false, 0, "")
	pdf.Ln(6)
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("Helvetica", "", 11)
	for _, para := range strings.Split(o.Letter, "\n\n") {
		pdf.MultiCell(0, 6, tr(strings.TrimSpace(para)), "", "L", false)
		pdf.Ln(3)
	}
	if o.Status == OfferAccepted {
		pdf.Ln(6)
		pdf.SetFont("Helvetica", "I", 11)
		pdf.MultiCell(0, 6, tr(fmt.Sprintf("Accepted electronically by %s on %s.", o.SignedName, o.RespondedAt.UTC().Format("January 2, 2006 15:04 MST"))), "", "L", false)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
