package ui

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// ApprovalsPage lists approval requests in scope.
type ApprovalsPage struct {
	Base
	Status string
	// Single shows one request (/approvals/{id}).
	Single bool
	// Self is this page's address, where a decision returns to.
	Self string
	// Next and First page through the requests, newest first.
	Next     string
	First    string
	Items    []ApprovalRow
	Statuses []Option
	Reasons  []Option
	// PayReasons are the pay change reasons for a pay change resubmission.
	PayReasons []Option
}

// ApprovalRow is an approval with what the actor may do.
type ApprovalRow struct {
	work.Approval
	CanDecide bool
	Own       bool
	Overdue   bool
	DueBy     date.Date
}

// approvalsBack is where a decision, withdrawal or resubmission returns:
// the approvals page or request it was made from, else the approvals page.
func approvalsBack(r *http.Request) string { return backTo(r, "/approvals") }

// approvalsPageSize is the requests the approvals page shows at a time.
const approvalsPageSize = 50

func (u *UI) approvals(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	status := r.URL.Query().Get("status")
	if status == "" {
		status = work.StatusPending
	}
	if status == "all" {
		status = ""
	}
	cursor := r.URL.Query().Get("cursor")
	list, next, err := u.Work.ListPage(r.Context(), a, status, cursor, approvalsPageSize)
	if err != nil {
		return err
	}
	if !access.Can(a, access.ApprovalView, access.CompanyTarget) && !a.HasReports && len(list) == 0 {
		// Not an approver, and nothing of theirs: nothing to show.
		if every, err := u.Work.List(r.Context(), a, ""); err != nil {
			return err
		} else if len(every) == 0 {
			return access.Require(a, access.ApprovalView, access.CompanyTarget)
		}
	}
	p := ApprovalsPage{Base: u.base(r, "Approvals", "Approvals"), Status: r.URL.Query().Get("status")}
	keep := url.Values{}
	if p.Status != "" {
		keep.Set("status", p.Status)
	}
	p.First, p.Next = pagerLinks("/approvals", keep, cursor, next)
	p.Self = r.URL.RequestURI()
	if err := u.approvalRows(r, a, &p, list); err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "approvals/list", p)
	return nil
}

// approvalPage shows one request (links from the home page, the digest,
// notifications and escalations land here, wherever the request falls in
// the paged list). Errors: KindNotFound when the actor may not see it.
func (u *UI) approvalPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ap, err := u.Work.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := ApprovalsPage{Base: u.base(r, ap.Title, "Approvals"), Single: true}
	p.Crumbs = []Crumb{{Label: "Approvals", Href: "/approvals"}, {Label: ap.Title}}
	p.Self = "/approvals/" + itoa(ap.ID)
	if err := u.approvalRows(r, a, &p, []work.Approval{ap}); err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "approvals/list", p)
	return nil
}

// approvalRows fills the page's filters and rows: each request with its
// business-day due date and whether the actor can decide it now.
func (u *UI) approvalRows(r *http.Request, a access.Actor, p *ApprovalsPage, list []work.Approval) error {
	p.Statuses = selected([]Option{{Value: "pending", Label: "Waiting"}, {Value: "changes_requested", Label: "Sent back for changes"}, {Value: "approved", Label: "Approved"},
		{Value: "rejected", Label: "Rejected"}, {Value: "withdrawn", Label: "Withdrawn"}, {Value: "all", Label: "All"}}, p.Status)
	p.Reasons, p.PayReasons = codeOptions(people.TerminationReasons), codeOptions(people.PayChangeReasons)
	cal := rules.NewBusinessCalendar("US_FED", nil)
	if u.RuleSettings != nil {
		if st, err := u.RuleSettings(r.Context()); err == nil {
			cal = rules.NewBusinessCalendar(st.BusinessCalendar, st.Closures)
		}
	}
	today := date.Of(u.now())
	decidable, err := u.Work.Decidable(r.Context(), a, list)
	if err != nil {
		return err
	}
	for i, ap := range list {
		row := ApprovalRow{Approval: ap, Own: ap.RequestedBy == a.UserID, DueBy: ap.DueBy(cal), CanDecide: decidable[i]}
		row.Overdue = ap.Status == work.StatusPending && row.DueBy.Before(today)
		p.Items = append(p.Items, row)
	}
	return nil
}

func (u *UI) decide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	decision := r.PostFormValue("decision")
	approve := decision == "approve"
	if !approve && decision != "reject" && decision != "send_back" {
		return kit.Invalid("decision", "Choose approve, reject or send back")
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	err = u.Work.Decide(r.Context(), a, id, work.Decision{Approve: approve, SendBack: decision == "send_back", Comment: r.PostFormValue("comment"), Version: version})
	if err != nil {
		if kit.KindOf(err) == kit.KindInvalid || kit.KindOf(err) == kit.KindConflict {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, approvalsBack(r), "Not decided: "+msg)
		}
		return err
	}
	verb := "Approved"
	switch {
	case decision == "send_back":
		verb = "Sent back"
	case !approve:
		verb = "Rejected"
	}
	return u.redirect(w, r, approvalsBack(r), verb+" the request.")
}

