package app

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cadrehq/cadre/"

// TestDependencyRules enforces the layering in docs/architecture.md.
func TestDependencyRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports ","}}|{{join .Deps ","}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	domain := []string{"internal/access", "internal/audit", "internal/work", "internal/people", "internal/compliance/rules", "internal/compliance/leave", "internal/relations", "internal/benefits", "internal/compensation", "internal/careers", "internal/insights", "internal/calendar",
		"internal/scim", "internal/sso", "internal/webhooks"}
	forbiddenStd := []string{"database/sql", "net/http", "html/template"}
	// The integrations that call other systems (identity providers,
	// webhook endpoints) are HTTP clients: net/http is their job.
	httpClients := []string{"internal/sso", "internal/webhooks"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		pkg := strings.TrimPrefix(parts[0], module)
		imports := strings.Split(parts[1], ",")
		deps := strings.Split(parts[2], ",")
		cadreDeps := []string{}
		for _, d := range deps {
			if strings.HasPrefix(d, module) {
				cadreDeps = append(cadreDeps, strings.TrimPrefix(d, module))
			}
		}
		switch {
		case strings.HasPrefix(pkg, "internal/kit"):
			for _, d := range cadreDeps {
				if !strings.HasPrefix(d, "internal/kit") {
					t.Errorf("%s imports %s: kit imports nothing from Cadre", pkg, d)
				}
			}
		case hasPrefixAny(pkg, domain):
			for _, imp := range imports {
				for _, f := range forbiddenStd {
					if imp == f && !(f == "net/http" && hasPrefixAny(pkg, httpClients)) {
						t.Errorf("domain package %s imports %s", pkg, imp)
					}
				}
			}
			for _, d := range cadreDeps {
				if strings.HasPrefix(d, "internal/store") || strings.HasPrefix(d, "internal/web") || strings.HasPrefix(d, "internal/app") || strings.HasPrefix(d, "internal/demo") {
					t.Errorf("domain package %s depends on %s", pkg, d)
				}
			}
		case strings.HasPrefix(pkg, "internal/web"):
			for _, imp := range imports {
				if imp == "database/sql" || strings.HasPrefix(imp, module+"internal/store") {
					t.Errorf("%s imports %s: the web layer calls services only", pkg, imp)
				}
			}
		}
	}
}

func hasPrefixAny(s string, ps []string) bool {
	for _, p := range ps {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}
