package edi834

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// segs builds f and returns its segments without terminators.
func segs(t *testing.T, f File) []string {
	t.Helper()
	out, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "~\n"), "~\n")
}

// join writes segments back with the layout Build uses.
func join(s []string) []byte { return []byte(strings.Join(s, "~\n") + "~\n") }

// fixCounts rewrites SE01 to the number of segments from ST to SE, so
// that an edit breaks only what it means to break.
func fixCounts(s []string) []string {
	st := slices.IndexFunc(s, func(x string) bool { return strings.HasPrefix(x, "ST*") })
	se := slices.IndexFunc(s, func(x string) bool { return strings.HasPrefix(x, "SE*") })
	s[se] = fmt.Sprintf("SE*%d*%s", se-st+1, strings.Split(s[se], "*")[2])
	return s
}

// index returns the position of the n-th (0-based) segment starting with
// prefix.
func index(t *testing.T, s []string, prefix string, n int) int {
	t.Helper()
	for i, x := range s {
		if strings.HasPrefix(x, prefix) {
			if n == 0 {
				return i
			}
			n--
		}
	}
	t.Fatalf("no segment %d starting with %q", n, prefix)
	return -1
}

// replace replaces the n-th segment starting with prefix.
func replace(t *testing.T, s []string, prefix string, n int, with string) []string {
	t.Helper()
	s[index(t, s, prefix, n)] = with
	return s
}

// members splits the segments into the part before the first INS, the
// member blocks, and the trailers from SE on.
func members(s []string) (head []string, blocks [][]string, tail []string) {
	i := slices.IndexFunc(s, func(x string) bool { return strings.HasPrefix(x, "INS*") })
	se := slices.IndexFunc(s, func(x string) bool { return strings.HasPrefix(x, "SE*") })
	head, tail = s[:i], s[se:]
	for _, x := range s[i:se] {
		if strings.HasPrefix(x, "INS*") {
			blocks = append(blocks, nil)
		}
		blocks[len(blocks)-1] = append(blocks[len(blocks)-1], x)
	}
	return head, blocks, tail
}

func flatten(head []string, blocks [][]string, tail []string) []string {
	out := slices.Clone(head)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, tail...)
}

func TestValidateAcceptsBuildOutput(t *testing.T) {
	for _, tc := range goldenCases() {
		for _, o := range []Options{{}, {Newlines: true}} {
			out, err := BuildWith(tc.file, o)
			if err != nil {
				t.Fatal(err)
			}
			if errs := Validate(out); errs != nil {
				t.Errorf("%s (newlines %v): %v", tc.name, o.Newlines, errs)
			}
		}
	}
}

func TestValidateAcceptsCRLF(t *testing.T) {
	out := strings.ReplaceAll(string(join(segs(t, fullFile()))), "~\n", "~\r\n")
	if errs := Validate([]byte(out)); errs != nil {
		t.Error(errs)
	}
}

// TestValidateAcceptsOtherLoops feeds loops Build does not write (a
// mailing address, a primary care provider, coordination of benefits,
// reporting categories) to show the validator follows the guide rather
// than Build.
func TestValidateAcceptsOtherLoops(t *testing.T) {
	s := segs(t, changesFile())
	head, blocks, tail := members(s)
	b := blocks[0]
	dmg := slices.IndexFunc(b, func(x string) bool { return strings.HasPrefix(x, "DMG*") })
	b = slices.Insert(b, dmg+1, "NM1*31*1", "N3*PO BOX 12", "N4*SALEM*OR*97308")
	b = append(b,
		"REF*17*PLAN YEAR 2025",
		"LX*1", "NM1*P3*1*SMITH*JOHN****XX*1234567893*25", "N3*1 MAIN ST", "N4*SALEM*OR*97301", "PER*IC**TE*5035550100",
		"COB*P*G-55*1", "DTP*344*D8*20200101", "NM1*IN*2*OTHER HEALTH CO", "N3*2 OAK ST", "N4*SALEM*OR*97301",
		"HD*021**DEN**ESP", "DTP*348*D8*20250201", "DTP*303*RD8*20250201-20251231", "AMT*P3*123.45", "IDC*DENTAL BASIC*D",
		"LS*2700", "LX*1", "N1*75*PLAN YEAR", "REF*17*2025", "DTP*007*RD8*20250101-20251231", "LE*2700",
	)
	blocks[0] = b
	out := join(fixCounts(flatten(head, blocks, tail)))
	if errs := Validate(out); errs != nil {
		t.Errorf("%v\n%s", errs, out)
	}
}

func TestValidateCatchesBrokenFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   func() File
		break_ func(t *testing.T, s []string) []string
		want   string
		only   bool // the expected issue is the only one
	}{
		{"wrong SE count", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "SE*", 0, "SE*48*0001")
		}, `SE01 is "48" but the transaction set has 47 segments`, true},
		{"segment removed without fixing SE01", fullFile, func(t *testing.T, s []string) []string {
			return slices.Delete(s, index(t, s, "PER*", 0), index(t, s, "PER*", 0)+1)
		}, "SE01 is", true},
		{"IEA02 differs from ISA13", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "IEA*", 0, "IEA*1*000000009")
		}, `IEA02 "000000009" does not match ISA13 "000000001"`, true},
		{"GE02 differs from GS06", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "GE*", 0, "GE*1*7")
		}, `GE02 "7" does not match GS06 "1"`, true},
		{"SE02 differs from ST02", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "SE*", 0, "SE*47*0002")
		}, `SE02 "0002" does not match ST02 "0001"`, true},
		{"GE01 miscounts", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "GE*", 0, "GE*2*1")
		}, `GE01 is "2" but the group has 1 transaction sets`, true},
		{"IEA01 miscounts", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "IEA*", 0, "IEA*0*000000001")
		}, `IEA01 is "0" but the interchange has 1 functional groups`, true},
		{"bad INS02", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "INS*N*01*", 0, "INS*N*99*030*XN*A")
		}, `INS02 (relationship) "99" is not a code of 005010X220A1`, true},
		{"subscriber not self", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "INS*Y*18*", 0, "INS*Y*01*030*XN*A***FT")
		}, "INS02 must be 18 (self) for a subscriber", true},
		{"dependent before subscriber", fullFile, func(t *testing.T, s []string) []string {
			head, blocks, tail := members(s)
			blocks[0], blocks[1] = blocks[1], blocks[0]
			return flatten(head, blocks, tail)
		}, `dependent comes before its subscriber (REF*0F "E1001"`, true},
		{"dependent separated from subscriber", fullFile, func(t *testing.T, s []string) []string {
			head, blocks, tail := members(s)
			blocks[2], blocks[3] = blocks[3], blocks[2]
			return flatten(head, blocks, tail)
		}, "dependent is separated from its subscriber", true},
		{"dependent without subscriber", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "REF*0F*E1001", 2, "REF*0F*E9999")
		}, `dependent of subscriber "E9999", who is not in the file`, true},
		{"missing N1*IN", fullFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "N1*IN", 0), index(t, s, "N1*IN", 0)+1))
		}, "the payer (loop 1000B, N1*IN) is missing", true},
		{"missing N1*P5", fullFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "N1*P5", 0), index(t, s, "N1*P5", 0)+1))
		}, "the sponsor (loop 1000A, N1*P5) is missing", true},
		{"payer before sponsor", fullFile, func(t *testing.T, s []string) []string {
			i := index(t, s, "N1*P5", 0)
			s[i], s[i+1] = s[i+1], s[i]
			return s
		}, "N1*P5 is out of order in the header", true},
		{"QTY dependents mismatch", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "QTY*DT", 0, "QTY*DT*3")
		}, "QTY*DT is 3 but the transaction set has 2 dependents (INS01 N)", true},
		{"QTY total mismatch", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "QTY*TO", 0, "QTY*TO*5")
		}, "QTY*TO is 5 but the transaction set has 4 members", true},
		{"REF*0F not right after INS", fullFile, func(t *testing.T, s []string) []string {
			i := index(t, s, "REF*0F", 0)
			s[i], s[i+1] = s[i+1], s[i]
			return s
		}, "REF*0F must follow INS at once", false},
		{"member without REF*0F", fullFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "REF*0F", 3), index(t, s, "REF*0F", 3)+1))
		}, "the member has no subscriber identifier (REF*0F)", false},
		{"member without name", fullFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "NM1*IL", 1), index(t, s, "NM1*IL", 1)+1))
		}, "the member has no name (loop 2100A, NM1*IL)", false},
		{"two names", fullFile, func(t *testing.T, s []string) []string {
			i := index(t, s, "NM1*IL", 1)
			return fixCounts(slices.Insert(s, i+1, s[i]))
		}, "loop 2100A repeats more than 1 times", true},
		{"DMG before NM1", fullFile, func(t *testing.T, s []string) []string {
			i, j := index(t, s, "NM1*IL", 1), index(t, s, "DMG*", 1)
			s[i], s[j] = s[j], s[i]
			return s
		}, "DMG*D8 has no place here", false},
		{"N3 inside the coverage loop", fullFile, func(t *testing.T, s []string) []string {
			i := index(t, s, "DTP*348", 0)
			return fixCounts(slices.Insert(s, i+1, "N3*1 MAIN ST"))
		}, "N3*1 MAIN ST has no place here (after loop 2300", true},
		{"coverage without begin date", fullFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "DTP*348", 1), index(t, s, "DTP*348", 1)+1))
		}, "the coverage has no benefit begin date (DTP*348)", true},
		{"termination without end date", changesFile, func(t *testing.T, s []string) []string {
			return fixCounts(slices.Delete(s, index(t, s, "DTP*349", 0), index(t, s, "DTP*349", 0)+1))
		}, "a terminated coverage (HD01 024) needs its benefit end date (DTP*349)", true},
		{"invalid birth date", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "DMG*", 0, "DMG*D8*19840230*F")
		}, `DMG02 (birth date) "19840230" is not a CCYYMMDD date`, true},
		{"bad gender", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "DMG*", 0, "DMG*D8*19840309*X")
		}, `DMG03 (gender) "X" is not a code`, true},
		{"bad DTP qualifier", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "DTP*336", 0, "DTP*348*D8*20190603")
		}, `DTP01 "348" is not a date qualifier of loop 2000`, true},
		{"range date in the member loop", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "DTP*336", 0, "DTP*336*RD8*20190603-20200101")
		}, "RD8 (date range) is not allowed in loop 2000", true},
		{"bad HD03", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "HD*", 0, "HD*030**LIF*PPO 500*FAM")
		}, `HD03 (insurance line) "LIF" is not a code`, true},
		{"bad HD05", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "HD*", 0, "HD*030**HLT*PPO 500*FAMILY")
		}, `HD05 (coverage level) "FAMILY" is not a code`, true},
		{"addition in a verify file", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "INS*", 0, "INS*Y*18*021*XN*A***FT")
		}, `INS03 is "021" but a verify file (BGN08 4) sends 030`, true},
		{"audit in a change file", changesFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "HD*", 0, "HD*030**HLT*PPO 500*ESP")
		}, "HD01 030 (audit or compare) is for full files, but BGN08 is 2", true},
		{"bad BGN08", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "BGN*", 0, "BGN*00*CADRE-FULL-20250115*20250115*0930****9")
		}, `BGN08 (action) is "9", expected one of 2, 4, RX`, true},
		{"ISA of the wrong width", fullFile, func(t *testing.T, s []string) []string {
			s[0] = strings.Replace(s[0], "CADREDEMO      ", "CADREDEMO     ", 1)
			return s
		}, "the ISA segment is not 106 characters long", true},
		{"wrong GS08", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "GS*", 0, "GS*BE*CADREDEMO*EVERGREENHP*20250115*0930*1*X*005010X220")
		}, `GS08 is "005010X220", expected "005010X220A1"`, true},
		{"segment between SE and GE", fullFile, func(t *testing.T, s []string) []string {
			return slices.Insert(s, index(t, s, "GE*", 0), "REF*38*X")
		}, "segment outside a transaction set", true},
		{"no IEA", fullFile, func(t *testing.T, s []string) []string {
			return s[:len(s)-1]
		}, "the interchange has no IEA trailer", true},
		{"no SE", fullFile, func(t *testing.T, s []string) []string {
			return slices.Delete(s, index(t, s, "SE*", 0), index(t, s, "SE*", 0)+1)
		}, "GE before the SE of transaction set 0001", false},
		{"not an 834", fullFile, func(t *testing.T, s []string) []string {
			return replace(t, s, "ST*", 0, "ST*837*0001*005010X220A1")
		}, `ST01 is "837", not 834`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := join(tc.break_(t, segs(t, tc.file())))
			errs := Validate(data)
			if !contains(errs, tc.want) {
				t.Fatalf("Validate should report %q, got:\n%s", tc.want, list(errs))
			}
			if tc.only && len(errs) != 1 {
				t.Errorf("Validate should report only %q, got:\n%s", tc.want, list(errs))
			}
		})
	}
}