// AuditPage lists the audit trail.
type AuditPage struct {
	Base
	Entries []audit.Entry
	Action  string
	Object  string
	Verify  *audit.VerifyResult
	Next    string
}

func (u *UI) auditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := audit.Filter{Action: strings.TrimSpace(q.Get("action")), ObjectType: q.Get("object_type"), Limit: 100}
	if v := q.Get("object_id"); v != "" {
		f.ObjectID, _ = strconv.ParseInt(v, 10, 64)
	}
	if v := q.Get("before"); v != "" {
		f.BeforeID, _ = strconv.ParseInt(v, 10, 64)
	}
	if v := q.Get("from"); v != "" {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			f.From = t
		}
	}
	a := actor(r)
	entries, err := u.Audit.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	p := AuditPage{Base: u.base(r, "Audit trail", "Audit trail"), Entries: entries, Action: f.Action, Object: f.ObjectType}
	if q.Get("verify") == "1" {
		v, err := u.Audit.Verify(r.Context(), a)
		if err != nil {
			return err
		}
		p.Verify = &v
	}
	if len(entries) == f.Limit {
		nq := q
		nq.Set("before", itoa(entries[len(entries)-1].ID))
		p.Next = "/audit?" + nq.Encode()
	}
	u.render(w, r, http.StatusOK, "admin/audit", p)
	return nil
}

// UsersPage administers users.
type UsersPage struct {
	Base
	Users []access.User
	Total int
	// Search and Role filter the list; Next and First page through it.
	Search    string
	Role      string
	RoleOpts  []Option
	Next      string
	First     string
	UnitNames map[int64]string
	// Self is this page's address, where activating a user returns to.
	Self  string
	Form  Form
	Roles []Option
	Units []Option
}

func (u *UI) usersData(r *http.Request, f Form) (UsersPage, error) {
	q := r.URL.Query()
	search, role, cursor := q.Get("q"), q.Get("role"), q.Get("cursor")
	page, err := u.Access.ListUsers(r.Context(), actor(r), search, role, cursor, 50)
	if err != nil {
		return UsersPage{}, err
	}
	ref, err := u.reference(r)
	if err != nil {
		return UsersPage{}, err
	}
	roles := make([]Option, 0, len(access.GrantableRoles))
	roleOpts := []Option{{Value: "", Label: "Any role", Selected: role == ""}}
	for _, ro := range access.GrantableRoles {
		roles = append(roles, Option{Value: string(ro), Label: label(string(ro))})
		roleOpts = append(roleOpts, Option{Value: string(ro), Label: label(string(ro)), Selected: role == string(ro)})
	}
	p := UsersPage{Base: u.base(r, "Users", "Users"), Users: page.Users, Total: page.Total, Search: search, Role: role, RoleOpts: roleOpts,
		Form: f, Roles: roles, Units: orgOptions(ref), UnitNames: map[int64]string{}}
	for _, o := range ref.OrgUnits {
		p.UnitNames[o.ID] = o.Name
	}
	p.Self = r.URL.RequestURI()
	keep := url.Values{}
	if search != "" {
		keep.Set("q", search)
	}
	if role != "" {
		keep.Set("role", role)
	}
	p.First, p.Next = pagerLinks("/admin/users", keep, cursor, page.Next)
	return p, nil
}

func (u *UI) usersPage(w http.ResponseWriter, r *http.Request) error {
	p, err := u.usersData(r, NewForm(nil))
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin/users", p)
	return nil
}

func (u *UI) createUser(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	in := access.UserInput{Email: f.Get("email"), Name: f.Get("name"), Password: f.Get("password")}
	if role := f.Get("role"); role != "" {
		in.Grants = []access.Grant{{Role: access.Role(role), OrgUnitID: int64Of(f, "scope")}}
	}
	_, err := u.Access.CreateUser(r.Context(), actor(r), in)
	if err == nil {
		return u.redirect(w, r, "/admin/users", "Created "+in.Email+".")
	}
	if err := f.Fail(err, map[string]string{"scope": "scope"}); err != nil {
		return err
	}
	f.Values.Del("password")
	p, err := u.usersData(r, f)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusUnprocessableEntity, "admin/users", p)
	return nil
}

func (u *UI) setActive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	active := r.PostFormValue("active") == "1"
	if err := u.Access.SetActive(r.Context(), actor(r), id, active); err != nil {
		return err
	}
	return u.redirect(w, r, backTo(r, "/admin/users"), "Saved.")
}

