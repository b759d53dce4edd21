package careers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/work"
)

// Reimbursement statuses of a credential's cost.
var Reimbursements = []string{"none", "requested", "approved", "paid", "denied"}

// CredentialInput records a credential.
type CredentialInput struct {
	CertificationID int64
	Number          string
	IssuedOn        date.Date
	// ExpiresOn defaults to IssuedOn plus the certification's validity.
	ExpiresOn date.Date
	CostCents int64
	// RequestReimbursement asks the company to pay the cost.
	RequestReimbursement bool
	Notes                string
}

// credentials reads an employee's credentials with their derived status
// and credits.
func (s *Service) credentials(ctx context.Context, st Store, employeeID int64) ([]Credential, error) {
	cs, err := st.Credentials(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	trainings, err := st.TrainingRecords(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	for i := range cs {
		cs[i].derive(today)
		credits, err := st.Credits(ctx, cs[i].ID)
		if err != nil {
			return nil, err
		}
		for _, c := range withTraining(cs[i], credits, trainings) {
			cs[i].CreditsEarned += c.Credits
		}
		cs[i].CreditsEarned = hundredths(cs[i].CreditsEarned)
	}
	return cs, nil
}

// withTraining adds to a credential's credit log the training sessions
// the holder attended within its cycle that count toward its
// certification.
func withTraining(c Credential, credits []Credit, ts []TrainingRecord) []Credit {
	out := slices.Clone(credits)
	for _, t := range ts {
		if !t.Attended || t.Credits <= 0 || t.CertificationID != c.CertificationID || t.HeldOn.Before(c.IssuedOn) || (!c.ExpiresOn.IsZero() && t.HeldOn.After(c.ExpiresOn)) {
			continue
		}
		out = append(out, Credit{CredentialID: c.ID, EarnedOn: t.HeldOn, Credits: t.Credits, Activity: t.Title, Category: "Training session", TrainingID: t.TrainingID})
	}
	slices.SortStableFunc(out, func(a, b Credit) int { return b.EarnedOn.Compare(a.EarnedOn) })
	return out
}

// Credentials lists an employee's credentials. Requires careers.view.
func (s *Service) Credentials(ctx context.Context, a access.Actor, employeeID int64) ([]Credential, error) {
	if _, err := s.person(ctx, s.store, a, access.CareerView, employeeID); err != nil {
		return nil, err
	}
	return s.credentials(ctx, s.store, employeeID)
}

// Credential returns a credential with its credit log (training sessions
// included). Requires careers.view over the holder.
func (s *Service) Credential(ctx context.Context, a access.Actor, id int64) (Credential, []Credit, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return c, nil, err
	}
	if _, err := s.person(ctx, s.store, a, access.CareerView, c.EmployeeID); err != nil {
		return c, nil, err
	}
	cs, err := s.credentials(ctx, s.store, c.EmployeeID)
	if err != nil {
		return c, nil, err
	}
	for _, x := range cs {
		if x.ID == id {
			c = x
		}
	}
	credits, err := s.store.Credits(ctx, id)
	if err != nil {
		return c, nil, err
	}
	ts, err := s.store.TrainingRecords(ctx, c.EmployeeID)
	if err != nil {
		return c, nil, err
	}
	return c, nonNil(withTraining(c, credits, ts)), nil
}

// AddCredential records an employee's credential. A new credential of a
// certification they already hold renews the old one. Requires
// careers.credentials.manage over the employee. Errors: KindInvalid,
// KindForbidden, KindNotFound.
func (s *Service) AddCredential(ctx context.Context, a access.Actor, employeeID int64, in CredentialInput) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		p, err := s.person(ctx, st, a, access.CredentialManage, employeeID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		cert, err := st.GetCertification(ctx, in.CertificationID)
		if kit.KindOf(err) == kit.KindNotFound {
			f.Add("certification_id", "Choose a certification or licence from the catalogue")
		} else if err != nil {
			return err
		}
		in.Number = text(f, "number", in.Number, false, 60)
		in.Notes = text(f, "notes", in.Notes, false, 2000)
		today := s.today()
		if in.IssuedOn.IsZero() {
			f.Add("issued_on", "Enter the day it was issued")
		} else if in.IssuedOn.After(today) {
			f.Add("issued_on", "Cannot be in the future")
		}
		if in.ExpiresOn.IsZero() && cert.ValidityMonths > 0 && !in.IssuedOn.IsZero() {
			in.ExpiresOn = in.IssuedOn.AddMonths(cert.ValidityMonths).AddDays(-1)
		}
		if !in.ExpiresOn.IsZero() && !in.IssuedOn.IsZero() && !in.ExpiresOn.After(in.IssuedOn) {
			f.Add("expires_on", "The expiry comes after the issue date")
		}
		if in.CostCents < 0 || in.CostCents > 10_000_00 {
			f.Add("cost", "Enter 0 to 10,000.00")
		}
		if in.RequestReimbursement && in.CostCents == 0 {
			f.Add("cost", "Enter the cost to request its reimbursement")
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		c := Credential{EmployeeID: employeeID, CertificationID: cert.ID, Number: in.Number, IssuedOn: in.IssuedOn, ExpiresOn: in.ExpiresOn,
			CostCents: in.CostCents, Reimbursement: "none", Notes: in.Notes, CreatedAt: now, UpdatedAt: now}
		if in.RequestReimbursement {
			c.Reimbursement = "requested"
		}
		if id, err = st.InsertCredential(ctx, c); err != nil {
			return err
		}
		old, err := st.Credentials(ctx, employeeID)
		if err != nil {
			return err
		}
		for _, o := range old {
			if o.ID != id && o.CertificationID == cert.ID && o.RenewedBy == 0 && o.IssuedOn.Before(c.IssuedOn) {
				o.RenewedBy, o.UpdatedAt = id, now
				if err := st.UpdateCredential(ctx, o); err != nil {
					return err
				}
			}
		}
		return s.record(ctx, st, a, "careers.credential.add", "credential", id, "Recorded "+cert.Name+" for "+p.Name, nil,
			map[string]any{"certification": cert.Name, "issued_on": c.IssuedOn.String(), "expires_on": c.ExpiresOn.String(), "cost_cents": c.CostCents, "reimbursement": c.Reimbursement})
	})
	return id, err
}

