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
	cases := []struct {
		from, to string
		want     string
	}{
		{"applied", "recruiter_call", EmailPhoneScreen}, {"recruiter_call", "technical", EmailInterview}, {"applied", "technical", EmailInterview},
		{"technical", "team", ""}, {"team", "technical", ""}, {"technical", "recruiter_call", ""}, {"team", "offer", ""},
	}
	for _, c := range cases {
		if key, _ := stageEmail(stages, c.from, c.to); key != c.want {
			t.Errorf("%s → %s: email %q, want %q", c.from, c.to, key, c.want)
		}
	}
}

func TestEmailTemplateRender(t *testing.T) {
	tpl := emailDefaults[EmailApplied]
	subject, lines := tpl.Render(map[string]string{"job_title": "Store Associate", "location": "Austin, TX", "company": "Acme", "candidate_first_name": "Jo"})
	if subject != "We received your application: Store Associate" || len(lines) != 2 || !strings.Contains(lines[0], "Store Associate (Austin, TX) at Acme") {
		t.Fatalf("%q %q", subject, lines)
	}
	odd := EmailTemplate{Subject: "Hi {{ candidate_first_name }} {{unknown}}", Body: "One\n\n\n\nTwo {{job_title}}\r\n\r\nThree"}
	subject, lines = odd.Render(map[string]string{"candidate_first_name": "Jo", "job_title": "X"})
	if subject != "Hi Jo {{unknown}}" || len(lines) != 3 || lines[1] != "Two X" {
		t.Fatalf("%q %q", subject, lines)
	}
}

func TestBrandColourContrast(t *testing.T) {
	for hex, ok := range map[string]bool{"#1f6f5c": true, "#4f46e5": true, "#000000": true, "#ffff00": false, "#9ca3af": false, "#767676": true} {
		if got := contrastWithWhite(hex) >= 4.5; got != ok {
			t.Errorf("%s: contrast %.2f", hex, contrastWithWhite(hex))
		}
	}
	if got := tradeName("Northwind Outfitters, Inc."); got != "Northwind Outfitters" {
		t.Fatal(got)
	}
}
