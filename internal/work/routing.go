package work

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Approver kinds. The first two are roles over the request's scope; the
// others are people found from the request's subject when it is made.
const (
	ApproverHRManager     = "hr_manager"     // an HR manager or director over the scope
	ApproverHRDirector    = "hr_director"    // an HR director over the scope
	ApproverLineManager   = "line_manager"   // the subject employee's manager
	ApproverSkipLevel     = "skip_level"     // the line manager's manager
	ApproverHiringManager = "hiring_manager" // the requisition's hiring manager
)

// ApproverLabels name the approver kinds for people.
var ApproverLabels = map[string]string{
	ApproverHRManager: "HR manager", ApproverHRDirector: "HR director", ApproverLineManager: "Line manager",
	ApproverSkipLevel: "Skip-level manager", ApproverHiringManager: "Hiring manager",
}

// IsPersonApprover reports whether an approver kind names one person.
func IsPersonApprover(kind string) bool {
	return kind == ApproverLineManager || kind == ApproverSkipLevel || kind == ApproverHiringManager
}

// Slot is one approver of a step: a role over the scope, or one person
// (UserID set) found when the request was made.
type Slot struct {
	Approver string
	UserID   int64
	Name     string // the person's name, filled in when read
}

// Token is the slot's stored form: "hr_manager" or "line_manager=42".
func (s Slot) Token() string {
	if s.UserID != 0 {
		return s.Approver + "=" + strconv.FormatInt(s.UserID, 10)
	}
	return s.Approver
}

// Label describes the slot: "Dana Wu (line manager)" or "an HR director".
func (s Slot) Label() string {
	if s.UserID != 0 {
		n := s.Name
		if n == "" {
			n = "user " + strconv.FormatInt(s.UserID, 10)
		}
		return n + " (" + strings.ToLower(ApproverLabels[s.Approver]) + ")"
	}
	if s.Approver == ApproverHRDirector {
		return "an HR director"
	}
	return "an HR manager"
}

// Step is one stage of a request. With several slots the approvers act in
// parallel: all of them must approve, or any one when Any is set.
type Step struct {
	Slots []Slot
	Any   bool
}

