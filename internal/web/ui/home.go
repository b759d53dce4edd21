package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/kit/date"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/work"
)

// homeTaskRows is how many tasks of each table the home page shows.
const homeTaskRows = 25

// HomePage is the role's own start page.
type HomePage struct {
	Base
	Kind     string // oversight | mywork | team | me | admin
	Greeting string
	Headline people.Headline
	Turnover float64
	Pending  []work.Approval
	// PendingMore says Pending shows only the newest homePending.
	PendingMore bool
	MyRequests  []work.Approval
	Me          *people.Profile
	Team        []people.Employee
	CanHire     bool
	CanImport   bool
	MaxDept     int
	MyTasks     TaskTable
	Queued      TaskTable
	Overdue     int
	// MineTotal and QueuedTotal count all open tasks; the tables show the
	// first homeTaskRows of each.
	MineTotal, QueuedTotal int
	Workload               []work.Workload
	SLA                    []work.WeekSLA
	SLAChart               ChartSpec
	Waiting                *hiring.Waiting // candidates waiting on the recruiters
	// ERCases are the open ER cases the actor owns or works on.
	ERCases []relations.Case
	ERTotal int
	// Acks are the actor's statements and discipline records to answer.
	Acks []Link
}

// Link is a labelled link.
type Link struct{ Href, Label string }

// ChartSpec is the JSON a canvas[data-chart] draws (see cadre.js).
type ChartSpec struct {
	Type    string        `json:"type"`
	Labels  []string      `json:"labels"`
	Series  []ChartSeries `json:"series"`
	YLabel  string        `json:"yLabel,omitempty"`
	Stacked bool          `json:"stacked,omitempty"`
	// Horizontal lays bars along the x axis (long category names).
	Horizontal bool `json:"horizontal,omitempty"`
}

// ChartSeries is one named line or bar set.
type ChartSeries struct {
	Label string    `json:"label"`
	Data  []float64 `json:"data"`
}

// homePending is how many waiting requests the home page lists; the
// approvals page has the rest.
const homePending = 10

func (u *UI) home(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ctx := r.Context()
	p := HomePage{Base: u.base(r, "Home", "Home"), Greeting: greeting(u.now().Hour()) + ", " + firstName(a.Name)}
	switch {
	case a.Has(access.RoleManager) || a.Has(access.RoleDirector):
		p.Kind, p.Title = "oversight", "Oversight"
	case a.Has(access.RoleGeneralist):
		p.Kind, p.Title = "mywork", "My work"
	case a.HasReports:
		p.Kind, p.Title = "team", "My team"
	case a.EmployeeID != 0:
		p.Kind, p.Title = "me", "Me"
	default:
		p.Kind, p.Title = "admin", "Administration"
	}
	if a.IsHR() {
		h, err := u.People.Overview(ctx, a)
		if err != nil {
			return err
		}
		p.Headline, p.Turnover = h, h.TurnoverPct()
		for _, d := range h.ByDepartment {
			p.MaxDept = max(p.MaxDept, d.Count)
		}
		p.CanHire = access.Can(a, access.EmployeeHire, access.CompanyTarget)
		p.CanImport = access.Can(a, access.EmployeeImport, access.CompanyTarget)
	}
	var err error
	if p.Pending, p.PendingMore, p.MyRequests, err = u.Work.Waiting(ctx, a, homePending, p.Kind == "mywork"); err != nil {
		return err
	}
	if access.Can(a, access.TaskWork, access.CompanyTarget) {
		mw, err := u.Tasks.MyWork(ctx, a, homeTaskRows)
		if err != nil {
			return err
		}
		today := date.Of(u.now())
		p.MyTasks = TaskTable{Rows: taskRows(mw.Mine, today, a.UserID), Bulk: true, FormID: "bulk-mine", CSRF: p.CSRF}
		p.Queued = TaskTable{Rows: taskRows(mw.Queued, today, a.UserID), Queue: true, Claim: true, CSRF: p.CSRF}
		p.MineTotal, p.Overdue, p.QueuedTotal = mw.MineTotal, mw.MineOverdue, mw.QueuedTotal
	}
	if paths, whole := access.ScopePaths(a, access.CandidateManage); p.Kind == "mywork" && (whole || len(paths) > 0) {
		wt, err := u.Hiring.WaitingOnUs(ctx, a, 8)
		if err != nil {
			return err
		}
		p.Waiting = &wt
	}
	if access.Can(a, access.TaskAssign, access.CompanyTarget) {
		wl, err := u.Tasks.Workload(ctx, a)
		if err != nil {
			return err
		}
		p.Workload = wl
		weeks, err := u.Tasks.SLATrend(ctx, a, 12)
		if err != nil {
			return err
		}
		p.SLA, p.Charts = weeks, u.Asset("vendor/chart.umd.min.js")
		p.SLAChart = ChartSpec{Type: "bar", Stacked: true, YLabel: "Tasks done"}
		late, onTime := ChartSeries{Label: "Late"}, ChartSeries{Label: "On time"}
		for _, w := range weeks {
			p.SLAChart.Labels = append(p.SLAChart.Labels, w.WeekStart.Format("Jan 2"))
			onTime.Data = append(onTime.Data, float64(w.OnTime))
			late.Data = append(late.Data, float64(w.Done-w.OnTime))
		}
		p.SLAChart.Series = []ChartSeries{onTime, late}
	}
	if u.Relations != nil {
		if err := u.homeRelations(r, &p); err != nil {
			return err
		}
	}
	if a.EmployeeID != 0 {
		me, err := u.People.GetProfile(ctx, a, a.EmployeeID)
		if err != nil {
			return err
		}
		p.Me, p.Team = &me, me.Reports
	}
	u.render(w, r, http.StatusOK, "home/home", p)
	return nil
}

