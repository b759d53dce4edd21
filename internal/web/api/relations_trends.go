package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// TrendsOut is the ER trends.
type TrendsOut struct {
	From                 date.Date          `json:"from"`
	To                   date.Date          `json:"to"`
	Cases                int                `json:"cases"`
	Per100               float64            `json:"cases_per_100_employees_per_year"`
	Months               []TrendMonthOut    `json:"months"`
	ByOrgUnit            []TrendRateOut     `json:"by_org_unit" doc:"By department (the units under the top of the organisation)"`
	ByLocation           []TrendRateOut     `json:"by_location"`
	ByCategory           []TrendRateOut     `json:"by_category"`
	MedianDaysToResolve  int                `json:"median_days_to_resolve"`
	P90DaysToResolve     int                `json:"p90_days_to_resolve"`
	ClosedCases          int                `json:"closed_cases"`
	OpenOver60Days       int                `json:"open_over_60_days"`
	Substantiated        int                `json:"allegations_substantiated"`
	Decided              int                `json:"allegations_decided"`
	SubstantiationPct    float64            `json:"substantiation_pct"`
	RepeatSubjects       []RepeatSubjectOut `json:"repeat_subjects"`
	SpikeMethod          string             `json:"spike_method"`
	SpikeAlphaPerUnit    float64            `json:"spike_alpha_per_unit"`
	Spikes               []SpikeOut         `json:"spikes"`
	MedianDaysByCategory map[string]int     `json:"median_days_by_category"`
}

// TrendMonthOut is one month.
type TrendMonthOut struct {
	Month     date.Date `json:"month"`
	Cases     int       `json:"cases"`
	Headcount int       `json:"headcount"`
	Per100    float64   `json:"per_100_per_year"`
}

// TrendRateOut is a group's cases and rate.
type TrendRateOut struct {
	Key       string  `json:"key"`
	ID        int64   `json:"id,omitempty"`
	Cases     int     `json:"cases"`
	AvgHeads  float64 `json:"average_headcount,omitempty"`
	Per100    float64 `json:"per_100_per_year,omitempty"`
	SharePct  float64 `json:"share_pct,omitempty"`
	OpenCases int     `json:"open_cases,omitempty"`
}

// RepeatSubjectOut is a repeat subject.
type RepeatSubjectOut struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Cases      int    `json:"cases"`
}

// SpikeOut is the detector's numbers for one department.
type SpikeOut struct {
	OrgUnitID       int64   `json:"org_unit_id"`
	OrgUnit         string  `json:"org_unit"`
	Observed        int     `json:"observed" doc:"Cases in the last 3 complete months"`
	Exposure        float64 `json:"employee_months"`
	BaselineCases   int     `json:"baseline_cases" doc:"In the 12 months before"`
	OwnRate         float64 `json:"own_rate_per_100_per_year"`
	CompanyRate     float64 `json:"company_rate_per_100_per_year"`
	ExpectedOwn     float64 `json:"expected_own"`
	ExpectedCompany float64 `json:"expected_company"`
	POwn            float64 `json:"p_own"`
	PCompany        float64 `json:"p_company"`
	Flagged         bool    `json:"flagged"`
}

// ERSettingsIO is the ER configuration.
type ERSettingsIO struct {
	Escalate       []string           `json:"escalate_categories" doc:"Categories owned by an HR manager (critical cases always are)"`
	Ladder         []string           `json:"discipline_ladder" doc:"Levels in use, mildest first"`
	LookbackMonths int                `json:"lookback_months"`
	Policies       []relations.Policy `json:"policies"`
}

func rateOut(rs []relations.RateRow) []TrendRateOut {
	out := []TrendRateOut{}
	for _, r := range rs {
		out = append(out, TrendRateOut{Key: r.Key, ID: r.ID, Cases: r.Cases, AvgHeads: r.AvgHeads, Per100: r.Per100, SharePct: r.SharePct, OpenCases: r.OpenCases})
	}
	return out
}

