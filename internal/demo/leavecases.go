package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// writeLeaveCases opens FMLA cases for about 2% of the employees (at
// least four), each reason and schedule, and replays each case's life
// through the leave service on the days it happened: the notices sent
// (their PDFs kept), certification requested and received (some
// incomplete, then cured), the designation and its notice, the leave
// taken (continuous blocks, reduced days, intermittent episodes, one
// falling on Mondays and Fridays) and the cases that ended closed. The
// most recent cases are still in progress, with their tasks in the
// compliance queue. Taylor Brooks (the employee persona) has an
// intermittent case to care for a parent.
// maxLeaveCases bounds the demo's FMLA cases.
const maxLeaveCases = 400

func (g *gen) writeLeaveCases(ctx context.Context, ts leave.TimeOffStore, sealer *kit.Sealer, settings func(context.Context) (rules.Settings, error), users [numPersonas]int64) (int, error) {
	cx, ok := ts.(interface{ Cases() leave.CaseStore })
	if !ok || sealer == nil {
		return 0, nil
	}
	cs := cx.Cases()
	set, err := settings(ctx)
	if err != nil {
		return 0, err
	}
	company := func(context.Context) string { return "Northwind Outfitters" }
	hr := access.Actor{UserID: users[pGeneralist], Name: "Priya Raman", Email: personas[pGeneralist].Account.Email, Grants: []access.Grant{{Role: access.RoleGeneralist}}}
	on := func(d date.Date) *leave.Cases {
		c := leave.NewCases(cs, kit.FixedClock{T: d.Time().Add(15 * time.Hour)}, sealer, settings)
		c.SetCompany(company)
		return c
	}
	cal := rules.NewBusinessCalendar(set.BusinessCalendar, set.Closures)
	bday := func(d date.Date, n int) date.Date {
		for n > 0 {
			d = d.AddDays(1)
			if cal.IsBusinessDay(d) {
				n--
			}
		}
		return d
	}
	medical := map[string]string{"own_health": "Surgery and six weeks of recovery", "family_health": "Caring for a parent after a stroke",
		"birth_bonding": "Birth of a child", "placement": "Adoption placement", "military_exigency": "Spouse's deployment: childcare arrangements", "military_caregiver": "Caring for a son injured in service"}
	type plan struct {
		p        *person
		reason   string
		schedule string
		start    date.Date
		pattern  bool // intermittent episodes on Mondays and Fridays
	}
	var plans []plan
	if w := g.persona[pEmployee]; w != nil && w.id != 0 {
		plans = append(plans, plan{p: w, reason: "family_health", schedule: "intermittent", start: g.today.AddDays(-75)})
	}
	// About 2% of employees, at most 400 cases: each case is replayed
	// through the service, which counts the worksite's employees within 75
	// miles when it opens, so more cases make the large demo's seeding
	// grow with the square of its size.
	n := min(max(4, len(g.active)/50), maxLeaveCases)
	taken := map[*person]bool{}
	for i, k := 0, 0; k < n && i < 20*n; i++ {
		p := g.active[g.rng.IntN(len(g.active))]
		if p.persona >= 0 || taken[p] {
			continue
		}
		taken[p] = true
		plans = append(plans, plan{p: p, reason: leave.Reasons[k%len(leave.Reasons)], schedule: leave.Schedules[(k+k/6)%len(leave.Schedules)],
			start: g.today.AddDays(-150 + g.rng.IntN(190)), pattern: k%9 == 1})
		k++
	}
	count := 0
	for _, pl := range plans {
		p, start := pl.p, pl.start
		notice := start.AddDays(-14)
		if notice.After(g.today) {
			notice = g.today.AddDays(-g.rng.IntN(4))
		}
		ends := start.AddDays(20 + g.rng.IntN(60))
		if pl.schedule == "intermittent" {
			ends = start.AddDays(180)
		}
		freq := map[string]string{"intermittent": "Flare-ups about twice a month, a few hours to a day each", "reduced": "Half days, Monday to Friday"}[pl.schedule]
		id, err := on(notice).Open(ctx, hr, leave.CaseInput{EmployeeID: p.id, Reason: pl.reason, Schedule: pl.schedule, Frequency: freq, Starts: start, Ends: ends, NoticeOn: notice, Medical: medical[pl.reason]})
		if err != nil {
			return count, fmt.Errorf("leave case for %s: %w", p.email, err)
		}
		count++
		step := func(d date.Date, fn func(*leave.Cases) error) (bool, error) {
			if d.After(g.today) {
				return false, nil
			}
			return true, fn(on(d))
		}
		// A few recent cases still wait for their notices (some overdue:
		// the dashboard's worklist).
		if notice.After(g.today.AddDays(-20)) && g.rng.IntN(4) == 0 {
			continue
		}
		// The notices go out within the 5 business days (a few late).
		sent := bday(notice, 1+g.rng.IntN(3))
		if g.rng.IntN(12) == 0 {
			sent = bday(notice, 7)
		}
		ok, err := step(sent, func(s *leave.Cases) error {
			for _, k := range []string{leave.NoticeEligibility, leave.NoticeRights} {
				if _, err := s.SendNotice(ctx, hr, id, 0, k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || !ok {
			if err != nil {
				return count, fmt.Errorf("notices for %s: %w", p.email, err)
			}
			continue
		}
		c, err := on(sent).Get(ctx, hr, id)
		if err != nil {
			return count, err
		}
		sufficient := sent
		if pl.reason == "own_health" || pl.reason == "family_health" || pl.reason == "military_caregiver" {
			if _, err := step(sent, func(s *leave.Cases) error { return s.RequestCertification(ctx, hr, id, 0, sent) }); err != nil {
				return count, err
			}
			got := sent.AddDays(6 + g.rng.IntN(8))
			if g.rng.IntN(5) == 0 {
				ok, err := step(got, func(s *leave.Cases) error {
					if err := s.RecordCertification(ctx, hr, id, leave.CertificationInput{ReceivedOn: got, Deficiency: "The certification does not state how often the flare-ups are expected or how long each lasts (Part B, items 5-7)."}); err != nil {
						return err
					}
					_, err := s.SendNotice(ctx, hr, id, 0, leave.NoticeDeficiency)
					return err
				})
				if err != nil || !ok {
					if err != nil {
						return count, fmt.Errorf("incomplete certification for %s: %w", p.email, err)
					}
					continue
				}
				got = got.AddDays(3 + g.rng.IntN(4))
			}
			ok, err := step(got, func(s *leave.Cases) error {
				pdf, err := certificationPDF(p.name(), got)
				if err != nil {
					return err
				}
				return s.RecordCertification(ctx, hr, id, leave.CertificationInput{ReceivedOn: got, Complete: true, Filename: "certification.pdf", Data: pdf})
			})
			if err != nil || !ok {
				if err != nil {
					return count, fmt.Errorf("certification for %s: %w", p.email, err)
				}
				continue
			}
			sufficient = got
		}
		designated := bday(sufficient, 1+g.rng.IntN(3))
		approve := c.Eligible || anyEligible(c.Programs)
		ok, err = step(designated, func(s *leave.Cases) error {
			note := ""
			if !approve {
				note = "You are not yet eligible for FMLA leave: " + fmt.Sprint(c.Determination.Eligibility.FailedTests) + ". We will treat the time as company leave under our policy."
			}
			if err := s.Designate(ctx, hr, id, leave.DesignationInput{Approve: approve, Note: note}); err != nil {
				return err
			}
			_, err := s.SendNotice(ctx, hr, id, 0, leave.NoticeDesignation)
			return err
		})
		if err != nil || !ok || !approve {
			if err != nil {
				return count, fmt.Errorf("designation for %s: %w", p.email, err)
			}
			continue
		}
		// The leave taken, recorded up to yesterday.
		last := date.Min(ends, g.today.AddDays(-1))
		weekly := float64(max(p.hours, 1))
		var days []rules.LeaveHours
		for d, k := start, 0; !d.After(last); d = d.AddDays(1) {
			if d.IsWeekend() {
				continue
			}
			switch pl.schedule {
			case "continuous":
				days = append(days, rules.LeaveHours{Date: d, Hours: weekly / 5})
			case "reduced":
				days = append(days, rules.LeaveHours{Date: d, Hours: weekly / 10})
			default:
				k++
				episode := k%7 == 0
				if pl.pattern {
					episode = (d.Weekday() == time.Monday || d.Weekday() == time.Friday) && k%3 != 0
				}
				if episode {
					days = append(days, rules.LeaveHours{Date: d, Hours: float64(2 + g.rng.IntN(3)*2)})
				}
			}
		}
		if len(days) == 0 {
			continue
		}
		at := date.Max(last, designated)
		if _, err := step(at, func(s *leave.Cases) error {
			_, err := s.RecordUsage(ctx, hr, id, leave.UsageInput{Days: days})
			return err
		}); err != nil {
			return count, fmt.Errorf("usage for %s: %w", p.email, err)
		}
		if closed := ends.AddDays(3); ends.Before(g.today.AddDays(-7)) {
			if _, err := step(closed, func(s *leave.Cases) error { return s.Close(ctx, hr, id, 0, "The employee returned to work.") }); err != nil {
				return count, err
			}
		}
	}
	return count, nil
}

func anyEligible(ps []leave.CaseProgram) bool {
	for _, p := range ps {
		if p.Eligible {
			return true
		}
	}
	return false
}

// certificationPDF is the scanned certification a health care provider
// returned (a one-page PDF).
func certificationPDF(name string, on date.Date) ([]byte, error) {
	return leave.NoticePDF("Health care provider", "Certification of Health Care Provider (WH-380)",
		"Certification for "+name, "Completed and signed on "+on.Format("January 2, 2006")+". The medical facts are on file with HR only.")
}
