package edi834

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Guide identifiers written into GS08 and ST03.
const (
	// Version is the implementation guide Cadre's 834 files follow.
	Version = "005010X220A1"
	// transactionControl is ST02/SE02: each file holds one transaction set.
	transactionControl = "0001"
)

// InputError lists every problem Build found in its input. Nothing is
// written when there is one.
type InputError struct {
	Problems []string
}

func (e *InputError) Error() string {
	if len(e.Problems) == 1 {
		return "edi834: cannot build the 834 file: " + e.Problems[0]
	}
	return fmt.Sprintf("edi834: cannot build the 834 file, %d problems:\n- %s",
		len(e.Problems), strings.Join(e.Problems, "\n- "))
}

// Build checks f and writes it as an X12 834 (005010X220A1) interchange
// with DefaultOptions: one segment per line. A bad input gives an
// *InputError listing all its problems.
func Build(f File) ([]byte, error) { return BuildWith(f, DefaultOptions) }

// BuildWith is Build with explicit layout options.
func BuildWith(f File, o Options) ([]byte, error) {
	n, problems := normalize(f)
	if len(problems) > 0 {
		return nil, &InputError{Problems: problems}
	}
	return write(n, o), nil
}

// normalize checks f and returns a copy with codes upper-cased, defaults
// filled in and numbers reduced to their digits, ready to write; or the
// list of problems.
func normalize(f File) (File, []string) {
	c := &checker{}

	// Envelopes.
	f.SenderQual = c.qualifier("sender ID qualifier (ISA05)", f.SenderQual)
	f.ReceiverQual = c.qualifier("receiver ID qualifier (ISA07)", f.ReceiverQual)
	f.SenderID = c.interchangeID("sender ID (ISA06)", f.SenderQual, f.SenderID)
	f.ReceiverID = c.interchangeID("receiver ID (ISA08)", f.ReceiverQual, f.ReceiverID)
	if f.ControlNumber < 1 || f.ControlNumber > 999999999 {
		c.add("interchange control number (ISA13) must be between 1 and 999999999, got %d", f.ControlNumber)
	}
	if f.Created.IsZero() {
		c.add("creation time (ISA09/ISA10, BGN03/BGN04) is missing")
	}

	// Header and parties.
	f.Reference = strings.TrimSpace(f.Reference)
	c.ident("transaction set reference (BGN02)", f.Reference, 50, true)
	f.PolicyNumber = strings.TrimSpace(f.PolicyNumber)
	c.ident("master policy number (REF*38)", f.PolicyNumber, 50, false)
	if cleanText(f.SponsorName, 60) == "" {
		c.add("plan sponsor name (1000A N1*P5 N102) is missing")
	}
	if f.SponsorTaxID == "" {
		c.add("plan sponsor FEIN (1000A N1*P5 N104, SponsorTaxID) is missing")
	} else {
		f.SponsorTaxID = c.fein("plan sponsor FEIN (1000A N1*P5 N104)", f.SponsorTaxID)
	}
	f.PayerIDQual = strings.ToUpper(strings.TrimSpace(f.PayerIDQual))
	if f.PayerIDQual == "" {
		f.PayerIDQual = "FI"
	}
	if _, ok := payerIDQualifiers[f.PayerIDQual]; !ok {
		c.add("carrier ID qualifier (1000B N1*IN N103) %q is not FI, XV or 94", f.PayerIDQual)
	}
	f.PayerID = strings.TrimSpace(f.PayerID)
	switch {
	case f.PayerID == "":
		c.add("carrier ID (1000B N1*IN N104, PayerID) is missing: the carrier gives it in its companion guide")
	case f.PayerIDQual == "FI":
		f.PayerID = c.fein("carrier ID (1000B N1*IN N104, a federal tax ID since N103 is FI)", f.PayerID)
	default:
		c.ident("carrier ID (1000B N1*IN N104)", f.PayerID, 80, true)
		if len(f.PayerID) < 2 {
			c.add("carrier ID (1000B N1*IN N104) must have at least 2 characters")
		}
	}

	// Members.
	if len(f.Members) == 0 {
		c.add("the file has no members")
	}
	members := make([]Member, len(f.Members))
	subscriberID := ""
	for i, m := range f.Members {
		members[i] = c.member(f, i, m, &subscriberID)
	}
	f.Members = members
	return f, c.problems
}

// checker collects problems.
type checker struct {
	problems []string
}

