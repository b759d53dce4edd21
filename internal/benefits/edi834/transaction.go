package edi834

import "strconv"

// The member loop (2000 and the loops inside it) is checked against a
// linear order of positions: every segment is placed at a position that
// depends on its tag, its qualifier and the loop it is in, and positions
// may only grow, except that a segment starting a loop may start a new
// repetition of that loop while the current position is inside it.
//
//	 100 INS           2000       1000 DSB   2200       1300 COB  2320
//	 110 REF*0F        2000       1100 HD    2300       1400 NM1  2330
//	 120 REF*1L        2000       1200 LX    2310       1500 LS   2700
//	 130 REF (other)   2000       1210 NM1   2310       1600 LX   2710
//	 140 DTP           2000                             1700 N1   2750
//	 200 NM1*IL/74     2100A      300..900 NM1 2100B..2100H     1800 LE
//
// Inside a 2100 loop, PER is at +10, N3 +20, N4 +30, DMG +40; 2100A also
// has EC 250, ICM 260, AMT 270, HLH 280, LUI 290. 2300 has DTP 1110, AMT
// 1120, REF 1130, IDC 1140; 2310 N3 1220, N4 1230, PER 1240, PLA 1250;
// 2320 REF 1310, DTP 1320; 2330 N3 1410, N4 1420, PER 1430; 2750 REF
// 1710, DTP 1720.

// slot describes a position of the member loop.
type slot struct {
	loop  string // loop ID for messages
	start bool   // the segment starts a (repeatable) loop
	end   int    // for a loop start: the first position after the loop and its inner loops
	max   int    // most uses in one repetition of the enclosing loop (0: no limit)
}

var slots = map[int]slot{
	100: {"2000", true, 2000, 0},
	110: {"2000", false, 0, 1}, 120: {"2000", false, 0, 1}, 130: {"2000", false, 0, 13}, 140: {"2000", false, 0, 24},
	200: {"2100A", true, 300, 1},
	210: {"2100A", false, 0, 1}, 220: {"2100A", false, 0, 1}, 230: {"2100A", false, 0, 1}, 240: {"2100A", false, 0, 1},
	250: {"2100A", false, 0, 0}, 260: {"2100A", false, 0, 1}, 270: {"2100A", false, 0, 7}, 280: {"2100A", false, 0, 1},
	290: {"2100A", false, 0, 0},
	300: {"2100B", true, 400, 1}, 340: {"2100B", false, 0, 1},
	400: {"2100C", true, 500, 1}, 420: {"2100C", false, 0, 1}, 430: {"2100C", false, 0, 1},
	500: {"2100D", true, 600, 3}, 510: {"2100D", false, 0, 1}, 520: {"2100D", false, 0, 1}, 530: {"2100D", false, 0, 1},
	600: {"2100E", true, 700, 3}, 610: {"2100E", false, 0, 1}, 620: {"2100E", false, 0, 1}, 630: {"2100E", false, 0, 1},
	700: {"2100F", true, 800, 1}, 710: {"2100F", false, 0, 1}, 720: {"2100F", false, 0, 1}, 730: {"2100F", false, 0, 1},
	800: {"2100G", true, 900, 13}, 810: {"2100G", false, 0, 1}, 820: {"2100G", false, 0, 1}, 830: {"2100G", false, 0, 1},
	900: {"2100H", true, 1000, 1}, 920: {"2100H", false, 0, 1}, 930: {"2100H", false, 0, 1},
	1000: {"2200", true, 1100, 0}, 1010: {"2200", false, 0, 2},
	1100: {"2300", true, 1500, 99},
	1110: {"2300", false, 0, 6}, 1120: {"2300", false, 0, 9}, 1130: {"2300", false, 0, 15}, 1140: {"2300", false, 0, 3},
	1200: {"2310", true, 1300, 30},
	1210: {"2310", false, 0, 1}, 1220: {"2310", false, 0, 2}, 1230: {"2310", false, 0, 1}, 1240: {"2310", false, 0, 2},
	1250: {"2310", false, 0, 1},
	1300: {"2320", true, 1500, 5}, 1310: {"2320", false, 0, 4}, 1320: {"2320", false, 0, 2},
	1400: {"2330", true, 1500, 3}, 1410: {"2330", false, 0, 1}, 1420: {"2330", false, 0, 1}, 1430: {"2330", false, 0, 1},
	1500: {"2700", true, 1900, 1},
	1600: {"2710", true, 1800, 0},
	1700: {"2750", true, 1800, 1}, 1710: {"2750", false, 0, 1}, 1720: {"2750", false, 0, 1},
	1800: {"2700", false, 0, 1},
}

