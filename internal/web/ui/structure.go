package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// bpText shows basis points as a percentage: 11500 → "115", 350 → "3.5".
func bpText(bp int) string {
	return strings.TrimSuffix(strings.TrimSuffix(strconv.FormatFloat(float64(bp)/100, 'f', 2, 64), "0"), ".0")
}

// bpOf parses a percentage field into basis points.
func bpOf(f Form, k string) int {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get(k)), "%"))
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f.Errors.Add(k, "Enter a percentage like 3.5")
		return 0
	}
	return int(x*100 + 0.5)
}

// StructuresPage is the pay design overview.
type StructuresPage struct {
	Base
	Tabs       []Tab
	Philosophy structure.Philosophy
	Zones      []structure.Zone
	Locations  []people.Location
	Structures []structure.Structure
	Form       Form
	ZoneForm   Form
	Action     string
	CanDesign  bool
	ZoneOpts   []Option
}

func (u *UI) renderStructures(w http.ResponseWriter, r *http.Request, status int, action string, f Form) error {
	a, ctx := actor(r), r.Context()
	phil, _, err := u.Structures.Philosophy(ctx, a)
	if err != nil {
		return err
	}
	zones, err := u.Structures.Zones(ctx, a)
	if err != nil {
		return err
	}
	ss, err := u.Structures.Structures(ctx, a)
	if err != nil {
		return err
	}
	ref, err := u.People.LoadReference(ctx, a)
	if err != nil {
		return err
	}
	locs := ref.Locations
	p := StructuresPage{Base: u.base(r, "Salary structures", "Pay"), Tabs: payTabs(a, "/pay/structures"), Philosophy: phil, Zones: zones, Locations: locs, Structures: ss,
		CanDesign: access.Can(a, access.CompDesign, access.CompanyTarget), Action: action,
		Form:     NewForm(url.Values{"currency": {"USD"}, "from": {"current"}, "adjust": {"3"}, "grades": {"10"}, "prefix": {"G"}}),
		ZoneForm: NewForm(url.Values{"differential": {"100"}})}
	p.ZoneOpts = append(p.ZoneOpts, Option{Value: "0", Label: "National range (no zone)"})
	for _, z := range zones {
		p.ZoneOpts = append(p.ZoneOpts, Option{Value: itoa(z.ID), Label: z.Name + " (" + bpText(z.DifferentialBP) + "%)"})
	}
	switch action {
	case "structure":
		p.Form = f
	case "zone":
		p.ZoneForm = f
	}
	u.render(w, r, status, "pay/structures", p)
	return nil
}

func (u *UI) structuresPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderStructures(w, r, http.StatusOK, "", NewForm(nil))
}

func (u *UI) createStructure(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := structure.NewStructureInput{Name: f.Get("name"), Currency: f.Get("currency"), EffectiveFrom: dateOf(f, "effective_from"), Note: f.Get("note"), From: f.Get("from"),
		AdjustBP: bpOf(f, "adjust"), Grades: intOf(f, "grades"), FirstMidCents: centsOf(f, "first_mid"), Prefix: f.Get("prefix"), Invalid: f.Errors}
	id, err := u.Structures.CreateStructure(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/pay/structures/"+itoa(id), "Drafted "+in.Name+". Review the grades and where each job lands, then activate it on or after its effective date.")
	}
	if err := f.Fail(err, map[string]string{"adjust_bp": "adjust", "first_mid_cents": "first_mid"}); err != nil {
		return err
	}
	return u.renderStructures(w, r, http.StatusUnprocessableEntity, "structure", f)
}

func (u *UI) saveZone(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	bp := bpOf(f, "differential") * 100
	if len(f.Errors) == 0 {
		_, err := u.Structures.SaveZone(r.Context(), actor(r), structure.Zone{Name: f.Get("zone_name"), DifferentialBP: bp, Note: f.Get("zone_note")})
		if err == nil {
			return u.redirect(w, r, "/pay/structures", "Added the pay zone "+f.Get("zone_name")+".")
		}
		if err := f.Fail(err, map[string]string{"differential_bp": "differential", "name": "zone_name", "note": "zone_note"}); err != nil {
			return err
		}
	}
	return u.renderStructures(w, r, http.StatusUnprocessableEntity, "zone", f)
}

