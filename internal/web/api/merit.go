package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/merit"
	"github.com/cadrehq/cadre/internal/kit"
)

// MeritCycleIn creates or edits a draft merit cycle.
type MeritCycleIn struct {
	Name          string        `json:"name" required:"true"`
	EffectiveDate string        `json:"effective_date" required:"true" format:"date"`
	EligibleBy    string        `json:"eligible_hired_by,omitempty" format:"date" doc:"Hired on or before it (default: 90 days before the effective date)"`
	BudgetBP      int           `json:"budget_bp,omitempty" doc:"Share of payroll in basis points (default: the philosophy's merit budget)"`
	DeptBudgets   map[int64]int `json:"department_budgets_bp,omitempty" doc:"Overrides by department (org unit ID)"`
	Matrix        *merit.Matrix `json:"matrix,omitempty" doc:"Guideline basis points by rating (rows 1-5) and quartile (columns 1-4)"`
}

// MeritWorksheetOut is a worksheet with its budget.
type MeritWorksheetOut struct {
	merit.Sheet
	RemainingCents int64 `json:"remaining_cents"`
	OverBudget     bool  `json:"over_budget"`
}

// MeritProposalIn is one employee's rating and proposal.
type MeritProposalIn struct {
	EmployeeID int64  `json:"employee_id" required:"true"`
	Rating     int    `json:"rating" doc:"1 (does not meet) to 5 (exceptional)"`
	ProposedBP int    `json:"proposed_bp" doc:"The increase in basis points"`
	Note       string `json:"note,omitempty"`
}

func sheetOut(s merit.Sheet) MeritWorksheetOut {
	if s.Lines == nil {
		s.Lines = []merit.Line{}
	}
	return MeritWorksheetOut{s, s.RemainingCents(), s.OverBudget()}
}

