package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// OfferFormPage drafts an offer.
type OfferFormPage struct {
	Base
	App  hiring.Application
	R    hiring.Requisition
	Form Form
	Pers []Option
}

func (u *UI) offerForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	app, err := u.Hiring.ApplicationByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), app.RequisitionID)
	if err != nil {
		return err
	}
	mid := (req.SalaryMinCents + req.SalaryMaxCents) / 2
	per, amount := "year", kit.FormatCents(mid)
	if strings.Contains(strings.ToLower(req.EmploymentType), "part") || mid < 7_000_000 && req.SalaryMaxCents < 7_500_000 {
		per, amount = "hour", kit.FormatCents(mid/2080)
	}
	v := url.Values{"pay_amount": {amount}, "pay_per": {per}, "start_date": {req.TargetStart.String()}, "expires_on": {date0(u).AddDays(7).String()}, "letter": {hiring.DefaultOfferTemplate}}
	if req.TargetStart.Before(date0(u).AddDays(8)) {
		v.Set("start_date", date0(u).AddDays(14).String())
	}
	u.renderOfferForm(w, r, http.StatusOK, app, req, NewForm(v))
	return nil
}

func (u *UI) renderOfferForm(w http.ResponseWriter, r *http.Request, status int, app hiring.Application, req hiring.Requisition, f Form) {
	p := OfferFormPage{Base: u.base(r, "Offer · "+app.Candidate.Name(), "Recruiting"), App: app, R: req, Form: f,
		Pers: []Option{{Value: "year", Label: "Per year"}, {Value: "hour", Label: "Per hour"}}}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)},
		{Label: app.Candidate.Name(), Href: "/hiring/applications/" + itoa(app.ID)}, {Label: "Offer"}}
	u.render(w, r, status, "hiring/offerform", p)
}

func (u *UI) createOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := hiring.OfferInput{Pay: people.Pay{AmountCents: centsOf(f, "pay_amount"), Per: f.Get("pay_per")}, SignOnCents: centsOf(f, "sign_on"),
		StartDate: dateOf(f, "start_date"), ExpiresOn: dateOf(f, "expires_on"), Letter: f.Get("letter")}
	in.Invalid = unrename(f.Errors, renameOffer)
	oid, err := u.Hiring.CreateOffer(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/hiring/offers/"+itoa(oid), "Drafted the offer. Check the letter, then submit it.")
	}
	if err := f.Fail(err, renameOffer); err != nil {
		return err
	}
	app, err := u.Hiring.ApplicationByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), app.RequisitionID)
	if err != nil {
		return err
	}
	u.renderOfferForm(w, r, http.StatusUnprocessableEntity, app, req, f)
	return nil
}

var renameOffer = map[string]string{"pay.amount_cents": "pay_amount", "pay.per": "pay_per", "sign_on_cents": "sign_on"}

// OfferPage shows an offer to the hiring team.
type OfferPage struct {
	Base
	O          hiring.Offer
	Cleared    bool
	Results    []Option
	HireForm   Form
	CanHire    bool
	Expired    bool
	WorkEmail  string
	Types      []Option
	CheckNames map[string]string
}

func (u *UI) offerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.renderOffer(w, r, http.StatusOK, id, NewForm(nil))
}

func (u *UI) renderOffer(w http.ResponseWriter, r *http.Request, status int, id int64, hf Form) error {
	o, err := u.Hiring.OfferByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := OfferPage{Base: u.base(r, "Offer · "+o.Candidate.Name(), "Recruiting"), O: o, Cleared: o.ChecksCleared(), Results: codeOptions(hiring.CheckResults),
		HireForm: hf, Expired: o.Expired(date0(u)), Types: codeOptions(people.EmploymentTypes)}
	p.CanHire = o.Status == hiring.OfferAccepted && p.Cleared && o.EmployeeID == 0
	if hf.Get("work_email") == "" {
		p.HireForm.Values.Set("work_email", strings.ToLower(strings.ReplaceAll(o.Candidate.GivenName+"."+o.Candidate.FamilyName, " ", ""))+"@northwind.example")
	}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: o.ReqNumber, Href: "/hiring/requisitions/" + itoa(o.RequisitionID)},
		{Label: o.Candidate.Name(), Href: "/hiring/applications/" + itoa(o.ApplicationID)}, {Label: "Offer"}}
	u.render(w, r, status, "hiring/offer", p)
	return nil
}

