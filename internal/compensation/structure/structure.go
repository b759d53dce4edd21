// Package structure is how the HR manager designs pay: the compensation
// philosophy (target market percentile, pay mix, default range spread,
// midpoint progression and merit budget), versioned; pay zones (the
// geographic differential of each worksite); and salary structures:
// grades with a minimum, midpoint and maximum per currency, versioned by
// effective date, drafted from the structure in force (with an
// adjustment) or generated from the philosophy, and activated to move
// every job onto the new ranges in one transaction. It also reads every
// employee's position in range (compa-ratio, range penetration, below or
// above range) with the distributions per grade and department.
package structure

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Philosophy is one version of the compensation philosophy. Percentages
// are in basis points (10000 = 100%).
type Philosophy struct {
	ID               int64     `json:"id"`
	Version          int       `json:"version"`
	TargetPercentile int       `json:"target_percentile" doc:"The market percentile pay is set against (25, 50, 60, 75 or 90)"`
	BaseMixBP        int       `json:"base_mix_bp" doc:"Base pay's share of target total cash, in basis points (the rest is variable)"`
	RangeSpreadBP    int       `json:"range_spread_bp" doc:"Default range spread, (max - min) / min, in basis points"`
	ProgressionBP    int       `json:"midpoint_progression_bp" doc:"Default midpoint progression from grade to grade, in basis points"`
	MeritBudgetBP    int       `json:"merit_budget_bp" doc:"Default merit budget as a share of payroll, in basis points"`
	Text             string    `json:"text" doc:"The philosophy in words (Markdown)"`
	CreatedBy        int64     `json:"-"`
	CreatedByName    string    `json:"created_by"`
	CreatedAt        time.Time `json:"created_at"`
}

// DefaultPhilosophy is used until the HR manager writes one: the market
// median, 90% base, 50% spread, 12% progression, 3.5% merit.
var DefaultPhilosophy = Philosophy{TargetPercentile: 50, BaseMixBP: 9000, RangeSpreadBP: 5000, ProgressionBP: 1200, MeritBudgetBP: 350}

// Percentiles are the market percentiles a philosophy may target.
var Percentiles = []int{25, 50, 60, 75, 90}

// Zone is a pay zone: the geographic differential applied to every range
// at its worksites.
type Zone struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	DifferentialBP int      `json:"differential_bp" doc:"10000 is the national range; 11000 is 10% above"`
	Note           string   `json:"note"`
	Locations      []string `json:"locations"`
}

// Structure statuses.
const (
	StatusDraft   = "draft"
	StatusActive  = "active"
	StatusRetired = "retired"
)

// Grade is one grade of a structure, at the national (100%) zone, in
// annual minor units.
type Grade struct {
	Name     string `json:"name"`
	MinCents int64  `json:"min_cents"`
	MidCents int64  `json:"midpoint_cents"`
	MaxCents int64  `json:"max_cents"`
	Position int    `json:"-"`
}

// SpreadBP is (max - min) / min in basis points.
func (g Grade) SpreadBP() int {
	if g.MinCents <= 0 {
		return 0
	}
	return int(math.Round(float64(g.MaxCents-g.MinCents) * 10000 / float64(g.MinCents)))
}

// Structure is a salary structure version.
type Structure struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Currency      string    `json:"currency"`
	EffectiveFrom date.Date `json:"effective_from"`
	Status        string    `json:"status" enum:"draft,active,retired"`
	Note          string    `json:"note"`
	Grades        []Grade   `json:"grades"`
	// Jobs maps jobs to a grade of the structure (by name) when they are
	// not to keep a grade of the same name.
	Jobs          map[int64]string `json:"-"`
	CreatedBy     int64            `json:"-"`
	CreatedAt     time.Time        `json:"created_at"`
	ActivatedAt   time.Time        `json:"activated_at,omitzero"`
	ActivatedName string           `json:"activated_by,omitempty"`
}

// Grade returns the grade of a name.
func (s Structure) Grade(name string) (Grade, bool) {
	for _, g := range s.Grades {
		if g.Name == name {
			return g, true
		}
	}
	return Grade{}, false
}