func (a *API) registerRelationsTrends(h huma.API) {
	huma.Register(h, op("er-trends", http.MethodGet, "/relations/trends", "ER trends over 24 months in your scope: per 100 employees by month, department, location and category; time to resolve; substantiation; repeat subjects; and the spike detector with its numbers", erTag, access.RelationsTrends), func(ctx context.Context, _ *struct{}) (*body[TrendsOut], error) {
		t, err := a.Relations.Trends(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := TrendsOut{From: t.From, To: t.To, Cases: t.Total, Per100: t.Per100, ByOrgUnit: rateOut(t.ByUnit), ByLocation: rateOut(t.ByLocation), ByCategory: rateOut(t.ByCategory),
			MedianDaysToResolve: t.Resolve.MedianDays, P90DaysToResolve: t.Resolve.P90Days, ClosedCases: t.Resolve.Closed, OpenOver60Days: t.Resolve.OpenOver60d,
			Substantiated: t.Substantiated, Decided: t.Decided, SubstantiationPct: t.SubstantiationPct(), SpikeMethod: t.Method, SpikeAlphaPerUnit: t.Alpha,
			MedianDaysByCategory: t.Resolve.ByCategory, Months: []TrendMonthOut{}, RepeatSubjects: []RepeatSubjectOut{}, Spikes: []SpikeOut{}}
		for _, m := range t.Months {
			out.Months = append(out.Months, TrendMonthOut{Month: m.Month, Cases: m.Cases, Headcount: m.Headcount, Per100: m.Per100})
		}
		for _, r := range t.Repeat {
			out.RepeatSubjects = append(out.RepeatSubjects, RepeatSubjectOut{EmployeeID: r.EmployeeID, Name: r.Name, Cases: r.Cases})
		}
		for _, s := range t.Spikes {
			out.Spikes = append(out.Spikes, SpikeOut{OrgUnitID: s.UnitID, OrgUnit: s.Unit, Observed: s.Observed, Exposure: s.Exposure, BaselineCases: s.BaselineCases,
				OwnRate: s.OwnRate, CompanyRate: s.CompanyRate, ExpectedOwn: s.ExpectedOwn, ExpectedCompany: s.ExpectedCompany, POwn: s.POwn, PCompany: s.PCompany, Flagged: s.Flagged})
		}
		return &body[TrendsOut]{out}, nil
	})
	huma.Register(h, op("get-er-settings", http.MethodGet, "/relations/settings", "ER routing, the discipline ladder and the ER policies", erTag, access.CaseWork), func(ctx context.Context, _ *struct{}) (*body[ERSettingsIO], error) {
		s, err := a.Relations.Settings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ERSettingsIO]{ERSettingsIO{Escalate: s.Escalate, Ladder: s.Ladder.Steps, LookbackMonths: s.Ladder.LookbackMonths, Policies: s.Policies}}, nil
	})
	huma.Register(h, op("put-er-settings", http.MethodPut, "/relations/settings", "Set ER routing, the discipline ladder and the ER policies", erTag, access.RelationsSettings), func(ctx context.Context, in *body[ERSettingsIO]) (*body[ERSettingsIO], error) {
		b := in.Body
		if err := a.Relations.SetSettings(ctx, actor(ctx), relations.Settings{Escalate: b.Escalate, Ladder: relations.Ladder{Steps: b.Ladder, LookbackMonths: b.LookbackMonths}, Policies: b.Policies}); err != nil {
			return nil, a.fail(ctx, err)
		}
		s, err := a.Relations.Settings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[ERSettingsIO]{ERSettingsIO{Escalate: s.Escalate, Ladder: s.Ladder.Steps, LookbackMonths: s.Ladder.LookbackMonths, Policies: s.Policies}}, nil
	})
}

// TrainingOut is a manager training session.
type TrainingOut struct {
	ID        int64         `json:"id"`
	Topic     string        `json:"topic" enum:"harassment_prevention,legal_risk,difficult_conversations,progressive_discipline,investigations,professional_development,compliance,technical,other"`
	Title     string        `json:"title"`
	HeldOn    date.Date     `json:"held_on"`
	Trainer   string        `json:"trainer"`
	Hours     int           `json:"hours"`
	Credits   float64       `json:"credits" doc:"Recertification credits the session earns"`
	CertID    int64         `json:"certification_id,omitempty" doc:"The certification the credits count toward"`
	Notes     string        `json:"notes,omitempty"`
	Attendees []AttendeeOut `json:"attendees"`
}

