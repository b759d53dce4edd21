package demo

import "strings"

// Name pools: common US given and family names across backgrounds.
var femaleNames = []string{
	"Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn",
	"Abigail", "Emily", "Elizabeth", "Sofia", "Madison", "Avery", "Ella", "Scarlett", "Grace", "Chloe",
	"Victoria", "Riley", "Aria", "Lily", "Zoey", "Hannah", "Layla", "Nora", "Camila", "Maria",
	"Jennifer", "Jessica", "Ashley", "Sarah", "Stephanie", "Nicole", "Samantha", "Rachel", "Megan", "Lauren",
	"Kimberly", "Michelle", "Amanda", "Melissa", "Rebecca", "Katherine", "Andrea", "Patricia", "Linda", "Susan",
	"Karen", "Lisa", "Angela", "Denise", "Tamika", "Keisha", "Latoya", "Aaliyah", "Imani", "Jasmine",
	"Guadalupe", "Ximena", "Valeria", "Lucía", "Daniela", "Alejandra", "Mei", "Yuki", "Priya", "Ananya",
	"Aisha", "Fatima", "Noor", "Leila", "Hana", "Linh", "Ngozi", "Leilani", "Siobhan", "Ingrid",
}

var maleNames = []string{
	"Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Alexander",
	"Mason", "Michael", "Ethan", "Daniel", "Jacob", "Logan", "Jackson", "Sebastian", "Jack", "Aiden",
	"Owen", "Samuel", "Matthew", "Joseph", "David", "John", "Robert", "Christopher", "Anthony", "Kevin",
	"Brian", "Jason", "Justin", "Ryan", "Eric", "Steven", "Andrew", "Joshua", "Tyler", "Brandon",
	"Marcus", "Darnell", "DeShawn", "Jamal", "Malik", "Terrence", "Andre", "José", "Luis", "Carlos",
	"Juan", "Miguel", "Diego", "Mateo", "Santiago", "Javier", "Wei", "Jun", "Hiroshi", "Kenji",
	"Raj", "Arjun", "Vikram", "Sanjay", "Omar", "Ahmed", "Hassan", "Yusuf", "Minh", "Duc",
	"Kwame", "Chinedu", "Kai", "Koa", "Tomasz", "Lars", "Dmitri", "Connor", "Patrick", "Sean",
}

var familyNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
	"Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
	"Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
	"Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
	"Watson", "Brooks", "Chavez", "Wood", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price",
	"Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell",
	"Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Fisher", "Vasquez", "Simmons", "Romero",
	"Washington", "Tran", "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Singh", "Kumar",
	"Shah", "Gupta", "Tanaka", "Sato", "Nakamura", "Park", "Choi", "Pham", "Le", "Okafor",
	"Adeyemi", "Mensah", "Haddad", "Khan", "Ali", "Cohen", "Novak", "Kowalski", "O'Brien", "O'Connor",
	"Begay", "Yazzie", "Kahale", "Medina", "Herrera", "Fernandez", "Castro", "Vargas", "Hansen", "Schmidt",
}

// preferredNames are nicknames some people go by.
var preferredNames = map[string]string{
	"William": "Bill", "Elizabeth": "Liz", "Robert": "Rob", "Katherine": "Kate", "Alexander": "Alex",
	"Jennifer": "Jen", "Michael": "Mike", "Christopher": "Chris", "Samantha": "Sam", "Benjamin": "Ben",
	"Patricia": "Trish", "Rebecca": "Becca", "Matthew": "Matt", "Anthony": "Tony", "Daniel": "Dan",
	"Hiroshi": "Hiro", "Santiago": "Santi", "Alejandra": "Ale", "Victoria": "Tori", "Joshua": "Josh",
}

var relationships = []weight{{"Spouse", 4}, {"Partner", 1.5}, {"Parent", 2.5}, {"Sibling", 1.5}, {"Friend", 0.8}, {"Child", 0.7}}

// raceWeights approximate the US workforce (EEO-1 categories).
var raceWeights = []weight{
	{"White", 55}, {"Hispanic or Latino", 20}, {"Black or African American", 12}, {"Asian", 8},
	{"Two or More Races", 3}, {"Native Hawaiian or Other Pacific Islander", 1}, {"American Indian or Alaska Native", 1},
}

// emailDomain is the work email domain of the generated employees.
const emailDomain = "northwind.example"

// emailLocal turns a name into the lower-case ASCII local part of an email.
func emailLocal(given, family string) string {
	return fold(given) + "." + fold(family)
}

func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'á', 'à', 'â', 'ä', 'ã':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'í', 'ì', 'î', 'ï':
			r = 'i'
		case 'ó', 'ò', 'ô', 'ö', 'õ':
			r = 'o'
		case 'ú', 'ù', 'û', 'ü':
			r = 'u'
		case 'ñ':
			r = 'n'
		case 'ç':
			r = 'c'
		}
		if (r >= 'a' && r <= 'z') || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Account is a demo sign-in.
type Account struct {
	Email       string
	Role        string
	Description string
}