func (c *checker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// code upper-cases and trims a code; when it is not empty it must be in
// list.
func (c *checker) code(what, v string, list map[string]string) string {
	v = strings.ToUpper(strings.TrimSpace(v))
	if v != "" {
		if _, ok := list[v]; !ok {
			c.add("%s %q is not a code of %s", what, v, Version)
		}
	}
	return v
}

func (c *checker) qualifier(what, v string) string {
	v = strings.ToUpper(strings.TrimSpace(v))
	if v == "" {
		return "ZZ"
	}
	return c.code(what, v, interchangeIDQualifiers)
}

func (c *checker) interchangeID(what, qual, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		c.add("%s is missing", what)
		return v
	}
	c.ident(what, v, 15, true)
	if qual == "30" {
		if d, ok := digitsOnly(v); !ok || len(d) != 9 {
			c.add("%s must be a 9-digit federal tax ID since its qualifier is 30", what)
		} else {
			v = d
		}
	}
	return v
}

func (c *checker) ident(what, v string, max int, required bool) {
	if v == "" {
		if required {
			c.add("%s is missing", what)
		}
		return
	}
	if p := identProblem(v, max); p != "" {
		c.add("%s %s", what, p)
	}
}

func (c *checker) fein(what, v string) string {
	d, ok := digitsOnly(v)
	if !ok || len(d) != 9 {
		c.add("%s must be a 9-digit federal tax ID (FEIN)", what)
		return v
	}
	return d
}

