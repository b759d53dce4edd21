package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cadrehq/cadre/internal/store"
)

// smallDisk mounts a tmpfs of size bytes for the test (root only), or
// skips; .ci/run sets CADRE_MOUNT_TESTS_REQUIRED=1 so CI never skips.
func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	_ = os.MkdirAll(dir, 0o755)
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		if os.Getenv("CADRE_MOUNT_TESTS_REQUIRED") == "1" {
			t.Fatalf("mount a small disk: %v %s", err, out)
		}
		t.Skipf("cannot mount a small disk (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// TestDiskFullAndReadOnly runs Cadre on a small disk: when the disk fills
// up, a write is refused with a clear 503 (problem+json in the API, a
// page in the UI) and nothing half-written, reads and sign-in keep
// working, the database stays intact, and writes work again once space
// returns. The same when the disk becomes read-only, and after it is
// writable again.
func TestDiskFullAndReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, "40m")
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "cadre.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, db, 60, 7)
	tok := e.token("generalist@example.com")
	gen := e.login("generalist@example.com")
	emp := itoa(e.actorOf("employee@example.com").EmployeeID)
	upload := func(name string) (int, map[string]any) {
		t.Helper()
		st, raw := uploadFile(t, e, tok, "/api/v1/employees/"+emp+"/documents", name, append([]byte("%PDF-1.4 "), bytes.Repeat([]byte("x"), 256<<10)...), map[string]string{"category": "contract"})
		out := map[string]any{}
		_ = json.Unmarshal(raw, &out)
		return st, out
	}
	documents := func() string {
		v, _, err := db.Lookup(ctx, `SELECT count(*) FROM documents WHERE employee_id = ?`, emp)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	intact := func(when string) {
		t.Helper()
		if v, _, err := db.Lookup(ctx, `PRAGMA integrity_check`); err != nil || v != "ok" {
			t.Fatalf("%s: integrity_check %v %s", when, err, v)
		}
	}
	readsWork := func(when string) {
		t.Helper()
		if res := gen.get("/people"); res.StatusCode != http.StatusOK {
			t.Errorf("%s: the directory: %d", when, res.StatusCode)
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/employees/"+emp, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: an employee through the API: %d", when, res.StatusCode)
		}
	}
	if s, _ := upload("before.pdf"); s != http.StatusCreated {
		t.Fatalf("upload with space: %d", s)
	}
	before := documents()

	// Fill the disk.
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	// The database file and its WAL may have room left inside them: write
	// until the disk says no.
	s, prob := http.StatusCreated, map[string]any{}
	stored := 0
	for i := 0; i < 400 && s == http.StatusCreated; i++ {
		if s, prob = upload("full.pdf"); s == http.StatusCreated {
			stored++
		}
	}
	if s != http.StatusServiceUnavailable || !strings.Contains(fmt.Sprint(prob["detail"]), "out of disk space") {
		t.Fatalf("upload on a full disk (after %d more fit): %d %v", stored, s, prob)
	}
	before = itoa(int64(mustAtoi(t, before) + stored))
	// A form in the UI says the same, on a page. A contact is far smaller
	// than the upload that no longer fit, and may still fit in the pages
	// SQLite has free: add them until the disk says no.
	var res *http.Response
	var body []byte
	for i := 0; i < 2000; i++ {
		res = gen.post("/people/"+emp+"/contacts", map[string][]string{"name": {"Sam Brooks"}, "relationship": {"Spouse"}, "phone": {"555-201-0100"}})
		body, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			break
		}
	}
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "out of disk space") {
		t.Errorf("a form on a full disk: %d", res.StatusCode)
	}
	if documents() != before {
		t.Error("a refused upload left a row")
	}
	readsWork("disk full")
	intact("disk full")

	// Space returns: the same upload works.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if s, _ := upload("after.pdf"); s != http.StatusCreated {
		t.Fatalf("upload once space returned: %d", s)
	}
	intact("space returned")

	intact("space returned")

	// A read-only disk: Cadre says so when it starts, and starts once the
	// disk is writable again. (A mounted disk cannot turn read-only under
	// an open database; an operator's remount happens between runs.)
	e.srv.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	_, err = store.Open(ctx, "sqlite:"+filepath.Join(dir, "cadre.db"))
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("opening a read-only database: %v", err)
	}
	if out, err := exec.Command("mount", "-o", "remount,rw", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount writable: %v %s", err, out)
	}
	db2, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "cadre.db"))
	if err != nil {
		t.Fatalf("opening once writable: %v", err)
	}
	defer db2.Close()
	if v, _, err := db2.Lookup(ctx, `PRAGMA integrity_check`); err != nil || v != "ok" {
		t.Fatalf("integrity_check once writable: %v %s", err, v)
	}
	if n, _, _ := db2.Lookup(ctx, `SELECT count(*) FROM documents WHERE employee_id = ?`, emp); mustAtoi(t, n) != mustAtoi(t, before)+1 {
		t.Errorf("documents after the restart: %s, want %d", n, mustAtoi(t, before)+1)
	}
}