func (u *UI) assignZone(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	loc, zone := int64Of(f, "location_id"), int64Of(f, "zone_id")
	if err := u.Structures.AssignZone(r.Context(), actor(r), loc, zone); err != nil {
		return err
	}
	return u.redirect(w, r, "/pay/structures#zones-h", "Moved the worksite; its ranges follow the zone.")
}

// StructurePage is one salary structure.
type StructurePage struct {
	Base
	Tabs    []Tab
	S       structure.Structure
	Jobs    []JobRow
	Form    Form
	Problem Form
	CanEdit bool
	Today   date.Date
}

// JobRow is a job under a structure with its grade choices.
type JobRow struct {
	structure.JobGrade
	Opts []Option
}

func (u *UI) renderStructure(w http.ResponseWriter, r *http.Request, status int, f, problem Form) error {
	a := actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("salary structure")
	}
	s, jobs, err := u.Structures.Detail(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := StructurePage{Base: u.base(r, s.Name, "Pay"), Tabs: payTabs(a, "/pay/structures"), S: s, Form: f, Problem: problem, Today: date.Of(u.now()),
		CanEdit: s.Status == structure.StatusDraft && access.Can(a, access.CompDesign, access.CompanyTarget)}
	opts := []Option{{Value: "", Label: "The grade of the same name"}}
	for _, g := range s.Grades {
		opts = append(opts, Option{Value: g.Name, Label: g.Name})
	}
	for _, j := range jobs {
		mapped := ""
		if j.Mapped {
			mapped = j.NewGrade
		}
		p.Jobs = append(p.Jobs, JobRow{j, selected(opts, mapped)})
	}
	u.render(w, r, status, "pay/structure", p)
	return nil
}

func (u *UI) structurePage(w http.ResponseWriter, r *http.Request) error {
	return u.renderStructure(w, r, http.StatusOK, NewForm(nil), NewForm(nil))
}

func (u *UI) structureAction(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("salary structure")
	}
	a, ctx, f := actor(r), r.Context(), NewForm(r.PostForm)
	back := "/pay/structures/" + itoa(id)
	var msg string
	switch r.PathValue("action") {
	case "grade":
		g := structure.Grade{Name: f.Get("name"), MinCents: centsOf(f, "min"), MidCents: centsOf(f, "mid"), MaxCents: centsOf(f, "max")}
		if len(f.Errors) == 0 {
			err, msg = u.Structures.SaveGrade(ctx, a, id, g), "Saved grade "+g.Name+"."
		}
	case "delete-grade":
		err, msg = u.Structures.DeleteGrade(ctx, a, id, f.Get("name")), "Removed grade "+f.Get("name")+"."
	case "map":
		err, msg = u.Structures.MapJob(ctx, a, id, int64Of(f, "job_id"), f.Get("grade")), "Saved where the job lands."
	case "activate":
		err, msg = u.Structures.Activate(ctx, a, id), "The structure is in force: every job is on its new range."
	default:
		return kit.NotFound("action")
	}
	if len(f.Errors) == 0 && err == nil {
		return u.redirect(w, r, back, msg)
	}
	if err != nil {
		if err := f.Fail(err, map[string]string{"min_cents": "min", "midpoint_cents": "mid", "max_cents": "max"}); err != nil {
			return err
		}
	}
	if r.PathValue("action") == "grade" {
		return u.renderStructure(w, r, http.StatusUnprocessableEntity, f, NewForm(nil))
	}
	return u.renderStructure(w, r, http.StatusConflict, NewForm(nil), f)
}

// PhilosophyPage is the compensation philosophy.
type PhilosophyPage struct {
	Base
	Tabs       []Tab
	Current    structure.Philosophy
	Versions   []structure.Philosophy
	Form       Form
	CanDesign  bool
	Percentile []Option
}

