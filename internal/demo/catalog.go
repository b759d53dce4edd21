package demo

// The static catalog of Northwind Outfitters: pay grades, jobs, worksites
// and departments with their teams. Everything that scales with the number
// of employees is computed from these tables in org.go.

const (
	eeoExec   = "executive_senior_officials_and_managers"
	eeoMgr    = "first_mid_officials_and_managers"
	eeoPro    = "professionals"
	eeoTech   = "technicians"
	eeoSales  = "sales_workers"
	eeoAdmin  = "administrative_support_workers"
	eeoCraft  = "craft_workers"
	eeoOper   = "operatives"
	eeoLabor  = "laborers_and_helpers"
	exempt    = "exempt"
	nonexempt = "nonexempt"
)

// gradeDef is a pay range in annual cents (hourly bands at 2,080 hours).
type gradeDef struct {
	name     string
	min, max int64
	id       int64
}

var gradeDefs = []gradeDef{
	{name: "H1", min: 3_120_000, max: 4_160_000}, // $15.00–20.00 an hour
	{name: "H2", min: 3_744_000, max: 4_992_000}, // $18.00–24.00
	{name: "H3", min: 4_368_000, max: 6_032_000}, // $21.00–29.00
	{name: "H4", min: 5_200_000, max: 7_280_000}, // $25.00–35.00
	{name: "P1", min: 5_000_000, max: 7_000_000},
	{name: "P2", min: 6_200_000, max: 8_800_000},
	{name: "P3", min: 7_800_000, max: 11_200_000},
	{name: "P4", min: 9_800_000, max: 14_200_000},
	{name: "P5", min: 12_500_000, max: 18_000_000},
	{name: "M1", min: 8_000_000, max: 11_500_000},
	{name: "M2", min: 10_500_000, max: 15_000_000},
	{name: "M3", min: 13_500_000, max: 19_500_000},
	{name: "M4", min: 17_000_000, max: 24_500_000},
	{name: "E1", min: 21_000_000, max: 32_000_000},
	{name: "E2", min: 28_000_000, max: 45_000_000},
}

// jobDef is a job of the architecture. Nonexempt jobs are paid by the hour.
type jobDef struct {
	title, family, level, flsa, eeo, grade string
	prev                                   string // the rung below, for promotions
	id                                     int64
	g                                      *gradeDef
}

func (j *jobDef) hourly() bool { return j.flsa == nonexempt }

