package work

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit"
)

// org is a reporting line for routing tests: employee -> manager, and
// employee -> active user.
type org struct {
	managers map[int64]int64
	users    map[int64]int64
	chain    []ChainStep
}

func (o org) ApprovalChain(context.Context, string) ([]ChainStep, bool, error) {
	return o.chain, o.chain != nil, nil
}
func (o org) ManagerOf(_ context.Context, e int64) (int64, error) { return o.managers[e], nil }
func (o org) ActiveUserOf(_ context.Context, e int64) (int64, string, error) {
	u := o.users[e]
	if u == 0 {
		return 0, "", nil
	}
	return u, "User " + string(rune('A'+u%26)), nil
}

func init() {
	RegisterKind(KindDef{Key: "test_kind", Label: "Test",
		Facts:     []FactDef{{Key: "involuntary", Label: "Involuntary", Type: "bool"}, {Key: "change_pct", Label: "Change", Type: "percent"}},
		Approvers: []string{ApproverHRManager, ApproverHRDirector, ApproverLineManager, ApproverSkipLevel, ApproverHiringManager},
		Default:   []ChainStep{{Approvers: []string{ApproverHRManager}}}})
	RegisterKind(KindDef{Key: "test_optional", Label: "Optional", Optional: true, Approvers: []string{ApproverHRManager},
		Facts: []FactDef{{Key: "change_pct", Label: "Change", Type: "percent"}}})
}

func TestStepsRoundTrip(t *testing.T) {
	for _, s := range []string{"hr_manager", "hr_manager,hr_director", "line_manager=7+hr_manager", "line_manager=7|skip_level=9,hr_director"} {
		if got := EncodeSteps(ParseSteps(s)); got != s {
			t.Errorf("%q came back as %q", s, got)
		}
	}
	st := ParseSteps("line_manager=7|skip_level=9")
	if len(st) != 1 || !st[0].Any || st[0].Slots[1].UserID != 9 {
		t.Fatalf("parsed %+v", st)
	}
	if got := ParseSteps(""); len(got) != 1 || got[0].Slots[0].Approver != ApproverHRManager {
		t.Fatalf("empty route: %+v", got)
	}
}

func TestRouteFindsPeopleAndSkipsConditions(t *testing.T) {
	// 1 reports to 2, 2 to 3, 3 to 4. Users: 2->20, 3->30, 4->40.
	o := org{managers: map[int64]int64{1: 2, 2: 3, 3: 4}, users: map[int64]int64{2: 20, 3: 30, 4: 40}}
	o.chain = []ChainStep{
		{Approvers: []string{ApproverLineManager}},
		{Approvers: []string{ApproverSkipLevel, ApproverHRManager}, Any: true},
		{Approvers: []string{ApproverHRDirector}, When: []Condition{{Fact: "involuntary", Op: "=", Value: 1}, {Fact: "change_pct", Op: ">", Value: 10}}},
	}
	ctx := context.Background()
	steps, err := Route(ctx, o, "test_kind", Subject{EmployeeID: 1}, Facts{"involuntary": 0, "change_pct": 5}, 99)
	if err != nil {
		t.Fatal(err)
	}
	if got := EncodeSteps(steps); got != "line_manager=20,skip_level=30|hr_manager" {
		t.Fatalf("route %q", got)
	}
	// Either condition adds the director.
	steps, _ = Route(ctx, o, "test_kind", Subject{EmployeeID: 1}, Facts{"change_pct": 12.5}, 99)
	if got := EncodeSteps(steps); got != "line_manager=20,skip_level=30|hr_manager,hr_director" {
		t.Fatalf("route with a condition %q", got)
	}
	// The line manager made the request: their manager approves instead,
	// and the skip-level (the same person) moves one level up again.
	steps, _ = Route(ctx, o, "test_kind", Subject{EmployeeID: 1}, Facts{}, 20)
	if got := EncodeSteps(steps); got != "line_manager=30,skip_level=30|hr_manager" {
		t.Fatalf("requester as line manager %q", got)
	}
	// Nobody with a sign-in within one level up: an HR manager stands in.
	o2 := org{managers: map[int64]int64{1: 2, 2: 3, 3: 4}, users: map[int64]int64{4: 40}, chain: []ChainStep{{Approvers: []string{ApproverLineManager}}}}
	steps, _ = Route(ctx, o2, "test_kind", Subject{EmployeeID: 1}, Facts{}, 99)
	if got := EncodeSteps(steps); got != "hr_manager" {
		t.Fatalf("no line manager with a sign-in %q", got)
	}
	// A stand-in HR manager is not added next to an HR role already there.
	o2.chain = []ChainStep{{Approvers: []string{ApproverLineManager, ApproverHRDirector}}}
	steps, _ = Route(ctx, o2, "test_kind", Subject{EmployeeID: 1}, Facts{}, 99)
	if got := EncodeSteps(steps); got != "hr_director" {
		t.Fatalf("stand-in next to a director %q", got)
	}
	// The hiring manager of a requisition (its subject) approves it; when
	// they made the request themselves, their manager does.
	oh := org{managers: map[int64]int64{2: 3}, users: map[int64]int64{2: 20, 3: 30}, chain: []ChainStep{{Approvers: []string{ApproverHiringManager}}}}
	steps, _ = Route(ctx, oh, "test_kind", Subject{EmployeeID: 2, HiringManagerEmployeeID: 2}, Facts{}, 99)
	if got := EncodeSteps(steps); got != "hiring_manager=20" {
		t.Fatalf("hiring manager %q", got)
	}
	steps, _ = Route(ctx, oh, "test_kind", Subject{EmployeeID: 2, HiringManagerEmployeeID: 2}, Facts{}, 20)
	if got := EncodeSteps(steps); got != "hiring_manager=30" {
		t.Fatalf("hiring manager who requested %q", got)
	}
	// No saved chain: the default. All steps skipped: an HR manager, or
	// nothing for an optional kind.
	steps, _ = Route(ctx, org{}, "test_kind", Subject{EmployeeID: 1}, Facts{}, 99)
	if got := EncodeSteps(steps); got != "hr_manager" {
		t.Fatalf("default %q", got)
	}
	o3 := org{chain: []ChainStep{{Approvers: []string{ApproverHRManager}, When: []Condition{{Fact: "change_pct", Op: ">=", Value: 10}}}}}
	if steps, _ = Route(ctx, o3, "test_optional", Subject{}, Facts{"change_pct": 3}, 99); steps != nil {
		t.Fatalf("optional kind below the threshold needs no approval: %v", steps)
	}
	if steps, _ = Route(ctx, o3, "test_optional", Subject{}, Facts{"change_pct": 10}, 99); EncodeSteps(steps) != "hr_manager" {
		t.Fatalf("at the threshold: %v", steps)
	}
	if _, err := Route(ctx, o3, "no_such_kind", Subject{}, Facts{}, 99); err == nil {
		t.Fatal("an unregistered kind routed")
	}
}

