package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// PlansPage lists the plans with a form to add one.
type PlansPage struct {
	Base
	Tabs     []Tab
	Docs     []benefits.Document
	Plans    []benefits.Plan
	Carriers []Option
	Types    []Option
	Year     int
	Form     Form
	P        *benefits.Plan
}

// planOfForm reads the plan form: the rates of one plan year ("year") as
// rate_<tier>_ee and rate_<tier>_er, in dollars per pay period, merged
// into the plan's other years.
func planOfForm(f Form, prev *benefits.Plan) benefits.Plan {
	p := benefits.Plan{CarrierID: int64Of(f, "carrier_id"), Type: f.Get("type"), Name: f.Get("name"), Code: f.Get("code"), GroupNumber: f.Get("group_number"),
		Description: f.Get("description"), DocumentURL: f.Get("document_url"), ChildAgeLimit: intOf(f, "child_age_limit"), Active: f.Get("active") != "no", Rates: map[int][]benefits.Rate{}}
	if prev != nil {
		p.Type = prev.Type
		for y, rs := range prev.Rates {
			p.Rates[y] = rs
		}
	}
	for _, t := range strings.Split(f.Get("employment_types"), ",") {
		if t = strings.TrimSpace(strings.ReplaceAll(strings.ToLower(t), "-", "_")); t != "" {
			p.Eligibility.Types = append(p.Eligibility.Types, t)
		}
	}
	p.Eligibility.MinHours, p.Eligibility.WaitingDays = intOf(f, "min_hours"), intOf(f, "waiting_days")
	year := intOf(f, "year")
	if year != 0 {
		var rs []benefits.Rate
		for _, t := range benefits.Tiers {
			ee, er := f.Get("rate_"+t+"_ee"), f.Get("rate_"+t+"_er")
			if ee == "" && er == "" {
				continue
			}
			rs = append(rs, benefits.Rate{Tier: t, EmployeeCents: centsOf(f, "rate_"+t+"_ee"), EmployerCents: centsOf(f, "rate_"+t+"_er")})
		}
		if len(rs) > 0 {
			p.Rates[year] = rs
		} else {
			delete(p.Rates, year)
		}
	}
	return p
}

var planRename = map[string]string{"rates": "year", "employment_types": "employment_types", "min_weekly_hours": "min_hours", "waiting_days": "waiting_days"}

func (u *UI) carrierOptions(r *http.Request) ([]Option, error) {
	cs, err := u.Benefits.Carriers(r.Context(), actor(r))
	var out []Option
	for _, c := range cs {
		if c.Kind != "broker" {
			out = append(out, Option{Value: itoa(c.ID), Label: c.Name})
		}
	}
	return out, err
}

func (u *UI) renderPlans(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ps, err := u.Benefits.Plans(r.Context(), a)
	if err != nil {
		return err
	}
	if !access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
		return kit.Forbidden("you do not have permission %q", string(access.BenefitsDesign))
	}
	cs, err := u.carrierOptions(r)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/plans", PlansPage{Base: u.benefitsBase(r, "Benefit plans"), Tabs: benefitsTabs(a, "/benefits/plans"), Plans: ps, Carriers: cs, Types: typeOptions(), Year: u.now().Year() + 1, Form: f})
	return nil
}

func (u *UI) plansPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPlans(w, r, http.StatusOK, NewForm(url.Values{"year": {strconv.Itoa(u.now().Year())}, "child_age_limit": {"26"}, "employment_types": {"full_time"}, "min_hours": {"30"}, "waiting_days": {"30"}}))
}

func (u *UI) createPlan(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	p := planOfForm(f, nil)
	if len(f.Errors) == 0 {
		id, err := u.Benefits.SavePlan(r.Context(), actor(r), 0, p)
		if err == nil {
			return u.redirect(w, r, "/benefits/plans/"+itoa(id), "Added "+p.Name+".")
		}
		if err := f.Fail(err, planRename); err != nil {
			return err
		}
	}
	return u.renderPlans(w, r, http.StatusUnprocessableEntity, f)
}

