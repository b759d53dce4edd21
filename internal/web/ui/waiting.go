package ui

import (
	"net/http"

	"github.com/cadrehq/cadre/internal/hiring"
)

// WaitingPage lists the candidates waiting on the recruiters.
type WaitingPage struct {
	Base
	W hiring.Waiting
}

func (u *UI) waitingPage(w http.ResponseWriter, r *http.Request) error {
	wt, err := u.Hiring.WaitingOnUs(r.Context(), actor(r), 200)
	if err != nil {
		return err
	}
	p := WaitingPage{Base: u.base(r, "Candidates waiting on us", "Recruiting"), W: wt}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: "Waiting on us"}}
	u.render(w, r, http.StatusOK, "hiring/waiting", p)
	return nil
}
