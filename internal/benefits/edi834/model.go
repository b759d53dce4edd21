package edi834

import "time"

// Interchange holds what goes into the ISA/IEA and GS/GE envelopes.
type Interchange struct {
	// SenderQual and ReceiverQual are the ISA05/ISA07 interchange ID
	// qualifiers, e.g. "ZZ" (mutually defined, the default when empty) or
	// "30" (U.S. federal tax ID, nine digits).
	SenderQual, ReceiverQual string
	// SenderID and ReceiverID are ISA06/ISA08 (padded to 15 characters)
	// and GS02/GS03.
	SenderID, ReceiverID string
	// ControlNumber is ISA13/IEA02 (written with 9 digits) and GS06/GE02
	// (written without leading zeros). It must be 1..999999999 and should
	// never repeat for the same receiver. The single transaction set is
	// numbered ST02 "0001".
	ControlNumber int
	// Created stamps ISA09/ISA10 (YYMMDD, HHMM), GS04/GS05 (CCYYMMDD,
	// HHMM) and BGN03/BGN04, read in Created's own location.
	Created time.Time
	// Production sets ISA15 to "P"; otherwise "T" (test data).
	Production bool
	// AckRequested sets ISA14 to "1" to ask for a TA1 acknowledgment.
	AckRequested bool
}

// File is one enrollment file for one plan sponsor and one carrier.
type File struct {
	Interchange

	// Full marks a full file: every current enrollment is listed with
	// maintenance type "030" (audit or compare) in INS03 and HD01, and
	// BGN08 is "4" (verify), or "RX" (replace) when Replace is also set.
	// When Full is false the file carries changes since the last file:
	// BGN08 is "2" and each member and coverage has its own maintenance
	// type code.
	Full bool
	// Replace asks, in a full file, for BGN08 "RX": the carrier replaces
	// its records with the file instead of only comparing them.
	Replace bool

	// Reference is BGN02, the transaction set reference number (1-50
	// characters), e.g. Cadre's export run ID.
	Reference string
	// EffectiveDate, when set, is written as the file effective date
	// (header DTP*007).
	EffectiveDate time.Time

	// SponsorName and SponsorTaxID make loop 1000A: N1*P5*name*FI*FEIN.
	// The FEIN may be written with a hyphen; nine digits are sent.
	SponsorName, SponsorTaxID string
	// PayerName and PayerID make loop 1000B: N1*IN*name*FI*ID. PayerID,
	// the carrier ID, is required. PayerIDQual is N103: "FI" (federal tax
	// ID, the default), "XV" (CMS plan ID) or "94" (code assigned by the
	// receiver).
	PayerName, PayerID, PayerIDQual string

	// PolicyNumber is the master policy (group contract) number, sent as
	// the transaction set policy number REF*38 in the header.
	PolicyNumber string

	// Members are the members in file order: each subscriber followed by
	// its dependents.
	Members []Member
}

// Member is one person in loop 2000 (and its name loop 2100A).
type Member struct {
	// Subscriber is INS01 "Y" for the employee, "N" for a dependent.
	Subscriber bool
	// Relationship is INS02: "18" self (required for subscribers, the
	// default when empty), "01" spouse, "19" child, "53" life partner, or
	// another code of the guide's list.
	Relationship string
	// Maintenance is INS03: "001" change, "021" addition, "024"
	// cancellation or termination, "025" reinstatement. Leave it empty (or
	// "030") in a full file.
	Maintenance string
	// MaintenanceReason is INS04, optional: e.g. "28" initial enrollment,
	// "EC" member benefit selection, "07" termination of benefits, "XN"
	// notification only, "AI" no reason given, "01" divorce, "02" birth,
	// "03" death, "05" adoption, "32" marriage, "43" change of location.
	MaintenanceReason string
	// BenefitStatus is INS05: "A" active (the default), "C" COBRA, "S"
	// surviving insured, "T" TEFRA.
	BenefitStatus string
	// EmploymentStatus is INS08, required for subscribers and not sent for
	// dependents: "FT" full-time, "PT" part-time, "AC" active, "TE"
	// terminated, "RT" retired, "L1" leave of absence, ...
	EmploymentStatus string
	// StudentStatus is INS09, optional: "F" full-time, "P" part-time, "N"
	// not a student.
	StudentStatus string

	// SubscriberID is REF*0F, the subscriber identifier (Cadre's employee
	// number). Dependents carry their subscriber's.
	SubscriberID string
	// GroupNumber is REF*1L, the member's group or policy number, optional.
	GroupNumber string
	// MemberID is REF*23 (client number), optional: an identifier of the
	// member person itself.
	MemberID string

	// Last, First, Middle and Suffix are NM103-NM105 and NM107.
	Last, First, Middle, Suffix string
	// SSN is NM109 with NM108 "34"; NM108/NM109 are left out when empty.
	SSN string
	// Phone (PER*IP**TE, digits only) and Email (PER ... *EM, upper-cased
	// like all text) are optional.
	Phone, Email string
	// The residence address (N3/N4), required for subscribers and optional
	// for dependents (send it when it differs from the subscriber's).
	// Country is an ISO 3166 code (N404), empty for the United States.
	Address1, Address2, City, State, Zip, Country string
	// DOB and Gender make DMG*D8*CCYYMMDD*gender. Gender is "M", "F" or
	// "U" (the default).
	DOB    time.Time
	Gender string

	// Member level dates (DTP), each optional. EmploymentBegin (336) and
	// EmploymentEnd (337) are for subscribers only.
	MaintenanceEffective time.Time // DTP*303
	EmploymentBegin      time.Time // DTP*336
	EmploymentEnd        time.Time // DTP*337
	EligibilityBegin     time.Time // DTP*356
	EligibilityEnd       time.Time // DTP*357

	// Coverages are the member's loop 2300 health coverages.
	Coverages []Coverage
}

// Coverage is one health coverage of a member (loop 2300).
type Coverage struct {
	// Maintenance is HD01; in a change file it defaults to the member's
	// INS03. Besides the INS03 codes it may be "002" delete, "026"
	// correction or "032" employee information not applicable. Leave it
	// empty (or "030") in a full file.
	Maintenance string
	// InsuranceLine is HD03: "HLT" health, "DEN" dental, "VIS" vision,
	// "STD"/"LTD" disability, "HMO", "PPO", "POS", "EPO", "PDG", ... (the
	// guide's list; it has no life, AD&D, FSA or HSA code).
	InsuranceLine string
	// PlanCoverage is HD04, the plan coverage description, optional.
	PlanCoverage string
	// Level is HD05, the coverage level: "EMP", "ESP", "ECH", "FAM",
	// "SPC", "SPO", "CHD", "DEP", "E1D", "IND", "TWO", ... optional.
	Level string
	// Begin is the benefit begin date (DTP*348), required. End is the
	// benefit end date (DTP*349), required when the coverage is
	// terminated (HD01 "024").
	Begin, End time.Time
	// PolicyNumber is REF*1L, the group or policy number, optional.
	PolicyNumber string
}

// Options controls the layout of what Build writes.
type Options struct {
	// Newlines writes a line feed after each segment terminator "~".
	// Most carriers accept it and it makes files readable; without it the
	// file is one line.
	Newlines bool
}

// DefaultOptions are the options Build uses: one segment per line.
var DefaultOptions = Options{Newlines: true}
