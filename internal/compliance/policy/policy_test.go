package policy

import "testing"

func TestInputValidation(t *testing.T) {
	in := Input{Title: " ", Category: "nope", Body: "", DueDays: 400, Audience: Audience{EmploymentTypes: []string{"gig"}}}
	f := in.validate(true)
	for _, k := range []string{"title", "category", "body", "due_days", "audience"} {
		if f[k] == "" {
			t.Errorf("no error on %s: %v", k, f)
		}
	}
	ok := Input{Title: "Travel", Category: "pay", Body: "Book economy.\r\n"}
	if f := ok.validate(true); len(f) != 0 || ok.DueDays != 14 || ok.Body != "Book economy." {
		t.Errorf("valid input: %v %+v", f, ok)
	}
	// A new version needs no title or category.
	v := Input{Body: "Text"}
	if f := v.validate(false); len(f) != 0 {
		t.Errorf("new version: %v", f)
	}
}

func TestSignatureName(t *testing.T) {
	if norm(" Taylor   BROOKS ") != norm("taylor brooks") || norm("Taylor Brook") == norm("Taylor Brooks") {
		t.Error("names compare by words, ignoring case and spacing, and nothing else")
	}
	if Hash("a") == Hash("a ") || len(Hash("a")) != 64 {
		t.Error("the hash is the SHA-256 of the exact text")
	}
	if !(Audience{}).Everyone() || (Audience{OrgUnitIDs: []int64{3}}).Everyone() {
		t.Error("an empty audience is everyone")
	}
}
