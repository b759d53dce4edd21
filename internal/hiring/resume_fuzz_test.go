package hiring

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

func seedPDF(text string) []byte {
	p := fpdf.New("P", "mm", "Letter", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.MultiCell(0, 6, text, "", "L", false)
	var b bytes.Buffer
	_ = p.Output(&b)
	return b.Bytes()
}

func seedDOCX(body string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	_ = zw.Close()
	return b.Bytes()
}

// checkExtracted holds for any bytes: text is bounded, valid UTF-8 from
// a DOCX, single-spaced, and an error comes with no text.
func checkExtracted(t *testing.T, text string, err error) {
	t.Helper()
	if len(text) > maxResumeText {
		t.Fatalf("%d characters of text", len(text))
	}
	if strings.Contains(text, "  ") || strings.TrimSpace(text) != text {
		t.Fatalf("text not single-spaced: %q", text[:min(len(text), 80)])
	}
	if err != nil && text != "" {
		t.Fatalf("text %q with error %v", text[:min(len(text), 80)], err)
	}
}

// FuzzExtractTextPDF: a candidate's PDF, whatever its bytes, never takes
// the upload down (the PDF reader's panics are recovered) and gives
// bounded text.
func FuzzExtractTextPDF(f *testing.F) {
	f.Add(seedPDF("Ada Lovelace\nAnalyst, Engines Ltd\nExperience with customers and numbers."))
	f.Add(seedPDF(""))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Add([]byte("%PDF-"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := ExtractText("application/pdf", data)
		checkExtracted(t, text, err)
	})
}

// FuzzExtractTextDOCX: a DOCX (a zip of XML) never panics, never inflates
// past the limit, and gives bounded UTF-8 text.
func FuzzExtractTextDOCX(f *testing.F) {
	f.Add(seedDOCX(`<w:p><w:r><w:t>Grace Hopper</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> Rear admiral </w:t></w:r></w:p>`))
	f.Add(seedDOCX(`<w:p><w:r><w:t>&lt;script&gt;alert(1)&lt;/script&gt;</w:t></w:r></w:p>`))
	f.Add(seedDOCX(`<w:p>`))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := ExtractText(docxType, data)
		checkExtracted(t, text, err)
		if err == nil && !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 from a DOCX: %q", text[:min(len(text), 80)])
		}
	})
}

// FuzzCheckResume: the upload check refuses what is not a PDF or DOCX by
// its contents, and keeps what is, with or without text.
func FuzzCheckResume(f *testing.F) {
	f.Add("resume.pdf", seedPDF("Alan Turing"))
	f.Add("resume.docx", seedDOCX(`<w:p><w:r><w:t>Alan Turing</w:t></w:r></w:p>`))
	f.Add("resume.pdf", []byte("MZ\x90\x00 an executable"))
	f.Add("resume.docx", []byte("<html><script>alert(1)</script></html>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ct, text, problem := checkResume(name, data)
		if problem != "" {
			if ct != "" || text != "" {
				t.Fatalf("refused with a type %q or text", ct)
			}
			return
		}
		if ct != "application/pdf" && ct != docxType && !strings.Contains(ct, "wordprocessingml") {
			t.Fatalf("kept a %q", ct)
		}
		checkExtracted(t, text, nil)
	})
}
