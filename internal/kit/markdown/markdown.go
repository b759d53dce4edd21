// Package markdown renders user-written Markdown (job descriptions,
// postings, policies) into sanitised HTML. It sits apart from kit, which
// has no dependencies, because it needs goldmark and bluemonday.
package markdown

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	// sanitizer allows what a document needs: text formatting, lists,
	// headings, tables and links.
	sanitizer = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	}()
)

// Render turns Markdown into sanitised HTML.
func Render(src string) template.HTML {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(sanitizer.SanitizeBytes(b.Bytes())) // #nosec: sanitised above
}

// Plain is the text without markup, on one line (feeds and search).
func Plain(src string) string {
	s := bluemonday.StrictPolicy().Sanitize(string(Render(src)))
	return strings.Join(strings.Fields(template.HTMLEscapeString(s)), " ")
}
