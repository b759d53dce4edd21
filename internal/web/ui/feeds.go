package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/webhooks"
)

// FeedsPage lists the export feeds (payroll file, directory) the user
// manages and adds one.
type FeedsPage struct {
	Base
	SettingsTabs []Tab
	Feeds        []webhooks.Subscription
	Form         Form
	Kinds        []Option
	Templates    []Option
	Frequencies  []Option
	Weekdays     []Option
}

func canFeeds(a access.Actor) bool {
	_, whole := access.ScopePaths(a, access.PayrollExport)
	return whole || access.CanAnywhere(a, access.EmployeeExport)
}

func (u *UI) feedsPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderFeeds(w, r, http.StatusOK, NewForm(url.Values{"frequency": {"daily"}, "weekday": {"1"}, "template": {"generic"}}))
}

func (u *UI) renderFeeds(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	a := actor(r)
	feeds, err := u.Webhooks.Feeds(r.Context(), a)
	if err != nil {
		return err
	}
	p := FeedsPage{Base: u.base(r, "Export feeds", "Settings"), SettingsTabs: settingsTabs(a, "/settings/feeds"), Feeds: feeds, Form: f,
		Frequencies: []Option{{Value: "daily", Label: "Every day"}, {Value: "weekly", Label: "Every week"}}}
	if _, whole := access.ScopePaths(a, access.PayrollExport); whole {
		p.Kinds = append(p.Kinds, Option{Value: webhooks.KindPayroll, Label: "Payroll file, after each pay-period export"})
		ts, err := u.Payroll.Templates(r.Context(), a)
		if err != nil {
			return err
		}
		for _, t := range ts {
			p.Templates = append(p.Templates, Option{Value: t.Key(), Label: t.Name, Selected: f.Get("template") == t.Key()})
		}
	}
	if access.CanAnywhere(a, access.EmployeeExport) {
		p.Kinds = append(p.Kinds, Option{Value: webhooks.KindDirectory, Label: "Directory (CSV of the people you may export), daily or weekly"})
	}
	if f.Get("kind") == "" && len(p.Kinds) > 0 && len(f.Errors) == 0 {
		f.Values.Set("kind", p.Kinds[0].Value)
	}
	for i := range p.Kinds {
		p.Kinds[i].Selected = f.Get("kind") == p.Kinds[i].Value
	}
	for i := range p.Frequencies {
		p.Frequencies[i].Selected = f.Get("frequency") == p.Frequencies[i].Value
	}
	for i, d := range []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"} {
		p.Weekdays = append(p.Weekdays, Option{Value: strconv.Itoa(i), Label: d, Selected: f.Get("weekday") == strconv.Itoa(i)})
	}
	u.render(w, r, status, "admin/feeds", p)
	return nil
}

func (u *UI) createExportFeed(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	if k := f.Get("kind"); k != webhooks.KindPayroll && k != webhooks.KindDirectory {
		f.Errors["kind"] = "Choose what to send"
		return u.renderFeeds(w, r, http.StatusUnprocessableEntity, f)
	}
	wd, _ := strconv.Atoi(f.Get("weekday"))
	sub, secret, err := u.Webhooks.Create(r.Context(), actor(r), webhooks.Input{Name: f.Get("name"), URL: f.Get("url"), Kind: f.Get("kind"),
		Template: f.Get("template"), Frequency: f.Get("frequency"), Weekday: wd})
	if err != nil {
		if err := f.Fail(err, nil); err != nil {
			return err
		}
		return u.renderFeeds(w, r, http.StatusUnprocessableEntity, f)
	}
	return u.renderWebhook(w, r, http.StatusCreated, sub.ID, secret, NewForm(nil), "")
}
