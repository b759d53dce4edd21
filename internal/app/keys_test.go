package app

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// sealedValues opens every binary value of a SQLite file that the sealer
// opens: the plaintexts of the encrypted fields, by table.column.
func sealedValues(t *testing.T, path string, s *kit.Sealer) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND upper(p.type) = 'BLOB'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tb, c string
		if err := rows.Scan(&tb, &c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{tb, c})
	}
	rows.Close()
	out := map[string][]string{}
	for _, tc := range cols {
		vr, err := db.Query(`SELECT "` + tc[1] + `" FROM "` + tc[0] + `" WHERE "` + tc[1] + `" IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for vr.Next() {
			var v []byte
			if err := vr.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if p, err := s.Open(v); err == nil && len(p) > 0 {
				out[tc[0]+"."+tc[1]] = append(out[tc[0]+"."+tc[1]], string(p))
			}
		}
		vr.Close()
	}
	return out
}

var dateOnlyRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// TestEncryptedFieldsAndKeyRotation: the raw database file and a backup
// of the demo company hold no SSN, bank account, date of birth, ER case
// text, medical reason or secret in the clear; `cadre keys rotate`
// re-encrypts all of it under a new key (the old key then opens none of
// it), with the key in the data directory or in CADRE_SECRET_KEY, and
// refuses to run with a key that does not open the data.
func TestEncryptedFieldsAndKeyRotation(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--data", dir, "--employees", "60"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("demo: %d %s", code, errb.String())
	}
	keyOf := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	oldKey := keyOf("secret.key")
	oldSealer, _ := kit.NewSealer(oldKey)
	dbPath := filepath.Join(dir, "cadre.db")
	plain := sealedValues(t, dbPath, oldSealer)
	for _, col := range []string{"employees.ssn_enc", "employees.birth_date_enc", "employees.bank_enc", "benefit_dependents.birth_sealed", "i9_records.numbers_sealed"} {
		if len(plain[col]) == 0 {
			t.Errorf("the demo has no sealed values in %s", col)
		}
	}
	total := 0
	var cols []string
	for c, vs := range plain {
		total += len(vs)
		cols = append(cols, c)
	}
	sort.Strings(cols)
	t.Logf("sealed columns with values: %v", cols)

	// The raw files (database, WAL) and a backup: none of the plaintexts.
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code := Main(ctx, []string{"backup", "--data", dir, "--out", backup}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("backup: %s", errb.String())
	}
	var raw []byte
	for _, f := range []string{dbPath, dbPath + "-wal", backup} {
		b, _ := os.ReadFile(f)
		raw = append(raw, b...)
	}
	if len(raw) < 1<<20 {
		t.Fatalf("only %d bytes of database", len(raw))
	}
	checked := 0
	for col, vs := range plain {
		for _, v := range vs {
			// Dates of birth look like every other date in the file; they are
			// checked through the SSN and bank values of the same rows.
			if len(v) < 8 || dateOnlyRE.MatchString(v) {
				continue
			}
			needles := []string{v}
			if d := strings.ReplaceAll(v, "-", ""); len(d) == 9 && d != v {
				needles = append(needles, d) // an SSN without dashes
			}
			for _, n := range needles {
				if bytes.Contains(raw, []byte(n)) {
					t.Errorf("%s: %q is in the raw database file", col, n)
				}
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d plaintexts checked", checked)
	}
	t.Logf("%d sealed values in %d columns; %d distinctive plaintexts not in %d raw bytes", total, len(plain), checked, len(raw))

	// Rotation with the key in the data directory.
	out.Reset()
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("rotate: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "resealed") {
		t.Fatalf("rotate said: %s", out.String())
	}
	newKey := keyOf("secret.key")
	if newKey == oldKey || keyOf("secret.key.previous") != oldKey {
		t.Fatal("the key files were not swapped")
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key.next")); err == nil {
		t.Fatal("secret.key.next left behind")
	}
	newSealer, _ := kit.NewSealer(newKey)
	after := sealedValues(t, dbPath, newSealer)
	for col, vs := range plain {
		if strings.Join(after[col], "\x00") != strings.Join(vs, "\x00") {
			t.Errorf("%s: %d values before the rotation, %d open under the new key", col, len(vs), len(after[col]))
		}
	}
	if n := len(sealedValues(t, dbPath, oldSealer)); n != 0 {
		t.Errorf("the old key still opens values in %d columns", n)
	}

	// The server reads with the new key (and the previous one, kept).
	s, err := (&Config{Data: dir}).sealer(getenv, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Open(mustSealed(t, dbPath)); err != nil || len(v) == 0 {
		t.Fatalf("the server's sealer after rotation: %v", err)
	}

	// With CADRE_SECRET_KEY: the operator gives the new key.
	os.Remove(filepath.Join(dir, "secret.key.previous"))
	env["CADRE_SECRET_KEY"] = newKey
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code != 2 {
		t.Fatalf("rotate without a new key under CADRE_SECRET_KEY: exit %d", code)
	}
	third := "third-key-for-the-rotation-test-0123456789"
	env["CADRE_NEW_SECRET_KEY"] = third
	out.Reset()
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("rotate with CADRE_NEW_SECRET_KEY: %s", errb.String())
	}
	if !strings.Contains(out.String(), "CADRE_SECRET_KEY_PREVIOUS") {
		t.Errorf("no instructions for the operator: %s", out.String())
	}
	thirdSealer, _ := kit.NewSealer(third)
	if got := sealedValues(t, dbPath, thirdSealer); len(got["employees.ssn_enc"]) != len(plain["employees.ssn_enc"]) {
		t.Errorf("after the second rotation %d SSNs open under the new key, want %d", len(got["employees.ssn_enc"]), len(plain["employees.ssn_enc"]))
	}

	// A wrong current key opens nothing: refused, nothing changed.
	env["CADRE_SECRET_KEY"] = "a-key-that-never-sealed-anything-0123"
	env["CADRE_NEW_SECRET_KEY"] = "yet-another-key-0123456789abcdef"
	errb.Reset()
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "open under none of the keys") {
		t.Fatalf("rotate with a wrong key: exit %d %s", code, errb.String())
	}
	if got := sealedValues(t, dbPath, thirdSealer); len(got["employees.ssn_enc"]) != len(plain["employees.ssn_enc"]) {
		t.Error("a refused rotation changed values")
	}
}

func mustSealed(t *testing.T, path string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v []byte
	if err := db.QueryRow(`SELECT ssn_enc FROM employees WHERE ssn_enc IS NOT NULL LIMIT 1`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestResealOnBothDatabases rotates the key of a demo company on SQLite
// and PostgreSQL through the store (PostgreSQL finds rows by their
// primary keys and locks them), with the file store holding sealed ER
// evidence beside plain employee documents, and checks every value opens
// under the new key only, the plain files untouched.
func TestResealOnBothDatabases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnvWith(t, db, 40, 5) // sealed with the test key
		// A plain document and a sealed evidence file in the same column.
		emp := itoa(e.actorOf("employee@example.com").EmployeeID)
		if s, _ := uploadFile(t, e, e.token("generalist@example.com"), "/api/v1/employees/"+emp+"/documents", "contract.pdf", []byte("%PDF-1.4 plain document"), map[string]string{"category": "contract"}); s != http.StatusCreated {
			t.Fatalf("document: %d", s)
		}
		evidence := false
		for _, who := range []string{"generalist@example.com", "manager@example.com", "director@example.com"} {
			var ids []string
			if s, out, _ := e.api(who).do("GET", "/api/v1/cases", nil); s == http.StatusOK {
				items, _ := out["items"].([]any)
				for _, it := range items {
					if m, ok := it.(map[string]any); ok {
						ids = append(ids, fmt.Sprint(int64(m["id"].(float64))))
					}
				}
			}
			for _, id := range ids {
				if s, _ := uploadFile(t, e, e.token(who), "/api/v1/cases/"+id+"/evidence", "notes.pdf", []byte("%PDF-1.4 sealed evidence"), map[string]string{"title": "Interview notes"}); s == http.StatusCreated {
					evidence = true
					break
				}
			}
			if evidence {
				break
			}
		}
		if !evidence {
			t.Fatal("could not add ER evidence to any case")
		}
		both, _ := kit.NewSealer("reseal-new-key-0123456789", "web-test-secret-key-0123456789")
		rep, err := db.Reseal(ctx, both)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Resealed < 100 || rep.Current != 0 {
			t.Fatalf("first rotation: %+v", rep)
		}
		newS, _ := kit.NewSealer("reseal-new-key-0123456789")
		again, err := db.Reseal(ctx, newS)
		if err != nil {
			t.Fatal(err)
		}
		if again.Resealed != 0 || again.Current != rep.Resealed {
			t.Fatalf("second run: %d resealed, %d current; want 0 and %d", again.Resealed, again.Current, rep.Resealed)
		}
		if v, _, err := db.Lookup(ctx, `SELECT count(*) FROM blobs WHERE data = ?`, []byte("%PDF-1.4 plain document")); err != nil || v != "1" {
			t.Errorf("the plain document changed: %s %v", v, err)
		}
		oldS, _ := kit.NewSealer("web-test-secret-key-0123456789")
		if _, err := db.Reseal(ctx, oldS); err == nil || !strings.Contains(err.Error(), "open under none of the keys") {
			t.Fatalf("the old key alone: %v", err)
		}
	})
}

// uploadFile posts a multipart file with fields with an API token.
func uploadFile(t *testing.T, e *env, token, path, name string, data []byte, fields map[string]string) (int, []byte) {
	t.Helper()
	return uploadFileTo(t, e.srv.URL, token, path, name, data, fields)
}

// uploadFileTo is uploadFile to a server at base.
func uploadFileTo(t *testing.T, base, token, path, name string, data []byte, fields map[string]string) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", base+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestKeyRotationResumes: a rotation interrupted after it wrote the new
// key (secret.key.next) is finished with that same key by the next run,
// which never overwrites it; with secret.key gone but the rotation's
// files there, no command makes a new key over the data.
func TestKeyRotationResumes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--data", dir, "--employees", "40"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("demo: %s", errb.String())
	}
	pending := "the-key-of-an-interrupted-rotation-0123"
	if err := os.WriteFile(filepath.Join(dir, "secret.key.next"), []byte(pending+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("finish the rotation: %s", errb.String())
	}
	if !strings.Contains(out.String(), "finishing the interrupted rotation") {
		t.Errorf("did not say it finished a rotation: %s", out.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "secret.key")); strings.TrimSpace(string(b)) != pending {
		t.Fatal("the rotation did not finish with the pending key")
	}
	s, _ := kit.NewSealer(pending)
	if got := sealedValues(t, filepath.Join(dir, "cadre.db"), s); len(got["employees.ssn_enc"]) == 0 {
		t.Fatal("the pending key opens nothing")
	}
	// Lose secret.key: nothing makes a new one while the rotation's files
	// are there.
	if err := os.Remove(filepath.Join(dir, "secret.key")); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := Main(ctx, []string{"keys", "rotate", "--data", dir}, getenv, nil, &out, &errb); code == 0 || !strings.Contains(errb.String(), "no key to rotate") {
		t.Fatalf("rotate without secret.key: %d %s", code, errb.String())
	}
	if _, err := (&Config{Data: dir}).secretKey(getenv, &errb); err == nil {
		t.Fatal("a new key was made beside a rotation's files")
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); err == nil {
		t.Fatal("secret.key was created")
	}
}