// NM101 codes of the 2100 loops after 2100A, by loop position.
var nm1Loops = map[string]int{"70": 300, "31": 400, "36": 500, "M8": 600, "S3": 700, "45": 900,
	"6Y": 800, "9K": 800, "E1": 800, "EI": 800, "EXS": 800, "GB": 800, "GD": 800, "J6": 800, "LR": 800,
	"QD": 800, "S1": 800, "TZ": 800, "X4": 800}

// providerEntities are the NM101 codes of the 2310 provider name.
var providerEntities = map[string]bool{"1X": true, "3D": true, "80": true, "FA": true, "OD": true, "P3": true,
	"QA": true, "QN": true, "Y2": true}

// in reports whether cur is in [from, to).
func in(cur, from, to int) bool { return cur >= from && cur < to }

// place returns the position of s in the member loop given the current
// position, or 0 when s has no place there.
func place(s segment, cur int) int {
	base := cur / 100 * 100 // the 2100 loop we are in, when 200 <= cur < 1000
	in2100 := in(cur, 200, 1000)
	switch s.tag() {
	case "REF":
		switch {
		case cur < 200:
			switch s.get(1) {
			case "0F":
				return 110
			case "1L":
				return 120
			}
			return 130
		case in(cur, 1100, 1200):
			return 1130
		case in(cur, 1300, 1400):
			return 1310
		case in(cur, 1700, 1800):
			return 1710
		}
	case "DTP":
		switch {
		case cur < 200:
			return 140
		case in(cur, 1000, 1100):
			return 1010
		case in(cur, 1100, 1200):
			return 1110
		case in(cur, 1300, 1400):
			return 1320
		case in(cur, 1700, 1800):
			return 1720
		}
	case "NM1":
		q := s.get(1)
		switch {
		case q == "IL" || q == "74":
			return 200
		case providerEntities[q] && in(cur, 1200, 1300):
			return 1210
		case (q == "36" || q == "GW" || q == "IN") && in(cur, 1300, 1500):
			return 1400
		case nm1Loops[q] != 0:
			return nm1Loops[q]
		}
	case "PER":
		switch {
		case in2100 && (base == 200 || in(base, 500, 900)):
			return base + 10
		case in(cur, 1200, 1300):
			return 1240
		case in(cur, 1400, 1500):
			return 1430
		}
	case "N3", "N4":
		off := map[string]int{"N3": 20, "N4": 30}[s.tag()]
		switch {
		case in2100 && base != 300:
			return base + off
		case in(cur, 1200, 1300):
			return 1200 + off
		case in(cur, 1400, 1500):
			return 1400 + off - 10
		}
	case "DMG":
		if in2100 && (base == 200 || base == 300) {
			return base + 40
		}
	case "EC", "ICM", "HLH", "LUI":
		if base == 200 && in2100 {
			return map[string]int{"EC": 250, "ICM": 260, "HLH": 280, "LUI": 290}[s.tag()]
		}
	case "AMT":
		switch {
		case in2100 && base == 200:
			return 270
		case in(cur, 1100, 1200):
			return 1120
		}
	case "DSB":
		return 1000
	case "HD":
		return 1100
	case "IDC":
		if in(cur, 1100, 1200) {
			return 1140
		}
	case "LX":
		switch {
		case in(cur, 1100, 1500):
			return 1200
		case in(cur, 1500, 1800):
			return 1600
		}
	case "PLA":
		if in(cur, 1200, 1300) {
			return 1250
		}
	case "COB":
		return 1300
	case "LS":
		return 1500
	case "N1":
		if s.get(1) == "75" && in(cur, 1600, 1800) {
			return 1700
		}
	case "LE":
		return 1800
	}
	return 0
}

