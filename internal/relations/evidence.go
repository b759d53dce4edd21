package relations

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// MaxEvidenceSize bounds one evidence upload.
const MaxEvidenceSize = 10 << 20

// sniff names the content type of an evidence file from its first bytes
// (the kinds accepted as evidence), or "" for anything else.
func sniff(b []byte) string {
	has := func(at int, sig string) bool { return len(b) >= at+len(sig) && string(b[at:at+len(sig)]) == sig }
	switch {
	case has(0, "%PDF-"):
		return "application/pdf"
	case has(0, "\x89PNG\r\n\x1a\n"):
		return "image/png"
	case has(0, "\xff\xd8\xff"):
		return "image/jpeg"
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return "image/gif"
	case has(0, "RIFF") && has(8, "WEBP"):
		return "image/webp"
	case has(0, "RIFF") && has(8, "WAVE"):
		return "audio/wave"
	case has(0, "ID3"), len(b) > 1 && b[0] == 0xff && b[1]&0xe0 == 0xe0:
		return "audio/mpeg"
	case has(4, "ftyp"):
		return "video/mp4"
	case has(0, "PK\x03\x04"):
		return "application/zip" // DOCX, XLSX and other Office files
	}
	head := b[:min(len(b), 4096)]
	if !bytes.ContainsRune(head, 0) && utf8.Valid(trimPartialRune(head)) {
		return "text/plain; charset=utf-8" // emails, chat exports, notes
	}
	return ""
}

// trimPartialRune drops a rune cut by the 4 KB window.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return b
}

// EvidenceInput is an upload.
type EvidenceInput struct {
	Title       string
	Description string
	Filename    string
	Data        []byte
}

// AddEvidence stores a file on a case. The bytes are sealed at rest; the
// SHA-256 of the original, who added it and when start its chain of
// custody, and every download is logged and re-checked against the hash.
// Size and type are checked by content. Requires working the case.
// Errors: KindInvalid, KindTooLarge, KindForbidden, KindNotFound,
// KindConflict.
func (s *Service) AddEvidence(ctx context.Context, a access.Actor, id int64, in EvidenceInput) (int64, error) {
	if len(in.Data) > MaxEvidenceSize {
		return 0, kit.TooLarge("the file is larger than %d MB", MaxEvidenceSize>>20)
	}
	var eid int64
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.working(ctx, st, a, id)
		if err != nil {
			return err
		}
		f := kit.FieldErrors{}
		in.Filename = filepath.Base(strings.ReplaceAll(strings.TrimSpace(in.Filename), `\`, "/"))
		in.Filename = clean(f, "file", in.Filename, true, 200)
		if in.Title == "" {
			in.Title = strings.TrimSuffix(in.Filename, filepath.Ext(in.Filename))
		}
		in.Title = clean(f, "title", in.Title, true, 200)
		in.Description = clean(f, "description", in.Description, false, 4000)
		ct := ""
		if len(in.Data) == 0 {
			f.Add("file", "Choose a file to upload")
		} else {
			if ct = sniff(in.Data); ct == "" {
				f.Add("file", "Upload a PDF, image, plain text, audio, MP4 video or an Office document; this file's type is not accepted")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		sum := sha256.Sum256(in.Data)
		sha := hex.EncodeToString(sum[:])
		sealed, err := s.sealer.Seal(in.Data)
		if err != nil {
			return err
		}
		sealedSum := sha256.Sum256(sealed)
		blob, err := st.InsertBlob(ctx, sealed, hex.EncodeToString(sealedSum[:]))
		if err != nil {
			return err
		}
		ev := SealedEvidence{Evidence: Evidence{CaseID: id, ContentType: ct, Size: int64(len(in.Data)), SHA256: sha, BlobID: blob, AddedBy: a.UserID, AddedAt: s.now()}}
		if ev.TitleS, err = s.seal(in.Title); err != nil {
			return err
		}
		if ev.FilenameS, err = s.seal(in.Filename); err != nil {
			return err
		}
		if ev.DescriptionS, err = s.seal(in.Description); err != nil {
			return err
		}
		if eid, err = st.InsertEvidence(ctx, ev); err != nil {
			return err
		}
		return s.record(ctx, st, a, "er_case.evidence_add", "er_case", id, fmt.Sprintf("Added evidence E%d to case %s (SHA-256 %s…)", eid, v.c.Number(), sha[:12]),
			map[string]any{"evidence_id": eid, "sha256": sha, "size": len(in.Data), "content_type": ct})
	})
	return eid, err
}

func (s *Service) evidence(ctx context.Context, st Store, id int64) ([]Evidence, error) {
	rows, err := st.ListEvidence(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Evidence, 0, len(rows))
	for _, r := range rows {
		e, err := s.openEvidence(r)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Service) openEvidence(r SealedEvidence) (Evidence, error) {
	e := r.Evidence
	var err error
	if e.Title, err = s.open(r.TitleS); err != nil {
		return e, err
	}
	if e.Filename, err = s.open(r.FilenameS); err != nil {
		return e, err
	}
	e.Description, err = s.open(r.DescriptionS)
	return e, err
}

// OpenEvidence returns an evidence file, after checking its bytes still
// match the hash taken when it was added; the download is logged on the
// case. Requires seeing the case. Errors: KindNotFound, KindConflict (the
// file no longer matches its hash).
func (s *Service) OpenEvidence(ctx context.Context, a access.Actor, id, evID int64) (Evidence, []byte, error) {
	var ev Evidence
	var data []byte
	err := s.store.InTx(ctx, func(st Store) error {
		v, err := s.load(ctx, st, a, id)
		if err != nil {
			return err
		}
		r, err := st.GetEvidence(ctx, id, evID)
		if err != nil {
			return err
		}
		if ev, err = s.openEvidence(r); err != nil {
			return err
		}
		sealed, err := st.GetBlob(ctx, ev.BlobID)
		if err != nil {
			return err
		}
		if data, err = s.sealer.Open(sealed); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != ev.SHA256 {
			return kit.Conflict("evidence E%d no longer matches the hash taken when it was added; it may have been tampered with", evID)
		}
		return s.record(ctx, st, a, "er_case.evidence_download", "er_case", id, fmt.Sprintf("Downloaded evidence E%d of case %s (hash verified)", evID, v.c.Number()),
			map[string]any{"evidence_id": evID, "sha256": ev.SHA256})
	})
	return ev, data, err
}