func planValues(p benefits.Plan, year int) url.Values {
	v := url.Values{"carrier_id": {itoa(p.CarrierID)}, "type": {p.Type}, "name": {p.Name}, "code": {p.Code}, "group_number": {p.GroupNumber}, "description": {p.Description},
		"document_url": {p.DocumentURL}, "child_age_limit": {strconv.Itoa(p.ChildAgeLimit)}, "employment_types": {strings.Join(p.Eligibility.Types, ", ")},
		"min_hours": {strconv.Itoa(p.Eligibility.MinHours)}, "waiting_days": {strconv.Itoa(p.Eligibility.WaitingDays)}, "year": {strconv.Itoa(year)}}
	if !p.Active {
		v.Set("active", "no")
	}
	for _, r := range p.Rates[year] {
		v.Set("rate_"+r.Tier+"_ee", kit.FormatCents(r.EmployeeCents))
		v.Set("rate_"+r.Tier+"_er", kit.FormatCents(r.EmployerCents))
	}
	return v
}

func (u *UI) renderBenefitPlan(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
		return kit.Forbidden("you do not have permission %q", string(access.BenefitsDesign))
	}
	p, err := u.Benefits.Plan(r.Context(), a, id)
	if err != nil {
		return err
	}
	// Today's enrollment comes with the list.
	if ps, err := u.Benefits.Plans(r.Context(), a); err == nil {
		for _, x := range ps {
			if x.ID == id {
				p.Enrolled = x.Enrolled
			}
		}
	}
	year := u.now().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 2000 {
		year = y
	}
	if f == nil {
		nf := NewForm(planValues(p, year))
		f = &nf
	}
	cs, err := u.carrierOptions(r)
	if err != nil {
		return err
	}
	docs, err := u.Benefits.Documents(r.Context(), a, 0, id)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/plan", PlansPage{Base: u.benefitsBase(r, p.Name), Tabs: benefitsTabs(a, "/benefits/plans"), Carriers: cs, Types: typeOptions(), Year: year, Form: *f, P: &p, Docs: docs})
	return nil
}

func (u *UI) benefitPlanPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderBenefitPlan(w, r, http.StatusOK, nil)
}

func (u *UI) saveBenefitPlan(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	prev, err := u.Benefits.Plan(r.Context(), a, id)
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	p := planOfForm(f, &prev)
	if len(f.Errors) == 0 {
		if _, err = u.Benefits.SavePlan(r.Context(), a, id, p); err == nil {
			return u.redirect(w, r, "/benefits/plans/"+itoa(id)+"?year="+f.Get("year"), "Saved "+p.Name+".")
		}
		if err := f.Fail(err, planRename); err != nil {
			return err
		}
	}
	return u.renderBenefitPlan(w, r, http.StatusUnprocessableEntity, &f)
}

// CarriersPage lists the carriers and brokers.
type CarriersPage struct {
	Base
	Tabs      []Tab
	Carriers  []benefits.Carrier
	CanDesign bool
	Form      Form
}

func carrierOfForm(f Form) benefits.Carrier {
	return benefits.Carrier{Name: f.Get("name"), Kind: f.Get("kind"), PayerID: f.Get("payer_id"), ContactName: f.Get("contact_name"), ContactEmail: f.Get("contact_email"),
		ContactPhone: f.Get("contact_phone"), ContractStart: dateOf(f, "contract_start"), RenewalDate: dateOf(f, "renewal_date"), RenewalLeadDays: intOf(f, "renewal_lead_days"), Notes: f.Get("notes")}
}

func (u *UI) renderCarriers(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	cs, err := u.Benefits.Carriers(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/carriers", CarriersPage{Base: u.benefitsBase(r, "Carriers and brokers"), Tabs: benefitsTabs(a, "/benefits/carriers"), Carriers: cs,
		CanDesign: access.Can(a, access.BenefitsDesign, access.CompanyTarget), Form: f})
	return nil
}

