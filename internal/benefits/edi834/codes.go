package edi834

// Code lists of the 005010X220A1 implementation guide that Cadre writes or
// checks. Each map goes from a code to its name in the guide; the names
// are used in error messages and documentation only. Build and Validate
// share these lists so that the two can never disagree on what a valid
// code is, but nothing else.

// Maintenance type codes (INS03 for members, HD01 for coverages).
const (
	MaintChange       = "001" // Change
	MaintDelete       = "002" // Delete (HD01 only)
	MaintAddition     = "021" // Addition
	MaintTermination  = "024" // Cancellation or Termination
	MaintReinstate    = "025" // Reinstatement
	MaintCorrection   = "026" // Correction (HD01 only)
	MaintAudit        = "030" // Audit or Compare (full files)
	MaintEmployeeInfo = "032" // Employee Information Not Applicable (HD01 only)
)

// Individual relationship codes (INS02) used most often.
const (
	RelSpouse      = "01"
	RelSelf        = "18"
	RelChild       = "19"
	RelLifePartner = "53"
)

// BGN08 action codes.
const (
	ActionChange  = "2"  // Change (Update): a file of changes since the last one
	ActionVerify  = "4"  // Verify: a full file the receiver compares against its records
	ActionReplace = "RX" // Replace: a full file that replaces the receiver's records
)

// insMaintenanceCodes are the INS03 Maintenance Type Codes of the 2000 loop.
var insMaintenanceCodes = map[string]string{
	MaintChange:      "Change",
	MaintAddition:    "Addition",
	MaintTermination: "Cancellation or Termination",
	MaintReinstate:   "Reinstatement",
	MaintAudit:       "Audit or Compare",
}

// hdMaintenanceCodes are the HD01 Maintenance Type Codes of the 2300 loop.
var hdMaintenanceCodes = map[string]string{
	MaintChange:       "Change",
	MaintDelete:       "Delete",
	MaintAddition:     "Addition",
	MaintTermination:  "Cancellation or Termination",
	MaintReinstate:    "Reinstatement",
	MaintCorrection:   "Correction",
	MaintAudit:        "Audit or Compare",
	MaintEmployeeInfo: "Employee Information Not Applicable",
}

// relationshipCodes are the INS02 Individual Relationship Codes.
var relationshipCodes = map[string]string{
	"01": "Spouse",
	"03": "Father or Mother",
	"04": "Grandfather or Grandmother",
	"05": "Grandson or Granddaughter",
	"06": "Uncle or Aunt",
	"07": "Nephew or Niece",
	"08": "Cousin",
	"09": "Adopted Child",
	"10": "Foster Child",
	"11": "Son-in-law or Daughter-in-law",
	"12": "Brother-in-law or Sister-in-law",
	"13": "Mother-in-law or Father-in-law",
	"14": "Brother or Sister",
	"15": "Ward",
	"16": "Stepparent",
	"17": "Stepson or Stepdaughter",
	"18": "Self",
	"19": "Child",
	"23": "Sponsored Dependent",
	"24": "Dependent of a Minor Dependent",
	"25": "Ex-spouse",
	"26": "Guardian",
	"31": "Court Appointed Guardian",
	"38": "Collateral Dependent",
	"53": "Life Partner",
	"60": "Annuitant",
	"D2": "Trustee",
	"G8": "Other Relationship",
	"G9": "Other Relative",
}

// maintenanceReasonCodes are the INS04 Maintenance Reason Codes.
var maintenanceReasonCodes = map[string]string{
	"01": "Divorce",
	"02": "Birth",
	"03": "Death",
	"04": "Retirement",
	"05": "Adoption",
	"06": "Strike",
	"07": "Termination of Benefits",
	"08": "Termination of Employment",
	"09": "Consolidated Omnibus Budget Reconciliation Act (COBRA)",
	"10": "COBRA Premium Paid",
	"11": "Surviving Spouse",
	"14": "Voluntary Withdrawal",
	"15": "Primary Care Provider (PCP) Change",
	"16": "Quit",
	"17": "Fired",
	"18": "Suspended",
	"20": "Active",
	"21": "Disability",
	"22": "Plan Change",
	"25": "Change in Identifying Data Elements",
	"26": "Declined Coverage",
	"27": "Pre-Enrollment",
	"28": "Initial Enrollment",
	"29": "Benefit Selection",
	"31": "Legal Separation",
	"32": "Marriage",
	"33": "Personnel Data",
	"37": "Leave of Absence with Benefits",
	"38": "Leave of Absence without Benefits",
	"39": "Lay Off with Benefits",
	"40": "Lay Off without Benefits",
	"41": "Re-enrollment",
	"43": "Change of Location",
	"59": "Non Payment",
	"AA": "Dissatisfaction with Office Staff",
	"AB": "Dissatisfaction with Medical Care/Services Rendered",
	"AC": "Inconvenient Office Location",
	"AD": "Dissatisfaction with Office Hours",
	"AE": "Unable to Schedule Appointments in a Timely Manner",
	"AF": "Dissatisfaction with Physician's Referral Policy",
	"AG": "Less Respect and Attention Time Given than to Other Patients",
	"AH": "Patient Moved to a New Location",
	"AI": "No Reason Given",
	"AJ": "Appointment Times not Met in a Timely Manner",
	"AL": "Algorithm Assigned Benefit Selection",
	"EC": "Member Benefit Selection",
	"XN": "Notification Only",
	"XT": "Transfer",
}