// AttendeeOut is an invited employee.
type AttendeeOut struct {
	EmployeeID int64  `json:"employee_id"`
	Name       string `json:"name"`
	Attended   bool   `json:"attended"`
}

// TrainingIn records a session.
type TrainingIn struct {
	Topic    string    `json:"topic" required:"true"`
	Title    string    `json:"title" required:"true"`
	HeldOn   date.Date `json:"held_on" required:"true"`
	Trainer  string    `json:"trainer" required:"true"`
	Hours    int       `json:"hours,omitempty"`
	Credits  float64   `json:"credits,omitempty" doc:"Recertification credits the session earns (with certification_id)"`
	CertID   int64     `json:"certification_id,omitempty" doc:"The certification the credits count toward: attendees holding it see them on their credential"`
	Notes    string    `json:"notes,omitempty"`
	Attended []int64   `json:"attended" required:"true" doc:"Employee ids who attended"`
	Absent   []int64   `json:"absent,omitempty" doc:"Invited but absent"`
}

// CoverageOut is a line manager's harassment prevention status.
type CoverageOut struct {
	EmployeeID int64      `json:"employee_id"`
	Name       string     `json:"name"`
	OrgUnit    string     `json:"org_unit"`
	Reports    int        `json:"reports"`
	LastOn     *date.Date `json:"last_trained_on"`
	DueOn      date.Date  `json:"due_on"`
}

func (a *API) registerTrainings(h huma.API) {
	huma.Register(h, op("list-manager-trainings", http.MethodGet, "/relations/trainings", "Sessions given to line managers, newest first, with attendance", erTag, access.TrainingManage), func(ctx context.Context, _ *struct{}) (*body[Page[TrainingOut]], error) {
		ts, err := a.Relations.Trainings(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[TrainingOut]{Items: []TrainingOut{}}
		for _, t := range ts {
			o := TrainingOut{ID: t.ID, Topic: t.Topic, Title: t.Title, HeldOn: t.HeldOn, Trainer: t.Trainer, Hours: t.Hours, Credits: t.Credits, CertID: t.CertificationID, Notes: t.Notes, Attendees: []AttendeeOut{}}
			for _, x := range t.Attendees {
				o.Attendees = append(o.Attendees, AttendeeOut{EmployeeID: x.EmployeeID, Name: x.Name, Attended: x.Attended})
			}
			out.Items = append(out.Items, o)
		}
		return &body[Page[TrainingOut]]{out}, nil
	})
	rec := op("record-manager-training", http.MethodPost, "/relations/trainings", "Record a session given to line managers with who attended", erTag, access.TrainingManage)
	rec.DefaultStatus = http.StatusCreated
	huma.Register(h, rec, func(ctx context.Context, in *body[TrainingIn]) (*body[IDOut], error) {
		b := in.Body
		id, err := a.Relations.RecordTraining(ctx, actor(ctx), relations.TrainingInput{Topic: b.Topic, Title: b.Title, HeldOn: b.HeldOn, Trainer: b.Trainer, Hours: b.Hours,
			Credits: b.Credits, CertificationID: b.CertID, Notes: b.Notes, Attended: b.Attended, Absent: b.Absent})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
	huma.Register(h, op("manager-training-coverage", http.MethodGet, "/relations/trainings/coverage", "Line managers in scope with their last harassment prevention training and when the next is due (every two years), the ones due first", erTag, access.TrainingManage), func(ctx context.Context, _ *struct{}) (*body[[]CoverageOut], error) {
		ms, err := a.Relations.Coverage(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := []CoverageOut{}
		for _, m := range ms {
			out = append(out, CoverageOut{EmployeeID: m.EmployeeID, Name: m.Name, OrgUnit: m.OrgUnit, Reports: m.Reports, LastOn: dptr(m.LastOn), DueOn: m.DueOn})
		}
		return &body[[]CoverageOut]{out}, nil
	})
}
