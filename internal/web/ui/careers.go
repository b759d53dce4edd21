package ui

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// CareersPage lists the live postings.
type CareersPage struct {
	Base
	Jobs        []hiring.Posting
	Departments []Option
	Locations   []Option
	Filter      url.Values
}

func (u *UI) careers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	all, err := u.Hiring.Careers(r.Context(), hiring.PostingFilter{})
	if err != nil {
		return err
	}
	p := CareersPage{Base: u.publicBase(r, "Careers at "+u.company(r)), Filter: q}
	depts, locs := map[string]bool{}, map[string]bool{}
	for _, j := range all {
		if (q.Get("department") == "" || q.Get("department") == j.Department) && (q.Get("location") == "" || q.Get("location") == j.LocationName) &&
			(q.Get("q") == "" || strings.Contains(strings.ToLower(j.Title), strings.ToLower(q.Get("q")))) {
			p.Jobs = append(p.Jobs, j)
		}
		if !depts[j.Department] {
			depts[j.Department] = true
			p.Departments = append(p.Departments, Option{Value: j.Department, Label: j.Department, Selected: j.Department == q.Get("department")})
		}
		if !locs[j.LocationName] {
			locs[j.LocationName] = true
			p.Locations = append(p.Locations, Option{Value: j.LocationName, Label: j.LocationName, Selected: j.LocationName == q.Get("location")})
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	u.render(w, r, http.StatusOK, "careers/list", p)
	return nil
}

// JobPage shows one posting with its apply form.
type JobPage struct {
	Base
	Job      hiring.Posting
	JSONLD   template.JS
	Form     Form
	Consent  string
	Genders  []Option
	Races    []Option
	Veterans []Option
	Disab    []Option
}

func (u *UI) careersJob(w http.ResponseWriter, r *http.Request) error {
	job, err := u.Hiring.CareersPosting(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	u.renderJob(w, r, http.StatusOK, job, NewForm(nil))
	return nil
}

func (u *UI) renderJob(w http.ResponseWriter, r *http.Request, status int, job hiring.Posting, f Form) {
	p := JobPage{Base: u.publicBase(r, job.Title+" · "+u.company(r)), Job: job, Form: f, Consent: u.Hiring.Consent(r.Context()),
		Genders: codeOptions(hiring.SelfIDGenders), Races: codeOptions(hiring.SelfIDRaces), Veterans: codeOptions(hiring.SelfIDVeterans), Disab: codeOptions(hiring.SelfIDDisability)}
	if p.Site == nil || p.Site.FeedOn(hiring.FeedGoogleJobs) {
		ld, _ := json.Marshal(u.jobPosting(r, job))
		p.JSONLD = template.JS(ld) // marshalled JSON; html/template escapes it for the script context
	}
	u.render(w, r, status, "careers/job", p)
}

// jobPosting is the schema.org JobPosting of a posting, for search
// engines and job boards.
func (u *UI) jobPosting(r *http.Request, j hiring.Posting) map[string]any {
	ld := map[string]any{
		"@context": "https://schema.org/", "@type": "JobPosting",
		"title": j.Title, "description": string(j.DescriptionHTML()),
		"identifier":         map[string]any{"@type": "PropertyValue", "name": u.company(r), "value": j.ReqNumber},
		"datePosted":         j.PublishedAt.Format("2006-01-02"),
		"employmentType":     strings.ToUpper(j.EmploymentType),
		"hiringOrganization": map[string]any{"@type": "Organization", "name": u.company(r), "sameAs": absURL(r, "/careers")},
		"jobLocation":        map[string]any{"@type": "Place", "address": map[string]any{"@type": "PostalAddress", "addressLocality": j.City, "addressRegion": j.Region, "addressCountry": "US"}},
		"url":                absURL(r, "/careers/"+j.Slug),
		"directApply":        true,
	}
	if !j.ClosesOn.IsZero() {
		ld["validThrough"] = j.ClosesOn.String() + "T23:59:59"
	}
	if j.Remote {
		ld["jobLocationType"] = "TELECOMMUTE"
		ld["applicantLocationRequirements"] = map[string]any{"@type": "Country", "name": "USA"}
	}
	if j.ShowSalary && j.SalaryMaxCents > 0 {
		unit := "YEAR"
		if j.PayPer == "hour" {
			unit = "HOUR"
		}
		ld["baseSalary"] = map[string]any{"@type": "MonetaryAmount", "currency": j.Currency,
			"value": map[string]any{"@type": "QuantitativeValue", "minValue": float64(j.SalaryMinCents) / 100, "maxValue": float64(j.SalaryMaxCents) / 100, "unitText": unit}}
	}
	return ld
}

func absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// renameApply maps the domain's field names to the form's.
var renameApply = map[string]string{}

// maxApplyBody caps an application's whole body: enough to read past a
// resume several times over the limit and keep the fields after it.
const maxApplyBody = 40 << 20

// readApplyForm reads a multipart application: the text fields (64 KB
// each at most) and the resume, cut at one byte over the size limit.
func readApplyForm(r *http.Request) (url.Values, []byte, string, error) {
	values := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return values, nil, "", err
	}
	var resume []byte
	var filename string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return values, resume, filename, nil
		}
		if err != nil {
			return values, nil, "", err
		}
		switch {
		case part.FormName() == "resume" && part.FileName() != "":
			resume, err = io.ReadAll(io.LimitReader(part, hiring.MaxResumeSize+1))
			filename = part.FileName()
		case part.FileName() != "":
			// not a field of the form
		default:
			var v []byte
			v, err = io.ReadAll(io.LimitReader(part, 64<<10))
			values.Add(part.FormName(), string(v))
		}
		if err == nil {
			_, err = io.Copy(io.Discard, part)
		}
		part.Close()
		if err != nil {
			return values, nil, "", err
		}
	}
}