// member checks and normalizes one member. subscriberID is the REF*0F of
// the subscriber whose dependents may follow.
func (c *checker) member(f File, i int, m Member, subscriberID *string) Member {
	m.SubscriberID = strings.TrimSpace(m.SubscriberID)
	who := fmt.Sprintf("member %d", i+1)
	if name := strings.TrimSpace(m.Last + ", " + m.First); name != "," {
		who += " (" + strings.Trim(name, ", ") + ")"
	}
	add := func(format string, args ...any) { c.add(who+": "+format, args...) }

	// INS.
	m.Relationship = strings.ToUpper(strings.TrimSpace(m.Relationship))
	if m.Subscriber {
		if m.Relationship == "" {
			m.Relationship = RelSelf
		}
		if m.Relationship != RelSelf {
			add("a subscriber's relationship (INS02) must be 18 (self), got %q", m.Relationship)
		}
	} else {
		switch m.Relationship {
		case "":
			add("relationship to the subscriber (INS02) is missing")
		case RelSelf:
			add("relationship 18 (self) is for subscribers; a dependent needs e.g. 01 spouse, 19 child, 53 life partner")
		default:
			c.code(who+": relationship (INS02)", m.Relationship, relationshipCodes)
		}
	}
	m.Maintenance = strings.TrimSpace(m.Maintenance)
	if f.Full {
		if m.Maintenance != "" && m.Maintenance != MaintAudit {
			add("maintenance type (INS03) %q: a full file sends every member as 030 (audit or compare); leave it empty", m.Maintenance)
		}
		m.Maintenance = MaintAudit
	} else {
		switch m.Maintenance {
		case "":
			add("maintenance type (INS03) is missing: 001 change, 021 addition, 024 termination or 025 reinstatement")
		case MaintAudit:
			add("maintenance type 030 (audit or compare) is for full files only")
		default:
			c.code(who+": maintenance type (INS03)", m.Maintenance, insMaintenanceCodes)
		}
	}
	m.MaintenanceReason = c.code(who+": maintenance reason (INS04)", m.MaintenanceReason, maintenanceReasonCodes)
	m.BenefitStatus = c.code(who+": benefit status (INS05)", m.BenefitStatus, benefitStatusCodes)
	if m.BenefitStatus == "" {
		m.BenefitStatus = "A"
	}
	m.EmploymentStatus = c.code(who+": employment status (INS08)", m.EmploymentStatus, employmentStatusCodes)
	if m.Subscriber && m.EmploymentStatus == "" {
		add("employment status (INS08) is required for a subscriber, e.g. FT, PT, AC or TE")
	}
	if !m.Subscriber && m.EmploymentStatus != "" {
		add("employment status (INS08) is sent for subscribers only")
	}
	m.StudentStatus = c.code(who+": student status (INS09)", m.StudentStatus, studentStatusCodes)

	// REF.
	c.ident(who+": subscriber ID (REF*0F)", m.SubscriberID, 50, true)
	if m.Subscriber {
		*subscriberID = m.SubscriberID
	} else if m.SubscriberID != "" {
		switch {
		case *subscriberID == "":
			add("a dependent must follow its subscriber in Members")
		case m.SubscriberID != *subscriberID:
			add("subscriber ID (REF*0F) %q differs from the subscriber it follows (%q): dependents must follow their own subscriber", m.SubscriberID, *subscriberID)
		}
	}
	m.GroupNumber = strings.TrimSpace(m.GroupNumber)
	c.ident(who+": group number (REF*1L)", m.GroupNumber, 50, false)
	m.MemberID = strings.TrimSpace(m.MemberID)
	c.ident(who+": member ID (REF*23)", m.MemberID, 50, false)

	// NM1.
	if cleanText(m.Last, 60) == "" {
		add("last name (NM103) is missing")
	}
	if cleanText(m.First, 35) == "" {
		add("first name (NM104) is missing")
	}
	if m.SSN != "" {
		d, ok := digitsOnly(m.SSN)
		switch {
		case !ok || len(d) != 9:
			add("SSN (NM109) must have 9 digits")
		case d[:3] == "000" || d[:3] == "666" || d[0] == '9' || d[3:5] == "00" || d[5:] == "0000":
			add("SSN (NM109) is not a number the Social Security Administration issues")
		default:
			m.SSN = d
		}
	}

	// PER.
	if m.Phone != "" {
		d, ok := digitsOnly(m.Phone)
		if !ok || len(d) < 7 || len(d) > 15 {
			add("phone (PER) must have 7 to 15 digits")
		} else {
			m.Phone = d
		}
	}
	m.Email = strings.TrimSpace(m.Email)
	if m.Email != "" {
		at := strings.IndexByte(m.Email, '@')
		if at <= 0 || at == len(m.Email)-1 || strings.ContainsRune(m.Email, ' ') {
			add("email (PER) is not an e-mail address")
		} else if p := identProblem(m.Email, 256); p != "" {
			add("email (PER) %s", p)
		}
	}

	// N3/N4.
	m.Country = strings.ToUpper(strings.TrimSpace(m.Country))
	if m.Country == "USA" {
		m.Country = "US"
	}
	hasAddress := strings.TrimSpace(m.Address1+m.Address2+m.City+m.State+m.Zip) != ""
	if m.Subscriber || hasAddress {
		m = c.address(add, m)
	}

	// DMG.
	switch {
	case m.DOB.IsZero():
		add("date of birth (DMG02) is missing")
	case m.DOB.Year() < 1900:
		add("date of birth (DMG02) %s is before 1900", day(m.DOB))
	case !f.Created.IsZero() && day(m.DOB) > day(f.Created):
		add("date of birth (DMG02) %s is after the file's creation date", day(m.DOB))
	}
	m.Gender = c.code(who+": gender (DMG03)", m.Gender, genderCodes)
	if m.Gender == "" {
		m.Gender = "U"
	}

	// DTP.
	if !m.Subscriber && (!m.EmploymentBegin.IsZero() || !m.EmploymentEnd.IsZero()) {
		add("employment dates (DTP*336/337) are sent for subscribers only")
	}
	if !m.EmploymentBegin.IsZero() && !m.EmploymentEnd.IsZero() && day(m.EmploymentEnd) < day(m.EmploymentBegin) {
		add("employment end (DTP*337) is before employment begin (DTP*336)")
	}
	if !m.EligibilityBegin.IsZero() && !m.EligibilityEnd.IsZero() && day(m.EligibilityEnd) < day(m.EligibilityBegin) {
		add("eligibility end (DTP*357) is before eligibility begin (DTP*356)")
	}

	// 2300.
	if len(m.Coverages) == 0 {
		switch m.Maintenance {
		case MaintAddition, MaintReinstate, MaintTermination:
			add("maintenance type %s (%s) needs at least one coverage (HD)", m.Maintenance, insMaintenanceCodes[m.Maintenance])
		case MaintAudit:
			add("a full file lists each member's coverages, and this member has none")
		}
	}
	covs := make([]Coverage, len(m.Coverages))
	for j, cv := range m.Coverages {
		covs[j] = c.coverage(f, fmt.Sprintf("%s, coverage %d", who, j+1), m, cv)
	}
	m.Coverages = covs
	return m
}

