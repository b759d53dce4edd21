package ui

import (
	"fmt"
	"github.com/cadrehq/cadre/internal/kit/markdown"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/calendar"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Base is what every page's layout needs.
type Base struct {
	Title    string
	Section  string
	Signed   bool
	UserName string
	Initials string
	RoleLine string
	Nav      []NavItem
	CSRF     string
	Flash    string
	Crumbs   []Crumb
	Company  string
	Query    string
	CSS, JS  string
	HTMX     string
	Charts   string // the chart library, set only by pages that draw charts
	// Public pages (the careers site) use the public shell, signed in or
	// not.
	Public bool
	// Site is the careers site's branding, on public pages.
	Site   *hiring.CareersSite
	Unread int
}

// NavItem is a sidebar link.
type NavItem struct {
	Label, Href, Icon string
	Active            bool
}

// Crumb is a breadcrumb.
type Crumb struct{ Label, Href string }

// base builds the layout data for a signed-in (or not) request.
func (u *UI) base(r *http.Request, title, section string) Base {
	b := Base{Title: title, Section: section, Company: u.company(r), CSS: u.Asset("cadre.css"), JS: u.Asset("cadre.js"), HTMX: u.Asset("vendor/htmx.min.js")}
	s, ok := current(r)
	if !ok {
		return b
	}
	a := s.Actor
	b.Signed, b.UserName, b.Initials, b.CSRF = true, a.Name, initials(a.Name), s.Session.CSRFToken
	b.RoleLine = roleLine(a)
	b.Nav = navFor(a, section)
	b.Query = r.URL.Query().Get("q")
	if u.Notifications != nil {
		b.Unread, _ = u.Notifications.Unread(r.Context(), a)
	}
	if s.Session.Flash != "" {
		b.Flash = s.Session.Flash
		_ = u.Access.SetFlash(r.Context(), s.Session, "")
	}
	return b
}

var brandRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// company is the employer's name.
func (u *UI) company(r *http.Request) string {
	if u.Employer != nil {
		return u.Employer(r.Context())
	}
	return "Cadre"
}

// publicBase is the base of a careers page.
func (u *UI) publicBase(r *http.Request, title string) Base {
	b := Base{Title: title, Company: u.company(r), CSS: u.Asset("cadre.css"), JS: u.Asset("cadre.js"), HTMX: u.Asset("vendor/htmx.min.js"), Public: true}
	if site, err := u.Hiring.CareersSite(r.Context()); err == nil {
		b.Site, b.Company = &site, site.CompanyName
	}
	return b
}

func roleLine(a access.Actor) string {
	names := map[access.Role]string{
		access.RoleEmployee: "Employee", access.RoleLineManager: "Line manager", access.RoleGeneralist: "HR generalist",
		access.RoleManager: "HR manager", access.RoleDirector: "HR director", access.RoleAdmin: "Admin",
	}
	roles := a.Roles()
	if len(roles) == 0 {
		return ""
	}
	return names[roles[len(roles)-1]]
}

func navFor(a access.Actor, section string) []NavItem {
	items := []NavItem{{Label: "Home", Href: "/", Icon: "home"}}
	if access.CanAnywhere(a, access.InsightsView) {
		items = append(items, NavItem{Label: "Insights", Href: "/insights", Icon: "chart"})
	}
	if access.CanAnywhere(a, access.ReportsBuild) {
		items = append(items, NavItem{Label: "Reports", Href: "/insights/reports", Icon: "table"})
	}
	if access.Can(a, access.DirectoryView, access.CompanyTarget) {
		items = append(items, NavItem{Label: "People", Href: "/people", Icon: "people"}, NavItem{Label: "Org chart", Href: "/org-chart", Icon: "org"})
	}
	if access.Can(a, access.TaskWork, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Tasks", Href: "/tasks", Icon: "check"})
	}
	if access.Can(a, access.RequisitionManage, access.CompanyTarget) || access.Can(a, access.HiringPlanView, access.CompanyTarget) || a.HasReports {
		items = append(items, NavItem{Label: "Recruiting", Href: "/hiring", Icon: "briefcase"})
	}
	if access.Can(a, access.CaseWork, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Relations", Href: "/relations", Icon: "relations"})
	}
	if access.Can(a, access.LeaveCaseManage, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Leave", Href: "/leave", Icon: "calendar"})
	}
	if a.EmployeeID != 0 && (a.HasReports || access.Can(a, access.InterviewManage, access.CompanyTarget)) {
		items = append(items, NavItem{Label: "Interviews", Href: "/hiring/interviews", Icon: "calendar"})
	}
	if access.Can(a, access.ApprovalView, access.CompanyTarget) || a.HasReports {
		items = append(items, NavItem{Label: "Approvals", Href: "/approvals", Icon: "stamp"})
	}
	if access.CanAnywhere(a, access.PayView) {
		items = append(items, NavItem{Label: "Pay", Href: "/pay/payroll", Icon: "money"})
	} else if a.HasReports {
		items = append(items, NavItem{Label: "Merit", Href: "/pay/merit", Icon: "money"})
	}
	if a.EmployeeID != 0 || access.CanAnywhere(a, access.BenefitsAdmin) || access.Can(a, access.BenefitsDesign, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Benefits", Href: "/benefits", Icon: "heart"})
	}
	if access.Can(a, access.CareerCatalogView, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Careers", Href: "/growth", Icon: "ladder"})
	}
	if access.Can(a, access.PolicyView, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Policies", Href: "/policies", Icon: "shield"})
	}
	if access.Can(a, access.CalendarView, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Compliance", Href: "/compliance/calendar", Icon: "scale"})
	}
	if access.Can(a, access.RulesEvaluate, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Rules workbench", Href: "/rules", Icon: "scale"})
	}
	if access.Can(a, access.OrgManage, access.CompanyTarget) || access.Can(a, access.JobArchitectureManage, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Organization", Href: "/org", Icon: "building"})
	}
	if access.Can(a, access.AuditView, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Audit trail", Href: "/audit", Icon: "shield"})
	}
	if access.Can(a, access.UserManage, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Users", Href: "/admin/users", Icon: "key"})
	}
	if access.Can(a, access.SettingsManage, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Jobs", Href: "/admin/jobs", Icon: "gear"})
	}
	if access.Can(a, access.IntegrationsManage, access.CompanyTarget) {
		items = append(items, NavItem{Label: "Webhooks", Href: "/admin/webhooks", Icon: "link"}, NavItem{Label: "Single sign-on", Href: "/admin/sso", Icon: "key"}, NavItem{Label: "SCIM", Href: "/admin/scim", Icon: "people"})
	}
	if access.Can(a, access.InquiryAsk, access.Target{EmployeeID: a.EmployeeID}) {
		items = append(items, NavItem{Label: "Ask HR", Href: "/help", Icon: "help"})
	}
	if a.EmployeeID != 0 {
		items = append(items, NavItem{Label: "Time off", Href: "/time-off", Icon: "calendar"}, NavItem{Label: "Concerns", Href: "/me/concerns", Icon: "flag"})
	}
	items = append(items, NavItem{Label: "Settings", Href: "/settings/tokens", Icon: "gear"})
	for i := range items {
		items[i].Active = strings.EqualFold(items[i].Label, section)
	}
	return items
}

func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			out = append(out, r)
			break
		}
	}
	if len(out) > 2 {
		out = []rune{out[0], out[len(out)-1]}
	}
	return strings.ToUpper(string(out))
}