func (u *UI) carriersPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCarriers(w, r, http.StatusOK, NewForm(url.Values{"kind": {"carrier"}, "renewal_lead_days": {"90"}}))
}

func (u *UI) createCarrier(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	c := carrierOfForm(f)
	if len(f.Errors) == 0 {
		id, err := u.Benefits.SaveCarrier(r.Context(), actor(r), 0, c)
		if err == nil {
			return u.redirect(w, r, "/benefits/carriers/"+itoa(id), "Added "+c.Name+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCarriers(w, r, http.StatusUnprocessableEntity, f)
}

// CarrierPage is a carrier with its quotes, plans and feeds.
type CarrierPage struct {
	Base
	Tabs      []Tab
	Docs      []benefits.Document
	DocForm   Form
	C         benefits.Carrier
	Quotes    []benefits.Quote
	Plans     []Option
	Feeds     []benefits.Feed
	CanDesign bool
	CanFeed   bool
	Form      Form
	QuoteForm Form
	FeedForm  Form
}

func (u *UI) renderCarrier(w http.ResponseWriter, r *http.Request, status int, f, q, feed *Form, docForm ...*Form) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, qs, err := u.Benefits.Carrier(ctx, a, id)
	if err != nil {
		return err
	}
	pg := CarrierPage{Base: u.benefitsBase(r, c.Name), Tabs: benefitsTabs(a, "/benefits/carriers"), C: c, Quotes: qs, CanDesign: access.Can(a, access.BenefitsDesign, access.CompanyTarget)}
	if pg.Docs, err = u.Benefits.Documents(ctx, a, id, 0); err != nil {
		return err
	}
	pg.DocForm = NewForm(url.Values{"kind": {"contract"}})
	if len(docForm) > 0 && docForm[0] != nil {
		pg.DocForm = *docForm[0]
	}
	_, pg.CanFeed = access.ScopePaths(a, access.BenefitsAdmin)
	if pg.CanFeed {
		if pg.Feeds, err = u.Benefits.Feeds(ctx, a, id); err != nil {
			return err
		}
	}
	ps, err := u.Benefits.PlanList(ctx, a)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.CarrierID == id {
			pg.Plans = append(pg.Plans, Option{Value: itoa(p.ID), Label: p.Name})
		}
	}
	pg.Form = NewForm(url.Values{"name": {c.Name}, "kind": {c.Kind}, "payer_id": {c.PayerID}, "contact_name": {c.ContactName}, "contact_email": {c.ContactEmail}, "contact_phone": {c.ContactPhone},
		"contract_start": {dateText(c.ContractStart)}, "renewal_date": {dateText(c.RenewalDate)}, "renewal_lead_days": {strconv.Itoa(c.RenewalLeadDays)}, "notes": {c.Notes}})
	pg.QuoteForm, pg.FeedForm = NewForm(url.Values{"year": {strconv.Itoa(u.now().Year() + 1)}}), NewForm(url.Values{"format": {"834"}, "kind": {"changes"}})
	for _, x := range []struct {
		in  *Form
		out *Form
	}{{f, &pg.Form}, {q, &pg.QuoteForm}, {feed, &pg.FeedForm}} {
		if x.in != nil {
			*x.out = *x.in
		}
	}
	u.render(w, r, status, "benefits/carrier", pg)
	return nil
}

func (u *UI) carrierPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCarrier(w, r, http.StatusOK, nil, nil, nil)
}