func (u *UI) renderPhilosophy(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a := actor(r)
	cur, all, err := u.Structures.Philosophy(r.Context(), a)
	if err != nil {
		return err
	}
	if f == nil {
		nf := NewForm(url.Values{"target_percentile": {itoa(int64(cur.TargetPercentile))}, "base_mix": {bpText(cur.BaseMixBP)}, "range_spread": {bpText(cur.RangeSpreadBP)},
			"progression": {bpText(cur.ProgressionBP)}, "merit_budget": {bpText(cur.MeritBudgetBP)}, "text": {cur.Text}})
		f = &nf
	}
	p := PhilosophyPage{Base: u.base(r, "Compensation philosophy", "Pay"), Tabs: payTabs(a, "/pay/philosophy"), Current: cur, Versions: all, Form: *f,
		CanDesign: access.Can(a, access.CompDesign, access.CompanyTarget)}
	for _, pc := range structure.Percentiles {
		p.Percentile = append(p.Percentile, Option{Value: itoa(int64(pc)), Label: "P" + itoa(int64(pc))})
	}
	u.render(w, r, status, "pay/philosophy", p)
	return nil
}

func (u *UI) philosophyPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderPhilosophy(w, r, http.StatusOK, nil)
}

func (u *UI) savePhilosophy(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	p := structure.Philosophy{TargetPercentile: intOf(f, "target_percentile"), BaseMixBP: bpOf(f, "base_mix"), RangeSpreadBP: bpOf(f, "range_spread"),
		ProgressionBP: bpOf(f, "progression"), MeritBudgetBP: bpOf(f, "merit_budget"), Text: f.Get("text")}
	if len(f.Errors) == 0 {
		saved, err := u.Structures.SavePhilosophy(r.Context(), actor(r), p)
		if err == nil {
			return u.redirect(w, r, "/pay/philosophy", "Saved version "+itoa(int64(saved.Version))+" of the compensation philosophy.")
		}
		if err := f.Fail(err, map[string]string{"base_mix_bp": "base_mix", "range_spread_bp": "range_spread", "midpoint_progression_bp": "progression", "merit_budget_bp": "merit_budget"}); err != nil {
			return err
		}
	}
	return u.renderPhilosophy(w, r, http.StatusUnprocessableEntity, &f)
}

// PositionsPage is everyone's position in range.
type PositionsPage struct {
	Base
	Tabs      []Tab
	P         structure.Positions
	Form      Form
	Grades    []Option
	Positions []Option
	Units     []Option
}

func (u *UI) positionsPage(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	f := NewForm(r.URL.Query())
	filter := structure.PositionFilter{GradeID: int64Of(f, "grade"), OrgUnitID: int64Of(f, "org_unit"), Position: f.Get("position"), Limit: 300}
	pos, err := u.Structures.PositionsFor(ctx, a, filter)
	if err != nil {
		return err
	}
	ref, err := u.People.LoadReference(ctx, a)
	if err != nil {
		return err
	}
	grades, units := ref.PayGrades, ref.OrgUnits
	p := PositionsPage{Base: u.base(r, "Position in range", "Pay"), Tabs: payTabs(a, "/pay/positions"), P: pos, Form: f,
		Positions: []Option{{Value: structure.BelowRange, Label: "Below range (green circle)"}, {Value: structure.InRange, Label: "In range"}, {Value: structure.AboveRange, Label: "Above range (red circle)"}, {Value: structure.NoGrade, Label: "No grade"}}}
	for _, g := range grades {
		p.Grades = append(p.Grades, Option{Value: itoa(g.ID), Label: g.Name})
	}
	for _, o := range units {
		if o.Depth <= 1 {
			p.Units = append(p.Units, Option{Value: itoa(o.ID), Label: o.Name})
		}
	}
	u.render(w, r, http.StatusOK, "pay/positions", p)
	return nil
}
