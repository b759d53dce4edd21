package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// maxResumeReqs bounds how many open requisitions get candidates with
// resume files (the 100,000-employee company stays quick to seed).
const maxResumeReqs = 120

var sourceWeights = []weight{{"careers_page", 45}, {"job_board", 25}, {"referral", 15}, {"agency", 8}, {"sourced", 5}, {"internal", 2}}

// familySkills are the screening keywords of each job family; resumes
// mention some of them.
var familySkills = map[string][]string{
	"Retail":           {"customer service", "point of sale", "merchandising", "inventory", "cash handling", "outdoor gear"},
	"Operations":       {"forklift", "inventory", "shipping", "safety", "warehouse management", "scanning"},
	"Engineering":      {"Go", "SQL", "PostgreSQL", "Kubernetes", "testing", "APIs"},
	"Customer Support": {"customer service", "Zendesk", "troubleshooting", "chat support", "de-escalation", "CRM"},
}

func (g *gen) skillsOf(jobID int64) []string {
	for _, j := range g.jobList {
		if j.id == jobID {
			if s, ok := familySkills[j.family]; ok {
				return s
			}
		}
	}
	return []string{"communication", "teamwork", "scheduling", "Excel"}
}

var rejectReasons = []string{"Not enough relevant experience", "Salary expectations above the range", "Chose a stronger candidate", "Did not respond to scheduling",
	"Not available on the required schedule", "Skills assessment below the bar"}

// writeCandidates gives the requisitions their postings and candidates: a
// posting for every open requisition with applications at every stage
// (the older, the further along), and behind every filled requisition the
// person hired plus the candidates who were not.
func (g *gen) writeCandidates(ctx context.Context, hs hiring.Store) (int, error) {
	n, withResumes, filled := 0, 0, 0
	for _, dr := range g.reqs {
		r := dr.r
		switch r.Status {
		case hiring.ReqOpen, hiring.ReqOnHold:
			postID, err := g.writePosting(ctx, hs, r)
			if err != nil {
				return n, err
			}
			resumes := withResumes < maxResumeReqs
			withResumes++
			count := 4 + g.rng.IntN(14)
			for range count {
				applied := r.OpenedOn.AddDays(2 + g.rng.IntN(max(1, r.OpenedOn.DaysUntil(g.today)-1)))
				if !applied.Before(g.today) {
					applied = g.today.AddDays(-1) // applications so far, not later today
				}
				if _, err := g.writeApplication(ctx, hs, r, postID, nil, applied, resumes, false); err != nil {
					return n, err
				}
				n++
			}
		case hiring.ReqFilled:
			if dr.hired == nil {
				continue
			}
			hired, err := g.writeApplication(ctx, hs, r, 0, dr.hired, r.OpenedOn.AddDays(3+g.rng.IntN(10)), false, false)
			if err != nil {
				return n, err
			}
			n++
			if err := g.writeOffer(ctx, hs, r, dr.hired, hired, true); err != nil {
				return n, err
			}
			// About one filled requisition in four first made an offer to a
			// runner-up who declined it (offer acceptance near 80%).
			filled++
			for i := range 1 + g.rng.IntN(3) {
				lost, err := g.writeApplication(ctx, hs, r, 0, nil, r.OpenedOn.AddDays(2+g.rng.IntN(12)), false, i == 0 && filled%4 == 0)
				if err != nil {
					return n, err
				}
				n++
				if i == 0 && lost.stage == hiring.StageOffer {
					if err := g.writeOffer(ctx, hs, r, nil, lost, false); err != nil {
						return n, err
					}
				}
			}
			g.hireLog = append(g.hireLog, demoHire{month: date.New(r.ClosedOn.Year(), r.ClosedOn.Month(), 1), source: hired.source, annual: r.SalaryMaxCents})
		}
	}
	return n, nil
}

var jdIntro = map[string]string{
	"Retail":           "You will help customers find the right gear for their next trip, keep the floor ready and share what you know about the outdoors.",
	"Operations":       "You will keep our distribution center moving: receiving, picking, packing and shipping orders accurately and safely.",
	"Engineering":      "You will build and run the systems behind our stores, website and warehouses, with a small team that owns what it ships.",
	"Customer Support": "You will answer customers by phone, chat and email, solve their problems on the first contact and tell the product team what you hear.",
}