func greeting(h int) string {
	switch {
	case h < 12:
		return "Good morning"
	case h < 18:
		return "Good afternoon"
	}
	return "Good evening"
}

func firstName(n string) string {
	for i, r := range n {
		if r == ' ' {
			return n[:i]
		}
	}
	return n
}

// homeRelations adds the actor's open ER cases and what they must
// acknowledge.
func (u *UI) homeRelations(r *http.Request, p *HomePage) error {
	a, ctx := actor(r), r.Context()
	if access.Can(a, access.CaseWork, access.CompanyTarget) {
		cs, err := u.Relations.List(ctx, a, relations.CaseFilter{Status: "open", Mine: true})
		if err != nil {
			return err
		}
		p.ERTotal = len(cs)
		p.ERCases = cs[:min(len(cs), 6)]
	}
	if a.EmployeeID == 0 {
		return nil
	}
	ss, err := u.Relations.MyStatements(ctx, a)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if s.AckStatus == "pending" {
			p.Acks = append(p.Acks, Link{Href: "/me/statements/" + itoa(s.ID), Label: "Your interview notes of " + s.HeldOn.Format("Jan 2")})
		}
	}
	ds, err := u.Relations.MyDiscipline(ctx, a)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.AckStatus == "pending" {
			p.Acks = append(p.Acks, Link{Href: "/me/discipline/" + itoa(d.ID), Label: relations.LevelLabels[d.Level] + " of " + d.IssuedOn.Format("Jan 2")})
		}
	}
	// A new hire completes Section 1 of their Form I-9 themself.
	if f, err := u.I9.Get(ctx, a, a.EmployeeID, date.Date{}); err == nil && f.Section1On.IsZero() && f.Employed() && !f.Purged() {
		p.Acks = append(p.Acks, Link{Href: "/people/" + itoa(a.EmployeeID) + "/i9", Label: "Section 1 of your Form I-9, due " + f.Section1Due.Format("Jan 2")})
	} else if err != nil && kit.KindOf(err) != kit.KindForbidden && kit.KindOf(err) != kit.KindNotFound {
		return err
	}
	// An open enrollment window the employee has not confirmed.
	if u.Benefits != nil {
		ws, ens, err := u.Benefits.OpenWindows(ctx, a, a.EmployeeID)
		if err != nil && kit.KindOf(err) != kit.KindForbidden && kit.KindOf(err) != kit.KindNotFound {
			return err
		}
		for _, w := range ws {
			if w.Status == "open" && ens[w.ID].Status != "done" {
				p.Acks = append(p.Acks, Link{Href: "/benefits/enroll/" + itoa(w.ID), Label: w.Name + ": choose your benefits by " + w.Closes.Format("Jan 2")})
			}
		}
	}
	// Credentials of the employee's own that expire within 90 days.
	if u.Careers != nil {
		cs, err := u.Careers.Credentials(ctx, a, a.EmployeeID)
		if err != nil && kit.KindOf(err) != kit.KindForbidden && kit.KindOf(err) != kit.KindNotFound {
			return err
		}
		for _, c := range cs {
			switch c.Status {
			case "expiring":
				p.Acks = append(p.Acks, Link{Href: "/growth/credentials/" + itoa(c.ID), Label: "Renew your " + c.Certification + ": it expires on " + c.ExpiresOn.Format("Jan 2")})
			case "expired":
				p.Acks = append(p.Acks, Link{Href: "/growth/credentials/" + itoa(c.ID), Label: "Your " + c.Certification + " expired on " + c.ExpiresOn.Format("Jan 2, 2006")})
			}
		}
	}
	return nil
}
