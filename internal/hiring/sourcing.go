package hiring

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// SourcedCandidate is a candidate a recruiter adds to a requisition: met
// at a job fair, referred by an employee, found on a professional
// network, sent by an agency.
type SourcedCandidate struct {
	GivenName  string
	FamilyName string
	Email      string
	Phone      string
	Source     string // one of Sources except careers_page; default sourced
	Note       string // where they came from, who referred them
	Filename   string // an optional resume
	Resume     []byte
}

// SourcedSources are the sources a recruiter may give (applying on the
// careers page is the candidate's own doing).
var SourcedSources = []string{"sourced", "referral", "agency", "job_board", "internal", "other"}

// SourcingConsent is stored instead of the candidate's consent: they did
// not apply themselves, so the company must tell them it holds their data.
const SourcingConsent = "Added by a recruiter; the candidate did not apply on the careers page. Tell them within a reasonable time that their data is held, and why."

// validateSourced checks one candidate; prefix names the fields (for the
// import's rows it is empty too: rows report field by field).
func validateSourced(in *SourcedCandidate, f kit.FieldErrors) string {
	in.GivenName, in.FamilyName = strings.TrimSpace(in.GivenName), strings.TrimSpace(in.FamilyName)
	in.Email, in.Note, in.Source = strings.ToLower(strings.TrimSpace(in.Email)), strings.TrimSpace(in.Note), strings.TrimSpace(in.Source)
	if in.GivenName == "" || len(in.GivenName) > 100 {
		f.Add("given_name", "Enter the first name (up to 100 characters)")
	}
	if in.FamilyName == "" || len(in.FamilyName) > 100 {
		f.Add("family_name", "Enter the last name (up to 100 characters)")
	}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 200 {
		f.Add("email", "Enter a valid email address, like name@example.com")
	}
	phone := NormalizePhone(in.Phone)
	if in.Phone != "" && (len(phone) < 7 || len(phone) > 15) {
		f.Add("phone", "Enter a phone number with its area code")
	}
	if in.Source == "" {
		in.Source = "sourced"
	}
	if !oneOf(in.Source, SourcedSources) {
		f.Add("source", "Choose where the candidate came from: "+strings.Join(SourcedSources, ", "))
	}
	if len(in.Note) > 1000 {
		f.Add("note", "Keep the note under 1,000 characters")
	}
	return phone
}

// addSourced adds one validated candidate to a requisition in st: the same
// email or phone is the same candidate; one active application per
// candidate and requisition.
func (s *Service) addSourced(ctx context.Context, st Store, a access.Actor, r Requisition, in SourcedCandidate, phone, ctype, text string) (int64, error) {
	now := s.now()
	cand, found, err := st.FindCandidate(ctx, in.Email, phone)
	if err != nil {
		return 0, err
	}
	if !found {
		cand = Candidate{GivenName: in.GivenName, FamilyName: in.FamilyName, Email: in.Email, Phone: phone, Source: in.Source, CreatedAt: now, UpdatedAt: now}
		if cand.ID, err = st.InsertCandidate(ctx, cand); err != nil {
			return 0, err
		}
	} else {
		prior, err := st.ListApplications(ctx, ApplicationFilter{CandidateID: cand.ID, RequisitionID: r.ID})
		if err != nil {
			return 0, err
		}
		for _, p := range prior {
			if p.Status == AppActive || p.Status == AppHired {
				return 0, kit.Conflict("%s is already a candidate for %s (%s)", cand.Name(), r.Number, p.Status)
			}
		}
	}
	var resumeID int64
	if len(in.Resume) > 0 {
		if resumeID, err = st.InsertResume(ctx, Resume{CandidateID: cand.ID, Filename: in.Filename, ContentType: ctype, Size: len(in.Resume), Data: in.Resume, Text: text, CreatedAt: now}); err != nil {
			return 0, err
		}
	}
	app := Application{CandidateID: cand.ID, RequisitionID: r.ID, Stage: StageApplied, Status: AppActive, Source: in.Source, Answers: map[string]string{},
		ResumeID: resumeID, AppliedAt: now, StageChangedAt: now, UpdatedAt: now}
	_, hash := newToken() // the candidate gets a status link only when they apply themselves
	if app.ID, err = st.InsertApplication(ctx, app, hash, "", SourcingConsent); err != nil {
		return 0, err
	}
	note := "Added by " + a.Name + " (" + label(in.Source) + ")"
	if in.Note != "" {
		note += ": " + in.Note
	}
	if err := st.InsertStageEvent(ctx, StageEvent{ApplicationID: app.ID, ToStage: StageApplied, At: now, ByUserID: a.UserID, Note: note}); err != nil {
		return 0, err
	}
	return app.ID, nil
}

