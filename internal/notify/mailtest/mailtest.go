// Package mailtest runs a real SMTP capture server (mailpit) for tests and
// reads the captured messages back through its HTTP API.
//
// mailpit is found at $CADRE_MAILPIT, else on PATH, in $GOBIN, $GOPATH/bin
// or ~/go/bin (install it with `go install github.com/axllent/mailpit@v1.33.1`). When it is
// missing, tests that need it skip, unless CADRE_MAILPIT_REQUIRED=1 (set
// by .ci/run), which makes them fail.
package mailtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configure a server.
type Options struct {
	// SMTPPort listens on a given port (see FreePort), so a test can point
	// a mailer at it before the server starts. Zero picks a free port.
	SMTPPort int
	// AllowedRecipients is a regular expression: SMTP recipients that do
	// not match are refused with "550 5.1.0 mailbox unavailable".
	AllowedRecipients string
}

// Server is a running mailpit.
type Server struct {
	Host     string // SMTP host, 127.0.0.1
	SMTPPort int
	API      string // base URL of the HTTP API, such as http://127.0.0.1:PORT

	cmd  *exec.Cmd
	log  *lockedBuffer
	once sync.Once
	done chan struct{}
}

// Binary returns mailpit's path, or "" when it is not installed.
// CADRE_MAILPIT, when set, names the binary and nothing else is tried.
func Binary() string {
	if p := os.Getenv("CADRE_MAILPIT"); p != "" {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		return ""
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("GOPATH"); d != "" {
		dirs = append(dirs, filepath.Join(d, "bin"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(h, "go", "bin"))
	}
	dirs = append(dirs, "/root/go/bin")
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// Require skips the test when mailpit is not installed, or fails it when
// CADRE_MAILPIT_REQUIRED=1. It returns mailpit's path.
func Require(t testing.TB) string {
	t.Helper()
	p := Binary()
	if p == "" {
		if os.Getenv("CADRE_MAILPIT_REQUIRED") == "1" {
			t.Fatal("CADRE_MAILPIT_REQUIRED=1 but mailpit is not installed (go install github.com/axllent/mailpit@v1.33.1)")
		}
		t.Skip("mailpit not installed (go install github.com/axllent/mailpit@v1.33.1)")
	}
	return p
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start runs mailpit until the test ends (or Stop), waiting until both its
// SMTP and HTTP ports answer.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := Require(t)
	var lastErr error
	for try := 0; try < 3; try++ {
		s, err := start(t, bin, opts)
		if err == nil {
			t.Cleanup(s.Stop)
			return s
		}
		lastErr = err
		if opts.SMTPPort != 0 && try == 1 {
			break // a fixed port that stays busy will not free itself
		}
	}
	t.Fatalf("mailpit: %v", lastErr)
	return nil
}

func start(t testing.TB, bin string, opts Options) (*Server, error) {
	smtpPort := opts.SMTPPort
	if smtpPort == 0 {
		smtpPort = FreePort(t)
	}
	httpPort := FreePort(t)
	args := []string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(smtpPort),
		"--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--smtp-disable-rdns", "--disable-version-check", "--quiet",
	}
	if opts.AllowedRecipients != "" {
		args = append(args, "--smtp-allowed-recipients", opts.AllowedRecipients)
	}
	s := &Server{
		Host: "127.0.0.1", SMTPPort: smtpPort,
		API: "http://127.0.0.1:" + strconv.Itoa(httpPort),
		log: &lockedBuffer{}, done: make(chan struct{}),
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return nil, fmt.Errorf("exited early: %s", s.log.String())
		default:
		}
		if s.ready() {
			return s, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("not ready after 15s: %s", s.log.String())
}

func (s *Server) ready() bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.SMTPPort)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	resp, err := http.Get(s.API + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Stop kills mailpit (a test can use it to take SMTP down). It is safe to
// call more than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.cmd.Process != nil {
			_ = s.cmd.Process.Kill()
		}
		<-s.done
	})
}

// lockedBuffer collects mailpit's output; exec writes it from another
// goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Address is a message address in mailpit's API.
type Address struct {
	Name    string
	Address string
}

// Summary is one message in the list.
type Summary struct {
	ID          string
	MessageID   string
	From        Address
	To          []Address
	Subject     string
	Snippet     string
	Attachments int
}

// Recipients returns the To addresses.
func (m Summary) Recipients() []string {
	var out []string
	for _, a := range m.To {
		out = append(out, a.Address)
	}
	return out
}

// Part is an attachment or inline part.
type Part struct {
	PartID      string
	FileName    string
	ContentType string
	Size        int
}

// Message is one captured message with its bodies.
type Message struct {
	ID          string
	MessageID   string
	From        Address
	To          []Address
	Subject     string
	Text        string
	HTML        string
	Attachments []Part
	Inline      []Part
}

// Messages lists every captured message, newest first.
func (s *Server) Messages(t testing.TB) []Summary {
	t.Helper()
	var res struct {
		Messages []Summary `json:"messages"`
	}
	s.getJSON(t, "/api/v1/messages?limit=1000", &res)
	return res.Messages
}

// Message returns one message with its text and HTML bodies.
func (s *Server) Message(t testing.TB, id string) Message {
	t.Helper()
	var m Message
	s.getJSON(t, "/api/v1/message/"+url.PathEscape(id), &m)
	return m
}

// Headers returns a message's header fields.
func (s *Server) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	h := map[string][]string{}
	s.getJSON(t, "/api/v1/message/"+url.PathEscape(id)+"/headers", &h)
	return h
}

// Raw returns a message's source as received.
func (s *Server) Raw(t testing.TB, id string) string {
	t.Helper()
	return string(s.get(t, "/api/v1/message/"+url.PathEscape(id)+"/raw"))
}

// PartBody returns the content of an attachment or inline part.
func (s *Server) PartBody(t testing.TB, id, partID string) []byte {
	t.Helper()
	return s.get(t, "/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(partID))
}

// DeleteAll removes every captured message.
func (s *Server) DeleteAll(t testing.TB) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, s.API+"/api/v1/messages", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit delete: %s", resp.Status)
	}
}

// Wait polls until cond holds for the captured messages, or fails the test
// after timeout. It returns the messages that satisfied cond.
func (s *Server) Wait(t testing.TB, timeout time.Duration, cond func([]Summary) bool) []Summary {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ms := s.Messages(t)
		if cond(ms) {
			return ms
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit: condition not met after %v; have %d messages: %s", timeout, len(ms), subjects(ms))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitTo waits for the first message to addr and returns it with bodies.
func (s *Server) WaitTo(t testing.TB, addr string, timeout time.Duration) Message {
	t.Helper()
	ms := s.Wait(t, timeout, func(ms []Summary) bool { return len(To(ms, addr)) > 0 })
	return s.Message(t, To(ms, addr)[0].ID)
}

// To filters messages sent to addr.
func To(ms []Summary, addr string) []Summary {
	var out []Summary
	for _, m := range ms {
		for _, a := range m.To {
			if strings.EqualFold(a.Address, addr) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

func subjects(ms []Summary) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%q to %v", m.Subject, m.Recipients())
	}
	return b.String()
}

func (s *Server) get(t testing.TB, path string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.API+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit GET %s: %s: %s", path, resp.Status, b)
	}
	return b
}

func (s *Server) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(s.get(t, path), v); err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
}
