package access

import (
	"fmt"
	"strings"
)

var reachText = map[Reach]string{
	ReachNone: "—", ReachSelf: "own record", ReachReports: "reports", ReachScoped: "scope",
	ReachSystem: "yes", ReachCompany: "everyone",
}

// MatrixMarkdown renders the role matrix as the table in docs/roles.md.
func MatrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| permission | what it allows |")
	for _, r := range AllRoles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|---|")
	for range AllRoles {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, p := range AllPermissions {
		fmt.Fprintf(&b, "| `%s` | %s |", p, Descriptions[p])
		for _, r := range AllRoles {
			b.WriteString(" " + reachText[ReachOf(r, p)] + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
