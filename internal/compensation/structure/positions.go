package structure

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// Positions of pay against the range (the rules engine's names).
const (
	BelowRange = "below_range"
	InRange    = "in_range"
	AboveRange = "above_range"
	NoGrade    = "no_grade"
)

// PayRow is an active employee's pay and range, from the store.
type PayRow struct {
	EmployeeID  int64
	Number      string
	Name        string
	OrgUnitID   int64
	OrgPath     string
	JobTitle    string
	GradeID     int64
	GradeName   string
	GradeCur    string
	Min, Mid    int64
	Max         int64
	AmountCents int64
	Per         string
	Currency    string
	WeeklyHours int
	ZoneName    string
	ZoneBP      int
	DeptID      int64
	DeptName    string
}

// PositionStore reads pay against the ranges.
type PositionStore interface {
	// PayRows lists active employees in scope with their grade and zone.
	PayRows(ctx context.Context, paths []string, whole bool) ([]PayRow, error)
}

// Position is one employee's pay against their range.
type Position struct {
	EmployeeID       int64    `json:"employee_id"`
	Number           string   `json:"employee_number"`
	Name             string   `json:"name"`
	OrgUnitID        int64    `json:"org_unit_id"`
	Department       string   `json:"department"`
	JobTitle         string   `json:"job_title"`
	GradeID          int64    `json:"pay_grade_id,omitempty"`
	Grade            string   `json:"grade,omitempty"`
	Zone             string   `json:"zone,omitempty"`
	Currency         string   `json:"currency"`
	FTEAnnualCents   int64    `json:"fte_annual_cents"`
	MinCents         int64    `json:"min_cents,omitempty"`
	MidCents         int64    `json:"midpoint_cents,omitempty"`
	MaxCents         int64    `json:"max_cents,omitempty"`
	CompaRatio       *float64 `json:"compa_ratio"`
	RangePenetration *float64 `json:"range_penetration"`
	Position         string   `json:"position" enum:"below_range,in_range,above_range,no_grade"`
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// Group is a distribution of positions: one grade or department.
type Group struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
	Below int    `json:"below_range"`
	In    int    `json:"in_range"`
	Above int    `json:"above_range"`
	// AvgCompa is the mean of the individual compa-ratios.
	AvgCompa float64 `json:"average_compa_ratio"`
	// Quartiles count range penetration in [0, .25), [.25, .5), [.5, .75),
	// [.75, 1] (in range only).
	Quartiles [4]int `json:"penetration_quartiles"`
	sum       float64
}

func (g *Group) add(p Position) {
	g.Count++
	switch p.Position {
	case BelowRange:
		g.Below++
	case AboveRange:
		g.Above++
	default:
		g.In++
		if p.RangePenetration != nil {
			q := min(int(*p.RangePenetration*4), 3)
			g.Quartiles[max(q, 0)]++
		}
	}
	g.sum += *p.CompaRatio
	g.AvgCompa = round4(g.sum / float64(g.Count))
}

// PositionFilter narrows the list.
type PositionFilter struct {
	OrgUnitID int64
	GradeID   int64
	Position  string
	Limit     int
}

// Positions is the position-in-range view.
type Positions struct {
	Items    []Position `json:"items"`
	Total    int        `json:"total"`
	ByGrade  []Group    `json:"by_grade"`
	ByDept   []Group    `json:"by_department"`
	Overall  Group      `json:"overall"`
	NoGrade  int        `json:"no_grade"`
	Mismatch int        `json:"currency_mismatch" doc:"Paid in another currency than the grade: not placed"`
}

// PositionsFor places every active employee in the actor's pay scope
// against their zoned range, with the distributions per grade and per
// department. The filter narrows the list and the distributions alike.
// Requires people.pay.view over some scope (never line managers).
// Errors: KindForbidden.
func (s *Service) PositionsFor(ctx context.Context, a access.Actor, f PositionFilter) (Positions, error) {
	paths, whole := access.ScopePaths(a, access.PayView)
	if !whole && len(paths) == 0 {
		return Positions{}, kit.Forbidden("only HR with the pay permission sees positions in range")
	}
	rows, err := s.store.PayRows(ctx, paths, whole)
	if err != nil {
		return Positions{}, err
	}
	var out Positions
	grades, depts := map[string]*Group{}, map[string]*Group{}
	var under string
	if f.OrgUnitID != 0 {
		for _, r := range rows {
			if r.OrgUnitID == f.OrgUnitID {
				under = r.OrgPath
				break
			}
		}
	}
	for _, r := range rows {
		if f.OrgUnitID != 0 && (under == "" || !strings.HasPrefix(r.OrgPath, under)) {
			continue
		}
		if f.GradeID != 0 && r.GradeID != f.GradeID {
			continue
		}
		p := Position{EmployeeID: r.EmployeeID, Number: r.Number, Name: r.Name, OrgUnitID: r.OrgUnitID, Department: r.DeptName, JobTitle: r.JobTitle,
			GradeID: r.GradeID, Grade: r.GradeName, Zone: r.ZoneName, Currency: r.Currency, FTEAnnualCents: people.FTEAnnualCents(people.Pay{AmountCents: r.AmountCents, Per: r.Per}, r.WeeklyHours)}
		switch {
		case r.GradeID == 0 || r.Mid <= 0:
			p.Position = NoGrade
			out.NoGrade++
		case r.GradeCur != r.Currency:
			p.Position = NoGrade
			out.Mismatch++
		default:
			g := people.PayGrade{MinCents: r.Min, MidpointCents: r.Mid, MaxCents: r.Max}.Zoned(r.ZoneBP)
			p.MinCents, p.MidCents, p.MaxCents = g.MinCents, g.MidpointCents, g.MaxCents
			cr, rp, pos := people.CompaRatio(p.FTEAnnualCents, g)
			p.CompaRatio, p.RangePenetration, p.Position = &cr, rp, pos
		}
		if f.Position != "" && p.Position != f.Position {
			continue
		}
		out.Total++
		if p.CompaRatio != nil {
			out.Overall.add(p)
			g := grades[r.GradeName]
			if g == nil {
				g = &Group{Key: r.GradeName, Label: r.GradeName}
				grades[r.GradeName] = g
			}
			g.add(p)
			d := depts[r.DeptName]
			if d == nil {
				d = &Group{Key: r.DeptName, Label: r.DeptName}
				depts[r.DeptName] = d
			}
			d.add(p)
		}
		if f.Limit == 0 || len(out.Items) < f.Limit {
			out.Items = append(out.Items, p)
		}
	}
	for _, g := range grades {
		out.ByGrade = append(out.ByGrade, *g)
	}
	for _, d := range depts {
		out.ByDept = append(out.ByDept, *d)
	}
	slices.SortFunc(out.ByGrade, func(x, y Group) int { return compareGrade(x.Key, y.Key) })
	slices.SortFunc(out.ByDept, func(x, y Group) int { return strings.Compare(x.Key, y.Key) })
	// Out of range first: the people who need a decision.
	rank := map[string]int{BelowRange: 0, AboveRange: 1, InRange: 2, NoGrade: 3}
	slices.SortStableFunc(out.Items, func(x, y Position) int { return rank[x.Position] - rank[y.Position] })
	out.Overall.Key, out.Overall.Label = "all", "Everyone placed"
	return out, nil
}

// compareGrade orders grade names naturally: G2 before G10.
func compareGrade(a, b string) int {
	pa, na := splitNum(a)
	pb, nb := splitNum(b)
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	return na - nb
}

func splitNum(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n := 0
	for _, r := range s[i:] {
		n = n*10 + int(r-'0')
	}
	return s[:i], n
}
