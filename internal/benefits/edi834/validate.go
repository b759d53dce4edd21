package edi834

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Issue is one problem Validate found.
type Issue struct {
	// Segment is the 1-based position of the segment in the file (the ISA
	// is 1), or 0 when the problem is with the file as a whole.
	Segment int
	// Tag is the segment's tag, e.g. "INS"; empty when Segment is 0.
	Tag string
	// Msg says what is wrong.
	Msg string
}

func (i *Issue) Error() string {
	if i.Segment == 0 {
		return "edi834: " + i.Msg
	}
	return fmt.Sprintf("edi834: segment %d (%s): %s", i.Segment, i.Tag, i.Msg)
}

// segment is one parsed segment: el[0] is the tag, el[n] element n.
type segment struct {
	pos int
	el  []string
}

func (s segment) tag() string { return s.el[0] }

// get returns element n, or "" when the segment is shorter.
func (s segment) get(n int) string {
	if n < len(s.el) {
		return s.el[n]
	}
	return ""
}

// key is the tag followed by the first element, e.g. "REF*0F".
func (s segment) key() string { return s.tag() + "*" + s.get(1) }

// report collects issues.
type report struct {
	issues []error
}

func (r *report) at(s segment, format string, args ...any) {
	r.issues = append(r.issues, &Issue{Segment: s.pos, Tag: s.tag(), Msg: fmt.Sprintf(format, args...)})
}

func (r *report) file(format string, args ...any) {
	r.issues = append(r.issues, &Issue{Msg: fmt.Sprintf(format, args...)})
}

// Validate checks an X12 834 file against the structure of the
// 005010X220A1 implementation guide and returns every problem it finds
// (as *Issue values), or nil for a clean file. It reads the delimiters
// from the ISA segment, accepts line breaks after segment terminators,
// and checks:
//
//   - the ISA's fixed width (106 characters with its terminator), its
//     codes and its delimiters;
//   - the envelopes: ISA13 = IEA02, IEA01 = number of groups, GS06 = GE02,
//     GE01 = number of transaction sets, ST02 = SE02, SE01 = number of
//     segments from ST to SE;
//   - the loop order of each 834: header (BGN, REF*38, DTP, QTY), 1000A
//     (N1*P5), 1000B (N1*IN), 1000C, then 2000 member loops, each an INS
//     followed at once by its REF*0F, then 2100A (NM1*IL) and the other
//     2100 loops, 2200, 2300 (HD with DTP, AMT, REF, IDC, 2310 and 2320
//     loops) and 2700;
//   - code values: INS01-INS05, INS08, INS09, HD01, HD03, HD05, DMG03,
//     N1, NM1 and REF qualifiers, DTP qualifiers by loop, and dates;
//   - the QTY control totals against the members counted;
//   - that full files (BGN08 4) send 030 and change files (BGN08 2) do
//     not, and that each dependent follows its subscriber (same REF*0F).
func Validate(data []byte) []error {
	r := &report{}
	segs := parse(data, r)
	if segs == nil {
		return r.issues
	}
	checkEnvelopes(segs, r)
	if len(r.issues) == 0 {
		return nil
	}
	return r.issues
}

// isaWidths are the lengths of ISA01..ISA16.
var isaWidths = [16]int{2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}

// parse splits data into segments using the delimiters of its ISA. It
// returns nil when the ISA cannot be read.
func parse(data []byte, r *report) []segment {
	if len(bytes.TrimSpace(data)) == 0 {
		r.file("the file is empty")
		return nil
	}
	if !bytes.HasPrefix(data, []byte("ISA")) {
		r.file("the file does not start with an ISA segment")
		return nil
	}
	if len(data) < 106 {
		r.file("the file is shorter than an ISA segment (106 characters)")
		return nil
	}
	elem := data[3]
	if data[103] != elem {
		r.file("the ISA segment is not 106 characters long: ISA16 is not where the element separator %q puts it", elem)
		return nil
	}
	fields := strings.Split(string(data[:105]), string(elem))
	if len(fields) != 17 {
		r.file("the ISA segment has %d elements instead of 16", len(fields)-1)
		return nil
	}
	isa := segment{pos: 1, el: fields}
	for i, w := range isaWidths {
		if got := len(fields[i+1]); got != w {
			r.at(isa, "ISA%02d must be %d characters, got %d", i+1, w, got)
		}
	}
	comp, term := data[104], data[105]
	rep := byte(0)
	if len(fields[11]) == 1 {
		rep = fields[11][0]
	}
	seps := map[string]byte{"element separator": elem, "component separator (ISA16)": comp, "segment terminator": term}
	if rep != 0 {
		seps["repetition separator (ISA11)"] = rep
	}
	seen := map[byte]string{}
	for name, c := range seps {
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == ' ' {
			r.at(isa, "the %s %q must not be a letter, digit or space", name, c)
		}
		if other, dup := seen[c]; dup {
			r.at(isa, "the %s and the %s are both %q", name, other, c)
		}
		seen[c] = name
	}
	if len(r.issues) > 0 {
		return nil
	}

	segs := []segment{isa}
	rest := string(data[106:])
	pieces := strings.Split(rest, string(term))
	for i, p := range pieces {
		if term != '\n' && term != '\r' {
			p = strings.TrimLeft(p, "\r\n")
		}
		if i == len(pieces)-1 {
			if strings.TrimSpace(p) != "" {
				r.file("the file ends with data that is not terminated by %q", term)
			}
			break
		}
		pos := len(segs) + 1
		if p == "" {
			r.issues = append(r.issues, &Issue{Segment: pos, Msg: "empty segment"})
			continue
		}
		s := segment{pos: pos, el: strings.Split(p, string(elem))}
		if !validTag(s.tag()) {
			r.at(s, "%q is not a segment tag", s.tag())
		}
		if strings.ContainsAny(p, "\r\n") {
			r.at(s, "line break inside the segment")
		}
		segs = append(segs, s)
	}
	return segs
}

