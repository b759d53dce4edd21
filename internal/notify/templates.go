package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"sort"
	"strings"
	"sync"
	texttemplate "text/template"
)

// Email templates are pairs under templates/: NAME.txt (text/template) and
// NAME.html (html/template, rendered inside layout.html). The text half
// defines the subject:
//
//	{{define "subject"}}Approval needed: {{.Title}}{{end}}
//
// The html half defines "content", and optionally "title" and "footer".

//go:embed templates
var templateFS embed.FS

// Notification is the data of the generic "notification" email: a title,
// paragraphs, and one action link.
type Notification struct {
	Title      string
	Greeting   string   // "Hi Dana," (optional)
	Lines      []string // paragraphs
	ActionText string   // button label; "Open in Cadre" when empty
	ActionURL  string   // absolute URL (optional)
	Footer     string   // why the reader got this email (optional)
}

// Digest is the data of the "digest" email: a list of items needing the
// reader's attention.
type Digest struct {
	Title      string
	Greeting   string
	Intro      string
	Items      []DigestItem
	ActionText string
	ActionURL  string
	Footer     string
}

// DigestItem is one line of a Digest.
type DigestItem struct {
	Title  string
	Detail string
	URL    string
	Due    string // already formatted, such as "Mon 15 Jun"
}

type emailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// loadTemplates parses the embedded templates once, on first use.
var loadTemplates = sync.OnceValues(func() (map[string]emailTemplate, error) {
	return parseTemplates(templateFS)
})

func parseTemplates(fsys fs.FS) (map[string]emailTemplate, error) {
	names, err := fs.Glob(fsys, "templates/*.txt")
	if err != nil {
		return nil, err
	}
	out := map[string]emailTemplate{}
	for _, p := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".txt")
		tt, err := texttemplate.New(name+".txt").Option("missingkey=error").ParseFS(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("email template %s: %w", name, err)
		}
		if tt.Lookup("subject") == nil {
			return nil, fmt.Errorf("email template %s: the text half must define \"subject\"", name)
		}
		ht, err := htmltemplate.New("layout.html").Option("missingkey=error").
			ParseFS(fsys, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("email template %s: %w", name, err)
		}
		out[name] = emailTemplate{text: tt, html: ht}
	}
	return out, nil
}

// TemplateNames lists the embedded email templates.
func TemplateNames() []string {
	ts, _ := loadTemplates()
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// RenderEmail renders the email template name ("notification", "digest",
// …) with data and returns its subject, text body and HTML body.
func RenderEmail(name string, data any) (subject, text, html string, err error) {
	ts, err := loadTemplates()
	if err != nil {
		return "", "", "", err
	}
	t, ok := ts[name]
	if !ok {
		return "", "", "", fmt.Errorf("render email: no template %q", name)
	}
	var b bytes.Buffer
	if err := t.text.ExecuteTemplate(&b, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("render email %s subject: %w", name, err)
	}
	subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err := t.text.Execute(&b, data); err != nil {
		return "", "", "", fmt.Errorf("render email %s text: %w", name, err)
	}
	text = tidyText(b.String())
	b.Reset()
	if err := t.html.ExecuteTemplate(&b, "layout", data); err != nil {
		return "", "", "", fmt.Errorf("render email %s html: %w", name, err)
	}
	return subject, text, b.String(), nil
}

// tidyText trims trailing spaces on each line and blank lines at both ends.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n") + "\n"
}