// benefitStatusCodes are the INS05 Benefit Status Codes.
var benefitStatusCodes = map[string]string{
	"A": "Active",
	"C": "Consolidated Omnibus Budget Reconciliation Act (COBRA)",
	"S": "Surviving Insured",
	"T": "Tax Equity and Fiscal Responsibility Act (TEFRA)",
}

// employmentStatusCodes are the INS08 Employment Status Codes.
var employmentStatusCodes = map[string]string{
	"AC": "Active",
	"AO": "Active Overseas",
	"AU": "Active Military - USA",
	"FT": "Full-time",
	"L1": "Leave of Absence",
	"PT": "Part-time",
	"RT": "Retired",
	"TE": "Terminated",
}

// studentStatusCodes are the INS09 Student Status Codes.
var studentStatusCodes = map[string]string{
	"F": "Full-time",
	"N": "Not a Student",
	"P": "Part-time",
}

// insuranceLineCodes are the HD03 Insurance Line Codes. The guide has no
// code for life, AD&D, FSA or HSA products: those are not carried on an
// 834 under 005010X220A1.
var insuranceLineCodes = map[string]string{
	"AG":  "Preventative Care/Wellness",
	"AH":  "24 Hour Care",
	"AJ":  "Medicare Risk",
	"AK":  "Mental Health",
	"DCP": "Dental Capitation",
	"DEN": "Dental",
	"EPO": "Exclusive Provider Organization",
	"FAC": "Facility",
	"HE":  "Hearing",
	"HLT": "Health",
	"HMO": "Health Maintenance Organization",
	"LTC": "Long-Term Care",
	"LTD": "Long-Term Disability",
	"MM":  "Major Medical",
	"MOD": "Mail Order Drug",
	"PDG": "Prescription Drug",
	"POS": "Point of Service",
	"PPO": "Preferred Provider Organization",
	"PRA": "Practitioners",
	"STD": "Short-Term Disability",
	"UR":  "Utilization Review",
	"VIS": "Vision",
}

// coverageLevelCodes are the HD05 Coverage Level Codes.
var coverageLevelCodes = map[string]string{
	"CHD": "Children Only",
	"DEP": "Dependents Only",
	"E1D": "Employee and One Dependent",
	"E2D": "Employee and Two Dependents",
	"E3D": "Employee and Three Dependents",
	"E5D": "Employee and One or More Dependents",
	"E6D": "Employee and Two or More Dependents",
	"E7D": "Employee and Three or More Dependents",
	"E8D": "Employee and Four or More Dependents",
	"E9D": "Employee and Five or More Dependents",
	"ECH": "Employee and Children",
	"EMP": "Employee Only",
	"ESP": "Employee and Spouse",
	"FAM": "Family",
	"IND": "Individual",
	"SPC": "Spouse and Children",
	"SPO": "Spouse Only",
	"TWO": "Two Party",
}

// genderCodes are the DMG03 Gender Codes.
var genderCodes = map[string]string{"F": "Female", "M": "Male", "U": "Unknown"}

// interchangeIDQualifiers are the ISA05/ISA07 Interchange ID Qualifiers.
var interchangeIDQualifiers = map[string]string{
	"01": "Duns (Dun & Bradstreet)",
	"14": "Duns Plus Suffix",
	"20": "Health Industry Number (HIN)",
	"27": "Carrier Identification Number as assigned by CMS",
	"28": "Fiscal Intermediary Identification Number as assigned by CMS",
	"29": "Medicare Provider and Supplier Identification Number as assigned by CMS",
	"30": "U.S. Federal Tax Identification Number",
	"33": "National Association of Insurance Commissioners Company Code (NAIC)",
	"ZZ": "Mutually Defined",
}

// sponsorIDQualifiers are the 1000A N103 codes; payerIDQualifiers the 1000B
// N103 codes.
var (
	sponsorIDQualifiers = map[string]string{"24": "Employer's Identification Number", "94": "Code assigned by the organization that is the ultimate destination of the transaction set", "FI": "Federal Taxpayer's Identification Number"}
	payerIDQualifiers   = map[string]string{"94": "Code assigned by the organization that is the ultimate destination of the transaction set", "FI": "Federal Taxpayer's Identification Number", "XV": "Centers for Medicare and Medicaid Services PlanID"}
)