// CorrectCredential corrects a credential's number, dates, cost or notes
// (the certification stays: record another credential for another one);
// without an expiry it takes the certification's validity, as when added.
// Requires careers.credentials.manage over the holder; once HR has
// verified it, only careers.credentials.verify corrects it (and the
// verification is cleared, to be done again). Errors: KindInvalid,
// KindForbidden, KindNotFound.
func (s *Service) CorrectCredential(ctx context.Context, a access.Actor, id int64, in CredentialInput) error {
	return s.store.InTx(ctx, func(st Store) error {
		c, p, err := s.credential(ctx, st, a, access.CredentialManage, id)
		if err != nil {
			return err
		}
		if !c.VerifiedAt.IsZero() && !access.Can(a, access.CredentialVerify, p.target()) {
			return kit.Forbidden("a verified credential is corrected by HR")
		}
		f := kit.FieldErrors{}
		in.Number = text(f, "number", in.Number, false, 60)
		in.Notes = text(f, "notes", in.Notes, false, 2000)
		switch {
		case in.IssuedOn.IsZero():
			f.Add("issued_on", "Enter the day it was issued")
		case in.IssuedOn.After(s.today()):
			f.Add("issued_on", "Cannot be in the future")
		}
		cert, err := st.GetCertification(ctx, c.CertificationID)
		if err != nil {
			return err
		}
		if in.ExpiresOn.IsZero() && cert.ValidityMonths > 0 && !in.IssuedOn.IsZero() {
			in.ExpiresOn = in.IssuedOn.AddMonths(cert.ValidityMonths).AddDays(-1)
		}
		if !in.ExpiresOn.IsZero() && !in.IssuedOn.IsZero() && !in.ExpiresOn.After(in.IssuedOn) {
			f.Add("expires_on", "The expiry comes after the issue date")
		}
		if in.CostCents < 0 || in.CostCents > 10_000_00 {
			f.Add("cost", "Enter 0 to 10,000.00")
		}
		if err := f.Err(); err != nil {
			return err
		}
		before := map[string]any{"number": c.Number, "issued_on": c.IssuedOn.String(), "expires_on": c.ExpiresOn.String(), "cost_cents": c.CostCents, "notes": c.Notes}
		c.Number, c.IssuedOn, c.ExpiresOn, c.CostCents, c.Notes, c.UpdatedAt = in.Number, in.IssuedOn, in.ExpiresOn, in.CostCents, in.Notes, s.clock.Now()
		if !c.VerifiedAt.IsZero() {
			c.VerifiedAt, c.VerifiedBy = time.Time{}, 0
		}
		if err := st.UpdateCredential(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.credential.correct", "credential", id, "Corrected "+c.Certification+" of "+p.Name, before,
			map[string]any{"number": c.Number, "issued_on": c.IssuedOn.String(), "expires_on": c.ExpiresOn.String(), "cost_cents": c.CostCents, "notes": c.Notes})
	})
}

