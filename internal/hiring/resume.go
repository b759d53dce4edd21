package hiring

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"

	"github.com/cadrehq/cadre/internal/people"
)

// maxResumeText bounds the text kept from one resume, and maxUnzipped how
// much a DOCX may inflate to (a zip bomb stops there).
const (
	maxResumeText = 200_000
	maxUnzipped   = 20 << 20
)

// ErrUnpackedTooLarge is a DOCX that inflates past maxUnzipped: a zip
// bomb, or a document no resume needs to be. It is refused.
var ErrUnpackedTooLarge = errors.New("the document is too large once unpacked")

// checkResume checks an uploaded resume and reads its text: it must be a
// PDF or DOCX by its contents, at most MaxResumeSize, and a DOCX must not
// inflate past the limit. A file whose text cannot be read is kept, with
// no text. It returns the content type, the text, and the message for
// the resume field when refused.
func checkResume(filename string, data []byte) (ctype, text, problem string) {
	if len(data) > MaxResumeSize {
		return "", "", "The resume is larger than 5 MB"
	}
	ct, err := people.SniffDocument(filename, data)
	if err != nil || (ct != "application/pdf" && !strings.Contains(ct, "wordprocessingml")) {
		return "", "", "Attach a PDF or DOCX file whose contents match its name"
	}
	text, err = ExtractText(ct, data)
	if errors.Is(err, ErrUnpackedTooLarge) {
		return "", "", "This document unpacks to more than 20 MB; save it again or attach a PDF"
	}
	return ct, text, ""
}

// ExtractText returns a resume's plain text (PDF or DOCX). A file that
// cannot be read gives an error and no text; the upload itself is kept.
func ExtractText(contentType string, data []byte) (text string, err error) {
	switch {
	case contentType == "application/pdf":
		text, err = pdfText(data)
	case strings.Contains(contentType, "wordprocessingml"):
		text, err = docxText(data)
	default:
		return "", fmt.Errorf("no text from %s", contentType)
	}
	if err != nil {
		// A damaged file (a bad checksum, a broken body) gives no text:
		// what was read before the damage may be anything.
		return "", err
	}
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > maxResumeText {
		// Cut on a character boundary: the text is stored as UTF-8.
		cut := maxResumeText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return text, err
}

func pdfText(data []byte) (text string, err error) {
	// The PDF reader panics on some malformed files; a bad upload must
	// not take the request down.
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("unreadable PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage() && b.Len() < maxResumeText; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			continue
		}
		for _, row := range rows {
			for _, w := range row.Content {
				b.WriteString(w.S)
			}
			b.WriteByte('\n')
		}
	}
	return b.String(), nil
}

func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		if f.UncompressedSize64 > maxUnzipped {
			return "", ErrUnpackedTooLarge
		}
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		defer rc.Close()
		return wordText(io.LimitReader(rc, maxUnzipped))
	}
	return "", errors.New("no document body")
}

// wordText reads the text runs (w:t) of a WordprocessingML body, with a
// space at each tab and a newline at each paragraph end.
func wordText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte(' ')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		if b.Len() > maxResumeText {
			return b.String(), nil
		}
	}
}