func (u *UI) careersApply(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	job, err := u.Hiring.CareersPosting(r.Context(), slug)
	if err != nil {
		return err
	}
	// The form is read part by part: a resume over the limit is cut at it
	// (the domain says so on the field) and the rest of it skipped, so
	// what the candidate typed comes back with the error. The whole body
	// is still capped, well above any honest application.
	r.Body = http.MaxBytesReader(w, r.Body, maxApplyBody)
	values, resume, filename, err := readApplyForm(r)
	if err != nil {
		f := NewForm(values)
		f.Errors.Add("resume", "The upload was too large or broken: attach a PDF or DOCX under 5 MB")
		u.renderJob(w, r, http.StatusRequestEntityTooLarge, job, f)
		return nil
	}
	f := NewForm(values)
	in := hiring.ApplyInput{Slug: slug, GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), Email: f.Get("email"), Phone: f.Get("phone"),
		CoverLetter: f.Get("cover_letter"), Consent: f.Get("consent") == "1", Website: f.Get("website"), ClientKey: clientIP(r), Answers: map[string]string{},
		Source: f.Get("source"), Resume: resume, Filename: filename}
	for _, q := range job.Questions {
		in.Answers[q.ID] = f.Get("answers." + q.ID)
	}
	if f.Get("self_id") == "1" {
		in.SelfID = &hiring.SelfID{Gender: f.Get("self_id.gender"), RaceEthnicity: f.Get("self_id.race_ethnicity"), Veteran: f.Get("self_id.veteran"), Disability: f.Get("self_id.disability")}
	}
	f.Labels = map[string]string{"given_name": "First name", "family_name": "Last name"}
	for _, q := range job.Questions {
		f.Labels["answers."+q.ID] = q.Text
	}
	res, err := u.Hiring.Apply(r.Context(), in)
	switch kit.KindOf(err) {
	case kit.KindInvalid, kit.KindConflict:
		if err := f.Fail(err, renameApply); err != nil {
			return err
		}
		u.renderJob(w, r, http.StatusUnprocessableEntity, job, f)
		return nil
	case kit.KindRateLimited:
		f.Problem = kit.MessageOf(err)
		u.renderJob(w, r, http.StatusTooManyRequests, job, f)
		return nil
	}
	if err != nil {
		return err
	}
	p := AppliedPage{Base: u.publicBase(r, "Thank you · "+u.company(r)), Job: job, Email: in.Email}
	if !res.Dropped {
		p.StatusLink = "/careers/applications/" + res.Token
	}
	u.render(w, r, http.StatusOK, "careers/applied", p)
	return nil
}

// AppliedPage thanks an applicant.
type AppliedPage struct {
	Base
	Job        hiring.Posting
	Email      string
	StatusLink string
}

// clientIP is the sender's address (the direct peer: Cadre does not trust
// forwarding headers unless a proxy is configured to set them).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// StatusPage is a candidate's view of their application.
type StatusPage struct {
	Base
	S     hiring.ApplicationStatus
	Steps []StatusStep
}

// StatusStep is one stage as the candidate sees it.
type StatusStep struct {
	Label       string
	Done, Now   bool
	Explanation string
}