// JobGrade is a job with its grade today and under a structure.
type JobGrade struct {
	JobID        int64  `json:"job_id"`
	Title        string `json:"title"`
	Family       string `json:"family"`
	Level        string `json:"level"`
	CurrentGrade string `json:"current_grade"`
	Currency     string `json:"-"`
	NewGrade     string `json:"new_grade" doc:"The grade the job moves to when the structure is activated (empty: no grade of the structure)"`
	Mapped       bool   `json:"mapped" doc:"Set explicitly rather than by the grade's name"`
	Employees    int    `json:"employees"`
}

// CurrentGrade is a pay grade in force (people's pay_grades row).
type CurrentGrade struct {
	ID       int64
	Name     string
	Currency string
	Min, Mid int64
	Max      int64
}

// Store is what structures need.
type Store interface {
	InTx(ctx context.Context, fn func(Store) error) error
	AppendAudit(ctx context.Context, e audit.Entry) error
	Philosophies(ctx context.Context) ([]Philosophy, error)
	InsertPhilosophy(ctx context.Context, p Philosophy) (int64, error)
	Zones(ctx context.Context) ([]Zone, error)
	SaveZone(ctx context.Context, z Zone) (int64, error)
	SetLocationZone(ctx context.Context, locationID, zoneID int64) error
	LocationExists(ctx context.Context, id int64) (bool, error)
	Structures(ctx context.Context) ([]Structure, error)
	GetStructure(ctx context.Context, id int64) (Structure, error)
	InsertStructure(ctx context.Context, s Structure) (int64, error)
	SetStructureStatus(ctx context.Context, id int64, status string, by int64, at time.Time) error
	SaveStructureGrade(ctx context.Context, structureID int64, g Grade) error
	DeleteStructureGrade(ctx context.Context, structureID int64, name string) error
	MapStructureJob(ctx context.Context, structureID, jobID int64, grade string) error
	// JobGrades lists every job with its current grade and headcount.
	JobGrades(ctx context.Context) ([]JobGrade, error)
	CurrentGrades(ctx context.Context) ([]CurrentGrade, error)
	// ApplyGrade creates or updates the pay grade of a name; SetJobGrade
	// moves a job onto it.
	ApplyGrade(ctx context.Context, name, currency string, min, mid, max int64, at time.Time) (int64, error)
	SetJobGrade(ctx context.Context, jobID, gradeID int64) error
	PositionStore
}

// Service designs pay.
type Service struct {
	store    Store
	clock    kit.Clock
	onChange []func()
}

// OnChange registers f to run after a structure is put in force (the
// people core's cached jobs and grades are stale then).
func (s *Service) OnChange(f func()) { s.onChange = append(s.onChange, f) }

// NewService builds the service.
func NewService(st Store, clock kit.Clock) *Service { return &Service{store: st, clock: clock} }

func (s *Service) record(ctx context.Context, st Store, a access.Actor, action, objType string, id int64, summary string, before, after any) error {
	return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: action, ObjectType: objType, ObjectID: id,
		Summary: summary, Before: audit.Snapshot(before), After: audit.Snapshot(after), RequestID: a.RequestID})
}

func viewer(a access.Actor) error {
	if !access.CanAnywhere(a, access.PayView) {
		return kit.Forbidden("only HR with the pay permission sees pay structures")
	}
	return nil
}

// Philosophy returns the philosophy in force (the default until one is
// written) and its earlier versions, newest first. Requires
// people.pay.view over some scope.
func (s *Service) Philosophy(ctx context.Context, a access.Actor) (Philosophy, []Philosophy, error) {
	if err := viewer(a); err != nil {
		return Philosophy{}, nil, err
	}
	all, err := s.store.Philosophies(ctx)
	if err != nil || len(all) == 0 {
		return DefaultPhilosophy, nil, err
	}
	return all[0], all, nil
}

// Current returns the philosophy in force without a permission check (the
// tools that use it as defaults check their own).
func (s *Service) Current(ctx context.Context) (Philosophy, error) {
	all, err := s.store.Philosophies(ctx)
	if err != nil || len(all) == 0 {
		return DefaultPhilosophy, err
	}
	return all[0], nil
}

