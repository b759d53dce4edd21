package payroll

import (
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

func TestCalendar(t *testing.T) {
	d := date.MustParse
	for _, c := range []struct {
		cal        Calendar
		day        string
		start, end string
	}{
		{Calendar{Biweekly, d("2026-08-10")}, "2026-11-02", "2026-11-02", "2026-11-15"},
		{Calendar{Biweekly, d("2026-08-10")}, "2026-08-09", "2026-07-27", "2026-08-09"},
		{Calendar{Weekly, d("2026-08-10")}, "2026-08-16", "2026-08-10", "2026-08-16"},
		{Calendar{Semimonthly, d("2026-01-01")}, "2026-02-20", "2026-02-16", "2026-02-28"},
		{Calendar{Semimonthly, d("2026-01-01")}, "2028-02-29", "2028-02-16", "2028-02-29"},
		{Calendar{Monthly, d("2026-01-01")}, "2026-12-31", "2026-12-01", "2026-12-31"},
	} {
		p := c.cal.Containing(d(c.day))
		if p.Start.String() != c.start || p.End.String() != c.end {
			t.Errorf("%s %s: %s, want %s to %s", c.cal.Frequency, c.day, p, c.start, c.end)
		}
		if n := c.cal.Next(p); !n.Start.Equal(p.End.AddDays(1)) {
			t.Errorf("next of %s: %s", p, n)
		}
	}
	bad := Calendar{Semimonthly, d("2026-01-05")}
	if err := bad.Validate(); !strings.Contains(kit.FieldsOf(err)["first_period_start"], "the 1st or the 16th") {
		t.Errorf("a semimonthly calendar starting on the 5th: %v", err)
	}
	if err := (&Calendar{Frequency: "daily", Start: d("2026-01-01")}).Validate(); err == nil {
		t.Error("an unknown frequency")
	}
}

func TestTemplateRender(t *testing.T) {
	yes := true
	items := []Item{
		{Source: SourcePay, SourceID: 7, Kind: KindPayChange, Effective: date.MustParse("2026-11-09"), Number: "E1", GivenName: "=HYPERLINK(\"x\")", FamilyName: "Doe",
			AmountCents: 8500000, Per: "year", Currency: "USD", PrevAmountCents: 8000000, Reason: "merit"},
		{Source: SourceEnd, SourceID: 3, Kind: KindTermination, Effective: date.MustParse("2026-11-10"), Number: "E2", LastDay: date.MustParse("2026-11-10"), Voluntary: &yes,
			Corrects: &Period{date.MustParse("2026-10-19"), date.MustParse("2026-11-01")}},
	}
	g, err := Generic().Render(items)
	if err != nil {
		t.Fatal(err)
	}
	out := string(g)
	for _, want := range []string{"change_type,effective_date,employee_number", `pay_change,2026-11-09,E1,"'=HYPERLINK`, "85000.00,year,USD,85000.00,80000.00,merit", ",yes,2026-10-19,2026-11-01,period_end-3"} {
		if !strings.Contains(out, want) {
			t.Errorf("generic file lacks %q:\n%s", want, out)
		}
	}
	tpl := Template{Name: "T", Delimiter: "pipe", DateFormat: "compact", AmountFormat: "cents", Kinds: []string{KindPayChange},
		Columns: []Column{{Header: "ID", Field: "employee_number"}, {Header: "D", Field: "effective_date"}, {Header: "A", Field: "pay_amount"}, {Header: "C", Field: "const:ACME"}}}
	if err := tpl.Validate(); err != nil {
		t.Fatal(err)
	}
	b, _ := tpl.Render(items)
	if string(b) != "E1|20261109|8500000|ACME\n" {
		t.Errorf("template file: %q", b)
	}
	bad := Template{Name: " ", Delimiter: "x", DateFormat: "iso", AmountFormat: "decimal", Header: true, Columns: []Column{{Header: "", Field: "nope"}}}
	if err := bad.Validate(); err == nil {
		t.Error("a bad template validated")
	}
}
