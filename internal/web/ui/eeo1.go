package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EEO1Page is the EEO-1 report.
type EEO1Page struct {
	Base
	Form   Form
	R      *compliance.EEO1Report
	Races  []string
	Sexes  []string
	Export string
	Tables []compliance.EEO1Establishment // each establishment, then the company
	Tabs   []Tab
}

func (u *UI) eeo1Page(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	today := date.Of(u.now())
	if q.Get("year") == "" {
		q = url.Values{"year": {strconv.Itoa(today.Year())}, "snapshot_start": {date.New(today.Year(), time.October, 1).String()}, "snapshot_end": {date.New(today.Year(), time.October, 14).String()}}
	}
	f := NewForm(q)
	p := EEO1Page{Base: u.base(r, "EEO-1 report", "Compliance"), Tabs: complianceTabs(actor(r), "/compliance/eeo1"), Form: f, Races: compliance.EEO1Races, Sexes: compliance.EEO1Sexes}
	year, _ := strconv.Atoi(f.Get("year"))
	rep, err := u.Compliance.EEO1(r.Context(), actor(r), year, dateOf(f, "snapshot_start"), dateOf(f, "snapshot_end"), f.Get("federal_contractor") == "yes")
	status := http.StatusOK
	switch {
	case err == nil:
		p.R = &rep
		p.Tables = append(append([]compliance.EEO1Establishment{}, rep.Establishments...), rep.Company)
		p.Export = "/compliance/eeo1.csv?" + q.Encode()
	case kit.KindOf(err) == kit.KindInvalid:
		if err := p.Form.Fail(err, nil); err != nil {
			return err
		}
		status = http.StatusUnprocessableEntity
	default:
		return err
	}
	u.render(w, r, status, "admin/eeo1", p)
	return nil
}

func (u *UI) eeo1CSV(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	year, _ := strconv.Atoi(f.Get("year"))
	rep, err := u.Compliance.EEO1(r.Context(), actor(r), year, dateOf(f, "snapshot_start"), dateOf(f, "snapshot_end"), f.Get("federal_contractor") == "yes")
	if err != nil {
		return err
	}
	b, err := compliance.EEO1CSV(rep)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="eeo1-`+rep.SnapshotStart.String()+`.csv"`)
	_, err = w.Write(b)
	return err
}