// SavePhilosophy records a new version of the philosophy. Requires
// comp.design. Errors: KindInvalid, KindForbidden.
func (s *Service) SavePhilosophy(ctx context.Context, a access.Actor, p Philosophy) (Philosophy, error) {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return p, err
	}
	f := kit.FieldErrors{}
	if !slices.Contains(Percentiles, p.TargetPercentile) {
		f.Add("target_percentile", "Choose the 25th, 50th, 60th, 75th or 90th percentile")
	}
	if p.BaseMixBP < 5000 || p.BaseMixBP > 10000 {
		f.Add("base_mix_bp", "Base pay is 50% to 100% of target total cash")
	}
	if p.RangeSpreadBP < 1000 || p.RangeSpreadBP > 20000 {
		f.Add("range_spread_bp", "Range spread is 10% to 200%")
	}
	if p.ProgressionBP < 300 || p.ProgressionBP > 5000 {
		f.Add("midpoint_progression_bp", "Midpoint progression is 3% to 50%")
	}
	if p.MeritBudgetBP < 0 || p.MeritBudgetBP > 2000 {
		f.Add("merit_budget_bp", "The merit budget is 0% to 20% of payroll")
	}
	p.Text = strings.TrimSpace(p.Text)
	if p.Text == "" || len(p.Text) > 20000 {
		f.Add("text", "Write the philosophy (up to 20,000 characters)")
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	err := s.store.InTx(ctx, func(st Store) error {
		all, err := st.Philosophies(ctx)
		if err != nil {
			return err
		}
		var before any
		p.Version = 1
		if len(all) > 0 {
			p.Version, before = all[0].Version+1, all[0]
		}
		p.CreatedBy, p.CreatedByName, p.CreatedAt = a.UserID, a.Name, s.clock.Now()
		if p.ID, err = st.InsertPhilosophy(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "comp.philosophy", "comp_philosophy", p.ID, fmt.Sprintf("Compensation philosophy version %d: P%d, %d%% base", p.Version, p.TargetPercentile, p.BaseMixBP/100), before, p)
	})
	return p, err
}

// Zones lists the pay zones with their worksites. Requires
// people.pay.view over some scope.
func (s *Service) Zones(ctx context.Context, a access.Actor) ([]Zone, error) {
	if err := viewer(a); err != nil {
		return nil, err
	}
	return s.store.Zones(ctx)
}

// SaveZone creates (ID 0) or updates a pay zone. Requires comp.design.
// Errors: KindInvalid (a name taken too), KindForbidden, KindNotFound.
func (s *Service) SaveZone(ctx context.Context, a access.Actor, z Zone) (int64, error) {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	z.Name, z.Note = strings.TrimSpace(z.Name), strings.TrimSpace(z.Note)
	if z.Name == "" || len(z.Name) > 80 {
		f.Add("name", "Enter a name of up to 80 characters")
	}
	if z.DifferentialBP < 5000 || z.DifferentialBP > 20000 {
		f.Add("differential_bp", "The differential is 50% to 200% of the national range")
	}
	if len(z.Note) > 500 {
		f.Add("note", "Keep the note to 500 characters")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if id, err = st.SaveZone(ctx, z); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return kit.Invalid("name", "Another zone has this name")
			}
			return err
		}
		return s.record(ctx, st, a, "comp.zone", "pay_zone", id, fmt.Sprintf("Pay zone %s at %.1f%%", z.Name, float64(z.DifferentialBP)/100), nil, z)
	})
	return id, err
}

// AssignZone puts a worksite in a pay zone (0: none, the national range).
// Requires comp.design. Errors: KindForbidden, KindNotFound.
func (s *Service) AssignZone(ctx context.Context, a access.Actor, locationID, zoneID int64) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		ok, err := st.LocationExists(ctx, locationID)
		if err != nil {
			return err
		}
		if !ok {
			return kit.NotFound("location")
		}
		if zoneID != 0 {
			zs, err := st.Zones(ctx)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(zs, func(z Zone) bool { return z.ID == zoneID }) {
				return kit.Invalid("zone_id", "No such pay zone")
			}
		}
		if err := st.SetLocationZone(ctx, locationID, zoneID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "comp.zone_location", "location", locationID, "Moved a worksite to another pay zone", nil, map[string]any{"zone_id": zoneID})
	})
}

// Structures lists the salary structures, newest first. Requires
// people.pay.view over some scope.
func (s *Service) Structures(ctx context.Context, a access.Actor) ([]Structure, error) {
	if err := viewer(a); err != nil {
		return nil, err
	}
	return s.store.Structures(ctx)
}

// Detail returns a structure and where each job lands under it.
func (s *Service) Detail(ctx context.Context, a access.Actor, id int64) (Structure, []JobGrade, error) {
	if err := viewer(a); err != nil {
		return Structure{}, nil, err
	}
	st, err := s.store.GetStructure(ctx, id)
	if err != nil {
		return st, nil, err
	}
	jobs, err := s.jobsUnder(ctx, s.store, st)
	return st, jobs, err
}