func validTag(t string) bool {
	if len(t) < 2 || len(t) > 3 {
		return false
	}
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkEnvelopes checks the ISA/GS/ST envelopes and hands each
// transaction set to checkTransaction.
func checkEnvelopes(segs []segment, r *report) {
	isa := segs[0]
	checkISA(isa, r)

	var (
		groups    int
		gs        *segment
		st        *segment
		body      []segment
		sets      int
		stNumbers map[string]bool
		ieaSeen   bool
	)
	for _, s := range segs[1:] {
		if ieaSeen {
			r.at(s, "segment after the IEA trailer")
			continue
		}
		switch s.tag() {
		case "ISA":
			r.at(s, "a second ISA: one interchange per file")
		case "GS":
			if st != nil {
				r.at(s, "GS inside transaction set %s, which has no SE", st.get(2))
				st = nil
			}
			if gs != nil {
				r.at(s, "GS before the GE of group %s", gs.get(6))
			}
			g := s
			gs, sets, stNumbers = &g, 0, map[string]bool{}
			groups++
			checkGS(s, r)
		case "ST":
			if gs == nil {
				r.at(s, "ST outside a functional group (no GS before it)")
			}
			if st != nil {
				r.at(s, "ST before the SE of transaction set %s", st.get(2))
			}
			t := s
			st, body = &t, nil
			sets++
			if stNumbers != nil {
				if stNumbers[s.get(2)] {
					r.at(s, "transaction set control number ST02 %q repeats in the group", s.get(2))
				}
				stNumbers[s.get(2)] = true
			}
			if s.get(1) != "834" {
				r.at(s, "ST01 is %q, not 834", s.get(1))
			}
			if n := s.get(2); len(n) < 4 || len(n) > 9 || !allDigits(n) {
				r.at(s, "ST02 %q must be 4 to 9 digits", n)
			}
			if s.get(3) != Version {
				r.at(s, "ST03 is %q, not %s", s.get(3), Version)
			}
		case "SE":
			if st == nil {
				r.at(s, "SE without an ST")
				continue
			}
			if n, err := strconv.Atoi(s.get(1)); err != nil || n != len(body)+2 {
				r.at(s, "SE01 is %q but the transaction set has %d segments (ST to SE)", s.get(1), len(body)+2)
			}
			if s.get(2) != st.get(2) {
				r.at(s, "SE02 %q does not match ST02 %q", s.get(2), st.get(2))
			}
			if st.get(1) == "834" {
				checkTransaction(*st, body, r)
			}
			st, body = nil, nil
		case "GE":
			if st != nil {
				r.at(s, "GE before the SE of transaction set %s", st.get(2))
				st = nil
			}
			if gs == nil {
				r.at(s, "GE without a GS")
				continue
			}
			if n, err := strconv.Atoi(s.get(1)); err != nil || n != sets {
				r.at(s, "GE01 is %q but the group has %d transaction sets", s.get(1), sets)
			}
			if s.get(2) != gs.get(6) {
				r.at(s, "GE02 %q does not match GS06 %q", s.get(2), gs.get(6))
			}
			gs = nil
		case "IEA":
			if st != nil {
				r.at(s, "IEA before the SE of transaction set %s", st.get(2))
				st = nil
			}
			if gs != nil {
				r.at(s, "IEA before the GE of group %s", gs.get(6))
				gs = nil
			}
			if n, err := strconv.Atoi(s.get(1)); err != nil || n != groups {
				r.at(s, "IEA01 is %q but the interchange has %d functional groups", s.get(1), groups)
			}
			if s.get(2) != isa.get(13) {
				r.at(s, "IEA02 %q does not match ISA13 %q", s.get(2), isa.get(13))
			}
			ieaSeen = true
		default:
			if st == nil {
				r.at(s, "segment outside a transaction set (between envelopes)")
				continue
			}
			body = append(body, s)
		}
	}
	if st != nil {
		r.file("transaction set %s has no SE trailer", st.get(2))
	}
	if gs != nil {
		r.file("functional group %s has no GE trailer", gs.get(6))
	}
	if groups == 0 {
		r.file("the interchange has no functional group (GS)")
	}
	if !ieaSeen {
		r.file("the interchange has no IEA trailer")
	}
}

func checkISA(s segment, r *report) {
	oneOf(r, s, 1, "ISA01", "00", "03")
	oneOf(r, s, 3, "ISA03", "00", "01")
	for _, n := range []int{5, 7} {
		if _, ok := interchangeIDQualifiers[s.get(n)]; !ok {
			r.at(s, "ISA%02d %q is not an interchange ID qualifier", n, s.get(n))
		}
	}
	for _, n := range []int{6, 8} {
		if strings.TrimSpace(s.get(n)) == "" {
			r.at(s, "ISA%02d (interchange ID) is blank", n)
		}
	}
	if _, err := time.Parse("060102", s.get(9)); err != nil {
		r.at(s, "ISA09 %q is not a YYMMDD date", s.get(9))
	}
	if !validTime(s.get(10), 4, 4) {
		r.at(s, "ISA10 %q is not an HHMM time", s.get(10))
	}
	oneOf(r, s, 12, "ISA12", "00501")
	if n := s.get(13); !allDigits(n) || n == "000000000" {
		r.at(s, "ISA13 %q must be a 9-digit control number", n)
	}
	oneOf(r, s, 14, "ISA14", "0", "1")
	oneOf(r, s, 15, "ISA15", "P", "T")
}

func checkGS(s segment, r *report) {
	oneOf(r, s, 1, "GS01 (functional identifier)", "BE")
	for _, n := range []int{2, 3} {
		if v := s.get(n); len(v) < 2 || len(v) > 15 {
			r.at(s, "GS%02d %q must be 2 to 15 characters", n, v)
		}
	}
	if !validDate(s.get(4)) {
		r.at(s, "GS04 %q is not a CCYYMMDD date", s.get(4))
	}
	if !validTime(s.get(5), 4, 8) {
		r.at(s, "GS05 %q is not an HHMM time", s.get(5))
	}
	if n := s.get(6); n == "" || len(n) > 9 || !allDigits(n) {
		r.at(s, "GS06 %q must be a group control number of 1 to 9 digits", n)
	}
	oneOf(r, s, 7, "GS07", "X")
	oneOf(r, s, 8, "GS08", Version)
}

// oneOf reports element n of s unless it is one of want.
func oneOf(r *report, s segment, n int, name string, want ...string) bool {
	v := s.get(n)
	for _, w := range want {
		if v == w {
			return true
		}
	}
	if len(want) == 1 {
		r.at(s, "%s is %q, expected %q", name, v, want[0])
	} else {
		r.at(s, "%s is %q, expected one of %s", name, v, strings.Join(want, ", "))
	}
	return false
}

// inList reports element n of s unless it is in list; empty values are
// reported only when required.
func inList(r *report, s segment, n int, name string, list map[string]string, required bool) {
	v := s.get(n)
	if v == "" {
		if required {
			r.at(s, "%s is missing", name)
		}
		return
	}
	if _, ok := list[v]; !ok {
		r.at(s, "%s %q is not a code of %s", name, v, Version)
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func validDate(s string) bool {
	if len(s) != 8 || !allDigits(s) {
		return false
	}
	_, err := time.Parse("20060102", s)
	return err == nil
}

// validTime accepts HHMM with optional seconds and decimal seconds, in
// min..max digits.
func validTime(s string, min, max int) bool {
	if len(s) < min || len(s) > max || !allDigits(s) || len(s)%2 == 1 && len(s) < 7 {
		return false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[2:4])
	if h > 23 || m > 59 {
		return false
	}
	if len(s) >= 6 {
		if sec, _ := strconv.Atoi(s[4:6]); sec > 59 {
			return false
		}
	}
	return true
}

// checkDTP checks a DTP's qualifier against list and its date against
// its format qualifier; rangeOK allows RD8 (CCYYMMDD-CCYYMMDD).
func checkDTP(r *report, s segment, loop string, list map[string]string, rangeOK bool) {
	if _, ok := list[s.get(1)]; !ok {
		r.at(s, "DTP01 %q is not a date qualifier of loop %s", s.get(1), loop)
	}
	switch s.get(2) {
	case "D8":
		if !validDate(s.get(3)) {
			r.at(s, "DTP03 %q is not a CCYYMMDD date", s.get(3))
		}
	case "RD8":
		if !rangeOK {
			r.at(s, "DTP02 RD8 (date range) is not allowed in loop %s", loop)
			return
		}
		from, to, ok := strings.Cut(s.get(3), "-")
		if !ok || !validDate(from) || !validDate(to) || to < from {
			r.at(s, "DTP03 %q is not a CCYYMMDD-CCYYMMDD range", s.get(3))
		}
	default:
		r.at(s, "DTP02 %q is not a date format of loop %s (D8)", s.get(2), loop)
	}
}