// AddCandidate adds a sourced candidate to a requisition. Requires
// hiring.candidates.manage over it. Errors: KindInvalid, KindForbidden,
// KindNotFound, KindConflict (closed requisition, already a candidate).
func (s *Service) AddCandidate(ctx context.Context, a access.Actor, reqID int64, in SourcedCandidate) (int64, error) {
	// Authorization before validation: a caller without the permission
	// learns nothing from the input checks.
	if err := access.RequireHeld(a, access.CandidateManage); err != nil {
		return 0, err
	}
	f := kit.FieldErrors{}
	phone := validateSourced(&in, f)
	var ctype, text string
	if len(in.Resume) > 0 {
		var problem string
		if ctype, text, problem = checkResume(in.Filename, in.Resume); problem != "" {
			f.Add("resume", problem)
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, reqID, access.CandidateManage)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CandidateManage, s.target(ctx, st, r)); err != nil {
			return err
		}
		if r.Status != ReqOpen && r.Status != ReqOnHold {
			return kit.Conflict("%s is %s; candidates are added to an open requisition", r.Number, label(r.Status))
		}
		if id, err = s.addSourced(ctx, st, a, r, in, phone, ctype, text); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.candidate_add", "application", id, fmt.Sprintf("Added %s %s to %s (%s)", in.GivenName, in.FamilyName, r.Number, label(in.Source)), nil, nil)
	})
	return id, err
}

// CandidateColumns are the columns of the candidate import file.
var CandidateColumns = []string{"given_name", "family_name", "email", "phone", "source", "note"}

var candidateRequired = []string{"given_name", "family_name", "email"}

// Import bounds.
const (
	MaxCandidateImportSize = 2 << 20
	MaxCandidateImportRows = 1000
)

// CandidateRow is the outcome of one row of an import.
type CandidateRow struct {
	Line          int
	Email         string
	Errors        kit.FieldErrors
	ApplicationID int64
}

// CandidateImport is the row-by-row report of an import. Nothing is saved
// unless every row is valid (Applied).
type CandidateImport struct {
	Rows       []CandidateRow
	Valid      int
	Invalid    int
	Applied    bool
	FileErrors []string
}

var errImportRollback = fmt.Errorf("import has invalid rows")

// ImportCandidates adds every row of a CSV or XLSX file to a requisition
// in one transaction, or none: rows are checked field by field, for
// duplicates within the file and for candidates already on the
// requisition. Requires hiring.candidates.manage over the requisition.
// Errors: KindForbidden, KindNotFound, KindConflict (closed requisition),
// KindTooLarge, KindInvalid (unreadable file); row problems are in the
// report.
func (s *Service) ImportCandidates(ctx context.Context, a access.Actor, reqID int64, filename string, data []byte) (CandidateImport, error) {
	// Authorization before validation: a caller without the permission
	// learns nothing from the input checks.
	if err := access.RequireHeld(a, access.CandidateManage); err != nil {
		return CandidateImport{}, err
	}
	var rep CandidateImport
	rows, lines, problems, err := kit.ParseTable(filename, data, CandidateColumns, candidateRequired, MaxCandidateImportSize, MaxCandidateImportRows)
	if err != nil {
		return rep, err
	}
	if len(problems) > 0 {
		rep.FileErrors = problems
		return rep, nil
	}
	err = s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, reqID, access.CandidateManage)
		if err != nil {
			return err
		}
		if err := access.Require(a, access.CandidateManage, s.target(ctx, st, r)); err != nil {
			return err
		}
		if r.Status != ReqOpen && r.Status != ReqOnHold {
			return kit.Conflict("%s is %s; candidates are added to an open requisition", r.Number, label(r.Status))
		}
		seen := map[string]int{}
		for i, row := range rows {
			res := CandidateRow{Line: lines[i], Email: strings.ToLower(row["email"]), Errors: kit.FieldErrors{}}
			in := SourcedCandidate{GivenName: row["given_name"], FamilyName: row["family_name"], Email: row["email"], Phone: row["phone"], Source: row["source"], Note: row["note"]}
			phone := validateSourced(&in, res.Errors)
			if row["_extra"] != "" {
				res.Errors.Add("row", row["_extra"])
			}
			if first, dup := seen[in.Email]; dup && in.Email != "" {
				res.Errors.Add("email", fmt.Sprintf("Line %d has the same email", first))
			}
			seen[in.Email] = res.Line
			if len(res.Errors) == 0 {
				id, err := s.addSourced(ctx, st, a, r, in, phone, "", "")
				switch {
				case err == nil:
					res.ApplicationID = id
				case kit.KindOf(err) == kit.KindConflict:
					res.Errors.Add("email", kit.MessageOf(err))
				default:
					return err
				}
			}
			if len(res.Errors) > 0 {
				rep.Invalid++
			} else {
				rep.Valid++
			}
			rep.Rows = append(rep.Rows, res)
		}
		if rep.Invalid > 0 {
			return errImportRollback
		}
		rep.Applied = true
		return s.record(ctx, st, a, "hiring.candidate_import", "requisition", r.ID, fmt.Sprintf("Imported %d sourced candidates into %s from %s", rep.Valid, r.Number, filename), nil, nil)
	})
	if err == errImportRollback {
		for i := range rep.Rows {
			rep.Rows[i].ApplicationID = 0
		}
		return rep, nil
	}
	return rep, err
}
