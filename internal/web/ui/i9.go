package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/i9"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// I9Page is an employee's Form I-9.
type I9Page struct {
	Base
	R           i9.Record
	Periods     []i9.Record
	Form        Form
	Action      string // the form the errors belong to
	Self        bool
	CanSection1 bool
	CanManage   bool
	CanPurge    bool
	PurgeDue    bool
	Today       date.Date
	Citizenship []Option
	DocsA       []Option
	DocsB       []Option
	DocsC       []Option
	DocsAC      []Option
	EVerify     []Option
	// Labels for the template.
	CitizenshipLabels map[string]string
	DocLabels         map[string]string
}

func docOptions(types ...[]string) []Option {
	var out []Option
	for _, ts := range types {
		for _, t := range ts {
			out = append(out, Option{Value: t, Label: i9.DocLabels[t]})
		}
	}
	return out
}

func (u *UI) renderI9(w http.ResponseWriter, r *http.Request, status int, action string, f Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actor(r), r.Context()
	start, _ := date.Parse(r.URL.Query().Get("start"))
	rec, err := u.I9.Get(ctx, a, id, start)
	if err != nil {
		return err
	}
	periods, err := u.I9.Periods(ctx, a, id)
	if err != nil {
		return err
	}
	today := date.Of(u.now())
	p := I9Page{Base: u.base(r, "Form I-9: "+rec.EmployeeName, "Compliance"), R: rec, Periods: periods, Form: f, Action: action, Self: a.EmployeeID == id, Today: today,
		CanSection1: u.I9.CanSection1(ctx, a, id) && !rec.Purged(), CanManage: u.I9.CanManage(ctx, a, id) && !rec.Purged(), CanPurge: u.I9.CanPurge(ctx, a, id),
		CitizenshipLabels: i9.CitizenshipLabels, DocLabels: i9.DocLabels,
		DocsA: docOptions(i9.ListA), DocsB: docOptions(i9.ListB), DocsC: docOptions(i9.ListC), DocsAC: docOptions(i9.ListA, i9.ListC)}
	p.PurgeDue = rec.Stored && !rec.Purged() && !rec.Result.RetainUntil.IsZero() && rec.Result.RetainUntil.Before(today)
	for _, c := range i9.Citizenships {
		p.Citizenship = append(p.Citizenship, Option{Value: c, Label: i9.CitizenshipLabels[c]})
	}
	for _, e := range i9.EVerifyResults {
		p.EVerify = append(p.EVerify, Option{Value: e, Label: label(e)})
	}
	if p.Self && !access.CanAnywhere(a, access.I9Manage) {
		p.Section = "Home"
		p.Crumbs = []Crumb{{Label: rec.EmployeeName, Href: "/people/" + itoa(id)}, {Label: "Form I-9"}}
	} else {
		p.Crumbs = []Crumb{{Label: "Form I-9", Href: "/compliance/i9"}, {Label: rec.EmployeeName, Href: "/people/" + itoa(id)}, {Label: "First day " + rec.PeriodStart.String()}}
	}
	if p.Form.Values == nil || len(p.Form.Values) == 0 {
		v := url.Values{"examiner_name": {a.Name}, "completed_on": {today.String()}, "everify_on": {today.String()}, "on": {today.String()}}
		if rec.Citizenship != "" {
			v.Set("citizenship", rec.Citizenship)
		}
		if !rec.OfferAcceptedOn.IsZero() {
			v.Set("offer_accepted_on", rec.OfferAcceptedOn.String())
		}
		v.Set("everify_case", rec.EVerifyCase)
		v.Set("everify_result", rec.EVerifyResult)
		p.Form = NewForm(v)
	}
	u.render(w, r, status, "compliance/i9", p)
	return nil
}

func (u *UI) i9Page(w http.ResponseWriter, r *http.Request) error {
	return u.renderI9(w, r, http.StatusOK, "", NewForm(nil))
}

// i9Post runs a form action and shows the page again with its errors.
func (u *UI) i9Post(action string, run func(r *http.Request, id int64, f *Form) (string, map[string]string, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		f := NewForm(r.PostForm)
		msg, fields, err := run(r, id, &f)
		if err == nil && len(f.Errors) == 0 {
			return u.redirect(w, r, "/people/"+itoa(id)+"/i9", msg)
		}
		if err != nil {
			if kit.KindOf(err) == kit.KindTooLarge {
				f.Errors.Add("file", kit.MessageOf(err))
				return u.renderI9(w, r, http.StatusRequestEntityTooLarge, action, f)
			}
			if err := f.Fail(err, fields); err != nil {
				return err
			}
		}
		return u.renderI9(w, r, http.StatusUnprocessableEntity, action, f)
	}
}

func (u *UI) i9Section1(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
	in := i9.Section1Input{Version: intOf(*f, "version"), CompletedOn: dateOf(*f, "completed_on"), Citizenship: f.Get("citizenship"), WorkAuthExpires: dateOf(*f, "work_auth_expires"),
		WorkAuthNA: f.Get("work_auth_na") == "yes", OfferAcceptedOn: dateOf(*f, "offer_accepted_on"), Attest: f.Get("attest") == "yes"}
	if v := f.Get("expected_days"); v != "" {
		n := intOf(*f, "expected_days")
		in.ExpectedDays = &n
	}
	if len(f.Errors) > 0 {
		return "", nil, nil
	}
	_, err := u.I9.CompleteSection1(r.Context(), actor(r), id, in)
	return "Section 1 is complete.", nil, err
}

