package people

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// HoursInput is one imported hours-of-service entry.
type HoursInput struct {
	From        date.Date
	To          date.Date
	HoursWorked float64
}

// PutHours records imported hours of service (FLSA hours actually worked)
// for date ranges. Entries replace any earlier entries that overlap their
// range, so re-importing a period is safe. Requires people.hours.import.
// Errors: KindInvalid (per entry), KindForbidden, KindNotFound.
func (s *Service) PutHours(ctx context.Context, a access.Actor, id int64, entries []HoursInput) error {
	return s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.HoursImport, id); err != nil {
			return err
		}
		e, err := st.GetEmployee(ctx, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if len(entries) == 0 {
			f.Add("entries", "Add at least one entry")
		}
		if len(entries) > 5000 {
			f.Add("entries", "Send at most 5,000 entries at once")
		}
		rows := make([]HoursEntry, 0, len(entries))
		for i, in := range entries {
			p := fmt.Sprintf("entries[%d].", i)
			requireDate(f, p+"from", in.From)
			requireDate(f, p+"to", in.To)
			if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
				f.Add(p+"to", "Must be on or after from")
			}
			days := in.From.DaysUntil(in.To) + 1
			switch {
			case in.HoursWorked < 0:
				f.Add(p+"hours_worked", "Cannot be negative")
			case days > 0 && in.HoursWorked > float64(days)*24:
				f.Add(p+"hours_worked", "Is more than the hours in the date range")
			}
			if !in.From.IsZero() && in.From.Before(e.OriginalHireDate) {
				f.Add(p+"from", "Is before the employee's first hire date ("+e.OriginalHireDate.String()+")")
			}
			rows = append(rows, HoursEntry{EmployeeID: id, From: in.From, To: in.To, HoursCenti: int64(in.HoursWorked*100 + 0.5), CreatedAt: s.clock.Now()})
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].From.Before(rows[j].From) })
		for i := 1; i < len(rows); i++ {
			if !rows[i].From.After(rows[i-1].To) {
				f.Add("entries", "Entries overlap each other ("+rows[i-1].From.String()+" to "+rows[i-1].To.String()+" and "+rows[i].From.String()+")")
				break
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := st.ReplaceHours(ctx, id, rows); err != nil {
			return err
		}
		var total int64
		for _, r := range rows {
			total += r.HoursCenti
		}
		return s.record(ctx, st, a, "employee.hours_import", "employee", id,
			fmt.Sprintf("Imported %d hours-of-service entries (%.2f hours) for %s", len(rows), float64(total)/100, e.Name()), nil, nil)
	})
}

// ListHours returns imported hours, oldest first. Requires
// people.hours.view. Errors: KindForbidden, KindNotFound.
func (s *Service) ListHours(ctx context.Context, a access.Actor, id int64) ([]HoursEntry, error) {
	if err := s.require(ctx, s.store, a, access.HoursView, id); err != nil {
		return nil, err
	}
	return s.store.ListHours(ctx, id)
}

// ContactInput adds an emergency contact.
type ContactInput struct {
	Name         string
	Relationship string
	Phone        string
	Email        string
	Primary      bool
}

// AddContact adds an emergency contact. Requires people.contacts.edit
// (employees may edit their own). Errors: KindInvalid, KindForbidden.
func (s *Service) AddContact(ctx context.Context, a access.Actor, id int64, in ContactInput) (int64, error) {
	var cid int64
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.ContactsEdit, id); err != nil {
			return err
		}
		f := kit.FieldErrors{}
		in.Name = cleanText(f, "name", in.Name, true, 120)
		in.Relationship = cleanText(f, "relationship", in.Relationship, true, 60)
		in.Phone = cleanText(f, "phone", in.Phone, true, 40)
		in.Email = cleanEmail(f, "email", in.Email, false)
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		cid, err = st.InsertContact(ctx, EmergencyContact{EmployeeID: id, Name: in.Name, Relationship: in.Relationship, Phone: in.Phone, Email: in.Email, Primary: in.Primary})
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.contact_add", "employee", id, "Added emergency contact "+in.Name, nil, in)
	})
	return cid, err
}