func (u *UI) careersStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := u.Hiring.StatusByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	p := StatusPage{Base: u.publicBase(r, "Your application · "+u.company(r)), S: st}
	labels := map[string]string{hiring.StageApplied: "Application received", hiring.StageScreen: "Under review", hiring.StagePhoneScreen: "Phone conversation",
		hiring.StageInterview: "Interviews", hiring.StageOffer: "Offer", hiring.StageHired: "Hired"}
	past := true
	for _, s := range st.Kinds {
		now := s == st.Kind
		p.Steps = append(p.Steps, StatusStep{Label: labels[s], Done: past && !now, Now: now})
		if now {
			past = false
		}
	}
	u.render(w, r, http.StatusOK, "careers/status", p)
	return nil
}

// careersFeedJSON is the live postings as a JSON Feed 1.1.
func (u *UI) careersFeedJSON(w http.ResponseWriter, r *http.Request) error {
	if err := u.feedOn(r, hiring.FeedJSON); err != nil {
		return err
	}
	jobs, err := u.Hiring.Careers(r.Context(), hiring.PostingFilter{})
	if err != nil {
		return err
	}
	type item struct {
		ID            string         `json:"id"`
		URL           string         `json:"url"`
		Title         string         `json:"title"`
		ContentHTML   string         `json:"content_html"`
		Summary       string         `json:"summary"`
		DatePublished string         `json:"date_published"`
		Tags          []string       `json:"tags"`
		Job           map[string]any `json:"_job"`
	}
	feed := map[string]any{"version": "https://jsonfeed.org/version/1.1", "title": "Jobs at " + u.company(r), "home_page_url": absURL(r, "/careers"),
		"feed_url": absURL(r, "/careers/feed.json"), "items": []item{}}
	items := []item{}
	for _, j := range jobs {
		summary := j.PlainText()
		if len(summary) > 280 {
			summary = summary[:277] + "…"
		}
		it := item{ID: j.ReqNumber, URL: absURL(r, "/careers/"+j.Slug), Title: j.Title, ContentHTML: string(j.DescriptionHTML()), Summary: summary,
			DatePublished: j.PublishedAt.UTC().Format(time.RFC3339), Tags: []string{j.Department, j.LocationName, label(j.EmploymentType)},
			Job: map[string]any{"about": "https://jsonfeed.org/version/1.1", "location": j.LocationName, "department": j.Department, "employment_type": j.EmploymentType, "remote": j.Remote}}
		if j.ShowSalary {
			it.Job["salary"] = map[string]any{"min": float64(j.SalaryMinCents) / 100, "max": float64(j.SalaryMaxCents) / 100, "currency": j.Currency, "per": j.PayPer}
		}
		items = append(items, it)
	}
	feed["items"] = items
	w.Header().Set("Content-Type", "application/feed+json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	return json.NewEncoder(w).Encode(feed)
}

// careersRSS is the live postings as RSS 2.0.
func (u *UI) careersRSS(w http.ResponseWriter, r *http.Request) error {
	if err := u.feedOn(r, hiring.FeedRSS); err != nil {
		return err
	}
	jobs, err := u.Hiring.Careers(r.Context(), hiring.PostingFilter{})
	if err != nil {
		return err
	}
	type guid struct {
		Perma bool   `xml:"isPermaLink,attr"`
		Value string `xml:",chardata"`
	}
	type item struct {
		Title       string   `xml:"title"`
		Link        string   `xml:"link"`
		GUID        guid     `xml:"guid"`
		PubDate     string   `xml:"pubDate"`
		Category    []string `xml:"category"`
		Description string   `xml:"description"`
	}
	type channel struct {
		Title       string `xml:"title"`
		Link        string `xml:"link"`
		Description string `xml:"description"`
		Items       []item `xml:"item"`
	}
	type rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel channel  `xml:"channel"`
	}
	out := rss{Version: "2.0", Channel: channel{Title: "Jobs at " + u.company(r), Link: absURL(r, "/careers"), Description: "Open positions at " + u.company(r)}}
	for _, j := range jobs {
		out.Channel.Items = append(out.Channel.Items, item{Title: j.Title + " (" + j.LocationName + ")", Link: absURL(r, "/careers/"+j.Slug),
			GUID: guid{Value: absURL(r, "/careers/"+j.Slug)}, PubDate: j.PublishedAt.UTC().Format(time.RFC1123Z),
			Category: []string{j.Department, label(j.EmploymentType)}, Description: string(j.DescriptionHTML())})
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(out)
}

// careersBrandCSS is the careers site's brand colour as a stylesheet, so
// the public pages need no inline <style> (the Content-Security-Policy
// allows styles from this site only). The colour comes from the settings,
// never from the request; the page links it with the colour in the query
// only to bust caches when HR changes it.
func (u *UI) careersBrandCSS(w http.ResponseWriter, r *http.Request) error {
	site, err := u.Hiring.CareersSite(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	if !brandRE.MatchString(site.BrandColor) {
		_, err = io.WriteString(w, "/* no brand colour */\n")
		return err
	}
	c := site.BrandColor
	_, err = io.WriteString(w, "body.public { --accent: "+c+"; --accent-hover: "+c+"; --accent-text: "+c+"; }\n")
	return err
}

// feedOn refuses a feed the HR manager turned off (404: it is not there).
func (u *UI) feedOn(r *http.Request, key string) error {
	site, err := u.Hiring.CareersSite(r.Context())
	if err != nil {
		return err
	}
	if !site.FeedOn(key) {
		return kit.NotFound("feed")
	}
	return nil
}

// careersIndeed is the live postings in Indeed's XML job feed format.
func (u *UI) careersIndeed(w http.ResponseWriter, r *http.Request) error {
	if err := u.feedOn(r, hiring.FeedIndeed); err != nil {
		return err
	}
	jobs, err := u.Hiring.Careers(r.Context(), hiring.PostingFilter{})
	if err != nil {
		return err
	}
	type cdata struct {
		Text string `xml:",cdata"`
	}
	type job struct {
		Title       cdata  `xml:"title"`
		Date        cdata  `xml:"date"`
		Reference   cdata  `xml:"referencenumber"`
		URL         cdata  `xml:"url"`
		Company     cdata  `xml:"company"`
		City        cdata  `xml:"city"`
		State       cdata  `xml:"state"`
		Country     cdata  `xml:"country"`
		Description cdata  `xml:"description"`
		Salary      *cdata `xml:"salary,omitempty"`
		JobType     cdata  `xml:"jobtype"`
		Category    cdata  `xml:"category"`
		Remote      *cdata `xml:"remotetype,omitempty"`
	}
	type source struct {
		XMLName       xml.Name `xml:"source"`
		Publisher     string   `xml:"publisher"`
		PublisherURL  string   `xml:"publisherurl"`
		LastBuildDate string   `xml:"lastBuildDate"`
		Jobs          []job    `xml:"job"`
	}
	company := u.company(r)
	out := source{Publisher: company, PublisherURL: absURL(r, "/careers"), LastBuildDate: u.now().UTC().Format(time.RFC1123)}
	types := map[string]string{"full_time": "fulltime", "part_time": "parttime", "temporary": "temporary", "seasonal": "seasonal"}
	for _, j := range jobs {
		it := job{Title: cdata{j.Title}, Date: cdata{j.PublishedAt.UTC().Format(time.RFC1123)}, Reference: cdata{j.ReqNumber}, URL: cdata{absURL(r, "/careers/"+j.Slug)},
			Company: cdata{company}, City: cdata{j.City}, State: cdata{j.Region}, Country: cdata{"US"}, Description: cdata{string(j.DescriptionHTML())},
			JobType: cdata{types[j.EmploymentType]}, Category: cdata{j.Department}}
		if j.ShowSalary && j.SalaryMaxCents > 0 {
			per := map[bool]string{true: "per hour", false: "per year"}[j.PayPer == "hour"]
			sym := "$"
			if j.Currency != "" && j.Currency != "USD" {
				sym = j.Currency + " "
			}
			whole := func(c int64) string { return sym + strings.TrimSuffix(kit.FormatCents(c), ".00") }
			it.Salary = &cdata{whole(j.SalaryMinCents) + " - " + whole(j.SalaryMaxCents) + " " + per}
		}
		if j.Remote {
			it.Remote = &cdata{"Hybrid remote"}
		}
		out.Jobs = append(out.Jobs, it)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(out)
}

// ---- postings, inside Cadre ----

// PostingFormPage writes or edits a posting.
type PostingFormPage struct {
	Base
	R         hiring.Requisition
	P         *hiring.Posting
	Form      Form
	Questions []QuestionRow
	Sets      []Option // question sets to start from
}

// QuestionRow is one question row of the posting form.
type QuestionRow struct {
	N                     int
	Text, Kind, Knockout  string
	Required              bool
	TextErr, KnockoutErr  string
	TextName, KindName    string
	KnockoutName, ReqName string
}

const questionRows = 10

func (u *UI) postingForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	v := url.Values{"title": {req.Title}, "show_salary": {"1"}}
	var post *hiring.Posting
	if pid := r.URL.Query().Get("posting"); pid != "" {
		n, _ := strconv.ParseInt(pid, 10, 64)
		p, err := u.Hiring.Posting(r.Context(), actor(r), n)
		if err != nil {
			return err
		}
		post = &p
		v = url.Values{"title": {p.Title}, "description": {p.DescriptionMD}, "version": {strconv.FormatInt(p.Version, 10)}}
		if p.ShowSalary {
			v.Set("show_salary", "1")
		}
		if p.Remote {
			v.Set("remote", "1")
		}
		if !p.ClosesOn.IsZero() {
			v.Set("closes_on", p.ClosesOn.String())
		}
		questionsForm(v, p.Questions)
	} else {
		v.Set("description", "## About the role\n\nWrite what the person will do in their first year.\n\n## What you bring\n\n- \n\n## What we offer\n\n- ")
		// A new posting starts from the job's description in the library.
		if _, vs, err := u.Hiring.JobDescriptionOf(r.Context(), actor(r), req.JobID); err == nil && len(vs) > 0 {
			v.Set("description", vs[0].BodyMD)
			v.Set("from_jd", strconv.Itoa(vs[0].Version))
		}
	}
	// Questions from a set: the one asked for, or the default for a new posting.
	if sets, err := u.Hiring.QuestionSets(r.Context(), actor(r)); err == nil {
		want, _ := strconv.ParseInt(r.URL.Query().Get("set"), 10, 64)
		for _, set := range sets {
			if set.ID == want || (want == 0 && post == nil && set.IsDefault) {
				for k := range v {
					if strings.HasPrefix(k, "questions[") {
						v.Del(k)
					}
				}
				questionsForm(v, set.Questions)
				break
			}
		}
	}
	u.renderPostingForm(w, r, http.StatusOK, req, post, NewForm(v))
	return nil
}

func (u *UI) renderPostingForm(w http.ResponseWriter, r *http.Request, status int, req hiring.Requisition, post *hiring.Posting, f Form) {
	p := PostingFormPage{Base: u.base(r, "Posting · "+req.Number, "Recruiting"), R: req, P: post, Form: f}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)}, {Label: "Posting"}}
	p.Questions = questionRowsOf(f)
	if sets, err := u.Hiring.QuestionSets(r.Context(), actor(r)); err == nil {
		for _, set := range sets {
			p.Sets = append(p.Sets, Option{Value: itoa(set.ID), Label: set.Name + " (" + strconv.Itoa(len(set.Questions)) + ")"})
		}
	}
	u.render(w, r, status, "hiring/posting", p)
}

