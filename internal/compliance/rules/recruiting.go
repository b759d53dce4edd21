package rules

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Cost classes of ANSI/SHRM 06001.2012.
const (
	CostExternal = "external"
	CostInternal = "internal"
)

// CostClass says whether a cost category is "external" or "internal"
// under ANSI/SHRM 06001.2012, or "" for a category Cadre does not know.
func CostClass(category string) string { return costClasses()[category] }

// costClasses classifies the cost categories Cadre accepts, following the
// external and internal cost examples SHRM publishes for the standard.
func costClasses() map[string]string {
	m := map[string]string{}
	for _, c := range []string{"advertising", "job_boards", "background_checks", "campus_recruiting", "consulting",
		"contingency_fees", "drug_testing", "employee_referral_awards", "immigration", "job_fairs",
		"pre_hire_health_screens", "pre_screening", "rpo_fees", "relocation", "sign_on_bonuses", "sourcing",
		"candidate_travel", "recruiter_travel", "technology", "third_party_agency_fees"} {
		m[c] = CostExternal
	}
	for _, c := range []string{"recruiting_staff", "sourcing_staff", "compliance_overhead", "non_labor_office",
		"recruiting_learning", "management_time"} {
		m[c] = CostInternal
	}
	return m
}

// Cost is one recruiting cost in currency units.
type Cost struct {
	Category string  `json:"category"`
	Amount   float64 `json:"amount"`
}

// CostPerHireFacts are the facts of the "cost-per-hire" rule.
type CostPerHireFacts struct {
	Hires *int   `json:"hires"`
	Costs []Cost `json:"costs"`
	// TotalFirstYearCompensation enables the ISO/TS 30407 hire-cost ratio.
	TotalFirstYearCompensation *float64 `json:"total_first_year_compensation"`
}

// ClassifiedCost is a cost with its ANSI/SHRM class.
type ClassifiedCost struct {
	Category string  `json:"category"`
	Class    string  `json:"class"`
	Amount   float64 `json:"amount"`
}

// CostPerHireResult is the cost-per-hire.
type CostPerHireResult struct {
	Hires         int              `json:"hires"`
	ExternalTotal float64          `json:"external_total"`
	InternalTotal float64          `json:"internal_total"`
	TotalCost     float64          `json:"total_cost"`
	CostPerHire   float64          `json:"cost_per_hire"`
	HireCostRatio *float64         `json:"hire_cost_ratio"`
	Classified    []ClassifiedCost `json:"classified"`
}

func (f CostPerHireFacts) validate(fe kit.FieldErrors) {
	switch {
	case f.Hires == nil:
		fe.Add("hires", "is required")
	case *f.Hires < 0:
		fe.Add("hires", "must not be negative")
	case *f.Hires == 0:
		fe.Add("hires", "is 0, so cost-per-hire (costs / hires) is undefined")
	}
	classes := costClasses()
	for i, c := range f.Costs {
		if _, ok := classes[c.Category]; !ok {
			fe.Add(fieldKey("costs", i, "category"), fmt.Sprintf("%q is not a cost-per-hire category", c.Category))
		}
		if c.Amount < 0 {
			fe.Add(fieldKey("costs", i, "amount"), "must not be negative")
		}
	}
	if v := f.TotalFirstYearCompensation; v != nil && *v <= 0 {
		fe.Add("total_first_year_compensation", "must be greater than 0")
	}
}

const citeCPH = "ANSI/SHRM 06001.2012, Cost-Per-Hire"

// CostPerHire computes (external costs + internal costs) / hires.
func CostPerHire(f CostPerHireFacts) (CostPerHireResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return CostPerHireResult{}, nil, err
	}
	classes := costClasses()
	ext, in := new(big.Rat), new(big.Rat)
	r := CostPerHireResult{Hires: *f.Hires, Classified: []ClassifiedCost{}}
	var extCats, inCats []string
	for _, c := range f.Costs {
		cl := classes[c.Category]
		r.Classified = append(r.Classified, ClassifiedCost{Category: c.Category, Class: cl, Amount: money(dec(c.Amount))})
		if cl == CostExternal {
			ext = add(ext, dec(c.Amount))
			extCats = append(extCats, c.Category)
		} else {
			in = add(in, dec(c.Amount))
			inCats = append(inCats, c.Category)
		}
	}
	total := add(ext, in)
	r.ExternalTotal, r.InternalTotal, r.TotalCost = money(ext), money(in), money(total)
	r.CostPerHire = money(quo(total, ratInt(*f.Hires)))
	steps := []Step{
		{Text: fmt.Sprintf("External costs (paid to outside parties, including sign-on bonuses and employee referral awards): %s%s.", num2(r.ExternalTotal), catList(extCats)), Citation: citeCPH},
		{Text: fmt.Sprintf("Internal costs (recruiting and sourcing staff, internal overhead, management time): %s%s.", num2(r.InternalTotal), catList(inCats)), Citation: citeCPH},
		{Text: fmt.Sprintf("Cost-per-hire = (external + internal costs) / hires = %s / %d = %s. The hire count used is %d, as given; whether internal transfers and promotions count as hires is not settled here, so state the count used when comparing.", num2(r.TotalCost), *f.Hires, num2(r.CostPerHire), *f.Hires), Citation: citeCPH},
	}
	if f.TotalFirstYearCompensation != nil {
		r.HireCostRatio = ptr(ratio(quo(total, dec(*f.TotalFirstYearCompensation))))
		steps = append(steps, Step{Text: fmt.Sprintf("Hire-cost ratio = total recruiting costs / total first-year compensation of the new hires = %s.", num(*r.HireCostRatio)), Citation: "ISO/TS 30407:2017"})
	}
	return r, steps, nil
}

