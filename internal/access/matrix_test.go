package access

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/roles.md from the code")

const (
	rolesDoc   = "../../docs/roles.md"
	beginTable = "<!-- matrix:begin -->"
	endTable   = "<!-- matrix:end -->"
)

// TestRoleMatrixMatchesDocs keeps docs/roles.md and the code in agreement.
func TestRoleMatrixMatchesDocs(t *testing.T) {
	b, err := os.ReadFile(rolesDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, beginTable), strings.Index(doc, endTable)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %s … %s markers", rolesDoc, beginTable, endTable)
	}
	want := "\n" + MatrixMarkdown()
	if got := doc[i+len(beginTable) : j]; got != want {
		if *update {
			doc = doc[:i+len(beginTable)] + want + doc[j:]
			if err := os.WriteFile(rolesDoc, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Fatalf("docs/roles.md is out of date with the permission matrix; run: go test ./internal/access -run TestRoleMatrixMatchesDocs -update\n--- doc\n%s\n--- code\n%s", got, want)
	}
}

func TestEveryPermissionDescribedAndGranted(t *testing.T) {
	for _, p := range AllPermissions {
		if Descriptions[p] == "" {
			t.Errorf("%s has no description", p)
		}
		if len(matrix[p]) == 0 {
			t.Errorf("%s is granted to no role", p)
		}
	}
	if len(matrix) != len(AllPermissions) {
		t.Errorf("matrix has %d permissions, AllPermissions %d", len(matrix), len(AllPermissions))
	}
}

func TestScopedGrantCoversOnlyItsSubtree(t *testing.T) {
	gen := Actor{UserID: 1, Grants: []Grant{{Role: RoleGeneralist, OrgUnitID: 4, OrgPath: "/1/4/"}}}
	if !Can(gen, PayView, Target{EmployeeID: 9, OrgPath: "/1/4/7/"}) {
		t.Error("scoped generalist cannot see pay inside scope")
	}
	if Can(gen, PayView, Target{EmployeeID: 9, OrgPath: "/1/5/"}) {
		t.Error("scoped generalist sees pay outside scope")
	}
	if Can(gen, PayView, Target{EmployeeID: 9, OrgPath: "/1/44/"}) {
		t.Error("prefix /1/4/ must not match /1/44/")
	}
	if Can(gen, TerminationDecide, Target{EmployeeID: 9, OrgPath: "/1/4/"}) {
		t.Error("generalist may decide terminations")
	}
}

func TestDerivedRoles(t *testing.T) {
	lead := Actor{UserID: 2, EmployeeID: 10, HasReports: true}
	report := Target{EmployeeID: 11, OrgPath: "/1/", ManagerChain: []int64{10, 3}}
	stranger := Target{EmployeeID: 12, OrgPath: "/1/", ManagerChain: []int64{3}}
	if !Can(lead, JobHistoryView, report) || Can(lead, JobHistoryView, stranger) {
		t.Error("line manager reach over reports is wrong")
	}
	if Can(lead, PayView, report) {
		t.Error("line managers must not see reports' pay by default")
	}
	self := Target{EmployeeID: 10, OrgPath: "/1/"}
	if !Can(lead, PayView, self) {
		t.Error("an employee cannot see their own pay")
	}
	admin := Actor{UserID: 3, Grants: []Grant{{Role: RoleAdmin}}}
	if Can(admin, ProfileView, self) || Can(admin, DirectoryView, CompanyTarget) {
		t.Error("admin without an HR grant sees HR records")
	}
}