// jobsUnder places each job of the structure's currency (and every job
// without a grade) under the structure: the mapped grade, else the grade
// of the same name, else none.
func (s *Service) jobsUnder(ctx context.Context, st Store, str Structure) ([]JobGrade, error) {
	jobs, err := st.JobGrades(ctx)
	if err != nil {
		return nil, err
	}
	var out []JobGrade
	for _, j := range jobs {
		if j.Currency != "" && j.Currency != str.Currency {
			continue
		}
		if g, ok := str.Jobs[j.JobID]; ok {
			j.NewGrade, j.Mapped = g, true
		} else if _, ok := str.Grade(j.CurrentGrade); ok {
			j.NewGrade = j.CurrentGrade
		}
		out = append(out, j)
	}
	return out, nil
}

// NewStructureInput drafts a structure: a copy of the grades in force
// (adjusted by AdjustBP, e.g. 300 for a 3% structure increase) or grades
// generated from a first midpoint with the philosophy's progression and
// spread.
type NewStructureInput struct {
	Name          string
	Currency      string
	EffectiveFrom date.Date
	Note          string
	From          string // current | generate
	AdjustBP      int
	Grades        int   // generate: how many
	FirstMidCents int64 // generate: the lowest grade's midpoint
	Prefix        string
	Invalid       kit.FieldErrors
}

// CreateStructure drafts a structure. Requires comp.design. Errors:
// KindInvalid, KindForbidden.
func (s *Service) CreateStructure(ctx context.Context, a access.Actor, in NewStructureInput) (int64, error) {
	if in.From == "market" {
		in.From = ""
	}
	return s.create(ctx, a, in, nil)
}

// CreateWithGrades drafts a structure with grades worked out elsewhere
// (market pricing's proposal). Requires comp.design. Errors: as
// CreateStructure.
func (s *Service) CreateWithGrades(ctx context.Context, a access.Actor, in NewStructureInput, grades []Grade) (int64, error) {
	in.From = "market"
	return s.create(ctx, a, in, grades)
}

