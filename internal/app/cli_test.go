package app

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func runMain(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := Main(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLIUsageAndVersion(t *testing.T) {
	if code, out, _ := runMain(t, "", nil, "version"); code != 0 || !strings.HasPrefix(out, "cadre ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, _ := runMain(t, "", nil); code != 2 {
		t.Fatalf("no args: %d", code)
	}
	if code, _, errs := runMain(t, "", nil, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown: %d %q", code, errs)
	}
	if code, _, errs := runMain(t, "", nil, "serve", "--debug-addr", "0.0.0.0:6060"); code != 2 || !strings.Contains(errs, "loopback") {
		t.Errorf("a profiler open to the network: %d %q", code, errs)
	}
	if code, _, _ := runMain(t, "", nil, "serve", "--bogus"); code != 2 {
		t.Fatalf("bad flag: %d", code)
	}
}

func TestCLIDemoUsersTokensBackupRestore(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	env := map[string]string{"CADRE_DATA": data}
	if code, out, errs := runMain(t, "", env, "demo", "--employees", "30", "--seed", "3"); code != 0 || !strings.Contains(out, "seeded Northwind Outfitters") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	if code, _, errs := runMain(t, "", env, "demo", "--employees", "30"); code != 1 || !strings.Contains(errs, "not empty") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("second demo: %d %q", code, errs)
	}
	if code, _, _ := runMain(t, "", env, "user", "create", "--email", "x@example.com"); code != 2 {
		t.Fatalf("missing flags: %d", code)
	}
	if code, _, errs := runMain(t, "short", env, "user", "create", "--email", "x@example.com", "--name", "X", "--role", "hr_manager"); code != 1 || !strings.Contains(errs, "password") {
		t.Fatalf("short password: %d %q", code, errs)
	}
	if code, out, errs := runMain(t, "a-long-enough-password\n", env, "user", "create", "--email", "dana@example.com", "--name", "Dana Reyes", "--role", "hr_manager", "--scope", "2"); code != 0 {
		t.Fatalf("user create: %d %q %q", code, out, errs)
	}
	code, out, errs := runMain(t, "", env, "token", "create", "--email", "dana@example.com")
	if code != 0 || !regexp.MustCompile(`^cadre_[A-Za-z0-9_-]{40,}\n$`).MatchString(out) {
		t.Fatalf("token: %d %q %q", code, out, errs)
	}
	if code, out, errs := runMain(t, "", env, "token", "create", "--email", "dana@example.com", "--scopes", "employees:read,org:read", "--rate-limit", "120"); code != 0 || !strings.HasPrefix(out, "cadre_") {
		t.Fatalf("scoped token: %d %q %q", code, out, errs)
	}
	if code, _, errs := runMain(t, "", env, "token", "create", "--email", "dana@example.com", "--scopes", "employees:read,everything"); code != 2 || !strings.Contains(errs, "Unknown scope everything") {
		t.Fatalf("bad scope: %d %q", code, errs)
	}
	if code, _, errs := runMain(t, "", env, "token", "create", "--email", "dana@example.com", "--rate-limit", "-5"); code != 2 || !strings.Contains(errs, "rate_limit") {
		t.Fatalf("bad rate limit: %d %q", code, errs)
	}
	if code, _, errs := runMain(t, "", env, "token", "create", "--email", "nobody@example.com"); code != 1 || !strings.Contains(errs, "no user") {
		t.Fatalf("token for nobody: %d %q", code, errs)
	}
	if code, out, _ := runMain(t, "", env, "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
	backup := filepath.Join(dir, "backup.db")
	if code, _, errs := runMain(t, "", env, "backup", "--out", backup); code != 0 {
		t.Fatalf("backup: %d %q", code, errs)
	}
	if code, _, _ := runMain(t, "", env, "backup", "--out", backup); code != 1 {
		t.Fatal("backup overwrote an existing file")
	}
	other := map[string]string{"CADRE_DATA": filepath.Join(dir, "restored")}
	// Without the key the backup was sealed with, a restore is refused: its
	// SSNs and case files could not be read.
	if code, _, errs := runMain(t, "", other, "restore", "--in", backup); code != 1 || !strings.Contains(errs, "secret.key") {
		t.Fatalf("restore without the key: %d %q", code, errs)
	}
	_ = os.MkdirAll(filepath.Join(dir, "restored"), 0o750)
	_ = os.WriteFile(filepath.Join(dir, "restored", "secret.key"), []byte("a-different-key-0123456789abcdef\n"), 0o600)
	if code, _, errs := runMain(t, "", other, "restore", "--in", backup); code != 1 || !strings.Contains(errs, "does not open") {
		t.Fatalf("restore with another key: %d %q", code, errs)
	}
	key, err := os.ReadFile(filepath.Join(data, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "restored", "secret.key"), key, 0o600)
	if code, _, errs := runMain(t, "", other, "restore", "--in", backup); code != 0 {
		t.Fatalf("restore: %d %q", code, errs)
	}
	if code, _, errs := runMain(t, "", other, "token", "create", "--email", "dana@example.com"); code != 0 {
		t.Fatalf("restored database lacks the user: %d %q", code, errs)
	}
	bogus := filepath.Join(dir, "bogus.db")
	_ = os.WriteFile(bogus, []byte("not a database"), 0o600)
	if code, _, _ := runMain(t, "", other, "restore", "--in", bogus); code != 1 {
		t.Fatal("restored a file that is not a database")
	}
}

// TestServeStartsAndShutsDown runs `cadre serve --demo` on a free port
// with the profiler on another, checks health and the profiler, and stops
// it through the context. A profiler address off the machine is refused.
func TestServeStartsAndShutsDown(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	env := map[string]string{"CADRE_DATA": data}
	go func() {
		done <- Main(ctx, []string{"serve", "--demo", "--employees", "40", "--addr", "127.0.0.1:0", "--debug-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var addr, prof string
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if m := regexp.MustCompile(`profiler on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			prof = m[1]
		}
		if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if addr == "" {
		t.Fatalf("serve printed no address: %v", lines)
	}
	res, err := http.Get(addr + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	res.Body.Close()
	if prof == "" {
		t.Fatalf("serve printed no profiler address: %v", lines)
	}
	if res, err := http.Get(prof + "goroutine?debug=1"); err != nil || res.StatusCode != 200 {
		t.Fatalf("profiler: %v %v", err, res)
	} else {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), "goroutine profile:") {
			t.Errorf("profiler answered %.200q", b)
		}
	}
	if res, err := http.Get(addr + "/debug/pprof/"); err == nil {
		if res.StatusCode == 200 {
			t.Error("the profiler is on the public address")
		}
		res.Body.Close()
	}
	if _, err := os.Stat(filepath.Join(data, "secret.key")); err != nil {
		t.Fatal("serve did not create a secret key")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
