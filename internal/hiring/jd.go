package hiring

import (
	"context"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// JobDescription is one version of a job's description (Markdown). Every
// save is a new version; the latest is the one in use.
type JobDescription struct {
	ID        int64
	JobID     int64
	JobTitle  string
	Version   int
	BodyMD    string
	Note      string // what changed
	CreatedBy int64
	ByName    string
	CreatedAt time.Time
}

// HTML renders the description, sanitised.
func (d JobDescription) HTML() template.HTML { return RenderMarkdown(d.BodyMD) }

// JDSummary is a job with its description's state, for the library.
type JDSummary struct {
	Job       people.Job
	Versions  int
	UpdatedAt time.Time
	ByName    string
}

// JobDescriptions lists every job with its description's state. Requires
// hiring.jd.manage.
func (s *Service) JobDescriptions(ctx context.Context, a access.Actor) ([]JDSummary, error) {
	if err := access.Require(a, access.JDManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	return s.store.ListJobDescriptions(ctx)
}

// JobDescriptionOf returns a job's versions, newest first (none when it
// has no description yet). Requires hiring.jd.manage or
// hiring.requisitions.manage over any unit (a posting starts from it). Errors: KindForbidden,
// KindNotFound (no such job).
func (s *Service) JobDescriptionOf(ctx context.Context, a access.Actor, jobID int64) (people.Job, []JobDescription, error) {
	if paths, whole := access.ScopePaths(a, access.RequisitionManage); !whole && len(paths) == 0 {
		if err := access.Require(a, access.JDManage, access.CompanyTarget); err != nil {
			return people.Job{}, nil, err
		}
	}
	j, err := s.store.GetJob(ctx, jobID)
	if err != nil {
		return j, nil, err
	}
	vs, err := s.store.JobDescriptionVersions(ctx, jobID)
	return j, vs, err
}

// SaveJobDescription saves a new version of a job's description. Requires
// hiring.jd.manage. Errors: KindInvalid, KindForbidden, KindNotFound,
// KindConflict (someone saved a newer version since: base is the version
// the editor started from).
func (s *Service) SaveJobDescription(ctx context.Context, a access.Actor, jobID int64, body, note string, base int) (int, error) {
	if err := access.Require(a, access.JDManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	body, note = strings.TrimSpace(body), strings.TrimSpace(note)
	f := kit.FieldErrors{}
	switch {
	case len(body) < 50:
		f.Add("body_md", "Write the description: at least a few sentences on the role")
	case len(body) > 20000:
		f.Add("body_md", "Keep the description under 20,000 characters")
	}
	if len(note) > 300 {
		f.Add("note", "Keep the note under 300 characters")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var v int
	err := s.inTx(ctx, func(st Store) error {
		j, err := st.GetJob(ctx, jobID)
		if err != nil {
			return err
		}
		vs, err := st.JobDescriptionVersions(ctx, jobID)
		if err != nil {
			return err
		}
		latest := 0
		if len(vs) > 0 {
			latest = vs[0].Version
			if vs[0].BodyMD == body {
				return kit.Conflict("nothing changed since version %d", latest)
			}
		}
		if base != latest {
			return kit.Conflict("version %d was saved since you opened the description: compare it in the history, then save again to replace it with your text", latest)
		}
		v = latest + 1
		d := JobDescription{JobID: jobID, Version: v, BodyMD: body, Note: note, CreatedBy: a.UserID, CreatedAt: s.now()}
		if _, err := st.InsertJobDescription(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.job_description", "job", jobID, fmt.Sprintf("Saved version %d of the %s job description%s", v, j.Title, map[bool]string{true: ": " + note, false: ""}[note != ""]), nil, nil)
	})
	return v, err
}

// StarterDescription drafts a description from what Cadre knows of the
// job: its family, level and pay grade, whether it is exempt from
// overtime, and the skills its requisitions have screened for most. It
// is a starting point to edit, never published as is.
func (s *Service) StarterDescription(ctx context.Context, a access.Actor, jobID int64) (string, error) {
	if err := access.Require(a, access.JDManage, access.CompanyTarget); err != nil {
		return "", err
	}
	j, err := s.store.GetJob(ctx, jobID)
	if err != nil {
		return "", err
	}
	reqs, err := s.store.RequirementsForJob(ctx, jobID)
	if err != nil {
		return "", err
	}
	count := map[string]int{}
	display := map[string]string{}
	for _, r := range reqs {
		for _, t := range Terms(r) {
			k := strings.ToLower(t)
			count[k]++
			if display[k] == "" {
				display[k] = t
			}
		}
	}
	var skills []string
	for k := range count {
		skills = append(skills, k)
	}
	sort.Slice(skills, func(i, k int) bool {
		if count[skills[i]] != count[skills[k]] {
			return count[skills[i]] > count[skills[k]]
		}
		return skills[i] < skills[k]
	})
	if len(skills) > 8 {
		skills = skills[:8]
	}
	company := s.Employer(ctx)
	var b strings.Builder
	fmt.Fprintf(&b, "## About the role\n\nAs a %s on our %s team, you will … (describe the work of the first year in two or three sentences).\n\n", j.Title, j.Family)
	b.WriteString("## What you will do\n\n- \n- \n- \n\n## What you bring\n\n")
	if len(skills) == 0 {
		b.WriteString("- \n- \n")
	}
	for _, k := range skills {
		fmt.Fprintf(&b, "- %s\n", display[k])
	}
	b.WriteString("\n## About the job\n\n")
	fmt.Fprintf(&b, "- Level: %s", j.Level)
	if j.PayGradeName != "" {
		fmt.Fprintf(&b, " (pay grade %s)", j.PayGradeName)
	}
	b.WriteString("\n")
	if g, err := s.store.GetPayGrade(ctx, j.PayGradeID); err == nil && g.MaxCents > 0 {
		per := "a year"
		if j.FLSAStatus == "nonexempt" { // non-exempt grades are hourly rates, as on postings
			per = "an hour"
		}
		fmt.Fprintf(&b, "- Pay range: $%s–$%s %s, depending on experience\n", strings.TrimSuffix(kit.FormatCents(g.MinCents), ".00"), strings.TrimSuffix(kit.FormatCents(g.MaxCents), ".00"), per)
	}
	if j.FLSAStatus == "nonexempt" {
		b.WriteString("- Paid for every hour worked, with overtime pay over 40 hours a week\n")
	} else if j.FLSAStatus == "exempt" {
		b.WriteString("- Salaried (exempt from overtime)\n")
	}
	fmt.Fprintf(&b, "\n## Working at %s\n\n%s is an equal opportunity employer and provides reasonable accommodations to applicants with disabilities on request.\n", company, company)
	return b.String(), nil
}