func (u *UI) carrierAction(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	back := "/benefits/carriers/" + itoa(id)
	switch r.PathValue("action") {
	case "save":
		c := carrierOfForm(f)
		if len(f.Errors) == 0 {
			if _, err = u.Benefits.SaveCarrier(ctx, a, id, c); err == nil {
				return u.redirect(w, r, back, "Saved "+c.Name+".")
			}
			if err := f.Fail(err, nil); err != nil {
				return err
			}
		}
		return u.renderCarrier(w, r, http.StatusUnprocessableEntity, &f, nil, nil)
	case "quote":
		q := benefits.Quote{CarrierID: id, PlanID: int64Of(f, "plan_id"), Year: intOf(f, "year"), Tier: f.Get("tier"), TotalCents: centsOf(f, "total"), Note: f.Get("note")}
		if len(f.Errors) == 0 {
			if _, err = u.Benefits.AddQuote(ctx, a, q); err == nil {
				return u.redirect(w, r, back, "Recorded the quote.")
			}
			if err := f.Fail(err, map[string]string{"plan_year": "year", "total_cents_per_period": "total"}); err != nil {
				return err
			}
		}
		return u.renderCarrier(w, r, http.StatusUnprocessableEntity, nil, &f, nil)
	case "document":
		data, name, err := readUpload(w, r, "file", people.MaxDocumentSize)
		if err == nil {
			f = NewForm(r.PostForm)
			if _, err = u.Benefits.AddDocument(ctx, a, id, benefits.DocumentInput{PlanID: int64Of(f, "plan_id"), Kind: f.Get("kind"), Title: f.Get("title"), Filename: name, Data: data}); err == nil {
				return u.redirect(w, r, back, "Uploaded "+name+".")
			}
		}
		if kit.KindOf(err) == kit.KindTooLarge {
			f.Errors.Add("file", kit.MessageOf(err))
		} else if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderCarrier(w, r, http.StatusUnprocessableEntity, nil, nil, nil, &f)
	case "feed":
		feed, _, err := u.Benefits.GenerateFeed(ctx, a, id, f.Get("format"), f.Get("kind") == "full")
		if err == nil {
			return u.redirect(w, r, back, fmt.Sprintf("Generated %s: %d members, %d coverages.", feed.Filename(), feed.Members, feed.Coverages))
		}
		if err := f.Fail(err, map[string]string{"payer_id": "format", "carrier": "format"}); err != nil {
			return err
		}
		return u.renderCarrier(w, r, http.StatusUnprocessableEntity, nil, nil, &f)
	}
	return kit.NotFound("action")
}

func (u *UI) benefitDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, data, err := u.Benefits.OpenDocument(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return sendAttachment(w, d.ContentType, d.Filename, data)
}

func (u *UI) feedFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, b, err := u.Benefits.FeedFile(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	ct := "application/edi-x12"
	if f.Format == "csv" {
		ct = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.Filename()+`"`)
	_, _ = w.Write(b)
	return nil
}

// BudgetPage is the benefits budget.
type BudgetPage struct {
	Base
	Tabs []Tab
	B    benefits.Budget
}

func (u *UI) budgetPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	b, err := u.Benefits.Budget(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "benefits/budget", BudgetPage{Base: u.benefitsBase(r, "Benefits budget"), Tabs: benefitsTabs(a, "/benefits/budget"), B: b})
	return nil
}

// LifeEventsPage lists the life events.
type LifeEventsPage struct {
	Base
	Tabs   []Tab
	Events []benefits.LifeEvent
	Form   Form
	Opts   []Option
}

func (u *UI) renderLifeEvents(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	ls, err := u.Benefits.LifeEvents(r.Context(), a, 0)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/lifeevents", LifeEventsPage{Base: u.benefitsBase(r, "Life events"), Tabs: benefitsTabs(a, "/benefits/life-events"), Events: ls, Form: f, Opts: eventOptions()})
	return nil
}

func (u *UI) lifeEventsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLifeEvents(w, r, http.StatusOK, NewForm(nil))
}