func (u *UI) savePosting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	req, err := u.Hiring.Requisition(r.Context(), a, id)
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := hiring.PostingInput{Title: f.Get("title"), DescriptionMD: f.Get("description"), Remote: f.Get("remote") == "1", ShowSalary: f.Get("show_salary") == "1",
		ClosesOn: dateOf(f, "closes_on")}
	in.Questions = questionsOf(f)
	in.Invalid = f.Errors
	var post *hiring.Posting
	if pid, _ := strconv.ParseInt(f.Get("posting_id"), 10, 64); pid != 0 {
		p, err := u.Hiring.Posting(r.Context(), a, pid)
		if err != nil {
			return err
		}
		post = &p
		version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
		err = u.Hiring.UpdatePosting(r.Context(), a, pid, in, version)
		if err == nil {
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Saved the posting.")
		}
		if err := f.Fail(err, map[string]string{}); err != nil {
			return err
		}
	} else {
		_, err := u.Hiring.CreatePosting(r.Context(), a, id, in)
		if err == nil {
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Saved the posting as a draft. Publish it to put it on the careers page.")
		}
		if err := f.Fail(err, map[string]string{}); err != nil {
			return err
		}
	}
	u.renderPostingForm(w, r, http.StatusUnprocessableEntity, req, post, f)
	return nil
}

func (u *UI) publishPosting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(r.PostFormValue("posting_id"), 10, 64)
	status := r.PostFormValue("status")
	if err := u.Hiring.PublishPosting(r.Context(), actor(r), pid, status); err != nil {
		if k := kit.KindOf(err); k == kit.KindConflict || k == kit.KindInvalid {
			return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Not changed: "+kit.MessageOf(err))
		}
		return err
	}
	msg := map[string]string{hiring.PostingPublished: "Published on the careers page.", hiring.PostingDraft: "Taken off the careers page.", hiring.PostingClosed: "Closed the posting."}[status]
	return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), msg)
}