func (s *Service) create(ctx context.Context, a access.Actor, in NewStructureInput, given []Grade) (int64, error) {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	for k, v := range in.Invalid {
		f.Add(k, v)
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		f.Add("name", "Enter a name of up to 100 characters")
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !kit.Currencies[in.Currency] {
		f.Add("currency", "Use a supported ISO currency code, like USD")
	}
	if in.EffectiveFrom.IsZero() && !f.Has("effective_from") {
		f.Add("effective_from", "Enter the date the structure takes effect")
	}
	if len(in.Note) > 2000 {
		f.Add("note", "Keep the note to 2,000 characters")
	}
	var str Structure
	err := s.store.InTx(ctx, func(st Store) error {
		phil, err := s.Current(ctx)
		if err != nil {
			return err
		}
		switch in.From {
		case "current":
			if in.AdjustBP < -2000 || in.AdjustBP > 5000 {
				f.Add("adjust_bp", "Adjust the ranges by -20% to +50%")
			}
			grades, err := st.CurrentGrades(ctx)
			if err != nil {
				return err
			}
			for _, g := range grades {
				if g.Currency != in.Currency {
					continue
				}
				adj := func(c int64) int64 { return roundTo(float64(c)*(1+float64(in.AdjustBP)/10000), 10000) }
				str.Grades = append(str.Grades, Grade{Name: g.Name, MinCents: adj(g.Min), MidCents: adj(g.Mid), MaxCents: adj(g.Max)})
			}
			if len(str.Grades) == 0 && !f.Has("currency") {
				f.Add("from", "No grade in force is in "+in.Currency+"; generate the grades instead")
			}
		case "generate":
			if in.Grades < 1 || in.Grades > 40 {
				f.Add("grades", "Generate 1 to 40 grades")
			}
			if in.FirstMidCents <= 0 {
				f.Add("first_mid_cents", "Enter the lowest grade's midpoint")
			}
			in.Prefix = strings.TrimSpace(in.Prefix)
			if in.Prefix == "" {
				in.Prefix = "G"
			}
			if len(f) == 0 {
				str.Grades = Generate(in.Prefix, in.Grades, in.FirstMidCents, phil.ProgressionBP, phil.RangeSpreadBP)
			}
		case "market":
			for i := range given {
				if err := ValidateGrade(&given[i]); err != nil {
					return fmt.Errorf("proposed grade %s: %w", given[i].Name, err)
				}
			}
			if len(given) == 0 {
				f.Add("currency", "No grade in force is in "+in.Currency+" to price")
			}
			str.Grades = given
		default:
			f.Add("from", "Start from the grades in force or generate them")
		}
		if err := f.Err(); err != nil {
			return err
		}
		str.Name, str.Currency, str.EffectiveFrom, str.Note, str.Status = in.Name, in.Currency, in.EffectiveFrom, strings.TrimSpace(in.Note), StatusDraft
		str.CreatedBy, str.CreatedAt = a.UserID, s.clock.Now()
		if str.ID, err = st.InsertStructure(ctx, str); err != nil {
			if kit.KindOf(err) == kit.KindConflict {
				return kit.Invalid("name", "Another structure has this name")
			}
			return err
		}
		for i, g := range str.Grades {
			g.Position = i + 1
			if err := st.SaveStructureGrade(ctx, str.ID, g); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "comp.structure_create", "pay_structure", str.ID, fmt.Sprintf("Drafted the salary structure %s (%d grades, %s, effective %s)", str.Name, len(str.Grades), str.Currency, str.EffectiveFrom), nil, str)
	})
	return str.ID, err
}

// Generate builds n grades: the first midpoint, each next one the
// progression above, ranges of the spread around each midpoint (min =
// mid × 2 / (2 + spread), max = min × (1 + spread)), rounded to whole
// hundreds.
func Generate(prefix string, n int, firstMid int64, progressionBP, spreadBP int) []Grade {
	var out []Grade
	mid := float64(firstMid)
	spread := float64(spreadBP) / 10000
	for i := range n {
		lo := mid * 2 / (2 + spread)
		out = append(out, Grade{Name: fmt.Sprintf("%s%d", prefix, i+1), MinCents: roundTo(lo, 10000), MidCents: roundTo(mid, 10000), MaxCents: roundTo(lo*(1+spread), 10000)})
		mid *= 1 + float64(progressionBP)/10000
	}
	return out
}

func roundTo(v float64, unit int64) int64 {
	return int64(math.Round(v/float64(unit))) * unit
}

func (s *Service) draft(ctx context.Context, st Store, id int64) (Structure, error) {
	str, err := st.GetStructure(ctx, id)
	if err != nil {
		return str, err
	}
	if str.Status != StatusDraft {
		return str, kit.Conflict("the structure %s is %s; draft a new version to change it", str.Name, str.Status)
	}
	return str, nil
}

// ValidateGrade checks a grade's range.
func ValidateGrade(g *Grade) error {
	f := kit.FieldErrors{}
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" || len(g.Name) > 40 {
		f.Add("name", "Enter a grade name of up to 40 characters")
	}
	switch {
	case g.MinCents <= 0:
		f.Add("min_cents", "Enter a minimum above zero")
	case g.MidCents <= g.MinCents:
		f.Add("midpoint_cents", "The midpoint must be above the minimum")
	case g.MaxCents <= g.MidCents:
		f.Add("max_cents", "The maximum must be above the midpoint")
	case g.SpreadBP() > 20000:
		f.Add("max_cents", "The range spread is above 200%; check the amounts")
	}
	return f.Err()
}

// SaveGrade adds or replaces a grade of a draft structure. Requires
// comp.design. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict (not a draft).
func (s *Service) SaveGrade(ctx context.Context, a access.Actor, id int64, g Grade) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	if err := ValidateGrade(&g); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		str, err := s.draft(ctx, st, id)
		if err != nil {
			return err
		}
		before, had := str.Grade(g.Name)
		g.Position = len(str.Grades) + 1
		if had {
			g.Position = before.Position
		}
		if err := st.SaveStructureGrade(ctx, id, g); err != nil {
			return err
		}
		var b any
		if had {
			b = before
		}
		return s.record(ctx, st, a, "comp.structure_grade", "pay_structure", id, "Set grade "+g.Name+" of "+str.Name, b, g)
	})
}

// DeleteGrade removes a grade from a draft structure. Requires
// comp.design. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) DeleteGrade(ctx context.Context, a access.Actor, id int64, name string) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		str, err := s.draft(ctx, st, id)
		if err != nil {
			return err
		}
		g, ok := str.Grade(name)
		if !ok {
			return kit.NotFound("grade")
		}
		if err := st.DeleteStructureGrade(ctx, id, name); err != nil {
			return err
		}
		return s.record(ctx, st, a, "comp.structure_grade_delete", "pay_structure", id, "Removed grade "+name+" from "+str.Name, g, nil)
	})
}

