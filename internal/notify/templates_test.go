package notify_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/notify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCases render every embedded template with representative data.
var goldenCases = []struct {
	file, template string
	data           any
}{
	{"notification", "notification", notify.Notification{
		Title:      "Approval needed: requisition R-104",
		Greeting:   "Hi Sam,",
		Lines:      []string{"Dana Reyes asks you to approve a Senior Platform Engineer requisition for Engineering.", "The hiring plan has budget for this role & it is due by 15 June."},
		ActionText: "Review the requisition",
		ActionURL:  "https://cadre.example.com/approvals/88",
		Footer:     "You get this email because you approve requisitions for Engineering.",
	}},
	{"notification_minimal", "notification", notify.Notification{
		Title: "Your password was changed",
		Lines: []string{"If this was not you, contact your administrator."},
	}},
	{"digest", "digest", notify.Digest{
		Title:    "Your Cadre digest",
		Greeting: "Good morning Sam,",
		Intro:    "These need your attention today.",
		Items: []notify.DigestItem{
			{Title: "I-9 section 2 for Avery Chen", Detail: "Start date 12 June", URL: "https://cadre.example.com/tasks/17", Due: "Mon 15 Jun"},
			{Title: "Approve offer for <Jordan> Lee", URL: "https://cadre.example.com/approvals/91"},
			{Title: "FMLA notice for case 2026-031", Detail: "Eligibility notice", Due: "Wed 17 Jun"},
		},
		ActionText: "Open my queue",
		ActionURL:  "https://cadre.example.com/",
		Footer:     "Daily digest. Change how often you get it in your settings.",
	}},
	{"digest_empty", "digest", notify.Digest{Title: "Your Cadre digest"}},
}

func TestEmailTemplatesGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.file, func(t *testing.T) {
			subject, text, html, err := notify.RenderEmail(c.template, c.data)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.file+".txt", "Subject: "+subject+"\n\n"+text)
			golden(t, c.file+".html", html)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/notify -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestRenderEmailEscapesAndSanitises(t *testing.T) {
	subject, text, html, err := notify.RenderEmail("notification", notify.Notification{
		Title:     "Hello\r\nBcc: evil@example.com",
		Lines:     []string{`<script>alert(1)</script>`},
		ActionURL: "javascript:alert(1)",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(subject, "\r\n") {
		t.Errorf("subject %q spans lines", subject)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, `href="javascript:`) {
		t.Errorf("html not escaped:\n%s", html)
	}
	if !strings.Contains(text, "<script>") {
		t.Errorf("text body should keep the literal text:\n%s", text)
	}
}

func TestRenderEmailErrors(t *testing.T) {
	if _, _, _, err := notify.RenderEmail("no-such", nil); err == nil {
		t.Error("unknown template: want an error")
	}
	if _, _, _, err := notify.RenderEmail("notification", struct{ Other string }{}); err == nil {
		t.Error("wrong data: want an error")
	}
	if got := notify.TemplateNames(); strings.Join(got, ",") != "digest,notification" {
		t.Errorf("TemplateNames = %v", got)
	}
}