var jobDefs = []jobDef{
	// Executive
	{title: "Chief Executive Officer", family: "Executive", level: "E2", flsa: exempt, eeo: eeoExec, grade: "E2"},
	{title: "Chief of Staff", family: "Executive", level: "P5", flsa: exempt, eeo: eeoPro, grade: "P5"},
	{title: "Executive Assistant", family: "Executive", level: "H4", flsa: nonexempt, eeo: eeoAdmin, grade: "H4"},
	// Engineering
	{title: "Chief Technology Officer", family: "Engineering", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Director of Engineering", family: "Engineering", level: "M4", flsa: exempt, eeo: eeoMgr, grade: "M4", prev: "Senior Engineering Manager"},
	{title: "Senior Engineering Manager", family: "Engineering", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Engineering Manager"},
	{title: "Engineering Manager", family: "Engineering", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior Software Engineer"},
	{title: "Software Engineer I", family: "Engineering", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Software Engineer II", family: "Engineering", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Software Engineer I"},
	{title: "Senior Software Engineer", family: "Engineering", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4", prev: "Software Engineer II"},
	{title: "Staff Software Engineer", family: "Engineering", level: "P5", flsa: exempt, eeo: eeoPro, grade: "P5", prev: "Senior Software Engineer"},
	{title: "QA Engineer", family: "Engineering", level: "P2", flsa: exempt, eeo: eeoTech, grade: "P2"},
	{title: "Site Reliability Engineer", family: "Engineering", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4"},
	{title: "Data Analyst", family: "Engineering", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Data Engineer", family: "Engineering", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Data Analyst"},
	{title: "Data Scientist", family: "Engineering", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4", prev: "Data Engineer"},
	// Product
	{title: "VP Product", family: "Product", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Senior Director of Product", family: "Product", level: "M4", flsa: exempt, eeo: eeoMgr, grade: "M4", prev: "Director of Product"},
	{title: "Director of Product", family: "Product", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Group Product Manager"},
	{title: "Group Product Manager", family: "Product", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior Product Manager"},
	{title: "Design Manager", family: "Product", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior Product Designer"},
	{title: "Director of Design", family: "Product", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Design Manager"},
	{title: "Associate Product Manager", family: "Product", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Product Manager", family: "Product", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Associate Product Manager"},
	{title: "Senior Product Manager", family: "Product", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4", prev: "Product Manager"},
	{title: "Product Analyst", family: "Product", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Product Designer", family: "Product", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	{title: "Senior Product Designer", family: "Product", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4", prev: "Product Designer"},
	{title: "UX Researcher", family: "Product", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	// Marketing
	{title: "VP Marketing", family: "Marketing", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Director of Marketing", family: "Marketing", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Senior Marketing Manager"},
	{title: "Senior Marketing Manager", family: "Marketing", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Marketing Manager"},
	{title: "Marketing Manager", family: "Marketing", level: "M1", flsa: exempt, eeo: eeoMgr, grade: "M1", prev: "Senior Marketing Specialist"},
	{title: "Marketing Coordinator", family: "Marketing", level: "P1", flsa: exempt, eeo: eeoPro, grade: "P1"},
	{title: "Marketing Specialist", family: "Marketing", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2", prev: "Marketing Coordinator"},
	{title: "Senior Marketing Specialist", family: "Marketing", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Marketing Specialist"},
	{title: "Content Strategist", family: "Marketing", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Graphic Designer", family: "Marketing", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "SEO Specialist", family: "Marketing", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Marketing Analyst", family: "Marketing", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	// Sales
	{title: "VP Sales", family: "Sales", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Senior Director of Sales", family: "Sales", level: "M4", flsa: exempt, eeo: eeoMgr, grade: "M4", prev: "Regional Sales Director"},
	{title: "Regional Sales Director", family: "Sales", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Sales Manager"},
	{title: "Sales Manager", family: "Sales", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior Account Executive"},
	{title: "Sales Development Representative", family: "Sales", level: "P1", flsa: exempt, eeo: eeoSales, grade: "P1"},
	{title: "Account Executive", family: "Sales", level: "P3", flsa: exempt, eeo: eeoSales, grade: "P3", prev: "Sales Development Representative"},
	{title: "Senior Account Executive", family: "Sales", level: "P4", flsa: exempt, eeo: eeoSales, grade: "P4", prev: "Account Executive"},
	{title: "Wholesale Account Manager", family: "Sales", level: "P3", flsa: exempt, eeo: eeoSales, grade: "P3"},
	{title: "Sales Operations Analyst", family: "Sales", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	// Customer Support
	{title: "VP Customer Support", family: "Customer Support", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Director of Customer Support", family: "Customer Support", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Customer Support Manager"},
	{title: "Customer Support Manager", family: "Customer Support", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Support Team Lead"},
	{title: "Support Team Lead", family: "Customer Support", level: "M1", flsa: exempt, eeo: eeoMgr, grade: "M1", prev: "Customer Support Specialist II"},
	{title: "Customer Support Specialist I", family: "Customer Support", level: "H2", flsa: nonexempt, eeo: eeoAdmin, grade: "H2"},
	{title: "Customer Support Specialist II", family: "Customer Support", level: "H3", flsa: nonexempt, eeo: eeoAdmin, grade: "H3", prev: "Customer Support Specialist I"},
	{title: "Support Quality Analyst", family: "Customer Support", level: "H4", flsa: nonexempt, eeo: eeoAdmin, grade: "H4"},
	{title: "Support Operations Analyst", family: "Customer Support", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	// Operations
	{title: "VP Operations", family: "Operations", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Director of Fulfillment", family: "Operations", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Operations Manager"},
	{title: "Operations Manager", family: "Operations", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Warehouse Supervisor"},
	{title: "Warehouse Supervisor", family: "Operations", level: "M1", flsa: exempt, eeo: eeoMgr, grade: "M1", prev: "Warehouse Lead"},
	{title: "Warehouse Associate", family: "Operations", level: "H1", flsa: nonexempt, eeo: eeoLabor, grade: "H1"},
	{title: "Forklift Operator", family: "Operations", level: "H2", flsa: nonexempt, eeo: eeoOper, grade: "H2", prev: "Warehouse Associate"},
	{title: "Warehouse Lead", family: "Operations", level: "H3", flsa: nonexempt, eeo: eeoOper, grade: "H3", prev: "Forklift Operator"},
	{title: "Inventory Control Specialist", family: "Operations", level: "H3", flsa: nonexempt, eeo: eeoAdmin, grade: "H3"},
	{title: "Maintenance Technician", family: "Operations", level: "H4", flsa: nonexempt, eeo: eeoCraft, grade: "H4"},
	{title: "Logistics Coordinator", family: "Operations", level: "H3", flsa: nonexempt, eeo: eeoAdmin, grade: "H3"},
	{title: "Procurement Specialist", family: "Operations", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Supply Chain Analyst", family: "Operations", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	{title: "Director of Retail", family: "Retail", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Retail Operations Manager"},
	{title: "Retail Operations Manager", family: "Retail", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Store Manager"},
	{title: "Store Manager", family: "Retail", level: "M1", flsa: exempt, eeo: eeoMgr, grade: "M1", prev: "Assistant Store Manager"},
	{title: "Assistant Store Manager", family: "Retail", level: "H3", flsa: nonexempt, eeo: eeoSales, grade: "H3", prev: "Retail Sales Associate"},
	{title: "Retail Sales Associate", family: "Retail", level: "H1", flsa: nonexempt, eeo: eeoSales, grade: "H1"},
	// Finance
	{title: "Chief Financial Officer", family: "Finance", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Director of Finance", family: "Finance", level: "M4", flsa: exempt, eeo: eeoMgr, grade: "M4", prev: "Controller"},
	{title: "Controller", family: "Finance", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Finance Manager"},
	{title: "Finance Manager", family: "Finance", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior Accountant"},
	{title: "Accounts Payable Specialist", family: "Finance", level: "H3", flsa: nonexempt, eeo: eeoAdmin, grade: "H3"},
	{title: "Payroll Specialist", family: "Finance", level: "H4", flsa: nonexempt, eeo: eeoAdmin, grade: "H4"},
	{title: "Staff Accountant", family: "Finance", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Senior Accountant", family: "Finance", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Staff Accountant"},
	{title: "Financial Analyst", family: "Finance", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	{title: "Senior Financial Analyst", family: "Finance", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4", prev: "Financial Analyst"},
	// Legal
	{title: "General Counsel", family: "Legal", level: "E1", flsa: exempt, eeo: eeoExec, grade: "E1"},
	{title: "Deputy General Counsel", family: "Legal", level: "M4", flsa: exempt, eeo: eeoMgr, grade: "M4", prev: "Associate General Counsel"},
	{title: "Associate General Counsel", family: "Legal", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "Senior Corporate Counsel"},
	{title: "Paralegal", family: "Legal", level: "H4", flsa: nonexempt, eeo: eeoTech, grade: "H4"},
	{title: "Corporate Counsel", family: "Legal", level: "P4", flsa: exempt, eeo: eeoPro, grade: "P4"},
	{title: "Senior Corporate Counsel", family: "Legal", level: "P5", flsa: exempt, eeo: eeoPro, grade: "P5", prev: "Corporate Counsel"},
	{title: "Compliance Analyst", family: "Legal", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	// People (HR): the ladder the seed follows.
	{title: "HR Director", family: "People", level: "M4", flsa: exempt, eeo: eeoExec, grade: "M4", prev: "HR Manager"},
	{title: "Senior HR Manager", family: "People", level: "M3", flsa: exempt, eeo: eeoMgr, grade: "M3", prev: "HR Manager"},
	{title: "HR Manager", family: "People", level: "M2", flsa: exempt, eeo: eeoMgr, grade: "M2", prev: "Senior HR Generalist"},
	{title: "HR Coordinator", family: "People", level: "P1", flsa: nonexempt, eeo: eeoAdmin, grade: "P1"},
	{title: "HR Generalist", family: "People", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2", prev: "HR Coordinator"},
	{title: "Senior HR Generalist", family: "People", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "HR Generalist"},
	{title: "Compensation Specialist", family: "People", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
	{title: "Recruiter", family: "People", level: "P2", flsa: exempt, eeo: eeoPro, grade: "P2"},
	{title: "Senior Recruiter", family: "People", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3", prev: "Recruiter"},
	{title: "HRIS Analyst", family: "People", level: "P3", flsa: exempt, eeo: eeoPro, grade: "P3"},
}

// locDef is a worksite. Remote locations are one per state.
type locDef struct {
	key, name, region, city, kind string
	area                          string // telephone area code
	id                            int64
}

var locDefs = []locDef{
	{key: "austin", name: "Austin, TX", region: "TX", city: "Austin", kind: "headquarters", area: "512"},
	{key: "roundrock", name: "Round Rock, TX", region: "TX", city: "Round Rock", kind: "office", area: "512"},
	{key: "denver", name: "Denver, CO", region: "CO", city: "Denver", kind: "office", area: "303"},
	{key: "reno", name: "Reno, NV", region: "NV", city: "Reno", kind: "warehouse", area: "775"},
	{key: "boise", name: "Boise, ID", region: "ID", city: "Boise", kind: "store", area: "208"},
	{key: "bozeman", name: "Bozeman, MT", region: "MT", city: "Bozeman", kind: "store", area: "406"},
	{key: "r-wa", name: "Remote - WA", region: "WA", kind: "remote", area: "206"},
	{key: "r-or", name: "Remote - OR", region: "OR", kind: "remote", area: "503"},
	{key: "r-ca", name: "Remote - CA", region: "CA", kind: "remote", area: "415"},
	{key: "r-il", name: "Remote - IL", region: "IL", kind: "remote", area: "312"},
	{key: "r-ny", name: "Remote - NY", region: "NY", kind: "remote", area: "646"},
	{key: "r-nj", name: "Remote - NJ", region: "NJ", kind: "remote", area: "201"},
	{key: "r-ma", name: "Remote - MA", region: "MA", kind: "remote", area: "617"},
	{key: "r-fl", name: "Remote - FL", region: "FL", kind: "remote", area: "305"},
	{key: "r-ga", name: "Remote - GA", region: "GA", kind: "remote", area: "404"},
	{key: "r-nc", name: "Remote - NC", region: "NC", kind: "remote", area: "919"},
	{key: "r-mn", name: "Remote - MN", region: "MN", kind: "remote", area: "612"},
	{key: "r-az", name: "Remote - AZ", region: "AZ", kind: "remote", area: "602"},
}

// nearbyPairs are the worksites within 75 surface miles of each other.
var nearbyPairs = [][2]string{{"austin", "roundrock"}}

// remote is the pseudo-key that spreads a weight over the remote states.
const remote = "remote"

type weight struct {
	key string
	w   float64
}

// Scheduling patterns of hourly staff.
const (
	schedReno    = "reno"    // part-time (under 1,250 hours) and seasonal warehouse staff
	schedStore   = "store"   // part-time retail staff
	schedSupport = "support" // some part-time agents
	schedCTX     = "ctx"     // a few temporary workers
)

// teamDef is a team of a department, created once the department is big.
type teamDef struct {
	name   string
	share  float64
	ics    []weight
	locs   []weight
	ladder []string // manager titles by height; the department's when nil
	sched  string
	pool   string // teams with the same pool trade people in transfers
	fixed  bool   // sized by fixedTeamSize, not by share
}

// deptDef is a department under the company root.
type deptDef struct {
	key, name string
	share     float64 // of the employees, before the fixed-size units
	turnover  float64 // annual
	recent    float64 // share of active ICs hired in the last three years
	head      string
	ladder    []string // manager titles by height 1, 2, 3+
	ics       []weight
	locs      []weight
	sched     string
	teams     []teamDef
}

var deptDefs = []deptDef{
	{key: "exec", name: "Executive", turnover: 0.05, recent: 0.3, head: "Chief Executive Officer",
		ics: []weight{{"Chief of Staff", 1}, {"Executive Assistant", 2}}, locs: []weight{{"austin", 1}}},
	{key: "eng", name: "Engineering", share: 0.15, turnover: 0.11, recent: 0.45, head: "Chief Technology Officer",
		ladder: []string{"Engineering Manager", "Senior Engineering Manager", "Director of Engineering"},
		ics:    []weight{{"Software Engineer I", 2}, {"Software Engineer II", 3.5}, {"Senior Software Engineer", 3}, {"Staff Software Engineer", 0.8}, {"QA Engineer", 0.7}},
		locs:   []weight{{"austin", 0.45}, {"denver", 0.3}, {remote, 0.25}},
		teams: []teamDef{
			{name: "Platform", share: 0.3, pool: "eng", ics: []weight{{"Software Engineer I", 1}, {"Software Engineer II", 3}, {"Senior Software Engineer", 3.5}, {"Staff Software Engineer", 1.2}, {"Site Reliability Engineer", 1.5}}},
			{name: "Storefront", share: 0.45, pool: "eng", ics: []weight{{"Software Engineer I", 2.5}, {"Software Engineer II", 3.5}, {"Senior Software Engineer", 2.5}, {"Staff Software Engineer", 0.5}, {"QA Engineer", 1}}},
			{name: "Data", share: 0.25, ics: []weight{{"Data Analyst", 3}, {"Data Engineer", 3}, {"Data Scientist", 2}, {"Senior Software Engineer", 1}}},
		}},
	{key: "product", name: "Product", share: 0.06, turnover: 0.10, recent: 0.45, head: "VP Product",
		ladder: []string{"Group Product Manager", "Director of Product", "Senior Director of Product"},
		ics:    []weight{{"Associate Product Manager", 1}, {"Product Manager", 3}, {"Senior Product Manager", 2}, {"Product Designer", 2}, {"Senior Product Designer", 1}, {"UX Researcher", 1}, {"Product Analyst", 1}},
		locs:   []weight{{"austin", 0.6}, {"denver", 0.2}, {remote, 0.2}},
		teams: []teamDef{
			{name: "Product Management", share: 0.6, ics: []weight{{"Associate Product Manager", 1}, {"Product Manager", 3}, {"Senior Product Manager", 2}, {"Product Analyst", 1}}},
			{name: "Design", share: 0.4, ladder: []string{"Design Manager", "Director of Design", "Director of Design"}, ics: []weight{{"Product Designer", 3}, {"Senior Product Designer", 2}, {"UX Researcher", 1.5}}},
		}},
	{key: "marketing", name: "Marketing", share: 0.07, turnover: 0.12, recent: 0.45, head: "VP Marketing",
		ladder: []string{"Marketing Manager", "Senior Marketing Manager", "Director of Marketing"},
		ics:    []weight{{"Marketing Coordinator", 1.5}, {"Marketing Specialist", 3}, {"Senior Marketing Specialist", 2}, {"Content Strategist", 1.5}, {"Graphic Designer", 1}, {"SEO Specialist", 1}, {"Marketing Analyst", 1}},
		locs:   []weight{{"austin", 0.72}, {"denver", 0.13}, {remote, 0.15}},
		teams: []teamDef{
			{name: "Brand & Content", share: 0.5, pool: "mkt", ics: []weight{{"Marketing Coordinator", 1}, {"Marketing Specialist", 2}, {"Content Strategist", 2}, {"Graphic Designer", 2}, {"Senior Marketing Specialist", 1}}},
			{name: "Growth", share: 0.5, pool: "mkt", ics: []weight{{"Marketing Specialist", 2}, {"SEO Specialist", 2}, {"Marketing Analyst", 2}, {"Senior Marketing Specialist", 1.5}}},
		}},
	{key: "sales", name: "Sales", share: 0.11, turnover: 0.16, recent: 0.5, head: "VP Sales",
		ladder: []string{"Sales Manager", "Regional Sales Director", "Senior Director of Sales"},
		ics:    []weight{{"Sales Development Representative", 3}, {"Account Executive", 3}, {"Senior Account Executive", 1.5}, {"Wholesale Account Manager", 1.5}, {"Sales Operations Analyst", 0.7}},
		locs:   []weight{{"austin", 0.45}, {"denver", 0.35}, {remote, 0.2}},
		teams: []teamDef{
			{name: "Inside Sales", share: 0.55, pool: "sales", ics: []weight{{"Sales Development Representative", 4}, {"Account Executive", 3}, {"Senior Account Executive", 1}, {"Sales Operations Analyst", 0.6}}},
			{name: "Wholesale", share: 0.45, pool: "sales", ics: []weight{{"Wholesale Account Manager", 3}, {"Account Executive", 2}, {"Senior Account Executive", 2}}},
		}},
	{key: "support", name: "Customer Support", share: 0.15, turnover: 0.17, recent: 0.55, head: "VP Customer Support",
		ladder: []string{"Support Team Lead", "Customer Support Manager", "Director of Customer Support"},
		ics:    []weight{{"Customer Support Specialist I", 6}, {"Customer Support Specialist II", 2.5}, {"Support Quality Analyst", 0.5}},
		locs:   []weight{{"roundrock", 0.45}, {"austin", 0.25}, {"denver", 0.15}, {remote, 0.15}},
		sched:  schedSupport,
		teams: []teamDef{
			{name: "Tier 1", share: 0.65, sched: schedSupport, ics: []weight{{"Customer Support Specialist I", 8.5}, {"Customer Support Specialist II", 1}, {"Support Quality Analyst", 0.5}}},
			{name: "Tier 2", share: 0.35, ics: []weight{{"Customer Support Specialist II", 7.5}, {"Support Quality Analyst", 1}, {"Support Operations Analyst", 1}}},
		}},
	{key: "ops", name: "Operations", share: 0.31, turnover: 0.21, recent: 0.6, head: "VP Operations",
		ladder: []string{"Warehouse Supervisor", "Operations Manager", "Director of Fulfillment"},
		ics:    []weight{{"Warehouse Associate", 6}, {"Forklift Operator", 2}, {"Warehouse Lead", 1}, {"Inventory Control Specialist", 1}, {"Maintenance Technician", 0.5}, {"Logistics Coordinator", 0.5}},
		locs:   []weight{{"reno", 0.78}, {"roundrock", 0.1}, {"austin", 0.07}, {"boise", 0.05}},
		sched:  schedReno,
		teams: []teamDef{
			{name: "Reno Fulfillment", share: 0.47, sched: schedReno, pool: "reno", locs: []weight{{"reno", 1}},
				ics: []weight{{"Warehouse Associate", 7}, {"Forklift Operator", 2}, {"Warehouse Lead", 1}, {"Maintenance Technician", 0.5}}},
			{name: "Inbound & Returns", share: 0.17, sched: schedReno, pool: "reno", locs: []weight{{"reno", 1}},
				ics: []weight{{"Warehouse Associate", 5}, {"Forklift Operator", 2}, {"Inventory Control Specialist", 2}, {"Warehouse Lead", 0.8}}},
			{name: "Central Texas Distribution", share: 0.36, sched: schedCTX, locs: []weight{{"austin", 0.75}, {"roundrock", 0.25}},
				ics: []weight{{"Warehouse Associate", 4}, {"Forklift Operator", 1.5}, {"Logistics Coordinator", 1}, {"Procurement Specialist", 0.7}, {"Supply Chain Analyst", 0.6}, {"Warehouse Lead", 0.6}}},
			{name: "Retail Stores", fixed: true, sched: schedStore, locs: []weight{{"boise", 1}, {"bozeman", 1}},
				ladder: []string{"Store Manager", "Retail Operations Manager", "Director of Retail"},
				ics:    []weight{{"Retail Sales Associate", 4}, {"Assistant Store Manager", 1}}},
		}},
	{key: "finance", name: "Finance", share: 0.05, turnover: 0.09, recent: 0.4, head: "Chief Financial Officer",
		ladder: []string{"Finance Manager", "Controller", "Director of Finance"},
		ics:    []weight{{"Accounts Payable Specialist", 1}, {"Payroll Specialist", 1}, {"Staff Accountant", 2}, {"Senior Accountant", 1.5}, {"Financial Analyst", 1.5}, {"Senior Financial Analyst", 1}},
		locs:   []weight{{"austin", 0.85}, {"denver", 0.15}},
		teams: []teamDef{
			{name: "Accounting", share: 0.6, ics: []weight{{"Accounts Payable Specialist", 1.5}, {"Payroll Specialist", 1}, {"Staff Accountant", 3}, {"Senior Accountant", 2}}},
			{name: "FP&A", share: 0.4, ics: []weight{{"Financial Analyst", 3}, {"Senior Financial Analyst", 2}}},
		}},
	{key: "legal", name: "Legal", share: 0.02, turnover: 0.07, recent: 0.35, head: "General Counsel",
		ladder: []string{"Associate General Counsel", "Deputy General Counsel", "Deputy General Counsel"},
		ics:    []weight{{"Corporate Counsel", 2}, {"Senior Corporate Counsel", 1}, {"Paralegal", 2}, {"Compliance Analyst", 1.5}},
		locs:   []weight{{"austin", 1}}},
	{key: "people", name: "People", turnover: 0.1, recent: 0.45, head: "HR Director",
		ladder: []string{"HR Manager", "Senior HR Manager", "Senior HR Manager"},
		ics:    []weight{{"HR Generalist", 3}, {"HR Coordinator", 2}, {"Recruiter", 2}, {"Senior Recruiter", 1}, {"Senior HR Generalist", 1}, {"HRIS Analyst", 0.5}, {"Compensation Specialist", 0.5}},
		locs:   []weight{{"austin", 0.7}, {"denver", 0.1}, {"roundrock", 0.05}, {"reno", 0.15}}},
}

// Sizing of the units that do not scale linearly.
const (
	teamThreshold = 24    // a department gets its teams from this size
	peopleShare   = 0.012 // HR staff per employee, once above the fixed ladder
	minSupport    = 8     // head, lead@ and the lead's six reports
)