// credential loads a credential and checks perm over its holder.
func (s *Service) credential(ctx context.Context, st Store, a access.Actor, perm access.Permission, id int64) (Credential, Person, error) {
	c, err := st.GetCredential(ctx, id)
	if err != nil {
		return c, Person{}, err
	}
	p, err := s.person(ctx, st, a, perm, c.EmployeeID)
	return c, p, err
}

// LogCredit records recertification credits on a credential, earned
// within its cycle. Requires careers.credentials.manage over the holder.
func (s *Service) LogCredit(ctx context.Context, a access.Actor, credentialID int64, x Credit) (int64, error) {
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		c, p, err := s.credential(ctx, st, a, access.CredentialManage, credentialID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		x.Activity = text(f, "activity", x.Activity, true, 200)
		x.Category = text(f, "category", x.Category, false, 100)
		x.Credits = hundredths(x.Credits)
		if x.Credits <= 0 || x.Credits > 200 {
			f.Add("credits", "Enter more than 0 and at most 200 credits")
		}
		switch {
		case x.EarnedOn.IsZero():
			f.Add("earned_on", "Enter the day")
		case x.EarnedOn.After(s.today()):
			f.Add("earned_on", "Cannot be in the future")
		case x.EarnedOn.Before(c.IssuedOn) || (!c.ExpiresOn.IsZero() && x.EarnedOn.After(c.ExpiresOn)):
			f.Add("earned_on", fmt.Sprintf("Credits count within the credential's cycle (%s to %s)", c.IssuedOn, c.ExpiresOn))
		}
		if err := f.Err(); err != nil {
			return err
		}
		x.CredentialID, x.CreatedAt = credentialID, s.clock.Now()
		if id, err = st.InsertCredit(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.credential.credit", "credential", credentialID, fmt.Sprintf("Logged %.2f credits for %s (%s)", x.Credits, p.Name, c.Certification), nil, x)
	})
	return id, err
}

// VerifyCredential records that HR checked a credential with its issuer.
// Requires careers.credentials.verify; nobody verifies their own.
func (s *Service) VerifyCredential(ctx context.Context, a access.Actor, id int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		c, p, err := s.credential(ctx, st, a, access.CredentialVerify, id)
		if err != nil {
			return err
		}
		if c.EmployeeID == a.EmployeeID {
			return kit.Forbidden("nobody verifies their own credential")
		}
		if !c.VerifiedAt.IsZero() {
			return kit.Conflict("the credential is already verified")
		}
		c.VerifiedBy, c.VerifiedAt, c.UpdatedAt = a.UserID, s.clock.Now(), s.clock.Now()
		if err := st.UpdateCredential(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.credential.verify", "credential", id, "Verified "+c.Certification+" of "+p.Name, nil, nil)
	})
}

// SetReimbursement decides a credential's cost reimbursement: approved,
// paid (with the amount) or denied. Requires careers.credentials.verify;
// nobody decides their own.
func (s *Service) SetReimbursement(ctx context.Context, a access.Actor, id int64, status string, amountCents int64) error {
	return s.store.InTx(ctx, func(st Store) error {
		c, p, err := s.credential(ctx, st, a, access.CredentialVerify, id)
		if err != nil {
			return err
		}
		if c.EmployeeID == a.EmployeeID {
			return kit.Forbidden("nobody decides their own reimbursement")
		}
		f := kit.FieldErrors{}
		if !slices.Contains(Reimbursements, status) || status == "none" || status == "requested" {
			f.Add("reimbursement", "Choose approved, paid or denied")
		}
		if status == "paid" && (amountCents <= 0 || amountCents > c.CostCents) {
			f.Add("reimbursed", "Enter the amount paid, up to the cost")
		}
		if err := f.Err(); err != nil {
			return err
		}
		before := map[string]any{"reimbursement": c.Reimbursement, "reimbursed_cents": c.ReimbursedCents}
		c.Reimbursement, c.UpdatedAt = status, s.clock.Now()
		if status == "paid" {
			c.ReimbursedCents = amountCents
		}
		if err := st.UpdateCredential(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.credential.reimbursement", "credential", id, "Reimbursement of "+c.Certification+" for "+p.Name+": "+status, before,
			map[string]any{"reimbursement": c.Reimbursement, "reimbursed_cents": c.ReimbursedCents})
	})
}

