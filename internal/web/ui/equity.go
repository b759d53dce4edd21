package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/compensation/equity"
)

// EquityPage is the pay equity analysis.
type EquityPage struct {
	Base
	Tabs []Tab
	R    equity.Report
	// Analyses are the two regressions, sex first.
	Analyses []equity.Analysis
}

func (u *UI) equityPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rep, err := u.Equity.Analyze(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "pay/equity", EquityPage{Base: u.base(r, "Pay equity", "Pay"), Tabs: payTabs(a, "/pay/equity"), R: rep, Analyses: []equity.Analysis{rep.Sex, rep.Race}})
	return nil
}
