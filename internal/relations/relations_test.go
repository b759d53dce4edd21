package relations

import (
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
)

func TestCanSee(t *testing.T) {
	c := Case{ID: 1, OrgPath: "/1/5/", OwnerUserID: 10}
	team := []Member{{UserID: 11, Role: MemberInvestigator}}
	excluded := map[int64]bool{500: true, 501: true} // the subject and their manager
	hr := func(uid, emp int64, role access.Role, scope string) access.Actor {
		g := access.Grant{Role: role}
		if scope != "" {
			g.OrgUnitID, g.OrgPath = 9, scope
		}
		return access.Actor{UserID: uid, EmployeeID: emp, Grants: []access.Grant{g}}
	}
	cases := []struct {
		name       string
		a          access.Actor
		restricted bool
		want       bool
	}{
		{"owner", hr(10, 100, access.RoleGeneralist, "/1/7/"), false, true},
		{"investigator out of scope", hr(11, 101, access.RoleGeneralist, "/1/7/"), false, true},
		{"unassigned generalist in scope", hr(12, 102, access.RoleGeneralist, ""), false, false},
		{"HR manager over it", hr(13, 103, access.RoleManager, "/1/"), false, true},
		{"HR manager elsewhere", hr(14, 104, access.RoleManager, "/1/7/"), false, false},
		{"HR director over it", hr(15, 105, access.RoleDirector, ""), false, true},
		{"the subject, even as an HR manager", hr(16, 500, access.RoleManager, ""), false, false},
		{"the subject's manager, even on the team", hr(10, 501, access.RoleGeneralist, ""), false, false},
		{"an employee", access.Actor{UserID: 17, EmployeeID: 107}, false, false},
		{"admin", access.Actor{UserID: 18, Grants: []access.Grant{{Role: access.RoleAdmin}}}, false, false},
		{"restricted: HR manager over it", hr(13, 103, access.RoleManager, "/1/"), true, false},
		{"restricted: HR director over it", hr(15, 105, access.RoleDirector, ""), true, true},
		{"restricted: the team", hr(11, 101, access.RoleGeneralist, "/1/7/"), true, true},
		{"team member without an HR grant", access.Actor{UserID: 11, EmployeeID: 101}, false, false},
	}
	for _, tc := range cases {
		c.Restricted = tc.restricted
		if got := CanSee(tc.a, c, team, excluded); got != tc.want {
			t.Errorf("%s: CanSee = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNextLevel(t *testing.T) {
	l := DefaultLadder
	for _, tc := range []struct {
		have []string
		want string
	}{
		{nil, "coaching"},
		{[]string{"coaching"}, "verbal_warning"},
		{[]string{"written_warning", "coaching"}, "final_warning"},
		{[]string{"final_warning"}, "final_warning"},
		{[]string{"pip"}, "coaching"}, // not on this ladder
	} {
		var ds []Discipline
		for _, h := range tc.have {
			ds = append(ds, Discipline{Level: h})
		}
		if got := NextLevel(l, ds); got != tc.want {
			t.Errorf("after %v: %s, want %s", tc.have, got, tc.want)
		}
	}
}

func TestFollowUpCodes(t *testing.T) {
	a, b := newCode(), newCode()
	if a == b || len(a) != 24 || strings.Count(a, "-") != 4 {
		t.Fatalf("codes %q %q", a, b)
	}
	if hashCode(a) == "" || hashCode(a) != hashCode(strings.ToLower(strings.ReplaceAll(a, "-", " "))) {
		t.Error("a code typed in lower case with spaces does not match")
	}
	if hashCode("short") != "" || hashCode(a) == hashCode(b) {
		t.Error("hashes")
	}
}

func TestNeedsDecision(t *testing.T) {
	if !NeedsDecision("termination", false) || !NeedsDecision("suspension", false) || !NeedsDecision("coaching", true) || NeedsDecision("written_warning", false) {
		t.Error("NeedsDecision")
	}
}

func TestPoissonTail(t *testing.T) {
	// Reference values: P(X >= 9 | 3) = 0.003803..., P(X >= 1 | 0.5) = 1 - e^-0.5.
	for _, tc := range []struct {
		k      int
		lambda float64
		want   float64
	}{{9, 3, 0.0038030}, {1, 0.5, 0.3934693}, {0, 2, 1}, {3, 0, 0}, {5, 5, 0.5595067}} {
		if got := PoissonTail(tc.k, tc.lambda); got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("P(X >= %d | %v) = %.7f, want %.7f", tc.k, tc.lambda, got, tc.want)
		}
	}
}

func TestDetectSpikes(t *testing.T) {
	// Eight departments of 100 people at about 6 cases per 100 a year:
	// 6 cases in 1,200 employee-months of baseline, 300 in the last 3.
	var units []SpikeInput
	for i, name := range []string{"A", "B", "C", "D", "E", "F", "G", "Support"} {
		u := SpikeInput{Unit: name, UnitID: int64(i + 1), Observed: 1, Exposure: 300, BaselineCases: 6, BaselineExp: 1200}
		if name == "Support" {
			u.Observed = 9 // expected 1.6 on its own rate
		}
		if name == "B" {
			u.Observed = 3 // busy, but within chance
		}
		units = append(units, u)
	}
	out, per := DetectSpikes(units, 48, 9600, 0.05)
	if per != 0.05/8 {
		t.Errorf("alpha per unit %v", per)
	}
	if !out[0].Flagged || out[0].Unit != "Support" || out[0].ExpectedOwn < 1.6 || out[0].ExpectedOwn > 1.7 {
		t.Fatalf("the spike was not flagged: %+v", out[0])
	}
	for _, s := range out[1:] {
		if s.Flagged {
			t.Errorf("%s flagged with %d cases (p own %.4f)", s.Unit, s.Observed, s.POwn)
		}
	}
	// Fewer than 3 cases never flags, however small the baseline.
	out, _ = DetectSpikes([]SpikeInput{{Unit: "Tiny", Observed: 2, Exposure: 30, BaselineExp: 120}}, 6, 9600, 0.05)
	if out[0].Flagged {
		t.Error("two cases flagged")
	}
}

func TestFloodLimit(t *testing.T) {
	var l floodLimit
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	for i := 0; i < anonLimit; i++ {
		if !l.allow("10.0.0.1", now) {
			t.Fatalf("report %d refused", i+1)
		}
	}
	if l.allow("10.0.0.1", now) || !l.allow("10.0.0.2", now) {
		t.Error("the limit is not per sender")
	}
	if !l.allow("10.0.0.1", now.Add(61*time.Minute)) {
		t.Error("the limit does not expire after an hour")
	}
}

func TestSniffEvidence(t *testing.T) {
	for _, tc := range []struct {
		data, want string
	}{
		{"%PDF-1.7\n...", "application/pdf"}, {"\x89PNG\r\n\x1a\n....", "image/png"}, {"\xff\xd8\xff\xe0..", "image/jpeg"},
		{"PK\x03\x04....", "application/zip"}, {"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wave"}, {"\x00\x00\x00\x18ftypmp42", "video/mp4"},
		{"From: a@example.com\nSubject: shift\n\nHi", "text/plain; charset=utf-8"}, {"MZ\x90\x00\x03\x00\x00\x00", ""}, {"\x7fELF\x02\x01\x01\x00", ""},
	} {
		if got := sniff([]byte(tc.data)); got != tc.want {
			t.Errorf("sniff(%q) = %q, want %q", tc.data[:4], got, tc.want)
		}
	}
}
