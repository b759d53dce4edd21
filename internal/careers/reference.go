package careers

import (
	"context"
	"slices"
	"time"

	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// The reference content Cadre ships: the HR competencies, the common HR
// certifications and a few licences, and the HR career ladder (the
// generalist track and the management track) with what each rung
// requires. HR teams edit all of it; it is installed once.

// KeyReferenceInstalled is the setting that records the installation.
const KeyReferenceInstalled = "careers.reference_installed"

type refCompetency struct {
	name, kind, category, desc string
	levels                     [5]string
}

var referenceCompetencies = []refCompetency{
	{"Multitasking and organisation", Skill, "HR generalist", "Keeps many open matters (hires, leaves, cases, payroll changes) moving at once without dropping any.", [5]string{
		"Tracks own tasks with help and a checklist.",
		"Runs a full personal caseload and meets most deadlines without reminders.",
		"Juggles a full caseload across areas, sets priorities by legal deadline and impact, and never misses a statutory date.",
		"Organises the team's work: queues, handoffs and calendars others rely on.",
		"Designs the processes and service levels that keep a whole HR function on time.",
	}},
	{"Attention to detail", Skill, "HR generalist", "Gets records, forms and pay data right the first time: I-9s, leave notices, payroll changes.", [5]string{
		"Follows checklists; errors are caught by review.",
		"Completes forms and records accurately with occasional review.",
		"Produces audit-ready records; catches others' errors in review.",
		"Designs the controls and audits that catch errors before they cost money or compliance.",
		"Sets the standard of accuracy for the function; audits find nothing.",
	}},
	{"Interpersonal communication", Behaviour, "HR generalist", "Listens, explains policy plainly and handles hard conversations (complaints, discipline, terminations) with care.", [5]string{
		"Answers routine questions politely and clearly.",
		"Explains pay, benefits and policy to employees and handles ordinary complaints.",
		"Leads difficult conversations (investigations, discipline, terminations) calmly and fairly.",
		"Coaches managers through sensitive situations; trusted by all levels.",
		"Communicates for the company on the most sensitive people matters, inside and outside.",
	}},
	{"Problem-solving", Behaviour, "HR generalist", "Finds the cause of a people problem and a fair, compliant fix.", [5]string{
		"Solves routine problems with guidance.",
		"Resolves ordinary employee issues by applying policy.",
		"Untangles complex cases (overlapping leave laws, conflicting accounts) and recommends a fix.",
		"Spots patterns across cases and fixes their root causes.",
		"Solves problems no one has solved before in the organisation.",
	}},
	{"Broad HR knowledge", Skill, "HR generalist", "Knows employment law and HR practice across recruiting, leave, compliance, pay and benefits.", [5]string{
		"Knows the basics of HR and where to look things up.",
		"Applies FMLA, I-9, FLSA and benefits rules to everyday cases.",
		"Advises on every HR area and knows when to involve counsel.",
		"Expert in several areas; keeps the company current as laws change.",
		"Recognised authority; shapes the company's people policy.",
	}},
	{"Leadership and people management", Behaviour, "HR manager", "Hires, develops and leads a team; makes the final call on key hires and terminations.", [5]string{
		"Helps onboard and guide new colleagues.",
		"Leads projects and informally mentors others.",
		"Manages a team: sets goals, gives feedback, develops people.",
		"Leads managers; builds a function's capability and succession.",
		"Leads the whole people function and shapes the company's leadership.",
	}},
	{"Strategic thinking", Behaviour, "HR manager", "Connects people plans (hiring, pay, development) to the business's goals.", [5]string{
		"Understands how own work supports team goals.",
		"Plans own area's work a quarter or two ahead.",
		"Sets annual plans for an HR area tied to business goals.",
		"Sets multi-year people strategy for a business unit.",
		"Sets the company's people strategy with the executive team.",
	}},
	{"Business acumen", Skill, "HR manager", "Understands how the company makes money and what drives its costs.", [5]string{
		"Knows what the company sells and who its customers are.",
		"Knows the main cost drivers of own area.",
		"Builds business cases and budgets for HR programmes.",
		"Advises business leaders on the people side of their decisions.",
		"Acts as a business executive first, people leader second.",
	}},
	{"Data analysis and financial literacy", Skill, "HR manager", "Reads metrics (turnover, time-to-fill, compa-ratio) and budgets; decides from data.", [5]string{
		"Reads standard HR reports.",
		"Builds simple reports and spots outliers.",
		"Analyses trends, builds budgets, explains variance.",
		"Designs metrics and models (pay bands, workforce forecasts).",
		"Sets the company's people analytics agenda and total-rewards budget.",
	}},
	{"Influence and executive presence", Behaviour, "HR manager", "Wins support for people decisions from managers and executives.", [5]string{
		"Presents own work clearly.",
		"Persuades peers and line managers.",
		"Influences senior managers on HR matters.",
		"Advises executives; trusted in the room where decisions are made.",
		"Shapes board and executive decisions on people.",
	}},
}

type refCert struct {
	name, abbr, issuer, kind string
	months                   int
	credits                  float64
	unit, desc, url          string
}

var referenceCertifications = []refCert{
	{"Associate Professional in Human Resources", "aPHR", "HR Certification Institute (HRCI)", "certification", 36, 45, "recertification credits", "Entry-level HR certification. Recertify every three years with 45 credits, or by retaking the exam.", "https://www.hrci.org/our-programs/our-hr-certifications/aphr"},
	{"Professional in Human Resources", "PHR", "HR Certification Institute (HRCI)", "certification", 36, 60, "recertification credits", "Operational HR for generalists. Recertify every three years with 60 credits (HRCI sets a minimum in business management), or by retaking the exam.", "https://www.hrci.org/our-programs/our-hr-certifications/phr"},
	{"Senior Professional in Human Resources", "SPHR", "HR Certification Institute (HRCI)", "certification", 36, 60, "recertification credits", "Strategic HR leadership. Recertify every three years with 60 credits (HRCI sets minimums in business and leadership), or by retaking the exam.", "https://www.hrci.org/our-programs/our-hr-certifications/sphr"},
	{"Global Professional in Human Resources", "GPHR", "HR Certification Institute (HRCI)", "certification", 36, 60, "recertification credits", "HR across borders. Recertify every three years with 60 credits, or by retaking the exam.", "https://www.hrci.org/our-programs/our-hr-certifications/gphr"},
	{"SHRM Certified Professional", "SHRM-CP", "Society for Human Resource Management (SHRM)", "certification", 36, 60, "professional development credits (PDCs)", "Operational HR. Recertify every three-year cycle with 60 PDCs, or by retaking the exam.", "https://www.shrm.org/credentials/certification/shrm-cp"},
	{"SHRM Senior Certified Professional", "SHRM-SCP", "Society for Human Resource Management (SHRM)", "certification", 36, 60, "professional development credits (PDCs)", "Strategic HR. Recertify every three-year cycle with 60 PDCs, or by retaking the exam.", "https://www.shrm.org/credentials/certification/shrm-scp"},
	{"Powered industrial truck (forklift) operator", "Forklift", "Employer evaluation under OSHA 29 CFR 1910.178(l)", "licence", 36, 0, "", "OSHA requires an evaluation of each operator's performance at least once every three years (29 CFR 1910.178(l)(4)(iii)).", "https://www.osha.gov/laws-regs/regulations/standardnumber/1910/1910.178"},
	{"Commercial driver's licence, class A", "CDL-A", "State driver licensing agency", "licence", 48, 0, "", "Renewal period set by the issuing state; the DOT medical certificate is tracked separately.", ""},
	{"Registered nurse licence", "RN", "State board of nursing", "licence", 24, 0, "contact hours", "Renewal period and continuing-education hours are set by the issuing state board.", ""},
	{"CPR and first aid", "CPR/AED", "American Red Cross or American Heart Association", "certification", 24, 0, "", "Valid two years.", ""},
}

type refJob struct {
	title, family, level, flsa, eeo string
}

var referenceJobs = []refJob{
	{"HR Coordinator", "People", "P1", "nonexempt", "administrative_support_workers"},
	{"HR Generalist", "People", "P2", "exempt", "professionals"},
	{"Senior HR Generalist", "People", "P3", "exempt", "professionals"},
	{"Principal HR Generalist", "People", "P4", "exempt", "professionals"},
	{"Compensation Specialist", "People", "P3", "exempt", "professionals"},
	{"HR Manager", "People", "M2", "exempt", "first_mid_officials_and_managers"},
	{"Senior HR Manager", "People", "M3", "exempt", "first_mid_officials_and_managers"},
	{"HR Director", "People", "M4", "exempt", "executive_senior_officials_and_managers"},
	{"VP Human Resources", "People", "E1", "exempt", "executive_senior_officials_and_managers"},
	{"Chief Human Resources Officer", "People", "E2", "exempt", "executive_senior_officials_and_managers"},
}

type refRung struct {
	title, summary string
	months         int
	levels         [10]int // the reference competencies in order
	certs          map[string]bool
}

var referenceLadders = []struct {
	name, track, desc string
	rungs             []refRung
}{
	{"HR generalist track", Individual, "The generalist's individual-contributor ladder: from coordinating HR paperwork to being the expert the function relies on.", []refRung{
		{"HR Coordinator", "Keeps records, schedules interviews, prepares onboarding paperwork and answers routine questions.", 18, [10]int{2, 3, 2, 2, 1, 0, 0, 0, 1, 0}, map[string]bool{"aPHR": false}},
		{"HR Generalist", "Screens and hires, completes I-9s, administers leave, handles first complaints and payroll changes.", 30, [10]int{3, 3, 3, 3, 3, 0, 0, 1, 2, 0}, map[string]bool{"PHR": false, "SHRM-CP": false}},
		{"Senior HR Generalist", "Runs complex cases and investigations, advises managers, leads HR projects.", 36, [10]int{4, 4, 4, 4, 4, 2, 2, 2, 3, 2}, map[string]bool{"PHR": false, "SHRM-CP": false}},
		{"Principal HR Generalist", "The function's expert across areas; shapes policy and coaches the team.", 0, [10]int{4, 4, 5, 5, 5, 3, 3, 3, 3, 3}, map[string]bool{"SPHR": false, "SHRM-SCP": false}},
	}},
	{"HR management track", Management, "The HR manager's ladder: from leading a team to leading the people function.", []refRung{
		{"HR Manager", "Sets the hiring plan, directs serious investigations, approves policy, designs pay bands.", 36, [10]int{4, 4, 4, 4, 4, 3, 3, 3, 3, 2}, map[string]bool{"SPHR": false, "SHRM-SCP": false}},
		{"Senior HR Manager", "Leads several HR areas or a large business unit's HR.", 36, [10]int{4, 4, 4, 4, 4, 4, 3, 3, 3, 3}, map[string]bool{"SPHR": false, "SHRM-SCP": false}},
		{"HR Director", "Leads the HR function's managers; owns the total-rewards budget and the people strategy of a division.", 48, [10]int{4, 3, 5, 5, 5, 4, 4, 4, 4, 4}, map[string]bool{"SPHR": false}},
		{"VP Human Resources", "Leads HR for the company with the executive team.", 48, [10]int{4, 3, 5, 5, 5, 5, 5, 5, 4, 5}, nil},
		{"Chief Human Resources Officer", "The executive accountable for the company's people.", 0, [10]int{4, 3, 5, 5, 5, 5, 5, 5, 5, 5}, nil},
	}},
}

var referencePaths = []struct{ from, to, kind, note string }{
	{"Senior HR Generalist", "HR Manager", "track_change", "From the generalist track to management: lead a team."},
	{"Principal HR Generalist", "Senior HR Manager", "track_change", "An expert moving into management."},
	{"HR Generalist", "Compensation Specialist", "lateral", "Specialise in compensation: pay bands, merit and bonus plans."},
	{"Compensation Specialist", "HR Manager", "promotion", "A specialist moving into management."},
}

// ReferenceStore is what installing the reference content needs.
type ReferenceStore interface {
	Store
	SetSetting(ctx context.Context, key, value string) error
	// EnsureJob returns the job of a title, creating it when missing.
	EnsureJob(ctx context.Context, title, family, level, flsa, eeo string, at time.Time) (int64, error)
}

// InstallReference installs the reference content: competencies,
// certifications and the HR ladders, matching existing competencies,
// certifications and ladders by name and jobs by title, creating the
// missing ones, and records the installation in the setting
// KeyReferenceInstalled. Callers install it once (the store claims the
// setting first, so instances starting together install it once; what HR
// edits or removes later stays so). It runs at startup and in the demo.
func InstallReference(ctx context.Context, st ReferenceStore, at time.Time) error {
	comps, err := st.Competencies(ctx)
	if err != nil {
		return err
	}
	compIDs := make([]int64, len(referenceCompetencies))
	for i, c := range referenceCompetencies {
		if j := slices.IndexFunc(comps, func(x Competency) bool { return x.Name == c.name }); j >= 0 {
			compIDs[i] = comps[j].ID
			continue
		}
		if compIDs[i], err = st.SaveCompetency(ctx, Competency{Name: c.name, Kind: c.kind, Category: c.category, Description: c.desc, Levels: c.levels, Active: true, UpdatedAt: at}); err != nil {
			return err
		}
	}
	certs, err := st.Certifications(ctx, date.Of(at))
	if err != nil {
		return err
	}
	certIDs := map[string]int64{}
	for _, c := range referenceCertifications {
		if j := slices.IndexFunc(certs, func(x Certification) bool { return x.Name == c.name }); j >= 0 {
			certIDs[c.abbr] = certs[j].ID
			continue
		}
		id, err := st.SaveCertification(ctx, Certification{Name: c.name, Abbreviation: c.abbr, Issuer: c.issuer, Kind: c.kind, ValidityMonths: c.months, CreditsRequired: c.credits,
			CreditUnit: c.unit, Description: c.desc, URL: c.url, Active: true, UpdatedAt: at})
		if err != nil {
			return err
		}
		certIDs[c.abbr] = id
	}
	jobIDs := map[string]int64{}
	for _, j := range referenceJobs {
		if jobIDs[j.title], err = st.EnsureJob(ctx, j.title, j.family, j.level, j.flsa, j.eeo, at); err != nil {
			return err
		}
	}
	ladders, err := st.Ladders(ctx)
	if err != nil {
		return err
	}
	placed := map[int64]bool{}
	for _, l := range ladders {
		for _, r := range l.Rungs {
			placed[r.JobID] = true
		}
	}
	for _, l := range referenceLadders {
		if slices.ContainsFunc(ladders, func(x Ladder) bool { return x.Name == l.name }) {
			continue
		}
		ld := Ladder{Name: l.name, Family: "People", Track: l.track, Description: l.desc, UpdatedAt: at}
		for _, r := range l.rungs {
			id := jobIDs[r.title]
			if placed[id] {
				continue
			}
			ld.Rungs = append(ld.Rungs, Rung{Position: len(ld.Rungs) + 1, JobID: id, Summary: r.summary, TypicalMonths: r.months})
			var reqs []Requirement
			for k, lv := range r.levels {
				if lv > 0 {
					reqs = append(reqs, Requirement{CompetencyID: compIDs[k], Level: lv})
				}
			}
			if err := st.SetJobCompetencies(ctx, id, reqs); err != nil {
				return err
			}
			var cr []CertRequirement
			for abbr, req := range r.certs {
				cr = append(cr, CertRequirement{CertificationID: certIDs[abbr], Required: req})
			}
			slices.SortFunc(cr, func(a, b CertRequirement) int { return int(a.CertificationID - b.CertificationID) })
			if err := st.SetJobCertifications(ctx, id, cr); err != nil {
				return err
			}
		}
		if _, err := st.SaveLadder(ctx, ld); err != nil {
			return err
		}
	}
	paths, err := st.CareerPaths(ctx)
	if err != nil {
		return err
	}
	for _, p := range referencePaths {
		from, to := jobIDs[p.from], jobIDs[p.to]
		if slices.ContainsFunc(paths, func(x Path) bool { return x.FromJobID == from && x.ToJobID == to }) {
			continue
		}
		if _, err := st.InsertCareerPath(ctx, Path{FromJobID: from, ToJobID: to, Kind: p.kind, Note: p.note}); err != nil {
			return err
		}
	}
	// The compensation specialist's own requirements.
	if p, err := st.JobProfile(ctx, jobIDs["Compensation Specialist"]); err == nil && len(p.Competencies) == 0 {
		if err := st.SetJobCompetencies(ctx, p.JobID, []Requirement{{CompetencyID: compIDs[1], Level: 4}, {CompetencyID: compIDs[4], Level: 3}, {CompetencyID: compIDs[7], Level: 3}, {CompetencyID: compIDs[8], Level: 4}}); err != nil {
			return err
		}
	}
	if err := st.SetSetting(ctx, KeyReferenceInstalled, at.UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return st.AppendAudit(ctx, audit.Entry{At: at, ActorLabel: "Cadre", Action: "careers.reference.install", ObjectType: "careers", Summary: "Installed the reference competencies, certifications and HR ladders"})
}
