package api

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// CarrierIn is a carrier or broker.
type CarrierIn struct {
	Name            string `json:"name" required:"true"`
	Kind            string `json:"kind,omitempty" enum:"carrier,broker,administrator" doc:"Default carrier"`
	PayerID         string `json:"payer_id,omitempty" doc:"The carrier's ID in its 834 feed (N1*IN, usually its FEIN or NAIC code)"`
	ContactName     string `json:"contact_name,omitempty"`
	ContactEmail    string `json:"contact_email,omitempty"`
	ContactPhone    string `json:"contact_phone,omitempty"`
	ContractStart   string `json:"contract_start,omitempty" format:"date"`
	RenewalDate     string `json:"renewal_date,omitempty" format:"date" doc:"A renewal task opens renewal_lead_days before it"`
	RenewalLeadDays int    `json:"renewal_lead_days,omitempty" doc:"Default 90"`
	Notes           string `json:"notes,omitempty" doc:"Negotiation notes"`
}

func (in CarrierIn) carrier() (benefits.Carrier, error) {
	f := kit.FieldErrors{}
	c := benefits.Carrier{Name: in.Name, Kind: in.Kind, PayerID: in.PayerID, ContactName: in.ContactName, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone,
		RenewalLeadDays: in.RenewalLeadDays, Notes: in.Notes}
	if in.ContractStart != "" {
		c.ContractStart = parseDate(f, "contract_start", in.ContractStart)
	}
	if in.RenewalDate != "" {
		c.RenewalDate = parseDate(f, "renewal_date", in.RenewalDate)
	}
	return c, f.Err()
}

// CarrierOut is a carrier with its renewal quotes.
type CarrierOut struct {
	Carrier benefits.Carrier `json:"carrier"`
	Quotes  []benefits.Quote `json:"quotes"`
}

// QuoteIn is a renewal quote.
type QuoteIn struct {
	PlanID     int64  `json:"plan_id" required:"true"`
	Year       int    `json:"plan_year" required:"true"`
	Tier       string `json:"tier" required:"true" enum:"employee,employee_spouse,employee_children,family"`
	TotalCents int64  `json:"total_cents_per_period" required:"true" doc:"Employee and employer cost together per pay period"`
	Note       string `json:"note,omitempty"`
}

// PlanIn is a benefit plan.
type PlanIn struct {
	CarrierID     int64                   `json:"carrier_id" required:"true"`
	Type          string                  `json:"type" required:"true" enum:"medical,dental,vision,life,disability,fsa,hsa,retirement"`
	Name          string                  `json:"name" required:"true"`
	Code          string                  `json:"code" required:"true" doc:"Payroll deduction code"`
	GroupNumber   string                  `json:"group_number,omitempty"`
	Description   string                  `json:"description,omitempty"`
	DocumentURL   string                  `json:"document_url,omitempty"`
	Eligibility   benefits.Eligibility    `json:"eligibility"`
	ChildAgeLimit int                     `json:"child_age_limit,omitempty" doc:"Default 26"`
	Rates         map[string][]PlanRateIn `json:"rates" required:"true" doc:"Per plan year (\"2027\"), the cost per pay period of each tier"`
	Active        *bool                   `json:"active,omitempty" doc:"Default true"`
}

// PlanRateIn is one tier's cost per pay period.
type PlanRateIn struct {
	Tier          string `json:"tier" required:"true" enum:"employee,employee_spouse,employee_children,family"`
	EmployeeCents int64  `json:"employee_cents" required:"true"`
	EmployerCents int64  `json:"employer_cents" required:"true"`
}

func (in PlanIn) plan() (benefits.Plan, error) {
	p := benefits.Plan{CarrierID: in.CarrierID, Type: in.Type, Name: in.Name, Code: in.Code, GroupNumber: in.GroupNumber, Description: in.Description, DocumentURL: in.DocumentURL,
		Eligibility: in.Eligibility, ChildAgeLimit: in.ChildAgeLimit, Rates: map[int][]benefits.Rate{}, Active: in.Active == nil || *in.Active}
	for y, rs := range in.Rates {
		var year int
		for _, ch := range y {
			if ch < '0' || ch > '9' {
				return p, kit.Invalid("rates", "Key the rates by plan year, like \"2027\"")
			}
			year = year*10 + int(ch-'0')
		}
		for _, r := range rs {
			p.Rates[year] = append(p.Rates[year], benefits.Rate{Tier: r.Tier, EmployeeCents: r.EmployeeCents, EmployerCents: r.EmployerCents})
		}
	}
	return p, nil
}