func (u *UI) i9Section2(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
	in := i9.Section2Input{Version: intOf(*f, "version"), CompletedOn: dateOf(*f, "completed_on"), ExaminerName: f.Get("examiner_name"), ExaminerTitle: f.Get("examiner_title"),
		RemoteExam: f.Get("remote_exam") == "yes", EVerifyCase: f.Get("everify_case"), EVerifyResult: f.Get("everify_result"), Note: f.Get("note")}
	fields := map[string]string{"documents": "choice"}
	var prefixes []string
	if f.Get("choice") == "bc" {
		prefixes = []string{"b", "c"}
	} else {
		prefixes = []string{"a"}
	}
	for i, p := range prefixes {
		in.Documents = append(in.Documents, i9.DocumentInput{Type: f.Get(p + "_type"), Issuer: f.Get(p + "_issuer"), Number: f.Get(p + "_number"), Expires: dateOf(*f, p+"_expires"),
			Receipt: f.Get(p+"_receipt") == "yes"})
		for _, k := range []string{"type", "issuer", "number", "expires", "receipt"} {
			fields["documents["+strconv.Itoa(i)+"]."+k] = p + "_" + k
		}
	}
	if len(f.Errors) > 0 {
		return "", nil, nil
	}
	_, err := u.I9.CompleteSection2(r.Context(), actor(r), id, in)
	return "Section 2 is complete.", fields, err
}

func (u *UI) i9EVerify(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
	in := i9.EVerifyInput{Version: intOf(*f, "version"), Case: f.Get("everify_case"), Result: f.Get("everify_result"), On: dateOf(*f, "everify_on")}
	if len(f.Errors) > 0 {
		return "", nil, nil
	}
	_, err := u.I9.RecordEVerify(r.Context(), actor(r), id, in)
	return "Recorded the E-Verify case.", nil, err
}

func (u *UI) i9Reverify(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
	in := i9.ReverifyInput{Version: intOf(*f, "version"), On: dateOf(*f, "on"), Type: f.Get("type"), Number: f.Get("number"), Expires: dateOf(*f, "expires")}
	if len(f.Errors) > 0 {
		return "", nil, nil
	}
	_, err := u.I9.Reverify(r.Context(), actor(r), id, in)
	return "Reverification (Supplement B) recorded.", nil, err
}

func (u *UI) i9Upload(w http.ResponseWriter, r *http.Request) error {
	return u.i9Post("file", func(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
		data, name, err := readUpload(w, r, "file", i9.MaxFileSize+1<<20)
		if err != nil {
			return "", nil, err
		}
		f.Values = r.PostForm
		_, err = u.I9.AddFile(r.Context(), actor(r), id, name, data)
		return "Kept " + name + " with the form.", nil, err
	})(w, r)
}

func (u *UI) i9Download(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, data, err := u.I9.OpenFile(r.Context(), actor(r), id, fid)
	if err != nil {
		return err
	}
	return sendAttachment(w, f.ContentType, f.Filename, data)
}

func (u *UI) i9Purge(r *http.Request, id int64, f *Form) (string, map[string]string, error) {
	start := dateOf(*f, "start")
	if len(f.Errors) > 0 {
		return "", nil, nil
	}
	return "Purged the form; its dates are kept as the record that it existed.", nil, u.I9.Purge(r.Context(), actor(r), id, start)
}

// I9TrackerPage is the I-9 tracker.
type I9TrackerPage struct {
	Base
	Tabs    []Tab
	Views   []Tab
	View    string
	Records []i9.Record
	Total   int
	Today   date.Date
	CanAud  bool
}

var i9ViewLabels = map[string]string{"open": "Not complete", "reverify": "Reverification", "retention": "Past retention", "late": "Completed late"}

func (u *UI) i9Tracker(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	view := r.URL.Query().Get("view")
	if !slices.Contains(i9.Views, view) {
		view = "open"
	}
	rs, total, err := u.I9.List(r.Context(), a, view)
	if err != nil {
		return err
	}
	p := I9TrackerPage{Base: u.base(r, "Form I-9", "Compliance"), Tabs: complianceTabs(a, "/compliance/i9"), View: view, Records: rs, Total: total, Today: date.Of(u.now()),
		CanAud: access.CanAnywhere(a, access.I9Audit)}
	for _, v := range i9.Views {
		p.Views = append(p.Views, Tab{Key: "/compliance/i9?view=" + v, Label: i9ViewLabels[v], Active: v == view})
	}
	u.render(w, r, http.StatusOK, "compliance/i9tracker", p)
	return nil
}

// I9AuditPage is the audit readiness report.
type I9AuditPage struct {
	Base
	Tabs   []Tab
	Rep    i9.AuditReport
	Groups []I9Group
}

// I9Group is a kind of finding with its forms.
type I9Group struct {
	Kind, Label string
	Findings    []i9.Finding
}

func (u *UI) i9Audit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rep, err := u.I9.Audit(r.Context(), a)
	if err != nil {
		return err
	}
	p := I9AuditPage{Base: u.base(r, "Form I-9 audit", "Compliance"), Tabs: complianceTabs(a, "/compliance/i9"), Rep: rep}
	p.Crumbs = []Crumb{{Label: "Form I-9", Href: "/compliance/i9"}, {Label: "Audit"}}
	for _, k := range i9.FindingOrder {
		g := I9Group{Kind: k, Label: i9.FindingLabels[k]}
		for _, f := range rep.Findings {
			if f.Kind == k && len(g.Findings) < 200 {
				g.Findings = append(g.Findings, f)
			}
		}
		if len(g.Findings) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	u.render(w, r, http.StatusOK, "compliance/i9audit", p)
	return nil
}

func (u *UI) i9AuditExport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	b, name, err := u.I9.AuditFile(r.Context(), actor(r), format, u.Employer(r.Context()))
	if err != nil {
		return err
	}
	return sendAttachment(w, i9.ContentType(format), name, b)
}
