package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// i9Batch is what the demo needs to write Forms I-9 in bulk.
type i9Batch interface {
	InsertI9Batch(ctx context.Context, rs []i9.Record) error
}

// writeI9 gives every employment its Form I-9, as an HR team that is
// mostly on top of it would have them: Section 1 before or on the first
// day, Section 2 within the three business days (about one in thirty
// late, most of those with a note), E-Verify cases for the last two years
// (Northwind enrolled then), noncitizens authorized to work with
// authorizations expiring (a few within 90 days, one already expired),
// the forms past retention purged each quarter (the last quarter's
// waiting for the purge), one employment with no form at all, and the
// onboarding hires' forms exactly as their onboarding tasks stand.
func (g *gen) writeI9(ctx context.Context, ts leave.TimeOffStore, sealer *kit.Sealer, settings rules.Settings) (int, error) {
	px, ok := ts.(interface{ I9() i9.Store })
	if !ok {
		return 0, nil
	}
	st := px.I9()
	batch, ok := st.(i9Batch)
	if !ok {
		return 0, fmt.Errorf("the store cannot write Forms I-9 in bulk")
	}
	everifyFrom := g.today.AddYears(-2)
	var out []i9.Record
	n, expiring, missing := 0, 0, false
	for _, p := range g.everyone() {
		// The onboarding tasks of recent hires say where their forms stand.
		taskDone := map[string]date.Date{}
		if !p.hire.Before(g.today.AddDays(-84)) {
			tasks, err := st.ListTasks(ctx, work.TaskFilter{EmployeeID: p.id, WholeCompany: true, Limit: 50})
			if err != nil {
				return n, err
			}
			for _, t := range tasks {
				if t.Status == work.TaskDone && (t.Rule == "onboarding.i9_section1" || t.Rule == "onboarding.i9_section2") {
					taskDone[t.Rule] = date.Of(t.CompletedAt)
				}
			}
		}
		for pi, per := range p.periods {
			if per.Start.After(g.today.AddDays(30)) {
				continue
			}
			current := pi == len(p.periods)-1
			if !missing && current && per.End.IsZero() && per.Start.Before(g.today.AddDays(-60)) && per.Start.After(g.today.AddYears(-4)) && p.mgr != nil && p.persona < 0 && !p.protected && p.prior == nil {
				missing = true // an audit finding: this employment has no form
				continue
			}
			r := i9.Record{EmployeeID: p.id, PeriodStart: per.Start, PeriodEnd: per.End}
			res, _, err := rules.I9Deadlines(rules.I9Facts{FirstDayOfEmployment: per.Start, TerminationDate: per.End}, settings)
			if err != nil {
				return n, err
			}
			r.Section1Due, r.Section2Due = res.Section1Due, res.Section2Due
			recent := current && !per.Start.Before(g.today.AddDays(-84))
			switch {
			case recent:
				r.Section1On, r.Section2On = taskDone["onboarding.i9_section1"], taskDone["onboarding.i9_section2"]
				if !r.Section2On.IsZero() && r.Section1On.IsZero() {
					r.Section1On = r.Section2On
				}
				if r.Section2On.After(r.Section2Due) {
					r.Note = "The employee's documents were delayed in the mail; Section 2 was completed the day they arrived."
				}
			default:
				r.Section1On = per.Start.AddDays(-g.rng.IntN(6))
				r.Section2On = per.Start.AddDays(g.rng.IntN(3))
				if r.Section2On.After(r.Section2Due) {
					r.Section2On = r.Section2Due
				}
				switch roll := g.rng.IntN(90); {
				case roll == 0:
					r.Section1On = per.Start.AddDays(1 + g.rng.IntN(3))
					r.Section2On = r.Section1On
				case roll <= 3:
					r.Section2On = r.Section2Due.AddDays(1 + g.rng.IntN(8))
					if roll > 1 {
						r.Note = "Completed late: the hiring manager was travelling and the documents were examined on their return. Reviewed with HR; no backdating."
					}
				}
			}
			r.Section1On, r.Section2On = notAfter(r.Section1On, g.today), notAfter(r.Section2On, g.today)
			if !r.Section2On.IsZero() && r.Section2On.Before(r.Section1On) {
				r.Section2On = r.Section1On
			}
			// A few long-serving employees work on expiring authorizations,
			// so the reverification queue has something in it.
			force := current && per.End.IsZero() && per.Start.Before(g.today.AddYears(-1)) && p.persona < 0 && expiring < 4 && n%9 == 4
			nums := g.i9Documents(&r, current, force, &expiring)
			if !r.Section2On.IsZero() {
				r.ExaminerName, r.ExaminerTitle = "Priya Raman", "HR Generalist"
				if g.rng.IntN(3) == 0 {
					r.ExaminerName, r.ExaminerTitle = "Tyler Reed", "HR Coordinator"
				}
				if !r.PeriodStart.Before(everifyFrom) {
					r.EVerifyCase = fmt.Sprintf("%d%06d", 2024+r.PeriodStart.Year()%3, g.rng.IntN(1000000))
					r.EVerifyResult, r.EVerifyOn = "employment_authorized", r.Section2On
					if g.rng.IntN(80) == 0 {
						r.EVerifyOn = notAfter(res.EVerifyCaseDue.AddDays(2), g.today)
					}
				}
				b, _ := json.Marshal(nums)
				if sealer != nil {
					if r.NumbersSealed, err = sealer.Seal(b); err != nil {
						return n, err
					}
				}
			} else {
				r.Documents, r.Citizenship, r.WorkAuthExpires, r.ReverifyBy = nil, "", date.Date{}, date.Date{}
				if !r.Section1On.IsZero() {
					r.Citizenship = "citizen"
				}
			}
			if r.Section1On.IsZero() {
				r.Citizenship, r.WorkAuthExpires = "", date.Date{}
			}
			// HR purges each quarter: forms whose retention ran out more
			// than 120 days ago are purged, the rest wait in the queue.
			if !per.End.IsZero() {
				keep := rules.I9Facts{FirstDayOfEmployment: per.Start, TerminationDate: per.End}
				if kr, _, err := rules.I9Deadlines(keep, settings); err == nil && kr.RetainUntil.Before(g.today.AddDays(-120)) {
					r.PurgedOn = kr.RetainUntil.AddDays(3 + g.rng.IntN(20))
					r.Documents, r.NumbersSealed, r.Citizenship, r.WorkAuthExpires, r.ExaminerName, r.ExaminerTitle, r.EVerifyCase, r.Note = nil, nil, "", date.Date{}, "", "", "", ""
				}
			}
			r.Late = r.Late1() || r.Late2() || (!r.EVerifyOn.IsZero() && r.EVerifyOn.After(res.EVerifyCaseDue))
			r.Version = 1
			r.CreatedAt = per.Start.AddDays(-7).Time().Add(15 * time.Hour)
			r.UpdatedAt = r.CreatedAt
			if !r.Section2On.IsZero() {
				r.UpdatedAt = r.Section2On.Time().Add(16 * time.Hour)
			}
			out = append(out, r)
			n++
			if len(out) == 500 {
				if err := batch.InsertI9Batch(ctx, out); err != nil {
					return n, err
				}
				out = out[:0]
			}
		}
	}
	if len(out) > 0 {
		if err := batch.InsertI9Batch(ctx, out); err != nil {
			return n, err
		}
	}
	return n, nil
}