// memberInfo is what the cross-member checks need of one 2000 loop.
type memberInfo struct {
	ins        segment
	subscriber bool
	ref0F      string
	hasName    bool
}

// coverageInfo is what the end-of-loop checks need of one 2300 loop.
type coverageInfo struct {
	hd             segment
	begins, ends   int
	maintenanceHD1 string
}

// txn holds the state of one transaction set while it is checked.
type txn struct {
	r       *report
	action  string // BGN08
	members []*memberInfo
	covs    []*coverageInfo
	qty     map[string]segment

	// member loop state
	m      *memberInfo
	cov    *coverageInfo
	cur    int
	counts map[int]int
}

// checkTransaction checks the body of one 834 transaction set (the
// segments between ST and SE).
func checkTransaction(st segment, body []segment, r *report) {
	t := &txn{r: r, qty: map[string]segment{}}
	if len(body) == 0 || body[0].tag() != "BGN" {
		r.at(st, "the transaction set does not begin with BGN")
	}

	// Header and 1000 loops. Positions: BGN 0, REF*38 1, DTP 2, QTY 3,
	// N1*P5 4, N1*IN 5, N1*BO/TV 6, ACT 7.
	i, hpos := 0, -1
	var sponsor, payer bool
	headerCounts := map[int]int{}
	headerMax := map[int]int{0: 1, 1: 1, 2: 0, 3: 3, 4: 1, 5: 1, 6: 2, 7: 2}
	for ; i < len(body) && body[i].tag() != "INS"; i++ {
		s := body[i]
		p := -1
		switch s.tag() {
		case "BGN":
			p = 0
			t.checkBGN(s)
		case "REF":
			p = 1
			oneOf(r, s, 1, "REF01 of the transaction set policy number", "38")
			t.requireREF02(s)
		case "DTP":
			p = 2
			checkDTP(r, s, "header", headerDateQualifiers, false)
		case "QTY":
			p = 3
			t.checkQTY(s)
		case "N1":
			switch s.get(1) {
			case "P5":
				p, sponsor = 4, true
				inList(r, s, 3, "N103 (sponsor ID qualifier)", sponsorIDQualifiers, true)
				if s.get(4) == "" {
					r.at(s, "N104 (sponsor identifier) is missing")
				}
			case "IN":
				p, payer = 5, true
				inList(r, s, 3, "N103 (payer ID qualifier)", payerIDQualifiers, true)
				if s.get(4) == "" {
					r.at(s, "N104 (payer identifier) is missing")
				}
			case "BO", "TV":
				p = 6
				if s.get(2) == "" {
					r.at(s, "N102 (TPA or broker name) is missing")
				}
				inList(r, s, 3, "N103 (TPA or broker ID qualifier)", payerIDQualifiers, true)
			default:
				r.at(s, "N1*%s is not a party of the 834 header (P5 sponsor, IN payer, BO broker, TV TPA)", s.get(1))
				continue
			}
		case "ACT":
			p = 7
			if hpos != 6 && hpos != 7 {
				r.at(s, "ACT (loop 1100C) must follow its N1*BO or N1*TV")
			}
		default:
			r.at(s, "%s is not a segment of the 834 header", s.tag())
			continue
		}
		if p < hpos {
			r.at(s, "%s is out of order in the header (BGN, REF*38, DTP, QTY, N1*P5, N1*IN, N1*BO/TV)", s.key())
		}
		headerCounts[p]++
		if max := headerMax[p]; max > 0 && headerCounts[p] > max {
			r.at(s, "%s appears more than %d times in the header", s.key(), max)
		}
		if p > hpos {
			hpos = p
		}
	}
	if !sponsor {
		r.at(st, "the sponsor (loop 1000A, N1*P5) is missing")
	}
	if !payer {
		r.at(st, "the payer (loop 1000B, N1*IN) is missing")
	}
	if i == len(body) {
		r.at(st, "the transaction set has no member (INS)")
	}

	// Member loops.
	for ; i < len(body); i++ {
		t.member(body[i])
	}
	t.endCoverage()
	t.endMember()
	t.crossChecks()
}