var icons = map[string]string{
	"money":     `<rect x="2.5" y="6" width="19" height="12" rx="1.5"/><circle cx="12" cy="12" r="2.8"/><path d="M6 9.5v5M18 9.5v5"/>`,
	"home":      `<path d="M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z"/>`,
	"people":    `<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5"/><circle cx="17" cy="9" r="2.5"/><path d="M16 14.6c2.6.2 4.6 1.8 5.3 4.9"/>`,
	"org":       `<rect x="9" y="3" width="6" height="5" rx="1"/><rect x="2" y="16" width="6" height="5" rx="1"/><rect x="16" y="16" width="6" height="5" rx="1"/><path d="M12 8v4M5 16v-4h14v4"/>`,
	"check":     `<path d="M4 12.5 9 17.5 20 6.5"/>`,
	"stamp":     `<path d="M9 3h6l-1 7h4v4H6v-4h4zM5 18h14v3H5z"/>`,
	"building":  `<rect x="4" y="3" width="16" height="18" rx="1"/><path d="M8 7h2M14 7h2M8 11h2M14 11h2M8 15h2M14 15h2"/>`,
	"shield":    `<path d="M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6z"/>`,
	"table":     `<path d="M4 5h16v14H4zM4 10h16M4 15h16M10 5v14"/>`,
	"chart":     `<path d="M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3M20 16V6"/>`,
	"ladder":    `<path d="M7 3v18M17 3v18M7 7h10M7 12h10M7 17h10"/>`,
	"heart":     `<path d="M12 20s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7.6 4.2 4.2 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10z"/>`,
	"key":       `<circle cx="8" cy="15" r="4"/><path d="m11 12 9-9M17 6l3 3M15 8l2 2"/>`,
	"scale":     `<path d="M12 3v18M8 21h8M5 7h14M5 7 2 14a3 3 0 0 0 6 0L5 7M19 7l-3 7a3 3 0 0 0 6 0l-3-7"/>`,
	"help":      `<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.5"/>`,
	"relations": `<path d="M4 5h16v10H10l-5 4v-4H4z"/><path d="M8 9h8M8 12h5"/>`,
	"calendar":  `<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>`,
	"flag":      `<path d="M5 21V4M5 4h11l-2 4 2 4H5"/>`,
	"link":      `<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`,
	"briefcase": `<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M3 12.5h18"/>`,
	"gear":      `<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"/>`,
}

