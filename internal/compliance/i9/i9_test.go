package i9

import (
	"testing"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestStatus(t *testing.T) {
	s := rules.Settings{BusinessCalendar: "US_FED"}
	start := date.MustParse("2026-10-26") // a Monday: Section 2 due Thursday
	cases := []struct {
		name  string
		r     Record
		today string
		want  string
	}{
		{"before the first day", Record{PeriodStart: start}, "2026-10-20", StatusPending},
		{"Section 1 missing after the first day", Record{PeriodStart: start}, "2026-10-27", StatusOverdue},
		{"Section 2 on its last day", Record{PeriodStart: start, Section1On: start}, "2026-10-29", StatusPending},
		{"Section 2 a day late", Record{PeriodStart: start, Section1On: start}, "2026-10-30", StatusOverdue},
		{"complete", Record{PeriodStart: start, Section1On: start, Section2On: start}, "2026-11-30", StatusComplete},
		{"authorization expiring in 90 days", Record{PeriodStart: start, Section1On: start, Section2On: start, WorkAuthExpires: date.MustParse("2027-02-28")}, "2026-11-30", StatusReverifyDue},
		{"authorization expiring in 91 days", Record{PeriodStart: start, Section1On: start, Section2On: start, WorkAuthExpires: date.MustParse("2027-03-01")}, "2026-11-30", StatusComplete},
		{"a permanent resident card is never reverified", Record{PeriodStart: start, Section1On: start, Section2On: start,
			Documents: []Document{{Type: "permanent_resident_card", Expires: date.MustParse("2026-12-01")}}}, "2026-11-30", StatusComplete},
		{"a terminated employee is not reverified", Record{PeriodStart: start, PeriodEnd: date.MustParse("2026-11-20"), Section1On: start, Section2On: start, WorkAuthExpires: date.MustParse("2026-12-01")}, "2026-11-30", StatusComplete},
		{"Supplement B replaces the authorization", Record{PeriodStart: start, Section1On: start, Section2On: start, WorkAuthExpires: date.MustParse("2026-12-01"),
			Reverifications: []Reverification{{On: date.MustParse("2026-11-25"), Type: "employment_authorization_card", Expires: date.MustParse("2029-01-01")}}}, "2026-11-30", StatusComplete},
	}
	for _, c := range cases {
		r := c.r
		if err := r.compute(s, date.MustParse(c.today)); err != nil {
			t.Fatal(err)
		}
		if r.Status != c.want {
			t.Errorf("%s: %s, want %s", c.name, r.Status, c.want)
		}
	}
	r := Record{PeriodStart: start, PeriodEnd: date.MustParse("2027-03-15")}
	_ = r.compute(s, date.MustParse("2027-04-01"))
	if r.Result.RetainUntil != date.MustParse("2029-10-26") {
		t.Errorf("retention: %s, want 3 years after hire", r.Result.RetainUntil)
	}
}

func TestValidateDocs(t *testing.T) {
	s := &Service{}
	asOf := date.MustParse("2026-11-02")
	cases := []struct {
		docs []DocumentInput
		want string // the field with an error, "" for none
	}{
		{[]DocumentInput{{Type: "us_passport", Number: "512345678"}}, ""},
		{[]DocumentInput{{Type: "drivers_license", Number: "D1234567"}, {Type: "social_security_card", Number: "123456789"}}, ""},
		{[]DocumentInput{{Type: "social_security_card", Number: "123456789"}, {Type: "drivers_license", Number: "D1234567"}}, ""},
		{[]DocumentInput{{Type: "drivers_license", Number: "D1234567"}}, "documents"},
		{[]DocumentInput{{Type: "us_passport", Number: "512345678"}, {Type: "social_security_card", Number: "123456789"}}, "documents"},
		{[]DocumentInput{{Type: "employment_authorization_card", Number: "SRC123456789"}}, "documents[0].expires"},
		{[]DocumentInput{{Type: "us_passport", Number: "512345678", Expires: date.MustParse("2026-11-01")}}, "documents[0].expires"},
		{[]DocumentInput{{Type: "us_passport", Number: "12"}}, "documents[0].number"},
		{[]DocumentInput{{Type: "library_card", Number: "12345"}}, "documents[0].type"},
	}
	for i, c := range cases {
		f := kit.FieldErrors{}
		docs, nums := s.validateDocs(f, c.docs, true, asOf)
		if c.want == "" && len(f) > 0 || c.want != "" && !f.Has(c.want) {
			t.Errorf("#%d: %v, want %q", i, f, c.want)
		}
		if c.want == "" && (docs[0].NumberLast4 != nums[0][len(nums[0])-4:]) {
			t.Errorf("#%d: masked %q of %q", i, docs[0].NumberLast4, nums[0])
		}
	}
	f := kit.FieldErrors{}
	s.validateDocs(f, []DocumentInput{{Type: "us_passport", Number: "512345678", Receipt: true}}, false, asOf)
	if !f.Has("documents[0].receipt") {
		t.Errorf("a receipt for a short job: %v", f)
	}
}
