package relations

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Settings keys.
const (
	settingEscalate = "relations.escalate_categories"
	settingLadder   = "relations.discipline_ladder"
	settingPolicies = "relations.policies"
)

// Levels of discipline, mildest first: the default progressive ladder.
var Levels = []string{"coaching", "verbal_warning", "written_warning", "final_warning", "pip", "suspension"}

// LevelLabels name the levels.
var LevelLabels = map[string]string{
	"coaching": "Coaching conversation", "verbal_warning": "Verbal warning", "written_warning": "Written warning",
	"final_warning": "Final written warning", "pip": "Performance improvement plan", "suspension": "Suspension",
}

// Ladder is the progressive discipline ladder: the levels in use, in
// order, and how long a record counts towards the next step.
type Ladder struct {
	Steps          []string `json:"steps"`
	LookbackMonths int      `json:"lookback_months"`
}

// DefaultLadder is used until the HR manager sets one.
var DefaultLadder = Ladder{Steps: []string{"coaching", "verbal_warning", "written_warning", "final_warning"}, LookbackMonths: 12}

// Policy is an ER policy the HR manager keeps (the compliance policy
// library links here when it lands).
type Policy struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// DefaultPolicies are the ER policies a company starts from.
var DefaultPolicies = []Policy{
	{Key: "anti_harassment", Title: "Anti-harassment and anti-discrimination", Summary: "Harassment and discrimination on any protected basis are prohibited; report to any manager, HR or the anonymous channel."},
	{Key: "non_retaliation", Title: "Non-retaliation", Summary: "No one is treated worse for raising a concern in good faith or taking part in an investigation."},
	{Key: "progressive_discipline", Title: "Progressive discipline", Summary: "Conduct and performance issues follow the ladder; serious misconduct may skip steps with an HR manager's decision."},
	{Key: "investigations", Title: "Workplace investigations", Summary: "Concerns are investigated promptly, impartially and as confidentially as possible; findings are recorded per allegation."},
}

// Settings are the ER configuration.
type Settings struct {
	Escalate []string
	Ladder   Ladder
	Policies []Policy
}

// Settings returns the ER configuration. Any HR role may read it (it
// drives their forms). Errors: KindForbidden.
func (s *Service) Settings(ctx context.Context, a access.Actor) (Settings, error) {
	if !a.IsHR() {
		return Settings{}, kit.Forbidden("only HR may read the ER settings")
	}
	return s.settings(ctx, s.store)
}

func (s *Service) settings(ctx context.Context, st Store) (Settings, error) {
	out := Settings{Escalate: DefaultEscalated, Ladder: DefaultLadder, Policies: DefaultPolicies}
	if v, err := st.Setting(ctx, settingEscalate); err != nil {
		return out, err
	} else if v != "" {
		out.Escalate = strings.Split(v, ",")
		if v == "-" {
			out.Escalate = nil
		}
	}
	if v, err := st.Setting(ctx, settingLadder); err != nil {
		return out, err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &out.Ladder); err != nil {
			return out, err
		}
	}
	if v, err := st.Setting(ctx, settingPolicies); err != nil {
		return out, err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &out.Policies); err != nil {
			return out, err
		}
	}
	return out, nil
}

// SetSettings replaces the ER configuration. Requires
// relations.settings.manage. Errors: KindInvalid, KindForbidden.
func (s *Service) SetSettings(ctx context.Context, a access.Actor, in Settings) error {
	if err := access.Require(a, access.RelationsSettings, access.CompanyTarget); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	for _, c := range in.Escalate {
		if !slices.Contains(Categories, c) {
			f.Add("escalate", "Unknown category "+c)
		}
	}
	if len(in.Ladder.Steps) == 0 {
		f.Add("ladder", "Keep at least one step on the ladder")
	}
	seen := map[string]bool{}
	for _, l := range in.Ladder.Steps {
		if !slices.Contains(Levels, l) {
			f.Add("ladder", "Unknown level "+l)
		}
		if seen[l] {
			f.Add("ladder", "A level appears twice: "+l)
		}
		seen[l] = true
	}
	if in.Ladder.LookbackMonths < 1 || in.Ladder.LookbackMonths > 60 {
		f.Add("lookback_months", "Use 1 to 60 months")
	}
	keys := map[string]bool{}
	for i := range in.Policies {
		p := &in.Policies[i]
		p.Title = strings.TrimSpace(p.Title)
		p.Summary = strings.TrimSpace(p.Summary)
		if p.Key == "" {
			p.Key = kit.Slug(p.Title, '_')
		}
		if p.Title == "" || len(p.Title) > 200 || len(p.Summary) > 2000 {
			f.Add("policies", "Each policy needs a title (at most 200 characters) and a summary of at most 2,000")
		}
		if keys[p.Key] {
			f.Add("policies", "Two policies have the same name: "+p.Title)
		}
		keys[p.Key] = true
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		esc := strings.Join(in.Escalate, ",")
		if esc == "" {
			esc = "-"
		}
		if err := st.SetSetting(ctx, settingEscalate, esc); err != nil {
			return err
		}
		b, _ := json.Marshal(in.Ladder)
		if err := st.SetSetting(ctx, settingLadder, string(b)); err != nil {
			return err
		}
		b, _ = json.Marshal(in.Policies)
		if err := st.SetSetting(ctx, settingPolicies, string(b)); err != nil {
			return err
		}
		return s.record(ctx, st, a, "relations.settings", "settings", 0, "Changed the ER settings (routing, discipline ladder, policies)",
			map[string]any{"escalate": in.Escalate, "ladder": in.Ladder, "policies": len(in.Policies)})
	})
}