func (g *gen) writePosting(ctx context.Context, hs hiring.Store, r hiring.Requisition) (int64, error) {
	desc := g.jds[r.JobID]
	published := r.OpenedOn.AddDays(1 + g.rng.IntN(3))
	if published.After(g.today) {
		published = g.today
	}
	p := hiring.Posting{RequisitionID: r.ID, Slug: fmt.Sprintf("%s-%05d", strings.Trim(slugify(r.Title), "-"), r.ID), Title: r.Title, DescriptionMD: desc,
		ShowSalary: true, PayPer: "year", Status: hiring.PostingPublished, PublishedAt: published.Time().Add(10 * time.Hour), CreatedBy: r.CreatedBy,
		CreatedAt: published.Time().Add(9 * time.Hour), UpdatedAt: published.Time().Add(10 * time.Hour),
		Questions: []hiring.Question{{ID: "q1", Text: "Are you legally authorized to work in the United States?", Kind: "yes_no", Required: true, Knockout: "no"},
			{ID: "q2", Text: "Are you available to start within four weeks?", Kind: "yes_no"}}}
	for _, j := range g.jobList {
		if j.id == r.JobID && j.hourly() {
			p.PayPer = "hour"
		}
	}
	if r.Status == hiring.ReqOnHold {
		p.Status = hiring.PostingDraft
	}
	return hs.InsertPosting(ctx, p)
}

func slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// writeApplication stores one candidate's application, moved through the
// stages up to where it stands today, with the stage events.
// writeApplication writes a candidate and their application. A runner-up
// of a filled requisition reached the offer stage and declined.
func (g *gen) writeApplication(ctx context.Context, hs hiring.Store, r hiring.Requisition, postID int64, hired *person, applied date.Date, resume, runnerUp bool) (demoApp, error) {
	g.candidateSeq++
	given := femaleNames[g.rng.IntN(len(femaleNames))]
	if g.chance(0.5) {
		given = maleNames[g.rng.IntN(len(maleNames))]
	}
	family := familyNames[g.rng.IntN(len(familyNames))]
	if hired != nil {
		given, family = hired.given, hired.family
	}
	email := fmt.Sprintf("%s.%s.%d@mail.example", strings.ToLower(given), strings.ToLower(strings.ReplaceAll(family, " ", "")), g.candidateSeq)
	at := applied.Time().Add(time.Duration(8*60+g.rng.IntN(600)) * time.Minute)
	cand := hiring.Candidate{GivenName: given, FamilyName: family, Email: email, Phone: fmt.Sprintf("512555%04d", g.candidateSeq%10000), Source: g.pick(sourceWeights), CreatedAt: at, UpdatedAt: at}
	if hired != nil && hired.persona >= 0 {
		cand.Email = fmt.Sprintf("candidate.%d@mail.example", g.candidateSeq)
	}
	var err error
	if cand.ID, err = hs.InsertCandidate(ctx, cand); err != nil {
		return demoApp{}, fmt.Errorf("candidate: %w", err)
	}
	app := hiring.Application{CandidateID: cand.ID, RequisitionID: r.ID, PostingID: postID, Stage: hiring.StageApplied, Status: hiring.AppActive,
		Source: cand.Source, AppliedAt: at, Answers: map[string]string{"q1": "yes", "q2": "yes"}}
	// How far the application got, along the requisition's pipeline.
	stages := r.Pipeline()
	_, offer := hiring.StageNamed(stages, hiring.StageOffer)
	last := len(stages) - 1
	age := applied.DaysUntil(g.today)
	reach := 0
	switch {
	case hired != nil:
		reach = last
	case r.Status == hiring.ReqFilled && runnerUp:
		reach = offer
	case r.Status == hiring.ReqFilled:
		reach = g.rng.IntN(offer)
	default:
		reach = min(age/6, g.rng.IntN(offer+1))
	}
	if hired == nil && r.Status != hiring.ReqFilled && reach >= offer && !g.chance(0.3) {
		reach = offer - 1 // offers are rare
	}
	if reach > 0 && g.chance(0.05) && hired == nil {
		reach, app.Answers["q1"] = 0, "no"
		app.Status, app.KnockedOut, app.RejectReason = hiring.AppRejected, true, "Knockout question: Are you legally authorized to work in the United States?"
	}
	type move struct {
		to string
		at time.Time
	}
	var moves []move
	t := at
	for i := 1; i <= reach; i++ {
		t = t.Add(time.Duration(1+g.rng.IntN(4)*24) * time.Hour)
		if !date.Of(t).Before(g.today) {
			break
		}
		moves = append(moves, move{to: stages[i].Key, at: t})
	}
	if hired != nil {
		moves = nil
		end := r.ClosedOn.Time().Add(15 * time.Hour)
		step := end.Sub(at) / time.Duration(len(stages))
		for i := 1; i <= last; i++ {
			moves = append(moves, move{to: stages[i].Key, at: at.Add(step * time.Duration(i))})
		}
		app.Status = hiring.AppHired
	}
	app.StageChangedAt = at
	if len(moves) > 0 {
		app.Stage, app.StageChangedAt = moves[len(moves)-1].to, moves[len(moves)-1].at
	}
	if hired == nil && app.Status == hiring.AppActive && (r.Status == hiring.ReqFilled || (age > 10 && g.chance(0.35))) {
		app.Status, app.RejectReason = hiring.AppRejected, rejectReasons[g.rng.IntN(len(rejectReasons))]
		if runnerUp && app.Stage == hiring.StageOffer {
			app.RejectReason = "Declined our offer"
		}
	}
	app.UpdatedAt = app.StageChangedAt
	if resume {
		var skills []string
		for _, sk := range g.skillsOf(r.JobID) {
			if g.chance(0.55) {
				skills = append(skills, sk)
			}
		}
		doc := demoResume(given+" "+family, r.Title, g.rng.IntN(12), skills)
		ct := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		text, _ := hiring.ExtractText(ct, doc)
		if app.ResumeID, err = hs.InsertResume(ctx, hiring.Resume{CandidateID: cand.ID, Filename: strings.ToLower(given+"-"+family) + "-resume.docx",
			ContentType: ct, Size: len(doc), Data: doc, Text: text, CreatedAt: at}); err != nil {
			return demoApp{}, err
		}
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("demo-token-%d", g.candidateSeq)))
	if app.ID, err = hs.InsertApplication(ctx, app, hex.EncodeToString(sum[:]), "", hiring.ConsentText("Northwind Outfitters", hiring.DefaultRetentionMonth)); err != nil {
		return demoApp{}, fmt.Errorf("application: %w", err)
	}
	from := ""
	for _, ev := range append([]move{{to: hiring.StageApplied, at: at}}, moves...) {
		if err := hs.InsertStageEvent(ctx, hiring.StageEvent{ApplicationID: app.ID, FromStage: from, ToStage: ev.to, At: ev.at}); err != nil {
			return demoApp{}, err
		}
		from = ev.to
	}
	// A phone screen for every application that moved on from the phone
	// screen stage (held the day it moved on), and one recommending
	// rejection for those rejected there.
	// (moves[k] is the move into stages[k+1].)
	for i, st := range stages {
		if st.Kind != hiring.StagePhoneScreen || i == 0 {
			continue
		}
		held, rec := date.Date{}, ""
		switch {
		case len(moves) > i:
			held, rec = date.Of(moves[i].at), "advance"
		case len(moves) == i && app.Status == hiring.AppRejected:
			held, rec = date.Of(moves[i-1].at), "reject"
		}
		if rec != "" {
			if err := g.writePhoneScreen(ctx, hs, r, app.ID, held, rec); err != nil {
				return demoApp{}, err
			}
		}
	}
	// Interviews: the rounds of each interview stage passed (done, with
	// scorecards), or the first round ahead for a candidate waiting there.
	first := true
	for i, st := range stages {
		if st.Kind != hiring.StageInterview || i == 0 {
			continue
		}
		rounds := g.demoRounds(r, st, first)
		first = false
		switch {
		case len(moves) > i:
			day := date.Of(moves[i].at)
			for k := range rounds {
				if err := g.writeInterview(ctx, hs, r, app.ID, cand, rounds[k], weekdayBefore(day, len(rounds)-k), true, true); err != nil {
					return demoApp{}, err
				}
			}
		case len(moves) == i && app.Status == hiring.AppRejected:
			if held := weekdayAfter(date.Of(moves[i-1].at), 2); held.Before(g.today) {
				if err := g.writeInterview(ctx, hs, r, app.ID, cand, rounds[0], held, true, false); err != nil {
					return demoApp{}, err
				}
			}
		case len(moves) == i && app.Status == hiring.AppActive:
			if err := g.writeInterview(ctx, hs, r, app.ID, cand, rounds[0], weekdayAfter(g.today, 1+g.rng.IntN(6)), false, false); err != nil {
				return demoApp{}, err
			}
		}
	}
	return demoApp{id: app.ID, source: app.Source, stage: app.Stage, status: app.Status, at: app.StageChangedAt, candidate: cand}, nil
}