func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"icon": func(name string) template.HTML {
			return template.HTML(`<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">` + icons[name] + `</svg>`)
		},
		"money": func(cents int64, currency string) string {
			if currency == "" {
				currency = "USD"
			}
			sym := map[string]string{"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "MXN": "MX$"}[currency]
			return sym + kit.FormatCents(cents)
		},
		"moneyWhole": func(cents int64, currency string) string {
			sym := map[string]string{"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "MXN": "MX$"}[currency]
			if currency == "" {
				sym = "$"
			}
			return sym + strings.TrimSuffix(kit.FormatCents(cents), ".00")
		},
		"rate": func(cents int64, per string) string {
			if per == "hour" {
				return "$" + kit.FormatCents(cents) + " / hour"
			}
			return "$" + strings.TrimSuffix(kit.FormatCents(cents), ".00") + " / year"
		},
		"date": func(d date.Date) string {
			if d.IsZero() {
				return "—"
			}
			return d.Format("Jan 2, 2006")
		},
		"checkedID": checkedID,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format("Jan 2, 2006 15:04 UTC")
		},
		"label":         label,
		"calendarLabel": calendar.Label,
		"bp":            bpText,
		"erlabel":       erLabel,
		"leavereason": func(k string) string {
			if l, ok := leave.ReasonLabels[k]; ok {
				return l
			}
			return label(k)
		},
		"deref": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"pval": func(p float64) string {
			if p < 0.0001 {
				return "< 0.0001"
			}
			return "= " + strconv.FormatFloat(p, 'f', 4, 64)
		},
		"initials": initials,
		"asset":    u.Asset,
		"pct": func(f *float64) string {
			if f == nil {
				return "—"
			}
			return fmt.Sprintf("%.0f%%", *f*100)
		},
		"ratio": func(f *float64) string {
			if f == nil {
				return "—"
			}
			return strconv.FormatFloat(*f, 'f', 2, 64)
		},
		"ratio2":   func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
		"markdown": markdown.Render,
		"sub":      func(a, b int) int { return a - b },
		"div64":    func(a int64, b int) int64 { return a / int64(b) },
		"seq": func(from, to int) []int {
			var out []int
			for i := from; i <= to; i++ {
				out = append(out, i)
			}
			return out
		},
		"field":     fieldView,
		"eventOpts": eventOptions,
		"tierOpts":  tierOptions,
		"list2":     func(v ...any) []any { return v },
		"waive":     benefits.WaiveReasonLabel,
		"tier":      benefits.TierLabel,
		"btype":     benefits.TypeLabel,
		"lower":     strings.ToLower,
		"options":   optionsHTML,
		"options2": func(pairs ...string) []Option {
			var out []Option
			for i := 0; i+1 < len(pairs); i += 2 {
				out = append(out, Option{Value: pairs[i], Label: pairs[i+1]})
			}
			return out
		},
		"plus":     func(a, b int) int { return a + b },
		"minus":    func(a, b int) int { return a - b },
		"addCents": func(a, b int64) int64 { return a + b },
		"stage":    hiring.StageName,
		"dateOf":   date.Of,
		"initial": func(s string) string {
			for _, r := range s {
				return strings.ToUpper(string(r))
			}
			return "?"
		},
		// brandv is the brand colour's hex digits, a cache key for brand.css.
		"brandv":  func(s string) string { return strings.TrimPrefix(s, "#") },
		"usd":     func(dollars float64) string { return "$" + kit.FormatCents(int64(math.Round(dollars*100))) },
		"fieldid": fieldID,
		// pwfield is a password input: never filled back, with its
		// autocomplete purpose in Type.
		"pwfield": func(f Form, name, label, autocomplete, help string) FieldView {
			fv := fieldView(f, name, label, autocomplete, help)
			fv.Value = ""
			return fv
		},
		"list":   func(v ...int) []int { return v },
		"inc":    func(a int) int { return a + 1 },
		"query":  func(v url.Values) string { return v.Encode() },
		"repeat": strings.Repeat,
		// indent, wpct and at name classes from cadre.css: the pages carry no
		// style attributes, so the Content-Security-Policy needs no
		// 'unsafe-inline' for styles.
		"indent": func(depth int) string { return fmt.Sprintf("depth-%d", max(0, min(depth, 12))) },
		"wpct":   func(v float64) string { return fmt.Sprintf("pct-%d", pctStep(v)) },
		"at":     func(v float64) string { return fmt.Sprintf("at-%d", pctStep(v)) },
		"join":   strings.Join,
		"itoa":   func(v int64) string { return strconv.FormatInt(v, 10) },
		"hours":  func(centi int64) float64 { return float64(centi) / 100 },
		"pctOf": func(a, b int) float64 {
			if b == 0 {
				return 0
			}
			return float64(a) * 100 / float64(b)
		},
	}
}

// pctStep rounds a percentage to a whole step of the pct-/at- classes.
func pctStep(v float64) int {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	return int(math.Round(min(v, 100)))
}

// label turns a snake_case code into words.
func label(code string) string {
	words := strings.Fields(strings.ReplaceAll(code, "_", " "))
	if len(words) == 0 {
		return ""
	}
	for i, w := range words {
		if labelAcronyms[w] {
			words[i] = strings.ToUpper(w)
		}
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// labelAcronyms are the words a code spells in capitals ("hr_manager" is
// "HR manager", not "Hr manager").
var labelAcronyms = map[string]bool{"hr": true, "er": true, "fmla": true, "cobra": true, "pto": true, "hsa": true, "fsa": true, "eeo": true, "ada": true, "api": true, "sso": true, "scim": true, "ssn": true, "pip": true, "i9": true}