func (u *UI) offerAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	back := "/hiring/offers/" + itoa(id)
	var msg string
	switch r.PostFormValue("action") {
	case "submit":
		apID, err2 := u.Hiring.SubmitOffer(r.Context(), a, id)
		err, msg = err2, "The offer is within the range and ready to send."
		if apID != 0 {
			msg = "Submitted for approval."
		}
	case "send":
		err, msg = u.Hiring.SendOffer(r.Context(), a, id), "Sent the offer to the candidate."
	case "withdraw":
		err, msg = u.Hiring.WithdrawOffer(r.Context(), a, id, r.PostFormValue("reason")), "Withdrew the offer."
	case "check":
		err, msg = u.Hiring.SetCheck(r.Context(), a, id, r.PostFormValue("kind"), r.PostFormValue("result"), r.PostFormValue("note")), "Recorded the check."
	case "hire":
		f := NewForm(r.PostForm)
		empID, err2 := u.Hiring.Hire(r.Context(), a, id, hiring.HireInput{WorkEmail: f.Get("work_email"), WeeklyHours: intOf(f, "weekly_hours"), EmploymentType: f.Get("employment_type")})
		if err2 == nil {
			return u.redirect(w, r, "/people/"+itoa(empID), "Hired. The onboarding checklist has started.")
		}
		if kit.KindOf(err2) == kit.KindInvalid {
			if err := f.Fail(err2, nil); err != nil {
				return err
			}
			return u.renderOffer(w, r, http.StatusUnprocessableEntity, id, f)
		}
		err = err2
	default:
		return kit.Invalid("action", "Unknown action")
	}
	if err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			m := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				m = fs.String()
			}
			return u.redirect(w, r, back, "Not done: "+m)
		}
		return err
	}
	return u.redirect(w, r, back, msg)
}

func (u *UI) offerPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := u.Hiring.OfferByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writePDF(w, o, u.company(r))
}

func writePDF(w http.ResponseWriter, o hiring.Offer, company string) error {
	data, err := hiring.OfferPDF(o, company)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="offer-`+strconv.FormatInt(o.ID, 10)+`.pdf"`)
	_, err = w.Write(data)
	return err
}

// CandidateOfferPage is the candidate's view of their offer.
type CandidateOfferPage struct {
	Base
	O       hiring.Offer
	Token   string
	Form    Form
	Expired bool
	Done    string
}

func (u *UI) candidateOffer(w http.ResponseWriter, r *http.Request) error {
	return u.renderCandidateOffer(w, r, http.StatusOK, NewForm(nil), "")
}

func (u *UI) renderCandidateOffer(w http.ResponseWriter, r *http.Request, status int, f Form, done string) error {
	tok := r.PathValue("token")
	o, err := u.Hiring.OfferByToken(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	p := CandidateOfferPage{Base: u.publicBase(r, "Your offer · "+u.company(r)), O: o, Token: tok, Form: f, Expired: o.Expired(date0(u)), Done: done}
	u.render(w, r, status, "careers/offer", p)
	return nil
}

func (u *UI) candidateOfferPDF(w http.ResponseWriter, r *http.Request) error {
	o, err := u.Hiring.OfferByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return writePDF(w, o, u.company(r))
}

func (u *UI) candidateRespond(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.Invalid("form", "The form could not be read")
	}
	f := NewForm(r.PostForm)
	accept := f.Get("answer") == "accept"
	err := u.Hiring.RespondToOffer(r.Context(), r.PathValue("token"), accept, f.Get("signed_name"), f.Get("reason"))
	switch kit.KindOf(err) {
	case kit.KindInvalid, kit.KindConflict:
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderCandidateOffer(w, r, http.StatusUnprocessableEntity, f, "")
	}
	if err != nil {
		return err
	}
	done := "declined"
	if accept {
		done = "accepted"
	}
	return u.renderCandidateOffer(w, r, http.StatusOK, NewForm(nil), done)
}

// date0 is today on the UI's clock.
func date0(u *UI) date.Date { return date.Of(u.now()) }
