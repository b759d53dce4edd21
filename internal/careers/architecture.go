package careers

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Jobs lists the job catalogue (for choosers). Requires
// careers.catalog.view.
func (s *Service) Jobs(ctx context.Context, a access.Actor) ([]Job, error) {
	if err := catalog(a); err != nil {
		return nil, err
	}
	return s.store.CareerJobs(ctx)
}

// Competencies lists the competency framework. Requires
// careers.catalog.view.
func (s *Service) Competencies(ctx context.Context, a access.Actor) ([]Competency, error) {
	if err := catalog(a); err != nil {
		return nil, err
	}
	return s.store.Competencies(ctx)
}

// Competency returns one competency. Requires careers.catalog.view.
func (s *Service) Competency(ctx context.Context, a access.Actor, id int64) (Competency, error) {
	if err := catalog(a); err != nil {
		return Competency{}, err
	}
	return s.store.GetCompetency(ctx, id)
}

// SaveCompetency creates (ID 0) or changes a competency: a name, skill or
// behaviour, and a description of each of the five proficiency levels.
// Requires careers.design. Errors: KindInvalid (per field), KindNotFound.
func (s *Service) SaveCompetency(ctx context.Context, a access.Actor, c Competency) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	c.Name = text(f, "name", c.Name, true, 100)
	if c.Kind != Skill && c.Kind != Behaviour {
		f.Add("kind", "Choose skill or behaviour")
	}
	c.Category = text(f, "category", c.Category, false, 100)
	c.Description = text(f, "description", c.Description, false, 2000)
	for i := range c.Levels {
		c.Levels[i] = text(f, fmt.Sprintf("level_%d", i+1), c.Levels[i], true, 500)
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	c.UpdatedAt = s.clock.Now()
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var before any
		if c.ID != 0 {
			old, err := st.GetCompetency(ctx, c.ID)
			if err != nil {
				return err
			}
			before = old
		}
		var err error
		if id, err = st.SaveCompetency(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.competency.save", "competency", id, "Saved competency "+c.Name, before, c)
	})
	return id, err
}

// Ladders lists the ladders with their rungs. Requires
// careers.catalog.view.
func (s *Service) Ladders(ctx context.Context, a access.Actor) ([]Ladder, error) {
	if err := catalog(a); err != nil {
		return nil, err
	}
	return s.store.Ladders(ctx)
}

// Ladder returns a ladder with the profile (requirements) of each rung's
// job. Requires careers.catalog.view.
func (s *Service) Ladder(ctx context.Context, a access.Actor, id int64) (Ladder, []JobProfile, error) {
	if err := catalog(a); err != nil {
		return Ladder{}, nil, err
	}
	l, err := s.store.GetLadder(ctx, id)
	if err != nil {
		return l, nil, err
	}
	var ps []JobProfile
	for _, r := range l.Rungs {
		p, err := s.profile(ctx, s.store, r.JobID)
		if err != nil {
			return l, nil, err
		}
		ps = append(ps, p)
	}
	return l, ps, nil
}

// SaveLadder creates (ID 0) or changes a ladder and its rungs (jobs,
// lowest first; a job sits on one ladder only). Requires careers.design.
// Errors: KindInvalid, KindNotFound.
func (s *Service) SaveLadder(ctx context.Context, a access.Actor, l Ladder) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	l.Name = text(f, "name", l.Name, true, 100)
	l.Family = text(f, "family", l.Family, true, 100)
	if l.Track != Individual && l.Track != Management {
		f.Add("track", "Choose the individual-contributor or the management track")
	}
	l.Description = text(f, "description", l.Description, false, 2000)
	if len(l.Rungs) == 0 {
		f.Add("rungs", "Place at least one job on the ladder")
	}
	if len(l.Rungs) > 20 {
		f.Add("rungs", "A ladder has at most 20 rungs")
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		jobs, err := st.CareerJobs(ctx)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for i := range l.Rungs {
			r := &l.Rungs[i]
			r.Position = i + 1
			if !slices.ContainsFunc(jobs, func(j Job) bool { return j.ID == r.JobID }) {
				f.Add("rungs", fmt.Sprintf("Rung %d: choose a job from the catalogue", i+1))
				continue
			}
			if seen[r.JobID] {
				f.Add("rungs", fmt.Sprintf("Rung %d: the job is already on this ladder", i+1))
			}
			seen[r.JobID] = true
			if r.TypicalMonths < 0 || r.TypicalMonths > 240 {
				f.Add("rungs", fmt.Sprintf("Rung %d: typical time in the job is 0 to 240 months", i+1))
			}
			r.Summary = text(f, "rungs", r.Summary, false, 1000)
		}
		if ls, err := st.Ladders(ctx); err == nil {
			for _, o := range ls {
				if o.ID == l.ID {
					continue
				}
				for _, r := range o.Rungs {
					if seen[r.JobID] {
						f.Add("rungs", r.JobTitle+" is already on the "+o.Name+" ladder")
					}
				}
			}
		} else {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		var before any
		if l.ID != 0 {
			old, err := st.GetLadder(ctx, l.ID)
			if err != nil {
				return err
			}
			before = old
		}
		l.UpdatedAt = s.clock.Now()
		if id, err = st.SaveLadder(ctx, l); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.ladder.save", "career_ladder", id, "Saved ladder "+l.Name, before, l)
	})
	return id, err
}