func catList(cats []string) string {
	if len(cats) == 0 {
		return " (none)"
	}
	seen := map[string]bool{}
	var u []string
	for _, c := range cats {
		if !seen[c] {
			seen[c] = true
			u = append(u, c)
		}
	}
	sort.Strings(u)
	return " (" + strings.Join(u, ", ") + ")"
}

func evalCostPerHire(f *facts, _ Settings) (any, []Step, error) {
	f.require("hires", "costs")
	c := CostPerHireFacts{Hires: f.integer("hires"), TotalFirstYearCompensation: f.number("total_first_year_compensation")}
	items, _ := f.objects("costs")
	for _, it := range items {
		it.require("category", "amount")
		cost := Cost{Category: it.str("category")}
		if a := it.number("amount"); a != nil {
			cost.Amount = *a
		}
		c.Costs = append(c.Costs, cost)
	}
	if err := finish(f, c.validate); err != nil {
		return nil, nil, err
	}
	return call(CostPerHire(c))
}

// Requisition is one filled requisition.
type Requisition struct {
	Opened        date.Date `json:"opened"`
	OfferAccepted date.Date `json:"offer_accepted"`
}

// TimeToFillFacts are the facts of the "time-to-fill" rule.
type TimeToFillFacts struct {
	Requisitions []Requisition `json:"requisitions"`
}

// TimeToFillResult is the days to fill each requisition and their mean.
type TimeToFillResult struct {
	Days        []int   `json:"days"`
	AverageDays float64 `json:"average_days"`
}

func (f TimeToFillFacts) validate(fe kit.FieldErrors) {
	if len(f.Requisitions) == 0 {
		fe.Add("requisitions", "must list at least one filled requisition (the average of none is undefined)")
	}
	for i, q := range f.Requisitions {
		if q.Opened.IsZero() {
			fe.Add(fieldKey("requisitions", i, "opened"), "is required")
		}
		if q.OfferAccepted.IsZero() {
			fe.Add(fieldKey("requisitions", i, "offer_accepted"), "is required (only filled requisitions count)")
		} else if q.OfferAccepted.Before(q.Opened) {
			fe.Add(fieldKey("requisitions", i, "offer_accepted"), "must be on or after opened")
		}
	}
}

const citeTTF = "SHRM, \"Staffing Metrics: Time to Fill\"; Cadre RULES.md §0 C6"

// TimeToFill counts calendar days from requisition opened to offer
// accepted (weekends and holidays included, the opening day not counted).
func TimeToFill(f TimeToFillFacts) (TimeToFillResult, []Step, error) {
	fe := kit.FieldErrors{}
	f.validate(fe)
	if err := fe.Err(); err != nil {
		return TimeToFillResult{}, nil, err
	}
	r := TimeToFillResult{Days: make([]int, len(f.Requisitions))}
	sum := 0
	for i, q := range f.Requisitions {
		r.Days[i] = q.OfferAccepted.Sub(q.Opened)
		sum += r.Days[i]
	}
	r.AverageDays = money(big.NewRat(int64(sum), int64(len(r.Days))))
	return r, []Step{
		{Text: "Time to fill is the number of calendar days from the day the requisition was opened to the day the candidate accepted the offer, weekends and holidays included and the opening day not counted. It stops at offer acceptance, not at the start date.", Citation: citeTTF},
		{Text: fmt.Sprintf("Average over %d filled requisition(s): %d days / %d = %s days.", len(r.Days), sum, len(r.Days), num(r.AverageDays)), Citation: citeTTF},
	}, nil
}

func evalTimeToFill(f *facts, _ Settings) (any, []Step, error) {
	f.require("requisitions")
	var t TimeToFillFacts
	items, _ := f.objects("requisitions")
	for _, it := range items {
		it.require("opened", "offer_accepted")
		t.Requisitions = append(t.Requisitions, Requisition{Opened: it.date("opened"), OfferAccepted: it.date("offer_accepted")})
	}
	if err := finish(f, t.validate); err != nil {
		return nil, nil, err
	}
	return call(TimeToFill(t))
}