// WindowIn schedules open enrollment.
type WindowIn struct {
	Name          string `json:"name" required:"true"`
	Opens         string `json:"opens" required:"true" format:"date"`
	Closes        string `json:"closes" required:"true" format:"date"`
	CoverageStart string `json:"coverage_start" required:"true" format:"date" doc:"The plan year's first day"`
	Passive       bool   `json:"passive" doc:"Employees who do not confirm keep their coverage at the new year's rates (spending accounts excepted)"`
}

// WindowProgressOut is the open-enrollment dashboard.
type WindowProgressOut struct {
	Window    benefits.Window       `json:"window"`
	ByOrgUnit []benefits.Progress   `json:"by_org_unit"`
	Total     benefits.Progress     `json:"total"`
	Matching  int                   `json:"employees_matching" doc:"The employees matching the status filter, across pages"`
	Employees []benefits.Enrollment `json:"employees"`
	Next      string                `json:"next_cursor,omitempty" doc:"Pass as cursor for the following page; absent on the last page"`
}

// DependentIn adds a dependent.
type DependentIn struct {
	Relationship string `json:"relationship" required:"true" enum:"spouse,domestic_partner,child"`
	GivenName    string `json:"given_name" required:"true"`
	FamilyName   string `json:"family_name" required:"true"`
	Gender       string `json:"gender,omitempty" enum:"F,M,U"`
	BirthDate    string `json:"birth_date" required:"true" format:"date"`
	SSN          string `json:"ssn,omitempty" doc:"Sealed at rest; only the last four digits are shown"`
	Disabled     bool   `json:"disabled,omitempty"`
	Since        string `json:"since,omitempty" format:"date" doc:"Date of marriage, birth or adoption"`
}

// DependentReveal is a dependent's decrypted SSN and date of birth.
type DependentReveal struct {
	SSN       string `json:"ssn"`
	BirthDate string `json:"birth_date"`
}

// EnrollingOut is an employee's enrollment in a window.
type EnrollingOut struct {
	Window     benefits.Window      `json:"window"`
	Status     string               `json:"status"`
	Editable   bool                 `json:"editable"`
	Offers     []BenefitOfferOut    `json:"offers"`
	Dependents []benefits.Dependent `json:"dependents"`
	LifeEvent  *benefits.LifeEvent  `json:"life_event,omitempty"`
}

// BenefitOfferOut is one plan type with its options.
type BenefitOfferOut struct {
	Type     string             `json:"type"`
	Allowed  bool               `json:"allowed"`
	Options  []BenefitOptionOut `json:"options"`
	Election *benefits.Election `json:"election,omitempty"`
	Current  *benefits.Coverage `json:"current_coverage,omitempty"`
}

// BenefitOptionOut is a plan the employee can elect, with its cost per tier.
type BenefitOptionOut struct {
	PlanID   int64           `json:"plan_id"`
	Name     string          `json:"name"`
	Carrier  string          `json:"carrier"`
	Eligible bool            `json:"eligible"`
	Why      string          `json:"not_eligible_because,omitempty"`
	From     date.Date       `json:"coverage_from"`
	Rates    []benefits.Rate `json:"rates"`
}

// ElectionIn is one plan type's choice.
type ElectionIn struct {
	PlanID       int64   `json:"plan_id,omitempty"`
	Tier         string  `json:"tier,omitempty" enum:"employee,employee_spouse,employee_children,family"`
	DependentIDs []int64 `json:"dependent_ids,omitempty"`
	Waive        bool    `json:"waive,omitempty"`
	WaiveReason  string  `json:"waive_reason,omitempty" enum:"covered_by_spouse_plan,covered_by_other_employer,medicare_or_medicaid,individual_market,cost,not_needed,other"`
	AmountCents  int64   `json:"annual_amount_cents,omitempty" doc:"FSA or HSA annual election"`
	PercentBP    int     `json:"percent_bp,omitempty" doc:"401(k) deferral in basis points of pay"`
}

// BenefitsOut is an employee's benefits.
type BenefitsOut struct {
	Coverages  []benefits.Coverage  `json:"coverages"`
	Dependents []benefits.Dependent `json:"dependents"`
	Windows    []benefits.Window    `json:"open_windows"`
	LifeEvents []benefits.LifeEvent `json:"life_events"`
	COBRA      []benefits.COBRACase `json:"cobra_cases"`
}

// LifeEventIn reports a life event.
type LifeEventIn struct {
	Event          string `json:"event" required:"true" enum:"marriage,birth,adoption,placement_for_adoption,loss_of_other_coverage,medicaid_chip_loss,medicaid_chip_eligibility,divorce,death,move"`
	EventDate      string `json:"event_date" required:"true" format:"date"`
	DependentID    int64  `json:"dependent_id,omitempty" doc:"The dependent the event concerns (required for divorce and death)"`
	Note           string `json:"note,omitempty"`
	OverrideReason string `json:"override_reason,omitempty" doc:"HR only: accept a report after its deadline (audited)"`
}

