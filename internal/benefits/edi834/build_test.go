package edi834

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from Build's output")

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Build(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run: go test ./internal/benefits/edi834 -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Build output differs from %s; if the change is intended run: go test ./internal/benefits/edi834 -run TestGolden -update\n%s",
					path, firstDiff(string(want), string(got)))
			}
			for _, e := range Validate(got) {
				t.Errorf("Validate: %v", e)
			}
		})
	}
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + a + "\n  got  " + b
		}
	}
	return "(no line differs)"
}

func TestGoldenFilesValidate(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range Validate(data) {
			t.Errorf("%s: %v", p, e)
		}
	}
}

func TestEnvelope(t *testing.T) {
	f := fullFile()
	f.Production, f.AckRequested = true, true
	f.ControlNumber = 4711
	out, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	isa := lines[0]
	if len(isa) != 106 {
		t.Fatalf("ISA is %d characters with its terminator, want 106: %q", len(isa), isa)
	}
	want := "ISA*00*          *00*          *ZZ*CADREDEMO      *ZZ*EVERGREENHP    *250115*0930*^*00501*000004711*1*P*:~"
	if isa != want {
		t.Errorf("ISA\n got %q\nwant %q", isa, want)
	}
	if lines[1] != "GS*BE*CADREDEMO*EVERGREENHP*20250115*0930*4711*X*005010X220A1~" {
		t.Errorf("GS = %q", lines[1])
	}
	if lines[2] != "ST*834*0001*005010X220A1~" {
		t.Errorf("ST = %q", lines[2])
	}
	if lines[3] != "BGN*00*CADRE-FULL-20250115*20250115*0930****4~" {
		t.Errorf("BGN = %q", lines[3])
	}
	n := len(lines)
	if lines[n-1] != "" || lines[n-2] != "IEA*1*000004711~" || lines[n-3] != "GE*1*4711~" {
		t.Errorf("trailers = %q", lines[n-4:])
	}
	if !strings.HasPrefix(lines[n-4], "SE*") || !strings.HasSuffix(lines[n-4], "*0001~") {
		t.Errorf("SE = %q", lines[n-4])
	}

	f.Replace = true
	out, err = Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "****RX~\n") {
		t.Errorf("a full replacement file should have BGN08 RX:\n%s", out)
	}
	for _, e := range Validate(out) {
		t.Errorf("Validate: %v", e)
	}
}