func (t *txn) checkBGN(s segment) {
	r := t.r
	oneOf(r, s, 1, "BGN01 (purpose)", "00", "15", "22")
	if v := s.get(2); v == "" || len(v) > 50 {
		r.at(s, "BGN02 (reference) must be 1 to 50 characters")
	}
	if !validDate(s.get(3)) {
		r.at(s, "BGN03 %q is not a CCYYMMDD date", s.get(3))
	}
	if !validTime(s.get(4), 4, 8) {
		r.at(s, "BGN04 %q is not an HHMM time", s.get(4))
	}
	if oneOf(r, s, 8, "BGN08 (action)", ActionChange, ActionVerify, ActionReplace) {
		t.action = s.get(8)
	}
}

func (t *txn) checkQTY(s segment) {
	q := s.get(1)
	if q != "TO" && q != "DT" && q != "ET" {
		t.r.at(s, "QTY01 %q is not TO (total), DT (dependents) or ET (employees)", q)
		return
	}
	if _, dup := t.qty[q]; dup {
		t.r.at(s, "QTY*%s appears twice", q)
	}
	if _, err := strconv.Atoi(s.get(2)); err != nil {
		t.r.at(s, "QTY02 %q is not a count", s.get(2))
	}
	t.qty[q] = s
}

func (t *txn) requireREF02(s segment) {
	if v := s.get(2); v == "" || len(v) > 50 {
		t.r.at(s, "REF02 must be 1 to 50 characters")
	}
}

// member places one segment of the member area and checks it.
func (t *txn) member(s segment) {
	r := t.r
	if s.tag() == "INS" {
		t.endCoverage()
		t.endMember()
		t.m = &memberInfo{ins: s, subscriber: s.get(1) == "Y"}
		t.members = append(t.members, t.m)
		t.cur, t.counts = 100, map[int]int{}
		t.checkINS(s)
		return
	}
	if t.m == nil {
		return // unreachable: the member area starts with INS
	}
	p := place(s, t.cur)
	if p == 0 {
		r.at(s, "%s has no place here (after loop %s of the member loop)", s.key(), slots[t.cur].loop)
		return
	}
	sl := slots[p]
	if t.cur == 100 && p != 110 {
		r.at(s, "the subscriber identifier REF*0F must follow INS at once")
	}
	switch {
	case sl.start && (in(t.cur, p, sl.end) || p > t.cur):
		// A new repetition of the loop: forget the counts of its inner
		// positions.
		for k := range t.counts {
			if k > p && k < sl.end {
				delete(t.counts, k)
			}
		}
	case p < t.cur:
		r.at(s, "%s (loop %s) is out of order: it comes after a segment of loop %s", s.key(), sl.loop, slots[t.cur].loop)
		return
	}
	t.counts[p]++
	if sl.max > 0 && t.counts[p] > sl.max {
		if sl.start {
			r.at(s, "loop %s repeats more than %d times", sl.loop, sl.max)
		} else {
			r.at(s, "%s appears more than %d times in loop %s", s.key(), sl.max, sl.loop)
		}
	}
	t.cur = p
	t.checkMemberSegment(p, s)
}

func (t *txn) checkINS(s segment) {
	r := t.r
	switch s.get(1) {
	case "Y":
		if s.get(2) != RelSelf {
			r.at(s, "INS02 must be 18 (self) for a subscriber (INS01 Y), got %q", s.get(2))
		}
	case "N":
		if s.get(2) == RelSelf {
			r.at(s, "INS02 18 (self) is for subscribers, but INS01 is N")
		}
	default:
		r.at(s, "INS01 %q must be Y (subscriber) or N (dependent)", s.get(1))
	}
	inList(r, s, 2, "INS02 (relationship)", relationshipCodes, true)
	inList(r, s, 3, "INS03 (maintenance type)", insMaintenanceCodes, true)
	inList(r, s, 4, "INS04 (maintenance reason)", maintenanceReasonCodes, false)
	inList(r, s, 5, "INS05 (benefit status)", benefitStatusCodes, true)
	inList(r, s, 8, "INS08 (employment status)", employmentStatusCodes, false)
	inList(r, s, 9, "INS09 (student status)", studentStatusCodes, false)
	if v := s.get(10); v != "" && v != "Y" && v != "N" {
		r.at(s, "INS10 (handicap indicator) %q must be Y or N", v)
	}
	if s.get(11) != "" || s.get(12) != "" {
		if s.get(11) != "D8" || !validDate(s.get(12)) {
			r.at(s, "INS11/INS12 (date of death) must be D8 and a CCYYMMDD date")
		}
	}
	t.checkMaintenance(s, "INS03", s.get(3))
}

