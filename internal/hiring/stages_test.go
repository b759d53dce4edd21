package hiring

import (
	"strings"
	"testing"
)

func TestNormalizeStages(t *testing.T) {
	in := []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Resume review", Kind: StageScreen}, {}, {Name: "Recruiter call", Kind: StagePhoneScreen},
		{Name: "Technical interview", Kind: StageInterview}, {Name: "Team interviews", Kind: StageInterview}, {Name: "Our offer", Kind: StageOffer}, {Name: "Welcome aboard", Kind: StageHired}}
	out, fe := NormalizeStages(in)
	if len(fe) > 0 {
		t.Fatal(fe)
	}
	var keys []string
	for _, s := range out {
		keys = append(keys, s.Key)
	}
	if got := strings.Join(keys, ","); got != "applied,resume_review,recruiter_call,technical_interview,team_interviews,offer,hired" {
		t.Fatalf("keys: %s", got)
	}
	// A renamed stage keeps its key; a new one with a clashing name gets another.
	out[1].Name = "CV review"
	out = append(out[:2], append([]Stage{{Name: "Resume review", Kind: StageScreen}}, out[2:]...)...)
	again, fe := NormalizeStages(out)
	if len(fe) > 0 {
		t.Fatal(fe)
	}
	if again[1].Key != "resume_review" || again[2].Key != "resume_review_2" {
		t.Fatalf("renamed %q, new %q", again[1].Key, again[2].Key)
	}
	// A stage named like a fixed key does not take it.
	odd, fe := NormalizeStages([]Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Offer", Kind: StageScreen}, {Name: "Offer!", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}})
	if len(fe) > 0 || odd[1].Key == StageOffer || odd[2].Key != StageOffer {
		t.Fatalf("fixed keys: %v %v", odd, fe)
	}
	// A client cannot give a reserved key to another stage.
	sly, fe := NormalizeStages([]Stage{{Name: "Applied", Kind: StageApplied}, {Key: "offer", Name: "Chat", Kind: StageScreen}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}})
	if len(fe) > 0 || sly[1].Key != "chat" || sly[2].Key != StageOffer {
		t.Fatalf("reserved key taken: %v %v", sly, fe)
	}
	bad := []struct {
		name   string
		stages []Stage
		field  string
	}{
		{"too few", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Hired", Kind: StageHired}}, "stages"},
		{"out of order", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Interview", Kind: StageInterview}, {Name: "Screen", Kind: StageScreen}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}}, "stages[2].kind"},
		{"two offers", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Offer", Kind: StageOffer}, {Name: "Offer 2", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}}, "stages"},
		{"no hired", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Screen", Kind: StageScreen}, {Name: "Offer", Kind: StageOffer}}, "stages"},
		{"same name", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Talk", Kind: StageScreen}, {Name: "talk", Kind: StageInterview}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}}, "stages[2].name"},
		{"no kind", []Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Chat"}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}}, "stages[1].kind"},
		{"no name", []Stage{{Name: "Applied", Kind: StageApplied}, {Kind: StageScreen}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}}, "stages[1].name"},
	}
	for _, b := range bad {
		if _, fe := NormalizeStages(b.stages); fe[b.field] == "" {
			t.Errorf("%s: no error on %s: %v", b.name, b.field, fe)
		}
	}
}

// A candidate is emailed on reaching a phone screen or interview stage,
// once per kind: the second interview stage sends nothing, nor does going
// back.
func TestStageEmailsFollowKinds(t *testing.T) {
	stages, _ := NormalizeStages([]Stage{{Name: "Applied", Kind: StageApplied}, {Name: "Recruiter call", Kind: StagePhoneScreen},
		{Name: "Technical", Kind: StageInterview}, {Name: "Team", Kind: StageInterview}, {Name: "Offer", Kind: StageOffer}, {Name: "Hired", Kind: StageHired}})
	app := Application{ReqTitle: "Software Engineer", Candidate: Candidate{Email: "a@example.org", GivenName: "Ada"}}
	cases := []struct {
		from, to string
		want     bool
	}{
		{"applied", "recruiter_call", true}, {"recruiter_call", "technical", true}, {"applied", "technical", true},
		{"technical", "team", false}, {"team", "technical", false}, {"technical", "recruiter_call", false}, {"team", "offer", false},
	}
	for _, c := range cases {
		if _, ok := stageEmail(app, stages, c.from, c.to); ok != c.want {
			t.Errorf("%s → %s: email %v, want %v", c.from, c.to, ok, c.want)
		}
	}
}
