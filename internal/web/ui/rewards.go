package ui

import (
	"net/http"
	"strconv"

	"github.com/cadrehq/cadre/internal/compensation/rewards"
	"github.com/cadrehq/cadre/internal/kit"
)

// RewardsPage is the total rewards summary.
type RewardsPage struct {
	Base
	Tabs []Tab
	S    rewards.Summary
}

func (u *UI) rewardsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	s, err := u.Rewards.SummaryFor(r.Context(), a)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "pay/rewards", RewardsPage{Base: u.base(r, "Total rewards", "Pay"), Tabs: payTabs(a, "/pay/rewards"), S: s})
	return nil
}

func (u *UI) rewardsFile(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format != "xlsx" {
		format = "pdf"
	}
	s, err := u.Rewards.SummaryFor(r.Context(), actor(r))
	if err != nil {
		return err
	}
	b, err := u.Rewards.SummaryFile(r.Context(), s, format)
	if err != nil {
		return err
	}
	ct := "application/pdf"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return sendAttachment(w, ct, "total-rewards-"+s.AsOf.String()+"."+format, b)
}

func (u *UI) rewardsStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.NotFound("employee")
	}
	st, err := u.Rewards.StatementFor(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	b, err := u.Rewards.StatementPDF(r.Context(), st)
	if err != nil {
		return err
	}
	return sendAttachment(w, "application/pdf", "total-rewards-"+itoa(id)+".pdf", b)
}
