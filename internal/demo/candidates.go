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

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// maxResumeReqs bounds how many open requisitions get candidates with
// resume files (the 100,000-employee company stays quick to seed).
const maxResumeReqs = 120

var sourceWeights = []weight{{"careers_page", 45}, {"job_board", 25}, {"referral", 15}, {"agency", 8}, {"sourced", 5}, {"internal", 2}}

// familySkills are the screening keywords of each job family; resumes
// mention some of them.
var familySkills = map[string][]string{
	"Retail":      {"customer service", "point of sale", "merchandising", "inventory", "cash handling", "outdoor gear"},
	"Operations":  {"forklift", "inventory", "shipping", "safety", "warehouse management", "scanning"},
	"Engineering": {"Go", "SQL", "PostgreSQL", "Kubernetes", "testing", "APIs"},
	"Support":     {"customer service", "Zendesk", "troubleshooting", "chat support", "de-escalation", "CRM"},
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
	n, withResumes := 0, 0
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
				if err := g.writeApplication(ctx, hs, r, postID, nil, applied, resumes); err != nil {
					return n, err
				}
				n++
			}
		case hiring.ReqFilled:
			if dr.hired == nil {
				continue
			}
			if err := g.writeApplication(ctx, hs, r, 0, dr.hired, r.OpenedOn.AddDays(3+g.rng.IntN(10)), false); err != nil {
				return n, err
			}
			n++
			for range 1 + g.rng.IntN(3) {
				if err := g.writeApplication(ctx, hs, r, 0, nil, r.OpenedOn.AddDays(2+g.rng.IntN(12)), false); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}

var jdIntro = map[string]string{
	"Retail":      "You will help customers find the right gear for their next trip, keep the floor ready and share what you know about the outdoors.",
	"Operations":  "You will keep our distribution center moving: receiving, picking, packing and shipping orders accurately and safely.",
	"Engineering": "You will build and run the systems behind our stores, website and warehouses, with a small team that owns what it ships.",
	"Support":     "You will answer customers by phone, chat and email, solve their problems on the first contact and tell the product team what you hear.",
}

func (g *gen) writePosting(ctx context.Context, hs hiring.Store, r hiring.Requisition) (int64, error) {
	fam := "Operations"
	for _, j := range g.jobList {
		if j.id == r.JobID {
			fam = j.family
		}
	}
	intro := jdIntro[fam]
	if intro == "" {
		intro = "You will join a team that values clear work, good judgment and helping each other."
	}
	desc := "## About the role\n\n" + intro + "\n\n## What you will do\n\n- Own your work from start to finish and keep your team informed\n- Follow our safety and quality standards\n- Help new teammates learn the ropes\n\n" +
		"## What you bring\n\n- Experience in a similar role, or the will to learn fast\n- Reliability and a friendly, clear way of communicating\n\n## What we offer\n\n- Medical, dental and vision coverage from the first of the month after you start\n- 401(k) with a company match\n- Paid time off and an employee discount"
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
func (g *gen) writeApplication(ctx context.Context, hs hiring.Store, r hiring.Requisition, postID int64, hired *person, applied date.Date, resume bool) error {
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
		return fmt.Errorf("candidate: %w", err)
	}
	app := hiring.Application{CandidateID: cand.ID, RequisitionID: r.ID, PostingID: postID, Stage: hiring.StageApplied, Status: hiring.AppActive,
		Source: cand.Source, AppliedAt: at, Answers: map[string]string{"q1": "yes", "q2": "yes"}}
	// How far the application got.
	age := applied.DaysUntil(g.today)
	reach := 0
	switch {
	case hired != nil:
		reach = len(hiring.DefaultStages) - 1
	case r.Status == hiring.ReqFilled:
		reach = g.rng.IntN(4)
	default:
		reach = min(age/6, g.rng.IntN(5))
	}
	if hired == nil && r.Status != hiring.ReqFilled && reach >= 4 && !g.chance(0.3) {
		reach = 3 // offers are rare
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
		moves = append(moves, move{to: hiring.DefaultStages[i], at: t})
	}
	if hired != nil {
		moves = nil
		end := r.ClosedOn.Time().Add(15 * time.Hour)
		step := end.Sub(at) / time.Duration(len(hiring.DefaultStages))
		for i := 1; i < len(hiring.DefaultStages); i++ {
			moves = append(moves, move{to: hiring.DefaultStages[i], at: at.Add(step * time.Duration(i))})
		}
		app.Status = hiring.AppHired
	}
	app.StageChangedAt = at
	if len(moves) > 0 {
		app.Stage, app.StageChangedAt = moves[len(moves)-1].to, moves[len(moves)-1].at
	}
	if hired == nil && app.Status == hiring.AppActive && (r.Status == hiring.ReqFilled || (age > 10 && g.chance(0.35))) {
		app.Status, app.RejectReason = hiring.AppRejected, rejectReasons[g.rng.IntN(len(rejectReasons))]
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
			return err
		}
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("demo-token-%d", g.candidateSeq)))
	if app.ID, err = hs.InsertApplication(ctx, app, hex.EncodeToString(sum[:]), "", hiring.ConsentText); err != nil {
		return fmt.Errorf("application: %w", err)
	}
	from := ""
	for _, ev := range append([]move{{to: hiring.StageApplied, at: at}}, moves...) {
		if err := hs.InsertStageEvent(ctx, hiring.StageEvent{ApplicationID: app.ID, FromStage: from, ToStage: ev.to, At: ev.at}); err != nil {
			return err
		}
		from = ev.to
	}
	return nil
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
