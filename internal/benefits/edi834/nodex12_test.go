package edi834

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// x12check returns the command that runs tools/x12check on files, or
// skips the test when Node or the checker's packages are missing, unless
// CADRE_X12_REQUIRED=1 asks for the check to be mandatory.
func x12check(t *testing.T) func(files ...string) ([]byte, error) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "tools", "x12check"))
	if err != nil {
		t.Fatal(err)
	}
	missing := ""
	node, err := exec.LookPath("node")
	switch {
	case err != nil:
		missing = "node is not installed"
	case fileMissing(filepath.Join(dir, "check.js")):
		missing = "tools/x12check/check.js is missing"
	case fileMissing(filepath.Join(dir, "node_modules", "node-x12", "package.json")):
		missing = "tools/x12check/node_modules is missing (run: cd tools/x12check && npm ci)"
	}
	if missing != "" {
		if os.Getenv("CADRE_X12_REQUIRED") == "1" {
			t.Fatalf("%s, and CADRE_X12_REQUIRED=1 makes the X12 parser check mandatory", missing)
		}
		t.Skipf("skipping the node-x12 check: %s (set CADRE_X12_REQUIRED=1 to make this an error)", missing)
	}
	return func(files ...string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, append([]string{filepath.Join(dir, "check.js")}, files...)...)
		cmd.Dir = dir
		return cmd.CombinedOutput()
	}
}

func fileMissing(path string) bool {
	_, err := os.Stat(path)
	return err != nil
}

// TestNodeX12Parses parses what Build writes with node-x12's strict
// parser (tools/x12check), an X12 implementation independent of this
// package, and makes sure that parser does reject broken files.
func TestNodeX12Parses(t *testing.T) {
	run := x12check(t)
	tmp := t.TempDir()

	var paths []string
	wantINS := map[string]int{}
	for _, tc := range goldenCases() {
		for _, o := range []Options{{Newlines: true}, {}} {
			out, err := BuildWith(tc.file, o)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(tmp, fmt.Sprintf("%s-newlines-%v.x12", tc.name, o.Newlines))
			if err := os.WriteFile(p, out, 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
			wantINS[p] = len(tc.file.Members)
		}
	}
	out, err := run(paths...)
	if err != nil {
		t.Fatalf("node-x12 rejected Build's output: %v\n%s", err, out)
	}
	for _, p := range paths {
		want := fmt.Sprintf("ok   %s: ST01=834 ", p)
		line := ""
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, want) {
				line = l
			}
		}
		if line == "" {
			t.Errorf("no line starting with %q in:\n%s", want, out)
			continue
		}
		if !strings.HasSuffix(line, fmt.Sprintf(" sets=1 INS=%d", wantINS[p])) {
			t.Errorf("node-x12 counted otherwise than Build wrote (%d INS): %s", wantINS[p], line)
		}
	}

	t.Run("rejects broken files", func(t *testing.T) {
		good, err := Build(fullFile())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, old, new, want string
		}{
			{"SE01 miscounts", "SE*47*0001~", "SE*46*0001~", "SE01 (46) does not match the number of segments in the transaction (47)"},
			{"SE02 differs", "SE*47*0001~", "SE*47*0002~", "SE02 (0002) does not match the value in ST02 (0001)"},
			{"IEA02 differs", "IEA*1*000000001~", "IEA*1*000000002~", "IEA02 (2) does not match the value in ISA13 (1)"},
			{"GE02 differs", "GE*1*1~", "GE*1*9~", "GE02 (9) does not match the value in GS06 (1)"},
			{"ISA one character short", "*ZZ*CADREDEMO      *", "*ZZ*CADREDEMO     *", "ISA segment is not the correct length"},
			{"no IEA", "IEA*1*000000001~\n", "", "no IEA trailer"},
			{"not an 834", "ST*834*", "ST*837*", "ST01=837, not 834"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if !bytes.Contains(good, []byte(tc.old)) {
					t.Fatalf("%q is not in the file", tc.old)
				}
				p := filepath.Join(tmp, strings.ReplaceAll(tc.name, " ", "-")+".x12")
				if err := os.WriteFile(p, bytes.Replace(good, []byte(tc.old), []byte(tc.new), 1), 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := run(p)
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 1 {
					t.Fatalf("x12check should exit 1 on a broken file, got %v:\n%s", err, out)
				}
				if !strings.Contains(string(out), "FAIL "+p+": ") || !strings.Contains(string(out), tc.want) {
					t.Errorf("x12check output should report %q:\n%s", tc.want, out)
				}
			})
		}
	})
}