// demoRounds are the interviews of an interview stage: the plan's rounds
// for the first one (or the stage itself with the recruiter when there
// is no plan), the stage itself with the last round's panel after.
func (g *gen) demoRounds(r hiring.Requisition, st hiring.Stage, first bool) []hiring.InterviewRound {
	if len(r.Plan) == 0 {
		return []hiring.InterviewRound{{Name: st.Name, Minutes: 45, Interviewers: []int64{r.RecruiterUserID}}}
	}
	if first {
		return r.Plan
	}
	last := r.Plan[len(r.Plan)-1]
	return []hiring.InterviewRound{{Name: st.Name, Minutes: 60, Interviewers: last.Interviewers}}
}

func weekdayBefore(d date.Date, n int) date.Date {
	for n > 0 {
		d = d.AddDays(-1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

func weekdayAfter(d date.Date, n int) date.Date {
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

var demoEvidence = map[bool][]string{
	true: {"Gave a specific example from their last role and walked through the result.", "Answered follow-up questions clearly and asked good ones back.",
		"Explained their approach step by step and named the trade-offs.", "Described how they handled a difficult customer with patience and a clear outcome."},
	false: {"Stayed general; could not give a concrete example when asked.", "Struggled with the follow-up questions on this point.",
		"The example given did not show the level the role needs.", "Mixed answers; relied on the team for the key decisions."},
}

// busyKey is an interviewer's slot on a day.
type busyKey struct {
	user int64
	day  date.Date
	hour int
}

// writeInterview stores one interview in the job's location's time
// zone; a past one carries every panelist's scorecard, positive when
// the candidate went on.
func (g *gen) writeInterview(ctx context.Context, hs hiring.Store, r hiring.Requisition, appID int64, cand hiring.Candidate, rd hiring.InterviewRound, day date.Date, done, positive bool) error {
	tz := "America/Chicago"
	for _, l := range g.locList {
		if l.id == r.LocationID {
			tz = hiring.ZoneOf(l.region)
		}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return err
	}
	// A slot nobody on the panel is in already (9, 11, 13 or 15 o'clock;
	// rounds last at most 90 minutes): the next free one from that day,
	// moving back in time for a past interview.
	hours := []int{9, 11, 13, 15}
	off := g.rng.IntN(len(hours))
	var start time.Time
	for tries := 0; start.IsZero(); tries++ {
		_, holiday := rules.FederalHoliday(day)
		for k := 0; k < len(hours) && !holiday; k++ {
			h := hours[(k+off)%len(hours)]
			free := true
			for _, uid := range rd.Interviewers {
				if g.busy[busyKey{uid, day, h}] {
					free = false
				}
			}
			if free || tries > 30 {
				for _, uid := range rd.Interviewers {
					g.busy[busyKey{uid, day, h}] = true
				}
				start = time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, loc).UTC()
				break
			}
		}
		if start.IsZero() {
			if done {
				day = weekdayBefore(day, 1)
			} else {
				day = weekdayAfter(day, 1)
			}
		}
	}
	iv := hiring.Interview{ApplicationID: appID, RequisitionID: r.ID, Candidate: cand, Round: rd.Name, StartsAt: start, EndsAt: start.Add(time.Duration(rd.Minutes) * time.Minute),
		TimeZone: tz, Location: "Video call", Status: hiring.InterviewScheduled, CreatedBy: r.RecruiterUserID, CreatedAt: start.Add(-5 * 24 * time.Hour), UpdatedAt: start.Add(-5 * 24 * time.Hour)}
	for _, uid := range rd.Interviewers {
		p, ok := g.panelists[uid]
		if !ok {
			if p, err = hs.InterviewerOf(ctx, uid); err != nil {
				return err
			}
			g.panelists[uid] = p
		}
		iv.Panel = append(iv.Panel, p)
	}
	if done {
		iv.Status = hiring.InterviewCompleted
	}
	id, err := hs.InsertInterview(ctx, iv)
	if err != nil {
		return err
	}
	if err := hs.SetInterviewUID(ctx, id, fmt.Sprintf("interview-%d@cadre.northwind.example", id)); err != nil {
		return err
	}
	if !done {
		return nil
	}
	for _, p := range iv.Panel {
		sc := hiring.Scorecard{InterviewID: id, UserID: p.UserID, SubmittedAt: iv.EndsAt.Add(time.Duration(30+g.rng.IntN(240)) * time.Minute)}
		sc.Recommendation = []string{"no", "strong_no"}[g.rng.IntN(2)]
		if positive {
			sc.Recommendation = []string{"yes", "strong_yes"}[g.rng.IntN(2)]
		}
		for _, c := range hiring.CriteriaFor(r, rd.Name) {
			score := 1 + g.rng.IntN(2)
			if positive {
				score = 3 + g.rng.IntN(2)
			}
			sc.Ratings = append(sc.Ratings, hiring.Rating{Criterion: c, Score: score, Evidence: demoEvidence[positive][g.rng.IntN(len(demoEvidence[positive]))]})
		}
		if err := hs.InsertScorecard(ctx, sc); err != nil {
			return err
		}
	}
	return nil
}

// writePhoneScreen records a recruiter's phone screen notes.
func (g *gen) writePhoneScreen(ctx context.Context, hs hiring.Store, r hiring.Requisition, appID int64, held date.Date, rec string) error {
	why := []string{"Wants to grow with a company that cares about the outdoors", "Looking for steadier hours closer to home", "Knows our stores as a customer and likes the team feel",
		"Ready for more responsibility than the current role offers"}
	exp := []string{"Several years in a similar role; described a recent project clearly", "Some related experience, mostly adjacent; quick learner", "Strong match with the requirements listed"}
	fit := []string{"Yes, including weekends", "Yes; prefers mornings", "Needs one weekday off for classes", "Yes, no constraints"}
	asked := []string{"Asked about training and the first month", "Asked about benefits from day one", "Asked how the team measures success"}
	pay := (r.SalaryMinCents + r.SalaryMaxCents) / 2
	switch {
	case rec == "reject" && g.chance(0.5):
		pay = r.SalaryMaxCents + r.SalaryMaxCents/5
	case g.chance(0.3):
		pay = 0
	}
	per := "year"
	for _, j := range g.jobList {
		if j.id == r.JobID && j.hourly() {
			per = "hour"
		}
	}
	summary := "Clear, friendly communicator; recommend moving to interviews."
	if rec == "reject" {
		summary = "Expectations and experience do not match this role; thanked them and explained the next steps."
	}
	ps := hiring.PhoneScreen{ApplicationID: appID, HeldOn: held, ScreenerID: r.RecruiterUserID, PayCents: pay, PayPer: per, WorkAuth: "authorized", Recommendation: rec,
		Summary: summary, CreatedAt: held.Time().Add(16 * time.Hour), Answers: []hiring.PromptAnswer{
			{Prompt: hiring.DefaultPhonePrompts[0], Answer: why[g.rng.IntN(len(why))]}, {Prompt: hiring.DefaultPhonePrompts[1], Answer: exp[g.rng.IntN(len(exp))]},
			{Prompt: hiring.DefaultPhonePrompts[2], Answer: fit[g.rng.IntN(len(fit))]}, {Prompt: hiring.DefaultPhonePrompts[3], Answer: asked[g.rng.IntN(len(asked))]}}}
	if g.chance(0.6) {
		ps.AvailableFrom = held.AddDays(14 + g.rng.IntN(21))
	}
	_, err := hs.InsertPhoneScreen(ctx, ps)
	return err
}

// demoApp is what writeApplication stored.
type demoApp struct {
	id                    int64
	source, stage, status string
	at                    time.Time
	candidate             hiring.Candidate
}

// demoResume is a small DOCX resume.
func demoResume(name, title string, years int, skills []string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`))
	w, _ = zw.Create("word/document.xml")
	p := func(s string) string { return `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p>` }
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		p(name) + p(fmt.Sprintf("Seeking a %s position. %d years of experience.", title, years+1)) +
		p("Skills: "+strings.Join(append(skills, "teamwork"), ", ")+".") + p("Education: high school diploma; continuing courses.") +
		`</w:body></w:document>`))
	_ = zw.Close()
	return buf.Bytes()
}

// writeOffer records the offer behind a hire (accepted, checks clear,
// the employee linked) or an offer the candidate declined.
func (g *gen) writeOffer(ctx context.Context, hs hiring.Store, r hiring.Requisition, hired *person, app demoApp, accepted bool) error {
	answered := r.ClosedOn.Time().Add(15 * time.Hour)
	if !accepted {
		answered = r.ClosedOn.AddDays(-3 - g.rng.IntN(5)).Time().Add(11 * time.Hour)
	}
	pay := people.Pay{AmountCents: (r.SalaryMinCents + r.SalaryMaxCents) / 2, Per: "year", Currency: "USD"}
	start := r.TargetStart
	if hired != nil {
		if p := hired.payOn(r.TargetStart); p != nil {
			pay = p.Pay
		}
	}
	o := hiring.Offer{ApplicationID: app.id, RequisitionID: r.ID, Pay: pay, StartDate: start, ExpiresOn: date.Of(answered).AddDays(4),
		Letter: "Dear " + app.candidate.Name() + ",\n\nWe are delighted to offer you the position of " + r.Title + " at Northwind Outfitters.",
		Status: hiring.OfferAccepted, CreatedBy: r.RecruiterUserID, CreatedAt: answered.Add(-72 * time.Hour), UpdatedAt: answered,
		SentAt: answered.Add(-48 * time.Hour), RespondedAt: answered}
	if accepted {
		o.SignedName = app.candidate.Name()
		for _, k := range hiring.CheckKinds {
			o.Checks = append(o.Checks, hiring.Check{Kind: k, Result: "clear", RecordedOn: date.Of(answered).AddDays(2)})
		}
	} else {
		o.Status, o.DeclineReason = hiring.OfferDeclined, []string{"Accepted another offer", "Compensation", "Relocation not possible"}[g.rng.IntN(3)]
		for _, k := range hiring.CheckKinds {
			o.Checks = append(o.Checks, hiring.Check{Kind: k, Result: "pending"})
		}
	}
	id, err := hs.InsertOffer(ctx, o)
	if err != nil {
		return fmt.Errorf("offer: %w", err)
	}
	o.ID = id
	if err := hs.UpdateOffer(ctx, o); err != nil {
		return err
	}
	if accepted && hired != nil && hired.id != 0 {
		return hs.SetOfferEmployee(ctx, id, hired.id, app.at)
	}
	return nil
}

// writeCosts records twelve months of recruiting costs that follow the
// hires: job boards and advertising, agency fees and referral awards for
// the hires from those sources, screening per hire, the applicant
// tracking tools, and the recruiters' time (internal).
func (g *gen) writeCosts(ctx context.Context, hs hiring.Store, by int64) error {
	type month struct {
		hires, boards, agency, referral int
		agencyPay                       int64
	}
	months := map[date.Date]*month{}
	first := date.New(g.today.Year(), g.today.Month(), 1).AddMonths(-12)
	for m := first; !m.After(g.today); m = m.AddMonths(1) {
		months[m] = &month{}
	}
	for _, h := range g.hireLog {
		m := months[h.month]
		if m == nil {
			continue
		}
		m.hires++
		switch h.source {
		case "job_board":
			m.boards++
		case "agency":
			m.agency++
			m.agencyPay += h.annual
		case "referral":
			m.referral++
		}
	}
	scale := int64(max(1, g.n/250))
	recruiters := int64(max(1, g.n/400))
	for m := first; !m.After(g.today); m = m.AddMonths(1) {
		mo := months[m]
		costs := []hiring.RecruitingCost{
			{Category: "job_boards", Source: "job_board", AmountCents: 45_000*scale + int64(mo.boards)*12_000},
			{Category: "advertising", Source: "careers_page", AmountCents: 80_000 * scale},
			{Category: "technology", AmountCents: 120_000 * int64(max(1, g.n/2000))},
			{Category: "recruiting_staff", AmountCents: 650_000 * recruiters, Note: "Recruiters' time"},
			{Category: "background_checks", AmountCents: int64(mo.hires) * 4_500},
			{Category: "drug_testing", AmountCents: int64(mo.hires) * 3_500},
			{Category: "third_party_agency_fees", Source: "agency", AmountCents: mo.agencyPay * 18 / 100},
			{Category: "employee_referral_awards", Source: "referral", AmountCents: int64(mo.referral) * 100_000},
		}
		for _, c := range costs {
			if c.AmountCents <= 0 {
				continue
			}
			c.Month, c.CreatedBy, c.CreatedAt = m, by, m.AddMonths(1).AddDays(2).Time().Add(10*time.Hour)
			if c.CreatedAt.After(g.today.Time()) {
				c.CreatedAt = g.today.AddDays(-1).Time()
			}
			if _, err := hs.InsertCost(ctx, c); err != nil {
				return fmt.Errorf("cost: %w", err)
			}
		}
	}
	return nil
}