func (c *checker) address(add func(string, ...any), m Member) Member {
	what := "residence address"
	if m.Subscriber {
		what = "a subscriber's residence address"
	}
	if cleanText(m.Address1, 55) == "" {
		add("%s line 1 (N301) is missing", what)
	}
	if city := cleanText(m.City, 30); len(city) < 2 {
		add("%s city (N401) is missing", what)
	}
	m.State = strings.ToUpper(strings.TrimSpace(m.State))
	m.Zip = strings.TrimSpace(m.Zip)
	if m.Country == "" || m.Country == "US" {
		m.Country = ""
		if !usStates[m.State] {
			add("%s state (N402) %q is not a US state or territory code", what, m.State)
		}
		d, ok := digitsOnly(m.Zip)
		if !ok || (len(d) != 5 && len(d) != 9) {
			add("%s ZIP code (N403) %q must have 5 or 9 digits", what, m.Zip)
		} else {
			m.Zip = d
		}
		return m
	}
	if len(m.Country) < 2 || len(m.Country) > 3 || identProblem(m.Country, 3) != "" {
		add("%s country (N404) %q is not an ISO 3166 code", what, m.Country)
	}
	if m.State != "" && (len(m.State) != 2 || identProblem(m.State, 2) != "") {
		add("%s state or province (N402) %q must be a 2-letter code", what, m.State)
	}
	if m.Zip != "" {
		if p := identProblem(m.Zip, 15); p != "" || len(m.Zip) < 3 {
			add("%s postal code (N403) %q must have 3 to 15 characters", what, m.Zip)
		}
	}
	return m
}

func (c *checker) coverage(f File, who string, m Member, cv Coverage) Coverage {
	add := func(format string, args ...any) { c.add(who+": "+format, args...) }
	cv.Maintenance = strings.TrimSpace(cv.Maintenance)
	if f.Full {
		if cv.Maintenance != "" && cv.Maintenance != MaintAudit {
			add("maintenance type (HD01) %q: a full file sends every coverage as 030 (audit or compare); leave it empty", cv.Maintenance)
		}
		cv.Maintenance = MaintAudit
	} else {
		if cv.Maintenance == "" {
			cv.Maintenance = m.Maintenance
		}
		if cv.Maintenance == MaintAudit {
			add("maintenance type 030 (audit or compare) is for full files only")
		} else {
			c.code(who+": maintenance type (HD01)", cv.Maintenance, hdMaintenanceCodes)
		}
	}
	cv.InsuranceLine = strings.ToUpper(strings.TrimSpace(cv.InsuranceLine))
	if cv.InsuranceLine == "" {
		add("insurance line (HD03) is missing, e.g. HLT, DEN or VIS")
	} else if _, ok := insuranceLineCodes[cv.InsuranceLine]; !ok {
		add("insurance line (HD03) %q is not a code of %s (it has none for life, AD&D, FSA or HSA)", cv.InsuranceLine, Version)
	}
	cv.Level = c.code(who+": coverage level (HD05)", cv.Level, coverageLevelCodes)
	cv.PolicyNumber = strings.TrimSpace(cv.PolicyNumber)
	c.ident(who+": policy number (REF*1L)", cv.PolicyNumber, 50, false)
	if cv.Begin.IsZero() {
		add("benefit begin date (DTP*348) is missing")
	}
	if !cv.End.IsZero() && !cv.Begin.IsZero() && day(cv.End) < day(cv.Begin) {
		add("benefit end date (DTP*349) %s is before the begin date %s", day(cv.End), day(cv.Begin))
	}
	if cv.Maintenance == MaintTermination && cv.End.IsZero() {
		add("a terminated coverage (HD01 024) needs its benefit end date (DTP*349)")
	}
	return cv
}

// day formats a date as CCYYMMDD (also comparable as a string).
func day(t time.Time) string { return t.Format("20060102") }

// writer writes segments and counts those of the transaction set.
type writer struct {
	buf      bytes.Buffer
	newlines bool
	count    int
}

// seg writes a segment; trailing empty elements are left out, as X12
// requires.
func (w *writer) seg(tag string, elems ...string) {
	n := len(elems)
	for n > 0 && elems[n-1] == "" {
		n--
	}
	w.buf.WriteString(tag)
	for _, e := range elems[:n] {
		w.buf.WriteByte(elementSep)
		w.buf.WriteString(e)
	}
	w.end()
	w.count++
}

func (w *writer) end() {
	w.buf.WriteByte(segmentTerm)
	if w.newlines {
		w.buf.WriteByte('\n')
	}
}

// dtp writes a date segment with format D8 when t is set.
func (w *writer) dtp(qualifier string, t time.Time) {
	if !t.IsZero() {
		w.seg("DTP", qualifier, "D8", day(t))
	}
}