func TestBuildWithoutNewlines(t *testing.T) {
	out, err := BuildWith(changesFile(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(out, "\r\n") {
		t.Fatal("Options{} should write one line")
	}
	withNewlines, _ := Build(changesFile())
	if !bytes.Equal(out, bytes.ReplaceAll(withNewlines, []byte("~\n"), []byte("~"))) {
		t.Error("the two layouts differ in more than line breaks")
	}
	for _, e := range Validate(out) {
		t.Errorf("Validate: %v", e)
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"José Muñoz":                 "JOSE MUNOZ",
		"O'Brien*Smith~":             "O'BRIEN SMITH",
		"  Søren:  Lindqvist^Æbelø ": "SOREN LINDQVIST AEBELO",
		"line\nbreak\ttab":           "LINE BREAK TAB",
		"Straße 5, Apt #2":           "STRASSE 5, APT #2",
		"李 Wei":                      "WEI",
	} {
		if got := cleanText(in, 0); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanText("abcdefghij klm", 11); got != "ABCDEFGHIJ" {
		t.Errorf("cut to 11 = %q", got)
	}
}

func TestBuildCleansText(t *testing.T) {
	f := fullFile()
	f.Members[1].First = "Chi*nedu~"
	f.Members[1].Last = "O:kafor^"
	out, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "NM1*IL*1*O KAFOR*CHI NEDU*") {
		t.Errorf("delimiters in names should become spaces:\n%s", out)
	}
	for _, e := range Validate(out) {
		t.Errorf("Validate: %v", e)
	}
}

func TestBuildMissingPayerID(t *testing.T) {
	f := fullFile()
	f.PayerID = ""
	_, err := Build(f)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("Build error = %v, want *InputError", err)
	}
	if !strings.Contains(err.Error(), "carrier ID") || !strings.Contains(err.Error(), "N1*IN") {
		t.Errorf("error should name the carrier ID (N1*IN): %v", err)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *File)
		want   string
	}{
		{"no members", func(f *File) { f.Members = nil }, "no members"},
		{"bad relationship", func(f *File) { f.Members[1].Relationship = "99" }, `relationship (INS02) "99" is not a code`},
		{"dependent as self", func(f *File) { f.Members[1].Relationship = "18" }, "relationship 18 (self) is for subscribers"},
		{"subscriber not self", func(f *File) { f.Members[0].Relationship = "01" }, "must be 18 (self)"},
		{"subscriber without address", func(f *File) { f.Members[0].Address1 = "" }, "subscriber's residence address line 1 (N301) is missing"},
		{"bad state", func(f *File) { f.Members[0].State = "XX" }, `state (N402) "XX"`},
		{"bad zip", func(f *File) { f.Members[0].Zip = "972" }, "ZIP code (N403)"},
		{"subscriber without employment status", func(f *File) { f.Members[0].EmploymentStatus = "" }, "employment status (INS08) is required"},
		{"dependent with employment status", func(f *File) { f.Members[1].EmploymentStatus = "FT" }, "for subscribers only"},
		{"missing DOB", func(f *File) { f.Members[2].DOB = time.Time{} }, "date of birth (DMG02) is missing"},
		{"old DOB", func(f *File) { f.Members[2].DOB = date(1899, 12, 31) }, "before 1900"},
		{"DOB after creation", func(f *File) { f.Members[2].DOB = date(2026, 1, 1) }, "after the file's creation date"},
		{"no coverage begin", func(f *File) { f.Members[0].Coverages[0].Begin = time.Time{} }, "benefit begin date (DTP*348) is missing"},
		{"end before begin", func(f *File) { f.Members[0].Coverages[0].End = date(2024, 12, 31) }, "before the begin date"},
		{"life insurance", func(f *File) { f.Members[0].Coverages[0].InsuranceLine = "LIF" }, `insurance line (HD03) "LIF" is not a code`},
		{"bad level", func(f *File) { f.Members[0].Coverages[0].Level = "XYZ" }, `coverage level (HD05) "XYZ"`},
		{"full file with change code", func(f *File) { f.Members[0].Maintenance = MaintAddition }, "a full file sends every member as 030"},
		{"full file member without coverage", func(f *File) { f.Members[3].Coverages = nil }, "has none"},
		{"dependent first", func(f *File) { f.Members[0], f.Members[1] = f.Members[1], f.Members[0] }, "a dependent must follow its subscriber"},
		{"dependent of another subscriber", func(f *File) { f.Members[2].SubscriberID = "E1002" }, "differs from the subscriber it follows"},
		{"delimiter in subscriber ID", func(f *File) { f.Members[3].SubscriberID = "E10*02" }, "subscriber ID (REF*0F) contains the delimiter *"},
		{"bad SSN", func(f *File) { f.Members[0].SSN = "12345" }, "SSN (NM109) must have 9 digits"},
		{"unissued SSN", func(f *File) { f.Members[0].SSN = "900-12-3456" }, "not a number the Social Security Administration issues"},
		{"bad FEIN", func(f *File) { f.SponsorTaxID = "12-345" }, "plan sponsor FEIN"},
		{"bad control number", func(f *File) { f.ControlNumber = 0 }, "control number (ISA13)"},
		{"long sender ID", func(f *File) { f.SenderID = "A-SENDER-ID-THAT-IS-TOO-LONG" }, "sender ID (ISA06) is longer than 15"},
		{"missing reference", func(f *File) { f.Reference = " " }, "reference (BGN02) is missing"},
		{"bad email", func(f *File) { f.Members[0].Email = "not-an-address" }, "email (PER)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fullFile()
			tc.change(&f)
			_, err := Build(f)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Build error = %v, want *InputError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error should contain %q:\n%v", tc.want, err)
			}
		})
	}
}

func TestBuildChangeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *File)
		want   string
	}{
		{"missing maintenance type", func(f *File) { f.Members[0].Maintenance = "" }, "maintenance type (INS03) is missing"},
		{"audit in change file", func(f *File) { f.Members[0].Maintenance = MaintAudit }, "030 (audit or compare) is for full files only"},
		{"addition without coverage", func(f *File) { f.Members[1].Coverages = nil }, "021 (Addition) needs at least one coverage"},
		{"termination without end date", func(f *File) { f.Members[5].Coverages[0].End = time.Time{} }, "a terminated coverage (HD01 024) needs its benefit end date (DTP*349)"},
		{"termination without coverage", func(f *File) { f.Members[5].Coverages = nil }, "024 (Cancellation or Termination) needs at least one coverage"},
		{"bad reason", func(f *File) { f.Members[0].MaintenanceReason = "ZZ" }, `maintenance reason (INS04) "ZZ"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := changesFile()
			tc.change(&f)
			_, err := Build(f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error should contain %q:\n%v", tc.want, err)
			}
		})
	}
}

func TestBuildCollectsAllProblems(t *testing.T) {
	f := fullFile()
	f.PayerID = ""
	f.Members[1].Relationship = "99"
	f.Members[3].Address1 = ""
	f.Members[3].SSN = "1234"
	_, err := Build(f)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("Build error = %v, want *InputError", err)
	}
	if len(ie.Problems) != 4 {
		t.Errorf("got %d problems, want 4:\n%v", len(ie.Problems), err)
	}
	if strings.Contains(err.Error(), "1234") {
		t.Errorf("errors must not repeat SSNs: %v", err)
	}
}