// checkMaintenance ties maintenance type codes to BGN08.
func (t *txn) checkMaintenance(s segment, name, code string) {
	switch {
	case t.action == ActionVerify && code != MaintAudit:
		t.r.at(s, "%s is %q but a verify file (BGN08 4) sends 030 (audit or compare)", name, code)
	case t.action == ActionChange && code == MaintAudit:
		t.r.at(s, "%s 030 (audit or compare) is for full files, but BGN08 is 2 (change)", name)
	}
}

// checkMemberSegment checks the elements of a segment placed at p.
func (t *txn) checkMemberSegment(p int, s segment) {
	r := t.r
	switch p {
	case 110:
		t.requireREF02(s)
		t.m.ref0F = s.get(2)
	case 120:
		t.requireREF02(s)
	case 130:
		inList(r, s, 1, "REF01 (member supplemental identifier qualifier)", memberSupplementalRefs, true)
		t.requireREF02(s)
	case 140:
		checkDTP(r, s, "2000", memberDateQualifiers, false)
	case 200:
		t.m.hasName = true
		oneOf(r, s, 2, "NM102 (entity type)", "1")
		if s.get(3) == "" {
			r.at(s, "NM103 (member last name) is missing")
		}
		checkIDPair(r, s, "34", "ZZ")
	case 210:
		oneOf(r, s, 1, "PER01 (contact function)", "IP")
		for n := 3; n <= 7; n += 2 {
			if q := s.get(n); q != "" || n == 3 {
				inList(r, s, n, "PER"+pad(n)+" (communication qualifier)", communicationQualifiers, true)
				if s.get(n+1) == "" {
					r.at(s, "PER%s (communication number) is missing", pad(n+1))
				}
			}
		}
	case 220, 420, 520, 620, 720, 920, 1220, 1410:
		if s.get(1) == "" {
			r.at(s, "N301 (address line) is missing")
		}
	case 230, 430, 530, 630, 730, 930, 1230, 1420:
		if len(s.get(1)) < 2 {
			r.at(s, "N401 (city) is missing")
		}
		if st := s.get(2); st != "" && len(st) != 2 {
			r.at(s, "N402 (state) %q must be 2 characters", st)
		}
		if s.get(4) == "" && s.get(2) == "" && s.tag() == "N4" && p == 230 {
			r.at(s, "N402 (state) is missing for a US address")
		}
	case 240:
		oneOf(r, s, 1, "DMG01", "D8")
		if !validDate(s.get(2)) {
			r.at(s, "DMG02 (birth date) %q is not a CCYYMMDD date", s.get(2))
		}
		inList(r, s, 3, "DMG03 (gender)", genderCodes, true)
	case 1010:
		checkDTP(r, s, "2200", disabilityDateQualifiers, false)
	case 1100:
		t.endCoverage()
		t.cov = &coverageInfo{hd: s, maintenanceHD1: s.get(1)}
		t.covs = append(t.covs, t.cov)
		inList(r, s, 1, "HD01 (maintenance type)", hdMaintenanceCodes, true)
		if s.get(2) != "" {
			r.at(s, "HD02 is not used in %s", Version)
		}
		inList(r, s, 3, "HD03 (insurance line)", insuranceLineCodes, true)
		inList(r, s, 5, "HD05 (coverage level)", coverageLevelCodes, false)
		if v := s.get(9); v != "" && v != "Y" && v != "N" {
			r.at(s, "HD09 (late enrollment) %q must be Y or N", v)
		}
		t.checkMaintenance(s, "HD01", s.get(1))
	case 1110:
		checkDTP(r, s, "2300", coverageDateQualifiers, true)
		switch s.get(1) {
		case "348":
			t.cov.begins++
		case "349":
			t.cov.ends++
		}
	case 1130:
		inList(r, s, 1, "REF01 (health coverage policy number qualifier)", coverageRefs, true)
		t.requireREF02(s)
	case 1310:
		inList(r, s, 1, "REF01 (coordination of benefits identifier qualifier)", cobRefs, true)
		t.requireREF02(s)
	case 1320:
		checkDTP(r, s, "2320", cobDateQualifiers, false)
	case 1710:
		inList(r, s, 1, "REF01 (reporting category qualifier)", reportingRefs, true)
		t.requireREF02(s)
	case 1720:
		checkDTP(r, s, "2750", reportingDateQualifier, true)
	}
}

