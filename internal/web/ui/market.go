package ui

import (
	"net/http"
	"net/url"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/compensation/structure"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// MarketPage is market pricing.
type MarketPage struct {
	Base
	Tabs        []Tab
	Prices      []PriceRow
	Data        []market.Aged
	Aging       market.Aging
	Philosophy  structure.Philosophy
	Report      *market.ImportReport
	Form        Form
	AgingForm   Form
	ProposeForm Form
	Action      string
	CanDesign   bool
}

// PriceRow is a priced job with its match choices.
type PriceRow struct {
	market.Price
	Opts []Option
}

func (u *UI) renderMarket(w http.ResponseWriter, r *http.Request, status int, action string, f Form, rep *market.ImportReport) error {
	a, ctx := actor(r), r.Context()
	prices, phil, err := u.Market.Pricing(ctx, a)
	if err != nil {
		return err
	}
	data, ag, err := u.Market.Data(ctx, a)
	if err != nil {
		return err
	}
	av := url.Values{"rate": {bpText(ag.RateBP)}}
	if !ag.Date.IsZero() {
		av.Set("common_date", ag.Date.String())
	}
	today := date.Of(u.now())
	p := MarketPage{Base: u.base(r, "Market pricing", "Pay"), Tabs: payTabs(a, "/pay/market"), Data: data, Aging: ag, Philosophy: phil, Report: rep, Action: action,
		CanDesign: access.Can(a, access.CompDesign, access.CompanyTarget), Form: NewForm(nil), AgingForm: NewForm(av),
		ProposeForm: NewForm(url.Values{"name": {"Market-based structure " + today.String()}, "currency": {"USD"}, "effective_from": {today.String()}})}
	opts := []Option{{Value: "", Label: "Not matched"}}
	for _, d := range data {
		opts = append(opts, Option{Value: d.Source + "|" + d.JobCode, Label: d.JobCode + " " + d.JobTitle + " (" + d.Source + ")"})
	}
	for _, pr := range prices {
		cur := ""
		if pr.Match != nil {
			cur = pr.Match.Source + "|" + pr.Match.JobCode
		}
		p.Prices = append(p.Prices, PriceRow{pr, selected(opts, cur)})
	}
	switch action {
	case "import":
		p.Form = f
	case "aging":
		p.AgingForm = f
	case "propose":
		p.ProposeForm = f
	}
	u.render(w, r, status, "pay/market", p)
	return nil
}

func (u *UI) marketPage(w http.ResponseWriter, r *http.Request) error {
	return u.renderMarket(w, r, http.StatusOK, "", NewForm(nil), nil)
}

func (u *UI) importMarket(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	data, name, err := readUpload(w, r, "file", 5<<20)
	if err == nil {
		var rep market.ImportReport
		if rep, err = u.Market.Import(r.Context(), actor(r), name, data); err == nil {
			if rep.Imported {
				return u.redirect(w, r, "/pay/market", "Imported "+itoa(int64(rep.Rows))+" rows of market data.")
			}
			return u.renderMarket(w, r, http.StatusUnprocessableEntity, "import", f, &rep)
		}
	}
	switch kit.KindOf(err) {
	case kit.KindTooLarge, kit.KindInvalid:
		msg := kit.FieldsOf(err)["file"]
		if msg == "" {
			msg = kit.MessageOf(err)
		}
		f.Errors.Add("file", msg)
		return u.renderMarket(w, r, http.StatusUnprocessableEntity, "import", f, nil)
	}
	return err
}

func (u *UI) marketAging(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	ag := market.Aging{RateBP: bpOf(f, "rate"), Date: dateOf(f, "common_date")}
	if len(f.Errors) == 0 {
		err := u.Market.SetAging(r.Context(), actor(r), ag)
		if err == nil {
			return u.redirect(w, r, "/pay/market", "Saved the aging.")
		}
		if err := f.Fail(err, map[string]string{"annual_rate_bp": "rate"}); err != nil {
			return err
		}
	}
	return u.renderMarket(w, r, http.StatusUnprocessableEntity, "aging", f, nil)
}

func (u *UI) marketMatch(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	m := market.Match{JobID: int64Of(f, "job_id"), WeightBP: bpOf(f, "adjustment")}
	if v := f.Get("survey"); v != "" {
		for i := len(v) - 1; i >= 0; i-- {
			if v[i] == '|' {
				m.Source, m.JobCode = v[:i], v[i+1:]
				break
			}
		}
	}
	if err := u.Market.SetMatch(r.Context(), actor(r), m); err != nil {
		if kit.KindOf(err) == kit.KindInvalid {
			f.Problem = kit.MessageOf(err)
			for _, v := range kit.FieldsOf(err) {
				f.Problem = v
			}
			return u.renderMarket(w, r, http.StatusUnprocessableEntity, "import", f, nil)
		}
		return err
	}
	return u.redirect(w, r, "/pay/market#price-h", "Saved the match.")
}

func (u *UI) proposeStructure(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.PostForm)
	eff := dateOf(f, "effective_from")
	if len(f.Errors) == 0 {
		id, err := u.Market.Propose(r.Context(), actor(r), f.Get("name"), f.Get("currency"), eff)
		if err == nil {
			return u.redirect(w, r, "/pay/structures/"+itoa(id), "Drafted a structure from the market data. Review it, then activate it on or after its effective date.")
		}
		if err := f.Fail(err, nil); err != nil {
			return err
		}
	}
	return u.renderMarket(w, r, http.StatusUnprocessableEntity, "propose", f, nil)
}