// reportLifeEventForHR records a life event for an employee (HR, with an
// override reason for a late report).
func (u *UI) reportLifeEventForHR(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	f := NewForm(r.PostForm)
	emp := u.anyEmployee(r, f, "employee")
	if len(f.Errors) == 0 {
		l, err := u.Benefits.ReportLifeEvent(ctx, a, emp, benefits.LifeEventInput{Event: f.Get("event"), EventDate: f.Get("event_date"), DependentID: int64Of(f, "dependent_id"), Note: f.Get("note"), OverrideReason: f.Get("override_reason")})
		if err == nil {
			return u.redirect(w, r, "/benefits/life-events/"+itoa(l.ID), "Recorded the life event.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderLifeEvents(w, r, http.StatusUnprocessableEntity, f)
}

// LifeEventPage is one life event.
type LifeEventPage struct {
	Base
	Tabs      []Tab
	L         benefits.LifeEvent
	Form      Form
	CanDecide bool
}

func (u *UI) renderLifeEvent(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := u.Benefits.LifeEvent(r.Context(), a, id)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/lifeevent", LifeEventPage{Base: u.benefitsBase(r, l.Label()+": "+l.EmployeeName), Tabs: benefitsTabs(a, "/benefits/life-events"), L: l, Form: f,
		CanDecide: access.CanAnywhere(a, access.BenefitsAdmin) && a.EmployeeID != l.EmployeeID})
	return nil
}

func (u *UI) lifeEventPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderLifeEvent(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) lifeEventDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, name, err := readUpload(w, r, "file", people.MaxDocumentSize)
	if err == nil {
		if _, err = u.Benefits.AttachLifeEventDocument(r.Context(), actor(r), id, name, data); err == nil {
			return u.redirect(w, r, "/benefits/life-events/"+itoa(id), "Uploaded "+name+": HR verifies it with the event.")
		}
	}
	f := NewForm(nil)
	if kit.KindOf(err) == kit.KindTooLarge {
		f.Errors.Add("file", kit.MessageOf(err))
	} else if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderLifeEvent(w, r, http.StatusUnprocessableEntity, f)
}

func (u *UI) verifyLifeEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	approve := f.Get("decision") == "approve"
	if _, err = u.Benefits.VerifyLifeEvent(r.Context(), actor(r), id, approve, f.Get("note")); err == nil {
		msg := "Rejected the life event."
		if approve {
			msg = "Verified: the employee's change window is open."
		}
		return u.redirect(w, r, "/benefits/life-events/"+itoa(id), msg)
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderLifeEvent(w, r, http.StatusUnprocessableEntity, f)
}

// COBRAPage lists COBRA cases.
type COBRAPage struct {
	Base
	Tabs  []Tab
	Cases []benefits.COBRACase
	Form  Form
	Opts  []Option
}

func (u *UI) renderCOBRA(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	cs, err := u.Benefits.COBRACases(r.Context(), a)
	if err != nil {
		return err
	}
	var opts []Option
	for _, e := range benefits.COBRAEvents {
		opts = append(opts, Option{Value: e, Label: label(e)})
	}
	u.render(w, r, status, "benefits/cobra", COBRAPage{Base: u.benefitsBase(r, "COBRA"), Tabs: benefitsTabs(a, "/benefits/cobra"), Cases: cs, Form: f, Opts: opts})
	return nil
}

func (u *UI) cobraPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCOBRA(w, r, http.StatusOK, NewForm(nil))
}