// Label describes who decides the step.
func (s Step) Label() string {
	var parts []string
	for _, sl := range s.Slots {
		parts = append(parts, sl.Label())
	}
	switch {
	case len(parts) == 1:
		return parts[0]
	case s.Any:
		return "any one of " + strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// encode is the stored form of a step: slots joined by "+" (all) or "|"
// (any).
func (s Step) encode() string {
	sep := "+"
	if s.Any {
		sep = "|"
	}
	var toks []string
	for _, sl := range s.Slots {
		toks = append(toks, sl.Token())
	}
	return strings.Join(toks, sep)
}

// EncodeSteps is the stored form of a route: steps joined by ",".
func EncodeSteps(steps []Step) string {
	var parts []string
	for _, s := range steps {
		parts = append(parts, s.encode())
	}
	return strings.Join(parts, ",")
}

// ParseSteps reads the stored form; an empty string is one HR manager step.
func ParseSteps(v string) []Step {
	if strings.TrimSpace(v) == "" {
		return []Step{{Slots: []Slot{{Approver: ApproverHRManager}}}}
	}
	var out []Step
	for _, part := range strings.Split(v, ",") {
		st := Step{Any: strings.Contains(part, "|")}
		for _, tok := range strings.FieldsFunc(part, func(r rune) bool { return r == '+' || r == '|' }) {
			st.Slots = append(st.Slots, parseSlot(tok))
		}
		out = append(out, st)
	}
	return out
}

func parseSlot(tok string) Slot {
	kind, id, ok := strings.Cut(tok, "=")
	s := Slot{Approver: kind}
	if ok {
		s.UserID, _ = strconv.ParseInt(id, 10, 64)
	}
	return s
}

// StepsOf builds simple sequential steps of role approvers, one per step.
func StepsOf(approvers ...string) []Step {
	var out []Step
	for _, a := range approvers {
		out = append(out, Step{Slots: []Slot{{Approver: a}}})
	}
	return out
}

// Condition is a test on one fact of a request, such as "change_pct > 10".
type Condition struct {
	Fact  string  `json:"fact"`
	Op    string  `json:"op" enum:">,>=,<,<=,=,!="`
	Value float64 `json:"value"`
}

// Holds reports whether the condition is true of the facts (a missing
// fact is 0, and false for a yes/no fact).
func (c Condition) Holds(f Facts) bool {
	v := f[c.Fact]
	switch c.Op {
	case ">":
		return v > c.Value
	case ">=":
		return v >= c.Value
	case "<":
		return v < c.Value
	case "<=":
		return v <= c.Value
	case "=":
		return v == c.Value
	case "!=":
		return v != c.Value
	}
	return false
}

// Facts are what a domain knows about a request for routing: yes/no facts
// are 1 or 0, amounts are in currency units, percentages are percents.
type Facts map[string]float64

// Bool is 1 for true.
func Bool(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// ChainStep is one configured step: its approvers, whether any one of
// several suffices, and the conditions under which it applies (any one of
// them; none means always).
type ChainStep struct {
	Approvers []string    `json:"approvers"`
	Any       bool        `json:"any,omitempty"`
	When      []Condition `json:"when,omitempty"`
}

// Applies reports whether the step applies to a request with these facts.
func (c ChainStep) Applies(f Facts) bool {
	if len(c.When) == 0 {
		return true
	}
	for _, w := range c.When {
		if w.Holds(f) {
			return true
		}
	}
	return false
}

// FactDef declares a fact a kind of request offers to conditions.
type FactDef struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Type  string `json:"type" enum:"bool,number,percent,money"`
}

// KindDef declares a kind of approval request: the facts its conditions
// may test, the approvers that make sense for it, and the chain it uses
// until an HR director or admin configures another. Optional kinds may
// have an empty chain, meaning the change applies without approval.
type KindDef struct {
	Key   string
	Label string
	// Decide is the permission that lets a holder fill the kind's role
	// slots (HR manager, HR director) over the request's scope.
	Decide    access.Permission
	Facts     []FactDef
	Approvers []string
	Default   []ChainStep
	Optional  bool
}

var (
	kindsMu sync.RWMutex
	kinds   = map[string]KindDef{}
)

// RegisterKind declares a kind of approval request. Domains call it from
// an init function.
func RegisterKind(k KindDef) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	kinds[k.Key] = k
}

// Kinds lists the registered kinds by label.
func Kinds() []KindDef {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	out := make([]KindDef, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// KindOf returns a registered kind.
func KindOf(key string) (KindDef, bool) {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	k, ok := kinds[key]
	return k, ok
}

// Chain limits.
const (
	MaxChainSteps     = 6
	MaxStepApprovers  = 4
	MaxStepConditions = 4
)

var ops = map[string]bool{">": true, ">=": true, "<": true, "<=": true, "=": true, "!=": true}

// ValidateChain checks a chain against its kind, field by field
// ("steps[1].approvers", "steps[0].when[0].fact", ...).
func ValidateChain(k KindDef, steps []ChainStep) error {
	f := kit.FieldErrors{}
	if len(steps) == 0 && !k.Optional {
		f.Add("steps", "Add at least one step: every "+strings.ToLower(k.Label)+" needs a decision")
	}
	if len(steps) > MaxChainSteps {
		f.Add("steps", fmt.Sprintf("Use at most %d steps", MaxChainSteps))
	}
	allowed := map[string]bool{}
	for _, a := range k.Approvers {
		allowed[a] = true
	}
	facts := map[string]FactDef{}
	for _, fd := range k.Facts {
		facts[fd.Key] = fd
	}
	for i, s := range steps {
		p := fmt.Sprintf("steps[%d]", i)
		if len(s.Approvers) == 0 {
			f.Add(p+".approvers", "Choose who approves this step")
		}
		if len(s.Approvers) > MaxStepApprovers {
			f.Add(p+".approvers", fmt.Sprintf("Use at most %d approvers in one step", MaxStepApprovers))
		}
		seen := map[string]bool{}
		for _, a := range s.Approvers {
			switch {
			case !allowed[a]:
				f.Add(p+".approvers", fmt.Sprintf("%q is not an approver for a %s", a, strings.ToLower(k.Label)))
			case seen[a] && IsPersonApprover(a):
				f.Add(p+".approvers", fmt.Sprintf("%s appears twice in one step", ApproverLabels[a]))
			}
			seen[a] = true
		}
		if len(s.When) > MaxStepConditions {
			f.Add(p+".when", fmt.Sprintf("Use at most %d conditions on one step", MaxStepConditions))
		}
		for j, c := range s.When {
			q := fmt.Sprintf("%s.when[%d]", p, j)
			fd, ok := facts[c.Fact]
			if !ok {
				f.Add(q+".fact", fmt.Sprintf("%q is not something a %s can be tested on", c.Fact, strings.ToLower(k.Label)))
				continue
			}
			if !ops[c.Op] {
				f.Add(q+".op", "Choose a comparison: >, >=, <, <=, = or !=")
			}
			if fd.Type == "bool" && (c.Value != 0 && c.Value != 1 || (c.Op != "=" && c.Op != "!=")) {
				f.Add(q+".value", "A yes/no condition is “= 1” (yes) or “= 0” (no)")
			}
			if fd.Type == "percent" && (c.Value < -100 || c.Value > 1000) {
				f.Add(q+".value", "Enter a percentage between -100 and 1000")
			}
		}
	}
	return f.Err()
}

// DescribeChain says in words what a chain does.
func DescribeChain(k KindDef, steps []ChainStep) []string {
	facts := map[string]FactDef{}
	for _, fd := range k.Facts {
		facts[fd.Key] = fd
	}
	var out []string
	for i, s := range steps {
		var who []string
		for _, a := range s.Approvers {
			who = append(who, ApproverLabels[a])
		}
		line := fmt.Sprintf("Step %d: ", i+1)
		switch {
		case len(who) == 1:
			line += who[0]
		case s.Any:
			line += "any one of " + strings.Join(who, ", ")
		default:
			line += "all of " + strings.Join(who, ", ") + " (in parallel)"
		}
		if len(s.When) > 0 {
			var conds []string
			for _, c := range s.When {
				conds = append(conds, describeCondition(facts[c.Fact], c))
			}
			line += ", only when " + strings.Join(conds, " or ")
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		out = append(out, "No approval: the change applies as soon as it is made.")
	}
	return out
}

func describeCondition(fd FactDef, c Condition) string {
	label := fd.Label
	if label == "" {
		label = c.Fact
	}
	if fd.Type == "bool" {
		if (c.Op == "=") == (c.Value == 1) {
			return strings.ToLower(label)
		}
		return "not " + strings.ToLower(label)
	}
	v := strconv.FormatFloat(c.Value, 'f', -1, 64)
	switch fd.Type {
	case "percent":
		v += "%"
	case "money":
		v = "$" + v
	}
	return strings.ToLower(label) + " " + c.Op + " " + v
}

// ChainJSON and ParseChainJSON are the stored form of a chain.
func ChainJSON(steps []ChainStep) string {
	if steps == nil {
		steps = []ChainStep{}
	}
	b, _ := json.Marshal(steps)
	return string(b)
}

// ParseChainJSON reads a stored chain.
func ParseChainJSON(v string) ([]ChainStep, error) {
	var steps []ChainStep
	err := json.Unmarshal([]byte(v), &steps)
	return steps, err
}

// RouteStore is what routing needs from the store.
type RouteStore interface {
	// ApprovalChain returns the configured chain of a kind; found is
	// false when none was saved (the kind's default applies).
	ApprovalChain(ctx context.Context, kind string) (steps []ChainStep, found bool, err error)
	// ManagerOf returns an employee's current manager (0 for none).
	ManagerOf(ctx context.Context, employeeID int64) (int64, error)
	// ActiveUserOf returns the active user linked to an employee (0 for
	// none) and the user's name.
	ActiveUserOf(ctx context.Context, employeeID int64) (int64, string, error)
}

// Subject is whom a request is about, for the person approvers.
type Subject struct {
	EmployeeID              int64 // line manager and skip-level are found from here
	HiringManagerEmployeeID int64
}

// ChainFor returns the chain in force for a kind.
func ChainFor(ctx context.Context, st RouteStore, kind string) ([]ChainStep, error) {
	k, ok := KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("approval kind %q is not registered", kind)
	}
	steps, found, err := st.ApprovalChain(ctx, kind)
	if err != nil || !found {
		return k.Default, err
	}
	return steps, nil
}

// Route turns the chain of a kind into the steps of one request: steps
// whose conditions do not hold are left out, and person approvers are
// found from the subject. A person approver who cannot act (nobody in the
// role, no active sign-in, or the requester themself) is replaced by the
// next level up (the line manager's manager, the hiring manager's
// manager), and failing that by an HR manager. A kind whose chain yields
// no step needs no approval (nil) when it is optional, and an HR manager
// otherwise.
func Route(ctx context.Context, st RouteStore, kind string, subj Subject, f Facts, requester int64) ([]Step, error) {
	chain, err := ChainFor(ctx, st, kind)
	if err != nil {
		return nil, err
	}
	k, _ := KindOf(kind)
	var out []Step
	for _, cs := range chain {
		if !cs.Applies(f) {
			continue
		}
		step := Step{Any: cs.Any && len(cs.Approvers) > 1}
		var stand []Slot // HR managers standing in for people who cannot act
		for _, ak := range cs.Approvers {
			if !IsPersonApprover(ak) {
				step.Slots = append(step.Slots, Slot{Approver: ak})
				continue
			}
			slot, err := findPerson(ctx, st, ak, subj, requester, step)
			if err != nil {
				return nil, err
			}
			if slot.UserID == 0 {
				stand = append(stand, slot)
			} else {
				step.Slots = append(step.Slots, slot)
			}
		}
		// One HR manager stands in, unless the step already has one.
		if len(stand) > 0 && !hasRole(step, ApproverHRManager) && !hasRole(step, ApproverHRDirector) {
			step.Slots = append(step.Slots, stand[0])
		}
		step.Any = step.Any && len(step.Slots) > 1
		out = append(out, step)
	}
	if len(out) == 0 && !k.Optional {
		out = StepsOf(ApproverHRManager)
	}
	return out, nil
}

func hasRole(s Step, role string) bool {
	for _, x := range s.Slots {
		if x.UserID == 0 && x.Approver == role {
			return true
		}
	}
	return false
}

func hasSlot(s Step, sl Slot) bool {
	for _, x := range s.Slots {
		if x.UserID != 0 && x.UserID == sl.UserID {
			return true
		}
	}
	return false
}

// findPerson resolves a person approver, one level up when needed.
func findPerson(ctx context.Context, st RouteStore, kind string, subj Subject, requester int64, step Step) (Slot, error) {
	var start int64
	var err error
	switch kind {
	case ApproverLineManager:
		start, err = st.ManagerOf(ctx, subj.EmployeeID)
	case ApproverSkipLevel:
		if start, err = st.ManagerOf(ctx, subj.EmployeeID); err == nil && start != 0 {
			start, err = st.ManagerOf(ctx, start)
		}
	case ApproverHiringManager:
		start = subj.HiringManagerEmployeeID
	}
	if err != nil {
		return Slot{}, err
	}
	emp := start
	// The subject never approves a request about themself, except as the
	// hiring manager of their own requisition.
	for level := 0; level < 2 && emp != 0 && (emp != subj.EmployeeID || kind == ApproverHiringManager && level == 0); level++ {
		uid, name, err := st.ActiveUserOf(ctx, emp)
		if err != nil {
			return Slot{}, err
		}
		if uid != 0 && uid != requester && !hasSlot(step, Slot{UserID: uid}) {
			return Slot{Approver: kind, UserID: uid, Name: name}, nil
		}
		if emp, err = st.ManagerOf(ctx, emp); err != nil {
			return Slot{}, err
		}
	}
	return Slot{Approver: ApproverHRManager}, nil
}

// ApproverNotifyStore finds and notifies approvers.
type ApproverNotifyStore interface {
	NotificationStore
	DirectorsFor(ctx context.Context, orgPath string) ([]int64, error)
}

// NotifyApprovers tells everyone who can fill an open slot of the current
// step that a decision is needed: the named people, and the HR managers
// or directors over the scope for role slots. title and body describe the
// request; the link opens it.
func NotifyApprovers(ctx context.Context, st ApproverNotifyStore, actor access.Actor, ap Approval, title, body string, now time.Time) error {
	seen := map[int64]bool{ap.RequestedBy: true}
	var users []int64
	add := func(ids ...int64) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				users = append(users, id)
			}
		}
	}
	for _, s := range ap.OpenSlots() {
		switch {
		case s.UserID != 0:
			add(s.UserID)
		case s.Approver == ApproverHRDirector:
			ids, err := st.DirectorsFor(ctx, ap.ScopeOrgPath)
			if err != nil {
				return err
			}
			add(ids...)
		default:
			ids, err := st.DecidersFor(ctx, ap.ScopeOrgPath)
			if err != nil {
				return err
			}
			add(ids...)
		}
	}
	for _, u := range users {
		if err := Notify(ctx, st, actor, Notification{UserID: u, Kind: "approval_requested", Title: title, Body: body,
			Link: fmt.Sprintf("/approvals/%d", ap.ID)}, now); err != nil {
			return err
		}
	}
	return nil
}
