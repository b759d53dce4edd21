package careers

import (
	"testing"

	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestCredentialStatus(t *testing.T) {
	today := date.MustParse("2026-11-02")
	for _, c := range []struct {
		cred Credential
		want string
		days int
	}{
		{Credential{IssuedOn: today.AddDays(-10)}, "valid", 0},
		{Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today.AddDays(91)}, "valid", 91},
		{Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today.AddDays(90)}, "expiring", 90},
		{Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today}, "expiring", 0},
		{Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today.AddDays(-1)}, "expired", -1},
		{Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today.AddDays(5), RenewedBy: 9}, "renewed", 0},
	} {
		c.cred.derive(today)
		if c.cred.Status != c.want || c.cred.DaysLeft != c.days {
			t.Errorf("%+v: %s %d, want %s %d", c.cred, c.cred.Status, c.cred.DaysLeft, c.want, c.days)
		}
	}
	// In force through its last day.
	c := Credential{IssuedOn: today.AddDays(-10), ExpiresOn: today}
	if !c.Current(today) || c.Current(today.AddDays(1)) || c.Current(today.AddDays(-11)) {
		t.Error("Current")
	}
}

func TestMonthsBetween(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2024-01-31", "2024-02-29", 0}, {"2024-01-15", "2024-02-15", 1}, {"2022-02-06", "2026-11-02", 56}, {"2026-12-01", "2026-11-02", 0},
	} {
		if got := monthsBetween(date.MustParse(c.a), date.MustParse(c.b)); got != c.want {
			t.Errorf("%s to %s: %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestLatestRatings(t *testing.T) {
	as := []Assessment{ // newest first
		{CompetencyID: 1, Rater: "self", Rating: 4}, {CompetencyID: 1, Rater: "manager", Rating: 3},
		{CompetencyID: 1, Rater: "manager", Rating: 2}, {CompetencyID: 2, Rater: "self", Rating: 5},
	}
	if s, m := latest(as, 1); s != 4 || m != 3 {
		t.Errorf("competency 1: %d %d", s, m)
	}
	if s, m := latest(as, 2); s != 5 || m != 0 {
		t.Errorf("competency 2: %d %d", s, m)
	}
}

func TestTrainingCreditsCountWithinTheCycle(t *testing.T) {
	c := Credential{ID: 1, CertificationID: 7, IssuedOn: date.MustParse("2025-01-01"), ExpiresOn: date.MustParse("2027-12-31")}
	ts := []TrainingRecord{
		{TrainingID: 1, HeldOn: date.MustParse("2026-03-01"), Credits: 3, CertificationID: 7, Attended: true},
		{TrainingID: 2, HeldOn: date.MustParse("2026-03-01"), Credits: 3, CertificationID: 7, Attended: false}, // absent
		{TrainingID: 3, HeldOn: date.MustParse("2024-12-31"), Credits: 3, CertificationID: 7, Attended: true},  // before the cycle
		{TrainingID: 4, HeldOn: date.MustParse("2026-03-01"), Credits: 3, CertificationID: 8, Attended: true},  // another certification
		{TrainingID: 5, HeldOn: date.MustParse("2026-04-01"), Credits: 0, CertificationID: 7, Attended: true},  // no credits
	}
	got := withTraining(c, []Credit{{CredentialID: 1, EarnedOn: date.MustParse("2026-05-01"), Credits: 2}}, ts)
	if len(got) != 2 || got[0].Credits != 2 || got[1].TrainingID != 1 {
		t.Errorf("credits: %+v", got)
	}
}

func TestParseCredits(t *testing.T) {
	for in, want := range map[string]float64{"1.5": 1.5, "2": 2, " 0.333 ": 0.33} {
		if got, ok := ParseCredits(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "abc", "1,5x"} {
		if _, ok := ParseCredits(in); ok {
			t.Errorf("%q parsed", in)
		}
	}
}