// persona is the fixed employee (or none) behind a demo account, with its
// grants. Personas have fixed names so docs and screenshots can name them
// whatever the seed.
type persona struct {
	Account
	given, family, gender, race string
	job                         string
	grants                      []personaGrant
}

// personaGrant is a role over the whole company (dept "") or a department.
type personaGrant struct {
	role string
	dept string
}

// Persona keys, in Accounts order.
const (
	pAdmin = iota
	pDirector
	pManager
	pGeneralist
	pLead
	pEmployee
	pOpsManager
	pOpsGeneralist
	pSupportGeneralist
	pTechGeneralist
	pSeniorGeneralist
	pCoordinator
	pCompensation
	numPersonas
)

var personas = [numPersonas]persona{
	pAdmin: {Account: Account{"admin@example.com", "admin", "System administrator: users, settings and integrations; sees no HR records"},
		given: "Site", family: "Administrator", grants: []personaGrant{{role: "admin"}}},
	pDirector: {Account: Account{"director@example.com", "hr_director", "Renee Okafor, HR Director, whole company"},
		given: "Renee", family: "Okafor", gender: "Female", race: "Black or African American", job: "HR Director", grants: []personaGrant{{role: "hr_director"}}},
	pManager: {Account: Account{"manager@example.com", "hr_manager", "Marcus Bell, HR Manager, whole company"},
		given: "Marcus", family: "Bell", gender: "Male", race: "White", job: "HR Manager", grants: []personaGrant{{role: "hr_manager"}}},
	pGeneralist: {Account: Account{"generalist@example.com", "hr_generalist", "Priya Raman, HR Generalist, whole company"},
		given: "Priya", family: "Raman", gender: "Female", race: "Asian", job: "HR Generalist", grants: []personaGrant{{role: "hr_generalist"}}},
	pLead: {Account: Account{"lead@example.com", "line_manager", "Jordan Alvarez, Support Team Lead in Customer Support (line manager, no HR role)"},
		given: "Jordan", family: "Alvarez", gender: "Male", race: "Hispanic or Latino", job: "Support Team Lead"},
	pEmployee: {Account: Account{"employee@example.com", "employee", "Taylor Brooks, Customer Support Specialist I reporting to lead@example.com"},
		given: "Taylor", family: "Brooks", gender: "Female", race: "White", job: "Customer Support Specialist I"},
	pOpsManager: {Account: Account{"ops.manager@example.com", "hr_manager", "Teresa Nguyen, HR Manager for Operations and Customer Support"},
		given: "Teresa", family: "Nguyen", gender: "Female", race: "Asian", job: "HR Manager",
		grants: []personaGrant{{role: "hr_manager", dept: "ops"}, {role: "hr_manager", dept: "support"}}},
	pOpsGeneralist: {Account: Account{"ops.generalist@example.com", "hr_generalist", "Luis Herrera, HR Generalist for Operations"},
		given: "Luis", family: "Herrera", gender: "Male", race: "Hispanic or Latino", job: "HR Generalist",
		grants: []personaGrant{{role: "hr_generalist", dept: "ops"}}},
	pSupportGeneralist: {Account: Account{"support.generalist@example.com", "hr_generalist", "Aisha Johnson, HR Generalist for Customer Support"},
		given: "Aisha", family: "Johnson", gender: "Female", race: "Black or African American", job: "HR Generalist",
		grants: []personaGrant{{role: "hr_generalist", dept: "support"}}},
	pTechGeneralist: {Account: Account{"tech.generalist@example.com", "hr_generalist", "Kevin O'Brien, HR Generalist for Engineering and Product"},
		given: "Kevin", family: "O'Brien", gender: "Male", race: "White", job: "HR Generalist",
		grants: []personaGrant{{role: "hr_generalist", dept: "eng"}, {role: "hr_generalist", dept: "product"}}},
	pSeniorGeneralist: {Account: Account{"senior.generalist@example.com", "hr_generalist", "Hannah Kim, Senior HR Generalist, whole company"},
		given: "Hannah", family: "Kim", gender: "Female", race: "Asian", job: "Senior HR Generalist", grants: []personaGrant{{role: "hr_generalist"}}},
	pCoordinator: {Account: Account{"coordinator@example.com", "hr_generalist", "Tyler Reed, HR Coordinator, whole company"},
		given: "Tyler", family: "Reed", gender: "Male", race: "White", job: "HR Coordinator", grants: []personaGrant{{role: "hr_generalist"}}},
	pCompensation: {Account: Account{"compensation@example.com", "hr_generalist", "Grace Liu, Compensation Specialist, whole company"},
		given: "Grace", family: "Liu", gender: "Female", race: "Asian", job: "Compensation Specialist", grants: []personaGrant{{role: "hr_generalist"}}},
}

// Accounts lists the demo sign-ins, all with the demo password. The first
// six are the contract's: admin, director, manager, generalist, lead and
// employee.
func Accounts() []Account {
	out := make([]Account, numPersonas)
	for i, p := range personas {
		out[i] = p.Account
	}
	return out
}
