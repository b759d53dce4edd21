package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/loadtest"
	"github.com/cadrehq/cadre/internal/store"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildCadre builds the cadre binary once for the package's tests.
func buildCadre(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cadre-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "cadre")
		if out, err := exec.Command("go", "build", "-o", builtBin, "../../cmd/cadre").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestCrashSafety kills `cadre serve` with SIGKILL at a random moment
// while it takes open-enrollment elections, time-off requests (each an
// approval request) and employee imports, five times over, restarting it
// on the same SQLite data directory each time. After every kill: the
// database passes integrity_check and foreign_key_check, every write the
// server acknowledged is there as acknowledged, every import is all of
// its rows or none (never half), and the audit hash chain verifies.
func TestCrashSafety(t *testing.T) {
	if raceOn {
		t.Skip("the crash test runs a separate binary; the plain run covers it")
	}
	ctx := context.Background()
	bin := buildCadre(t)
	dir := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--data", dir, "--employees", "400"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("demo: %s", errb.String())
	}
	dbPath := filepath.Join(dir, "cadre.db")
	db, err := store.Open(ctx, "sqlite:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const rounds, perRound = 5, 40
	setup, err := loadtest.Provision(ctx, db, rounds*perRound)
	if err != nil {
		t.Fatal(err)
	}
	svc := access.NewService(db.Access(), kit.SystemClock{})
	genToken, err := svc.CreateTokenForEmail(ctx, "generalist@example.com", access.TokenRequest{Name: "crash test"})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	type importRun struct {
		emails []string
		acked  bool
	}
	var imports []importRun
	var acked loadtest.Report
	for round := 0; round < rounds; round++ {
		srv, err := loadtest.Spawn(ctx, bin, []string{"--data", dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		var rep loadtest.Report
		part := setup
		part.Employees = setup.Employees[round*perRound : (round+1)*perRound]
		wg.Add(2)
		go func() {
			defer wg.Done()
			rep, _ = loadtest.Run(runCtx, loadtest.Config{BaseURL: srv.URL, Duration: 20 * time.Second, Concurrency: 6, Seed: uint64(round + 1),
				Client: &http.Client{Timeout: 5 * time.Second}}, part)
		}()
		var mu sync.Mutex
		go func() {
			defer wg.Done()
			for i := 0; runCtx.Err() == nil; i++ {
				emails := make([]string, 8)
				var csv strings.Builder
				csv.WriteString("given_name,family_name,work_email,hire_date,department,location,job_title,pay_amount,pay_per\n")
				for j := range emails {
					emails[j] = fmt.Sprintf("crash.r%di%dj%d@northwind.example", round, i, j)
					fmt.Fprintf(&csv, "Crash,Tester%d,%s,%s,Customer Support,\"Austin, TX\",Customer Support Specialist I,21.50,hour\n", j, emails[j], time.Now().UTC().AddDate(0, 0, 14).Format("2006-01-02"))
				}
				st := postImport(srv.URL, genToken, csv.String())
				mu.Lock()
				imports = append(imports, importRun{emails: emails, acked: st == http.StatusCreated})
				mu.Unlock()
				if st != http.StatusCreated && st != 0 {
					t.Errorf("import: status %d", st)
				}
			}
		}()
		time.Sleep(time.Duration(300+rng.IntN(2500)) * time.Millisecond)
		srv.Kill()
		cancel()
		wg.Wait()
		acked.Elections = append(acked.Elections, rep.Elections...)
		acked.TimeOff = append(acked.TimeOff, rep.TimeOff...)
		t.Logf("round %d: killed after %d requests (%d elections, %d time-off requests acknowledged)", round+1, rep.Requests, len(rep.Elections), len(rep.TimeOff))

		// The database as the crash left it.
		raw, err := sql.Open("sqlite", "file:"+dbPath)
		if err != nil {
			t.Fatal(err)
		}
		var ok string
		if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("round %d: integrity_check: %v %s", round+1, err, ok)
		}
		rows, err := raw.Query(`PRAGMA foreign_key_check`)
		if err != nil {
			t.Fatal(err)
		}
		if rows.Next() {
			t.Errorf("round %d: foreign key violations after the crash", round+1)
		}
		rows.Close()
		raw.Close()
		problems, err := loadtest.Verify(ctx, db, acked)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("round %d: lost an acknowledged write: %s", round+1, p)
		}
		for _, im := range imports {
			n := 0
			for _, e := range im.emails {
				if v, _, _ := db.Lookup(ctx, `SELECT count(*) FROM employees WHERE work_email = ?`, e); v == "1" {
					n++
				}
			}
			if n != 0 && n != len(im.emails) {
				t.Errorf("round %d: an import is half written: %d of %d rows", round+1, n, len(im.emails))
			}
			if im.acked && n != len(im.emails) {
				t.Errorf("round %d: an acknowledged import lost rows: %d of %d", round+1, n, len(im.emails))
			}
		}
		var verr bytes.Buffer
		if code := Main(ctx, []string{"audit", "verify", "--data", dir}, getenv, nil, &out, &verr); code != 0 {
			t.Fatalf("round %d: audit chain: %s", round+1, verr.String())
		}
	}
	ackImports := 0
	for _, im := range imports {
		if im.acked {
			ackImports++
		}
	}
	if len(acked.Elections) == 0 || ackImports == 0 {
		t.Fatalf("the crashes left nothing to check: %d elections, %d imports acknowledged", len(acked.Elections), ackImports)
	}
	t.Logf("%d kills; %d elections, %d time-off requests and %d of %d imports acknowledged, all there", rounds, len(acked.Elections), len(acked.TimeOff), ackImports, len(imports))
}