func TestOpenSlotsAllAnyAndSendBack(t *testing.T) {
	a := Approval{Step: 1, Steps: ParseSteps("line_manager=20+hr_manager,hr_director"), Status: StatusPending}
	if len(a.OpenSlots()) != 2 || a.WaitingOn() != "user 20 (line manager) and an HR manager" {
		t.Fatalf("open %v, waiting on %q", a.OpenSlots(), a.WaitingOn())
	}
	a.Steps[0].Slots[0].Name = "Dana Wu"
	a.Decisions = []StepDecision{{Step: 1, Approver: "hr_manager", DecidedBy: 5, Decision: "approve"}}
	if open := a.OpenSlots(); len(open) != 1 || open[0].UserID != 20 || a.WaitingOn() != "Dana Wu (line manager)" {
		t.Fatalf("after one approval: %v %q", open, a.WaitingOn())
	}
	if !a.AssignedTo(20) || a.AssignedTo(5) {
		t.Fatal("assigned-to is wrong")
	}
	// A send-back starts a new round: earlier approvals no longer count.
	a.Decisions = append(a.Decisions, StepDecision{Step: 1, Approver: "line_manager=20", DecidedBy: 20, Decision: "send_back"})
	if len(a.OpenSlots()) != 2 {
		t.Fatalf("after a send-back: %v", a.OpenSlots())
	}
	anyOne := Approval{Step: 1, Steps: ParseSteps("line_manager=20|skip_level=30"), Status: StatusPending}
	if anyOne.WaitingOn() != "any one of user 20 (line manager) or user 30 (skip-level manager)" {
		t.Fatalf("any-one label %q", anyOne.WaitingOn())
	}
	anyOne.Decisions = []StepDecision{{Step: 1, Approver: "skip_level=30", DecidedBy: 30, Decision: "approve"}}
	if len(anyOne.OpenSlots()) != 0 {
		t.Fatal("an any-one step stays open after one approval")
	}
	// Two slots of the same role need two different approvals.
	two := Approval{Step: 1, Steps: ParseSteps("hr_manager+hr_manager"), Decisions: []StepDecision{{Step: 1, Approver: "hr_manager", DecidedBy: 5, Decision: "approve"}}}
	if len(two.OpenSlots()) != 1 {
		t.Fatalf("two HR managers: %v", two.OpenSlots())
	}
}

func TestValidateChain(t *testing.T) {
	k, _ := KindOf("test_kind")
	err := ValidateChain(k, []ChainStep{
		{Approvers: []string{"ceo"}},
		{Approvers: []string{ApproverLineManager, ApproverLineManager}},
		{Approvers: []string{ApproverHRManager}, When: []Condition{{Fact: "shoe_size", Op: ">", Value: 1}}},
		{Approvers: []string{ApproverHRManager}, When: []Condition{{Fact: "involuntary", Op: ">", Value: 3}}},
		{Approvers: []string{ApproverHRManager}, When: []Condition{{Fact: "change_pct", Op: "~", Value: 3}}},
		{},
	})
	want := []string{"steps[0].approvers", "steps[1].approvers", "steps[2].when[0].fact", "steps[3].when[0].value", "steps[4].when[0].op", "steps[5].approvers"}
	if got := kit.FieldsOf(err).Sorted(); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	if err := ValidateChain(k, nil); !kit.FieldsOf(err).Has("steps") {
		t.Fatal("an empty chain for a kind that needs a decision was accepted")
	}
	opt, _ := KindOf("test_optional")
	if err := ValidateChain(opt, nil); err != nil {
		t.Fatalf("an optional kind may need no approval: %v", err)
	}
	if err := ValidateChain(k, make([]ChainStep, MaxChainSteps+1)); !kit.FieldsOf(err).Has("steps") {
		t.Fatal("too many steps accepted")
	}
	ok := []ChainStep{{Approvers: []string{ApproverLineManager}}, {Approvers: []string{ApproverHRManager, ApproverHRDirector}, Any: true, When: []Condition{{Fact: "involuntary", Op: "=", Value: 1}}}}
	if err := ValidateChain(k, ok); err != nil {
		t.Fatal(err)
	}
	words := strings.Join(DescribeChain(k, ok), "; ")
	if words != "Step 1: Line manager; Step 2: any one of HR manager, HR director, only when involuntary" {
		t.Fatalf("described as %q", words)
	}
}