// Paths lists the explicit paths between jobs. Requires
// careers.catalog.view.
func (s *Service) Paths(ctx context.Context, a access.Actor) ([]Path, error) {
	if err := catalog(a); err != nil {
		return nil, err
	}
	return s.store.CareerPaths(ctx)
}

// AddPath records a move between two jobs. Requires careers.design.
// Errors: KindInvalid, KindConflict (the path exists).
func (s *Service) AddPath(ctx context.Context, a access.Actor, p Path) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	if !slices.Contains(PathKinds, p.Kind) {
		f.Add("kind", "Choose promotion, lateral move or change of track")
	}
	p.Note = text(f, "note", p.Note, false, 500)
	if p.FromJobID == p.ToJobID && p.FromJobID != 0 {
		f.Add("to_job_id", "Choose a different job")
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		jobs, err := st.CareerJobs(ctx)
		if err != nil {
			return err
		}
		for _, x := range []struct {
			field string
			id    int64
		}{{"from_job_id", p.FromJobID}, {"to_job_id", p.ToJobID}} {
			if !slices.ContainsFunc(jobs, func(j Job) bool { return j.ID == x.id }) {
				f.Add(x.field, "Choose a job from the catalogue")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		ps, err := st.CareerPaths(ctx)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(ps, func(o Path) bool { return o.FromJobID == p.FromJobID && o.ToJobID == p.ToJobID }) {
			return kit.Conflict("this path already exists")
		}
		if id, err = st.InsertCareerPath(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.path.add", "career_path", id, "Added a career path", nil, p)
	})
	return id, err
}

// DeletePath removes a path. Requires careers.design.
func (s *Service) DeletePath(ctx context.Context, a access.Actor, id int64) error {
	if err := design(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		if err := st.DeleteCareerPath(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.path.delete", "career_path", id, "Removed a career path", nil, nil)
	})
}

// JobProfile returns a job with its rung, what it requires and the moves
// out of it. Requires careers.catalog.view.
func (s *Service) JobProfile(ctx context.Context, a access.Actor, jobID int64) (JobProfile, error) {
	if err := catalog(a); err != nil {
		return JobProfile{}, err
	}
	return s.profile(ctx, s.store, jobID)
}

// profile reads a job's profile with its next moves: the next rung of its
// ladder (implied), then the explicit paths.
func (s *Service) profile(ctx context.Context, st Store, jobID int64) (JobProfile, error) {
	p, err := st.JobProfile(ctx, jobID)
	if err != nil {
		return p, err
	}
	p.Next = []Path{}
	if p.LadderID != 0 {
		l, err := st.GetLadder(ctx, p.LadderID)
		if err != nil {
			return p, err
		}
		for _, r := range l.Rungs {
			if r.Position == p.Position+1 {
				p.Next = append(p.Next, Path{FromJobID: jobID, FromTitle: p.Title, ToJobID: r.JobID, ToTitle: r.JobTitle, Kind: "promotion", Note: "The next rung of the " + l.Name + " ladder", Implied: true})
			}
		}
	}
	ps, err := st.CareerPaths(ctx)
	if err != nil {
		return p, err
	}
	for _, x := range ps {
		if x.FromJobID == jobID && !slices.ContainsFunc(p.Next, func(n Path) bool { return n.ToJobID == x.ToJobID }) {
			p.Next = append(p.Next, x)
		}
	}
	return p, nil
}

// SetRequirements replaces what a job requires: the proficiency (1–5) in
// each competency and the credentials it requires or recommends.
// Requires careers.design. Errors: KindInvalid, KindNotFound.
func (s *Service) SetRequirements(ctx context.Context, a access.Actor, jobID int64, comps []Requirement, certs []CertRequirement) error {
	if err := design(a); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		before, err := st.JobProfile(ctx, jobID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		all, err := st.Competencies(ctx)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, r := range comps {
			if !slices.ContainsFunc(all, func(c Competency) bool { return c.ID == r.CompetencyID }) {
				f.Add("competencies", "Choose competencies from the framework")
			} else if seen[r.CompetencyID] {
				f.Add("competencies", "A competency is listed twice")
			}
			seen[r.CompetencyID] = true
			if r.Level < 1 || r.Level > 5 {
				f.Add("competencies", "Proficiency levels run from 1 to 5")
			}
		}
		seen = map[int64]bool{}
		for _, r := range certs {
			if _, err := st.GetCertification(ctx, r.CertificationID); err != nil {
				f.Add("certifications", "Choose certifications from the catalogue")
			} else if seen[r.CertificationID] {
				f.Add("certifications", "A certification is listed twice")
			}
			seen[r.CertificationID] = true
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := st.SetJobCompetencies(ctx, jobID, comps); err != nil {
			return err
		}
		if err := st.SetJobCertifications(ctx, jobID, certs); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.requirements.set", "job", jobID, "Set what "+before.Title+" requires", map[string]any{"competencies": before.Competencies, "certifications": before.Certifications},
			map[string]any{"competencies": comps, "certifications": certs})
	})
}

