package benefits

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// Document kinds: a carrier's contract, a plan's documents (summary of
// benefits and coverage, summary plan description), a renewal quote's
// file, other.
var DocumentKinds = []string{"contract", "plan_document", "quote", "other"}

// DocumentKindLabel names a document kind.
func DocumentKindLabel(k string) string {
	switch k {
	case "contract":
		return "Contract"
	case "plan_document":
		return "Plan document (SBC, SPD)"
	case "quote":
		return "Renewal quote"
	}
	return "Other"
}

// Document is a file about a carrier or one of its plans.
type Document struct {
	ID          int64     `json:"id"`
	CarrierID   int64     `json:"carrier_id"`
	PlanID      int64     `json:"plan_id,omitempty"`
	Kind        string    `json:"kind" enum:"contract,plan_document,quote,other"`
	Title       string    `json:"title"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	BlobID      int64     `json:"-"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// KindLabel names the document's kind.
func (d Document) KindLabel() string { return DocumentKindLabel(d.Kind) }

// DocumentInput uploads a document.
type DocumentInput struct {
	PlanID   int64
	Kind     string
	Title    string
	Filename string
	Data     []byte
}

// AddDocument stores a contract, plan document or other file on a
// carrier (and optionally one of its plans). Size and type are checked by
// content. Requires benefits.design. Errors: KindInvalid, KindTooLarge,
// KindForbidden, KindNotFound.
func (s *Service) AddDocument(ctx context.Context, a access.Actor, carrierID int64, in DocumentInput) (int64, error) {
	if err := design(a); err != nil {
		return 0, err
	}
	if len(in.Data) > people.MaxDocumentSize {
		return 0, kit.TooLarge("the file is larger than %d MB", people.MaxDocumentSize>>20)
	}
	var id int64
	err := s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetBenefitCarrier(ctx, carrierID)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		if !slices.Contains(DocumentKinds, in.Kind) {
			f.Add("kind", "Choose contract, plan document, renewal quote or other")
		}
		if in.PlanID != 0 {
			if p, err := st.GetBenefitPlan(ctx, in.PlanID); err != nil || p.CarrierID != carrierID {
				f.Add("plan_id", "Choose one of this carrier's plans")
			}
		} else if in.Kind == "plan_document" {
			f.Add("plan_id", "Choose the plan the document describes")
		}
		in.Filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(in.Filename), `\\`, "/"))
		if len(in.Data) == 0 || in.Filename == "" || in.Filename == "." {
			f.Add("file", "Choose a file to upload")
		} else if len(in.Filename) > 200 {
			f.Add("file", "Use a file name of at most 200 characters")
		}
		if in.Title = strings.TrimSpace(in.Title); in.Title == "" {
			in.Title = strings.TrimSuffix(in.Filename, filepath.Ext(in.Filename))
		}
		if len(in.Title) > 200 {
			f.Add("title", "Use at most 200 characters")
		}
		ct := ""
		if !f.Has("file") {
			var err error
			if ct, err = people.SniffDocument(in.Filename, in.Data); err != nil {
				f.Add("file", kit.FieldsOf(err)["file"])
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		sum := sha256.Sum256(in.Data)
		sha := hex.EncodeToString(sum[:])
		blob, err := st.InsertBlob(ctx, in.Data, sha)
		if err != nil {
			return err
		}
		d := Document{CarrierID: carrierID, PlanID: in.PlanID, Kind: in.Kind, Title: in.Title, Filename: in.Filename, ContentType: ct, Size: int64(len(in.Data)), SHA256: sha, BlobID: blob, UploadedBy: a.UserID, CreatedAt: s.clock.Now()}
		if id, err = st.InsertBenefitDocument(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.document.add", "benefit_carrier", carrierID, fmt.Sprintf("Added %s %q to %s", strings.ToLower(d.KindLabel()), d.Title, c.Name), nil,
			map[string]any{"document_id": id, "plan_id": in.PlanID, "size": d.Size, "sha256": sha})
	})
	return id, err
}

// Documents lists a carrier's documents (carrierID) or a plan's
// (planID). HR with benefits.admin or benefits.design reads them all;
// employees read plan documents only.
func (s *Service) Documents(ctx context.Context, a access.Actor, carrierID, planID int64) ([]Document, error) {
	hr := access.CanAnywhere(a, access.BenefitsAdmin) || access.CanAnywhere(a, access.BenefitsDesign)
	if !hr && a.EmployeeID == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	ds, err := s.store.BenefitDocuments(ctx, carrierID, planID)
	if err != nil || hr {
		return ds, err
	}
	out := ds[:0]
	for _, d := range ds {
		if d.Kind == "plan_document" {
			out = append(out, d)
		}
	}
	return out, nil
}

// OpenDocument returns a document's content; every download is audited.
// Plan documents are open to employees, the rest to HR with
// benefits.admin or benefits.design. Errors: KindForbidden, KindNotFound.
func (s *Service) OpenDocument(ctx context.Context, a access.Actor, id int64) (Document, []byte, error) {
	var d Document
	var data []byte
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if d, err = st.GetBenefitDocument(ctx, id); err != nil {
			return err
		}
		hr := access.CanAnywhere(a, access.BenefitsAdmin) || access.CanAnywhere(a, access.BenefitsDesign)
		if !hr && (a.EmployeeID == 0 || d.Kind != "plan_document") {
			return kit.NotFound("document")
		}
		if data, err = st.GetBlob(ctx, d.BlobID); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.document.download", "benefit_carrier", d.CarrierID, "Downloaded "+d.Filename, nil, map[string]any{"document_id": id})
	})
	return d, data, err
}