// RemoveContact deletes an emergency contact. Requires
// people.contacts.edit. Errors: KindForbidden, KindNotFound.
func (s *Service) RemoveContact(ctx context.Context, a access.Actor, id, contactID int64) error {
	return s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.ContactsEdit, id); err != nil {
			return err
		}
		if err := st.DeleteContact(ctx, id, contactID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.contact_remove", "employee", id, fmt.Sprintf("Removed emergency contact %d", contactID), nil, nil)
	})
}

// ListContacts returns emergency contacts. Requires people.personal.view.
// Errors: KindForbidden, KindNotFound.
func (s *Service) ListContacts(ctx context.Context, a access.Actor, id int64) ([]EmergencyContact, error) {
	if err := s.require(ctx, s.store, a, access.PersonalView, id); err != nil {
		return nil, err
	}
	return s.store.ListContacts(ctx, id)
}

// MaxDocumentSize is the largest upload accepted.
const MaxDocumentSize = 10 << 20

// allowed document types: the sniffed type must agree with the extension.
var docTypes = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// SniffDocument returns the content type of data when it is a PDF, PNG,
// JPEG or DOCX whose bytes agree with the file name's extension.
func SniffDocument(filename string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(filename))
	want, ok := docTypes[ext]
	if !ok {
		return "", kit.Invalid("file", "Upload a PDF, PNG, JPEG or DOCX file")
	}
	var got string
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		got = "application/pdf"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		got = "image/png"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		got = "image/jpeg"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if isDocx(data) {
			got = docTypes[".docx"]
		}
	}
	if got != want {
		return "", kit.Invalid("file", "The file's contents do not match its "+ext+" extension")
	}
	return got, nil
}

func isDocx(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	var ct, doc bool
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			ct = true
		case "word/document.xml":
			doc = true
		}
	}
	return ct && doc
}

// DocumentInput is an upload.
type DocumentInput struct {
	Category string
	Title    string
	Filename string
	Data     []byte
}