// AttachCertificate stores a credential's certificate in the holder's
// employee file (category certification) and links it: a PDF, PNG, JPEG
// or DOCX up to 10 MB, checked by content. Requires
// careers.credentials.manage over the holder. Errors: KindInvalid,
// KindTooLarge.
func (s *Service) AttachCertificate(ctx context.Context, a access.Actor, id int64, filename string, data []byte) error {
	if len(data) > people.MaxDocumentSize {
		return kit.TooLarge("the file is larger than %d MB", people.MaxDocumentSize>>20)
	}
	if len(data) == 0 {
		return kit.Invalid("file", "Choose a file")
	}
	contentType, err := people.SniffDocument(filename, data)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		c, p, err := s.credential(ctx, st, a, access.CredentialManage, id)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		blob, err := st.InsertBlob(ctx, data, sha)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		doc, err := st.InsertCareerDocument(ctx, c.EmployeeID, c.Certification+" certificate", filename, contentType, int64(len(data)), sha, blob, a.UserID, now)
		if err != nil {
			return err
		}
		c.DocumentID, c.UpdatedAt = doc, now
		if err := st.UpdateCredential(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, st, a, "careers.credential.certificate", "credential", id, "Attached the certificate of "+c.Certification+" for "+p.Name, nil, map[string]any{"document_id": doc, "filename": filename})
	})
}

// ComplianceRow is an employee in a job that requires a credential, with
// the state of that credential.
type ComplianceRow struct {
	EmployeeID      int64     `json:"employee_id"`
	Name            string    `json:"name"`
	OrgUnit         string    `json:"org_unit"`
	JobTitle        string    `json:"job_title"`
	CertificationID int64     `json:"certification_id"`
	Certification   string    `json:"certification"`
	CredentialID    int64     `json:"credential_id,omitempty"`
	ExpiresOn       date.Date `json:"expires_on,omitzero"`
	Status          string    `json:"status" enum:"missing,expired,expiring,valid"`
	DaysLeft        int       `json:"days_left,omitempty"`
	OrgPath         string    `json:"-"`
	ManagerChain    []int64   `json:"-"`
	RenewedBy       int64     `json:"-"`
	IssuedOn        date.Date `json:"-"`
}