// MapJob sets the grade a job moves to under a draft structure ("" puts
// it back on the grade of the same name). Requires comp.design.
func (s *Service) MapJob(ctx context.Context, a access.Actor, id, jobID int64, grade string) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		str, err := s.draft(ctx, st, id)
		if err != nil {
			return err
		}
		if _, ok := str.Grade(grade); grade != "" && !ok {
			return kit.Invalid("grade", "The structure has no grade "+grade)
		}
		jobs, err := st.JobGrades(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(jobs, func(j JobGrade) bool { return j.JobID == jobID }) {
			return kit.NotFound("job")
		}
		if err := st.MapStructureJob(ctx, id, jobID, grade); err != nil {
			return err
		}
		return s.record(ctx, st, a, "comp.structure_job", "pay_structure", id, "Mapped a job to grade "+grade+" of "+str.Name, nil, map[string]any{"job_id": jobID, "grade": grade})
	})
}

// Activate puts a draft structure in force on or after its effective
// date: each of its grades becomes the pay grade of that name (created,
// or its range replaced), every job of the currency moves to its grade
// under the structure, and the structure it replaces is retired. A job
// left without a grade of the new structure blocks it. Requires
// comp.design. Errors: KindForbidden, KindNotFound, KindConflict.
func (s *Service) Activate(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.CompDesign, access.CompanyTarget); err != nil {
		return err
	}
	err := s.activate(ctx, a, id)
	if err == nil {
		for _, f := range s.onChange {
			f()
		}
	}
	return err
}

func (s *Service) activate(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		str, err := s.draft(ctx, st, id)
		if err != nil {
			return err
		}
		today := date.Of(s.clock.Now())
		if str.EffectiveFrom.After(today) {
			return kit.Conflict("the structure takes effect on %s; activate it on or after that day", str.EffectiveFrom)
		}
		if len(str.Grades) == 0 {
			return kit.Conflict("the structure has no grades")
		}
		jobs, err := s.jobsUnder(ctx, st, str)
		if err != nil {
			return err
		}
		var missing []string
		for _, j := range jobs {
			if j.NewGrade == "" && j.CurrentGrade != "" {
				missing = append(missing, j.Title)
			}
		}
		if len(missing) > 0 {
			if len(missing) > 8 {
				missing = append(missing[:8], fmt.Sprintf("and %d more", len(missing)-8))
			}
			return kit.Conflict("map these jobs to a grade of the structure first: %s", strings.Join(missing, ", "))
		}
		current, err := st.CurrentGrades(ctx)
		if err != nil {
			return err
		}
		before := map[string]any{}
		for _, g := range current {
			if g.Currency != str.Currency {
				if _, clash := str.Grade(g.Name); clash {
					return kit.Conflict("the grade %s is already in force in %s; name the %s grades differently", g.Name, g.Currency, str.Currency)
				}
				continue
			}
			before[g.Name] = []int64{g.Min, g.Mid, g.Max}
		}
		ids := map[string]int64{}
		for _, g := range str.Grades {
			if ids[g.Name], err = st.ApplyGrade(ctx, g.Name, str.Currency, g.MinCents, g.MidCents, g.MaxCents, s.clock.Now()); err != nil {
				return err
			}
		}
		moved := 0
		for _, j := range jobs {
			if j.NewGrade == "" || (j.NewGrade == j.CurrentGrade && !j.Mapped) {
				continue
			}
			if err := st.SetJobGrade(ctx, j.JobID, ids[j.NewGrade]); err != nil {
				return err
			}
			moved++
		}
		all, err := st.Structures(ctx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != id && o.Status == StatusActive && o.Currency == str.Currency {
				if err := st.SetStructureStatus(ctx, o.ID, StatusRetired, a.UserID, s.clock.Now()); err != nil {
					return err
				}
			}
		}
		if err := st.SetStructureStatus(ctx, id, StatusActive, a.UserID, s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "comp.structure_activate", "pay_structure", id,
			fmt.Sprintf("Activated the salary structure %s: %d grades in force, %d jobs moved to another grade", str.Name, len(str.Grades), moved), before, str.Grades)
	})
}
