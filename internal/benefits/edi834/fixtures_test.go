package edi834

import "time"

// The fixtures are fictional people of a fictional employer.

var created = time.Date(2025, time.January, 15, 9, 30, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func envelope(control int) Interchange {
	return Interchange{
		SenderQual: "ZZ", SenderID: "CADREDEMO",
		ReceiverQual: "ZZ", ReceiverID: "EVERGREENHP",
		ControlNumber: control,
		Created:       created,
	}
}

// fullFile is a full (audit) file for a medical carrier: an employee with
// a spouse and a child on family coverage, and an employee alone.
func fullFile() File {
	plan := func(level string) []Coverage {
		return []Coverage{{InsuranceLine: "HLT", PlanCoverage: "PPO 500", Level: level, Begin: date(2025, 1, 1), PolicyNumber: "GRP-20931"}}
	}
	return File{
		Interchange:   envelope(1),
		Full:          true,
		Reference:     "CADRE-FULL-20250115",
		EffectiveDate: date(2025, 1, 1),
		SponsorName:   "Cadre Demo Manufacturing, Inc.",
		SponsorTaxID:  "12-3456789",
		PayerName:     "Evergreen Health Plan",
		PayerID:       "98-7654321",
		PolicyNumber:  "GRP-20931",
		Members: []Member{
			{
				Subscriber: true, MaintenanceReason: "XN", EmploymentStatus: "FT",
				SubscriberID: "E1001", GroupNumber: "GRP-20931",
				Last: "Okafor", First: "Adaeze", Middle: "N", SSN: "123-45-6789",
				Phone: "(555) 201-3344", Email: "adaeze.okafor@example.com",
				Address1: "1200 Harbor Way", Address2: "Apt 4B", City: "Portland", State: "OR", Zip: "97201",
				DOB: date(1984, 3, 9), Gender: "F",
				EmploymentBegin: date(2019, 6, 3), Coverages: plan("FAM"),
			},
			{
				Relationship: RelSpouse, MaintenanceReason: "XN", SubscriberID: "E1001",
				Last: "Okafor", First: "Chinedu", SSN: "234-56-7890",
				DOB: date(1982, 11, 21), Gender: "M", Coverages: plan("FAM"),
			},
			{
				Relationship: RelChild, MaintenanceReason: "XN", StudentStatus: "N", SubscriberID: "E1001",
				Last: "Okafor", First: "Ifeoma",
				DOB: date(2016, 7, 30), Gender: "F", Coverages: plan("FAM"),
			},
			{
				Subscriber: true, MaintenanceReason: "XN", EmploymentStatus: "FT",
				SubscriberID: "E1002", GroupNumber: "GRP-20931",
				Last: "Lindqvist", First: "Sören", SSN: "345-67-8901",
				Address1: "88 Cedar St.", City: "Beaverton", State: "or", Zip: "97005-1234",
				DOB: date(1990, 1, 17), Gender: "M",
				EmploymentBegin: date(2023, 2, 13), Coverages: plan("EMP"),
			},
		},
	}
}

// changesFile carries changes since the last file: a new hire with a
// spouse (addition), a birth (a change of tier for the employee and an
// addition for the baby), an address change, and a termination.
func changesFile() File {
	hlt := func(level string, begin time.Time) []Coverage {
		return []Coverage{{InsuranceLine: "HLT", PlanCoverage: "PPO 500", Level: level, Begin: begin}}
	}
	return File{
		Interchange:  envelope(2),
		Reference:    "CADRE-CHG-20250115",
		SponsorName:  "Cadre Demo Manufacturing, Inc.",
		SponsorTaxID: "123456789",
		PayerName:    "Evergreen Health Plan",
		PayerID:      "987654321",
		PolicyNumber: "GRP-20931",
		Members: []Member{
			{
				Subscriber: true, Maintenance: MaintAddition, MaintenanceReason: "28", EmploymentStatus: "FT",
				SubscriberID: "E1003", GroupNumber: "GRP-20931",
				Last: "García", First: "María", Middle: "José", SSN: "456-78-9012", Email: "maria.garcia@example.com",
				Address1: "17 Willow Ct", City: "Salem", State: "OR", Zip: "97301",
				DOB: date(1993, 5, 2), Gender: "F",
				EmploymentBegin: date(2025, 1, 6), EligibilityBegin: date(2025, 2, 1),
				Coverages: hlt("ESP", date(2025, 2, 1)),
			},
			{
				Relationship: RelSpouse, Maintenance: MaintAddition, MaintenanceReason: "28", SubscriberID: "E1003",
				Last: "Nakamura", First: "Kenji", SSN: "567-89-0123",
				DOB: date(1991, 8, 14), Gender: "M",
				Coverages: hlt("ESP", date(2025, 2, 1)),
			},
			{
				Subscriber: true, Maintenance: MaintChange, MaintenanceReason: "02", EmploymentStatus: "FT",
				SubscriberID: "E1001", GroupNumber: "GRP-20931",
				Last: "Okafor", First: "Adaeze", Middle: "N", SSN: "123-45-6789",
				Address1: "1200 Harbor Way", Address2: "Apt 4B", City: "Portland", State: "OR", Zip: "97201",
				DOB: date(1984, 3, 9), Gender: "F",
				MaintenanceEffective: date(2025, 1, 8), Coverages: hlt("FAM", date(2025, 1, 8)),
			},
			{
				Relationship: RelChild, Maintenance: MaintAddition, MaintenanceReason: "02", SubscriberID: "E1001",
				Last: "Okafor", First: "Obinna",
				DOB: date(2025, 1, 8), Gender: "M",
				Coverages: hlt("FAM", date(2025, 1, 8)),
			},
			{
				Subscriber: true, Maintenance: MaintChange, MaintenanceReason: "43", EmploymentStatus: "FT",
				SubscriberID: "E1002", GroupNumber: "GRP-20931",
				Last: "Lindqvist", First: "Sören", SSN: "345-67-8901", Phone: "503-555-0199",
				Address1: "4410 SW Hillsdale Ave", City: "Portland", State: "OR", Zip: "97239",
				DOB: date(1990, 1, 17), Gender: "M",
				MaintenanceEffective: date(2025, 1, 10),
			},
			{
				Subscriber: true, Maintenance: MaintTermination, MaintenanceReason: "07", EmploymentStatus: "TE",
				SubscriberID: "E0977", GroupNumber: "GRP-20931",
				Last: "Brennan", First: "Patrick", Suffix: "Jr", SSN: "678-90-1234",
				Address1: "9 Alder Rd", City: "Eugene", State: "OR", Zip: "97401",
				DOB: date(1978, 12, 1), Gender: "M",
				EmploymentBegin: date(2012, 4, 2), EmploymentEnd: date(2025, 1, 10),
				Coverages: []Coverage{{InsuranceLine: "HLT", PlanCoverage: "PPO 500", Level: "EMP",
					Begin: date(2024, 1, 1), End: date(2025, 1, 31)}},
			},
		},
	}
}

// goldenCases are the files kept under testdata.
func goldenCases() []struct {
	name string
	file File
} {
	return []struct {
		name string
		file File
	}{
		{"full_medical", fullFile()},
		{"changes", changesFile()},
	}
}