// postImport sends an employee import; 0 when the server did not answer.
func postImport(base, token, csv string) int {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "hires.csv")
	_, _ = fw.Write([]byte(csv))
	w.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/employees/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// TestMain removes the binary the crash and backup tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		_ = os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// fingerprint counts the rows of every table of a SQLite file and hashes
// their contents in rowid order.
func fingerprint(t *testing.T, path string) (map[string]int, string) {
	t.Helper()
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	counts := map[string]int{}
	h := sha256.New()
	for _, tb := range tables {
		rs, err := d.Query(`SELECT * FROM "` + tb + `" ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%v\n", tb, vals)
			counts[tb]++
		}
		rs.Close()
	}
	return counts, fmt.Sprintf("%x", h.Sum(nil))
}

// TestBackupRestoreUnderLoad takes a backup with `cadre backup` while
// `cadre serve` takes elections and time-off requests, restores it into
// a fresh data directory with the key, and compares: the restored
// database has the backup's every table with the same row counts and
// content hash, passes integrity_check, its audit chain verifies, and
// every write acknowledged before the backup began is in it.
func TestBackupRestoreUnderLoad(t *testing.T) {
	if raceOn {
		t.Skip("runs a separate binary; the plain run covers it")
	}
	ctx := context.Background()
	bin := buildCadre(t)
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--data", dir, "--employees", "300"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("demo: %s", errb.String())
	}
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "cadre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	setup, err := loadtest.Provision(ctx, db, 150)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := loadtest.Spawn(ctx, bin, []string{"--data", dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rep loadtest.Report
	var runErr error
	done := make(chan struct{})
	go func() {
		rep, runErr = loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Duration: 6 * time.Second, Concurrency: 6, Seed: 3}, setup)
		close(done)
	}()
	time.Sleep(2500 * time.Millisecond)
	backup := filepath.Join(t.TempDir(), "backup.db")
	began := time.Now()
	if code := Main(ctx, []string{"backup", "--data", dir, "--out", backup}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("backup under load: %s", errb.String())
	}
	took := time.Since(began)
	<-done
	if err := srv.Stop(); err != nil {
		t.Logf("stop: %v", err)
	}
	if runErr != nil {
		t.Fatal(runErr)
	}
	if rep.Errors != 0 {
		t.Errorf("%d errors during the backup: %v", rep.Errors, rep.ErrorSamples)
	}
	before := rep.Before(began)
	if len(before.Elections) == 0 {
		t.Fatal("no write was acknowledged before the backup began")
	}

	fresh := filepath.Join(t.TempDir(), "restored")
	_ = os.MkdirAll(fresh, 0o750)
	key, _ := os.ReadFile(filepath.Join(dir, "secret.key"))
	_ = os.WriteFile(filepath.Join(fresh, "secret.key"), key, 0o600)
	if code := Main(ctx, []string{"restore", "--data", fresh, "--in", backup}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("restore: %s", errb.String())
	}
	bc, bh := fingerprint(t, backup)
	rc, rh := fingerprint(t, filepath.Join(fresh, "cadre.db"))
	if bh != rh || len(bc) != len(rc) {
		t.Fatalf("the restored database differs from the backup: %d tables vs %d", len(bc), len(rc))
	}
	for tb, n := range bc {
		if rc[tb] != n {
			t.Errorf("%s: %d rows in the backup, %d restored", tb, n, rc[tb])
		}
	}
	rdb, err := store.Open(ctx, "sqlite:"+filepath.Join(fresh, "cadre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if v, _, err := rdb.Lookup(ctx, `PRAGMA integrity_check`); err != nil || v != "ok" {
		t.Fatalf("integrity_check of the restore: %v %s", err, v)
	}
	problems, err := loadtest.Verify(ctx, rdb, before)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("acknowledged before the backup but not in it: %s", p)
	}
	if code := Main(ctx, []string{"audit", "verify", "--data", fresh}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("audit chain of the restore: %s", errb.String())
	}
	t.Logf("backup under load in %s: %d tables, %d employees, %d elections acknowledged before it, content hash %s…", took.Round(time.Millisecond), len(bc), bc["employees"], len(before.Elections), bh[:12])
}
