package demo

import (
	"math"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// rowAt is the assignment in force on d (the last row on or before it, as
// the store's AssignmentAsOf orders them); nil before the first.
func (p *person) rowAt(d date.Date) *asgRow {
	var out *asgRow
	for i := range p.asg {
		if !p.asg[i].from.After(d) {
			out = &p.asg[i]
		}
	}
	return out
}

// payAt is the pay record in force on d.
func (p *person) payOn(d date.Date) *people.PayRecord {
	var out *people.PayRecord
	for i := range p.pays {
		if !p.pays[i].EffectiveFrom.After(d) {
			out = &p.pays[i]
		}
	}
	return out
}

// status is the employee's status and last day as of today, as the people
// service derives them from the newest period.
func (p *person) status(today date.Date) (string, date.Date) {
	newest := p.periods[0]
	for _, per := range p.periods[1:] {
		if per.Start.After(newest.Start) {
			newest = per
		}
	}
	if !newest.End.IsZero() && newest.End.Before(today) {
		return people.StatusTerminated, newest.End
	}
	return people.StatusActive, newest.End
}

// hoursOfService imports monthly hours for the last 13 complete months for
// everyone paid by the hour. Full-timers work 40 hours and some overtime;
// Reno part-timers (at most 24 scheduled hours) work under 1,250 hours in
// any 12 months.
func (g *gen) hoursOfService(p *person) {
	first := g.today.FirstOfMonth().AddMonths(-13)
	yesterday := g.today.AddDays(-1)
	for i := range 13 {
		ms := first.AddMonths(i)
		me := ms.AddMonths(1).AddDays(-1)
		for _, per := range p.periods {
			from, to := date.Max(ms, per.Start), date.Min(me, yesterday)
			if !per.End.IsZero() && per.End.Before(to) {
				to = per.End
			}
			if to.Before(from) {
				continue
			}
			row := p.rowAt(from)
			if row == nil || !row.job.hourly() {
				continue
			}
			f := 0.85 + 0.15*g.rng.Float64()
			switch {
			case row.etype == "full_time":
				f = 0.97 + 0.11*g.rng.Float64()
			case row.etype == "part_time" && row.loc.key == "reno":
				f = 0.78 + 0.12*g.rng.Float64()
			}
			h := float64(row.hours) * float64(from.DaysUntil(to)+1) / 7 * f
			p.hoursLog = append(p.hoursLog, people.HoursEntry{From: from, To: to, HoursCenti: int64(math.Round(h * 100))})
		}
	}
}

// emergencyContacts gives most employees one or two contacts.
func (g *gen) emergencyContacts(p *person) {
	if !g.chance(0.88) {
		return
	}
	n := 1
	if g.chance(0.3) {
		n = 2
	}
	for i := range n {
		rel := g.pick(relationships)
		given := femaleNames[g.rng.IntN(len(femaleNames))]
		if g.chance(0.5) {
			given = maleNames[g.rng.IntN(len(maleNames))]
		}
		family := p.family
		if rel == "Friend" || rel == "Partner" || g.chance(0.3) {
			family = familyNames[g.rng.IntN(len(familyNames))]
		}
		p.contacts = append(p.contacts, people.EmergencyContact{Name: given + " " + family, Relationship: rel, Phone: g.phone(p.loc), Primary: i == 0})
	}
}

// searchTokens indexes an employee exactly as the people service does.
func searchTokens(e people.Employee, jobTitle string) []string {
	return people.SearchTokens(e, jobTitle)
}

// label turns a snake_case code into words, as the people service does.
func label(code string) string {
	b := []byte(code)
	for i := range b {
		if b[i] == '_' {
			b[i] = ' '
		}
	}
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// terminationSummary is the approval summary the people service writes.
func terminationSummary(t people.Termination) string {
	kind := "involuntary"
	if t.Voluntary {
		kind = "voluntary"
	}
	return label(kind) + " termination (" + label(t.Reason) + "), last day " + t.LastDay.String()
}