// Date/time qualifiers (DTP01) allowed in each place of the transaction.
var (
	headerDateQualifiers = map[string]string{
		"007": "Effective",
		"090": "Report Start",
		"091": "Report End",
		"303": "Maintenance Effective",
		"382": "Enrollment",
		"388": "Payment Commencement",
	}
	memberDateQualifiers = map[string]string{
		"050": "Received",
		"286": "Retirement",
		"296": "Initial Disability Period Return To Work",
		"297": "Initial Disability Period Last Day Worked",
		"300": "Enrollment Signature Date",
		"301": "COBRA Qualifying Event",
		"303": "Maintenance Effective",
		"336": "Employment Begin",
		"337": "Employment End",
		"338": "Medicare Begin",
		"339": "Medicare End",
		"340": "COBRA Begin",
		"341": "COBRA End",
		"350": "Education Begin",
		"351": "Education End",
		"356": "Eligibility Begin",
		"357": "Eligibility End",
		"383": "Adjusted Hire",
		"385": "Credited Service Begin",
		"386": "Credited Service End",
		"393": "Plan Participation Suspension",
		"394": "Rehire",
		"473": "Medicaid Begin",
		"474": "Medicaid End",
	}
	disabilityDateQualifiers = map[string]string{"360": "Initial Disability Period Start", "361": "Initial Disability Period End"}
	coverageDateQualifiers   = map[string]string{
		"300": "Enrollment Signature Date",
		"303": "Maintenance Effective",
		"343": "Premium Paid to Date End",
		"348": "Benefit Begin",
		"349": "Benefit End",
		"543": "Last Premium Paid Date",
		"695": "Previous Period",
	}
	cobDateQualifiers      = map[string]string{"344": "Coordination of Benefits Begin", "345": "Coordination of Benefits End"}
	reportingDateQualifier = map[string]string{"007": "Effective"}
)

// Reference qualifiers (REF01) allowed in each place of the transaction.
var (
	memberSupplementalRefs = map[string]string{
		"17":  "Client Reporting Category",
		"23":  "Client Number",
		"3H":  "Case Number",
		"4A":  "Personal Identification Number (PIN)",
		"6O":  "Cross Reference Number",
		"ABB": "Personal ID Number",
		"D3":  "National Council for Prescription Drug Programs Pharmacy Number",
		"DX":  "Department/Agency Number",
		"F6":  "Health Insurance Claim (HIC) Number",
		"P5":  "Position Code",
		"Q4":  "Prior Identifier Number",
		"QQ":  "Unit Number",
		"ZZ":  "Mutually Defined",
	}
	coverageRefs = map[string]string{
		"17":  "Client Reporting Category",
		"1L":  "Group or Policy Number",
		"9V":  "Payment Category",
		"CE":  "Class of Contract Code",
		"E8":  "Service Contract (Coverage) Number",
		"M7":  "Medical Assistance Category",
		"PID": "Program Identification Number",
		"QQ":  "Unit Number (prior coverage months)",
		"RB":  "Rate code number",
		"X9":  "Internal Control Number",
		"XM":  "Issuer Number",
		"XX1": "Special Program Code",
		"XX2": "Service Area Code",
		"ZX":  "County Code",
		"ZZ":  "Mutually Defined",
	}
	cobRefs       = map[string]string{"60": "Account Suffix Code", "6P": "Group Number", "SY": "Social Security Number", "ZZ": "Mutually Defined"}
	reportingRefs = map[string]string{"00": "Contracting District Number", "17": "Client Reporting Category", "18": "Plan Number", "19": "Division Identifier", "26": "Union Number", "3L": "Branch Identifier", "6M": "Application Number", "9V": "Payment Category", "9X": "Account Category", "GE": "Geographic Number", "LU": "Location Number", "PID": "Program Identification Number", "XX1": "Special Program Code", "XX2": "Service Area Code", "YY": "Geographic Key", "ZZ": "Mutually Defined"}
)

// communicationQualifiers are the PER03/05/07 codes of the member's PER.
var communicationQualifiers = map[string]string{
	"AP": "Alternate Telephone",
	"BN": "Beeper Number",
	"CP": "Cellular Phone",
	"EM": "Electronic Mail",
	"EX": "Telephone Extension",
	"FX": "Facsimile",
	"HP": "Home Phone Number",
	"TE": "Telephone",
	"WP": "Work Phone Number",
}

// usStates are the USPS codes Build accepts in N402 for US addresses:
// states, DC, territories and military post offices.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{
		"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
		"LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
		"OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
		"DC", "AS", "GU", "MP", "PR", "VI", "FM", "MH", "PW", "AA", "AE", "AP",
	} {
		m[s] = true
	}
	return m
}()