func (u *UI) startCOBRA(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	f := NewForm(r.PostForm)
	emp := u.anyEmployee(r, f, "employee")
	in := benefits.COBRAInput{Event: f.Get("qualifying_event"), QEDate: dateOf(f, "qe_date"), DependentID: int64Of(f, "dependent_id")}
	if len(f.Errors) == 0 {
		id, err := u.Benefits.StartCOBRA(ctx, a, emp, in)
		if err == nil {
			return u.redirect(w, r, "/benefits/cobra/"+itoa(id), "Recorded the qualifying event with its deadlines.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCOBRA(w, r, http.StatusUnprocessableEntity, f)
}

// COBRACasePage is one COBRA case.
type COBRACasePage struct {
	Base
	Tabs []Tab
	C    benefits.COBRACase
	Form Form
}

func (u *UI) renderCOBRACase(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := u.Benefits.COBRACase(r.Context(), a, id)
	if err != nil {
		return err
	}
	u.render(w, r, status, "benefits/cobracase", COBRACasePage{Base: u.benefitsBase(r, "COBRA: "+c.EmployeeName), Tabs: benefitsTabs(a, "/benefits/cobra"), C: c, Form: f})
	return nil
}

func (u *UI) cobraCasePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderCOBRACase(w, r, http.StatusOK, NewForm(url.Values{"on": {date.Of(u.now()).String()}}))
}

func (u *UI) cobraStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	on := dateOf(f, "on")
	if len(f.Errors) == 0 {
		if _, err = u.Benefits.COBRAUpdate(r.Context(), actor(r), id, f.Get("step"), on); err == nil {
			return u.redirect(w, r, "/benefits/cobra/"+itoa(id), "Recorded: "+strings.ReplaceAll(f.Get("step"), "_", " ")+".")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderCOBRACase(w, r, http.StatusUnprocessableEntity, f)
}

// BenefitReportsPage lists the reports with the census and the age-limit
// list on the page.
type BenefitReportsPage struct {
	Base
	Tabs    []Tab
	Census  []benefits.CensusLine
	OverAge []benefits.OverAge
}

func (u *UI) benefitReports(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	c, err := u.Benefits.Census(ctx, a, date.Date{})
	if err != nil {
		return err
	}
	o, err := u.Benefits.OverAgeLimit(ctx, a, date.Date{})
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "benefits/reports", BenefitReportsPage{Base: u.benefitsBase(r, "Benefits reports"), Tabs: benefitsTabs(a, "/benefits/reports"), Census: c, OverAge: o})
	return nil
}

func (u *UI) benefitReportFile(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format != "csv" {
		format = "xlsx"
	}
	rep, err := u.Benefits.ReportTable(r.Context(), actor(r), r.PathValue("key"), date.Date{})
	if err != nil {
		return err
	}
	b, err := kit.WriteTable(format, rep.Title, rep.Header, rep.Rows)
	if err != nil {
		return err
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == "csv" {
		ct = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="benefits-`+rep.Key+`.`+format+`"`)
	_, _ = w.Write(b)
	return nil
}

// BenefitSettingsPage is the benefits settings.
type BenefitSettingsPage struct {
	Base
	Tabs []Tab
	Form Form
}

func (u *UI) benefitSettings(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	s, err := u.Benefits.Settings(r.Context(), a)
	if err != nil {
		return err
	}
	f := NewForm(url.Values{"sponsor_tax_id": {s.SponsorTaxID}, "new_hire_days": {strconv.Itoa(s.NewHireDays)}, "cobra_administrator": {s.COBRAAdministrator}})
	u.render(w, r, http.StatusOK, "benefits/settings", BenefitSettingsPage{Base: u.benefitsBase(r, "Benefits settings"), Tabs: benefitsTabs(a, "/benefits/settings"), Form: f})
	return nil
}

func (u *UI) saveBenefitSettings(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f := NewForm(r.PostForm)
	in := benefits.Settings{SponsorTaxID: f.Get("sponsor_tax_id"), NewHireDays: intOf(f, "new_hire_days"), COBRAAdministrator: f.Get("cobra_administrator")}
	if len(f.Errors) == 0 {
		err := u.Benefits.SaveSettings(r.Context(), a, in)
		if err == nil {
			return u.redirect(w, r, "/benefits/settings", "Saved the benefits settings.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	u.render(w, r, http.StatusUnprocessableEntity, "benefits/settings", BenefitSettingsPage{Base: u.benefitsBase(r, "Benefits settings"), Tabs: benefitsTabs(a, "/benefits/settings"), Form: f})
	return nil
}