func (a *API) registerMerit(h huma.API) {
	const tag = "Merit cycles"
	huma.Register(h, op("list-merit-cycles", http.MethodGet, "/merit-cycles", "Merit cycles: every one with merit.manage, those with a worksheet of yours for a line manager", tag, ""), func(ctx context.Context, _ *struct{}) (*body[Page[merit.Cycle]], error) {
		cs, err := a.Merit.Cycles(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if cs == nil {
			cs = []merit.Cycle{}
		}
		return &body[Page[merit.Cycle]]{Page[merit.Cycle]{Items: cs}}, nil
	})
	save := func(ctx context.Context, id int64, b MeritCycleIn) (int64, error) {
		f := kit.FieldErrors{}
		in := merit.CycleInput{Name: b.Name, Effective: parseDate(f, "effective_date", b.EffectiveDate), BudgetBP: b.BudgetBP, DeptBudgets: b.DeptBudgets, Matrix: b.Matrix, Invalid: f}
		if b.EligibleBy != "" {
			in.EligibleBy = parseDate(f, "eligible_hired_by", b.EligibleBy)
		}
		phil, err := a.Structures.Current(ctx)
		if err != nil {
			return 0, err
		}
		return a.Merit.SaveCycle(ctx, actor(ctx), id, in, phil.MeritBudgetBP)
	}
	get := func(ctx context.Context, id int64) (*body[merit.Overview], error) {
		o, err := a.Merit.CycleOverview(ctx, actor(ctx), id)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[merit.Overview]{o}, nil
	}
	cc := op("create-merit-cycle", http.MethodPost, "/merit-cycles", "Draft a merit cycle (budget and matrix default from the philosophy and Cadre's matrix)", tag, access.MeritManage)
	cc.DefaultStatus = http.StatusCreated
	huma.Register(h, cc, func(ctx context.Context, in *body[MeritCycleIn]) (*body[merit.Overview], error) {
		id, err := save(ctx, 0, in.Body)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, id)
	})
	huma.Register(h, op("update-merit-cycle", http.MethodPut, "/merit-cycles/{id}", "Edit a draft merit cycle", tag, access.MeritManage), func(ctx context.Context, in *withBody[MeritCycleIn]) (*body[merit.Overview], error) {
		if _, err := save(ctx, in.ID, in.Body); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("get-merit-cycle", http.MethodGet, "/merit-cycles/{id}", "A merit cycle with the roll-up by department and every worksheet's budget and state", tag, access.MeritManage), func(ctx context.Context, in *idPath) (*body[merit.Overview], error) {
		return get(ctx, in.ID)
	})
	huma.Register(h, op("open-merit-cycle", http.MethodPost, "/merit-cycles/{id}/opening", "Open a cycle: every eligible employee lands on their line manager's worksheet with pay, position in range and guideline", tag, access.MeritManage), func(ctx context.Context, in *idPath) (*body[merit.Overview], error) {
		if err := a.Merit.Open(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	huma.Register(h, op("apply-merit-cycle", http.MethodPost, "/merit-cycles/{id}/application", "Apply a cycle whose worksheets are all approved: each increase becomes a pay record (reason merit) effective on the cycle date", tag, access.MeritManage), func(ctx context.Context, in *idPath) (*body[merit.Overview], error) {
		if _, err := a.Merit.Apply(ctx, actor(ctx), in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		return get(ctx, in.ID)
	})
	type sheetPath struct {
		ID    int64  `path:"id" minimum:"1"`
		Owner string `query:"owner" doc:"The worksheet owner's employee ID (HR only; 0 is HR's own worksheet); yours when empty"`
	}
	huma.Register(h, op("get-merit-worksheet", http.MethodGet, "/merit-cycles/{id}/worksheet", "A manager's worksheet (your own as a line manager; any with merit.manage): each report's pay, compa-ratio, quartile, rating, guideline and proposal, and the budget left", tag, ""), func(ctx context.Context, in *sheetPath) (*body[MeritWorksheetOut], error) {
		_, sh, err := a.Merit.Worksheet(ctx, actor(ctx), in.ID, ownerOf(in.Owner))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[MeritWorksheetOut]{sheetOut(sh)}, nil
	})
	huma.Register(h, op("save-merit-proposals", http.MethodPut, "/merit-cycles/{id}/worksheet", "Save ratings and proposals on an open worksheet, yours or (merit.manage) any (going over budget is allowed; it then needs the HR director)", tag, ""), func(ctx context.Context, in *struct {
		ID    int64  `path:"id" minimum:"1"`
		Owner string `query:"owner"`
		Body  struct {
			Lines []MeritProposalIn `json:"lines" required:"true"`
		}
	}) (*body[MeritWorksheetOut], error) {
		var ps []merit.Proposal
		for _, l := range in.Body.Lines {
			ps = append(ps, merit.Proposal{EmployeeID: l.EmployeeID, Rating: l.Rating, ProposedBP: l.ProposedBP, Note: l.Note})
		}
		sh, err := a.Merit.Propose(ctx, actor(ctx), in.ID, ownerOf(in.Owner), ps)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[MeritWorksheetOut]{sheetOut(sh)}, nil
	})
	sub := op("submit-merit-worksheet", http.MethodPost, "/merit-cycles/{id}/worksheet/submission", "Submit a worksheet, yours or (merit.manage) any, through the merit worksheet approval chain (everyone rated; a justification when over budget)", tag, "")
	sub.DefaultStatus = http.StatusCreated
	huma.Register(h, sub, func(ctx context.Context, in *struct {
		ID    int64  `path:"id" minimum:"1"`
		Owner string `query:"owner"`
		Body  struct {
			Justification string `json:"justification,omitempty"`
		}
	}) (*body[IDOut], error) {
		id, err := a.Merit.Submit(ctx, actor(ctx), in.ID, ownerOf(in.Owner), in.Body.Justification)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[IDOut]{IDOut{id}}, nil
	})
}

// ownerOf reads the worksheet owner: -1 (the actor's own) when empty or
// not a number.
func ownerOf(v string) int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return -1
	}
	return n
}