// Compliance lists the employees in the actor's reach whose job requires
// a credential they lack, hold expired or hold expiring within 90 days
// (all rows when all is set). Requires careers.view (HR in scope, line
// managers their reports).
func (s *Service) Compliance(ctx context.Context, a access.Actor, all bool) ([]ComplianceRow, error) {
	paths, whole := access.ScopePaths(a, access.CareerView)
	reports := a.HasReports && a.EmployeeID != 0
	if !whole && len(paths) == 0 && !reports {
		return nil, access.Require(a, access.CareerView, access.Target{EmployeeID: -1})
	}
	// Line managers read across the company, filtered to their reports.
	var under int64
	if reports {
		under = a.EmployeeID
	}
	rows, err := s.store.RequiredCredentialRows(ctx, paths, whole || reports, under)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []ComplianceRow{}
	for _, r := range rows {
		if !access.Can(a, access.CareerView, access.Target{EmployeeID: r.EmployeeID, OrgPath: r.OrgPath, ManagerChain: r.ManagerChain}) || r.EmployeeID == a.EmployeeID && !a.IsHR() {
			continue
		}
		switch {
		case r.CredentialID == 0:
			r.Status = "missing"
		case !r.ExpiresOn.IsZero() && r.ExpiresOn.Before(today):
			r.Status = "expired"
		case !r.ExpiresOn.IsZero() && !r.ExpiresOn.After(today.AddDays(ExpiringDays)):
			r.Status, r.DaysLeft = "expiring", today.DaysUntil(r.ExpiresOn)
		default:
			r.Status = "valid"
		}
		if r.Status == "valid" && !all {
			continue
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(x, y ComplianceRow) int {
		return slices.Index([]string{"missing", "expired", "expiring", "valid"}, x.Status) - slices.Index([]string{"missing", "expired", "expiring", "valid"}, y.Status)
	})
	return out, nil
}

// Remind sends the expiry reminders due today: 90, 30 and 7 days before
// a current credential expires the holder (and their line manager) are
// told, once per threshold, and the first reminder opens the renewal
// task (owned by the holder; in the development queue when they have no
// account). Run by the jobs engine; returns the reminders sent.
func (s *Service) Remind(ctx context.Context) (int, error) {
	today := s.today()
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		cs, err := st.ExpiringCredentials(ctx, today.AddDays(ReminderDays[0]))
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, c := range cs {
			if c.ExpiresOn.Before(today) {
				continue
			}
			left := today.DaysUntil(c.ExpiresOn)
			// The tightest threshold reached; earlier ones missed (a
			// credential recorded late) are not sent after it.
			days := 0
			for _, d := range ReminderDays {
				if left <= d {
					days = d
				}
			}
			if days == 0 {
				continue
			}
			sent, err := st.ReminderSent(ctx, c.ID, days, c.ExpiresOn)
			if err != nil {
				return err
			}
			if sent {
				continue
			}
			p, err := st.CareerPerson(ctx, c.EmployeeID)
			if err != nil {
				return err
			}
			if !p.Employed {
				continue
			}
			title := fmt.Sprintf("%s expires in %d days", c.Certification, left)
			body := fmt.Sprintf("%s's %s expires on %s.", p.Name, c.Certification, c.ExpiresOn)
			if c.CreditsRequired > 0 {
				credits, err := st.Credits(ctx, c.ID)
				if err != nil {
					return err
				}
				ts, err := st.TrainingRecords(ctx, c.EmployeeID)
				if err != nil {
					return err
				}
				for _, x := range withTraining(c, credits, ts) {
					c.CreditsEarned += x.Credits
				}
				body += fmt.Sprintf(" Recertification credits: %.2f of %.2f.", c.CreditsEarned, c.CreditsRequired)
			}
			for _, u := range []int64{p.UserID, p.ManagerUser} {
				if err := work.Notify(ctx, st, access.System, work.Notification{UserID: u, Kind: "credential_expiring", Title: title, Body: body, Link: fmt.Sprintf("/growth/credentials/%d", c.ID)}, now); err != nil {
					return err
				}
			}
			existing, err := st.ListTasks(ctx, work.TaskFilter{EmployeeID: c.EmployeeID, ObjectType: "credential", ObjectID: c.ID, WholeCompany: true, Limit: 20})
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(existing, func(t work.Task) bool { return t.Rule == "careers.renewal" && t.DueOn == c.ExpiresOn }) {
				why, _ := json.Marshal([]rules.Step{{Text: fmt.Sprintf("The credential expires on %s; renew it no later than that day.", c.ExpiresOn), Citation: c.Certification},
					{Text: "Cadre opens this task at the first reminder, up to 90 days before the expiry.", Citation: "Company practice"}})
				t := work.NewTaskInput{Title: "Renew " + c.Certification + ": " + p.Name, Description: body + " Record the renewed credential in Cadre when it is issued.",
					Kind: "credential", EmployeeID: c.EmployeeID, ObjectType: "credential", ObjectID: c.ID, DueOn: c.ExpiresOn, DueSteps: string(why),
					OwnerUserID: p.UserID, Priority: "normal", Rule: "careers.renewal"}
				if p.UserID == 0 {
					t.QueueKey = "development"
				}
				if days <= 7 {
					t.Priority = "high"
				}
				if _, err := work.CreateTx(ctx, st, access.System, t, now); err != nil {
					return err
				}
			}
			if err := st.InsertReminder(ctx, c.ID, days, c.ExpiresOn, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// TrainingRecords lists the training sessions an employee was invited
// to. Requires careers.view over them.
func (s *Service) TrainingRecords(ctx context.Context, a access.Actor, employeeID int64) ([]TrainingRecord, error) {
	if _, err := s.person(ctx, s.store, a, access.CareerView, employeeID); err != nil {
		return nil, err
	}
	return s.store.TrainingRecords(ctx, employeeID)
}

// ParseCredits reads a credit amount ("1.5").
func ParseCredits(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return hundredths(v), true
}