// TokensPage lists the actor's API tokens.
type TokensPage struct {
	Base
	Tokens       []access.Token
	New          string
	Form         Form
	SettingsTabs []Tab
	Scopes       []ScopeChoice
}

// ScopeChoice is one scope's checkbox on the token form.
type ScopeChoice struct {
	Name, Description string
	Checked           bool
}

// ID is the scope's element id ("scope-employees-read").
func (c ScopeChoice) ID() string { return "scope-" + strings.ReplaceAll(c.Name, ":", "-") }

func (u *UI) tokensPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderTokens(w, r, http.StatusOK, "", NewForm(nil))
}

func (u *UI) renderTokens(w http.ResponseWriter, r *http.Request, status int, raw string, f Form) error {
	ts, err := u.Access.ListTokens(r.Context(), actor(r))
	if err != nil {
		return err
	}
	var choices []ScopeChoice
	for _, s := range access.AllScopes {
		choices = append(choices, ScopeChoice{Name: string(s), Description: access.ScopeDescriptions[s], Checked: slices.Contains(f.Values["scopes"], string(s))})
	}
	u.render(w, r, status, "admin/tokens", TokensPage{Base: u.base(r, "API tokens", "Settings"), Tokens: ts, New: raw, Form: f, SettingsTabs: settingsTabs(actor(r), "/settings/tokens"), Scopes: choices})
	return nil
}

func (u *UI) createToken(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	var exp time.Time
	if d := dateOf(f, "expires_on"); !d.IsZero() {
		exp = d.Time().Add(24 * time.Hour)
	}
	limit := 0
	if v := strings.TrimSpace(f.Get("rate_limit")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.Errors["rate_limit"] = "Enter a whole number of requests a minute, or leave it empty for no limit"
		}
		limit = n
	}
	scopes, err := access.ParseScopes("scopes", f.Values["scopes"])
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	} else if f.Get("access") == "scoped" && scopes == nil {
		f.Errors["scopes"] = "Choose at least one scope, or give the token every permission you hold"
	}
	if f.Get("access") != "scoped" {
		scopes = nil
	}
	if len(f.Errors) == 0 {
		raw, _, err := u.Access.CreateToken(r.Context(), actor(r), access.TokenRequest{Name: f.Get("name"), ExpiresAt: exp, Scopes: scopes, RateLimit: limit})
		if err == nil {
			return u.renderTokens(w, r, http.StatusOK, raw, NewForm(nil))
		}
		if err := f.Fail(err, map[string]string{"expires_at": "expires_on"}); err != nil {
			return err
		}
	}
	return u.renderTokens(w, r, http.StatusUnprocessableEntity, "", f)
}

func (u *UI) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Access.RevokeToken(r.Context(), actor(r), id); err != nil {
		return err
	}
	return u.redirect(w, r, "/settings/tokens", "Revoked the token.")
}

func (u *UI) resubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	kind, err := u.Work.Kind(r.Context(), id)
	if err != nil {
		return err
	}
	switch kind {
	case "pay_change":
		in := people.PayChangeInput{EffectiveFrom: dateOf(f, "effective_from"), Reason: f.Get("reason"), Note: f.Get("note"),
			Pay: people.Pay{AmountCents: centsOf(f, "pay_amount"), Per: f.Get("pay_per"), Currency: f.Get("currency")}}
		in.Invalid = unrename(f.Errors, renameHire)
		err = u.People.ResubmitPayChange(r.Context(), actor(r), id, in)
	default:
		in := people.Termination{LastDay: dateOf(f, "last_day"), Reason: f.Get("reason"), Voluntary: f.Get("voluntary") == "yes", Regretted: f.Get("regretted") == "yes", RehireEligible: f.Get("rehire_eligible") == "yes", Note: f.Get("note")}
		in.Invalid = f.Errors
		err = u.People.ResubmitTermination(r.Context(), actor(r), id, in)
	}
	if err != nil {
		if k := kit.KindOf(err); k == kit.KindInvalid || k == kit.KindConflict {
			msg := kit.MessageOf(err)
			if fs := kit.FieldsOf(err); len(fs) > 0 {
				msg = fs.String()
			}
			return u.redirect(w, r, "/approvals?status=changes_requested", "Not resubmitted: "+msg)
		}
		return err
	}
	return u.redirect(w, r, approvalsBack(r), "Resubmitted the request.")
}

func (u *UI) withdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := u.Work.Withdraw(r.Context(), actor(r), id); err != nil {
		if kit.KindOf(err) == kit.KindConflict {
			return u.redirect(w, r, approvalsBack(r), kit.MessageOf(err))
		}
		return err
	}
	return u.redirect(w, r, approvalsBack(r), "Withdrew the request.")
}
