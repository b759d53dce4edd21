package demo

import (
	"fmt"
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestScratch(t *testing.T) {
	for _, n := range []int{30, 250, 5000} {
		opts, _ := Options{Employees: n, Today: date.MustParse("2026-06-15")}.withDefaults()
		g := generate(opts)
		locs := map[string]int{}
		depts := map[string]int{}
		etypes := map[string]int{}
		rows, pays, hours, contacts := 0, 0, 0, 0
		for _, p := range g.active {
			a, _ := g.current(p)
			k := a.loc.key
			if a.loc.kind == "remote" { k = "remote" }
			locs[k]++
			depts[p.unit.dept.key]++
			etypes[a.etype]++
		}
		for _, p := range g.everyone() {
			rows += len(p.asg); pays += len(p.pays); hours += len(p.hoursLog); contacts += len(p.contacts)
		}
		fmt.Println(n, "active", len(g.active), "gone", len(g.gone), "units", len(g.units))
		fmt.Println(" locs", locs)
		fmt.Println(" depts", depts)
		fmt.Println(" etypes", etypes)
		fmt.Println(" rows", rows, "pays", pays, "hours", hours, "contacts", contacts, "pending", len(g.pending), "upcoming", len(g.upcoming), "future", g.futureMoves)
	}
}