// UploadDocument stores a document in the employee file. Size and type are
// checked by content, not by the name alone. Requires
// people.documents.upload. Errors: KindInvalid, KindTooLarge,
// KindForbidden, KindNotFound.
func (s *Service) UploadDocument(ctx context.Context, a access.Actor, id int64, in DocumentInput) (int64, error) {
	if len(in.Data) > MaxDocumentSize {
		return 0, kit.TooLarge("the file is larger than %d MB", MaxDocumentSize>>20)
	}
	var docID int64
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.DocumentUpload, id); err != nil {
			return err
		}
		f := kit.FieldErrors{}
		in.Category = oneOf(f, "category", in.Category, DocumentCategories)
		in.Filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(in.Filename), `\`, "/"))
		in.Filename = cleanText(f, "file", in.Filename, true, 200)
		if in.Title == "" {
			in.Title = strings.TrimSuffix(in.Filename, filepath.Ext(in.Filename))
		}
		in.Title = cleanText(f, "title", in.Title, true, 200)
		if len(in.Data) == 0 {
			f.Add("file", "Choose a file to upload")
		}
		ct := ""
		if !f.Has("file") {
			var err error
			if ct, err = SniffDocument(in.Filename, in.Data); err != nil {
				f.Add("file", kit.FieldsOf(err)["file"])
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		sum := sha256.Sum256(in.Data)
		sha := hex.EncodeToString(sum[:])
		blobID, err := st.InsertBlob(ctx, in.Data, sha)
		if err != nil {
			return err
		}
		docID, err = st.InsertDocument(ctx, Document{EmployeeID: id, Category: in.Category, Title: in.Title, Filename: in.Filename, ContentType: ct, Size: int64(len(in.Data)), SHA256: sha, BlobID: blobID, UploadedBy: a.UserID, CreatedAt: s.clock.Now()})
		if err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.document_upload", "document", docID, "Uploaded "+in.Filename+" to the employee file", nil, map[string]any{"employee_id": id, "category": in.Category, "size": len(in.Data), "sha256": sha})
	})
	return docID, err
}

// ListDocuments returns the employee file. Requires
// people.documents.view. Errors: KindForbidden, KindNotFound.
func (s *Service) ListDocuments(ctx context.Context, a access.Actor, id int64) ([]Document, error) {
	if err := s.require(ctx, s.store, a, access.DocumentView, id); err != nil {
		return nil, err
	}
	return s.store.ListDocuments(ctx, id)
}

// OpenDocument returns a document and its bytes; the download is audited.
// Requires people.documents.view. Errors: KindForbidden, KindNotFound.
func (s *Service) OpenDocument(ctx context.Context, a access.Actor, id, docID int64) (Document, []byte, error) {
	var d Document
	var data []byte
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.DocumentView, id); err != nil {
			return err
		}
		var err error
		if d, err = st.GetDocument(ctx, id, docID); err != nil {
			return err
		}
		if !d.PurgedAt.IsZero() {
			return kit.Conflict("the file was purged on %s after its retention period", d.PurgedAt.Format("2006-01-02"))
		}
		if data, err = st.GetBlob(ctx, d.BlobID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.document_download", "document", docID, "Downloaded "+d.Filename, nil, nil)
	})
	return d, data, err
}

// SensitiveValues are decrypted sensitive fields.
type SensitiveValues struct {
	SSN       string
	BirthDate string
	Bank      string
}

// RevealSensitive decrypts SSN, date of birth and bank details. Each
// reveal is audited. Requires people.sensitive.view. Errors: KindForbidden,
// KindNotFound.
func (s *Service) RevealSensitive(ctx context.Context, a access.Actor, id int64) (SensitiveValues, error) {
	var v SensitiveValues
	err := s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.SensitiveView, id); err != nil {
			return err
		}
		sens, err := st.GetSensitive(ctx, id)
		if err != nil {
			return err
		}
		for _, x := range []struct {
			in  []byte
			out *string
		}{{sens.SSN, &v.SSN}, {sens.BirthDate, &v.BirthDate}, {sens.Bank, &v.Bank}} {
			b, err := s.sealer.Open(x.in)
			if err != nil {
				return err
			}
			*x.out = string(b)
		}
		return s.record(ctx, st, a, "employee.sensitive_view", "employee", id, "Viewed SSN, date of birth and bank details", nil, nil)
	})
	return v, err
}

// SensitiveInput sets sensitive fields; nil leaves a field unchanged and
// an empty string clears it.
type SensitiveInput struct {
	SSN       *string
	BirthDate *string
	Bank      *string
}

// SetSensitive records SSN, date of birth and bank details, encrypted at
// rest. Requires people.sensitive.edit. Errors: KindInvalid, KindForbidden.
func (s *Service) SetSensitive(ctx context.Context, a access.Actor, id int64, in SensitiveInput) error {
	return s.inTx(ctx, func(st Store) error {
		if err := s.require(ctx, st, a, access.SensitiveEdit, id); err != nil {
			return err
		}
		cur, err := st.GetSensitive(ctx, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		var changed []string
		if in.SSN != nil {
			ssn := normalizeSSN(f, *in.SSN)
			if cur.SSN, err = s.sealer.Seal([]byte(ssn)); err != nil {
				return err
			}
			cur.SSNLast4 = ""
			if ssn != "" {
				cur.SSNLast4 = ssn[len(ssn)-4:]
			}
			changed = append(changed, "ssn")
		}
		if in.BirthDate != nil {
			var b []byte
			if *in.BirthDate != "" {
				d, err := date.Parse(*in.BirthDate)
				if err != nil || d.After(s.Today().AddYears(-14)) || d.Year() < 1900 {
					f.Add("birth_date", "Enter a plausible date of birth (YYYY-MM-DD)")
				}
				b = []byte(d.String())
			}
			if cur.BirthDate, err = s.sealer.Seal(b); err != nil {
				return err
			}
			changed = append(changed, "birth_date")
		}
		if in.Bank != nil {
			bank := cleanText(f, "bank", *in.Bank, false, 120)
			if cur.Bank, err = s.sealer.Seal([]byte(bank)); err != nil {
				return err
			}
			changed = append(changed, "bank")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := st.SetSensitive(ctx, id, cur); err != nil {
			return err
		}
		return s.record(ctx, st, a, "employee.sensitive_update", "employee", id, "Updated "+strings.Join(changed, ", "), nil, nil)
	})
}