func notAfter(d, limit date.Date) date.Date {
	if d.After(limit) {
		return limit
	}
	return d
}

// i9Documents picks the attestation and the documents, and returns the
// full numbers (sealed by the caller).
func (g *gen) i9Documents(r *i9.Record, current, forceAlien bool, expiring *int) []string {
	num := func(prefix string, n int) string { return fmt.Sprintf("%s%0*d", prefix, n, g.rng.IntN(int(pow10(n)))) }
	states := []string{"California", "New York", "Texas", "Illinois", "Washington"}
	dl := func() i9.Document {
		return i9.Document{List: "B", Type: "drivers_license", Issuer: states[g.rng.IntN(len(states))], Expires: r.Section2On.AddYears(1 + g.rng.IntN(6))}
	}
	ssc := i9.Document{List: "C", Type: "social_security_card", Issuer: "Social Security Administration"}
	var nums []string
	roll := g.rng.IntN(100)
	if forceAlien {
		roll = 99
	}
	switch {
	case roll < 82:
		r.Citizenship = "citizen"
		if roll < 45 {
			r.Documents = []i9.Document{{List: "A", Type: "us_passport", Issuer: "U.S. Department of State", Expires: r.Section2On.AddYears(1 + g.rng.IntN(9))}}
			nums = []string{num("5", 8)}
		} else {
			r.Documents = []i9.Document{dl(), ssc}
			nums = []string{num("D", 7), num("", 9)}
		}
	case roll < 93:
		r.Citizenship = "lpr"
		if roll < 88 {
			r.Documents = []i9.Document{{List: "A", Type: "permanent_resident_card", Issuer: "USCIS", Expires: r.Section2On.AddYears(2 + g.rng.IntN(9))}}
			nums = []string{num("IOE", 10)}
		} else {
			r.Documents = []i9.Document{dl(), ssc}
			nums = []string{num("D", 7), num("", 9)}
		}
	default:
		r.Citizenship = "authorized_alien"
		exp := r.Section2On.AddYears(1 + g.rng.IntN(3))
		if current && r.PeriodEnd.IsZero() && r.PeriodStart.Before(g.today.AddYears(-1)) {
			// Current employees' authorizations run into the future; a few
			// expire within 90 days and one already has.
			exp = g.today.AddDays(100 + g.rng.IntN(700))
			switch *expiring {
			case 0:
				exp = g.today.AddDays(-4)
			case 1, 2, 3:
				exp = g.today.AddDays(20 + 20**expiring)
			}
			*expiring++
		}
		r.WorkAuthExpires = exp
		r.Documents = []i9.Document{{List: "A", Type: "employment_authorization_card", Issuer: "USCIS", Expires: exp}}
		nums = []string{num("SRC", 10)}
	}
	for i := range r.Documents {
		n := nums[i]
		r.Documents[i].NumberLast4 = n[len(n)-4:]
	}
	if r.Citizenship == "authorized_alien" {
		r.ReverifyBy = r.WorkAuthExpires
	}
	return nums
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}
