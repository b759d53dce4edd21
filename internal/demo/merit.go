package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// writeMerit records this year's finished merit cycle: the March 1
// raises the history already holds, as the cycle that decided them (the
// HR manager's 3.5% budget and Cadre's matrix, each manager's worksheet
// with ratings and proposals, every worksheet approved, applied in late
// February).
func (g *gen) writeMerit(ctx context.Context, ts leave.TimeOffStore) (int, error) {
	px, ok := ts.(interface{ Merit() merit.Store })
	if !ok {
		return 0, nil
	}
	st := px.Merit()
	mar := date.New(g.today.Year(), time.March, 1)
	if mar.After(g.today) {
		mar = mar.AddYears(-1)
	}
	c := merit.Cycle{Name: fmt.Sprintf("%d merit cycle", mar.Year()), Status: merit.CycleOpen, Effective: mar, EligibleBy: mar.AddDays(-90), BudgetBP: 350,
		Matrix: merit.DefaultMatrix, CreatedAt: mar.AddDays(-45).Time().Add(15 * time.Hour)}
	id, err := st.SaveMeritCycle(ctx, c)
	if err != nil {
		return 0, err
	}
	c.ID = id
	owners := map[int64]bool{}
	n := 0
	for _, p := range g.active {
		var prev, cur *people.PayRecord
		for i := range p.pays {
			if p.pays[i].EffectiveFrom.Equal(mar) && p.pays[i].Reason == "merit" && i > 0 {
				prev, cur = &p.pays[i-1], &p.pays[i]
			}
		}
		if cur == nil || prev.Pay.Currency != cur.Pay.Currency || prev.Pay.Per != cur.Pay.Per {
			continue
		}
		bp := int(float64(cur.Pay.AmountCents-prev.Pay.AmountCents)*10000/float64(prev.Pay.AmountCents) + 0.5)
		rating := 3
		switch {
		case bp >= 500:
			rating = 5
		case bp >= 380:
			rating = 4
		case bp < 150:
			rating = 2
		}
		owner := int64(0)
		if p.mgr != nil {
			owner = p.mgr.id
		}
		path, dept := unitPath(p.unit)
		fte := people.FTEAnnualCents(prev.Pay, p.hours)
		min, mid, max := float64(p.job.g.min)*zoneFactor(p.loc), float64(p.job.g.min+p.job.g.max)/2*zoneFactor(p.loc), float64(p.job.g.max)*zoneFactor(p.loc)
		cr := float64(int(float64(fte)/mid*10000+0.5)) / 10000
		pos, pen := "in_range", (float64(fte)-min)/(max-min)
		if float64(fte) < min {
			pos = "below_range"
		} else if float64(fte) > max {
			pos = "above_range"
		}
		annual := people.ScheduledAnnualCents(prev.Pay, p.hours)
		l := merit.Line{CycleID: id, EmployeeID: p.id, OwnerID: owner, DeptID: dept, OrgPath: path, Pay: prev.Pay, Currency: prev.Pay.Currency, AnnualCents: annual,
			CompaRatio: &cr, Quartile: merit.Quartile(&pen, pos), Rating: rating, ProposedBP: bp}
		if err := st.InsertMeritLine(ctx, l); err != nil {
			return n, err
		}
		owners[owner] = true
		n++
	}
	for o := range owners {
		if err := st.SaveMeritSheet(ctx, merit.SheetState{CycleID: id, OwnerID: o, Status: merit.SheetApproved, SubmittedAt: mar.AddDays(-20).Time().Add(16 * time.Hour)}); err != nil {
			return n, err
		}
	}
	c.Status, c.OpenedAt, c.AppliedAt = merit.CycleApplied, mar.AddDays(-30).Time().Add(14*time.Hour), mar.AddDays(-4).Time().Add(11*time.Hour)
	_, err = st.SaveMeritCycle(ctx, c)
	return n, err
}

// unitPath is the org path of a unit ("/1/4/9/") and its department (the
// unit under the root).
func unitPath(u *unit) (string, int64) {
	var chain []*unit
	for x := u; x != nil; x = x.parent {
		chain = append([]*unit{x}, chain...)
	}
	path := "/"
	for _, x := range chain {
		path += strconv.FormatInt(x.id, 10) + "/"
	}
	dept := u.id
	if len(chain) > 1 {
		dept = chain[1].id
	}
	return path, dept
}