func TestValidateRawInput(t *testing.T) {
	good := join(segs(t, fullFile()))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "the file is empty"},
		{"not X12", []byte("hello, world"), "does not start with an ISA"},
		{"short", good[:80], "shorter than an ISA segment"},
		{"unterminated", good[:len(good)-2], `ends with data that is not terminated by '~'`},
		{"empty segment", []byte(strings.Replace(string(good), "REF*38*GRP-20931~", "REF*38*GRP-20931~~", 1)), "empty segment"},
		{"line break inside a segment", []byte(strings.Replace(string(good), "N1*P5*CADRE", "N1*P5*\nCADRE", 1)), "line break inside the segment"},
		{"same separators", []byte(strings.Replace(string(good), "*:~", "*~~", 1)), "are both '~'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Validate(tc.data)
			if !contains(errs, tc.want) {
				t.Errorf("Validate should report %q, got:\n%s", tc.want, list(errs))
			}
		})
	}
	// No prefix of a good file may make the validator panic, and only the
	// whole file is clean.
	for n := range len(good) {
		if errs := Validate(good[:n]); errs == nil && n < len(good)-1 {
			t.Fatalf("a file cut at %d bytes validates clean", n)
		}
	}
}

func TestIssueError(t *testing.T) {
	s := segs(t, fullFile())
	s = replace(t, s, "QTY*ET", 0, "QTY*ET*9")
	errs := Validate(join(s))
	if len(errs) != 1 {
		t.Fatalf("got %v", errs)
	}
	var is *Issue
	if !errors.As(errs[0], &is) || is.Segment != 9 || is.Tag != "QTY" {
		t.Fatalf("issue = %#v", errs[0])
	}
	if got, want := errs[0].Error(), "edi834: segment 9 (QTY): QTY*ET is 9 but the transaction set has 2 employees (INS01 Y)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func FuzzValidate(f *testing.F) {
	for _, tc := range goldenCases() {
		out, err := Build(tc.file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(out)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Validate(data) // must not panic
	})
}

func contains(errs []error, want string) bool {
	for _, e := range errs {
		if strings.Contains(e.Error(), want) {
			return true
		}
	}
	return false
}

func list(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("  " + e.Error() + "\n")
	}
	if len(errs) == 0 {
		return "  (no issues)\n"
	}
	return b.String()
}

// TestValidateSurvivesEdits deletes and duplicates each segment of a good
// file in turn: the validator must not panic, and a duplicated INS (a
// member without REF*0F and name) must be reported.
func TestValidateSurvivesEdits(t *testing.T) {
	for _, f := range []File{fullFile(), changesFile()} {
		good := segs(t, f)
		for i := 1; i < len(good)-3; i++ {
			deleted := fixCounts(slices.Delete(slices.Clone(good), i, i+1))
			_ = Validate(join(deleted))
			doubled := fixCounts(slices.Insert(slices.Clone(good), i, good[i]))
			errs := Validate(join(doubled))
			if strings.HasPrefix(good[i], "INS*") && errs == nil {
				t.Errorf("a repeated %s validates clean", good[i])
			}
		}
	}
}
