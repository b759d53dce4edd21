package access

import (
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/kit"
)

// Grant is a role over a scope: OrgUnitID 0 means the whole company.
type Grant struct {
	Role      Role
	OrgUnitID int64
	// OrgPath is the materialised path of OrgUnitID ("/1/4/"), filled by the
	// store; empty for whole-company grants.
	OrgPath string
}

// WholeCompany reports whether the grant covers every org unit.
func (g Grant) WholeCompany() bool { return g.OrgUnitID == 0 }

// Covers reports whether the grant's scope contains an org unit path.
func (g Grant) Covers(orgPath string) bool {
	return g.WholeCompany() || (g.OrgPath != "" && strings.HasPrefix(orgPath, g.OrgPath))
}

// Actor is the signed-in user on whose behalf a use case runs. It is
// always passed explicitly, never hidden in a context.
type Actor struct {
	UserID     int64
	Email      string
	Name       string
	EmployeeID int64 // 0 when the user is not an employee (e.g. a pure admin)
	Grants     []Grant
	// HasReports is true when the actor's employee manages someone, which
	// derives the line_manager role.
	HasReports bool
	// ReportsPay is set when the company lets line managers see the pay
	// of their reports (people.pay.view over their reporting line only).
	ReportsPay bool
	RequestID  string
	// TokenID is set when the actor came in with an API token; Scopes are
	// that token's (nil: every permission of the owner) and RateLimit its
	// requests per minute (0: none).
	TokenID   int64
	Scopes    Scopes
	RateLimit int
}

// System is the actor for work Cadre does itself (demo seeding, sweeps).
var System = Actor{UserID: 0, Name: "Cadre", Grants: []Grant{{Role: RoleDirector}, {Role: RoleAdmin}}}

// Label names the actor in the audit trail.
func (a Actor) Label() string {
	if a.Email == "" {
		return a.Name
	}
	return a.Name + " <" + a.Email + ">"
}

// Roles lists the roles the actor holds, derived roles included.
func (a Actor) Roles() []Role {
	var out []Role
	if a.EmployeeID != 0 {
		out = append(out, RoleEmployee)
	}
	if a.HasReports {
		out = append(out, RoleLineManager)
	}
	seen := map[Role]bool{}
	for _, g := range a.Grants {
		if !seen[g.Role] {
			seen[g.Role] = true
			out = append(out, g.Role)
		}
	}
	return out
}

// Has reports whether the actor holds the role (derived or granted).
func (a Actor) Has(r Role) bool {
	for _, x := range a.Roles() {
		if x == r {
			return true
		}
	}
	return false
}

// IsHR reports whether the actor holds any HR grant.
func (a Actor) IsHR() bool {
	return a.Has(RoleGeneralist) || a.Has(RoleManager) || a.Has(RoleDirector)
}

// Target describes the record an action touches, as far as access needs.
type Target struct {
	EmployeeID int64
	// OrgPath is the materialised path of the record's org unit.
	OrgPath string
	// ManagerChain lists the employee's managers, nearest first.
	ManagerChain []int64
}

// CompanyTarget is used for actions on no particular record.
var CompanyTarget = Target{}

// Can reports whether the actor may do p to t.
func Can(a Actor, p Permission, t Target) bool {
	if !a.Scopes.Allow(p) {
		return false
	}
	roles := matrix[p]
	if len(roles) == 0 {
		return false
	}
	if r := roles[RoleEmployee]; r != ReachNone && a.EmployeeID != 0 {
		if r == ReachCompany || r == ReachSystem || (r == ReachSelf && t.EmployeeID != 0 && t.EmployeeID == a.EmployeeID) {
			return true
		}
	}
	if p == PayView && a.ReportsPay && a.HasReports && a.EmployeeID != 0 {
		for _, m := range t.ManagerChain {
			if m == a.EmployeeID {
				return true
			}
		}
	}
	if r := roles[RoleLineManager]; r != ReachNone && a.HasReports && a.EmployeeID != 0 {
		if r == ReachCompany || r == ReachSystem {
			return true
		}
		for _, m := range t.ManagerChain {
			if m == a.EmployeeID {
				return true
			}
		}
	}
	for _, g := range a.Grants {
		switch roles[g.Role] {
		case ReachCompany, ReachSystem:
			return true
		case ReachScoped:
			if t.OrgPath == "" && t.EmployeeID == 0 {
				// Company-level action: any grant of the role allows it; the
				// use case narrows further by the scope it writes into.
				return true
			}
			if g.Covers(t.OrgPath) {
				return true
			}
		}
	}
	return false
}

// Require returns a forbidden error when the actor may not do p to t.
func Require(a Actor, p Permission, t Target) error {
	if Can(a, p, t) {
		return nil
	}
	if !a.Scopes.Allow(p) {
		return kit.Forbidden("this API token's scopes do not allow %q; it needs one of: %s", string(p), Scopes(ScopesOf(p)).String())
	}
	return kit.Forbidden("you do not have permission %q for this record", string(p))
}

// ScopePaths returns the org paths the actor's grants give p over, and
// whole=true when one of them covers the whole company. Lists use it to
// filter rows in SQL.
func ScopePaths(a Actor, p Permission) (paths []string, whole bool) {
	if !a.Scopes.Allow(p) {
		return nil, false
	}
	roles := matrix[p]
	for _, g := range a.Grants {
		switch roles[g.Role] {
		case ReachCompany, ReachSystem:
			return nil, true
		case ReachScoped:
			if g.WholeCompany() {
				return nil, true
			}
			paths = append(paths, g.OrgPath)
		}
	}
	return paths, false
}

// CanAnywhere reports whether the actor holds p over some scope (the
// whole company or any org unit): whether a page or list built from p is
// theirs at all.
func CanAnywhere(a Actor, p Permission) bool {
	paths, whole := ScopePaths(a, p)
	return whole || len(paths) > 0
}

// Holds reports whether the actor holds p over anything at all: some
// scope, their own record (employees) or their reports (line managers).
// Use cases check it before they validate input, so a caller without the
// permission learns nothing from the validation (then Require on the
// record decides).
func Holds(a Actor, p Permission) bool {
	if !a.Scopes.Allow(p) {
		return false
	}
	if Can(a, p, CompanyTarget) {
		return true
	}
	if ReachOf(RoleEmployee, p) != ReachNone && a.EmployeeID != 0 {
		return true
	}
	if ReachOf(RoleLineManager, p) != ReachNone && a.HasReports && a.EmployeeID != 0 {
		return true
	}
	return p == PayView && a.ReportsPay && a.HasReports && a.EmployeeID != 0
}

// RequireHeld is Holds as an error: forbidden when the actor holds p over
// nothing.
func RequireHeld(a Actor, p Permission) error {
	if Holds(a, p) {
		return nil
	}
	if !a.Scopes.Allow(p) {
		return kit.Forbidden("this API token's scopes do not allow %q; it needs one of: %s", string(p), Scopes(ScopesOf(p)).String())
	}
	return kit.Forbidden("you do not have permission %q", string(p))
}

// OrgPath builds the materialised path of an org unit from its ancestry,
// root first: OrgPath(1, 4, 9) = "/1/4/9/".
func OrgPath(ids ...int64) string {
	var b strings.Builder
	b.WriteByte('/')
	for _, id := range ids {
		b.WriteString(strconv.FormatInt(id, 10))
		b.WriteByte('/')
	}
	return b.String()
}
