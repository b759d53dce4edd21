package hiring

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestZipBombDOCXIsRefused: a small DOCX whose body inflates to 40 MB is
// refused without unpacking it.
func TestZipBombDOCXIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	chunk := []byte(strings.Repeat("a", 1<<20))
	for i := 0; i < 40; i++ {
		_, _ = w.Write(chunk)
	}
	_, _ = w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	_ = zw.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes, not small", buf.Len())
	}
	start := time.Now()
	text, err := ExtractText("application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	if err == nil || text != "" || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("bomb: %q, %v", text[:min(len(text), 40)], err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("unpacking the bomb took %s", time.Since(start))
	}
}

// TestResumeTextIsBounded: a long resume keeps its first 200,000
// characters of text.
func TestResumeTextIsBounded(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`))
	for i := 0; i < 30000; i++ {
		_, _ = w.Write([]byte(`<w:p><w:r><w:t>experience with customers</w:t></w:r></w:p>`))
	}
	_, _ = w.Write([]byte(`</w:body></w:document>`))
	_ = zw.Close()
	text, err := ExtractText("application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	if err != nil || len(text) != maxResumeText {
		t.Fatalf("%d characters, %v", len(text), err)
	}
}
