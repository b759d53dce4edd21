package access

import (
	"strings"
	"testing"
)

// Every permission is in some scope, except tokens.own, which only an
// unscoped token holds; every scope grants something.
func TestEveryPermissionHasAScope(t *testing.T) {
	used := map[Scope]bool{}
	for _, p := range AllPermissions {
		ss := ScopesOf(p)
		if p == TokenOwn {
			if len(ss) != 0 {
				t.Errorf("tokens.own is in scopes %v", ss)
			}
			continue
		}
		if len(ss) == 0 {
			t.Errorf("permission %s has no token scope: add it to scopeOf", p)
		}
		for _, s := range ss {
			used[s] = true
		}
	}
	for _, s := range AllScopes {
		if ScopeDescriptions[s] == "" {
			t.Errorf("scope %s has no description", s)
		}
		if !used[s] {
			t.Errorf("scope %s grants nothing", s)
		}
	}
	for p := range scopeOf {
		if _, ok := matrix[p]; !ok {
			t.Errorf("scopeOf names %s, which is not in the matrix", p)
		}
	}
}

func TestScopesAllow(t *testing.T) {
	var none Scopes
	if !none.Allow(TokenOwn) || !none.Allow(SensitiveView) {
		t.Fatal("an unscoped token lost a permission")
	}
	ro := Scopes{ScopeEmployeesRead}
	if !ro.Allow(DirectoryView) || !ro.Allow(ProfileView) || ro.Allow(EmployeeHire) || ro.Allow(PayView) || ro.Allow(SensitiveView) || ro.Allow(TokenOwn) {
		t.Fatal("employees:read")
	}
	rw := Scopes{ScopeEmployeesWrite}
	if !rw.Allow(ProfileView) || !rw.Allow(EmployeeHire) || rw.Allow(SensitiveView) {
		t.Fatal("employees:write includes employees:read and nothing sensitive")
	}
	if !(Scopes{ScopeOrgRead}).Allow(DirectoryView) || (Scopes{ScopeOrgRead}).Allow(ProfileView) {
		t.Fatal("org:read reads the directory, not profiles")
	}
	if (Scopes{ScopeHiringRead}).Allow(CandidateEEOView) || !(Scopes{ScopeComplianceRead}).Allow(CandidateEEOView) {
		t.Fatal("candidates' EEO data is compliance's")
	}
	// Scopes narrow an actor; they never add to the owner's roles.
	emp := Actor{UserID: 1, EmployeeID: 7, Scopes: Scopes{ScopeAuditRead, ScopeEmployeesRead}}
	if Can(emp, AuditView, CompanyTarget) {
		t.Fatal("a scope gave an employee the audit")
	}
	gen := Actor{UserID: 2, EmployeeID: 8, Grants: []Grant{{Role: RoleGeneralist}}}
	if !Can(gen, EmployeeHire, CompanyTarget) {
		t.Fatal("the generalist cannot hire")
	}
	gen.Scopes = ro
	if Can(gen, EmployeeHire, CompanyTarget) || !Can(gen, ProfileView, CompanyTarget) {
		t.Fatal("employees:read on a generalist")
	}
	if err := Require(gen, EmployeeHire, CompanyTarget); err == nil || !strings.Contains(err.Error(), "employees:write") {
		t.Fatalf("the refusal names the scope: %v", err)
	}
	if paths, whole := ScopePaths(gen, EmployeeHire); whole || len(paths) != 0 {
		t.Fatal("ScopePaths ignores the token's scopes")
	}
}

func TestParseScopes(t *testing.T) {
	s, err := ParseScopes("scopes", []string{"org:read, employees:read", "EMPLOYEES:READ"})
	if err != nil || s.String() != "employees:read org:read" || len(s) != 2 {
		t.Fatalf("%v %v", s, err)
	}
	if s, err := ParseScopes("scopes", []string{" ", ""}); err != nil || s != nil {
		t.Fatalf("empty: %v %v", s, err)
	}
	if _, err := ParseScopes("scopes", []string{"employees:read", "root"}); err == nil || !strings.Contains(err.Error(), "root") {
		t.Fatalf("unknown: %v", err)
	}
}