// VerificationIn records the document check of a life event.
type VerificationIn struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note,omitempty" doc:"Required to reject"`
}

// COBRAIn starts a COBRA case by hand.
type COBRAIn struct {
	Event       string `json:"qualifying_event" required:"true" enum:"termination,reduction_in_hours,death,divorce,medicare_entitlement,loss_of_dependent_status"`
	QEDate      string `json:"qe_date" required:"true" format:"date"`
	LossDate    string `json:"loss_of_coverage_date,omitempty" format:"date" doc:"Default: the last day of the event's month"`
	DependentID int64  `json:"dependent_id,omitempty"`
}

// COBRAStepIn records a step of a COBRA case.
type COBRAStepIn struct {
	Step string `json:"step" required:"true" enum:"notice_sent,elected,declined"`
	On   string `json:"on" required:"true" format:"date"`
}

// FeedIn generates a carrier feed.
type FeedIn struct {
	Format string `json:"format,omitempty" enum:"834,csv" doc:"Default 834"`
	Full   bool   `json:"full" doc:"Every coverage in force (030 audit) instead of the changes since the last feed"`
}

type benefitDocUpload struct {
	File   huma.FormFile `form:"file" required:"true" contentType:"application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/octet-stream"`
	Kind   string        `form:"kind" required:"true" enum:"contract,plan_document,quote,other"`
	PlanID int64         `form:"plan_id"`
	Title  string        `form:"title"`
}

type lifeEventUpload struct {
	File huma.FormFile `form:"file" required:"true" contentType:"application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/octet-stream"`
}

type empWindowPath struct {
	ID       int64 `path:"id" minimum:"1"`
	WindowID int64 `path:"window" minimum:"1"`
}