// SetKeyRole names (or unnames) a job as a key role for succession.
// Requires careers.design.
func (s *Service) SetKeyRole(ctx context.Context, a access.Actor, jobID int64, key bool, note string) error {
	if err := design(a); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	note = text(f, "note", note, false, 500)
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		p, err := st.JobProfile(ctx, jobID)
		if err != nil {
			return err
		}
		if err := st.SetKeyRole(ctx, jobID, key, note, s.clock.Now()); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.key_role.set", "job", jobID, fmt.Sprintf("Key role %s: %t", p.Title, key), map[string]any{"key_role": p.KeyRole}, map[string]any{"key_role": key, "note": note})
	})
}

// Certifications lists the catalogue with today's holders. Requires
// careers.catalog.view.
func (s *Service) Certifications(ctx context.Context, a access.Actor) ([]Certification, error) {
	if err := catalog(a); err != nil {
		return nil, err
	}
	return s.store.Certifications(ctx, s.today())
}

// Certification returns one entry of the catalogue. Requires
// careers.catalog.view.
func (s *Service) Certification(ctx context.Context, a access.Actor, id int64) (Certification, error) {
	if err := catalog(a); err != nil {
		return Certification{}, err
	}
	return s.store.GetCertification(ctx, id)
}

// SaveCertification creates (ID 0) or changes a certification or licence
// of the catalogue. Requires careers.design. Errors: KindInvalid,
// KindConflict (the name exists).
func (s *Service) SaveCertification(ctx context.Context, a access.Actor, c Certification) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	c.Name = text(f, "name", c.Name, true, 200)
	c.Abbreviation = text(f, "abbreviation", c.Abbreviation, false, 20)
	c.Issuer = text(f, "issuer", c.Issuer, true, 200)
	if c.Kind != "certification" && c.Kind != "licence" {
		f.Add("kind", "Choose certification or licence")
	}
	if c.ValidityMonths < 0 || c.ValidityMonths > 120 {
		f.Add("validity_months", "Use 0 (does not expire) to 120 months")
	}
	c.CreditsRequired = hundredths(c.CreditsRequired)
	if c.CreditsRequired < 0 || c.CreditsRequired > 1000 {
		f.Add("credits_required", "Use 0 to 1,000 credits")
	}
	if c.CreditsRequired > 0 && c.ValidityMonths == 0 {
		f.Add("credits_required", "Credits are earned per cycle: set the validity period too")
	}
	c.CreditUnit = text(f, "credit_unit", c.CreditUnit, false, 60)
	if c.CreditUnit == "" && c.CreditsRequired > 0 {
		c.CreditUnit = "credits"
	}
	c.Description = text(f, "description", c.Description, false, 2000)
	c.URL = text(f, "url", c.URL, false, 500)
	if c.URL != "" {
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("url", "Enter a web address starting with https://")
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	c.UpdatedAt = s.clock.Now()
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		var before any
		if c.ID != 0 {
			old, err := st.GetCertification(ctx, c.ID)
			if err != nil {
				return err
			}
			before = old
		}
		var err error
		if id, err = st.SaveCertification(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.certification.save", "certification", id, "Saved certification "+c.Name, before, c)
	})
	return id, err
}
