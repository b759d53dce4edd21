package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// highCost are the worksites of the demo's high-cost pay zone; their
// ranges (and the pay drawn from them) are 15% above the national range.
var highCost = map[string]bool{"r-ca": true, "r-ny": true, "r-nj": true, "r-ma": true, "r-wa": true}

const highCostBP = 11500

func zoneFactor(l *locDef) float64 {
	if l != nil && highCost[l.key] {
		return float64(highCostBP) / 10000
	}
	return 1
}

// writeStructures writes the HR manager's pay design: the compensation
// philosophy (a first version last year, this year's revision), the two
// pay zones, the salary structure in force since January (the demo's
// grades) and next year's draft with a 3% structure increase for review.
func (g *gen) writeStructures(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) error {
	px, ok := ts.(interface{ Structures() structure.Store })
	if !ok {
		return nil
	}
	st := px.Structures()
	mgr := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	jan := date.New(g.today.Year(), time.January, 1)
	at := func(d date.Date) *structure.Service {
		return structure.NewService(st, kit.FixedClock{T: d.Time().Add(15 * time.Hour)})
	}
	base := structure.Philosophy{TargetPercentile: 50, BaseMixBP: 9000, RangeSpreadBP: 5000, ProgressionBP: 1200, MeritBudgetBP: 300,
		Text: "Northwind pays at the market median (P50) for the job and location, with base pay about 90% of target cash and a bonus for the rest. " +
			"Ranges are 50% wide; a new hire starts between the minimum and the midpoint, and a fully proficient employee reaches the midpoint in three to four years. " +
			"We publish ranges on every posting and review them each year against market data."}
	if _, err := at(jan.AddYears(-1).AddDays(14)).SavePhilosophy(ctx, mgr, base); err != nil {
		return fmt.Errorf("philosophy: %w", err)
	}
	base.MeritBudgetBP = 350
	base.Text += "\n\nRevised this year: the merit budget is 3.5% of payroll, and remote roles in high-cost metros are paid on the Tier 1 metro ranges (115%)."
	if _, err := at(jan.AddDays(-40)).SavePhilosophy(ctx, mgr, base); err != nil {
		return fmt.Errorf("philosophy: %w", err)
	}
	svc := at(jan.AddDays(-40))
	national, err := svc.SaveZone(ctx, mgr, structure.Zone{Name: "National", DifferentialBP: 10000, Note: "Texas, the Mountain West and remote staff outside Tier 1 metros"})
	if err != nil {
		return err
	}
	metro, err := svc.SaveZone(ctx, mgr, structure.Zone{Name: "Tier 1 metro", DifferentialBP: highCostBP, Note: "Remote staff in California, New York, New Jersey, Massachusetts and Washington"})
	if err != nil {
		return err
	}
	for _, l := range g.locList {
		z := national
		if highCost[l.key] {
			z = metro
		}
		if err := svc.AssignZone(ctx, mgr, l.id, z); err != nil {
			return err
		}
	}
	// This year's structure: the grades in force, drafted in December and
	// activated on January 1.
	dec := jan.AddDays(-17)
	cur, err := at(dec).CreateStructure(ctx, mgr, structure.NewStructureInput{Name: fmt.Sprintf("%d US salary structure", jan.Year()), Currency: "USD", EffectiveFrom: jan,
		Note: "Ranges reviewed against last year's market data; no change to the grades.", From: "current"})
	if err != nil {
		return fmt.Errorf("structure: %w", err)
	}
	if err := at(jan).Activate(ctx, mgr, cur); err != nil {
		return fmt.Errorf("structure: %w", err)
	}
	// Next year's draft: +3%.
	if _, err := at(g.today.AddDays(-6)).CreateStructure(ctx, mgr, structure.NewStructureInput{Name: fmt.Sprintf("%d US salary structure", jan.Year()+1), Currency: "USD",
		EffectiveFrom: jan.AddYears(1), Note: "Draft: a 3% structure increase to keep pace with the market; for the HR director's review in December.", From: "current", AdjustBP: 300}); err != nil {
		return fmt.Errorf("draft structure: %w", err)
	}
	return nil
}