func (a *API) registerBenefits(h huma.API) {
	const tag = "Benefits"
	// Carriers.
	huma.Register(h, opAny("list-benefit-carriers", http.MethodGet, "/benefit-carriers", "Carriers and brokers", tag, access.BenefitsDesign, access.BenefitsAdmin), func(ctx context.Context, _ *struct{}) (*body[Page[benefits.Carrier]], error) {
		cs, err := a.Benefits.Carriers(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Carrier]]{Page[benefits.Carrier]{Items: nonNil(cs)}}, nil
	})
	getCarrier := func(ctx context.Context, id int64) (*body[CarrierOut], error) {
		c, qs, err := a.Benefits.Carrier(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CarrierOut]{CarrierOut{c, nonNil(qs)}}, nil
	}
	saveCarrier := func(ctx context.Context, id int64, in CarrierIn) (*body[CarrierOut], error) {
		c, err := in.carrier()
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if id, err = a.Benefits.SaveCarrier(ctx, actor(ctx), id, c); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCarrier(ctx, id)
	}
	cc := op("create-benefit-carrier", http.MethodPost, "/benefit-carriers", "Add a carrier or broker (a renewal date opens a renewal task before it)", tag, access.BenefitsDesign)
	cc.DefaultStatus = http.StatusCreated
	huma.Register(h, cc, func(ctx context.Context, in *body[CarrierIn]) (*body[CarrierOut], error) {
		return saveCarrier(ctx, 0, in.Body)
	})
	huma.Register(h, op("update-benefit-carrier", http.MethodPut, "/benefit-carriers/{id}", "Change a carrier or broker", tag, access.BenefitsDesign), func(ctx context.Context, in *withBody[CarrierIn]) (*body[CarrierOut], error) {
		return saveCarrier(ctx, in.ID, in.Body)
	})
	huma.Register(h, opAny("get-benefit-carrier", http.MethodGet, "/benefit-carriers/{id}", "A carrier with its renewal quotes compared with the year before", tag, access.BenefitsDesign, access.BenefitsAdmin), func(ctx context.Context, in *idPath) (*body[CarrierOut], error) {
		return getCarrier(ctx, in.ID)
	})
	qc := op("add-benefit-quote", http.MethodPost, "/benefit-carriers/{id}/quotes", "Record a renewal quote (cost per tier, compared year over year)", tag, access.BenefitsDesign)
	qc.DefaultStatus = http.StatusCreated
	huma.Register(h, qc, func(ctx context.Context, in *withBody[QuoteIn]) (*body[CarrierOut], error) {
		q := in.Body
		if _, err := a.Benefits.AddQuote(ctx, actor(ctx), benefits.Quote{CarrierID: in.ID, PlanID: q.PlanID, Year: q.Year, Tier: q.Tier, TotalCents: q.TotalCents, Note: q.Note}); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getCarrier(ctx, in.ID)
	})
	// Plans.
	huma.Register(h, op("list-benefit-plans", http.MethodGet, "/benefit-plans", "Benefit plans with their rates and today's enrollment (employees see them to compare)", tag, access.BenefitsView), func(ctx context.Context, _ *struct{}) (*body[Page[benefits.Plan]], error) {
		ps, err := a.Benefits.Plans(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Plan]]{Page[benefits.Plan]{Items: nonNil(ps)}}, nil
	})
	getPlan := func(ctx context.Context, id int64) (*body[benefits.Plan], error) {
		p, err := a.Benefits.Plan(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.Plan]{p}, nil
	}
	savePlan := func(ctx context.Context, id int64, in PlanIn) (*body[benefits.Plan], error) {
		p, err := in.plan()
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if id, err = a.Benefits.SavePlan(ctx, actor(ctx), id, p); err != nil {
			return nil, a.fail(ctx, err)
		}
		return getPlan(ctx, id)
	}
	pc := op("create-benefit-plan", http.MethodPost, "/benefit-plans", "Design a plan: type, carrier, deduction code, eligibility (employment types, hours, waiting period up to 90 days), child age limit and the cost per pay period of each tier per plan year", tag, access.BenefitsDesign)
	pc.DefaultStatus = http.StatusCreated
	huma.Register(h, pc, func(ctx context.Context, in *body[PlanIn]) (*body[benefits.Plan], error) {
		return savePlan(ctx, 0, in.Body)
	})
	huma.Register(h, op("update-benefit-plan", http.MethodPut, "/benefit-plans/{id}", "Change a plan (a new plan year's rates, eligibility, closing it to enrollment)", tag, access.BenefitsDesign), func(ctx context.Context, in *withBody[PlanIn]) (*body[benefits.Plan], error) {
		return savePlan(ctx, in.ID, in.Body)
	})
	huma.Register(h, op("get-benefit-plan", http.MethodGet, "/benefit-plans/{id}", "A plan", tag, access.BenefitsView), func(ctx context.Context, in *idPath) (*body[benefits.Plan], error) {
		return getPlan(ctx, in.ID)
	})
	huma.Register(h, op("benefits-budget", http.MethodGet, "/benefits/budget", "The employer's benefits cost projected from enrollment, by plan and org unit, last year, this year and next (in scope)", tag, access.BenefitsDesign), func(ctx context.Context, _ *struct{}) (*body[benefits.Budget], error) {
		b, err := a.Benefits.Budget(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b.ByPlan, b.ByOrgUnit = nonNil(b.ByPlan), nonNil(b.ByOrgUnit)
		return &body[benefits.Budget]{b}, nil
	})
	huma.Register(h, op("get-benefits-settings", http.MethodGet, "/benefits/settings", "Benefits settings", tag, access.BenefitsAdmin), func(ctx context.Context, _ *struct{}) (*body[benefits.Settings], error) {
		s, err := a.Benefits.Settings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.Settings]{s}, nil
	})
	huma.Register(h, op("update-benefits-settings", http.MethodPut, "/benefits/settings", "Change the benefits settings (sponsor FEIN, new-hire enrollment days, COBRA administrator)", tag, access.BenefitsDesign), func(ctx context.Context, in *body[benefits.Settings]) (*body[benefits.Settings], error) {
		if err := a.Benefits.SaveSettings(ctx, actor(ctx), in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		s, err := a.Benefits.Settings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.Settings]{s}, nil
	})
	// Windows.
	huma.Register(h, op("list-benefit-windows", http.MethodGet, "/benefit-windows", "Enrollment windows: all for HR, an employee's own otherwise", tag, access.BenefitsView), func(ctx context.Context, _ *struct{}) (*body[Page[benefits.Window]], error) {
		ws, err := a.Benefits.Windows(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Window]]{Page[benefits.Window]{Items: nonNil(ws)}}, nil
	})
	wc := op("create-benefit-window", http.MethodPost, "/benefit-windows", "Schedule open enrollment for the whole company", tag, access.BenefitsAdmin)
	wc.DefaultStatus = http.StatusCreated
	huma.Register(h, wc, func(ctx context.Context, in *body[WindowIn]) (*body[IDOut], error) {
		f := kit.FieldErrors{}
		w := benefits.Window{Name: in.Body.Name, Opens: parseDate(f, "opens", in.Body.Opens), Closes: parseDate(f, "closes", in.Body.Closes), CoverageStart: parseDate(f, "coverage_start", in.Body.CoverageStart), Passive: in.Body.Passive}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Benefits.CreateWindow(ctx, actor(ctx), w)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("benefit-window-progress", http.MethodGet, "/benefit-windows/{id}/progress", "Enrollment progress: not started, in progress and done by org unit, and the employees (in scope; not started first, then by name), a page at a time", tag, access.BenefitsAdmin), func(ctx context.Context, in *struct {
		ID     int64  `path:"id" minimum:"1"`
		Status string `query:"status" enum:"not_started,in_progress,done," doc:"Only the employees with this status"`
		Limit  int    `query:"limit" minimum:"1" maximum:"10000" default:"1000"`
		Offset int    `query:"offset" minimum:"0"`
		Cursor string `query:"cursor" doc:"Continue after the previous page: its next_cursor (faster than offset on a large company)"`
	}) (*body[WindowProgressOut], error) {
		v, err := a.Benefits.WindowProgress(ctx, actor(ctx), in.ID, benefits.ProgressPage{Status: in.Status, Limit: in.Limit, Offset: in.Offset, Cursor: in.Cursor})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := WindowProgressOut{Window: v.Window, ByOrgUnit: v.ByOrgUnit, Total: v.Total, Matching: v.Matching, Employees: v.Employees, Next: v.Next}
		return &body[WindowProgressOut]{out}, nil
	})
	huma.Register(h, op("remind-benefit-window", http.MethodPost, "/benefit-windows/{id}/reminders", "Remind everyone in scope who has not confirmed", tag, access.BenefitsAdmin), func(ctx context.Context, in *idPath) (*body[CountOut], error) {
		n, err := a.Benefits.Remind(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CountOut]{CountOut{n}}, nil
	})
	huma.Register(h, op("close-benefit-window", http.MethodPost, "/benefit-windows/{id}/close", "Close open enrollment: confirmed elections become coverage from the plan year's first day, the others carry over (passive) or end; deductions follow in the payroll export", tag, access.BenefitsAdmin), func(ctx context.Context, in *idPath) (*body[benefits.CloseResult], error) {
		r, err := a.Benefits.Close(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.CloseResult]{r}, nil
	})
	// An employee's benefits, dependents and enrollment.
	huma.Register(h, op("get-employee-benefits", http.MethodGet, "/employees/{id}/benefits", "An employee's coverage (past, in force and upcoming), dependents, open windows, life events and COBRA cases", "Employees", access.BenefitsView), func(ctx context.Context, in *idPath) (*body[BenefitsOut], error) {
		b, err := a.Benefits.Employee(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[BenefitsOut]{BenefitsOut{nonNil(b.Coverages), nonNil(b.Dependents), nonNil(b.Windows), nonNil(b.LifeEvents), nonNil(b.COBRA)}}, nil
	})
	huma.Register(h, op("list-dependents", http.MethodGet, "/employees/{id}/dependents", "Dependents (dates of birth masked for HR)", "Employees", access.BenefitsView), func(ctx context.Context, in *idPath) (*body[Page[benefits.Dependent]], error) {
		ds, err := a.Benefits.Dependents(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Dependent]]{Page[benefits.Dependent]{Items: nonNil(ds)}}, nil
	})
	dc := op("add-dependent", http.MethodPost, "/employees/{id}/dependents", "Add a dependent (SSN and date of birth sealed; one spouse or partner)", "Employees", access.BenefitsEnroll)
	dc.DefaultStatus = http.StatusCreated
	huma.Register(h, dc, func(ctx context.Context, in *withBody[DependentIn]) (*body[IDOut], error) {
		d := in.Body
		id, err := a.Benefits.AddDependent(ctx, actor(ctx), in.ID, benefits.DependentInput{Relationship: d.Relationship, GivenName: d.GivenName, FamilyName: d.FamilyName, Gender: d.Gender, BirthDate: d.BirthDate, SSN: d.SSN, Disabled: d.Disabled, Since: d.Since})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	dd := op("remove-dependent", http.MethodDelete, "/employees/{id}/dependents/{dependent}", "Remove a dependent who is not covered (a covered one leaves by a life event)", "Employees", access.BenefitsEnroll)
	dd.DefaultStatus = http.StatusNoContent
	huma.Register(h, dd, func(ctx context.Context, in *struct {
		ID          int64 `path:"id" minimum:"1"`
		DependentID int64 `path:"dependent" minimum:"1"`
	}) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Benefits.RemoveDependent(ctx, actor(ctx), in.ID, in.DependentID))
	})
	huma.Register(h, op("reveal-dependent", http.MethodPost, "/employees/{id}/dependents/{dependent}/reveal", "Reveal a dependent's SSN and date of birth (audited)", "Employees", access.SensitiveView), func(ctx context.Context, in *struct {
		ID          int64 `path:"id" minimum:"1"`
		DependentID int64 `path:"dependent" minimum:"1"`
	}) (*body[DependentReveal], error) {
		ssn, birth, err := a.Benefits.RevealDependent(ctx, actor(ctx), in.ID, in.DependentID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[DependentReveal]{DependentReveal{ssn, birth}}, nil
	})
	huma.Register(h, op("get-enrollment", http.MethodGet, "/employees/{id}/enrollments/{window}", "An employee's enrollment in a window: the plans with their cost per tier, dependents, elections and the coverage in force", "Employees", access.BenefitsView), func(ctx context.Context, in *empWindowPath) (*body[EnrollingOut], error) {
		e, err := a.Benefits.Enrollment(ctx, actor(ctx), in.ID, in.WindowID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := EnrollingOut{Window: e.Window, Status: e.Enrollment.Status, Editable: e.Editable, Offers: []BenefitOfferOut{}, Dependents: nonNil(e.Dependents), LifeEvent: e.LifeEvent}
		for _, o := range e.Offers {
			oo := BenefitOfferOut{Type: o.Type, Allowed: o.Allowed, Options: []BenefitOptionOut{}, Election: o.Election, Current: o.Current}
			for _, op := range o.Options {
				oo.Options = append(oo.Options, BenefitOptionOut{PlanID: op.Plan.ID, Name: op.Plan.Name, Carrier: op.Plan.CarrierName, Eligible: op.Eligible, Why: op.Why, From: op.From, Rates: nonNil(op.Rates)})
			}
			out.Offers = append(out.Offers, oo)
		}
		return &body[EnrollingOut]{out}, nil
	})
	huma.Register(h, op("save-election", http.MethodPut, "/employees/{id}/enrollments/{window}/elections/{type}", "Elect a plan and tier with the dependents covered, or waive with a reason (inside the window; a life event allows only its changes)", "Employees", access.BenefitsEnroll), func(ctx context.Context, in *struct {
		ID       int64  `path:"id" minimum:"1"`
		WindowID int64  `path:"window" minimum:"1"`
		Type     string `path:"type" enum:"medical,dental,vision,life,disability,fsa,hsa,retirement"`
		Body     ElectionIn
	}) (*struct{}, error) {
		b := in.Body
		return nil, a.failIf(ctx, a.Benefits.SaveElection(ctx, actor(ctx), in.ID, in.WindowID, benefits.ElectionInput{Type: in.Type, PlanID: b.PlanID, Tier: b.Tier, DependentIDs: b.DependentIDs,
			Waive: b.Waive, WaiveReason: b.WaiveReason, AmountCents: b.AmountCents, PercentBP: b.PercentBP}))
	})
	ce := op("confirm-enrollment", http.MethodPost, "/employees/{id}/enrollments/{window}/confirmation", "Confirm the elections (a new hire's and a life event's take effect at once; open enrollment's when the window closes)", "Employees", access.BenefitsEnroll)
	ce.DefaultStatus = http.StatusCreated
	huma.Register(h, ce, func(ctx context.Context, in *empWindowPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Benefits.Confirm(ctx, actor(ctx), in.ID, in.WindowID))
	})
	// Life events.
	le := op("report-life-event", http.MethodPost, "/employees/{id}/life-events", "Report a qualifying life event: the deadline and coverage date come from the rules engine (HIPAA special enrollment); a late report needs HR's override reason", "Employees", access.BenefitsEnroll)
	le.DefaultStatus = http.StatusCreated
	huma.Register(h, le, func(ctx context.Context, in *withBody[LifeEventIn]) (*body[benefits.LifeEvent], error) {
		b := in.Body
		l, err := a.Benefits.ReportLifeEvent(ctx, actor(ctx), in.ID, benefits.LifeEventInput{Event: b.Event, EventDate: b.EventDate, DependentID: b.DependentID, Note: b.Note, OverrideReason: b.OverrideReason})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.LifeEvent]{l}, nil
	})
	huma.Register(h, op("list-life-events", http.MethodGet, "/benefit-life-events", "Life events in scope, newest first", tag, access.BenefitsAdmin), func(ctx context.Context, _ *struct{}) (*body[Page[benefits.LifeEvent]], error) {
		ls, err := a.Benefits.LifeEvents(ctx, actor(ctx), 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.LifeEvent]]{Page[benefits.LifeEvent]{Items: nonNil(ls)}}, nil
	})
	huma.Register(h, op("get-life-event", http.MethodGet, "/benefit-life-events/{id}", "A life event", tag, access.BenefitsView), func(ctx context.Context, in *idPath) (*body[benefits.LifeEvent], error) {
		l, err := a.Benefits.LifeEvent(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.LifeEvent]{l}, nil
	})
	huma.Register(h, op("verify-life-event", http.MethodPost, "/benefit-life-events/{id}/verification", "Verify (open the change window; a divorce starts COBRA for the former spouse) or reject a life event", tag, access.BenefitsAdmin), func(ctx context.Context, in *withBody[VerificationIn]) (*body[benefits.LifeEvent], error) {
		l, err := a.Benefits.VerifyLifeEvent(ctx, actor(ctx), in.ID, in.Body.Approve, in.Body.Note)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.LifeEvent]{l}, nil
	})
	ld := op("attach-life-event-document", http.MethodPost, "/benefit-life-events/{id}/documents", "Upload a proof of the life event (PDF, PNG, JPEG or DOCX, up to 10 MB; checked by content) to the employee file, category benefits, for the generalist who verifies it", tag, access.BenefitsEnroll)
	ld.DefaultStatus, ld.MaxBodyBytes = http.StatusCreated, people.MaxDocumentSize+(1<<20)
	ld.Errors = append(ld.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, ld, func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		RawBody huma.MultipartFormFiles[lifeEventUpload]
	}) (*body[IDOut], error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, people.MaxDocumentSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		id, err := a.Benefits.AttachLifeEventDocument(ctx, actor(ctx), in.ID, form.File.Filename, data)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	// Carrier and plan documents.
	bd := op("add-benefit-document", http.MethodPost, "/benefit-carriers/{id}/documents", "Upload a contract, plan document (SBC, SPD), renewal quote or other file (PDF, PNG, JPEG or DOCX, up to 10 MB; checked by content)", tag, access.BenefitsDesign)
	bd.DefaultStatus, bd.MaxBodyBytes = http.StatusCreated, people.MaxDocumentSize+(1<<20)
	bd.Errors = append(bd.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(h, bd, func(ctx context.Context, in *struct {
		ID      int64 `path:"id" minimum:"1"`
		RawBody huma.MultipartFormFiles[benefitDocUpload]
	}) (*body[IDOut], error) {
		form := in.RawBody.Data()
		data, err := io.ReadAll(io.LimitReader(form.File, people.MaxDocumentSize+1))
		if err != nil {
			return nil, a.fail(ctx, kit.Invalid("file", "could not be read"))
		}
		id, err := a.Benefits.AddDocument(ctx, actor(ctx), in.ID, benefits.DocumentInput{PlanID: form.PlanID, Kind: form.Kind, Title: form.Title, Filename: form.File.Filename, Data: data})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("list-benefit-documents", http.MethodGet, "/benefit-carriers/{id}/documents", "A carrier's documents (employees see plan documents only)", tag, access.BenefitsView), func(ctx context.Context, in *idPath) (*body[Page[benefits.Document]], error) {
		ds, err := a.Benefits.Documents(ctx, actor(ctx), in.ID, 0)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Document]]{Page[benefits.Document]{Items: nonNil(ds)}}, nil
	})
	huma.Register(h, op("list-plan-documents", http.MethodGet, "/benefit-plans/{id}/documents", "A plan's documents (the summary of benefits and coverage, the plan description)", tag, access.BenefitsView), func(ctx context.Context, in *idPath) (*body[Page[benefits.Document]], error) {
		ds, err := a.Benefits.Documents(ctx, actor(ctx), 0, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Document]]{Page[benefits.Document]{Items: nonNil(ds)}}, nil
	})
	huma.Register(h, op("get-benefit-document-content", http.MethodGet, "/benefit-documents/{id}/content", "Download a document (audited; employees: plan documents)", tag, access.BenefitsView), func(ctx context.Context, in *idPath) (*fileOut, error) {
		d, data, err := a.Benefits.OpenDocument(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: d.ContentType, ContentDisposition: `attachment; filename="` + safeFilename(d.Filename) + `"`, Body: data}, nil
	})
	// COBRA.
	huma.Register(h, op("list-cobra-cases", http.MethodGet, "/cobra-cases", "COBRA cases in scope", tag, access.BenefitsAdmin), func(ctx context.Context, _ *struct{}) (*body[Page[benefits.COBRACase]], error) {
		cs, err := a.Benefits.COBRACases(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.COBRACase]]{Page[benefits.COBRACase]{Items: nonNil(cs)}}, nil
	})
	cs := op("start-cobra-case", http.MethodPost, "/employees/{id}/cobra-cases", "Record a COBRA qualifying event (a termination starts one by itself): deadlines from the rules engine and a task for each", "Employees", access.BenefitsAdmin)
	cs.DefaultStatus = http.StatusCreated
	huma.Register(h, cs, func(ctx context.Context, in *withBody[COBRAIn]) (*body[benefits.COBRACase], error) {
		f := kit.FieldErrors{}
		c := benefits.COBRAInput{Event: in.Body.Event, QEDate: parseDate(f, "qe_date", in.Body.QEDate), DependentID: in.Body.DependentID}
		if in.Body.LossDate != "" {
			c.LossDate = parseDate(f, "loss_of_coverage_date", in.Body.LossDate)
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		id, err := a.Benefits.StartCOBRA(ctx, actor(ctx), in.ID, c)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		x, err := a.Benefits.COBRACase(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.COBRACase]{x}, nil
	})
	huma.Register(h, op("get-cobra-case", http.MethodGet, "/cobra-cases/{id}", "A COBRA case with its deadlines", tag, access.BenefitsAdmin), func(ctx context.Context, in *idPath) (*body[benefits.COBRACase], error) {
		x, err := a.Benefits.COBRACase(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.COBRACase]{x}, nil
	})
	huma.Register(h, op("cobra-case-step", http.MethodPost, "/cobra-cases/{id}/steps", "Record the election notice sent (the election deadline follows), the election (continuation coverage starts) or the waiver", tag, access.BenefitsAdmin), func(ctx context.Context, in *withBody[COBRAStepIn]) (*body[benefits.COBRACase], error) {
		f := kit.FieldErrors{}
		on := parseDate(f, "on", in.Body.On)
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		x, err := a.Benefits.COBRAUpdate(ctx, actor(ctx), in.ID, in.Body.Step, on)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.COBRACase]{x}, nil
	})
	// Carrier feeds.
	huma.Register(h, op("list-benefit-feeds", http.MethodGet, "/benefit-feeds", "Carrier feeds generated, newest first", tag, access.BenefitsAdmin), func(ctx context.Context, in *struct {
		CarrierID int64 `query:"carrier_id"`
	}) (*body[Page[benefits.Feed]], error) {
		fs, err := a.Benefits.Feeds(ctx, actor(ctx), in.CarrierID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[Page[benefits.Feed]]{Page[benefits.Feed]{Items: nonNil(fs)}}, nil
	})
	fc := op("generate-benefit-feed", http.MethodPost, "/benefit-carriers/{id}/feeds", "Generate the carrier's enrollment file: an ANSI X12 834 (005010X220A1) or CSV, in full or the changes since its last feed", tag, access.BenefitsAdmin)
	fc.DefaultStatus = http.StatusCreated
	huma.Register(h, fc, func(ctx context.Context, in *withBody[FeedIn]) (*body[benefits.Feed], error) {
		format := in.Body.Format
		if format == "" {
			format = "834"
		}
		f, _, err := a.Benefits.GenerateFeed(ctx, actor(ctx), in.ID, format, in.Body.Full)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[benefits.Feed]{f}, nil
	})
	huma.Register(h, op("get-benefit-feed-file", http.MethodGet, "/benefit-feeds/{id}/file", "Download a feed (audited)", tag, access.BenefitsAdmin), func(ctx context.Context, in *idPath) (*fileOut, error) {
		f, b, err := a.Benefits.FeedFile(ctx, actor(ctx), in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		ct := "application/edi-x12"
		if f.Format == "csv" {
			ct = "text/csv; charset=utf-8"
		}
		return &fileOut{ContentType: ct, ContentDisposition: `attachment; filename="` + safeFilename(f.Filename()) + `"`, Body: b}, nil
	})
	// Reports.
	huma.Register(h, op("benefits-report", http.MethodGet, "/benefits/reports/{report}", "A benefits report as CSV or XLSX: census (enrollment by plan and tier), deductions (the register) or over-age (children reaching the age limit)", tag, access.BenefitsAdmin), func(ctx context.Context, in *struct {
		Report string `path:"report" enum:"census,deductions,over-age"`
		Day    string `query:"date" format:"date" doc:"As of (census, deductions) or through (over-age); default today or the plan year's end"`
		Format string `query:"format" enum:"csv,xlsx" default:"xlsx"`
	}) (*fileOut, error) {
		f := kit.FieldErrors{}
		var day date.Date
		if in.Day != "" {
			day = parseDate(f, "date", in.Day)
		}
		if err := f.Err(); err != nil {
			return nil, a.fail(ctx, err)
		}
		r, err := a.Benefits.ReportTable(ctx, actor(ctx), in.Report, day)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := kit.WriteTable(in.Format, r.Title, r.Header, r.Rows)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: tableType(in.Format), ContentDisposition: `attachment; filename="benefits-` + in.Report + `.` + in.Format + `"`, Body: b}, nil
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CountOut is how many things an action touched.
type CountOut struct {
	Count int `json:"count"`
}

// failIf is fail for a use case's error, and nil when it succeeded.
func (a *API) failIf(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return a.fail(ctx, err)
}