// write lays out a normalized file.
func write(f File, o Options) []byte {
	w := &writer{newlines: o.Newlines}
	control := fmt.Sprintf("%09d", f.ControlNumber)
	group := fmt.Sprint(f.ControlNumber)
	ack, usage := "0", "T"
	if f.AckRequested {
		ack = "1"
	}
	if f.Production {
		usage = "P"
	}

	// ISA is fixed width: every element has its full length.
	fmt.Fprintf(&w.buf, "ISA*00*%10s*00*%10s*%s*%-15s*%s*%-15s*%s*%s*%c*00501*%s*%s*%s*%c",
		"", "", f.SenderQual, f.SenderID, f.ReceiverQual, f.ReceiverID,
		f.Created.Format("060102"), f.Created.Format("1504"), repetitionSep, control, ack, usage, componentSep)
	w.end()
	w.seg("GS", "BE", f.SenderID, f.ReceiverID, f.Created.Format("20060102"), f.Created.Format("1504"), group, "X", Version)

	w.count = 0
	w.seg("ST", "834", transactionControl, Version)
	action := ActionChange
	if f.Full {
		action = ActionVerify
		if f.Replace {
			action = ActionReplace
		}
	}
	w.seg("BGN", "00", f.Reference, f.Created.Format("20060102"), f.Created.Format("1504"), "", "", "", action)
	if f.PolicyNumber != "" {
		w.seg("REF", "38", f.PolicyNumber)
	}
	w.dtp("007", f.EffectiveDate)
	employees := 0
	for _, m := range f.Members {
		if m.Subscriber {
			employees++
		}
	}
	w.seg("QTY", "TO", fmt.Sprint(len(f.Members)))
	w.seg("QTY", "DT", fmt.Sprint(len(f.Members)-employees))
	w.seg("QTY", "ET", fmt.Sprint(employees))
	w.seg("N1", "P5", cleanText(f.SponsorName, 60), "FI", f.SponsorTaxID)
	w.seg("N1", "IN", cleanText(f.PayerName, 60), f.PayerIDQual, f.PayerID)

	for _, m := range f.Members {
		writeMember(w, m)
	}

	w.seg("SE", fmt.Sprint(w.count+1), transactionControl)
	w.seg("GE", "1", group)
	w.seg("IEA", "1", control)
	return w.buf.Bytes()
}

func writeMember(w *writer, m Member) {
	yn := "N"
	if m.Subscriber {
		yn = "Y"
	}
	w.seg("INS", yn, m.Relationship, m.Maintenance, m.MaintenanceReason, m.BenefitStatus,
		"", "", m.EmploymentStatus, m.StudentStatus)
	w.seg("REF", "0F", m.SubscriberID)
	if m.GroupNumber != "" {
		w.seg("REF", "1L", m.GroupNumber)
	}
	if m.MemberID != "" {
		w.seg("REF", "23", m.MemberID)
	}
	w.dtp("303", m.MaintenanceEffective)
	w.dtp("336", m.EmploymentBegin)
	w.dtp("337", m.EmploymentEnd)
	w.dtp("356", m.EligibilityBegin)
	w.dtp("357", m.EligibilityEnd)

	idQual := ""
	if m.SSN != "" {
		idQual = "34"
	}
	w.seg("NM1", "IL", "1", cleanText(m.Last, 60), cleanText(m.First, 35), cleanText(m.Middle, 25), "",
		cleanText(m.Suffix, 10), idQual, m.SSN)
	var per []string
	if m.Phone != "" {
		per = append(per, "TE", m.Phone)
	}
	if m.Email != "" {
		per = append(per, "EM", strings.ToUpper(m.Email))
	}
	if len(per) > 0 {
		w.seg("PER", append([]string{"IP", ""}, per...)...)
	}
	if cleanText(m.Address1, 55) != "" {
		w.seg("N3", cleanText(m.Address1, 55), cleanText(m.Address2, 55))
		w.seg("N4", cleanText(m.City, 30), m.State, m.Zip, m.Country)
	}
	w.seg("DMG", "D8", day(m.DOB), m.Gender)

	for _, cv := range m.Coverages {
		w.seg("HD", cv.Maintenance, "", cv.InsuranceLine, cleanText(cv.PlanCoverage, 50), cv.Level)
		w.dtp("348", cv.Begin)
		w.dtp("349", cv.End)
		if cv.PolicyNumber != "" {
			w.seg("REF", "1L", cv.PolicyNumber)
		}
	}
}