// checkIDPair checks NM108/NM109: both or neither, and NM108 in quals.
func checkIDPair(r *report, s segment, quals ...string) {
	q, id := s.get(8), s.get(9)
	switch {
	case q == "" && id == "":
	case q == "" || id == "":
		r.at(s, "NM108 and NM109 go together")
	default:
		oneOf(r, s, 8, "NM108 (identification qualifier)", quals...)
		if q == "34" && (len(id) != 9 || !allDigits(id)) {
			r.at(s, "NM109 must be a 9-digit SSN since NM108 is 34")
		}
	}
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// endCoverage checks the 2300 loop that just ended.
func (t *txn) endCoverage() {
	c := t.cov
	if c == nil {
		return
	}
	t.cov = nil
	switch {
	case c.begins == 0:
		t.r.at(c.hd, "the coverage has no benefit begin date (DTP*348)")
	case c.begins > 1:
		t.r.at(c.hd, "the coverage has %d benefit begin dates (DTP*348)", c.begins)
	}
	if c.ends > 1 {
		t.r.at(c.hd, "the coverage has %d benefit end dates (DTP*349)", c.ends)
	}
	if c.maintenanceHD1 == MaintTermination && c.ends == 0 {
		t.r.at(c.hd, "a terminated coverage (HD01 024) needs its benefit end date (DTP*349)")
	}
}

// endMember checks the 2000 loop that just ended.
func (t *txn) endMember() {
	m := t.m
	if m == nil {
		return
	}
	t.m = nil
	if m.ref0F == "" {
		t.r.at(m.ins, "the member has no subscriber identifier (REF*0F)")
	}
	if !m.hasName {
		t.r.at(m.ins, "the member has no name (loop 2100A, NM1*IL)")
	}
}

// crossChecks compares members with each other and with the QTY totals.
func (t *txn) crossChecks() {
	r := t.r
	employees, dependents := 0, 0
	subscriberAt := map[string]int{} // REF*0F -> index of its first subscriber
	for i, m := range t.members {
		if m.subscriber {
			employees++
			if _, seen := subscriberAt[m.ref0F]; !seen && m.ref0F != "" {
				subscriberAt[m.ref0F] = i
			}
		} else {
			dependents++
		}
	}
	current := "" // REF*0F of the subscriber whose dependents may follow
	for i, m := range t.members {
		if m.subscriber {
			current = m.ref0F
			continue
		}
		if m.ref0F == "" || m.ref0F == current {
			continue
		}
		at, ok := subscriberAt[m.ref0F]
		switch {
		case !ok:
			r.at(m.ins, "dependent of subscriber %q, who is not in the file: a dependent must follow its subscriber", m.ref0F)
		case at > i:
			r.at(m.ins, "dependent comes before its subscriber (REF*0F %q, segment %d)", m.ref0F, t.members[at].ins.pos)
		default:
			r.at(m.ins, "dependent is separated from its subscriber (REF*0F %q, segment %d) by another subscriber", m.ref0F, t.members[at].ins.pos)
		}
	}
	want := map[string]int{"TO": len(t.members), "DT": dependents, "ET": employees}
	names := map[string]string{"TO": "members", "DT": "dependents (INS01 N)", "ET": "employees (INS01 Y)"}
	for _, q := range []string{"TO", "DT", "ET"} {
		s, ok := t.qty[q]
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(s.get(2)); err == nil && n != want[q] {
			r.at(s, "QTY*%s is %d but the transaction set has %d %s", q, n, want[q], names[q])
		}
	}
}
